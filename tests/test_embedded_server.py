"""The embedded FalkorDB server: persistence across restarts, reuse, one server per data directory."""

from __future__ import annotations

import os
import stat
import subprocess
import sys

import pytest

from tongxin.errors import StoreLocked, UnsafeDirectory
from tongxin.graph.changes import ChangeSet
from tongxin.graph.model import Node
from tongxin.graph.stores.embedded import LEASES_NAME, PID_NAME, EmbeddedServer, live_leases
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


def _programs_session(data_dir, *names: str, save: bool = True) -> list[list[str]]:
    """One client's session on a stopped store: write programs `names` (if any), read them all, and stop the
    server — by closing (the clean stop) or, `save=False`, by a quick stop."""
    server = EmbeddedServer.ensure(data_dir)
    store = FalkorDBStore(server, graph="g")
    try:
        if names:
            store.ensure_schema()
            store.apply(build_changeset([Node(id=f"program:{n}", kind="Program", name=n) for n in names], []))
        return store.query("MATCH (p:Program) RETURN p.name ORDER BY p.name").rows
    finally:
        if save:
            store.close()
        else:
            server.stop(save=False)
        assert EmbeddedServer.find(data_dir) is None


def test_a_server_nothing_was_written_to_stops_without_writing_its_snapshot_again(tmp_path):
    # the snapshot of the national places takes seconds to write: a read-only command need not wait for it
    snap = tmp_path / "dump.rdb"

    def session(*names: str) -> list[list[str]]:
        return _programs_session(tmp_path, *names)

    assert session("同心乡村") == [["同心乡村"]]
    written = (snap.stat().st_ino, snap.stat().st_mtime_ns)
    assert session() == [["同心乡村"]]
    assert (snap.stat().st_ino, snap.stat().st_mtime_ns) == written  # read only: the snapshot left as it was
    assert session("万企兴万村") == [["万企兴万村"], ["同心乡村"]]
    assert (snap.stat().st_ino, snap.stat().st_mtime_ns) != written  # a write: saved again
    assert session() == [["万企兴万村"], ["同心乡村"]]
    snap.unlink()  # no snapshot at all: the shutdown writes one
    assert session() == [["万企兴万村"], ["同心乡村"]]
    assert snap.is_file()


def test_a_clean_stop_folds_the_writes_into_the_append_only_files_base(tmp_path):
    # a start replays every write the append-only file holds after its base, each graph query run again:
    # a clean stop leaves none to replay; a quick stop (save=False) leaves them, and the next clean stop,
    # even of a session that only read, folds them in
    def incr_bytes() -> int:
        return sum(p.stat().st_size for p in (tmp_path / "appendonlydir").glob("*.incr.aof"))

    def session(*names: str, save: bool = True) -> list[list[str]]:
        return _programs_session(tmp_path, *names, save=save)

    assert session("同心乡村") == [["同心乡村"]]
    assert incr_bytes() == 0
    assert session("万企兴万村", save=False) == [["万企兴万村"], ["同心乡村"]]
    assert incr_bytes() > 0  # the write is in the file's incremental part
    assert session() == [["万企兴万村"], ["同心乡村"]]
    assert incr_bytes() == 0
    assert session() == [["万企兴万村"], ["同心乡村"]]


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


# --- issue 19: leases, pins, a private socket directory ------------------------------------------------
def test_a_client_never_stops_a_server_another_client_uses(tmp_path):
    first = EmbeddedServer.ensure(tmp_path)  # starts it
    try:
        second = EmbeddedServer.ensure(tmp_path)  # reuses it
        assert first.owned and not second.owned
        first.close()  # the one that started it leaves first: the server stays for the other
        assert EmbeddedServer.find(tmp_path) is not None
        store = FalkorDBStore(second, graph="g")
        store.ensure_schema()
        assert store.query("RETURN 1").rows == [[1]]
        store.close()  # the last one out stops it
        assert EmbeddedServer.find(tmp_path) is None
        assert live_leases(tmp_path) == []
    finally:
        if EmbeddedServer.find(tmp_path) is not None:
            first.stop(save=False)


def test_the_lease_of_a_killed_process_is_ignored(tmp_path):
    holder = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from pathlib import Path; "
         "from tongxin.graph.stores.embedded import EmbeddedServer; "
         "EmbeddedServer.ensure(Path(sys.argv[1])); print('up', flush=True); time.sleep(600)", str(tmp_path)],
        stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "up"
        ours = EmbeddedServer.ensure(tmp_path)
        assert sorted(live_leases(tmp_path)) == sorted([holder.pid, os.getpid()])
    finally:
        holder.kill()
        holder.wait()
    ours.close()  # the other lease died with its process: we are the last one out
    assert EmbeddedServer.find(tmp_path) is None
    assert list((tmp_path / LEASES_NAME).iterdir()) == []


def test_the_last_one_out_stops_the_server_after_the_linger_time(tmp_path):
    import time

    server = EmbeddedServer.ensure(tmp_path, linger_s=1.0)
    try:
        server.close()
        assert EmbeddedServer.find(tmp_path) is not None  # lingers
        again = EmbeddedServer.ensure(tmp_path)  # taken again within the linger time: the reaper leaves it
        time.sleep(2.5)
        assert EmbeddedServer.find(tmp_path) is not None
        again.linger_s = 1.0
        again.close()
        deadline = time.monotonic() + 30
        while EmbeddedServer.find(tmp_path) is not None and time.monotonic() < deadline:
            time.sleep(0.1)
        assert EmbeddedServer.find(tmp_path) is None
    finally:
        if EmbeddedServer.find(tmp_path) is not None:
            server.stop(save=False)


def test_server_start_pins_it_until_server_stop(tmp_path):
    env = {**os.environ, "TONGXIN_DATA_DIR": str(tmp_path / "store"), "TONGXIN_GRAPH": "pinned"}
    cli = [sys.executable, "-m", "tongxin.cli"]
    try:
        run = subprocess.run([*cli, "server", "start"], env=env, capture_output=True, text=True, timeout=120)
        assert run.returncode == 0, run.stderr
        status = subprocess.run([*cli, "status"], env=env, capture_output=True, text=True, timeout=120)
        assert status.returncode == 0, status.stderr
        assert EmbeddedServer.find(tmp_path / "store") is not None  # a client's exit does not stop it
        guest = EmbeddedServer.ensure(tmp_path / "store")
        stop = subprocess.run([*cli, "server", "stop"], env=env, capture_output=True, text=True, timeout=120)
        assert "still in use by process(es) " + str(os.getpid()) in stop.stdout, stop.stdout
        assert EmbeddedServer.find(tmp_path / "store") is not None
        guest.close()  # unpinned: the last one out stops it
        assert EmbeddedServer.find(tmp_path / "store") is None
    finally:
        running = EmbeddedServer.find(tmp_path / "store")
        if running is not None:
            running.stop(save=False)


def _long_data_dir(tmp_path):  # type: ignore[no-untyped-def]
    data_dir = tmp_path / ("d" * 60) / ("e" * 60)
    data_dir.mkdir(parents=True)
    return data_dir.resolve()


@pytest.mark.parametrize("trap", ["other owner", "open mode", "symlink"])
def test_refuses_a_short_socket_dir_that_is_not_ours(tmp_path, monkeypatch, trap):
    import hashlib
    import tempfile
    from pathlib import Path

    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    data_dir = _long_data_dir(tmp_path)
    digest = hashlib.sha256(str(data_dir).encode()).hexdigest()[:16]
    short = Path(tempfile.gettempdir()) / f"tongxin-{os.getuid()}-{digest}"
    if trap == "symlink":
        (tmp_path / "elsewhere").mkdir(mode=0o700)
        short.symlink_to(tmp_path / "elsewhere")
    else:
        short.mkdir(mode=0o700)
    try:
        if trap == "other owner":
            os.chown(short, 65534, 65534)  # as if another local user created it first
        elif trap == "open mode":
            os.chmod(short, 0o777)
        with pytest.raises(UnsafeDirectory) as err:
            EmbeddedServer.ensure(data_dir)
        assert str(short) in str(err.value)
        assert not (tmp_path / "elsewhere" / "falkordb.sock").exists()
        # the CLI says so in one line, exit 1, no traceback
        env = {**os.environ, "TONGXIN_DATA_DIR": str(data_dir)}
        env.pop("XDG_RUNTIME_DIR", None)
        run = subprocess.run([sys.executable, "-m", "tongxin.cli", "status"], env=env, capture_output=True,
                             text=True, timeout=120)
        assert run.returncode == 1
        assert "refusing to use " + str(short) in run.stderr and "Traceback" not in run.stderr, run.stderr
        if trap == "open mode":
            assert stat.S_IMODE(os.lstat(short).st_mode) == 0o777  # never chmod-ed into use
    finally:
        if short.is_symlink():
            short.unlink()
        else:
            os.rmdir(short)


def test_a_long_data_dir_uses_a_private_short_socket_dir(tmp_path, monkeypatch):
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    data_dir = _long_data_dir(tmp_path)
    server = EmbeddedServer.ensure(data_dir)
    try:
        short = server.socket_path.parent
        assert short != data_dir
        st = os.lstat(short)
        assert st.st_uid == os.getuid() and stat.S_IMODE(st.st_mode) == 0o700
    finally:
        server.stop(save=False)
        (server.socket_path).unlink(missing_ok=True)
        os.rmdir(server.socket_path.parent)


def test_refuses_a_data_dir_that_belongs_to_another_user(tmp_path):
    data_dir = tmp_path / "theirs"
    data_dir.mkdir(mode=0o700)
    os.chown(data_dir, 65534, 65534)
    with pytest.raises(UnsafeDirectory) as err:
        EmbeddedServer.ensure(data_dir)
    assert "uid 65534" in str(err.value)


def test_the_places_record_of_a_store_at_rest_is_known_only_for_the_files_it_was_read_from(tmp_path):
    from tongxin.graph import placeset
    from tongxin.graph.stores.embedded import resting_signature
    from tongxin.places.dataset import bundled_dataset

    def read_record() -> placeset.Recorded | None:
        # as every CLI command's close does: read just before the stop, kept for the files it leaves
        store = FalkorDBStore(EmbeddedServer.ensure(tmp_path), graph="g")
        read: list[placeset.Recorded | None] = []
        files = store.close_at_rest(lambda: read.append(placeset.recorded(store)))
        assert files is not None and files == resting_signature(tmp_path)
        placeset.remember_at_rest(tmp_path, "g", read[0], files)
        return read[0]

    assert resting_signature(tmp_path) is None  # nothing there yet
    store = FalkorDBStore(EmbeddedServer.ensure(tmp_path), graph="g")
    store.ensure_schema()
    store.apply(ChangeSet([placeset.record_statement(bundled_dataset(), ("4201",), None)]))
    assert resting_signature(tmp_path) is None  # a server runs: its files may lag behind
    store.close()
    assert placeset.record_at_rest(tmp_path, "g") == (False, None)  # never read
    rec = read_record()
    assert rec is not None and rec.within == ("4201",)
    assert placeset.record_at_rest(tmp_path, "g") == (True, rec)
    assert placeset.record_at_rest(tmp_path, "other") == (False, None)  # another graph of the same files
    running = EmbeddedServer.ensure(tmp_path)
    try:
        assert placeset.record_at_rest(tmp_path, "g") == (False, None)  # a server runs on the files
    finally:
        running.close()
    store = FalkorDBStore(EmbeddedServer.ensure(tmp_path), graph="g")
    store.apply(build_changeset([Node(id="program:同心乡村", kind="Program", name="同心乡村")], []))
    store.close()
    assert placeset.record_at_rest(tmp_path, "g") == (False, None)  # written since: read it again
    assert read_record() == rec and placeset.record_at_rest(tmp_path, "g") == (True, rec)
    # a command about to start the server reads the resolver meanwhile, only for a record known at rest
    assert placeset.prefetch_at_rest(tmp_path, "other") is None
    thread = placeset.prefetch_at_rest(tmp_path, "g")
    assert thread is not None
    thread.join(300)
    assert not thread.is_alive()
    (tmp_path / placeset.AT_REST_NAME).write_text("{torn", encoding="utf-8")
    assert placeset.record_at_rest(tmp_path, "g") == (False, None)
    assert placeset.prefetch_at_rest(tmp_path, "g") is None


def test_an_api_that_stops_its_server_leaves_the_places_record_for_the_files(tmp_path):
    # `tongxin serve` closing its store is a command's close like any other: the next `tongxin extract`
    # finds the record at rest instead of starting the server to read it
    from fastapi.testclient import TestClient

    from tongxin.api.app import create_app
    from tongxin.graph import placeset
    from tongxin.places.dataset import bundled_dataset
    from tongxin.settings import Settings

    store = FalkorDBStore(EmbeddedServer.ensure(tmp_path), graph="g")
    store.ensure_schema()
    store.apply(ChangeSet([placeset.record_statement(bundled_dataset(), ("4201",), None)]))
    store.close()  # a plain close remembers nothing
    assert placeset.record_at_rest(tmp_path, "g") == (False, None)
    settings = Settings(tongxin_data_dir=tmp_path, tongxin_graph="g", _env_file=None)  # type: ignore[call-arg]
    with TestClient(create_app(settings)) as client:  # the app opens its own store: it starts and stops the server
        assert client.get("/health").status_code == 200
    assert EmbeddedServer.find(tmp_path) is None
    known, rec = placeset.record_at_rest(tmp_path, "g")
    assert known and rec is not None and rec.within == ("4201",)
