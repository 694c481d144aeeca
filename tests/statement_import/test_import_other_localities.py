"""import statement on real statements of other localities (tests/data/statements, see SOURCES.md)."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from perfdoc import import_statement
from perfdoc.statement_import.verify import kept_ratio

from .conftest import expanded, make_docx, sheet_rows

DATA = Path(__file__).resolve().parents[1] / "data" / "statements"
FILES = sorted(DATA.glob("*.txt"))


@pytest.mark.parametrize("path", FILES, ids=[p.stem for p in FILES])
def test_other_locality_round_trip(tmp_path, path):
    lines = [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    src = make_docx(tmp_path / f"{path.stem}.docx", lines)
    result = import_statement(src, tmp_path / "o.xlsx")
    paragraphs = expanded(result.path)
    ratio, missing = kept_ratio(lines, paragraphs)
    assert ratio >= 0.97, missing
    facts = sheet_rows(result.path, "数据")[1:]
    outline = "|".join(str(c) for row in sheet_rows(result.path, "提纲")[1:] for c in row[1:3])
    assert facts and all("{" + row[0] + "}" in outline for row in facts)
    # every figure with a unit of the source is a fact (none left as text in the outline)
    assert not re.search(r"(?<![\d.〔第])\d+(?:\.\d+)?(?:万元|%|个|项)", re.sub(r"《[^》]*》", "", outline))
    if result.year is not None:
        moved = expanded(result.path, year_delta=1)
        strip = lambda ps: "".join(re.sub(r"《[^》]*》|〔\d{4}〕", "", p) for p in ps)  # noqa: E731
        assert strip(moved).count(f"{result.year + 1}年") >= strip(paragraphs).count(f"{result.year}年") > 0
