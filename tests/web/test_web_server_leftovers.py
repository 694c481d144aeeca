"""`perfdoc serve` leaves no uploaded file behind: not on SIGTERM during a job, and after a crash
(SIGKILL) the next start removes what the dead server left."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

from .conftest import free_port


def _serve(tmp: Path) -> tuple[subprocess.Popen, str]:
    port = free_port()
    env = dict(os.environ, TMPDIR=str(tmp))
    env.pop("PERFDOC_CONFIG", None)
    proc = subprocess.Popen([sys.executable, "-m", "perfdoc", "serve", "--port", str(port)], env=env,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            httpx.get(url + "/api/health", timeout=2).raise_for_status()
            return proc, url
        except httpx.HTTPError:
            assert proc.poll() is None and time.monotonic() < deadline, "server did not start"
            time.sleep(0.2)


def _folders(tmp: Path) -> list[str]:
    return sorted(p.name for p in tmp.glob("perfdoc-web-*"))


def _slow_upload(url: str) -> None:
    content = "".join(json.dumps({"name": f"培训人次{k}", "value": "明显提升"}, ensure_ascii=False) + "\n"
                      for k in range(3000)).encode()
    try:
        httpx.post(url + "/api/check/file", files={"file": ("goals.jsonl", content)}, timeout=120)
    except httpx.HTTPError:
        pass


def _during_job(url: str, tmp: Path) -> threading.Thread:
    t = threading.Thread(target=_slow_upload, args=(url,), daemon=True)
    t.start()
    deadline = time.monotonic() + 30
    while not _folders(tmp) and time.monotonic() < deadline:
        time.sleep(0.02)
    assert _folders(tmp), "the upload folder never appeared"
    return t


def test_serve_sigterm_and_crash_leave_no_uploads(tmp_path):
    proc, url = _serve(tmp_path)
    t = _during_job(url, tmp_path)
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=120)
    t.join(timeout=120)
    assert _folders(tmp_path) == []
    # a crash: the folder of the running job stays, until the next start
    proc, url = _serve(tmp_path)
    t = _during_job(url, tmp_path)
    proc.kill()
    proc.wait(timeout=30)
    t.join(timeout=60)
    left = _folders(tmp_path)
    assert left, "SIGKILL cannot clean up; the next start must"
    proc, url = _serve(tmp_path)
    try:
        assert _folders(tmp_path) == []
    finally:
        proc.terminate()
        proc.wait(timeout=60)
