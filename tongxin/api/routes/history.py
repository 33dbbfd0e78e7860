"""The history of writes (GET /history, a read) and the retraction of one source (POST /unload, a write:
the write token's name goes into the history)."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Form, Query

from tongxin.api.deps import StoreDep, WriterDep, require_read
from tongxin.loaders.common import unload_source
from tongxin.queries import service
from tongxin.queries.bodies import EventBody, UnloadBody

router = APIRouter(tags=["history"])


@router.get("/history", response_model=list[EventBody], dependencies=[Depends(require_read)])
def history(
    store: StoreDep,
    source: Annotated[str | None, Query(max_length=300, description="only this source id's events")] = None,
    limit: Annotated[int, Query(ge=1, le=10_000)] = 100,
) -> list[EventBody]:
    """Every write, newest first: when, who, what, and the facts added, changed and retracted."""
    return service.history(store, source, limit)


@router.post("/unload", response_model=UnloadBody)
def unload(
    store: StoreDep,
    who: WriterDep,
    source: Annotated[str, Form(max_length=300, description="the source id to retract")],
) -> UnloadBody:
    """Retract everything one source states (its Source node too), recorded in the history."""
    res = unload_source(store, source, who=who)
    return UnloadBody.of(res)
