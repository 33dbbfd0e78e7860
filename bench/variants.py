"""Other forms of the coverage question, timed side by side on the bench graph (bench.run times the
catalogue's own before/after texts too).

All count the villages within [$within_lo, $within_hi) and those with an Enterprise partner (the
`coverage_summary` question with partner=Enterprise, no program, no date), except `indegree_any`, which
counts any PAIRED_WITH partner (FalkorDB's indegree() cannot filter on the partner's label).
"""

from __future__ import annotations

_SCOPE = "MATCH (v:Place) WHERE v.code_num >= $within_lo AND v.code_num < $within_hi AND v.level = $target "

VARIANTS: dict[str, str] = {
    # the portable catalogue form: a per-village OPTIONAL MATCH with the conditions, then count per village
    "optional_match_count": _SCOPE + (
        "OPTIONAL MATCH (v)<-[r:PAIRED_WITH]-(o) WHERE ($partner = 'any' OR $partner IN labels(o)) "
        "WITH v, count(o) AS partners "
        "RETURN count(v) AS total, count(CASE WHEN partners > 0 THEN 1 END) AS covered"),
    # a pattern predicate per village (known slow on FalkorDB; FalkorDB refuses it inside CASE): lacking only
    "not_pattern": _SCOPE + "WITH v WHERE NOT (v)<-[:PAIRED_WITH]-(:Enterprise) RETURN count(v) AS lacking",
    # FalkorDB only, any partner
    "indegree_any": _SCOPE + (
        "RETURN count(v) AS total, count(CASE WHEN indegree(v, 'PAIRED_WITH') > 0 THEN 1 END) AS covered"),
    # start from the pairings instead of the villages (coverage_summary's cypher_falkordb form)
    "pairing_side": _SCOPE + (
        "WITH count(v) AS total "
        "OPTIONAL MATCH (o)-[r:PAIRED_WITH]->(c:Place) "
        "WHERE c.code_num >= $within_lo AND c.code_num < $within_hi AND c.level = $target "
        "AND ($partner = 'any' OR $partner IN labels(o)) "
        "RETURN total, count(DISTINCT c) AS covered"),
    # collect the incoming pairings per village unfiltered, filter the list (coverage_uncovered's form)
    "collect_then_filter": _SCOPE + (
        "OPTIONAL MATCH (v)<-[r:PAIRED_WITH]-() WITH v, collect(r) AS rs "
        "WITH v, size([x IN rs WHERE $partner = 'any' OR $partner IN labels(startNode(x))]) AS partners "
        "RETURN count(v) AS total, count(CASE WHEN partners > 0 THEN 1 END) AS covered"),
}


_FILTER = ("($partner = 'any' OR $partner IN labels(o)) AND ($program IS NULL OR r.program = $program) "
           "AND ($as_of IS NULL OR r.since IS NULL OR r.since <= $as_of) "
           "AND ($as_of IS NULL OR r.until IS NULL OR r.until >= $as_of)")
_PAGE = ("WITH v SKIP $offset LIMIT $limit "
         "OPTIONAL MATCH (v)-[:PART_OF]->(t:Township) OPTIONAL MATCH (t)-[:PART_OF]->(c:County) "
         "RETURN v.id AS id, v.code AS code, v.name AS name, t.name AS township, c.name AS county ORDER BY code")

# Earlier and rejected forms of `coverage_uncovered` (first page of villages lacking an Enterprise partner).
UNCOVERED_VARIANTS: dict[str, str] = {
    # the previous cypher_falkordb: every incoming pairing collected per place, the list filtered, then sorted
    "collect_then_filter": _SCOPE + (
        "OPTIONAL MATCH (v)<-[r:PAIRED_WITH]-() WITH v, collect(r) AS rs "
        "WHERE size([x IN rs WHERE ($partner = 'any' OR $partner IN labels(startNode(x))) "
        "AND ($program IS NULL OR x.program = $program) "
        "AND ($as_of IS NULL OR x.since IS NULL OR x.since <= $as_of) "
        "AND ($as_of IS NULL OR x.until IS NULL OR x.until >= $as_of)]) = 0 "
        "WITH v ORDER BY v.code " + _PAGE),
    # a pattern comprehension for every place, then sorted: no laziness to exploit
    "comprehension_then_sort": _SCOPE + (
        f"WITH v, [(v)<-[r:PAIRED_WITH]-(o) WHERE {_FILTER} | r] AS partners WHERE size(partners) = 0 "
        "WITH v ORDER BY v.code " + _PAGE),
    # sorted first, tested lazily, WITHOUT the collect barrier: fast, but FalkorDB 4.16 pushes the LIMIT into
    # the sort and returns short pages (a wrong answer; the bench prints its row count)
    "sort_then_comprehension_no_barrier": _SCOPE + (
        f"WITH v ORDER BY v.code WITH v, [(v)<-[r:PAIRED_WITH]-(o) WHERE {_FILTER} | r] AS partners "
        "WHERE size(partners) = 0 " + _PAGE),
}
