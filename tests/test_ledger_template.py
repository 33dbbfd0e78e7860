"""The ledger template (`tongxin ledger template`) and docs/ledgers.md: every column the loader reads is in
both, with every header it accepts; the template's example row loads; its cells are validated."""

from __future__ import annotations

import re
from pathlib import Path

from openpyxl import load_workbook
from typer.testing import CliRunner

from tests.conftest import TEST_COUNTIES, subset_resolver
from tongxin.cli import app
from tongxin.loaders.ledger import COLUMNS, REQUIRED, load_ledger
from tongxin.loaders.template import COLUMN_DOCS, write_template
from tongxin.queries import service

REPO = Path(__file__).resolve().parent.parent


def test_docs_list_every_column_with_every_accepted_header():
    doc = (REPO / "docs" / "ledgers.md").read_text(encoding="utf-8")
    rows = {m[1]: m[0] for m in re.finditer(r"^\| `(\w+)` \|.*$", doc, re.M)}
    assert set(rows) == set(COLUMNS), set(rows) ^ set(COLUMNS)
    for col, aliases in COLUMNS.items():
        cells = [c.strip() for c in rows[col].split("|")]
        assert (cells[2] == "**yes**") == (col in REQUIRED), col
        assert re.findall(r"`([^`]+)`", cells[3]) == list(aliases), col
    assert set(COLUMN_DOCS) == set(COLUMNS)


def test_template_has_every_column_validation_and_an_example_that_loads(places_store, tmp_path):
    path = write_template(tmp_path / "台账模板.xlsx")
    wb = load_workbook(path)
    ws = wb["台账"]
    headers = [c.value for c in ws[1]]
    assert headers == [aliases[0] for aliases in COLUMNS.values()]
    example = dict(zip(headers, [c.value for c in ws[2]], strict=True))
    assert example["企业名称"].startswith("示例") and "示例数据" in example["备注"]
    validated = {}
    for dv in ws.data_validations.dataValidation:
        for rng in str(dv.sqref).split():
            validated[headers[ord(rng[0]) - ord("A")]] = (dv.type, dv.formula1)
    assert validated["统一社会信用代码"] == ("textLength", "18")
    assert validated["区划代码"] == ("textLength", "12")
    assert validated["结对时间"][0] == "date"
    assert validated["投资额(万元)"][0] == "decimal"
    assert wb.sheetnames == ["台账"]  # one sheet: `tongxin load` needs no --sheet
    for cell, (col, (meaning, _)) in zip(ws[1], COLUMN_DOCS.items(), strict=True):
        assert cell.comment is not None and meaning in cell.comment.text, col
    # the loader reads the template as written: the example row becomes one pairing
    res = load_ledger(places_store, path, resolver=subset_resolver(*TEST_COUNTIES))
    assert res.status == "loaded" and res.rejected == 0, res
    body = service.coverage(places_store, "420322100", limit=1)  # 城关镇, 郧西县
    assert body.covered == 1


def test_cli_writes_the_template_and_refuses_another_suffix(tmp_path):
    runner = CliRunner()
    ok = runner.invoke(app, ["ledger", "template", "-o", str(tmp_path / "台账模板.xlsx")])
    assert ok.exit_code == 0 and (tmp_path / "台账模板.xlsx").stat().st_size > 3000, ok.output
    bad = runner.invoke(app, ["ledger", "template", "-o", str(tmp_path / "台账.csv")])
    assert bad.exit_code == 2 and not (tmp_path / "台账.csv").exists()
