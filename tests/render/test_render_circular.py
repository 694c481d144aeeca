"""The 通报: number with 〔〕, title, 主送, ranked unit table with below-line units highlighted."""
from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest


def _rate(spent, budget) -> str:
    v = (Decimal(str(spent)) * 100 / Decimal(str(budget))).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)
    return f"{v}%"


@pytest.fixture(scope="module")
def circular_doc(rendered):
    import docx

    return docx.Document(str(rendered["circular"]))


def test_circular_header_parts(circular_doc, example_mapping):
    texts = [p.text.replace("\n", "") for p in circular_doc.paragraphs]
    info = example_mapping["基本信息"]
    assert info["发文机关"] in texts
    assert f"{info['发文代字']}〔{info['年度']}〕{info['通报序号']}号" == "澄财绩〔2023〕1号"
    assert "澄财绩〔2023〕1号" in texts
    assert "关于2023年部门预算绩效运行监控情况的通报" in texts
    assert "各预算部门（单位）：" in texts
    assert any(t.startswith("附件：") for t in texts)
    assert "澄江市财政局" in texts and "2023年12月31日" in texts
    assert any(t.startswith("抄送：市人民政府办公室") for t in texts)


def test_circular_table_is_ranked_and_highlights_units_below_time_progress(circular_doc, example_mapping):
    from docx.oxml.ns import qn

    units = example_mapping["监控结果"]
    line = Decimal(9 * 100) / 12  # monitoring date 2023-09-30 → 75.00%
    expected = sorted(units, key=lambda u: Decimal(str(u["执行数"])) / Decimal(str(u["预算数"])), reverse=True)
    table = circular_doc.tables[0]
    body = table.rows[1:1 + len(units)]
    assert [r.cells[1].text for r in body] == [u["单位名称"] for u in expected]
    for row, unit in zip(body, expected):
        assert row.cells[5].text == _rate(unit["执行数"], unit["预算数"])
        assert row.cells[3].text == f"{unit['预算数']:,.2f}"
        below = Decimal(str(unit["执行数"])) * 100 / Decimal(str(unit["预算数"])) < line
        shd = row.cells[1]._tc.tcPr.find(qn("w:shd"))
        filled = shd is not None and shd.get(qn("w:fill")) not in (None, "auto", "FFFFFF")
        assert filled == below, unit["单位名称"]
        bold = any(r.bold for r in row.cells[5].paragraphs[0].runs)
        assert bold == below
    total = table.rows[1 + len(units)]
    budget = sum(Decimal(str(u["预算数"])) for u in units)
    spent = sum(Decimal(str(u["执行数"])) for u in units)
    assert total.cells[3].text == f"{budget:,.2f}" and total.cells[5].text == _rate(spent, budget)
    # grid columns are set (LibreOffice reads widths from w:gridCol)
    grid = table._tbl.tblGrid.findall(qn("w:gridCol"))
    assert len({g.get(qn("w:w")) for g in grid}) > 1


def test_circular_groups_problems_by_type_naming_units(circular_doc, example_mapping):
    problems = example_mapping["问题清单"]
    kinds = list(dict.fromkeys(p["问题类型"] for p in problems))
    h2 = [p.text for p in circular_doc.paragraphs if p.style.name == "Heading 2"]
    numerals = "一二三四五六"
    assert h2 == [f"（{numerals[k]}）{kind}" for k, kind in enumerate(kinds)]
    text = "\n".join(p.text for p in circular_doc.paragraphs)
    for kind in kinds:
        names = list(dict.fromkeys(p["单位名称"] for p in problems if p["问题类型"] == kind))
        # one unit is named alone; several are listed and counted
        expected = f"涉及{names[0]}。" if len(names) == 1 else f"涉及{'、'.join(names)}等{len(names)}个部门（单位）。"
        assert expected in text
    annex = circular_doc.tables[1]
    assert len(annex.rows) - 1 == len(problems)


def test_circular_without_problems_renumbers(mapping, write_xlsx, tmp_path):
    import docx

    from perfdoc import render

    mapping["问题清单"] = []
    out = render("circular", write_xlsx(mapping), tmp_path / "c.docx")
    h1 = [p.text for p in docx.Document(str(out)).paragraphs if p.style.name == "Heading 1"]
    assert h1 == ["一、基本情况", "二、各部门（单位）预算执行情况", "三、整改要求"]
