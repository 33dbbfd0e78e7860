"""Answers to the questions users come with, built on the named-query catalogue.

The CLI and the API both call these functions and return the same pydantic bodies (tongxin.queries.bodies),
so `--json` prints exactly what the API returns. Paging (neighbours) and the choice of a network view
(view_graph) are made here too, not in a route or a command.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from tongxin.errors import BadParameter, NotFound
from tongxin.graph.placeset import resolver_for
from tongxin.graph.stores.base import GraphStore
from tongxin.graph.stores.cache import READ, cached_query, read_version
from tongxin.places.resolver import Resolution, Resolver
from tongxin.queries.bodies import (
    CoverageBody,
    EventBody,
    NeighbourEdge,
    NeighboursBody,
    NodeBody,
    Path_,
    PathEdge,
    PathNode,
    PathsBody,
    PlaceRef,
    QueryResultBody,
    RollupBody,
    RollupRow,
    SearchBody,
    SearchHit,
)
from tongxin.queries.registry import NamedQuery, Registry, load_registry

if TYPE_CHECKING:
    import networkx as nx


class UnknownPlace(NotFound):
    """A place parameter that does not resolve to one division."""

    def __init__(self, param: str, text: str, status: str, candidates: list[dict[str, Any]]):
        self.text, self.status = text, status
        what = "is ambiguous" if status == "ambiguous" else "was not found"
        super().__init__(f"{param}: place {text!r} {what}", param=param, candidates=candidates)


def candidate_list(res: Resolution) -> list[dict[str, Any]]:
    """The candidates of an ambiguous resolution, else its suggestions (near names, the given area first):
    what an error's `candidates` field lists."""
    items = res.candidates or res.suggestions or ()
    return [{"code": c.code, "name": c.name, "level": c.level, "path": c.path_text, "score": c.score,
             **({"note": c.note} if c.note else {})} for c in items[:10]]


def place_resolver(resolver: Resolver, param: str = "within"):  # type: ignore[no-untyped-def]
    """A function turning a place name, code or id into a division code of the places `resolver` covers
    (the graph's: tongxin.graph.placeset.resolver_for), or raising UnknownPlace."""

    def resolve(text: str) -> str:
        t = text.strip()
        if t.startswith("place:"):
            t = t.removeprefix("place:")
        if t.isdigit():
            if resolver.gazetteer.get(t) is None:
                raise UnknownPlace(param, text, "not_found", [])
            return t
        res = resolver.resolve(t)
        if res.status == "resolved" and res.code:
            return str(res.code)
        raise UnknownPlace(param, text, res.status, candidate_list(res))

    return resolve


def places_of(store: GraphStore) -> Resolver:
    """The resolver over the places `store`'s graph holds, as this process last read its record (an import
    by this process renews it; tongxin.graph.placeset)."""
    return resolver_for(store, reread=False)


def bind_named(name: str, raw: dict[str, Any], registry: Registry | None = None,
               resolver: Resolver | None = None, store: GraphStore | None = None) -> tuple[NamedQuery, dict[str, Any]]:
    """A named query and its checked Cypher parameters (a place parameter resolved to its code against
    `resolver`, by default the places of `store`)."""
    reg = registry or load_registry()
    query = reg.get(name)
    place_params = [p.name for p in query.params.values() if p.type == "place"]
    resolve = None
    if place_params:
        if resolver is None:
            if store is None:
                raise TypeError(f"{name}: a place parameter needs the graph's places (resolver= or store=)")
            resolver = places_of(store)
        resolve = place_resolver(resolver, place_params[0])
    return reg.bind(name, raw, resolve)


def run_bound(store: GraphStore, query: NamedQuery, params: dict[str, Any], timeout_ms: int | None = None,
              version: int | None = READ) -> tuple[list[str], list[dict[str, Any]]]:
    """Run a bound named query — from the store's result cache while the data is unchanged. `version=`
    (from `read_version`, read before the first of several queries) saves reading it for each."""
    result = cached_query(store, query.text_for(store.name), params, timeout_ms=timeout_ms, version=version)
    return result.columns, result.records()


def run_named(store: GraphStore, name: str, raw: dict[str, Any], registry: Registry | None = None,
              timeout_ms: int | None = None, version: int | None = READ) -> tuple[list[str], list[dict[str, Any]]]:
    """Run a named query with checked parameters; return its columns and records."""
    q, params = bind_named(name, raw, registry, store=store)
    return run_bound(store, q, params, timeout_ms, version)


def _kind(labels: list[str]) -> str | None:
    rest = [label for label in labels if label not in ("Entity", "Place", "Organisation")]
    return rest[0] if rest else (labels[-1] if labels else None)


def _place_ref(store: GraphStore, code: str) -> PlaceRef:
    """The place a resolved code names — from the gazetteer the code was resolved against (no query)."""
    place = places_of(store).gazetteer.get(code)
    return PlaceRef(id=f"place:{code}", code=code, name=place.name if place else code)


def coverage(store: GraphStore, within: str, *, target: str = "village", partner: str = "Enterprise",
             program: str | None = None, as_of: str | None = None, limit: int = 100,
             offset: int = 0, version: int | None = READ) -> CoverageBody:
    """`version`: the store's data version, read before any of the queries ran (default: read it here)."""
    args = {"within": within, "target": target, "partner": partner, "program": program, "as_of": as_of}
    summary_q, summary_p = bind_named("coverage_summary", args, store=store)  # resolves `within` (once)
    code = str(summary_p["within_code"])
    rows_q, rows_p = bind_named("coverage_uncovered", {**args, "within": code, "limit": limit, "offset": offset},
                                store=store)
    if version is READ:
        version = read_version(store)  # one version read for both queries
    _, summary = run_bound(store, summary_q, summary_p, version=version)
    _, rows = run_bound(store, rows_q, rows_p, version=version)
    total, covered = int(summary[0]["total"]), int(summary[0]["covered"])
    # the rows go in as maps: pydantic validates the page in one call instead of a model per row
    return CoverageBody(
        within=_place_ref(store, code), target=target, partner=partner, program=program,  # type: ignore[arg-type]
        as_of=as_of, total=total, covered=covered, rate=(covered / total) if total else None,
        uncovered=rows, limit=limit, offset=offset,  # type: ignore[arg-type]
    )


def rollup(store: GraphStore, within: str, *, by: str = "county", target: str = "village",
           partner: str = "Enterprise", program: str | None = None, as_of: str | None = None,
           version: int | None = READ) -> RollupBody:
    if by not in ("city", "county", "township"):
        raise BadParameter("by", f"must be city, county or township, got {by!r}")
    q, params = bind_named("coverage_rollup", {"within": within, "by": by, "target": target, "partner": partner,
                                               "program": program, "as_of": as_of}, store=store)
    code = str(params["within_code"])
    _, rows = run_bound(store, q, params, version=version)
    return RollupBody(within=_place_ref(store, code), by=by, target=target, partner=partner,  # type: ignore[arg-type]
                      program=program, rows=[RollupRow(**r) for r in rows])


def resolve_entity(store: GraphStore, text: str, param: str = "id", version: int | None = READ) -> str:
    """A node id from an id, from a name that matches one node exactly, or from a place name the graph's
    places resolve to one place the graph holds (叙永县红岩村: the village, not the 红岩村 elsewhere). The id
    of a member of a judged cluster gives the cluster's node (tongxin.entities.resolve)."""
    from tongxin.entities.resolve import canonical_id

    _, rows = run_named(store, "node", {"id": text}, version=version)
    if rows:
        return text
    head = canonical_id(store, text)
    if head != text:
        return head
    _, hits = run_named(store, "search", {"q": text, "limit": 50}, version=version)
    exact = [h for h in hits if h["name"] == text or text in (h.get("aliases") or [])]
    if len(exact) == 1:
        return str(exact[0]["id"])
    if not exact and len(hits) == 1:
        return str(hits[0]["id"])
    res = places_of(store).resolve(text)
    if res.status == "resolved" and res.code:
        _, rows = run_named(store, "node", {"id": f"place:{res.code}"}, version=version)
        if rows:
            return f"place:{res.code}"
    if not hits:
        raise NotFound(f"{param}: no node matches {text!r}", param=param, candidates=candidate_list(res))
    cands = [{"id": h["id"], "name": h["name"], "kind": h.get("kind"), "code": h.get("code")}
             for h in (exact or hits)[:10]]
    listed = ", ".join(f"{c['id']} ({c['name']})" for c in cands[:8])
    raise NotFound(f"{param}: {text!r} matches several nodes: {listed}; give an id, or a place with its county "
                   "(叙永县红岩村)", param=param, candidates=cands)


def paths(store: GraphStore, source: str, target: str, max_hops: int = 4, limit: int = 10,
          version: int | None = READ) -> PathsBody:
    if version is READ:
        version = read_version(store)  # one version read for all five queries
    a, b = resolve_entity(store, source, "source", version), resolve_entity(store, target, "target", version)
    _, rows = run_named(store, "paths", {"source": a, "target": b, "max_hops": max_hops, "limit": limit},
                        version=version)
    out: dict[tuple[str, ...], Path_] = {}
    for r in rows:
        nodes = [PathNode(id=n["id"], name=n.get("name"), kind=_kind(n.get("labels") or [])) for n in r["nodes"]]
        edges = [PathEdge(type=e["type"], source=e["from"], target=e["to"], program=e.get("program"),
                          title=e.get("title"), sources=e.get("sources") or [], evidence=e.get("evidence") or [])
                 for e in r["edges"]]
        seen = out.get(hops := tuple(f"{n.id}|{e.type}" for n, e in zip(nodes, [*edges, None], strict=True)
                                     if e is not None) + (nodes[-1].id,))
        if seen is None:
            out[hops] = Path_(hops=int(r["hops"]), nodes=nodes, edges=edges)
            continue
        # the same path through an edge a judged member stated and the head's own (tongxin.entities.resolve):
        # one path, each hop with the sources of both
        for kept, other in zip(seen.edges, edges, strict=True):
            for s, ev in zip(other.sources, other.evidence or [""] * len(other.sources), strict=False):
                if s not in kept.sources:
                    kept.sources.append(s)
                    kept.evidence.append(ev)
    return PathsBody(source=a, target=b, max_hops=max_hops, paths=list(out.values()))


def search(store: GraphStore, q: str, kind: str | None = None, limit: int = 20) -> SearchBody:
    """Nodes by name, alias, traditional characters or pinyin (catalogue search.yaml), a judged cluster once."""
    from tongxin.entities.merged import merge_hits

    _, rows = run_named(store, "search", {"q": q, "kind": kind, "limit": limit})
    return SearchBody(q=q, hits=[SearchHit(**r) for r in merge_hits(store, rows)])


def query_result(store: GraphStore, name: str, raw: dict[str, Any]) -> QueryResultBody:
    """A named query's answer."""
    columns, rows = run_named(store, name, raw)
    return QueryResultBody(query=name, columns=columns, rows=rows, count=len(rows))


def node(store: GraphStore, node_id: str) -> NodeBody:
    """A node's labels, properties (provenance included) and degree; for the id of a member of a judged
    cluster (tongxin.entities.resolve), the cluster's node."""
    from tongxin.entities.resolve import canonical_id

    _, rows = run_named(store, "node", {"id": canonical_id(store, node_id)})
    if not rows:
        raise NotFound(f"no node with id {node_id!r}")
    r = rows[0]
    from tongxin.graph.writer import per_source, without_per_source

    return NodeBody(id=r["id"], kind=_kind(r["labels"]), labels=r["labels"], props=without_per_source(r["props"]),
                    degree=int(r["degree"]), stated=per_source(r["props"]))


NEIGHBOURHOOD_MAX = 20_000  # the edges read before paging


def neighbours(store: GraphStore, node_id: str, depth: int = 1, limit: int = 500, offset: int = 0) -> NeighboursBody:
    """The edges within `depth` hops of a node, by (type, from, to), one page of them, and the nodes they join.
    The id of a member of a judged cluster stands for the cluster's node; each edge's `stated` says which
    source gives which of its values (tongxin.graph.writer.per_source)."""
    from tongxin.entities.resolve import canonical_id
    from tongxin.graph.writer import per_source, without_per_source

    node_id = canonical_id(store, node_id)
    version = read_version(store)
    _, found = run_named(store, "node", {"id": node_id}, version=version)
    if not found:
        raise NotFound(f"no node with id {node_id!r}")
    _, rows = run_named(store, "neighbourhood", {"id": node_id, "depth": depth, "limit": NEIGHBOURHOOD_MAX},
                        version=version)
    rows = sorted(rows, key=lambda r: (r["type"], r["from"], r["to"]))[offset: offset + limit]
    ids = sorted({r["from"] for r in rows} | {r["to"] for r in rows} | {node_id})
    _, nodes = run_named(store, "nodes_by_id", {"ids": "\n".join(ids)}, version=version)
    return NeighboursBody(
        id=node_id, depth=depth, limit=limit, offset=offset,
        nodes=[SearchHit(id=n["id"], name=n["props"].get("name", n["id"]), kind=_kind(n["labels"]),
                         code=n["props"].get("code")) for n in nodes],
        edges=[NeighbourEdge(source=r["from"], target=r["to"], type=r["type"], props=without_per_source(r["props"]),
                             stated=per_source(r["props"], bounds=False)) for r in rows],
    )


def history(store: GraphStore, source: str | None = None, limit: int = 100) -> list[EventBody]:
    """The history of writes, newest first (tongxin.graph.history)."""
    from tongxin.graph.history import history as read_history

    return [EventBody(**e) for e in read_history(store, source, limit)]


VIEW_KINDS = ("ego", "program", "coverage", "path")


def view_graph(store: GraphStore, kind: str, entity: str, *, depth: int = 1, target: str | None = None,
               max_hops: int = 4, level: str = "village", partner: str = "Enterprise",
               program: str | None = None) -> nx.MultiDiGraph:
    """The graph of a network view: `ego` (an entity's neighbourhood to `depth`), `program` (a program by
    name), `coverage` (a place's villages or communities, `level`, and their partners) or `path` (the
    shortest paths from `entity` to `target`)."""
    from tongxin.queries import subgraph

    if kind == "ego":
        return subgraph.ego_graph(store, entity, depth)
    if kind == "program":
        return subgraph.program_graph(store, entity)
    if kind == "coverage":
        return subgraph.coverage_graph(store, entity, target=level, partner=partner, program=program)
    if kind == "path":
        if not target:
            raise BadParameter("target", "a path view needs the other entity")
        return subgraph.path_graph(store, entity, target, max_hops)
    raise BadParameter("kind", f"unknown view {kind!r}: {', '.join(VIEW_KINDS)}")
