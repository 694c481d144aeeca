"""Small inputs that used to take minutes or gigabytes, or ended in a traceback: each is refused
by the CLI with exit 2 and a Chinese message, within 10 s and 1 GB (measured on the subprocess)."""
from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

CJK = __import__("re").compile(r"[\u4e00-\u9fff]")
RUNNER = (
    "import resource, subprocess, sys\n"
    "r = subprocess.run([sys.executable, '-m', 'perfdoc', *sys.argv[1:]], capture_output=True, text=True,"
    " timeout=120)\n"
    "print(r.returncode); print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)\n"
    "sys.stderr.write(r.stderr)\n"
)


def run_measured(*args: str) -> tuple[int, str, float, int]:
    """(exit code, stderr, seconds, peak RSS in MB) of `perfdoc ARGS` in a fresh process."""
    t0 = time.monotonic()
    r = subprocess.run([sys.executable, "-c", RUNNER, *args], capture_output=True, text=True, timeout=180)
    seconds = time.monotonic() - t0
    rc, rss = (int(x) for x in r.stdout.split())
    return rc, r.stderr, seconds, rss // 1024


def assert_refused(args, words, tmp_path, out: Path | None = None):
    rc, err, seconds, rss = run_measured(*args)
    assert rc == 2, err
    assert "Traceback" not in err and CJK.search(err), err
    assert words in err, err
    assert seconds < 10 and rss < 1024, (seconds, rss)
    if out is not None:
        assert not out.exists() and not list(out.parent.glob(".*.part"))
    return seconds, rss


def _alias_bomb(path: Path) -> Path:
    lines = ['a0: &a0 ["lol","lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for k in range(1, 12):
        refs = ",".join([f"*a{k - 1}"] * 10)
        lines.append(f"a{k}: &a{k} [{refs}]")
    lines.append("基本信息: {单位名称: *a11}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


ATTACKS = {
    "yaml-alias-bomb": (lambda p: _alias_bomb(p / "data.yaml"), "render", "别名"),
    "json-nesting": (lambda p: _write(p / "data.json", "[" * 100_000), "render", "嵌套"),
    "json-5000-digits": (lambda p: _write(p / "data.json", '{"基本信息": {"年度": ' + "9" * 5000 + "}}"), "render",
                         "位数"),
    "yaml-nesting": (lambda p: _write(p / "data.yaml", "a: " + "[" * 100_000), "render", "嵌套"),
    "jsonl-nesting": (lambda p: _write(p / "goals.jsonl", "[" * 100_000 + "\n"), "check", "嵌套"),
    "jsonl-5000-digits": (lambda p: _write(p / "goals.jsonl", '{"name": "培训人次", "value": ' + "9" * 5000 + "}\n"),
                          "check", "位数"),
    "unclosed-brackets": (lambda p: _write(p / "goals.jsonl", json.dumps(
        {"name": "覆盖率", "value": "（" * 300_000 + "≥95%"}, ensure_ascii=False) + "\n"), "check", "上限 500 字"),
    "indicator-1mb-csv": (lambda p: _write(p / "goals.csv", "三级指标,指标值\n培训人次," + "很" * 1_000_000 + "\n"),
                          "check", "过长"),
    "indicator-1mb-jsonl": (lambda p: _write(p / "goals.jsonl", json.dumps({"name": "培训人次", "value": "很" * 1_000_000},
                                                                           ensure_ascii=False) + "\n"),
                            "check", "上限 500 字"),
}


def _write(path: Path, text: str) -> Path:
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize("name", list(ATTACKS))
def test_cli_refuses_small_attack_files(tmp_path, name):
    make, job, words = ATTACKS[name]
    src = make(tmp_path)
    if job == "render":
        out = tmp_path / "out.docx"
        assert_refused(["render", "statement", str(src), "-o", str(out)], words, tmp_path, out)
    else:
        out = tmp_path / "out.xlsx"
        assert_refused(["check", "--input", str(src), "-o", str(out)], words, tmp_path, out)


def test_web_refuses_small_attack_files(tmp_path, client):
    for name, (make, job, words) in ATTACKS.items():
        src = make(tmp_path)
        route = "/api/render/statement" if job == "render" else "/api/check/file"
        t0 = time.monotonic()
        r = client.post(route, files={"file": (src.name, src.read_bytes())})
        assert 400 <= r.status_code < 500, (name, r.status_code, r.text[:200])
        assert words in r.json()["error"], (name, r.json())
        assert time.monotonic() - t0 < 10, name


@pytest.mark.parametrize("body", [b"[" * 100_000, b'{"items": [' + b"9" * 5000 + b"]}"])
def test_web_json_api_nesting_and_digits(client, body):
    r = client.post("/api/check", content=body, headers={"content-type": "application/json"})
    assert r.status_code == 422 and CJK.search(r.json()["error"])


def test_long_indicator_via_api_is_refused(client):
    r = client.post("/api/check", json={"items": [{"name": "覆盖率", "value": "（" * 300_000 + "≥95%"}]})
    assert r.status_code == 413 and "500 字" in r.json()["error"]
