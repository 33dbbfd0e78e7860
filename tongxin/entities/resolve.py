"""Judged clusters materialised in the store: one node per cluster, for every query, path, view and export.

A `same` cluster (tongxin.entities.judgements.Clusters) is written into the graph, so that the catalogue's
queries — coverage, paths, shared partners, the views, the exports — see one entity without knowing of
judgements:

- the cluster's **head** (its smallest id, `Clusters.head`) stays a live node; every other member is
  *folded* into it:
- the member's node becomes a hidden archive node `(:MergedAway)`: no `Entity` label, so no query, search
  or lookup sees it, with all its properties (name, aliases, sources, …) and `merged_into` (the head),
  `merged_labels` (its labels, to restore it), `merged_added_aliases` / `merged_added_sources` (the names
  and sources it gave the head that the head did not have, to take them back);
- the head gets the member's name and aliases as aliases and its sources as sources;
- every edge of the member is moved to the head and keeps its properties — sources and evidence
  included — plus `orig_from`, `orig_to` and `orig_key`: its stored ends and merge key. A moved edge's key
  is `<orig_key>|merged:<orig_from>><orig_to>`, so it never merges with the head's own edge of the same key
  (the writer's MERGE matches on `key`) and a later load's edge for the member merges with it — as the
  writer would have merged it with the member's edge (sources replaced per source).

Judging again (`different`, with --override, after a `same`) *unfolds* every cluster — archive nodes become
live nodes with their labels, moved edges go back to their stored ends under their own keys, the heads
lose what the members gave them — and folds the clusters the judgements now make, in one change set: the
graph is as it would be had the loads never been merged (tests/test_entities_merged.py compares the
dumps).

Edge properties other than `sources`/`evidence` are copied as they are; when a moved edge meets one moved
before (a later load of the member), the later value wins, as in the writer. Per-source properties the
writer keeps aligned with `sources` would need the same per-source merge as `evidence` here.

Loads: a file naming a folded member (by its key) writes to it as to any node. Its change set first
*revives* the archive nodes of the ids it writes (live again, with their properties), then the writer's
statements, then folds them again: a later load of either id lands on the head, all in the load's one
change set (tongxin.loaders.common.plan_write). A reload's retraction also takes the source out of the
archive nodes.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from typing import Any

from tongxin.entities.judgements import Clusters
from tongxin.graph.backup import ARCHIVE_LABEL
from tongxin.graph.changes import Statement
from tongxin.graph.ontology import Ontology, load_ontology
from tongxin.graph.stores.base import GraphStore

__all__ = ["HIDDEN", "canonical_id", "fold_statements", "hidden_members", "load_statements",
           "resolve_statements"]

HIDDEN = ARCHIVE_LABEL  # "MergedAway": the label of a folded member's archive node (never also Entity)
_BOOKKEEPING = ("merged_into", "merged_labels", "merged_added_aliases", "merged_added_sources")


def _types(onto: Ontology) -> list[str]:
    return sorted(onto.edges)


def _move_edges(etype: str, outgoing: bool) -> str:
    """Move the edges of type `etype` leaving (or entering) each live member `p[0]` to its head `p[1]`.
    The edge type is the ontology's (a statement per type: Cypher has no dynamic types)."""
    match = (f"MATCH (m:Entity {{id: p[0]}})-[r:{etype}]->(x) " if outgoing
             else f"MATCH (x)-[r:{etype}]->(m:Entity {{id: p[0]}}) ")
    ends = ("coalesce(r.orig_from, p[0]) AS of, coalesce(r.orig_to, x.id) AS ot" if outgoing
            else "coalesce(r.orig_from, x.id) AS of, coalesce(r.orig_to, p[0]) AS ot")
    merge = f"MERGE (h)-[n:{etype} {{key: nk}}]->(x) " if outgoing else f"MERGE (x)-[n:{etype} {{key: nk}}]->(h) "
    return (
        "UNWIND $pairs AS p " + match + "MATCH (h:Entity {id: p[1]}) "
        f"WITH r, x, h, properties(r) AS rp, coalesce(r.orig_key, r.key) AS ok, {ends} "
        "WITH r, x, h, rp, ok, of, ot, ok + '|merged:' + of + '>' + ot AS nk "
        + merge
        + "WITH r, n, rp, ok, of, ot, nk, coalesce(n.sources, []) AS ns, coalesce(n.evidence, []) AS ne, "
        "coalesce(rp.sources, []) AS rs "
        "SET n += rp "
        "SET n.key = nk, n.orig_key = ok, n.orig_from = of, n.orig_to = ot, "
        "n.evidence = [i IN range(0, size(ns) - 1) WHERE NOT ns[i] IN rs | ne[i]] + coalesce(rp.evidence, []), "
        "n.sources = [s IN ns WHERE NOT s IN rs] + rs "
        "DELETE r"
    )


# The member's node → its archive node; what it gives the head (names, sources) recorded on the archive.
_FOLD_NODES = (
    "UNWIND $pairs AS p MATCH (m:Entity {id: p[0]}) MATCH (h:Entity {id: p[1]}) "
    "WITH m, h, p, properties(m) AS mp, labels(m) AS ml, coalesce(h.aliases, []) AS ha, "
    "coalesce(h.sources, []) AS hs "
    "WITH m, p, mp, ml, [a IN [mp.name] + coalesce(mp.aliases, []) "
    "WHERE a IS NOT NULL AND NOT a IN ha AND NOT a IN coalesce(mp.merged_added_aliases, [])] AS new_aliases, "
    "[s IN coalesce(mp.sources, []) WHERE NOT s IN hs AND NOT s IN coalesce(mp.merged_added_sources, [])] AS new_sources "
    f"CREATE (x:{HIDDEN}) "
    "SET x = mp "
    "SET x.merged_into = p[1], x.merged_labels = ml, "
    "x.merged_added_aliases = coalesce(mp.merged_added_aliases, []) + new_aliases, "
    "x.merged_added_sources = coalesce(mp.merged_added_sources, []) + new_sources "
    "DELETE m"
)
# Each head: every name and source of its archive nodes, once (its own name is no alias).
_HEAD_NAMES = (
    "UNWIND $heads AS hid MATCH (h:Entity {id: hid}) "
    f"OPTIONAL MATCH (x:{HIDDEN} {{merged_into: hid}}) "
    "WITH h, collect(x.name) AS xn, collect(coalesce(x.aliases, [])) AS xal, collect(coalesce(x.sources, [])) AS xsl "
    "WITH h, xn, reduce(acc = [], l IN xal | acc + l) AS xa, reduce(acc = [], l IN xsl | acc + l) AS xs "
    "WITH h, coalesce(h.aliases, []) + [a IN xn + xa WHERE a <> h.name] AS aliases, coalesce(h.sources, []) + xs AS sources "
    "SET h.aliases = reduce(acc = [], a IN aliases | CASE WHEN a IN acc THEN acc ELSE acc + [a] END), "
    "h.sources = reduce(acc = [], s IN sources | CASE WHEN s IN acc THEN acc ELSE acc + [s] END)"
)


def fold_statements(pairs: Iterable[tuple[str, str]], onto: Ontology | None = None) -> list[Statement]:
    """Statements folding each live member `m` into its head `h` ((m, h) pairs; a member that is not a
    live node, or whose head is not, is left as it is)."""
    rows = sorted({(m, h) for m, h in pairs if m != h})
    if not rows:
        return []
    onto = onto or load_ontology()
    params = {"pairs": [list(p) for p in rows]}
    out = [Statement(_move_edges(t, outgoing), params) for outgoing in (True, False) for t in _types(onto)]
    out.append(Statement(_FOLD_NODES, params))
    out.append(Statement(_HEAD_NAMES, {"heads": sorted({h for _, h in rows})}))
    return out


def hidden_members(store: GraphStore, ids: Iterable[str] | None = None) -> dict[str, tuple[str, tuple[str, ...]]]:
    """The archive nodes (all, or those of `ids`): id → (head, labels)."""
    if ids is None:
        rows = store.query(f"MATCH (x:{HIDDEN}) RETURN x.id, x.merged_into, x.merged_labels").rows
    else:
        rows = store.query(f"UNWIND $ids AS id MATCH (x:{HIDDEN} {{id: id}}) RETURN x.id, x.merged_into, "
                           "x.merged_labels", {"ids": sorted(set(ids))}).rows
    return {r[0]: (r[1], tuple(r[2] or ())) for r in rows}


def _revive(hidden: dict[str, tuple[str, tuple[str, ...]]], onto: Ontology, *, keep_books: bool) -> list[Statement]:
    """Archive nodes → live nodes with their labels (the ontology's label sets only: labels are no
    parameters). `keep_books`: the revived node keeps its bookkeeping (it is folded again in the same
    change set); otherwise it is removed."""
    known = {tuple(sorted(k.labels)): k.labels for k in onto.kinds.values()}
    groups: dict[tuple[str, ...], list[str]] = defaultdict(list)
    for nid, (_, labels) in hidden.items():
        ordered = known.get(tuple(sorted(labels)))
        if ordered is None:
            raise ValueError(f"archive node {nid!r} has labels {labels} that no kind of the ontology has")
        groups[ordered].append(nid)
    drop = "" if keep_books else " REMOVE " + ", ".join(f"n.{p}" for p in _BOOKKEEPING)
    # A live node of the same id already — a load wrote the member while a judgement folded it, each having
    # read the graph before the other wrote: the archive is merged into it as the writer merges a node given
    # twice (the live node's properties win; aliases and sources joined), so the next load naming it or the
    # next judgement heals the race instead of keeping two nodes of one id.
    heal = Statement(
        f"UNWIND $ids AS id MATCH (x:{HIDDEN} {{id: id}}) MATCH (n:Entity {{id: id}}) "
        "WITH x, n, properties(x) AS xp, properties(n) AS np "
        "SET n += xp SET n += np "
        "SET n.aliases = [a IN coalesce(xp.aliases, []) WHERE NOT a IN coalesce(np.aliases, [])] + coalesce(np.aliases, []), "
        "n.sources = [s IN coalesce(xp.sources, []) WHERE NOT s IN coalesce(np.sources, [])] + coalesce(np.sources, [])"
        f"{drop} DELETE x", {"ids": sorted(hidden)})
    return [heal] * bool(hidden) + [
        Statement(f"UNWIND $ids AS id MATCH (x:{HIDDEN} {{id: id}}) WITH x, properties(x) AS xp "
                  f"CREATE (n:{':'.join(labels)}) SET n = xp{drop} DELETE x", {"ids": sorted(ids)})
        for labels, ids in sorted(groups.items())]


# The heads lose the names and sources their archive nodes gave them (one row a head).
_HEAD_RESTORE = (
    f"MATCH (x:{HIDDEN}) WITH x.merged_into AS hid, collect(coalesce(x.merged_added_aliases, [])) AS dal, "
    "collect(coalesce(x.merged_added_sources, [])) AS dsl "
    "WITH hid, reduce(acc = [], l IN dal | acc + l) AS da, reduce(acc = [], l IN dsl | acc + l) AS ds "
    "MATCH (h:Entity {id: hid}) "
    "SET h.aliases = [a IN coalesce(h.aliases, []) WHERE NOT a IN da], "
    "h.sources = [s IN coalesce(h.sources, []) WHERE NOT s IN ds]"
)


def _restore_edges(etype: str) -> str:
    """Moved edges of one type back to their stored ends, under their own keys. A moved edge has a head at
    one end at least: found from the heads ($heads), not by scanning every edge."""
    return (
        f"UNWIND $heads AS hid MATCH (:Entity {{id: hid}})-[r:{etype}]-() WHERE r.orig_from IS NOT NULL "
        "WITH DISTINCT r "
        "MATCH (a:Entity {id: r.orig_from}) MATCH (b:Entity {id: r.orig_to}) "
        "WITH r, a, b, properties(r) AS rp "
        f"CREATE (a)-[n:{etype}]->(b) "
        "SET n = rp "
        "SET n.key = rp.orig_key "
        "REMOVE n.orig_key, n.orig_from, n.orig_to "
        "DELETE r"
    )


# A revived member that no source states any more and nothing links to goes, as a retraction leaves it
# (writer.retract_source_statements).
_DROP_EMPTY = ("UNWIND $ids AS id MATCH (n:Entity {id: id}) WHERE n.sources = [] AND NOT n:Place "
               "OPTIONAL MATCH (n)-[r]-() WITH n, count(r) AS degree WHERE degree = 0 DELETE n")


def resolve_statements(store: GraphStore, clusters: Clusters, onto: Ontology | None = None) -> list[Statement]:
    """Statements that unfold every folded member and fold the clusters `clusters` makes: the store then
    holds one live node per cluster, whatever it held before. Reads the archive nodes' ids now."""
    onto = onto or load_ontology()
    hidden = hidden_members(store)
    out: list[Statement] = []
    if hidden:
        out.append(Statement(_HEAD_RESTORE))
        out.extend(_revive(hidden, onto, keep_books=False))
        heads = {"heads": sorted({h for h, _ in hidden.values()})}
        out.extend(Statement(_restore_edges(t), heads) for t in _types(onto))
        out.append(Statement(_DROP_EMPTY, {"ids": sorted(hidden)}))
    out.extend(fold_statements(((m, h) for m, h in clusters.canonical.items()), onto))
    return out


def load_statements(store: GraphStore, ids: Iterable[str], onto: Ontology | None = None,
                    retract: str | None = None) -> tuple[list[Statement], list[Statement]]:
    """What a load's change set needs around the writer's statements, for the node ids it writes (nodes
    and edge ends): (before, after). Before: the retracted source out of the archive nodes; the archive
    nodes of these ids revived. After: the judged members among them folded into their heads. Both empty
    when the graph holds no judged cluster."""
    clusters = Clusters.of(store)
    if not clusters.canonical:
        return [], []
    onto = onto or load_ontology()
    members = {i for i in ids if clusters.head(i) != i}
    before: list[Statement] = []
    if retract:
        before.append(Statement(f"MATCH (x:{HIDDEN}) WHERE $src IN x.sources "
                                "SET x.sources = [s IN x.sources WHERE s <> $src]", {"src": retract}))
    hidden = hidden_members(store, members) if members else {}
    before.extend(_revive(hidden, onto, keep_books=True))
    after = fold_statements(((m, clusters.head(m)) for m in sorted(members)), onto)
    return before, after


def canonical_id(store: GraphStore, node_id: str) -> str:
    """The id of the live node that stands for `node_id`: its head if it was folded, else itself."""
    rows = store.query(f"MATCH (x:{HIDDEN} {{id: $id}}) RETURN x.merged_into", {"id": node_id}).rows
    return str(rows[0][0]) if rows and rows[0][0] else node_id


def members_of(store: GraphStore, head: str) -> list[dict[str, Any]]:
    """The archive nodes folded into `head`: their stored properties (bookkeeping included)."""
    rows = store.query(f"MATCH (x:{HIDDEN} {{merged_into: $id}}) RETURN properties(x) ORDER BY x.id",
                       {"id": head}).rows
    return [dict(r[0]) for r in rows]


def edges_to_move(store: GraphStore, folded: list[str], unfolded: list[str],
                  held: dict[str, str]) -> int:
    """How many edges a resolution moves: the live edges of the members to fold, and the moved edges of
    the members folded now (whose head changes or goes), found from their heads."""
    live = store.query("UNWIND $ids AS id MATCH (n:Entity {id: id})-[r]-() RETURN count(DISTINCT r)",
                       {"ids": folded}).rows if folded else [[0]]
    gone = sorted(set(unfolded) | {m for m in folded if m in held})
    heads = sorted({held[m] for m in gone})
    moved = store.query("UNWIND $heads AS hid MATCH (:Entity {id: hid})-[r]-() "
                        "WHERE r.orig_from IN $ids OR r.orig_to IN $ids RETURN count(DISTINCT r)",
                        {"heads": heads, "ids": gone}).rows if heads else [[0]]
    return int(live[0][0]) + int(moved[0][0])
