"""Outputs get the mode an ordinary write gets under the user's umask (not mkstemp's 0600)."""
from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

import perfdoc

GOALS = Path(__file__).resolve().parents[2] / "examples" / "goals-example.xlsx"


@pytest.fixture(params=[0o022, 0o077, 0o002])
def umask(request):
    old = os.umask(request.param)
    yield request.param
    os.umask(old)


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_outputs_follow_umask(tmp_path, umask, example_xlsx):
    expected = 0o666 & ~umask
    # what a plain open() gives, as the reference
    plain = tmp_path / "plain.txt"
    plain.write_text("x")
    assert mode(plain) == expected
    statement = Path(perfdoc.render("statement", example_xlsx, tmp_path / "情况说明.docx"))
    circular = Path(perfdoc.render("circular", example_xlsx, tmp_path / "通报.docx"))
    notices = Path(perfdoc.render("notices", example_xlsx, tmp_path / "整改通知单"))
    reviewed = Path(perfdoc.annotate(GOALS, tmp_path / "审核结果.xlsx"))
    listed = Path(perfdoc.annotate(_goals(tmp_path), tmp_path / "结果.jsonl"))
    files = [statement, circular, reviewed, listed, *sorted(p for p in notices.iterdir() if p.is_file())]
    assert len(files) > 4
    assert {f.name: oct(mode(f)) for f in files} == {f.name: oct(expected) for f in files}
    # nothing hidden left beside the outputs
    assert [p.name for p in tmp_path.rglob(".*")] == []


def _goals(tmp_path: Path) -> Path:
    p = tmp_path / "goals.jsonl"
    p.write_text('{"name": "培训人次", "value": "≥350人次"}\n', encoding="utf-8")
    return p
