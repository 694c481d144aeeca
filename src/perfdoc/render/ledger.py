"""整改台账.xlsx: one row per notice, with a status column for follow-up."""
from __future__ import annotations

from pathlib import Path

HEADERS = ("序号", "通知编号", "单位名称", "问题数", "问题类型", "整改期限", "文件名",
           "整改状态", "整改完成日期", "核查人", "备注")
STATUSES = ("未整改", "整改中", "已整改", "已销号")
WIDTHS = (6, 24, 30, 8, 30, 16, 40, 10, 14, 10, 20)


def write_ledger(path: Path, contexts: list[dict], names: list[str]) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    from perfdoc.fileio import append_row

    wb = Workbook()
    ws = wb.active
    ws.title = "整改台账"
    append_row(ws, HEADERS)
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    for n, (ctx, name) in enumerate(zip(contexts, names), start=1):
        # the deadline is a real date cell, so the ledger can be sorted and filtered by it
        deadline = ctx.get("deadline_date") or ctx["deadline"]
        append_row(ws, (n, ctx["number"], ctx["unit"], ctx["problem_count"], ctx["kinds"], deadline, name,
                   "未整改", None, None, None))
        for header in ("整改期限", "整改完成日期"):
            ws.cell(row=n + 1, column=HEADERS.index(header) + 1).number_format = 'yyyy"年"m"月"d"日"'
    for k, width in enumerate(WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(k)].width = width
    status_col = get_column_letter(HEADERS.index("整改状态") + 1)
    dv = DataValidation(type="list", formula1='"' + ",".join(STATUSES) + '"', allow_blank=True,
                        errorTitle="整改状态", error="请从下拉列表选择")
    ws.add_data_validation(dv)
    dv.add(f"{status_col}2:{status_col}{max(2, len(contexts) + 1)}")
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(HEADERS))}{len(contexts) + 1}"
    wb.save(path)
    return path
