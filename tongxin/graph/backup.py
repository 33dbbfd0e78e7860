"""Back up a whole graph as plain JSON, hash it, and restore it into an empty store
(`tongxin export --all --format json -o FILE`, `tongxin import FILE`).

Only the store protocol is used (a read query, and one atomic change set for the restore), so a dump
from one backend restores into the other.

- `dump(store)`: every node (labels, properties) and edge (type, end ids, properties), sorted into a
  canonical order, so that two graphs with the same content dump to the same document.
- `fingerprint(store)`: (nodes, edges, sha256 of the dump) — the content hash the reliability tests
  compare before and after an operation that must not change the graph. The history of writes (Event
  nodes, tongxin.graph.history) is in a dump (`history=False` leaves it out) but not in its digest or
  fingerprint: a history is not content, and a refused write, which appends an event, changes no content.
- `restore(store, data)`: recreate a dump in an empty store, all-or-nothing. Labels and edge types are
  checked against the ontology first (they are the only parts of a statement not passed as parameters).
"""

from __future__ import annotations

import hashlib
import json
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from tongxin.errors import InvalidData, Problem
from tongxin.graph.changes import ChangeSet, Statement
from tongxin.graph.ontology import load_ontology

FORMAT = "tongxin-graph-dump/1"
# One read query, so that the dump is a consistent snapshot even while others write (two queries, nodes
# then edges, could see an edge whose end node the first did not).
_GRAPH = (
    "MATCH (n) OPTIONAL MATCH (n)-[r]->(b) "
    "RETURN labels(n) AS labels, properties(n) AS props, "
    "collect(CASE WHEN r IS NULL THEN NULL ELSE [type(r), b.id, properties(r)] END) AS out"
)


def _canon(item: Any) -> str:
    return json.dumps(item, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def _strip(props: dict[str, Any], ignore: Iterable[str]) -> dict[str, Any]:
    drop = set(ignore)
    return {k: v for k, v in props.items() if k not in drop}


HISTORY_LABEL = "Event"
# the archive node of a judged cluster's member folded into its head (tongxin.entities.resolve.HIDDEN): the
# one node that is no Entity; a restore brings it back, so that the judgement can still be reversed
ARCHIVE_LABEL = "MergedAway"


def _content(nodes: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [n for n in nodes if HISTORY_LABEL not in n["labels"]]


def dump(store: Any, *, ignore: Iterable[str] = (), timeout_ms: int = 120_000, history: bool = True) -> dict[str, Any]:
    """Every node and edge with its properties, in a canonical order. `ignore` drops property names
    (e.g. `loaded_at`, which differs between two loads of the same file); `history=False` the Event nodes."""
    ignore = tuple(ignore)
    nodes: list[dict[str, Any]] = []
    edges: list[dict[str, Any]] = []
    try:
        rows = store.query(_GRAPH, timeout_ms=timeout_ms).rows
    except Exception as exc:  # FalkorDB: a graph nothing was ever written to does not exist yet
        if "empty key" not in str(exc):
            raise
        rows = []
    for labels, props, out in rows:
        if not history and HISTORY_LABEL in labels:
            continue
        nodes.append({"labels": sorted(labels), "props": _strip(props, ignore)})
        edges.extend({"type": etype, "source": props.get("id"), "target": b, "props": _strip(rprops, ignore)}
                     for etype, b, rprops in out)
    nodes.sort(key=_canon)
    edges.sort(key=_canon)
    return {"format": FORMAT, "nodes": nodes, "edges": edges}


def as_graph(data: dict[str, Any]) -> Any:
    """A dump as a networkx MultiDiGraph for the export formats (tongxin.viz.export): every node with its
    properties, `kind` (its most specific label) and `_labels` (all of them, as stored); every edge with its
    `type` and properties, its merge `key` included (a graph imported from the export keeps taking loads)."""
    import networkx as nx

    g = nx.MultiDiGraph()
    for n in data["nodes"]:
        labels = list(n["labels"])
        rest = [label for label in labels if label not in ("Entity", "Place", "Organisation")]
        g.add_node(n["props"]["id"], **{k: v for k, v in n["props"].items() if k != "id"},
                   kind=rest[0] if rest else labels[-1], _labels=labels)
    for e in data["edges"]:
        props = dict(e["props"])
        key = props.pop("key", None)
        k = g.add_edge(e["source"], e["target"], type=e["type"], **props)
        if key is not None:
            g.edges[e["source"], e["target"], k]["key"] = key
    return g


def digest(data: dict[str, Any]) -> str:
    """The SHA-256 of a dump's content: its nodes and edges, the history left out."""
    return hashlib.sha256(_canon([_content(data["nodes"]), data["edges"]]).encode()).hexdigest()


def fingerprint(store: Any, *, ignore: Iterable[str] = ()) -> tuple[int, int, str]:
    """Node count, edge count and a SHA-256 of the whole graph's content (the history left out)."""
    data = dump(store, ignore=ignore, history=False)
    return len(data["nodes"]), len(data["edges"]), digest(data)


def write(data: dict[str, Any], path: Path) -> Path:
    path.write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True), encoding="utf-8")
    return path


def read(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InvalidData(Problem(f"cannot read a graph dump: {exc}", file=str(path))) from exc
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise InvalidData(Problem(f"not a {FORMAT} document", "format", str(path)))
    return data


def restore(store: Any, data: dict[str, Any], *, batch: int = 2_000) -> None:
    """Recreate a dump in an empty store, in one atomic change set."""
    onto = load_ontology()
    if store.counts().labels:
        raise InvalidData(Problem("restore needs an empty graph (tongxin clear first)"))
    known_labels, known_types = set(onto.labels), set(onto.edges)
    ids: set[str] = set()
    by_labels: dict[tuple[str, ...], list[dict[str, Any]]] = defaultdict(list)
    archived: list[dict[str, Any]] = []
    for node in data["nodes"]:
        labels = tuple(sorted(node["labels"]))
        if labels == (ARCHIVE_LABEL,) and "id" in node["props"]:  # a judged member folded into its head
            archived.append(node["props"])
            continue
        bad = [lb for lb in labels if lb not in known_labels]
        if bad or "Entity" not in labels or "id" not in node["props"]:
            raise InvalidData(f"node {node['props'].get('id')!r}: labels {labels} not from the ontology")
        ids.add(node["props"]["id"])
        by_labels[labels].append(node["props"])
    by_type: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for edge in data["edges"]:
        if edge["type"] not in known_types:
            raise InvalidData(f"edge type {edge['type']!r} is not in the ontology")
        if edge["source"] not in ids or edge["target"] not in ids:
            raise InvalidData(f"edge {edge['source']} -[{edge['type']}]-> {edge['target']}: missing end node")
        by_type[edge["type"]].append({"from": edge["source"], "to": edge["target"], "props": edge["props"]})
    stmts: list[Statement] = []
    for labels, rows in by_labels.items():
        extra = "".join(f":{lb}" for lb in labels if lb != "Entity")
        for i in range(0, len(rows), batch):
            chunk = rows[i : i + batch]
            stmts.append(Statement(f"UNWIND $rows AS row CREATE (n:Entity{extra}) SET n = row",
                                   {"rows": chunk}, len(chunk)))
    for i in range(0, len(archived), batch):
        chunk = archived[i : i + batch]
        stmts.append(Statement(f"UNWIND $rows AS row CREATE (n:{ARCHIVE_LABEL}) SET n = row", {"rows": chunk},
                               len(chunk)))
    for etype, rows in by_type.items():
        for i in range(0, len(rows), batch):
            chunk = rows[i : i + batch]
            stmts.append(Statement(
                "UNWIND $rows AS row MATCH (a:Entity {id: row.from}) MATCH (b:Entity {id: row.to}) "
                f"CREATE (a)-[r:{etype}]->(b) SET r = row.props", {"rows": chunk}, len(chunk)))
    store.apply(ChangeSet(stmts))
