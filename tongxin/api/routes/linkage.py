"""Linkage: paths between entities, nodes and their neighbourhoods, search."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response

from tongxin.api.cached import cached_response
from tongxin.api.deps import StoreDep, require_read
from tongxin.queries import service
from tongxin.queries.bodies import NeighboursBody, NodeBody, PathsBody, SearchBody

router = APIRouter(tags=["linkage"], dependencies=[Depends(require_read)])

# at most as long as search's q: a name that is not an id is looked up by search
NodeText = Annotated[str, Query(min_length=1, max_length=100, description="a node id, or an exact name")]


@router.get("/search", response_model=SearchBody)
def search(
    store: StoreDep,
    q: Annotated[str, Query(min_length=1, max_length=100, description="name, alias, 繁體 or pinyin")],
    kind: Annotated[str | None, Query(max_length=40, description="a label, e.g. Village, Enterprise")] = None,
    limit: Annotated[int, Query(ge=1, le=1000)] = 20,
) -> SearchBody:
    """Find nodes by name, alias, traditional characters or pinyin."""
    return service.search(store, q, kind, limit)


@router.get("/paths", response_model=PathsBody)
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
    """The edges within `depth` hops of a node (paged), and the nodes they join. The id of a member of a
    judged cluster stands for the cluster's node."""
    return service.neighbours(store, node_id, depth, limit, offset)


@router.get("/nodes/{node_id:path}", response_model=NodeBody)
def node(store: StoreDep, node_id: str) -> NodeBody:
    """A node's labels, properties (provenance included) and degree; for the id of a member of a judged
    cluster, the cluster's node."""
    return service.node(store, node_id)
