"""The parsed value speaks for the 二级指标: deadlines, money ceilings, counts, satisfaction %."""
import pytest

from perfdoc.indicators.classification.classify import apply_value_prior, predict, value_evidence
from perfdoc.indicators.result import Parsed


@pytest.mark.parametrize("name,value,expected", [
    ("维修工程完工时间", "2026年10月底前", ("deadline",)),
    ("救助审批办结", "7个工作日内", ("deadline",)),
    ("扑火机具采购支出", "≤45万元", ("money_ceiling",)),
    ("年接待到馆读者", "≥8万人次", ("count",)),
    ("受种者对接种服务满意", "≥92%", ("satisfaction",)),
    ("带动就业人数", "≥200人", ()),          # an effect counted in people
    ("申报所需材料", "≤5份", ()),             # a ceiling on a count limits a burden
    ("违规处置污泥", "0吨", ()),              # zero harm, not an output
    ("资金到位率", "100%", ()),
])
def test_value_evidence(name, value, expected):
    assert value_evidence(name, value) == expected


def test_parsed_deadline_counts_without_value_text():
    assert "deadline" in value_evidence("完成时间", "", Parsed(deadline="2026-06-30"))
    assert "money_ceiling" in value_evidence("支出", "", Parsed(operator="≤", number=50, unit="万元"))


def test_prior_is_a_renormalised_boost_not_an_override():
    probs = {"数量指标": 0.1, "社会效益指标": 0.9}
    out = apply_value_prior(probs, ("count",))
    assert abs(sum(out.values()) - 1) < 1e-9
    assert probs["数量指标"] < out["数量指标"] < out["社会效益指标"]  # a confident text model still wins


@pytest.mark.parametrize("name,value,project,level2", [
    ("年接待到馆读者", "≥8万人次", "县图书馆免费开放", "数量指标"),
    ("维修工程完工时间", "2026年10月底前", "公共租赁住房维修", "时效指标"),
    ("扑火机具采购支出", "≤45万元", "森林防火物资储备", "经济成本指标"),
])
def test_value_moves_prediction(name, value, project, level2):
    (p,) = predict([(name, value, project)])
    assert p.level2 == level2
