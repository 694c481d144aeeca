import pytest

from perfdoc.indicators.library.framework import normalize_levels, parse_sector


@pytest.mark.parametrize("l1, l2, expected", [
    ("产出指标", "数量指标", ("产出指标", "数量指标")),
    ("产出指标", "成本指标", ("成本指标", "经济成本指标")),  # old framework
    ("效益指标", "社会效益", ("效益指标", "社会效益指标")),
    ("满意度指标", "服务对象满意度", ("满意度指标", "服务对象满意度指标")),
    ("效益", "", ("效益指标", None)),
    ("", "可持续影响指标", ("效益指标", "可持续影响指标")),
    ("产出指标", "数量指标 ", ("产出指标", "数量指标")),
    ("杂项", "其他", (None, None)),
])
def test_normalize_levels(l1, l2, expected):
    assert normalize_levels(l1, l2) == expected


@pytest.mark.parametrize("text, expected", [
    ("205", "205 教育"), ("205 教育", "205 教育"), ("教育", "205 教育"), ("2050101", "205 教育"),
    ("000", "000 通用"), ("999", None), ("", None),
])
def test_parse_sector(text, expected):
    assert parse_sector(text) == expected


# Declared 二级 cells as units write them in published tables (corpora/published/indicators.jsonl)
@pytest.mark.parametrize("written, options", [
    ("数量指标（必填）", ("数量指标",)),
    ("质量指标(必填)", ("质量指标",)),  # nx2022-ced5e0a8
    ("环境效益", ("生态效益指标",)),
    ("服务对象满意度指标等", ("服务对象满意度指标",)),  # yn2022-207ad902
    ("满意度指标等", ("服务对象满意度指标",)),
    ("产出数量指标", ("数量指标",)),  # he2019-654a8bea
    ("产出时效", ("时效指标",)),  # sx2021-eb3f9788
    ("时效指标(工期指标、形象进度指标)", ("时效指标",)),  # gd2019-8852d895
    ("数量指标(或建筑规模指标)", ("数量指标",)),
    ("预算(或投资规模)控制指标", ("经济成本指标",)),
    ("可持续性", ("可持续影响指标",)),  # hb2021-207ac714
    ("社会公众或服务对象满意度指标", ("服务对象满意度指标",)),  # hb2020-6e015b32
    ("社会、经济、生态效益指标", ("社会效益指标", "经济效益指标", "生态效益指标")),  # gd2019-8852d895
    ("制度指标", ()),  # he2019-654a8bea: no class of the framework
    ("", ()),
])
def test_level2_as_written(written, options):
    from perfdoc.indicators.library.framework import level2_options, normalize_level2

    assert level2_options(written) == options
    assert normalize_level2(written) == (options[0] if len(options) == 1 else None)


@pytest.mark.parametrize("written, level1", [
    ("产出指标(50分)", "产出指标"), ("效益指标(30分)", "效益指标"), ("满意度指标", "满意度指标"),
])
def test_level1_with_weights(written, level1):
    from perfdoc.indicators.library.framework import normalize_level1

    assert normalize_level1(written) == level1


@pytest.mark.parametrize("name, stripped", [
    ("指标3.培训人次", "培训人次"), ("指标2企业自行采购", "企业自行采购"), ("指标1:视频监控在线率", "视频监控在线率"),
    ("1、培训人次", "培训人次"), ("（1）培训人次", "培训人次"), ("①培训人次", "培训人次"), ("一、资金到位率", "资金到位率"),
    ("★★★建档立卡贫困人口人次数", "建档立卡贫困人口人次数"),
    ("2.5万亩高标准农田", "2.5万亩高标准农田"), ("1年", "1年"), ("5G基站数", "5G基站数"), ("十佳评选", "十佳评选"),
])
def test_strip_enumerator(name, stripped):
    from perfdoc.indicators.library.framework import strip_enumerator

    assert strip_enumerator(name) == stripped
