"""validate_batch's quick check (tongxin/graph/model.py `_QuickCheck`): it may only ever vouch for a node or
an edge that the full check (validate_node, validate_edge) finds no problem with; everything else is left to
the full check, which names the problem."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tongxin.errors import InvalidData
from tongxin.graph.model import Edge, Node, _quick_check, validate_batch, validate_edge, validate_node
from tongxin.graph.ontology import load_ontology

ONTO = load_ontology()
KINDS = sorted(ONTO.kinds) + ["Nothing"]
EDGE_TYPES = sorted(ONTO.edges) + ["NOT_A_TYPE"]
PROP_NAMES = sorted({n for k in ONTO.kinds.values() for n in k.properties}
                    | {n for e in ONTO.edges.values() for n in e.properties}
                    | {"id", "name", "aliases", "sources", "bogus"})

codes = st.one_of(st.sampled_from(["43", "4313", "431382", "431382107", "431382107259", "431382107001"]),
                  st.text("0123456789x", min_size=0, max_size=13))
ids = st.one_of(
    codes.map(lambda c: f"place:{c}"),
    st.tuples(st.sampled_from(sorted(ONTO.kind_of_prefix) + ["nothing", ""]), st.text(max_size=6)).map(
        lambda t: f"{t[0]}:{t[1]}"),
    st.text(max_size=8),
)
values = st.one_of(
    st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), st.text(max_size=5),
    st.lists(st.text(max_size=3), max_size=3), st.lists(st.integers(), min_size=1, max_size=2),
    st.dictionaries(st.text(max_size=2), st.integers(), max_size=1),
)


def _id_of(kind: str) -> st.SearchStrategy[str]:
    """Mostly an id that denotes `kind`, so that the checks get past the id to the properties."""
    if kind in ONTO.kinds and ONTO.kinds[kind].base == "Place":
        return st.one_of(codes.map(lambda c: f"place:{c}"), ids)
    return st.one_of(st.text(min_size=1, max_size=6).map(lambda t: f"{kind.lower()}:{t}"), ids)


def _props_of(names: list[str]) -> st.SearchStrategy[dict[str, Any]]:
    return st.dictionaries(st.one_of(st.sampled_from(names or PROP_NAMES), st.sampled_from(PROP_NAMES)),
                           values, max_size=4)


@settings(max_examples=3000, deadline=None)
@given(data=st.data(), kind=st.sampled_from(KINDS))
def test_the_quick_check_vouches_for_a_node_only_when_the_full_check_finds_nothing(data, kind):
    node_id = data.draw(_id_of(kind))
    p = data.draw(_props_of(sorted(ONTO.kinds[kind].properties) if kind in ONTO.kinds else []))
    node = Node.model_construct(id=node_id, kind=kind, name="甲", aliases=[], props=p, sources=["source:t"])
    if _quick_check(ONTO).node(node):
        assert validate_node(node, ONTO) == []


@settings(max_examples=3000, deadline=None)
@given(data=st.data(), etype=st.sampled_from(EDGE_TYPES), source=ids, target=ids)
def test_the_quick_check_vouches_for_an_edge_only_when_the_full_check_finds_nothing(data, etype, source, target):
    p = data.draw(_props_of(sorted(ONTO.edges[etype].properties) if etype in ONTO.edges else []))
    edge = Edge.model_construct(type=etype, source=source, target=target, props=p, source_id="source:t",
                                evidence="证据")
    if _quick_check(ONTO).edge(edge):
        assert validate_edge(edge, ONTO) == []


@pytest.mark.parametrize(("kind", "node_id", "p"), [
    ("Source", "source:t", {"levels_done": [1]}),            # a list with a non-string
    ("Source", "source:t", {"loaded_at": True}),             # a boolean for a string
    ("Claim", "claim:c", {"count": 3}),                      # the required statement missing
    ("Claim", "claim:c", {"statement": "s", "count": 1.5}),  # a float for an integer
    ("Claim", "claim:c", {"statement": "s", "count": True}),  # a boolean for an integer
    ("Village", "place:431382107001", {}),                   # that code is a community's
    ("Village", "place:43138210725", {}),                    # 11 digits
    ("Enterprise", "enterprise:x", {"id": "enterprise:y"}),  # id set through props
    ("Enterprise", "enterprise", {}),                        # no name part
])
def test_the_quick_check_leaves_each_kind_of_problem_to_the_full_check(kind, node_id, p):
    node = Node.model_construct(id=node_id, kind=kind, name="甲", aliases=[], props=p, sources=["source:t"])
    assert validate_node(node, ONTO), "the case should be invalid"
    assert not _quick_check(ONTO).node(node)


def _pairing(**props: Any) -> Edge:
    return Edge(type="PAIRED_WITH", source="enterprise:91431226201JXFDXJY", target="place:431382107259",
                props={"program": "万企兴万村", **props}, source_id="source:t", evidence="结对")


def test_the_quick_check_passes_the_common_valid_case_and_validate_batch_still_names_problems():
    quick = _quick_check(ONTO)
    ent = Node(id="enterprise:91431226201JXFDXJY", kind="Enterprise", name="怀化兴农矿业有限公司",
               props={"credit_code": "91431226201JXFDXJY"}, sources=["source:t"])
    assert quick.node(ent) and quick.edge(_pairing(since="2024-01-19"))
    # the cases it leaves to the full check are still refused, each named
    wrong_kind = ent.model_copy(update={"kind": "Person"})
    bad_edges = [_pairing(since=2024), _pairing(bogus="x"),
                 _pairing().model_copy(update={"target": "place:43138210725"}),  # 11 digits
                 _pairing().model_copy(update={"source": "place:431382107259"})]  # a place pairs nothing
    with pytest.raises(InvalidData) as err:
        validate_batch([ent, wrong_kind], bad_edges, ONTO)
    fields = sorted({str(p.field) for p in err.value.problems})
    assert fields == ["edges[0].props.since", "edges[1].props.bogus", "edges[2].target", "edges[3].type",
                      "nodes[1].id", "nodes[1].props.credit_code"], err.value.problems


# --- the writer's statements: property names are part of their text, so they are checked ------------------
@pytest.mark.parametrize("name", ["x}) DETACH DELETE n //", "program = 'x', r.evil", "nosuchproperty", "name`"])
def test_statements_refuse_property_names_the_ontology_does_not_know(name):
    from tongxin.graph.writer import edge_statements, node_statements

    node = Node(id="enterprise:甲", kind="Enterprise", name="甲", props={name: "v"})
    edge = Edge(type="PAIRED_WITH", source="enterprise:甲", target="place:431223104202", source_id="source:x",
                evidence="e", props={"program": "万企兴万村", name: "v"})
    with pytest.raises(InvalidData) as exc:
        node_statements([node])
    assert f"props.{name}" in str(exc.value)
    with pytest.raises(InvalidData):
        edge_statements([edge])


def test_statements_group_rows_by_their_property_names_and_keep_each_rows_values():
    from tongxin.graph.writer import edge_statements, node_statements, pinyin_props

    nodes = [Node(id="enterprise:甲", kind="Enterprise", name="甲", props={"credit_code": "91420300MA4F0X2L0T"},
                  sources=["source:b"]),
             Node(id="enterprise:乙", kind="Enterprise", name="乙"),
             Node(id="enterprise:甲", kind="Enterprise", name="甲公司", aliases=["甲"], sources=["source:b"])]
    stmts = node_statements(nodes)
    assert sorted(len(s.params["rows"]) for s in stmts) == [1, 1]
    by_id = {s.params["rows"][0][0]: s for s in stmts}
    jia = by_id["enterprise:甲"]
    keys = pinyin_props("甲公司", ["甲"])  # an organisation's search keys (issue 24), from its name and aliases
    # one row: the later name, the earlier credit code; last the simplified name and the source that states
    # the credit code (an organisation's properties are kept per source)
    assert jia.params["rows"] == [["enterprise:甲", ["甲"], ["source:b"], "91420300MA4F0X2L0T", "甲公司",
                                   keys["pinyin"], keys["pinyin_keys"], keys["pinyin_tails"], "甲公司", "source:b"]]
    assert "jgs" in keys["pinyin_keys"] and keys["pinyin"] == "jiagongsi", keys
    assert "n.credit_code = row[3], n.name = row[4]" in jia.cypher and jia.id_columns == 1
    assert "n.credit_code_sources = [row[9]], n.credit_code_values = [row[3]]" in jia.cypher
    assert "credit_code" not in by_id["enterprise:乙"].cypher
    # the same node from another source in the same batch: a statement of its own, after (two writes in order)
    other = Node(id="enterprise:甲", kind="Enterprise", name="甲", props={"credit_code": "91420300MA4F0X2L0T"},
                 sources=["source:c"])
    stmts = node_statements([*nodes, other])
    assert len(stmts) == 3 and stmts[-1].params["rows"][0][:3] == ["enterprise:甲", [], ["source:c"]], stmts
    edges = [Edge(type="PAIRED_WITH", source="enterprise:甲", target="place:431223104202", source_id="source:a",
                  evidence="row 2", props={"program": "万企兴万村", "investment": 1.5}),
             Edge(type="PAIRED_WITH", source="enterprise:乙", target="place:431223104202", source_id="source:a",
                  evidence="row 3", props={"program": "万企兴万村"})]
    e1, e2 = edge_statements(edges)
    assert e1.params["rows"] == [["enterprise:甲", "place:431223104202", "source:a", "万企兴万村", "row 2",
                                  "万企兴万村", 1.5]]
    # the row's investment is this source's value of it (graph.writer.per_source_sets); a row without one
    # leaves the property alone
    assert "r.investment = row[6], r.investment_sources = [row[2]], r.investment_values = [row[6]]" in e1.cypher
    assert "investment" not in e2.cypher and e1.id_columns == 3


def test_the_ontology_file_is_validated_by_its_model_and_keeps_whole_docs():
    """ontology.yaml goes through pydantic models (tongxin.graph.ontology.OntologyFile): an unknown key, an
    unknown property type or an edge to an undeclared base is refused naming where, and a doc with commas
    is one doc (an unquoted `{doc: a, b}` used to split into a doc and a stray key without a word)."""
    import yaml

    from tongxin.graph.ontology import load_ontology, parse_ontology

    onto = load_ontology()
    assert onto.kinds["Enterprise"].doc == "企业, 公司, 集团, 律师事务所", onto.kinds["Enterprise"].doc
    assert onto.kinds["Village"].properties["code"].doc.endswith("or its 2/4/6/9-digit prefix")
    cases = {
        "bases: {Place: {properties: {code: {type: string, doc: a, b}}}}\nedges: {}":
            "bases.Place.properties.code.b: Extra inputs are not permitted",
        "bases: {Place: {properties: {code: {type: datetime}}}}\nedges: {}": "bases.Place.properties.code.type",
        "bases: {Place: {}}\nedges: {X: {from: [Place], to: [Org]}}": "edges.X.to: unknown base 'Org'",
        "bases: {Place: {kinds: {Place: {}}}}\nedges: {}": "kind Place declared twice",
        "bases: {Place: {}}\nedges: {X: {from: [Place], to: [Place], key: [program]}}":
            "edges.X.key: key property 'program' is not declared",
    }
    for text, expected in cases.items():
        with pytest.raises(InvalidData) as info:
            parse_ontology(yaml.safe_load(text), "o.yaml")
        assert expected in str(info.value) and "o.yaml" in str(info.value), (text, str(info.value))
