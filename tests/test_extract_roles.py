"""Roles (HOLDS_ROLE with its title, MEMBER_OF a party) from sentences written for these tests: real place
names of 高州市 and 茂名市 so that the places resolve; people, companies and wording made up. Every role
must carry its sentence and stay next to its name."""

from __future__ import annotations

from typing import Any

import pytest

from tongxin.extract import DraftRecord, extract_report


def roles(d: DraftRecord, type_: str = "HOLDS_ROLE") -> set[tuple[str, str]]:
    name = {e.ref: e.name for e in d.entities}
    return {(name[r.from_], name[r.to]) for r in d.relations if r.type == type_}


def titles(d: DraftRecord) -> dict[tuple[str, str], str]:
    name = {e.ref: e.name for e in d.entities}
    return {(name[r.from_], name[r.to]): r.props["title"] for r in d.relations if r.type == "HOLDS_ROLE"}


def test_a_chain_of_titles_gives_one_role_per_link(run: Any) -> None:
    s = "民盟茂名市委副主委、高州市荔香农业有限公司董事长李志强出席活动。"
    d = run(s)
    assert titles(d) == {("李志强", "民盟茂名市委"): "副主委", ("李志强", "高州市荔香农业有限公司"): "董事长"}
    for r in d.relations:
        assert r.evidence == s and r.mentions and r.mentions[0].text == s


def test_a_chain_goes_on_across_a_comma_after_a_post_of_a_body_written_out(run: Any) -> None:
    d = run("民革中央副主席、广东省政协副主席、民革广东省委会主委，广东省地方金融监督管理局局长欧阳泽华，"
            "民革广东省委会秘书长胡军来到储良村。")
    assert titles(d) == {("欧阳泽华", "民革中央"): "副主席", ("欧阳泽华", "广东省政协"): "副主席",
                         ("欧阳泽华", "民革广东省委会"): "主委", ("欧阳泽华", "广东省地方金融监督管理局"): "局长",
                         ("胡军", "民革广东省委会"): "秘书长"}
    # a name before the comma closes the chain: 林海峰's post is not 钱文博's
    assert roles(run("民革茂名市委主委林海峰，高州市工商联主席钱文博出席。")) == {
        ("林海峰", "民革茂名市委"), ("钱文博", "高州市工商联")}


def test_a_body_named_again_without_its_party_and_place_is_that_body(run: Any) -> None:
    """经济委员会委员甲、乙 after 致公党湖北省经济委员会: the short form is the body named before (one body
    shortens so); its members hold posts in it."""
    d = run("3月21日，致公党湖北省经济委员会赴郧西开展捐赠活动。经济委员会委员赵某清、鞠某辉一行来到茅坪村。")
    assert {("赵某清", "致公党湖北省经济委员会"), ("鞠某辉", "致公党湖北省经济委员会")} <= roles(d), roles(d)
    assert [e.name for e in d.entities if e.name.endswith("经济委员会")] == ["致公党湖北省经济委员会"]


def test_a_bare_party_committee_before_a_party_post_is_the_partys_named_before(run: Any) -> None:
    """，省委会主委某 / 省直工委副主委某: the democratic parties' own words for their committees, written with
    neither party nor place, are the committee of that level the report named (else the level's place)."""
    d = run("四川省武胜县。农工党四川省委在武胜县启动活动。省政协副主席、省委会主委王某荣出席，省委会副主委张某文主持。")
    assert {("王某荣", "农工党四川省委"), ("张某文", "农工党四川省委")} <= roles(d), roles(d)
    d = run("阳原县。民盟河北省直工委一行在省直工委主委张某钢，省直工委副主委韩某、耿某巧带领下来到牛坊沟村。")
    assert {("张某钢", "民盟河北省直工委"), ("韩某", "民盟河北省直工委"), ("耿某巧", "民盟河北省直工委")} <= roles(d), roles(d)
    assert not roles(run("四川省武胜县。省委会主委王某荣出席。")), "no party named: no committee"


def test_a_village_post_with_no_village_written_is_the_village_named_before(run: Any) -> None:
    """驻村第一书记某: the village the sentence named before the title, else the only one the report named."""
    d = run("高州市分界镇储良村。在储良村委会办公楼前，驻村第一书记景某林介绍了村里的情况。")
    assert titles(d)[("景某林", "储良村")] == "驻村第一书记"
    d = run("高州市分界镇储良村。随后，大家听取了驻村第一书记荆某的汇报。")
    assert ("荆某", "储良村") in roles(d)
    d = run("高州市分界镇储良村和民胜村。随后，大家听取了驻村第一书记荆某的汇报。")
    assert not any(a == "荆某" for a, _ in roles(d)), "two villages named: which is not said"


def test_a_head_of_government_after_the_previous_holder_is_of_that_holders_place(run: Any) -> None:
    """某乡党委书记甲、乡长乙: 乙 heads the township 甲's committee is of; a head of another level is not."""
    assert titles(run("阳原县井儿沟乡党委书记程某军、乡长谢某峰出席。"))[("谢某峰", "井儿沟乡")] == "乡长"
    assert titles(run("沾化区人大常委会副主任杨某章、副区长韩某辉出席。"))[("韩某辉", "沾化区")] == "副区长"
    assert ("谢某峰", "阳原县") not in roles(run("阳原县委书记程某、乡长谢某峰出席。"))


def test_posts_listed_after_a_holder_whose_post_names_no_body_keep_the_body_before(run: Any) -> None:
    """…乡长乙，党委委员、武装部部长丙，副乡长丁: 丁 heads the township and 丙 sits on its committee, though 丙's
    last post (武装部部长) names no body the holders before held."""
    d = run("阳原县井儿沟乡党委书记程某军，副书记、乡长谢某峰，党委委员、武装部部长刘某鹏，副乡长姚某田出席。")
    t = titles(d)
    assert t[("刘某鹏", "井儿沟乡党委")] == "党委委员" and t[("姚某田", "井儿沟乡")] == "副乡长"


def test_a_deputy_head_of_a_county_with_a_qualifier_holds_the_county(run: Any) -> None:
    d = run("考察的领导有：高州市常务副市长李向上、电白区挂职副区长朱亚群。")
    assert titles(d) == {("李向上", "高州市"): "常务副市长", ("朱亚群", "电白区"): "挂职副区长"}


def test_a_party_post_under_a_bare_level_committee_is_the_democratic_partys(run: Any) -> None:
    d = run("民革茂名市委专职副主委汪迎伟出席。市委专职副主委汪迎伟带领民革茂名市委前往储良村。")
    assert roles(d) == {("汪迎伟", "民革茂名市委")}


def test_the_deputy_of_any_post(run: Any) -> None:
    d = run("民盟茂名市委常委、广东石油化工学院副校长徐爱俊，高州市人民医院副院长卢全国出席。")
    assert titles(d) == {("徐爱俊", "民盟茂名市委"): "常委", ("徐爱俊", "广东石油化工学院"): "副校长",
                         ("卢全国", "高州市人民医院"): "副院长"}


def test_more_posts_of_boards_and_ministries(run: Any) -> None:
    d = run("高州市荔香农业有限公司董事马征、高州市总商会监事长刘延忠，国务院侨办国内司司长王萍出席。")
    assert titles(d) == {("马征", "高州市荔香农业有限公司"): "董事", ("刘延忠", "高州市总商会"): "监事长",
                         ("王萍", "国务院侨办"): "国内司司长"}


def test_more_posts_of_legislatures_and_firms(run: Any) -> None:
    d = run("全国人大常委会副委员长、民盟中央主席李明一行到储良村考察。")
    assert roles(d) == {("李明", "全国人大常委会"), ("李明", "民盟中央")}
    assert roles(run("高州市荔香农业有限公司常务副总石剑一行现场为储良村捐助20万元。")) == {
        ("石剑", "高州市荔香农业有限公司")}
    # 一行 right after the name, 为 after it (jieba: 石剑一/行为): the name ends before 一
    assert roles(run("高州市荔香农业有限公司常务副总石剑一行为储良村捐助20万元。")) == {
        ("石剑", "高州市荔香农业有限公司")}


def test_a_chain_goes_on_over_the_places_its_next_body_is_written_after(run: Any) -> None:
    assert roles(run("高州市政协常委、分界镇储良村第一书记张新华出席。")) == {("张新华", "高州市政协"), ("张新华", "储良村")}


def test_a_village_post_written_after_the_name_is_of_the_village_before_it(run: Any) -> None:
    d = run("高州市分界镇储良村王建书记介绍了村里的情况。")
    assert titles(d) == {("王建", "储良村"): "书记"}
    assert roles(run("高州市分界镇储良村的王建书记介绍了村里的情况。")) == set()  # (的 between: no apposition)


def test_a_post_in_a_unit_of_a_body_is_held_in_the_body(run: Any) -> None:
    # a trade union, an office (办) between the body and the title
    assert roles(run("高州市人民医院工会主席宋建军带队驻扎在储良村。")) == {("宋建军", "高州市人民医院")}
    assert roles(run("高州市文体局产业办主任胡立彬长期关心村里的产业。")) == {("胡立彬", "高州市文体局")}


def test_a_post_of_a_unit_right_after_the_previous_holder_is_in_the_holders_body(run: Any) -> None:
    d = run("茂名市委统战部副调研员杨汝萍、党派科科长郭京康到储良村调研。")
    assert titles(d) == {("杨汝萍", "茂名市委统战部"): "副调研员", ("郭京康", "茂名市委统战部"): "党派科科长"}
    # a party's working committees after a comma; a level committee is no unit of the holder's body
    d = run("民盟广东省委常委、生态委主任王丰，文委主任吴志武，社法委副主任宋世斌参加。")
    assert roles(d) == {("王丰", "民盟广东省委"), ("吴志武", "民盟广东省委"), ("宋世斌", "民盟广东省委")}
    assert roles(run("民盟茂名市委主委林海峰，县委副书记李明出席。")) == {("林海峰", "民盟茂名市委")}


def test_a_life_honour_qualifies_the_post(run: Any) -> None:
    assert titles(run("高州市总商会永久荣誉会长郝贵江出席。")) == {("郝贵江", "高州市总商会"): "永久荣誉会长"}


def test_two_posts_joined_by_jian_are_held_in_one_body(run: Any) -> None:
    d = run("民革茂名市委参加。民革茂名市委专职副主委兼秘书长陈安主持仪式。")
    assert titles(d) == {("陈安", "民革茂名市委"): "专职副主委、秘书长"}


def test_jiusan_short_committee_after_a_glued_preposition_holds_the_party_post(run: Any) -> None:
    # jieba: 由社/市委; 社市委 is 九三学社's own short form, not the CPC 市委
    d = run("九三学社茂名市委会参加。仪式由社市委专职副主委兼秘书长陈安主持。")
    assert roles(d) == {("陈安", "九三学社茂名市委会")}
    assert not any(e.kind == "PartyCommittee" for e in d.entities)


def test_a_village_party_body_named_only_in_the_title(run: Any) -> None:
    d = run("储良村党总支书记刘建华向来宾介绍了村里的情况。")
    # the village's own body: a post of the village (who leads it), the body's word in the title
    assert titles(d) == {("刘建华", "储良村"): "党总支书记"}
    assert next(e for e in d.entities if e.name == "储良村党总支").kind == "PartyCommittee"
    assert titles(run("储良村党支部书记刘建华介绍了村里的情况。")) == {("刘建华", "储良村"): "党支部书记"}
    # a township's committee stays the committee
    assert titles(run("分界镇党委书记刘建华介绍了镇里的情况。")) == {("刘建华", "分界镇党委"): "党委书记"}


def test_the_committee_member_heading_its_department_is_one_post(run: Any) -> None:
    d = run("高州市委统战部副部长杨国平，茂名市委常委、统战部部长陈立新出席仪式。")
    # the department of the committee written in the chain, not the one named before
    assert titles(d) == {("杨国平", "高州市委统战部"): "副部长", ("陈立新", "茂名市委统战部"): "市委常委、统战部部长"}


def test_a_chain_that_names_an_unknown_committee_takes_no_other_department(run: Any) -> None:
    d = run("茂名市委统战部副部长杨国平，区委常委、统战部长陈立新出席仪式。")
    assert ("陈立新", "茂名市委统战部") not in roles(d)


def test_a_township_head_after_its_party_title_holds_the_township_government(run: Any) -> None:
    d = run("分界镇人民政府与高州市总商会签约。分界镇党委副书记、镇长黄志明表示欢迎。")
    assert titles(d) == {("黄志明", "分界镇党委"): "党委副书记", ("黄志明", "分界镇人民政府"): "镇长"}


def test_a_company_party_committee_is_the_company(run: Any) -> None:
    d = run("高州市荔香农业有限公司党委副书记许志强介绍了项目情况。")
    assert titles(d) == {("许志强", "高州市荔香农业有限公司"): "党委副书记"}


def test_names_listed_after_a_title_and_a_post_after_a_comma_share_the_body(run: Any) -> None:
    d = run("民革茂名市委副主委林海峰、赵子龙，秘书长钱文博一行到储良村调研。")
    assert roles(d) == {("林海峰", "民革茂名市委"), ("赵子龙", "民革茂名市委"), ("钱文博", "民革茂名市委")}
    assert titles(d)[("钱文博", "民革茂名市委")] == "秘书长"


def test_posts_listed_after_a_holder_share_the_body(run: Any) -> None:
    d = run("民革茂名市委主委林海峰、副主委赵子龙、常委钱文博一行到储良村调研。")
    assert titles(d) == {("林海峰", "民革茂名市委"): "主委", ("赵子龙", "民革茂名市委"): "副主委",
                         ("钱文博", "民革茂名市委"): "常委"}
    # a post of a government is no post of the body listed before it
    assert ("钱文博", "民革茂名市委") not in roles(run("民革茂名市委副主委林海峰、副县长钱文博一行到储良村调研。"))


def test_a_party_committee_by_its_level_word_alone_in_a_later_sentence(run: Any) -> None:
    d = run("民革茂名市委会到储良村开展活动。市委会主委林海峰、副主委赵子龙参加。")
    assert roles(d) == {("林海峰", "民革茂名市委会"), ("赵子龙", "民革茂名市委会")}, roles(d)


def test_a_party_group_post_listed_after_a_holder_is_in_the_same_body(run: Any) -> None:
    d = run("高州市工商联主席张三、党组书记李四到储良村调研。")
    assert titles(d) == {("张三", "高州市工商联"): "主席", ("李四", "高州市工商联"): "党组书记"}, titles(d)
    # a 党委书记 is no post of the body before (another body's committee)
    assert ("李四", "高州市工商联") not in roles(run("高州市工商联主席张三、党委书记李四到储良村调研。"))


def test_a_government_title_after_a_comma_does_not_take_the_body_before(run: Any) -> None:
    d = run("民革茂名市委副主委林海峰，副县长钱文博一行到储良村调研。")
    assert ("钱文博", "民革茂名市委") not in roles(d)


def test_a_party_body_whose_party_is_named_before_in_the_sentence(run: Any) -> None:
    d = run("民进广东省委会主委孙文华、广西区委会主委黄德明出席座谈会。")
    assert roles(d) == {("孙文华", "民进广东省委会"), ("黄德明", "民进广西区委会")}


def test_a_short_form_of_a_body_named_before(run: Any) -> None:
    d = run("高州市乡贤联谊总会在分界镇成立。市乡贤联谊总会会长黄志坚讲话。")
    assert ("黄志坚", "高州市乡贤联谊总会") in roles(d)


def test_an_anaphor_for_the_body_named_before(run: Any) -> None:
    d = run("高州市乡贤联谊总会成立。该会会长何志明表示将带动会员参与帮扶。")
    assert roles(d) == {("何志明", "高州市乡贤联谊总会")}


def test_a_title_in_brackets_after_the_name(run: Any) -> None:
    d = run("企业家王建军（高州市总商会会长）出席签约仪式。")
    assert titles(d) == {("王建军", "高州市总商会"): "会长"}


@pytest.mark.parametrize("verb", ["担任", "被聘为", "当选为"])
def test_verb_frames(run: Any, verb: str) -> None:
    d = run(f"今年，张国庆{verb}储良村名誉村主任。")
    assert titles(d) == {("张国庆", "储良村"): "名誉村主任"}


def test_a_person_who_is_the_holder_of_posts(run: Any) -> None:
    # 李某是/现任 X副会长、Y董事长: a role in each body (现任 is no part of the body's name, though jieba tags it a noun)
    d = run("企业家李志强是高州市总商会副会长、高州市荔香农业有限公司董事长。")
    assert titles(d) == {("李志强", "高州市总商会"): "副会长", ("李志强", "高州市荔香农业有限公司"): "董事长"}
    d = run("企业家李志强现任高州市总商会副会长。")
    assert titles(d) == {("李志强", "高州市总商会"): "副会长"}
    assert titles(run("企业家李志强是高州市人。")) == {}
    # (现任 right after a name marks a person, as 担任 does)
    assert titles(run("李志强现任高州市荔香农业有限公司董事长。")) == {("李志强", "高州市荔香农业有限公司"): "董事长"}


def test_the_village_elided_in_a_one_village_report_is_marked_for_review(run: Any) -> None:
    d = run("储良村召开村民大会，张国庆介绍了村里的变化。自从张国庆当了名誉村主任，村里变化很大。")
    rel = next(r for r in d.relations if r.type == "HOLDS_ROLE")
    assert roles(d) == {("张国庆", "储良村")} and rel.review


def test_the_village_elided_with_two_villages_named_is_left_out(run: Any) -> None:
    d = run("储良村和民胜村召开村民大会，张国庆介绍了村里的变化。自从张国庆当了名誉村主任，村里变化很大。")
    assert roles(d) == set()


def test_membership_of_a_party(run: Any) -> None:
    d = run("民革茂名市委在储良村开展义诊。李明华，民革茂名市委党员，长期关注乡村教育。")
    assert roles(d, "MEMBER_OF") == {("李明华", "民革茂名市委")}
    assert roles(d) == set()


def test_no_role_without_a_title_next_to_the_name(run: Any) -> None:
    d = run("高州市总商会会长王建军与储良村党支部书记李红梅签订帮扶协议，何志明出席。")
    assert roles(d) == {("王建军", "高州市总商会"), ("李红梅", "储良村")}


def test_a_department_inside_a_body_is_the_body(run: Any) -> None:
    d = run("高州市荔香农业有限公司办公室主任李红梅介绍了帮扶项目。")
    assert titles(d) == {("李红梅", "高州市荔香农业有限公司"): "办公室主任"}


def test_a_body_named_by_its_kind_after_it_was_named(run: Any) -> None:
    d = run("高州市总商会在储良村召开帮扶大会。商会会长翟志远表示将继续支持储良村。")
    assert roles(d) == {("翟志远", "高州市总商会")}


def test_a_body_named_by_its_kind_is_no_guess_when_two_fit(run: Any) -> None:
    d = run("高州市总商会和分界镇商会在储良村召开帮扶大会。商会会长翟志远表示将继续支持储良村。")
    assert roles(d) == set()


def test_a_title_after_a_body_title_keeps_the_body(run: Any) -> None:
    d = run("高州市荔香农业有限公司党委书记、董事长黄国栋出席仪式。")
    assert titles(d) == {("黄国栋", "高州市荔香农业有限公司"): "党委书记、董事长"}  # one body, one role
    d = run("高州市工商联党组书记、主席黄国栋出席仪式。")
    assert titles(d) == {("黄国栋", "高州市工商联"): "党组书记、主席"}


def test_a_membership_in_a_chain(run: Any) -> None:
    d = run("民盟茂名市委盟员、高州市荔香农业有限公司办公室主任杨爱华介绍了项目。")
    assert roles(d, "MEMBER_OF") == {("杨爱华", "民盟茂名市委")}
    assert titles(d) == {("杨爱华", "高州市荔香农业有限公司"): "办公室主任"}


def test_an_apposition_with_the_body_written(run: Any) -> None:
    d = run("企业家李志强，高州市荔香农业有限公司董事长，多年来帮扶储良村。")
    assert titles(d) == {("李志强", "高州市荔香农业有限公司"): "董事长"}


def test_the_role_verb_later_in_the_clause(run: Any) -> None:
    d = run("市领导张国庆出席。张国庆到储良村任第一书记以来，村里变化很大。")
    assert titles(d) == {("张国庆", "储良村"): "第一书记"}


def test_a_profile_then_the_post(run: Any) -> None:
    d = run("企业家李志强，男，汉族，1968年出生，现任高州市荔香农业有限公司董事长。")
    assert [t for (p, _), t in titles(d).items() if p == "李志强"] == ["董事长"]


def test_a_village_appoints_a_named_person(run: Any) -> None:
    d = run("储良村聘请企业家李志强为名誉村主任。")
    assert titles(d) == {("李志强", "储良村"): "名誉村主任"}


def test_a_role_verb_needs_a_title_after_it(run: Any) -> None:
    d = run("乡贤王志成，男，汉族，任劳任怨，多年来帮扶储良村。")
    assert roles(d) == set()


def test_a_name_joined_by_he_does_not_share_the_title(run: Any) -> None:
    d = run("企业家王建国介绍了情况。分界镇镇长黄志明和王建国一起走访了储良村。")
    assert "王建国" in {e.name for e in d.entities if e.kind == "Person"}
    assert roles(d) == {("黄志明", "分界镇")}


def test_a_quoted_project_between_the_body_and_the_title(run: Any) -> None:
    d = run("高州市荔香农业有限公司“荔香课堂”负责人黄国栋为村民讲解种植技术。")
    assert titles(d) == {("黄国栋", "高州市荔香农业有限公司"): "“荔香课堂”负责人"}


def test_a_report_that_opens_with_a_name() -> None:
    d = extract_report("王建国介绍，储良村党总支书记刘建华出席。\n", file_name="t.txt")
    assert ("王建国", "储良村党总支") not in roles(d)


def test_a_line_of_an_appointee_list() -> None:
    # 李某 某公司总经理，任某村“名誉村长”: the post at the body, and the village post after 任
    d = extract_report("高州市聘任名誉村长：\n李建中 高州市鑫达实业有限公司总经理，任分界镇储良村“名誉村长”；\n", file_name="t.txt")
    assert titles(d) == {("李建中", "高州市鑫达实业有限公司"): "总经理", ("李建中", "储良村"): "名誉村长"}
    # a space inside a sentence is no such line
    d = extract_report("高州市召开会议，李建中 高州市鑫达实业有限公司总经理，任分界镇储良村“名誉村长”。\n", file_name="t.txt")
    assert ("李建中", "高州市鑫达实业有限公司") not in titles(d)


def test_a_post_after_the_name_as_well_as_the_title_before_it(run: Any) -> None:
    d = run("高州市荔香农业有限公司董事长李志强受聘担任储良村名誉村主任。")
    assert titles(d) == {("李志强", "高州市荔香农业有限公司"): "董事长", ("李志强", "储良村"): "名誉村主任"}
    d = run("民盟茂名市委副主委李志强担任高州市荔香农业有限公司董事长。")
    assert titles(d) == {("李志强", "民盟茂名市委"): "副主委", ("李志强", "高州市荔香农业有限公司"): "董事长"}


def test_a_committee_named_only_as_a_seat_folded_into_the_department_is_no_entity(run: Any) -> None:
    d = run("茂名市委常委、统战部部长陈立新出席仪式。")
    assert titles(d) == {("陈立新", "茂名市委统战部"): "市委常委、统战部部长"}
    assert "茂名市委" not in {e.name for e in d.entities}
    # named again elsewhere, or holding someone's post: it stays
    d = run("茂名市委常委、统战部部长陈立新出席仪式。茂名市委高度重视乡村振兴。")
    assert "茂名市委" in {e.name for e in d.entities}
    d = run("高州市委书记李志强、茂名市委常委、统战部部长陈立新出席仪式。")
    assert {e.name for e in d.entities if e.kind == "PartyCommittee"} == {"高州市委"}


@pytest.mark.parametrize(("sentence", "expected"), [
    ("茂名市委常委、组织部部长陈立新出席仪式。",
     {("陈立新", "茂名市委"): "市委常委", ("陈立新", "茂名市委组织部"): "组织部部长"}),
    ("茂名市委副书记兼宣传部部长王晓出席仪式。",
     {("王晓", "茂名市委"): "市委副书记", ("王晓", "茂名市委宣传部"): "宣传部部长"}),
    # the 统战部 after another department is still that committee's (the seat is not folded: not next to it)
    ("茂名市委常委、组织部长、统战部长董邦义出席仪式。",
     {("董邦义", "茂名市委"): "市委常委", ("董邦义", "茂名市委组织部"): "组织部长", ("董邦义", "茂名市委统战部"): "统战部长"}),
    # a democratic party's 组织部 is that party's (the link before is no CPC committee)
    ("民盟茂名市委组织部部长张三出席仪式。", {("张三", "民盟茂名市委组织部"): "部长"}),
])
def test_a_seat_then_another_department_of_the_committee(run: Any, sentence: str, expected: dict[tuple[str, str], str]) -> None:
    """县委常委、组织部长: the seat and the committee's 组织部 (or 宣传部), each a role; only a 统战部 head's seat is
    folded into the post (the corpus gold's reading)."""
    assert titles(run(sentence)) == expected


def test_a_county_committee_keeps_the_name_the_report_writes_for_a_renamed_county(run: Any) -> None:
    # 黔西县 is 黔西市 (520581) in the division list since 2021
    d = run("民建河北省委赴贵州省黔西县花溪乡安作村考察。黔西县委常委、统战部长李学军全程陪同考察。")
    assert set(roles(d)) == {("李学军", "黔西县委统战部")}
    # 下城区 was merged into 拱墅区 (330105) in 2021: its committee is the 下城区委 the report names, not a 拱墅区委
    d = run("杭州市民革市委会赴桐庐县百江镇调研。下城区区委书记陈卫强主持会议。")
    assert titles(d) == {("陈卫强", "下城区委"): "区委书记"}, titles(d)


@pytest.mark.parametrize("sentence, holder, body, title", [
    ("王建国（高州市总商会会长）出席。", "王建国", "高州市总商会", "会长"),  # the body and post in brackets
    ("2019年，王建国任储良村第一书记。", "王建国", "储良村", "第一书记"),  # the post given by 任
])
def test_a_name_opening_a_clause_before_the_post_it_holds(run: Any, sentence: str, holder: str, body: str,
                                                          title: str) -> None:
    assert titles(run(sentence)).get((holder, body)) == title, titles(run(sentence))


def test_a_village_branch_secretary_who_also_heads_its_committee_holds_one_role_in_the_village(run: Any) -> None:
    # 某村党支部书记、村委会主任: both posts are the village's, one role titled with both
    d = run("广东省高州市分界镇。储良村党支部书记、村委会主任陈建国介绍了情况。", head="")
    assert titles(d) == {("陈建国", "储良村"): "党支部书记、村委会主任"}


def test_a_post_in_a_peoples_congress_named_without_its_standing_committee(run: Any) -> None:
    # 镇人大主席, 市人大副主任: the congress of the place, as the report writes it
    d = run("广东省高州市分界镇。分界镇人大主席李某明出席。", head="")
    assert titles(d) == {("李某明", "分界镇人大"): "主席"}, titles(d)


def test_an_executive_post_after_the_previous_holder_keeps_that_body(run: Any) -> None:
    assert titles(run("高州市工商联党组书记李某明，执行副主席王某强出席。"))[("王某强", "高州市工商联")] == "执行副主席"


@pytest.mark.parametrize("after", ["说，今年村里脱贫了。", "说。"])
def test_a_name_after_a_title_ends_before_said(run: Any, after: str) -> None:
    # 第一书记李/明说: jieba glues the name's last character to 说
    d = run(f"储良村第一书记李明{after}")
    assert {e.name for e in d.entities if e.kind == "Person"} == {"李明"}


def test_a_standing_committee_seat_and_the_department_head_written_together(run: Any) -> None:
    # 县委常委统战部长: the two posts with nothing between them, as 县委常委、统战部长
    d = run("湖南省怀化市中方县。民盟怀化市委副主委刘岚、县委常委统战部长王燕带队到中方镇荆坪村。", head="")
    assert ("王燕", "中方县委统战部") in roles(d)


def test_a_post_of_the_body_whose_group_the_holder_leads(run: Any) -> None:
    d = run("民建茂名市委一行在专职副主委范社岭带领下，专程赴高州市分界镇储良村进行实地考察和帮扶。")
    assert titles(d) == {("范社岭", "民建茂名市委"): "专职副主委"}
    d = run("高州市总商会一行在会长李志强的带领下来到储良村。")
    assert titles(d) == {("李志强", "高州市总商会"): "会长"}


def test_a_democratic_party_work_committee_and_a_name_read_as_a_time_word(run: Any) -> None:
    d = run("茂名市政协副主席、民建茂名市工委主委秦天志全程陪同考察。")
    assert titles(d) == {("秦天志", "茂名市政协"): "副主席", ("秦天志", "民建茂名市工委"): "主委"}


def test_posts_after_a_comma_keep_the_body_of_the_holder_before(run: Any) -> None:
    d = run("分界镇党委书记李志强，副书记、镇长王小明，高州多兴农业科技公司董事长薄春霞出席活动。")
    assert titles(d) == {("李志强", "分界镇党委"): "党委书记", ("王小明", "分界镇党委"): "副书记",
                         ("王小明", "分界镇"): "镇长", ("薄春霞", "高州多兴农业科技公司"): "董事长"}


def test_a_full_time_post_after_a_comma_keeps_the_body_before(run: Any) -> None:
    d = run("高州市政协副主席、民进高州市委会主委张媛，专职副主委李世光参与此次捐献活动。")
    assert titles(d)[("李世光", "民进高州市委会")] == "专职副主委"


def test_a_party_department_head_after_a_comma_is_of_the_democratic_partys_committee(run: Any) -> None:
    d = run("民进高州市委会主委张媛，组织部长李艳秋参与此次捐献活动。")
    assert titles(d)[("李艳秋", "民进高州市委会")] == "组织部长"
    # not a CPC committee's: 市委书记甲，组织部长乙 is a head of its 组织部, no rule here reads it
    assert not any(p == "李艳秋" for p, _ in titles(run("高州市委书记张媛，组织部长李艳秋参加。")))


def test_staff_titles_of_a_department_a_school_and_a_company(run: Any) -> None:
    d = run("高州市委统战部副调研员李志强、茂名学院教授张海明、高州农业集团分界分公司经理王小明出席。")
    assert titles(d) == {("李志强", "高州市委统战部"): "副调研员", ("张海明", "茂名学院"): "教授",
                         ("王小明", "高州农业集团分界分公司"): "经理"}


def test_a_post_written_after_the_name_is_of_the_last_body_of_its_kind(run: Any) -> None:
    d = run("民盟茂名市委秘书长彭光华受姚凯伦主委委托，专程来到储良村。")
    assert titles(d) == {("彭光华", "民盟茂名市委"): "秘书长", ("姚凯伦", "民盟茂名市委"): "主委"}
    assert next(r for r in d.relations if r.props.get("title") == "主委").review
    # no body of the kind in the sentence: no role
    d = run("高州市总商会召开大会。在李志强会长的带领下，会员来到储良村。")
    assert "李志强" in {e.name for e in d.entities if e.kind == "Person"} and titles(d) == {}
    # what the bearer then does or who comes along may follow the post
    d = run("九三学社高州市第一支社张建国主委与高州市人大代表一行20人来到储良村。")
    assert titles(d) == {("张建国", "九三学社高州市第一支社"): "主委"}
    # a secretary-general after the name: of the party committee or association named before
    d = run("民革高州市委会载着慰问物资，陈立信秘书长带领机关干部赴储良村慰问。")
    assert titles(d) == {("陈立信", "民革高州市委会"): "秘书长"}


def test_a_partys_level_committee_is_the_one_the_report_named_not_the_place_visited(run: Any) -> None:
    d = run("民盟高州市委课题组于6月18日赴化州市调研。民盟市委副主委董学平参加调研。")
    assert titles(d) == {("董学平", "民盟高州市委"): "副主委"}


def test_a_bank_branch_head_and_the_head_of_a_group_inside_an_office(run: Any) -> None:
    d = run("中国农业发展银行高州市支行副行长于永辉，高州市扶贫办社会扶贫组组长王传玉出席。")
    assert roles(d) == {("于永辉", "中国农业发展银行高州市支行"), ("王传玉", "高州市扶贫办")}


def test_a_monk_abbot_of_a_temple(run: Any) -> None:
    # a Buddhist name opens with 释; 住持 is the abbot's title
    d = run("高州市佛教协会副会长、观音寺住持释融禅来到储良村慰问。宗教界人士参加。")
    assert {("释融禅", "高州市佛教协会"), ("释融禅", "观音寺")} <= roles(d), roles(d)


@pytest.mark.parametrize("sentence, title", [
    ("储良村村长王泽俊告诉记者。", "村长"),
    ("储良村驻村第一书记王泽俊介绍。", "驻村第一书记"),
])
def test_a_village_head_and_a_resident_first_secretary(run: Any, sentence: str, title: str) -> None:
    assert titles(run(sentence)) == {("王泽俊", "储良村"): title}


def test_a_chain_goes_on_past_a_body_no_rule_read(run: Any) -> None:
    # 营口市农科所 is no organisation the extractor finds: the posts before it still hold
    d = run("揭牌仪式在营口市举行。民盟营口市委主委、营口市农科所所长代萍主持仪式。")
    assert set(roles(d)) == {("代萍", "民盟营口市委")}
    # (a department it does find is one more body of the chain)
    d = run("揭牌仪式在营口市举行。民盟营口市委主委、市农业农村局局长代萍主持仪式。")
    assert set(roles(d)) == {("代萍", "民盟营口市委"), ("代萍", "营口市农业农村局")}
    # 院士 is a title: the chain reads on through it
    d = run("辽宁省政协副主席、中国工程院院士、大连化物所所长、民盟辽宁省委主委刘中民出席。")
    assert set(roles(d)) == {("刘中民", "辽宁省政协"), ("刘中民", "中国工程院"), ("刘中民", "民盟辽宁省委")}
    # the unread words inherit no body from the link before (局长 is not the 政协's)
    d = run("营口市政协副主席、营口市农科所所长代萍出席。")
    assert set(roles(d)) == {("代萍", "营口市政协")}


def test_a_seat_in_a_bodys_leading_group_is_a_post_of_that_body(run: Any) -> None:
    d = run("福建省侨联开展活动。省侨联党组成员、副主席翁小杰出席。", head="")
    assert titles(d) == {("翁小杰", "福建省侨联"): "党组成员、副主席"}


@pytest.mark.parametrize("title", ["副总裁", "常务副总裁"])
def test_a_deputy_president_of_a_company(run: Any, title: str) -> None:
    d = run(f"杭州卓健信息科技有限公司{title}叶建统任储良村“名誉村长”。")
    assert titles(d)[("叶建统", "杭州卓健信息科技有限公司")] == title


@pytest.mark.parametrize("written, title", [("沧源村支书", "支书"), ("沧源村主任", "主任"), ("沧源村村主任", "村主任")])
def test_a_village_keeps_its_level_word_before_a_title_that_could_take_it(run: Any, written: str, title: str) -> None:
    d = run(f"江西省抚州市崇仁县礼陂镇{written}周六根带着村民确定路段。", head="")
    assert titles(d) == {("周六根", "沧源村"): title}


def test_an_assistant_post_in_a_section_of_a_department(run: Any) -> None:
    d = run("青海省委统战部召开会议。省委统战部一处助理调研员童宁西出席。", head="")
    assert titles(d) == {("童宁西", "青海省委统战部"): "一处助理调研员"}


def test_a_post_after_the_short_form_given_in_brackets(run: Any) -> None:
    # the body, then its short form in brackets, then the post: the post is in the body
    d = run("高州市嘉华科技有限公司(以下简称“嘉华科技”)总经理李建中到储良村考察。")
    assert titles(d) == {("李建中", "高州市嘉华科技有限公司"): "总经理"}
    d = run("高州市嘉华科技有限公司（简称嘉华科技）总经理李建中到储良村考察。")
    assert titles(d) == {("李建中", "高州市嘉华科技有限公司"): "总经理"}


def test_the_body_that_posts_a_first_secretary_to_a_village_holds_them_too(run: Any) -> None:
    d = run("中共高州市委统战部驻储良村第一书记刘健陪同活动。")
    assert titles(d) == {("刘健", "高州市委统战部"): "驻储良村第一书记", ("刘健", "储良村"): "第一书记"}
    d = run("高州市工商联派驻分界镇储良村第一书记李承宇介绍了情况。")
    assert titles(d)[("李承宇", "高州市工商联")] == "派驻分界镇储良村第一书记"
    # no body written before the posting: the village's post alone
    assert titles(run("储良村第一书记刘健陪同活动。")) == {("刘健", "储良村"): "第一书记"}


@pytest.mark.parametrize(("sentence", "expected"), [
    ("村党支部书记柳国飞表示感谢。", {("柳国飞", "储良村"): "村党支部书记"}),
    ("村支书王东泉致辞。", {("王东泉", "储良村"): "村支书"}),
    ("村党委书记沈斌介绍了情况。", {("沈斌", "储良村"): "村党委书记"}),
    ("村书记赵桂苓、村委会主任高磊等陪同。", {("赵桂苓", "储良村"): "村书记", ("高磊", "储良村"): "村委会主任"}),
    ("村委主任兼书记王吉芬激动地说。", {("王吉芬", "储良村"): "村委主任、书记"}),
])
def test_a_bare_village_post_is_of_the_only_village_named_before(run: Any, sentence: str,
                                                                expected: dict[tuple[str, str], str]) -> None:
    d = run("高州市工商联到分界镇储良村调研。" + sentence)
    assert titles(d) == expected
    assert all(r.review for r in d.relations if r.type == "HOLDS_ROLE")


def test_a_bare_party_post_is_of_the_only_party_body_named_before(run: Any) -> None:
    d = run("民建高州市委积极开展帮扶。7月初，主委刘勇、专职副主委张克敏参加了启动仪式。")
    assert titles(d) == {("刘勇", "民建高州市委"): "主委", ("张克敏", "民建高州市委"): "专职副主委"}
    assert next(r for r in d.relations if r.props.get("title") == "主委").review
    # two party bodies named before: not said which
    d = run("民建高州市委和民盟高州市委开展帮扶。7月初，主委刘勇参加了启动仪式。")
    assert titles(d) == {}


def test_a_bare_village_post_with_two_villages_named_before_is_no_role(run: Any) -> None:
    assert titles(run("高州市工商联到分界镇储良村和民胜村调研。村主任王吉芬激动地说。")) == {}


def test_a_deputy_director_right_after_the_director_is_of_the_same_body(run: Any) -> None:
    d = run("高州市政协文史委主任李波、副主任张福秋出席活动。")
    assert titles(d) == {("李波", "高州市政协文史委"): "主任", ("张福秋", "高州市政协文史委"): "副主任"}


def test_a_company_post_right_after_the_previous_holder_is_in_the_same_company(run: Any) -> None:
    """董事长甲，副董事长、总经理乙: the board's and the management's posts after a comma stay in the company."""
    d = run("高州市荔香农业有限公司董事长陈根喜，副董事长、总经理陈学锋专程来到储良村。")
    assert titles(d) == {("陈根喜", "高州市荔香农业有限公司"): "董事长",
                         ("陈学锋", "高州市荔香农业有限公司"): "副董事长、总经理"}


def test_a_party_committee_post_right_after_the_place_is_that_committees(run: Any) -> None:
    """民革茂名市高州市副主委某: the party's committee of the place (委 left out), not the place."""
    d = run("民革茂名市高州市副主委冯静出席。")
    assert titles(d) == {("冯静", "民革高州市委"): "副主委"}


def test_a_party_post_after_a_firms_holders_is_the_firms(run: Any) -> None:
    """某集团党委书记、董事长甲，总经理乙，党委副书记丙: the firm's party committee's post, counted as the firm's;
    after a township's holders, the township's party committee (found past a holder of another body)."""
    d = run("高州市荔香集团党委书记、董事长蔡余良，总经理刘卫国，党委副书记刘惠谦等一行前往储良村。")
    assert ("刘惠谦", "高州市荔香集团") in roles(d)
    d = run("高州市分界镇党委书记张三，镇长李四，党委副书记王五参加。")
    assert ("王五", "分界镇党委") in roles(d)


def test_a_branch_post_listed_after_a_village_post_is_the_villages(run: Any) -> None:
    """Y村村长甲、党支部书记乙: 乙's post is of the same village (as Y村党支部书记乙's is)."""
    d = run("高州市分界镇储良村村长李四、党支部书记张三参加活动。")
    assert {("李四", "储良村"), ("张三", "储良村")} <= roles(d), roles(d)


@pytest.mark.parametrize("sentence", ["在高州市分界镇储良村，一群游客在村党支部书记张三的带领下参观。",
                                      "考察团来到分界镇储良村，听取村党委书记张三介绍。"])
def test_a_bare_village_post_after_a_clauses_word_is_the_only_villages(run: Any, sentence: str) -> None:
    d = run(sentence)
    assert ("张三", "储良村") in roles(d), roles(d)
    assert all("the only village named before" in (r.review_note or "") for r in d.relations if r.type == "HOLDS_ROLE")


@pytest.mark.parametrize("sentence, body", [
    ("1991年，时任民盟茂名市委主委的李明先生初访储良村。", "民盟茂名市委"),
    ("1998年至2005年期间担任高州市民宗局局长的退休干部李明说。", "高州市民宗局"),
])
def test_a_post_held_then_before_de(run: Any, sentence: str, body: str) -> None:
    """时任X主委的甲, 担任X局长的退休干部甲: the post written before 的, opened by the verb of holding it."""
    assert ("李明", body) in roles(run(sentence))


def test_a_post_before_de_without_the_verb_of_holding_is_none(run: Any) -> None:
    assert roles(run("高州市总商会会长的女儿李明参加活动。")) == set()


@pytest.mark.parametrize("sentence, body", [
    ("县政协常委陈金良所创始的高州市有机良庄有限公司被表彰。", "高州市有机良庄有限公司"),
    ("社员陈金良在该村流转60余亩集体土地，成立“高州三禾农场”，农场先后引进培育晚熟桃子。", "高州三禾农场"),
])
def test_the_founder_of_a_firm_holds_a_post_in_it_for_review(run: Any, sentence: str, body: str) -> None:
    d = run(sentence)
    assert titles(d)[("陈金良", body)] == "创办人"
    verb = "创始" if "创始" in sentence else "成立"
    note = next(r for r in d.relations if r.props.get("title") == "创办人").review_note
    assert note == f"陈金良 {verb} {body}: its founder"


def test_a_firm_founded_by_a_person_and_a_body_has_no_founder_said(run: Any) -> None:
    assert roles(run("李明和高州市总商会成立高州市荔香农业有限公司。")) == set()


def test_the_leaders_of_a_body_listed_after_it(run: Any) -> None:
    """统战部部领导甲、乙、丙: each a leader of the department named before; 在X领导下 names nobody."""
    d = run("茂名市委统战部组织活动。统战部部领导韩俊平、陈通军、谭斌等多次到村调研。")
    assert {("韩俊平", "茂名市委统战部"), ("陈通军", "茂名市委统战部"), ("谭斌", "茂名市委统战部")} <= roles(d), roles(d)
    assert roles(run("在茂名市委统战部领导下开展工作。")) == set()


def test_a_delegations_roster_after_its_leader_holds_posts_of_the_leaders_body(run: Any) -> None:
    """由X会长甲带队，监事长乙，…，副会长丙、丁: the roster of a delegation led by a body's head lists that body's
    posts, also after a member whose post names no body; a post of another body written out stays its own."""
    d = run("高州市荔枝商会组织会员赴根子镇柏桥村开展帮扶活动。由商会会长李志强带队，监事长陈国平，"
            "党支部书记何文，副会长梁伟、黄海涛，秘书长吴敏，高州市工商联副主席钱文博共同组成慰问团。")
    assert titles(d) == {("李志强", "高州市荔枝商会"): "会长", ("陈国平", "高州市荔枝商会"): "监事长",
                         ("梁伟", "高州市荔枝商会"): "副会长", ("黄海涛", "高州市荔枝商会"): "副会长",
                         ("吴敏", "高州市荔枝商会"): "秘书长", ("钱文博", "高州市工商联"): "副主席"}, titles(d)
    # 在X党组书记甲的带领下，副主席乙、丙，副主席、某公司总经理丁: the leader's body, never the firm of the member
    # listed before (a firm has no 副主席)
    d = run("2月3日，在高州市工商联党组书记李志强的带领下，副主席陈国平、何文，副主席、高州荔枝农业有限公司总经理梁伟，"
            "副主席、高州华信科技有限公司董事长黄海涛一行来到储良村。")
    assert titles(d) == {("李志强", "高州市工商联"): "党组书记", ("陈国平", "高州市工商联"): "副主席",
                         ("何文", "高州市工商联"): "副主席", ("梁伟", "高州市工商联"): "副主席",
                         ("梁伟", "高州荔枝农业有限公司"): "总经理", ("黄海涛", "高州市工商联"): "副主席",
                         ("黄海涛", "高州华信科技有限公司"): "董事长"}, titles(d)


def test_a_branch_written_right_before_the_name_is_the_persons(run: Any) -> None:
    # 九三学社某支社朴某教授带领…: the branch, no title between, then the name: a member of the branch
    d = run("6月14日，九三学社高州支社朴志成教授带领支社成员赴储良村。")
    name = {e.ref: e.name for e in d.entities}
    assert {(name[r.from_], name[r.to]) for r in d.relations if r.type == "MEMBER_OF"} == {("朴志成", "九三学社高州支社")}
    # a firm before a name is no branch (高州农业集团李某: an employee, unread)
    d = run("高州农业集团朴志成带领员工赴储良村。")
    assert not [r for r in d.relations if r.type in ("MEMBER_OF", "HOLDS_ROLE")]
