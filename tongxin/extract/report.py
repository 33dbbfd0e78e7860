"""``extract_report``: a raw report in, a draft case record out.

Steps: clean (:mod:`.clean`) → tokens, sentences, quotes (:mod:`.text`) → places (:mod:`.places`) →
programs, organisations, people (:mod:`.entities`) → merge mentions into entities (here) → relations
and claims (:mod:`.relations`). Offline and deterministic: the same file gives the same draft.
"""

from __future__ import annotations

import hashlib
import re
import time
from collections import Counter
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from tongxin.extract.clean import CleanText, clean_report
from tongxin.extract.draft import DraftEntity, DraftRecord, Mention
from tongxin.extract.entities import (
    LEGAL_FORMS,
    ORG_KINDS,
    Found,
    PlaceContext,
    find_orgs,
    find_people,
    find_programs,
    name_key,
)
from tongxin.extract.lexicon import Lexicon, load_lexicon
from tongxin.extract.places import LEVEL_RANK, PlaceBackend, PlaceFindings, find_places
from tongxin.extract.text import Doc, segmenter, word_tags

__all__ = ["EntityMention", "Extraction", "extract_report", "extract_with_context", "warm_up"]

_DEFAULT = object()


@dataclass
class EntityMention:
    start: int  # clean-text span
    end: int
    entity: DraftEntity
    chain: int = -1  # places: the chain of adjacent names it belongs to
    level: str = ""  # places: division level
    terminal: bool = True  # places: last name of its chain
    extra: dict[str, Any] = field(default_factory=dict)  # what the finder noted (cue, title, how …)


@dataclass
class Extraction:
    """Everything the relation and claim rules look at."""

    doc: Doc
    lex: Lexicon
    backend: PlaceBackend | None
    places: PlaceFindings
    pctx: PlaceContext
    mentions: list[EntityMention]
    entities: list[DraftEntity]
    main_place: DraftEntity | None
    program_spans: list[tuple[int, int]]
    # party committees written only as a seat folded into a department's post (茂名市委常委、统战部部长):
    # how many of each one's mentions are such seats
    folded: Counter[str] = field(default_factory=Counter)

    def mentions_in(self, s: int, e: int, *, bases: tuple[str, ...] = ()) -> list[EntityMention]:
        return [m for m in self.mentions if s <= m.start and m.end <= e and (not bases or base_of(m.entity.kind) in bases)]

    def mention(self, start: int, end: int) -> Mention:
        s, e = self.doc.clean.to_original(start, end)
        return Mention(s, e, self.doc.clean.original[s:e])


# ----------------------------------------------------------------------------------------- ontology


@cache
def _ontology() -> Any:
    from tongxin.graph.ontology import load_ontology

    return load_ontology()


@cache  # a handful of kinds, asked for hundreds of thousands of times
def base_of(kind: str) -> str:
    if kind in ("Place", "Park"):
        return "Place"
    k = _ontology().kinds.get(kind)
    return str(k.base) if k is not None else kind


def edge_allowed(edge: str, from_kind: str, to_kind: str) -> bool:
    et = _ontology().edges.get(edge)
    if et is None:
        return False
    fb, tb = base_of(from_kind), base_of(to_kind)
    if fb not in et.from_bases or tb not in et.to_bases:
        return False
    return not (et.same_base and fb != tb)


# ------------------------------------------------------------------------------------------- warm-up


def warm_up(backend: Any = _DEFAULT) -> dict[str, float]:
    """Do the one-time initialisation now (jieba dictionary, place index and resolver, OpenCC) and
    return how long each part took."""
    out: dict[str, float] = {}
    t = time.perf_counter()
    segmenter()
    word_tags()
    out["jieba"] = time.perf_counter() - t
    t = time.perf_counter()
    be = PlaceBackend.default() if backend is _DEFAULT else backend
    out["resolver"] = time.perf_counter() - t
    t = time.perf_counter()
    if be is not None:
        be.warm()
    out["place_index"] = time.perf_counter() - t
    t = time.perf_counter()
    clean_report("統(tǒng)戰(zhàn)")
    slug("同心")  # imports pypinyin (about a second)
    load_lexicon()
    _ontology()
    out["opencc_lexicon_ontology"] = time.perf_counter() - t
    return out


# ------------------------------------------------------------------------------------------ the API


def extract_report(
    path_or_text: str | Path,
    *,
    file_name: str | None = None,
    source_id: str | None = None,
    backend: Any = _DEFAULT,
    pair_model: Any = _DEFAULT,
) -> DraftRecord:
    """Extract a draft case record from a report.

    ``path_or_text``: a path to a UTF-8 text file, or the report text itself (a ``str`` that is not an
    existing file's path). ``file_name`` overrides the ``source.file`` recorded; ``source_id`` the
    generated ``source.id``. ``backend``: a :class:`~tongxin.extract.places.PlaceBackend` (default: the
    bundled gazetteer and resolver; ``None`` to find no places). ``pair_model``: the
    :class:`~tongxin.extract.pairmodel.PairModel` that adds learned pairings (default: the shipped one;
    ``None`` for the verb frames alone).
    """
    return extract_with_context(path_or_text, file_name=file_name, source_id=source_id, backend=backend,
                                pair_model=pair_model)[0]


def extract_with_context(
    path_or_text: str | Path,
    *,
    file_name: str | None = None,
    source_id: str | None = None,
    backend: Any = _DEFAULT,
    pair_model: Any = _DEFAULT,
) -> tuple[DraftRecord, Extraction]:
    """:func:`extract_report`, and the :class:`Extraction` its rules looked at (mentions with their
    spans, sentences): what training the pairing model reads."""
    t_all = time.perf_counter()
    timing: dict[str, float] = {}
    text, fname, warnings = _read(path_or_text)
    if file_name is not None:
        fname = file_name
    lex = load_lexicon()
    be: PlaceBackend | None = PlaceBackend.default() if backend is _DEFAULT else backend
    if be is None:
        warnings.append("no place backend (tongxin.places or its data missing): places were not looked for")

    t = time.perf_counter()
    clean = clean_report(text)
    doc = Doc.build(clean)
    timing["clean+tokens"] = time.perf_counter() - t

    t = time.perf_counter()
    findings = find_places(doc.text, be, doc.boundaries) if be is not None else PlaceFindings()
    timing["places"] = time.perf_counter() - t

    t = time.perf_counter()
    programs = find_programs(doc, lex, findings)
    main_codes = _main_codes(findings, be)
    pctx = PlaceContext(findings, be, main_codes, doc.text)
    orgs = find_orgs(doc, lex, pctx, programs)
    bylines = {n for _, n in clean.metadata.bylines}
    people = find_people(doc, lex, orgs, pctx, bylines)
    timing["entities"] = time.perf_counter() - t

    t = time.perf_counter()
    ex = _assemble(doc, lex, be, findings, pctx, main_codes, programs, orgs, people)
    from tongxin.extract.claims import find_claims
    from tongxin.extract.relations import find_relations

    if pair_model is _DEFAULT:
        from tongxin.extract.pairmodel import default_model

        pair_model = default_model()
    relations = find_relations(ex, pair_model)
    claims = find_claims(ex, clean.metadata.date)
    _prune(ex, relations, claims)
    timing["relations+claims"] = time.perf_counter() - t

    source = _source(clean, fname, source_id, ex)
    context = _context(be, main_codes)
    draft = DraftRecord(source=source, context=context, entities=ex.entities, relations=relations, claims=claims)
    timing["total"] = time.perf_counter() - t_all
    draft.info = {"timing": timing, "warnings": warnings, "chars": len(text),
                  "metadata": clean.metadata.to_dict()}
    return draft, ex


def summary(draft: DraftRecord) -> str:
    return draft.summary()


_SURROGATE = re.compile("[\ud800-\udfff]")


def _read(path_or_text: str | Path) -> tuple[str, str | None, list[str]]:
    from tongxin.extract.clean import UnreadableReport, decode_report

    path: Path | None = None
    if isinstance(path_or_text, Path):
        path = path_or_text
    elif "\n" not in path_or_text and len(path_or_text) < 1024:
        try:
            if Path(path_or_text).is_file():
                path = Path(path_or_text)
        except (OSError, ValueError):
            pass
    if path is None:
        if not str(path_or_text).strip():
            raise UnreadableReport("report: the text is empty")
        if (bad := _SURROGATE.search(str(path_or_text))) is not None:
            # (a str decoded with errors="surrogateescape", or JSON's "\ud800": no characters, bytes that were none)
            raise UnreadableReport(f"report: not valid Unicode text (an unpaired surrogate, U+{ord(bad.group()):04X}, "
                                   f"at character {bad.start()}); decode the bytes as UTF-8, GBK or Big5 first, or "
                                   "pass the file's path")
        return str(path_or_text), None, []
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise UnreadableReport(f"{path}: cannot read ({exc.strerror or exc})") from None
    text, warnings = decode_report(data, str(path))
    return text, path.name, warnings


# ------------------------------------------------------------------------------------ main place


def _main_codes(findings: PlaceFindings, be: PlaceBackend | None) -> dict[str, str]:
    """The report's own place at each level: the most mentioned city (and its province); a county
    when it is mentioned at least twice as often as its city."""
    if be is None or not findings.hits:
        return {}
    counts: Counter[str] = Counter(h.code for h in findings.hits if h.code)
    city_counts: Counter[str] = Counter()
    county_counts: Counter[str] = Counter()
    prov_counts: Counter[str] = Counter()
    for code, n in counts.items():
        if len(code) >= 4:
            city_counts[code[:4]] += n
        if len(code) >= 6:
            county_counts[code[:6]] += n
        prov_counts[code[:2]] += n
    out: dict[str, str] = {}
    if prov_counts:
        out["province"] = prov_counts.most_common(1)[0][0]
    if city_counts:
        top = sorted(city_counts.items(), key=lambda kv: (-kv[1], kv[0]))
        total = sum(city_counts.values())
        dominant = top[0][1] >= 0.4 * total  # a round-up of many cities (安徽: 16 sections) has no own city
        if dominant and (len(top) == 1 or top[0][1] > top[1][1] * 1.5 or (top[0][1] >= 3 and top[0][1] > top[1][1])):
            city = top[0][0]
            info = be.get(city)
            if info is not None and info.pseudo:  # 天津市 › 市辖区: the municipality is the city
                out["province"] = city[:2]
                counties = [(c, n) for c, n in county_counts.items() if c.startswith(city)]
                if counties:
                    c, n = max(counties, key=lambda cn: (cn[1], cn[0]))
                    if n >= 2 and be.get(c) is not None:
                        out["county"] = c
            elif info is not None:
                out["city"] = city
                out["province"] = city[:2]
                own = counts.get(city, 0)
                counties = [(c, n) for c, n in county_counts.items() if c.startswith(city)]
                if counties:
                    c, n = max(counties, key=lambda cn: (cn[1], cn[0]))
                    if n >= 2 * max(1, own) and be.get(c) is not None:
                        out["county"] = c
    if "city" not in out and len({c[:2] for c in city_counts}) > 1 and prov_counts:
        out.pop("province", None)
        top_p = prov_counts.most_common(2)
        if len(top_p) == 1 or top_p[0][1] > 2 * top_p[1][1]:
            out["province"] = top_p[0][0]
    return out


def _context(be: PlaceBackend | None, main: dict[str, str]) -> list[str]:
    if be is None:
        return []
    out = []
    for level in ("province", "city"):
        code = main.get(level)
        info = be.get(code) if code else None
        if info is not None:
            out.append(info.name)
    return out


# ------------------------------------------------------------------------------------------ slugs


def slug(name: str) -> str:
    from tongxin.textnorm import common_pinyin

    s = "".join(common_pinyin(name))
    s = re.sub(r"[^a-z0-9]+", "-", s.lower()).strip("-")
    return s[:32].strip("-") or "x"


class _Refs:
    def __init__(self) -> None:
        self.used: set[str] = set()

    def new(self, name: str, prefix: str = "") -> str:
        base = (prefix + "-" if prefix else "") + slug(name)
        ref, n = base, 2
        while ref in self.used:
            ref, n = f"{base}-{n}", n + 1
        self.used.add(ref)
        return ref


# ------------------------------------------------------------------------------------- assembling


def _assemble(
    doc: Doc, lex: Lexicon, be: PlaceBackend | None, findings: PlaceFindings, pctx: PlaceContext,
    main_codes: dict[str, str], programs: list[Found], orgs: list[Found], people: list[Found],
) -> Extraction:
    clean: CleanText = doc.clean
    refs = _Refs()
    mentions: list[EntityMention] = []
    entities: list[DraftEntity] = []
    program_spans = [(f.start, f.end) for f in programs]

    def mention(s: int, e: int) -> Mention:
        os_, oe = clean.to_original(s, e)
        return Mention(os_, oe, clean.original[os_:oe])

    # ---- places, by code
    place_by_code: dict[str, DraftEntity] = {}
    unresolved: dict[str, DraftEntity] = {}
    chain_last: dict[int, int] = {}
    for h in findings.hits:
        chain_last[h.chain] = max(chain_last.get(h.chain, -1), h.start)
    # One name, one place per report: a mention left open (中坊村 in the title, two villages of that
    # name) is the place another mention of the same name settled, when that is one of its candidates.
    settled: dict[str, set[str]] = {}
    for h in findings.hits:
        if h.code:
            settled.setdefault(doc.text[h.start:h.end], set()).add(h.code)
    for h in findings.hits:
        same = settled.get(doc.text[h.start:h.end], set()) & set(h.candidates)
        if h.code is None and len(same) == 1:
            h.code, h.confidence = next(iter(same)), 0.7
            h.note = "settled by another mention of the same name in the report"
    for h in findings.hits:
        surface = doc.text[h.start:h.end]
        if h.code and be is not None:
            info = be.get(h.code)
            ent = place_by_code.get(h.code)
            if ent is None and info is not None:
                ent = DraftEntity(refs.new(info.name), "Place", info.name, code=h.code, confidence=h.confidence)
                place_by_code[h.code] = ent
                entities.append(ent)
            if ent is None:
                continue
            ent.confidence = max(ent.confidence, h.confidence)
            level = info.level if info else ""
        else:
            ent = unresolved.get(surface)
            if ent is None:
                ent = DraftEntity(refs.new(surface), "Place", surface, confidence=0.4, review=True,
                                  review_note=h.note or "place name not resolved")
                if be is not None and h.candidates:
                    names = [(c, be.get(c)) for c in h.candidates[:5]]
                    ent.review_note = (ent.review_note or "") + ": " + ", ".join(
                        f"{c} {info.name if info else ''}" for c, info in names)
                if h.parent and be is not None:
                    ent.context = [p.name for p in be.path(h.parent)]
                unresolved[surface] = ent
                entities.append(ent)
            level = level_by_word(surface)
        if surface != ent.name and surface not in ent.aliases:
            ent.aliases.append(surface)
        if h.note and ent.code and not ent.review_note and h.confidence < 0.8:
            ent.review, ent.review_note = True, h.note
        ent.mentions.append(mention(h.start, h.end))
        mentions.append(EntityMention(h.start, h.end, ent, h.chain, level, chain_last[h.chain] == h.start))

    # The report's own places are entities even when only implied (claims and qualified names need them).
    for level in ("province", "city", "county"):
        code = main_codes.get(level)
        if code and be is not None and code not in place_by_code:
            info = be.get(code)
            if info is not None:
                ent = DraftEntity(refs.new(info.name), "Place", info.name, code=code, confidence=0.7,
                                  note="the report's own area (implied)")
                place_by_code[code] = ent
                entities.append(ent)

    def place_ref_for(code: str | None) -> DraftEntity | None:
        if not code:
            return None
        c = code
        while c:
            if c in place_by_code:
                return place_by_code[c]
            c = {12: c[:9], 9: c[:6], 6: c[:4], 4: c[:2]}.get(len(c), "")
        return None

    # ---- parks
    parks: dict[str, DraftEntity] = {}
    for p in findings.parks:
        key = name_key(p.surface)
        ent = parks.get(key)
        if ent is None:
            parent = place_ref_for(p.parent_code)
            ent = DraftEntity(refs.new(p.surface), "Park", p.surface, place=parent.ref if parent else None,
                              confidence=0.8)
            parks[key] = ent
            entities.append(ent)
        if all(m.start != clean.to_original(p.start, p.end)[0] for m in ent.mentions):
            ent.mentions.append(mention(p.start, p.end))
            mentions.append(EntityMention(p.start, p.end, ent, -1, "park", True))

    # ---- programs (aliases: a shorter name that is a prefix/suffix or a ·-part of a longer one)
    prog_groups: dict[str, list[Found]] = {}
    for f in programs:
        prog_groups.setdefault(f.key, []).append(f)
    keys = sorted(prog_groups, key=lambda k: (-len(k), k))
    alias_of: dict[str, str] = {}
    for k in keys:
        for longer in keys:
            if longer == k or len(longer) <= len(k) or longer in alias_of:
                continue
            parts = re.split(r"·", prog_groups[longer][0].name)
            if (len(k) >= 4 and (longer.startswith(k) or longer.endswith(k))) or (len(parts) > 1 and k in parts and len(k) >= 3):
                alias_of[k] = longer
                break
    prog_ent: dict[str, DraftEntity] = {}
    for k in keys:
        target = k
        while target in alias_of:
            target = alias_of[target]
        group = prog_groups[k]
        ent = prog_ent.get(target)
        if ent is None:
            head = prog_groups[target][0]
            ent = DraftEntity(refs.new(head.name), "Program", head.name,
                              confidence=max(f.confidence for f in prog_groups[target]))
            prog_ent[target] = ent
            entities.append(ent)
        for f in group:
            if f.name != ent.name and f.name not in ent.aliases:
                ent.aliases.append(f.name)
            for a in f.aliases:
                if a != ent.name and a not in ent.aliases:
                    ent.aliases.append(a)
            ent.mentions.append(mention(f.start, f.end))
            mentions.append(EntityMention(f.start, f.end, ent, extra=f.extra))
            ent.confidence = max(ent.confidence, f.confidence)

    # ---- organisations (by merge key; the dash apposition “同心协会”——建材家居协会 merges two)
    orgs_sorted = sorted(orgs, key=lambda f: f.start)
    dash_alias: dict[int, str] = {}
    for i, f in enumerate(orgs_sorted):
        if f.extra.get("same_as_after_dash") and i + 1 < len(orgs_sorted):
            nxt = orgs_sorted[i + 1]
            if nxt.start - f.end <= 3:
                dash_alias[i] = nxt.key
    # 北京某某公益基金会(以下简称“某某基金会”): the short form names the same body
    short_of: dict[str, str] = {}
    for f in orgs_sorted:
        ma = _ABBREVIATION.match(doc.text, f.end)
        if ma and name_key(ma.group(1)) != f.key:
            short_of.setdefault(name_key(ma.group(1)), f.key)
    org_groups: dict[str, list[Found]] = {}
    for i, f in enumerate(orgs_sorted):
        org_groups.setdefault(dash_alias.get(i, short_of.get(f.key, f.key)), []).append(f)
    # 共富联盟 beside 天目共富联盟: an unqualified name that ends a longer one of the same kind is that one
    for key in sorted(org_groups, key=len):
        group = org_groups[key]
        if len(key) < 4 or any(f.place_code for f in group):
            continue
        gkind = group[0].kind
        longer_keys = [k for k in org_groups if k != key and k.endswith(key) and org_groups[k][0].kind == gkind]
        if len(longer_keys) == 1:
            org_groups[longer_keys[0]].extend(org_groups.pop(key))
    # 纳通科技集团 after 北京纳通科技集团有限公司: a firm named again without its place and legal form
    for key in sorted(org_groups, key=len):
        group = org_groups[key]
        if len(key) < 4 or group[0].kind != "Enterprise":
            continue
        fulls = {k for k in org_groups if k != key and org_groups[k][0].kind == "Enterprise"
                 and any(_short_firm(doc.text, f, key, pctx, [g.start for g in group]) for f in org_groups[k])}
        if len(fulls) == 1:
            org_groups[fulls.pop()].extend(org_groups.pop(key))
    # 民盟贵大委员会 beside 民盟贵州大学委员会, 天能集团 beside 天能控股集团: a name written with inner words
    # of a longer one of the same kind left out (its opening and closing words kept) is that one
    for key in sorted(org_groups, key=len):
        group = org_groups[key]
        if len(key) < 4 or _INSTITUTION.search(key):
            continue  # (天津大学(党委统战部) is not 天津师范大学(…): a school named in full is its own)
        gkind, gcode = group[0].kind, next((f.place_code for f in group if f.place_code), None)
        wider = [k for k in org_groups if len(k) > len(key) and k[:2] == key[:2]
                 and k[-2:] == key[-2:] and org_groups[k][0].kind == gkind and _contracted(key, k)
                 and gcode in (None, next((f.place_code for f in org_groups[k] if f.place_code), None))]
        if len(wider) == 1:
            org_groups[wider[0]].extend(org_groups.pop(key))
    for key, group in org_groups.items():
        kinds = Counter(f.kind for f in group)
        kind = kinds.most_common(1)[0][0]
        main = next((f for f in group if f.key == key), group[0])
        best = max(group, key=lambda f: (f.confidence, len(f.name)))
        name = main.name if main.key == key else best.name
        place_ent = place_ref_for(main.place_code or best.place_code)
        ent = DraftEntity(refs.new(name), kind, name, place=place_ent.ref if place_ent else None,
                          confidence=max(f.confidence for f in group))
        notes = [f.review for f in group if f.review]
        if notes and all(f.review for f in group):
            ent.review, ent.review_note = True, notes[0]
        for f in group:
            for a in [f.name, *f.aliases]:
                if a and a != ent.name and a not in ent.aliases:
                    ent.aliases.append(a)
            ent.mentions.append(mention(f.start, f.end))
            mentions.append(EntityMention(f.start, f.end, ent, extra=f.extra))
        entities.append(ent)

    # ---- people
    person_groups: dict[str, list[Found]] = {}
    for f in people:
        person_groups.setdefault(f.name, []).append(f)
    for name, group in person_groups.items():
        conf = max(f.confidence for f in group)
        ent = DraftEntity(refs.new(name), "Person", name, confidence=conf)
        if all(f.review for f in group):
            ent.review, ent.review_note = True, group[0].review
        for f in group:
            ent.mentions.append(mention(f.start, f.end))
            mentions.append(EntityMention(f.start, f.end, ent, extra=f.extra))
        entities.append(ent)

    mentions.sort(key=lambda m: (m.start, -(m.end - m.start)))
    main_place = None
    for level in ("county", "city", "province"):
        code = main_codes.get(level)
        if code and code in place_by_code:
            main_place = place_by_code[code]
            break
    return Extraction(doc, lex, be, findings, pctx, mentions, entities, main_place, program_spans)


_LEGAL_FORM = re.compile(rf"{LEGAL_FORMS}$")


_INSTITUTION = re.compile(r"大学|学院|学校|中学|小学|医院|研究院|研究所")


def _contracted(short: str, full: str) -> bool:
    """``short`` is ``full`` with characters left out inside it (贵大 in 贵州大学, 乐山 for 乐山市): its
    characters in order, no run of two or more left out naming a place or zone (沿滩区新联会 is not
    沿滩高新技术产业园区新联会: a park's body is another body)."""
    runs, run, i = [], "", 0
    for ch in full:
        if i < len(short) and ch == short[i]:
            i += 1
            if run:
                runs.append(run)
            run = ""
        else:
            run += ch
    return i == len(short) and not any(len(r) >= 2 and re.search(r"[省市县区镇乡村园]", r) for r in runs + [run])


def _short_firm(text: str, full: Found, key: str, pctx: PlaceContext, starts: list[int] | None = None) -> bool:
    """``key`` is ``full``'s name without its legal form (有限公司) and without the place opening it; or its
    trade name (two characters or more) with 公司 or 集团 after it (郭牌公司 for 潍坊郭牌农业科技有限公司;
    餐饮公司 written at ``starts`` right after 一片天, for 上海一片天餐饮管理股份有限公司)."""
    core = _LEGAL_FORM.sub("", full.name)
    if core == full.name:
        return False
    if key.endswith(("公司", "集团")) and len(key) >= 4 and text[full.start:full.start + len(full.name)] == full.name:
        _, own = pctx.chain_after(full.start)
        rest = core[own - full.start:] if full.start < own < full.start + len(core) else core
        if rest != core and len(rest) > len(key) - 2:
            if rest.startswith(key[:-2]):
                return True
            # (jieba cut the trade name: 一片/天/餐饮公司 — the characters before the short name open it)
            if any(k < len(rest) and text[s - k:s] == rest[:k] and rest.startswith(key[:-2], k)
                   for s in starts or [] for k in range(1, 5) if s >= k):
                return True
    if not core.endswith(key):
        return False
    cut = full.start + len(core) - len(key)  # where the short name would begin inside the full one
    if cut == full.start:
        return True
    if text[full.start:full.start + len(full.name)] != full.name:
        return False  # a name not written as it stands (expanded): no position to check
    hit = pctx.hit_ending_at(cut)
    return hit is not None and hit[0] >= full.start


_ABBREVIATION = re.compile(r"\s*[(（]\s*(?:以下)?(?:简称|下称)\s*[:：]?\s*[“\"‘「]?([^”\"’」)）,，]{2,16})[”\"’」]?\s*[)）]")


def _prune(ex: Extraction, relations: list[Any], claims: list[Any]) -> None:
    """Drop places named only inside a program's name (“我与凉山心连心”) and party committees named only
    as a seat folded into a department's post (茂名市委常委、统战部部长: the role is the department's),
    unless something refers to them; order entities: places, parks, organisations, people, programs — each by first mention."""
    used: set[str] = set()
    for r in relations:
        used.update((r.from_, r.to))
        if "program" in r.props:
            used.add(r.props["program"])
    for c in claims:
        used.add(c.about)
        if c.program:
            used.add(c.program)
    for e in ex.entities:
        if e.place:
            used.add(e.place)
    if ex.main_place is not None:
        used.add(ex.main_place.ref)

    def only_in_programs(e: DraftEntity) -> bool:
        spans = [(m.start, m.end) for m in ex.mentions if m.entity is e]
        return bool(spans) and all(any(a <= s and t <= b for a, b in ex.program_spans) for s, t in spans)

    keep = [e for e in ex.entities
            if not (e.kind in ("Place", "Park") and (only_in_programs(e) or not e.mentions) and e.ref not in used)
            and not (e.ref in ex.folded and len(e.mentions) <= ex.folded[e.ref] and e.ref not in used)]
    order = {"Place": 0, "Park": 1, "Person": 3, "Program": 4}
    keep.sort(key=lambda e: (order.get(e.kind, 2), e.first, e.ref))
    for e in keep:
        if e.kind == "Place" and not e.mentions:
            e.confidence = min(e.confidence, 0.7)
    ex.entities[:] = keep


def _source(clean: CleanText, fname: str | None, source_id: str | None, ex: Extraction) -> dict[str, Any]:
    meta = clean.metadata
    title = meta.title or (Path(fname).stem if fname else "untitled report")
    if source_id is None:
        where = slug(ex.main_place.name.removesuffix("市").removesuffix("区").removesuffix("县")) if ex.main_place else "report"
        year = (meta.date or "")[:4]
        stem = Path(fname).stem if fname else ""
        m = re.search(r"[0-9a-f]{8,}", stem)
        tag = m.group(0)[:8] if m else hashlib.sha256(clean.original.encode("utf-8")).hexdigest()[:8]
        source_id = "-".join(p for p in (where, year, tag) if p)
    return {
        "id": source_id,
        "title": title,
        "publisher": meta.publisher,
        "author": meta.author,
        "date": meta.date,
        "url": None,
        "file": fname,
        "kind": "report",
    }


# ------------------------------------------------------------------------------------- kinds used


def is_org(kind: str) -> bool:
    return kind in ORG_KINDS


# a place's own level word, for a place the division list lacks (longest forms of a level first)
_LEVEL_WORDS = (("community", ("社区", "居委会")), ("village", ("村", "嘎查")), ("township", ("镇", "乡", "街道", "苏木")))


def level_by_word(name: str) -> str:
    """The level a place name's own level word gives, for a place the division list lacks (史陈家村, a
    village; 猪场乡, a township): ``""`` when the word says nothing below the county."""
    for level, words in _LEVEL_WORDS:
        if name.endswith(words):
            return level
    return ""


def level_rank(level: str) -> int:
    return LEVEL_RANK.get(level, 9)
