"""ARITHMETIC as a grammar of claims, on real published texts (tests/data/lint_real, SOURCES.md).

The real texts must raise no ARITHMETIC finding as published; one figure changed must raise a
finding carrying the value the other stated figures imply (computed here, not copied).
"""
from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

from perfdoc import lint_text

REAL = Path(__file__).resolve().parents[1] / "data" / "lint_real"
ROOT = Path(__file__).resolve().parents[2]


def read(name: str) -> str:
    return (REAL / name).read_text(encoding="utf-8")


def pct(x: float) -> str:
    return f"{x:.2f}%"


@pytest.mark.parametrize("name", sorted(p.name for p in REAL.glob("*.txt")))
def test_real_text_is_clean(name):
    assert [f.lint_dict() for f in lint_text(read(name)) if f.code == "ARITHMETIC"] == []


# (file, old, new, text the finding's suggestion must hold)
MUTATIONS = [
    # 较…减少M、下降P% with last year's figure stated (B): M = |A − B|, P = M ÷ B
    ("sangong_mianzhu_2025.txt", "减少221万元", "减少231万元", f"{2190 - 1969}万元"),
    ("sangong_mianzhu_2025.txt", "下降10.1%", "下降10.7%", f"{221 / 2190 * 100:.1f}%"),
    ("sangong_hlx_2020.txt", "下降0.46%", "下降0.40%", pct(2 / 433 * 100)),
    ("sangong_hlx_2020.txt", "比上年累计支出148万元", "比上年累计支出158万元", f"{158 - 124}万元"),
    # no B: the base is A ∓ M
    ("sangong_mianzhu_2025.txt", "公务接待费242万元", "公务接待费262万元", f"{12 / (262 + 12) * 100:.1f}%"),
    ("sangong_shuangqiao_2020.txt", "增长10.14%", "增长12.14%", pct(1.5 / (16.3 - 1.5) * 100)),
    # 预算…决算…完成预算的P%
    ("sangong_shuangqiao_2020.txt", "完成预算的83.44%", "完成预算的83.49%", pct(25.7 / 30.8 * 100)),
    ("sangong_jiading_2017.txt", "支出决算为8.77万元", "支出决算为6.77万元", pct(6.77 / 22.00 * 100)),
    # 其中 shares against the whole of their own list (stated in the sentence before)
    ("sangong_taojiang_2019.txt", "占88.86%", "占88.36%", pct(20.10 / 22.62 * 100)),
    ("sangong_taojiang_2019.txt", "决算为22.62万元", "决算为26.62万元", "22.62万元"),
    ("jueshuan_dayi_2022.txt", "项目支出3003.64万元", "项目支出3083.64万元", pct(3083.64 / 4143.91 * 100)),
    # parallel lists: 收、支总计各是A1,A2 … 各减少M1,M2，各下降P1、P2
    ("jueshuan_dayi_2022.txt", "各下降23.51%", "各下降23.15%", pct(1267.86 / (4125.49 + 1267.86) * 100)),
]


@pytest.mark.parametrize(("name", "old", "new", "expected"), MUTATIONS)
def test_real_text_changed_figure(name, old, new, expected):
    text = read(name)
    assert text.count(old) == 1
    found = [f for f in lint_text(text.replace(old, new)) if f.code == "ARITHMETIC"]
    assert found, "no finding"
    assert any(expected in (f.suggestion or "") for f in found), [f.lint_dict() for f in found]


# phrasings of the claim grammar (figures invented, wording of 决算说明)
GRAMMAR = [
    ("本年收入合计1,200.00万元，加上年结转和结余300.00万元，收入总计1,600.00万元。", "1,500.00万元"),
    ("本年支出合计1,000.00万元，加结余分配50.00万元，加年末结转和结余450.00万元，支出总计1,600.00万元。", "1,500.00万元"),
    ("一般公共预算财政拨款支出1,500.00万元，完成预算1,600.00万元的92.75%。", pct(1500 / 1600 * 100)),
    ("一般公共预算财政拨款支出856.30万元，较上年增支56.30万元、增长7.55%，主要原因是人员增加。", pct(56.30 / 800 * 100)),
    ("非税收入120.00万元，较上年减收30.00万元，下降25.00%。", pct(30 / 150 * 100)),
    ("上年结转和结余8.02万元，为以前年度未执行完毕的资金。较2022年度决算数增加0.78万元，增长12.8%。",
     f"{0.78 / (8.02 - 0.78) * 100:.1f}%"),
    # a paragraph with other figures does not silence a claim
    ("全年共培训1200人次，参训单位86家；全年支出856.30万元，较上年增支56.30万元，增长7.55%，其中：基本支出600.00万元，"
     "项目支出256.30万元。", pct(56.30 / 800 * 100)),
    # a 其中 sums only its own list, and its whole is the figure the list is about, not the change
    ("全年支出856.30万元，较上年增支56.30万元，增长7.04%，其中：基本支出600.00万元，项目支出266.30万元；"
     "另安排专项资金300.00万元、200.00万元。", "866.30万元"),
]

TANGXI = "http://www.anthempetcare.com/upload_cz/download?id=502364&siteId=2"


def test_real_slip_in_published_self_evaluation():
    # as published: the parts of the amount spent do not add up to it (30 + 30 + 29.99 ≠ 89.97)
    text = ("本项目共申请预算资金90万元。其中:30万元用于基建工程项目预算编制;30万元用于基建工程项目审计;"
            "30万元用于基建工程项目设计、规划、测绘。\n"
            "本项目共完成预算资金89.97万元。其中:30万元用于基建工程项目预算编制;30万元用于基建工程项目审计;"
            "29.99万元用于基建工程项目设计、规划、测绘。")
    found = [(f.paragraph, f.suggestion) for f in lint_text(text) if f.code == "ARITHMETIC"]
    assert found == [(2, f"{30 + 30 + 29.99:.2f}万元")], TANGXI


GRAMMAR_CLEAN = [
    "本年收入合计1,200.00万元，加上年结转和结余300.00万元，收入总计1,500.00万元。",
    "一般公共预算财政拨款支出1,500.00万元，完成预算1,600.00万元的93.75%。",
    "一般公共预算财政拨款支出856.30万元，较上年增支56.30万元、增长7.04%，主要原因是人员增加。",
    "非税收入120.00万元，较上年减收30.00万元，下降20.00%。",
    "全年支出856.30万元，较上年增支56.30万元，增长7.04%，其中：基本支出600.00万元，项目支出256.30万元；"
    "另安排专项资金300.00万元、200.00万元。",
    "公务用车购置支出56万元比上年增加56万元。",
    "“三公”经费决算总额为1023万元，较年初预算减少32%。",
]


@pytest.mark.parametrize(("text", "expected"), GRAMMAR)
def test_claim_grammar_flagged(text, expected):
    found = [f for f in lint_text(text) if f.code == "ARITHMETIC"]
    assert [f.suggestion for f in found] == [expected], [f.lint_dict() for f in found]


@pytest.mark.parametrize("text", GRAMMAR_CLEAN)
def test_claim_grammar_clean(text):
    assert [f.lint_dict() for f in lint_text(text) if f.code == "ARITHMETIC"] == []


def test_planted_recall_on_real_texts():
    spec = importlib.util.spec_from_file_location("plant_arith", ROOT / "scripts" / "plant_arith.py")
    plant = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(plant)
    r = plant.run([REAL])
    assert r["planted"] >= 40
    assert r["false_alarms"] == 0
    assert r["recall"] >= 0.7, r
