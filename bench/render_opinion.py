"""Rendering 绩效目标审核意见书: perfdoc against plain docxtpl on the same template and contexts.

Run: .venv/bin/python bench/render_opinion.py [--units 500] [--repeat 3]

A reviewed form of N units × 3 projects × 8 indicators (about a third flagged) is built in
memory (no review run: composition and rendering are what is measured).
  compose = perfdoc.opinion.opinion_contexts (conclusions, wording, title lines), reported apart;
  perfdoc = perfdoc.render.opinion.write_opinions: N .docx (layout passes: 版记 frames) plus
            审核意见汇总.xlsx, written atomically into a folder;
  floor   = N × (DocxTemplate(template).render(same context, same sandboxed autoescaping env) + save).
Prints medians and the ratio perfdoc / floor (target ≤ 1.3).
"""
from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


from render import _timed  # noqa: E402  (median of repeated runs; the script's folder is on sys.path)


def reviewed_form(units: int):
    from perfdoc.opinion import Indicator, Project, ReviewedForm

    issue = {"code": "NO_UNIT", "severity": "error", "message": "“覆盖率”是比率类指标，指标值“95”缺少百分号（%）。",
             "suggestion": None}
    vague = {"code": "VAGUE_VALUE", "severity": "error", "message": "“明显提升”是模糊表述，无法核验。", "suggestion": None}
    projects = []
    for u in range(units):
        for p in range(3):
            inds = []
            for k in range(8):
                issues = [issue] if k % 3 == 1 else ([vague] if k == 5 and p == 2 else [])
                inds.append(Indicator(f"指标{k}覆盖率", "95", 5 + k, "表1", issues,
                                      f"指标{k}覆盖率≥95%" if issues else None, not issues))
            extra = [{"code": "MISSING_SATISFACTION", "severity": "warning", "message": "项目缺少满意度指标。",
                      "suggestion": "补充“服务对象满意度≥90%”"}] if p == 1 else []
            projects.append(Project(f"第{p + 1}号项目支出", f"某县第{u + 1}局", inds, extra))
    return ReviewedForm(path=Path("bench.xlsx"), projects=projects, year="2024")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--units", type=int, default=500)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args(argv)

    from docxtpl import DocxTemplate

    from perfdoc.opinion import opinion_contexts
    from perfdoc.render.engine import jinja_env
    from perfdoc.render.opinion import BUILTIN, write_opinions
    from perfdoc.resources import template

    path = template(BUILTIN)
    form = reviewed_form(args.units)
    t0 = time.perf_counter()
    contexts = opinion_contexts(form, organ="某县财政局", date=dt.date(2024, 1, 1))
    compose = time.perf_counter() - t0
    tmp = Path(tempfile.mkdtemp(prefix="perfdoc-bench-"))
    env = jinja_env()

    def ours():
        out = tmp / "ours"
        shutil.rmtree(out, ignore_errors=True)
        write_opinions(contexts, out)

    def floor():
        out = tmp / "floor"
        shutil.rmtree(out, ignore_errors=True)
        out.mkdir()
        for k, ctx in enumerate(contexts):
            doc = DocxTemplate(str(path))
            doc.render(ctx, jinja_env=env)
            doc.save(str(out / f"{k}.docx"))

    ours()  # warm-up: compiled template, jieba, openpyxl imports
    t_ours = _timed(ours, args.repeat)
    t_floor = _timed(floor, args.repeat)
    n = len(contexts)
    print(f"opinions: {n} units, {sum(len(c['projects']) for c in contexts)} projects, "
          f"{sum(len(c['findings']) for c in contexts)} findings")
    print(f"  compose contexts            {compose:7.2f} s")
    print(f"  perfdoc write_opinions      {t_ours:7.2f} s  ({1000 * t_ours / n:.1f} ms per opinion, incl. summary .xlsx)")
    print(f"  plain docxtpl (floor)       {t_floor:7.2f} s  ({1000 * t_floor / n:.1f} ms per opinion)")
    print(f"  ratio perfdoc / floor       {t_ours / t_floor:7.2f}  (target ≤ 1.3)")
    print(f"  ratio incl. composing       {(t_ours + compose) / t_floor:7.2f}")
    shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
