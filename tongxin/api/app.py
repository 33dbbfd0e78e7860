"""The FastAPI application: coverage, linkage, search and views over the graph, OpenAPI docs at /docs."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI

from tongxin import __version__
from tongxin.api import errors
from tongxin.api.routes import coverage, linkage, load, meta, places, views
from tongxin.graph.stores import GraphStore, open_store
from tongxin.settings import Settings


def create_app(settings: Settings | None = None, store: GraphStore | None = None) -> FastAPI:
    """Build the app. With no store given, the configured one is opened at start-up and closed at the end."""
    settings = settings or Settings()

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        owned = store is None
        app.state.store = store or open_store(settings)
        if owned:
            app.state.store.ensure_schema()
        try:
            yield
        finally:
            if owned:
                app.state.store.close()

    app = FastAPI(
        title="tongxin 同心图谱",
        version=__version__,
        description="A knowledge graph of local United Front work: coverage and linkage questions over "
        "organisations, people, programs and places.",
        lifespan=lifespan,
    )
    app.state.settings = settings
    if store is not None:
        app.state.store = store
    errors.install(app)
    for module in (meta, places, coverage, linkage, load, views):
        app.include_router(module.router)
    return app
