"""What a judgement costs now that it folds clusters in the store (tongxin.entities.resolve): the time of
`judge same` (fold), `judge different --override` (unfold) and of a load that names a folded member, as
the member's number of edges grows. Embedded FalkorDB in a temporary data directory.

    .venv/bin/python bench/bench_judge.py [--edges 100 1000 5000] [--runs 3] [--json out.json]

The graph: two associations (the pair judged), the member with `edges` people MEMBER_OF it: a judgement's
cost is that of the edges it moves. Each step is checked (the head's and the member's degrees).
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.util import median  # noqa: E402
from tongxin.entities.judgements import judge  # noqa: E402
from tongxin.entities.resolve import load_statements  # noqa: E402
from tongxin.graph.changes import ChangeSet  # noqa: E402
from tongxin.graph.model import Edge, Node  # noqa: E402
from tongxin.graph.stores.embedded import EmbeddedServer  # noqa: E402
from tongxin.graph.stores.falkordb_ import FalkorDBStore  # noqa: E402
from tongxin.graph.writer import build_changeset  # noqa: E402

HEAD, MEMBER = "association:bench-head@4203", "association:bench-member@4203"


def _graph(n: int, source: str) -> tuple[list[Node], list[Edge]]:
    nodes = [Node(id=HEAD, kind="Association", name="某某商会", sources=[source]),
             Node(id=MEMBER, kind="Association", name="某某市商会", sources=[source])]
    edges: list[Edge] = []
    for i in range(n):
        pid = f"person:bench-{i}@4203"
        nodes.append(Node(id=pid, kind="Person", name=f"人{i}", sources=[source]))
        edges.append(Edge(source=pid, target=MEMBER, type="MEMBER_OF", source_id=source, evidence=f"人{i}"))
    return nodes, edges


def _degree(store: FalkorDBStore, node_id: str) -> int:
    rows = store.query("MATCH (n:Entity {id: $id}) OPTIONAL MATCH (n)-[r]-() RETURN count(r)", {"id": node_id}).rows
    return int(rows[0][0]) if rows else 0


def run(sizes: list[int], runs: int) -> list[dict[str, Any]]:
    out = []
    with tempfile.TemporaryDirectory() as tmp:
        server = EmbeddedServer.ensure(Path(tmp))
        try:
            for n in sizes:
                fold, unfold, load = [], [], []
                for r in range(runs):
                    store = FalkorDBStore(server, graph=f"bench_judge_{n}_{r}")
                    store.ensure_schema()
                    src = Node(id="source:bench", kind="Source", name="bench", sources=["source:bench"])
                    nodes, edges = _graph(n, "source:bench")
                    store.apply(build_changeset([src, *nodes], edges))
                    t0 = datetime(2026, 1, 1, tzinfo=UTC)
                    t = time.perf_counter()
                    judge(store, HEAD, MEMBER, "same", author="bench", now=t0)
                    fold.append(time.perf_counter() - t)
                    assert _degree(store, HEAD) == n and _degree(store, MEMBER) == 0
                    # a load naming the member again (the writer's statements with the fold around them)
                    before, after = load_statements(store, {e.target for e in edges} | {n.id for n in nodes})
                    changes = ChangeSet([*before, *build_changeset(nodes, edges), *after])
                    t = time.perf_counter()
                    store.apply(changes)
                    load.append(time.perf_counter() - t)
                    assert _degree(store, HEAD) == n and _degree(store, MEMBER) == 0
                    t = time.perf_counter()
                    judge(store, HEAD, MEMBER, "different", author="bench", override=True,
                          now=t0 + timedelta(days=1))
                    unfold.append(time.perf_counter() - t)
                    assert _degree(store, HEAD) == 0 and _degree(store, MEMBER) == n
                    store.clear()
                out.append({"edges": n, "fold_s": round(median(fold), 3), "reload_folded_s": round(median(load), 3),
                            "unfold_s": round(median(unfold), 3), "runs": runs})
                print(out[-1], flush=True)
        finally:
            server.stop(save=False)
    return out


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--edges", type=int, nargs="+", default=[100, 1000, 5000])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--json", type=Path)
    args = ap.parse_args()
    rows = run(args.edges, args.runs)
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
