"""Judgements: a reviewer's decision whether two entity ids denote one real thing, kept as data in the store.

A judgement is a `Judgement` node (`judgement:<left>|<right>`, the two ids sorted) with the decision
(same | different | unsure), the note, who and when, and the earlier decisions on the pair (`history`).
Being nodes, judgements are in every dump, backup and export, and a restore brings them back. They name
the entities by their keys (tongxin.entities.keys), which every load rebuilds the same, so a judgement
holds across reloads. A judgement that changes the clusters folds them in the store in the same change set
(tongxin.entities.resolve: one live node per cluster, the others kept as archive nodes, every edge with its
stored ends), with an event in the write history; a judgement is reversed by judging the pair again (with
`--override`), which unfolds them exactly.

Bad input changes nothing: an unknown id, two ids of different bases (a person and an enterprise), an id
judged against itself, or a decision that contradicts an earlier one — directly (A≠B after A=B) or
through others (A=B, B=C, then A≠C) — is refused with the reason, unless `override` (recorded).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from tongxin.errors import InvalidData, Problem
from tongxin.graph.changes import Statement
from tongxin.graph.history import Event, event_statement
from tongxin.graph.model import Node
from tongxin.graph.ontology import load_ontology
from tongxin.graph.stores.base import GraphStore
from tongxin.graph.writer import build_changeset

__all__ = ["DECISIONS", "JUDGEABLE_BASES", "Clusters", "Judgement", "judge", "judgement_id", "load_judgements"]

DECISIONS = ("same", "different", "unsure")
#: The bases whose nodes can be judged: places are the gazetteer's, sources and claims are not entities.
JUDGEABLE_BASES = ("Organisation", "Person", "Program")
MAX_NOTE = 2000
MAX_AUTHOR = 100


@dataclass(frozen=True)
class Judgement:
    left: str
    right: str
    decision: str
    author: str
    at: str
    note: str = ""
    override: bool = False
    history: tuple[str, ...] = ()

    @property
    def id(self) -> str:
        return judgement_id(self.left, self.right)

    def as_dict(self) -> dict[str, Any]:
        return {"id": self.id, "left": self.left, "right": self.right, "decision": self.decision,
                "author": self.author, "at": self.at, "note": self.note, "override": self.override,
                "history": list(self.history)}

    def node(self) -> Node:
        return Node(id=self.id, kind="Judgement", name=f"judgement {self.decision}",
                    props={"left": self.left, "right": self.right, "decision": self.decision,
                           "author": self.author, "at": self.at, "note": self.note,
                           "override": self.override, "history": list(self.history)},
                    sources=[f"judge:{self.author}"])


def judgement_id(a: str, b: str) -> str:
    left, right = sorted((a, b))
    return f"judgement:{left}|{right}"


def load_judgements(store: GraphStore) -> list[Judgement]:
    """Every judgement the graph holds, oldest first."""
    rows = store.query(
        "MATCH (j:Judgement) RETURN j.left, j.right, j.decision, j.author, j.at, j.note, j.override, j.history "
        "ORDER BY j.at, j.id").rows
    return [Judgement(r[0], r[1], r[2], r[3], r[4], r[5] or "", bool(r[6]), tuple(r[7] or ())) for r in rows]


@dataclass
class Clusters:
    """The entities judged the same, as clusters: `canonical[id]` is the id that stands for its cluster
    (the smallest id in it). A `same` judgement joining two clusters that hold a pair judged `different` is
    not applied (the `different` wins; `conflicts` lists it)."""

    canonical: dict[str, str] = field(default_factory=dict)
    members: dict[str, list[str]] = field(default_factory=dict)
    different: set[tuple[str, str]] = field(default_factory=set)
    conflicts: list[Judgement] = field(default_factory=list)

    @classmethod
    def build(cls, judgements: Iterable[Judgement]) -> Clusters:
        out = cls()
        ordered = sorted(judgements, key=lambda j: (j.at, j.id))
        out.different = {(j.left, j.right) for j in ordered if j.decision == "different"}
        parent: dict[str, str] = {}

        def find(x: str) -> str:
            parent.setdefault(x, x)
            while parent[x] != x:
                parent[x] = parent[parent[x]]
                x = parent[x]
            return x

        groups: dict[str, set[str]] = defaultdict(set)
        for j in ordered:
            if j.decision != "same":
                continue
            ra, rb = find(j.left), find(j.right)
            if ra == rb:
                continue
            ga, gb = groups.get(ra, {ra}), groups.get(rb, {rb})
            if any(tuple(sorted((x, y))) in out.different for x in ga for y in gb):
                out.conflicts.append(j)
                continue
            root, other = sorted((ra, rb))
            parent[other] = root
            groups[root] = ga | gb
            groups.pop(other, None)
        for ids in groups.values():
            if len(ids) < 2:
                continue
            head = min(ids)
            out.members[head] = sorted(ids)
            for i in ids:
                out.canonical[i] = head
        return out

    @classmethod
    def of(cls, store: GraphStore) -> Clusters:
        return cls.build(load_judgements(store))

    def head(self, node_id: str) -> str:
        return self.canonical.get(node_id, node_id)

    def cluster(self, node_id: str) -> list[str]:
        return self.members.get(self.head(node_id), [node_id])


def _entities(store: GraphStore, ids: Sequence[str]) -> dict[str, list[str]]:
    """Labels by id, of live nodes and of members folded into a head (tongxin.entities.resolve)."""
    rows = store.query("UNWIND $ids AS id MATCH (n:Entity {id: id}) RETURN n.id, labels(n)", {"ids": list(ids)}).rows
    found = {r[0]: list(r[1]) for r in rows}
    rows = store.query("UNWIND $ids AS id MATCH (x:MergedAway {id: id}) RETURN x.id, x.merged_labels",
                       {"ids": [i for i in ids if i not in found]}).rows
    return {**found, **{r[0]: list(r[1] or []) for r in rows}}


def _base(labels: list[str]) -> str | None:
    return next((b for b in JUDGEABLE_BASES if b in labels), None)


def _contradiction(existing: list[Judgement], a: str, b: str, decision: str) -> str | None:
    """Why judging (a, b) `decision` contradicts the judgements held, or None."""
    left, right = sorted((a, b))
    direct = next((j for j in existing if (j.left, j.right) == (left, right)), None)
    if direct is not None and direct.decision != decision:
        return (f"{left} and {right} were judged {direct.decision!r} by {direct.author} at {direct.at}"
                + (f" ({direct.note})" if direct.note else ""))
    others = [j for j in existing if (j.left, j.right) != (left, right)]
    clusters = Clusters.build(others)
    if decision == "different" and clusters.head(a) == clusters.head(b):
        return f"{a} and {b} are in one cluster through other 'same' judgements: {', '.join(clusters.cluster(a))}"
    if decision == "same":
        ca, cb = clusters.cluster(a), clusters.cluster(b)
        for x in ca:
            for y in cb:
                if tuple(sorted((x, y))) in clusters.different:
                    return f"{x} and {y} were judged 'different'; joining {a} and {b} would make them one"
    return None


@dataclass
class JudgeResult:
    status: str  # recorded | unchanged | overridden
    judgement: Judgement

    def as_dict(self) -> dict[str, Any]:
        return {"status": self.status, **self.judgement.as_dict()}


def judge(store: GraphStore, a: str, b: str, decision: str, *, author: str, note: str = "",
          override: bool = False, now: datetime | None = None, who: str | None = None) -> JudgeResult:
    """Record that `a` and `b` are the same / different / unsure, fold or unfold the clusters that changes
    (tongxin.entities.resolve) and append the judgement to the write history (`who`: the writer, by
    default the author), all in one change set. Raises InvalidData (nothing written) for bad input or a
    contradiction without `override`."""
    problems: list[Problem] = []
    if decision not in DECISIONS:
        problems.append(Problem(f"decision must be one of {', '.join(DECISIONS)}, got {decision!r}", "decision"))
    author = author.strip()
    if not author or len(author) > MAX_AUTHOR or any(ord(c) < 32 for c in author):
        problems.append(Problem(f"the author must be 1 to {MAX_AUTHOR} printable characters", "author"))
    if len(note) > MAX_NOTE:
        problems.append(Problem(f"the note is over {MAX_NOTE} characters", "note"))
    if a == b:
        problems.append(Problem(f"an entity cannot be judged against itself ({a!r})", "right"))
    if problems:
        raise InvalidData(problems)
    found = _entities(store, [a, b])
    for fld, nid in (("left", a), ("right", b)):
        if nid not in found:
            problems.append(Problem(f"no entity with id {nid!r}", fld))
        elif _base(found[nid]) is None:
            problems.append(Problem(f"{nid!r} is a {found[nid][-1]}; only organisations, people and programs "
                                    "are judged", fld))
    if not problems and _base(found[a]) != _base(found[b]):
        problems.append(Problem(f"{a!r} is a {_base(found[a])} and {b!r} a {_base(found[b])}: they cannot be one",
                                "right"))
    if problems:
        raise InvalidData(problems)
    existing = load_judgements(store)
    left, right = sorted((a, b))
    previous = next((j for j in existing if (j.left, j.right) == (left, right)), None)
    if previous is not None and previous.decision == decision and previous.note == note:
        return JudgeResult("unchanged", previous)
    why = _contradiction(existing, a, b, decision)
    if why and not override:
        raise InvalidData(Problem(f"contradicts an earlier judgement: {why}; judge again with --override "
                                  "(recorded) to replace it", "decision"))
    history: tuple[str, ...] = ()
    if previous is not None:
        history = (*previous.history, "|".join((previous.decision, previous.author, previous.at, previous.note)))
    at = (now or datetime.now(UTC)).isoformat(timespec="seconds")
    made = Judgement(left, right, decision, author, at, note, bool(why) and override, history)
    onto = load_ontology()
    changes = build_changeset([made.node()], [], ontology=onto)
    changes.extend(_resolution(store, existing, made, who or author))
    store.apply(changes)
    return JudgeResult("overridden" if why else "recorded", made)


def _resolution(store: GraphStore, existing: list[Judgement], made: Judgement, who: str) -> list[Statement]:
    """The statements that make the store hold the clusters of the judgements with `made` in (only if they
    differ from what it holds), and the judgement's event."""
    from tongxin.entities import resolve  # resolve builds on Clusters

    after = Clusters.build([*(j for j in existing if j.id != made.id), made])
    held = {m: h for m, (h, _) in resolve.hidden_members(store).items()}
    wanted = {m: h for m, h in after.canonical.items() if m != h}
    folded = sorted(m for m, h in wanted.items() if held.get(m) != h)
    unfolded = sorted(m for m, h in held.items() if wanted.get(m) != h)
    out: list[Statement] = []
    moved = 0
    if folded or unfolded:
        out = resolve.resolve_statements(store, after)
        moved = resolve.edges_to_move(store, folded, unfolded, held)
    event = Event("judge", who, added=len(folded), changed=moved, retracted=len(unfolded), left=made.left,
                  right=made.right, decision=made.decision, note=made.note or None)
    return [*out, event_statement(event)]
