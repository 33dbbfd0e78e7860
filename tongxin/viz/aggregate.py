"""Keeping a view within its node budget: collapse places into their parents, then trim.

The rule, applied only while the graph has more nodes than the budget, one step at a time:

1. villages and communities are collapsed into their township (乡镇/街道) node;
2. then townships (and the township groups of step 1) into their county;
3. then counties into their city;
4. if the graph is still too large, the least-connected nodes are left out.

Highlighted nodes (the ego, the ends of a path) are never collapsed or left out, and nodes that are not
places (organisations, people, programs, claims, sources) are never collapsed. A place's parent is the
target of its PART_OF edge when that node is in the graph, else the node ``place:<code prefix>`` when
present, else a group node ``agg:<code prefix>`` made for the purpose. Edges to collapsed places are
redirected to the group and merged per (ends, type, program): the merged edge counts how many it stands
for and keeps the first provenance pairs. Each group node carries ``_agg`` with its counts
(members, Village, Community, Township, County, covered, coverage_known), and every step adds a note.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

import networkx as nx

# How many (source, evidence) pairs a merged edge keeps.
MAX_MERGED_PROVENANCE = 20

_CODE_IN_ID = re.compile(r"^place:(\d{2,12})$")


@dataclass(frozen=True)
class _Step:
    children: frozenset[str]
    parent_kind: str
    prefix: int
    label: str  # Chinese name of the parent level
    en: str


_STEPS: tuple[_Step, ...] = (
    _Step(frozenset({"Village", "Community"}), "Township", 9, "乡镇/街道", "township"),
    _Step(frozenset({"Township"}), "County", 6, "县/区", "county"),
    _Step(frozenset({"County"}), "City", 4, "市", "city"),
)

# Count words for the members of a group, in label order.
UNIT_WORDS: tuple[tuple[str, str], ...] = (
    ("County", "县区"),
    ("Township", "乡镇"),
    ("Village", "村"),
    ("Community", "社区"),
)


def place_code(node: str, attrs: Mapping[str, Any]) -> str | None:
    """The division code of a place node: its `code`, or the digits of a ``place:<code>`` id."""
    code = attrs.get("code")
    if isinstance(code, str) and code.isdigit():
        return code
    m = _CODE_IN_ID.match(str(node))
    return m.group(1) if m else None


def as_multidigraph(graph: nx.Graph) -> nx.MultiDiGraph:
    """A MultiDiGraph copy of any networkx graph (a copy even when it is one already)."""
    g = nx.MultiDiGraph()
    g.graph.update(graph.graph)
    g.add_nodes_from((n, dict(d)) for n, d in graph.nodes(data=True))
    if graph.is_multigraph():
        g.add_edges_from((u, v, k, dict(d)) for u, v, k, d in graph.edges(keys=True, data=True))
    else:
        g.add_edges_from((u, v, dict(d)) for u, v, d in graph.edges(data=True))
    return g


def group_summary(agg: Mapping[str, Any]) -> str:
    """'20乡镇·312村·12社区' for a group's counts."""
    parts = [f"{int(agg[k])}{word}" for k, word in UNIT_WORDS if int(agg.get(k, 0))]
    return "·".join(parts)


def aggregate(
    graph: nx.MultiDiGraph, node_budget: int, keep: Iterable[str] = ()
) -> tuple[nx.MultiDiGraph, list[str]]:
    """The graph within `node_budget` nodes, and the notes that say what was done (none if nothing)."""
    if node_budget < 1:
        raise ValueError("node_budget must be at least 1")
    if graph.number_of_nodes() <= node_budget:
        return graph, []
    keep_set = {k for k in keep if k in graph}
    g = graph
    notes: list[str] = []
    for step in _STEPS:
        if g.number_of_nodes() <= node_budget:
            break
        g, collapsed, groups = _collapse(g, step, keep_set)
        if collapsed:
            below = "村/社区" if step.prefix == 9 else ("乡镇/街道" if step.prefix == 6 else "县/区")
            below_en = {9: "villages/communities", 6: "townships", 4: "counties"}[step.prefix]
            notes.append(
                f"已聚合：{collapsed} 个{below}并入 {groups} 个{step.label}节点（节点上限 {node_budget}）。"
                f" Aggregated: {collapsed} {below_en} shown as {groups} {step.en} nodes"
                f" (node budget {node_budget})."
            )
    if g.number_of_nodes() > node_budget:
        g, omitted = _trim(g, node_budget, keep_set)
        notes.append(
            f"另有 {omitted} 个连接最少的节点未显示（节点上限 {node_budget}）。"
            f" {omitted} least-connected nodes are not shown (node budget {node_budget})."
        )
    return g, notes


def _parent_of(
    g: nx.MultiDiGraph, node: str, attrs: Mapping[str, Any], step: _Step
) -> tuple[str, str] | None:
    """(parent node id, parent code) for a place, or None if it has none to go to."""
    for _, target, data in g.out_edges(node, data=True):
        if data.get("type") == "PART_OF" and g.nodes[target].get("kind") == step.parent_kind:
            tattrs = g.nodes[target]
            return target, place_code(target, tattrs) or str(target)
    code = place_code(node, attrs)
    if code is None or len(code) <= step.prefix:
        return None
    prefix = code[: step.prefix]
    if f"place:{prefix}" in g:
        return f"place:{prefix}", prefix
    return f"agg:{prefix}", prefix


def _collapse(g: nx.MultiDiGraph, step: _Step, keep: set[str]) -> tuple[nx.MultiDiGraph, int, int]:
    mapping: dict[str, str] = {}
    new_groups: dict[str, dict[str, Any]] = {}
    counts: dict[str, Counter[str]] = {}
    for node, attrs in g.nodes(data=True):
        if attrs.get("kind") not in step.children or node in keep:
            continue
        parent = _parent_of(g, node, attrs, step)
        if parent is None:
            continue
        pid, pcode = parent
        mapping[node] = pid
        c = counts.setdefault(pid, Counter())
        agg = attrs.get("_agg")
        if isinstance(agg, Mapping):  # a group collapsing further: add up its counts
            for k, v in agg.items():
                c[k] += int(v)
        else:
            c["members"] += 1
            c[str(attrs.get("kind"))] += 1
            if isinstance(attrs.get("covered"), bool):
                c["coverage_known"] += 1
                c["covered"] += int(attrs["covered"])
        if pid not in g and pid not in new_groups:
            # A level name the query may have given the child (coverage_uncovered gives township/county).
            given = attrs.get(step.parent_kind.lower())
            name = given if isinstance(given, str) and given else f"{step.label} {pcode}"
            new_groups[pid] = {"kind": step.parent_kind, "name": name, "code": pcode}
    if not mapping:
        return g, 0, 0
    out = nx.MultiDiGraph()
    out.graph.update(g.graph)
    for node, attrs in g.nodes(data=True):
        if node not in mapping:
            out.add_node(node, **dict(attrs))
    for pid, attrs in new_groups.items():
        out.add_node(pid, **attrs)
    for pid, c in counts.items():
        prev = out.nodes[pid].get("_agg")
        total: Counter[str] = Counter()
        if isinstance(prev, Mapping):
            total.update({k: int(v) for k, v in prev.items()})
        total.update(c)
        out.nodes[pid]["_agg"] = dict(total)
    merged: dict[tuple[str, str, Any, Any], tuple[str, str, dict[str, Any]]] = {}
    for u, v, k, data in g.edges(keys=True, data=True):
        mu, mv = str(mapping.get(u, u)), str(mapping.get(v, v))
        if mu == mv:
            continue  # inside a group (the PART_OF edges of the collapsed places)
        if u not in mapping and v not in mapping:
            out.add_edge(u, v, key=k, **dict(data))
            continue
        mkey = (mu, mv, data.get("type"), _hashable(data.get("program")))
        if mkey not in merged:
            first = dict(data)
            first["count"] = int(data.get("count", 1) or 1)
            first["sources"] = list(data.get("sources") or [])[:MAX_MERGED_PROVENANCE]
            first["evidence"] = list(data.get("evidence") or [])[:MAX_MERGED_PROVENANCE]
            merged[mkey] = (mu, mv, first)
            continue
        acc = merged[mkey][2]
        acc["count"] += int(data.get("count", 1) or 1)
        _merge_provenance(acc, data)
        for prop in ("amount", "investment"):
            a, b = acc.get(prop), data.get(prop)
            if isinstance(a, int | float) and isinstance(b, int | float):
                acc[prop] = a + b
    for mu, mv, data in merged.values():
        data["aggregated"] = True
        out.add_edge(mu, mv, **data)
    return out, len(mapping), len(counts)


def _hashable(value: Any) -> Any:
    return tuple(value) if isinstance(value, list) else value


def _merge_provenance(acc: dict[str, Any], data: Mapping[str, Any]) -> None:
    sources: list[Any] = acc["sources"]
    evidence: list[Any] = acc["evidence"]
    seen = set(zip(sources, evidence, strict=False))
    new_sources = list(data.get("sources") or [])
    new_evidence = list(data.get("evidence") or [])
    for i, src in enumerate(new_sources):
        if len(sources) >= MAX_MERGED_PROVENANCE:
            break
        ev = new_evidence[i] if i < len(new_evidence) else ""
        if (src, ev) in seen:
            continue
        seen.add((src, ev))
        sources.append(src)
        evidence.append(ev)


def _trim(g: nx.MultiDiGraph, node_budget: int, keep: set[str]) -> tuple[nx.MultiDiGraph, int]:
    ranked = sorted(g.nodes, key=lambda n: (n not in keep, -g.degree(n), str(n)))
    chosen = set(ranked[: max(node_budget, len(keep))])
    out = nx.MultiDiGraph(g.subgraph(chosen))
    out.graph.update(g.graph)
    return out, g.number_of_nodes() - out.number_of_nodes()
