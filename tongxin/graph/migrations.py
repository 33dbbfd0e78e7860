"""Data migrations: what a graph written by an earlier tongxin needs before today's queries answer right.

Every store's `ensure_schema` calls `migrate(store, indexes)` with the (label, property) indexes the graph
has *before* creating today's, so a migration can tell an old graph by an index that came with the change
(the marker is set by the same `ensure_schema` that ran it). A migration's statements are one change set:
all or nothing, idempotent, on either engine. A migration whose values are computed in Python (`compute`:
it reads the graph and returns the statements) is one change set as well.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tongxin.graph.changes import ChangeSet, Statement
from tongxin.graph.writer import BATCH, NO_PINYIN_KINDS, PINYIN_BASES, PLACE_ROLLUP_ALL, pinyin_props

if TYPE_CHECKING:
    from tongxin.graph.stores.base import GraphStore

__all__ = ["MIGRATIONS", "Migration", "migrate", "pending"]


@dataclass(frozen=True)
class Migration:
    name: str
    why: str
    needed: Callable[[Collection[tuple[str, str]]], bool]  # given the indexes the graph has
    statements: tuple[str, ...] = ()
    compute: Callable[[GraphStore], list[Statement]] | None = None


# the node kinds graph.writer gives pinyin to, as a Cypher condition on `n` (labels from constants)
_SEARCHED = "(" + " OR ".join(f"n:{b}" for b in sorted(PINYIN_BASES)) + ") AND " + " AND ".join(
    f"NOT n:{k}" for k in sorted(NO_PINYIN_KINDS))
_SET_PINYIN = ("UNWIND $rows AS row MATCH (n:Entity {id: row[0]}) "
               "SET n.pinyin = row[1], n.pinyin_keys = row[2], n.pinyin_tails = row[3]")


def _pinyin_statements(store: GraphStore) -> list[Statement]:
    """The pinyin search keys of every node of a searched kind that has none (graph.writer.pinyin_props)."""
    rows = store.query(f"MATCH (n:Entity) WHERE n.pinyin_keys IS NULL AND n.name IS NOT NULL AND {_SEARCHED} "
                       "RETURN n.id, n.name, n.aliases ORDER BY n.id").rows
    out = []
    for r in rows:
        p = pinyin_props(r[1], list(r[2] or []))
        out.append([r[0], p["pinyin"], p["pinyin_keys"], p["pinyin_tails"]])
    return [Statement(_SET_PINYIN, {"rows": out[i:i + BATCH]}, len(out[i:i + BATCH]), id_columns=1)
            for i in range(0, len(out), BATCH)]


# A partial date's bounds, in Cypher: what tongxin.graph.dates computes for every write since they came.
_YEAR = "toInteger(substring({d}, 0, 4))"
_MONTH = "CASE WHEN size({d}) >= 7 THEN toInteger(substring({d}, 5, 2)) END"
_FIRST_DAY = (f"{_YEAR} * 10000 + coalesce({_MONTH}, 1) * 100"
              " + CASE WHEN size({d}) = 10 THEN toInteger(substring({d}, 8, 2)) ELSE 1 END")
_MONTH_DAYS = ("CASE WHEN {m} IN [4, 6, 9, 11] THEN 30 WHEN {m} <> 2 THEN 31 "
               "WHEN ({y} % 4 = 0 AND {y} % 100 <> 0) OR {y} % 400 = 0 THEN 29 ELSE 28 END")
_LAST_DAY = (f"{_YEAR} * 10000 + coalesce({_MONTH}, 12) * 100 + CASE WHEN size({{d}}) = 10 "
             f"THEN toInteger(substring({{d}}, 8, 2)) ELSE "
             + _MONTH_DAYS.format(m=f"coalesce({_MONTH}, 12)", y=_YEAR) + " END")


def first_day(d: str) -> str:
    """Cypher for the first day (yyyymmdd) of the partial ISO date the expression `d` holds."""
    return _FIRST_DAY.format(d=d)


def last_day(d: str) -> str:
    """Cypher for the last day (yyyymmdd) of the partial ISO date the expression `d` holds."""
    return _LAST_DAY.format(d=d)


DATE_BOUNDS = (
    "MATCH ()-[r]->() WHERE r.since IS NOT NULL AND r.since_lo IS NULL AND size(r.since) IN [4, 7, 10] "
    f"SET r.since_lo = {first_day('r.since')}",
    "MATCH ()-[r]->() WHERE r.until IS NOT NULL AND r.until_hi IS NULL AND size(r.until) IN [4, 7, 10] "
    f"SET r.until_hi = {last_day('r.until')}",
    "MATCH (c:Claim) WHERE c.as_of IS NOT NULL AND c.as_of_lo IS NULL AND size(c.as_of) IN [4, 7, 10] "
    f"SET c.as_of_lo = {first_day('c.as_of')}, c.as_of_hi = {last_day('c.as_of')}",
)

MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        "place-village-counts",
        "coverage totals sum the villages and communities counted on townships and the places above them "
        "(graph/writer.py PLACE_ROLLUP); a graph written before they were kept has none, and its coverage "
        "totals would read 0. The Township.code_num index came with the counts.",
        lambda indexes: ("Township", "code_num") not in indexes,
        PLACE_ROLLUP_ALL,
    ),
    Migration(
        "date-bounds",
        "as_of compares the integer bounds of dates (tongxin.graph.dates): since_lo and until_hi on edges, "
        "as_of_lo and as_of_hi on claims; a graph written before they were kept has only the text, and would "
        "count every dated pairing as in force. The Claim.as_of_hi index came with the bounds.",
        lambda indexes: ("Claim", "as_of_hi") not in indexes,
        DATE_BOUNDS,
    ),
    Migration(
        "pinyin-for-every-kind",
        "search finds organisations, enterprises, people, programs and places by full pinyin, initials, other "
        "readings and later syllables (textnorm.pinyin_keys); a graph written before kept pinyin for places "
        "alone, as one string. The index on Entity.pinyin_keys (Neo4j: the full-text entity_pinyin_keys) "
        "came with the keys.",
        lambda indexes: ("Entity", "pinyin_keys") not in indexes,
        compute=_pinyin_statements,
    ),
)


def pending(indexes: Collection[tuple[str, str]]) -> list[Migration]:
    return [m for m in MIGRATIONS if m.needed(indexes)]


def migrate(store: GraphStore, indexes: Collection[tuple[str, str]]) -> list[str]:
    """Run every migration the graph needs, each as one change set; returns their names."""
    done = []
    for m in pending(indexes):
        stmts = [Statement(s) for s in m.statements] + (m.compute(store) if m.compute else [])
        if stmts:
            store.apply(ChangeSet(stmts))
        done.append(m.name)
    return done
