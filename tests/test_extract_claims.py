"""Coverage and investment claims (tongxin.extract.claims) from sentences written for these tests: real
place names of 高州市 so that the places resolve, organisations, figures and wording made up. A claim is a
count of a kind of node or an amount of money with what gives it; a draft with either loads as written.
Every other figure of a sentence is a figure of `what` it is, for review (no kind, no relation)."""

from __future__ import annotations

from typing import Any

import pytest

from tongxin.extract import DraftRecord
from tongxin.extract.draft import DraftClaim, DraftEntity
from tongxin.loaders.caserecord import CaseRecord


def amounts(d: DraftRecord) -> set[tuple[str | None, int | None, str | None]]:
    return {(c.relation, c.amount, c.as_written) for c in d.claims if c.amount is not None and c.what is None}


def counts(d: DraftRecord) -> set[tuple[str | None, int | None]]:
    return {(c.subject, c.count) for c in d.claims if c.amount is None and c.what is None}


def figures(d: DraftRecord) -> set[tuple[str, str]]:
    """The figures of what the graph holds no facts of: (what, the figure as written)."""
    out = set()
    for c in d.claims:
        if c.what is not None:
            assert c.subject is None and c.relation is None and c.review, c
            out.add((c.what, c.figure))
    return out


# --- amounts ------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("sentence", "expected"), [
    ("高州市荔香农业有限公司投入资金6.6万元修建储良村文化室。", {("INVESTS_IN", 66_000, "6.6万元")}),
    ("社会各界捐赠物资价值189.4万元。", {("DONATES_TO", 1_894_000, "189.4万元")}),
    ("高州市果丰贸易有限公司投资2000万元建设荔枝加工厂。", {("INVESTS_IN", 20_000_000, "2000万元")}),
    ("市工商联为储良村争取到36万元危房改造资金和5万元技术培训经费。",
     {("DONATES_TO", 360_000, "36万元"), ("DONATES_TO", 50_000, "5万元")}),
    ("高州市总商会向谢鸡镇民胜村捐款10余万元。", {("DONATES_TO", 100_000, "10余万元")}),
    ("全市企业累计投入帮扶资金2.8亿元。", {("INVESTS_IN", 280_000_000, "2.8亿元")}),
    ("高州市总商会为储良村捐款捐物，共计5万元。", {("DONATES_TO", 50_000, "5万元")}),
    ("高州市果丰贸易有限公司投资5000万建设荔枝加工厂。", {("INVESTS_IN", 50_000_000, "5000万")}),
])
def test_an_amount_of_money_given_or_invested_is_a_claim(run: Any, sentence: str, expected: set[Any]) -> None:
    d = run(sentence)
    assert amounts(d) == expected
    for c in d.claims:
        assert c.evidence == sentence and c.about  # the sentence, about a place (the sentence's or the report's)
        if c.amount is not None:
            assert c.subject is None and c.count is None  # who gave is the relation's, when a draft names it


@pytest.mark.parametrize("sentence", [
    "储良村人均年收入达1.8万元。",               # income
    "全村集体经济收入从2万元增加到10万元。",     # income
    "荔枝每斤售价12元。",                         # a price
    "该公司年产值达3.5亿元。",                    # output
    "帮助农户申请小额贷款50万元。",               # a loan
    "荔枝收购价5元/斤。",                         # a price per unit
    "高州市果丰贸易有限公司注册资本1000万元。",   # capital
    "企业投资建设厂房，年产值达5000万元。",       # output, though the sentence invests
    "储良村种植荔枝，共计120万元。",               # a sum, of nothing given
    "储良村种植荔枝3万亩，产量2万吨。",             # 万 of areas and weights
])
def test_money_that_is_not_given_or_invested_is_no_amount_claim(run: Any, sentence: str) -> None:
    d = run(sentence)
    assert amounts(d) == set()
    assert all(c.what for c in d.claims)  # a figure at most: what the report says it is, for review


@pytest.mark.parametrize(("sentence", "expected"), [
    ("全村集体经济收入从2万元增加到10万元。", {("全村集体经济收入从", "2万元"), ("增加到", "10万元")}),
    ("储良村人均年收入达1.8万元。", {("储良村人均年收入", "1.8万元")}),
    ("桑峪村低收入户共有139户、277人。", {("桑峪村低收入户", "139"), ("人", "277")}),
    ("高州市总商会为储良村小学送来了600余册图书。", {("图书", "600")}),
    ("市委统战部结对帮扶分界镇储良村，先后派出4名干部驻村。", {("干部", "4")}),
    ("储良村向优秀学子颁发总计2万元的奖学金。", {("奖学金", "2万元")}),
    ("储良村小学共开设11个班。", {("班", "11")}),
])
def test_every_other_figure_says_what_it_is_of(run: Any, sentence: str, expected: set[Any]) -> None:
    d = run(sentence)
    assert figures(d) == expected
    record = CaseRecord.model_validate(d.to_case_record())  # a figure loads as written
    assert {c.what for c in record.claims if c.what} == {w for w, _ in expected}


def test_the_aid_money_of_no_stated_kind_is_marked_for_review(run: Any) -> None:
    d = run("高州市委统战部协调帮扶资金189.4万元，开展帮扶项目11个。")
    (money,) = [c for c in d.claims if c.amount is not None]
    assert (money.relation, money.amount, money.review) == ("DONATES_TO", 1_894_000, False)
    d = run("市工商联为储良村筹集5万元。")
    (money,) = [c for c in d.claims if c.amount is not None]
    assert money.review and "does not say" in (money.review_note or "")
    assert counts(run("高州市委统战部协调帮扶资金189.4万元，开展帮扶项目11个。")) >= {("Program", 11)}


# --- counts -------------------------------------------------------------------------------------------

@pytest.mark.parametrize(("sentence", "expected"), [
    ("茂名市300家民营企业与250个村庄结成共同体。", {("Enterprise", 300), ("Village", 250)}),
    ("全市120个行政村聘任了131名名誉村主任，覆盖率45.2%。", {("Village", 120), ("Person", 131)}),
    ("全市共有86家企业参与“万企兴万村”行动。", {("Enterprise", 86)}),
    ("高州市总商会结对帮扶15个村。", {("Village", 15)}),
    ("活动覆盖12个乡镇。", {("Township", 12)}),
    ("项目带动320户农户增收。", {("Person", 320)}),
    ("带动150户增收。", {("Person", 150)}),
    ("基地带动1200人就业。", {("Person", 1200)}),
    ("义诊惠及2000余人。", {("Person", 2000)}),
    ("惠及群众3500人。", {("Person", 3500)}),
    ("推荐53名有劳动能力的贫困群众到企业就业。", {("Person", 53)}),
    ("2019年以来共实施项目23个。", {("Program", 23)}),
    ("高州市总商会结对帮扶5个乡30个村。", {("Township", 5), ("Village", 30)}),
    ("组织100余名志愿者参与义诊。", {("Person", 100)}),
    ("全市29个党派支部已有13个与社区结对。", {("DemocraticParty", 13)}),
    ("全市建成统战工作联络点36个。", {("Site", 36)}),
    ("为300余名群众义诊。", {("Person", 300)}),
    ("慰问留守儿童50名。", {("Person", 50)}),
    ("全市56个村党组织与企业结对。", {("PartyCommittee", 56)}),
])
def test_coverage_counts_in_many_wordings(run: Any, sentence: str, expected: set[Any]) -> None:
    d = run(sentence)
    assert counts(d) == expected
    for c in d.claims:
        assert c.evidence == sentence


def test_a_sentence_the_report_repeats_states_its_figure_once(run: Any) -> None:
    d = run("储良村安装路灯300盏。储良村安装路灯300盏。")
    assert [(c.what, c.figure) for c in d.claims] == [("储良村安装路灯", "300")]


@pytest.mark.parametrize("sentence", [
    "2019年以来，储良村面貌一新。",                          # a year
    "储良村距离市区35公里。",                                # a distance
    "储良村面积12平方公里，耕地3200亩。",                    # areas
    "咨询电话13800138000。",                                 # a phone number
    "高州市第18届荔枝节开幕。",                              # a number inside a name
    "储良村用3个月建成文化室。",                             # a duration
    "每村帮扶3至5个项目。",                                  # a range
])
def test_numbers_that_are_no_claims(run: Any, sentence: str) -> None:
    assert run(sentence).claims == []


@pytest.mark.parametrize(("sentence", "what"), [
    ("会上12名代表发言。", "代表"),              # people present, nothing they count for
    ("储良村共有村民800人。", "储良村共有村民"),  # a population
])
def test_a_count_of_nothing_the_graph_counts_is_only_a_figure(run: Any, sentence: str, what: str) -> None:
    d = run(sentence)
    assert counts(d) == set() and {w for w, _ in figures(d)} == {what}


@pytest.mark.parametrize(("sentence", "count", "written"), [
    ("惠及群众1.2万人。", 12_000, "1.2万人"),
    ("基地带动就业2万余人。", 20_000, "2万余人"),
    ("全市共有1.5万家企业参与“万企兴万村”行动。", 15_000, "1.5万家"),
])
def test_a_count_in_wan_keeps_its_figure_as_written(run: Any, sentence: str, count: int, written: str) -> None:
    (c,) = run(sentence).claims
    assert (c.count, c.as_written, c.amount) == (count, written, None)
    record = CaseRecord.model_validate(run(sentence).to_case_record())
    assert record.claims[0].as_written == written


# --- the draft and the scorer -------------------------------------------------------------------------

def test_a_draft_with_amount_and_count_claims_is_a_valid_case_record(run: Any) -> None:
    d = run("高州市总商会投入资金6.6万元帮扶储良村，惠及群众320人。")
    record = CaseRecord.model_validate(d.to_case_record())
    by_kind = {("amount" if c.amount is not None else "count"): c for c in record.claims}
    assert by_kind["amount"].as_written == "6.6万元" and by_kind["amount"].count is None
    assert by_kind["count"].count == 320 and by_kind["count"].amount is None
    assert "count" not in d.to_dict()["claims"][0] or "amount" not in d.to_dict()["claims"][0]


def test_the_corpus_scorer_matches_a_claim_on_its_own_number() -> None:
    from tongxin.extract.score import CorpusGold, claim_number, score_corpus_draft

    money = DraftClaim("m", "gz", None, None, "投入资金6.6万元", "投入资金6.6万元。", relation="INVESTS_IN",
                       amount=66_000, as_written="6.6万元")
    village = DraftClaim("v", "gz", "Village", 12, "结对12个村，投入6.6万元", "结对12个村，投入6.6万元。")
    assert (claim_number(money), claim_number(village)) == ("6.6", "12")
    gold = CorpusGold("x.txt", {}, [], [], [], [], [], ["6.6", "12", "45.2"])
    draft = DraftRecord({"id": "x", "title": "x"}, [], [DraftEntity("gz", "Place", "高州市", code="440981")],
                        [], [money, village])
    scores, misses, _ = score_corpus_draft(gold, draft)
    assert (scores["claims"].tp, scores["claims"].fp, scores["claims"].fn) == (2, 0, 1)
    assert misses["claims"] == ["45.2"]
    # a number only in a statement is no claim: 6.6 is not matched by the village claim alone
    draft = DraftRecord({"id": "x", "title": "x"}, [], [DraftEntity("gz", "Place", "高州市", code="440981")],
                        [], [village])
    scores, misses, _ = score_corpus_draft(gold, draft)
    assert scores["claims"].tp == 1 and "6.6" in misses["claims"]


def test_an_investment_in_a_works_built_in_a_village_lands_on_the_village(run: Any) -> None:
    d = run("高州市荔香农业有限公司投资300万元在分界镇储良村建设荔枝加工厂。")
    name = {e.ref: e.name for e in d.entities}
    assert {(name[r.from_], name[r.to]) for r in d.relations if r.type == "INVESTS_IN"} == \
        {("高州市荔香农业有限公司", "储良村")}


def test_a_figure_in_a_report_of_no_one_place_is_about_the_place_named_last_before_it(run: Any) -> None:
    """A body helping counties of three provinces has no place of its own; 当地 is the place just named."""
    d = run("民盟广东省委会帮扶广东省高州市，又帮扶湖南省安化县，还帮扶广西壮族自治区大化瑶族自治县。"
            "当地贫困户从404户减少到239户。", head="")
    about = {c.count: c.about for c in d.claims if c.what}
    names = {e.ref: e.name for e in d.entities}
    assert {k: names[v] for k, v in about.items()} == {404: "大化瑶族自治县", 239: "大化瑶族自治县"}
