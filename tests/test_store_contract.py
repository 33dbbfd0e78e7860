"""The store contract: every backend behaves the same (FalkorDB always; Neo4j when NEO4J_URI is set)."""

from __future__ import annotations

import uuid

import pytest

from tongxin.errors import InvalidData, QueryFailed, QueryTimeout
from tongxin.graph.model import Edge, Node
from tongxin.graph.writer import build_changeset
from tongxin.queries.service import search

SRC = "source:test-report"


def _batch() -> tuple[list[Node], list[Edge]]:
    nodes = [
        Node(id="place:431382107259", kind="Village", name="东园村", props={"code": "431382107259"}),
        Node(id="place:431382107", kind="Township", name="杨市镇", props={"code": "431382107"}),
        Node(id="enterprise:某某建材有限公司", kind="Enterprise", name="某某建材有限公司", aliases=["某某建材"]),
        Node(id="program:万企兴万村", kind="Program", name="万企兴万村"),
    ]
    edges = [
        Edge(type="PART_OF", source="place:431382107259", target="place:431382107", source_id=SRC,
             evidence="杨市镇东园村"),
        Edge(type="PAIRED_WITH", source="enterprise:某某建材有限公司", target="place:431382107259",
             props={"program": "万企兴万村", "since": "2021-06"}, source_id=SRC, evidence="某某建材结对东园村"),
    ]
    return nodes, edges


def test_writing_the_same_batch_twice_leaves_identical_counts(any_store):
    nodes, edges = _batch()
    any_store.apply(build_changeset(nodes, edges))
    first = any_store.counts()
    any_store.apply(build_changeset(nodes, edges))
    second = any_store.counts()
    assert first == second, (first, second)
    assert first.labels["Entity"] == 4, first
    assert first.edges == {"PART_OF": 1, "PAIRED_WITH": 1}, first
    assert first.labels["Village"] == 1 and first.labels["Place"] == 2, first


def test_a_node_given_twice_in_one_batch_is_one_node_as_if_written_twice(any_store):
    first = Node(id="enterprise:甲公司", kind="Enterprise", name="甲公司", aliases=["甲", "甲司"],
                 props={"credit_code": "A"}, sources=["source:a"])
    again = Node(id="enterprise:甲公司", kind="Enterprise", name="甲公司", aliases=["甲", "甲有限"],
                 props={"credit_code": "B"}, sources=["source:b", "source:a"])
    any_store.apply(build_changeset([first, again], []))
    in_one = any_store.query("MATCH (n:Enterprise) RETURN n.id, n.credit_code, n.aliases, n.sources").rows
    any_store.clear()
    any_store.ensure_schema()
    any_store.apply(build_changeset([first], []))
    any_store.apply(build_changeset([again], []))
    one_by_one = any_store.query("MATCH (n:Enterprise) RETURN n.id, n.credit_code, n.aliases, n.sources").rows
    assert in_one == one_by_one == [["enterprise:甲公司", "B", ["甲司", "甲", "甲有限"], ["source:b", "source:a"]]]
    # and an existing node is updated where it is, whatever its labels, never duplicated
    any_store.apply(build_changeset([first], []))
    assert any_store.query("MATCH (n:Entity {id: 'enterprise:甲公司'}) RETURN count(n)").rows == [[1]]


def test_a_name_another_source_gave_stays_an_alias(any_store):
    """Two ledgers key one enterprise by its credit code under two names: the later write's name is the name
    and the earlier one an alias, never lost; the same in one batch. A name in traditional characters gets
    its simplified form as an alias, and does not rename a node that has that name already."""
    a = Node(id="enterprise:91420322MA4F00001P", kind="Enterprise", name="甲乙丙测试畜牧有限公司", aliases=["甲乙丙"],
             sources=["source:a"])
    b = Node(id="enterprise:91420322MA4F00001P", kind="Enterprise", name="丙丁测试公司", sources=["source:b"])
    query = "MATCH (n:Enterprise) RETURN n.name, n.aliases, n.sources"
    any_store.apply(build_changeset([a], []))
    any_store.apply(build_changeset([b], []))
    one_by_one = any_store.query(query).rows
    assert one_by_one == [["丙丁测试公司", ["甲乙丙", "甲乙丙测试畜牧有限公司"], ["source:a", "source:b"]]]
    # and is found by its pinyin as by its characters (the name's search keys stay with it)
    for q in ("甲乙丙测试", "jiayibing", "jybcs", "bingding"):
        assert [h.name for h in search(any_store, q).hits] == ["丙丁测试公司"], q
    any_store.apply(build_changeset([b], []))  # again: nothing changes
    assert any_store.query(query).rows == one_by_one
    # a source naming its own node anew renames it; while another source states the node too, the name it
    # had stays (whose it was is not kept: kept rather than lost)
    renamed = b.model_copy(update={"name": "丙丁测试有限公司"})
    any_store.apply(build_changeset([renamed], []))
    assert any_store.query(query).rows == [
        ["丙丁测试有限公司", ["甲乙丙", "甲乙丙测试畜牧有限公司", "丙丁测试公司"], ["source:a", "source:b"]]]
    any_store.clear()
    any_store.ensure_schema()
    any_store.apply(build_changeset([b], []))
    any_store.apply(build_changeset([renamed], []))
    assert any_store.query(query).rows == [["丙丁测试有限公司", [], ["source:b"]]]
    any_store.clear()
    any_store.ensure_schema()
    any_store.apply(build_changeset([a], []))
    any_store.apply(build_changeset([b], []))
    any_store.clear()
    any_store.ensure_schema()
    any_store.apply(build_changeset([a, b], []))
    assert any_store.query(query).rows == one_by_one
    assert [h.name for h in search(any_store, "jiayibing").hits] == ["丙丁测试公司"]
    # the name again as it was first: the other name is the alias now, and nothing repeats
    any_store.apply(build_changeset([a], []))
    assert any_store.query(query).rows == [
        ["甲乙丙测试畜牧有限公司", ["丙丁测试公司", "甲乙丙"], ["source:b", "source:a"]]]
    trad = Node(id="program:万企兴万村", kind="Program", name="萬企興萬村", sources=["source:c"])
    simple = Node(id="program:万企兴万村", kind="Program", name="万企兴万村", sources=["source:d"])
    for batches in ([[trad], [simple]], [[simple], [trad]], [[trad, simple]], [[simple, trad]]):
        any_store.clear()
        any_store.ensure_schema()
        for batch in batches:
            any_store.apply(build_changeset(batch, []))
        assert any_store.query("MATCH (n:Program) RETURN n.name, n.aliases").rows == [["万企兴万村", ["萬企興萬村"]]]
    # a simplified name OpenCC would misread gets no alias (乾县 is not 干县); one with a variant character
    # used in mainland names stays as written (昇兴: OpenCC gives 升兴, an alias)
    any_store.apply(build_changeset([Node(id="enterprise:乾县测试", kind="Enterprise", name="乾县测试公司"),
                                     Node(id="enterprise:昇兴测试", kind="Enterprise", name="昇兴测试公司")], []))
    assert any_store.query("MATCH (n:Enterprise) RETURN n.name, n.aliases ORDER BY n.name").rows == [
        ["乾县测试公司", []], ["昇兴测试公司", ["升兴测试公司"]]]


def test_edge_provenance_merges_per_source(any_store):
    nodes, edges = _batch()
    any_store.apply(build_changeset(nodes, edges))
    other = edges[1].model_copy(update={"source_id": "source:other", "evidence": "另一份报告"})
    any_store.apply(build_changeset([], [other]))
    any_store.apply(build_changeset([], [other]))  # again: no duplicate provenance
    rows = any_store.query(
        "MATCH (:Enterprise)-[r:PAIRED_WITH]->(v:Village) RETURN r.sources AS s, r.evidence AS e, r.program AS p"
    ).records()
    assert rows == [{"s": [SRC, "source:other"], "e": ["某某建材结对东园村", "另一份报告"], "p": "万企兴万村"}], rows
    # the first source again, with new evidence: its entry is replaced, the lists stay aligned
    again = edges[1].model_copy(update={"evidence": "某某建材与东园村结对（修订）"})
    any_store.apply(build_changeset([], [again]))
    rows = any_store.query("MATCH (:Enterprise)-[r:PAIRED_WITH]->(:Village) RETURN r.sources AS s, r.evidence AS e"
                           ).records()
    assert rows == [{"s": ["source:other", SRC], "e": ["另一份报告", "某某建材与东园村结对（修订）"]}], rows


def test_ontology_violation_rejects_whole_batch_naming_the_field(any_store):
    nodes, edges = _batch()
    bad = Edge(type="PAIRED_WITH", source="enterprise:某某建材有限公司", target="program:万企兴万村",
               props={"program": "万企兴万村"}, source_id=SRC, evidence="x")
    with pytest.raises(InvalidData) as err:
        build_changeset(nodes, [*edges, bad])
    assert "edges[2].type" in str(err.value) and "cannot end at a Program" in str(err.value), str(err.value)
    with pytest.raises(InvalidData) as err:
        build_changeset([*nodes, Node(id="enterprise:x", kind="Enterprise", name="x", props={"colour": "red"})], [])
    assert "nodes[4].props.colour" in str(err.value), str(err.value)
    assert any_store.counts().nodes == 0


def test_wrong_property_type_names_the_field():
    with pytest.raises(InvalidData) as err:
        build_changeset([], [Edge(type="DONATES_TO", source="person:靳太均", target="place:510524100233",
                                  props={"amount": "一百二十万"}, source_id=SRC, evidence="捐赠120万元")])
    assert "edges[0].props.amount: must be number" in str(err.value), str(err.value)


def test_read_queries_cannot_write(any_store):
    with pytest.raises(QueryFailed) as err:
        any_store.query("CREATE (:Entity {id: 'x'})")
    assert not isinstance(err.value, QueryTimeout), err.value
    assert any_store.counts().nodes == 0, err.value


def test_engine_errors_are_the_stores_one_error_root(any_store):
    """Both stores raise tongxin.errors' QueryFailed for a query the engine refuses, and its subclass
    QueryTimeout for one it stopped at its time limit (the API answers 500 and 504)."""
    with pytest.raises(QueryFailed) as err:
        any_store.query("MATCH (n:Entity RETURN n")  # a syntax error
    assert not isinstance(err.value, QueryTimeout), err.value
    with pytest.raises(QueryTimeout, match="limit of 50 ms"):
        any_store.query("UNWIND range(1, 20000000) AS i WITH i WHERE i % 7 = 3 RETURN count(i)", timeout_ms=50)
    assert any_store.query("RETURN 1 AS one").rows == [[1]]  # the store goes on answering


def test_query_parameters_are_data(any_store):
    nodes, edges = _batch()
    any_store.apply(build_changeset(nodes, edges))
    hostile = "'}) DETACH DELETE n //"
    rows = any_store.query("MATCH (n:Entity) WHERE n.name = $q RETURN n.id AS id", {"q": hostile}).rows
    assert rows == []
    assert any_store.counts().nodes == 4


def test_clear_empties_the_graph(any_store):
    nodes, edges = _batch()
    any_store.apply(build_changeset(nodes, edges))
    any_store.clear()
    assert any_store.counts().nodes == 0


def test_schema_has_the_indexes_lookups_use_and_drops_the_retired_ones(falkordb_store):
    from tongxin.graph.stores.base import INDEXED_PROPERTIES, RETIRED_INDEXES

    wanted = {(label, prop) for label, props in INDEXED_PROPERTIES.items() for prop in props}
    wanted.add(("Entity", "pinyin_keys"))  # FalkorDB's own: search's array index of pinyin keys (issue 24)
    nodes, edges = _batch()
    falkordb_store.apply(build_changeset(nodes, edges))
    for label, prop in RETIRED_INDEXES:  # as a data directory of an earlier version has them
        falkordb_store.graph.query(f"CREATE INDEX FOR (n:{label}) ON (n.{prop})")
    assert set(RETIRED_INDEXES) <= set(falkordb_store._indexes())
    before = falkordb_store.counts()
    falkordb_store.ensure_schema()
    assert set(falkordb_store._indexes()) == wanted
    assert falkordb_store.counts() == before
    # the lookups still find what they look for
    assert falkordb_store.query("MATCH (n:Entity {id: 'program:万企兴万村'}) RETURN n.name").rows == [["万企兴万村"]]


def test_a_graph_never_written_reads_as_empty_and_a_read_does_not_create_it(falkordb_server):
    """FalkorDB refuses a read of a graph key that does not exist ("empty key"); the store answers it as an
    empty graph does (no rows, a count of 0) without creating the graph (`tongxin extract` on a fresh data
    directory read the places record this way and failed)."""
    from tongxin.graph.stores.falkordb_ import FalkorDBStore

    store = FalkorDBStore(falkordb_server, graph=f"never_{uuid.uuid4().hex[:8]}")
    try:
        assert store.query("MATCH (n:Entity) RETURN n.id AS id").rows == []
        assert store.query("MATCH (n) RETURN count(n) AS n").rows == [[0]]
        assert store.query("RETURN $x AS x", {"x": "甲"}).rows == [["甲"]]
        assert not store.db.connection.exists(store.graph_name)
        with pytest.raises(QueryFailed):
            store.query("MATCH (n RETURN n")  # a syntax error is still one
    finally:
        store.db.connection.close()
