"""The draft record: a case record (docs/case-records.md) plus review-only fields.

A draft carries, on entities, relations and claims, the optional fields

* ``confidence`` — 0–1, how sure the rule that produced the item is;
* ``review`` — ``true`` when a person should look at the item before loading (ambiguous place,
  guessed anaphora, uncertain role…); ``review_note`` says why;
* ``mentions`` — ``{text, start, end}`` for every place the item is stated, as character offsets into
  the *original* report text (``original[start:end] == text``); for relations and claims, the
  evidence sentence.

:func:`to_case_record` drops exactly those fields; what remains is a case record.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

__all__ = [
    "DRAFT_ONLY_FIELDS",
    "DraftClaim",
    "DraftEntity",
    "DraftRecord",
    "DraftRelation",
    "Mention",
    "to_case_record",
    "write_yaml",
]

DRAFT_ONLY_FIELDS = ("confidence", "review", "review_note", "mentions")


@dataclass(frozen=True, order=True)
class Mention:
    start: int
    end: int
    text: str

    def to_dict(self) -> dict[str, Any]:
        return {"text": self.text, "start": self.start, "end": self.end}


@dataclass
class DraftEntity:
    ref: str
    kind: str
    name: str
    aliases: list[str] = field(default_factory=list)
    place: str | None = None
    code: str | None = None
    context: list[str] = field(default_factory=list)
    note: str | None = None
    confidence: float = 1.0
    review: bool = False
    review_note: str | None = None
    mentions: list[Mention] = field(default_factory=list)

    @property
    def first(self) -> int:
        return min((m.start for m in self.mentions), default=1 << 30)

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"ref": self.ref, "kind": self.kind, "name": self.name}
        aliases = [a for a in self.aliases if a != self.name]
        if aliases:
            d["aliases"] = aliases
        for key in ("place", "code", "note"):
            if getattr(self, key):
                d[key] = getattr(self, key)
        if self.context:
            d["context"] = list(self.context)
        d["confidence"] = round(self.confidence, 2)
        if self.review:
            d["review"] = True
            if self.review_note:
                d["review_note"] = self.review_note
        d["mentions"] = [m.to_dict() for m in sorted(set(self.mentions))]
        return d


@dataclass
class DraftRelation:
    type: str
    from_: str
    to: str
    evidence: str
    props: dict[str, Any] = field(default_factory=dict)
    confidence: float = 0.8
    review: bool = False
    review_note: str | None = None
    mentions: list[Mention] = field(default_factory=list)

    @property
    def key(self) -> tuple[str, str, str, str]:
        return (self.type, self.from_, self.to, str(sorted(self.props.items())))

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"type": self.type, "from": self.from_, "to": self.to}
        d.update(self.props)
        d["evidence"] = self.evidence
        d["confidence"] = round(self.confidence, 2)
        if self.review:
            d["review"] = True
            if self.review_note:
                d["review_note"] = self.review_note
        d["mentions"] = [m.to_dict() for m in self.mentions]
        return d


@dataclass
class DraftClaim:
    """A count (``count`` of the ``subject`` kind) or an amount (``amount`` in yuan), with ``as_written`` the
    figure as the report writes it where that is not the bare number (6.6万元, 1.2万人) — docs/case-records.md."""

    ref: str
    about: str
    subject: str | None
    count: int | None
    statement: str
    evidence: str
    program: str | None = None
    relation: str | None = None
    total: int | None = None
    as_of: str | None = None
    confidence: float = 0.7
    review: bool = False
    review_note: str | None = None
    mentions: list[Mention] = field(default_factory=list)
    amount: int | None = None
    as_written: str | None = None
    what: str | None = None

    @property
    def figure(self) -> str:
        """The figure as a person reads it: 12, 1.2万人 or 6.6万元."""
        return self.as_written or str(self.amount if self.amount is not None else self.count)

    def to_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"ref": self.ref, "about": self.about}
        if self.program:
            d["program"] = self.program
        if self.subject:
            d["subject"] = self.subject
        if self.relation:
            d["relation"] = self.relation
        if self.what:
            d["what"] = self.what
        if self.amount is not None:
            d["amount"] = self.amount
        else:
            d["count"] = self.count
        if self.as_written:
            d["as_written"] = self.as_written
        if self.total is not None:
            d["total"] = self.total
        if self.as_of:
            d["as_of"] = self.as_of
        d["statement"] = self.statement
        d["evidence"] = self.evidence
        d["confidence"] = round(self.confidence, 2)
        if self.review:
            d["review"] = True
            if self.review_note:
                d["review_note"] = self.review_note
        d["mentions"] = [m.to_dict() for m in self.mentions]
        return d


@dataclass
class DraftRecord:
    """What :func:`tongxin.extract.extract_report` returns. ``to_dict()`` is the YAML that is written."""

    source: dict[str, Any]
    context: list[str]
    entities: list[DraftEntity] = field(default_factory=list)
    relations: list[DraftRelation] = field(default_factory=list)
    claims: list[DraftClaim] = field(default_factory=list)
    #: Extraction facts for the reviewer and the CLI (not part of the record): timings, counts, warnings.
    info: dict[str, Any] = field(default_factory=dict)

    def entity(self, ref: str) -> DraftEntity | None:
        return next((e for e in self.entities if e.ref == ref), None)

    def by_name(self, name: str) -> DraftEntity | None:
        return next((e for e in self.entities if e.name == name or name in e.aliases), None)

    def to_dict(self) -> dict[str, Any]:
        return {
            "source": dict(self.source),
            "context": list(self.context),
            "entities": [e.to_dict() for e in self.entities],
            "relations": [r.to_dict() for r in self.relations],
            "claims": [c.to_dict() for c in self.claims],
        }

    def to_case_record(self) -> dict[str, Any]:
        """The record with the review-only fields dropped (what a reviewer's edit ends in)."""
        return to_case_record(self.to_dict())

    def summary(self) -> str:
        """A few lines for the terminal: counts by kind, items to review, warnings."""
        from collections import Counter

        kinds = Counter(e.kind for e in self.entities)
        rels = Counter(r.type for r in self.relations)
        review = (
            sum(e.review for e in self.entities)
            + sum(r.review for r in self.relations)
            + sum(c.review for c in self.claims)
        )
        lines = [
            f"{self.source.get('file') or self.source.get('id')}: {self.source.get('title')}",
            f"  source: {self.source.get('publisher') or '?'}, {self.source.get('date') or 'no date'}, "
            f"author {self.source.get('author') or '?'}; context {' › '.join(self.context) or '-'}",
            f"  entities {len(self.entities)}: " + ", ".join(f"{k} {n}" for k, n in sorted(kinds.items())),
            f"  relations {len(self.relations)}: " + ", ".join(f"{k} {n}" for k, n in sorted(rels.items())),
            f"  claims {len(self.claims)}; {review} item(s) marked review: true",
        ]
        held = held_places(self)
        if held:
            lines.append(f"  {len(held)} place(s) without a code held back as comments: "
                         + ", ".join(e.name for e in self.entities if e.ref in held))
        timing = self.info.get("timing")
        if timing:
            lines.append("  time: " + ", ".join(f"{k} {v:.3f}s" for k, v in timing.items()))
        for w in self.info.get("warnings", []):
            lines.append(f"  warning: {w}")
        return "\n".join(lines)


def to_case_record(draft: dict[str, Any]) -> dict[str, Any]:
    """Drop the review-only fields (:data:`DRAFT_ONLY_FIELDS`) from a draft given as data."""
    out: dict[str, Any] = {}
    for key, value in draft.items():
        if key in ("entities", "relations", "claims"):
            out[key] = [{k: v for k, v in item.items() if k not in DRAFT_ONLY_FIELDS} for item in value]
        else:
            out[key] = value
    return out


class _Dumper(yaml.SafeDumper):
    pass


def _str_presenter(dumper: yaml.SafeDumper, data: str) -> yaml.ScalarNode:
    # Quote digit strings (codes, dates) so YAML does not read them back as numbers or dates.
    if data.isdigit() or (len(data) >= 4 and data[:4].isdigit() and "-" in data):
        return dumper.represent_scalar("tag:yaml.org,2002:str", data, style='"')
    return dumper.represent_scalar("tag:yaml.org,2002:str", data)


_Dumper.add_representer(str, _str_presenter)


def dump_yaml(data: dict[str, Any] | list[Any]) -> str:
    return yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100,
                     default_flow_style=None)


def review_comment(item: DraftEntity | DraftRelation | DraftClaim) -> str | None:
    """The YAML comment written above an item a reviewer must look at (None when there is nothing to
    decide): why, and how sure the rule was."""
    if not item.review:
        return None
    note = (item.review_note or "uncertain").replace("\n", " ")
    return f"REVIEW: {note} (confidence {item.confidence:.2f})"


def draft_yaml(draft: DraftRecord, *, review_fields: bool = False) -> str:
    """The draft as YAML text. By default the bare case record — loadable as written by `tongxin load` —
    with each item that needs review preceded by a ``# REVIEW: …`` comment (and the evidence offsets
    of relations and claims as ``# at …`` comments). Places with no code (:func:`held_places`) and the
    relations and claims on them are written as ``# HELD:`` comments, so the file loads as it is. ``review_fields=True`` keeps the review-only
    fields as data instead (for tools; `tongxin load` refuses them)."""
    header = "# Draft case record written by `tongxin extract` — review before `tongxin load`.\n"
    if review_fields:
        header += "# Check items with `review: true`; drop confidence/review/review_note/mentions when done.\n"
        return header + dump_yaml(draft.to_dict())
    held = held_places(draft)
    n_review = sum(e.review for e in draft.entities) + sum(r.review for r in draft.relations) + sum(
        c.review for c in draft.claims)
    header += (f"# {n_review} item(s) marked `# REVIEW:` below need a decision (keep, fix or delete the item).\n"
               if n_review else "# Nothing is marked for review.\n")
    if held:
        header += (f"# {len(held)} place(s) the division list cannot settle are held back as `# HELD:` comments, with\n"
                   "# the relations and claims that need them: give each a `code:` and uncomment them to load them.\n")
    header += "# The file loads as it is.\n"
    record = draft.to_case_record()
    parts = [header, dump_yaml({"source": record["source"], "context": record["context"]})]
    sections: list[tuple[str, list[DraftEntity | DraftRelation | DraftClaim]]] = [
        ("entities", list(draft.entities)), ("relations", list(draft.relations)), ("claims", list(draft.claims))]
    for key, items in sections:
        data = record[key]
        kept = [not _needs_held(item, held) for item in items]
        parts.append(f"{key}:\n" if any(kept) else f"{key}: []\n")
        for item, d, keep in zip(items, data, kept, strict=True):
            if isinstance(item, DraftEntity) and item.place in held:
                d.pop("place", None)  # a hint only: the entity loads without it
            if not keep:
                parts.append("# HELD: needs a place that has no code yet\n")
            comment = review_comment(item)
            if comment:
                parts.append(f"# {comment}\n")
            if not isinstance(item, DraftEntity) and item.mentions:
                m = item.mentions[0]
                parts.append(f"# evidence at characters {m.start}–{m.end} of the report\n")
            text = dump_yaml([d])
            if not keep:
                text = "".join(f"# {line}\n" for line in text.splitlines())
            parts.append(text)
    return "".join(parts)


def held_places(draft: DraftRecord) -> set[str]:
    """Refs of the places with no division code: the loader would refuse them (ambiguous or not in the
    list), so the written draft holds them back, with what hangs on them, as comments."""
    return {e.ref for e in draft.entities if e.kind == "Place" and not e.code}


def _needs_held(item: DraftEntity | DraftRelation | DraftClaim, held: set[str]) -> bool:
    if isinstance(item, DraftEntity):
        return item.ref in held
    if isinstance(item, DraftRelation):
        return bool({item.from_, item.to} & held)
    return item.about in held


def write_yaml(draft: DraftRecord, path: str | Path, *, review_fields: bool = False) -> Path:
    """Write the draft as YAML (see :func:`draft_yaml`): loadable as written unless ``review_fields``."""
    p = Path(path)
    p.write_text(draft_yaml(draft, review_fields=review_fields), encoding="utf-8")
    return p
