"""Small, pure text normalisation helpers for Chinese report text.

* :func:`to_simplified` — traditional → simplified via OpenCC ``t2s`` (converter cached).
* :func:`strip_pinyin_glosses` — ``統(tǒng)戰(zhàn)`` → ``統戰``; :func:`find_glosses` — where the glosses are
  (extraction keeps offsets into the original text).
* :func:`fold_whitespace` — collapse runs of (including full-width / zero-width) whitespace.
* :func:`normalize` — all of the above plus NFKC, in the order that works (glosses first).

Keep the original text for evidence; use these only for matching.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from typing import Any

__all__ = ["find_glosses", "fold_whitespace", "normalize", "strip_pinyin_glosses", "to_simplified"]

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


def to_simplified(text: str) -> str:
    """Convert traditional Chinese to simplified (OpenCC ``t2s``). Pure ASCII is returned unchanged."""
    if not text or text.isascii():
        return text
    return str(_converter().convert(text))


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
