"""Write 绩效目标审核意见书 contexts: one .docx per unit and 审核意见汇总.xlsx, together or not at all.

The contexts are plain dicts built by perfdoc.opinion (render never imports the review). The
summary lists one row per project and one row per finding; every cell holding text from the
input is written as text, never as a formula.
"""
from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

from perfdoc.fileio import atomic_directory, expect_kind

BUILTIN = "opinion.docx"
SUMMARY_NAME = "审核意见汇总.xlsx"
SUMMARY_HEADERS = ("序号", "预算单位", "项目名称", "指标数", "不可衡量指标数", "其他需调整指标数", "项目层面问题",
                   "审核结论", "不通过原因", "审核意见书")
DETAIL_HEADERS = ("序号", "预算单位", "项目名称", "行号", "指标名称", "指标值", "问题代码", "问题说明", "修改建议")


def opinion_filenames(contexts: list[dict]) -> list[str]:
    """`001_单位_绩效目标审核意见书.docx`, unique and safe on any system."""
    from perfdoc.render.api import safe_filename

    width = max(3, len(str(len(contexts))))
    seen: set[str] = set()
    names = []
    for n, ctx in enumerate(contexts, start=1):
        base = f"{n:0{width}d}_{safe_filename(ctx['unit'])}_绩效目标审核意见书"
        name, k = f"{base}.docx", 2
        while name.casefold() in seen:
            name, k = f"{base}（{k}）.docx", k + 1
        seen.add(name.casefold())
        names.append(name)
    return names


def text_cell(ws, row: int, column: int, value):
    """A cell whose value is shown as written: strings are text even when they start with = + - @."""
    cell = ws.cell(row=row, column=column, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    return cell


def write_summary(path: Path, contexts: list[dict], names: list[str]) -> Path:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font, PatternFill
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    head_font, head_fill = Font(bold=True), PatternFill("solid", fgColor="DDEBF7")
    wrap = Alignment(wrap_text=True, vertical="top")
    sheets = (("审核意见汇总", SUMMARY_HEADERS, (6, 28, 30, 8, 10, 10, 40, 12, 30, 44)),
              ("问题明细", DETAIL_HEADERS, (6, 28, 30, 6, 26, 18, 16, 60, 44)))
    for k, (title, headers, widths) in enumerate(sheets):
        ws = wb.active if k == 0 else wb.create_sheet()
        ws.title = title
        for c, (h, w) in enumerate(zip(headers, widths), start=1):
            cell = text_cell(ws, 1, c, h)
            cell.font, cell.fill = head_font, head_fill
            ws.column_dimensions[get_column_letter(c)].width = w
        ws.freeze_panes = "A2"
    summary, detail = wb["审核意见汇总"], wb["问题明细"]
    n = m = 1
    for ctx, name in zip(contexts, names):
        for row in ctx["summary"]:
            n += 1
            values = (n - 1, row["unit"], row["project"], row["indicators"], row["failed"], row["other"],
                      row["project_issues"], row["verdict"], row["reason"], name)
            for c, v in enumerate(values, start=1):
                text_cell(summary, n, c, v).alignment = wrap
        for f in ctx["findings"]:
            m += 1
            values = (m - 1, f["unit"], f["project"], f["row"], f["name"], f["value"], f["code"], f["message"],
                      f["suggestion"])
            for c, v in enumerate(values, start=1):
                text_cell(detail, m, c, v).alignment = wrap
    summary.auto_filter.ref = f"A1:{get_column_letter(len(SUMMARY_HEADERS))}{max(n, 2)}"
    detail.auto_filter.ref = f"A1:{get_column_letter(len(DETAIL_HEADERS))}{max(m, 2)}"
    wb.save(path)
    return path


def write_opinions(contexts: list[dict], out: Path, *, template: str | Path | None = None,
                   progress: Callable[[int, int], None] | None = None) -> Path:
    """Render every context into `out` (a folder) with the summary workbook; returns `out`."""
    from perfdoc.errors import InputError
    from perfdoc.render.engine import compiled
    from perfdoc.resources import template as builtin

    if template is not None:
        expect_kind(template, ("docx",))
    path = Path(template) if template is not None else builtin(BUILTIN)
    tpl = compiled(path)
    missing = tpl.missing(contexts[0])
    if missing:
        raise InputError(f"模板使用了数据中没有的变量：{'、'.join(sorted(missing))}", file=path,
                         hint="可用变量见 docs/opinion.md")
    names = opinion_filenames(contexts)
    first = tpl.render_bytes(contexts[0])  # a template error surfaces before any file exists
    existed = out.exists()
    try:
        with atomic_directory(out) as tmp:
            for k, (name, ctx) in enumerate(zip(names, contexts)):
                (tmp / name).write_bytes(first if k == 0 else tpl.render_bytes(ctx))
                if progress:
                    progress(k + 1, len(contexts))
            write_summary(tmp / SUMMARY_NAME, contexts, names)
    except BaseException:
        if not existed and out.is_dir() and not any(out.iterdir()):
            shutil.rmtree(out, ignore_errors=True)
        raise
    return out
