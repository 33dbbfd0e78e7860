"""Rendered views opened in headless Chromium: they draw, settle, fetch nothing, and run no injected script.

Chromium is driven over the DevTools protocol on a pipe (``--remote-debugging-pipe``) with the standard
library only: no selenium, no chromedriver, no node. CI needs the Debian package ``chromium``
(``apt-get install -y chromium``); TONGXIN_CHROMIUM may name another Chromium/Chrome binary. Without one
these tests FAIL (they are not skipped). Set TONGXIN_VIZ_SCREENSHOTS to a directory to keep screenshots.
"""

from __future__ import annotations

import base64
import json
import math
import os
import select
import shutil
import signal
import subprocess
import tempfile
import time
from pathlib import Path
from typing import Any

import networkx as nx
import pytest

from tongxin.viz import render_coverage_overview, render_html

pytestmark = pytest.mark.browser

TIMEOUT = 60.0  # seconds for any one protocol call or wait

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-default-apps",
    "--disable-extensions",
    "--mute-audio",
    "--window-size=1280,860",
]

# Installed before any page script runs: records CSP violations (an injected script or a fetch would
# raise one) — DevTools-injected scripts are not subject to the page's CSP.
WATCH_CSP = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__cspViolations.push(e.violatedDirective + " " + e.blockedURI);
});
"""


def chromium_binary() -> str:
    for candidate in (os.environ.get("TONGXIN_CHROMIUM"), "chromium", "chromium-browser", "google-chrome"):
        if candidate and (found := shutil.which(candidate)):
            return found
    pytest.fail(
        "the browser tests need headless Chromium: install it with "
        "'apt-get update && apt-get install -y chromium' (Debian), or set TONGXIN_CHROMIUM to a "
        "Chromium/Chrome binary",
        pytrace=False,
    )


class Chromium:
    """Headless Chromium over the DevTools protocol on a pipe: Chromium reads commands on fd 3 and writes
    replies and events on fd 4, each a JSON message ended by NUL."""

    def __init__(self, binary: str) -> None:
        self.profile = tempfile.mkdtemp(prefix="tongxin-chromium-")
        to_child_r, self._to_child = os.pipe()
        self._from_child, from_child_w = os.pipe()
        args = [*CHROMIUM_FLAGS, f"--user-data-dir={self.profile}", "--remote-debugging-pipe", "about:blank"]
        # bash moves the two pipe ends to fds 3 and 4, where Chromium expects them (dash's sh cannot
        # redirect from a descriptor above 9, and under pytest the pipes are usually above 9).
        self.proc = subprocess.Popen(
            [
                shutil.which("bash") or "/bin/bash",
                "-c",
                f'exec "$0" "$@" 3<&{to_child_r} 4>&{from_child_w}',
                binary,
                *args,
            ],
            pass_fds=(to_child_r, from_child_w),
            stdin=subprocess.DEVNULL,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
            start_new_session=True,
        )
        os.close(to_child_r)
        os.close(from_child_w)
        self._buf = b""
        self._id = 0
        self.events: list[dict[str, Any]] = []
        self.session: str | None = None
        self.target: str | None = None

    def _read(self, deadline: float) -> dict[str, Any]:
        while b"\0" not in self._buf:
            left = deadline - time.monotonic()
            if left <= 0:
                raise TimeoutError("Chromium did not answer in time")
            ready, _, _ = select.select([self._from_child], [], [], left)
            if ready:
                chunk = os.read(self._from_child, 1 << 20)
                if not chunk:
                    raise RuntimeError("Chromium closed the DevTools pipe (did it start? did it crash?)")
                self._buf += chunk
        raw, self._buf = self._buf.split(b"\0", 1)
        message: dict[str, Any] = json.loads(raw)
        return message

    def send(
        self, method: str, params: dict[str, Any] | None = None, *, browser: bool = False
    ) -> dict[str, Any]:
        self._id += 1
        message: dict[str, Any] = {"id": self._id, "method": method, "params": params or {}}
        if self.session and not browser:
            message["sessionId"] = self.session
        os.write(self._to_child, json.dumps(message).encode() + b"\0")
        deadline = time.monotonic() + TIMEOUT
        while True:
            reply = self._read(deadline)
            if reply.get("id") == self._id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                result: dict[str, Any] = reply.get("result", {})
                return result
            if "method" in reply:
                self.events.append(reply)

    def _wait_event(self, method: str) -> dict[str, Any]:
        deadline = time.monotonic() + TIMEOUT
        while True:
            for event in self.events:
                if event["method"] == method:
                    self.events.remove(event)
                    return event
            message = self._read(deadline)
            if "method" in message:
                self.events.append(message)

    def open(self, url: str) -> None:
        """A fresh tab at `url`, waited for until loaded; the previous tab is closed."""
        if self.target:
            self.send("Target.closeTarget", {"targetId": self.target}, browser=True)
        self.session = None
        self.events.clear()
        self.target = self.send("Target.createTarget", {"url": "about:blank"}, browser=True)["targetId"]
        attached = self.send(
            "Target.attachToTarget", {"targetId": self.target, "flatten": True}, browser=True
        )
        self.session = attached["sessionId"]
        for domain in ("Page", "Runtime", "Network"):
            self.send(f"{domain}.enable")
        self.send("Page.addScriptToEvaluateOnNewDocument", {"source": WATCH_CSP})
        self.send("Page.navigate", {"url": url})
        self._wait_event("Page.loadEventFired")

    def eval(self, expression: str) -> Any:
        result = self.send("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        if "exceptionDetails" in result:
            raise AssertionError(f"page script failed: {result['exceptionDetails']}")
        return result["result"].get("value")

    def wait_for(self, expression: str, timeout: float = TIMEOUT) -> Any:
        deadline = time.monotonic() + timeout
        while True:
            value = self.eval(expression)
            if value:
                return value
            if time.monotonic() > deadline:
                raise AssertionError(f"still false after {timeout}s: {expression}")
            time.sleep(0.1)

    def mouse_move(self, x: float, y: float) -> None:
        self.send("Input.dispatchMouseEvent", {"type": "mouseMoved", "x": x, "y": y})

    def exceptions(self) -> list[str]:
        return [
            json.dumps(e["params"])[:500] for e in self.events if e["method"] == "Runtime.exceptionThrown"
        ]

    def requested_urls(self) -> list[str]:
        return [
            e["params"]["request"]["url"] for e in self.events if e["method"] == "Network.requestWillBeSent"
        ]

    def screenshot(self, name: str) -> None:
        folder = os.environ.get("TONGXIN_VIZ_SCREENSHOTS")
        if folder:
            Path(folder).mkdir(parents=True, exist_ok=True)
            data = self.send("Page.captureScreenshot", {"format": "png"})["data"]
            (Path(folder) / f"{name}.png").write_bytes(base64.b64decode(data))

    def close(self) -> None:
        try:
            if self.proc.poll() is None:
                try:
                    self.send("Browser.close", browser=True)
                except (RuntimeError, TimeoutError, OSError):
                    pass
                try:
                    self.proc.wait(timeout=10)
                except subprocess.TimeoutExpired:
                    os.killpg(self.proc.pid, signal.SIGKILL)  # the group of the browser started here
                    self.proc.wait(timeout=10)
        finally:
            os.close(self._to_child)
            os.close(self._from_child)
            shutil.rmtree(self.profile, ignore_errors=True)


def assert_clean(browser: Chromium) -> None:
    """No script error, nothing fetched but the page itself, no CSP violation, no injected script ran."""
    assert browser.exceptions() == []
    for url in browser.requested_urls():
        assert url.split(":", 1)[0] in ("file", "data"), url
    assert browser.eval("window.__cspViolations") == []
    assert browser.eval("typeof window.__pwned") == "undefined"
    assert browser.eval("document.querySelectorAll('img,[onerror],[onload]').length") == 0


HOSTILE = [
    '<img src=x onerror="window.__pwned=1">',
    "<script>window.__pwned=2</script>",
    "</script><script>window.__pwned=3</script>",
    '<svg onload="window.__pwned=4"></svg>\'"\u2028',
]
ENT = "enterprise:hostile"


def hostile_graph() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph(title=HOSTILE[1] + " 视图", notes=[HOSTILE[0]])
    g.add_node(ENT, kind="Enterprise", name=HOSTILE[0], aliases=HOSTILE[1:], sources=[HOSTILE[2]])
    for i, name in enumerate(HOSTILE):
        vid = f"place:43138210720{i}"
        g.add_node(vid, kind="Village", name=f"村{name}", code=f"43138210720{i}", covered=i % 2 == 0)
        g.add_edge(
            ENT, vid, type="PAIRED_WITH", program="万企兴万村", sources=[name], evidence=[f"引文{name}"]
        )
    g.add_node("person:p", kind="Person", name=HOSTILE[3])
    g.add_edge("person:p", ENT, type="HOLDS_ROLE", title=HOSTILE[1], sources=["s"], evidence=[HOSTILE[2]])
    return g


def test_view_draws_settles_and_runs_no_injected_script(browser: Chromium, tmp_path: Path) -> None:
    page = tmp_path / "ego.html"
    page.write_text(render_html(hostile_graph(), kind="ego", highlight=[ENT]), encoding="utf-8")
    browser.open(page.as_uri())
    browser.wait_for("window.tongxinStabilized === true")
    assert browser.eval("tongxinNetwork.body.data.nodes.length") == 6
    assert browser.eval("tongxinNetwork.body.data.edges.length") == 5
    assert browser.eval("tongxinNetwork.physics.physicsEnabled") is False  # turned off once settled
    positions = browser.eval("tongxinNetwork.getPositions()")
    assert len(positions) == 6
    assert all(math.isfinite(p["x"]) and math.isfinite(p["y"]) for p in positions.values())
    assert len({(round(p["x"]), round(p["y"])) for p in positions.values()}) == 6
    # the last frame is drawn on an animation frame after the settling event: wait for it, a blank canvas fails
    painted = """(() => { const c = document.querySelector('#tx-network canvas');
        const d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let n = 0; for (let i = 3; i < d.length; i += 4) { if (d[i] > 0) n++; } return n; })()"""
    try:
        browser.wait_for(f"{painted} > 2000", timeout=15)
    except AssertionError:
        raise AssertionError(f"the canvas is blank: {browser.eval(painted)} painted pixels after 15 s") from None
    # The names reached the page as text: in the data, the notes and the title.
    assert browser.eval(f"tongxinData.nodes.get({json.dumps(ENT)}).name") == HOSTILE[0]
    assert HOSTILE[0] in browser.eval("document.getElementById('tx-notes').textContent")
    assert browser.eval("document.title") == HOSTILE[1] + " 视图"

    # Hover the hostile node: vis-network shows its tooltip, as text.
    x, y = browser.eval(
        f"""(() => {{ const id = {json.dumps(ENT)};
        const p = tongxinNetwork.canvasToDOM(tongxinNetwork.getPositions([id])[id]);
        const r = document.getElementById('tx-network').getBoundingClientRect();
        return [p.x + r.left, p.y + r.top]; }})()"""
    )
    browser.mouse_move(x - 30, y - 30)
    browser.mouse_move(x, y)
    browser.mouse_move(x + 1, y)
    browser.wait_for(
        "(() => { const t = document.querySelector('div.vis-tooltip');"
        " return !!t && t.style.visibility === 'visible' && t.textContent.length > 0; })()",
        timeout=10,
    )
    tooltip = browser.eval("document.querySelector('div.vis-tooltip').textContent")
    assert HOSTILE[0] in tooltip and "类型：企业 (Enterprise)" in tooltip and HOSTILE[2] in tooltip
    assert (
        browser.eval("document.querySelector('div.vis-tooltip').querySelectorAll('*').length") == 1
    )  # the .tx-tip
    # Click it: the details panel shows the same text, as text.
    browser.send(
        "Input.dispatchMouseEvent",
        {"type": "mousePressed", "x": x, "y": y, "button": "left", "clickCount": 1},
    )
    browser.send(
        "Input.dispatchMouseEvent",
        {"type": "mouseReleased", "x": x, "y": y, "button": "left", "clickCount": 1},
    )
    browser.wait_for(
        f"document.getElementById('tx-details').textContent.includes({json.dumps(HOSTILE[0])})", 10
    )
    assert browser.eval("document.getElementById('tx-details').children.length") == 0
    browser.screenshot("ego-hostile")
    assert_clean(browser)


def test_aggregated_view_settles_with_its_note_visible(browser: Chromium, tmp_path: Path) -> None:
    g = nx.MultiDiGraph(title="涟源市 全部村")
    for t in range(12):
        tc = f"431382{100 + t:03d}"
        g.add_node(f"place:{tc}", kind="Township", name=f"第{t}镇", code=tc)
    for e in range(150):
        g.add_node(f"enterprise:{e}", kind="Enterprise", name=f"企业{e}有限公司")
    for i in range(3000):
        tc = f"431382{100 + i % 12:03d}"
        vc = f"{tc}{200 + i // 12:03d}"
        g.add_node(f"place:{vc}", kind="Village", name=f"村{i}", code=vc, covered=i % 3 != 0)
        g.add_edge(f"place:{vc}", f"place:{tc}", type="PART_OF", sources=[], evidence=[])
        if i % 3:
            g.add_edge(
                f"enterprise:{i % 150}", f"place:{vc}", type="PAIRED_WITH", sources=["s"], evidence=["q"]
            )
    page = tmp_path / "big.html"
    page.write_text(render_html(g, kind="coverage", node_budget=1000), encoding="utf-8")
    started = time.monotonic()
    browser.open(page.as_uri())
    browser.wait_for("window.tongxinStabilized === true", timeout=90)
    settled = time.monotonic() - started
    assert browser.eval("tongxinNetwork.body.data.nodes.length") == 12 + 150
    notes = browser.eval("document.getElementById('tx-notes').innerText")
    assert "已聚合：3000 个村/社区并入 12 个乡镇/街道节点" in notes
    assert browser.eval("document.getElementById('tx-notes').getBoundingClientRect().height") > 10
    assert settled < 60, f"took {settled:.1f}s to settle"
    browser.screenshot("aggregated")
    assert_clean(browser)


def test_coverage_overview_sorts(browser: Chromium, tmp_path: Path) -> None:
    rows = [
        {"id": "a", "code": "431382", "name": "涟源市", "total": 400, "covered": 380, "rate": 0.95},
        {"id": "b", "code": "431302", "name": HOSTILE[0], "total": 120, "covered": 30, "rate": 0.25},
        {"id": "c", "code": "431381", "name": "冷水江市", "total": 50, "covered": 30, "rate": 0.6},
    ]
    page = tmp_path / "coverage.html"
    page.write_text(
        render_coverage_overview("娄底市 结对覆盖", rows, links={"a": "ego.html"}), encoding="utf-8"
    )
    browser.open(page.as_uri())
    order = "Array.from(document.querySelectorAll('#tx-coverage tbody tr')).map(r => r.dataset.id)"
    assert browser.eval(order) == ["a", "b", "c"]
    browser.eval("document.querySelectorAll('#tx-coverage thead button')[5].click()")  # 覆盖率
    assert browser.eval(order) == ["b", "c", "a"]
    browser.eval("document.querySelectorAll('#tx-coverage thead button')[5].click()")
    assert browser.eval(order) == ["a", "c", "b"]
    browser.eval("document.querySelectorAll('#tx-coverage thead button')[0].click()")  # 名称
    assert browser.eval("document.querySelector('#tx-coverage thead th[aria-sort]').textContent") == "名称"
    assert browser.eval("document.querySelector('tr[data-id=a] a').getAttribute('href')") == "ego.html"
    assert browser.eval("document.querySelector('tr[data-id=b] td').textContent") == HOSTILE[0]
    browser.screenshot("coverage")
    assert_clean(browser)
