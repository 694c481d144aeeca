"""Generic indicators belong to 000 通用 whatever the project (domain.md §3); sector ones keep the project."""
import pytest

from perfdoc.indicators.classification.classify import predict, sector_words
from perfdoc.indicators.library.library import load_library

GENERIC_CASES = [
    ("预算执行率", "≥95%", "义务教育营养改善计划"),
    ("资金到位率", "100%", "高标准农田建设"),
    ("项目完成及时率", "100%", "河道综合治理"),
    ("政府采购执行率", "100%", "森林防火物资购置"),
    ("服务对象满意度", "≥90%", "城乡居民基本养老保险"),
    ("资金拨付及时率", "100%", "老旧小区改造"),
]

SECTOR_CASES = [
    ("营养餐供餐天数", "≥200天", "义务教育营养改善计划", "205"),
    ("巡护人员数量", "≥30人", "森林防火", "224"),
    ("改造老旧小区数量", "≥12个", "老旧小区改造", "221"),
    ("疫苗接种率", "≥90%", "免疫规划疫苗接种", "210"),
]


@pytest.mark.parametrize("name,value,project", GENERIC_CASES)
def test_generic_indicator_is_000_despite_project(name, value, project):
    (p,) = predict([(name, value, project)])
    assert p.sector.startswith("000 "), (name, project, p.sector)
    assert p.hits[0].entry.sector == "000"


@pytest.mark.parametrize("name,value,project,code", SECTOR_CASES)
def test_sector_indicator_keeps_project_sector(name, value, project, code):
    (p,) = predict([(name, value, project)])
    assert p.sector.startswith(code + " "), (name, project, p.sector)


def test_sector_words_exclude_generic_vocabulary():
    words = sector_words(load_library(None))
    # 执行 (courts) and 政府采购 (201 lexicon) occur in 000 entries: they must not mark a name as sectoral
    assert "执行" not in words and "政府采购" not in words
    assert "营养餐" in words and "派出所" in words
