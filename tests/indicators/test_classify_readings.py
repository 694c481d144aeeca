"""What an indicator measures decides its 二级指标 (issue 11): the defensible-readings list
(corpora/classify_readings.csv), the classifier on real published rows, and CATEGORY_MISMATCH.

Every row below is copied from a published table in corpora/published/indicators.jsonl; the first
field is its source id (corpora/published/sources.csv gives the url).
"""
import pytest

from perfdoc.indicators.classification import readings
from perfdoc.indicators.classification.classify import predict
from perfdoc.indicators.library.conventions import Conventions
from perfdoc.indicators.library.framework import LEVEL2_TO_LEVEL1

EFFECTS = {"社会效益指标", "经济效益指标", "生态效益指标", "可持续影响指标"}


def test_every_row_of_the_list_is_valid_and_documented():
    kinds = readings.kinds()
    assert len(kinds) >= 20 and len({k.kind for k in kinds}) == len(kinds)
    for k in kinds:
        assert k.readings and set(k.readings) <= set(LEVEL2_TO_LEVEL1) and k.basis, k.kind


@pytest.mark.parametrize("source, name, value, kind, defensible, not_defensible", [
    ("sc2021-c9c7e4db", "指标2:违法案件查办率", "100%", "handling", {"数量指标", "质量指标"}, {"社会效益指标"}),
    ("hn2021-61bb1030", "补贴覆盖率", "100%", "coverage", {"数量指标", "质量指标"}, {"社会效益指标"}),
    ("gd2022-024209d8", "管道天然气年度改造任务完成率", "100%", "completion", {"数量指标", "质量指标", "时效指标"},
     {"社会效益指标"}),
    ("sc2022-bd720a9a", "项目计划总投资", "20万元", "money_spent", {"经济成本指标"}, {"经济效益指标"}),
    ("hb2023-0f572394", "本年预算安排800万元", "100%", "money_named", {"经济成本指标"}, {"经济效益指标"}),
    ("sc2021-ab3b76af", "资金拨付", "12月底到位", "deadline_value", {"时效指标"}, {"经济成本指标"}),
    ("ah2025-618e7753", "完成时间", "2025年年底前", "deadline_value", {"时效指标"}, {"数量指标"}),
    ("gd2019-8852d895", "结算款支付及时性", "及时", "timeliness", {"时效指标"}, {"质量指标"}),
    ("ah2025-e60639dd", "指标1:提升群众安全感", "≥90%", "satisfaction_like", {"服务对象满意度指标"}, {"质量指标"}),
    ("sc2022-1817b32f", "政策知晓率", "≥90%", "awareness", {"社会效益指标", "服务对象满意度指标"}, {"质量指标"}),
    ("ah2023-36c1cf28", "指标2:安全事故发生率", "<=0%", "accident", {"质量指标", "社会成本指标"}, {"社会效益指标"}),
    ("ah2022-c7658d93", "提高村(社区)干部工作积极性的影响程度", "效果明显", "effect_degree", EFFECTS, {"社会成本指标"}),
    ("sc2022-bd720a9a", "群众生产生活条件改善状况", "显著提升", "effect_degree", {"社会效益指标"}, {"社会成本指标"}),
    ("hn2021-1f8f1656", "造林面积", "1.2万亩", "eco_amount", {"数量指标", "生态效益指标"}, {"社会效益指标"}),
    # keyword traps: the name's 周期/成本/培训 does not decide what is measured
    ("hn2024-640c6f96", "服务周期内空气质量", "优良", "eco_effect", {"生态效益指标"}, {"时效指标"}),
    ("ah2022-a66e0eb2", "对控制基建项目成本影响程度", "效果明显", "effect_degree", {"经济效益指标"}, {"经济成本指标"}),
    ("hb2022-67e2f916", "主体班培训人次", "280人次", "count_name", {"数量指标"}, {"社会效益指标"}),
    ("sc2023-8a1dc5ab", "培训费", "320人/天", "cost_words", {"经济成本指标"}, {"数量指标"}),
])
def test_readings_of_published_rows(source, name, value, kind, defensible, not_defensible):
    k = readings.match(name, value)
    assert k is not None and k.kind == kind, (source, k and k.kind)
    assert defensible <= set(k.readings) and not (not_defensible & set(k.readings)), source


@pytest.mark.parametrize("source, name, value, allowed", [
    # output rates are outputs, not 社会效益
    ("sc2021-c9c7e4db", "指标2:违法案件查办率", "100%", {"数量指标", "质量指标"}),
    ("hb2021-d9e04d55", "政务服务工作办结率", "100%", {"数量指标", "质量指标"}),
    ("hn2021-61bb1030", "补贴覆盖率", "100%", {"数量指标", "质量指标"}),
    ("sc2021-a0515a55", "指标8.培训人员覆盖率", "100%", {"数量指标", "质量指标"}),
    ("gd2022-024209d8", "管道天然气年度改造任务完成率", "100%", {"数量指标", "质量指标", "时效指标"}),
    # 生态效益 is predicted for what affects the environment
    ("sc2023-cdca477b", "保护生态环境卫生", "≥95%", {"生态效益指标"}),
    ("nx2022-ced5e0a8", "提高森林覆盖率,促进生物多样性保护。", "", {"生态效益指标"}),
    # positive effects written as 影响程度/改善状况 are effects, not 社会成本
    ("sc2022-bd720a9a", "群众生产生活条件改善状况", "显著提升", EFFECTS),
    ("ah2022-c7658d93", "提高村(社区)干部工作积极性的影响程度", "效果明显", EFFECTS),
    ("ah2022-a66e0eb2", "对维护基建市场公平的影响程度", "效果明显", EFFECTS),
    # money to be spent is 经济成本
    ("sc2022-bd720a9a", "项目计划总投资", "20万元", {"经济成本指标"}),
    ("hb2021-207ac714", "每年财政补助1000万元", "1000万元", {"经济成本指标"}),
    ("hb2023-0f572394", "本年预算安排800万元", "100%", {"经济成本指标"}),
    # deadline values are 时效
    ("sc2021-ab3b76af", "资金拨付", "12月底到位", {"时效指标"}),
    ("ah2025-618e7753", "完成时间", "2025年年底前", {"时效指标"}),
    ("gd2019-8852d895", "结算款支付及时性", "及时", {"时效指标"}),
    ("ah2022-c7658d93", "补助经费到位及时性", "及时", {"时效指标"}),
    # satisfaction-like names without 满意
    ("ah2025-e60639dd", "指标1:提升群众安全感", "≥90%", {"服务对象满意度指标", "社会效益指标"}),
    ("sc2022-1817b32f", "政策知晓率", "≥90%", {"社会效益指标", "服务对象满意度指标"}),
    # accident counts are no 社会效益
    ("ah2023-36c1cf28", "指标2:安全事故发生率", "<=0%", {"质量指标", "社会成本指标"}),
    # keyword traps
    ("hn2024-640c6f96", "服务周期内空气质量", "优良", {"生态效益指标", "质量指标"}),
    ("hb2022-67e2f916", "主体班培训人次", "280人次", {"数量指标"}),
    ("sc2023-8a1dc5ab", "培训费", "320人/天", {"经济成本指标"}),
    ("hb2021-207ac714", "成本控制", "不超过预算", {"经济成本指标"}),
    ("hn2024-640c6f96", "控制在预算成本内", "控制在预算内", {"经济成本指标"}),
])
def test_published_rows_get_a_defensible_level2(source, name, value, allowed):
    (p,) = predict([(name, value, None)], conventions=Conventions())
    assert p.level2 in allowed, (source, p.level2, round(p.level2_confidence, 2))


@pytest.mark.parametrize("source, name, value, declared, claimed", [
    # declared class is no reading of what is measured: claimed
    ("he2019-654a8bea", "资助对象满意度", "95%以上", "质量指标", "服务对象满意度指标"),
    ("sc2021-a0515a55", "指标7.药品监管人员人均培训学时", "≥90", "社会效益指标", "数量指标"),
    ("hb2021-207ac714", "成本控制", "不超过预算", "数量指标", "经济成本指标"),
    ("ah2021-c24a1387", "指标1:项目总成本(≤**万元)", "≤1125万元", "质量指标", "经济成本指标"),
    # published labels that differ between tables but are defensible readings: never claimed
    ("hn2021-61bb1030", "补贴覆盖率", "100%", "质量指标", None),
    ("hb2020-6e015b32", "农村义务教育学校改造覆盖率", "100%", "数量指标", None),
    ("sc2022-1817b32f", "政策知晓率", "≥90%", "服务对象满意度指标", None),
    ("hb2022-67e2f916", "培训完成率", "100%", "质量指标", None),
    ("he2019-654a8bea", "资金支出率", "95%", "数量指标", None),
    # an indicator of no listed kind: the model alone never claims
    ("hb2021-207ac714", "保证财政建设补助专款专用", "专款专用", "社会效益指标", None),
    ("nx2022-b136ab0a", "指标1免费发放原原种", "550万粒", "社会效益指标", "数量指标"),
])
def test_category_mismatch_on_published_rows(source, name, value, declared, claimed):
    from perfdoc.indicators.review import check

    (r,) = check([{"name": name, "value": value, "level2": declared}])
    found = [i for i in r.issues if i.code == "CATEGORY_MISMATCH"]
    if claimed is None:
        assert not found, (source, r.level2)
    else:
        assert found and found[0].suggestion == claimed, (source, r.level2, r.level2_confidence)
