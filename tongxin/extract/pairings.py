"""Pairings: who is paired with which place or body (``PAIRED_WITH``) and who is the liaison for it
(``LIAISON_FOR``), from the verb frames reports use. Called by :func:`tongxin.extract.relations.find_relations`
with its relation builder; every relation carries its evidence sentence and a confidence, guesses are
marked ``review``. A pairing needs a frame joining its two ends: conjunction + pairing verb
(A与B结对/签订…, enumerations, 分别), a bare verb between adjacent names (X帮扶Y村), a designation
(Y被确定为X定点帮扶村, X把Y定为帮扶联系点, Y由X帮扶), a base set up in or named after a place, a visit that
does the helping. A clause without a subject takes the one body opening its sentence (or the sentence
before), short forms (该商会, 该村) the last of their kind — flagged for review. The frames are listed
with examples in docs/extraction.md.
"""

from __future__ import annotations

import re
from collections import Counter
from functools import cached_property
from typing import TYPE_CHECKING

from tongxin.extract.draft import DraftEntity
from tongxin.extract.lexicon import alternation, literal_words
from tongxin.extract.report import EntityMention, base_of, is_org
from tongxin.extract.text import spans_of
from tongxin.loaders.common import MONEY_RE, parse_amount

if TYPE_CHECKING:
    from tongxin.extract.relations import _Rel

__all__ = ["VILLAGE_BODY", "VILLAGE_COMMITTEE_NAMES", "Frames", "counterparts", "find_pairings", "read_as"]

VILLAGE_COMMITTEE_NAMES = ("村民委员会", "居民委员会", "村委会", "居委会")
# the bodies that sign for their place: a village committee, a township (county) government, a street office
_VILLAGE_COMMITTEES = (*VILLAGE_COMMITTEE_NAMES, "人民政府", "政府", "街道办事处", "街办事处")
# between a party and an adjacent pairing verb (X多年来定点帮扶Y; a list's 等 and the kind of its bodies:
# A、B等单位帮扶Y), and between the verb and its partner
_GAP_WORDS = (r"\d+年来|多年来|近年来|长期|一直|持续|重点|精准|定点|结对|对口|挂钩|先后|积极|倾力|全力|着力|"
              r"牵头|主动|共同|全面|深入|联合|合力|携手|一起|协同|负责")
_ADJ_GAP = re.compile(rf"(?:等(?:\d+家)?[\u4e00-\u9fff]{{0,6}}?(?:企业|商会|单位|部门|组织))?(?:{_GAP_WORDS})*")
_ADJ_GAP_END = re.compile(rf"(?:{_GAP_WORDS})+$")
# A 与 B 建立帮扶关系 / 开展一对一帮扶: a bare pairing verb after a conjunction, nothing after it but a noun
_CONJ_BARE = re.compile(r"(?:建立|开展|结成|形成|签订|签署|进行|实施|确立)(?:了)?(?:长期|稳定|紧密|一对一|“一对一”|1对1|精准|定点|"
                        r"结对|对口)*$")
_CONJ_BARE_AFTER = re.compile(r"(?:关系|对子|对接|协议|机制|工作|活动)?(?:[，,。；;]|$)")
_ADJ_AFTER = re.compile(r"(?:了|的|助推|助力|支持|带动)?")
# what may stand between the start of a clause and its verb when the clause has no subject of its own
# (…，并于2019年起结对帮扶Y村): adverbs and a date
_CLAUSE_LEAD = re.compile(r"(?:并|还|也|又|均|都|已|已经|主动|随后|先后|积极|长期|一直|持续|重点|精准|定点|结对|对口|挂钩|"
                          r"倾力|全力|着力|共同|率先|多年来|近年来|\d+年来|同时|此外|近日|日前|近期|最近|当天|今年以来|"
                          r"共|累计|总共|再次|专门|特别|分别|"
                          r"[于自从在]?\d{4}年(?:\d{1,2}月)?(?:\d{1,2}日)?(?:起|以来|开始)?|"
                          r"[于自从在]?(?:今年|去年|当年)(?:\d{1,2}月)?(?:以来|起)?)*")
_VILLAGE_ANAPHORS = {"该村": ("village",), "本村": ("village",), "该社区": ("community",), "该镇": ("township",), "该乡": ("township",),
                     "该街道": ("township",), "该县": ("county",), "该区": ("county",)}
_PLACE_ANAPHOR = "|".join(_VILLAGE_ANAPHORS)
# Y 被确定为 X 定点帮扶村 / 成为 X 的结对共建社区: the head nouns a paired place is called by
_PAIRED_NOUN = (r"(?:(?:定点|对口|结对|挂钩|重点|精准)?(?:帮扶|结对|联系|挂点|联点|共建|联建|挂钩|扶贫|包抓|包扶|包保|包联)+(?:的)?"
                r"(?:联系)?(?:村|社区|点|单位|对象|乡镇|镇|乡|街道|基地)|对口(?:支援|援助|协作|帮扶)(?:地区|县|市|区))")
# verbs that say only that two sides agreed: between two bodies (no place) they pair only when the
# clause says what kind of tie it is
_SIGNING = frozenset({"签约", "签订", "签署", "合作", "牵手", "结成"})
# the head noun after a pairing verb that makes the verb part of a noun (…的对口帮扶点, 结对帮扶村)
_NOUN_AFTER = re.compile(r"(?:村|社区|点|单位|对象|乡|镇|县|基地)")
# a village's or community's own body: an agreement signed with it ties the signer to the village, and a
# post in it is a post of the village (roles)
VILLAGE_BODY = re.compile(rf"(?:村|社区)(?:党总支|党支部|党委|{'|'.join(VILLAGE_COMMITTEE_NAMES)})$")
_PAIRING_WORDS = r"结对|共建|联建|帮扶|对口|挂钩|结亲|对子|联谊"
# 与X结对帮扶的(县级贫困村)Y村: a body, the word of its tie, 的, and perhaps the kind of place before the place
_RELATIVE_TIE = re.compile(r"与[^，,。；;！!？?与]{2,40}?(?P<verb>(?:长期|密切)?(?:结对帮扶|结对共建|对口帮扶|挂钩帮扶|定点帮扶|"
                           r"结对|共建|帮扶|挂钩|挂点|联系|联建))的(?:(?:省级|市级|县级)?(?:深度)?(?:贫困|重点|脱贫|后进|"
                           r"薄弱|示范)?(?:村|社区|乡镇))?")
# the post after a surname that names a person by it (高书记, 李主任)
_BARE_POST = re.compile(r"(?:书记|支书|主任|村长|会长|董事长|总经理|镇长|乡长)")
# 该商会 → the last body of these kinds named before
_SHORT_BODIES = (("商会", ("Association", "Federation")), ("协会", ("Association",)), ("联谊会", ("Association",)),
                 ("基金会", ("SocialOrganisation", "Association")), ("会", ("Association", "Federation")),
                 ("支部", ("DemocraticParty", "PartyCommittee")),
                 ("公司", ("Enterprise",)), ("企业", ("Enterprise",)), ("集团", ("Enterprise",)))
# when a pairing began: 于2019年3月…, 自2011年起…, a sentence opening with 2015年，…
_SINCE = re.compile(r"([于自从在])?(\d{4})年(?:(\d{1,2})月)?(?:\d{1,2}日)?(起|以来|开始)?")
_OPENING_DATE = re.compile(r"\s*(\d{4})年(?:(\d{1,2})月)?(?:\d{1,2}日)?(?:起|以来)?[，,]")
# a county or city name glued to the rest of an institution's name
_INSTITUTION = re.compile(r"(?:(?![建设修办的和与及、开发打推成实])[\u4e00-\u9fff]){0,8}?"
                          r"(?:中学|小学|学校|大学|学院|医院|卫生院|公司|集团|中心|研究院|研究所|银行|分行|支行|图书馆|博物馆)")
# what joins two items of a list of names
_LIST_MARKS = "、|和|及|以及|与|,|，"
# between the sides listed before 三方签订 (a village committee signs for its village: Y村村民委员会、X公司三方)
_SIDES_GAP = re.compile(rf"(?:{'|'.join(_VILLAGE_COMMITTEES)})?(?:{_LIST_MARKS})")
# a count of households or people after a village: those who live there (Y村18户贫困户, Y社区30名困难群众)
_RESIDENTS = re.compile(r"\d+(?:余|多)?(?:户|名|位|人)[\u4e00-\u9fff]{0,3}(?:贫困户|困难户|脱贫户|农户|村民|群众|居民|家庭|学生|儿童|老人)")
# who mobilises unnamed givers between a body and 向 (X积极动员会员企业向Y捐赠)
_MOBILISED = re.compile(r"(?:积极|广泛|还)?(?:动员|发动|组织|引导|带动)(?:会员|党员|社员|盟员|爱心|社会)?(?:企业家|企业|人士|力量|单位)(?:们)?")
# villages listed after the last named one whose names the division codes do not hold (…和乐国窝棚村)
_UNCODED_LISTED = re.compile(r"(?:(?:、|和|及|以及)[\u4e00-\u9fff]{2,6}?(?:村|社区))*")
# the people of a place a gift goes to (向余花小学学生捐赠, 向Y村困难群众发放)
_BENEFICIARIES = re.compile(r"(?:的)?(?:贫困|困难|留守|孤寡|全体|广大)?(?:学生|师生|村民|群众|居民|老人|儿童|贫困户|困难户|家庭|党员|"
                            r"教师|农户|低保户|五保户)(?:代表)?")
# what follows a place that goes somewhere itself: a date (于…), or its officials' posts (副区长, 委常委)
_VISITOR_AFTER = re.compile(r"(?:于|(?:区委|县委|市委|委|人民政府|政府|党工委)?(?:常委|副?区长|副?县长|副?市长|副?镇长|副?乡长|"
                            r"副?主任|副?书记))")
# people or bodies the text does not name, ending right before a gift's 向/为 (民营企业家代表向Y捐赠)
_UNNAMED_GIVERS = re.compile(r"(?:代表|企业家|爱心企业|企业|人士|党员|盟员|会员|社员|委员|志愿者|群众|乡贤|校友|们)"
                             r"(?:代表|一行)?(?:共同|一起|还|也|并|又|再次|分别|纷纷|积极|主动)?$")
_MOBILISING = re.compile(r"动员|组织|引导|号召|带动|协调|发动|联系|邀请|带领|率")
# a trip's verb before a body's paired place named by its kind (赴包扶村Y村, 前往包保村Y村)
_TRIP_WORDS = ("赴", "到", "前往", "来到", "走进", "深入")
# help done in a place named after 在 (X在Y村开展的精准扶贫工作)
_HELP_THERE = re.compile(r"(?:村|社区)?(?:开展|推进|实施|落实)(?:了|的)?[^，,。；;]{0,8}?(?:帮扶|扶贫|结对|共建)")
# a list mark, a word of what the next name is allowed after it (…以及爱心企业X)
_LIST_GAP = re.compile(rf"(?:{_LIST_MARKS})(?:爱心企业|爱心单位|民营企业)?")
# a visit's sentence that goes on to sign a tie (…来到Y考察，并现场签订帮扶协议)
_VISIT_SIGNS = re.compile(r"[^。；;！!？?]{0,32}?(?:(?:现场|当场|当天)?(?:签订|签署|签约|结成)了?[^，,。；;]{0,8}?"
                          r"(?:帮扶|结对|共建|村企|对口)|(?:举行|举办)了?(?:结对|帮扶|共建|村企)[^，,。；;]{0,4}?签约)")
# what a visitor goes to do that helps the place (开展结对帮扶, 推进社会服务, 进行义诊)
_VISIT_HELPS = re.compile(r"(?:联合|共同|组织)?(?:开展|推进|落实|进行)[^，,。；;]{0,10}?(?:帮扶|结对|共建|对口|社会服务|扶贫|义诊|"
                          r"送医|送教|农技培训|技术培训|帮镇扶村|公益|爱心)")
# a clause in which an officer leads a group (…主委张某带队一行14人，), closing right before the trip's clause
_LED_GROUP = re.compile(r"(?:带队|带领|率领|率)(?:一行)?(?:\d+人)?[，,]\s*$")
# a visit's places named the visitor's paired ones before them (赴结对帮扶的A村…, 来到其挂点联系的B村)
_TIE_BEFORE_VISITED = re.compile(r"(?:其|该[会社盟]|我[会社盟]|自己)?(?:定点|对口|结对)?(?:帮扶|结对|挂点|挂钩|包联|共建)(?:联系)?的")
# the places a trip goes to named as paired ones after them (赶赴A村、B村等5个帮扶村)
_VISITED_KIND = re.compile(r"等?(?:\d+|[两三四五六七八九十]+)(?:余|多)?个(?:定点|对口|结对)?(?:帮扶|结对|包扶|包抓|包保|联系|挂钩|挂点)"
                           r"(?:村|社区|乡镇|镇|乡)")
# a count of a place's villages or communities, not named (Y县14个深度贫困村, Y区17个直管社区)
_ITS_VILLAGES = re.compile(r"\d+(?:余|多)?个[\u4e00-\u9fff]{0,4}?(?:行政村|村|社区)(?![\u4e00-\u9fff]*(?:村|社区)$)")
# what opens the list naming a group's villages (…5个村，分别是A村、B村 / 。这5个村是：A村、B村)
_MEMBERS_LEAD = re.compile(r"[（(]?(?:这|该|上述|以上|其中)?(?:\d+个[\u4e00-\u9fff]{0,4}?(?:行政村|村|社区))?"
                           r"(?:分别是|分别为|包括|具体是|具体为|即|是|为)?[：:]?")
# a village's or community's committee or branch right after its township (仇集镇/明山村委会)
_UNCODED_VILLAGE_BODY = re.compile(r"[\u4e00-\u9fff]{1,4}?(?:村|社区)(?:村?委会|民委员会|居委会|居民委员会|党支部|党总支)")
_VILLAGE_OWN_COMMITTEE = re.compile(r"(?:村|居)(?:民委员会|委会|委)$")
# a count before a body's name makes it a kind of body, several of them (组织所属10个民盟支部赴…): no one actor
_COUNTED_BEFORE = re.compile(r"(?:\d+|[一二三四五六七八九十两几多]+)(?:余|多)?(?:个|家|名)$")
# the kind of help named between a place and its paired place's head noun (通州区苏陕协作、对口支援地区)
_KIND_OF_HELP = re.compile(r"[\u4e00-\u9fff]{2,6}(?:协作|合作|扶贫|帮扶)[、和及]")
_DESIGNATE = r"(?:被)?(?:确定为|确立为|定为|列为|列入|选定为|选为|作为|成为|是|为)"
# X同志“扶村培干联户”工作的联系点: a person's title word, and the named work the paired place serves
_WORK_OF = r"(?:同志|先生|女士)?(?:“[^”]{1,16}”)?(?:工作|活动|行动|工程)?"
# 据悉，Y村是…: a lead-in that opens a sentence without being part of it
# a clause 在…下， ending right before a position (search with an end position)
_UNDER_BEFORE = re.compile(r"在[^，,。；;！？!?在]{2,30}?下[，,]$")
# what a body may be called right before its name (会员企业X, 爱心企业X, 党员企业家X; a party's name may open it,
# 民建会员企业X: clause_openers)
_MEMBER_KIND = re.compile(r"(?:工商联|商会|协会)?(?:会员|盟员|党员|社员|爱心|民营|非公|执委)(?:企业家|企业|单位)$")
# a clause opened by a group's bare noun, up to a visit's pairing verb (考察团分组走访了结对帮扶的…)
_GROUP_LEAD = re.compile(rf"{_CLAUSE_LEAD.pattern}(考察团|考察组|调研组|调研团|工作组|慰问团|慰问组|代表团|服务团)(?:一行)?"
                         r"(?:分组|先后|还|又|一起|共同)*(?:走访|来到|深入|前往|看望)?(?:了)?")
_LEAD_IN = re.compile(r"(?:据悉|据了解|据介绍|目前|如今|同时|此外|另外|其中)[，,]?")


def _qualifier(text: str, m: EntityMention) -> bool:
    """A place name that qualifies what follows (铜官区17个社区, 中方县两家民营企业, 铜官区社区, 全区企业) rather
    than naming a party."""
    if m.entity.kind != "Place":
        return False
    if re.match(r"(?:村民委员会|村委会|居民委员会|居委会)", text[m.end:m.end + 5]):
        return False  # 官杨村村民委员会: the village's own committee, not a plural
    if m.level in ("county", "city", "province") and _INSTITUTION.match(text, m.end):
        return True  # 高州市第一中学, 高州市人民医院: the first words of a name we did not find
    if m.level in ("village", "community") and _RESIDENTS.match(text, m.end):
        return False  # 与Y村18户贫困户结对: households of one village, the village is the partner
    if m.level in ("county", "township") and _ITS_VILLAGES.match(text, m.end):
        return False  # 对口帮扶Y县14个深度贫困村: villages of the place, not named; the place is the partner
    if m.level == "township" and _UNCODED_VILLAGE_BODY.match(text, m.end, m.end + 12):
        return True  # 与仇集镇明山村委会签约: the body of a village the division list lacks, not the township
    if re.match(r"\d{4}年|\d{1,2}月(?:\d{1,2}[日号])?|\d{1,2}[日号]", text[m.end:m.end + 6]):
        return False  # 储良村2015年在X帮扶下, Y村6月24日缔结…: a date after the place, not a count of its parts
    return re.match(r"\d|[两二三四五六七八九十几数多]+(?:家|个|名|位|所|户|批)|各|所有|"
                    r"(?:社区|村|企业|乡镇|街道|商会)(?![\u4e00-\u9fff]*(?:村|社区)$)", text[m.end:m.end + 3]) is not None


def counterparts(a: DraftEntity, b: DraftEntity) -> bool:
    """Can places ``a`` and ``b`` be paired as a whole (``COUNTERPART_OF``)? Both coded at county level
    or below (districts, streets, townships and villages pair so, 东西部协作 and 友好乡镇; a province or
    a city named in such a sentence is where the parties are), and neither within the other (对口铁山镇帮扶
    助推政和: the township's own county is no partner of it)."""
    ca, cb = a.code or "", b.code or ""
    return len(ca) in (6, 9, 12) and len(cb) in (6, 9, 12) and not ca.startswith(cb) and not cb.startswith(ca)


class Frames:
    """The pairing frames over one extraction; adds through the relation builder ``r`` (its ``add``
    keeps one relation per pair, the plainest statement's evidence)."""

    def __init__(self, r: _Rel) -> None:
        self.r = r
        self.ex = r.ex
        self.text = r.text
        self.add = r.add
        self.sentence = r.sentence
        self.segment = r.segment
        self.segment_start = r.segment_start
        self.anaphor_before = r.anaphor_before
        self.body_anaphor = r.body_anaphor
        self.program_in = r.program_in
        self._chain_starts: dict[int, list[tuple[int, int]]] | None = None
        self._place_ending: dict[int, EntityMention] | None = None
        self.extra = self._more_place_mentions()

    def _more_place_mentions(self) -> list[EntityMention]:
        """Further mentions of a village, community or township already found (a place named once in a
        chain, 于集镇西太平村, and then alone, 在西太平村设立…): their names wherever no mention covers them."""
        text, out = self.text, []
        levels: dict[str, str] = {}
        for m in self.ex.mentions:
            if m.entity.kind == "Place" and m.terminal:
                levels.setdefault(m.entity.ref, m.level)
        taken = [(m.start, m.end) for m in self.ex.mentions]
        for ent in self.ex.entities:
            if ent.kind != "Place" or ent.ref not in levels or len(ent.name) < 3 or \
                    not re.search(r"(?:村|社区|镇|乡|街道)$", ent.name):
                continue
            for a, b in spans_of(text, ent.name):
                if any(x < b and a < y for x, y in taken) or re.match(r"民小?组", text[b:b + 3]):
                    continue  # (厚岸村观阳村民组: a villagers' group of the village before, not 观阳村 again)
                out.append(EntityMention(a, b, ent, level=levels[ent.ref]))
                taken.append((a, b))
        return out

    def top_mentions(self, s: int, e: int, bases: tuple[str, ...]) -> list[EntityMention]:
        ms = self.r.top_mentions(s, e, bases)
        if "Place" in bases:
            more = [m for m in self.extra if s <= m.start and m.end <= e]
            if more:
                ms = sorted(ms + more, key=lambda m: (m.start, -(m.end - m.start)))
        return ms

    # ---------------------------------------------------------------------------- PAIRED_WITH
    def pairings(self) -> None:
        """PAIRED_WITH from the verbs of pairing:

        * ``A 与 B 结对/共建/签订…`` — one conjunction before the verb; ``B`` may be a list
          (``A 分别与 B1、B2 签订``), and so may ``A`` (``A1、A2 分别与 B1、B2`` pairs them in order);
        * ``A1与B1、A2与B2…结成帮扶对子`` — several conjunctions: each stretch pairs its own two;
        * ``A 结对帮扶 B1、B2`` — no conjunction: the last party before the verb and the list after;
        * ``A 帮扶 B村`` / ``A 对口 B镇 帮扶`` — the bare verbs pair only adjacent names, so that
          ``高州市总商会帮扶分界镇储良村，海南省高州商会帮扶谢鸡镇民胜村…`` gives one pair per clause;
        * a partner that is a township's or county's group of villages named after it (``与Y镇3个村结对，
          分别是A村、B村``, or in the next sentence) is each of those villages (:meth:`named_members`).
        """
        lex, text = self.ex.lex, self.text
        strong = set(lex.pairing_verbs)
        verbs = alternation(strong | set(lex.pairing_verbs_adjacent))
        done: set[tuple[int, int]] = set()
        for mv in re.finditer(verbs, text):
            v0, v1 = mv.start(), mv.end()
            if self.ex.doc.in_book_title(v0, v1) or self.r.in_name(v0):
                continue  # (福建省侨联建立…: 联建 across a name's end is no verb)
            span = next(((a, b) for a, b in self.ex.program_spans if a <= v0 and v1 <= b), None)
            if span is not None:
                # A与B开展“村企结对”活动: a pairing program as the object of 开展/建立…, read at its quote
                q0 = span[0] - 1 if text[span[0] - 1:span[0]] in "“‘「" else span[0]
                if not re.search(r"(?:开展|建立|结成|签订|签署|启动|实施)了?$", text[max(0, q0 - 3):q0]):
                    continue
                v0, v1 = q0, span[1]
            s, e = self.segment(v0)
            adjacent = mv.group(0) not in strong and span is None
            if not adjacent and (s, v0) in done:
                continue
            program = self.program_in(*self.sentence(v0))
            props = {"program": program.ref if program else None, "since": self.since_at(v0)}
            for a, b, conf, review in self.pairs_at(s, e, v0, v1, adjacent):
                if base_of(a.kind) == "Place" and base_of(b.kind) != "Place":
                    a, b = b, a
                if a.kind == "Place" and b.kind == "Place":
                    if counterparts(a, b) and (adjacent or re.search(r"与|同|跟", text[s:v0])
                                               or not re.search(r"[和及、]", text[s:v0])):
                        # 东丽区与皋兰县开展对口帮扶, 庐江县结对帮扶古沟回族乡: two places paired as a whole
                        # (not A村和B村进行帮扶结对: two places listed, whom some party pairs with)
                        self.add("COUNTERPART_OF", a, b, self.sentence(v0), conf, props, review)
                    continue
                if mv.group(0) in _SIGNING and base_of(b.kind) != "Place" and \
                        not re.search(_PAIRING_WORDS, text[s:e]) and not VILLAGE_BODY.search(b.name):
                    continue  # 市工商联和市农行签署金融服务协议: two bodies agree, no pairing is said
                named = self.named_members(b, v0)
                if named is not None:  # 与Y镇3个村结对，分别是A村、B村、C村: the villages, not the township
                    members, ev_end = named
                    self.r.set_aside.add((a.ref, b.ref))
                    for x in members:
                        self.add("PAIRED_WITH", a, x.entity, (self.sentence(v0)[0], ev_end), min(conf, 0.65), props,
                                 review)
                else:
                    self.add("PAIRED_WITH", a, b, self.sentence(v0), conf, props, review)
                done.add((s, v0))

    def relative_ties(self) -> None:
        """与X结对帮扶的Y村, 与X密切联系的Y镇及Z村: a body's paired places named after a clause that says
        whose they are (the sentence goes on to say what the places do: …领导一行来访W, so a frame for W
        would read the visit). Nothing before 与 may be a party (A与X结对的…: A and X are the pair)."""
        text = self.text
        for mv in _RELATIVE_TIE.finditer(text):
            g0 = mv.start() + 1
            s, e = self.sentence(mv.start())
            named = self.parties(s, mv.end())
            if any(m.end == mv.start() for m in named):
                continue
            inside = [i for i, m in enumerate(named) if m.start >= g0 and m.end <= mv.start("verb")]
            if not inside or self.chain_start(named[inside[0]]) != g0:
                continue
            bodies = [m for m in self.listed(named, inside[0]) if base_of(m.entity.kind) != "Place"]
            if not bodies or bodies[-1].end != mv.start("verb"):
                continue
            after = self.parties(mv.end(), e)
            first = next((i for i, m in enumerate(after) if base_of(m.entity.kind) == "Place"
                          and self.chain_start(m) == mv.end()), None)
            if first is None:
                continue
            for b in bodies:  # (a prefecture or a province among them: `add` takes it for the region, no partner)
                for y in self.listed(after, first):
                    self.add("PAIRED_WITH", b.entity, y.entity, (s, e), 0.7, {"since": self.since_at(mv.start())}, None)

    def named_members(self, b: DraftEntity, pos: int) -> tuple[list[EntityMention], int] | None:
        """``与Y镇3个村结对帮扶，分别是A村、B村、C村`` (or the list in the next sentence, ``这3个村是…``): the
        villages or communities of a township's or county's group named after it, with the end of the
        sentence that names them; None when the group stays unnamed."""
        if b.kind != "Place" or not b.code or len(b.code) not in (6, 9):
            return None
        text = self.text
        s, e = self.sentence(pos)
        group = next((g for m in self.ex.mentions_in(s, e, bases=("Place",)) if m.entity is b
                      for g in [_ITS_VILLAGES.match(text, m.end)] if g is not None), None)
        if group is None:
            return None
        end = self.sentence(e)[1] if e < len(text) else e  # the rest of the sentence and the next one
        places = self.top_mentions(group.end(), end, ("Place",))
        for i, x in enumerate(places):
            # the first place of its clause (or right after the group, in brackets), after only the list's lead
            lead = text[max(group.end(), self.segment_start(x.start)[0]):self.chain_start(x)]
            if (i and places[i - 1].end > self.segment_start(x.start)[0]) or not _MEMBERS_LEAD.fullmatch(lead):
                continue
            members = self.listed(places, i)
            if len(members) < 2 or not all(m.level in ("village", "community") and
                                           (m.entity.code or "").startswith(b.code) for m in members):
                return None
            return members, self.sentence(members[-1].start)[1]
        return None

    def site_pairings(self) -> None:
        """PAIRED_WITH from a base set up in a place and from visits made to help a place:

        * ``X（…）在 Y村 建立/设立/成立 …基地/工作站/示范点`` — the organisation that sets up the base is
          paired with the place (``X`` ends the clause before 在, or opens the sentence; a base named before
          在 after a body of the report, ``“X社会实践基地”在Y村…揭牌``, is that body's);
        * ``X 在 Y村 开展(的)…扶贫/帮扶`` — help done in the place;
        * ``X Y村“…基地”揭牌`` — an organisation's base named after the place;
        * ``X 到/赴/深入 Y 开展/推进 …帮扶/结对/共建/社会服务`` — the organisation is paired with the place it
          goes to help (a visit of condolence, 慰问, is no tie) or signs a tie there with no other party named
          (``来到Y考察，并现场签订帮扶协议``); ``X 赴 Y 开展…捐赠活动`` — it gives to the place; a list of
          organisations (甲、乙、丙一行赴Y…) goes as one, to every place listed (``分别到Y1村和Y2村``).
        """
        text = self.text
        site = r"基地|工作站|服务站|联系点|联络点|联络站|服务点|示范点|实践站|实践点|工作室|服务中心|活动中心|驿站|之家|分会|支部|工作点"
        for mv in re.finditer(r"在", text):
            s, e = self.sentence(mv.start())
            places = [m for m in self.top_mentions(mv.end(), min(e, mv.end() + 16), ("Place",))
                      if self.chain_start(m) - mv.end() <= 8 and m.entity.kind != "Park"]
            if not places:
                continue
            p = places[0]
            # (a facility of the place may be named between: 在Y村“某某农场”举行揭牌仪式)
            mverb = re.match(r"(?:村|社区)?(?:“[^”，,。]{1,12}”)?(?:建立|设立|成立|建成|挂牌|揭牌|共建|创建|打造|组建|举行|举办)(了)?",
                             text[p.end:p.end + 20])
            if mverb is None and re.search(rf"(?:{site})[”’」]?$", text[s:mv.start()]):
                # “X实践基地”在Y村某某科技小院揭牌: the base named before 在 opens in a facility of the place
                mverb = re.match(r"[\u4e00-\u9fff]{2,12}?(?:小院|农场|园区|园|中心|基地|学校|礼堂|广场)(?:举行)?(?:揭牌|挂牌)",
                                 text[p.end:p.end + 20])
            if mverb is None:
                # X在Y村开展(的)精准扶贫工作: the body helps in the place
                # (A支部主委赫某在Y村开展精准扶贫工作: the person named right before 在 does it, not the body of
                # their post)
                if not _HELP_THERE.match(text, p.end):
                    continue
                person = next((m for m in self.ex.mentions_in(s, mv.start(), bases=("Person",))
                               if re.fullmatch(r"(?:同志|先生|女士)?", text[m.end:mv.start()])), None)
                if (subject := person or self.subject_before(s, mv.start())) is not None:
                    self.add("PAIRED_WITH", subject.entity, p.entity, (s, e), 0.6, {}, "help given in the place")
                continue
            rest = text[p.end + mverb.end():p.end + mverb.end() + 24]
            rest = re.split(r"[，,。；;]", rest)[0]
            if "举" in mverb.group(0) and not re.search(r"揭牌|挂牌|成立|启用", rest):
                continue  # 在Y村举行…: only the opening of a base
            # the base named after its verb, or before 在 (“X社会实践基地”在Y村举行揭牌仪式)
            named_before = re.search(rf"(?:{site})[”’」]?$", text[s:mv.start()])
            if not (re.search(site, rest) or named_before or
                    self.program_in(p.end + mverb.end(), p.end + mverb.end() + len(rest) + 1)):
                continue
            subject = self.subject_before(s, mv.start())
            owner = subject.entity if subject is not None else (
                self.base_owner(s, mv.start()) if named_before else None)
            if owner is not None:
                self.add("PAIRED_WITH", owner, p.entity, (s, e), 0.65, {}, "a base set up in the place")
        # X的党员之家建在Y社区 / X的工作站落户Y村: the base stands in the place
        for mv in re.finditer(rf"(?:{site})[”’」]?(?:建在|设在|设于|建于|落户在|落户于|落户|落地在|落地)", text):
            s, e = self.sentence(mv.start())
            seg_s, seg_e = self.segment(mv.start())
            places = [m for m in self.top_mentions(mv.end(), seg_e, ("Place",))
                      if m.entity.kind != "Park" and self.chain_start(m) - mv.end() <= 12]
            subject = self.subject_before(s, mv.start(), seg_s)
            if places and subject is not None:
                self.add("PAIRED_WITH", subject.entity, places[0].entity, (s, e), 0.65, {},
                         "a base set up in the place")
        chains: dict[int, EntityMention] = {}
        for x in self.ex.mentions:
            if x.entity.kind == "Place" and x.terminal:
                chains.setdefault(self.chain_start(x), x)
        for m in self.ex.mentions:
            if not is_org(m.entity.kind) or m.entity.kind in ("Program", "Site", "Park"):
                continue
            named = chains.get(m.end)
            if named is None:
                continue
            after = text[named.end:named.end + 24]
            if re.match(rf"[“‘「]?[^，,。；;”’」]{{0,16}}(?:{site})[”’」]?(?:揭牌|成立|挂牌|启用)", after):
                s, e = self.sentence(m.start)
                self.add("PAIRED_WITH", m.entity, named.entity, (s, e), 0.65, {}, "a base named after the place")
        for mv in re.finditer(r"(?:来到|前往|深入|走进|到|赴)", text):
            s, e = self.sentence(mv.start())
            seg_s, seg_e = self.segment(mv.start())
            places = [m for m in self.top_mentions(mv.end(), seg_e, ("Place",))
                      if m.entity.kind != "Park" and self.chain_start(m) - mv.end() <= 12]
            if not places:
                continue
            # 到Y1村和Y2村进行帮扶结对: every place listed goes with the visit
            visited = self.listed(self.top_mentions(places[0].start, seg_e, ("Place",)), 0)
            p = visited[-1]
            # the visitor does the helping (推进/开展…帮扶), or looks at a tie the phrase names
            # (调研定点帮扶工作); 调研帮扶工作 / 考察扶贫 / 看望帮扶对象 are visits only
            # (走进凤凰乡及偏远地区开展…: the places around it, unnamed, go with it)
            after = re.sub(r"^(?:及|和|等)[\u4e00-\u9fff]{0,6}?(?:地区|等地|一带)", "", text[p.end:seg_e])
            gift = re.match(r"(?:联合|共同|组织)?(?:开展|举行|进行)[^，,。；;]{0,10}?(?:捐赠|捐资|捐助|献爱心)", after)
            # …来到Y考察，并现场签订帮扶协议: a tie signed there with no other party named
            sign = _VISIT_SIGNS.match(text, p.end, e)
            sign = sign if sign is not None and not self.parties(p.end, sign.end()) else None
            # 赶赴A村、B村等5个帮扶村: the places visited are named the visitor's paired ones
            kind = _VISITED_KIND.match(after)
            # 赴结对帮扶的A村、B村调研: the places are named the visitor's paired ones before them
            kind = kind or _TIE_BEFORE_VISITED.fullmatch(text, mv.end(), self.chain_start(places[0]))
            # (开展“某某”重点项目“某某”扶贫调研: a quoted name counts as one word, and may name the help itself)
            helps = any(_VISIT_HELPS.match(x) for x in (after, re.sub(r"“[^“”]{1,24}”", "“”", after)))
            if not (gift or sign or kind or helps or
                    re.match(r"(?:调研|督导|考察|检查|指导)(?:了)?(?:定点帮扶|结对帮扶|对口帮扶|挂点帮扶|结对共建)", after)):
                continue
            subject = self.subject_before(s, mv.start(), seg_s) or self.group_led_before(s, seg_s)
            if subject is None:
                # 嘉禾街于9月11日到吴川市开展帮镇扶村工作: a place whose officials go to help another place
                visitor = self.visiting_place(seg_s, mv.start())
                if visitor is not None and not gift:
                    for y in visited:
                        if counterparts(visitor.entity, y.entity):
                            self.add("COUNTERPART_OF", visitor.entity, y.entity, (s, e), 0.6, {},
                                     "officials of the place visit to help the other")
                continue
            # 甲商会、乙商会、丙商会一行赴Y开展捐赠活动: every one of the list that goes
            orgs = self.actors(s, mv.start())
            visitors = self.listed(orgs, orgs.index(subject), forward=False) if subject in orgs else [subject]
            if subject in orgs and subject.end <= seg_s:  # 甲及乙一行，到Y…: the list opening the sentence goes
                run = self.listed(orgs, orgs.index(subject))
                if re.fullmatch(r"(?:一行|等)?[，,]\s*", text[run[-1].end:seg_s]):
                    visitors = run
            rel, why = ("DONATES_TO", "a visit to give to the place") if gift else (
                "PAIRED_WITH", "a visit that signs a tie there" if sign else "a visit to help the place")
            for v in visitors:
                for y in visited:
                    # (赴Y州开展帮扶: a trip of work to a region; 赴Y县开展帮扶 when the report names Y县's
                    # townships or villages: the help goes to those)
                    if y.level in ("city", "province") or (rel == "PAIRED_WITH" and not sign and self.finer_named(y)):
                        continue
                    self.add(rel, v.entity, y.entity, (s, e), 0.6, {}, why)

    def group_led_before(self, s: int, seg_s: int) -> EntityMention | None:
        """The body whose officer leads a group in the clause before ``seg_s`` (由…、九三学社市委主委张某带队一行
        14人，赴Y…): the last body of that clause, its officer's title and name right after it; else None."""
        if seg_s <= s:
            return None
        ps = self.segment_start(seg_s - 1)[0]
        lead = _LED_GROUP.search(self.text, ps, seg_s)
        if lead is None:
            return None
        orgs = self.actors(ps, lead.start())
        if not orgs or not re.fullmatch(r"[\u4e00-\u9fff]{2,16}", self.text[orgs[-1].end:lead.start()]):
            return None
        return orgs[-1]

    def finer_named(self, y: EntityMention) -> bool:
        """``y`` is a county and the report names a township, village or community inside it: a visit there
        to help goes to those places (佛山市政协…赴墨脱县…, then 达木珞巴民族乡), not to the county as a whole."""
        code = y.entity.code or ""
        return y.level == "county" and len(code) == 6 and code in self._counties_named_finer

    @cached_property
    def _counties_named_finer(self) -> frozenset[str]:
        """The county codes of the townships, villages and communities the report names."""
        return frozenset((m.entity.code or "")[:6] for m in self.ex.mentions
                         if m.entity.kind == "Place" and len(m.entity.code or "") > 6)

    def visiting_place(self, seg_s: int, pos: int) -> EntityMention | None:
        """The district, county or street opening the clause of a trip at ``pos`` as the one who goes (广州白云区
        嘉禾街于9月11日到…, 雁塔区副区长胡某带领各部门赶赴…): no body is named before the trip, only the place and
        perhaps its officials."""
        ps = self.parties(seg_s, pos)
        if not ps or ps[0].entity.kind != "Place" or ps[0].level not in ("county", "township") or \
                any(base_of(m.entity.kind) != "Person" for m in ps[1:] if m.start >= ps[0].end + 1):
            return None
        first = max((m for m in ps if m.entity.kind == "Place" and self.chain_start(m) == self.chain_start(ps[0])),
                    key=lambda m: m.end)
        if not _CLAUSE_LEAD.fullmatch(self.text, seg_s, self.chain_start(first)) and self.chain_start(first) != seg_s:
            return None
        return first if _VISITOR_AFTER.match(self.text, first.end) else None

    def base_owner(self, s: int, pos: int) -> DraftEntity | None:
        """The body a base named right before ``pos`` is named after (“九三学社某市委员会社会实践基地”在…):
        an organisation of the report whose name or alias opens the base's name."""
        base = next((m.entity for m in reversed(self.ex.mentions_in(s, pos, bases=("Program", "Site")))), None)
        if base is None:
            return None
        bodies = [e for e in self.ex.entities if is_org(e.kind) and e.kind not in ("Program", "Site", "Park")
                  and any(len(n) >= 4 and base.name.startswith(n) for n in (e.name, *e.aliases))]
        if bodies:
            return max(bodies, key=lambda e: max(len(n) for n in (e.name, *e.aliases) if base.name.startswith(n)))
        return self.party_named_in(base.name)

    def party_named_in(self, name: str) -> DraftEntity | None:
        """The report's one committee of the party a base's name opens with, perhaps after a place's short
        name (辽宁民盟助力乡村振兴实践基地 → 民盟辽宁省委会), else None."""
        parties = self.ex.lex.parties
        mm = re.match(rf"([\u4e00-\u9fff]{{0,4}}?)({alternation(parties)})", name)
        if mm is None:
            return None
        party, where = parties[mm.group(2)], mm.group(1)
        ones = [e for e in self.ex.entities if e.kind == "DemocraticParty" and e.name.startswith(party)
                and e.name != party and where in e.name]
        return ones[0] if len(ones) == 1 else None

    def actors(self, s: int, pos: int) -> list[EntityMention]:
        """The organisations in [s, pos) that can act on a place: not programs, sites, parks, governments or
        village committees (a 政协, a bureau or an office may: 市政协组织委员到Y村开展扶贫行动)."""
        return [m for m in self.top_mentions(s, pos, ("Organisation",))
                if m.entity.kind not in ("Program", "Site", "Park")
                and not (m.entity.kind == "GovernmentBody" and m.entity.name.endswith(_VILLAGE_COMMITTEES))
                and not _COUNTED_BEFORE.search(self.text, max(0, m.start - 6), m.start)]

    def subject_before(self, s: int, pos: int, seg_s: int | None = None) -> EntityMention | None:
        """The organisation acting at ``pos``: the last one in its clause, else the one opening the sentence."""
        seg_s = self.segment_start(pos)[0] if seg_s is None else seg_s
        orgs = self.actors(s, pos)
        near = [m for m in orgs if m.start >= seg_s]
        if near:
            return near[-1]
        for m in orgs[:1]:  # the subject opening a clause of the sentence (为…精神，X…通过在Y村建立…), perhaps
            cs = self.chain_start(m)  # after the places it is of (江苏省常州市金坛区政协)
            lead = self.text[max(s, cs - 1):cs]
            if (cs == s or lead in ("，", ",", "：", ":", "\n", " ")) and \
                    not re.match(r"[与和同跟]", self.text[m.end:m.end + 1]):
                return m
        return None

    def parties(self, s: int, e: int) -> list[EntityMention]:
        """Who can be paired in [s, e): organisations, people and places, not programs, parks or a place
        that qualifies a count or a plural."""
        out = []
        for m in self.top_mentions(s, e, ("Organisation", "Person", "Place")):
            if m.entity.kind in ("Program", "Park") or _qualifier(self.text, m):
                continue
            if m.entity.kind == "Site":
                # 储良村党群服务中心: a village's own facility stands for the village
                own = [p for p in self.ex.mentions if p.entity.kind == "Place" and p.start == m.start
                       and p.end < m.end and p.level in ("village", "community")]
                if own:
                    m = EntityMention(m.start, m.end, own[0].entity, level=own[0].level)
            if m.entity.kind == "GovernmentBody" and m.entity.name.endswith(_VILLAGE_COMMITTEES):
                # 官杨村村民委员会 / 常林镇人民政府 / 云岗街道办事处 signs for its village or township: pair the place
                own_levels = ("village", "community", "") if _VILLAGE_OWN_COMMITTEE.search(m.entity.name) \
                    else ("village", "community", "township", "county", "")
                # (明山村委会 after 仇集镇, 明山村 not found: the village's committee, not the township)
                inner = [p for p in self.ex.mentions if p.entity.kind == "Place" and p.terminal
                         and m.start <= p.end <= m.end and (p.start >= m.start or p.end == m.start)
                         and p.level in own_levels]
                if inner:
                    m = inner[-1]
                elif m.entity.place:  # 乡政府 qualified by the report's township
                    place = next((x for x in self.ex.entities if x.ref == m.entity.place), None)
                    if place is not None and place.code and len(place.code) >= 9:
                        m = EntityMention(m.start, m.end, place)
            out.append(m)
        # 潘州街道城东社区居民委员会, 潘州街道城东社区党委: a place glued to the next party qualifies it
        return [m for i, m in enumerate(out) if not (
            base_of(m.entity.kind) == "Place" and i + 1 < len(out) and out[i + 1].start == m.end
            and out[i + 1].entity.kind != "Person")]

    def chain_start(self, m: EntityMention) -> int:
        """Where the chain of place names a place mention ends (西充县常林镇 for 常林镇) begins; for a body
        written right after places (贵州七星关区实验学校), where those places begin."""
        if m.entity.kind != "Place":
            if self._place_ending is None:  # where each chained place mention ends, built once
                self._place_ending = {}
                for x in self.ex.mentions:
                    if x.entity.kind == "Place" and x.chain >= 0:
                        self._place_ending.setdefault(x.end, x)
            before = self._place_ending.get(m.start)
            return m.start if before is None else self.chain_start(before)
        if m.chain < 0:
            return m.start
        if self._chain_starts is None:  # chain → the place mentions' (start, end), built once
            self._chain_starts = {}
            for x in self.ex.mentions:
                if x.entity.kind == "Place" and x.chain >= 0:
                    self._chain_starts.setdefault(x.chain, []).append((x.start, x.end))
        return min((a for a, b in self._chain_starts.get(m.chain, []) if b <= m.end), default=m.start)

    def listed(self, ms: list[EntityMention], first: int, forward: bool = True) -> list[EntityMention]:
        """From ``ms[first]``, the names joined to it by 、/和/及/以及 (a list), in text order. A list holds
        places or bodies, not both (储良村、海南省高州商会帮扶民胜村: the 商会 opens the next clause)."""
        out = [ms[first]]
        step = 1 if forward else -1
        i = first
        place = base_of(ms[first].entity.kind) == "Place"
        while 0 <= i + step < len(ms):
            x, y = (ms[i], ms[i + step]) if forward else (ms[i + step], ms[i])
            if not _LIST_GAP.fullmatch(self.text, x.end, self.chain_start(y)) or \
                    (self.text[x.end:y.start] == "与" and forward) or \
                    (base_of(ms[i + step].entity.kind) == "Place") != place:
                break
            out.append(ms[i + step])
            i += step
        return out if forward else out[::-1]

    def pairs_at(self, s: int, e: int, v0: int, v1: int, adjacent: bool
                 ) -> list[tuple[DraftEntity, DraftEntity, float, str | None]]:
        text = self.text
        out: list[tuple[DraftEntity, DraftEntity, float, str | None]] = []
        left = self.parties(s, v0)
        right = self.parties(v1, e)
        between = text[s:v0]
        inside = [(m.start, m.end) for m in self.ex.mentions_in(s, v0)]
        # 与/同/跟 as conjunctions, not inside a name (同心共铸基金会)
        conjs = [s + m.start() for m in re.finditer(r"与|同|跟", between)
                 if not any(a <= s + m.start() < b for a, b in inside)]
        if not conjs and not adjacent:
            conjs = [s + m.start() for m in re.finditer(r"和", between)
                     if any(x.end == s + m.start() for x in left)
                     and any(self.chain_start(x) == s + m.start() + 1 for x in left)]
        if adjacent and conjs and self.bare_after_conj(left, conjs[-1], v0, v1):
            adjacent = False  # A与B建立帮扶关系: read as a strong verb with its conjunction
        if adjacent:
            # X帮扶Y: the party must end right before the verb (or before 定点/结对/对口…), the partner
            # start right after it; X对口Y帮扶 too
            adj = [i for i, m in enumerate(left) if _ADJ_GAP.fullmatch(text[m.end:v0])]
            subjects = self.subjects(left, adj[-1]) if adj else []
            a_ent: DraftEntity | None = subjects[-1].entity if subjects else None
            conf, review = 0.75, None
            if a_ent is None:
                # 省委会10年来对口铁山镇帮扶: a short form of a body named before
                mg = _ADJ_GAP_END.search(text, s, v0)
                ana = self.short_body_before(mg.start() if mg else v0)
                if ana is not None:
                    a_ent, conf, review = ana[1], 0.6, read_as(*ana)
                else:  # X…，积极帮扶Y村: the subject of the clause before
                    carried = self.carried_subject(s, v0)
                    if carried is None:
                        return out
                    a_ent, conf, review = carried.entity, 0.6, _carried_note(carried.entity)
            after = [i for i, m in enumerate(right) if _ADJ_AFTER.fullmatch(text[v1:self.chain_start(m)])]
            targets: list[EntityMention] = []
            passive = self.passive_place(s, subjects[0].start) if subjects and not after else None
            if after:
                targets = self.listed(right, after[0])
            elif passive is not None:  # Y村由X帮扶
                targets = [passive]
                review = _anaphor_note(text, passive)
                conf = 0.6 if review else 0.7
            else:  # X帮扶该村: the village named before
                pa = self.place_anaphor_after(v1)
                if pa is None:
                    return out
                targets, conf = [pa], min(conf, 0.6)
                review = "; ".join(x for x in (review, _anaphor_note(text, pa)) if x)
            for a in [x.entity for x in subjects[:-1]] + [a_ent]:
                for b in targets:
                    if b.entity.kind != "Person":
                        out.append((a, b.entity, conf, review))
            return out
        if (sides := self.sides_signing(left, s, v0)) is not None:
            return sides
        if len(conjs) >= 2:
            # A1与B1、A2与B2…: cut the stretch before the verb at each 、/， that follows a partner
            cuts = [s] + [s + m.end() for m in re.finditer(r"[、，,]", between)] + [v0]
            for c0, c1 in zip(cuts, cuts[1:], strict=False):
                cj = [c for c in conjs if c0 <= c < c1]
                if len(cj) != 1:
                    continue
                a_side = [m for m in left if c0 <= m.start and m.end <= cj[0]]
                b_side = [m for m in left if cj[0] < m.start and m.end <= c1]
                if a_side and b_side:
                    out.append((a_side[-1].entity, b_side[0].entity, 0.7, None))
            if len(out) >= 2:
                return out
            out = []
        if conjs:
            cpos = conjs[-1]
            before = [m for m in left if m.end <= cpos]
            after_i = [i for i, m in enumerate(left) if m.start > cpos]
            # A与接受X业务指导的B签约: a 的 makes what follows it the partner (X only qualifies B)
            de = text.rfind("的", cpos, v0)
            if de >= 0 and any(left[i].start > de for i in after_i):
                after_i = [i for i in after_i if left[i].start > de]
            bs = self.listed(left, after_i[0]) if after_i else []
            # 周某和高台村高书记介绍…: a place before a surname and a post names a person, not a partner
            bs = [y for y in bs if not (base_of(y.entity.kind) == "Place" and text[y.end:y.end + 1] in self.ex.lex.surnames
                                        and _BARE_POST.match(text, y.end + 1))]
            if not bs:
                return out
            if text[cpos] == "和" and "的" in text[bs[-1].end:v0] and _NOUN_AFTER.match(text, v1):
                return out  # A和B的对口帮扶点: a list that owns a paired place, not two parties paired
            respectively = "分别" in text[max(s, cpos - 3):cpos]
            glued = self.body_anaphor(cpos) if not before or before[-1].end < cpos else None
            if glued is not None:  # 孙兴名介绍了工委与Y社区的共建: the short form right before 与 is the party
                return [(glued[1], y.entity, 0.6, read_as(*glued)) for y in bs]
            if before:
                # A、B与Y签订…: every party listed before the conjunction
                as_ = self.subjects(before, len(before) - 1)
                if respectively and len(as_) == len(bs) and len(as_) > 1:
                    return [(x.entity, y.entity, 0.7, None) for x, y in zip(as_, bs, strict=True)]
                if len(as_) > 1 and len(bs) > 1 and not respectively:
                    return [(x.entity, y.entity, 0.55, "several parties on each side, not said which with which")
                            for x in as_ for y in bs]
                return [(x.entity, y.entity, 0.7, None) for x in as_ for y in bs]
            ana = self.anaphor_before(cpos)
            if ana is not None:
                return [(ana[1], y.entity, 0.55, read_as(*ana)) for y in bs]
            # A、B、C等企业，分别与Y村签订…: the subject (or list of subjects) opening a clause before
            subjects_before = self.carried_subjects(s, cpos)
            if respectively and len(subjects_before) == len(bs) > 1:
                return [(x.entity, y.entity, 0.6, _carried_note(x.entity)) for x, y in zip(subjects_before, bs, strict=True)]
            return [(x.entity, y.entity, 0.6, _carried_note(x.entity)) for x in subjects_before for y in bs
                    if base_of(x.entity.kind) != "Place"]
        near = right and self.chain_start(right[0]) - v1 <= 6
        if near and text.startswith("的", v1) and re.search(r"(?:来到|前往|深入|走进|到|赴)$", text[s:v0]) \
                and self.subject_before(self.sentence(v0)[0], v0) is not None:
            return out  # X主委甲带队赴结对帮扶的Y村: a visit's places, which site_pairings gives to the body X
        if near and left:
            # A、B结对帮扶Y1和Y2: every subject listed before the verb with every partner listed after it
            as_ = self.subjects(left, len(left) - 1)
            bs = self.listed(right, 0)
            many = len(as_) > 1 and len(bs) > 1
            return [(a.entity, b.entity, 0.55 if many else 0.7,
                     "several parties on each side, not said which with which" if many else None)
                    for a in as_ for b in bs]
        if len(left) == 2 and text[left[0].end:self.chain_start(left[1])] == "、" and not near and \
                _CLAUSE_LEAD.fullmatch(text, left[1].end, v0) and not _qualifier(text, left[0]):
            # A、B签约: two parties listed right before the verb, and nothing after it
            return [(left[0].entity, left[1].entity, 0.6, None)]
        a_m = left[-1] if left else self.carried_subject(s, v0)
        group = self.group_anaphor(s, v0) if a_m is None else None
        a_m = a_m or group
        if a_m is None:
            return out
        if left and not near and base_of(a_m.entity.kind) != "Place" and _CLAUSE_LEAD.fullmatch(text, a_m.end, v0):
            passive = self.passive_place(s, a_m.start)  # Y村由X结对帮扶
            if passive is not None:
                review = _anaphor_note(text, passive)
                return [(a_m.entity, passive.entity, 0.6 if review else 0.7, review)]
        a_review = None if left else read_as(text[a_m.start:a_m.end], a_m.entity) if group else _carried_note(a_m.entity)
        if near:
            return [(a_m.entity, b.entity, 0.6, a_review) for b in self.listed(right, 0)]
        pa = self.place_anaphor_after(v1)
        if pa is not None:
            note = "; ".join(x for x in (a_review, _anaphor_note(text, pa)) if x)
            return [(a_m.entity, pa.entity, 0.55, note)]
        return out

    def group_anaphor(self, s: int, v0: int) -> EntityMention | None:
        """A clause opened by a bare group noun (考察团分组走访了结对帮扶的…) whose body the report named with it
        before (X考察团): a mention of that body at the noun, else None."""
        mm = _GROUP_LEAD.fullmatch(self.text, s, v0)
        if mm is None:
            return None
        noun = mm.group(1)
        for m in reversed(self.ex.mentions):
            if m.end <= s and is_org(m.entity.kind) and m.entity.kind not in ("Program", "Site", "Park") \
                    and self.text.startswith(noun, m.end):
                return EntityMention(mm.start(1), mm.end(1), m.entity)
        return None

    def short_body_before(self, pos: int) -> tuple[str, DraftEntity] | None:
        """``该商会``/``该公司``/``该支部``/``省委会`` ending at ``pos`` → the body of that kind named last before it."""
        mm = re.search(r"该(?:商会|协会|会|公司|企业|集团|支部|党支部|联谊会|基金会)$", self.text[max(0, pos - 4):pos])
        if mm is None:
            return self.body_anaphor(pos)
        word = mm.group(0)
        want = next(kinds for suffix, kinds in _SHORT_BODIES if word.endswith(suffix))
        for m in reversed(self.ex.mentions):
            if m.start < pos - len(word) and m.entity.kind in want:
                return word, m.entity
        return None

    def bare_after_conj(self, left: list[EntityMention], conj: int, v0: int, v1: int) -> bool:
        """``A 与 B 建立/开展 帮扶(关系)``: one party on each side of the conjunction, only 建立/开展… between
        the second and the verb, and nothing but a noun such as 关系 after it."""
        after = [m for m in left if m.start > conj]
        if len(after) != 1 or not any(m.end <= conj for m in left):
            return False
        end = after[0].end
        if after[0].level in ("village", "community"):  # 与Y村18户贫困户开展…: the village's households
            mr = _RESIDENTS.match(self.text, end)
            end = mr.end() if mr else end
        mb = _CONJ_BARE.search(self.text, end, v0)
        return mb is not None and mb.start() == end and _CONJ_BARE_AFTER.match(self.text, v1) is not None

    def sides_signing(self, left: list[EntityMention], s: int, v0: int
                      ) -> list[tuple[DraftEntity, DraftEntity, float, str | None]] | None:
        """``A、B、Y村三方签订…``, ``A和B双方签署…``: the sides listed right before a count of sides and the
        verb. Every body or person of the list is paired with every place of it; a list of two bodies and
        no place pairs the two. None when the verb has no such list before it."""
        mc = re.search(r"(?:等)?(?:双方|三方|四方|五方|多方|各方)(?:正式|共同|现场|当场|一起|郑重)?$", self.text[s:v0])
        if mc is None:
            return None
        at = s + mc.start()
        last = next((i for i, m in enumerate(left) if m.end == at), None)
        if last is None:
            return None
        sides = [left[last]]
        for i in range(last - 1, -1, -1):
            # (…白水畲族村村民委员会、X公司三方: a village's committee signs for its village)
            if not _SIDES_GAP.fullmatch(self.text, left[i].end, self.chain_start(sides[0])):
                break
            sides.insert(0, left[i])
        places = [m for m in sides if base_of(m.entity.kind) == "Place"]
        parties = [m for m in sides if base_of(m.entity.kind) != "Place"]
        if places and parties:
            many = len(places) > 1 and len(parties) > 1
            return [(a.entity, b.entity, 0.55 if many else 0.7,
                     "several parties on each side, not said which with which" if many else None)
                    for a in parties for b in places]
        if len(parties) == 2 and mc.group(0).lstrip("等").startswith("双方"):
            return [(parties[0].entity, parties[1].entity, 0.7, None)]
        return None

    def subjects(self, left: list[EntityMention], last: int) -> list[EntityMention]:
        """The subjects listed up to ``left[last]`` (A、B和C帮扶…), of the same base as it."""
        as_ = self.listed(left, last, forward=False)
        keep = [m for m in as_ if (base_of(m.entity.kind) == "Place") == (base_of(left[last].entity.kind) == "Place")]
        return keep if len(keep) == len(as_) else [left[last]]

    def passive_place(self, s: int, pos: int) -> EntityMention | None:
        """``Y村 由/被/受 X …``: the place before the passive marker that ends at ``pos``."""
        mm = re.search(r"(?:由|被|受|获)$", self.text[max(s, pos - 1):pos])
        if mm is None:
            return None
        return self.place_before(s, pos - 1)

    def since_at(self, pos: int) -> str | None:
        """When the pairing stated at ``pos`` began, if its clause (or the date opening its sentence) says."""
        text = self.text
        seg_s, _ = self.segment(pos)
        found = None
        for mm in _SINCE.finditer(text, seg_s, pos):
            if mm.group(1) or mm.group(4) or mm.start() == seg_s:
                found = (mm.group(2), mm.group(3))
        if found is None:
            ss, _ = self.sentence(pos)
            mo = _OPENING_DATE.match(text, ss)
            if mo is None or mo.end() > seg_s:
                return None
            found = (mo.group(1), mo.group(2))
        year, month = found
        return f"{year}-{int(month):02d}" if month and 1 <= int(month) <= 12 else year

    def carried_subject(self, s: int, v0: int) -> EntityMention | None:
        """The subject of a clause that opens with its verb (X…，积极帮扶Y村; …，于2019年结对帮扶Y村): the one
        organisation or person opening a clause of the sentence before it, if there is exactly one."""
        text = self.text
        if not _CLAUSE_LEAD.fullmatch(text, s, v0):
            return None
        ss, _ = self.sentence(v0)
        cands = self.clause_openers(ss, s)
        if not cands and ss > 0 and not [m for m in self.top_mentions(ss, s, ("Organisation", "Person"))
                                         if m.entity.kind not in ("Program", "Site", "Park")]:
            # 高州市总商会成立于2010年。近年来，积极帮扶储良村: the sentence before, in the same paragraph
            ps, _ = self.sentence(ss - 1)
            if "\n" not in text[ps:ss].strip():
                cands = self.clause_openers(ps, ss)
        if len({m.entity.ref for m in cands}) != 1:
            return None
        return cands[0]

    def carried_subjects(self, s: int, v0: int) -> list[EntityMention]:
        """The carried subject of a clause opening with its verb, else the carried list (either may be none)."""
        one = self.carried_subject(s, v0)
        return [one] if one is not None else self.carried_list(s, v0)

    def carried_list(self, s: int, v0: int) -> list[EntityMention]:
        """The subjects of a clause that opens with its verb when a list of two or more organisations opens a
        clause of its sentence (A、B和C等企业…，共向Y捐赠): the list, if it is the only clause opener."""
        text = self.text
        if not _CLAUSE_LEAD.fullmatch(text, s, v0):
            return []
        ss, _ = self.sentence(v0)
        ms = [m for m in self.top_mentions(ss, s, ("Organisation", "Person")) if m.entity.kind not in ("Program", "Site", "Park")]
        for i, m in enumerate(ms):
            lead = text[max(ss, m.start - 1):m.start]
            if not (m.start == ss or lead in ("，", ",", "：", ":", "；", ";", "\n", " ", "。")):
                continue
            run = [m]
            for nxt in ms[i + 1:]:
                if not re.fullmatch(r"[、和及]|以及", text[run[-1].end:nxt.start]):
                    break
                run.append(nxt)
            after = text[run[-1].end:run[-1].end + 1]
            others = [o for o in self.clause_openers(ss, s) if o not in run]
            if len(run) >= 2 and after in ("等", "，", ",") and not others:
                return run if len({o.entity.ref for o in run}) == len(run) else []
            return []
        return []

    def givers_before(self, s: int, pos: int) -> tuple[list[EntityMention], str]:
        """Who gives or helps through 向/为/给 at ``pos`` (sentence from ``s``), and how they were found:
        ``"named"`` right before it (A、B和C向Y捐赠: the list gives together; the organiser of a named firm
        does not), ``"mobilised"`` (X动员企业向Y捐赠: the body that mobilised givers it does not name),
        ``"carried"`` from the clause or sentence before, or the report's ``"main actor"``."""
        text = self.text
        bodies = [m for m in self.parties(s, pos) if base_of(m.entity.kind) != "Place"]
        left = [m for m in bodies if _CLAUSE_LEAD.fullmatch(text, m.end, pos)]
        if left:
            before = self.parties(s, left[-1].end)
            giver = self.r.giver(s, before)
            own = [m for m in before if base_of(m.entity.kind) != "Place"]
            return (self.listed(own, own.index(giver), forward=False) if giver in own else [giver]), "named"
        mobilised = [m for m in bodies if _MOBILISED.fullmatch(text, m.end, pos)]
        if mobilised:
            return mobilised[-1:], "mobilised"
        # A、B、C等企业踊跃报名，共向Y捐赠…: the list opening the sentence gives together
        carried = self.carried_subjects(s, pos)
        # (X…，携手A、B，向Y捐赠: the companions X brings give with it)
        ss = self.sentence(pos)[0]
        named = [m for m in self.parties(ss, s) if base_of(m.entity.kind) != "Place"]
        joined = [m for m in named if re.fullmatch(r"[，,]" + _CLAUSE_LEAD.pattern, text[m.end:pos])]
        if joined:
            with_ = self.listed(named, named.index(joined[-1]), forward=False)
            if re.search(r"(?:携手|联合|会同|协同)$", text[max(ss, with_[0].start - 2):self.chain_start(with_[0])]):
                return [*self.carried_subjects(ss, with_[0].start), *with_], "named"
        if carried:
            return carried, "carried"
        seg_s = self.segment_start(pos)[0]
        if _UNNAMED_GIVERS.search(text, seg_s, pos) and not _MOBILISING.search(text, seg_s, pos):
            return [], ""  # 民营企业家代表向Y捐赠: givers the text does not name, not the report's main actor
        main = self.main_actor_for(ss, pos)
        return ([main], "main actor") if main is not None else ([], "")

    def main_actor_for(self, s: int, pos: int) -> EntityMention | None:
        """The report's main actor for a verb at ``pos`` when its sentence (from ``s``) names no organisation
        or person before it (a report's list of its own deeds: 开展…调研，向Y村和Z村捐赠…): the organisation
        opening more clauses of the report than any other, at least two of them, as a mention at the
        sentence's start; else None."""
        main = self.main_actor
        # (a village committee, a government or a street office named there is the place's, no actor)
        if main is None or self.actors(s, pos) or self.top_mentions(s, pos, ("Person",)):
            return None
        return EntityMention(s, s, main.entity, level=main.level)

    @cached_property
    def main_actor(self) -> EntityMention | None:
        """The organisation opening more clauses of the report than any other, at least two (its first
        such mention), else None."""
        openers = [m for m in self.clause_openers(0, len(self.text)) if base_of(m.entity.kind) == "Organisation"]
        ranked = Counter(m.entity.ref for m in openers).most_common(2)
        if not ranked or ranked[0][1] < 2 or (len(ranked) == 2 and ranked[1][1] == ranked[0][1]):
            return None
        return next(m for m in openers if m.entity.ref == ranked[0][0])

    def clause_openers(self, a: int, b: int) -> list[EntityMention]:
        """Organisations and people in [a, b) that open a clause (not joined to a partner by 与/和…)."""
        text, out = self.text, []
        for m in self.top_mentions(a, b, ("Organisation", "Person")):
            if m.entity.kind in ("Program", "Site", "Park"):
                continue
            start = m.start
            kind = _MEMBER_KIND.search(text[max(a, m.start - 10):m.start])
            if kind is not None:  # 民建会员企业X…: a body named with what it is to the giver's body
                start = m.start - len(kind.group(0))
                start -= len(max((p for p in self.ex.lex.parties if text.endswith(p, a, start)), key=len, default=""))
            lead = text[max(a, start - 1):start]
            if (start == a or lead in ("，", ",", "：", ":", "；", ";", "\n", " ", "。")) and \
                    not re.match(r"[与和同跟、及]", text[m.end:m.end + 1]):
                out.append(self.represented(m, b) or m)
        return out

    def represented(self, m: EntityMention, end: int) -> EntityMention | None:
        """The body a person acts for (甲代表B向Y村捐赠…，向Z村捐赠…: B gives in both clauses), or None."""
        if m.entity.kind != "Person" or not self.text.startswith("代表", m.end):
            return None
        return next((o for o in self.top_mentions(m.end + 2, end, ("Organisation",))
                     if self.chain_start(o) == m.end + 2 and o.entity.kind not in ("Program", "Site", "Park")), None)

    def place_anaphor_after(self, pos: int) -> EntityMention | None:
        """``该村``/``该社区``/``该镇``/``该县`` right after ``pos`` → a mention standing for the nearest place of
        that level named before."""
        mm = re.match(rf"(?:了|的)?({_PLACE_ANAPHOR})", self.text[pos:pos + 6])
        if mm is None:
            return None
        want = _VILLAGE_ANAPHORS[mm.group(1)]
        a = pos + mm.start(1)
        for m in sorted(self.ex.mentions + self.extra, key=lambda m: m.start, reverse=True):
            if m.start < a and m.entity.kind == "Place" and m.terminal and m.level in want:
                return EntityMention(a, pos + mm.end(), m.entity, level=m.level)
        return None

    def named_at(self, pos: int, end: int) -> list[EntityMention]:
        """The parties whose names (place chains included) start at ``pos`` (after 我市/本县) and end by ``end`` —
        or ``该村`` there, the place named before (X为该村捐献…)."""
        if (own := re.match(r"(?:我|本)[省市县区州旗]", self.text[pos:pos + 2])) is not None:
            pos += own.end()  # 为我市安定区某小学捐赠: the report's own area, then the name
        ys = [m for m in self.parties(pos, end) if self.chain_start(m) == pos]
        if not ys and (anaphor := self.place_anaphor_after(pos)) is not None and anaphor.start == pos:
            ys = [anaphor]
        return ys

    def place_before(self, s: int, pos: int) -> EntityMention | None:
        """The place (or ``该村``) ending right before ``pos`` (a date or 已 may stand between)."""
        for m in reversed(self.parties(s, pos)):
            if base_of(m.entity.kind) == "Place" and _CLAUSE_LEAD.fullmatch(self.text, m.end, pos):
                return m
        mm = re.search(f"({_PLACE_ANAPHOR})" + _CLAUSE_LEAD.pattern + "$", self.text[max(s, pos - 16):pos])
        if mm is not None:
            return self.place_anaphor_after(max(s, pos - 16) + mm.start(1))
        return None

    def place_opening(self, s: int, pos: int) -> EntityMention | None:
        """Y位于…，下辖…，也是X的结对帮扶乡: the place opening the sentence, the subject of a clause at ``pos``
        that has none of its own (only 也/还/并… before its verb)."""
        seg_s = self.segment_start(pos)[0]
        if seg_s <= s and s > 0 and _CLAUSE_LEAD.fullmatch(self.text, s, pos):
            # Y村位于…。目前该村…。作为X定点帮扶点，…: a sentence opening with its verb, the place opening the
            # sentence before (in the same paragraph)
            ps, _ = self.sentence(s - 1)
            if "\n" in self.text[ps:s].strip():
                return None
            opened = _LEAD_IN.match(self.text, ps)  # (目前该村…)
            return self.place_after_comma(opened.end() if opened else ps, s)
        if seg_s <= s or not _CLAUSE_LEAD.fullmatch(self.text, seg_s, pos):
            return None
        first = next(iter(self.parties(s, pos)), None)
        if first is None or base_of(first.entity.kind) != "Place" or first.level not in (
                "village", "community", "township", "county"):
            return None
        lead = self.text[s:self.chain_start(first)].strip()
        return first if not lead or _LEAD_IN.fullmatch(lead) else None

    def place_after_comma(self, pos: int, e: int) -> EntityMention | None:
        """The village, community or township opening the clause at ``pos`` (a lead-in such as 目前 or 如今 may
        stand before it), or ``该村`` there."""
        first = next(iter(self.parties(pos, e)), None)
        if first is None or base_of(first.entity.kind) != "Place" or first.level not in ("village", "community", "township"):
            return self.place_anaphor_after(pos)
        lead = self.text[pos:self.chain_start(first)].strip()
        return first if not lead or _LEAD_IN.fullmatch(lead) else None

    # ------------------------------------------------------------------------------ designations
    def designations(self) -> None:
        """PAIRED_WITH from a place named as a body's paired place:

        * ``Y 被确定为 X 定点帮扶村`` / ``Y 是 X 的结对帮扶村`` / ``Y 成为 X 的共建社区`` (the place may open the
          sentence: ``Y乡位于…，也是X的结对帮扶乡``);
        * ``A和B、C的“同心工程”对口帮扶点——Y镇`` — every body listed before the paired place;
        * ``X 把/将 Y 定为/确定为/列为/作为 帮扶联系点`` (the subject may be carried from the clause before,
          ``Y`` may be ``该村``);
        * ``Y村(的)帮扶单位X``, and ``X 作为/是 Y村的结对帮扶企业``.
        """
        text = self.text
        for mv in re.finditer(rf"{_DESIGNATE}([^，,。；;！？!?]{{2,30}}?){_WORK_OF}的?(?:参与|所)?{_PAIRED_NOUN}", text):
            s, e = self.sentence(mv.start())
            place = self.place_before(s, mv.start())
            carried = place is None and (place := self.place_opening(s, mv.start())) is not None
            bodies = [m for m in self.parties(mv.start(1), mv.end(1))
                      if base_of(m.entity.kind) != "Place" and m.end == mv.end(1)]
            if place is not None and not bodies and not carried:
                # Y村为X街定点扶贫点: a place named as another place's paired place (a street, a district)
                # (镇巴县是通州区苏陕协作、对口支援地区: the kind of help may be named between)
                helper = next((m for m in self.parties(mv.start(1), mv.end(1)) if m.entity.kind == "Place" and (
                    m.end == mv.end(1) or _KIND_OF_HELP.fullmatch(text, m.end, mv.end(1)))), None)
                if helper is not None and counterparts(helper.entity, place.entity):
                    review = _anaphor_note(text, place)
                    self.add("COUNTERPART_OF", helper.entity, place.entity, (s, e), 0.6 if review else 0.7,
                             {"since": self.since_at(mv.start())}, review)
            if place is not None and bodies:
                review = _carried_note(place.entity) if carried else _anaphor_note(text, place)
                # 将Y列入A、B、C精准扶贫联点村: every body listed
                inside = [m for m in self.parties(mv.start(1), mv.end(1)) if base_of(m.entity.kind) != "Place"]
                for b in self.listed(inside, len(inside) - 1, forward=False):
                    self.add("PAIRED_WITH", b.entity, place.entity, (s, e), 0.6 if review else 0.7,
                             {"since": self.since_at(mv.start())}, review)
        # Y村(的)帮扶单位X / Y村结对企业是X: the place's paired body named after the head noun
        for mv in re.finditer(r"(?:的)?(?:定点|对口|结对|挂钩|挂点)?(?:帮扶|结对|共建|联建|挂点|包联)(?:单位|企业|部门|商会)"
                              r"(?:是|为|有|：|:)?", text):
            s, e = self.sentence(mv.start())
            place = self.place_before(s, mv.start())
            if place is None or place.end != mv.start():
                continue
            bodies = [m for m in self.parties(mv.end(), e) if base_of(m.entity.kind) != "Place"]
            if not bodies or bodies[0].start != mv.end():
                continue
            review = _anaphor_note(text, place)
            for b in self.listed(bodies, 0):
                self.add("PAIRED_WITH", b.entity, place.entity, (s, e), 0.6 if review else 0.7,
                         {"since": self.since_at(mv.start())}, review)
        # 民革中央对口扶贫县石柱县 / X的(定点)帮扶村Y村: the body, the kind of its paired place, the place
        # (A和B、C的“同心工程”对口帮扶点——Y镇: every body listed before it)
        # (X…赴包扶村Y村, 前往包保村Y村, 深入联点帮扶村Y村: a trip of the sentence's subject to its paired place,
        # named after its kind; X“双联”行动联系点Y乡: the place a named programme ties to X; 前往X扶贫点Y村)
        for mv in re.finditer(r"的?(?:“[^”，,。]{1,16}”)?(?:(?:定点|对口|结对|挂钩|挂点)(?:帮扶|扶贫)|(?<=”)(?:行动|工程|活动)?(?:联系|帮扶)|"
                              r"(?:扶贫|帮扶)(?=点)|(?<=的)(?:帮扶|结对|联系|共建)|"
                              r"(?:(?<=[赴到])|(?<=前往|来到|走进|深入)|(?<=深入到))"
                              r"(?:联点)?(?:包扶|包保|包联|帮扶|结对|挂点|联系))(?:县|村|乡|镇|社区|点)(?:——|—|：|:)?", text):
            s, e = self.sentence(mv.start())
            bodies = [m for m in self.parties(s, mv.start()) if base_of(m.entity.kind) != "Place"]
            before = self.listed(bodies, len(bodies) - 1, forward=False) if bodies and bodies[-1].end == mv.start() else []
            if not before and (text.endswith(_TRIP_WORDS, 0, mv.start()) or (
                    mv.group(0).startswith(("帮扶", "扶贫")) and re.match(r"[\u4e00-\u9fff]", text[mv.start() - 1:mv.start()])
                    and text[mv.start() - 1] != "的")):
                # (为推动帮扶点Y村脱贫: the place named by its kind after a verb is the subject's)
                subj = self.subject_before(s, mv.start())
                before = [subj] if subj is not None else []
            ps = self.parties(mv.end(), e)
            first = next((i for i, m in enumerate(ps) if base_of(m.entity.kind) == "Place"
                          and self.chain_start(m) == mv.end()), None)
            if before and first is not None:
                for b in before:
                    for y in self.listed(ps, first):  # …帮扶村Y村、Z村: every place listed
                        self.add("PAIRED_WITH", b.entity, y.entity, (s, e), 0.7,
                                 {"since": self.since_at(mv.start())}, None)
        # 副主席甲…深入到他的新农村包扶建设联系点——Y村、Z村: a person's own paired places, named after the kind
        for mv in re.finditer(r"(?<=[他她])的[\u4e00-\u9fff“”]{0,10}?(?:包扶|包保|包联|帮扶|结对|挂点|联系|扶贫)"
                              r"(?:建设)?(?:联系)?(?:县|村|乡|镇|社区|点)(?:——|—|：|:)?", text):
            s, e = self.sentence(mv.start())
            people = self.top_mentions(s, mv.start(), ("Person",))
            if people and "陪同" in text[people[0].end:mv.start()]:
                people = people[:1]  # 甲在乙、丙的陪同下，深入到他的…: the others go with the first
            ps = self.parties(mv.end(), e)
            first = next((i for i, m in enumerate(ps) if base_of(m.entity.kind) == "Place"
                          and self.chain_start(m) == mv.end()), None)
            if len({m.entity.ref for m in people}) != 1 or first is None:
                continue  # (whose place it is must be plain: one person named before it in the sentence)
            for y in self.listed(ps, first):
                self.add("PAIRED_WITH", people[0].entity, y.entity, (s, e), 0.6,
                         {"since": self.since_at(mv.start())}, read_as(text[mv.start() - 1:mv.start() + 1], people[0].entity))
        # X作为/是Y村的结对帮扶企业: the body names itself the place's paired body
        # (X被确定为Y村乡村振兴的协助帮扶单位: a few words of what the help is for may stand after the place)
        for mv in re.finditer(r"(?:作为|是|成为|系|(?:被)?(?:确定为|列为|选为|定为))([^，,。；;！？!?]{2,24}?)的?"
                              r"(?:协助|牵头|主要)?(?:定点|对口|结对|挂钩|挂点)?"
                              r"(?:帮扶|结对|共建|联建|挂点|包联)(?:责任)?(?:单位|企业|部门|商会)", text):
            s, e = self.sentence(mv.start())
            seg_s, _ = self.segment(mv.start())
            ys = [m for m in self.parties(mv.start(1), mv.end(1)) if base_of(m.entity.kind) == "Place"
                  and self.chain_start(m) == mv.start(1) and (m.end == mv.end(1) or re.fullmatch(
                      r"[\u4e00-\u9fff]{2,6}的", text[m.end:mv.end(1) + 1]))]
            left = [m for m in self.parties(seg_s, mv.start()) if base_of(m.entity.kind) != "Place"
                    and _CLAUSE_LEAD.fullmatch(text, m.end, mv.start())]
            if ys and left:
                self.add("PAIRED_WITH", left[-1].entity, ys[0].entity, (s, e), 0.7,
                         {"since": self.since_at(mv.start())}, None)
        for mv in re.finditer(r"(?:把|将)(?=[^，,。；;]{2,20}?(?:定为|确定为|确立为|列为|作为))", text):
            s, e = self.sentence(mv.start())
            seg_s, seg_e = self.segment(mv.start())
            md = re.match(r"([^，,。；;]{2,20}?)(?:定为|确定为|确立为|列为|作为)[^，,。；;]{0,8}?"
                          r"(?:帮扶|扶贫|结对|联系|挂点|共建|挂钩)[^，,。；;]{0,4}?(?:村|社区|点|单位|对象)", text[mv.end():seg_e])
            if md is None:
                continue
            y0, y1 = mv.end(), mv.end() + md.end(1)
            ys = [m for m in self.parties(y0, y1) if self.chain_start(m) == y0 and base_of(m.entity.kind) == "Place"]
            # 将Y县Z乡W小学确定为教育扶贫点: the body the places lead to is the one designated
            named = [m for m in self.parties(y0, y1) if base_of(m.entity.kind) == "Organisation" and m.end == y1
                     and (m.start == y0 or any(y.end == m.start for y in ys))]
            place = named[0] if named else ys[-1] if ys else self.place_anaphor_after(y0)
            if place is None:
                continue
            left = [m for m in self.parties(seg_s, mv.start()) if base_of(m.entity.kind) != "Place"
                    and _CLAUSE_LEAD.fullmatch(text, m.end, mv.start())]
            subj = left[-1] if left else self.carried_subject(seg_s, mv.start())
            if subj is None:
                continue
            notes = [_anaphor_note(text, place), None if left else _carried_note(subj.entity)]
            review = "; ".join(x for x in notes if x) or None
            self.add("PAIRED_WITH", subj.entity, place.entity, (s, e), 0.6 if review else 0.7,
                     {"since": self.since_at(mv.start())}, review)

    def under_frames(self) -> None:
        """``Y 在 X (的)(驻村|定点|结对…)帮扶下`` — the place helped under a body's pairing or help: X with Y (the
        place ending right before 在, a date or 已 between; else the place opening the clause after it:
        ``在X的帮助下，Y村…``). Bodies listed there (在A、B的爱心资助下) help together."""
        text = self.text
        for mv in re.finditer(r"在([^，,。；;！？!?]{2,30}?)(?:的)?(?:驻村|定点|结对|对口|精准|大力|倾力|倾情|鼎力|悉心|真情|无私|全力|持续|长期|爱心)*"
                              r"(?:帮扶|结对帮扶|对口帮扶|扶贫|帮助|资助|援助|扶持)(?:和[^，,。；;]{1,6})?下", text):
            s, e = self.sentence(mv.start())
            at = mv.start()  # (Y村2015年在党委政府领导下，在X大力帮扶下: the clauses of the same kind before it)
            while (prev := _UNDER_BEFORE.search(text, s, at)) is not None:
                at = prev.start()
            place = self.place_before(s, at)
            if place is None and text[mv.end():mv.end() + 1] in "，,":
                place = self.place_after_comma(mv.end() + 1, e)
            bodies = [m for m in self.parties(mv.start(1), mv.end(1)) if base_of(m.entity.kind) != "Place"]
            last = [i for i, m in enumerate(bodies) if m.end == mv.end(1)]
            if place is None or not last:
                continue
            review = _anaphor_note(text, place)
            for body in self.listed(bodies, last[0], forward=False):
                self.add("PAIRED_WITH", body.entity, place.entity, (s, e), 0.6 if review else 0.7,
                         {"since": self.since_at(mv.start())}, review)

    def stationed_teams(self) -> None:
        """``X驻Y村扶贫工作队``: a team sent to stay in a place is paired with it (the finder noted the place);
        ``X…驻扎在Y村，开展驻村帮扶工作``: so is whoever goes to stay there to help (a person named in the clause
        before a body)."""
        for m in self.ex.mentions:
            where = m.extra.get("stationed_in")
            if not where:
                continue
            place = next((p.entity for p in self.ex.mentions_in(m.start, m.end, bases=("Place",))
                          if p.entity.kind == "Place" and p.entity.code == where), None)
            if place is None:
                continue
            self.add("PAIRED_WITH", m.entity, place, self.sentence(m.start), 0.75, {}, "a team stationed in the place")
            # and the body that sent it, when the report names that body (not a place sending a team)
            sender = next((e for e in self.ex.entities if e.name == m.extra.get("sent_by") and e.kind != "Place"), None)
            if sender is not None:
                self.add("PAIRED_WITH", sender, place, self.sentence(m.start), 0.7, {},
                         "the body whose team is stationed in the place")

        # X带队组成工作组驻扎在Y村，开展驻村帮扶工作: who goes to stay in a place to help it
        for mv in re.finditer(r"(?:驻扎|进驻|入驻)(?:在|于|到)?", self.text):
            s, e = self.sentence(mv.start())
            seg_s, seg_e = self.segment(mv.start())
            y = next((m for m in self.parties(mv.end(), seg_e) if base_of(m.entity.kind) == "Place"
                      and self.chain_start(m) == mv.end() and m.level in ("village", "community", "township")), None)
            if y is None or not re.search(r"帮扶|扶贫|驻村", self.text[y.end:e]):
                continue
            person = next((m for m in self.ex.mentions_in(seg_s, mv.start(), bases=("Person",))), None)
            subject = person or self.subject_before(s, mv.start(), seg_s)
            if subject is not None:
                self.add("PAIRED_WITH", subject.entity, y.entity, (s, e), 0.6, {}, "stationed in the place to help it")

        # 这里是…Y村，2021年5月，X启动驻村帮扶工作: a body that starts helping by staying in the one village the
        # sentence names, for review
        for mv in re.finditer(r"(?:启动|开展|进行|实施)(?:了)?驻村帮扶", self.text):
            s, e = self.sentence(mv.start())
            seg_s, _ = self.segment(mv.start())
            orgs = self.actors(seg_s, mv.start())
            villages = {m.entity.ref: m for m in self.parties(s, e) if base_of(m.entity.kind) == "Place"
                        and m.level in ("village", "community")}
            if orgs and _CLAUSE_LEAD.fullmatch(self.text, orgs[-1].end, mv.start()) and len(villages) == 1:
                y = next(iter(villages.values()))
                self.add("PAIRED_WITH", orgs[-1].entity, y.entity, (s, e), 0.6, {},
                         f"stays in {y.entity.name} to help: the sentence's one village")

        # A、B、C共同参与组建了Y乡乡村振兴帮扶集团: the bodies that form a place's help group (one named after it)
        for mv in re.finditer(r"(?:共同|联合)?(?:参与)?(?:组建|组成|成立)(?:了)?", self.text):
            s, e = self.sentence(mv.start())
            seg_s, seg_e = self.segment(mv.start())
            y = next((m for m in self.parties(mv.end(), seg_e) if base_of(m.entity.kind) == "Place"
                      and self.chain_start(m) == mv.end() and m.level in ("village", "community", "township", "county")
                      and m.terminal), None)
            if y is None or not re.match(r"[\u4e00-\u9fff]{0,6}?帮扶(?:集团|工作队|工作组|团)", self.text[y.end:seg_e]):
                continue
            bodies = [m for m in self.actors(seg_s, mv.start()) if _CLAUSE_LEAD.fullmatch(self.text, m.end, mv.start())]
            if bodies:
                orgs = self.actors(seg_s, mv.start())
                for b in self.listed(orgs, orgs.index(bodies[-1]), forward=False):
                    self.add("PAIRED_WITH", b.entity, y.entity, (s, e), 0.65, {}, "a member of the place's help group")

    def help_frames(self) -> None:
        """``X 对/为/向 Y 开展/实施/进行 (定点|结对|对口…)帮扶`` pairs X with Y; ``X 向/为/给 Y 捐赠/捐建/赠送…``
        is a gift (DONATES_TO, with the amount when one follows). X ends right before 对/向 (an adverb or
        a date between), or is carried from the clause before; ``Y`` may be ``该村``."""
        text = self.text
        for mv in re.finditer(r"[对为向给]", text):
            s, e = self.segment(mv.start())
            ys = self.named_at(mv.end(), min(e, mv.end() + 24))
            if not ys:
                continue
            # 向A村和B村捐赠…, 向A小学、B小学捐赠: every name of the list the preposition opens receives
            # (the last may be followed by 各: 向A村和B村各捐赠)
            named = [m for m in self.top_mentions(mv.end(), min(e, mv.end() + 40), ("Organisation", "Place"))
                     if m.entity.kind not in ("Program", "Park")]
            ys = self.listed(named, named.index(ys[0])) if ys[0] in named else ys[:1]
            y = ys[-1]
            rest = text[y.end:e]
            # 向云雾山村和乐国窝棚村捐赠: a listed village the division codes do not hold (an uncoded name)
            skip = mm.end() if (mm := _UNCODED_LISTED.match(rest)) else 0
            rest = rest[skip:]
            facility = re.match(r"[\u4e00-\u9fff]{0,6}?(?:室|站|中心|小学|中学|学校|书屋|卫生院)(?=捐|赠)", rest)
            help_m = re.match(r"(?:的)?(?:开展|实施|进行|展开|给予|提供)(?:了)?(?:长期|持续|精准|定点|结对|对口|重点|全方位)*"
                              r"(?:结对帮扶|帮扶|结对|扶贫|共建|对口帮扶|对口支援)", rest)
            gift_at = facility.end() if facility else 0  # 向如意村文化室捐赠: a gift to the village
            chained = None if facility else self.chained_gift(y.end + skip, e)
            if chained is not None:
                gift_at = chained - y.end - skip  # A向X村、B向Y村分别捐赠: each giver to its own receiver
            if (folk := _BENEFICIARIES.match(rest, gift_at)) is not None:
                gift_at = folk.end()  # 向余花小学学生捐赠, 向如意村困难群众捐赠: a gift to the place's people
            gift_m = None if help_m else re.match(
                r"(?:各|分别|共|均)?(?:协调|联系|募集|筹集|现场|再次|共同|集中|一次性)?(?:爱心)?(?:捐赠|捐献|捐助|捐款|捐资|捐建|赠送|捐)(?:了)?(?:价值|款物|物资)?(?:约|近|共|计|总计)?",
                rest[gift_at:])
            if help_m is None and gift_m is None:
                continue
            subjects, how = self.givers_before(s, mv.start())
            ev = self.sentence(mv.start())
            program = self.program_in(*ev) if help_m is not None else None
            props: dict[str, object] = {}
            if help_m is not None:
                props = {"program": program.ref if program else None, "since": self.since_at(mv.start())}
            elif gift_m is not None and len(ys) == 1 and chained is None:  # one sum for several is nobody's
                at = y.end + skip + gift_at + gift_m.end()
                if amount := parse_amount(text[at:at + 12]):
                    props = {"amount": amount, "currency": "CNY"}
            pairs = [(subj, y) for subj in subjects for y in ys]
            if "分别" in text[max(s, mv.start() - 3):mv.start()] and len(subjects) == len(ys) > 1:
                pairs = list(zip(subjects, ys, strict=True))  # A、B分别向X村、Y村捐赠: in order
            for subj, y in pairs:
                if base_of(subj.entity.kind) == "Place":
                    continue
                notes = [_giver_note(how, subj.entity), _anaphor_note(text, y)]
                review = "; ".join(x for x in notes if x) or None
                conf = 0.5 if how == "main actor" else 0.6 if review else 0.7
                self.add("PAIRED_WITH" if help_m is not None else "DONATES_TO", subj.entity, y.entity, ev, conf,
                         props, review)

        # X捐资100万元用于本村教育事业, X捐赠5万元用于Y村路面修复: a gift whose use names the place
        for mv in re.finditer(r"(?:捐资|捐赠|捐款|捐助|捐献)(?:了)?([^，,。；;向为给]{0,14}?)用于", text):
            s, e = self.segment(mv.start())
            ys = [m for m in self.named_at(mv.end(), e)
                  if base_of(m.entity.kind) == "Place" and m.level in ("village", "community", "township")]
            subjects, how = self.givers_before(s, mv.start())
            if not ys or how != "named":
                continue
            amount = parse_amount(mv.group(1))
            for subj in subjects:
                if base_of(subj.entity.kind) != "Place":
                    review = _anaphor_note(text, ys[0])
                    self.add("DONATES_TO", subj.entity, ys[0].entity, self.sentence(mv.start()), 0.6 if review else 0.7,
                             {"amount": amount, "currency": "CNY"} if amount and len(subjects) == 1 else {}, review)

        # A的15万元善款已通过B捐赠到Y村: a gift whose receiver follows the verb
        for mv in re.finditer(r"(?:捐赠|捐献|捐助|捐款|捐|转交|拨付)(?:到|给|予)", text):
            s, e = self.segment(mv.start())
            ys = [m for m in self.parties(mv.end(), e) if self.chain_start(m) == mv.end()
                  and base_of(m.entity.kind) == "Place"]
            givers = [m for m in self.parties(s, mv.start()) if base_of(m.entity.kind) != "Place"]
            if not ys or not givers:
                continue
            giver = self.r.giver(s, givers)
            ev = self.sentence(mv.start())
            mm = MONEY_RE.search(text, s, mv.start())  # A的15万元善款…: the sum named before the verb
            amount = parse_amount(mm.group(0)) if mm else None
            channels = givers[givers.index(giver) + 1:]
            note = f"given through {'、'.join(c.entity.name for c in channels)}" if channels else None
            # …分别通过B和C捐赠到X村和Y村: to each village listed
            after = [m for m in self.parties(mv.end(), e) if base_of(m.entity.kind) == "Place"]
            receivers = self.listed(after, after.index(ys[0])) if "分别" in text[s:mv.start()] else ys[:1]
            for y in receivers:
                self.add("DONATES_TO", giver.entity, y.entity, ev, 0.6,
                         {"amount": amount, "currency": "CNY"} if amount and len(receivers) == 1 else {}, note)
                for c in channels:  # a channel passes the gift on: no pairing of its own
                    self.r.set_aside.add((c.entity.ref, y.entity.ref))

    def chained_gift(self, pos: int, e: int) -> int | None:
        """After ``A向X村`` at ``pos``: ``、B向Y村(、C向Z村…)分别捐赠`` — where the shared verb starts, else None."""
        text, at = self.text, pos
        while text.startswith("、", at):
            giver = next((m for m in self.parties(at + 1, e) if m.start == at + 1 and base_of(m.entity.kind) != "Place"), None)
            if giver is None or text[giver.end:giver.end + 1] not in "向为给":
                return None
            receiver = next((m for m in self.parties(giver.end + 1, e) if self.chain_start(m) == giver.end + 1), None)
            if receiver is None:
                return None
            at = receiver.end
        return at if at > pos and re.match(r"(?:分别|各)(?:捐赠|捐献|捐助|捐款|捐资)", text[at:at + 4]) else None

    # ---------------------------------------------------------------------------- LIAISON_FOR
    def liaisons(self) -> None:
        """LIAISON_FOR: ``X 挂点/挂点联系/定点联系/包联 Y`` with both ends next to the verb, as for the bare pairing
        verbs (the subject may be carried from the clause before, ``Y`` may be ``该村``)."""
        lex = self.ex.lex
        for mv in re.finditer(literal_words(lex.liaison_verbs), self.text):
            v0, v1 = mv.start(), mv.end()
            if self.ex.doc.in_book_title(v0, v1) or any(a <= v0 and v1 <= b for a, b in self.ex.program_spans):
                continue
            s, e = self.segment(v0)
            program = self.program_in(*self.sentence(v0))
            for a, b, conf, review in self.pairs_at(s, e, v0, v1, True):
                if base_of(a.kind) == "Place":
                    continue
                self.add("LIAISON_FOR", a, b, self.sentence(v0), min(conf, 0.65),
                         {"program": program.ref if program else None}, review)


def _carried_note(ent: DraftEntity) -> str:
    return f"the subject {ent.name} is carried from the clause or sentence before"


def _giver_note(how: str, ent: DraftEntity) -> str | None:
    """Why a giver found by :meth:`Frames.givers_before` needs a reviewer (None: it is named there)."""
    if how == "mobilised":
        return f"{ent.name} mobilised the givers, who are not named"
    if how == "carried":
        return _carried_note(ent)
    if how == "main actor":
        return f"the sentence names no subject: taken to be the report's main actor, {ent.name}"
    return None


def read_as(word: str, ent: DraftEntity) -> str:
    """The review note of a short form or a pronoun read as a named entity (“该商会” read as 高州市总商会)."""
    return f"“{word}” read as {ent.name}"


def _anaphor_note(text: str, m: EntityMention) -> str | None:
    word = text[m.start:m.end]
    return read_as(word, m.entity) if word != m.entity.name and word.startswith(("该", "本")) else None


def find_pairings(r: _Rel) -> Frames:
    """Add the report's ``PAIRED_WITH`` and ``LIAISON_FOR`` relations to ``r``; the frames, for the rules after."""
    p = Frames(r)
    p.pairings()
    p.relative_ties()
    p.site_pairings()
    p.designations()
    p.under_frames()
    p.stationed_teams()
    p.help_frames()
    p.liaisons()
    return p
