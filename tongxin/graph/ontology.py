"""The ontology: node kinds and edge types, loaded from ontology.yaml and cross-checked once.

Everything else asks the ontology what a kind is (its labels, its properties) and whether an edge may
join two kinds; nothing else hard-codes it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import Any

import yaml

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


@dataclass(frozen=True)
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

    @property
    def labels(self) -> list[str]:
        out = {"Entity"}
        for k in self.kinds.values():
            out.update(k.labels)
        return sorted(out)


def _props(raw: dict[str, Any] | None, where: str) -> dict[str, PropertySpec]:
    out: dict[str, PropertySpec] = {}
    for name, spec in (raw or {}).items():
        spec = spec or {}
        ptype = spec.get("type", "string")
        if ptype not in _TYPES:
            raise InvalidData(Problem(f"unknown property type {ptype!r}", f"{where}.{name}.type"))
        out[name] = PropertySpec(name, ptype, bool(spec.get("required", False)), spec.get("doc", ""))
    return out


def parse_ontology(raw: dict[str, Any], file: str = "ontology.yaml") -> Ontology:
    """Build and cross-check an ontology from its YAML form."""
    common = _props(raw.get("common_node_properties"), "common_node_properties")
    kinds: dict[str, NodeKind] = {}
    bases: dict[str, str] = {}
    for base, spec in raw["bases"].items():
        bases[base] = spec.get("doc", "")
        props = {**common, **_props(spec.get("properties"), f"bases.{base}")}
        subkinds = spec.get("kinds") or {}
        if not subkinds:
            kinds[base] = NodeKind(base, base, spec.get("doc", ""), props)
        for kname, kspec in subkinds.items():
            if kname in kinds or kname in raw["bases"]:
                raise InvalidData(Problem(f"kind {kname} declared twice", f"bases.{base}.kinds", file))
            kinds[kname] = NodeKind(kname, base, (kspec or {}).get("doc", ""), props)
    edge_common = _props(raw.get("common_edge_properties"), "common_edge_properties")
    edges: dict[str, EdgeType] = {}
    for ename, spec in raw["edges"].items():
        for end in ("from", "to"):
            for b in spec[end]:
                if b not in bases:
                    raise InvalidData(Problem(f"unknown base {b!r}", f"edges.{ename}.{end}", file))
        props = _props(spec.get("properties"), f"edges.{ename}")
        key = tuple(spec.get("key", ()))
        for k in key:
            if k not in props:
                raise InvalidData(Problem(f"key property {k!r} is not declared", f"edges.{ename}.key", file))
        edges[ename] = EdgeType(
            ename,
            spec.get("doc", ""),
            frozenset(spec["from"]),
            frozenset(spec["to"]),
            {**edge_common, **props},
            key,
            bool(spec.get("same_base", False)),
        )
    return Ontology(kinds, edges, bases, edge_common)


@cache
def load_ontology(path: Path = ONTOLOGY_FILE) -> Ontology:
    """The ontology from its YAML file (cached)."""
    with path.open(encoding="utf-8") as fh:
        return parse_ontology(yaml.safe_load(fh), str(path))
