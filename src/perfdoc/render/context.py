"""Context builders: derived figures → the text values each template places.

Templates only place values; every number, percentage, heading number and optional clause is
decided here (from workbook.derive), so the built-in and a user's template say the same thing.
"""
from __future__ import annotations

from typing import Any

from perfdoc.config import Config
from perfdoc.render import formatting as fmt
from perfdoc.render.layout import copy_lines, split_items
from perfdoc.workbook.derive import Derivation, heading_numbers
from perfdoc.workbook.schema import YearData

def statement_context(data: YearData, d: Derivation, cfg: Config) -> dict[str, Any]:
    """The 情况说明: title, the outline's blocks in order (text already final), signature."""
    i, g = data.issuer, d.figures
    return {
        "title": fmt.title_lines(g["title"]), "region": i.region, "year": i.year, "organ": i.organ,
        "date": fmt.date(i.date), "blocks": [b.as_dict() for b in g["blocks"]],
    }


def _progress_clause(above: int, below: list[dict], rate) -> str:
    """Who reached the time schedule, worded for none, one, some and all units."""
    named = "、".join(f"{u['unit']}（{rate(u['rate'])}）" for u in below)
    if not below:
        return "所有部门（单位）均达到时间进度要求" if above > 1 else "纳入监控的部门（单位）达到时间进度要求"
    if above == 0:
        if len(below) == 1:
            return f"纳入监控的{named}低于时间进度"
        return f"所有部门（单位）均未达到时间进度要求，分别是：{named}"
    reached = "仅1个部门（单位）达到时间进度要求" if above == 1 else f"{above}个部门（单位）达到时间进度要求"
    if len(below) == 1:
        return f"{reached}，仅{named}低于时间进度"
    return f"{reached}，{len(below)}个部门（单位）低于时间进度，分别是：{named}"


def _units_clause(units: list[str]) -> str:
    """'涉及A。' for one unit, '涉及A、B等2个部门（单位）。' for several."""
    if len(units) == 1:
        return f"涉及{units[0]}。"
    return f"涉及{'、'.join(units)}等{len(units)}个部门（单位）。"


def circular_context(data: YearData, d: Derivation, cfg: Config) -> dict[str, Any]:
    """The 通报: header, coverage paragraph, ranked unit table, problems by type, requirements."""
    from docxtpl import RichText

    i, g = data.issuer, d.figures
    wan = lambda v: fmt.wan(v, cfg)  # noqa: E731
    rate = lambda v: fmt.rate(v, cfg)  # noqa: E731
    line = g["time_progress"]
    when = f"截至{fmt.date(i.monitor_date)}，" if i.monitor_date else ""
    units = []
    for u in g["units"]:
        units.append({
            "rank": u["rank"], "unit": u["unit"], "projects": fmt.count(u["projects"]),
            "budget": fmt.amount(u["budget"], cfg), "spent": fmt.amount(u["spent"], cfg),
            "rate": RichText(rate(u["rate"]), bold=u["below"]),
            "bg": "FCE4D6" if u["below"] else "auto", "below": u["below"],
        })
    projects = f"{g['project_count']}个项目" if g["project_count"] is not None else ""
    basic = [f"本次共对{g['unit_count']}个预算部门（单位）{projects}开展绩效运行监控，"
             f"纳入监控的预算数合计{wan(g['budget_total'])}，{when}执行数合计{wan(g['spent_total'])}，"
             f"总体预算执行率{rate(g['rate_total'])}。"]
    results = []
    if line is not None:
        results.append(f"按时间进度{rate(line)}衡量，" + _progress_clause(g["above_count"], g["below"], rate)
                       + "。各部门（单位）执行情况见下表（低于时间进度的以底色标示）。")
    else:
        results.append("各部门（单位）执行情况见下表。")
    groups = []
    for n, grp in enumerate(g["problem_groups"], start=1):
        details = []
        for pr in grp["items"]:
            where = f"{pr.unit}" + (f"“{pr.project}”" if pr.project else "")
            details.append(f"{where}：{pr.description}")
        groups.append({"num": fmt.heading(n, 2), "kind": grp["kind"],
                       "summary": _units_clause(grp["units"]),
                       "details": [f"{k}.{t}" for k, t in enumerate(details, start=1)]})
    show = {"basic": True, "results": bool(units), "problems": bool(groups), "requirements": True}
    h = heading_numbers([(k, v, []) for k, v in show.items()])
    deadline = i.circular_deadline
    office = i.office or ""
    req = ["各部门（单位）要对照本通报反映的问题，逐项分析原因，制定整改措施，切实加快预算执行进度。",
           "低于时间进度的部门（单位）要加快项目实施和资金支付，确保绩效目标如期实现。"]
    report = "请各部门（单位）"
    if deadline:
        report += f"于{fmt.date(deadline)}前"
    report += f"将整改情况书面报送{i.organ}{office}"
    contact = "，".join(x for x in (f"联系人：{i.contact}" if i.contact else "",
                                   f"联系电话：{i.phone}" if i.phone else "") if x)
    report += f"（{contact}）。" if contact else "。"
    req.append(report)
    problem_rows = [{"seq": n, "unit": pr.unit, "kind": pr.kind, "project": pr.project or "",
                     "description": pr.description}
                    for n, pr in enumerate(data.problems, start=1)]
    annex_title = f"{i.year}年绩效运行监控发现问题清单"
    return {
        "organ": i.organ, "number": g["number"], "title": fmt.title_lines(f"关于{g['subject']}情况的通报"),
        "recipients": g["recipients"],
        "intro": f"为加强预算绩效管理，提高财政资金使用效益，{i.organ}组织开展了{g['subject']}工作。"
                 "现将有关情况通报如下：",
        "h": h, "show": show, "basic": basic, "results": results, "units": units,
        "time_progress": rate(line), "groups": groups,
        "requirements": [f"{k}.{t}" for k, t in enumerate(req, start=1)],
        "has_annex": bool(problem_rows), "annex_title": fmt.title_lines(annex_title), "annex": f"附件：{annex_title}",
        "problem_rows": problem_rows, "date": fmt.date(i.date), "cc": i.cc or "",
        "cc_text": "\n".join(copy_lines("抄送：", split_items(i.cc or ""))),
        "issued": f"{fmt.date(i.date)}印发", "table_unit": "单位：万元",
        "totals": {"budget": fmt.amount(g["budget_total"], cfg), "spent": fmt.amount(g["spent_total"], cfg),
                   "rate": rate(g["rate_total"]), "projects": fmt.count(g["project_count"])},
    }


def _notice_scope(projects: list[str], problems) -> str:
    """What the problems are about: the named projects, else 项目支出 when the problems speak of
    projects (项目名称 left blank), else 部门整体支出."""
    if projects:
        return "、".join(projects) if len(projects) <= 3 else f"{'、'.join(projects[:3])}等{len(projects)}个项目"
    if any("项目" in f"{pr.kind}{pr.description}" for pr in problems):
        return "项目支出"
    return "部门整体支出"


def notice_contexts(data: YearData, d: Derivation, cfg: Config) -> list[dict[str, Any]]:
    """One context per 整改通知单, in the order units first appear in the problems sheet."""
    i = data.issuer
    office = i.office or ""
    contact = "，".join(x for x in (f"联系人：{i.contact}" if i.contact else "",
                                   f"联系电话：{i.phone}" if i.phone else "") if x)
    h = heading_numbers([(k, True, []) for k in ("problems", "measures", "deadline", "report")])
    out = []
    for n in d.figures["notices"]:
        basis = "、".join(n["bases"]) or f"{i.year}年度预算绩效管理工作"
        scope = _notice_scope(n["projects"], n["problems"])
        problems = [{"num": f"{k}.", "text": (f"{pr.project}：" if pr.project else "") + pr.description}
                    for k, pr in enumerate(n["problems"], start=1)]
        measures = [{"num": f"{k}.", "text": m} for k, m in enumerate(n["measures"], start=1)]
        deadline = fmt.date(n["deadline"])
        out.append({
            "organ": i.organ, "number": n["number"], "unit": n["unit"], "title": "预算绩效整改通知单",
            "basis": basis, "scope": scope,
            "intro": f"根据{basis}结果，你单位{scope}存在以下问题，现通知你单位限期整改。",
            "h": h, "problems": problems, "measures": measures,
            "general_measure": "请你单位高度重视，对照上述问题逐项制定整改措施，明确责任人和完成时限，"
                               "举一反三，健全制度，防止同类问题再次发生。",
            "deadline": deadline, "deadline_date": n["deadline"],
            "deadline_text": f"请于{deadline}前完成整改。",
            "report": f"请于{deadline}前将整改情况书面报送{i.organ}{office}"
                      + (f"（{contact}）" if contact else "") + "，并附相关佐证材料。",
            "date": fmt.date(i.date), "problem_count": n["problem_count"], "kinds": "、".join(n["kinds"]),
        })
    return out
