"""Crash safety and atomicity: a change set is written whole or not at all.

- A statement that fails at run time (here: a unique-constraint violation) undoes the whole change set.
- SIGKILL of the embedded redis-server in the middle of a large ledger load (thousands of rows, one
  change set): after a restart on the same directory the graph holds the whole file or none of it, and
  re-running the load completes it.
- SIGKILL of the API server (uvicorn on 127.0.0.1) in the middle of POST /load: nothing half-written.
AOF fsync is `everysec`; a kill of the process (not of the machine) loses nothing that was written to the
file, and `none of it` is an accepted outcome, `part of it` never is.
"""

from __future__ import annotations

import csv
import io
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import redis
from redis.backoff import NoBackoff
from redis.retry import Retry

from tests.conftest import national_resolver
from tongxin.errors import BackendUnavailable, TongxinError
from tongxin.graph.backup import fingerprint
from tongxin.graph.changes import ChangeSet, Statement
from tongxin.graph.model import Node
from tongxin.graph.stores.embedded import EmbeddedServer
from tongxin.graph.stores.falkordb_ import FalkorDBStore
from tongxin.graph.writer import build_changeset
from tongxin.loaders.ledger import build_ledger, load_ledger, with_check_character
from tongxin.places.resolver import Resolver

VOLATILE = ("loaded_at",)
HEADER = ["企业名称", "统一社会信用代码", "结对村", "区划代码", "结对时间", "投资额(万元)"]


# --- atomicity of one change set ------------------------------------------------------------------------
# A statement that compiles and starts, then fails on its first row: a map is not a property value.
FAILS_WHEN_RUN = Statement("UNWIND $ids AS i MERGE (n:Entity:Program {id: i}) SET n.bad = {k: i}",
                           {"ids": ["program:甲", "program:丁"]})


def _programs(names: list[str]) -> list[Node]:
    return [Node(id=f"program:{n}", kind="Program", name=n, sources=["source:t"]) for n in names]


def test_a_statement_failing_at_run_time_undoes_the_whole_change_set(any_store):
    any_store.apply(build_changeset(_programs(["甲"]), []))
    before = fingerprint(any_store)
    changes = build_changeset(_programs(["乙", "丙"]), [])
    changes.extend([FAILS_WHEN_RUN])
    with pytest.raises(TongxinError):
        any_store.apply(changes)
    assert fingerprint(any_store) == before, "a failed change set left part of itself behind"


def test_a_failing_change_set_does_not_disturb_a_concurrent_one(any_store):
    bad = build_changeset(_programs([f"坏{i}" for i in range(200)]), [])
    bad.extend([FAILS_WHEN_RUN])
    good = build_changeset(_programs([f"好{i}" for i in range(200)]), [])
    errors: list[BaseException] = []

    def run(cs: ChangeSet) -> None:
        try:
            any_store.apply(cs)
        except TongxinError as exc:
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(cs,)) for cs in (bad, good)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert len(errors) == 1
    names = {r[0] for r in any_store.query("MATCH (p:Program) RETURN p.name").rows}
    assert names == {f"好{i}" for i in range(200)}


# --- SIGKILL of the embedded server in the middle of a large load -------------------------------------------
ROWS = 5_000
API_ROWS = 40_000  # the API kill test's ledger (5,000 rows loaded in under a second through the API)


def big_ledger(path: Path, rows: int = ROWS, offset: int = 0) -> Path:
    """A ledger of `rows` pairings of distinct enterprises with villages of 湖北 (codes given)."""
    gaz = national_resolver().gazetteer
    villages = [p for p in gaz.iter_places() if p.level == "village" and p.code.startswith("42")]
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(HEADER)
    for i in range(offset, offset + rows):
        v = villages[i % len(villages)]
        w.writerow([f"测试企业{i}有限公司", with_check_character(f"91420000MA{i:07d}"), v.name, v.code, "2021-06",
                    str(i % 100)])
    path.write_text(buf.getvalue(), encoding="utf-8")
    return path


def running_write(sock: Path) -> bool:
    """Whether the server is executing (or about to execute) a graph query right now — also one whose
    client has gone away. While the main thread commits a write the server answers nobody — hence a short
    timeout, not retried."""
    mon = redis.Redis(unix_socket_path=str(sock), socket_timeout=0.1, retry=Retry(NoBackoff(), 0))
    try:
        info = mon.execute_command("GRAPH.INFO")  # times out while the main thread runs a write
        if info[1] or info[3]:  # running queries, waiting queries
            return True
        return any(c.get("cmd", "").lower() == "graph.query" and "b" in c.get("flags", "")
                   for c in mon.client_list())
    except redis.exceptions.RedisError:
        return True  # no answer: the main thread is busy committing
    finally:
        mon.close()


def wait_for(pred, timeout: float = 60.0, every: float = 0.01) -> bool:  # type: ignore[no-untyped-def]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if pred():
            return True
        time.sleep(every)
    return False


def sigkill(pid: int) -> None:
    os.kill(pid, signal.SIGKILL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            waited, _ = os.waitpid(pid, os.WNOHANG)
            if waited == pid:
                return
        except ChildProcessError:  # not our child: wait until it is gone
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                return
        time.sleep(0.02)
    raise AssertionError(f"process {pid} survived SIGKILL")


def stop_whatever_runs(data_dir: Path) -> None:
    """Stop the server on `data_dir` — cleanly if it answers, by SIGKILL of its pid if it does not."""
    try:
        server = EmbeddedServer.find(data_dir)
        if server is not None:
            server.stop(save=False)
            return
    except TongxinError:
        pass
    try:
        pid = int((data_dir / "redis.pid").read_text().strip())
        sigkill(pid)
    except (FileNotFoundError, ValueError, ProcessLookupError, AssertionError):
        pass


@pytest.fixture(scope="module")
def big(tmp_path_factory):  # type: ignore[no-untyped-def]
    """The big ledger, its nodes and edges (built once), and a small baseline ledger."""
    d = tmp_path_factory.mktemp("big")
    path = big_ledger(d / "大台账.csv")
    nodes, edges, rejects, digest, _ = build_ledger(path, resolver=national_resolver())
    assert not rejects
    baseline = big_ledger(d / "基线.csv", rows=50, offset=100_000)
    return path, nodes, edges, digest, baseline


def _write_big(store: FalkorDBStore, big, outcome: dict) -> None:  # type: ignore[no-untyped-def]
    from tongxin.loaders.common import LoadResult, plan_write

    path, nodes, edges, digest, _ = big
    try:
        res = LoadResult(str(path), "source:ledger-大台账", "checked")
        changes = plan_write(store, res, nodes, edges, digest)
        if changes is not None:
            store.apply(changes)
        outcome["status"] = res.status
    except BackendUnavailable as exc:
        outcome["error"] = exc


@pytest.mark.slow
def test_sigkill_of_the_server_mid_load_leaves_all_or_nothing(tmp_path, big):
    path, nodes, edges, digest, baseline = big
    data_dir = tmp_path / "store"
    server = EmbeddedServer.ensure(data_dir)
    sock = server.socket_path  # the same after every restart
    resolver = national_resolver()
    outcomes = []
    try:
        # the reference: the whole file loaded without interruption
        ref = FalkorDBStore(server, graph="ref")
        ref.ensure_schema()
        load_ledger(ref, baseline, resolver=resolver)
        _write_big(ref, big, {})
        expected_whole = fingerprint(ref, ignore=VOLATILE)
        ref.clear()
        rng = random.Random(20240611)
        # kill while the query runs (twice), at a random moment, and right after the write was acknowledged
        for trial, when in enumerate(["running", "random", "acknowledged"]):
            graph = f"trial{trial}"
            store = FalkorDBStore(server, graph=graph)
            store.ensure_schema()
            load_ledger(store, baseline, resolver=resolver)
            empty = fingerprint(store, ignore=VOLATILE)
            outcome: dict = {}
            writer = threading.Thread(target=_write_big, args=(store, big, outcome))
            writer.start()
            if when == "running":
                assert wait_for(lambda: running_write(sock)), "the write never started"
                time.sleep(rng.uniform(0, 0.5))
            elif when == "random":
                time.sleep(rng.uniform(0, 2.0))
            else:
                writer.join(120)
            sigkill(server.pid)
            writer.join(120)
            assert not writer.is_alive()
            store.db.connection.close()
            server = EmbeddedServer.ensure(data_dir)  # restart: replays the append-only file
            store = FalkorDBStore(server, graph=graph)
            state = _state(store, expected_whole, empty)
            outcomes.append((when, outcome.get("status") or type(outcome.get("error")).__name__, state))
            assert state != "PARTIAL", (outcomes, empty, expected_whole)
            if when == "acknowledged":
                assert state == "whole", "an acknowledged write was lost by a process kill"
            _rerun_completes(store, path, resolver, state, expected_whole)
        print("kill outcomes:", outcomes)
    finally:
        stop_whatever_runs(data_dir)


def _state(store: FalkorDBStore, whole: tuple[int, int, str], empty: tuple[int, int, str]) -> str:
    """What a kill left: the whole file, none of it, or (the failure) part of it."""
    after = fingerprint(store, ignore=VOLATILE)
    return "whole" if after == whole else "none" if after == empty else "PARTIAL"


def _rerun_completes(store: FalkorDBStore, path: Path, resolver: Resolver, state: str,
                     whole: tuple[int, int, str]) -> None:
    """Re-running the load completes it (or finds it complete); then the graph is reset for the next kill."""
    status = load_ledger(store, path, resolver=resolver).status
    assert status == ("unchanged" if state == "whole" else "loaded"), (state, status)
    assert fingerprint(store, ignore=VOLATILE) == whole
    store.clear()
    store.db.connection.close()


# --- SIGKILL of the API server in the middle of POST /load -----------------------------------------------
def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


TOKEN = "crash-test-token-0123456789"


def _start_api(data_dir: Path, graph: str, port: int) -> subprocess.Popen:
    env = {**os.environ, "TONGXIN_DATA_DIR": str(data_dir), "TONGXIN_GRAPH": graph, "TONGXIN_API_TOKEN": TOKEN}
    proc = subprocess.Popen(
        [sys.executable, "-m", "uvicorn", "--factory", "tongxin.api.app:create_app", "--host", "127.0.0.1",
         "--port", str(port), "--log-level", "warning"],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True,
    )
    import httpx

    def up() -> bool:
        if proc.poll() is not None:
            raise AssertionError(f"uvicorn exited: {proc.stderr.read().decode() if proc.stderr else ''}")
        try:
            return httpx.get(f"http://127.0.0.1:{port}/health", timeout=2).status_code == 200
        except httpx.HTTPError:
            return False

    try:
        assert wait_for(up, timeout=120, every=0.2), "the API did not come up"
    except BaseException:
        proc.kill()
        proc.wait()
        raise
    return proc


@pytest.mark.slow
def test_sigkill_of_the_api_server_mid_request_writes_all_or_nothing(tmp_path, big):
    import httpx

    _, _, _, _, baseline = big
    # big enough that reading, checking and resolving it takes the API seconds (a kill half a second in is
    # before the write on any machine), and its write long enough to be caught running
    path = big_ledger(tmp_path / "大台账.csv", rows=API_ROWS)
    data_dir = tmp_path / "store"
    server = EmbeddedServer.ensure(data_dir)  # the API reuses it and leaves it running
    resolver = national_resolver()
    outcomes = []
    try:
        ref = FalkorDBStore(server, graph="ref")
        ref.ensure_schema()
        load_ledger(ref, baseline, resolver=resolver)
        load_ledger(ref, path, resolver=resolver)
        whole = fingerprint(ref, ignore=VOLATILE)
        ref.clear()
        for trial, when in enumerate(["parsing", "writing"]):
            graph = f"api{trial}"
            store = FalkorDBStore(server, graph=graph)
            store.ensure_schema()
            load_ledger(store, baseline, resolver=resolver)
            empty = fingerprint(store, ignore=VOLATILE)
            port = _free_port()
            api = _start_api(data_dir, graph, port)
            result: dict = {}

            def post(port: int = port, result: dict = result) -> None:
                try:
                    with path.open("rb") as fh:
                        result["response"] = httpx.post(
                            f"http://127.0.0.1:{port}/load", files={"file": (path.name, fh, "text/csv")},
                            headers={"Authorization": f"Bearer {TOKEN}"}, timeout=120)
                except httpx.HTTPError as exc:
                    result["error"] = exc

            client = threading.Thread(target=post)
            client.start()
            if when == "writing":
                assert wait_for(lambda: running_write(server.socket_path)), "the write never started"
            else:
                time.sleep(0.5)  # the request is being read, the ledger validated and resolved
            sigkill(api.pid)
            client.join(60)
            assert "error" in result, f"the request finished before the kill: {result}"
            # a query the server had received whole still runs to its end; wait for it
            assert wait_for(lambda: not running_write(server.socket_path), timeout=120)
            state = _state(store, whole, empty)
            outcomes.append((when, state))
            assert state != "PARTIAL", outcomes
            _rerun_completes(store, path, resolver, state, whole)
        print("API kill outcomes:", outcomes)
    finally:
        stop_whatever_runs(data_dir)


# --- SIGKILL of a loader in the middle of its write, on Neo4j ---------------------------------------------
def _neo4j_writing(store) -> bool:  # type: ignore[no-untyped-def]
    """A change set's statement is running on the Neo4j server (SHOW TRANSACTIONS)."""
    records, _, _ = store.driver.execute_query("SHOW TRANSACTIONS YIELD currentQuery RETURN currentQuery")
    return any((r["currentQuery"] or "").startswith("UNWIND $") for r in records)


@pytest.mark.slow
def test_sigkill_of_a_loader_mid_write_on_neo4j_writes_all_or_nothing(neo4j_store, tmp_path, big):
    """Neo4j undoes the open transaction of a client that died during its write. (FalkorDB runs a query it
    received whole to its end: the kill tests above.) The Neo4j server itself is not killed here: the test
    launcher (neo4j-harness) opens a fresh data directory every time it starts, so no restart could show
    what a kill left."""
    from tests.conftest import cli_env

    path, _, _, _, baseline = big
    store, resolver = neo4j_store, national_resolver()
    load_ledger(store, baseline, resolver=resolver)
    empty = fingerprint(store, ignore=VOLATILE)
    load_ledger(store, path, resolver=resolver)
    whole = fingerprint(store, ignore=VOLATILE)
    store.clear()
    store.ensure_schema()
    load_ledger(store, baseline, resolver=resolver)
    assert fingerprint(store, ignore=VOLATILE) == empty
    proc = subprocess.Popen([sys.executable, "-m", "tongxin.cli", "load", str(path)], env=cli_env(store),
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    try:
        assert wait_for(lambda: _neo4j_writing(store), timeout=120, every=0.02), "the write never started"
        sigkill(proc.pid)
        proc.wait(30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
    assert wait_for(lambda: not _neo4j_writing(store), timeout=120), "the dead loader's write still runs"
    state = _state(store, whole, empty)
    assert state != "PARTIAL", state
    status = load_ledger(store, path, resolver=resolver).status
    assert status == ("unchanged" if state == "whole" else "loaded"), (state, status)
    assert fingerprint(store, ignore=VOLATILE) == whole


# --- restarting replays the append-only file: it must not take quadratic time ------------------------------
def _many_programs(start: int, n: int) -> ChangeSet:
    return build_changeset([Node(id=f"program:p{i}", kind="Program", name=f"项目{i}", sources=["source:t"])
                            for i in range(start, start + n)], [])


@pytest.mark.slow
@pytest.mark.parametrize("how", ["clean stop"])  # after SIGKILL: test_sigkill_of_the_server_mid_load…
def test_restart_after_many_writes_is_quick(tmp_path, how):
    """Replaying the history must use the indexes: 3 × 10,000 MERGEs replay in seconds, not minutes."""
    data_dir = tmp_path / "store"
    server = EmbeddedServer.ensure(data_dir)
    try:
        store = FalkorDBStore(server, graph="g")
        store.ensure_schema()
        for batch in range(3):
            store.apply(_many_programs(batch * 10_000, 10_000))
        before = fingerprint(store)
        store.db.connection.close()
        if how == "clean stop":
            server.stop()
        else:
            sigkill(server.pid)
        started = time.monotonic()
        server = EmbeddedServer.ensure(data_dir, timeout_s=90)
        took = time.monotonic() - started
        store = FalkorDBStore(server, graph="g")
        assert fingerprint(store) == before
        assert took < 30, f"restart took {took:.1f} s"
        store.db.connection.close()
    finally:
        stop_whatever_runs(data_dir)


# --- a hung server (SIGSTOP) ------------------------------------------------------------------------------
@pytest.mark.slow
def test_a_hung_server_gives_503_quickly_and_the_api_keeps_answering(tmp_path, monkeypatch):
    """Issue 19: redis-server paused with SIGSTOP froze the whole API — every route — for as long as it was
    paused. Every store call now has a time limit: the routes answer 503 within it, and the API recovers
    when the server does."""
    import httpx


    data_dir = tmp_path / "store"
    server = EmbeddedServer.ensure(data_dir)
    store = FalkorDBStore(server, graph="hung")
    store.ensure_schema()
    store.apply(build_changeset([Node(id="program:甲", kind="Program", name="甲")], []))
    monkeypatch.setenv("TONGXIN_QUERY_TIMEOUT_MS", "1000")
    port = _free_port()
    api = _start_api(data_dir, "hung", port)
    base = f"http://127.0.0.1:{port}"
    stopped = False
    try:
        assert httpx.get(f"{base}/search", params={"q": "甲"}, timeout=30).status_code == 200
        os.kill(server.pid, signal.SIGSTOP)
        stopped = True
        results: dict[str, tuple[int, float]] = {}

        def timed(name: str, path: str, params: dict[str, str] | None = None) -> None:
            started = time.monotonic()
            code = httpx.get(f"{base}{path}", params=params, timeout=60).status_code
            results[name] = (code, time.monotonic() - started)

        slow = [threading.Thread(target=timed, args=(f"search{i}", "/search", {"q": f"甲{i}"})) for i in range(4)]
        slow.append(threading.Thread(target=timed, args=("node", "/nodes/program:甲")))
        for t in slow:
            t.start()
        time.sleep(0.2)
        timed("health", "/health")
        for t in slow:
            t.join(60)
        assert results["health"][0] == 503 and results["health"][1] < 5, results
        for name, (code, took) in results.items():
            assert code == 503 and took < 15, (name, results)
        os.kill(server.pid, signal.SIGCONT)
        stopped = False
        assert wait_for(lambda: httpx.get(f"{base}/health", timeout=10).status_code == 200, timeout=30)
        assert httpx.get(f"{base}/search", params={"q": "甲"}, timeout=30).status_code == 200
    finally:
        if stopped:
            os.kill(server.pid, signal.SIGCONT)
        api.terminate()
        api.wait(60)
        store.db.connection.close()
        server.stop(save=False)
