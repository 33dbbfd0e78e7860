"""Finding programs, organisations and people in the clean text of a report.

Every finder returns :class:`Found` mentions (clean-text spans with a kind, a canonical name and a merge
key); :mod:`tongxin.extract.report` merges them into entities and maps spans back to the original.
The rules are general patterns over domain vocabulary (``lexicon.yaml``):

* **programs** — known program names; quoted names with a program head inside (“四新行动”) or right
  after (“四季行”活动, “工业强区”战略); numbered labels (“四大融合”, “双招双引”) after a verb such as
  以/推进/助力; designations (被命名为“全国民族团结进步创建示范社区” → 民族团结进步创建).
* **organisations** — level bodies after a place or a bare level word (娄底市委统战部, 区新联会,
  市工商联, 县委党校), democratic parties (民建市委), government departments (市科技局, 市发改委),
  names extended leftwards from a suffix over jieba words (泸州金奇易户外用品有限公司,
  泸县乡村振兴乡贤联谊会), quoted sites and groups (“同心·法律咨询室”, “蓝马甲”志愿小组), and
  “X等企业”. Generic names (商协会, 乡镇新联会, 统战工作室) are dropped. A registered name keeps the
  opening jieba cut off (湖南/暄/美口腔…有限公司, 贺兰神(宁夏)…有限公司, 高州市/扶贫开发/协会); 自治区 alone
  is the report's region (自治区工商联 → 新疆维吾尔自治区工商联); a party committee's department
  (民盟X省委社会服务部), a list of one party's branches, a party written after its place (章丘区民盟), a
  team named after its body (X统战部…工作队) and a place's United Front acting as one (X市统一战线) are bodies.
* **people** — a name after a role title (统战部长雷绍业, 支书谢阳建) or a person word (乡贤邹建平),
  a surname plus one or two characters cut at jieba word boundaries; transliterated names with a middle
  dot after a title (买买提·吐尔逊); lists joined by 、/和/及; later bare mentions of a found name are
  mentions too.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, replace
from functools import cache, lru_cache
from typing import Any

from tongxin.extract.lexicon import Lexicon, alternation, literal_words
from tongxin.extract.places import PlaceBackend, PlaceFindings
from tongxin.extract.text import CJK_RE, Doc, Quote, Token, spans_of, word_tags
from tongxin.places.renamed import merged_away

__all__ = ["Found", "PlaceContext", "find_orgs", "find_people", "find_programs", "name_key"]

ORG_KINDS = (
    "PartyCommittee", "UnitedFrontDept", "Federation", "DemocraticParty", "Association", "Enterprise",
    "GovernmentBody", "SocialOrganisation", "Site", "ReligiousVenue",
)
_PUNCT = set("，,。;；:：、!！?？“”‘’\"'「」『』《》()（）【】[]—-…·+＋\n \t")
_LEVEL_CHARS = {"省": "province", "市": "city", "州": "city", "县": "county", "区": "county", "旗": "county",
                "镇": "township", "乡": "township"}


def _level_fits(name: str, level_char: str) -> bool:
    """Whether a place so named can be the one a bare level word means: a county's or a prefecture's
    (州: 延边朝鲜族自治州, not 苏州市) own level word closes its name."""
    return _LEVEL_CHARS[level_char] not in ("county", "city") or level_char == "市" or name.endswith(level_char)


@dataclass
class Found:
    kind: str
    name: str
    start: int
    end: int
    key: str = ""
    confidence: float = 0.8
    place_code: str | None = None
    aliases: list[str] = field(default_factory=list)
    review: str | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if not self.key:
            self.key = name_key(self.name)


@lru_cache(maxsize=100_000)  # a report names the same bodies again and again, reports the same bodies
def name_key(name: str) -> str:
    """Merge key of a name: no quotes, dots or spaces; 统一战线 ≡ 统战; 中共 dropped; 办事处 ≡ 街道; 民族事务委员会 ≡
    民委; the comma between a two-phrase name's phrases is any comma (不忘合作初心,继续携手前进 ≡
    不忘合作初心、继续携手前进)."""
    k = re.sub(r"[\s·•“”‘’\"'「」『』《》()（）]", "", name)
    k = re.sub(r"[，,]", "、", k)
    k = k.replace("统一战线", "统战")
    k = re.sub(r"^中共", "", k)
    k = k.replace("街道办事处", "街道").replace("办事处", "街道")
    k = k.replace("民族宗教事务委员会", "民宗委").replace("民族事务委员会", "民委")  # (杭锦旗民委)
    # a democratic party's committee is written 省委, 省委会 or 省委员会 (民进重庆市委 ≡ 民进重庆市委会)
    k = re.sub(r"^(民革|民盟|民建|民进|农工党|致公党|九三学社)(.*[省市县区])委员?会$", r"\1\2委", k)
    # and the party of a place is its committee there (广州市民进 ≡ 民进广州市委, as reports use them)
    k = re.sub(r"^(.+[省市县区])(民革|民盟|民建|民进|农工党|致公党|九三学社)$", r"\2\1委", k)
    # and a branch 总支, 总支部 or 总支部委员会; 支部 or 支部委员会 (民盟成华区总支 ≡ 民盟成华区总支部委员会)
    k = re.sub(r"^(民革|民盟|民建|民进|农工党|致公党|九三学社)(.+)总支(?:部(?:委员会)?)?$", r"\1\2总支", k)
    k = re.sub(r"^(民革|民盟|民建|民进|农工党|致公党|九三学社)(.+[^总])支部委员会$", r"\1\2支部", k)
    # and a 基层委员会 its 基层委 (致公党甘井子区基层委 ≡ 致公党甘井子区基层委员会)
    k = re.sub(r"^(民革|民盟|民建|民进|农工党|致公党|九三学社)(.+)基层委员会$", r"\1\2基层委", k)
    return k


# ------------------------------------------------------------------------------------ place context


# how close (characters, in the same sentence) a province named before 省委/省工商联 must be to be the one
# meant (辽宁省委、省政府)
_NEAR_PROVINCE = 30


def _the_only(found: set[tuple[str, str]]) -> tuple[str, str] | None:
    """The one (code, name) of ``found``; None when it holds none or several (no guess between places)."""
    return next(iter(found)) if len(found) == 1 else None


class PlaceContext:
    """The places found, by position, for qualifying bare level words (市委 → 娄底市委)."""

    def __init__(self, findings: PlaceFindings, backend: PlaceBackend | None, main_codes: dict[str, str],
                 text: str = ""):
        self.backend = backend
        self.text = text
        self.items: list[tuple[int, int, str, str, str]] = []  # (start, end, code, level, name)
        if backend is not None:
            for h in findings.hits:
                if h.code:
                    info = backend.get(h.code)
                    if info:
                        self.items.append((h.start, h.end, h.code, info.level, info.name))
        self.items.sort()
        self.main = main_codes  # level → code of the report's own place at that level

    def hit_ending_at(self, pos: int) -> tuple[int, int, str, str, str] | None:
        best = None
        for it in self.items:
            if it[1] == pos and (best is None or it[0] < best[0]):
                best = it
        return best

    def hit_at(self, s: int, e: int) -> tuple[int, int, str, str, str] | None:
        for it in self.items:
            if it[0] <= s and e <= it[1]:
                return it
        return None

    def chain_after(self, pos: int) -> tuple[tuple[int, int, str, str, str] | None, int]:
        """The places written one after another from ``pos`` (社江西省委, 中共黄陂区木兰乡…): the last one's
        hit (None when no place starts at ``pos``) and where the chain ends."""
        last, end = None, pos
        while (hit := self.hit_at(end, end + 1)) is not None and hit[0] == end:
            last, end = hit, hit[1]
        return last, end

    def named_later_with(self, pos: int, level_char: str, body: str) -> tuple[str, str] | None:
        """(code, name) of the one place ending in ``level_char`` that the text names after ``pos`` with
        ``body`` right after it (区政协… then 房山区政协: the body written in full later); None when no
        place or several are."""
        return _the_only({(code, name) for s, e, code, _lvl, name in self.items
                          if s > pos and name.endswith(level_char) and self.text.startswith(body, e)})

    def only_one_named(self, level_char: str) -> tuple[str, str] | None:
        """(code, name) of the one county ending in ``level_char`` (区, 县, 旗) the report names anywhere, for a
        bare 区委统战部 written before it (副区长…率区委统战部、区工商联 … 番禺区派驻五华县工作队); None when it
        names none or several."""
        if level_char not in "县区旗":
            return None
        return _the_only({(code, name) for _s, _e, code, lvl, name in self.items
                          if lvl == "county" and name.endswith(level_char)})

    def county_above(self, pos: int, level_char: str) -> tuple[str, str] | None:
        """(code, name) of the county of the last township or village named before ``pos``, for a bare
        县/区 (县委, 县政协) in a report that names that township or village but not its county."""
        if level_char not in "县区" or self.backend is None:
            return None
        above: list[str] = []  # the city or province named since (焦作市 in 九三学社焦作市委) must hold it
        last = None
        for it in reversed(self.items):
            if it[0] >= pos:
                continue
            if len(it[2]) >= 6:
                last = it
                break
            above.append(it[2])
        if last is None or len(last[2]) < 9 or not all(last[2].startswith(c) for c in above):
            return None
        info = self.backend.get(last[2][:6])
        if info is not None and info.level == "county" and info.name.endswith(level_char):
            return info.code, info.name
        return None

    def nearest_before(self, pos: int, level_char: str) -> tuple[str, str] | None:
        """(code, name) of the place a bare level word at ``pos`` refers to."""
        level = _LEVEL_CHARS[level_char]
        own_county = self.main.get("county")
        if level_char == "市" and own_county and self.backend is not None:
            info = self.backend.get(own_county)
            if info is not None and info.name.endswith("市"):  # a county-level city's report: 市委 is its own
                return own_county, info.name
        own_province = self.main.get("province")
        if level_char == "省" and own_province and self.backend is not None:
            # 省工商联 far from any province named: the report's own province, not another it mentions
            # (与四川结对1078个。省工商联…, in a 浙江 report)
            near = next((it for it in reversed(self.items) if it[0] < pos and it[3] == "province"), None)
            info = self.backend.get(own_province)
            if info is not None and (near is None or near[2] == own_province or pos - near[1] > _NEAR_PROVINCE
                                     or re.search(r"[。！!？?\n]", self.text[near[1]:pos])):
                return own_province, info.name
        for s, _e, code, lvl, name in reversed(self.items):
            if s >= pos:
                continue
            if lvl == level and _level_fits(name, level_char):
                return code, name
            if level_char == "市" and lvl == "county" and name.endswith("市"):
                return code, name  # 高州市 … 市委: a county-level city named last
            if level_char == "市" and lvl == "province" and name.endswith("市"):
                return code, name  # 重庆 … 民进市委: a municipality is the city
        own = self.main.get(level)
        if own and self.backend is not None:
            info = self.backend.get(own)
            if info and _level_fits(info.name, level_char):
                return own, info.name
        return None


# ----------------------------------------------------------------------------------------- programs


def _starts_with_any(s: str, words: tuple[str, ...]) -> str | None:
    return next((w for w in words if s.startswith(w)), None)


def _is_name_quote(q: Quote) -> bool:
    inner = q.inner.strip()
    return 1 <= len(inner) <= 24 and re.search(r"[。!！?？;；]", inner) is None


def _quote_runs(doc: Doc) -> list[list[Quote]]:
    """Name-like quotes (short, no sentence inside; nested ones included) grouped into runs separated
    only by 、/和/及/与 (“A”“B”、“C”等活动)."""
    quotes = [q for q in doc.quotes if _is_name_quote(q)]
    quotes = [q for q in quotes if not any(o is not q and o.start < q.start and q.end < o.end for o in quotes)]
    runs: list[list[Quote]] = []
    for q in quotes:
        if runs:
            gap = doc.text[runs[-1][-1].end:q.start]
            if gap in ("", "、", "和", "及", "与", ","):
                runs[-1].append(q)
                continue
        runs.append([q])
    return runs


def ends_word(doc: Doc, e: int) -> bool:
    """``e`` ends a word: a jieba boundary, or a function word or punctuation follows (局等, 局、)."""
    return e in doc.boundaries or e >= len(doc.text) or doc.text[e] in _AFTER_NAME


def _title_glued(doc: Doc, e: int, lex: Lexicon) -> bool:
    """jieba glued a title to the name ending at ``e`` (新疆珠宝/协会会长/郭兰香): the rest of the word is a title."""
    tok = doc.token_containing(e)
    return tok is not None and tok.start < e < tok.end and doc.text[e:tok.end] in lex.titles


def _no_verb_in(doc: Doc, a: int, b: int) -> bool:
    """No word of two characters or more in [a, b) is one jieba tags a verb, adverb, preposition, pronoun,
    status word or adjective (认真落实, 还|号召): words a body's name is not made of (文史|委 is one)."""
    tags = word_tags()
    i = doc.first_token_from(a)
    while i < len(doc.tokens) and doc.tokens[i].end <= b:
        w, tag = doc.tokens[i].word, tags.get(doc.tokens[i].word) or "n"
        if len(w) >= 2 and tag[:1] in ("v", "d", "p", "r", "z", "a") and tag not in ("vn", "an"):
            return False  # (综合一总支: a verbal noun names a unit)
        i += 1
    return True


def _place_before_word(doc: Doc, places: PlaceContext, s: int) -> bool:
    """Does a place of county level or above end at ``s``, where a word of two or more characters starts
    (雁塔区|市容局, 高州市|市场监管局)? The level character opens a word of the department's, not a level."""
    hit = places.hit_ending_at(s)
    tok = doc.token_at(s)
    return hit is not None and hit[3] in ("province", "city", "county") and tok is not None and len(tok.word) > 1


def starts_word(doc: Doc, s: int) -> bool:
    return s in doc.boundaries or s == 0 or doc.text[s - 1] in _BEFORE_NAME


_AFTER_NAME = set("等、和及与的为在是并也都已将由对向于以,，。；;:：()（）“”‘’—\n ")
_BEFORE_NAME = set("及和与、并同由在对向于将把,，。；;:：()（）“”‘’—\n ")


def _window_after(doc: Doc, pos: int, n: int = 20) -> str:
    text = doc.text
    out = []
    for ch in text[pos:pos + n]:
        if ch in "，,。;；:：“(（\n!！?？":
            break
        out.append(ch)
    w = "".join(out)
    if not w.startswith("等") and "、" in w:
        w = w[:w.index("、")]
    return w


# heads that make a quote a program only right after it (“扶贫直通车”基地): further on they name a
# station or a paper of their own (“一站”即少数民族服务站)
_ADJACENT_HEADS = frozenset({"基地", "工作站", "服务站", "社会服务协议"})


def _head_in(window: str, lex: Lexicon, doc: Doc | None = None, offset: int = 0) -> str | None:
    """A program head early in the window not overtaken by a non-program head (统战工作法), and ending a
    word (活动 but not 活动室)."""
    best: tuple[int, str] | None = None
    for h in lex.program_heads:
        i = window.find(h)
        if i >= 0 and doc is not None and not ends_word(doc, offset + i + len(h)):
            continue
        if i > 0 and h in _ADJACENT_HEADS:
            continue
        if i >= 0 and (best is None or i < best[0] or (i == best[0] and len(h) > len(best[1]))):
            best = (i, h)
    if best is None:
        return None
    i, h = best
    for nh in lex.non_program_heads:
        j = window.find(nh)
        if 0 <= j < i + len(h) and j + len(nh) > i:
            return None
        if 0 <= j < i:
            return None
    if re.search(r"\d", window[:i]):
        return None
    return h


_NUMBERED = re.compile(r"^[一二三四五六七八九十两双百千万]")
_COUNT_AFTER = re.compile(r"^等?\d+[个家名所座处项]")
# a works being built or a factory counted (建设荔枝加工厂, 一个茶叶加工厂): a facility, not a named firm
_BUILDING = r"建设|新建|兴建|兴办|建成|建起|筹建|扩建|创办|开办|办起"
_BUILT_WORKS = re.compile(_BUILDING)
_BUILT_WORKS_BEFORE = re.compile(rf"(?:{_BUILDING}|[一两几\d][个座家所])了?$")


def _is_generic(name: str, lex: Lexicon) -> bool:
    rest = name
    for w in lex.generic_name_words:
        rest = rest.replace(w, "")
    return len(rest) < 2


def find_programs(doc: Doc, lex: Lexicon, findings: PlaceFindings | None = None) -> list[Found]:
    """The report's programs. ``findings``: the places found, which a named base does not take into its
    name (在奔牛镇史陈家村民盟中央助力乡村振兴实践基地成立…: the base is 民盟中央助力乡村振兴实践基地)."""
    text = doc.text
    out: list[Found] = []
    taken: list[tuple[int, int]] = []

    def add(name: str, s: int, e: int, conf: float, how: str) -> None:
        name = name.strip()
        canonical = lex.programs.get(name, name)
        out.append(Found("Program", canonical, s, e, confidence=conf, extra={"how": how}))
        taken.append((s, e))

    # Quoted names, including nested ones (《关于开展“万企兴万村”行动…》, “‘同心工程’示范基地”).
    runs = _quote_runs(doc)
    run_of: dict[int, list[Quote]] = {q.start: run for run in runs for q in run}
    for q in doc.quotes:
        inner = q.inner.strip()
        clean_inner = re.sub(r"[‘’“”]", "", inner)
        if not (2 <= len(clean_inner) <= 24) or re.search(r"[。!！?？;；]", inner):
            continue
        if re.fullmatch(r"\d{1,3}(?:[+＋]\d{1,3})+", clean_inner) and re.match(r"行动|工程|计划", text[q.end:q.end + 2]):
            add(clean_inner, q.inner_start, q.inner_end, 0.75, "a numbered formula before 行动")  # “8+1”行动
            continue
        if CJK_RE.search(clean_inner) is None or clean_inner.isdigit():
            continue
        base = next((b for b in lex.program_base_suffixes if text.startswith(b, q.end)), None)
        if base is not None and re.fullmatch(r"[\u4e00-\u9fff·•]{2,12}", clean_inner) and \
                (_org_kind_of_suffix(clean_inner, lex) or ("", "Site"))[1] == "Site":
            # “同心建家园”实践基地: a base named by its quote (the quote may be a program of its own too)
            add(clean_inner + base, q.inner_start, q.end + len(base), 0.75, "a quoted base")
        if clean_inner in lex.programs:
            add(clean_inner, q.inner_start, q.inner_end, 0.95, "lexicon")
            continue
        known = next((p for p in lex.programs if len(p) >= 4 and clean_inner.startswith(p) and len(clean_inner) - len(p) >= 2
                      and inner.startswith(p) and clean_inner[len(p)] not in "、,，·•+＋"), None)
        if known is not None:  # “万企兴万村助力消费帮扶”行动: the known program, then what this action does in it
            add(known, q.inner_start, q.inner_start + len(known), 0.85, "a known program opening a longer quote")
            continue
        program, _, theme = inner.partition("·")
        if theme and (program in lex.programs or _HUNDRED_PAIRS_RE.fullmatch(program)):
            # “百企助百村·携手共发展”: the program and this event's theme, not a program of its own
            add(program, q.inner_start, q.inner_start + len(program), 0.9, "a program with its theme after ·")
            continue
        if re.search(r"(?:简称|简称为|下称)\s*$", text[max(0, q.start - 5):q.start]):
            continue  # (以下简称“主题活动”): a short name for what came before, not a new program
        if _CAMPAIGN_TRIP.fullmatch(clean_inner) and not clean_inner.endswith(_NOT_A_TRIP):
            # “助力乡村振兴县区行”, “健康贾汪行”, “消费扶贫公益行”: a campaign named as a journey (…行), whatever
            # its words (“尽力而为、量力而行” is a saying)
            add(clean_inner, q.inner_start, q.inner_end, 0.75, "a campaign named as a journey (“…行”)")
            continue
        if (tx := _TONGXIN_QUOTED.fullmatch(clean_inner)) and clean_inner not in _TONGXIN_FIGURES and \
                not tx.group(1).endswith(lex.non_program_heads) and _org_kind_of_suffix(clean_inner, lex) is None:
            # “同心送温暖”, “同心椅”, “同心券”: the united front's own brand word opening a quoted name is a brand,
            # however common its other words (not “同心圆”, a figure of speech, nor “同心共铸基金会”, a body)
            add(clean_inner, q.inner_start, q.inner_end, 0.7, "a 同心 brand in quotes")
            continue
        if text[q.start - 1:q.start] == "以" and len(clean_inner) >= 4 and re.match(r"(?:作为|为)主题", text[q.end:q.end + 4]) \
                and re.fullmatch(r"[\u4e00-\u9fff·•、，,—\-]+", clean_inner) and not _is_generic(clean_inner, lex):
            # 以“凝心聚力·共建共享”为主题, 以“东西援助手牵手，对口支援同心行”为主题: the theme names the campaign
            add(clean_inner, q.inner_start, q.inner_end, 0.7, "以“…”为主题")
            continue
        if _quoted_program_forms(doc, q, lex, add):
            continue
        run = run_of.get(q.start, [q])
        after = _window_after(doc, run[-1].end)
        if _COUNT_AFTER.match(after):
            continue  # “统战工作点”36个: a type being counted, not a name
        before = text[max(0, q.start - 4):q.start]
        head = _head_in(after, lex, doc, run[-1].end)
        if head and after.startswith(head) and text[run[-1].end + len(head):run[-1].end + len(head) + 2] == "——":
            continue  # “指尖统战”“智慧统战”平台——“酒城E统战”: descriptions of the name that follows
        if re.match(r"(?:扶贫|帮扶|治理|协商|发展|合作|服务)?(?:模式|机制)", after) and re.search(
                r"(?:推行|探索|推广|创新|实行)(?:了)?[\u4e00-\u9fff]{0,4}$", text[max(0, q.start - 8):q.start]) and \
                re.fullmatch(r"[\u4e00-\u9fff]{3,10}", clean_inner) and not _is_generic(clean_inner, lex):
            # 推行“小额援助农户”扶贫模式, 探索乡村治理“小屋协商”机制: a named way of working the body puts in place
            add(clean_inner, q.inner_start, q.inner_end, 0.7, "a named way of working (推行“…”模式)")
            continue
        if after.startswith("的") and re.match(r"的(?:倡议|号召|主题活动|系列活动|活动|行动)", after) and \
                re.fullmatch(r"[\u4e00-\u9fff·•]{4,12}", clean_inner) and not _is_generic(clean_inner, lex) \
                and _org_kind_of_suffix(clean_inner, lex) is None:
            # 发出“同心救灾献爱心”的倡议, 响应“伸出博爱之手”的号召: a campaign named by its call
            add(clean_inner, q.inner_start, q.inner_end, 0.7, "a quote before 的倡议/的号召/的活动")
            continue
        if _starts_with_any(after, lex.non_program_heads) or after.startswith("的"):
            continue
        if text[q.start - 1:q.start] == "以" and len(clean_inner) >= 3 and re.fullmatch(
                r"[\u4e00-\u9fff·•]+", clean_inner) and re.match(
                r"[^，,。;；:：!！?？]{0,16}?(?:作为|为)(?:切入点|抓手|载体|突破口|引领)", text[q.end:q.end + 24]):
            add(clean_inner, q.inner_start, q.inner_end, 0.7, "以“…”为抓手")  # 以“文化营”建设作为切入点
            continue
        if _is_generic(clean_inner, lex) and not (head and after.startswith(head) and (
                head.endswith("品牌") or (head in ("工程", "行动", "计划") and len(clean_inner) >= 3))):
            continue  # (“同心”品牌 is a brand, “同心圆”工程 a works)
        formula = bool(re.search(r"[、,，]|.[+＋].", clean_inner))  # 党派+社区 is a formula, 乡贤+ a brand
        inner_head = None if formula else next((h for h in lex.program_inner_heads if clean_inner.endswith(h)), None)
        if inner_head and not clean_inner.endswith(("目标", "机制")):
            add(clean_inner, q.inner_start, q.inner_end, 0.85, "quote with a program word")
            continue
        if head and not re.search(r".[+＋].", clean_inner):
            add(clean_inner, q.inner_start, q.inner_end, 0.8, f"quote before {head}")
            continue
        if re.search(r"(?:平台|品牌|活动)——$", before[-4:] + "") or text[max(0, q.start - 3):q.start].endswith(
            ("平台——", "品牌——", "活动——")
        ):
            add(clean_inner, q.inner_start, q.inner_end, 0.75, "named after a dash")
            continue
        if re.search(r"(?:项目|品牌|工程|行动|计划)$", before) and not formula:
            add(clean_inner, q.inner_start, q.inner_end, 0.7, "quote after a program word")  # 姊妹项目“…”
            continue
        if re.fullmatch(r"(?:民革|民盟|民建|民进|农工|致公|九三|台盟|同心|统战|光彩)[\u4e00-\u9fff]{0,3}[路桥林园渠井田]",
                        clean_inner) and _org_kind_of_suffix(clean_inner, lex) is None:
            add(clean_inner, q.inner_start, q.inner_end, 0.7, "a work named after a party (“农工路”)")
            continue
        # (a 同心 brand names demonstration villages: 创建“同心美丽乡村” is the program)
        honour = re.search(r"^(?:全国|国家级|省级|市级|县级)|(?:村|镇|乡|社区|单位|家庭|示范点)$", clean_inner) and \
            not clean_inner.startswith("同心")
        if _brand_verb_before(text, q.start, lex) and re.fullmatch(r"[\u4e00-\u9fff·•]{2,10}", clean_inner) and not (
                formula or honour or _org_kind_of_suffix(clean_inner, lex) or _is_generic(clean_inner, lex)
                or _starts_with_any(after, lex.non_program_heads)):
            # (创建“全国文明村” is an honour, not a brand)
            add(clean_inner, q.inner_start, q.inner_end, 0.7, "a name the report's body builds (打造“…”)")
            continue
        if re.search(r"(?:开展|实施|启动)了?$", text[max(0, q.start - 3):q.start]) and \
                re.match(r"[，,。；;]", text[q.end:q.end + 1]) and re.fullmatch(r"[\u4e00-\u9fff·•]{3,10}", clean_inner) \
                and not (formula or honour or re.search(r"结对|共建|帮扶|认亲|对接", clean_inner)
                         or _org_kind_of_suffix(clean_inner, lex) or _is_generic(clean_inner, lex)):
            # 开展“同心献策”，深化智力扶贫: an undertaking named in quotes, its clause closed right after it (a
            # tie named so, 开展“村企结对”, is the kind of work, not a program)
            add(clean_inner, q.inner_start, q.inner_end, 0.65, "a named undertaking (开展“…”，)")
            continue
        dot = re.fullmatch(r"同心[·•‧・?]([\u4e00-\u9fff]{2,10})", clean_inner)
        if dot and not formula and _org_kind_of_suffix(clean_inner, lex) is None:
            add(clean_inner, q.inner_start, q.inner_end, 0.7, "a 同心 brand (同心·…)")
            continue
        if _NUMBERED.match(clean_inner) and not formula and len(clean_inner) <= 8:
            if any(before.endswith(v) for v in lex.program_verbs):
                add(clean_inner, q.inner_start, q.inner_end, 0.7, "numbered label after a verb")

    # A list of quotes closed by 等, one of them a program by its own words (“双百助学工程”“千名贫困生结对帮扶”
    # “东西合作办学”等), or three or more of one family (“致公助学”“致公助教”“致公助农”等): the others are items
    # of the same list.
    quoted = {f.start for f in out}
    for run in runs:
        inners = [re.sub(r"[‘’“”]", "", q.inner.strip()) for q in run]
        family = len(run) >= 3 and len(os.path.commonprefix(inners)) >= 2
        if len(run) < 2 or not text.startswith("等", run[-1].end) or not (
                family or any(q.inner_start in quoted for q in run)):
            continue
        for q in run:
            inner = re.sub(r"[‘’“”]", "", q.inner.strip())
            if q.inner_start in quoted or not re.fullmatch(r"[\u4e00-\u9fff·•]{3,12}", inner) \
                    or _is_generic(inner, lex) or _org_kind_of_suffix(inner, lex) is not None:
                continue
            add(inner, q.inner_start, q.inner_end, 0.7, "an item of a list of programs (“…”“…”等)")

    # Known names anywhere (unquoted too).
    for spelling, canonical in sorted(lex.programs.items(), key=lambda kv: -len(kv[0])):
        for s, e in spans_of(text, spelling):
            if any(a <= s and e <= b for a, b in taken):
                continue
            add(canonical, s, e, 0.9, "lexicon")

    # 党员之家, 盟员之家 and numbered works (百千万工程), unquoted.
    for m in re.finditer(r"(?:[党盟会社委]员之家|[一二三四五六七八九十两双百千万]{2,6}工程)", text):
        s, e = m.start(), m.end()
        if any(a <= s and e <= b for a, b in taken) or not starts_word(doc, s) or not ends_word(doc, e):
            continue
        if text[max(0, s - 1):s].isdigit() or m.group(0).startswith(("一二", "一千", "一万", "一百")):
            continue
        add(m.group(0), s, e, 0.75, "a member home or a numbered works")

    # The 万企兴万村 family by its shape: 百企联百村, 百侨联百户, 百员联万家, 百企百村 (unquoted too).
    for m in _HUNDRED_PAIRS_RE.finditer(text):
        s, e = m.start(), m.end()
        if any(a <= s and e <= b for a, b in taken) or not ends_word(doc, e):
            continue
        if text[max(0, s - 1):s].isdigit() or (s > 0 and text[s - 1] in "百千万"):
            continue
        add(m.group(0), s, e, 0.75, "a program named by its shape (百X联百Y)")

    # East–west cooperation between two provinces, by their one-character names: 苏陕协作, 闽宁协作, 沪滇扶贫协作.
    for m in _PROVINCE_PAIR_RE.finditer(text):
        s, e = m.start(), m.end()
        if m.group(1) == m.group(2) or any(a <= s and e <= b for a, b in taken) or not starts_word(doc, s):
            continue
        add(m.group(0), s, e, 0.75, "two provinces' cooperation (苏陕协作)")

    # A 同心 brand written without quotes before the word for what it is (同心调研活动, 同心超市项目), or
    # listed before one (同心大舞台、同心聚民小院等项目): the 同心 name is the program.
    for m in _TONGXIN_BRAND_RE.finditer(text):
        if not starts_word(doc, m.start()):
            continue
        for item in re.finditer(r"同心[^、等]+", m.group(1)):
            s, e = m.start() + item.start(), m.start() + item.end()
            if any(a <= s and e <= b for a, b in taken) or doc.quote_around(s, e) is not None \
                    or item.group(0) in lex.programs:
                continue
            add(item.group(0), s, e, 0.7, "a 同心 brand before 活动/项目")

    # Named bases, unquoted: 农工党中央社会服务基地, 民盟助力乡村振兴实践基地 (a 种植基地 is neither).
    no_places = PlaceContext(PlaceFindings(), None, {})
    for suffix in lex.program_base_suffixes:
        for s, e in spans_of(text, suffix):
            if any(a <= s and e <= b for a, b in taken) or doc.quote_around(s, e) is not None:
                continue
            if not ends_word(doc, e) or re.match(r"等?\d", text[e:e + 2]):
                continue  # 实践基地9个: a type being counted
            start = _extend_left(doc, s, lex, no_places)
            # 民盟某省委会助力乡村振兴实践基地: the party committee whose base it is opens the name (会 stops the walk)
            lead = _party_unit_before(lex).search(text, max(0, start - 18), start)
            if lead is not None:
                start = lead.start()
            elif (dot := _BRAND_DOT_BEFORE.search(text, max(0, start - 10), start)) is not None:
                start = dot.start()  # 民盟同心·乡村振兴实践基地: a brand and a dot open the name
            while start < s and (text[start].isdigit() or text[start] in "个家处座"):
                start += 1
            for h in findings.hits if findings is not None else ():
                if start < h.end <= s and re.search(r"(?:村|社区|镇|乡|街道)$", h.surface):
                    start = max(start, h.end)  # where the base stands, not its name
                    village = re.match(r"[\u4e00-\u9fff]{2,4}?(?:村|社区)", text[h.end:s])
                    if village and re.search(r"(?:镇|乡|街道)$", h.surface):
                        start = max(start, h.end + village.end())  # 奔牛镇史陈家村: a village the list lacks
            if start > 0 and text[start - 1].isdigit():
                continue  # 4个同心实践基地: counted
            name = text[start:e]
            if _is_generic(text[start:s], lex) or len(name) > 24:
                continue
            own = max((h.end for h in findings.hits if h.start == start and h.end < s), default=start) \
                if findings is not None else start
            if _common_words(text[own:e], lex):
                continue  # 社会服务基地, 三明市爱国主义教育基地: the kind of base, not one named
            add(name, start, e, 0.7, "a named base")
            if lead is not None and lead.start() == start:
                out[-1].extra["body_end"] = lead.end()  # (the committee stays an organisation of its own)

    # Designations: 被命名为“全国民族团结进步创建示范社区” → the program 民族团结进步创建.
    for q in doc.quotes:
        dm = re.fullmatch(
            r"(全国|国家级|全省|省级|全市|市级|县级)?(.{3,16}?)(示范社区|示范村|示范点|示范基地|示范单位|示范区)", q.inner
        ) or re.fullmatch(r"(全国|国家级|全省|省级|全市|市级|县级)?(同心[\u4e00-\u9fff]{2,10})()", q.inner)
        if not dm or not re.search(r"(?:命名为|评为|获评|列为|认定为|授予)\s*$", text[max(0, q.start - 6):q.start]):
            continue
        name = dm.group(2)
        out.append(Found("Program", lex.programs.get(name, name), q.inner_start, q.inner_end, confidence=0.75,
                         aliases=[q.inner], extra={"how": "designation", "level": dm.group(1)}))
    return _dedupe(_named_with_the_place(out, lex))


def _named_with_the_place(found: list[Found], lex: Lexicon) -> list[Found]:
    """民盟省委会助力乡村振兴实践基地 beside 民盟浙江省委会助力乡村振兴实践基地: a program named after a party's
    committee written again without the committee's place is the program the report names in full."""
    named = re.compile(rf"({alternation(lex.parties)})((?:[省市县区])?委(?:员)?会?[\u4e00-\u9fff]{{2,}})")
    full = {f.name for f in found}
    out = []
    for f in found:
        mm = named.fullmatch(f.name)
        if mm is not None:
            party, rest = mm.groups()
            longer = [n for n in full if n.startswith(party) and n.endswith(rest)
                      and re.fullmatch(r"[\u4e00-\u9fff]{2,4}", n[len(party):len(n) - len(rest)])]
            if len(longer) == 1:
                f = replace(f, name=longer[0], key="", aliases=[*f.aliases, f.name])
        out.append(f)
    return out


# a 同心 brand and a dot ending where the pattern is searched up to (民盟同心·)
_BRAND_DOT_BEFORE = re.compile(r"(?:民革|民盟|民建|民进|农工党|农工|致公党|致公|九三学社|九三|台盟)?同心[·•‧・]$")


@cache
def _party_unit_before_of(names: str) -> re.Pattern[str]:
    return re.compile(rf"(?:{names})[\u4e00-\u9fff]{{0,8}}?(?:委员会|委会|委|总支|支部)$")


def _party_unit_before(lex: Lexicon) -> re.Pattern[str]:
    """A democratic party's committee or branch ending where the pattern is searched up to (民盟某省委会)."""
    return _party_unit_before_of(alternation(lex.parties))


_TONGXIN_BRAND_RE = re.compile(r"(同心[\u4e00-\u9fff]{2,4}?(?:(?:、同心[\u4e00-\u9fff]{2,4}?)*等)?)(?:活动|项目)")
_BRAND_VERBS = ("打造", "创建", "推出", "培育", "擦亮", "叫响", "塑造", "创立", "创办")


def _brand_verb_before(text: str, pos: int, lex: Lexicon) -> bool:
    return text[max(0, pos - 2):pos] in _BRAND_VERBS


_PROVINCE_ONE = "京津沪渝冀晋辽吉黑苏浙皖闽赣鲁豫鄂湘粤琼川黔滇陕甘青蒙桂藏宁新"
_PROVINCE_PAIR_RE = re.compile(rf"([{_PROVINCE_ONE}])([{_PROVINCE_ONE}])(?:扶贫|对口)?协作")
_HUNDRED_PAIRS_RE = re.compile(r"[百千万](?:企|侨|员|商|校|医|会|社)[联帮助兴结扶带连进]?[百千万](?:村|户|家|镇|企|社区)")


# a quoted 同心 name (“同心送温暖”, “同心·义诊”) and the quoted 同心 words that are figures of speech
_TONGXIN_QUOTED = re.compile(r"同心[·•‧・]?([\u4e00-\u9fff]{1,8})")
_TONGXIN_FIGURES = frozenset({"同心圆", "同心结", "同心曲", "同心同德", "同心协力", "同心同向", "同心同行", "同心聚力"})
# a campaign named as a journey: “健康贾汪行”, “暖冬计划-中国牧区公益行” (and the words ending in 行 that are none)
_CAMPAIGN_TRIP = re.compile(r"[\u4e00-\u9fff][\u4e00-\u9fff·•\-—]{1,15}行")
_NOT_A_TRIP = ("而行", "先行", "践行", "同行", "运行", "执行", "进行", "实行", "推行", "可行", "银行", "出行", "旅行", "步行",
               "发行", "流行", "履行", "施行", "举行", "飞行", "通行", "前行", "并行", "力行", "笃行", "必行", "远行", "随行",
               "言行", "品行", "德行", "横行", "盛行", "风行", "自行", "平行", "试行", "暂行", "例行")
_NAMED_ACTIVITY_AFTER = re.compile(r"(?:主题|系列|专题)?(?:宣讲|志愿服务|主题党日|公益|文艺|慰问)?(?:活动|行动|计划|工程)")


def _quoted_program_forms(doc: Doc, q: Quote, lex: Lexicon, add: Any) -> bool:
    """Quoted forms that are programs by their shape: “乡贤+”, “党派+社区” (a short formula with +),
    “盟员之家” (a home), and a list inside one pair of quotes naming known programs (“千企结千村、消灭
    薄弱村” → two programs). A list of three or more phrases, or of two long ones, is a slogan
    (“平等互利、优势互补、…”) and nothing. Returns whether the quote was dealt with."""
    inner = doc.text[q.inner_start:q.inner_end]
    clean_inner = re.sub(r"[‘’“”\s]", "", inner)
    after = _window_after(doc, q.end)
    if _COUNT_AFTER.match(after):
        return False
    if re.fullmatch(r"[\u4e00-\u9fff]{1,6}[+＋]", clean_inner) or (
            re.fullmatch(r"[\u4e00-\u9fff]{1,6}[+＋][\u4e00-\u9fff]{1,6}", clean_inner)
            and (_head_in(after, lex, doc, q.end) or _starts_with_any(after, ("模式", "工作")))):
        # “乡贤+”, “党派+社区”工作 (通过“线上+线下”形成… is a means, not a program)
        add(clean_inner, q.inner_start, q.inner_end, 0.75, "a formula with +")
        return True
    if re.fullmatch(r"[\u4e00-\u9fff]{1,8}之家", clean_inner):
        add(clean_inner, q.inner_start, q.inner_end, 0.75, "a home (…之家)")
        return True
    parts = [p for p in re.split(r"[、，,]|—+", clean_inner) if p]  # (“侨爱工程——万侨助万村”: a name and its motto)
    if len(parts) < 2 or not all(2 <= len(p) <= 12 and CJK_RE.match(p[0]) for p in parts):
        return False
    # a slogan that names the activity or campaign right after it (“结对共建谋发展,致力为公献爱心”活动,
    # “送关爱、进乡村”主题活动, “中央有号召、统战有行动，…”活动): the whole quote is its name, unless it lists
    # programs the lexicon knows, or only names of the 万企兴万村 family (“百企联百村、百侨联百户”活动: each one)
    if _NAMED_ACTIVITY_AFTER.match(doc.text, q.end) and not any(p in lex.programs for p in parts) \
            and not all(_HUNDRED_PAIRS_RE.fullmatch(p) for p in parts):
        add(clean_inner, q.inner_start, q.inner_end, 0.7, "a slogan naming the activity after it")
        return True
    known = [p for p in parts if p in lex.programs or p.endswith(lex.program_inner_heads)]
    if known:
        for p in parts:
            i = inner.find(p)
            if i >= 0:
                add(p, q.inner_start + i, q.inner_start + i + len(p), 0.7, "one of a list in quotes")
        return True
    # a slogan: three or more phrases, or a couplet of two long ones (“凝心铸魂强根基、团结奋进新征程”)
    return len(parts) >= 3 or all(len(p) >= 6 for p in parts)


def _dedupe(found: list[Found]) -> list[Found]:
    seen: set[tuple[str, int, int]] = set()
    out = []
    for f in sorted(found, key=lambda f: (f.start, -(f.end - f.start))):
        k = (f.key, f.start, f.end)
        if k not in seen:
            seen.add(k)
            out.append(f)
    return out


# ------------------------------------------------------------------------------------ organisations


def _party_regex(lex: Lexicon) -> re.Pattern[str]:
    return _party_regex_of(alternation(lex.parties))


@cache
def _party_regex_of(names: str) -> re.Pattern[str]:
    return re.compile(rf"({names})(中央|[省市]直工委|(?:[{''.join(_LEVEL_CHARS)}])?(?:基层委员会|委员会|委会|总支部|总支|支部|委))?")


# the working departments of a democratic party's committee (民盟山东省委社会服务部, 民进重庆市委会医卫专委会)
# (民盟中央生态环境委员会, 民建北京市委妇女委员会, 民革山东省委三农委: its special committees)
_PARTY_DEPT_RE = re.compile(r"(?:社会服务部|参政议政部|组织部|宣传部|[\u4e00-\u9fff]{2}专(?:门)?委(?:员)?会|"
                            r"[\u4e00-\u9fff]{2}工作委员会|(?!召开|举行|成立|组织|参加|召集|全体|扩大)[\u4e00-\u9fff]{2,4}?委员会|"
                            r"(?:三农|社法|经济|文化|教育|医卫|科技|妇女|青年|法制|法治)委(?!员))")


# the posts of a democratic party's committee, written right after the committee's place (民革某区副主委)
_COMMITTEE_POST_RE = re.compile(r"(?:专职|常务|驻会)?副?(?:主委|主任委员)")

# 致公党湖北省经济委员会: a working committee of the party's committee, written after the place alone
_PARTY_WORKING_COMMITTEE_RE = re.compile(r"[\u4e00-\u9fff]{2}(?:工作)?委员会")


_PROVINCE_SHORT = ("内蒙古", "黑龙江", "北京", "天津", "河北", "山西", "辽宁", "吉林", "上海", "江苏", "浙江", "安徽",
                   "福建", "江西", "山东", "河南", "湖北", "湖南", "广东", "广西", "海南", "重庆", "四川", "贵州",
                   "云南", "西藏", "陕西", "甘肃", "青海", "宁夏", "新疆")
# 民进内蒙古区委会: a province's short name (not always found as a place) and its committee
_PROVINCE_UNIT_RE = re.compile(rf"(?:{'|'.join(_PROVINCE_SHORT)})[省市区]?(?:委员会|委会|委)")


# a department written with a bare level word, closing a list item (市民族宗教局、): see the level bodies
_LEVEL_DEPT_BEFORE = re.compile(r"([省市县区])[\u4e00-\u9fff]{1,10}?(?:局|委|办|部|厅)、$")


def _qualify(prefix_end: int, doc: Doc, places: PlaceContext, body: str) -> tuple[str, str | None, int, str] | None:
    """The qualified name of a body that starts at ``prefix_end``: a place mention ending there, or a
    bare level character. Returns (name, place code, start of the mention, review note)."""
    hit = places.hit_ending_at(prefix_end)
    if hit is not None:
        s, _e, code, level, pname = hit
        start = s
        if doc.text[max(0, s - 2):s] == "中共":
            start = s - 2
        if doc.text[s:_e] in merged_away():
            pname = doc.text[s:_e]  # 江干区工商联: a body of a district merged since is not today's district's
        return pname + body, code, start, ""
    if prefix_end >= 1 and doc.text[prefix_end - 1] in _LEVEL_CHARS:
        lc = doc.text[prefix_end - 1]
        s = prefix_end - 1
        anaphor = s > 0 and doc.text[s - 1] in "该本"  # 该市青企协会: the city just named
        if s > 0 and CJK_RE.match(doc.text[s - 1]) and not starts_word(doc, s) and not anaphor:
            return None  # 全市委…, 城市…: the level character belongs to another word
        if s > 0 and doc.text[s - 1] in "全各城都两级":
            return None
        if s > 0 and doc.text[s - 1] in _LEVEL_CHARS and (s < 2 or not CJK_RE.match(doc.text[s - 2])
                                                         or doc.text[s - 2] in "全各"):
            return None  # 各市州工商联, 县区政协: two levels, no one body
        own = places.hit_ending_at(s)
        if own is not None and own[3] == _LEVEL_CHARS[lc] and not doc.text[own[0]:own[1]].endswith(lc):
            # 长哨营乡政府: the place is written without its level word, which opens the body
            return own[4] + body, own[2], own[0], ""
        if (own is None and not anaphor and places.backend is not None and (tok := doc.token_ending_at(s)) is not None
                and len(tok.word) >= 2 and tok.word[-1] not in _LEVEL_CHARS
                and places.backend.index.automaton.exists(tok.word + lc)):
            # 崔庙镇政府: the level word closes a place name of the division list the report's places do not
            # hold — that place's body, uncoded, not the body of the nearest 镇 named before
            return tok.word + lc + body, None, tok.start, f"{tok.word}{lc} is not among the report's places"
        ref = _last_named(places, s, lc) if anaphor else (
            places.nearest_before(s, lc) or places.named_later_with(s, lc, body) or places.county_above(s, lc)
            or places.only_one_named(lc))
        if ref is None:
            return (None if anaphor else (lc + body, None, s, f"which {lc} is meant is not stated"))
        code, pname = ref
        start = s
        for k in range(min(len(pname) - 1, s, 6), 1, -1):
            if pname.startswith(doc.text[s - k:s]):
                start = s - k  # 长哨营 + 乡政府: the place's short name before its level word
                break
        return _level_joined(pname, lc, body), code, start, ""
    return None


def _last_named(places: PlaceContext, pos: int, lc: str) -> tuple[str, str] | None:
    """(code, name) of 该市/本县: the last place before ``pos`` whose name ends in the level word."""
    for s, _e, code, _lvl, name in reversed(places.items):
        if s < pos and name.endswith(lc):
            return code, name
    return None


def _level_joined(pname: str, lc: str, body: str) -> str:
    """道县 + 县委统战部 → 道县县委统战部 (a one-character name keeps its 县委; a banner its 旗委, as Inner
    Mongolia writes 巴林左旗旗委统战部), 焦作市 + 市委 → 焦作市委."""
    if (len(pname) == 2 or lc == "旗") and pname.endswith(lc) and body.startswith("委"):
        return pname + lc + body
    return pname + body


def _extend_left(doc: Doc, pos: int, lex: Lexicon, places: PlaceContext, max_len: int = 22) -> int:
    """Start of a name ending in a suffix that begins at ``pos``, walking back over jieba tokens."""
    tags = word_tags()
    start = pos
    tok = doc.token_containing(pos)
    if tok is not None and tok.start < pos:  # the suffix starts inside a token (商协会): take it whole
        start = tok.start
    while True:
        hit = places.hit_ending_at(start)
        if hit is not None:
            opening = places.hit_at(start, start + 1)
            if opening is not None and opening[0] == start and hit[3] in ("township", "village", "community") \
                    and opening[3] in ("province", "city"):
                # 水磨滩村/四川芝皇农业开发有限公司: a village before a province is where the firm is, not its name
                # (深圳市/湖北枣阳商会 goes up the levels too: the chamber of a hometown's people in a city)
                break
            start = hit[0]
            continue
        tok = doc.token_ending_at(start)
        if tok is None:
            break
        inside = places.hit_at(tok.start, tok.start + 1)
        if inside is not None and inside[0] < tok.start < inside[1] and pos - inside[0] <= max_len:
            start = inside[0]  # 安定/区内/官镇…: a token that begins inside a place; the place opens the name
            continue
        w = tok.word
        if len(w) == 1 and w in lex.name_stop_tokens and (opened := _trade_name_after_place(doc, start, pos, places, tags)) is not None:
            start = opened  # 繁昌区/天/和/机械有限公司: a stop word inside a registered firm's trade name
            continue
        if w == "企业" and tok.end == start and doc.text.startswith(("管理", "服务"), start):
            start = tok.start  # 上海财之智/企业/管理咨询有限公司: 企业管理 is the firm's trade, not a word for firms
            continue
        if w == "企业" and tok.end == start == pos and doc.text.startswith(("商会", "协会", "联合会", "联谊会"), pos):
            start = tok.start  # 珠海市台商投资/企业/协会, 北京永定/企业/商会: the firms the body gathers name it
            continue
        if any(ch in _PUNCT for ch in w) or w in lex.name_stop_tokens or w.isdigit():
            break
        if w in lex.titles and tok.end == start:
            # 副局长/李展健/和县/人民/医院: a post, then its holder and a conjunction, before the name
            holder = doc.token_containing(start)
            if holder is not None and holder.start == start and tags.get(holder.word, "nr").startswith("nr") \
                    and (mc := re.match(r"[\u4e00-\u9fff]{2,3}?[和与及]", doc.text[start:pos])):
                start += mc.end()
            break
        if len(w) > 1 and w[0] in lex.name_stop_tokens and w not in tags:
            start = tok.start + 1  # 或商/协会: an unknown word glued to a conjunction
            break
        if len(w) > 1 and w[-1] in "为在向对把被给从将以" and w not in tags:
            break  # 省委/会为/小山村小学: an unknown word ending in a preposition closes the clause before the name
        tag = tags.get(w, "")
        if w in ("村", "镇", "乡") and tok.start > 0 and CJK_RE.match(doc.text[tok.start - 1]) and pos - tok.start <= max_len:
            start = tok.start  # 萨克/村/小学: a village's level word cut off its name
            continue
        if re.fullmatch(r"第[一二三四五六七八九十百\d]+", w) and doc.text[tok.end:pos] in ("", "附属"):
            start = tok.start  # 安龙县第八中学, 某医学院第一附属医院: an ordinal right before the suffix
            continue
        if w == "家" and tok.start > 0 and CJK_RE.match(doc.text[tok.start - 1]) \
                and doc.text[tok.start - 1] not in "一二三四五六七八九十两几百千万多余" and pos - tok.start <= max_len:
            start = tok.start  # 民间文艺/家/协会: the -ist of a profession, not a counter of firms
            continue
        if tag == "vn" and tok.end == pos and places.hit_ending_at(tok.start) is not None:
            start = tok.start  # 乐山市/服装/协会(会长): a place, then the trade a body is of, then its suffix
            continue
        if tag.startswith(_BREAK_TAGS) and w not in lex.name_verbs:
            # a one-character word opening the clause belongs to the name (兴/泸/投资/集团)
            if not (len(w) == 1 and tag.startswith("v") and doc.text[:tok.start].rstrip(" \t\u3000")[-1:] in ("", "\n", "。")):
                opened = _trade_name_after_place(doc, start, pos, places, tags)
                if opened is None:
                    break
                start = opened  # 上海/一片/天/餐饮管理股份有限公司: a registered firm's trade name after its place
                continue
        if pos - tok.start > max_len:
            break
        start = tok.start
    return start


# the legal forms that close a registered firm's name
LEGAL_FORMS = r"(?:股份有限公司|有限责任公司|有限公司|股份公司)"
_LEGAL_FORM_AT = re.compile(rf"(?:集团)?{LEGAL_FORMS}")
_LEGAL_FORM_END = re.compile(rf"(?:集团)?{LEGAL_FORMS}$")
_HAN_WORD = re.compile(r"[\u4e00-\u9fff]+")


def _verb_tag(tag: str, heads: tuple[str, ...]) -> bool:
    """``tag`` starts with one of ``heads``, a verbal noun (vn: 胜利, 投资) aside: it names a trade name's words."""
    return tag != "vn" and tag.startswith(heads)


def _trade_name_after_place(doc: Doc, start: int, pos: int, places: PlaceContext, tags: dict[str, str]) -> int | None:
    """A registered firm's name is its place, its trade name, its trade and its legal form (上海一片天餐饮管理
    股份有限公司): before a legal form (or a bare 公司, 集团), up to four characters of any words but verbs, prepositions,
    conjunctions, particles and pronouns between a place and the name read so far belong to the name.
    The place's start, or None."""
    bare = not _LEGAL_FORM_AT.match(doc.text, pos)
    if bare and not doc.text.startswith(("公司", "集团"), pos):
        return None  # (繁昌县天和机械公司: a firm written without its legal form keeps its trade name too)
    if (own := places.hit_at(start, start + 1)) is not None and own[0] == start:
        return None  # 千年村党支部和/重庆涪柴…有限公司: the name already opens with its place
    for e0 in range(start - 1, max(0, start - 4) - 1, -1):
        hit = places.hit_ending_at(e0)
        if hit is None:
            continue
        gap = doc.text[e0:start]
        if not all(CJK_RE.match(c) for c in gap) or "的" in gap or re.search(r"[一二三四五六七八九十两几多数]+[家个所位名]", gap):
            return None
        words = [t for t in doc.tokens if t.start < start and t.end > e0]  # (繁昌/区天/和: jieba across the place's end)
        # (a function word may sit inside the trade name, 天/和, 物华/工/舍, 天/正中/广, but not open it: 某区和某公司
        # is two)
        if not words or any(t.end > start for t in words) or _verb_tag(tags.get(words[0].word, ""), ("v", "p", "c", "u", "r", "d")) \
                or any(_verb_tag(tags.get(t.word, ""), ("v", "u", "r")) or (len(t.word) >= 2 and tags.get(t.word, "").startswith(("p", "c")))
                       for t in words):
            return None
        if bare and any(tags.get(t.word, "").startswith(("f", "t", "s")) for t in words):
            return None  # 茂名市东部公司: without a legal form, a part or a time of the place is no trade name
        return hit[0]
    return None


# jieba tags of a word that can name what a body is about (产业, 服装 vn, 进出口 vn, 食品 n)
_NOUNISH = re.compile(r"n|vn$")
# digits (and a counter) closing the phrase after a suffix: the suffix's type is what is counted
_COUNTED_AFTER = re.compile(r"”?\d+(?:\.\d+)?[多余]?[个家所座处名支]?(?![\u4e00-\u9fff\d])")
_BREAK_TAGS = ("v", "p", "c", "u", "r", "d", "m", "q", "f", "t", "i", "z", "y", "e", "o")
_HARD_TAGS = ("v", "p", "c", "u", "r", "d", "m", "q")
# one-character prepositions and adverbs that never open a registered name after its place
_FUNCTION_CHARS = frozenset("给让比按以经往朝沿凭据是有也都就还又才再将被把对向在从为与和同跟于及已曾均共")


def _opens_here(doc: Doc, pos: int, lex: Lexicon) -> bool:
    """Nothing of a name stands before ``pos``: the text's or a clause's start, punctuation, or a word that
    ends a leftward extension (a verb, a preposition, a stop word)."""
    if pos == 0 or doc.text[pos - 1] in _PUNCT:
        return True
    tok = doc.token_ending_at(pos)
    if tok is None:
        return False
    return tok.word in lex.name_stop_tokens or word_tags().get(tok.word, "").startswith(_HARD_TAGS)


# words a registered name may hold in brackets besides a place
_BRACKETED_FORMS = frozenset({"集团", "控股", "中国", "国际", "控股集团", "股份"})


def _registered_opening(doc: Doc, start: int, suffix_start: int, lex: Lexicon, places: PlaceContext) -> int:
    """Where a registered name really opens when jieba cut its first characters off (湖南/暄/美口腔…有限公司,
    内蒙古/中/高化工有限公司, 引进/西部/阳光…基金会, 贺兰神(宁夏)国际…有限公司): a place (or 集团, 中国 …) in brackets inside the
    name; a place standing one or two characters before the cut, itself opening the clause; a two-character
    direction word (西部, 东方) right after a verb or punctuation."""
    text = doc.text
    tags = word_tags()
    for _ in range(3):
        # (the trade, 包装 in 昇兴(宁夏)包装有限公司, may stand between the brackets and the cut)
        mb = re.search(r"[（(]([\u4e00-\u9fff]{2,4})[)）][\u4e00-\u9fff]{0,6}$", text[max(0, start - 13):start])
        if mb is not None:
            ps = start - len(mb.group(0))
            inner_s = ps + 1
            if places.hit_at(inner_s, inner_s + len(mb.group(1))) is not None or tags.get(mb.group(1), "") == "ns" \
                    or mb.group(1) in _BRACKETED_FORMS:  # 上海城投水务(集团)有限公司, 某某(中国)有限公司
                new = _extend_left(doc, ps, lex, places)
                if new == ps:  # 宫御庭膳(唐山)食品…: a trade name of rare characters, opening its clause
                    new = next((ps - k for k in (4, 3, 2) if ps - k >= 0
                                and all(CJK_RE.match(c) for c in text[ps - k:ps]) and _opens_here(doc, ps - k, lex)
                                and not any(c in _FUNCTION_CHARS for c in text[ps - k:ps])), ps)
                if new < ps:
                    start = new
                    continue
            return start
        moved = False
        for gap in (1, 2, 3, 4):
            g0 = start - gap
            if g0 <= 0 or not all(CJK_RE.match(c) for c in text[g0:start]):
                break
            gap_toks = []
            t0 = doc.token_at(g0)
            while t0 is not None and t0.end <= start:
                gap_toks.append(t0)
                t0 = doc.token_at(t0.end) if t0.end < start else None
            if not gap_toks or gap_toks[-1].end != start or (gap > 2 and (
                    len(gap_toks) != 1 or tags.get(gap_toks[0].word, "")[:1] not in ("i", "n", "j"))):
                continue  # not a word boundary; a longer gap only as one noun or set phrase (高州市/扶贫开发/协会)
            if any((tags.get(t.word, "").startswith("t") or tags.get(t.word, "") == "f") and len(t.word) > 1
                   for t in gap_toks):
                break  # 高州市/近年来/…, 茂名市/东部/…: a time or a part of the place, not a name
            if gap == 1 and len(gap_toks[0].word) == 1 and tags.get(gap_toks[0].word, "")[:1] == "v" \
                    and gap_toks[0].word not in _FUNCTION_CHARS and gap_toks[0].word not in lex.name_stop_tokens:
                continue  # 鑫/达/实业有限公司: a verb closing a two-character name — try it with the character before
            if any(
                    t.word in lex.name_stop_tokens or (tags.get(t.word, "").startswith(_HARD_TAGS) and not (
                        len(t.word) == 1 and t.word not in _FUNCTION_CHARS and (tags.get(t.word, "")[:1] in ("p", "d") or (
                            tags.get(t.word, "")[:1] == "v" and gap == 2 and len(gap_toks) == 2 and t is gap_toks[1]))))
                    for t in gap_toks):
                break  # (高州市/顺/景物流有限公司: a name character read as a preposition)
            hit = places.hit_ending_at(g0)
            ptok = doc.token_ending_at(g0)
            if hit is not None:
                p0 = hit[0]
            elif ptok is not None and len(ptok.word) >= 2 and tags.get(ptok.word, "") == "ns":
                p0 = ptok.start
            else:
                continue
            if _opens_here(doc, p0, lex):
                start, moved = p0, True
                break
        if moved:
            continue
        tok = doc.token_ending_at(start)
        if tok is not None and len(tok.word) == 2 and tags.get(tok.word, "") == "f" and _opens_here(doc, tok.start, lex) \
                and suffix_start - tok.start <= 14:
            start = tok.start
        return start
    return start


def _list_item_opening(doc: Doc, start: int, end: int, lex: Lexicon, places: PlaceContext, max_gap: int = 10) -> int:
    """Where a registered name opens when it is an item of a list of bodies and the leftward walk stopped on
    a word of the name jieba reads as a verb or a number (…、倍/肯/医疗集团、…, 开明/慈善基金会和…,
    大湾区澳门建造/建材发展商会、…): the item's own start, after 、 or the clause's opening, if the list goes
    on after it (or it follows a 、) and what lies between is plain words of at most ``max_gap`` characters."""
    text = doc.text
    a = start
    while a > 0 and start - a <= max_gap and text[a - 1] not in _PUNCT:
        a -= 1
    if a == start or start - a > max_gap or (a > 0 and text[a - 1] not in "、，,。；;：:\n"):
        return start  # (…(宁夏)包装有限公司: the walk stopped at a bracket, no list item opens there)
    after_sep = a > 0 and text[a - 1] == "、"
    list_goes_on = text[end:end + 1] in ("、", "和", "及", "与") or text.startswith("以及", end)
    if not (after_sep or list_goes_on) or not all(CJK_RE.match(c) for c in text[a:start]):
        return start
    if (own := places.hit_at(start, start + 1)) is not None and own[0] == start:
        return start  # 部长郑志清希望/珠海市郁南商会: the name already opens with its place
    ph = places.hit_at(a, a + 1)
    moved = False
    if ph is None or ph[0] != a:
        ph = next((h for h in places.items if a < h[0] < start and doc.token_at(h[0]) is not None), None)
        if ph is not None:
            a, moved = ph[0], True  # 倡议发出后/宝鸡传化速特…有限公司: the item opens with its place, not the clause's words
    # (陕西十三行进出口贸易有限公司: after its place a number is the name's unless a counter follows it)
    not_one_item = _NOT_ONE_ITEM_AFTER_PLACE if ph is not None and ph[0] == a else _NOT_ONE_ITEM
    if doc.token_at(a) is None or not_one_item.search(text, a, start):
        return start
    if ph is not None and ph[0] == a:
        # 、安徽/同/发/设备股份有限公司、: an item of a list opening with its place (同 is the name's here)
        return a if (after_sep or moved) and not re.search(r"[和及了的在对向为把被将从]", text[a:start]) else start
    if not _plain_words(doc, a, start, lex):
        return start
    tags = word_tags()
    tok = doc.token_at(a)
    while tok is not None and tok.start < start:
        if tags.get(tok.word, "")[:1] in ("t", "p", "c", "u", "r") or tok.word in _FUNCTION_CHARS:
            return start  # 近日/…, 在/…, 由/…: the clause's words, not the name's
        tok = doc.token_at(tok.end)
    return a


# words before a name that make the stretch more than one list item (分别, 以及, a count, 各, 该 …)
_NOT_ONE_ITEM = re.compile(r"分别|以及|与|\d|[一二三四五六七八九十两几]|[各全该本每等]")
_NOT_ONE_ITEM_AFTER_PLACE = re.compile(r"分别|以及|与|\d|[一二三四五六七八九十两几]+[家个名所座批位户镇乡村县区市]|[各全该本每等]")


def _plain_words(doc: Doc, a: int, b: int, lex: Lexicon) -> bool:
    """[a, b) is whole jieba tokens, none of them a word that ends a name (的, 和, 在 …)."""
    while a < b:
        tok = doc.token_at(a)
        if tok is None or tok.end > b or tok.word in lex.name_stop_tokens:
            return False
        a = tok.end
    return True


_SELF_NAMING = {"农行", "工行", "建行", "中行", "交行", "农商行", "信用社", "人民医院", "中医院", "党校"}


def _org_kind_of_suffix(name: str, lex: Lexicon) -> tuple[str, str] | None:
    for suffix, kind in lex.org_suffixes:
        if name.endswith(suffix):
            return suffix, kind
    return None


def find_orgs(doc: Doc, lex: Lexicon, places: PlaceContext, programs: list[Found]) -> list[Found]:
    text = doc.text
    out: list[Found] = []
    prog_spans = [(f.extra.get("body_end", f.start), f.end) for f in programs]

    def in_program(s: int, e: int) -> bool:
        return any(a <= s and e <= b for a, b in prog_spans)

    # 1. Level bodies: 娄底市委统战部, 市委, 区新联会, 市工商联, 县委党校.
    for body, kind in lex.level_bodies:
        for s, e in spans_of(text, body):
            if in_program(s, e):
                continue
            if body == "商会" and (s == 0 or text[s - 1] not in _LEVEL_CHARS or places.hit_ending_at(s) is not None):
                continue  # 区商会: the level's own chamber; a named one (株洲商会, 总商会) is read by its suffix
            if body == "委" or body == "委常委会":
                nxt = text[e:e + 4]
                if body == "委" and any(nxt.startswith(w) for w in lex.committee_not_before):
                    continue
                if text[max(0, s - 3):s].endswith(("党派市", "党派县", "党派区", "党派省")):
                    continue
            if body == "统战部" and text[max(0, s - 2):s] == "中央":
                out.append(Found(kind, "中央统战部", s - 2, e, confidence=0.9, aliases=[text[s - 2:e]]))
                continue
            if body == "统战部" and places.hit_ending_at(s) is None:
                continue  # 统战部 alone: only after a place name (中共河西区统战部)
            q = _qualify(s, doc, places, body)
            if q is None and kind in ("Federation", "Association") and (s == 0 or text[s - 1] in "、,，和及与\n"):
                # 民主党派市委、工商联、侨联等: the report's own body, level not stated — unless the list
                # opens with a level word (市各民主党派、工商联、知联会和新联会: the city's)
                a = s
                while a > 0 and doc.text[a - 1] not in "，,。;；:：\n":
                    a -= 1
                lead = doc.text[a:s].lstrip()
                lead_ref = places.nearest_before(s, lead[0]) if lead[:1] in _LEVEL_CHARS else None
                if lead.startswith("自治区"):  # 自治区政协副主席、工商联主席: the region's
                    lead_ref = _region_of(places, s)
                # 带领市民族宗教局、工商联…: the level word of the department listed right before stands for both
                if lead_ref is None and (mp := _LEVEL_DEPT_BEFORE.search(doc.text, a, s)) is not None:
                    lead_ref = places.nearest_before(mp.start(), mp.group(1))
                own = lead_ref[0] if lead_ref else (places.main.get("county") or places.main.get("city"))
                info = places.backend.get(own) if own and places.backend else None
                if info is not None:
                    q = (info.name + body, own, s, "")
            if q is None:
                continue
            name, code, start, note = q
            if body in ("政府", "人民政府") and re.search(r"[省市县区州旗盟]委[、和及与]?$", text[max(0, start - 3):start]):
                continue  # 市委、市政府: the city's leadership as a pair; the committee stands for it (not 副主委、市政府副市长)
            canonical = name
            if body == "委常委会":
                canonical = name[: -len("常委会")]
            if not ends_word(doc, e) and CJK_RE.match(text[e:e + 1] or " ") and body in ("委", "政府"):
                tok = doc.token_containing(e)
                if tok is not None and tok.start < e:
                    continue  # 市委员会? 市政府办 …: leave to other rules
            out.append(Found(kind, _normalise_body(canonical), start, e, confidence=0.9 if code else 0.6,
                             place_code=code, review=note or None, aliases=[text[start:e]]))

    # 1a. 中共黄陂区木兰乡委员会, 中共合肥市委员会统战部: a committee's full name after 中共 and its places
    for m in re.finditer(r"中共", text):
        last, end = places.chain_after(m.end())
        mc = re.match(r"委员会(统战部|统一战线工作部)?", text[end:end + 9]) if last is not None else None
        if last is None or mc is None or in_program(m.start(), end + mc.end()):
            continue
        unit = _level_joined(last[4], last[4][-1], "委") if last[4][-1] in _LEVEL_CHARS else last[4] + "委"
        written = text[m.start():end + mc.end()]
        if mc.group(1):  # the department is named as departments are (合肥市委统战部)
            out.append(Found("UnitedFrontDept", unit + "统战部", m.start(), end + mc.end(), confidence=0.9,
                             place_code=last[2], aliases=[written]))
        else:  # the committee as the report writes it, its places' chain kept (黄陂区木兰乡委员会)
            out.append(Found("PartyCommittee", text[m.end():end + mc.end()], m.start(), end + mc.end(),
                             confidence=0.9, place_code=last[2], aliases=[written, unit]))

    # 1b. National bodies, named after the country: 全国工商联, 全国政协, 国务院扶贫办.
    national = {body: kind for body, kind in lex.level_bodies if kind in ("Federation", "Association")}
    national.update({"政协": "GovernmentBody", "人大常委会": "GovernmentBody"})
    # (国侨办, 国台办: the State Council's offices by their own short names; 中国侨联, 中国科协, 中国光彩会: the national body;
    # 国家民委, 国家乡村振兴局: the State Council's commissions and bureaus)
    for m in re.finditer(r"(?:中华)?全国(" + "|".join(sorted(national, key=len, reverse=True)) + r")|国务院(扶贫办|侨办|台办)"
                         r"|国(侨办|台办)|中国(侨联|科协|文联|残联|光彩事业促进会|光彩会|工程院|科学院|社会科学院)"
                         r"|国家(民委|宗教局|乡村振兴局|发改委|卫健委)", text):
        body = m.group(1) or m.group(2) or m.group(3) or m.group(4) or m.group(5)
        if not in_program(m.start(), m.end()):
            out.append(Found(national.get(body, "GovernmentBody"), m.group(0), m.start(), m.end(), confidence=0.9,
                             aliases=[m.group(0)]))

    # 1c. The Youth League: 共青团高州市委, 团市委 (the city's).
    for m in re.finditer(r"共青团|团(?=[省市县区]委)", text):
        s0, e0 = m.start(), m.end()
        if m.group(0) == "团" and s0 > 0 and CJK_RE.match(text[s0 - 1]) and text[s0 - 1] not in "、和及与":
            continue
        ph = places.hit_at(e0, e0 + 1)
        if ph is not None and ph[0] == e0 and text[ph[1]:ph[1] + 1] == "委":
            # 共青团大良街道委员会: written out, and a street's or township's committee keeps its whole name
            end = ph[1] + (3 if text.startswith("委员会", ph[1]) else 1)
            word = "委" if end == ph[1] + 1 or ph[3] in ("province", "city", "county") else "委员会"
            out.append(Found("Association", "共青团" + ph[4] + word, s0, end, confidence=0.8, place_code=ph[2],
                             aliases=[text[s0:end]]))
        elif re.match(r"[省市县区]委", text[e0:e0 + 2]):
            ref = places.nearest_before(e0, text[e0])
            if ref is not None:
                committee = _level_joined(ref[1], text[e0], "委")
                # (团市委 also as the short form expanded with its place: 团淮南市委)
                league_forms = [text[s0:e0 + 2]] + (["团" + committee] if m.group(0) == "团" else [])
                out.append(Found("Association", "共青团" + committee, s0, e0 + 2, confidence=0.75, place_code=ref[0],
                                 aliases=league_forms))

    # 1c'. 云岗街道办事处, 西村街办事处: a street's office, the government body of a 街道 (its level word may be
    # short, 街, or left out, 大兴办事处).
    # (the place finder reads the office's name as the street's: 云岗街道办事处 is a mention of 云岗街道)
    for ps, pe, code, level, pname in places.items:
        end = pe + 3 if text.startswith("办事处", pe) else pe
        if level == "township" and text.endswith("办事处", ps, end) and pname.endswith(("街道", "街")) \
                and not in_program(ps, end):
            out.append(Found("GovernmentBody", pname + "办事处", ps, end, confidence=0.85, place_code=code,
                             aliases=[text[ps:end]]))

    # 1d. 西太平村党总支: a village body whose village is not in the gazetteer.
    for m in re.finditer(r"([\u4e00-\u9fff]{2,4}村)(党总支|党支部|村委会|村民委员会)", text):
        vs, ve = m.start(1), m.end(1)
        lead_tok = doc.token_at(vs)
        opened = False
        if lead_tok is not None and len(lead_tok.word) == 1 and ve - vs >= 4 and word_tags().get(lead_tok.word, "")[:1] in ("p", "c", "d", "v"):
            vs, opened = vs + 1, True  # 以/联合村党支部开展…: a preposition before the name
        if places.hit_at(vs, ve) is not None or any(places.hit_at(i, i + 1) for i in range(vs, ve)):
            continue
        if not (opened or vs == 0 or text[vs - 1] in "、，,。；;：:（(\n “”" or places.hit_ending_at(vs) is not None):
            continue
        if re.match(r"[全各该本每行此]", m.group(1)) or not starts_word(doc, vs) or re.search(r"[与和及的在对向]", m.group(1)):
            continue
        out.append(Found("PartyCommittee" if m.group(2).startswith("党") else "GovernmentBody", text[vs:m.end()], vs,
                         m.end(), confidence=0.6, review="the village is not in the gazetteer"))

    # 2. Democratic parties: 民建市委, 民盟丹阳委员会, 民建市委天宁一支部, 九三学社天津科技大学委员会.
    unit_re = re.compile(r"(?:[省市县区]直?|直)?(?:基层委员会|基层委|工作委员会|委员会|委会|工委|总支部委员会|支部委员会|总支部|总支|支部|支社|委)")
    # (民建金华市直八(磐安)支部: the branch's own place in brackets; 民盟浙江省直一基委: a 基层委员会)
    branch_re = re.compile(r"[\u4e00-\u9fff]{0,4}?[一二三四五六七八九十\d]*(?:[（(][\u4e00-\u9fff]{2,4}[)）])?"
                           r"(?:总支部|总支|支部|支社|基委)")
    inst_re = re.compile(r"([\u4e00-\u9fff]{2,10}?)(基层委员会|委员会|总支部|总支|支部|支社)")
    for m in _party_regex(lex).finditer(text):
        s, e = m.start(), m.end()
        if in_program(s, e):
            continue
        if not starts_word(doc, s):
            continue  # 村民进行: 民进 across two words
        party = lex.parties[m.group(1)]
        unit = m.group(2) or ""
        if not unit and re.match(r"(?:党员|盟员|会员|社员|成员|员)", text[m.end(1):m.end(1) + 2]):
            continue  # 民革党员: a membership, not a body
        home = places.hit_ending_at(s) if not unit else None
        if home is not None and home[3] in ("province", "city", "county") and _opens_here(doc, home[0], lex) \
                and not places.hit_at(m.end(1), m.end(1) + 1):
            # 章丘区民盟主委, 辽宁民盟: the party's organisation in a place (its committee there), written place first
            out.append(Found("DemocraticParty", home[4] + party, home[0], m.end(1), confidence=0.7, place_code=home[2],
                             extra={"unit": home[4], "place_first": True}, aliases=[text[home[0]:m.end(1)]]))
            continue
        code = None
        hit = places.hit_at(m.end(1), m.end(1) + 1)
        chain_start = hit[0] if hit is not None else m.end(1)
        # 民盟南京市建邺区基层委员会: the committee is the last place's (the written chain stays an alias)
        while hit is not None and (child := places.hit_at(hit[1], hit[1] + 1)) is not None and child[0] == hit[1] \
                and child[2].startswith(hit[2]) and len(child[2]) > len(hit[2]):
            hit = child
        if not unit and hit is None and re.match(r"[ \t\u3000]*\n[ \t\u3000]*", text[m.end(1):m.end(1) + 4]):
            # 九三学社\n焦作市委: a line break inside the name (a scrambled page)
            gap = re.match(r"[ \t\u3000]*\n[ \t\u3000]*", text[m.end(1):]).end()  # type: ignore[union-attr]
            h2 = places.hit_at(m.end(1) + gap, m.end(1) + gap + 1)
            if h2 is not None and h2[0] == m.end(1) + gap and unit_re.match(text, h2[1]):
                hit = h2
        if not unit and hit is not None and chain_start >= m.end(1) and not text[m.end(1):chain_start].strip():
            mu = unit_re.match(text, hit[1])  # 民盟丹阳委员会, 民建江苏省委
            mb0 = None if mu else branch_re.match(text, hit[1])  # 民革六安市直二支部: a branch right after the place
            # 民盟上海市公共卫生临床中心支部, 民建恩施经济开发区支部: the branch of a body in the place
            mi0 = None if mu or mb0 else _INSTITUTION_BRANCH_RE.match(text, hit[1])
            # 致公党湖北省经济委员会: a working committee of the party's committee in the place (委 left out)
            md0 = _PARTY_WORKING_COMMITTEE_RE.match(text, hit[1]) if not (mu or mb0) else None
            # 民革北京市朝阳区副主委冯某: a committee's post after the place, the committee (委) left out
            mt0 = _COMMITTEE_POST_RE.match(text, hit[1]) if not (mu or mb0 or md0) else None
            if mt0 and hit[3] in ("province", "city", "county") and hit[4][-1:] in _LEVEL_CHARS:
                code, e = hit[2], hit[1]
                unit = hit[4] + "委"
            elif md0 and ends_word(doc, md0.end()) and not re.search(r"[的和与及在、]", md0.group(0)):
                code, e = hit[2], md0.end()
                unit = text[hit[0]:e]
            elif mu:
                code, e = hit[2], mu.end()
                unit = text[hit[0]:e]
            elif mb0 and mb0.group(0) and ends_word(doc, mb0.end()) and not re.search(r"[的和与及在、]", mb0.group(0)):
                code, e = hit[2], mb0.end()
                unit = text[hit[0]:e]
            elif mi0 and not re.search(r"[的和与及在、会员成]", mi0.group(1).replace("新的社会阶层", "")) \
                    and ends_word(doc, mi0.end()):  # (民盟怀化市新的社会阶层支部: the 的 of the stratum's name)
                code, e = hit[2], mi0.end()
                unit = text[hit[0]:e]
        elif unit and unit[0] in _LEVEL_CHARS:
            # 民盟区委 after 民盟闵行区委: the party's committee of that level the report named, not the
            # nearest place of the level (the district visited)
            ref = next(((f.place_code, f.extra["unit"][:-len(unit)] + unit[0]) for f in reversed(out)
                        if f.kind == "DemocraticParty" and f.start < s and f.place_code and f.name.startswith(party)
                        and len(f.extra.get("unit", "")) > len(unit) and f.extra["unit"].endswith(unit)), None) \
                or places.nearest_before(s, unit[0])
            if ref:
                code = ref[0]
                unit = ref[1] + unit[1:]
        elif not unit and (mp := _PROVINCE_UNIT_RE.match(text, m.end(1))):
            unit, e = mp.group(0), mp.end()
        elif not unit:
            mi = inst_re.match(text, m.end(1))  # 九三学社天津科技大学委员会: a party body in an institution
            if mi and not re.search(r"[的和与及在、会员成]", mi.group(1)) and ends_word(doc, mi.end()):
                unit, e = mi.group(0), mi.end()
                if re.match(r"[省市]直", unit) and (ref := places.nearest_before(s, unit[0])) is not None:
                    code, unit = ref[0], ref[1] + unit[1:]  # 民盟省直工委文化二总支 in a 河北 report: 河北's
        if unit and not _BRANCH_END_RE.search(unit):
            mb = branch_re.match(text, e)  # …市委天宁一支部 (not after a branch: …钟楼三支部缔结友好支部)
            if mb and mb.group(0) and ends_word(doc, mb.end()) and not re.search(r"[和与及同并、]|联合", mb.group(0)) \
                    and _no_verb_in(doc, e, mb.end()):  # (民盟州委还号召各支部: no branch)
                unit, e = unit + mb.group(0), mb.end()  # (…基层委员会和浦口支社: two bodies)
        kind = "DemocraticParty"
        if unit:
            # 民盟四川省委会新联会: a body of the party committee
            ma = re.match(r"(?:新联会|知联会|联谊会|青委会|妇委会)", text[e:e + 4])
            if ma and ends_word(doc, e + ma.end()):
                unit, e, kind = unit + ma.group(0), e + ma.end(), "Association"
            elif re.search(r"(?:委会?|中央)$", unit) and (md := _PARTY_DEPT_RE.match(text, e)) and ends_word(doc, md.end()):
                unit, e = unit + md.group(0), md.end()  # 民盟省委社会服务部: a department of the committee
        # 九三学社聊城市委员会 is 九三学社聊城市委
        canonical_unit = re.sub(r"([省市县区])委员会$", r"\1委", unit)
        out.append(Found(kind, party + canonical_unit, s, e, confidence=0.85 if unit else 0.6,
                         extra={"unit": canonical_unit}, place_code=code, review=None if unit else "which committee or branch is not stated",
                         aliases=[text[s:e]]))

    _party_branch_list(doc, lex, places, out)
    _numbered_branches(doc, lex, places, out)
    _jiusan_branches(doc, places, out)
    _party_own_short_forms(doc, lex, places, out)
    _bare_party_units(doc, lex, places, out)

    # 2b. 民进内蒙古区委会主委孙俊青、贵州省委会主委孙发: a list of one party's committees names the party once
    # (委会 is the parties' own short form; the party's Communist counterpart is 省委).
    party_re = _party_regex(lex)
    for it in places.items:
        ps, pe = it[0], it[1]
        mu = re.match(r"(?:[省市县区])?委会", text[pe:pe + 3])
        # (北合村委会 is a village's committee: a party has committees of provinces, cities and counties)
        if mu is None or ps == 0 or text[ps - 1] not in "、，,和及与" or it[3] not in ("province", "city", "county"):
            continue
        sent_start, _ = doc.sentence_of(ps)
        before = [pm for pm in party_re.finditer(text, sent_start, ps) if starts_word(doc, pm.start())]
        if not before or any(f.start <= ps < f.end for f in out):
            continue
        party = lex.parties[before[-1].group(1)]
        unit = text[ps:pe + mu.end()]
        out.append(Found("DemocraticParty", party + unit, ps, pe + mu.end(), confidence=0.7, place_code=it[2],
                         extra={"unit": unit, "party_from_list": True}, aliases=[unit]))

    # 3. Government departments: 市科技局, 市商务(招商)局, 市发改委, 市民族宗教事务局.
    for suffix in lex.department_suffixes:
        for s, e in spans_of(text, suffix):
            if (not ends_word(doc, e) and not _title_glued(doc, e, lex)) or in_program(s, e):
                continue  # (民宗/局局长: the segmenter glued the head's title to the suffix)
            j = s
            placed = None
            while j > 0 and s - j < 10:
                ph = places.hit_ending_at(j)
                if ph is not None and ph[3] in ("province", "city", "county") and (j < s or len(suffix) > 1):
                    placed = ph  # 高州市科技局: a place names the level
                    break
                ch = text[j - 1]
                opens_word = ch in _LEVEL_CHARS and _place_before_word(doc, places, j - 1)
                if ch in _LEVEL_CHARS and starts_word(doc, j - 1) and not opens_word:
                    break
                if (ch in lex.department_stop_chars and not opens_word) or (ch in _PUNCT and ch not in "()（）"):
                    j = -1
                    break
                j -= 1
            if placed is not None and any(
                    word_tags().get(t.word, "") in ("v", "vd", "vi") and t.word not in lex.name_verbs
                    for t in doc.tokens if j <= t.start < s):
                continue  # 滁州市构建大统战工作格局: a clause, not a department
            if placed is not None:
                inner = text[j:s]
                pstart = placed[0] - 2 if text[max(0, placed[0] - 2):placed[0]] == "中共" else placed[0]
                out.append(Found("GovernmentBody", placed[4] + inner + suffix, pstart, e, confidence=0.8,
                                 place_code=placed[2], aliases=[text[placed[0]:e]]))
                continue
            if j <= 0 or text[j - 1] not in _LEVEL_CHARS:
                continue
            inner = text[j:s]
            if len(suffix) == 1 and not inner:
                continue
            q = _qualify(j, doc, places, inner + suffix)
            if q is None:
                continue
            name, code, start, note = q
            out.append(Found("GovernmentBody", name, start, e, confidence=0.8 if code else 0.55,
                             place_code=code, review=note or None, aliases=[text[start:e]]))

    # 4. Names ending in an organisation suffix, extended leftwards.
    # A temple or church acts (pairs, gives) in reports of religious work; elsewhere it is a sight or a place.
    religious = bool(re.search(r"宗教|佛教|道教|基督教|天主教|伊斯兰教|民宗", text))
    for suffix, kind in lex.org_suffixes:
        if kind == "ReligiousVenue" and not religious:
            continue
        for s, e in spans_of(text, suffix):
            if kind == "ReligiousVenue" and (re.match(r"[镇乡村区县街社]", text[e:e + 1]) or places.hit_at(s, e) is not None):
                continue  # 仲宫镇, 寺头镇: a place named after a temple
            qa = doc.quote_around(s, e)
            if in_program(s, e) or (qa is not None and _is_name_quote(qa)):
                continue
            if _org_kind_of_suffix(text[max(0, e - 8):e], lex) != (suffix, kind):
                continue  # a longer suffix of another kind ends here (领导小组 vs 小组)
            if not ends_word(doc, e) and not _title_glued(doc, e, lex):
                continue
            if s not in doc.boundaries:
                tok = doc.token_containing(s)
                if tok is not None and tok.word in word_tags() and not (
                        tok.end == e and word_tags()[tok.word].startswith("nt") and (tok.start <= s - 2 or kind == "Enterprise")) and not (
                        text[tok.start:s] in ("集团", "实业", "控股") and suffix.startswith(text[s:tok.end])) and not (
                        tok.end <= e and len(suffix) >= 2 and s - tok.start >= 2
                        and _NOUNISH.match(word_tags().get(text[tok.start:s], ""))) and not (
                        kind == "ReligiousVenue" and tok.end == e):  # 承天寺, 崇福寺: one word, a temple's name
                    # (产业协会 is 产业 + 协会: a noun before the suffix, as 服装协会 and 进出口|商会 are; 协商会 is
                    # no 商会)
                    continue  # 协商会 is no 商会 (but 华南农业大学 is a named body)
            if suffix.endswith("厂") and text.startswith("项目", e):
                continue  # 长安村白酒厂项目: a works being built, not a firm
            if _COUNTED_AFTER.match(text, e):
                continue  # 统战工作站210个: a type being counted (not 某医院16个科室: a count of its parts)
            if re.search(r"[一二三四五六七八九十两几\d]+[镇乡村县区市家个]$", text[max(0, s - 4):s]):
                continue  # 木渎、东山、临湖三镇商会: the chambers of three towns, no one body's name
            start = _extend_left(doc, s, lex, places)
            if suffix in ("学院", "研究所", "研究院") and text[start - 1:start] == "与" and (mu := re.search(
                    r"(?P<inst>大学|中科院|科学院|农科院|社科院)(?:[\u4e00-\u9fff]{2}(?:省|市)?)?[\u4e00-\u9fff]{2,4}$",
                    text[max(0, start - 13):start - 1])) is not None:
                # 某某大学建筑与艺术设计学院, 中科院南京地理与湖泊研究所: a college or an institute named with 与
                # inside (its two fields), after its university or academy
                start = _extend_left(doc, max(0, start - 13) + mu.end("inst"), lex, places)
            if kind in ("Enterprise", "Association", "SocialOrganisation"):
                start = _list_item_opening(doc, _registered_opening(doc, start, s, lex, places), e, lex, places)
            if suffix.endswith("厂") and (_BUILT_WORKS.search(text, start, s) or _BUILT_WORKS_BEFORE.search(text[max(0, start - 4):start])):
                continue  # 在Y村建设荔枝加工厂, 新建了一个茶叶加工厂: works being built, not a firm
            if suffix in ("商会", "协会") and (mk := _ENTREPRENEURS.search(text, max(0, s - 12), s)) and mk.start() < start:
                # 北京莆田企业商会, X市民营企业(发展)商会, X市青年企业家商会: the kind of member opens the name
                start = _places_before(places, mk.start(), s)
            if start >= 1 and text[start - 1] == "在" and places.hit_at(start, start + 1) is not None:
                home = places.hit_ending_at(start - 1)
                if home is not None and home[3] in ("city", "county"):  # not 储良村在高州市总商会…帮扶下
                    start = home[0]  # 高州市在广州商会: a home town's chamber in another city
            if suffix == "分会":  # 道县乡贤联谊总会寿雁分会: a branch named after its parent body
                parent = next((f for f in out if f.start < start <= f.end and f.kind in ("Association", "Federation")
                               and re.fullmatch(r"[\u4e00-\u9fff]{0,5}", text[f.end:s])), None)
                if parent is not None:
                    start = parent.start
            # 遵义市桐梓县委党校 → 桐梓县委党校: keep only the last place of a chain that opens the name
            while kind != "Enterprise":  # (an enterprise's registered name keeps its whole chain)
                first = places.hit_at(start, start + 1)
                if first is None or first[0] != start:
                    break
                second = places.hit_at(first[1], first[1] + 1)
                if second is None or second[0] != first[1] or not second[2].startswith(first[2]):
                    break
                start = first[1]
            if text[start] in _LEVEL_CHARS and start < s and places.hit_at(start, start + 1) is None \
                    and not text.startswith("乡村", start):
                start += 1  # 市/农行: the level word is read as a prefix below (乡村振兴… is no township's)
            while start < s and text[start] in "家个名所座处支" and start > 0 and (
                    text[start - 1].isdigit() or text[start - 1] in "一二三四五六七八九十两几"):
                start += 1  # 156家商协会: the counter is not part of the name
            name = text[start:e]
            level_prefix = None
            if start >= 1 and text[start - 1] in _LEVEL_CHARS and (start - 1 in doc.boundaries or (
                    start - 1 == 0 or text[start - 2] in "、，,。；;：:（(\n 和及与")):  # 、县乡贤联谊总会 (jieba: 县乡)
                if text[max(0, start - 2):start] not in ("全市", "全县", "全区", "全省", "城市") and \
                        text[start - 1:start + 1] != "乡村":  # (乡村振兴实践基地: no township's)
                    level_prefix = text[start - 1]
            elif start >= 2 and text[start - 1] in _LEVEL_CHARS and text[start - 2] in "该本":
                level_prefix = text[start - 1]  # 该市青企协会: the city just named
            has_place = places.hit_at(start, start + 2) is not None or any(
                start <= it[0] and it[1] <= e for it in places.items
            )
            remainder_generic = _is_generic(name[: -len(suffix)], lex) or name.startswith(("驻", "来"))
            if level_prefix and not has_place and (not remainder_generic or suffix in _SELF_NAMING or (
                    kind == "Association" and len(suffix) >= 4)):  # 县乡贤联谊总会: the county's
                q = _qualify(start, doc, places, name)
                if q is not None:
                    qname, code, qstart, note = q
                    out.append(Found(kind, qname, qstart, e, confidence=0.75, place_code=code,
                                     review=note or None, aliases=[text[qstart:e]]))
                    continue
            if not has_place and remainder_generic:
                continue
            if kind == "Site" and _hortative(doc, start):
                continue
            if name.endswith(lex.facility_suffixes):
                continue  # 成果展示馆, 党群服务中心, 种植基地: facilities, not organisations
            if len(name) <= len(suffix):
                continue
            code = None
            for it in places.items:
                if start <= it[0] and it[1] <= e:
                    code = it[2]
                    break
            out.append(Found(kind, name, start, e, key=_place_normal_key(name, start, places), place_code=code,
                             confidence=0.8 if has_place else 0.7))

    _region_bodies(doc, lex, places, out)
    _national_enterprises(doc, lex, places, out)
    _united_fronts(doc, places, out)
    _teams_of_bodies(doc, lex, out)
    _stationed_teams(doc, places, out)
    _units_of_bodies(doc, out)
    _party_committees_listed(doc, lex, out)

    # 5. Quoted sites and groups: “同心·法律咨询室”, “桐心院子”, “蓝马甲”志愿小组, “同心协会”.
    program_names = {name_key(f.name) for f in programs} | {name_key(a) for f in programs for a in f.aliases}
    for run in _quote_runs(doc):
        after = _window_after(doc, run[-1].end)
        if _COUNT_AFTER.match(after):
            continue
        hortative = _hortative(doc, run[0].start)
        for qt in run:
            inner = qt.inner.strip()
            if in_program(qt.inner_start, qt.inner_end) or not (2 <= len(inner) <= 20) or name_key(inner) in program_names:
                continue
            if any(name_key(inner + b) in program_names for b in lex.program_base_suffixes):
                continue  # “同心建家园”实践基地: a program base
            if re.search(r"[。,，;；、]", inner):
                continue
            qhit = _org_kind_of_suffix(inner, lex)
            # 等阵地 / 等活动阵地 after a run of quotes: the names are sites
            if qhit is None and re.match(r"^等?(?:活动)?阵地", after):
                qhit = ("阵地", "Site")
            tail = text[qt.end:qt.end + 6]
            tail_hit = None
            for suffix, kind in lex.org_suffixes:
                if tail.startswith(suffix) and kind in ("SocialOrganisation", "Association", "Enterprise", "Site"):
                    tail_hit = (suffix, kind)
                    break
            if tail_hit is not None and qt is run[-1] and not (tail_hit[1] == "Site" and hortative):
                suffix, kind = tail_hit
                # “蓝马甲”志愿小组 is a name with its type; “民主党派之家”活动室 / “同心之家”实践站: the quote is the name
                name = inner if kind == "Site" else inner + suffix
                out.append(Found(kind, name, qt.start, qt.end + len(suffix), key=name_key(inner),
                                 confidence=0.75, aliases=[inner + suffix], extra={"quoted": inner}))
                continue
            if qhit is None:
                continue
            if qhit[1] == "Site" and hortative:
                continue  # 鼓励社区…开办“同心工作室”: a kind of site suggested, not one that exists
            first_tok = doc.token_at(qt.inner_start)
            if first_tok is not None and word_tags().get(first_tok.word, "")[:1] in ("v", "d") and len(first_tok.word) >= 2:
                continue  # “共建幸福家园”, “携手共建美好家园”: a slogan that opens with a verb, not a name
            if inner == qhit[0]:
                continue
            f = Found(qhit[1], inner, qt.inner_start, qt.inner_end, key=name_key(inner), confidence=0.75,
                      extra={"quoted": inner})
            # “同心协会”——建材家居协会: the dash names the same body
            m2 = re.match(r"——([^\s，,。；;“”]{2,20})", text[qt.end:qt.end + 24])
            if m2 and any(suffix in m2.group(1) for suffix, _ in lex.org_suffixes):
                f.extra["same_as_after_dash"] = True
            out.append(f)

    # 6. “X等企业”, “X、Y等龙头企业”: 社区内沃尔玛等企业 (not 汪毅等民营企业家: people).
    for m in re.finditer(r"等(?:\d+余?家|[一二三四五六七八九十]+家)?(?:龙头|重点|民营|骨干|知名|会员)?(?:企业|公司)(?![家主])", text):
        pos = m.start()
        while True:
            tok = doc.token_ending_at(pos)
            if tok is None or not (2 <= len(tok.word) <= 8) or not CJK_RE.match(tok.word[0]):
                break
            tag = word_tags().get(tok.word, "")
            if tag and not tag.startswith(("nr", "nz", "nt", "n", "eng")) or tok.word in lex.name_stop_tokens:
                break
            if places.hit_at(tok.start, tok.end):
                break
            start = tok.start
            while True:  # 三味/奇/食品: the name is several words
                prev = doc.token_ending_at(start)
                if prev is None or prev.word in lex.name_stop_tokens or any(c in _PUNCT for c in prev.word):
                    break
                ptag = word_tags().get(prev.word)
                name_like = ptag is None or ptag in ("nz", "nr", "nrt", "ns", "ag", "j") or (
                    ptag == "m" and len(prev.word) >= 2 and not re.search(r"\d", prev.word))
                if not name_like or tok.end - prev.start > 8:
                    break
                start = prev.start
            a = text.rfind("、", max(0, tok.end - 9), start)
            if a >= 0 and all(CJK_RE.match(c) for c in text[a + 1:start]) and _plain_words(doc, a + 1, start, lex):
                start = a + 1  # 、合力/佳橡塑、, 、诶/悌/文化等: a list item is a name whatever jieba made of it
            if _is_generic(text[start:tok.end], lex) or (start == tok.start and tag == "n"):
                break  # 民营企业, 文化, 服装、食品等企业: a kind, not a name (诶悌/文化 is one)
            if not any(f.start <= start < f.end for f in out):
                out.append(Found("Enterprise", text[start:tok.end], start, tok.end, confidence=0.6,
                                 review="named only as an example of enterprises"))
            if start == 0 or text[start - 1] != "、":
                break
            pos = start - 1

    # 南阳市政协办公室, 鸡西市政协文史委, 省政协港澳台侨和外事委员会: a unit of the CPPCC body written with it
    for i, f in enumerate(out):
        if f.kind == "GovernmentBody" and f.name.endswith("政协") and (mu := _CPPCC_UNIT.match(text, f.end)) \
                and _no_verb_in(doc, f.end, mu.end()):  # (太和县政协认真落实县委…: no unit)
            out[i] = replace(f, name=f.name + mu.group(0), end=mu.end(), key="",
                             aliases=[a + mu.group(0) for a in f.aliases] or [text[f.start:mu.end()]])
    _short_forms_again(doc, lex, places, out)
    _trade_names_again(doc, lex, places, out)
    _written_place_aliases(doc, places, out)
    kept = _drop_overlaps([f for f in out if not in_program(f.start, f.end)])
    # 玉田县发改局驻洪陈府村工作队, 省委统战部新农村建设工作队: the body that sends a team is named too
    for t in list(kept):
        parent = t.extra.get("team_of") or t.extra.get("sent_by")
        sender = next((f for f in out if parent and f.start == t.start and f.name == parent and f.kind in _PARENT_KINDS),
                      None)
        if sender is not None and sender not in kept:
            kept.append(sender)
    kept.sort(key=lambda f: f.start)
    # a bare party name (民进, 九三学社) beside one of its committees or branches speaks of the party in
    # general, not of a body that acts here
    units = {f.name[: len(f.name) - len(f.extra.get("unit", ""))] for f in kept if f.extra.get("unit")}
    # 区委 with no place after 农工党广西区委: the party's committee spoken of again, not the district's
    party_tails = {f.extra["unit"][-2:] for f in kept if f.kind == "DemocraticParty" and f.extra.get("unit")}
    kept = [f for f in kept if not (f.kind == "PartyCommittee" and f.place_code is None and f.name in party_tails)]
    # 民建广东省委 … 省委: a bare level committee qualified into the party committee's own place and level
    party_units = {f.extra["unit"] for f in kept if f.kind == "DemocraticParty" and f.extra.get("unit")}
    kept = [f for f in kept if not (f.kind == "PartyCommittee" and f.name in party_units
                                    and text[f.start:f.end] in ("省委", "市委", "区委", "县委"))]
    # a base named as a program elsewhere in the report (“同心帮扶基地” … 设立同心帮扶基地) is that program;
    # a count inside (民革某区三个支部) makes a plural, not a name
    return [f for f in kept if not (f.kind == "DemocraticParty" and f.name in units and not f.extra.get("unit"))
            and not (f.kind == "Site" and f.key in program_names)
            and not (f.kind == "Site" and (_village_facility(f, places) or _generic_site(doc, f, lex, places)))
            and not (f.kind == "Enterprise" and _generic_firm(doc, f, lex, places))
            and not re.search(r"[一二三四五六七八九十两几\d]个", text[f.start:f.end])]


def _village_facility(f: Found, places: PlaceContext) -> bool:
    """Is the site ``f`` a village's or community's own facility, named after it (储良村活动中心, 某社区党建服务站)?
    It stands for its place (the pairing rules read it so), and is no organisation of its own."""
    return any(s == f.start and e < f.end and level in ("village", "community") for s, e, _, level, _ in places.items)


def _common_words(name: str, lex: Lexicon) -> list[str] | None:
    """The words of ``name`` when they are all in jieba's dictionary and none holds a party's name (民盟中央 is one
    of jieba's words), else None."""
    from tongxin.extract.text import tokenize

    words = [w for w, _, _ in tokenize(name)]
    tags = word_tags()
    return words if all(w in tags and not any(p in w for p in lex.parties) for w in words) else None


def _dictionary_words(doc: Doc, f: Found, lex: Lexicon, places: PlaceContext) -> list[str] | None:
    """The words of ``f``'s name when they are all in jieba's dictionary, none a party's name, no place is in the
    name and it is not quoted (“同心家园” is a name); else None. Such a name says what kind of thing it is, not which
    one."""
    if doc.quote_around(f.start, f.end) is not None or any(f.start <= s and e <= f.end for s, e, *_ in places.items):
        return None
    return _common_words(f.name, lex)


def _generic_site(doc: Doc, f: Found, lex: Lexicon, places: PlaceContext) -> bool:
    """A site named by dictionary words alone (便民服务中心, 科普工作站, 道德讲堂): see :func:`_dictionary_words`."""
    return _dictionary_words(doc, f, lex, places) is not None


def _generic_firm(doc: Doc, f: Found, lex: Lexicon, places: PlaceContext) -> bool:
    """Is the enterprise ``f`` a kind of works, not a named firm (清真食品公司, 黄精深加工厂, 养蜂合作社): a name
    ending in 公司, 厂, 合作社 or 农场 (not a registered 有限公司) made of dictionary words, none of those before the
    last a brand or body jieba knows (新大众汽车维修公司, 华彩纺织厂 are names)?"""
    if not re.search(r"(?<!有限)(?:公司|厂|合作社|农场)$", f.name):
        return False
    words = _dictionary_words(doc, f, lex, places)
    tags = word_tags()
    return words is not None and not any(tags.get(w, "")[:2] in ("nt", "nz") for w in words[:-1])


# a unit of a CPPCC body (its office, its special committees), not a post in it (委员, 常委, 副主席)
_CPPCC_UNIT = re.compile(r"(?!委员|常委|各)(?:[\u4e00-\u9fff]{2,10}?(?:委员会|委(?![员会]))|办公室|办公厅|文史馆)")


_BRANCH_END_RE = re.compile(r"(?:总支部|总支|支部|支社)$")
_INSTITUTION_BRANCH_RE = re.compile(r"([\u4e00-\u9fff]{2,10}?)(总支部|总支|支部|支社)")
_BRANCH_ITEM_RE = re.compile(r"[、和及]([\u4e00-\u9fff]{2,14}?[一二三四五六七八九十\d]*(?:总支部|总支|支部|支社))")


def _party_branch_list(doc: Doc, lex: Lexicon, places: PlaceContext, out: list[Found]) -> None:
    """民盟省直创业三支部、省中医支部、山东大学千佛山校区总支: a list of one party's branches names the party
    once; the later branches are the party's too (a level word opening one takes the place named before)."""
    text = doc.text
    for f in list(out):
        unit = f.extra.get("unit", "")
        if f.kind != "DemocraticParty" or not _BRANCH_END_RE.search(unit):
            continue
        party = f.name[: len(f.name) - len(unit)]
        pos = f.end
        while (m := _BRANCH_ITEM_RE.match(text, pos)) is not None and ends_word(doc, m.end()):
            item = m.group(1)
            if re.search(r"[的与在等是为]|会员|党员|盟员|党总?支", item) or any(item.startswith(p) for p in lex.parties):
                break
            name, code = item, None
            if item[0] in _LEVEL_CHARS and places.hit_at(m.start(1), m.start(1) + 1) is None:
                ref = places.nearest_before(m.start(1), item[0])
                if ref is None:
                    break
                code, name = ref[0], ref[1] + item[1:]
            else:
                hit = places.hit_at(m.start(1), m.start(1) + 1)
                code = hit[2] if hit is not None else None
            out.append(Found("DemocraticParty", party + name, m.start(1), m.end(), confidence=0.7, place_code=code,
                             extra={"unit": name, "party_from_list": True}, aliases=[item]))
            pos = m.end()


_NUMBERED_BRANCH_RE = re.compile(r"[一二三四五六七八九十]+(?:总支部|总支|支部)")


def _parties_named(doc: Doc, lex: Lexicon) -> list[tuple[int, str]]:
    """Where the report names a democratic party (at a word's start), and which, in order."""
    return [(pm.start(), lex.parties[pm.group(1)]) for pm in _party_regex(lex).finditer(doc.text)
            if starts_word(doc, pm.start())]


def _numbered_branches(doc: Doc, lex: Lexicon, places: PlaceContext, out: list[Found]) -> None:
    """江汉区五支部、鄂州市四支部 in a report on 民革: a place's numbered branch with no party named is the
    branch of the party the text named last before it, else of the one party the report names (no party or
    several after it: no organisation)."""
    text = doc.text
    named = _parties_named(doc, lex)
    parties_named = {p for _, p in named}
    for it in places.items:
        ps, pe, code, level = it[0], it[1], it[2], it[3]
        mb = _NUMBERED_BRANCH_RE.match(text, pe)
        if level not in ("city", "county") or mb is None or not ends_word(doc, mb.end()):
            continue
        if any(f.start <= ps < f.end for f in out):
            continue  # inside a name found already (民革江汉区五支部)
        before = [p for at, p in named if at < ps]
        if before:
            party = before[-1]
        elif len(parties_named) == 1:
            party = next(iter(parties_named))
        else:
            continue
        unit = text[ps:mb.end()]
        out.append(Found("DemocraticParty", party + unit, ps, mb.end(), confidence=0.7, place_code=code,
                         review="the party is the one the report named before", aliases=[unit],
                         extra={"unit": unit, "party_from_list": True}))


# what a 支社's name (南宁市兴宁支社, 浦口支社, 省脑科医院支社) does not hold
_NOT_IN_BRANCH_NAME = re.compile(r"[的与和及在对向为是由将把从等]|联合|会同|携手|九三学社|学社|支社.|代表|主委|委员|书记|社员|成员")


def _jiusan_branches(doc: Doc, places: PlaceContext, out: list[Found]) -> None:
    """南宁市兴宁支社与…社区结对, 省脑科医院支社主委某某: in a report that names 九三学社, a 支社 written
    without the party is the party's branch (its name as written stays an alias)."""
    text = doc.text
    party = "九三学社"
    if party not in text:
        return
    seen: dict[str, str | None] = {}
    for m in re.finditer("支社", text):
        e = m.end()
        if any(f.start <= m.start() < f.end for f in out) or not ends_word(doc, e):
            continue
        s = m.start()
        while s > 0 and s > m.start() - 10 and text[s - 1] not in _BEFORE_NAME and "\u4e00" <= text[s - 1] <= "\u9fff":
            s -= 1
        while s < m.start() - 2 and not starts_word(doc, s):
            s += 1  # 。今年兴宁支社: back to a word's start
        unit = text[s:e]
        if len(unit) < 4 or _NOT_IN_BRANCH_NAME.search(unit) or re.match(r"[我各该本全每此其]", unit):
            continue
        hit = places.hit_at(s, s + 1)
        code = hit[2] if hit is not None and hit[0] == s else None
        # 兴宁支社 after 南宁市兴宁支社, 浦口区支社 after 浦口支社: that one
        longer = next((u for u in seen if u.endswith(unit) or (code is not None and seen[u] == code)), None)
        if longer is not None:
            unit, code = longer, seen[longer]
        seen.setdefault(unit, code)
        out.append(Found("DemocraticParty", party + unit, s, e, confidence=0.7, place_code=code,
                         review="the party is the one the report names (支社 is 九三学社's branch)",
                         aliases=[text[s:e]], extra={"unit": unit, "party_from_list": True}))


# 盟省委, 社江西省委, 社中央: how 民盟 and 九三学社 texts write their own committees (the party's last character)
_PARTY_OWN_SHORT = {"盟": "民盟", "社": "九三学社"}
_PARTY_OWN_UNIT_RE = re.compile(r"中央|[省市县区]?委(?:员)?会?")


def _party_own_short_forms(doc: Doc, lex: Lexicon, places: PlaceContext, out: list[Found]) -> None:
    """盟省委对口清远市…, 社江西省委副主委…, 社中央“…”项目: in a report that names the party in full, its own
    short form of a committee is that party's committee — of the place written after the short form, or
    of the level's nearest place (as for 民盟省委); not inside another name (民盟市委, 九三学社中央, 同盟市委)."""
    text = doc.text
    for m in re.finditer(r"[盟社]", text):
        s = m.start()
        party = _PARTY_OWN_SHORT[m.group(0)]
        if party not in text or (s > 0 and text[s - 1] in "民学同联加结") or any(f.start <= s < f.end for f in out):
            continue
        if s > 0 and CJK_RE.match(text[s - 1]) and text[s - 1] not in _FUNCTION_CHARS and text[s - 1] != "由" \
                and not _opens_here(doc, s, lex):
            continue  # …盟省委 inside a longer word (but 由社市委: jieba glues 由社)
        # the places written after it (社江西省委, 社宜春市委): the committee is the last one's
        last, end = places.chain_after(s + 1)
        mu = _PARTY_OWN_UNIT_RE.match(text, end)
        if mu is None or (last is None and mu.group(0)[:1] not in "省市县区中"):
            continue
        unit, e = mu.group(0), mu.end()
        code = None
        if last is not None:
            if unit == "中央":
                continue
            code, unit = last[2], last[4] + "委"
        elif unit != "中央":
            ref = places.nearest_before(s, unit[0])
            if ref is None:
                continue
            code, unit = ref[0], ref[1] + "委"
        if (md := _PARTY_DEPT_RE.match(text, e)) and ends_word(doc, md.end()):
            unit, e = unit + md.group(0), md.end()  # 社中央社会服务部: a department of that committee
        out.append(Found("DemocraticParty", party + unit, s, e, confidence=0.75, place_code=code,
                         review=f"“{text[s:e]}” read as {party}'s committee", aliases=[text[s:e]],
                         extra={"unit": unit}))


# 省委会主委甲, 省直工委副主委乙: a level's committee in the democratic parties' own words, before a party post
_BARE_PARTY_UNIT_RE = re.compile(r"([省市县区])(委会|直工委|工委)(?=(?:专职|常务|驻会)?副?主委|秘书长)")


def _bare_party_units(doc: Doc, lex: Lexicon, places: PlaceContext, out: list[Found]) -> None:
    """，省委会主委王某 in a report on 农工党: the party's committee of that level, written with neither party
    nor place — the one of that level the report named before (农工党四川省委), else the party's committee
    of the level's nearest place. The party is the one named last before it; none named, nothing."""
    text = doc.text
    named = _parties_named(doc, lex)
    for m in _BARE_PARTY_UNIT_RE.finditer(text):
        s, e = m.start(), m.end()
        if any(f.start <= s < f.end for f in out) or not (s == 0 or text[s - 1] in _BEFORE_NAME):
            continue
        party = next((p for ps, p in reversed(named) if ps < s), None)
        if party is None:
            continue
        level, unit = m.group(1), m.group(2)
        known = next((f for f in reversed(out) if f.kind == "DemocraticParty" and f.start < s and f.name.startswith(party)
                      and f.name.endswith(tuple(level + u for u in ("委", "委会", "委员会", unit)))), None)
        if known is not None:
            name, code = known.name, known.place_code
        elif (ref := places.nearest_before(s, level)) is not None:
            code, name = ref[0], party + ref[1] + unit
        else:
            continue
        out.append(Found("DemocraticParty", name, s, e, confidence=0.7, place_code=code,
                         review=f"“{text[s:e]}” read as {party}'s committee", aliases=[text[s:e]],
                         extra={"unit": name[len(party):], "party_from_list": True}))


# what a body's name without its party and places still names it by (经济委员会, 福建商会)
_SHORT_FORM_HEADS = re.compile(r"(?:委员会|商会|协会|联谊会|基金会|促进会|研究会|联合会)$")


def _short_forms_again(doc: Doc, lex: Lexicon, places: PlaceContext, out: list[Found]) -> None:
    """经济委员会委员赵某 after 致公党湖北省经济委员会: a body named again without its party and places (what
    remains is at least four characters and still ends in the body's kind) is that body, when only one
    body of the report shortens so."""
    heads = sorted(set(lex.parties) | {it[4] for it in places.items}, key=len, reverse=True)
    shorts: dict[str, list[Found]] = {}
    for f in out:
        if f.kind not in ("DemocraticParty", "Association", "Federation", "SocialOrganisation") \
                or not _SHORT_FORM_HEADS.search(f.name):
            continue
        rest = f.name
        while (w := next((h for h in heads if rest.startswith(h) and len(rest) - len(h) >= 4), None)) is not None:
            rest = rest[len(w):]
        if rest != f.name and f.name not in {g.name for g in shorts.get(rest, [])}:
            shorts.setdefault(rest, []).append(f)
    for f in list(out):  # 社天津科技大学委员会: 社 is 九三学社's own short form (社中央, 社省委)
        if f.kind == "DemocraticParty" and f.name.startswith("九三学社") and len(f.name) >= 10:
            shorts.setdefault("社" + f.name[4:], []).append(f)
    _mention_short_forms(doc, lex, out, shorts, loose=True)


def _mention_short_forms(doc: Doc, lex: Lexicon, out: list[Found], shorts: dict[str, list[Found]], *,
                         loose: bool) -> None:
    """Each whole-word mention of a short form (``shorts``: short form → the bodies that shorten to it) that
    one body alone shortens to is that body, for review. ``loose``: a body found inside the short form gives
    way to it (社天津科技大学 in 社天津科技大学委员会), and a title may be glued after it (经济委员会委员)."""
    for short, fulls in shorts.items():
        if len({g.key for g in fulls}) != 1:
            continue
        full = fulls[0]
        for a, b in spans_of(doc.text, short):
            if any(g.start < b and a < g.end and not (loose and a <= g.start and g.end < b) for g in out) \
                    or not starts_word(doc, a) or not (ends_word(doc, b) or (loose and _title_glued(doc, b, lex))):
                continue
            out.append(Found(full.kind, full.name, a, b, key=full.key, confidence=0.7, place_code=full.place_code,
                             review=f"“{short}” read as {full.name}", aliases=[short]))


def _written_place_aliases(doc: Doc, places: PlaceContext, out: list[Found]) -> None:
    """州工商联 qualified as 黔南布依族苗族自治州工商联 in a report that writes the prefecture 黔南州: the body's
    name with the place as the report writes it (黔南州工商联) is an alias of it."""
    official: dict[str, str] = {}
    written: dict[str, set[str]] = {}
    for s, e, code, _lvl, name in places.items:
        official[code] = name
        if doc.text[s:e] != name and doc.text[s:e][-1:] == name[-1:]:
            written.setdefault(code, set()).add(doc.text[s:e])
    for f in out:
        pname = official.get(f.place_code or "")
        if not pname or not f.name.startswith(pname) or len(f.name) == len(pname):
            continue
        for w in sorted(written.get(f.place_code or "", ())):
            alias = w + f.name[len(pname):]
            if alias not in f.aliases:
                f.aliases.append(alias)


def _trade_names_again(doc: Doc, lex: Lexicon, places: PlaceContext, out: list[Found]) -> None:
    """北方管业 after 秦皇岛北方管业有限公司: a registered firm named again by its trade name and trade alone
    (its name without the place opening it, if one does, and its legal form, at least four characters, not
    a generic phrase) is that firm, when only one firm of the report shortens so."""
    shorts: dict[str, list[Found]] = {}
    for f in out:
        if f.kind != "Enterprise" or not _LEGAL_FORM_END.search(f.name) or doc.text[f.start:f.end] != f.name:
            continue
        _, own = places.chain_after(f.start)
        core = _LEGAL_FORM_END.sub("", f.name)
        if own <= f.start:  # (皖南电机 after 皖南电机股份有限公司: no place opens it, its name without the legal form)
            rest = core
        else:  # the name after the places opening it, if any of it is left
            rest = core[own - f.start:] if own < f.start + len(core) else ""
        if len(rest) >= 4 and _HAN_WORD.fullmatch(rest) and not _is_generic(rest, lex):
            shorts.setdefault(rest, []).append(f)
    _mention_short_forms(doc, lex, out, shorts, loose=False)


def _party_committees_listed(doc: Doc, lex: Lexicon, out: list[Found]) -> None:
    """九三学社中央、省委、重庆市委: committees listed with 、 right after a democratic party's body are that
    party's committees, not the Communist Party's (a list of the party's levels; 民建某省委和某市委 pairs two
    parties' bodies and is left alone)."""
    parties = sorted(set(lex.parties.values()), key=len, reverse=True)
    by_end = {f.end: f for f in out if f.kind == "DemocraticParty"}
    for f in sorted(out, key=lambda f: f.start):
        if f.kind != "PartyCommittee" or not f.name.endswith("委") or f.start < 2 or doc.text[f.start - 1] not in "、\\":
            continue
        prev = by_end.get(f.start - 1)
        party = next((p for p in parties if prev is not None and prev.name.startswith(p)), None)
        if party is None:
            continue
        f.kind, f.name, f.key = "DemocraticParty", party + f.name, name_key(party + f.name)
        by_end[f.end] = f  # (the next item of the list follows this one)


# the members a chamber or association is of, written before its suffix (民营企业发展商会, 青年企业家商会)
_ENTREPRENEURS = re.compile(r"(?:青年|新生代|女|民营|非公有制|非公|台资|外资|侨资)?企业家?(?:发展|联合)?$")


def _places_before(places: PlaceContext, pos: int, default: int) -> int:
    """Start of the places written one after another right before ``pos`` (北京莆田), else ``default``."""
    start = pos
    while (hit := places.hit_ending_at(start)) is not None and hit[0] < start:
        start = hit[0]
    return start if start < pos else default


@cache
def _post_after(titles: tuple[str, ...]) -> re.Pattern[str]:
    """A post after a name: in brackets with its body (（某商会会长）), or given by 任 (任某村第一书记)."""
    alt = "|".join(re.escape(t) for t in sorted(titles, key=len, reverse=True))
    return re.compile(rf"[（(][^（()）]{{0,28}}?(?:{alt})[)）]|(?:任|出任|现任|兼任)[^，,。；;（()）]{{2,24}}?(?:{alt})(?=[，,。；;]|$)")


@cache
def _alternation(words: tuple[str, ...]) -> re.Pattern[str]:
    return re.compile("|".join(re.escape(w) for w in words))


_NATIONAL_BRANCH_RE = re.compile(r"(?:分公司|支公司|供电公司|供电局|供电所|分行|支行|营业部|有限公司|公司)")


def _national_enterprises(doc: Doc, lex: Lexicon, places: PlaceContext, out: list[Found]) -> None:
    """中国移动城口分公司, 南方电网, 农业银行某县支行: a national enterprise named by its brand (the lexicon's
    list), with the place and branch word written after it; not inside a name found already (中国移动通信
    集团…有限公司)."""
    text = doc.text
    if not lex.national_enterprises:
        return
    for m in _alternation(lex.national_enterprises).finditer(text):
        s, e = m.start(), m.end()
        if any(f.start <= s < f.end for f in out) or not starts_word(doc, s):
            continue
        last, end = places.chain_after(e)
        code = last[2] if last is not None else None
        mb = _NATIONAL_BRANCH_RE.match(text, end)
        if mb is not None:
            end = mb.end()
        elif end > e:
            end, code = e, None  # a place after the brand with no branch word: the place is no part of it
        out.append(Found("Enterprise", text[s:end], s, end, confidence=0.8, place_code=code,
                         aliases=[text[s:end]]))


def _united_fronts(doc: Doc, places: PlaceContext, out: list[Found]) -> None:
    """福建省统一战线帮扶…, 大连市统一战线启动…: a place's United Front acting as one body (not its
    统一战线工作部, not 统一战线的优势)."""
    text = doc.text
    for it in places.items:
        s, e, code, level, pname = it
        if level not in ("province", "city", "county") or not text.startswith("统一战线", e):
            continue
        if text[e - 1] not in "省市县区州盟旗":
            continue  # a short name (广西统一战线) speaks of the region's front in general
        end = e + 4
        if not ends_word(doc, end) or re.match(r"(?:工作|的|部|人士|成员|理论|优势|法宝|各|系统|领域)", text[end:end + 2]):
            continue
        if any(f.start < end and s < f.end for f in out):
            continue
        out.append(Found("UnitedFrontDept", pname + "统一战线", s, end, confidence=0.65, place_code=code,
                         review="a place's United Front as a whole", aliases=[text[s:end]]))


_TEAM_RE = re.compile(r"([\u4e00-\u9fff]{2,10}?)(工作队|访问团|考察团|服务团|调研组|工作组)")
_PARENT_KINDS = ("UnitedFrontDept", "Federation", "Association", "GovernmentBody", "PartyCommittee", "DemocraticParty")


def _teams_of_bodies(doc: Doc, lex: Lexicon, out: list[Found]) -> None:
    """省委统战部新农村建设工作队, 福建省侨联闽宁协作访问团: a team a body sends, named after it (the body's
    name, what the team does, 工作队/访问团/服务团 …), is one organisation."""
    text = doc.text
    tags = word_tags()
    for f in list(out):
        if f.kind not in _PARENT_KINDS:
            continue
        m = _TEAM_RE.match(text, f.end)
        if m is None or not ends_word(doc, m.end()) or not starts_word(doc, f.end):
            continue
        mid = m.group(1)
        if re.search(r"[的和与及在等对为向是了各]", mid):
            continue
        toks = []
        t = doc.token_at(f.end)
        while t is not None and t.end <= m.start(2):
            toks.append(t)
            t = doc.token_at(t.end)
        if not toks or toks[-1].end != m.start(2) or any(
                tags.get(x.word, "")[:1] in ("v", "p", "c", "u", "r", "d", "m", "q") and tags.get(x.word, "") != "vn"
                and x.word not in lex.name_verbs for x in toks):
            continue  # 统战部组织工作组: a verb between, not a name
        if any(x.word in lex.titles for x in toks):
            continue  # 台港澳办副主任某率调研组: a post and its holder lead the team; they are not its name
        out.append(Found("SocialOrganisation", f.name + text[f.end:m.end()], f.start, m.end(), confidence=0.7,
                         place_code=f.place_code, aliases=[text[f.start:m.end()]], extra={"team_of": f.name}))


# a team sent to stay in a place: X驻Y村(精准扶贫)工作队, 福建援藏队八宿工作组
_STATIONED_TEAM_RE = re.compile(r"[\u4e00-\u9fff]{0,6}?(?:工作队|工作组|扶贫队|帮扶队|驻村队)")
_AID_TEAM_RE = re.compile(r"(?:第[一二三四五六七八九十\d]{1,3}批)?(?:援藏|援疆|援青)(?:干部)?(?:工作)?[队组]")


def _stationed_teams(doc: Doc, places: PlaceContext, out: list[Found]) -> None:
    """民革宁夏区委会驻红崖村扶贫工作队, 咸宁市驻崇阳县塔坳村精准扶贫工作队, 福建援藏队八宿工作组: a team a body
    (or a province, city or county) sends to stay in a place is an organisation; the place it stays in is
    noted (``stationed_in``, its code) for the pairing it makes."""
    text = doc.text

    def sender_at(pos: int) -> tuple[int, str, str | None] | None:
        body = next((f for f in out if f.end == pos and f.kind in _PARENT_KINDS), None)
        if body is not None:
            return body.start, body.name, body.place_code
        hit = places.hit_ending_at(pos)
        if hit is not None and hit[3] in ("province", "city", "county"):
            return hit[0], text[hit[0]:pos], hit[2]
        return None

    spans: list[tuple[int, int, str, str | None, str, str]] = []
    for m in re.finditer(r"派?驻", text):
        sender = sender_at(m.start())
        last, end = places.chain_after(m.end())
        mt = _STATIONED_TEAM_RE.match(text, end)
        if sender is None or last is None or mt is None or re.search(r"[的和与及在等对为向是了各、]", mt.group(0)):
            continue
        spans.append((sender[0], mt.end(), sender[1] + text[m.start():mt.end()], sender[2], last[2], sender[1]))
    for m in _AID_TEAM_RE.finditer(text):
        sender = sender_at(m.start())
        if sender is None:
            continue
        last, end = places.chain_after(m.end())
        group = last is not None and text.startswith("工作组", end)  # 援藏队八宿工作组: the county's group
        e = end + 3 if group else m.end()
        spans.append((sender[0], e, sender[1] + text[m.start():e], sender[2], last[2] if group and last else "", sender[1]))
    for start, e, name, code, where, by in spans:
        # one body's team in one place is one team, however the report words it (驻红崖村扶贫工作队, 驻大河乡红崖村工作队)
        key = name_key(f"{by}驻{where}") if where else ""
        same = next((f for f in out if f.start == start and f.end == e and f.kind == "SocialOrganisation"), None)
        if same is not None and where:  # read already as a team of its body: note where it stays
            same.key, same.extra = key, {**same.extra, "stationed_in": where, "sent_by": by}
            continue
        if not ends_word(doc, e) or any(f.start < e and start < f.end and not (f.start == start and f.end < e)
                                        for f in out):
            continue
        out.append(Found("SocialOrganisation", name, start, e, key=key, confidence=0.7, place_code=code,
                         aliases=[text[start:e]], extra={"stationed_in": where, "sent_by": by} if where else {}))


# a body's own party organisation (区委统战部机关党支部, 省侨联机关第一党支部, 天津大学党委统战部) and an
# enterprise's branch in a place (重庆粮食集团城口分公司, 旺旺集团安庆总厂)
_PARTY_UNIT_RE = re.compile(r"(?:机关)?(?:第[一二三四五六七八九十]{1,3})?(?:党总支|党支部|党委)(统战部)?")
_BRANCH_RE = re.compile(r"([\u4e00-\u9fff]{1,4}?)(?:分公司|支公司|总厂|分厂|分行|支行|营业部)")
# the bodies that have such units (a democratic party's branches are read with the party's own names)
_UNIT_PARENT_KINDS = frozenset({*_PARENT_KINDS, "Enterprise"} - {"DemocraticParty"})


def _units_of_bodies(doc: Doc, out: list[Found]) -> None:
    """A body's party branch or committee (…机关党支部, …党委统战部) and an enterprise's branch named after
    a place (…集团城口分公司) are organisations of their own, named after the body."""
    text = doc.text
    for f in list(out):
        if f.kind not in _UNIT_PARENT_KINDS:
            continue
        m = _PARTY_UNIT_RE.match(text, f.end)
        kind = "UnitedFrontDept" if m is not None and m.group(1) else "PartyCommittee"
        if f.kind == "PartyCommittee" or (m is not None and text[f.end:m.end()] == "党委" and (
                f.kind not in ("GovernmentBody", "Enterprise") or re.match(r"副?(?:书记|委员|常委)", text[m.end():]))):
            m = None  # 某镇党委 is found as such; 某公司党委副书记 holds a post of the company (roles)
        if m is None and f.kind == "Enterprise":
            m = _BRANCH_RE.match(text, f.end)
            kind = "Enterprise"
            if m is not None and re.search(r"[的和与及在等对为向是了各、]", m.group(1)):
                m = None
        if m is None or not ends_word(doc, m.end()) or not starts_word(doc, f.end):
            continue
        out.append(Found(kind, f.name + text[f.end:m.end()], f.start, m.end(), confidence=0.75,
                         place_code=f.place_code, aliases=[text[f.start:m.end()]], extra={"unit_of": f.name}))


def _region_of(places: PlaceContext, pos: int) -> tuple[str, str] | None:
    """(code, name) of the autonomous region a bare 自治区 at ``pos`` means: the last one named before it,
    else the report's own province when that is an autonomous region."""
    for s, _e, code, lvl, name in reversed(places.items):
        if s < pos and lvl == "province" and name.endswith("自治区"):
            return code, name
    own = places.main.get("province")
    info = places.backend.get(own) if own and places.backend is not None else None
    if info is not None and info.name.endswith("自治区"):
        return own, info.name  # type: ignore[return-value]
    return None


def _region_bodies(doc: Doc, lex: Lexicon, places: PlaceContext, out: list[Found]) -> None:
    """自治区 used as a level word (自治区党委统战部, 自治区工商联, 自治区光彩事业促进会): the region's bodies,
    named with the region's full name. Adds level bodies to ``out`` and renames suffix names found there."""
    text = doc.text
    bodies = [(b, k) for b, k in lex.level_bodies if not b.startswith("委")]
    # and its departments (自治区发改委, 自治区民宗委), longest first with the bodies
    bodies = sorted(bodies + [(d, "GovernmentBody") for d in lex.department_suffixes if len(d) >= 2],
                    key=lambda bk: -len(bk[0]))
    for m in re.finditer("自治区", text):
        s, e = m.start(), m.end()
        if any(it[0] < s and e <= it[1] for it in places.items) or not starts_word(doc, s):
            continue  # 新疆维吾尔自治区 is a place named in full
        region = _region_of(places, s)
        if region is None:
            continue
        code, rname = region
        renamed = False
        for f in out:
            if f.start == s and f.name.startswith("自治区") and f.place_code is None:
                f.name, f.place_code = rname + f.name[3:], code
                f.key = name_key(f.name)
                f.aliases = [*f.aliases, text[f.start:f.end]]
                renamed = True
        if renamed:
            continue
        # (自治区政协委员: jieba reads 政协委员 as one word; the member's body still ends before 委员)
        hit = next(((b, k) for b, k in bodies if text.startswith(b, e) and (
            ends_word(doc, e + len(b)) or (b == "政协" and text.startswith(("委员", "常委"), e + len(b))))), None)
        if hit is None:
            continue
        body, kind = hit
        if body in ("党委", "委") and any(text.startswith(w, e + len(body)) for w in lex.committee_not_before):
            continue  # 自治区党委常委: a title
        out.append(Found(kind, rname + _normalise_body(body), s, e + len(body), confidence=0.8, place_code=code,
                         aliases=[text[s:e + len(body)]]))


def _place_normal_key(name: str, start: int, places: PlaceContext) -> str:
    """Merge key of a name with a township inside it written without its level word (…寿雁分会 ≡
    …寿雁镇分会); other places stay as written."""
    out, i = [], 0
    for s, e, _code, _lvl, _pname in places.items:
        if s >= start + i and e <= start + len(name):
            surface = name[s - start:e - start]
            short = re.sub(r"(?:街道|镇|乡)$", "", surface)
            out.append(name[i:s - start])
            out.append(short if len(short) >= 2 else surface)
            i = e - start
    out.append(name[i:])
    return name_key("".join(out))


def _hortative(doc: Doc, pos: int) -> bool:
    """The sentence up to ``pos`` encourages or exemplifies rather than reports (鼓励社区…开办…)."""
    s, _ = doc.sentence_of(pos)
    return re.search(r"鼓励|倡导|提倡|[(（]如|如“|可以|应当|要求|包括", doc.text[s:pos]) is not None


def _normalise_body(name: str) -> str:
    return name.replace("统一战线工作部", "统战部")


def _drop_overlaps(found: list[Found]) -> list[Found]:
    """Keep the longest of overlapping mentions (市委 inside 市委统战部)."""
    found = sorted(found, key=lambda f: (-(f.end - f.start), f.start))
    kept: list[Found] = []
    for f in found:
        if any(k.start < f.end and f.start < k.end for k in kept):
            continue
        kept.append(f)
    return sorted(kept, key=lambda f: f.start)


# ------------------------------------------------------------------------------------------- people


# a name does not end in a conjunction or particle (俞某及相关科室 is 俞某; 周某和等 is handled apart)
_NAME_NEVER_ENDS = frozenset("及与和等的了向在")
_MEMBER_AFTER = re.compile(r"[，,](?:[^，,。；;]{0,10})?(?:党员|社员|盟员|会员|成员)")


def _bad_end(text: str, end: int) -> bool:
    return text[end - 1] in _NAME_NEVER_ENDS and not (text[end - 1] == "和" and text.startswith("等", end))


_PREPOSITIONS = frozenset("为给对把被将替")
# jieba's tags of a common noun or verb (not of a name, a place or an organisation)
_COMMON_WORD_TAGS = frozenset({"n", "v", "vn", "vd", "an"})
# words for groups of people that jieba may tag as a name or not know (师生 nr, 商超)
_GROUP_WORDS = frozenset({"师生", "商超", "干群", "党群", "村民", "居民", "群众"})
# one-character words that open a clause after a name (王明/说, 李强/也/参加)
_CLAUSE_CHARS = frozenset("说讲问答笑道称是也都就又还已曾再便仍均亦并而且即乃要会能可应将到去来")
_HONORIFICS = frozenset(("大爷", "大妈", "大娘", "大叔", "大婶", "大姐", "大哥", "阿姨", "老师", "师傅", "老板", "老人", "奶奶",
                         "爷爷", "书记", "主任", "总", "工", "女士", "先生", "小姐"))


# what may follow the 等 closing a list of names: punctuation, a verb's place, or people counted or named by kind
_PEOPLE_AFTER_LIST = re.compile(r"$|[，,。；;、）)]|(?:\d+|[一二三四五六七八九十几多]+)?(?:余|多)?(?:人|位|名)|同志|领导|嘉宾|代表|"
                                r"(?:[\u4e00-\u9fff]{2,12}?(?:支部|总支|委员会|委会|商会|协会))?(?:党员|盟员|社员|会员)|"
                                r"专家|志愿者|(?:一行|参加|出席|参与|陪同|来到|前往|为|向|在|到|带|捐|共同)")
# one or two names opening a clause, then 等 and the members, officers or colleagues they lead
_FEW_NAMES_RE = re.compile(r"(?:^|(?<=[：:，,。；;\n]))[ \t\u3000]*((?:[\u4e00-\u9fff]{2,3}、)?[\u4e00-\u9fff]{2,3})"
                           r"(?=等(?:\d+|[一二三四五六七八九十几多]+)?(?:名|位)?(?:盟员|党员|社员|会员|同志|专家|志愿者|领导|"
                           r"(?:支部|机关)?班子成员|工作人员|干部))", re.M)
# a run of short words joined by 、, opening a clause and closed by 等, punctuation or the end
_NAME_LIST_RE = re.compile(r"(?:^|(?<=[：:，,。；;\n]))[ \t\u3000]*((?:[\u4e00-\u9fff]{2,3}、){2,}[\u4e00-\u9fff]{2,3})"
                           r"(?=等|[，,。；;：:]|$)", re.M)


# a speech given (作主题讲座, 做报告): what 作/做 after a name opens
_SPEECH_AFTER = re.compile(r"(?:了)?(?:主旨|主题|重要|专题|交流|表态|典型|辅导|工作)?(?:报告|发言|讲话|总结|汇报|动员|讲座|讲解)")


def _village_shaped(name: str) -> bool:
    """Three characters ending in 村, 镇 or 乡: a place the division list lacks (为彭嘴村捐赠), not a person."""
    return len(name) == 3 and name[-1] in "村镇乡"


def _name_at(doc: Doc, pos: int, lex: Lexicon, *, after_title: bool = False) -> tuple[int, int] | None:
    """:func:`_name_span`, without a preposition glued to a given name (负责人姜新为村民支招 → 姜新): a
    third character 为/给/对… followed by a noun is the preposition of the clause."""
    span = _name_span(doc, pos, lex, after_title=after_title)
    if span is None:
        return None
    s, e = span
    text = doc.text
    if text[s + 1:e] in _HONORIFICS:
        return None  # 刘大爷, 王阿姨: a form of address, not a name
    if _village_shaped(text[s:e]):
        return None  # 彭嘴村: a village the division list lacks, not a person
    if text[s] in _PREPOSITION_SURNAMES and (verb := doc.token_at(s + 1)) is not None and verb.end > e \
            and word_tags().get(verb.word, "")[:1] == "v":
        return None  # 干部向结对的…: the preposition 向 before a verb (结对), not a surname
    if e - s == 2 and text.startswith("之一行", e):
        return s, e + 1  # 副主委田宗/之一/行: jieba read the name's last character and 一 as 之一 (one of)
    if e - s == 3 and text[e - 1] == "一" and text.startswith("行", e):
        return s, e - 1  # 常务副总石剑/一/行为…: 一行 (and those with him), not the name's last character
    if e - s == 3 and text[e - 1] == "率" and re.match(r"[\u4e00-\u9fff\d]", text[e:e + 1]):
        return s, e - 1  # 副主委程昆/率/盟员…: jieba glued the verb 率 (leads) to the name
    if e - s == 3 and text[e - 1] in "作做" and _SPEECH_AFTER.match(text, e):
        return s, e - 1  # 研究员陈雯作/主题/讲座: 作 (gives) a talk, not the name's last character
    if e - s == 3 and text[e - 1] == "所" and re.match(r"(?:创办|创立|创建|创始|成立|兴办|领办|在|属|带领|领导)", text[e:e + 2]):
        return s, e - 1  # 常委李明所/创始的…公司: the particle 所 before a verb, not the name's last character
    if e - s == 3 and text[e - 1] in _PREPOSITIONS:
        nxt = doc.token_at(e)
        if nxt is not None and word_tags().get(nxt.word, "")[:1] in ("n", "r"):
            return s, e - 1
    return span


def _name_closed(doc: Doc, pos: int, lex: Lexicon) -> bool:
    """What follows ``pos`` closes a name: punctuation, the end, or a word that follows people (带领, 表示 …)."""
    text = doc.text
    return pos >= len(text) or text[pos] in "、,，。;；:：(（" or any(text.startswith(w, pos) for w in lex.person_after)


def _said_glued(doc: Doc, pos: int) -> bool:
    """jieba glued a name's last character to 说 before a quote (李东/明说：“…”) or after one (…”副行长黄祥/正说。): a
    two-character word at ``pos`` ending in 说, followed by a colon, a comma, a quotation mark or the sentence's end."""
    tok = doc.token_at(pos)
    return (tok is not None and len(tok.word) == 2 and tok.word[1] == "说" and CJK_RE.match(tok.word[0]) is not None
            and doc.text[tok.end:tok.end + 1] in (":", "：", "，", ",", "“", '"', "。", ""))


def _name_span(doc: Doc, pos: int, lex: Lexicon, *, after_title: bool = False) -> tuple[int, int] | None:
    """A person's name starting at ``pos`` (surname + 1–2 characters, cut at word boundaries).
    ``after_title``: a role title stands right before, so a given name that is also a common word
    (黄进发: 进发 is a verb) is taken when punctuation closes it."""
    text = doc.text
    sur = next((c for c in lex.compound_surnames if text.startswith(c, pos)), None)
    if sur is None and pos < len(text) and text[pos] in lex.surnames:
        sur = text[pos]
    if sur is None:
        return None
    tags = word_tags()
    tok = doc.token_at(pos)
    if tok is None:
        # 副部/长安/正辉, 秘书/长江/欣: jieba glued the title's last character to the surname
        glued = doc.token_containing(pos)
        if not after_title or glued is None or glued.end - pos != len(sur):
            return None
        tok = Token(sur, pos, glued.end)
    cands: list[int] = []
    if 2 <= len(tok.word) <= 3 + (len(sur) - 1) and CJK_RE.fullmatch(tok.word[-1]):
        tag = tags.get(tok.word)
        if tag is None or tag.startswith("nr") or (after_title and len(tok.word) == 2 and tag == "t"):
            cands.append(tok.end)  # (主委秦天/志: a surname and a character jieba read as a time word)
    if len(tok.word) == len(sur):  # 崔/永平, 邹/建平: surname cut off by jieba
        nxt = doc.token_at(tok.end)
        if nxt is not None and 1 <= len(nxt.word) <= 2 and all(CJK_RE.match(c) for c in nxt.word):
            tag = tags.get(nxt.word, "")
            if not tag.startswith(("v", "p", "u", "c", "d", "m", "q", "r", "b", "f", "t", "a", "s")):
                cands.append(nxt.end)
            elif after_title and len(nxt.word) == 2 and tag[:1] in ("v", "m") and _name_closed(doc, nxt.end, lex) \
                    and nxt.word[1] != "说":  # (第一书记李/明说，: the name, then 说)
                cands.append(nxt.end)  # 主席兰/学成/带领, 部长童/一峰/出席: a given name read as a verb or number
    if len(cands) == 1 and cands[0] - pos == len(sur) + 1:
        # 刘海/波/一起: jieba took a two-character word and left the last character of the name alone
        one = doc.token_at(cands[0])
        # after a title any character may end the name (副部长杨来/增/带领: 增 read as a verb), but not one
        # that opens the clause (说, 也, 是 …)
        # nor one a list mark follows (李家/喜/、李爱民: 喜 read as a verb)
        listed = text[cands[0] + 1:cands[0] + 2] in ("、", "等")
        addressed = text.startswith(("先生", "女士", "同志"), cands[0] + 1)  # 王子/元/先生
        if one is not None and len(one.word) == 1 and CJK_RE.match(one.word) and (tags.get(one.word, "")[:1] in (
                "n", "a", "g", "j", "") or ((after_title or listed or addressed) and one.word not in _CLAUSE_CHARS)) \
                and one.word not in _NAME_NEVER_ENDS and one.word not in _PREPOSITIONS:
            nxt2 = doc.token_at(one.end)
            if nxt2 is None or nxt2.word[:1] in "、,，。;；(（" or tags.get(nxt2.word, "")[:1] in ("d", "p", "c", "v", "u", "m") \
                    or (after_title and nxt2.word[:1] in "和及与") \
                    or any(text.startswith(w, one.end) for w in lex.person_after) \
                    or (after_title and (tags.get(nxt2.word, "") in ("a", "ad") or nxt2.word == "代表")):
                cands.insert(0, one.end)  # (书记梁锐/成/详细介绍, 总经理马子/林/代表…: after a title)
    for end in cands:
        n = end - pos
        glued_on = False
        glued = doc.token_at(end) if after_title and n == len(sur) + 1 else None
        if glued is not None and len(glued.word) >= 2 and glued.word not in tags \
                and glued.word[0] not in _NAME_NEVER_ENDS and CJK_RE.match(glued.word[0]) and (
                    (len(glued.word) >= 3 and glued.word[1] in "和及与") or glued.word[1:] == "任"
                    or any(text.startswith(w, end + 1) for w in lex.person_after)):
            # 主委兰亚/青和社…, 支书周六/根带/着, 副主任陈剑/波任/联系市领导: jieba glued the name's last character
            # to what follows it
            end, n, glued_on = end + 1, n + 1, glued.word[1:] == "任"
        elif text.startswith("和等", end) and n == len(sur) + 1:
            end, n = end + 1, n + 1  # 周建和等: 和 before 等 belongs to the name
        elif n == len(sur) + 1 and _said_glued(doc, end):
            end, n, glued_on = end + 1, n + 1, True  # 李东/明说：the name's last character glued to 说
        if not (len(sur) + 1 <= n <= len(sur) + 2) or _bad_end(text, end):
            continue
        after = text[end:end + 4]
        if after and CJK_RE.match(after[0]) and end not in doc.boundaries and not glued_on:
            continue
        return pos, end
    # jieba glued the name to its neighbours (陈建红及…, 乡贤王华君捐资 → 贤王/华君): a name closed by a list word,
    # punctuation or a word that follows names (介绍, 捐资 …)
    for n in (len(sur) + 2, len(sur) + 1):
        end = pos + n
        punct_closed = end < len(text) and text[end] in "、,，。;；(（"
        closed = punct_closed or (end < len(text) and text[end] in "及和等与向") or text.startswith("以及", end) or any(
            text.startswith(w, end) for w in lex.person_after) or (after_title and text[end:end + 1] == "就")
        if not closed or not all(CJK_RE.match(c) for c in text[pos:end]) or _bad_end(text, end):
            continue
        if n == len(sur) + 2 and text[end - 1] == "说":
            continue  # 第一书记李/明说，: the name, then 说
        if not tags.get(text[pos:end], "nr").startswith("nr") and (
                not after_title or tags[text[pos:end]][:1] in ("v", "d", "p", "c", "u", "m", "q")):
            continue  # a common word that opens with a surname character (文化, 高度; 负责人应邀参加: 应邀)
        if all(tags.get(text[i:i + 2], "nr")[:1] not in ("v", "p", "c", "u") for i in range(pos + len(sur), end - 1)):
            return pos, end
        if after_title and (punct_closed or text.startswith("以及", end)) and n == len(sur) + 2:
            return pos, end  # 常务副部长黄进发，(副主委赵某、李自强以及…: a list after a title)
    return None


# forms of address after a name (周永德先生, 李某女士)
_ADDRESSED = ("先生", "女士", "同志")
# a name of two or three characters set apart by spaces after a title, then punctuation or the line's end
_SPACED_NAME = re.compile(r"[ \u3000]{1,2}([\u4e00-\u9fff]{2,3})(?=[ \u3000]+|[，,。；;：:“\"]|$)", re.M)
# a name between 受/在 and the post of the one who asks or leads (受李某主委委托, 在王某会长的带领下)
_LED_BY_NAME_RE = re.compile(r"(?<=[受在由经])([\u4e00-\u9fff]{2,3}?)(?=副?(?:主委|会长|理事长|部长|董事长|主席|组长|队长)(?:的)?"
                             r"(?:委托|带领|率领))")
# what the bearer of a post named right after a name does next (胡军华主委提出, 王某会长出席)
BEARER_ACTS = r"提出|表示|指出|介绍|强调|出席|主持|参加|致辞"
# 胡军华主委提出, 张某书记与…: a name jieba does not know, right before the post its bearer is addressed by
_POST_AFTER_NAME_RE = re.compile(r"(?:常务)?副?(?:主委|书记|主任|会长|部长|理事长|董事长|秘书长|主席|县长|区长|市长|镇长|乡长)"
                                 rf"(?=[，,。；;、：:与和及等（(]|{BEARER_ACTS}|说|讲|带领|率|一行|分别|共同|先后|一起|亲自|专门|作为)")
_DOT = "·•‧・"
_DOTTED_RE = re.compile(rf"[\u4e00-\u9fff]{{2,5}}[{_DOT}][\u4e00-\u9fff]{{2,7}}")


def _syllable_names(doc: Doc, lex: Lexicon, cue_re: str, exclude: set[str], blocked_at: Any) -> list[Found]:
    """Tibetan, Mongolian and Uyghur names written without a surname or a dot (副县长雅扎西出席, 副主任斯庆朝格图介绍):
    two to six characters right after a role title or a person word, holding one of the syllables such names are
    made of (``lexicon.yaml``: ``name_syllables``), closed by punctuation or a word that follows names."""
    text = doc.text
    out: list[Found] = []
    syllables = lex.name_syllables
    if not syllables:
        return out
    for m in re.finditer(f"(?:{cue_re})", text):
        s = m.end()
        for end in range(s + 2, min(len(text), s + 6) + 1):  # the shortest name closed there
            name = text[s:end]
            if not all(CJK_RE.match(c) for c in name):
                continue
            if not (end == len(text) or text[end] in _PUNCT or any(text.startswith(w, end) for w in lex.person_after)):
                continue
            if not any(x in name for x in syllables) or name in exclude or blocked_at(s, end):
                continue
            out.append(Found("Person", name, s, end, confidence=0.7, review="a name of no surname, read by its syllables",
                             extra={"cue": m.group(0)}))
            break
    return out


def _dotted_names(doc: Doc, lex: Lexicon, cue_re: str, exclude: set[str], blocked_at: Any) -> list[Found]:
    """Transliterated names with a middle dot (肖开提·依明, 阿不来提·阿不都合力力) right after a role title or
    a person word: the whole name, cut where punctuation, a verb or a word that follows names comes."""
    text = doc.text
    tags = word_tags()
    out: list[Found] = []
    for m in re.finditer(f"(?:{cue_re})", text):
        md = _DOTTED_RE.match(text, m.end())
        if md is None:
            continue
        s = m.end()
        dot = next(i for i in range(s, md.end()) if text[i] in _DOT)
        end = None
        for e in range(dot + 3, md.end() + 1):  # the shortest part after the dot that a boundary closes
            nxt = text[e:e + 1]
            tok = doc.token_at(e)
            tag = tags.get(tok.word, "")[:1] if tok is not None else ""
            # (a one-character verb is a syllable of the name, 阿不来提·苏来买/正在, unless one of speech or being;
            # 家 is someone's home, 外力·依米提家)
            closed = nxt in ("", "家") or nxt in _PUNCT or any(text.startswith(w, e) for w in lex.person_after) or \
                tag in ("p", "c", "d", "u", "t") or (
                    tag == "v" and tok is not None and (len(tok.word) > 1 or tok.word in "说讲称问答想是"))
            if closed and (e in doc.boundaries or nxt in _PUNCT or nxt in ("", "家")):
                end = e
                break
        if end is None:
            continue
        name = text[s:end]
        if name in exclude or blocked_at(s, end) or any(f.start == s for f in out):
            continue
        out.append(Found("Person", name, s, end, confidence=0.75,
                         extra={"cue": m.group(0), "cue_start": m.start(), "is_title": m.group(0) in lex.titles}))
    return out


def _list_closed(doc: Doc, pos: int, lex: Lexicon) -> bool:
    """A list of names ends at ``pos``: punctuation, 等, a word that follows names, or a verb."""
    text = doc.text
    if pos >= len(text) or text[pos] in _PUNCT or text[pos] == "等":
        return True
    if any(text.startswith(w, pos) for w in lex.person_after):
        return True
    tok = doc.token_at(pos)
    return tok is not None and word_tags().get(tok.word, "")[:1] == "v"


# adverbs that follow a subject's name (李某正奔波, 王某便挂念)
_ADVERBS_AFTER_NAME = frozenset("正便就也又还都曾将已则却再才亦更仍")
# prepositions that are also surnames (向, 于, 和, 同, 与): read before a name the report writes alone elsewhere
_PREPOSITION_SURNAMES = frozenset("向于和同与对给为")


def find_people(doc: Doc, lex: Lexicon, orgs: list[Found], places: PlaceContext,
                exclude_names: set[str]) -> list[Found]:
    text = doc.text
    out: list[Found] = []
    blocked = [(f.start, f.end) for f in orgs] + [(it[0], it[1]) for it in places.items]

    def blocked_at(s: int, e: int) -> bool:
        return any(a < e and s < b for a, b in blocked)

    body_ends = {b for _, b in blocked}

    cue_re = literal_words((*lex.titles, *lex.person_cues))
    out.extend(_dotted_names(doc, lex, cue_re, exclude_names, blocked_at))
    out.extend(f for f in _syllable_names(doc, lex, cue_re, exclude_names, blocked_at)
               if not any(f.start < o.end and o.start < f.end for o in out))
    # overlapping cues: 党总支书记 holds both 支书 and 书记, and only the latter is followed by the name
    for m in re.finditer(f"(?=({cue_re}))", text):
        e = m.end(1)
        if (q := doc.quote_around(m.start(1), e)) is not None and q.end == e + 1 and m.start(1) - q.start <= 9:
            e += 1  # “特聘村主任”张勇, “乡村振兴特聘村主任”: the title quoted
        spaced = _SPACED_NAME.match(text, e) if m.group(1) in lex.titles else None
        if spaced is not None:  # 党支部书记 王国福 “…: a caption's title and name set apart by spaces
            word = spaced.group(1)
            span = (spaced.start(1), spaced.end(1)) if word[0] in lex.surnames and (
                word_tags().get(word) or "nr").startswith("nr") else None  # (主任 高兴 地说: a word, no name)
        else:
            span = _name_at(doc, e, lex, after_title=m.group(1) in lex.titles)
        if span is None:
            continue
        s2, e2 = span
        name = text[s2:e2]
        if name in exclude_names or blocked_at(s2, e2) or any(f.start == s2 for f in out):
            continue
        if doc.in_book_title(s2, e2):
            continue
        cue = m.group(1)
        is_title = cue in lex.titles
        out.append(Found("Person", name, s2, e2, confidence=0.85 if is_title else 0.75,
                         extra={"cue": cue, "cue_start": m.start(1), "is_title": is_title}))
    # Lists: 市领导杜官军、贺云华、陈建红.
    for f in list(out):
        e = f.end
        while text[e:e + 1] in ("、", "和", "及"):
            span = _name_at(doc, e + 1, lex, after_title=bool(f.extra.get("is_title")))
            if span is None or text[span[0]:span[1]] in exclude_names or blocked_at(*span):
                break
            if text[e] != "、" and not _list_closed(doc, span[1], lex):
                break  # 王明和李华: the last of a list, closed by punctuation, 等 or a verb
            out.append(Found("Person", text[span[0]:span[1]], span[0], span[1], confidence=0.75,
                             extra={"cue": f.extra.get("cue"), "listed_after": f.name}))
            e = span[1]
    # A list of three or more names with no title before it (他们是：丁浩、贾甲、王玉军、郑二明等), each a surname and one
    # or two characters, 、 between them, the list opened by a colon or closed by 等.
    for mm in _NAME_LIST_RE.finditer(text):
        items = [(mm.start(1) + i.start(), mm.start(1) + i.end()) for i in re.finditer(r"[^、]+", mm.group(1))]
        if len(items) < 3 or any(blocked_at(a, b) or text[a:b] in exclude_names for a, b in items):
            continue
        if not text.startswith("等", mm.end(1)) and text[max(0, mm.start(1) - 1):mm.start(1)] not in ("：", ":"):
            continue  # (许某、姜某、裘某 on a line of their own: a byline, whose reporters are no people of the report)
        if (text.startswith("等", mm.end(1)) and not _PEOPLE_AFTER_LIST.match(text, mm.end(1) + 1)) or \
                any(text[b - 1] in "村庄屯寨镇乡" for _, b in items):
            continue  # (王村、李庄、张集等自然村: places the list does not hold)
        if not all(_name_at(doc, a, lex) == (a, b) for a, b in items):
            continue
        for a, b in items:
            if not any(f.start < b and a < f.end for f in out):
                out.append(Found("Person", text[a:b], a, b, confidence=0.6, review="a name in a list of names",
                                 extra={"cue": None}))
    # One or two names opening a clause, closed by 等 and the people they lead (李某等盟员, 王某、赵某等支部班子成员).
    for mm in _FEW_NAMES_RE.finditer(text):
        items = [(mm.start(1) + i.start(), mm.start(1) + i.end()) for i in re.finditer(r"[^、]+", mm.group(1))]
        if any(blocked_at(a, b) or text[a:b] in exclude_names or _name_at(doc, a, lex) != (a, b) for a, b in items):
            continue
        for a, b in items:
            if not any(f.start < b and a < f.end for f in out):
                out.append(Found("Person", text[a:b], a, b, confidence=0.6, review="a name before 等 and the people it leads",
                                 extra={"cue": None}))
    # Names followed by a speech or action word (李明介绍, 张华表示), unknown to jieba's dictionary.
    tags = word_tags()
    after_re = re.compile(literal_words(lex.person_after))
    for tok in doc.tokens:
        w = tok.word
        if not (2 <= len(w) <= 3) or w[0] not in lex.surnames or not all(CJK_RE.match(c) for c in w):
            continue
        tag = tags.get(w)
        if (tag is not None and not tag.startswith("nr")) or _village_shaped(w):
            continue  # (为彭嘴村捐赠: a village the division list lacks, not a person)
        if not after_re.match(text, tok.end) or w in exclude_names or blocked_at(tok.start, tok.end):
            continue
        if re.search(r"[\d一二三四五六七八九十百千两几]\s*$", text[max(0, tok.start - 3):tok.start]):
            continue  # 50余人参加: a count, not 余人
        start = tok.start
        if len(w) == 2 and start > 0 and text[start - 1] in lex.surnames and not blocked_at(start - 1, start):
            start -= 1  # 贤王/华君: the surname was glued to the word before (not a name's end: 有限公|司李明)
        if any(f.start < tok.end and start < f.end for f in out):
            continue
        out.append(Found("Person", text[start:tok.end], start, tok.end, confidence=0.6,
                         review="a name found by the verb after it", extra={"cue": None}))
    # 周/永德/先生: a surname jieba cut off, its given name, and a form of address after them
    for i, tok in enumerate(doc.tokens[:-2]):
        given, after = doc.tokens[i + 1], doc.tokens[i + 2]
        if tok.word not in lex.surnames or given.start != tok.end or after.start != given.end or \
                not 1 <= len(given.word) <= 2 or not all(CJK_RE.match(c) for c in given.word) or \
                after.word not in _ADDRESSED or tags.get(given.word, "n")[:1] in ("v", "p", "c", "u", "m", "q", "r", "d"):
            continue
        name = text[tok.start:given.end]
        if name in exclude_names or blocked_at(tok.start, given.end) or \
                any(f.start < given.end and tok.start < f.end for f in out):
            continue
        out.append(Found("Person", name, tok.start, given.end, confidence=0.6,
                         review=f"a name found by the {after.word} after it", extra={"cue": None}))
    # A name right before the post its bearer is addressed by, and what they say or do (胡军华主委提出).
    for tok in doc.tokens:
        w = tok.word
        if not (2 <= len(w) <= 3) or w[0] not in lex.surnames or not all(CJK_RE.match(c) for c in w) or \
                not (tags.get(w) or "nr").startswith("nr"):
            continue
        end = tok.end
        if len(w) == 2 and (one := doc.token_at(end)) is not None and len(one.word) == 1 and CJK_RE.match(one.word) \
                and one.word not in _NAME_NEVER_ENDS and _POST_AFTER_NAME_RE.match(text, one.end) \
                and not _POST_AFTER_NAME_RE.match(text, end):
            end = one.end  # 黄敏/沁/副主委: the name's last character jieba left alone
        if not _POST_AFTER_NAME_RE.match(text, end):
            continue
        start = tok.start
        if len(w) == 2 and (before := doc.token_ending_at(start)) is not None and len(before.word) == 1 \
                and before.word in lex.surnames:
            start -= 1  # 陈/刘菲书记: the surname jieba cut off
        name = text[start:end]
        if name in exclude_names or blocked_at(start, end) or any(f.start < end and start < f.end for f in out):
            continue
        out.append(Found("Person", name, start, end, confidence=0.6, review="a name found by the post after it",
                         extra={"cue": None}))
    # A name between 受/在 and the post of the one who asks or leads (受李某主委委托, 在王某会长的带领下).
    for mm in _LED_BY_NAME_RE.finditer(text):
        a, b = mm.span(1)
        name = mm.group(1)
        if name[0] not in lex.surnames or name in exclude_names or blocked_at(a, b) or \
                any(f.start < b and a < f.end for f in out):
            continue
        out.append(Found("Person", name, a, b, confidence=0.7, review="a name found by the post after it",
                         extra={"cue": None}))
    # A name opening a clause, with no title before it, and followed by a membership (李某，民革党员; not in a
    # clause a comma opens), by the body and post it holds in brackets (李某（某商会会长）出席) or by the post 任
    # gives it (王某任某村第一书记).
    post_after = _post_after(lex.titles)
    for mm in re.finditer(r"(?:^|(?<=[。\n；;：:！!？?，,]))[ \t\u3000]*", text):
        span = _name_at(doc, mm.end(), lex)
        if span is None:
            continue
        if _MEMBER_AFTER.match(text, span[1]) and text[mm.start() - 1:mm.start()] not in ("，", ","):
            review = "a name found by the membership after it"
        elif post_after.match(text, span[1]):
            review = "a name found by the post after it"
        else:
            continue
        name = text[span[0]:span[1]]
        if name in exclude_names or blocked_at(*span) or any(f.start < span[1] and span[0] < f.end for f in out):
            continue
        out.append(Found("Person", name, span[0], span[1], confidence=0.65, review=review, extra={"cue": None}))
    # A name opening a line, a space after it, then the body and post it holds (李某 某某股份有限公司董事长，…):
    # the lists of appointees reports print.
    title_re = re.compile(literal_words(lex.titles))
    for mm in re.finditer(r"(?m)^[ \t\u3000]*(?=[\u4e00-\u9fff]{2,4}[ \t\u3000]+[\u4e00-\u9fff])", text):
        span = _name_at(doc, mm.end(), lex)
        if span is None or text[span[1]:span[1] + 1] not in (" ", "\t", "\u3000"):
            continue
        stop = re.compile(r"[，,。；;\n]").search(text, span[1])
        line_end = stop.start() if stop else len(text)
        name = text[span[0]:span[1]]
        if title_re.search(text, span[1], line_end) is None or name in exclude_names or blocked_at(*span) or any(
                f.start < span[1] and span[0] < f.end for f in out):
            continue
        out.append(Found("Person", name, span[0], span[1], confidence=0.65,
                         review="a name opening a line before the post it holds", extra={"cue": None}))
    # Names listed before their count and kind (邢某、王某、李某三位盟员), or before a post they hold
    # (陈某主委等), at the start of a clause or list.
    for mm in re.finditer(rf"等?(?:[一二三四五六七八九十两\d]+[位名])?(?:{cue_re})", text):
        listed: list[tuple[int, int]] = []
        end = mm.start()
        while True:
            span = next((sp for n in (3, 2) if end - n >= 0
                         for sp in [_name_at(doc, end - n, lex)] if sp is not None and sp[1] == end), None)
            if span is None:
                break
            listed.insert(0, span)
            if text[span[0] - 1:span[0]] != "、":
                break
            end = span[0] - 1
        if not listed:
            continue
        lead = text[listed[0][0] - 1:listed[0][0]] if listed[0][0] > 0 else "。"
        counted = re.match(r"等?[一二三四五六七八九十两\d]", mm.group(0)) is not None
        # after punctuation, or right after the body or place the post is of (岩前镇陈刘菲书记、陈善鸿镇长，)
        after_body = listed[0][0] in body_ends and mm.group(0) in lex.titles
        if (lead not in "，,。；;：:、了（(\n “" and not after_body) or (len(listed) == 1 and not counted and not re.match(
                r"(?:等|一行|带领|率|表示|介绍|说|，|,|、)", text[mm.end():mm.end() + 2])):
            continue
        for a, b in listed:
            name = text[a:b]
            if name in exclude_names or blocked_at(a, b) or any(f.start < b and a < f.end for f in out):
                continue
            out.append(Found("Person", name, a, b, confidence=0.65, review="a name found by the post or count after it",
                             extra={"cue": mm.group(0)}))
    out = [f for f in out if f.name[1:] not in _HONORIFICS]
    # 李夺正奔波 beside 李夺便挂念, 李夺向记者: the third character is the adverb after a two-character name
    # the report writes elsewhere before other such words
    def two_char(f: Found) -> bool:
        if len(f.name) != 3 or f.name[2] not in _ADVERBS_AFTER_NAME or not CJK_RE.match(text[f.end:f.end + 1] or " "):
            return False
        return any(text[e:e + 1] != f.name[2] and text[e:e + 1] in _AFTER_NAME | _ADVERBS_AFTER_NAME
                   for _, e in spans_of(text, f.name[:2]))
    out = [replace(f, name=f.name[:2], end=f.end - 1, key="") if two_char(f) else f for f in out]
    # 委员赵训清单位 beside 委员赵训清、…: a two-character name whose next character jieba glued to the word after
    # it (清单) is the three-character name the report writes elsewhere
    three = {f.name for f in out if len(f.name) == 3}
    out = [replace(f, name=f.name + text[f.end], end=f.end + 1, key="")
           if len(f.name) == 2 and f.name + text[f.end:f.end + 1] in three else f for f in out]
    # 问候了联系户韦定才，…了解到韦定才一家: a two-character name the report never writes without the same third
    # character after it, and writes so closed at least once (by punctuation, or a word that follows names when the
    # character cannot be an adverb), is the three-character name
    def third(f: Found) -> str | None:
        if len(f.name) != 2 or f.name[0] not in lex.surnames:
            return None
        ends = [e + 1 for _, e in spans_of(text, f.name)]
        nexts = {text[e - 1:e] for e in ends}
        c = next(iter(nexts)) if len(nexts) == 1 else ""
        if not CJK_RE.match(c or " ") or c in _NAME_NEVER_ENDS or c in _PREPOSITIONS or c in _CLAUSE_CHARS \
                or _bad_end(text, f.end + 1):
            return None  # (王力说。: a verb of speech)
        if c in _ADVERBS_AFTER_NAME:  # (李建才表示: an adverb, unless punctuation follows it)
            return c if any(text[e:e + 1] in ("、", ",", "，", "。", ";", "；") for e in ends) else None
        return c if any(_name_closed(doc, e, lex) for e in ends) else None
    out = [replace(f, name=f.name + c, end=f.end + 1, key="") if (c := third(f)) else f for f in out]
    # 书记向许捷一行汇报 beside 副主任许捷携…: a preposition that is also a surname, before a two-character name
    # the report gives elsewhere
    two = {f.name for f in out if len(f.name) == 2}
    out = [replace(f, name=f.name[1:], start=f.start + 1, key="")
           if len(f.name) == 3 and f.name[0] in _PREPOSITION_SURNAMES and f.name[1:] in two else f for f in out]
    # 理事单位, 干部代表, 幼儿园师生: a two-character word of the dictionary that is no name (jieba's tag is
    # a noun's or a verb's, or it names a group of people) after a title or before a verb
    out = [f for f in out if not (len(f.name) == 2 and (f.name in _GROUP_WORDS or tags.get(f.name) in _COMMON_WORD_TAGS))]
    # Later bare mentions of the names found.
    names = {f.name for f in out}
    for name in sorted(names, key=len, reverse=True):
        for s, e in spans_of(text, name):
            if any(f.start == s for f in out) or blocked_at(s, e):
                continue
            out.append(Found("Person", name, s, e, confidence=0.8, extra={"cue": None, "repeat": True}))
    return sorted(out, key=lambda f: f.start)
