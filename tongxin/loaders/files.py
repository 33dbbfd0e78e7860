"""Which loader a file goes to, by its suffix: the one table the CLI (`tongxin load`) and the API
(`POST /load`) both read."""

from __future__ import annotations

from pathlib import PurePath
from typing import Literal

from tongxin.errors import InvalidData, Problem

Loader = Literal["case_record", "ledger"]

LOADERS: dict[str, Loader] = {
    ".yaml": "case_record",
    ".yml": "case_record",
    ".json": "case_record",
    ".csv": "ledger",
    ".xlsx": "ledger",
    ".xlsm": "ledger",
}
LEDGER_SUFFIXES = tuple(suffix for suffix, loader in LOADERS.items() if loader == "ledger")
SUFFIXES_TEXT = ", ".join(LOADERS)  # for help texts and errors


def loader_for(name: str | PurePath) -> Loader:
    """The loader of a file, or InvalidData naming the file and its suffix."""
    suffix = PurePath(name).suffix.lower()
    loader = LOADERS.get(suffix)
    if loader is None:
        raise InvalidData(Problem(f"unsupported file type {suffix or '(none)'}: tongxin loads {SUFFIXES_TEXT} "
                                  "(case records: .yaml/.yml/.json; pairing ledgers: .csv/.xlsx/.xlsm)",
                                  file=str(name)))
    return loader
