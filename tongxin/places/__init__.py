"""The place backbone: the official division tree (:class:`Gazetteer`) and a place-name
:class:`Resolver`. See ``docs/places.md``."""

from tongxin.places.gazetteer import LEVELS, Gazetteer, GazetteerError, Level, Place
from tongxin.places.resolver import Candidate, Resolution, Resolver, format_resolution

__all__ = [
    "LEVELS",
    "Candidate",
    "Gazetteer",
    "GazetteerError",
    "Level",
    "Place",
    "Resolution",
    "Resolver",
    "format_resolution",
]
