"""The sample ledger (示例数据) the demo loads so that coverage shows real proportions: generated enterprises
paired with villages of a few counties. Every enterprise name starts with 示例, every row's 备注 says the data
are generated, and the credit codes are made up (with valid check characters: GB 32100-2015's, checked with
python-stdnum, and GB 11714's inside them) — none of it is real, and nothing presents it as real.

The file ships as tongxin/data/sample/示例数据-万企兴万村台账.csv; `python -m tongxin.loaders.sample` writes
it again from the bundled division tree (deterministic: the same file every time; a test checks so)."""

from __future__ import annotations

import csv
import random
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from tongxin.places.gazetteer import Gazetteer

if TYPE_CHECKING:
    from tongxin.graph.stores.base import GraphStore
    from tongxin.loaders.common import LoadResult
    from tongxin.places.resolver import Resolver

SAMPLE_LEDGER = Path(__file__).resolve().parent.parent / "data" / "sample" / "示例数据-万企兴万村台账.csv"
# 郧西县 (十堰市), 娄星区 and 涟源市 (娄底市), 叙永县 (泸州市): the counties of the seed reports
SAMPLE_COUNTIES = ("420322", "431302", "431382", "510524")
NOTE = "示例数据：生成的企业与结对，非真实信息"
HEADER = ["企业名称", "统一社会信用代码", "结对村", "区划代码", "所属县区", "所属乡镇", "行动", "结对时间", "投资额(万元)", "备注"]
SEED = 24

_TRADE_NAMES = "华兴 金源 鑫达 宏远 恒通 福瑞 嘉禾 博宇 盛泰 绿野 锦程 天成 瑞丰 汇通 永安 丰禾 润泽 新昌 安康 长青".split()
_TRADES = "茶业 农业科技 建材 食品 物流 电子 纺织 生物科技 旅游开发 建设工程 医药 电商 畜牧 林业 水产".split()
_ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)
_ORG_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"


def organisation_code(rng: random.Random) -> str:
    """A made-up 9-character organisation code (GB 11714: 8 digits and its check character)."""
    body = "".join(rng.choice("0123456789") for _ in range(8))
    check = 11 - sum(int(c) * w for c, w in zip(body, _ORG_WEIGHTS, strict=True)) % 11
    return body + ("X" if check == 10 else "0" if check == 11 else str(check))


def credit_code(county: str, rng: random.Random) -> str:
    """A made-up unified social credit code of an enterprise (9 1 …) registered in a county."""
    from stdnum.cn import uscc

    first17 = "91" + county + organisation_code(rng)
    code = first17 + uscc.calc_check_digit(first17)
    return str(uscc.validate(code))


def sample_rows(gazetteer: Gazetteer, counties: tuple[str, ...] = SAMPLE_COUNTIES, seed: int = SEED,
                ) -> list[list[str]]:
    """The ledger's rows (header first): in each township, a share of its villages (a rate drawn per
    township, 0–90%) paired with generated enterprises of the county, one to three villages each."""
    rng = random.Random(seed)
    rows = [HEADER]
    for county_code in counties:
        county = gazetteer.get(county_code)
        if county is None:
            raise ValueError(f"no county {county_code} in the gazetteer")
        short = county.name[:2]
        townships = sorted((p for p in gazetteer.children(county_code) if p.level == "township"),
                           key=lambda p: p.code)
        used: set[str] = set()
        for township in townships:
            villages = sorted((p for p in gazetteer.children(township.code) if p.level == "village"),
                              key=lambda p: p.code)
            if not villages:
                continue
            rate = rng.choice((0.0, 0.15, 0.3, 0.45, 0.6, 0.75, 0.9))
            chosen = rng.sample(villages, round(rate * len(villages)))
            chosen.sort(key=lambda p: p.code)
            while chosen:
                n = rng.randint(1, 3)
                take, chosen = chosen[:n], chosen[n:]
                name = ""
                while not name or name in used:
                    name = f"示例{short}{rng.choice(_TRADE_NAMES)}{rng.choice(_TRADES)}有限公司"
                    if name in used:
                        name = f"示例{short}{rng.choice(_TRADE_NAMES)}{rng.choice(_TRADE_NAMES)}{rng.choice(_TRADES)}有限公司"
                used.add(name)
                code = credit_code(county_code, rng)
                since = f"{rng.randint(2018, 2023)}-{rng.randint(1, 12):02d}"
                for village in take:
                    rows.append([name, code, village.name, village.code, county.name, township.name, "万企兴万村",
                                 since, str(rng.randint(5, 500)), NOTE])
    return rows


def write_sample(path: Path = SAMPLE_LEDGER, gazetteer: Gazetteer | None = None) -> Path:
    if gazetteer is None:
        from tongxin.places.dataset import load_gazetteer

        gazetteer = load_gazetteer()
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh, lineterminator="\n").writerows(sample_rows(gazetteer))
    return path


def load_demo(store: GraphStore, resolver: Resolver | None, *, who: str = "cli") -> list[tuple[Path, LoadResult]]:
    """Load what the demo shows (`tongxin demo`): the bundled seed case records, then the sample ledger —
    each a load like any other, with its event in the history under the writer's name `who`."""
    from tongxin.loaders.caserecord import bundled_case_records, load_case_record
    from tongxin.loaders.ledger import load_ledger

    done = [(path, load_case_record(store, path, resolver=resolver, who=who)) for path in bundled_case_records()]
    done.append((SAMPLE_LEDGER, load_ledger(store, SAMPLE_LEDGER, resolver=resolver, who=who)))
    return done


if __name__ == "__main__":  # pragma: no cover - regenerates the shipped file
    print(write_sample(Path(sys.argv[1]) if len(sys.argv) > 1 else SAMPLE_LEDGER))
