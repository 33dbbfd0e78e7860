"""Precision and recall of the extractor against hand-made gold annotations.

``python -m tongxin.extract.score`` extracts every report that has a gold file in ``tests/data/gold``
and prints precision/recall per kind (places, organisations, people, programs, relations, claims).
``-v`` lists the misses and the false positives report by report.

Matching: names are compared in a normal form (simplified, no spaces, quotes or dots, 统一战线 ≡ 统战,
办事处 ≡ 街道) and match when equal, equal but for a level suffix (娄底 ~ 娄底市, 乐坪街道办事处 ~ 乐坪街道),
or when one is the other with place names in front (市委统战部 ~ 娄底市委统战部, 中阳村 ~
娄底经济开发区大埠桥办事处中阳村). Each gold item is matched at most once. Relations match on type and
both ends (PAIRED_WITH either way round); claims on place, count and counted kind (the corpus: on the
claim's own number — its count, or its amount as written — never a number found in its statement).
"""

from __future__ import annotations

import argparse
import re
import sys
import time
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from tongxin.extract.draft import DraftRecord
from tongxin.extract.entities import ORG_KINDS, name_key
from tongxin.extract.relations import PAIRING_TYPES

__all__ = ["CORPUS_DIR", "GOLD_DIR", "NameMatcher", "held_out", "load_corpus_gold", "score_corpus", "score_corpus_draft", "Score", "ScoreReport", "default_seeds_dirs", "load_gold", "main", "score_reports"]

REPO = Path(__file__).resolve().parents[2]
GOLD_DIR = REPO / "tests" / "data" / "gold"
ENTITY_KINDS = ("place", "organisation", "person", "program")
RELATION_GROUPS = {"PAIRED_WITH": "pairing", "HOLDS_ROLE": "role", "SITE_OF": "site"}
_ZONE = re.compile(r"(经济技术开发区|经济开发区|高新技术产业园区|高新技术产业开发区|高新区|开发区|新区|实验区|新城)")
_LEVEL_SUFFIX = re.compile(r"(?:街道|办事处|自治州|省|市|县|区|镇|乡)$")


def default_seeds_dirs() -> list[Path]:
    return [REPO.parent / "shared" / "seeds", REPO / "shared" / "seeds", REPO / "tongxin" / "data" / "reports"]


def kind_group(kind: str) -> str:
    if kind in ("Place", "Park"):
        return "place"
    if kind in ORG_KINDS:
        return "organisation"
    return kind.lower()


def norm(name: str) -> str:
    from tongxin.textnorm import to_simplified

    return name_key(to_simplified(name)).lower()


@dataclass
class GoldEntity:
    group: str
    name: str
    aliases: list[str] = field(default_factory=list)

    @property
    def names(self) -> list[str]:
        return [self.name, *self.aliases]


@dataclass
class Gold:
    file: str
    entities: list[GoldEntity]
    relations: list[tuple[str, str, str]]
    claims: list[tuple[str, int, str]]


def load_gold(path: Path) -> Gold:
    raw: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    ents: list[GoldEntity] = []
    for group in ENTITY_KINDS:
        for item in (raw.get("entities") or {}).get(group) or []:
            if isinstance(item, str):
                ents.append(GoldEntity(group, item))
            else:
                ents.append(GoldEntity(group, item["name"], list(item.get("aliases") or [])))
    rels = [(r[0], r[1], r[2]) for r in raw.get("relations") or []]
    claims = [(c["about"], int(c["count"]), c["subject"]) for c in raw.get("claims") or []]
    return Gold(raw["file"], ents, rels, claims)


class NameMatcher:
    """Name matching with place-prefix tolerance; place names come from both sides' places."""

    def __init__(self, place_names: Iterable[str]) -> None:
        keys = {norm(n) for n in place_names if n}
        keys |= {_LEVEL_SUFFIX.sub("", k) for k in keys}
        self.prefixes = sorted({k for k in keys if len(k) >= 2}, key=len, reverse=True)

    def strip_places(self, key: str) -> str:
        changed = True
        while changed:
            changed = False
            if key.startswith("中共"):
                key, changed = key[2:], True
            for p in self.prefixes:
                if key.startswith(p) and len(key) > len(p) + 1:
                    key, changed = key[len(p):], True
                    break
            m = _ZONE.match(key)
            if m and len(key) > m.end() + 1:
                key, changed = key[m.end():], True
        return key

    def same(self, a: str, b: str, *, tolerant: bool = True) -> bool:
        ka, kb = norm(a), norm(b)
        if ka == kb:
            return True
        if not tolerant:
            return False
        sa, sb = _LEVEL_SUFFIX.sub("", ka), _LEVEL_SUFFIX.sub("", kb)
        if len(sa) >= 2 and sa == sb:
            return True
        short, long_ = sorted((ka, kb), key=len)
        if len(short) >= 2 and long_.endswith(short):
            return self.strip_places(long_) == short or self.strip_places(long_) == self.strip_places(short)
        return False

    def joins(self, a: Sequence[str], b: Sequence[str], pair: tuple[str, str], *, tolerant: bool = True) -> bool:
        """Do the names of ``a`` and ``b`` (each: name, then aliases) match the two ends of ``pair``, either
        way round?"""
        x, y = [pair[0]], [pair[1]]
        return ((self.any_same(a, x, tolerant=tolerant) and self.any_same(b, y, tolerant=tolerant))
                or (self.any_same(a, y, tolerant=tolerant) and self.any_same(b, x, tolerant=tolerant)))

    def any_same(self, names_a: Sequence[str], names_b: Sequence[str], *, tolerant: bool = True) -> bool:
        # aliases only match exactly; the canonical names also with tolerance
        if self.same(names_a[0], names_b[0], tolerant=tolerant):
            return True
        return any(self.same(x, y, tolerant=False) for x in names_a for y in names_b)


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 1.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 1.0

    def add(self, other: Score) -> None:
        self.tp, self.fp, self.fn = self.tp + other.tp, self.fp + other.fp, self.fn + other.fn


@dataclass
class ReportScore:
    file: str
    scores: dict[str, Score]
    misses: dict[str, list[str]]
    extras: dict[str, list[str]]
    seconds: float


@dataclass
class ScoreReport:
    reports: list[ReportScore]
    init_seconds: dict[str, float]

    @property
    def totals(self) -> dict[str, Score]:
        out: dict[str, Score] = {}
        for r in self.reports:
            for k, s in r.scores.items():
                out.setdefault(k, Score()).add(s)
        return out

    def table(self) -> str:
        rows = ["kind                      gold  found  match  precision  recall",
                "------------------------  ----  -----  -----  ---------  ------"]
        for k, s in self.totals.items():
            rows.append(f"{k:<24}  {s.tp + s.fn:>4}  {s.tp + s.fp:>5}  {s.tp:>5}  {s.precision:>9.2f}  {s.recall:>6.2f}")
        rows.append("")
        rows.append("extraction time per report: " + ", ".join(f"{r.file[:3]} {r.seconds:.3f}s" for r in self.reports))
        if self.init_seconds:
            rows.append("one-time initialisation: " + ", ".join(f"{k} {v:.2f}s" for k, v in self.init_seconds.items()))
        return "\n".join(rows)

    def details(self) -> str:
        out = []
        for r in self.reports:
            out.append(f"== {r.file}")
            for k in r.scores:
                if r.misses.get(k):
                    out.append(f"  missed {k}: " + "; ".join(r.misses[k]))
                if r.extras.get(k):
                    out.append(f"  extra  {k}: " + "; ".join(r.extras[k]))
        return "\n".join(out)


def _match_lists(gold: list[Any], pred: list[Any], same: Any) -> tuple[Score, list[Any], list[Any]]:
    """Greedy one-to-one matching: exact matches first, then tolerant ones."""
    unmatched_g = list(range(len(gold)))
    unmatched_p = list(range(len(pred)))
    for tolerant in (False, True):
        for gi in list(unmatched_g):
            for pi in unmatched_p:
                if same(gold[gi], pred[pi], tolerant):
                    unmatched_g.remove(gi)
                    unmatched_p.remove(pi)
                    break
    tp = len(gold) - len(unmatched_g)
    return Score(tp, len(unmatched_p), len(unmatched_g)), [gold[i] for i in unmatched_g], [pred[i] for i in unmatched_p]


def score_draft(gold: Gold, draft: DraftRecord) -> tuple[dict[str, Score], dict[str, list[str]], dict[str, list[str]]]:
    place_names = [n for e in gold.entities if e.group == "place" for n in e.names]
    place_names += [n for e in draft.entities if kind_group(e.kind) == "place" for n in [e.name, *e.aliases]]
    m = NameMatcher(place_names)
    scores: dict[str, Score] = {}
    misses: dict[str, list[str]] = {}
    extras: dict[str, list[str]] = {}
    pred_names = {e.ref: [e.name, *e.aliases] for e in draft.entities}
    gold_names: dict[str, list[str]] = {}
    for e in gold.entities:
        gold_names.setdefault(e.name, e.names)

    for group in ENTITY_KINDS:
        g = [e.names for e in gold.entities if e.group == group]
        p = [[e.name, *e.aliases] for e in draft.entities if kind_group(e.kind) == group]
        s, mg, mp = _match_lists(g, p, lambda a, b, t: m.any_same(b, a, tolerant=t))
        scores[group] = s
        misses[group], extras[group] = [x[0] for x in mg], [x[0] for x in mp]

    def ends(name: str) -> list[str]:
        return gold_names.get(name, [name])

    def rel_same(gr: tuple[str, str, str], pr: tuple[str, list[str], list[str]], tolerant: bool) -> bool:
        if gr[0] != pr[0]:
            return False
        fwd = m.any_same(pr[1], ends(gr[1]), tolerant=tolerant) and m.any_same(pr[2], ends(gr[2]), tolerant=tolerant)
        if fwd or gr[0] != "PAIRED_WITH":
            return fwd
        return m.any_same(pr[1], ends(gr[2]), tolerant=tolerant) and m.any_same(pr[2], ends(gr[1]), tolerant=tolerant)

    pred_rels = [(r.type, pred_names.get(r.from_, [r.from_]), pred_names.get(r.to, [r.to])) for r in draft.relations]
    for label, types in (("relations: pairing", {"PAIRED_WITH"}), ("relations: role", {"HOLDS_ROLE"}),
                         ("relations: site", {"SITE_OF"}),
                         ("relations: pairing+role+site", {"PAIRED_WITH", "HOLDS_ROLE", "SITE_OF"}),
                         ("relations: all", None)):
        g_r = [r for r in gold.relations if types is None or r[0] in types]
        p_r = [r for r in pred_rels if types is None or r[0] in types]
        s, mg, mp = _match_lists(g_r, p_r, rel_same)
        scores[label] = s
        misses[label] = [f"{a} {b}→{c}" for a, b, c in mg]
        extras[label] = [f"{a} {b[0]}→{c[0]}" for a, b, c in mp]

    # the seed gold's claims count node kinds: a figure of `what` the graph holds no facts of is none of them
    pred_claims = [(pred_names.get(c.about, [c.about]), c.count, c.subject) for c in draft.claims if c.what is None]

    def claim_same(gc: tuple[str, int, str], pc: tuple[list[str], int, str], tolerant: bool) -> bool:
        return gc[1] == pc[1] and gc[2] == pc[2] and m.any_same(pc[0], ends(gc[0]), tolerant=tolerant)

    s, mg, mp = _match_lists(gold.claims, pred_claims, claim_same)
    scores["claims"] = s
    misses["claims"] = [f"{a} {b} {c}" for a, b, c in mg]
    extras["claims"] = [f"{a[0]} {b} {c}" for a, b, c in mp]
    return scores, misses, extras


def find_report(name: str, dirs: Sequence[Path]) -> Path | None:
    for d in dirs:
        p = d / name
        if p.is_file():
            return p
    return None


def score_reports(gold_dir: Path = GOLD_DIR, seeds_dirs: Sequence[Path] | None = None) -> ScoreReport:
    from tongxin.extract import extract_report, warm_up

    init = warm_up()
    dirs = list(seeds_dirs or default_seeds_dirs())
    reports = []
    for gpath in sorted(gold_dir.glob("*.yaml")):
        gold = load_gold(gpath)
        rpath = find_report(gold.file, dirs)
        if rpath is None:
            raise FileNotFoundError(f"{gpath.name}: report {gold.file} not found in {', '.join(map(str, dirs))}")
        t = time.perf_counter()
        draft = extract_report(rpath)
        seconds = time.perf_counter() - t
        scores, misses, extras = score_draft(gold, draft)
        reports.append(ReportScore(gold.file, scores, misses, extras, seconds))
    return ScoreReport(reports, init)


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m tongxin.extract.score", description=__doc__.split("\n\n")[0])
    ap.add_argument("--gold", type=Path, default=GOLD_DIR, help="directory of gold YAML files")
    ap.add_argument("--seeds", type=Path, action="append", help="directory holding the reports (repeatable)")
    ap.add_argument("-v", "--verbose", action="store_true", help="list misses and false positives")
    ap.add_argument("--corpus", type=Path, nargs="?", const=CORPUS_DIR, default=None,
                    help="score a report corpus with gold.json instead (default ../shared/corpus/reports)")
    ap.add_argument("--part", choices=("all", "dev", "held-out"), default="all",
                    help="with --corpus: which part of the fixed split to score (misses listed for it)")
    ap.add_argument("--allow-missing", action="store_true",
                    help="with --corpus: skip gold entries whose report text is not in the folder, and name them")
    args = ap.parse_args(argv)
    if args.corpus is not None:
        if not (args.corpus / "gold.json").is_file():
            ap.error(f"--corpus {args.corpus}: no gold.json there (a corpus folder holds the reports and their gold.json)")
        from tongxin.extract import warm_up

        warm_up()
        try:
            cs = score_corpus(args.corpus, only=args.part, allow_missing=args.allow_missing)
        except (FileNotFoundError, ValueError) as exc:  # a report missing, a gold.json that does not parse
            print(f"error: {exc}", file=sys.stderr)
            return 1
        if cs.missing:
            n = len(cs.missing)
            print(f"{n} gold {'entry has' if n == 1 else 'entries have'} no text in {args.corpus}, not scored: "
                  + ", ".join(cs.missing), file=sys.stderr)
        print(cs.table())
        if args.verbose:
            print()
            print(cs.details(args.part))
        return 0
    rep = score_reports(args.gold, args.seeds)
    print(rep.table())
    if args.verbose:
        print()
        print(rep.details())
    return 0



# ------------------------------------------------------------------------------ the report corpus
#
# A corpus of real reports (``gold.json`` beside the ``*.txt`` files; conventions in its README) is
# scored structurally: a gold item counts only as a typed entity in the parsed draft (a place with the
# gold code for "codes"), a relation entry joining both gold ends, or a claim with that number — never
# as a substring of quoted evidence. The corpus is split once, by file name, into a development part
# and a held-out part (sha256(name) % 3 == 0) so that tuning on one and measuring on the other shows
# how far the rules generalise.

CORPUS_DIR = REPO.parent / "shared" / "corpus" / "reports"
CORPUS_CATEGORIES = ("places", "codes", "orgs", "people", "programs", "pairings", "roles", "claims")
ROLE_TYPES = frozenset({"HOLDS_ROLE", "MEMBER_OF"})
_GROUP_OF = {"places": "place", "orgs": "organisation", "people": "person", "programs": "program"}
_NUMBER = re.compile(r"\d+(?:\.\d+)?")


def claim_number(claim: Any) -> str:
    """The number a claim states, as the gold writes it: the digits of its figure as the report writes it
    (6.6 of 6.6万元, 1.2 of 1.2万人), else its count (12)."""
    if claim.as_written:
        m = _NUMBER.search(claim.as_written)
        if m:
            return m.group(0)
    return str(claim.count)


def held_out(name: str) -> bool:
    """The fixed split: a report is held out when sha256 of its file name is 0 modulo 3."""
    import hashlib

    return int(hashlib.sha256(name.encode("utf-8")).hexdigest(), 16) % 3 == 0


@dataclass
class CorpusGold:
    file: str
    places: dict[str, str]
    orgs: list[str]
    people: list[str]
    programs: list[str]
    pairings: list[tuple[str, str]]
    roles: list[tuple[str, str]]
    claims: list[str]


def load_corpus_gold(path: Path) -> list[CorpusGold]:
    """Read a corpus ``gold.json``. Relations are split into pairings and roles: the gold lists
    pairings first and roles (person → organisation or place) after, so the trailing run of relations
    whose first end is a gold person are the roles."""
    import json

    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise ValueError(f"{path}: not a readable gold.json ({exc})") from exc
    out = []
    for fname, g in sorted(raw.items()):
        people = [str(p) for p in g.get("people") or []]
        rels = [(str(a), str(b)) for a, b in g.get("relations") or []]
        cut = len(rels)
        while cut > 0 and rels[cut - 1][0] in people:
            cut -= 1
        out.append(CorpusGold(fname, {str(k): str(v) for k, v in (g.get("places") or {}).items()},
                              [str(x) for x in g.get("orgs") or []], people,
                              [str(x) for x in g.get("programs") or []], rels[:cut], rels[cut:],
                              [str(c) for c in g.get("claims") or []]))
    return out


def _pairs(gold: list[Any], pred: list[Any], same: Any) -> tuple[list[tuple[int, int]], list[int], list[int]]:
    """Greedy one-to-one matching (exact first, then tolerant): matched index pairs and the leftovers."""
    ug, up = list(range(len(gold))), list(range(len(pred)))
    matched: list[tuple[int, int]] = []
    for tolerant in (False, True):
        for gi in list(ug):
            for pi in up:
                if same(gold[gi], pred[pi], tolerant):
                    ug.remove(gi)
                    up.remove(pi)
                    matched.append((gi, pi))
                    break
    return matched, ug, up


def _only_inside(mentions: Sequence[Any], spans: Sequence[tuple[int, int]]) -> bool:
    """Whether every mention lies inside a longer span."""
    return all(any(a <= x.start and x.end <= b and b - a > x.end - x.start for a, b in spans) for x in mentions)


def _place_items(places: dict[str, str]) -> list[list[str]]:
    """The gold's places as items of names: names with one code are one place, uncoded names one each."""
    by_code: dict[str, list[str]] = {}
    for name, code in places.items():
        by_code.setdefault(code or f"?{name}", []).append(name)
    return list(by_code.values())


def score_corpus_draft(gold: CorpusGold, draft: DraftRecord) -> tuple[dict[str, Score], dict[str, list[str]],
                                                                        dict[str, list[str]]]:
    """Per category: (scores, misses, false positives) of one draft against its gold entry."""
    place_names = list(gold.places) + [n for e in draft.entities if kind_group(e.kind) == "place"
                                       for n in [e.name, *e.aliases]]
    m = NameMatcher(place_names)
    scores: dict[str, Score] = {}
    misses: dict[str, list[str]] = {}
    extras: dict[str, list[str]] = {}
    names = {e.ref: [e.name, *e.aliases] for e in draft.entities}

    for cat, group in _GROUP_OF.items():
        # an item is its names: a place the gold lists under two names (广宗 and 广宗县, one code) is one place
        g_items = _place_items(gold.places) if cat == "places" else [[x] for x in getattr(gold, cat)]
        ents = [e for e in draft.entities if kind_group(e.kind) == group]
        if cat == "places":
            # the gold leaves out prefecture cities and provinces, and lists uncoded places only in relations;
            # (an end the gold lists as an organisation or person is none: 歇马街道办事处 is no uncoded 歇马街道)
            in_rels = {n for r in gold.pairings + gold.roles for n in r} - set(gold.places) - set(gold.orgs) \
                - set(gold.people)
            # and places the report only implies (its own area, no mention) are no names it gives
            ents = [e for e in ents if e.mentions and not (e.code and len(e.code) <= 4)
                    and not any(m.same(n, r, tolerant=False) for n in [e.name, *e.aliases] for r in in_rels)]
        matched, ug, up = _pairs(g_items, ents,
                                 lambda gi, e, t: m.any_same([e.name, *e.aliases], gi, tolerant=t))
        if cat == "places":
            # the gold leaves out places named only inside an organisation's name (涪陵区 in 民建涪陵区委员会):
            # the draft keeps one as that organisation's place; unmatched, it is no false place
            org_spans = [(x.start, x.end) for e in draft.entities if kind_group(e.kind) == "organisation"
                         for x in e.mentions]
            inside = {i for i in up if _only_inside(ents[i].mentions, org_spans)}
            up = [i for i in up if i not in inside]
        scores[cat] = Score(len(matched), len(up), len(ug))
        misses[cat] = ["/".join(g_items[i]) for i in ug]
        extras[cat] = [ents[i].name for i in up]
        if cat == "places":
            right = [gi for gi, pi in matched if ents[pi].code == gold.places[g_items[gi][0]]]
            coded = [e for i, e in enumerate(ents) if e.code and i not in inside]
            wrong = [f"{'/'.join(g_items[gi])} {ents[pi].code or '-'}≠{gold.places[g_items[gi][0]]}"
                     for gi, pi in matched if ents[pi].code != gold.places[g_items[gi][0]]]
            scores["codes"] = Score(len(right), max(0, len(coded) - len(right)), len(g_items) - len(right))
            misses["codes"] = wrong + [f"{'/'.join(g_items[i])} (no place)" for i in ug]
            extras["codes"] = []

    rels = [(r.type, names.get(r.from_, [r.from_]), names.get(r.to, [r.to]), r) for r in draft.relations]

    def joins(g: tuple[str, str], p: tuple[str, list[str], list[str], Any], tolerant: bool) -> bool:
        return m.joins(p[1], p[2], g, tolerant=tolerant)

    for cat, types in (("pairings", PAIRING_TYPES), ("roles", ROLE_TYPES)):
        g_rel: list[tuple[str, str]] = getattr(gold, cat)
        # recall: any relation entry joining both ends; precision: the relations of this category
        matched, ug, _ = _pairs(g_rel, rels, joins)
        typed = [p for p in rels if p[0] in types]
        all_gold = gold.pairings + gold.roles
        _, _, up = _pairs(all_gold, typed, joins)
        scores[cat] = Score(len(matched), len(up), len(ug))
        misses[cat] = [f"{g_rel[i][0]}—{g_rel[i][1]}" for i in ug]
        extras[cat] = [f"{typed[i][1][0]}—{typed[i][2][0]} ({typed[i][0]})" for i in up]

    def claim_same(g: str, c: Any, tolerant: bool) -> bool:
        return claim_number(c) == g

    matched, ug, up = _pairs(gold.claims, draft.claims, claim_same)
    scores["claims"] = Score(len(matched), len(up), len(ug))
    misses["claims"] = [gold.claims[i] for i in ug]
    extras["claims"] = [f"{draft.claims[i].figure} {draft.claims[i].subject or draft.claims[i].relation} "
                        f"({draft.claims[i].statement})"
                        for i in up]
    return scores, misses, extras


@dataclass
class CorpusScore:
    reports: list[ReportScore]
    held: set[str]
    missing: list[str] = field(default_factory=list)  # gold entries whose text is not there (allow_missing)

    def totals(self, part: str) -> dict[str, Score]:
        out = {c: Score() for c in CORPUS_CATEGORIES}
        for r in self.reports:
            if part == "all" or (r.file in self.held) == (part == "held-out"):
                for k, s in r.scores.items():
                    out[k].add(s)
        return out

    def table(self) -> str:
        n_held = sum(r.file in self.held for r in self.reports)
        parts = (("dev", len(self.reports) - n_held), ("held-out", n_held), ("all", len(self.reports)))
        rows = ["| category | " + " | ".join(f"{p} ({n}) recall | {p} precision" for p, n in parts) + " |",
                "|---|" + "---|---|" * len(parts)]
        tot = {p: self.totals(p) for p, _ in parts}
        for c in CORPUS_CATEGORIES:
            rows.append(f"| {c} | " + " | ".join(f"{tot[p][c].recall:.2f} ({tot[p][c].tp}/{tot[p][c].tp + tot[p][c].fn})"
                                                  f" | {tot[p][c].precision:.2f}" for p, _ in parts) + " |")
        secs = sum(r.seconds for r in self.reports)
        rows.append("")
        rows.append(f"{len(self.reports)} reports extracted in {secs:.2f} s "
                    f"({len(self.reports) / secs if secs else 0:.1f} reports/s after warm-up)")
        return "\n".join(rows)

    def details(self, part: str = "all") -> str:
        out = []
        for r in self.reports:
            if part != "all" and (r.file in self.held) != (part == "held-out"):
                continue
            out.append(f"== {r.file}{' (held out)' if r.file in self.held else ''}")
            for k in CORPUS_CATEGORIES:
                if r.misses.get(k):
                    out.append(f"  missed {k}: " + "; ".join(r.misses[k]))
                if r.extras.get(k):
                    out.append(f"  extra  {k}: " + "; ".join(r.extras[k]))
        return "\n".join(out)


def score_corpus(corpus_dir: Path = CORPUS_DIR, *, backend: Any = None, only: str = "all",
                 allow_missing: bool = False) -> CorpusScore:
    """Extract every report of the corpus that has a gold entry and score it (``only``: all, dev or
    held-out). A gold entry without its text is an error, or with ``allow_missing`` skipped and listed in
    ``missing`` (a corpus restored in part)."""
    from tongxin.extract import extract_report
    from tongxin.extract.report import _DEFAULT

    gold_path = corpus_dir / "gold.json"
    if not gold_path.is_file():
        raise FileNotFoundError(f"no gold.json in {corpus_dir}")
    be = _DEFAULT if backend is None else backend
    reports, held, missing = [], set(), []
    for gold in load_corpus_gold(gold_path):
        h = held_out(gold.file)
        if only != "all" and h != (only == "held-out"):
            continue
        path = corpus_dir / gold.file
        if not path.is_file():
            if allow_missing:
                missing.append(gold.file)
                continue
            raise FileNotFoundError(f"{gold_path}: report {gold.file} not found "
                                    "(--allow-missing scores the reports that are there)")
        t = time.perf_counter()
        draft = extract_report(path, backend=be)
        seconds = time.perf_counter() - t
        scores, misses, extras = score_corpus_draft(gold, draft)
        reports.append(ReportScore(gold.file, scores, misses, extras, seconds))
        if h:
            held.add(gold.file)
    return CorpusScore(reports, held, missing)


if __name__ == "__main__":
    sys.exit(main())
