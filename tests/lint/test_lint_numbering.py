"""NUMBERING as a tree: each row is an outline and the findings a reader would agree with.

Rows are (paragraphs, expected findings as (paragraph, severity, suggestion)); every NUMBERING
finding of the outline must be listed, so a row also fails on any extra finding.
"""
from __future__ import annotations

import pytest

from perfdoc import fix_file, lint_file, lint_text

BODY = "正文内容。"

OUTLINES = [
    # a "1、" list directly under 一、: third level with （一） skipped (warning), never 一、/二、
    ("skip-level-1、",
     ["一、2023年工作开展情况", BODY, "1、完善制度", BODY, "2、加强培训", BODY, "3、开展评价", BODY, "二、存在问题", BODY],
     [(3, "warning", "1."), (5, "warning", "2."), (7, "warning", "3.")]),
    ("skip-level-1.",
     ["一、总体情况", "1.完善制度", "2.加强培训", "二、存在问题", "1.认识不足"],
     [(2, "warning", None), (5, "warning", None)]),
    # headings whose text starts with a digit are headings
    ("digit-after-marker", ["一、2023年工作开展情况", "（一）2023年预算编制", "（二）基本情况", "二、2024年工作打算"], []),
    ("digit-after-marker-jump", ["一、2023年工作开展情况", "三、2024年工作打算"], [(2, "error", "二、")]),
    ("ar-comma-digit-heading", ["一、总体情况", "（一）基本情况", "1、2023年预算编制", "2、2024年预算编制"],
     [(3, "warning", "1."), (4, "warning", "2.")]),
    # "（1）" directly under 三、 skips two levels
    ("paren-under-top", ["一、总体情况", "（一）基本情况", "二、主要做法", "（一）做法", "三、存在问题",
                         "（1）认识不足", "（2）能力不足", "（3）队伍不强"], [(6, "error", "（一）")]),
    ("paren-under-top-2", ["一、总体情况", "（1）认识不足", "（2）能力不足"], [(2, "error", "（一）")]),
    # double numbering
    ("double", ["一、总体情况", "1.（一）基本情况", "（二）主要做法"], [(2, "error", "（一）")]),
    ("double-2", ["一、总体情况", "（一）1.基本情况"], [(2, "error", "（一）")]),
    # a jump is reported against its siblings only
    ("one-wrong-mid-list", ["一、总体情况", "（一）基本情况", "1.甲", "2.乙", "5.丙", "4.丁", "5.戊", "（二）做法"],
     [(5, "error", "3.")]),
    ("duplicate-mid-list", ["一、总体情况", "（一）基本情况", "1.甲", "2.乙", "2.丙", "4.丁"], [(5, "error", "3.")]),
    ("missing-one", ["一、总体情况", "（一）基本情况", "1.甲", "3.乙", "4.丙", "5.丁"], [(4, "error", "2.")]),
    ("top-jump-once", ["一、总体情况", "二、做法", "四、问题", "五、建议"], [(3, "error", "三、")]),
    # lists under 附件 are not headings; an attachment may start its own outline
    ("attachments", ["一、总体情况", "（一）基本情况", "附件：", "1、绩效评价报告", "2、整改清单"], []),
    ("attachments-2", ["一、总体情况", "附件", "1、评价指标体系", "3、评分表", "一、评价指标", "（一）产出"], []),
    # as published (http://1.25.240.11:8082/sites/wltzq/zwinfo.jsp?id=19718)
    ("attachments-real", ["现印发给你们，请认真贯彻执行。", "附件:1、乌拉特中旗旗级绩效评价管理办法",
                          "2、乌拉特中旗转移支付资金预算绩效管理办法", "乌拉特中旗财政局", "2022年3月16日", "附件1:",
                          "第一章 总 则"], []),
    # a marker in the wrong style, where the outline shows its level (seed 000's slips)
    ("misstyled-top", ["1、基础工作", "（一）指标体系", "二、评估管理", "（一）评估"], [(1, "error", "一、")]),
    ("misstyled-top-4", ["一、甲", "二、乙", "三、丙", "（一）丁", "4、绩效评价", "（一）评价范围"], [(5, "error", "四、")]),
    ("misstyled-second", ["一、甲", "（一）目标管理", "（2）运行监控", "（三）结果应用"], [(3, "error", "（二）")]),
    # correct outlines
    ("clean-full", ["一、总体情况", "（一）基本情况", "1.开展自评", "（1）范围", "（2）方式", "2.开展评价", "（二）主要做法",
                    "二、存在问题", "（一）认识不足"], []),
    ("clean-under-second", ["一、总体", "（一）基本", "（1）范围", "（2）方式", "（二）做法"], []),
]


@pytest.mark.parametrize(("name", "lines", "expected"), OUTLINES, ids=[r[0] for r in OUTLINES])
def test_numbering_tree(name, lines, expected):
    got = [(f.paragraph, f.severity, f.suggestion) for f in lint_text("\n".join(lines)) if f.code == "NUMBERING"]
    assert got == expected


def test_skip_level_never_suggests_first_level():
    lines = ["一、2023年工作开展情况", "1、完善制度", "2、加强培训", "3、开展评价", "二、存在问题", "（一）认识不足"]
    findings = [f for f in lint_text("\n".join(lines)) if f.code == "NUMBERING"]
    assert all(f.severity == "warning" for f in findings)
    assert not any((f.suggestion or "").endswith("、") for f in findings)
    assert "跳过了“（一）”" in findings[0].message and "1." in findings[0].message


@pytest.mark.parametrize("kind", ["txt", "docx"])
def test_fix_keeps_the_tree(make_draft, tmp_path, kind):
    lines = ["一、2023年工作开展情况", "1、完善制度", "2、加强培训", "3、开展评价", "二、存在问题", "（一）认识不足",
             "（2）能力不足", "三、建议", "（1）加强培训", "（2）强化监控"]
    src = make_draft(lines, kind)
    out = fix_file(src, tmp_path / f"fixed.{kind}")
    if kind == "txt":
        after = out.read_text(encoding="utf-8").splitlines()
    else:
        import docx

        after = [p.text for p in docx.Document(out).paragraphs if p.text.strip()]
    assert after[0] == lines[0] and after[4] == "二、存在问题" and after[7] == "三、建议"
    assert after[1:4] == ["1.完善制度", "2.加强培训", "3.开展评价"]
    assert after[6] == "（二）能力不足"
    assert after[8:] == ["（一）加强培训", "（二）强化监控"]
    left = [f for f in lint_file(out) if f.code == "NUMBERING" and f.severity == "error"]
    assert left == []


def test_fix_reports_changes(make_draft, tmp_path):
    from perfdoc.lint.api import apply_fixes

    src = make_draft(["一、总体", "（一）基本", "1.甲", "2.乙", "5.丙", "4.丁", "二、问题"])
    changes = apply_fixes(src, tmp_path / "out.txt")
    assert [(c.paragraph, c.code, c.before, c.after) for c in changes] == [(5, "NUMBERING", "5.", "3.")]


def test_fix_leaves_a_run_after_a_jump(make_draft, tmp_path):
    # 1. 3. 4. 5.: renumbering the run is the author's call; --fix changes nothing
    src = make_draft(["一、总体", "（一）基本", "1.甲", "3.乙", "4.丙", "5.丁"])
    out = fix_file(src, tmp_path / "out.txt")
    assert out.read_text(encoding="utf-8") == src.read_text(encoding="utf-8")


def test_lint_api_one_direction():
    import ast
    from pathlib import Path

    import perfdoc.lint as pkg

    root = Path(pkg.__file__).parent
    imports = {}
    for name in ("api", "fix"):
        tree = ast.parse((root / f"{name}.py").read_text(encoding="utf-8"))
        imports[name] = {n.module for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
    assert "perfdoc.lint.fix" in imports["api"]
    assert "perfdoc.lint.api" not in imports["fix"]


def test_cli_fix_lists_changes(make_draft, tmp_path):
    import os
    import subprocess
    import sys

    src = make_draft(["一、2023年工作开展情况", "1、完善制度", "2、加强培训", "二、存在问题"])
    env = dict(os.environ, NO_COLOR="1")
    env.pop("PERFDOC_CONFIG", None)
    r = subprocess.run([sys.executable, "-m", "perfdoc", "lint", str(src), "--fix", "-o", str(tmp_path / "o.txt")],
                       capture_output=True, text=True, env=env, timeout=120)
    assert r.returncode == 0, r.stderr
    assert "自动修正 2 处" in r.stderr
    assert "第2段  NUMBERING：“1、”→“1.”" in r.stderr and "第3段  NUMBERING：“2、”→“2.”" in r.stderr
    assert (tmp_path / "o.txt").read_text(encoding="utf-8").splitlines()[3] == "二、存在问题"
