"""The Cypher lint harness (tools/cypher-lint via tongxin.queries.lint) really runs node and Neo4j's own
semantic analysis: valid Neo4j 5 queries pass, broken ones are reported with a message naming the problem.

Needs `npm ci --prefix tools/cypher-lint`; without it these tests fail with that hint (they never skip).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tongxin.queries.lint import LintDiagnostic, lint_available, lint_cypher

VALID: dict[str, str] = {
    "call_scoped": "MATCH (o:Org) CALL (o) { MATCH (o)<-[:MEMBER_OF]-(p) RETURN count(p) AS n } RETURN o.name, n",
    "call_unit": "MATCH (o:Org) CALL (o) { SET o.touched = true } RETURN o",
    "exists_subquery": "MATCH (o:Org) WHERE EXISTS { (o)<-[:MEMBER_OF]-(:Person) } RETURN o",
    "exists_match": "MATCH (o:Org) WHERE NOT EXISTS { MATCH (o)-[:LOCATED_IN]->(pl) WHERE pl.code = $c } RETURN o",
    "count_subquery": "MATCH (p:Person) WHERE COUNT { (p)-[:MEMBER_OF]->() } >= 2 RETURN p.name",
    "collect_subquery": "MATCH (o:Org) RETURN o.name, COLLECT { MATCH (o)<-[:MEMBER_OF]-(p) RETURN p.name } AS ms",
    "parameters": "MATCH (o:Org {id: $id}) WHERE o.name STARTS WITH $prefix RETURN o LIMIT $limit",
    "shortest_path": "MATCH (a {id: $a}) MATCH (b {id: $b}) MATCH p = shortestPath((a)-[*..6]-(b)) RETURN length(p)",
    "all_shortest": "MATCH p = allShortestPaths((a:Person)-[:MEMBER_OF*..4]-(b:Person)) WHERE a <> b RETURN p",
    "var_length": "MATCH (a:Org {id: $id})-[r:PART_OF*1..4]->(b) RETURN b, size(r) AS hops",
    "unwind_merge": (
        "UNWIND $rows AS row\n"
        "MERGE (o:Org {id: row.id})\n"
        "ON CREATE SET o.created = timestamp()\n"
        "SET o.name = row.name, o += row.props\n"
        "WITH o, row\n"
        "UNWIND row.members AS m\n"
        "MERGE (p:Person {id: m})\n"
        "MERGE (p)-[:MEMBER_OF]->(o)"
    ),
    "optional_match_agg": (
        "MATCH (o:Org) OPTIONAL MATCH (o)<-[:MEMBER_OF]-(p) "
        "RETURN o.name AS name, count(p) AS members ORDER BY members DESC, name SKIP $skip LIMIT 10"
    ),
    "union": "MATCH (o:Org) RETURN o.name AS name UNION MATCH (p:Person) RETURN p.name AS name",
    "list_ops": "RETURN [x IN range(1, 10) WHERE x % 2 = 0 | x * x] AS sq, reduce(s = 0, x IN [1, 2] | s + x) AS t",
    "quantified_path": "MATCH (a:Person)((x)-[:KNOWS]->(y)){1,3}(b:Person) RETURN a, b",
    "case_coalesce": "MATCH (o:Org) RETURN CASE WHEN o.size > 10 THEN 'big' ELSE 'small' END, coalesce(o.alias, '')",
    "degree_neo4j": "MATCH (o:Org) RETURN o.name, COUNT { (o)<--() } AS indeg ORDER BY indeg DESC",
    "cypher5_prefix": "CYPHER 5 MATCH (n) RETURN n",
    "delete": "MATCH (o:Org {id: $id}) DETACH DELETE o",
}

BROKEN: dict[str, tuple[str, str]] = {
    # name: (query, substring the error message must contain)
    "syntax": ("MATCH (n RETURN n", "Invalid input 'RETURN'"),
    "undefined_variable": ("MATCH (n) RETURN m", "Variable `m` not defined"),
    "unknown_function": ("RETURN foo(1)", "Function foo is not present"),
    "falkordb_indegree": ("MATCH (n) RETURN indegree(n)", "Function indegree is not present"),
    "falkordb_procedure": (
        "CALL db.idx.fulltext.queryNodes('Org', $q) YIELD node RETURN node",
        "Procedure db.idx.fulltext.queryNodes is not present",
    ),
    "arity": ("RETURN abs(1, 2)", "Too many parameters for function 'abs'"),
    "type_mismatch": ("RETURN toUpper(1)", "Type mismatch"),
    "implicit_grouping": ("MATCH (n) RETURN n.name, count(n) + n.x", "implicit grouping"),
    "cypher25_clause": ("MATCH (n) FILTER n.x > 1 RETURN n", "Invalid input 'FILTER'"),
    "cypher25_prefix": ("CYPHER 25 MATCH (n) RETURN n", "CYPHER 25 is not available on Neo4j 5"),
    "property_exists_fn": ("MATCH (n) WHERE exists(n.name) RETURN n", "IS NOT NULL"),
}


def errors(diags: list[LintDiagnostic]) -> list[LintDiagnostic]:
    return [d for d in diags if d.severity == "error"]


@pytest.fixture(scope="module")
def results() -> dict[str, list[LintDiagnostic]]:
    batch = dict(VALID)
    batch.update({name: query for name, (query, _) in BROKEN.items()})
    batch["call_importing_with"] = "MATCH (n) CALL { WITH n MATCH (n)--(m) RETURN count(m) AS c } RETURN n, c"
    return lint_cypher(batch)


def test_linter_installed() -> None:
    assert lint_available(), "cypher lint is not installed: run `npm ci --prefix tools/cypher-lint`"


@pytest.mark.parametrize("name", sorted(VALID))
def test_valid_neo4j5_queries_are_clean(results: dict[str, list[LintDiagnostic]], name: str) -> None:
    assert results[name] == [], f"{name}: {VALID[name]!r} -> {results[name]}"


def test_importing_with_subquery_is_accepted_but_deprecated(results: dict[str, list[LintDiagnostic]]) -> None:
    diags = results["call_importing_with"]
    assert errors(diags) == []
    assert any("CALL (n) { ... }" in d.message for d in diags), diags


@pytest.mark.parametrize("name", sorted(BROKEN))
def test_broken_queries_report_errors(results: dict[str, list[LintDiagnostic]], name: str) -> None:
    query, expected = BROKEN[name]
    errs = errors(results[name])
    assert errs, f"{name}: no error for {query!r}"
    assert any(expected in d.message for d in errs), f"{name}: {expected!r} not in {errs}"


def test_positions_are_one_based() -> None:
    out = lint_cypher({"q": "MATCH (n)\nWHERE n.x = 1\nRETURN m"})
    assert out["q"] == [LintDiagnostic("error", "Variable `m` not defined", line=3, column=8)]


def test_schema_unknown_names_are_warnings() -> None:
    schema = {"labels": ["Org", "Person"], "relationshipTypes": ["MEMBER_OF"], "propertyKeys": ["id", "name"]}
    out = lint_cypher(
        {
            "known": "MATCH (p:Person)-[:MEMBER_OF]->(o:Org {id: $id}) RETURN p.name, o {.id}",
            "unknown": "MATCH (p:Persn)-[:MEMBR_OF]->(o:Org) RETURN p.nmae",
            "writes_ok": "MERGE (o:Org {id: $id}) SET o.founded = $y WITH o MATCH (x:Tag) WHERE o.founded > 1 RETURN o",
            "map_access_ok": "UNWIND $rows AS row MATCH (o:Org {id: row.id}) RETURN row.whatever",
        },
        schema,
    )
    assert out["known"] == []
    assert out["map_access_ok"] == []
    unknown = out["unknown"]
    assert all(d.severity == "warning" for d in unknown), unknown
    messages = " | ".join(d.message for d in unknown)
    for expected in ("Label Persn", "Relationship type MEMBR_OF", "Property key nmae"):
        assert expected in messages
    assert [d.message.split(" is not")[0] for d in out["writes_ok"]] == ["Label Tag"]


def test_declared_parameters_are_strict() -> None:
    out = lint_cypher(
        {"q": "MATCH (n {id: $id}) RETURN n LIMIT $limt"}, {"parameters": {"id": 1, "limit": 10}}
    )
    assert [d.message for d in errors(out["q"])] == ["Parameter $limt is not defined."]


def test_empty_batch_and_empty_query() -> None:
    assert lint_cypher({}) == {}
    assert lint_cypher({"blank": ""}) == {"blank": []}


def test_missing_install_names_the_fix(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TONGXIN_CYPHER_LINT_DIR", str(tmp_path))
    assert not lint_available()
    with pytest.raises(RuntimeError, match="npm ci --prefix tools/cypher-lint"):
        lint_cypher({"q": "RETURN 1"})
