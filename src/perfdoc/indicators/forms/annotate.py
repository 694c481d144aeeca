"""Write a review out: an annotated copy of the 申报表 (.xlsx) or one result per line (.jsonl).

The copy keeps the user's workbook as it was and adds result columns beside each indicator table,
fills and comments the problem cells, and adds a summary sheet 审核汇总. The input is never
modified; the output is written atomically.
"""
from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from perfdoc.errors import UsageError
from perfdoc.fileio import append_row, atomic_output, refuse_same_path, set_cell

RESULT_COLUMNS = ("可衡量", "问题", "修改建议", "建议一级指标", "建议二级指标", "行业", "指标库匹配")
SUMMARY_SHEET = "审核汇总"
CODE_NAMES = {
    "VAGUE_VALUE": "表述模糊", "NO_VALUE": "缺少指标值", "NO_UNIT": "缺少计量单位",
    "UNIT_MISMATCH": "单位与名称不符", "OUT_OF_RANGE": "数值不可能达到", "TIME_UNBOUNDED": "缺少完成时限",
    "INPUT_AS_OUTPUT": "以投入代替产出", "CATEGORY_MISMATCH": "指标类别不符",
    "FEW_INDICATORS": "指标数量过少", "MISSING_OUTPUT": "缺少产出指标", "MISSING_EFFECT": "缺少效益指标",
    "MISSING_SATISFACTION": "缺少满意度指标", "DUPLICATE": "指标重复",
}
_BAD_FILL = "FFF4CCCC"
_WARN_FILL = "FFFFF2CC"
_HEAD_FILL = "FFDDEBF7"


def issue_text(result) -> str:
    return "；".join(f"{CODE_NAMES.get(i.code, i.code)}（{i.code}）：{i.message}" for i in result.issues)


def result_row(result) -> list:
    match = result.matches[0] if result.matches else None
    return [
        "是" if result.measurable else "否",
        issue_text(result),
        result.suggestion or "",
        result.level1 or "",
        result.level2 or "",
        result.sector or "",
        f"{match.name}（{match.score:.2f}）" if match else "",
    ]


def annotate(path: str | Path, out: str | Path) -> Path:
    """Review `path` and write `out` (.xlsx annotated copy or .jsonl); returns `out`."""
    from perfdoc.indicators.review import check_file

    src, dst = Path(path), Path(out)
    refuse_same_path(src, dst)
    suffix = dst.suffix.lower()
    if suffix not in (".xlsx", ".jsonl"):
        raise UsageError(f"不支持的输出格式“{dst.suffix or '无扩展名'}”", file=dst,
                         hint="输出文件请用 .xlsx（批注副本）或 .jsonl（逐条结果）")
    review = check_file(src)
    return write_review(review, dst)


def write_review(review, out: str | Path) -> Path:
    """Write an existing Review to .xlsx or .jsonl."""
    dst = Path(out)
    suffix = dst.suffix.lower()
    if suffix == ".jsonl":
        return write_jsonl(review.indicators, dst)
    if suffix != ".xlsx":
        raise UsageError(f"不支持的输出格式“{dst.suffix}”", file=dst, hint="输出文件请用 .xlsx 或 .jsonl")
    source = review.source
    if source is not None and source.kind == "xlsx":
        return _annotated_copy(review, dst)
    return write_results_workbook(review.indicators, dst, projects=review.projects)


def write_jsonl(results, out: Path) -> Path:
    with atomic_output(out) as tmp:
        with open(tmp, "w", encoding="utf-8") as fh:
            for r in results:
                fh.write(json.dumps(r.to_dict(), ensure_ascii=False) + "\n")
    return out


def _styles():
    from openpyxl.styles import Alignment, Font, PatternFill

    return {
        "bad": PatternFill("solid", fgColor=_BAD_FILL),
        "warn": PatternFill("solid", fgColor=_WARN_FILL),
        "head": PatternFill("solid", fgColor=_HEAD_FILL),
        "bold": Font(bold=True),
        "wrap": Alignment(wrap_text=True, vertical="top"),
    }


def _annotated_copy(review, out: Path) -> Path:
    import openpyxl
    from openpyxl.comments import Comment
    from openpyxl.utils import get_column_letter

    source = review.source
    wb = openpyxl.load_workbook(source.path)  # formulas and formatting kept as the user wrote them
    st = _styles()
    by_row: dict[tuple[str | None, int], object] = {}
    for r in review.indicators:
        if r.source:
            by_row[(r.source.get("sheet"), r.source.get("row"))] = r
    for table in source.tables:
        ws = wb[table.sheet]
        first = max(table.width, ws.max_column) + 1  # beyond every used or merged cell
        for k, title in enumerate(RESULT_COLUMNS):
            cell = set_cell(ws, table.header_row, first + k, title)
            cell.font, cell.fill = st["bold"], st["head"]
            ws.column_dimensions[get_column_letter(first + k)].width = (36 if title in ("问题", "修改建议")
                                                                        else 14)
        target_col = table.columns.get("value") or table.columns.get("text") or table.columns.get("name")
        for row in table.rows:
            r = by_row.get((table.sheet, row))
            if r is None:
                continue
            for k, v in enumerate(result_row(r)):
                c = set_cell(ws, row, first + k, v)
                if k in (1, 2):
                    c.alignment = st["wrap"]
            if r.issues:
                fill = st["bad"] if not r.measurable else st["warn"]
                ws.cell(row=row, column=first).fill = fill
                ws.cell(row=row, column=first + 1).fill = fill
                if target_col:
                    cell = ws.cell(row=row, column=target_col)
                    cell.fill = fill
                    note = "\n".join(f"{CODE_NAMES.get(i.code, i.code)}：{i.message}" for i in r.issues)
                    if r.suggestion:
                        note += f"\n建议：{r.suggestion}"
                    cell.comment = Comment(note, "perfdoc")
    _summary_sheet(wb, review.indicators, review.projects)
    with atomic_output(out) as tmp:
        wb.save(tmp)
    return out


def write_results_workbook(results, out: Path, *, projects=None) -> Path:
    """A new workbook listing the results (input given as text, .csv or .jsonl)."""
    import openpyxl
    from openpyxl.comments import Comment

    st = _styles()
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "审核结果"
    head = ("项目名称", "指标名称", "指标值") + RESULT_COLUMNS
    append_row(ws, head)
    for c in ws[1]:
        c.font, c.fill = st["bold"], st["head"]
    for i, width in enumerate((20, 24, 18, 8, 40, 36, 12, 16, 16, 24), start=1):
        ws.column_dimensions[openpyxl.utils.get_column_letter(i)].width = width
    for n, r in enumerate(results, start=2):
        append_row(ws, [r.project or "", r.name, r.value] + result_row(r))
        if r.issues:
            fill = st["bad"] if not r.measurable else st["warn"]
            for col in (3, 4, 5):
                ws.cell(row=n, column=col).fill = fill
            ws.cell(row=n, column=3).comment = Comment(issue_text(r), "perfdoc")
    _summary_sheet(wb, results, projects or [])
    with atomic_output(out) as tmp:
        wb.save(tmp)
    return out


def _summary_sheet(wb, results, projects) -> None:
    st = _styles()
    name = SUMMARY_SHEET
    n = 2
    while name in wb.sheetnames:
        name = f"{SUMMARY_SHEET}{n}"
        n += 1
    ws = wb.create_sheet(name)
    total = len(results)
    bad = sum(1 for r in results if not r.measurable)
    append_row(ws, ["绩效目标审核汇总"])
    ws["A1"].font = st["bold"]
    append_row(ws, ["审核指标数", total])
    append_row(ws, ["可衡量", total - bad])
    append_row(ws, ["不可衡量", bad])
    append_row(ws, [])
    append_row(ws, ["问题代码", "说明", "数量"])
    for c in ws[ws.max_row]:
        c.font, c.fill = st["bold"], st["head"]
    counts = Counter(i.code for r in results for i in r.issues)
    for p in projects:
        counts.update(i.code for i in p["issues"])
    for code, label in CODE_NAMES.items():
        if counts.get(code):
            append_row(ws, [code, label, counts[code]])
    append_row(ws, [])
    append_row(ws, ["项目名称", "指标数", "不可衡量指标数", "项目问题"])
    for c in ws[ws.max_row]:
        c.font, c.fill = st["bold"], st["head"]
    per_project: dict[str, list] = {}
    for r in results:
        per_project.setdefault(r.project or "（未填写项目名称）", []).append(r)
    issues_by_project = {p["project"]: p["issues"] for p in projects}
    for project, members in per_project.items():
        found = issues_by_project.get(project, [])
        append_row(ws, [project, len(members), sum(1 for r in members if not r.measurable),
                   "；".join(f"{CODE_NAMES.get(i.code, i.code)}：{i.message}" for i in found)])
    ws.column_dimensions["A"].width = 30
    ws.column_dimensions["B"].width = 18
    ws.column_dimensions["C"].width = 16
    ws.column_dimensions["D"].width = 60
