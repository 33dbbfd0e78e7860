"""Merged views: one entity per judged cluster (tongxin.entities.judgements.Clusters).

The stored nodes stay as the loaders wrote them (each with its own sources); a view reads the judgements
and shows a cluster as one entity — the id of its head (smallest id), every member's name and aliases as
its aliases, every member's sources, and which source named it how (`names`).

Covered: search (`tongxin search`, GET /search), the entity view (`tongxin entity`, GET /entities/{id}:
the cluster's members, names by source, and the neighbours of all members). Not covered yet: paths, the
catalogue's other queries, the HTML views and the exports, which show the stored nodes.
"""

from __future__ import annotations

from typing import Any

from tongxin.entities.judgements import Clusters
from tongxin.errors import NotFound
from tongxin.graph.stores.base import GraphStore

__all__ = ["merge_hits", "merged_entity"]


def _nodes(store: GraphStore, ids: list[str]) -> dict[str, dict[str, Any]]:
    rows = store.query("UNWIND $ids AS id MATCH (n:Entity {id: id}) RETURN n.id, labels(n), properties(n)",
                       {"ids": ids}).rows
    return {r[0]: {"labels": list(r[1]), "props": dict(r[2])} for r in rows}


def merge_hits(store: GraphStore, hits: list[dict[str, Any]], clusters: Clusters | None = None) -> list[dict[str, Any]]:
    """Search hits (`id`, `name`, `aliases`, …) with the members of a judged cluster shown once, as its
    head: the head's name, every member's names as aliases, `members` listing the ids. Order: a cluster
    takes the place of its first hit. Judgement nodes are left out."""
    hits = [h for h in hits if h.get("kind") != "Judgement"]  # a decision is data, not an entity
    clusters = clusters if clusters is not None else Clusters.of(store)
    if not clusters.canonical:
        return hits
    heads = {clusters.head(h["id"]) for h in hits if h["id"] in clusters.canonical}
    members = sorted({m for head in heads for m in clusters.cluster(head)})
    stored = _nodes(store, members)
    out: list[dict[str, Any]] = []
    done: set[str] = set()
    for hit in hits:
        head = clusters.head(hit["id"])
        if head == hit["id"] and hit["id"] not in clusters.canonical:
            out.append(hit)
            continue
        if head in done:
            continue
        done.add(head)
        ids = clusters.cluster(head)
        props = stored.get(head, {}).get("props", {})
        names: list[str] = []
        for m in ids:
            p = stored.get(m, {}).get("props", {})
            for n in [p.get("name"), *(p.get("aliases") or [])]:
                if n and n not in names:
                    names.append(n)
        name = props.get("name", hit["name"])
        out.append({**hit, "id": head, "name": name, "aliases": [n for n in names if n != name], "members": ids})
    return out


def merged_entity(store: GraphStore, node_id: str, *, limit: int = 500) -> dict[str, Any]:
    """One entity as its judged cluster: members, names by source, all sources, and the edges of all
    members (ends rewritten to the cluster's head) with their provenance."""
    clusters = Clusters.of(store)
    head = clusters.head(node_id)
    ids = clusters.cluster(node_id)
    stored = _nodes(store, ids)
    if node_id not in stored:
        raise NotFound(f"no node with id {node_id!r}")
    names: dict[str, list[str]] = {}  # name -> sources that name it so
    sources: list[str] = []
    for m in ids:
        p = stored[m]["props"]
        for n in [p.get("name"), *(p.get("aliases") or [])]:
            if n:
                bucket = names.setdefault(n, [])
                bucket.extend(s for s in p.get("sources") or [] if s not in bucket)
        sources.extend(s for s in p.get("sources") or [] if s not in sources)
    rows = [*store.query(
        "UNWIND $ids AS id MATCH (n:Entity {id: id})-[r]->(m:Entity) "
        "RETURN n.id AS a, m.id AS b, type(r) AS t, properties(r) AS p, m.id AS mid, m.name AS mname "
        "ORDER BY t, a, b LIMIT $limit",
        {"ids": ids, "limit": limit}).rows, *store.query(
        "UNWIND $ids AS id MATCH (n:Entity {id: id})<-[r]-(m:Entity) "
        "RETURN m.id AS a, n.id AS b, type(r) AS t, properties(r) AS p, m.id AS mid, m.name AS mname "
        "ORDER BY t, a, b LIMIT $limit",
        {"ids": ids, "limit": limit}).rows]
    edges = []
    neighbours: dict[str, str] = {}
    for a, b, etype, props, mid, mname in rows:
        if a in ids and b in ids:
            continue  # an edge inside the cluster
        neighbours[clusters.head(mid)] = mname
        edges.append({"source": clusters.head(a), "target": clusters.head(b), "type": etype, "props": props,
                      "stored": [a, b]})
    main = stored.get(head, stored[node_id])
    name = main["props"].get("name", head)
    return {
        "id": head, "name": name, "labels": main["labels"], "members": ids,
        "aliases": [n for n in names if n != name],
        "names": [{"name": n, "sources": s} for n, s in names.items()],
        "sources": sources,
        "members_props": {m: stored[m]["props"] for m in ids if m in stored},
        "neighbours": [{"id": i, "name": n} for i, n in sorted(neighbours.items())],
        "edges": edges,
    }
