"""What search's pinyin keys cost a write: graph.writer.node_statements over bench.generate's 50,000
enterprises (Hunan and Hubei, seed 7) with the keys (textnorm.pinyin_keys, pypinyin) and without them, and
the keys alone, in CPU seconds of this process (time.process_time: the machine is shared); statements
built, nothing written (the engine's share is in bench.run's import rows).

    TONGXIN_DIVISION_DIST=… .venv/bin/python bench/bench_pinyin.py [--enterprises 50000] [--repeat 3]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from statistics import median

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.generate import generate  # noqa: E402
from tongxin import textnorm  # noqa: E402
from tongxin.graph import writer  # noqa: E402
from tongxin.places.dataset import load_gazetteer  # noqa: E402
from tongxin.textnorm import pinyin_keys  # noqa: E402


def _time(fn, repeat: int) -> float:  # type: ignore[no-untyped-def]
    runs = []
    for _ in range(repeat):
        textnorm._word_readings.cache_clear()  # each run converts its words afresh, as a new process would
        t = time.process_time()
        fn()
        runs.append(time.process_time() - t)
    return median(runs)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--enterprises", type=int, default=50_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    nodes = generate(load_gazetteer(within=("42", "43")), enterprises=args.enterprises).enterprise_nodes
    pinyin_keys("娄底市")  # pypinyin's dictionaries loaded once, outside the timings
    keys = _time(lambda: [pinyin_keys(n.name, tuple(n.aliases)) for n in nodes], args.repeat)
    with_keys = _time(lambda: writer.node_statements(nodes), args.repeat)
    bases = writer.PINYIN_BASES
    writer.PINYIN_BASES = frozenset()
    try:
        without = _time(lambda: writer.node_statements(nodes), args.repeat)
    finally:
        writer.PINYIN_BASES = bases
    n = len(nodes)
    print(f"{n:,} nodes: pinyin_keys {keys:.2f} s ({n / keys:,.0f}/s); node_statements with keys "
          f"{with_keys:.2f} s, without {without:.2f} s (+{with_keys - without:.2f} s)")


if __name__ == "__main__":
    main()
