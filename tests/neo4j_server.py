"""A real Neo4j 5.26 for the tests: the launcher in tools/neo4j-server (neo4j-harness in one JVM).

`TestNeo4j.start(dir)` builds the launcher if it is missing or stale (tools/neo4j-server/build: Maven,
dependencies cached in ~/.m2), starts it with its data under `dir`, waits for the Bolt URI it prints and
hands it back; `stop()` ends that process by its pid. The launcher also stops when its stdin, a pipe from
this process, ends: a test session that dies without calling stop() leaves no JVM behind. A JVM starting on a busy two-core machine can take
a minute: the wait is long, and a launcher that dies or stays silent fails with the tail of its log.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import threading
import time
from pathlib import Path

TOOL = Path(__file__).resolve().parent.parent / "tools" / "neo4j-server"
JAR = TOOL / "target" / "neo4j-server.jar"
START_TIMEOUT_S = float(os.environ.get("TONGXIN_NEO4J_START_TIMEOUT", "240"))


def launcher_available() -> bool:
    """Java and either the built launcher or Maven to build it."""
    return shutil.which("java") is not None and (JAR.is_file() or shutil.which("mvn") is not None)


def _tail(path: Path, lines: int = 40) -> str:
    try:
        return "\n".join(path.read_text(errors="replace").splitlines()[-lines:])
    except OSError:
        return "(no log)"


class TestNeo4j:
    __test__ = False  # not a test class, whatever pytest thinks of its name

    def __init__(self) -> None:
        self.proc: subprocess.Popen[str] | None = None
        self.uri = ""
        self.log: Path | None = None

    def start(self, workdir: Path, heap: str | None = None, page_cache: str | None = None,
              from_dir: Path | None = None) -> str:
        """Start the launcher; `from_dir`: a data directory whose databases it starts with (copied)."""
        build = subprocess.run([str(TOOL / "build")], capture_output=True, text=True)
        if build.returncode != 0:
            raise RuntimeError(f"building the Neo4j launcher ({TOOL}/build) failed:\n"
                               f"{build.stdout[-3000:]}\n{build.stderr[-3000:]}")
        self.log = workdir / "launcher.log"
        heap = heap or os.environ.get("TONGXIN_NEO4J_HEAP", "1g")
        page_cache = page_cache or os.environ.get("TONGXIN_NEO4J_PAGECACHE", "256m")
        with open(self.log, "w") as err:
            self.proc = subprocess.Popen(
                ["java", f"-Xmx{heap}", "-jar", str(JAR), str(workdir / "data"), page_cache,
                 *([str(from_dir)] if from_dir else [])],
                stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=err, text=True, start_new_session=True)
        first: list[str] = []
        reader = threading.Thread(target=lambda: first.append(self.proc.stdout.readline()  # type: ignore[union-attr]
                                                              if self.proc else ""), daemon=True)
        reader.start()
        reader.join(START_TIMEOUT_S)
        line = first[0].strip() if first else ""
        if not line.startswith("bolt://"):
            code = self.proc.poll()
            self.stop()
            state = f"exited with {code}" if code is not None else f"printed no Bolt URI in {START_TIMEOUT_S:.0f} s"
            raise RuntimeError(f"the test Neo4j ({JAR}) {state}; its log ({self.log}) ends with:\n"
                               f"{_tail(self.log)}")
        self.uri = line
        return line

    def stop(self) -> None:
        """SIGTERM (the launcher shuts the database down), then SIGKILL if it is still there after 60 s."""
        proc, self.proc = self.proc, None
        if proc is None or proc.poll() is not None:
            return
        os.kill(proc.pid, signal.SIGTERM)
        deadline = time.monotonic() + 60
        while proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.2)
        if proc.poll() is None:
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait()


def admin_import(csv_dir: Path, home: Path, heap: str = "1g") -> subprocess.CompletedProcess[str]:
    """`neo4j-admin database import full` of a tongxin CSV export (`nodes.csv`, `relationships.csv` and the
    array delimiter its `neo4j-admin-import.sh` names) into `home`/data, run from the launcher's jars
    (`org.neo4j.cli.AdminTool`: no Neo4j installation needed). Start a server on it with
    `TestNeo4j().start(workdir, from_dir=home)`. Raises with the tool's output when it fails."""
    subprocess.run([str(TOOL / "build")], check=True, capture_output=True)
    (home / "conf").mkdir(parents=True, exist_ok=True)
    script = (csv_dir / "neo4j-admin-import.sh").read_text(encoding="utf-8")
    delimiter = script.split("--array-delimiter=", 1)[1].split()[0].strip("'")
    args = ["java", f"-Xmx{heap}", "-cp", str(TOOL / "target" / "lib" / "*"), "org.neo4j.cli.AdminTool",
            "database", "import", "full", "neo4j",  # the database first: --relationships takes several values
            f"--nodes={csv_dir / 'nodes.csv'}", f"--relationships={csv_dir / 'relationships.csv'}",
            f"--array-delimiter={delimiter}", f"--report-file={home / 'import.report'}"]
    if "--multiline-fields=true" in script:
        args.append("--multiline-fields=true")
    proc = subprocess.run(args, env={**os.environ, "NEO4J_HOME": str(home), "NEO4J_CONF": str(home / "conf")},
                          capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"neo4j-admin import failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    return proc
