"""绩效目标审核意见书: findings equal `check --json`, one opinion per unit, conclusions by the rules,
wording for zero/one/many, the summary workbook, the annotated-workbook path and the web route."""
from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

import pytest
from typer.testing import CliRunner

ROOT = Path(__file__).resolve().parents[1]
GOALS = ROOT / "examples" / "goals-example.xlsx"
UNITS = ["某县教育体育局", "某县住房和城乡建设局", "某县交通运输局"]


def _docx_text(path: Path) -> str:
    import docx

    return "\n".join(p.text for p in docx.Document(str(path)).paragraphs)


def _findings_from_check_json(payload: dict) -> set[tuple]:
    found = {("indicator", r["source"]["row"], i["code"], i["message"])
             for r in payload["indicators"] for i in r["issues"]}
    found |= {("project", p["project"], i["code"], i["message"]) for p in payload["projects"] for i in p["issues"]}
    return found


def _findings_from_opinions(folder: Path) -> tuple[set[tuple], int]:
    """The findings the summary workbook lists (问题明细), and how many rows it has."""
    import openpyxl

    ws = openpyxl.load_workbook(folder / "审核意见汇总.xlsx")["问题明细"]
    rows = list(ws.iter_rows(min_row=2, values_only=True))
    found = set()
    for _, unit, project, row, name, value, code, message, suggestion in rows:
        if row:
            found.add(("indicator", int(row), code, message))
        else:
            found.add(("project", project, code, message))
    return found, len(rows)


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> dict:
    """`check --json` and `render opinion` run through the CLI on the example 申报表."""
    from perfdoc.cli import app

    runner = CliRunner()
    checked = runner.invoke(app, ["check", "--input", str(GOALS), "--json"])
    assert checked.exit_code == 0, checked.output
    out = tmp_path_factory.mktemp("opinions") / "意见书"
    made = runner.invoke(app, ["render", "opinion", str(GOALS), "-o", str(out), "--organ", "某县财政局",
                               "--date", "2023-12-01", "--deadline", "2024-01-15"])
    assert made.exit_code == 0, made.output
    return {"check": json.loads(checked.stdout), "out": out, "output": made.output}


def test_one_opinion_per_unit_with_summary(rendered):
    out = rendered["out"]
    docs = sorted(out.glob("*.docx"))
    assert [d.name for d in docs] == [f"{n:03d}_{u}_绩效目标审核意见书.docx" for n, u in enumerate(UNITS, start=1)]
    assert (out / "审核意见汇总.xlsx").is_file()
    assert "已生成绩效目标审核意见书 3 份" in rendered["output"]
    for doc, unit in zip(docs, UNITS):
        text = _docx_text(doc)
        assert f"{unit}：" in text and "某县财政局" in text and "2023年12月1日" in text
        assert "于2024年1月15日前" in text
        assert "2024年度绩效目标审核意见书" in text.replace("\n", "")


def test_findings_equal_check_json(rendered):
    expected = _findings_from_check_json(rendered["check"])
    found, rows = _findings_from_opinions(rendered["out"])
    assert found == expected  # nothing lost, nothing invented
    assert rows == len(expected)


def test_each_finding_is_written_in_its_units_opinion(rendered):
    payload = rendered["check"]
    texts = {u: _docx_text(p) for u, p in zip(UNITS, sorted(rendered["out"].glob("*.docx")))}
    project_unit = {"义务教育营养改善计划": UNITS[0], "城乡生活垃圾处理": UNITS[1], "农村公路养护": UNITS[2]}
    row_unit = {5 + k: UNITS[0] for k in range(8)} | {13 + k: UNITS[1] for k in range(7)} \
        | {20 + k: UNITS[2] for k in range(4)}
    for r in payload["indicators"]:
        for issue in r["issues"]:
            unit = row_unit[r["source"]["row"]]
            assert issue["message"] in texts[unit], issue
            assert all(issue["message"] not in t for u, t in texts.items() if u != unit)
    for p in payload["projects"]:
        for issue in p["issues"]:
            assert issue["message"] in texts[project_unit[p["project"]]]
    # numbered findings per unit = the unit's findings
    for unit, text in texts.items():
        lines = [ln for ln in text.splitlines() if ln[:1].isdigit() and ln[1:3].lstrip("0123456789")[:1] == "."]
        rows = [r for r in payload["indicators"] if r["issues"] and row_unit[r["source"]["row"]] == unit]
        projects = [i for p in payload["projects"] if project_unit[p["project"]] == unit for i in p["issues"]]
        assert len(lines) == len(rows) + len(projects), (unit, lines)


def test_annotated_workbook_gives_the_same_findings(tmp_path):
    from perfdoc import annotate, render_opinion

    annotated = annotate(GOALS, tmp_path / "审核结果.xlsx")
    from_raw = render_opinion(GOALS, tmp_path / "a", date=None)
    from_annotated = render_opinion(annotated, tmp_path / "b")
    assert _findings_from_opinions(from_raw)[0] == _findings_from_opinions(from_annotated)[0]
    assert [p.name for p in sorted(from_annotated.glob("*.docx"))] == [p.name for p in sorted(from_raw.glob("*.docx"))]


def test_a_reviewer_edit_in_the_annotated_workbook_is_used(tmp_path):
    import openpyxl

    from perfdoc import annotate, render_opinion

    annotated = annotate(GOALS, tmp_path / "审核结果.xlsx")
    wb = openpyxl.load_workbook(annotated)
    ws = wb.worksheets[0]
    head = [c.value for c in ws[4]]
    col = head.index("问题") + 1
    target = next(r for r in range(5, ws.max_row + 1) if ws.cell(row=r, column=col).value)
    ws.cell(row=target, column=col).value = "表述模糊（VAGUE_VALUE）：审核人员改写的意见。"
    wb.save(annotated)
    out = render_opinion(annotated, tmp_path / "o")
    found, _ = _findings_from_opinions(out)
    assert ("indicator", target, "VAGUE_VALUE", "审核人员改写的意见。") in found


@pytest.mark.parametrize("total, failed, warnings, codes, verdict", [
    (8, 0, 0, [], "通过"),
    (8, 0, 1, [], "修改后通过"),  # a 类别不符 warning: not 通过 unless pass_allows_warnings
    (8, 4, 0, [], "修改后通过"),  # exactly half: not more than reject_failed_share
    (8, 5, 0, [], "不通过"),
    (3, 3, 0, [], "不通过"),
    (5, 0, 0, ["MISSING_SATISFACTION"], "修改后通过"),
    (5, 0, 0, ["MISSING_OUTPUT"], "不通过"),  # in reject_codes
])
def test_conclusion_rules(total, failed, warnings, codes, verdict):
    from perfdoc.config import Config
    from perfdoc.opinion import Indicator, Project, conclude

    inds = [Indicator(f"指标{k}", "1", k, None,
                      [{"code": "VAGUE_VALUE", "severity": "error", "message": "", "suggestion": None}] if k < failed
                      else ([{"code": "CATEGORY_MISMATCH", "severity": "warning", "message": "", "suggestion": None}]
                            if k < failed + warnings else []), None, k >= failed)
            for k in range(total)]
    project = Project("项目", "单位", inds, [{"code": c, "severity": "warning", "message": "", "suggestion": None}
                                             for c in codes])
    assert conclude(project, Config())[0] == verdict


def test_conclusion_rules_follow_the_config():
    from perfdoc.config import Config
    from perfdoc.opinion import Indicator, Project, conclude

    inds = [Indicator("a", "1", 1, None, [{"code": "NO_UNIT", "severity": "error", "message": "", "suggestion": None}],
                      None, False)] + [Indicator("b", "1", 2, None, [], None, True)]
    project = Project("项目", "单位", inds)
    assert conclude(project, Config())[0] == "修改后通过"
    lenient = Config.model_validate({"opinion": {"pass_max_failed": 1}})
    strict = Config.model_validate({"opinion": {"reject_failed_share": 0.2}})
    assert conclude(project, lenient)[0] == "通过"
    assert conclude(project, strict)[0] == "不通过"


@pytest.mark.parametrize("total, failed, expected", [
    (1, 0, "共审核绩效指标1个，可衡量"),
    (6, 0, "共审核绩效指标6个，均可衡量"),
    (6, 6, "共审核绩效指标6个，均不可衡量"),
    (6, 1, "共审核绩效指标6个，其中可衡量5个，不可衡量1个"),
])
def test_indicator_counts_worded_for_zero_one_many(total, failed, expected):
    from perfdoc.opinion import _count_clause

    assert _count_clause(total, failed) == expected


@pytest.mark.parametrize("verdicts, expected", [
    (["通过"], "经审核，“甲”项目绩效目标审核结论为“通过”"),
    (["通过", "通过"], "经审核，你单位报送的2个项目审核结论均为“通过”"),
    (["通过", "不通过", "不通过"], "经审核，你单位报送的3个项目中，“通过”1个，“不通过”2个"),
])
def test_unit_conclusion_worded_for_one_all_and_mixed(verdicts, expected):
    from perfdoc.opinion import Indicator, Project, _conclusion

    projects = [Project(name, "单位", [Indicator("a", "1", 1, None, [], None, True)], verdict=v)
                for name, v in zip("甲乙丙", verdicts)]
    assert _conclusion(projects).startswith(expected)


@pytest.mark.parametrize("rows, unit, expected", [
    # a 预算单位 column wins; --unit names the rest; else the file name
    ([("预算单位", "项目名称", "指标名称", "指标值"), ("甲局", "项目一", "培训人次", "≥100人次"),
      ("乙局", "项目二", "覆盖率", "95")], None, ["甲局", "乙局"]),
    ([("项目名称", "指标名称", "指标值"), ("项目一", "培训人次", "≥100人次")], "丙局", ["丙局"]),
    ([("项目名称", "指标名称", "指标值"), ("项目一", "培训人次", "≥100人次")], None, ["丁局"]),
    # a bare 单位 column that the review reads as 计量单位 is not taken for the unit
    ([("项目名称", "指标名称", "指标值", "单位"), ("项目一", "培训人次", "100", "人次")], None, ["丁局"]),
])
def test_unit_comes_from_column_option_or_file_name(tmp_path, rows, unit, expected):
    import openpyxl

    from perfdoc.opinion import read_review

    wb = openpyxl.Workbook()
    for r in rows:
        wb.active.append(list(r))
    path = tmp_path / "丁局-申报表.xlsx"
    wb.save(path)
    form = read_review(path, unit=unit)
    assert list(form.units()) == expected


def test_summary_cells_are_text_never_formulas(tmp_path):
    import openpyxl

    from perfdoc import render_opinion

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["预算单位", "项目名称", "指标名称", "指标值"])
    ws.append(["=HYPERLINK(\"http://x\")", "+项目", "@指标", "明显提升"])
    for cell in ws[2]:
        cell.data_type = "s"  # text in the user's file that merely looks like a formula
    src = tmp_path / "申报表.xlsx"
    wb.save(src)
    out = render_opinion(src, tmp_path / "o")
    summary = openpyxl.load_workbook(out / "审核意见汇总.xlsx")
    for ws in summary.worksheets:
        for row in ws.iter_rows(min_row=2):
            for cell in row:
                if isinstance(cell.value, str) and cell.value[:1] in "=+-@":
                    assert cell.data_type == "s", (ws.title, cell.coordinate, cell.value)
    assert summary["审核意见汇总"]["B2"].value == "=HYPERLINK(\"http://x\")"


def test_output_must_be_a_folder_and_input_is_left_alone(tmp_path):
    from perfdoc import render_opinion
    from perfdoc.errors import UsageError

    before = GOALS.read_bytes()
    target = tmp_path / "x.docx"
    target.write_bytes(b"")
    with pytest.raises(UsageError):
        render_opinion(GOALS, target)
    assert GOALS.read_bytes() == before


def test_api_route_returns_a_zip(client):
    with GOALS.open("rb") as fh:
        r = client.post("/api/render/opinion", files={"file": ("goals.xlsx", fh)})
    assert r.status_code == 200, r.text[:300]
    names = zipfile.ZipFile(io.BytesIO(r.content)).namelist()
    assert sorted(n for n in names if n.endswith(".docx")) == [
        f"{n:03d}_{u}_绩效目标审核意见书.docx" for n, u in enumerate(UNITS, start=1)]
    assert "审核意见汇总.xlsx" in names


@pytest.fixture
def client():
    from fastapi.testclient import TestClient

    from perfdoc.web.app import create_app

    with TestClient(create_app()) as c:
        yield c


def test_review_page_offers_the_opinions_beside_the_annotated_workbook(client):
    import base64
    import html
    import re

    r = client.post("/check", files={"file": (GOALS.name, GOALS.read_bytes(), "application/octet-stream")})
    assert r.status_code == 200
    assert 'id="download-annotated"' in r.text
    m = re.search(r'id="download-opinions" href="data:application/zip;base64,([^"]+)" download="([^"]+)"', r.text)
    assert m and html.unescape(m.group(2)) == "goals-example-审核意见书.zip"
    names = zipfile.ZipFile(io.BytesIO(base64.b64decode(m.group(1)))).namelist()
    assert sum(n.endswith("_绩效目标审核意见书.docx") for n in names) == 3 and "审核意见汇总.xlsx" in names
