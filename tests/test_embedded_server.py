"""The embedded FalkorDB server: persistence across restarts, reuse, one server per data directory."""

from __future__ import annotations

import os
import stat
import subprocess
import sys

import pytest

from tongxin.errors import StoreLocked
from tongxin.graph.model import Node
from tongxin.graph.stores.embedded import PID_NAME, EmbeddedServer
from tongxin.graph.stores.falkordb_ import FalkorDBStore
from tongxin.graph.writer import build_changeset


def test_graph_written_through_the_cli_survives_a_restart(tmp_path):
    env = {**os.environ, "TONGXIN_DATA_DIR": str(tmp_path / "store"), "TONGXIN_GRAPH": "persist"}
    cli = [sys.executable, "-m", "tongxin.cli"]
    run = subprocess.run([*cli, "places", "import", "--levels", "province"], env=env, capture_output=True,
                         text=True, timeout=300)
    assert run.returncode == 0, run.stdout + run.stderr
    # the CLI started the server and stopped it on exit
    assert EmbeddedServer.find(tmp_path / "store") is None
    status = subprocess.run([*cli, "status", "--json"], env=env, capture_output=True, text=True, timeout=300)
    assert status.returncode == 0, status.stderr
    assert '"Province": 31' in status.stdout, status.stdout


def test_store_reopens_with_data_after_stop(tmp_path):
    server = EmbeddedServer.ensure(tmp_path)
    store = FalkorDBStore(server, graph="g")
    store.ensure_schema()
    store.apply(build_changeset([Node(id="program:同心乡村", kind="Program", name="同心乡村")], []))
    store.close()  # owner: stops the server with a snapshot
    assert EmbeddedServer.find(tmp_path) is None
    again = FalkorDBStore(EmbeddedServer.ensure(tmp_path), graph="g")
    try:
        assert again.query("MATCH (p:Program) RETURN p.name").rows == [["同心乡村"]]
    finally:
        again.close()


def test_second_process_reuses_a_running_server_and_leaves_it_running(tmp_path):
    owner = EmbeddedServer.ensure(tmp_path)
    try:
        guest = EmbeddedServer.ensure(tmp_path)
        assert guest.pid == owner.pid and not guest.owned
        guest.close()
        assert EmbeddedServer.find(tmp_path) is not None
    finally:
        owner.stop(save=False)


def test_refuses_a_data_dir_owned_by_a_process_that_is_not_our_server(tmp_path):
    sleeper = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(30)"])
    try:
        (tmp_path / PID_NAME).write_text(str(sleeper.pid))
        with pytest.raises(StoreLocked) as err:
            EmbeddedServer.ensure(tmp_path)
        assert str(sleeper.pid) in str(err.value) and str(tmp_path) in str(err.value)
    finally:
        sleeper.kill()
        sleeper.wait()


def test_socket_is_owner_only_and_no_tcp_port(tmp_path):
    server = EmbeddedServer.ensure(tmp_path)
    try:
        mode = stat.S_IMODE(os.stat(server.socket_path).st_mode)
        assert mode & 0o077 == 0, oct(mode)
        store = FalkorDBStore(server, graph="g")
        port = store.db.connection.config_get("port")["port"]
        assert port == "0", port
    finally:
        server.stop(save=False)


def test_restart_replays_the_append_only_file_after_repeated_schema_setup(tmp_path):
    # Regression: a unique constraint made FalkorDB write GRAPH.CONSTRAINT twice to the AOF, and the
    # replay of the second copy failed, so the server would not start again.
    for i in range(3):
        store = FalkorDBStore(EmbeddedServer.ensure(tmp_path), graph="g")
        store.ensure_schema()
        nodes = [Node(id=f"program:p{i}-{j}", kind="Program", name=f"p{i}-{j}") for j in range(20_000)]
        store.apply(build_changeset([Node(id="program:同心乡村", kind="Program", name="同心乡村"), *nodes], []))
        store.close()
    # start from the append-only file alone (no snapshot)
    (tmp_path / "dump.rdb").unlink(missing_ok=True)
    store = FalkorDBStore(EmbeddedServer.ensure(tmp_path, timeout_s=60), graph="g")
    try:
        assert store.query("MATCH (p:Program) RETURN count(p)").rows == [[60_001]]
    finally:
        store.close()


def test_restart_survives_clients_asking_while_the_append_only_file_replays(tmp_path):
    # Regression: writes sent as MULTI/EXEC blocks (a GRAPH.QUERY with its data-version increment) made
    # the replay abort the server ("server.c: '!server.in_exec' is not true") whenever a client sent a
    # command while it loaded: FalkorDB yields to the event loop while it commits a replayed write.
    import threading
    import time

    import redis

    server = EmbeddedServer.ensure(tmp_path)
    store = FalkorDBStore(server, graph="g")
    store.ensure_schema()
    from tests.conftest import SEED_PROVINCES, subset_gazetteer
    from tongxin.loaders.places import import_places

    gaz = subset_gazetteer(*SEED_PROVINCES)
    import_places(store, gaz)  # as the demo does: batches of MERGEs into a large graph
    sock = server.socket_path  # the same after the restart
    store.close()
    (tmp_path / "dump.rdb").unlink(missing_ok=True)  # restart from the append-only file alone
    stop = threading.Event()

    def pester() -> None:  # another client (an API, a second CLI) asking while the server loads
        while not stop.is_set():
            try:
                client = redis.Redis(unix_socket_path=str(sock), socket_timeout=1)
                while not stop.is_set():
                    client.ping()
            except (redis.exceptions.RedisError, OSError):
                time.sleep(0.001)

    thread = threading.Thread(target=pester, daemon=True)
    thread.start()
    try:
        store = FalkorDBStore(EmbeddedServer.ensure(tmp_path, timeout_s=120), graph="g")
        assert store.query("MATCH (n:Place) RETURN count(n)").rows == [[len(gaz)]]
        store.close()
    finally:
        stop.set()
        thread.join(5)
