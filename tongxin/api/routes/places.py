"""Place resolution."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel

from tongxin.api.deps import require_read
from tongxin.places.resolver import Resolver

router = APIRouter(prefix="/places", tags=["places"], dependencies=[Depends(require_read)])


class ResolutionBody(BaseModel):
    query: str
    status: str
    code: str | None = None
    name: str | None = None
    level: str | None = None
    confidence: float | None = None
    path: list[dict[str, Any]] = []
    candidates: list[dict[str, Any]] = []
    suggestions: list[str] = []


@router.get("/resolve", response_model=ResolutionBody)
def resolve(
    name: Annotated[str, Query(min_length=1, max_length=200, description="a place name")],
    context: Annotated[list[str] | None, Query(max_length=20, description="ancestor names")] = None,
) -> ResolutionBody:
    """Resolve a place name to its division code — or say it is ambiguous (with candidates) or not found."""
    res = Resolver.bundled().resolve(name, context=context or [])
    return ResolutionBody(
        query=name, status=res.status, code=res.code, name=res.name, level=res.level, confidence=res.confidence,
        path=[{"code": c, "name": n} for c, n in (res.path or [])],
        candidates=[{"code": c.code, "name": c.name, "path": c.path_text, "score": c.score}
                    for c in (res.candidates or [])[:20]],
        suggestions=[str(s) for s in (res.suggestions or [])[:20]],
    )
