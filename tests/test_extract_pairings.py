"""Pairings and coverage claims from sentences written for these tests (real place names of 高州市 so
that the places resolve; organisations and wording made up). Every relation must carry its sentence.
These are the verb frames' tests: the learned pairings (tests/test_extract_pairmodel.py) are left out."""

from __future__ import annotations

from typing import Any

import pytest

from tests.conftest import EXTRACT_HEAD as HEAD
from tongxin.extract import DraftRecord, extract_report


@pytest.fixture(scope="module")
def run(run_frames: Any) -> Any:
    return run_frames


def pairs(d: DraftRecord) -> set[tuple[str, str]]:
    name = {e.ref: e.name for e in d.entities}
    return {(name[r.from_], name[r.to]) for r in d.relations if r.type == "PAIRED_WITH"}


def test_enumerated_clauses_with_bare_verb(run: Any) -> None:
    s = "经商讨确定：高州市总商会帮扶分界镇储良村，海南省高州商会帮扶谢鸡镇民胜村。"
    d = run(s)
    assert pairs(d) == {("高州市总商会", "储良村"), ("海南省高州商会", "民胜村")}
    for r in d.relations:
        assert r.evidence == s and r.mentions and r.mentions[0].text == s


def test_enumerated_pairs_before_one_verb(run: Any) -> None:
    d = run("分界镇商会与分界镇储良村、谢鸡镇商会与谢鸡镇民胜村结成帮扶对子。")
    assert pairs(d) == {("分界镇商会", "储良村"), ("谢鸡镇商会", "民胜村")}


def test_respectively_pairs_in_order(run: Any) -> None:
    d = run("高州市荔香农业有限公司、高州市果丰贸易有限公司分别与分界镇储良村、谢鸡镇民胜村签订结对协议。")
    assert pairs(d) == {("高州市荔香农业有限公司", "储良村"), ("高州市果丰贸易有限公司", "民胜村")}


def test_one_party_respectively_with_a_list(run: Any) -> None:
    d = run("高州市总商会分别与储良村、民胜村签订帮扶协议。")
    assert pairs(d) == {("高州市总商会", "储良村"), ("高州市总商会", "民胜村")}


def test_bare_verb_needs_adjacent_names(run: Any) -> None:
    d = run("高州市总商会积极参与帮扶工作，储良村面貌一新。")
    assert pairs(d) == set()


def test_a_bare_count_is_no_claim(run: Any) -> None:
    d = run("储良村种植荔枝320亩，村里有老人12名。")
    assert {c.count for c in d.claims if c.what is None} <= {12}
    d = run("会上12名代表发言。")
    assert [(c.subject, c.relation, c.what) for c in d.claims] == [(None, None, "代表")]  # a figure, for review


def test_pairing_without_false_staff_claim(run: Any) -> None:
    d = run("市委统战部结对帮扶分界镇储良村，先后派出4名干部驻村。")
    assert pairs(d) == {("高州市委统战部", "储良村")}
    assert all(c.count != 4 for c in d.claims if c.what is None)  # 4名干部: a figure of 干部 only


@pytest.mark.parametrize(("sentence", "counts"), [
    ("全市300家民营企业与250个村庄结成帮扶共同体。", {("Enterprise", 300), ("Village", 250)}),
    ("全市120个行政村聘任了131名名誉村主任，覆盖率45.2%。", {("Village", 120), ("Person", 131)}),
    ("高州市11个商会分别与12个被帮扶行政村签约。", {("Association", 11), ("Village", 12)}),
    ("市工商联协调24家三甲医院医务志愿者开展义诊。", {("GovernmentBody", 24)}),
    ("今年开展帮扶项目11个，惠及储良村86户农户。", {("Program", 11), ("Person", 86)}),
    ("高州市确定第一批20个试点村。", {("Village", 20)}),
])
def test_coverage_claims_in_other_words(run: Any, sentence: str, counts: set[tuple[str, int]]) -> None:
    d = run(sentence)
    assert {(c.subject, c.count) for c in d.claims} >= counts
    for c in d.claims:
        assert sentence.rstrip("。") in c.evidence


@pytest.mark.parametrize("sentence", [
    "昌成建设公司是高州市建筑业协会常务理事单位，在协会中发挥作用。",  # 理事 + 单位 (a noun)
    "该镇党委主要负责同志和镇村干部代表参加了活动。",  # 干部 + 代表
    "为储良小学师生捐款捐物。",  # 师生 (jieba: a name)
])
def test_a_common_two_character_word_is_no_name(run: Any, sentence: str) -> None:
    assert not [e.name for e in run(sentence).entities if e.kind == "Person"]


@pytest.mark.parametrize(("sentence", "person"), [
    ("储良村村监会主任周建和等参加。", "周建和"),          # 和 before 等 is part of the name
    ("统战部副部长俞建国及相关科室负责人参加。", "俞建国"),    # 及 is not
    ("李建华，民革党员，长期帮扶储良村。", "李建华"),          # no title: a membership after the name
    ("储良村党总支书记刘建明向来宾介绍情况。", "刘建明"),      # 支书 and 书记 overlap in the title
    # jieba read the name's last character with 和 as a county (李展/健/和县) …
    ("县住建局副局长李展健和县人民医院副院长雷鸣出席。", "李展健"),
    # … and glued it to 说 closing a quote (黄祥/正说。)
    ("“这是好事。”中国银行高州支行副行长黄祥正说。", "黄祥正"),
    # rarer surnames after a title (计, 赫, 殳, 野, 战)
    ("储良村村书记计亚娟指着河道介绍。", "计亚娟"),
    ("省脑科医院支社主委野向春、副主委马晓亮走访贫困户。", "野向春"),
    # a name listed after a titled one, its given name a word (自强), closed by 以及
    ("民革高州市委会副主委赵绍杰、李自强以及统战部有关同志参加。", "李自强"),
    # a title's last character glued to the surname (统战部/长安/旺), the name closed by 就
    ("听取高州市委常委、统战部长安旺就区情所作的介绍。", "安旺"),
    # people named by their part in the event (发起人, 创办人)
    ("本次活动发起人万贤芳祖籍储良村。", "万贤芳"),
])
def test_person_name_boundaries(run: Any, sentence: str, person: str) -> None:
    d = run(sentence)
    people = {e.name for e in d.entities if e.kind == "Person"}
    assert person in people, people
    assert not any(p != person and (p.startswith(person) or person.startswith(p)) for p in people), people


def test_program_and_count_phrases_are_not_places(run: Any) -> None:
    d = run("全市9个街道乡(园区)开展千企结千村活动。")
    places = {e.name for e in d.entities if e.kind == "Place"}
    assert not places & {"园区", "结千村", "千村"}, places


@pytest.mark.parametrize(("sentence", "pair"), [
    ("民盟高州市委会第一支部与山美街道官杨村村民委员会举行结对共建签约仪式。", ("民盟高州市委会第一支部", "官杨村")),
    ("民革高州市直二支部与储良村结对。", ("民革高州市直二支部", "储良村")),
])
def test_party_branch_signs_with_a_village(run: Any, sentence: str, pair: tuple[str, str]) -> None:
    d = run(sentence)
    assert pair in pairs(d)
    assert any(e.kind == "DemocraticParty" and e.name == pair[0] for e in d.entities)


# ---------------------------------------------------------------------------------- issue 22, round 2

def test_base_set_up_in_a_village_pairs_the_body_opening_the_sentence(run: Any) -> None:
    s = "为落实会议精神，民盟高州市委会充分整合资源，通过在分界镇储良村建立“科技帮扶基地”，构建长期帮扶关系。"
    d = run(s)
    assert ("民盟高州市委会", "储良村") in pairs(d)
    rel = next(r for r in d.relations if r.type == "PAIRED_WITH")
    assert rel.evidence == s


def test_opening_a_base_in_a_village_pairs(run: Any) -> None:
    d = run("民建高州市委在分界镇储良村举行“同心服务站”揭牌仪式。")
    assert ("民建高州市委", "储良村") in pairs(d)


def test_a_meeting_in_a_village_is_no_pairing(run: Any) -> None:
    d = run("民建高州市委在分界镇储良村举行座谈会。")
    assert pairs(d) == set()


def test_a_visit_to_help_a_place_pairs(run: Any) -> None:
    d = run("民进中央主席某某率队到高州市分界镇推进定点帮扶工作。")
    assert ("民进中央", "分界镇") in pairs(d)


def test_a_visit_without_help_is_no_pairing(run: Any) -> None:
    d = run("民进中央一行到高州市分界镇考察荔枝产业。")
    assert pairs(d) == set()


def test_short_form_of_a_party_committee_and_a_gap_before_the_verb(run: Any) -> None:
    d = run("致公党广东省委会副主委吴某介绍了省委会10年来对口分界镇帮扶助推高州的经验。")
    assert ("致公党广东省委会", "分界镇") in pairs(d)
    rel = next(r for r in d.relations if r.type == "PAIRED_WITH")
    assert rel.review  # the short form is read as the body named before: a reviewer confirms


def test_a_party_committees_association_signs(run: Any) -> None:
    d = run("民盟广东省委会新联会与高州市分界镇签署了战略合作协议。")
    assert ("民盟广东省委会新联会", "分界镇") in pairs(d)
    kinds = {e.name: e.kind for e in d.entities}
    assert kinds["民盟广东省委会新联会"] == "Association"


@pytest.mark.parametrize(("sentence", "org", "kind", "post_of"), [
    ("民进中央副主席王某出席。", "民进中央", "DemocraticParty", "民进中央"),
    ("民进内蒙古区委会主委孙某出席。", "民进内蒙古区委会", "DemocraticParty", "民进内蒙古区委会"),
    ("分界镇党委书记陈某表示感谢。", "分界镇党委", "PartyCommittee", "分界镇党委"),
    # a village's own body: the post is the village's (who leads it), the body still found
    ("储良村党总支书记李某说。", "储良村党总支", "PartyCommittee", "储良村"),
    ("高州市委组织部副部长杨某介绍。", "高州市委组织部", "GovernmentBody", "高州市委组织部"),
    ("储良村村委会主任高某介绍。", "储良村村委会", "GovernmentBody", "储良村"),
    ("高州市乡贤联谊总会会长黄某讲话。", "高州市乡贤联谊总会", "Association", "高州市乡贤联谊总会"),
])
def test_bodies_named_by_place_and_kind(run: Any, sentence: str, org: str, kind: str, post_of: str) -> None:
    d = run(sentence)
    found = {e.name: e.kind for e in d.entities}
    assert found.get(org) == kind
    person = next(e for e in d.entities if e.kind == "Person")
    name = {e.ref: e.name for e in d.entities}
    assert (person.name, post_of) in {(name[r.from_], name[r.to]) for r in d.relations if r.type == "HOLDS_ROLE"}


def test_a_township_government_signs_for_its_township(run: Any) -> None:
    d = run("分界镇人民政府与民盟广东省委会新联会签订了战略合作协议。")
    assert pairs(d) == {("民盟广东省委会新联会", "分界镇")}


def test_a_short_form_defined_in_brackets_is_the_same_body(run: Any) -> None:
    d = run("高州市同心共富公益基金会(以下简称“同心共富基金会”)成立。分界镇人民政府与同心共富基金会签约。")
    orgs = [e for e in d.entities if e.kind == "SocialOrganisation"]
    assert [o.name for o in orgs] == ["高州市同心共富公益基金会"]
    assert "同心共富基金会" in orgs[0].aliases
    # 同 inside the name is no conjunction
    assert pairs(d) == {("高州市同心共富公益基金会", "分界镇")}


@pytest.mark.parametrize(("sentence", "program"), [
    ("民建高州市委在储良村建立“同心科技帮扶基地”。", "同心科技帮扶基地"),
    ("农工党高州市委倾力打造“同心”品牌。", "同心"),
    ("民盟高州市委制定了“一帮一”结对子帮扶方案。", "一帮一"),
    ("基金会推动姊妹项目“健康好乡村”落地。", "健康好乡村"),
    ("“同心·福见十年”主题活动在高州举办。", "同心·福见十年"),
    # a campaign named by its call (发出“…”的倡议)
    ("民进高州市委会向全体会员发出“同心救灾献爱心”的倡议。", "同心救灾献爱心"),
    # a known program opening a longer quote
    ("高州市商会积极参与“万企兴万村助力消费帮扶”行动。", "万企兴万村"),
])
def test_named_programs(run: Any, sentence: str, program: str) -> None:
    d = run(sentence)
    assert program in {e.name for e in d.entities if e.kind == "Program"}
    assert program not in {e.name for e in d.entities if e.kind == "Site"}


def test_a_slogan_with_a_dot_is_no_program(run: Any) -> None:
    d = run("在“荔乡风情·好心高州”荔枝文化节开幕式上，各商会签约。")
    assert not [e for e in d.entities if e.kind == "Program"]


def test_a_bare_party_beside_its_committee_is_no_body(run: Any) -> None:
    d = run("九三学社是参政党。九三学社高州市委员会在储良村开展活动，九三学社高州市委主委某某出席。")
    parties = {e.name for e in d.entities if e.kind == "DemocraticParty"}
    assert parties == {"九三学社高州市委"}


@pytest.mark.parametrize("sentence", [
    "储良村是民盟高州市委会的结对帮扶村。",
    "高州市荔香农业有限公司对接分界镇储良村，发展荔枝深加工。",
    "民盟高州市委会帮扶的储良村今年脱贫。",
])
def test_more_ways_of_saying_a_pairing(run: Any, sentence: str) -> None:
    d = run(sentence)
    assert len(pairs(d)) == 1
    (a, b), = pairs(d)
    assert b == "储良村" and a in ("民盟高州市委会", "高州市荔香农业有限公司")


def test_a_square_or_a_class_of_hospital_is_no_organisation(run: Any) -> None:
    d = run("民建高州市委与储良村在荔香花园广场举行共建仪式，协调24家首都三甲医院开展义诊。")
    orgs = {e.name for e in d.entities if e.kind not in ("Place", "Person", "Program")}
    assert orgs == {"民建高州市委"}
    assert ("民建高州市委", "储良村") in pairs(d)


# ------------------------------------------------------------------- issue 22, pairings (extract/pairings.py)

def rels(d: DraftRecord, type_: str) -> dict[tuple[str, str], Any]:
    name = {e.ref: e.name for e in d.entities}
    return {(name[r.from_], name[r.to]): r for r in d.relations if r.type == type_}


@pytest.mark.parametrize(("sentence", "pair"), [
    ("高州市荔香农业有限公司与分界镇储良村签订结对帮扶协议。", ("高州市荔香农业有限公司", "储良村")),
    ("高州市总商会对口帮扶分界镇储良村。", ("高州市总商会", "储良村")),
    ("高州市总商会定点帮扶分界镇储良村。", ("高州市总商会", "储良村")),
    ("高州市总商会与分界镇储良村结成帮扶对子。", ("高州市总商会", "储良村")),
    ("高州市总商会与储良村开展结对共建。", ("高州市总商会", "储良村")),
    ("高州市总商会对储良村开展定点帮扶。", ("高州市总商会", "储良村")),
])
def test_pairing_verb_frames(run: Any, sentence: str, pair: tuple[str, str]) -> None:
    d = run(sentence)
    assert pairs(d) == {pair}
    rel = rels(d, "PAIRED_WITH")[pair]
    assert rel.evidence == sentence and not rel.review and rel.confidence >= 0.7


def test_a_residents_committee_signs_for_its_community(run: Any) -> None:
    # the street before the community qualifies it: the pairing is with the community
    d = run("民盟高州市委会第二支部与潘州街道城东社区居民委员会举行结对共建签约仪式。")
    assert pairs(d) == {("民盟高州市委会第二支部", "城东社区")}


def test_two_parties_listed_before_a_signing(run: Any) -> None:
    d = run("高州市荔香农业有限公司、分界镇储良村签约。")
    assert pairs(d) == {("高州市荔香农业有限公司", "储良村")}


@pytest.mark.parametrize("sentence", [
    "高州市荔香农业有限公司、高州市果丰贸易有限公司结对帮扶分界镇储良村。",
    "高州市荔香农业有限公司和高州市果丰贸易有限公司帮扶分界镇储良村。",
])
def test_several_subjects_with_one_verb(run: Any, sentence: str) -> None:
    d = run(sentence)
    assert pairs(d) == {("高州市荔香农业有限公司", "储良村"), ("高州市果丰贸易有限公司", "储良村")}


def test_three_enumerated_pairs_ending_with_etc(run: Any) -> None:
    d = run("分界镇商会与分界镇储良村、谢鸡镇商会与谢鸡镇民胜村、根子镇商会与根子镇柏桥村等结成帮扶对子。")
    assert pairs(d) == {("分界镇商会", "储良村"), ("谢鸡镇商会", "民胜村"), ("根子镇商会", "柏桥村")}


def test_subject_carried_from_the_clause_before(run: Any) -> None:
    d = run("高州市总商会成立于2010年，积极帮扶分界镇储良村。")
    rel = rels(d, "PAIRED_WITH")[("高州市总商会", "储良村")]
    assert rel.review and "carried" in (rel.review_note or "")


def test_no_subject_carried_when_two_bodies_open_clauses(run: Any) -> None:
    d = run("高州市总商会召开年会，高州市荔香农业有限公司发言，积极帮扶分界镇储良村。")
    assert pairs(d) == set()


def test_a_short_form_of_the_chamber_in_the_next_sentence(run: Any) -> None:
    d = run("高州市总商会成立于2010年。该商会积极帮扶分界镇储良村。")
    rel = rels(d, "PAIRED_WITH")[("高州市总商会", "储良村")]
    assert rel.review and rel.evidence == "该商会积极帮扶分界镇储良村。"


@pytest.mark.parametrize(("sentence", "reviewed"), [
    ("储良村被确定为高州市总商会定点帮扶村。", False),
    ("储良村成为高州市总商会的结对共建村。", False),
    ("储良村由高州市总商会结对帮扶。", False),
    ("储良村由高州市总商会帮扶。", False),
    ("高州市总商会于2019年把储良村确定为帮扶联系点。", False),
    ("储良村地处山区。高州市总商会积极响应号召，于2019年把该村定为帮扶联系点。", True),
])
def test_a_place_named_as_a_bodys_paired_place(run: Any, sentence: str, reviewed: bool) -> None:
    d = run(sentence)
    assert pairs(d) == {("高州市总商会", "储良村")}
    assert rels(d, "PAIRED_WITH")[("高州市总商会", "储良村")].review == reviewed


@pytest.mark.parametrize(("sentence", "pair"), [
    # a school designated by name, the places before it saying where it is
    ("民盟高州市委将分界镇储良小学确定为长期教育扶贫点。", ("民盟高州市委", "分界镇储良小学")),
    # a trip to the body's paired village, named by its kind first
    ("高州市总商会组织会员企业赴包扶村分界镇储良村开展慰问活动。", ("高州市总商会", "储良村")),
    ("高州市政协主席王某前往包保村分界镇储良村调研督导扶贫工作。", ("高州市政协", "储良村")),
    # a trip to a body's poverty-aid point, named after the body
    ("高州市社会组织前往高州市民政局扶贫点分界镇储良村开展调研。", ("高州市民政局", "储良村")),
    # the place named by its kind after a verb: the subject's
    ("高州市工商联整合资源，为推动帮扶点分界镇储良村脱贫摘帽做出了努力。", ("高州市工商联", "储良村")),
])
def test_a_designated_body_and_a_trip_to_the_paired_village(run_frames: Any, sentence: str,
                                                            pair: tuple[str, str]) -> None:
    assert pairs(run_frames(sentence)) == {pair}


def test_a_village_made_the_poverty_aid_village_a_body_takes_charge_of(run_frames: Any) -> None:
    # 包抓村 (Shaanxi's word for a village a body takes charge of); 政协机关, the council's own offices
    d = run_frames("去年，分界镇储良村被定为高州市政协机关的扶贫包抓村。")
    assert pairs(d) == {("高州市政协机关", "储良村")}


def test_a_trip_to_the_paired_villages_pairs_every_village_listed(run_frames: Any) -> None:
    d = run_frames("高州市工商联深入联点帮扶村分界镇储良村、谢鸡镇民胜村开展慰问活动。")
    assert pairs(d) == {("高州市工商联", "储良村"), ("高州市工商联", "民胜村")}


def test_a_place_before_a_surname_and_a_post_names_a_person_not_a_partner(run: Any) -> None:
    # 储良村李书记: the village's secretary, named by surname and post, speaks with 王某; no tie is said
    d = run("高州市委统战部副部长王某明和储良村李书记介绍了储良村的情况及两轮合作发展的成果。")
    assert pairs(d) == set()


def test_a_signing_between_two_bodies_needs_a_pairing_word(run: Any) -> None:
    d = run("高州市工商联和高州市农村商业银行签署金融服务战略合作协议。")
    assert pairs(d) == set()
    d = run("民盟高州市委会第二支部与城东社区党委签订结对共建协议。")
    assert pairs(d) == {("民盟高州市委会第二支部", "城东社区党委"), ("民盟高州市委会第二支部", "城东社区")}


@pytest.mark.parametrize("sentence", [
    "高州市总商会走进分界镇储良村开展慰问活动。",       # a visit is no pairing
    "高州市总商会对储良村的发展很重视。",
    "高州市总商会在分界镇储良村召开座谈会，谢鸡镇商会参加。",
])
def test_no_pairing_without_a_pairing_frame(run: Any, sentence: str) -> None:
    assert pairs(run(sentence)) == set()


def test_a_base_set_up_in_a_village_named_once_in_a_chain(run: Any) -> None:
    d = run("九三学社高州市委赴分界镇储良村开展科技下乡活动。为促进增收，九三学社高州市委决定在储良村设立乡村振兴服务基地。")
    assert pairs(d) == {("九三学社高州市委", "储良村")}


@pytest.mark.parametrize(("sentence", "pair"), [
    ("高州市政协副主席张建国挂点联系分界镇储良村。", ("张建国", "储良村")),
    ("高州市总商会挂点储良村。", ("高州市总商会", "储良村")),
])
def test_liaisons_next_to_the_verb(run: Any, sentence: str, pair: tuple[str, str]) -> None:
    d = run(sentence)
    assert set(rels(d, "LIAISON_FOR")) == {pair}


def test_a_liaison_needs_both_ends_next_to_the_verb(run: Any) -> None:
    d = run("高州市总商会召开会议，研究加强与储良村的联系。")
    assert rels(d, "LIAISON_FOR") == {}


def test_a_gift_by_the_company_named_before_by_its_kind(run: Any) -> None:
    d = run("高州市荔香农业有限公司负责人出席仪式。现场，该公司为分界镇储良村捐款20万元。")
    gifts = rels(d, "DONATES_TO")
    assert set(gifts) == {("高州市荔香农业有限公司", "储良村")}
    assert gifts[("高州市荔香农业有限公司", "储良村")].review_note == "“该公司” read as 高州市荔香农业有限公司"


def test_a_second_gift_by_the_body_a_person_represents(run: Any) -> None:
    # 甲代表B向X捐赠…，向Y捐赠…: B gives in the second clause too, not the person who speaks for it
    d = run("高州市总商会会长李明出席仪式。李明代表高州市总商会向分界镇储良村捐赠5万元，向谢鸡镇民胜村捐赠3万元。")
    gifts = rels(d, "DONATES_TO")
    assert set(gifts) == {("高州市总商会", "储良村"), ("高州市总商会", "民胜村")}
    assert "carried" in (gifts[("高州市总商会", "民胜村")].review_note or "")


def test_a_gift_to_a_village_facility(run: Any) -> None:
    d = run("高州市总商会近年来向储良村文化室捐赠了价值3万元的图书。")
    gifts = rels(d, "DONATES_TO")
    assert set(gifts) == {("高州市总商会", "储良村")}
    assert gifts[("高州市总商会", "储良村")].props["amount"] == 30000


def test_firms_listed_before_their_kind_give_to_the_school_named_after_xiang(run: Any) -> None:
    """A、B等企业向(某镇)C学校捐赠…善款共N元: the listed firms give, to the school (not the school to itself);
    what the money is for may stand before it, and a sum given together is no one firm's (left out, said)."""
    d = run("高州市荔香农业有限公司、高州市绿源农业有限公司等企业向根子镇柏桥村小学捐赠饮用水源建设善款共15000元。")
    gifts = rels(d, "DONATES_TO")
    assert set(gifts) == {("高州市荔香农业有限公司", "柏桥村小学"), ("高州市绿源农业有限公司", "柏桥村小学")}, gifts
    for gift in gifts.values():
        assert "amount" not in gift.props and "given together" in (gift.review_note or ""), gift
    d = run("高州市荔香农业有限公司等企业向根子镇柏桥村小学捐赠善款15000元。")
    gifts = rels(d, "DONATES_TO")
    assert set(gifts) == {("高州市荔香农业有限公司", "柏桥村小学")}, gifts
    assert gifts[("高州市荔香农业有限公司", "柏桥村小学")].props["amount"] == 15000


def test_a_team_stationed_in_a_place_is_paired_with_it(run: Any) -> None:
    """X驻Y村扶贫工作队: the team (one, however it is worded) and the body that sent it are paired with Y; a
    city's team is the team's alone."""
    d = run("高州市分界镇储良村。民革茂名市委会为储良村捐款。民革茂名市委会驻储良村扶贫工作队为村民修路。"
            "民革茂名市委会驻分界镇储良村工作队队长张某讲话。")
    teams = [e.name for e in d.entities if e.name.endswith("工作队")]
    assert teams == ["民革茂名市委会驻储良村扶贫工作队"], teams
    assert {("民革茂名市委会驻储良村扶贫工作队", "储良村"), ("民革茂名市委会", "储良村")} <= pairs(d), pairs(d)
    d = run("咸宁市驻崇阳县塔坳村精准扶贫工作队出席捐赠仪式。")
    assert pairs(d) == {("咸宁市驻崇阳县塔坳村精准扶贫工作队", "塔坳村")}


@pytest.mark.parametrize("own", ["我市", "本市"])
def test_a_gift_to_a_place_of_the_reports_own_area(run: Any, own: str) -> None:
    """X为我市某镇某小学捐赠: the report's own area (我市, 本市) before the receiver's name."""
    d = run(f"广东省高州市。高州市总商会为{own}分界镇黄岭中心小学捐赠资金20万元。")
    assert set(rels(d, "DONATES_TO")) == {("高州市总商会", "分界镇黄岭中心小学")}


def test_a_team_moving_into_a_village_is_paired_with_it(run: Any) -> None:
    # 驻村工作队进驻Y村: the team, whose name says no village, is stationed in the one the verb names
    d = run("农工党茂名市委会驻村工作队进驻分界镇储良村。")
    assert pairs(d) == {("农工党茂名市委会驻村工作队", "储良村"), ("农工党茂名市委会", "储良村")}
    # the body the team's name names is an organisation of its own, paired through its team, for review
    body = next(r for r in d.relations if r.review_note and r.review_note.startswith("the body whose team"))
    assert "农工党茂名市委会驻村工作队" in body.review_note


def test_the_body_a_team_is_named_after_is_paired_through_it(run: Any) -> None:
    d = run("茂名市委统战部新农村建设工作队与分界镇储良村结对帮扶。")
    assert {"茂名市委统战部", "茂名市委统战部新农村建设工作队"} <= {e.name for e in d.entities}
    assert ("茂名市委统战部", "储良村") in pairs(d)


def test_an_investment_in_a_place_with_no_sum(run: Any) -> None:
    """X在Y村投资建设…: an investment in the place, with what it builds and no amount; with no place it is
    none."""
    d = run("高州市荔香农业有限公司在储良村投资建设荔枝基地。")
    inv = rels(d, "INVESTS_IN")
    assert set(inv) == {("高州市荔香农业有限公司", "储良村")} and "amount" not in inv[("高州市荔香农业有限公司", "储良村")].props
    assert rels(run("高州市荔香农业有限公司投资建设荔枝基地。"), "INVESTS_IN") == {}
    # the place written with its parents (在分界镇储良村), or right after the verb (投资建设Y村…项目)
    for s in ("高州市荔香农业有限公司在分界镇储良村投资建设荔枝基地。", "高州市荔香农业有限公司投资建设分界镇储良村荔枝基地项目。"):
        assert set(rels(run(s), "INVESTS_IN")) == {("高州市荔香农业有限公司", "储良村")}, s
    # (not the village whose people a plant employs)
    assert rels(run("高州市荔香农业有限公司投资建设储良村村民就业的荔枝加工厂。"), "INVESTS_IN") == {}


def test_gifts_respectively_pair_each_giver_with_its_receiver(run: Any) -> None:
    """A向X村、B向Y村分别捐赠 and A、B分别向X村、Y村捐赠: each giver to its own receiver; without 分别 every
    giver listed gives to every receiver listed."""
    want = {("高州市慈善会", "储良村"), ("高州市总商会", "石龙村")}
    assert set(rels(run("高州市慈善会向储良村、高州市总商会向石龙村分别捐赠慈善资金用于灾后重建。"), "DONATES_TO")) == want
    assert set(rels(run("高州市慈善会、高州市总商会分别向储良村、石龙村捐赠慈善资金。"), "DONATES_TO")) == want
    assert len(rels(run("高州市慈善会、高州市总商会向储良村、石龙村捐赠慈善资金。"), "DONATES_TO")) == 4


def test_a_gift_to_the_people_of_a_place_is_to_the_place(run: Any) -> None:
    assert set(rels(run("高州市总商会向分界镇储良村困难群众捐赠大米200袋。"), "DONATES_TO")) == {("高州市总商会", "储良村")}


@pytest.mark.parametrize("how", ["协调", "募集", "现场", "一次性"])
def test_a_gift_the_giver_arranged_or_gave_at_once_is_a_gift(run: Any, how: str) -> None:
    """X向Y协调捐赠…, X向Y现场捐赠…: a word on how the gift came between the receiver and the verb."""
    assert set(rels(run(f"高州市总商会向分界镇储良村{how}捐赠了一辆救护车。"), "DONATES_TO")) == {("高州市总商会", "储良村")}


def test_a_trip_that_organises_help_pairs_every_place_listed(run: Any) -> None:
    d = run("高州市工商联企业家代表20余人赴分界镇储良村和民胜村组织开展精准扶贫。")
    assert pairs(d) == {("高州市工商联", "储良村"), ("高州市工商联", "民胜村")}


@pytest.mark.parametrize(("sentence", "expected"), [
    # every body of the list with its place, whatever the count of sides says
    ("在揭牌仪式现场，高州市总商会、茂南区工商联、分界镇储良村三方正式签订合作协议。",
     {("高州市总商会", "储良村"), ("茂南区工商联", "储良村")}),
    ("高州市总商会、分界镇储良村双方签订了结对帮扶协议。", {("高州市总商会", "储良村")}),
    # a village's committee signs for its village, in the list as anywhere
    ("高州市总商会与分界镇储良村村民委员会、高州市荔香农业有限公司三方签订合作协议。",
     {("高州市总商会", "储良村"), ("高州市荔香农业有限公司", "储良村")}),
    # two bodies and no place: the two
    ("高州市总商会、茂南区工商联双方签订结对共建协议。", {("高州市总商会", "茂南区工商联")}),
])
def test_the_sides_listed_before_a_count_of_sides_and_a_signing(run: Any, sentence: str,
                                                                 expected: set[tuple[str, str]]) -> None:
    assert pairs(run(sentence)) == expected


@pytest.mark.parametrize(("sentence", "type_"), [
    ("储良村位于分界镇。在前期帮扶中，高州市总商会为该村捐献了4万元，用于修路。", "DONATES_TO"),
    ("储良村位于分界镇。高州市总商会对该村开展结对帮扶。", "PAIRED_WITH"),
])
def test_help_or_a_gift_for_the_village_just_named(run: Any, sentence: str, type_: str) -> None:
    got = rels(run(sentence), type_)
    assert set(got) == {("高州市总商会", "储良村")}
    assert got[("高州市总商会", "储良村")].review_note == "“该村” read as 储良村"


@pytest.mark.parametrize(("sentence", "type_", "amount"), [
    # the place a preposition names before the verb: 在Y投资, 为Y(…户)发放款物 (parents may stand between)
    ("高州市荔香农业有限公司在储良村投资20余万元修建冷库一座。", "INVESTS_IN", 200000),
    ("高州市果丰贸易有限公司在春节前为分界镇储良村9户贫困户发放款物7000余元。", "DONATES_TO", 7000),
])
def test_money_for_a_place_named_before_the_verb(run: Any, sentence: str, type_: str, amount: int) -> None:
    got = rels(run(sentence), type_)
    assert len(got) == 1
    (giver, place), r = next(iter(got.items()))
    assert place == "储良村" and giver.startswith("高州市") and r.props["amount"] == amount


def test_money_needs_the_preposition_before_the_place(run: Any) -> None:
    # a place before the verb that no 在/为/向/给 opens is not where the money goes
    d = run("高州市荔香农业有限公司帮助储良村投资20万元建设冷库。")
    assert ("高州市荔香农业有限公司", "储良村") not in rels(d, "INVESTS_IN")


def test_a_list_opening_the_sentence_gives_together(run: Any) -> None:
    d = run("本次活动中，高州市荔香农业有限公司、高州市果丰贸易有限公司和高州市爱康健康管理有限公司等企业踊跃报名，"
            "共向分界镇捐赠资金15万元。")
    gifts = rels(d, "DONATES_TO")
    assert set(gifts) == {(o, "分界镇") for o in ("高州市荔香农业有限公司", "高州市果丰贸易有限公司", "高州市爱康健康管理有限公司")}
    assert all(r.review for r in gifts.values())
    # other bodies open clauses of the sentence too: who gave is not said
    d = run("高州市荔香农业有限公司、高州市果丰贸易有限公司等企业报名，高州市青企协会响应，高州市总商会支持，"
            "共向分界镇捐赠资金15万元。")
    assert rels(d, "DONATES_TO") == {}
    # the list qualifies another subject (their staff): who gave is not a body named
    d = run("高州市荔香农业有限公司、高州市果丰贸易有限公司的员工踊跃报名，共向分界镇捐赠资金15万元。")
    assert rels(d, "DONATES_TO") == {}


def test_aid_and_a_concluded_tie(run: Any) -> None:
    d = run("高州市荔香农业有限公司援助分界镇。民建茂名茂南三支部与民进高州市委一支部缔结友好支部。")
    assert ("高州市荔香农业有限公司", "分界镇") in pairs(d)
    assert {tuple(sorted(p)) for p in pairs(d)} >= {tuple(sorted(("民建茂南三支部", "民进高州市委一支部")))}


@pytest.mark.parametrize(("sentence", "since"), [
    ("2015年，在各方协调下，储良村被确定为高州市总商会定点帮扶村。", "2015"),
    ("高州市总商会于2019年3月把储良村确定为帮扶联系点。", "2019-03"),
    ("高州市总商会自2011年以来结对帮扶储良村。", "2011"),
    ("高州市总商会结对帮扶储良村，2019年投入10万元。", None),   # a date in another clause
    ("高州市总商会10年来帮扶储良村。", None),                   # a duration is no date
])
def test_when_a_pairing_began(run: Any, sentence: str, since: str | None) -> None:
    d = run(sentence)
    rel = rels(d, "PAIRED_WITH")[("高州市总商会", "储良村")]
    assert rel.props.get("since") == since


@pytest.mark.parametrize(("sentence", "paired"), [
    ("高州市总商会到分界镇储良村开展结对帮扶活动。", True),
    ("高州市总商会到分界镇储良村调研帮扶工作。", False),     # a visit to look, not to help
    ("高州市总商会到分界镇储良村调研定点帮扶工作。", True),  # … at a tie the phrase names
    ("高州市总商会到分界镇储良村考察扶贫产业。", False),
    ("高州市总商会到分界镇储良村看望帮扶对象。", False),
    ("高州市总商会赴分界镇储良村联合开展春节慰问活动。", False),  # a visit of condolence
    ("高州市总商会到分界镇储良村开展社会服务活动。", True),
    ("高州市总商会组织专家深入分界镇储良村进行农技培训、医疗义诊。", True),  # help a body brings
    ("高州市总商会六月二日走进分界镇储良村及偏远地区开展爱心公益活动。", True),  # (and the places around it)
    ("高州市总商会赶赴分界镇储良村、大塘村等2个帮扶村，送去慰问品。", True),  # places named as its paired ones
    ("高州市总商会前往分界镇储良村开展“荔乡星火”重点项目“同心果园”扶贫调研。", True),  # quoted names: one word each
    ("高州市总商会赶赴分界镇储良村、大塘村等2个村，送去慰问品。", False),
])
def test_a_visit_pairs_only_when_it_does_the_helping(run: Any, sentence: str, paired: bool) -> None:
    assert (("高州市总商会", "储良村") in pairs(run(sentence))) == paired


def test_a_person_who_helps_or_stays_in_a_village_is_paired_with_it(run: Any) -> None:
    """民盟某支部主委赫某在Y村开展精准扶贫工作: the person named right before 在 helps, not the body of their
    post; 某某同志带队组成工作组驻扎在Y村，开展驻村帮扶工作: who goes to stay there to help."""
    d = run("高州市总商会会长李明在分界镇储良村开展精准扶贫工作时，看到村里的面貌。")
    assert pairs(d) == {("李明", "储良村")}
    d = run("高州市政协委员张华同志带队组成工作组驻扎在分界镇储良村，开展驻村帮扶工作。")
    assert pairs(d) == {("张华", "储良村")}
    assert pairs(run("高州市政协委员张华同志带队驻扎在分界镇储良村，开展疫情防控工作。")) == set()


def test_a_visit_to_a_prefecture_or_province_is_no_tie_with_it(run: Any) -> None:
    # 赴Y市开展帮扶活动: a trip of work to a region, not a tie with the whole prefecture (a county still is one)
    assert pairs(run("高州市总商会赴茂名市开展结对帮扶活动。")) == set()
    assert pairs(run("茂名市总商会赴高州市开展结对帮扶活动。")) == {("茂名市总商会", "高州市")}


def test_a_visit_to_help_a_county_whose_villages_the_report_names_is_no_tie_with_the_county(run: Any) -> None:
    # the help goes to the township or village the report names inside it (those frames pair them), not the county
    d = run("茂名市总商会赴高州市开展结对帮扶活动。商会会长走访了分界镇储良村。")
    assert ("茂名市总商会", "高州市") not in pairs(d)
    # a county named with nothing finer inside it stays the visitor's partner; so does a tie signed there
    assert pairs(run("茂名市总商会赴高州市开展结对帮扶活动。商会会长走访了化州市。")) == {("茂名市总商会", "高州市")}
    d = run("茂名市总商会来到高州市考察，并现场签订帮扶协议。商会会长走访了分界镇储良村。")
    assert ("茂名市总商会", "高州市") in pairs(d)


def test_a_visit_to_places_named_as_the_visitors_paired_ones_pairs_them(run: Any) -> None:
    # 赴结对帮扶的A村、B村调研: a visit of no help of its own, to places the phrase names as paired; when an officer
    # of a body leads it, the body is the partner
    d = run("12月24日，民盟高州市委专职副主委兼秘书长李明带队赴结对帮扶的分界镇储良村和民胜村进行了调研。")
    assert pairs(d) == {("民盟高州市委", "储良村"), ("民盟高州市委", "民胜村")}
    assert pairs(run("民盟高州市委赴其挂点联系的分界镇储良村开展慰问。")) == {("民盟高州市委", "储良村")}
    # a person who goes with no body named stays the partner
    assert pairs(run("乡贤李明赴结对帮扶的分界镇储良村进行了调研。")) == {("李明", "储良村")}
    assert pairs(run("民盟高州市委赴分界镇储良村进行了调研。")) == set()  # a visit only


def test_a_group_an_officer_leads_in_the_clause_before_a_visit_goes_for_the_officers_body(run: Any) -> None:
    d = run("9月7日，由高州市政协副主席、民盟高州市委主委李明带队一行14人，赴分界镇储良村开展送医下乡活动。")
    assert pairs(d) == {("民盟高州市委", "储良村")}
    # a clause that names no leader of a group gives no visitor
    d = run("9月7日，高州市政协副主席、民盟高州市委主委李明出席会议，赴分界镇储良村开展送医下乡活动。")
    assert ("民盟高州市委", "储良村") not in pairs(d)


def test_a_list_that_goes_to_give_gives_as_one(run: Any) -> None:
    d = run("高州市工商联组织高州市荔香商会、高州市果丰商会一行赴分界镇储良村开展捐赠活动。")
    assert set(rels(d, "DONATES_TO")) == {("高州市荔香商会", "储良村"), ("高州市果丰商会", "储良村")}
    assert pairs(d) == set()  # a gift, not a tie


@pytest.mark.parametrize(("sentence", "want", "note", "unsaid"), [
    # 甲深入到他的…联系点——Y村、Z村: the person's; others named 陪同 only go with them (two people named before it
    # and none going with the other: whose place it is stays unsaid)
    ("7月28日，高州市政协副主席李明在高州市政协委员王强、张伟的陪同下，深入到他的新农村帮扶联系点——分界镇储良村、大塘村调研。",
     {("李明", "储良村"), ("李明", "大塘村")}, "“他的” read as 李明",
     "高州市政协副主席李明、高州市政协委员王强深入到他的帮扶联系点——分界镇储良村调研。"),
    # A、B共同参与组建了Y镇乡村振兴帮扶集团: each member (a body formed in a place is no place's help group)
    ("高州市委统战部牵头，高州市税务局、高州市荔香农业有限公司共同参与组建了分界镇乡村振兴帮扶集团。",
     {("高州市税务局", "分界镇"), ("高州市荔香农业有限公司", "分界镇")}, "a member of the place's help group",
     "高州市总商会在分界镇组建了志愿服务队。"),
    # X考察团… 考察团走访了结对帮扶的Y村、Z村: X's (a group the report never named with a body is nobody's)
    ("高州市总商会考察团赴分界镇考察。10月27日上午，考察团分组走访了结对帮扶的分界镇储良村、大塘村。",
     {("高州市总商会", "储良村"), ("高州市总商会", "大塘村")}, "“考察团” read as 高州市总商会",
     "高州市总商会赴分界镇考察。10月27日上午，考察团分组走访了结对帮扶的分界镇储良村、大塘村。"),
])
def test_a_pairing_read_through_a_pronoun_a_group_or_its_members_is_for_review(
        run: Any, sentence: str, want: set[tuple[str, str]], note: str, unsaid: str) -> None:
    rel = rels(run(sentence), "PAIRED_WITH")
    assert set(rel) == want
    assert all(r.review and r.review_note == note for r in rel.values())
    assert pairs(run(unsaid)) == set()


def test_a_list_opening_the_sentence_goes_on_the_trip_after_a_comma(run: Any) -> None:
    # 甲及乙一行，到Y开展结对帮扶: both go, the first named after the places it is of
    d = run("8月5日，广东省茂名市高州市总商会及高州市荔香商会一行，到分界镇储良村开展结对帮扶活动。")
    assert pairs(d) == {("高州市总商会", "储良村"), ("高州市荔香商会", "储良村")}
    # (a list that is not the clause before the trip does not go: only the clause's own body)
    d = run("高州市总商会及高州市荔香商会召开会议，高州市果丰商会到分界镇储良村开展结对帮扶活动。")
    assert pairs(d) == {("高州市果丰商会", "储良村")}


def test_the_companions_a_body_brings_give_with_it(run: Any) -> None:
    # 携手A、B，向Y爱心捐赠: the list after 携手 gives (a comma before 向, 爱心 before the verb)
    d = run("高州市委统战部开展帮扶。携手高州市荔香商会、高州市果丰商会，向分界镇储良村爱心捐赠10000元。")
    assert {("高州市荔香商会", "储良村"), ("高州市果丰商会", "储良村")} <= set(rels(d, "DONATES_TO"))


def test_gifts_listed_one_after_another_each_keep_their_giver(run: Any) -> None:
    d = run("高州市荔香商会向分界镇储良村捐赠50万元、高州市果丰商会向谢鸡镇民胜村捐赠20万元。")
    assert set(rels(d, "DONATES_TO")) == {("高州市荔香商会", "储良村"), ("高州市果丰商会", "民胜村")}


def test_each_giver_of_a_list_gives_and_the_sum_may_follow_what_is_given(run: Any) -> None:
    d = run("高州市荔香商会、高州市果丰商会和高州市总商会向分界镇储良村捐赠款物200余万元。")
    got = rels(d, "DONATES_TO")
    assert set(got) == {(o, "储良村") for o in ("高州市荔香商会", "高州市果丰商会", "高州市总商会")}
    assert {r.props["amount"] for r in got.values()} == {2_000_000}
    # the channel of a gift still does not give (A通过B)
    d = run("高州市荔香商会通过高州市慈善会向分界镇储良村捐赠20万元。")
    assert set(rels(d, "DONATES_TO")) == {("高州市荔香商会", "储良村")}


def test_a_temple_in_a_report_of_religious_work_gives_and_pairs(run: Any) -> None:
    d = run("高州市宗教界开展帮扶活动。宗教场所高州承天寺向分界镇储良村捐赠50万元；观音庙与谢鸡镇民胜村结对帮扶。")
    kinds = {e.name: e.kind for e in d.entities}
    assert kinds.get("高州承天寺") == kinds.get("观音庙") == "ReligiousVenue", kinds
    assert set(rels(d, "DONATES_TO")) == {("高州承天寺", "储良村")}
    assert pairs(d) == {("观音庙", "民胜村")}
    # a Taoist temple named 祠 (黄大仙祠) is one too
    d = run("高州市宗教界开展帮扶活动。高州市道教黄大仙祠向分界镇储良村捐赠5万元。")
    assert {e.name: e.kind for e in d.entities}.get("高州市道教黄大仙祠") == "ReligiousVenue"
    assert set(rels(d, "DONATES_TO")) == {("高州市道教黄大仙祠", "储良村")}


@pytest.mark.parametrize("sentence", [
    "高州市开展帮扶活动。村里还有观音庙、古道等景点。",  # no religious work reported: a sight
    "高州市民宗局开展帮扶活动。仲宫镇储良村获得资助。",  # a place named after a temple
])
def test_a_temple_is_no_body_as_a_sight_or_a_place_name(run: Any, sentence: str) -> None:
    assert not [e.name for e in run(sentence).entities if e.kind == "ReligiousVenue"]


def test_subject_carried_from_the_sentence_before(run: Any) -> None:
    d = run("高州市总商会成立于2010年。近年来，积极帮扶分界镇储良村。")
    rel = rels(d, "PAIRED_WITH")[("高州市总商会", "储良村")]
    assert rel.review and rel.evidence == "近年来，积极帮扶分界镇储良村。"
    # the sentence before opens with two bodies: nothing is carried
    d = run("高州市总商会召开年会，高州市荔香农业有限公司发言。近年来，积极帮扶分界镇储良村。")
    assert pairs(d) == set()


def test_a_liaison_office_set_up_in_a_village(run: Any) -> None:
    d = run("高州市总商会在储良村设立统战工作联络点。")
    assert pairs(d) == {("高州市总商会", "储良村")}


@pytest.mark.parametrize("sentence", [
    "民革高州市委会市直二支部的党员之家建在分界镇储良村。",
    "民革高州市委会市直二支部的乡村振兴工作站落户储良村。",
])
def test_a_base_that_stands_in_a_village(run: Any, sentence: str) -> None:
    assert pairs(run(sentence)) == {("民革高州市委会市直二支部", "储良村")}


def test_enumerated_pairs_respectively_signing(run: Any) -> None:
    d = run("分界镇商会与分界镇储良村、谢鸡镇商会与谢鸡镇民胜村分别签订结对帮扶协议。")
    assert pairs(d) == {("分界镇商会", "储良村"), ("谢鸡镇商会", "民胜村")}


def test_a_pairing_program_as_the_object_of_a_conjoined_clause(run: Any) -> None:
    d = run("近年来，高州市总商会与分界镇储良村开展“村企结对”活动。")
    assert pairs(d) == {("高州市总商会", "储良村")}
    d = run("高州市总商会开展“村企结对”活动，储良村受益。")
    assert pairs(d) == set()


@pytest.mark.parametrize("sentence", [
    "高州市总商会结对帮扶高州市第一中学。",   # the county opens a school's name
    "高州市总商会与高州市第一中学结对。",
])
def test_a_county_opening_a_name_is_no_partner(run: Any, sentence: str) -> None:
    """The school is the partner (the entity finder knows 第一中学 now); the county never is."""
    assert pairs(run(sentence)) == {("高州市总商会", "高州市第一中学")}


def test_a_villages_own_facility_stands_for_the_village(run: Any) -> None:
    d = run("高州市总商会向储良村党群服务中心捐赠电脑10台。")
    assert set(rels(d, "DONATES_TO")) == {("高州市总商会", "储良村")}


def test_a_draft_with_pairings_and_their_dates_loads(tmp_path: Any) -> None:
    """Pairings, their `since` and the review flags pass the case-record loader's own checks."""
    from tests.conftest import national_resolver
    from tongxin.errors import InvalidData
    from tongxin.extract import write_yaml
    from tongxin.loaders.caserecord import build_case_record

    report = tmp_path / "pairings.txt"
    report.write_text(HEAD + "2015年，在各方协调下，储良村被确定为高州市总商会定点帮扶村。"
                      "高州市总商会于2019年3月把谢鸡镇民胜村确定为帮扶联系点。\n", encoding="utf-8")
    d = extract_report(report, pair_model=None)
    assert {r.props.get("since") for r in d.relations if r.type == "PAIRED_WITH"} == {"2015", "2019-03"}
    path = write_yaml(d, tmp_path / "draft.yaml", review_fields=False)
    try:
        _, _, edges, _ = build_case_record(path, resolver=national_resolver(), reports_dirs=[tmp_path])
    except InvalidData as exc:
        pytest.fail("\n".join(str(p) for p in exc.problems))
    assert sum(e.type == "PAIRED_WITH" for e in edges) == 2


@pytest.mark.parametrize("sentence", [
    "高州市总商会帮扶分界镇储良村、海南省高州商会帮扶谢鸡镇民胜村。",
    "高州市总商会结对帮扶储良村、海南省高州商会结对帮扶民胜村。",
])
def test_clauses_joined_by_a_list_comma(run: Any, sentence: str) -> None:
    assert pairs(run(sentence)) == {("高州市总商会", "储良村"), ("海南省高州商会", "民胜村")}


@pytest.mark.parametrize("sentence", [
    "高州市总商会联系分界镇政府，协调储良村用地。",   # 联系 as "contact"
    "高州市总商会在储良村举行捐赠仪式。",
    "高州市总商会组织会员到储良村参观学习。",
    "高州市委统战部副部长张建国与储良村村民座谈。",
])
def test_no_liaison_or_pairing_from_contact_meetings_or_outings(run: Any, sentence: str) -> None:
    d = run(sentence)
    assert pairs(d) == set() and rels(d, "LIAISON_FOR") == {}


def test_a_gift_in_a_clause_opening_with_a_time_adverb_takes_the_subject_before(run: Any) -> None:
    """近日/共 before 为 are no subject: the body opening the sentence gives."""
    d = run("高州市总商会深入开展服务群众活动，近日共为分界镇储良村捐助9000元物资。")
    name = {e.ref: e.name for e in d.entities}
    gifts = [(name[r.from_], name[r.to], r.props.get("amount")) for r in d.relations if r.type == "DONATES_TO"]
    assert gifts == [("高州市总商会", "储良村", 9000)], gifts


def test_a_place_helped_under_a_body(run: Any) -> None:
    """Y 在 X (的)(驻村)帮扶下: X is paired with Y; mere support (支持下) is no pairing."""
    assert pairs(run("近年来，分界镇储良村在高州市总商会驻村帮扶下，发展起荔枝产业。")) == {("高州市总商会", "储良村")}
    assert pairs(run("储良村在高州市总商会的帮扶下发展产业。")) == {("高州市总商会", "储良村")}
    assert pairs(run("储良村在高州市总商会支持下发展产业。")) == set()
    assert pairs(run("储良村在高州市总商会的倾情帮扶下发展产业。")) == {("高州市总商会", "储良村")}


def test_a_place_helped_under_bodies_named_before_it_or_with_clauses_between(run: Any) -> None:
    """在X的帮助下，Y村…: the place opening the clause after; 在A、B的爱心资助下: the bodies listed help
    together; Y村2015年在…领导下，在X帮扶下: a year and clauses of the same kind between; 支持 is still none."""
    assert pairs(run("在高州市总商会的帮助下，储良村今年脱贫。")) == {("高州市总商会", "储良村")}
    assert pairs(run("储良村在高州市总商会、茂名市侨联的爱心资助下建成了文化室。")) == {
        ("高州市总商会", "储良村"), ("茂名市侨联", "储良村")}
    assert pairs(run("储良村2015年在当地党委政府领导下，在高州市总商会大力帮扶下，已顺利实现脱贫。")) == {
        ("高州市总商会", "储良村")}
    assert pairs(run("在高州市总商会的支持下，储良村建成了文化室。")) == set()


@pytest.mark.parametrize("noun", ["帮扶村", "联系村", "结对村"])
def test_a_bodys_paired_village_named_after_it(run: Any, noun: str) -> None:
    """X的帮扶村Y村、Z村: the body's paired places, named by their kind after 的."""
    assert pairs(run(f"高州市总商会的{noun}储良村、石龙村今年脱贫。")) == {("高州市总商会", "储良村"), ("高州市总商会", "石龙村")}


def test_a_place_designated_or_named_as_a_bodys_tie(run: Any) -> None:
    """Y作为X参与帮扶乡镇; X“双联”行动联系点Y: the place a body's named programme ties to it."""
    # (猪场乡 written without the peoples' names of 猪场苗族彝族乡: the township, with its code)
    d = run("纳雍县猪场乡作为民革四川省委会参与帮扶乡镇，逐步发展。")
    assert pairs(d) == {("民革四川省委会", "猪场苗族彝族乡")}
    assert {e.code for e in d.entities if e.name == "猪场苗族彝族乡"} == {"520525215"}
    d = run("天水市政协副主席王某锡带领机关干部，再赴天水市政协“双联”行动联系点甘谷县八里湾乡调研。")
    assert pairs(d) == {("天水市政协", "八里湾乡")}


def test_the_partner_is_the_head_after_de(run: Any) -> None:
    """A与接受X指导的B签约: B is the partner; X only qualifies it."""
    d = run("储良村村民委员会与接受高州市总商会业务指导的海南省高州商会签订结对帮扶协议。")
    assert pairs(d) == {("海南省高州商会", "储良村")}


def test_and_before_a_place_chain_joins_the_two_parties(run: Any) -> None:
    """A和B镇C村…签约: 和 joins the company and the village named with its township."""
    d = run("高州市荔香农业有限公司和分界镇储良村作为村企共建代表上台签约。")
    assert pairs(d) == {("高州市荔香农业有限公司", "储良村")}


def test_a_place_and_its_paired_body_after_the_head_noun(run: Any) -> None:
    """Y村(的)帮扶单位X / Y村结对企业是X1、X2: the bodies named after the head noun are Y's partners."""
    assert pairs(run("分界镇储良村的帮扶单位高州市总商会送来了化肥。")) == {("高州市总商会", "储良村")}
    assert pairs(run("谢鸡镇民胜村结对企业是高州市荔香农业有限公司、高州市果丰贸易有限公司。")) == {
        ("高州市荔香农业有限公司", "民胜村"), ("高州市果丰贸易有限公司", "民胜村")}
    assert pairs(run("储良村帮扶工作取得成效，高州市总商会表示满意。")) == set()


def test_a_list_of_subjects_before_respectively_with(run: Any) -> None:
    # A、B、C等企业，分别与Y村签订…: every body of the list opening the sentence, each marked for review
    d = run("经市政协牵线，高州市荔香农业有限公司、高州市果丰贸易有限公司、高州市爱康健康管理有限公司等企业，"
            "分别与储良村签订了帮扶协议。")
    got = {k: r for k, r in rels(d, "PAIRED_WITH").items() if k[1] == "储良村"}
    assert set(got) == {(o, "储良村") for o in ("高州市荔香农业有限公司", "高州市果丰贸易有限公司", "高州市爱康健康管理有限公司")}
    assert all(r.review for r in got.values())


def test_money_for_a_village_the_division_list_lacks(run: Any) -> None:
    # 南武家坡村 is no village of 马西乡 in the list: the gift lands on it, uncoded, not on the township
    d = run("文水县工商联开展活动。山西杏花树汾溪酒业公司在春节前为马西乡南武家坡村9户贫困户发放款物7000余元。")
    assert set(rels(d, "DONATES_TO")) == {("山西杏花树汾溪酒业公司", "南武家坡村")}


def test_households_of_a_village_make_the_village_the_partner(run: Any) -> None:
    # a count of households or people right after a village: those who live there, the village is paired
    for s in ("高州市荔香农业有限公司与分界镇储良村18户贫困户结成帮扶对子。",
              "高州市荔香农业有限公司与分界镇储良村18户贫困户进行帮扶对接。",
              "高州市荔香农业有限公司与分界镇储良村30名困难群众开展一对一帮扶。"):
        assert pairs(run(s)) == {("高州市荔香农业有限公司", "储良村")}, s
    # households counted after a county only qualify them: no partner named
    assert pairs(run("高州市荔香农业有限公司与高州市18户贫困户结成帮扶对子。")) == set()


def test_adopting_a_village_and_being_charged_with_helping_it_pair(run: Any) -> None:
    assert pairs(run("高州市总商会认领分界镇储良村，助力乡村振兴。")) == {("高州市总商会", "储良村")}
    assert pairs(run("高州市荔香农业有限公司负责帮扶分界镇储良村。")) == {("高州市荔香农业有限公司", "储良村")}
    assert pairs(run("高州市总商会认领微心愿100个。")) == set()


def test_a_visit_that_signs_a_tie_there_pairs_the_visitor_with_the_place(run: Any) -> None:
    s = "高州市总商会会长李明带领20余名企业家来到分界镇储良村考察，并现场签订帮扶协议。"
    d = run(s)
    assert pairs(d) == {("高州市总商会", "储良村")}
    [r] = [r for r in d.relations if r.type == "PAIRED_WITH"]
    assert r.review and r.evidence == s
    # the tie signed with another party named: that party, not the place visited
    assert pairs(run("高州市总商会来到分界镇储良村，与高州市果丰贸易有限公司签订结对协议。")) == {
        ("高州市总商会", "高州市果丰贸易有限公司")}


def test_a_body_named_as_the_places_paired_body(run: Any) -> None:
    assert pairs(run("高州市荔香农业有限公司作为储良村的结对帮扶企业，积极参与村里的建设。")) == {
        ("高州市荔香农业有限公司", "储良村")}
    assert pairs(run("高州市委统战部是分界镇储良村的定点帮扶单位。")) == {("高州市委统战部", "储良村")}
    assert pairs(run("高州市委统战部、高州市工商联挂点帮扶分界镇储良村。")) == {
        ("高州市委统战部", "储良村"), ("高州市工商联", "储良村")}


def test_places_listed_first_respectively_with_bodies(run: Any) -> None:
    d = run("储良村、民胜村分别与高州市荔香农业有限公司、高州市果丰贸易有限公司结对。")
    assert pairs(d) == {("高州市荔香农业有限公司", "储良村"), ("高州市果丰贸易有限公司", "民胜村")}


def test_a_base_named_after_a_body_opened_in_a_village(run: Any) -> None:
    d = run("九三学社茂名市委主委李明出席。“九三学社茂名市委员会社会实践基地”在分界镇储良村“三禾农场”举行揭牌仪式。")
    assert pairs(d) == {("九三学社茂名市委", "储良村")}


def test_a_base_named_after_a_party_opened_in_a_facility_of_a_village(run: Any) -> None:
    # the base's name opens with the place's short name and the party: the report's one committee of it
    d = run("民盟茂名市委会积极开展社会服务。茂名民盟助力乡村振兴实践基地在高州市分界镇储良村荔枝科技小院揭牌。")
    assert pairs(d) == {("民盟茂名市委会", "储良村")}
    # two committees of the party the name could be: no owner
    d = run("民盟茂名市委会、民盟高州市委会积极开展社会服务。民盟助力乡村振兴实践基地在分界镇储良村揭牌。")
    assert pairs(d) == set()


def test_a_prefecture_or_province_is_the_region_of_the_work_not_a_partner(run: Any) -> None:
    def ties(d: DraftRecord) -> set[tuple[str, str, str]]:
        name = {e.ref: e.name for e in d.entities}
        return {(r.type, name[r.from_], name[r.to]) for r in d.relations if r.type != "HOLDS_ROLE"}

    assert ties(run("致公党广东省委会对口茂名市开展助力乡村振兴工作。")) == set()
    assert ties(run("致公党广东省委会向茂名市捐赠了一批防疫物资。")) == set()
    assert ties(run("致公党广东省委会对口高州市开展助力乡村振兴工作。")) == {
        ("PAIRED_WITH", "致公党广东省委会", "高州市")}


def test_a_county_named_by_the_county_anaphor(run: Any) -> None:
    d = run("这是致公党广东省委会助力信宜市乡村振兴的缩影。该县是广东省委统战部挂钩帮扶点。")
    assert pairs(d) == {("广东省委统战部", "信宜市")}
    [r] = [r for r in d.relations if r.type == "PAIRED_WITH"]
    assert r.review and "该县" in (r.review_note or "")


def test_a_village_listed_as_the_paired_village_of_several_bodies(run: Any) -> None:
    d = run("今年，高州市将储良村列入高州市工商联、高州市审计局、茂名市工商联精准扶贫联点村。")
    assert pairs(d) == {("高州市工商联", "储良村"), ("高州市审计局", "储良村"), ("茂名市工商联", "储良村")}


def test_a_consultative_conference_or_bureau_may_visit_to_help_but_a_government_venue_is_none(run: Any) -> None:
    assert pairs(run("高州市政协组织44名政协委员来到分界镇储良村开展扶贫行动。")) == {("高州市政协", "储良村")}
    assert pairs(run("高州市人民政府在储良村举行荔枝节开幕式。")) == set()


def test_a_visit_that_holds_a_pairing_signing_there(run: Any) -> None:
    s = "6月21日，茂名市工商联率分界、谢鸡、大坡三镇商会会长共18人再赴高州市就“百企帮百村”进行实地调研考察并举行结对帮扶签约仪式。"
    d = run(s)
    assert pairs(d) == {("茂名市工商联", "高州市")}
    assert not any(e.name.endswith("三镇商会") for e in d.entities)  # the chambers of three towns: no name


def test_a_body_and_the_kind_of_its_paired_place_before_the_place(run: Any) -> None:
    d = run("民革高州市委会扶贫队23名党员奔向250公里外——民革中央对口扶贫县信宜市所辖的钱排镇，开展扶贫工作。")
    assert ("民革中央", "信宜市") in pairs(d)
    assert pairs(run("高州市委统战部的定点帮扶村分界镇储良村今年脱贫。")) == {("高州市委统战部", "储良村")}


def test_unnamed_villages_of_a_place_make_the_place_the_partner(run: Any) -> None:
    assert pairs(run("民建中央决定由全国民建部分省市级组织对口帮扶信宜市14个深度贫困村。")) == {("民建中央", "信宜市")}
    assert pairs(run("高州市工商联组织会员企业与分界镇12个村结成帮扶对子。")) == {("高州市工商联", "分界镇")}


def test_a_group_of_villages_named_after_it_pairs_each_village(run: Any) -> None:
    three = {("高州市工商联", v) for v in ("储良村", "大塘村", "东方村")}
    for s in ("高州市工商联与分界镇3个村结对帮扶，分别是储良村、大塘村、东方村。",
              "高州市工商联与分界镇3个村结对帮扶。这3个村是：储良村、大塘村和东方村。",
              "高州市工商联结对帮扶分界镇3个村（储良村、大塘村、东方村），投入资金10万元。"):
        d = run(s)
        assert pairs(d) == three, s
        assert all(r.evidence.startswith("高州市工商联") for r in d.relations if r.type == "PAIRED_WITH"), s
    # villages of another township are not the group's: the township stays the partner
    assert pairs(run("高州市工商联与分界镇3个村结对帮扶。谢鸡镇民胜村、根子镇高科村也有企业参与。")) == {
        ("高州市工商联", "分界镇")}


def test_an_agreement_signed_with_a_villages_party_branch_pairs_the_signer(run: Any) -> None:
    # the branch's village is paired too, on the same sentence, and says why: coverage counts places
    d = run("高州市工商联机关党支部与储良村党支部签订“双联双帮”框架协议。")
    assert pairs(d) == {("高州市工商联机关党支部", "储良村党支部"), ("高州市工商联机关党支部", "储良村")}
    name = {e.ref: e.name for e in d.entities}
    via = next(r for r in d.relations if name[r.to] == "储良村")
    assert via.review_note == "the village of 储良村党支部" and "签订" in via.evidence
    assert pairs(run("高州市工商联与高州市农业银行签订金融服务协议。")) == set()  # two bodies agree only


def test_a_place_opening_the_sentence_is_the_subject_of_a_later_designation(run: Any) -> None:
    d = run("分界镇位于高州市北部，下辖12个行政村，也是高州市委统战部的结对帮扶镇。")
    assert pairs(d) == {("高州市委统战部", "分界镇")}
    assert all(r.review for r in d.relations)
    # a clause with a subject of its own keeps it
    assert pairs(run("分界镇位于高州市北部，谢鸡镇是高州市委统战部的结对帮扶镇。")) == {("高州市委统战部", "谢鸡镇")}


def test_a_place_named_the_liaison_point_of_a_persons_named_work_and_again_of_two_branches(run: Any) -> None:
    d = run("据悉，储良村是高州市政协主席李明同志“扶村培干联户”工作的联系点，"
            "也是高州市工商联机关党支部和高州市税务局党支部“共建支部”的帮扶联系点。")
    assert {("李明", "储良村"), ("高州市工商联机关党支部", "储良村"), ("高州市税务局党支部", "储良村")} <= pairs(d)
    # the second clause's place is carried from the sentence's opening (after a lead-in): flagged for review
    name = {e.ref: e.name for e in d.entities}
    reviewed = {name[r.from_] for r in d.relations if r.type == "PAIRED_WITH" and name[r.to] == "储良村" and r.review}
    assert reviewed == {"高州市工商联机关党支部", "高州市税务局党支部"}


def test_a_visit_to_several_places_pairs_every_visitor_with_every_place(run: Any) -> None:
    d = run("高州市荔香农业有限公司和高州市果丰贸易有限公司分别到分界镇储良村和大塘村进行帮扶结对。")
    assert pairs(d) == {(c, v) for c in ("高州市荔香农业有限公司", "高州市果丰贸易有限公司") for v in ("储良村", "大塘村")}


def test_bodies_listed_before_their_paired_place_are_each_paired_with_it(run: Any) -> None:
    d = run("调研组来到民革茂名市委和高州市工商联、高州市侨联的“同心工程”对口帮扶点——分界镇储良村。")
    assert pairs(d) == {(b, "储良村") for b in ("民革茂名市委", "高州市工商联", "高州市侨联")}


def test_every_party_listed_before_the_conjunction(run: Any) -> None:
    assert pairs(run("高州市委统战部、高州市工商联与储良村签订结对协议。")) == {
        ("高州市委统战部", "储良村"), ("高州市工商联", "储良村")}
    d = run("高州市委统战部、高州市工商联与储良村、民胜村签订结对协议。")  # not said which with which
    assert len(pairs(d)) == 4 and all(r.review for r in d.relations if r.type == "PAIRED_WITH")


def test_help_given_in_a_place_pairs_the_body_that_gives_it(run: Any) -> None:
    d = run("高州市工商联主管的高州市新疆商会在储良村开展的精准扶贫工作成效明显。")
    assert pairs(d) == {("高州市新疆商会", "储良村")}
    assert pairs(run("高州市人民政府在储良村召开扶贫工作会议。")) == set()


def test_a_gift_given_through_a_channel_is_the_givers(run: Any) -> None:
    for s, giver in (("高州市荔香农业有限公司通过高州市慈善会向储良村捐赠10万元。", "高州市荔香农业有限公司"),
                     ("近日，高州市荔香农业有限公司的15万元善款已通过高州市慈善会捐赠到分界镇储良村。", "高州市荔香农业有限公司")):
        d = run(s)
        name = {e.ref: e.name for e in d.entities}
        assert {(name[r.from_], name[r.to]) for r in d.relations if r.type == "DONATES_TO"} == {(giver, "储良村")}, s
        assert [r.props.get("amount") for r in d.relations if r.type == "DONATES_TO"] == [(100000 if "10万" in s else 150000)], s


def test_a_gift_given_through_channels_to_several_places_respectively(run: Any) -> None:
    d = run("高州市荔香农业有限公司的10.4万元善款已分别通过茂名市高州市慈善会和高州市红十字会捐赠到分界镇储良村和民胜村。")
    name = {e.ref: e.name for e in d.entities}
    gifts = {(name[r.from_], name[r.to]) for r in d.relations if r.type == "DONATES_TO"}
    assert gifts == {("高州市荔香农业有限公司", "储良村"), ("高州市荔香农业有限公司", "民胜村")}, gifts
    # the channels pass the gift on: no pairing of their own, learned or framed
    assert not {(name[r.from_], name[r.to]) for r in d.relations if r.type == "PAIRED_WITH"}


def test_a_body_of_a_place_is_not_paired_with_that_place(run: Any) -> None:
    assert pairs(run("储良村侨联成立以来，储良村侨联与储良村结对共建。")) == set()
    assert pairs(run("储良村侨联与民胜村结对共建。")) == {("储良村侨联", "民胜村")}


def test_a_list_of_visitors_goes_on_past_a_word_of_what_the_next_one_is(run: Any) -> None:
    d = run("市工商联组织高州市浙江商会、高州市福建商会以及爱心企业高州市春诚实业有限公司到分界镇储良村举行帮扶捐赠仪式。")
    name = {e.ref: e.name for e in d.entities}
    gifts = {name[r.from_] for r in d.relations if r.type == "DONATES_TO"}
    assert gifts == {"高州市浙江商会", "高州市福建商会", "高州市春诚实业有限公司"}, gifts


def test_a_short_form_right_before_the_conjunction_is_the_party_not_the_speaker(run_frames: Any) -> None:
    d = run_frames("民革高州市工委主委李明介绍了工委与城东社区的共建情况。")
    assert pairs(d) == {("民革高州市工委", "城东社区")}
    assert rels(d, "PAIRED_WITH")[("民革高州市工委", "城东社区")].review


def test_a_bodys_party_branch_written_short_is_the_branch_named_before(run_frames: Any) -> None:
    # 商会党支部 opening a sentence: the party branch of the chamber named before (杭州江苏商会党支部)
    d = run_frames("高州市浙江商会党支部高度重视。商会党支部与分界镇储良村党总支举行结对联建签字仪式。")
    assert ("高州市浙江商会党支部", "储良村党总支") in pairs(d)
    assert rels(d, "PAIRED_WITH")[("高州市浙江商会党支部", "储良村党总支")].review_note == \
        "“商会党支部” read as 高州市浙江商会党支部"
    # a branch of another kind of body is none of it
    d = run_frames("高州市浙江商会党支部高度重视。公司党支部与分界镇储良村党总支举行结对联建签字仪式。")
    assert not any(a == "高州市浙江商会党支部" for a, _ in pairs(d))


def test_a_city_branch_with_its_own_county_in_brackets_is_the_party_paired(run: Any) -> None:
    d = run("民建舟山市普陀区支部与民建金华市直八(磐安)支部结对签约。", head="")
    assert pairs(d) == {("民建普陀区支部", "民建金华市直八(磐安)支部")}


def test_bodies_listed_before_a_gift_give_together(run: Any) -> None:
    d = run("农工党高州市委会、高州市嘉华科技有限公司和高州市康佑药业有限公司向分界镇储良村捐赠药品。")
    assert set(rels(d, "DONATES_TO")) == {("农工党高州市委会", "储良村"), ("高州市嘉华科技有限公司", "储良村"),
                                          ("高州市康佑药业有限公司", "储良村")}
    # the body that organises the gift is not a giver
    d = run("高州市工商联组织高州市嘉华科技有限公司向分界镇储良村捐赠药品。")
    assert set(rels(d, "DONATES_TO")) == {("高州市嘉华科技有限公司", "储良村")}


def test_a_gift_to_villages_listed_after_the_preposition_goes_to_each(run: Any) -> None:
    d = run("高州市总商会深入开展服务群众活动，向分界镇储良村和谢鸡镇民胜村各捐赠5万元。")
    gifts = rels(d, "DONATES_TO")
    assert set(gifts) == {("高州市总商会", "储良村"), ("高州市总商会", "民胜村")}
    # one amount for several receivers is not each one's amount
    assert all(not r.props.get("amount") for r in gifts.values())


def test_a_listed_village_without_a_code_does_not_hide_the_gift(run: Any) -> None:
    """向储良村和某某窝棚村捐赠: the coded village receives, and so does the name listed last, kept unresolved
    below the same township (the division list lacks it)."""
    d = run("高州市总商会深入开展服务群众活动，向分界镇储良村和乐国窝棚村捐赠帮扶资金。")
    assert set(rels(d, "DONATES_TO")) == {("高州市总商会", "储良村"), ("高州市总商会", "乐国窝棚村")}
    assert {e.name: (e.code, e.context[-1]) for e in d.entities if e.name == "乐国窝棚村"} == {"乐国窝棚村": (None, "分界镇")}
    # (words after 和 that are no village's name stay out)
    d = run("高州市总商会深入开展服务群众活动，走访分界镇储良村和周边村的困难群众。")
    assert [e.name for e in d.entities if e.kind == "Place" and not e.code] == []


def test_a_sentence_naming_nobody_takes_the_reports_main_actor_for_review(run: Any) -> None:
    """A report listing its own deeds without a subject: the body opening most of its clauses gives,
    at lower confidence and marked for review; with no such body, nobody does."""
    text = ("高州市总商会召开会员大会。高州市总商会组织会员企业参观学习。高州市总商会举办培训班。"
            "会议强调要服务群众。服务要落到实处。开展走访调研，向分界镇储良村捐赠帮扶资金5万元。")
    d = run(text, head="")
    gifts = rels(d, "DONATES_TO")
    assert set(gifts) == {("高州市总商会", "储良村")}
    r = gifts[("高州市总商会", "储良村")]
    assert r.review and "main actor" in (r.review_note or "") and r.confidence == 0.5
    # two bodies open as many clauses each: no main actor
    d = run("高州市总商会召开会员大会。高州市工商联举办培训班。高州市总商会组织参观。高州市工商联开展调研。"
            "会议强调要服务群众。服务要落到实处。开展走访调研，向分界镇储良村捐赠帮扶资金5万元。", head="")
    assert rels(d, "DONATES_TO") == {}
    # a government or street office named in the sentence is its place's, no actor: the main actor still gives
    d = run("高州市总商会召开会员大会。高州市总商会组织会员企业参观学习。高州市总商会举办培训班。"
            "同时，还为山美街道办事处争取资金，向分界镇储良村捐赠帮扶资金5万元。", head="")
    assert set(rels(d, "DONATES_TO")) == {("高州市总商会", "储良村")}


def test_a_street_office_signs_for_its_street(run: Any) -> None:
    """云岗街道办事处 is a body (the street's government), and like a township government it signs for its
    place."""
    d = run("高州市山美街道办事处与信宜市钱排镇签订结对帮扶协议。")
    assert any(e.kind == "GovernmentBody" and e.name == "山美街道办事处" for e in d.entities)
    assert set(rels(d, "COUNTERPART_OF")) == {("山美街道", "钱排镇")} and pairs(d) == set()


def test_a_gift_to_bodies_listed_after_the_preposition_by_the_body_that_mobilised_the_givers(run: Any) -> None:
    """X动员企业向A小学、B小学捐赠: unnamed givers; the body that mobilised them gives, to every school listed,
    marked for review. A body named as the giver stays the giver (组织 + a named firm)."""
    d = run("民盟高州市委动员企业向分界镇储良小学、谢鸡镇中心小学、石鼓小学捐赠价值6万元的图书。")
    gifts = rels(d, "DONATES_TO")
    assert set(gifts) == {("民盟高州市委", "分界镇储良小学"), ("民盟高州市委", "谢鸡镇中心小学"),
                          ("民盟高州市委", "石鼓小学")}, set(gifts)
    assert all(r.review and "mobilised" in (r.review_note or "") for r in gifts.values())
    d = run("民盟高州市委组织高州市嘉华科技有限公司向分界镇储良小学捐赠图书。")
    assert set(rels(d, "DONATES_TO")) == {("高州市嘉华科技有限公司", "分界镇储良小学")}


def test_a_body_is_not_paired_with_its_own_place(run: Any) -> None:
    # 民建高州市委 belongs to 高州市: a base it sets up there pairs it with the village, not with its own city
    d = run("民建高州市委在高州市储良村建立“同心服务站”，并在高州市建立社会服务基地。")
    assert ("民建高州市委", "储良村") in pairs(d)
    assert ("民建高州市委", "高州市") not in pairs(d)


def test_a_village_school_is_not_paired_with_its_village(run: Any) -> None:
    # 储良小学 is the village's own school: a base it sets up there is no partner's
    d = run("民建高州市委在储良村建立“同心服务站”。储良小学在储良村建立劳动实践基地。")
    assert ("民建高州市委", "储良村") in pairs(d)
    assert not any(a.startswith("储良小学") and b == "储良村" for a, b in pairs(d)), pairs(d)


def test_a_counted_kind_of_body_is_no_visitor(run: Any) -> None:
    # 10个民盟支部 are several unnamed branches: the body that takes them is the visitor
    d = run("民盟高州市委会组织所属10个民盟支部赴分界镇储良村开展结对帮扶活动。")
    assert ("民盟高州市委会", "储良村") in pairs(d), pairs(d)
    assert not any(a == "民盟支部" for a, _ in pairs(d)), pairs(d)


def test_a_firm_named_again_by_its_trade_name_is_the_same_firm(run: Any) -> None:
    # 北方管业 (the name without its place and legal form) and 郭牌公司 (the trade name with 公司) are the firms
    d = run("高州北方管业有限公司向储良村捐款。随后北方管业与储良村签订帮扶协议。"
            "高州郭牌农业科技有限公司在分界镇建基地。分界镇跟郭牌公司联营。")
    firms = {e.name: e for e in d.entities if e.kind == "Enterprise"}
    assert set(firms) == {"高州北方管业有限公司", "高州郭牌农业科技有限公司"}, firms
    assert "郭牌公司" in firms["高州郭牌农业科技有限公司"].aliases
    # jieba cut the trade name (一片/天/餐饮公司): the characters before the short name still open it
    d2 = run("储良村与上海一片天餐饮管理股份有限公司结对。根据协议，一片天餐饮公司将帮助储良村。")
    assert [e.name for e in d2.entities if e.kind == "Enterprise"] == ["上海一片天餐饮管理股份有限公司"]
    assert ("高州北方管业有限公司", "储良村") in pairs(d)
    # no place opens the name (皖南 is a region): the name without its legal form
    d3 = run("皖南电机股份有限公司帮扶储良村。8月23日，皖南电机董事长陈根喜来到储良村。")
    assert [e.name for e in d3.entities if e.kind == "Enterprise"] == ["皖南电机股份有限公司"]
    assert ("陈根喜", "皖南电机股份有限公司") in set(rels(d3, "HOLDS_ROLE"))


@pytest.mark.parametrize("sentence", [
    "高州市顺景物流有限公司被确定为储良村的帮扶单位。",
    "高州市顺景物流有限公司被确定为储良村乡村振兴的协助帮扶单位。",
])
def test_a_body_designated_as_a_places_helping_unit(run: Any, sentence: str) -> None:
    assert ("高州市顺景物流有限公司", "储良村") in pairs(run(sentence))


def test_a_list_closed_by_a_kind_of_body_before_a_bare_verb(run: Any) -> None:
    # A、B等单位帮扶Y村: the list's bodies stand before the verb with only 等 and their kind between
    assert pairs(run("高州市总商会、高州市工商联等单位帮扶储良村。")) == {("高州市总商会", "储良村"), ("高州市工商联", "储良村")}


def test_a_village_committee_whose_village_is_unknown_does_not_stand_for_its_township(run: Any) -> None:
    # 某某村委会 after 分界镇 (the village not in the division list): the committee, not the township, signs
    d = run("高州市总商会与分界镇某某村委会签订帮扶协议。")
    assert ("高州市总商会", "分界镇") not in pairs(d), pairs(d)


def test_a_gift_whose_use_names_the_place_is_a_gift_to_it(run: Any) -> None:
    """X捐资…用于Y村…, X捐资…用于本村…: the place the gift is for (本村: the village named before, for review)."""
    gifts = rels(run("高州市总商会捐资5万元用于储良村道路硬化。"), "DONATES_TO")
    assert set(gifts) == {("高州市总商会", "储良村")} and gifts[("高州市总商会", "储良村")].props["amount"] == 50000
    gifts = rels(run("分界镇储良村位于高州。乡贤张国华捐资100万元用于本村教育事业。"), "DONATES_TO")
    assert set(gifts) == {("张国华", "储良村")} and gifts[("张国华", "储良村")].review


@pytest.mark.parametrize(("sentence", "pair"), [
    ("高州市与信宜市开展对口帮扶工作。", ("高州市", "信宜市")),
    ("高州市分界镇与信宜市钱排镇签署了结对帮扶协议。", ("分界镇", "钱排镇")),
    ("高州市结对帮扶信宜市钱排镇。", ("高州市", "钱排镇")),
    ("2019年，高州市分界镇储良村与信宜市钱排镇结成友好帮扶对子。", ("储良村", "钱排镇")),
])
def test_two_places_paired_as_a_whole_are_counterparts(run: Any, sentence: str, pair: tuple[str, str]) -> None:
    """东西部协作, 对口帮扶, 街道与乡镇结对: a place paired with a place is COUNTERPART_OF (PAIRED_WITH's partners
    are organisations and people), with its sentence."""
    d = run(sentence)
    got = rels(d, "COUNTERPART_OF")
    assert set(got) == {pair}, got
    assert got[pair].evidence == sentence and pairs(d) == set()


@pytest.mark.parametrize(("sentence", "pair"), [
    # a place named as another place's paired place (as 被确定为X定点帮扶村 names a body's)
    ("信宜市钱排镇为高州市分界镇定点扶贫点。", ("分界镇", "钱排镇")),
    ("信宜市钱排镇是高州市的结对帮扶乡镇。", ("高州市", "钱排镇")),
    ("信宜市是高州市山海协作、对口支援地区。", ("高州市", "信宜市")),
    # a place whose officials go to help another place (no body of it named)
    ("高州市分界镇于9月11日至12日到信宜市开展帮镇扶村工作。", ("分界镇", "信宜市")),
    ("10月15日，高州市副市长张明带领相关部门赶赴信宜市钱排镇开展帮扶活动。", ("高州市", "钱排镇")),
])
def test_a_place_designated_or_visited_by_a_place_is_its_counterpart(run: Any, sentence: str,
                                                                      pair: tuple[str, str]) -> None:
    d = run(sentence)
    got = rels(d, "COUNTERPART_OF")
    assert set(got) == {pair}, got
    assert got[pair].evidence == sentence and pairs(d) == set()


def test_a_gift_to_a_body_written_after_its_places(run: Any) -> None:
    """为贵州七星关区实验学校捐赠: the receiver's name opens with places (广东, then the school named with its
    county); the gift goes to the school."""
    d = run("高州市荔香农业有限公司为广东高州市第一中学捐赠图书500册。")
    assert set(rels(d, "DONATES_TO")) == {("高州市荔香农业有限公司", "高州市第一中学")}


def test_a_gift_by_givers_the_text_does_not_name_is_not_the_main_actor_s(run: Any) -> None:
    """民营企业家代表向Y捐赠: the givers are unnamed people, not the body the report is about; a body that
    mobilises them (动员企业向Y捐赠) still gives through them."""
    lead = "高州市总商会开展助学活动。高州市总商会组织会员参加。"
    assert rels(run(lead + "爱心企业家代表向高州市第一中学捐赠助学基金。"), "DONATES_TO") == {}
    got = rels(run(lead + "高州市总商会还动员企业向高州市第一中学捐赠助学基金。"), "DONATES_TO")
    assert set(got) == {("高州市总商会", "高州市第一中学")}


@pytest.mark.parametrize("sentence", [
    "信宜市钱排镇是高州市分界镇的一个兄弟乡镇。",  # no paired place's head noun
    "高州市工商联于9月11日到信宜市开展帮镇扶村工作。",  # a body goes: the body is paired, not its city
    "高州市分界镇于9月11日到信宜市开展捐赠活动。",  # a gift, not a tie between the places
])
def test_a_place_near_another_place_is_no_counterpart_without_a_tie(run: Any, sentence: str) -> None:
    assert rels(run(sentence), "COUNTERPART_OF") == {}


def test_a_verb_after_a_county_opens_no_township(run: Any) -> None:
    """吴川市开展帮镇扶村: 开展帮镇 is no township of the county (a verb opens it)."""
    d = run("高州市分界镇到信宜市开展帮镇扶村工作。")
    assert not [e.name for e in d.entities if e.kind == "Place" and e.name.startswith("开展")]


@pytest.mark.parametrize("sentence", [
    "高州市总商会与分界镇储良村和谢鸡镇民胜村签订帮扶协议。",  # a body's pairing: no tie between its villages
    "分界镇储良村和谢鸡镇民胜村进行帮扶结对。",  # two places listed, whom some party pairs with
    "高州市对口帮扶分界镇储良村。",  # a county's own village is under it, not its counterpart
    "茂名市与分界镇开展结对帮扶。",  # a city is where the parties are, not a counterpart
])
def test_places_listed_contained_or_wide_are_no_counterparts(run: Any, sentence: str) -> None:
    assert rels(run(sentence), "COUNTERPART_OF") == {}


def test_a_counterpart_pairing_extracted_from_a_report_loads_on_each_engine(places_store: Any, tmp_path: Any) -> None:
    """The place ↔ place edge goes from report to graph as written: COUNTERPART_OF between the two
    townships, its `since` and evidence kept, and a second load changes nothing."""
    from tests.conftest import graph_fingerprint, national_resolver
    from tongxin.extract import write_yaml
    from tongxin.loaders.caserecord import load_case_record

    report = tmp_path / "counterparts.txt"
    report.write_text("娄底市召开乡村振兴工作会议。2021年，娄星区杉山镇与涟源市杨市镇签订结对帮扶协议。\n", encoding="utf-8")
    path = write_yaml(extract_report(report, pair_model=None), tmp_path / "draft.yaml", review_fields=False)
    load_case_record(places_store, path, resolver=national_resolver(), reports_dirs=[tmp_path])
    rows = places_store.query(
        "MATCH (a:Place)-[r:COUNTERPART_OF]->(b:Place) RETURN a.code AS a, b.code AS b, r.since AS since, "
        "r.evidence AS evidence").rows
    assert [tuple(r[:3]) for r in rows] == [("431302100", "431382107", "2021")], rows
    assert rows[0][3] == ["2021年，娄星区杉山镇与涟源市杨市镇签订结对帮扶协议。"]
    before = graph_fingerprint(places_store)
    load_case_record(places_store, path, resolver=national_resolver(), reports_dirs=[tmp_path])
    assert graph_fingerprint(places_store) == before


def test_a_body_named_with_what_it_is_opens_its_clause_and_gives_in_the_next(run: Any) -> None:
    """民建会员企业X…，向Y捐赠: X, called by what it is to the party, is the subject carried to the gift."""
    d = run("活动当天，民建会员企业高州市荔香农业有限公司充分发挥资源优势，向分界镇储良村捐赠了价值2万元的办公用品。")
    gifts = rels(d, "DONATES_TO")
    assert set(gifts) == {("高州市荔香农业有限公司", "储良村")} and gifts[("高州市荔香农业有限公司", "储良村")].review


def test_a_pairing_verb_across_a_names_end_is_no_verb(run: Any) -> None:
    # 茂名市侨|联建|立: 联建 made of a name's last character and the next word's first pairs nobody
    d = run("茂名市侨联与高州市侨联建立协作帮扶机制。")
    assert not any(b == "高州市" for _, b in pairs(d)), pairs(d)


def test_a_gift_goes_to_the_place_named_after_its_preposition_whatever_follows_the_sum(run: Any) -> None:
    # 向Y村捐助2万元…、捐赠“某公司…券”: the village receives; the firm named in what is given does not
    d = run("高州市总商会向分界镇储良村捐助2万元扶贫资金、捐赠“茂名市荔香电器有限公司空调爱心券”5万元。")
    assert set(rels(d, "DONATES_TO")) == {("高州市总商会", "储良村")}


def test_a_body_that_starts_staying_in_the_sentences_one_village_to_help_is_paired_for_review(run: Any) -> None:
    d = run("这里是高州市分界镇储良村，2021年5月，高州市政协启动驻村帮扶工作。")
    assert pairs(d) == {("高州市政协", "储良村")}
    assert all(r.review_note for r in d.relations if r.type == "PAIRED_WITH")
    # two villages named: which one is not said
    assert pairs(run("这里是高州市分界镇储良村和大塘村，高州市政协启动驻村帮扶工作。")) == set()


def test_a_gift_that_names_no_receiver_goes_to_the_reports_one_village_for_review(run: Any) -> None:
    d = run("6月2日，一批企业家来到分界镇储良村。高州市荔香农业有限公司捐赠1万元，爱心人士李明先生捐赠5000元。")
    gifts = rels(d, "DONATES_TO")
    assert set(gifts) == {("高州市荔香农业有限公司", "储良村"), ("李明", "储良村")}
    assert all("the report's one village" in (r.review_note or "") for r in gifts.values())
    # a report that names two villages: which one is not said
    d = run("6月2日，一批企业家来到分界镇储良村和大塘村。高州市荔香农业有限公司捐赠1万元。")
    assert rels(d, "DONATES_TO") == {}
    # a receiver or a venue named before the verb, even one that is no place
    d = run("6月2日，一批企业家来到分界镇储良村。在高州市第一中学召开的会上，高州市总商会向高州市第一中学捐赠10万元。")
    assert ("高州市总商会", "储良村") not in rels(d, "DONATES_TO")
    assert ("高州市第一中学", "储良村") not in rels(d, "DONATES_TO")


def test_a_date_after_the_partner_is_no_count_of_its_parts(run: Any) -> None:
    # Y村6月24日缔结…: the village is the partner (6户贫困户 after it would be a count of its households)
    d = run("高州市分界镇储良村与茂名市电白区麻岗镇6月24日缔结友好乡镇关系。")
    assert ("储良村", "麻岗镇") in rels(d, "COUNTERPART_OF") or ("麻岗镇", "储良村") in rels(d, "COUNTERPART_OF")


def test_two_villages_that_become_sister_villages_are_counterparts(run: Any) -> None:
    d = run("高州市分界镇储良村与大塘村结为姊妹村。")
    assert set(rels(d, "COUNTERPART_OF")) == {("储良村", "大塘村")}
    assert pairs(run("高州市总商会与分界镇储良村结为帮扶对子。")) == {("高州市总商会", "储良村")}


def test_places_named_after_a_clause_that_says_whose_they_are(run: Any) -> None:
    # 与X结对帮扶的Y村…: X is paired with the places, not the body the sentence goes on to visit
    d = run("1月17日，与高州市荔香农业有限公司密切联系的分界镇及储良村领导一行来访高州市总商会，共商发展大计。")
    assert pairs(d) == {("高州市荔香农业有限公司", "分界镇"), ("高州市荔香农业有限公司", "储良村")}
    d = run("1月17日，与高州市荔香农业有限公司结对帮扶的分界镇储良村两委干部来到高州市总商会。")
    assert ("高州市总商会", "储良村") not in pairs(d)
    # A与X结对的…: A and X are the pair; the place after 的 is no partner of X
    d = run("高州市总商会与高州市荔香农业有限公司结对的储良村项目进展顺利。")
    assert ("高州市荔香农业有限公司", "储良村") not in pairs(d)

