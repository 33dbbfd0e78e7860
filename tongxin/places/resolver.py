"""Place-name resolver: free-text Chinese place names → division codes.

``Resolver(gazetteer).resolve("涟源市杨市镇东园村")`` → ``431382107259``. The algorithm (details and
limits in ``docs/places.md``):

1. **Normalise** the input and every gazetteer name the same way (:func:`norm_key`): pinyin glosses
   stripped, NFKC, traditional → simplified, whitespace and punctuation dropped, committee suffixes
   aliased (村民委员会/村委会 → 村, 居民委员会/居委会 → 社区, 办事处 → 街道).
2. **Index** each place under its official name, its short name and, for provinces, cities, counties and
   townships, the name without its level word (涟源市 → 涟源, 杨市镇 → 杨市, 湘西土家族苗族自治州 → 湘西)
   when at least two characters remain. All keys go into one Aho–Corasick automaton.
3. **Segment**: find every key occurring in the input. Functional zones (经济开发区, 高新区, 新区 …) are
   recognised by pattern; keys lying inside a zone word are dropped and the zone's text does not count
   against the match.
4. **Chain**: dynamic programming over the occurrences picks non-overlapping names, left to right, whose
   codes nest (each a descendant of the one before), maximising the number of input characters covered
   (an abbreviated key costs a little). If that leaves text uncovered, the reverse order (红岩村(叙永县))
   is tried too. The last name of the best chain is the most specific one; every code that ends an
   equally good chain is a candidate.
5. **Context** (place names from other columns, e.g. ``["涟源市"]``) and ``within`` (a code prefix)
   keep only candidates consistent with them. If they rule out every candidate the result is
   ambiguous (or not found), never a guess.
6. **Decide**: one candidate → ``resolved``; several → ``ambiguous`` (ranked); none, or uncovered text
   after the most specific name (杨市镇东圆村) → ``not_found`` with ``partial`` (what did resolve) and
   ``suggestions`` (similar names in the partial place, the context area or the whole index).
"""

from __future__ import annotations

import heapq
import itertools
import re
import unicodedata
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field, replace
from typing import Any, Literal

import ahocorasick
from rapidfuzz.distance import Levenshtein

from tongxin.gcpause import gc_paused
from tongxin.places.gazetteer import Gazetteer, Place
from tongxin.places.renamed import renamed_divisions
from tongxin.textnorm import strip_pinyin_glosses, to_simplified

__all__ = [
    "Candidate",
    "Resolution",
    "Resolver",
    "Status",
    "format_resolution",
    "key_variants",
    "norm_key",
]

Status = Literal["resolved", "ambiguous", "not_found"]

# ------------------------------------------------------------------------------------------ normalise

_DROP_RE = re.compile(
    r"[\s\u200b\u200c\u200d\u2060\ufeff·•・.,，、。;；:：/\\|_\-—–~～\"'“”‘’「」『』《》〈〉【】\[\]()（）!！?？*#]+"
)
_ALIAS_RE = re.compile(
    r"(?P<v>村?(?:村民委员会|村民委会|村民员委会|村民委委会|村民委会员|村委员会|村委会|村委委会)会*)"
    r"|(?P<c>(?:社区)?(?:居民委员会|居民委会|居民委委会|居民委会员|居委会)会*|社区(?:委员会|委会)会*)"
    r"|(?P<s>(?:街道)?办事处)"
    r"|(?P<g>嘎查(?:委员会|委会))"
)
_ALIAS_REPL = {"v": "村", "c": "社区", "s": "街道", "g": "嘎查"}


def _alias(m: re.Match[str]) -> str:
    return _ALIAS_REPL[m.lastgroup or "v"]


def norm_key(text: str) -> str:
    """The matching form of a place name (applied to inputs and gazetteer names alike).

    >>> norm_key("漣源市 楊市鎮 東園村民委員會")
    '涟源市杨市镇东园村'
    """
    if "(" in text or "（" in text:
        text = strip_pinyin_glosses(text)
    text = to_simplified(unicodedata.normalize("NFKC", text))
    text = _DROP_RE.sub("", text)
    if "委" in text or "办事处" in text:
        text = _ALIAS_RE.sub(_alias, text)
    return text


# ------------------------------------------------------------------------------------------- variants

_ETHNIC_MULTI = (
    "蒙古|维吾尔|布依|朝鲜|土家|哈尼|哈萨克|傈僳|高山|拉祜|东乡|纳西|景颇|柯尔克孜|达斡尔|仫佬|布朗|撒拉|"
    "毛南|仡佬|锡伯|阿昌|普米|塔吉克|乌孜别克|俄罗斯|鄂温克|德昂|保安|裕固|塔塔尔|独龙|鄂伦春|赫哲|门巴|珞巴|基诺"
)
_ETHNIC_SINGLE = "回|藏|苗|彝|壮|满|侗|瑶|白|傣|黎|佤|畲|水|土|羌|怒|京"
ETHNIC_WORDS = rf"(?:(?:{_ETHNIC_MULTI})族?|(?:{_ETHNIC_SINGLE})族)+"
_PROVINCE_STRIP_RE = re.compile(rf"(?:{ETHNIC_WORDS})?(?:自治区|特别行政区|省|市)$")
_CITY_STRIP_RE = re.compile(rf"(?:(?:{ETHNIC_WORDS})?自治州|市|地区|盟)$")
_COUNTY_ETHNIC_RE = re.compile(rf"(?:{ETHNIC_WORDS})(?:自治县|自治旗)$")
_COUNTY_STRIP_RE = re.compile(r"(?:林区|特区|市|县|区)$")
_TOWNSHIP_ETHNIC_RE = re.compile(rf"(?:{ETHNIC_WORDS})(乡|镇|苏木)$")
_TOWNSHIP_STRIP_RE = re.compile(r"(?:街道|镇|乡|苏木)$")
# County- and township-level rows that are themselves zones/parks: keep their names whole.
_ZONE_NAME_RE = re.compile(
    r"(?:开发区|园区|工业园|管理区|示范区|试验区|实验区|合作区|新区|集聚区|保税区|农场|林场|牧场)$"
)


def norm_keys(texts: Sequence[str]) -> list[str]:
    """:func:`norm_key` for many texts with one OpenCC call (same results, much faster)."""
    texts = [strip_pinyin_glosses(t) if ("(" in t or "（" in t) else t for t in texts]
    joined = "\n".join(texts)
    parts = to_simplified(unicodedata.normalize("NFKC", joined)).split("\n")
    if len(parts) != len(texts):  # a text held a line break: do them one by one
        return [norm_key(t) for t in texts]
    out: list[str] = []
    drop, alias = _DROP_RE.sub, _ALIAS_RE.sub
    for part in parts:
        part = drop("", part)
        if "委" in part or "办事处" in part:
            part = alias(_alias, part)
        out.append(part)
    return out


# Abbreviations that are only a number (第二街道 → 第二, 一街道 → 一) would match inside anything.
_ORDINAL_RE = re.compile(r"^第?[0-9一二三四五六七八九十百零〇两]+$")


# Inner Mongolia's banners as reports shorten them: 科尔沁左翼后旗 → 科左后旗, 土默特左旗 → 土左旗,
# 东乌珠穆沁旗 → 东乌旗 (every such short form names one banner in the national data)
_BANNER_WINGS_RE = re.compile(r"(.+?)(左翼|右翼)(前|中|后)旗")
_BANNER_SIDE_RE = re.compile(r"(.{3,})(左|右|前|中|后)旗")
_BANNER_EAST_WEST_RE = re.compile(r"[东西].{3,}旗")


def _banner_short_forms(key: str) -> set[str]:
    if not key.endswith("旗"):
        return set()
    if m := _BANNER_WINGS_RE.fullmatch(key):
        return {m[1][0] + m[2][0] + m[3] + "旗"}
    if m := _BANNER_SIDE_RE.fullmatch(key):
        return {m[1][0] + m[2] + "旗"}
    if _BANNER_EAST_WEST_RE.fullmatch(key):
        return {key[:2] + "旗"}
    return set()


def _abbreviations(level: str, exact: Iterable[str]) -> set[str]:
    """Abbreviated keys (level word dropped) derived from a place's normalised exact keys."""
    variants: set[str] = set()
    if level in ("village", "community"):
        return variants
    for key in exact:
        if level == "province":
            variants.add(_PROVINCE_STRIP_RE.sub("", key))
        elif level == "city":
            base = _CITY_STRIP_RE.sub("", key)
            variants.add(base)
            if key.endswith("自治州"):
                variants.update((base + "州", base + "自治州"))  # 湘西州, 湘西自治州
        elif _ZONE_NAME_RE.search(key):
            continue
        elif level == "county":
            m = _COUNTY_ETHNIC_RE.search(key)
            if m:
                base = key[: m.start()]
                variants.update((base, base + key[-1], base + key[-3:]))  # 城步, 城步县, 城步自治县; 鄂伦春旗
            else:
                variants.add(_COUNTY_STRIP_RE.sub("", key))
            variants.update(_banner_short_forms(key))
        elif level == "township":
            m = _TOWNSHIP_ETHNIC_RE.search(key)
            if m:
                base = key[: m.start()]
                word = "苏木" if key.endswith("苏木") else key[-1]
                variants.update((base, base + word))  # 关峡, 关峡乡
            else:
                variants.add(_TOWNSHIP_STRIP_RE.sub("", key))
    return {v for v in variants if len(v) >= 2 and not _ORDINAL_RE.match(v)}


def _indexes_official(place: Place) -> bool:
    """Villages and communities are indexed under their short name only (it already undoes committee
    suffixes, typos and ancestor prefixes included); other levels under the official name as well."""
    official = place.official_name
    return len(place.code) < 12 and official != place.name and "(" not in official and "（" not in official


def key_variants(place: Place) -> tuple[set[str], set[str]]:
    """(exact keys, abbreviated keys) under which ``place`` is indexed, normalised; the resolver also
    drops keys the place shares with its parent (东莞市 441900 under 东莞市 4419)."""
    names = [place.name]
    if _indexes_official(place):
        names.append(place.official_name)
    exact = {k for k in norm_keys(names) if len(k) >= 2}
    return exact, _abbreviations(place.level, exact) - exact


# ---------------------------------------------------------------------------------------------- zones

_ZONE_RE = re.compile(
    r"(?:国家级|省级|市级)?"
    r"(?:经济技术开发区|经济开发区|高新技术产业开发区|高新技术产业园区|高新技术开发区|高新技术产业区|高新区|经开区|"
    r"综合保税区|保税区|自由贸易试验区|自贸区|工业集中区|工业园区|产业园区|科技园区|物流园区|工业园|产业园|科技园|"
    r"开发区|新区|综合实验区|实验区|试验区|示范区|集聚区|园区|管理区)"
    r"(?:管委会|管理委员会|工委)?"
)
_IGNORABLE_TAIL_RE = re.compile(
    r"^(?:(?:第?[0-9一二三四五六七八九十百零〇两]+(?:村民小组|居民小组|小组|组|队|社|号|栋|单元))+"
    r"|村民小组|居民小组|辖区|境内|一带|片区|地区"
    r"|委员会|委会|委|会|社区|村委|居委|党支部|党总支|党委)$"
)
_SUFFIX_CHARS = frozenset("村社区镇乡街道县市省委会")
_PAREN_TAIL_RE = re.compile(r"\s*(?:（[^（）]*）|\([^()]*\))+$")


# -------------------------------------------------------------------------------------------- results


@dataclass(frozen=True, slots=True)
class Candidate:
    code: str
    name: str
    level: str
    path_text: str
    score: float
    note: str = ""  # e.g. "郧县: renamed 郧阳区 in 2014"

    def __str__(self) -> str:
        return f"{self.code} {self.path_text}" + (f" ({self.note})" if self.note else "")

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def model_dump(self) -> dict[str, Any]:  # the pydantic spelling, for callers that serialise either
        return self.to_dict()


@dataclass(frozen=True, slots=True)
class Resolution:
    """The outcome of :meth:`Resolver.resolve`.

    ``path`` lists (code, name) from the province down to the place itself (city-level buckets such as
    市辖区 included, as the dataset has them); ``path_text`` joins the names without those buckets.
    ``partial`` is the deepest place the string *did* resolve to when the full name did not
    (``not_found``); ``unmatched`` is input text no chosen name covered (zone words excepted); ``zones``
    are recognised functional-zone words; ``note`` explains fallbacks and context conflicts.
    """

    query: str
    status: Status
    code: str | None = None
    name: str | None = None
    level: str | None = None
    path: tuple[tuple[str, str], ...] = ()
    path_text: str = ""
    confidence: float = 0.0
    candidates: tuple[Candidate, ...] = ()
    n_candidates: int = 0
    suggestions: tuple[Candidate, ...] = ()
    partial: Candidate | None = None
    matched: tuple[str, ...] = ()
    unmatched: str = ""
    zones: tuple[str, ...] = ()
    note: str = ""

    @property
    def ok(self) -> bool:
        return self.status == "resolved"

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data (tuples become lists when dumped)."""
        return asdict(self)

    def model_dump(self) -> dict[str, Any]:  # the pydantic spelling, for callers that serialise either
        return self.to_dict()


# ------------------------------------------------------------------------------------------- internals

_VARIANT_PENALTY = 0.1
_TIE = _VARIANT_PENALTY + 1e-6
_ANCESTOR_LENS: dict[int, tuple[int, ...]] = {2: (), 4: (2,), 6: (4, 2), 9: (6, 4, 2), 12: (9, 6, 4, 2)}


@dataclass(slots=True)
class _Chain:
    score: float
    links: list[tuple[int, int, int, str]]  # (start, end, key id, code), in input order


@dataclass(slots=True)
class _Entry:
    """A candidate code with the evidence behind it."""

    code: str
    chain: _Chain | None
    score: float  # input characters accounted for (abbreviations and fallbacks cost a little)
    coverage: float  # share of the significant input characters accounted for
    complete: bool  # False: text is left after the most specific name (partial match)
    tail: str
    factor: float
    why: str
    matched: tuple[str, ...]
    unmatched: str
    zones: tuple[str, ...]


_States = list[dict[str, tuple[float, int, str | None]]]
# tail, ignorable, significant, covered, matched, unmatched, zones, zone after the most specific name
_Shape = tuple[str, bool, int, int, tuple[str, ...], str, tuple[str, ...], bool]


@dataclass(slots=True)
class _Analysis:
    """Segmentation of one normalised input: the best chain ends as (score, match index, code), most
    specific code last in each chain; chains are materialised on demand from the DP states."""

    text: str
    zones: list[tuple[int, int]]
    significant: int
    tops: list[tuple[float, int, str]] = field(default_factory=list)
    reverse: bool = False
    matches: list[tuple[int, int, int]] = field(default_factory=list)
    states: _States = field(default_factory=list)

    def chain(self, i: int, code: str, score: float) -> _Chain:
        links: list[tuple[int, int, int, str]] = []
        cur_i, cur_c = i, code
        while True:
            st, en, kid = self.matches[cur_i]
            links.append((st, en, kid, cur_c))
            _, pj, pc = self.states[cur_i][cur_c]
            if pj < 0 or pc is None:
                break
            cur_i, cur_c = pj, pc
        if not self.reverse:
            links.reverse()
        return _Chain(score, links)


class Resolver:
    """Resolve place names against a :class:`Gazetteer`. Build once; ``resolve`` is cheap."""

    gazetteer: Gazetteer
    max_candidates: int
    _key_ids: dict[str, int]
    _keys: list[str]
    _klen: list[int]
    _codes: list[list[str]]
    _variants: list[frozenset[str] | None]
    _abbrev_only: list[bool]
    _minlen: list[int]
    _maxlen: list[int]
    _ac: Any
    _renamed: dict[tuple[int, str], str]  # (key id, code) of an old name → "郧县: renamed 郧阳区 in 2014"
    _context_cache: dict[str, tuple[frozenset[str], tuple[str, ...], frozenset[str]]]
    _paths: dict[str, tuple[tuple[tuple[str, str], ...], str, str, str, str]]
    _char_index: dict[str, list[int]] | None

    def __init__(
        self, gazetteer: Gazetteer, *, max_candidates: int = 20, state: dict[str, Any] | None = None
    ) -> None:
        """Index ``gazetteer``; or, with ``state`` (from :meth:`state` of a resolver over the same
        gazetteer), take the index as it was (tongxin.places.dataset's cache)."""
        with gc_paused():
            if state is None:
                self._build(gazetteer, max_candidates)
            else:
                self._restore(gazetteer, max_candidates, state)

    def state(self) -> dict[str, Any]:
        """The index as plain data, for :meth:`from_state` (pickled by tongxin.places.dataset)."""
        return {
            "keys": self._keys,
            "codes": self._codes,
            "variants": self._variants,
            "abbrev_only": self._abbrev_only,
            "minlen": self._minlen,
            "maxlen": self._maxlen,
            "automaton": self._ac,
            "renamed": self._renamed,
        }

    @classmethod
    def from_state(cls, gazetteer: Gazetteer, state: dict[str, Any], *, max_candidates: int = 20) -> Resolver:
        return cls(gazetteer, max_candidates=max_candidates, state=state)

    def _restore(self, gazetteer: Gazetteer, max_candidates: int, state: dict[str, Any]) -> None:
        self.gazetteer = gazetteer
        self.max_candidates = max_candidates
        self._keys = state["keys"]
        self._key_ids = {k: i for i, k in enumerate(self._keys)}
        self._klen = [len(k) for k in self._keys]
        self._codes = state["codes"]
        self._variants = state["variants"]
        self._abbrev_only = state["abbrev_only"]
        self._minlen = state["minlen"]
        self._maxlen = state["maxlen"]
        self._ac = state["automaton"]
        self._renamed = state["renamed"]
        self._context_cache = {}
        self._paths = {}
        self._char_index = None

    def _build(self, gazetteer: Gazetteer, max_candidates: int) -> None:
        self.gazetteer = gazetteer
        self.max_candidates = max_candidates
        places = [p for p in gazetteer.iter_places() if not p.is_pseudo]
        normed = norm_keys([p.name for p in places])
        has_official = [_indexes_official(p) for p in places]
        officials = iter(norm_keys([p.official_name for p, h in zip(places, has_official, strict=True) if h]))
        key_ids: dict[str, int] = {}
        codes: list[list[str]] = []
        variant_codes: dict[int, set[str]] = {}
        # keys of non-village places: (exact, all). A child named exactly like its parent (东莞市 441900
        # under 东莞市 4419, 嘉峪关市 620201) is not indexed under the keys it shares with the parent.
        own: dict[str, tuple[set[str], set[str]]] = {}
        no_keys: tuple[set[str], set[str]] = (set(), set())
        for place, key, h in zip(places, normed, has_official, strict=True):
            code = place.code
            if len(code) == 12:  # fast path: villages and communities, one key
                if len(key) < 2 or key in own.get(place.parent_code or "", no_keys)[0]:
                    continue
                kid = key_ids.get(key)
                if kid is None:
                    key_ids[key] = len(codes)
                    codes.append([code])
                else:
                    codes[kid].append(code)
                continue
            exact = {key, next(officials)} if h else {key}
            exact = {k for k in exact if len(k) >= 2}
            variants = _abbreviations(place.level, exact) - exact
            parent_exact, parent_all = own.get(place.parent_code or "", no_keys)
            if exact & parent_exact:
                exact -= parent_all
                variants -= parent_all
            if len(code) < 12:
                own[code] = (exact, exact | variants)
            for keys, is_variant in ((exact, False), (variants, True)):
                for k in keys:
                    kid = key_ids.get(k)
                    if kid is None:
                        kid = key_ids[k] = len(codes)
                        codes.append([])
                    codes[kid].append(code)
                    if is_variant:
                        variant_codes.setdefault(kid, set()).add(code)
        # old names of renamed or merged divisions, under today's code, at the cost of an abbreviation
        self._renamed = {}
        for row in renamed_divisions():
            if row.code not in gazetteer:
                continue
            old_exact = {k for k in norm_keys([row.old_name]) if len(k) >= 2}
            old_abbrev = _abbreviations(gazetteer[row.code].level, old_exact) - old_exact
            for k in sorted(old_exact | old_abbrev):
                kid = key_ids.get(k)
                if kid is None:
                    kid = key_ids[k] = len(codes)
                    codes.append([])
                if row.code in codes[kid]:
                    continue  # already a key of today's place (铜仁地区 → 铜仁)
                codes[kid].append(row.code)
                variant_codes.setdefault(kid, set()).add(row.code)
                self._renamed[(kid, row.code)] = row.note()
        self._key_ids = key_ids
        self._keys = [""] * len(codes)
        for k, kid in key_ids.items():
            self._keys[kid] = k
        self._klen = [len(k) for k in self._keys]
        for lst in codes:
            if len(lst) > 1:
                lst.sort()
        self._codes = codes
        self._variants = [None] * len(codes)
        for kid, vs in variant_codes.items():
            self._variants[kid] = frozenset(vs)
        self._abbrev_only = [
            v is not None and len(v) == len(lst) for v, lst in zip(self._variants, codes, strict=True)
        ]
        self._minlen = [len(lst[0]) if len(lst) == 1 else min(map(len, lst)) for lst in codes]
        self._maxlen = [len(lst[0]) if len(lst) == 1 else max(map(len, lst)) for lst in codes]
        automaton = ahocorasick.Automaton()
        for key, kid in key_ids.items():
            automaton.add_word(key, kid)
        automaton.make_automaton()
        self._ac = automaton
        self._context_cache = {}
        self._paths = {}
        self._char_index = None

    @property
    def n_keys(self) -> int:
        return len(self._keys)

    # ------------------------------------------------------------------------------------- analysis

    def _analyse(self, text: str, *, allow_reverse: bool = True) -> _Analysis:
        klen = self._klen
        matches = [(end + 1 - klen[kid], end + 1, kid) for end, kid in self._ac.iter(text)]
        if "区" in text or "园" in text:
            zones = [(m.start(), m.end()) for m in _ZONE_RE.finditer(text)]
            an = _Analysis(text, zones, len(text) - sum(e - s for s, e in zones), [], False, [], [])
            if zones:
                matches = [m for m in matches if not any(zs <= m[0] and m[1] <= ze for zs, ze in zones)]
        else:
            an = _Analysis(text, [], len(text), [], False, [], [])
        if not matches:
            return an
        matches.sort()
        if len(matches) > 1:
            matches = self._prune(matches)
        an.matches = matches
        if len(matches) == 1 and self._variants[matches[0][2]] is None:
            # one name and no abbreviation: every code it names ends an equally good chain of one
            st, en, kid = matches[0]
            codes, w = self._codes[kid], float(en - st)
            an.states = [dict.fromkeys(codes, (w, -1, None))]
            an.tops = [(w, 0, c) for c in codes]  # codes are sorted: by length too when all are as long
            if self._minlen[kid] != self._maxlen[kid]:
                an.tops.sort(key=lambda t: (len(t[2]), t[2]))
            return an
        best, an.tops, an.states = self._dp(matches, reverse=False)
        if allow_reverse and len(matches) > 1 and best < an.significant - 1e-9:
            rbest, rtops, rstates = self._dp(matches, reverse=True)
            if rbest > best + 1e-9:
                an.tops, an.states, an.reverse = rtops, rstates, True
        return an

    def _prune(self, matches: list[tuple[int, int, int]]) -> list[tuple[int, int, int]]:
        """Drop abbreviation-only matches lying inside a longer full-name match (涟源 in 涟源市, 杨市
        in 杨市镇): the longer name covers more, so a chain hardly ever needs them, and pruning them saves
        much of the DP work."""
        abbrev = self._abbrev_only
        full = [(s, e) for s, e, k in matches if not abbrev[k]]
        if not full or len(full) == len(matches):
            return matches
        out = []
        for m in matches:
            if abbrev[m[2]]:
                st, en = m[0], m[1]
                inside = False
                for s, e in full:
                    if s <= st and en <= e and e - s > en - st:
                        inside = True
                        break
                if inside:
                    continue
            out.append(m)
        return out

    def _dp(
        self, matches: list[tuple[int, int, int]], *, reverse: bool
    ) -> tuple[float, list[tuple[float, int, str]], _States]:
        """Best nesting chains over ``matches`` (start, end, key id), sorted by start.

        State per (match, code): (score, previous match, previous code). Forward: a later name must
        descend from an earlier one; ``reverse``: from a later one (红岩村(叙永县))."""
        codes_of, variants_of = self._codes, self._variants
        minlen, maxlen = self._minlen, self._maxlen
        n = len(matches)
        order = range(n - 1, -1, -1) if reverse else range(n)
        states: list[dict[str, tuple[float, int, str | None]]] = [{}] * n
        # per state: its best score, its codes' own score (the match alone), the codes a chain raised
        tops_of = [0.0] * n
        base_of = [0.0] * n
        raised_of: list[set[str] | None] = [None] * n
        done: list[tuple[int, int, int, int]] = []  # (index, start, end, min code length)
        best = 0.0
        for i in order:
            st, en, kid = matches[i]
            codes = codes_of[kid]
            var = variants_of[kid]
            w = float(en - st)
            if var is None:
                cur: dict[str, tuple[float, int, str | None]] = dict.fromkeys(codes, (w, -1, None))
            else:
                cur = {c: (w - _VARIANT_PENALTY if c in var else w, -1, None) for c in codes}
            top = w
            raised: set[str] | None = None
            kmax = maxlen[kid]
            ncodes = len(codes)
            for j, pst, pen, pmin in done:
                if ((pst < en) if reverse else (pen > st)) or kmax <= pmin:
                    continue
                prev = states[j]
                if ncodes * 4 <= len(prev):
                    # few codes here: look their ancestors up among the previous states
                    for c in codes:
                        base = w - _VARIANT_PENALTY if var is not None and c in var else w
                        for la in _ANCESTOR_LENS[len(c)]:
                            a = c[:la]
                            pv = prev.get(a)
                            if pv is not None:
                                ns = pv[0] + base
                                if ns > cur[c][0]:
                                    cur[c] = (ns, j, a)
                                    if raised is None:
                                        raised = set()
                                    raised.add(c)
                                    if ns > top:
                                        top = ns
                    continue
                for a, pv in prev.items():
                    la = len(a)
                    if la >= kmax:
                        continue
                    lo = bisect_left(codes, a)
                    while lo < ncodes:
                        c = codes[lo]
                        if not c.startswith(a):
                            break
                        lo += 1
                        if len(c) == la:
                            continue
                        ns = pv[0] + (w - _VARIANT_PENALTY if var is not None and c in var else w)
                        if ns > cur[c][0]:
                            cur[c] = (ns, j, a)
                            if raised is None:
                                raised = set()
                            raised.add(c)
                            if ns > top:
                                top = ns
            states[i] = cur
            tops_of[i], base_of[i], raised_of[i] = top, w, raised
            done.append((i, st, en, minlen[kid]))
            if top > best:
                best = top
        floor = best - _TIE
        tops: list[tuple[float, int, str]] = []
        for i in order:
            if tops_of[i] < floor:
                continue
            cur = states[i]
            if base_of[i] >= floor:  # the match alone reaches the floor: any of its codes may
                tops.extend((v[0], i, c) for c, v in cur.items() if v[0] >= floor)
            else:  # only codes a chain raised can
                raised = raised_of[i]
                for c in sorted(raised or ()):
                    v = cur[c]
                    if v[0] >= floor:
                        tops.append((v[0], i, c))
        if len(tops) > 1:
            tops.sort(key=lambda t: (-t[0], len(t[2]), t[2]))
            # one end per code: its best chain
            seen: set[str] = set()
            deduped = []
            for t in tops:
                if t[2] not in seen:
                    seen.add(t[2])
                    deduped.append(t)
            tops = deduped
        return best, tops, states

    # ------------------------------------------------------------------------------------- context

    def _context(self, ctx: str) -> tuple[frozenset[str], tuple[str, ...], frozenset[str]]:
        """(codes a context string names, the same as a tuple, every prefix of them): a code ``c``
        nests with one of the codes exactly when ``c.startswith(codes_tuple) or c in prefixes``."""
        cached = self._context_cache.get(ctx)
        if cached is not None:
            return cached
        s = ctx.strip()
        out: frozenset[str]
        if s.isascii() and s.isdigit():
            out = frozenset({s}) if s in self.gazetteer else frozenset()
        else:
            an = self._analyse(norm_key(s))
            out = frozenset(c for _, _, c in an.tops)
        if len(self._context_cache) > 50_000:
            self._context_cache.clear()
        entry = (out, tuple(out), frozenset(k[:n] for k in out for n in range(1, len(k) + 1)))
        self._context_cache[ctx] = entry
        return entry

    # -------------------------------------------------------------------------------------- resolve

    def resolve(self, name: str, context: Sequence[str] = (), within: str | None = None, *,
                suggest: bool = True) -> Resolution:
        """Resolve one place name.

        ``context``: names (or codes) of places the name lies in — other ledger columns, the report's
        area — used to keep only consistent candidates; ``within``: a code prefix the result must lie in.
        Neither is ever overridden by a guess: if they rule out every candidate the result is
        ``ambiguous`` (listing what the string alone matches) or ``not_found``. ``suggest=False``
        skips the (slow, fuzzy) suggestions a ``not_found`` result offers; nothing else changes.
        """
        if isinstance(context, str):
            context = (context,)
        res = self._resolve(name, context, within, suggest)
        if res.status != "resolved" and name.rstrip().endswith((")", "）")):
            # a trailing annotation: 朱坊村委会（朱家坊）, 擂鼓墩居委会（社区）
            bare = _PAREN_TAIL_RE.sub("", name.rstrip())
            if bare and bare != name:
                retry = self._resolve(bare, context, within, suggest)
                if retry.status == "resolved":
                    note = f"ignored annotation {name.rstrip()[len(bare) :]}"
                    return replace(retry, query=name, note=f"{retry.note}; {note}" if retry.note else note)
        if res.status != "resolved":
            # a township with an ethnic word the division list leaves out: 洪水泉回族乡 for 洪水泉乡
            m = _TOWNSHIP_ETHNIC_RE.search(name.rstrip())
            if m:
                retry = self._resolve(name.rstrip()[:m.start()] + m.group(1), context, within, suggest)
                if retry.status == "resolved" and retry.level == "township":
                    note = f"the division list names it without {m.group(0)[:-len(m.group(1))]}"
                    return replace(retry, query=name, note=f"{retry.note}; {note}" if retry.note else note)
        return res

    def _resolve(self, name: str, context: Sequence[str], within: str | None, suggest: bool = True) -> Resolution:
        if not suggest:
            return self._resolve_inner(name, context, within, lambda core, scope: ())
        return self._resolve_inner(name, context, within, self._suggest)

    def _resolve_inner(self, name: str, context: Sequence[str], within: str | None,
                       suggester: Callable[[str, Sequence[str] | None], tuple[Candidate, ...]]) -> Resolution:
        query = name
        raw = name.strip()
        if raw.isascii() and raw.isdigit():
            res = self._resolve_code(query, raw, within)
            if res.status == "resolved" and res.code:
                code = res.code  # a code too is contradicted by a context it lies outside of
                against: list[str] = []
                for c in context:
                    if c and c.strip():
                        c_named, c_codes, c_prefixes = self._context(c)
                        if c_named and not (code.startswith(c_codes) or code in c_prefixes):
                            against.append(c)
                if against:
                    return Resolution(query, "not_found", suggestions=res.candidates,
                                      note=f"contradicted: {res.path_text} is not in {', '.join(against)}")
            return res
        text = norm_key(raw)
        if not text:
            return Resolution(query, "not_found", note="empty name")
        an = self._analyse(text)
        ctxs = [x for x in (self._context(c) for c in context if c and c.strip()) if x[0]]
        ctx_sets = [x[0] for x in ctxs]
        # ---- within / context: keep consistent candidates; never guess past them
        tops = an.tops
        n_before = len(tops)
        note = ""
        conflict = False
        if tops and within:
            kept = [t for t in tops if _nests(t[2], within)]
            if not kept:
                conflict, note = True, f"within={within} rules out all {n_before} candidate(s)"
            else:
                tops = kept
        if tops and ctx_sets and not conflict:
            # every context entry that names a place must agree: a candidate outside any of them is
            # contradicted (联兴村 with 涟源市, 杨市镇 is not 蓝田街道's 联兴村)
            kept = [t for t in tops
                    if all(t[2].startswith(codes) or t[2] in prefixes for _, codes, prefixes in ctxs)]
            if not kept:
                conflict, note = True, f"contradicted: context {list(context)} rules out all {n_before} candidate(s)"
            else:
                # a place *in* the context, not the context place itself: 焦村 with 灵宝市, 焦村镇 is the village
                # 焦村, not the town (whose abbreviation it also is)
                strictly = [t for t in kept if all(any(t[2].startswith(c) and len(t[2]) > len(c) for c in codes)
                                                   for _, codes, _ in ctxs)]
                tops = strictly if strictly and len(strictly) < len(kept) else kept
        entries = self._entries(an, tops)
        if within and entries and not conflict:
            inside = [e for e in entries if e.code.startswith(within)]
            if not inside:
                conflict, note = True, f"within={within} rules out all {n_before} candidate(s)"
            else:
                entries = inside
        narrowed = not conflict and len(tops) < n_before
        scope = self._scope(ctx_sets, within) if conflict or not entries else None
        if scope:
            # a bare stem inside the context area: 东园 + context 涟源市 → 东园村
            core = _without_zones(text, _extend_zones(an.zones, []), 0, len(text))
            found = self._extend(scope, core)
            if found:
                zones = tuple(text[s:e] for s, e in _extend_zones(an.zones, []))
                entries = [
                    _Entry(c, None, len(core) * f, 1.0, True, "", f, why, (core,), "", zones)
                    for c, f, why in found
                ]
                conflict, note, narrowed = False, "", False

        if not entries:
            spans = _extend_zones(an.zones, [])
            core = _core(text, spans)
            return Resolution(
                query,
                "not_found",
                unmatched=_without_zones(text, spans, 0, len(text)),
                zones=tuple(text[s:e] for s, e in spans),
                suggestions=suggester(core, scope),
                note="no known place name in the input"
                if core
                else "only a functional zone, no division name",
            )

        if len(entries) == 1:
            leaders = entries
            complete = entries if entries[0].complete else []
        else:
            best = max([e.score for e in entries])
            leaders = [e for e in entries if e.score >= best - _TIE]
            complete = [e for e in leaders if e.complete]
        first = leaders[0]
        if not complete and not conflict:
            parents = sorted({e.code for e in leaders})
            partial: Candidate | None = None
            if len(parents) == 1:
                p = self.gazetteer[parents[0]]
                partial = Candidate(
                    p.code, p.name, p.level, self._path_text(p.code), round(first.coverage, 3)
                )
            where = " / ".join(self.gazetteer[p].name for p in parents[:3]) + (
                " …" if len(parents) > 3 else ""
            )
            return Resolution(
                query,
                "not_found",
                partial=partial,
                matched=first.matched,
                unmatched=first.unmatched,
                zones=first.zones,
                suggestions=suggester(_core(first.tail, []), parents),
                note=f"no place named {first.tail!r} in {where}",
            )
        chosen = complete or leaders
        if len(chosen) > 1:
            scored = sorted(
                ((self._score(e, ctx_sets, within), e) for e in chosen),
                key=lambda t: (-t[0], len(t[1].code), t[1].code),
            )
            cands = [self._make_candidate(e.code, sc, e.chain) for sc, e in scored[: self.max_candidates]]
            n_cands = len(scored)
        else:
            cands = [self._make_candidate(chosen[0].code, self._score(chosen[0], ctx_sets, within), chosen[0].chain)]
            n_cands = 1
        head = chosen[0]
        if conflict:
            # contradicted: not found. What the context area holds under a similar name comes first, then
            # what the name alone matches elsewhere (the places the context rules out)
            near = suggester(_core(text, _extend_zones(an.zones, [])), scope)
            return Resolution(
                query,
                "not_found",
                suggestions=_merge_suggestions(near, cands, self.max_candidates),
                matched=head.matched,
                unmatched=head.unmatched,
                zones=head.zones,
                note=note,
            )
        if head.coverage < 1.0 - 1e-9:
            if scope is None:  # the places the text names, and their area, before the whole country
                named = sorted({c for m in an.matches for c in self._codes[m[2]] if len(c) < 12})[:20]
                scope = self._scope(ctx_sets, within) or named or None
            # text the chosen names do not account for (思茅市 is not 茅市镇; 蚌山区 is not 禹会区): not found,
            # the near misses offered as suggestions
            left = head.unmatched[: len(head.unmatched) - len(head.tail)] if head.tail and not head.complete \
                else head.unmatched
            return Resolution(
                query,
                "not_found",
                suggestions=_merge_suggestions(suggester(_core(text, _extend_zones(an.zones, [])), scope),
                                               cands, self.max_candidates),
                matched=head.matched,
                unmatched=head.unmatched,
                zones=head.zones,
                note=f"{left or head.unmatched!r} is not accounted for by "
                     f"{' › '.join(head.matched) or 'the names found'}",
            )
        notes = [head.why] if head.why else []
        if cands[0].note:
            notes.append(cands[0].note)
        if n_cands == 1:
            cd = cands[0]
            conf = cd.score
            if narrowed:
                conf *= 0.95
                notes.append(f"narrowed from {n_before} candidates by context")
            return self._resolved(query, cd, conf, head, "; ".join(notes), cands)
        notes.append(f"{n_cands} places match equally well")
        return Resolution(
            query,
            "ambiguous",
            confidence=round(cands[0].score / n_cands, 3),
            candidates=tuple(cands),
            n_candidates=n_cands,
            matched=head.matched,
            unmatched=head.unmatched,
            zones=head.zones,
            note="; ".join(notes),
        )

    def resolve_many(
        self,
        rows: Iterable[str | tuple[str, Sequence[str]]],
        context: Sequence[str] = (),
        within: str | None = None,
    ) -> list[Resolution]:
        """Resolve many names (each a string, or ``(name, context)``; the shared ``context`` is
        appended to a row's own). Repeated inputs are resolved once.

        The cyclic collector is paused meanwhile, as ``tongxin load`` pauses it for a ledger
        (tongxin.gcpause): the results are acyclic, and its full collections would traverse the gazetteer
        and the index every so many names (docs/places.md has the figures)."""
        memo: dict[tuple[str, tuple[str, ...]], Resolution] = {}
        out: list[Resolution] = []
        shared = tuple(context)
        with gc_paused():
            for row in rows:
                key = (row, shared) if isinstance(row, str) else (row[0], tuple(row[1]) + shared)
                res = memo.get(key)
                if res is None:
                    res = memo[key] = self.resolve(key[0], key[1], within)
                out.append(res)
        return out

    # ------------------------------------------------------------------------------------ entries

    def _entries(self, an: _Analysis, tops: Sequence[tuple[float, int, str]]) -> list[_Entry]:
        """One entry per candidate code: the best chains' most specific names, extended by the
        stem fallback where text is left after them (杨市镇东园 → 东园村)."""
        out: list[_Entry] = []
        seen: set[str] = set()
        shapes: dict[tuple[tuple[int, int], ...], _Shape] = {}
        for score, i, code in tops:
            if code in seen:
                continue
            seen.add(code)
            ch = an.chain(i, code, score)
            links = ch.links  # in input order
            if len(tops) == 1:
                info = self._shape(an, links)
            else:  # many ends often share one segmentation (东园村 ×4)
                shape = tuple([(s, e) for s, e, _, _ in links])
                cached = shapes.get(shape)
                info = cached if cached is not None else shapes.setdefault(shape, self._shape(an, links))
            tail, ignorable, significant, covered, matched, unmatched, zones, zone_inside = info
            if not tail or ignorable:
                cov = min(1.0, covered / max(1, significant))
                # 涟源市XX工业园: the text names a park inside the place, not the place itself
                factor, why = (0.9, "names a functional zone inside it") if zone_inside else (1.0, "")
                out.append(
                    _Entry(code, ch, ch.score, cov, True, tail, factor, why, matched, unmatched, zones)
                )
                continue
            found = self._extend([code], tail)
            if not found:
                cov = min(1.0, covered / max(1, significant))
                out.append(_Entry(code, ch, ch.score, cov, False, tail, 1.0, "", matched, unmatched, zones))
                continue
            cov = min(1.0, (covered + len(tail)) / max(1, significant))
            rest = unmatched[len(tail) :] if an.reverse else unmatched[: len(unmatched) - len(tail)]
            for c, factor, why in found:
                if c not in seen:
                    seen.add(c)
                    score = ch.score + len(tail) * factor
                    out.append(
                        _Entry(c, ch, score, cov, True, "", factor, why, (*matched, tail), rest, zones)
                    )
        return out

    @staticmethod
    def _shape(an: _Analysis, links: list[tuple[int, int, int, str]]) -> _Shape:
        """Text bookkeeping for a chain's spans: tail, whether it is ignorable, significant and
        covered character counts, matched and unmatched text, zone words, and whether a zone word
        follows the most specific name (the text then names something inside it)."""
        text = an.text
        covered = 0
        parts = []
        for s, e, _, _ in links:
            covered += e - s
            parts.append(text[s:e])
        matched = tuple(parts)
        if not an.zones:
            tail = text[: links[0][0]] if an.reverse else text[links[-1][1] :]
            ignorable = bool(tail) and _IGNORABLE_TAIL_RE.match(tail) is not None
            significant = len(text) - (len(tail) if ignorable else 0)
            unmatched = "" if covered == len(text) else _uncovered(text, [], links)
            return tail, ignorable, significant, covered, matched, unmatched, (), False
        spans = _extend_zones(an.zones, links)
        if an.reverse:
            tail = _without_zones(text, spans, 0, links[0][0])
            zone_inside = any(ze <= links[0][0] for _, ze in spans)
        else:
            tail = _without_zones(text, spans, links[-1][1], len(text))
            zone_inside = any(zs >= links[-1][1] for zs, _ in spans)
        ignorable = bool(tail) and _IGNORABLE_TAIL_RE.match(tail) is not None
        significant = len(text) - sum(e - s for s, e in spans) - (len(tail) if ignorable else 0)
        unmatched = _uncovered(text, spans, links)
        zones = tuple(_zone_text(text, s, e, links) for s, e in spans)
        return tail, ignorable, significant, covered, matched, unmatched, zones, zone_inside

    def _extend(self, parents: Sequence[str], stem: str) -> list[tuple[str, float, str]]:
        """Places under ``parents`` named ``stem`` plus a level word, or with 村/社区 swapped:
        (code, factor, explanation)."""
        tries: list[tuple[str, float]] = []
        if stem.endswith("村") and len(stem) > 2:
            tries.append((stem[:-1] + "社区", 0.7))
        elif stem.endswith("社区") and len(stem) > 3:
            tries.append((stem[:-2] + "村", 0.7))
        elif len(stem) >= 2:
            tries.extend((stem + suffix, 0.8) for suffix in ("村", "社区", "镇", "乡", "街道"))
        out: list[tuple[str, float, str]] = []
        for key, factor in tries:
            kid = self._key_ids.get(key)
            if kid is None:
                continue
            for c in self._codes[kid]:
                if any(c.startswith(p) and len(c) > len(p) for p in parents):
                    out.append((c, factor, f"fallback: {stem} read as {key}"))
        return out

    # ----------------------------------------------------------------------------------- building

    def _path_info(self, code: str) -> tuple[tuple[tuple[str, str], ...], str, str, str, str]:
        """(path as (code, name) pairs, path text, name, level, last name in the path text) for a code,
        cached, and built from the parent's: the text as Gazetteer.path_text has it (no 市辖区 buckets, a
        name repeated by its child shown once)."""
        info = self._paths.get(code)
        if info is None:
            if len(self._paths) > 200_000:
                self._paths.clear()
            place = self.gazetteer[code]
            name = place.name
            if place.parent_code is None:
                path: tuple[tuple[str, str], ...] = ((code, name),)
                text, last = ("", "") if place.is_pseudo else (name, name)
            else:
                ppath, text, _, _, last = self._path_info(place.parent_code)
                path = (*ppath, (code, name))
                if not place.is_pseudo and (not last or last != name):
                    text, last = (f"{text} › {name}" if text else name), name
            info = self._paths[code] = (path, text, name, place.level, last)
        return info

    def _path_text(self, code: str) -> str:
        return self._path_info(code)[1]

    def _score(self, entry: _Entry, ctx_sets: Sequence[frozenset[str]], within: str | None) -> float:
        level = self._path_info(entry.code)[3]
        return round(
            entry.coverage * entry.factor * self._support(entry.code, level, entry.chain, ctx_sets, within), 3
        )

    def _make_candidate(self, code: str, score: float, chain: _Chain | None = None) -> Candidate:
        _, path_text, name, level, _ = self._path_info(code)
        return Candidate(code, name, level, path_text, score, self._renamed_note(chain))

    def _renamed_note(self, chain: _Chain | None) -> str:
        """What a chain read through an old name (郧县 → 郧阳区): ``郧县: renamed 郧阳区 in 2014``."""
        if chain is None or not self._renamed:
            return ""
        notes = [self._renamed[(kid, c)] for _, _, kid, c in chain.links if (kid, c) in self._renamed]
        return "; ".join(notes)

    def _support(
        self,
        code: str,
        level: str,
        chain: _Chain | None,
        ctx_sets: Sequence[frozenset[str]],
        within: str | None,
    ) -> float:
        """How much the evidence pins the place down: an abbreviated key costs a little; below county
        level, ancestors named in the string, the context or ``within`` are needed for full marks."""
        factor = 1.0
        deepest = 0
        if chain is not None:
            for _, _, kid, c in chain.links:
                if c == code:
                    var = self._variants[kid]
                    if var is not None and c in var:
                        factor *= 0.9
                elif code.startswith(c):
                    deepest = max(deepest, len(c))
        if level in ("province", "city", "county"):
            return factor
        for ks in ctx_sets:
            for k in ks:
                if len(k) < len(code) and code.startswith(k):
                    deepest = max(deepest, len(k))
        if within and code.startswith(within):
            deepest = max(deepest, len(within))
        if deepest == 4 and code[4:6] == "00":  # 东莞市 › 东莞市 (441900): the city is the county
            deepest = 6
        if deepest >= 6:
            return factor
        if deepest == 4:
            return factor * 0.9
        if deepest == 2:
            return factor * 0.8
        return factor * (0.7 if level == "township" else 0.6)

    def _resolved(
        self,
        query: str,
        cd: Candidate,
        confidence: float,
        entry: _Entry | None,
        note: str,
        cands: Sequence[Candidate],
    ) -> Resolution:
        path = self._path_info(cd.code)[0]
        return Resolution(
            query,
            "resolved",
            code=cd.code,
            name=cd.name,
            level=cd.level,
            path=path,
            path_text=cd.path_text,
            confidence=round(min(1.0, confidence), 3),
            candidates=tuple(cands[: self.max_candidates]),
            n_candidates=len(cands),
            matched=entry.matched if entry else (),
            unmatched=entry.unmatched if entry else "",
            zones=entry.zones if entry else (),
            note=note,
        )

    def _resolve_code(self, query: str, code: str, within: str | None) -> Resolution:
        place = self.gazetteer.get(code)
        if place is None:
            return Resolution(query, "not_found", note=f"no division with code {code}")
        cd = Candidate(code, place.name, place.level, self._path_text(code), 1.0)
        if within and not code.startswith(within):
            return Resolution(
                query,
                "ambiguous",
                candidates=(cd,),
                n_candidates=1,
                note=f"code {code} is outside within={within}",
            )
        return self._resolved(query, cd, 1.0, None, "code given", (cd,))

    # ------------------------------------------------------------------------------- suggestions

    def _scope(self, ctx_sets: Sequence[frozenset[str]], within: str | None) -> list[str] | None:
        if within:
            return [within] if within in self.gazetteer else None
        if ctx_sets:
            # the most specific context entry (smallest area)
            best = min(ctx_sets, key=lambda ks: (-max(len(k) for k in ks), len(ks)))
            return sorted(best)
        return None

    def _suggest(self, core: str, scope: Sequence[str] | None, k: int = 8) -> tuple[Candidate, ...]:
        """Names near ``core`` (edit distance over characters and over pinyin, shared characters): from the
        given area first — the ``scope`` places, then their county, then their city — else from the whole
        index."""
        if not core:
            return ()
        if scope:
            out: list[Candidate] = []
            tried: set[str] = set()
            for width in (12, 6, 4):
                area = sorted({c[:width] for c in scope if len(c) >= width} - tried) if width < 12 \
                    else sorted(set(scope))
                area = [a for a in area if a in self.gazetteer and not any(a.startswith(t) for t in tried)]
                if not area:
                    continue
                found = self._suggest_in(core, area, k)
                tried.update(area)
                out.extend(cd for cd in found if cd.code not in {o.code for o in out})
                if len(out) >= k:
                    break
            if out:
                return tuple(out[:k])
        return self._suggest_in(core, None, k)

    def _suggest_in(self, core: str, scope: Sequence[str] | None, k: int) -> tuple[Candidate, ...]:
        scored: dict[str, float] = {}
        if scope:
            budget = 60_000
            places = [p for root in scope for p in itertools.islice(self.gazetteer.descendants(root), budget)]
            keys = norm_keys([p.name for p in places])
            for place, key in zip(places, keys, strict=True):
                sim = _similarity(core, _core(key, []))
                if sim >= 0.34 and sim > scored.get(place.code, 0.0):
                    scored[place.code] = sim
            if len(places) < budget or scored:
                return self._top_suggestions(core, scored, k)
        index = self._chars()
        hits: Counter[int] = Counter()
        for ch in set(core):
            if ch not in _SUFFIX_CHARS:
                hits.update(index.get(ch, ()))
        # the 400 keys sharing the most characters, ties by key id: Counter.most_common would break them by
        # insertion order, which follows set(core) and so the process's string hash seed
        for kid, _ in heapq.nsmallest(400, hits.items(), key=lambda t: (-t[1], t[0])):
            sim = _similarity(core, _core(self._keys[kid], []))
            if sim < 0.34:
                continue
            for code in self._codes[kid][:3]:
                if scope and not any(code.startswith(s) for s in scope):
                    continue
                if sim > scored.get(code, 0.0):
                    scored[code] = sim
        return self._top_suggestions(core, scored, k)

    def _top_suggestions(self, core: str, scored: dict[str, float], k: int) -> tuple[Candidate, ...]:
        pool = sorted(scored.items(), key=lambda t: (-t[1], len(t[0]), t[0]))[: k * 4]
        # same sound (东圆 / 东园) ranks first among equals
        target = _pinyin(core)
        rescored = []
        for code, sim in pool:
            name_core = _core(norm_key(self.gazetteer[code].name), [])
            sound = Levenshtein.normalized_similarity(target, _pinyin(name_core)) if target else 0.0
            rescored.append((max(sim, 0.95 * sound) + 0.01 * sound, code))
        rescored.sort(key=lambda t: (-t[0], len(t[1]), t[1]))
        out = []
        for sim, code in rescored[:k]:
            place = self.gazetteer[code]
            out.append(
                Candidate(code, place.name, place.level, self._path_text(code), round(min(1.0, sim), 3))
            )
        return tuple(out)

    def _chars(self) -> dict[str, list[int]]:
        if self._char_index is None:
            index: dict[str, list[int]] = {}
            for kid, key in enumerate(self._keys):
                for ch in set(key):
                    if ch not in _SUFFIX_CHARS:
                        index.setdefault(ch, []).append(kid)
            self._char_index = index
        return self._char_index


# ------------------------------------------------------------------------------------------- helpers


def _merge_suggestions(first: Sequence[Candidate], then: Sequence[Candidate], k: int) -> tuple[Candidate, ...]:
    out: list[Candidate] = []
    seen: set[str] = set()
    for cd in (*first, *then):
        if cd.code not in seen:
            seen.add(cd.code)
            out.append(cd)
    return tuple(out[:k])


def _nests(a: str, b: str) -> bool:
    return a.startswith(b) or b.startswith(a)


def _without_zones(text: str, zones: Sequence[tuple[int, int]], start: int, end: int) -> str:
    if not zones:
        return text[start:end]
    return "".join(
        ch for i, ch in enumerate(text[start:end], start) if not any(zs <= i < ze for zs, ze in zones)
    )


def _extend_zones(
    zones: Sequence[tuple[int, int]], links: Sequence[tuple[int, int, int, str]]
) -> list[tuple[int, int]]:
    """Zone spans grown leftwards over the uncovered name they are called after (XX工业园: the XX),
    back to the end of the previous chosen name or zone."""
    out: list[tuple[int, int]] = []
    if links:  # a zone word inside a chosen name is part of that name (苏州工业园区 is a county)
        zones = [(zs, ze) for zs, ze in zones if not any(s < ze and zs < e for s, e, _, _ in links)]
    for zs, ze in zones:
        floor = out[-1][1] if out else 0
        for _, e, _, _ in links:
            if e <= zs:
                floor = max(floor, e)
        out.append((min(zs, floor), ze))
    return out


def _zone_text(text: str, s: int, e: int, links: Sequence[tuple[int, int, int, str]]) -> str:
    """The zone word with the name it is called after: 娄底经济开发区."""
    for ls, le, _, _ in links:
        if le == s:
            return text[ls:e]
    return text[s:e]


def _uncovered(
    text: str, spans: Sequence[tuple[int, int]], links: Sequence[tuple[int, int, int, str]]
) -> str:
    parts: list[str] = []
    pos = 0
    for s, e, _, _ in links:
        if s > pos:
            parts.append(_without_zones(text, spans, pos, s))
        pos = max(pos, e)
    parts.append(_without_zones(text, spans, pos, len(text)))
    return "".join(parts)


def _core(text: str, zones: Sequence[tuple[int, int]]) -> str:
    """Text for similarity: zones removed, a trailing level word dropped (东圆村 → 东圆)."""
    t = _without_zones(text, zones, 0, len(text))
    for suffix in ("社区", "街道", "村", "镇", "乡", "县", "市", "区"):
        if t.endswith(suffix) and len(t) > len(suffix) + 1:
            return t[: -len(suffix)]
    return t


def _pinyin(text: str) -> list[str]:
    from tongxin.textnorm import common_pinyin

    return common_pinyin(text)


def _similarity(a: str, b: str) -> float:
    if not a or not b:
        return 0.0
    lev = Levenshtein.normalized_similarity(a, b)
    shared = len(set(a) & set(b)) / len(set(a) | set(b))
    return max(lev, 0.8 * shared)


# ------------------------------------------------------------------------------------------ display


def format_resolution(res: Resolution, *, max_items: int = 10) -> str:
    """Human-readable text for a resolution (one line, then candidates or suggestions)."""
    lines: list[str] = []
    if res.status == "resolved":
        lines.append(
            f"resolved   {res.query}  →  {res.code}  {res.path_text}  ({res.level}, confidence {res.confidence:.2f})"
        )
    elif res.status == "ambiguous":
        lines.append(
            f"ambiguous  {res.query}  →  {res.n_candidates} candidate(s) (confidence {res.confidence:.2f})"
        )
        for i, cd in enumerate(res.candidates[:max_items], 1):
            lines.append(f"  {i:>2}. {cd.code}  {cd.path_text}  ({cd.level}, score {cd.score:.2f})"
                         + (f"  [{cd.note}]" if cd.note else ""))
        if res.n_candidates > max_items:
            lines.append(f"      … {res.n_candidates - max_items} more")
    else:
        lines.append(f"not found  {res.query}")
        if res.partial is not None:
            lines.append(f"  partial: {res.partial.code}  {res.partial.path_text}  ({res.partial.level})")
    if res.suggestions:
        lines.append("  did you mean:")
        for cd in res.suggestions[:max_items]:
            lines.append(f"    {cd.code}  {cd.path_text}  ({cd.level}, similarity {cd.score:.2f})")
    if res.zones:
        lines.append(f"  zones (not divisions): {', '.join(res.zones)}")
    if res.unmatched and res.status != "not_found":
        lines.append(f"  unmatched text: {res.unmatched}")
    if res.note:
        lines.append(f"  note: {res.note}")
    return "\n".join(lines)
