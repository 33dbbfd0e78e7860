"""The named-query catalogue: Cypher plus metadata, one YAML file per query under catalogue/.

Each declaration has a title, a description, typed parameters (with defaults and limits) and the
result columns. The CLI, the API and the docs are generated from these declarations. User input only
ever reaches a query as a parameter value, after it was checked against the declared type.

Parameter types:
- `string`, `int`, `float`, `bool`;
- `date`: YYYY, YYYY-MM or YYYY-MM-DD, a real date (`2021-13` is refused), passed as `<name>` (the text)
  and as `<name>_lo` / `<name>_hi`: the first and last day of the period it names, as integers yyyymmdd
  (tongxin.graph.dates), to compare with the `since_lo` / `until_hi` kept on edges;
- `enum` with `values` (a list, or a map from the accepted word to the value passed to Cypher);
- `text`: a search string, normalised (NFKC, simplified Chinese) before use, passed as `<name>`, as
  `<name>_lower` (lower case, no spaces, for pinyin), as typed (`<name>_raw`) and as `<name>_phrase`: a
  full-text phrase query for both forms (`"娄底" OR "婁底"`) when they are Han characters only, else null
  (Neo4j's search looks names up in its full-text index with it; see graph/stores/neo4j_.py), as
  `<name>_pinyin` when it reads as pinyin (letters and digits, spaces and apostrophes dropped, lower case:
  textnorm.pinyin_query), else null, and as `<name>_pinyin_prefix`, the full-text prefix query of that
  (`loudi*`, only letters and digits) for Neo4j's pinyin index;
- `place`: a place given as a name, a code or a node id; resolved to its code, and passed to Cypher as
  `<name>_lo` and `<name>_hi` — the 12-digit code range of everything within it — plus `<name>_code`.
- `node`: a node id.
A query may hold engine variants (`cypher_falkordb`, `cypher_neo4j`) where the engines need different
text; the test suite proves each variant against an independent oracle.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from tongxin.errors import BadParameter, InvalidData, NotFound, Problem
from tongxin.graph import dates
from tongxin.places.codes import code_range

CATALOGUE_DIR = Path(__file__).with_name("catalogue")
ParamType = Literal["string", "int", "float", "bool", "date", "enum", "text", "place", "node", "program"]


@dataclass(frozen=True)
class Param:
    name: str
    type: str
    doc: str = ""
    default: Any = None
    required: bool = False
    minimum: float | None = None
    maximum: float | None = None
    values: tuple[str, ...] = ()
    mapping: dict[str, Any] = field(default_factory=dict)
    max_length: int = 200


@dataclass(frozen=True)
class NamedQuery:
    name: str
    title: str
    description: str
    params: dict[str, Param]
    columns: tuple[str, ...]
    cypher: str
    variants: dict[str, str]
    group: str = "misc"
    file: str = ""

    def text_for(self, engine: str) -> str:
        return self.variants.get(engine, self.cypher)

    @property
    def engine_texts(self) -> dict[str, str]:
        """Each distinct text with the engines it serves (for linting and tests)."""
        return {"falkordb": self.text_for("falkordb"), "neo4j": self.text_for("neo4j")}


PlaceResolver = Callable[[str], str]  # name, code or id -> division code (raises on failure)


def _coerce(p: Param, raw: Any, resolve_place: PlaceResolver | None) -> dict[str, Any]:
    name = p.name
    if raw is None or raw == "":
        if p.required:
            raise BadParameter(name, "is required")
        if p.type == "place":
            return {f"{name}_lo": 0, f"{name}_hi": 10**12, f"{name}_code": None}
        value = p.default
        if p.type == "date":
            return {name: None, f"{name}_lo": None, f"{name}_hi": None}
        if p.type == "enum" and value is not None and p.mapping:
            value = p.mapping[value]
        return {name: value}
    if p.type == "int" or p.type == "float":
        try:
            value = int(raw) if p.type == "int" else float(raw)
        except (TypeError, ValueError):
            raise BadParameter(name, f"must be {'an integer' if p.type == 'int' else 'a number'}, got {raw!r}") from None
        if isinstance(raw, bool) or (p.type == "int" and isinstance(raw, float) and not raw.is_integer()):
            raise BadParameter(name, f"must be an integer, got {raw!r}")
        if p.minimum is not None and value < p.minimum:
            raise BadParameter(name, f"must be ≥ {p.minimum:g}, got {value}")
        if p.maximum is not None and value > p.maximum:
            raise BadParameter(name, f"must be ≤ {p.maximum:g}, got {value}")
        return {name: value}
    if p.type == "bool":
        if isinstance(raw, bool):
            return {name: raw}
        text = str(raw).lower()
        if text in ("true", "1", "yes"):
            return {name: True}
        if text in ("false", "0", "no"):
            return {name: False}
        raise BadParameter(name, f"must be true or false, got {raw!r}")
    text = str(raw)
    if len(text) > p.max_length:
        raise BadParameter(name, f"is longer than {p.max_length} characters")
    if p.type == "enum":
        allowed = p.values or tuple(p.mapping)
        if text not in allowed:
            raise BadParameter(name, f"must be one of {', '.join(allowed)}, got {text!r}")
        return {name: p.mapping.get(text, text) if p.mapping else text}
    if p.type == "date":
        try:
            period = dates.parse(text)
        except dates.BadDate as exc:
            raise BadParameter(name, f"must be a date YYYY, YYYY-MM or YYYY-MM-DD: {exc}") from None
        return {name: text, f"{name}_lo": period.lo, f"{name}_hi": period.hi}
    if p.type == "text":
        from tongxin.textnorm import pinyin_query, to_simplified

        norm = to_simplified(unicodedata.normalize("NFKC", text)).strip()
        if not norm:
            raise BadParameter(name, "is blank")
        # `<name>_raw` as typed, so that a stored name that is not in normal form (full-width brackets,
        # traditional characters) is still found by itself
        raw = text.strip() or norm
        pinyin = pinyin_query(norm)
        return {name: norm, f"{name}_lower": norm.lower().replace(" ", ""), f"{name}_raw": raw,
                f"{name}_phrase": _han_phrase(norm, raw), f"{name}_pinyin": pinyin,
                f"{name}_pinyin_prefix": f"{pinyin}*" if pinyin else None}
    if p.type == "program":  # as the loaders name programs (萬企興萬村 is 万企兴万村)
        from tongxin.textnorm import program_name

        norm = program_name(text)
        if not norm:
            raise BadParameter(name, "is blank")
        return {name: norm}
    if p.type == "place":
        if resolve_place is None:
            raise BadParameter(name, "cannot resolve places here")
        code = resolve_place(text)
        lo, hi = code_range(code)
        return {f"{name}_lo": lo, f"{name}_hi": hi, f"{name}_code": code}
    return {name: text}  # string, node


# Han ideographs (CJK Unified Ideographs and Extension A, compatibility ideographs): the characters a
# full-text index with Lucene's standard analyzer makes one token each, so that a phrase of them matches
# every name that contains them in a row (and, rarely, more: the query filters exactly afterwards).
_HAN_ONLY = re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+$")


def _han_phrase(*forms: str) -> str | None:
    if not all(_HAN_ONLY.match(f) for f in forms):
        return None
    return " OR ".join(f'"{f}"' for f in dict.fromkeys(forms))


class Registry:
    """All named queries, by name."""

    def __init__(self, queries: Mapping[str, NamedQuery]):
        self.queries = dict(queries)

    def __iter__(self):  # type: ignore[no-untyped-def]
        return iter(self.queries.values())

    def __len__(self) -> int:
        return len(self.queries)

    def get(self, name: str) -> NamedQuery:
        try:
            return self.queries[name]
        except KeyError:
            raise NotFound(f"no named query {name!r}; known: {', '.join(sorted(self.queries))}") from None

    def bind(
        self, name: str, raw: Mapping[str, Any], resolve_place: PlaceResolver | None = None
    ) -> tuple[NamedQuery, dict[str, Any]]:
        """Check raw parameter values against the declaration; return the Cypher parameters."""
        q = self.get(name)
        unknown = sorted(set(raw) - set(q.params))
        if unknown:
            raise BadParameter(unknown[0], f"is not a parameter of {name}; parameters: {', '.join(q.params)}")
        params: dict[str, Any] = {}
        for p in q.params.values():
            params.update(_coerce(p, raw.get(p.name), resolve_place))
        return q, params


class ParamDecl(BaseModel):
    """A parameter as a catalogue file declares it."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    type: ParamType = "string"
    doc: str = ""
    default: Any = None
    required: bool = False
    min: int | float | None = None
    max: int | float | None = None
    values: list[str] | dict[str, Any] | None = Field(None, description="enum: the words, or word → value")
    max_length: int = Field(200, ge=1)


class QueryFile(BaseModel):
    """A catalogue file (queries/catalogue/<name>.yaml): one named query."""

    model_config = ConfigDict(extra="forbid", frozen=True)
    name: str = Field(pattern=r"^[a-z][a-z0-9_]*$")
    title: str = Field(min_length=1)
    description: str = Field(min_length=1)
    group: str = "misc"
    params: dict[str, ParamDecl] = Field(default_factory=dict)
    columns: list[str] = Field(min_length=1)
    cypher: str = Field(min_length=1)
    cypher_falkordb: str | None = Field(None, description="the text FalkorDB runs instead of `cypher`")
    cypher_neo4j: str | None = Field(None, description="the text Neo4j runs instead of `cypher`")

    @field_validator("params", mode="before")
    @classmethod
    def _none_is_empty(cls, v: Any) -> Any:
        return {} if v is None else {k: ({} if d is None else d) for k, d in v.items()} if isinstance(v, dict) else v


def _parse(path: Path) -> NamedQuery:
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    try:
        decl = QueryFile.model_validate(raw)
    except ValidationError as exc:
        raise InvalidData([Problem(e["msg"], ".".join(str(p) for p in e["loc"]), str(path))
                           for e in exc.errors()]) from None
    if decl.name != path.stem:
        raise InvalidData(Problem(f"must equal the file name {path.stem!r}", "name", str(path)))
    params = {
        pname: Param(pname, spec.type, spec.doc, spec.default, spec.required, spec.min, spec.max,
                     tuple(spec.values) if isinstance(spec.values, list) else (),
                     dict(spec.values) if isinstance(spec.values, dict) else {}, spec.max_length)
        for pname, spec in decl.params.items()
    }
    variants = {engine: text.strip() for engine, text in (("falkordb", decl.cypher_falkordb),
                                                          ("neo4j", decl.cypher_neo4j)) if text}
    return NamedQuery(decl.name, decl.title, decl.description.strip(), params, tuple(decl.columns),
                      decl.cypher.strip(), variants, decl.group, str(path))


@cache
def load_registry(directory: Path = CATALOGUE_DIR) -> Registry:
    return Registry({q.name: q for q in (_parse(p) for p in sorted(directory.glob("*.yaml")))})
