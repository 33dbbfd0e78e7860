"""The `tongxin` command line end to end, in subprocesses against an embedded store of its own."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import networkx as nx
import pytest
from fastapi.testclient import TestClient

from tongxin.api.app import create_app
from tongxin.graph.stores.embedded import EmbeddedServer
from tongxin.graph.stores.falkordb_ import FalkorDBStore
from tongxin.loaders.caserecord import bundled_case_records
from tongxin.settings import Settings


@pytest.fixture(scope="module")
def cli(tmp_path_factory):
    data = tmp_path_factory.mktemp("cli-store")
    env = {**os.environ, "TONGXIN_DATA_DIR": str(data), "TONGXIN_GRAPH": "cli"}

    def run(*args: str, ok: bool = True) -> subprocess.CompletedProcess[str]:
        res = subprocess.run([sys.executable, "-m", "tongxin.cli", *args], env=env, capture_output=True,
                             text=True, timeout=600, cwd=tmp_path_factory.getbasetemp())
        if ok:
            assert res.returncode == 0, (args, res.stdout, res.stderr)
        return res

    run("server", "start")
    run("places", "import")
    ledger = data / "ledger.csv"
    ledger.write_text("企业名称,结对村,所属乡镇\n上津茶业有限公司,绞肠关村,上津镇\n", encoding="utf-8")
    run("load", *[str(p) for p in bundled_case_records()])
    run("load", str(ledger), "--context", "郧西县")
    run.data = data  # type: ignore[attr-defined]
    yield run
    run("server", "stop")


def test_help_explains_every_command(cli):
    out = cli("--help").stdout
    for command in ("status", "load", "coverage", "path", "search", "query", "serve", "viz", "export",
                    "places", "demo"):
        assert command in out, out


def test_coverage_json_is_exactly_the_api_body(cli):
    printed = json.loads(cli("coverage", "--within", "郧西县上津镇", "--partner", "Enterprise", "--json").stdout)
    assert printed["total"] == 15 and printed["covered"] == 1, printed
    store = FalkorDBStore(EmbeddedServer.find(cli.data), graph="cli")
    with TestClient(create_app(Settings(), store=store)) as client:
        body = client.get("/coverage", params={"within": "郧西县上津镇", "partner": "Enterprise"}).json()
    assert printed == body


def test_human_coverage_output_is_a_table(cli):
    out = cli("coverage", "--within", "郧西县上津镇").stdout
    assert "1 of 15 villages" in out and "孙家湾村" in out, out


def test_bad_record_exits_nonzero_naming_file_line_field(cli, tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text("source: {id: bad, title: t}\nentities:\n  - {ref: v, kind: Place, name: 东园村}\n",
                   encoding="utf-8")
    res = cli("load", str(bad), ok=False)
    assert res.returncode == 1
    assert f"{bad}:3: entities[0].name: place '东园村' is ambiguous" in res.stderr, res.stderr
    assert "(25 candidates)" in res.stderr and "› 东园村" in res.stderr, res.stderr


def test_status_search_query_and_path(cli):
    status = json.loads(cli("status", "--json").stdout)
    assert status["labels"]["Village"] + status["labels"]["Community"] == 620_572 and not status["place_levels_incomplete"], status
    hits = json.loads(cli("search", "loudi", "--json").stdout)["hits"]
    assert "place:4313" in [h["id"] for h in hits]
    rows = json.loads(cli("query", "program_sites", "-p", "program=同心乡村", "--json").stdout)["rows"]
    assert "431382107259" in [r["code"] for r in rows]
    out = cli("path", "王浪伏", "泸县太伏镇").stdout
    assert "LOCATED_IN" in out and "泸县太伏镇企业泸州金奇易户外用品有限公司" in out, out
    assert cli("query", "nope", ok=False).returncode == 1


def test_viz_and_graphml_export(cli, tmp_path):
    page = tmp_path / "ego.html"
    cli("viz", "place:431302001001", "--kind", "ego", "-o", str(page))
    assert "谢阳建" in page.read_text(encoding="utf-8")
    out = tmp_path / "ego.graphml"
    cli("export", "--around", "place:431302001001", "--format", "graphml", "-o", str(out))
    g = nx.read_graphml(out)
    edges = json.loads(cli("query", "neighbourhood", "-p", "id=place:431302001001", "--json").stdout)["rows"]
    assert g.number_of_edges() == len(edges)
    assert g.number_of_nodes() == len({e["from"] for e in edges} | {e["to"] for e in edges})


def test_extract_writes_a_draft_that_loads_after_review(cli, tmp_path):
    from tongxin.loaders.caserecord import REPORTS_DIR

    draft = tmp_path / "draft.yaml"
    out = cli("extract", str(REPORTS_DIR / "004_9d336da81d19600a.txt"), "-o", str(draft), "--no-review-fields").stdout
    assert "entities" in out and "review" in out, out
    text = draft.read_text(encoding="utf-8")
    assert "张嘉骊" in text and "沿滩区新联会" in text, text[:500]
    checked = cli("load", str(draft), "--check", "--reports", str(REPORTS_DIR))
    assert "checked" in checked.stdout, checked.stdout


def test_extract_learned_pairings_are_marked_for_review_and_can_be_left_out(cli, tmp_path):
    report = tmp_path / "r.txt"
    # made up: the tie is stated after both names, in no verb frame
    report.write_text("高州市召开乡村振兴工作会议。谢鸡镇民胜村迎来了高州市福瑞农业有限公司这位结对伙伴。\n", encoding="utf-8")
    learned, frames = tmp_path / "learned.yaml", tmp_path / "frames.yaml"
    cli("extract", str(report), "-o", str(learned))
    cli("extract", str(report), "-o", str(frames), "--no-learned-pairings")
    text = learned.read_text(encoding="utf-8")
    assert "# REVIEW: learned pairing (p=" in text and "type: PAIRED_WITH" in text, text
    assert "PAIRED_WITH" not in frames.read_text(encoding="utf-8")
    assert "checked" in cli("load", str(learned), "--check", "--reports", str(tmp_path)).stdout


def test_export_all_then_import_into_an_empty_store_reproduces_the_graph(tmp_path):
    from tongxin.graph import backup

    def run(store: str, *args: str) -> subprocess.CompletedProcess[str]:
        env = {**os.environ, "TONGXIN_DATA_DIR": str(tmp_path / store), "TONGXIN_GRAPH": "g"}
        return subprocess.run([sys.executable, "-m", "tongxin.cli", *args], env=env, capture_output=True,
                               text=True, timeout=600)

    # a graph of the seed records only (the place tree is the same code path, only larger)
    assert run("a", "load", *[str(p) for p in bundled_case_records()]).returncode == 0
    dump = tmp_path / "backup.json"
    res = run("a", "export", "--all", "--format", "json", "-o", str(dump))
    assert res.returncode == 0, res.stderr
    original = backup.digest(backup.read(dump))
    res = run("b", "import", str(dump))
    assert res.returncode == 0, res.stderr
    assert f"sha256 {original[:16]}" in res.stdout, (res.stdout, original)
    res = run("b", "export", "--all", "--format", "json", "-o", str(tmp_path / "again.json"))
    assert backup.digest(backup.read(tmp_path / "again.json")) == original
    again = run("b", "import", str(dump))
    assert again.returncode == 1 and "needs an empty graph" in again.stderr, again.stderr


def test_extract_batch_writes_a_draft_per_report_and_reports_unreadable_ones(cli, tmp_path):
    from tongxin.loaders.caserecord import REPORTS_DIR

    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    reports = [str(REPORTS_DIR / "004_9d336da81d19600a.txt"), str(REPORTS_DIR / "003_07166101f739d646.txt"), str(empty)]
    res = cli("extract", *reports, "-o", str(tmp_path / "drafts"), ok=False)
    assert res.returncode == 1, res.stdout + res.stderr
    assert "wrote 2 draft(s)" in res.stdout and "empty.txt: the file is empty" in res.stderr, res.stderr
    drafts = sorted(p.name for p in (tmp_path / "drafts").iterdir())
    assert drafts == ["003_07166101f739d646.yaml", "004_9d336da81d19600a.yaml"]
    checked = cli("load", str(tmp_path / "drafts" / drafts[1]), "--check", "--reports", str(REPORTS_DIR))
    assert "checked" in checked.stdout, checked.stdout


def test_extract_batch_shares_reports_among_processes_and_writes_the_same_drafts(cli, tmp_path):
    from tongxin.loaders.caserecord import REPORTS_DIR

    reports = [str(p) for p in sorted(REPORTS_DIR.glob("*.txt"))]
    one = cli("extract", *reports, "-o", str(tmp_path / "one"), "--jobs", "1")
    two = cli("extract", *reports, "-o", str(tmp_path / "two"), "--jobs", "2")
    assert f"wrote {len(reports)} draft(s)" in one.stdout and f"wrote {len(reports)} draft(s)" in two.stdout
    drafts = sorted(p.name for p in (tmp_path / "one").iterdir())
    assert len(drafts) == len(reports) == len(list((tmp_path / "two").iterdir()))
    for name in drafts:
        assert (tmp_path / "one" / name).read_bytes() == (tmp_path / "two" / name).read_bytes(), name


def test_extract_batch_refuses_two_reports_whose_drafts_would_share_a_name(cli, tmp_path):
    from tongxin.loaders.caserecord import REPORTS_DIR

    other = tmp_path / "copy"
    other.mkdir()
    same = other / "004_9d336da81d19600a.txt"
    same.write_text("民建娄底市委会与涟源市杨市镇东园村结对共建。", encoding="utf-8")
    res = cli("extract", str(REPORTS_DIR / "004_9d336da81d19600a.txt"), str(same), "-o", str(tmp_path / "d"), ok=False)
    assert res.returncode == 2, (res.stdout, res.stderr)
    assert "would have the same name" in res.stderr and "004_9d336da81d19600a.yaml" in res.stderr, res.stderr
    assert not (tmp_path / "d").exists()  # refused before anything was written


def test_dry_run_shrink_history_unload_and_tokens(cli, tmp_path):
    ledger = cli.data / "h.csv"
    rows = ["绞肠关村", "孙家湾村", "丁家湾村"]
    ledger.write_text("企业名称,结对村,所属乡镇\n" + "".join(f"津城建材有限公司,{v},上津镇\n" for v in rows),
                      encoding="utf-8")
    common = ("--context", "郧西县", "--root", str(cli.data))
    out = cli("load", str(ledger), *common, "--dry-run").stdout
    assert "checked" in out and "+3 added, ~0 changed, -0 retracted" in out, out
    assert json.loads(cli("history", "ledger-h.csv", "--json").stdout) == []  # a dry run is no write
    cli("load", str(ledger), *common)
    ledger.write_text("企业名称,结对村,所属乡镇\n", encoding="utf-8")
    res = cli("load", str(ledger), *common, ok=False)
    assert res.returncode == 1
    assert f"{ledger}:1: file: has no rows: loading it would retract all 3 facts of the source 'ledger-h.csv'" \
        in res.stderr, res.stderr
    res = cli("unload", "ledger-h.csv")
    assert "source:ledger-h.csv: unloaded — 3 facts retracted" in res.stdout, res.stdout
    events = json.loads(cli("history", "--json").stdout)
    mine = [(e["who"], e["action"], e["source"], e["retracted"]) for e in events
            if e["source"] == "source:ledger-h.csv" or e["file"] == "h.csv"]
    assert mine == [("cli", "unload", "source:ledger-h.csv", 3), ("cli", "refused", None, None),
                    ("cli", "load", "source:ledger-h.csv", 0)], mine
    assert cli("unload", "ledger-h.csv", ok=False).returncode == 1

    tokens = tmp_path / "tokens"
    res = cli("token", "alice", "--file", str(tokens))
    token = res.stdout.strip()
    assert len(token) >= 16 and token not in tokens.read_text(encoding="utf-8")
    assert tokens.read_text(encoding="utf-8").startswith("alice ")


def test_extract_works_on_a_fresh_data_directory(tmp_path):
    """`tongxin extract` before anything was loaded: it reads the (absent) graph's places record and falls
    back to the whole country (it failed with "Invalid graph operation on empty key")."""
    env = {**os.environ, "TONGXIN_DATA_DIR": str(tmp_path / "data"), "TONGXIN_GRAPH": "fresh"}
    report = tmp_path / "r.txt"
    report.write_text("湖南省娄底市涟源市杨市镇东园村与民建娄底市委会结对共建。", encoding="utf-8")
    res = subprocess.run([sys.executable, "-m", "tongxin.cli", "extract", str(report), "-o", str(tmp_path / "d.yaml")],
                         env=env, capture_output=True, text=True, timeout=600)
    subprocess.run([sys.executable, "-m", "tongxin.cli", "server", "stop"], env=env, capture_output=True, timeout=120)
    assert res.returncode == 0, (res.stdout, res.stderr)
    assert "431382107" in (tmp_path / "d.yaml").read_text(encoding="utf-8")  # 杨市镇 resolved nationally


def test_extract_reads_the_places_of_a_store_at_rest_without_starting_its_server(tmp_path):
    """Starting the embedded server loads the whole graph (seconds for the national places) only for
    `tongxin extract` to learn which places it holds: a store at rest whose record was read from the same
    files is not started again. A command that stops the server after writing remembers the record for the
    files it leaves (an extract after a load starts nothing), and reads it at that moment (a places import
    of another area is what the next extract resolves against); a record the files do not match is read
    anew."""
    data = tmp_path / "data"
    env = {**os.environ, "TONGXIN_DATA_DIR": str(data), "TONGXIN_GRAPH": "rest"}
    report = tmp_path / "r.txt"
    report.write_text("湖南省娄底市涟源市杨市镇东园村与民建娄底市委会结对共建。", encoding="utf-8")

    def run(*args: str) -> str:
        res = subprocess.run([sys.executable, "-m", "tongxin.cli", *args], env=env, capture_output=True, text=True,
                             timeout=600)
        assert res.returncode == 0, (args, res.stdout, res.stderr)
        return res.stdout

    def starts() -> int:
        return (data / "server.log").read_text(encoding="utf-8", errors="replace").count("Redis is starting")

    run("places", "import", "--within", "涟源市")
    drafts = []
    for i, started in enumerate((0, 0, 0)):  # the import remembered the record: no extract starts the server
        before = starts()
        run("extract", str(report), "-o", str(tmp_path / f"d{i}.yaml"))
        assert starts() - before == started, i
        drafts.append((tmp_path / f"d{i}.yaml").read_text(encoding="utf-8"))
    assert "431382107" in drafts[0] and drafts[0] == drafts[1] == drafts[2]  # 杨市镇, within the imported area
    before = starts()
    assert "431382107259" in run("places", "resolve", "涟源市杨市镇东园村")  # the same record: no start either
    assert starts() == before
    remembered = json.loads((data / "places-record.json").read_text(encoding="utf-8"))["graphs"]["rest"]
    assert remembered["within"] == ["431382"], remembered
    ledger = tmp_path / "ledger.csv"
    ledger.write_text("企业名称,结对村,所属乡镇\n涟源茶业有限公司,东园村,杨市镇\n", encoding="utf-8")
    run("load", str(ledger), "--context", "涟源市")  # a write: its command remembers the record for the new files
    before = starts()
    run("extract", str(report), "-o", str(tmp_path / "d3.yaml"))
    assert starts() - before == 0
    assert (tmp_path / "d3.yaml").read_text(encoding="utf-8") == drafts[0]
    run("places", "import", "--within", "郧西县")  # another area: the record changes with the files
    before = starts()
    run("extract", str(report), "-o", str(tmp_path / "d4.yaml"))
    assert starts() - before == 0
    remembered = json.loads((data / "places-record.json").read_text(encoding="utf-8"))["graphs"]["rest"]
    assert remembered["within"] == ["420322", "431382"], remembered
    # a record kept for other files (as a copy of another data directory's would be): read anew
    (data / "places-record.json").write_text(json.dumps({"files": "other", "graphs": {"rest": None}}))
    before = starts()
    run("extract", str(report), "-o", str(tmp_path / "d5.yaml"))
    assert starts() - before == 1
    assert (tmp_path / "d5.yaml").read_text(encoding="utf-8") == (tmp_path / "d4.yaml").read_text(encoding="utf-8")


def test_a_file_of_no_known_type_is_refused_before_anything_loads(cli, tmp_path):
    """One table of suffixes (tongxin.loaders.files) for the CLI and the API: a .txt in the list stops the
    whole command before the ledger listed with it is written."""
    ledger = tmp_path / "suffix-check.csv"
    ledger.write_text("企业名称,结对村,所属乡镇\n津城建材有限公司,丁家湾村,上津镇\n", encoding="utf-8")
    report = tmp_path / "report.txt"
    report.write_text("某报告", encoding="utf-8")
    res = cli("load", str(ledger), str(report), "--context", "郧西县", ok=False)
    assert res.returncode == 2, (res.stdout, res.stderr)
    assert f"{report}: unsupported file type .txt" in res.stderr and ".xlsm" in res.stderr, res.stderr
    dry = cli("load", "--dry-run", str(ledger), "--context", "郧西县").stdout
    assert "+" in dry and "added" in dry and "-0 retracted" in dry, dry  # still new: nothing was written
