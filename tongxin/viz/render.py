"""Network views: a networkx graph in, one self-contained HTML page out.

Input contract: a networkx graph (MultiDiGraph preferred) whose node keys are node ids
(``place:431382107259``, ``enterprise:某某公司``) with attributes ``kind``, ``name`` and optionally
``code``, ``aliases``, ``sources``, ``covered`` (coverage views) and other scalar properties; edges carry
``type``, ``sources``, ``evidence`` and their own properties (program, since, title, level, amount …).
``graph.graph["title"]`` is the page title and ``graph.graph["notes"]`` a list of notes shown on the page.

pyvis 0.3.2 assembles the vis-network nodes, edges and options; the page itself comes from our own
template (``assets/network.html.j2``), because pyvis's templates reference CDNs (bootstrap always, and
vis-network itself in 'local' mode) and do not escape the heading. vis-network's JS and CSS are inlined
from the pyvis package, so the page works offline.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from importlib.metadata import version
from itertools import zip_longest
from typing import Any

import networkx as nx
from pyvis.network import Network

from tongxin.graph import dates
from tongxin.graph.writer import per_source, without_per_source
from tongxin.viz import style
from tongxin.viz.aggregate import aggregate, as_multidigraph, group_summary
from tongxin.viz.page import (
    VIS_VERSION,
    content_security_policy,
    inline_script_text,
    read_asset,
    render_template,
    script_json,
    vis_assets,
)

# View kinds and their Chinese names (shown under the title).
VIEW_KINDS: dict[str, str] = {
    "ego": "关系网络",
    "program": "项目视图",
    "coverage": "覆盖视图",
    "path": "关联路径",
    "place": "地点视图",
    "claim": "声明核对",
    "network": "网络视图",
}

DEFAULT_TITLE = "同心图谱"
EDGE_LABEL_LIMIT = 300  # edges drawn with a text label up to this many edges; beyond, tooltips only
LABEL_MAX_CHARS = 18  # node labels longer than this are shortened on the canvas (full name in tooltip)
TOOLTIP_MAX_EVIDENCE = 8
TOOLTIP_MAX_LIST = 12

# Node attributes the tooltip shows in its own lines, or never (internal, or noise for a reader).
_NODE_SPECIAL = {
    "kind",
    "name",
    "code",
    "aliases",
    "sources",
    "covered",
    "_agg",
    "code_num",
    "code_end",
    "pinyin",
    *dates.BOUND_PROPS,
}
_EDGE_SPECIAL = {"type", "sources", "evidence", "count", "aggregated", "label", *dates.BOUND_PROPS}
_EDGE_LABEL_PROPS = ("program", "title", "level", "amount", "investment")


def render_html(
    graph: nx.Graph,
    *,
    kind: str = "ego",
    node_budget: int = 1500,
    highlight: Iterable[str] = (),
) -> str:
    """A self-contained HTML page drawing `graph` as a network view.

    kind: one of VIEW_KINDS (ego, program, coverage, path, place, claim, network); it picks the layout
      (path: left-to-right by hops from the first highlighted node; others: force-directed) and the
      summary notes (coverage: how many villages/communities are covered).
    node_budget: above this many nodes the places are aggregated (villages into townships, …) and a
      note says so on the page.
    highlight: node ids drawn emphasised and never aggregated (the ego, the ends of a path).
    """
    data = network_data(graph, kind=kind, node_budget=node_budget, highlight=highlight)
    title = str(graph.graph.get("title") or DEFAULT_TITLE)
    present_kinds = sorted({str(n["kind"]) for n in data["nodes"] if n.get("kind")})
    present_types = sorted({str(e["type"]) for e in data["edges"] if e.get("type")})
    legend = style.legend_html(
        present_kinds,
        present_types,
        uncovered=any(n.get("state") == "Uncovered" for n in data["nodes"]),
        partial=any(n.get("state") == "Partial" for n in data["nodes"]),
        aggregated=any(n.get("aggregated") for n in data["nodes"]),
    )
    vis_js, vis_css = vis_assets()
    app_js = inline_script_text(read_asset("network.js"))
    return render_template(
        "network.html.j2",
        title=title,
        view_label=VIEW_KINDS[kind],
        node_count=len(data["nodes"]),
        edge_count=len(data["edges"]),
        notes=data["notes"],
        legend=legend,
        legend_css=style.LEGEND_CSS,
        data_json=script_json(data),
        vis_js=vis_js,
        vis_css=vis_css,
        app_js=app_js,
        csp=content_security_policy([vis_js, app_js]),
        pyvis_version=version("pyvis"),
        vis_version=VIS_VERSION,
    )


def network_data(
    graph: nx.Graph,
    *,
    kind: str = "ego",
    node_budget: int = 1500,
    highlight: Iterable[str] = (),
) -> dict[str, Any]:
    """What the page embeds: {view, nodes, edges, options, notes, highlight, maxLayoutMs}.

    nodes/edges are vis-network items (id, label, title = the plain-text tooltip, style) with our own
    fields: nodes have kind, name, code, state (Uncovered/Partial when a coverage colour applies),
    covered, aggregated (the group summary); edges have type, count and provenance.
    """
    if kind not in VIEW_KINDS:
        raise ValueError(f"unknown view kind {kind!r}; known: {', '.join(VIEW_KINDS)}")
    g = as_multidigraph(graph)
    marked = [h for h in dict.fromkeys(str(h) for h in highlight) if h in g]
    if kind == "program" and not marked:
        marked = [n for n, d in g.nodes(data=True) if d.get("kind") == "Program"]
    given = graph.graph.get("notes") or []
    notes = [given] if isinstance(given, str) else [str(n) for n in given]
    coverage = _coverage_note(g)
    if kind == "coverage" and coverage:
        notes.append(coverage)
    g, agg_notes = aggregate(g, node_budget, keep=marked)
    notes.extend(agg_notes)

    net = Network(height="100%", width="100%", directed=True, cdn_resources="in_line", heading="")
    marked_set = set(marked)
    levels = _path_levels(g, marked) if kind == "path" else {}
    area_font = area_label_size(kind, g.number_of_nodes())
    for node, attrs in g.nodes(data=True):
        nid = str(node)
        extra: dict[str, Any] = {}
        if nid in levels:
            extra["level"] = levels[nid]
        item = _vis_node(nid, attrs, highlighted=nid in marked_set)
        if area_font and attrs.get("kind") in AREA_KINDS:
            item["font"] = {**item["font"], "size": area_font, "strokeWidth": 6}
        net.add_node(nid, **item, **extra)
    names = {str(n): _name(str(n), d) for n, d in g.nodes(data=True)}
    edge_count = g.number_of_edges()
    for i, (u, v, attrs) in enumerate(g.edges(data=True)):
        su, sv = str(u), str(v)
        net.add_edge(
            su, sv, **_vis_edge(f"e{i}", names[su], names[sv], attrs, labelled=edge_count <= EDGE_LABEL_LIMIT)
        )
    # A dict, not set_options(): pyvis's Options.set() deletes every space in the JSON it is given.
    net.options = _options(kind, g.number_of_nodes(), edge_count)
    nodes, edges, _heading, _height, _width, _options_json = net.get_network_data()
    return {
        "view": kind,
        "nodes": nodes,
        "edges": edges,
        "options": net.options,
        "notes": notes,
        "highlight": marked,
        "maxLayoutMs": 60_000,
    }


# --- nodes -----------------------------------------------------------------------------------------

AREA_KINDS = frozenset({"Province", "City", "County", "Township"})


def area_label_size(kind: str, n: int) -> int | None:
    """The label size of the areas (townships, counties) in a large coverage view, so that they stay
    readable when the whole view is in sight (vis-network hides a label drawn under 5 px); the villages'
    names show when zoomed in, and in their tooltips. None: the usual size."""
    if kind != "coverage" or n <= 60:
        return None
    return min(48, round(13 * (n / 60) ** 0.5))



def _name(node: str, attrs: Mapping[str, Any]) -> str:
    name = attrs.get("name")
    return str(name) if name not in (None, "") else node


def _short(text: str, limit: int = LABEL_MAX_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _vis_node(node: str, attrs: Mapping[str, Any], *, highlighted: bool) -> dict[str, Any]:
    name = _name(node, attrs)
    agg = attrs.get("_agg")
    label = _short(name)
    item: dict[str, Any] = style.vis_node_style(attrs, highlighted=highlighted)
    summary = ""
    if isinstance(agg, Mapping):
        summary = group_summary(agg)
        label = f"{_short(name)} ({summary})"
        known, covered = int(agg.get("coverage_known", 0)), int(agg.get("covered", 0))
        if known:
            label += f"\n未结对 {known - covered}"
    state = style.state_style(attrs)
    item.update(
        {
            "label": label,
            "title": node_tooltip(node, attrs),
            "kind": str(attrs.get("kind") or ""),
            "name": name,
        }
    )
    if state.kind in ("Uncovered", "Partial"):
        item["state"] = state.kind
    if attrs.get("code") is not None:
        item["code"] = str(attrs["code"])
    if isinstance(attrs.get("covered"), bool):
        item["covered"] = attrs["covered"]
    if summary:
        item["aggregated"] = summary
    if highlighted:
        item["highlighted"] = True
    return item


def _stated_lines(attrs: Mapping[str, Any]) -> list[str]:
    """Which source says what of a node's or edge's properties (graph.writer.per_source), when more than
    one source does."""
    stated = per_source(dict(attrs), bounds=False)
    if len(stated) < 2:
        return []
    return ["各来源所述："] + [
        f"    {src}：" + "；".join(f"{style.PROPERTY_LABELS.get(k, k)} {_fmt(k, v)}" for k, v in sorted(values.items()))
        for src, values in sorted(stated.items())]


def node_tooltip(node: str, attrs: Mapping[str, Any]) -> str:
    """The plain-text tooltip of a node: name, kind, code, aliases, coverage, sources, other properties."""
    lines = [_name(node, attrs), f"类型：{style.kind_label(_str_or_none(attrs.get('kind')))}"]
    if attrs.get("code") not in (None, ""):
        lines.append(f"编码：{attrs['code']}")
    aliases = _as_list(attrs.get("aliases"))
    if aliases:
        lines.append(f"别名：{_join(aliases)}")
    if isinstance(attrs.get("covered"), bool):
        lines.append("结对：" + ("已结对" if attrs["covered"] else "未结对（无结对主体）"))
    agg = attrs.get("_agg")
    if isinstance(agg, Mapping):
        line = f"聚合：{group_summary(agg)}"
        known = int(agg.get("coverage_known", 0))
        if known:
            line += f"，其中已结对 {int(agg.get('covered', 0))} / {known}"
        lines.append(line)
    for key, value in without_per_source(dict(attrs)).items():
        if key in _NODE_SPECIAL or key.startswith("_") or value in (None, "", []):
            continue
        lines.append(f"{style.PROPERTY_LABELS.get(key, key)}：{_fmt(key, value)}")
    lines += _stated_lines(attrs)
    sources = _as_list(attrs.get("sources"))
    if sources:
        lines.append(f"来源：{_join(sources)}")
    lines.append(f"ID：{node}")
    return "\n".join(lines)


# --- edges -----------------------------------------------------------------------------------------


def _vis_edge(
    eid: str, from_name: str, to_name: str, attrs: Mapping[str, Any], *, labelled: bool
) -> dict[str, Any]:
    etype = _str_or_none(attrs.get("type"))
    count = int(attrs.get("count", 1) or 1)
    item = style.vis_edge_style(etype, count=count)
    item.update(
        {
            "id": eid,
            "title": edge_tooltip(from_name, to_name, attrs),
            "type": etype or "",
            "relation": style.edge_style(etype).label,
            "sources": [str(s) for s in _as_list(attrs.get("sources"))],
        }
    )
    if count > 1:
        item["count"] = count
    if labelled:
        item["label"] = edge_label(attrs)
    return item


def edge_label(attrs: Mapping[str, Any]) -> str:
    """The short text drawn on an edge: '结对·万企兴万村', '担任·统战部长', '捐赠·120万元', '… ×12'."""
    etype = _str_or_none(attrs.get("type"))
    text = style.edge_style(etype).label
    for key in _EDGE_LABEL_PROPS:
        value = attrs.get(key)
        if value not in (None, ""):
            text += "·" + _short(_fmt(key, value), 14)
            break
    count = int(attrs.get("count", 1) or 1)
    if count > 1:
        text += f" ×{count}"
    return text


def edge_tooltip(from_name: str, to_name: str, attrs: Mapping[str, Any]) -> str:
    """The plain-text tooltip of an edge: its ends, relation, properties and evidence quotes with sources."""
    etype = _str_or_none(attrs.get("type"))
    rel = style.edge_style(etype)
    lines = [f"{from_name} → {to_name}", f"关系：{rel.label} ({etype or '?'})"]
    count = int(attrs.get("count", 1) or 1)
    if count > 1:
        lines.append(f"聚合：{count} 条关系")
    for key, value in without_per_source(dict(attrs)).items():
        if key in _EDGE_SPECIAL or key.startswith("_") or value in (None, "", []):
            continue
        lines.append(f"{style.PROPERTY_LABELS.get(key, key)}：{_fmt(key, value)}")
    lines += _stated_lines(attrs)
    sources = [str(s) for s in _as_list(attrs.get("sources"))]
    evidence = [str(e) for e in _as_list(attrs.get("evidence"))]
    pairs = list(zip_longest(evidence, sources, fillvalue=""))
    if pairs:
        lines.append("证据：")
        for quote, src in pairs[:TOOLTIP_MAX_EVIDENCE]:
            lines.append(f"「{quote}」" if quote else "（无引文）")
            if src:
                lines.append(f"    —— 来源 {src}")
        if len(pairs) > TOOLTIP_MAX_EVIDENCE:
            lines.append(f"…… 另有 {len(pairs) - TOOLTIP_MAX_EVIDENCE} 条")
    return "\n".join(lines)


# --- values ----------------------------------------------------------------------------------------


def _str_or_none(value: Any) -> str | None:
    return None if value is None else str(value)


def _as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    if isinstance(value, list | tuple | set | frozenset):
        return list(value)
    return [value]


def _join(values: list[Any]) -> str:
    shown = "、".join(str(v) for v in values[:TOOLTIP_MAX_LIST])
    if len(values) > TOOLTIP_MAX_LIST:
        shown += f" 等 {len(values)} 项"
    return shown


def format_amount(value: float | int) -> str:
    """120万元, 1.5亿元, 800元."""
    v = float(value)
    if abs(v) >= 1e8:
        return f"{v / 1e8:g}亿元"
    if abs(v) >= 1e4:
        return f"{v / 1e4:g}万元"
    return f"{v:g}元"


def _fmt(key: str, value: Any) -> str:
    if isinstance(value, bool):
        return "是" if value else "否"
    if key in ("amount", "investment") and isinstance(value, int | float):
        return format_amount(value)
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, list | tuple | set | frozenset):
        return _join(list(value))
    return str(value)


# --- layout ----------------------------------------------------------------------------------------


def _coverage_note(g: nx.MultiDiGraph) -> str | None:
    marks = [d["covered"] for _, d in g.nodes(data=True) if isinstance(d.get("covered"), bool)]
    covered = sum(1 for m in marks if m)
    total = len(marks)
    if not total:
        return None
    rate = f"{100 * covered / total:.1f}%"
    return (
        f"村（社区）结对覆盖：已结对 {covered} / {total}（{rate}），未结对 {total - covered} 个以醒目红色标出。"
        f" Coverage: {covered} of {total} villages/communities paired; uncovered ones in red."
    )


def _path_levels(g: nx.MultiDiGraph, marked: list[str]) -> dict[str, int]:
    """Columns for the path view: hops from the first highlighted node (or a least-connected one)."""
    if g.number_of_nodes() == 0:
        return {}
    und = g.to_undirected(as_view=True)
    start = marked[0] if marked else min(g.nodes, key=lambda n: (g.degree(n), str(n)))
    dist = nx.single_source_shortest_path_length(und, start)
    far = max(dist.values(), default=0) + 1
    return {str(n): int(dist.get(n, far)) for n in g.nodes}


def _options(kind: str, n: int, m: int) -> dict[str, Any]:
    """vis-network options tuned to settle: barnesHut for small graphs, forceAtlas2Based for large ones,
    a bounded number of stabilisation iterations; the page turns physics off once it has settled."""
    options: dict[str, Any] = {
        "autoResize": True,
        "nodes": {"font": {"face": "Noto Sans CJK SC, Microsoft YaHei, sans-serif"}},
        "edges": {
            "smooth": {"enabled": m <= 400, "type": "continuous", "roundness": 0.3},
            "selectionWidth": 2,
        },
        "interaction": {
            "hover": True,
            "tooltipDelay": 120,
            "hideEdgesOnDrag": m > 600,
            "navigationButtons": False,
            "keyboard": {"enabled": True, "bindToWindow": False},
            "multiselect": True,
        },
        "layout": {"randomSeed": 20240601, "improvedLayout": n <= 100},
    }
    if kind == "path":
        options["layout"]["hierarchical"] = {
            "enabled": True,
            "direction": "LR",
            "sortMethod": "directed",
            "levelSeparation": 240,
            "nodeSpacing": 110,
            "shakeTowards": "roots",
        }
        options["edges"]["smooth"] = {"enabled": True, "type": "cubicBezier", "forceDirection": "horizontal"}
        options["physics"] = {"enabled": False}
        return options
    if n <= 200:
        options["physics"] = {
            "enabled": True,
            "solver": "barnesHut",
            "barnesHut": {
                "gravitationalConstant": -9000,
                "centralGravity": 0.25,
                "springLength": 140,
                "springConstant": 0.04,
                "damping": 0.35,
                "avoidOverlap": 0.3,
            },
            "minVelocity": 1.0,
            "maxVelocity": 40,
            "stabilization": {"enabled": True, "iterations": 400, "updateInterval": 20, "fit": True},
        }
    else:
        # fewer iterations for larger graphs: each costs more in the browser (docs/benchmarks.md)
        iterations = 600 if n <= 600 else (300 if n <= 1000 else 200)
        options["physics"] = {
            "enabled": True,
            "solver": "forceAtlas2Based",
            "forceAtlas2Based": {
                "gravitationalConstant": -70,
                "centralGravity": 0.012,
                "springLength": 90,
                "springConstant": 0.06,
                "damping": 0.5,
                "avoidOverlap": 0.4,
            },
            "minVelocity": 2.0,
            "maxVelocity": 60,
            "timestep": 0.45,
            "adaptiveTimestep": True,
            "stabilization": {"enabled": True, "iterations": iterations, "updateInterval": 25, "fit": True},
        }
    return options
