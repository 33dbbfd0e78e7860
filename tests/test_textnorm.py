"""tongxin.textnorm: small, pure normalisation helpers."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tongxin import textnorm
from tongxin.textnorm import (
    fold_whitespace,
    legacy_encoding,
    normalize,
    simplified_name,
    strip_pinyin_glosses,
    to_simplified,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("漣源市楊市鎮東園村", "涟源市杨市镇东园村"),
        ("東園村民委員會", "东园村民委员会"),
        ("統戰部", "统战部"),
        ("涟源市杨市镇东园村", "涟源市杨市镇东园村"),  # already simplified: unchanged
        ("ABC 123", "ABC 123"),
        ("", ""),
        ("陜西省帮帮乐扶贫协会", "陕西省帮帮乐扶贫协会"),  # a variant OpenCC leaves
        ("崇儒畬族鄉", "崇儒畲族乡"),  # the She people's name as Taiwan writes it
        ("新畬", "新畬"),  # 畬 (yú, a newly tilled field) is its own word elsewhere
    ],
)
def test_to_simplified(text: str, expected: str) -> None:
    assert to_simplified(text) == expected


def test_converter_is_cached() -> None:
    assert textnorm._converter() is textnorm._converter()


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("統(tǒng)戰(zhàn)", "統戰"),
        ("統(tǒng)戰(zhàn)部長", "統戰部長"),
        ("統（tǒng）戰（zhàn）", "統戰"),  # full-width parentheses
        ("统战(tǒngzhàn)工作", "统战工作"),  # one gloss for a word
        ("亳(bó)州", "亳州"),
        ("的(de)工作", "的工作"),  # toneless but valid pinyin
        ("中(zhong1)国", "中国"),  # tone numbers
        ("绿(lǜ)色", "绿色"),
    ],
)
def test_strip_pinyin_glosses(text: str, expected: str) -> None:
    assert strip_pinyin_glosses(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "统战部(UFWD)",  # acronym, not pinyin
        "2023年(第二批)",  # CJK inside
        "年度(2023)",  # digits only
        "报告 (tǒng)",  # not glued to a CJK character
        "abc(tǒng)",  # after latin
        "无括号",
    ],
)
def test_strip_pinyin_glosses_keeps_other_parentheses(text: str) -> None:
    assert strip_pinyin_glosses(text) == text


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("  涟源市   杨市镇 ", "涟源市 杨市镇"),
        ("涟源市\u3000杨市镇", "涟源市 杨市镇"),  # ideographic space
        ("a\u00a0\tb\n\nc", "a b c"),
        ("东园\u200b村", "东园村"),  # zero-width space removed
        ("东园 \ufeff 村", "东园 村"),
        ("", ""),
    ],
)
def test_fold_whitespace(text: str, expected: str) -> None:
    assert fold_whitespace(text) == expected


def test_normalize_combines_the_steps() -> None:
    assert normalize(" 統(tǒng)戰(zhàn)部　漣源市 ") == "统战部 涟源市"
    assert normalize("ＡＢＣ１２３") == "ABC123"  # NFKC folds full-width latin and digits


def test_pinyin_keys_hold_full_readings_initials_other_readings_and_tails() -> None:
    from tongxin.textnorm import pinyin_keys

    lei = pinyin_keys("雷少业")
    assert (lei.pinyin, lei.keys, lei.tails) == ("leishaoye", ["leishaoye", "lsy"], ["shaoye"])
    loudi = pinyin_keys("娄底市", ("婁底地區",))
    assert loudi.pinyin == "loudishi" and {"loudishi", "lds", "loudidiqu", "lddq"} <= set(loudi.keys)
    assert "shanxian" in pinyin_keys("单县").keys  # the place-name reading of 单, beside the common dan
    assert pinyin_keys("六安市").pinyin == "luanshi"  # pypinyin's phrase: 六安 is lu an
    laojiao = pinyin_keys("泸州老窖集团")
    assert "laojiaojituan" in laojiao.tails and "lzljjt" in laojiao.keys
    assert pinyin_keys("G318国道").pinyin == "g318guodao"
    assert pinyin_keys("（）").keys == []


@pytest.mark.parametrize(("text", "expected"), [("loudi", "loudi"), ("Lou Di", "loudi"), ("xi'an", "xian"),
                                                ("g318", "g318"), ("娄底", None), ("4313", None), ("", None)])
def test_pinyin_query(text: str, expected: str | None) -> None:
    from tongxin.textnorm import pinyin_query

    assert pinyin_query(text) == expected


@pytest.mark.parametrize("text", [
    "重庆市长寿区", "中国银行单县支行", "六安市", "番禺区工商联(总商会)", "民盟A支部2号", "银行行长长沙", "",
    "ABC有限公司", "乐山市乐都区音乐", "曾经的曾家村", "台湾中华少数民族艺术文创促进会", "·", "一二三",
])
def test_common_pinyin_is_lazy_pinyin(text: str) -> None:
    from pypinyin import lazy_pinyin

    assert textnorm.common_pinyin(text) == lazy_pinyin(text)


@given(st.text(alphabet=st.sampled_from(list("重庆长沙银行单县乐都曾家音乐行长中国人民大会堂AZ09 -·(")), max_size=12))
@settings(max_examples=300, deadline=None)
def test_common_pinyin_is_lazy_pinyin_for_any_mix(text: str) -> None:
    """Word by word through the cache, the same list pypinyin gives for the whole text."""
    from pypinyin import lazy_pinyin

    assert textnorm.common_pinyin(text) == lazy_pinyin(text)


@pytest.mark.parametrize(("name", "expected"), [
    ("萬企興萬村", "万企兴万村"),
    ("十堰上津茶業有限公司", "十堰上津茶业有限公司"),
    ("乾县测试公司", "乾县测试公司"),  # OpenCC's t2s gives 干县: a simplified name stays as written
    ("乾兴寺村", "乾兴寺村"),
    ("民建合肥市委会", "民建合肥市委会"),
    ("𠮷野家 😀 Ünïcödé", "𠮷野家 😀 Ünïcödé"),
])
def test_simplified_name_simplifies_only_traditional_characters(name: str, expected: str) -> None:
    assert simplified_name(name) == expected


def test_the_legacy_encoding_of_chinese_bytes_is_read_from_the_text() -> None:
    simple = "高州市总商会帮扶分界镇储良村，海南省高州商会帮扶谢鸡镇民胜村。"
    trad = "高州市總商會幫扶分界鎮儲良村，海南省高州商會幫扶謝雞鎮民勝村。"
    assert legacy_encoding(simple.encode("gbk")) == "gb18030"
    assert legacy_encoding(trad.encode("gb18030")) == "gb18030"
    assert legacy_encoding(trad.encode("big5")) == "big5"
    assert trad.encode("big5").decode("gb18030") != trad  # why it cannot be left to whether it decodes
