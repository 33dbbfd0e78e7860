"""The sample ledger the demo loads (示例数据): what ships is what the generator makes, it is labelled as
generated on every row, its credit codes are well formed, and it loads on each engine with every row
resolved — giving coverage that is neither 0% nor 100%."""

from __future__ import annotations

import csv
import re

from stdnum.cn import uscc

from tests.conftest import subset_gazetteer, subset_resolver
from tongxin.loaders.ledger import COLUMNS, credit_code_problem, load_ledger
from tongxin.loaders.sample import HEADER, NOTE, SAMPLE_COUNTIES, SAMPLE_LEDGER, sample_rows
from tongxin.queries import service


def _shipped() -> list[list[str]]:
    with SAMPLE_LEDGER.open(encoding="utf-8", newline="") as fh:
        return list(csv.reader(fh))


def test_the_shipped_file_is_what_the_generator_makes():
    assert _shipped() == sample_rows(subset_gazetteer(*SAMPLE_COUNTIES)), (
        "regenerate it: python -m tongxin.loaders.sample")


def test_every_row_is_labelled_and_every_code_is_well_formed():
    rows = _shipped()
    assert rows[0] == HEADER
    aliases = {a for names in COLUMNS.values() for a in names}
    assert set(HEADER) <= aliases, set(HEADER) - aliases  # every header is a column the loader knows
    gaz = subset_gazetteer(*SAMPLE_COUNTIES)
    for row in rows[1:]:
        rec = dict(zip(HEADER, row, strict=True))
        assert rec["企业名称"].startswith("示例") and rec["备注"] == NOTE, row
        code = rec["统一社会信用代码"]
        assert uscc.is_valid(code) and credit_code_problem(code) is None, code
        assert code[2:8] == rec["区划代码"][:6]  # registered in the county of its village
        assert re.fullmatch(r"\d{4}-\d{2}", rec["结对时间"])
        village = gaz.get(rec["区划代码"])
        assert village is not None and village.name == rec["结对村"], row
    enterprises = {r[0] for r in rows[1:]}
    assert len({r[1] for r in rows[1:]}) == len(enterprises) > 100  # one code per enterprise


def test_it_loads_and_gives_coverage_between_none_and_all(places_store):
    res = load_ledger(places_store, SAMPLE_LEDGER, resolver=subset_resolver(*SAMPLE_COUNTIES))
    assert res.rejected == 0, res
    rates = {r.name: r.rate for r in service.rollup(places_store, "420322", by="township").rows}
    assert len(rates) > 10 and min(rates.values()) == 0.0 and 0 < max(rates.values()) < 1, rates
    body = service.coverage(places_store, "郧西县", limit=1)
    paired = sum(1 for r in _shipped()[1:] if r[3].startswith("420322"))
    assert body.covered == paired and 0 < body.covered < body.total
