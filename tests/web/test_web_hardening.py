"""The local server answers only its own pages: Host allow-list, Origin, 413 for every client,
bounded job pools, upload folders removed after a crash."""
from __future__ import annotations

import json
import os
import tempfile
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

import httpx
import pytest

from .conftest import CJK, assert_chinese_error

BIG = 25 * 1024 * 1024  # over the default 20 MB limit


def multipart(name: str, content: bytes) -> tuple[bytes, str]:
    boundary = "perfdocHardeningBoundary"
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\n"
            "Content-Type: application/octet-stream\r\n\r\n").encode() + content + f"\r\n--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


@pytest.mark.parametrize("host, status", [
    ("127.0.0.1:{port}", 200), ("localhost:{port}", 200), ("localhost", 200), ("127.0.0.1", 200),
    ("evil.example:{port}", 400), ("evil.example", 400), ("127.0.0.1.evil.example", 400), ("", 400),
])
def test_web_foreign_host_refused(live_server, host, status):
    r = httpx.get(live_server.url + "/api/health", headers={"host": host.format(port=live_server.port)})
    if status == 400:
        assert "主机名" in assert_chinese_error(r, 400)
    else:
        assert r.status_code == 200


def test_web_serve_host_value_accepted():
    import anyio

    from perfdoc.web.app import create_app

    def status(app, host: bytes) -> int:
        sent = []

        async def receive():
            return {"type": "http.request", "body": b"", "more_body": False}

        async def send(message):
            sent.append(message)

        scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET",
                 "scheme": "http", "path": "/api/health", "raw_path": b"/api/health", "query_string": b"",
                 "root_path": "", "server": ("10.0.0.5", 8000), "client": ("10.0.0.9", 1),
                 "headers": [(b"host", host)]}
        anyio.run(app, scope, receive, send)
        return sent[0]["status"]

    app = create_app(hosts=("perf.local",))
    assert [status(app, h) for h in (b"perf.local:8000", b"PERF.LOCAL", b"other.local", b"[::1]:8000")] == \
        [200, 200, 400, 200]


@pytest.mark.parametrize("path", ["/api/check", "/api/lint", "/check", "/lint", "/render",
                                  "/api/render/statement", "/api/check/file"])
@pytest.mark.parametrize("origin", ["null", "http://evil.example", "http://127.0.0.1:1"])
def test_web_foreign_or_null_origin_refused_on_every_post(client, path, origin):
    r = client.post(path, json={"items": ["培训人次≥350人次"]}, headers={"origin": origin})
    assert r.status_code == 403
    assert CJK.search(r.text)


def _big_lint_upload():
    return multipart("大文件.txt", b"a" * BIG)


def test_web_413_for_urllib(live_server):
    body, ctype = _big_lint_upload()
    req = urllib.request.Request(live_server.url + "/api/lint", data=body, method="POST",
                                 headers={"Content-Type": ctype})
    with pytest.raises(urllib.error.HTTPError) as info:
        urllib.request.urlopen(req, timeout=60)
    assert info.value.code == 413
    assert "20 MB" in json.loads(info.value.read().decode())["error"]


def test_web_413_for_urllib_chunked(live_server):
    body, ctype = _big_lint_upload()

    def chunks():
        for k in range(0, len(body), 1 << 20):
            yield body[k:k + (1 << 20)]

    req = urllib.request.Request(live_server.url + "/api/lint", data=chunks(), method="POST",
                                 headers={"Content-Type": ctype, "Transfer-Encoding": "chunked"})
    with pytest.raises(urllib.error.HTTPError) as info:
        urllib.request.urlopen(req, timeout=60)
    assert info.value.code == 413
    assert CJK.search(json.loads(info.value.read().decode())["error"])


def test_web_413_for_requests_and_httpx(live_server):
    requests = pytest.importorskip("requests")
    r = requests.post(live_server.url + "/api/lint", files={"file": ("大文件.txt", b"a" * BIG)}, timeout=60)
    assert r.status_code == 413 and "20 MB" in r.json()["error"]
    r = httpx.post(live_server.url + "/api/check/file", files={"file": ("大.xlsx", b"a" * BIG)}, timeout=60)
    assert_chinese_error(r, 413)
    # and the server serves on
    assert httpx.get(live_server.url + "/api/health").status_code == 200


def test_web_one_line_check_quick_while_slow_jobs_run(live_server, tmp_path):
    """40 slow uploads (500-indicator 申报表) queue in the heavy pool; a one-line check is answered
    from the quick pool in under 2 s meanwhile."""
    goals = tmp_path / "goals.jsonl"
    goals.write_text("".join(json.dumps({"project": f"项目{k // 10}", "name": f"培训人次{k}", "value": "明显提升"},
                                        ensure_ascii=False) + "\n" for k in range(500)), encoding="utf-8")
    content = goals.read_bytes()
    results: list[int] = []

    def slow():
        try:
            r = httpx.post(live_server.url + "/api/check/file", files={"file": ("goals.jsonl", content)},
                           timeout=600)
            results.append(r.status_code)
        except httpx.HTTPError:
            results.append(-1)

    threads = [threading.Thread(target=slow, daemon=True) for _ in range(40)]
    for t in threads:
        t.start()
    time.sleep(1.5)  # the slow jobs are in the pool now
    timings = []
    for _ in range(3):
        t0 = time.monotonic()
        r = httpx.post(live_server.url + "/api/check", json={"items": ["培训人次≥350人次"]}, timeout=30)
        timings.append(time.monotonic() - t0)
        assert r.status_code == 200 and r.json()[0]["measurable"] is True
    assert max(timings) < 2.0, timings
    assert len(results) < 40, "the slow requests should still be running"
    for t in threads:
        t.join(timeout=600)
    assert set(results) <= {200, 503}, results


def test_web_stale_upload_folders_swept_at_start():
    from perfdoc.web import uploads
    from perfdoc.web.app import create_app

    dead = 999_999_999  # no such process
    stale = Path(tempfile.mkdtemp(prefix=f"{uploads.WORKSPACE_PREFIX}{dead}-"))
    (stale / "申报表.xlsx").write_bytes(b"secret")
    mine = Path(tempfile.mkdtemp(prefix=f"{uploads.WORKSPACE_PREFIX}{os.getpid()}-"))
    try:
        create_app()
        assert not stale.exists()
        assert mine.exists()  # this process's own folders stay
    finally:
        import shutil

        shutil.rmtree(stale, ignore_errors=True)
        shutil.rmtree(mine, ignore_errors=True)


def test_web_upload_with_80_chinese_character_name(client):
    name = "关于" + "预算绩效" * 19 + "申报.txt"
    assert len(name) > 80
    r = client.post("/api/lint", files={"file": (name, "一、概况\n".encode(), "text/plain")})
    assert r.status_code == 200, r.text[:300]
    r = client.post("/api/check/file", files={"file": ("申" * 80 + ".jsonl",
                                                       '{"name": "培训人次", "value": "≥350人次"}\n'.encode())})
    assert r.status_code == 200, r.text[:300]
