"""NUMBER_FORMAT and DATE_FORMAT: how figures and dates are written.

Figures: no full-width digits, no full-width comma as a thousands separator, amounts in one
paragraph with the same number of decimals. Dates: 2023年12月31日 — Arabic numerals, no
2023.12.31 / 2023-12-31 / 2023/12/31, no zero padding, no 二〇二三年 in body text, real days.
"""
from __future__ import annotations

import calendar
import re
from collections import Counter

from perfdoc.lint.registry import Hit

_FULL_DIGITS = re.compile(r"[０-９][０-９．.，,]*[０-９]|[０-９]")
_FULL_COMMA_THOUSANDS = re.compile(
    r"(?<![\d，,.])\d{1,3}(?:，\d{3}){2,}(?:\.\d+)?(?!\d)"
    r"|(?<![\d，,.])\d{1,3}(?:，\d{3})+(?:\.\d+)?(?=\s*(?:万元|亿元|千元|元|万|亿))"
    r"|(?<![\d，,.])\d{1,3}(?:，\d{3})+\.\d+"
)
_AMOUNT = re.compile(r"(?<![\d,.，])(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d+))?\s*(万元|亿元|千元|元)")
_NUMERIC_DATE = re.compile(r"(?<![\d./-])((?:19|20)\d{2})\s*([./\-])\s*(\d{1,2})\s*\2\s*(\d{1,2})(?![\d.])")
_CN_DATE = re.compile(r"([〇零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,3})月(?:([一二三四五六七八九十]{1,3})日)?")
_ARABIC_DATE = re.compile(r"(?<!\d)((?:19|20)\d{2})年(\d{1,2})月(?:(\d{1,2})([日号]))?")

# dates with a part missing: 20211228日, 2021年1228日, 202112月28日, 2021年12月28（no 日）
_RUN_DATE = re.compile(r"(?<![\d.])((?:19|20)\d{2})(\d{2})(\d{2})日")
_NO_MONTH = re.compile(r"(?<![\d.])((?:19|20)\d{2})年(\d{3,4})日")
_NO_YEAR = re.compile(r"(?<![\d.])((?:19|20)\d{2})(\d{1,2})月(?:(\d{1,2})日)?")
_NO_DAY = re.compile(r"(?<![\d.])((?:19|20)\d{2})年(\d{1,2})月(\d{1,2})(?=[，。、；：,;\s）)前后止起至到—－~～]|$)")

_CN_DIGIT = {c: i for i, c in enumerate("〇一二三四五六七八九")} | {"零": 0}


def _cn_small(s: str) -> int | None:
    if s == "十":
        return 10
    if "十" in s:
        a, _, b = s.partition("十")
        return (_CN_DIGIT.get(a, 0) if a else 1) * 10 + (_CN_DIGIT.get(b, 0) if b else 0)
    return _CN_DIGIT.get(s)


def check(paragraphs) -> list[Hit]:
    hits: list[Hit] = []
    for para in paragraphs:
        _numbers(para, hits)
        _dates(para, hits)
    hits.sort(key=lambda h: (h.paragraph.index, h.start))
    return hits


def _numbers(para, hits: list[Hit]) -> None:
    text = para.text
    for m in _FULL_DIGITS.finditer(text):
        half = m.group().translate(str.maketrans("０１２３４５６７８９．，", "0123456789.,"))
        hits.append(Hit("NUMBER_FORMAT", "error", f"数字应使用半角阿拉伯数字：“{m.group()}”应为“{half}”",
                        para, m.start(), m.end(), suggestion=half))
    for m in _FULL_COMMA_THOUSANDS.finditer(text):
        right = m.group().replace("，", ",")
        hits.append(Hit("NUMBER_FORMAT", "error", f"千分位分隔符应使用半角逗号：“{m.group()}”应为“{right}”",
                        para, m.start(), m.end(), suggestion=right))
    for a, b in _sentences(text):
        _decimals(para, text, a, b, hits)


_THRESHOLD_BEFORE = re.compile(r"(?:超过|不超过|高于|低于|不低于|不少于|不足|达到|满|以上|以下|每)\s*$")
_THRESHOLD_AFTER = re.compile(r"^\s*(?:以上|以下|以内|及以上|及以下|（含）|的重大|的项目|的政策)")


def _sentences(text: str):
    start = 0
    for m in re.finditer(r"[。；;！？]", text):
        yield start, m.end()
        start = m.end()
    if start < len(text):
        yield start, len(text)


def _decimals(para, text: str, a: int, b: int, hits: list[Hit]) -> None:
    """Amounts listed in one sentence keep one precision; thresholds ("超过100万元的") are rules, not figures."""
    amounts = [(m, len(m.group(2) or "")) for m in _AMOUNT.finditer(text, a, b)
               if not _THRESHOLD_BEFORE.search(text[max(a, m.start() - 4):m.start()])
               and not _THRESHOLD_AFTER.match(text[m.end():m.end() + 4])]
    by_unit: dict[str, list] = {}
    for m, d in amounts:  # 亿元 figures often keep fewer places than 万元 ones: compare like with like
        by_unit.setdefault(m.group(3), []).append((m, d))
    for same in by_unit.values():
        _compare_places(para, same, hits)


def _compare_places(para, amounts: list, hits: list[Hit]) -> None:
    if len(amounts) >= 2:
        counts = Counter(d for _, d in amounts)
        if len(counts) > 1:
            top = counts.most_common()
            usual = top[0][0] if top[0][1] > top[1][1] else max(d for d, _ in top)
            for m, d in amounts:
                if d == usual:
                    continue
                value = float(m.group(1).replace(",", "") + "." + (m.group(2) or "0"))
                right = _format_amount(value, usual, "," in m.group(1)) + m.group(3)
                hits.append(Hit("NUMBER_FORMAT", "warning",
                                f"同一句中金额的小数位数不一致：其他金额保留{usual}位小数，此处为{d}位",
                                para, m.start(), m.end(), suggestion=right))


def _format_amount(value: float, decimals: int, grouped: bool) -> str:
    return f"{value:,.{decimals}f}" if grouped or value >= 10000 else f"{value:.{decimals}f}"


def _valid(year: int, month: int, day: int | None) -> bool:
    if not 1 <= month <= 12:
        return False
    return day is None or 1 <= day <= calendar.monthrange(year, month)[1]


def _missing_parts(para, hits: list[Hit]) -> None:
    """Dates with 年/月/日 left out; the suggestion only when one reading makes a real date."""
    text = para.text

    def report(m, y: int, readings: list[tuple[int, int | None]], what: str) -> None:
        real = [(mo, d) for mo, d in readings if _valid(y, mo, d)]
        if not real:
            return
        right = None
        if len(real) == 1:
            mo, d = real[0]
            right = f"{y}年{mo}月" + (f"{d}日" if d is not None else "")
        shown = f"：应为“{right}”" if right else ""
        hits.append(Hit("DATE_FORMAT", "error", f"日期缺少“{what}”：“{m.group()}”{shown}", para, m.start(), m.end(),
                        suggestion=right, fix=None))

    for m in _RUN_DATE.finditer(text):
        report(m, int(m.group(1)), [(int(m.group(2)), int(m.group(3)))], "年”“月")
    for m in _NO_MONTH.finditer(text):
        digits = m.group(2)
        readings = [(int(digits[:k]), int(digits[k:])) for k in (1, 2) if digits[k:][:1] != "0" or len(digits[k:]) == 2]
        report(m, int(m.group(1)), readings, "月")
    for m in _NO_YEAR.finditer(text):
        if text[m.end(1):m.end(1) + 1] == "年":
            continue
        report(m, int(m.group(1)), [(int(m.group(2)), int(m.group(3)) if m.group(3) else None)], "年")
    for m in _NO_DAY.finditer(text):
        report(m, int(m.group(1)), [(int(m.group(2)), int(m.group(3)))], "日")


def _dates(para, hits: list[Hit]) -> None:
    text = para.text
    _missing_parts(para, hits)
    for m in _NUMERIC_DATE.finditer(text):
        groups = [g for g in m.groups() if g and g not in "./-"]
        y, mo, d = (int(g) for g in groups)
        if not _valid(y, mo, d):
            continue  # not a date at all (e.g. a section number)
        right = f"{y}年{mo}月{d}日"
        hits.append(Hit("DATE_FORMAT", "error", f"日期应写作“{right}”形式，不用“{m.group()}”",
                        para, m.start(), m.end(), suggestion=right))
    for m in _CN_DATE.finditer(text):
        y = int("".join(str(_CN_DIGIT[c]) for c in m.group(1)))
        mo = _cn_small(m.group(2))
        d = _cn_small(m.group(3)) if m.group(3) else None
        if mo is None or (m.group(3) and d is None) or not _valid(y, mo, d):
            continue
        right = f"{y}年{mo}月" + (f"{d}日" if d else "")
        hits.append(Hit("DATE_FORMAT", "warning", f"正文中的日期应使用阿拉伯数字：“{m.group()}”应为“{right}”",
                        para, m.start(), m.end(), suggestion=right))
    for m in _ARABIC_DATE.finditer(text):
        y, mo = int(m.group(1)), int(m.group(2))
        d = int(m.group(3)) if m.group(3) else None
        if not _valid(y, mo, d):
            what = "月份" if not 1 <= mo <= 12 else "日期"
            hits.append(Hit("DATE_FORMAT", "error", f"{what}不存在：“{m.group()}”", para, m.start(), m.end(),
                            suggestion=None))
            continue
        problems = []
        if m.group(2).startswith("0") or (m.group(3) or "").startswith("0"):
            problems.append("月、日不补零")
        if m.group(4) == "号":
            problems.append("日期用“日”不用“号”")
        if problems:
            right = f"{y}年{mo}月" + (f"{d}日" if d is not None else "")
            hits.append(Hit("DATE_FORMAT", "warning", f"日期写法不规范（{'，'.join(problems)}）：应为“{right}”",
                            para, m.start(), m.end(), suggestion=right))
