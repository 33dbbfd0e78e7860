"""What keeping edge properties per source (graph/writer.py, issue 21 item 7) costs a write: the same
pairings written by today's edge statements and by the writer of a given git revision (before the change),
alternated, on the embedded FalkorDB; then the same pairings stated again by a second source. With
`--nodes`, the same for nodes: organisations with a note, as two reports state them (node properties kept
per source since d4ed2f5).

    .venv/bin/python -m bench.bench_per_source --pairings 20000 --before fcf920a
    .venv/bin/python -m bench.bench_per_source --nodes --pairings 20000 --before d4ed2f5

Prints rows/s per writer and pass (median of --runs); no target: a measure for docs/benchmarks.md."""

from __future__ import annotations

import argparse
import importlib.util
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from bench.util import median, timed
from tongxin.graph.changes import ChangeSet
from tongxin.graph.model import Edge, Node
from tongxin.graph.stores.embedded import EmbeddedServer
from tongxin.graph.stores.falkordb_ import FalkorDBStore
from tongxin.graph.writer import edge_statements, node_statements


def _writer_at(rev: str) -> Any:
    """tongxin/graph/writer.py as it was at git revision `rev`, as a module."""
    text = subprocess.run(["git", "show", f"{rev}:tongxin/graph/writer.py"], check=True, capture_output=True,
                          text=True).stdout
    path = Path(tempfile.mkdtemp()) / "writer_before.py"
    path.write_text(text, encoding="utf-8")
    spec = importlib.util.spec_from_file_location("writer_before", path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules["writer_before"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def _edges(n: int, source: str, since: str) -> list[Edge]:
    return [Edge(type="PAIRED_WITH", source=f"enterprise:e{i}", target=f"place:v{i}", source_id=source,
                 evidence=f"row {i + 2}", props={"program": "万企兴万村", "since": since, "investment": 1e5 + i})
            for i in range(n)]


def _nodes(n: int, source: str, note: str) -> list[Node]:
    return [Node(id=f"democraticparty:测试支部{i}", kind="DemocraticParty", name=f"测试支部{i}", props={"note": note},
                 sources=[source]) for i in range(n)]


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(prog="python -m bench.bench_per_source")
    p.add_argument("--pairings", type=int, default=20_000)
    p.add_argument("--before", default="fcf920a", help="git revision of the writer to compare with")
    p.add_argument("--runs", type=int, default=3)
    p.add_argument("--nodes", action="store_true", help="organisations with a note (node statements), not pairings")
    args = p.parse_args(argv)
    before = _writer_at(args.before)
    if args.nodes:
        writers = {"before": lambda ns: before.node_statements(ns), "per-source": lambda ns: node_statements(ns)}
        rows = _nodes
    else:
        writers = {"before": before.edge_statements, "per-source": edge_statements}
        rows = _edges
    data = Path(tempfile.mkdtemp(prefix="tongxin-bench-ps-"))
    server = EmbeddedServer.ensure(data, linger_s=0)
    store = FalkorDBStore(server, graph="bench_per_source")
    results: dict[tuple[str, str], list[float]] = {}
    try:
        for _run in range(args.runs):
            for name, build in writers.items():
                store.clear()
                store.ensure_schema()
                if not args.nodes:
                    store.write_query("UNWIND range(0, $n - 1) AS i CREATE (:Entity {id: 'enterprise:e' + toString(i)}), "
                                      "(:Entity {id: 'place:v' + toString(i)})", {"n": args.pairings})
                for phase, src, value in (("first source", "source:a", "2021-06"),
                                          ("second source", "source:b", "2019-03")):
                    changes = ChangeSet(build(rows(args.pairings, src, value)))
                    secs, _res = timed(lambda changes=changes: store.apply(changes))
                    results.setdefault((name, phase), []).append(secs)
        for (name, phase), secs in sorted(results.items()):
            print(f"{name:11} {phase:14} {args.pairings / median(secs):>9,.0f} rows/s "
                  f"(median of {len(secs)}: {', '.join(f'{s:.2f}' for s in secs)} s)")
    finally:
        store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
