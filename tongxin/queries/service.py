"""Answers to the questions users come with, built on the named-query catalogue.

The CLI and the API both call these functions and return the same pydantic bodies, so `--json` prints
exactly what the API returns.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from tongxin.errors import BadParameter, NotFound
from tongxin.graph.placeset import resolver_for
from tongxin.graph.stores.base import GraphStore
from tongxin.graph.stores.cache import READ, cached_query, read_version
from tongxin.places.resolver import Resolution, Resolver
from tongxin.queries.registry import NamedQuery, Registry, load_registry


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


# --- bodies -----------------------------------------------------------------------------------------
class PlaceRef(BaseModel):
    id: str
    code: str
    name: str
    township: str | None = None
    county: str | None = None


class CoverageBody(BaseModel):
    within: PlaceRef
    target: Literal["village", "community"]
    partner: str
    program: str | None = None
    as_of: str | None = None
    total: int = Field(description="villages/communities within the place (all of them, not just this page)")
    covered: int = Field(description="how many have at least one partner of the kind")
    rate: float | None = Field(description="covered / total (null when total is 0)")
    uncovered: list[PlaceRef] = Field(description="this page of the uncovered ones, by code")
    limit: int
    offset: int


class RollupRow(BaseModel):
    id: str
    code: str
    name: str
    total: int
    covered: int
    rate: float | None


class RollupBody(BaseModel):
    within: PlaceRef
    by: Literal["city", "county", "township"]
    target: Literal["village", "community"]
    partner: str
    program: str | None = None
    rows: list[RollupRow]


class PathEdge(BaseModel):
    type: str
    source: str
    target: str
    program: str | None = None
    title: str | None = None
    sources: list[str] = []
    evidence: list[str] = []


class PathNode(BaseModel):
    id: str
    name: str | None
    kind: str | None


class Path_(BaseModel):
    hops: int
    nodes: list[PathNode]
    edges: list[PathEdge]


class PathsBody(BaseModel):
    source: str
    target: str
    max_hops: int
    paths: list[Path_]


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
