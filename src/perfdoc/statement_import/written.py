"""How a figure is written ("3500余万元", "17,969.78万元", "100%"): the workbook's own reader.

Import and render must agree exactly, so the importer uses perfdoc.workbook.facts: a mention
becomes a fact only if parse_written accepts it, which means writing its value back in its own
style gives the very same text.
"""
from __future__ import annotations

from decimal import Decimal

from perfdoc.workbook.facts import format_written, parse_written


def roundtrip(text: str):
    """(value, unit) if `text` is one written figure that writes back identically, else None."""
    w = parse_written(text)
    if w is None or format_written(w.value, w) != text:
        return None
    return w.value, w.unit


def value_text(value) -> str:
    """A 数值 cell: plain digits, no thousands separator, no trailing zeros."""
    d = Decimal(str(value))
    if d == d.to_integral_value():
        return str(d.quantize(Decimal(1)))
    return format(d.normalize(), "f")
