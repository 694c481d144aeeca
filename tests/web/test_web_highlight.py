"""Where a lint finding's span is marked on the 文稿校对 page."""
from __future__ import annotations

import pytest

from perfdoc.web.service import highlight

LONG = ("全年开展重点评价项目5个，涉及资金3,210.5万元，评价结果均为良以上，其中（二）项目得分较高并已反馈部门整改落实，"
        "下一步将继续完善绩效评价结果应用机制")
SPAN = (LONG.index("（二）"), LONG.index("（二）") + 3)


def _window(text: str, start: int, end: int, c: int = 20) -> str:
    """An excerpt as a checker might make it: c characters each side, … where cut."""
    a, b = max(0, start - c), min(len(text), end + c)
    return ("…" if a else "") + text[a:b] + ("…" if b < len(text) else "")


# (finding fields, paragraphs, expected marked text, expected text around it joined)
CASES = [
    # the paragraph is known: mark its span
    ({"paragraph": 2, "start": 0, "end": 2, "excerpt": "4、 绩效评价"}, ["一、概况", "4、 绩效评价"], "4、"),
    # paragraph known, excerpt a window in the middle of a long paragraph
    ({"paragraph": 1, "start": SPAN[0], "end": SPAN[1], "excerpt": _window(LONG, *SPAN)}, [LONG], "（二）"),
    # paragraphs unknown (or not matching): placed from the excerpt alone, window at the start
    ({"paragraph": 9, "start": 3, "end": 5, "excerpt": "澄财绩[2024]5号"}, [], "[2"),
    # window cut on both sides: the span sits in the middle
    ({"paragraph": 1, "start": SPAN[0], "end": SPAN[1], "excerpt": _window(LONG, *SPAN)}, ["别的段落"], "（二）"),
    # a paragraph that does not contain the excerpt is not used
    ({"paragraph": 1, "start": 0, "end": 2, "excerpt": "三、问题"}, ["一、概况"], "三、"),
]


def test_web_highlight_window_is_cut_both_sides():
    w = _window(LONG, *SPAN)
    assert w.startswith("…") and w.endswith("…")


@pytest.mark.parametrize("finding,paragraphs,marked", CASES)
def test_web_highlight_marks_the_span(finding, paragraphs, marked):
    before, mark, after = highlight(finding, paragraphs)
    assert mark == marked
    excerpt_core = finding["excerpt"].strip("…")
    assert excerpt_core in (before + mark + after).replace("…", "") or (before + mark + after).strip("…") in excerpt_core


@pytest.mark.parametrize("finding", [
    {"paragraph": None, "start": None, "end": None, "excerpt": "全文合计数与分项之和不符"},
    {"paragraph": 1, "start": 5, "end": 5, "excerpt": "abc"},
])
def test_web_highlight_without_span_shows_excerpt(finding):
    assert highlight(finding, ["abc"]) == ("", finding["excerpt"], "")
