"""One response model per answer (tongxin.queries.bodies): for every CLI command with `--json` that asks
the API's question, the printed JSON equals the API's body — on each engine, over the web tests' graph (a few
counties' places, the seed case records and a small ledger)."""

from __future__ import annotations

import json
from typing import Any

import pytest
from fastapi.testclient import TestClient
from typer.testing import CliRunner

from tests.conftest import BACKEND_PARAMS, backend_store, cli_env, release
from tests.test_web import build_web_graph
from tongxin.api.app import create_app
from tongxin.cli import app as cli_app
from tongxin.entities.judgements import judge
from tongxin.graph.history import Event, record
from tongxin.settings import Settings


@pytest.fixture(scope="module", params=BACKEND_PARAMS)
def store(request, tmp_path_factory):  # type: ignore[no-untyped-def]
    s = backend_store(request, "bodies")
    build_web_graph(s, tmp_path_factory.mktemp("bodies"))
    yield s
    s.clear()
    release(s)


@pytest.fixture(scope="module")
def client(store):  # type: ignore[no-untyped-def]
    with TestClient(create_app(Settings(), store=store)) as c:
        yield c


def _cli(store, *args: str) -> Any:  # type: ignore[no-untyped-def]
    res = CliRunner().invoke(cli_app, [*args, "--json"], env=cli_env(store), catch_exceptions=False)
    assert res.exit_code == 0, (args, res.output)
    return json.loads(res.stdout)


def _api(client, path: str, **params: Any) -> Any:  # type: ignore[no-untyped-def]
    r = client.get(path, params=params)
    assert r.status_code == 200, (path, params, r.text)
    return r.json()


def _entity_id(client, name: str) -> str:  # type: ignore[no-untyped-def]
    hits = _api(client, "/search", q=name)["hits"]
    return str(next(h["id"] for h in hits if h["name"] == name))


def test_search_prints_the_api_body(store, client):
    for q, kind in (("loudi", None), ("上津茶业有限公司", None), ("lsy", "Person"), ("泸州老窖", "Enterprise")):
        cli = _cli(store, "search", q, *(["--kind", kind] if kind else []), "--limit", "7")
        api = _api(client, "/search", q=q, limit=7, **({"kind": kind} if kind else {}))
        assert cli == api and api["hits"], (q, cli, api)


def test_coverage_and_its_rollup_print_the_api_body(store, client):
    cli = _cli(store, "coverage", "--within", "郧西县上津镇", "--partner", "Enterprise", "--limit", "5", "--offset", "2")
    api = _api(client, "/coverage", within="郧西县上津镇", partner="Enterprise", limit=5, offset=2)
    assert cli == api and api["covered"] > 0 and len(api["uncovered"]) == 5, api
    cli = _cli(store, "coverage", "--within", "十堰市", "--by", "county", "--partner", "any")
    api = _api(client, "/coverage/rollup", within="十堰市", by="county", partner="any")
    assert cli == api and api["rows"], api


def test_path_prints_the_api_body(store, client):
    source, target = _entity_id(client, "上津茶业有限公司"), _entity_id(client, "津城建材有限公司")
    cli = _cli(store, "path", source, target, "--max-hops", "4")
    api = _api(client, "/paths", source=source, target=target, max_hops=4)
    assert cli == api and api["paths"], api


def test_query_history_and_places_print_the_api_body(store, client):
    cli = _cli(store, "query", "neighbourhood", "-p", "id=place:420322", "-p", "depth=1")
    api = _api(client, "/queries/neighbourhood", id="place:420322", depth=1)
    assert cli == api and api["count"] > 0, api
    record(store, Event("refused", "bodies-test", file="台账.csv", reason="第2行: 结对村 is empty"))
    cli, api = _cli(store, "history", "--limit", "50"), _api(client, "/history", limit=50)
    assert cli == api and api, api
    cli = _cli(store, "places", "resolve", "上津镇", "--context", "郧西县")
    api = _api(client, "/places/resolve", name="上津镇", context=["郧西县"])
    assert cli == api and api["status"] == "resolved", api


def test_entity_resolution_prints_the_api_body(store, client):
    cli = _cli(store, "dedupe", "--min-score", "0.5", "--limit", "20")
    api = _api(client, "/dedupe/candidates", min_score=0.5, limit=20)
    assert cli == api and api["candidates"], api
    a, b = api["candidates"][0]["left"], api["candidates"][0]["right"]
    judge(store, a, b, "different", author="bodies-test", note="两个单位")
    cli, api = _cli(store, "judgements"), _api(client, "/judgements")
    assert cli == api and [(j["left"], j["right"]) for j in api] == [(a, b)], api
    eid = _entity_id(client, "泸州老窖集团")
    cli, api = _cli(store, "entity", eid), _api(client, f"/entities/{eid}")
    assert cli == api and api["id"] == eid, api
