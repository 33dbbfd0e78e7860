"""HTTP load against the API on 127.0.0.1: `wrk` when it is installed (Debian: apt-get install wrk),
otherwise a small asyncio client of our own (HTTP/1.1 keep-alive over raw streams — much lighter than
an httpx client, so that the load generator does not eat the server's CPU on a 2-core machine).

Both rotate through a list of request paths and report p50/p99 latency (ms), requests per second and
the count of non-2xx responses and socket errors.
"""

from __future__ import annotations

import asyncio
import re
import shutil
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.util import percentile

_LUA = """
local paths = {%s}
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i %% #paths) + 1])
end
"""


def _lua_string(s: str) -> str:
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _ms(text: str) -> float:
    m = re.fullmatch(r"([\d.]+)(us|ms|s|m)", text.strip())
    if not m:
        return float("nan")
    value, unit = float(m.group(1)), m.group(2)
    return value * {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 6e4}[unit]


def run_wrk(host: str, port: int, paths: list[str], connections: int, seconds: float,
            threads: int = 2) -> dict[str, Any]:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as fh:
        fh.write(_LUA % ", ".join(_lua_string(p) for p in paths))
        script = fh.name
    try:
        out = subprocess.run(
            ["wrk", f"-t{threads}", f"-c{connections}", f"-d{max(1, round(seconds))}s", "--latency",
             "--timeout", "10s", "-s", script, f"http://{host}:{port}"],
            capture_output=True, text=True, timeout=seconds + 60, check=True,
        ).stdout
    finally:
        Path(script).unlink(missing_ok=True)
    lat = dict(re.findall(r"^\s+(50|75|90|99)%\s+(\S+)", out, re.M))
    rps = re.search(r"Requests/sec:\s+([\d.]+)", out)
    total = re.search(r"(\d+) requests in", out)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    errors = re.search(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", out)
    return {
        "tool": "wrk",
        "p50_ms": _ms(lat.get("50", "nan")),
        "p99_ms": _ms(lat.get("99", "nan")),
        "rps": float(rps.group(1)) if rps else float("nan"),
        "requests": int(total.group(1)) if total else 0,
        "non_2xx": int(non2xx.group(1)) if non2xx else 0,
        "socket_errors": sum(int(x) for x in errors.groups()) if errors else 0,
        "raw": out,
    }


async def _client(host: str, port: int, paths: list[str], offset: int, deadline: float,
                  latencies: list[float], counts: dict[str, int]) -> None:
    reader, writer = await asyncio.open_connection(host, port)
    i = offset
    try:
        while time.perf_counter() < deadline:
            path = paths[i % len(paths)]
            i += 1
            t = time.perf_counter()
            writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}\r\n\r\n".encode())
            await writer.drain()
            status = await reader.readline()
            length = 0
            while True:
                line = await reader.readline()
                if line in (b"\r\n", b""):
                    break
                if line.lower().startswith(b"content-length:"):
                    length = int(line.split(b":", 1)[1])
            await reader.readexactly(length)
            latencies.append((time.perf_counter() - t) * 1000)
            if not status.split(b" ")[1].startswith(b"2"):
                counts["non_2xx"] += 1
    except (OSError, asyncio.IncompleteReadError):
        counts["socket_errors"] += 1
    finally:
        writer.close()


def run_python(host: str, port: int, paths: list[str], connections: int, seconds: float) -> dict[str, Any]:
    latencies: list[float] = []
    counts = {"non_2xx": 0, "socket_errors": 0}

    async def main() -> float:
        t = time.perf_counter()
        deadline = t + seconds
        await asyncio.gather(*(_client(host, port, paths, k * 7, deadline, latencies, counts)
                               for k in range(connections)))
        return time.perf_counter() - t

    elapsed = asyncio.run(main())
    return {"tool": "python-asyncio", "p50_ms": percentile(latencies, 50), "p99_ms": percentile(latencies, 99),
            "rps": len(latencies) / elapsed if elapsed else float("nan"), "requests": len(latencies), **counts}


def run_load(host: str, port: int, paths: list[str], connections: int, seconds: float,
             tool: str = "auto") -> dict[str, Any]:
    if tool == "wrk" or (tool == "auto" and shutil.which("wrk")):
        return run_wrk(host, port, paths, connections, seconds)
    return run_python(host, port, paths, connections, seconds)
