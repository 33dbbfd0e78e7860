"""The visual language of every network view: one colour and shape per node kind, one colour per edge type.

Places are greens and blues by level (province dark blue → village green), organisations are warm colours
and purples by kind, people pink triangles, programs gold stars, claims grey diamonds, sources light grey
inverted triangles. A village or community marked ``covered=False`` takes the warning colour whatever its
level. The legend is generated from the same tables, so the page and its legend can never disagree.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from html import escape
from typing import Any


@dataclass(frozen=True)
class KindStyle:
    kind: str  # the ontology kind (Village, Enterprise, …), or a pseudo kind (Uncovered, …)
    base: str  # Place, Organisation, Person, Program, Claim, Source
    label: str  # Chinese name shown in legends and tooltips
    color: str  # fill
    border: str  # outline
    shape: str  # vis-network shape with the label outside: dot, square, diamond, triangle, star, …
    size: int
    font_color: str = "#1f2328"


@dataclass(frozen=True)
class EdgeStyle:
    type: str
    label: str  # Chinese verb shown on the edge
    color: str
    width: float = 1.5
    dashes: bool = False


# Bases in legend order, with their Chinese group names.
BASES: tuple[tuple[str, str], ...] = (
    ("Place", "地点"),
    ("Organisation", "组织"),
    ("Person", "人物"),
    ("Program", "项目"),
    ("Claim", "声明"),
    ("Source", "来源"),
    ("Text", "原文"),
)

_STYLES: tuple[KindStyle, ...] = (
    # Places: blues for the upper levels, greens for villages and communities.
    KindStyle("Province", "Place", "省", "#08306b", "#041a3d", "dot", 34, "#08306b"),
    KindStyle("City", "Place", "市", "#2166ac", "#0d3a66", "dot", 30),
    KindStyle("County", "Place", "县/区", "#4393c3", "#1f5f8b", "dot", 26),
    KindStyle("Township", "Place", "乡镇/街道", "#92c5de", "#4393c3", "dot", 22),
    KindStyle("Village", "Place", "村", "#41ab5d", "#1b7837", "dot", 16),
    KindStyle("Community", "Place", "社区", "#a6dba0", "#5aae61", "dot", 16),
    KindStyle("Park", "Place", "园区", "#35978f", "#01665e", "dot", 20),
    # Organisations: squares; party and united-front bodies in dark reds/browns, others by kind.
    KindStyle("PartyCommittee", "Organisation", "党委", "#8c2d04", "#4d1802", "square", 20),
    KindStyle("UnitedFrontDept", "Organisation", "统战部", "#cc4c02", "#7a2d01", "square", 20),
    KindStyle("Federation", "Organisation", "工商联", "#ec7014", "#8c4309", "square", 18),
    KindStyle("DemocraticParty", "Organisation", "民主党派", "#807dba", "#54278f", "square", 18),
    KindStyle("Association", "Organisation", "协会/商会", "#bcbddc", "#756bb1", "square", 16),
    KindStyle("Enterprise", "Organisation", "企业", "#fec44f", "#b8860b", "square", 16),
    KindStyle("GovernmentBody", "Organisation", "政府部门", "#6a51a3", "#3f007d", "square", 18),
    KindStyle("SocialOrganisation", "Organisation", "社会组织", "#d9b38c", "#8c6239", "square", 16),
    KindStyle("Site", "Organisation", "基地/站点", "#66c2a4", "#238b45", "hexagon", 18),
    KindStyle("ReligiousVenue", "Organisation", "宗教场所", "#c994c7", "#88419d", "square", 16),
    KindStyle("Person", "Person", "人物", "#e7298a", "#980043", "triangle", 16),
    KindStyle("Program", "Program", "项目", "#ffd92f", "#b59b00", "star", 28),
    KindStyle("Claim", "Claim", "声明", "#969696", "#525252", "diamond", 16),
    KindStyle("Source", "Source", "来源", "#d9d9d9", "#737373", "triangleDown", 14),
    KindStyle("Text", "Text", "原文", "#f0f0f0", "#969696", "box", 12),
)

KIND_STYLES: dict[str, KindStyle] = {s.kind: s for s in _STYLES}

# Pseudo kinds: a state rather than a kind, overriding the kind's colour.
UNCOVERED = KindStyle("Uncovered", "Place", "未结对的村/社区", "#ff1744", "#c40000", "dot", 18, "#b00020")
PARTIAL = KindStyle("Partial", "Place", "部分结对（聚合）", "#ff9100", "#a35c00", "dot", 22)
AGGREGATE = KindStyle("Aggregate", "Place", "聚合节点（含多个下级地点）", "#92c5de", "#111111", "dot", 24)
UNKNOWN = KindStyle("Unknown", "Unknown", "其他", "#bdbdbd", "#636363", "dot", 14)

# Kinds whose coverage is counted.
COVERABLE_KINDS = frozenset({"Village", "Community"})

EDGE_STYLES: dict[str, EdgeStyle] = {
    s.type: s
    for s in (
        EdgeStyle("PART_OF", "隶属", "#b0b0b0", 1.0, True),
        EdgeStyle("LOCATED_IN", "位于", "#9e9e9e", 1.0, True),
        EdgeStyle("PAIRED_WITH", "结对", "#1a9850", 2.5),
        EdgeStyle("COUNTERPART_OF", "对口", "#74add1", 2.0),
        EdgeStyle("HOLDS_ROLE", "担任", "#e7298a", 1.5),
        EdgeStyle("MEMBER_OF", "成员", "#807dba", 1.5),
        EdgeStyle("RUNS", "牵头", "#cc4c02", 2.0),
        EdgeStyle("PARTICIPATES_IN", "参与", "#d4a017", 1.5),
        EdgeStyle("SITE_OF", "示范点", "#35978f", 2.0),
        EdgeStyle("LIAISON_FOR", "挂点联系", "#2166ac", 2.0),
        EdgeStyle("INVESTS_IN", "投资", "#006837", 2.0),
        EdgeStyle("DONATES_TO", "捐赠", "#66bd63", 2.0),
        EdgeStyle("CLAIMS", "声称", "#737373", 1.0, True),
        EdgeStyle("HAS_TEXT", "原文", "#bdbdbd", 1.0, True),
        EdgeStyle("ABOUT", "涉及", "#969696", 1.0, True),
    )
}
UNKNOWN_EDGE = EdgeStyle("RELATED", "关联", "#9e9e9e", 1.0)

# Chinese names of edge and node properties in tooltips.
PROPERTY_LABELS: dict[str, str] = {
    "program": "项目",
    "since": "起始",
    "until": "截止",
    "title": "职务",
    "level": "级别",
    "amount": "金额",
    "investment": "投资额",
    "currency": "币种",
    "date": "日期",
    "purpose": "用途",
    "project": "项目内容",
    "note": "备注",
    "conflicts": "来源不一",
    "statement": "表述",
    "count": "数量",
    "total": "总数",
    "as_of": "截至",
    "subject": "对象",
    "what": "所指",
    "as_written": "原文数字",
    "relation": "关系",
    "publisher": "发布者",
    "author": "作者",
    "url": "链接",
    "file": "文件",
    "source_kind": "来源类型",
    "official_name": "正式名称",
    "credit_code": "统一社会信用代码",
}


def kind_style(kind: str | None) -> KindStyle:
    """The style of a kind (Village, Enterprise, …); unknown kinds get a neutral grey dot."""
    if kind is None:
        return UNKNOWN
    return KIND_STYLES.get(kind, UNKNOWN)


def edge_style(edge_type: str | None) -> EdgeStyle:
    if edge_type is None:
        return UNKNOWN_EDGE
    return EDGE_STYLES.get(edge_type, UNKNOWN_EDGE)


def kind_label(kind: str | None) -> str:
    """'村 (Village)': the Chinese name with the ontology kind, for tooltips."""
    style = kind_style(kind)
    if style is UNKNOWN:
        return kind or "?"
    return f"{style.label} ({kind})"


def base_of(kind: str | None) -> str:
    return kind_style(kind).base


def state_style(attrs: Mapping[str, Any]) -> KindStyle:
    """The style a node is drawn with: its kind's, or the coverage warning colours when they apply."""
    kind = attrs.get("kind")
    agg = attrs.get("_agg")
    if isinstance(agg, Mapping):
        covered, known = int(agg.get("covered", 0)), int(agg.get("coverage_known", 0))
        if known:
            if covered == 0:
                return UNCOVERED
            if covered < known:
                return PARTIAL
    elif kind in COVERABLE_KINDS and attrs.get("covered") is False:
        return UNCOVERED
    return kind_style(kind if isinstance(kind, str) else None)


def vis_node_style(attrs: Mapping[str, Any], *, highlighted: bool = False) -> dict[str, Any]:
    """vis-network options (colour, shape, size, border, font) for a node with these attributes."""
    style = state_style(attrs)
    base = kind_style(attrs.get("kind") if isinstance(attrs.get("kind"), str) else None)
    size = base.size
    border_width = 1.5
    border = style.border
    agg = attrs.get("_agg")
    opts: dict[str, Any] = {}
    if isinstance(agg, Mapping):
        members = int(agg.get("members", 1))
        size = base.size + min(24, 3 * members.bit_length())
        border_width = 3.0
        border = AGGREGATE.border
    if style is UNCOVERED:
        border_width = 3.0
        opts["shapeProperties"] = {"borderDashes": [4, 3]}
    if highlighted:
        size += 8
        border_width = 4.0
        border = "#111111"
    opts.update(
        {
            "shape": base.shape if base is not UNKNOWN else style.shape,
            "size": size,
            "borderWidth": border_width,
            "color": {
                "background": style.color,
                "border": border,
                "highlight": {"background": style.color, "border": "#000000"},
                "hover": {"background": style.color, "border": "#000000"},
            },
            "font": {
                "color": style.font_color,
                "size": 16 if highlighted else 13,
                "strokeWidth": 3,
                "strokeColor": "#ffffff",
            },
        }
    )
    if highlighted:
        opts["mass"] = 3
    return opts


def vis_edge_style(edge_type: str | None, *, count: int = 1) -> dict[str, Any]:
    style = edge_style(edge_type)
    width = style.width if count <= 1 else min(style.width + count.bit_length(), 10.0)
    return {
        "color": {"color": style.color, "highlight": "#000000", "hover": "#000000", "opacity": 0.85},
        "width": width,
        "dashes": style.dashes,
        "arrows": {"to": {"enabled": True, "scaleFactor": 0.5}},
        "font": {
            "size": 10,
            "color": "#444444",
            "strokeWidth": 3,
            "strokeColor": "#ffffff",
            "align": "middle",
        },
    }


# --- legend -------------------------------------------------------------------------------------------

LEGEND_CSS = """
.tx-legend{font-size:12px;line-height:1.5}
.tx-legend h3{font-size:12px;margin:8px 0 2px;color:#555;font-weight:600}
.tx-legend ul{list-style:none;margin:0;padding:0}
.tx-legend li{display:flex;align-items:center;gap:6px;white-space:nowrap}
.tx-legend svg{flex:none}
.tx-legend .tx-kind{color:#888;font-size:11px}
"""


def _swatch(shape: str, fill: str, stroke: str, *, dashed: bool = False) -> str:
    f, s = escape(fill), escape(stroke)
    dash = ' stroke-dasharray="3 2"' if dashed else ""
    common = f'fill="{f}" stroke="{s}" stroke-width="1.5"{dash}'
    shapes = {
        "dot": f'<circle cx="8" cy="8" r="6" {common}/>',
        "square": f'<rect x="2.5" y="2.5" width="11" height="11" {common}/>',
        "diamond": f'<polygon points="8,1.5 14.5,8 8,14.5 1.5,8" {common}/>',
        "triangle": f'<polygon points="8,2 14.5,14 1.5,14" {common}/>',
        "triangleDown": f'<polygon points="1.5,2 14.5,2 8,14" {common}/>',
        "star": f'<polygon points="8,1 9.9,6 15,6 10.9,9.2 12.5,14.5 8,11.3 3.5,14.5 5.1,9.2 1,6 6.1,6" {common}/>',
        "hexagon": f'<polygon points="4.5,2 11.5,2 15,8 11.5,14 4.5,14 1,8" {common}/>',
    }
    body = shapes.get(shape, shapes["dot"])
    return f'<svg width="16" height="16" viewBox="0 0 16 16" aria-hidden="true">{body}</svg>'


def _edge_swatch(style: EdgeStyle) -> str:
    dash = ' stroke-dasharray="4 3"' if style.dashes else ""
    return (
        '<svg width="26" height="10" viewBox="0 0 26 10" aria-hidden="true">'
        f'<line x1="1" y1="5" x2="20" y2="5" stroke="{escape(style.color)}" stroke-width="{style.width}"{dash}/>'
        f'<polygon points="19,1.5 25,5 19,8.5" fill="{escape(style.color)}"/></svg>'
    )


def _item(swatch: str, label: str, kind: str) -> str:
    return f'<li>{swatch}<span>{escape(label)}</span> <span class="tx-kind">{escape(kind)}</span></li>'


def legend_html(
    kinds: Iterable[str] | None = None,
    edge_types: Iterable[str] | None = None,
    *,
    uncovered: bool = False,
    partial: bool = False,
    aggregated: bool = False,
) -> str:
    """The legend as an HTML fragment (escaped), from the style tables.

    `kinds` and `edge_types` restrict it to what a view shows (None: everything); the flags add the
    coverage and aggregation states.
    """
    wanted = None if kinds is None else set(kinds)
    parts = ['<div class="tx-legend">']
    for base, base_label in BASES:
        items = [
            _item(_swatch(s.shape, s.color, s.border), s.label, s.kind)
            for s in _STYLES
            if s.base == base and (wanted is None or s.kind in wanted)
        ]
        if base == "Place":
            if uncovered:
                items.append(
                    _item(_swatch("dot", UNCOVERED.color, UNCOVERED.border, dashed=True), UNCOVERED.label, "")
                )
            if partial:
                items.append(_item(_swatch("dot", PARTIAL.color, PARTIAL.border), PARTIAL.label, ""))
            if aggregated:
                items.append(_item(_swatch("dot", AGGREGATE.color, AGGREGATE.border), AGGREGATE.label, ""))
        if items:
            parts.append(f"<h3>{escape(base_label)}</h3><ul>{''.join(items)}</ul>")
    if wanted is not None:
        unknown = sorted(k for k in wanted if k not in KIND_STYLES)
        if unknown:
            items = [
                _item(_swatch(UNKNOWN.shape, UNKNOWN.color, UNKNOWN.border), UNKNOWN.label, k)
                for k in unknown
            ]
            parts.append(f"<h3>{escape(UNKNOWN.label)}</h3><ul>{''.join(items)}</ul>")
    edge_wanted = None if edge_types is None else set(edge_types)
    edge_items = [
        _item(_edge_swatch(s), s.label, s.type)
        for s in EDGE_STYLES.values()
        if edge_wanted is None or s.type in edge_wanted
    ]
    if edge_wanted is not None:
        edge_items += [
            _item(_edge_swatch(UNKNOWN_EDGE), UNKNOWN_EDGE.label, t)
            for t in sorted(edge_wanted - set(EDGE_STYLES))
        ]
    if edge_items:
        parts.append(f"<h3>关系</h3><ul>{''.join(edge_items)}</ul>")
    parts.append("</div>")
    return "".join(parts)
