"""The value grammar: operators, numbers, units, ranges, Chinese numerals, deadlines, free text."""
from __future__ import annotations

import pytest

from perfdoc.indicators.grammar.parse import normalize, parse_value, split_text

PARSE_TABLE = [
    # value, operator, number, unit, number_max
    ("≥350人次", "≥", 350.0, "人次", None),
    ("≥ 95 %", "≥", 95.0, "%", None),
    ("＞＝95％", "≥", 95.0, "%", None),
    (">=90%", "≥", 90.0, "%", None),
    ("<=5%", "≤", 5.0, "%", None),
    ("95", "=", 95.0, None, None),
    ("百分之九十五", "=", 95.0, "%", None),
    ("不低于百分之九十", "≥", 90.0, "%", None),
    ("九成以上", "≥", 90.0, "%", None),
    ("三百五十人次", "=", 350.0, "人次", None),
    ("两千人", "=", 2000.0, "人", None),
    ("不少于三百五十人次", "≥", 350.0, "人次", None),
    ("至少20场", "≥", 20.0, "场", None),
    ("达到95%以上", "≥", 95.0, "%", None),
    ("超过100户", ">", 100.0, "户", None),
    ("不超过30天", "≤", 30.0, "天", None),
    ("控制在5%以内", "≤", 5.0, "%", None),
    ("5%以下", "≤", 5.0, "%", None),
    ("低于3%", "<", 3.0, "%", None),
    ("1,200户", "=", 1200.0, "户", None),
    ("≥12,500.5万元", "≥", 12500.5, "万元", None),
    ("3.5万人次", "=", 3.5, "万人次", None),
    ("90%-95%", "区间", 90.0, "%", 95.0),
    ("90%～95%", "区间", 90.0, "%", 95.0),
    ("90~95%", "区间", 90.0, "%", 95.0),
    ("≥1次/年", "≥", 1.0, "次/年", None),
    ("500元/人·年", "=", 500.0, "元/人·年", None),
    ("≤30个工作日", "≤", 30.0, "个工作日", None),
    ("≥ 1.2万亩", "≥", 1.2, "万亩", None),
    ("500余人", "=", 500.0, "人", None),
    ("帐篷500顶", "=", 500.0, "顶", None),
    ("≤0.9‰", "≤", 0.9, "‰", None),
]


@pytest.mark.parametrize("value,op,number,unit,number_max", PARSE_TABLE)
def test_parse_numbers(value, op, number, unit, number_max):
    p = parse_value(value).parsed
    assert (p.operator, p.number, p.unit, p.number_max) == (op, number, unit, number_max)


DEADLINES = [
    ("12月31日前", "12月31日前"),
    ("年底前", "年底前"),
    ("2025年6月底前", "2025年6月底前"),
    ("第三季度", "第3季度"),
    ("30个工作日内", "30个工作日内"),
    ("≤30个工作日", "≤30个工作日"),
    ("2024年10月31日前完成", "2024年10月31日前"),
    ("2024-06-30前", "2024-06-30前"),
    ("灾后24小时内", "24小时内"),
    ("2024-2025年", "2024-2025年"),
    ("2024年至2026年", "2024年至2026年"),
]


@pytest.mark.parametrize("value,deadline", DEADLINES)
def test_parse_deadlines(value, deadline):
    assert parse_value(value).parsed.deadline == deadline


@pytest.mark.parametrize("value,bad", [("2月30日前", True), ("13月底前", True), ("6月31日前", True),
                                       ("2月28日前", False), ("12月31日前", False)])
def test_impossible_dates(value, bad):
    assert (parse_value(value).bad_date is not None) is bad


@pytest.mark.parametrize("value,field,word", [
    ("明显提升", "vague", "明显提升"),
    ("逐步完善", "vague", "逐步完善"),
    ("及时", "time_words", "及时"),
    ("按时足额发放", "time_words", "按时"),
    ("通过验收", "states", "通过验收"),
    ("建成并投入使用", "states", "投入使用"),
    ("按月发放", "periodic", "按月"),
    ("基本完成", "hedge", "基本"),
])
def test_lexicon_matches(value, field, word):
    assert word in getattr(parse_value(value), field)


@pytest.mark.parametrize("text,name,value", [
    ("培训人次≥350人次", "培训人次", "≥350人次"),
    ("群众满意度90%", "群众满意度", "90%"),
    ("受益群众满意度不低于百分之九十", "受益群众满意度", "不低于百分之九十"),
    ("资金拨付及时", "资金拨付", "及时"),
    ("资金拨付：及时", "资金拨付", "及时"),
    ("5G基站建设数量≥10个", "5G基站建设数量", "≥10个"),
    ("投入资金500万元", "投入资金", "500万元"),
    ("培训效果明显提升", "培训效果", "明显提升"),
    ("项目完成时间 2024年12月31日前", "项目完成时间", "2024年12月31日前"),
])
def test_split_text(text, name, value):
    assert split_text(text) == (name, value)


@pytest.mark.parametrize("raw,norm", [("≥ 95 ％", "≥95%"), ("３，４５６人", "3456人"), ("＞＝90％", "≥90%"),
                                      ("九成", "90%"), ("一般", "一般"), ("统一标准", "统一标准")])
def test_normalize(raw, norm):
    assert normalize(raw) == norm
