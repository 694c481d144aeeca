"""Rendering speed: perfdoc against plain docxtpl on the same template and context (the floor).

Run: .venv/bin/python bench/render.py [--notices 500] [--repeat 15]

1. statement: a ~10-page 情况说明 rendered from its outline (the seed-000 example's 提纲 plus 40 rows:
   paragraphs and run-in headings with {名称} facts, and a 30-row table sheet).
   perfdoc = perfdoc.render() end to end (read workbook, derive, render, atomic write);
   floor   = DocxTemplate(template).render(same context, same sandboxed autoescaping env) + save.
2. notices: a workbook with N units × 2 problems.
   perfdoc = perfdoc.render("notices") end to end (read, derive, N .docx, ledger, atomic folder);
   floor   = N × (DocxTemplate(template).render(context) + save to a file).
Prints medians and the ratio perfdoc / floor (target ≤ 1.3).
"""
from __future__ import annotations

import argparse
import copy
import io
import statistics
import sys
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]


def _timed(fn, repeat: int) -> float:
    times = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--notices", type=int, default=500)
    ap.add_argument("--repeat", type=int, default=15)
    ap.add_argument("--statement-only", action="store_true", help="skip the notices part")
    args = ap.parse_args(argv)

    from docxtpl import DocxTemplate

    from perfdoc import render
    from perfdoc.render.api import prepare
    from perfdoc.render.engine import jinja_env
    from perfdoc.resources import template
    from perfdoc.workbook.blank import write_workbook

    base = yaml.safe_load((ROOT / "examples" / "chengjiang-2023.yaml").read_text(encoding="utf-8"))
    tmp = Path(tempfile.mkdtemp(prefix="perfdoc-bench-"))
    env = jinja_env()

    # 1. statement (~10 pages)
    big = copy.deepcopy(base)
    big["提纲"].append({"级别": 1, "标题": "补充说明"})
    for k in range(40):
        text = (f"{{年度}}年第{k + 1}项：共纳入指标库{{纳入指标库指标总数}}绩效指标，评估金额{{事前评估金额合计}}，"
                + "加强预算绩效管理，" * 10 + "覆盖率{目标管理部门覆盖率}。")
        big["提纲"].append({"级别": 2, "标题": f"第{k + 1}项", "内容": text} if k % 2 else {"内容": text})
    big["提纲"].append({"内容": "明细如下：", "表格": "明细"})
    big["明细"] = [["序号", "单位", "金额（万元）"]] + [[k, f"澄江市第{k:02d}预算单位", f"{k * 101.5:,.2f}"]
                                                for k in range(1, 31)]
    data = write_workbook(tmp / "statement-data.xlsx", big)
    out = tmp / "statement.docx"
    render("statement", data, out)
    import docx

    from perfdoc.render.engine import compiled

    paragraphs = len(docx.Document(str(out)).paragraphs)
    _, contexts = prepare("statement", data)
    ctx = contexts[0]
    tpl_path = template("statement.docx")

    def floor_statement():
        t = DocxTemplate(str(tpl_path))
        t.render(ctx, env)
        t.save(io.BytesIO())

    from perfdoc.workbook import clear_cache

    def ours_statement():
        clear_cache()  # cold: the workbook is read and validated every time
        render("statement", data, out)

    def ours_statement_warm():
        render("statement", data, out)  # the same workbook again (e.g. statement after circular)

    def ours_statement_render_only():
        compiled(tpl_path).render_bytes(ctx)

    floor_statement(), ours_statement()  # warm up imports and caches
    f_s = _timed(floor_statement, args.repeat)
    o_s = _timed(ours_statement, args.repeat)
    r_s = _timed(ours_statement_render_only, args.repeat)
    w_s = _timed(ours_statement_warm, args.repeat)

    print(f"statement from the outline: {paragraphs} paragraphs, 1 table (~10 pages); median of {args.repeat}")
    print(f"  floor  (plain docxtpl render + save)         {f_s * 1000:7.1f} ms")
    print(f"  perfdoc render() end to end, workbook cold    {o_s * 1000:7.1f} ms   ratio {o_s / f_s:.2f}")
    print(f"  perfdoc render() end to end, workbook cached  {w_s * 1000:7.1f} ms   ratio {w_s / f_s:.2f}")
    print(f"  perfdoc compiled template, render only        {r_s * 1000:7.1f} ms   ratio {r_s / f_s:.2f}")
    if args.statement_only:
        return 0

    # 2. notices
    n = args.notices
    many = copy.deepcopy(base)
    proto = base["问题清单"][:2]
    many["问题清单"] = [dict(p, 单位名称=f"澄江市第{k:03d}预算单位") for k in range(1, n + 1) for p in proto]
    ndata = write_workbook(tmp / "notices-data.xlsx", many)
    _, ncontexts = prepare("notices", ndata)
    ntpl = template("notice.docx")
    floor_dir = tmp / "floor"
    floor_dir.mkdir()

    def floor_notices():
        for k, c in enumerate(ncontexts):
            t = DocxTemplate(str(ntpl))
            t.render(c, env)
            t.save(str(floor_dir / f"{k}.docx"))

    t0 = time.perf_counter()
    floor_notices()
    f_n = time.perf_counter() - t0
    import os

    results = {}
    for workers in ("1", "2"):
        clear_cache()
        os.environ["PERFDOC_WORKERS"] = workers
        t0 = time.perf_counter()
        render("notices", ndata, tmp / f"notices-{workers}")
        results[workers] = time.perf_counter() - t0
    os.environ.pop("PERFDOC_WORKERS")
    produced = len(list((tmp / "notices-2").glob("*.docx")))

    print(f"notices: {n} units, {len(many['问题清单'])} problems, {produced} documents + ledger; one run each")
    print(f"  floor  (docxtpl per notice, 1 process)        {f_n:7.2f} s")
    print(f"  perfdoc render() end to end, 1 process        {results['1']:7.2f} s   ratio {results['1'] / f_n:.2f}")
    print(f"  perfdoc render() end to end, 2 workers        {results['2']:7.2f} s   ratio {results['2'] / f_n:.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
