"""History of writes and named write tokens (issue 21, items 3 and 4): every write through the API or the
command line appends an Event (when, who — the token's name —, what, facts added/changed/retracted), refused
writes too with their reason; the history lives in the store, so it survives reopening the store and a
whole-graph backup, without changing the content digest; unload retracts one source, with history."""

from __future__ import annotations

import copy
import dataclasses
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.conftest import (
    TEST_COUNTIES,
    graph_fingerprint,
    national_resolver,
    release,
    same_data,
    subset_gazetteer,
)
from tongxin.api.app import create_app
from tongxin.api.tokens import hash_token, mint, read_tokens, writer_name
from tongxin.errors import InvalidData
from tongxin.graph import backup
from tongxin.graph.history import history
from tongxin.graph.placeset import SOURCE_ID, PlacesMismatch
from tongxin.loaders.places import import_places
from tongxin.loaders.sample import SAMPLE_LEDGER, load_demo
from tongxin.settings import Settings

HEADER = "企业名称,结对村,所属县区,所属乡镇,结对时间\n"
VILLAGES = ["绞肠关村", "孙家湾村", "丁家湾村", "云岭村", "刘家湾村"]


def body(villages: list[str], since: str = "2021-06") -> bytes:
    return (HEADER + "".join(f"上津茶业有限公司,{v},郧西县,上津镇,{since}\n" for v in villages)).encode()


@pytest.fixture
def tokens(tmp_path: Path) -> tuple[Path, str, str]:
    path = tmp_path / "tokens"
    return path, mint(path, "alice"), mint(path, "bob.ops")


def test_minted_tokens_are_stored_hashed_and_named(tokens):
    path, alice, bob = tokens
    assert len(alice) >= 16 and len(bob) >= 16 and alice != bob
    text = path.read_text(encoding="utf-8")
    assert alice not in text and bob not in text  # only hashes
    assert read_tokens(path) == {"alice": hash_token(alice), "bob.ops": hash_token(bob)}
    settings = Settings(tongxin_write_tokens_file=path, tongxin_api_token="single-token-0123456789")
    assert writer_name(settings, alice) == "alice"
    assert writer_name(settings, bob) == "bob.ops"
    assert writer_name(settings, "single-token-0123456789") == "api"  # the single token keeps working
    assert writer_name(settings, alice[:-1]) is None
    with pytest.raises(InvalidData, match="has a token already"):
        mint(path, "alice")
    with pytest.raises(InvalidData, match="a token name is"):
        mint(path, "no spaces")
    path.write_text(path.read_text(encoding="utf-8") + "carol not-a-hash\n", encoding="utf-8")
    with pytest.raises(InvalidData) as err:
        read_tokens(path)
    assert (err.value.problems[0].file, err.value.problems[0].line) == (str(path), 3), err.value


def test_every_api_write_is_in_the_history_with_its_writers_name(places_store, tokens):
    path, alice, bob = tokens
    app = create_app(Settings(tongxin_write_tokens_file=path), store=places_store)

    def post(token: str, villages: list[str], **form: str):  # type: ignore[no-untyped-def]
        return client.post("/load", files={"file": ("t.csv", body(villages), "text/csv")}, data=form,
                           headers={"Authorization": f"Bearer {token}"})

    with TestClient(app) as client:
        assert post("wrong-token-0123456789abcdef", VILLAGES).status_code == 401
        assert post(alice, VILLAGES).status_code == 200
        r = post(alice, VILLAGES[:4] + ["吴家沟村"])  # one retracted, one added
        assert r.status_code == 200, r.text
        assert (r.status_code, r.json()["added"], r.json()["retracted"]) == (200, 1, 1), r.text
        assert post(bob, [], dry_run="true").status_code == 200  # a dry run writes nothing, history neither
        assert post(bob, []).status_code == 422  # refused: no rows
        r = client.post("/unload", data={"source": "ledger-t.csv"}, headers={"Authorization": f"Bearer {bob}"})
        assert (r.status_code, r.json()["retracted"]) == (200, 5), r.text
        r = client.post("/unload", data={"source": "ledger-t.csv"}, headers={"Authorization": f"Bearer {bob}"})
        assert r.status_code == 422 and "no source 'ledger-t.csv' is loaded" in r.text, r.text
        assert client.post("/unload", data={"source": "ledger-t.csv"}).status_code == 401
        events = client.get("/history").json()
    got = [(e["who"], e["action"], e["source"], e["added"], e["changed"], e["retracted"]) for e in events]
    assert got == [
        ("bob.ops", "unload", "source:ledger-t.csv", 0, 0, 5),
        ("bob.ops", "refused", None, None, None, None),
        ("alice", "reload", "source:ledger-t.csv", 1, 0, 1),
        ("alice", "load", "source:ledger-t.csv", 5, 0, 0),
    ], got
    assert "has no rows: loading it would retract all 5 facts" in events[1]["reason"], events[1]
    assert events[1]["file"] == "t.csv" and events[3]["file"] == "t.csv"
    assert events[3]["content_hash"] and events[3]["content_hash"] != events[2]["content_hash"]
    assert events[0]["at"] > events[3]["at"]
    assert places_store.query("MATCH ()-[r:PAIRED_WITH]->() RETURN count(r)").rows == [[0]]
    assert places_store.query("MATCH (s:Source {id: 'source:ledger-t.csv'}) RETURN count(s)").rows == [[0]]


def test_the_history_survives_reopening_and_a_backup_and_is_not_content(places_store, tokens, tmp_path):
    path, alice, _ = tokens
    app = create_app(Settings(tongxin_write_tokens_file=path), store=places_store)
    with TestClient(app) as client:
        r = client.post("/load", files={"file": ("t.csv", body(VILLAGES), "text/csv")},
                        headers={"Authorization": f"Bearer {alice}"})
        assert r.status_code == 200, r.text
    before = graph_fingerprint(places_store)
    content = backup.fingerprint(places_store)
    with TestClient(app) as client:  # a refused write appends an event and changes no content
        r = client.post("/load", files={"file": ("t.csv", body([]), "text/csv")},
                        headers={"Authorization": f"Bearer {alice}"})
        assert r.status_code == 422, r.text
    assert graph_fingerprint(places_store) == before and backup.fingerprint(places_store) == content
    events = history(places_store)
    assert [e["action"] for e in events] == ["refused", "load"]

    other = same_data(places_store)  # another connection, as after a restart
    try:
        assert history(other) == events
    finally:
        release(other)

    data = backup.dump(places_store)
    assert sum("Event" in n["labels"] for n in data["nodes"]) == 2
    without = backup.dump(places_store, history=False)
    assert not any("Event" in n["labels"] for n in without["nodes"])
    assert backup.digest(data) == backup.digest(without) == content[2]
    dumped = backup.write(data, tmp_path / "dump.json")
    places_store.clear()
    places_store.ensure_schema()
    backup.restore(places_store, backup.read(dumped))
    assert history(places_store) == events
    assert backup.fingerprint(places_store) == content


def test_the_place_import_and_the_demos_loads_are_in_the_history(any_store):
    """`tongxin places import` and `tongxin demo` write: each import and each load appends its event (the
    demo's loads are the CLI's: `load_demo` is what the command runs)."""
    gaz = subset_gazetteer(*TEST_COUNTIES)
    report = import_places(any_store, gaz, who="cli")
    events = history(any_store)
    assert [(e["action"], e["who"], e["source"]) for e in events] == [("import", "cli", SOURCE_ID)], events
    assert gaz.dataset is not None
    assert events[0]["content_hash"] == gaz.dataset.sha256 and gaz.dataset.name in events[0]["file"]
    assert events[0]["added"] == report.edges > 0 and (events[0]["changed"], events[0]["retracted"]) == (0, 0)
    import_places(any_store, gaz, who="cli")  # a re-import adds nothing, and says so
    again = history(any_store)[0]
    assert (again["action"], again["added"]) == ("import", 0), again

    loaded = load_demo(any_store, national_resolver(), who="demo")
    events = history(any_store)
    loads = [e for e in events if e["action"] == "load"]
    assert len(loads) == len(loaded) == 6 and {e["who"] for e in loads} == {"demo"}, events
    assert {e["source"] for e in loads} == {res.source_id for _, res in loaded}
    ledger = next(e for e in loads if e["file"] == SAMPLE_LEDGER.name)
    assert ledger["added"] > 0 and ledger["content_hash"]
    load_demo(any_store, national_resolver(), who="demo")  # the demo run again: nothing changed, no event
    assert len(history(any_store)) == len(events)

    # an import of another dataset is refused, changes nothing, and the history says why
    other = copy.copy(subset_gazetteer(*TEST_COUNTIES[:1]))  # a copy: the fixture's gazetteers are cached
    other.dataset = dataclasses.replace(gaz.dataset, sha256="0" * 64)
    before = graph_fingerprint(any_store)
    with pytest.raises(PlacesMismatch):
        import_places(any_store, other, who="cli")
    assert graph_fingerprint(any_store) == before
    refused = history(any_store)[0]
    assert (refused["action"], refused["who"], refused["source"]) == ("refused", "cli", SOURCE_ID), refused
    assert "would mix two releases' codes" in refused["reason"] and refused["content_hash"] == "0" * 64
