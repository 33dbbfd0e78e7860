"""Neo4j 5 through the official `neo4j` driver (not py2neo, which is end-of-life).

Change sets run in one managed write transaction; reads run in read-only sessions with a transaction
timeout, so a writing query is refused by the server. Every driver and server error leaves this module as
one of tongxin.errors' store errors: BackendUnavailable (server gone), QueryTimeout, QueryFailed.

Concurrent writers. The writer looks a node up by id and creates it if missing (graph/writer.py), under
the unique constraint on Entity.id: two change sets creating the same node at once both find it missing,
and the second to commit fails with ConstraintValidationFailed. Its retry finds the node and updates it,
so `apply` runs a change set again when that happens (WRITE_ATTEMPTS times at most: any other constraint
failure is not a race and fails at once). Writers that lock the same places in different orders may
deadlock; the server then aborts one with a transient error, which the driver retries for up to
RETRY_SECONDS (tests/test_reliability_concurrency.py runs five writers and 32 readers on both engines).

Reads are not cached here (`data_version()` is None). A version that other processes' writes move on
would have to be a node (or a property) that every write transaction updates — which serialises all
writers on it — and reading it is a round trip to the server, comparable to the short reads a cache
would save. Neo4j has its own query and page caches.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TypeVar

import neo4j
from neo4j import GraphDatabase
from neo4j.exceptions import ConstraintError, Neo4jError, ServiceUnavailable, SessionExpired
from neo4j.graph import Node as NNode
from neo4j.graph import Path as NPath
from neo4j.graph import Relationship as NRel

from tongxin.errors import BackendUnavailable, BadParameter, InvalidData, Problem, QueryFailed, QueryTimeout
from tongxin.graph.changes import ChangeSet
from tongxin.graph.migrations import migrate
from tongxin.graph.stores.base import INDEXED_PROPERTIES, RETIRED_INDEXES, Counts, QueryResult, WriteResult
from tongxin.graph.stores.cache import ResultCache
from tongxin.settings import Settings

T = TypeVar("T")
WRITE_ATTEMPTS = 8  # a change set that lost a creation race is run again (module docstring)
RETRY_SECONDS = 120.0  # the driver's budget for retrying a transaction the server aborted (deadlock, …)
_TIMED_OUT = {"Neo.ClientError.Transaction.TransactionTimedOut",
              "Neo.ClientError.Transaction.TransactionTimedOutClientConfiguration"}
_RACE = "Neo.ClientError.Schema.ConstraintValidationFailed"


@contextmanager
def _store_errors(what: str, timeout_ms: int | None = None) -> Iterator[None]:
    """Driver and server errors → tongxin.errors (BackendUnavailable, QueryTimeout, QueryFailed)."""
    try:
        yield
    except (ServiceUnavailable, SessionExpired, OSError) as exc:
        raise BackendUnavailable(f"Neo4j is not reachable ({what}): {exc}") from exc
    except Neo4jError as exc:
        if exc.code in _TIMED_OUT:
            raise QueryTimeout(f"{what} ran past its limit of {timeout_ms} ms: {exc.message}") from exc
        raise QueryFailed(f"{what} failed and changed nothing: {exc.code}: {exc.message}") from exc


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


INT64 = (-(2**63), 2**63 - 1)


def _too_big(value: Any, where: str) -> str | None:
    """Where in a parameter value an integer lies beyond 64 bits (Bolt carries no more), or None."""
    if isinstance(value, int) and not isinstance(value, bool):
        return where if not INT64[0] <= value <= INT64[1] else None
    if isinstance(value, list | tuple):
        return next((w for i, v in enumerate(value) if (w := _too_big(v, f"{where}[{i}]"))), None)
    if isinstance(value, Mapping):
        return next((w for k, v in value.items() if (w := _too_big(v, f"{where}.{k}"))), None)
    return None


def _checked(params: Mapping[str, Any] | None) -> dict[str, Any]:
    """The parameters of a read, or BadParameter naming one the driver could not send."""
    for key, value in (params or {}).items():
        if _too_big(value, key):
            raise BadParameter(key, "an integer beyond 64 bits")
    return dict(params or {})


def _name(token: str) -> str:
    """A label or type name read from the server, fit to be quoted in backticks."""
    return token.replace("`", "``")


@dataclass(frozen=True)
class PreparedChanges:
    changes: ChangeSet

    @property
    def statements(self) -> int:
        return len(self.changes)



# Search (catalogue search.yaml, its cypher_neo4j text): names and aliases in a full-text index whose
# analyzer (Lucene's standard tokenizer) makes each Han character a token, so that a phrase query of Han
# characters finds every name that contains them in a row; pinyin prefixes (`loudi*`) from a full-text
# index of the pinyin keys, each key one token (the keyword analyzer). FalkorDB scans (its text has no
# index to use).
SEARCH_SCHEMA = (
    "CREATE FULLTEXT INDEX entity_names IF NOT EXISTS FOR (n:Entity) ON EACH [n.name, n.aliases] "
    "OPTIONS {indexConfig: {`fulltext.analyzer`: 'standard-no-stop-words', `fulltext.eventually_consistent`: false}}",
    "CREATE FULLTEXT INDEX entity_pinyin_keys IF NOT EXISTS FOR (n:Entity) ON EACH [n.pinyin_keys, n.pinyin_tails] "
    "OPTIONS {indexConfig: {`fulltext.analyzer`: 'keyword', `fulltext.eventually_consistent`: false}}",
    "DROP INDEX entity_pinyin IF EXISTS",  # the range index on n.pinyin, which search no longer reads
)

class Neo4jStore:
    name = "neo4j"
    result_cache: ResultCache | None = None  # no data version, so no result cache (see the module docstring)

    def __init__(self, uri: str, user: str, password: str, database: str = "neo4j", timeout_ms: int = 10_000):
        self.uri, self.user, self.password = uri, user, password
        # "unrecognized" notifications (a label or property no node has yet) are the normal state of a
        # schemaless graph being filled; the driver would log one per query run
        self.driver = GraphDatabase.driver(uri, auth=(user, password), max_transaction_retry_time=RETRY_SECONDS,
                                           notifications_disabled_classifications=["UNRECOGNIZED"])
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

    def _write(self, work: Callable[[neo4j.ManagedTransaction], T], what: str) -> T:
        """Run `work` in one write transaction, again if it lost a race to create a node (module docstring)."""
        with _store_errors(what):
            for attempt in range(1, WRITE_ATTEMPTS + 1):
                try:
                    with self.driver.session(database=self.database) as session:
                        return session.execute_write(work)
                except ConstraintError as exc:
                    if exc.code != _RACE or attempt == WRITE_ATTEMPTS:
                        raise
                    time.sleep(random.uniform(0.05, 0.1) * attempt)
        raise AssertionError("unreachable")  # the loop returns or raises

    def apply(self, changes: ChangeSet) -> WriteResult:
        return self.send(self.prepare(changes))

    def prepare(self, changes: ChangeSet) -> PreparedChanges:
        """The change set as it is: the driver sends parameters as typed values, which need no printing
        and no check beyond the ontology's but for integers beyond 64 bits, which Bolt cannot carry
        (InvalidData); the server refuses what else it cannot store (QueryFailed)."""
        problems = [Problem("an integer beyond 64 bits", where) for i, stmt in enumerate(changes)
                    for key, value in stmt.params.items() if (where := _too_big(value, f"statements[{i}].{key}"))]
        if problems:
            raise InvalidData(problems)
        return PreparedChanges(changes)

    def send(self, prepared: PreparedChanges) -> WriteResult:
        changes = prepared.changes

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

        if not len(changes):
            return WriteResult()
        return self._write(work, "the change set")

    def query(
        self, cypher: str, params: Mapping[str, Any] | None = None, *, timeout_ms: int | None = None
    ) -> QueryResult:
        timeout_ms = timeout_ms or self.timeout_ms
        values = _checked(params)

        def work(tx: neo4j.ManagedTransaction) -> tuple[list[str], list[list[Any]]]:
            res = tx.run(cypher, values)
            return list(res.keys()), res.values()

        # The server's timeout runs until the transaction ends, client time included: the rows are taken
        # in one batch (fetch_size=-1) and turned into plain values after the commit, so that a thread
        # waiting for the GIL among many (the API's workers) does not spend the query's time.
        work_t = neo4j.unit_of_work(timeout=timeout_ms / 1000)(work)
        with _store_errors("the query", timeout_ms), self.driver.session(
                database=self.database, default_access_mode=neo4j.READ_ACCESS, fetch_size=-1) as s:
            keys, rows = s.execute_read(work_t)
        return QueryResult(keys, [[_plain(v) for v in row] for row in rows])

    def write_query(self, cypher: str, params: Mapping[str, Any] | None = None) -> QueryResult:
        problem = next((w for k, v in (params or {}).items() if (w := _too_big(v, f"params.{k}"))), None)
        if problem:
            raise InvalidData(Problem("an integer beyond 64 bits", problem))
        values = dict(params or {})

        def work(tx: neo4j.ManagedTransaction) -> QueryResult:
            res = tx.run(cypher, values)
            keys = list(res.keys())
            return QueryResult(keys, [[_plain(r[k]) for k in keys] for r in res])

        return self._write(work, "the writing query")

    def _schema(self, cypher: str) -> None:
        with _store_errors("a schema command"):
            self.driver.execute_query(cypher, database_=self.database)

    def _indexes(self) -> set[tuple[str, str]]:
        """(label, property) of every node index the database has (constraints' backing indexes included)."""
        with _store_errors("listing the indexes"):
            records, _, _ = self.driver.execute_query(
                "SHOW INDEXES YIELD entityType, labelsOrTypes, properties WHERE entityType = 'NODE' "
                "RETURN labelsOrTypes, properties", database_=self.database)
        return {(label, prop) for r in records for label in (r["labelsOrTypes"] or [])
                for prop in (r["properties"] or [])}

    def ensure_schema(self) -> None:
        self._schema("CREATE CONSTRAINT entity_id IF NOT EXISTS FOR (n:Entity) REQUIRE n.id IS UNIQUE")
        migrate(self, self._indexes())  # before the indexes that mark a graph as migrated
        for label, props in INDEXED_PROPERTIES.items():
            for prop in props:
                if (label, prop) == ("Entity", "id"):
                    continue  # backed by the constraint
                self._schema(f"CREATE INDEX {label.lower()}_{prop} IF NOT EXISTS FOR (n:{label}) ON (n.{prop})")
        for label, prop in RETIRED_INDEXES:
            self._schema(f"DROP INDEX {label.lower()}_{prop} IF EXISTS")
        for statement in SEARCH_SCHEMA:
            self._schema(statement)
        for index in ("entity_names", "entity_pinyin_keys"):
            self._schema(f"CALL db.awaitIndex('{index}', 600)")  # populating over an existing graph

    def counts(self) -> Counts:
        """Nodes by label and edges by type, in one read transaction: each count is one lookup in the
        server's count store, not a scan."""
        def work(tx: neo4j.ManagedTransaction) -> Counts:
            labels: dict[str, int] = {}
            edges: dict[str, int] = {}
            for (label,) in tx.run("CALL db.labels() YIELD label RETURN label").values():
                n = tx.run(f"MATCH (n:`{_name(label)}`) RETURN count(n) AS n").single(strict=True)["n"]
                if n:
                    labels[label] = n
            for (rtype,) in tx.run("CALL db.relationshipTypes() YIELD relationshipType "
                                   "RETURN relationshipType").values():
                n = tx.run(f"MATCH ()-[x:`{_name(rtype)}`]->() RETURN count(x) AS n").single(strict=True)["n"]
                if n:
                    edges[rtype] = n
            return Counts(labels, edges)

        with _store_errors("counting", self.timeout_ms), \
                self.driver.session(database=self.database, default_access_mode=neo4j.READ_ACCESS) as s:
            return s.execute_read(work)

    def data_version(self) -> int | None:
        return None

    def clear(self) -> None:
        # CALL … IN TRANSACTIONS needs an auto-commit transaction, hence session.run
        with _store_errors("clearing the graph"), self.driver.session(database=self.database) as session:
            session.run("MATCH (n) CALL (n) { DETACH DELETE n } IN TRANSACTIONS OF 10000 ROWS").consume()

    def close(self) -> None:
        self.driver.close()

    def __enter__(self) -> Neo4jStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
