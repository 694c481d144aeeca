"""数据 sheet facts: written forms, formulas, placeholders (facts taken from the seed statements)."""
from __future__ import annotations

from decimal import Decimal

import pytest

from perfdoc.errors import DataError
from perfdoc.workbook.facts import (
    FactTable, fill, format_written, parse_formula, parse_written, placeholders, read_facts, year_value,
)
from perfdoc.workbook.schema import Loc

# written forms as they occur in statements (seeds 000, 001, 003 and common variants)
FORMS = [
    "100%", "0.5个百分点", "17,969.78万元", "1.26亿元", "2496条", "3500余万元", "20余个", "118630万元",
    "约1.2亿元", "近3000人次", "超过2000万元", "逾1,000人", "达95.5%", "共61个", "-3.5%", "70.83%",
    "1,108个", "245,187.06万元", "0万元", "350余人", "１００％", "１２３４５万元", "100％", "4317.00万元",
    "2.5万人次", "80.00分", "7", "12.0%", "1,234,567元", "约30余个", "不足10%",
]


@pytest.mark.parametrize("text", FORMS)
def test_round_trip_is_exact(text):
    w = parse_written(text)
    assert w is not None, text
    assert format_written(w.value, w) == text


@pytest.mark.parametrize("text", ["", "abc", "二十余个", "007个", "1,23万元", "1，234.5万元", "１２3个",
                                  "3500 万元", "12.5.6个", "，100个"])
def test_not_a_written_number(text):
    assert parse_written(text) is None


@pytest.mark.parametrize("sample, value, unit, expected", [
    ("3500余万元", 4210, None, "4200余万元"),  # 余: down to the sample's hundreds
    ("3500余万元", Decimal("0.4321"), "亿元", "4300余万元"),  # converted from 亿元
    ("20余个", 37, None, "30余个"),
    ("近3000人次", 2950, None, "近3000人次"),  # 近: up to the thousands
    ("约1.2亿元", Decimal("1.26"), None, "约1.3亿元"),
    ("约1.2亿元", 11863, "万元", "约1.2亿元"),
    ("17,969.78万元", Decimal("245187.06"), None, "245,187.06万元"),
    ("17,969.78万元", 12, None, "12.00万元"),
    ("118630万元", Decimal("120000.4"), None, "120000万元"),
    ("1.26亿元", 118630, "万元", "11.86亿元"),
    ("100%", Decimal("95.4"), None, "95%"),
    ("70.83%", Decimal("70.8333"), None, "70.83%"),
    ("2496条", 2500, None, "2500条"),
    ("１００％", 95, None, "９５％"),
    ("100％", 95, "%", "95％"),
    ("61个", 12, "家", "12家"),  # a different kind of unit replaces the sample's
])
def test_changed_value_keeps_the_writing(sample, value, unit, expected):
    assert format_written(value, parse_written(sample), unit) == expected


def rows(*items):
    """Build 数据 rows: (名称, 数值, 单位, 公式, 写法) tuples with their sheet rows (header is row 1)."""
    out = []
    for n, (name, value, unit, formula, written) in enumerate(items, start=2):
        cells = {"名称": name, "数值": value, "单位": unit, "公式": formula, "写法": written}
        out.append((cells, Loc("数据.xlsx", "数据", n)))
    return out


def table(*items, cfg=None):
    from perfdoc.config import load_config

    cfg = cfg or load_config()
    return FactTable(read_facts(rows(*items), file="数据.xlsx"), file="数据.xlsx", grade=cfg.grade, cfg=cfg)


def test_formulas_over_facts():
    # seed 000: 538 部门整体 + 1958 项目支出 = 2496 指标; 17/24 核查表 grade 优
    t = table(("部门整体指标数", 538, "条", None, None), ("项目支出指标数", 1958, "条", None, None),
              ("指标总数", None, "条", "部门整体指标数 + 项目支出指标数", None),
              ("优秀份数", 17, "份", None, None), ("核查表总数", None, "份", "SUM(7, 项目核查数)", None),
              ("项目核查数", 17, "份", None, None),
              ("优秀占比", None, "%", "优秀份数 / 核查表总数", None),
              ("评估得分", 80, "分", None, None), ("评估等级", None, "", "等级(评估得分)", None),
              ("调减金额", None, "万元", "（10825.34 － 2000）", "8,825.34万元"))
    assert [t.text(n) for n in ("指标总数", "核查表总数", "优秀占比", "评估等级", "调减金额")] == \
        ["2496条", "24份", "70.83%", "良", "8,825.34万元"]


@pytest.mark.parametrize("formula, message", [
    ("a +", "此处应为运算对象"),
    ("(a + b", "此处应为“)”"),
    ("a b", "多余的“b”"),
    ("AVG(a)", "未知的函数“AVG”"),
    ("a / 0", "除数为 0"),
    ("a + 未定义", "不存在的名称“未定义”"),
    ("a + 名称", "“名称”是文字"),
])
def test_malformed_formula_names_the_row(formula, message):
    with pytest.raises(DataError) as exc:
        table(("a", 1, "", None, None), ("名称", "澄江市财政局", "", None, None), ("b", None, "", formula, None))
    assert message in exc.value.message
    assert (exc.value.sheet, exc.value.row, exc.value.column) == ("数据", 4, "公式")


def test_unknown_name_in_formula_suggests_the_closest():
    with pytest.raises(DataError) as exc:
        table(("项目支出指标数", 1958, "条", None, None), ("总数", None, "条", "项目指标数 + 1", None))
    assert "项目支出指标数" in exc.value.message


def test_circular_formula_names_the_chain():
    with pytest.raises(DataError) as exc:
        table(("x", None, "", "y + 1", None), ("y", None, "", "z * 2", None), ("z", None, "", "x", None))
    assert "循环引用" in exc.value.message and "x → y → z → x" in exc.value.message
    assert exc.value.row == 2


@pytest.mark.parametrize("typed, written, consistent", [
    (2496, None, True), (2486, None, False), (2500, "2500余条", False), (2400, "2400余条", True),
])
def test_typed_value_checked_against_its_formula(typed, written, consistent):
    t = table(("部门", 538, "条", None, None), ("项目", 1958, "条", None, None),
              ("总数", typed, "条", "部门 + 项目", written))
    assert (not t.mismatches) == consistent
    if not consistent:
        assert t.mismatches[0].fact.loc.row == 4


def test_duplicate_and_bad_names():
    with pytest.raises(DataError, match="重复"):
        table(("a", 1, "", None, None), ("a", 2, "", None, None))
    with pytest.raises(DataError, match="不可用"):
        table(("a b", 1, "", None, None))
    with pytest.raises(DataError, match="既没有数值也没有公式"):
        table(("a", None, "", None, None))
    with pytest.raises(DataError) as exc:
        table(("a", 1, "", None, "三千余元"))
    assert exc.value.column == "写法"


def test_written_sample_alone_is_the_value():
    t = table(("事前评估金额", None, None, None, "17,969.78万元"))
    assert t["事前评估金额"].result == Decimal("17969.78") and t.text("事前评估金额") == "17,969.78万元"


@pytest.mark.parametrize("text, expected", [
    ("{年度}年共纳入{总数}", "2023年共纳入2496条"),
    ("{年度-1}至{年度+1}年，{{总数}}", "2022至2024年，{总数}"),
    ("没有数字的句子。", "没有数字的句子。"),
])
def test_fill(text, expected):
    t = table(("总数", 2496, "条", None, None))

    def resolve(name):
        y = year_value(name, 2023)
        return str(y) if y is not None else t.text(name)

    assert fill(text, resolve) == expected
    assert t.used == ({"总数"} if "{总" in text.replace("{{", "") else set())


def test_placeholders_skip_literal_braces():
    assert placeholders("{a}与{{b}}和{年度+1}") == ["a", "年度+1"]
    assert parse_formula("SUM(a，b)") == ("call", "SUM", [("name", "a"), ("name", "b")])


@pytest.mark.parametrize("value, unit, expected_value, text", [
    ("3500余万元", None, Decimal(3500), "3500余万元"),  # typed as written: it is also the 写法
    ("3500余", "万元", Decimal(3500), "3500余万元"),
    ("1.26亿元", "万元", Decimal(12600), "1.26亿元"),  # converted into the fact's unit, written as typed
    ("95%", None, Decimal(95), "95%"),
    ("１７,９６９.７８", "万元", Decimal("17969.78"), "17969.78万元"),
    ("天健会计师事务所（特殊普通合伙）云南分所", None, "天健会计师事务所（特殊普通合伙）云南分所",
     "天健会计师事务所（特殊普通合伙）云南分所"),
])
def test_typed_values(value, unit, expected_value, text):
    t = table(("x", value, unit, None, None))
    assert t["x"].value == expected_value and t.text("x") == text


def _generated_forms():
    """Every combination of prefix, grouping, decimals, 余/多 and unit over a few magnitudes."""
    from itertools import product

    out = []
    for prefix, number, suffix, unit in product(
            ["", "约", "近", "超过", "逾", "达"], ["7", "12.5", "0.05", "1000", "1,000", "12,345.678", "118630"],
            ["", "余"], ["", "万元", "%", "个百分点", "人次", "亿元"]):
        if suffix and "." in number:
            continue  # 12.5余 is not written
        out.append(f"{prefix}{number}{suffix}{unit}")
    return out


def test_round_trip_generated():
    forms = _generated_forms()
    assert len(forms) > 300
    failed = [t for t in forms if (w := parse_written(t)) is None or format_written(w.value, w) != t]
    assert failed == []
