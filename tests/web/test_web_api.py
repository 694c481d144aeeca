"""The JSON API of interface.md, through FastAPI's TestClient, calling the real jobs."""
from __future__ import annotations

import io
import re
import zipfile
from urllib.parse import unquote

import pytest

import perfdoc

from .conftest import EXAMPLES, assert_chinese_error, skip_if_unavailable

CHECK_KEYS = {"text", "name", "value", "source", "parsed", "measurable", "issues", "level1", "level2",
              "level2_confidence", "sector", "sector_confidence", "matches", "suggestion"}
LINT_KEYS = {"code", "severity", "paragraph", "start", "end", "excerpt", "message", "suggestion"}


def filename_star(response) -> str:
    """The UTF-8 file name of an attachment (RFC 5987 filename*=UTF-8''…)."""
    cd = response.headers["content-disposition"]
    m = re.search(r"filename\*=UTF-8''([^;]+)", cd)
    assert m, cd
    assert cd.startswith("attachment;")
    return unquote(m.group(1))


def example_workbook(client) -> bytes:
    path = EXAMPLES / "chengjiang-2023.xlsx"
    if path.is_file():
        return path.read_bytes()
    r = client.get("/download/example")
    skip_if_unavailable(r)
    if r.status_code != 200:
        pytest.skip("examples/chengjiang-2023.xlsx has not landed yet")
    return r.content


def test_web_health(client):
    r = client.get("/api/health")
    assert r.status_code == 200
    assert r.json() == {"status": "ok", "version": perfdoc.__version__}


@pytest.mark.parametrize("path,title", [
    ("/", "预算绩效管理文书助手"), ("/render", "文书生成"), ("/check", "指标审核"), ("/lint", "文稿校对"),
])
def test_web_pages_in_chinese(client, path, title):
    r = client.get(path)
    assert r.status_code == 200 and "text/html" in r.headers["content-type"]
    assert f"<h1>{title}</h1>" in r.text
    assert 'lang="zh-CN"' in r.text
    assert "http://" not in r.text.replace('http://testserver', '')  # no CDN, no outside asset


@pytest.mark.parametrize("asset,kind", [("/static/style.css", "text/css"), ("/static/app.js", "javascript")])
def test_web_static_assets_shipped(client, asset, kind):
    r = client.get(asset)
    assert r.status_code == 200 and kind in r.headers["content-type"] and len(r.content) > 500


@pytest.mark.parametrize("method,path,status", [
    ("get", "/api/nothing", 404), ("get", "/api/check", 405), ("post", "/api/render/report", 404),
    ("delete", "/api/health", 405),
])
def test_web_api_errors_one_shape(client, method, path, status):
    r = getattr(client, method)(path)
    assert_chinese_error(r, status)


@pytest.mark.parametrize("body,fragment", [
    (b"not json", "JSON"), (b"", "JSON"), (b'{"text": "x"}', "items"), (b'{"items": []}', "items"),
    (b'{"items": [{"value": "\\u226590%"}]}', "name"), (b'{"items": [3.5]}', "第1条"),
    (b'{"items": [{"name": ["x"]}]}', "name"),
])
def test_web_check_bad_json_422(client, body, fragment):
    r = client.post("/api/check", content=body, headers={"content-type": "application/json"})
    assert fragment in assert_chinese_error(r, 422)


def test_web_check_too_many_items(client):
    from perfdoc.web.service import MAX_ITEMS

    r = client.post("/api/check", json={"items": ["培训人次≥350人次"] * (MAX_ITEMS + 1)})
    assert str(MAX_ITEMS) in assert_chinese_error(r, 422)


# (item as sent, expected measurable, a code expected among the issues or None for none)
CHECK_CASES = [
    ({"name": "培训效果", "value": "明显提升"}, False, "VAGUE_VALUE"),
    ({"text": "培训人次≥350人次"}, True, None),
    ("群众满意度≥90%", True, None),
    ({"name": "合格率", "value": "≥120%"}, False, "OUT_OF_RANGE"),
]


def test_web_check_results_per_interface(client):
    items = [c[0] for c in CHECK_CASES]
    r = client.post("/api/check", json={"items": items})
    skip_if_unavailable(r)
    assert r.status_code == 200, r.text
    results = r.json()
    assert isinstance(results, list) and len(results) == len(items)
    for (item, measurable, code), res in zip(CHECK_CASES, results):
        assert set(res) >= CHECK_KEYS
        assert res["source"] is None
        assert res["measurable"] is measurable, res
        codes = {i["code"] for i in res["issues"]}
        if code:
            assert code in codes
            assert all(re.search(r"[\u4e00-\u9fff]", i["message"]) for i in res["issues"])
        name = item["name"] if isinstance(item, dict) and "name" in item else None
        if name:
            assert res["name"] == name
    assert results[1]["parsed"]["operator"] == "≥" and results[1]["parsed"]["number"] == 350.0


def test_web_check_same_as_library(client):
    """The API gives what perfdoc.check gives (the CLI calls the same function)."""
    items = [{"name": "道路保洁里程", "value": "≥120公里"}, "资金拨付及时"]
    r = client.post("/api/check", json={"items": items})
    skip_if_unavailable(r)
    assert r.json() == [x.to_dict() for x in perfdoc.check(items)]


def _goals_workbook() -> bytes:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "绩效目标"
    ws.append(["项目名称", "一级指标", "二级指标", "三级指标", "指标值"])
    rows = [
        ("农村道路养护", "产出指标", "数量指标", "道路养护里程", "≥120公里"),
        ("农村道路养护", "产出指标", "质量指标", "养护质量", "明显提升"),
        ("农村道路养护", "效益指标", "社会效益指标", "群众出行条件", "有效改善"),
        ("农村道路养护", "满意度指标", "服务对象满意度指标", "沿线群众满意度", "≥90%"),
    ]
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def test_web_check_file_returns_annotated_workbook(client):
    import openpyxl

    content = _goals_workbook()
    r = client.post("/api/check/file", files={"file": ("申报表.xlsx", content, "application/octet-stream")})
    skip_if_unavailable(r)
    assert r.status_code == 200, r.text
    assert filename_star(r) == "申报表-审核结果.xlsx"
    wb = openpyxl.load_workbook(io.BytesIO(r.content))
    ws = wb["绩效目标"]
    original = openpyxl.load_workbook(io.BytesIO(content))["绩效目标"]
    assert ws.max_column > original.max_column  # result columns added
    for row in range(1, original.max_row + 1):  # the input cells are kept
        for col in range(1, original.max_column + 1):
            assert ws.cell(row, col).value == original.cell(row, col).value
    added = " ".join(str(ws.cell(3, c).value or "") for c in range(original.max_column + 1, ws.max_column + 1))
    assert added.strip(), "the vague row (养护质量 / 明显提升) carries a result"


LINT_TEXT = "关于2023年预算绩效管理工作的情况说明\n一、基本情况\n二、主要做法\n4、 绩效评价管理情况\n"


def test_web_lint_json_text(client):
    r = client.post("/api/lint", json={"text": LINT_TEXT})
    skip_if_unavailable(r)
    assert r.status_code == 200, r.text
    findings = r.json()
    numbering = [f for f in findings if f["code"] == "NUMBERING"]
    assert numbering, findings
    assert all(set(f) == LINT_KEYS for f in findings)
    assert numbering[0]["paragraph"] == 4
    assert "4、" in numbering[0]["excerpt"] and numbering[0]["suggestion"]


@pytest.mark.parametrize("name", ["草稿.txt", "草稿.docx"])
def test_web_lint_file_upload(client, name):
    if name.endswith(".docx"):
        import docx

        d = docx.Document()
        for line in LINT_TEXT.splitlines():
            d.add_paragraph(line)
        buf = io.BytesIO()
        d.save(buf)
        content = buf.getvalue()
    else:
        content = LINT_TEXT.encode("utf-8")
    r = client.post("/api/lint", files={"file": (name, content, "application/octet-stream")})
    skip_if_unavailable(r)
    assert r.status_code == 200, r.text
    assert [f["paragraph"] for f in r.json() if f["code"] == "NUMBERING"][:1] == [4]


def test_web_lint_json_requires_text(client):
    r = client.post("/api/lint", json={"content": "x"})
    assert "text" in assert_chinese_error(r, 422)


@pytest.mark.parametrize("kind,title", [("statement", "情况说明"), ("circular", "通报")])
def test_web_render_docx(client, kind, title):
    import docx

    content = example_workbook(client)
    r = client.post(f"/api/render/{kind}", files={"file": ("澄江-2023.xlsx", content, "application/octet-stream")})
    skip_if_unavailable(r)
    assert r.status_code == 200, r.text
    assert filename_star(r) == f"澄江-2023-{title}.docx"
    assert f'filename="perfdoc-{kind}.docx"' in r.headers["content-disposition"]  # for curl -J
    doc = docx.Document(io.BytesIO(r.content))
    text = "\n".join(p.text for p in doc.paragraphs)
    assert len(text) > 200 and "澄江" in text


def test_web_render_notices_zip(client):
    import docx

    content = example_workbook(client)
    r = client.post("/api/render/notices", files={"file": ("澄江-2023.xlsx", content, "application/octet-stream")})
    skip_if_unavailable(r)
    assert r.status_code == 200, r.text
    assert filename_star(r) == "澄江-2023-整改通知单.zip"
    zf = zipfile.ZipFile(io.BytesIO(r.content))
    docs = [n for n in zf.namelist() if n.endswith(".docx")]
    assert docs
    for n in docs:
        assert docx.Document(io.BytesIO(zf.read(n))).paragraphs


def test_web_render_invalid_workbook_names_place(client):
    """A workbook that reads but lacks the expected sheets: 422 naming the file."""
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.title = "随便什么"
    wb.active["A1"] = "无关内容"
    buf = io.BytesIO()
    wb.save(buf)
    r = client.post("/api/render/statement", files={"file": ("错表.xlsx", buf.getvalue(), "application/octet-stream")})
    skip_if_unavailable(r)
    message = assert_chinese_error(r, 422)
    assert "错表.xlsx" in message


@pytest.mark.parametrize("which", ["blank", "example"])
def test_web_sample_workbooks(client, which):
    import openpyxl

    r = client.get(f"/download/{which}")
    if r.status_code == 503:
        pytest.skip("init_data has not landed yet")
    assert r.status_code == 200
    assert filename_star(r).endswith(".xlsx")
    wb = openpyxl.load_workbook(io.BytesIO(r.content))
    assert len(wb.sheetnames) >= 2


@pytest.mark.parametrize("name,fallback,expected_ascii", [
    ("澄江-2023-情况说明.docx", None, 'filename="perfdoc.docx"'),
    ("chengjiang-2023-情况说明.docx", "chengjiang-2023-statement.docx", 'filename="chengjiang-2023-statement.docx"'),
    ("整改通知单.zip", "通知.zip", 'filename="perfdoc.zip"'),
    ("report.docx", None, 'filename="report.docx"'),
    ('a"b.docx', None, 'filename="perfdoc.docx"'),
])
def test_web_content_disposition_rfc5987(name, fallback, expected_ascii):
    from perfdoc.web.api import content_disposition

    cd = content_disposition(name, fallback)
    m = re.search(r"filename\*=UTF-8''(\S+)$", cd)
    assert unquote(m.group(1)) == name
    assert all(ord(ch) < 128 for ch in cd)
    assert expected_ascii in cd


def test_web_unexpected_error_is_500_json_and_server_serves_on(monkeypatch):
    from fastapi.testclient import TestClient

    from perfdoc.web.app import create_app

    def broken(text, **kw):
        raise ValueError("bug")

    monkeypatch.setattr(perfdoc, "lint_text", broken)
    with TestClient(create_app(), raise_server_exceptions=False) as c:
        r = c.post("/api/lint", json={"text": "一、概况"})
        assert "服务器内部错误" in assert_chinese_error(r, 500)
        assert c.get("/api/health").status_code == 200


def test_web_config_object_sets_upload_limit():
    from fastapi.testclient import TestClient

    from perfdoc.config import Config, Limits
    from perfdoc.web.app import create_app

    with TestClient(create_app(Config(limits=Limits(max_upload_mb=0.01)))) as c:
        r = c.post("/api/lint", files={"file": ("a.txt", "一、概况\n".encode() * 2000, "text/plain")})
        assert "0.01 MB" in assert_chinese_error(r, 413)
        assert "不超过 0.01 MB" in c.get("/lint").text


@pytest.mark.parametrize("name,content", [
    ("申报表.csv", "项目名称,三级指标,指标值\n道路养护,养护里程,≥120公里\n道路养护,养护质量,明显提升\n".encode()),
    ("申报表.jsonl", '{"name": "养护里程", "value": "≥120公里"}\n{"name": "养护质量", "value": "明显提升"}\n'.encode()),
])
def test_web_check_file_text_inputs_give_workbook(client, name, content):
    import openpyxl

    r = client.post("/api/check/file", files={"file": (name, content, "application/octet-stream")})
    skip_if_unavailable(r)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    ws = openpyxl.load_workbook(io.BytesIO(r.content)).active
    cells = [str(c.value) for row in ws.iter_rows() for c in row if c.value is not None]
    assert any("明显提升" in c for c in cells) and any("养护里程" in c for c in cells)


@pytest.mark.parametrize("origin,status", [
    ("http://evil.example", 403), ("http://127.0.0.1:9999", 403), ("http://testserver", 200), (None, 200),
])
def test_web_cross_site_post_refused(client, origin, status):
    headers = {"origin": origin} if origin else {}
    r = client.post("/api/lint", json={"text": "一、概况"}, headers=headers)
    skip_if_unavailable(r)
    assert r.status_code == status
    if status == 403:
        assert "其他网站" in assert_chinese_error(r, 403)
