"""Bad input to the extractor (empty, binary, GBK, Big5, HTML-wrapped) and the draft as written: a clear
error or a cleaned draft, never a crash; the default draft is a case record with review notes as
YAML comments."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tongxin.extract import extract_report, write_yaml
from tongxin.extract.clean import UnreadableReport, decode_report
from tongxin.extract.draft import held_places
from tongxin.loaders.caserecord import CaseRecord

TEXT = "高州市总商会帮扶分界镇储良村\n高州市召开乡村振兴工作会议。高州市总商会帮扶分界镇储良村，海南省高州商会帮扶谢鸡镇民胜村。\n"


def test_empty_file_is_a_clear_error(tmp_path: Path) -> None:
    for content in (b"", b"  \n\n \t"):
        p = tmp_path / "empty.txt"
        p.write_bytes(content)
        with pytest.raises(UnreadableReport, match="empty"):
            extract_report(p)
    with pytest.raises(UnreadableReport, match="empty"):
        extract_report("   \n  ")


def test_binary_file_is_a_clear_error(tmp_path: Path) -> None:
    p = tmp_path / "image.txt"
    p.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4)
    with pytest.raises(UnreadableReport, match="binary"):
        extract_report(p)
    with pytest.raises(UnreadableReport, match="binary"):
        decode_report(bytes(range(1, 32)) * 40, "x")


def test_text_without_chinese_is_a_clear_error() -> None:
    with pytest.raises(UnreadableReport, match="no Chinese text"):
        decode_report(b"just some ascii words\n", "x")


def test_gbk_file_is_read(tmp_path: Path) -> None:
    p = tmp_path / "gbk.txt"
    p.write_bytes(TEXT.encode("gbk"))
    d = extract_report(p)
    assert any("GB18030" in w for w in d.info["warnings"])
    assert {e.name for e in d.entities} >= {"高州市总商会", "储良村"}
    assert any(r.type == "PAIRED_WITH" for r in d.relations)


def test_big5_file_is_read_as_big5_not_as_gbk(tmp_path: Path) -> None:
    # Big5 bytes decode as GBK too, without an error, into nonsense: the text's coherence decides
    trad = "高州市總商會幫扶分界鎮儲良村\n高州市召開鄉村振興工作會議。高州市總商會幫扶分界鎮儲良村。\n"
    p = tmp_path / "big5.txt"
    p.write_bytes(trad.encode("big5"))
    text, warnings = decode_report(p.read_bytes())
    assert text == trad and any("Big5" in w for w in warnings), warnings
    d = extract_report(p)
    assert {e.name for e in d.entities} >= {"高州市总商会", "储良村"}
    # GBK stays GBK, traditional characters too
    text, warnings = decode_report(trad.encode("gb18030"))
    assert text == trad and any("GB18030" in w for w in warnings), warnings


@pytest.mark.parametrize(("encoding", "text"), [
    ("gbk", TEXT), ("big5", "高州市總商會幫扶分界鎮儲良村\n高州市召開鄉村振興工作會議。高州市總商會幫扶分界鎮儲良村，海南省高州商會幫扶謝雞鎮民勝村。\n"),
    ("utf-16", TEXT)], ids=["gbk", "big5", "utf-16"])
def test_a_draft_of_a_report_not_in_utf8_loads_as_written(tmp_path: Path, encoding: str, text: str) -> None:
    """extract → load: the loader reads the report as the extractor did, so every evidence quote is found
    (it refused a GBK, Big5 or UTF-16 report as not UTF-8)."""
    from tests.conftest import national_resolver
    from tongxin.loaders.caserecord import build_case_record

    report = tmp_path / "r.txt"
    report.write_bytes(text.encode(encoding))
    path = write_yaml(extract_report(report), tmp_path / "r.yaml", review_fields=False)
    _, nodes, edges, _ = build_case_record(path, resolver=national_resolver(), reports_dirs=[tmp_path])
    assert {n.name for n in nodes} >= {"高州市总商会", "储良村"}
    assert any(e.type == "PAIRED_WITH" for e in edges)


def test_a_utf8_file_cut_inside_its_last_character_is_read_without_it(tmp_path: Path) -> None:
    """A page saved at a byte limit ends inside a character: UTF-8 without it, said in a warning (it was refused
    as binary), and the loader reads it alike, so the draft's quotes are found; bytes broken elsewhere are no
    such file."""
    from tests.conftest import national_resolver
    from tongxin.loaders.caserecord import build_case_record

    cut = TEXT.rstrip("\n").encode("utf-8") + "村".encode()[:2]
    text, warnings = decode_report(cut)
    assert text == TEXT.rstrip("\n") and any("ends inside a character" in w for w in warnings), warnings
    report = tmp_path / "r.txt"
    report.write_bytes(cut)
    path = write_yaml(extract_report(report), tmp_path / "r.yaml", review_fields=False)
    _, nodes, edges, _ = build_case_record(path, resolver=national_resolver(), reports_dirs=[tmp_path])
    assert {n.name for n in nodes} >= {"高州市总商会", "储良村"} and any(e.type == "PAIRED_WITH" for e in edges)
    with pytest.raises(UnreadableReport, match="neither UTF-8"):
        decode_report(b"\xed\xa0\x80" + TEXT.encode("utf-8") + b"\xff\xfe\xfd")


def test_text_with_unpaired_surrogates_is_a_clear_error() -> None:
    # a str decoded with errors="surrogateescape" (or JSON's "\ud800") holds no characters there: refused, naming
    # where, rather than failing inside the character conversion
    with pytest.raises(UnreadableReport, match=r"unpaired surrogate, U\+DCE5, at character 4"):
        extract_report("高州市总\udce5商会帮扶分界镇储良村。\n")


def test_utf8_bom_and_utf16_are_read() -> None:
    assert decode_report(b"\xef\xbb\xbf" + TEXT.encode("utf-8"))[0] == TEXT
    text, warnings = decode_report(TEXT.encode("utf-16"))
    assert text == TEXT and warnings == ["read as UTF-16"]


def test_html_wrapped_file_is_cleaned(tmp_path: Path) -> None:
    body = "".join(f"<p>{line}</p>" for line in TEXT.splitlines())
    html = (f"<html><head><title>x</title><script>var a='<p>储良村</p>';</script></head>"
            f"<body><div class=\"c\">{body}&nbsp;<br/></div></body></html>")
    p = tmp_path / "page.html"
    p.write_text(html, encoding="utf-8")
    text, warnings = decode_report(p.read_bytes())
    assert "<" not in text and "var a" not in text and "储良村" in text
    assert any("HTML" in w for w in warnings)
    d = extract_report(p)
    assert any(r.type == "PAIRED_WITH" for r in d.relations)


def test_draft_as_written_is_a_case_record_with_review_comments(tmp_path: Path) -> None:
    d = extract_report(TEXT, file_name="t.txt")
    d.relations[0].review, d.relations[0].review_note = True, "a test note"
    p = write_yaml(d, tmp_path / "d.yaml")
    raw = p.read_text(encoding="utf-8")
    data = yaml.safe_load(raw)
    assert data == d.to_case_record()
    CaseRecord.model_validate(data)  # the case-record format's one model (the loader's own)
    assert "# REVIEW: a test note" in raw
    assert "confidence:" not in raw and "mentions:" not in raw


def test_a_place_the_list_cannot_settle_is_held_back_so_the_draft_loads(tmp_path: Path) -> None:
    """中坊村 names two villages of 南平市 and the text gives no county: the draft cannot code it, so the
    place and the pairing on it are written as `# HELD:` comments and the rest loads as written."""
    text = "南平市召开会议。南平市某某农业有限公司与中坊村结对帮扶，南平市某某农业有限公司还与光泽县鸾凤乡十里铺村签订结对协议。\n"
    d = extract_report(text, file_name="t.txt")
    held = held_places(d)
    assert [e.name for e in d.entities if e.ref in held] == ["中坊村"]
    raw = write_yaml(d, tmp_path / "d.yaml").read_text(encoding="utf-8")
    assert "place(s) the division list cannot settle are held back" in raw and "# HELD:" in raw
    data = yaml.safe_load(raw)
    refs = {e["ref"] for e in data["entities"]}
    assert not held & refs and all(r["from"] in refs and r["to"] in refs for r in data["relations"])
    assert any(e["name"] == "十里铺村" for e in data["entities"])
    CaseRecord.model_validate(data)
    # uncommenting gives back exactly the record the extractor made
    uncommented = "\n".join(line[2:] if line.startswith("# - ") or line.startswith("#   ") else line
                            for line in raw.splitlines())
    assert yaml.safe_load(uncommented) == d.to_case_record()
