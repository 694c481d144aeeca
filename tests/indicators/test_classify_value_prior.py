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


# Patterns of issue 11 (indicators of published tables the classifier placed by keyword): what the
# value measures decides together with the name.
@pytest.mark.parametrize("name, value, level2", [
    ("安排资金", "500万元", "经济成本指标"),  # money to be spent is a cost, not an economic benefit
    ("项目进度", "按计划推进", "时效指标"),  # a value about keeping time
    ("信访事项及时办结", "及时办结", "时效指标"),
    ("申请受理", "受理后5个工作日内", "时效指标"),
    ("群众生产生活条件改善状况", "显著提升", "社会效益指标"),  # a positive effect is no social cost
    ("控制在预算成本内", "控制在预算内", "经济成本指标"),
    ("水土流失治理面积", "≥500亩", "数量指标"),
    ("化肥使用量减少", "≥5%", "生态效益指标"),
])
def test_value_decides_with_the_name(name, value, level2):
    from perfdoc.indicators.review import check

    assert check([{"name": name, "value": value}])[0].level2 == level2


@pytest.mark.parametrize("name, value, evidence", [
    ("拨付专项资金", "300万元", "money_spent"),
    ("农民人均增收", "500元", None),  # an effect measured in money
    ("项目进度", "按计划推进", "timely_words"),
    ("群众认同度", "≥90%", "satisfaction"),
    ("残疾学生生活质量", "有所提升", "improvement"),
    ("实施项目对社会产生的不利影响", "明显减少", None),  # a harm: no effect prior
])
def test_value_evidence_kinds(name, value, evidence):
    got = value_evidence(name, value)
    assert (evidence in got) if evidence else not ({"money_spent", "improvement"} & set(got))


# --- the evidence table lives in corpora/classify_value_evidence.csv -------------------------------

def _with_table(monkeypatch, tmp_path, body: str):
    from perfdoc.indicators.classification import classify

    (tmp_path / classify.VALUE_EVIDENCE_FILE).write_text("# 测试用\nkind,key,text\n" + body, encoding="utf-8")
    monkeypatch.setattr(classify, "corpus", lambda name: tmp_path / name, raising=False)
    import perfdoc.resources

    monkeypatch.setattr(perfdoc.resources, "corpus", lambda name: tmp_path / name)
    classify.value_evidence_rules.cache_clear()
    return classify


def test_shipped_evidence_table_has_a_weight_for_every_evidence_it_finds():
    from perfdoc.indicators.classification.classify import value_evidence_rules

    rules = value_evidence_rules()
    found = {e for name, value in [("完成时间", "12月底前"), ("项目支出", "≤500万元"), ("培训人次", "350人次"),
                                   ("群众满意度", "≥90%"), ("拨付专项资金", "300万元"), ("办结", "及时办结"),
                                   ("群众生活", "有所改善")] for e in value_evidence(name, value)}
    assert found == set(rules.prior)


@pytest.mark.parametrize("body, row", [
    ("prior,deadline,时效 1.5\n", 3),              # not a 二级指标 of the framework
    ("prior,deadline,时效指标\n", 3),              # weight missing
    ("prior,deadline,时效指标 高\n", 3),           # weight not a number
    ("pattern,DEADLINE,(前\n", 3),                 # broken regex
    ("prior,deadline,时效指标 1.5\nrule,x,y\n", 4),  # unknown kind
])
def test_broken_evidence_table_names_the_row(monkeypatch, tmp_path, body, row):
    from perfdoc.errors import DataError

    classify = _with_table(monkeypatch, tmp_path, body)
    try:
        with pytest.raises(DataError) as exc:
            classify.value_evidence_rules()
        assert exc.value.row == row and "指标值证据表" in str(exc.value)
    finally:
        classify.value_evidence_rules.cache_clear()


def test_evidence_table_without_a_pattern_is_refused(monkeypatch, tmp_path):
    from perfdoc.errors import DataError

    classify = _with_table(monkeypatch, tmp_path, "prior,deadline,时效指标 1.5\npattern,DEADLINE,前$\n")
    try:
        with pytest.raises(DataError, match="缺少模式"):
            classify.value_evidence_rules()
    finally:
        classify.value_evidence_rules.cache_clear()
