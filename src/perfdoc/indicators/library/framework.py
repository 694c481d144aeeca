"""The national indicator framework (一级/二级指标) and the sector axis (支出功能分类 类), domain.md §2–§3.

Input in older local forms (成本指标 as a 二级 under 产出指标, names without the 指标 suffix) is
normalised to the current table.
"""
from __future__ import annotations

import unicodedata

FRAMEWORK: dict[str, tuple[str, ...]] = {
    "成本指标": ("经济成本指标", "社会成本指标", "生态环境成本指标"),
    "产出指标": ("数量指标", "质量指标", "时效指标"),
    "效益指标": ("经济效益指标", "社会效益指标", "生态效益指标", "可持续影响指标"),
    "满意度指标": ("服务对象满意度指标",),
}
LEVEL2_TO_LEVEL1: dict[str, str] = {l2: l1 for l1, l2s in FRAMEWORK.items() for l2 in l2s}
LEVEL2_ALL: tuple[str, ...] = tuple(LEVEL2_TO_LEVEL1)

SECTORS: dict[str, str] = {
    "000": "通用",
    "201": "一般公共服务", "204": "公共安全", "205": "教育", "206": "科学技术",
    "207": "文化旅游体育与传媒", "208": "社会保障和就业", "210": "卫生健康", "211": "节能环保",
    "212": "城乡社区", "213": "农林水", "214": "交通运输", "215": "资源勘探工业信息等",
    "216": "商业服务业等", "220": "自然资源海洋气象等", "221": "住房保障", "222": "粮油物资储备",
    "224": "灾害防治及应急管理",
}

# Older or abbreviated names units write, mapped to the current 二级指标.
_LEVEL2_ALIASES: dict[str, str] = {
    "成本指标": "经济成本指标",  # old frameworks: 产出指标 › 成本指标
    "经济成本": "经济成本指标", "社会成本": "社会成本指标", "生态环境成本": "生态环境成本指标",
    "生态成本指标": "生态环境成本指标", "环境成本指标": "生态环境成本指标",
    "数量": "数量指标", "质量": "质量指标", "时效": "时效指标",
    "经济效益": "经济效益指标", "社会效益": "社会效益指标", "生态效益": "生态效益指标",
    "可持续影响": "可持续影响指标", "可持续发展指标": "可持续影响指标",
    "服务对象满意度": "服务对象满意度指标", "满意度": "服务对象满意度指标",
    "满意度指标": "服务对象满意度指标", "社会公众或服务对象满意度指标": "服务对象满意度指标",
    "社会公众满意度指标": "服务对象满意度指标",
}
_LEVEL1_ALIASES: dict[str, str] = {
    "成本": "成本指标", "产出": "产出指标", "效益": "效益指标", "效果指标": "效益指标",
    "满意度": "满意度指标",
}


def _clean(text: str | None) -> str:
    return "".join(unicodedata.normalize("NFKC", text or "").split())


def normalize_level2(text: str | None) -> str | None:
    """The current 二级指标 name for what a unit wrote, or None when it is not recognisable."""
    t = _clean(text)
    if not t:
        return None
    if t in LEVEL2_TO_LEVEL1:
        return t
    return _LEVEL2_ALIASES.get(t) or _LEVEL2_ALIASES.get(t.removesuffix("指标"))


def normalize_level1(text: str | None) -> str | None:
    t = _clean(text)
    if not t:
        return None
    if t in FRAMEWORK:
        return t
    return _LEVEL1_ALIASES.get(t) or _LEVEL1_ALIASES.get(t.removesuffix("指标"))


def normalize_levels(level1: str | None, level2: str | None) -> tuple[str | None, str | None]:
    """Normalise a declared (一级, 二级) pair; 一级 follows from 二级 when 二级 is known.

    (产出指标, 成本指标) from an old framework becomes (成本指标, 经济成本指标).
    """
    l2 = normalize_level2(level2)
    if l2 is not None:
        return LEVEL2_TO_LEVEL1[l2], l2
    return normalize_level1(level1), None


def sector_label(code: str) -> str:
    """'205' → '205 教育' (the form reports use)."""
    code = code.strip()[:3]
    return f"{code} {SECTORS[code]}"


def parse_sector(text: str | None) -> str | None:
    """Accept '205', '205 教育', '教育', '2050101' (a 款/项 code) and return '205 教育'."""
    t = _clean(text)
    if not t:
        return None
    if t[:3] in SECTORS and (len(t) == 3 or t[3:].isdigit() or t[3:] == SECTORS[t[:3]]):
        return sector_label(t[:3])
    for code, name in SECTORS.items():
        if t == name:
            return sector_label(code)
    return None
