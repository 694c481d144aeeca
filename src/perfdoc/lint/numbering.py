"""NUMBERING: heading markers follow 一、 → （一） → 1. → （1）, consecutive within a level and
restarting under each parent.

A marker of the wrong kind ("1、" where 一、 is due, "（2）" while （一）（二）… is running) is
reported once and then occupies the slot it was meant for, so the headings after it are judged
against the corrected sequence and no false alarms cascade.
"""
from __future__ import annotations

import re

from perfdoc.lint.reader import chinese_number
from perfdoc.lint.registry import Hit

CODE = "NUMBERING"

CN_COMMA, CN_PAREN, AR_DOT, AR_PAREN, AR_COMMA = "cn_comma", "cn_paren", "ar_dot", "ar_paren", "ar_comma"
LEVEL_OF = {CN_COMMA: 1, CN_PAREN: 2, AR_DOT: 3, AR_PAREN: 4}
LEVEL_NAMES = {1: "一级", 2: "二级", 3: "三级", 4: "四级"}

_CN = "一二三四五六七八九十百零〇"
# conversion artefacts such as "[bookmark: _GoBack]" and leading blanks come before a marker
_PREFIX = re.compile(r"(?:\s|\u3000|\[bookmark:[^\]]*\])*")
_MARKERS = (
    (CN_COMMA, re.compile(rf"([{_CN}]{{1,3}})\s*([、.．])(?![{_CN}\d])")),
    (CN_PAREN, re.compile(rf"[（(]\s*([{_CN}]{{1,3}})\s*[）)]")),
    (AR_PAREN, re.compile(r"[（(]\s*(\d{1,2})\s*[）)]")),
    (AR_DOT, re.compile(r"(\d{1,2})\s*([.．])(?![\d.．])")),
    (AR_COMMA, re.compile(r"(\d{1,2})\s*、(?!\d)")),
)
_CN_VALUES = {c: i for i, c in enumerate("零一二三四五六七八九")}


def parse_cn(s: str) -> int | None:
    s = s.replace("〇", "零")
    if "百" in s:
        return None
    if s == "十":
        return 10
    if "十" in s:
        tens, _, ones = s.partition("十")
        t = _CN_VALUES.get(tens, None) if tens else 1
        o = _CN_VALUES.get(ones, None) if ones else 0
        return None if t is None or o is None else t * 10 + o
    return _CN_VALUES.get(s) if len(s) == 1 else None


def marker_text(level: int, n: int, dot: str = ".") -> str:
    """The standard marker for slot n at a level."""
    if level == 1:
        return chinese_number(n) + "、"
    if level == 2:
        return f"（{chinese_number(n)}）"
    if level == 3:
        return f"{n}{dot}"
    return f"（{n}）"


def find_marker(text: str):
    """(style, number, start, end, punct) of a heading marker at the paragraph's start, or None."""
    pos = _PREFIX.match(text).end()
    for style, rx in _MARKERS:
        m = rx.match(text, pos)
        if not m:
            continue
        raw = m.group(1)
        n = int(raw) if raw.isdigit() else parse_cn(raw)
        if not n:
            continue
        punct = m.group(2) if m.lastindex and m.lastindex >= 2 else ""
        return style, n, m.start(), m.end(), punct
    return None


def check(paragraphs) -> list[Hit]:
    markers = []
    for para in paragraphs:
        if para.in_table:  # tables number their rows their own way
            continue
        found = find_marker(para.text)
        if found:
            markers.append((para, *found))
    has_cn = any(m[1] in (CN_COMMA, CN_PAREN) for m in markers)
    has_l2 = any(m[1] == CN_PAREN for m in markers)
    cur = [0, 0, 0, 0, 0]  # cur[level] = slot last used at that level under the current parent
    hits: list[Hit] = []

    def hit(para, start, end, severity, message, fix):
        editable = start >= para.label_len
        if not editable:
            message += "（该序号为 Word 自动编号，请在 Word 中调整列表格式）"
        hits.append(Hit(CODE, severity, message, para, start, end, suggestion=fix,
                        fix=fix if editable else None))

    for i, (para, style, n, start, end, punct) in enumerate(markers):
        found = para.text[start:end]
        l2_due = cur[2] > 0 or (cur[1] > 0 and has_l2)  # a （一）（二）… list runs or is due under 一、
        if style == AR_PAREN and l2_due and cur[4] == 0 and n > 1 and (cur[3] == 0 or n == cur[2] + 1):
            # "（2）" where （一）（二）… is running and no （1） list is open: meant as the next （二）
            slot = cur[2] + 1
            want = marker_text(2, slot)
            hit(para, start, end, "error",
                f"二级标题应使用“（一）（二）……”式序号，此处“{found}”应为“{want}”", want)
            _place(cur, 2, slot)
            continue
        if style == AR_COMMA:
            l1_fit = has_cn and n == cur[1] + 1
            l3_fit = n == cur[3] + 1 and (cur[1] > 0 or cur[2] > 0)
            # when both readings fit, a following （一） (a new second-level list) shows it was a first-level heading
            nxt = markers[i + 1] if i + 1 < len(markers) else None
            opens_l2 = nxt is not None and nxt[1] == CN_PAREN and nxt[2] == 1
            if l1_fit and (not l3_fit or opens_l2):
                want = marker_text(1, n)
                hit(para, start, end, "error",
                    f"一级标题应使用“一、二、……”式序号，此处“{found}”应为“{want}”", want)
                _place(cur, 1, n)
                continue
            level = 3
        else:
            level = LEVEL_OF[style]
        expected = cur[level] + 1
        dot = punct if style == AR_DOT else "."
        if n == expected or n == 1:  # a 1 after a finished list starts a new one (attachments, parts)
            slot = n
            if style == AR_COMMA:
                want = marker_text(3, slot)
                hit(para, start, end, "warning",
                    f"三级标题序号规范写法为“{want}”（阿拉伯数字加下脚点），不用“{found}”", want)
            elif style == CN_COMMA and punct != "、":
                want = marker_text(1, slot)
                hit(para, start, end, "warning", f"一级标题序号应为“{want}”（汉字数字加顿号）", want)
        else:
            slot = expected
            want = marker_text(level, slot, dot)
            prev = marker_text(level, cur[level], dot) if cur[level] else None
            after = f"，前一个同级标题为“{prev}”" if prev else ""
            hit(para, start, end, "error",
                f"{LEVEL_NAMES[level]}标题序号不连续：“{found}”应为“{want}”{after}", want)
        _place(cur, level, slot)
    return hits


def _place(cur: list[int], level: int, slot: int) -> None:
    cur[level] = slot
    for deeper in range(level + 1, 5):
        cur[deeper] = 0
