"""Candidates, judgements and merged views on both engines (tongxin.entities)."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from fastapi.testclient import TestClient

from tests.conftest import subset_resolver
from tests.test_entities_keys import _record
from tongxin.api.app import create_app
from tongxin.entities.candidates import EntityRecord, find_candidates, score_pair, short_form
from tongxin.entities.judgements import Clusters, judge, load_judgements
from tongxin.entities.merged import merge_hits, merged_entity
from tongxin.errors import InvalidData
from tongxin.graph import backup
from tongxin.loaders.caserecord import load_case_record
from tongxin.loaders.ledger import load_ledger, with_check_character
from tongxin.queries.service import run_named
from tongxin.settings import Settings

TOKEN = "t" * 24
CODE = with_check_character("91420322MA49ABCD1")
ZA, ZB, ZC = "person:张明华@rep-a", "person:张明华@rep-b", "person:张明华@rep-c"
FIRM_CODE, FIRM_NAME = f"enterprise:{CODE}", "enterprise:郧西县津城建材有限公司@4203"


@pytest.fixture
def graph(places_store, tmp_path):
    resolver = subset_resolver("420322")
    for slug in ("rep-a", "rep-b", "rep-c"):
        ents = [{"ref": "zhang", "kind": "Person", "name": "张明华"},
                {"ref": "ufwd", "kind": "UnitedFrontDept", "name": "郧西县委统战部", "place": "yunxi"}]
        if slug == "rep-a":
            ents.append({"ref": "jc", "kind": "Enterprise", "name": "郧西县津城建材有限责任公司", "place": "shiyan",
                         "credit_code": CODE})
        path = _record(tmp_path, slug, ents, [{"type": "MEMBER_OF", "from": "zhang", "to": "ufwd",
                                                "evidence": "张明华"}])
        assert load_case_record(places_store, path, resolver=resolver).status == "loaded"
    ledger = tmp_path / "ledger.csv"
    ledger.write_text("企业名称,村,县,乡镇\n郧西县津城建材有限公司,绞肠关村,郧西县,上津镇\n", encoding="utf-8")
    assert load_ledger(places_store, ledger, resolver=resolver).rejected == 0
    return places_store


def test_candidates_carry_score_and_evidence(graph):
    found = {(c.left, c.right): c for c in find_candidates(graph)}
    firm = found[(FIRM_CODE, FIRM_NAME)]  # a code and a name-keyed node of one name, one city
    assert firm.evidence["shared_names"] == ["郧西县津城建材"] and firm.evidence["same_place"] == "4203"
    people = found[(ZA, ZB)]
    assert people.evidence["shared_names"] == ["张明华"]
    assert people.evidence["shared_neighbours"] == ["unitedfrontdept:郧西县委统战部@420322"]
    assert people.score == 1.0 and firm.score == 1.0
    assert (ZA, ZC) in found and (ZB, ZC) in found


@pytest.mark.parametrize("key, name, short", [
    ("市工商联", "大连市工商联", True), ("民盟市委", "民盟厦门市委", True), ("新联会", "铜官区新联会", True),
    ("大连市工商联", "大连市工商联", False), ("民盟山东省委", "民盟山东省委会", False), ("县政协", "温县政协", False),
    ("泸州老窖", "泸州老窖股份", False),
])
def test_a_short_form_is_the_name_with_a_stretch_cut_out(key, name, short):
    assert short_form(key, name) is short


def test_a_short_form_two_records_carry_is_no_shared_name():
    """Two cities' federations both written 市工商联 (the reports' short forms, kept as aliases) are not one
    for it; a report's bare 市工商联 is compared with a city's federation by that city's full name."""
    dalian = EntityRecord("federation:大连市工商联@2102", "Federation", "大连市工商联", ["市工商联"], place="2102")
    dexing = EntityRecord("federation:德兴市工商联@3611", "Federation", "德兴市工商联", ["市工商联"], place="3611")
    bare = EntityRecord("federation:市工商联", "Federation", "市工商联")
    score, evidence = score_pair(dalian, dexing)
    assert "shared_names" not in evidence and score < 0.7, (score, evidence)
    score, evidence = score_pair(dalian, bare)
    assert "shared_names" not in evidence and score == pytest.approx(0.8), (score, evidence)
    own = EntityRecord("federation:大连市工商联@2102#b", "Federation", "大连市工商联", ["市工商联"], place="2102")
    assert score_pair(dalian, own) == (pytest.approx(1.0), {"shared_names": ["大连市工商联"], "similarity": 1.0,
                                                           "same_place": "2102"})


def test_judge_same_merges_views_and_leaves_candidates(graph):
    res = judge(graph, ZB, ZA, "same", author="reviewer", note="same deputy head, same county")
    assert res.status == "recorded" and (res.judgement.left, res.judgement.right) == (ZA, ZB)
    assert judge(graph, ZA, ZB, "same", author="other", note="same deputy head, same county").status == "unchanged"
    pairs = {(c.left, c.right) for c in find_candidates(graph)}
    assert (ZA, ZB) not in pairs and (ZA, ZC) in pairs
    _, rows = run_named(graph, "search", {"q": "张明华", "kind": None, "limit": 20})
    assert {r["id"] for r in rows} == {ZA, ZC}  # the store holds the cluster as one node (entities.resolve)
    hits = merge_hits(graph, rows)
    assert [h["id"] for h in hits] == [ZA, ZC] and hits[0]["members"] == [ZA, ZB]
    view = merged_entity(graph, ZB)
    assert view["id"] == ZA and view["members"] == [ZA, ZB]
    assert view["sources"] == ["source:rep-a", "source:rep-b"]
    assert view["names"] == [{"name": "张明华", "sources": ["source:rep-a", "source:rep-b"]}]
    assert {e["source"] for e in view["edges"]} == {ZA} and len(view["edges"]) == 2  # one per report kept
    assert sorted(e["stored"][0] for e in view["edges"]) == [ZA, ZB]  # with the ends each report gave
    stored = load_judgements(graph)
    assert [(j.decision, j.author, j.note) for j in stored] == [("same", "reviewer", "same deputy head, same county")]


def test_bad_judgements_change_nothing(graph):
    judge(graph, ZA, ZB, "same", author="r")
    judge(graph, ZB, ZC, "same", author="r")
    before = backup.fingerprint(graph)
    cases = [
        ((ZA, "person:nobody", "same"), "no entity with id 'person:nobody'"),
        ((ZA, FIRM_CODE, "same"), "cannot be one"),
        ((ZA, "place:420322", "same"), "only organisations, people and programs"),
        ((ZA, ZA, "same"), "against itself"),
        ((ZA, ZB, "maybe"), "decision must be one of"),
        ((ZA, ZB, "different"), "were judged 'same'"),
        ((ZA, ZC, "different"), "one cluster through other 'same' judgements"),
    ]
    for args, message in cases:
        with pytest.raises(InvalidData, match=message):
            judge(graph, *args, author="r")
    assert backup.fingerprint(graph) == before


def test_override_is_recorded_and_reverses(graph):
    t0 = datetime(2026, 1, 1, tzinfo=UTC)
    judge(graph, ZA, ZB, "same", author="r1", now=t0)
    assert Clusters.of(graph).head(ZB) == ZA
    res = judge(graph, ZA, ZB, "different", author="r2", note="different birth years", override=True,
                now=t0.replace(month=2))
    assert res.status == "overridden" and res.judgement.override
    assert res.judgement.history == ("same|r1|2026-01-01T00:00:00+00:00|",)
    assert Clusters.of(graph).head(ZB) == ZB  # reversed: two people again
    assert merged_entity(graph, ZB)["members"] == [ZB]


def test_a_same_against_a_different_is_not_applied():
    from tongxin.entities.judgements import Judgement

    js = [Judgement("a", "c", "different", "r", "1"), Judgement("a", "b", "same", "r", "2"),
          Judgement("b", "c", "same", "r", "3")]
    clusters = Clusters.build(js)
    assert clusters.cluster("a") == ["a", "b"] and clusters.head("c") == "c"
    assert [j.at for j in clusters.conflicts] == ["3"]


def test_judgements_survive_backup_and_restore(graph):
    judge(graph, ZA, ZB, "same", author="r", note="n")
    data = backup.dump(graph)
    before = [j.as_dict() for j in load_judgements(graph)]
    graph.clear()
    backup.restore(graph, data)
    assert [j.as_dict() for j in load_judgements(graph)] == before
    assert Clusters.of(graph).head(ZB) == ZA


def test_api_candidates_judge_and_entity(graph):
    app = create_app(Settings(tongxin_api_token=TOKEN), store=graph)
    auth = {"Authorization": f"Bearer {TOKEN}"}
    with TestClient(app) as client:
        r = client.get("/dedupe/candidates", params={"kind": "Person"})
        assert r.status_code == 200 and {(c["left"], c["right"]) for c in r.json()["candidates"]} == {
            (ZA, ZB), (ZA, ZC), (ZB, ZC)}
        body = {"left": ZA, "right": ZB, "decision": "same", "author": "api", "note": "x"}
        assert client.post("/judge", json=body).status_code == 401
        assert client.post("/judge", json={**body, "right": "person:nobody"}, headers=auth).status_code == 422
        r = client.post("/judge", json=body, headers=auth)
        assert r.status_code == 200 and r.json()["status"] == "recorded"
        r = client.post("/judge", json={**body, "decision": "different"}, headers=auth)
        assert r.status_code == 422 and "override" in r.text
        assert [j["decision"] for j in client.get("/judgements").json()] == ["same"]
        hits = client.get("/search", params={"q": "张明华"}).json()["hits"]
        assert [h["id"] for h in hits] == [ZA, ZC] and hits[0]["members"] == [ZA, ZB]
        view = client.get(f"/entities/{ZB}").json()
        assert view["id"] == ZA and view["sources"] == ["source:rep-a", "source:rep-b"]
        assert client.get("/entities/person:nobody").status_code == 404


def test_a_large_block_is_split_not_cut(monkeypatch):
    from tongxin.entities import candidates
    from tongxin.entities.candidates import EntityRecord, candidate_pairs

    monkeypatch.setattr(candidates, "MAX_BLOCK", 3)
    records = [EntityRecord(f"enterprise:{i}", "Enterprise", f"十堰{w}建材有限公司", place="4203")
               for i, w in enumerate(["兴农", "富民", "同心", "华夏", "金穗"])]
    records.append(EntityRecord("enterprise:x", "Enterprise", "十堰金穗建材集团有限公司", place="4203"))
    found = candidate_pairs(records, min_score=0.99)
    assert [(c.left, c.right) for c in found] == [("enterprise:4", "enterprise:x")]
    assert found[0].evidence["shared_names"] == ["十堰金穗建材"]


def _content(store) -> list:  # type: ignore[no-untyped-def]
    data = backup.dump(store, history=False)
    return [[n for n in data["nodes"] if "Judgement" not in n["labels"]], data["edges"]]


def test_a_cluster_that_changes_head_folds_and_unfolds_exactly(graph):
    loaded = _content(graph)
    t0 = datetime(2026, 1, 1, tzinfo=UTC)
    judge(graph, ZB, ZC, "same", author="r", now=t0)  # head ZB, ZC folded into it
    pair = _content(graph)
    _, rows = run_named(graph, "node", {"id": ZB})
    assert rows and rows[0]["degree"] == 2 and run_named(graph, "node", {"id": ZC})[1] == []
    judge(graph, ZA, ZB, "same", author="r", now=t0.replace(month=2))  # head ZA now: ZB and ZC folded into it
    _, rows = run_named(graph, "search", {"q": "张明华", "kind": None, "limit": 20})
    assert [r["id"] for r in rows] == [ZA]
    assert merged_entity(graph, ZC)["members"] == [ZA, ZB, ZC]
    _, rows = run_named(graph, "node", {"id": ZA})
    assert rows[0]["degree"] == 3  # one MEMBER_OF a report, each with its source
    assert sorted(s for s in rows[0]["props"]["sources"]) == ["source:rep-a", "source:rep-b", "source:rep-c"]
    judge(graph, ZA, ZB, "different", author="r", override=True, now=t0.replace(month=3))
    assert _content(graph) == pair  # back to the cluster of two
    judge(graph, ZB, ZC, "different", author="r", override=True, now=t0.replace(month=4))
    assert _content(graph) == loaded  # back to the loads' graph
