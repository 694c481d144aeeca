"""Text forms of derived figures: amounts in 万元, rates, scores, dates, heading numbers.

Precision comes from perfdoc.config; rounding is half-up (17/24 → 70.83%). These functions are
also registered as Jinja filters so a user's template can format raw numbers the same way.
"""
from __future__ import annotations

import datetime as dt
from decimal import Decimal

from perfdoc.config import Config, load_config
from perfdoc.workbook.derive import chinese_date, cn_numeral, quantize


def _cfg(cfg: Config | None) -> Config:
    return cfg or load_config()


def amount(value: Decimal | int | float | None, cfg: Config | None = None) -> str:
    """17969.78 → '17,969.78' (the caller adds 万元)."""
    if value is None:
        return ""
    places = _cfg(cfg).precision.amount
    return f"{quantize(value, places):,.{places}f}"


def wan(value, cfg: Config | None = None) -> str:
    """17969.78 → '17,969.78万元'."""
    return f"{amount(value, cfg)}万元" if value is not None else ""


def rate(value: Decimal | None, cfg: Config | None = None) -> str:
    """100 → '100.00%'."""
    if value is None:
        return ""
    places = _cfg(cfg).precision.rate
    return f"{quantize(value, places):.{places}f}%"


def score(value: Decimal | None, cfg: Config | None = None) -> str:
    """80 → '80.00'."""
    if value is None:
        return ""
    places = _cfg(cfg).precision.score
    return f"{quantize(value, places):.{places}f}"


def count(value: int | None) -> str:
    return "" if value is None else str(int(value))


def date(value: dt.date | None) -> str:
    return chinese_date(value) if value is not None else ""


def heading(n: int, level: int = 1) -> str:
    """Heading number for the n-th item: level 1 一、, level 2 （一）, level 3 1., level 4 （1）."""
    if level == 1:
        return f"{cn_numeral(n)}、"
    if level == 2:
        return f"（{cn_numeral(n)}）"
    if level == 3:
        return f"{n}."
    return f"（{n}）"


def join(items, sep: str = "、") -> str:
    return sep.join(str(x) for x in items if x)


def book(title: str, number: str | None = None) -> str:
    """《title》（number）: a document cited in the text."""
    return f"《{title}》" + (f"（{number}）" if number else "")


def title_lines(text: str, width: int | None = None) -> str:
    """A title broken into balanced lines at word boundaries (render.layout.title_lines)."""
    from perfdoc.render.layout import TITLE_CHARS, title_lines as _lines

    return _lines(text, width or TITLE_CHARS)


FILTERS = {
    "amount": amount, "wan": wan, "rate": rate, "score": score, "count": count,
    "cndate": date, "heading": heading, "join_cn": join, "book": book, "title_lines": title_lines,
}
