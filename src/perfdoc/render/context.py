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

STATEMENT_TITLES = {
    "basic": "基础工作开展情况", "rules": "制度建设", "indicators": "指标体系建设", "training": "业务培训",
    "exante": "事前绩效评估情况", "exante_work": "重点项目事前绩效评估", "exante_use": "评估结果应用",
    "goals": "绩效目标管理情况", "goal_review": "绩效目标审核", "goal_coverage": "绩效目标管理覆盖情况",
    "monitor": "绩效运行监控情况", "monitor_coverage": "绩效运行监控开展情况",
    "monitor_key": "重点项目绩效监控",
    "evaluation": "绩效评价情况", "eval_scope": "评价范围", "self_eval": "绩效自评",
    "key_eval": "财政重点绩效评价",
    "results": "绩效结果应用情况", "problems": "存在的问题", "next": "下一步工作打算",
}
_DOC_SECTION = {"rules": "制度建设", "indicators": "指标体系", "exante_work": "事前评估",
                "goal_review": "目标管理", "monitor_coverage": "运行监控", "self_eval": "绩效评价",
                "results": "结果应用"}
_TEXT_SECTION = {"rules": "制度建设", "indicators": "指标体系", "training": "业务培训",
                 "exante_work": "事前评估", "exante_use": "评估结果应用", "goal_review": "目标审核",
                 "goal_coverage": "目标覆盖", "monitor_coverage": "运行监控", "monitor_key": "重点监控",
                 "eval_scope": "评价范围", "self_eval": "绩效自评", "key_eval": "重点评价",
                 "results": "结果应用", "problems": "存在问题", "next": "下一步工作"}


def _level(region: str) -> str:
    """全市 / 全区 / 全县: the locality's own word for 'the whole of it'."""
    return region[-1] if region and region[-1] in "市区县旗州省" else "市"


def _with_share(claim: str, share: float | None, whole: str, rate) -> str:
    """'…的部门61个' + '，占部门总数的100.00%' when the share is known; `rate` formats it."""
    return claim + (f"，占{whole}的{rate(share)}" if share is not None else "")


def _sentence(clauses: list[str]) -> str:
    text = "，".join(c for c in clauses if c)
    return text + "。" if text else ""


def _books(docs) -> str:
    # GB/T 15834: no 顿号 between adjacent 《》 titles, but one when a （文号） stands between them
    docs = docs or []
    sep = "、" if any(d.number for d in docs) else ""
    return sep.join(fmt.book(d.title, d.number) for d in docs)


def statement_context(data: YearData, d: Derivation, cfg: Config) -> dict[str, Any]:
    """Paragraphs per section and formatted figures of the 情况说明."""
    i, f, g = data.issuer, data.facts, d.figures
    wan = lambda v: fmt.wan(v, cfg)  # noqa: E731
    rate = lambda v: fmt.rate(v, cfg)  # noqa: E731
    score = lambda v: fmt.score(v, cfg)  # noqa: E731
    year, region, organ, lvl = i.year, i.region, i.organ, _level(i.region)
    docs = {k: _books(g["documents"].get(v)) for k, v in _DOC_SECTION.items()}
    para: dict[str, list[str]] = {k: [] for k in STATEMENT_TITLES}

    if docs["rules"]:
        para["rules"].append(f"{year}年，{organ}印发了{docs['rules']}，预算绩效管理制度体系进一步健全。")

    ind = []
    if docs["indicators"]:
        ind.append(f"根据{docs['indicators']}要求")
    if f.indicator_depts is not None:
        ind.append(f"全{lvl}共计{f.indicator_depts}个预算部门建立了分行业分领域绩效指标体系")
    if g["indicator_total"] is not None:
        ind.append(f"共纳入指标库{g['indicator_total']}条绩效指标")
    if f.indicator_dept is not None and f.indicator_project is not None:
        ind.append(f"其中：部门整体绩效指标{f.indicator_dept}条，项目支出绩效指标{f.indicator_project}条")
    para["indicators"].append(_sentence(ind))

    tr = []
    if f.training_sessions is not None:
        tr.append(f"{year}年，{organ}共举办预算绩效管理业务培训{f.training_sessions}次")
    if f.trainees is not None:
        tr.append(f"参训人数累计达到{f.trainees}{'余' if f.trainees_approx else ''}人")
    para["training"].append(_sentence(tr))

    rows = g["exante"]
    ex = []
    if docs["exante_work"]:
        ex.append(f"印发{docs['exante_work']}")
    if rows:
        names = "、".join(r["project"] for r in rows)
        ex.append(f"选取{names}等{g['exante_count']}个项目开展事前绩效评估")
    if g["exante_total"] is not None:
        ex.append(f"评估金额{wan(g['exante_total'])}")
    para["exante_work"].append(_sentence(ex))
    if f.exante_threshold is not None:
        para["exante_work"].append(
            f"部门新增或增加预算超过{wan(f.exante_threshold)}的重大政策和项目，均应开展事前绩效评估。")
    for r in rows:
        parts = []
        r = dict(r, project=r["project"] + ("" if r["project"].endswith("项目") else "项目"))
        if r["score"] is not None:
            parts.append(f"{r['unit']}{r['project']}事前绩效评估得分{score(r['score'])}分，"
                         f"评定等级为“{r['grade']}”")
        elif r["grade"]:
            parts.append(f"{r['unit']}{r['project']}事前绩效评估等级为“{r['grade']}”")
        if r["arranged"] is not None:
            cut = f"，调减{wan(r['reduced'])}" if r["reduced"] else ""
            parts.append(f"结合评估结果拟安排预算{wan(r['arranged'])}{cut}")
        if parts:
            para["exante_use"].append(_sentence(parts))

    gr = []
    if docs["goal_review"]:
        gr.append(f"印发{docs['goal_review']}")
    if gr or f.goal_pass_projects is not None:
        # the pass mark (perfdoc.toml [review] goal_pass_score) is stated with the review figures
        gr.append(f"绩效目标评审得分低于{score(g['goal_pass_score'])}分的项目，不得进入预算项目库")
    para["goal_review"].append(_sentence(gr))
    if f.goal_pass_projects is not None or f.goal_pass_amount is not None:
        when = f"截至{fmt.date(f.goal_date)}，" if f.goal_date else ""
        cl = []
        if f.goal_pass_projects is not None:
            cl.append(f"{when}绩效目标评审通过项目{f.goal_pass_projects}个")
        if f.goal_pass_amount is not None:
            cl.append(f"涉及金额{wan(f.goal_pass_amount)}")
        para["goal_review"].append(_sentence(cl))

    cov = []
    if f.goal_depts is not None:
        cov.append(_with_share(
            f"开展绩效目标管理的部门{f.goal_depts}个", g["goal_dept_rate"], "部门总数", rate))
    if f.goal_projects is not None:
        cov.append(_with_share(
            f"开展绩效目标管理的项目{f.goal_projects}个", g["goal_project_rate"], "项目总数", rate))
    if f.goal_amount is not None:
        cov.append(_with_share(
            f"开展绩效目标管理的项目支出金额{wan(f.goal_amount)}", g["goal_amount_rate"], "项目支出总额", rate))
    if cov:
        para["goal_coverage"].append(f"{year}年，" + "；".join(cov) + "。")

    mc = []
    if f.monitor_depts is not None:
        mc.append(_with_share(
            f"开展绩效运行监控的部门{f.monitor_depts}个", g["monitor_dept_rate"], "部门总数", rate))
    if f.monitor_projects is not None:
        mc.append(_with_share(
            f"开展绩效运行监控的项目{f.monitor_projects}个", g["monitor_project_rate"], "项目总数", rate))
    if docs["monitor_coverage"]:
        para["monitor_coverage"].append(f"印发了{docs['monitor_coverage']}等文件，及时掌握财政资金使用状况，"
                                        "跟踪查找薄弱环节。")
    if mc:
        para["monitor_coverage"].append(f"{year}年，" + "；".join(mc) + "。")

    km = g["key_monitoring"]
    kc = []
    if km:
        kc.append(f"选取{'、'.join(k.project for k in km)}等{g['key_monitor_count']}个项目开展重点绩效监控")
    if g["key_monitor_total"] is not None:
        kc.append(f"监控金额{wan(g['key_monitor_total'])}")
    para["monitor_key"].append(_sentence(kc))
    numbers = [k.circular_number for k in km if k.circular_number]
    if numbers:
        para["monitor_key"].append(f"监控结束后分别印发了监控情况通报（{'、'.join(numbers)}），"
                                   "要求被监控项目主管单位按照监控发现的问题进行整改。")

    if f.eval_excluded_budget:
        text = f"{year}年度财政绩效评价未涉及{f.eval_excluded_budget}"
        if f.eval_excluded_reason:
            text += f"，原因是{f.eval_excluded_reason}"
        if f.eval_excluded_amount is not None:
            text += f"，{f.eval_excluded_budget}收支为{wan(f.eval_excluded_amount)}"
        para["eval_scope"].append(text + "。")
    if g["key_evaluations"]:
        scope = []
        if g["key_eval_dept_count"]:
            scope.append(f"{g['key_eval_dept_count']}个部门整体支出")
        if g["key_eval_project_count"]:
            scope.append(f"{g['key_eval_project_count']}个重点项目支出")
        text = f"选取了{'和'.join(scope)}开展评价"
        if g["eval_budget_types"]:
            text += "，范围涉及" + "、".join(f"{b['budget_type']}（{'、'.join(b['objects'])}）"
                                            for b in g["eval_budget_types"])
        para["eval_scope"].append(text + "。")

    if docs["self_eval"]:
        para["self_eval"].append(f"印发{docs['self_eval']}等文件，组织开展预算资金绩效自评及核查。")
    se = []
    if f.self_eval_depts is not None:
        se.append(_with_share(
            f"{year}年度开展部门整体支出绩效自评的部门{f.self_eval_depts}个", g["self_eval_dept_rate"], "预算部门总数", rate))
    if f.check_dept_forms is not None or f.check_project_forms is not None:
        picked = "和".join(x for x in (
            f"{f.check_dept_forms}个部门整体" if f.check_dept_forms is not None else "",
            f"{f.check_project_forms}个项目支出" if f.check_project_forms is not None else "") if x)
        se.append(f"选取{picked}开展自评核查" +
                  (f"，核查金额{wan(f.check_amount)}" if f.check_amount is not None else ""))
    elif f.check_amount is not None:
        se.append(f"自评核查金额{wan(f.check_amount)}")
    if se:
        para["self_eval"].append("；".join(se) + "。")
    if g["self_grades"]:
        forms = g["check_forms_total"]
        head = f"本次{forms}个绩效自评表中，" if forms is not None else "绩效自评表中，"
        parts = [f"自评等级为“{x['grade']}”的{x['count']}份，占{rate(x['rate'])}" for x in g["self_grades_nonzero"]]
        tail = "".join(f"，无“{z}”等级" for z in g["self_grades_zero"])
        para["self_eval"].append(head + "；".join(parts) + tail + "。")

    evals = g["key_evaluations"]
    ke = []
    if evals:
        scope = "和".join(x for x in (
            f"{g['key_eval_dept_count']}个部门整体支出" if g["key_eval_dept_count"] else "",
            f"{g['key_eval_project_count']}个重点项目" if g["key_eval_project_count"] else "") if x)
        by = f"由{f.key_eval_agency}" if f.key_eval_agency else ""
        ke.append(f"{year}年度，在单位自评的基础上，选定了{scope}{by}开展财政重点绩效评价工作")
    if g["key_eval_total"] is not None:
        ke.append(f"评价金额{wan(g['key_eval_total'])}")
    para["key_eval"].append(_sentence(ke))
    results = []
    for e in evals:
        what = e["name"] + ("整体支出" if e["kind"] == "部门整体" and not e["name"].endswith("支出") else "")
        what += "" if e["kind"] == "部门整体" or e["name"].endswith("项目") else "项目"
        sc = f"得分{score(e['score'])}分，" if e["score"] is not None else ""
        if e["grade"]:
            results.append(f"{what}评价{sc}等级为“{e['grade']}”")
    if results:
        para["key_eval"].append("，".join(results) + "。")

    if docs["results"]:
        para["results"].append(f"印发{docs['results']}，推动评价结果与预算安排挂钩。")
    for key, section in _TEXT_SECTION.items():
        extra = list(g["texts"].get(section, []))
        if key in ("problems", "next") and len(extra) > 1:
            extra = [f"{n}.{t}" for n, t in enumerate(extra, start=1)]
        para[key].extend(extra)
    para = {k: [t for t in v if t] for k, v in para.items()}

    intro = list(g["texts"].get("开头", [])) or [
        f"{year}年，{region}坚持以提高财政资金使用效益为主线，全过程推进预算绩效管理。"
        f"现将{region}{year}年度预算绩效管理工作开展情况说明如下。"]
    figures = {
        "indicator_total": fmt.count(g["indicator_total"]),
        "exante_total": wan(g["exante_total"]),
        "key_monitor_total": wan(g["key_monitor_total"]),
        "key_eval_total": wan(g["key_eval_total"]),
        "check_forms_total": fmt.count(g["check_forms_total"]),
        "goal_dept_rate": rate(g["goal_dept_rate"]), "goal_project_rate": rate(g["goal_project_rate"]),
        "goal_amount_rate": rate(g["goal_amount_rate"]), "monitor_dept_rate": rate(g["monitor_dept_rate"]),
        "monitor_project_rate": rate(g["monitor_project_rate"]),
        "self_eval_dept_rate": rate(g["self_eval_dept_rate"]),
        "self_grades": [{"grade": x["grade"], "count": x["count"], "rate": rate(x["rate"])}
                        for x in g["self_grades"]],
    }
    return {
        "title": fmt.title_lines(f"{year}年度{region}预算绩效管理工作开展情况说明"),
        "region": region, "year": year, "organ": organ, "date": fmt.date(i.date),
        "intro": intro, "h": g["h"], "show": g["show"], "para": para, "titles": STATEMENT_TITLES,
        "figures": figures,
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
