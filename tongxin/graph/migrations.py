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

from tongxin.graph.writer import (
    BATCH,
    NO_PINYIN_KINDS,
    PINYIN_BASES,
    PLACE_ROLLUP_ALL,
    ChangeSet,
    Statement,
    pinyin_props,
)

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
