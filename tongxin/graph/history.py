"""The history of writes: an Event node per write — a load, reload or unload, a place import
(tongxin.loaders.places), and a write refused, with its reason — kept in the store with the graph, so it survives restarts and backups (`tongxin export --all`
includes it; graph.backup.fingerprint, the content hash, leaves it out: a history is not content).

An event records when (UTC), who (the write token's name over the API, `cli` from the command line), what
(file name, source id, content hash) and the counts of facts (edges) added, changed and retracted. A
judgement (`judge`) records who (the token's name over the API, the author given or the login name in the
CLI), the two ids, the decision and note, and the members folded / unfolded and edges moved
(tongxin.entities.resolve). A write's
event goes into the write's own change set (all of it or none); a refused write's event is written alone.

Event nodes carry no `sources`: the retraction of a source (writer.retract_source_statements) never
removes them.
"""

from __future__ import annotations

import uuid
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from typing import Any

from tongxin.graph.changes import ChangeSet, Statement
from tongxin.graph.stores.base import GraphStore

ACTIONS = ("load", "reload", "unload", "import", "refused", "judge")
MAX_REASON_CHARS = 2_000


@dataclass(frozen=True)
class Event:
    action: str
    who: str
    source: str | None = None
    file: str | None = None
    content_hash: str | None = None
    added: int | None = None
    changed: int | None = None
    retracted: int | None = None
    reason: str | None = None
    # a judgement (tongxin.entities.judgements): the two ids, the decision and its note; `added` then counts
    # the members folded into a head, `retracted` those unfolded, `changed` the edges moved either way
    left: str | None = None
    right: str | None = None
    decision: str | None = None
    note: str | None = None

    def props(self) -> dict[str, Any]:
        at = datetime.now(UTC)
        props = {k: v for k, v in asdict(self).items() if v is not None}
        if self.reason is not None:
            props["reason"] = self.reason[:MAX_REASON_CHARS]
        # a judgement's ids are no part of its name: search matches names, and an event is no entity
        name = f"{self.action} {self.source or self.file or self.decision or ''}".strip()
        # ids sort by time: the timestamp, then a random part for two events in one microsecond
        return {**props, "id": f"event:{at.strftime('%Y%m%dT%H%M%S.%fZ')}-{uuid.uuid4().hex[:8]}",
                "at": at.isoformat(timespec="microseconds"), "name": name}


def event_statement(event: Event) -> Statement:
    if event.action not in ACTIONS:
        raise ValueError(f"unknown history action {event.action!r}")
    return Statement("CREATE (e:Entity:Event) SET e = $props", {"props": event.props()})


def record(store: GraphStore, event: Event) -> None:
    """Append one event on its own (a refused write: nothing else is written)."""
    store.apply(ChangeSet([event_statement(event)]))


def history(store: GraphStore, source: str | None = None, limit: int = 100) -> list[dict[str, Any]]:
    """The latest events, newest first; only those of `source` (an id, with or without `source:`) if given."""
    where = ""
    params: dict[str, Any] = {"limit": limit}
    if source:
        where = "WHERE e.source = $source "
        params["source"] = source if source.startswith("source:") else f"source:{source}"
    rows = store.query(
        f"MATCH (e:Event) {where}RETURN e.id, e.at, e.who, e.action, e.file, e.source, e.content_hash, "
        "e.added, e.changed, e.retracted, e.reason, e.left, e.right, e.decision, e.note "
        "ORDER BY e.id DESC LIMIT $limit", params).rows
    keys = ("id", "at", "who", "action", "file", "source", "content_hash", "added", "changed", "retracted", "reason",
            "left", "right", "decision", "note")
    return [dict(zip(keys, row, strict=True)) for row in rows]
