"""Divisions renamed or merged into another (郧县 → 郧阳区 2014, 襄樊市 → 襄阳市 2010, 思茅市 → 普洱市
2007): a curated table, ``data/renamed.csv``, one row per old name with today's code and its source.

The resolver indexes each old name (and its abbreviation) under today's code, at the cost of an
abbreviation, and says so in the resolution's note and the candidate's: ``郧县: renamed 郧阳区 in 2014``.
Grow the table from the names real reports use; ``tests/test_places_resolver.py`` checks every row
against the bundled dataset (the code exists and is named ``new_name``).
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from tongxin.places.gazetteer import DATA_DIR, GazetteerError

__all__ = ["RENAMED_FILE", "Renamed", "merged_away", "renamed_divisions"]

RENAMED_FILE = DATA_DIR / "renamed.csv"
_COLUMNS = ("old_name", "code", "new_name", "year", "change", "source")
_CHANGES = ("renamed", "merged")


@dataclass(frozen=True, slots=True)
class Renamed:
    old_name: str
    code: str
    new_name: str
    year: int
    change: str  # renamed | merged
    source: str

    def note(self) -> str:
        verb = "renamed" if self.change == "renamed" else "merged into"
        return f"{self.old_name}: {verb} {self.new_name} in {self.year}"


def read_renamed(path: Path) -> tuple[Renamed, ...]:
    """The rows of a renamed-divisions table; GazetteerError naming the line for a bad row."""
    out: list[Renamed] = []
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh, strict=True)
        if tuple(reader.fieldnames or ()) != _COLUMNS:
            raise GazetteerError(f"{path}: line 1: expected the columns {', '.join(_COLUMNS)}")
        for row in reader:
            line = reader.line_num
            values = {k: (row.get(k) or "").strip() for k in _COLUMNS}
            missing = [k for k, v in values.items() if not v]
            if missing or None in row:
                raise GazetteerError(f"{path}: line {line}: missing or extra field(s) {', '.join(missing)}")
            code, year, change = values["code"], values["year"], values["change"]
            if not (code.isascii() and code.isdigit() and len(code) in (4, 6, 9)):
                raise GazetteerError(f"{path}: line {line}: code: {code!r} is not a city, county or township code")
            if not (year.isdigit() and 1949 <= int(year) <= 2100):
                raise GazetteerError(f"{path}: line {line}: year: {year!r} is not a year")
            if change not in _CHANGES:
                raise GazetteerError(f"{path}: line {line}: change: {change!r} is not one of {', '.join(_CHANGES)}")
            out.append(Renamed(values["old_name"], code, values["new_name"], int(year), change, values["source"]))
    return tuple(out)


@cache
def renamed_divisions() -> tuple[Renamed, ...]:
    """The bundled table (read once)."""
    return read_renamed(RENAMED_FILE)


@cache
def merged_away() -> dict[str, Renamed]:
    """The rows of divisions merged into another (江干区 into 上城区), by old name."""
    return {r.old_name: r for r in renamed_divisions() if r.change == "merged"}
