"""No silent shrink (issue 21, item 2): a ledger's source id names its path relative to the load root with its
suffix, so two different files never retract each other; a reload that would retract more than 20% of its
source's facts, or any reload of a file with no rows, is refused with the count unless allow_shrink; a dry
run says what a load would add, change and retract, and writes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.conftest import graph_fingerprint
from tongxin.api.app import create_app
from tongxin.errors import InvalidData
from tongxin.loaders.ledger import load_ledger
from tongxin.settings import Settings

HEADER = "企业名称,结对村,所属县区,所属乡镇,结对时间\n"
VILLAGES = ["绞肠关村", "孙家湾村", "丁家湾村", "云岭村", "刘家湾村"]
TOKEN = "shrink-token-0123456789abcdef"


def ledger(path: Path, villages: list[str], company: str = "上津茶业有限公司", since: str = "2021-06") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(HEADER + "".join(f"{company},{v},郧西县,上津镇,{since}\n" for v in villages),
                    encoding="utf-8")
    return path


def pairings(store) -> int:  # type: ignore[no-untyped-def]
    return store.query("MATCH ()-[r:PAIRED_WITH]->() RETURN count(r)").rows[0][0]


def test_a_file_elsewhere_with_the_same_stem_is_another_source(places_store, tmp_path):
    # before: a header-only empty/lianyuan-x.csv retracted every row of lianyuan-x.xlsx (both "ledger-lianyuan-x")
    full = ledger(tmp_path / "lianyuan-x.csv", VILLAGES)
    assert load_ledger(places_store, full, root=tmp_path).status == "loaded"
    empty = ledger(tmp_path / "empty" / "lianyuan-x.csv", [])
    res = load_ledger(places_store, empty, root=tmp_path)
    assert (res.status, res.source_id, res.retracted) == ("loaded", "source:ledger-empty/lianyuan-x.csv", 0), res
    assert pairings(places_store) == len(VILLAGES)


def test_a_reload_with_no_rows_is_refused_naming_the_count(places_store, tmp_path):
    # before: a header-only reload answered "updated — 0 edges" and dropped every pairing of the source
    path = ledger(tmp_path / "lianyuan.csv", VILLAGES)
    load_ledger(places_store, path, root=tmp_path)
    before = graph_fingerprint(places_store)
    ledger(path, [])
    with pytest.raises(InvalidData) as err:
        load_ledger(places_store, path, root=tmp_path)
    [problem] = err.value.problems
    assert (problem.file, problem.field, problem.line) == (str(path), "file", 1), problem
    assert f"has no rows: loading it would retract all {len(VILLAGES)} facts of the source 'ledger-lianyuan.csv'" \
        in problem.message, problem
    assert "--allow-shrink" in problem.message
    assert graph_fingerprint(places_store) == before
    res = load_ledger(places_store, path, root=tmp_path, allow_shrink=True)
    assert (res.status, res.retracted, res.added) == ("updated", len(VILLAGES), 0), res
    assert pairings(places_store) == 0


def test_a_reload_retracting_more_than_a_fifth_is_refused_and_less_is_not(places_store, tmp_path):
    path = ledger(tmp_path / "t.csv", VILLAGES)  # 5 pairings
    load_ledger(places_store, path, root=tmp_path)
    ledger(path, VILLAGES[:4])  # retracts 1 of 5: 20%, not more
    res = load_ledger(places_store, path, root=tmp_path)
    assert (res.status, res.added, res.changed, res.retracted) == ("updated", 0, 0, 1), res
    ledger(path, VILLAGES[:2])  # retracts 2 of 4: 50%
    before = graph_fingerprint(places_store)
    with pytest.raises(InvalidData) as err:
        load_ledger(places_store, path, root=tmp_path)
    assert "would retract 2 of the 4 facts of the source 'ledger-t.csv' (50%, more than 20%)" \
        in err.value.problems[0].message, err.value
    assert graph_fingerprint(places_store) == before
    assert load_ledger(places_store, path, root=tmp_path, allow_shrink=True).status == "updated"
    assert pairings(places_store) == 2


def test_a_dry_run_counts_added_changed_and_retracted_and_writes_nothing(places_store, tmp_path):
    path = ledger(tmp_path / "d.csv", VILLAGES[:3])
    first = load_ledger(places_store, path, root=tmp_path, dry_run=True)
    assert (first.status, first.added, first.changed, first.retracted) == ("checked", 3, 0, 0), first
    assert pairings(places_store) == 0
    load_ledger(places_store, path, root=tmp_path)
    before = graph_fingerprint(places_store)
    # one pairing kept, one with another date (changed), one gone, two new
    path.write_text(HEADER + f"上津茶业有限公司,{VILLAGES[0]},郧西县,上津镇,2021-06\n"
                    f"上津茶业有限公司,{VILLAGES[1]},郧西县,上津镇,2022-01\n"
                    + "".join(f"上津茶业有限公司,{v},郧西县,上津镇,2021-06\n" for v in VILLAGES[3:]), encoding="utf-8")
    res = load_ledger(places_store, path, root=tmp_path, dry_run=True)
    assert (res.status, res.added, res.changed, res.retracted) == ("checked", 2, 1, 1), res
    assert graph_fingerprint(places_store) == before
    # a dry run of a reload the guard refuses says so, and still writes nothing
    ledger(path, [])
    res = load_ledger(places_store, path, root=tmp_path, dry_run=True)
    assert res.retracted == 3 and any("a load would be refused" in n for n in res.notes), res
    assert graph_fingerprint(places_store) == before


def test_the_api_refuses_a_shrinking_upload_unless_allowed(places_store):
    app = create_app(Settings(tongxin_api_token=TOKEN), store=places_store)
    auth = {"Authorization": f"Bearer {TOKEN}"}

    def post(villages: list[str], **form: str):  # type: ignore[no-untyped-def]
        body = HEADER + "".join(f"上津茶业有限公司,{v},郧西县,上津镇,2021-06\n" for v in villages)
        return client.post("/load", files={"file": ("lianyuan.csv", body.encode(), "text/csv")}, data=form,
                           headers=auth)

    with TestClient(app) as client:
        r = post(VILLAGES)
        assert (r.status_code, r.json()["source_id"]) == (200, "source:ledger-lianyuan.csv"), r.text
        before = graph_fingerprint(places_store)
        r = post([])
        assert r.status_code == 422, r.text
        [problem] = r.json()["error"]["problems"]
        assert problem.startswith("lianyuan.csv:1: file: has no rows: loading it would retract all 5 facts"), problem
        r = post(VILLAGES[:1], dry_run="true")
        assert r.status_code == 200 and (r.json()["status"], r.json()["retracted"]) == ("checked", 4), r.text
        assert graph_fingerprint(places_store) == before
        r = post(VILLAGES[:1], allow_shrink="true")
        assert (r.status_code, r.json()["status"], r.json()["retracted"]) == (200, "updated", 4), r.text
    assert pairings(places_store) == 1
