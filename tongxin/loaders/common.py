"""What every loader shares: place nodes from the division tree, the Source node of a load, and the
all-or-nothing, idempotent write of one file."""

from __future__ import annotations

import re
from collections.abc import Sequence, Set
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

from tongxin.errors import InvalidData, Problem
from tongxin.graph import dates
from tongxin.graph.changes import ChangeSet
from tongxin.graph.history import Event, event_statement
from tongxin.graph.model import Edge, Node, normalise_name, place_id, place_kind
from tongxin.graph.placeset import SOURCE_ID as GAZETTEER_SOURCE
from tongxin.graph.stores.base import GraphStore
from tongxin.graph.writer import build_changeset, per_source, retract_source_statements, without_per_source
from tongxin.loaders.files import LEDGER_SUFFIXES
from tongxin.loaders.places import gazetteer_evidence
from tongxin.places.codes import code_range
from tongxin.places.gazetteer import Gazetteer
from tongxin.places.resolver import Resolution

# Names are at most this long, and node ids (kind:name@place) at most this many UTF-8 bytes: the embedded
# FalkorDB crashes on a unique-constrained value over 4096 bytes (see graph/stores/falkordb_.py).
MAX_NAME_CHARS = 500
MAX_ID_BYTES = 2048


def id_too_long(node_id: str) -> bool:
    return len(node_id.encode("utf-8")) > MAX_ID_BYTES


# Values that make sense: dates from the founding of the PRC to five years ahead (plans), unless a load says
# any date will do (`--any-date`); money amounts (yuan) not negative and at most a trillion.
FIRST_DATE = date(1949, 1, 1)
MAX_AMOUNT_YUAN = 1e12


def latest_date() -> date:
    today = date.today()
    return date(today.year + 5, today.month, min(today.day, 28))


def date_problem(iso: str) -> str | None:
    """Why an ISO date (YYYY, YYYY-MM or YYYY-MM-DD) is out of the sane range, or None."""
    try:
        first = dates.parse(iso).first
    except dates.BadDate as exc:
        return str(exc)
    if first < FIRST_DATE or first > latest_date():
        return (f"date {iso} is outside {FIRST_DATE.isoformat()}..{latest_date().isoformat()} "
                "(load with --any-date to accept it)")
    return None


# A sum of money as a report writes it: 6.6万元, 2.8亿元, 3000元 (约/达/共… in front are skipped; 20余万元,
# 10万余元 are read as at least that much).
MONEY_RE = re.compile(r"(?:了|约|达|共|总计|累计|近)?(\d+(?:\.\d+)?)[余多]?\s*(亿[余多]?元|万[余多]?元|亿|万|元)")


def parse_amount(text: str) -> int | None:
    """``120万元`` → 1200000, ``2.8亿元`` → 280000000, ``3000元`` → 3000, ``10余万元`` → 100000 (at least);
    None when ``text`` does not begin with a sum of money."""
    m = MONEY_RE.match(text)
    if not m:
        return None
    n = Decimal(m.group(1))
    unit = m.group(2)
    mult = 100_000_000 if unit.startswith("亿") else 10_000 if unit.startswith("万") else 1
    return int(n * mult)


def amount_problem(yuan: float) -> str | None:
    """Why a money amount (yuan) makes no sense, or None."""
    if yuan < 0:
        return "must not be negative"
    if yuan > MAX_AMOUNT_YUAN:
        return f"is over the bound of {MAX_AMOUNT_YUAN:,.0f} yuan"
    return None


@dataclass
class LoadResult:
    file: str
    source_id: str
    status: str  # "loaded" | "updated" | "unchanged" | "checked"
    nodes: int = 0
    edges: int = 0
    claims: int = 0
    rejected: int = 0
    notes: list[str] = field(default_factory=list)
    # the facts (edges) this load adds, changes and retracts against what the source states in the graph;
    # None until a load is compared with the graph (a dry run, or a write)
    added: int | None = None
    changed: int | None = None
    retracted: int | None = None
    content_hash: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


class PlaceNodes:
    """Collects the Place nodes (and PART_OF chain up to the province) a file refers to.

    `known`: ids of places the graph holds already; they are not built, nor their ancestors, and a place
    below one links to it. A place in the graph already has its PART_OF chain (the import and every loader
    write the chain with the place), so restating it would only cost a MERGE per place and per PART_OF edge,
    most of a ledger's write time. (A ledger gives a place no aliases or sources of its own: its mention of a
    place is its PAIRED_WITH edge, with the row as evidence.)"""

    def __init__(self, gazetteer: Gazetteer, known: Set[str] = frozenset()):
        self.gazetteer = gazetteer
        self.evidence = gazetteer_evidence(gazetteer)
        self.known = known
        self.nodes: dict[str, Node] = {}
        self.edges: list[Edge] = []

    def add(self, code: str, source_id: str | None, alias: str | None = None) -> str:
        """Add the place with `code` (and its ancestors, which the file does not state); return its id."""
        nid = place_id(code)
        if nid in self.known:
            return nid
        if nid not in self.nodes:
            place = self.gazetteer.get(code)
            if place is None:
                raise KeyError(code)
            lo, hi = code_range(code)
            self.nodes[nid] = Node(
                id=nid, kind=place_kind(code), name=place.name,
                props={"code": code, "official_name": place.official_name, "level": place.level,
                       "code_num": lo, "code_end": hi},
                aliases=sorted({place.official_name} - {place.name}), sources=[GAZETTEER_SOURCE],
            )
            if place.parent_code:
                self.add(place.parent_code, None)
                self.edges.append(Edge(type="PART_OF", source=nid, target=place_id(place.parent_code),
                                       source_id=GAZETTEER_SOURCE, evidence=self.evidence))
        node = self.nodes[nid]
        if alias and alias != node.name and alias not in node.aliases:
            node.aliases.append(alias)
        if source_id and source_id not in node.sources:
            node.sources.append(source_id)
        return nid


#: The least confidence at which a loader writes a place a name resolved to (settings: TONGXIN_MIN_CONFIDENCE;
#: CLI: --min-confidence). An exact name with its county is 1.0, an abbreviation or an old name 0.9, a stem
#: read as 东园村 0.8, 村 read as 社区 0.7, a village named with no county or township 0.6 or less.
DEFAULT_MIN_CONFIDENCE = 0.75


def place_problem(res: Resolution, name: str, min_confidence: float) -> tuple[str, tuple[str, ...]] | None:
    """Why a loader may not write the place ``name`` resolved to — not resolved, or below
    ``min_confidence`` — with the candidates to show (the given area's first); None when it may."""
    if res.status == "resolved":
        if res.confidence + 1e-9 >= min_confidence:
            return None
        why = f" ({res.note})" if res.note else ""
        return (f"{name!r} resolves to {res.code} {res.path_text} with confidence {res.confidence:.2f}{why}, "
                f"below the minimum {min_confidence:.2f}; add the county and township, or give the code",
                (f"{res.code} {res.path_text}",))
    if res.status == "ambiguous":
        cands = tuple(str(c) for c in res.candidates[:5])
        return (f"place {name!r} is ambiguous ({res.n_candidates} candidates); add the county and township, "
                "or give the code", cands)
    why = f": {res.note}" if res.note else ""
    return f"place {name!r} not found{why}", tuple(str(c) for c in res.suggestions[:5])


def known_place_ids(store: GraphStore, ids: Sequence[str]) -> set[str]:
    """The ids among `ids` of nodes the graph holds."""
    return {row[0] for row in store.query(
        "UNWIND $ids AS id MATCH (n:Entity {id: id}) RETURN n.id", {"ids": list(ids)}).rows}


def stored_hash(store: GraphStore, source_id: str) -> str | None:
    rows = store.query("MATCH (s:Source {id: $id}) RETURN s.content_hash", {"id": source_id}).rows
    return rows[0][0] if rows else None


# --- who owns a source id -----------------------------------------------------------------------------------
# A source id belongs to one origin: the division-code import (the gazetteer), one ledger file (by its name as
# given), or the case records that name it as their source.id. A load whose origin differs is refused unless
# it says it replaces the source on purpose (--replace-source): otherwise a record naming the gazetteer's id
# would retract the division tree, and `Ｃ１.csv` (the same id as `c1.csv` once normalised) would replace it.
def ledger_origin(file_name: str) -> str:
    return f"ledger-file:{file_name}"


def record_origin(source_id: str) -> str:
    return f"case-record:{source_id.removeprefix('source:')}"


def _stored_origin(source_id: str, origin: str | None, kind: str | None, file: str | None) -> str:
    """The origin a Source node records, or (written before origins were) the one its kind implies."""
    if origin:
        return origin
    if kind == "gazetteer":
        return "gazetteer"
    if kind == "ledger" and file and file.lower().endswith(LEDGER_SUFFIXES):
        return ledger_origin(file)
    return record_origin(source_id)


def describe_origin(origin: str) -> str:
    kind, _, name = origin.partition(":")
    if kind == "ledger-file":
        return f"the ledger file {name!r}"
    if kind == "case-record":
        return f"the case records with source.id {name!r}"
    return "the division-code import (gazetteer)" if origin == "gazetteer" else origin


@dataclass(frozen=True)
class Owner:
    """The origin a load claims its source id for, and where its file says so (for the problem)."""

    origin: str
    field: str
    line: int = 1
    replace: bool = False  # --replace-source: take the id over from another origin on purpose


# --- what a load changes, and the shrink guard ---------------------------------------------------------------
#: A reload may retract at most this share of the facts its source states without --allow-shrink.
MAX_SHRINK = 0.2


@dataclass(frozen=True)
class Diff:
    """What writing a source's new facts (edges) does to the facts it states now (`before`)."""

    before: int
    added: int
    changed: int
    retracted: int


def _fact(a: str, etype: str, key: str, b: str) -> tuple[str, str, str, str]:
    """What makes an edge one fact: its ends, type and key — but a source has one report text (HAS_TEXT),
    so a new text is that fact changed, not one retracted and one added."""
    return (a, etype, key, "" if etype == "HAS_TEXT" else b)


def own_values(props: dict[str, Any], source_id: str) -> dict[str, Any]:
    """An edge's properties as one source states them: its own value of each property kept per source
    (graph.writer.per_source), the others (the key) as they are."""
    stated = per_source(props)
    mine = stated.get(source_id, {})
    names = {name for values in stated.values() for name in values}
    return {**{k: v for k, v in without_per_source(props).items() if k not in names}, **mine}


def source_diff(store: GraphStore | None, source_id: str, edges: Sequence[Edge]) -> Diff:
    """Compare the edges a load states for `source_id` with those the graph holds from that source (none
    when `store` is None: a first load): an edge is the same fact when its ends, type and key are; changed
    when its evidence for this source or one of the properties the load gives differs from what this source
    states (own_values: not the value another source states)."""
    from tongxin.graph.ontology import load_ontology

    onto = load_ontology()
    old: dict[tuple[str, str, str, str], tuple[str, dict[str, Any]]] = {}
    stored = [] if store is None else store.query(
        "MATCH (a)-[r]->(b) WHERE $src IN r.sources "
        # an edge moved to the head of a judged cluster is compared at its stored ends (entities.resolve)
        "RETURN coalesce(r.orig_from, a.id), type(r), coalesce(r.orig_key, r.key), coalesce(r.orig_to, b.id), "
        "r.sources, r.evidence, properties(r)", {"src": source_id}).rows
    for a, etype, key, b, sources, evidence, props in stored:
        ev = evidence[sources.index(source_id)] if sources and source_id in sources else ""
        old[_fact(a, etype, key or "", b)] = (ev, {**own_values(props or {}, source_id), "_target": b})
    added = changed = 0
    seen: set[tuple[str, str, str, str]] = set()
    for e in edges:
        if e.source_id != source_id:
            continue
        k = _fact(e.source, e.type, e.key(onto), e.target)
        if k in seen:
            continue
        seen.add(k)
        if k not in old:
            added += 1
            continue
        ev, props = old[k]
        if (ev != e.evidence or props["_target"] != e.target
                or any(props.get(name) != value for name, value in e.props.items())):
            changed += 1
    return Diff(len(old), added, changed, len(set(old) - seen))


def shrink_problem(diff: Diff, result: LoadResult, *, rows: int | None, field_name: str) -> Problem | None:
    """Why a reload may not retract what it would without --allow-shrink: more than MAX_SHRINK of the
    source's facts, or any reload of a file with no rows."""
    sid = result.source_id.removeprefix("source:")
    if rows == 0 and diff.before:
        return Problem(f"has no rows: loading it would retract all {diff.before} facts of the source {sid!r} "
                       "(load with --allow-shrink, API allow_shrink=true, to do so on purpose)",
                       field_name, result.file, 1)
    if diff.retracted and diff.retracted > MAX_SHRINK * diff.before:
        return Problem(f"would retract {diff.retracted} of the {diff.before} facts of the source {sid!r} "
                       f"({diff.retracted / diff.before:.0%}, more than {MAX_SHRINK:.0%}); load with "
                       "--allow-shrink (API allow_shrink=true) to do so on purpose", field_name, result.file, 1)
    return None


class Shrink(InvalidData):
    """A reload refused by the shrink guard (shrink_problem)."""


def source_node(source_id: str, name: str, props: dict[str, Any]) -> Node:
    props = {k: v for k, v in props.items() if v is not None}
    props["loaded_at"] = datetime.now(UTC).isoformat(timespec="seconds")
    return Node(id=source_id, kind="Source", name=name, props=props, sources=[source_id])


def plan_write(
    store: GraphStore,
    result: LoadResult,
    nodes: Sequence[Node],
    edges: Sequence[Edge],
    content_hash: str,
    *,
    force: bool = False,
    owner: Owner | None = None,
    allow_shrink: bool = False,
    n_rows: int | None = None,
    dry_run: bool = False,
    who: str | None = None,
) -> ChangeSet | None:
    """The change set that writes one file (None: the file is unchanged, or `dry_run`), with `result`
    filled in as it will be once that change set is applied, and its added/changed/retracted counts.
    `owner`: the origin the file claims its source id for; a source id another origin owns is refused
    (InvalidData) unless `owner.replace`. A reload that would retract more than MAX_SHRINK of the source's
    facts, or of a file with no rows (`n_rows` = 0), is refused (Shrink) unless `allow_shrink`. `who`: the
    writer's name — the change set then appends the write's event to the history (graph.history)."""
    result.content_hash = content_hash
    rows = store.query("MATCH (s:Source {id: $id}) RETURN s.content_hash, s.origin, s.source_kind, s.file",
                       {"id": result.source_id}).rows
    previous = rows[0][0] if rows else None
    if rows and owner is not None and not owner.replace:
        held = _stored_origin(result.source_id, *rows[0][1:])
        if held != owner.origin:
            raise InvalidData(Problem(
                f"the source id {result.source_id.removeprefix('source:')!r} belongs to {describe_origin(held)}; "
                f"{describe_origin(owner.origin)} may not replace it (load with --replace-source to do so on "
                "purpose)", owner.field, result.file, owner.line))
    if previous == content_hash and not force:
        result.status = "unchanged"
        result.added = result.changed = result.retracted = 0
        return None
    diff = source_diff(store if previous else None, result.source_id, edges)
    result.added, result.changed, result.retracted = diff.added, diff.changed, diff.retracted
    result.nodes, result.edges = len(nodes), len(edges)
    why = None
    if previous and not allow_shrink:
        why = shrink_problem(diff, result, rows=n_rows, field_name=owner.field if owner else "file")
    if dry_run:  # what a load would do, refusal included, without writing
        result.status = "checked"
        if why is not None:
            result.notes.append(f"a load would be refused: {why.message}")
        return None
    if why is not None:
        raise Shrink(why)
    changes = _with_clusters(store, build_changeset(nodes, edges), nodes, edges,
                             retract=result.source_id if previous else None)
    result.status = "updated" if previous else "loaded"
    if who is not None:
        changes.extend([event_statement(Event(
            "reload" if previous else "load", who, result.source_id, Path(result.file).name, content_hash,
            diff.added, diff.changed, diff.retracted))])
    return changes


def _with_clusters(store: GraphStore, changes: ChangeSet, nodes: Sequence[Node], edges: Sequence[Edge], *,
                   retract: str | None) -> ChangeSet:
    """A load's change set with the judged clusters applied (tongxin.entities.resolve): the retraction of
    `retract` first, then the archive nodes of the ids written revived, the writer's statements, and the
    judged members among them folded into their heads again — so a load of either id lands on the head."""
    from tongxin.entities.resolve import load_statements

    ids = {n.id for n in nodes} | {e.source for e in edges} | {e.target for e in edges}
    before, after = load_statements(store, ids, retract=retract)
    out = ChangeSet(retract_source_statements(retract) if retract else [])
    out.extend(before)
    out.extend(changes)
    out.extend(after)
    return out


def unload_source(store: GraphStore, source_id: str, *, who: str | None = None) -> LoadResult:
    """Retract everything one source states (and its Source node), with its event in the history; the
    division-code import cannot be unloaded (its PART_OF edges hold the places together)."""
    sid = source_id if source_id.startswith("source:") else f"source:{source_id}"
    if sid == GAZETTEER_SOURCE:
        raise InvalidData(Problem("the division-code import cannot be unloaded", "source"))
    rows = store.query("MATCH (s:Source {id: $id}) RETURN s.file, s.content_hash", {"id": sid}).rows
    if not rows:
        raise InvalidData(Problem(f"no source {sid.removeprefix('source:')!r} is loaded", "source"))
    diff = source_diff(store, sid, [])
    result = LoadResult(rows[0][0] or "", sid, "unloaded", added=0, changed=0, retracted=diff.retracted,
                        content_hash=rows[0][1])
    changes = _with_clusters(store, ChangeSet(), [], [], retract=sid)
    if who is not None:
        changes.extend([event_statement(Event("unload", who, sid, rows[0][0], rows[0][1], 0, 0, diff.retracted))])
    store.apply(changes)
    return result


def name_agrees(name: str, place: Any) -> bool:
    """Whether a name as written plausibly denotes this place (its short or official name, or stem)."""
    text = normalise_name(name)
    short = normalise_name(place.name)
    official = normalise_name(place.official_name)
    stem = short.removesuffix("村").removesuffix("社区").removesuffix("街道")
    return text.endswith(short) or text.endswith(official) or (len(stem) >= 2 and stem in text)
