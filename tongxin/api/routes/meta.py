"""Health, and the named-query catalogue."""

from __future__ import annotations

from typing import Any

from fastapi import APIRouter, Depends, Request
from pydantic import BaseModel

from tongxin import __version__
from tongxin.api.deps import StoreDep, require_read
from tongxin.errors import BackendUnavailable
from tongxin.queries import service
from tongxin.queries.bodies import QueryResultBody
from tongxin.queries.registry import load_registry

router = APIRouter(tags=["meta"])


class Health(BaseModel):
    status: str
    version: str
    backend: str
    nodes: int
    relationships: int


class ParamInfo(BaseModel):
    name: str
    type: str
    doc: str
    default: Any = None
    required: bool
    min: float | None = None
    max: float | None = None
    values: list[str] | None = None


class QueryInfo(BaseModel):
    name: str
    group: str
    title: str
    description: str
    params: list[ParamInfo]
    columns: list[str]


@router.get("/health", response_model=Health)
def health(store: StoreDep) -> Health:
    try:
        store.data_version()  # FalkorDB: one GET under a short timeout, so a hung server is down at once
        counts = store.counts()
    except Exception as exc:  # any failure to count means the backend is not usable
        raise BackendUnavailable(f"{store.name}: {exc}") from exc
    return Health(status="ok", version=__version__, backend=store.name, nodes=counts.nodes,
                  relationships=counts.relationships)


def _info(q: Any) -> QueryInfo:
    return QueryInfo(
        name=q.name, group=q.group, title=q.title, description=q.description, columns=list(q.columns),
        params=[ParamInfo(name=p.name, type=p.type, doc=p.doc, default=p.default, required=p.required,
                          min=p.minimum, max=p.maximum, values=list(p.values or p.mapping) or None)
                for p in q.params.values()],
    )


@router.get("/queries", response_model=list[QueryInfo], dependencies=[Depends(require_read)])
def queries() -> list[QueryInfo]:
    """The catalogue of named queries, with their parameters."""
    return [_info(q) for q in load_registry()]


def _catalogue_doc() -> str:
    """Each named query with its parameters, as Markdown: the description of GET /queries/{name} in /docs."""
    lines = ["Run a named query; its parameters come as query-string values and are checked against its "
             "declaration. The queries and their parameters (also at `GET /queries`):", ""]
    for q in load_registry():
        params = []
        for p in q.params.values():
            extra = "required" if p.required else (f"default {p.default!r}" if p.default is not None else "optional")
            choices = list(p.values or p.mapping)
            if choices:
                extra += ", one of " + "/".join(str(c) for c in choices)
            params.append(f"`{p.name}` ({p.type}, {extra})")
        lines.append(f"- **{q.name}** — {q.title}. Parameters: {'; '.join(params) or 'none'}.")
    return "\n".join(lines)


@router.get("/queries/{name}", response_model=QueryResultBody, dependencies=[Depends(require_read)],
            description=_catalogue_doc())
def run_query(name: str, request: Request, store: StoreDep) -> QueryResultBody:
    """Run a named query; its parameters come as query-string values and are checked against its declaration."""
    return service.query_result(store, name, dict(request.query_params))
