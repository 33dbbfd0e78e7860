"""Import measurements: the division tree and the pairings, each against a plain-CREATE baseline.

Every places import runs in a fresh process (spawned, so `ru_maxrss` is the loader's own peak) against a
fresh embedded server in its own data directory (so the server's peak RSS and `used_memory_peak` belong
to that import alone). The server is the one tongxin starts (`EmbeddedServer`, AOF everysec + RDB
snapshots), indexes and the unique constraint created first (`ensure_schema`) in both arms.
"""

from __future__ import annotations

import multiprocessing as mp
import shutil
import time
from pathlib import Path
from typing import Any

from bench.util import maxrss_mb, server_memory
from tongxin.graph.changes import ChangeSet, Statement
from tongxin.graph.stores.embedded import EmbeddedServer
from tongxin.graph.stores.falkordb_ import FalkorDBStore

BASELINE_BATCH = 10_000

# The baseline: what a bare-hands import of the same rows costs — CREATE, no MERGE, no bookkeeping.
# The baselines send the same positional rows as tongxin does (the store prints both with json), so that
# the ratio compares the statements, not two ways of printing their parameters.
BASE_NODE = (
    "UNWIND $rows AS row CREATE (n:Entity:Place:{kind} {{id: row[0], code: row[1], name: row[2], "
    "official_name: row[3], level: row[4], aliases: row[5], pinyin: row[6], "
    "code_num: row[7], code_end: row[8], sources: [$src]}})"
)
BASE_EDGE = (
    "UNWIND $rows AS row MATCH (c:Entity {id: row[0]}) MATCH (p:Entity {id: row[1]}) "
    "CREATE (c)-[:PART_OF {key: '', sources: [$src], evidence: [$ev]}]->(p)"
)


def _fresh_store(data_dir: Path, graph: str) -> FalkorDBStore:
    if data_dir.exists():
        shutil.rmtree(data_dir)
    server = EmbeddedServer.ensure(data_dir, detach=True)  # pinned: the parent decides when it stops
    store = FalkorDBStore(server, graph)
    store.ensure_schema()
    return store


def load_gazetteer(dist: str | None, provinces: list[str] | None = None):  # type: ignore[no-untyped-def]
    """The national dataset at `dist` (or the bundled copy), optionally cut down to some provinces."""
    from tongxin.places.dataset import load_gazetteer as load

    return load(dist, provinces or ())


def _places_tongxin(dist: str | None, data_dir: str, graph: str, provinces: list[str] | None) -> dict[str, Any]:
    from tongxin.loaders.places import import_places

    store = _fresh_store(Path(data_dir), graph)
    t0 = time.perf_counter()
    gaz = load_gazetteer(dist, provinces)
    t1 = time.perf_counter()
    report = import_places(store, gaz)
    t2 = time.perf_counter()
    mem = server_memory(store.server.socket_path, store.server.pid)
    return {"seconds": t2 - t1, "parse_seconds": t1 - t0, "places": len(gaz), "nodes": sum(report.nodes.values()),
            "edges": report.edges, "loader_peak_mb": maxrss_mb(), "server": mem, "pid": store.server.pid,
            "socket": str(store.server.socket_path)}


def _places_baseline(dist: str | None, data_dir: str, graph: str, provinces: list[str] | None) -> dict[str, Any]:
    from tongxin.graph.model import place_id
    from tongxin.loaders.places import KIND_OF_LEVEL, LEVELS, SOURCE_ID, _level_key, _row, gazetteer_evidence

    store = _fresh_store(Path(data_dir), graph)
    gaz = load_gazetteer(dist, provinces)
    rows_by_level: dict[str, list[tuple[Any, list[Any]]]] = {lv: [] for lv in LEVELS}
    for place in gaz.iter_places():  # the same rows, built untimed
        rows_by_level[_level_key(place.level)].append((place, _row(place)))
    t1 = time.perf_counter()
    n_nodes = n_edges = 0
    for level in LEVELS:
        rows = rows_by_level[level]
        for start in range(0, len(rows), BASELINE_BATCH):
            chunk = rows[start : start + BASELINE_BATCH]
            stmts = []
            for kind in sorted({KIND_OF_LEVEL[p.level] for p, _ in chunk}):
                part = [r for p, r in chunk if KIND_OF_LEVEL[p.level] == kind]
                stmts.append(Statement(BASE_NODE.format(kind=kind), {"rows": part, "src": SOURCE_ID}))
                n_nodes += len(part)
            links = [[r[0], place_id(p.parent_code)] for p, r in chunk if p.parent_code]
            if links:
                stmts.append(Statement(BASE_EDGE, {"rows": links, "src": SOURCE_ID, "ev": gazetteer_evidence(gaz)}))
                n_edges += len(links)
            store.apply(ChangeSet(stmts))
    t2 = time.perf_counter()
    mem = server_memory(store.server.socket_path, store.server.pid)
    return {"seconds": t2 - t1, "places": len(gaz), "nodes": n_nodes, "edges": n_edges,
            "loader_peak_mb": maxrss_mb(), "server": mem, "pid": store.server.pid,
            "socket": str(store.server.socket_path)}


def run_in_fresh_process(fn_name: str, *args: Any) -> dict[str, Any]:
    """Run one import function in a spawned interpreter and return its report."""
    ctx = mp.get_context("spawn")
    with ctx.Pool(1) as pool:
        result: dict[str, Any] = pool.apply(globals()[fn_name], args)
    return result


def stop_server(data_dir: Path, remove: bool = True) -> None:
    server = EmbeddedServer.find(data_dir)
    if server is not None:
        server.stop(save=False)
    if remove and data_dir.exists():
        shutil.rmtree(data_dir, ignore_errors=True)


# --- pairings ------------------------------------------------------------------------------------------
BASE_ENTERPRISE = (  # rows: [id, name, credit_code, source]
    "UNWIND $rows AS row CREATE (n:Entity:Organisation:Enterprise {id: row[0], name: row[1], "
    "credit_code: row[2], sources: [row[3]]})"
)
BASE_PAIRING = (  # rows: [from, to, program, since, source, evidence]
    "UNWIND $rows AS row MATCH (a:Entity {id: row[0]}) MATCH (b:Entity {id: row[1]}) "
    "CREATE (a)-[r:PAIRED_WITH {key: row[2], program: row[2], since: row[3], sources: [row[4]], "
    "evidence: [row[5]]}]->(b)"
)


def reset_pairings(store: FalkorDBStore) -> None:
    """Remove what the pairing loads wrote, so that the next run starts from the places alone."""
    store.write_query("MATCH (e:Enterprise) DETACH DELETE e")
    store.write_query("MATCH (s:Source) WHERE s.source_kind = 'ledger' DETACH DELETE s")
    store.write_query("MATCH (p:Program) DETACH DELETE p")
    store.write_query("MATCH (n:Place) WHERE size(n.sources) > 1 "
                      "SET n.sources = [s IN n.sources WHERE NOT s STARTS WITH 'source:ledger-']")


def load_ledgers(store: FalkorDBStore, paths: list[Path], resolver: Any, pipelined: bool = True) -> int:
    """Every ledger through the real loader (resolve, validate, build, write); returns the rows loaded.

    pipelined: as `tongxin load *.csv` does (tongxin.loaders.ledger.load_ledgers: the next file is read and
    checked while the last is written); else one `load_ledger` after the other."""
    from tongxin.loaders.ledger import load_ledger
    from tongxin.loaders.ledger import load_ledgers as load_many

    rows = 0
    outcomes = (load_many(store, paths, resolver=resolver) if pipelined
                else ((p, load_ledger(store, p, resolver=resolver)) for p in paths))
    for path, result in outcomes:
        if isinstance(result, Exception):
            raise RuntimeError(f"{path}: {result}") from result
        if result.status not in ("loaded", "updated"):
            raise RuntimeError(f"{path}: {result.status} {result.notes}")
        rows += result.edges
    return rows


def load_via_writer(store: FalkorDBStore, nodes: list[Any], edges: list[Any], pipelined: bool = True) -> int:
    """The same pairings as Node/Edge batches straight through the writer, one change set per ledger:
    pipelined (tongxin.graph.stores.pipeline: the next change set is validated and printed while the last
    is written), or one store.apply after the other."""
    from tongxin.graph.stores.pipeline import WritePipeline
    from tongxin.graph.writer import build_changeset

    by_source: dict[str, tuple[list[Any], list[Any]]] = {}
    for n in nodes:
        by_source.setdefault(n.sources[0], ([], []))[0].append(n)
    for e in edges:
        by_source.setdefault(e.source_id, ([], []))[1].append(e)
    if not pipelined:
        for ns, es in by_source.values():
            store.apply(build_changeset(ns, es))
        return len(edges)
    outcomes = []
    with WritePipeline[str](store) as pipeline:
        for source, (ns, es) in by_source.items():
            outcomes += pipeline.submit(build_changeset(ns, es), source)
        outcomes += pipeline.drain()
    for source, outcome in outcomes:
        if isinstance(outcome, BaseException):
            raise RuntimeError(f"{source}: {outcome}") from outcome
    return len(edges)


def load_baseline_pairings(store: FalkorDBStore, nodes: list[Any], edges: list[Any]) -> int:
    """The floor: plain UNWIND … CREATE of the same enterprises and pairings, in batches of 10,000."""
    ents = [[n.id, n.name, n.props.get("credit_code"), n.sources[0]] for n in nodes if n.kind == "Enterprise"]
    rows = [[e.source, e.target, e.props.get("program"), e.props.get("since"), e.source_id, e.evidence]
            for e in edges]
    for start in range(0, len(ents), BASELINE_BATCH):
        store.apply(ChangeSet([Statement(BASE_ENTERPRISE, {"rows": ents[start : start + BASELINE_BATCH]})]))
    for start in range(0, len(rows), BASELINE_BATCH):
        store.apply(ChangeSet([Statement(BASE_PAIRING, {"rows": rows[start : start + BASELINE_BATCH]})]))
    return len(rows)
