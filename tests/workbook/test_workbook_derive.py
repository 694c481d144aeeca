"""Derived figures: rates, grades from config, heading numbers, sums against their parts."""
from __future__ import annotations

from decimal import Decimal

import pytest

from perfdoc.workbook.derive import cn_numeral, document_number, heading_numbers, percent


@pytest.mark.parametrize("part, whole, expected", [
    (61, 61, "100.00"), (17, 24, "70.83"), (3, 24, "12.50"), (4, 24, "16.67"), (1, 3, "33.33"),
    (2, 3, "66.67"), (1, 8, "12.50"), (1, 200, "0.50"), (Decimal("14215.03"), Decimal("21340.60"), "66.61"),
])
def test_percent_two_decimals_half_up(part, whole, expected):
    assert str(percent(part, whole, 2)) == expected


def test_percent_of_zero_is_none():
    assert percent(5, 0, 2) is None


@pytest.mark.parametrize("n, text", [(1, "一"), (9, "九"), (10, "十"), (11, "十一"), (20, "二十"), (23, "二十三")])
def test_cn_numeral(n, text):
    assert cn_numeral(n) == text


@pytest.mark.parametrize("present, expected", [
    ((True, True, True), ["一、", "二、", "三、"]),
    ((False, True, True), ["", "一、", "二、"]),
    ((True, False, True), ["一、", "", "二、"]),
    ((True, True, False), ["一、", "二、", ""]),
])
def test_heading_numbers_never_jump(present, expected):
    outline = [(k, p, [(f"{k}.a", p), (f"{k}.b", p)]) for k, p in zip("xyz", present)]
    h = heading_numbers(outline)
    assert [h[k] for k in "xyz"] == expected
    for k, p in zip("xyz", present):
        assert (h[f"{k}.a"], h[f"{k}.b"]) == (("（一）", "（二）") if p else ("", ""))


def test_children_restart_and_skip_absent():
    h = heading_numbers([("a", True, [("a1", False), ("a2", True), ("a3", True)]), ("b", True, [("b1", True)])])
    assert (h["a2"], h["a3"], h["b1"]) == ("（一）", "（二）", "（一）")


@pytest.mark.parametrize("code, year, seq, expected", [
    ("澄财绩", 2023, 1, "澄财绩〔2023〕1号"), ("澄财绩整改", 2023, 12, "澄财绩整改〔2023〕12号"),
])
def test_document_number(code, year, seq, expected):
    assert document_number(code, year, seq) == expected


def test_grades_follow_config(tmp_path, monkeypatch, mapping, write_xlsx):
    from perfdoc.config import _load
    from perfdoc.workbook import load
    from perfdoc.workbook.derive import derive_statement

    data = load(write_xlsx(mapping))
    d = derive_statement(data)
    assert [r["grade"] for r in d.figures["exante"]] == ["良", "中"]  # 80.00 → 良, 77.50 → 中
    cfg = tmp_path / "perfdoc.toml"
    cfg.write_text('[grades]\n"优" = 90\n"良" = 75\n"中" = 60\n"差" = 0\n[precision]\nrate = 1\n', encoding="utf-8")
    monkeypatch.setenv("PERFDOC_CONFIG", str(cfg))
    _load.cache_clear()
    d = derive_statement(data)
    assert [r["grade"] for r in d.figures["exante"]] == ["良", "良"]
    assert [str(x["rate"]) for x in d.figures["self_grades"]] == ["70.8", "12.5", "16.7", "0.0"]


def test_totals_derived_from_parts_when_not_stated(mapping, write_xlsx):
    from perfdoc.workbook import load
    from perfdoc.workbook.derive import derive_statement

    facts = mapping["情况说明"]
    facts.pop("纳入指标库指标总数")
    facts.pop("自评核查表总数", None)
    for e, amount in zip(mapping["重点评价"], (10000.01, 10000.02, 10000.03, 10000.04, 10721.33)):
        e["评价金额"] = amount
    d = derive_statement(load(write_xlsx(mapping)))
    assert d.figures["indicator_total"] == 538 + 1958
    assert d.figures["check_forms_total"] == 7 + 17
    assert d.figures["key_eval_total"] == Decimal("50721.43")
    assert d.issues == []


def test_stated_total_against_item_amounts(mapping, write_xlsx):
    from perfdoc.workbook import load
    from perfdoc.workbook.derive import derive_statement

    for e in mapping["重点评价"]:
        e["评价金额"] = 10000
    d = derive_statement(load(write_xlsx(mapping)))
    assert len(d.issues) == 1
    issue = d.issues[0]
    assert issue.expected == "50,000.00" and issue.loc.sheet == "情况说明" and issue.loc.row is not None


def test_time_progress_from_monitoring_date(mapping, write_xlsx):
    from perfdoc.workbook import load
    from perfdoc.workbook.derive import derive_circular

    d = derive_circular(load(write_xlsx(mapping)))
    assert d.figures["time_progress"] == Decimal("75.00")
    mapping["基本信息"]["时间进度"] = 0.5  # a %-formatted cell arrives as a fraction
    d = derive_circular(load(write_xlsx(mapping)))
    assert d.figures["time_progress"] == Decimal("50.00")
    assert d.figures["below"] == []
