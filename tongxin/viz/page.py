"""What every page of tongxin.viz shares: the templates, the inlined vis-network assets, safe JSON in a
<script>, the Content-Security-Policy, and a checker for external references.

The pages are self-contained: no resource is fetched from anywhere (the CSP says so too, so a browser
refuses even one that slipped through), and no inline script runs but the page's own, each allowed by
its SHA-256 hash — an injected <script> or ``onerror=`` would not run even if escaping failed.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from functools import cache
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2

ASSETS = Path(__file__).with_name("assets")

# The vis-network build pyvis 0.3.2 ships (pyvis/lib/vis-9.1.2); its string tooltips are set with
# innerText, and we pass DOM elements built with textContent anyway.
VIS_VERSION = "9.1.2"

_JSON_ESCAPES = {
    "<": "\\u003c",
    ">": "\\u003e",
    "&": "\\u0026",
    "\u2028": "\\u2028",
    "\u2029": "\\u2029",
}
_JSON_ESCAPE_RE = re.compile("[<>&\u2028\u2029]")


def script_json(value: Any) -> str:
    """JSON that is safe inside a <script> element: no '<', '>', '&', U+2028 or U+2029 appear raw, so
    neither '</script>' nor '<!--' can occur; JSON.parse gives back exactly `value`."""
    text = json.dumps(value, ensure_ascii=False, separators=(",", ":"), allow_nan=False)
    return _JSON_ESCAPE_RE.sub(lambda m: _JSON_ESCAPES[m.group(0)], text)


def inline_script_text(code: str) -> str:
    """Code made safe to sit between <script> and </script> (no end tag, no comment opener)."""
    return re.sub(r"</(script)", r"<\\/\1", code, flags=re.IGNORECASE).replace("<!--", "<\\!--")


def csp_hash(code: str) -> str:
    return "'sha256-" + base64.b64encode(hashlib.sha256(code.encode("utf-8")).digest()).decode("ascii") + "'"


def content_security_policy(scripts: list[str]) -> str:
    """A policy that fetches nothing and runs only the given inline scripts."""
    hashes = " ".join(csp_hash(s) for s in scripts)
    return (
        "default-src 'none'; "
        f"script-src {hashes}; "
        "style-src 'unsafe-inline'; img-src data:; font-src data:; "
        "connect-src 'none'; base-uri 'none'; form-action 'none'"
    )


@cache
def vis_assets() -> tuple[str, str]:
    """(vis-network.min.js, vis-network.css) from the pyvis package, ready to inline."""
    lib = resources.files("pyvis") / "lib" / f"vis-{VIS_VERSION}"
    js = (lib / "vis-network.min.js").read_text(encoding="utf-8")
    css = (lib / "vis-network.css").read_text(encoding="utf-8")
    if re.search(r"</style", css, re.IGNORECASE):  # pragma: no cover - a changed asset
        raise RuntimeError("vis-network.css contains </style")
    return inline_script_text(js), css


@cache
def environment() -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(ASSETS)),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def render_template(name: str, **context: Any) -> str:
    return environment().get_template(name).render(**context)


def read_asset(name: str) -> str:
    return (ASSETS / name).read_text(encoding="utf-8")


# --- checking ---------------------------------------------------------------------------------------

_EXTERNAL_PATTERNS = (
    re.compile(r"""\b(?:src|href|srcset|action|poster|data)\s*=\s*["']?\s*(?:https?:)?//""", re.IGNORECASE),
    re.compile(r"""@import\s+(?:url\()?\s*["']?\s*(?:https?:)?//""", re.IGNORECASE),
    re.compile(r"""url\(\s*["']?\s*(?:https?:)?//""", re.IGNORECASE),
    re.compile(r"//cdn", re.IGNORECASE),
)


def external_references(html: str) -> list[str]:
    """Snippets of `html` that would make a browser fetch something from another host (empty if none)."""
    found = []
    for pattern in _EXTERNAL_PATTERNS:
        for m in pattern.finditer(html):
            found.append(html[max(0, m.start() - 40) : m.end() + 60])
    return found
