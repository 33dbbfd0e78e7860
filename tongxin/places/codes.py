"""Division codes (统计用区划代码): their levels, the range of codes within one, and the graph ids and kinds
they give.

A code has its level's own length: 2 (province), 4 (city), 6 (county), 9 (township), 12 (village or
community; which of the two by the last three digits, :func:`village_level`). Padded with zeros to 12
digits a code is a number, and every code within it lies in :func:`code_range` — what the stores index
(`code_num`) and the queries' `within` parameters compare against.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Literal

from tongxin.errors import InvalidData, Problem

__all__ = ["CODE_LENGTHS", "LEVELS", "Level", "code_range", "place_id", "place_kind", "village_level"]

Level = Literal["province", "city", "county", "township", "village", "community"]
LEVELS: tuple[Level, ...] = ("province", "city", "county", "township", "village", "community")
CODE_LENGTHS: dict[Level, int] = {
    "province": 2,
    "city": 4,
    "county": 6,
    "township": 9,
    "village": 12,
    "community": 12,
}
_KINDS = {2: "Province", 4: "City", 6: "County", 9: "Township"}


def code_range(code: str) -> tuple[int, int]:
    """The 12-digit numeric range [lo, hi) of all codes within a division code (its own included)."""
    lo = int(code.ljust(12, "0"))
    return lo, lo + 10 ** (12 - len(code))


def place_id(code: str) -> str:
    """The graph id of the place with this code."""
    return f"place:{code}"


def village_level(code: str, name: str = "") -> Level:
    """Village vs community for a 12-digit code, by its last three digits.

    The statistical coding rules: 001–199 居民委员会 (community), 200–399 村民委员会 (village). The
    dataset also uses 400–499 for bodies *like* residents' committees (虚拟社区, communities in
    development zones, prisons, universities — 2,687 nationally, all named …社区 / …居委会 but 35) and
    500–599 for bodies *like* villagers' committees (生活区 of state farms, forestry centres and XPCC
    连队, 管理区 — 6,092 nationally). These are classified community and village respectively. Any other
    suffix (none in 2.7.0 once the 000 placeholder is dropped) falls back to the name: 社区/居委/居民 →
    community, otherwise village.
    """
    suffix = int(code[9:12])
    if 1 <= suffix <= 199 or 400 <= suffix <= 499:
        return "community"
    if 200 <= suffix <= 399 or 500 <= suffix <= 599:
        return "village"
    return "community" if ("社区" in name or "居委" in name or "居民" in name) else "village"


@lru_cache(maxsize=65_536)  # ledgers name the same villages again and again
def place_kind(code: str) -> str:
    """The Place kind (graph label) a division code denotes, by its length and, for 12 digits, the
    village/community rule of :func:`village_level` — so a loader's place node and the imported one carry
    the same labels and MERGE onto one node."""
    if not code.isdigit():
        raise InvalidData(Problem(f"division code must be digits, got {code!r}", "code"))
    if len(code) == 12:
        return "Community" if village_level(code) == "community" else "Village"
    kind = _KINDS.get(len(code))
    if kind is None:
        raise InvalidData(Problem(f"division code must have 2, 4, 6, 9 or 12 digits, got {code!r}", "code"))
    return kind
