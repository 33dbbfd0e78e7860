"""Coverage and investment claims from the wording of a report.

A claim is a figure with what it counts, about a place (and the program the sentence names):

* a **count** — 412家企业, 实践创新基地9个, 29个党派支部已有13个…, 300家民营企业与250个村庄结成共同体
  (two claims) — of a node kind (``subject``), kept only in a sentence that also says what makes a
  subject count (结对, 示范点, 参与, 建立, 覆盖, 惠及, 带动 …); never people sent (派出4名干部), dates,
  years, distances, areas, phone numbers or numbers inside names;
* an **amount** of money — 投入资金6.6万元, 捐赠物资价值189.4万元, 投资2000万元 — in yuan with the figure
  as written (``as_written``) and the relation that gives it (DONATES_TO, INVESTS_IN or PAIRED_WITH);
* every other **figure** the report states — 低收入户共有139户, 600余册图书, 村集体经济增收94.4万元 — with
  ``what`` it is of in the report's words and neither a node kind nor a relation: the graph counts nothing
  for it, a reviewer reads it (not dates, durations, ranges, areas, distances or numbers inside names).

Every claim carries its evidence sentence (verbatim from the original) and a confidence; guesses are
marked ``review``.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from tongxin.extract.draft import DraftClaim, DraftEntity
from tongxin.extract.lexicon import literal_words
from tongxin.extract.relations import _Rel
from tongxin.extract.report import Extraction, is_org
from tongxin.extract.text import word_tags
from tongxin.graph.ontology import load_ontology
from tongxin.loaders.common import parse_amount

__all__ = ["find_claims"]

# A sum of money in a report: 6.6万元, 2.8亿元, 3000元, 10余万元 (not 3000余人, not a price: 5元/斤, 每亩800元).
_AMOUNT = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)(?:余|多)?(亿元|万元|元|亿|万)(?:余|多)?(元)?(?!/)")
# Measure words after 万/亿 that make the figure no sum of money (5万人, 3万亩, 2万吨).
_MEASURE = re.compile(r"[人户家个名位所支座处项亩吨斤株只头平方米公里册件套台次场元]")
# What the money is, read in its clause: invested, given, or aid funds of no stated kind (review).
_INVESTS = re.compile(r"投资|投入|注资|出资(?:建设|修建|新建|兴建)|援建")
_DONATES = re.compile(r"捐|赠|资助|慰问|救助|援助|善款|物资|爱心款|出资|帮扶资金|扶贫资金|帮扶款|扶贫款")
_FUNDS = re.compile(r"资金|经费|帮扶|扶贫|争取|筹集|筹措|募集|协调|落实|结对|签约|金额")
# …and what it is not: earnings, output, prices, wages, loans, budgets of a place, rewards per head.
_NOT_AID = re.compile(r"收入|增收|产值|销售|营收|营业|利润|年薪|工资|薪|税|贷款|授信|价格|售价|单价|人均|每|均价|"
                      r"总额|规模|估值|市值|注册资本|GDP|总值|分红|租金|收益|盈利|效益|节约|节省|成本|奖金|奖励")

# Any other figure: a number with a measure word (139户, 600余册, 94.4万元; not 3个月, not 3至5个, not 第5次).
_FIGURE = re.compile(r"(?<![\d.\-:/：第~～—])(\d+(?:\.\d+)?)(万|亿)?(余|多)?"
                     r"(万元|亿元|元|人次|[家个户人名位所项次吨册棵株盏台箱套辆斤间起批场条种只头件座处])")
_NOT_FIGURE = re.compile(r"多?(?:月|小时|工作日|星期)|[至到\-~～—]\d")  # 3个月; the first end of 3至5个
_RANGE_END = re.compile(r"\d[万亿]?[余多]?[\u4e00-\u9fff]?[至到~～—]$")  # the second end of 3至5个, 3个到5个
_WHAT_TRIM = re.compile(r"^(?:并|和|与|及|其中|目前|共|已|还|又|先后|累计)+|(?:了|约|近|达|达到|共|共计|合计|总计|累计|为|超过|逾|有|已有|共有)+$")

# Verbs before a bare count of people or households (带动1200人就业, 惠及2000余人): who a program reached.
_REACHES = re.compile(r"带动|惠及|受益|帮助|帮扶|救助|资助|慰问|安置|吸纳|解决|覆盖|辐射|服务|培训|结对")

_CN_LEVEL = [("全市", "city"), ("该市", "city"), ("市县两级", "city"), ("市本级", "city"),
             ("全区", "county"), ("该区", "county"), ("全县", "county"), ("该县", "county"), ("全省", "province")]
_NP_STOP = {"等", "与", "和", "及", "中", "已", "已有", "均", "至少", "全部", "都", "也", "在", "为", "有", "是", "将",
            "被", "由", "以", "从", "向", "对", "其中"}


def find_claims(ex: Extraction, report_date: str | None) -> list[DraftClaim]:
    lex, text, doc = ex.lex, ex.doc.text, ex.doc
    nouns = sorted(lex.count_subjects, key=lambda p: -len(p[0]))
    noun_kind = dict(nouns)
    counters = re.escape(lex.count_counters)
    # 412家企业, 2000余人, 1.2万人 (a count in 万 or 亿 keeps its figure as written)
    fwd = re.compile(rf"(?<![\d.至到~\-])(\d+(?:\.\d+)?)(万|亿)?(余|多)?([{counters}])")
    rev_nouns = literal_words(tuple(n for n, _ in nouns if len(n) >= 2))  # 5个乡30个村: 乡 heads the 5
    rev = re.compile(rf"({rev_nouns})[”’]?(?:近|约|逾|超过)?(\d+(?:\.\d+)?)(万|亿)?(余|多)?([{counters}])")
    claims: list[DraftClaim] = []
    used: set[int] = set()
    seen: set[tuple[str, int, str]] = set()
    r = _Rel(ex)
    org_spans = [(m.start, m.end) for m in ex.mentions if is_org(m.entity.kind)]
    verbs = {w for ws in lex.claim_cues.values() for w in ws if len(w) >= 2} | set(lex.pairing_verbs) | set(
        lex.runs_verbs) | set(lex.participates_verbs) | set(lex.designation_verbs) | {"开展", "提供", "实现", "帮扶"}
    verbs -= {n for n, _ in nouns}
    header_places = _header_places(ex)

    def compatible(kind: str, counter: str) -> bool:
        return (kind == "Person") == (counter in "名位人户")

    def noun_phrase(pos: int) -> str:
        """The noun phrase after a count: jieba words up to punctuation, a number or a function word
        (等, 与, 已, 均 …); quotes, brackets and 、 are part of it."""
        end = pos
        while end < len(text) and end - pos < 24:
            tok = doc.token_at(end)
            if tok is None:  # 名新/的, 个村/(: the counter was glued to the next word
                tok = doc.token_containing(end)
                if tok is None:
                    break
                tok = type(tok)(text[end:tok.end], end, tok.end)
            w = tok.word
            if w in "“”‘’()（）、":
                end = tok.end
                continue
            if any(ch in "，,。;；:：!！?？\n" for ch in w) or re.match(r"\d", w):
                break
            if w in _NP_STOP or w in verbs:
                break
            end = tok.end
        return text[pos:end].rstrip("、")

    def noun_after(pos: int, counter: str) -> tuple[str, str] | None:
        # 12个被帮扶行政村, 7个结对村: a pairing verb qualifying the noun is not the end of the phrase
        mod = re.match(r"(?:被)?(?:结对帮扶|帮扶|结对|挂点|共建)(?:的)?", text[pos:pos + 6])
        if mod:
            pos += mod.end()
        np_ = noun_phrase(pos)
        if not np_:
            return None
        for n, kind in nouns:  # the head: the noun the phrase ends with
            if np_.endswith(n) and compatible(kind, counter):
                return n, kind
        best: tuple[int, str, str] | None = None
        for n, kind in nouns:  # else the first noun that starts a word
            i = np_.find(n)
            while i >= 0:
                if (i == 0 or (pos + i) in doc.boundaries) and compatible(kind, counter):
                    if best is None or i < best[0] or (i == best[0] and len(n) > len(best[1])):
                        best = (i, n, kind)
                    break
                i = np_.find(n, i + 1)
        return (best[1], best[2]) if best else None

    def cue_relation(s: int, e: int, kind: str, noun: str) -> tuple[str | None, bool]:
        seg = text[s:e]
        for rel in ("PAIRED_WITH", "LIAISON_FOR", "PARTICIPATES_IN"):
            if any(c in seg for c in lex.claim_cues[rel]):
                return rel, True
        if kind == "Site" or "示范" in noun or "样板" in noun:
            if any(c in seg for c in lex.claim_cues["SITE_OF"]) or kind == "Site":
                return "SITE_OF", True
        if kind == "Person" and any(c in seg for c in lex.claim_cues["HOLDS_ROLE"]):
            return "HOLDS_ROLE", True
        if any(c in seg for c in lex.claim_cues["MEMBER_OF"]) and kind == "Person":
            return "MEMBER_OF", True
        if any(c in seg for c in lex.claim_cues["RUNS"]) or any(c in seg for c in lex.claim_cues["HOLDS_ROLE"]):
            return None, True
        if re.search(r"现有|已有|共有|累计|全覆盖|覆盖|惠及|受益|带动|帮助|资助|协调|动员|发动|试点|完成|实施|就业|"
                     r"义诊|慰问|救助|受助|捐助|捐赠|培训|[市县区镇乡村]有", seg):
            return None, True
        return None, False

    def place_before(start: int, pos: int, levels: tuple[str, ...] | None) -> DraftEntity | None:
        """The last place named in [start, pos), not inside an organisation's name (of ``levels``, or coded)."""
        for m in reversed(ex.mentions):
            if start <= m.start < pos and m.entity.kind == "Place" and (
                    m.level in levels if levels else bool(m.entity.code)) and \
                    not any(a <= m.start and m.end <= b for a, b in org_spans):
                return m.entity
        return None

    def about_place(pos: int) -> DraftEntity | None:
        s, _ = doc.sentence_of(pos)
        sent = text[s:pos + 12]
        # 1. a city or county named in the sentence before the figure
        if (ent := place_before(s, pos, ("city", "county", "province"))) is not None:
            return ent
        # 2. the section's place (a heading that is just a place name), 3. the report's own place
        level = next((lv for w, lv in _CN_LEVEL if w in sent), None)
        section = next((ent for start, ent in reversed(header_places) if start < pos), None)
        if section is not None:
            return section
        if level is not None and ex.main_place is not None:
            main_level = next((m.level for m in ex.mentions if m.entity is ex.main_place), "")
            if main_level and main_level != level:
                want = ex.pctx.main.get(level)
                ent = next((e for e in ex.entities if e.code == want), None) if want else None
                if ent is not None:
                    return ent
        if ex.main_place is None:
            # 4. a report of no one place (a body helping several counties): the place named last before it
            # (赵家乡…。当地农民人均纯收入从2324元上升到8776元)
            return place_before(0, pos, None)
        return ex.main_place

    def add(count_s: int, count: int, approx: bool, kind: str, noun: str, total: int | None,
            as_written: str | None) -> None:
        s, e = doc.sentence_of(count_s)
        seg_s, seg_e = r.segment(count_s)
        if count <= 1:
            return
        if kind == "Person" and re.search(r"(?:派出|派驻|选派|下派|派)[了]?(?:近|约|共)?$", text[max(seg_s, count_s - 5):count_s]):
            return  # 派出4名干部: people sent, not a coverage figure
        relation, cued = cue_relation(seg_s, seg_e, kind, noun)
        if not cued:
            relation, cued = cue_relation(s, e, kind, noun)
            if not cued:
                return
        about = about_place(count_s)
        if about is None:
            return
        key = (about.ref, count, kind)
        if key in seen:
            return
        seen.add(key)
        program = r.program_in(s, e)
        quote, men = r.evidence(s, e)
        statement = re.sub(r"\s+", "", text[seg_s:seg_e]).strip("，,。;；")
        ref = _new_ref(claims, f"{about.ref}-{kind.lower()}-{count}")
        review = "an approximate figure" if approx else None
        if relation is not None and not load_ontology().can_join(relation, kind):
            relation = None  # 签约项目10个: no PAIRED_WITH has a Program at an end; what it counts is unclear
        if relation is None:
            review = (review + "; " if review else "") + "what the figure counts is not clear"
        claims.append(DraftClaim(
            ref=ref, about=about.ref, subject=kind, count=count, statement=statement[:80], evidence=quote,
            program=program.ref if program else None, relation=relation, total=total,
            as_of=report_date[:7] if report_date else None, confidence=0.55 if review else 0.7,
            review=bool(review), review_note=review, mentions=[men], as_written=as_written))

    def add_amount(m: re.Match[str]) -> None:
        """An amount of money in a clause that says it was invested or given (不是 收入/产值/价格…)."""
        seg_s, seg_e = r.segment(m.start())
        left, right = text[seg_s:m.start()], text[m.end():seg_e]
        near = left[-8:] + "|" + right[:10]
        if _NOT_AID.search(re.sub(r"^(?:总额|金额)", "", near)):  # 捐款，总额5万元: the sum of the gifts
            return
        unit = m.group(2) + (m.group(3) or "")
        if not unit.endswith("元"):  # 投资5000万建设: money only right after a verb of money; 30万人 are people
            if _MEASURE.match(right) or not re.search(r"(?:投资|投入|注资|捐资|捐款|捐赠|资助|资金|出资)[了约达共近超逾]*$",
                                                      left):
                return
        if _INVESTS.search(left) or _INVESTS.search(right[:6]):
            relation, review = "INVESTS_IN", None
        elif _DONATES.search(left) or _DONATES.search(right[:10]):
            relation, review = "DONATES_TO", None
        elif _FUNDS.search(left) or _FUNDS.search(right[:10]):
            relation, review = "DONATES_TO", "aid money: given, invested or paired? the clause does not say"
        else:  # 为储良村捐款，共计5万元: the verb in the clause before, the sum in a clause of its own
            sent_s, _ = doc.sentence_of(m.start())
            before = text[sent_s:seg_s]
            if not re.match(r"(?:共计|合计|总计|累计|共|价值|金额|总额|折合)", left) or not before:
                return
            if _INVESTS.search(before):
                relation = "INVESTS_IN"
            elif _DONATES.search(before):
                relation = "DONATES_TO"
            else:
                return
            review = "the sum is in a clause of its own: check what it is the sum of"
        yuan = parse_amount(m.group(0))
        about = about_place(m.start())
        if yuan is None or yuan <= 0 or about is None:
            return
        key = (about.ref, yuan, "amount")
        if key in seen:
            return
        seen.add(key)
        s, e = doc.sentence_of(m.start())
        program = r.program_in(s, e)
        quote, men = r.evidence(s, e)
        statement = re.sub(r"\s+", "", text[seg_s:seg_e]).strip("，,。;；")
        ref = _new_ref(claims, f"{about.ref}-{relation.lower().replace('_', '-')}-{yuan}")
        if "余" in m.group(0) or "多" in m.group(0):
            review = (review + "; " if review else "") + "an approximate figure (at least this much)"
        claims.append(DraftClaim(
            ref=ref, about=about.ref, subject=None, count=None, statement=statement[:80], evidence=quote,
            program=program.ref if program else None, relation=relation,
            as_of=report_date[:7] if report_date else None, confidence=0.55 if review else 0.7,
            review=bool(review), review_note=review, mentions=[men], amount=yuan, as_written=m.group(0)))

    for am in _AMOUNT.finditer(text):
        add_amount(am)

    found: list[tuple[int, int, bool, str, str, int | None, str | None]] = []
    for m in rev.finditer(text):  # 实践创新基地9个, “统战工作点”36个, 群众1.2万人
        fig = _figure(m.group(2), m.group(3))
        # the noun starts a word: 统战工作|联络点36个 is 联络点, not 工作联络点
        noun_s = next((b for b in range(m.start(1), m.end(1) - 1) if b in doc.boundaries
                       and text[b:m.end(1)] in noun_kind), None)
        if noun_s is None or fig is None:
            continue
        if re.search(rf"\d[万亿]?[余多]?[{counters}]$", text[max(0, noun_s - 6):noun_s]):
            continue  # 12个贫困村3个: the noun heads the count before it
        noun = text[noun_s:m.end(1)]
        kind = noun_kind[noun]
        if not compatible(kind, m.group(5)):
            continue
        used.add(m.start(2))
        written = text[m.start(2):m.end()] if m.group(3) else None
        found.append((m.start(2), fig, bool(m.group(4)), kind, noun, None, written))
    for m in fwd.finditer(text):  # 412家企业, 29个党派支部已有13个…
        fig = _figure(m.group(1), m.group(2))
        if m.start(1) in used or fig is None:
            continue
        glued = re.match(r"[\u4e00-\u9fff“‘]", text[m.end():m.end() + 1])
        na = noun_after(m.end(), m.group(4)) if glued else None
        if na is None and glued:  # 53名有合适劳动能力的贫困群众: the head after a clause ending in 的
            de = re.match(r"[^，,。;；：:\d的]{1,14}的", text[m.end():m.end() + 16])
            if de:
                na = noun_after(m.end() + de.end(), m.group(4))
        if na is None:
            # 带动1200人就业, 惠及2000余人, 带动150户增收: people or households reached, with no noun after
            seg_s, _ = r.segment(m.start())
            if m.group(4) not in "人户" or not _REACHES.search(text[max(seg_s, m.start() - 10):m.start()]):
                continue
            na = ("人", "Person")
        noun, kind = na
        count, total = fig, None
        m2 = re.match(rf"[^，,。;；\d]{{0,12}}?(?:已有|中有|其中有|其中)(\d+)(余|多)?([{counters}])", text[m.end():m.end() + 24])
        if m2:
            total, count = count, int(m2.group(1))
            used.add(m.end() + m2.start(1))
        written = text[m.start(1):m.end()] if m.group(2) and total is None else None
        found.append((m.start(), count, bool(m.group(3)), kind, noun, total, written))
    for pos, count, approx, kind, noun, total, written in sorted(found):
        add(pos, count, approx, kind, noun, total, written)
    _add_figures(ex, claims, r, about_place, report_date)
    return claims


def _figure_what(ex: Extraction, m: re.Match[str]) -> str:
    """What a figure is of: the nouns right after it (600余册|图书|送到; 4名|干部|驻村; 600元|伙食补助), else
    the words before it in its clause, after any number there (低收入户共有|139户、|277人: 人)."""
    text, doc = ex.doc.text, ex.doc
    tags = word_tags()
    start = end = m.end() + (text.startswith("的", m.end()) and m.group(4).endswith("元"))  # 2万元的奖助学金
    while end < len(text) and end - start < 12:
        tok = doc.token_at(end)
        if tok is None and end == start and (glued := doc.token_containing(end)) is not None:
            tok = type(glued)(text[end:glued.end], end, glued.end)  # 11个|班: jieba glued the counter to it
        if tok is None or not re.fullmatch(r"[\u4e00-\u9fff]+", tok.word) or tok.word in _NP_STOP:
            break
        tag = tags.get(tok.word, "n" if end == start else "x")  # 干部|驻村: a word jieba does not know
        if tag[0] in "vpcudrmqx" and tag != "vn":  # a verb, preposition, particle, pronoun or number ends it
            break
        end = tok.end
    if end > start:
        return text[start:end]
    a, _ = doc.clause_of(m.start())
    before = re.sub(r"\s+", "", text[a:m.start()])
    cut = max([f.end() for f in re.finditer(r"\d[\d.]*[万亿]?[余多]?[\u4e00-\u9fff]?", before)] +
              [before.rfind("、") + 1])
    before = before[cut:]
    return _WHAT_TRIM.sub("", before)[-12:] or m.group(4)


def _add_figures(ex: Extraction, claims: list[DraftClaim], r: _Rel, about_place: Any,
                 report_date: str | None) -> None:
    """Every figure no count or amount claim took: what it is of (the noun after it, else the words before
    it in its clause), about the place the sentence is about; for review, counted by nothing."""
    text, doc = ex.doc.text, ex.doc
    names = [(m.start, m.end) for m in ex.mentions if m.entity.kind != "Place"] + list(ex.program_spans)
    repeated: set[tuple[str, str, str]] = set()
    stated = {(c.evidence, c.figure) for c in claims} | {(c.evidence, str(c.total)) for c in claims if c.total}
    for m in _FIGURE.finditer(text):
        if _NOT_FIGURE.match(text, m.end()) or _RANGE_END.search(text, max(0, m.start() - 4), m.start()) or any(
                a <= m.start() < b for a, b in names):
            continue
        unit = m.group(4)
        money = unit.endswith("元")
        value = parse_amount(m.group(0)) if money else _figure(m.group(1), m.group(2))
        if value is None or value <= (0 if money else 1):
            continue
        about = about_place(m.start())
        if about is None:
            continue
        s, e = doc.sentence_of(m.start())
        quote, men = r.evidence(s, e)
        figure = m.group(0) if money or m.group(2) else str(value)
        if (quote, figure) in stated or (quote, str(value)) in stated:
            continue  # a count or amount claim of this sentence states it already
        stated.add((quote, figure))
        seg_s, seg_e = r.segment(m.start())
        what = _figure_what(ex, m)
        if (about.ref, figure, what) in repeated:
            continue  # the same figure of the same thing again (a sentence the report repeats)
        repeated.add((about.ref, figure, what))
        program = r.program_in(s, e)
        statement = re.sub(r"\s+", "", text[seg_s:seg_e]).strip("，,。;；")
        claims.append(DraftClaim(
            ref=_new_ref(claims, f"{about.ref}-figure-{value}"), about=about.ref, subject=None,
            count=None if money else value, amount=value if money else None, statement=statement[:80],
            evidence=quote, program=program.ref if program else None, what=what,
            as_of=report_date[:7] if report_date else None, confidence=0.5, review=True,
            review_note=f"a figure of {what}: nothing in the graph counts it — check what it is of",
            mentions=[men], as_written=m.group(0) if money or m.group(2) else None))


def _figure(number: str, multiplier: str | None) -> int | None:
    """A count: 12, or 1.2 with 万 → 12000; a decimal without 万/亿 (3.5个) is no count."""
    if multiplier is None:
        return None if "." in number else int(number)
    return int(Decimal(number) * (10_000 if multiplier == "万" else 100_000_000))


def _header_places(ex: Extraction) -> list[tuple[int, DraftEntity]]:
    """Places that form a heading line on their own (安徽 report: one section per city)."""
    text = ex.doc.text
    out = []
    for m in ex.mentions:
        if m.entity.kind != "Place":
            continue
        ls = text.rfind("\n", 0, m.start) + 1
        le = text.find("\n", m.end)
        le = len(text) if le < 0 else le
        if text[ls:le].strip() == text[m.start:m.end]:
            out.append((m.start, m.entity))
    return out


def _new_ref(claims: list[DraftClaim], base: str) -> str:
    """``base``, or ``base-2``, ``base-3`` … — the first ref no claim has yet."""
    ref, n = base, 2
    while any(c.ref == ref for c in claims):
        ref, n = f"{base}-{n}", n + 1
    return ref
