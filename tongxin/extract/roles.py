"""Roles: ``HOLDS_ROLE`` (person → organisation or place, with the title) and ``MEMBER_OF`` (person →
democratic party) from the forms reports use.

* A title chain before a name, links joined by 、: ``焦作市委统战部常务副部长王某``,
  ``市政协副主席、九三学社焦作市委主委张某`` (one role per link). A link's body is the organisation
  or place written right before its title; when it is elided it comes from the words themselves:
  ``县委常委`` (the committee of the county named before), ``贵州省委会主委`` after ``民进内蒙古区委会``
  (the same party's 贵州省委会), ``该会会长`` / ``公司董事长`` (the body of that kind named before),
  ``县乡贤联谊总会会长`` (the 乡贤联谊总会 named before, without its place), or from the link before it:
  ``县委常委、统战部长`` (the department of *that* committee, never another place's), ``市委专职副主委`` (a
  democratic party's post: that party's 市委 named before, never the CPC committee),
  ``某镇党委副书记、镇长`` (that township's government), ``某公司党委书记、董事长`` (the company).
  ``X委常委、统战部部长`` (or ``X委副书记、统战部长``) is one post: one role in the department, titled
  with both; ``X委常委、组织部长`` (宣传部) is two: the seat and that committee's department.
* A party's body opening the title: ``某镇党委书记`` (the township's 党委), ``某村党总支书记`` (the
  village's 党总支, made when the report names it only there), but ``某公司党委副书记`` → the company.
* Membership: ``九三学社社员、…负责人某某``, ``李某，民革党员`` → ``MEMBER_OF`` the party.
* A post right after the name: ``受李某主委委托``, ``在王某会长的带领下`` — a post of the last body of its kind
  named before in the sentence (for review).
* Name then title: ``王某（某商会会长）``; verb frames ``李某担任/任/当选为/被聘为 X会长`` and, with the
  village elided, ``李某当了名誉村主任`` in a report about one village (marked for review).
* A chain goes on across a comma when the words before it are a post of a body written out and no name
  (``民革某省委会主委，某省某局局长欧阳某``: one person's posts).
* Names listed after a title share its role (``民革某省委副主委甲、乙``), and a title that follows the
  previous holder with only a comma takes the same body when it is a post of that body
  (``…副主委甲，秘书长乙``).

A role needs the title next to the name (or a 担任/任 frame): a person is never linked to every
organisation of the sentence.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import TYPE_CHECKING

from tongxin.extract.draft import DraftEntity
from tongxin.extract.entities import BEARER_ACTS, name_key
from tongxin.extract.pairings import VILLAGE_BODY, VILLAGE_COMMITTEE_NAMES
from tongxin.extract.report import EntityMention, base_of, is_org

if TYPE_CHECKING:
    from tongxin.extract.relations import _Rel

__all__ = ["find_roles"]

# words that qualify a title without changing the post (专职副主委, 二级调研员)
_QUALIFIER = re.compile(r"(?:专职|兼职|驻会|执行|党外|助理|常务|挂职|永久|终身|[一二三四]级)$")
# a party body that opens the title (镇党委书记, 村党总支书记, 公司党委副书记)
_BODY_WORDS = ("党总支", "党支部", "党工委", "党委", "党组")
# a board between a body and its title (理事会会长, 董事会董事长)
_BOARD = re.compile(r"(?:常务理事会|理事会|董事会|监事会)$")
# a body written without its place (某村党总支书记、村委会主任): the place comes from the link before
_BARE_BODY_WORDS = "|".join((*VILLAGE_COMMITTEE_NAMES, "党总支", "党支部", "党委"))
_BARE_BODY = re.compile(f"(?:{_BARE_BODY_WORDS})$")
_BARE_BODY_OPENING = re.compile(f"(?:{_BARE_BODY_WORDS})")  # (a title that opens with the body: 村委会主任)
# a department inside a body (项目推进部, 办公室, 工会, 产业办) between the body and the title
_SUB_UNIT = re.compile(r"[\u4e00-\u9fff]{0,6}(部|司|科|处|室|组|办公室|中心|工会|办)$")
# a unit of a body written alone right after the previous holder (…甲、党派科科长乙)
_UNIT_AFTER_HOLDER = re.compile(r"(?<=[、，,])(?![省市县区州旗镇乡村党]委)[\u4e00-\u9fff]{1,5}?(?:科|处|室|司|委|办公室)$")
# words that name a body by its kind when it was named before (商会会长翟某)
_HEAD_WORDS = re.compile(r"(?:总商会|商会|协会|联谊会|新联会|工商联|合作社|公司|集团)$")
# a bare 村 (or 村委, 村委会) opening a post: the village is not written
_BARE_VILLAGE = re.compile(r"(村(?:委会?|民委员会)?)$")
# 甲所创办的X公司, 甲创立了X合作社, 甲在该村…成立“X农场”: who founds a firm or a body (a few words between)
_FOUNDS = re.compile(r"(?:先生|女士)?(?P<gap>[^。；;！!？?\n、]{0,24}?)(?:所|先后|独自|个人|投资|出资)?"
                     r"(?P<verb>创办|创立|创建|创始|注册成立|成立|组建|兴办)(?:了|起)?(?:的)?[“‘「]?")
_FOUNDED_KINDS = ("Enterprise", "Association", "SocialOrganisation")
# 的 closing the posts a person held then, a plain noun for the person between (时任X主席的甲, …局长的退休干部甲)
_HELD_THEN_DE = re.compile(r"的(?:退休干部|老干部|老领导|老同志|干部|同志|老)?$")
_BEFORE_BARE_VILLAGE = re.compile(r"(?:[在由与和同跟向对据经]|听取|邀请|陪同)$")
# a short form given in brackets, ending right before a title
_SHORT_FORM_BEFORE = re.compile(r"\s*[(（]\s*(?:以下)?(?:简称|下称)[^()（）]{1,20}[)）]$")
# membership words: the body before is a party (九三学社社员, 民革党员)
_MEMBERSHIP = ("党员", "盟员", "社员", "会员")
# the head of a government: the body is the place's government (镇长 → 某镇人民政府)
_GOV_HEAD = re.compile(r"^(?:常务)?副?(?:省|市|州|县|区|镇|乡)长$")
# the head of a democratic party committee's own department (组织部长, 社会服务部副部长)
_PARTY_DEPT_HEAD = re.compile(r"(?:组织|宣传|社会服务|参政议政|联络)部(?:副)?部?长")
# the Party committee's own departments other than the 统战部, whose heads sit on it (县委常委、组织部长)
_CPC_DEPARTMENTS = ("组织部", "宣传部")
# posts internal to a body: a title after the previous holder's name and a comma keeps that body
_BODY_POSTS = frozenset({"主委", "副主委", "秘书长", "副秘书长", "会长", "副会长", "常务副会长", "执行会长", "执行副会长",
                         "执行主席", "执行副主席", "常务副主席", "理事长",
                         "副理事长", "主席", "副主席", "部长", "副部长", "常务副部长", "书记", "副书记", "委员", "常委", "调研员",
                         "党组书记", "党组副书记", "党组成员", "主任", "副主任", "常务副主任",
                         "董事长", "副董事长", "总经理", "副总经理", "常务副总经理",
                         "监事长", "副监事长", "监事", "常务理事", "理事", "名誉会长", "荣誉会长"})
# a democratic party's own posts (市委主委 is no CPC committee's)
_PARTY_POST = re.compile(r"(?:专职|兼职|驻会|常务|执行)?副?主委")
# titles that can only be held in a village (the village elided in a verb frame)
_VILLAGE_POSTS = frozenset({"名誉村主任", "名誉村长", "特聘村主任", "村主任", "村长", "第一书记", "驻村第一书记", "村支书",
                            "村干部"})
_ROLE_VERB = re.compile(r"(?:已|现|还|又|并)?(?:受聘担任|获聘担任|担任|兼任|出任|当选为|当选|被聘为|受聘为|获聘为|聘为|被聘任为|被任命为|任命为|"
                        r"被推选为|被选为|被选举为|推选为|现任|任|当上了|当上|当了|是|系)")
# a profile before the post: 李某，男，汉族，中共党员，现任…
_PROFILE = re.compile(r"(?:[，,][^，,。；;！!？?\n]{1,10}){1,5}[，,]")
_LINE_START = re.compile(r"[ \t\u3000]*")  # what may open a line before a name
# verbs that appoint someone named after them: 聘请李某为…
_APPOINT = re.compile(r"聘请|聘任|特聘|选聘|推选|选举|任命|邀请")
_STOPS = "，,；;。!！?？\n"
# what stands between holders listed one after another (乡长甲，副乡长乙; 副主委甲、秘书长乙)
_HOLDER_GAPS = ("，", ",", "、")
# posts a firm does not have (a chair, a chairman of a party committee or of an association)
_NO_FIRM_POST = re.compile(r"主席|主委|会长|秘书长|理事长")
# a delegation's roster after its leader (由商会会长甲带队，副会长乙、丙…): posts of the leader's body
_LED_GAPS = ("带队，", "带队,", "领队，", "领队,", "的带领下，", "的带领下,", "带领下，", "带领下,")
# a body's post right after a name (受李某主委委托, 在王某会长的带领下), and the kinds of body each post is of
_TITLE_KINDS = ((("主委",), ("DemocraticParty",)), (("会长", "理事长"), ("Association", "Federation")),
                (("董事长", "总经理"), ("Enterprise",)), (("部长",), ("UnitedFrontDept",)),
                (("秘书长",), ("DemocraticParty", "Association", "Federation")))
# the bodies whose member is named right after them, no title between (民建某支部李某表示)
_BODY_BEFORE_NAME_KINDS = frozenset({"DemocraticParty", "Association", "Federation"})
# what follows such a member's name: a post or a title, a verb of speech or leading, punctuation
_AFTER_MEMBER_NAME = re.compile(rf"(?:副?(?:主委|主任|会长|秘书长|教授|研究员|医师|老师|同志)|{BEARER_ACTS}|带领|率|一行|说|"
                                r"[，,。；;、])")
# a village's or community's posts written after the holder's name (某社区王某书记)
_VILLAGE_TITLE_AFTER = re.compile(rf"(党总支书记|党支部书记|副?书记|村委会主任|居委会主任|副?主任|村长)(?=[、，,。；;与和]|同志|{BEARER_ACTS}|"
                                  r"说|介绍|表示)")
_TITLE_AFTER = re.compile(rf"(副?(?:主委|会长|理事长|部长|秘书长)|董事长|总经理)(?=委托|的|带领|率领|同志|一行|[、，,。；;与和]|"
                          rf"{BEARER_ACTS})")


@dataclass
class _Link:
    """One title of a chain: ``title`` at [tstart, tend), its body (or None) starting at ``ostart``."""

    title: str
    tstart: int
    tend: int
    ostart: int
    org: DraftEntity | None = None
    conf: float = 0.85
    review: str | None = None
    how: str = ""  # "ufwd": a bare 统战部(长) to be tied to the link before; "elided": no body written
    member: bool = False


class _Roles:
    def __init__(self, r: _Rel) -> None:
        self.r = r
        self.ex = r.ex
        self.text = r.text
        lex = self.ex.lex
        self.titles = sorted({*lex.titles, *_MEMBERSHIP}, key=len, reverse=True)
        self.by_end: dict[int, list[EntityMention]] = {}
        for m in self.ex.mentions:
            self.by_end.setdefault(m.end, []).append(m)
        self.notes: dict[str, list[str]] = {}
        self.done: dict[int, list[_Link]] = {}  # person mention start → the links given to it

    # ---------------------------------------------------------------------------------- chains
    def title_ending(self, pos: int) -> tuple[str, int] | None:
        """The title ending at ``pos`` (with a qualifier before it: 专职副主委) and where it starts."""
        text = self.text
        end = pos
        if end > 0 and text[end - 1] in "”’":  # 该村另一位“主任”
            end -= 1
        t = next((t for t in self.titles if text[max(0, end - len(t)):end] == t), None)
        if t is None:
            return None
        s = end - len(t)
        if t.startswith("村") and t[1:] in self.titles and any(
                m.entity.kind == "Place" and m.start < s for m in self.by_end.get(s + 1, [])):
            t, s = t[1:], s + 1  # 沧源村/支书, not 沧源/村支书: the village's name keeps its 村
        if t in _MEMBERSHIP and not self.party_ending(s):
            return None  # 企业会员, 党员: membership only of a party named before it
        if s > 0 and text[s - 1] == "副" and not t.startswith("副"):
            s -= 1  # 副校长, 副院长: the deputy of any post
        q = _QUALIFIER.search(text[max(0, s - 3):s])
        if q:
            s -= len(q.group(0))
        if s > 0 and text[s - 1] in "“‘" and end < pos:
            s -= 1
        return text[s:pos].strip("“”‘’"), s

    def party_ending(self, pos: int) -> DraftEntity | None:
        for m in self.by_end.get(pos, []):
            if m.entity.kind == "DemocraticParty":
                return m.entity
        return None

    def chain_before(self, pos: int) -> list[_Link]:
        """The links of the title chain ending at ``pos`` (left to right)."""
        links: list[_Link] = []
        while True:
            te = self.title_ending(pos)
            if te is None:
                break
            title, tstart = te
            link = self.body_of(title, tstart, pos)
            links.insert(0, link)
            p = link.ostart
            if link.org is None and link.how == "elided" and p == tstart:
                unread = self.unread_body(tstart)
                if unread is None and self.text[max(0, tstart - 3):tstart] in _CPC_DEPARTMENTS:
                    unread = tstart - 3  # 兼宣传部部长: a department of the committee in the link before
                if unread is not None:  # 、市农业农村局局长: a body written but not read; the chain goes on
                    link.how, link.ostart, p = "unread", unread, unread
            while link.org is not None and (up := self.top_ending(p)) is not None and up.entity.kind == "Place":
                p = up.start  # 、分界镇储良村第一书记: the places its body is written after open the link
            if p > 0 and (self.text[p - 1] == "、" or self.text[p - 1] == "兼" and self.title_ending(p - 1)):
                pos = p - 1  # (主委兼秘书长: two posts joined by 兼)
                continue
            if link.how == "ufwd" and self.text[max(0, p - 2):p] == "常委" and self.title_ending(p) is not None:
                pos = p  # 县委常委统战部长: the two posts written with nothing between
                continue
            if p > 1 and self.text[p - 1] in "，," and link.org is not None and self.comma_link(p - 1):
                pos = p - 1  # 民革四川省委会主委，四川省某局局长欧阳某: posts of one person across a comma
                continue
            break
        if links and (sent := self.sender(links[0])) is not None:
            links.insert(0, sent)
        if links and links[0].org is None:
            self.bare_village(links)
        for i, link in enumerate(links):  # bodies that come from the link before
            left = links[i - 1] if i else None
            if link.how == "ufwd":  # the nearest committee before it in the chain (市委常委、组织部长、统战部长)
                committee = next((lk for lk in reversed(links[:i]) if lk.org is not None and lk.how != "department"),
                                 None)
                written = any(re.search(r"[省市县区]委", self.text[lk.ostart:lk.tend]) for lk in links[:i])
                self.department_of(link, committee, folds=committee is left, written=written)
            elif link.org is None and link.how in ("elided", "unread") and left is not None and \
                    self.cpc_department_of(link, left):
                pass
            elif link.org is None and link.how != "unread" and left is not None and left.org is not None:
                self.inherit(link, left)
        return links

    def sender(self, link: _Link) -> _Link | None:
        """``某统战部(派)驻某村第一书记``: the body that sends the village's first secretary holds them too,
        titled with the posting as written (驻某村第一书记)."""
        if link.org is None or link.org.kind != "Place" or not link.title.endswith("第一书记"):
            return None
        p = link.ostart
        while (m := self.top_ending(p)) is not None and m.entity.kind == "Place":
            p = m.start
        mv = re.search(r"(?:派驻|选派到|驻)$", self.text[max(0, p - 3):p])
        body = self.top_ending(p - len(mv.group(0))) if mv else None
        if mv is None or body is None or body.entity.kind in ("Place", "Park"):
            return None
        return _Link(self.text[p - len(mv.group(0)):link.tend], link.tstart, link.tend, body.start, body.entity, 0.75)

    def bare_village(self, links: list[_Link]) -> None:
        """``村支书某``, ``村书记甲、村委会主任乙``, ``村委主任兼书记某`` opening a clause: posts of the only village the
        report named before (its 党支部 for a party post), for review."""
        first = links[0]
        lead = _BARE_VILLAGE.search(self.text, max(0, first.ostart - 6), first.ostart)
        a = lead.start(1) if lead else first.ostart
        if not (lead or first.title.startswith("村")) or (a > 0 and (
                "\u4e00" <= self.text[a - 1] <= "\u9fff" and self.text[a - 1] != "、"
                and not _BEFORE_BARE_VILLAGE.search(self.text, max(0, a - 2), a))):
            return  # (在村党支部书记某的带领下, 听取村党委书记某介绍: a clause's word before it)
        village = self.only_village(a)
        if village is None:
            return
        for link in links:
            if link.org is not None:
                break
            party = re.search(r"党总支|党支部|党委|支书", self.text[a:link.tend])
            body: DraftEntity | None = village
            if party is not None:
                word = "党支部" if party.group(0) == "支书" else party.group(0)
                body = self.r.ensure("PartyCommittee", village.name + word, village.code, a, link.tstart)
            link.org, link.ostart, link.conf, link.how = body, a, 0.55, ""
            link.title = self.text[a:link.tend] if link is first else link.title
            link.review = f"the village is not written: {village.name}, the only village named before"

    def comma_link(self, pos: int) -> bool:
        """Whether the words before the comma at ``pos`` are a post of the name after it: a title of a body
        written out (民革四川省委会主委), with no name between it and the comma (not 李某，市委书记…)."""
        te = self.title_ending(pos)
        if te is None:
            return False
        link = self.body_of(te[0], te[1], pos)
        return link.org is not None and link.org.kind != "Place" and not link.member

    def unread_body(self, pos: int) -> int | None:
        """Start of the words right before the title at ``pos`` when they are a body no rule read, written
        out between 、 and the title (民盟营口市委主委、市农业农村局局长): two to sixteen characters, no
        punctuation, no organisation or person in them."""
        a = pos
        while a > 0 and pos - a < 16 and "\u4e00" <= self.text[a - 1] <= "\u9fff":
            a -= 1
        if pos - a < 2 or a == 0 or self.text[a - 1] != "、" or any(
                m.end > a and m.start < pos and m.entity.kind != "Place" for m in self.ex.mentions):
            return None
        return a

    def body_of(self, title: str, tstart: int, tend: int) -> _Link:
        text = self.text
        link = _Link(title, tstart, tend, tstart)
        if any(title.endswith(w) for w in _MEMBERSHIP):
            party = self.party_ending(tstart)
            if party is not None:
                link.org, link.member = party, True
                link.ostart = min(m.start for m in self.by_end[tstart] if m.entity is party)
            return link
        pos = tstart
        board = _BOARD.search(text[max(0, pos - 5):pos])
        if board:
            pos -= len(board.group(0))
        # 某镇党委书记 / 某公司党委副书记: a party body opens the title
        body_word = next((w for w in _BODY_WORDS if title.startswith(w)), None)
        bpos = tstart + len(body_word) if body_word else pos
        if body_word is None:
            body_word = next((w for w in _BODY_WORDS if text[max(0, pos - len(w)):pos] == w), None)
            if body_word:
                bpos, pos = pos, pos - len(body_word)
                link.title = body_word + title
        if body_word:
            before = self.top_ending(pos)
            if before is not None and before.entity.kind not in ("Place", "Park", "PartyCommittee", "Program"):
                link.org, link.ostart = before.entity, before.start  # a company's own party committee
                return link
            committee = next((m for m in self.by_end.get(bpos, []) if m.entity.kind == "PartyCommittee"
                              and m.start < bpos - len(body_word) + 1), None)
            if committee is not None:
                link.org, link.ostart = committee.entity, committee.start
                return link
            place = before.entity if before is not None and before.entity.kind == "Place" else None
            pstart = before.start if place is not None and before is not None else pos
            if before is None:  # a place named before but not found at this spot
                place = self.place_named_ending(pos)
                pstart = pos - len(place.name) if place is not None else pos
            if place is not None and (not place.code or len(place.code) >= 9):
                # 西太平村党总支 (a township's or village's body, named only here)
                ent = self.r.ensure("PartyCommittee", place.name + body_word, place.code, pstart, bpos)
                link.org, link.ostart, link.conf = ent, pstart, 0.75
            elif place is None and text[pos - 1:pos] in ("、", "，", ","):
                link.how = "elided"  # 市外侨办主任甲、党组书记乙: the body of the holder before (after_comma)
            return link
        # an organisation or place written right before the title (its short form in brackets between:
        # 某某股份有限公司(以下简称“某某”)董事长)
        before = self.top_ending(pos)
        if before is None and (bracket := _SHORT_FORM_BEFORE.search(text, max(0, pos - 30), pos)) is not None:
            before = self.top_ending(bracket.start())
        if before is None and pos > 0 and text[pos - 1] in "”’":  # 某协会“某工作室”负责人: the body before the quote
            q = text.rfind("“" if text[pos - 1] == "”" else "‘", max(0, pos - 16), pos - 1)
            quoted = self.top_ending(q) if q > 0 else None
            if quoted is not None and quoted.entity.kind not in ("Place", "Park"):
                link.org, link.ostart, link.conf = quoted.entity, quoted.start, 0.7
                link.title = text[q:tend]
                return link
        if before is not None and before.entity.kind == "PartyCommittee" and _PARTY_POST.fullmatch(title):
            # 社市委专职副主委: a democratic party's post, not the CPC committee the level word was read as
            level = re.search(r"[省市县区]委$", text[max(0, pos - 2):pos])
            return self.party_post(link, before.start, level.group(0) if level else None)
        if before is not None:
            link.org, link.ostart = before.entity, before.start
            if before.entity.kind == "Place" and _GOV_HEAD.match(title):
                link.org = self.government(before.entity) or before.entity
            return link
        # 贵州省委会主委 after 民进内蒙古区委会…: the party named before in the sentence
        mm = re.search(r"([省市县区]委会?)$", text[max(0, pos - 3):pos])
        if mm and mm.group(1).endswith("会"):
            got = self.party_body(pos - len(mm.group(1)), mm.group(1), pos)
            if got is not None:
                link.org, link.ostart, link.conf = got[0], got[1], 0.75
                return link
        # 市委专职副主委: a post only a democratic party has — that party's body of this level, named before
        # (or later in the sentence), never the place's CPC committee
        if mm and not mm.group(1).endswith("会") and _PARTY_POST.fullmatch(title):
            link.title = mm.group(1) + title
            return self.party_post(link, pos - 2, mm.group(1))
        # 市委常委, 县委副书记: the committee of the place named before
        if mm and not mm.group(1).endswith("会"):
            com = self.committee(pos - 2, mm.group(1)[0])
            link.ostart, link.title = pos - 2, mm.group(1) + title  # 市委常委
            if com is not None:
                link.org, link.conf = com, 0.75
            else:
                link.how = "elided"
            return link
        head = self.head_word(pos)
        if head is not None:  # 商会会长 / 公司董事長: the one body of that kind named before, else none
            if head[0] is not None:
                link.org, link.ostart, link.conf, link.review = head[0], head[1], 0.65, head[2]
            else:
                link.ostart, link.how = head[1], "elided"
            return link
        ana = self.r.anaphor_before(pos)
        if ana is not None:
            word, ent = ana
            link.org, link.ostart, link.conf, link.review = ent, pos - len(word), 0.65, f"“{word}” read as {ent.name}"
            return link
        # 统战部部长 / 统战部长: tied to the link before, or to the department named before
        if text[max(0, pos - 3):pos] == "统战部":
            link.ostart, link.how = pos - 3, "ufwd"
            return link
        if title.startswith("统战部"):
            link.how = "ufwd"
            return link
        short = self.short_form(pos)
        if short is not None:
            link.org, link.ostart, link.conf = short[0], short[1], 0.7
            return link
        sub = self.sub_unit(pos)
        if sub is not None:  # 某局项目推进部负责人: the unit's own body
            link.org, link.ostart, link.title, link.conf = sub[0], sub[1], text[sub[2]:tend], 0.7
            return link
        bare = _BARE_BODY.search(text[max(0, pos - 5):pos])
        if bare:  # 村委会主任 after 某村党总支书记、: that village's committee (see inherit)
            link.ostart = pos - len(bare.group(0))
            link.title = bare.group(0) + title
        link.how = "elided"
        return link

    def party_post(self, link: _Link, start: int, word: str | None) -> _Link:
        """``link``, a democratic party's post written after the level committee ``word`` (市委) at ``start``:
        that party's body of the level (:meth:`party_of_level`), else no body."""
        link.ostart = start
        party = self.party_of_level(start, word) if word else None
        if party is not None:
            link.org, link.conf = party, 0.7
        else:
            link.how = "elided"
        return link

    def party_of_level(self, pos: int, word: str) -> DraftEntity | None:
        """The democratic party's body whose name ends in ``word`` (市委) last named before ``pos``, else the
        first named after it in the sentence."""
        _s, e = self.r.sentence(pos)
        words = (word, word + "会")  # (九三学社杭州市委会)
        before = [m for m in self.ex.mentions if m.start < pos and m.entity.kind == "DemocraticParty"
                  and m.entity.name.endswith(words)]
        if before:
            return max(before, key=lambda m: m.start).entity
        after = [m for m in self.ex.mentions if pos < m.start < e and m.entity.kind == "DemocraticParty"
                 and m.entity.name.endswith(words)]
        return min(after, key=lambda m: m.start).entity if after else None

    def place_named_ending(self, pos: int) -> DraftEntity | None:
        for ent in self.ex.entities:
            if ent.kind == "Place" and len(ent.name) >= 3 and self.text[max(0, pos - len(ent.name)):pos] == ent.name:
                return ent
        return None

    def top_ending(self, pos: int) -> EntityMention | None:
        cands = [m for m in self.by_end.get(pos, []) if base_of(m.entity.kind) in ("Organisation", "Place")
                 and m.entity.kind != "Program"]
        return min(cands, key=lambda m: m.start) if cands else None

    def government(self, place: DraftEntity) -> DraftEntity | None:
        for ent in self.ex.entities:
            if ent.kind == "GovernmentBody" and re.search(r"(?:人民)?政府$", ent.name) and (
                    ent.place == place.ref or ent.name.removesuffix("人民政府").removesuffix("政府").endswith(place.name)):
                return ent
        return None

    def party_body(self, s: int, word: str, pos: int) -> tuple[DraftEntity, int] | None:
        """``贵州省委会`` after a party named earlier in the sentence: that party's body there; ``省委会`` alone: the
        party body named before with that word."""
        lex = self.ex.lex
        # the place may hold the level character (贵州省|委会) or not (内蒙古|区委会)
        place = next((m for m in self.by_end.get(s + 1, []) + self.by_end.get(s, []) if m.entity.kind == "Place"
                      and m.terminal), None)
        start = place.start if place is not None else s
        if place is None and self.top_ending(s) is not None:
            return None
        if place is None:  # 省委会: the party's body named before with this word (in this sentence or before)
            ana = self.r.body_anaphor(pos)
            return (ana[1], s) if ana is not None else None
        sent_s, _ = self.r.sentence(s)
        party = None
        for m in reversed(self.ex.mentions):
            if sent_s <= m.start < start and m.entity.kind == "DemocraticParty":
                party = m.entity
                break
        if party is None:
            return None
        short = next((p for p in sorted(lex.parties, key=len, reverse=True) if party.name.startswith(p)), None)
        if short is None:
            return None
        pname = self.text[place.start:s]
        name = lex.parties[short] + pname + word
        return self.r.ensure("DemocraticParty", name, place.entity.code, start, pos), start

    def sub_unit(self, pos: int) -> tuple[DraftEntity, int, int] | None:
        """``聊城市某局项目推进部负责人``: a department of a body named right before it (not a committee's
        department, which is a body of its own: 县委宣传部)."""
        mm = _SUB_UNIT.search(self.text[max(0, pos - 8):pos])
        if mm is None:
            return None
        sub_s = pos - len(mm.group(0))
        for k in range(sub_s, pos - len(mm.group(1)) + 1):  # the body ends where the department's words begin
            body = self.top_ending(k)
            if body is not None and body.entity.kind not in ("Place", "Park", "PartyCommittee", "Program", "Site"):
                return body.entity, body.start, k
        return None

    def head_word(self, pos: int) -> tuple[DraftEntity | None, int, str] | None:
        """``商会会长`` / ``该公司董事长``: the one body whose name ends with that word named before (in the
        paragraph, else in the report); ``(None, start, …)`` when none or several fit."""
        mm = _HEAD_WORDS.search(self.text[max(0, pos - 5):pos])
        if mm is None:
            return None
        word = mm.group(0)
        start = pos - len(word)
        if self.text[start - 1:start] in ("该", "本"):
            start -= 1
        elif start > 0 and re.match(r"[\u4e00-\u9fff]", self.text[start - 1]):
            return None  # 某某商会 not found as a name: not this rule's
        para = self.text.rfind("\n", 0, start) + 1
        for lo in (para, 0):
            bodies = {m.entity.ref: m.entity for m in self.ex.mentions
                      if lo <= m.start < start and is_org(m.entity.kind) and m.entity.name.endswith(word)}
            if bodies:
                break
        if len(bodies) != 1:
            return None, start, ""
        ent = next(iter(bodies.values()))
        return ent, start, f"“{self.text[start:pos]}” read as {ent.name}"

    def short_form(self, pos: int) -> tuple[DraftEntity, int, str | None] | None:
        """``县乡贤联谊总会`` for the ``道县乡贤联谊总会`` named before: an organisation's name without its place."""
        text = self.text
        for m in reversed(self.ex.mentions):
            ent = m.entity
            if m.start >= pos or not is_org(ent.kind) or ent.kind == "Program" or ent.place is None:
                continue
            place = next((p for p in self.ex.entities if p.ref == ent.place), None)
            if place is None or not ent.name.startswith(place.name):
                continue
            tail = ent.name[len(place.name):]
            if len(tail) < 3 or text[max(0, pos - len(tail)):pos] != tail:
                continue
            start = pos - len(tail)
            if text[start - 1:start] == place.name[-1] and place.name[-1] in "省市县区镇乡":
                start -= 1  # 县乡贤联谊总会
            return ent, start, None
        return None

    def committee(self, pos: int, level_char: str) -> DraftEntity | None:
        """The party committee of ``市委常委`` (made when the report names it only in titles)."""
        wm = next((m for m in self.by_end.get(pos + 1, []) + self.by_end.get(pos, [])
                   if m.entity.kind == "Place" and m.entity.code), None)
        if wm is not None:  # 茂名市委常委: the place is written, whatever was named before
            written = wm.entity
            code, pname = str(written.code), written.name
            as_written = self.text[wm.start:pos + 1]
            mentioned = self.text[wm.start:wm.end]
            if not pname.endswith(level_char) and as_written.endswith(level_char):
                pname = as_written  # 黔西县委 of the county renamed 黔西市: the name the report gives
            elif mentioned != pname and mentioned.endswith(level_char) and len(mentioned) > 2:
                pname = mentioned  # 下城区区委 of the district merged into 拱墅区: the name the report gives
            elif not pname.endswith(level_char):
                pname += level_char
            return self.r.ensure("PartyCommittee", committee_name(pname, level_char), code, pos, pos + 2)
        ref = self.ex.pctx.nearest_before(pos + 1, level_char) or self.ex.pctx.county_above(pos, level_char)
        if ref is None:
            return None
        code, pname = ref
        return self.r.ensure("PartyCommittee", committee_name(pname, level_char), code, pos, pos + 2)

    def committee_unit(self, committee: DraftEntity, kind: str, word: str, s: int, e: int) -> DraftEntity:
        """The department ``word`` (统战部, 组织部) of a party committee, written at [s, e): found or made, with
        the committee's place."""
        place = next((p for p in self.ex.entities if p.ref == committee.place), None)
        return self.r.ensure(kind, committee.name + word, place.code if place else None, s, e)

    def department_of(self, link: _Link, left: _Link | None, *, folds: bool, written: bool) -> None:
        """The 统战部 of ``X委常委、统战部长``: that committee's department; else the one named before."""
        if left is not None and left.org is not None and left.org.kind == "PartyCommittee" and not left.member:
            committee = left.org
            s = link.ostart
            link.org = self.committee_unit(committee, "UnitedFrontDept", "统战部", s,
                                           link.tstart if s < link.tstart else link.tstart + 3)
            link.conf = 0.75
            if link.ostart < link.tstart:  # 统战部部长
                link.title = self.text[link.ostart:link.tend]
            if folds and left.title.endswith(("常委", "副书记")):  # 市委常委、统战部部长: one post (the corpus
                # gold lists only the department; the committee seat comes with the post)
                link.title = left.title + "、" + link.title
                left.how = "folded"
                self.ex.folded[committee.ref] += 1
            return
        if written:
            return  # 县委常委、统战部长 of a county not found: never another place's department
        ent = self.r.nearest_entity(link.tstart, ("UnitedFrontDept",))
        if ent is not None:
            link.org, link.conf = ent, 0.7

    def cpc_department_of(self, link: _Link, left: _Link) -> bool:
        """The 组织部 or 宣传部 of ``X委常委、组织部长`` (or ``X委副书记兼宣传部部长``): that committee's department,
        a role of its own next to the seat (only the 统战部 head's seat is folded into the post: department_of).
        Whether the link was such a post."""
        t = link.tstart
        s = t - 3 if self.text[max(0, t - 3):t] in _CPC_DEPARTMENTS else t if link.title.startswith(_CPC_DEPARTMENTS) else -1
        if s < 0 or left.org is None or left.org.kind != "PartyCommittee" or left.member:
            return False
        link.org = self.committee_unit(left.org, "GovernmentBody", self.text[s:s + 3], s, s + 3)
        link.ostart, link.title, link.conf, link.how = s, self.text[s:link.tend], 0.75, "department"
        return True

    def inherit(self, link: _Link, left: _Link) -> None:
        """A title with no body after ``、``: 某镇党委副书记、镇长 → that township's government;
        某公司党委书记、董事长 → the company."""
        assert left.org is not None
        bare = _BARE_BODY_OPENING.match(link.title)
        if bare:
            place = self.place_of(left.org)
            want = name_key(place.name + bare.group(0)) if place is not None else None
            ent = next((e for e in self.ex.entities if is_org(e.kind) and want is not None
                        and want in {name_key(n) for n in (e.name, *e.aliases)}), None)
            if ent is not None:  # only a body the report names: 村委会 alone is too vague to make one
                link.org, link.conf = ent, 0.7
            elif place is not None and place.kind == "Place" and place.name.endswith(("村", "社区")) \
                    and bare.group(0) in VILLAGE_COMMITTEE_NAMES:
                link.org, link.conf = place, 0.7  # 某村党支部书记、村委会主任: a post of the village itself
            return
        if _GOV_HEAD.match(link.title):
            place = self.place_of(left.org)
            if place is not None:
                link.org, link.conf = self.government(place) or place, 0.7
            return
        if left.org.kind not in ("Place", "Park", "PartyCommittee") and not left.member:
            link.org, link.conf = left.org, 0.7  # 市工商联党组书记、主席; 某公司党委书记、董事长

    def place_of(self, org: DraftEntity) -> DraftEntity | None:
        """``org`` itself when it is a place, else the place it belongs to (某镇党委 → 某镇), if any."""
        return org if org.kind == "Place" else next((p for p in self.ex.entities if p.ref == org.place), None)

    # ------------------------------------------------------------------------------------ emit
    def emit(self, person: DraftEntity, links: list[_Link], ev: tuple[int, int]) -> None:
        merged: dict[str, _Link] = {}  # 市工商联党组书记、主席: one role in that body, titled with both
        for link in links:
            if link.how == "folded" or link.org is None:
                continue
            if link.member:
                self.r.add("MEMBER_OF", person, link.org, ev, 0.7)
                continue
            org, title = link.org, link.title
            if org.kind != "Place" and VILLAGE_BODY.search(org.name):
                # 双塘村党总支书记某: the village's own leadership — a post of the village, as the report's
                # readers ask who leads a village (the body's word stays in the title)
                place = self.place_of(org)
                if place is not None and place.code and len(place.code) == 12 and \
                        org.name.startswith(place.name):
                    word = org.name[len(place.name):]
                    org = place
                    if word not in title and not title.startswith(("村", "社区")):  # (村支书)
                        title = word + title
            first = merged.get(org.ref)
            if first is None:
                merged[org.ref] = _Link(title, link.tstart, link.tend, link.ostart, org, link.conf, link.review)
            else:
                first.title += "、" + title
                first.conf = min(first.conf, link.conf)
                first.review = first.review or link.review
        for link in merged.values():
            assert link.org is not None
            self.r.add("HOLDS_ROLE", person, link.org, ev, link.conf, {"title": link.title}, link.review)
        titles = self.notes.setdefault(person.ref, [])
        for link in links:
            if link.how != "folded" and link.title not in titles:
                titles.append(link.title)

    def run(self) -> None:
        people = [m for m in self.ex.mentions if m.entity.kind == "Person"]
        for pm in people:
            links = self.chain_before(pm.start) or self.post_held_then(pm)
            if links:
                if links[0].org is None and links[0].how == "unread":
                    self.after_comma(pm, links[0])  # (…甲、党派科科长乙: the unit unread, of the holder's body)
                if links[0].org is None and links[0].how == "elided":
                    self.after_comma(pm, links[0])
                    self.led_by(pm, links[0])
                    self.village_post(links[0])
                    self.bare_party_post(links[0])
                    for left, link in zip(links, links[1:], strict=False):  # …，副书记、镇长乙: the links after it
                        if link.org is None and link.how != "unread" and left.org is not None:
                            self.inherit(link, left)
                self.emit(pm.entity, links, self.r.sentence(pm.start))
                if _ROLE_VERB.match(self.text, pm.end):  # 某公司董事长李某受聘担任某村名誉村主任: a second post
                    self.verb_frame(pm)
                self.done[pm.start] = links  # (the chain's links, for names listed after this one)
                continue
            if not self.listed(pm) and not self.name_then_title(pm) and not self.title_after(pm) \
                    and not self.body_right_before(pm):
                self.verb_frame(pm)
        for pm in people:
            self.founded(pm)
        for ent in self.ex.entities:
            if ent.ref in self.notes and self.notes[ent.ref] and not ent.note:
                ent.note = "、".join(self.notes[ent.ref])

    def founded(self, pm: EntityMention) -> None:
        """甲(所)创办/创立/成立(了)X公司, 甲所创始的X公司: the founder of a firm or a body, for review (the gold and
        the readers count who founded a firm among the posts a person holds)."""
        mv = _FOUNDS.match(self.text, pm.end)
        if mv is None or any(m.entity.kind != "Place" for m in self.ex.mentions_in(pm.end, mv.end())):
            return  # (甲和X商会成立…: who founds is not said)
        if re.search(r"[，,]", mv.group("gap")) and self.text[mv.start("verb") - 1] not in "，,":
            return  # (a clause after a comma counts only when the verb opens it: 甲…土地，成立“X农场”)
        body = next((m for m in self.ex.mentions_in(mv.end(), mv.end() + 40) if m.start == mv.end()
                     and m.entity.kind in _FOUNDED_KINDS), None)
        if body is not None:
            self.r.add("HOLDS_ROLE", pm.entity, body.entity, self.r.sentence(pm.start), 0.6, {"title": "创办人"},
                       f"{pm.entity.name} {mv.group('verb')} {body.entity.name}: its founder")

    def post_held_then(self, pm: EntityMention) -> list[_Link]:
        """时任X主席的甲, 担任X局长的退休干部甲: the posts written before 的, opened by the verb of holding them."""
        mm = _HELD_THEN_DE.search(self.text, max(0, pm.start - 8), pm.start)
        if mm is None:
            return []
        links = [lk for lk in self.chain_before(mm.start()) if lk.org is not None]
        if not links or not re.search(r"(?:时任|现任|曾任|原任|担任|曾经担任)$", self.text[max(0, links[0].ostart - 4):links[0].ostart]):
            return []
        return links

    def previous_holder_at(self, pos: int, gaps: tuple[str, ...]) -> list[_Link] | None:
        """The links of the person named right before ``pos`` with only a gap word between."""
        for m in self.by_end_person(pos, gaps):
            if m.start in self.done:
                return self.done[m.start]
        return None

    def holders_before(self, pos: int) -> Iterator[list[_Link]]:
        """The links of each holder listed right before ``pos``, each after a comma or 、, nearest first (up to four)."""
        for _ in range(4):
            prev = self.previous_holder_at(pos, _HOLDER_GAPS)
            if not prev:
                return
            yield prev
            pos = prev[0].ostart

    def body_listed_before(self, pos: int) -> list[_Link]:
        """The links with a body of the nearest holder listed right before ``pos``: in ``乡长甲，武装部部长乙，副乡长丙``
        甲's for 丙 (乙's post names no body of its own)."""
        for links in self.holders_before(pos):
            held = [lk for lk in links if lk.org is not None and not lk.member]
            if held:
                return held
        return []

    def holders_listed_before(self, pos: int) -> list[_Link]:
        """The links of the holders listed right before ``pos``, nearest last: in ``镇党委书记甲，镇长乙，党委副书记丙``
        甲's and 乙's for 丙."""
        return [lk for links in reversed(list(self.holders_before(pos))) for lk in links]

    def by_end_person(self, pos: int, gaps: tuple[str, ...]) -> list[EntityMention]:
        return [m for g in gaps for m in self.by_end.get(pos - len(g), [])
                if m.entity.kind == "Person" and self.text[pos - len(g):pos] == g]

    def listed(self, pm: EntityMention) -> bool:
        """民革某省委副主委甲、乙: 乙 holds the title before 甲 too."""
        links = self.previous_holder_at(pm.start, ("、",))
        if not links or links[-1].org is None or links[-1].how == "folded":
            return False
        self.done[pm.start] = [links[-1]]
        self.emit(pm.entity, [links[-1]], self.r.sentence(pm.start))
        return True

    def after_comma(self, pm: EntityMention, link: _Link) -> None:
        """…副主委甲，秘书长乙 (or 、秘书长乙): a post of the same body, right after the previous holder; a post of
        one of its units (…副调研员甲、党派科科长乙) too."""
        unit = _UNIT_AFTER_HOLDER.search(self.text, max(0, link.tstart - 8), link.tstart)
        start = unit.start() if unit is not None else link.tstart
        if unit is None and link.ostart == link.tstart and (head := _GOV_HEAD.match(link.title)):
            # 某乡党委书记甲、乡长乙 (沾化区人大常委会副主任甲、副区长乙): the place of the body of the holders
            # listed before, when it is of the head's level
            held = self.body_listed_before(start)
            org = held[-1].org if held else None
            place = self.place_of(org) if org is not None else None
            level = re.sub(r"^(?:常务)?副?", "", head.group(0))[0]
            if place is not None and place.name.endswith(level):
                link.org, link.conf = self.government(place) or place, 0.7
            return
        word = next((w for w in _BODY_WORDS if link.title.startswith(w)), None)
        if unit is None and word is not None and link.ostart == link.tstart:
            # 某乡党委书记甲，…，党委委员乙: the same party committee as the holders listed before
            at = start - len(word) if self.text[start - len(word):start] == word else start  # (党委|委员)
            committee = next((lk.org for lk in reversed(self.holders_listed_before(at)) if lk.org is not None
                              and lk.org.kind == "PartyCommittee" and lk.org.name.endswith(word)), None)
            if committee is not None:
                link.org, link.conf = committee, 0.7
                return
            # 某集团党委书记、董事长甲，总经理乙，党委副书记丙: the party committee of the firm the holders before
            # hold posts of, the post counted as the firm's (a federation has a 党组: its 党委书记 is another body's)
            prev = self.previous_holder_at(at, _HOLDER_GAPS)
            if re.fullmatch(r"党委副?书记", link.title) and prev and prev[-1].org is not None \
                    and prev[-1].org.kind == "Enterprise":
                link.org, link.conf = prev[-1].org, 0.7
                return
            # Y村村长甲、党支部书记乙: the village's branch, whose posts are the village's (as Y村党支部书记乙)
            if prev and prev[-1].org is not None and prev[-1].org.kind == "Place" \
                    and len(prev[-1].org.code or "") == 12 and re.fullmatch(r"党(?:总)?支部?副?书记|党委副?书记", link.title):
                link.org, link.conf = prev[-1].org, 0.7
                return
        party_dept = unit is None and _PARTY_DEPT_HEAD.fullmatch(link.title) is not None
        if link.ostart not in (start, link.tstart) or (
                unit is None and not party_dept and re.sub(r"^(?:专职|驻会)", "", link.title) not in _BODY_POSTS):
            return  # (…主委甲，专职副主委乙: a full-time post of the same body)
        prev = self.previous_holder_at(start, _HOLDER_GAPS + _LED_GAPS)
        if prev and all(lk.org is None for lk in prev):  # (…会长甲，党支部书记乙，副会长丙: 甲's body)
            prev = self.body_listed_before(start) or prev
        if party_dept and not (prev and prev[-1].org is not None and prev[-1].org.kind == "DemocraticParty"):
            return  # (…主委甲，组织部长乙: a department of the democratic party's committee, not a CPC one)
        if prev and unit is not None:  # (…常委、生态委主任甲，文委主任乙: the body of the holder's chain)
            prev = [lk for lk in prev if lk.org is not None][-1:]
        if prev and _NO_FIRM_POST.search(link.title):
            # (…副主席、某公司总经理甲，副主席、某公司董事长乙: a chair's post is of the holder's body, not their firm)
            prev = [lk for lk in prev if lk.org is None or lk.org.kind != "Enterprise"]
        if prev and prev[-1].org is not None and not prev[-1].member and prev[-1].org.kind != "Place":
            link.org, link.conf = prev[-1].org, 0.7
            if unit is not None:
                link.ostart, link.title = start, unit.group(0) + link.title

    def led_by(self, pm: EntityMention, link: _Link) -> None:
        """X一行在专职副主委甲(的)带领下…: a post of X, the body whose group the holder leads."""
        if link.org is not None or re.sub(r"^(?:专职|常务|驻会)", "", link.title) not in _BODY_POSTS \
                or link.ostart != link.tstart:
            return
        if not re.match(r"(?:同志)?(?:的)?(?:带领|率领|带队)下", self.text[pm.end:pm.end + 7]):
            return
        mm = re.search(r"(?:一行|考察团|调研组)?(?:\d+(?:余)?人)?在$", self.text[max(0, link.tstart - 10):link.tstart])
        if mm is None:
            return
        at = link.tstart - len(mm.group(0))
        body = next((m.entity for m in self.by_end.get(at, []) if is_org(m.entity.kind)
                     and m.entity.kind not in ("Program", "Site", "Park")), None)
        if body is not None:
            link.org, link.conf = body, 0.7

    def name_then_title(self, pm: EntityMention) -> bool:
        """王某（某商会会长）, 李某，民革党员，…: an apposition ending the clause."""
        text = self.text
        mm = re.match(r"[（(]([^（()）]{2,30})[)）]|[，,]([^，,。；;！!？?\n]{2,30})(?=[，,。；;！!？?\n])"
                      r"|[ \t\u3000]+([^，,。；;！!？?\n]{2,30})(?=[，,。；;！!？?\n])", text[pm.end:pm.end + 34])
        if mm is None or (mm.group(3) and not _LINE_START.fullmatch(text, text.rfind("\n", 0, pm.start) + 1, pm.start)):
            return False  # (a space only in a line opening with the name: 李某 某公司董事长，任某村名誉村长)
        inner = mm.group(1) or mm.group(2) or mm.group(3)
        opens = pm.end + mm.start(3) if mm.group(3) else pm.end + 1
        end = opens + len(inner)
        links = self.chain_before(end)
        if not links or links[0].ostart != opens:
            return False
        if (mm.group(2) or mm.group(3)) and not all(lk.member or (lk.org is not None and lk.conf >= 0.85) for lk in links):
            return False  # after a bare comma only memberships and titles of a body written there
        self.done[pm.start] = links
        self.emit(pm.entity, links, self.r.sentence(pm.start))
        mv = _ROLE_VERB.match(text, end + 1) if text[end:end + 1] in "，," else None
        if mv is not None and mm.group(3):  # …，任某村“名誉村长”: the post the line is about
            self.frame_after(pm, mv.end(), (end + 1, mv.start()), mv.start())
        return True

    def title_after(self, pm: EntityMention) -> bool:
        """受李某主委委托, 在王某会长带领下: a body's post written right after the name (no punctuation) is a
        post of the last body of its kind named before in the sentence (marked for review)."""
        mt = _TITLE_AFTER.match(self.text, pm.end)
        if mt is None:
            return self.village_title_after(pm)
        kinds = next(k for titles, k in _TITLE_KINDS if mt.group(1).lstrip("副") in titles)
        s, _ = self.r.sentence(pm.start)
        body = next((m.entity for m in reversed(self.ex.mentions_in(s, pm.start)) if m.entity.kind in kinds), None)
        if body is None:
            return False
        link = _Link(mt.group(1), pm.end, pm.end + len(mt.group(1)), pm.end, body, 0.6,
                     f"the title follows the name; the body is the last {body.kind} named before it")
        self.done[pm.start] = [link]
        self.emit(pm.entity, [link], self.r.sentence(pm.start))
        return True

    def body_right_before(self, pm: EntityMention) -> bool:
        """九三学社某支社朴某教授带领…, 民建某支部李某表示: a party's branch or an association written right before
        the name, no title between: its member (a post, if any, is written after the name, unread here)."""
        body = next((m for m in self.by_end.get(pm.start, []) if m.entity.kind in _BODY_BEFORE_NAME_KINDS), None)
        if body is None or not _AFTER_MEMBER_NAME.match(self.text, pm.end):
            return False
        link = _Link("", pm.start, pm.start, body.start, body.entity, 0.7, member=True)
        self.done[pm.start] = [link]
        self.emit(pm.entity, [link], self.r.sentence(pm.start))
        return True

    def village_title_after(self, pm: EntityMention) -> bool:
        """某社区王某书记: a village's or community's secretary or head written after the name, the place written
        right before it (marked for review)."""
        mv = _VILLAGE_TITLE_AFTER.match(self.text, pm.end)
        place = next((m for m in self.by_end.get(pm.start, []) if m.entity.kind == "Place"
                      and m.level in ("village", "community")), None)
        if mv is None or place is None:
            return False
        link = _Link(mv.group(1), pm.end, pm.end + len(mv.group(1)), place.start, place.entity, 0.7,
                     "the title follows the name; the body is the place written before it")
        self.done[pm.start] = [link]
        self.emit(pm.entity, [link], self.r.sentence(pm.start))
        return True

    def verb_frame(self, pm: EntityMention) -> bool:
        """李某担任/当选为/被聘为 X会长; 李某，男，…，现任 X书记; 某村聘请李某为名誉村主任; 李某当了名誉村主任
        (the village elided: the one named in the clause, else the only one of the report so far)."""
        text = self.text
        if text[pm.end:pm.end + 1] == "为":
            return self.object_frame(pm)
        mv = _ROLE_VERB.match(text, pm.end)
        if mv is None:  # 张某到某村任第一书记: the verb later in the clause, no other name before it
            mg = re.match(r"[^，,。；;！!？?\n]{1,12}?(?=" + _ROLE_VERB.pattern + ")", text[pm.end:pm.end + 20])
            if mg is None:  # 李某，男，汉族，现任…: short attributes, then the verb opening a clause
                mg = _PROFILE.match(text, pm.end)
                mg = mg if mg is not None and _ROLE_VERB.match(text, mg.end()) else None
                end_g = mg.end() - pm.end if mg is not None else 0
            else:
                end_g = mg.end()
            if mg is None or any(m.entity.kind == "Person" for m in self.ex.mentions_in(pm.end, pm.end + end_g)):
                return self.object_frame(pm)
            mv = _ROLE_VERB.match(text, pm.end + end_g)
            if mv is None:
                return False
            if mv.group(0) == "任" and not self.by_end.get(mv.start()) and text[mv.start() - 1] not in "，,并又还":
                return False  # 主任, 责任: 任 inside a word
        return self.frame_after(pm, mv.end(), (pm.end, mv.start()), mv.start())

    def object_frame(self, pm: EntityMention) -> bool:
        """某村聘请乡贤李某为名誉村主任: the body (or the village) that appoints, the name, 为, the title."""
        text = self.text
        if text[pm.end:pm.end + 1] != "为":
            return False
        seg_s = pm.start
        while seg_s > 0 and text[seg_s - 1] not in _STOPS:
            seg_s -= 1
        mv = None
        for m in _APPOINT.finditer(text, seg_s, pm.start):
            mv = m
        if mv is None or pm.start - mv.end() > 6:
            return False
        return self.frame_after(pm, pm.end + 1, (seg_s, mv.start()), pm.end + 1)

    def frame_after(self, pm: EntityMention, s: int, context: tuple[int, int], vstart: int) -> bool:
        """The title chain after a role verb ending at ``s``; an elided village comes from ``context``
        (a body whose name swallowed the verb, 现任某公司, still counts)."""
        text = self.text
        e = s
        while e < len(text) and text[e] not in _STOPS and e - s < 40:
            e += 1
        mt = re.search(r"(?:一职|职务|之一|以来|以后|期间|后|时)$", text[s:e])
        end = e - len(mt.group(0)) if mt else e
        links = self.chain_before(end)
        links = [lk for lk in links if lk.ostart >= vstart]
        if not links:
            return False
        if links[0].org is None and links[0].how == "elided" and len(links) == 1:
            if links[0].title not in _VILLAGE_POSTS or links[0].tstart > s + 2:
                return False
            near = {m.entity.ref: m.entity for m in self.ex.mentions_in(*context)
                    if m.entity.kind == "Place" and m.level in ("village", "community")}
            if len(near) == 1:  # 张某到某村任第一书记
                links[0].org, links[0].conf = next(iter(near.values())), 0.7
            else:
                village = self.only_village(pm.start)
                if near or village is None:
                    return False
                links[0].org, links[0].conf = village, 0.55
                links[0].review = f"the village is not written: {village.name}, the only village named before"
        for lk in links:
            lk.conf = min(lk.conf, 0.75)
        self.done[pm.start] = links
        self.emit(pm.entity, links, self.r.sentence(pm.start))
        return True

    def village_post(self, link: _Link) -> None:
        """驻村第一书记某 with no village written: the village the sentence named before the title, else the only
        village the report named before it (for review)."""
        if link.org is not None or link.title not in _VILLAGE_POSTS or link.ostart != link.tstart:
            return
        s, _e = self.r.sentence(link.tstart)
        near = [m for m in self.ex.mentions_in(s, link.tstart) if m.entity.kind == "Place"
                and m.level in ("village", "community")]
        if near:
            link.org, link.conf = near[-1].entity, 0.65
            return
        village = self.only_village(link.tstart)
        if village is not None:
            link.org, link.conf = village, 0.55
            link.review = f"the village is not written: {village.name}, the only village named before"

    def bare_party_post(self, link: _Link) -> None:
        """主委甲，副主委乙 with no body written: a post of the only democratic party's body the report named
        before it (for review)."""
        if link.org is not None or not _PARTY_POST.fullmatch(link.title) or link.ostart != link.tstart:
            return
        body = self.only_one_before(link.tstart, lambda m: m.entity.kind == "DemocraticParty")
        if body is not None:
            link.org, link.conf = body, 0.55
            link.review = f"the body is not written: {body.name}, the only party body named before"

    def only_village(self, pos: int) -> DraftEntity | None:
        return self.only_one_before(pos, lambda m: m.entity.kind == "Place" and m.level in ("village", "community"))

    def only_one_before(self, pos: int, keep: Callable[[EntityMention], bool]) -> DraftEntity | None:
        """The one entity the mentions before ``pos`` that ``keep`` takes name, else None (none, or several)."""
        found = {m.entity.ref: m.entity for m in self.ex.mentions if m.start < pos and keep(m)}
        return next(iter(found.values())) if len(found) == 1 else None


def committee_name(place: str, level_char: str) -> str:
    """The party committee of a place as reports write it: 南平市委, 西充县委, but 道县县委 (a one-character
    county keeps its 县)."""
    if len(place) == 2 and place.endswith(level_char):
        return place + level_char + "委"
    return (place[:-1] if place.endswith(level_char) else place) + level_char + "委"


def find_roles(r: _Rel) -> None:
    """Add the report's roles and memberships to ``r`` (see the module's doc)."""
    _Roles(r).run()
