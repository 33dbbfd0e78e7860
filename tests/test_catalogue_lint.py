"""Every catalogue query (each engine's text) lints clean against Neo4j 5 with Neo4j's own semantic
analysis (`lintCypherQuery` from @neo4j-cypher/language-support), and runs on FalkorDB and Neo4j."""

from __future__ import annotations

import pytest

from tongxin.graph.migrations import DATE_BOUNDS
from tongxin.graph.ontology import load_ontology
from tongxin.graph.writer import (
    PLACE_ROLLUP,
    PLACE_ROLLUP_ALL,
    edge_statements,
    node_statements,
    retract_source_statements,
)
from tongxin.loaders.places import _EDGE, _NODE
from tongxin.queries.lint import lint_cypher
from tongxin.queries.registry import load_registry


def _schema() -> dict:
    onto = load_ontology()
    props = {"id", "name", "aliases", "pinyin", "sources", "evidence", "key", "levels_done"}
    for k in onto.kinds.values():
        props.update(k.properties)
    for e in onto.edges.values():
        props.update(e.properties)
    return {"labels": onto.labels, "relationshipTypes": sorted(onto.edges), "propertyKeys": sorted(props)}


def test_catalogue_is_not_empty_and_every_query_documents_itself():
    reg = load_registry()
    assert len(reg) >= 12, [q.name for q in reg]
    for q in reg:
        assert q.title and q.description and q.columns, q.name
        for p in q.params.values():
            assert p.type, (q.name, p.name)


def test_every_catalogue_query_lints_clean_against_neo4j_5():
    texts = {f"{q.name}[{engine}]": text for q in load_registry() for engine, text in q.engine_texts.items()}
    diagnostics = lint_cypher(texts, _schema())
    bad = {name: [f"{d.severity} {d.line}:{d.column} {d.message}" for d in diags]
           for name, diags in diagnostics.items() if diags}
    assert not bad, bad


def test_every_write_statement_lints_clean_against_neo4j_5():
    from tongxin.graph.model import Edge, Node

    onto = load_ontology()
    # every property named, so that each statement's SET list (built from the names) is linted too
    nodes = [Node(id=f"{k.lower()}:x", kind=k, name="x",
                  props={p: "x" for p in spec.properties if p not in ("id", "name", "aliases", "sources")})
             for k, spec in onto.kinds.items() if spec.base not in ("Place",)]
    edges = [Edge(type=t, source="person:x", target="place:42", source_id="source:x", evidence="x",
                  props={p: "x" for p in et.properties if p not in onto.edge_common})
             for t, et in onto.edges.items()]
    texts = {f"node{i}": s.cypher for i, s in enumerate(node_statements(nodes, onto))}
    texts |= {f"edge{i}": s.cypher for i, s in enumerate(edge_statements(edges, onto))}
    texts |= {f"retract{i}": s.cypher for i, s in enumerate(retract_source_statements("source:x", onto))}
    texts |= {"places_node": _NODE.format(kind="Village"), "places_edge": _EDGE}
    texts |= {f"rollup{i}": text for i, text in enumerate(PLACE_ROLLUP + PLACE_ROLLUP_ALL)}
    texts |= {f"date_bounds{i}": text for i, text in enumerate(DATE_BOUNDS)}
    diagnostics = lint_cypher(texts, _schema())
    bad = {name: [f"{d.severity}: {d.message}" for d in diags] for name, diags in diagnostics.items() if diags}
    assert not bad, bad


@pytest.mark.parametrize("name", sorted(q.name for q in load_registry()))
def test_every_catalogue_query_runs_on_each_engine(any_store, name):
    q = load_registry().get(name)
    raw = {}
    for p in q.params.values():
        if p.required:
            raw[p.name] = {"place": "42", "node": "place:42", "text": "十堰", "int": p.minimum or 1}.get(p.type, "万企兴万村")
    bound, params = load_registry().bind(name, raw, resolve_place=lambda t: t)
    result = any_store.query(bound.text_for(any_store.name), params)
    assert result.columns == list(q.columns), (name, result.columns)


def test_query_docs_are_generated_from_the_catalogue():
    from pathlib import Path

    from tongxin.queries.docs import render

    docs = Path(__file__).resolve().parent.parent / "docs" / "queries.md"
    assert docs.read_text(encoding="utf-8") == render(), "run: python -m tongxin.queries.docs > docs/queries.md"


def test_a_catalogue_file_is_validated_by_its_model(tmp_path):
    """queries/catalogue/*.yaml goes through a pydantic model (tongxin.queries.registry.QueryFile): a
    misspelt key, an unknown parameter type, a missing field or a name other than the file's is refused
    naming the file and the field."""
    from tongxin.errors import InvalidData

    good = ("name: q\ntitle: T\ndescription: d\ncolumns: [x]\ncypher: RETURN 1 AS x\n"
            "params:\n  n: {type: int, min: 1, max: 5, default: 2}\n  k: {type: enum, values: [a, b]}\n")
    (tmp_path / "q.yaml").write_text(good, encoding="utf-8")
    q = load_registry.__wrapped__(tmp_path).get("q")
    assert (q.params["n"].minimum, q.params["n"].default, q.params["k"].values) == (1, 2, ("a", "b")), q
    cases = {
        good.replace("cypher:", "cyper:"): ["q.yaml: cyper:", "q.yaml: cypher: Field required"],
        good.replace("type: int", "type: integer"): ["q.yaml: params.n.type: Input should be"],
        good.replace("max: 5", "maximum: 5"): ["q.yaml: params.n.maximum: Extra inputs are not permitted"],
        good.replace("name: q", "name: other"): ["q.yaml: name: must equal the file name 'q'"],
    }
    for text, expected in cases.items():
        (tmp_path / "q.yaml").write_text(text, encoding="utf-8")
        with pytest.raises(InvalidData) as info:
            load_registry.__wrapped__(tmp_path)
        assert all(e in str(info.value) for e in expected), (expected, str(info.value))
