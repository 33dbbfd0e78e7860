"""Network views and the coverage overview rendered from hand-built graphs, parsed back out of the HTML."""

from __future__ import annotations

import base64
import hashlib
import json
import re
from html.parser import HTMLParser
from typing import Any

import networkx as nx
import pytest

from tongxin.viz import render_coverage_overview, render_html
from tongxin.viz import style as viz_style
from tongxin.viz.page import external_references, script_json

ENT = "enterprise:湖南涟邵建材有限公司"
V1 = "place:431382107259"  # 涟源市杨市镇东园村
V2 = "place:431302007207"  # 娄星区大埠桥街道中阳村
PERSON = "person:雷绍业@4313"
PROGRAM = "program:万企兴万村"

HOSTILE = [
    "<script>alert(1)</script>",
    "</script><img src=x onerror=alert(1)>",
    "\"quoted\" 'single' `tick`",
    "{{ 7*7 }} {% if true %}jinja{% endif %}",
    "line\u2028separator\u2029paragraph",
    "&amp; &lt;b&gt; <!-- comment",
]


# --- helpers ---------------------------------------------------------------------------------------


def page_data(html: str) -> dict[str, Any]:
    m = re.search(r'<script type="application/json" id="tx-data">(.*?)</script>', html, re.DOTALL)
    assert m, "no embedded view data"
    data: dict[str, Any] = json.loads(m.group(1))
    return data


def nodes_by_id(html: str) -> dict[str, dict[str, Any]]:
    return {n["id"]: n for n in page_data(html)["nodes"]}


def edges_of(html: str) -> list[dict[str, Any]]:
    edges: list[dict[str, Any]] = page_data(html)["edges"]
    return edges


class _Text(HTMLParser):
    """The text a reader sees: everything outside <script>, <style> and <head>."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.skip = 0
        self.parts: list[str] = []
        self.title = ""
        self._in_title = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self.skip += 1
        if tag == "title":
            self._in_title = True

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style"):
            self.skip -= 1
        if tag == "title":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        elif not self.skip:
            self.parts.append(data)


def visible_text(html: str) -> str:
    p = _Text()
    p.feed(html)
    return " ".join(p.parts)


def page_title(html: str) -> str:
    p = _Text()
    p.feed(html)
    return p.title


def assert_self_contained(html: str) -> None:
    assert external_references(html) == []
    assert not re.search(r"""(?:src|href)\s*=\s*["']?\s*https?://""", html, re.IGNORECASE)
    assert "//cdn" not in html.lower()
    assert not re.search(r"""@import|url\(\s*["']?\s*(?:https?:)?//""", html, re.IGNORECASE)
    # The CSP meta fetches nothing, and allows exactly the page's own inline scripts by hash.
    m = re.search(r'<meta http-equiv="Content-Security-Policy" content="([^"]+)">', html)
    assert m, "no Content-Security-Policy"
    policy = m.group(1).replace("&#39;", "'")
    assert "default-src 'none'" in policy
    scripts = re.findall(r"<script>(.*?)</script>", html, re.DOTALL)
    assert scripts
    for code in scripts:
        digest = base64.b64encode(hashlib.sha256(code.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in policy


def ev(text: str) -> dict[str, Any]:
    return {"sources": ["src:loudi-2023"], "evidence": [text]}


# --- graphs ----------------------------------------------------------------------------------------


def ego_graph() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph(title="湖南涟邵建材有限公司的关系网络", notes=["数据截至 2023 年底"])
    g.add_node(
        ENT, kind="Enterprise", name="湖南涟邵建材有限公司", aliases=["涟邵建材"], sources=["src:loudi-2023"]
    )
    g.add_node(
        V1,
        kind="Village",
        name="东园村",
        code="431382107259",
        aliases=["东园村委会", "东园村民委员会"],
        sources=["src:gazetteer"],
    )
    g.add_node(V2, kind="Village", name="中阳村", code="431302007207", sources=["src:gazetteer"])
    g.add_node(PERSON, kind="Person", name="雷绍业")
    g.add_edge(
        ENT,
        V1,
        type="PAIRED_WITH",
        program="万企兴万村",
        since="2021-06",
        sources=["src:loudi-2023", "src:ledger-2022"],
        evidence=["湖南涟邵建材有限公司与杨市镇东园村结对帮扶", "台账：涟邵建材—东园村"],
    )
    g.add_edge(ENT, V2, type="PAIRED_WITH", program="万企兴万村", **ev("涟邵建材结对中阳村，投入资金50万元"))
    g.add_edge(PERSON, ENT, type="HOLDS_ROLE", title="董事长", **ev("雷绍业，湖南涟邵建材有限公司董事长"))
    return g


def program_graph() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph(title="万企兴万村 · 娄底")
    g.add_node(PROGRAM, kind="Program", name="万企兴万村")
    g.add_node("federation:娄底市工商联", kind="Federation", name="娄底市工商联")
    g.add_node("ufwd:娄底市委统战部", kind="UnitedFrontDept", name="娄底市委统战部")
    g.add_node(ENT, kind="Enterprise", name="湖南涟邵建材有限公司")
    g.add_node(V1, kind="Village", name="东园村", code="431382107259")
    g.add_node("site:同心实践基地", kind="Site", name="同心实践创新基地")
    g.add_edge("federation:娄底市工商联", PROGRAM, type="RUNS", **ev("市工商联牵头实施万企兴万村行动"))
    g.add_edge("ufwd:娄底市委统战部", PROGRAM, type="RUNS", **ev("市委统战部、市工商联联合"))
    g.add_edge(ENT, PROGRAM, type="PARTICIPATES_IN", **ev("参与万企兴万村"))
    g.add_edge(ENT, V1, type="DONATES_TO", amount=1200000, date="2022-03", **ev("捐赠120万元修建村道"))
    g.add_edge("site:同心实践基地", PROGRAM, type="SITE_OF", level="省级", **ev("获评省级示范点"))
    return g


def coverage_graph() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph(title="杨市镇结对覆盖")
    g.add_node("place:431382107", kind="Township", name="杨市镇", code="431382107")
    villages = [
        ("431382107259", "东园村", "Village", True),
        ("431382107260", "西园村", "Village", False),
        ("431382107261", "南岭村", "Village", False),
        ("431382107001", "街心社区", "Community", True),
    ]
    for code, name, kind, covered in villages:
        g.add_node(f"place:{code}", kind=kind, name=name, code=code, covered=covered)
        g.add_edge(f"place:{code}", "place:431382107", type="PART_OF", sources=[], evidence=[])
    g.add_node(ENT, kind="Enterprise", name="湖南涟邵建材有限公司")
    g.add_node("party:民建涟源支部", kind="DemocraticParty", name="民建涟源市委第一支部")
    g.add_edge(ENT, "place:431382107259", type="PAIRED_WITH", program="万企兴万村", **ev("结对东园村"))
    g.add_edge(
        "party:民建涟源支部",
        "place:431382107001",
        type="PAIRED_WITH",
        program="党派+社区",
        **ev("结对街心社区"),
    )
    return g


def path_graph() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph(title="雷绍业 与 东园村 之间的路径")
    g.add_node(PERSON, kind="Person", name="雷绍业")
    g.add_node(ENT, kind="Enterprise", name="湖南涟邵建材有限公司")
    g.add_node(V1, kind="Village", name="东园村", code="431382107259")
    g.add_edge(PERSON, ENT, type="HOLDS_ROLE", title="董事长", **ev("雷绍业任董事长"))
    g.add_edge(ENT, V1, type="PAIRED_WITH", program="万企兴万村", **ev("结对东园村"))
    return g


def big_graph(villages: int, townships: int = 10, enterprises: int = 40) -> nx.MultiDiGraph:
    g = nx.MultiDiGraph(title="涟源市 全部村")
    g.add_node("place:431382", kind="County", name="涟源市", code="431382")
    for t in range(townships):
        tc = f"431382{100 + t:03d}"
        g.add_node(f"place:{tc}", kind="Township", name=f"第{t}镇", code=tc)
        g.add_edge(f"place:{tc}", "place:431382", type="PART_OF", sources=[], evidence=[])
    for e in range(enterprises):
        g.add_node(f"enterprise:e{e}", kind="Enterprise", name=f"企业{e}有限公司")
    for i in range(villages):
        tc = f"431382{100 + i % townships:03d}"
        vc = f"{tc}{200 + i // townships:03d}"
        covered = (i // townships) % 2 == 0  # half the villages of every township
        g.add_node(f"place:{vc}", kind="Village", name=f"村{i}", code=vc, covered=covered)
        g.add_edge(f"place:{vc}", f"place:{tc}", type="PART_OF", sources=[], evidence=[])
        if covered:
            g.add_edge(
                f"enterprise:e{i % enterprises}",
                f"place:{vc}",
                type="PAIRED_WITH",
                program="万企兴万村",
                **ev(f"企业{i % enterprises}结对村{i}"),
            )
    return g


# --- views -----------------------------------------------------------------------------------------


def test_ego_view_nodes_edges_and_tooltips() -> None:
    html = render_html(ego_graph(), kind="ego", highlight=[ENT])
    assert_self_contained(html)
    assert page_title(html) == "湖南涟邵建材有限公司的关系网络"
    nodes = nodes_by_id(html)
    assert set(nodes) == {ENT, V1, V2, PERSON}
    assert nodes[ENT]["label"] == "湖南涟邵建材有限公司"
    assert nodes[ENT]["kind"] == "Enterprise" and nodes[ENT]["highlighted"] is True
    assert (
        nodes[V1]["kind"] == "Village"
        and nodes[V1]["label"] == "东园村"
        and nodes[V1]["code"] == "431382107259"
    )
    assert (
        nodes[V1]["shape"] == "dot"
        and nodes[ENT]["shape"] == "square"
        and nodes[PERSON]["shape"] == "triangle"
    )
    assert nodes[V1]["color"]["background"] == viz_style.KIND_STYLES["Village"].color
    tip = nodes[V1]["title"]
    for part in (
        "东园村",
        "类型：村 (Village)",
        "编码：431382107259",
        "东园村委会、东园村民委员会",
        "src:gazetteer",
    ):
        assert part in tip
    edges = edges_of(html)
    assert len(edges) == 3 and len({e["id"] for e in edges}) == 3
    pair = next(e for e in edges if e["from"] == ENT and e["to"] == V1)
    assert pair["type"] == "PAIRED_WITH" and pair["label"] == "结对·万企兴万村"
    assert pair["sources"] == ["src:loudi-2023", "src:ledger-2022"]
    for part in (
        "湖南涟邵建材有限公司 → 东园村",
        "关系：结对 (PAIRED_WITH)",
        "项目：万企兴万村",
        "起始：2021-06",
        "「湖南涟邵建材有限公司与杨市镇东园村结对帮扶」",
        "—— 来源 src:loudi-2023",
        "「台账：涟邵建材—东园村」",
        "—— 来源 src:ledger-2022",
    ):
        assert part in pair["title"]
    role = next(e for e in edges if e["type"] == "HOLDS_ROLE")
    assert role["from"] == PERSON and role["label"] == "担任·董事长"
    text = visible_text(html)
    assert "数据截至 2023 年底" in text  # the graph's notes
    assert "企业" in text and "村" in text and "结对" in text  # legend
    assert "民主党派" not in text  # the legend shows the kinds present
    data = page_data(html)
    assert data["view"] == "ego" and data["highlight"] == [ENT]
    assert data["options"]["physics"]["enabled"] is True
    assert data["options"]["physics"]["stabilization"]["enabled"] is True


def test_program_view_labels_amounts_and_levels() -> None:
    html = render_html(program_graph(), kind="program")
    assert_self_contained(html)
    nodes = nodes_by_id(html)
    assert nodes[PROGRAM]["shape"] == "star" and nodes[PROGRAM].get("highlighted") is True  # programs centre
    assert nodes["site:同心实践基地"]["shape"] == "hexagon"
    labels = {(e["from"], e["type"]): e["label"] for e in edges_of(html)}
    assert labels[(ENT, "DONATES_TO")] == "捐赠·120万元"
    assert labels[("site:同心实践基地", "SITE_OF")] == "示范点·省级"
    assert labels[("federation:娄底市工商联", "RUNS")] == "牵头"
    donation = next(e for e in edges_of(html) if e["type"] == "DONATES_TO")
    assert "金额：120万元" in donation["title"] and "日期：2022-03" in donation["title"]
    assert "「捐赠120万元修建村道」" in donation["title"]


def test_coverage_view_marks_uncovered() -> None:
    html = render_html(coverage_graph(), kind="coverage", highlight=["place:431382107"])
    assert_self_contained(html)
    nodes = nodes_by_id(html)
    uncovered = {n for n, d in nodes.items() if d.get("state") == "Uncovered"}
    assert uncovered == {"place:431382107260", "place:431382107261"}
    for nid in uncovered:
        assert nodes[nid]["color"]["background"] == viz_style.UNCOVERED.color
        assert nodes[nid]["covered"] is False
        assert "结对：未结对" in nodes[nid]["title"]
    assert nodes["place:431382107259"]["color"]["background"] == viz_style.KIND_STYLES["Village"].color
    assert nodes["place:431382107001"]["color"]["background"] == viz_style.KIND_STYLES["Community"].color
    assert "结对：已结对" in nodes["place:431382107001"]["title"]
    text = visible_text(html)
    assert "已结对 2 / 4（50.0%）" in text
    assert viz_style.UNCOVERED.label in text  # in the legend


def test_path_view_is_laid_out_by_hops() -> None:
    html = render_html(path_graph(), kind="path", highlight=[PERSON, V1])
    assert_self_contained(html)
    nodes = nodes_by_id(html)
    assert [nodes[n]["level"] for n in (PERSON, ENT, V1)] == [0, 1, 2]
    assert nodes[PERSON]["highlighted"] and nodes[V1]["highlighted"] and not nodes[ENT].get("highlighted")
    options = page_data(html)["options"]
    assert options["layout"]["hierarchical"]["enabled"] is True
    assert options["physics"]["enabled"] is False
    assert {(e["from"], e["to"]) for e in edges_of(html)} == {(PERSON, ENT), (ENT, V1)}


def test_hostile_names_are_escaped_and_round_trip() -> None:
    g = nx.MultiDiGraph(title=HOSTILE[0] + " 标题", notes=[HOSTILE[1], HOSTILE[3]])
    for i, name in enumerate(HOSTILE):
        g.add_node(f"enterprise:{name}", kind="Enterprise", name=name, aliases=[name], sources=[name])
        g.add_node(f"place:43138210720{i}", kind="Village", name=f"村{name}", covered=i % 2 == 0)
        g.add_edge(
            f"enterprise:{name}",
            f"place:43138210720{i}",
            type="PAIRED_WITH",
            program=name,
            sources=[name],
            evidence=[f"引文 {name}"],
        )
    g.add_node("x", kind=HOSTILE[0], name="unknown kind")  # an unknown kind reaches the legend too
    html = render_html(g, kind="coverage", highlight=[f"enterprise:{HOSTILE[1]}"])
    assert_self_contained(html)
    lowered = html.lower()
    assert "<script>alert" not in lowered
    assert "</script><img" not in lowered
    assert "<img" not in lowered
    assert "\u2028" not in html and "\u2029" not in html
    assert "49" not in visible_text(html)  # {{ 7*7 }} was never evaluated
    # Three script elements (data, vis-network, the app), and nothing else closes one.
    assert lowered.count("</script") == 3
    # Nothing was lost: the data parses back to exactly the names given.
    nodes = nodes_by_id(html)
    for name in HOSTILE:
        node = nodes[f"enterprise:{name}"]
        assert node["name"] == name
        assert name in node["title"]
    edge_tips = "\n".join(e["title"] for e in edges_of(html))
    for name in HOSTILE:
        assert f"引文 {name}" in edge_tips
    # The title, the notes and the legend are HTML-escaped text.
    assert page_title(html) == HOSTILE[0] + " 标题"
    text = visible_text(html)
    assert HOSTILE[1] in text and HOSTILE[3] in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_script_json_escapes_everything_that_could_end_a_script() -> None:
    value = {"a": "</script><!-- <b> & \u2028\u2029", "b": ["<", ">", "&"]}
    text = script_json(value)
    for raw in ("<", ">", "&", "\u2028", "\u2029"):
        assert raw not in text
    assert json.loads(text) == value


def test_large_graph_is_aggregated_with_a_visible_note() -> None:
    g = big_graph(2000, townships=10)
    keep = "place:431382100200"  # a village that stays itself because it is highlighted
    html = render_html(g, kind="coverage", node_budget=500, highlight=[keep])
    assert_self_contained(html)
    nodes = nodes_by_id(html)
    assert len(nodes) <= 500
    assert keep in nodes and nodes[keep]["kind"] == "Village"
    villages = [n for n, d in nodes.items() if d["kind"] == "Village"]
    assert villages == [keep]
    township = nodes["place:431382101"]
    assert township["aggregated"] == "200村"
    assert township["label"].startswith("第1镇 (200村)")
    assert "未结对 100" in township["label"]
    assert township["state"] == "Partial"
    assert "聚合：200村，其中已结对 100 / 200" in township["title"]
    assert sum(1 for d in nodes.values() if d["kind"] == "Enterprise") == 40  # non-places are kept
    merged = [e for e in edges_of(html) if e["type"] == "PAIRED_WITH"]
    assert sum(e.get("count", 1) for e in merged) == 1000  # every pairing is still counted
    assert all(e["to"].startswith("place:431382") for e in merged)
    text = visible_text(html)
    assert "已聚合：1999 个村/社区并入 10 个乡镇/街道节点（节点上限 500）" in text
    assert "Aggregated: 1999 villages/communities shown as 10 township nodes" in text
    options = page_data(html)["options"]
    assert options["physics"]["solver"] == "barnesHut"  # 51 nodes left
    assert "已结对 1000 / 2000（50.0%）" in text  # the coverage note counts before aggregating


def test_large_view_uses_force_atlas_and_bounded_stabilisation() -> None:
    html = render_html(big_graph(900, townships=30), kind="ego", node_budget=1500)
    data = page_data(html)
    assert len(data["nodes"]) == 1 + 30 + 40 + 900
    physics = data["options"]["physics"]
    assert physics["solver"] == "forceAtlas2Based"
    assert physics["stabilization"]["iterations"] <= 600
    assert data["options"]["edges"]["smooth"]["enabled"] is False
    assert "label" not in data["edges"][0]  # too many edges for labels: tooltips only
    assert data["notes"] == []


def test_past_every_aggregation_the_least_connected_are_left_out() -> None:
    g = big_graph(300, townships=10, enterprises=80)
    html = render_html(g, node_budget=30, highlight=["enterprise:e79"])
    nodes = nodes_by_id(html)
    assert len(nodes) == 30 and "enterprise:e79" in nodes
    assert "least-connected nodes are not shown" in visible_text(html)


def test_plain_digraph_and_missing_attributes_are_accepted() -> None:
    g = nx.DiGraph()
    g.add_edge("a", "b")
    html = render_html(g, kind="network")
    nodes = nodes_by_id(html)
    assert nodes["a"]["label"] == "a" and nodes["a"]["kind"] == ""
    assert page_title(html) == "同心图谱"
    assert edges_of(html)[0]["label"] == "关联"


def test_unknown_view_kind_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown view kind"):
        render_html(ego_graph(), kind="galaxy")


def test_legend_comes_from_the_style_table() -> None:
    full = viz_style.legend_html()
    for s in viz_style.KIND_STYLES.values():
        assert s.label in full and s.kind in full
    for e in viz_style.EDGE_STYLES.values():
        assert e.label in full and e.type in full
    some = viz_style.legend_html(["Village"], ["PAIRED_WITH"], uncovered=True)
    assert "村" in some and "企业" not in some and viz_style.UNCOVERED.label in some


# --- coverage overview -----------------------------------------------------------------------------


def rollup_rows() -> list[dict[str, Any]]:
    return [
        {
            "id": "place:431382",
            "code": "431382",
            "name": "涟源市",
            "total": 400,
            "covered": 380,
            "rate": 0.95,
        },
        {"id": "place:431302", "code": "431302", "name": "娄星区", "total": 120, "covered": 30, "rate": 0.25},
        {"id": "place:431381", "code": "431381", "name": "冷水江市", "total": 0, "covered": 0, "rate": None},
        {"id": "place:431321", "code": "431321", "name": HOSTILE[1], "total": 10, "covered": 6, "rate": 0.6},
    ]


def test_coverage_overview_table() -> None:
    links = {
        "place:431382": "/views/coverage?within=place:431382&target=village",
        "place:431302": "javascript:alert(1)",
        "place:431321": "/views/coverage?within=place:431321",
    }
    html = render_coverage_overview(
        "娄底市 万企兴万村 结对覆盖", rollup_rows(), links=links, notes=["按县区汇总"]
    )
    assert_self_contained(html)
    assert page_title(html) == "娄底市 万企兴万村 结对覆盖"
    assert '<a href="/views/coverage?within=place:431382&amp;target=village">涟源市</a>' in html
    assert "javascript:" not in html  # a dangerous link is dropped, the name stays
    assert "娄星区" in visible_text(html)
    assert "</script><img" not in html and "&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;" in html
    rows = re.findall(r'<tr data-id="([^"]+)">', html)
    assert rows == ["place:431382", "place:431302", "place:431381", "place:431321"]
    assert 'style="width:95.0%"' in html and 'style="width:25.0%"' in html
    assert "tx-high" in html and "tx-low" in html and "tx-mid" in html
    text = visible_text(html)
    assert "95.0%" in text and "25.0%" in text and "—" in text
    assert "合计" in text and "416" in text  # 380 + 30 + 0 + 6 covered
    assert "按县区汇总" in text
    assert html.count("<th ") + html.count("<th>") == 6 and 'data-type="num"' in html


def test_coverage_overview_accepts_objects_and_computes_missing_rates() -> None:
    class Row:
        def __init__(self, **kw: Any) -> None:
            self.__dict__.update(kw)

    html = render_coverage_overview("t", [Row(id="p", code="43", name="湖南省", total=8, covered=2)])
    assert 'style="width:25.0%"' in html and "25.0%" in visible_text(html)


def test_a_large_coverage_view_labels_its_townships_large() -> None:
    g = nx.MultiDiGraph(title="某县")
    for t in range(12):
        g.add_node(f"place:420322{100 + t}", kind="Township", name=f"第{t}镇", code=f"420322{100 + t}")
    for i in range(340):
        tc = f"420322{100 + i % 12}"
        g.add_node(f"place:{tc}{200 + i:03d}", kind="Village", name=f"村{i}", code=f"{tc}{200 + i:03d}",
                   covered=i % 4 == 0)
        g.add_edge(f"place:{tc}{200 + i:03d}", f"place:{tc}", type="PART_OF", sources=[], evidence=[])
    nodes = nodes_by_id(render_html(g, kind="coverage", node_budget=5000))
    townships = [d for d in nodes.values() if d["kind"] == "Township"]
    villages = [d for d in nodes.values() if d["kind"] == "Village"]
    assert len(townships) == 12 and len(villages) == 340
    assert all(d["font"]["size"] >= 30 for d in townships)  # readable with the whole county in sight
    assert all(d["font"]["size"] == 13 and d["label"].startswith("村") for d in villages)
    small = nodes_by_id(render_html(g, kind="ego", node_budget=5000))
    assert all(d["font"]["size"] <= 16 for d in small.values())  # other views keep the usual size
