"""The compiled resolver (setup.py: mypyc over a copy of resolver.py) is in use, answers exactly as the
Python source does, and is never used when it was built from another version of the source."""

from __future__ import annotations

import os
import random
import subprocess
import sys
from pathlib import Path
from types import ModuleType

import pytest

import tongxin.places.resolver as resolver_mod
from tests.conftest import national_resolver
from tongxin.places.gazetteer import Gazetteer

SOURCE = Path(resolver_mod.__file__)


@pytest.fixture(scope="module")
def python_resolver_module() -> ModuleType:
    """resolver.py loaded as plain Python, under a name of its own (so it does not load the build)."""
    module = resolver_mod.as_python()
    assert not module.COMPILED and module.Resolver.__module__ == "resolver_as_python"
    return module


def test_the_compiled_resolver_is_in_use() -> None:
    """`pip install -e .` compiles it where a C compiler is (README); TONGXIN_PURE_PYTHON=1 opts out."""
    if os.environ.get("TONGXIN_PURE_PYTHON", "0") not in ("", "0"):
        assert not resolver_mod.COMPILED
    else:
        assert resolver_mod.COMPILED, "the resolver was not compiled: see setup.py (pip install -e . prints why)"
        assert resolver_mod.Resolver.__module__ == "tongxin.places._resolver_native"


def _inputs(gaz: Gazetteer, n: int, seed: int) -> list[tuple[str, tuple[str, ...], str | None]]:
    """Ledger- and report-style inputs of every kind the resolver tells apart: full paths, names with a
    county or city as context, bare names (ambiguous), committee and traditional forms, zones, annotations,
    typos and unknown names (not found, with suggestions), codes, `within`."""
    rng = random.Random(seed)
    leaves = list(gaz.iter_places(("village", "community")))
    out: list[tuple[str, tuple[str, ...], str | None]] = []
    for i, p in enumerate(rng.sample(leaves, n)):
        province, city, county, town = gaz.path(p.code)[:4]
        stem = p.name.removesuffix("村").removesuffix("社区")
        out += [
            (county.name + town.name + p.name, (), None),
            (town.name + p.name, (county.name,), None),
            (p.name, (county.name,), None),
            (p.name, (city.name,), None),
            (p.name, (), None),
            (town.name + p.official_name, (county.name,), None),
            ("漣源市" + town.name + p.name, (), None),
            (county.name + "经济开发区" + p.name, (), None),
            (p.name + "（" + town.name + "）", (county.name,), None),
            (stem, (county.name,), None),
            *([(stem + "屯", (county.name,), None)] if i % 5 == 0 else []),  # not found: suggestions (slow)
            (p.name, (), county.code),
            (p.name, (), province.code),
            (p.code, (), None),
        ]
    out += [("东园村", (), None), ("不存在的地方村", ("涟源市",), None), ("", (), None), ("高新区", (), None)]
    return out


def test_compiled_and_python_resolvers_answer_alike(python_resolver_module: ModuleType) -> None:
    if not resolver_mod.COMPILED:
        pytest.fail("the resolver was not compiled (see test_the_compiled_resolver_is_in_use)")
    gaz = national_resolver().gazetteer
    compiled, python = resolver_mod.Resolver(gaz), python_resolver_module.Resolver(gaz)
    inputs = _inputs(gaz, 120, seed=11)
    statuses = set()
    for name, context, within in inputs:
        got, want = compiled.resolve(name, context, within), python.resolve(name, context, within)
        assert got.to_dict() == want.to_dict(), (name, context, within)
        assert resolver_mod.format_resolution(got) == python_resolver_module.format_resolution(want)
        statuses.add(got.status)
    assert statuses == {"resolved", "ambiguous", "not_found"}
    rows = [(name, context) for name, context, _ in inputs[:300]]
    assert [r.to_dict() for r in compiled.resolve_many(rows, ("涟源市",))] == [
        r.to_dict() for r in python.resolve_many(rows, ("涟源市",))]
    assert resolver_mod.norm_keys(["漣源市 楊市鎮 東園村民委員會"]) == ["涟源市杨市镇东园村"]


def test_a_build_of_another_version_of_the_source_is_not_used(tmp_path: Path) -> None:
    """A copy of the package whose resolver.py differs by one comment from the one the build was made
    from: importing it warns and runs the Python resolver."""
    if not resolver_mod.COMPILED:
        pytest.fail("the resolver was not compiled (see test_the_compiled_resolver_is_in_use)")
    package = SOURCE.parents[1]
    copy = tmp_path / "tongxin"
    for item in package.iterdir():
        if item.name != "places":
            (copy / item.name).parent.mkdir(parents=True, exist_ok=True)
            (copy / item.name).symlink_to(item)
    for item in (package / "places").iterdir():
        (copy / "places" / item.name).parent.mkdir(parents=True, exist_ok=True)
        if item.name == "resolver.py":
            (copy / "places" / item.name).write_text(item.read_text(encoding="utf-8") + "# edited\n",
                                                     encoding="utf-8")
        else:
            (copy / "places" / item.name).symlink_to(item)
    code = ("import tongxin.places.resolver as m; "
            "print(m.COMPILED, m.Resolver.__module__, m.__file__)")
    env = {k: v for k, v in os.environ.items() if k != "TONGXIN_PURE_PYTHON"}
    env["PYTHONPATH"] = str(tmp_path)
    out = subprocess.run([sys.executable, "-W", "always", "-c", code], cwd=tmp_path, env=env,
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.split()[:2] == ["False", "tongxin.places.resolver"]
    assert out.stdout.split()[2].startswith(str(tmp_path))
    assert "built from another version" in out.stderr


@pytest.mark.parametrize(("value", "compiled"), [("1", False), ("yes", False), ("0", True), ("", True)])
def test_tongxin_pure_python_opts_out_unless_0(value: str, compiled: bool) -> None:
    if not resolver_mod.COMPILED:
        pytest.fail("the resolver was not compiled (see test_the_compiled_resolver_is_in_use)")
    out = subprocess.run([sys.executable, "-c", "import tongxin.places.resolver as m; print(m.COMPILED)"],
                         env={**os.environ, "TONGXIN_PURE_PYTHON": value}, capture_output=True, text=True,
                         timeout=120)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == str(compiled)
