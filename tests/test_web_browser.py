"""The web front in headless Chromium, as a new user would use it: search, open an entity and read its
evidence, drill coverage down from a city to a township's village list and download it — served by uvicorn
on 127.0.0.1 over FalkorDB, nothing fetched from another host, and Chinese drawn with real glyphs (a page
whose CJK text falls back to missing-glyph boxes fails: install fonts-noto-cjk).

Chromium is driven as in tests/test_viz_browser.py (DevTools over a pipe). Set TONGXIN_VIZ_SCREENSHOTS to a
directory to keep the screenshots."""

from __future__ import annotations

import csv
import io
import json
import threading
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import uvicorn

from tests.conftest import release
from tests.test_viz_browser import TIMEOUT, Chromium
from tests.test_web import build_web_graph
from tongxin.api.app import create_app
from tongxin.graph.stores.falkordb_ import FalkorDBStore
from tongxin.settings import Settings

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(falkordb_server, tmp_path_factory) -> Iterator[str]:  # type: ignore[no-untyped-def]
    """The API with its web front on a free port of 127.0.0.1, over a graph built for these tests."""
    store = FalkorDBStore(falkordb_server, graph=f"webb_{uuid.uuid4().hex[:8]}")
    store.ensure_schema()
    build_web_graph(store, tmp_path_factory.mktemp("webb"))
    server = uvicorn.Server(uvicorn.Config(create_app(Settings(), store=store), host="127.0.0.1", port=0,
                                           log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    port = server.servers[0].sockets[0].getsockname()[1]
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
        store.clear()
        release(store)


def follow(browser: Chromium, expression: str) -> None:
    """Run a script that navigates (a click, a form submission) and wait for the next page to load."""
    browser.events[:] = [e for e in browser.events if e["method"] != "Page.loadEventFired"]
    browser.eval(expression)
    browser._wait_event("Page.loadEventFired")


def assert_offline(browser: Chromium, site: str) -> None:
    """No script error, and every request went to the site itself (data: URLs are Chromium's own: the date
    input's calendar icon)."""
    assert browser.exceptions() == []
    host = urlsplit(site).netloc
    for url in browser.requested_urls():
        assert url.startswith("data:") or urlsplit(url).netloc == host, url


# Each character drawn alone on a canvas in the page's own font: real glyphs differ from each other and from
# the missing-glyph box a private-use character gets; tofu draws every character as the same box.
GLYPHS = """(() => {
  const font = getComputedStyle(document.querySelector('h1')).fontFamily;
  const c = document.createElement('canvas'); c.width = 48; c.height = 48;
  const g = c.getContext('2d', {willReadFrequently: true});
  const draw = ch => { g.clearRect(0, 0, 48, 48); g.font = '32px ' + font; g.fillStyle = '#000';
    g.fillText(ch, 4, 38); const d = g.getImageData(0, 0, 48, 48).data; let s = '';
    for (let i = 3; i < d.length; i += 4) s += d[i] > 127 ? '1' : '0'; return s; };
  const cjk = Array.from('同心图谱娄底覆盖').map(draw);
  const tofu = draw('\\uE000');
  g.font = '32px ' + font;
  return {font, distinct: new Set(cjk).size, count: cjk.length, tofuLike: cjk.filter(s => s === tofu).length,
          inked: cjk.filter(s => s.includes('1')).length,
          widthRatio: g.measureText('同心图谱').width / g.measureText('\\uE000\\uE000\\uE000\\uE000').width};
})()"""


def test_chinese_renders_with_real_glyphs(browser: Chromium, site: str) -> None:
    browser.open(site + "/")
    glyphs = browser.eval(GLYPHS)
    assert "Noto Sans CJK SC" in glyphs["font"], glyphs
    assert glyphs["inked"] == glyphs["count"], f"some Chinese characters draw nothing: {glyphs}"
    assert glyphs["tofuLike"] == 0 and glyphs["distinct"] == glyphs["count"], (
        f"Chinese renders as missing-glyph boxes (tofu): install a CJK font, e.g. fonts-noto-cjk: {glyphs}")
    browser.screenshot("web-front")
    assert_offline(browser, site)


def test_search_open_an_entity_and_read_its_evidence(browser: Chromium, site: str) -> None:
    browser.open(site + "/")
    follow(browser, "document.querySelector('#tx-search input[name=q]').value = 'loudi';"
                    "document.querySelector('#tx-search').submit()")
    first = browser.eval("document.querySelector('#tx-hits tbody tr a').textContent")
    assert first == "娄底市"
    follow(browser, "document.querySelector('#tx-search input[name=q]').value = '上津茶业';"
                    "document.querySelector('#tx-search').submit()")
    browser.screenshot("web-search")
    follow(browser, "document.querySelector('#tx-hits tbody tr a').click()")
    assert browser.eval("document.getElementById('tx-name').textContent") == "上津茶业有限公司"
    facts = browser.eval("Array.from(document.querySelectorAll('#tx-facts tbody tr')).map(r => r.innerText)")
    paired = [f for f in facts if "结对" in f]
    assert len(paired) == 2 and all("上津台账.csv" in f for f in paired), facts
    browser.screenshot("web-entity")
    # onward: to a village's page, which names the enterprise back
    follow(browser, "Array.from(document.querySelectorAll('#tx-facts a')).find(a => a.textContent === '绞肠关村').click()")
    assert browser.eval("document.getElementById('tx-name').textContent") == "绞肠关村"
    assert "上津茶业有限公司" in browser.eval("document.getElementById('tx-facts').innerText")
    assert_offline(browser, site)


def test_drill_coverage_down_and_download_the_list(browser: Chromium, site: str, tmp_path: Path) -> None:
    browser.open(site + "/area")
    follow(browser, "document.querySelector('#tx-area input[name=within]').value = '十堰市';"
                    "document.querySelector('#tx-area').submit()")
    assert browser.eval("document.querySelector('h1').textContent").endswith("十堰市")
    # the map: 郧西县 drawn as a shape of its own; a click on it drills down, as the table's link does
    x, y, w, h = browser.eval("(() => { const r = document.querySelector('#tx-map path[data-code=\"420322\"]')"
                              ".getBoundingClientRect(); return [r.left + r.width / 2, r.top + r.height / 2,"
                              " r.width, r.height]; })()")
    assert w > 100 and h > 50, (w, h)
    browser.eval(f"window.scrollTo(0, {y} - 300)")
    y -= browser.eval("window.scrollY")
    assert browser.eval(f"document.elementFromPoint({x}, {y}).dataset.code") == "420322"
    browser.screenshot("web-map")
    browser.events[:] = [e for e in browser.events if e["method"] != "Page.loadEventFired"]
    for kind in ("mousePressed", "mouseReleased"):
        browser.send("Input.dispatchMouseEvent", {"type": kind, "x": x, "y": y, "button": "left", "clickCount": 1})
    browser._wait_event("Page.loadEventFired")
    assert browser.eval("document.querySelector('h1').textContent").endswith("郧西县")
    assert browser.eval("document.querySelectorAll('#tx-rollup tbody tr').length") > 10
    bar = browser.eval("(() => { const s = document.querySelector('#tx-rollup .tx-bar span');"
                       " return [s.getBoundingClientRect().width, s.parentNode.getBoundingClientRect().width]; })()")
    assert bar[1] > 100, bar  # the bar is drawn (the stylesheet loaded)
    browser.screenshot("web-county")
    follow(browser, "Array.from(document.querySelectorAll('#tx-rollup a')).find(a => a.textContent === '上津镇').click()")
    summary = browser.eval("document.getElementById('tx-summary').innerText")
    assert "结对 3 个" in summary, summary
    listed = browser.eval("Array.from(document.querySelectorAll('#tx-uncovered tbody tr td:first-child'))"
                          ".map(td => td.textContent)")
    assert len(listed) > 5 and "绞肠关村" not in listed
    browser.screenshot("web-township")
    downloads = tmp_path / "downloads"
    downloads.mkdir()
    browser.send("Browser.setDownloadBehavior", {"behavior": "allow", "downloadPath": str(downloads)}, browser=True)
    browser.eval("document.getElementById('tx-download').click()")
    deadline = time.monotonic() + TIMEOUT
    while not [p for p in downloads.iterdir() if p.suffix == ".csv"]:
        assert time.monotonic() < deadline, f"no download: {list(downloads.iterdir())}"
        time.sleep(0.1)
    time.sleep(0.3)
    (saved,) = [p for p in downloads.iterdir() if p.suffix == ".csv"]
    rows = list(csv.reader(io.StringIO(saved.read_text(encoding="utf-8-sig"))))
    assert sorted(r[1] for r in rows[1:]) == sorted(listed), json.dumps(rows[:5], ensure_ascii=False)
    assert_offline(browser, site)


def test_linkage_page_shows_each_hop(browser: Chromium, site: str) -> None:
    browser.open(site + "/linkage")
    follow(browser, "document.querySelector('#tx-linkage input[name=source]').value = '上津茶业有限公司';"
                    "document.querySelector('#tx-linkage input[name=target]').value = '津城建材有限公司';"
                    "document.querySelector('#tx-linkage').submit()")
    hops = browser.eval("Array.from(document.querySelectorAll('.tx-path:first-of-type .tx-hop')).map(h => h.innerText)")
    assert len(hops) >= 2 and "上津台账.csv" in hops[0], hops
    browser.screenshot("web-linkage")
    assert_offline(browser, site)


def test_api_docs_render_offline(browser: Chromium, site: str) -> None:
    browser.open(site + "/docs")
    browser.wait_for("document.querySelectorAll('.swagger-ui .opblock').length > 10")
    assert "tongxin" in browser.eval("document.querySelector('.swagger-ui .title').textContent")
    browser.screenshot("web-docs")
    assert_offline(browser, site)
