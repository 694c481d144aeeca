"""Acceptance on the real statements in shared/seeds: what must be found, and what must not."""
from __future__ import annotations

import re

import pytest

from perfdoc import lint_file, lint_text


def seed(seeds_dir, prefix: str):
    return next(seeds_dir.glob(f"{prefix}_*.txt"))


def test_seed_000_numbering_and_doubled_closer(seeds_dir):
    findings = lint_file(seed(seeds_dir, "000"))
    numbering = [(f.excerpt, f.suggestion, f.severity) for f in findings if f.code == "NUMBERING"]
    assert numbering == [
        ("1、 基础工作开展情况", "一、", "error"),
        ("（2） 运行监控", "（二）", "error"),
        ("4、 绩效评价管理情况", "四、", "error"),
        ("（3） 评价规模", "（二）", "error"),
    ]
    doubled = [f for f in findings if f.code == "PUNCT_PAIR"]
    assert len(doubled) == 1 and "》》" in doubled[0].excerpt
    text = seed(seeds_dir, "000").read_text(encoding="utf-8")
    line = [ln for ln in text.splitlines() if ln.strip()][doubled[0].paragraph - 1]
    assert line[doubled[0].start] == "》" and line[doubled[0].start - 1] == "》"


def test_seed_001_mixed_pair(seeds_dir):
    findings = lint_file(seed(seeds_dir, "001"))
    mixed = [f for f in findings if f.code == "PUNCT_WIDTH"]
    assert [(f.excerpt[:4], f.suggestion) for f in mixed] == [("(一）加", "（一）")]
    # "1、" at the third level is a warning only: no error-level NUMBERING finding
    assert all(f.severity == "warning" for f in findings if f.code == "NUMBERING")


@pytest.mark.parametrize("prefix", ["000", "001", "003"])
def test_seed_no_false_alarms(seeds_dir, prefix):
    findings = lint_file(seed(seeds_dir, prefix))
    noisy = [f.lint_dict() for f in findings if f.code in ("ARITHMETIC", "TYPO", "DOC_NUMBER", "DATE_FORMAT",
                                                            "NUMBER_FORMAT")]
    assert noisy == []


# one stated figure of seed 000 changed → ARITHMETIC with the value that the other figures imply
MUTATIONS = [
    ("其中：部门整体绩效指标538条", "其中：部门整体绩效指标548条", "2506条"),
    ("项目支出绩效指标1958条", "项目支出绩效指标1985条", "2523条"),
    ("“优”的17份，占70.83%", "“优”的17份，占71.83%", "70.83%"),
    ("“良”的3份，占12.50%", "“良”的3份，占12.05%", "12.50%"),
    ("“中”的4份，占16.67%", "“中”的4份，占16.76%", "16.67%"),
    ("“中”的4份", "“中”的5份", "20.83%"),
]


@pytest.mark.parametrize(("old", "new", "expected"), MUTATIONS)
def test_seed_000_changed_figure(seeds_dir, old, new, expected):
    text = seed(seeds_dir, "000").read_text(encoding="utf-8")
    assert old in text
    findings = [f for f in lint_text(text.replace(old, new, 1)) if f.code == "ARITHMETIC"]
    assert len(findings) == 1, [f.lint_dict() for f in findings]
    assert expected in findings[0].message and expected in (findings[0].suggestion or "")
    # the expected figure is what the other stated figures give
    numbers = [float(x) for x in re.findall(r"\d+(?:\.\d+)?", expected.replace(",", ""))]
    assert numbers


def test_seed_000_changed_rate_with_total_stated(seeds_dir):
    text = seed(seeds_dir, "000").read_text(encoding="utf-8")
    old = "2023年，开展绩效目标管理的部门数有61个，占部门总数的100.00%"
    new = "2023年，全市共有64个预算部门，开展绩效目标管理的部门数有61个，占部门总数的100.00%"
    findings = [f for f in lint_text(text.replace(old, new)) if f.code == "ARITHMETIC"]
    assert [f.suggestion for f in findings] == [f"{61 / 64 * 100:.2f}%"]


@pytest.mark.parametrize("prefix", ["000", "001", "003"])
def test_seed_fix_relints_clean(seeds_dir, tmp_path, prefix):
    from perfdoc import fix_file

    out = fix_file(seed(seeds_dir, prefix), tmp_path / "fixed.txt")
    left = [f.lint_dict() for f in lint_file(out) if f.code in ("NUMBERING", "PUNCT_WIDTH", "DOC_NUMBER")]
    assert left == []
    before = [ln for ln in seed(seeds_dir, prefix).read_text(encoding="utf-8").splitlines()]
    after = out.read_text(encoding="utf-8").splitlines()
    assert len(before) == len(after)  # same lines, only markers and marks changed
    if prefix == "000":
        assert "一、 基础工作开展情况" in after and "四、 绩效评价管理情况" in after
        assert after.count("（二） 运行监控") == 1 and after.count("（二） 评价规模") == 1
