"""import statement on constructed statements: structure, tables, figures, errors."""
from __future__ import annotations

import json
import subprocess
import sys
import time

import pytest

from perfdoc import import_statement
from perfdoc.errors import PerfdocError
from perfdoc.statement_import.verify import kept_ratio

from .conftest import expanded, make_docx, sheet_rows

TITLE = ["2023年某某县预算绩效管理", "工作开展情况说明"]


def outline(path):
    return sheet_rows(path, "提纲")[1:]


@pytest.mark.parametrize("lines,expected", [
    # level skip: a 1. series directly under 一、 stays level 3
    (["一、总体情况", "1.制度建设。印发办法两个。", "2.培训。开展培训。", "二、问题"],
     [("1", "总体情况", ""), ("3", "制度建设", "印发办法两个。"), ("3", "培训", "开展培训。"), ("1", "问题", "")]),
    # run-in headings at two levels, mixed bracket widths
    (["一、做法", "(一）扩大管理范围。一是全覆盖。", "（二)强化监控。二是抓整改。"],
     [("1", "做法", ""), ("2", "扩大管理范围", "一是全覆盖。"), ("2", "强化监控", "二是抓整改。")]),
    # "1、" used at top level with （一） children is level 1; a jump 一 → 三 is renumbered
    (["1、基础工作", "（一）指标", "正文。", "三、评价工作", "（一）评价范围", "（2）评价规模", "（三）质量"],
     [("1", "基础工作", ""), ("2", "指标", ""), ("", "", "正文。"), ("1", "评价工作", ""),
      ("2", "评价范围", ""), ("2", "评价规模", ""), ("2", "质量", "")]),
    # （1） directly under a level-1 heading with no （一） series around is a level skip
    (["一、总体情况", "（1）制度", "（2）培训"], [("1", "总体情况", ""), ("4", "制度", ""), ("4", "培训", "")]),
    # a heading whose text starts with a year
    (["一、2023年工作开展情况", "正文。"], [("1", "{年度}年工作开展情况", ""), ("", "", "正文。")]),
])
def test_structure(tmp_path, lines, expected):
    src = make_docx(tmp_path / "s.docx", TITLE + lines)
    result = import_statement(src, tmp_path / "o.xlsx")
    assert [row[:3] for row in outline(result.path)] == expected
    ratio, missing = kept_ratio(["".join(TITLE)] + lines, expanded(result.path))
    assert ratio == 1.0, missing


def test_wrong_numbers_are_fixed_and_reported(tmp_path):
    lines = TITLE + ["1、基础工作", "（一）指标", "正文。", "三、评价工作", "（一）评价范围", "（2）评价规模", "（三）质量"]
    result = import_statement(make_docx(tmp_path / "s.docx", lines), tmp_path / "o.xlsx")
    assert any("“1、”改为“一、”" in f for f in result.fixes)
    assert any("序号不连续，“三、”改为“二、”" in f for f in result.fixes)
    assert any("按上下文应为二级标题，序号“（2）”改为“（二）”" in f for f in result.fixes)


@pytest.mark.parametrize("lines,title", [
    (["2023年某某县预算绩效管理", "工作开展情况说明", "正文。"], "{年度}年某某县预算绩效管理工作开展情况说明"),
    (["关于某某市2023年预算绩效管理工作情况的说明", "某某市财政局", "正文。"], "关于某某市{年度}年预算绩效管理工作情况的说明"),
    (["某某区财政局2022年预算绩效工作总结", "正文。"], "某某区财政局{年度}年预算绩效工作总结"),
])
def test_title_region_year(tmp_path, lines, title):
    result = import_statement(make_docx(tmp_path / "s.docx", lines), tmp_path / "o.xlsx")
    info = dict(sheet_rows(result.path, "基本信息")[1:])
    assert info["标题"] == title
    assert info["地区"].startswith("某某")
    assert info["年度"] == ("2022" if "2022" in lines[0] else "2023")
    assert outline(result.path)[-1][2] == "正文。"


def test_tables_come_along(tmp_path):
    rows = [["项目", "2023年金额（万元）"], ["教育", "1,200.00"], ["卫生{备注}", "800.00"]]
    lines = TITLE + ["一、评价情况", "评价结果如下表："]
    src = make_docx(tmp_path / "s.docx", lines + ["表后正文。"], tables={len(lines) - 1: rows})
    result = import_statement(src, tmp_path / "o.xlsx")
    assert [r[3] for r in outline(result.path)] == ["", "", "表1", ""]
    assert [list(r) for r in sheet_rows(result.path, "表1")] == [
        ["项目", "{年度}年金额（万元）"], ["教育", "1,200.00"], ["卫生{{备注}}", "800.00"]]
    assert result.tables == 1


def test_statement_without_any_number(tmp_path):
    lines = ["某某县预算绩效管理工作情况说明", "一、主要做法", "我县扎实推进预算绩效管理。", "二、下一步打算", "继续加强。"]
    result = import_statement(make_docx(tmp_path / "s.docx", lines), tmp_path / "o.xlsx")
    assert sheet_rows(result.path, "数据") == [("名称", "数值", "单位", "公式", "说明", "写法")]
    assert result.year is None and any("年度" in f for f in result.fixes)
    assert [r[1] or r[2] for r in outline(result.path)] == ["主要做法", lines[2], "下一步打算", lines[4]]


@pytest.mark.parametrize("text,written,kept", [
    ("共举办培训2次，参训350余人，约3500万元，近20个，超过100.00万元。", ["2次", "350余人", "约3500万元", "近20个", "超过100.00万元"], []),
    ("提高2.5个百分点，得分80.00分，占比100%，资金1.2亿元。", ["2.5个百分点", "80.00分", "100%", "1.2亿元"], []),
    ("根据《某某县2023年绩效管理办法》（某财绩〔2023〕5号），自2018年以来，第3名，五个方面。", [],
     ["《某某县2023年绩效管理办法》", "某财绩〔2023〕5号", "自2018年以来", "第3名"]),
    ("截至2023年12月31日，1－6月，4月底前完成。", [], ["12月31日", "1－6月", "4月底前"]),
])
def test_figures_and_what_stays_text(tmp_path, text, written, kept):
    result = import_statement(make_docx(tmp_path / "s.docx", TITLE + [text]), tmp_path / "o.xlsx")
    facts = [row[5] for row in sheet_rows(result.path, "数据")[1:]]
    assert facts == written
    body = outline(result.path)[-1][2]
    for k in kept:
        assert k in body
    assert expanded(result.path)[-1] == text


def test_braces_and_formula_like_text_stay_text(tmp_path):
    lines = TITLE + ["=SUM(A1:A3) 是公式样子的文字，{名称} 是花括号。", "+86 电话", "@某人"]
    result = import_statement(make_docx(tmp_path / "s.docx", lines), tmp_path / "o.xlsx")
    import openpyxl

    ws = openpyxl.load_workbook(result.path)["提纲"]
    cells = [c for row in ws.iter_rows() for c in row if c.value is not None]
    assert all(c.data_type == "s" for c in cells)
    assert ws.cell(row=2, column=3).value.startswith("=SUM")
    assert expanded(result.path)[1:] == lines[2:]


def test_twenty_pages(tmp_path):
    """About 13,000 characters: 20 pages of 公文 at 22 lines × 28 characters."""
    body = []
    for i in range(1, 11):
        body.append(f"{'一二三四五六七八九十'[i - 1]}、第{i}部分工作情况")
        for j in range(1, 4):
            body.append(f"（{'一二三'[j - 1]}）做法{j}。全县{60 + i}个预算部门完成绩效自评，涉及资金{1000 + i * 10 + j}.50万元，"
                        f"占预算总额的{90 + j}.00%，较上年提高{j}.5个百分点，{2023}年共开展培训{j}次，参训{100 + i}余人。"
                        + "各单位认真落实绩效管理要求，加强绩效目标审核和运行监控，推动评价结果应用。" * 8)
    lines = TITLE + body
    src = make_docx(tmp_path / "big.docx", lines)
    start = time.perf_counter()
    result = import_statement(src, tmp_path / "o.xlsx")
    assert time.perf_counter() - start < 30  # a sanity bound only; bench/import.py measures speed
    assert result.headings == 40 and len(sheet_rows(result.path, "数据")) > 40
    ratio, missing = kept_ratio(["".join(TITLE)] + body, expanded(result.path))
    assert ratio == 1.0, missing[:3]


def _gbk(path):
    path.write_bytes("一、情况\n正文。".encode("gbk"))
    return path


def _corrupt(path):
    path.write_bytes(b"PK\x03\x04" + b"\x00" * 200)
    return path


def _blank_docx(path):
    return make_docx(path, ["", "   "])


def _empty(path):
    path.write_bytes(b"")
    return path


@pytest.mark.parametrize("name,make,words", [
    ("空.txt", _empty, "空的"),
    ("坏.docx", _corrupt, "损坏"),
    ("旧编码.txt", _gbk, "UTF-8"),
    ("空白.docx", _blank_docx, "没有任何段落"),
])
def test_bad_input(tmp_path, name, make, words):
    src = make(tmp_path / name)
    before = src.read_bytes()
    with pytest.raises(PerfdocError) as exc:
        import_statement(src, tmp_path / "o.xlsx")
    assert words in str(exc.value) and name in str(exc.value)
    assert not (tmp_path / "o.xlsx").exists()
    assert src.read_bytes() == before
    assert not list(tmp_path.glob(".*part"))


def test_cli_exit_codes_and_json(tmp_path):
    src = make_docx(tmp_path / "s.docx", TITLE + ["1、基础工作", "（一）指标", "正文。"])
    out = tmp_path / "o.xlsx"
    run = subprocess.run([sys.executable, "-m", "perfdoc", "import", "statement", str(src), "-o", str(out), "--json"],
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    data = json.loads(run.stdout)
    assert data["region"] == "某某县" and data["year"] == 2023 and any("一、" in f for f in data["fixes"])
    bad = tmp_path / "空.txt"
    bad.write_text("")
    run = subprocess.run([sys.executable, "-m", "perfdoc", "import", "statement", str(bad), "-o", str(tmp_path / "x.xlsx")],
                         capture_output=True, text=True)
    assert run.returncode == 2 and "空的" in run.stderr and not (tmp_path / "x.xlsx").exists()
    run = subprocess.run([sys.executable, "-m", "perfdoc", "import", "statement", str(src), "-o", str(src)],
                         capture_output=True, text=True)
    assert run.returncode == 2 and "输出文件不能与输入文件相同" in run.stderr


def test_table_renders_where_it_stood(tmp_path):
    """import then the real render: the table comes back at its place with the same cells."""
    import docx

    import perfdoc

    rows = [["项目", "2023年金额（万元）"], ["教育", "1,200.00"], ["卫生{备注}", "800.00"]]
    lines = TITLE + ["一、评价情况", "评价结果如下表：", "表后正文。"]
    src = make_docx(tmp_path / "s.docx", lines, tables={3: rows})
    result = import_statement(src, tmp_path / "o.xlsx")
    out = perfdoc.render("statement", result.path, tmp_path / "o.docx")
    d = docx.Document(str(out))
    assert [[c.text for c in r.cells] for r in d.tables[0].rows] == rows
    body = [el.tag.rsplit("}", 1)[1] for el in d.element.body]
    texts = [p.text for p in d.paragraphs]
    before = texts.index("评价结果如下表：")
    assert texts[before + 1] == "表后正文。"
    # the table element sits between those two paragraphs
    p_elems = [el for el in d.element.body if el.tag.endswith("}p")]
    i = list(d.element.body).index(p_elems[before])
    assert body[i + 1] == "tbl"


@pytest.mark.slow
def test_legacy_doc_through_libreoffice(tmp_path):
    import shutil

    if not shutil.which("soffice"):
        pytest.skip("LibreOffice is not installed")
    src = make_docx(tmp_path / "s.docx", TITLE + ["一、情况", "全县61个预算部门完成自评。"])
    import subprocess

    subprocess.run(["soffice", f"-env:UserInstallation={(tmp_path / 'p').as_uri()}", "--headless",
                    "--convert-to", "doc", "--outdir", str(tmp_path / "doc"), str(src)],
                   check=True, capture_output=True, timeout=180)
    legacy = tmp_path / "doc" / "s.doc"
    result = import_statement(legacy, tmp_path / "o.xlsx")
    assert [r[5] for r in sheet_rows(result.path, "数据")[1:]] == ["61个"]
    assert result.region == "某某县" and result.year == 2023


def test_word_automatic_numbering_is_read_as_heading_numbers(tmp_path):
    import docx

    d = docx.Document()
    for text, style in (("2023年某某县预算绩效管理工作情况说明", None), ("一、总体情况", None),
                        ("制度建设。印发办法两个。", "List Number"), ("培训。开展培训3次。", "List Number")):
        d.add_paragraph(text, style=style)
    d.save(tmp_path / "n.docx")
    result = import_statement(tmp_path / "n.docx", tmp_path / "o.xlsx")
    assert [r[:3] for r in outline(result.path)] == [
        ("1", "总体情况", ""), ("3", "制度建设", "印发办法两个。"), ("3", "培训", "开展培训{培训次数}。")]


def test_a_spreadsheet_is_not_a_statement(tmp_path):
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active["A1"] = "一、情况"
    wb.save(tmp_path / "表.xlsx")
    with pytest.raises(PerfdocError) as exc:
        import_statement(tmp_path / "表.xlsx", tmp_path / "o.xlsx")
    assert "不是 Word 文档" in str(exc.value) and exc.value.exit_code == 2
