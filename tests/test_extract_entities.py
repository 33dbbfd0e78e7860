"""Organisations, programs and people from sentences written for these tests: real place names (高州市
and its towns and villages, 道县, 南平市 …) so that places resolve; the organisations, programs and
people are made up. Each test is one form of language, not one report's names."""

from __future__ import annotations

from typing import Any

import pytest

from tongxin.extract import DraftRecord, extract_report
from tongxin.extract.entities import name_key


def names(d: DraftRecord, *kinds: str) -> set[str]:
    return {e.name for e in d.entities if e.kind in kinds}


ORG_KINDS = ("PartyCommittee", "UnitedFrontDept", "Federation", "DemocraticParty", "Association", "Enterprise",
             "GovernmentBody", "SocialOrganisation", "Site")


def orgs(d: DraftRecord) -> set[str]:
    return names(d, *ORG_KINDS)


def programs(d: DraftRecord) -> set[str]:
    return names(d, "Program")


def people(d: DraftRecord) -> set[str]:
    return names(d, "Person")


# ------------------------------------------------------------------------------------ organisations


@pytest.mark.parametrize("sentence, org", [
    ("民革高州市直二支部与储良村共建。", "民革高州市直二支部"),
    ("民建高州市委会城区支部组织会员义诊。", "民建高州市委会城区支部"),
    ("民盟茂南区委会第一支部开展活动。", "民盟茂南区委会第一支部"),
    ("农工党茂南区委与民胜村结对。", "农工党茂南区委"),
    ("九三学社茂名市委赴储良村调研。", "九三学社茂名市委"),
    # the branch of a body in a place: an institution or a zone between the place and 支部
    ("民盟高州市人民医院支部与储良村结对。", "民盟高州市人民医院支部"),
    ("民建高州经济开发区支部与民胜村共建。", "民建高州经济开发区支部"),
])
def test_democratic_party_bodies_and_branches(run: Any, sentence: str, org: str) -> None:
    assert org in orgs(run(sentence))


def test_a_branch_ends_at_its_branch_word(run: Any) -> None:
    # 缔结友好支部 after a branch is what the branches do, not a longer name
    d = run("民建茂名茂南三支部与民进高州市委一支部缔结友好支部。")
    assert {"民建茂南三支部", "民进高州市委一支部"} <= orgs(d)
    assert not any("缔结" in o for o in orgs(d))


def test_a_partys_body_is_the_last_place_of_its_written_chain(run: Any) -> None:
    # 民盟茂名市茂南区委员会 is 民盟茂南区委 (the written chain kept as an alias), one body with its short form
    d = run("民盟茂名市茂南区委员会与储良村结对。民盟茂南区委会主委李明讲话。")
    body = [e for e in d.entities if e.kind == "DemocraticParty"]
    assert [e.name for e in body] == ["民盟茂南区委"]
    assert "民盟茂名市茂南区委员会" in body[0].aliases and body[0].place is not None


def test_a_numbered_branch_without_its_party_is_the_reports_party(run: Any) -> None:
    d = run("茂南区五支部主委李明、高州市四支部主委王强介绍了支部工作。会议发挥了民革基层组织的作用。")
    assert {"民革茂南区五支部", "民革高州市四支部"} <= orgs(d)
    # two parties named after it: which one is not said, so no organisation
    d = run("茂南区五支部主委李明介绍了工作。民革、民建的代表参加。")
    assert not any("五支部" in o for o in orgs(d))


def test_a_party_committee_is_not_split_into_its_parent(run: Any) -> None:
    d = run("民建广东省委副主委王立山出席。")
    assert "民建广东省委" in orgs(d) and "广东省委" not in orgs(d)


def test_a_list_of_one_partys_committees_names_the_party_once(run: Any) -> None:
    d = run("民进中央副主席王立山，民进内蒙古区委会主委孙明远、贵州省委会主委钱海涛陪同调研。")
    assert {"民进中央", "民进内蒙古区委会", "民进贵州省委会"} <= orgs(d)
    # (a village listed after another is the village's committee, 大塘村委会, not the party's)
    d = run("民进茂名市委会结对帮扶分界镇储良村、大塘村委会。")
    assert not any(o.startswith("民进") and o.endswith("村委会") for o in orgs(d))


def test_a_bare_committee_after_a_partys_committee_is_the_partys(run: Any) -> None:
    d = run("农工党广西区委组织专家及区委机关全体干部到隆安县调研。", head="")
    assert orgs(d) == {"农工党广西区委"}


def test_a_party_name_inside_other_words_or_before_a_membership_is_no_body(run: Any) -> None:
    assert orgs(run("专家团队为村民进行了义诊。")) == set()
    d = run("民革党员李云峰捐资修路。")
    assert orgs(d) == set() and "李云峰" in people(d)


@pytest.mark.parametrize("sentence, org", [
    ("广东省河南扶沟商会捐资助学。", "广东省河南扶沟商会"),
    ("高州市在广州商会帮扶储良村。", "高州市在广州商会"),
    ("广东荔香农业发展有限公司与储良村签约。", "广东荔香农业发展有限公司"),
    ("高州果丰专业合作社带动农户增收。", "高州果丰专业合作社"),
    ("爱心企业广州市天河区绿源贸易有限公司捐赠物资。", "广州市天河区绿源贸易有限公司"),
    ("华南农业大学水稻创新团队进驻民胜村。", "华南农业大学水稻创新团队"),
    ("广东省农业科学院果树研究所派出专家。", "广东省农业科学院果树研究所"),
    # words of a trade or of whom a body is for, which jieba tags as verbs or times (检测, 销售, 青年)
    ("高州市机动车辆安全技术检测协会参加。", "高州市机动车辆安全技术检测协会"),
    ("茂名市科罗纳多汽车销售服务有限公司捐款。", "茂名市科罗纳多汽车销售服务有限公司"),
    ("高州市青年企业家协会参加。", "高州市青年企业家协会"),
    # a verbal noun in the trade name between the place and the trade (胜利)
    ("高州市阳坊胜利投资管理有限公司总经理李明参加。", "高州市阳坊胜利投资管理有限公司"),
    # a school whose kind jieba reads as one word (初级中学)
    ("高州市分界镇初级中学师生参加。", "分界镇初级中学"),
    # an ordinal before 附属 and the suffix
    ("广东医科大学第一附属医院派出专家。", "广东医科大学第一附属医院"),
    # securities and futures firms, a town's central school and cultural station (联系, a verb jieba reads as a
    # noun, opens no name)
    ("他多方联系茂名证券、茂名期货，争取扶贫资金153万元。", "茂名期货"),
    ("他多方联系茂名证券、茂名期货，争取扶贫资金153万元。", "茂名证券"),
    ("考察组察看了分界中心校建设情况。", "分界中心校"),
    ("民盟高州市委向储良文化站捐赠电脑。", "储良文化站"),
    # the firms a body gathers, right before its suffix (企业 alone is a word for firms, no name)
    ("近日，珠海市台商投资企业协会会长李明一行来到储良村。", "珠海市台商投资企业协会"),
    ("近日，山西省浙江企业联合会会长李明一行来到储良村。", "山西省浙江企业联合会"),
    # a time before the name (两年前, jieba's 前 a word of its own) opens no name
    ("两年前荔香集团在储良村投资10亿元建设荔枝农场。", "荔香集团"),
    # painters' academies and art troupes
    ("此次活动得到了茂名东方书画院的支持。", "茂名东方书画院"),
    ("高州书画艺术院的书法家现场为村民写春联。", "高州书画艺术院"),
    ("由高州市分界镇储良村星火艺术团编排的节目参演。", "储良村星火艺术团"),
])
def test_named_organisations_by_their_suffix(run: Any, sentence: str, org: str) -> None:
    assert org in orgs(run(sentence))


@pytest.mark.parametrize("sentence, org", [
    ("高州市科技局、高州市政法委参加。", "高州市科技局"),
    ("高州市科技局、高州市政法委参加。", "高州市政法委"),
    ("广西壮族自治区党委统战部派员参加。", "广西壮族自治区党委统战部"),
    ("根据中央统战部的要求开展工作。", "中央统战部"),
    # a title jieba glued to the suffix (协会会长) ends the name there
    ("高州市召开会议。高州市荔枝协会会长李明为孩子们赠送文具。", "高州市荔枝协会"),
    # a verb-noun inside a registered name (连锁), and a travel agency
    ("高州市千禾商贸连锁有限公司、广东省青禾国际旅行社等企业参加。", "高州市千禾商贸连锁有限公司"),
    ("高州市千禾商贸连锁有限公司、广东省青禾国际旅行社等企业参加。", "广东省青禾国际旅行社"),
    # verbal nouns inside a department's name (旅游, 体育 are vn to jieba), and a place before a word that
    # opens with a level character (市容, 市场): the place names the department's level
    ("高州市文化旅游体育广电局派员参加。", "高州市文化旅游体育广电局"),
    ("高州市市容局、高州市市场监管局派员参加。", "高州市市容局"),
    ("高州市市容局、高州市市场监管局派员参加。", "高州市市场监管局"),
    ("高州市民宗办派员参加。", "高州市民宗办"),
])
def test_party_and_government_bodies(run: Any, sentence: str, org: str) -> None:
    assert org in orgs(run(sentence))


def test_a_bare_federation_listed_after_a_department_shares_its_level(run: Any) -> None:
    # 带领市民族宗教局、工商联…赴Y: the city's federation, not that of the place the trip goes to
    d = run("高州市统战部部长带领市民族宗教局、工商联负责同志赴茂名市电白区开展活动。", head="")
    assert {"高州市民族宗教局", "高州市工商联"} <= orgs(d) and "茂名市工商联" not in orgs(d), orgs(d)


def test_short_forms_take_the_place_the_text_gives(run: Any) -> None:
    assert "高州市青企协会" in orgs(run("该市青企协会参与帮扶。"))
    d = run("湖南省永州市道县召开会议，县委统战部部长李明远出席。", head="")
    assert "道县县委统战部" in orgs(d)  # a one-character county keeps its 县委
    d = run("北京市怀柔区长哨营满族乡（以下简称“长哨营乡”）。长哨营乡政府与基金会签约。", head="")
    gov = next(e for e in d.entities if e.kind == "GovernmentBody")
    assert "长哨营乡政府" in gov.aliases


def test_the_department_in_a_title_chain(run: Any) -> None:
    d = run("福建省南平市召开会议，南平市委常委、统战部部长陈立新出席。", head="")
    assert "南平市委统战部" in orgs(d) and "陈立新" in people(d)


def test_a_branch_named_after_its_parent_body_is_one_organisation(run: Any) -> None:
    d = run("湖南省永州市道县寿雁镇举行道县乡贤联谊总会寿雁分会成立大会。会议选举产生了道县乡贤联谊总会寿雁镇分会理事会。",
            head="")
    branch = [e for e in d.entities if e.name.endswith("分会")]
    assert len(branch) == 1 and branch[0].name == "道县乡贤联谊总会寿雁分会"


@pytest.mark.parametrize("sentence", [
    "企业家所在商会积极响应。",
    "与附属医院签约。",
    "储良村党群服务中心建成。",
    "考察组参观了荔枝文化展示馆。",
    "在民胜村建设荔枝种植基地。",
    "九三学社是具有政治联盟特点的政党。",
])
def test_no_organisation_from_generic_words_or_facilities(run: Any, sentence: str) -> None:
    assert orgs(run(sentence)) <= {"九三学社"}


# ----------------------------------------------------------------------------------------- programs


@pytest.mark.parametrize("sentence, found", [
    ("储良村打造“青春储良”，吸引青年返乡。", {"青春储良"}),
    ("村民把这条路称为“农工路”。", {"农工路"}),
    ("民建会员在储良村种下“民建林”。", {"民建林"}),
    ("探索“乡贤+”模式。", {"乡贤+"}),
    ("推进“党派+社区”工作。", {"党派+社区"}),
    ("民胜村建立“盟员之家”。", {"盟员之家"}),
    ("储良村建成党员之家和盟员之家。", {"党员之家", "盟员之家"}),
    ("实施百千万工程，推动发展。", {"百千万工程"}),
    ("农工党中央社会服务基地落户储良村。", {"农工党中央社会服务基地"}),
    ("民盟助力乡村振兴实践基地在民胜村揭牌。", {"民盟助力乡村振兴实践基地"}),
    ("开展“千企结千村、消灭薄弱村”行动。", {"千企结千村", "消灭薄弱村"}),
    ("举行“迎奥运、进社区”携手共建活动。", {"迎奥运、进社区"}),
    # the 万企兴万村 family by its shape, quoted or not; a two-phrase campaign of short phrases
    ("开展“百企联百村、百侨联百户、百员联万家”活动。", {"百企联百村", "百侨联百户", "百员联万家"}),
    ("高州市工商联开展百企百村行动。", {"百企百村"}),
    ("开展“民企带老乡、共同奔小康”行动。", {"民企带老乡、共同奔小康"}),
    # two provinces' east–west cooperation by their one-character names (not one province twice)
    ("作为苏陕协作的重要内容，高州市总商会与储良村结对。", {"苏陕协作"}),
    ("闽宁扶贫协作二十多年来成果丰硕。", {"闽宁扶贫协作"}),
    ("各方共同协作推进。", set()),
    # a program and its motto joined by a dash inside one pair of quotes
    ("积极参与“侨爱工程——万侨助万村”活动。", {"侨爱工程", "万侨助万村"}),
    # a national campaign, however its two phrases are joined
    ("开展“不忘合作初心，继续携手前进”主题教育活动。", {"不忘合作初心、继续携手前进"}),
    ("开展不忘合作初心,继续携手前进主题教育。", {"不忘合作初心、继续携手前进"}),
    # a national program that names its village facilities: the program, not a body
    ("丰富储良村农家书屋藏书。", {"农家书屋"}),
    # named campaigns of the state and the provinces, unquoted
    ("高州市总商会积极参与东西部协作和驻镇帮镇扶村工作。", {"东西部协作", "驻镇帮镇扶村"}),
    ("深入开展我为群众办实事实践活动。", {"我为群众办实事"}),
    # an undertaking named in quotes after 开展/实施, its clause closed right after it; a tie so named is no program
    ("开展“同心献策”，深化智力扶贫。", {"同心献策"}),
    ("组织企业与行政村开展“村企结对”，依托企业优势。", set()),
])
def test_program_shapes(run: Any, sentence: str, found: set[str]) -> None:
    assert programs(run(sentence)) == found


def test_a_two_phrase_name_is_one_entity_whatever_comma_joins_it(run: Any) -> None:
    assert name_key("不忘合作初心,继续携手前进") == name_key("不忘合作初心，继续携手前进") == name_key("不忘合作初心、继续携手前进")
    d = run("开展“不忘合作初心,继续携手前进”主题教育实践活动。不忘合作初心、继续携手前进主题教育成效明显。")
    assert programs(d) == {"不忘合作初心、继续携手前进"}


@pytest.mark.parametrize(("sentence", "name"), [
    ("开展“结对共建办实事，互学共赢担使命”活动。", "结对共建办实事，互学共赢担使命"),
    ("举行“送关爱、进乡村”主题活动。", "送关爱、进乡村"),
    ("实施“千企联千村、共行振兴路”行动。", "千企联千村、共行振兴路"),
    ("开展“中央有号召、统战有行动，同心谋发展、一起向未来”活动。", "中央有号召、统战有行动，同心谋发展、一起向未来"),
])
def test_a_slogan_naming_the_activity_after_it_is_that_activity_s_name(run: Any, sentence: str, name: str) -> None:
    """A quoted slogan of several phrases right before 活动/行动/计划/工程 names that activity: one program,
    the whole quote (not its phrases, not nothing)."""
    assert {name_key(p) for p in programs(run(sentence))} == {name_key(name)}


def test_a_committee_before_a_preposition_jieba_glues_to_it(run: Any) -> None:
    """中共贾汪区委以此为契机: jieba reads 委以 (to entrust) as one word; the committee ends before 以."""
    d = run("中共贾汪区委以此为契机，开展结对帮扶工作。")
    assert "贾汪区委" in {e.name for e in d.entities if e.kind == "PartyCommittee"}


@pytest.mark.parametrize(("sentence", "names"), [
    ("某区委以“凝心聚力·共建共享”为主题，在全市率先开展活动。", {"凝心聚力·共建共享"}),
    ("区委统战部以“东西援助手牵手，对口支援同心行”为主题，组织社会力量。", {"东西援助手牵手，对口支援同心行"}),
    # three or more quotes of one family closed by 等: each one a program
    ("通过“致公助学”“致公助教”“致公助农”等多种形式，支持联系村发展。", {"致公助学", "致公助教", "致公助农"}),
    # a campaign named as a journey (…行), whatever its words
    ("民革高州市委联合开展“助力乡村振兴县区行”系列活动。", {"助力乡村振兴县区行"}),
    ("储良村召开“五大宗教公益慈善储良行”2018推进座谈会。", {"五大宗教公益慈善储良行"}),
    # the united front's own brand word opening a quoted name, however common its other words
    ("“同心送温暖”民建高州工委会成员现场送上慰问金。", {"同心送温暖"}),
    ("村民可到超市兑换实物的“同心券”。", {"同心券"}),
])
def test_a_theme_or_a_family_of_quoted_names_is_a_program(run: Any, sentence: str, names: set[str]) -> None:
    assert {name_key(p) for p in programs(run(sentence))} == {name_key(n) for n in names}


@pytest.mark.parametrize("sentence", [
    "以“同心”为主题开展活动。",  # one generic word
    "通过“学习”“宣传”“培训”等多种形式开展工作。",  # no family: three plain words
])
def test_a_generic_theme_or_unrelated_quotes_are_no_programs(run: Any, sentence: str) -> None:
    assert programs(run(sentence)) == set()


@pytest.mark.parametrize("sentence", [
    "坚持“平等互利、优势互补、资源共享、共同发展”的原则。",
    "开展“凝心铸魂强根基、团结奋进新征程”主题教育。",  # a couplet of long phrases is a slogan
    "全县300家企业结对帮扶120个村。",  # counts, not a 百X百Y name
    "主办方(以下简称“主题活动”)安排了议程。",
    "在民胜村建设荔枝种植基地。",
    "储良村创建“全国文明村”。",
    "为储良村奉献“九三力量”。",
    "高州市委统战部协助村“两委”积极争取项目资金。",  # the village's two committees
    "坚持“尽力而为、量力而行”的原则。",  # a saying ending in 行
    "画好最大“同心圆”。",  # a figure of speech
    "成立“同心共铸基金会”。",  # a body
])
def test_no_program_from_slogans_short_names_or_plantations(run: Any, sentence: str) -> None:
    assert programs(run(sentence)) == set()


# ------------------------------------------------------------------------------------------- people


@pytest.mark.parametrize("sentence, person", [
    ("李云峰，民革党员，捐资10万元。", "李云峰"),
    ("储良村党总支书记刘建华向大家介绍。", "刘建华"),
    ("村监会主任周立和等人参加。", "周立和"),
    ("副镇长俞华及相关科室负责人参加。", "俞华"),
    ("省委统战部常务副部长黄进发，市委常委刘明远出席。", "黄进发"),
    ("民胜村村干赵廷周乐呵呵地说。", "赵廷周"),
    ("唐咸亮当选为会长。", "唐咸亮"),
    # a name closed by the verb after it (王国/锐/参加), or jieba glued to 率 (张俊余率)
    ("某某投资公司总经理王国锐参加调研。", "王国锐"),
    ("新区工商联主席张俊余率新区20余名企业家考察。", "张俊余"),
    # 等民营企业家 follows people, not enterprises
    ("某某学校党支部书记、董事长汪立毅等民营企业家参加活动。", "汪立毅"),
    ("七寨村村委委员孙天润陪同考察。", "孙天润"),
    # people the help reaches, and people named by their craft or kin (no title before them)
    ("一行人来到低收入家庭李秀英的家里，送上慰问金。", "李秀英"),
    ("困难归侨黄振邦今年已经97岁。", "黄振邦"),
    ("在走访结对帮扶户陈国栋家时，大家详细了解情况。", "陈国栋"),
    ("著名潮剧演员林丽君为村民献唱。", "林丽君"),
    ("他的妻子刘桂芳也在果园上班。", "刘桂芳"),
    # one or two names before 等 and the people they lead
    ("上午，周立华等盟员当场与村民签约。", "周立华"),
    ("是日上午，刘敏、郑海燕等支部班子成员来到储良村。", "郑海燕"),
    # less common surnames (杭, 支)
    ("市领导王明、杭建国参加签约仪式。", "杭建国"),
    ("高州市委统战部部长支建华出席。", "支建华"),
    ("台州农村留守妇女马桂芳没想到。", "马桂芳"),
])
def test_people(run: Any, sentence: str, person: str) -> None:
    assert person in people(run(sentence))


def test_name_boundaries(run: Any) -> None:
    assert people(run("村监会主任周立和等人参加。")) == {"周立和"}
    assert people(run("副镇长俞华及相关科室负责人参加。")) == {"俞华"}


def test_no_people_from_bylines_or_common_words(run: Any) -> None:
    d = run("弘扬乡贤文化，凝聚发展力量。\n本报记者 张晓明 通讯员 王小红\n编辑：刘小宁")
    assert people(d) == set()
    # a verb that opens with a surname character after a title; a count before 余人
    assert people(run("商会、侨联的负责人应邀参加活动。")) == set()
    assert people(run("会员共 50 余人参加。")) == set()
    # a village the division list lacks, shaped like a surname and a given name, before a verb that follows people
    assert people(run("据统计，某某支社共为彭嘴村捐赠物资。")) == set()


def test_a_list_of_names_a_verb_character_does_not_cut(run: Any) -> None:
    assert people(run("浏阳市领导李家喜、李爱民、郭荣华参加活动。")) == {"李家喜", "李爱民", "郭荣华"}


# ------------------------------------------------------------------------------- more organisations


@pytest.mark.parametrize("sentence, org", [
    ("贵州省黔西南州安龙县人民医院与安龙县第八中学结对。", "安龙县第八中学"),
    # kinds of schools and homes whose first word the segmenter keeps apart (度尾/第二/中心小学, 老城/敬老院)
    ("趁着暑假，仙游度尾第二中心小学正在加紧施工。", "仙游度尾第二中心小学"),
    ("高州市总商会向分界镇老城敬老院捐赠毛毯100床。", "分界镇老城敬老院"),
    ("聊城市乡村振兴局项目推进部负责人杨立华介绍。", "聊城市乡村振兴局"),
    # a department whose name holds a level character (城市管理, 市容), one glued to its head's title (局局长)
    ("高州市城市管理局党组书记、局长李明一行来到储良村。", "高州市城市管理局"),
    ("民盟高州市委主委、市农业农村局局长李明出席。", "高州市农业农村局"),
    ("市总工会、市科协、高州市红十字会参加。", "高州市红十字会"),
    # the arts federations' associations by their short names (书协, 美协)
    ("茂名市书协副主席李明、市政协委员王强出席。", "茂名市书协"),
    # the committees for the next generation and for old revolutionary areas, by their short names
    ("高州市关工委向储良村捐赠5万元。", "高州市关工委"),
    ("高州市老促会向储良村捐赠5万元。", "高州市老促会"),
    ("团市委牵头组织青年企业家。", "共青团高州市委"),
    ("共青团高州市委员会组织青年志愿者。", "共青团高州市委"),
    ("共青团分界镇委员会联动高州市慈善会开展活动。", "共青团分界镇委员会"),  # a township's keeps its whole name
    # a firm written after the village it stands in: the province opens its name (高州市/XX商会 goes up the
    # levels and stays one name: a hometown's chamber in a city)
    ("领导小组深入分界镇储良村广东荔香农业开发有限公司调研。", "广东荔香农业开发有限公司"),
    ("茂名市广西玉林商会向储良村捐赠。", "茂名市广西玉林商会"),
    ("西太平村党总支书记周立新介绍。", "西太平村党总支"),
    # national bodies, and offices named 办
    ("全国工商联副主席某某出席。", "全国工商联"),
    ("国务院扶贫办副主任出席。", "国务院扶贫办"),
    ("国侨办副主任王萍到储良村调研。", "国侨办"),
    ("国家民委定点帮扶巴林右旗以来，先后投入资金。", "国家民委"),
    ("九三学社中央副主席、中国工程院院士丛斌前往白银市。", "中国工程院"),
    ("中国侨联、高州市侨联开展活动。", "中国侨联"),
    # the Guangcai Society (光彩事业促进会), national and local
    ("全国工商联、国务院扶贫办和中国光彩会联合开展了行动。", "中国光彩会"),
    ("市工商联、市光彩会等部门联合发起行动。", "高州市光彩会"),
    # the overseas friendship association (海外联谊会, 海联会); clan and overseas associations (宗亲会, 公会)
    ("市海联会会长出席活动。", "高州市海联会"),
    # the charity federation by its level word (区慈善会, 市慈善总会)
    ("市慈善会向储良村捐赠慈善资金。", "高州市慈善会"),
    ("市慈善总会会长出席活动。", "高州市慈善总会"),
    ("依托世界马氏宗亲会平台开展交流。", "世界马氏宗亲会"),
    ("乡亲们成立了马来西亚南平公会。", "马来西亚南平公会"),
    # an autonomous prefecture's bodies by its bare level word 州
    ("延边州侨联组织了活动。会同州侨联、州侨办动员100户。", "延边朝鲜族自治州侨办"),
    ("高州市扶贫办、高州市文明办参加。", "高州市文明办"),
])
def test_more_body_shapes(run: Any, sentence: str, org: str) -> None:
    assert org in orgs(run(sentence))


def test_two_level_words_name_no_one_body(run: Any) -> None:
    d = run("吉林省工商联、各市州工商联有关单位负责同志参加。", head="")
    assert orgs(d) == {"吉林省工商联"}


def test_the_leadership_pair_names_the_committee(run: Any) -> None:
    d = run("高州市委、市政府提出了帮扶思路。")
    assert "高州市委" in orgs(d) and not any("政府" in n for n in orgs(d))


def test_a_government_after_another_post_is_not_the_leadership_pair(run: Any) -> None:
    # 副主委、市政府副市长: the 委 closing a party post does not make the government a 市委、市政府 pair
    d = run("湖北省宜昌市召开会议，民建湖北省委副主委、宜昌市政府副市长王某出席。", head="")
    gov = next(e for e in d.entities if e.name == "宜昌市政府")
    assert any(r.type == "HOLDS_ROLE" and r.to == gov.ref and r.props.get("title") == "副市长" for r in d.relations)


def test_a_body_of_a_place_the_report_does_not_hold_is_not_the_nearest_one(run: Any) -> None:
    # 崔庙镇 is a town of the division list, but not of this report's area: its government stays its own,
    # uncoded — not the government of 石鼓镇, the nearest town named before
    d = run("广东省高州市石鼓镇储良村召开会议。在崔庙镇政府的积极联系下，企业与村签约。", head="")
    gov = next(e for e in d.entities if e.kind == "GovernmentBody")
    assert gov.name == "崔庙镇政府" and not gov.code and gov.review_note


def test_firms_before_a_suffix_with_no_name_before_them_name_no_body(run: Any) -> None:
    assert orgs(run("高州市组织企业协会会员参加培训。")) == set()
    assert orgs(run("爱心企业商会捐赠了物资。")) == set()


def test_a_verb_does_not_open_a_chamber_name(run: Any) -> None:
    assert orgs(run("统战部牵头抓好落实商会帮扶工作。")) == set()


def test_a_verb_of_acting_for_or_helping_does_not_open_a_name(run: Any) -> None:
    # 代表, 帮助, 走访 … before a name: the name starts after the verb (助力 may open a program's name)
    found = orgs(run("高州市王某代表荔香农业科技有限公司向储良村捐款。李某帮助果丰贸易有限公司打开销路。"))
    assert found == {"荔香农业科技有限公司", "果丰贸易有限公司"}


@pytest.mark.parametrize(("sentence", "org"), [
    # a verb of going, visiting or measuring before a suffix word: the name, if any, starts after it
    ("考察组到黄精深加工有限公司调研企业选苗。", "黄精深加工有限公司"),
    ("恰巧距离公司不到500米有一家食品厂。", None),
    ("鼓舞了群众重建美好家园的信心。", None),
    # an unknown word ending in a preposition (省委/会为) closes the clause before the name
    ("揭牌仪式中，省委会为小山村小学的学生捐赠了文体用品。", "小山村小学"),
    # a set phrase (文化教育, jieba's l) is a word of the name, not a clause's
    ("山西省晋绥文化教育发展基金会向杨湾子村捐款。", "山西省晋绥文化教育发展基金会"),
    # 乡 of 乡村 is no level word: no township's base
    ("海门街道东辉村文化礼堂暖意浓。村里开展了乡村振兴实践基地的第一次活动。", None),
    # what is left before the suffix is generic (中心, 助力): no name
    ("某某集团为中心学校的学生送来了图书。", None),
    ("今后将持续对学校开展帮扶，助力学校提高教学水平。", None),
    ("不少商会和企业奉献爱心、捐资捐物。大家对爱心商会和企业表示感谢。", None),
])
def test_the_words_before_a_suffix_decide_where_a_name_opens(run: Any, sentence: str, org: str | None) -> None:
    assert orgs(run(sentence)) == ({org} if org else set())


def test_the_items_of_a_list_of_programs_are_programs(run: Any) -> None:
    found = programs(run("某某党省委在定西开展了“双百助学工程”“千名贫困生结对帮扶”“东西合作办学”等教育扶贫工作。"))
    assert found == {"双百助学工程", "千名贫困生结对帮扶", "东西合作办学"}, found
    # no program among them, or the list not closed by 等: nothing is inferred
    assert programs(run("某某党省委提出“千名贫困生结对帮扶”“东西合作办学”等设想。")) == set()
    assert programs(run("某某党省委开展了“双百助学工程”“千名贫困生结对帮扶”。")) == {"双百助学工程"}


def test_a_quoted_fund_or_a_works_named_with_a_brand_word_is_a_program(run: Any) -> None:
    found = programs(run("商会与某学院签订“长扶基金”协议。“东鑫育才奖学金”已设立二十年。"))
    assert found == {"长扶基金", "东鑫育才奖学金"}, found
    assert programs(run("某某基金会向储良村捐款。")) == set()  # a foundation is an organisation
    # a generic word before 工程 names a works when it is more than the word (同心圆, not 同心)
    assert programs(run("农工党中央“同心圆”工程揭牌仪式在秦皇岛举行。")) == {"同心圆"}


def test_a_named_base_does_not_take_the_place_it_stands_in(run: Any) -> None:
    d = run("民盟某某委员会在奔牛镇史陈家村民盟中央助力乡村振兴实践基地成立科普工作站。", head="江苏省常州市新北区。")
    assert programs(d) == {"民盟中央助力乡村振兴实践基地"}, programs(d)


def test_a_base_named_by_common_words_alone_is_no_program(run: Any) -> None:
    # the kind of base (社会服务基地, a city's 爱国主义教育基地), not one named; a party's base keeps its name
    assert programs(run("农工党中央于8月启动了第二批社会服务基地设立评审工作。")) == set()
    assert programs(run("储良村是茂名市爱国主义教育基地。")) == set()
    assert programs(run("农工党中央社会服务基地在储良村揭牌。")) == {"农工党中央社会服务基地"}
    # 暨 (and) opens no name
    assert programs(run("纪念活动暨民盟中央助力乡村振兴实践基地揭牌仪式在储良村举行。")) == {"民盟中央助力乡村振兴实践基地"}


def test_a_partys_base_written_again_without_its_committees_place_is_that_base(run: Any) -> None:
    d = run("民盟广东省委会助力乡村振兴实践基地在储良村揭牌。储良村于2022年成为第二批民盟省委会助力乡村振兴实践基地。")
    assert programs(d) == {"民盟广东省委会助力乡村振兴实践基地"}, programs(d)
    [base] = [e for e in d.entities if e.kind == "Program"]
    assert "民盟省委会助力乡村振兴实践基地" in base.aliases


def test_a_named_way_of_working_a_body_puts_in_place_is_a_program(run: Any) -> None:
    assert programs(run("高州市总商会在储良村推行“小额助农”扶贫模式。")) == {"小额助农"}
    assert programs(run("储良村探索乡村治理“荔乡议事”机制。")) == {"荔乡议事"}
    assert programs(run("储良村建立了“一事一议”机制。")) == set()  # no verb of putting a way in place


def test_more_program_frames(run: Any) -> None:
    assert programs(run("储良村以“荔乡红”（即“一村一品”）建设作为切入点，推动发展。")) == {"荔乡红"}
    # a program and the theme of one event of it, after a middle dot
    assert programs(run("高州市开展“百企助百村·携手共发展”活动。")) == {"百企助百村"}
    assert programs(run("高州市开展“万企兴万村·同心行”活动。")) == {"万企兴万村"}


def test_a_preposition_is_not_part_of_a_name(run: Any) -> None:
    assert people(run("九三学社社员、工作室负责人姜立为村民支招。")) == {"姜立"}


@pytest.mark.parametrize("sentence, found", [
    ("储良村第一书记王志刚和驻村工作队员刘海波一起走访。", {"王志刚", "刘海波"}),
    ("乡贤代表张立新、李卫东、王春华等人参加。", {"张立新", "李卫东", "王春华"}),
    ("民盟盟员、高州市人民医院医生周晓燕为村民义诊。", {"周晓燕"}),
    ("据储良村村民刘大爷介绍，村里修了路。", set()),
    # a surname and a form of address name no one
    ("近日，家住茂名的游客刘女士一家来到储良村。", set()),
])
def test_people_after_member_and_role_words(run: Any, sentence: str, found: set[str]) -> None:
    assert people(run(sentence)) == found


def test_a_slogan_opening_with_a_verb_is_no_site(run: Any) -> None:
    assert orgs(run("大家提出“共建幸福家园”，干劲十足。")) == set()


def test_clauses_and_means_are_no_names(run: Any) -> None:
    assert orgs(run("高州市构建大统战工作格局，推动工作。")) == set()
    assert orgs(run("召开专题协商会，听取意见。")) == set()
    assert programs(run("通过“线上+线下”形成宣传矩阵。")) == set()
    d = run("打造“同创家苑”“同心家园”等阵地。")
    assert programs(d) == set() and {"同创家苑", "同心家园"} <= orgs(d)


def test_a_village_before_in_is_no_home_town_of_a_chamber() -> None:
    """高州市在广州商会 is one body (a home town's chamber in another city); in 储良村在高州市总商会帮扶下
    the village is where the chamber helps, not part of its name."""
    from tongxin.extract import extract_report

    d = extract_report("高州市召开会议。储良村在高州市总商会的帮扶下发展产业。\n", file_name="t.txt")
    assert "高州市总商会" in {e.name for e in d.entities if e.kind in ("Association", "Federation")}
    assert not any("储良村在" in e.name for e in d.entities)


def test_a_party_committee_written_with_and_without_hui_is_one_body() -> None:
    """民进高州市委 and 民进高州市委会 are one committee: one entity, both spellings kept."""
    from tongxin.extract import extract_report

    d = extract_report("民进高州市委对口帮扶分界镇储良村。民进高州市委会还与谢鸡镇民胜村结对。\n", file_name="t.txt")
    bodies = [e for e in d.entities if e.kind == "DemocraticParty"]
    assert len(bodies) == 1 and {"民进高州市委", "民进高州市委会"} <= {bodies[0].name, *bodies[0].aliases}, bodies
    assert {r.from_ for r in d.relations if r.type == "PAIRED_WITH"} == {bodies[0].ref}


def test_an_ethnic_affairs_commission_written_long_and_short_is_one_body() -> None:
    """杭锦旗民族事务委员会 and 杭锦旗民委: a government department of the banner, one body."""
    from tongxin.extract import extract_report

    d = extract_report("鄂尔多斯市杭锦旗民族事务委员会介绍情况。独贵塔拉镇是杭锦旗民委结对帮扶的乡镇。\n", file_name="t.txt")
    bodies = [e for e in d.entities if e.kind == "GovernmentBody"]
    assert [b.name for b in bodies] == ["杭锦旗民族事务委员会"] and "杭锦旗民委" in bodies[0].aliases, bodies


def test_a_grassroots_committee_written_short_and_long_is_one_body() -> None:
    """致公党高州市基层委 is 致公党高州市基层委员会 written short: one body, not a bare 致公党."""
    from tongxin.extract import extract_report

    d = extract_report("致公党高州市基层委员会与储良村结对。致公党高州市基层委向民胜村捐赠图书。\n", file_name="t.txt")
    bodies = [e for e in d.entities if e.kind == "DemocraticParty"]
    assert len(bodies) == 1, bodies
    assert {"致公党高州市基层委", "致公党高州市基层委员会"} <= {bodies[0].name, *bodies[0].aliases}, bodies
    name = {e.ref: e.name for e in d.entities}
    assert {(r.type, name[r.to]) for r in d.relations if r.from_ == bodies[0].ref} == {
        ("PAIRED_WITH", "储良村"), ("DONATES_TO", "民胜村")}


def test_a_name_written_with_inner_words_left_out_is_the_longer_one() -> None:
    """民盟贵大委员会 is 民盟贵州大学委员会, 天能集团 天能控股集团 (opening and closing words kept, inner ones left
    out): one body each, and what the short form does is the body's; but 天津大学党委统战部 is not
    天津师范大学党委统战部 (a school named in full is its own)."""
    from tongxin.extract import extract_report

    d = extract_report("民盟贵州大学委员会到安顺市平坝区齐伯镇下坝村调研。民盟贵大委员会秘书长崔海洋表示将结对帮扶下坝村。"
                       "天能控股集团是长兴县的企业。天能集团每年向新川村捐赠100万元。\n", file_name="t.txt")
    orgs = {e.name: e for e in d.entities if e.kind in ("DemocraticParty", "Enterprise")}
    assert set(orgs) == {"民盟贵州大学委员会", "天能控股集团"}, orgs
    assert "民盟贵大委员会" in orgs["民盟贵州大学委员会"].aliases and "天能集团" in orgs["天能控股集团"].aliases
    name = {e.ref: e.name for e in d.entities}
    assert ("民盟贵州大学委员会", "下坝村") in {(name[r.from_], name[r.to]) for r in d.relations}
    d = extract_report("天津师范大学党委统战部和天津大学党委统战部组织调研。\n", file_name="t.txt")
    assert {"天津师范大学党委统战部", "天津大学党委统战部"} <= {e.name for e in d.entities}


def test_a_branch_written_short_and_long_is_one_body() -> None:
    """民盟高州市总支 and 民盟高州市总支部委员会 are one branch; 高州市民进 is 民进高州市委会: one entity each."""
    from tongxin.extract import extract_report

    d = extract_report("民盟高州市总支部委员会与储良村结对。民盟高州市总支还与民胜村签约。\n", file_name="t.txt")
    bodies = [e for e in d.entities if e.kind == "DemocraticParty"]
    assert len(bodies) == 1 and {"民盟高州市总支", "民盟高州市总支部委员会"} <= {bodies[0].name, *bodies[0].aliases}, bodies
    # the party of a place, as reports write it, is its committee there
    d = extract_report("民进高州市委会与储良村结对。高州市民进还与民胜村签约。\n", file_name="t.txt")
    bodies = [e for e in d.entities if e.kind == "DemocraticParty"]
    assert len(bodies) == 1 and "高州市民进" in {bodies[0].name, *bodies[0].aliases}, bodies


@pytest.mark.parametrize(("text", "names"), [
    ("帮扶得到了邢立军、王琛、李宝强三位盟员的大力支持。", ["邢立军", "王琛", "李宝强"]),
    ("市领导还上门看望了周立秋、李宝强等贫困户。", ["周立秋", "李宝强"]),
    ("此后，陈宝云主委等民进市委领导多次带队到当地。", ["陈宝云"]),
])
def test_names_before_their_count_or_post(text: str, names: list[str]) -> None:
    d = extract_report("高州市召开会议。" + text + "\n", file_name="t.txt")
    assert [e.name for e in d.entities if e.kind == "Person"] == names


def test_a_word_before_a_title_is_no_name() -> None:
    """各村书记 is no person: a name needs a clause start or a list before it."""
    d = extract_report("高州市召开会议。各村书记参加了培训。\n", file_name="t.txt")
    assert [e.name for e in d.entities if e.kind == "Person"] == []


def test_a_verb_of_settling_is_no_part_of_a_name() -> None:
    d = extract_report("高州市召开会议。这个项目落户高州市第一中学。\n", file_name="t.txt")
    assert not any("落户" in e.name for e in d.entities)


# ------------------------------------------------------------- registered names cut by the segmenter


@pytest.mark.parametrize("sentence, org", [
    # a place, then one or two characters jieba cut off, then the rest of the registered name
    ("湖南暄美口腔医疗管理有限公司与高州市储良村结对。", "湖南暄美口腔医疗管理有限公司"),
    ("内蒙古中高化工有限公司总经理到储良村调研。", "内蒙古中高化工有限公司"),
    ("高州市顺景物流有限公司与储良村结对。", "高州市顺景物流有限公司"),  # 顺 read as a preposition
    ("高州市鑫达实业有限公司与储良村结对。", "高州市鑫达实业有限公司"),  # 达 read as a verb
    # a place in brackets inside the name
    ("贺兰神(宁夏)国际葡萄酒庄有限公司、高州市储良村参加签约。", "贺兰神(宁夏)国际葡萄酒庄有限公司"),
    ("参观了升兴(宁夏)包装有限公司。", "升兴(宁夏)包装有限公司"),  # the trade (包装) between the brackets and the suffix
    ("宫御庭膳(唐山)食品有限公司向储良村捐赠物资。", "宫御庭膳(唐山)食品有限公司"),  # rare characters before it
    # a direction word opening the name after a verb
    ("储良村引进西部阳光农村发展基金会资金。", "西部阳光农村发展基金会"),
    # a role noun before the name is no part of it
    ("同心超市捐赠人广州珠江职业技术学院为储良村捐资。", "广州珠江职业技术学院"),
    ("储良村引进扶贫龙头企业双合盛公司。", "双合盛公司"),
    # an item of a list opening with its place, whatever jieba made of the rest (安徽/同/发/设备)
    ("高州市总商会、安徽同发设备股份有限公司等单位报名。", "安徽同发设备股份有限公司"),
    ("高州市总商会执行会长、储良村乡贤促进会会长陈华美到分界镇调研。", "储良村乡贤促进会"),
    # an item of a list of bodies whose opening words jieba reads as a verb or a number (开明, 倍/肯, 建造)
    ("日前，开明慈善基金会和高州市总商会向储良村捐款。", "开明慈善基金会"),
    ("高州市总商会、倍肯医疗集团、高州市工商联向储良村捐赠。", "倍肯医疗集团"),
    ("为助力乡村振兴，大湾区澳门建造建材发展商会、高州市总商会走进储良村。", "大湾区澳门建造建材发展商会"),
    # 家 of a profession (文艺/家) is no counter of firms (30/家/协会)
    ("高州市民间文艺家协会主席李明到储良村调研。", "高州市民间文艺家协会"),
])
def test_a_registered_name_keeps_its_opening(run: Any, sentence: str, org: str) -> None:
    found = orgs(run(sentence))
    assert org in found, found
    assert not any(n != org and (n.endswith(org[-4:]) or org.endswith(n)) for n in found), found


@pytest.mark.parametrize("sentence, org", [
    # the clause's words before a list's first item stay out of it
    ("张杨村吸引了江西省浙江总商会、高州市总商会前来投资。", "江西省浙江总商会"),
    ("近日，高州市总商会和茂名市工商联走进储良村。", "高州市总商会"),
    ("储良村建设水稻种子精选厂和烘干厂。", None),
])
def test_a_list_item_opens_after_the_clause_words(run: Any, sentence: str, org: str | None) -> None:
    found = orgs(run(sentence))
    assert (org in found) if org else not any("厂" in n for n in found), found
    assert not any(n.startswith(("张杨村", "近日", "建设")) for n in found), found


@pytest.mark.parametrize("sentence, org, not_org", [
    # a name that opens with its place takes nothing before it: not a conjunction and the body before it
    ("储良村党支部和重庆涪柴动力机械有限公司支部开展党建联建。", "重庆涪柴动力机械有限公司", "和"),
    # nor a person and a verb before a list item
    ("县委常委、统战部部长郑志清希望珠海市郁南商会继续发挥作用。", "珠海市郁南商会", "郑志清"),
    # the clause's words before a list's first item that opens with its place stay out of it
    ("倡议发出后宝鸡传化速特公路港物流有限公司、陕西中网智云信息科技有限公司捐赠。",
     "宝鸡传化速特公路港物流有限公司", "倡议"),
    # a number inside a name after its place (十三行) is the name's, not a count
    ("向储良村捐赠的有宝鸡传化物流有限公司、陕西十三行进出口贸易有限公司。", "陕西十三行进出口贸易有限公司", "贸易有限公司"),
    # an unknown word ending in 以 closes the clause before a suffix
    ("海盐探索出以联盟形式共同发展的工作机制。", None, "出以"),
    # 企业管理 is a firm's trade, not the word for firms that ends a name
    ("上海财之智企业管理咨询有限公司捐赠1万元。", "上海财之智企业管理咨询有限公司", "管理咨询"),
    # 乡村 opens no township's body (民革保定市委会/乡村振兴工作站 leaves no 村振兴工作站)
    ("民革保定市委会乡村振兴工作站在台鱼乡揭牌。", "民革保定市委会", "村振兴"),
])
def test_a_name_opens_at_its_place(run: Any, sentence: str, org: str | None, not_org: str) -> None:
    found = orgs(run(sentence))
    if org:
        assert org in found, found
    assert not any(not_org in n and n != org for n in found), found


@pytest.mark.parametrize("sentence, org", [
    # verbs jieba tags as nouns or places (利用 n, 惠及 ns) and verbs of hearing open no name
    ("特别是利用四川民进企业家联谊会的平台优势，帮助储良村。", "四川民进企业家联谊会"),
    ("此次认购共惠及白沙仙婆岭种养专业合作社和储良村农户。", "白沙仙婆岭种养专业合作社"),
    ("实地查看企业现状、听取公司负责人情况介绍。", None),
    ("让企业做大做强。听说区慈善协会、区工商联牵头组织捐赠活动。", None),
])
def test_a_verb_opens_no_name(run: Any, sentence: str, org: str | None) -> None:
    found = orgs(run(sentence))
    assert not any(n.startswith(("利用", "惠及", "听取", "听说")) for n in found), found
    if org:
        assert org in found, found


@pytest.mark.parametrize("sentence", [
    "储良村成立两家农业种植专业合作社和一家农业开发公司。",
    "高州市30家协会参加活动。",
    # a facility word after words of praise names no body
    "乡贤们共建精神家园，打造美好幸福家园。",
    "储良村新建残疾人活动室。",
    "在高州市各地有不少企业。",
])
def test_no_organisation_from_a_kind_of_enterprise(run: Any, sentence: str) -> None:
    assert orgs(run(sentence)) == set()


def test_a_party_branch_of_the_new_social_strata_keeps_its_name(run: Any) -> None:
    assert "民盟高州市新的社会阶层支部" in orgs(run("民盟高州市新的社会阶层支部盟员来到储良村。"))
    # but 的 elsewhere ends the branch's name: no body "民盟高州市的支部"
    assert not any(n.endswith("的支部") for n in orgs(run("民盟高州市的支部盟员来到储良村。")))


def test_committees_listed_after_a_democratic_party_body_are_the_party_s(run: Any) -> None:
    found = orgs(run("九三学社中央、省委、茂名市委先后派出专家到储良村。"))
    assert {"九三学社中央", "九三学社广东省委", "九三学社茂名市委"} <= found, found
    assert "广东省委" not in found and "茂名市委" not in found
    # 和 joins two parties' bodies that sign together: the city's committee stays the Communist Party's
    found = orgs(run("民建广东省委会和茂名市委签订合作协议。"))
    assert "茂名市委" in found and "民建茂名市委" not in found, found


def test_a_party_branch_committee_is_one_body(run: Any) -> None:
    found = orgs(run("农工党茂南区支部委员会主委到储良村调研。"))
    assert "农工党茂南区支部委员会" in found and "农工党茂南区支部" not in found, found


def test_an_autonomous_region_as_a_level_word(run: Any) -> None:
    """自治区 standing alone is the region the report is in: its bodies take the region's full name."""
    d = run("和田县英阿瓦提乡召开会议。由自治区党委统战部、自治区工商联、自治区光彩事业促进会组织开展帮扶。")
    assert {"新疆维吾尔自治区党委统战部", "新疆维吾尔自治区工商联", "新疆维吾尔自治区光彩事业促进会"} <= orgs(d), orgs(d)
    assert not any(n.startswith("自治区") for n in orgs(d))
    # and its departments (自治区发改委的驻村工作点)
    d = run("和田县英阿瓦提乡召开会议。英阿瓦提乡是自治区发改委的驻村工作点之一。")
    assert "新疆维吾尔自治区发改委" in orgs(d), orgs(d)


def test_an_autonomous_region_title_is_no_body(run: Any) -> None:
    assert orgs(run("和田县召开会议。自治区党委常委出席。")) == set()


@pytest.mark.parametrize("sentence", ["高州市储良村新建一所双语幼儿园。", "高州市储良村新建1所公办小学。"])
def test_a_counted_kind_of_school_is_no_name(run: Any, sentence: str) -> None:
    assert orgs(run(sentence)) == set()


@pytest.mark.parametrize("sentence, org", [
    ("民盟茂名市委社会服务部部长到储良村调研。", "民盟茂名市委社会服务部"),
    ("民进高州市委会医卫专委会专家赴储良村义诊。", "民进高州市委会医卫专委会"),
    ("农工党中央社会服务部副部长张庆伟到储良村调研。", "农工党中央社会服务部"),
    # the party's own short form of its central committee, with a department
    ("九三学社甘肃省委开展活动。社中央社会服务部副部长王金茹陪同调研。", "九三学社中央社会服务部"),
    # its special committees, by their field
    ("民盟中央生态环境委员会专家到储良村调研。", "民盟中央生态环境委员会"),
    ("民建茂名市委妇女委员会组织活动。", "民建茂名市委妇女委员会"),
    ("民革茂名市委三农委专家到储良村调研。", "民革茂名市委三农委"),
])
def test_a_department_of_a_party_committee(run: Any, sentence: str, org: str) -> None:
    assert org in orgs(run(sentence)), orgs(run(sentence))


def test_a_party_committee_meeting_or_post_is_no_special_committee(run: Any) -> None:
    found = orgs(run("民盟茂名市委召开委员会会议，民盟茂名市委副主委李明出席。"))
    assert found == {"民盟茂名市委"}, found


def test_a_list_of_one_partys_branches_names_the_party_once(run: Any) -> None:
    found = orgs(run("广东省高州市召开会议。民盟高州市直二支部、省中医支部、广东石油化工学院城区总支等支部盟员参加。"))
    assert {"民盟高州市直二支部", "民盟广东省中医支部", "民盟广东石油化工学院城区总支"} <= found, found


def test_a_list_of_branches_stops_at_another_body(run: Any) -> None:
    found = orgs(run("民盟高州市直二支部、储良村党支部和企业代表参加。"))
    assert not any(n.startswith("民盟储良村") for n in found), found


# ------------------------------------------------------------------------------------- more people


@pytest.mark.parametrize("sentence, found", [
    # transliterated names with a middle dot, after a title
    ("和田县召开会议。自治区党委常委买买提·吐尔逊，县政协主席艾尼瓦尔·阿不都出席了仪式。",
     {"买买提·吐尔逊", "艾尼瓦尔·阿不都"}),
    # a one-character verb inside the part after the dot is a syllable (苏来买/正在); 家 after it is the home
    ("高州市召开会议。牧民阿不来提·苏来买正在自家大院里喂料。", {"阿不来提·苏来买"}),
    ("高州市召开会议。她直奔村民外力·依米提家，关切询问。", {"外力·依米提"}),
    # a surname the list lacked before
    ("高州市召开会议。副市长傅冬平出席。", {"傅冬平"}),
    # a person word before the name
    ("高州市召开会议。退休干部李天明捐资修路。", {"李天明"}),
    # the name's last character glued to 说 by the segmenter
    ("高州市召开会议。农民企业家李东明说：“就想尽一己之力。”", {"李东明"}),
    # a family named by its head (储良村孙建平一家)
    ("高州市爱立特公司与储良村王建军一家结对。", {"王建军"}),
    # an age before the name; titles of ranks, delegations and councils; a farmer; surnames added
    ("储良村的老树下，今年73岁的钟德全正在和村民们闲聊。", {"钟德全"}),
    ("二级巡视员吴立涛、统战部党派处处长张明波、商会副团长顾明杰、常务理事徐明新出席。",
     {"吴立涛", "张明波", "顾明杰", "徐明新"}),
    ("储良村农民庞晓明兴奋地说。对此，匡明勇表示赞同。", {"庞晓明", "匡明勇"}),
    # after a title, a last character jieba read as a verb or adverb (杨来/增/带领); not one opening the clause
    ("统战部副部长杨来增带领企业家考察，调研员杨月才带领协会参加。", {"杨来增", "杨月才"}),
    ("副部长王明说，主委李强也参加。", {"王明", "李强"}),
    # after a title, a given name jieba read as a verb or a number (兰/学成/带领, 童/一峰/出席); surname 洪
    ("高州市工商联主席兰学成带领企业家考察，统战部部长童一峰出席，部长洪立江参加。", {"兰学成", "童一峰", "洪立江"}),
    # the title's last character glued to the surname (副部/长安/正辉, 秘书/长江/欣)
    ("统战部副部长安正辉、农业农村局副局长参加。民盟茂名市委秘书长江欣出席。", {"安正辉", "江欣"}),
])
def test_more_person_forms(run: Any, sentence: str, found: set[str]) -> None:
    assert people(run(sentence)) == found


@pytest.mark.parametrize("sentence, org", [
    ("仪式上，北京茂名企业商会和储良村签约。", "北京茂名企业商会"),
    ("民建高州市委联合中华同源工程扶贫基金会举办活动。", "中华同源工程扶贫基金会"),
    ("高州市携手青云阁慈善会捐赠奶粉。", "青云阁慈善会"),
    ("安龙县召开会议。县委台办所联系企业到招堤街道调研。", "安龙县委台办"),
    ("茂名市统一战线启动助力乡村振兴行动。", "茂名市统一战线"),
])
def test_even_more_body_shapes(run: Any, sentence: str, org: str) -> None:
    assert org in orgs(run(sentence)), orgs(run(sentence))


@pytest.mark.parametrize("sentence", [
    "发挥茂名市统一战线的优势，助力乡村振兴。",
    "广东统一战线建立帮扶机制。",
    "高州市统一战线工作部部长出席。",
])
def test_a_united_front_spoken_of_in_general_is_no_body(run: Any, sentence: str) -> None:
    assert not any(n.endswith("统一战线") for n in orgs(run(sentence))), orgs(run(sentence))


def test_a_title_chain_opening_with_the_region_keeps_its_level(run: Any) -> None:
    found = orgs(run("和田县召开会议。自治区政协副主席、工商联主席买买提·吐尔逊出席。", head=""))
    assert "新疆维吾尔自治区工商联" in found and not any(n.startswith("和田") for n in found), found


def test_a_member_of_the_regions_cppcc_by_its_level_word(run: Any) -> None:
    """自治区政协委员: jieba reads 政协委员 as one word; the region's CPPCC is still the body."""
    found = orgs(run("和田县召开会议。自治区政协委员、和田县某某农业有限公司董事长王某出席。", head=""))
    assert "新疆维吾尔自治区政协" in found, found


def test_a_party_written_after_its_place(run: Any) -> None:
    found = orgs(run("茂南区民盟主委刘立新到储良村调研。"))
    assert "茂南区民盟" in found, found
    assert orgs(run("茂南区民盟盟员到储良村义诊。")) == set()


def test_a_party_after_its_province_is_its_provincial_committee(run: Any) -> None:
    # 广东民建 (a province's short name) is 民建广东省委: the same entity under either name
    d = run("广东民建积极参与万企兴万村行动，与分界镇储良村结对帮扶。民建广东省委会主委到储良村调研。")
    bodies = [e for e in d.entities if e.kind == "DemocraticParty"]
    assert len(bodies) == 1 and "广东民建" in {bodies[0].name, *bodies[0].aliases}, bodies
    assert orgs(run("广东民建会员到储良村义诊。")) == set()


def test_a_bare_level_body_is_the_one_the_report_names_in_full_later(run: Any) -> None:
    found = orgs(run("9月17日，区政协赴信宜市推进帮扶工作。会上，茂南区政协主席甲讲话。", head=""))
    assert "茂南区政协" in found and "区政协" not in found, found
    # two districts written with the body later: which one is not stated
    found = orgs(run("区政协赴信宜市调研。茂南区政协、电白区政协负责人出席。", head=""))
    assert "区政协" in found, found


def test_a_bare_district_body_is_the_one_district_the_report_names(run: Any) -> None:
    text = "8月7日，副区长甲率区委统战部、区工商联到信宜市调研。茂南区派驻信宜市工作队参加。"
    found = orgs(run(text, head=""))
    assert {"茂南区委统战部", "茂南区工商联"} <= found and "区委统战部" not in found, found
    # two districts named: which one is not stated
    found = orgs(run(text + "电白区负责人出席。", head=""))
    assert "茂南区委统战部" not in found and "电白区委统战部" not in found, found


def test_a_bare_county_body_is_the_county_of_the_township_named_before(run: Any) -> None:
    # 祥云镇 lies in 温县, which the report never names; 焦作市 in between is the city holding it
    found = orgs(run("九三学社焦作市委在祥云镇作礼村揭牌。九三学社焦作市委主委甲、县政协主席乙出席。", head=""))
    assert "温县政协" in found and "县政协" not in found, found
    # a township of another county named since: no guess
    found = orgs(run("祥云镇作礼村与信宜市钱排镇结对。县政协主席乙出席。", head=""))
    assert "温县政协" not in found, found


@pytest.mark.parametrize(("sentence", "short", "name"), [
    ("按照安排，盟省委对口信宜市开展帮扶。", "盟省委", "民盟广东省委"),
    ("4日，社省委专职副主委甲带队到信宜市调研。", "社省委", "九三学社广东省委"),
    # the place written after the short form: its committee; 社中央 the party's central committee
    ("为推进社中央项目建设，社茂名市委主委甲到信宜市调研。", "社茂名市委", "九三学社茂名市委"),
    ("为推进社中央项目建设，社茂名市委主委甲到信宜市调研。", "社中央", "九三学社中央"),
])
def test_a_party_own_short_form_of_its_committee(run: Any, sentence: str, short: str, name: str) -> None:
    head = "广东省召开会议。民盟广东省委、九三学社广东省委会参加。"
    d = run(sentence, head=head)
    owner = [e for e in d.entities if short in e.aliases]  # the short form is an alias of the full body
    assert len(owner) == 1 and name_key(owner[0].name) == name_key(name), d.entities
    assert orgs(run("他们结成同盟市委领导出席。", head="")) == set()


@pytest.mark.parametrize(("sentence", "name", "kind"), [
    # a banner's committee keeps its 旗 twice, as Inner Mongolia writes it
    ("巴林左旗旗委统战部组织考察。", "巴林左旗旗委统战部", "UnitedFrontDept"),
    # a committee's full name after 中共: the committee as written, its department as departments are named
    ("中共茂名市茂南区委员会与民盟茂名市委结对。", "茂南区委员会", "PartyCommittee"),
    ("中共茂名市委员会统战部部长甲出席。", "茂名市委统战部", "UnitedFrontDept"),
])
def test_committees_written_in_full_or_at_banner_level(run: Any, sentence: str, name: str, kind: str) -> None:
    d = run(sentence, head="")
    assert any(e.name.endswith(name) and e.kind == kind for e in d.entities), d.entities


def test_a_name_whose_last_character_jieba_glued_to_and(run: Any) -> None:
    # 主委兰亚/青和社/…: the name is 兰亚青
    found = people(run("社宜春市委主委兰亚青和社江西省委副主委卢全国率队赴信宜市考察。", head="九三学社江西省委召开会议。"))
    assert {"兰亚青", "卢全国"} <= found, found


def test_a_name_whose_last_character_jieba_glued_to_the_verb_after_it(run: Any) -> None:
    # 支书周六/根带/着: the name is 周六根, not the time word 周六
    found = people(run("储良村支书周六根带着村民正在村里确定产业。"))
    assert found == {"周六根"}, found
    # 负责人赵国/峰高兴/地: 高兴 is a word that follows names
    found = people(run("某某机械制造有限公司负责人赵国峰高兴地对记者说。"))
    assert found == {"赵国峰"}, found
    # 副主任陈剑/波任/联系市领导: 任 (serves as) after the name
    found = people(run("高州市人大常委会副主任陈剑波任联系市领导。"))
    assert found == {"陈剑波"}, found
    # 研究员陈雯作/主题/讲座: 作 (gives) a talk
    found = people(run("高州市农科所研究员陈雯作主题讲座。"))
    assert found == {"陈雯"}, found
    # 有限公|司李明 先生捐款: a surname glued before a name is not the last character of a body's name
    found = people(run("高州市荔香农业有限公司李明先生捐款。"))
    assert found == {"李明"}, found
    # 常委李明所/创始的…: the particle 所 before a verb
    found = people(run("县政协常委李明所创始的高州市有机良庄有限公司被表彰。"))
    assert found == {"李明"}, found


def test_a_name_jieba_glued_to_the_verb_lead(run: Any) -> None:
    found = people(run("民盟广东省委专职副主委程昆率盟员专家赴信宜市调研。", head=""))
    assert found == {"程昆"}, found
    found = people(run("民盟广东省委专职副主委程昆率4名骨干盟员赴信宜市调研。", head=""))  # a count after it
    assert found == {"程昆"}, found


@pytest.mark.parametrize(("sentence", "name"), [
    # a working committee of a party's committee, 委 written or left out
    ("致公党广东省经济委员会赴信宜市开展爱心捐赠活动。", "致公党广东省经济委员会"),
    ("民盟广东省委宣传工作委员会委员甲出席。", "民盟广东省委宣传工作委员会"),
    # the 中华职教社 of a level (区中华职教社 after 茂南区)
    ("民建茂南区委员会和区中华职教社到茂南区储良村开展活动。", "茂南区中华职教社"),
])
def test_working_committees_and_the_vocational_education_society(run: Any, sentence: str, name: str) -> None:
    assert name in orgs(run(sentence, head="")), orgs(run(sentence, head=""))


@pytest.mark.parametrize(("sentence", "name"), [
    ("中国移动高州分公司、高州市总商会与储良村结对。", "中国移动高州分公司"),  # brand, place, branch word
    ("中国农业银行高州市支行与储良村结对。", "中国农业银行高州市支行"),
    ("南方电网公司员工到储良村开展帮扶。", "南方电网公司"),
    ("国家电网员工到高州市储良村开展帮扶。", "国家电网"),  # a place after it with no branch word: not its own
])
def test_a_national_enterprise_named_by_its_brand(run: Any, sentence: str, name: str) -> None:
    found = orgs(run(sentence, head=""))
    assert name in found, found


def test_a_numbered_point_opens_no_name(run: Any) -> None:
    found = orgs(run("一是茂南区统战部组织考察；二是高州市福瑞农业有限公司与储良村签订协议。", head=""))
    assert "高州市福瑞农业有限公司" in found and not any(n.startswith("二是") for n in found), found


def test_a_municipality_is_the_city_of_a_bare_committee(run: Any) -> None:
    found = orgs(run("重庆举办捐赠仪式。此后，民进市委领导多次到当地调研。", head=""))
    assert "民进重庆市委" in found, found


def test_a_clause_before_a_branch_is_no_village(run: Any) -> None:
    assert orgs(run("在村的层面，企业与村党支部建立联系。")) == set()


@pytest.mark.parametrize("sentence, org", [
    # a village's level word cut off its name by the segmenter (…萨克/村/小学)
    ("民盟捐建了分界镇铁尔萨克村小学。", "铁尔萨克村小学"),
    # factories
    ("储良村帮扶巨宝庄村木器加工厂建设厂房。", "巨宝庄村木器加工厂"),
])
def test_a_village_inside_a_name_and_factories(run: Any, sentence: str, org: str) -> None:
    found = orgs(run(sentence))
    assert any(n.endswith(org) for n in found), found


@pytest.mark.parametrize("sentence, org", [
    ("高州市绿源家庭农场与储良村签约。", "高州市绿源家庭农场"),
    ("华康药业向储良村捐赠药品。", "华康药业"),
    ("高州市丰禾果业带动储良村农户种植荔枝。", "高州市丰禾果业"),
])
def test_firms_named_by_their_trade(run: Any, sentence: str, org: str) -> None:
    """家庭农场, 农场, 药业, 米业, 果业, 菌业: firms written by their trade without a legal form."""
    assert org in orgs(run(sentence)), orgs(run(sentence))


def test_a_firm_whose_last_name_character_jieba_glues_to_its_legal_form(run: Any) -> None:
    """金润兴/福公司: jieba reads 福公司 as one word (an organisation's); the firm is named whole, and paired."""
    d = run("高州市根子镇柏桥村与金润兴福公司结对共建。")
    assert "金润兴福公司" in orgs(d), orgs(d)
    name = {e.ref: e.name for e in d.entities}
    assert ("金润兴福公司", "柏桥村") in {(name[r.from_], name[r.to]) for r in d.relations if r.type == "PAIRED_WITH"}


@pytest.mark.parametrize("sentence", ["储良村大力发展中药业和果业。", "储良村建成一个奶牛养殖场。"])
def test_no_firm_from_a_trade_or_a_farm_of_a_kind(run: Any, sentence: str) -> None:
    assert orgs(run(sentence)) == set(), orgs(run(sentence))


@pytest.mark.parametrize("sentence", [
    "储良村新建扶贫加工厂，带动就业。",
    "签约了储良村白酒厂项目、分界镇墙饰厂项目。",
    "高州市荔香农业有限公司投资300万元在分界镇储良村建设荔枝加工厂。",  # a works being built
    "高州市荔香农业有限公司在储良村新建了一个茶叶加工厂。",
    "乡贤李明回到储良村投资兴办荔枝加工厂。",
])
def test_no_firm_from_a_kind_of_factory_or_a_works_project(run: Any, sentence: str) -> None:
    assert not any(n.endswith("厂") for n in orgs(run(sentence))), orgs(run(sentence))


@pytest.mark.parametrize("sentence", ["高州市又有华丰商贸有限公司参加。", "高州市将华丰商贸有限公司列为龙头。"])
def test_a_function_word_after_a_place_opens_no_name(run: Any, sentence: str) -> None:
    assert "华丰商贸有限公司" in orgs(run(sentence)) and not any(n.startswith("高州市") for n in orgs(run(sentence)))


@pytest.mark.parametrize("sentence, org", [
    ("广东省委统战部乡村振兴工作队驻点储良村。", "广东省委统战部乡村振兴工作队"),
    ("高州市侨联粤桂协作访问团日前到储良村调研。", "高州市侨联粤桂协作访问团"),
])
def test_a_team_named_after_the_body_that_sends_it(run: Any, sentence: str, org: str) -> None:
    assert org in orgs(run(sentence)), orgs(run(sentence))


@pytest.mark.parametrize("sentence, org", [
    ("茂名第十批援疆工作组组长甲某出席。", "茂名第十批援疆工作组"),
    ("茂名援藏工作组到储良村调研。", "茂名援藏工作组"),
])
def test_an_aid_group_named_after_the_city_that_sends_it(run: Any, sentence: str, org: str) -> None:
    """援疆/援藏/援青 teams are 工作队 or 工作组: the group a city sends (its batch may stand between) is one."""
    assert org in orgs(run(sentence)), orgs(run(sentence))


def test_a_verb_between_a_body_and_a_team_is_no_name(run: Any) -> None:
    found = orgs(run("高州市工商联组织调研组到储良村。"))
    assert "高州市工商联" in found and not any(n.endswith("调研组") for n in found), found


def test_a_post_and_its_holder_leading_a_team_are_no_part_of_its_name(run: Any) -> None:
    """茂名市委台港澳办副主任赖某强率调研组: the office (台港澳办, as 台办/侨办) and its deputy head (赖, a
    common surname), who leads the team; no organisation is named 某办副主任某率调研组."""
    d = run("茂名市委台港澳办副主任赖明强率调研组到储良村。")
    assert "茂名市委台港澳办" in orgs(d) and not any(n.endswith("调研组") for n in orgs(d)), orgs(d)
    assert "赖明强" in people(d)


def test_taiwan_compatriots_federation_written_with_hui(run: Any) -> None:
    assert "威海市台联会" in orgs(run("威海市台联会会长张某到大夼村走访。"))  # 台联 as 台联会, whole


@pytest.mark.parametrize("sentence, org", [
    ("阳原县。民盟省直工委一行12人来到牛坊沟村。", "民盟河北省直工委"),
    ("阳原县。民盟省直工委文化二总支与牛坊沟村结对。", "民盟河北省直工委文化二总支"),
])
def test_a_party_committee_of_provincial_units_is_the_reports_provinces(run: Any, sentence: str, org: str) -> None:
    """省直工委 (the committee of members in the province's own bodies) is expanded with the report's
    province, as 民盟省委 is."""
    assert org in orgs(run(sentence)), orgs(run(sentence))


def test_a_jiusan_branch_written_without_the_party(run: Any) -> None:
    """支社 is 九三学社's word for a branch: in a report naming 九三学社, 南宁市兴宁支社 is its branch, and
    兴宁支社 later on is the same one (its chair holds a post there)."""
    d = run("九三学社南宁市委员会主委梁某出席。南宁市兴宁支社与兴宁区朝阳街道华东社区居民委员会举行结对共建签约仪式。"
            "兴宁支社主委陆某惠讲话。")
    branch = [n for n in orgs(d) if n.endswith("兴宁支社")]
    assert branch == ["九三学社南宁市兴宁支社"], orgs(d)
    name = {e.ref: e.name for e in d.entities}
    held = {(name[r.from_], name[r.to]) for r in d.relations if r.type == "HOLDS_ROLE"}
    assert ("陆某惠", "九三学社南宁市兴宁支社") in held, held
    assert not any("支社" in n for n in orgs(run("民盟南宁市委与兴宁支社结对。"))), "no 九三学社 named"


def test_a_jiusan_branch_of_an_institution_before_its_chairs_name(run: Any) -> None:
    # jieba alone cuts 四支|社胡军华: the branch ends at 支社, and the name before the post 主委 is a person
    d = run("九三学社西南大学四支社胡军华主委与北碚区人大代表一行20人参加调研活动。")
    assert "九三学社西南大学四支社" in orgs(d) and "九三学社西南大学" not in orgs(d), orgs(d)
    assert names(d, "Person") == {"胡军华"}


def test_a_name_before_the_post_its_bearer_is_addressed_by(run: Any) -> None:
    assert names(run("会上，张建国主委提出，要依托工作站开展培训。"), "Person") == {"张建国"}
    assert names(run("高校长期与企业合作，高校长提出建议。"), "Person") == set()  # words, not names
    # a list of such names, an adverb after the last post; a name whose last character jieba left alone (陈敏/沁)
    assert names(run("会上，陈敏沁副主委、周东良秘书长分别作了发言。"), "Person") == {"陈敏沁", "周东良"}


def test_no_unit_or_branch_is_made_of_the_verbs_after_a_body(run: Any) -> None:
    # 太和县政协认真落实县委…: no CPPCC unit 认真落实县委; 民盟州委还号召各支部: no branch 还号召各支部
    assert orgs(run("高州市政协认真落实市委决策部署。")) == {"高州市政协", "高州市委"}
    assert orgs(run("民盟高州市委还号召各支部开展活动。")) == {"民盟高州市委"}
    # units and branches named with nouns, a verbal noun among them, stay
    assert "高州市政协文史委" in orgs(run("高州市政协文史委主任张三出席。"))
    assert "民盟高州市委综合一总支" in orgs(run("民盟高州市委综合一总支盟员捐赠了一万元。"))


def test_the_youth_league_committee_by_its_short_form_keeps_it_expanded_with_its_place(run: Any) -> None:
    d = run("高州市工商联开展活动。团市委副书记张三出席。")
    league = next(e for e in d.entities if e.name == "共青团高州市委")
    assert "团高州市委" in league.aliases and "团市委" in league.aliases


def test_two_party_bodies_joined_by_and_are_two(run: Any) -> None:
    found = orgs(run("九三学社南京秦淮区基层委员会和浦口支社的社员们来到龙井社区。"))
    assert not any("和" in n for n in found), found
    assert "九三学社秦淮区基层委员会" in found, found


@pytest.mark.parametrize("sentence, org", [
    ("宝鸡市服装协会与东庄村结对。", "宝鸡市服装协会"),  # jieba: one word 服装协会, 服装 tagged vn
    ("乐山市进出口商会在美姑县举行启动仪式。", "乐山市进出口商会"),  # jieba: 进出口商|会
    ("乐山市进出口商会会长胡某在启动仪式上表示。", "乐山市进出口商会"),  # jieba: 进出口|商会会长
    ("宝鸡市服装协会会长胡某到东庄村。", "宝鸡市服装协会"),  # 服装|协会会长
])
def test_a_trade_named_by_a_verbal_noun_before_the_suffix(run: Any, sentence: str, org: str) -> None:
    assert org in orgs(run(sentence))


@pytest.mark.parametrize("sentence, person", [
    ("座谈会上，大都村党委书记梁锐成详细介绍了大都村情况。", "梁锐成"),  # jieba: 梁锐/成/详细
    ("公司董事总经理马子林代表农工党南山区基层委员会捐赠。", "马子林"),  # 马子/林/代表
    ("爱心人士王子元先生捐赠5000元。", "王子元"),  # 王子/元/先生
])
def test_a_three_character_name_jieba_cut_before_its_last_character(run: Any, sentence: str, person: str) -> None:
    assert person in people(run(sentence)), people(run(sentence))


@pytest.mark.parametrize("sentence, person", [
    ("致公党湖北省经济委员会委员赵某清、鞠韶明、林某一行来到茅坪村。", "鞠韶明"),
    ("延边州侨联副主席朴春明到北官屯村走访。", "朴春明"),
])
def test_less_common_surnames_in_a_list_of_holders(run: Any, sentence: str, person: str) -> None:
    """鞠 and 朴 (a common Korean-Chinese surname in 延边) were missing from the surname list."""
    assert person in people(run(sentence))


@pytest.mark.parametrize("sentence, org", [
    ("广东温氏食品集团股份有限公司帮扶储良村。", "广东温氏食品集团股份有限公司"),  # jieba: 集团股份/有限公司
    ("高州市民营企业商会与储良村结对。", "高州市民营企业商会"),
    ("高州市民營企業商會與儲良村結對。", "高州市民营企业商会"),  # traditional characters
])
def test_group_companies_and_enterprise_chambers(run: Any, sentence: str, org: str) -> None:
    assert org in orgs(run(sentence)), orgs(run(sentence))


@pytest.mark.parametrize("sentence, org", [
    ("茂名市青年企业家商会与储良村结对。", "茂名市青年企业家商会"),  # jieba: 青年 a time word
    ("茂名市民营企业发展商会帮扶储良村。", "茂名市民营企业发展商会"),  # 民营企业 alone is a kind
    ("广东省茂名市电白区召开会议。区商会向储良村捐赠资金10万元。", "电白区商会"),  # the district's own chamber
])
def test_chambers_named_by_their_members_and_a_levels_own_chamber(run: Any, sentence: str, org: str) -> None:
    assert org in orgs(run(sentence, head="")), orgs(run(sentence, head=""))


def test_a_named_chamber_keeps_its_name_as_written() -> None:
    d = extract_report("湖南省株洲商会与高州市储良村结对。\n", file_name="t.txt")
    assert "株洲商会" in {e.name for e in d.entities if e.kind == "Association"}


@pytest.mark.parametrize("sentence, org", [
    ("高州市扶贫开发协会参加。", "高州市扶贫开发协会"),  # jieba: 扶贫开发 as a set phrase
    ("高州市龙眼产业协会参加。", "高州市龙眼产业协会"),  # jieba: 产业协会 as one word
    ("茂名市台资企业协会参加。", "茂名市台资企业协会"),
    ("高州市中医院到储良村义诊。", "高州市中医院"),
])
def test_more_association_and_hospital_shapes(run: Any, sentence: str, org: str) -> None:
    assert org in orgs(run(sentence)), orgs(run(sentence))


@pytest.mark.parametrize("sentence", ["高州市近年来商会发展很快。", "茂名市东部公司纷纷参与。", "高州市上下协会齐心。"])
def test_a_time_or_part_after_a_place_opens_no_name(run: Any, sentence: str) -> None:
    assert not any(n.startswith(("高州市", "茂名市")) for n in orgs(run(sentence))), orgs(run(sentence))


def test_one_character_jieba_reads_as_a_time_word_may_open_a_registered_name(run: Any) -> None:
    # 江西/春/诚实/业/有限公司: 春 is the name's first character, not a season
    assert "江西春诚实业有限公司" in orgs(run("爱心企业江西春诚实业有限公司到清塘村举行捐赠仪式。"))


@pytest.mark.parametrize("sentence, person", [
    ("高州市召开会议。爱心人士冯志远捐赠图书。", "冯志远"),
    ("高州市召开会议。高州市人民医院主任医师何晓东义诊。", "何晓东"),
])
def test_people_after_more_person_words(run: Any, sentence: str, person: str) -> None:
    assert people(run(sentence)) == {person}


@pytest.mark.parametrize("sentence, found", [
    ("高州市召开会议。乡贤王建军、李卫国和张志强参加。", {"王建军", "李卫国", "张志强"}),
    ("高州市召开会议。企业家欧阳明及司马南捐资。", {"欧阳明", "司马南"}),
    ("高州市召开会议。乡贤王建军和村民一起修路。", {"王建军"}),
])
def test_a_list_of_names_joined_by_he(run: Any, sentence: str, found: set[str]) -> None:
    assert people(run(sentence)) == found


@pytest.mark.parametrize("sentence, found", [
    # three or more names with no title, opened by a colon or closed by 等 (and people after it)
    ("出席活动的有：张建国、李明华、王小红等。", {"张建国", "李明华", "王小红"}),
    ("张建国、李明华、王小红等12人参加。", {"张建国", "李明华", "王小红"}),
    # places the list does not hold, things of a kind, a byline on a line of its own: no people
    ("帮扶范围包括：王村、李庄、张集等自然村。", set()),
    ("张建国、李明华、王小红等企业参加。", set()),
    ("种植了黄皮、龙眼、荔枝等水果。", set()),
])
def test_a_list_of_names_with_no_title(run: Any, sentence: str, found: set[str]) -> None:
    assert people(run(sentence)) == found
    assert people(run("高州建设新农村\n许卓恒、姜煌俊、裘颖佳\n2020年09月18日", head="")) == set()


def test_enterprises_listed_by_their_short_names(run: Any) -> None:
    # a counted list (等10余家民营企业); an item jieba cut into a noun and a name (合力/佳橡塑)
    d = run("高州市工商联组织嘉华乐器、联盛建筑、合力佳橡塑、旭特金属等10余家民营企业参加活动。")
    assert {"嘉华乐器", "联盛建筑", "合力佳橡塑", "旭特金属"} <= orgs(d), orgs(d)
    # an item whose last word is a kind (诶悌/文化) is still a name; kinds alone are none
    assert {"川藏公路", "诶悌文化"} <= orgs(run("川藏公路、诶悌文化等企业提供了培训。"))
    assert orgs(run("为储良村引进了服装、食品等企业。")) == set()


def test_names_before_a_post_after_their_body_or_place() -> None:
    d = extract_report("高州市召开会议。高州市第一中学罗世钦书记，分界镇陈刘菲书记、陈善鸿镇长，高州市发改委参加。\n", file_name="t.txt")
    assert {e.name for e in d.entities if e.kind == "Person"} == {"罗世钦", "陈刘菲", "陈善鸿"}
    # a committee's post is no name
    d = extract_report("高州市召开会议。高州市委书记参加。\n", file_name="t.txt")
    assert not [e for e in d.entities if e.kind == "Person"]


def test_a_name_opening_a_line_before_its_post() -> None:
    d = extract_report("高州市聘任名誉村长：\n李建中 高州市鑫达实业有限公司总经理，任储良村名誉村长；\n"
                       "童春霞 高州市荔香农业有限公司董事长，任民胜村名誉村长。\n", file_name="t.txt")
    people = {e.name: e for e in d.entities if e.kind == "Person"}
    assert set(people) == {"李建中", "童春霞"} and all(e.review for e in people.values())
    # a byline is no such line: no post after the name
    d = extract_report("高州市召开会议。\n本报记者 张晓明 通讯员 王小红\n", file_name="t.txt")
    assert not [e for e in d.entities if e.kind == "Person"]


@pytest.mark.parametrize("sentence", ["高州市工商联牵线高州市荔香农业有限公司与储良村签约。",
                                      "储良村、民胜村分别与高州市荔香农业有限公司、高州市果丰贸易有限公司结对。"])
def test_a_go_between_or_a_list_before_a_conjunction_opens_no_registered_name(run: Any, sentence: str) -> None:
    assert "高州市荔香农业有限公司" in orgs(run(sentence)), orgs(run(sentence))


@pytest.mark.parametrize("sentence, program", [
    ("九三学社高州市委会与官杨社区“同心建家园”实践基地揭牌。", "同心建家园实践基地"),  # a base named by its quote
    ("民盟高州市委会在储良村设立“同心助农”服务基地。", "同心助农服务基地"),
    ("近年来，储良村以创建“同心美丽乡村”为契机，整合统战资源。", "同心美丽乡村"),  # a 同心 brand, not an honour
    ("2023年底，储良村获评“省级同心美丽乡村”。", "同心美丽乡村"),
    # a quoted name before a base, a station or a service agreement, or a station quoted whole
    ("高州市工商联在储良村建立“扶贫直通车”基地，直接收购农产品。", "扶贫直通车"),
    ("民建高州市委会与分界镇签订“建分合作”社会服务协议。", "建分合作"),
    ("民盟高州市委会在储良村设立“民盟同心·名医服务站”。", "民盟同心·名医服务站"),
    # a quoted reading room, lecture series or shared base (书屋, 讲堂, 共建基地)
    ("民革茂名市委为储良村捐建“民革同心书屋”。", "民革同心书屋"),
    ("九三学社茂名市委在储良村正式启动了“九三讲堂”，并作了专题讲座。", "九三讲堂"),
    ("民建高州市委与分界镇共建的“乡村振兴共建基地”投入使用。", "乡村振兴共建基地"),
    # a 同心 brand unquoted before the word for what it is, or listed before it
    ("民盟茂名市委在储良村开展乡村振兴同心调研活动。", "同心调研"),
    ("抓好实验项目体系建设和“回报家乡”等专项工作。", "回报家乡"),
    ("民建高州市委会援建的文体广场、同心大舞台、同心聚民小院等项目投入使用。", "同心聚民小院"),
])
def test_quoted_bases_and_tongxin_village_brands_are_programs(run: Any, sentence: str, program: str) -> None:
    assert program in names(run(sentence), "Program"), names(run(sentence), "Program")


def test_a_base_named_with_its_party_committee_is_a_program_and_the_committee_an_organisation(run: Any) -> None:
    d = run("第二批民盟广东省委会助力乡村振兴实践基地在高州市分界镇储良村揭牌。")
    assert "民盟广东省委会助力乡村振兴实践基地" in programs(d) and "民盟广东省委会" in orgs(d)
    name = {e.ref: e.name for e in d.entities}
    assert ("民盟广东省委会", "储良村") in {(name[r.from_], name[r.to]) for r in d.relations if r.type == "PAIRED_WITH"}


def test_a_base_named_after_a_brand_and_a_dot_is_one_program(run: Any) -> None:
    assert "民盟同心·乡村振兴实践基地" in programs(run("纪念活动暨民盟同心·乡村振兴实践基地揭牌仪式在储良村举行。"))


def test_a_reading_room_named_by_its_party_is_a_program(run: Any) -> None:
    d = run("致公党茂名市委为储良村致公绿韵书屋揭牌。")
    assert "致公绿韵书屋" in programs(d) and "致公绿韵书屋" not in orgs(d)


def test_an_honour_is_still_no_program(run: Any) -> None:
    assert names(run("储良村被评为“全国文明村”。"), "Program") == set()


def test_names_closed_by_a_home_or_opened_after_a_verb_or_preposition(run: Any) -> None:
    assert "杨成贵" in names(run("首先到贫困户尚荣江、杨成贵家中走访。"), "Person")
    assert orgs(run("并选派集团公司总经理朱德英担任储良村第一书记。")) == set()  # 选派 opens no name
    assert "联合村党支部" in orgs(run("以联合村党支部开展主题党日等活动为载体。"))


def test_a_bodys_party_branch_and_an_enterprises_local_branch_are_organisations_of_their_own(run: Any) -> None:
    d = run("高州市工商联机关党支部、高州市委统战部机关第一党支部与储良村党支部签订结对共建协议。")
    assert {"高州市工商联机关党支部", "高州市委统战部机关第一党支部", "储良村党支部"} <= orgs(d)
    d = run("茂名学院党委统战部副部长李志强、高州农业集团分界分公司经理王小明出席。")
    assert {"茂名学院党委统战部", "高州农业集团分界分公司"} <= orgs(d)
    assert next(e for e in d.entities if e.name == "茂名学院党委统战部").kind == "UnitedFrontDept"
    # a company's 党委 before a title: a post of the company (roles), not a body of its own
    assert orgs(run("高州市荔香农业有限公司党委副书记李志强出席。")) == {"高州市荔香农业有限公司"}


def test_a_count_of_branches_is_no_name_and_a_village_council_of_notables_is_one(run: Any) -> None:
    d = run("民革茂名市高州市三个支部组成考察组走访储良村。")
    assert not any("个支部" in n for n in orgs(d))
    assert "储良村乡贤理事会" in orgs(run("储良村乡贤理事会由65名乡贤组成。"))


def test_a_numbered_formula_before_a_program_word_is_a_program(run: Any) -> None:
    assert "8+1" in programs(run("民革高州市委积极响应高州市委统战部“8+1”行动的号召。"))
    assert programs(run("按照“3+2”的比例分配名额。")) == set()


def test_a_bare_province_body_is_the_reports_own_province_unless_one_is_named_beside_it(run: Any) -> None:
    assert "广东省工商联" in orgs(run("高州市企业与四川省结对100个。省工商联负责人表示满意。"))
    assert "四川省工商联" in orgs(run("四川省委、省工商联负责人表示满意。"))


def test_names_after_a_cue_of_leaders_or_before_an_honour(run: Any) -> None:
    assert {"韩俊平", "陈通军", "谭斌", "项晓芸"} <= people(run("高州市委统战部部领导韩俊平、陈通军、谭斌、项晓芸等多次到村调研。"))
    assert "王宪军" in people(run("民建高州市委支部荣获先进集体称号，王宪军荣获突出贡献奖。"))


def test_a_count_after_a_name_is_of_its_parts_unless_it_closes_the_phrase(run: Any) -> None:
    assert "哈尔滨医科大学附属医院" in orgs(run("哈尔滨医科大学附属医院16个科室的28名专家参加。"))
    assert orgs(run("全市建成统战工作站210个，覆盖全部乡镇。")) == set()


def test_a_word_that_begins_inside_a_place_takes_the_whole_place_into_the_name(run: Any) -> None:
    # jieba: 安定/区内/官镇/黑山/中心小学 — no name opens at 区
    found = orgs(run("定西市安定区内官镇黑山中心小学收到捐赠。", head=""))
    assert "安定区内官镇黑山中心小学" in found and not any(n.startswith("区") for n in found)


def test_a_firm_named_again_without_its_place_and_legal_form_is_one_firm(run: Any) -> None:
    """高州市嘉华科技集团有限公司, then 嘉华科技集团: one firm (the role is held in it); with two such firms the short
    name is no one's; a short name that only ends the full one (华科技集团) is another name."""
    d = run("高州市嘉华科技集团有限公司与储良村结对。嘉华科技集团总经理李建中表示感谢。")
    firms = [e for e in d.entities if e.kind == "Enterprise"]
    assert len(firms) == 1 and "嘉华科技集团" in firms[0].aliases, firms
    assert [(r.from_, r.to) for r in d.relations if r.type == "HOLDS_ROLE"] == [("lijianzhong", firms[0].ref)]
    d = run("高州市嘉华科技集团有限公司、茂名市嘉华科技集团有限公司与储良村结对。嘉华科技集团总经理李建中表示感谢。")
    assert "嘉华科技集团" in orgs(d), orgs(d)
    d = run("高州市嘉华科技集团有限公司与储良村结对。华科技集团也参加了。")
    assert len([e for e in d.entities if e.kind == "Enterprise"]) == 2


def test_a_name_glued_to_the_adverb_after_it_when_the_report_writes_it_shorter_elsewhere(run: Any) -> None:
    # 李建正奔波 … 李建便挂念 … 李建向记者: the name is 李建, 正 the adverb; a three-character name written
    # the same way each time stays whole
    d = run("嘉华科技有限公司董事长李建正奔波于各村之间。从那之后，李建便挂念起了储良村。李建向记者介绍。")
    assert people(d) == {"李建"}, people(d)
    d = run("嘉华科技有限公司董事长张建正出席活动。张建正表示感谢。")
    assert people(d) == {"张建正"}, people(d)


def test_a_tibetan_or_mongolian_name_after_a_title_is_a_person(run: Any) -> None:
    # no surname: the syllables such names are made of, right after a title, closed by a word that follows names
    d = run("玛多县副县长雅扎西出席。杭锦旗民族事务委员会副主任斯庆朝格图介绍了情况。")
    assert {"雅扎西", "斯庆朝格图"} <= people(d), people(d)
    # the same characters in no name's place are none (a title, then a word that is no name)
    assert not any("扎西" in n for n in people(run("副县长出席扎西德勒文艺演出。")))


def test_a_name_never_written_without_its_third_character_is_the_three_character_name(run: Any) -> None:
    # 韦定才，… 韦定才一家: the report never writes 韦定 alone, and closes 韦定才 with a comma
    d = run("县政协主席赵建华还专门问候了联系户韦定才，当了解到韦定才一家去年增加了收入。")
    assert people(d) == {"赵建华", "韦定才"}, people(d)
    # a verb of speech after a name is no part of it, punctuation after it or not
    assert people(run("嘉华科技有限公司董事长李建说。")) == {"李建"}


def test_a_name_whose_last_character_jieba_glued_to_the_next_word_is_the_name_written_elsewhere(run: Any) -> None:
    # 委员赵训清单位 (清单 a word to jieba) beside 委员赵训清、…: one person, 赵训清
    d = run("委员赵训清、刘福昌一行来到储良村。此次活动经费均由委员赵训清单位承担。")
    assert people(d) == {"赵训清", "刘福昌"}, people(d)


def test_a_preposition_surname_before_a_name_the_report_writes_alone_elsewhere(run: Any) -> None:
    # 书记向许捷一行汇报 beside 副主任许捷到…: 向 is the preposition, the name 许捷; a name that opens with
    # 向 each time it is written stays whole
    d = run("高州市侨办副主任许捷到分界镇储良村督查扶贫项目。储良村村委会书记向许捷一行汇报了工作。")
    assert people(d) == {"许捷"}, people(d)
    d = run("高州市侨办副主任向华明到分界镇储良村督查。村委会书记陈林向向华明一行汇报了工作。")
    assert "向华明" in people(d), people(d)


def test_a_registered_firms_trade_name_after_its_place_is_part_of_its_name(run: Any) -> None:
    # [place][trade name][trade][legal form]: words jieba reads as a numeral or a direction inside the trade name
    assert "高州市一片天餐饮管理股份有限公司" in orgs(run("储良村与高州市一片天餐饮管理股份有限公司结对。"))
    assert "高州市左岸芯慧电子科技有限公司" in orgs(run("高州市左岸芯慧电子科技有限公司与储良村结对共建。"))
    # a count, or a verb, between the place and the name is not a trade name
    found = orgs(run("高州市三家餐饮管理有限公司与储良村结对。"))
    assert not any(n.startswith("高州市") for n in found), found
    found = orgs(run("高州市引进芯慧电子科技有限公司与储良村结对。"))
    assert not any(n.startswith("高州市") for n in found), found
    # a conjunction inside the trade name (天/和), jieba reading across the place's end (繁昌/区天/和) — but not one
    # opening it (某区和某公司 is two)
    assert "芜湖市繁昌区天和机械有限公司" in orgs(run("芜湖市繁昌区天和机械有限公司与王寨村结对。"))
    found = orgs(run("繁昌区和天和机械有限公司与王寨村结对。"))
    assert not any(n.startswith("繁昌区") for n in found), found
    # and an adverb jieba finds inside an unknown trade name (兰州/天/正中/广/集团), not opening it
    assert "兰州天正中广集团" in orgs(run("由爱心帮扶企业——兰州天正中广集团为魏岭乡龙池村捐款10万元。"))
    found = orgs(run("兰州市积极引进机械有限公司与龙池村结对。"))
    assert not any(n.startswith("兰州") for n in found), found
    # and a firm written without its legal form (繁昌县天和机械公司)
    assert "繁昌县天和机械公司" in orgs(run("如繁昌县天和机械公司与王寨村就该村鸭业小区建设进行对接。"))
    # 集团 or 中国 in brackets before the legal form, as a place may be (云建农业发展(山东)有限公司)
    assert "上海城投水务(集团)有限公司" in orgs(run("上海城投水务(集团)有限公司与兴塔村结对。"))
    assert "上海微创医疗器械(集团)有限公司" in orgs(run("上海微创医疗器械(集团)有限公司董事长常某华出席。"))


def test_a_unit_of_a_cppcc_body_is_an_organisation_and_its_posts_are_held_there(run: Any) -> None:
    def titles(d: DraftRecord) -> dict[tuple[str, str], str]:
        name = {e.ref: e.name for e in d.entities}
        return {(name[r.from_], name[r.to]): r.props["title"] for r in d.relations if r.type == "HOLDS_ROLE"}

    d = run("高州市政协办公室主任赵玉云、高州市政协文史委主任李波、高州市政协港澳台侨和外事委员会副主任刘雁冰出席。")
    assert titles(d) == {("赵玉云", "高州市政协办公室"): "主任", ("李波", "高州市政协文史委"): "主任",
                         ("刘雁冰", "高州市政协港澳台侨和外事委员会"): "副主任"}
    # its members and standing members hold posts in the body itself
    d = run("高州市政协委员张青山、高州市政协常委李明出席。")
    assert titles(d) == {("张青山", "高州市政协"): "委员", ("李明", "高州市政协"): "常委"}


def test_a_name_does_not_reach_back_over_a_post_and_its_holder() -> None:
    # 副局长/李展健/和县/人民医院: jieba reads 和县 (a county elsewhere); the hospital is the county's own
    d = extract_report("西充县召开会议。县住建局副局长李展健和县人民医院副院长雷震陪同考察。\n", file_name="t.txt")
    found = orgs(d)
    assert "西充县人民医院" in found and not any("李展" in n for n in found), found


def test_a_name_before_a_form_of_address_with_its_surname_cut_off(run: Any) -> None:
    """周/永德/先生: jieba cuts the surname off; 先生/女士 after the given name says it is a person."""
    d = run("延吉大明眼镜有限公司周永德先生专程赶到储良村。")
    assert "周永德" in people(d)


def test_a_name_read_with_the_words_after_it_as_one_of(run: Any) -> None:
    """副主委田宗/之一/行: jieba reads 之一 (one of); 一行 (and party) follows the name 田宗之."""
    assert people(run("致公党高州市委会专职副主委田宗之一行赴储良村调研。")) == {"田宗之"}


def test_a_qualified_body_is_also_named_with_the_place_as_the_report_writes_it(run: Any) -> None:
    # 州工商联 in a report that writes 黔南州: 黔南布依族苗族自治州工商联, also called 黔南州工商联
    d = run("黔南州福建商会举行大会。经州委统战部、州工商联动员，企业参与储良村建设。")
    body = next(e for e in d.entities if e.name == "黔南布依族苗族自治州工商联")
    assert "黔南州工商联" in body.aliases


def test_a_jiusan_body_named_again_with_she_for_its_party(run: Any) -> None:
    # 社 is 九三学社's own short form: 社高州科技大学委员会 is 九三学社高州科技大学委员会, not a university
    d = run("九三学社高州科技大学委员会与储良村签约。社高州科技大学委员会主委刘洪斌介绍了情况。")
    assert orgs(d) == {"九三学社高州科技大学委员会"}, orgs(d)


def test_a_kind_of_body_with_no_name_is_no_organisation_and_a_subsidiary_is_named_without_the_word() -> None:
    """农民专业合作社四个, 老年人协会, 行业协会, 绿化公司: kinds of body, no names; 子公司兴业水利工程有限公司 is the
    firm 兴业水利工程有限公司 (子公司 says what it is to the group named before)."""
    from tongxin.extract import extract_report

    d = extract_report("高州市储良村位于分界镇。村里现有农业企业一家，农民专业合作社四个，老年人协会、行业协会和绿化公司参加。"
                       "由广东大航控股集团有限公司全资援建，子公司兴业水利工程有限公司承接。\n", file_name="t.txt")
    orgs = {e.name for e in d.entities if e.kind not in ("Place", "Person", "Program")}
    assert orgs == {"广东大航控股集团有限公司", "兴业水利工程有限公司"}, orgs


def test_a_college_or_institute_named_with_yu_inside_after_its_university_is_one_name() -> None:
    # 某某大学建筑与艺术设计学院: 与 joins the college's two fields, it does not list two bodies
    d = extract_report("高州科技大学建筑与艺术设计学院在分界镇储良村挂牌成立实践基地。\n", file_name="t.txt")
    assert "高州科技大学建筑与艺术设计学院" in orgs(d), orgs(d)
    assert "艺术设计学院" not in orgs(d)
    d = extract_report("中科院广州地理与湖泊研究所专家来到分界镇储良村。\n", file_name="t.txt")
    assert "中科院广州地理与湖泊研究所" in orgs(d), orgs(d)


# ------------------------------------------------------------------------------------------- sites


@pytest.mark.parametrize("sentence, site", [
    # a village's own facility, named after it: it stands for the village, no organisation of its own
    ("高州市总商会在分界镇储良村活动中心召开座谈会。", "储良村活动中心"),
    ("高州市总商会为储良村综合服务中心捐赠电脑。", "储良村综合服务中心"),
    # a facility named by common words alone says what kind it is, not which one
    ("高州市总商会向村里的便民服务中心捐赠桌椅。", "便民服务中心"),
    ("民盟高州市委在储良村开设道德讲堂。", "道德讲堂"),
    ("高州市科协在储良村设立科普工作站。", "科普工作站"),
])
def test_a_facility_that_names_no_body_is_no_organisation(run: Any, sentence: str, site: str) -> None:
    assert site not in orgs(run(sentence))


@pytest.mark.parametrize("sentence, firm", [
    ("村里建起了一个清真食品公司。", "清真食品公司"),
    ("储良村引进了黄精深加工厂。", "黄精深加工厂"),
    ("村民成立了养蜂合作社。", "养蜂合作社"),
])
def test_a_kind_of_works_is_no_named_firm(run: Any, sentence: str, firm: str) -> None:
    assert firm not in orgs(run(sentence))


def test_a_firm_named_by_a_brand_stays(run: Any) -> None:
    assert "新大众汽车维修公司" in orgs(run("新大众汽车维修公司向储良村捐赠2万元。"))


@pytest.mark.parametrize("sentence, site", [
    ("九三学社茂名市委在储良村设立九三学社工作站。", "九三学社工作站"),
    ("高州市设立高州市乡村振兴品牌工作室。", "高州市乡村振兴品牌工作室"),
])
def test_a_site_named_after_its_body_or_place_stays(run: Any, sentence: str, site: str) -> None:
    assert site in names(run(sentence), "Site")


def test_a_village_facility_still_pairs_its_village(run: Any) -> None:
    d = run("高州市总商会向分界镇储良村综合服务中心捐赠电脑20台。")
    ends = {(next(e.name for e in d.entities if e.ref == r.from_), next(e.name for e in d.entities if e.ref == r.to))
            for r in d.relations}
    assert ("高州市总商会", "储良村") in ends, ends


def test_a_name_after_a_quoted_title(run: Any) -> None:
    # “特聘村主任”郑某某: the title in quotation marks, the name right after them; and the post is held in the village
    d = run("高州市分界镇储良村“特聘村主任”郑立新指导村民危房改造。")
    assert people(d) == {"郑立新"}, people(d)
    assert ("郑立新", "储良村") in {(n[r.from_], n[r.to]) for n in [{e.ref: e.name for e in d.entities}]
                                  for r in d.relations if r.type == "HOLDS_ROLE"}
    # a quotation that closed before the title opens no quoted title
    assert people(run("“同心”特聘村主任，郑立新说起话来。")) == set()


def test_names_after_a_cadre_or_an_accountant_or_before_the_leader_s_post(run: Any) -> None:
    # 扶贫办干部 (a cadre), 村会计 (the accountant), 在某某组长的带领下 (the group leader's post after the name)
    d = run("区扶贫办副主任郑立新、扶贫办干部蓝文海等全程陪同。储良村会计邝思远等配合调研。")
    assert people(d) == {"郑立新", "蓝文海", "邝思远"}, people(d)
    assert people(run("工作组在邝思远组长的带领下，继续对高州市做深入调研。")) == {"邝思远"}


def test_a_yi_surname_and_a_preposition_before_a_verb(run: Any) -> None:
    # 普 is a surname (Yi and Hani names, 普某某); 向 before a verb (向结对的…) is the preposition, no 向结
    assert people(run("储良村党总支书记、村委会主任普文清介绍，公司还对村里帮扶。")) == {"普文清"}
    assert people(run("机关干部向结对的17户困难群众捐助慰问金2万余元。")) == set()


def test_a_list_of_names_closed_by_the_members_of_a_named_body(run: Any) -> None:
    # 甲、乙、丙、丁等民进某支部会员代表: four names, then 等 and the members of a body the list names
    d = run("郑立新、蓝文海、邝思远、卢秋菊等民进开发区支部会员代表为他们送去被子。")
    assert people(d) == {"郑立新", "蓝文海", "邝思远", "卢秋菊"}, people(d)
    # (places listed before 等 and a body are no people)
    assert people(run("储良村、高山村、大坡村、石鼓村等民营企业会员参加。")) == set()


def test_names_closed_by_a_photo_position_a_leading_phrase_or_an_adverb(run: Any) -> None:
    # a caption's position after the post (邹某副主任（右）), 在董事长某某的带领下, 主委某某多次带领…, the Hui surname 纳
    d = run("储良村支书郑立新（中）从市台办邹晓玲副主任（右）和市台协邝思远会长（左）手中接过捐赠支票。")
    assert people(d) == {"郑立新", "邹晓玲", "邝思远"}, people(d)
    assert people(run("高州农业集团在董事长韩庆的带领下，创新帮扶举措。")) == {"韩庆"}
    assert people(run("民建高州市委主委郑立新多次带领会员赴储良村。")) == {"郑立新"}
    assert people(run("高州市委统战部部长纳文海对民盟的关心表示感谢。")) == {"纳文海"}


def test_a_caption_s_title_and_name_set_apart_by_spaces(run: Any) -> None:
    # 村党支部书记 王某某 “…: a caption's title, a space, the name, a space; no name when nothing name-like follows
    assert people(run("高州市分界镇储良村党支部书记 郑立新 “农户的土地也全部流转了。”")) == {"郑立新"}
    assert people(run("储良村党支部书记 开展工作。")) == set()
    assert people(run("储良村党支部书记 高兴 地说：好。")) == set()  # (a word of the dictionary, no name)
