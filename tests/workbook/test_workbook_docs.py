"""docs/workbook.md documents every sheet, column and key the readers accept."""
from __future__ import annotations

from pathlib import Path

import pytest

from perfdoc.workbook.schema import SHEETS

DOC = (Path(__file__).resolve().parents[2] / "docs" / "workbook.md").read_text(encoding="utf-8")


@pytest.mark.parametrize("sheet", SHEETS, ids=[s.name for s in SHEETS])
def test_every_sheet_and_column_is_documented(sheet):
    assert f"### {sheet.name}" in DOC
    for col in sheet.columns:
        assert f"| {col.header} |" in DOC, col.header
