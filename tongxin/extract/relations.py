"""Relations and claims from the wording of a report.

Relations join entities named in the same sentence (or clause) by the verbs reports use:

* ``HOLDS_ROLE`` / ``MEMBER_OF`` — titles and memberships next to a name (tongxin.extract.roles);
* ``SITE_OF`` — X 作为/确定为 “P” (市级)示范点, X 被命名为 “全国P示范社区”;
* ``PAIRED_WITH`` — A 与 B 结对/合作/共建, A 结对帮扶 B;
* ``DONATES_TO`` / ``INVESTS_IN`` — X 捐赠/投资 N万元 (建成|新建) Y, with the amount in yuan;
* ``LOCATED_IN`` — PLACE 企业 ORG; ``PARTICIPATES_IN`` — X … 在 “P” 中 / 参与 P;
* ``RUNS`` — an organisation opening the sentence and 实施/落实/依托/开展 … “P”; 组建 “X”志愿小组;
* ``LIAISON_FOR`` — X 挂点(联系) Y.

Claims (counts and amounts) are tongxin.extract.claims's. Every item carries the evidence sentence
(verbatim from the original) and a confidence; guesses are marked ``review``.
"""

from __future__ import annotations

import re
from typing import Any

from tongxin.extract.draft import DraftEntity, DraftRelation, Mention
from tongxin.extract.entities import name_key
from tongxin.extract.report import EntityMention, Extraction, base_of, edge_allowed, is_org
from tongxin.loaders.common import MONEY_RE as _MONEY_RE
from tongxin.loaders.common import parse_amount

__all__ = ["find_relations", "parse_amount"]

_CLAUSE_STOPS = "，,；;。!！?？\n"
_ANAPHORS = {
    "该社区": ("community",), "社区": ("community",), "该村": ("village",), "村里": ("village",),
    "该公司": ("Enterprise",), "公司": ("Enterprise",), "该企业": ("Enterprise",), "企业": ("Enterprise",),
    "该会": ("Association",), "该协会": ("Association",), "商会": ("Association",),
}


class _Rel:
    def __init__(self, ex: Extraction) -> None:
        self.ex = ex
        self.text = ex.doc.text
        self.out: list[DraftRelation] = []
        self.seen: set[tuple[str, str, str]] = set()
        self._chain_starts: dict[int, list[tuple[int, int]]] | None = None

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

    def ensure(self, kind: str, name: str, code: str | None, s: int, e: int) -> DraftEntity:
        for ent in self.ex.entities:
            if ent.kind == kind and name_key(ent.name) == name_key(name):
                ent.mentions.append(self.ex.mention(s, e))
                return ent
        from tongxin.extract.report import slug

        place = next((x for x in self.ex.entities if x.kind == "Place" and x.code == code), None) if code else None
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

    # ---------------------------------------------------------------------------- PAIRED_WITH
    def pairings(self) -> None:
        """PAIRED_WITH from the verbs of pairing:

        * ``A 与 B 结对/共建/签订…`` — one conjunction before the verb; ``B`` may be a list
          (``A 分别与 B1、B2 签订``), and so may ``A`` (``A1、A2 分别与 B1、B2`` pairs them in order);
        * ``A1与B1、A2与B2…结成帮扶对子`` — several conjunctions: each stretch pairs its own two;
        * ``A 结对帮扶 B1、B2`` — no conjunction: the last party before the verb and the list after;
        * ``A 帮扶 B村`` / ``A 对口 B镇 帮扶`` — the bare verbs pair only adjacent names, so that
          ``高州市总商会帮扶分界镇储良村，海南省高州商会帮扶谢鸡镇民胜村…`` gives one pair per clause.
        """
        lex, text = self.ex.lex, self.text
        strong = set(lex.pairing_verbs)
        verbs = "|".join(re.escape(v) for v in sorted(strong | set(lex.pairing_verbs_adjacent), key=len, reverse=True))
        done: set[tuple[int, int]] = set()
        for mv in re.finditer(verbs, text):
            v0, v1 = mv.start(), mv.end()
            if self.ex.doc.in_book_title(v0, v1) or any(a <= v0 and v1 <= b for a, b in self.ex.program_spans):
                continue
            s, e = self.segment(v0)
            adjacent = mv.group(0) not in strong
            if not adjacent and (s, v0) in done:
                continue
            program = self.program_in(*self.sentence(v0))
            props = {"program": program.ref if program else None}
            for a, b, conf, review in self.pairs_at(s, e, v0, v1, adjacent):
                if base_of(a.kind) == "Place" and base_of(b.kind) != "Place":
                    a, b = b, a
                self.add("PAIRED_WITH", a, b, self.sentence(v0), conf, props, review)
                done.add((s, v0))

    def site_pairings(self) -> None:
        """PAIRED_WITH from a base set up in a place and from visits made to help a place:

        * ``X（…）在 Y村 建立/设立/成立 …基地/工作站/示范点`` — the organisation that sets up the base is
          paired with the place (``X`` ends the clause before 在, or opens the sentence);
        * ``X Y村“…基地”揭牌`` — an organisation's base named after the place;
        * ``X 到/赴/深入 Y 开展/推进 …帮扶/结对/共建`` — the organisation is paired with the place it goes
          to help.
        """
        text = self.text
        site = r"基地|工作站|服务站|联系点|示范点|实践站|工作室|服务中心|活动中心|分会|支部|工作点"
        for mv in re.finditer(r"在", text):
            s, e = self.sentence(mv.start())
            places = [m for m in self.top_mentions(mv.end(), min(e, mv.end() + 16), ("Place",))
                      if self.chain_start(m) - mv.end() <= 8 and m.entity.kind != "Park"]
            if not places:
                continue
            p = places[0]
            mverb = re.match(r"(?:村|社区)?(?:建立|设立|成立|建成|挂牌|揭牌|共建|创建|打造|组建|举行|举办)(了)?",
                             text[p.end:p.end + 6])
            if mverb is None:
                continue
            rest = text[p.end + mverb.end():p.end + mverb.end() + 24]
            rest = re.split(r"[，,。；;]", rest)[0]
            if "举" in mverb.group(0) and not re.search(r"揭牌|挂牌|成立|启用", rest):
                continue  # 在Y村举行…: only the opening of a base
            if not (re.search(site, rest) or self.program_in(p.end + mverb.end(), p.end + mverb.end() + len(rest) + 1)):
                continue
            subject = self.subject_before(s, mv.start())
            if subject is not None:
                self.add("PAIRED_WITH", subject.entity, p.entity, (s, e), 0.65, {},
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
        # 储良村是民盟高州市委会的结对帮扶村: the place is named as the body's paired village
        for mv in re.finditer(r"(?:是|为|成为)([^，,。；;]{2,30}?)的(?:结对|帮扶|定点帮扶|对口帮扶|挂点|联系|共建|结对帮扶)"
                              r"(?:村|社区|点|单位|对象)", text):
            s, e = self.sentence(mv.start())
            places = [m for m in self.top_mentions(max(s, mv.start() - 16), mv.start(), ("Place",))
                      if m.end == mv.start() and m.entity.kind != "Park"]
            bodies = [m for m in self.top_mentions(mv.start(1), mv.end(1), ("Organisation", "Person"))
                      if m.entity.kind not in ("Program", "Park", "Site") and m.end == mv.end(1)]
            if places and bodies:
                self.add("PAIRED_WITH", bodies[-1].entity, places[-1].entity, (s, e), 0.7, {})
        for mv in re.finditer(r"(?:来到|前往|深入|走进|到|赴)", text):
            s, e = self.sentence(mv.start())
            seg_s, seg_e = self.segment(mv.start())
            places = [m for m in self.top_mentions(mv.end(), seg_e, ("Place",))
                      if m.entity.kind != "Park" and self.chain_start(m) - mv.end() <= 12]
            if not places:
                continue
            p = places[0]
            if not re.match(r"(?:开展|推进|落实|调研|督导|考察|召开|进行)?[^，,。；;]{0,8}?(?:帮扶|结对|扶贫|共建|对口)",
                            text[p.end:seg_e]):
                continue
            subject = self.subject_before(s, mv.start(), seg_s)
            if subject is not None:
                self.add("PAIRED_WITH", subject.entity, p.entity, (s, e), 0.6, {},
                         "a visit to help the place")

    def subject_before(self, s: int, pos: int, seg_s: int | None = None) -> EntityMention | None:
        """The organisation acting at ``pos``: the last one in its clause, else the one opening the sentence."""
        seg_s = self.segment_start(pos)[0] if seg_s is None else seg_s
        orgs = [m for m in self.top_mentions(s, pos, ("Organisation",))
                if m.entity.kind not in ("Program", "Site", "Park", "GovernmentBody")]
        near = [m for m in orgs if m.start >= seg_s]
        if near:
            return near[-1]
        for m in orgs[:1]:  # the subject opening a clause of the sentence (为…精神，X…通过在Y村建立…)
            lead = self.text[max(s, m.start - 1):m.start]
            if (m.start == s or lead in ("，", ",", "：", ":", "\n", " ")) and \
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
            if m.entity.kind == "GovernmentBody" and m.entity.name.endswith(_VILLAGE_COMMITTEES):
                # 官杨村村民委员会 / 常林镇人民政府 signs for its village or township: pair the place
                inner = [p for p in self.ex.mentions if p.entity.kind == "Place" and p.terminal
                         and m.start <= p.end <= m.end and (p.start >= m.start or p.end == m.start)
                         and p.level in ("village", "community", "township", "county", "")]
                if inner:
                    m = inner[-1]
                elif m.entity.place:  # 乡政府 qualified by the report's township
                    place = next((x for x in self.ex.entities if x.ref == m.entity.place), None)
                    if place is not None and place.code and len(place.code) >= 9:
                        m = EntityMention(m.start, m.end, place)
            out.append(m)
        return out

    def chain_start(self, m: EntityMention) -> int:
        """Where the chain of place names a place mention ends (西充县常林镇 for 常林镇) begins."""
        if m.entity.kind != "Place" or m.chain < 0:
            return m.start
        if self._chain_starts is None:  # chain → the place mentions' (start, end), built once
            self._chain_starts = {}
            for x in self.ex.mentions:
                if x.entity.kind == "Place" and x.chain >= 0:
                    self._chain_starts.setdefault(x.chain, []).append((x.start, x.end))
        return min((a for a, b in self._chain_starts.get(m.chain, []) if b <= m.end), default=m.start)

    def listed(self, ms: list[EntityMention], first: int, forward: bool = True) -> list[EntityMention]:
        """From ``ms[first]``, the names joined to it by 、/和/及/以及 (a list), in text order."""
        out = [ms[first]]
        step = 1 if forward else -1
        i = first
        while 0 <= i + step < len(ms):
            x, y = (ms[i], ms[i + step]) if forward else (ms[i + step], ms[i])
            if self.text[x.end:self.chain_start(y)] not in ("、", "和", "及", "以及", "与", ",", "，") or \
                    (self.text[x.end:y.start] == "与" and forward):
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
                     if any(x.end == s + m.start() for x in left) and any(x.start == s + m.start() + 1 for x in left)]
        if adjacent:
            # X帮扶Y: the party must end right before the verb (or before 定点/结对/对口…), the partner
            # start right after it; X对口Y帮扶 too
            before = [m for m in left if _ADJ_GAP.fullmatch(text[m.end:v0])]
            a_ent: DraftEntity | None = before[-1].entity if before else None
            conf, review = 0.75, None
            if a_ent is None:
                # 省委会10年来对口铁山镇帮扶: a short form of a body named before
                mg = _ADJ_GAP_END.search(text, s, v0)
                ana = self.body_anaphor(mg.start() if mg else v0)
                if ana is None:
                    return out
                a_ent, conf, review = ana[1], 0.6, f"“{ana[0]}” read as {ana[1].name}"
            after = [i for i, m in enumerate(right) if _ADJ_AFTER.fullmatch(text[v1:self.chain_start(m)])]
            if not after:
                return out
            for b in self.listed(right, after[0]):
                if b.entity.kind != "Person":
                    out.append((a_ent, b.entity, conf, review))
            return out
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
            bs = self.listed(left, after_i[0]) if after_i else []
            if not bs:
                return out
            respectively = "分别" in text[max(s, cpos - 3):cpos]
            if before:
                last = len(before) - 1
                as_ = self.listed(before, last, forward=False) if respectively else [before[-1]]
                if respectively and len(as_) == len(bs) and len(as_) > 1:
                    return [(x.entity, y.entity, 0.7, None) for x, y in zip(as_, bs, strict=True)]
                return [(x.entity, y.entity, 0.7, None) for x in as_ for y in bs]
            ana = self.anaphor_before(cpos)
            if ana is not None:
                return [(ana[1], y.entity, 0.55, f"“{ana[0]}” read as {ana[1].name}") for y in bs]
            return out
        if left and right and self.chain_start(right[0]) - v1 <= 6:
            a = left[-1]
            return [(a.entity, b.entity, 0.7, None) for b in self.listed(right, 0)]
        return out

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

    # ---------------------------------------------------------------------------- LIAISON_FOR
    def liaisons(self) -> None:
        lex, text = self.ex.lex, self.text
        for mv in re.finditer("|".join(re.escape(v) for v in lex.liaison_verbs), text):
            s, e = self.segment(mv.start())
            left = [m for m in self.top_mentions(s, mv.start(), ("Person", "Organisation")) if m.entity.kind != "Program"]
            right = [m for m in self.top_mentions(mv.end(), e, ("Place", "Organisation")) if m.entity.kind != "Program"]
            if left and right:
                program = self.program_in(*self.sentence(mv.start()))
                self.add("LIAISON_FOR", left[-1].entity, right[0].entity, self.sentence(mv.start()), 0.65,
                         {"program": program.ref if program else None})


_VILLAGE_COMMITTEES = ("村民委员会", "居民委员会", "村委会", "居委会", "人民政府", "政府")
# between a party and an adjacent pairing verb (X多年来定点帮扶Y), and between the verb and its partner
_ADJ_GAP = re.compile(r"(?:\d+年来|多年来|近年来|长期|一直|持续|重点|精准|定点|结对|对口|挂钩|先后|积极|倾力|全力|着力)*")
_ADJ_GAP_END = re.compile(r"(?:\d+年来|多年来|近年来|长期|一直|持续|重点|精准|定点|结对|对口|挂钩|先后|积极|倾力|全力|着力)+$")
_ADJ_AFTER = re.compile(r"(?:了|的|助推|助力|支持|带动)?")


def _qualifier(text: str, m: EntityMention) -> bool:
    """A place name that qualifies what follows (铜官区17个社区, 铜官区社区, 全区企业) rather than naming a party."""
    if m.entity.kind != "Place":
        return False
    if re.match(r"(?:村民委员会|村委会|居民委员会|居委会)", text[m.end:m.end + 5]):
        return False  # 官杨村村民委员会: the village's own committee, not a plural
    return re.match(r"\d|各|所有|(?:社区|村|企业|乡镇|街道|商会)(?![\u4e00-\u9fff]*(?:村|社区)$)", text[m.end:m.end + 3]) is not None


def find_relations(ex: Extraction) -> list[DraftRelation]:
    from tongxin.extract.roles import find_roles

    r = _Rel(ex)
    find_roles(r)
    r.sites()
    r.section_sites()
    r.pairings()
    r.site_pairings()
    r.money()
    r.located()
    r.participates()
    r.runs()
    r.liaisons()
    return r.out
