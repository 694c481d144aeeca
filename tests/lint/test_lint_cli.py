"""`perfdoc lint` as a user runs it: exit codes, --json shape, terminal caret, --disable, --fix."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def run(*args, cwd=None):
    env = dict(os.environ)
    env.pop("PERFDOC_CONFIG", None)
    env["NO_COLOR"] = "1"
    return subprocess.run([sys.executable, "-m", "perfdoc", "lint", *map(str, args)], capture_output=True,
                          text=True, env=env, cwd=cwd or ROOT, timeout=120)


DRAFT = "1、 基础工作开展情况\n（一）指标体系建设\n印发《办法（试行）》》（澄财绩[2023]1号）。\n"


def test_lint_cli_json_and_exit_code(tmp_path):
    draft = tmp_path / "草稿.txt"
    draft.write_text(DRAFT, encoding="utf-8")
    r = run(draft, "--json")
    assert r.returncode == 1, r.stderr
    data = json.loads(r.stdout)
    assert [list(d) for d in data][0] == ["code", "severity", "paragraph", "start", "end", "excerpt", "message",
                                          "suggestion"]
    third = DRAFT.splitlines()[2]
    doubled = third.index("》》") + 1
    assert [(d["code"], d["paragraph"], d["start"], d["end"]) for d in data] == [
        ("NUMBERING", 1, 0, 2), ("PUNCT_PAIR", 3, doubled, doubled + 1),
        ("DOC_NUMBER", 3, third.index("["), third.index("号") + 1)]
    assert data[0]["suggestion"] == "一、" and data[0]["excerpt"] == "1、 基础工作开展情况"


def test_lint_cli_terminal_caret_and_summary(tmp_path):
    draft = tmp_path / "draft.txt"
    draft.write_text(DRAFT, encoding="utf-8")
    r = run(draft)
    lines = r.stdout.splitlines()
    i = next(k for k, ln in enumerate(lines) if ln.startswith("第3段  PUNCT_PAIR"))
    excerpt, caret = lines[i + 1], lines[i + 2]
    # the caret sits under the second 》 (full-width characters take two columns)
    col = caret.index("^")
    shown = excerpt[4:]
    width_before = sum(2 if ord(c) > 0x2E7F else 1 for c in shown[:shown.index("》》") + 1])
    assert col - 4 == width_before
    assert lines[-1] == "共发现 3 处问题（错误 3 处）。"


def test_lint_cli_disable_and_clean_exit(tmp_path):
    draft = tmp_path / "draft.txt"
    draft.write_text(DRAFT, encoding="utf-8")
    r = run(draft, "--json", "--disable", "NUMBERING", "--disable", "PUNCT_PAIR,DOC_NUMBER")
    assert (r.returncode, json.loads(r.stdout)) == (0, [])
    (tmp_path / "perfdoc.toml").write_text('[lint]\ndisable = ["NUMBERING", "PUNCT_PAIR"]\n', encoding="utf-8")
    r = run(draft, "--json", cwd=tmp_path)
    assert [d["code"] for d in json.loads(r.stdout)] == ["DOC_NUMBER"]
    r = run(draft, "--disable", "NOSUCH")
    assert r.returncode == 2 and "NOSUCH" in r.stderr


def test_lint_cli_fix(tmp_path):
    draft = tmp_path / "draft.txt"
    draft.write_text(DRAFT, encoding="utf-8")
    out = tmp_path / "fixed.txt"
    r = run(draft, "--fix", "-o", out, "--json")
    assert out.is_file()
    remaining = json.loads(r.stdout)
    assert [d["code"] for d in remaining] == ["PUNCT_PAIR"]  # the doubled 》 is left to the author
    assert r.returncode == 1
    r = run(draft, "--fix", "-o", draft)
    assert r.returncode == 2 and "不能与输入文件相同" in r.stderr
    assert draft.read_text(encoding="utf-8") == DRAFT
    r = run(draft, "--fix")
    assert r.returncode == 2 and "-o" in r.stderr


@pytest.mark.parametrize(("name", "content", "words"), [
    ("missing.docx", None, "不存在"),
    ("broken.docx", b"PK\x03\x04" + b"\x00" * 64, "已损坏"),
    ("binary.txt", bytes(range(256)) * 8, "二进制"),
])
def test_lint_cli_bad_input(tmp_path, name, content, words):
    path = tmp_path / name
    if content is not None:
        path.write_bytes(content)
    r = run(path)
    assert r.returncode == 2
    assert name in r.stderr and words in r.stderr and r.stdout == ""
