"""Linkage: paths between entities, nodes and their neighbourhoods, search."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response
from pydantic import BaseModel, Field

from tongxin.api.cached import cached_response
from tongxin.api.deps import StoreDep, require_read
from tongxin.entities.merged import merge_hits
from tongxin.errors import NotFound
from tongxin.graph.writer import per_source, without_per_source
from tongxin.queries import service
from tongxin.queries.service import run_named

router = APIRouter(tags=["linkage"], dependencies=[Depends(require_read)])

# at most as long as search's q: a name that is not an id is looked up by search
NodeText = Annotated[str, Query(min_length=1, max_length=100, description="a node id, or an exact name")]


class SearchHit(BaseModel):
    id: str
    name: str
    kind: str | None = None
    code: str | None = None
    aliases: list[str] | None = None
    members: list[str] | None = None  # the ids of a judged cluster shown as this hit (tongxin.entities.merged)


class SearchBody(BaseModel):
    q: str
    hits: list[SearchHit]


class NodeBody(BaseModel):
    id: str
    kind: str | None
    labels: list[str]
    props: dict[str, Any]
    degree: int


class NeighbourEdge(BaseModel):
    source: str
    target: str
    type: str
    props: dict[str, Any] = Field(description="the edge's properties: each the effective value (the least "
                                  "the sources state), `conflicts` naming those the sources disagree on, "
                                  "`sources` and `evidence` aligned")
    stated: dict[str, dict[str, Any]] = Field(default_factory=dict, description="which source says what: "
                                              "source id → the properties as that source states them")


class NeighboursBody(BaseModel):
    id: str
    depth: int
    nodes: list[SearchHit]
    edges: list[NeighbourEdge]
    limit: int
    offset: int


@router.get("/search", response_model=SearchBody)
def search(
    store: StoreDep,
    q: Annotated[str, Query(min_length=1, max_length=100, description="name, alias, 繁體 or pinyin")],
    kind: Annotated[str | None, Query(max_length=40, description="a label, e.g. Village, Enterprise")] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 20,
) -> SearchBody:
    """Find nodes by name, alias, traditional characters or pinyin."""
    _, rows = run_named(store, "search", {"q": q, "kind": kind, "limit": limit})
    rows = merge_hits(store, rows)
    return SearchBody(q=q, hits=[SearchHit(**r) for r in rows])


@router.get("/paths", response_model=service.PathsBody)
async def paths(
    store: StoreDep,
    source: NodeText,
    target: NodeText,
    max_hops: Annotated[int, Query(ge=1, le=6)] = 4,
    limit: Annotated[int, Query(ge=1, le=100)] = 10,
) -> Response:
    """All shortest paths between two entities, with the evidence of every edge."""
    return await cached_response(store, ("GET /paths", source, target, max_hops, limit),
                                 lambda version: service.paths(store, source, target, max_hops=max_hops,
                                                               limit=limit, version=version))


@router.get("/nodes/{node_id:path}/neighbours", response_model=NeighboursBody)
def neighbours(
    store: StoreDep,
    node_id: str,
    depth: Annotated[int, Query(ge=1, le=3)] = 1,
    limit: Annotated[int, Query(ge=1, le=5000)] = 500,
    offset: Annotated[int, Query(ge=0, le=1_000_000)] = 0,
) -> NeighboursBody:
    """The edges within `depth` hops of a node (paged), and the nodes they join."""
    _, node = run_named(store, "node", {"id": node_id})
    if not node:
        raise NotFound(f"no node with id {node_id!r}")
    _, rows = run_named(store, "neighbourhood", {"id": node_id, "depth": depth, "limit": 20000})
    rows = sorted(rows, key=lambda r: (r["type"], r["from"], r["to"]))[offset: offset + limit]
    ids = sorted({r["from"] for r in rows} | {r["to"] for r in rows} | {node_id})
    _, nodes = run_named(store, "nodes_by_id", {"ids": "\n".join(ids)})
    return NeighboursBody(
        id=node_id, depth=depth, limit=limit, offset=offset,
        nodes=[SearchHit(id=n["id"], name=n["props"].get("name", n["id"]), kind=service._kind(n["labels"]),
                         code=n["props"].get("code")) for n in nodes],
        edges=[NeighbourEdge(source=r["from"], target=r["to"], type=r["type"], props=without_per_source(r["props"]),
                             stated=per_source(r["props"])) for r in rows],
    )


@router.get("/nodes/{node_id:path}", response_model=NodeBody)
def node(store: StoreDep, node_id: str) -> NodeBody:
    """A node's labels, properties (provenance included) and degree."""
    _, rows = run_named(store, "node", {"id": node_id})
    if not rows:
        raise NotFound(f"no node with id {node_id!r}")
    r = rows[0]
    return NodeBody(id=r["id"], kind=service._kind(r["labels"]), labels=r["labels"], props=r["props"],
                    degree=int(r["degree"]))
