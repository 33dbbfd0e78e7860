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
from tongxin.graph.stores.cache import read_version


def cached_body(store: GraphStore, key: tuple[Hashable, ...], build: Callable[[int | None], BaseModel]) -> Response:
    """The JSON body `build(version)` makes, from the store's cache while the data is unchanged.

    `key` must determine the body given the data (the endpoint's path and every parameter it takes)."""
    cache = store.result_cache
    version = read_version(store)
    if cache is None or version is None:
        return Response(build(version).model_dump_json(), media_type="application/json")
    ckey = cache.key(*key)
    data = cache.get_bytes(ckey, version)
    if data is None:
        data = build(version).model_dump_json().encode()
        cache.put_bytes(ckey, version, data)
    return Response(data, media_type="application/json")


async def cached_response(store: GraphStore, key: tuple[Hashable, ...],
                          build: Callable[[int | None], BaseModel]) -> Response:
    """`cached_body` for an `async def` endpoint: a hit is answered on the event loop (one version read
    — a GET over the unix socket, tens of µs — and a look-up), with no hop to the thread pool, which costs
    more than the hit itself; a miss builds the body in the thread pool."""
    cache = store.result_cache
    if cache is None:
        return await run_in_threadpool(cached_body, store, key, build)
    version = read_version(store)
    if version is None:
        return await run_in_threadpool(cached_body, store, key, build)
    ckey = cache.key(*key)
    data = cache.get_bytes(ckey, version)
    if data is None:
        data = await run_in_threadpool(lambda: build(version).model_dump_json().encode())
        cache.put_bytes(ckey, version, data)
    return Response(data, media_type="application/json")
