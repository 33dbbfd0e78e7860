"""Import the official division tree into the graph: Place nodes labelled by level, PART_OF edges.

Levels are imported top-down, in batches, each batch an idempotent MERGE; after a level is complete its
name is added to the gazetteer Source node's `levels_done`, and removed again before it is re-imported.
An interrupted import therefore leaves at most one level marked incomplete — `tongxin status` says so
— and re-running the command completes it. The places' village counts (graph.writer.PLACE_ROLLUP) are
recounted in the change set that marks the village level complete.

An import given its writer's name (`who`) appends its event to the history (tongxin.graph.history) in the
change set that marks its last level complete: the dataset as the file, its SHA-256 as the content hash, the
PART_OF edges it created as facts added (a re-import adds none: it restates what the graph holds, and keeps
what other sources stated). An interrupted import has no event; re-running it completes it and records one.
An import refused (another dataset than the graph's) records a `refused` event with the reason.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from tongxin.gcpause import gc_paused
from tongxin.graph import placeset
from tongxin.graph.changes import ChangeSet, Statement
from tongxin.graph.history import Event, event_statement
from tongxin.graph.history import record as record_event
from tongxin.graph.model import place_id
from tongxin.graph.placeset import SOURCE_ID, PlacesMismatch
from tongxin.graph.stores.base import GraphStore
from tongxin.graph.writer import PLACE_ROLLUP_ALL
from tongxin.places.codes import code_range

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

def gazetteer_evidence(gazetteer: Gazetteer) -> str:
    """The evidence of a PART_OF edge from the division dataset."""
    ds = gazetteer.dataset
    return f"统计用区划代码 ({ds.name}@{ds.version})" if ds else "统计用区划代码"

BATCH = 10_000
PINYIN_LEVELS = {"province", "city", "county", "township"}

# Rows are positional lists, which the FalkorDB store prints with json (tongxin.graph.writer explains):
#   node row: [id, code, name, official_name, level, aliases, pinyin, code_num, code_end, pinyin_keys,
#              pinyin_tails]   (_row; the pinyin of graph.writer.pinyin_props)
#   edge row: [child id, parent id]
# A re-import merges: the aliases (and their pinyin search keys) and sources that case records and ledgers
# added to a place, and the sources and evidence of its PART_OF edge, are kept; the gazetteer's own are
# added once.
_NODE = (
    "UNWIND $rows AS row MERGE (n:Entity:Place:{kind} {{id: row[0]}}) "
    "SET n.code = row[1], n.name = row[2], n.official_name = row[3], n.level = row[4], "
    "n.aliases = row[5] + [a IN coalesce(n.aliases, []) WHERE NOT a IN row[5]], "
    "n.pinyin = row[6], n.code_num = row[7], n.code_end = row[8], "
    "n.pinyin_keys = CASE WHEN row[9] IS NULL THEN n.pinyin_keys "
    "ELSE row[9] + [k IN coalesce(n.pinyin_keys, []) WHERE NOT k IN row[9]] END, "
    "n.pinyin_tails = CASE WHEN row[10] IS NULL THEN n.pinyin_tails "
    "ELSE row[10] + [k IN coalesce(n.pinyin_tails, []) WHERE NOT k IN row[10]] END, "
    "n.sources = CASE WHEN $src IN coalesce(n.sources, []) THEN n.sources ELSE coalesce(n.sources, []) + [$src] END"
)
_EDGE = (
    "UNWIND $rows AS row MATCH (c:Entity {id: row[0]}) MATCH (p:Entity {id: row[1]}) "
    "MERGE (c)-[r:PART_OF {key: ''}]->(p) "
    "SET r.evidence = CASE WHEN $src IN coalesce(r.sources, []) THEN r.evidence "
    "ELSE coalesce(r.evidence, []) + [$ev] END, "
    "r.sources = CASE WHEN $src IN coalesce(r.sources, []) THEN r.sources ELSE coalesce(r.sources, []) + [$src] END"
)


@dataclass
class ImportReport:
    nodes: dict[str, int]
    edges: int
    levels_done: list[str]


@lru_cache(maxsize=65_536)
def _pinyin(name: str, official_name: str) -> tuple[str | None, list[str], list[str]]:
    # names repeat (城关镇, 新华街道 …): cached. graph.writer imports pypinyin only when called: it loads its
    # phrase dictionary on import, and every loader imports this module for its constants
    from tongxin.graph.writer import pinyin_props

    props = pinyin_props(name, [official_name] if official_name != name else [])
    return props["pinyin"], props["pinyin_keys"], props["pinyin_tails"]


def _row(place: Any) -> list[Any]:
    """A place's node row (the layout above _NODE)."""
    lo, hi = code_range(place.code)
    pinyin, keys, tails = _pinyin(place.name, place.official_name) if place.level in PINYIN_LEVELS else (None, None, None)
    return [place_id(place.code), place.code, place.name, place.official_name, place.level,
            [place.official_name] if place.official_name != place.name else [],
            pinyin, lo, hi, keys, tails]


def _level_key(level: str) -> str:
    return "village" if level == "community" else level


def levels_done(store: GraphStore) -> list[str]:
    rows = store.query("MATCH (s:Source {id: $id}) RETURN s.levels_done AS done", {"id": SOURCE_ID}).rows
    return list(rows[0][0] or []) if rows else []


def _mark(store: GraphStore, done: Sequence[str], record: Statement, *, recount: bool = False,
          event: Statement | None = None) -> None:
    """Record the dataset and the levels complete; `recount`: recount every place's villages in the same
    change set; `event`: the import's history event, written with it."""
    stmts = [Statement(cypher) for cypher in PLACE_ROLLUP_ALL] if recount else []
    stmts.append(record)
    stmts.append(Statement("MATCH (s:Source {id: $id}) SET s.levels_done = $done", {"id": SOURCE_ID, "done": list(done)}))
    if event is not None:
        stmts.append(event)
    store.apply(ChangeSet(stmts))


def _merged_scope(store: GraphStore, gazetteer: Gazetteer) -> tuple[str, ...]:
    """The area the graph holds once ``gazetteer``'s places are in: the union of the recorded area and
    this one (() — the whole country — absorbs any other). Refuses another dataset."""
    from tongxin.places.dataset import normalise_within

    ds = gazetteer.dataset
    if ds is None:
        raise PlacesMismatch("places without a dataset identity cannot be imported "
                             "(load them with tongxin.places.dataset.load_gazetteer or load_resolver)")
    rec = placeset.recorded(store)
    if rec is None:
        return tuple(gazetteer.within)
    if rec.sha256 != ds.sha256:
        raise PlacesMismatch(
            f"the graph holds places of {rec.describe()}; importing {ds} into it would mix two releases' codes. "
            "Use a new graph (TONGXIN_GRAPH) or data directory (TONGXIN_DATA_DIR)"
        )
    if rec.within is None:  # loads recorded the dataset; nothing was imported yet
        return tuple(gazetteer.within)
    if not rec.within or not gazetteer.within:
        return ()
    return normalise_within([*rec.within, *gazetteer.within])


@gc_paused()
def import_places(
    store: GraphStore,
    gazetteer: Gazetteer,
    *,
    levels: Iterable[str] = LEVELS,
    progress: Callable[[str, int, int], None] | None = None,
    batch: int = BATCH,
    who: str | None = None,
) -> ImportReport:
    """Import the gazetteer's places of the given levels (and the PART_OF edges to their parents).

    `progress(level, done, total)` is called after every batch. Runs with the cyclic GC paused
    (tongxin.gcpause). The graph records the dataset and the area (tongxin.graph.placeset): a gazetteer of
    another dataset is refused with PlacesMismatch before anything is written; an area adds to the one
    recorded. `who`: the writer's name — the import then appends its event to the history (module
    docstring).
    """
    try:
        scope = _merged_scope(store, gazetteer)
    except PlacesMismatch as exc:  # refused: nothing written; the history says so, with the reason
        if who is not None:
            ds = gazetteer.dataset
            record_event(store, Event("refused", who, SOURCE_ID, f"{ds.name}@{ds.version}" if ds else None,
                                ds.sha256 if ds else None, reason=str(exc)))
        raise
    assert gazetteer.dataset is not None  # _merged_scope refused it otherwise
    record = placeset.record_statement(gazetteer.dataset, scope, placeset.dataset_path(gazetteer))
    evidence = gazetteer_evidence(gazetteer)
    wanted = [lv for lv in LEVELS if lv in set(levels)]
    by_level: dict[str, list[Any]] = {lv: [] for lv in wanted}
    for place in gazetteer.iter_places():
        key = _level_key(place.level)
        if key in by_level:
            by_level[key].append(place)
    done = [lv for lv in levels_done(store) if lv not in wanted]
    nodes: dict[str, int] = {}
    edges = created = 0
    for level in wanted:
        _mark(store, done, record)  # this level is not complete until we say so
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
                stmts.append(Statement(_EDGE, {"rows": links, "src": SOURCE_ID, "ev": evidence}, len(links),
                                       id_columns=2))
                edges += len(links)
            created += store.apply(ChangeSet(stmts)).relationships_created
            if progress:
                progress(level, min(start + batch, total), total)
        if progress and not total:
            progress(level, 0, 0)
        done.append(level)
        # the places' village counts (graph.writer.PLACE_ROLLUP) are recounted once the village level is
        # complete, with the mark that says so: one pass over 41k townships instead of a recount per
        # batch; until then the level is reported incomplete (`tongxin status`)
        event = None
        if who is not None and level == wanted[-1]:
            ds = gazetteer.dataset
            event = event_statement(Event("import", who, SOURCE_ID, f"{ds.name}@{ds.version}", ds.sha256,
                                          created, 0, 0))
        _mark(store, done, record, recount=level == "village", event=event)
    placeset.forget(store)
    return ImportReport(nodes, edges, done)
