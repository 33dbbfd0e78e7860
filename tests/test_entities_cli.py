"""`tongxin dedupe`, `judge`, `judgements`, `entity` and merged search, end to end in subprocesses."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest

from tests.test_entities_keys import _record

A, B = "person:张明华@rep-a", "person:张明华@rep-b"


@pytest.fixture(scope="module")
def cli(tmp_path_factory):
    data = tmp_path_factory.mktemp("entities-cli")
    env = {**os.environ, "TONGXIN_DATA_DIR": str(data), "TONGXIN_GRAPH": "entities", "USER": "tester"}

    def run(*args: str, ok: bool = True) -> subprocess.CompletedProcess[str]:
        res = subprocess.run([sys.executable, "-m", "tongxin.cli", *args], env=env, capture_output=True,
                             text=True, timeout=600, cwd=data)
        if ok:
            assert res.returncode == 0, (args, res.stdout, res.stderr)
        return res

    run("server", "start")
    run("places", "import", "--within", "420322")
    for slug in ("rep-a", "rep-b"):
        path = _record(data, slug, [{"ref": "zhang", "kind": "Person", "name": "张明华"},
                                    {"ref": "ufwd", "kind": "UnitedFrontDept", "name": "郧西县委统战部",
                                     "place": "yunxi"}],
                       [{"type": "MEMBER_OF", "from": "zhang", "to": "ufwd", "evidence": "张明华"}])
        run("load", str(path))
    yield run
    run("server", "stop")


def test_dedupe_judge_and_merged_views(cli):
    pairs = json.loads(cli("dedupe", "--kind", "Person", "--json").stdout)["candidates"]
    assert [(p["left"], p["right"]) for p in pairs] == [(A, B)]
    assert pairs[0]["evidence"]["shared_neighbours"] == ["unitedfrontdept:郧西县委统战部@420322"]
    unknown = cli("judge", A, "person:nobody", "same", ok=False)
    assert unknown.returncode == 1 and "no entity with id 'person:nobody'" in unknown.stderr
    assert json.loads(cli("judgements", "--json").stdout) == []
    done = json.loads(cli("judge", A, B, "same", "--note", "one deputy head", "--json").stdout)
    assert done["status"] == "recorded" and done["author"] == "tester" and done["note"] == "one deputy head"
    clash = cli("judge", A, B, "different", ok=False)
    assert clash.returncode == 1 and "--override" in clash.stderr
    hits = json.loads(cli("search", "张明华", "--json").stdout)["hits"]
    assert [h["id"] for h in hits] == [A] and hits[0]["members"] == [A, B]
    view = json.loads(cli("entity", B, "--json").stdout)
    assert view["id"] == A and view["sources"] == ["source:rep-a", "source:rep-b"]
    assert json.loads(cli("dedupe", "--kind", "Person", "--json").stdout)["candidates"] == []
    back = json.loads(cli("judge", A, B, "different", "--override", "--note", "two people", "--json").stdout)
    assert back["status"] == "overridden" and back["override"] and back["history"][0].startswith("same|tester|")
    assert len(json.loads(cli("search", "张明华", "--json").stdout)["hits"]) == 2
    events = [e for e in json.loads(cli("history", "--json").stdout) if e["action"] == "judge"]
    assert [(e["who"], e["decision"], e["note"], e["left"], e["right"]) for e in events] == [
        ("tester", "different", "two people", A, B), ("tester", "same", "one deputy head", A, B)]
