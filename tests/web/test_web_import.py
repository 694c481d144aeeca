"""Web: last year's statement in (API and the 文书生成 page), the workbook out."""
from __future__ import annotations

import io
import json
from urllib.parse import unquote

import pytest

from .conftest import assert_chinese_error

STATEMENT = "\n".join([
    "2023年某某县预算绩效管理工作开展情况说明",
    "1、基础工作",
    "（一）指标体系",
    "全县61个预算部门建立了绩效指标体系，共纳入绩效指标2496条。",
    "二、评价工作",
    "评价金额50,721.43万元。",
]).encode("utf-8")


def _docx_bytes() -> bytes:
    import docx

    d = docx.Document()
    for line in STATEMENT.decode("utf-8").splitlines():
        d.add_paragraph(line)
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


def _sheets(content: bytes) -> dict[str, list[tuple]]:
    import openpyxl

    wb = openpyxl.load_workbook(io.BytesIO(content))
    return {ws.title: [tuple(r) for r in ws.iter_rows(values_only=True)] for ws in wb}


@pytest.mark.parametrize("name,make", [("去年.txt", lambda: STATEMENT), ("去年.docx", _docx_bytes)])
def test_web_api_import_statement(client, name, make):
    r = client.post("/api/import/statement", files={"file": (name, make())})
    assert r.status_code == 200, r.text[:300]
    sheets = _sheets(r.content)
    info = dict(sheets["基本信息"][1:])
    assert info["地区"] == "某某县" and info["年度"] == "2023"
    assert [row[0] for row in sheets["提纲"][1:4]] == ["1", "2", None]
    assert {row[5] for row in sheets["数据"][1:]} == {"61个", "2496条", "50,721.43万元"}
    fixes = json.loads(unquote(r.headers["x-perfdoc-fixes"]))
    assert any("“1、”改为“一、”" in f for f in fixes)
    assert int(r.headers["x-perfdoc-fixes-count"]) == len(fixes)


@pytest.mark.parametrize("name,content,status", [
    ("空.txt", b"", 422),
    ("坏.docx", b"PK\x03\x04" + b"\x00" * 100, (415, 422)),
    ("表.xlsx", b"PK\x03\x04", 415),
    ("旧编码.txt", "一、情况".encode("gbk"), 422),
])
def test_web_api_import_bad_input(client, name, content, status):
    r = client.post("/api/import/statement", files={"file": (name, content)})
    assert_chinese_error(r, status)


def test_web_page_import_form(client):
    page = client.get("/render")
    assert "从去年的情况说明开始" in page.text and 'action="/render/import"' in page.text
    r = client.post("/render/import", files={"file": ("去年.txt", STATEMENT)})
    assert r.status_code == 200 and "数据" in _sheets(r.content)
    bad = client.post("/render/import", files={"file": ("空.txt", b"")})
    assert bad.status_code == 422 and "空的" in bad.text and "未能完成" in bad.text
