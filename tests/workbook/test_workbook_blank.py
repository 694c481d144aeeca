"""`perfdoc init-data`: blank workbook with instructions, header comments, drop-downs; the example."""
from __future__ import annotations

import pytest

from perfdoc.workbook.schema import INSTRUCTIONS_SHEET, SHEETS


@pytest.fixture
def initialised(tmp_path, cli):
    r = cli("init-data", str(tmp_path / "d"))
    assert r.returncode == 0, r.stderr
    return tmp_path / "d", r.stdout


def test_init_data_writes_blank_and_example(initialised):
    folder, stdout = initialised
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["年度数据（空白）.xlsx", "示例-chengjiang-2023.xlsx"]
    assert "已写入" in stdout


def test_blank_workbook_layout(initialised):
    import openpyxl

    folder, _ = initialised
    wb = openpyxl.load_workbook(folder / "年度数据（空白）.xlsx")
    assert wb.sheetnames == [INSTRUCTIONS_SHEET] + [s.name for s in SHEETS]
    for sheet in SHEETS:
        ws = wb[sheet.name]
        if sheet.keyvalue:
            keys = [ws.cell(row=r, column=1).value for r in range(2, ws.max_row + 1)]
            assert keys == [c.header for c in sheet.columns]
            continue
        headers = [c.value for c in ws[1]]
        assert headers == [c.header for c in sheet.columns]
        assert all(c.comment is not None and c.comment.text for c in ws[1]), sheet.name
        choice_cols = [c for c in sheet.columns if c.choices]
        assert len(ws.data_validations.dataValidation) == len(choice_cols), sheet.name
    grades = wb["事前评估"].data_validations.dataValidation[0]
    assert grades.formula1 == '"优,良,中,差"'


def test_blank_workbook_reports_missing_required_fields(initialised):
    from perfdoc.errors import DataError
    from perfdoc.workbook import load

    folder, _ = initialised
    with pytest.raises(DataError) as err:
        load(folder / "年度数据（空白）.xlsx")
    assert "基本信息" in str(err.value) and "必填" in str(err.value)


def test_example_copy_renders(initialised, tmp_path, cli):
    folder, _ = initialised
    out = tmp_path / "s.docx"
    r = cli("render", "statement", str(folder / "示例-chengjiang-2023.xlsx"), "-o", str(out))
    assert r.returncode == 0 and out.is_file()
    assert "已生成情况说明" in r.stdout and str(out) in r.stdout


def test_examples_mark_invented_parts(example_xlsx):
    import openpyxl

    wb = openpyxl.load_workbook(example_xlsx)
    for name in ("监控结果", "问题清单"):
        assert "示例数据" in str(wb[name]["A1"].value)
    notes = [c.value for c in wb["基本信息"]["C"] if c.value and "示例数据" in c.value]
    assert notes, "the invented 基本信息 entries are marked"
