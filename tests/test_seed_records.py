"""The five seed reports, curated as case records, load into FalkorDB with codes, amounts and evidence."""

from __future__ import annotations

import pytest

from tests.conftest import graph_fingerprint, national_resolver
from tongxin.errors import InvalidData
from tongxin.loaders.caserecord import bundled_case_records, load_case_record


@pytest.fixture
def seeded(places_store):
    for path in bundled_case_records():
        res = load_case_record(places_store, path, resolver=national_resolver())
        assert res.status == "loaded", res
    return places_store


def q(store, cypher, **params):
    return store.query(cypher, params).records()


def test_all_five_reports_are_curated():
    names = [p.name for p in bundled_case_records()]
    assert len(names) == 5, names


def test_loudi_tongxin_villages_are_sites_with_their_codes(seeded):
    rows = q(seeded, "MATCH (v:Village)-[r:SITE_OF]->(p:Program {name: '同心乡村'}) "
                     "RETURN v.code AS code, v.name AS name, r.evidence AS ev, r.sources AS src ORDER BY code")
    codes = {r["code"]: r for r in rows}
    assert {"431302007207", "431382107259"} <= set(codes), rows
    assert codes["431382107259"]["name"] == "东园村"
    assert codes["431302007207"]["src"] == ["source:loudi-2021-sitong"] and codes["431302007207"]["ev"][0]


def test_jiexin_community_site_secretary_and_law_firm(seeded):
    site = q(seeded, "MATCH (c:Community {name: '街心社区'})-[:SITE_OF]->(p:Program) RETURN c.code AS code, p.name AS p")
    assert {"code": "431302001001", "p": "同心社区"} in site, site
    role = q(seeded, "MATCH (x:Person {name: '谢阳建'})-[r:HOLDS_ROLE]->(c:Community {code: '431302001001'}) "
                     "RETURN r.title AS title, r.evidence AS ev")
    assert role == [{"title": "支书", "ev": ["街心社区支书谢阳建"]}], role
    firm = q(seeded, "MATCH (f:Organisation {name: '娄底市人和仁律师事务所'})-[r]-(c:Community {code: '431302001001'}) "
                     "RETURN type(r) AS t")
    assert firm, "the law firm is linked to 街心社区"


def test_leader_roles(seeded):
    rows = q(seeded, "MATCH (p:Person {name: '雷绍业'})-[r:HOLDS_ROLE]->(o) RETURN r.title AS t, o.name AS o")
    assert any("统战部长" in r["t"] for r in rows), rows


def test_luzhou_xiangxian_company_and_donation(seeded):
    rows = q(seeded, "MATCH (p:Person {name: '王浪伏'})-[:HOLDS_ROLE {title: '董事长'}]->(e:Enterprise)"
                     "-[:LOCATED_IN]->(t:Township) RETURN e.name AS e, t.code AS t, t.name AS tn")
    assert rows == [{"e": "泸州金奇易户外用品有限公司", "t": "510521108", "tn": "太伏镇"}], rows
    gift = q(seeded, "MATCH (p:Person {name: '靳太均'})-[r:DONATES_TO]->(v:Village) "
                     "RETURN v.code AS code, r.amount AS amount, r.currency AS cur, r.evidence AS ev")
    assert gift == [{"code": "510524100233", "amount": 1200000, "cur": "CNY",
                     "ev": ["叙永乡贤靳太均捐赠120万元新建红岩村党群服务中心"]}], gift


def test_claims_are_recorded_not_invented_entities(seeded):
    claims = q(seeded, "MATCH (s:Source)-[:CLAIMS]->(c:Claim)-[:ABOUT]->(pl:Place) "
                       "RETURN pl.name AS place, c.subject AS subject, c.count AS n, c.total AS total")
    assert {"place": "亳州市", "subject": "Enterprise", "n": 412, "total": None} in claims, claims
    assert any(c["place"] == "六安市" and c["n"] == 13 and c["total"] == 29 for c in claims), claims
    assert any(c["place"] == "十堰市" and c["n"] == 120 for c in claims), claims
    # no enterprise was invented for 亳州's 412
    assert q(seeded, "MATCH (e:Enterprise)-[:PAIRED_WITH]->(v:Place) WHERE v.code STARTS WITH '3416' "
                     "RETURN count(e) AS n") == [{"n": 0}]


def test_yantan_xinlianhui_and_its_president(seeded):
    orgs = q(seeded, "MATCH (a:Association) WHERE a.name CONTAINS '新联会' RETURN a.name AS n ORDER BY n")
    assert {"沿滩区新联会", "兴隆镇新联会"} <= {o["n"] for o in orgs}, orgs
    role = q(seeded, "MATCH (p:Person {name: '张嘉骊'})-[r:HOLDS_ROLE]->(a:Association) RETURN a.name AS a, r.title AS t")
    assert {"a": "沿滩区新联会", "t": "会长"} in role, role


def test_every_edge_from_a_report_has_source_and_evidence(seeded):
    bad = q(seeded, "MATCH ()-[r]->() WHERE type(r) <> 'PART_OF' AND "
                    "(size(r.sources) = 0 OR size(r.evidence) <> size(r.sources)) RETURN type(r) AS t LIMIT 5")
    assert bad == []


def test_reloading_a_seed_changes_nothing(seeded):
    before = graph_fingerprint(seeded)
    for path in bundled_case_records():
        assert load_case_record(seeded, path, resolver=national_resolver()).status == "unchanged"
    assert graph_fingerprint(seeded) == before


def test_a_changed_record_replaces_what_it_stated(seeded, tmp_path):
    src = next(p for p in bundled_case_records() if p.name.startswith("luzhou"))
    text = src.read_text(encoding="utf-8").replace("amount: 1200000", "amount: 1300000")
    changed = tmp_path / src.name
    changed.write_text(text, encoding="utf-8")
    assert load_case_record(seeded, changed, resolver=national_resolver()).status == "updated"
    amounts = q(seeded, "MATCH (:Person {name: '靳太均'})-[r:DONATES_TO]->() RETURN r.amount AS a")
    assert amounts == [{"a": 1300000}], amounts


def test_invalid_record_writes_nothing_and_names_file_line_field(seeded, tmp_path):
    src = next(p for p in bundled_case_records() if p.name.startswith("yantan"))
    text = src.read_text(encoding="utf-8").replace("id: yantan-2020", "id: yantan-bad-2020", 1)
    before = graph_fingerprint(seeded)
    # a field the format does not have: caught by the schema, with its line
    structural = tmp_path / "structural.yaml"
    structural.write_text(text.replace("    name: 沿滩区新联会", "    name: 沿滩区新联会\n    colour: red", 1),
                          encoding="utf-8")
    with pytest.raises(InvalidData) as err:
        load_case_record(seeded, structural, resolver=national_resolver())
    line = next(i for i, t in enumerate(structural.read_text(encoding="utf-8").splitlines(), 1) if "colour" in t)
    assert f"structural.yaml:{line}: entities[" in str(err.value) and ".colour:" in str(err.value), str(err.value)
    # semantic problems: every one listed, each with its line
    semantic = tmp_path / "semantic.yaml"
    semantic.write_text(text.replace("relations:\n", "relations:\n"
                                     "  - {type: SITE_OF, from: zhang, to: zhang, evidence: x}\n"
                                     "  - {type: RUNS, from: nobody, to: zhang, evidence: y}\n", 1),
                        encoding="utf-8")
    with pytest.raises(InvalidData) as err:
        load_case_record(seeded, semantic, resolver=national_resolver())
    msg = str(err.value)
    lines = semantic.read_text(encoding="utf-8").splitlines()
    at = next(i for i, t in enumerate(lines, 1) if "SITE_OF, from: zhang" in t)
    assert f"semantic.yaml:{at}: relations[0].type: SITE_OF cannot start at a Person" in msg, msg
    assert f"semantic.yaml:{at + 1}: relations[1].from: unknown entity ref 'nobody'" in msg, msg
    assert "quote not found" in msg, msg  # 'x' and 'y' are not in the report
    assert graph_fingerprint(seeded) == before


def test_ambiguous_place_lists_candidates(seeded, tmp_path):
    path = tmp_path / "amb.yaml"
    path.write_text("source: {id: amb, title: t}\nentities:\n  - {ref: v, kind: Place, name: 东园村}\n",
                    encoding="utf-8")
    with pytest.raises(InvalidData) as err:
        load_case_record(seeded, path, resolver=national_resolver())  # 25 东园村 in the country
    msg = str(err.value)
    assert "amb.yaml:3: entities[0].name: place '东园村' is ambiguous (25 candidates)" in msg, msg
    [problem] = err.value.problems
    assert len(problem.candidates) >= 2 and all("东园村" in c for c in problem.candidates), problem
