"""Every derived figure of the three documents, computed in one place.

Sums and their parts, rates and distributions, grades from scores, heading numbers from the
sections actually present, document numbers. Where the workbook states a total and its parts
and they disagree, an Inconsistency names the cell and the expected value; the caller decides
whether to stop (default) or to render and list them (--force). Values stay numbers here
(Decimal, int, date); render.formatting turns them into text.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from perfdoc.config import Config, load_config
from perfdoc.errors import DataError
from perfdoc.workbook.schema import Loc, YearData

HUNDRED = Decimal(100)
_DIGITS = "零一二三四五六七八九"


@dataclass
class Inconsistency:
    message: str
    expected: str
    loc: Loc

    def error(self) -> DataError:
        return DataError(f"{self.message}（应为 {self.expected}）", file=self.loc.file, sheet=self.loc.sheet,
                         row=self.loc.row, column=self.loc.column, hint="核对数据后重试，或加 --force 照常生成")

    def __str__(self) -> str:
        return str(self.error())


@dataclass
class Derivation:
    """Figures for one document plus every inconsistency found while computing them."""

    figures: dict[str, Any]
    issues: list[Inconsistency] = field(default_factory=list)


def cn_numeral(n: int) -> str:
    """Chinese numeral for 1–99 (一, 十, 十一, 二十三)."""
    if not 0 < n < 100:
        raise ValueError(n)
    tens, ones = divmod(n, 10)
    if tens == 0:
        return _DIGITS[ones]
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[ones] if ones else "")


def heading_numbers(outline: list[tuple[str, bool, list[tuple[str, bool]]]]) -> dict[str, str]:
    """Numbers for the sections present: 一、二、… at level 1, （一）（二）… restarting under each parent.

    `outline` lists (id, present, [(child id, present), …]); absent entries get "".
    """
    numbers: dict[str, str] = {}
    top = 0
    for key, present, children in outline:
        numbers[key] = ""
        for child, _ in children:
            numbers[child] = ""
        if not present:
            continue
        top += 1
        numbers[key] = f"{cn_numeral(top)}、"
        sub = 0
        for child, child_present in children:
            if child_present:
                sub += 1
                numbers[child] = f"（{cn_numeral(sub)}）"
    return numbers


def quantize(value: Decimal | int | float, places: int) -> Decimal:
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def percent(part: Decimal | int, whole: Decimal | int, places: int) -> Decimal | None:
    """part / whole as a percentage rounded half-up to `places` (61/61 → 100.00)."""
    if part is None or whole is None or Decimal(whole) == 0:
        return None
    return quantize(Decimal(part) * HUNDRED / Decimal(whole), places)


def as_percent(value: Decimal | None) -> Decimal | None:
    """A rate typed either as 75 or as 0.75 (a %-formatted Excel cell) → 75."""
    if value is None:
        return None
    return value * HUNDRED if value <= 1 and value != 0 and "%" not in str(value) else value


class _Checker:
    def __init__(self, data: YearData) -> None:
        self.data = data
        self.issues: list[Inconsistency] = []

    def add(self, message: str, expected: Any, key: str) -> None:
        self.issues.append(Inconsistency(message, str(expected), self.data.loc(key)))

    def total(self, given: Any, parts: list, key: str, label: str, part_label: str, fmt=str) -> Any:
        """The total: stated or summed; a stated total that differs from its parts is an issue."""
        if any(p is None for p in parts) or not parts:
            return given
        summed = sum(parts[1:], parts[0])
        if given is not None and given != summed:
            self.add(f"{label}为 {fmt(given)}，与{part_label}之和 {fmt(summed)} 不符", fmt(summed), key)
        return summed if given is None else given

    def grade(self, cfg: Config, score: Decimal | None, given: str | None, key: str, what: str) -> str | None:
        if score is None:
            return given
        computed = cfg.grade(float(score))
        if given is not None and given != computed:
            self.add(f"{what}得分 {score} 对应等级“{computed}”，表中填写为“{given}”", f"“{computed}”", key)
        return computed


def _amount_fmt(places: int):
    return lambda v: f"{quantize(v, places):,.{places}f}"


def derive_statement(data: YearData, cfg: Config | None = None) -> Derivation:
    """Checks of the 情况说明's figures, then its outline with every fact placed."""
    cfg = cfg or load_config()
    p = cfg.precision
    f = data.facts
    ck = _Checker(data)
    amt = _amount_fmt(p.amount)
    fig: dict[str, Any] = {}

    # 指标体系
    fig["indicator_total"] = ck.total(f.indicator_total, [f.indicator_dept, f.indicator_project],
                                      "facts.indicator_total", "纳入指标库指标总数", "部门整体与项目支出指标数")

    # 事前评估
    rows = []
    for i, e in enumerate(data.exante):
        grade = ck.grade(cfg, e.score, e.grade, f"exante.{i}.grade", f"“{e.project}”")
        reduced = e.reduced
        if e.amount is not None and e.arranged is not None:
            computed = e.amount - e.arranged
            if reduced is not None and reduced != computed:
                ck.add(f"“{e.project}”调减金额 {amt(reduced)} 与评估金额减拟安排金额 {amt(computed)} 不符",
                       amt(computed), f"exante.{i}.reduced")
            reduced = computed
        rows.append({"unit": e.unit, "project": e.project, "amount": e.amount, "score": e.score,
                     "grade": grade, "arranged": e.arranged, "reduced": reduced})
    fig["exante"] = rows
    fig["exante_count"] = len(rows)
    fig["exante_total"] = ck.total(f.exante_total, [e.amount for e in data.exante], "facts.exante_total",
                                   "事前评估金额合计", "各项目评估金额", amt)

    # 目标管理与运行监控覆盖
    def cover(part, whole, key, label):
        if part is not None and whole is not None and part > whole:
            ck.add(f"{label} {part} 超过总数 {whole}", f"不大于 {whole}", key)
        return percent(part, whole, p.rate)

    fig["goal_dept_rate"] = cover(f.goal_depts, f.dept_total, "facts.goal_depts", "目标管理部门数")
    fig["goal_project_rate"] = cover(f.goal_projects, f.project_total, "facts.goal_projects", "目标管理项目数")
    fig["goal_amount_rate"] = cover(f.goal_amount, f.project_amount_total, "facts.goal_amount", "目标管理项目金额")
    fig["monitor_dept_rate"] = cover(f.monitor_depts, f.dept_total, "facts.monitor_depts", "运行监控部门数")
    fig["monitor_project_rate"] = cover(f.monitor_projects, f.project_total, "facts.monitor_projects",
                                        "运行监控项目数")
    fig["self_eval_dept_rate"] = cover(f.self_eval_depts, f.dept_total, "facts.self_eval_depts",
                                       "整体支出自评部门数")

    # 重点监控
    fig["key_monitoring"] = list(data.key_monitoring)
    fig["key_monitor_count"] = len(data.key_monitoring)
    fig["key_monitor_total"] = ck.total(f.key_monitor_total, [k.amount for k in data.key_monitoring],
                                        "facts.key_monitor_total", "重点监控金额合计", "各项目监控金额", amt)

    # 绩效自评：核查表份数及等级分布
    forms = ck.total(f.check_forms_total, [f.check_dept_forms, f.check_project_forms],
                     "facts.check_forms_total", "自评核查表总数", "部门整体与项目自评核查数")
    fig["check_forms_total"] = forms
    grade_counts = [("优", f.self_grade_excellent, "self_grade_excellent"),
                    ("良", f.self_grade_good, "self_grade_good"),
                    ("中", f.self_grade_fair, "self_grade_fair"),
                    ("差", f.self_grade_poor, "self_grade_poor")]
    given = [(g, n, k) for g, n, k in grade_counts if n is not None]
    distribution = []
    if given:
        counted = sum(n for _, n, _ in given)
        if forms is not None and counted != forms:
            last = given[-1][2]
            ck.add(f"各自评等级份数之和 {counted} 与自评核查表总数 {forms} 不符", forms, f"facts.{last}")
        base = forms if forms is not None else counted
        for g, n, _ in given:
            distribution.append({"grade": g, "count": n, "rate": percent(n, base, p.rate)})
    fig["self_grades"] = distribution
    fig["self_grades_nonzero"] = [d for d in distribution if d["count"]]
    fig["self_grades_zero"] = [d["grade"] for d in distribution if not d["count"]]

    # 重点评价
    evals = []
    for i, e in enumerate(data.key_evaluations):
        grade = ck.grade(cfg, e.score, e.grade, f"key_evaluations.{i}.grade", f"“{e.name}”")
        evals.append({"name": e.name, "unit": e.unit, "kind": e.kind, "budget_type": e.budget_type,
                      "amount": e.amount, "score": e.score, "grade": grade})
    fig["key_evaluations"] = evals
    fig["key_eval_dept_count"] = sum(1 for e in evals if e["kind"] == "部门整体")
    fig["key_eval_project_count"] = sum(1 for e in evals if e["kind"] == "项目")
    fig["key_eval_total"] = ck.total(f.key_eval_total, [e.amount for e in data.key_evaluations],
                                     "facts.key_eval_total", "重点评价金额合计", "各评价对象金额", amt)
    by_budget: dict[str, list[str]] = {}
    for e in evals:
        if e["budget_type"]:
            label = f"{e['unit']}{e['name']}" if e["unit"] and not e["name"].startswith(e["unit"]) else e["name"]
            by_budget.setdefault(e["budget_type"], []).append(label)
    fig["eval_budget_types"] = [{"budget_type": k, "objects": v} for k, v in by_budget.items()]

    # The statement itself: the user's outline with every fact placed (workbook.outline).
    from perfdoc.workbook.outline import build_outline, statement_title, unused_facts

    blocks, table = build_outline(data, fig, cfg)
    for m in table.mismatches:
        ck.issues.append(Inconsistency(m.message, m.expected, Loc(m.fact.loc.file, m.fact.loc.sheet,
                                                                   m.fact.loc.row, "数值")))
    fig["title"] = statement_title(data)
    fig["blocks"] = blocks
    fig["warnings"] = [f"工作表“{f.loc.sheet}”{f'第{f.loc.row}行' if f.loc.row else ''}的“{f.name}”"
                       f"（{{{f.name}}}）没有在提纲中使用" for f in unused_facts(table, data)]
    return Derivation(fig, ck.issues)


def document_number(code: str, year: int, seq: int) -> str:
    """发文字号: 机关代字〔年份〕序号号 (no leading zeros, hexagonal brackets)."""
    return f"{code}〔{year}〕{int(seq)}号"


def _require(data: YearData, value: Any, key: str, label: str, purpose: str) -> Any:
    if value is None:
        loc = data.loc(key)
        raise DataError(f"生成{purpose}需要填写“{label}”", file=loc.file or data._source,
                        sheet=loc.sheet or "基本信息", row=loc.row, column=loc.column or "内容")
    return value


def time_progress(data: YearData, places: int) -> Decimal | None:
    """The time-progress line: stated, else the share of the year elapsed at the monitoring date."""
    i = data.issuer
    if i.time_progress is not None:
        return quantize(as_percent(i.time_progress), places)
    if i.monitor_date is not None:
        return percent(i.monitor_date.month, 12, places)
    return None


def derive_circular(data: YearData, cfg: Config | None = None) -> Derivation:
    """Figures of the 通报: per-unit execution table ranked by rate, totals, problems by type."""
    cfg = cfg or load_config()
    p = cfg.precision
    i = data.issuer
    ck = _Checker(data)
    seq = _require(data, i.circular_seq, "issuer.circular_seq", "通报序号", "通报")
    if not data.monitoring:
        raise DataError("“监控结果”表中没有任何单位，无法生成通报", file=data._source, sheet="监控结果",
                        hint="每行填写一个单位的预算数和执行数")
    line = time_progress(data, p.rate)
    units = []
    for n, m in enumerate(data.monitoring):
        if m.budget == 0:
            loc = data.loc(f"monitoring.{n}.budget")
            raise DataError(f"“{m.unit}”预算数为 0，无法计算执行率", file=loc.file, sheet=loc.sheet,
                            row=loc.row, column=loc.column)
        rate = percent(m.spent, m.budget, p.rate)
        if m.rate is not None:
            stated = quantize(as_percent(m.rate), p.rate)
            if stated != rate:
                ck.add(f"“{m.unit}”执行率填写为 {stated}%，按执行数/预算数计算为 {rate}%", f"{rate}%",
                       f"monitoring.{n}.rate")
        exact = m.spent * HUNDRED / m.budget
        units.append({"unit": m.unit, "projects": m.projects, "budget": m.budget, "spent": m.spent,
                      "rate": rate, "below": line is not None and exact < line, "remark": m.remark,
                      "_exact": exact})
    # ranked by the exact rate, so two units shown with the same rounded rate keep a true order
    units.sort(key=lambda u: u["_exact"], reverse=True)
    for u in units:
        u.pop("_exact")
    for rank, u in enumerate(units, start=1):
        u["rank"] = rank
    budget = sum((u["budget"] for u in units), Decimal(0))
    spent = sum((u["spent"] for u in units), Decimal(0))
    projects = [u["projects"] for u in units]
    groups: dict[str, dict] = {}
    for pr in data.problems:
        g = groups.setdefault(pr.kind, {"kind": pr.kind, "units": [], "items": []})
        if pr.unit not in g["units"]:
            g["units"].append(pr.unit)
        g["items"].append(pr)
    year = i.number_year or i.year
    fig = {
        "number": document_number(i.code, year, seq),
        "subject": i.circular_subject or f"{i.year}年部门预算绩效运行监控",
        "recipients": i.recipients or "各预算部门（单位）",
        "time_progress": line,
        "units": units,
        "unit_count": len(units),
        "project_count": sum(projects) if units and all(x is not None for x in projects) else None,
        "budget_total": budget,
        "spent_total": spent,
        "rate_total": percent(spent, budget, p.rate),
        "below": [u for u in units if u["below"]],
        "above_count": sum(1 for u in units if not u["below"]),
        "problem_groups": list(groups.values()),
        "problem_units": len({pr.unit for pr in data.problems}),
    }
    return Derivation(fig, ck.issues)


def derive_notices(data: YearData, cfg: Config | None = None) -> Derivation:
    """One notice per unit (in order of first appearance) with its number and numbered problems."""
    cfg = cfg or load_config()
    i = data.issuer
    deadline = _require(data, i.notice_deadline, "issuer.notice_deadline", "整改期限", "整改通知单")
    code = i.notice_code or f"{i.code}整改"
    start = i.notice_start or 1
    year = i.number_year or i.year
    by_unit: dict[str, list] = {}
    for pr in data.problems:
        by_unit.setdefault(pr.unit.strip(), []).append(pr)
    notices = []
    for n, (unit, problems) in enumerate(by_unit.items()):
        bases = []
        for pr in problems:
            b = pr.basis or i.notice_basis
            if b and b not in bases:
                bases.append(b)
        projects = []
        for pr in problems:
            if pr.project and pr.project not in projects:
                projects.append(pr.project)
        kinds = []
        for pr in problems:
            if pr.kind not in kinds:
                kinds.append(pr.kind)
        notices.append({
            "seq": start + n,
            "number": document_number(code, year, start + n),
            "unit": unit,
            "problems": problems,
            "problem_count": len(problems),
            "measures": [pr.measure for pr in problems if pr.measure],
            "projects": projects,
            "kinds": kinds,
            "bases": bases,
            "deadline": deadline,
        })
    return Derivation({"notices": notices, "deadline": deadline, "date": i.date}, [])


def chinese_date(d: dt.date) -> str:
    """2023年12月31日 (Arabic numerals, no leading zeros)."""
    return f"{d.year}年{d.month}月{d.day}日"
