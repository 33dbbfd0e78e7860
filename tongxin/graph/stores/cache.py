"""A bounded cache of read results, kept consistent with writes by the store's data version.

A store that can tell its *data version* cheaply (`data_version()`: a number that changes with every write,
atomically with the write, and that every process writing to the same data sees) may own a ResultCache.
`cached_query` then answers a read from the cache when the version has not changed since the result was
stored, and runs it otherwise. Entries are tagged with the version read *before* their query ran, so an
entry never claims to be newer than it is: a write that lands while the query runs makes the entry's
result newer than its tag, never older (a later reader sees the new version and misses).

Results go in and come out as copies: no caller can change what another one gets.
"""

from __future__ import annotations

import copy
import threading
from collections.abc import Hashable, Mapping
from typing import Any, Protocol

from cachetools import LRUCache

from tongxin.graph.stores.base import QueryResult

_SCALARS = (str, int, float, bool, bytes, type(None))


def _copy(value: Any) -> Any:
    """A deep copy of a plain value (maps, lists, scalars) — much faster than copy.deepcopy for rows."""
    if isinstance(value, _SCALARS):
        return value
    if isinstance(value, list):
        return [_copy(v) for v in value]
    if isinstance(value, dict):
        return {k: _copy(v) for k, v in value.items()}
    return copy.deepcopy(value)


def _frozen(value: Any) -> Hashable:
    """A hashable form of a parameter value that tells 1, 1.0 and True apart."""
    if isinstance(value, list | tuple):
        return ("list", tuple(_frozen(v) for v in value))
    if isinstance(value, Mapping):
        return ("map", tuple(sorted((str(k), _frozen(v)) for k, v in value.items())))
    return (type(value).__name__, value)


class ResultCache:
    """An LRU of query results (and of response bodies built from them), valid for one data version.

    Keys: `key(text, params)` for a query, `key(...)` of any hashable parts for a body. Bounded by entries
    (`max_entries`) and by the rows held in all of them (`max_rows`; a body counts one row per 256 bytes);
    an entry of more than `max_rows // 8` rows is not kept. Thread-safe (the API runs requests in threads).
    """

    BYTES_PER_ROW = 256

    def __init__(self, scope: tuple[str, ...], max_entries: int = 2048, max_rows: int = 200_000):
        self.scope = scope  # (store name, graph): part of every key
        self.max_entries = max_entries
        self.max_rows = max_rows
        # key -> (value, rows); cachetools keeps the recency order and the rows' bound (`getsizeof`), the
        # entries' bound is kept in _put
        self._entries: LRUCache[Hashable, tuple[Any, int]] = LRUCache(max_rows, getsizeof=lambda e: e[1])
        self._version: int | None = None
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def __len__(self) -> int:
        return len(self._entries)

    def key(self, *parts: Any) -> Hashable:
        return (*self.scope, *(_frozen(p) for p in parts))

    # --- query results: copied in and out -----------------------------------------------------------
    def get(self, key: Hashable, version: int) -> QueryResult | None:
        """A copy of the cached result, if there is one for this version."""
        value = self._get(key, version)
        if value is None:
            return None
        columns, rows = value
        return QueryResult(list(columns), _copy(rows))

    def put(self, key: Hashable, version: int, result: QueryResult) -> None:
        """Keep a copy of a result read at `version` (dropped if the cache has moved on meanwhile)."""
        if len(result.rows) <= self.max_rows // 8:
            self._put(key, version, (tuple(result.columns), _copy(result.rows)), len(result.rows))

    # --- bodies: bytes, immutable -------------------------------------------------------------------
    def get_bytes(self, key: Hashable, version: int) -> bytes | None:
        value = self._get(key, version)
        return value if isinstance(value, bytes) else None

    def put_bytes(self, key: Hashable, version: int, data: bytes) -> None:
        rows = 1 + len(data) // self.BYTES_PER_ROW
        if rows <= self.max_rows // 8:
            self._put(key, version, bytes(data), rows)

    # --- the LRU ------------------------------------------------------------------------------------
    def _get(self, key: Hashable, version: int) -> Any:
        with self._lock:
            if version != self._version:  # the data changed: nothing kept is valid any more
                self._clear(version)
            entry = self._entries.get(key)  # a hit becomes the most recently used
            if entry is None:
                self.misses += 1
                return None
            self.hits += 1
            return entry[0]

    def _put(self, key: Hashable, version: int, value: Any, rows: int) -> None:
        with self._lock:
            if version != self._version:  # read at another version than the cache holds now
                return
            self._entries[key] = (value, rows)  # evicts the least recently used past max_rows
            while len(self._entries) > self.max_entries:
                self._entries.popitem()  # the least recently used

    def clear(self) -> None:
        with self._lock:
            self._clear(None)

    def _clear(self, version: int | None) -> None:
        self._entries.clear()
        self._version = version


class VersionedStore(Protocol):
    name: str
    result_cache: ResultCache | None

    def data_version(self) -> int | None: ...

    def query(
        self, cypher: str, params: Mapping[str, Any] | None = None, *, timeout_ms: int | None = None
    ) -> QueryResult: ...


def read_version(store: VersionedStore) -> int | None:
    """The version a cached read would use now (one GET on FalkorDB); None when the store does not cache."""
    if getattr(store, "result_cache", None) is None:
        return None
    return store.data_version()


READ: Any = object()  # `version=READ`: read the version now


def cached_query(store: VersionedStore, cypher: str, params: Mapping[str, Any] | None = None, *,
                 timeout_ms: int | None = None, version: int | None = READ) -> QueryResult:
    """`store.query`, answered from the store's result cache when its data has not changed since.

    The version is read (FalkorDB: one GET) *before* the query runs — or given by the caller, read by
    `read_version` before any of the queries it covers ran (several reads of one request share one GET).
    A store without a cache, or without a data version (None: Neo4j), runs every query."""
    cache = getattr(store, "result_cache", None)
    if cache is None:
        return store.query(cypher, params, timeout_ms=timeout_ms)
    if version is READ:
        version = store.data_version()
    if version is None:
        return store.query(cypher, params, timeout_ms=timeout_ms)
    key = cache.key(cypher, dict(params or {}))
    hit = cache.get(key, version)
    if hit is not None:
        return hit
    result = store.query(cypher, params, timeout_ms=timeout_ms)
    cache.put(key, version, result)
    return result
