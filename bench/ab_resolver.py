"""Compare two versions of tongxin/places/resolver.py in one process, interleaved.

    .venv/bin/python bench/ab_resolver.py OLD_RESOLVER.py NEW_RESOLVER.py [--n 8000] [--rounds 2]

    e.g. git show HEAD~3:tongxin/places/resolver.py > /tmp/old_resolver.py
         .venv/bin/python bench/ab_resolver.py /tmp/old_resolver.py tongxin/places/resolver.py

On a shared VM whole runs of bench_resolver.py swing by ±30 % within minutes, too much to see a 10 %
change. Here both modules resolve the same inputs in alternating 500-name chunks (A then B, then B then
A), so a slow spell of the machine hits both alike; each version's rate is taken at the 25th percentile of
its chunk times (CPU). Scenarios as in bench_resolver.py; "cold" is the first pass on a resolver built for
the round, "warm" the second.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from types import ModuleType

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.bench_resolver import scenarios  # noqa: E402
from tongxin.places.dataset import load_gazetteer  # noqa: E402

CHUNK = 500


def load(path: str, name: str) -> ModuleType:
    if not Path(path).is_file():
        raise SystemExit(f"ab_resolver: {path}: no such file (give the path of a resolver.py)")
    spec = importlib.util.spec_from_file_location(name, path)
    if spec is None or spec.loader is None:
        raise SystemExit(f"ab_resolver: {path}: cannot be loaded as a Python module")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("old", help="resolver.py of the old version (A)")
    ap.add_argument("new", help="resolver.py of the new version (B)")
    ap.add_argument("--n", type=int, default=8_000, help="sampled villages/communities")
    ap.add_argument("--rounds", type=int, default=2)
    ap.add_argument("--seed", type=int, default=7)
    args = ap.parse_args(argv)
    mods = {"A": load(args.old, "resolver_a"), "B": load(args.new, "resolver_b")}
    gaz = load_gazetteer(within=("43", "34", "42", "51"))  # the seed reports' provinces
    _, (full, bare_town, bare_village, _) = scenarios(gaz, args.n, args.seed)
    inputs = {
        "township+village, county context": bare_town,
        "bare village, county context": bare_village,
        "full strings": full,
    }
    times: dict[tuple[str, str, str], list[float]] = {}
    for _ in range(args.rounds):
        for label, rows in inputs.items():
            resolvers = {tag: mod.Resolver(gaz) for tag, mod in mods.items()}
            for phase in ("cold", "warm"):
                for lo in range(0, len(rows), CHUNK):
                    part = rows[lo : lo + CHUNK]
                    order = ("A", "B") if lo % (2 * CHUNK) == 0 else ("B", "A")
                    for tag in order:
                        resolver = resolvers[tag]
                        start = time.process_time()
                        for name, context, _ in part:
                            resolver.resolve(name, context)
                        times.setdefault((label, phase, tag), []).append(time.process_time() - start)
    for label in inputs:
        for phase in ("cold", "warm"):
            a = sorted(times[(label, phase, "A")])
            b = sorted(times[(label, phase, "B")])
            qa, qb = a[len(a) // 4], b[len(b) // 4]
            print(
                f"{label:<34} {phase}: A {CHUNK / qa:8,.0f}/s  B {CHUNK / qb:8,.0f}/s  B/A {qa / qb:.2f}×"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
