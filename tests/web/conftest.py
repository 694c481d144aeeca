"""Fixtures for the web tests: a TestClient, a small upload limit, a live uvicorn server, bad files."""
from __future__ import annotations

import io
import re
import socket
import struct
import threading
import time
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples"
CJK = re.compile(r"[\u4e00-\u9fff]")


def skip_if_unavailable(response) -> None:
    """A job a colleague has not landed yet answers 503; skip with its message instead of failing."""
    if response.status_code == 503:
        is_json = response.headers.get("content-type", "").startswith("application/json")
        pytest.skip(f"job not built yet: {response.json().get('error') if is_json else response.url}")


def assert_chinese_error(response, status: int | tuple[int, ...]) -> str:
    wanted = (status,) if isinstance(status, int) else status
    assert response.status_code in wanted, (response.status_code, response.text[:300])
    body = response.json()
    assert set(body) == {"error"}, body
    assert CJK.search(body["error"]), body
    return body["error"]


@pytest.fixture
def client():
    from fastapi.testclient import TestClient

    from perfdoc.web.app import create_app

    with TestClient(create_app()) as c:
        yield c


@pytest.fixture
def small_limits(tmp_path, monkeypatch):
    """Upload limit 0.05 MB and zip limits of 1 MB / 50 members, through PERFDOC_CONFIG."""
    cfg = tmp_path / "perfdoc.toml"
    cfg.write_text("[limits]\nmax_upload_mb = 0.05\nzip_max_members = 50\n"
                   "zip_max_uncompressed_mb = 1.0\n", encoding="utf-8")
    monkeypatch.setenv("PERFDOC_CONFIG", str(cfg))
    from perfdoc.config import _load

    _load.cache_clear()
    yield cfg
    _load.cache_clear()


# --- bad files, built here so the tests show what each one is -------------------------------

def renamed_text() -> bytes:
    return "这是一个文本文件，被改名为 .xlsx。\n".encode()


def corrupted_zip() -> bytes:
    """Starts like a zip (PK\\x03\\x04) but the rest is garbage."""
    return b"PK\x03\x04" + bytes(range(256)) * 8


def truncated_xlsx() -> bytes:
    """A real-looking workbook zip cut in half: no central directory."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>" * 200)
        zf.writestr("xl/workbook.xml", "<workbook/>" * 200)
    data = buf.getvalue()
    return data[: len(data) // 2]


def bomb_declared(member: str = "xl/workbook.xml", declared: int = 0xF000_0000) -> bytes:
    """A tiny zip whose central directory declares ~3.75 GB uncompressed."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        zf.writestr(member, "<x/>")
    data = bytearray(buf.getvalue())
    pos = 0
    while (pos := data.find(b"PK\x01\x02", pos)) != -1:
        struct.pack_into("<I", data, pos + 24, declared)  # uncompressed size field
        pos += 4
    return bytes(data)


def bomb_real(member: str = "xl/workbook.xml", megabytes: int = 8) -> bytes:
    """A real deflate bomb: `megabytes` of zeros in a few kilobytes."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        zf.writestr("[Content_Types].xml", "<Types/>")
        with zf.open("xl/worksheets/sheet1.xml", "w") as fh:
            chunk = b"\0" * (1024 * 1024)
            for _ in range(megabytes):
                fh.write(chunk)
        zf.writestr(member, "<x/>")
    return buf.getvalue()


def bomb_members(member: str = "xl/workbook.xml", count: int = 6000) -> bytes:
    """Thousands of empty members (default limit: 5000)."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_STORED) as zf:
        zf.writestr(member, "<x/>")
        for i in range(count):
            zf.writestr(f"x/{i}", b"")
    return buf.getvalue()


# --- a live server for the browser tests and the streaming test ------------------------------

def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class LiveServer:
    def __init__(self) -> None:
        import uvicorn

        from perfdoc.web.app import create_app

        self.port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        config = uvicorn.Config(create_app(), host="127.0.0.1", port=self.port, log_level="warning",
                                lifespan="off")
        self.server = uvicorn.Server(config)
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    def start(self) -> LiveServer:
        self.thread.start()
        deadline = time.monotonic() + 20
        while not self.server.started:
            if time.monotonic() > deadline or not self.thread.is_alive():
                raise RuntimeError("uvicorn did not start within 20 s")
            time.sleep(0.05)
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)


@pytest.fixture(scope="module")
def live_server():
    server = LiveServer().start()
    yield server
    server.stop()
