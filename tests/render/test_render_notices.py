"""整改通知单: one .docx per unit, numbered problems, 回执, safe file names and the ledger."""
from __future__ import annotations

import datetime
from pathlib import Path

import pytest


def test_one_notice_per_unit_and_ledger(rendered, example_mapping, text_of):
    import openpyxl

    folder = rendered["notices"]
    problems = example_mapping["问题清单"]
    units = list(dict.fromkeys(p["单位名称"] for p in problems))
    docs = sorted(folder.glob("*.docx"))
    assert len(docs) == len(units)
    wb = openpyxl.load_workbook(folder / "整改台账.xlsx")
    ws = wb.active
    rows = list(ws.iter_rows(values_only=True))
    header, body = rows[0], rows[1:]
    assert "整改状态" in header and "整改期限" in header
    col = {h: k for k, h in enumerate(header)}
    assert [r[col["单位名称"]] for r in body] == units
    for n, (row, unit) in enumerate(zip(body, units), start=1):
        assert row[col["通知编号"]] == f"澄财绩整改〔2023〕{n}号"
        assert row[col["问题数"]] == sum(1 for p in problems if p["单位名称"] == unit)
        assert row[col["整改期限"]] == datetime.datetime(2024, 1, 31)  # a date cell, sortable
        assert row[col["整改状态"]] == "未整改"
        assert (folder / row[col["文件名"]]).is_file()
    assert ws.data_validations.dataValidation, "status column has a drop-down"


def test_notice_content(rendered, example_mapping, text_of):
    folder = rendered["notices"]
    first = sorted(folder.glob("*.docx"))[0]
    text = text_of(first)
    unit = example_mapping["问题清单"][0]["单位名称"]
    mine = [p for p in example_mapping["问题清单"] if p["单位名称"] == unit]
    assert f"{unit}：" in text
    assert "澄财绩整改〔2023〕1号" in text
    for k, p in enumerate(mine, start=1):
        assert f"{k}.{p['项目名称']}：{p['问题描述']}" in text
        assert f"{k}.{p['整改要求']}" in text
    assert "请于2024年1月31日前完成整改" in text
    assert "书面报送澄江市财政局监督评价股" in text
    for label in ("回  执", "签收单位", "签收人", "签收日期", "沿此线剪下"):
        assert label in text
    assert "根据2023年部门预算绩效运行监控结果" in text


@pytest.mark.parametrize("unit", [
    "../../escape", "a/b\\c", "..", "单位\x07名称", "CON", " .hidden. ", "x" * 300, "<>:\"|?*",
])
def test_unsafe_unit_names_stay_inside_the_folder(mapping, write_xlsx, tmp_path, unit):
    from perfdoc import render

    import json

    mapping["问题清单"] = [dict(mapping["问题清单"][0], 单位名称=unit)]
    out = tmp_path / "out"
    data = tmp_path / "data.json"  # JSON can carry control characters a workbook cannot
    data.write_text(json.dumps(mapping, ensure_ascii=False), encoding="utf-8")
    render("notices", data, out)
    produced = [p for p in tmp_path.rglob("*") if p.is_file() and p.suffix == ".docx"]
    assert len(produced) == 1
    assert produced[0].parent == out
    assert produced[0].resolve().is_relative_to(out.resolve())
    assert len(produced[0].name) < 120


def test_colliding_names_are_disambiguated(mapping, write_xlsx, tmp_path):
    from perfdoc.render.api import notice_filenames

    names = notice_filenames([{"unit": "甲/乙"}, {"unit": "甲:乙"}, {"unit": "甲_乙"}])
    assert len(set(names)) == 3
    from perfdoc import render

    base = mapping["问题清单"][0]
    mapping["问题清单"] = [dict(base, 单位名称="甲/乙"), dict(base, 单位名称="甲:乙")]
    out = render("notices", write_xlsx(mapping), tmp_path / "n")
    assert len(list(Path(out).glob("*.docx"))) == 2


def test_batch_with_workers_matches_serial(mapping, write_xlsx, tmp_path, monkeypatch, text_of):
    from perfdoc import render

    base = mapping["问题清单"][0]
    mapping["问题清单"] = [dict(base, 单位名称=f"第{k}单位") for k in range(1, 31)]
    data = write_xlsx(mapping)
    monkeypatch.setenv("PERFDOC_WORKERS", "2")
    seen = []
    a = render("notices", data, tmp_path / "a", progress=lambda done, total: seen.append((done, total)))
    monkeypatch.setenv("PERFDOC_WORKERS", "1")
    b = render("notices", data, tmp_path / "b")
    names_a = sorted(p.name for p in a.glob("*.docx"))
    assert names_a == sorted(p.name for p in b.glob("*.docx")) and len(names_a) == 30
    assert seen[-1] == (30, 30)
    for name in names_a[:3] + names_a[-2:]:
        assert text_of(a / name) == text_of(b / name)
