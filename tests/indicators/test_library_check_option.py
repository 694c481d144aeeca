"""`perfdoc check --library FILE`: matches come from the given library; a bad file exits 2."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

HEADER = ["序号", "所属行业", "一级指标", "二级指标", "指标名称", "指标解释", "计量单位", "指标值", "别名"]
ROWS = [
    (1, "212 城乡社区", "产出指标", "数量指标", "文明实践站点建成数", "年内建成并挂牌的新时代文明实践站数量", "个", "≥20", "文明实践站数量"),
    (2, "212 城乡社区", "产出指标", "质量指标", "公益广告刊播达标率", "达到创建测评要求的公益广告点位占比", "%", "≥95%", ""),
    (3, "212 城乡社区", "产出指标", "时效指标", "测评问题整改按期完成率", "按期完成整改的测评问题占比", "%", "100", ""),
    (4, "212 城乡社区", "效益指标", "社会效益指标", "市民文明素质测评得分", "第三方测评市民文明素质得分", "分", "≥85", ""),
    (5, "000 通用", "满意度指标", "满意度", "市民对创建工作满意度", "抽样调查市民满意比例", "%", "≥90%", ""),
]


def _library(path: Path, rows=ROWS) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "本地指标库"
    ws.append(["某市文明城市创建绩效指标库"])
    ws.append(HEADER)
    for r in rows:
        ws.append(list(r))
    wb.save(path)
    return path


def _check(tmp_path: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "perfdoc", "check", *args], capture_output=True, text=True,
                          cwd=tmp_path)


@pytest.mark.parametrize("text,expected", [
    ("新建文明实践站点≥20个", "文明实践站点建成数"),
    ("公益广告刊播达标比例≥95%", "公益广告刊播达标率"),
    ("市民对创建工作的满意度≥90%", "市民对创建工作满意度"),
])
def test_check_matches_come_from_given_library(tmp_path, text, expected):
    lib = _library(tmp_path / "本地库.xlsx")
    out = _check(tmp_path, text, "--json", "--library", str(lib))
    assert out.returncode == 0, out.stderr
    (result,) = json.loads(out.stdout)
    names = {r[4] for r in ROWS}
    matches = result["matches"]
    assert matches and all(m["name"] in names for m in matches)
    assert matches[0]["name"] == expected


def test_check_without_option_uses_shipped_library(tmp_path):
    out = _check(tmp_path, "新建文明实践站点≥20个", "--json")
    assert out.returncode == 0, out.stderr
    (result,) = json.loads(out.stdout)
    assert not {m["name"] for m in result["matches"]} <= {r[4] for r in ROWS}


def test_check_bad_library_exits_2_with_location(tmp_path):
    rows = list(ROWS)
    rows[2] = rows[2][:3] + ("效果指标",) + rows[2][4:]  # not a 二级指标 of the framework
    lib = _library(tmp_path / "坏库.xlsx", rows)
    report = tmp_path / "结果.jsonl"
    out = _check(tmp_path, "新建文明实践站点≥20个", "--library", str(lib), "-o", str(report))
    assert out.returncode == 2 and out.stdout == ""
    err = out.stderr
    assert "坏库.xlsx" in err and "本地指标库" in err and "第5行" in err and "二级指标" in err
    assert not report.exists()
