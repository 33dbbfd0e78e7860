"""Neo4j 5 through the official `neo4j` driver (not py2neo, which is end-of-life).

Change sets run in one managed write transaction (retried by the driver on transient errors); reads run
in read-only sessions with a transaction timeout, so a writing query is refused by the server.

Reads are not cached here (`data_version()` is None). A version that other processes' writes move on
would have to be a node (or a property) that every write transaction updates — which serialises all
writers on it — and reading it is a round trip to the server, comparable to the short reads a cache
would save. Neo4j has its own query and page caches.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import neo4j
from neo4j import GraphDatabase
from neo4j.exceptions import ClientError, Neo4jError, ServiceUnavailable
from neo4j.graph import Node as NNode
from neo4j.graph import Path as NPath
from neo4j.graph import Relationship as NRel

from tongxin.errors import BackendUnavailable, TongxinError
from tongxin.graph.stores.base import INDEXED_PROPERTIES, RETIRED_INDEXES, Counts, QueryResult, WriteResult
from tongxin.graph.stores.cache import ResultCache
from tongxin.graph.writer import ChangeSet
from tongxin.settings import Settings


class QueryFailed(TongxinError):
    """The server rejected or aborted a query."""


def _plain(value: Any) -> Any:
    if isinstance(value, NNode):
        return {"_labels": sorted(value.labels), **dict(value)}
    if isinstance(value, NRel):
        return {"_type": value.type, **dict(value)}
    if isinstance(value, NPath):
        return {"nodes": [_plain(n) for n in value.nodes], "edges": [_plain(r) for r in value.relationships]}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    return value


class Neo4jStore:
    name = "neo4j"
    result_cache: ResultCache | None = None  # no data version, so no result cache (see the module docstring)

    def __init__(self, uri: str, user: str, password: str, database: str = "neo4j", timeout_ms: int = 10_000):
        self.driver = GraphDatabase.driver(uri, auth=(user, password))
        self.database = database
        self.timeout_ms = timeout_ms
        try:
            self.driver.verify_connectivity()
        except (ServiceUnavailable, OSError, Neo4jError) as exc:
            self.driver.close()
            raise BackendUnavailable(f"cannot reach Neo4j at {uri}: {exc}") from exc

    @classmethod
    def from_settings(cls, settings: Settings) -> Neo4jStore:
        if not settings.neo4j_uri:
            raise BackendUnavailable("NEO4J_URI is not set")
        password = settings.neo4j_password.get_secret_value() if settings.neo4j_password else ""
        return cls(settings.neo4j_uri, settings.neo4j_user, password, settings.neo4j_database,
                   settings.tongxin_query_timeout_ms)

    def apply(self, changes: ChangeSet) -> WriteResult:
        def work(tx: neo4j.ManagedTransaction) -> WriteResult:
            out = WriteResult()
            for stmt in changes:
                summary = tx.run(stmt.cypher, stmt.params).consume()
                c = summary.counters
                out.statements += 1
                out.nodes_created += c.nodes_created
                out.relationships_created += c.relationships_created
                out.properties_set += c.properties_set
            return out

        try:
            with self.driver.session(database=self.database) as session:
                return session.execute_write(work)
        except ServiceUnavailable as exc:
            raise BackendUnavailable(str(exc)) from exc

    def query(
        self, cypher: str, params: Mapping[str, Any] | None = None, *, timeout_ms: int | None = None
    ) -> QueryResult:
        timeout = (timeout_ms or self.timeout_ms) / 1000

        def work(tx: neo4j.ManagedTransaction) -> QueryResult:
            res = tx.run(cypher, dict(params or {}))
            keys = list(res.keys())
            return QueryResult(keys, [[_plain(r[k]) for k in keys] for r in res])

        work_t = neo4j.unit_of_work(timeout=timeout)(work)
        try:
            with self.driver.session(database=self.database, default_access_mode=neo4j.READ_ACCESS) as s:
                return s.execute_read(work_t)
        except ServiceUnavailable as exc:
            raise BackendUnavailable(str(exc)) from exc
        except ClientError as exc:
            raise QueryFailed(f"{exc.code}: {exc.message}") from exc

    def write_query(self, cypher: str, params: Mapping[str, Any] | None = None) -> QueryResult:
        records, _, keys = self.driver.execute_query(cypher, dict(params or {}), database_=self.database)
        return QueryResult(list(keys), [[_plain(r[k]) for k in keys] for r in records])

    def ensure_schema(self) -> None:
        self.driver.execute_query(
            "CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE",
            database_=self.database,
        )
        for label, props in INDEXED_PROPERTIES.items():
            for prop in props:
                if (label, prop) == ("Entity", "id"):
                    continue  # backed by the constraint
                self.driver.execute_query(
                    f"CREATE INDEX {label.lower()}_{prop} IF NOT EXISTS FOR (n:{label}) ON (n.{prop})",
                    database_=self.database,
                )
        for label, prop in RETIRED_INDEXES:
            self.driver.execute_query(f"DROP INDEX {label.lower()}_{prop} IF EXISTS", database_=self.database)

    def counts(self) -> Counts:
        labels: dict[str, int] = {}
        edges: dict[str, int] = {}
        recs, _, _ = self.driver.execute_query("CALL db.labels() YIELD label RETURN label", database_=self.database)
        for r in recs:
            n = self.query(f"MATCH (n:`{r['label']}`) RETURN count(n) AS n").rows[0][0]
            if n:
                labels[r["label"]] = n
        recs, _, _ = self.driver.execute_query(
            "CALL db.relationshipTypes() YIELD relationshipType RETURN relationshipType", database_=self.database
        )
        for r in recs:
            n = self.query(f"MATCH ()-[x:`{r['relationshipType']}`]->() RETURN count(x) AS n").rows[0][0]
            if n:
                edges[r["relationshipType"]] = n
        return Counts(labels, edges)

    def data_version(self) -> int | None:
        return None

    def clear(self) -> None:
        # CALL … IN TRANSACTIONS needs an auto-commit transaction, hence session.run
        with self.driver.session(database=self.database) as session:
            session.run("MATCH (n) CALL { WITH n DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()

    def close(self) -> None:
        self.driver.close()

    def __enter__(self) -> Neo4jStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
