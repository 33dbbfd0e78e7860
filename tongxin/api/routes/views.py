"""Network views as self-contained HTML pages (pyvis), built from catalogue queries."""

from __future__ import annotations

from typing import Annotated, Literal
from urllib.parse import quote

from fastapi import APIRouter, Depends, Query
from fastapi.responses import HTMLResponse

from tongxin.api.deps import StoreDep, require_read
from tongxin.queries import service, subgraph

router = APIRouter(prefix="/views", tags=["views"], dependencies=[Depends(require_read)],
                   default_response_class=HTMLResponse)

Partner = Literal["any", "Enterprise", "Association", "DemocraticParty", "Organisation", "Person"]
# at most as long as search's q: a name that is not an id is looked up by search
NodeText = Annotated[str, Query(min_length=1, max_length=100, description="a node id, or an exact name")]


def _html(graph, kind: str) -> HTMLResponse:  # type: ignore[no-untyped-def]
    from tongxin.viz.render import render_html

    return HTMLResponse(render_html(graph, kind=kind, highlight=graph.graph.get("highlight", ())))


@router.get("/ego")
def ego(store: StoreDep, entity: NodeText, depth: Annotated[int, Query(ge=1, le=3)] = 1) -> HTMLResponse:
    """An entity's neighbourhood to depth N."""
    return _html(subgraph.ego_graph(store, entity, depth), "ego")


@router.get("/program")
def program(store: StoreDep, name: Annotated[str, Query(min_length=1, max_length=100)]) -> HTMLResponse:
    """A program: who runs it, its sites, partners and places."""
    return _html(subgraph.program_graph(store, name), "program")


@router.get("/coverage")
def coverage(
    store: StoreDep,
    within: Annotated[str, Query(min_length=1, max_length=100)],
    target: Literal["village", "community"] = "village",
    partner: Partner = "Enterprise",
    program: Annotated[str | None, Query(max_length=100)] = None,
) -> HTMLResponse:
    """A place's villages (or communities), paired partners, uncovered ones highlighted."""
    return _html(subgraph.coverage_graph(store, within, target=target, partner=partner, program=program),
                 "coverage")


@router.get("/path")
def path(store: StoreDep, source: NodeText, target: NodeText,
         max_hops: Annotated[int, Query(ge=1, le=6)] = 4) -> HTMLResponse:
    """The shortest paths between two entities, evidence in the edge tooltips."""
    return _html(subgraph.path_graph(store, source, target, max_hops), "path")


@router.get("/overview")
def overview(
    store: StoreDep,
    within: Annotated[str, Query(min_length=1, max_length=100)],
    by: Literal["county", "township"] = "county",
    target: Literal["village", "community"] = "village",
    partner: Partner = "Enterprise",
) -> HTMLResponse:
    """A sortable coverage table by county or township, linking to each area's network view."""
    from tongxin.viz.coverage_page import render_coverage_overview

    body = service.rollup(store, within, by=by, target=target, partner=partner)
    rows = [r.model_dump() for r in body.rows]
    links = {r["id"]: f"/views/coverage?within={quote(r['code'])}&target={target}&partner={partner}"
             for r in rows}
    title = f"{body.within.name}: {target} coverage by {partner}, by {by}"
    return HTMLResponse(render_coverage_overview(title, rows, links=links))
