"""Place resolution."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel

from tongxin.api.deps import StoreDep, require_read
from tongxin.queries.service import places_of

router = APIRouter(prefix="/places", tags=["places"], dependencies=[Depends(require_read)])


class ResolutionBody(BaseModel):
    query: str
    status: str
    code: str | None = None
    name: str | None = None
    level: str | None = None
    confidence: float | None = None
    path: list[dict[str, Any]] = []
    note: str = ""
    candidates: list[dict[str, Any]] = []
    suggestions: list[dict[str, Any]] = []


def _cands(items: Any) -> list[dict[str, Any]]:
    return [{"code": c.code, "name": c.name, "level": c.level, "path": c.path_text, "score": c.score,
             **({"note": c.note} if c.note else {})} for c in items[:20]]


@router.get("/resolve", response_model=ResolutionBody)
def resolve(
    store: StoreDep,
    name: Annotated[str, Query(min_length=1, max_length=200, description="a place name")],
    context: Annotated[list[str] | None, Query(max_length=20, description="ancestor names")] = None,
) -> ResolutionBody:
    """Resolve a place name to its division code among the places the graph holds — or say it is ambiguous
    (with candidates) or not found (with suggestions: near names, from the given area first)."""
    res = places_of(store).resolve(name, context=context or [])
    return ResolutionBody(
        query=name, status=res.status, code=res.code, name=res.name, level=res.level, confidence=res.confidence,
        path=[{"code": c, "name": n} for c, n in (res.path or [])], note=res.note,
        candidates=_cands(res.candidates or ()), suggestions=_cands(res.suggestions or ()),
    )
