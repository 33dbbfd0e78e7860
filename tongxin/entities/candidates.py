"""Candidate pairs: entities of one kind that may be one real thing, with a score and the evidence, for a
reviewer to judge (tongxin.entities.judgements). `tongxin dedupe`, `GET /dedupe/candidates`.

Blocking: two entities are compared when they share a kind and the first two characters of one of their
names (in key form: tongxin.entities.keys — an enterprise's name without its legal form); in a block of
more than MAX_BLOCK entities (a city's name), the first four. Similarity is
rapidfuzz's normalised Indel ratio of the closest two names (name or alias). The score adds to it:

* `shared_code` — both carry the same credit code (+0.3); different codes are two companies (score 0);
* `shared_names` — a name or alias both carry, in key form (the similarity is then 1). An alias that is the
  record's own name with a stretch cut out (市工商联 of 大连市工商联, 民盟市委 of 民盟厦门市委: `short_form`) is
  a report's short form, which names the body only with the place its text gives: it is neither shared nor
  compared — two cities' federations both written 市工商联 are not one for it;
* `same_place` — their places (the id's `@code` or `place_id`) are one, or one within the other (+0.1);
  two different places with no shared code halve the score (namesakes in two counties);
* `shared_neighbours` — nodes both are linked to (+0.05 each, at most +0.15).

Pairs already judged, or already in one judged cluster, are left out unless `include_judged`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import combinations
from typing import Any

from rapidfuzz import fuzz

from tongxin.entities.judgements import JUDGEABLE_BASES, Clusters, load_judgements
from tongxin.entities.keys import enterprise_core
from tongxin.graph.model import kind_of_id, normalise_name
from tongxin.graph.ontology import load_ontology
from tongxin.graph.stores.base import GraphStore

__all__ = ["Candidate", "EntityRecord", "candidate_pairs", "find_candidates", "score_pair", "short_form"]

DEFAULT_MIN_SCORE = 0.7
MAX_BLOCK = 2000  # a block larger than this (a common name start: a city's name) is split by four characters


@dataclass
class EntityRecord:
    id: str
    kind: str
    name: str
    aliases: list[str] = field(default_factory=list)
    code: str | None = None
    place: str | None = None  # a division code
    sources: list[str] = field(default_factory=list)
    neighbours: frozenset[str] = frozenset()

    def keys(self) -> set[str]:
        return {k for k in (self._key(n) for n in [self.name, *self.aliases]) if k}

    def own_keys(self) -> set[str]:
        """The keys without the short forms of the name (市工商联 of 大连市工商联: `short_form`)."""
        name = self._key(self.name)
        return {k for k in self.keys() if not short_form(k, name)}

    def _key(self, name: str) -> str:
        return enterprise_core(name) if self.kind == "Enterprise" else normalise_name(name)


@dataclass
class Candidate:
    left: str
    right: str
    kind: str
    score: float
    evidence: dict[str, Any]
    names: tuple[str, str] = ("", "")

    def as_dict(self) -> dict[str, Any]:
        return {"left": self.left, "right": self.right, "kind": self.kind, "score": round(self.score, 3),
                "names": list(self.names), "evidence": self.evidence}


def _place_of(node_id: str, place_id: str | None) -> str | None:
    if place_id and place_id.startswith("place:"):
        return place_id.removeprefix("place:")
    _, _, scope = node_id.rpartition("@")
    return scope if scope.isdigit() else None


def _places_relate(a: str, b: str) -> bool:
    return a.startswith(b) or b.startswith(a)


def short_form(key: str, name: str) -> bool:
    """Is ``key`` the name ``name`` (both in key form) with one stretch of two or more characters cut out before
    its end — its place, as reports write a body they have named in full (市工商联 of 大连市工商联, 民盟市委 of
    民盟厦门市委)? A name's end is what kind of body it is, never its place: 泸州老窖 of 泸州老窖股份 is its core."""
    cut = len(name) - len(key)
    return cut >= 2 and bool(key) and any(name.startswith(key[:i]) and name.endswith(key[i:])
                                          for i in range(len(key)))


def score_pair(a: EntityRecord, b: EntityRecord) -> tuple[float, dict[str, Any]]:
    """The score (0..1) that `a` and `b` are one, and the evidence it rests on."""
    evidence: dict[str, Any] = {}
    if a.code and b.code:
        if a.code != b.code:
            return 0.0, {"different_codes": [a.code, b.code]}
        evidence["shared_code"] = a.code
    ka, kb = a.own_keys(), b.own_keys()
    shared = sorted(ka & kb)
    if shared:
        evidence["shared_names"] = shared
        similarity = 1.0
    else:
        similarity = max((fuzz.ratio(x, y) / 100 for x in ka for y in kb), default=0.0)
    evidence["similarity"] = round(similarity, 3)
    score = similarity + (0.3 if "shared_code" in evidence else 0.0)
    if a.place and b.place:
        if _places_relate(a.place, b.place):
            evidence["same_place"] = min(a.place, b.place, key=len)
            score += 0.1
        elif "shared_code" not in evidence:
            evidence["different_places"] = [a.place, b.place]
            score /= 2
    common = sorted(a.neighbours & b.neighbours)
    if common:
        evidence["shared_neighbours"] = common[:10]
        score += min(0.15, 0.05 * len(common))
    return min(score, 1.0), evidence


def candidate_pairs(records: Sequence[EntityRecord], *, min_score: float = DEFAULT_MIN_SCORE,
                    skip: set[tuple[str, str]] | None = None) -> list[Candidate]:
    """Scored pairs among `records` at `min_score` or more, best first (then by ids)."""
    blocks: dict[tuple[str, str], list[int]] = defaultdict(list)
    for i, r in enumerate(records):
        for k in r.keys():
            blocks[(r.kind, k[:2])].append(i)
    for (kind, start), members in list(blocks.items()):
        if len(set(members)) > MAX_BLOCK:  # split a large block by the first four characters of the names
            del blocks[(kind, start)]
            for i in set(members):
                for k in records[i].keys():
                    if k.startswith(start):
                        blocks[(kind, k[:4])].append(i)
    seen: set[tuple[int, int]] = set()
    out: list[Candidate] = []
    skip = skip or set()
    for members in blocks.values():
        members = sorted(set(members))
        for i, j in combinations(members, 2):
            if (i, j) in seen:
                continue
            seen.add((i, j))
            a, b = records[i], records[j]
            pair = tuple(sorted((a.id, b.id)))
            if pair in skip:
                continue
            score, evidence = score_pair(a, b)
            if score >= min_score:
                left, right = (a, b) if a.id < b.id else (b, a)
                out.append(Candidate(left.id, right.id, a.kind, score, evidence, (left.name, right.name)))
    out.sort(key=lambda c: (-c.score, c.left, c.right))
    return out


def entity_records(store: GraphStore, kinds: Sequence[str] | None = None) -> list[EntityRecord]:
    """The judgeable entities of the graph (of `kinds`, by default all), with their neighbours."""
    onto = load_ontology()
    wanted = set(kinds or [k for k, v in onto.kinds.items() if v.base in JUDGEABLE_BASES])
    rows = store.query(
        "MATCH (n:Entity) WHERE n:Organisation OR n:Person OR n:Program "
        "OPTIONAL MATCH (n)--(m:Entity) WHERE NOT m:Source AND NOT m:Claim "
        "RETURN n.id, n.name, n.aliases, n.credit_code, n.place_id, n.sources, collect(DISTINCT m.id)").rows
    out = []
    for nid, name, aliases, code, place_id, sources, neighbours in rows:
        kind = kind_of_id(nid, onto)
        if kind not in wanted:
            continue
        out.append(EntityRecord(nid, kind, name, list(aliases or []), code, _place_of(nid, place_id),
                                list(sources or []), frozenset(neighbours or [])))
    out.sort(key=lambda r: r.id)
    return out


def find_candidates(store: GraphStore, *, kinds: Sequence[str] | None = None, min_score: float = DEFAULT_MIN_SCORE,
                    limit: int = 100, include_judged: bool = False) -> list[Candidate]:
    """Candidate pairs in the graph, best first: the pairs a reviewer should judge."""
    skip: set[tuple[str, str]] = set()
    records = entity_records(store, kinds)
    if not include_judged:
        judgements = load_judgements(store)
        skip = {(j.left, j.right) for j in judgements}
        clusters = Clusters.build(judgements)
        for members in clusters.members.values():
            skip.update((x, y) for x, y in combinations(sorted(members), 2))
    return candidate_pairs(records, min_score=min_score, skip=skip)[:limit]
