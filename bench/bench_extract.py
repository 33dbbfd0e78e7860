"""Report extraction against the real-report corpus: structural scores and speed (issue 22).

    .venv/bin/python -m bench.bench_extract [--corpus ../shared/corpus/reports …] [--rounds 3] [-v]

* **scores**: every report of the corpus that has a gold entry is extracted and scored structurally
  (tongxin.extract.score.score_corpus: a typed entity, a place with the gold code, a relation entry
  joining both gold ends, a claim with that number), on the fixed development / held-out split
  (sha256(file name) % 3 == 0 is held out; the rules were tuned looking at the development part only,
  and the pairing model was trained on development parts only); ``--corpus`` may be repeated: each
  corpus gets its own table;
* **speed**: after the one-time warm-up, all reports are extracted ``--rounds`` times in this process;
  reports/s and characters/s, wall clock; then consecutive reports joined into texts as near 2,000
  characters as whole reports allow (:func:`joined_texts`), in at least 7 passes, the median
  pass's rate (and per second of this process's CPU time, which a busy machine disturbs less) with the
  slowest and fastest pass — target ≥ 20 reports/s of ~2,000 characters;
* **batch**: the same ~2,000-character texts, many times over, through ``extract_many`` as
  ``tongxin extract DIR/*.txt`` runs them: one process, then one per CPU core (forked after the warm-up),
  reports/s wall clock of each in one run.

The corpus is third-party text read from ../shared at run time; nothing of it is copied here.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path


def joined_texts(reports: list[str], size: int = 2000, slack: float = 0.2) -> list[str]:
    """Consecutive reports joined into texts of about ``size`` characters: a text is closed before the
    next report when adding it would take the text farther from ``size``; texts more than ``slack``
    away from it (the last, left over) are dropped."""
    texts, cur = [], ""
    for report in reports:
        if cur and abs(len(cur) + len(report) - size) > abs(len(cur) - size):
            texts.append(cur)
            cur = ""
        cur += report
    texts.append(cur)
    return [t for t in texts if abs(len(t) - size) <= slack * size]


def main(argv: list[str] | None = None) -> int:
    from tongxin.extract import extract_many, extract_report, warm_up
    from tongxin.extract.score import CORPUS_DIR, score_corpus

    ap = argparse.ArgumentParser(prog="python -m bench.bench_extract", description=__doc__.split("\n\n")[0])
    ap.add_argument("--corpus", type=Path, action="append",
                    help="a folder of reports with gold.json (repeatable; default ../shared/corpus/reports)")
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("-v", "--verbose", action="store_true", help="list misses and false positives")
    args = ap.parse_args(argv)
    corpora: list[Path] = args.corpus or [CORPUS_DIR]
    for corpus in corpora:
        if not (corpus / "gold.json").is_file():
            print(f"no corpus with gold.json at {corpus}", file=sys.stderr)
            return 2
    init = warm_up()
    print("warm-up: " + ", ".join(f"{k} {v:.2f}s" for k, v in init.items()))
    for corpus in corpora:
        cs = score_corpus(corpus)
        print(f"\n{corpus}")
        print(cs.table())
        if args.verbose:
            print()
            print(cs.details())
    files = sorted(corpora[0].glob("*.txt"))
    chars = sum(len(p.read_text(encoding="utf-8", errors="replace")) for p in files)
    t = time.perf_counter()
    for _ in range(args.rounds):
        for p in files:
            extract_report(p)
    secs = time.perf_counter() - t
    n = len(files) * args.rounds
    print()
    print(f"speed: {n} extractions of {len(files)} reports (mean {chars / len(files):,.0f} characters) in "
          f"{secs:.2f} s = {n / secs:.1f} reports/s, {chars * args.rounds / secs:,.0f} characters/s "
          f"(target ≥ 20 reports/s)")
    # ~2,000-character reports: the stored copies are cut at about 2 KB of the page, so consecutive
    # reports are joined (in memory) into texts as near 2,000 characters as whole reports allow, and
    # the texts within 20 % of it are timed (joining until 2,000 is passed made them 2,429 on average)
    texts = joined_texts([p.read_text(encoding="utf-8", errors="replace") + "\n" for p in files])
    # one pass over the texts takes under a second, and on a shared machine passes differ by a quarter:
    # the rate is the median pass's, with the slowest and fastest beside it
    rates, cpu_rates = [], []
    for _ in range(max(args.rounds, 7)):
        t, c = time.perf_counter(), time.process_time()
        for text in texts:
            extract_report(text)
        rates.append(len(texts) / (time.perf_counter() - t))
        cpu_rates.append(len(texts) / max(time.process_time() - c, 1e-9))
    mean = sum(map(len, texts)) / len(texts)
    print(f"speed (~2,000 characters): {len(rates)} passes over {len(texts)} joined texts (mean {mean:,.0f} "
          f"characters): median {statistics.median(rates):.1f} reports/s wall clock (passes {min(rates):.1f}–"
          f"{max(rates):.1f}), {statistics.median(cpu_rates):.1f} reports/s of CPU time (target ≥ 20 reports/s)")
    batch = texts * max(args.rounds, 7)
    line = []
    for jobs in (1, os.cpu_count() or 1):
        t = time.perf_counter()
        problems = [p for p in extract_many(batch, jobs=jobs) if p]
        line.append(f"{jobs} process(es) {len(batch) / (time.perf_counter() - t):.1f} reports/s"
                    + (f" ({len(problems)} unread)" if problems else ""))
    print(f"batch (~2,000 characters, {len(batch)} texts as `tongxin extract` shares them): " + ", ".join(line))
    return 0


if __name__ == "__main__":
    sys.exit(main())
