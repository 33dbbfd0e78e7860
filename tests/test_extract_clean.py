"""Cleaning: pinyin glosses, the offset map back into the original, page furniture, '?' for a lost
middle dot, metadata — on small texts and on the seed reports."""

from __future__ import annotations

from pathlib import Path

import pytest

from tongxin.extract.clean import clean_report
from tongxin.textnorm import find_glosses, to_simplified
from tongxin.textnorm import strip_pinyin_glosses as strip_glosses

# the seed reports as shipped with the project (identical copies of ../shared/seeds/)
SEEDS = Path(__file__).resolve().parent.parent / "tongxin" / "data" / "reports"


def _seed(name: str) -> str:
    path = SEEDS / name
    if not path.is_file():
        pytest.fail(f"seed report {name} not found under {SEEDS}")
    return path.read_text(encoding="utf-8")


# ------------------------------------------------------------------------------------------ glosses


def test_glosses_are_stripped_and_other_parentheses_kept() -> None:
    assert strip_glosses("統(tǒng)戰(zhàn)部") == "統戰部"
    assert strip_glosses("鄉(xiāng)村振興（zhèn）") == "鄉村振興"
    assert strip_glosses("的(de)事") == "的事"  # toneless pinyin syllables
    assert strip_glosses("统战部(UFWD)") == "统战部(UFWD)"
    assert strip_glosses("成立(2023)") == "成立(2023)"
    assert strip_glosses("县(市、区)") == "县(市、区)"
    assert find_glosses("統(tǒng)戰(zhàn)") == [(1, 7), (8, 14)]


def test_opencc_converts_traditional_to_simplified() -> None:
    assert to_simplified("萬企興萬村 黨派 鄉村") == "万企兴万村 党派 乡村"
    assert to_simplified("ascii only") == "ascii only"


def test_a_simplified_report_keeps_the_simplified_characters_opencc_would_read_as_traditional() -> None:
    # OpenCC's t2s reads 乾 in 中乾立源 as the traditional 干 (dry); in a report written in simplified
    # characters a character of GB2312 stays as written, while a traditional report is folded as before
    simple = "民建爱心企业家会员——中乾立源工程咨询有限公司董事长巫世峰主动出资，助力商会企业销售产品。\n"
    assert "中乾立源工程咨询有限公司" in clean_report(simple).text
    trad = "民建愛心企業家會員——中乾立源工程諮詢有限公司董事長巫世峰主動出資，助力商會企業銷售產品。\n"
    folded = clean_report(trad).text
    assert "企业家会员——中干立源工程咨询" in folded, folded  # (OpenCC's reading, as before)


def test_offset_map_points_into_the_original() -> None:
    original = "市委統(tǒng)戰(zhàn)部長雷紹業介紹"
    clean = clean_report(original)
    assert clean.text == "市委统战部长雷绍业介绍"
    start = clean.text.index("统战部")
    s, e = clean.to_original(start, start + 3)
    assert original[s:e] == "統(tǒng)戰(zhàn)部"
    assert clean.quote(start, start + 3) == "統戰部"  # the quote keeps the report's characters, not glosses
    # every clean character comes from the original character it maps to
    for i, ch in enumerate(clean.text):
        assert to_simplified(original[clean.offsets[i]]) == ch, (i, ch, original[clean.offsets[i]])


def test_offset_map_on_the_traditional_seed() -> None:
    original = _seed("001_c62b255271628773.txt")
    clean = clean_report(original)
    assert "(tǒng)" not in clean.text and "统战" in clean.text
    assert len(clean.text) == len(clean.offsets)
    for i, ch in enumerate(clean.text):
        if ch in "\n·":
            continue
        src = original[clean.offsets[i]]
        assert ch == src or to_simplified(src) == ch or ch.isascii(), (i, ch, src)
    i = clean.text.index("六安市")
    s, e = clean.to_original(i, i + 3)
    assert original[s:e] == "六安市"
    i = clean.text.index("党派+社区")
    s, e = clean.to_original(i, i + 5)
    assert original[s:e] == "黨派+社區"  # a gloss after the span is not part of it


# ------------------------------------------------------------------------------------------ furniture


REPORT = """当前位置:首页 > 统战新闻
同心协力 助推乡村振兴——某县统战工作纪实
来源:某某统战网 作者:张三 编辑:李四 2023-05-06 10:00
—分享—
分享到:
大字体
小字体
图为同心讲堂现场。王五 摄
县委统战部组织开展活动。

社区与律师事务所合作,建立了‘同心?法律咨询室’。你们是什么?我们
记者采访时说,成果很多。(通讯员  赵六)
编辑:李四
版权所有 某某统战网 蜀ICP备12345678号
Copyright © 2023 All Rights Reserved
"""


def test_furniture_is_dropped_and_metadata_read() -> None:
    clean = clean_report(REPORT)
    for gone in ("当前位置", "分享", "大字体", "小字体", "图为", "摄", "版权", "ICP", "Copyright", "编辑", "来源",
                 "赵六"):
        assert gone not in clean.text, gone
    assert "县委统战部组织开展活动" in clean.text
    assert "记者采访时说" in clean.text  # a sentence that mentions a reporter is not a byline
    meta = clean.metadata
    assert meta.title == "同心协力 助推乡村振兴——某县统战工作纪实"
    assert meta.publisher == "某某统战网"
    assert meta.date == "2023-05-06"
    assert meta.author == "张三、赵六"
    assert meta.editor == "李四"
    reasons = {r for _, _, r in clean.dropped}
    assert {"furniture", "metadata"} <= reasons


def test_question_mark_for_a_lost_middle_dot_is_repaired() -> None:
    clean = clean_report(REPORT)
    assert "‘同心·法律咨询室’" in clean.text
    assert "你们是什么?我们" in clean.text  # a real question keeps its mark
    i = clean.text.index("同心·法律")
    s, e = clean.to_original(i, i + 5)
    assert clean.original[s:e] == "同心?法律"


def test_a_comma_a_mirror_doubled_before_another_mark_is_dropped() -> None:
    # 社區(qū),、富麗社區: a mirror site's comma before the list's 、 (and ,, for ,): one list, one comma
    clean = clean_report("農工黨市委會向三里營社區(qū),、富麗社區捐贈愛心餐,,為一線人員送去溫暖。\n")
    assert "三里营社区、富丽社区捐赠爱心餐,为一线" in clean.text
    i = clean.text.index("三里营社区、")
    s, e = clean.to_original(i, i + 10)
    assert clean.original[s:e] == "三里營社區(qū),、富麗社區"  # the quote keeps what the file wrote
    assert clean_report("甲、乙,丙。\n").text.startswith("甲、乙,丙。")  # a single comma stays


@pytest.mark.parametrize(
    ("name", "title", "publisher", "date", "author"),
    [
        ("000_bf7e8332bb8f5b42.txt", "娄底:“四大融合”对接 “四同创建”示范点建设", "三湘统战网", "2021-05-26", "李静"),
        ("001_c62b255271628773.txt", "奋力谱写江淮大地统战工作新篇章", "中国新闻报", "2022-07-27", None),
        ("002_5e7db2f0417c1812.txt", "同心奋进新征程 聚力建功示范区", None, None, "代琳源、屈松、余秀意"),
        ("003_07166101f739d646.txt", "同心克时艰 聚力助发展——2020年泸州市统一战线工作综述(2)", "川南网", "2021-03-16",
         "泸州市委统战部"),
        ("004_9d336da81d19600a.txt", "助推经济发展 沿滩统战工作提质增效", "四川在线", "2020-11-25", "秦勇"),
    ],
)
def test_seed_metadata(name: str, title: str, publisher: str | None, date: str | None, author: str | None) -> None:
    meta = clean_report(_seed(name)).metadata
    assert (meta.title, meta.publisher, meta.date, meta.author) == (title, publisher, date, author), meta


def test_seed_furniture_is_gone() -> None:
    clean = clean_report(_seed("003_07166101f739d646.txt"))
    for gone in ("ICP", "All Rights Reserved", "微信扫一扫", "编辑:百说", "图为特等奖获奖者"):
        assert gone not in clean.text, gone
    assert "纳溪区举办第二批乡村振兴特聘村主任聘任仪式" in clean.text  # the sentence before the caption stays
    clean = clean_report(_seed("001_c62b255271628773.txt"))
    for gone in ("分享到", "大字体", "黄山迎客松", "编辑:唐炜妮", "Copyright", "发表评论"):
        assert gone not in clean.text, gone


def test_full_width_forms_fold_one_for_one_and_the_rest_stay() -> None:
    """Full-width letters and digits become ASCII, traditional characters simplified; a character whose
    compatibility form is several characters (㈠ → (一)) stays itself, so offsets map back one for one."""
    original = "Ａ１號村㈠民盟①組\n"
    clean = clean_report(original)
    assert clean.text.rstrip("\n") == "A1号村㈠民盟1组"
    assert [original[clean.offsets[i]] for i in range(4)] == ["Ａ", "１", "號", "村"]


# ------------------------------------------------------------------------------------------ words


def _jieba_words(text: str) -> list[tuple[str, int, int]]:
    """jieba's own tokens (its Python), with the field's words the extractor adds."""
    import logging

    import jieba

    jieba.setLogLevel(logging.WARNING)
    jieba.add_word("支社", 2000, "n")
    return list(jieba.tokenize(text))


@pytest.mark.parametrize("text", [
    "共筹集了6.6万元，覆盖率45.2%，其中20%用于",  # a number's decimals and percent sign: one word, as jieba's
    "阳光1+1牵手计划与AT&T、B超和3D打印，U.S.A.的A-1级", "2037.7万元 和 48.71 亩\n第二行 4.13",
    "九三学社四支社胡军华主委提出", "AT&T公司的B超",
])
def test_words_are_jiebas(text: str) -> None:
    from tongxin.extract.text import tokenize

    assert tokenize(text) == _jieba_words(text)


def test_the_seed_reports_words_are_jiebas() -> None:
    """The segmenter (jieba's algorithm in C++) cuts the cleaned seed reports exactly as jieba does."""
    from tongxin.extract.text import tokenize

    reports = sorted(SEEDS.glob("*.txt"))
    assert len(reports) == 5
    for path in reports:
        text = clean_report(path.read_text(encoding="utf-8")).text
        assert tokenize(text) == _jieba_words(text), path.name
