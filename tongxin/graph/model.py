"""Nodes and edges as pydantic models, checked against the ontology.

A node's id is stable and deterministic: places are `place:<code>`; everything else is
`<kind>:<normalised name>[@<place code>]`, or `enterprise:<credit code>` when one is known. The kind
of any node can be read back from its id, so an edge can be checked without a lookup.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from tongxin.errors import InvalidData, Problem
from tongxin.graph import dates
from tongxin.graph.ontology import Ontology, load_ontology
from tongxin.places.codes import place_id, place_kind  # noqa: F401 — part of the model's vocabulary

Scalar = str | int | float | bool
PropValue = Scalar | list[str]

_WS = re.compile(r"\s+")
# Characters that show nothing (zero-width, soft hyphen, BOM) or reorder what follows (bidi controls): a
# name with one looks like the name without it, and must be the same name, not a look-alike second node.
INVISIBLE = re.compile("[\u00ad\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff]")


def strip_invisible(text: str) -> str:
    return INVISIBLE.sub("", text)


@lru_cache(maxsize=131_072)  # names repeat across rows and files; OpenCC is the cost
def normalise_name(name: str) -> str:
    """The form names are compared and keyed in: NFKC, no invisible or bidi control characters, simplified,
    no whitespace, lower-case."""
    from tongxin.textnorm import to_simplified

    text = INVISIBLE.sub("", unicodedata.normalize("NFKC", name))
    text = to_simplified(text)
    return _WS.sub("", text).lower()


def entity_id(kind: str, name: str, place_code: str | None = None) -> str:
    """A deterministic id for a non-place node: kind + normalised name + disambiguating place."""
    slug = normalise_name(name)
    if not slug:
        raise InvalidData(Problem("name is empty", "name"))
    base = f"{kind.lower()}:{slug}"
    return f"{base}@{place_code}" if place_code else base


def kind_of_id(node_id: str, ontology: Ontology | None = None) -> str:
    """Read a node's kind back from its id."""
    onto = ontology or load_ontology()
    prefix, sep, rest = node_id.partition(":")
    if not sep or not rest:
        raise InvalidData(Problem(f"malformed node id {node_id!r} (expected kind:name)", "id"))
    if prefix == "place":
        return place_kind(rest)
    kind = onto.kind_of_prefix.get(prefix)
    if kind is not None:
        return kind
    raise InvalidData(Problem(f"node id {node_id!r} names no known kind", "id"))


class Node(BaseModel):
    """A node to write: its kind (a label from the ontology), id, name and properties."""

    model_config = ConfigDict(frozen=False, extra="forbid")

    id: str
    kind: str
    name: str = Field(min_length=1)
    aliases: list[str] = Field(default_factory=list)
    props: dict[str, PropValue] = Field(default_factory=dict)
    sources: list[str] = Field(default_factory=list)

    @field_validator("name")
    @classmethod
    def _strip(cls, v: str) -> str:
        v = v.strip()
        if not v:
            raise ValueError("name is blank")
        return v


class Edge(BaseModel):
    """An edge to write, with its provenance: the source that states it and the quoted evidence."""

    model_config = ConfigDict(extra="forbid")

    type: str
    source: str  # id of the node the edge starts at
    target: str  # id of the node it ends at
    props: dict[str, PropValue] = Field(default_factory=dict)
    source_id: str = Field(min_length=1, description="id of the Source (report or ledger) stating it")
    evidence: str = Field(min_length=1, description="quoted evidence for this edge")

    @model_validator(mode="after")
    def _date_bounds(self) -> Edge:
        """Keep each date's integer bound next to it (`since` -> `since_lo`, `until` -> `until_hi`;
        tongxin.graph.dates): what the as-of queries compare. Always derived, never taken as given."""
        if "since" in self.props or "until" in self.props or "since_lo" in self.props or "until_hi" in self.props:
            for bound in dates.EDGE_BOUNDS.values():
                self.props.pop(bound, None)
            self.props.update(dates.edge_bounds(self.props))
        return self

    def key(self, ontology: Ontology) -> str:
        """The value that tells parallel edges of the same type apart (e.g. the program)."""
        et = ontology.edges[self.type]
        return "|".join(str(self.props.get(k, "")) for k in et.key)


def validate_node(node: Node, ontology: Ontology, where: str = "") -> list[Problem]:
    problems: list[Problem] = []
    f = f"{where}." if where else ""
    if node.kind not in ontology.kinds:
        return [Problem(f"unknown node kind {node.kind!r}", f"{f}kind")]
    try:
        id_kind = kind_of_id(node.id, ontology)
    except InvalidData as exc:
        return [Problem(p.message, f"{f}id") for p in exc.problems]
    if id_kind != node.kind:
        problems.append(Problem(f"id {node.id!r} denotes a {id_kind}, not a {node.kind}", f"{f}id"))
    spec = ontology.kinds[node.kind]
    for name, value in node.props.items():
        if name in ("id", "name", "aliases", "sources"):
            problems.append(Problem("set through the node's own field, not props", f"{f}props.{name}"))
            continue
        prop = spec.properties.get(name)
        if prop is None:
            problems.append(Problem(f"{node.kind} has no property {name!r}", f"{f}props.{name}"))
            continue
        why = prop.check(value)
        if why:
            problems.append(Problem(why, f"{f}props.{name}"))
    for name, prop in spec.properties.items():
        if prop.required and name not in ("id", "name") and node.props.get(name) is None:
            problems.append(Problem("is required", f"{f}props.{name}"))
    return problems


def validate_edge(edge: Edge, ontology: Ontology, where: str = "") -> list[Problem]:
    f = f"{where}." if where else ""
    if edge.type not in ontology.edges:
        return [Problem(f"unknown edge type {edge.type!r}", f"{f}type")]
    problems: list[Problem] = []
    kinds = []
    for end, nid in (("source", edge.source), ("target", edge.target)):
        try:
            kinds.append(kind_of_id(nid, ontology))
        except InvalidData as exc:
            problems.extend(Problem(p.message, f"{f}{end}") for p in exc.problems)
    if len(kinds) == 2:
        why = ontology.check_endpoints(edge.type, kinds[0], kinds[1])
        if why:
            problems.append(Problem(why, f"{f}type"))
    et = ontology.edges[edge.type]
    for name, value in edge.props.items():
        if name in ontology.edge_common:
            problems.append(Problem("provenance is set through source_id/evidence", f"{f}props.{name}"))
            continue
        prop = et.properties.get(name)
        if prop is None:
            allowed = ", ".join(k for k in et.properties if k not in ontology.edge_common) or "none"
            problems.append(
                Problem(f"{edge.type} has no property {name!r} (allowed: {allowed})", f"{f}props.{name}")
            )
            continue
        why = prop.check(value)
        if why:
            problems.append(Problem(why, f"{f}props.{name}"))
    for name, prop in et.properties.items():
        if prop.required and name not in ontology.edge_common and edge.props.get(name) is None:
            problems.append(Problem("is required", f"{f}props.{name}"))
    return problems


class _QuickCheck:
    """A yes-or-don't-know answer to "is this node/edge valid?", several times cheaper than validate_node
    and validate_edge for the common case of a valid one (bench: 68,424 pairings and 50,000 enterprises).

    `True` only where the full check finds no problem; anything unusual — an unknown kind, type or
    property, a value of another type, a missing required value, a malformed id — answers `False`, and
    validate_batch then runs the full check, which names the problem (or finds none)."""

    def __init__(self, onto: Ontology):
        self.onto = onto
        reserved = {"id", "name", "aliases", "sources"}
        self.node_props = {k: {n: p.exact_types for n, p in spec.properties.items() if n not in reserved}
                           for k, spec in onto.kinds.items()}
        self.node_required = {k: tuple(n for n, p in spec.properties.items()
                                       if p.required and n not in ("id", "name"))
                              for k, spec in onto.kinds.items()}
        self.edge_props = {t: {n: p.exact_types for n, p in et.properties.items() if n not in onto.edge_common}
                           for t, et in onto.edges.items()}
        self.edge_required = {t: tuple(n for n, p in et.properties.items()
                                       if p.required and n not in onto.edge_common)
                              for t, et in onto.edges.items()}
        self.endpoints: dict[tuple[str, str, str], bool] = {}
        # date properties: a text of the right type may still be no date (`2021-13`)
        self.node_dates = {k: tuple(n for n, p in spec.properties.items() if p.type == "date")
                           for k, spec in onto.kinds.items()}
        self.edge_dates = {t: tuple(n for n, p in et.properties.items() if p.type == "date")
                           for t, et in onto.edges.items()}

    def kind(self, node_id: str) -> str | None:
        try:
            return kind_of_id(node_id, self.onto)
        except InvalidData:
            return None

    @staticmethod
    def _props_ok(props: dict[str, Any], allowed: dict[str, frozenset[type]], required: tuple[str, ...],
                  date_props: tuple[str, ...] = ()) -> bool:
        for name in date_props:
            value = props.get(name)
            if type(value) is str and dates.problem(value) is not None:
                return False
        for name, value in props.items():
            types = allowed.get(name)
            if types is None or (value is not None and type(value) not in types):
                return False
            if type(value) is list and not all(type(v) is str for v in value):
                return False
        return not required or all(props.get(name) is not None for name in required)

    def node(self, node: Node) -> bool:
        allowed = self.node_props.get(node.kind)
        return (allowed is not None and self.kind(node.id) == node.kind
                and self._props_ok(node.props, allowed, self.node_required[node.kind], self.node_dates[node.kind]))

    def edge(self, edge: Edge) -> bool:
        allowed = self.edge_props.get(edge.type)
        if allowed is None:
            return False
        ends = (edge.type, self.kind(edge.source) or "", self.kind(edge.target) or "")
        ok = self.endpoints.get(ends)
        if ok is None:
            ok = self.endpoints[ends] = (bool(ends[1] and ends[2])
                                         and self.onto.check_endpoints(*ends) is None)
        return ok and self._props_ok(edge.props, allowed, self.edge_required[edge.type], self.edge_dates[edge.type])


@lru_cache(maxsize=8)  # one per ontology (compared by identity): the shipped one, and tests' own
def _quick_check(onto: Ontology) -> _QuickCheck:
    return _QuickCheck(onto)


def validate_batch(
    nodes: Iterable[Node], edges: Iterable[Edge], ontology: Ontology | None = None
) -> None:
    """Raise InvalidData listing every problem in the batch; return quietly if it is all valid.

    Each node and edge passes a quick check first (`_QuickCheck`); only those it cannot vouch for get the
    full check, which is what finds and names the problems."""
    onto = ontology or load_ontology()
    quick = _quick_check(onto)
    problems: list[Problem] = []
    for i, n in enumerate(nodes):
        if quick.node(n):
            continue
        found = validate_node(n, onto)
        if found:  # the location is spelt out only when there is something to say (most batches: never)
            problems.extend(Problem(p.message, f"nodes[{i}].{p.field}") for p in found)
    for i, e in enumerate(edges):
        if quick.edge(e):
            continue
        found = validate_edge(e, onto)
        if found:
            problems.extend(Problem(p.message, f"edges[{i}].{p.field}") for p in found)
    if problems:
        raise InvalidData(problems)


def as_props(node: Node) -> dict[str, Any]:
    """The properties written for a node besides its id, aliases and sources: its own and its name."""
    out: dict[str, Any] = dict(node.props)
    out["name"] = node.name
    return out
