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
