"""Precision and recall of automatic entity merges (tongxin.entities.keys) and of candidate scores
(tongxin.entities.candidates) on a labelled set of mentions.

    .venv/bin/python bench/bench_entities.py [--enterprises 1500] [--seed 7] [--corpus ../shared/corpus/reports]
                                             [--json out.json]

A mention is one source naming one entity (kind, name, place, credit code or none, source); mentions of one
real entity share a truth label. Two mentions are merged automatically when the loaders give them one key
(an organisation's name also matches the aliases another mention lists, as keys.alias_index does); the
rule the loaders do not use — an enterprise keyed by its name without the legal form — is measured too. Pairs:
every two mentions; a merged pair is correct when the truths agree. The set, built when the bench runs:

* **seeds** — the bundled case records (tongxin/data/cases): every organisation, person and program with
  its place; each alias a record lists is a second mention of it (from another source).
* **corpus** — the development corpus's gold.json (read at run time, nothing copied): every organisation
  of a report, in the report's county, as written and in traditional characters (another source);
  every person as written in two sources of the report's county (one person), and again as a
  namesake in the next report's county (a different person).
* **ledgers** — bench.generate's enterprises (Hubei): each as a ledger row with its credit code, a row of
  another ledger without the code, a third of them as a report names them (no legal form, the city as
  place, a report of its own: a short form is keyed within its source), a quarter in traditional characters with spaces and full-width brackets; 5 % have a namesake (the
  same name, no code) in another city — a different company. The generator's own names give hard
  negatives: 某某建材有限公司 and 某某建材集团有限公司 of one city are different companies.

Candidate pairs (blocking and score as `tongxin dedupe`) are scored on the pairs the keys leave apart.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from math import comb
from pathlib import Path
from typing import Any

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.generate import generate  # noqa: E402
from tongxin.entities.candidates import EntityRecord, candidate_pairs  # noqa: E402
from tongxin.entities.keys import ENTERPRISE_SUFFIXES, enterprise_key, key_for  # noqa: E402
from tongxin.graph.model import normalise_name  # noqa: E402
from tongxin.loaders.caserecord import bundled_case_records  # noqa: E402
from tongxin.places.dataset import load_gazetteer  # noqa: E402

CORPUS = Path(__file__).resolve().parents[2] / "shared" / "corpus" / "reports"
THRESHOLDS = (0.7, 0.8, 0.9, 0.95, 1.0)


@dataclass
class Mention:
    kind: str
    name: str
    place: str | None
    source: str
    truth: str
    part: str
    code: str | None = None
    aliases: tuple[str, ...] = ()
    key: str = field(default="", compare=False)


def _s2t(text: str) -> str:
    import opencc

    return str(opencc.OpenCC("s2t").convert(text))


def seed_mentions() -> list[Mention]:
    out: list[Mention] = []
    for path in bundled_case_records():
        rec = yaml.safe_load(path.read_text(encoding="utf-8"))
        slug = rec["source"]["id"]
        codes = {e["ref"]: str(e["code"]) for e in rec["entities"] if e["kind"] == "Place" and e.get("code")}
        for e in rec["entities"]:
            if e["kind"] == "Place":
                continue
            place = codes.get(e.get("place") or "")
            truth = f"{e['kind']}|{normalise_name(e['name'])}|{place}"
            if e["kind"] == "Person":
                truth += f"|{slug}"  # a record's person: the records say nothing that ties two reports' people
            aliases = tuple(e.get("aliases") or ())
            out.append(Mention(e["kind"], e["name"], place, slug, truth, "seeds", e.get("credit_code"), aliases))
            out.extend(Mention(e["kind"], a, place, f"{slug}-alias", truth, "seeds") for a in aliases)
    return out


def _org_kind(name: str) -> str:
    if name.endswith("统战部"):
        return "UnitedFrontDept"
    if name.endswith(("工商联", "工商业联合会")):
        return "Federation"
    if name.endswith(("委", "党委", "党支部", "总支")):
        return "PartyCommittee"
    return "Association"


def corpus_mentions(corpus: Path) -> list[Mention]:
    gold = json.loads((corpus / "gold.json").read_text(encoding="utf-8"))
    reports = sorted(gold)
    county: dict[str, str | None] = {}
    for r in reports:
        codes = sorted(gold[r]["places"].values(), key=len)
        county[r] = next((c for c in codes if len(c) == 6), codes[0] if codes else None)
    out: list[Mention] = []
    for i, r in enumerate(reports):
        place = county[r]
        for org in gold[r]["orgs"]:
            kind = _org_kind(org)
            truth = f"{kind}|{normalise_name(org)}|{place}"
            out.append(Mention(kind, org, place, r, truth, "corpus"))
            out.append(Mention(kind, _s2t(org), place, f"{r}-trad", truth, "corpus"))
        other = county[reports[(i + 1) % len(reports)]]
        for person in gold[r]["people"]:
            truth = f"{person}|{place}"
            out.append(Mention("Person", person, place, r, truth, "corpus"))
            out.append(Mention("Person", person, place, f"{r}-b", truth, "corpus"))
            if other != place:
                out.append(Mention("Person", person, other, f"{r}-namesake", f"{person}|{other}", "corpus"))
    return out


def _report_form(name: str) -> str:
    core = name
    for suffix in ("股份有限公司", *ENTERPRISE_SUFFIXES):
        core = core.removesuffix(suffix)
    return core


def ledger_mentions(enterprises: int, seed: int) -> list[Mention]:
    gaz = load_gazetteer(within=("42",))
    work = generate(gaz, provinces=("42",), enterprises=enterprises, seed=seed)
    villages: dict[str, list[str]] = defaultdict(list)
    for e in work.enterprise_edges:
        villages[e.source].append(e.target.removeprefix("place:"))
    cities = sorted({c[:4] for vs in villages.values() for c in vs})
    rng = random.Random(seed)
    out: list[Mention] = []
    for node in work.enterprise_nodes:
        if node.kind != "Enterprise":
            continue
        code = str(node.props["credit_code"])
        vs = villages[node.id]
        out.append(Mention("Enterprise", node.name, vs[0], "ledger-a", code, "ledgers", code))
        out.append(Mention("Enterprise", node.name, vs[-1], "ledger-b", code, "ledgers"))
        if rng.random() < 1 / 3:
            # a report names a company in its short form; one report does not name two companies alike
            out.append(Mention("Enterprise", _report_form(node.name), vs[0][:4], f"report-{code}", code, "ledgers"))
        if rng.random() < 1 / 4:
            spaced = _s2t(node.name).replace("有限", " （有限）", 1) if "集团" not in node.name else _s2t(node.name)
            out.append(Mention("Enterprise", spaced.replace("公司", " 公司"), vs[0], "report-trad", code, "ledgers"))
        if rng.random() < 0.05:
            elsewhere = rng.choice([c for c in cities if c != vs[0][:4]] or cities)
            out.append(Mention("Enterprise", node.name, elsewhere, "ledger-other-city", f"other-{code}", "ledgers"))
    return out


def _rule(key: str) -> str:
    kind, _, rest = key.partition(":")
    if kind == "enterprise":
        if "@" not in rest and len(rest) == 18:
            return "enterprise: credit code"
        return "enterprise: name + city" if rest.rpartition("@")[2].isdigit() else "enterprise: short name + source"
    if kind == "person":
        return "person: name + place" if rest.rpartition("@")[2].isdigit() else "person: name + source"
    if kind == "program":
        return "program: name"
    return "organisation: name + place, aliases"


def assign_keys(mentions: list[Mention], *, strip_legal_form: bool = False) -> None:
    index: dict[tuple[str, str, str | None], str] = {}
    for m in mentions:
        if m.kind == "Enterprise":
            m.key = enterprise_key(m.name, m.place, m.code, source_slug=m.source, strip_legal_form=strip_legal_form)
        else:
            m.key = key_for(m.kind, m.name, m.place, code=m.code, source_slug=m.source)
        if m.aliases and m.kind not in ("Enterprise", "Person", "Program") and m.place:
            for n in (m.name, *m.aliases):
                index[(m.kind, normalise_name(n), m.place)] = m.key
    for m in mentions:
        if m.kind not in ("Enterprise", "Person", "Program") and m.place:
            m.key = index.get((m.kind, normalise_name(m.name), m.place), m.key)


def pair_counts(mentions: list[Mention]) -> dict[str, Any]:
    """Merged pairs, correct merged pairs and pairs of one truth, per rule and in all."""
    by_key: dict[str, list[Mention]] = defaultdict(list)
    for m in mentions:
        by_key[m.key].append(m)
    rows: dict[str, Counter[str]] = defaultdict(Counter)
    for key, group in by_key.items():
        rule = _rule(key)
        rows[rule]["merged"] += comb(len(group), 2)
        for n in Counter(m.truth for m in group).values():
            rows[rule]["correct"] += comb(n, 2)
    positives = sum(comb(n, 2) for n in Counter(m.truth for m in mentions).values())
    out: dict[str, Any] = {}
    for rule, c in sorted(rows.items()):
        if c["merged"]:
            out[rule] = {"merged_pairs": c["merged"], "correct": c["correct"],
                         "precision": round(c["correct"] / c["merged"], 4)}
    merged = sum(c["merged"] for c in rows.values())
    correct = sum(c["correct"] for c in rows.values())
    out["all"] = {"mentions": len(mentions), "true_pairs": positives, "merged_pairs": merged, "correct": correct,
                  "precision": round(correct / merged, 4) if merged else None,
                  "recall": round(correct / positives, 4) if positives else None}
    return out


def candidate_figures(mentions: list[Mention]) -> dict[str, Any]:
    """Precision and recall of `score >= t` on the pairs the keys leave apart."""
    records = [EntityRecord(f"m{i:06d}", m.kind, m.name, list(m.aliases), m.code, m.place, [m.source])
               for i, m in enumerate(mentions)]
    left_apart = sum(comb(n, 2) for n in Counter(m.truth for m in mentions).values()) - sum(
        comb(n, 2) for n in Counter((m.key, m.truth) for m in mentions).values())
    found = candidate_pairs(records, min_score=min(THRESHOLDS))
    scored = []
    for c in found:
        a, b = mentions[int(c.left[1:])], mentions[int(c.right[1:])]
        if a.key != b.key:
            scored.append((c.score, a.truth == b.truth))
    out: dict[str, Any] = {"true_pairs_left_apart": left_apart}
    for t in THRESHOLDS:
        hits = [same for score, same in scored if score >= t]
        good = sum(hits)
        out[f"score>={t}"] = {"pairs": len(hits), "correct": good,
                              "precision": round(good / len(hits), 4) if hits else None,
                              "recall": round(good / left_apart, 4) if left_apart else None}
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--enterprises", type=int, default=1500)
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--corpus", type=Path, default=CORPUS)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    parts = {"seeds": seed_mentions(), "ledgers": ledger_mentions(args.enterprises, args.seed)}
    if (args.corpus / "gold.json").is_file():
        parts["corpus"] = corpus_mentions(args.corpus)
    else:
        print(f"no gold.json in {args.corpus}: the corpus part is left out", file=sys.stderr)
    every = [m for ms in parts.values() for m in ms]
    assign_keys(every, strip_legal_form=True)  # the rejected rule first: its figures are why it is rejected
    stripped = pair_counts(every)
    assign_keys(every)
    result: dict[str, Any] = {"args": {"enterprises": args.enterprises, "seed": args.seed},
                              "parts": {name: pair_counts(ms) for name, ms in parts.items()},
                              "automatic": pair_counts(every), "candidates": candidate_figures(every),
                              "rejected_rule_legal_form_stripped": stripped}
    if args.json:
        args.json.write_text(json.dumps(result, ensure_ascii=False, indent=2), encoding="utf-8")
    print(f"{'set / rule':44} {'pairs':>8} {'correct':>8} {'precision':>9} {'recall':>7}")
    for name, figures in [*result["parts"].items(), ("all", result["automatic"])]:
        for rule, f in figures.items():
            label = f"{name}: {rule}" if rule != "all" else f"{name} ({f['mentions']} mentions, {f['true_pairs']} true pairs)"
            print(f"{label:44} {f['merged_pairs']:>8} {f['correct']:>8} {f['precision']!s:>9} {f.get('recall', '')!s:>7}")
    f = stripped["enterprise: name + city"]
    print(f"{'rejected: enterprise key without legal form':44} {f['merged_pairs']:>8} {f['correct']:>8} "
          f"{f['precision']!s:>9}")
    print(f"candidates on the {result['candidates']['true_pairs_left_apart']} true pairs the keys leave apart:")
    for t in THRESHOLDS:
        f = result["candidates"][f"score>={t}"]
        print(f"  score >= {t:<5} {f['pairs']:>8} {f['correct']:>8} {f['precision']!s:>9} {f['recall']!s:>7}")


if __name__ == "__main__":
    main()
