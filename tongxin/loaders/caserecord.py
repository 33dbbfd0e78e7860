"""Case records: one YAML/JSON file per report, turned into nodes and edges with provenance.

The format is documented in docs/case-records.md; `tongxin schema case-record` prints its JSON Schema,
generated from the models below. Loading is all-or-nothing per file: every problem is collected and
reported as `file:line: field: message`, and nothing is written unless there are none.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any, Literal

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    TypeAdapter,
    ValidationError,
    field_validator,
    model_validator,
)

from tongxin.entities.keys import AliasIndex, alias_index, key_for, match_alias
from tongxin.errors import InvalidData, Problem
from tongxin.graph import dates, placeset
from tongxin.graph.model import (
    Edge,
    Node,
    PropValue,
    strip_invisible,
    validate_edge,
    validate_node,
)
from tongxin.graph.ontology import Ontology, load_ontology
from tongxin.graph.placeset import resolver_for
from tongxin.graph.stores.base import GraphStore
from tongxin.loaders.common import (
    DEFAULT_MIN_CONFIDENCE,
    MAX_NAME_CHARS,
    LoadResult,
    Owner,
    PlaceNodes,
    amount_problem,
    date_problem,
    id_too_long,
    name_agrees,
    parse_amount,
    place_problem,
    plan_write,
    record_origin,
    source_node,
)
from tongxin.loaders.sourcefile import ParsedFile, read_structured
from tongxin.places.gazetteer import Gazetteer
from tongxin.places.resolver import Resolver
from tongxin.settings import Limits
from tongxin.textnorm import decode_chinese, program_name, strip_pinyin_glosses, to_simplified

REF = r"^[a-z0-9][a-z0-9-]*$"
DATE = r"^\d{4}(-\d{2}(-\d{2})?)?$"
REPORTS_DIR = Path(__file__).resolve().parent.parent / "data" / "reports"


class SourceInfo(BaseModel):
    """The report or ledger a record describes."""

    model_config = ConfigDict(extra="forbid")
    id: str = Field(pattern=REF, max_length=100, description="stable slug, unique across records")
    title: str = Field(min_length=1)
    publisher: str | None = None
    author: str | None = None
    date: str | None = Field(None, pattern=DATE, description="YYYY-MM-DD, YYYY-MM or YYYY")
    url: str | None = None
    file: str | None = Field(None, description="the report's file name, for evidence checks")
    kind: Literal["report", "ledger"] = "report"

    @field_validator("date", mode="before")
    @classmethod
    def _date(cls, v: Any) -> Any:
        return v.isoformat() if hasattr(v, "isoformat") else v


class EntitySpec(BaseModel):
    """An entity the report names."""

    model_config = ConfigDict(extra="forbid")
    ref: str = Field(pattern=REF, max_length=100, description="local handle, unique in the file")
    kind: str = Field(description="a node kind of the ontology (Place, Park, Enterprise, Person, Program, …)")
    name: str = Field(min_length=1, max_length=MAX_NAME_CHARS)
    aliases: list[str] = Field(default_factory=list)
    place: str | None = Field(None, description="ref of the Place this entity belongs to (disambiguates it)")
    code: str | None = Field(None, pattern=r"^\d{2}(\d{2}(\d{2}(\d{3}(\d{3})?)?)?)?$",
                             description="division code; wins over the name and must agree with it")
    context: list[str] = Field(default_factory=list, description="extra place names for resolving this place")
    credit_code: str | None = Field(None, pattern=r"^[0-9A-HJ-NPQRTUWXY]{18}$")
    note: str | None = None

    @field_validator("name", mode="after")
    @classmethod
    def _visible_name(cls, v: str) -> str:  # zero-width and bidi controls: a name is what it looks like
        return strip_invisible(v).strip() or v

    @field_validator("aliases", mode="after")
    @classmethod
    def _visible_aliases(cls, v: list[str]) -> list[str]:
        return [strip_invisible(a).strip() or a for a in v]


class RelationSpec(BaseModel):
    """A relation between two entities, with its evidence. Other keys are edge properties."""

    model_config = ConfigDict(extra="allow", populate_by_name=True)
    type: str
    from_: str = Field(alias="from", pattern=REF)
    to: str = Field(pattern=REF)
    evidence: str = Field(min_length=1, description="verbatim quote from the report")


AMOUNT_RELATIONS = ("DONATES_TO", "INVESTS_IN", "PAIRED_WITH")  # the edges a claimed sum of money is given by


class ClaimSpec(BaseModel):
    """A figure the report states about a place (and program): either a count — how many nodes of the
    `subject` kind (joined by `relation` to a `target` kind) — or an amount — how much money (`amount`, in
    yuan; `as_written` as the report writes it) was given by `relation` (DONATES_TO, INVESTS_IN or
    PAIRED_WITH), by nodes of the `subject` kind if one is given. A figure of something the graph holds no
    facts of (139户贫困户, 600余册图书, 村集体经济增收94.4万元) says `what` it is in the report's words instead
    of a `subject` (a count) or a `relation` (an amount): it loads, and nothing is counted for it."""

    model_config = ConfigDict(extra="forbid")
    ref: str = Field(pattern=REF, max_length=100)
    about: str = Field(pattern=REF, description="ref of the Place the claim is about")
    program: str | None = Field(None, pattern=REF)
    subject: str | None = Field(None, description="the node kind counted (Village, Enterprise, Site, Person, …); "
                                "required for a count, optional for an amount (the kind that gives it)")
    relation: str | None = Field(None, description="the edge type that makes a subject count (PAIRED_WITH, "
                                 "SITE_OF, LIAISON_FOR, …; none: any edge under `program`), or that gives an "
                                 "amount (DONATES_TO, INVESTS_IN, PAIRED_WITH: required)")
    target: str | None = Field(None, description="the node kind at the edge's other end (e.g. Village, for "
                               "enterprises paired with villages)")
    what: str | None = Field(None, min_length=1, max_length=40, description="what the figure is of, in the "
                             "report's words (贫困户, 图书, 增收): a figure the graph's facts cannot count")
    count: int | None = Field(None, ge=0, description="how many (a count claim)")
    total: int | None = Field(None, ge=0, description="out of how many (a count claim only)")
    amount: int | None = Field(None, ge=0, le=10**12, description="how much money, in yuan (an amount claim)")
    as_written: str | None = Field(None, min_length=1, description="the figure as the report writes it where "
                                   "that is not the bare number, e.g. 6.6万元, 1.2万人; must come to `amount` "
                                   "(required for an amount) or `count`")
    as_of: str | None = Field(None, pattern=DATE, description="the date the figure holds on; default: the "
                              "source's date")
    statement: str = Field(min_length=1)
    evidence: str = Field(min_length=1)

    @field_validator("as_of", mode="before")
    @classmethod
    def _date(cls, v: Any) -> Any:
        return v.isoformat() if hasattr(v, "isoformat") else (str(v) if isinstance(v, int) else v)

    @model_validator(mode="after")
    def _count_or_amount(self) -> ClaimSpec:
        if (self.count is None) == (self.amount is None):
            raise ValueError("a claim gives either `count` (how many of `subject`) or `amount` (yuan, with "
                             "`as_written`), " + ("not both" if self.count is not None else "and gives neither"))
        if self.count is not None:
            if self.subject is None and self.what is None:
                raise ValueError("a count claim needs `subject`: the node kind it counts (or `what`: what it "
                                 "counts in the report's words, for a figure the graph cannot count)")
            if self.as_written is not None and parse_amount(self.as_written) != self.count:
                raise ValueError(f"`as_written` {self.as_written!r} does not come to `count` {self.count}: a count "
                                 "is written with it only in 万 or 亿 (1.2万人)")
            return self
        if self.total is not None:
            raise ValueError("`total` belongs to a count claim, not to an amount")
        if self.relation not in AMOUNT_RELATIONS and not (self.relation is None and self.what is not None):
            raise ValueError(f"an amount claim needs `relation`: one of {', '.join(AMOUNT_RELATIONS)} "
                             f"(the edges whose `amount` it sums), not {self.relation!r} — or, with no relation, "
                             "`what` the sum is in the report's words (增收, 工资), for a sum the graph cannot add up")
        if self.as_written is None:
            raise ValueError("an amount claim needs `as_written`: the sum as the report writes it (6.6万元)")
        yuan = parse_amount(self.as_written)
        if yuan is None:
            raise ValueError(f"`as_written` {self.as_written!r} is not a sum of money (e.g. 6.6万元, 2.8亿元, 3000元)")
        if yuan != self.amount:
            raise ValueError(f"`amount` {self.amount} does not agree with `as_written` {self.as_written!r} "
                             f"({yuan} yuan)")
        return self


class CaseRecord(BaseModel):
    """One report as data."""

    model_config = ConfigDict(extra="forbid")
    source: SourceInfo
    context: list[str] = Field(default_factory=list, description="place names that disambiguate all places")
    entities: list[EntitySpec] = Field(default_factory=list)
    relations: list[RelationSpec] = Field(default_factory=list)
    claims: list[ClaimSpec] = Field(default_factory=list)


def case_record_schema() -> dict[str, Any]:
    return CaseRecord.model_json_schema(by_alias=True)


_WS = re.compile(r"\s+")
_NOT_ENTITIES = ("Place", "Source", "Claim", "Text")  # bases a record's entity cannot be (Park aside)
_AMOUNT_KEYS = frozenset({"amount", "investment"})  # money (yuan) on edges
_DATE_KEYS = frozenset({"since", "until", "date", "as_of"})


@dataclass(frozen=True)
class ReportText:
    """A report's text, as read from its file: what every evidence quote of a record is checked against,
    stored with the record's Source as a content-addressed Text node (id text:<sha256 of the bytes>)."""

    file: str  # the file name, as the record's source.file gives it
    text: str
    sha256: str

    @property
    def node_id(self) -> str:
        return f"text:{self.sha256}"

    @classmethod
    def read(cls, path: Path, name: str | None = None) -> ReportText:
        raw = path.read_bytes()
        return cls(name or path.name, decode_chinese(raw)[0], hashlib.sha256(raw).hexdigest())


@cache
def _normalised(text: str) -> tuple[str, str]:
    return _WS.sub("", text), to_simplified(_WS.sub("", strip_pinyin_glosses(text)))


def _evidence_found(quote: str, report: ReportText) -> bool:
    raw, simple = _normalised(report.text)
    q = _WS.sub("", quote)
    return q in raw or to_simplified(_WS.sub("", strip_pinyin_glosses(quote))) in simple


def _find_report(record: CaseRecord, path: Path, reports_dirs: list[Path]) -> Path | None:
    if not record.source.file:
        return None
    name = Path(record.source.file).name  # a name, never a path out of the directories searched
    if name != record.source.file or name in ("", ".", ".."):
        return None
    for d in [path.parent, *reports_dirs, REPORTS_DIR]:
        candidate = d / name
        if candidate.is_file():
            return candidate
    return None


class _Builder:
    def __init__(self, pf: ParsedFile, record: CaseRecord, resolver: Resolver, ontology: Ontology,
                 min_confidence: float = DEFAULT_MIN_CONFIDENCE, any_date: bool = False,
                 known_names: AliasIndex | None = None):
        self.pf, self.rec, self.resolver, self.onto = pf, record, resolver, ontology
        self.known_names = known_names or {}
        self.min_confidence = min_confidence
        self.any_date = any_date
        self.problems: list[Problem] = []
        self.source_id = f"source:{record.source.id}"
        self.places = PlaceNodes(resolver.gazetteer)
        self.nodes: dict[str, Node] = {}
        self.edges: list[Edge] = []
        self.ref_ids: dict[str, str] = {}
        self.ref_kinds: dict[str, str] = {}
        self.ref_names: dict[str, str] = {}

    def fail(self, loc: tuple[str | int, ...], message: str, candidates: tuple[str, ...] = ()) -> None:
        self.problems.append(self.pf.problem(loc, message, candidates))

    # --- entities ---------------------------------------------------------------------------------
    def resolve_place(self, i: int, ent: EntitySpec) -> str | None:
        loc = ("entities", i)
        gaz = self.resolver.gazetteer
        context = [*self.rec.context, *ent.context]
        if ent.code:
            place = gaz.get(ent.code)
            if place is None:
                self.fail((*loc, "code"), f"{ent.code} is not an official division code")
                return None
            res = self.resolver.resolve(ent.name, context=context)
            if res.status == "resolved" and res.code != ent.code and not name_agrees(ent.name, place):
                self.fail((*loc, "code"), f"code {ent.code} is {place.name}, but the name resolves to "
                          f"{res.code} {res.name}")
                return None
            if res.status != "resolved" and not name_agrees(ent.name, place):
                self.fail((*loc, "code"), f"code {ent.code} is {place.name}, which does not match {ent.name!r}")
                return None
            return ent.code
        res = self.resolver.resolve(ent.name, context=context)
        problem = place_problem(res, ent.name, self.min_confidence)
        if problem is None and res.code:
            return res.code
        message, cands = problem or (f"place {ent.name!r} resolves to nothing", ())
        self.fail((*loc, "name"), message.replace("add the county and township, or give the code",
                                                  "give `code` or more context"), cands)
        return None

    def add_entities(self) -> None:
        seen: dict[str, int] = {}
        # places first: organisations refer to them
        order = sorted(range(len(self.rec.entities)), key=lambda i: self.rec.entities[i].kind != "Place")
        for i in order:
            ent = self.rec.entities[i]
            loc = ("entities", i)
            if ent.ref in seen:
                self.fail((*loc, "ref"), f"duplicate ref {ent.ref!r} (first at entities[{seen[ent.ref]}])")
                continue
            seen[ent.ref] = i
            if ent.kind == "Place":
                code = self.resolve_place(i, ent)
                if code is None:
                    continue
                nid = self.places.add(code, self.source_id, alias=ent.name)
                for alias in ent.aliases:
                    self.places.add(code, self.source_id, alias=alias)
                self.ref_ids[ent.ref], self.ref_kinds[ent.ref] = nid, self.places.nodes[nid].kind
                self.ref_names[ent.ref] = self.places.nodes[nid].name
                continue
            if (ent.kind not in self.onto.kinds or ent.kind in self.onto.kinds_of_base("Place") and ent.kind != "Park"
                    or self.onto.kinds[ent.kind].base in _NOT_ENTITIES[1:]):
                allowed = ", ".join(["Place", "Park", *sorted(
                    k for k, v in self.onto.kinds.items() if v.base not in _NOT_ENTITIES)])
                self.fail((*loc, "kind"), f"unknown entity kind {ent.kind!r}; use one of {allowed}")
                continue
            place_code = None
            props: dict[str, Any] = {}
            if ent.place:
                pid = self.ref_ids.get(ent.place)
                if pid is None or not pid.startswith("place:"):
                    self.fail((*loc, "place"), f"{ent.place!r} is not the ref of a Place entity in this file")
                    continue
                place_code = pid.split(":", 1)[1]
                if self.onto.kinds[ent.kind].base == "Organisation":
                    props["place_id"] = pid
            if ent.note:
                props["note"] = ent.note
            if ent.credit_code:
                props["credit_code"] = ent.credit_code
            try:  # tongxin.entities.keys: one node per real enterprise, organisation and person
                nid = key_for(ent.kind, ent.name, place_code, code=ent.credit_code, source_slug=self.rec.source.id,
                              ontology=self.onto)
            except InvalidData as exc:  # a name of nothing but whitespace, a bad credit code
                for p in exc.problems:
                    self.fail((*loc, p.field or "name"), p.message)
                continue
            if id_too_long(nid):
                self.fail((*loc, "name"), "is too long to be a name")
                continue
            # a program is named as every loader names it (萬企興萬村 is 万企兴万村, the written form an alias):
            # the name its pairings carry, that coverage by program and its queries match
            name = program_name(ent.name) if ent.kind == "Program" else ent.name
            known = match_alias(self.known_names, ent.kind, [ent.name, *ent.aliases], props.get("place_id"))
            if known is not None:  # a name or alias of an organisation the graph holds: that organisation
                nid, name = known
            node = self.nodes.get(nid) or Node(id=nid, kind=ent.kind, name=name, props=props,
                                               sources=[self.source_id])
            node.aliases = sorted({*node.aliases, ent.name, *ent.aliases} - {node.name})
            for p in validate_node(node, self.onto):
                self.fail((*loc, *p.field.split(".")[-1:]), p.message)
            self.nodes[nid] = node
            self.ref_ids[ent.ref], self.ref_kinds[ent.ref], self.ref_names[ent.ref] = nid, ent.kind, name
            if ent.kind == "Park" and place_code:
                self.edges.append(Edge(type="PART_OF", source=nid, target=f"place:{place_code}",
                                       source_id=self.source_id, evidence=ent.name))

    # --- relations --------------------------------------------------------------------------------
    def add_relations(self) -> None:
        for i, rel in enumerate(self.rec.relations):
            loc = ("relations", i)
            if rel.type in ("CLAIMS", "ABOUT"):
                self.fail((*loc, "type"), f"{rel.type} edges come from `claims`, not `relations`")
                continue
            ends: list[str | None] = []
            for end, ref in (("from", rel.from_), ("to", rel.to)):
                if ref not in self.ref_ids:
                    if ref not in {e.ref for e in self.rec.entities}:
                        self.fail((*loc, end), f"unknown entity ref {ref!r}")
                    ends.append(None)
                else:
                    ends.append(self.ref_ids[ref])
            if None in ends:
                continue
            props = dict(rel.model_extra or {})
            bad = False
            for key, value in list(props.items()):
                if hasattr(value, "isoformat"):
                    props[key] = value.isoformat()
                elif not _is_prop_value(value):  # a map, a list of maps, …: no edge property can hold it
                    got = ("null" if value is None else "a map" if isinstance(value, dict)
                           else "a list with other things than strings" if isinstance(value, list)
                           else type(value).__name__)
                    self.fail((*loc, key), f"must be a string, a number, a boolean or a list of strings, got {got}")
                    bad = True
            for key, value in props.items():
                if key in _AMOUNT_KEYS and isinstance(value, int | float) and not isinstance(value, bool):
                    why = amount_problem(float(value))
                    if why:
                        self.fail((*loc, key), f"{value} {why}")
                        bad = True
                elif (key in _DATE_KEYS and isinstance(value, str) and not self.any_date
                      and re.fullmatch(DATE[1:-1], value)):
                    why = date_problem(value)
                    if why:
                        self.fail((*loc, key), why)
                        bad = True
            since, until = props.get("since"), props.get("until")
            if (isinstance(since, str) and isinstance(until, str) and not dates.problem(since)
                    and not dates.problem(until) and dates.parse(until).hi < dates.parse(since).lo):
                self.fail((*loc, "until"), f"{until} is before the relation began ({since})")
                bad = True
            if bad:
                continue
            if "program" in props:
                pref = props["program"]
                if not isinstance(pref, str) or pref not in self.ref_ids or self.ref_kinds.get(pref) != "Program":
                    self.fail((*loc, "program"), f"{pref!r} is not the ref of a Program entity in this file")
                    continue
                props["program"] = self.ref_names[pref]
            edge = Edge(type=rel.type, source=ends[0] or "", target=ends[1] or "", props=props,
                        source_id=self.source_id, evidence=rel.evidence)
            for p in validate_edge(edge, self.onto):
                # the edge's fields as the record spells them: its ends are `from`/`to`, its props the keys
                if p.field.startswith("props."):
                    key = p.field.removeprefix("props.")
                    message = p.message
                    if key in self.onto.edge_common:
                        message = (f"`{key}` is not a key of a relation: a relation's source is the record's "
                                   "`source.id` and its provenance the `evidence` quote")
                    self.fail((*loc, key), message)
                else:
                    self.fail((*loc, {"source": "from", "target": "to"}.get(p.field, p.field)), p.message)
            self.edges.append(edge)

    # --- claims -----------------------------------------------------------------------------------
    def add_claims(self) -> None:
        seen: set[str] = set()
        for i, claim in enumerate(self.rec.claims):
            loc = ("claims", i)
            if claim.ref in seen:
                self.fail((*loc, "ref"), f"duplicate claim ref {claim.ref!r}")
                continue
            seen.add(claim.ref)
            about = self.ref_ids.get(claim.about)
            if about is None or not about.startswith("place:"):
                self.fail((*loc, "about"), f"{claim.about!r} is not the ref of a Place entity in this file")
                continue
            if claim.subject is not None and claim.subject not in self.onto.kinds:
                self.fail((*loc, "subject"), f"unknown node kind {claim.subject!r}")
                continue
            if claim.relation and claim.relation not in self.onto.edges:
                self.fail((*loc, "relation"), f"unknown edge type {claim.relation!r}")
                continue
            if claim.target and claim.target not in self.onto.kinds:
                self.fail((*loc, "target"), f"unknown node kind {claim.target!r}")
                continue
            if claim.relation and (claim.subject or claim.target) and (why := self._claim_endpoints(claim)):
                self.fail((*loc, "relation"), why)
                continue
            program_id = None
            if claim.program:
                program_id = self.ref_ids.get(claim.program)
                if program_id is None or self.ref_kinds.get(claim.program) != "Program":
                    self.fail((*loc, "program"), f"{claim.program!r} is not the ref of a Program entity")
                    continue
            cid = f"claim:{self.rec.source.id}/{claim.ref}"
            props: dict[str, Any] = {"statement": claim.statement, "evidence": claim.evidence}
            for key in ("subject", "relation", "target", "what", "count", "total", "amount", "as_written"):
                if getattr(claim, key) is not None:
                    props[key] = getattr(claim, key)
            as_of = claim.as_of or self.rec.source.date  # the figure holds on the claim's date
            if as_of and dates.problem(as_of) is None:
                period = dates.parse(as_of)
                props.update(as_of=as_of, as_of_lo=period.lo, as_of_hi=period.hi)
            if claim.program:
                props["program"] = self.ref_names[claim.program]
            self.nodes[cid] = Node(id=cid, kind="Claim", name=claim.statement, props=props,
                                   sources=[self.source_id])
            self.edges.append(Edge(type="CLAIMS", source=self.source_id, target=cid,
                                   source_id=self.source_id, evidence=claim.evidence))
            self.edges.append(Edge(type="ABOUT", source=cid, target=about,
                                   source_id=self.source_id, evidence=claim.evidence))
            if program_id:
                self.edges.append(Edge(type="ABOUT", source=cid, target=program_id,
                                       source_id=self.source_id, evidence=claim.evidence))

    def _claim_endpoints(self, claim: ClaimSpec) -> str | None:
        """Why the claim's relation cannot join its subject (and target, if given), or None."""
        assert claim.relation is not None
        kind, other = (claim.subject, claim.target) if claim.subject else (claim.target, None)
        assert kind is not None
        if self.onto.can_join(claim.relation, kind, other):
            return None
        with_target = f" to a node of kind {other}" if other else ""
        what = "counts" if claim.count is not None else "sums"
        return (f"{claim.relation} never joins a node of kind {kind}{with_target} (docs/ontology: "
                f"tongxin/graph/ontology.yaml): nothing the claim {what} could be found")

    def check_evidence(self, report: ReportText) -> None:
        for kind in ("relations", "claims"):
            for i, item in enumerate(getattr(self.rec, kind)):
                if not _evidence_found(item.evidence, report):
                    self.fail((kind, i, "evidence"), f"quote not found in {report.file}: {item.evidence[:40]!r}")

    def quotes(self) -> int:
        return len(self.rec.relations) + len(self.rec.claims)


_PROP_VALUE: TypeAdapter[Any] = TypeAdapter(PropValue)


def _is_prop_value(value: Any) -> bool:
    """Whether a relation's extra field can be an edge property: what Edge.props itself accepts."""
    try:
        _PROP_VALUE.validate_python(value)
    except ValidationError:
        return False
    return True


def _report_for(b: _Builder, path: Path, reports_dirs: list[Path], uploaded: ReportText | None,
                missing_hint: str) -> ReportText | None:
    """The report text the record's quotes are checked against: the one given with it (an upload), else
    the file its `source.file` names, looked up next to the record, in `reports_dirs` and in the bundled
    reports. A record that names a report not found, or quotes passages without naming one, is a problem:
    a quote is never taken unchecked."""
    src = b.rec.source
    if uploaded is not None:
        return uploaded
    if not src.file:
        if b.quotes():
            b.fail(("source", "file"), f"is missing: the record quotes {b.quotes()} passage(s) (evidence), and "
                   f"every quote is checked against the report's text; name the report file{missing_hint}")
        return None
    found = _find_report(b.rec, path, reports_dirs)
    if found is None:
        b.fail(("source", "file"), f"the report {src.file!r} is not found next to the record, in the reports "
               f"directories given or among the bundled reports{missing_hint}; its text is needed to check "
               "every evidence quote")
        return None
    try:
        return ReportText.read(found, src.file)
    except UnicodeDecodeError:
        b.fail(("source", "file"), f"the report {src.file!r} is not UTF-8, GBK or Big5 text")
    except OSError as exc:
        b.fail(("source", "file"), f"the report {src.file!r} cannot be read: {exc.strerror}")
    return None


def build_case_record(
    path: Path, *, resolver: Resolver, reports_dirs: list[Path] | None = None,
    ontology: Ontology | None = None, min_confidence: float = DEFAULT_MIN_CONFIDENCE, any_date: bool = False,
    limits: Limits | None = None, known_names: AliasIndex | None = None, report: ReportText | None = None,
    missing_hint: str = "",
) -> tuple[CaseRecord, list[Node], list[Edge], str]:
    """Parse, validate and resolve a case record against `resolver` (the places of the graph it goes
    into), and check every evidence quote against the report's text (`report`: given with the record, e.g.
    uploaded with it; else the file `source.file` names). `known_names`: the graph's organisation names
    (tongxin.entities.keys.alias_index), matched against the record's. Raises InvalidData listing every
    problem. The content hash returned covers the record and its report text."""
    pf = read_structured(path, limits)
    unsafe = pf.value_problems()
    if unsafe:
        raise InvalidData(unsafe)
    try:
        record = CaseRecord.model_validate(pf.data)
    except ValidationError as exc:
        raise InvalidData([pf.problem(tuple(e["loc"]), e["msg"]) for e in exc.errors()]) from None
    b = _Builder(pf, record, resolver, ontology or load_ontology(), min_confidence, any_date, known_names)
    dated = [(("source", "date"), record.source.date),
             *((("claims", i, "as_of"), c.as_of) for i, c in enumerate(record.claims))]
    for loc, value in dated:  # --any-date lifts the range, never the calendar
        why = (dates.problem(value) if any_date else date_problem(value)) if value else None
        if why:
            b.fail(loc, why)
    b.add_entities()
    b.add_relations()
    b.add_claims()
    text = _report_for(b, path, reports_dirs or [], report, missing_hint)
    if text is not None:
        b.check_evidence(text)
    if b.problems:
        raise InvalidData(b.problems)
    digest = pf.content_hash
    if text is not None:  # a changed report is a changed source, even when the record is the same
        digest = hashlib.sha256(f"{pf.content_hash}:{text.sha256}".encode()).hexdigest()
    src = record.source
    source = source_node(
        b.source_id, src.title,
        {"title": src.title, "publisher": src.publisher, "author": src.author, "date": src.date,
         "url": src.url, "file": src.file or path.name, "source_kind": src.kind, "content_hash": digest,
         "origin": record_origin(src.id)},
    )
    nodes = [source, *b.places.nodes.values(), *b.nodes.values()]
    edges = [*b.places.edges, *b.edges]
    if text is not None:
        nodes.append(Node(id=text.node_id, kind="Text", name=text.file, sources=[b.source_id],
                          props={"sha256": text.sha256, "text": text.text, "chars": len(text.text), "file": text.file}))
        edges.append(Edge(type="HAS_TEXT", source=b.source_id, target=text.node_id, source_id=b.source_id,
                          evidence=text.file))
    return record, nodes, edges, digest


def load_case_record(
    store: GraphStore, path: Path, *, resolver: Resolver | None = None,
    reports_dirs: list[Path] | None = None, check_only: bool = False, force: bool = False,
    min_confidence: float = DEFAULT_MIN_CONFIDENCE, any_date: bool = False, replace_source: bool = False,
    limits: Limits | None = None, report: ReportText | None = None, missing_hint: str = "",
    dry_run: bool = False, allow_shrink: bool = False, who: str | None = None,
) -> LoadResult:
    """Validate and load one case record, all-or-nothing and idempotently. `resolver`: by default the
    graph's own places; one over other places is refused (placeset.PlacesMismatch). Its source id must be
    new or belong to case records (common.Owner) unless `replace_source`."""
    if resolver is None:
        resolver = resolver_for(store)
    places_record = placeset.pending_record(store, resolver)  # checks the resolver's dataset against the graph's
    record, nodes, edges, digest = build_case_record(path, resolver=resolver, reports_dirs=reports_dirs,
                                                     min_confidence=min_confidence, any_date=any_date,
                                                     limits=limits, known_names=_known_names(store),
                                                     report=report, missing_hint=missing_hint)
    result = LoadResult(str(path), f"source:{record.source.id}", "checked", len(nodes), len(edges),
                        claims=len(record.claims))
    if check_only:
        return result
    line = read_structured(path, limits).line(("source", "id")) or 1
    changes = plan_write(store, result, nodes, edges, digest, force=force, dry_run=dry_run,
                         allow_shrink=allow_shrink, who=who,
                         owner=Owner(record_origin(record.source.id), "source.id", line, replace_source))
    if changes is not None:
        changes.extend(places_record)  # the dataset the record was resolved against, on a graph's first write
        store.apply(changes)
    return result


def _known_names(store: GraphStore) -> AliasIndex:
    onto = load_ontology()
    return alias_index(store, [k for k, v in onto.kinds.items() if v.base == "Organisation" and k != "Enterprise"])


def bundled_case_records() -> list[Path]:
    return sorted((Path(__file__).resolve().parent.parent / "data" / "cases").glob("*.yaml"))


__all__ = ["CaseRecord", "Gazetteer", "ReportText", "build_case_record", "case_record_schema", "load_case_record"]
