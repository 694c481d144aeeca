"""Measurability rules: each reason code with its message and rewrite, and measurable forms."""
from __future__ import annotations

import pytest

from perfdoc.indicators.review import check

FLAGGED = [
    # name, value, level2, expected code
    ("覆盖率", "95", None, "NO_UNIT"),
    ("群众满意度", "≥0.9", None, "NO_UNIT"),
    ("新建公厕", "10", None, "NO_UNIT"),
    ("道路保洁里程", "35", None, "NO_UNIT"),
    ("培训效果", "明显提升", None, "VAGUE_VALUE"),
    ("群众生活质量", "逐步提高", None, "VAGUE_VALUE"),
    ("服务质量", "良好", None, "VAGUE_VALUE"),
    ("群众满意度", "基本满意", None, "VAGUE_VALUE"),
    ("设施使用年限", "长期", None, "VAGUE_VALUE"),
    ("群众满意度", "", None, "NO_VALUE"),
    ("群众满意度", "群众满意度", None, "NO_VALUE"),
    ("培训人次", "/", None, "NO_VALUE"),
    ("培训人次", "≥X人次", None, "NO_VALUE"),
    ("满意度", "≥90人", None, "UNIT_MISMATCH"),
    ("道路保洁里程", "≥35亩", None, "UNIT_MISMATCH"),
    ("培训天数", "≥3人", None, "UNIT_MISMATCH"),
    ("合格率", "≥120%", None, "OUT_OF_RANGE"),
    ("预算执行进度", "≥105%", None, "OUT_OF_RANGE"),
    ("项目完成时间", "2月30日前", "时效指标", "OUT_OF_RANGE"),
    ("覆盖率", "95%-90%", None, "OUT_OF_RANGE"),
    ("资金拨付", "及时", "时效指标", "TIME_UNBOUNDED"),
    ("补贴发放", "按时足额发放", None, "TIME_UNBOUNDED"),
    ("项目完成时间", "按期", None, "TIME_UNBOUNDED"),
    ("项目建设", "建成并投入使用", "时效指标", "TIME_UNBOUNDED"),
    ("投入资金", "500万元", None, "INPUT_AS_OUTPUT"),
    ("人员投入", "15人", None, "INPUT_AS_OUTPUT"),
    ("项目建设", "投入资金2800万元", None, "INPUT_AS_OUTPUT"),
    ("设备采购资金", "350万元", "数量指标", "INPUT_AS_OUTPUT"),
    ("项目验收", "适时验收", None, "TIME_UNBOUNDED"),
    ("资金拨付时间", "按规定", None, "TIME_UNBOUNDED"),
    ("工程建设周期", "合理", None, "VAGUE_VALUE"),
    ("管理水平", "规范化、标准化", None, "VAGUE_VALUE"),
]


@pytest.mark.parametrize("name,value,level2,code", FLAGGED)
def test_flagged(name, value, level2, code):
    r = check([{"name": name, "value": value, "level2": level2}], classify=False)[0]
    codes = [i.code for i in r.issues]
    assert code in codes
    assert not r.measurable
    issue = next(i for i in r.issues if i.code == code)
    assert issue.severity == "error"
    assert issue.message and any("\u4e00" <= ch <= "\u9fff" for ch in issue.message)
    assert r.suggestion


MEASURABLE = [
    ("培训人次", "≥350人次", None),
    ("受益学生人数", "3200", None),  # 人数: the name gives the unit
    ("预算执行率", "≥ 95 %", None),
    ("受益群众满意度", "九成以上", None),
    ("项目验收", "通过验收", None),
    ("项目建设", "建成并投入使用", "数量指标"),
    ("安全生产", "无重大安全责任事故", None),
    ("污水排放", "符合《城镇污水处理厂污染物排放标准》一级A标准", None),
    ("项目完成时间", "2025年6月底前", "时效指标"),
    ("办结时限", "≤30个工作日", "时效指标"),
    ("养老金发放", "按月足额发放", "质量指标"),
    ("项目总成本", "≤500万元", "经济成本指标"),
    ("投入资金", "≤500万元", "成本指标"),  # an old-framework 成本指标 ceiling is fine
    ("道路交通事故死亡人数", "较上年下降10%", None),
    ("灌溉水有效利用系数", "≥0.56", None),
    ("孕产妇死亡率", "≤15/10万", None),
    ("资金到位率", "100%", None),
    ("R&D经费投入强度", "≥2.1%", None),
    ("旅游收入增长率", "≥110%", None),
    ("农药使用量", "零增长", None),
    ("重大动物疫情", "不发生区域性重大动物疫情", None),
    ("家庭医生签约服务费", "120元/人·年", None),  # a per-head standard, not an amount put in
    ("会议经费", "≤5万元", None),  # a cost ceiling
    ("项目实施期", "2024-2025年", "时效指标"),
    ("河湖水质", "稳定达到Ⅲ类", None),
]


@pytest.mark.parametrize("name,value,level2", MEASURABLE)
def test_measurable(name, value, level2):
    r = check([{"name": name, "value": value, "level2": level2}], classify=False)[0]
    assert r.measurable, [i.message for i in r.issues]


@pytest.mark.parametrize("name,value,suggestion", [
    ("覆盖率", "95", "覆盖率≥95%"),
    ("培训效果", "明显提升", "培训考核合格率≥90%"),
    ("资金拨付", "及时", "资金拨付及时率100%；或“X月X日前完成资金拨付”"),
    ("满意度", "≥90人", "满意度≥90%"),
    ("培训考核合格率", "0.9", "培训考核合格率≥90%"),
    ("事故发生率", "5", "事故发生率≤5%"),
])
def test_rewrites(name, value, suggestion):
    assert check([{"name": name, "value": value}], classify=False)[0].suggestion == suggestion


@pytest.mark.parametrize("text,normal", [
    ("培训人次≥350人次", "培训人次≥350人次"),
    ("培训人次 不少于三百五十人次", "培训人次≥350人次"),
    ("受益群众满意度不低于百分之九十", "受益群众满意度≥90%"),
])
def test_measurable_suggestion_is_normal_form(text, normal):
    r = check([text], classify=False)[0]
    assert r.measurable and r.suggestion == normal


def test_project_findings():
    from perfdoc.indicators.review import review_projects

    items = [
        {"name": "培训人次", "value": "≥350人次", "project": "A", "level1": "产出指标", "level2": "数量指标"},
        {"name": "培训人次", "value": "≥300人次", "project": "A", "level1": "产出指标", "level2": "数量指标"},
        {"name": "受益人数", "value": "≥300人", "project": "B", "level1": "效益指标", "level2": "社会效益指标"},
    ]
    results = check(items, classify=False)
    found = {p["project"]: {i.code for i in p["issues"]} for p in review_projects(results)}
    assert {"FEW_INDICATORS", "MISSING_EFFECT", "MISSING_SATISFACTION", "DUPLICATE"} <= found["A"]
    assert "MISSING_OUTPUT" not in found["A"]
    assert {"FEW_INDICATORS", "MISSING_OUTPUT"} <= found["B"]
    assert "DUPLICATE" not in found["B"]


def test_to_dict_shape():
    d = check(["培训人次≥350人次"], classify=False)[0].to_dict()
    assert set(d) == {"text", "name", "value", "source", "parsed", "measurable", "issues", "level1", "level2",
                      "level2_confidence", "sector", "sector_confidence", "matches", "suggestion"}
    assert d["parsed"] == {"operator": "≥", "number": 350.0, "unit": "人次", "deadline": None}
    assert d["source"] is None and d["measurable"] is True


@pytest.mark.parametrize("name,value,suggestion", [
    ("服务对象满意度（%）", "≥90", "服务对象满意度≥90%"),
    ("受益户数（户）", "≥500", "受益户数≥500户"),
    ("道路里程（公里）", "12", "道路里程12公里"),
])
def test_unit_in_name_brackets(name, value, suggestion):
    r = check([{"name": name, "value": value}], classify=False)[0]
    assert r.measurable and r.suggestion == suggestion


def test_whole_indicator_in_name_column():
    r = check([{"name": "培训合格率≥95%", "value": ""}], classify=False)[0]
    assert (r.name, r.value, r.measurable) == ("培训合格率", "≥95%", True)
