"""Writes: load a case record or a pairing ledger. Needs the bearer token (TONGXIN_API_TOKEN)."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, UploadFile
from pydantic import BaseModel

from tongxin.api.deps import SettingsDep, StoreDep, require_write
from tongxin.api.guard import TooLarge
from tongxin.errors import BadParameter

router = APIRouter(tags=["load"], dependencies=[Depends(require_write)])


class LoadBody(BaseModel):
    file: str
    source_id: str
    status: str
    nodes: int
    edges: int
    claims: int
    rejected: int
    notes: list[str]


@router.post("/load", response_model=LoadBody)
def load(
    store: StoreDep,
    settings: SettingsDep,
    file: Annotated[UploadFile, File(description="a case record (.yaml/.yml/.json) or ledger (.csv/.xlsx)")],
    context: Annotated[str | None, Form(max_length=200, description="ledgers: place context, e.g. 十堰市")] = None,
    skip_invalid: Annotated[bool, Form()] = False,
    replace_source: Annotated[bool, Form(description="take over a source id another file or kind owns")] = False,
) -> LoadBody:
    """Load one file, all-or-nothing (or, for ledgers with skip_invalid, the good rows)."""
    from tongxin.loaders.caserecord import load_case_record
    from tongxin.loaders.ledger import load_ledger

    name = Path(file.filename or "upload").name
    if len(name.encode()) > 200 or any(ord(c) < 32 or ord(c) == 127 for c in name):
        raise BadParameter("file", "the file name must be at most 200 bytes, without control characters")
    suffix = Path(name).suffix.lower()
    if suffix not in (".yaml", ".yml", ".json", ".csv", ".xlsx"):
        raise BadParameter("file", f"unsupported file type {suffix or '(none)'}; use .yaml, .json, .csv or .xlsx")
    limit = settings.tongxin_max_upload_bytes  # the body was cut off at it already (tongxin.api.guard)
    data = file.file.read(limit + 1)
    if len(data) > limit:
        raise TooLarge(f"the upload is larger than the limit of {limit:,} bytes (TONGXIN_MAX_UPLOAD_BYTES)")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        if suffix in (".csv", ".xlsx"):
            res = load_ledger(store, path, context=[context] if context else [], skip_invalid=skip_invalid,
                              replace_source=replace_source, limits=settings,
                              min_confidence=settings.tongxin_min_confidence)
        else:
            res = load_case_record(store, path, replace_source=replace_source, limits=settings,
                                   min_confidence=settings.tongxin_min_confidence)
    res.file = name
    res.notes = [n.replace(str(Path(tmp)), "") for n in res.notes]
    return LoadBody(**res.as_dict())
