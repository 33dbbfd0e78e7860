"""The web front's pages. Each page is a plain `def` route (FastAPI runs it in the thread pool) that asks the
query service (tongxin.queries.service) what the API would, and renders a template. Errors a user can cause
(an unknown place or entity, a bad date) come back as a page saying what was wrong, with the status the API
would give."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Annotated, Any, Literal
from urllib.parse import quote, urlencode

from fastapi import APIRouter, Depends, FastAPI, Query
from fastapi.responses import HTMLResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, FileSystemLoader, select_autoescape

from tongxin.api.deps import StoreDep, require_read
from tongxin.errors import BadParameter, NotFound, TongxinError
from tongxin.graph import dates
from tongxin.graph.stores.base import GraphStore
from tongxin.graph.writer import per_source, without_per_source
from tongxin.queries import service
from tongxin.queries.service import run_named
from tongxin.viz.style import EDGE_STYLES, PROPERTY_LABELS, kind_style
from tongxin.web import cmap

HERE = Path(__file__).parent
STATIC_PREFIX = "/static/web"

# No script, no frame, nothing from another host: the pages are HTML and one stylesheet.
CSP = "default-src 'none'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'"

Partner = Literal["any", "Enterprise", "Association", "DemocraticParty", "Organisation", "Person"]
PARTNERS: dict[str, str] = {
    "Enterprise": "企业 Enterprise", "Association": "协会/商会 Association",
    "DemocraticParty": "民主党派 Democratic party", "Organisation": "任何组织 Any organisation",
    "Person": "个人 Person", "any": "任何结对方 Any partner",
}
KINDS = ("Province", "City", "County", "Township", "Village", "Community", "Enterprise", "Association",
         "DemocraticParty", "Federation", "UnitedFrontDept", "PartyCommittee", "GovernmentBody", "Person", "Program")
# the level below a place, by the length of its code: what its coverage table is grouped by
NEXT_LEVEL: dict[int, tuple[str, str]] = {2: ("city", "市"), 4: ("county", "县/区"), 6: ("township", "乡镇/街道")}
HIDDEN_PROPS = {"id", "name", "aliases", "pinyin", "code_num", "code_end", "sources", "evidence", *dates.BOUND_PROPS}
UNCOVERED_PAGE = 10_000  # the coverage service's page limit

env = Environment(loader=FileSystemLoader(HERE / "templates"), autoescape=select_autoescape(["j2", "html"]),
                  trim_blocks=True, lstrip_blocks=True)
env.globals["static"] = STATIC_PREFIX
env.filters["kind_label"] = lambda kind: f"{kind_style(kind).label}" if kind else ""
env.filters["edge_label"] = lambda t: EDGE_STYLES[t].label if t in EDGE_STYLES else t
env.filters["prop_label"] = lambda k: PROPERTY_LABELS.get(k, k)
env.filters["pct"] = lambda r: "–" if r is None else f"{100 * r:.1f}%"
env.filters["q"] = lambda d: urlencode({k: v for k, v in d.items() if v not in (None, "")})
env.filters["path_quote"] = lambda s: quote(s, safe=":")

router = APIRouter(dependencies=[Depends(require_read)], include_in_schema=False,
                   default_response_class=HTMLResponse)


def page(template: str, status: int = 200, **context: Any) -> HTMLResponse:
    html = env.get_template(template).render(**context)
    return HTMLResponse(html, status_code=status, headers={"Content-Security-Policy": CSP})


def error_page(exc: TongxinError, status: int, **context: Any) -> HTMLResponse:
    candidates = getattr(exc, "candidates", None) or []
    return page("error.html.j2", status=status, message=str(exc), candidates=candidates, **context)


def _status(exc: TongxinError) -> int:
    return 404 if isinstance(exc, NotFound) else 422 if isinstance(exc, BadParameter) else 503


Text = Annotated[str | None, Query(max_length=100)]
DateQ = Annotated[str | None, Query(max_length=10)]


@router.get("/")
def index(store: StoreDep, q: Text = None, kind: Annotated[str | None, Query(max_length=40)] = None) -> Response:
    """The start page: a search box; with `q`, the hits ranked exact > prefix > contains."""
    hits: list[dict[str, Any]] = []
    q = (q or "").strip() or None
    kind = kind or None
    if kind is not None and kind not in KINDS:
        return error_page(BadParameter("kind", f"unknown kind {kind!r}"), 422, q=q, kinds=KINDS)
    if q:
        _, hits = run_named(store, "search", {"q": q, "kind": kind, "limit": 50})
    return page("index.html.j2", q=q, kind=kind, kinds=KINDS, hits=hits)


def _names(store: GraphStore, ids: set[str]) -> dict[str, dict[str, Any]]:
    if not ids:
        return {}
    _, rows = run_named(store, "nodes_by_id", {"ids": "\n".join(sorted(ids))})
    return {r["id"]: {"name": r["props"].get("name", r["id"]), "kind": service._kind(r["labels"]),
                      "code": r["props"].get("code")} for r in rows}


@router.get("/entity/{node_id:path}")
def entity(store: StoreDep, node_id: str) -> Response:
    """An entity: its names, properties and every fact (edge) with its sources and quotes."""
    _, rows = run_named(store, "node", {"id": node_id})
    if not rows:
        return error_page(NotFound(f"no entity with id {node_id!r}"), 404)
    node = rows[0]
    props = node["props"]
    _, edges = run_named(store, "neighbourhood", {"id": node_id, "depth": 1, "limit": 2000})
    names = _names(store, {e["from"] for e in edges} | {e["to"] for e in edges})
    facts = []
    for e in edges:
        outgoing = e["from"] == node_id
        other = e["to"] if outgoing else e["from"]
        p = without_per_source(e["props"])
        stated = per_source(e["props"], bounds=False)
        facts.append({
            "type": e["type"], "outgoing": outgoing, "other": other,
            "other_name": names.get(other, {}).get("name", other), "other_kind": names.get(other, {}).get("kind"),
            "sources": p.pop("sources", None) or [], "evidence": p.pop("evidence", None) or [],
            "conflicts": p.pop("conflicts", None) or [],
            # which source says what, when more than one source states the edge's properties
            "stated": {src: dict(sorted(v.items())) for src, v in sorted(stated.items())} if len(stated) > 1 else {},
            "props": {k: v for k, v in sorted(p.items()) if v not in (None, "", [])},
        })
    # facts with evidence first, then by kind of fact and the other end's name; the division tree's many
    # PART_OF edges (a county's townships) last
    facts.sort(key=lambda f: (f["type"] == "PART_OF", not f["evidence"], f["type"], f["other_name"]))
    kind = service._kind(node["labels"])
    stated = per_source(props)
    shown = {k: v for k, v in sorted(without_per_source(props).items())
             if k not in HIDDEN_PROPS and v not in (None, "", [])}
    conflicts = shown.pop("conflicts", None) or []
    return page("entity.html.j2", id=node_id, name=props.get("name", node_id), kind=kind,
                aliases=props.get("aliases") or [], props=shown, conflicts=conflicts,
                # which source says what, when more than one source states the node's properties
                stated={src: dict(sorted(v.items())) for src, v in sorted(stated.items())} if len(stated) > 1 else {},
                sources=props.get("sources") or [],
                evidence=props.get("evidence") or [], facts=facts[:1000], more=max(0, len(facts) - 1000),
                degree=int(node["degree"]), is_area=kind in ("Province", "City", "County", "Township"))


def _check_date(as_of: str | None) -> None:
    """`as_of` as YYYY, YYYY-MM or YYYY-MM-DD, a real date (the date input sends YYYY-MM-DD)."""
    why = dates.problem(as_of) if as_of else None
    if why:
        raise BadParameter("as_of", f"{why} (YYYY-MM-DD, YYYY-MM or YYYY)")


def _coverage_args(within: str, target: str, partner: str, program: str | None, as_of: str | None) -> dict[str, Any]:
    _check_date(as_of)
    return {"within": within, "target": target, "partner": partner, "program": program or None,
            "as_of": as_of or None}


@router.get("/area")
def area(
    store: StoreDep,
    within: Text = None,
    target: Literal["village", "community"] = "village",
    partner: Partner = "Enterprise",
    program: Text = None,
    as_of: DateQ = None,
) -> Response:
    """Coverage of an area: a table by sub-area (drill down by clicking), the uncovered villages of a
    township listed, a CSV of the uncovered ones for any area."""
    form = {"within": within or "", "target": target, "partner": partner, "program": program or "",
            "as_of": as_of or ""}
    ctx: dict[str, Any] = {"form": form, "partners": PARTNERS}
    if not within:
        return page("area.html.j2", body=None, **ctx)
    try:
        args = _coverage_args(within, target, partner, program, as_of)
        body = service.coverage(store, **args, limit=200)
        code = body.within.code
        rows: list[dict[str, Any]] = []
        level = NEXT_LEVEL.get(len(code))
        if level:
            rolled = service.rollup(store, code, by=level[0], **{k: v for k, v in args.items() if k != "within"})
            rows = [r.model_dump() for r in rolled.rows]
    except TongxinError as exc:
        return error_page(exc, _status(exc), **ctx)
    crumbs = []
    for n in (2, 4, 6, 9):
        if len(code) > n:
            crumbs.append({"code": code[:n], "name": service._place_ref(store, code[:n]).name})
    ctx["form"]["within"] = code
    query = {"target": target, "partner": partner, "program": program, "as_of": as_of}
    drawn = None
    if level and level[0] in ("city", "county"):  # boundaries ship for cities and counties, not townships
        hrefs = {r["code"]: "/area?" + urlencode({k: v for k, v in {**query, "within": r["code"]}.items() if v})
                 for r in rows}
        drawn = cmap.choropleth(rows, hrefs)
    return page("area.html.j2", body=body, rows=rows, level=level, crumbs=crumbs, query=query, map=drawn,
                legend=cmap.legend(), **ctx)


@router.get("/area/uncovered.csv")
def area_csv(
    store: StoreDep,
    within: Annotated[str, Query(min_length=1, max_length=100)],
    target: Literal["village", "community"] = "village",
    partner: Partner = "Enterprise",
    program: Text = None,
    as_of: DateQ = None,
) -> Response:
    """Every uncovered village (or community) of an area as CSV (UTF-8 with a BOM, so Excel reads it)."""
    try:
        args = _coverage_args(within, target, partner, program, as_of)
        body = service.coverage(store, **args, limit=UNCOVERED_PAGE)
        uncovered = list(body.uncovered)
        while len(uncovered) < body.total - body.covered and len(uncovered) % UNCOVERED_PAGE == 0:
            more = service.coverage(store, **args, limit=UNCOVERED_PAGE, offset=len(uncovered)).uncovered
            if not more:
                break
            uncovered += more
    except TongxinError as exc:
        return error_page(exc, _status(exc), form={"within": within}, partners=PARTNERS)
    out = io.StringIO()
    w = csv.writer(out)
    w.writerow(["编码 code", "名称 name", "乡镇 township", "县区 county"])
    for p in uncovered:
        w.writerow([p.code, p.name, p.township or "", p.county or ""])
    name = f"{body.within.name}_未结对{'村' if target == 'village' else '社区'}_{partner}.csv"
    return Response(("\ufeff" + out.getvalue()).encode(), media_type="text/csv; charset=utf-8", headers={
        "Content-Disposition": f"attachment; filename=\"uncovered-{body.within.code}.csv\"; "
                               f"filename*=UTF-8''{quote(name)}"})


@router.get("/linkage")
def linkage(
    store: StoreDep,
    source: Text = None,
    target: Text = None,
    max_hops: Annotated[int, Query(ge=1, le=6)] = 4,
) -> Response:
    """Two entities (ids or names) → the shortest paths between them, with the evidence of every hop."""
    form = {"source": source or "", "target": target or "", "max_hops": max_hops}
    if not source or not target:
        return page("linkage.html.j2", form=form, body=None)
    try:
        body = service.paths(store, source, target, max_hops=max_hops, limit=10)
    except TongxinError as exc:
        return error_page(exc, _status(exc), form=form)
    paths = []
    for p in body.paths:
        by_id = {n.id: n for n in p.nodes}
        hops = []
        for i, e in enumerate(p.edges):
            here, there = p.nodes[i], p.nodes[i + 1]
            hops.append({"from": here, "to": there, "edge": e, "forward": e.source == here.id})
        paths.append({"hops": hops, "nodes": p.nodes, "by_id": by_id})
    names = _names(store, {body.source, body.target})
    return page("linkage.html.j2", form=form, body=body, paths=paths, names=names)


def install(app: FastAPI) -> None:
    """Add the pages and their stylesheet to the API's app."""
    app.include_router(router)
    app.mount(STATIC_PREFIX, StaticFiles(directory=HERE / "static"), name="web-static")
