"""The server-rendered pages (no JavaScript needed): forms post back and show results or errors."""
from __future__ import annotations

import base64
import html
import io
import re

import pytest

from .conftest import EXAMPLES, skip_if_unavailable


def _error_box(text: str) -> str:
    m = re.search(r'<div class="alert alert-error"[^>]*id="error-box">(.*?)</div>', text, re.S)
    assert m, text[-2000:]
    return html.unescape(re.sub(r"<[^>]+>", " ", m.group(1)))


def _example_with(sheet: str, cell: str, value) -> bytes:
    import openpyxl

    path = EXAMPLES / "chengjiang-2023.xlsx"
    if not path.is_file():
        pytest.skip("examples/chengjiang-2023.xlsx has not landed yet")
    wb = openpyxl.load_workbook(path)
    wb[sheet][cell] = value
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


@pytest.mark.parametrize("sheet,cell,value,row", [
    ("情况说明", "B2", "六十一个", 2),
    ("基本信息", "B3", "二〇二三年度", 3),
])
def test_web_render_page_names_sheet_row_column(client, sheet, cell, value, row):
    content = _example_with(sheet, cell, value)
    r = client.post("/render", files={"file": ("澄江.xlsx", content, "application/octet-stream")},
                    data={"kind": "statement"})
    skip_if_unavailable(r)
    assert r.status_code == 422
    box = _error_box(r.text)
    assert "澄江.xlsx" in box and sheet in box and f"第 {row} 行" in box
    assert re.search(r"列\s", box)


def test_web_render_page_success_is_a_download(client):
    import docx

    path = EXAMPLES / "chengjiang-2023.xlsx"
    if not path.is_file():
        pytest.skip("examples/chengjiang-2023.xlsx has not landed yet")
    r = client.post("/render", files={"file": (path.name, path.read_bytes(), "application/octet-stream")},
                    data={"kind": "circular"})
    skip_if_unavailable(r)
    assert r.status_code == 200
    assert "attachment" in r.headers["content-disposition"]
    assert docx.Document(io.BytesIO(r.content)).paragraphs


@pytest.mark.parametrize("path,message", [("/check", "请粘贴指标"), ("/lint", "请粘贴文稿")])
def test_web_page_empty_submit(client, path, message):
    r = client.post(path, files={"text": (None, "   ")})
    assert r.status_code == 422
    assert message in _error_box(r.text)


def test_web_check_page_paste(client):
    r = client.post("/check", files={"text": (None, "培训人次\t≥350人次\n培训效果\t明显提升\n\n群众满意度≥90%")})
    skip_if_unavailable(r)
    assert r.status_code == 200
    rows = re.findall(r'<tr class="row-(\w+)" data-verdict="\w+">.*?<div class="ind-name">(.*?)</div>', r.text, re.S)
    assert len(rows) == 3  # the blank line is not an indicator
    assert rows[0] == ("fail", "培训效果")  # problems first
    assert "VAGUE_VALUE" in r.text and "指标值表述模糊" in r.text
    assert "培训效果\t明显提升" in html.unescape(r.text)  # the pasted text stays in the box


def test_web_check_page_file_with_annotated_download(client):
    import openpyxl

    path = EXAMPLES / "goals-example.xlsx"
    if not path.is_file():
        pytest.skip("examples/goals-example.xlsx has not landed yet")
    r = client.post("/check", files={"file": (path.name, path.read_bytes(), "application/octet-stream")})
    skip_if_unavailable(r)
    assert r.status_code == 200
    m = re.search(r'id="download-annotated" href="data:[^;]+;base64,([^"]+)" download="([^"]+)"', r.text)
    assert m and html.unescape(m.group(2)) == "goals-example-审核结果.xlsx"
    wb = openpyxl.load_workbook(io.BytesIO(base64.b64decode(m.group(1))))
    original = openpyxl.load_workbook(path)
    assert wb.active.max_column > original.active.max_column
    assert 'id="code-counts"' in r.text


def test_web_lint_page_paste_highlights(client):
    r = client.post("/lint", files={"text": (None, "一、基本情况\n二、主要做法\n4、 绩效评价管理情况")})
    skip_if_unavailable(r)
    assert r.status_code == 200
    row = re.search(r'<tr class="sev-error" data-code="NUMBERING">(.*?)</tr>', r.text, re.S)
    assert row, r.text[-3000:]
    assert re.search(r"<mark>4、?</mark>", row.group(1))


def test_web_lint_page_docx_upload(client):
    import docx

    d = docx.Document()
    for line in ["关于开展绩效评价的通知", "一、评价范围", "三、评价方法"]:
        d.add_paragraph(line)
    buf = io.BytesIO()
    d.save(buf)
    r = client.post("/lint", files={"file": ("通知.docx", buf.getvalue(), "application/octet-stream")})
    skip_if_unavailable(r)
    assert r.status_code == 200
    assert "通知.docx" in r.text
    assert 'data-code="NUMBERING"' in r.text and "<mark>三、</mark>" in r.text


@pytest.mark.parametrize("path", ["/nothing", "/download/other"])
def test_web_unknown_page_404_in_chinese(client, path):
    r = client.get(path)
    assert r.status_code == 404 and "text/html" in r.headers["content-type"]
    assert "出错了" in r.text
