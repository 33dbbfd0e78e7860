"""Per-source facts (issue 21, item 7): when two sources state different properties of the same edge (a
pairing's `since`), both values are kept with their sources, the edge's property is the documented
effective value (the least: the earliest date) with `conflicts` naming what the sources disagree on, the API
and the web entity page show which source says what; unloading one source leaves the other's values, and
reloading changes nothing. No load overwrites what another source stated (before: the last load won)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from fastapi.testclient import TestClient

from tests.conftest import TEST_COUNTIES, graph_fingerprint, subset_gazetteer, subset_resolver
from tongxin.api.app import create_app
from tongxin.graph.model import Node
from tongxin.graph.writer import build_changeset
from tongxin.loaders.common import unload_source
from tongxin.loaders.ledger import load_ledger
from tongxin.loaders.places import import_places
from tongxin.settings import Settings

HEADER = "企业名称,结对村,所属县区,所属乡镇,结对时间,投资额(万元)\n"
COMPANY = "上津茶业有限公司"


def ledger(path: Path, rows: list[tuple[str, str, str]]) -> Path:
    """A ledger of (village, since, investment in 万元) rows of one company in 郧西县上津镇."""
    path.write_text(HEADER + "".join(f"{COMPANY},{v},郧西县,上津镇,{since},{inv}\n" for v, since, inv in rows),
                    encoding="utf-8")
    return path


def pairing(store: Any, village: str) -> dict[str, Any]:
    rows = store.query("MATCH (:Enterprise {name: $c})-[r:PAIRED_WITH]->(v:Village {name: $v}) "
                       "RETURN properties(r)", {"c": COMPANY, "v": village}).rows
    assert len(rows) == 1, rows
    return dict(rows[0][0])


def by_source(props: dict[str, Any], name: str) -> dict[str, Any]:
    return dict(zip(props.get(f"{name}_sources") or [], props.get(f"{name}_values") or [], strict=True))


def test_two_sources_disagreeing_on_since_are_both_kept(places_store, tmp_path):
    a = ledger(tmp_path / "a.csv", [("绞肠关村", "2021-06", "10"), ("孙家湾村", "2020", "")])
    b = ledger(tmp_path / "b.csv", [("绞肠关村", "2019-03", "10"), ("孙家湾村", "2020", "5")])
    load_ledger(places_store, a, root=tmp_path)
    first = pairing(places_store, "绞肠关村")
    assert (first.get("since"), first.get("conflicts")) == ("2021-06", None), first
    load_ledger(places_store, b, root=tmp_path)  # before: b's since overwrote a's
    both = pairing(places_store, "绞肠关村")
    assert sorted(both.get("sources", [])) == ["source:ledger-a.csv", "source:ledger-b.csv"], both
    assert by_source(both, "since") == {"source:ledger-a.csv": "2021-06", "source:ledger-b.csv": "2019-03"}, both
    assert both["since"] == "2019-03" and both["conflicts"] == ["since"], both  # the earliest; they disagree
    assert by_source(both, "investment") == {"source:ledger-a.csv": 100_000, "source:ledger-b.csv": 100_000}
    agreed = pairing(places_store, "孙家湾村")  # same since; only b states an investment: no conflict
    assert (agreed["since"], agreed["investment"], agreed.get("conflicts")) == ("2020", 50_000, None), agreed
    assert by_source(agreed, "investment") == {"source:ledger-b.csv": 50_000}

    # a's facts as a states them: its own since, not the effective one — adding a row changes nothing else
    dry = load_ledger(places_store, ledger(tmp_path / "a.csv", [("绞肠关村", "2021-06", "10"), ("孙家湾村", "2020", ""),
                                                                ("丁家湾村", "2022", "")]), root=tmp_path, dry_run=True)
    assert (dry.added, dry.changed, dry.retracted) == (1, 0, 0), dry
    ledger(tmp_path / "a.csv", [("绞肠关村", "2021-06", "10"), ("孙家湾村", "2020", "")])

    company = places_store.query("MATCH (e:Enterprise {name: $c}) RETURN e.id", {"c": COMPANY}).rows[0][0]
    with TestClient(create_app(Settings(), store=places_store)) as client:
        body = client.get(f"/nodes/{company}/neighbours").json()
        village = places_store.query("MATCH (v:Village {name: '绞肠关村'}) RETURN v.id").rows[0][0]
        [edge] = [e for e in body["edges"] if e["type"] == "PAIRED_WITH" and e["target"] == village]
        assert edge["stated"] == {"source:ledger-a.csv": {"since": "2021-06", "investment": 100_000},
                                  "source:ledger-b.csv": {"since": "2019-03", "investment": 100_000}}, edge
        assert edge["props"]["since"] == "2019-03" and edge["props"]["conflicts"] == ["since"], edge
        assert "since_sources" not in edge["props"] and "since_values" not in edge["props"], edge
        html = client.get(f"/entity/{company}").text
    assert "各来源所述 Stated by each source" in html, html
    assert 'data-source="source:ledger-a.csv">source:ledger-a.csv：' in html and "2021-06" in html, html
    assert 'data-source="source:ledger-b.csv">source:ledger-b.csv：' in html and "(来源不一 sources disagree)" in html

    unload_source(places_store, "ledger-b.csv", who="test")  # b's values go, a's stay
    left = pairing(places_store, "绞肠关村")
    assert left["sources"] == ["source:ledger-a.csv"] and left["since"] == "2021-06", left
    assert by_source(left, "since") == {"source:ledger-a.csv": "2021-06"} and left.get("conflicts") is None
    alone = pairing(places_store, "孙家湾村")
    assert "investment" not in alone and "investment_sources" not in alone, alone


def facts(store: Any, village: str) -> tuple[Any, ...]:
    """A pairing's effective values and which source says what, whatever order the lists are in."""
    p = pairing(store, village)
    return (p["since"], p["investment"], p.get("conflicts"), by_source(p, "since"), by_source(p, "investment"),
            sorted(zip(p["sources"], p["evidence"], strict=True)))


def test_the_effective_value_does_not_depend_on_load_order_and_reloads_change_nothing(any_store, tmp_path):
    rows_a = [("绞肠关村", "2021-06", "10")]
    rows_b = [("绞肠关村", "2019-03", "20")]
    seen = []
    for order in (("a", "b"), ("b", "a")):
        any_store.clear()
        any_store.ensure_schema()
        import_places(any_store, subset_gazetteer(TEST_COUNTIES[0]))
        paths = {"a": ledger(tmp_path / "a.csv", rows_a), "b": ledger(tmp_path / "b.csv", rows_b)}
        for name in order:
            load_ledger(any_store, paths[name], root=tmp_path)
        seen.append(facts(any_store, "绞肠关村"))
        before = graph_fingerprint(any_store)
        for name in order:  # unchanged files: nothing written
            assert load_ledger(any_store, paths[name], root=tmp_path).status == "unchanged"
        assert graph_fingerprint(any_store) == before
        for name in order:  # written again on purpose: the same facts, each source's values its own
            assert load_ledger(any_store, paths[name], root=tmp_path, force=True).status == "updated"
            assert facts(any_store, "绞肠关村") == seen[-1]
    assert seen[0] == seen[1], seen
    assert seen[0][:3] == ("2019-03", 100_000, ["investment", "since"]), seen


def test_an_edge_written_before_values_were_kept_per_source_keeps_its_value(places_store, tmp_path):
    a = ledger(tmp_path / "a.csv", [("绞肠关村", "2021-06", "10")])
    load_ledger(places_store, a, root=tmp_path)
    # as an earlier tongxin wrote it: the property, no per-source lists
    places_store.write_query("MATCH ()-[r:PAIRED_WITH]->() REMOVE r.since_sources, r.since_values, "
                             "r.investment_sources, r.investment_values, r.conflicts")
    assert "since_sources" not in pairing(places_store, "绞肠关村")
    load_ledger(places_store, ledger(tmp_path / "b.csv", [("绞肠关村", "2019-03", "")]), root=tmp_path)
    both = pairing(places_store, "绞肠关村")  # a's since was not dropped by b's write
    assert by_source(both, "since") == {"source:ledger-a.csv": "2021-06", "source:ledger-b.csv": "2019-03"}, both
    assert (both["since"], both["investment"], both["conflicts"]) == ("2019-03", 100_000, ["since"]), both
    unload_source(places_store, "ledger-b.csv", who="test")  # the investment only a stated stays, now a's
    left = pairing(places_store, "绞肠关村")
    assert (left["since"], left["investment"], left.get("conflicts")) == ("2021-06", 100_000, None), left
    assert by_source(left, "investment") == by_source(left, "since") | {"source:ledger-a.csv": 100_000}, left


def test_unloading_the_last_source_removes_its_edges_whatever_properties_they_had(places_store, tmp_path):
    """A retraction removes several per-source properties at once: every edge of the source goes, none is
    left without `sources` (FalkorDB removed the wrong properties when one SET clause that removed several
    followed another)."""
    a = ledger(tmp_path / "a.csv", [("绞肠关村", "2021-06", "10"), ("孙家湾村", "", ""), ("丁家湾村", "2020", "")])
    load_ledger(places_store, a, root=tmp_path)
    load_ledger(places_store, ledger(tmp_path / "b.csv", [("绞肠关村", "2019", "5")]), root=tmp_path)
    unload_source(places_store, "ledger-a.csv", who="test")
    rows = places_store.query("MATCH ()-[r:PAIRED_WITH]->() RETURN properties(r)").rows
    assert len(rows) == 1 and rows[0][0]["sources"] == ["source:ledger-b.csv"], rows
    assert (rows[0][0]["since"], rows[0][0]["investment"], rows[0][0].get("conflicts")) == ("2019", 50_000, None)
    unload_source(places_store, "ledger-b.csv", who="test")
    assert places_store.query("MATCH ()-[r:PAIRED_WITH]->() RETURN count(r)").rows == [[0]]


def test_a_network_views_tooltip_says_which_source_says_what(places_store, tmp_path):
    from tongxin.viz.render import edge_tooltip

    load_ledger(places_store, ledger(tmp_path / "a.csv", [("绞肠关村", "2021-06", "")]), root=tmp_path)
    load_ledger(places_store, ledger(tmp_path / "b.csv", [("绞肠关村", "2019-03", "")]), root=tmp_path)
    text = edge_tooltip("甲", "乙", {"type": "PAIRED_WITH", **pairing(places_store, "绞肠关村")})
    assert "起始：2019-03" in text and "来源不一：since" in text, text
    assert "source:ledger-a.csv：起始 2021-06" in text and "source:ledger-b.csv：起始 2019-03" in text, text
    assert "since_values" not in text and "since_sources" not in text, text


# --- a node's properties, per source ------------------------------------------------------------------

BRANCH = "democraticparty:民盟测试支部@420322"


def branch(source: str, note: str | None = None, place: str | None = None) -> Node:
    """The same democratic-party branch as one source states it (its note and the place it is of)."""
    props = {k: v for k, v in (("note", note), ("place_id", place)) if v is not None}
    return Node(id=BRANCH, kind="DemocraticParty", name="民盟测试支部", props=props, sources=[source])


def node_props(store: Any) -> dict[str, Any]:
    rows = store.query("MATCH (n:Entity {id: $id}) RETURN properties(n)", {"id": BRANCH}).rows
    assert len(rows) == 1, rows
    return dict(rows[0][0])


def node_facts(store: Any) -> tuple[Any, ...]:
    p = node_props(store)
    return (p.get("note"), p.get("place_id"), p.get("conflicts"), by_source(p, "note"), by_source(p, "place_id"),
            sorted(p["sources"]))


def test_two_sources_stating_one_organisation_keep_each_ones_note(any_store):
    """Before, a node's properties other than its name were the last write's: a second report's note on an
    organisation replaced the first's, and unloading the second left its note. Now each source's value is
    kept, as on an edge: the effective value is the least, whatever the order of the writes (one by one or in
    one batch), `conflicts` names what they disagree on, and a retraction takes only its source's values."""
    a = branch("source:a", note="甲报告所述", place="place:420322")
    b = branch("source:b", note="乙报告所述", place="place:420322")
    seen = []
    for batches in ([[a], [b]], [[b], [a]], [[a, b]], [[b, a]]):
        any_store.clear()
        any_store.ensure_schema()
        for batch in batches:
            any_store.apply(build_changeset(batch, []))
        seen.append(node_facts(any_store))
        before = graph_fingerprint(any_store)
        for batch in batches:  # written again: nothing changes
            any_store.apply(build_changeset(batch, []))
        assert graph_fingerprint(any_store) == before, batches
    assert all(s == seen[0] for s in seen), seen
    # the least in code-point order: 乙 (U+4E59) before 甲 (U+7532)
    assert seen[0] == ("乙报告所述", "place:420322", ["note"],
                       {"source:a": "甲报告所述", "source:b": "乙报告所述"},
                       {"source:a": "place:420322", "source:b": "place:420322"}, ["source:a", "source:b"]), seen[0]
    any_store.apply(build_changeset([], [], retract="source:b"))  # b's note goes with it, a's is the note
    assert node_facts(any_store) == ("甲报告所述", "place:420322", None, {"source:a": "甲报告所述"},
                                     {"source:a": "place:420322"}, ["source:a"])
    # a source that no longer states a note loses its own (the retraction before every reload), not another's
    any_store.apply(build_changeset([a, b], []))
    any_store.apply(build_changeset([branch("source:b", place="place:420322")], [], retract="source:b"))
    assert node_facts(any_store)[:4] == ("甲报告所述", "place:420322", None, {"source:a": "甲报告所述"})


def test_a_node_written_before_values_were_kept_per_source_keeps_its_value(any_store):
    any_store.apply(build_changeset([branch("source:old", note="旧注")], []))
    any_store.write_query("MATCH (n:Entity {id: $id}) REMOVE n.note_sources, n.note_values", {"id": BRANCH})
    assert node_props(any_store)["note"] == "旧注" and "note_sources" not in node_props(any_store)
    any_store.apply(build_changeset([branch("source:new", note="新注")], []))
    assert node_facts(any_store)[:4] == ("新注", None, ["note"], {"source:old": "旧注", "source:new": "新注"})


def test_the_api_web_page_and_tooltip_of_a_node_say_which_source_says_what(any_store):
    from tongxin.viz.render import node_tooltip

    any_store.apply(build_changeset([branch("source:a", note="甲报告所述"), branch("source:b", note="乙报告所述")], []))
    with TestClient(create_app(Settings(), store=any_store)) as client:
        body = client.get(f"/nodes/{BRANCH}").json()
        html = client.get(f"/entity/{BRANCH}").text
    assert body["props"]["note"] == "乙报告所述" and body["props"]["conflicts"] == ["note"], body
    assert "note_sources" not in body["props"] and "note_values" not in body["props"], body
    assert body["stated"] == {"source:a": {"note": "甲报告所述"}, "source:b": {"note": "乙报告所述"}}, body
    assert "各来源所述 Stated by each source" in html and "(来源不一 sources disagree)" in html, html
    assert 'data-source="source:b">source:b：' in html and "乙报告所述" in html and "note_values" not in html, html
    text = node_tooltip(BRANCH, {"kind": "DemocraticParty", **node_props(any_store)})
    assert "source:a：备注 甲报告所述" in text and "source:b：备注 乙报告所述" in text, text
    assert "note_values" not in text and "note_sources" not in text, text


def test_two_reports_noting_one_enterprise_differently_keep_both_notes(places_store, tmp_path):
    """End to end: two case records give the same enterprise different notes; unloading one leaves the
    other's note (before: the second's note replaced the first's, and stayed after the second was unloaded)."""
    from tests.test_quotes_checked import REPORT, record, write
    from tongxin.loaders.caserecord import load_case_record

    (tmp_path / "shangjin-report.txt").write_text(REPORT, encoding="utf-8")
    resolver = subset_resolver("420322")
    for sid, note in (("report-a", "甲报告：茶园两百亩"), ("report-b", "乙报告：龙头企业")):
        rec = record(source_id=sid)
        rec["entities"][2]["note"] = note
        load_case_record(places_store, write(tmp_path, rec, f"{sid}.yaml"), resolver=resolver)
    rows = places_store.query("MATCH (e:Enterprise) RETURN e.note, e.note_sources, e.note_values, e.conflicts").rows
    assert len(rows) == 1, rows
    note, by, values, conflicts = rows[0]
    assert dict(zip(by, values, strict=True)) == {"source:report-a": "甲报告：茶园两百亩",
                                                  "source:report-b": "乙报告：龙头企业"}, rows
    assert (note, conflicts) == ("乙报告：龙头企业", ["note"]), rows
    unload_source(places_store, "report-b", who="test")
    assert places_store.query("MATCH (e:Enterprise) RETURN e.note, e.note_sources, e.conflicts").rows == [
        ["甲报告：茶园两百亩", ["source:report-a"], None]]
