"""The named-query result cache stays consistent with writes — on the real engine, no mocks.

Every FalkorDB write increments the graph's data version (a redis key) before and after it;
cached results are used only while the version is unchanged. Each test below reads (filling the cache),
writes by one path, and reads again: without the invalidation, the second read would return the cached,
stale answer.
"""

from __future__ import annotations

import copy
import csv
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.conftest import cli_env
from tongxin.api.app import create_app
from tongxin.errors import InvalidData, TongxinError
from tongxin.graph.changes import ChangeSet, Statement
from tongxin.graph.model import Node
from tongxin.graph.stores.base import QueryResult
from tongxin.graph.stores.cache import ResultCache
from tongxin.graph.stores.embedded import EmbeddedServer
from tongxin.graph.stores.falkordb_ import FalkorDBStore
from tongxin.graph.writer import build_changeset
from tongxin.loaders.ledger import load_ledger
from tongxin.queries import service
from tongxin.queries.registry import load_registry
from tongxin.queries.service import run_named
from tongxin.settings import Settings


def _program(name: str) -> ChangeSet:
    return build_changeset([Node(id=f"program:{name}", kind="Program", name=name, sources=["source:t"])], [])


def _node(store: FalkorDBStore, name: str) -> list[dict]:  # type: ignore[type-arg]
    return run_named(store, "node", {"id": f"program:{name}"})[1]


def _other(store: FalkorDBStore) -> FalkorDBStore:
    """A second, independent store object on the same graph: its own connection and cache, like a process."""
    return FalkorDBStore(store.server, graph=store.graph_name)


# --- reads -----------------------------------------------------------------------------------------
def test_a_cached_read_returns_the_engines_answer_and_a_copy_of_it(falkordb_store):
    falkordb_store.apply(_program("甲"))
    cache = falkordb_store.result_cache
    assert cache is not None
    first = _node(falkordb_store, "甲")
    kept = copy.deepcopy(first)
    hits = cache.hits
    second = _node(falkordb_store, "甲")
    assert cache.hits == hits + 1, "the second read did not come from the cache"
    assert second == first and first[0]["props"]["name"] == "甲"
    q = load_registry().get("node")
    direct = falkordb_store.query(q.text_for("falkordb"), {"id": "program:甲"}).records()
    assert second == direct
    # what a caller gets is its own: changing it changes nothing for the next caller
    for rows in (first, second):
        rows[0]["props"]["name"] = "changed"
        rows[0]["labels"].append("Changed")
        rows.clear()
    assert _node(falkordb_store, "甲") == kept


def test_parameters_are_part_of_the_key(falkordb_store):
    falkordb_store.apply(build_changeset([Node(id=f"program:p{i}", kind="Program", name=f"p{i}") for i in range(5)],
                                         []))
    assert [h["id"] for h in run_named(falkordb_store, "search", {"q": "p1", "limit": 5})[1]] == ["program:p1"]
    assert [h["id"] for h in run_named(falkordb_store, "search", {"q": "p2", "limit": 5})[1]] == ["program:p2"]


def test_a_store_without_a_cache_reads_every_time(falkordb_server, falkordb_store):
    settings = Settings(tongxin_data_dir=falkordb_server.data_dir, tongxin_graph=falkordb_store.graph_name,
                        tongxin_query_cache=0)
    plain = FalkorDBStore.from_settings(settings)
    try:
        assert plain.result_cache is None
        assert _node(plain, "甲") == []
        falkordb_store.apply(_program("甲"))
        assert len(_node(plain, "甲")) == 1
    finally:
        plain.db.connection.close()


# --- writes invalidate --------------------------------------------------------------------------------
def test_a_write_through_the_store_is_seen_by_the_next_read(falkordb_store):
    assert _node(falkordb_store, "甲") == []  # cached: no such node
    falkordb_store.apply(_program("甲"))
    assert len(_node(falkordb_store, "甲")) == 1


def test_a_write_by_another_store_object_is_seen_by_the_next_read(falkordb_store):
    other = _other(falkordb_store)
    try:
        assert _node(falkordb_store, "甲") == []
        assert _node(other, "甲") == []
        other.apply(_program("甲"))
        assert len(_node(falkordb_store, "甲")) == 1
        other.write_query("MATCH (n:Program {name: '甲'}) DETACH DELETE n")
        assert _node(falkordb_store, "甲") == []
    finally:
        other.db.connection.close()


def test_clear_is_seen_by_the_next_read(falkordb_store):
    falkordb_store.apply(_program("甲"))
    other = _other(falkordb_store)
    try:
        assert len(_node(other, "甲")) == 1
        assert len(_node(falkordb_store, "甲")) == 1
        falkordb_store.clear()
        for store in (falkordb_store, other):  # the graph is empty (its edge types registered): no cached answer
            assert _node(store, "甲") == []
        other.apply(_program("乙"))
        assert _node(falkordb_store, "甲") == [] and _node(other, "甲") == []
    finally:
        other.db.connection.close()


def _ledger(path: Path, *villages: str) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["企业名称", "结对村", "所属县区", "所属乡镇", "结对时间"])
        for v in villages:
            w.writerow(["上津茶业有限公司", v, "郧西县", "上津镇", "2021-06"])
    return path


def _api_sees_a_cli_load(store, tmp_path: Path, covered_before: int) -> None:  # type: ignore[no-untyped-def]
    """`tongxin load` in a process of its own while the API (with its cache) serves the same graph."""
    params = {"within": "郧西县上津镇", "partner": "Enterprise", "limit": 50}
    with TestClient(create_app(Settings(), store=store)) as client:
        before = client.get("/coverage", params=params).json()
        assert before["covered"] == covered_before and before["total"] == 15, before
        assert client.get("/coverage", params=params).json() == before  # from the cache now
        rollup = client.get("/coverage/rollup", params={"within": "郧西县", "by": "township"}).json()
        assert {r["name"]: r["covered"] for r in rollup["rows"]}["上津镇"] == covered_before
        res = subprocess.run([sys.executable, "-m", "tongxin.cli", "load", str(_ledger(tmp_path / "b.csv", "绞肠关村"))],
                             env=cli_env(store), capture_output=True, text=True, timeout=300)
        assert res.returncode == 0, res.stdout + res.stderr
        after = client.get("/coverage", params=params).json()
        assert after["covered"] == covered_before + 1, after
        gone = {u["name"] for u in before["uncovered"]} - {u["name"] for u in after["uncovered"]}
        assert gone == {"绞肠关村"} and len(after["uncovered"]) == 15 - after["covered"], (before, after)
        rollup = client.get("/coverage/rollup", params={"within": "郧西县", "by": "township"}).json()
        assert {r["name"]: r["covered"] for r in rollup["rows"]}["上津镇"] == covered_before + 1


def test_a_write_by_another_process_is_seen_by_the_api(places_store, tmp_path):
    load_ledger(places_store, _ledger(tmp_path / "a.csv", "孙家湾村"))
    _api_sees_a_cli_load(places_store, tmp_path, covered_before=1)


# Regression: FalkorDB's execution-plan cache. coverage_uncovered's cypher_falkordb tests pairings in a
# pattern comprehension; a plan compiled while the graph had no PAIRED_WITH edge at all kept finding none
# after the first one was written. The store now registers every edge type with the schema (and again
# after clear()).
def test_the_first_pairing_ever_written_is_seen_by_the_api(places_store, tmp_path):
    _api_sees_a_cli_load(places_store, tmp_path, covered_before=0)


def test_the_api_body_is_the_service_answer_and_follows_writes(places_store, tmp_path):
    app = create_app(Settings(), store=places_store)
    params = {"within": "420322102", "partner": "Enterprise", "limit": 5, "offset": 5}
    with TestClient(app) as client:
        for _ in range(2):  # built, then from the cache
            resp = client.get("/coverage", params=params)
            assert resp.status_code == 200 and resp.headers["content-type"] == "application/json"
            expected = service.coverage(places_store, "420322102", partner="Enterprise", limit=5, offset=5)
            assert resp.json() == expected.model_dump(mode="json")
        assert resp.json()["within"] == {"id": "place:420322102", "code": "420322102", "name": "上津镇",
                                         "township": None, "county": None}
        ledger = tmp_path / "台账.csv"
        ledger.write_text("企业名称,结对村,所属县区,所属乡镇,结对时间\n上津茶业有限公司,孙家湾村,郧西县,上津镇,2021-06\n",
                          encoding="utf-8")
        load_ledger(places_store, ledger)
        assert client.get("/coverage", params=params).json()["covered"] == 1


def test_paths_follow_writes(places_store, tmp_path):
    load_ledger(places_store, _ledger(tmp_path / "a.csv", "孙家湾村"))
    village = run_named(places_store, "search", {"q": "绞肠关村", "kind": "Village"})[1][0]["id"]
    params = {"source": "上津茶业有限公司", "target": village, "max_hops": 4}
    with TestClient(create_app(Settings(), store=places_store)) as client:
        for _ in range(2):  # built, then from the cache
            assert [p["hops"] for p in client.get("/paths", params=params).json()["paths"]] == [3], params
        load_ledger(places_store, _ledger(tmp_path / "b.csv", "绞肠关村"))
        assert [p["hops"] for p in client.get("/paths", params=params).json()["paths"]] == [1]


# --- the version ----------------------------------------------------------------------------------------
FAILS_WHEN_RUN = Statement("UNWIND $ids AS i MERGE (n:Entity:Program {id: i}) SET n.bad = {k: i}",
                           {"ids": ["program:乙", "program:丙"]})


def test_the_version_moves_with_each_write_and_only_then(falkordb_store):
    v0 = falkordb_store.data_version()
    assert isinstance(v0, int)
    assert _node(falkordb_store, "乙") == []
    falkordb_store.apply(_program("甲"))  # one write: an increment before it and one after
    assert falkordb_store.data_version() == v0 + 2
    run_named(falkordb_store, "search", {"q": "甲"})  # reads do not move it
    assert falkordb_store.data_version() == v0 + 2
    # refused before anything is sent: nothing written, the version stays
    bad = build_changeset([Node(id="program:乙", kind="Program", name="乙")], [])
    bad.extend([Statement("UNWIND $rows AS r MERGE (n:Entity:Program {id: r})", {"rows": ["program:\x00乙"]})])
    with pytest.raises(InvalidData):
        falkordb_store.apply(bad)
    assert falkordb_store.data_version() == v0 + 2
    # undone by the engine at run time: nothing written; the version moves anyway (the increments around
    # a write do not depend on its success), the answers stay right either way
    failing = _program("乙")
    failing.extend([FAILS_WHEN_RUN])
    with pytest.raises(TongxinError):
        falkordb_store.apply(failing)
    assert falkordb_store.data_version() == v0 + 4
    assert _node(falkordb_store, "乙") == []
    assert len(_node(falkordb_store, "甲")) == 1


def _aof_commands(data_dir: Path) -> list[list[bytes]]:
    """The commands of the append-only file's incremental part (RESP arrays of bulk strings)."""
    data = b"".join(p.read_bytes() for p in sorted((data_dir / "appendonlydir").glob("*.incr.aof")))
    out, i = [], 0
    while i < len(data):
        end = data.index(b"\r\n", i)
        n, i = int(data[i + 1 : end]), end + 2
        cmd = []
        for _ in range(n):
            end = data.index(b"\r\n", i)
            size, i = int(data[i + 1 : end]), end + 2
            cmd.append(data[i : i + size])
            i += size + 2
        out.append(cmd)
    return out


def test_the_version_is_incremented_around_each_write(tmp_path):
    """The append-only file (what a restart replays) holds each write between two increments of the version,
    and no MULTI block (replaying GRAPH.QUERY inside one aborts the server: tests/test_embedded_server.py)."""
    server = EmbeddedServer.ensure(tmp_path / "store")
    try:
        store = FalkorDBStore(server, graph="g")  # no ensure_schema: index creation is no data write
        store.apply(_program("甲"))
        store.write_query("MATCH (n:Program) SET n.checked = true")
        store.clear()
        key = store.version_key.encode()

        def commands() -> list[list[bytes]]:
            # FalkorDB logs a write as GRAPH.EFFECT (its effects) instead of GRAPH.QUERY when the query ran longer
            # than its effects threshold — on a loaded machine, sometimes: the same write either way
            return [[b"GRAPH.QUERY" if c[0].upper() == b"GRAPH.EFFECT" else c[0], *c[1:]]
                    for c in _aof_commands(server.data_dir) if c[0].upper() != b"SELECT"]

        # each write: marked in progress (HSET), the version moved, the write, the version moved, the mark
        # removed (HDEL) — redis records an INCR as INCRBY 1
        expected = [op for write in [b"GRAPH.QUERY", b"GRAPH.QUERY", b"GRAPH.DELETE", b"GRAPH.QUERY"]
                    for op in (b"HSET", b"INCRBY", write, b"INCRBY", b"HDEL")]
        deadline = time.monotonic() + 10  # the file is written before the reply, but give fsync time
        while len(commands()) < len(expected) and time.monotonic() < deadline:
            time.sleep(0.1)
        cmds = commands()
        assert [c[0].upper() for c in cmds] == expected, [c[:2] for c in cmds]
        assert all(c[1:] == [key, b"1"] for c in cmds if c[0].upper() == b"INCRBY")
        assert all(c[1] == b"g" for c in cmds if c[0].upper() not in (b"INCRBY", b"HSET", b"HDEL"))
        assert all(c[1] == store.writing_key.encode() for c in cmds if c[0].upper() in (b"HSET", b"HDEL"))
        store.db.connection.close()
    finally:
        server.stop(save=False)


def test_concurrent_writers_each_move_the_version_twice(falkordb_store):
    v0 = falkordb_store.data_version()
    stores = [_other(falkordb_store) for _ in range(4)]
    errors: list[BaseException] = []

    def write(store: FalkorDBStore, k: int) -> None:
        try:
            for i in range(10):
                store.apply(_program(f"w{k}-{i}"))
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(s, k)) for k, s in enumerate(stores)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    for s in stores:
        s.db.connection.close()
    assert not errors
    assert falkordb_store.data_version() == v0 + 80  # 40 writes, two increments each
    assert len(run_named(falkordb_store, "search", {"q": "w", "kind": "Program", "limit": 100})[1]) == 40


# --- the cache object ----------------------------------------------------------------------------------------
def _result(n: int) -> QueryResult:
    return QueryResult(["i"], [[i] for i in range(n)])


def test_an_entry_read_before_a_write_is_not_kept_for_the_new_version():
    cache = ResultCache(("falkordb", "g"))
    key = cache.key("RETURN 1", {})
    assert cache.get(key, 1) is None  # a reader at version 1 misses ...
    assert cache.get(cache.key("RETURN 2", {}), 2) is None  # ... a write; a reader at version 2 ...
    cache.put(key, 1, _result(1))  # ... and the first reader's (possibly older) result is dropped
    assert cache.get(key, 2) is None and len(cache) == 0
    cache.put(key, 2, _result(2))
    assert cache.get(key, 2) == _result(2)
    assert cache.get(key, 3) is None and len(cache) == 0  # a new version empties the cache


def test_the_cache_is_bounded():
    cache = ResultCache(("falkordb", "g"), max_entries=3, max_rows=800)
    for i in range(5):
        key = cache.key(f"q{i}", {})
        assert cache.get(key, 1) is None
        cache.put(key, 1, _result(10))
    assert len(cache) == 3 and cache.get(cache.key("q0", {}), 1) is None
    assert cache.get(cache.key("q4", {}), 1) == _result(10)
    big = cache.key("big", {})
    cache.put(big, 1, _result(101))  # more than an eighth of the row budget: not kept
    assert cache.get(big, 1) is None
    for i in range(9):
        cache.put(cache.key(f"r{i}", {}), 1, _result(100))
    assert sum(1 for i in range(9) if cache.get(cache.key(f"r{i}", {}), 1) is not None) <= 8


def test_keys_tell_values_of_different_types_apart():
    cache = ResultCache(("falkordb", "g"))
    assert cache.key("q", {"x": 1}) != cache.key("q", {"x": True}) != cache.key("q", {"x": 1.0})
    assert cache.key("q", {"x": [1, 2]}) == cache.key("q", {"x": [1, 2]}) != cache.key("q", {"x": [2, 1]})
    assert cache.key("q", {"a": 1, "b": 2}) == cache.key("q", {"b": 2, "a": 1})


def test_cached_bodies_are_bytes():
    cache = ResultCache(("falkordb", "g"))
    key = cache.key("GET /x", "a")
    assert cache.get_bytes(key, 1) is None
    cache.put_bytes(key, 1, bytearray(b"{}"))  # type: ignore[arg-type]
    assert cache.get_bytes(key, 1) == b"{}" and isinstance(cache.get_bytes(key, 1), bytes)


def test_a_writer_killed_mid_write_leaves_no_stale_answers(tmp_path):
    """Issue 19: a writer killed between its write and the second increment left the results cached
    during the write valid (the API served stale coverage). The write is marked in progress; while it is,
    nothing is cached, and a mark older than the write timeout is removed and the version moved on."""
    import redis

    from tongxin.graph.stores.cache import cached_query

    server = EmbeddedServer.ensure(tmp_path / "store")
    writer = None
    try:
        reader = FalkorDBStore(server, graph="g", write_timeout_s=2.0)
        reader.ensure_schema()
        reader.apply(_program("甲"))
        count = "MATCH (p:Program) RETURN count(p) AS n"
        assert cached_query(reader, count).rows == [[1]]
        before = reader.data_version()
        # a writer (another process) that has marked its write and moved the version, and is then killed
        # while the engine runs its write: BLPOP stands in for the GRAPH.QUERY it sent
        writer = subprocess.Popen(
            [sys.executable, "-c", "import sys; from pathlib import Path; "
             "from tongxin.graph.stores.embedded import EmbeddedServer; "
             "from tongxin.graph.stores.falkordb_ import FalkorDBStore; "
             "s = FalkorDBStore(EmbeddedServer.ensure(Path(sys.argv[1])), graph='g'); "
             "s._write('BLPOP', 'tongxin:test:never', 0)", str(tmp_path / "store")])
        raw = redis.Redis(unix_socket_path=str(server.socket_path))
        deadline = time.monotonic() + 60
        while int(raw.get(reader.version_key) or 0) == before and time.monotonic() < deadline:
            time.sleep(0.02)
        assert int(raw.get(reader.version_key) or 0) == before + 1, "the writer never started its write"
        assert cached_query(reader, count).rows == [[1]]  # read while the write runs
        # the killed writer's write lands in the engine; its second increment never comes
        raw.execute_command("GRAPH.QUERY", "g", "CREATE (:Entity:Program {id: 'program:乙', name: '乙'})")
        writer.kill()
        writer.wait()
        assert cached_query(reader, count).rows == [[2]], "a result cached during the write was served"
        assert reader.data_version() is None  # the mark is there: nothing is cached yet
        time.sleep(2.5)  # past the write timeout: the mark is a dead writer's
        assert reader.data_version() is None  # this read removes it and moves the version on
        assert raw.hlen(reader.writing_key) == 0
        after = reader.data_version()
        assert after is not None and after > before + 1
        assert cached_query(reader, count).rows == [[2]]
        reader.db.connection.close()
        raw.close()
    finally:
        if writer is not None and writer.poll() is None:
            writer.kill()
        server.stop(save=False)


def test_the_result_cache_keeps_the_most_recently_used_within_both_bounds() -> None:
    """The LRU (cachetools) is bounded by entries and by rows; a hit makes an entry the most recently used;
    an entry of more than max_rows // 8 rows is not kept; a new data version empties it."""
    cache = ResultCache(("t", "g"), max_entries=3, max_rows=80)
    rows = _result
    assert cache.get(cache.key("x"), 1) is None  # a reader at version 1: the cache holds version 1
    for name in "abc":
        cache.put(cache.key(name), 1, rows(1))
    assert cache.get(cache.key("a"), 1) is not None  # a is now the most recent; b the least
    cache.put(cache.key("d"), 1, rows(1))
    assert cache.get(cache.key("b"), 1) is None and len(cache) == 3
    assert all(cache.get(cache.key(n), 1) is not None for n in "acd")
    cache.put(cache.key("big"), 1, rows(11))  # more than 80 // 8 rows: not kept
    assert cache.get(cache.key("big"), 1) is None
    for name in "efghij":  # more than 3 entries: the least recently used go
        cache.put(cache.key(name), 1, rows(10))
    assert len(cache) == 3 and [cache.get(cache.key(n), 1) is not None for n in "hij"] == [True] * 3
    small = ResultCache(("t", "g"), max_entries=100, max_rows=24)
    assert small.get(small.key("x"), 1) is None
    for name in "abcd":
        small.put(small.key(name), 1, rows(3))
    small.put(small.key("e"), 1, rows(3))
    small.put(small.key("f"), 1, rows(3))
    small.put(small.key("g"), 1, rows(3))
    small.put(small.key("h"), 1, rows(3))
    small.put(small.key("i"), 1, rows(3))  # 9 × 3 rows > 24: the least recently used go, by rows
    assert len(small) == 8 and small.get(small.key("a"), 1) is None and small.get(small.key("i"), 1) is not None
    assert small.get(small.key("i"), 2) is None and len(small) == 0  # the data changed
