"""The scorer runs over the gold annotations of the seed reports and the extractor meets the targets:
places and programs recall ≥ 0.95; organisations and people recall ≥ 0.85 at precision ≥ 0.85;
pairing/role/site relations recall ≥ 0.7."""

from __future__ import annotations

from pathlib import Path

import pytest

from tongxin.extract.score import GOLD_DIR, load_gold, main, score_reports


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


# ------------------------------------------------------------------ corpus scoring (synthetic gold)

def _corpus_case():
    from tongxin.extract.draft import DraftClaim, DraftEntity, DraftRecord, DraftRelation, Mention
    from tongxin.extract.score import CorpusGold

    gold = CorpusGold("x.txt", {"甲乡": "110116211", "乙村": "110116211201"}, ["某某商会", "丙公司"], ["张三"],
                      ["千企结千村"], [("某某商会", "乙村"), ("丙公司", "丁村")], [("张三", "某某商会")], ["12", "6.6"])
    ents = [DraftEntity("jia", "Place", "甲乡", code="110116211", mentions=[Mention(0, 2, "甲乡")]),
            DraftEntity("yi", "Place", "乙村", code="110116299999", mentions=[Mention(3, 5, "乙村")]),
            DraftEntity("shi", "Place", "某市", code="1101", mentions=[Mention(6, 8, "某市")]),
            DraftEntity("xian", "Place", "某区", code="110116", note="the report's own area (implied)"),
            DraftEntity("shanghui", "Association", "某某商会"),
            DraftEntity("wu", "Enterprise", "戊公司"),
            DraftEntity("zhang", "Person", "张三"),
            DraftEntity("prog", "Program", "千企结千村")]
    rels = [DraftRelation("PAIRED_WITH", "shanghui", "yi", "某某商会与乙村结对。"),
            DraftRelation("PAIRED_WITH", "wu", "jia", "戊公司帮扶甲乡。"),
            DraftRelation("HOLDS_ROLE", "zhang", "shanghui", "某某商会会长张三", props={"title": "会长"})]
    claims = [DraftClaim("c1", "jia", "Village", 12, "12个村", "结对12个村。"),
              DraftClaim("c2", "jia", "Enterprise", 4, "派出4名干部", "派出4名干部。")]
    return gold, DraftRecord({"id": "x", "title": "x"}, [], ents, rels, claims)


def test_corpus_scoring_counts_structure_not_text() -> None:
    from tongxin.extract.score import score_corpus_draft

    gold, draft = _corpus_case()
    scores, misses, extras = score_corpus_draft(gold, draft)
    # 某市 (a city) not counted, nor 某区, a place the report implies but never names
    assert (scores["places"].tp, scores["places"].fp, scores["places"].fn) == (2, 0, 0)
    assert scores["codes"].tp == 1 and any("乙村" in m for m in misses["codes"])      # wrong village code
    assert (scores["orgs"].tp, scores["orgs"].fp, scores["orgs"].fn) == (1, 1, 1)
    assert scores["people"].recall == 1.0 and scores["programs"].recall == 1.0
    assert (scores["pairings"].tp, scores["pairings"].fp, scores["pairings"].fn) == (1, 1, 1)
    assert misses["pairings"] == ["丙公司—丁村"]
    assert (scores["roles"].tp, scores["roles"].fp) == (1, 0)
    # 12 is a claim with that count; 6.6 is only in no statement; the 4 is a false claim
    assert (scores["claims"].tp, scores["claims"].fp, scores["claims"].fn) == (1, 1, 1)


def test_corpus_place_under_two_names_is_one_place() -> None:
    # the gold lists 甲 and 甲乡 with one code: one place, found when either name is found
    from dataclasses import replace

    from tongxin.extract.score import score_corpus_draft

    gold, draft = _corpus_case()
    gold = replace(gold, places={"甲": "110116211", **gold.places})
    scores, misses, _ = score_corpus_draft(gold, draft)
    assert (scores["places"].tp, scores["places"].fn) == (2, 0) and not misses["places"]
    draft.entities[0].name = "丙乡"
    scores, misses, _ = score_corpus_draft(gold, draft)
    assert (scores["places"].tp, scores["places"].fn) == (1, 1) and misses["places"] == ["甲/甲乡"]


def test_corpus_place_named_only_inside_an_organisations_name_is_no_false_place() -> None:
    # the gold leaves out 丁区 in 民建丁区委员会; the draft keeps it as the body's place
    from tongxin.extract.draft import DraftEntity, Mention
    from tongxin.extract.score import score_corpus_draft

    gold, draft = _corpus_case()
    ding = DraftEntity("ding", "Place", "丁区", code="110117", mentions=[Mention(22, 24, "丁区")])
    draft.entities += [ding, DraftEntity("mj", "DemocraticParty", "民建丁区委", mentions=[Mention(20, 27, "民建丁区委员会")])]
    scores, _, extras = score_corpus_draft(gold, draft)
    assert (scores["places"].tp, scores["places"].fp) == (2, 0) and scores["codes"].fp == 1  # (乙村's wrong code)
    ding.mentions.append(Mention(40, 42, "丁区"))  # named as a place of its own too: a false place
    scores, _, extras = score_corpus_draft(gold, draft)
    assert (scores["places"].tp, scores["places"].fp) == (2, 1) and extras["places"] == ["丁区"]


def test_a_township_office_in_the_gold_relations_does_not_hide_the_township() -> None:
    # 丙街道办事处 is an organisation of the gold (a relation end), not an uncoded place 丙街道 that would
    # take the draft's 丙街道 out of the places scored
    from dataclasses import replace

    from tongxin.extract.draft import DraftEntity, Mention
    from tongxin.extract.score import score_corpus_draft

    gold, draft = _corpus_case()
    gold = replace(gold, places={**gold.places, "丙街道": "110116007"}, orgs=[*gold.orgs, "丙街道办事处"],
                   pairings=[*gold.pairings, ("丙街道办事处", "乙村")])
    draft.entities.append(DraftEntity("bing", "Place", "丙街道", code="110116007", mentions=[Mention(30, 33, "丙街道")]))
    scores, misses, _ = score_corpus_draft(gold, draft)
    assert (scores["places"].tp, scores["places"].fn) == (3, 0) and not misses["places"]


def test_corpus_gold_split_and_roles(tmp_path) -> None:
    import json

    from tongxin.extract.score import held_out, load_corpus_gold

    p = tmp_path / "gold.json"
    p.write_text(json.dumps({"a.txt": {"places": {}, "orgs": ["甲会"], "people": ["张三"], "programs": [],
                                       "relations": [["张三", "乙村"], ["甲会", "乙村"], ["张三", "甲会"]],
                                       "claims": ["3"]}}, ensure_ascii=False), encoding="utf-8")
    (g,) = load_corpus_gold(p)
    assert g.pairings == [("张三", "乙村"), ("甲会", "乙村")] and g.roles == [("张三", "甲会")]
    names = [f"r{i}.txt" for i in range(60)]
    held = [n for n in names if held_out(n)]
    assert 5 < len(held) < 40 and held == [n for n in names if held_out(n)]
    (tmp_path / "bad.json").write_text("{", encoding="utf-8")
    import pytest

    with pytest.raises(ValueError, match="not a readable gold.json"):
        load_corpus_gold(tmp_path / "bad.json")


def test_scoring_a_folder_without_gold_is_refused_by_name(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as e:
        main(["--corpus", str(tmp_path)])
    assert e.value.code == 2 and f"--corpus {tmp_path}: no gold.json" in capsys.readouterr().err


def test_a_corpus_restored_in_part_is_refused_or_scored_with_the_missing_named(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    import json

    gold = {"here.txt": {"places": {}, "orgs": [], "people": ["李建中"], "programs": [], "relations": [],
                         "claims": []},
            "gone.txt": {"places": {}, "orgs": [], "people": ["王明"], "programs": [], "relations": [], "claims": []}}
    (tmp_path / "gold.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    (tmp_path / "here.txt").write_text("高州市嘉华科技有限公司总经理李建中到储良村考察。\n", encoding="utf-8")
    assert main(["--corpus", str(tmp_path)]) == 1
    err = capsys.readouterr().err
    assert "gone.txt not found" in err and "--allow-missing" in err
    assert main(["--corpus", str(tmp_path), "--allow-missing"]) == 0
    out = capsys.readouterr()
    assert "1 gold entry has no text" in out.err and "gone.txt" in out.err
    assert "| people | " in out.out and "(1/1)" in out.out.split("| people |")[1].split("\n")[0]


def test_a_gold_json_that_does_not_parse_is_an_error_naming_it(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "gold.json").write_text("{", encoding="utf-8")
    assert main(["--corpus", str(tmp_path)]) == 1
    assert f"{tmp_path / 'gold.json'}: not a readable gold.json" in capsys.readouterr().err
