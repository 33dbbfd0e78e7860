"""Entity resolution: candidate pairs, judgements (a write: the bearer token), one entity per judged
cluster (tongxin.entities; docs/entities.md)."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, Field

from tongxin.api.deps import StoreDep, WriterDep, require_read
from tongxin.entities.candidates import DEFAULT_MIN_SCORE, find_candidates
from tongxin.entities.judgements import MAX_AUTHOR, MAX_NOTE, judge, load_judgements
from tongxin.entities.merged import merged_entity
from tongxin.queries.bodies import CandidateBody, CandidatesBody, JudgedBody, JudgementBody

router = APIRouter(tags=["entities"])


class JudgeRequest(BaseModel):
    left: str = Field(min_length=1, max_length=2100)
    right: str = Field(min_length=1, max_length=2100)
    decision: Literal["same", "different", "unsure"]
    author: str = Field(min_length=1, max_length=MAX_AUTHOR)
    note: str = Field("", max_length=MAX_NOTE)
    override: bool = False


@router.get("/dedupe/candidates", response_model=CandidatesBody, dependencies=[Depends(require_read)])
def candidates(
    store: StoreDep,
    kind: Annotated[list[str] | None, Query(max_length=20, description="only these kinds")] = None,
    min_score: Annotated[float, Query(ge=0, le=1)] = DEFAULT_MIN_SCORE,
    limit: Annotated[int, Query(ge=1, le=1000)] = 50,
    include_judged: bool = False,
) -> CandidatesBody:
    """Pairs of entities that may be one real thing, best first, with the evidence."""
    found = find_candidates(store, kinds=kind, min_score=min_score, limit=limit, include_judged=include_judged)
    return CandidatesBody(candidates=[CandidateBody(**c.as_dict()) for c in found])


@router.post("/judge", response_model=JudgedBody)
def post_judge(store: StoreDep, who: WriterDep, body: JudgeRequest) -> JudgedBody:
    """Record whether two entities are one (same / different / unsure). A contradiction of an earlier
    judgement is refused (400) unless `override`. The write token's name goes into the history."""
    res = judge(store, body.left, body.right, body.decision, author=body.author, note=body.note,
                override=body.override, who=who)
    return JudgedBody(**res.as_dict())


@router.get("/judgements", response_model=list[JudgementBody], dependencies=[Depends(require_read)])
def judgements(store: StoreDep) -> list[JudgementBody]:
    """Every judgement, oldest first."""
    return [JudgementBody(**j.as_dict()) for j in load_judgements(store)]


@router.get("/entities/{node_id:path}", dependencies=[Depends(require_read)])
def entity(store: StoreDep, node_id: str) -> dict[str, Any]:
    """One entity as its judged cluster: members, which source named it how, sources, neighbours, edges."""
    return merged_entity(store, node_id)
