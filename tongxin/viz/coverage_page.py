"""The coverage overview of a place: its counties (or townships) as a sortable table with rate bars.

Rows are what the ``coverage_rollup`` query returns: id, code, name, total, covered, rate. Each name
links to the network view URL given for its id in `links`; only relative URLs and http(s) URLs are
linked (a ``javascript:`` or ``data:`` URL is dropped). The page is self-contained: its CSS and its few
lines of sorting script are inline, and everything from the rows is escaped.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any
from urllib.parse import urlsplit

from tongxin.viz.page import content_security_policy, inline_script_text, read_asset, render_template

LOW_RATE = 0.5  # below: the bar is red
HIGH_RATE = 0.8  # at or above: green; between: orange


def render_coverage_overview(
    title: str,
    rows: Iterable[Mapping[str, Any] | Any],
    *,
    links: dict[str, str] | None = None,
    notes: Iterable[str] = (),
) -> str:
    """A self-contained HTML page: the rollup rows as a sortable table, a bar per coverage rate."""
    links = links or {}
    prepared = [_row(r, links) for r in rows]
    sum_total = sum(r["total"] for r in prepared)
    sum_covered = sum(r["covered"] for r in prepared)
    app_js = inline_script_text(read_asset("coverage.js"))
    return render_template(
        "coverage.html.j2",
        title=title,
        rows=prepared,
        notes=[str(n) for n in notes],
        sum_total=sum_total,
        sum_covered=sum_covered,
        sum_rate=_pct(sum_covered / sum_total) if sum_total else "—",
        app_js=app_js,
        csp=content_security_policy([app_js]),
    )


def safe_href(url: str | None) -> str | None:
    """`url` if it may be linked (relative, or http/https), else None."""
    if not url:
        return None
    url = url.strip()
    if any(ord(c) < 0x20 or c == "\x7f" for c in url):
        return None
    try:
        parts = urlsplit(url)
    except ValueError:
        return None
    if parts.scheme.lower() not in ("", "http", "https"):
        return None
    return url


def _get(row: Mapping[str, Any] | Any, key: str) -> Any:
    if isinstance(row, Mapping):
        return row.get(key)
    return getattr(row, key, None)


def _int(value: Any) -> int:
    try:
        return int(value or 0)
    except (TypeError, ValueError):
        return 0


def _pct(rate: float) -> str:
    return f"{100 * rate:.1f}%"


def _row(row: Mapping[str, Any] | Any, links: Mapping[str, str]) -> dict[str, Any]:
    rid = str(_get(row, "id") or "")
    total, covered = _int(_get(row, "total")), _int(_get(row, "covered"))
    rate = _get(row, "rate")
    if not isinstance(rate, int | float):
        rate = covered / total if total else None
    rate_value = float(rate) if rate is not None else -1.0
    band = "tx-low" if rate is None or rate < LOW_RATE else ("tx-high" if rate >= HIGH_RATE else "tx-mid")
    return {
        "id": rid,
        "code": str(_get(row, "code") or ""),
        "name": str(_get(row, "name") or rid),
        "total": total,
        "covered": covered,
        "uncovered": max(0, total - covered),
        "rate_value": f"{rate_value:.6f}",
        "rate_text": _pct(float(rate)) if rate is not None else "—",
        "width": f"{max(0.0, min(1.0, float(rate or 0))) * 100:.1f}",
        "band": band,
        "href": safe_href(links.get(rid)),
    }
