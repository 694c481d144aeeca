"""绩效目标审核意见书: from a review to one opinion per unit and a summary table for the bureau.

The composition lives here, between the review (perfdoc.indicators) and rendering (perfdoc.render,
which never imports indicators): a 申报表 is reviewed, or perfdoc's own annotated 审核结果.xlsx is
read back with the findings a reviewer may have edited; indicators and project findings are
grouped by unit (a 预算单位/部门 column, else --unit, else the form's 填报单位 line, else the file
name); each project gets a conclusion (通过 / 修改后通过 / 不通过) by the rules in perfdoc.toml
[opinion]; render.opinion writes the documents.
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from perfdoc.config import Config, load_config
from perfdoc.errors import InputError, UsageError

# Header names of the column that says which unit an indicator row belongs to. A bare 单位 is
# taken only when the review did not read it as the 计量单位 column.
UNIT_HEADERS = ("预算单位", "单位名称", "预算单位名称", "部门名称", "部门（单位）", "部门(单位)", "主管部门",
                "申报单位", "实施单位", "填报单位", "部门", "单位")
RESULT_HEADERS = ("可衡量", "问题", "修改建议")  # written by indicators.forms.annotate beside each table
VERDICTS = ("通过", "修改后通过", "不通过")
NO_PROJECT = "（未填写项目名称）"
_FORM_UNIT = re.compile(r"(?:填报|申报|预算)?(?:单位|部门)(?:名称)?(?:[（(]盖章[)）])?[:：]\s*(\S+)")
_FORM_YEAR = re.compile(r"(20\d\d)\s*年度?")


@dataclass
class Indicator:
    name: str
    value: str
    row: int | None
    sheet: str | None
    issues: list[dict]  # {"code", "severity", "message", "suggestion"}
    suggestion: str | None
    measurable: bool


@dataclass
class Project:
    name: str
    unit: str
    indicators: list[Indicator] = field(default_factory=list)
    issues: list[dict] = field(default_factory=list)  # project-level findings
    verdict: str = ""
    reason: str = ""

    @property
    def failed(self) -> list[Indicator]:
        return [i for i in self.indicators if not i.measurable]

    @property
    def flagged(self) -> list[Indicator]:
        return [i for i in self.indicators if i.issues]


@dataclass
class ReviewedForm:
    """What an opinion is written from: projects grouped in order, the form's year, notes."""
    path: Path
    projects: list[Project]
    year: str | None = None
    notes: list[str] = field(default_factory=list)

    def units(self) -> dict[str, list[Project]]:
        out: dict[str, list[Project]] = {}
        for p in self.projects:
            out.setdefault(p.unit, []).append(p)
        return out


# ----------------------------------------------------------------------------- reading


def _header_cells(ws, row: int) -> list[str]:
    from perfdoc.indicators.forms.readers import clean_header

    return [clean_header(c.value) for c in next(ws.iter_rows(min_row=row, max_row=row))]


def _row_units(path: Path, source, chosen: str | None) -> tuple[dict[tuple, str], str | None, str | None]:
    """(sheet, row) → unit from a unit column; the single unit a 填报单位 line names; the year."""
    from perfdoc.fileio import open_workbook
    from perfdoc.indicators.forms.readers import clean_header

    units: dict[tuple, str] = {}
    form_unit = form_year = None
    if source.kind != "xlsx":
        return units, form_unit, form_year
    wb = open_workbook(path, read_only=True, data_only=True)
    try:
        for table in source.tables:
            ws = wb[table.sheet]
            above = [[c.value for c in r] for r in ws.iter_rows(min_row=1, max_row=table.header_row)]
            for cells in above[:-1]:
                for v in cells:
                    text = str(v or "").strip()
                    m = _FORM_UNIT.search(text)
                    if m and not re.search(r"[、，,；;]", m.group(1)) and form_unit is None:
                        form_unit = m.group(1)
                    y = _FORM_YEAR.search(text)
                    if y and form_year is None:
                        form_year = y.group(1)
            heads = [clean_header(v) for v in above[-1]]
            measure_col = table.columns.get("unit")
            col = None
            for name in UNIT_HEADERS:
                for k, h in enumerate(heads, start=1):
                    if h == clean_header(name) and k != measure_col:
                        col = k
                        break
                if col:
                    break
            if col is None or not table.rows:
                continue
            carry = ""
            for n, r in enumerate(ws.iter_rows(min_row=table.header_row + 1, max_row=max(table.rows),
                                               min_col=col, max_col=col, values_only=True),
                                  start=table.header_row + 1):
                v = str(r[0]).strip() if r and r[0] not in (None, "") else ""
                if v:
                    carry = v
                units[(table.sheet, n)] = carry
    finally:
        wb.close()
    return units, form_unit, form_year


def is_annotated(path: Path) -> bool:
    """True for perfdoc's own 审核结果.xlsx: a header row with 可衡量 | 问题 | 修改建议 in a row."""
    from perfdoc.fileio import open_workbook, sniff

    if sniff(path) != "xlsx":
        return False
    wb = open_workbook(path, read_only=True, data_only=True)
    try:
        for ws in wb.worksheets:
            for cells in ws.iter_rows(min_row=1, max_row=30, values_only=True):
                values = [str(v).strip() if v is not None else "" for v in cells]
                for k in range(len(values) - 2):
                    if tuple(values[k:k + 3]) == RESULT_HEADERS:
                        return True
    finally:
        wb.close()
    return False


def _issue(code: str, message: str, suggestion: str | None = None) -> dict:
    from perfdoc.indicators.result import UNMEASURABLE_CODES

    severity = "error" if code in UNMEASURABLE_CODES else "warning"
    return {"code": code, "severity": severity, "message": message, "suggestion": suggestion}


_ISSUE_HEAD = re.compile(r"(?:^|；)[^；（]*（([A-Z][A-Z_]+)）：")


def parse_issue_text(text: str) -> list[dict]:
    """'表述模糊（VAGUE_VALUE）：…；缺少计量单位（NO_UNIT）：…' → issues (annotate.issue_text inverted)."""
    heads = list(_ISSUE_HEAD.finditer(text or ""))
    out = []
    for k, m in enumerate(heads):
        end = heads[k + 1].start() if k + 1 < len(heads) else len(text)
        out.append(_issue(m.group(1), text[m.end():end].strip()))
    return out


def _project_issues(wb) -> dict[str, list[dict]]:
    """Project findings from the 审核汇总 sheet ('名称：消息；名称：消息' per project)."""
    from perfdoc.indicators.forms.annotate import CODE_NAMES

    by_name = {v: k for k, v in CODE_NAMES.items()}
    split = re.compile("(?:^|；)(" + "|".join(map(re.escape, by_name)) + ")：")
    found: dict[str, list[dict]] = {}
    for ws in wb.worksheets:
        if not ws.title.startswith("审核汇总"):
            continue
        col = None
        for cells in ws.iter_rows(values_only=True):
            values = [str(v).strip() if v is not None else "" for v in cells]
            if "项目名称" in values and "项目问题" in values:
                col = (values.index("项目名称"), values.index("项目问题"))
                continue
            if col is None or not values or not values[col[0]]:
                continue
            text = values[col[1]] if col[1] < len(values) else ""
            heads = list(split.finditer(text))
            issues = []
            for k, m in enumerate(heads):
                end = heads[k + 1].start() if k + 1 < len(heads) else len(text)
                issues.append(_issue(by_name[m.group(1)], text[m.end():end].strip()))
            found[values[col[0]]] = issues
    return found


def _read_annotated(path: Path):
    """Items and findings of an annotated 审核结果.xlsx, as the reviewer left them."""
    from perfdoc.fileio import open_workbook
    from perfdoc.indicators.forms.readers import read_source

    source = read_source(path)
    wb = open_workbook(path, read_only=True, data_only=True)
    rows: dict[tuple, dict] = {}
    try:
        for table in source.tables:
            ws = wb[table.sheet]
            head = [str(c.value).strip() if c.value is not None else ""
                    for c in next(ws.iter_rows(min_row=table.header_row, max_row=table.header_row))]
            start = next((k for k in range(len(head) - 2, -1, -1) if tuple(head[k:k + 3]) == RESULT_HEADERS), None)
            if start is None or not table.rows:
                continue
            for n, cells in enumerate(ws.iter_rows(min_row=table.header_row + 1, max_row=max(table.rows),
                                                   min_col=start + 1, max_col=start + 3, values_only=True),
                                      start=table.header_row + 1):
                cells = [str(v).strip() if v is not None else "" for v in cells] + ["", "", ""]
                rows[(table.sheet, n)] = {"measurable": cells[0] != "否",
                                          "issues": parse_issue_text(cells[1]), "suggestion": cells[2] or None}
        projects = _project_issues(wb)
    finally:
        wb.close()
    if not rows:
        raise InputError("审核结果表中没有找到“可衡量、问题、修改建议”列", file=path,
                         hint="请使用 perfdoc check -o 生成的审核结果，或直接提供申报表")
    indicators = []
    for item in source.items:
        src = item.get("source") or {}
        found = rows.get((src.get("sheet"), src.get("row")), {"measurable": True, "issues": [], "suggestion": None})
        name = str(item.get("name") or item.get("text") or "")
        indicators.append((item.get("project") or NO_PROJECT, Indicator(
            name=name, value=str(item.get("value") or ""), row=src.get("row"), sheet=src.get("sheet"),
            issues=found["issues"], suggestion=found["suggestion"],
            measurable=found["measurable"] and not any(i["severity"] == "error" for i in found["issues"]))))
    return source, indicators, projects


def _read_form(path: Path):
    """Review a raw 申报表 (or .csv/.jsonl) as `perfdoc check` does."""
    from perfdoc.indicators.review import check_file

    review = check_file(path)
    indicators = []
    for r in review.indicators:
        src = r.source or {}
        indicators.append((r.project or NO_PROJECT, Indicator(
            name=r.name or r.text, value=r.value, row=src.get("row"), sheet=src.get("sheet"),
            issues=[i.issue_dict() for i in r.issues], suggestion=r.suggestion, measurable=r.measurable)))
    projects = {p["project"]: [i.issue_dict() for i in p["issues"]] for p in review.projects}
    return review.source, indicators, projects


def read_review(path: str | Path, *, unit: str | None = None) -> ReviewedForm:
    """The reviewed form: a 申报表 is reviewed now; a 审核结果.xlsx is read back as it is."""
    from perfdoc.fileio import require_file

    p = require_file(path)
    if is_annotated(p):
        source, indicators, project_issues = _read_annotated(p)
    else:
        source, indicators, project_issues = _read_form(p)
    row_units, form_unit, year = _row_units(p, source, unit)
    fallback = unit or form_unit or re.sub(r"[-_（(]?(审核结果|绩效目标申报表|申报表)[)）]?$", "", p.stem) or p.stem
    projects: dict[tuple[str, str], Project] = {}
    for project, ind in indicators:
        who = row_units.get((ind.sheet, ind.row)) or fallback
        key = (who, project)
        if key not in projects:
            projects[key] = Project(name=project, unit=who)
        projects[key].indicators.append(ind)
    # project findings belong to the project name; a name shared by two units is reviewed per name
    seen: set[str] = set()
    for (who, project), proj in projects.items():
        if project not in seen:
            proj.issues = list(project_issues.get(project, []))
            seen.add(project)
    return ReviewedForm(path=p, projects=list(projects.values()), year=year,
                        notes=list(getattr(source, "notes", []) or []))


# ----------------------------------------------------------------------------- conclusions


def conclude(project: Project, cfg: Config) -> tuple[str, str]:
    """(verdict, reason) for one project by the [opinion] rules."""
    rules = cfg.opinion
    total, failed = len(project.indicators), len(project.failed)
    codes = [i["code"] for i in project.issues]
    warnings = sum(1 for i in project.indicators for x in i.issues if x["severity"] != "error") + len(codes)
    blocking = [c for c in codes if c in rules.reject_codes]
    if blocking:
        from perfdoc.indicators.forms.annotate import CODE_NAMES

        return "不通过", "、".join(dict.fromkeys(CODE_NAMES.get(c, c) for c in blocking))
    if total and failed / total > rules.reject_failed_share:
        share = f"{rules.reject_failed_share * 100:g}%"
        if failed == total:
            return "不通过", "所填报的绩效指标均不可衡量"
        return "不通过", f"不可衡量的指标占{failed}/{total}，超过{share}"
    if failed <= rules.pass_max_failed and (rules.pass_allows_warnings or warnings == 0):
        return "通过", ""
    return "修改后通过", ""


# ----------------------------------------------------------------------------- contexts


def _end(text: str) -> str:
    text = (text or "").strip()
    return text if not text or text[-1] in "。！？" else text + "。"


def _indicator_line(ind: Indicator) -> str:
    from perfdoc.indicators.forms.annotate import CODE_NAMES

    value = f"（指标值：{ind.value}）" if ind.value else "（未填写指标值）"
    parts = [f"{CODE_NAMES.get(i['code'], i['code'])}：{_end(i['message'])}" for i in ind.issues]
    line = f"{ind.name}{value}。" + "".join(parts)
    same = (ind.suggestion or "").replace("：", "") in (f"{ind.name}{ind.value}", "")
    if ind.suggestion and not same:
        line += f"修改建议：{_end(ind.suggestion)}"
    return line


def _project_line(issue: dict) -> str:
    line = _end(issue["message"])
    if issue.get("suggestion"):
        line += f"修改建议：{_end(issue['suggestion'])}"
    return line


def _project_word(name: str) -> str:
    return f"“{name}”" + ("" if name.endswith("项目") else "项目")


def _lead(p: Project) -> str:
    total, failed = len(p.indicators), len(p.failed)
    other = sum(1 for i in p.indicators if i.issues and i.measurable)
    head = f"该项目仅填报绩效指标1个" if total == 1 else f"该项目填报绩效指标{total}个"
    if failed == 0 and other == 0:
        text = head + ("，可衡量" if total == 1 else "，均可衡量")
    elif failed == total:
        text = head + ("，不可衡量" if total == 1 else "，均不可衡量")
    else:
        text = head + (f"，其中{failed}个不可衡量" if failed else "，均可衡量")
        if other:
            text += f"，{other}个需调整指标类别" if failed else f"，其中{other}个需调整指标类别"
    if p.issues:
        text += f"；项目层面另有{len(p.issues)}处问题"
    text += f"。审核结论：{p.verdict}"
    text += f"（{p.reason}）。" if p.reason else "。"
    return text


def _count_clause(total: int, failed: int) -> str:
    if failed == 0:
        return f"共审核绩效指标{total}个，均可衡量" if total > 1 else "共审核绩效指标1个，可衡量"
    if failed == total:
        return f"共审核绩效指标{total}个，均不可衡量" if total > 1 else "共审核绩效指标1个，不可衡量"
    return f"共审核绩效指标{total}个，其中可衡量{total - failed}个，不可衡量{failed}个"


def _conclusion(projects: list[Project]) -> str:
    n = len(projects)
    counts = {v: sum(1 for p in projects if p.verdict == v) for v in VERDICTS}
    if n == 1:
        text = f"经审核，{_project_word(projects[0].name)}绩效目标审核结论为“{projects[0].verdict}”"
    elif max(counts.values()) == n:
        text = f"经审核，你单位报送的{n}个项目审核结论均为“{projects[0].verdict}”"
    else:
        text = f"经审核，你单位报送的{n}个项目中，" + "，".join(
            f"“{v}”{c}个" for v, c in counts.items() if c)
    total = sum(len(p.indicators) for p in projects)
    failed = sum(len(p.failed) for p in projects)
    return f"{text}；{_count_clause(total, failed)}。"


def unit_verdict(projects: list[Project]) -> str:
    return max((p.verdict for p in projects), key=VERDICTS.index)


def findings_of(projects: list[Project]) -> list[dict]:
    """Every finding of these projects, in document order (also the summary's detail rows)."""
    out = []
    for p in projects:
        for ind in p.indicators:
            for i in ind.issues:
                out.append({"unit": p.unit, "project": p.name, "row": ind.row, "name": ind.name,
                            "value": ind.value, "code": i["code"], "severity": i["severity"],
                            "message": i["message"], "suggestion": ind.suggestion or ""})
        for i in p.issues:
            out.append({"unit": p.unit, "project": p.name, "row": None, "name": "", "value": "",
                        "code": i["code"], "severity": i["severity"], "message": i["message"],
                        "suggestion": i.get("suggestion") or ""})
    return out


def opinion_contexts(form: ReviewedForm, *, organ: str | None = None, date: dt.date | None = None,
                     deadline: dt.date | None = None, cfg: Config | None = None) -> list[dict]:
    """One template context per unit, in the order units first appear in the form."""
    from perfdoc.render import formatting as fmt
    from perfdoc.render.layout import title_lines

    cfg = cfg or load_config()
    organ = organ or cfg.opinion.organ
    when = fmt.date(date or dt.date.today())
    year = f"{form.year}年度" if form.year else ""
    out = []
    for unit, projects in form.units().items():
        for p in projects:
            p.verdict, p.reason = conclude(p, cfg)
        items = []
        for k, p in enumerate(projects, start=1):
            lines = [_indicator_line(i) for i in p.flagged] + [_project_line(i) for i in p.issues]
            items.append({"num": fmt.heading(k, 2), "name": p.name, "verdict": p.verdict, "lead": _lead(p),
                          "findings": [f"{n}.{t}" for n, t in enumerate(lines, start=1)]})
        n = len(projects)
        scope = _project_word(projects[0].name) if n == 1 else f"{n}个项目"
        counts = {v: sum(1 for p in projects if p.verdict == v) for v in VERDICTS}
        verdict = unit_verdict(projects)
        out.append({
            "organ": organ, "unit": unit, "date": when, "year": form.year or "",
            "title": title_lines(f"{unit}{year}绩效目标审核意见书", keep=(unit,)),
            "intro": f"根据预算绩效管理有关规定，{organ}对你单位报送的{scope}绩效目标进行了审核。"
                     "现将审核意见反馈如下：",
            "conclusion": _conclusion(projects), "projects": items,
            "h": {"conclusion": fmt.heading(1), "projects": fmt.heading(2), "requirements": fmt.heading(3)},
            "verdict": verdict, "all_passed": verdict == "通过", "any_revise": counts["修改后通过"] > 0,
            "any_rejected": counts["不通过"] > 0, "deadline": fmt.date(deadline) if deadline else "",
            "issued": f"{when}印发", "findings": findings_of(projects),
            "summary": [{"unit": unit, "project": p.name, "indicators": len(p.indicators),
                         "failed": len(p.failed), "other": sum(1 for i in p.flagged if i.measurable),
                         "project_issues": "；".join(i["message"] for i in p.issues),
                         "verdict": p.verdict, "reason": p.reason} for p in projects],
        })
    if not out:
        raise InputError("审核结果中没有任何项目", file=form.path)
    return out


def render_opinions(path: str | Path, out: str | Path, *, unit: str | None = None, organ: str | None = None,
                    date: dt.date | None = None, deadline: dt.date | None = None,
                    template: str | Path | None = None,
                    progress: Callable[[int, int], None] | None = None) -> Path:
    """Write one 绩效目标审核意见书 per unit and 审核意见汇总.xlsx into the folder `out`."""
    from perfdoc.fileio import refuse_same_path
    from perfdoc.render.opinion import write_opinions

    out = Path(out)
    refuse_same_path(path, out)
    if out.exists() and not out.is_dir():
        raise UsageError("审核意见书的输出应为文件夹", file=out, hint="例如 -o out/审核意见书")
    form = read_review(path, unit=unit)
    contexts = opinion_contexts(form, organ=organ, date=date, deadline=deadline)
    return write_opinions(contexts, out, template=template, progress=progress)
