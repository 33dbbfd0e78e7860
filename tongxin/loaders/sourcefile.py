"""Reading structured input files with line numbers, so every problem can say file:line: field."""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from tongxin.errors import InvalidData, Problem

Loc = tuple[str | int, ...]


@dataclass
class ParsedFile:
    path: Path
    data: Any
    lines: dict[Loc, int]
    content_hash: str

    def line(self, loc: Loc) -> int | None:
        """The line of the deepest known element on `loc`."""
        loc = tuple(loc)
        while loc:
            if loc in self.lines:
                return self.lines[loc]
            loc = loc[:-1]
        return self.lines.get((), None)

    def problem(self, loc: Loc, message: str, candidates: tuple[str, ...] = ()) -> Problem:
        field = ".".join(f"[{p}]" if isinstance(p, int) else str(p) for p in loc).replace(".[", "[")
        return Problem(message, field, str(self.path), self.line(loc), candidates)


def _line_map(node: yaml.Node, loc: Loc, out: dict[Loc, int]) -> None:
    out[loc] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        for key, value in node.value:
            k = key.value
            out[(*loc, k)] = key.start_mark.line + 1
            _line_map(value, (*loc, k), out)
            out[(*loc, k)] = key.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _line_map(item, (*loc, i), out)


def read_structured(path: Path) -> ParsedFile:
    """Parse a YAML or JSON file, keeping a map from element paths to line numbers."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InvalidData(Problem(f"cannot read: {exc.strerror}", file=str(path))) from exc
    digest = hashlib.sha256(raw).hexdigest()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InvalidData(Problem("is not UTF-8 text", file=str(path), line=line)) from exc
    if path.suffix.lower() == ".json":
        try:
            data = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InvalidData(Problem(f"invalid JSON: {exc.msg}", file=str(path), line=exc.lineno)) from exc
    else:
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = mark.line + 1 if mark is not None else None
            msg = getattr(exc, "problem", None) or str(exc)
            raise InvalidData(Problem(f"invalid YAML: {msg}", file=str(path), line=line)) from exc
    lines: dict[Loc, int] = {}
    try:
        node = yaml.compose(text)
        if node is not None:
            _line_map(node, (), lines)
    except yaml.YAMLError:
        pass  # JSON that YAML cannot compose: problems are reported without lines
    return ParsedFile(path, data, lines, digest)
