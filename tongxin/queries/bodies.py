"""The response bodies: one pydantic model per answer, returned by the query service (tongxin.queries.service)
and the other readers, served by the API's routes (their `response_model`) and printed by the CLI's
`--json` — so that `tongxin … --json` prints exactly the body the API returns for the same question
(tests/test_bodies.py holds them to it)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field, TypeAdapter

__all__ = [
    "CandidateBody", "CandidatesBody", "CoverageBody", "EventBody", "JudgedBody", "JudgementBody", "LoadBody",
    "NeighbourEdge", "NeighboursBody", "NodeBody", "PathEdge", "PathNode", "Path_", "PathsBody", "PlaceRef",
    "QueryResultBody", "ResolutionBody", "RollupBody", "RollupRow", "SearchBody", "SearchHit", "UnloadBody", "dump_json",
]


# --- coverage ---------------------------------------------------------------------------------------
class PlaceRef(BaseModel):
    id: str
    code: str
    name: str
    township: str | None = None
    county: str | None = None


class CoverageBody(BaseModel):
    within: PlaceRef
    target: Literal["village", "community"]
    partner: str
    program: str | None = None
    as_of: str | None = None
    total: int = Field(description="villages/communities within the place (all of them, not just this page)")
    covered: int = Field(description="how many have at least one partner of the kind")
    rate: float | None = Field(description="covered / total (null when total is 0)")
    uncovered: list[PlaceRef] = Field(description="this page of the uncovered ones, by code")
    limit: int
    offset: int


class RollupRow(BaseModel):
    id: str
    code: str
    name: str
    total: int
    covered: int
    rate: float | None


class RollupBody(BaseModel):
    within: PlaceRef
    by: Literal["city", "county", "township"]
    target: Literal["village", "community"]
    partner: str
    program: str | None = None
    rows: list[RollupRow]


# --- linkage ----------------------------------------------------------------------------------------
class PathEdge(BaseModel):
    type: str
    source: str
    target: str
    program: str | None = None
    title: str | None = None
    sources: list[str] = []
    evidence: list[str] = []


class PathNode(BaseModel):
    id: str
    name: str | None
    kind: str | None


class Path_(BaseModel):
    hops: int
    nodes: list[PathNode]
    edges: list[PathEdge]


class PathsBody(BaseModel):
    source: str
    target: str
    max_hops: int
    paths: list[Path_]


class SearchHit(BaseModel):
    id: str
    name: str
    kind: str | None = None
    code: str | None = None
    aliases: list[str] | None = None
    members: list[str] | None = None  # the ids of a judged cluster shown as this hit (tongxin.entities.merged)


class SearchBody(BaseModel):
    q: str
    hits: list[SearchHit]


class NodeBody(BaseModel):
    id: str
    kind: str | None
    labels: list[str]
    props: dict[str, Any] = Field(description="the node's properties: of a kind many sources state (an "
                                  "organisation, person or program), each the effective value (the least the "
                                  "sources state), `conflicts` naming those the sources disagree on")
    degree: int
    stated: dict[str, dict[str, Any]] = Field(default_factory=dict, description="which source says what: "
                                              "source id → the properties as that source states them")


class NeighbourEdge(BaseModel):
    source: str
    target: str
    type: str
    props: dict[str, Any] = Field(description="the edge's properties: each the effective value (the least "
                                  "the sources state), `conflicts` naming those the sources disagree on, "
                                  "`sources` and `evidence` aligned")
    stated: dict[str, dict[str, Any]] = Field(default_factory=dict, description="which source says what: "
                                              "source id → the properties as that source states them")


class NeighboursBody(BaseModel):
    id: str
    depth: int
    nodes: list[SearchHit]
    edges: list[NeighbourEdge]
    limit: int
    offset: int


# --- the catalogue ----------------------------------------------------------------------------------
class QueryResultBody(BaseModel):
    query: str
    columns: list[str]
    rows: list[dict[str, Any]]
    count: int


# --- places -----------------------------------------------------------------------------------------
class ResolutionBody(BaseModel):
    query: str
    status: str
    code: str | None = None
    name: str | None = None
    level: str | None = None
    confidence: float | None = None
    path: list[dict[str, Any]] = []
    note: str = ""
    candidates: list[dict[str, Any]] = []
    suggestions: list[dict[str, Any]] = []

    @classmethod
    def of(cls, query: str, res: Any) -> ResolutionBody:
        """The body of a tongxin.places.resolver Resolution of `query`."""
        def cands(items: Any) -> list[dict[str, Any]]:
            return [{"code": c.code, "name": c.name, "level": c.level, "path": c.path_text, "score": c.score,
                     **({"note": c.note} if c.note else {})} for c in items[:20]]

        return cls(query=query, status=res.status, code=res.code, name=res.name, level=res.level,
                   confidence=res.confidence, path=[{"code": c, "name": n} for c, n in (res.path or [])],
                   note=res.note, candidates=cands(res.candidates or ()), suggestions=cands(res.suggestions or ()))


# --- writes -----------------------------------------------------------------------------------------
class LoadBody(BaseModel):
    file: str
    source_id: str
    status: str
    nodes: int
    edges: int
    claims: int
    rejected: int
    notes: list[str]
    added: int | None = None
    changed: int | None = None
    retracted: int | None = None


# --- history ----------------------------------------------------------------------------------------
class EventBody(BaseModel):
    """One write of the history (tongxin.graph.history)."""

    id: str
    at: str
    who: str
    action: str
    file: str | None = None
    source: str | None = None
    content_hash: str | None = None
    added: int | None = None
    changed: int | None = None
    retracted: int | None = None
    reason: str | None = None
    left: str | None = None  # a judgement's two ids, decision and note (action `judge`)
    right: str | None = None
    decision: str | None = None
    note: str | None = None


class UnloadBody(BaseModel):
    source_id: str
    status: str
    retracted: int

    @classmethod
    def of(cls, result: Any) -> UnloadBody:
        """The body of a tongxin.loaders.common.unload_source result."""
        return cls(source_id=result.source_id, status=result.status, retracted=result.retracted or 0)


# --- entity resolution ------------------------------------------------------------------------------
class CandidateBody(BaseModel):
    left: str
    right: str
    kind: str
    score: float
    names: list[str]
    evidence: dict[str, Any]


class CandidatesBody(BaseModel):
    candidates: list[CandidateBody]


class JudgementBody(BaseModel):
    id: str
    left: str
    right: str
    decision: str
    author: str
    at: str
    note: str
    override: bool
    history: list[str]


class JudgedBody(JudgementBody):
    status: str


def dump_json(body: BaseModel | list[Any], indent: int | None = 2) -> str:
    """A body (or a list of bodies) as JSON text, as the API serialises it."""
    if isinstance(body, BaseModel):
        return body.model_dump_json(indent=indent)
    return TypeAdapter(list[Any]).dump_json(body, indent=indent).decode()
