"""Sentence-level comparison of a source statement and a rendering of its workbook.

A sentence is a piece ending in 。！？；(or a paragraph end); heading numbers are not part of
the comparison (the import recomputes them). Used by the tests and scripts/import_roundtrip.py.
"""
from __future__ import annotations

import re
from collections import Counter

from perfdoc.statement_import.outline import find_marker

_SPLIT = re.compile(r"(?<=[。！？；!?;])")


def sentences(paragraphs: list[str]) -> list[str]:
    out: list[str] = []
    for text in paragraphs:
        text = text.strip()
        m = find_marker(text)
        if m:
            text = text[m[3]:].strip()
        out.extend(s.strip() for s in _SPLIT.split(text) if s.strip())
    return out


def kept_ratio(source: list[str], rendered: list[str]) -> tuple[float, list[str]]:
    """Share of the source's sentences found verbatim in the rendering, and the missing ones."""
    want = Counter(sentences(source))
    have = Counter(sentences(rendered))
    missing = list((want - have).elements())
    total = sum(want.values())
    return (1.0 if total == 0 else 1 - len(missing) / total), missing
