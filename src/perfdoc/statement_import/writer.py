"""Writes the imported statement as a workbook: 基本信息, 提纲, 数据 and one sheet per table.

Every cell is a text string (never a formula, even when the source text starts with = + - @);
the file is written atomically.
"""
from __future__ import annotations

from pathlib import Path

from perfdoc.fileio import atomic_output

OUTLINE_HEADER = ("级别", "标题", "内容", "表格")
FACTS_HEADER = ("名称", "数值", "单位", "公式", "说明", "写法")
INFO_HEADER = ("项目", "内容")


def _put(ws, row: int, col: int, value: str) -> None:
    cell = ws.cell(row=row, column=col)
    cell.value = value
    cell.data_type = "s"  # text, never a formula


def write_workbook(out: str | Path, info: list[tuple[str, str]], outline: list[tuple[str, str, str, str]],
                   facts: list[tuple[str, str, str, str, str, str]], tables: dict[str, list[list[str]]]) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    wb = Workbook()
    sheets = [("基本信息", INFO_HEADER, info, (12, 60)),
              ("提纲", OUTLINE_HEADER, outline, (6, 28, 100, 10)),
              ("数据", FACTS_HEADER, facts, (24, 14, 8, 16, 60, 18))]
    first = True
    for title, header, rows, widths in sheets:
        ws = wb.active if first else wb.create_sheet()
        first = False
        ws.title = title
        for c, h in enumerate(header, 1):
            _put(ws, 1, c, h)
            ws.cell(row=1, column=c).font = Font(bold=True)
        for r, row in enumerate(rows, 2):
            for c, v in enumerate(row, 1):
                if v != "":
                    _put(ws, r, c, str(v))
        for c, w in enumerate(widths, 1):
            ws.column_dimensions[chr(64 + c)].width = w
        ws.freeze_panes = "A2"
        if title == "提纲":
            for r in range(2, len(rows) + 2):
                ws.cell(row=r, column=3).alignment = Alignment(wrap_text=True, vertical="top")
    for name, rows in tables.items():
        ws = wb.create_sheet(name)
        for r, row in enumerate(rows, 1):
            for c, v in enumerate(row, 1):
                if v != "":
                    _put(ws, r, c, v)
    target = Path(out)
    with atomic_output(target) as tmp:
        wb.save(tmp)
    return target
