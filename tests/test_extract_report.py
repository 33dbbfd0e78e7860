"""Extracting the seed reports: specific entities, relations and claims with offsets that point into the
original text, drafts that are valid case records once the review-only fields are dropped (and load
with the real case-record builder), determinism and speed."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Any

import pytest
import yaml

from tests.conftest import national_resolver
from tongxin.extract import (
    DRAFT_ONLY_FIELDS,
    DraftRecord,
    extract_report,
    warm_up,
    write_yaml,
)
from tongxin.extract.relations import parse_amount
from tongxin.loaders.caserecord import CaseRecord

# the seed reports as shipped with the project (identical copies of ../shared/seeds/)
SEEDS = Path(__file__).resolve().parent.parent / "tongxin" / "data" / "reports"
SEED_FILES = [
    "000_bf7e8332bb8f5b42.txt",
    "001_c62b255271628773.txt",
    "002_5e7db2f0417c1812.txt",
    "003_07166101f739d646.txt",
    "004_9d336da81d19600a.txt",
]

_cache: dict[str, DraftRecord] = {}


def draft_of(name: str) -> DraftRecord:
    path = SEEDS / name
    if not path.is_file():
        pytest.fail(f"seed report {name} not found under {SEEDS}")
    if name not in _cache:
        _cache[name] = extract_report(path)
    return _cache[name]


def entity(d: DraftRecord, name: str, kind: str | None = None) -> Any:
    found = [e for e in d.entities if e.name == name and (kind is None or e.kind == kind)]
    assert found, (name, sorted(e.name for e in d.entities))
    return found[0]


def relation(d: DraftRecord, type_: str, from_name: str, to_name: str) -> Any:
    a, b = entity(d, from_name), entity(d, to_name)
    found = [r for r in d.relations if r.type == type_ and r.from_ == a.ref and r.to == b.ref]
    assert found, (type_, from_name, to_name, [(r.type, r.from_, r.to) for r in d.relations])
    return found[0]


# -------------------------------------------------------------------------------- offsets and form


@pytest.mark.parametrize("name", SEED_FILES)
def test_every_mention_points_into_the_original(name: str) -> None:
    d = draft_of(name)
    original = (SEEDS / name).read_text(encoding="utf-8")
    items = [*d.entities, *d.relations, *d.claims]
    assert items
    for item in items:
        for m in item.mentions:
            assert original[m.start:m.end] == m.text, (item, m)
    for e in d.entities:
        assert e.mentions or e.note, e  # only the report's implied own area has no mention


@pytest.mark.parametrize("name", SEED_FILES)
def test_draft_without_review_fields_is_a_case_record(name: str) -> None:
    d = draft_of(name)
    record = d.to_case_record()
    assert all(k not in item for k in DRAFT_ONLY_FIELDS for part in ("entities", "relations", "claims")
               for item in record[part])
    CaseRecord.model_validate(record)  # the case-record format's one model (the loader's own)


@pytest.mark.parametrize("name", SEED_FILES)
def test_reviewed_draft_loads_with_the_case_record_builder(name: str, tmp_path: Path) -> None:
    """The draft as written (review fields dropped) passes the loader's own checks: places resolve,
    relations fit the ontology, every evidence quote is found in the report."""
    from tongxin.errors import InvalidData
    from tongxin.loaders.caserecord import build_case_record
    d = draft_of(name)
    path = write_yaml(d, tmp_path / f"{name}.yaml", review_fields=False)
    try:
        _, nodes, edges, _ = build_case_record(path, resolver=national_resolver(), reports_dirs=[SEEDS])
    except InvalidData as exc:
        pytest.fail("\n".join(str(p) for p in exc.problems))
    assert nodes and edges


def test_evidence_is_verbatim() -> None:
    for name in SEED_FILES:
        d = draft_of(name)
        original = (SEEDS / name).read_text(encoding="utf-8")
        for item in [*d.relations, *d.claims]:
            m = item.mentions[0]
            assert original[m.start:m.end].strip() == m.text.strip()
            if "(" not in m.text:
                assert item.evidence in original, item.evidence


# ------------------------------------------------------------------------------------ what is found


def test_loudi_entities_roles_and_sites() -> None:
    d = draft_of("000_bf7e8332bb8f5b42.txt")
    assert d.source["publisher"] == "三湘统战网" and d.source["date"] == "2021-05-26"
    assert d.context == ["湖南省", "娄底市"]
    zhongyang = entity(d, "中阳村", "Place")
    assert zhongyang.code == "431302007207"
    assert entity(d, "东园村", "Place").code == "431382107259"
    assert entity(d, "大埠桥街道").aliases == ["大埠桥办事处"]
    ufwd = entity(d, "娄底市委统战部", "UnitedFrontDept")
    assert "市委统战部" in ufwd.aliases and ufwd.place == entity(d, "娄底市").ref
    lei = entity(d, "雷绍业", "Person")
    original = (SEEDS / "000_bf7e8332bb8f5b42.txt").read_text(encoding="utf-8")
    m = lei.mentions[0]
    assert original[m.start:m.end] == "雷绍业" and original[m.start - 4:m.start] == "统战部长"
    assert relation(d, "HOLDS_ROLE", "雷绍业", "娄底市委统战部").props["title"] == "统战部长"
    assert relation(d, "HOLDS_ROLE", "王美成", "娄底市委统战部").props["title"] == "常务副部长"
    assert relation(d, "HOLDS_ROLE", "谢阳建", "街心社区").props["title"] == "支书"
    assert relation(d, "HOLDS_ROLE", "崔永平", "湖南省委统战部").props["title"] == "副部长"
    site = relation(d, "SITE_OF", "中阳村", "同心乡村")
    assert site.props["level"] == "市级"
    assert "中阳村" in site.evidence and "同心乡村" in site.evidence
    relation(d, "SITE_OF", "东园村", "同心乡村")
    relation(d, "SITE_OF", "娄商大厦", "同心园区")
    entity(d, "同心·青少年心理教育室", "Site")  # repaired from 同心?青少年心理教育室
    entity(d, "娄底市人和仁律师事务所", "Enterprise")
    assert {"四同创建", "同心园区", "同心项目", "同心社区", "同心乡村"} <= {e.name for e in d.entities
                                                                   if e.kind == "Program"}
    names = {e.name for e in d.entities}
    assert "李静" not in names  # the byline is metadata


def test_anhui_traditional_report() -> None:
    d = draft_of("001_c62b255271628773.txt")
    assert d.context == ["安徽省"]  # sixteen cities: no city of its own
    original = (SEEDS / "001_c62b255271628773.txt").read_text(encoding="utf-8")
    fuyang = entity(d, "阜阳市", "Place")
    assert fuyang.mentions[0].text == "阜陽市" == original[fuyang.mentions[0].start:fuyang.mentions[0].end]
    party = entity(d, "党派+社区", "Program")
    assert any(m.text == "黨派+社區" for m in party.mentions)
    assert entity(d, "华强社区").code == "340207004006"
    relation(d, "SITE_OF", "华强社区", "民族团结进步创建")
    lu_an = entity(d, "六安市")
    claim = next(c for c in d.claims if c.about == lu_an.ref and c.count == 13)
    assert (claim.total, claim.subject, claim.relation) == (29, "DemocraticParty", "PAIRED_WITH")
    bozhou = entity(d, "亳州市")
    claim = next(c for c in d.claims if c.about == bozhou.ref and c.count == 412)
    assert claim.subject == "Enterprise" and claim.program == entity(d, "万企兴万村").ref
    assert "412" in claim.evidence


def test_shiyan_claims_without_a_named_city() -> None:
    d = draft_of("002_5e7db2f0417c1812.txt")
    shiyan = entity(d, "十堰市", "Place")
    got = {(c.count, c.subject) for c in d.claims if c.about == shiyan.ref}
    assert {(500, "Enterprise"), (120, "Village"), (72, "Site")} <= got, got
    c500 = next(c for c in d.claims if c.count == 500)
    assert c500.relation == "PARTICIPATES_IN" and c500.program == entity(d, "万企兴万村").ref


def test_luzhou_money_roles_and_places() -> None:
    d = draft_of("003_07166101f739d646.txt")
    donation = relation(d, "DONATES_TO", "靳太均", "红岩村")
    assert donation.props["amount"] == 1_200_000 and donation.props["currency"] == "CNY"
    assert entity(d, "红岩村").code == "510524100233"
    assert relation(d, "INVESTS_IN", "邹建平", "桐心院子").props["amount"] == 280_000_000
    assert relation(d, "HOLDS_ROLE", "王浪伏", "泸县乡村振兴乡贤联谊会").props["title"] == "副会长"
    relation(d, "HOLDS_ROLE", "王浪伏", "泸州金奇易户外用品有限公司")
    relation(d, "LOCATED_IN", "泸州金奇易户外用品有限公司", "太伏镇")
    assert entity(d, "龙马潭区").aliases == ["龙马潭"]
    assert entity(d, "叙永县").code == "510524"


def test_yantan_associations() -> None:
    d = draft_of("004_9d336da81d19600a.txt")
    assert relation(d, "HOLDS_ROLE", "张嘉骊", "沿滩区新联会").props["title"] == "会长"
    for name in ("沿滩高新技术产业园区新联会", "兴隆镇新联会", "沿滩区网络人士联谊会", "桐梓县委党校"):
        entity(d, name)
    park = entity(d, "沿滩高新技术产业园区", "Park")
    assert park.place == entity(d, "沿滩区").ref
    lgroup = entity(d, "沿滩区委统一战线工作领导小组")
    assert "区委统战工作领导小组" in lgroup.aliases  # 统一战线 ≡ 统战


# ---------------------------------------------------------------------------------- API behaviour


def test_extract_from_text_and_without_places() -> None:
    text = "今年,某县委统战部组织开展“同心助学”活动,县工商联会长李明介绍了情况。"
    d = extract_report(text, file_name="x.txt", backend=None)
    assert d.source["file"] == "x.txt"
    assert any(e.kind == "Program" and e.name == "同心助学" for e in d.entities)
    assert any(e.name == "李明" for e in d.entities)
    assert d.info["warnings"]  # says that places were not looked for
    assert not any(e.kind == "Place" for e in d.entities)


def test_named_pairing_and_donation_in_plain_sentences() -> None:
    text = (
        "湖南省娄底市涟源市杨市镇东园村与娄底市人和仁律师事务所结对共建。\n"
        "民营企业家王强捐赠50万元新建东园村党群服务中心。"
    )
    d = extract_report(text)
    pair = relation(d, "PAIRED_WITH", "娄底市人和仁律师事务所", "东园村")
    assert pair.evidence.startswith("湖南省娄底市")
    gift = relation(d, "DONATES_TO", "王强", "东园村")
    assert gift.props["amount"] == 500_000


def test_amounts_in_yuan() -> None:
    assert parse_amount("120万元") == 1_200_000
    assert parse_amount("2.8亿元") == 280_000_000
    assert parse_amount("84.5亿元") == 8_450_000_000
    assert parse_amount("3000元") == 3000


def test_yaml_round_trip_and_determinism(tmp_path: Path) -> None:
    path = SEEDS / SEED_FILES[0]
    a = write_yaml(extract_report(path), tmp_path / "a.yaml")
    b = write_yaml(extract_report(path), tmp_path / "b.yaml")
    assert a.read_text(encoding="utf-8") == b.read_text(encoding="utf-8")
    data = yaml.safe_load(a.read_text(encoding="utf-8"))
    assert data == extract_report(path).to_case_record()  # loadable as written: no review-only fields
    c = write_yaml(extract_report(path), tmp_path / "c.yaml", review_fields=True)
    assert yaml.safe_load(c.read_text(encoding="utf-8")) == extract_report(path).to_dict()
    assert isinstance(data["source"]["date"], str)  # quoted, not read back as a date


def test_summary_mentions_counts() -> None:
    d = draft_of(SEED_FILES[3])
    text = d.summary()
    assert "泸州" in text and "entities" in text and "relations" in text and "claims" in text


def test_a_long_report_extracts_in_under_a_second() -> None:
    """~10,000 characters after the one-time initialisation (jieba, place index, resolver)."""
    parts = [(SEEDS / n).read_text(encoding="utf-8") for n in SEED_FILES]
    text = "\n".join(parts)[:10_000]
    warm_up()
    t = time.perf_counter()
    d = extract_report(text)
    seconds = time.perf_counter() - t
    assert seconds < 1.0, (seconds, d.info["timing"])
    assert len(d.entities) > 50


def test_spans_of_finds_a_word_as_finditer_of_the_escaped_word_would() -> None:
    import re

    from tongxin.extract.text import spans_of

    for text, word in (("储良村和储良村", "储良村"), ("啊啊啊", "啊啊"), ("a+b a+b", "a+b"), ("储良村", "")):
        expected = [m.span() for m in re.finditer(re.escape(word), text)] if word else []
        assert list(spans_of(text, word)) == expected
