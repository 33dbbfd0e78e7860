"""Response bodies cached with the store's query results: the same data version, the same invalidation.

A cached body is JSON bytes (immutable), built by the endpoint's service function on a miss — with the
version read here, before its queries ran — and served as is on a hit, so a repeated request costs one
version read (FalkorDB: one GET) and a dictionary look-up: no result copies, models or serialisation.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable

from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from pydantic import BaseModel

from tongxin.graph.stores.base import GraphStore
from tongxin.graph.stores.cache import ResultCache, read_version


def _lookup(store: GraphStore, key: tuple[Hashable, ...],
            ) -> tuple[ResultCache | None, Hashable, int | None, bytes | None]:
    """(cache, cache key, data version, the cached body or None); cache None: bodies are not cached."""
    cache = store.result_cache
    version = read_version(store)
    if cache is None or version is None:
        return None, None, version, None
    ckey = cache.key(*key)
    return cache, ckey, version, cache.get_bytes(ckey, version)


def _built(cache: ResultCache | None, ckey: Hashable, version: int | None,
           build: Callable[[int | None], BaseModel]) -> bytes:
    data = build(version).model_dump_json().encode()
    if cache is not None and version is not None:
        cache.put_bytes(ckey, version, data)
    return data


def cached_body(store: GraphStore, key: tuple[Hashable, ...], build: Callable[[int | None], BaseModel]) -> Response:
    """The JSON body `build(version)` makes, from the store's cache while the data is unchanged.

    `key` must determine the body given the data (the endpoint's path and every parameter it takes)."""
    cache, ckey, version, data = _lookup(store, key)
    if data is None:
        data = _built(cache, ckey, version, build)
    return Response(data, media_type="application/json")


async def cached_response(store: GraphStore, key: tuple[Hashable, ...],
                          build: Callable[[int | None], BaseModel]) -> Response:
    """`cached_body` for an `async def` endpoint: a hit is answered on the event loop (one version read
    — a GET over the unix socket, tens of µs — and a look-up), with no hop to the thread pool, which costs
    more than the hit itself; a miss builds the body in the thread pool."""
    cache, ckey, version, data = _lookup(store, key)
    if data is None:
        data = await run_in_threadpool(_built, cache, ckey, version, build)
    return Response(data, media_type="application/json")
