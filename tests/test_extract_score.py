"""The scorer runs over the gold annotations of the seed reports and the extractor meets the targets:
places and programs recall ≥ 0.95; organisations and people recall ≥ 0.85 at precision ≥ 0.85;
pairing/role/site relations recall ≥ 0.7."""

from __future__ import annotations

from tongxin.extract.score import GOLD_DIR, load_gold, score_reports


def test_scorer_meets_the_targets() -> None:  # over the reports shipped in tongxin/data/reports
    report = score_reports()
    table = report.table() + "\n\n" + report.details()
    assert len(report.reports) == 5, table
    t = report.totals
    assert t["place"].recall >= 0.95, table
    assert t["program"].recall >= 0.95, table
    for kind in ("organisation", "person"):
        assert t[kind].recall >= 0.85, table
        assert t[kind].precision >= 0.85, table
    assert t["relations: pairing+role+site"].recall >= 0.7, table
    print(table)


def test_gold_files_are_well_formed() -> None:
    golds = sorted(GOLD_DIR.glob("*.yaml"))
    assert len(golds) == 5, golds
    for path in golds:
        gold = load_gold(path)
        assert path.stem == gold.file.removesuffix(".txt"), path
        names = {n for e in gold.entities for n in e.names}
        for type_, a, b in gold.relations:
            assert a in names and b in names, (path.name, type_, a, b)
        assert gold.entities, path
