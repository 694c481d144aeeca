"""Write yearly workbooks: the blank one (instructions, header comments, drop-downs) and filled ones.

`write_workbook` is also what scripts/build_examples.py uses, so the example and the blank
workbook share one layout, taken from the field tables in schema.py.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal
from pathlib import Path
from typing import Any

from perfdoc.workbook.schema import INSTRUCTIONS_SHEET, KEY_HEADER, SHEETS, VALUE_HEADER, Sheet

BLANK_NAME = "年度数据（空白）.xlsx"
EXAMPLE_NAME = "chengjiang-2023.xlsx"
KIND_LABEL = {"text": "文字", "int": "整数", "amount": "金额（万元）", "score": "得分（百分制）",
              "rate": "百分数", "date": "日期", "bool": "是/否", "grade": "等级（优/良/中/差）"}

INSTRUCTIONS = [
    "本工作簿是 perfdoc 生成《预算绩效管理工作开展情况说明》《通报》《整改通知单》的数据来源，一年一份。",
    "各工作表按名称识别，列按表头名称识别，列的顺序可以调整；表头上方可以有说明行，空行会被跳过。",
    "金额一律以万元为单位填写，可带千分位（如 17,969.78），全角数字、以文本存储的数字都可以识别。",
    "所有合计、比率、等级分布、标题序号都由 perfdoc 计算，不要在表中手工计算；"
    "如果同时填写了合计与分项，二者必须一致，否则生成时报错并指出单元格（加 --force 可照常生成并列出不一致之处）。",
    "等级由得分按配置的分数线自动评定（默认 优≥90、良≥80、中≥60、差<60）。",
    "情况说明按“提纲”表逐行生成：一行一个标题（级别 1–4，序号由程序生成）或一个段落；"
    "本工作簿预置了一份提纲，可以任意增删改写。",
    "段落中的 {名称} 插入“数据”表（或“情况说明”等表）中的数据，{年度}、{年度-1}、{年度+1} 插入年份；"
    "“数据”表的数据可以直接填写，也可以用公式由其他数据计算，“写法”列给出数字在文中的写法样例（如 3500余万元）。",
    "每张表的表头单元格带有批注，说明该列的含义；带下拉箭头的列请从列表中选择。",
    "生成命令：perfdoc render statement|circular|notices 本文件.xlsx -o 输出位置",
]


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return float(value)
    return value


def _style_header(ws, row: int, ncols: int) -> None:
    from openpyxl.styles import Alignment, Font, PatternFill

    for k in range(1, ncols + 1):
        cell = ws.cell(row=row, column=k)
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)


def _comment(text: str):
    from openpyxl.comments import Comment

    c = Comment(text, "perfdoc")
    c.width, c.height = 260, 90
    return c


def _validation(ws, choices: tuple[str, ...], ref: str) -> None:
    from openpyxl.worksheet.datavalidation import DataValidation

    dv = DataValidation(type="list", formula1='"' + ",".join(choices) + '"', allow_blank=True,
                        showErrorMessage=True, errorTitle="请从列表中选择", error="可选值：" + "、".join(choices))
    ws.add_data_validation(dv)
    dv.add(ref)


_WIDE = {"内容": 100, "标题": 24, "公式": 40, "写法": 16, "说明": 40}


def preset_content() -> dict[str, list[dict]]:
    """The bundled statement preset (corpora/statement_preset_*.csv) as 提纲 and 数据 rows."""
    import csv

    from perfdoc.resources import corpus

    out = {}
    for sheet, name in (("提纲", "statement_preset_outline.csv"), ("数据", "statement_preset_facts.csv")):
        with corpus(name).open(encoding="utf-8", newline="") as fh:
            rows = list(csv.DictReader(line for line in fh if not line.startswith("#")))
        out[sheet] = [{k: (int(v) if k == "级别" and v else v) for k, v in r.items() if v} for r in rows]
    return out


def _write_table_sheet(wb, name: str, rows: list[list[Any]]) -> None:
    """A sheet that 提纲 shows as a table: first row the header, then the rows as given."""
    ws = wb.create_sheet(name)
    for r, values in enumerate(rows, start=1):
        for k, value in enumerate(values, start=1):
            ws.cell(row=r, column=k, value=_plain(value))
    if rows:
        _style_header(ws, 1, len(rows[0]))


def _write_sheet(wb, sheet: Sheet, content: Any, note: str | None, marks: dict[str, str]) -> None:
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    ws = wb.create_sheet(sheet.name)
    row = 1
    if note:
        ws.cell(row=1, column=1, value=note).font = Font(bold=True, color="C00000")
        row = 2
    if sheet.keyvalue:
        headers = (KEY_HEADER, VALUE_HEADER, "说明")
        for k, h in enumerate(headers, start=1):
            ws.cell(row=row, column=k, value=h)
        _style_header(ws, row, 3)
        ws.cell(row=row, column=2).comment = _comment("在此列填写各项目的值；不填的项目按“说明”处理")
        values = content or {}
        for n, col in enumerate(sheet.columns, start=row + 1):
            ws.cell(row=n, column=1, value=col.header).font = Font(bold=col.required)
            value = values.get(col.header)
            cell = ws.cell(row=n, column=2, value=_plain(value))
            if isinstance(value, dt.date):
                cell.number_format = "yyyy-mm-dd"
            elif col.kind == "amount":
                cell.number_format = "#,##0.00"
            info = ("必填。" if col.required else "") + KIND_LABEL[col.kind] + ("。" + col.note if col.note else "")
            if col.header in marks:
                info += f"【{marks[col.header]}】"
            ws.cell(row=n, column=3, value=info).alignment = Alignment(wrap_text=True, vertical="top")
            if col.choices:
                _validation(ws, col.choices, f"B{n}")
        ws.column_dimensions["A"].width = 26
        ws.column_dimensions["B"].width = 40
        ws.column_dimensions["C"].width = 70
        ws.freeze_panes = ws.cell(row=row + 1, column=1)
        return
    for k, col in enumerate(sheet.columns, start=1):
        cell = ws.cell(row=row, column=k, value=col.header)
        info = ("必填。" if col.required else "选填。") + KIND_LABEL[col.kind] + ("。" + col.note if col.note else "")
        if col.choices:
            info += "。可选：" + "、".join(col.choices)
        cell.comment = _comment(info)
        ws.column_dimensions[get_column_letter(k)].width = _WIDE.get(col.header) or \
            max(12, min(48, len(col.header) * 3 + 6))
        if col.choices:
            letter = get_column_letter(k)
            _validation(ws, col.choices, f"{letter}{row + 1}:{letter}{row + 1000}")
    _style_header(ws, row, len(sheet.columns))
    for n, item in enumerate(content or [], start=row + 1):
        for k, col in enumerate(sheet.columns, start=1):
            value = item.get(col.header)
            cell = ws.cell(row=n, column=k, value=_plain(value))
            if col.kind == "amount" and value is not None:
                cell.number_format = "#,##0.00"
            if col.header in _WIDE:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    ws.freeze_panes = ws.cell(row=row + 1, column=1)


def write_workbook(path: str | Path, content: dict[str, Any] | None = None, *,
                   notes: dict[str, str] | None = None, marks: dict[str, dict[str, str]] | None = None,
                   title: str | None = None) -> Path:
    """Write a yearly workbook: an instructions sheet and every data sheet (filled from `content`,
    keyed by sheet name and Chinese headers as in the YAML format). Other keys of `content` holding
    a list of rows (lists) become plain sheets, e.g. the tables 提纲 refers to."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    from perfdoc.fileio import atomic_output

    content, notes, marks = content or {}, notes or {}, marks or {}
    wb = Workbook()
    ws = wb.active
    ws.title = INSTRUCTIONS_SHEET
    ws.column_dimensions["A"].width = 24
    ws.column_dimensions["B"].width = 100
    ws.cell(row=1, column=1, value=title or "预算绩效年度数据工作簿 填表说明").font = Font(bold=True, size=14)
    r = 3
    for line in INSTRUCTIONS:
        ws.cell(row=r, column=2, value=line).alignment = Alignment(wrap_text=True)
        r += 1
    r += 1
    ws.cell(row=r, column=1, value="工作表").font = Font(bold=True)
    ws.cell(row=r, column=2, value="内容").font = Font(bold=True)
    for sheet in SHEETS:
        r += 1
        ws.cell(row=r, column=1, value=sheet.name)
        ws.cell(row=r, column=2, value=sheet.note).alignment = Alignment(wrap_text=True)
    for sheet in SHEETS:
        _write_sheet(wb, sheet, content.get(sheet.name), notes.get(sheet.name), marks.get(sheet.name, {}))
    known = {s.name for s in SHEETS}
    for name, rows in content.items():
        if name not in known and isinstance(rows, list) and all(isinstance(r, (list, tuple)) for r in rows):
            _write_table_sheet(wb, name, [list(r) for r in rows])
    target = Path(path)
    with atomic_output(target) as tmp:
        wb.save(tmp)
    return target


def init_data(directory: str | Path) -> list[Path]:
    """Write the blank workbook and a copy of the filled example into `directory`."""
    import shutil

    from perfdoc.errors import UsageError
    from perfdoc.fileio import atomic_output
    from perfdoc.resources import data_dir

    d = Path(directory)
    if d.exists() and not d.is_dir():
        raise UsageError("目标不是文件夹", file=d)
    d.mkdir(parents=True, exist_ok=True)
    written = [write_workbook(d / BLANK_NAME, preset_content())]
    example = data_dir("examples") / EXAMPLE_NAME
    if example.is_file():
        with atomic_output(d / f"示例-{EXAMPLE_NAME}") as tmp:
            shutil.copyfile(example, tmp)
        written.append(d / f"示例-{EXAMPLE_NAME}")
    return written
