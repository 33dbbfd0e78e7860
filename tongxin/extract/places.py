"""Place mentions in report text, resolved to division codes.

The adapter :class:`PlaceBackend` wraps the project's place package (``tongxin.places``: the
:class:`~tongxin.places.gazetteer.Gazetteer` tree and the :class:`~tongxin.places.resolver.Resolver`)
behind the few calls the extractor needs, so the rest of the extractor does not depend on its
internals. When the package or its data is missing, :meth:`PlaceBackend.default` returns ``None``
and the extractor finds no places (and says so in its warnings).

Finding places in running text (:func:`find_places`):

1. **Scan** the clean text with an Aho–Corasick automaton over every division name: official and
   short names at all levels, names without their level word for provinces, cities and counties
   (娄底, 沿滩, 叙永), 办事处 spellings of 街道 (大埠桥办事处) and 行政村 ones of 村 (关庄行政村).
2. **Area**: names of provinces, cities and (3+ character) counties give the report's area — the
   cities it is about, by number of mentions.
3. **Filter**: a short form (娄底) must fall on jieba word boundaries (so 新乡 in 新乡贤 is no place);
   two-character county names (泸县, 城区) and every township, village and community name count only
   inside the area (or right after their parent in a chain) — but a township name the country holds
   once, in a province of the area, counts wherever it lies (a 珠海 chamber's 宝珠镇 of 云浮市).
4. **Chains**: adjacent names (涟源市杨市镇东园村, with functional-zone words allowed between:
   娄底经济开发区大埠桥办事处中阳村) are resolved top-down, each name a descendant of the one before.
   A lone name with several candidates takes the one inside the nearest place mentioned before it,
   then inside the report's area; if that still leaves several, it stays ambiguous (review).
5. **Parks**: a place name or township stem followed by a zone word (经济开发区, 高新技术产业园区,
   新区, 新城, 实验区 …) is a Park — a functional zone outside the division tree.
6. The :class:`Resolver` checks every resolved name with the report's context; agreement raises the
   confidence, and it decides names the chain logic left open.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from tongxin.places.renamed import merged_away, renamed_divisions
from tongxin.places.resolver import ETHNIC_WORDS

__all__ = ["PlaceBackend", "PlaceHit", "PlaceInfo", "ParkHit", "find_places"]

LEVEL_RANK = {"province": 0, "city": 1, "county": 2, "township": 3, "village": 4, "community": 4}
ZONE_WORDS = (
    "经济技术开发区", "高新技术产业开发区", "高新技术产业园区", "高新技术开发区", "经济开发区", "综合实验区",
    "工业园区", "产业园区", "工业集中区", "高新区", "经开区", "工业园", "开发区", "实验区", "试验区", "新区", "新城",
)
_ZONE_RE = re.compile("|".join(ZONE_WORDS))
_COUNTY_WORDS = frozenset("县区市旗")
_TOWNSHIP_NAME_RE = re.compile(r"([\u4e00-\u9fff]{2,})(?:镇|乡|街道|苏木)")  # a township's name and level word
_TOWNSHIP_ETHNIC_TAIL_RE = re.compile(rf"(?:{ETHNIC_WORDS})(乡|镇|苏木)")
# what joins the names of a list: 、 between them, 和/及/以及 before its last one
_LIST_MARK_RE = re.compile("、|以及|和|及")
# a direction or size that opens a village's name the division list lacks (下塔石村 beside 塔石村)
_DIRECTION_CHARS = frozenset("上下东西南北前后中大小新老")


@dataclass(frozen=True)
class PlaceInfo:
    code: str
    name: str
    level: str
    parent: str | None
    pseudo: bool = False  # a city-level bucket (市辖区, 县) rather than a place


@dataclass(frozen=True)
class Resolved:
    status: str  # resolved | ambiguous | not_found
    code: str | None
    confidence: float
    candidates: tuple[str, ...] = ()


class PlaceBackend:
    """What the extractor uses of the place package: lookups by code, a name index for scanning, and
    the resolver."""

    def __init__(self, resolver: Any, *, cache_dir: str | Path | None = None) -> None:
        """``cache_dir``: where the name index is cached (default tongxin.places.dataset.default_cache_dir)."""
        self.resolver = resolver
        self.cache_dir = cache_dir
        self.gazetteer = resolver.gazetteer
        self._index: _NameIndex | None = None
        self._village_provinces: list[str] | None = None

    @classmethod
    def default(cls) -> PlaceBackend | None:
        """A backend over the bundled national places (tongxin.places.dataset.load_resolver), or None when
        the place package is unavailable. The CLI passes the graph's own places instead."""
        return _default_backend()

    def get(self, code: str) -> PlaceInfo | None:
        p = self.gazetteer.get(code)
        if p is None:
            return None
        return PlaceInfo(p.code, p.name, p.level, p.parent_code, bool(p.is_pseudo))

    def path(self, code: str) -> list[PlaceInfo]:
        """From the province down to the place (city-level buckets such as 市辖区 left out)."""
        return [PlaceInfo(p.code, p.name, p.level, p.parent_code) for p in self.gazetteer.path(code)
                if not p.is_pseudo]

    def resolve(self, name: str, context: Sequence[str] = ()) -> Resolved:
        res = self.resolver.resolve(name, context=list(context), suggest=False)  # suggestions are not used
        cands = tuple(c.code for c in res.candidates)
        return Resolved(res.status, res.code, float(res.confidence), cands)

    @property
    def index(self) -> _NameIndex:
        if self._index is None:
            self._index = _NameIndex.load(self.gazetteer, self.cache_dir)
        return self._index

    def village_provinces(self) -> list[str]:
        """Province codes whose villages and communities the division data hold (computed once)."""
        if self._village_provinces is None:
            try:
                self._village_provinces = list(self.gazetteer.province_codes_with_villages())
            except AttributeError:  # pragma: no cover - older gazetteer
                self._village_provinces = []
        return self._village_provinces

    def warm(self) -> None:
        """Build the name index now (it is otherwise built on first use)."""
        _ = self.index
        self.village_provinces()


@cache
def _default_backend() -> PlaceBackend | None:
    try:
        from tongxin.places.dataset import load_resolver
    except Exception:  # pragma: no cover - the place package is part of the project
        return None
    try:
        return PlaceBackend(load_resolver())
    except Exception:  # pragma: no cover - missing data files
        return None


# ----------------------------------------------------------------------------------------- the index


class _Entries(dict[int, list[tuple[str, bool]]]):
    """Per key id, the places it names as (code, is_short_form), kept packed (``431302101,4313*``: one
    string per key, so the index pickles and reads back fast) and unpacked on first use (a dict, so a key
    seen before costs one lookup)."""

    def __init__(self, packed: list[str]) -> None:
        super().__init__()
        self._packed = packed

    @staticmethod
    def pack(entries: Iterable[tuple[str, bool]]) -> str:
        return ",".join(code + "*" if short else code for code, short in entries)

    def __missing__(self, kid: int) -> list[tuple[str, bool]]:
        got = self[kid] = [(c[:-1], True) if c[-1] == "*" else (c, False) for c in self._packed[kid].split(",")]
        return got


class _Levels(dict[str, str]):
    """A division code's level, read from the gazetteer on first use (the index does not copy 665k of them;
    a dict, so a code seen before costs one lookup)."""

    def __init__(self, gazetteer: Any) -> None:
        super().__init__()
        self._gazetteer = gazetteer

    def __missing__(self, code: str) -> str:
        place = self._gazetteer.get(code)
        if place is None:
            raise KeyError(code)
        level = self[code] = str(place.level)
        return level

    def get(self, code: str, default: str | None = None) -> str | None:  # type: ignore[override]
        try:
            return self[code]
        except KeyError:
            return default


@dataclass
class _NameIndex:
    """Every division name the scan looks for: an Aho–Corasick automaton whose values are key ids, the
    keys, what each names, and the township stems. Built from the gazetteer in seconds of CPU, so its state
    is cached on disk with the resolver's (tongxin.places.dataset.cached_state)."""

    keys: list[str]
    entries: _Entries  # per key id: (code, is_short_form)
    levels: Mapping[str, str]
    automaton: Any
    township_stems: dict[str, list[str]]  # 万宝 → [431302101] (parks, and stems the text qualifies)

    @classmethod
    def load(cls, gazetteer: Any, cache_dir: str | Path | None = None) -> _NameIndex:
        """The index over a gazetteer's places, from the cache when this code built it for these places."""
        from tongxin.places.dataset import cached_state

        keys, packed, automaton, stems = cached_state(
            gazetteer, "extract-names", lambda: cls.build_state(gazetteer), code=[Path(__file__)],
            cache_dir=cache_dir)
        return cls(keys, _Entries(packed), _Levels(gazetteer), automaton, stems)

    @classmethod
    def build_state(cls, gazetteer: Any) -> tuple[list[str], list[str], Any, dict[str, list[str]]]:
        """(keys, packed entries, automaton, township stems): the index's picklable state."""
        import ahocorasick

        from tongxin.places.resolver import key_variants

        key_ids: dict[str, int] = {}
        entries: list[list[tuple[str, bool]]] = []
        known: set[str] = set()
        stems: dict[str, list[str]] = {}

        def add(key: str, code: str, short: bool) -> None:
            kid = key_ids.get(key)
            if kid is None:
                kid = key_ids[key] = len(entries)
                entries.append([])
            entries[kid].append((code, short))

        for place in gazetteer.iter_places():
            if place.is_pseudo:
                continue
            known.add(place.code)
            exact, variants = key_variants(place)
            if place.level in ("village", "community"):
                vkeys = set(exact)
                # 李村村委会 is 李村村 in reports (the short name drops one 村 too many)
                m = re.match(r"^(.+村)(?:民委员会|委会)$", place.official_name)
                if m:
                    vkeys.add(m.group(1))
                    if m.group(1).endswith("嘎查村"):  # 巴彦树贵嘎查: a 嘎查 is a village, named without 村
                        vkeys.add(m.group(1)[:-1])
                elif place.official_name.endswith("嘎查村"):  # 敖楞乌素嘎查村, written 敖楞乌素嘎查
                    vkeys.add(place.official_name[:-1])
                name = place.official_name
                if name.endswith("居委会") and len(name) >= 6 and name[-4] != "区":
                    vkeys.add(name)  # 野鸡铺居委会: a community written as the list names it (not …社区居委会)
                for k in vkeys:
                    if len(k) >= 3:
                        add(k, place.code, False)
                    if len(k) >= 3 and k.endswith("村") and not k.endswith("村村"):
                        add(k[:-1] + "行政村", place.code, False)  # 关庄行政村: the administrative village 关庄村
                continue
            for k in exact:
                add(k, place.code, False)
            if place.level == "township":
                for k in exact:
                    if k.endswith("园") and len(k) >= 4:
                        add(k + "区", place.code, False)  # 东川工业园区 for the division list's 东川工业园
                    if k.endswith("街道") and len(k) > 3:
                        add(k[:-2] + "办事处", place.code, False)
                        add(k + "办事处", place.code, False)
                        add(k[:-1], place.code, False)  # 汪集街 for 汪集街道
                for v in variants:
                    stems.setdefault(v, []).append(place.code)
                    if v.endswith(("乡", "镇", "苏木")) and len(v) >= 3:
                        add(v, place.code, False)  # 大定堡乡 for 大定堡满族乡: written without its people's name
                continue
            for v in variants:
                add(v, place.code, True)
        # divisions renamed or merged since (郧县 → 郧阳区, 江干区 → 上城区): the old full name lands on today's code
        for row in renamed_divisions():
            if row.code in known:
                add(row.old_name, row.code, False)
        automaton = ahocorasick.Automaton()
        for key, kid in key_ids.items():
            automaton.add_word(key, kid)
        automaton.make_automaton()
        keys = [""] * len(entries)
        for key, kid in key_ids.items():
            keys[kid] = key
        return keys, [_Entries.pack(e) for e in entries], automaton, stems


# --------------------------------------------------------------------------------------- detection


@dataclass
class PlaceHit:
    """One place mention in the clean text."""

    start: int
    end: int
    surface: str  # clean-text form
    candidates: tuple[str, ...]  # codes still possible
    code: str | None = None
    confidence: float = 0.0
    short: bool = False  # matched by a short form (娄底 for 娄底市)
    chain: int = -1  # index of the chain it belongs to (adjacent names)
    note: str = ""
    parent: str | None = None  # for a name missing from the division list: the place it follows
    doubt: str = ""  # what the text says against the code kept (a reviewer decides)


@dataclass
class ParkHit:
    start: int
    end: int
    surface: str
    parent_code: str | None  # the division the zone is named after / lies in


@dataclass
class PlaceFindings:
    hits: list[PlaceHit] = field(default_factory=list)
    parks: list[ParkHit] = field(default_factory=list)
    area: list[str] = field(default_factory=list)  # city (or province) codes, most mentioned first
    city_counts: Counter[str] = field(default_factory=Counter)


def _nests(child: str, parent: str) -> bool:
    return len(child) > len(parent) and child.startswith(parent)


def find_places(
    text: str, backend: PlaceBackend, boundaries: set[int], *, skip: Iterable[tuple[int, int]] = ()
) -> PlaceFindings:
    """Find and resolve place mentions in ``text`` (clean text). ``boundaries``: jieba word boundaries
    (character positions where a token starts or ends). ``skip``: spans not to look in."""
    idx = backend.index
    levels = idx.levels
    skip_spans = sorted(skip)

    def skipped(s: int, e: int) -> bool:
        return any(a <= s and e <= b for a, b in skip_spans)

    raw: list[tuple[int, int, int]] = []  # (start, end, key id)
    for end, kid in idx.automaton.iter(text):
        start = end + 1 - len(idx.keys[kid])
        if not skipped(start, end + 1):
            raw.append((start, end + 1, kid))
    # A county's short name with a level word after it that is not its own (积石山县 for
    # 积石山保安族东乡族撒拉族自治县; 武隆县 for 武隆区, renamed when the county became a district) is a
    # mention of that county, level word included.
    spans = {(s, e) for s, e, _ in raw}
    widened: set[tuple[int, int]] = set()
    for s, e, kid in list(raw):
        if text[e:e + 1] in _COUNTY_WORDS and (s, e + 1) not in spans and not skipped(s, e + 1) and any(
                short and levels[c] == "county" for c, short in idx.entries[kid]):
            raw.append((s, e + 1, kid))
            widened.add((s, e + 1))
    # A township named with an ethnic word the division list leaves out (洪水泉回族乡 for 洪水泉乡) is a
    # mention of the township the list names.
    for m in _TOWNSHIP_ETHNIC_TAIL_RE.finditer(text):
        for n in (4, 3, 2):
            kid = idx.automaton.get(text[m.start() - n:m.start()] + m.group(1), None) if m.start() >= n else None
            if kid is not None and not skipped(m.start() - n, m.end()):
                raw.append((m.start() - n, m.end(), kid))
                break

    # A township written with the level word it had before it was renamed (罗云乡 for 罗云镇, 撤乡设镇;
    # 仲宫镇 for 仲宫街道) is a mention of the township the list names, where no place has the written
    # name; the area decides below, as for any township.
    taken_spans = {(s, e) for s, e, _ in raw}
    for m in re.finditer(r"乡|镇", text):
        for n in (4, 3, 2):
            a = m.start() - n
            if a < 0 or (a, m.end()) in taken_spans or not all("\u4e00" <= c <= "\u9fff" for c in text[a:m.start()]):
                continue
            if idx.automaton.get(text[a:m.end()], None) is not None or not boundaries >= {a, m.end()}:
                continue
            alts = ("镇", "街道") if m.group(0) == "乡" else ("乡", "街道")
            kid = next((k for alt in alts if (k := idx.automaton.get(text[a:m.start()] + alt, None)) is not None
                        and any(levels[c] == "township" and not short for c, short in idx.entries[k])), None)
            if kid is not None and not skipped(a, m.end()):
                raw.append((a, m.end(), kid))
                break

    def entries_of(s: int, e: int, kid: int) -> list[tuple[str, bool]]:
        if (s, e) in widened:
            return [(c, short) for c, short in idx.entries[kid] if short and levels[c] == "county"]
        return idx.entries[kid]

    # a name that another place name follows ends where that one starts, whatever jieba made of the
    # pair (积石山县小关乡: jieba cuts 积石山|县小关|乡)
    full_starts = {s for s, _, kid in raw if not any(short for _, short in idx.entries[kid])}

    def aligned(s: int, e: int) -> bool:
        return s in boundaries and (e in boundaries or e in full_starts)

    # ---- the area: cities named by unambiguous high-level names
    twice = Counter(kid for s, e, kid in raw if aligned(s, e))
    city_counts: Counter[str] = Counter()
    prov_counts: Counter[str] = Counter()
    for s, e, kid in raw:
        ents = entries_of(s, e, kid)
        high = [(c, short) for c, short in ents if levels[c] in ("province", "city", "county")]
        if not high:
            continue
        key = text[s:e] if (s, e) in widened else idx.keys[kid]
        if any(short for _, short in high) and not aligned(s, e):
            continue
        if any(levels[c] == "county" for c, _ in high) and len(key) < 3 and not (
                len(high) == 1 and not high[0][1] and twice[kid] >= 2):
            continue  # a two-character county (兴县, 沛县) sets the area only as the country's one, named twice
        cities = {c[:4] for c, _ in high if len(c) >= 4}
        provs = {c[:2] for c, _ in high}
        if len(cities) == 1:
            city_counts[next(iter(cities))] += 1
        if len(provs) == 1:
            prov_counts[next(iter(provs))] += 1
    if not city_counts:
        # A report that names no city or county (碧溪乡:24名“名誉村长”…, at most its province) is about
        # the township it names when that name is the country's only one (in that province) and is named
        # again or one of its villages is named too (王爱召镇 … 王爱召村): one code, stated twice, is no guess.
        # (a province named, 民建江西省委, may be the helper's own: a township of another province is the report's
        # all the same when it is named twice and one of its villages too, 五道营乡 … 五道营村)
        townships: Counter[str] = Counter()
        with_village: set[str] = set()
        for s, e, kid in raw:
            ents = idx.entries[kid]
            if len(ents) == 1 and not ents[0][1] and levels[ents[0][0]] == "township" and e - s >= 3:
                code = ents[0][0]
                townships[code] += 1
                if any(any(_nests(c, code) for c, _ in idx.entries[k2]) for _, _, k2 in raw):
                    townships[code] += 1
                    with_village.add(code)
        for code, n in townships.items():
            if n >= 2 and (not prov_counts or code[:2] in prov_counts or (n >= 4 and code in with_village)):
                city_counts[code[:4]] += 1
    area_cities = [c for c, _ in city_counts.most_common()]
    area_provs = {c[:2] for c in area_cities} | {p for p, _ in prov_counts.most_common(1)}

    def in_area(code: str) -> bool:
        if len(code) <= 2:
            return True
        return code[:4] in city_counts

    # A township and one of its villages written together (平口镇兴果村) name the country's only such pair:
    # one code each, whatever the area (a report from 广州 about a village in 安化县), as no guess is made.
    by_start: dict[int, list[int]] = {}
    for s, _e, kid in raw:
        by_start.setdefault(s, []).append(kid)
    # Likewise a county and one of its townships (北京市朝阳区望京街道 in a report about 通辽市).
    pair_codes: dict[tuple[int, int], str] = {}

    def villages_of(township: str, kid: int | None) -> list[str]:
        """The villages and communities of ``township`` the key ``kid`` names in full."""
        return [] if kid is None else [v for v, short in idx.entries[kid] if not short
                                       and levels[v] in ("village", "community") and _nests(v, township)]

    def sibling_codes(township: str, end: int) -> None:
        while text.startswith("、", end):
            nxt = [(end + 1 + len(idx.keys[k]), v) for k in by_start.get(end + 1, []) for v in villages_of(township, k)]
            if len(nxt) != 1 or not aligned(end + 1, nxt[0][0]):
                return
            pair_codes.setdefault((end + 1, nxt[0][0]), nxt[0][1])
            end = nxt[0][0]

    for s, e, kid in raw:
        ents = entries_of(s, e, kid)
        for upper, lower in (("township", ("village", "community")), ("county", ("township",))):
            tops = [c for c, short in ents if levels[c] == upper and (not short or upper == "county")]
            for kid2 in by_start.get(e, []) if tops else []:
                e2 = e + len(idx.keys[kid2])
                pairs = {(t, v) for v, short in idx.entries[kid2] if not short and levels[v] in lower
                         for t in tops if _nests(v, t)}
                if len(pairs) == 1 and aligned(s, e2):
                    t, v = next(iter(pairs))
                    pair_codes.setdefault((s, e), t)
                    pair_codes.setdefault((e, e2), v)
                    if upper == "township":  # 华亭镇联一村、金吕村: the villages listed after it are the township's
                        sibling_codes(t, e2)

    def only_one_in_country(kid: int, key: str) -> bool:
        """The key names one township of the whole country, in a province of the report's area, and nothing
        else by its full name: a township's level word after a name jieba knows as a place or not at all (not
        小城镇, 农业示范园区)."""
        full = [c for c, short in idx.entries[kid] if not short]
        m = _TOWNSHIP_NAME_RE.fullmatch(key)
        # (in a province of the report's area: 崔庙镇 in a report on 阜城县 is its 崔家庙镇, not 荥阳市's)
        return (len(full) == 1 and levels[full[0]] == "township" and m is not None and full[0][:2] in area_provs
                and _word_tags().get(m.group(1), "ns")[:2] in ("ns", "nr"))

    # townships the report names in its area (by their full names)
    named_towns = {c for s, e, kid in raw for c, short in entries_of(s, e, kid)
                   if not short and levels[c] == "township" and in_area(c)}

    # ---- candidate hits, in text order (a name right after its parent needs the parent seen first,
    # widened ones included: 乐都县 before 下营乡)
    raw.sort(key=lambda r: (r[0], r[0] - r[1]))
    tags = _word_tags()
    cands: list[PlaceHit] = []
    for s, e, kid in raw:
        key = text[s:e] if (s, e) in widened else idx.keys[kid]
        if _FACILITY_RE.match(text, e) and any(short for _, short in entries_of(s, e, kid)):
            continue  # 八公山景区, 中山大学: a place name naming something else
        keep: list[str] = []
        short_any = False
        # …东岭村和下塔石村, 在下塔石村: a village's name preceded, inside one word, by a direction (上下东西…) that
        # a list mark, a preposition, punctuation or a line's start comes before names another village, one the
        # division list lacks (下塔石村 is not 塔石村)
        prefixed = s >= 1 and s not in boundaries and text[s - 1] in _DIRECTION_CHARS and (
            s == 1 or text[s - 2] in "、和及与在到赴至向为对给从" or not "\u4e00" <= text[s - 2] <= "\u9fff")
        for code, short in entries_of(s, e, kid):
            level = levels[code]
            if short and not aligned(s, e):
                continue
            if prefixed and level in ("village", "community"):
                continue
            if level in ("province", "city"):
                keep.append(code)
            elif level == "county":
                if ((len(key) >= 3 and not short) or in_area(code)) and not (
                        short and _common_word(key) and not _after_parent(cands, s, [code])):
                    keep.append(code)
            elif in_area(code) or pair_codes.get((s, e)) == code or (
                    level == "township" and not short and aligned(s, e) and only_one_in_country(kid, key)
                    and (_after_parent(cands, s, [code]) or not any(h.end == s for h in cands))):
                # (宝珠镇 outside the area: the country's only place of that name; not after a county it does
                # not lie in, 甘谷县八里湾乡, which contradicts it)
                keep.append(code)
            short_any = short_any or short
        if not keep:
            continue
        if all(levels[c] in ("township", "village", "community") for c in keep):
            stem = _LOW_SUFFIX_RE.sub("", key)
            if (tags.get(stem, "n")[:1] in _NOT_NAME_TAGS or _GENERIC_STEMS.fullmatch(stem)) \
                    and not _after_parent(cands, s, keep) and pair_codes.get((s, e)) not in keep:
                # 创新社区 in 创新社区统战工作方法, 新农村 in 助推新农村发展: a word, not a place (unless after its
                # parent, before one of its own villages, 八台镇桅杆坪村, or a village of a township the report
                # names: 天德镇 … 到如意村)
                keep = [c for c in keep if levels[c] in ("village", "community") and c[:9] in named_towns]
                if not keep:
                    continue
        # Prefer in-area candidates when there are some.
        inside = [c for c in keep if in_area(c)]
        if inside and len(inside) < len(keep):
            keep = inside
        cands.append(PlaceHit(s, e, key, tuple(sorted(set(keep))), short=short_any))

    # ---- leftmost-longest, non-overlapping
    cands.sort(key=lambda h: (h.start, -(h.end - h.start)))
    hits: list[PlaceHit] = []
    last_end = -1
    for h in cands:
        if h.start >= last_end:
            hits.append(h)
            last_end = h.end
        elif hits and h.end > hits[-1].end and (h.end - h.start) > (hits[-1].end - hits[-1].start):
            # a longer name overlapping the previous one wins (市杨市镇: 杨市镇 over nothing)
            hits[-1] = h
            last_end = h.end

    hits = _stem_hits(text, hits, idx, in_area, boundaries)

    # ---- parks: a place name or township stem followed by a zone word
    parks: list[ParkHit] = []
    for m in _ZONE_RE.finditer(text):
        zs = m.start()
        prefix = next((h for h in hits if h.end == zs), None)
        if prefix is not None:
            parent = prefix.candidates[0] if len(prefix.candidates) == 1 else None
            parks.append(ParkHit(prefix.start, m.end(), text[prefix.start:m.end()], parent))
            continue
        for n in (4, 3, 2):
            stem = text[max(0, zs - n):zs]
            codes = [c for c in idx.township_stems.get(stem, []) if in_area(c)] if len(stem) == n else []
            if len(codes) == 1 and (zs - n) in boundaries:
                parent = codes[0][:6]
                parks.append(ParkHit(zs - n, m.end(), text[zs - n:m.end()], parent))
                break

    # ---- a village or community right after its township but missing from the division list
    # (红梅街道锦绣花园社区 when the data have no villages for that province): unresolved, for review
    extra: list[PlaceHit] = []
    for h in hits:
        if not h.candidates:
            continue
        # likewise a township right after its county (金沙县官田乡, merged away since the report)
        tail_re = (_TAIL_TOWNSHIP_RE if all(levels[c] == "county" for c in h.candidates) else
                   _TAIL_PLACE_RE if all(levels[c] == "township" for c in h.candidates) else None)
        if tail_re is None:
            continue
        at = h.end + 1 if text.startswith("驻", h.end) else h.end  # 高坪镇驻姊妹山村: the village after 驻
        mm = tail_re.match(text, at)
        if mm and mm.end() in boundaries and not any(x.start == at for x in hits) \
                and mm.group(0)[0] not in _NOT_NAME_START \
                and not (tail_re is _TAIL_TOWNSHIP_RE and (_GENERIC_STEMS.search(mm.group(0))
                                                           or _verb_led(text, at, mm.end(), tags, ("v",)))) \
                and not (tail_re is _TAIL_PLACE_RE and (_verb_led(text, at, mm.end(), tags)
                                                        or _KIND_OF_VILLAGE.search(mm.group(0)))):
            extra.append(PlaceHit(at, mm.end(), mm.group(0), (), note="not in the division list at hand",
                                  parent=h.candidates[0] if len(h.candidates) == 1 else None))
    # and a village or community the list lacks, right after its county (石林县小色多村) or right after a township
    # found so (盱眙县仇集镇明山村, the township merged away): that county's, unresolved
    for h in [*hits, *extra]:
        if h.candidates and all(levels[c] == "county" for c in h.candidates):
            parent = h.candidates[0] if len(h.candidates) == 1 else None
        elif not h.candidates and h.parent and levels.get(h.parent) == "county" and _LOW_SUFFIX_RE.search(h.surface) \
                and not h.surface.endswith(("村", "社区")):
            parent = h.parent
        else:
            continue
        # (石林县 found by its short form 石林: the village after its level word)
        at = h.end + 1 if h.candidates and text[h.end:h.end + 1] in ("县", "区", "市", "旗") and \
            not h.surface.endswith(text[h.end]) else h.end
        mm = _TAIL_PLACE_RE.match(text, at)
        kid = idx.automaton.get(mm.group(0), None) if mm else None
        # (a name the list has only elsewhere is none of this county's: 明山村 in 盱眙县 when the list's are not)
        elsewhere = kid is None or (parent is not None and all(
            levels[v] in ("village", "community") and not _nests(v, parent) for v, _ in idx.entries[kid]))
        if mm and mm.end() in boundaries and h.end in boundaries and elsewhere \
                and not any(x.start < mm.end() and at < x.end for x in hits + extra) \
                and mm.group(0)[0] not in _NOT_NAME_START and not _GENERIC_STEMS.search(mm.group(0)) \
                and not _NOT_IN_A_NAME.search(mm.group(0)) \
                and not _verb_led(text, at, mm.end(), tags) and not _KIND_OF_VILLAGE.search(mm.group(0)) \
                and not any(len(t) >= 2 and tags.get(t, "n")[:1] == "v" for t in _tokens_in(text, at, mm.end())[1:]):
            # (高州市政协启动驻村帮扶: a verb inside, 启动, makes words of it, not a village's name)
            extra.append(PlaceHit(at, mm.end(), mm.group(0), (), note="not in the division list at hand",
                                  parent=parent))
    # and a village the list has only elsewhere, written right after a county (石门县长峪村, no 长峪村 being in
    # 石门县): that county's, unresolved — the text contradicts the other ones
    for h in hits:
        if not h.candidates or not all(levels[c] == "county" for c in h.candidates) \
                or any(x.start == h.end for x in hits + extra):
            continue
        for kid in by_start.get(h.end, []):
            key, vs = idx.keys[kid], [v for v, short in idx.entries[kid] if not short]
            if len(key) >= 3 and vs and all(levels[v] in ("village", "community") for v in vs) \
                    and not _GENERIC_STEMS.search(key) and (h.end + len(key)) in boundaries and not any(_nests(v, c) for v in vs for c in h.candidates):
                extra.append(PlaceHit(h.end, h.end + len(key), key, (), note=f"not in the division list under {h.surface}",
                                      parent=h.candidates[0] if len(h.candidates) == 1 else None))
                break
    # and villages listed after a township's village (丰阳镇北城村、泗山根村、杜家村…) that the list lacks:
    # the same township's, unresolved
    starts = {x.start: x for x in hits}

    def listed_name_at(a: int) -> re.Match[str] | None:
        """A name shaped like a village or community, listed at ``a`` (after 、): not led by a verb, not a kind
        of village, not overlapping a place found."""
        mm = _TAIL_PLACE_RE.match(text, a)
        if not mm or mm.end() not in boundaries or a not in boundaries or mm.group(0)[0] in _NOT_NAME_START \
                or _verb_led(text, a, mm.end(), tags) or _KIND_OF_VILLAGE.search(mm.group(0)) \
                or any(x.start < mm.end() and a < x.end for x in hits):
            return None
        return mm

    def plain_listed_name_at(a: int) -> re.Match[str] | None:
        """:func:`listed_name_at`, and no generic stem or stop word in it (a village the list lacks, named among
        others, has a plain name)."""
        mm = listed_name_at(a)
        name = mm.group(0) if mm else ""
        # (下塔石村: a direction may open the name)
        body = name[1:] if len(name) >= 4 and name[0] in _DIRECTION_CHARS else name
        if mm is None or _GENERIC_STEMS.search(name) or any(c in _NOT_NAME_CHARS or c == "等" for c in body):
            return None
        return mm

    for h in hits:
        if len(h.candidates) != 1 or levels[h.candidates[0]] not in ("village", "community") \
                or (h.start, h.end) not in pair_codes:
            continue
        at, last = h.end, False
        while not last and (mark := _LIST_MARK_RE.match(text, at)) is not None:
            last, a = mark.group(0) != "、", mark.end()
            if (nxt := starts.get(a)) is not None:
                if len(nxt.candidates) != 1 or nxt.candidates[0][:9] != h.candidates[0][:9]:
                    break
                at = nxt.end
                continue
            mm = plain_listed_name_at(a) if last else listed_name_at(a)
            if mm is None:
                break
            own = villages_of(h.candidates[0][:9], idx.automaton.get(mm.group(0), None))
            if len(own) == 1:  # one the list has, after one it lacks (联一村、泗山根村、金吕村)
                extra.append(PlaceHit(a, mm.end(), mm.group(0), (own[0],)))
            else:
                extra.append(PlaceHit(a, mm.end(), mm.group(0), (), note="not in the division list at hand",
                                      parent=h.candidates[0][:9]))
            at = mm.end()
    # and names shaped like villages listed among villages of one county the list has (处火千村、乃祖库村、
    # 四吉村、四普村、乐美社区): that county's, unresolved (the township's when those listed share one)
    for h in hits:
        if len(h.candidates) != 1 or levels[h.candidates[0]] not in ("village", "community") \
                or any(x.end == h.start - 1 for x in hits + extra) and text[h.start - 1:h.start] == "、":
            continue  # (a run is walked from its first village the list has)
        code, at, lacking, coded = h.candidates[0], h.end, [], 1
        shared = code[:9]
        last = False
        while not last and (mark := _LIST_MARK_RE.match(text, at)) is not None:
            last, a = mark.group(0) != "、", mark.end()
            if (nxt := starts.get(a)) is not None:
                if len(nxt.candidates) != 1 or levels[nxt.candidates[0]] not in ("village", "community") \
                        or nxt.candidates[0][:6] != code[:6]:
                    break
                shared = shared if nxt.candidates[0][:9] == shared else code[:6]
                at, coded = nxt.end, coded + 1
                continue
            mm = plain_listed_name_at(a)
            if mm is None or any(x.start < mm.end() and a < x.end for x in extra):
                break
            lacking.append((a, mm.end()))
            at = mm.end()
        extra.extend(PlaceHit(a, b, text[a:b], (), note="not in the division list at hand",
                              parent=shared if coded > 1 else code[:6]) for a, b in lacking)
    # and a village or community the list lacks that opens a clause saying where it lies (三岔口村位于洛阳市涧西区北):
    # the county's or township's it names, unresolved
    for mm in _LIES_IN_RE.finditer(text):
        a, b = mm.start(1), mm.end(1)
        if (a > 0 and text[a - 1] not in "。，,；;：:\n ") or a not in boundaries or b not in boundaries \
                or any(x.start < b and a < x.end for x in hits + extra) or mm.group(1)[0] in _NOT_NAME_START \
                or _GENERIC_STEMS.search(mm.group(1)) or _NOT_IN_A_NAME.search(mm.group(1)) \
                or _KIND_OF_VILLAGE.search(mm.group(1)) or _verb_led(text, a, b, tags):
            continue
        # the last place of the chain after 位于 (洛阳市涧西区), of county or township level
        chain, at = None, mm.end()
        while (nxt := next((x for x in hits if x.start == at and x.candidates), None)) is not None:
            chain, at = nxt, nxt.end
        if chain is None or len(chain.candidates) != 1 or levels[chain.candidates[0]] not in ("county", "township"):
            continue
        kid = idx.automaton.get(mm.group(1), None)
        if kid is not None and any(_nests(v, chain.candidates[0]) for v, _ in idx.entries[kid]):
            continue  # (one the list has there would have been found)
        extra.append(PlaceHit(a, b, mm.group(1), (), note="not in the division list at hand", parent=chain.candidates[0]))
    # Where the division data have no villages for the report's province (only some provinces are
    # bundled), names shaped like villages and communities (建胜村, 港云里社区) are kept, unresolved.
    with_villages = set(backend.village_provinces())
    if area_provs and not (area_provs & with_villages):
        taken = [(h.start, h.end) for h in hits + extra]
        for mm in re.finditer(r"村|社区", text):
            b = mm.end()
            if b not in boundaries or re.match(r"[民委级庄落]", text[b:b + 1]):
                continue
            for n in (3, 2):
                a = mm.start() - n
                if a < 0:
                    break
                stem = text[a:mm.start()]
                if any(x < b and a < y for x, y in taken) or not all("\u4e00" <= c <= "\u9fff" for c in stem):
                    continue
                if not (a in boundaries or text[a - 1:a] in "由在和与及、,，。;；:：“(（ \n"):
                    continue
                if stem[0] in _NOT_NAME_START or any(c in _NOT_NAME_CHARS for c in stem) or _GENERIC_STEMS.search(
                        text[a:b]) or tags.get(stem, "n")[:1] in _NOT_NAME_TAGS:
                    continue
                inner = [t for t in _tokens_in(text, a, mm.start()) if len(t) >= 2 and tags.get(t, "n")[:1] in _NOT_NAME_TAGS]
                if inner or (text[a:b] in tags and not tags[text[a:b]].startswith(("ns", "nr", "nz"))):
                    continue
                extra.append(PlaceHit(a, b, text[a:b], (), note="not in the division list at hand"))
                taken.append((a, b))
                break
    # an unresolved name written again alone (南鲁山镇北流水村 … 与北流水村签约) is that place again, not a
    # listed name inside it (流水村)
    # (villages and communities only: a township's bodies are named after coded places, 某乡党委)
    for x in [x for x in extra if not x.candidates and len(x.surface) >= 3 and x.surface.endswith(("村", "社区"))]:
        for mm in re.finditer(re.escape(x.surface), text):
            a, b = mm.start(), mm.end()
            again = a != x.start
            if again and (any(y.start == a and y.end == b for y in extra) or a not in boundaries
                          or any(h.start < a < h.end or h.start < b < h.end for h in hits)
                          or re.match(r"民小?组", text[b:b + 3])):
                continue  # (inside a longer name, or cut across by one: some other word; 观阳村民组 is a
                # villagers' group of another village)
            hits = [h for h in hits if not (a <= h.start and h.end <= b)]
            if again:
                extra.append(PlaceHit(a, b, x.surface, (), note=x.note, parent=x.parent))
    hits = sorted(hits + extra, key=lambda x: x.start)
    _contradicted_villages(text, hits, levels)
    # and names shaped like villages listed after a village its township does not hold (丰阳镇北城村、泗山根村、
    # 杜家村, the list's one 北城村 being another township's): the list goes with the township the text names,
    # unresolved
    listed: list[PlaceHit] = []
    for i, h in enumerate(hits[1:], 1):
        prev = hits[i - 1]
        if prev.end != h.start or len(prev.candidates) != 1 or levels[prev.candidates[0]] != "township" \
                or any(_nests(c, prev.candidates[0]) for c in h.candidates) or not h.surface.endswith(("村", "社区")):
            continue
        at, last = h.end, False
        while not last and (mark := _LIST_MARK_RE.match(text, at)) is not None:
            last, a = mark.group(0) != "、", mark.end()
            if (found := next((x for x in hits if x.start == a and x.surface.endswith(("村", "社区"))), None)) is not None:
                at = found.end  # (a village listed there found already)
                continue
            if (mm := plain_listed_name_at(a)) is None:
                break
            listed.append(PlaceHit(a, mm.end(), mm.group(0), (), note="not in the division list at hand",
                                   parent=prev.candidates[0]))
            at = mm.end()
    hits = sorted(hits + listed, key=lambda x: x.start)
    for h in hits:
        row = merged_away().get(h.surface)
        if row is not None and row.code in h.candidates:
            # 江干区, merged into 上城区 since: today's code, for a reviewer to confirm the part it was
            h.doubt = row.note()

    # ---- chains of adjacent names (zone words allowed between them)
    park_spans = [(p.start, p.end) for p in parks]
    chain_id = 0
    for i, h in enumerate(hits):
        if i > 0:
            prev = hits[i - 1]
            gap = text[prev.end:h.start]
            joined = gap == "" or _ZONE_RE.fullmatch(gap) is not None or any(
                a <= prev.start and h.start <= b for a, b in park_spans
            )
            if joined and (not h.candidates or any(_nests(c, p) for c in h.candidates for p in prev.candidates)):
                h.chain = prev.chain
                continue
        chain_id += 1
        h.chain = chain_id
    by_chain: dict[int, list[PlaceHit]] = {}
    for h in hits:
        by_chain.setdefault(h.chain, []).append(h)
    for links in by_chain.values():
        _resolve_chain(links)

    # ---- lone names still open: nearest place before, then the area
    resolved_before: list[PlaceHit] = []
    for h in hits:
        if h.code is None and len(h.candidates) > 1:
            h.code = _by_context(h, resolved_before, area_cities)
            if h.code:
                h.note = "chosen by the places mentioned before it"
                h.confidence = 0.75
        elif h.code is None and len(h.candidates) == 1:
            h.code = h.candidates[0]
            h.confidence = 0.85
        if h.code:
            resolved_before.append(h)

    # ---- the resolver's word on names below the county (context: the nearest city or county before them,
    # else the report's area); provinces, cities and counties are certain by construction. One call per
    # distinct name and context.
    area_names = [n for n in (_name(backend, c) for c in area_cities[:2]) if n]
    prov_names = [n for n in (_name(backend, p) for p in sorted(area_provs)[:1]) if n]
    asked: dict[tuple[str, tuple[str, ...]], Resolved] = {}
    last_high: PlaceHit | None = None
    for h in hits:
        is_high = h.code is not None and levels.get(h.code) in ("province", "city", "county")
        if is_high:
            last_high = h
            continue
        if not h.candidates:
            continue  # not in the division list at all
        chain_text = text[min(x.start for x in by_chain[h.chain]):h.end]
        if last_high is not None and last_high.code:
            context = tuple(p.name for p in backend.path(last_high.code))
        else:
            context = (*prov_names, *area_names)
        ask_key = (chain_text, context)
        res = asked.get(ask_key)
        if res is None:
            res = asked[ask_key] = backend.resolve(chain_text, context=list(context))
        if h.code is not None:
            if res.status == "resolved" and res.code == h.code:
                h.confidence = max(h.confidence, min(0.98, 0.6 + 0.4 * res.confidence))
            elif res.status == "resolved" and res.code != h.code:
                h.confidence = min(h.confidence, 0.6)
                h.note = (h.note + "; " if h.note else "") + f"the resolver reads {chain_text} as {res.code}"
        elif res.status == "resolved" and res.code in h.candidates:
            h.code = res.code
            h.confidence = 0.7 * res.confidence
            h.note = "chosen by the place resolver"
        elif len(h.candidates) > 1:
            h.note = f"{len(h.candidates)} places share this name"
    for h in hits:
        if h.doubt and h.code:
            h.note, h.confidence = h.doubt, min(h.confidence, 0.6)
    return PlaceFindings(hits, parks, area_cities or sorted(area_provs), city_counts)


def _verb_led(text: str, a: int, b: int, tags: dict[str, str], kinds: tuple[str, ...] = ("v", "d", "m")) -> bool:
    """Does [a, b) open with a verb, adverb or number of two characters or more (浸潭镇/开展/助力乡村,
    查日苏镇/一同/推动乡村, 大兴地镇/四个/村: no village's name)? ``kinds``: the tags that count (a township
    after its county: only a verb, 吴川市/开展/帮镇, as 三河镇 or 八台镇 open with a number)."""
    first = next(iter(_tokens_in(text, a, b)), "")
    return len(first) >= 2 and tags.get(first, "")[:1] in kinds


_FACILITY_RE = re.compile(
    r"(?:景区|风景区|风景名胜区|机场|火车站|高铁站|大道|大街|路(?![线径])|公园|[\u4e00-\u9fff]{0,4}(?:大学|学院))"
)
# a village's or community's name opening a clause that says where it lies (三岔口村位于…)
_LIES_IN_RE = re.compile(r"([\u4e00-\u9fff]{2,6}?(?:社区|村))(?:地处|位于|坐落于|坐落在)")
_TAIL_PLACE_RE = re.compile(r"[\u4e00-\u9fff]{2,6}?(?:社区|村)(?!民|委|级|庄|落)")
_TAIL_TOWNSHIP_RE = re.compile(r"[\u4e00-\u9fff]{2,3}?(?:乡|镇|街道)(?![村镇长政党人干])")
_NOT_NAME_CHARS = set("了咱们我你他她它上下进在的和给于是被把将向从到这那哪内外去来")
# words no village's name holds (部分村, 最边远的山村, 工委向天井港村, 还结合辖区各村)
_NOT_IN_A_NAME = re.compile(r"[的向在和给于是被把将从到这那还各最]|部分|辖区|结合")
_NOT_NAME_START = set("在各的和与及所全本该等每新此其这那从到由向对为是有个家名驻")
_GENERIC_STEMS = re.compile(
    r"行政|重点|中心|示范|美丽|文明|贫困|薄弱|城市|农村|城中|全国|传统|特色|先进|结对|帮扶|试点|样板|红色|旅游|电商|"
    r"直管|老旧|集体|本村|该村|乡村|新农|和美|宜居|生态|数字|智慧|平安|幸福|和谐|共建|联建|文旅|社会|基层|城乡|"
    r"少数|民族|易地|搬迁|安置|经济|产业|强村|弱村|所在|周边|各个|每个|一个|两个|多个|全体|外来|流动|乡村|本村|全村|"
    r"该社区|本社区|全社区|会员|成员|群众|居民|村民|老区|协作"
)
# words that make "…村" after a township a kind of village, not a name (丰阳镇第一书记帮扶村, 某镇贫困村)
_KIND_OF_VILLAGE = re.compile(r"书记|帮扶|扶贫|结对|贫困|示范|重点|试点|共建|联建|联系|商会|协会|公司|企业|集团")
_LOW_SUFFIX_RE = re.compile(r"(?:社区|街道|办事处|村|镇|乡)$")
_NOT_NAME_TAGS = set("vadilmprcuq")


# a list of bare names the level word after it qualifies: 城厢、进化、党湾等镇(街), 东村、河西、马坊等村组,
# 红旗、呼特勒、阿里木图等嘎查 (a 嘎查 is a village)
_STEM_LIST_RE = re.compile(r"(?:[\u4e00-\u9fff]{2,4}、)+[\u4e00-\u9fff]{2,4}等"
                           r"(?P<level>镇[(（]街[)）]|乡镇|镇街|镇|乡|街道|村组|村|社区|嘎查)")


def _stem_hits(text: str, hits: list[PlaceHit], idx: _NameIndex, in_area: Any, boundaries: set[int]) -> list[PlaceHit]:
    """Places named by their bare stem where the text says what they are, each landing on the one place
    of the report's area with that stem (an item with none or several stays out):

    - a township's stem right before one of its villages (壶镇岩下村: 壶镇镇 and its 岩下村);
    - a list of stems a level word qualifies (城厢、进化、党湾等镇(街): 城厢街道, 进化镇, 党湾镇)."""
    counties = {c[:6] for h in hits for c in h.candidates if len(c) >= 6}
    taken = [(h.start, h.end) for h in hits]
    out: list[PlaceHit] = []

    def free(a: int, b: int) -> bool:
        return not any(x < b and a < y for x, y in taken)

    def one(codes: Iterable[str]) -> str | None:
        # in the report's area, and in a county it names when it names any (a bare stem is little to go on)
        codes = sorted({c for c in codes if in_area(c) and (not counties or c[:6] in counties)})
        return codes[0] if len(codes) == 1 else None

    for h in hits:
        if not h.candidates or not all(len(c) == 12 for c in h.candidates):
            continue
        for n in (3, 2):
            a = h.start - n
            if a < 0 or a not in boundaries or not free(a, h.start):
                continue
            parents = {c[:9] for c in h.candidates} & set(idx.township_stems.get(text[a:h.start], ()))
            code = one(parents)
            if code:
                out.append(PlaceHit(a, h.start, text[a:h.start], (code,), short=True))
                taken.append((a, h.start))
                break
    for m in _STEM_LIST_RE.finditer(text):
        village = m.group("level").startswith(("村", "社区", "嘎查"))
        items: list[tuple[int, int, str]] = []
        pos = m.start()
        for item in text[m.start():m.start("level") - 1].split("、"):
            a, b = pos, pos + len(item)
            pos = b + 1
            # the first item may have words before it: the longest tail that is a stem of the area
            for a2 in range(a, b - 1) if a == m.start() else (a,):
                stem = text[a2:b]
                if village:
                    kids = [idx.automaton.get(stem + w, None) for w in ("村", "社区", "嘎查")]
                    codes = [c for k in kids if k is not None for c, _ in idx.entries[k] if len(c) == 12]
                else:
                    codes = idx.township_stems.get(stem, [])
                code = one(codes) if a2 in boundaries and free(a2, b) else None
                if code:
                    items.append((a2, b, code))
                    break
        if len(items) >= 2:
            out.extend(PlaceHit(a, b, text[a:b], (code,), short=True) for a, b, code in items)
            taken.extend((a, b) for a, b, _ in items)
    return sorted(hits + out, key=lambda x: x.start)


def _tokens_in(text: str, a: int, b: int) -> list[str]:
    from tongxin.extract.text import tokenize

    return [w for w, _, _ in tokenize(text[a:b])]


def _common_word(word: str) -> bool:
    from tongxin.extract.text import common_word

    return common_word(word)


def _word_tags() -> dict[str, str]:
    from tongxin.extract.text import word_tags

    return word_tags()


def _after_parent(cands: list[PlaceHit], start: int, codes: list[str]) -> bool:
    """A name right after a place it lies in (乐坪街道办事处街心社区)."""
    for h in reversed(cands):
        if h.end == start and any(_nests(c, p) for c in codes for p in h.candidates):
            return True
        if h.end < start:
            break
    return False


def _name(backend: PlaceBackend, code: str) -> str | None:
    p = backend.get(code)
    return p.name if p else None


def _contradicted_villages(text: str, hits: list[PlaceHit], levels: Mapping[str, str]) -> None:
    """A village or community written right after a township it is not listed under (依兰镇光新村, the
    only 光新村 being in another county) is not that other village: the text contradicts it, so it is kept
    unresolved below the township, for review, and so are its other mentions written alone. Under another
    township of the same county it stays (towns are merged and renamed more often than villages move),
    with a note."""
    def township_of(i: int) -> PlaceHit | None:
        """The township ``hits[i]`` is written right after, or listed after a village of (塔石乡金牛山村、东岭村
        和下塔石村: 东岭村 is 塔石乡's too)."""
        prev = hits[i - 1] if i else None
        if prev is None:
            return None
        gap = text[prev.end:hits[i].start]
        if not gap:
            return prev if prev.candidates and all(levels[c] == "township" for c in prev.candidates) else None
        if gap in ("、", "和", "及", "以及") and prev.surface.endswith(("村", "社区")) and all(
                levels[c] in ("village", "community") for c in prev.candidates):
            return township_of(i - 1)
        return None

    def after_township(i: int) -> bool:
        return township_of(i) is not None

    contradicted: dict[str, PlaceHit] = {}
    for i, h in enumerate(hits):
        if not after_township(i) or not h.candidates or not all(
                levels[c] in ("village", "community") for c in h.candidates):
            continue
        prev = township_of(i)
        assert prev is not None
        if any(_nests(c, t) for c in h.candidates for t in prev.candidates):
            continue
        counties = {t[:6] for t in prev.candidates}
        same_county = tuple(c for c in h.candidates if c[:6] in counties)
        if same_county:
            h.candidates = same_county
            h.doubt = f"the division list puts it under another township than {prev.surface}"
        else:
            h.candidates = ()
            h.note = f"not in the division list under {prev.surface}"
            h.parent = prev.candidates[0] if len(prev.candidates) == 1 else None
            contradicted.setdefault(h.surface, h)
    for i, h in enumerate(hits):
        first = contradicted.get(h.surface)
        if first is not None and h is not first and h.candidates and not after_township(i):
            h.candidates, h.note, h.parent = (), first.note, first.parent


def _resolve_chain(links: list[PlaceHit]) -> None:
    """Keep, link by link, only candidates that nest in the previous link and have a nested
    candidate in the next; fix codes where one candidate remains."""
    sets = [set(h.candidates) for h in links]
    for i in range(1, len(sets)):
        sets[i] = {c for c in sets[i] if any(_nests(c, p) for p in sets[i - 1])} or sets[i]
    for i in range(len(sets) - 2, -1, -1):
        sets[i] = {p for p in sets[i] if any(_nests(c, p) for c in sets[i + 1])} or sets[i]
    for h, s in zip(links, sets, strict=True):
        h.candidates = tuple(sorted(s))
        if len(s) == 1:
            h.code = next(iter(s))
            h.confidence = 0.95 if len(links) > 1 else 0.9


def _by_context(h: PlaceHit, before: list[PlaceHit], area: list[str]) -> str | None:
    for prev in reversed(before[-12:]):
        code = prev.code or ""
        for cut in (len(code), 6, 4):
            anc = code[:cut]
            if not anc or len(anc) > len(code):
                continue
            inside = [c for c in h.candidates if c.startswith(anc) and c != anc]
            if len(inside) == 1:
                return inside[0]
    for city in area:
        inside = [c for c in h.candidates if c.startswith(city)]
        if len(inside) == 1:
            return inside[0]
        if inside:
            break
    # A short form that names a county and, by the same stem, smaller places: the county.
    by_level = sorted(h.candidates, key=len)
    if len(by_level) > 1 and len(by_level[0]) < len(by_level[1]):
        return by_level[0]
    return None
