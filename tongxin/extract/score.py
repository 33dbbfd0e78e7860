"""Precision and recall of the extractor against hand-made gold annotations.

``python -m tongxin.extract.score`` extracts every report that has a gold file in ``tests/data/gold``
and prints precision/recall per kind (places, organisations, people, programs, relations, claims).
``-v`` lists the misses and the false positives report by report.

Matching: names are compared in a normal form (simplified, no spaces, quotes or dots, 统一战线 ≡ 统战,
办事处 ≡ 街道) and match when equal, equal but for a level suffix (娄底 ~ 娄底市, 乐坪街道办事处 ~ 乐坪街道),
or when one is the other with place names in front (市委统战部 ~ 娄底市委统战部, 中阳村 ~
娄底经济开发区大埠桥办事处中阳村). Each gold item is matched at most once. Relations match on type and
both ends (PAIRED_WITH either way round); claims on place, count and counted kind.
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

__all__ = ["GOLD_DIR", "Score", "ScoreReport", "default_seeds_dirs", "load_gold", "main", "score_reports"]

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
    from tongxin.extract.clean import to_simplified

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


class _Matcher:
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
    m = _Matcher(place_names)
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

    pred_claims = [(pred_names.get(c.about, [c.about]), c.count, c.subject) for c in draft.claims]

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
    args = ap.parse_args(argv)
    rep = score_reports(args.gold, args.seeds)
    print(rep.table())
    if args.verbose:
        print()
        print(rep.details())
    return 0


if __name__ == "__main__":
    sys.exit(main())
