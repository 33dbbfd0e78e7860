"""Docs stay honest: every setting is documented, and docker-compose uses the settings' own names."""

from __future__ import annotations

import re
from pathlib import Path

import yaml

from tongxin.settings import Settings

REPO = Path(__file__).resolve().parent.parent


def test_every_setting_is_in_the_readme():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    missing = [name.upper() for name in Settings.model_fields if f"`{name.upper()}`" not in readme]
    assert not missing, missing


def test_compose_api_service_uses_only_real_settings():
    compose = yaml.safe_load((REPO / "docker-compose.yml").read_text(encoding="utf-8"))
    env = compose["services"]["api"]["environment"]
    known = {name.upper() for name in Settings.model_fields}
    assert set(env) <= known, set(env) - known
    assert env["TONGXIN_BACKEND"] == "neo4j" and env["NEO4J_URI"].startswith("neo4j://")
    assert "healthcheck" in compose["services"]["neo4j"] and compose["services"]["neo4j"]["volumes"]


def test_readme_quick_start_is_what_ci_runs():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    assert "./run demo" in readme and "./run test" in readme
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert re.search(r"^exec \./run test\b", ci, re.M), ci


def test_compose_neo4j_healthcheck_reads_only_variables_the_container_has():
    # The healthcheck runs inside the neo4j container: `$$NAME` is expanded there, so NAME must be in that
    # service's environment (the image itself sets no password variable).
    compose = yaml.safe_load((REPO / "docker-compose.yml").read_text(encoding="utf-8"))
    neo4j = compose["services"]["neo4j"]
    check = " ".join(neo4j["healthcheck"]["test"])
    used = set(re.findall(r"\$\$\{?([A-Z_][A-Z0-9_]*)", check))
    assert used, check
    assert used <= set(neo4j["environment"]), (used, sorted(neo4j["environment"]))


def test_rooms_import_only_the_rooms_listed_above_them_in_the_architecture_page():
    """docs/architecture.md's table of rooms is the layering: each room may import only rooms listed before
    it (cli.py, last, all of them). The imports are read from the code with ast."""
    import ast

    page = (REPO / "docs" / "architecture.md").read_text(encoding="utf-8")
    order: list[str] = []
    for line in page.splitlines():
        if line.startswith("| `"):
            order += [name.strip("`/").removesuffix(".py") for name in re.findall(r"`[a-z_]+(?:/|\.py)`",
                                                                                  line.split("|")[1])]
    assert order[-1] == "cli" and {"places", "graph", "loaders", "queries", "api", "web"} <= set(order), order
    rank = {room: i for i, room in enumerate(order)}
    wrong = []
    for path in sorted((REPO / "tongxin").rglob("*.py")):
        parts = path.relative_to(REPO / "tongxin").with_suffix("").parts
        room = parts[0]
        if room == "__init__":
            continue
        assert room in rank, f"tongxin/{room} is not in docs/architecture.md's table of rooms"
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = ([node.module] if isinstance(node, ast.ImportFrom) and node.module
                     else [a.name for a in node.names] if isinstance(node, ast.Import) else [])
            for name in names:
                if name.startswith("tongxin."):
                    target = name.split(".")[1]
                    if target != room and rank.get(target, -1) >= rank[room]:
                        wrong.append(f"{path.relative_to(REPO)}:{node.lineno} imports tongxin.{target}")
    assert not wrong, wrong


def test_the_case_record_json_schema_in_docs_is_current():
    """docs/case-record.schema.json is what `tongxin schema case-record` prints (regenerate with
    `tongxin schema case-record > docs/case-record.schema.json`)."""
    import json

    from tongxin.loaders.caserecord import case_record_schema

    on_disk = json.loads((REPO / "docs" / "case-record.schema.json").read_text(encoding="utf-8"))
    assert on_disk == case_record_schema(), "regenerate: tongxin schema case-record > docs/case-record.schema.json"
