"""The baselines the graph is measured against, over exactly the same rows.

- **DuckDB** (the practical limit for set-at-a-time questions): a `places` table (code, code_num, level,
  name) and a `pairings` table (partner kind, target code_num, program), in memory; coverage as an
  anti-join (`NOT EXISTS`), rollups as GROUP BY.
- **Plain Python** in memory: the villages sorted by code number (a bisect gives a scope) and the set of
  covered codes; coverage is a scan of the scope.
- **networkx** for linkage: an undirected graph of every node and edge (PART_OF included), shortest
  paths with `all_shortest_paths`; the ego neighbourhood by the same rule as the `neighbourhood` query
  (no walking down the division tree beyond the first hop).
"""

from __future__ import annotations

import bisect
import csv
import tempfile
from collections import defaultdict
from collections.abc import Iterable
from itertools import islice
from pathlib import Path
from typing import Any

import duckdb
import networkx as nx

from bench.generate import Pairing
from tongxin.places.gazetteer import Gazetteer
from tongxin.queries.registry import code_range


class DuckCoverage:
    def __init__(self, gazetteer: Gazetteer, pairings: list[Pairing]):
        self.con = duckdb.connect(":memory:")
        with tempfile.TemporaryDirectory() as tmp:
            places = Path(tmp) / "places.csv"
            with places.open("w", newline="", encoding="utf-8") as fh:
                w = csv.writer(fh)
                w.writerow(["code", "code_num", "level", "name"])
                for p in gazetteer.iter_places():
                    w.writerow([p.code, code_range(p.code)[0], p.level, p.name])
            pairs = Path(tmp) / "pairings.csv"
            with pairs.open("w", newline="", encoding="utf-8") as fh:
                w = csv.writer(fh)
                w.writerow(["partner", "kind", "target_num", "program", "since"])
                for q in pairings:
                    w.writerow([q.partner, q.kind, code_range(q.target)[0], q.program, q.since])
            self.con.execute(f"CREATE TABLE places AS SELECT * FROM read_csv('{places}', header=true, "
                             "columns={'code': 'VARCHAR', 'code_num': 'BIGINT', 'level': 'VARCHAR', "
                             "'name': 'VARCHAR'})")
            self.con.execute(f"CREATE TABLE pairings AS SELECT * FROM read_csv('{pairs}', header=true, "
                             "columns={'partner': 'VARCHAR', 'kind': 'VARCHAR', 'target_num': 'BIGINT', "
                             "'program': 'VARCHAR', 'since': 'VARCHAR'})")

    _LACKING = ("FROM places v WHERE v.level = 'village' AND v.code_num >= ? AND v.code_num < ? "
                "AND NOT EXISTS (SELECT 1 FROM pairings p WHERE p.target_num = v.code_num AND p.kind = 'Enterprise')")

    def summary(self, lo: int, hi: int) -> tuple[int, int]:
        total = self.con.execute("SELECT count(*) FROM places v WHERE v.level = 'village' AND v.code_num >= ? "
                                 "AND v.code_num < ?", [lo, hi]).fetchone()
        lacking = self.con.execute("SELECT count(*) " + self._LACKING, [lo, hi]).fetchone()
        assert total is not None and lacking is not None
        return int(total[0]), int(total[0]) - int(lacking[0])

    def uncovered(self, lo: int, hi: int, limit: int = 100) -> list[str]:
        rows = self.con.execute(
            "SELECT v.code, t.name AS township, c.name AS county " + self._LACKING.replace(
                "FROM places v", "FROM places v LEFT JOIN places t ON t.code = substr(v.code, 1, 9) "
                "LEFT JOIN places c ON c.code = substr(v.code, 1, 6)") + " ORDER BY v.code LIMIT ?",
            [lo, hi, limit]).fetchall()
        return [r[0] for r in rows]

    def rollup(self, lo: int, hi: int, width: int = 6) -> dict[str, tuple[int, int]]:
        rows = self.con.execute(
            "SELECT substr(v.code, 1, ?) AS g, count(*) AS total, count(*) FILTER (WHERE EXISTS (SELECT 1 FROM "
            "pairings p WHERE p.target_num = v.code_num AND p.kind = 'Enterprise')) AS covered FROM places v "
            "WHERE v.level = 'village' AND v.code_num >= ? AND v.code_num < ? GROUP BY g ORDER BY g",
            [width, lo, hi]).fetchall()
        return {r[0]: (int(r[1]), int(r[2])) for r in rows}


class PyCoverage:
    """Plain Python: villages sorted by code number, the set of villages with an enterprise."""

    def __init__(self, gazetteer: Gazetteer, pairings: list[Pairing]):
        villages = sorted((code_range(p.code)[0], p.code) for p in gazetteer.iter_places(["village"]))
        self.nums = [n for n, _ in villages]
        self.codes = [c for _, c in villages]
        self.covered = {q.target for q in pairings if q.kind == "Enterprise"}

    def _scope(self, lo: int, hi: int) -> list[str]:
        return self.codes[bisect.bisect_left(self.nums, lo) : bisect.bisect_left(self.nums, hi)]

    def summary(self, lo: int, hi: int) -> tuple[int, int]:
        scope = self._scope(lo, hi)
        covered = self.covered
        return len(scope), sum(1 for c in scope if c in covered)

    def uncovered(self, lo: int, hi: int, limit: int = 100) -> list[str]:
        covered = self.covered
        return list(islice((c for c in self._scope(lo, hi) if c not in covered), limit))

    def rollup(self, lo: int, hi: int, width: int = 6) -> dict[str, tuple[int, int]]:
        agg: dict[str, list[int]] = defaultdict(lambda: [0, 0])
        covered = self.covered
        for c in self._scope(lo, hi):
            a = agg[c[:width]]
            a[0] += 1
            a[1] += c in covered
        return {k: (v[0], v[1]) for k, v in sorted(agg.items())}


class NxLinkage:
    """networkx over the same nodes and edges (undirected, for paths) plus a typed adjacency (for egos)."""

    def __init__(self, gazetteer: Gazetteer, edges: Iterable[Any]):
        self.g = nx.Graph()
        # typed adjacency: node -> [(edge key, other end, type, start node)]
        self.adj: dict[str, list[tuple[int, str, str, str]]] = defaultdict(list)
        k = 0
        for p in gazetteer.iter_places():
            if p.parent_code:
                self._add(k, f"place:{p.code}", f"place:{p.parent_code}", "PART_OF")
                k += 1
        for e in edges:
            self._add(k, e.source, e.target, e.type)
            k += 1

    def _add(self, key: int, a: str, b: str, etype: str) -> None:
        self.g.add_edge(a, b)
        self.adj[a].append((key, b, etype, a))
        self.adj[b].append((key, a, etype, a))

    def distances(self, source: str, cutoff: int) -> dict[str, int]:
        return dict(nx.single_source_shortest_path_length(self.g, source, cutoff=cutoff))

    def paths(self, a: str, b: str, limit: int = 10) -> list[list[str]]:
        try:
            return list(islice(nx.all_shortest_paths(self.g, a, b), limit))
        except nx.NetworkXNoPath:
            return []

    def neighbourhood(self, node: str, depth: int) -> set[int]:
        """Keys of the edges on walks of ≤ depth hops from `node` (no edge twice), never walking down a
        PART_OF edge (from the parent to the child) after the first hop — the `neighbourhood` rule."""
        found: set[int] = set()

        def walk(at: str, hop: int, used: tuple[int, ...]) -> None:
            for key, other, etype, start in self.adj.get(at, ()):
                if key in used:
                    continue
                if hop > 0 and etype == "PART_OF" and start != at:  # parent → child
                    continue
                found.add(key)
                if hop + 1 < depth:
                    walk(other, hop + 1, (*used, key))

        walk(node, 0, ())
        return found
