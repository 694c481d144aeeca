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


def test_yaml_example_renders_without_notes(tmp_path):
    """The YAML example of docs/workbook.md (提纲, 数据 with 写法 and a formula, a table sheet) renders."""
    import docx

    from perfdoc.render.api import render

    (tmp_path / "doc.yaml").write_text(DOC.split("```yaml", 1)[1].split("```", 1)[0], encoding="utf-8")
    notes = []
    out = render("statement", tmp_path / "doc.yaml", tmp_path / "doc.docx", warn=notes.append)
    d = docx.Document(str(out))
    assert "2023年共纳入指标库2496条绩效指标，其中项目支出绩效指标1958条，资金3500余万元。" in [p.text for p in d.paragraphs]
    assert [[c.text for c in r.cells] for r in d.tables[0].rows] == [["批次", "人数"], ["第一期", "180"], ["第二期", "170"]]
    assert notes == []
