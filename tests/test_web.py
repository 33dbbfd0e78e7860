"""The web front's pages through FastAPI's test client, on each engine: a few counties' places, the seed case
records and a small ledger — search ranking, entity pages with their evidence, coverage drill-down and its
CSV, linkage, and the errors a user can cause (escaped, with the API's status)."""

from __future__ import annotations

import csv
import io
import re

import pytest
from fastapi.testclient import TestClient

from tests.conftest import (
    BACKEND_PARAMS,
    TEST_COUNTIES,
    backend_store,
    national_resolver,
    release,
    subset_gazetteer,
)
from tongxin.api.app import create_app
from tongxin.loaders.caserecord import bundled_case_records, load_case_record
from tongxin.loaders.ledger import load_ledger
from tongxin.loaders.places import import_places
from tongxin.settings import Settings

LEDGER = [
    ["企业名称", "结对村", "所属县区", "所属乡镇", "结对时间"],
    ["上津茶业有限公司", "绞肠关村", "郧西县", "上津镇", "2021-06"],
    ["上津茶业有限公司", "孙家湾村", "郧西县", "上津镇", "2021-06"],
    ["津城建材有限公司", "丁家湾村", "郧西县", "上津镇", "2023-01"],
]


def build_web_graph(store, tmp_dir):  # type: ignore[no-untyped-def]
    """The graph the web tests (and the browser test) browse."""
    import_places(store, subset_gazetteer(*TEST_COUNTIES))
    for path in bundled_case_records():
        load_case_record(store, path, resolver=national_resolver())
    ledger = tmp_dir / "上津台账.csv"
    with ledger.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows(LEDGER)
    load_ledger(store, ledger)


@pytest.fixture(scope="module", params=BACKEND_PARAMS)
def store(request, tmp_path_factory):  # type: ignore[no-untyped-def]
    s = backend_store(request, "web")
    build_web_graph(s, tmp_path_factory.mktemp("web"))
    yield s
    s.clear()
    release(s)


@pytest.fixture(scope="module")
def client(store):  # type: ignore[no-untyped-def]
    with TestClient(create_app(Settings(), store=store)) as c:
        yield c


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def test_front_page_is_served_with_its_stylesheet_and_no_other_host(client):
    r = client.get("/")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert "default-src 'none'" in r.headers["content-security-policy"]
    assert 'action="/"' in r.text and "同心图谱" in r.text
    assert not re.search(r"(src|href)=\"(https?:)?//", r.text), "the page refers to another host"
    css = client.get("/static/web/web.css")
    assert css.status_code == 200 and "Noto Sans CJK SC" in css.text


def test_search_ranks_exact_then_prefix_then_contains(client):
    html = client.get("/", params={"q": "娄底"}).text
    ids = re.findall(r'href="/entity/([^"]+)"', html)
    assert ids[0] == "place:4313", ids  # 娄底市 starts with the text; 娄底… names that contain it come later
    loudi = re.findall(r'href="/entity/([^"]+)"', client.get("/", params={"q": "loudi"}).text)
    assert loudi[0] == "place:4313", loudi
    exact = re.findall(r'href="/entity/([^"]+)"', client.get("/", params={"q": "涟源市"}).text)
    assert exact[0] == "place:431382", exact
    assert "没有找到" in client.get("/", params={"q": "无此名称之实体"}).text


def _first_hits(client, q: str, kind: str | None = None) -> list[tuple[str, str]]:  # type: ignore[no-untyped-def]
    params = {"q": q, **({"kind": kind} if kind else {})}
    return [(h["id"], h["name"]) for h in client.get("/search", params=params).json()["hits"]]


def test_search_by_pinyin_finds_every_kind_of_the_seed_records(client):
    """Full pinyin, initials and later syllables find people, organisations, enterprises and programs, not
    just places; 娄底市 comes before 楼底镇 and 娄店乡 for `loudi`."""
    assert _first_hits(client, "loudi")[0] == ("place:4313", "娄底市")
    for q in ("leishaoye", "lsy", "LeiShaoYe"):
        assert "雷绍业" in [n for _, n in _first_hits(client, q, "Person")], q
    assert _first_hits(client, "leishaoye")[0][1] == "雷绍业"  # the exact reading first
    laojiao = [n for _, n in _first_hits(client, "laojiao", "Enterprise")]
    assert "泸州老窖集团" in laojiao and "泸州老窖股份公司" in laojiao, laojiao
    assert _first_hits(client, "luzhoulaojiaojituan")[0][1] == "泸州老窖集团"
    assert "万企兴万村" in [n for _, n in _first_hits(client, "wanqi", "Program")]
    assert "万企兴万村" in [n for _, n in _first_hits(client, "wqxwc")]
    assert _first_hits(client, "zzzzqqq") == []


def test_search_escapes_the_query_and_refuses_an_unknown_kind(client):
    r = client.get("/", params={"q": "<script>alert(1)</script>"})
    assert r.status_code == 200 and "<script>alert" not in r.text and "&lt;script&gt;alert(1)" in r.text
    bad = client.get("/", params={"q": "x", "kind": "<b>Nope</b>"})
    assert bad.status_code == 422 and "<b>Nope" not in bad.text and "unknown kind" in bad.text


def test_entity_page_shows_facts_with_sources_and_quotes(client):
    html = client.get("/", params={"q": "上津茶业有限公司"}).text
    eid = re.findall(r'href="/entity/([^"]+)"', html)[0]
    page = client.get(f"/entity/{eid}")
    assert page.status_code == 200
    text = _text(page.text)
    assert "上津茶业有限公司" in text and "结对" in text and "绞肠关村" in text and "孙家湾村" in text
    assert "上津台账.csv" in text  # the ledger is the pairings' source
    # links onward: the villages' pages, the network view
    assert 'href="/entity/place:420322' in page.text and "/views/ego?entity=" in page.text
    village = re.search(r'href="(/entity/place:420322\d+)">绞肠关村', page.text)
    assert village, page.text
    back = client.get(village.group(1)).text
    assert "上津茶业有限公司" in back and "村" in back


def test_entity_page_of_a_case_record_fact_quotes_its_report(client):
    html = client.get("/", params={"q": "泸州老窖", "kind": "Enterprise"}).text
    eid = re.findall(r'href="/entity/([^"]+)"', html)[0]
    page = client.get(f"/entity/{eid}").text
    assert "<q>" in page, "no quote on the page"
    assert client.get("/entity/nope:nothing").status_code == 404


def test_coverage_drills_down_from_city_to_a_township_list(client):
    city = client.get("/area", params={"within": "十堰市"})
    assert city.status_code == 200
    rows = re.findall(r'<tr data-code="(\d+)">', city.text)
    assert rows == ["420322"], rows  # only 郧西县 of 十堰 is in this graph
    county = client.get("/area", params={"within": "420322"}).text
    townships = re.findall(r'<tr data-code="(\d+)">', county)
    assert len(townships) > 10 and all(len(t) == 9 for t in townships)
    shangjin = re.search(r'<tr data-code="(\d+)">\s*<td><a href="([^"]+)">上津镇</a>', county)
    assert shangjin, county
    town = client.get(shangjin.group(2).replace("&amp;", "&")).text
    text = _text(town)
    assert re.search(r"已有企业 Enterprise结对 3 个", text), text[:2000]
    assert "郧西县" in text and "十堰市" in text  # breadcrumbs
    uncovered = re.findall(r'<tr><td><a href="/entity/place:(\d+)">', town)
    assert len(uncovered) > 5 and "420322" in uncovered[0]
    assert "绞肠关村" not in re.search(r'id="tx-uncovered".*', town, re.S).group(0)  # type: ignore[union-attr]


def test_uncovered_csv_lists_every_uncovered_village(client):
    r = client.get("/area/uncovered.csv", params={"within": "上津镇", "partner": "Enterprise"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/csv")
    assert "filename*=UTF-8''" in r.headers["content-disposition"]
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert rows[0][0].startswith("编码")
    names = {row[1] for row in rows[1:]}
    assert "绞肠关村" not in names and "丁家湾村" not in names and len(names) > 5
    summary = client.get("/coverage", params={"within": "上津镇", "limit": 1}).json()
    assert len(rows) - 1 == summary["total"] - summary["covered"]
    # as_of before the pairings began: nothing is covered
    early = client.get("/area/uncovered.csv", params={"within": "上津镇", "as_of": "2020-01-01"})
    assert len(list(csv.reader(io.StringIO(early.content.decode("utf-8-sig"))))) - 1 == summary["total"]


def test_coverage_errors_are_pages(client):
    r = client.get("/area", params={"within": "<i>无此地</i>"})
    assert r.status_code == 404 and "<i>无此地" not in r.text and "&lt;i&gt;" in r.text
    assert client.get("/area", params={"within": "上津镇", "as_of": "2021-13-45"}).status_code == 422
    assert client.get("/area/uncovered.csv", params={"within": "无此地"}).status_code == 404
    assert client.get("/area").status_code == 200  # the form alone


def test_linkage_shows_the_evidence_of_every_hop(client):
    r = client.get("/linkage", params={"source": "上津茶业有限公司", "target": "津城建材有限公司"})
    assert r.status_code == 200
    text = _text(r.text)
    assert "条最短路径" in text and "上津镇" in text
    assert 'class="tx-hop"' in r.text
    missing = client.get("/linkage", params={"source": "上津茶业有限公司", "target": "无此实体甲乙"})
    assert missing.status_code == 404 and "无此实体甲乙" in missing.text
    assert client.get("/linkage").status_code == 200


def test_web_pages_are_not_in_the_openapi_document(client):
    paths = client.get("/openapi.json").json()["paths"]
    assert "/" not in paths and "/area" not in paths and "/search" in paths


def test_api_docs_are_served_from_the_package_with_no_other_host(client):
    for page in ("/docs", "/redoc"):
        r = client.get(page)
        assert r.status_code == 200, page
        refs = re.findall(r"""(?:src|href)\s*=\s*["']([^"']+)["']|url:\s*['"]([^'"]+)['"]""", r.text)
        urls = [a or b for a, b in refs]
        assert urls and all(u.startswith("/") and not u.startswith("//") for u in urls), (page, urls)
        assert not re.search(r"https?://", r.text), page
        for url in urls:
            assert client.get(url).status_code == 200, url


def test_the_docs_describe_each_named_querys_parameters(client):
    from tongxin.queries.registry import load_registry

    op = client.get("/openapi.json").json()["paths"]["/queries/{name}"]["get"]
    for q in load_registry():
        assert f"**{q.name}**" in op["description"], q.name
        for p in q.params.values():
            assert f"`{p.name}`" in op["description"].split(f"**{q.name}**", 1)[1].split("\n", 1)[0], (q.name, p.name)


def test_a_large_coverage_view_points_to_the_table(client):
    html = client.get("/views/coverage", params={"within": "420322"}).text  # 郧西县: 275 villages
    assert "/area?within=420322" in html and "275 个村" in html
    small = client.get("/views/coverage", params={"within": "420322102"}).text  # 上津镇: 15
    assert "/area?within=" not in small


def test_coverage_map_of_a_city_draws_its_counties(client):
    html = client.get("/area", params={"within": "十堰市"}).text
    assert '<svg id="tx-map"' in html
    paths = re.findall(r'<a href="([^"]+)"><path data-code="(\d+)" d="M([\d.,LMZ]+)" fill="(#[0-9a-f]{6})"', html)
    assert [p[1] for p in paths] == ["420322"], paths  # the only county of 十堰 in this graph
    href, _, d, colour = paths[0]
    assert "within=420322" in href.replace("&amp;", "&") and d.count("L") > 50
    assert colour == "#fee5d9"  # 3 of 275 villages: under 20%
    assert "<title>郧西县：3 / 275（1.1%）</title>" in html
    town = client.get("/area", params={"within": "420322"}).text
    assert '<svg id="tx-map"' not in town  # no township boundaries ship: the table only


def test_pages_need_the_read_token_when_one_is_set(store):
    token = "web-read-token-0123456789"
    with TestClient(create_app(Settings(tongxin_read_token=token), store=store)) as c:
        for path in ("/", "/?q=郧西", "/entity/place:420322", "/area?within=420322",
                     "/area/uncovered.csv?within=420322", "/linkage?source=a&target=b"):
            assert c.get(path).status_code == 401, path
            assert c.get(path, headers={"Authorization": "Bearer wrong-token-0123456789"}).status_code == 401
        assert c.get("/entity/place:420322", headers={"Authorization": f"Bearer {token}"}).status_code == 200
