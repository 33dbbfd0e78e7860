"""Lint Cypher queries against Neo4j 5 semantics.

Runs ``tools/cypher-lint/lint.mjs`` (Neo4j's own parser and semantic analysis, compiled to JS, from the
npm package ``@neo4j-cypher/language-support``) in one node process for a whole batch of queries.
Install the JS side once with ``npm ci --prefix tools/cypher-lint``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

__all__ = ["LintDiagnostic", "lint_available", "lint_cypher", "lint_dir"]

ENV_DIR = "TONGXIN_CYPHER_LINT_DIR"
INSTALL_HINT = "npm ci --prefix tools/cypher-lint"
_PACKAGE = Path("node_modules") / "@neo4j-cypher" / "language-support"


@dataclass(frozen=True)
class LintDiagnostic:
    """One finding; ``line`` and ``column`` are 1-based positions in the query text."""

    severity: Literal["error", "warning"]
    message: str
    line: int
    column: int


def lint_dir() -> Path:
    """The cypher-lint tool directory: ``$TONGXIN_CYPHER_LINT_DIR`` or ``<repo>/tools/cypher-lint``."""
    override = os.environ.get(ENV_DIR)
    if override:
        return Path(override)
    return Path(__file__).resolve().parents[2] / "tools" / "cypher-lint"


def lint_available() -> bool:
    """True when node is on PATH and the linter's node_modules are installed."""
    return shutil.which("node") is not None and (lint_dir() / _PACKAGE).is_dir()


def lint_cypher(
    queries: dict[str, str], schema: dict[str, Any] | None = None, *, timeout: float = 300.0
) -> dict[str, list[LintDiagnostic]]:
    """Lint each named query; returns the diagnostics per name (an empty list means clean).

    ``schema`` is an optional DbSchema: ``labels`` and ``relationshipTypes`` (unknown ones become warnings
    when both are given), ``propertyKeys`` (unknown property reads become warnings), ``parameters``
    (when given, undeclared ``$params`` are errors), ``functions``/``procedures`` registries (default:
    the Neo4j 5 built-ins).
    """
    if not queries:
        return {}
    tool = lint_dir()
    node = shutil.which("node")
    if node is None:
        raise RuntimeError("cypher lint needs node (>= 18.18) on PATH")
    if not (tool / _PACKAGE).is_dir():
        raise RuntimeError(
            f"cypher lint dependencies are not installed in {tool}; run `{INSTALL_HINT}` from the repo root"
        )
    payload = json.dumps({"queries": queries, "schema": schema or {}})
    proc = subprocess.run(
        [node, str(tool / "lint.mjs")],
        input=payload,
        capture_output=True,
        text=True,
        encoding="utf-8",
        cwd=tool,
        timeout=timeout,
        check=False,
    )
    if proc.returncode != 0:
        raise RuntimeError(f"cypher lint failed (exit {proc.returncode}): {proc.stderr.strip()[-2000:]}")
    raw: dict[str, list[dict[str, Any]]] = json.loads(proc.stdout)
    return {
        name: [
            LintDiagnostic(
                severity="error" if d["severity"] == "error" else "warning",
                message=str(d["message"]),
                line=int(d["line"]),
                column=int(d["column"]),
            )
            for d in raw.get(name, [])
        ]
        for name in queries
    }
