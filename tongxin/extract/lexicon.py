"""The extractor's domain vocabulary (``lexicon.yaml``), loaded once into typed, sorted structures."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

import yaml

LEXICON_FILE = Path(__file__).resolve().parent / "lexicon.yaml"


def _longest_first(words: list[str]) -> tuple[str, ...]:
    return tuple(sorted(dict.fromkeys(words), key=lambda w: (-len(w), w)))


@dataclass(frozen=True)
class Lexicon:
    programs: dict[str, str]  # spelling → canonical name
    program_heads: tuple[str, ...]
    program_inner_heads: tuple[str, ...]
    program_verbs: tuple[str, ...]
    non_program_heads: tuple[str, ...]
    parties: dict[str, str]  # spelling → canonical short name
    level_bodies: tuple[tuple[str, str], ...]  # (body, kind), longest first
    committee_not_before: tuple[str, ...]
    department_suffixes: tuple[str, ...]
    department_stop_chars: frozenset[str]
    org_suffixes: tuple[tuple[str, str], ...]  # (suffix, kind), longest first
    national_enterprises: tuple[str, ...]  # 国家电网, 中国移动 …: named by brand, longest first
    generic_name_words: tuple[str, ...]
    facility_suffixes: tuple[str, ...]
    program_base_suffixes: tuple[str, ...]
    name_stop_tokens: frozenset[str]
    name_verbs: frozenset[str]
    titles: tuple[str, ...]
    person_cues: tuple[str, ...]
    person_after: tuple[str, ...]
    surnames: frozenset[str]
    compound_surnames: tuple[str, ...]
    name_syllables: tuple[str, ...]  # of Tibetan, Mongolian and Uyghur names written without a surname
    pairing_verbs: tuple[str, ...]
    pairing_verbs_adjacent: tuple[str, ...]
    liaison_verbs: tuple[str, ...]
    runs_verbs: tuple[str, ...]
    participates_verbs: tuple[str, ...]
    donation_verbs: tuple[str, ...]
    investment_verbs: tuple[str, ...]
    designation_verbs: tuple[str, ...]
    site_words: tuple[str, ...]
    levels: dict[str, str]
    count_subjects: tuple[tuple[str, str], ...]  # (noun, kind), longest first
    count_counters: str
    claim_cues: dict[str, tuple[str, ...]]


def _pairs(mapping: dict[str, list[str]]) -> tuple[tuple[str, str], ...]:
    pairs = [(w, kind) for kind, words in mapping.items() for w in words]
    return tuple(sorted(dict.fromkeys(pairs), key=lambda p: (-len(p[0]), p[0])))


@cache
def load_lexicon(path: Path = LEXICON_FILE) -> Lexicon:
    raw: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    programs: dict[str, str] = {}
    for name, variants in raw["programs"].items():
        programs[name] = name
        for v in variants or []:
            programs[v] = name
    parties: dict[str, str] = {}
    for name, variants in raw["democratic_parties"].items():
        parties[name] = name
        for v in variants or []:
            parties[v] = name
    return Lexicon(
        programs=programs,
        program_heads=_longest_first(raw["program_heads"]),
        program_inner_heads=_longest_first(raw["program_inner_heads"]),
        program_verbs=_longest_first(raw["program_verbs"]),
        non_program_heads=_longest_first(raw["non_program_heads"]),
        parties=parties,
        level_bodies=_pairs(raw["level_bodies"]),
        committee_not_before=_longest_first(raw["committee_not_before"]),
        department_suffixes=_longest_first(raw["department_suffixes"]),
        department_stop_chars=frozenset(raw["department_stop_chars"]),
        org_suffixes=_pairs(raw["org_suffixes"]),
        national_enterprises=_longest_first(raw.get("national_enterprises") or []),
        generic_name_words=_longest_first(raw["generic_name_words"]),
        facility_suffixes=_longest_first(raw.get("facility_suffixes") or []),
        program_base_suffixes=_longest_first(raw.get("program_base_suffixes") or []),
        name_stop_tokens=frozenset(raw["name_stop_tokens"]),
        name_verbs=frozenset(raw["name_verbs"]),
        titles=_longest_first(raw["titles"]),
        person_cues=_longest_first(raw["person_cues"]),
        person_after=_longest_first(raw["person_after"]),
        surnames=frozenset(raw["surnames"]),
        compound_surnames=_longest_first(raw["compound_surnames"]),
        name_syllables=_longest_first(raw.get("name_syllables") or []),
        pairing_verbs=_longest_first(raw["pairing_verbs"]),
        pairing_verbs_adjacent=_longest_first(raw.get("pairing_verbs_adjacent") or []),
        liaison_verbs=_longest_first(raw["liaison_verbs"]),
        runs_verbs=_longest_first(raw["runs_verbs"]),
        participates_verbs=_longest_first(raw["participates_verbs"]),
        donation_verbs=_longest_first(raw["donation_verbs"]),
        investment_verbs=_longest_first(raw["investment_verbs"]),
        designation_verbs=_longest_first(raw["designation_verbs"]),
        site_words=_longest_first(raw["site_words"]),
        levels=dict(raw["levels"]),
        count_subjects=_pairs(raw["count_subjects"]),
        count_counters=str(raw["count_counters"]),
        claim_cues={k: _longest_first(v) for k, v in raw["claim_cues"].items()},
    )


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of literal words, longest first (built once per word list)."""
    return _longest_first_alternation(tuple(words))


@cache
def _longest_first_alternation(words: tuple[str, ...]) -> str:
    return literal_words(tuple(sorted(words, key=lambda w: (-len(w), w))))


@cache
def literal_words(words: tuple[str, ...]) -> str:
    """A regex alternation of literal words in the order given, escaped once per word list (the lexicon's
    lists are matched in every report)."""
    return "|".join(re.escape(w) for w in words)
