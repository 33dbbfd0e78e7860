"""Subgraphs for views and exports, built from catalogue query results as networkx graphs.

Node keys are node ids, with attributes `kind`, `name` and the node's other properties; edges carry
`type`, their properties and their provenance (`sources`, `evidence`). This is the contract tongxin.viz
renders and exports.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import networkx as nx

from tongxin.graph.stores.base import GraphStore
from tongxin.queries.service import _kind, coverage, place_resolver, places_of, resolve_entity, run_named
from tongxin.textnorm import program_name

_CHUNK = 2000


def _add_nodes(store: GraphStore, g: nx.MultiDiGraph, ids: Iterable[str]) -> None:
    wanted = sorted(set(ids))
    for i in range(0, len(wanted), _CHUNK):
        _, rows = run_named(store, "nodes_by_id", {"ids": "\n".join(wanted[i : i + _CHUNK])})
        for r in rows:
            props = dict(r["props"])
            g.add_node(r["id"], kind=_kind(r["labels"]) or "Entity", **props)


def _add_edges(g: nx.MultiDiGraph, rows: Iterable[dict[str, Any]]) -> None:
    for r in rows:
        props = dict(r["props"])
        props.pop("key", None)
        g.add_edge(r["from"], r["to"], type=r["type"], **props)


def ego_graph(store: GraphStore, entity: str, depth: int = 1) -> nx.MultiDiGraph:
    node_id = resolve_entity(store, entity)
    _, rows = run_named(store, "neighbourhood", {"id": node_id, "depth": depth, "limit": 20000})
    g = nx.MultiDiGraph()
    _add_edges(g, rows)
    _add_nodes(store, g, [node_id, *g.nodes])
    g.graph["title"] = f"{g.nodes[node_id].get('name', node_id)} — neighbourhood (depth {depth})"
    g.graph["focus"] = node_id
    return g


def program_graph(store: GraphStore, program: str) -> nx.MultiDiGraph:
    program = program_name(program)  # as the loaders name it
    _, rows = run_named(store, "program_footprint", {"program": program, "limit": 50000})
    g = nx.MultiDiGraph()
    _add_edges(g, rows)
    _add_nodes(store, g, g.nodes)
    pid = next((n for n, d in g.nodes(data=True) if d.get("kind") == "Program" and d.get("name") == program), None)
    g.graph["title"] = f"{program} — program footprint"
    if pid:
        g.graph["focus"] = pid
    return g


LARGE_COVERAGE_VIEW = 200  # villages over which a coverage view points to the table (the web front's /area)


def coverage_graph(store: GraphStore, within: str, *, target: str = "village", partner: str = "Enterprise",
                   program: str | None = None) -> nx.MultiDiGraph:
    """A place's villages/communities (covered or not), their townships and their paired partners."""
    program = program_name(program) if program else None  # as the loaders name it
    body = coverage(store, within, target=target, partner=partner, program=program, limit=10000)
    code = place_resolver(places_of(store))(within)
    uncovered = {u.id for u in body.uncovered}
    # every target place within, and the pairings into them
    _, rows = run_named(store, "coverage_uncovered", {"within": code, "target": target, "partner": partner,
                                                      "program": program, "limit": 10000})
    g = nx.MultiDiGraph()
    _, pairs = run_named(store, "pairings_within", {"within": code, "target": target, "limit": 50000})
    for r in pairs:
        if partner != "any" and partner not in r["labels"]:
            continue
        if program and r["props"].get("program") != program:
            continue
        _add_edges(g, [r])
    _, places = run_named(store, "places_within", {"within": code, "target": target, "limit": 50000})
    for r in places:
        g.add_edge(r["id"], r["parent"], type="PART_OF", sources=[], evidence=[])
    _add_nodes(store, g, list(g.nodes))
    for n, d in g.nodes(data=True):
        if d.get("level") == target:
            d["covered"] = n not in uncovered
    for r in rows:
        if r["id"] in g:
            g.nodes[r["id"]]["covered"] = False
    rate = f"{body.rate:.0%}" if body.rate is not None else "–"
    g.graph["title"] = f"{body.within.name} — {target} coverage by {partner} ({body.covered}/{body.total}, {rate})"
    g.graph["focus"] = body.within.id
    if body.total > LARGE_COVERAGE_VIEW:
        g.graph["notes"] = [
            f"{body.within.name}有 {body.total} 个{'村' if target == 'village' else '社区'}：按乡镇汇总的覆盖表和未结对名单"
            f"见网页端 /area?within={body.within.code}（可下载）；放大查看村名，悬停查看详情。"
            f" {body.total} places: the coverage table by township and the uncovered list are at "
            f"/area?within={body.within.code}; zoom in for village names, hover for details."]
    return g


def path_graph(store: GraphStore, source: str, target: str, max_hops: int = 4) -> nx.MultiDiGraph:
    from tongxin.queries.service import paths

    body = paths(store, source, target, max_hops=max_hops, limit=20)
    g = nx.MultiDiGraph()
    seen = set()
    for p in body.paths:
        for e in p.edges:
            key = (e.source, e.type, e.target)
            if key in seen:
                continue
            seen.add(key)
            props = {k: v for k, v in e.model_dump().items() if k not in ("source", "target", "type") and v}
            g.add_edge(e.source, e.target, type=e.type, **props)
    _add_nodes(store, g, [body.source, body.target, *g.nodes])
    g.graph["title"] = f"paths: {g.nodes[body.source].get('name')} ↔ {g.nodes[body.target].get('name')}"
    g.graph["highlight"] = [body.source, body.target]
    if not body.paths:
        g.graph["notes"] = [f"no path of at most {max_hops} hops"]
    return g


def within_graph(store: GraphStore, within: str) -> nx.MultiDiGraph:
    """Everything paired, sited or claimed within a place (for exports): partners, places, claims."""
    code = place_resolver(places_of(store))(within)
    g = nx.MultiDiGraph()
    _, rows = run_named(store, "edges_within", {"within": code, "limit": 200000})
    _add_edges(g, rows)
    _add_nodes(store, g, g.nodes)
    g.graph["title"] = f"within {code}"
    return g
