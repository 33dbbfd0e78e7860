"""Data migrations: what a graph written by an earlier tongxin needs before today's queries answer right.

Every store's `ensure_schema` calls `migrate(store, indexes)` with the (label, property) indexes the graph
has *before* creating today's, so a migration can tell an old graph by an index that came with the change
(the marker is set by the same `ensure_schema` that ran it). A migration's statements are one change set:
all or nothing, idempotent, on either engine.
"""

from __future__ import annotations

from collections.abc import Callable, Collection
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tongxin.graph.writer import PLACE_ROLLUP_ALL, ChangeSet, Statement

if TYPE_CHECKING:
    from tongxin.graph.stores.base import GraphStore

__all__ = ["MIGRATIONS", "Migration", "migrate", "pending"]


@dataclass(frozen=True)
class Migration:
    name: str
    why: str
    needed: Callable[[Collection[tuple[str, str]]], bool]  # given the indexes the graph has
    statements: tuple[str, ...]


MIGRATIONS: tuple[Migration, ...] = (
    Migration(
        "place-village-counts",
        "coverage totals sum the villages and communities counted on townships and the places above them "
        "(graph/writer.py PLACE_ROLLUP); a graph written before they were kept has none, and its coverage "
        "totals would read 0. The Township.code_num index came with the counts.",
        lambda indexes: ("Township", "code_num") not in indexes,
        PLACE_ROLLUP_ALL,
    ),
)


def pending(indexes: Collection[tuple[str, str]]) -> list[Migration]:
    return [m for m in MIGRATIONS if m.needed(indexes)]


def migrate(store: GraphStore, indexes: Collection[tuple[str, str]]) -> list[str]:
    """Run every migration the graph needs, each as one change set; returns their names."""
    done = []
    for m in pending(indexes):
        store.apply(ChangeSet([Statement(s) for s in m.statements]))
        done.append(m.name)
    return done
