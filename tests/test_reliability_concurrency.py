"""Concurrency: writers loading different files while 32 readers query, all on one server (each engine).

Writers: threads in this process and a `tongxin load` CLI process, each loading its own ledger; the
ledgers share their villages (so every writer MERGEs the same Place nodes and PART_OF edges) but not
their enterprises. Readers: 32 threads sharing one store object (as the API's worker threads do),
running catalogue queries for the whole time the writers run. Afterwards: no errors anywhere, the counts
are the sums of the inputs, no id is held by two nodes, and the graph equals the one a sequential load of
the same files builds (up to the order of list-valued provenance, which follows the load order).
"""

from __future__ import annotations

import csv
import os
import random
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from tests.conftest import cli_env, national_resolver, release, same_data
from tongxin.graph.backup import dump
from tongxin.graph.stores.embedded import EmbeddedServer
from tongxin.graph.stores.falkordb_ import FalkorDBStore
from tongxin.loaders.ledger import load_ledger, with_check_character
from tongxin.queries import service
from tongxin.queries.service import run_named

THREAD_WRITERS = 4
ROWS = 250
READERS = 32
MAX_SECONDS = 120


def _ledger(path: Path, writer: int, villages: list) -> Path:  # type: ignore[type-arg]
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["企业名称", "统一社会信用代码", "结对村", "区划代码", "结对时间"])
        for i in range(ROWS):
            v = villages[(i * 7 + writer) % len(villages)]
            n = writer * 10_000 + i
            code = with_check_character(f"91420322MA{n:07d}") if i % 3 else ""  # some without a credit code
            w.writerow([f"并发测试企业{writer}-{i}有限公司", code, v.name, v.code, f"20{10 + i % 12}-0{1 + i % 9}"])
    return path


def _normalised(store) -> list:  # type: ignore[no-untyped-def]  # type: ignore[type-arg]
    """The dump, list-valued properties sorted and load times dropped (both follow the load order), without
    the history (the CLI writer's load appends an event; a load in this process does not)."""
    def norm(props: dict) -> dict:  # type: ignore[type-arg]
        return {k: sorted(v) if isinstance(v, list) else v for k, v in props.items() if k != "loaded_at"}

    data = dump(store, history=False)
    nodes = sorted(repr(sorted(n["labels"])) + repr(sorted(norm(n["props"]).items())) for n in data["nodes"])
    edges = sorted(repr((e["type"], e["source"], e["target"], sorted(norm(e["props"]).items())))
                   for e in data["edges"])
    return [nodes, edges]


@pytest.mark.slow
def test_concurrent_writers_and_32_readers(any_store, tmp_path):
    resolver = national_resolver()
    gaz = resolver.gazetteer
    villages = [p for p in gaz.iter_places() if p.code.startswith("420322") and p.level == "village"]
    files = [_ledger(tmp_path / f"台账{w}.csv", w, villages) for w in range(THREAD_WRITERS + 1)]
    shared = any_store
    errors: list[tuple[str, BaseException | str]] = []
    done = threading.Event()
    reads = [0] * READERS

    def writer(path: Path) -> None:
        store = same_data(shared)  # a connection of its own, like a process
        try:
            assert load_ledger(store, path, resolver=resolver).status == "loaded"
        except BaseException as exc:  # noqa: BLE001 - every failure is reported
            errors.append((f"writer {path.name}", exc))
        finally:
            release(store)

    def cli_writer(path: Path) -> None:
        res = subprocess.run([sys.executable, "-m", "tongxin.cli", "load", str(path)], env=cli_env(shared),
                             capture_output=True, text=True, timeout=MAX_SECONDS)
        if res.returncode != 0:
            errors.append(("cli writer", res.stdout + res.stderr))

    def reader(k: int) -> None:
        rng = random.Random(k)
        while not done.is_set():
            try:
                what = rng.randrange(6)
                if what == 0:
                    run_named(shared, "search", {"q": rng.choice(["并发测试企业", "郧西", "村", "上津"]), "limit": 50})
                elif what == 1:
                    run_named(shared, "node", {"id": f"place:{rng.choice(villages).code}"})
                elif what == 2:
                    body = service.coverage(shared, "420322", limit=20)
                    assert 0 <= body.covered <= body.total
                elif what == 3:
                    run_named(shared, "neighbourhood", {"id": f"place:{rng.choice(villages).code}", "depth": 2})
                elif what == 4:
                    run_named(shared, "pairings_within", {"within": "420322", "limit": 500})
                else:
                    rows = shared.query("MATCH (n:Entity) RETURN count(n) AS n, count(DISTINCT n.id) AS d").rows
                    assert rows[0][0] == rows[0][1], f"duplicate ids seen by a reader: {rows}"
                reads[k] += 1
            except BaseException as exc:  # noqa: BLE001
                errors.append((f"reader {k}", exc))
                return

    readers = [threading.Thread(target=reader, args=(k,), daemon=True) for k in range(READERS)]
    writers = [threading.Thread(target=writer, args=(f,)) for f in files[:THREAD_WRITERS]]
    writers.append(threading.Thread(target=cli_writer, args=(files[-1],)))
    started = time.monotonic()
    for t in readers:
        t.start()
    for t in writers:
        t.start()
    for t in writers:
        t.join(MAX_SECONDS)
    time.sleep(1.0)  # the readers keep reading the finished graph for a moment
    done.set()
    for t in readers:
        t.join(30)
    elapsed = time.monotonic() - started
    assert not any(t.is_alive() for t in writers), "a writer did not finish in time"
    assert not errors, errors[:5]
    assert min(reads) > 0, reads

    # counts: the sums of the inputs
    total_rows = ROWS * len(files)
    rows = shared.query(
        "MATCH (n:Entity) RETURN count(n) AS n, count(DISTINCT n.id) AS d").rows[0]
    assert rows[0] == rows[1], f"{rows[0]} nodes but {rows[1]} distinct ids"
    assert shared.query("MATCH ()-[r:PAIRED_WITH]->() RETURN count(r)").rows == [[total_rows]]
    assert shared.query("MATCH (e:Enterprise) RETURN count(e)").rows == [[total_rows]]
    assert shared.query("MATCH (s:Source) WHERE s.source_kind <> 'gazetteer' RETURN count(s)").rows == [[len(files)]]
    used = {villages[(i * 7 + w) % len(villages)].code for w in range(len(files)) for i in range(ROWS)}
    places = set()
    for code in used:
        places.update(p.code for p in gaz.path(code))
    assert shared.query("MATCH (p:Place) RETURN count(p)").rows == [[len(places)]]
    assert shared.query("MATCH (:Place)-[r:PART_OF]->(:Place) RETURN count(r)").rows == [[len(places) - 1]]
    # no duplicate edges either: one PART_OF per child, one pairing per (enterprise, village, program)
    dup = shared.query("MATCH (a)-[r]->(b) WITH a, type(r) AS t, r.key AS k, b, count(r) AS c WHERE c > 1 "
                       "RETURN count(*)").rows
    assert dup == [[0]], dup

    # the same graph as a sequential load of the same files into the emptied store (Neo4j Community
    # has one database: the two graphs cannot live side by side)
    concurrent = _normalised(shared)
    shared.clear()
    shared.ensure_schema()
    for f in files:
        load_ledger(shared, f, resolver=resolver)
    assert concurrent == _normalised(shared)
    print(f"{sum(reads)} reads by {READERS} readers during {elapsed:.1f} s of concurrent loading")


# --- no duplicates between the place import and the loaders ----------------------------------------------
# Regression: model.place_kind (by code suffix) and gazetteer.village_level disagreed for 4xx/5xx suffixes
# (308 bundled places, e.g. 340104100401 科学岛社区); the writer MERGEs with all labels, so a loader's Village
# node did not match the imported Community node and the place existed twice.
def test_loading_a_place_the_import_already_wrote_never_duplicates_it(any_store, tmp_path):
    import yaml

    from tests.conftest import subset_gazetteer
    from tongxin.graph.model import place_kind
    from tongxin.loaders.caserecord import load_case_record
    from tongxin.loaders.places import KIND_OF_LEVEL, import_places

    gaz = national_resolver().gazetteer
    mismatched = [p for p in gaz.iter_places() if KIND_OF_LEVEL[p.level] != place_kind(p.code)]
    place = gaz.get("340104100401")  # 科学岛社区: suffix 401, a community by the gazetteer's rule
    assert place is not None and place.level == "community", place
    import_places(any_store, subset_gazetteer(place.code))
    record = {"source": {"id": "dup-check", "title": "t"}, "entities": [
        {"ref": "p", "kind": "Place", "name": place.name, "code": place.code},
        {"ref": "e", "kind": "Enterprise", "name": "测试企业", "place": "p"}]}
    path = tmp_path / "dup.yaml"
    path.write_text(yaml.safe_dump(record, allow_unicode=True), encoding="utf-8")
    load_case_record(any_store, path)
    rows = any_store.query("MATCH (n:Entity {id: $id}) RETURN labels(n)", {"id": f"place:{place.code}"}).rows
    assert len(rows) == 1, f"{len(rows)} nodes hold the id place:{place.code}: {rows}"
    assert not mismatched, f"{len(mismatched)} places are classified differently by the import and the loaders"


@pytest.mark.slow
def test_eight_loaders_and_an_api_started_on_a_stopped_server_share_it(tmp_path):
    """Issue 19: the process that started the embedded server stopped it on exit while others still used
    it (3 of 8 concurrent `tongxin load` landed; an API started during a load went 503 for good). Every
    client now holds a lease; the last one out stops the server."""
    import httpx

    from tests.test_reliability_crash import _free_port, _start_api, stop_whatever_runs
    from tongxin.errors import StoreLocked
    from tongxin.graph.stores.embedded import live_leases

    villages = [p for p in national_resolver().gazetteer.iter_places()
                if p.code.startswith("420322") and p.level == "village"]
    loaders = 8
    files = [_ledger(tmp_path / f"c{w}.csv", w, villages) for w in range(loaders)]
    data_dir = tmp_path / "store"
    assert EmbeddedServer.find(data_dir) is None
    env = {**os.environ, "TONGXIN_DATA_DIR": str(data_dir), "TONGXIN_GRAPH": "shared"}
    procs = [subprocess.Popen([sys.executable, "-m", "tongxin.cli", "load", str(path)], env=env,
                              stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True) for path in files]
    api = None
    try:
        # one of the loaders starts the server; the API comes up while they load
        def up() -> bool:
            try:
                return EmbeddedServer.find(data_dir) is not None
            except StoreLocked:  # started, not answering yet (find takes no lock, unlike ensure)
                return False

        deadline = time.monotonic() + MAX_SECONDS
        while not up() and time.monotonic() < deadline:
            time.sleep(0.05)
        port = _free_port()
        api = _start_api(data_dir, "shared", port)
        for path, proc in zip(files, procs, strict=True):
            output, _ = proc.communicate(timeout=MAX_SECONDS * 3)
            assert proc.returncode == 0, f"{path.name}: {output}"
        # every loader has ended; the API still holds its lease, so the server is still up for it
        deadline = time.monotonic() + 3
        while time.monotonic() < deadline:
            assert httpx.get(f"http://127.0.0.1:{port}/health", timeout=5).status_code == 200
            res = httpx.get(f"http://127.0.0.1:{port}/search", params={"q": "并发测试企业"}, timeout=30)
            assert res.status_code == 200, res.text
            time.sleep(0.2)
        server = EmbeddedServer.ensure(data_dir)
        store = FalkorDBStore(server, graph="shared")
        try:
            n = store.query("MATCH (:Enterprise)-[r:PAIRED_WITH]->() RETURN count(r)").rows[0][0]
            assert n == loaders * ROWS
        finally:
            store.close()
        assert EmbeddedServer.find(data_dir) is not None, "closing our handle stopped the API's server"
    finally:
        for proc in procs:
            if proc.poll() is None:
                proc.kill()
        if api is not None:
            api.terminate()
            api.wait(60)
        if sys.exc_info()[0] is not None:  # failing: leave no server behind
            stop_whatever_runs(data_dir)
    # the API was the last one out: it stopped the server, and no lease is left behind
    assert EmbeddedServer.find(data_dir) is None
    assert live_leases(data_dir) == []
