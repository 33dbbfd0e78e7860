"""Network views as self-contained HTML pages (pyvis), built from catalogue queries."""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, Literal
from urllib.parse import quote

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse

from tongxin.api.deps import StoreDep, require_read
from tongxin.api.guard import TooLarge, run_bounded
from tongxin.queries import service

router = APIRouter(prefix="/views", tags=["views"], dependencies=[Depends(require_read)],
                   default_response_class=HTMLResponse)

Partner = Literal["any", "Enterprise", "Association", "DemocraticParty", "Organisation", "Person"]
# at most as long as search's q: a name that is not an id is looked up by search
NodeText = Annotated[str, Query(min_length=1, max_length=100, description="a node id, or an exact name")]


def _html(build: Callable[[], Any], kind: str, max_nodes: int) -> str:
    """Build a view's graph and render it (in the view pool): refused (413) over the node limit."""
    from tongxin.viz.render import render_html

    graph = build()
    if graph.number_of_nodes() > max_nodes:
        raise TooLarge(f"the view has {graph.number_of_nodes():,} nodes, over the limit of {max_nodes:,} "
                       "(TONGXIN_VIEW_MAX_NODES); narrow it")
    return render_html(graph, kind=kind, highlight=graph.graph.get("highlight", ()))


async def _view(request: Request, build: Callable[[], Any], kind: str) -> HTMLResponse:
    settings = request.app.state.settings
    return HTMLResponse(await run_bounded(request, _html, build, kind, settings.tongxin_view_max_nodes))


@router.get("/ego")
async def ego(request: Request, store: StoreDep, entity: NodeText,
              depth: Annotated[int, Query(ge=1, le=3)] = 1) -> HTMLResponse:
    """An entity's neighbourhood to depth N."""
    return await _view(request, lambda: service.view_graph(store, "ego", entity, depth=depth), "ego")


@router.get("/program")
async def program(request: Request, store: StoreDep,
                  name: Annotated[str, Query(min_length=1, max_length=100)]) -> HTMLResponse:
    """A program: who runs it, its sites, partners and places."""
    return await _view(request, lambda: service.view_graph(store, "program", name), "program")


@router.get("/coverage")
async def coverage(
    request: Request,
    store: StoreDep,
    within: Annotated[str, Query(min_length=1, max_length=100)],
    target: Literal["village", "community"] = "village",
    partner: Partner = "Enterprise",
    program: Annotated[str | None, Query(max_length=100)] = None,
) -> HTMLResponse:
    """A place's villages (or communities), paired partners, uncovered ones highlighted."""
    return await _view(request, lambda: service.view_graph(store, "coverage", within, level=target,
                                                               partner=partner, program=program), "coverage")


@router.get("/path")
async def path(request: Request, store: StoreDep, source: NodeText, target: NodeText,
               max_hops: Annotated[int, Query(ge=1, le=6)] = 4) -> HTMLResponse:
    """The shortest paths between two entities, evidence in the edge tooltips."""
    return await _view(request, lambda: service.view_graph(store, "path", source, target=target,
                                                               max_hops=max_hops), "path")


@router.get("/overview")
async def overview(
    request: Request,
    store: StoreDep,
    within: Annotated[str, Query(min_length=1, max_length=100)],
    by: Literal["county", "township"] = "county",
    target: Literal["village", "community"] = "village",
    partner: Partner = "Enterprise",
) -> HTMLResponse:
    """A sortable coverage table by county or township, linking to each area's network view."""
    from tongxin.viz.coverage_page import render_coverage_overview

    def page() -> str:
        body = service.rollup(store, within, by=by, target=target, partner=partner)
        rows = [r.model_dump() for r in body.rows]
        links = {r["id"]: f"/views/coverage?within={quote(r['code'])}&target={target}&partner={partner}"
                 for r in rows}
        title = f"{body.within.name}: {target} coverage by {partner}, by {by}"
        return render_coverage_overview(title, rows, links=links)

    return HTMLResponse(await run_bounded(request, page))
