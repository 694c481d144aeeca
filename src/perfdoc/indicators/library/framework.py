"""The national indicator framework (一级/二级指标) and the sector axis (支出功能分类 类), domain.md §2–§3.

Declared levels are normalised as units really write them: older local forms (成本指标 as a 二级
under 产出指标, 环境效益), notes in brackets (数量指标（必填）, 产出指标(50分)), a trailing 等, the
一级 written in front (产出数量指标) and names without the 指标 suffix. The written forms live in
corpora/framework_aliases.csv. A cell naming several classes (社会、经济、生态效益指标) has no
single 二级 but a set of options (`level2_options`).
"""
from __future__ import annotations

import csv
import re
import unicodedata
from functools import lru_cache

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
ALIASES_FILE = "framework_aliases.csv"
_NOTE = re.compile(r"[（(【\[][^）)】\]]*[）)】\]]")
_ENUM = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|\d{1,2}[、.．](?!\d)|[（(]\d{1,2}[）)]|[①-⑳])")
_LEVEL1_PREFIX = ("产出", "效益", "效果", "成本", "满意度")
_SPLIT = re.compile(r"[、,，/／]|或|和|及")


@lru_cache(maxsize=1)
def _aliases() -> tuple[dict[str, str], dict[str, str]]:
    """(二级 written form → canonical, 一级 written form → canonical) from corpora."""
    from perfdoc.resources import corpus

    level1: dict[str, str] = {}
    level2: dict[str, str] = {}
    lines = [ln for ln in corpus(ALIASES_FILE).read_text(encoding="utf-8").splitlines()
             if ln.strip() and not ln.startswith("#")]
    for level, written, canonical in list(csv.reader(lines))[1:]:
        (level1 if level.strip() == "1" else level2)[written.strip()] = canonical.strip()
    return level2, level1


def _clean(text: str | None) -> str:
    return "".join(unicodedata.normalize("NFKC", text or "").split())


def _written(text: str | None) -> str:
    """A declared level as compared: no spaces, notes in brackets, enumerator or trailing 等."""
    t = _NOTE.sub("", _clean(text))
    t = _ENUM.sub("", t)
    return t.removesuffix("等").removesuffix("类")


def _level2_exact(t: str) -> str | None:
    if t in LEVEL2_TO_LEVEL1:
        return t
    aliases = _aliases()[0]
    return aliases.get(t) or aliases.get(t.removesuffix("指标"))


def normalize_level2(text: str | None) -> str | None:
    """The current 二级指标 name for what a unit wrote, or None when it is not recognisable
    (or names several classes: see `level2_options`)."""
    options = level2_options(text)
    return options[0] if len(options) == 1 else None


@lru_cache(maxsize=4096)
def level2_options(text: str | None) -> tuple[str, ...]:
    """Every 二级指标 a declared cell names: one for 数量指标（必填）, three for 社会、经济、生态效益指标."""
    t = _written(text)
    if not t:
        return ()
    hit = _level2_exact(t)
    if hit is None:
        for prefix in _LEVEL1_PREFIX:  # 产出数量指标, 效益指标-社会效益
            rest = t.removeprefix(prefix).removeprefix("指标").lstrip("-—:：")
            if rest != t and rest and (hit := _level2_exact(rest)):
                break
    if hit is not None:
        return (hit,)
    parts = [p for p in _SPLIT.split(t) if p]
    if len(parts) > 1:  # 社会、经济、生态效益指标: the last part's tail completes the others
        tail = re.search(r"(效益|成本)(指标)?$", parts[-1])
        found = []
        for p in parts:
            hit = _level2_exact(p) or (tail and _level2_exact(p + tail.group(0)))
            if hit and hit not in found:
                found.append(hit)
        if len(found) == len(parts):
            return tuple(found)
    return ()


def normalize_level1(text: str | None) -> str | None:
    t = _written(text)
    if not t:
        return None
    if t in FRAMEWORK:
        return t
    aliases = _aliases()[1]
    return aliases.get(t) or aliases.get(t.removesuffix("指标"))


def normalize_levels(level1: str | None, level2: str | None) -> tuple[str | None, str | None]:
    """Normalise a declared (一级, 二级) pair; 一级 follows from 二级 when 二级 is known.

    (产出指标, 成本指标) from an old framework becomes (成本指标, 经济成本指标).
    """
    l2 = normalize_level2(level2)
    if l2 is not None:
        return LEVEL2_TO_LEVEL1[l2], l2
    return normalize_level1(level1), None


def strip_enumerator(name: str) -> str:
    """'指标3.培训人次' → '培训人次'; also 1、 （1） ① 一、 in front of a 三级指标 name."""
    t = (name or "").strip().lstrip("★☆*＊").strip()
    m = re.match(r"^(?:(?:三级)?指标\s*\d{1,2}\s*[.．、:：]?\s*|[一二三四五六七八九十]+[、.．]\s*|\d{1,2}\s*[、.．](?!\d)\s*"
                 r"|[（(]\s*\d{1,2}\s*[）)]\s*|[①-⑳]\s*)", t)
    if m and m.end() < len(t):
        return t[m.end():]
    return t


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
