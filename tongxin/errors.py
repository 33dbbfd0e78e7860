"""Domain errors. Each names the bad input: file, line, field or parameter."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


class TongxinError(Exception):
    """Base of every error tongxin raises on purpose."""


@dataclass(frozen=True)
class Problem:
    """One thing wrong with an input, located as precisely as we can: file:line: field: message."""

    message: str
    field: str = ""
    file: str = ""
    line: int | None = None
    candidates: tuple[str, ...] = ()

    def __str__(self) -> str:
        where = self.file or "<input>"
        if self.line is not None:
            where += f":{self.line}"
        text = f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        if self.candidates:
            text += " (candidates: " + "; ".join(self.candidates) + ")"
        return text


class InvalidData(TongxinError):
    """Input that breaks the ontology or a file format; carries every problem found."""

    def __init__(self, problems: list[Problem] | Problem | str):
        if isinstance(problems, str):
            problems = [Problem(problems)]
        elif isinstance(problems, Problem):
            problems = [problems]
        self.problems: list[Problem] = problems
        super().__init__("\n".join(str(p) for p in problems))


class BackendUnavailable(TongxinError):
    """The graph store cannot be reached or started (any store; the API answers 503)."""


class QueryFailed(TongxinError):
    """The engine rejected or aborted a query or a write, which then changed nothing (any store; the API
    answers 500)."""


class QueryTimeout(QueryFailed):
    """A query ran past its time limit and was stopped (any store; the API answers 504)."""


class StoreLocked(TongxinError):
    """Another process owns the embedded store's data directory."""


class NotFound(TongxinError):
    """A node, place or named query that does not exist (or that a name does not single out: then
    ``candidates`` lists what it matches)."""

    def __init__(self, message: str, *, param: str | None = None,
                 candidates: list[dict[str, Any]] | None = None):
        self.param = param
        self.candidates: list[dict[str, Any]] = candidates or []
        super().__init__(message)


class BadParameter(TongxinError):
    """A query or API parameter outside its declared type or limits."""

    def __init__(self, name: str, message: str):
        self.name = name
        super().__init__(f"{name}: {message}")


class UnsafeDirectory(TongxinError):
    """A directory the embedded store would use is not a private directory of ours (owner, mode 0700)."""
