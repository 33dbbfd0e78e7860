"""Every evidence quote of a case record is checked against its report's text, always (issue 21, item 1).

The report text is stored with its Source as a content-addressed Text node; a record whose report cannot be
found, or that quotes passages without naming a report, is refused naming the record file and `source.file`
— by `load`, by `load --check` and by the API (whose dry run says the same), and nothing is written.
"""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest
import yaml
from fastapi.testclient import TestClient

from tests.conftest import graph_fingerprint, subset_resolver
from tongxin.api.app import create_app
from tongxin.errors import InvalidData
from tongxin.loaders.caserecord import bundled_case_records, load_case_record
from tongxin.settings import Settings

TOKEN = "quotes-token-0123456789abcdef"
# A report written for these tests (not a real one): every quote below is in it.
REPORT = ("郧西县上津镇积极推进万企兴万村行动。\n十堰上津茶业有限公司与绞肠关村结对，"
          "共建茶园两百亩。\n全镇已有3个村完成结对。\n")


def record(file: str | None = "shangjin-report.txt", quote: str = "十堰上津茶业有限公司与绞肠关村结对",
           source_id: str = "quotes-test") -> dict[str, Any]:
    rec: dict[str, Any] = {
        "source": {"id": source_id, "title": "上津镇万企兴万村报告"},
        "context": ["湖北省", "十堰市", "郧西县"],
        "entities": [
            {"ref": "sj", "kind": "Place", "name": "上津镇", "code": "420322102"},
            {"ref": "jcg", "kind": "Place", "name": "绞肠关村", "code": "420322102200"},
            {"ref": "tea", "kind": "Enterprise", "name": "十堰上津茶业有限公司", "place": "sj"},
            {"ref": "wq", "kind": "Program", "name": "万企兴万村"},
        ],
        "relations": [{"type": "PAIRED_WITH", "from": "tea", "to": "jcg", "program": "wq", "evidence": quote}],
        "claims": [{"ref": "c1", "about": "sj", "subject": "Village", "relation": "PAIRED_WITH", "count": 3,
                    "statement": "全镇3个村完成结对", "evidence": "全镇已有3个村完成结对"}],
    }
    if file is not None:
        rec["source"]["file"] = file
    return rec


def write(tmp_path: Path, rec: dict[str, Any], name: str = "rec.yaml") -> Path:
    path = tmp_path / name
    path.write_text(yaml.safe_dump(rec, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def line_of(text: str, needle: str) -> int:
    return next(i for i, line in enumerate(text.splitlines(), start=1) if needle in line)


@pytest.fixture(scope="module")
def resolver():  # type: ignore[no-untyped-def]
    return subset_resolver("420322")


def texts(store) -> list[dict[str, Any]]:  # type: ignore[no-untyped-def]
    return store.query("MATCH (s:Source)-[:HAS_TEXT]->(t:Text) RETURN s.id AS source, t.id AS id, "
                       "t.sha256 AS sha256, t.text AS text, t.file AS file ORDER BY source").records()


def test_a_record_whose_report_is_missing_is_refused_naming_the_file_and_field(places_store, resolver, tmp_path):
    # before: source.file naming a missing report turned the check off, and a made-up quote was loaded
    path = write(tmp_path, record(file="missing-report.txt", quote="完全虚构的引文"))
    before = graph_fingerprint(places_store)
    for check_only in (True, False):
        with pytest.raises(InvalidData) as err:
            load_case_record(places_store, path, resolver=resolver, check_only=check_only)
        [problem] = err.value.problems
        assert (problem.file, problem.field) == (str(path), "source.file"), problem
        assert problem.line == line_of(path.read_text(encoding="utf-8"), "file: missing-report.txt"), problem
        assert "'missing-report.txt' is not found" in problem.message, problem
    assert graph_fingerprint(places_store) == before


def test_a_record_that_quotes_without_naming_its_report_is_refused(places_store, resolver, tmp_path):
    path = write(tmp_path, record(file=None))
    with pytest.raises(InvalidData) as err:
        load_case_record(places_store, path, resolver=resolver)
    [problem] = err.value.problems
    assert problem.field == "source.file" and "quotes 2 passage(s)" in problem.message, problem
    # a record that quotes nothing needs no report
    quiet = record(file=None)
    quiet["relations"], quiet["claims"] = [], []
    assert load_case_record(places_store, write(tmp_path, quiet, "quiet.yaml"), resolver=resolver).status == "loaded"
    assert texts(places_store) == []


def test_a_quote_not_in_the_report_is_refused(places_store, resolver, tmp_path):
    (tmp_path / "shangjin-report.txt").write_text(REPORT, encoding="utf-8")
    path = write(tmp_path, record(quote="完全虚构的引文"))
    before = graph_fingerprint(places_store)
    with pytest.raises(InvalidData) as err:
        load_case_record(places_store, path, resolver=resolver, check_only=True)
    [problem] = err.value.problems
    assert problem.field == "relations[0].evidence", problem
    assert problem.message == "quote not found in shangjin-report.txt: '完全虚构的引文'", problem
    assert graph_fingerprint(places_store) == before


def test_the_report_text_is_stored_once_per_content_with_its_source(places_store, resolver, tmp_path):
    (tmp_path / "shangjin-report.txt").write_text(REPORT, encoding="utf-8")
    one = write(tmp_path, record(), "one.yaml")
    two = write(tmp_path, record(source_id="quotes-test-2"), "two.yaml")
    assert load_case_record(places_store, one, resolver=resolver).status == "loaded"
    assert load_case_record(places_store, two, resolver=resolver).status == "loaded"
    sha = hashlib.sha256(REPORT.encode()).hexdigest()
    rows = texts(places_store)
    assert [(r["source"], r["id"], r["sha256"], r["text"]) for r in rows] == [
        ("source:quotes-test", f"text:{sha}", sha, REPORT), ("source:quotes-test-2", f"text:{sha}", sha, REPORT)]
    assert places_store.query("MATCH (t:Text) RETURN count(t)").rows == [[1]]
    assert load_case_record(places_store, one, resolver=resolver).status == "unchanged"

    # the report changes, the record does not: the source is rewritten with the new text, the old text goes
    # once no source has it any more
    changed = REPORT + "另有两家企业表示愿意结对。\n"
    (tmp_path / "shangjin-report.txt").write_text(changed, encoding="utf-8")
    assert load_case_record(places_store, one, resolver=resolver).status == "updated"
    assert load_case_record(places_store, two, resolver=resolver).status == "updated"
    new = hashlib.sha256(changed.encode()).hexdigest()
    assert places_store.query("MATCH (t:Text) RETURN t.id").rows == [[f"text:{new}"]]


def test_the_seed_records_store_their_report_texts(places_store, tmp_path):
    from tests.conftest import national_resolver

    for path in bundled_case_records():
        assert load_case_record(places_store, path, resolver=national_resolver()).status == "loaded"
    rows = texts(places_store)
    assert len(rows) == len(bundled_case_records()) == 5
    for r in rows:
        bundled = Path(__file__).resolve().parent.parent / "tongxin" / "data" / "reports" / r["file"]
        assert r["sha256"] == hashlib.sha256(bundled.read_bytes()).hexdigest(), r
        assert r["text"] == bundled.read_text(encoding="utf-8-sig"), r["file"]


# --- over the API -------------------------------------------------------------------------------------------
def _text(rec: dict[str, Any]) -> str:
    return yaml.safe_dump(rec, allow_unicode=True)


def _post(client: TestClient, rec: dict[str, Any], report: str | None = None, **form: str) -> Any:
    files: dict[str, Any] = {"file": ("rec.yaml", _text(rec).encode(), "application/yaml")}
    if report is not None:
        files["report"] = ("shangjin-report.txt", report.encode(), "text/plain")
    return client.post("/load", files=files, data=form, headers={"Authorization": f"Bearer {TOKEN}"})


def test_the_api_takes_the_report_with_the_record_or_refuses_naming_it(places_store, tmp_path):
    app = create_app(Settings(tongxin_api_token=TOKEN), store=places_store)
    before = graph_fingerprint(places_store)
    with TestClient(app) as client:
        # before: 200 "loaded", the quote unchecked
        for form in ({}, {"dry_run": "true"}):
            r = _post(client, record(file="missing-report.txt", quote="完全虚构的引文"), **form)
            assert r.status_code == 422, r.text
            [problem] = r.json()["error"]["problems"]
            line = line_of(_text(record(file="missing-report.txt")), "file: missing-report.txt")
            assert problem.startswith(f"rec.yaml:{line}: source.file: the report 'missing-report.txt' is not "
                                      "found"), problem
            assert "upload it with the record as the form field `report`" in problem, problem
        r = _post(client, record(quote="完全虚构的引文"), REPORT, dry_run="true")
        assert r.status_code == 422, r.text
        line = line_of(_text(record(quote="完全虚构的引文")), "evidence: 完全虚构的引文")
        assert r.json()["error"]["problems"] == [
            f"rec.yaml:{line}: relations[0].evidence: quote not found in shangjin-report.txt: '完全虚构的引文'"]
        r = _post(client, record(), b"\xff\xfe".decode("latin-1"), dry_run="true")  # valid UTF-8, other text
        assert r.status_code == 422, r.text
        assert graph_fingerprint(places_store) == before  # nothing written by any refusal or dry run

        r = _post(client, record(), REPORT, dry_run="true")
        assert (r.status_code, r.json()["status"]) == (200, "checked"), r.text
        assert graph_fingerprint(places_store) == before
        r = _post(client, record(), REPORT)
        assert (r.status_code, r.json()["status"]) == (200, "loaded"), r.text
    sha = hashlib.sha256(REPORT.encode()).hexdigest()
    assert [(t["source"], t["id"], t["text"]) for t in texts(places_store)] == [
        ("source:quotes-test", f"text:{sha}", REPORT)]


def test_the_api_reads_a_gbk_report_as_the_cli_does_and_refuses_one_in_no_encoding(places_store):
    app = create_app(Settings(tongxin_api_token=TOKEN), store=places_store)
    with TestClient(app) as client:
        def post(report: bytes) -> Any:
            files = {"file": ("rec.yaml", yaml.safe_dump(record(), allow_unicode=True).encode(), "application/yaml"),
                     "report": ("r.txt", report, "text/plain")}
            return client.post("/load", files=files, data={"dry_run": "true"},
                               headers={"Authorization": f"Bearer {TOKEN}"})

        r = post(b"\xff\xff\x80\x80")  # neither UTF-8, GBK nor Big5
        assert r.status_code == 422, r.text
        assert r.json()["error"]["param"] == "report", r.text
        r = post(REPORT.encode("gbk"))  # the quotes are checked against the text the bytes say
        assert (r.status_code, r.json()["status"]) == (200, "checked"), r.text
