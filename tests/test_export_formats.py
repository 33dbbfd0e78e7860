"""Every export format written and read back, provenance included."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import networkx as nx
import pytest

from tongxin.viz import FORMATS, export_graph, read_export

ENT = "enterprise:湖南涟邵建材有限公司"
V1 = "place:431382107259"
V2 = "place:431302007207"
PERSON = "person:雷绍业@4313"

QUOTE_WITH_EVERYTHING = '他说："结对, 帮扶; 共建"\n第二行 <b>&amp;</b> ‖ | ^'


def sample_graph() -> nx.MultiDiGraph:
    g = nx.MultiDiGraph(title="湖南涟邵建材有限公司的关系网络", notes=["数据截至 2023 年底"])
    g.add_node(ENT, kind="Enterprise", name="湖南涟邵建材有限公司", aliases=["涟邵建材"], sources=["src:a"])
    g.add_node(
        V1,
        kind="Village",
        name="东园村",
        code="431382107259",
        code_num=431382107259,
        aliases=["东园村委会", "东园村民委员会"],
        sources=["src:gazetteer"],
        covered=True,
    )
    g.add_node(V2, kind="Village", name="中阳村", code="431302007207", aliases=[], sources=["src:gazetteer"])
    g.add_node(PERSON, kind="Person", name="雷绍业", sources=["src:a"])
    g.add_edge(
        ENT,
        V1,
        type="PAIRED_WITH",
        program="万企兴万村",
        since="2021-06",
        investment=500000,
        sources=["src:a", "src:ledger"],
        evidence=["涟邵建材与东园村结对", "台账：涟邵建材—东园村"],
    )
    # A second, parallel edge between the same pair: the multigraph must keep both.
    g.add_edge(ENT, V1, type="DONATES_TO", amount=1200000.5, sources=["src:b"], evidence=["捐赠120万元"])
    g.add_edge(
        ENT, V2, type="PAIRED_WITH", program="万企兴万村", sources=["src:c"], evidence=[QUOTE_WITH_EVERYTHING]
    )
    g.add_edge(PERSON, ENT, type="HOLDS_ROLE", title="董事长", sources=["src:a"], evidence=["雷绍业任董事长"])
    return g


def edge_set(g: nx.MultiDiGraph) -> set[tuple[str, str, str]]:
    return {(str(u), str(v), str(d.get("type"))) for u, v, d in g.edges(data=True)}


def the_edge(g: nx.MultiDiGraph, u: str, v: str, etype: str) -> dict[str, object]:
    found = [d for a, b, d in g.edges(data=True) if (a, b) == (u, v) and d.get("type") == etype]
    assert len(found) == 1
    return found[0]


def test_graphml_round_trip_keeps_provenance(tmp_path: Path) -> None:
    g = sample_graph()
    [path] = export_graph(g, tmp_path / "view.graphml", "graphml")
    assert path == tmp_path / "view.graphml"
    raw = nx.read_graphml(path)  # plain networkx: lists are JSON strings
    assert raw.number_of_nodes() == 4 and raw.number_of_edges() == 4
    assert raw.is_directed() and raw.is_multigraph()
    assert raw.graph["tongxin_list_encoding"] == "json"
    assert set(raw.graph["tongxin_list_properties"].split(",")) == {"aliases", "sources", "evidence"}
    assert json.loads(raw.nodes[V1]["aliases"]) == ["东园村委会", "东园村民委员会"]
    assert raw.nodes[V1]["kind"] == "Village" and raw.nodes[V1]["covered"] is True
    assert raw.nodes[V1]["code"] == "431382107259" and raw.nodes[V1]["code_num"] == 431382107259
    assert edge_set(raw) == edge_set(g)
    pair = the_edge(raw, ENT, V1, "PAIRED_WITH")
    assert json.loads(str(pair["sources"])) == ["src:a", "src:ledger"]
    assert json.loads(str(pair["evidence"])) == ["涟邵建材与东园村结对", "台账：涟邵建材—东园村"]
    assert pair["program"] == "万企兴万村" and pair["since"] == "2021-06"
    back = read_export(path, "graphml")  # decoded
    hard = the_edge(back, ENT, V2, "PAIRED_WITH")
    assert hard["evidence"] == [QUOTE_WITH_EVERYTHING]
    assert back.nodes[V2]["aliases"] == []
    assert back.graph["notes"] == ["数据截至 2023 年底"]


def test_gexf_round_trip_keeps_provenance(tmp_path: Path) -> None:
    g = sample_graph()
    [path] = export_graph(g, tmp_path, "gexf")
    assert path == tmp_path / "graph.gexf"
    raw = nx.read_gexf(path)
    assert raw.number_of_nodes() == 4 and raw.number_of_edges() == 4
    assert raw.is_directed()
    assert raw.nodes[V1]["label"] == "东园村"
    assert json.loads(raw.nodes[V1]["sources"]) == ["src:gazetteer"]
    rel = {(u, v, d["label"]) for u, v, d in raw.edges(data=True)}
    assert rel == edge_set(g)  # the relation is the edge label …
    assert {d["rel_type"] for *_, d in raw.edges(data=True)} == {
        "PAIRED_WITH",
        "DONATES_TO",
        "HOLDS_ROLE",
    }  # … and rel_type
    role = next(d for u, v, d in raw.edges(data=True) if d["label"] == "HOLDS_ROLE")
    assert role["title"] == "董事长" and json.loads(role["evidence"]) == ["雷绍业任董事长"]
    back = read_export(path, "gexf")
    assert edge_set(back) == edge_set(g)
    assert the_edge(back, ENT, V2, "PAIRED_WITH")["evidence"] == [QUOTE_WITH_EVERYTHING]
    assert the_edge(back, ENT, V1, "DONATES_TO")["amount"] == pytest.approx(1200000.5)
    assert back.nodes[ENT]["aliases"] == ["涟邵建材"]


def test_json_node_link_round_trip(tmp_path: Path) -> None:
    g = sample_graph()
    [path] = export_graph(g, tmp_path / "out" / "view.json", "json")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert data["directed"] is True and data["multigraph"] is True
    assert data["graph"]["title"] == "湖南涟邵建材有限公司的关系网络"
    assert len(data["nodes"]) == 4 and len(data["edges"]) == 4
    back = nx.node_link_graph(data, edges="edges")
    assert edge_set(back) == edge_set(g)
    assert back.nodes[V1]["aliases"] == ["东园村委会", "东园村民委员会"]  # lists stay lists
    assert the_edge(back, ENT, V1, "PAIRED_WITH")["sources"] == ["src:a", "src:ledger"]
    assert the_edge(back, ENT, V2, "PAIRED_WITH")["evidence"] == [QUOTE_WITH_EVERYTHING]
    assert read_export(path, "json").number_of_edges() == 4


def read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def test_csv_in_neo4j_admin_layout(tmp_path: Path) -> None:
    g = sample_graph()
    g.remove_edge(ENT, V2)  # no ';' in any array element: the default delimiter
    paths = export_graph(g, tmp_path / "neo4j", "csv")
    names = [p.name for p in paths]
    assert names == ["nodes.csv", "relationships.csv", "neo4j-admin-import.sh"]
    nodes = read_csv(paths[0])
    header = nodes[0]
    assert header[:4] == ["id:ID", "name", "kind", ":LABEL"]
    assert "aliases:string[]" in header and "sources:string[]" in header
    assert "code_num:long" in header and "covered:boolean" in header and "code" in header
    rows = {r[0]: dict(zip(header, r, strict=True)) for r in nodes[1:]}
    assert set(rows) == {ENT, V1, V2, PERSON}
    assert rows[V1][":LABEL"] == "Entity;Place;Village"
    assert rows[PERSON][":LABEL"] == "Entity;Person"
    assert rows[V1]["aliases:string[]"] == "东园村委会;东园村民委员会"
    assert rows[V1]["covered:boolean"] == "true" and rows[V2]["covered:boolean"] == ""
    rels = read_csv(paths[1])
    assert rels[0][:5] == [":START_ID", ":END_ID", ":TYPE", "sources:string[]", "evidence:string[]"]
    assert "amount:double" in rels[0] and "investment:long" in rels[0] and "program" in rels[0]
    assert len(rels) == 1 + 3
    pair = next(dict(zip(rels[0], r, strict=True)) for r in rels[1:] if r[2] == "PAIRED_WITH")
    assert (pair[":START_ID"], pair[":END_ID"]) == (ENT, V1)
    assert pair["sources:string[]"] == "src:a;src:ledger"
    assert pair["evidence:string[]"] == "涟邵建材与东园村结对;台账：涟邵建材—东园村"
    script = paths[2].read_text(encoding="utf-8")
    assert 'neo4j-admin database import full "${1:-neo4j}" --nodes=nodes.csv --relationships=relationships.csv' in script
    assert "--array-delimiter=';'" in script and "--multiline-fields" not in script


def test_csv_picks_another_array_delimiter_when_data_has_one(tmp_path: Path) -> None:
    paths = export_graph(sample_graph(), tmp_path, "csv")
    rels = read_csv(paths[1])
    hard = next(dict(zip(rels[0], r, strict=True)) for r in rels[1:] if r[1] == V2)
    assert hard["evidence:string[]"] == QUOTE_WITH_EVERYTHING  # quoted CSV field, newline and all
    # ';', '|' and '^' occur in the quote: the first free candidate is '~'.
    nodes = read_csv(paths[0])
    v1 = next(dict(zip(nodes[0], r, strict=True)) for r in nodes[1:] if r[0] == V1)
    assert v1[":LABEL"] == "Entity~Place~Village"
    pair = next(dict(zip(rels[0], r, strict=True)) for r in rels[1:] if r[2] == "PAIRED_WITH" and r[1] == V1)
    assert pair["sources:string[]"] == "src:a~src:ledger"
    script = paths[2].read_text(encoding="utf-8")
    assert "--array-delimiter='~'" in script and "--multiline-fields=true" in script


def test_unknown_format_is_refused(tmp_path: Path) -> None:
    assert FORMATS == ("graphml", "gexf", "json", "csv")
    with pytest.raises(ValueError, match="unknown export format"):
        export_graph(sample_graph(), tmp_path, "dot")


def test_csv_cells_a_spreadsheet_would_evaluate_are_neutralised(tmp_path: Path) -> None:
    # issue 19: formulas from case records (=cmd|…, =HYPERLINK(…)) reached `export --format csv` raw
    g = nx.MultiDiGraph()
    payloads = ['=HYPERLINK("http://evil.example","点我")', "+cmd|' /C calc'!A0", "-2+3", "@SUM(A1:A9)",
                "\t=1+1", "\r=1+1"]
    for i, text in enumerate(payloads):
        g.add_node(f"person:p{i}", name=text, kind="Person", note=text, aliases=[text, "x"])
    g.add_node("person:plain", name="普通人", kind="Person", note="-5", aliases=["a"], score=-5)
    g.add_edge("person:p0", "person:plain", type="KNOWS", sources=["=src"], evidence=[payloads[0]], note="@x")
    nodes_path, rels_path, _ = export_graph(g, tmp_path / "out", "csv")
    nodes = read_csv(nodes_path)
    header = nodes[0]
    rows = {r[0]: dict(zip(header, r, strict=True)) for r in nodes[1:]}
    for i, text in enumerate(payloads):
        row = rows[f"person:p{i}"]
        assert row["name"] == "'" + text and row["note"] == "'" + text, row
        assert row["aliases:string[]"].startswith("'" + text), row
    plain = rows["person:plain"]
    assert plain["note"] == "-5" and plain["score:long"] == "-5" and plain["name"] == "普通人"
    rels = read_csv(rels_path)
    rel = dict(zip(rels[0], rels[1], strict=True))
    assert rel["sources:string[]"] == "'=src" and rel["evidence:string[]"].startswith("'=HYPERLINK")
    assert rel["note"] == "'@x"
    for row in [*nodes[1:], *rels[1:]]:
        for cell in row:
            assert not cell.startswith(("=", "+", "@", "\t", "\r")), row
            assert not cell.startswith("-") or cell.lstrip("-").replace(".", "").isdigit(), row


def _without_empty_lists(data: dict) -> dict:  # type: ignore[type-arg]
    """A dump with its empty-list properties dropped: neo4j-admin has no empty array (an empty cell is no
    property), and tongxin reads a missing list as empty (coalesce(n.aliases, []))."""
    for item in data["nodes"] + data["edges"]:
        item["props"] = {k: v for k, v in item["props"].items() if v != []}
    return data


@pytest.mark.neo4j
@pytest.mark.slow
def test_the_whole_graph_moves_to_neo4j_through_neo4j_admin(falkordb_store, tmp_path: Path) -> None:
    """`tongxin export --all --format neo4j-admin`, then neo4j-admin's own import tool (from the test
    launcher's jars), then a Neo4j started on that database holds the same graph: the same dump digest —
    every label, property (types included) and edge key, provenance and quotes verbatim."""
    import os
    import subprocess
    import sys

    from tests.conftest import cli_env, national_resolver, subset_gazetteer
    from tests.neo4j_server import TestNeo4j, admin_import, launcher_available
    from tongxin.graph.backup import digest, dump
    from tongxin.graph.stores.neo4j_ import Neo4jStore
    from tongxin.loaders.caserecord import bundled_case_records, load_case_record
    from tongxin.loaders.places import import_places

    if not launcher_available() or os.environ.get("TONGXIN_TEST_NEO4J") == "0":
        pytest.skip("needs java and mvn for neo4j-admin (the launcher's jars)")
    import_places(falkordb_store, subset_gazetteer("431382", "420322"))
    for path in bundled_case_records():
        load_case_record(falkordb_store, path, resolver=national_resolver())
    source = dump(falkordb_store)
    out = tmp_path / "csv"
    proc = subprocess.run([sys.executable, "-m", "tongxin.cli", "export", "--all", "--format", "neo4j-admin",
                           "-o", str(out)], env=cli_env(falkordb_store), capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr
    admin_import(out, tmp_path / "home")
    (tmp_path / "served").mkdir()
    server = TestNeo4j()
    store = Neo4jStore(server.start(tmp_path / "served", from_dir=tmp_path / "home"), "neo4j", "")
    try:
        moved = _without_empty_lists(dump(store))
        source = _without_empty_lists(source)
        assert len(moved["nodes"]) == len(source["nodes"]) > 1000, (len(moved["nodes"]), len(source["nodes"]))
        diff = [(a, b) for a, b in zip(source["nodes"] + source["edges"], moved["nodes"] + moved["edges"],
                                       strict=True) if a != b][:3]
        assert digest(moved) == digest(source), diff
    finally:
        store.close()
        server.stop()
