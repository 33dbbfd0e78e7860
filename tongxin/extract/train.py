"""Train the pairing model (:mod:`tongxin.extract.pairmodel`) from hand-read reports, and measure it.

    python -m tongxin.extract.train --corpus DIR [--corpus DIR …] [-o tongxin/extract/pairmodel.json]
    python -m tongxin.extract.train --corpus DIR … --evaluate

Each DIR holds reports (``*.txt``) and a ``gold.json`` in the corpus format (its README). Every
report is split by :func:`tongxin.extract.score.held_out` (sha256 of the file name): the model is
**trained on the development parts only**, so that scoring the held-out parts stays a test on text the
model never saw. ``--evaluate`` prints, per corpus and part, the structural scores of the verb frames
alone and of frames + the model just trained, so what the model adds and costs is visible.
``--cv`` chooses the regularisation and threshold without looking at any held-out part: each corpus
in turn is left out, a model is trained on the other corpora's development parts, and the left-out
corpus's development part is scored (frames + model) at every ``--C`` and ``--threshold`` given;
the table sums the folds, so it says how the model does on a set it has never seen.

Labels: a candidate (party, target) of a sentence is positive when its two ends match the two ends
of a gold pairing (the scorer's name matching). Needs scikit-learn (``pip install -e '.[train]'``),
which the extractor itself does not.
"""

from __future__ import annotations

import argparse
import sys
from dataclasses import dataclass, replace
from pathlib import Path

from tongxin.extract.pairmodel import MODEL_PATH, Features, PairModel, candidates
from tongxin.extract.score import (
    CORPUS_CATEGORIES,
    CorpusGold,
    NameMatcher,
    Score,
    held_out,
    kind_group,
    load_corpus_gold,
    score_corpus_draft,
)


@dataclass
class Example:
    corpus: str
    file: str
    held: bool
    feats: list[dict[str, float]]
    labels: list[int]
    gold: CorpusGold


def examples(corpus: Path, *, missing: list[str] | None = None) -> list[Example]:
    """One :class:`Example` per report with gold: its candidates' features and labels. A gold entry
    whose text is not in the folder is an error, or, given a ``missing`` list, skipped and named there
    (a corpus restored in part)."""
    from tongxin.extract.pairings import Frames
    from tongxin.extract.relations import _Rel
    from tongxin.extract.report import extract_with_context

    out = []
    for gold in load_corpus_gold(corpus / "gold.json"):
        path = corpus / gold.file
        if not path.is_file():
            if missing is not None:
                missing.append(str(path))
                continue
            raise FileNotFoundError(f"{corpus / 'gold.json'}: report {gold.file} not found "
                                    "(--allow-missing trains on the reports that are there)")
        draft, ex = extract_with_context(path, pair_model=None)
        places = list(gold.places) + [n for e in draft.entities if kind_group(e.kind) == "place"
                                      for n in [e.name, *e.aliases]]
        m = NameMatcher(places)
        feats, labels = [], []
        frames = Frames(_Rel(ex))
        features = Features(frames)
        for c in candidates(frames):
            a = [c.party.entity.name, *c.party.entity.aliases]
            b = [c.target.entity.name, *c.target.entity.aliases]
            pos = any(m.joins(a, b, pair) for pair in gold.pairings)
            feats.append(features(c))
            labels.append(int(pos))
        out.append(Example(str(corpus), gold.file, held_out(gold.file), feats, labels, gold))
    return out


def fit(train: list[Example], *, c: float = 0.1, threshold: float = 0.75) -> PairModel:
    """A logistic regression (L2, balanced classes) over the examples' candidates."""
    try:
        from sklearn.feature_extraction import DictVectorizer
        from sklearn.linear_model import LogisticRegression
    except ImportError as exc:  # the extractor does not need it; training does
        raise SystemExit("training needs scikit-learn: pip install -e '.[train]'") from exc
    xs = [f for ex in train for f in ex.feats]
    ys = [y for ex in train for y in ex.labels]
    if not xs or len(set(ys)) < 2:
        raise SystemExit("no positive and negative candidates to train on: check the corpora's gold pairings")
    vec = DictVectorizer()
    x = vec.fit_transform(xs)
    lr = LogisticRegression(C=c, class_weight="balanced", max_iter=2000)
    lr.fit(x, ys)
    weights = {name: float(w) for name, w in zip(vec.get_feature_names_out(), lr.coef_[0], strict=True)
               if abs(w) >= 1e-4}
    info = {"trained_on": sorted({f"{Path(ex.corpus).name}/{ex.file}" for ex in train}),
            "candidates": len(ys), "positives": sum(ys), "C": c}
    return PairModel(weights, float(lr.intercept_[0]), threshold, info)


def score(exs: list[Example], model: PairModel | None) -> dict[str, Score]:
    """Structural scores of the examples' reports, extracted with ``model`` (None: frames alone)."""
    from tongxin.extract import extract_report

    tot = {k: Score() for k in CORPUS_CATEGORIES}
    for ex in exs:
        draft = extract_report(Path(ex.corpus) / ex.file, pair_model=model)
        for k, s in score_corpus_draft(ex.gold, draft)[0].items():
            tot[k].add(s)
    return tot


def cross_validate(exs: list[Example], cs: list[float], thresholds: list[float]) -> list[tuple[str, Score]]:
    """Leave-one-corpus-out over the development parts (see the module docstring): the structural
    pairing score of frames alone and of frames + model per (C, threshold), summed over the folds."""
    dev = [e for e in exs if not e.held]
    corpora = sorted({e.corpus for e in dev})
    if len(corpora) < 2:
        raise SystemExit("--cv leaves one corpus out at a time: give at least two --corpus folders")
    rows: dict[str, Score] = {"frames alone": Score()}
    for corpus in corpora:
        test = [e for e in dev if e.corpus == corpus]
        rows["frames alone"].add(score(test, None)["pairings"])
        for c in cs:
            model = fit([e for e in dev if e.corpus != corpus], c=c)
            for th in thresholds:
                key = f"C={c:g}, p>={th:g}"
                rows.setdefault(key, Score()).add(score(test, replace(model, threshold=th))["pairings"])
    return list(rows.items())


def _row(label: str, s: Score) -> str:
    return f"{label}: recall {s.recall:.2f} ({s.tp}/{s.tp + s.fn}), precision {s.precision:.2f} ({s.tp}/{s.tp + s.fp})"


def _positive(raw: str) -> float:
    value = float(raw)
    if not value > 0:
        raise argparse.ArgumentTypeError(f"must be greater than 0, got {raw}")
    return value


def _probability(raw: str) -> float:
    value = float(raw)
    if not 0 < value < 1:
        raise argparse.ArgumentTypeError(f"must be between 0 and 1 (exclusive), got {raw}")
    return value


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m tongxin.extract.train", description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, action="append", required=True,
                    help="a folder of reports with gold.json (repeatable)")
    ap.add_argument("-o", "--output", type=Path, default=MODEL_PATH, help="where to write the model (JSON)")
    ap.add_argument("--evaluate", action="store_true",
                    help="do not write: print frames alone vs frames + model on each corpus's parts")
    ap.add_argument("--cv", action="store_true",
                    help="do not write: leave one corpus out at a time and print pairing recall and precision "
                         "per --C and --threshold (both repeatable) on the left-out development parts")
    ap.add_argument("--C", type=_positive, action="append",
                    help="inverse L2 strength (default 0.1: the shipped model's, chosen by cross-validation)")
    ap.add_argument("--threshold", type=_probability, action="append",
                    help="probability a learned pairing needs (default 0.75: the shipped model's)")
    ap.add_argument("--allow-missing", action="store_true",
                    help="skip gold entries whose report text is not in the folder, and name them")
    args = ap.parse_args(argv)
    for d in args.corpus:
        if not (d / "gold.json").is_file():
            print(f"{d}: no gold.json", file=sys.stderr)
            return 2
    missing: list[str] | None = [] if args.allow_missing else None
    try:
        exs = [e for d in args.corpus for e in examples(d, missing=missing)]
    except (OSError, ValueError) as exc:  # a report the gold names is missing, a gold.json unreadable
        print(f"error: {exc}", file=sys.stderr)
        return 2
    if missing:
        print(f"{len(missing)} gold entries have no text, skipped: " + ", ".join(missing), file=sys.stderr)
    cs, thresholds = args.C or [0.1], args.threshold or [0.75]
    if args.cv:
        n_dev = sum(not e.held for e in exs)
        print(f"leave-one-corpus-out over {n_dev} development reports of {len(args.corpus)} corpora "
              "(pairings, frames + model, summed over the left-out parts)")
        for label, s in cross_validate(exs, cs, thresholds):
            print("  " + _row(f"{label:<22}", s))
        return 0
    if len(cs) > 1 or len(thresholds) > 1:
        print("one --C and one --threshold to write or evaluate a model (several only with --cv)", file=sys.stderr)
        return 2
    train = [e for e in exs if not e.held]
    model = fit(train, c=cs[0], threshold=thresholds[0])
    print(f"trained on {len(train)} development reports: {model.info['candidates']} candidates, "
          f"{model.info['positives']} positive")
    if args.evaluate:
        for d in args.corpus:
            for part, held in (("dev", False), ("held-out", True)):
                sel = [e for e in exs if e.corpus == str(d) and e.held == held]
                if not sel:
                    continue
                base, with_model = score(sel, None), score(sel, model)
                print(f"{d} {part} ({len(sel)} reports)")
                print("  " + _row("pairings, frames        ", base["pairings"]))
                print("  " + _row("pairings, frames + model", with_model["pairings"]))
        return 0
    args.output.write_text(model.to_json() + "\n", encoding="utf-8")
    print(f"wrote {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
