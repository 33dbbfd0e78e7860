"""Merged views: one entity per judged cluster, and which source named it how.

The store holds one live node per judged cluster (tongxin.entities.resolve folds the others into it as
archive nodes), so every query, path, view and export already shows a cluster once, with every member's
names as aliases and every member's sources. This module adds what only the archive knows:

- search hits (`tongxin search`, GET /search) list the ids of the cluster a hit stands for (`members`);
- the entity view (`tongxin entity`, GET /entities/{id}, any member's id) shows the members, each name with
  the sources that use it, each member's stored properties, and the edges with their stored ends.
"""

from __future__ import annotations

from typing import Any

from tongxin.entities.resolve import canonical_id, members_of
from tongxin.errors import NotFound
from tongxin.graph.stores.base import GraphStore

__all__ = ["merge_hits", "merged_entity"]

_BOOKS = ("merged_into", "merged_labels", "merged_added_aliases", "merged_added_sources")


def _members(store: GraphStore, heads: list[str]) -> dict[str, list[str]]:
    rows = store.query("UNWIND $ids AS id MATCH (x:MergedAway {merged_into: id}) RETURN id, x.id ORDER BY x.id",
                       {"ids": heads}).rows
    out: dict[str, list[str]] = {}
    for head, member in rows:
        out.setdefault(head, [head]).append(member)
    return {h: sorted(ms) for h, ms in out.items()}


def merge_hits(store: GraphStore, hits: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Search hits with `members` (the ids of its judged cluster) on a hit that stands for several.
    Judgement and Event nodes are left out (a decision or a write is data, not an entity)."""
    hits = [h for h in hits if h.get("kind") not in ("Judgement", "Event")]
    members = _members(store, [h["id"] for h in hits]) if hits else {}
    return [{**h, "members": members[h["id"]]} if h["id"] in members else h for h in hits]


def merged_entity(store: GraphStore, node_id: str, *, limit: int = 500) -> dict[str, Any]:
    """One entity as its judged cluster, from any member's id: members, names by source, all sources, each
    member's stored properties, and its edges with their provenance (`stored`: the ends as loaded)."""
    head = canonical_id(store, node_id)
    rows = store.query("MATCH (n:Entity {id: $id}) RETURN labels(n), properties(n)", {"id": head}).rows
    if not rows:
        raise NotFound(f"no node with id {node_id!r}")
    labels, props = list(rows[0][0]), dict(rows[0][1])
    archived = members_of(store, head)
    given_aliases = {a for x in archived for a in x.get("merged_added_aliases") or []}
    given_sources = {s for x in archived for s in x.get("merged_added_sources") or []}
    own = {**props, "aliases": [a for a in props.get("aliases") or [] if a not in given_aliases],
           "sources": [s for s in props.get("sources") or [] if s not in given_sources]}
    stored = {head: own, **{x["id"]: {k: v for k, v in x.items() if k not in _BOOKS} for x in archived}}
    names: dict[str, list[str]] = {}  # name -> the sources that name it so
    sources: list[str] = []
    for p in stored.values():
        for n in [p.get("name"), *(p.get("aliases") or [])]:
            if n:
                bucket = names.setdefault(n, [])
                bucket.extend(s for s in p.get("sources") or [] if s not in bucket)
        sources.extend(s for s in p.get("sources") or [] if s not in sources)
    edges_rows = [*store.query(
        "MATCH (n:Entity {id: $id})-[r]->(m:Entity) "
        "RETURN n.id AS a, m.id AS b, type(r) AS t, properties(r) AS p, m.id AS mid, m.name AS mname "
        "ORDER BY t, mid LIMIT $limit",
        {"id": head, "limit": limit}).rows, *store.query(
        "MATCH (n:Entity {id: $id})<-[r]-(m:Entity) WHERE m <> n "
        "RETURN m.id AS a, n.id AS b, type(r) AS t, properties(r) AS p, m.id AS mid, m.name AS mname "
        "ORDER BY t, mid LIMIT $limit",
        {"id": head, "limit": limit}).rows]
    edges = []
    neighbours: dict[str, str] = {}
    for a, b, etype, eprops, mid, mname in edges_rows:
        if mid != head:
            neighbours[mid] = mname
        edges.append({"source": a, "target": b, "type": etype, "props": eprops,
                      "stored": [eprops.get("orig_from", a), eprops.get("orig_to", b)]})
    name = props.get("name", head)
    return {
        "id": head, "name": name, "labels": labels, "members": sorted(stored),
        "aliases": [n for n in names if n != name],
        "names": [{"name": n, "sources": s} for n, s in names.items()],
        "sources": sources,
        "members_props": stored,
        "neighbours": [{"id": i, "name": n} for i, n in sorted(neighbours.items())],
        "edges": edges,
    }
