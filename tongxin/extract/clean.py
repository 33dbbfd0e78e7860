"""Cleaning a raw report into matching text, keeping an offset map back into the original.

:func:`clean_report` turns the text of a report file into a :class:`CleanText`:

* **page furniture** is dropped — breadcrumbs (当前位置), share widgets (分享到, —分享—), font-size
  toggles (大字体/小字体), copyright/版权/ICP lines, editor lines (编辑:, 责任编辑, 【编辑:…】), photo
  captions (图为…, …摄), comment/next-article links — after the metadata lines (来源:, 作者:, 记者,
  通讯员, dates) have been parsed into :class:`Metadata`;
* **pinyin glosses** glued after characters are removed: ``統(tǒng)戰(zhàn)`` → ``統戰``;
* a ``?`` standing for a lost middle dot between name parts is repaired: ``同心?青少年`` → ``同心·青少年``;
* a comma doubled by a mirror site before another mark is dropped: ``三里营社区,、富丽社区`` → ``三里营社区、富丽社区``
  (and ``,,`` → ``,``), so a list stays one list;
* characters are folded to their **simplified**, half-width form (OpenCC ``t2s`` plus per-character
  NFKC) for matching.

Every character of :attr:`CleanText.text` remembers the index of the original character it came from,
so a span found in the clean text maps back to the original file (:meth:`CleanText.to_original`).
Dropped lines leave a newline behind, so sentences never run across them.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from tongxin.errors import TongxinError
from tongxin.textnorm import (
    ENCODING_NAMES,
    UTF16_BOMS,
    decode_chinese,
    find_glosses,
    in_gb2312,
    strip_pinyin_glosses,
    to_simplified,
)

__all__ = [
    "CleanText",
    "Metadata",
    "UnreadableReport",
    "decode_report",
    "clean_report",
]

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff"
_CJK_RE = re.compile(f"[{CJK}]")

# ------------------------------------------------------------------------------- bytes to text


class UnreadableReport(TongxinError):
    """A report file that is empty, binary or in no encoding we can read (the message says which)."""


_HTML_HINT = re.compile(r"<(?:html|body|div|p|span|br|table|head|meta|script)\b[^>]*>", re.I)


def _strip_html(text: str) -> str:
    import html

    text = re.sub(r"(?is)<(script|style|head)\b.*?</\1\s*>", "\n", text)
    text = re.sub(r"(?is)<!--.*?-->", "", text)
    text = re.sub(r"(?i)<\s*(?:br|/p|/div|/li|/tr|/h\d|p|div|li|tr|h\d)\b[^>]*>", "\n", text)
    text = re.sub(r"(?s)<[^>]{0,2000}>", "", text)
    text = html.unescape(text).replace("\xa0", " ")
    return re.sub(r"\n[ \t\u3000]*(?:\n[ \t\u3000]*)+", "\n", text).strip("\n")


def decode_report(data: bytes, name: str = "report") -> tuple[str, list[str]]:
    """The text of a report file and warnings about how it was read: UTF-8 (with or without BOM),
    UTF-16 with a BOM, else GB18030 (GBK) or Big5, whichever reads as Chinese (textnorm.legacy_encoding);
    HTML markup stripped to its text. Raises
    :class:`UnreadableReport` for an empty or binary file, or one that decodes in no such encoding."""
    warnings: list[str] = []
    if not data.strip():
        raise UnreadableReport(f"{name}: the file is empty")
    if b"\x00" in data[:4096] and not data.startswith(UTF16_BOMS):
        raise UnreadableReport(f"{name}: binary data (NUL bytes), not a text report")
    try:
        text, encoding = decode_chinese(data)
    except UnicodeDecodeError:
        raise UnreadableReport(f"{name}: neither UTF-8, GBK nor Big5 text (binary?)") from None
    if encoding == "utf-16":
        warnings.append("read as UTF-16")
    elif encoding == "utf-8-cut":
        warnings.append("the file ends inside a character (cut short?): that last incomplete character is left out")
    elif encoding != "utf-8-sig":
        warnings.append(f"not UTF-8: read as {ENCODING_NAMES[encoding]} (evidence offsets refer to the decoded text)")
    controls = sum(1 for ch in text[:4096] if ord(ch) < 32 and ch not in "\n\r\t\f")
    if controls > max(8, len(text[:4096]) // 50):
        raise UnreadableReport(f"{name}: binary data ({controls} control characters), not a text report")
    if len(_HTML_HINT.findall(text[:20000])) >= 2:
        text = _strip_html(text)
        warnings.append("HTML markup stripped (evidence offsets refer to the text without it)")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not _CJK_RE.search(text):
        raise UnreadableReport(f"{name}: no Chinese text found")
    return text, warnings


# ---------------------------------------------------------------- offset-keeping fold


def _fold_chars(chars: str, *, whole: bool = False) -> str:
    """Simplified, half-width form of ``chars`` with exactly one output character per input character.

    OpenCC converts phrase by phrase and can in principle change the length; when it does, the
    characters are converted one by one instead (losing only phrase context). ``whole``: ``chars`` is a
    whole report; when it is written in simplified characters (under 5 % of its Chinese characters change:
    a traditional report changes a quarter or more), a character of the simplified set GB2312 stays as
    written — OpenCC reads 乾 in 中乾立源 or 书香田乾 as the traditional form of 干."""
    simple = to_simplified(chars)
    if len(simple) != len(chars):  # pragma: no cover - t2s is length-preserving for CJK text
        simple = "".join(c2 if len(c2 := to_simplified(c)) == 1 else c for c in chars)
    if whole and simple != chars:
        changed = [i for i, (a, b) in enumerate(zip(chars, simple, strict=True)) if a != b]
        if len(changed) < 0.05 * len(_CJK_RE.findall(chars)):
            kept = list(simple)
            for i in changed:
                if in_gb2312(chars[i]):
                    kept[i] = chars[i]
            simple = "".join(kept)
    return simple.translate(_HALF_WIDTH)


class _HalfWidth(dict[int, str]):
    """A ``str.translate`` table: each character's NFKC form where that is one character (全角 Ａ１ → A1),
    else the character itself; filled on first sight of a character, so a text is folded in C."""

    def __missing__(self, code: int) -> str:
        c = chr(code)
        n = unicodedata.normalize("NFKC", c)
        folded = self[code] = n if len(n) == 1 else c
        return folded


_HALF_WIDTH = _HalfWidth()


# ------------------------------------------------------------------------------------ '?' for '·'

_QUESTION_WORDS = re.compile(r"(?:吗|呢|吧|么|嘛|谁|哪|何|几|是否|能否|可否|怎|什么|多少|难道|为啥|咋)")
_CLAUSE_BREAK = set("，,。;；:：!！?？“”‘’\"'「」『』《》()（）\n 、")


def _repair_dots(text: str) -> dict[int, str]:
    """Positions of ``?`` that stand for a lost middle dot, mapped to ``·``.

    A ``?`` counts as a lost dot when it sits between two CJK characters, the words before it since the
    last punctuation are short (a name part, ≤ 10 characters) and hold no question word."""
    out: dict[int, str] = {}
    for m in re.finditer(r"[?？]", text):
        i = m.start()
        if i == 0 or i + 1 >= len(text):
            continue
        if not (_CJK_RE.match(text[i - 1]) and _CJK_RE.match(text[i + 1])):
            continue
        j = i - 1
        while j >= 0 and text[j] not in _CLAUSE_BREAK:
            j -= 1
        before = text[j + 1 : i]
        if len(before) > 10 or _QUESTION_WORDS.search(to_simplified(before)):
            continue
        out[i] = "·"
    return out


# a comma a mirror site doubled before an enumeration comma or another comma (社区,、富丽社区; 后,,民盟)
_DOUBLED_COMMA = re.compile(r"[,，](?=[、,，])")


# ----------------------------------------------------------------------------------------- metadata


@dataclass
class Metadata:
    """What the report says about itself."""

    title: str | None = None
    publisher: str | None = None
    author: str | None = None
    date: str | None = None
    editor: str | None = None
    bylines: list[tuple[str, str]] = field(default_factory=list)  # (role, name): 记者/通讯员/作者/文/图

    def to_dict(self) -> dict[str, Any]:
        return {
            "title": self.title, "publisher": self.publisher, "author": self.author, "date": self.date,
            "editor": self.editor, "bylines": [list(b) for b in self.bylines],
        }


_DATE_RE = re.compile(r"((?:19|20)\d{2})\s*[-/年.]\s*(\d{1,2})\s*[-/月.]\s*(\d{1,2})\s*日?")
_LABEL = r"(?:来源|作者|编辑|责任编辑|发表时间|发布时间|时间|日期|记者|通讯员|供稿|摄影|图片)"
_SOURCE_RE = re.compile(r"来源\s*[:：]\s*(.+?)(?=\s|$|" + _LABEL + r"\s*[:：]|\d{4}[-/年])")
_AUTHOR_RE = re.compile(r"作者\s*[:：]\s*(.+?)(?=\s|$|" + _LABEL + r"\s*[:：]|\d{4}[-/年])")
_EDITOR_RE = re.compile(r"(?:责任)?编辑\s*[:：]\s*([^\s】\]]+?)(?=\s|$|】|\]|" + _LABEL + r"\s*[:：])")
_NAME = rf"[{CJK}]{{2,4}}"
# 记者 代琳源 / 四川在线记者 秦勇 / 通讯员 屈松 余秀意 / (通讯员  李静) / 文、图/记者 代琳源
_BYLINE_RE = re.compile(rf"(记者|通讯员|作者|撰稿)\s*[:：/]?\s*((?:{_NAME}(?:[\s、,，]+|$|(?=[)）])))+)")


def _parse_date(text: str) -> str | None:
    m = _DATE_RE.search(text)
    if not m:
        return None
    y, mo, d = int(m.group(1)), int(m.group(2)), int(m.group(3))
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return None
    return f"{y:04d}-{mo:02d}-{d:02d}"


def _clean_value(v: str) -> str:
    v = v.strip(" :：,，;；|")
    return re.sub(r"[《》]", "", v)


# ------------------------------------------------------------------------------------ line classes

_FURNITURE_RES = [
    re.compile(r"^当前位置"),
    re.compile(r"^(?:—+\s*)?分享(?:到)?(?:\s*—+)?\s*[:：]?\s*$"),
    re.compile(r"分享到\s*[:：]|一键分享|微信扫一扫|扫一扫.{0,8}分享|即刻分享"),
    re.compile(r"^[大中小]字[体號号]$|^字[体号]\s*[:：]?\s*[大中小]"),
    re.compile(r"版权所有|版权声明|Copyright|All Rights Reserved|©|ICP备|ICP证|公网安备", re.I),
    re.compile(r"未经(?:授权|许可)|不得转载|禁止转载|转载请注明|不代表.{0,20}观点|刊用本网站稿件"),
    re.compile(r"^[【\[]?\s*(?:责任)?编辑\s*[:：]"),
    re.compile(r"^(?:图为|图片为|图片来源|图\s*[:：]|上图|下图|左图|右图)"),
    re.compile(rf"[{CJK}]{{2,4}}\s*摄\s*$|^摄影\s*[:：]"),
    re.compile(r"^(?:发表评论|评论|顶部|返回顶部|打印|关闭|关闭窗口|收藏|阅读下一篇|上一篇|下一篇|编辑推荐|相关阅读|相关新闻)"),
    re.compile(r"^返回.{0,12}首页$"),
    re.compile(r"^文明上网|^网友评论"),
]


def _is_metadata_line(s: str) -> bool:
    """来源/作者/编辑/date lines and bylines (short lines made of labels, names and times)."""
    if len(s) > 100:
        return False
    if re.search(r"(?:来源|作者|发表时间|发布时间)\s*[:：]", s):
        return True
    m = _BYLINE_RE.search(s)
    if m and len(s) <= 40 and len(s) - len(m.group(0)) <= 20 and not re.search(r"[。；;]", s):
        return True
    rest = _DATE_RE.sub("", s)
    rest = re.sub(r"\d{1,2}:\d{2}(?::\d{2})?", "", rest).strip()
    return bool(_DATE_RE.search(s)) and len(rest) <= 4


@dataclass
class CleanText:
    """The matching text of a report and its map back into the original.

    ``text[i]`` came from ``original[offsets[i]]``. ``dropped`` lists the original spans left out, with
    the reason (``furniture``, ``metadata``, ``gloss``)."""

    original: str
    text: str
    offsets: list[int]
    metadata: Metadata
    dropped: list[tuple[int, int, str]] = field(default_factory=list)
    repaired: list[int] = field(default_factory=list)  # original positions of '?' read as '·'

    def to_original(self, start: int, end: int) -> tuple[int, int]:
        """The original span a clean-text span ``[start, end)`` came from."""
        if end <= start:
            o = self.offsets[start] if start < len(self.offsets) else len(self.original)
            return o, o
        return self.offsets[start], self.offsets[end - 1] + 1

    def original_text(self, start: int, end: int) -> str:
        s, e = self.to_original(start, end)
        return self.original[s:e]

    def quote(self, start: int, end: int) -> str:
        """A verbatim quote of the original for a clean-text span: the original characters with pinyin
        glosses left out (the loader accepts those; the characters themselves are the report's own)."""
        s, e = self.to_original(start, end)
        return strip_pinyin_glosses(self.original[s:e]).strip()


def _line_spans(text: str) -> list[tuple[int, int]]:
    out, pos = [], 0
    for line in text.splitlines(keepends=True):
        end = pos + len(line.rstrip("\r\n"))
        out.append((pos, end))
        pos += len(line)
    return out


def clean_report(original: str) -> CleanText:
    """Clean a report's text; see the module docstring."""
    glosses = find_glosses(original)
    gloss_at = {s: e for s, e in glosses}
    dots = _repair_dots(original)
    doubled = {m.start() for m in _DOUBLED_COMMA.finditer(original)}
    dropped: list[tuple[int, int, str]] = [(s, e, "gloss") for s, e in glosses]
    dropped += [(i, i + 1, "punctuation") for i in sorted(doubled)]

    meta = Metadata()
    lines = _line_spans(original)
    # Pass 1: the matching form of each line (without glosses), to classify lines and read metadata.
    keep_line: list[bool] = []
    line_forms: list[str] = []
    for s, e in lines:
        form = _fold_chars(strip_pinyin_glosses(original[s:e])).strip()
        line_forms.append(form)
        if not form:
            keep_line.append(True)
            continue
        if _is_metadata_line(form):
            _read_metadata(form, meta)
            keep_line.append(False)
            dropped.append((s, e, "metadata"))
            continue
        if any(r.search(form) for r in _FURNITURE_RES):
            _read_metadata(form, meta, editor_only=True)
            keep_line.append(False)
            dropped.append((s, e, "furniture"))
            continue
        keep_line.append(True)
    # Bylines inside content lines: "(通讯员  李静)" closes many reports.
    inline: list[tuple[int, int]] = []
    for (s, _e), keep in zip(lines, keep_line, strict=True):
        if not keep:
            continue
        raw = original[s:_e]
        for m in re.finditer(r"[(（]\s*(?:记者|通讯员|作者|撰稿)[^()（）\n]{1,30}[)）]", raw):
            _read_metadata(_fold_chars(m.group(0)), meta)
            inline.append((s + m.start(), s + m.end()))
            dropped.append((s + m.start(), s + m.end(), "metadata"))
        # A caption run on after a sentence: "…路演大赛。图为特等奖获奖者".
        if m2 := re.search(r"(?<=[。!！])\s*(?:图为|图片为).*$", raw):
            inline.append((s + m2.start(), s + m2.end()))
            dropped.append((s + m2.start(), s + m2.end(), "furniture"))

    meta.title = _find_title(line_forms, keep_line)

    # Pass 2: build the clean text with its offset map.
    kept_idx: list[int] = []
    chars: list[str] = []
    inline_at = {s: e for s, e in inline}
    for (s, e), keep in zip(lines, keep_line, strict=True):
        if keep:
            i = s
            while i < e:
                if i in gloss_at:
                    i = gloss_at[i]
                    continue
                if i in inline_at:
                    i = inline_at[i]
                    continue
                if i in doubled:
                    i += 1
                    continue
                chars.append(dots.get(i, original[i]))
                kept_idx.append(i)
                i += 1
        if e < len(original):  # the newline: keep one, pointing at the line break
            chars.append("\n")
            kept_idx.append(e)
    text = _fold_chars("".join(chars), whole=True)
    return CleanText(original, text, kept_idx, meta, sorted(dropped), sorted(dots))


def _read_metadata(form: str, meta: Metadata, *, editor_only: bool = False) -> None:
    if editor_only:
        if meta.editor is None and (m := _EDITOR_RE.search(form)):
            meta.editor = _clean_value(m.group(1)) or None
        return
    if meta.publisher is None and (m := _SOURCE_RE.search(form)):
        meta.publisher = _clean_value(m.group(1)) or None
    if m := _AUTHOR_RE.search(form):
        name = _clean_value(m.group(1))
        if name and ("作者", name) not in meta.bylines:
            meta.bylines.append(("作者", name))
    if meta.editor is None and (m := _EDITOR_RE.search(form)):
        meta.editor = _clean_value(m.group(1)) or None
    for m in _BYLINE_RE.finditer(form):
        role = m.group(1).strip("/")
        role = {"文": "记者", "图": "记者"}.get(role, role)
        for name in re.split(r"[\s、,，]+", m.group(2).strip()):
            if name and (role, name) not in meta.bylines and not any(n == name for _, n in meta.bylines):
                meta.bylines.append((role, name))
    if meta.date is None:
        meta.date = _parse_date(form)
    order = {"作者": 0, "记者": 1, "撰稿": 1, "通讯员": 2}
    names: list[str] = []
    for _, name in sorted(meta.bylines, key=lambda b: order.get(b[0], 3)):
        if name not in names:
            names.append(name)
    meta.author = "、".join(names) if names else None


def _find_title(forms: list[str], keep: list[bool]) -> str | None:
    """The first short heading-like line near the top: 6–60 characters, no sentence-final stop."""
    seen = 0
    for form, k in zip(forms, keep, strict=True):
        if not k or not form:
            continue
        seen += 1
        if seen > 12:
            break
        if 6 <= len(form) <= 60 and not re.search(r"[。；;!！]$", form) and _CJK_RE.search(form):
            return form
    return None
