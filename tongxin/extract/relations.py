"""Relations and claims from the wording of a report.

Relations join entities named in the same sentence (or clause) by the verbs reports use:

* ``HOLDS_ROLE`` / ``MEMBER_OF`` — titles and memberships next to a name (tongxin.extract.roles);
* ``SITE_OF`` — X 作为/确定为 “P” (市级)示范点, X 被命名为 “全国P示范社区”;
* ``PAIRED_WITH`` and ``LIAISON_FOR`` — in :mod:`tongxin.extract.pairings`;
* ``DONATES_TO`` / ``INVESTS_IN`` — X 捐赠/投资 N万元 (建成|新建) Y, with the amount in yuan;
* ``LOCATED_IN`` — PLACE 企业 ORG; ``PARTICIPATES_IN`` — X … 在 “P” 中 / 参与 P;
* ``RUNS`` — an organisation opening the sentence and 实施/落实/依托/开展 … “P”; 组建 “X”志愿小组.

Claims (counts and amounts) are tongxin.extract.claims's. Every item carries the evidence sentence
(verbatim from the original) and a confidence; guesses are marked ``review``.
"""

from __future__ import annotations

import re
from functools import cached_property
from typing import TYPE_CHECKING, Any

from tongxin.extract.draft import DraftEntity, DraftRelation, Mention
from tongxin.extract.entities import name_key
from tongxin.extract.lexicon import alternation, literal_words
from tongxin.extract.pairings import VILLAGE_BODY, Frames, find_pairings, read_as
from tongxin.extract.report import EntityMention, Extraction, base_of, edge_allowed, is_org
from tongxin.loaders.common import MONEY_RE as _MONEY_RE
from tongxin.loaders.common import parse_amount
from tongxin.places.codes import CODE_LENGTHS

if TYPE_CHECKING:
    from tongxin.extract.pairmodel import PairModel

__all__ = ["PAIRING_TYPES", "find_relations", "parse_amount"]

# what is given, standing between a gift verb and its sum (捐赠款物200余万元, 捐助资金10万元)
# (捐赠饮用水源建设善款共15000元: what the money is for may stand before it)
_GIVEN_BEFORE_SUM = re.compile(r"(?:了)?(?:[\u4e00-\u9fff]{2,8}?)?(?:爱心)?(?:款物|物资|资金|善款|款项|现金|物品|慰问金|慰问品)"
                               r"(?:共计|合计|总计|价值|约|达|共)?")

_CLAUSE_STOPS = "，,；;。!！?？\n"
# the names of a place's parents written before it (高州市分界镇 before 储良村)
_PLACES_BEFORE = re.compile(r"(?:[\u4e00-\u9fff]{1,8}(?:省|自治区|市|州|盟|县|区|旗|镇|乡|街道))*")
# the people of a place, right after its name (投资建设Y村村民…)
_PEOPLE_OF = re.compile(r"(?:的)?(?:村民|居民|群众|农户|贫困户)")
# 在/为/向/给 right before a place, or before the names of its parents (为马西乡南武家坡村)
_PREPOSITION_BEFORE_PLACE = re.compile(r"(?:在|为|向|给)(?:[\u4e00-\u9fff]{1,8}(?:县|区|市|旗|镇|乡|街道))?$")
_ANAPHORS = {
    "该社区": ("community",), "社区": ("community",), "该村": ("village",), "村里": ("village",),
    "该公司": ("Enterprise",), "公司": ("Enterprise",), "该企业": ("Enterprise",), "企业": ("Enterprise",),
    "该会": ("Association",), "该协会": ("Association",), "商会": ("Association",),
}


# a body named before by its kind, giving (该公司为Y村捐款)
_GIFT_ANAPHOR = re.compile(r"该(?:公司|企业|集团|商会|协会|会)")
# what an investment named with no sum builds (X在Y村投资建设荔枝基地)
_BUILDS = re.compile(r"(?:建设|兴建|兴办|新建|建成|开办|创办|建厂|办厂)")
# the relations that pair a body, person or place with a place (what the scores count as pairings)
PAIRING_TYPES = frozenset({"PAIRED_WITH", "COUNTERPART_OF", "LIAISON_FOR", "INVESTS_IN", "DONATES_TO"})


class _Rel:
    def __init__(self, ex: Extraction) -> None:
        self.ex = ex
        self.text = ex.doc.text
        self.out: list[DraftRelation] = []
        self.seen: set[tuple[str, str, str]] = set()
        # pairs a frame read and set aside (a township whose villages are named after it): none is added later
        self.set_aside: set[tuple[str, str]] = set()

    # -------------------------------------------------------------------------------- helpers
    def in_name(self, pos: int) -> bool:
        """``pos`` falls inside a name other than a programme's (福建省侨|联建: a verb found there is none)."""
        return any(m.start < pos < m.end and m.entity.kind != "Program" for m in self.ex.mentions)

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

    def top_mentions(self, s: int, e: int, bases: tuple[str, ...] | None = None) -> list[EntityMention]:
        """Mentions in [s, e) of these bases (None: all) that are not inside a longer mention (娄底 in
        娄底市委), places only as the last name of their chain."""
        ms = self.ex.mentions_in(s, e)
        out = []
        for m in ms:
            if bases is not None and base_of(m.entity.kind) not in bases:
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
        """``省委会``/``市委会``/``该会``/``该公司``/``工委``/``商会党支部`` ending at ``pos`` → the body of that kind
        named before (工委: a party's district working committee, 民革沈河区工委; 商会党支部: 某某商会党支部)."""
        mm = re.search(r"(?:[省市县区]委会|该会|该商会|该协会|该公司|该企业|该集团|(?:(?<![\u4e00-\u9fff])|(?<=[该了将由]))"
                       r"(?:工委|(?:商会|协会|公司|集团|企业)(?:党支部|党总支|党委)))$", self.text[max(0, pos - 7):pos])
        if mm is None:
            return None
        word = mm.group(0)
        # (商会党支部: the party branch of a body named before, 杭州江苏商会党支部)
        branch = word.endswith(("党支部", "党总支", "党委"))
        party = word.endswith(("委会", "工委"))
        want = ("PartyCommittee",) if branch else ("DemocraticParty",) if party else (
            ("Enterprise",) if word[1:] in ("公司", "企业", "集团") else ("Association",))
        for m in reversed(self.ex.mentions):
            if m.start < pos - len(word) and m.entity.kind in want and (
                    not (party or branch) or m.entity.name.endswith(word.lstrip("该"))):
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
        if type_ in PAIRING_TYPES and b.kind == "Place" and a.kind != "Person" and a.name.startswith(b.name) \
                and len(a.name) > len(b.name):
            return  # 莒口村侨联, 西充县工商联: a body of that very place, not a body paired with it
        if type_ == "PAIRED_WITH" and b.kind == "Place" and a.kind != "Person" and a.place is not None and a.place == b.ref:
            return  # 民建硚口区委 and 硚口区: the place a body belongs to is no partner of it
        if type_ in PAIRING_TYPES and b.kind == "Place" and a.kind in ("GovernmentBody", "Site") and \
                (stem := re.sub(r"(?:村|社区)$", "", b.name)) != b.name and len(stem) >= 2 and a.name.startswith(stem):
            return  # 茶油小学 and 茶油村: the village's own school, not its partner
        if type_ in PAIRING_TYPES and b.kind == "Place" and b.code and len(b.code) <= CODE_LENGTHS["city"]:
            return  # 对口清远市, 向吴忠市捐赠: a prefecture or a province is the region of the work, no partner
        props = {k: v for k, v in (props or {}).items() if v is not None}
        key = (type_, a.ref, b.ref)
        if type_ in ("PAIRED_WITH", "COUNTERPART_OF") and (type_, b.ref, a.ref) in self.seen:
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

    def village_of_bodies(self) -> None:
        """A body paired with a village's own body (某机关党支部 with 横坑村党支部) is paired with that village too,
        on the same evidence: coverage counts places."""
        by_ref = {e.ref: e for e in self.ex.entities}
        for rel in list(self.out):
            if rel.type != "PAIRED_WITH":
                continue
            for x, y in ((rel.from_, rel.to), (rel.to, rel.from_)):
                a, b = by_ref[x], by_ref[y]
                m = VILLAGE_BODY.search(b.name)
                if a.kind in ("Person", "Place") or b.kind not in ("PartyCommittee", "GovernmentBody") or m is None:
                    continue
                own = b.name[:m.start() + (1 if b.name[m.start()] == "村" else 2)]  # 横坑村党支部 → 横坑村
                village = next((e for e in self.ex.entities if e.kind == "Place" and e.name == own), None)
                if village is None or ("PAIRED_WITH", a.ref, village.ref) in self.seen \
                        or ("PAIRED_WITH", village.ref, a.ref) in self.seen:
                    continue
                self.seen.add(("PAIRED_WITH", a.ref, village.ref))
                self.out.append(DraftRelation("PAIRED_WITH", a.ref, village.ref, rel.evidence, dict(rel.props),
                                              confidence=rel.confidence, review=rel.review,
                                              review_note=f"the village of {b.name}", mentions=list(rel.mentions)))

    # -------------------------------------------------------------------------------- SITE_OF
    def sites(self) -> None:
        lex, text = self.ex.lex, self.text
        verbs = literal_words(lex.designation_verbs)
        levels = alternation(lex.levels)
        site_words = literal_words(lex.site_words)
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
        levels = alternation(lex.levels)
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
    def money(self, frames: Frames) -> None:
        """Gifts and investments with their sums (an investment made in a place named with 在 may have none:
        X在Y村投资建设…); ``frames``' own walk of a list of names (:meth:`tongxin.extract.pairings.Frames.listed`)
        and of the places a name is written after (``chain_start``)."""
        lex, text = self.ex.lex, self.text
        for type_, words in (("DONATES_TO", lex.donation_verbs), ("INVESTS_IN", lex.investment_verbs)):
            for mv in re.finditer(literal_words(words), text):
                # 捐赠20万元, 捐赠款物200余万元: the sum right after the verb or after what is given
                obj = _GIVEN_BEFORE_SUM.match(text, mv.end())
                amount_m = _MONEY_RE.match(text, obj.end() if obj else mv.end())
                bm = _BUILDS.match(text, mv.end()) if type_ == "INVESTS_IN" and amount_m is None else None
                if amount_m is None and bm is None:
                    continue
                s, e = self.segment(mv.start())
                bodies = [m for m in self.top_mentions(s, mv.start(), ("Organisation", "Person"))
                          if m.entity.kind != "Program"]
                # (A等企业向B学校捐赠: B receives, the giver is named before it)
                receivers = [m for m in bodies if re.search(
                    r"(?:向|给)$", text[max(s, frames.chain_start(m) - 1):frames.chain_start(m)])]
                givers = [m for m in bodies if m not in receivers]
                ana = None  # 该公司为Y村捐款20万元: the body of that kind named before gives
                opened = givers[-1].end if givers else s
                if not givers:
                    ma = _GIFT_ANAPHOR.search(text, s, mv.start())
                    ana = self.body_anaphor(ma.end()) if ma is not None else None
                    if ma is None or ana is None:
                        continue
                    opened = ma.end()
                # X在Y村投资N万元…, X为Y村9户贫困户发放款物N元: the place the preposition names before the verb
                place_before, prep = self._place_after_preposition(opened, mv.start())
                if bm is not None:  # with no sum, only the place the investment is made in (X在Y村投资建设…)
                    if place_before is None:  # or the place built in (X投资建设Y村…项目)
                        place_before = self._place_built(bm.end(), e)
                    elif prep != "在":
                        continue
                    if place_before is None:
                        continue
                rest0 = amount_m.end() if amount_m is not None else mv.end()
                # X向A村捐赠50万元、Y向B村捐赠20万元: after 、 the next gift's giver, no recipient of this one
                # X向Y村捐助2万元、捐赠…: the place 向/为/给 names before the sum receives it, whatever follows
                told = prep in ("为", "向", "给")
                targets = [] if text[rest0:rest0 + 1] == "、" or bm is not None or told else self.ex.mentions_in(rest0, e)
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
                if target is None and receivers and receivers[-1].start > opened:
                    target = receivers[-1].entity
                if target is None and place_before is not None:
                    target = place_before.entity
                sole = None
                # a gift that names no receiver (nor a place, a receiver or a venue before the verb: X帮助Y村捐…,
                # 向X学校捐赠, 在X召开的…会上): the report's one village, for review
                if target is None and type_ == "DONATES_TO" and amount_m is not None and not targets and not any(
                        m.entity.kind == "Place" or text[m.start - 1:m.start] in ("向", "给", "为", "在")
                        for m in self.top_mentions(s, mv.start())):
                    target = sole = self.sole_village
                if target is None:
                    continue
                props: dict[str, Any] = {}
                if amount_m is not None:
                    props = {"amount": parse_amount(text[amount_m.start():amount_m.end()]), "currency": "CNY"}
                if purpose and purpose != target.name:
                    props["purpose"] = purpose
                if ana is not None:
                    self.add(type_, ana[1], target, self.sentence(mv.start()), 0.6, props,
                             review=read_as(*ana) + (f"; the receiver is the report's one village, {sole.name}" if sole else ""))
                    continue
                # A、B和C向Y村捐赠: each body listed up to the giver gives
                conf, note = (0.6, f"the gift names no receiver: the report's one village, {sole.name}") if sole \
                    else (0.75, None)
                giver_m = self.giver(s, givers)
                together = frames.listed(givers, givers.index(giver_m), forward=False)
                if len(together) > 1 and obj is not None and re.search(r"(?:共计|合计|总计|共)$", obj.group(0)) \
                        and "amount" in props:
                    # A、B等企业向Y捐赠善款共15000元: a sum they give together, no one's own
                    props = {k: v for k, v in props.items() if k not in ("amount", "currency")}
                    note = "; ".join(filter(None, (note, f"a sum given together, not each one's: "
                                                         f"{text[amount_m.start():amount_m.end()]}" if amount_m else None)))
                for giver in together:
                    self.add(type_, giver.entity, target, self.sentence(mv.start()), conf, props, review=note)

    @cached_property
    def sole_village(self) -> DraftEntity | None:
        """The one village or community the report names (a report that names two has none)."""
        vs = {m.entity.ref: m.entity for m in self.ex.mentions
              if m.entity.kind == "Place" and m.level in ("village", "community") and m.terminal}
        return next(iter(vs.values())) if len(vs) == 1 else None

    def giver(self, s: int, ms: list[EntityMention]) -> EntityMention:
        """Who gives, of the parties ``ms`` named before a gift verb: the last, unless it is only the channel
        (A的善款通过B捐赠到Y, A通过B向Y捐赠: A, the party named before 通过/经由)."""
        givers = [m for m in ms if base_of(m.entity.kind) != "Place"]
        last = givers[-1] if givers else ms[-1]
        # (A的善款分别通过B和C捐赠到…: the first channel closes who gives)
        for i in range(1, len(givers)):
            if self.channel(s, givers[i]):
                return givers[i - 1]
        return last

    def channel(self, s: int, m: EntityMention) -> bool:
        """``m`` is named as the channel of a gift (通过B, 经由B, 分别通过运城市B)."""
        pos = m.start
        while (p := next((x for x in self.ex.mentions if x.end == pos and x.entity.kind == "Place"), None)) is not None:
            pos = p.start
        return re.search(r"(?:通过|经由|经)$", self.text[max(s, pos - 2):pos]) is not None

    def _place_built(self, pos: int, e: int) -> EntityMention | None:
        """The village, community or township named right after a building verb at ``pos`` (投资建设Y村生态旅游
        项目; names of its parents may stand first), not its people (投资建设Y村村民…), else None."""
        for m in self.top_mentions(pos, e, ("Place",)):  # (the last name of each chain)
            if not _PLACES_BEFORE.fullmatch(self.text, pos, m.start):
                return None
            if m.terminal and m.level in ("village", "community", "township"):
                return None if _PEOPLE_OF.match(self.text, m.end) else m
        return None

    def _place_after_preposition(self, s: int, e: int) -> tuple[EntityMention, str] | tuple[None, None]:
        """The last village, community, township or county in [s, e) (one clause), if 在/为/向/给 opens it
        (names of its parents may stand between: 为马西乡南武家坡村), with that preposition."""
        for m in reversed(self.top_mentions(s, e, ("Place",))):
            if m.level in ("village", "community", "township", "county"):
                pm = _PREPOSITION_BEFORE_PLACE.search(self.text, s, m.start)
                return (m, pm.group(0)[0]) if pm else (None, None)
        return None, None

    def bodies_of_teams(self) -> None:
        """省委统战部新农村建设工作队 paired with Y村: the body whose team it is (named in the team's name) is paired
        with Y村 too, for review."""
        teams = {m.entity.ref: m.extra["team_of"] for m in self.ex.mentions if m.extra.get("team_of")}
        by_name = {e.name: e for e in self.ex.entities if e.kind != "Place"}
        by_ref = {e.ref: e for e in self.ex.entities}
        for r in list(self.out):
            body = by_name.get(teams.get(r.from_, ""))
            place = by_ref.get(r.to)
            if r.type != "PAIRED_WITH" or body is None or place is None or place.kind != "Place":
                continue
            # the sentence that names both (the relation quotes the original text, not the cleaned one)
            both = next((sent for m in self.ex.mentions if m.entity.ref == r.from_
                         for sent in [self.sentence(m.start)]
                         if any(p.entity is place for p in self.ex.mentions_in(*sent))), None)
            if both is not None:
                self.add("PAIRED_WITH", body, place, both, min(r.confidence, 0.7), {},
                         f"the body whose team is paired with the place ({by_ref[r.from_].name})")

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
                verbs = literal_words(lex.participates_verbs)
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
        verbs = literal_words(lex.runs_verbs)
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


def find_relations(ex: Extraction, pair_model: PairModel | None = None) -> list[DraftRelation]:
    """The report's relations. ``pair_model``: the model scoring the pairings no frame stated (None:
    none added)."""
    from tongxin.extract.pairmodel import find_learned_pairings
    from tongxin.extract.roles import find_roles

    r = _Rel(ex)
    find_roles(r)
    r.sites()
    r.section_sites()
    frames = find_pairings(r)
    r.money(frames)  # before the model: a pair a gift or an investment joins needs no learned pairing
    if pair_model is not None:
        find_learned_pairings(r, pair_model)
    r.bodies_of_teams()
    r.village_of_bodies()
    r.located()
    r.participates()
    r.runs()
    return r.out
