"""The write pipeline (tongxin/graph/stores/pipeline.py) on both engines: one write in flight, every
outcome handed back with its own tag and in order, a failing write undone whole and not taking the others
with it."""

from __future__ import annotations

import pytest

from tongxin.errors import InvalidData, QueryFailed
from tongxin.graph.changes import ChangeSet, Statement
from tongxin.graph.model import Node
from tongxin.graph.stores.pipeline import WritePipeline
from tongxin.graph.writer import build_changeset


def _programs(*names: str) -> ChangeSet:
    return build_changeset([Node(id=f"program:{n}", kind="Program", name=n, sources=["source:t"]) for n in names],
                           [])


def _ids(store) -> list[str]:  # type: ignore[no-untyped-def]
    return [r[0] for r in store.query("MATCH (p:Program) RETURN p.id ORDER BY p.id").rows]


def test_outcomes_come_back_in_order_with_their_tags_and_a_failed_write_is_undone_alone(any_store):
    # the second change set creates a node and then fails at run time (toInteger of a map): none of it stays
    failing = _programs("乙")
    failing.extend([Statement("UNWIND $xs AS x RETURN toInteger({a: x})", {"xs": [1]})])
    outcomes = []
    with WritePipeline[str](any_store) as pipeline:
        outcomes += pipeline.submit(_programs("甲"), "a")
        assert pipeline.in_flight == "a"
        outcomes += pipeline.submit(failing, "b")
        outcomes += pipeline.submit(_programs("丙", "丁"), "c")
        outcomes += pipeline.drain()
        assert pipeline.in_flight is None
    assert [tag for tag, _ in outcomes] == ["a", "b", "c"]
    assert not isinstance(outcomes[0][1], BaseException) and not isinstance(outcomes[2][1], BaseException)
    assert isinstance(outcomes[1][1], QueryFailed), outcomes[1]
    assert _ids(any_store) == sorted(["program:甲", "program:丙", "program:丁"])  # no 乙


def test_a_change_set_that_cannot_be_sent_raises_at_submit_and_the_write_in_flight_goes_on(falkordb_store):
    """FalkorDB's own: its prepare refuses a value the query text cannot carry (a NUL); Neo4j takes every
    string whole, so its prepare refuses nothing."""
    any_store = falkordb_store
    bad = ChangeSet([Statement("MATCH (n:Entity {id: $id}) SET n.x = 1", {"id": "a\x00b"})])
    with WritePipeline[str](any_store) as pipeline:
        assert pipeline.submit(_programs("甲"), "a") == []
        with pytest.raises(InvalidData):
            pipeline.submit(bad, "bad")
        assert pipeline.in_flight == "a"
        done = pipeline.drain()
    assert [(tag, type(o).__name__) for tag, o in done] == [("a", "WriteResult")]
    assert _ids(any_store) == ["program:甲"]


def test_an_open_pipeline_switches_threads_more_often_and_gives_the_old_interval_back(any_store):
    import sys

    before = sys.getswitchinterval()
    with WritePipeline[str](any_store) as pipeline:
        assert sys.getswitchinterval() == min(before, 0.0005)
        pipeline.submit(_programs("丙"), "a")
    assert sys.getswitchinterval() == before
    with pytest.raises(RuntimeError), WritePipeline[str](any_store):
        raise RuntimeError("a load that fails half-way")
    assert sys.getswitchinterval() == before
