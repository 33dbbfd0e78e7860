"""Dates as the sources give them: a year, a month or a day (`2021`, `2021-06`, `2021-06-15`).

A partial date stands for the whole period it names: `2021` is every day from 2021-01-01 to 2021-12-31.
The graph keeps what the source said (the ISO text, e.g. a pairing's `since`) and, next to it, the
period's bounds as integers yyyymmdd, so that a date comparison is a range check on either engine:

- `since_lo`: the first day of the `since` period (a pairing "since 2021" began on 2021-01-01 at the
  earliest);
- `until_hi`: the last day of the `until` period (a pairing "until 2023-06" ran to 2023-06-30 at the
  latest);
- a claim's `as_of_lo` / `as_of_hi`: the first and last day of its date.

The rule (docs/guarantees.md, "Dates"): a fact with a period [since, until] is **in force as of** a date D
when the two periods can overlap — it began on or before D's last day and had not ended before D's first
day: `since_lo <= D_hi AND until_hi >= D_lo`, a missing bound being open. So a pairing "since 2021" is in
force on 2021-06-30 and as of 2021; a pairing since 2022-01 is not in force as of 2021.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

ISO_PARTIAL = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")
FORMS = "YYYY, YYYY-MM or YYYY-MM-DD"

#: edge properties holding a date, and the integer bound kept next to each (set by graph.model.Edge)
EDGE_BOUNDS = {"since": "since_lo", "until": "until_hi"}
#: every bound kept next to a date: for comparisons, not for showing (views show the date as given)
BOUND_PROPS = frozenset({*EDGE_BOUNDS.values(), "as_of_lo", "as_of_hi"})


def day_number(d: date) -> int:
    """A day as the integer yyyymmdd (orders as the days do)."""
    return d.year * 10_000 + d.month * 100 + d.day


@dataclass(frozen=True)
class PartialDate:
    text: str  # as given: YYYY, YYYY-MM or YYYY-MM-DD
    first: date  # the first day of the period it names
    last: date  # the last day

    @property
    def lo(self) -> int:
        return day_number(self.first)

    @property
    def hi(self) -> int:
        return day_number(self.last)


class BadDate(ValueError):
    """A text that is not a date of the forms accepted; the message says why."""


@lru_cache(maxsize=4096)  # ledgers repeat a few dates in thousands of rows
def parse(text: str) -> PartialDate:
    """The period an ISO date names; raises BadDate naming what is wrong (`2021-13`: no month 13)."""
    m = ISO_PARTIAL.fullmatch(text) if isinstance(text, str) else None
    if m is None:
        raise BadDate(f"{text!r} is not a date ({FORMS})")
    year, month, day = int(m[1]), m[2], m[3]
    if year < 1:
        raise BadDate(f"{text!r} is not a date: there is no year 0")
    if month is None:
        return PartialDate(text, date(year, 1, 1), date(year, 12, 31))
    if not 1 <= int(month) <= 12:
        raise BadDate(f"{text!r} is not a date: there is no month {int(month)}")
    last_day = calendar.monthrange(year, int(month))[1]
    if day is None:
        return PartialDate(text, date(year, int(month), 1), date(year, int(month), last_day))
    if not 1 <= int(day) <= last_day:
        raise BadDate(f"{text!r} is not a date: {year}-{month} has no day {int(day)}")
    d = date(year, int(month), int(day))
    return PartialDate(text, d, d)


def problem(text: str) -> str | None:
    """Why `text` is not a date of the accepted forms, or None."""
    try:
        parse(text)
    except BadDate as exc:
        return str(exc)
    return None


def edge_bounds(props: Mapping[str, object]) -> dict[str, int]:
    """The integer bounds to keep next to an edge's date properties (`since` -> `since_lo`, `until` ->
    `until_hi`); a value that is not a date gets none (validation says what is wrong with it)."""
    out: dict[str, int] = {}
    for key, bound in EDGE_BOUNDS.items():
        value = props.get(key)
        if isinstance(value, str):
            try:
                period = parse(value)
            except BadDate:
                continue
            out[bound] = period.lo if bound.endswith("_lo") else period.hi
    return out

