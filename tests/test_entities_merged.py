"""Judged clusters in the store (tongxin.entities.resolve), on both engines: a `same` judgement makes two
enterprises one node for the catalogue's queries, paths, views and exports; reversing it restores the two
exactly; loads after it land on the cluster's node; every judgement is in the write history."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from fastapi.testclient import TestClient

from tests.conftest import subset_resolver
from tongxin.api.app import create_app
from tongxin.api.tokens import SINGLE_TOKEN_NAME
from tongxin.entities.judgements import judge
from tongxin.entities.merged import merged_entity
from tongxin.entities.resolve import canonical_id
from tongxin.graph import backup
from tongxin.graph.history import history
from tongxin.loaders.caserecord import load_case_record
from tongxin.loaders.ledger import load_ledger, with_check_character
from tongxin.queries import service, subgraph
from tongxin.settings import Settings
from tongxin.viz.export import export_graph, read_export
from tongxin.viz.render import network_data, render_html

TOKEN = "t" * 24
CODE = with_check_character("91420322MA49ABCD1")
FIRM_CODE, FIRM_NAME = f"enterprise:{CODE}", "enterprise:郧西县津城建材有限公司@4203"
V1, V2 = "place:420322102200", "place:420322100200"  # 上津镇绞肠关村, 城关镇下北隅村
BOSS = "person:李建国@420322"
LEDGER = "企业名称,村,县,乡镇\n郧西县津城建材有限公司,绞肠关村,郧西县,上津镇\n"


def _case_record(tmp_path: Path) -> Path:
    quotes = ["津城建材结对绞肠关村", "李建国任津城建材董事长", "全县42家企业结对帮扶"]
    (tmp_path / "rep-a.txt").write_text("；".join(quotes) + "。", encoding="utf-8")
    path = tmp_path / "rep-a.yaml"
    path.write_text(yaml.safe_dump({
        "source": {"id": "rep-a", "title": "rep-a", "file": "rep-a.txt"},
        "entities": [
            {"ref": "yunxi", "kind": "Place", "name": "郧西县", "code": "420322"},
            {"ref": "shiyan", "kind": "Place", "name": "十堰市", "code": "4203"},
            {"ref": "v1", "kind": "Place", "name": "绞肠关村", "code": "420322102200"},
            {"ref": "jc", "kind": "Enterprise", "name": "郧西县津城建材有限责任公司", "place": "shiyan",
             "credit_code": CODE},
            {"ref": "li", "kind": "Person", "name": "李建国", "place": "yunxi"},
        ],
        "relations": [
            {"type": "PAIRED_WITH", "from": "jc", "to": "v1", "evidence": quotes[0]},
            {"type": "HOLDS_ROLE", "from": "li", "to": "jc", "title": "董事长", "evidence": quotes[1]},
        ],
        "claims": [{"ref": "c1", "about": "yunxi", "subject": "Enterprise", "relation": "PAIRED_WITH", "count": 42,
                    "statement": "42 enterprises paired", "evidence": quotes[2]}],
    }, allow_unicode=True), encoding="utf-8")
    return path


def _second_record(tmp_path: Path) -> Path:
    """A report naming the firm by its registered name (keyed like the ledger's row) and its chairman."""
    quote = "李建国任郧西县津城建材有限公司董事长"
    (tmp_path / "rep-b.txt").write_text(quote + "。", encoding="utf-8")
    path = tmp_path / "rep-b.yaml"
    path.write_text(yaml.safe_dump({
        "source": {"id": "rep-b", "title": "rep-b", "file": "rep-b.txt"},
        "entities": [
            {"ref": "yunxi", "kind": "Place", "name": "郧西县", "code": "420322"},
            {"ref": "shiyan", "kind": "Place", "name": "十堰市", "code": "4203"},
            {"ref": "jc", "kind": "Enterprise", "name": "郧西县津城建材有限公司", "place": "shiyan"},
            {"ref": "li", "kind": "Person", "name": "李建国", "place": "yunxi"},
        ],
        "relations": [{"type": "HOLDS_ROLE", "from": "li", "to": "jc", "title": "董事长", "evidence": quote}],
    }, allow_unicode=True), encoding="utf-8")
    return path


@pytest.fixture
def graph(places_store, tmp_path):
    resolver = subset_resolver("420322")
    assert load_case_record(places_store, _case_record(tmp_path), resolver=resolver).status == "loaded"
    assert load_case_record(places_store, _second_record(tmp_path), resolver=resolver).status == "loaded"
    ledger = tmp_path / "ledger.csv"
    ledger.write_text(LEDGER, encoding="utf-8")
    assert load_ledger(places_store, ledger, resolver=resolver).rejected == 0
    places_store.ledger_path = ledger  # for the tests that reload it
    return places_store


def _content(store) -> list:  # type: ignore[no-untyped-def]
    """The graph's content without the judgements and the history: what a judgement may change."""
    data = backup.dump(store, history=False, ignore=("loaded_at",))
    return [[n for n in data["nodes"] if "Judgement" not in n["labels"]], data["edges"]]


def _found(store) -> int:  # type: ignore[no-untyped-def]
    _, rows = service.run_named(store, "claims_vs_found", {"within": "420322"})
    return int(rows[0]["found"])


def _shared(store, node_id: str) -> list[str]:  # type: ignore[no-untyped-def]
    _, rows = service.run_named(store, "shared_partners", {"id": node_id})
    return [r["id"] for r in rows]


def _several_orgs(store) -> list[tuple[str, list[str]]]:  # type: ignore[no-untyped-def]
    _, rows = service.run_named(store, "people_in_several_orgs", {"min_orgs": 2})
    return [(r["id"], sorted(r["orgs"])) for r in rows]


def test_same_is_one_node_everywhere_and_different_restores_two(graph, tmp_path):
    before = _content(graph)
    assert _found(graph) == 2 and _shared(graph, FIRM_CODE) == [FIRM_NAME]
    assert _several_orgs(graph) == [(BOSS, ["郧西县津城建材有限公司", "郧西县津城建材有限责任公司"])]
    assert len(service.paths(graph, V1, BOSS).paths) == 2  # through either firm
    assert canonical_id(graph, FIRM_NAME) == FIRM_NAME  # asked before any member is folded (plan caches)
    judge(graph, FIRM_NAME, FIRM_CODE, "same", author="reviewer", note="one company: code and name")

    # the catalogue: the two firms count once, share nothing with themselves, are one employer
    assert _found(graph) == 1 and _shared(graph, FIRM_CODE) == [] and _several_orgs(graph) == []
    _, rows = service.run_named(graph, "node", {"id": FIRM_NAME})
    assert rows == []  # the member is no node of its own
    _, rows = service.run_named(graph, "node", {"id": FIRM_CODE})
    props = rows[0]["props"]
    assert props["name"] == "郧西县津城建材有限责任公司" and "郧西县津城建材有限公司" in props["aliases"]
    assert set(props["sources"]) == {"source:rep-a", "source:rep-b", "source:ledger-ledger.csv"}
    # paths: the village to the chairman through one firm, each hop with every source that states it
    body = service.paths(graph, V1, BOSS)
    assert [[n.id for n in p.nodes] for p in body.paths] == [[V1, FIRM_CODE, BOSS]]
    assert set(body.paths[0].edges[0].sources) == {"source:rep-a", "source:ledger-ledger.csv"}
    assert set(body.paths[0].edges[1].sources) == {"source:rep-a", "source:rep-b"}
    assert service.paths(graph, FIRM_NAME, BOSS).source == FIRM_CODE  # a member's id finds the cluster
    # views and exports: one firm node with both names
    ego = subgraph.ego_graph(graph, FIRM_NAME)
    firms = [n for n, d in ego.nodes(data=True) if d.get("kind") == "Enterprise"]
    assert firms == [FIRM_CODE] and "郧西县津城建材有限公司" in ego.nodes[FIRM_CODE]["aliases"]
    drawn = network_data(ego, kind="ego", highlight=[FIRM_CODE])  # what the pyvis page draws
    firms = [n for n in drawn["nodes"] if n.get("kind") == "Enterprise"]
    assert [n["id"] for n in firms] == [FIRM_CODE] and "别名：郧西县津城建材有限公司" in firms[0]["title"]
    assert "郧西县津城建材有限公司" in render_html(ego, kind="ego", highlight=[FIRM_CODE])
    written = export_graph(subgraph.within_graph(graph, "420322"), tmp_path / "x.graphml", "graphml")
    exported = read_export(written[0], "graphml")
    firms = [n for n, d in exported.nodes(data=True) if d.get("kind") == "Enterprise"]
    assert firms == [FIRM_CODE] and "郧西县津城建材有限公司" in exported.nodes[FIRM_CODE]["aliases"]
    assert canonical_id(graph, FIRM_NAME) == FIRM_CODE
    # which source named it how
    view = merged_entity(graph, FIRM_NAME)
    assert view["members"] == [FIRM_CODE, FIRM_NAME]
    assert {n["name"]: n["sources"] for n in view["names"]} == {
        "郧西县津城建材有限责任公司": ["source:rep-a"],
        "郧西县津城建材有限公司": ["source:rep-b", "source:ledger-ledger.csv"]}

    judge(graph, FIRM_CODE, FIRM_NAME, "different", author="reviewer2", note="two companies", override=True)
    assert _content(graph) == before  # exactly the graph the loads wrote
    assert _found(graph) == 2 and _shared(graph, FIRM_CODE) == [FIRM_NAME]
    assert len(_several_orgs(graph)) == 1 and len(service.paths(graph, V1, BOSS).paths) == 2

    events = [e for e in history(graph) if e["action"] == "judge"]
    assert [(e["who"], e["left"], e["right"], e["decision"], e["note"]) for e in events] == [
        ("reviewer2", FIRM_CODE, FIRM_NAME, "different", "two companies"),
        ("reviewer", FIRM_CODE, FIRM_NAME, "same", "one company: code and name")]
    # folded one member and moved its two edges; then unfolded it and moved them back
    assert [(e["added"], e["retracted"], e["changed"]) for e in events] == [(0, 1, 2), (1, 0, 2)]


def test_a_load_after_the_judgement_lands_on_the_cluster(graph):
    judge(graph, FIRM_CODE, FIRM_NAME, "same", author="r")
    merged = _content(graph)
    resolver = subset_resolver("420322")
    ledger: Path = graph.ledger_path
    assert load_ledger(graph, ledger, resolver=resolver).status == "unchanged"
    ledger.write_text(LEDGER + "郧西县津城建材有限公司,下北隅村,郧西县,城关镇\n", encoding="utf-8")
    res = load_ledger(graph, ledger, resolver=resolver)
    assert res.status == "updated" and (res.added, res.retracted) == (1, 0)
    _, rows = service.run_named(graph, "node", {"id": FIRM_NAME})
    assert rows == []  # still folded
    _, rows = service.run_named(graph, "pairings_within", {"within": "420322"})
    assert {(r["from"], r["to"]) for r in rows} == {(FIRM_CODE, V1), (FIRM_CODE, V2)}
    assert load_ledger(graph, ledger, resolver=resolver, force=True).status == "updated"  # idempotent
    ledger.write_text(LEDGER, encoding="utf-8")  # back to the first ledger: back to the first graph
    assert load_ledger(graph, ledger, resolver=resolver, allow_shrink=True).status == "updated"
    assert _content(graph) == merged
    judge(graph, FIRM_CODE, FIRM_NAME, "different", author="r", override=True)
    _, rows = service.run_named(graph, "pairings_within", {"within": "420322"})
    assert {(r["from"], r["to"]) for r in rows} == {(FIRM_CODE, V1), (FIRM_NAME, V1)}


def test_the_cluster_survives_backup_and_restore(graph):
    judge(graph, FIRM_CODE, FIRM_NAME, "same", author="r")
    data = backup.dump(graph)
    graph.clear()
    backup.restore(graph, data)
    assert _found(graph) == 1
    judge(graph, FIRM_CODE, FIRM_NAME, "different", author="r", override=True)
    assert _found(graph) == 2 and _shared(graph, FIRM_CODE) == [FIRM_NAME]


def test_api_judgement_is_in_the_history_with_the_token_name(graph):
    app = create_app(Settings(tongxin_api_token=TOKEN), store=graph)
    auth = {"Authorization": f"Bearer {TOKEN}"}
    with TestClient(app) as client:
        body = {"left": FIRM_CODE, "right": FIRM_NAME, "decision": "same", "author": "reviewer", "note": "x"}
        assert client.post("/judge", json=body, headers=auth).status_code == 200
        r = client.get("/paths", params={"source": V1, "target": BOSS})
        assert [[n["id"] for n in p["nodes"]] for p in r.json()["paths"]] == [[V1, FIRM_CODE, BOSS]]
        assert client.get(f"/nodes/{FIRM_NAME}").json()["id"] == FIRM_CODE
        events = [e for e in client.get("/history").json() if e["action"] == "judge"]
    assert len(events) == 1 and events[0]["decision"] == "same" and events[0]["left"] == FIRM_CODE
    assert events[0]["who"] == SINGLE_TOKEN_NAME and events[0]["note"] == "x"  # the token's name, not the author


def test_a_load_racing_a_judgement_is_healed_by_the_next_load(graph):
    """A load that read the graph before a judgement folded its firm writes the firm as a live node beside
    its archive node; the next load naming it merges the two."""
    from tongxin.graph.model import Edge, Node
    from tongxin.graph.writer import build_changeset

    judge(graph, FIRM_CODE, FIRM_NAME, "same", author="r")
    race = [Node(id="source:race", kind="Source", name="race", sources=["source:race"]),
            Node(id=FIRM_NAME, kind="Enterprise", name="郧西县津城建材有限公司", sources=["source:race"])]
    graph.apply(build_changeset(race, [Edge(type="PAIRED_WITH", source=FIRM_NAME, target=V2,
                                            source_id="source:race", evidence="race")]))
    assert service.run_named(graph, "node", {"id": FIRM_NAME})[1] != []  # the race: a live member
    assert load_ledger(graph, graph.ledger_path, resolver=subset_resolver("420322"), force=True).status == "updated"
    assert service.run_named(graph, "node", {"id": FIRM_NAME})[1] == []
    rows = graph.query("MATCH (x:MergedAway {id: $id}) RETURN x.sources", {"id": FIRM_NAME}).rows
    assert len(rows) == 1 and set(rows[0][0]) == {"source:rep-b", "source:ledger-ledger.csv", "source:race"}
    _, rows = service.run_named(graph, "pairings_within", {"within": "420322"})
    assert {(r["from"], r["to"]) for r in rows} == {(FIRM_CODE, V1), (FIRM_CODE, V2)}
    judge(graph, FIRM_CODE, FIRM_NAME, "different", author="r", override=True)
    _, rows = service.run_named(graph, "pairings_within", {"within": "420322"})
    assert {(r["from"], r["to"]) for r in rows} == {(FIRM_CODE, V1), (FIRM_NAME, V1), (FIRM_NAME, V2)}
