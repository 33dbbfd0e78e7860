"""Pairing ledgers: good, bad and ambiguous rows; all-or-nothing; --skip-invalid; idempotency; encodings."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from tests.conftest import graph_fingerprint, subset_resolver
from tongxin.errors import InvalidData
from tongxin.loaders.ledger import credit_code_problem, load_ledger, with_check_character
from tongxin.queries.service import coverage

HEADER = ["企业名称", "统一社会信用代码", "结对村", "所属县区", "所属乡镇", "结对时间", "投资额(万元)", "备注"]
CODE_A = with_check_character("91420322MA49ABCD1")
CODE_B = with_check_character("91420322MA49ABCD2")
GOOD = [
    ["十堰上津茶业有限公司", CODE_A, "绞肠关村", "郧西县", "上津镇", "2021-06-01", "50", ""],
    ["十堰上津茶业有限公司", CODE_A, "孙家湾村委会", "郧西县", "上津镇", "2021/7", "", "一对多"],
    ["郧西县津城建材有限公司", CODE_B, "丁家湾村", "郧西县", "上津镇", "2022年3月", "12.5", ""],
    ["郧西县津城建材有限公司", "", "云岭村", "郧西县", "上津镇", "2022", "", "无信用代码"],
]


def write_csv(path: Path, rows: list[list[str]], encoding: str = "utf-8") -> Path:
    with path.open("w", encoding=encoding, newline="") as fh:
        w = csv.writer(fh)
        w.writerow(HEADER)
        w.writerows(rows)
    return path


def test_credit_code_check_character():
    assert credit_code_problem("91350100M000100Y43") is None  # a published example code
    assert credit_code_problem(CODE_A) is None
    wrong = CODE_A[:-1] + ("0" if CODE_A[-1] != "0" else "1")
    assert "check character" in (credit_code_problem(wrong) or "")
    assert "18 characters" in (credit_code_problem("9142") or "")


def test_good_ledger_loads_pairings_with_provenance(places_store, tmp_path):
    path = write_csv(tmp_path / "郧西台账.csv", GOOD)
    res = load_ledger(places_store, path)
    assert res.status == "loaded", res
    rows = places_store.query(
        "MATCH (e:Enterprise)-[r:PAIRED_WITH]->(v:Village) "
        "RETURN e.name AS e, e.credit_code AS cc, v.code AS v, r.program AS p, r.since AS since, "
        "r.investment AS inv, r.sources AS s, r.evidence AS ev ORDER BY v"
    ).records()
    assert [(r["e"], r["v"], r["since"]) for r in rows] == [
        ("十堰上津茶业有限公司", "420322102200", "2021-06-01"),
        ("十堰上津茶业有限公司", "420322102201", "2021-07"),
        ("郧西县津城建材有限公司", "420322102202", "2022-03"),
        ("郧西县津城建材有限公司", "420322102203", "2022"),
    ], rows
    assert rows[0]["inv"] == 500000 and rows[0]["p"] == "万企兴万村", rows[0]
    # the source id names the file with its suffix (outside the working directory: by its file name)
    assert rows[0]["s"] == ["source:ledger-郧西台账.csv"] and "row 2" in rows[0]["ev"][0], rows[0]
    # the enterprise with a credit code is keyed by it; the row without one by its name, within the
    # village's city (tongxin.entities.keys)
    ids = places_store.query("MATCH (e:Enterprise) RETURN e.id ORDER BY e.id").rows
    assert [i[0] for i in ids] == sorted([f"enterprise:{CODE_A}", f"enterprise:{CODE_B}",
                                          "enterprise:郧西县津城建材有限公司@4203"]), ids
    body = coverage(places_store, "420322102", partner="Enterprise", limit=1000)
    assert body.covered == 4 and body.total == 15, body.model_dump()  # 15 村委会 in 上津镇
    assert "420322102200" not in {u.code for u in body.uncovered}


def test_bad_rows_reject_the_whole_file_and_name_row_and_column(places_store, tmp_path):
    before = graph_fingerprint(places_store)
    bad = GOOD + [
        ["坏代码公司", CODE_A[:-1] + "X", "刘家湾村", "郧西县", "上津镇", "2021", "", ""],   # row 6
        ["未知村公司", "", "不存在村", "郧西县", "上津镇", "2021", "", ""],                  # row 7
        ["日期错公司", "", "吴家沟村", "郧西县", "上津镇", "去年", "", ""],                   # row 8
        ["", "", "吴家沟村", "郧西县", "上津镇", "", "", ""],                                 # row 9
        ["歧义公司", "", "石门村", "", "", "", "", ""],                                       # row 10
    ]
    path = write_csv(tmp_path / "bad.csv", bad)
    with pytest.raises(InvalidData) as err:
        load_ledger(places_store, path)
    text = str(err.value)
    for needle in ("bad.csv:6: credit_code:", "bad.csv:7: village: place '不存在村' not found",
                   "bad.csv:8: since: bad date '去年'", "bad.csv:9: enterprise: missing required value",
                   "bad.csv:10: village: place '石门村' is ambiguous"):
        assert needle in text, text
    assert graph_fingerprint(places_store) == before


def test_skip_invalid_loads_good_rows_and_writes_rejects(places_store, tmp_path):
    path = write_csv(tmp_path / "mixed.csv", GOOD + [["未知村公司", "", "不存在村", "郧西县", "上津镇", "", "", ""]])
    res = load_ledger(places_store, path, skip_invalid=True)
    assert res.rejected == 1 and res.status == "loaded", res
    rejects = (tmp_path / "mixed.csv.rejects.csv").read_text(encoding="utf-8-sig")
    assert "6,village,place '不存在村' not found" in rejects, rejects
    assert places_store.query("MATCH ()-[r:PAIRED_WITH]->() RETURN count(r)").rows == [[4]]


def test_reloading_is_idempotent_and_a_changed_file_replaces_its_rows(places_store, tmp_path):
    path = write_csv(tmp_path / "ledger.csv", GOOD)
    load_ledger(places_store, path)
    first = graph_fingerprint(places_store)
    assert load_ledger(places_store, path).status == "unchanged"
    assert graph_fingerprint(places_store) == first
    write_csv(path, GOOD[:2])  # two rows dropped from the ledger: half its facts, so only on purpose
    before = graph_fingerprint(places_store)
    with pytest.raises(InvalidData, match=r"would retract 2 of the 4 facts"):
        load_ledger(places_store, path)
    assert graph_fingerprint(places_store) == before
    assert load_ledger(places_store, path, allow_shrink=True).status == "updated"
    pairs = places_store.query("MATCH (e)-[r:PAIRED_WITH]->(v) RETURN v.code ORDER BY v.code").rows
    assert pairs == [["420322102200"], ["420322102201"]], pairs
    # the enterprise only the dropped rows named is gone too
    assert places_store.query("MATCH (e:Enterprise) RETURN count(e)").rows == [[1]]


@pytest.mark.parametrize("encoding", ["utf-8-sig", "gbk", "gb18030"])
def test_chinese_spreadsheet_encodings_load_the_same_graph(places_store, tmp_path, encoding):
    path = write_csv(tmp_path / "ledger.csv", GOOD, encoding=encoding)
    load_ledger(places_store, path)
    rows = places_store.query("MATCH (e:Enterprise)-[:PAIRED_WITH]->(v) RETURN e.name, v.code ORDER BY v.code").rows
    assert rows[0] == ["十堰上津茶业有限公司", "420322102200"], rows


def test_a_corrected_name_renames_and_another_ledgers_name_stays_an_alias(places_store, tmp_path):
    """A ledger reloaded with its typo corrected renames the enterprise (no stale alias); another ledger
    naming the same credit code otherwise keeps the first name as an alias (both found by search)."""
    typo = [["十堰上津茶业有限公", CODE_A, "绞肠关村", "郧西县", "上津镇", "2021", "", ""]]
    path = write_csv(tmp_path / "一.csv", typo)
    load_ledger(places_store, path)
    write_csv(path, [["十堰上津茶业有限公司", *typo[0][1:]]])
    assert load_ledger(places_store, path).status == "updated"
    query = "MATCH (e:Enterprise) RETURN e.name, e.aliases"
    assert places_store.query(query).rows == [["十堰上津茶业有限公司", []]]
    other = write_csv(tmp_path / "二.csv", [["上津茶业", CODE_A, "孙家湾村", "郧西县", "上津镇", "2022", "", ""]])
    load_ledger(places_store, other)
    assert places_store.query(query).rows == [["上津茶业", ["十堰上津茶业有限公司"]]]


TRADITIONAL_HEADER = ["企業名稱", "統一社會信用代碼", "結對村", "所屬縣區", "所屬鄉鎮", "結對時間", "投資額(萬元)", "備註", "行動"]


@pytest.mark.parametrize("encoding", ["utf-8", "big5"])
def test_a_ledger_in_traditional_characters_loads_in_utf8_or_big5(places_store, tmp_path, encoding):
    """A ledger typed in traditional characters (Hong Kong, Macao, Taiwan): its headers are the columns they
    say, its places resolve, and its names are stored as written, their simplified form an alias. Big5
    bytes decode as GBK without an error, into nonsense: the file's coherence decides (textnorm)."""
    load_ledger(places_store, write_csv(tmp_path / "简.csv", [GOOD[2]]))  # the program 万企兴万村, by default
    path = tmp_path / "台賬.csv"
    with path.open("w", encoding=encoding, newline="") as fh:
        w = csv.writer(fh)
        w.writerow(TRADITIONAL_HEADER)
        w.writerow(["十堰上津茶業有限公司", CODE_A, "絞腸關村", "鄖西縣", "上津鎮", "2021-06-01", "50", "一對多", "萬企興萬村"])
        w.writerow(["十堰上津茶業有限公司", CODE_A, "孫家灣村", "鄖西縣", "上津鎮", "2021/7", "", "", "萬企興萬村"])
    assert load_ledger(places_store, path).status == "loaded"
    rows = places_store.query("MATCH (e:Enterprise)-[r:PAIRED_WITH]->(v) WHERE e.id = $id "
                              "RETURN e.name, e.aliases, v.code, r.since, r.note ORDER BY v.code",
                              {"id": f"enterprise:{CODE_A}"}).rows
    assert rows == [["十堰上津茶業有限公司", ["十堰上津茶业有限公司"], "420322102200", "2021-06-01", "一對多"],
                    ["十堰上津茶業有限公司", ["十堰上津茶业有限公司"], "420322102201", "2021-07", None]], rows
    # the program is the one the graph knows, by either spelling, and its pairings count under its name
    assert places_store.query("MATCH (p:Program) RETURN p.name, p.aliases").rows == [["万企兴万村", ["萬企興萬村"]]]
    body = coverage(places_store, "420322102", partner="Enterprise", program="万企兴万村", limit=1000)
    assert body.covered == 3, body.model_dump()
    # a user typing the program as the ledger does (or with a stray space) asks the same question
    for typed in ("萬企興萬村", " 万企兴万村 "):
        assert coverage(places_store, "420322102", partner="Enterprise", program=typed, limit=1000).covered == 3


def test_a_case_records_program_in_traditional_characters_is_the_program_coverage_counts(places_store, tmp_path):
    """A report in traditional characters names 萬企興萬村: its program and its pairings carry the name every
    loader gives the program (万企兴万村, the written form an alias), so coverage by program, the program's
    sites, footprint and view count them, by either spelling (before, they were stored under 萬企興萬村 and a
    coverage by 万企兴万村 missed them, while one by 萬企興萬村 missed every ledger's)."""
    from tests.test_quotes_checked import REPORT, record
    from tests.test_quotes_checked import write as write_record
    from tongxin.loaders.caserecord import load_case_record
    from tongxin.queries.service import query_result
    from tongxin.queries.subgraph import coverage_graph, program_graph

    (tmp_path / "shangjin-report.txt").write_text(REPORT, encoding="utf-8")
    rec = record()
    rec["entities"][3]["name"] = "萬企興萬村"
    load_case_record(places_store, write_record(tmp_path, rec), resolver=subset_resolver("420322"))
    assert places_store.query("MATCH (p:Program) RETURN p.name, p.aliases").rows == [["万企兴万村", ["萬企興萬村"]]]
    assert places_store.query("MATCH ()-[r:PAIRED_WITH]->() RETURN r.program").rows == [["万企兴万村"]]
    for typed in ("万企兴万村", "萬企興萬村"):
        assert coverage(places_store, "420322102", partner="Enterprise", program=typed, limit=1000).covered == 1
        footprint = query_result(places_store, "program_footprint", {"program": typed})
        assert footprint.count >= 1, footprint
        for view in (program_graph(places_store, typed), coverage_graph(places_store, "420322102", program=typed)):
            assert any(d.get("type") == "PAIRED_WITH" for _, _, d in view.edges(data=True)), (typed, view.graph)


def test_village_code_wins_and_must_agree_with_the_name(places_store, tmp_path):
    header = [*HEADER, "区划代码"]
    path = tmp_path / "codes.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerow(["甲公司", "", "绞肠关村", "", "", "", "", "", "420322102200"])
        w.writerow(["乙公司", "", "孙家湾村", "", "", "", "", "", "420322102200"])  # code of 绞肠关村
    with pytest.raises(InvalidData) as err:
        load_ledger(places_store, path)
    assert "codes.csv:3: village_code: 420322102200 is 绞肠关村" in str(err.value), str(err.value)


# --- many ledgers, the next read while the last is written (load_ledgers) -------------------------------
def _graph_without_load_times(store) -> tuple[list, list]:  # type: ignore[no-untyped-def]
    nodes = store.query("MATCH (n) RETURN n.id AS id, labels(n) AS l, properties(n) AS p ORDER BY id").rows
    edges = store.query("MATCH (a)-[r]->(b) RETURN a.id, type(r), b.id, properties(r) ORDER BY a.id, type(r), "
                        "b.id, r.key").rows
    for n in nodes:
        n[1] = sorted(n[1])
        n[2].pop("loaded_at", None)
    return nodes, edges


def _ledger_set(tmp_path: Path) -> list[Path]:
    """Five ledgers: one, then one in another folder with the same file name (the same source, both being
    outside the working directory, the load root: named by their file names) stating other pairings, then two
    good ones sharing an enterprise and villages with them, one with a bad row."""
    (tmp_path / "b").mkdir()
    # the first is long, so that its write is still running while the next is planned
    many = [[f"上津第{i}有限公司", "", "绞肠关村", "郧西县", "上津镇", "2021", "1", ""] for i in range(4000)]
    return [
        write_csv(tmp_path / "一.csv", GOOD[:2] + many),
        write_csv(tmp_path / "b" / "一.csv", GOOD[3:]),
        write_csv(tmp_path / "二.csv", GOOD[1:3]),
        write_csv(tmp_path / "坏.csv", [GOOD[0], ["某公司", "", "不存在村", "郧西县", "上津镇", "", "", ""]]),
        write_csv(tmp_path / "三.csv", GOOD[2:]),
    ]


def test_many_ledgers_load_as_one_by_one_and_report_in_order(places_store, tmp_path):
    from tongxin.loaders.ledger import load_ledgers

    paths = _ledger_set(tmp_path)
    start = graph_fingerprint(places_store)
    sequential = []
    for p in paths:
        try:
            sequential.append((p, load_ledger(places_store, p).status))
        except InvalidData as exc:
            sequential.append((p, exc.problems[0].message))
    expected = _graph_without_load_times(places_store)
    places_store.clear()
    places_store.ensure_schema()
    from tests.conftest import TEST_COUNTIES, subset_gazetteer
    from tongxin.loaders.places import import_places

    import_places(places_store, subset_gazetteer(*TEST_COUNTIES))
    assert graph_fingerprint(places_store) == start

    outcomes = list(load_ledgers(places_store, paths))
    assert [p for p, _ in outcomes] == paths  # one outcome a file, in the order given
    got = [(p, o.status if not isinstance(o, Exception) else o.problems[0].message) for p, o in outcomes]
    assert got == sequential, got
    assert isinstance(outcomes[3][1], InvalidData) and "不存在村" in outcomes[3][1].problems[0].message
    # the second 一.csv is the same source: it would retract nearly all the first stated, and is refused
    # (the shrink guard) as it is one by one — planned against the graph after the first one's write
    assert [s for _, s in sequential] == ["loaded", sequential[1][1], "loaded", sequential[3][1], "loaded"]
    assert "would retract" in sequential[1][1] and "of the source 'ledger-一.csv'" in sequential[1][1], sequential
    assert _graph_without_load_times(places_store) == expected

    # loaded with their folder as the root, they are two sources (一.csv and b/一.csv) and retract nothing
    places_store.clear()
    places_store.ensure_schema()
    import_places(places_store, subset_gazetteer(*TEST_COUNTIES))
    assert [o.status for _, o in load_ledgers(places_store, paths[:2], root=tmp_path)] == ["loaded", "loaded"]
    assert places_store.query("MATCH (s:Source) WHERE s.id STARTS WITH 'source:ledger-' RETURN s.id ORDER BY s.id"
                              ).rows == [["source:ledger-b/一.csv"], ["source:ledger-一.csv"]]


def test_many_ledgers_loaded_again_change_nothing(places_store, tmp_path):
    from tongxin.loaders.ledger import load_ledgers

    paths = [p for p in _ledger_set(tmp_path) if p.name != "坏.csv" and p.parent == tmp_path]
    assert [o.status for _, o in load_ledgers(places_store, paths)] == ["loaded"] * 3
    before = graph_fingerprint(places_store)
    assert [o.status for _, o in load_ledgers(places_store, paths)] == ["unchanged"] * 3
    assert graph_fingerprint(places_store) == before


def test_a_ledger_gives_the_same_graph_before_or_after_the_place_import(any_store, tmp_path):
    """Loaded into an empty graph, a ledger writes its villages with their PART_OF chains to the province;
    loaded after the division tree, it builds none of them (they are there) — either way the graph after
    both the import and the load is the same."""
    from tests.conftest import TEST_COUNTIES, subset_gazetteer
    from tongxin.loaders.places import import_places

    path = write_csv(tmp_path / "台账.csv", GOOD)
    gaz = subset_gazetteer(*TEST_COUNTIES)
    load_ledger(any_store, path)
    chain = any_store.query(
        "MATCH (v:Village)-[:PART_OF*4]->(p:Province) RETURN v.name, p.code ORDER BY v.name").rows
    assert chain == [[n, "42"] for n in sorted(["绞肠关村", "孙家湾村", "丁家湾村", "云岭村"])]
    import_places(any_store, gaz)
    ledger_first = _graph_without_load_times(any_store)

    any_store.clear()
    any_store.ensure_schema()
    import_places(any_store, gaz)
    load_ledger(any_store, path)
    assert _graph_without_load_times(any_store) == ledger_first


def test_loading_a_ledger_does_not_import_pypinyin():
    """pypinyin loads its phrase dictionary on import (about a second of every `tongxin load`); a ledger
    needs no pinyin, and the loaders import tongxin.loaders.places for its constants."""
    import subprocess
    import sys

    code = ("import sys, tongxin.loaders.ledger, tongxin.loaders.caserecord, tongxin.loaders.places; "
            "sys.exit('pypinyin' in sys.modules)")
    assert subprocess.run([sys.executable, "-c", code], timeout=60).returncode == 0
