"""Small, pure text normalisation helpers for Chinese report text.

* :func:`to_simplified` — traditional → simplified via OpenCC ``t2s`` (converter cached);
  :func:`simplified_name` — a name's traditional-only characters simplified, the rest left as written.
* :func:`strip_pinyin_glosses` — ``統(tǒng)戰(zhàn)`` → ``統戰``; :func:`find_glosses` — where the glosses are
  (extraction keeps offsets into the original text).
* :func:`fold_whitespace` — collapse runs of (including full-width / zero-width) whitespace.
* :func:`normalize` — all of the above plus NFKC, in the order that works (glosses first).
* :func:`pinyin_keys` — the toneless pinyin a name is searched by (full readings, initials, syllable
  tails), from pypinyin.
* :func:`legacy_encoding` — which legacy Chinese encoding (GB18030/GBK or Big5) bytes that are not UTF-8
  are in, from charset-normalizer; :func:`decode_chinese` — the text of a Chinese file's bytes.

Keep the original text for evidence; use these only for matching.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import cache, lru_cache
from typing import Any

__all__ = ["ENCODING_NAMES", "UTF16_BOMS", "PinyinKeys", "common_pinyin", "decode_chinese", "find_glosses",
           "fold_whitespace", "in_gb2312", "legacy_encoding", "normalize", "pinyin_keys", "pinyin_query", "simplified_name", "strip_pinyin_glosses", "to_simplified"]

# ---------------------------------------------------------------------------------------------- OpenCC

# The ``opencc`` package on PyPI (OpenCC >= 1.1.6, the official bindings) accepts both ``"t2s"`` and
# ``"t2s.json"``; the older ``opencc-python-reimplemented`` accepts only ``"t2s"``. Try both.
_T2S_CONFIGS = ("t2s", "t2s.json")


@cache
def _converter() -> Any:
    import opencc

    errors: list[str] = []
    for config in _T2S_CONFIGS:
        try:
            return opencc.OpenCC(config)
        except Exception as exc:  # pragma: no cover - depends on the installed opencc flavour
            errors.append(f"{config}: {exc}")
    raise RuntimeError("no OpenCC t2s configuration could be loaded: " + "; ".join(errors))


# Variant forms OpenCC ``t2s`` leaves as they are because they are not traditional characters but
# regional variants: 陜 (a Taiwan/Hong Kong variant of 陝, so 陜西 stays 陜西), and 畬 in the She people's
# name (畬族, written 畲族 in the mainland; 畬 alone is another word, so only before 族). One character
# each way, so offsets are kept.
_VARIANTS = re.compile(r"陜|畬(?=族)")
_VARIANT_OF = {"陜": "陕", "畬": "畲"}


def to_simplified(text: str) -> str:
    """Convert traditional Chinese to simplified (OpenCC ``t2s``), then fold the regional variants OpenCC
    leaves (陜 → 陕, 畬族 → 畲族). Pure ASCII is returned unchanged."""
    if not text or text.isascii():
        return text
    return _VARIANTS.sub(lambda m: _VARIANT_OF[m.group()], str(_converter().convert(text)))


# ------------------------------------------------------------------------------------- pinyin glosses

_CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0002fa1f"
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿĀÁǍÀĒÉĚÈĪÍǏÌŌÓǑÒŪÚǓÙǕǗǙǛŃŇǸḾ"
_COMBINING_TONES = "\u0300\u0301\u0304\u030c"
# A gloss: "(" or "（" directly after a CJK character, latin letters (with tone marks, ü, tone digits,
# apostrophes, spaces or hyphens between syllables), then ")" or "）".
_GLOSS_RE = re.compile(
    rf"(?<=[{_CJK}])[(（]\s*([A-Za-züÜ{_TONED}{_COMBINING_TONES}\u0308'’\- 0-5]{{1,60}}?)\s*[)）]"
)
_SYLLABLE_SPLIT_RE = re.compile(r"[\s'’\-]+")


@cache
def _toneless_syllables() -> frozenset[str]:
    """All toneless pinyin syllables known to pypinyin (``zhong``, ``lu`` …)."""
    from pypinyin.pinyin_dict import pinyin_dict

    out: set[str] = set()
    for readings in pinyin_dict.values():
        for reading in readings.split(","):
            out.add(_detone(reading))
    out.discard("")
    return frozenset(out)


def _detone(s: str) -> str:
    decomposed = unicodedata.normalize("NFD", s.lower())
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).replace("v", "u")


def _is_gloss(content: str) -> bool:
    content = unicodedata.normalize("NFC", content.strip())
    if not content or not any(ch.isalpha() for ch in content):
        return False
    if any(unicodedata.combining(ch) for ch in unicodedata.normalize("NFD", content)):
        return True  # tone marks (or ü): certainly pinyin
    # Toneless: accept only lower-case text made of valid pinyin syllables (``de``, ``tong3``),
    # so acronyms such as ``(UFWD)`` or ``(APP)`` survive.
    if content != content.lower():
        return False
    syllables = [s for s in _SYLLABLE_SPLIT_RE.split(content) if s]
    known = _toneless_syllables()
    return all(_detone(s.rstrip("012345")) in known for s in syllables)


def find_glosses(text: str) -> list[tuple[int, int]]:
    """Spans of the pinyin glosses glued after CJK characters (``(tǒng)`` in ``統(tǒng)``), in order."""
    if "(" not in text and "（" not in text:
        return []
    return [(m.start(), m.end()) for m in _GLOSS_RE.finditer(text) if _is_gloss(m.group(1))]


def strip_pinyin_glosses(text: str) -> str:
    """Remove pinyin glosses glued after CJK characters: ``統(tǒng)戰(zhàn)`` → ``統戰``.

    Both ASCII and full-width parentheses are recognised. A parenthesised group counts as a gloss when it
    follows a CJK character directly and holds tone-marked latin letters, or lower-case toneless pinyin
    syllables (``的(de)``). Other parentheses — ``统战部(UFWD)``, ``(2023)`` — are kept.
    """
    spans = find_glosses(text)
    if not spans:
        return text
    out, pos = [], 0
    for s, e in spans:
        out.append(text[pos:s])
        pos = e
    out.append(text[pos:])
    return "".join(out)


# ------------------------------------------------------------------------------------------ whitespace

_WS_RE = re.compile(r"\s+")
_ZERO_WIDTH_RE = re.compile("[\u200b\u200c\u200d\u2060\ufeff]")


@cache
def in_gb2312(char: str) -> bool:
    """Whether ``char`` is in GB2312, the simplified character set."""
    try:
        char.encode("gb2312")
        return True
    except UnicodeEncodeError:
        return False


@cache
def _traditional_only(char: str) -> str | None:
    """The simplified form of a character written only in traditional texts — outside GB2312 and changed by
    OpenCC — else None."""
    if in_gb2312(char):
        return None
    simple = to_simplified(char)
    return simple if len(simple) == 1 and simple != char else None


def simplified_name(name: str) -> str:
    """``name`` with each traditional-only character in its simplified form (萬企興萬村 → 万企兴万村,
    張明華 → 张明华) and every other character as written. A simplified name stays as it is: OpenCC
    converts phrase by phrase and reads 乾县 (Qian County) as traditional 乾 (dry), giving 干县."""
    try:
        name.encode("gb2312")  # the simplified set whole (most names): nothing to do
        return name
    except UnicodeEncodeError:
        return "".join(_traditional_only(c) or c for c in name)


def program_name(text: str) -> str:
    """The name a program is stored and matched by: compatibility forms folded (NFKC: 党派＋社区 is 党派+社区),
    no surrounding space, in simplified characters (simplified_name: 萬企興萬村 is 万企兴万村) — what every
    loader names a program and its pairings' `program`, and what a query's program parameter is read as."""
    return simplified_name(unicodedata.normalize("NFKC", text).strip())


# ---------------------------------------------------------------------------------------------- encodings
# The encodings a Chinese file that is not UTF-8 is written in: the mainland's GB18030 (GBK and GB2312 are
# subsets of it) and Big5 (Taiwan, Hong Kong; Big5-HKSCS adds Hong Kong's own characters). Their byte ranges
# overlap, so Big5 bytes mostly decode as GBK without an error, into nonsense: which one a text is in is read
# from the text's coherence, not from whether it decodes.
UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
ENCODING_NAMES = {"gb18030": "GB18030/GBK", "big5": "Big5", "big5hkscs": "Big5-HKSCS", "utf-16": "UTF-16",
                  "utf-8-sig": "UTF-8", "utf-8-cut": "UTF-8, cut inside its last character"}


def legacy_encoding(sample: bytes) -> str | None:
    """The codec of ``sample`` — bytes of Chinese text that are not UTF-8, cut at a line's end: GB18030
    whenever charset-normalizer finds it a plausible reading (the mainland's encoding; a short GBK text can
    read as Big5 too), else Big5 (or Big5-HKSCS) when that is; None when none is."""
    from charset_normalizer import from_bytes

    legacy = ("gb18030", "big5", "big5hkscs")
    found = {match.encoding for match in from_bytes(sample, cp_isolation=list(legacy))}
    return next((e for e in legacy if e in found), None)


def decode_chinese(data: bytes) -> tuple[str, str]:
    """(text, codec) of a Chinese text file's bytes — a report the extractor reads and the loader checks
    quotes against: UTF-16 with its BOM, UTF-8 (with or without BOM), else GB18030 or Big5, whichever the
    text reads as (legacy_encoding; GB18030 when it reads as neither); UTF-8 cut inside its last character is
    read without it (codec ``utf-8-cut``). Raises UnicodeDecodeError when it is none of them."""
    if data.startswith(UTF16_BOMS):
        return data.decode("utf-16"), "utf-16"
    try:
        return data.decode("utf-8-sig"), "utf-8-sig"
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data" and exc.end == len(data) and len(data) - exc.start < 4:
            # a file cut inside its last character (a page saved at a byte limit): UTF-8 without that character
            # ("utf-8-cut"), not a legacy encoding it would decode into nonsense
            return data[:exc.start].decode("utf-8-sig"), "utf-8-cut"
        encoding = legacy_encoding(data) or "gb18030"
        return data.decode(encoding), encoding


def fold_whitespace(text: str) -> str:
    """Collapse every run of whitespace (ASCII, full-width ``\\u3000``, NBSP, tabs, newlines) to one
    space and trim both ends; zero-width characters (ZWSP, ZWJ, BOM) are removed."""
    return _WS_RE.sub(" ", _ZERO_WIDTH_RE.sub("", text)).strip()


def normalize(text: str) -> str:
    """Matching form of a text: pinyin glosses stripped, NFKC, simplified characters, whitespace folded."""
    text = strip_pinyin_glosses(text)
    text = unicodedata.normalize("NFKC", text)
    text = to_simplified(text)
    return fold_whitespace(text)


# ---------------------------------------------------------------------------------------------- pinyin
# Search by pinyin (catalogue search.yaml): a node of a kind that has pinyin (graph.writer, loaders.places)
# stores `pinyin` (the common reading of its name), `pinyin_keys` (whole keys: the full reading and the
# initials of its name and aliases, in the common reading and in each other reading pypinyin offers for a
# character — place names such as 单县 shanxian or 六安 lu'an are among them) and `pinyin_tails` (each
# whole reading from its second syllable on, so that `laojiao` finds 泸州老窖: "contains" in the ranking).
MAX_READINGS = 6  # per name: the common reading and at most 5 others (one character read another way each)
MAX_TAILS = 30
_PINYIN_QUERY = re.compile(r"[a-z][a-z0-9]*\Z")
_KEEP = re.compile(r"[^a-z0-9]")


@dataclass(frozen=True)
class PinyinKeys:
    pinyin: str | None  # the common reading of the name, run together
    keys: list[str]  # whole keys: readings and initials, of the name and its aliases
    tails: list[str]  # each reading from its second syllable on


@cache
def _segmenter() -> Any:
    from pypinyin.core import Pinyin

    return Pinyin().seg


@lru_cache(maxsize=200_000)
def _word_readings(word: str) -> tuple[tuple[str, ...], ...]:
    """pypinyin's readings of one word of its segmentation: names share words (有限公司, 建材, 城关), and
    converting the tone marks away is most of pypinyin's time, so words are converted once."""
    from pypinyin import Style, pinyin

    out = []
    for readings in pinyin([word], style=Style.NORMAL, heteronym=True):
        syls = [r for r in (_KEEP.sub("", x.lower()) for x in readings) if r]
        if syls:
            out.append(tuple(dict.fromkeys(syls)))
    return tuple(out)


@lru_cache(maxsize=200_000)
def _word_common(word: str) -> tuple[str, ...]:
    from pypinyin import lazy_pinyin

    return tuple(lazy_pinyin(word))


def common_pinyin(text: str) -> list[str]:
    """pypinyin's ``lazy_pinyin(text)`` (the common reading of each Han character, other runs as written),
    computed word by word of its segmentation through a cache: the same list, in a fraction of the time
    when names share words (slugs, the resolver's sound-alike suggestions)."""
    return [syl for word in _segmenter()(text) for syl in _word_common(word)]


def _syllables(text: str) -> list[tuple[str, ...]]:
    """Per syllable (a Han character, or a run of other characters), its readings: the common one first
    (pypinyin's phrase dictionary, then its most common reading of the character), then the others."""
    return [syl for word in _segmenter()(text) for syl in _word_readings(word)]


def _readings(text: str) -> list[list[str]]:
    """The common reading of `text` as syllables, then readings with one character read another way."""
    syls = _syllables(to_simplified(unicodedata.normalize("NFKC", text)))
    if not syls:
        return []
    common = [s[0] for s in syls]
    out = [common]
    for i, s in enumerate(syls):
        for other in s[1:]:
            if len(out) >= MAX_READINGS:
                return out
            out.append([*common[:i], other, *common[i + 1:]])
    return out


def pinyin_keys(name: str, aliases: list[str] | tuple[str, ...] = ()) -> PinyinKeys:
    """The pinyin a node named `name` (with `aliases`) is found by (see above)."""
    keys: dict[str, None] = {}
    tails: dict[str, None] = {}
    first: str | None = None
    for i, text in enumerate([name, *aliases]):
        readings = _readings(text)
        for reading in readings:
            whole = "".join(reading)
            if i == 0 and first is None:
                first = whole
            keys[whole] = None
            if len(reading) > 1:
                keys["".join(s[0] for s in reading)] = None
            if reading is readings[0]:  # the common reading's tails of two syllables or more
                for k in range(1, len(reading) - 1):
                    tails["".join(reading[k:])] = None
    tail_list = [t for t in tails if t not in keys][:MAX_TAILS]
    return PinyinKeys(first, list(keys), tail_list)


def pinyin_query(text: str) -> str | None:
    """A search text as pinyin (lower case, no spaces or apostrophes), or None when it is not pinyin."""
    q = re.sub(r"[\s'’]", "", text).lower()
    return q if _PINYIN_QUERY.match(q) else None
