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


def _csv_rows(name):
    import csv

    from perfdoc.resources import corpus

    with corpus(name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(line for line in fh if not line.startswith("#")))


@pytest.mark.parametrize("sheet, csv_name, key", [
    ("提纲", "statement_preset_outline.csv", "内容"),
    ("数据", "statement_preset_facts.csv", "公式"),
])
def test_blank_workbook_carries_the_preset(initialised, sheet, csv_name, key):
    import openpyxl

    folder, _ = initialised
    ws = openpyxl.load_workbook(folder / "年度数据（空白）.xlsx")[sheet]
    col = [c.value for c in ws[1]].index(key)
    cells = [row[col] or "" for row in ws.iter_rows(min_row=2, values_only=True)]
    assert cells == [r[key] for r in _csv_rows(csv_name)]


def test_blank_preset_renders_once_its_figures_are_filled(tmp_path, example_mapping, write_xlsx):
    """The preset over the example's figures renders; left blank, it names the first missing figure."""
    from perfdoc import render
    from perfdoc.errors import DataError
    from perfdoc.workbook.blank import preset_content

    with pytest.raises(DataError) as exc:
        render("statement", write_xlsx({"基本信息": example_mapping["基本信息"], **preset_content()}, "b.xlsx"),
               tmp_path / "blank.docx")
    assert exc.value.sheet == "提纲" and "没有数据" in exc.value.message
    content = dict(example_mapping, **preset_content())
    content["制度文件"] = [*content["制度文件"], {"板块": "制度建设", "文件名称": "预算绩效管理办法"},
                       {"板块": "结果应用", "文件名称": "绩效评价结果应用办法"}]
    out = render("statement", write_xlsx(content), tmp_path / "preset.docx")
    import docx

    heads = [p.text for p in docx.Document(str(out)).paragraphs if p.style.name == "Heading 1"]
    assert heads[-1] == "八、下一步工作打算"
