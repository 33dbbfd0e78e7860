"""The FastAPI application: coverage, linkage, search and views over the graph, the web front at /, OpenAPI
docs at /docs (offline: the Swagger UI assets ship in a package)."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from fastapi import FastAPI
from fastapi_offline import FastAPIOffline
from starlette.concurrency import run_in_threadpool

from tongxin import __version__
from tongxin.api import errors, guard
from tongxin.api.routes import coverage, dedupe, history, linkage, load, meta, places, views
from tongxin.graph.placeset import close_keeping_record, prefetch_at_rest, resolver_for
from tongxin.graph.stores import GraphStore, open_store
from tongxin.settings import Settings

# Every error has the one shape of tongxin.api.errors; declared for every operation, so that the OpenAPI
# document describes the responses clients actually get (FastAPI would document its own 422 shape).
ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    code: {"model": errors.ErrorBody, "description": description,
           "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ErrorBody"}}}}
    for code, description in (
        (400, "the request is malformed (e.g. an unreadable multipart body)"),
        (401, "a bearer token is required, or the one given is wrong"),
        (403, "writes are disabled (no TONGXIN_API_TOKEN configured)"),
        (404, "unknown node, place (with candidates) or named query"),
        (413, "the upload or the view is over its size limit"),
        (422, "a parameter or the uploaded file is invalid"),
        (503, "the graph store is unavailable"),
        (504, "the query ran past its time limit"),
    )
}


def create_app(settings: Settings | None = None, store: GraphStore | None = None) -> FastAPI:
    """Build the app. With no store given, the configured one is opened at start-up and closed at the end."""
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        owned = store is None
        app.state.view_pool = guard.view_pool(settings)  # a fresh one for each run of the app
        if owned and settings.tongxin_backend != "neo4j":  # the places index read while the server starts
            prefetch_at_rest(Path(settings.tongxin_data_dir), settings.tongxin_graph,
                             cache_dir=settings.tongxin_cache_dir)
        app.state.store = store or open_store(settings)
        if owned:  # a server process (not an app built around a test's store)
            app.state.store.ensure_schema()
            # read the index of the graph's places (seconds) before the first request, not in it (an app
            # built around a given store reads it on the first request that resolves a place)
            await run_in_threadpool(resolver_for, app.state.store, cache_dir=settings.tongxin_cache_dir)
            # move everything alive now (the gazetteer and the resolver, ~1.3M objects nationally) out of the
            # garbage collector's way — each full collection would traverse them all, a pause in whichever
            # request triggers it
            gc.collect()
            gc.freeze()
        try:
            yield
        finally:
            app.state.view_pool.shutdown(wait=False, cancel_futures=True)
            if owned:  # (an embedded server stopped here leaves the places record for the next command)
                close_keeping_record(app.state.store, Path(settings.tongxin_data_dir), settings.tongxin_graph)

    # FastAPIOffline: FastAPI with /docs (Swagger UI) and /redoc served from the assets its package ships,
    # not from a CDN — the docs work with no network
    app = FastAPIOffline(
        responses=ERROR_RESPONSES,
        title="tongxin 同心图谱",
        version=__version__,
        description="A knowledge graph of local United Front work: coverage and linkage questions over "
        "organisations, people, programs and places.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    app.state.view_pool = guard.view_pool(settings)
    app.add_middleware(guard.RequestGuard, settings=settings)  # hosts; POST /load: token and size first
    if store is not None:
        app.state.store = store
    errors.install(app)
    for module in (meta, places, coverage, linkage, load, history, views, dedupe):
        app.include_router(module.router)
    from tongxin import web  # the pages at / (imported here: the API alone does not need Jinja)

    web.install(app)
    return app
