"""Network views as HTML (filled in by tongxin.viz)."""

from __future__ import annotations

from fastapi import APIRouter

router = APIRouter(prefix="/views", tags=["views"])
