"""Users' own libraries (.xlsx/.csv with Chinese headers), bad library files, the merge script."""
from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import openpyxl
import pytest

from perfdoc.errors import InputError, UnsupportedFileError
from perfdoc.indicators.library.library import Library, load_library, read_library, split_operator
from perfdoc.indicators.library.mapping import search

ROOT = Path(__file__).resolve().parents[2]

PROVINCE_ROWS = [
    # 所属行业, 一级指标, 二级指标, 指标名称, 指标解释, 计量单位, 指标值, 别名
    ("205 教育", "产出指标", "数量指标", "学生资助人数", "享受国家助学金的学生人数", "人", "≥500", "资助学生人数；受助学生数"),
    ("教育", "产出", "质量", "资助对象认定准确率", "认定准确的资助对象占比", "%", "100", ""),
    ("2130101", "效益指标", "经济效益", "农户亩均增收", "项目区农户每亩增加的收入", "元", "不低于200元", "亩均增收"),
    ("213", "满意度指标", "满意度", "项目区农户满意度", "抽样调查农户满意比例", "%", "≥90%", "农民满意度"),
    ("", "产出指标", "成本指标", "单位培训成本", "每人次培训的费用", "元/人次", "≤300", ""),  # old framework, no sector → 000
]
HEADER = ["所属行业", "一级指标", "二级指标", "指标名称", "指标解释", "计量单位", "指标值", "别名"]


def _xlsx(path: Path, rows, header=HEADER, title_rows=2, sheet="指标库") -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet
    for i in range(title_rows):
        ws.append([f"某省分行业分领域绩效指标库（第{i + 1}行标题）"])
    ws.append(header)
    for r in rows:
        ws.append(list(r))
    wb.save(path)
    return path


def _csv(path: Path, rows, header=HEADER, encoding="utf-8") -> Path:
    import csv
    import io

    buf = io.StringIO()
    w = csv.writer(buf)
    w.writerow(header)
    w.writerows(rows)
    path.write_bytes(buf.getvalue().encode(encoding))
    return path


@pytest.mark.parametrize("maker,encoding", [("xlsx", None), ("csv", "utf-8"), ("csv", "gb18030")])
def test_user_library_loads_and_maps_columns(tmp_path, maker, encoding):
    path = (_xlsx(tmp_path / "lib.xlsx", PROVINCE_ROWS) if maker == "xlsx"
            else _csv(tmp_path / "lib.csv", PROVINCE_ROWS, encoding=encoding))
    lib = read_library(path)
    assert isinstance(lib, Library) and len(lib) == len(PROVINCE_ROWS)
    e = lib.entries
    assert (e[0].sector, e[0].level1, e[0].level2, e[0].unit) == ("205", "产出指标", "数量指标", "人")
    assert (e[0].operator, e[0].typical_value) == ("≥", "500")
    assert e[0].aliases == ("资助学生人数", "受助学生数")
    assert (e[1].sector, e[1].level1, e[1].level2) == ("205", "产出指标", "质量指标")
    assert (e[2].sector, e[2].level2, e[2].operator, e[2].typical_value) == ("213", "经济效益指标", "≥", "200元")
    assert e[3].level2 == "服务对象满意度指标" and e[3].sector_label == "213 农林水"
    assert (e[4].sector, e[4].level1, e[4].level2) == ("000", "成本指标", "经济成本指标")
    assert [x.id for x in e] == ["205-0001", "205-0002", "213-0001", "213-0002", "000-0001"]


def test_user_library_search_uses_aliases(tmp_path):
    lib = read_library(_xlsx(tmp_path / "lib.xlsx", PROVINCE_ROWS))
    hits = search("受助学生数", 3, library=lib)
    assert hits[0].entry.name == "学生资助人数" and hits[0].score > 0.9
    hits = search("农民满意度调查", 3, library=lib)
    assert hits[0].entry.name == "项目区农户满意度"


def test_config_library_setting(tmp_path, monkeypatch):
    path = _csv(tmp_path / "省库.csv", PROVINCE_ROWS)
    cfg = tmp_path / "perfdoc.toml"
    cfg.write_text(f'[review]\nlibrary = "{path.as_posix()}"\n', encoding="utf-8")
    monkeypatch.setenv("PERFDOC_CONFIG", str(cfg))
    from perfdoc.config import _load

    _load.cache_clear()
    assert [e.name for e in load_library().entries] == [r[3] for r in PROVINCE_ROWS]


@pytest.mark.parametrize("operator_text,expected", [
    ("≥95%", ("≥", "95%")), ("不低于90", ("≥", "90")), ("不超过300万元", ("≤", "300万元")),
    ("通过验收", ("", "通过验收")), (">=80", ("≥", "80")),
])
def test_split_operator(operator_text, expected):
    assert split_operator(operator_text) == expected


def _bad_level2(rows):
    rows = list(rows)
    rows[2] = rows[2][:2] + ("效果指标",) + rows[2][3:]
    return rows


def _bad_sector(rows):
    rows = list(rows)
    rows[1] = ("火星开发",) + rows[1][1:]
    return rows


def _dup(rows):
    return list(rows) + [rows[0]]


def _no_name(rows):
    rows = list(rows)
    rows[3] = rows[3][:3] + ("",) + rows[3][4:]
    return rows


@pytest.mark.parametrize("mutate,row,column,words", [
    (_bad_level2, 6, "二级指标", "效果指标"),
    (_bad_sector, 5, "所属行业", "火星开发"),
    (_dup, 9, "指标名称", "重复"),
    (_no_name, 7, "指标名称", "为空"),
])
def test_bad_rows_name_sheet_row_column(tmp_path, mutate, row, column, words):
    path = _xlsx(tmp_path / "bad.xlsx", mutate(PROVINCE_ROWS))
    with pytest.raises(InputError) as exc:
        read_library(path)
    err = exc.value
    assert (err.file, err.sheet, err.row, err.column) == ("bad.xlsx", "指标库", row, column)
    assert words in str(err)


def test_missing_level2_column(tmp_path):
    header = ["所属行业", "一级指标", "分类", "指标名称", "指标解释", "计量单位", "指标值", "别名"]
    with pytest.raises(InputError, match="二级指标"):
        read_library(_csv(tmp_path / "lib.csv", PROVINCE_ROWS, header=header))


def test_no_header_at_all(tmp_path):
    path = tmp_path / "lib.csv"
    path.write_text("甲,乙,丙\n1,2,3\n", encoding="utf-8")
    with pytest.raises(InputError, match="找不到表头"):
        read_library(path)


def test_header_only(tmp_path):
    with pytest.raises(InputError, match="没有任何指标"):
        read_library(_csv(tmp_path / "lib.csv", []))


@pytest.mark.parametrize("content,error", [
    (b"", InputError),
    (b"PK\x03\x04 this is not a real zip file at all", InputError),
    (b"\x00\x01\x02\x03binary\x00", UnsupportedFileError),
])
def test_unreadable_files(tmp_path, content, error):
    path = tmp_path / "lib.xlsx"
    path.write_bytes(content)
    with pytest.raises(error):
        read_library(path)


def test_docx_is_refused(tmp_path):
    import docx

    path = tmp_path / "lib.xlsx"
    docx.Document().save(path)
    with pytest.raises(UnsupportedFileError, match="Word"):
        read_library(path)


def test_cli_search_with_user_library(tmp_path):
    path = _xlsx(tmp_path / "lib.xlsx", PROVINCE_ROWS)
    out = subprocess.run([sys.executable, "-m", "perfdoc", "library", "search", "学生资助", "--json",
                          "--library", str(path), "-n", "2"], capture_output=True, text=True, cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    hits = json.loads(out.stdout)
    assert len(hits) == 2 and hits[0]["name"] == "学生资助人数" and hits[0]["id"] == "205-0001"


def test_cli_bad_library_exits_2(tmp_path):
    path = _xlsx(tmp_path / "bad.xlsx", _bad_level2(PROVINCE_ROWS))
    out = subprocess.run([sys.executable, "-m", "perfdoc", "library", "stats", "--library", str(path)],
                         capture_output=True, text=True, cwd=tmp_path)
    assert out.returncode == 2
    assert "第6行" in out.stderr and "二级指标" in out.stderr and out.stdout == ""


@pytest.mark.parametrize("operator,value,unit,expected", [
    ("≥", "95", "%", "覆盖率≥95%"),
    ("≥", "100", "%", "覆盖率100%"),
    ("≤", "0", "%", "覆盖率0%"),
    ("≤", "500", "万元", "覆盖率≤500万元"),
    ("=", "通过验收", "", "覆盖率：通过验收"),
    ("≥", "90%", "%", "覆盖率≥90%"),
    ("", "", "%", "覆盖率"),
    ("=", "12月31日前", "定性", "覆盖率：12月31日前"),
    ("≤", "30", "工作日", "覆盖率≤30工作日"),
    ("≥", "1.5万", "人次", "覆盖率≥1.5万人次"),
    ("≥", "3000", "元/户", "覆盖率≥3000元/户"),
])
def test_entry_target(operator, value, unit, expected):
    from perfdoc.indicators.library.library import Entry

    e = Entry(id="000-0001", sector="000", level1="效益指标", level2="社会效益指标", name="覆盖率",
              unit=unit, operator=operator, typical_value=value)
    assert e.target() == expected


def test_merged_level_and_sector_cells(tmp_path):
    """Provincial libraries merge 一级/二级指标 and 行业 cells over their rows."""
    rows = [
        ("213 农林水", "产出指标", "数量指标", "新建高标准农田面积", "", "亩", "≥10000", ""),
        (None, None, None, "耕地地力保护补贴面积", "", "亩", "≥300000", ""),
        (None, None, "质量指标", "农田工程验收合格率", "", "%", "100", ""),
        (None, "满意度指标", "服务对象满意度指标", "项目区农户满意度", "", "%", "≥90", ""),
    ]
    path = tmp_path / "merged.xlsx"
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(HEADER)
    for r in rows:
        ws.append(list(r))
    ws.merge_cells("A2:A5")
    ws.merge_cells("B2:B4")
    ws.merge_cells("C2:C3")
    wb.save(path)
    lib = read_library(path)
    got = [(e.sector, e.level1, e.level2, e.name) for e in lib.entries]
    assert got == [("213", "产出指标", "数量指标", "新建高标准农田面积"),
                   ("213", "产出指标", "数量指标", "耕地地力保护补贴面积"),
                   ("213", "产出指标", "质量指标", "农田工程验收合格率"),
                   ("213", "满意度指标", "服务对象满意度指标", "项目区农户满意度")]


def test_library_over_row_limit_refused(tmp_path, monkeypatch):
    from perfdoc.errors import TooLargeError

    cfg = tmp_path / "perfdoc.toml"
    cfg.write_text("[limits]\nmax_rows = 3\n", encoding="utf-8")
    monkeypatch.setenv("PERFDOC_CONFIG", str(cfg))
    from perfdoc.config import _load

    _load.cache_clear()
    for path in (_csv(tmp_path / "big.csv", PROVINCE_ROWS), _xlsx(tmp_path / "big.xlsx", PROVINCE_ROWS)):
        with pytest.raises(TooLargeError, match="超过上限 3 行"):
            read_library(path)
