"""Turn validated nodes and edges into Cypher write statements that run on FalkorDB and Neo4j alike.

Writes are idempotent (UNWIND + MERGE on the node id, and on (start, type, key, end) for edges) and
batched. Labels and edge types come from the ontology, never from input; every value is a parameter.

Provenance on edges is kept as two aligned lists, `sources` and `evidence`: writing an edge for source S
replaces S's entry and keeps the others, so one pairing stated by two reports is one edge with two
sources, and re-loading a report changes nothing.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any

from tongxin.gcpause import gc_paused
from tongxin.graph.model import Edge, Node, as_props, validate_batch
from tongxin.graph.ontology import Ontology, load_ontology

BATCH = 5_000


@dataclass(frozen=True)
class Statement:
    cypher: str
    params: dict[str, Any] = field(default_factory=dict)
    rows: int = 0  # how many input rows it carries (for progress)


@dataclass
class ChangeSet:
    """Statements that a store applies atomically: all of them or none."""

    statements: list[Statement] = field(default_factory=list)

    def __iter__(self) -> Iterator[Statement]:
        return iter(self.statements)

    def __len__(self) -> int:
        return len(self.statements)

    def extend(self, stmts: Iterable[Statement]) -> None:
        self.statements.extend(stmts)

    @property
    def rows(self) -> int:
        return sum(s.rows for s in self.statements)


def _chunks(rows: Sequence[Any], size: int) -> Iterator[Sequence[Any]]:
    for i in range(0, len(rows), size):
        yield rows[i : i + size]


# A new edge gets this source's provenance; an existing one has this source's entry in the aligned
# (sources, evidence) lists replaced and the new one appended. `evidence` is set before `sources`, so that it
# is computed from the old `sources` whether SET items apply one by one or all at once.
_EDGE_ON_CREATE = "ON CREATE SET r += row.props, r.sources = [row.src], r.evidence = [row.ev] "
_EDGE_ON_MATCH = (
    "ON MATCH SET r += row.props, "
    "r.evidence = [i IN range(0, size(coalesce(r.sources, [])) - 1) WHERE r.sources[i] <> row.src "
    "| r.evidence[i]] + [row.ev], "
    "r.sources = [s IN coalesce(r.sources, []) WHERE s <> row.src] + [row.src]"
)


def _merged_rows(nodes: Iterable[Node], onto: Ontology) -> dict[tuple[str, ...], dict[str, dict[str, Any]]]:
    """Node rows grouped by label set, one row an id: a node given twice in a batch is merged as two
    MERGEs one after the other would merge it (later properties win; aliases and sources are joined)."""
    groups: dict[tuple[str, ...], dict[str, dict[str, Any]]] = defaultdict(dict)
    for n in nodes:
        rows = groups[onto.kinds[n.kind].labels]
        row = rows.get(n.id)
        if row is None:
            rows[n.id] = {"id": n.id, "props": as_props(n), "aliases": list(n.aliases), "sources": list(n.sources)}
            continue
        row["props"].update(as_props(n))
        row["aliases"] = [a for a in row["aliases"] if a not in n.aliases] + list(n.aliases)
        row["sources"] = [s for s in row["sources"] if s not in n.sources] + list(n.sources)
    return groups


def node_statements(
    nodes: Iterable[Node], ontology: Ontology | None = None, batch: int = BATCH
) -> list[Statement]:
    """Upsert statements for nodes, one per label set and batch.

    Not MERGE: on FalkorDB a MERGE on a pattern with the node's three labels costs more than looking the
    id up in the Entity.id index and then either creating the node or updating the one found (bench, 50,000
    enterprises: 1.3 s against 1.9 s fresh, 2.0 s against 3.0 s when all exist). Rows are unique by id
    within a statement (_merged_rows), so that a lookup cannot miss a node the same statement creates."""
    onto = ontology or load_ontology()
    out: list[Statement] = []
    for labels, by_id in _merged_rows(nodes, onto).items():
        # All labels at creation: a node's kind is fixed by its id, and adding labels to fresh nodes
        # afterwards (SET n:Label) is several times slower on FalkorDB.
        cypher = (
            "UNWIND $rows AS row "
            "OPTIONAL MATCH (m:Entity {id: row.id}) "
            "WITH row, m "
            "FOREACH (_ IN CASE WHEN m IS NULL THEN [1] ELSE [] END | "
            f"CREATE (n:{':'.join(labels)}) "
            "SET n += row.props, n.aliases = row.aliases, n.sources = row.sources) "
            "FOREACH (_ IN CASE WHEN m IS NULL THEN [] ELSE [1] END | "
            "SET m += row.props, "
            "m.aliases = [a IN coalesce(m.aliases, []) WHERE NOT a IN row.aliases] + row.aliases, "
            "m.sources = [s IN coalesce(m.sources, []) WHERE NOT s IN row.sources] + row.sources)"
        )
        rows = list(by_id.values())
        for chunk in _chunks(rows, batch):
            out.append(Statement(cypher, {"rows": list(chunk)}, len(chunk)))
    return out


def edge_statements(
    edges: Iterable[Edge], ontology: Ontology | None = None, batch: int = BATCH
) -> list[Statement]:
    """MERGE statements for edges, one per edge type and batch. Both ends must exist."""
    onto = ontology or load_ontology()
    groups: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for e in edges:
        groups[e.type].append(
            {
                "from": e.source,
                "to": e.target,
                "key": e.key(onto),
                "props": dict(e.props),
                "src": e.source_id,
                "ev": e.evidence,
            }
        )
    out: list[Statement] = []
    for etype, rows in groups.items():
        cypher = (
            "UNWIND $rows AS row "
            "MATCH (a:Entity {id: row.from}) MATCH (b:Entity {id: row.to}) "
            f"MERGE (a)-[r:{etype} {{key: row.key}}]->(b) " + _EDGE_ON_CREATE + _EDGE_ON_MATCH
        )
        for chunk in _chunks(rows, batch):
            out.append(Statement(cypher, {"rows": list(chunk)}, len(chunk)))
    return out


# Every place above the villages keeps the number of Village and Community nodes within it (`villages`,
# `communities`), so that a coverage total is read off the scope's own node (national: summed over 31
# provinces) instead of counted over every place in range (665k nationally). A township counts the places
# that are PART_OF it (every writer writes a place with its PART_OF chain: the import, the loaders' place
# chains, a restore; counting them along the edges is twice as quick as a range scan per township); a
# county, city or province sums the townships in its code range; a count of 0 is no property (one form,
# whichever statement wrote it, so that a dump and its restore are the same graph). Every change set of
# build_changeset that writes village-level places ends with these two statements for the places above
# them; the place import recounts every township when its village level is complete, in the change set
# that marks it complete (tongxin.loaders.places); places are never deleted but with the whole graph.
_TOWNSHIP_COUNTS = (
    "OPTIONAL MATCH (v:Place)-[:PART_OF]->(t) "
    "WITH t, count(CASE WHEN v.level = 'village' THEN 1 END) AS villages, "
    "count(CASE WHEN v.level = 'community' THEN 1 END) AS communities "
    "SET t.villages = CASE WHEN villages > 0 THEN villages END, "
    "t.communities = CASE WHEN communities > 0 THEN communities END"
)
_ANCESTOR_COUNTS = (
    "OPTIONAL MATCH (t:Township) WHERE t.code_num >= a.code_num AND t.code_num < a.code_end "
    "WITH a, sum(coalesce(t.villages, 0)) AS villages, sum(coalesce(t.communities, 0)) AS communities "
    "SET a.villages = CASE WHEN villages > 0 THEN toInteger(villages) END, "
    "a.communities = CASE WHEN communities > 0 THEN toInteger(communities) END"
)
PLACE_ROLLUP = ("UNWIND $townships AS tid MATCH (t:Entity {id: tid}) WHERE t:Township " + _TOWNSHIP_COUNTS,
                "UNWIND $ancestors AS aid MATCH (a:Entity {id: aid}) WHERE a:Place " + _ANCESTOR_COUNTS)
# for stores written before the counts existed (FalkorDBStore.ensure_schema)
PLACE_ROLLUP_ALL = ("MATCH (t:Township) " + _TOWNSHIP_COUNTS,
                    "MATCH (a:Place) WHERE a.level IN ['province', 'city', 'county'] " + _ANCESTOR_COUNTS)


def rollup_statements(place_ids: Iterable[str]) -> list[Statement]:
    """The PLACE_ROLLUP statements for the places above the village-level places among these node ids
    (none if there are none)."""
    towns = sorted({pid[:15] for pid in place_ids if pid.startswith("place:") and len(pid) == 18})
    if not towns:
        return []
    above = sorted({t[:n] for t in towns for n in (8, 10, 12)})  # place:43, place:4313, place:431382
    return [Statement(PLACE_ROLLUP[0], {"townships": towns}), Statement(PLACE_ROLLUP[1], {"ancestors": above})]


def retract_source_statements(source_id: str, ontology: Ontology | None = None) -> list[Statement]:
    """Statements that remove everything one source stated, so that a changed file can be re-loaded.

    Edges lose that source's provenance entry and are deleted when no source is left; nodes lose it
    from `sources` and are deleted when nothing states them any more and nothing links to them.
    """
    onto = ontology or load_ontology()
    types = "|".join(sorted(onto.edges))
    return [
        Statement(
            f"MATCH ()-[r:{types}]->() WHERE $src IN r.sources "
            "WITH r, r.sources AS s, r.evidence AS e "
            "WITH r, s, e, [i IN range(0, size(s) - 1) WHERE s[i] <> $src] AS keep "
            "SET r.sources = [i IN keep | s[i]], r.evidence = [i IN keep | e[i]]",
            {"src": source_id},
        ),
        Statement(f"MATCH ()-[r:{types}]->() WHERE size(r.sources) = 0 DELETE r"),
        Statement(
            "MATCH (n:Entity) WHERE $src IN n.sources "
            "SET n.sources = [s IN n.sources WHERE s <> $src]",
            {"src": source_id},
        ),
        Statement(
            "MATCH (n:Entity) WHERE n.sources = [] AND NOT n:Place "
            "OPTIONAL MATCH (n)-[r]-() WITH n, count(r) AS degree WHERE degree = 0 DELETE n"
        ),
    ]


def build_changeset(
    nodes: Sequence[Node],
    edges: Sequence[Edge],
    *,
    ontology: Ontology | None = None,
    retract: str | None = None,
    batch: int = BATCH,
) -> ChangeSet:
    """Validate a batch against the ontology and turn it into one atomic change set.

    Raises InvalidData naming every offending field; nothing is built for an invalid batch.
    """
    onto = ontology or load_ontology()
    with gc_paused():
        validate_batch(nodes, edges, onto)
        cs = ChangeSet()
        if retract:
            cs.extend(retract_source_statements(retract, onto))
        cs.extend(node_statements(nodes, onto, batch))
        cs.extend(edge_statements(edges, onto, batch))
        cs.extend(rollup_statements(n.id for n in nodes))
    return cs
