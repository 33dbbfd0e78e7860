"""Pairing ledgers (台账) from spreadsheets: CSV (UTF-8 with or without BOM, GBK/GB18030, Big5) and XLSX.

Each row becomes (Enterprise)-[:PAIRED_WITH {program, since, until, …}]->(Village or Community), the
enterprise keyed by its unified social credit code when the row gives one. Provenance: the ledger's
Source node and, on every edge, the row number and the row as written.

All-or-nothing by default: every bad row is listed (row number, column, reason) and nothing is written.
With skip_invalid the good rows load and the rejects go to `<ledger>.rejects.csv` with their reasons.
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import io
import itertools
import math
import re
from collections.abc import Callable, Iterator, Sequence, Set
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

from stdnum.cn import uscc
from stdnum.exceptions import ValidationError

from tongxin.entities.keys import enterprise_key
from tongxin.errors import InvalidData, Problem
from tongxin.gcpause import gc_paused
from tongxin.graph import dates, placeset
from tongxin.graph.changes import ChangeSet
from tongxin.graph.model import INVISIBLE, Edge, Node, entity_id, normalise_name, place_id, strip_invisible
from tongxin.graph.placeset import resolver_for
from tongxin.graph.stores.base import GraphStore
from tongxin.graph.stores.pipeline import Outcome, WritePipeline
from tongxin.loaders.common import (
    DEFAULT_MIN_CONFIDENCE,
    MAX_NAME_CHARS,
    LoadResult,
    Owner,
    PlaceNodes,
    amount_problem,
    date_problem,
    id_too_long,
    known_place_ids,
    ledger_origin,
    name_agrees,
    place_problem,
    plan_write,
    source_node,
)
from tongxin.places.resolver import Resolver
from tongxin.settings import Limits
from tongxin.textnorm import ENCODING_NAMES, legacy_encoding, program_name, to_simplified

# canonical column -> accepted headers (compared after removing spaces and case)
COLUMNS: dict[str, tuple[str, ...]] = {
    "enterprise": ("企业名称", "企业", "enterprise", "enterprise_name"),
    "credit_code": ("统一社会信用代码", "信用代码", "credit_code"),
    "village": ("结对村", "结对村(社区)", "结对村（社区）", "村", "village"),
    "village_code": ("区划代码", "村区划代码", "village_code"),
    "county": ("所属县区", "县区", "县(市、区)", "county"),
    "township": ("所属乡镇", "乡镇", "乡镇(街道)", "township"),
    "program": ("行动", "项目名称行动", "program"),
    "since": ("结对时间", "since"),
    "until": ("结束时间", "结对结束时间", "until"),
    "project": ("项目", "project"),
    "investment": ("投资额(万元)", "投资额（万元）", "投资额", "investment"),
    "note": ("备注", "note"),
}
REQUIRED = ("enterprise", "village")
DEFAULT_PROGRAM = "万企兴万村"

def credit_code_problem(code: str) -> str | None:
    """Why `code` is not a valid unified social credit code (GB 32100-2015; python-stdnum's `cn.uscc`), or None."""
    if len(code) != 18:
        return f"must have 18 characters, has {len(code)}"
    try:
        uscc.validate(code)
    except uscc.InvalidChecksum:
        return f"check character is {code[17]}, expected {uscc.calc_check_digit(code[:17])}"
    except ValidationError as exc:  # a character outside the code's alphabet, or not where it may stand
        bad = sorted({c for c in code if not (c.isdigit() or ("A" <= c <= "Z" and c not in "IOSVZ"))})
        if bad:
            return f"contains characters not allowed in a credit code: {''.join(bad)}"
        return f"is not a credit code: {str(exc).rstrip('.').lower()}"
    return None


def with_check_character(first17: str) -> str:
    """Complete 17 characters into a valid credit code (for generators and tests)."""
    return first17 + uscc.calc_check_digit(first17)


_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")
_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d", "%Y年%m月%d日", "%Y-%m", "%Y/%m", "%Y.%m", "%Y年%m月", "%Y年", "%Y")


def parse_date(value: Any) -> str | None:
    """A ledger date as ISO text (YYYY, YYYY-MM or YYYY-MM-DD); None if it cannot be read."""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return _parse_date_text(str(value).strip())


@lru_cache(maxsize=4096)
def _parse_date_text(text: str) -> str | None:
    """parse_date of a text (a ledger repeats a few dates in thousands of rows, and strptime tries up to
    ten formats)."""
    iso = _ISO_DATE.fullmatch(text)
    if iso:  # the common case, without strptime
        try:
            return date(int(iso[1]), int(iso[2]), int(iso[3])).isoformat()
        except ValueError:
            return None
    for fmt in _DATE_FORMATS:
        try:
            parsed = datetime.strptime(text, fmt)
        except ValueError:
            continue
        if "%d" in fmt:
            return parsed.date().isoformat()
        if "%m" in fmt:
            return f"{parsed.year:04d}-{parsed.month:02d}"
        return f"{parsed.year:04d}"
    return None


def _row_date(values: dict[str, Any], col: str, any_date: bool, bad: list[tuple[str, str]]) -> str | None:
    """A row's date column as ISO text (None when empty); a bad date goes into `bad` with the column."""
    if not values.get(col):
        return None
    iso = parse_date(values[col])
    if iso is None:
        bad.append((col, f"bad date {values[col]!r} (use YYYY-MM-DD, YYYY-MM or YYYY)"))
    elif not any_date and (why := date_problem(iso)):
        bad.append((col, why))
    else:
        return iso
    return None


@dataclass
class Row:
    number: int  # spreadsheet row number (the header is row 1 of its own block)
    values: dict[str, Any]  # text, or a date from an XLSX cell
    raw: list[str]
    problem: str | None = None  # the row as a whole is malformed (its field count)


def _norm_header(h: str) -> str:
    """A header's matching form: no whitespace, lower case, simplified characters (企業名稱 is 企业名称)."""
    return to_simplified(re.sub(r"\s+", "", h).lower())


def _header_map(headers: list[str], file: str, line: int = 1) -> dict[str, int]:
    lookup = {_norm_header(alias): col for col, aliases in COLUMNS.items() for alias in aliases}
    mapping: dict[str, int] = {}
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for i, h in enumerate(headers):
        key = _norm_header(h)
        if not key:
            continue
        if key in seen:
            problems.append(Problem(f"duplicate column header {h!r} (columns {seen[key] + 1} and {i + 1})",
                                    "header", file, line))
            continue
        seen[key] = i
        col = lookup.get(key)
        if col is None:
            continue  # extra columns are kept in the evidence, not mapped
        if col in mapping:
            problems.append(Problem(f"columns {headers[mapping[col]]!r} and {h!r} both mean {col}",
                                    "header", file, line))
        mapping[col] = i
    for col in REQUIRED:
        if col not in mapping:
            problems.append(Problem(f"missing required column {col} ({' / '.join(COLUMNS[col][:2])})",
                                    "header", file, line))
    if problems:
        raise InvalidData(problems)
    return mapping


# Cells a spreadsheet would evaluate: an exported formula, or a CSV-injection payload. Names never start so.
_FORMULA = re.compile(r"^[=+\-@]")
_NAME_COLUMNS = ("enterprise", "village", "county", "township", "program", "project")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")  # Cc, except tab and line breaks
# a control character, or a cell (or a line of one) starting like a formula: then each cell is checked
_ROW_SUSPECT = re.compile(f"{_CONTROL.pattern}|{_FORMULA.pattern}", re.M)


def _row_is_clean(values: dict[str, Any]) -> bool:
    """True when no cell of the row can have a problem for _cell_problem (one regex over the whole row
    instead of several a cell: most rows are clean, and this runs for every row of every ledger)."""
    texts = [v for v in values.values() if isinstance(v, str)]
    return not (_ROW_SUSPECT.search("\n".join(texts)) or max(map(len, texts), default=0) > MAX_NAME_CHARS)


def _cell_problem(col: str, value: str) -> str | None:
    bad = _CONTROL.search(value)
    if bad:
        return f"contains the control character U+{ord(bad.group()):04X}"
    if value.startswith("=") or (col in _NAME_COLUMNS and _FORMULA.match(value)):
        return f"looks like a spreadsheet formula ({value[:40]!r}); export the values, not the formulas"
    if col in _NAME_COLUMNS and len(value) > MAX_NAME_CHARS:
        return f"is longer than {MAX_NAME_CHARS} characters"
    return None


def _too_big(file: str, size: int, limit: int, what: str, setting: str) -> InvalidData:
    return InvalidData(Problem(f"{what} {size:,} bytes, over the limit of {limit:,} bytes ({setting})",
                               file=file, line=1))


def _csv_encoding(path: Path, file: str) -> tuple[str, str]:
    """(encoding, sha256) of a CSV ledger, read in chunks: UTF-8 (BOM or not), else GB18030 (GBK) or Big5,
    whichever its first MiB reads as (textnorm.legacy_encoding)."""
    digest = hashlib.sha256()
    utf8 = codecs.getincrementaldecoder("utf-8-sig")()
    bad_line: int | None = None
    lines = 0
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 20), b""):
            digest.update(chunk)
            if bad_line is None:
                try:
                    utf8.decode(chunk)
                except UnicodeDecodeError as exc:
                    bad_line = lines + chunk[: max(exc.start, 0)].count(b"\n") + 1
            lines += chunk.count(b"\n")
        if bad_line is None:
            try:
                utf8.decode(b"", final=True)
            except UnicodeDecodeError:
                bad_line = lines + 1
    if bad_line is None:
        return "utf-8-sig", digest.hexdigest()
    with path.open("rb") as fh:
        sample = fh.read(1 << 20)
    cut = sample.rfind(b"\n") + 1 if len(sample) == 1 << 20 else len(sample)  # whole lines
    encoding = legacy_encoding(sample[:cut] or sample) or "gb18030"
    legacy = codecs.getincrementaldecoder(encoding)()
    lines = 0
    with path.open("rb") as fh:
        for chunk in itertools.chain(iter(lambda: fh.read(1 << 20), b""), [b""]):
            try:
                legacy.decode(chunk, final=not chunk)
            except UnicodeDecodeError as exc:
                line = lines + chunk[: max(exc.start, 0)].count(b"\n") + 1
                raise InvalidData(Problem(f"is neither UTF-8 (not from line {bad_line} on) nor "
                                          f"{ENCODING_NAMES[encoding]} text (not from this line on)",
                                          file=file, line=line)) from None
            lines += chunk.count(b"\n")
    return encoding, digest.hexdigest()


def _quote_problem(text: str, first_line: int) -> tuple[int, str] | None:
    """Where the quoting of one CSV record's text goes wrong: (the line where the bad field began, why)."""
    line, field, in_quote, at_start, just_closed = first_line, 1, False, True, False
    opened = first_line
    for ch in text:
        if in_quote:
            if ch == '"':
                in_quote, just_closed = False, True
            elif ch == "\n":
                line += 1
            continue
        if just_closed:
            just_closed = False
            if ch == '"':  # "" inside a quoted field: an escaped quote
                in_quote = True
                continue
            if ch not in ",\r\n":
                return opened, (f"column {field}: text after the closing quote of a quoted field "
                                f"(a quote inside a field must be doubled: \"\")")
        if ch == ",":
            field, at_start = field + 1, True
        elif ch == "\n":
            line, field, at_start = line + 1, 1, True
        elif ch == '"' and at_start:
            in_quote, opened, at_start = True, line, False
        elif ch != "\r":
            at_start = False
    if in_quote:
        return opened, (f"column {field}: unbalanced quote: the quoted field that begins on this line is "
                        "never closed")
    return None


def _csv_records(path: Path, file: str, encoding: str) -> Iterator[tuple[int, list[str]]]:
    """(line where the record begins, cells) of each CSV record, read a line at a time. The csv module runs
    in strict mode: a quote it cannot balance stops the file with the line where the field began."""
    line_no = 0
    record: list[str] = []
    with path.open(encoding=encoding, newline="") as fh:

        def lines() -> Iterator[str]:
            nonlocal line_no
            for line in fh:
                line_no += 1
                if "\x00" in line:
                    raise InvalidData(Problem("contains NUL bytes; not a text CSV", file=file, line=line_no))
                record.append(line)
                yield line

        reader = csv.reader(lines(), strict=True)
        while True:
            record.clear()
            first = line_no + 1
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                found = _quote_problem("".join(record), first)
                if found is None:  # e.g. a cell longer than the csv module's field limit (131072)
                    raise InvalidData(Problem(f"unreadable CSV: {exc}", file=file, line=line_no)) from None
                raise InvalidData(Problem(found[1], "csv", file, found[0])) from None
            yield first, cells


def _xlsx_records(path: Path, file: str, raw: bytes, limits: Limits,
                  sheet: str | None) -> Iterator[tuple[int, list[Any]]]:
    """(row number, cells) of the chosen sheet of an XLSX ledger, read in openpyxl's read-only mode; a
    workbook that would unpack to more than the limit, or a sheet with more cells than the cap, is refused."""
    import zipfile

    import openpyxl

    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as zf:
            unzipped = sum(info.file_size for info in zf.infolist())
    except zipfile.BadZipFile as exc:
        raise InvalidData(Problem(f"cannot read as XLSX: {exc}", file=file)) from exc
    if unzipped > limits.tongxin_max_xlsx_unzipped_bytes:
        raise _too_big(file, unzipped, limits.tongxin_max_xlsx_unzipped_bytes, "unpacks to",
                       "TONGXIN_MAX_XLSX_UNZIPPED_BYTES")
    try:
        wb = openpyxl.load_workbook(io.BytesIO(raw), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise InvalidData(Problem(f"cannot read as XLSX: {exc}", file=file)) from exc
    names = ", ".join(f"{ws.title!r}" + ("" if ws.sheet_state == "visible" else f" ({ws.sheet_state})")
                      for ws in wb.worksheets)
    if sheet is not None:
        if sheet not in wb.sheetnames:
            raise InvalidData(Problem(f"has no sheet {sheet!r}; its sheets: {names}", "sheet", file, 1))
        ws = wb[sheet]
    elif len(wb.worksheets) != 1 or wb.worksheets[0].sheet_state != "visible":
        raise InvalidData(Problem(f"has several sheets or a hidden one ({names}); choose one by name "
                                  "(--sheet)", "sheet", file, 1))
    else:
        ws = wb.worksheets[0]
    cap = limits.tongxin_max_xlsx_cells
    declared = (ws.max_row or 0) * (ws.max_column or 0)
    if declared > cap:
        raise InvalidData(Problem(f"sheet {ws.title!r} declares {declared:,} cells, over the cap of {cap:,} "
                                  "(TONGXIN_MAX_XLSX_CELLS)", "sheet", file, 1))
    cells = 0
    for n, row in enumerate(ws.iter_rows(values_only=True), start=1):
        cells += len(row)
        if cells > cap:
            raise InvalidData(Problem(f"sheet {ws.title!r} holds more than {cap:,} cells, the cap "
                                      "(TONGXIN_MAX_XLSX_CELLS)", "sheet", file, n))
        yield n, ["" if v is None else (v if isinstance(v, date) else str(v)) for v in row]


def read_rows(path: Path, *, sheet: str | None = None,
              limits: Limits | None = None) -> tuple[list[str], Iterator[Row], str]:
    """Headers, rows and content hash of a CSV or XLSX ledger. Rows are read as they are asked for, so a
    bad row stops the read without the rest of the file in memory; a file over the byte limit is refused
    before it is read, one over the row limit when the row past it is reached (tongxin.settings.Limits).
    XLSX: the one visible sheet, or the sheet named `sheet`."""
    limits = limits or Limits()
    file = str(path)
    from_xlsx = path.suffix.lower() in (".xlsx", ".xlsm")
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise InvalidData(Problem(f"cannot read: {exc.strerror}", file=file, line=1)) from exc
    if size > limits.tongxin_max_ledger_bytes:
        raise _too_big(file, size, limits.tongxin_max_ledger_bytes, "has", "TONGXIN_MAX_LEDGER_BYTES")
    records: Iterator[tuple[int, list[Any]]]
    if from_xlsx:
        raw = path.read_bytes()
        digest = hashlib.sha256(raw).hexdigest()
        records = _xlsx_records(path, file, raw, limits, sheet)
    else:
        if sheet is not None:
            raise InvalidData(Problem("a CSV ledger has no sheets; --sheet is for XLSX", "sheet", file, 1))
        encoding, digest = _csv_encoding(path, file)
        records = _csv_records(path, file, encoding)
    header_line, first = 1, None
    for line, cells in records:
        if any(str(c).strip() for c in cells):
            header_line, first = line, cells
            break
    if first is None:
        raise InvalidData(Problem("is empty: no header row", "header", file, 1))
    headers = [str(h).strip() for h in first]
    mapping = _header_map(headers, file, header_line)

    columns = list(mapping.items())
    width = max(mapping.values()) + 1
    max_rows = limits.tongxin_max_ledger_rows

    def rows() -> Iterator[Row]:
        count = 0
        for n, cells in records:
            raw = [str(c) for c in cells] if from_xlsx else cells  # a CSV's cells are all text already
            if not "".join(raw).strip():
                continue
            count += 1
            if count > max_rows:
                raise InvalidData(Problem(f"has more than {max_rows:,} rows, the limit (TONGXIN_MAX_LEDGER_ROWS)",
                                          file=file, line=n))
            problem = None
            if not from_xlsx and len(cells) != len(headers):
                problem = (f"has {len(cells)} fields, the header has {len(headers)} (a stray or missing "
                           "delimiter, or a quote that swallowed one)")
            padded = cells if len(cells) >= width else [*cells, *([""] * (width - len(cells)))]
            if from_xlsx:  # an XLSX date cell stays a date
                values = {col: (cell if isinstance(cell := padded[idx], date) else str(cell).strip())
                          for col, idx in columns}
            else:
                values = {col: padded[idx].strip() for col, idx in columns}
            if INVISIBLE.search("".join(raw)):  # zero-width and bidi controls: names are what they look like
                values = {col: strip_invisible(v).strip() if isinstance(v, str) else v for col, v in values.items()}
            yield Row(n, values, raw, problem)

    return headers, rows(), digest


@dataclass
class Reject:
    row: int
    column: str
    reason: str
    raw: list[str]


def ledger_name(path: Path, root: Path | None = None) -> str:
    """How a ledger is named in its source id and origin: its path relative to the load root (`root`,
    else the working directory) with its suffix — `empty/lianyuan-x.csv`, never the stem alone, so that
    two different files never retract each other; a file outside the root is named by its file name."""
    base = (root or Path.cwd()).resolve()
    try:
        rel = path.resolve().relative_to(base)
    except ValueError:
        return path.name
    return rel.as_posix()


def _source_id(path: Path, root: Path | None = None, source_id: str | None = None) -> str:
    """A ledger's source id: `source_id` if given (--source-id), else its name (ledger_name), normalised
    (NFKC, casefolded, …): `Ｃ１.csv` and `c1.csv` are one source, and which file owns it is recorded
    (common.Owner)."""
    name = source_id if source_id is not None else ledger_name(path, root)
    return f"source:ledger-{'/'.join(normalise_name(part).casefold() for part in name.split('/'))}"


def _legacy_source_id(store: GraphStore, path: Path, name: str, source_id: str) -> str:
    """The id a graph written before ids named the whole path gave this file (`source:ledger-<stem>`, its
    origin the same file name), when the graph has no source with the new id: the reload then replaces what
    the file stated, instead of stating it twice."""
    legacy = f"source:ledger-{normalise_name(path.stem).casefold()}"
    if legacy == source_id:
        return source_id
    rows = store.query("MATCH (s:Source) WHERE s.id IN $ids RETURN s.id, s.origin",
                       {"ids": [source_id, legacy]}).rows
    held = dict((r[0], r[1]) for r in rows)
    if source_id not in held and held.get(legacy) == ledger_origin(path.name) and "/" not in name:
        return legacy
    return source_id


def build_ledger(
    path: Path,
    *,
    resolver: Resolver,
    context: list[str] | None = None,
    progress: Callable[[int], None] | None = None,
    known_places: Callable[[list[str]], Set[str]] | None = None,
    min_confidence: float = DEFAULT_MIN_CONFIDENCE,
    sheet: str | None = None,
    any_date: bool = False,
    limits: Limits | None = None,
    source_id: str | None = None,
    file_name: str | None = None,
) -> tuple[list[Node], list[Edge], list[Reject], str, int]:
    """Turn a ledger into nodes and edges; return them with the rejected rows and the content hash.

    `resolver`: the places of the graph the ledger goes into (tongxin.graph.placeset.resolver_for). A
    village is written only when its name resolves, consistently with the row's county and township and
    `context`, at `min_confidence` or more (common.place_problem).

    `known_places(ids)`: which of these place ids the graph holds already; those places are not built
    (common.PlaceNodes) — most of a ledger's places once the division tree is imported. Asked once, for the
    villages the rows pair with and their ancestors.

    `source_id` (full, source:…) and `file_name` (ledger_name): by default the file's name."""
    gaz = resolver.gazetteer
    headers, rows, digest = read_rows(path, sheet=sheet, limits=limits)
    file_name = file_name or path.name
    source_id = source_id or _source_id(path, source_id=file_name)
    codes: dict[str, None] = {}  # the villages the rows pair with, in order of first mention
    nodes: dict[str, Node] = {}
    edges: list[Edge] = []
    rejects: list[Reject] = []
    n_rows = 0
    for row in rows:
        n_rows += 1
        if progress and n_rows % 1000 == 0:
            progress(n_rows)
        if row.problem:
            rejects.append(Reject(row.number, "row", row.problem, row.raw))
            continue
        v = row.values
        bad: list[tuple[str, str]] = []
        if not _row_is_clean(v):
            for col, value in v.items():
                why = _cell_problem(col, value) if isinstance(value, str) else None
                if why:
                    bad.append((col, why))
        name = v.get("enterprise", "")
        if not name:
            bad.append(("enterprise", "missing required value"))
        credit = v.get("credit_code", "").upper()
        if credit:
            why = credit_code_problem(credit)
            if why:
                bad.append(("credit_code", f"bad credit code {credit}: {why}"))
        since, until = (_row_date(v, col, any_date, bad) for col in ("since", "until"))
        if since and until and dates.parse(until).hi < dates.parse(since).lo:
            bad.append(("until", f"{until} is before the pairing began ({since})"))
        investment = None
        if v.get("investment"):
            try:
                investment = float(str(v["investment"]).replace(",", "")) * 10_000
            except ValueError:
                bad.append(("investment", f"not a number: {v['investment']!r} (万元)"))
            else:
                if not math.isfinite(investment):
                    bad.append(("investment", f"not a finite number: {v['investment']!r} (万元)"))
                    investment = None
                elif why := amount_problem(investment):
                    bad.append(("investment", f"{v['investment']!r} (万元) {why}"))
                    investment = None
        code = None
        village = v.get("village", "")
        row_context = [*(context or []), *(x for x in (v.get("county"), v.get("township")) if x)]
        given = v.get("village_code", "")
        if not village:
            bad.append(("village", "missing required value"))
        elif given:
            if not re.fullmatch(r"\d{12}", given):
                bad.append(("village_code", f"must be 12 digits, got {given!r}"))
            elif gaz.get(given) is None:
                bad.append(("village_code", f"{given} is not an official division code"))
            else:
                place = gaz.get(given)
                # the code wins when the name agrees with it; only a disagreeing name is resolved, to
                # accept another spelling of the same place or to say what the name does denote
                res = None if name_agrees(village, place) else resolver.resolve(village, context=row_context)
                checked = resolver.resolve(given, context=row_context) if row_context else None
                if checked is not None and checked.status != "resolved":
                    col = "county" if v.get("county") else "township"
                    bad.append((col, f"{given} ({place.name if place else '?'}) is not in "
                                     f"{', '.join(row_context)}: {checked.note}"))
                elif res is None or res.code == given:
                    code = given
                else:
                    found = f", which resolves to {res.code} {res.name}" if res.status == "resolved" else ""
                    bad.append(("village_code", f"{given} is {place.name if place else '?'}, not "
                                                f"{village!r}{found}"))
        else:
            res = resolver.resolve(village, context=row_context)
            problem = place_problem(res, village, min_confidence)
            if problem is not None:
                message, cands = problem
                bad.append(("village", message + (f"; candidates: {'; '.join(cands)}" if cands else "")))
            elif res.code and len(res.code) == 12:
                code = res.code
            else:
                bad.append(("village", f"{village!r} resolves to a {res.level} ({res.code}), not a village "
                                       "or community"))
        if bad:
            rejects.extend(Reject(row.number, col, reason, row.raw) for col, reason in bad)
            continue
        assert code is not None
        try:  # tongxin.entities.keys: the credit code, else the name within the village's city
            eid = enterprise_key(name, code, credit or None, source_slug=source_id.removeprefix("source:"))
        except InvalidData as exc:
            rejects.extend(Reject(row.number, p.field or "enterprise", p.message, row.raw) for p in exc.problems)
            continue
        written = v.get("program") or DEFAULT_PROGRAM
        program = program_name(written)  # 萬企興萬村 is 万企兴万村: the pairings a coverage by program counts
        pid = entity_id("Program", program)
        long_ids = [(c, i) for c, i in (("enterprise", eid), ("program", pid)) if id_too_long(i)]
        if long_ids:
            rejects.extend(Reject(row.number, c, "is too long to be a name", row.raw) for c, _ in long_ids)
            continue
        # the place is the gazetteer's fact: the ledger's mention of it is its PAIRED_WITH edge (the row as
        # evidence), not an entry in the place's sources — so the graph is the same whatever the load order
        codes[code] = None
        vid = place_id(code)
        node = nodes.get(eid)
        if node is None:
            props: dict[str, Any] = {"credit_code": credit} if credit else {}
            node = nodes[eid] = Node(id=eid, kind="Enterprise", name=name, props=props, sources=[source_id])
        elif name != node.name and name not in node.aliases:
            node.aliases.append(name)
        if pid not in nodes:
            nodes[pid] = Node(id=pid, kind="Program", name=program, sources=[source_id])
        if written != program and written not in nodes[pid].aliases:
            nodes[pid].aliases.append(written)
        props = {"program": program}
        if since:
            props["since"] = since
        if until:
            props["until"] = until
        if v.get("project"):
            props["project"] = v["project"]
        if investment is not None:
            props["investment"] = investment
        if v.get("note"):
            props["note"] = v["note"]
        evidence = f"{path.name} row {row.number}: " + ", ".join([c for c in row.raw if c.strip()])
        edges.append(Edge(type="PAIRED_WITH", source=eid, target=vid, props=props,  # type: ignore[arg-type]
                          source_id=source_id, evidence=evidence[:500]))
    known: Set[str] = frozenset()
    if known_places and codes:
        chains = {place_id(p.code): None for code in codes for p in gaz.path(code)}
        known = known_places(list(chains))
    places = PlaceNodes(gaz, known=known)
    for code in codes:
        places.add(code, None, alias=None)
    src = source_node(source_id, path.name, {"title": path.name, "file": path.name, "source_kind": "ledger",
                                             "content_hash": digest, "origin": ledger_origin(file_name)})
    all_nodes = [src, *places.nodes.values(), *nodes.values()]
    return all_nodes, [*places.edges, *edges], rejects, digest, n_rows


def write_rejects(path: Path, rejects: list[Reject]) -> Path:
    out = path.with_name(path.name + ".rejects.csv")
    with out.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["row", "column", "reason", "data"])
        for r in rejects:
            # a leading quote keeps spreadsheet programs from evaluating formula-like cells
            data = " | ".join(("'" + c) if c[:1] in "=+-@" else c for c in r.raw)
            w.writerow([r.row, r.column, r.reason, data])
    return out


def load_ledger(store: GraphStore, path: Path, **options: Any) -> LoadResult:
    """Load a pairing ledger: all-or-nothing unless skip_invalid (the options are plan_ledger's)."""
    with gc_paused():
        result, changes = plan_ledger(store, path, **options)
        if changes is not None:
            store.apply(changes)
        return result


def plan_ledger(
    store: GraphStore,
    path: Path,
    *,
    resolver: Resolver | None = None,
    context: list[str] | None = None,
    skip_invalid: bool = False,
    check_only: bool = False,
    force: bool = False,
    progress: Callable[[int], None] | None = None,
    min_confidence: float = DEFAULT_MIN_CONFIDENCE,
    sheet: str | None = None,
    any_date: bool = False,
    replace_source: bool = False,
    limits: Limits | None = None,
    root: Path | None = None,
    source_id: str | None = None,
    dry_run: bool = False,
    allow_shrink: bool = False,
    who: str | None = None,
) -> tuple[LoadResult, ChangeSet | None]:
    """Everything of a ledger load but the write: its result as it will be, and the change set to apply
    (None: nothing to write). Raises InvalidData (every bad row) unless skip_invalid. `resolver`: by
    default the graph's own places; one over other places is refused (placeset.PlacesMismatch).
    The source id: `source_id` (--source-id), else the file's path relative to `root` (ledger_name).
    `dry_run`: compare with the graph (added/changed/retracted), write nothing. A reload that would retract
    more than common.MAX_SHRINK of the source's facts, or of a file with no rows, is refused unless
    `allow_shrink`."""
    if resolver is None:
        resolver = resolver_for(store)
    record = placeset.pending_record(store, resolver)  # checks the resolver's dataset against the graph's
    if source_id is not None and not re.fullmatch(r"[^\x00-\x1f\x7f/][^\x00-\x1f\x7f]{0,199}", source_id):
        raise InvalidData(Problem("the source id must be 1 to 200 characters, without control characters, and "
                                  "not start with '/'", "source_id", str(path), 1))
    name = ledger_name(path, root)  # what the origin names (the file), whatever its source id
    sid = _source_id(path, root, source_id)
    if source_id is None:
        sid = _legacy_source_id(store, path, name, sid)
    nodes, edges, rejects, digest, n_rows = build_ledger(
        path, resolver=resolver, context=context, progress=progress, min_confidence=min_confidence, sheet=sheet,
        any_date=any_date, limits=limits, source_id=sid, file_name=name,
        known_places=None if check_only else lambda ids: known_place_ids(store, ids))
    result = LoadResult(str(path), sid, "checked", rejected=len({r.row for r in rejects}))
    if rejects and not skip_invalid:
        raise InvalidData([Problem(r.reason, r.column, str(path), r.row) for r in rejects])
    if rejects:
        result.notes.append(f"{result.rejected} row(s) rejected, written to {write_rejects(path, rejects)}")
    if check_only:
        result.nodes, result.edges = len(nodes), len(edges)
        return result, None
    changes = plan_write(store, result, nodes, edges, digest, force=force, n_rows=n_rows - result.rejected,
                         owner=Owner(ledger_origin(name), "file", 1, replace_source),
                         dry_run=dry_run, allow_shrink=allow_shrink, who=who)
    if changes is not None:
        changes.extend(record)  # the dataset the rows were resolved against, on a graph's first write
    return result, changes


def load_ledgers(
    store: GraphStore,
    paths: Sequence[Path],
    *,
    progress: Callable[[Path], Callable[[int], None] | None] | None = None,
    **options: Any,
) -> Iterator[tuple[Path, LoadResult | Exception]]:
    """Load many ledgers, each as `load_ledger` would (all-or-nothing, idempotent; the options are
    plan_ledger's), reading and checking the next while the engine writes the last
    (tongxin.graph.stores.pipeline). Yields (path, result or the exception that stopped that file:
    InvalidData, QueryFailed, …) in the order of `paths`. `progress(path)` gives the file's row callback.

    A ledger is planned against the graph as it is before the write in flight lands; only whether places
    are already there can differ, and restating a place is a no-op. Two ledgers with the same source id
    (the same file name in two folders) are not overlapped: the second sees the first's write."""
    pipeline: WritePipeline[tuple[Path, LoadResult]] = WritePipeline(store)
    with gc_paused(), pipeline:
        for path in paths:
            in_flight = pipeline.in_flight
            if in_flight is not None and in_flight[1].source_id == _source_id(
                    path, options.get("root"), options.get("source_id")):
                yield from _outcomes(pipeline.drain())
            try:
                result, changes = plan_ledger(store, path, progress=progress(path) if progress else None,
                                              **options)
                done = pipeline.submit(changes, (path, result)) if changes is not None else None
            except Exception as exc:  # noqa: BLE001 — reported with its file, the others go on
                yield from _outcomes(pipeline.drain())
                yield path, exc
                continue
            if done is None:
                yield from _outcomes(pipeline.drain())
                yield path, result
            else:
                yield from _outcomes(done)
        yield from _outcomes(pipeline.drain())


def _outcomes(done: list[Outcome[tuple[Path, LoadResult]]]) -> Iterator[tuple[Path, LoadResult | Exception]]:
    for (path, result), outcome in done:
        yield path, outcome if isinstance(outcome, Exception) else result
