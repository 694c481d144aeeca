"""Readers: columns by Chinese header in any order, tolerant cells, precise errors, no output on failure."""
from __future__ import annotations

import shutil
from decimal import Decimal

import pytest

from perfdoc.errors import DataError, InputError
from perfdoc.workbook.schema import Col, Loc
from perfdoc.workbook.tables import parse_cell

AMOUNT = Col("预算数", "budget", "amount")
INT = Col("项目数", "projects", "int")


@pytest.mark.parametrize("raw, expected", [
    (17969.78, Decimal("17969.78")),
    ("17,969.78", Decimal("17969.78")),
    ("1,234.5", Decimal("1234.5")),
    (" 1,234.5 ", Decimal("1234.5")),
    ("１７９６９．７８", Decimal("17969.78")),
    ("１７，９６９．７８", Decimal("17969.78")),
    ("17969.78万元", Decimal("17969.78")),
    ("2000", Decimal("2000")),
    (2000, Decimal("2000")),
    ("", None),
    ("   ", None),
    (None, None),
])
def test_amount_cells(raw, expected):
    assert parse_cell(raw, AMOUNT, Loc()) == expected


@pytest.mark.parametrize("raw, expected", [("61", 61), ("６１", 61), (61.0, 61), (" 1,108 ", 1108), ("2496条", 2496)])
def test_count_cells(raw, expected):
    assert parse_cell(raw, INT, Loc()) == expected


@pytest.mark.parametrize("raw, col", [
    ("abc", AMOUNT), ("12.5.3", AMOUNT), ("1,23", AMOUNT), ("-5", AMOUNT), ("1.5", INT), ("nan", AMOUNT),
    ("优秀", Col("等级", "grade", "grade")), ("2023-13-01", Col("成文日期", "date", "date")),
])
def test_bad_cells_name_their_location(raw, col):
    loc = Loc("a.xlsx", "监控结果", 7, "预算数（C列）")
    with pytest.raises(DataError) as err:
        parse_cell(raw, col, loc)
    text = str(err.value)
    assert "a.xlsx" in text and "监控结果" in text and "第7行" in text and "预算数" in text


def test_xlsx_and_yaml_twins_read_the_same(example_xlsx):
    from perfdoc.workbook import load

    a = load(example_xlsx)
    b = load(example_xlsx.with_suffix(".yaml"))
    assert a.model_dump() == b.model_dump()
    assert a.facts.indicator_total == 2496 and a.facts.check_amount == Decimal("196579.94")


def test_columns_in_any_order_with_notes_blank_rows_and_text_numbers(tmp_path, example_xlsx):
    import openpyxl

    from perfdoc.workbook import load

    original = load(example_xlsx)
    wb = openpyxl.Workbook()
    wb.active.title = "基本信息"
    ws = wb.active
    ws.append(["说明：本表是基本信息"])
    ws.append([" 内容 ", "项目"])  # columns swapped, stray spaces
    for k, v in (("地区", "澄江市"), ("年度", "２０２３"), ("发文机关", "澄江市财政局"), ("发文代字", "澄财绩"),
                 ("成文日期", "2023年12月31日"), ("通报序号", "1")):
        ws.append([v, f" {k} "])
    ws2 = wb.create_sheet(" 监控结果 ")
    ws2.append(["执行数（万元）", "单位名称", "备注", "预算数(万元)"])
    for m in original.monitoring[:3]:
        ws2.append([f"{m.spent:,}", f"  {m.unit}  ", None, str(m.budget)])
        ws2.append([None, None, None, None])
    path = tmp_path / "reordered.xlsx"
    wb.save(path)
    data = load(path, require=("基本信息", "监控结果"))
    assert data.issuer.year == 2023 and data.issuer.circular_seq == 1
    assert [(m.unit, m.budget, m.spent) for m in data.monitoring] == [
        (m.unit, m.budget, m.spent) for m in original.monitoring[:3]]


def _copy(src, tmp_path, name="data.xlsx"):
    dst = tmp_path / name
    shutil.copyfile(src, dst)
    return dst


def _edit(path, fn):
    import openpyxl

    wb = openpyxl.load_workbook(path)
    fn(wb)
    wb.save(path)
    return path


def _find(ws, text):
    for row in ws.iter_rows():
        for c in row:
            if c.value == text:
                return c
    raise AssertionError(text)


def _set_fact(wb, key, value):
    c = _find(wb["情况说明"], key)
    wb["情况说明"].cell(row=c.row, column=c.column + 1, value=value)


BAD_INPUTS = [
    # (label, kind, edit, words the message must contain)
    ("missing sheet", "circular", lambda wb: wb.remove(wb["监控结果"]), ["监控结果", "缺少工作表"]),
    ("missing column", "circular",
     lambda wb: wb["监控结果"].delete_cols(_find(wb["监控结果"], "预算数").column), ["监控结果", "预算数", "缺少"]),
    ("non-numeric amount", "circular",
     lambda wb: wb["监控结果"].cell(row=_find(wb["监控结果"], "预算数").row + 2,
                                   column=_find(wb["监控结果"], "预算数").column, value="一千万"),
     ["监控结果", "第4行", "预算数", "一千万"]),
    ("parts do not add up", "statement", lambda wb: _set_fact(wb, "部门整体绩效指标数", 583),
     ["情况说明", "纳入指标库指标总数", "2541", "行", "内容"]),
    ("distribution does not add up", "statement", lambda wb: _set_fact(wb, "自评等级为优的份数", 16),
     ["情况说明", "24", "行"]),
    ("stated grade contradicts score", "statement",
     lambda wb: wb["事前评估"].cell(row=_find(wb["事前评估"], "等级").row + 1,
                                   column=_find(wb["事前评估"], "等级").column, value="优"),
     ["事前评估", "第2行", "等级", "良"]),
    ("stated rate contradicts amounts", "circular",
     lambda wb: wb["监控结果"].cell(row=_find(wb["监控结果"], "执行率").row + 1,
                                   column=_find(wb["监控结果"], "执行率").column, value=99),
     ["监控结果", "第3行", "执行率", "80.75%"]),  # row 1 holds the 示例数据 note
    ("unknown key", "statement", lambda wb: wb["基本信息"].append(["发文机构", "x"]), ["基本信息", "发文机构"]),
]


@pytest.mark.parametrize("label, kind, edit, words", BAD_INPUTS, ids=[b[0] for b in BAD_INPUTS])
def test_bad_workbook_exits_2_with_location_and_leaves_nothing(tmp_path, example_xlsx, cli, label, kind, edit, words):
    data = _edit(_copy(example_xlsx, tmp_path), edit)
    out = tmp_path / ("out" if kind == "notices" else "out.docx")
    r = cli("render", kind, str(data), "-o", str(out))
    assert r.returncode == 2, r.stdout + r.stderr
    assert "data.xlsx" in r.stderr
    for w in words:
        assert w in r.stderr, (w, r.stderr)
    assert r.stderr.count("\n") <= 2 and "Traceback" not in r.stderr
    assert not out.exists()


def test_force_renders_and_lists_inconsistencies(tmp_path, example_xlsx, cli):
    data = _edit(_copy(example_xlsx, tmp_path), lambda wb: (_set_fact(wb, "部门整体绩效指标数", 583),
                                                            _set_fact(wb, "自评等级为优的份数", 16)))
    out = tmp_path / "out.docx"
    r = cli("render", "statement", str(data), "-o", str(out), "--force")
    assert r.returncode == 0, r.stderr
    assert out.is_file()
    warnings = [line for line in r.stderr.splitlines() if line.startswith("警告")]
    assert len(warnings) == 2 and "纳入指标库指标总数" in warnings[0]


@pytest.mark.parametrize("content", [b"PK\x03\x04garbage" * 10, b"not a workbook at all", b""])
def test_corrupted_workbook(tmp_path, cli, content):
    data = tmp_path / "broken.xlsx"
    data.write_bytes(content)
    out = tmp_path / "n"
    r = cli("render", "notices", str(data), "-o", str(out))
    assert r.returncode == 2 and "broken.xlsx" in r.stderr and "Traceback" not in r.stderr
    assert not out.exists()


def test_truncated_real_workbook(tmp_path, example_xlsx):
    from perfdoc.workbook import load

    data = tmp_path / "cut.xlsx"
    data.write_bytes(example_xlsx.read_bytes()[:3000])
    with pytest.raises(InputError) as err:
        load(data)
    assert "cut.xlsx" in str(err.value)


def test_yaml_errors_name_the_file(tmp_path):
    from perfdoc.workbook import load

    bad = tmp_path / "d.yaml"
    bad.write_text("基本信息: [unclosed\n", encoding="utf-8")
    with pytest.raises(InputError) as err:
        load(bad)
    assert "d.yaml" in str(err.value)
    wrong = tmp_path / "e.yaml"
    wrong.write_text("基本信息:\n  地区: 澄江市\n  年度: 二〇二三\n", encoding="utf-8")
    with pytest.raises(DataError) as err:
        load(wrong)
    assert "年度" in str(err.value) and "e.yaml" in str(err.value)


def test_damaged_sheet_inside_a_valid_zip(tmp_path, example_xlsx, cli):
    import zipfile

    damaged = tmp_path / "damaged.xlsx"
    with zipfile.ZipFile(example_xlsx) as zin, zipfile.ZipFile(damaged, "w") as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename.startswith("xl/worksheets/sheet"):
                data = data[: len(data) // 2]  # cut the sheet XML in half
            zout.writestr(info, data)
    out = tmp_path / "s.docx"
    r = cli("render", "statement", str(damaged), "-o", str(out))
    assert r.returncode == 2 and "damaged.xlsx" in r.stderr and "Traceback" not in r.stderr
    assert not out.exists()


@pytest.mark.parametrize("kind, sheet, key", [
    ("circular", "监控结果", None), ("notices", "问题清单", None),
    ("circular", "基本信息", "通报序号"), ("notices", "基本信息", "整改期限"),
])
def test_empty_or_missing_essentials(tmp_path, mapping, write_xlsx, cli, kind, sheet, key):
    if key is None:
        mapping[sheet] = []
    else:
        mapping[sheet].pop(key)
    data = write_xlsx(mapping)
    out = tmp_path / ("n" if kind == "notices" else "c.docx")
    r = cli("render", kind, str(data), "-o", str(out))
    assert r.returncode == 2 and sheet in r.stderr and "Traceback" not in r.stderr
    if key:
        assert key in r.stderr
    assert not out.exists()
