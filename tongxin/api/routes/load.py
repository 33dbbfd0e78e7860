"""Writes: load a case record or a pairing ledger. Needs the bearer token (TONGXIN_API_TOKEN)."""

from __future__ import annotations

import hashlib
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Annotated

from fastapi import APIRouter, Depends, File, Form, UploadFile

from tongxin.api.deps import SettingsDep, StoreDep, WriterDep, require_write
from tongxin.api.guard import TooLarge
from tongxin.errors import BadParameter, InvalidData
from tongxin.graph.history import Event, record
from tongxin.graph.stores.base import GraphStore
from tongxin.loaders.caserecord import ReportText
from tongxin.loaders.common import LoadResult
from tongxin.loaders.files import Loader, loader_for
from tongxin.queries.bodies import LoadBody
from tongxin.settings import Settings
from tongxin.textnorm import decode_chinese

router = APIRouter(tags=["load"], dependencies=[Depends(require_write)])


@router.post("/load", response_model=LoadBody)
def load(
    store: StoreDep,
    settings: SettingsDep,
    who: WriterDep,
    file: Annotated[UploadFile, File(description="a case record (.yaml/.yml/.json) or ledger (.csv/.xlsx/.xlsm)")],
    context: Annotated[str | None, Form(max_length=200, description="ledgers: place context, e.g. 十堰市")] = None,
    skip_invalid: Annotated[bool, Form()] = False,
    replace_source: Annotated[bool, Form(description="take over a source id another file or kind owns")] = False,
    report: Annotated[UploadFile | None, File(description="case records: the report text (UTF-8) its evidence "
                                              "quotes; needed unless it is one of the bundled reports")] = None,
    dry_run: Annotated[bool, Form(description="validate, resolve and compare with what is loaded (added, changed, "
                                  "retracted), as `tongxin load --dry-run`; write nothing")] = False,
    allow_shrink: Annotated[bool, Form(description="let a reload retract more than 20% of its source's facts, "
                                       "or a file with no rows replace a source")] = False,
) -> LoadBody:
    """Load one file, all-or-nothing (or, for ledgers with skip_invalid, the good rows). A case record's
    evidence quotes are always checked against its report's text: upload it as `report` with the record."""
    name = Path(file.filename or "upload").name
    if len(name.encode()) > 200 or any(ord(c) < 32 or ord(c) == 127 for c in name):
        raise BadParameter("file", "the file name must be at most 200 bytes, without control characters")
    try:
        loader = loader_for(name)
    except InvalidData as exc:
        raise BadParameter("file", exc.problems[0].message) from None
    limit = settings.tongxin_max_upload_bytes  # the body was cut off at it already (tongxin.api.guard)
    data = file.file.read(limit + 1)
    if len(data) > limit:
        raise TooLarge(f"the upload is larger than the limit of {limit:,} bytes (TONGXIN_MAX_UPLOAD_BYTES)")
    text = None
    if report is not None:
        if loader == "ledger":
            raise BadParameter("report", "a report text goes with a case record, not with a ledger")
        report_name = Path(report.filename or "report.txt").name
        if len(report_name.encode()) > 200 or any(ord(c) < 32 or ord(c) == 127 for c in report_name):
            raise BadParameter("report", "the file name must be at most 200 bytes, without control characters")
        raw = report.file.read(limit + 1)
        if len(data) + len(raw) > limit:
            raise TooLarge(f"the upload is larger than the limit of {limit:,} bytes (TONGXIN_MAX_UPLOAD_BYTES)")
        try:
            text = ReportText(report_name, decode_chinese(raw)[0], hashlib.sha256(raw).hexdigest())
        except UnicodeDecodeError:
            raise BadParameter("report", f"the report {report_name!r} is not UTF-8, GBK or Big5 text") from None
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / name
        path.write_bytes(data)
        try:
            res = _load(store, settings, path, loader, text, context=context, skip_invalid=skip_invalid,
                        replace_source=replace_source, dry_run=dry_run, allow_shrink=allow_shrink, who=who)
        except InvalidData as exc:  # the problems name the file as uploaded, not the temporary copy
            refused = InvalidData([replace(p, file=name) if p.file == str(path) else p for p in exc.problems])
            if not dry_run:  # the history records refused writes too, with the reason
                record(store, Event("refused", who, file=name,
                                    reason="\n".join(str(p) for p in refused.problems[:20])))
            raise refused from None
    res.file = name
    res.notes = [n.replace(str(Path(tmp)), "") for n in res.notes]
    return LoadBody(**res.as_dict())


def _load(store: GraphStore, settings: Settings, path: Path, loader: Loader, text: ReportText | None, *,
          context: str | None, skip_invalid: bool, replace_source: bool, dry_run: bool,
          allow_shrink: bool, who: str) -> LoadResult:
    from tongxin.loaders.caserecord import load_case_record
    from tongxin.loaders.ledger import load_ledger

    if loader == "ledger":
        return load_ledger(store, path, context=[context] if context else [], skip_invalid=skip_invalid,
                           replace_source=replace_source, limits=settings, dry_run=dry_run,
                           allow_shrink=allow_shrink, root=path.parent, who=who,
                           min_confidence=settings.tongxin_min_confidence)
    return load_case_record(store, path, replace_source=replace_source, limits=settings,
                            min_confidence=settings.tongxin_min_confidence, dry_run=dry_run,
                            allow_shrink=allow_shrink, report=text, who=who,
                            missing_hint="; upload it with the record as the form field `report`")
