"""Coverage: which villages or communities lack a partner, and rates by county or township."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response

from tongxin.api.cached import cached_response
from tongxin.api.deps import StoreDep, require_read
from tongxin.queries import service
from tongxin.queries.bodies import CoverageBody, RollupBody

router = APIRouter(prefix="/coverage", tags=["coverage"], dependencies=[Depends(require_read)])

Partner = Literal["any", "Enterprise", "Association", "DemocraticParty", "Organisation", "Person"]
Within = Annotated[str, Query(min_length=1, max_length=100, description="place name, code or id (十堰市, 4203)")]
DateQ = Annotated[str | None, Query(pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$", description="YYYY[-MM[-DD]]")]


@router.get("", response_model=CoverageBody)
async def coverage(
    store: StoreDep,
    within: Within,
    target: Literal["village", "community"] = "village",
    partner: Partner = "Enterprise",
    program: Annotated[str | None, Query(max_length=100)] = None,
    as_of: DateQ = None,
    limit: Annotated[int, Query(ge=1, le=10000)] = 100,
    offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
) -> Response:
    """Villages (or communities) within a place lacking a partner of a kind; totals count everything."""
    return await cached_response(
        store, ("GET /coverage", within, target, partner, program, as_of, limit, offset),
        lambda version: service.coverage(store, within, target=target, partner=partner, program=program,
                                         as_of=as_of, limit=limit, offset=offset, version=version))


@router.get("/rollup", response_model=RollupBody)
async def rollup(
    store: StoreDep,
    within: Within,
    by: Literal["city", "county", "township"] = "county",
    target: Literal["village", "community"] = "village",
    partner: Partner = "Enterprise",
    program: Annotated[str | None, Query(max_length=100)] = None,
    as_of: DateQ = None,
) -> Response:
    """Coverage counts and rates by county or township within a place."""
    return await cached_response(
        store, ("GET /coverage/rollup", within, by, target, partner, program, as_of),
        lambda version: service.rollup(store, within, by=by, target=target, partner=partner, program=program,
                                       as_of=as_of, version=version))
