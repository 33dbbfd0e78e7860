"""The learned pairing model (tongxin.extract.pairmodel) and its training (tongxin.extract.train):
features without names, the model adds only what the frames missed, the shipped weights were trained
on development reports only, and training on a made-up corpus learns its pairings."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tests.conftest import EXTRACT_HEAD
from tongxin.extract.pairings import Frames
from tongxin.extract.pairmodel import Features, PairModel, candidates, default_model
from tongxin.extract.relations import _Rel
from tongxin.extract.report import extract_with_context
from tongxin.extract.score import held_out

# a tie stated after both names, in no frame the rules know
_UNFRAMED = "谢鸡镇民胜村迎来了高州市福瑞农业有限公司这位结对伙伴。"
_FRAMED = "民进高州市委对口帮扶分界镇储良村。"


def _pairs(draft) -> list[tuple[str, str, float, bool, str]]:  # type: ignore[no-untyped-def]
    names = {e.ref: e.name for e in draft.entities}
    return [(names[r.from_], names[r.to], r.confidence, r.review, r.evidence)
            for r in draft.relations if r.type == "PAIRED_WITH"]


def _tie_model(bias: float = -2.0) -> PairModel:
    return PairModel({"after_tie": 4.0, "between_tie": 4.0}, bias, threshold=0.5, info={})


def test_features_never_contain_the_names_of_the_ends() -> None:
    _, ex = extract_with_context(EXTRACT_HEAD + _UNFRAMED + _FRAMED + "\n", file_name="t.txt", pair_model=None)
    frames = Frames(_Rel(ex))
    cands, features = candidates(frames), Features(frames)
    assert {(c.party.entity.name, c.target.entity.name) for c in cands} >= {
        ("高州市福瑞农业有限公司", "民胜村"), ("民进高州市委", "储良村")}
    for c in cands:
        keys = " ".join(features(c))
        for name in (c.party.entity.name, c.target.entity.name):
            assert name not in keys


def test_the_model_adds_an_unframed_pairing_with_its_sentence_and_probability() -> None:
    text = EXTRACT_HEAD + _UNFRAMED + "\n"
    frames, _ = extract_with_context(text, file_name="t.txt", pair_model=None)
    assert _pairs(frames) == []
    learned, _ = extract_with_context(text, file_name="t.txt", pair_model=_tie_model())
    [(a, b, conf, review, evidence)] = _pairs(learned)
    assert (a, b) == ("高州市福瑞农业有限公司", "民胜村")
    assert conf == pytest.approx(1 / (1 + 2.718281828 ** -2.0), abs=0.01)  # bias -2 + after_tie 4
    assert review and evidence == _UNFRAMED
    # below the threshold, nothing
    none, _ = extract_with_context(text, file_name="t.txt", pair_model=_tie_model(bias=-6.0))
    assert _pairs(none) == []


def test_the_model_never_restates_what_a_frame_found() -> None:
    text = EXTRACT_HEAD + _FRAMED + "\n"
    frames, _ = extract_with_context(text, file_name="t.txt", pair_model=None)
    eager = PairModel({}, 9.0, threshold=0.5, info={})  # every candidate is a pairing
    learned, _ = extract_with_context(text, file_name="t.txt", pair_model=eager)
    assert _pairs(learned) == _pairs(frames) and len(_pairs(frames)) == 1


def test_the_model_adds_no_cross_pair_where_frames_said_who_goes_with_whom() -> None:
    s = "高州市荔香农业有限公司与储良村、高州市果丰贸易有限公司与民胜村分别签订了村企共建协议。"
    eager = PairModel({}, 9.0, threshold=0.5, info={})  # every candidate is a pairing
    # a pinyin gloss the cleaning removes before the sentence: the sentence's offsets in the cleaned and
    # the original text differ
    glossed = "高州市委統(tǒng)戰(zhàn)部召开会议。"
    learned, _ = extract_with_context(glossed + s + "\n", file_name="t.txt", pair_model=eager)
    assert {(a, b) for a, b, *_ in _pairs(learned)} == {
        ("高州市荔香农业有限公司", "储良村"), ("高州市果丰贸易有限公司", "民胜村")}


def test_the_model_does_not_pair_a_township_whose_villages_a_frame_paired() -> None:
    s = "高州市工商联与分界镇3个村结对帮扶，分别是储良村、大塘村、东方村。"
    eager = PairModel({}, 9.0, threshold=0.5, info={})  # every candidate is a pairing
    learned, _ = extract_with_context(EXTRACT_HEAD + s + "\n", file_name="t.txt", pair_model=eager)
    got = {(a, b) for a, b, *_ in _pairs(learned)}
    assert {("高州市工商联", v) for v in ("储良村", "大塘村", "东方村")} <= got
    assert ("高州市工商联", "分界镇") not in got


def test_model_json_round_trip() -> None:
    m = PairModel({"b:与": 1.5, "tk=village": 0.25}, -1.0, 0.7, {"C": 0.1})
    back = PairModel.from_json(m.to_json())
    assert (back.weights, back.bias, back.threshold, back.info) == (m.weights, -1.0, 0.7, {"C": 0.1})
    assert back.probability({"b:与": 1, "unknown": 1}) == pytest.approx(m.probability({"b:与": 1}))


def test_the_shipped_model_was_trained_on_development_reports_only() -> None:
    model = default_model()
    assert model is not None, "tongxin/extract/pairmodel.json is missing"
    trained = model.info["trained_on"]
    assert trained and model.info["positives"] > 0
    assert [f for f in trained if held_out(f.rsplit("/", 1)[-1])] == []
    assert 0 < model.threshold < 1


# ------------------------------------------------------------------------------------------ training

_REPORTS = {
    # tie after both names / between them, a visit that pairs nothing, two bodies in one sentence
    "{}.txt": "高州市召开乡村振兴工作会议。{a}与{v}签订结对帮扶协议。{b}负责人到{w}调研。",
}
_ORGS = ["高州市福瑞农业有限公司", "高州市康达食品有限公司", "高州市金穗米业有限公司", "高州市绿源果蔬有限公司",
         "高州市恒达物流有限公司", "高州市宏图建材有限公司", "高州市新禾种业有限公司", "高州市益农电商有限公司"]
_VILLAGES = ["谢鸡镇民胜村", "分界镇储良村", "根子镇柏桥村", "曹江镇上垌村"]


def _made_up_corpus(root: Path, template: str = _REPORTS["{}.txt"]) -> Path:
    gold = {}
    for i in range(8):
        a, b = _ORGS[i], _ORGS[(i + 3) % 8]
        v, w = _VILLAGES[i % 4], _VILLAGES[(i + 1) % 4]
        name = f"r{i}.txt"
        (root / name).write_text(template.format(a=a, b=b, v=v, w=w) + "\n", encoding="utf-8")
        gold[name] = {"places": {}, "orgs": [a, b], "people": [], "programs": [],
                      "relations": [[a, v.split("镇")[1]]], "claims": []}
    (root / "gold.json").write_text(json.dumps(gold, ensure_ascii=False), encoding="utf-8")
    return root


def test_training_learns_the_corpus_pairings(tmp_path: Path) -> None:
    from tongxin.extract.train import examples, fit, main

    corpus = _made_up_corpus(tmp_path)
    exs = examples(corpus)
    assert len(exs) == 8
    assert all(sum(e.labels) == 1 and len(e.labels) >= 2 for e in exs)  # the signed pair, not the visit
    model = fit([e for e in exs if not e.held], c=1.0)
    for e in exs:
        by_label = {y: model.probability(f) for f, y in zip(e.feats, e.labels, strict=True)}
        assert by_label[1] > 0.5 > by_label[0]
    out = tmp_path / "model.json"
    assert main(["--corpus", str(corpus), "-o", str(out)]) == 0
    loaded = PairModel.from_json(out.read_text(encoding="utf-8"))
    assert loaded.info["trained_on"] and all(not held_out(f.rsplit("/", 1)[-1]) for f in loaded.info["trained_on"])


def test_training_refuses_a_folder_without_gold_or_a_report_its_gold_names(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from tongxin.extract.train import main

    assert main(["--corpus", str(tmp_path)]) == 2
    assert "no gold.json" in capsys.readouterr().err
    corpus = _made_up_corpus(tmp_path)
    (corpus / "r3.txt").unlink()
    out = tmp_path / "model.json"
    assert main(["--corpus", str(corpus), "-o", str(out)]) == 2
    assert "report r3.txt not found" in capsys.readouterr().err and not out.exists()
    # settings no model can have: refused by name before anything is read or written
    for bad in (["--C", "0"], ["--threshold", "1.5"], ["--threshold", "x"]):
        with pytest.raises(SystemExit) as exc:
            main(["--corpus", str(corpus), "-o", str(out), *bad])
        assert exc.value.code == 2 and bad[0] in capsys.readouterr().err and not out.exists()
    # a corpus restored in part: --allow-missing trains on the reports that are there and names the others
    assert main(["--corpus", str(corpus), "-o", str(out), "--allow-missing"]) == 0
    assert "r3.txt" in capsys.readouterr().err
    trained = PairModel.from_json(out.read_text(encoding="utf-8")).info["trained_on"]
    assert trained and not any(f.endswith("/r3.txt") for f in trained)


def test_places_listed_with_a_paired_place_share_its_party() -> None:
    # the model below pairs only the place nearest the body; the list carries the other
    text = EXTRACT_HEAD + "谢鸡镇民胜村、分界镇储良村迎来了高州市福瑞农业有限公司这位结对伙伴。\n"
    nearest = PairModel({"target_nearest": 4.0}, -2.0, threshold=0.5, info={})
    d, _ = extract_with_context(text, file_name="t.txt", pair_model=nearest)
    got = {(a, b): review for a, b, _, review, _ in _pairs(d)}
    assert set(got) == {("高州市福瑞农业有限公司", "储良村"), ("高州市福瑞农业有限公司", "民胜村")}
    notes = {r.review_note for r in d.relations if r.type == "PAIRED_WITH"}
    assert any(n and n.startswith("learned pairing: listed with") for n in notes)


def test_bodies_listed_with_a_paired_body_before_etc_share_its_place() -> None:
    # the model below pairs only the party nearest the village; a list closed by 等 carries the others
    nearest = PairModel({"closer_party": -6.0}, 2.0, threshold=0.5, info={})
    text = EXTRACT_HEAD + "高州市委统战部引导高州市福瑞农业有限公司、高州市果丰贸易有限公司等企业支持分界镇储良村发展。\n"
    d, _ = extract_with_context(text, file_name="t.txt", pair_model=nearest)
    got = {(a, b): note for a, b, _, _, note in _pairs(d) if b == "储良村"}
    assert set(got) == {("高州市福瑞农业有限公司", "储良村"), ("高州市果丰贸易有限公司", "储良村")}
    notes = {r.review_note for r in d.relations if r.type == "PAIRED_WITH"}
    assert any(n and n.startswith("learned pairing: listed with a party") for n in notes)
    # without 等 the list is no group sharing the verb: the nearest alone
    text = EXTRACT_HEAD + "高州市福瑞农业有限公司联合高州市果丰贸易有限公司、高州市德华学校到分界镇储良村慰问。\n"
    d, _ = extract_with_context(text, file_name="t.txt", pair_model=nearest)
    assert {(a, b) for a, b, *_ in _pairs(d) if b == "储良村"} == {("高州市德华学校", "储良村")}


def test_the_model_adds_no_pairing_for_the_channel_of_a_gift_or_a_pair_a_gift_joins() -> None:
    eager = PairModel({}, 9.0, threshold=0.5, info={})  # every candidate is a pairing
    for s in ("高州市荔香农业有限公司通过高州市慈善会向储良村捐赠10万元。", "高州市荔香农业有限公司捐赠10万元用于储良村修路。"):
        learned, _ = extract_with_context(EXTRACT_HEAD + s + "\n", file_name="t.txt", pair_model=eager)
        assert not [p for p in _pairs(learned) if "储良村" in p[:2]], s  # the village has its gift already


def test_a_party_central_committee_is_never_paired_with_its_own_committee() -> None:
    eager = PairModel({}, 9.0, threshold=0.5, info={})  # every candidate is a pairing
    s = "民建中央和民建广东省委、民盟茂名市委的专家在储良村召开座谈会。"
    got = {p[:2] for p in _pairs(extract_with_context(EXTRACT_HEAD + s + "\n", file_name="t.txt", pair_model=eager)[0])}
    assert ("民建中央", "储良村") in got and ("民建广东省委", "储良村") in got, got
    assert not {("民建中央", "民建广东省委"), ("民建广东省委", "民建中央")} & got, got
    assert {("民建中央", "民盟茂名市委"), ("民盟茂名市委", "民建中央")} & got, got  # another party's: a candidate


def test_a_place_written_twice_in_a_sentence_takes_the_party_nearest_each_mention() -> None:
    """民进A在储良村开展咨询，九三学社B在民胜村…、C在储良村开展义诊: each clause's party with its own mention of
    the place (one party per mention, not one per place and sentence), features read at the nearest mentions."""
    model = PairModel({"same_clause": 4.0}, -2.0, threshold=0.5, info={})  # a pair within one clause
    s = "民进高州市委在储良村开展家庭教育咨询，九三学社高州市委在民胜村开展培训，致公党高州市委在储良村开展义诊。"
    got = {p[:2] for p in _pairs(extract_with_context(EXTRACT_HEAD + s + "\n", file_name="t.txt", pair_model=model)[0])}
    assert got == {("民进高州市委", "储良村"), ("致公党高州市委", "储良村"), ("九三学社高州市委", "民胜村")}, got


def test_a_township_body_is_never_paired_with_a_village_of_its_own() -> None:
    """分界镇党委 and 储良村 (a village of 分界镇): the village is under it; 民胜村 of 谢鸡镇 is still a candidate."""
    eager = PairModel({}, 9.0, threshold=0.5, info={})
    s = "分界镇党委和谢鸡镇民胜村、分界镇储良村的干部召开座谈会。"
    got = {p[:2] for p in _pairs(extract_with_context(EXTRACT_HEAD + s + "\n", file_name="t.txt", pair_model=eager)[0])}
    assert ("分界镇党委", "民胜村") in got and ("分界镇党委", "储良村") not in got, got


def test_a_party_committee_is_never_paired_with_a_body_named_under_it() -> None:
    """民盟广东省委 and 民盟广东省科技第一支部: a committee and its own branch, the party's hierarchy; two
    committees of the party elsewhere (民盟茂名市委) are still candidates."""
    eager = PairModel({}, 9.0, threshold=0.5, info={})
    s = "民盟广东省科技第一支部与民盟广东省委、民盟茂名市委的专家在储良村召开座谈会。"
    got = {p[:2] for p in _pairs(extract_with_context(EXTRACT_HEAD + s + "\n", file_name="t.txt", pair_model=eager)[0])}
    assert ("民盟广东省科技第一支部", "储良村") in got, got
    assert not {("民盟广东省科技第一支部", "民盟广东省委"), ("民盟广东省委", "民盟广东省科技第一支部")} & got, got
    assert {("民盟广东省科技第一支部", "民盟茂名市委"), ("民盟茂名市委", "民盟广东省科技第一支部")} & got, got



def test_a_place_the_division_list_lacks_is_a_candidate_by_its_level_word() -> None:
    # 石鼓岭村 is no village of 分界镇 in the list: a village by its 村, left uncoded for review
    eager = PairModel({}, 9.0, threshold=0.5, info={})
    s = "高州市福瑞农业有限公司在分界镇石鼓岭村建设荔枝种植基地，带动村民增收。"
    draft, _ = extract_with_context(EXTRACT_HEAD + s + "\n", file_name="t.txt", pair_model=eager)
    assert ("高州市福瑞农业有限公司", "石鼓岭村") in {p[:2] for p in _pairs(draft)}
    village = next(e for e in draft.entities if e.name == "石鼓岭村")
    assert village.code is None and village.review
    # and the shipped model pairs it, as it would a listed village
    shipped, _ = extract_with_context(EXTRACT_HEAD + s + "\n", file_name="t.txt")
    assert [p[:2] for p in _pairs(shipped)] == [("高州市福瑞农业有限公司", "石鼓岭村")]


def test_cross_validation_leaves_each_corpus_out_and_scores_its_development_part(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from tongxin.extract.train import cross_validate, examples, main

    # a tie no verb frame states (是…的好伙伴): only a model trained on the other corpus can find it
    unframed = "高州市召开乡村振兴工作会议。{a}是{v}的好伙伴。{b}负责人到{w}调研。"
    one, two = tmp_path / "one", tmp_path / "two"
    one.mkdir()
    two.mkdir()
    exs = examples(_made_up_corpus(one, unframed)) + examples(_made_up_corpus(two, unframed))
    rows = dict(cross_validate(exs, [1.0], [0.5, 0.999]))
    n_gold = sum(len(e.gold.pairings) for e in exs if not e.held)
    assert set(rows) == {"frames alone", "C=1, p>=0.5", "C=1, p>=0.999"}
    assert all(s.tp + s.fn == n_gold for s in rows.values())  # every left-out development pairing, once
    assert rows["frames alone"].tp == 0 and rows["C=1, p>=0.5"].tp == n_gold > 0
    assert rows["C=1, p>=0.999"].tp < n_gold
    out = tmp_path / "model.json"
    assert main(["--corpus", str(one), "--corpus", str(two), "--cv", "--C", "1", "-o", str(out)]) == 0
    assert "leave-one-corpus-out over" in capsys.readouterr().out and not out.exists()
    with pytest.raises(SystemExit, match="at least two --corpus"):
        main(["--corpus", str(one), "--cv"])
    assert main(["--corpus", str(one), "--C", "1", "--C", "2"]) == 2


def test_a_place_takes_one_learned_party_in_a_sentence_unless_its_parties_are_listed() -> None:
    # both parties pass the threshold; the one nearest the village is the more probable
    nearest = PairModel({"closer_party": -1.0}, 2.0, threshold=0.5, info={})
    apart = "高州市委统战部陪同高州市福瑞农业有限公司负责人到分界镇储良村考察。"
    got = {p[:2] for p in _pairs(extract_with_context(EXTRACT_HEAD + apart + "\n", file_name="t.txt",
                                                      pair_model=nearest)[0])}
    assert ("高州市福瑞农业有限公司", "储良村") in got
    assert ("高州市委统战部", "储良村") not in got  # the department only came along
    eager = PairModel({}, 9.0, threshold=0.5, info={})  # every candidate is a pairing
    listed = "高州市福瑞农业有限公司和高州市果丰贸易有限公司负责人到分界镇储良村考察。"
    got = {p[:2] for p in _pairs(extract_with_context(EXTRACT_HEAD + listed + "\n", file_name="t.txt",
                                                      pair_model=eager)[0])}
    assert {("高州市福瑞农业有限公司", "储良村"), ("高州市果丰贸易有限公司", "储良村")} <= got


def test_a_learned_pairing_names_the_inner_place_not_the_area_holding_it() -> None:
    eager = PairModel({}, 9.0, threshold=0.5, info={})  # every candidate is a pairing
    s = "高州市福瑞农业有限公司负责人到分界镇考察，在储良村召开座谈会。"
    got = {p[:2] for p in _pairs(extract_with_context(EXTRACT_HEAD + s + "\n", file_name="t.txt", pair_model=eager)[0])}
    assert got == {("高州市福瑞农业有限公司", "储良村")}


def test_the_model_adds_no_second_party_for_a_place_a_frame_paired_in_the_sentence() -> None:
    eager = PairModel({}, 9.0, threshold=0.5, info={})  # every candidate is a pairing
    s = "民进高州市委对口帮扶分界镇储良村，高州市福瑞农业有限公司负责人参加了座谈。"
    got = {p[:2] for p in _pairs(extract_with_context(EXTRACT_HEAD + s + "\n", file_name="t.txt", pair_model=eager)[0])}
    assert ("民进高州市委", "储良村") in got
    assert ("高州市福瑞农业有限公司", "储良村") not in got


@pytest.mark.parametrize("sentence, unpaired", [
    # a place before a count in words qualifies the count (as 中方县2家 does)
    ("民盟茂名市委携手分界镇两家民营企业开展助学活动。", ("民盟茂名市委", "分界镇")),
    # a body before a post names who someone is: the party met a person, not the body
    ("民盟高州市委一行与分界镇党委书记进行了座谈交流。", ("民盟高州市委", "分界镇党委")),
    ("民盟高州市委主委和分界镇政府负责人出席活动。", ("民盟高州市委", "分界镇")),
    # a firm naming a person's post, then the village post the person takes (名誉村长): the firm is no party
    ("李明，高州市福瑞农业有限公司董事长，任分界镇储良村“名誉村长”。", ("高州市福瑞农业有限公司", "储良村")),
    # a body named as the one that guides (在X的指导下): it is not who pairs
    ("在民盟高州市委的指导下，分界镇储良村举行了公益活动。", ("民盟高州市委", "储良村")),
])
def test_no_learned_pairing_with_a_place_that_qualifies_a_count_or_a_post_or_a_guiding_body(
        sentence: str, unpaired: tuple[str, str]) -> None:
    eager = PairModel({}, 9.0, threshold=0.5, info={})  # every candidate is a pairing
    draft = extract_with_context(EXTRACT_HEAD + sentence + "\n", file_name="t.txt", pair_model=eager)[0]
    assert unpaired[1] in {e.name for e in draft.entities}
    assert unpaired not in {p[:2] for p in _pairs(draft)}


def test_a_villagers_group_after_a_village_is_no_candidate_village_named_later() -> None:
    # 观阳村 is named later in the report; 储良村观阳村民组 is a villagers' group of 储良村, not 观阳村 again
    first = "根据市工商联的安排，高州市荔香农业有限公司帮扶的贫困村是分界镇储良村观阳村民组。"
    text = EXTRACT_HEAD + first + "8月23日上午，公司负责人专程来到观阳村调研。据介绍，观阳村位于高州市西南部。\n"
    _, ex = extract_with_context(text, file_name="t.txt", pair_model=None)
    assert "观阳村" in {e.name for e in ex.entities}
    pairs = {(c.party.entity.name, c.target.entity.name) for c in candidates(Frames(_Rel(ex)))
             if "观阳村民组" in ex.doc.text[c.sentence[0]:c.sentence[1]]}
    assert ("高州市荔香农业有限公司", "储良村") in pairs
    assert not any("观阳村" in pair for pair in pairs)
