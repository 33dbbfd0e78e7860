"""A blank pairing ledger to fill in (`tongxin ledger template -o 台账模板.xlsx`): one sheet 台账 with every
column the loader reads (tongxin.loaders.ledger.COLUMNS, under its first, Chinese header), data validation on
the dates, codes and amounts, and one example row from the sample ledger (示例数据, to be deleted); each
header's comment says what the column means and takes. One sheet only, so that `tongxin load` reads it as it
is (a workbook of several sheets needs --sheet). docs/ledgers.md says the same (a test keeps them in step)."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from tongxin.loaders.ledger import COLUMNS, REQUIRED

# column -> (what it means, what it takes)
COLUMN_DOCS: dict[str, tuple[str, str]] = {
    "enterprise": ("企业名称 the enterprise's name", "text; with the credit code it is one enterprise"),
    "credit_code": ("统一社会信用代码 unified social credit code", "18 characters, check character verified"),
    "village": ("结对村（社区）the paired village or community", "its name; with county and township, or a code"),
    "village_code": ("村区划代码 the village's official division code", "12 digits; settles a name that is ambiguous"),
    "county": ("所属县区 county (市、区) of the village", "name; narrows the village name"),
    "township": ("所属乡镇（街道）township of the village", "name; narrows the village name"),
    "program": ("行动 the program", "text; empty: 万企兴万村"),
    "since": ("结对时间 when the pairing began", "YYYY-MM-DD, YYYY-MM, YYYY, 2021年6月, or a spreadsheet date"),
    "until": ("结束时间 when the pairing ended", "a date as for 结对时间, not before it; empty: still in force"),
    "project": ("项目 what the pairing does", "text"),
    "investment": ("投资额（万元）investment, in 10,000 yuan", "a number ≥ 0"),
    "note": ("备注 a note", "text"),
}

EXAMPLE = {  # the first row of the sample ledger (tongxin.loaders.sample): generated, not real
    "enterprise": "示例郧西恒通畜牧有限公司", "credit_code": "914203224077108217", "village": "下北隅村",
    "village_code": "420322100200", "county": "郧西县", "township": "城关镇", "program": "万企兴万村",
    "since": datetime(2021, 12, 1), "project": "产业帮扶", "investment": 437,
    "note": "示例数据：生成的企业与结对，非真实信息（请删除此行）",
}


def header(col: str) -> str:
    return COLUMNS[col][0]


def write_template(path: Path) -> Path:
    """Write the template workbook to `path` (.xlsx)."""
    from openpyxl import Workbook
    from openpyxl.comments import Comment
    from openpyxl.styles import Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.title = "台账"
    cols = list(COLUMNS)
    ws.append([header(c) for c in cols])
    ws.append([EXAMPLE.get(c) for c in cols])
    bold, required_fill = Font(bold=True), PatternFill("solid", fgColor="FFF2CC")
    last = 2000
    for i, col in enumerate(cols, start=1):
        letter = get_column_letter(i)
        cell = ws.cell(row=1, column=i)
        cell.font = bold
        if col in REQUIRED:
            cell.fill = required_fill
        meaning, takes = COLUMN_DOCS[col]
        cell.comment = Comment(f"{meaning}\n{takes}\n{'必填 required' if col in REQUIRED else '选填 optional'}", "tongxin")
        ws.column_dimensions[letter].width = max(12, 2 * len(header(col)) + 4)
        rng = f"{letter}2:{letter}{last}"
        dv: DataValidation | None = None
        if col == "credit_code":
            dv = DataValidation(type="textLength", operator="equal", formula1="18", allow_blank=True,
                                error="统一社会信用代码为18位 (18 characters)", errorTitle="统一社会信用代码")
        elif col == "village_code":
            dv = DataValidation(type="textLength", operator="equal", formula1="12", allow_blank=True,
                                error="区划代码为12位数字 (12 digits)", errorTitle="区划代码")
        elif col in ("since", "until"):
            dv = DataValidation(type="date", operator="between", formula1="DATE(1990,1,1)",
                                formula2="DATE(2100,12,31)", allow_blank=True,
                                error="请填写日期 (a date)", errorTitle=header(col))
        elif col == "investment":
            dv = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0", allow_blank=True,
                                error="投资额（万元）为非负数 (a number ≥ 0)", errorTitle="投资额")
        if dv is not None:
            dv.showErrorMessage = True
            ws.add_data_validation(dv)
            dv.add(rng)
        if col in ("credit_code", "village_code"):  # text, so Excel keeps leading zeros and all 18 digits
            for row in range(2, last + 1):
                ws.cell(row=row, column=i).number_format = "@"
        if col in ("since", "until"):
            ws.cell(row=2, column=i).number_format = "yyyy-mm-dd"
    ws.freeze_panes = "A2"
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path
