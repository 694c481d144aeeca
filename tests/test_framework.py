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
