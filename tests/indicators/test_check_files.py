"""Reading 申报表 workbooks, .csv and .jsonl; the annotated copy; bad input; the CLI."""
from __future__ import annotations

import json
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from perfdoc.cli import app
from perfdoc.errors import InputError, TooLargeError, UnsupportedFileError, UsageError
from perfdoc.indicators.review import check_file

HEADER = ["项目名称", "一级指标", "二级指标", "三级指标", "指标值符号", "指标值", "计量单位"]


def goals_workbook(path: Path, projects: dict[str, list[tuple]], *, sheet_title="申报表",
                   extra_sheets: dict[str, dict] | None = None) -> Path:
    """A 申报表: two title rows, header on row 4, project and 一级指标 cells merged over their rows."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = sheet_title
    _fill(ws, projects)
    for title, projs in (extra_sheets or {}).items():
        _fill(wb.create_sheet(title), projs)
    wb.create_sheet("填表说明")["A1"] = "请按要求填写"
    wb.save(path)
    return path


def _fill(ws, projects):
    ws.merge_cells("A1:G1")
    ws["A1"] = "2024年度项目支出绩效目标申报表"
    ws["A2"] = "填报单位：某县教育体育局"
    ws.append([])
    ws.append(HEADER)
    for project, rows in projects.items():
        first = ws.max_row + 1
        for k, (l1, l2, name, op, value, unit) in enumerate(rows):
            ws.append([project if k == 0 else None, l1 if k == 0 else None, l2, name, op, value, unit])
        ws.merge_cells(start_row=first, start_column=1, end_row=ws.max_row, end_column=1)
        ws.merge_cells(start_row=first, start_column=2, end_row=ws.max_row, end_column=2)


NUTRITION = [
    ("产出指标", "数量指标", "受益学生人数", "≥", 3200, "人"),
    ("产出指标", "质量指标", "食堂检查覆盖率", "", 95, ""),
    ("产出指标", "时效指标", "补助资金拨付", "", "及时", ""),
    ("产出指标", "数量指标", "供餐天数", "≥", 200, "天"),
]
WASTE = [
    ("效益指标", "生态效益指标", "城乡环境卫生", "", "逐步提高", ""),
    ("满意度指标", "服务对象满意度指标", "群众满意度", "≥", 90, "%"),
    ("产出指标", "数量指标", "投入资金", "", 500, "万元"),
]


@pytest.fixture
def workbook(tmp_path) -> Path:
    return goals_workbook(tmp_path / "goals.xlsx", {"义务教育营养改善计划": NUTRITION, "城乡生活垃圾处理": WASTE},
                          extra_sheets={"第二个项目": {"农村公路养护": [
                              ("产出指标", "数量指标", "农村公路养护里程", "≥", 620, "公里")]}})


def test_reads_title_rows_merged_cells_unit_columns(workbook):
    review = check_file(workbook, classify=False)
    rs = review.indicators
    assert len(rs) == 8
    assert [r.project for r in rs[:4]] == ["义务教育营养改善计划"] * 4
    assert [r.project for r in rs[4:7]] == ["城乡生活垃圾处理"] * 3
    assert rs[7].project == "农村公路养护" and rs[7].source["sheet"] == "第二个项目"
    assert rs[0].value == "≥3200人" and rs[0].source == {"file": "goals.xlsx", "sheet": "申报表", "row": 5}
    assert rs[1].declared_level1 == "产出指标"  # merged 一级指标 carried down
    assert rs[5].value == "≥90%"
    codes = {r.name: [i.code for i in r.issues] for r in rs}
    assert codes["食堂检查覆盖率"] == ["NO_UNIT"]
    assert codes["补助资金拨付"] == ["TIME_UNBOUNDED"]
    assert codes["城乡环境卫生"] == ["VAGUE_VALUE"]
    assert codes["投入资金"] == ["INPUT_AS_OUTPUT"]
    assert codes["受益学生人数"] == []
    assert any("填表说明" in n for n in review.notes)
    projects = {p["project"]: {i.code for i in p["issues"]} for p in review.projects}
    assert "MISSING_SATISFACTION" in projects["义务教育营养改善计划"]
    assert "FEW_INDICATORS" in projects["农村公路养护"]


def test_annotated_copy(workbook, tmp_path):
    from perfdoc.indicators.forms.annotate import RESULT_COLUMNS, annotate

    before = workbook.read_bytes()
    out = annotate(workbook, tmp_path / "out" / "审核结果.xlsx")
    assert workbook.read_bytes() == before
    wb = openpyxl.load_workbook(out)
    ws = wb["申报表"]
    heads = [ws.cell(row=4, column=c).value for c in range(8, 8 + len(RESULT_COLUMNS))]
    assert heads == list(RESULT_COLUMNS)
    assert ws["H5"].value == "是" and ws["H6"].value == "否"
    assert "NO_UNIT" in ws["I6"].value and ws["J6"].value == "食堂检查覆盖率≥95%"
    assert ws["F6"].comment is not None and "缺少计量单位" in ws["F6"].comment.text
    assert ws["F6"].fill.fgColor.rgb.endswith("F4CCCC")
    assert ws["F5"].comment is None
    assert ws["A1"].value == "2024年度项目支出绩效目标申报表"
    summary = wb["审核汇总"]
    rows = [[c.value for c in r] for r in summary.iter_rows()]
    assert ["审核指标数", 8, None, None] in rows or ["审核指标数", 8] in [r[:2] for r in rows]
    counts = {r[0]: r[2] for r in rows if r and r[0] in ("NO_UNIT", "VAGUE_VALUE", "TIME_UNBOUNDED")}
    assert counts == {"NO_UNIT": 1, "VAGUE_VALUE": 1, "TIME_UNBOUNDED": 1}
    assert any(r[0] == "城乡生活垃圾处理" and r[1] == 3 and r[2] == 2 for r in rows)


def test_jsonl_out(workbook, tmp_path):
    from perfdoc.indicators.forms.annotate import annotate

    out = annotate(workbook, tmp_path / "r.jsonl")
    lines = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == 8 and lines[0]["name"] == "受益学生人数" and lines[1]["measurable"] is False


def test_refuses_same_path(workbook):
    from perfdoc.indicators.forms.annotate import annotate

    before = workbook.read_bytes()
    with pytest.raises(UsageError):
        annotate(workbook, workbook)
    assert workbook.read_bytes() == before


def test_csv_and_jsonl(tmp_path):
    csv_path = tmp_path / "g.csv"
    csv_path.write_text("项目名称,指标名称,指标值\n甲,培训人次,≥350人次\n甲,覆盖率,95\n", encoding="utf-8")
    rs = check_file(csv_path, classify=False).indicators
    assert [r.measurable for r in rs] == [True, False]
    jl = tmp_path / "g.jsonl"
    jl.write_text('{"name": "培训效果", "value": "明显提升"}\n{"text": "资金拨付及时", "project": "乙"}\n',
                  encoding="utf-8")
    rs = check_file(jl, classify=False).indicators
    assert [i.code for i in rs[0].issues] == ["VAGUE_VALUE"] and rs[1].name == "资金拨付"


def _bad_files(tmp_path: Path) -> dict[str, Path]:
    empty = tmp_path / "empty.xlsx"
    empty.write_bytes(b"")
    txt = tmp_path / "renamed.xlsx"
    txt.write_text("这不是工作簿\n培训人次≥350人次\n", encoding="utf-8")
    broken = tmp_path / "broken.xlsx"
    good = goals_workbook(tmp_path / "good.xlsx", {"甲": NUTRITION})
    broken.write_bytes(good.read_bytes()[:400])
    noheader = tmp_path / "noheader.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["名称", "数量"])
    wb.active.append(["甲", 1])
    wb.save(noheader)
    headeronly = tmp_path / "headeronly.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(["三级指标", "指标值"])
    wb.save(headeronly)
    return {"empty": empty, "txt": txt, "broken": broken, "noheader": noheader, "headeronly": headeronly}


@pytest.mark.parametrize("which", ["empty", "txt", "broken", "noheader", "headeronly"])
def test_bad_input_exit_2_nothing_written(tmp_path, which):
    path = _bad_files(tmp_path)[which]
    out = tmp_path / "out" / "r.xlsx"
    result = CliRunner().invoke(app, ["check", "--input", str(path), "-o", str(out)])
    assert isinstance(result.exception, InputError | UnsupportedFileError)
    assert not out.exists()
    assert any("\u4e00" <= ch <= "\u9fff" for ch in str(result.exception))
    if which == "noheader":
        assert "三级指标" in str(result.exception) and "指标值" in str(result.exception)


def test_bad_input_subprocess_exit_code(tmp_path):
    path = _bad_files(tmp_path)["txt"]
    out = tmp_path / "o.xlsx"
    proc = subprocess.run([sys.executable, "-m", "perfdoc", "check", "--input", str(path), "-o", str(out)],
                          capture_output=True, text=True, timeout=60)
    assert proc.returncode == 2 and "错误" in proc.stderr and not out.exists()


def test_row_limit(tmp_path, monkeypatch):
    cfg = tmp_path / "perfdoc.toml"
    cfg.write_text("[limits]\nmax_rows = 20\n", encoding="utf-8")
    monkeypatch.setenv("PERFDOC_CONFIG", str(cfg))
    from perfdoc.config import _load

    _load.cache_clear()
    path = goals_workbook(tmp_path / "big.xlsx", {"甲": NUTRITION * 6})
    with pytest.raises(TooLargeError) as exc:
        check_file(path, classify=False)
    assert "上限" in str(exc.value)


def test_row_limit_stops_early_without_dimension(tmp_path, monkeypatch):
    """A sheet whose <dimension> is missing is still refused while streaming, before reading it all."""
    cfg = tmp_path / "perfdoc.toml"
    cfg.write_text("[limits]\nmax_rows = 50\n", encoding="utf-8")
    monkeypatch.setenv("PERFDOC_CONFIG", str(cfg))
    from perfdoc.config import _load

    _load.cache_clear()
    src = goals_workbook(tmp_path / "src.xlsx", {"甲": NUTRITION * 20})
    out = tmp_path / "nodim.xlsx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(out, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet1"):
                import re

                data = re.sub(rb"<dimension[^>]*/>", b"", data)
            zout.writestr(item, data)
    with pytest.raises(TooLargeError):
        check_file(out, classify=False)


def test_cli_text_json_and_strict():
    runner = CliRunner()
    ok = runner.invoke(app, ["check", "培训人次≥350人次", "--json"])
    assert ok.exit_code == 0
    data = json.loads(ok.stdout)
    assert isinstance(data, list) and data[0]["parsed"]["number"] == 350.0 and data[0]["source"] is None
    strict = runner.invoke(app, ["check", "资金拨付及时", "--strict"])
    assert strict.exit_code == 1
    assert "TIME_UNBOUNDED" in strict.stdout and "共审核 1 个指标" in strict.stdout
    clean = runner.invoke(app, ["check", "预算执行率≥95%", "--strict", "--json"])
    assert json.loads(clean.stdout)[0]["measurable"] is True


def test_cli_file_json_shape(workbook):
    result = CliRunner().invoke(app, ["check", "--input", str(workbook), "--json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert set(data) == {"indicators", "projects"}
    assert len(data["indicators"]) == 8 and data["indicators"][0]["source"]["row"] == 5
    assert {p["project"] for p in data["projects"]} == {"义务教育营养改善计划", "城乡生活垃圾处理", "农村公路养护"}


def test_cli_usage_errors(workbook, tmp_path):
    runner = CliRunner()
    assert isinstance(runner.invoke(app, ["check"]).exception, UsageError)
    r = runner.invoke(app, ["check", "--input", str(workbook), "-o", str(workbook)])
    assert isinstance(r.exception, UsageError)
    r = runner.invoke(app, ["check", "--input", str(workbook), "-o", str(tmp_path / "x.docx")])
    assert isinstance(r.exception, UsageError) and not (tmp_path / "x.docx").exists()


def test_eval_check_cli():
    result = CliRunner().invoke(app, ["eval", "check", "--split", "dev", "--json"])
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["total"] > 300 and 0 <= data["flag_accuracy"] <= 1
    assert set(data["per_code"]) >= {"VAGUE_VALUE", "INPUT_AS_OUTPUT"}


@pytest.mark.slow
def test_libreoffice_opens_annotated_copy(workbook, tmp_path):
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        pytest.skip("LibreOffice is not installed")
    from perfdoc.indicators.forms.annotate import annotate

    def convert(path: Path) -> Path | None:
        proc = subprocess.run([soffice, "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
                               "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76", "--outdir", str(tmp_path / "csv"), str(path)],
                              capture_output=True, text=True, timeout=180)
        target = tmp_path / "csv" / (path.stem + ".csv")
        return target if proc.returncode == 0 and target.exists() else None

    if convert(workbook) is None:  # writer-only installs (no Calc) cannot load any .xlsx
        pytest.skip("LibreOffice Calc is not installed")
    converted = convert(annotate(workbook, tmp_path / "a.xlsx"))
    assert converted is not None
    text = converted.read_text(encoding="utf-8", errors="replace")
    assert "可衡量" in text and "食堂检查覆盖率" in text


def test_two_row_header_and_percent_cells(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws["A1"] = "项目支出绩效目标表"
    ws.append(["项目名称：农村饮水安全巩固提升"])
    ws.append(["绩效指标", None, None, "指标值（年度）"])
    ws.merge_cells("A3:C3")
    ws.merge_cells("D3:D4")
    ws.append(["一级指标", "二级指标", "三级指标"])
    ws.append(["产出指标", "质量指标", "水质检测合格率", 0.95])
    ws["D5"].number_format = "0%"
    ws.append([None, "数量指标", "受益人口", "≥2.6万人"])
    path = tmp_path / "two.xlsx"
    wb.save(path)
    rs = check_file(path, classify=False).indicators
    assert [(r.name, r.value) for r in rs] == [("水质检测合格率", "95%"), ("受益人口", "≥2.6万人")]
    assert all(r.project == "农村饮水安全巩固提升" for r in rs)
    assert rs[1].declared_level1 == "产出指标" and all(r.measurable for r in rs)


def test_million_row_dimension_refused_at_once(tmp_path):
    """A sheet that declares 1,000,000 rows is refused from its <dimension> before any row is read."""
    import re

    src = goals_workbook(tmp_path / "src.xlsx", {"甲": NUTRITION})
    out = tmp_path / "million.xlsx"
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(out, "w") as zout:
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:G1000000"/>', data)
            zout.writestr(item, data)
    target = tmp_path / "o.xlsx"
    result = CliRunner().invoke(app, ["check", "--input", str(out), "-o", str(target)])
    assert isinstance(result.exception, TooLargeError) and "1000000" in str(result.exception)
    assert not target.exists()


def test_text_arguments_to_workbook_and_jsonl(tmp_path):
    runner = CliRunner()
    out = tmp_path / "r.xlsx"
    result = runner.invoke(app, ["check", "培训人次≥350人次", "覆盖率95", "-o", str(out)])
    assert result.exit_code == 0, result.output
    ws = openpyxl.load_workbook(out)["审核结果"]
    rows = [[c.value for c in r] for r in ws.iter_rows(min_row=2)]
    assert rows[0][1:4] == ["培训人次", "≥350人次", "是"] and rows[1][3] == "否"
    assert "NO_UNIT" in rows[1][4] and rows[1][5] == "覆盖率≥95%"
    jl = tmp_path / "r.jsonl"
    assert runner.invoke(app, ["check", "资金拨付及时", "-o", str(jl)]).exit_code == 0
    line = json.loads(jl.read_text(encoding="utf-8").splitlines()[0])
    assert line["issues"][0]["code"] == "TIME_UNBOUNDED"


def test_national_template_layout(tmp_path):
    """Key-value rows above the table (项目名称 | ××, 主管部门 | ××, 年度总体目标), then the indicators."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["项目支出绩效目标申报表"])
    ws.append(["（2024年度）"])
    ws.append(["项目名称", "城乡居民基本养老保险补助", None, None])
    ws.append(["主管部门", "县人力资源和社会保障局", "实施单位", "县社保中心"])
    ws.append(["年度总体目标", "按时足额发放养老金，参保率保持在95%以上"])
    ws.append(["一级指标", "二级指标", "三级指标", "指标值"])
    ws.append(["产出指标", "数量指标", "参保人数", "≥18.5万人"])
    ws.append([None, "时效指标", "养老金发放", "按月"])
    ws.append(["满意度指标", "服务对象满意度指标", "参保群众满意度", "≥90"])
    path = tmp_path / "national.xlsx"
    wb.save(path)
    rs = check_file(path, classify=False).indicators
    assert [r.name for r in rs] == ["参保人数", "养老金发放", "参保群众满意度"]
    assert all(r.project == "城乡居民基本养老保险补助" for r in rs)
    assert rs[1].declared_level1 == "产出指标"
    assert [r.measurable for r in rs] == [True, True, False]
