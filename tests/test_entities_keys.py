"""Keys: one node per real enterprise, organisation and person (tongxin.entities.keys), in the loaders."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tests.conftest import subset_resolver
from tongxin.entities.keys import credit_code, enterprise_core, enterprise_key, key_for
from tongxin.errors import InvalidData
from tongxin.loaders.caserecord import load_case_record
from tongxin.loaders.ledger import load_ledger, with_check_character


@pytest.mark.parametrize(("name", "core"), [
    ("泸州老窖集团", "泸州老窖"),
    ("泸州老窖集团有限责任公司", "泸州老窖"),
    ("瀘州老窖集團", "泸州老窖"),  # traditional
    ("泸州老窖股份公司", "泸州老窖股份"),  # 股份 tells the listed company from the group
    ("泸州老窖股份有限公司", "泸州老窖股份"),
    ("湖南涟邵建材（集团）有限公司", "湖南涟邵建材"),
    ("郧西县 津城建材 有限公司", "郧西县津城建材"),
    ("ＡＢＣ建材公司", "abc建材"),  # full width
    ("G318国道服务区（东段）", "g318国道服务区东段"),  # a bracket's content that is not a legal form stays
    ("公司", "公司"),  # nothing but a suffix: kept whole
])
def test_enterprise_core_removes_legal_forms(name, core):
    assert enterprise_core(name) == core


def test_enterprise_key_code_wins_and_place_scopes_to_the_city():
    code = with_check_character("91420322MA49ABCD1")
    assert enterprise_key("随便什么名字", "420322102200", code) == f"enterprise:{code}"
    assert enterprise_key("郧西县津城建材有限公司", "420322102200") == "enterprise:郧西县津城建材有限公司@4203"
    # spelling: traditional, full width, spaces and brackets make no other key; the legal form does
    assert enterprise_key("鄖西縣津城建材（有限）公司", "4203") == "enterprise:郧西县津城建材有限公司@4203"
    assert enterprise_key("郧西县津城建材 有限公司", "42") == "enterprise:郧西县津城建材有限公司@42"
    assert enterprise_key("郧西县津城建材有限责任公司") == "enterprise:郧西县津城建材有限责任公司"
    assert enterprise_key("郧西县津城建材有限责任公司", "4203", strip_legal_form=True) == "enterprise:郧西县津城建材@4203"


def test_a_short_form_is_keyed_within_its_source():
    # a report's 津城建材 may be 津城建材有限公司 or 津城建材集团有限公司: not merged across sources
    assert enterprise_key("郧西县津城建材", "4203", source_slug="rep-a") == "enterprise:郧西县津城建材@rep-a"
    assert key_for("Enterprise", "郧西县津城建材", "4203", source_slug="rep-b") == "enterprise:郧西县津城建材@rep-b"
    assert key_for("Enterprise", "娄底市人和仁律师事务所", "4313", source_slug="rep-a") == \
        "enterprise:娄底市人和仁律师事务所@4313"
    assert enterprise_key("郧西县津城建材", "4203") == "enterprise:郧西县津城建材@4203"  # no source: the city


def test_bad_credit_code_is_a_clear_error():
    good = with_check_character("91420322MA49ABCD1")
    bad = good[:-1] + ("0" if good[-1] != "0" else "1")
    assert credit_code(good.lower()) == good
    assert credit_code("") is None
    with pytest.raises(InvalidData, match="not a valid unified social credit code"):
        enterprise_key("甲", None, bad)


def test_people_are_keyed_by_place_else_source():
    assert key_for("Person", "张明华", "420322") == "person:张明华@420322"
    assert key_for("Person", "張明華", None, source_slug="a-report") == "person:张明华@a-report"
    assert key_for("Person", "张明华", None, source_slug="a") != key_for("Person", "张明华", None, source_slug="b")
    assert key_for("PartyCommittee", "郧西县委", "420322") == "partycommittee:郧西县委@420322"


def _record(tmp_path: Path, slug: str, entities: list[dict], relations: list[dict] | None = None) -> Path:
    path = tmp_path / f"{slug}.yaml"
    # a report written for the test: every quote is checked against it (issue 21)
    quotes = [r["evidence"] for r in relations or [] if r.get("evidence")]
    (tmp_path / f"{slug}.txt").write_text("；".join([slug, *quotes]) + "。", encoding="utf-8")
    path.write_text(yaml.safe_dump({
        "source": {"id": slug, "title": slug, "file": f"{slug}.txt"},
        "entities": [{"ref": "yunxi", "kind": "Place", "name": "郧西县", "code": "420322"},
                     {"ref": "shiyan", "kind": "Place", "name": "十堰市", "code": "4203"}, *entities],
        "relations": relations or [],
    }, allow_unicode=True), encoding="utf-8")
    return path


def test_loaders_share_keys_aliases_match_and_namesakes_stay_apart(places_store, tmp_path):
    resolver = subset_resolver("420322")
    a = _record(tmp_path, "rep-a", [
        {"ref": "ufwd", "kind": "UnitedFrontDept", "name": "郧西县委统战部委员会", "aliases": ["郧西县委统战部"],
         "place": "yunxi"},
        {"ref": "jc", "kind": "Enterprise", "name": "鄖西縣津城建材 有限公司", "place": "shiyan"},
        {"ref": "zhang", "kind": "Person", "name": "张明华"},
    ], [{"type": "MEMBER_OF", "from": "zhang", "to": "ufwd", "evidence": "张明华"}])
    b = _record(tmp_path, "rep-b", [
        {"ref": "ufwd", "kind": "UnitedFrontDept", "name": "郧西縣委統戰部", "place": "yunxi"},  # the alias, trad.
        {"ref": "zhang", "kind": "Person", "name": "张明华"},
    ])
    for path in (a, b):
        assert load_case_record(places_store, path, resolver=resolver).status == "loaded"
    ledger = tmp_path / "ledger.csv"
    ledger.write_text("企业名称,统一社会信用代码,村,县,乡镇\n郧西县津城建材有限公司,,绞肠关村,郧西县,上津镇\n",
                      encoding="utf-8")
    res = load_ledger(places_store, ledger, resolver=resolver)
    assert res.status == "loaded" and res.rejected == 0, res
    rows = places_store.query("MATCH (n:UnitedFrontDept) RETURN n.id, n.name, n.aliases, n.sources").rows
    assert len(rows) == 1, rows  # the second report's name is an alias of the first's node
    nid, name, aliases, sources = rows[0]
    assert nid == "unitedfrontdept:郧西县委统战部委员会@420322" and name == "郧西县委统战部委员会"
    assert "郧西縣委統戰部" in aliases and sorted(sources) == ["source:rep-a", "source:rep-b"]
    ent = places_store.query("MATCH (e:Enterprise) RETURN e.id, e.sources").rows
    assert len(ent) == 1 and ent[0][0] == "enterprise:郧西县津城建材有限公司@4203", ent  # record and ledger: one
    assert len(ent[0][1]) == 2, ent
    people = places_store.query("MATCH (p:Person) RETURN p.id ORDER BY p.id").rows
    assert people == [["person:张明华@rep-a"], ["person:张明华@rep-b"]]  # namesakes in two reports: two nodes
