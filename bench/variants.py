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
