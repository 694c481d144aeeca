"""Bad uploads are refused with the right status and a Chinese message; the server keeps serving;
nothing uploaded stays on disk."""
from __future__ import annotations

import tempfile

import httpx
import pytest

from .conftest import (
    CJK, assert_chinese_error, bomb_declared, bomb_members, bomb_real, corrupted_zip, renamed_text,
    truncated_xlsx,
)

# (route, file name): every upload route, with a name that claims the kind it accepts
ROUTES = [
    ("/api/render/statement", "年度工作簿.xlsx"),
    ("/api/render/notices", "年度工作簿.xlsx"),
    ("/api/check/file", "申报表.xlsx"),
    ("/api/lint", "情况说明.docx"),
]
DOCX_MEMBER = "word/document.xml"
XLSX_MEMBER = "xl/workbook.xml"

# (case, content builder taking the zip member the name implies, expected status)
BAD_FILES = [
    ("renamed-text", lambda member: renamed_text(), (415,)),
    ("corrupted-zip", lambda member: corrupted_zip(), (415, 422)),
    ("truncated-zip", lambda member: truncated_xlsx(), (415, 422)),
    ("empty", lambda member: b"", (422,)),
    ("bomb-declared-size", lambda member: bomb_declared(member), (413,)),
    ("bomb-many-members", lambda member: bomb_members(member), (413,)),
]


def _member(name: str) -> str:
    return DOCX_MEMBER if name.endswith(".docx") else XLSX_MEMBER


@pytest.mark.parametrize("route,name", ROUTES)
@pytest.mark.parametrize("case,build,status", BAD_FILES, ids=[c[0] for c in BAD_FILES])
def test_web_bad_upload_refused(client, route, name, case, build, status):
    content = build(_member(name))
    r = client.post(route, files={"file": (name, content, "application/octet-stream")})
    message = assert_chinese_error(r, status)
    if case == "renamed-text":
        assert "文本" in message
    assert client.get("/api/health").json()["status"] == "ok"


@pytest.mark.parametrize("route,name", ROUTES)
def test_web_unknown_suffix_refused(client, route, name):
    r = client.post(route, files={"file": ("报告.pdf", b"%PDF-1.7\n", "application/pdf")})
    assert ".pdf" in assert_chinese_error(r, 415)


@pytest.mark.parametrize("route,name", ROUTES)
def test_web_oversize_upload_413(client, small_limits, route, name):
    content = b"PK\x03\x04" + b"\x01" * (200 * 1024)  # 200 KB against a 0.05 MB limit
    r = client.post(route, files={"file": (name, content, "application/octet-stream")})
    message = assert_chinese_error(r, 413)
    assert "0.05 MB" in message
    assert client.get("/api/health").status_code == 200


def test_web_real_deflate_bomb_413(client, small_limits):
    """8 MB of zeros packed into a few KB, against zip_max_uncompressed_mb = 1."""
    content = bomb_real(XLSX_MEMBER, megabytes=8)
    assert len(content) < 50 * 1024  # under the 0.05 MB upload limit: the zip guard must catch it
    r = client.post("/api/render/statement", files={"file": ("bomb.xlsx", content, "application/octet-stream")})
    assert "解压" in assert_chinese_error(r, 413)


def test_web_oversize_json_413(client, small_limits):
    items = [{"name": "培训人次", "value": "≥350人次"}] * 2000
    r = client.post("/api/check", json={"items": items})
    assert_chinese_error(r, 413)


@pytest.mark.parametrize("drain_extra, most_read", [
    (64 * 1024 * 1024, 401),  # the rest is read and dropped, so a client that sends all first gets the 413
    (100_000, 12),  # but never past limit + DRAIN_EXTRA: then the connection is just closed
])
def test_web_limit_checked_while_streaming(small_limits, monkeypatch, drain_extra, most_read):
    """A chunked body (no Content-Length) is refused once the limit is crossed: nothing more is
    parsed or saved, the rest is read up to a bound and dropped, then the 413 goes out. Driven at
    the ASGI level so the count of chunks read is exact."""
    import anyio

    from perfdoc.web import uploads
    from perfdoc.web.app import create_app

    monkeypatch.setattr(uploads, "DRAIN_EXTRA", drain_extra)

    boundary = "perfdocboundary"
    head = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.xlsx\"\r\n"
            "Content-Type: application/octet-stream\r\n\r\n").encode()
    chunks = [head] + [b"\x01" * 16384] * 400  # 6.4 MB offered, limit 0.05 MB
    read = 0
    sent: list[dict] = []

    async def receive():
        nonlocal read
        read += 1
        if read > len(chunks):
            return {"type": "http.disconnect"}
        return {"type": "http.request", "body": chunks[read - 1], "more_body": read < len(chunks)}

    async def send(message):
        sent.append(message)

    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "POST",
             "scheme": "http", "path": "/api/render/statement", "raw_path": b"/api/render/statement",
             "query_string": b"", "root_path": "", "server": ("127.0.0.1", 80), "client": ("127.0.0.1", 1),
             "headers": [(b"host", b"127.0.0.1"),
                         (b"content-type", f"multipart/form-data; boundary={boundary}".encode()),
                         (b"transfer-encoding", b"chunked")]}
    anyio.run(create_app(), scope, receive, send)
    assert sent[0]["status"] == 413
    assert CJK.search(b"".join(m.get("body", b"") for m in sent[1:]).decode())
    assert read <= most_read, f"read {read} of {len(chunks)} chunks before answering"


def test_web_declared_length_refused_before_reading(client, small_limits):
    """A Content-Length over the limit is refused without reading the body."""
    r = client.post("/api/lint", content=b"x" * 10, headers={
        "content-type": "multipart/form-data; boundary=b", "content-length": str(10 * 1024 * 1024)})
    assert_chinese_error(r, 413)


@pytest.mark.parametrize("headers,body,status", [
    ({"content-type": "text/plain"}, "就是一段文字".encode(), 415),  # not multipart
    ({"content-type": "multipart/form-data"}, b"--x\r\n", 422),  # no boundary
    ({"content-type": "multipart/form-data; boundary=x"}, b"--x--\r\n", 422),  # no file part
    ({"content-type": "multipart/form-data; boundary=x"}, b"garbage without any boundary", 422),
])
def test_web_malformed_multipart(client, headers, body, status):
    r = client.post("/api/render/circular", content=body, headers=headers)
    assert_chinese_error(r, status)
    assert client.get("/api/health").status_code == 200


def test_web_temp_dirs_removed(client, tmp_path, monkeypatch):
    """Every request's workspace is gone after the response, whether it failed or not."""
    tmp = tmp_path / "tmp"
    tmp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(tmp))
    client.post("/api/render/statement", files={"file": ("a.xlsx", renamed_text(), "application/octet-stream")})
    client.post("/api/lint", files={"file": ("a.txt", "一、概况\n3、问题\n".encode(), "text/plain")})
    client.post("/api/check/file", files={"file": ("a.xlsx", bomb_members(XLSX_MEMBER), "application/octet-stream")})
    client.post("/render", files={"file": ("a.xlsx", b"", "application/octet-stream")},
                data={"kind": "statement"})
    assert list(tmp.iterdir()) == []


def test_web_page_shows_upload_error_in_chinese(client):
    r = client.post("/render", files={"file": ("年度.xlsx", renamed_text(), "application/octet-stream")},
                    data={"kind": "circular"})
    assert r.status_code == 415
    assert "text/html" in r.headers["content-type"]
    assert "未能完成" in r.text and "年度.xlsx" in r.text
    assert 'value="circular" checked' in r.text  # the user's choice is kept


@pytest.mark.slow
def test_web_live_server_survives_oversize(live_server, small_limits):
    """Against a real uvicorn: a 5 MB upload over a 0.05 MB limit gets 413 and the server serves on."""
    with httpx.Client(base_url=live_server.url, timeout=20) as http:
        try:
            r = http.post("/api/render/statement",
                          files={"file": ("big.xlsx", b"\x01" * (5 * 1024 * 1024), "application/octet-stream")})
        except httpx.TransportError:
            r = None  # the server may close the socket while the client is still sending
        if r is not None:
            assert r.status_code == 413 and CJK.search(r.json()["error"])
        assert http.get("/api/health").json()["status"] == "ok"


@pytest.mark.parametrize("raw,expected", [
    ("申报表.xlsx", "申报表.xlsx"),
    ("../../etc/passwd.xlsx", "passwd.xlsx"),
    ("C:\\Users\\张三\\桌面\\年度.xlsx", "年度.xlsx"),
    ("a\x00b\x1f.txt", "ab.txt"),
    ("..", "upload"),
    ("", "upload"),
    ('报"告<1>.docx', "报_告_1_.docx"),
    ("长" * 200 + ".xlsx", "长" * 56 + ".xlsx"),  # 255 bytes is the file-system limit, in UTF-8 bytes
    ("申" * 80 + ".xlsx", "申" * 56 + ".xlsx"),
    ("a" * 300 + ".docx", "a" * 169 + ".docx"),
    ("名" * 100, "名" * 60),
])
def test_web_safe_filename(raw, expected):
    from perfdoc.web.uploads import MAX_NAME_BYTES, safe_filename

    assert safe_filename(raw) == expected
    assert len(safe_filename(raw).encode()) <= MAX_NAME_BYTES
