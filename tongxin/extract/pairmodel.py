"""Learned pairings: a logistic model over candidate (party, place) pairs of one sentence.

The verb frames of :mod:`tongxin.extract.pairings` are precise, but reports phrase a pairing in more
ways than frames can list. This module scores every *candidate* — an organisation or person and a
place (or another organisation) named in the same sentence — with a logistic model whose features
are the words between and around the two names with the names themselves masked (no name ever is a
feature), the kinds and order of the two ends, how far apart they are and what else stands between
them. A candidate whose probability reaches the model's threshold becomes a ``PAIRED_WITH``
relation carrying its sentence as evidence and the probability as confidence, always marked for
review (a reviewer confirms what no frame states). Frames first: the model only adds pairs the frames
did not state.

The weights (``pairmodel.json``) are trained offline by :mod:`tongxin.extract.train` on hand-read
reports' development parts only; nothing is downloaded or trained at run time. Scoring is a sparse
dot product and a sigmoid (three lines, so no numerical library is needed at run time).
"""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tongxin.extract.draft import DraftEntity
from tongxin.extract.report import EntityMention, Extraction, base_of, edge_allowed

if TYPE_CHECKING:
    from tongxin.extract.pairings import Frames
    from tongxin.extract.relations import _Rel

__all__ = ["Candidate", "Features", "PairModel", "candidates", "decide", "find_learned_pairings"]

MODEL_PATH = Path(__file__).with_name("pairmodel.json")
_STOPS = "，,；;：:"
_TARGET_LEVELS = ("village", "community", "township", "county")
# words that say a tie is made, by what they say (a feature each where they stand: between the names,
# before the first in its clause, after the second in its clause), so that an unseen combination counts
_CUE_CLASSES = {
    "tie": re.compile(r"结对|共建|联建|挂点|挂钩|对口|定点|对子|结亲|牵手|认领|包村|包联|联系点|帮扶村|联系村|驻村"),
    "help": re.compile(r"帮扶|扶贫|助力|支持|援建|捐赠|捐资|捐款|投资|兴村|帮村|结村"),
    "sign": re.compile(r"签约|签订|签署|协议"),
    "visit": re.compile(r"走进|来到|深入|慰问|调研|考察|走访|看望"),
    "post": re.compile(r"名誉村长|村主任|村长|聘请|聘任|聘为"),
    "site": re.compile(r"基地|服务站|工作站|示范|揭牌|授牌|联络点"),
}
# the same words one by one, anywhere in the sentence (the model weighs each)
_CUES = ("结对", "帮扶", "共建", "联建", "挂点", "挂钩", "对口", "定点", "签约", "签订", "签署", "联系点", "包村", "包联",
         "驻村", "结亲", "牵手", "认领", "捐赠", "捐资", "捐款", "援建", "投资", "助力", "走进", "来到", "深入", "慰问",
         "调研", "考察", "对子", "帮扶村", "联系村", "示范", "基地", "服务站", "工作站", "揭牌", "授牌", "聘请", "聘任",
         "名誉村长", "村主任", "万企", "百企", "千企", "兴万村", "帮万村")


# a place read as where something happens or whom it qualifies: the venue of an event (在Y举行…), the
# goal of a trip (到/走进/来到Y…), a place qualifying people (Y村民, Y群众), 对Y的… A feature, not a veto:
# reports state pairings that way too (到Y推进定点帮扶工作, 在Y建立帮扶基地)
_VENUE_BEFORE = re.compile(r"(?:在|于|到|赴|走进|走入|来到|深入|前往|奔赴|走访|参观|考察|调研)$")
# a post after a name (Y镇党委书记, Y镇政府负责人, Y区委常委): the name says who someone is, not a party
_POST_AFTER = re.compile(r"(?:人民政府|政府|党委|党支部|党总支|村委会|居委会|区委|县委|市委|镇委|乡委)?(?:主要)?"
                         r"(?:负责人|负责同志|书记|副书记|主任|副主任|常委|部长|副部长|主席|副主席|局长|镇长|乡长|县长|区长|市长|村长)")
# a body named as the one that guides (在X的指导下, 在X业务指导下)
_GUIDES = re.compile(r"(?:的)?(?:业务|具体)?指导(?:和支持|和帮助)?下")
# a person's post after a body, then the post the person takes (…董事长，任Y村): the body is no party
_POST_THEN_TAKES = re.compile(r"[^，,。；;]{0,6}?(?:党委书记|书记|董事长|总经理|副总裁|总裁|会长|主席|经理|负责人)"
                              r"[，,、]?(?:任|担任|兼任|受聘为|聘任为|被聘为)[\u4e00-\u9fff]{0,12}$")
_PEOPLE_AFTER = re.compile(r"(?:村民|居民|群众|党员|干部|学生|农户|贫困户|老人|儿童|妇女|代表|负责人)")


def venue(text: str, target: EntityMention, chain_start: int) -> bool:
    """Is the place at ``target`` a venue, a trip's goal or a qualifier of people (see above)? Its chain
    of names (到高州市分界镇储良村, starting at ``chain_start``) counts from the chain's first name."""
    s = chain_start
    while s > 0 and text[s - 1] in " \u3000":
        s -= 1
    if _VENUE_BEFORE.search(text[max(0, s - 4):s]) or _PEOPLE_AFTER.match(text, target.end):
        return True
    return text[target.start - 1:target.start] == "对" and text[target.end:target.end + 1] == "的"


@dataclass(frozen=True)
class Candidate:
    party: EntityMention
    target: EntityMention
    sentence: tuple[int, int]


def candidates(frames: Frames) -> list[Candidate]:
    """Every (party, target) pair named in one sentence: an organisation or person and a place of
    county level or below, or two organisations; each pair of entities once per sentence. Who can be
    paired is what the frames take as parties (:meth:`tongxin.extract.pairings.Frames.parties`:
    a village committee or a village's own facility stands for its village, a place qualifying a
    count, a plural or the next name is none); a target followed by a post (Y镇党委书记) names who
    someone is and is none either."""
    parties = frames.parties
    out: list[Candidate] = []
    for s, e in frames.ex.doc.sentences:
        ms = parties(s, e)
        # 与马岭镇党委书记座谈, 凰岗镇政府负责人出席: a target followed by a post names someone's post
        posts = {t.start for t in ms if _POST_AFTER.match(frames.text, t.end)}
        chosen: dict[tuple[str, str], Candidate] = {}
        for p in ms:
            if base_of(p.entity.kind) not in ("Organisation", "Person"):
                continue
            for t in ms:
                if t.entity is p.entity:
                    continue
                tb = base_of(t.entity.kind)
                if tb == "Place":
                    if t.level not in _TARGET_LEVELS:
                        continue
                elif tb != "Organisation":
                    continue
                if t.start in posts:
                    continue
                # 李某 A公司董事长，任Y村“名誉村长”: the firm names the person's post; the person takes the
                # village's post, not the firm
                if p.end <= t.start and _POST_THEN_TAKES.match(frames.text, p.end, t.start):
                    continue
                if _GUIDES.match(frames.text, p.end):
                    continue  # 在X的指导下，Y村…: the body that guides is not who pairs
                if not edge_allowed("PAIRED_WITH", p.entity.kind, t.entity.kind):
                    continue
                if _hierarchy(frames.ex, p.entity, t.entity) or _governs(frames.ex, p.entity, t.entity):
                    continue
                key = (p.entity.ref, t.entity.ref)
                if tb == "Organisation" and (t.entity.ref, p.entity.ref) in chosen:
                    continue
                # a name written twice in the sentence: the two mentions nearest each other (民进A支部在Y社区…，
                # 九三学社B支社在Y社区…: B with the second Y)
                old = chosen.get(key)
                if old is None or abs(t.start - p.start) < abs(old.target.start - old.party.start):
                    chosen[key] = Candidate(p, t, (s, e))
        out.extend(chosen.values())
    return out


def _hierarchy(ex: Extraction, a: DraftEntity, b: DraftEntity) -> bool:
    """A democratic party's central committee and one of its own committees (民建中央, 民建河北省委), or a
    committee and a body named under it (民盟河南省委, 民盟河南省科技第一支部): the party's hierarchy, never a
    pairing."""
    if a.kind != "DemocraticParty" or b.kind != "DemocraticParty":
        return False
    central, other = (a, b) if a.name.endswith("中央") else (b, a)
    party = central.name[:-len("中央")]
    if central.name.endswith("中央") and party in ex.lex.parties.values() and other.name.startswith(party):
        return True
    # and a committee and a body named under it (民盟河南省委, 民盟河南省科技第一支部)
    for committee, unit in ((a, b), (b, a)):
        stem = re.sub(r"委(?:员)?会?$", "", committee.name)
        if stem != committee.name and stem[-1:] in "省市县区州旗" and unit.name.startswith(stem):
            return True
    return False


def _governs(ex: Extraction, body: DraftEntity, place: DraftEntity) -> bool:
    """A township's own party committee or government and a village of that township (桥头镇党委, 甘树湾村):
    the village is under it, not paired with it."""
    if body.kind not in ("PartyCommittee", "GovernmentBody") or place.kind != "Place" or not place.code:
        return False
    own = next((e.code for e in ex.entities if e.ref == body.place), None) if body.place else None
    return bool(own) and len(str(own)) == 9 and str(place.code).startswith(str(own)) and place.code != own


def _clause(text: str, sentence: tuple[int, int], start: int, end: int) -> tuple[int, int]:
    """The stretch of the sentence around [start, end) between clause stops (，；：)."""
    s, e = sentence
    cs = s + max((i + 1 for i, ch in enumerate(text[s:start]) if ch in _STOPS), default=0)
    return cs, next((i for i in range(end, e) if text[i] in _STOPS), e)


def _bucket(n: int, edges: tuple[int, ...]) -> str:
    for i, edge in enumerate(edges):
        if n <= edge:
            return str(i)
    return str(len(edges))


def _masked_words(ex: Extraction, s: int, e: int, masks: list[EntityMention]) -> list[str]:
    """The jieba words of [s, e) outside the mentions, a mention standing as one token of its base."""
    words: list[str] = []
    toks = ex.doc.tokens
    i = ex.doc.first_token_from(s)
    spans = sorted((m.start, m.end, base_of(m.entity.kind)) for m in masks if m.start < e and m.end > s)
    j = 0
    while i < len(toks) and toks[i].start < e:
        tok = toks[i]
        while j < len(spans) and spans[j][1] <= tok.start:
            j += 1
        if j < len(spans) and spans[j][0] <= tok.start < spans[j][1]:
            if not words or words[-1] != f"<{spans[j][2]}>":
                words.append(f"<{spans[j][2]}>")
        elif tok.word.strip():
            words.append(tok.word)
        i += 1
    return words


class Features:
    """The candidates' features over one extraction (names masked: see the module docstring); what
    every candidate of a report shares — each sentence's mentions and cue words, each entity's number
    of mentions (and, through the frames, each place chain's start) — is computed once."""

    def __init__(self, frames: Frames) -> None:
        ex = frames.ex
        self.ex = ex
        self._rel = frames.r
        self.chain_start = frames.chain_start
        self._tops: dict[tuple[int, int], list[EntityMention]] = {}
        self._cues: dict[tuple[int, int], list[str]] = {}
        self.mentions_of: Counter[int] = Counter(id(m.entity) for m in ex.mentions)

    def top(self, sentence: tuple[int, int]) -> list[EntityMention]:
        if sentence not in self._tops:
            self._tops[sentence] = self._rel.top_mentions(*sentence)
        return self._tops[sentence]

    def cues(self, sentence: tuple[int, int]) -> list[str]:
        if sentence not in self._cues:
            sent = self.ex.doc.text[sentence[0]:sentence[1]]
            self._cues[sentence] = [cue for cue in _CUES if cue in sent]
        return self._cues[sentence]

    def __call__(self, c: Candidate) -> dict[str, float]:
        return _features(self, c)


def _features(fx: Features, c: Candidate) -> dict[str, float]:
    ex = fx.ex
    text = ex.doc.text
    p, t = c.party, c.target
    s, e = c.sentence
    ms = fx.top(c.sentence)
    first, second = (p, t) if p.start < t.start else (t, p)
    pk = p.entity.kind
    tk = t.level if base_of(t.entity.kind) == "Place" else base_of(t.entity.kind)
    f: dict[str, float] = {f"pk={pk}": 1, f"tk={tk}": 1, f"pb×tk={base_of(pk)}×{tk}": 1,
                           "order=party_first" if first is p else "order=target_first": 1}
    gap = text[first.end:second.start]
    f["gap=" + _bucket(len(gap), (0, 2, 6, 15, 40))] = 1
    f["stops=" + _bucket(sum(ch in _STOPS for ch in gap), (0, 1, 2))] = 1
    f["dun=" + _bucket(gap.count("、"), (0, 1, 3))] = 1
    between = [m for m in ms if first.end <= m.start and m.end <= second.start]
    f["between=" + _bucket(len(between), (0, 1, 2, 4))] = 1
    places_between = sum(base_of(m.entity.kind) == "Place" for m in between)
    parties_between = sum(base_of(m.entity.kind) in ("Organisation", "Person") for m in between)
    f["places_between=" + _bucket(places_between, (0, 1))] = 1
    f["parties_between=" + _bucket(parties_between, (0, 1))] = 1
    for w in _masked_words(ex, first.end, second.start, ms)[:12]:
        f["b:" + w] = 1
    before = _masked_words(ex, max(s, first.start - 20), first.start, ms)[-4:]
    after = _masked_words(ex, second.end, min(e, second.end + 20), ms)[:4]
    for w in before:
        f["p:" + w] = 1
    for w in after:
        f["a:" + w] = 1
    if after:
        f["a1:" + after[0]] = 1
    if before:
        f["p1:" + before[-1]] = 1
    clause_s, clause_e = _clause(text, c.sentence, first.start, second.end)
    for cls, rx in _CUE_CLASSES.items():
        if rx.search(gap):
            f["between_" + cls] = 1
        if rx.search(text[second.end:clause_e]):
            f["after_" + cls] = 1
        if rx.search(text[clause_s:first.start]):
            f["before_" + cls] = 1
    for cue in fx.cues(c.sentence):
        f["s:" + cue] = 1
    # is the party the sentence's (or clause's) first party, the target the nearest of its kind?
    parties = [m for m in ms if base_of(m.entity.kind) in ("Organisation", "Person")]
    others = [m for m in parties if m is not p and m is not t]
    if not any(ch in _STOPS for ch in gap):
        f["same_clause"] = 1
    t_cs, t_ce = _clause(text, c.sentence, t.start, t.end)
    if any(t_cs <= m.start and m.end <= t_ce for m in others):
        f["target_clause_has_other_party"] = 1
    if others and min(abs(m.start - t.start) for m in others) < abs(p.start - t.start):
        f["closer_party"] = 1
    if not any(first.end <= m.start and m.end <= second.start for m in others):
        f["no_party_between"] = 1
    if re.match(r"[、和及与]|以及", text[t.end:t.end + 2]) or re.search(r"(?:[、和及]|以及)$", text[max(s, t.start - 2):t.start]):
        f["target_in_list"] = 1
    if re.match(r"[、和及]|以及", text[p.end:p.end + 2]) or re.search(r"(?:[、和及]|以及)$", text[max(s, p.start - 2):p.start]):
        f["party_in_list"] = 1
    if parties and parties[0] is p:
        f["party_first_in_sentence"] = 1
    same_base = [m for m in ms if base_of(m.entity.kind) == base_of(t.entity.kind) and m is not p]
    if same_base:
        nearest = min(same_base, key=lambda m: abs(m.start - p.start))
        if nearest is t:
            f["target_nearest"] = 1
    if len(same_base) == 1:
        f["only_target"] = 1
    if re.match(r"\d|各|所有|等", text[t.end:t.end + 2]):
        f["target_plural"] = 1
    if re.match(r"(?:村民委员会|村委会|居民委员会|居委会)", text[t.end:t.end + 5]):
        f["target_committee"] = 1
    n_mentions = fx.mentions_of[id(t.entity)]
    f["target_mentions=" + _bucket(n_mentions, (1, 2, 4))] = 1
    if ex.main_place is not None and t.entity is ex.main_place:
        f["target_main_place"] = 1
    if base_of(t.entity.kind) == "Place" and venue(text, t, fx.chain_start(t)):
        f["target_venue"] = 1
    return f


@dataclass(eq=False)  # hashable by identity: extract_report's cache takes it as an argument
class PairModel:
    weights: dict[str, float]
    bias: float
    threshold: float
    info: dict[str, Any]

    def probability(self, feats: dict[str, float]) -> float:
        z = self.bias + sum(self.weights.get(k, 0.0) * v for k, v in feats.items())
        return 1.0 / (1.0 + math.exp(-z))

    def to_json(self) -> str:
        return json.dumps({"bias": self.bias, "threshold": self.threshold, "info": self.info,
                           "weights": dict(sorted(self.weights.items()))}, ensure_ascii=False, indent=1)

    @classmethod
    def from_json(cls, raw: str) -> PairModel:
        d = json.loads(raw)
        return cls({str(k): float(v) for k, v in d["weights"].items()}, float(d["bias"]), float(d["threshold"]),
                   dict(d.get("info") or {}))


@cache
def default_model() -> PairModel | None:
    """The shipped model, or None when the package carries none."""
    if not MODEL_PATH.is_file():
        return None
    return PairModel.from_json(MODEL_PATH.read_text(encoding="utf-8"))


def decide(frames: Frames, cands: list[Candidate], probs: list[float], threshold: float) -> list[str | None]:
    """Which candidates become pairings.

    1. those at the threshold (``"model"``);
    2. of the parties so taken for one place in one sentence, the most probable and those listed with
       it (A、B与Y村结对): a sentence that names several bodies near a village pairs it with one of
       them, not all (市统战部长和A商会会长一行来到Y村… is no pairing of the department);
    3. of the places so taken for one party in one sentence, not one that holds another (Y县 when Y县Z镇
       is taken too): the inner place is the one paired;
    4. the places listed with a taken one (A村、B村和C村, 、/和/及) for the same party (``"list"``) — a
       list shares its verb and its party, so one confident member carries the others;
    5. likewise the organisations listed with a taken party in a list closed by 等 (A、B、C等企业支持Y村)
       for the same place (``"party list"``)."""
    out: list[str | None] = ["model" if p >= threshold else None for p in probs]
    parties: dict[tuple[int, int], list[EntityMention]] = {}

    def named(sentence: tuple[int, int]) -> list[EntityMention]:
        if sentence not in parties:
            parties[sentence] = frames.parties(*sentence)
        return parties[sentence]

    def listed_with(sentence: tuple[int, int], a: EntityMention, b: EntityMention) -> bool:
        ms = named(sentence)
        k = next((n for n, m in enumerate(ms) if m.start == a.start), None)
        return k is not None and any(m.start == b.start for forward in (True, False)
                                     for m in frames.listed(ms, k, forward))

    best: dict[tuple[tuple[int, int], int], int] = {}  # per mention of a place: a place written twice has two
    for i, c in enumerate(cands):
        key = (c.sentence, c.target.start)
        if out[i] == "model" and (key not in best or probs[i] > probs[best[key]]):
            best[key] = i
    for i, c in enumerate(cands):
        j = best.get((c.sentence, c.target.start))
        if out[i] == "model" and j != i and j is not None and not listed_with(c.sentence, cands[j].party, c.party):
            out[i] = None
    taken: dict[tuple[tuple[int, int], str], list[str]] = {}
    for i, c in enumerate(cands):
        if out[i] == "model" and base_of(c.target.entity.kind) == "Place" and c.target.entity.code:
            taken.setdefault((c.sentence, c.party.entity.ref), []).append(c.target.entity.code)
    for i, c in enumerate(cands):
        code = c.target.entity.code
        if out[i] == "model" and code and any(x != code and x.startswith(code)
                                              for x in taken.get((c.sentence, c.party.entity.ref), [])):
            out[i] = None
    def listed_around(sentence: tuple[int, int], mention: EntityMention) -> list[EntityMention]:
        """The names of the list ``mention`` stands in (before and after it), itself left out."""
        ms = named(sentence)
        k = next((j for j, m in enumerate(ms) if m.start == mention.start), None)
        if k is None:
            return []
        return [*frames.listed(ms, k, False)[:-1], *frames.listed(ms, k, True)[1:]]

    index = {(c.sentence, c.party.entity.ref, c.target.entity.ref): i for i, c in enumerate(cands)}
    for i, c in enumerate(cands):
        if out[i] != "model" or base_of(c.target.entity.kind) != "Place":
            continue
        for m in listed_around(c.sentence, c.target):
            j = index.get((c.sentence, c.party.entity.ref, m.entity.ref))
            if j is not None and out[j] is None:
                out[j] = "list"
    for i, c in enumerate(cands):
        if out[i] != "model" or base_of(c.party.entity.kind) != "Organisation":
            continue
        members = listed_around(c.sentence, c.party)
        if not members or not frames.text.startswith("等", max(m.end for m in [c.party, *members])):
            continue
        for m in members:
            j = index.get((c.sentence, m.entity.ref, c.target.entity.ref))
            if j is not None and out[j] is None and base_of(m.entity.kind) == "Organisation":
                out[j] = "party list"
    return out


def find_learned_pairings(r: _Rel, model: PairModel) -> None:
    """Add a ``PAIRED_WITH`` for each candidate :func:`decide` takes whose ends no rule already joined
    by any relation (either way round)."""
    from tongxin.extract.pairings import Frames

    frames = Frames(r)
    joined = {(x.from_, x.to) for x in r.out} | {(x.to, x.from_) for x in r.out} | r.set_aside
    # A与Y、B与Z分别签订…, A与Y村结对，B…: where a frame paired the target with another party in the same
    # sentence, it said who goes with whom; the model adds no second party for that target
    framed: dict[tuple[int, int], list[tuple[str, str]]] = {}
    for x in r.out:
        if x.type in ("PAIRED_WITH", "DONATES_TO", "INVESTS_IN") and x.mentions:
            framed.setdefault((x.mentions[0].start, x.mentions[0].end), []).append((x.from_, x.to))

    quoted: dict[tuple[int, int], tuple[int, int]] = {}  # a sentence → its span as relations quote it

    def crosses(c: Candidate) -> bool:
        if c.sentence not in quoted:  # (offsets of the original text)
            men = r.evidence(*c.sentence)[1]
            quoted[c.sentence] = (men.start, men.end)
        pairs = framed.get(quoted[c.sentence], [])
        a, b = c.party.entity.ref, c.target.entity.ref
        if any(b in p for p in pairs) and r.text[max(0, c.party.start - 2):c.party.start].endswith(("通过", "经由")):
            return True  # A通过B向Y捐赠: B is the channel of a gift a frame gave to A
        # a place a frame paired in this sentence has its party: the model adds no other for it
        return any(b in p and a not in p for p in pairs)

    cands = [c for c in candidates(frames)
             if (c.party.entity.ref, c.target.entity.ref) not in joined and not crosses(c)]
    features = Features(frames)
    probs = [model.probability(features(c)) for c in cands]
    for c, prob, why in zip(cands, probs, decide(frames, cands, probs, model.threshold), strict=True):
        if why is None:
            continue
        a, b = c.party.entity, c.target.entity
        note = f"learned pairing (p={prob:.2f}): no verb frame states it; check the sentence"
        if why == "list":
            note = f"learned pairing: listed with a place the model paired with {a.name}; check the sentence"
        elif why == "party list":
            note = f"learned pairing: listed with a party the model paired with {b.name}; check the sentence"
        r.add("PAIRED_WITH", a, b, c.sentence, round(prob, 2), review=note)
