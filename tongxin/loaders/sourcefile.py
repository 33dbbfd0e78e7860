"""Reading structured input files with line numbers, so every problem can say file:line: field."""

from __future__ import annotations

import hashlib
import json
import math
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from tongxin.errors import InvalidData, Problem
from tongxin.settings import Limits

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
        line = self.line(loc)
        return Problem(message, field, str(self.path), 1 if line is None else line, candidates)

    def value_problems(self) -> list[Problem]:
        """Values no field may hold: control characters (other than tab and line breaks), numbers that
        are not finite, integers beyond 64 bits. The graph stores could not keep them intact."""
        out: list[Problem] = []

        def walk(value: Any, loc: Loc) -> None:
            if isinstance(value, str):
                bad = _CONTROL.search(value)
                if bad:
                    out.append(self.problem(loc, f"contains the control character U+{ord(bad.group()):04X}"))
            elif isinstance(value, bool):
                return
            elif isinstance(value, float) and not math.isfinite(value):
                out.append(self.problem(loc, f"must be a finite number, got {value}"))
            elif isinstance(value, int) and not -(2**63) <= value < 2**63:
                out.append(self.problem(loc, "is outside the 64-bit integer range"))
            elif isinstance(value, dict):
                for key, item in value.items():
                    walk(key, loc)
                    walk(item, (*loc, key if isinstance(key, str | int) else str(key)))
            elif isinstance(value, list):
                for i, item in enumerate(value):
                    walk(item, (*loc, i))

        walk(self.data, ())
        return out


_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # Cc, except tab, LF and CR


class _NoAliasLoader(yaml.SafeLoader):
    """Safe YAML without anchors/aliases: an alias bomb (a: &a [x, x], b: &b [*a, *a], …) would expand
    exponentially in validation; case records have no use for them."""

    def compose_node(self, parent: Any, index: Any) -> Any:
        if self.check_event(yaml.AliasEvent):
            event = self.peek_event()
            raise yaml.composer.ComposerError(None, None, "aliases (*name) are not supported",
                                              event.start_mark)
        return super().compose_node(parent, index)


def _line_map(node: yaml.Node, loc: Loc, out: dict[Loc, int], duplicates: list[tuple[Loc, int, int]]) -> None:
    """Fill `out` with the line of every element; collect keys given twice in one mapping (loc, first
    line, repeated line) — a YAML or JSON parser keeps only the last value."""
    out[loc] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        seen: dict[Any, int] = {}
        for key, value in node.value:
            k = key.value
            if isinstance(k, str | int) and k in seen:
                duplicates.append(((*loc, k), seen[k], key.start_mark.line + 1))
            seen.setdefault(k, key.start_mark.line + 1)
            out[(*loc, k)] = key.start_mark.line + 1
            _line_map(value, (*loc, k), out, duplicates)
            out[(*loc, k)] = key.start_mark.line + 1
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _line_map(item, (*loc, i), out, duplicates)


def read_structured(path: Path, limits: Limits | None = None) -> ParsedFile:
    """Parse a YAML or JSON file, keeping a map from element paths to line numbers. A file over the byte
    limit (tongxin.settings.Limits, read from the environment unless given) is refused before it is read."""
    limit = (limits or Limits()).tongxin_max_record_bytes
    try:
        size = path.stat().st_size
        if size > limit:
            raise InvalidData(Problem(f"has {size:,} bytes, over the limit of {limit:,} bytes "
                                      "(TONGXIN_MAX_RECORD_BYTES)", file=str(path), line=1))
        raw = path.read_bytes()
    except OSError as exc:
        raise InvalidData(Problem(f"cannot read: {exc.strerror}", file=str(path), line=1)) from exc
    digest = hashlib.sha256(raw).hexdigest()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise InvalidData(Problem("is not UTF-8 text", file=str(path), line=line)) from exc
    try:
        if path.suffix.lower() == ".json":
            try:
                data = json.loads(text)
            except json.JSONDecodeError as exc:
                raise InvalidData(Problem(f"invalid JSON: {exc.msg}", file=str(path), line=exc.lineno)) from exc
        else:
            try:
                data = yaml.load(text, Loader=_NoAliasLoader)  # noqa: S506 - a SafeLoader subclass
            except yaml.YAMLError as exc:
                mark = getattr(exc, "problem_mark", None)
                line = mark.line + 1 if mark is not None else 1
                msg = getattr(exc, "problem", None) or str(exc)
                raise InvalidData(Problem(f"invalid YAML: {msg}", file=str(path), line=line)) from exc
        lines: dict[Loc, int] = {}
        duplicates: list[tuple[Loc, int, int]] = []
        try:
            node = yaml.compose(text, Loader=_NoAliasLoader)  # noqa: S506
            if node is not None:
                _line_map(node, (), lines, duplicates)
        except yaml.YAMLError:
            pass  # JSON that YAML cannot compose: problems are reported without lines
    except RecursionError:
        raise InvalidData(Problem("is nested too deeply", file=str(path), line=1)) from None
    except ValueError as exc:  # e.g. a JSON integer of more than 4300 digits
        raise InvalidData(Problem(f"cannot be read: {exc}", file=str(path), line=1)) from None
    parsed = ParsedFile(path, data, lines, digest)
    if duplicates:
        raise InvalidData([Problem(f"the key {loc[-1]!r} is given twice (first on line {first}); only one may be",
                                   parsed.problem(loc, "").field, str(path), again)
                           for loc, first, again in duplicates])
    return parsed
