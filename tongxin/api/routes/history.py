"""The history of writes (GET /history, a read) and the retraction of one source (POST /unload, a write:
the write token's name goes into the history)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Form, Query
from pydantic import BaseModel

from tongxin.api.deps import StoreDep, WriterDep, require_read
from tongxin.graph.history import history as read_history
from tongxin.loaders.common import unload_source

router = APIRouter(tags=["history"])


class EventBody(BaseModel):
    id: str
    at: str
    who: str
    action: str
    file: str | None = None
    source: str | None = None
    content_hash: str | None = None
    added: int | None = None
    changed: int | None = None
    retracted: int | None = None
    reason: str | None = None
    left: str | None = None  # a judgement's two ids, decision and note (action `judge`)
    right: str | None = None
    decision: str | None = None
    note: str | None = None


class UnloadBody(BaseModel):
    source_id: str
    status: str
    retracted: int


@router.get("/history", response_model=list[EventBody], dependencies=[Depends(require_read)])
def history(
    store: StoreDep,
    source: Annotated[str | None, Query(max_length=300, description="only this source id's events")] = None,
    limit: Annotated[int, Query(ge=1, le=10_000)] = 100,
) -> list[dict[str, Any]]:
    """Every write, newest first: when, who, what, and the facts added, changed and retracted."""
    return read_history(store, source, limit)


@router.post("/unload", response_model=UnloadBody)
def unload(
    store: StoreDep,
    who: WriterDep,
    source: Annotated[str, Form(max_length=300, description="the source id to retract")],
) -> UnloadBody:
    """Retract everything one source states (its Source node too), recorded in the history."""
    res = unload_source(store, source, who=who)
    return UnloadBody(source_id=res.source_id, status=res.status, retracted=res.retracted or 0)
