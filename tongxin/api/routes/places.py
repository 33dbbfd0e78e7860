"""Place resolution."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query

from tongxin.api.deps import StoreDep, require_read
from tongxin.queries.bodies import ResolutionBody
from tongxin.queries.service import places_of

router = APIRouter(prefix="/places", tags=["places"], dependencies=[Depends(require_read)])


@router.get("/resolve", response_model=ResolutionBody)
def resolve(
    store: StoreDep,
    name: Annotated[str, Query(min_length=1, max_length=200, description="a place name")],
    context: Annotated[list[str] | None, Query(max_length=20, description="ancestor names")] = None,
) -> ResolutionBody:
    """Resolve a place name to its division code among the places the graph holds — or say it is ambiguous
    (with candidates) or not found (with suggestions: near names, from the given area first)."""
    return ResolutionBody.of(name, places_of(store).resolve(name, context=context or []))
