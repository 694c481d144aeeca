"""`perfdoc serve`: loopback by default, a Chinese warning for any other address."""
from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
from typer.testing import CliRunner

from tests.conftest import cli_env

from .conftest import free_port


@pytest.mark.parametrize("host,loopback", [
    ("127.0.0.1", True), ("localhost", True), ("::1", True), ("[::1]", True), ("127.0.0.2", True),
    ("0.0.0.0", False), ("192.168.1.20", False), ("::", False), ("example.org", False),
])
def test_web_is_loopback(host, loopback):
    from perfdoc.cli.serve import is_loopback

    assert is_loopback(host) is loopback


@pytest.mark.parametrize("args,host,warned", [
    ([], "127.0.0.1", False),
    (["--host", "0.0.0.0", "--port", "8765"], "0.0.0.0", True),
])
def test_web_serve_command(monkeypatch, args, host, warned):
    import uvicorn

    from perfdoc.cli import app

    calls = []
    monkeypatch.setattr(uvicorn, "run", lambda application, **kw: calls.append((application, kw)))
    result = CliRunner().invoke(app, ["serve", *args])
    assert result.exit_code == 0, result.output
    (application, kw), = calls
    assert kw["host"] == host
    assert kw["port"] == (8765 if "--port" in args else 8000)
    assert hasattr(application, "router")  # a FastAPI app from create_app()
    assert ("警告" in result.output) is warned
    assert "已启动" in result.output


@pytest.mark.slow
def test_web_serve_subprocess_answers_health(tmp_path):
    port = free_port()
    exe = Path(sys.executable).with_name("perfdoc")
    proc = subprocess.Popen([str(exe), "serve", "--port", str(port)], cwd=tmp_path, env=cli_env(),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                r = httpx.get(f"http://127.0.0.1:{port}/api/health", timeout=2)
                break
            except httpx.TransportError:
                if time.monotonic() > deadline or proc.poll() is not None:
                    pytest.fail(f"server did not start: {proc.stderr.read() if proc.poll() is not None else ''}")
                time.sleep(0.2)
        assert r.json()["status"] == "ok"
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    assert "警告" not in proc.stderr.read()


@pytest.mark.slow
def test_web_slow_job_does_not_block_other_requests(live_server, monkeypatch):
    """While one request's job runs for 1.5 s in a worker thread, health and page requests answer."""
    import threading

    import perfdoc

    started = threading.Event()

    def slow_check(items):
        started.set()
        time.sleep(1.5)
        return []

    monkeypatch.setattr(perfdoc, "check", slow_check)
    result = {}

    def post():
        result["r"] = httpx.post(live_server.url + "/api/check", json={"items": ["培训人次≥350人次"]}, timeout=30)

    worker = threading.Thread(target=post)
    worker.start()
    assert started.wait(10)
    t0 = time.monotonic()
    health = httpx.get(live_server.url + "/api/health", timeout=10)
    page = httpx.get(live_server.url + "/lint", timeout=10)
    elapsed = time.monotonic() - t0
    worker.join(timeout=30)
    assert health.status_code == 200 and page.status_code == 200
    assert elapsed < 1.0, f"other requests waited {elapsed:.2f}s for the slow job"
    assert result["r"].status_code == 200 and result["r"].json() == []


def test_web_serve_port_taken_is_a_chinese_usage_error(monkeypatch):
    import socket

    import uvicorn

    from perfdoc.cli import app
    from perfdoc.errors import UsageError

    monkeypatch.setattr(uvicorn, "run", lambda *a, **kw: pytest.fail("must not start"))
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        result = CliRunner().invoke(app, ["serve", "--port", str(port)])
    assert isinstance(result.exception, UsageError)
    assert "已被占用" in str(result.exception) and str(port) in str(result.exception)
