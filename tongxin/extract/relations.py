"""Relations and claims from the wording of a report.

Relations join entities named in the same sentence (or clause) by the verbs reports use:

* ``HOLDS_ROLE`` — a title chain before a name: 市委统战部常务副部长王美成, 公司董事长、泸县…联谊会
  副会长王浪伏 (公司/该社区 are resolved to the nearest enterprise/community mentioned before);
* ``SITE_OF`` — X 作为/确定为 “P” (市级)示范点, X 被命名为 “全国P示范社区”;
* ``PAIRED_WITH`` and ``LIAISON_FOR`` — in :mod:`tongxin.extract.pairings`;
* ``DONATES_TO`` / ``INVESTS_IN`` — X 捐赠/投资 N万元 (建成|新建) Y, with the amount in yuan;
* ``LOCATED_IN`` — PLACE 企业 ORG; ``PARTICIPATES_IN`` — X … 在 “P” 中 / 参与 P;
* ``RUNS`` — an organisation opening the sentence and 实施/落实/依托/开展 … “P”; 组建 “X”志愿小组.

Claims come from count phrases (412家企业, 实践创新基地9个, 29个党派支部已有13个…) in sentences that
also say what makes a subject count (结对, 示范点, 参与, 建立 …). Every item carries the evidence
sentence (verbatim from the original) and a confidence; guesses are marked ``review``.
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Any

from tongxin.extract.draft import DraftClaim, DraftEntity, DraftRelation, Mention
from tongxin.extract.entities import name_key
from tongxin.extract.pairings import find_pairings
from tongxin.extract.report import EntityMention, Extraction, base_of, edge_allowed, is_org
from tongxin.graph.ontology import load_ontology

__all__ = ["find_claims", "find_relations", "parse_amount"]

_CLAUSE_STOPS = "，,；;。!！?？\n"
_MONEY_RE = re.compile(r"(?:了|约|达|共|总计|累计|近)?(\d+(?:\.\d+)?)\s*(亿元|万元|亿|万|元)")
_ANAPHORS = {
    "该社区": ("community",), "社区": ("community",), "该村": ("village",), "村里": ("village",),
    "该公司": ("Enterprise",), "公司": ("Enterprise",), "该企业": ("Enterprise",), "企业": ("Enterprise",),
    "该会": ("Association",), "该协会": ("Association",), "商会": ("Association",),
}


def parse_amount(text: str) -> int | None:
    """``120万元`` → 1200000, ``2.8亿元`` → 280000000, ``3000元`` → 3000."""
    m = _MONEY_RE.match(text)
    if not m:
        return None
    n = Decimal(m.group(1))
    unit = m.group(2)
    mult = 100_000_000 if unit.startswith("亿") else 10_000 if unit.startswith("万") else 1
    return int(n * mult)


class _Rel:
    def __init__(self, ex: Extraction) -> None:
        self.ex = ex
        self.text = ex.doc.text
        self.out: list[DraftRelation] = []
        self.seen: set[tuple[str, str, str]] = set()

    # -------------------------------------------------------------------------------- helpers
    def sentence(self, pos: int) -> tuple[int, int]:
        return self.ex.doc.sentence_of(pos)

    def segment(self, pos: int) -> tuple[int, int]:
        """The stretch of the sentence around ``pos`` between commas/semicolons (、 does not cut)."""
        s, e = self.sentence(pos)
        a = pos
        while a > s and self.text[a - 1] not in _CLAUSE_STOPS:
            a -= 1
        b = pos
        while b < e and self.text[b] not in _CLAUSE_STOPS:
            b += 1
        return a, b

    def evidence(self, s: int, e: int) -> tuple[str, Mention]:
        while s < e and self.text[s] in " \t\n\u3000":
            s += 1
        while e > s and self.text[e - 1] in " \t\n\u3000":
            e -= 1
        quote = self.ex.doc.clean.quote(s, e)
        return quote, self.ex.mention(s, e)

    def top_mentions(self, s: int, e: int, bases: tuple[str, ...]) -> list[EntityMention]:
        """Mentions in [s, e) of these bases that are not inside a longer mention (娄底 in 娄底市委),
        places only as the last name of their chain."""
        ms = self.ex.mentions_in(s, e)
        out = []
        for m in ms:
            if base_of(m.entity.kind) not in bases:
                continue
            if any(o is not m and o.start <= m.start and m.end <= o.end and (o.end - o.start) > (m.end - m.start)
                   for o in ms):
                continue
            if m.entity.kind == "Place" and not m.terminal:
                continue
            out.append(m)
        return out

    def anaphor_before(self, pos: int, kinds: tuple[str, ...] | None = None) -> tuple[str, DraftEntity] | None:
        """``该社区``/``公司`` ending at ``pos`` → the nearest entity of that kind mentioned before."""
        for word in sorted(_ANAPHORS, key=len, reverse=True):
            if self.text[max(0, pos - len(word)):pos] == word:
                want = _ANAPHORS[word]
                if kinds is not None and not set(want) & set(kinds):
                    continue
                ent = self.nearest_entity(pos - len(word), want)
                if ent is not None:
                    return word, ent
        return None

    def body_anaphor(self, pos: int) -> tuple[str, DraftEntity] | None:
        """``省委会``/``市委会``/``该会``/``该公司`` ending at ``pos`` → the body of that kind named before."""
        mm = re.search(r"(?:[省市县区]委会|该会|该商会|该协会|该公司|该企业|该集团)$", self.text[max(0, pos - 3):pos])
        if mm is None:
            return None
        word = mm.group(0)
        want = ("DemocraticParty",) if word.endswith("委会") else (
            ("Enterprise",) if word[1:] in ("公司", "企业", "集团") else ("Association",))
        for m in reversed(self.ex.mentions):
            if m.start < pos - len(word) and m.entity.kind in want and (
                    not word.endswith("委会") or m.entity.name.endswith(word)):
                return word, m.entity
        return None

    def nearest_entity(self, pos: int, want: tuple[str, ...]) -> DraftEntity | None:
        for m in reversed(self.ex.mentions):
            if m.start >= pos:
                continue
            if m.entity.kind in want or (m.level in want):
                return m.entity
        return None

    def program_in(self, s: int, e: int) -> DraftEntity | None:
        for m in self.ex.mentions_in(s, e, bases=("Program",)):
            return m.entity
        return None

    def add(self, type_: str, a: DraftEntity, b: DraftEntity, ev: tuple[int, int], conf: float,
            props: dict[str, Any] | None = None, review: str | None = None) -> None:
        if a is b or not edge_allowed(type_, a.kind, b.kind):
            return
        props = {k: v for k, v in (props or {}).items() if v is not None}
        key = (type_, a.ref, b.ref)
        if type_ == "PAIRED_WITH" and (type_, b.ref, a.ref) in self.seen:
            return
        if key in self.seen:
            prev = next(r for r in self.out if (r.type, r.from_, r.to) == key)
            if conf > prev.confidence:  # a plainer statement of the same relation
                quote, men = self.evidence(*ev)
                prev.evidence, prev.mentions, prev.confidence = quote, [men], conf
                prev.review, prev.review_note = bool(review) or conf < 0.6, review
                prev.props.update(props)
            return
        self.seen.add(key)
        quote, men = self.evidence(*ev)
        self.out.append(DraftRelation(type_, a.ref, b.ref, quote, props, confidence=conf,
                                      review=bool(review) or conf < 0.6, review_note=review, mentions=[men]))

    # ------------------------------------------------------------------------------ HOLDS_ROLE
    def roles(self) -> None:
        lex, text = self.ex.lex, self.text
        titles = sorted(lex.titles, key=len, reverse=True)
        notes: dict[str, list[str]] = {}
        for pm in self.ex.mentions:
            if pm.entity.kind != "Person" or not pm.extra.get("is_title"):
                continue
            person = pm.entity
            pos = pm.start
            chain: list[str] = []
            while True:
                t = next((t for t in titles if text[max(0, pos - len(t)):pos] == t), None)
                if t is None:
                    break
                tstart = pos - len(t)
                chain.insert(0, t)
                org, ostart, conf, review = self.org_before_title(tstart, t)
                if org is None:  # 组织部部长: a department we do not know, skip it to the 、 before
                    mm = re.search(r"[\u4e00-\u9fff]{1,4}$", text[max(0, tstart - 4):tstart])
                    k = text.rfind("、", max(0, tstart - 5), tstart)
                    if mm and k >= 0:
                        ostart = k + 1
                if org is not None:
                    title = t
                    if org.kind == "PartyCommittee" and ostart == tstart - 2:
                        title = text[ostart:pos]  # 市委常委
                        chain[0] = title
                    self.add("HOLDS_ROLE", person, org, self.sentence(pm.start), conf, {"title": title}, review)
                pos = ostart
                if pos > 0 and text[pos - 1] in "、":
                    pos -= 1
                    continue
                break
            if chain:
                notes.setdefault(person.ref, [])
                for t in chain:
                    if t not in notes[person.ref]:
                        notes[person.ref].append(t)
        for ent in self.ex.entities:
            if ent.ref in notes and not ent.note:
                ent.note = "、".join(notes[ent.ref])

    def org_before_title(self, tstart: int, title: str) -> tuple[DraftEntity | None, int, float, str | None]:
        text = self.text
        # 寿雁镇党委书记: the title 党委书记 opens with the body (寿雁镇党委), found as an organisation
        mb = re.match(r"党委|党总支|党支部|党工委", title)
        if mb:
            body = [m for m in self.ex.mentions if m.start < tstart and m.end == tstart + mb.end()
                    and is_org(m.entity.kind) and m.entity.kind != "Program"]
            if body:
                m = min(body, key=lambda m: m.start)
                return m.entity, m.start, 0.85, None
        # an organisation or place mention ending right before the title
        cands = [m for m in self.ex.mentions if m.end == tstart and base_of(m.entity.kind) in ("Organisation", "Place")
                 and m.entity.kind != "Program"]
        if cands:
            m = min(cands, key=lambda m: m.start)
            return m.entity, m.start, 0.85, None
        # 市委常委: a bare party committee before the title
        mm = re.search(r"([省市县区])委$", text[max(0, tstart - 2):tstart])
        if mm:
            ent = self.committee(tstart - 2, mm.group(1))
            if ent is not None:
                return ent, tstart - 2, 0.75, None
        ana = self.anaphor_before(tstart)
        if ana is not None:
            word, ent = ana
            return ent, tstart - len(word), 0.65, f"“{word}” read as {ent.name}"
        # 统战部部长: a bare department before the title
        if text[max(0, tstart - 3):tstart] == "统战部":
            ent = self.nearest_entity(tstart, ("UnitedFrontDept",)) or self.department(tstart - 3)
            if ent is not None:
                return ent, tstart - 3, 0.7, None
        # 统战部长: the title names the department
        if title.startswith("统战部"):
            ent = self.nearest_entity(tstart, ("UnitedFrontDept",))
            if ent is not None:
                return ent, tstart, 0.7, None
        return None, tstart, 0.0, None

    def committee(self, pos: int, level_char: str) -> DraftEntity | None:
        """The party committee of 市委常委 (created when the report names it only in titles)."""
        ref = self.ex.pctx.nearest_before(pos + 1, level_char)
        if ref is None:
            return None
        code, pname = ref
        return self.ensure("PartyCommittee", pname + "委", code, pos, pos + 2)

    def department(self, pos: int) -> DraftEntity | None:
        """The UFWD of 统战部部长 when the report names it only there: the committee's place before it."""
        mm = re.search(r"([省市县区])委常委、$", self.text[max(0, pos - 6):pos])
        ref = self.ex.pctx.nearest_before(pos, mm.group(1)) if mm else None
        if ref is None:
            return None
        code, pname = ref
        return self.ensure("UnitedFrontDept", pname + "委统战部", code, pos, pos + 3)

    def ensure(self, kind: str, name: str, code: str | None, s: int, e: int) -> DraftEntity:
        for ent in self.ex.entities:
            if ent.kind == kind and name_key(ent.name) == name_key(name):
                ent.mentions.append(self.ex.mention(s, e))
                return ent
        from tongxin.extract.report import slug

        place = next((x for x in self.ex.entities if x.kind == "Place" and x.code == code), None)
        ref, n = slug(name), 2
        while any(x.ref == ref for x in self.ex.entities):
            ref, n = f"{slug(name)}-{n}", n + 1
        ent = DraftEntity(ref, kind, name, aliases=[self.text[s:e]], place=place.ref if place else None,
                          confidence=0.7, mentions=[self.ex.mention(s, e)])
        self.ex.entities.append(ent)
        self.ex.mentions.append(EntityMention(s, e, ent))
        self.ex.mentions.sort(key=lambda m: (m.start, -(m.end - m.start)))
        return ent

    # -------------------------------------------------------------------------------- SITE_OF
    def sites(self) -> None:
        lex, text = self.ex.lex, self.text
        verbs = "|".join(re.escape(v) for v in lex.designation_verbs)
        levels = "|".join(re.escape(k) for k in sorted(lex.levels, key=len, reverse=True))
        site_words = "|".join(re.escape(w) for w in lex.site_words)
        for pm in self.ex.mentions:
            if pm.entity.kind != "Program":
                continue
            if pm.extra.get("how") == "designation":
                level = lex.levels.get(pm.extra.get("level") or "", None)
                s, _ = self.segment_start(pm.start)
                for m in self.top_mentions(s, pm.start, ("Place", "Organisation")):
                    self.add("SITE_OF", m.entity, pm.entity, self.sentence(pm.start), 0.8, {"level": level})
                continue
            qs = pm.start - 1 if text[pm.start - 1:pm.start] in "“‘" else pm.start
            qe = pm.end + 1 if text[pm.end:pm.end + 1] in "”’" else pm.end
            mv = re.search(rf"(?:{verbs})\s*(?:(?:{levels})\s*)?$", text[max(0, qs - 8):qs])
            after = re.match(rf"\s*((?:{levels}))?\s*(?:{site_words})", text[qe:qe + 10])
            if not mv or not after:
                continue
            vstart = max(0, qs - 8) + mv.start()
            level_word = after.group(1) or re.search(rf"({levels})\s*$", text[max(0, qs - 4):qs])
            level = lex.levels.get(level_word if isinstance(level_word, str) else (level_word.group(1) if level_word else ""))
            s, _ = self.segment_start(vstart)
            subjects = [m for m in self.top_mentions(s, vstart, ("Place", "Organisation")) if m.entity.kind != "Park"]
            for m in subjects[-3:]:
                self.add("SITE_OF", m.entity, pm.entity, self.sentence(pm.start), 0.8, {"level": level})

    def section_sites(self) -> None:
        """Sections headed by a program's demonstration sites (对接“同心社区”市级示范点创建工作): a sentence
        in the section that picks a 示范社区/示范村/示范点 names the site (review: the program comes from
        the heading)."""
        lex, text = self.ex.lex, self.text
        levels = "|".join(re.escape(k) for k in sorted(lex.levels, key=len, reverse=True))
        headings: list[tuple[int, int, DraftEntity, str | None]] = []
        pos = 0
        for line in text.split("\n"):
            ls, le = pos, pos + len(line)
            pos = le + 1
            if not line.strip() or len(line.strip()) > 50 or "。" in line:
                continue
            for pm in self.ex.mentions_in(ls, le, bases=("Program",)):
                qe = pm.end + 1 if text[pm.end:pm.end + 1] in "”’" else pm.end
                mm = re.match(rf"\s*({levels})?\s*(?:示范点|样板点|示范村|示范社区)", text[qe:qe + 10])
                if mm:
                    headings.append((ls, le, pm.entity, lex.levels.get(mm.group(1) or "")))
                    break
        for i, (_, he, program, level) in enumerate(headings):
            end = headings[i + 1][0] if i + 1 < len(headings) else len(text)
            for ss, se in self.ex.doc.sentences:
                if ss < he or ss >= end:
                    continue
                mm = re.search(r"(?:选择|选定|确定|挑选|遴选|选取)[^，,。]{0,4}示范(社区|村|点)", text[ss:se])
                if not mm:
                    continue
                want = {"社区": ("community",), "村": ("village",), "点": ("village", "community", "")}[mm.group(1)]
                for m in self.top_mentions(ss, se, ("Place", "Organisation")):
                    if (m.entity.kind == "Place" and m.level in want) or (mm.group(1) == "点" and is_org(m.entity.kind)):
                        self.add("SITE_OF", m.entity, program, (ss, se), 0.6, {"level": level},
                                 "the program is read from the section heading")

    def segment_start(self, pos: int) -> tuple[int, int]:
        s, _ = self.sentence(pos)
        a = pos
        while a > s and self.text[a - 1] not in "，,；;。\n":
            a -= 1
        return a, pos

    # ------------------------------------------------------------------- donations, investments
    def money(self) -> None:
        lex, text = self.ex.lex, self.text
        for type_, words in (("DONATES_TO", lex.donation_verbs), ("INVESTS_IN", lex.investment_verbs)):
            for mv in re.finditer("|".join(re.escape(w) for w in words), text):
                amount_m = _MONEY_RE.match(text, mv.end())
                if amount_m is None:
                    continue
                s, e = self.segment(mv.start())
                givers = [m for m in self.top_mentions(s, mv.start(), ("Organisation", "Person"))
                          if m.entity.kind != "Program"]
                if not givers:
                    continue
                giver = givers[-1].entity
                rest0 = amount_m.end()
                targets = self.ex.mentions_in(rest0, e)
                target: DraftEntity | None = None
                purpose = text[rest0:e].strip(" …。,，") or None
                for m in targets:
                    if m.entity.kind == "Park":
                        continue
                    inner_place = [p for p in targets if p is not m and p.entity.kind == "Place"
                                   and p.start == m.start and p.end < m.end]
                    if is_org(m.entity.kind) and inner_place and m.entity.kind == "Site":
                        target = inner_place[0].entity  # 新建红岩村党群服务中心 → 红岩村
                        break
                    if m.entity.kind == "Place" and not m.terminal:
                        continue
                    target = m.entity
                    break
                if target is None:
                    continue
                amount = parse_amount(text[mv.end():amount_m.end()])
                props: dict[str, Any] = {"amount": amount, "currency": "CNY"}
                if purpose and purpose != target.name:
                    props["purpose"] = purpose
                self.add(type_, giver, target, self.sentence(mv.start()), 0.75, props)

    # --------------------------------------------------------------- located in, participates
    def located(self) -> None:
        text = self.text
        for m in self.ex.mentions:
            if m.entity.kind != "Place" or not m.terminal:
                continue
            mm = re.match(r"(?:的)?(?:企业|公司|民营企业|非公企业)", text[m.end:m.end + 6])
            if not mm:
                continue
            pos = m.end + mm.end()
            org = next((o for o in self.ex.mentions if o.start == pos and is_org(o.entity.kind)), None)
            if org is not None:
                self.add("LOCATED_IN", org.entity, m.entity, self.sentence(m.start), 0.8)

    def participates(self) -> None:
        text, lex = self.text, self.ex.lex
        for pm in self.ex.mentions:
            if pm.entity.kind != "Program":
                continue
            s, e = self.sentence(pm.start)
            qe = pm.end + 1 if text[pm.end:pm.end + 1] in "”’" else pm.end
            subject: EntityMention | None = None
            if text[qe:qe + 1] == "中":
                zai = text.rfind("在", s, pm.start)
                if zai >= 0 and pm.start - zai <= 16:
                    subs = [m for m in self.top_mentions(s, zai, ("Person", "Organisation")) if m.entity.kind != "Program"]
                    persons = [m for m in subs if m.entity.kind == "Person"]
                    pick = persons or subs
                    subject = pick[-1] if pick else None
            else:
                verbs = "|".join(re.escape(v) for v in lex.participates_verbs)
                mv = re.search(rf"(?:{verbs})\s*$", text[max(0, pm.start - 4):pm.start].rstrip("“‘"))
                if mv:
                    vpos = max(0, pm.start - 4) + mv.start()
                    seg_s, _ = self.segment_start(vpos)
                    subs = [m for m in self.top_mentions(seg_s, vpos, ("Person", "Organisation"))
                            if m.entity.kind != "Program"]
                    subject = subs[-1] if subs else None
            if subject is not None:
                self.add("PARTICIPATES_IN", subject.entity, pm.entity, (s, e), 0.65)

    # ------------------------------------------------------------------------------------ RUNS
    def runs(self) -> None:
        text, lex = self.text, self.ex.lex
        verbs = "|".join(re.escape(v) for v in lex.runs_verbs)
        for tm in self.ex.mentions:
            target = tm.entity
            if target.kind != "Program" and not (target.kind in ("SocialOrganisation",) and tm.extra.get("quoted")):
                continue
            s, e = self.sentence(tm.start)
            seg_s, _ = self.segment_start(tm.start)
            # the verb: in the same comma-segment, at most 24 characters before the name
            window_start = max(seg_s, tm.start - 24)
            found_v = [mm.start() for mm in re.finditer(verbs, text[window_start:tm.start])]
            if not found_v:
                continue
            vpos = window_start + found_v[-1]
            # the subject: an organisation that opens a clause of this sentence, before the verb
            subject = None
            for m in self.top_mentions(s, vpos, ("Organisation",)):
                if m.entity.kind in ("Program", "Site", "Park") or m.entity is target:
                    continue
                lead = text[max(s, m.start - 3):m.start]
                if m.start == s or re.search(r"[，,：:\n]\s*$|^\s*$|今年|目前|近年来", lead) or text[s:m.start].strip() == "":
                    subject = m
                    break
            if subject is None:
                continue
            others = [m for m in self.top_mentions(subject.end, subject.end + 4, ("Organisation",))
                      if m.start - subject.end <= 1 and text[subject.end:m.start] in ("、", "")]
            for sm in [subject, *others]:
                self.add("RUNS", sm.entity, target, (s, e), 0.6)


def find_relations(ex: Extraction) -> list[DraftRelation]:
    r = _Rel(ex)
    r.roles()
    r.sites()
    r.section_sites()
    find_pairings(r)
    r.money()
    r.located()
    r.participates()
    r.runs()
    return r.out


# ---------------------------------------------------------------------------------------- claims

_CN_LEVEL = [("全市", "city"), ("该市", "city"), ("市县两级", "city"), ("市本级", "city"),
             ("全区", "county"), ("该区", "county"), ("全县", "county"), ("该县", "county"), ("全省", "province")]
_NP_STOP = {"等", "与", "和", "及", "中", "已", "已有", "均", "至少", "全部", "都", "也", "在", "为", "有", "是", "将",
            "被", "由", "以", "从", "向", "对", "其中"}


def find_claims(ex: Extraction, report_date: str | None) -> list[DraftClaim]:
    lex, text, doc = ex.lex, ex.doc.text, ex.doc
    nouns = sorted(lex.count_subjects, key=lambda p: -len(p[0]))
    noun_kind = dict(nouns)
    counters = re.escape(lex.count_counters)
    fwd = re.compile(rf"(?<![\d.至到~\-])(\d+)(余|多)?([{counters}])")
    rev_nouns = "|".join(re.escape(n) for n, _ in nouns)
    rev = re.compile(rf"({rev_nouns})[”’]?(?:近|约|逾|超过)?(\d+)(余|多)?([{counters}])")
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
        if re.search(r"现有|已有|共有|累计|全覆盖|覆盖|惠及|受益|带动|帮助|资助|协调|动员|发动|试点|完成|[市县区镇乡村]有", seg):
            return None, True
        return None, False

    def about_place(pos: int) -> DraftEntity | None:
        s, _ = doc.sentence_of(pos)
        sent = text[s:pos + 12]
        # 1. a city or county named in the sentence before the figure (not inside an organisation's name)
        for m in reversed(ex.mentions):
            if not (s <= m.start < pos) or m.entity.kind != "Place" or m.level not in ("city", "county", "province"):
                continue
            if any(a <= m.start and m.end <= b for a, b in org_spans):
                continue
            return m.entity
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
        return ex.main_place

    def add(count_s: int, count: int, approx: bool, kind: str, noun: str, total: int | None) -> None:
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
        ref = f"{about.ref}-{kind.lower()}-{count}"
        n = 2
        while any(c.ref == ref for c in claims):
            ref, n = f"{about.ref}-{kind.lower()}-{count}-{n}", n + 1
        review = "an approximate figure" if approx else None
        if relation is not None and not load_ontology().can_join(relation, kind):
            relation = None  # 签约项目10个: no PAIRED_WITH has a Program at an end; what it counts is unclear
        if relation is None:
            review = (review + "; " if review else "") + "what the figure counts is not clear"
        claims.append(DraftClaim(
            ref=ref, about=about.ref, subject=kind, count=count, statement=statement[:80], evidence=quote,
            program=program.ref if program else None, relation=relation, total=total,
            as_of=report_date[:7] if report_date else None, confidence=0.55 if review else 0.7,
            review=bool(review), review_note=review, mentions=[men]))

    found: list[tuple[int, int, bool, str, str, int | None]] = []
    for m in rev.finditer(text):  # 实践创新基地9个, “统战工作点”36个
        if m.start(1) not in doc.boundaries:
            continue
        kind = noun_kind[m.group(1)]
        if not compatible(kind, m.group(4)):
            continue
        used.add(m.start(2))
        found.append((m.start(2), int(m.group(2)), bool(m.group(3)), kind, m.group(1), None))
    for m in fwd.finditer(text):  # 412家企业, 29个党派支部已有13个…
        if m.start(1) in used or not re.match(r"[\u4e00-\u9fff“‘]", text[m.end():m.end() + 1]):
            continue
        na = noun_after(m.end(), m.group(3))
        if na is None:
            continue
        noun, kind = na
        count, total = int(m.group(1)), None
        m2 = re.match(rf"[^，,。;；\d]{{0,12}}?(?:已有|中有|其中有|其中)(\d+)(余|多)?([{counters}])", text[m.end():m.end() + 24])
        if m2:
            total, count = count, int(m2.group(1))
            used.add(m.end() + m2.start(1))
        found.append((m.start(), count, bool(m.group(2)), kind, noun, total))
    for pos, count, approx, kind, noun, total in sorted(found):
        add(pos, count, approx, kind, noun, total)
    return claims


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
