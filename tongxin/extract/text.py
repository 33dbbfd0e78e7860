"""The analysed report: clean text, jieba tokens, sentences, clauses and quotes."""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from tongxin.extract.clean import CJK, CleanText

__all__ = ["Doc", "Quote", "Token", "segmenter", "spans_of", "tokenize"]

_SENT_END = "。!?！？;；\n"
_CLAUSE_END = _SENT_END + ",，:：、"


def spans_of(text: str, word: str) -> Iterator[tuple[int, int]]:
    """Where ``word`` stands in ``text``, left to right and not overlapping (as ``re.finditer`` of the
    escaped word finds it), by plain string search: a compiled pattern per name would crowd the ``re``
    module's cache of 512 patterns and have the extractor's own patterns compiled again and again."""
    if not word:
        return
    i = text.find(word)
    while i >= 0:
        yield i, i + len(word)
        i = text.find(word, i + len(word))


@cache
def segmenter() -> Any:
    """The word segmenter: jieba's dictionary and algorithm (prefix DAG, best route, HMM for unknown words)
    as jieba_fast_dat runs them in C++, several times faster than jieba's Python, with this field's words
    added; logging silenced. jieba itself stays for its dictionary file and its part-of-speech table."""
    import logging

    import jieba
    import jieba_fast_dat

    jieba_fast_dat.setLogLevel(logging.WARNING)
    jieba_fast_dat.set_dictionary(str(Path(jieba.__file__).with_name("dict.txt")))
    jieba_fast_dat.initialize()
    for word in _EXTRA_WORDS:
        jieba_fast_dat.add_word(word, 2000, "n")
    return jieba_fast_dat


# 九三学社's branch word: without it jieba cuts 四支社胡军华 as 四支|社胡军华, hiding the branch's end and the
# name after it
_EXTRA_WORDS = ("支社",)
# the characters jieba reads as one block with Chinese ones (its re_han_default), outside Chinese
_ASCII_WORD = re.compile(r"[a-zA-Z0-9+#&._%\-]+")
# how jieba's HMM step cuts such a run into words (its finalseg.re_skip): a number keeps its decimals and %
_ASCII_CUT = re.compile(r"([a-zA-Z0-9]+(?:\.\d+)?%?)")


def tokenize(text: str) -> list[tuple[str, int, int]]:
    """The words of ``text`` with their spans, as ``jieba.tokenize`` gives them (HMM on). jieba_fast_dat
    cuts a number with decimals or a percent sign into pieces (4|.|6, 20|%) where jieba keeps it whole:
    runs of such pieces (no word of the dictionary among them) are cut again as jieba cuts them. Where
    the two still differ: unknown words among mojibake, and a tie between two routes through a repeated
    character (久久久: 久|久久 here, 久久|久 in jieba) — 12 of the 427 reports of the corpora, whose drafts are
    nonetheless the same (docs/benchmarks.md)."""
    seg = segmenter()
    out: list[tuple[str, int, int]] = []
    run_start = run_end = -1
    for word, start, end in seg.tokenize(text):
        if _ASCII_WORD.fullmatch(word) and not seg.get_FREQ(word):  # (AT&T, 3D: words of the dictionary)
            if start == run_end:
                run_end = end
                continue
            _flush_run(text, run_start, run_end, out)
            run_start, run_end = start, end
            continue
        _flush_run(text, run_start, run_end, out)
        run_start = run_end = -1
        out.append((word, start, end))
    _flush_run(text, run_start, run_end, out)
    return out


def _flush_run(text: str, start: int, end: int, out: list[tuple[str, int, int]]) -> None:
    pos = start
    for piece in _ASCII_CUT.split(text[start:end]) if start < end else ():
        if piece:
            out.append((piece, pos, pos + len(piece)))
            pos += len(piece)


@cache
def word_tags() -> dict[str, str]:
    """jieba's dictionary part-of-speech tags (word → tag), without running the tagger."""
    import jieba.posseg

    return dict(jieba.posseg.dt.word_tag_tab)


def common_word(word: str) -> bool:
    """A word jieba's dictionary counts often (1,000 times or more) and does not tag as a place name:
    资源, 平安, 和平, 通道 — also a county's short name, but a bare one in a report is the word."""
    freq = segmenter().get_FREQ(word) or 0
    return freq >= 1000 and not word_tags().get(word, "").startswith("ns")


@dataclass(frozen=True)
class Token:
    word: str
    start: int
    end: int


@dataclass(frozen=True)
class Quote:
    start: int  # position of the opening quote mark
    end: int  # position after the closing mark
    inner: str

    @property
    def inner_start(self) -> int:
        return self.start + 1

    @property
    def inner_end(self) -> int:
        return self.end - 1


@dataclass
class Doc:
    clean: CleanText
    tokens: list[Token]
    boundaries: set[int]
    sentences: list[tuple[int, int]]
    quotes: list[Quote]
    book_titles: list[tuple[int, int]]  # 《…》 spans
    _tok_starts: list[int] = field(default_factory=list)
    _sent_starts: list[int] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.clean.text

    @classmethod
    def build(cls, clean: CleanText) -> Doc:
        text = clean.text
        tokens = [Token(w, s, e) for w, s, e in tokenize(text)]
        bounds = {t.start for t in tokens} | {t.end for t in tokens}
        sentences = _split(text, _SENT_END)
        quotes = _quotes(text)
        books = [(m.start(), m.end()) for m in re.finditer(r"《[^《》\n]{1,80}》", text)]
        doc = cls(clean, tokens, bounds, sentences, quotes, books)
        doc._tok_starts = [t.start for t in tokens]
        doc._sent_starts = [s for s, _ in sentences]
        return doc

    # -------------------------------------------------------------------------------- navigation
    def first_token_from(self, pos: int) -> int:
        """The index of the first token starting at or after ``pos``."""
        return bisect.bisect_left(self._tok_starts, pos)

    def token_at(self, pos: int) -> Token | None:
        """The token starting at ``pos``."""
        i = bisect.bisect_left(self._tok_starts, pos)
        if i < len(self.tokens) and self.tokens[i].start == pos:
            return self.tokens[i]
        return None

    def token_ending_at(self, pos: int) -> Token | None:
        i = bisect.bisect_left(self._tok_starts, pos) - 1
        while i >= 0 and self.tokens[i].end > pos:
            i -= 1
        if i >= 0 and self.tokens[i].end == pos:
            return self.tokens[i]
        return None

    def token_containing(self, pos: int) -> Token | None:
        i = bisect.bisect_right(self._tok_starts, pos) - 1
        if i >= 0 and self.tokens[i].start <= pos < self.tokens[i].end:
            return self.tokens[i]
        return None

    def sentence_of(self, pos: int) -> tuple[int, int]:
        i = bisect.bisect_right(self._sent_starts, pos) - 1
        if i < 0:
            return (0, 0)
        return self.sentences[i]

    def clause_of(self, pos: int) -> tuple[int, int]:
        s, e = self.sentence_of(pos)
        text = self.text
        a = pos
        while a > s and text[a - 1] not in _CLAUSE_END:
            a -= 1
        b = pos
        while b < e and text[b] not in _CLAUSE_END:
            b += 1
        return a, b

    def in_book_title(self, s: int, e: int) -> bool:
        return any(a <= s and e <= b for a, b in self.book_titles)

    def quote_around(self, s: int, e: int) -> Quote | None:
        """The innermost quote whose inner text contains [s, e)."""
        best = None
        for q in self.quotes:
            if q.inner_start <= s and e <= q.inner_end and (best is None or q.end - q.start < best.end - best.start):
                best = q
        return best


def _split(text: str, ends: str) -> list[tuple[int, int]]:
    out = []
    start = 0
    for i, ch in enumerate(text):
        if ch in ends:
            if i + 1 > start:
                out.append((start, i + 1))
            start = i + 1
    if start < len(text):
        out.append((start, len(text)))
    return out


_QUOTE_PAIRS = {"“": "”", "‘": "’", "「": "」", "『": "』"}


def _quotes(text: str) -> list[Quote]:
    """Quoted spans, nested ones included (“…‘…’…”). Unbalanced marks are skipped; a quote never
    runs over a line."""
    out: list[Quote] = []
    stack: list[tuple[str, int]] = []
    for i, ch in enumerate(text):
        if ch == "\n":
            stack.clear()
        elif ch in _QUOTE_PAIRS:
            stack.append((ch, i))
        elif ch in _QUOTE_PAIRS.values():
            for j in range(len(stack) - 1, -1, -1):
                if _QUOTE_PAIRS[stack[j][0]] == ch:
                    _, s = stack[j]
                    del stack[j:]
                    out.append(Quote(s, i + 1, text[s + 1 : i]))
                    break
    out.sort(key=lambda q: (q.start, -q.end))
    return out


CJK_RE = re.compile(f"[{CJK}]")
