"""The embedded default: FalkorDB through the `falkordb` client, on a server we start ourselves.

Atomic change sets use a Redis MULTI/EXEC transaction around the GRAPH.QUERY statements: no other
client's command runs in between, and the append-only file records the block whole or (after a crash
mid-write) not at all. Statements are built from validated input only (tongxin.graph.writer), so none
fails at run time for a reason validation could have caught.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

import redis
from falkordb import FalkorDB
from falkordb.edge import Edge as FEdge
from falkordb.node import Node as FNode
from falkordb.path import Path as FPath

from tongxin.errors import BackendUnavailable, TongxinError
from tongxin.graph.stores.base import INDEXED_PROPERTIES, Counts, QueryResult, WriteResult
from tongxin.graph.stores.embedded import EmbeddedServer
from tongxin.graph.writer import ChangeSet
from tongxin.settings import Settings


class QueryFailed(TongxinError):
    """The engine rejected or aborted a query (syntax, timeout, read-only violation)."""


def _plain(value: Any) -> Any:
    """Engine values → plain Python: nodes and edges become maps, paths lists of them."""
    if isinstance(value, FNode):
        return {"_labels": list(value.labels or []), **(value.properties or {})}
    if isinstance(value, FEdge):
        return {"_type": value.relation, **(value.properties or {})}
    if isinstance(value, FPath):
        return {"nodes": [_plain(n) for n in value.nodes()], "edges": [_plain(e) for e in value.edges()]}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


class FalkorDBStore:
    name = "falkordb"

    def __init__(self, server: EmbeddedServer, graph: str = "tongxin", timeout_ms: int = 10_000):
        self.server = server
        self.db = FalkorDB(unix_socket_path=str(server.socket_path))
        self.graph = self.db.select_graph(graph)
        self.graph_name = graph
        self.timeout_ms = timeout_ms

    @classmethod
    def from_settings(cls, settings: Settings) -> FalkorDBStore:
        server = EmbeddedServer.ensure(Path(settings.tongxin_data_dir))
        return cls(server, settings.tongxin_graph, settings.tongxin_query_timeout_ms)

    # --- protocol ---------------------------------------------------------------------------------
    def apply(self, changes: ChangeSet) -> WriteResult:
        if not len(changes):
            return WriteResult()
        pipe = self.db.connection.pipeline(transaction=True)
        for stmt in changes:
            header = self.graph._build_params_header(stmt.params) if stmt.params else ""
            pipe.execute_command("GRAPH.QUERY", self.graph_name, header + stmt.cypher, "--compact")
        try:
            replies = pipe.execute(raise_on_error=False)
        except redis.exceptions.ConnectionError as exc:
            raise BackendUnavailable(f"lost the embedded FalkorDB server during a write: {exc}") from exc
        result = WriteResult(statements=len(replies))
        errors = [r for r in replies if isinstance(r, Exception)]
        if errors:  # cannot happen for validated input; say so loudly if it does
            raise QueryFailed(f"{len(errors)} statement(s) failed inside a transaction: {errors[0]}")
        for reply in replies:
            for line in reply[-1] if reply else []:
                text = line.decode() if isinstance(line, bytes) else str(line)
                key, _, val = text.partition(":")
                key = key.strip().lower()
                try:
                    num = int(float(val.strip().split()[0]))
                except (ValueError, IndexError):
                    continue
                if key == "nodes created":
                    result.nodes_created += num
                elif key == "relationships created":
                    result.relationships_created += num
                elif key == "properties set":
                    result.properties_set += num
        return result

    def query(
        self, cypher: str, params: Mapping[str, Any] | None = None, *, timeout_ms: int | None = None
    ) -> QueryResult:
        try:
            res = self.graph.ro_query(cypher, dict(params) if params else None, timeout=timeout_ms or self.timeout_ms)
        except redis.exceptions.ConnectionError as exc:
            raise BackendUnavailable(f"the embedded FalkorDB server is not reachable: {exc}") from exc
        except redis.exceptions.ResponseError as exc:
            raise QueryFailed(str(exc)) from exc
        columns = [h[1] if isinstance(h, list | tuple) else h for h in (res.header or [])]
        columns = [c.decode() if isinstance(c, bytes) else str(c) for c in columns]
        return QueryResult(columns, [[_plain(v) for v in row] for row in res.result_set])

    def write_query(self, cypher: str, params: Mapping[str, Any] | None = None) -> QueryResult:
        """Run one writing statement outside the change-set path (schema, maintenance)."""
        res = self.graph.query(cypher, dict(params) if params else None)
        return QueryResult([str(h[1]) for h in (res.header or [])], res.result_set)

    def ensure_schema(self) -> None:
        existing = {(r[0], r[1]) for r in self._indexes()}
        for label, props in INDEXED_PROPERTIES.items():
            for prop in props:
                if (label, prop) not in existing:
                    self.graph.query(f"CREATE INDEX FOR (n:{label}) ON (n.{prop})")
        constraints = {(c.get("label"), tuple(c.get("properties", ()))) for c in self._constraints()}
        if ("Entity", ("id",)) not in constraints:
            try:
                self.graph.create_node_unique_constraint("Entity", "id")
            except redis.exceptions.ResponseError as exc:
                if "already exists" not in str(exc):
                    raise

    def _indexes(self) -> list[tuple[str, str]]:
        try:
            res = self.graph.ro_query("CALL db.indexes() YIELD label, properties RETURN label, properties")
        except redis.exceptions.ResponseError:
            return []
        return [(row[0], p) for row in res.result_set for p in row[1]]

    def _constraints(self) -> list[dict[str, Any]]:
        try:
            return list(self.graph.list_constraints())
        except redis.exceptions.ResponseError:
            return []

    def counts(self) -> Counts:
        labels: dict[str, int] = {}
        edges: dict[str, int] = {}
        try:
            lab = self.graph.ro_query("CALL db.labels() YIELD label RETURN label").result_set
            rel = self.graph.ro_query(
                "CALL db.relationshiptypes() YIELD relationshipType RETURN relationshipType"
            ).result_set
        except redis.exceptions.ResponseError:  # an empty (never created) graph
            return Counts({}, {})
        except redis.exceptions.ConnectionError as exc:
            raise BackendUnavailable(str(exc)) from exc
        for (label,) in lab:  # names come from the engine's catalogue, not from input
            n = self.graph.ro_query(f"MATCH (n:`{label}`) RETURN count(n)").result_set[0][0]
            if n:
                labels[label] = n
        for (rtype,) in rel:
            n = self.graph.ro_query(f"MATCH ()-[r:`{rtype}`]->() RETURN count(r)").result_set[0][0]
            if n:
                edges[rtype] = n
        return Counts(labels, edges)

    def clear(self) -> None:
        try:
            self.graph.delete()
        except redis.exceptions.ResponseError as exc:
            if "empty key" not in str(exc).lower() and "invalid graph" not in str(exc).lower():
                raise

    def close(self) -> None:
        try:
            self.db.connection.close()
        finally:
            self.server.close()

    def __enter__(self) -> FalkorDBStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
