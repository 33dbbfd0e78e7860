"""The ontology: node kinds and edge types, loaded from ontology.yaml and cross-checked once.

Everything else asks the ontology what a kind is (its labels, its properties) and whether an edge may
join two kinds; nothing else hard-codes it.
"""

from __future__ import annotations

import builtins
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import Any, Literal, get_args

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from tongxin.errors import InvalidData, Problem

ONTOLOGY_FILE = Path(__file__).with_name("ontology.yaml")

# Property types the ontology may declare, and the Python values each accepts.
_TYPES: dict[str, tuple[type, ...]] = {
    "string": (str,),
    "integer": (int,),
    "number": (int, float),
    "boolean": (bool,),
    "list[string]": (list,),
    "date": (str,),  # YYYY, YYYY-MM or YYYY-MM-DD, a real date (tongxin.graph.dates)
}


@dataclass(frozen=True)
class PropertySpec:
    name: str
    type: str
    required: bool = False
    doc: str = ""

    @property
    def exact_types(self) -> frozenset[builtins.type]:
        """The exact Python types of a value that fits without more ado (graph.model's quick check); a value
        of another type (a subclass, a boolean for a number) is left to `check`, which says what is wrong."""
        return frozenset(_TYPES[self.type])

    def check(self, value: Any) -> str | None:
        """Return why `value` does not fit this property, or None if it does."""
        if value is None:
            return "is required" if self.required else None
        accepted = _TYPES[self.type]
        if isinstance(value, bool) and self.type != "boolean":
            return f"must be {self.type}, got a boolean"
        if not isinstance(value, accepted):
            return f"must be {self.type}, got {type(value).__name__}"
        if isinstance(value, list) and not all(isinstance(v, str) for v in value):
            return "must be a list of strings"
        if self.type == "date":
            from tongxin.graph.dates import problem

            return problem(str(value))
        return None


@dataclass(frozen=True)
class NodeKind:
    name: str  # the kind label, e.g. Village
    base: str  # the base label, e.g. Place
    doc: str
    properties: dict[str, PropertySpec]
    # the kind's own properties (not the common ones) that each source states on its own (ontology.yaml:
    # the base's `per_source`; graph.writer keeps every source's value)
    stated: tuple[str, ...] = ()

    @property
    def labels(self) -> tuple[str, ...]:
        """Labels a node of this kind carries, most general first."""
        if self.name == self.base:
            return ("Entity", self.base)
        return ("Entity", self.base, self.name)


@dataclass(frozen=True)
class EdgeType:
    name: str
    doc: str
    from_bases: frozenset[str]
    to_bases: frozenset[str]
    properties: dict[str, PropertySpec]
    key: tuple[str, ...] = ()
    same_base: bool = False


@dataclass(frozen=True, eq=False)  # compared and hashed by identity: one object per loaded file
class Ontology:
    kinds: dict[str, NodeKind]
    edges: dict[str, EdgeType]
    bases: dict[str, str] = field(default_factory=dict)  # base -> doc
    edge_common: dict[str, PropertySpec] = field(default_factory=dict)

    def kind(self, name: str) -> NodeKind:
        try:
            return self.kinds[name]
        except KeyError:
            raise InvalidData(
                Problem(f"unknown node kind {name!r}; known: {', '.join(sorted(self.kinds))}", "kind")
            ) from None

    def edge(self, name: str) -> EdgeType:
        try:
            return self.edges[name]
        except KeyError:
            raise InvalidData(
                Problem(f"unknown edge type {name!r}; known: {', '.join(sorted(self.edges))}", "type")
            ) from None

    @cached_property
    def kind_of_prefix(self) -> dict[str, str]:
        """Node-id prefix (the kind in lower case) -> kind."""
        return {kind.lower(): kind for kind in self.kinds}

    def kinds_of_base(self, base: str) -> list[str]:
        return sorted(k.name for k in self.kinds.values() if k.base == base)

    def check_endpoints(self, edge: str, from_kind: str, to_kind: str) -> str | None:
        """Return why `edge` may not join these kinds, or None if it may."""
        et = self.edges[edge]
        fb, tb = self.kinds[from_kind].base, self.kinds[to_kind].base
        if fb not in et.from_bases:
            return f"{edge} cannot start at a {from_kind} ({fb}); allowed: {', '.join(sorted(et.from_bases))}"
        if tb not in et.to_bases:
            return f"{edge} cannot end at a {to_kind} ({tb}); allowed: {', '.join(sorted(et.to_bases))}"
        if et.same_base and fb != tb:
            return f"{edge} joins two nodes of the same base, not {fb} and {tb}"
        return None

    def can_join(self, edge: str, kind: str, other: str | None = None) -> bool:
        """Whether an `edge` may have a node of `kind` at either end (with one of `other` at the other end,
        if given): what a claim about such edges can count."""
        if edge not in self.edges or kind not in self.kinds:
            return False
        return any(self.check_endpoints(edge, kind, o) is None or self.check_endpoints(edge, o, kind) is None
                   for o in ([other] if other else self.kinds))

    @property
    def labels(self) -> list[str]:
        out = {"Entity"}
        for k in self.kinds.values():
            out.update(k.labels)
        return sorted(out)


# --- the file's form: pydantic models that validate ontology.yaml (and give its JSON Schema) ---------------
PropertyType = Literal["string", "integer", "number", "boolean", "list[string]", "date"]


def _none_is_empty(v: Any) -> Any:
    """`properties:` or `Park:` with nothing after it in the YAML: no declarations, not null."""
    return {} if v is None else {k: ({} if d is None else d) for k, d in v.items()} if isinstance(v, dict) else v


class _Decl(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PropertyDecl(_Decl):
    """A property: its type, whether every node or edge must have it, and what it means."""

    type: PropertyType = "string"
    required: bool = False
    doc: str = ""


class KindDecl(_Decl):
    """A kind under a base (Village under Place)."""

    doc: str = ""


class BaseDecl(_Decl):
    """A base label, its properties (on every kind under it) and its kinds; a base without kinds is its own."""

    doc: str = ""
    properties: dict[str, PropertyDecl] = Field(default_factory=dict)
    kinds: dict[str, KindDecl] = Field(default_factory=dict)
    per_source: bool = False  # many sources state its nodes: each one's values of `properties` are kept

    _empty = field_validator("properties", "kinds", mode="before")(_none_is_empty)


class EdgeDecl(_Decl):
    """An edge type: the bases it may start and end at, its properties, the properties that tell two edges
    of the type between the same nodes apart (`key`), and whether both ends must share a base."""

    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)
    doc: str = ""
    from_: list[str] = Field(alias="from", min_length=1)
    to: list[str] = Field(min_length=1)
    properties: dict[str, PropertyDecl] = Field(default_factory=dict)
    key: list[str] = Field(default_factory=list)
    same_base: bool = False

    _empty = field_validator("properties", mode="before")(_none_is_empty)


assert set(get_args(PropertyType)) == set(_TYPES), "PropertyType and _TYPES name the same types"


class OntologyFile(_Decl):
    """ontology.yaml as a whole. Cross-checks: no kind declared twice or named like a base, every edge end a
    declared base, every key property declared on its edge."""

    common_node_properties: dict[str, PropertyDecl] = Field(default_factory=dict)
    bases: dict[str, BaseDecl]
    common_edge_properties: dict[str, PropertyDecl] = Field(default_factory=dict)
    edges: dict[str, EdgeDecl]

    _empty = field_validator("common_node_properties", "common_edge_properties", "bases", "edges",
                             mode="before")(_none_is_empty)

    @model_validator(mode="after")
    def _cross_checked(self) -> OntologyFile:
        seen: dict[str, str] = {}
        for base, spec in self.bases.items():
            for kind in spec.kinds:
                if kind in seen or kind in self.bases:
                    raise ValueError(f"bases.{base}.kinds: kind {kind} declared twice")
                seen[kind] = base
        for name, edge in self.edges.items():
            for end, listed in (("from", edge.from_), ("to", edge.to)):
                for b in listed:
                    if b not in self.bases:
                        raise ValueError(f"edges.{name}.{end}: unknown base {b!r}")
            for k in edge.key:
                if k not in edge.properties:
                    raise ValueError(f"edges.{name}.key: key property {k!r} is not declared")
        return self


def _props(decls: dict[str, PropertyDecl]) -> dict[str, PropertySpec]:
    return {name: PropertySpec(name, d.type, d.required, d.doc) for name, d in decls.items()}


def parse_ontology(raw: dict[str, Any], file: str = "ontology.yaml") -> Ontology:
    """Validate an ontology's YAML form (OntologyFile) and build the Ontology the code asks. Raises
    InvalidData naming the file and the place in it."""
    try:
        decl = OntologyFile.model_validate(raw)
    except ValidationError as exc:
        raise InvalidData([Problem(e["msg"].removeprefix("Value error, "),
                                   ".".join(str(p) for p in e["loc"]), file) for e in exc.errors()]) from None
    common = _props(decl.common_node_properties)
    kinds: dict[str, NodeKind] = {}
    for base, spec in decl.bases.items():
        props = {**common, **_props(spec.properties)}
        stated = tuple(sorted(spec.properties)) if spec.per_source else ()
        if not spec.kinds:
            kinds[base] = NodeKind(base, base, spec.doc, props, stated)
        for kname, kspec in spec.kinds.items():
            kinds[kname] = NodeKind(kname, base, kspec.doc, props, stated)
    edge_common = _props(decl.common_edge_properties)
    edges = {
        name: EdgeType(name, spec.doc, frozenset(spec.from_), frozenset(spec.to),
                       {**edge_common, **_props(spec.properties)}, tuple(spec.key), spec.same_base)
        for name, spec in decl.edges.items()
    }
    return Ontology(kinds, edges, {base: spec.doc for base, spec in decl.bases.items()}, edge_common)


@cache
def load_ontology(path: Path = ONTOLOGY_FILE) -> Ontology:
    """The ontology from its YAML file (cached)."""
    with path.open(encoding="utf-8") as fh:
        return parse_ontology(yaml.safe_load(fh), str(path))
