"""The .docx reader (order, tables, Word's automatic numbering) and --fix keeping formatting."""
from __future__ import annotations

import zipfile

import docx
import pytest

from perfdoc import fix_file, lint_file
from perfdoc.errors import InputError, UnsupportedFileError, UsageError
from perfdoc.lint.reader import chinese_number, read_draft


@pytest.mark.parametrize(("n", "text"), [(1, "一"), (10, "十"), (11, "十一"), (20, "二十"), (34, "三十四"),
                                         (100, "一百"), (105, "一百零五"), (110, "一百一十")])
def test_lint_chinese_number(n, text):
    assert chinese_number(n) == text


def test_lint_docx_order_tables_and_index(tmp_path, docx_builder):
    path = docx_builder(tmp_path / "d.docx", ["标题", "", "一、总体情况", "正文"],
                      table=[["单位", "执行率"], ["甲单位", "85.63%"]])
    paras = read_draft(path).paragraphs
    assert [p.text for p in paras] == ["标题", "单位", "执行率", "甲单位", "85.63%", "一、总体情况", "正文"]
    assert [p.index for p in paras] == list(range(1, 8))
    assert [p.in_table for p in paras] == [False, True, True, True, True, False, False]


def test_lint_docx_automatic_numbering_rendered(tmp_path, docx_builder):
    items = [("auto", 0, "总体情况"), ("auto", 1, "基本情况"), ("auto", 2, "开展自评"), ("auto", 2, "开展评价"),
             ("auto", 1, "主要做法"), ("auto", 0, "存在问题"), ("auto", 1, "认识不足")]
    path = docx_builder(tmp_path / "auto.docx", items)
    texts = [p.text for p in read_draft(path).paragraphs]
    assert texts == ["一、总体情况", "（一）基本情况", "1.开展自评", "2.开展评价", "（二）主要做法",
                     "二、存在问题", "（一）认识不足"]
    assert [f for f in lint_file(path) if f.code == "NUMBERING"] == []


def test_lint_docx_manual_marker_after_automatic(tmp_path, docx_builder):
    # a typed "（3）" under automatically numbered headings is still judged against their numbers
    path = docx_builder(tmp_path / "mix.docx", [("auto", 0, "总体情况"), ("auto", 1, "基本情况"), "（3）主要做法"])
    findings = [f for f in lint_file(path) if f.code == "NUMBERING"]
    assert [(f.paragraph, f.suggestion) for f in findings] == [(3, "（二）")]


FIX_LINES = [
    "1、 基础工作开展情况",
    "（一）指标体系建设",
    "根据《管理办法(试行)》（澄财绩[2023]01号）,要求各部门完成。",
    "（3） 业务培训",
    "(三）绩效评估",
    "二、绩效评估管理情况",
]
FIXED_CODES = ("NUMBERING", "PUNCT_WIDTH", "DOC_NUMBER")


def test_lint_fix_txt_relints_clean(tmp_path):
    src = tmp_path / "draft.txt"
    src.write_text("\n\n".join(FIX_LINES) + "\n", encoding="utf-8")
    before = src.read_bytes()
    out = fix_file(src, tmp_path / "fixed.txt")
    assert src.read_bytes() == before  # never touches the input
    fixed = out.read_text(encoding="utf-8")
    assert fixed.splitlines()[0] == "一、 基础工作开展情况"
    assert "《管理办法（试行）》（澄财绩〔2023〕1号），要求" in fixed
    assert "（二） 业务培训" in fixed and "（三）绩效评估" in fixed
    assert fixed.count("\n\n") == before.decode().count("\n\n")  # blank lines kept
    assert [f.lint_dict() for f in lint_file(out) if f.code in FIXED_CODES] == []


def test_lint_fix_docx_keeps_formatting(tmp_path, docx_builder):
    items = [[("1、", True), (" 基础工作", True), ("开展情况", False)], "（一）指标体系建设",
             [("根据《管理办法(试", False), ("行)》（澄财绩[2023]", True), ("01号）,要求完成。", False)],
             "（3） 业务培训", "二、绩效评估管理情况"]
    src = docx_builder(tmp_path / "draft.docx", items, table=[["文号", "澄财绩[2023]1号"]])
    out = fix_file(src, tmp_path / "fixed.docx")
    assert [f.lint_dict() for f in lint_file(out) if f.code in FIXED_CODES] == []
    d = docx.Document(out)
    first = d.paragraphs[0]
    assert first.text == "一、 基础工作开展情况"
    assert [(r.text, bool(r.bold)) for r in first.runs] == [("一、", True), (" 基础工作", True), ("开展情况", False)]
    third = d.paragraphs[2]
    assert third.text == "根据《管理办法（试行）》（澄财绩〔2023〕1号），要求完成。"
    assert [bool(r.bold) for r in third.runs] == [False, True, False]
    assert d.tables[0].cell(0, 1).text == "澄财绩〔2023〕1号"
    assert d.paragraphs[3].text == "（二） 业务培训"
    # every other part of the package is carried over unchanged
    with zipfile.ZipFile(src) as a, zipfile.ZipFile(out) as b:
        assert a.namelist() == b.namelist()
        for name in a.namelist():
            if name != "word/document.xml":
                assert a.read(name) == b.read(name), name


def test_lint_fix_refuses_same_path(tmp_path):
    src = tmp_path / "draft.txt"
    src.write_text("1、总体情况\n（一）基本情况\n", encoding="utf-8")
    with pytest.raises(UsageError):
        fix_file(src, src)
    assert src.read_text(encoding="utf-8") == "1、总体情况\n（一）基本情况\n"


def test_lint_corrupted_docx(tmp_path, docx_builder):
    good = docx_builder(tmp_path / "good.docx", ["一、总体情况"])
    broken = tmp_path / "broken.docx"
    with zipfile.ZipFile(good) as zin, zipfile.ZipFile(broken, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "word/document.xml":
                data = data[: len(data) // 2]
            zout.writestr(info, data)
    with pytest.raises(InputError) as err:
        lint_file(broken)
    assert "broken.docx" in str(err.value)
    truncated = tmp_path / "truncated.docx"
    truncated.write_bytes(good.read_bytes()[:200])
    with pytest.raises(InputError):
        lint_file(truncated)


def test_lint_binary_file(tmp_path):
    binary = tmp_path / "draft.txt"
    binary.write_bytes(bytes(range(256)) * 4)
    with pytest.raises(UnsupportedFileError) as err:
        lint_file(binary)
    assert "draft.txt" in str(err.value) and "二进制" in str(err.value)


HEAD = ["单位", "预算数（万元）", "执行数（万元）", "执行率"]
ROW_A = ["甲单位", "1,000.00", "856.30", "85.63%"]
ROW_B = ["乙单位", "200.00", "50.00", "25.00%"]
TOTAL = ["合计", "1,200.00", "906.30", "75.53%"]


def _changed(row, col, text):
    out = list(row)
    out[col] = text
    return out


# (table rows, [(cell text flagged, suggestion)]) — expected values computed from the other cells
TABLES = [
    ([HEAD, ROW_A, ROW_B, TOTAL], []),
    ([HEAD, TOTAL, ROW_A, ROW_B], []),
    ([HEAD, ROW_A, ["小计", "1,000.00", "856.30", "85.63%"], ROW_B, TOTAL], []),
    ([HEAD, ROW_A, _changed(ROW_B, 3, "35.00%"), TOTAL], [("35.00%", f"{50 / 200 * 100:.2f}%")]),
    ([HEAD, ROW_A, ROW_B, _changed(TOTAL, 2, "916.30")], [("916.30", f"{856.30 + 50.00:.2f}")]),
    ([HEAD, _changed(TOTAL, 1, "1,300.00"), ROW_A, ROW_B], [("1,300.00", f"{1000 + 200:,.2f}")]),
]


@pytest.mark.parametrize(("rows", "expected"), TABLES)
def test_lint_table_execution_rates(tmp_path, docx_builder, rows, expected):
    path = docx_builder(tmp_path / "circular.docx", ["关于2023年部门预算绩效运行监控情况的通报"], table=rows)
    found = [(f.excerpt, f.suggestion) for f in lint_file(path) if f.code == "ARITHMETIC"]
    assert found == expected


def test_lint_docx_cells_positions(tmp_path, docx_builder):
    path = docx_builder(tmp_path / "t.docx", ["标题"], table=[HEAD, ROW_A])
    cells = [(p.text, p.cell) for p in read_draft(path).paragraphs if p.in_table]
    assert cells[:5] == [("单位", (0, 0, 0)), ("预算数（万元）", (0, 0, 1)), ("执行数（万元）", (0, 0, 2)),
                         ("执行率", (0, 0, 3)), ("甲单位", (0, 1, 0))]


def test_lint_docx_heading_styles_numbered_through_style(tmp_path):
    # Heading 1/2 carry the list (numPr in the style, levels linked by w:pStyle), as in many templates
    import docx as _docx
    from docx.oxml import parse_xml

    w = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
    d = _docx.Document()
    numbering = d.part.numbering_part.element
    numbering.insert(0, parse_xml(
        f'<w:abstractNum xmlns:w="{w}" w:abstractNumId="77">'
        f'<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:pStyle w:val="Heading1"/>'
        f'<w:lvlText w:val="%1、"/></w:lvl>'
        f'<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:pStyle w:val="Heading2"/>'
        f'<w:lvlText w:val="（%2）"/></w:lvl></w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num xmlns:w="{w}" w:numId="77"><w:abstractNumId w:val="77"/></w:num>'))
    for name in ("Heading 1", "Heading 2"):
        ppr = d.styles[name].element.get_or_add_pPr()
        ppr.insert(0, parse_xml(f'<w:numPr xmlns:w="{w}"><w:numId w:val="77"/></w:numPr>'))
    d.add_paragraph("总体情况", style="Heading 1")
    d.add_paragraph("基本情况", style="Heading 2")
    d.add_paragraph("主要做法", style="Heading 2")
    d.add_paragraph("正文。")
    d.add_paragraph("存在问题", style="Heading 1")
    d.add_paragraph("（3）认识不足")
    path = tmp_path / "styled.docx"
    d.save(path)
    texts = [p.text for p in read_draft(path).paragraphs]
    assert texts == ["一、总体情况", "（一）基本情况", "（二）主要做法", "正文。", "二、存在问题", "（3）认识不足"]
    # the typed "（3）" opens the second-level list under 二、, so it should read （一）
    assert [(f.paragraph, f.suggestion) for f in lint_file(path) if f.code == "NUMBERING"] == [(6, "（一）")]


def test_lint_docx_wrong_automatic_marker_is_reported_not_rewritten(tmp_path, docx_builder):
    # level 0 of the list renders "%1、" with decimal digits: "1、" where 一、 belongs
    path = docx_builder(tmp_path / "auto.docx", [("auto", 0, "总体情况"), ("auto", 1, "基本情况"),
                                                 "印发《办法(试行)》。"])
    import zipfile as _zip

    patched = tmp_path / "decimal.docx"
    with _zip.ZipFile(path) as zin, _zip.ZipFile(patched, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "word/numbering.xml":
                data = data.replace('w:abstractNumId="90">'.encode(), b'w:abstractNumId="90">', 1)
                head, sep, tail = data.partition(b'w:abstractNumId="90"')
                tail = tail.replace(b'<w:numFmt w:val="chineseCounting"/>', b'<w:numFmt w:val="decimal"/>', 1)
                data = head + sep + tail
            zout.writestr(info, data)
    findings = [f for f in lint_file(patched) if f.code == "NUMBERING"]
    assert [(f.excerpt, f.suggestion) for f in findings] == [("1、总体情况", "一、")]
    assert "自动编号" in findings[0].message
    out = fix_file(patched, tmp_path / "fixed.docx")
    texts = [p.text for p in read_draft(out).paragraphs]
    assert texts == ["1、总体情况", "（一）基本情况", "印发《办法（试行）》。"]  # label untouched, text fixed
