"""Many reports at once: :func:`extract_many` shares them among forked processes.

The workers are forked after the extractor has warmed up (jieba's dictionary, the place index, the lexicon),
so each shares them with the parent instead of loading its own; what each report gives comes back in the
reports' order, and the drafts are the same whatever the number of processes. Where ``fork`` is not a start
method (Windows) the reports are extracted one after another in this process.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

from tongxin.errors import TongxinError
from tongxin.extract.draft import DraftRecord
from tongxin.extract.report import _DEFAULT, extract_report, warm_up

__all__ = ["extract_many"]

# what the batch shares with its workers, set before they are forked
_JOB: dict[str, Any] = {}


def _one(item: str) -> str | None:
    try:
        draft = extract_report(item, backend=_JOB["backend"], pair_model=_JOB["pair_model"])
        if _JOB["then"] is not None:
            _JOB["then"](item, draft)
    except TongxinError as exc:
        return str(exc)
    return None


def extract_many(items: Sequence[str | Path], then: Callable[[str, DraftRecord], None] | None = None, *,
                 jobs: int = 0, backend: Any = _DEFAULT, pair_model: Any = _DEFAULT) -> Iterator[str | None]:
    """Extract each report of ``items`` (paths, or report texts) and call ``then(item, draft)`` with its draft
    in the process that extracted it (to write it, say); yield, in the items' order, None for each report done
    or the problem that kept it from being read (a :class:`~tongxin.errors.TongxinError`'s message).
    ``jobs``: how many processes (0: one per CPU core; never more than there are items)."""
    names = [str(x) for x in items]
    workers = min(jobs or os.cpu_count() or 1, len(names))
    _JOB.update(backend=backend, pair_model=pair_model, then=then)
    try:
        with contextlib.ExitStack() as stack:
            if workers > 1 and "fork" in multiprocessing.get_all_start_methods():
                warm_up(backend)  # once, before the fork, not once in each worker
                pool = stack.enter_context(multiprocessing.get_context("fork").Pool(workers))
                yield from pool.imap(_one, names, chunksize=4)
            else:
                yield from map(_one, names)
    finally:
        _JOB.clear()
