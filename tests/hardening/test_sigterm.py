"""SIGTERM during `check -o` or `render notices` leaves no .part file and no hidden temp folder.

The signal is sent at several moments (loading, reviewing/rendering, writing); whenever it
arrives, the folder holds either the finished output or nothing of it.
"""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]


def _leftovers(folder: Path) -> list[str]:
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*")
                  if p.name.startswith(".") or p.name.endswith(".part"))


def _term_after(args: list[str], delay: float, cwd: Path) -> subprocess.CompletedProcess:
    proc = subprocess.Popen([sys.executable, "-m", "perfdoc", *args], cwd=cwd, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True)
    time.sleep(delay)
    proc.send_signal(signal.SIGTERM)
    out, err = proc.communicate(timeout=120)
    return subprocess.CompletedProcess(args, proc.returncode, out, err)


def test_sigterm_during_check_output(tmp_path):
    goals = tmp_path / "goals.jsonl"
    goals.write_text("".join(json.dumps({"project": f"项目{k // 8}", "name": f"培训人次{k}", "value": f"≥{k}人次"},
                                        ensure_ascii=False) + "\n" for k in range(1500)), encoding="utf-8")
    args = ["check", "--input", str(goals), "-o"]
    t0 = time.monotonic()
    full = subprocess.run([sys.executable, "-m", "perfdoc", *args, str(tmp_path / "full.xlsx")],
                          capture_output=True, text=True, cwd=tmp_path, timeout=300)
    whole = time.monotonic() - t0
    assert full.returncode == 0, full.stderr
    codes = []
    for k, share in enumerate((0.3, 0.75, 0.9, 0.97)):  # the write of the .xlsx is at the end
        out = tmp_path / f"out{k}" / "审核结果.xlsx"
        r = _term_after([*args, str(out)], whole * share, tmp_path)
        codes.append(r.returncode)
        assert "Traceback" not in r.stderr, r.stderr
        assert r.returncode in (0, 128 + signal.SIGTERM, -signal.SIGTERM), (r.returncode, r.stderr)
        assert _leftovers(tmp_path) == []
        if out.exists():  # finished before the signal came: complete, not half-written
            import openpyxl

            assert openpyxl.load_workbook(out).sheetnames == openpyxl.load_workbook(tmp_path / "full.xlsx").sheetnames
    assert 128 + signal.SIGTERM in codes


@pytest.mark.parametrize("delay", [0.8, 1.6, 2.5, 4.0])
def test_sigterm_during_render_notices(tmp_path, mapping, delay):
    rows = mapping["问题清单"]
    mapping["问题清单"] = [dict(rows[k % len(rows)], 单位名称=f"测试单位{k:03d}") for k in range(400)]
    data = tmp_path / "data.yaml"
    data.write_text(yaml.safe_dump(mapping, allow_unicode=True), encoding="utf-8")
    out = tmp_path / "整改通知单"
    env_workers = os.environ.get("PERFDOC_WORKERS")
    try:
        os.environ["PERFDOC_WORKERS"] = "1"
        r = _term_after(["render", "notices", str(data), "-o", str(out)], delay, tmp_path)
    finally:
        if env_workers is None:
            os.environ.pop("PERFDOC_WORKERS", None)
        else:
            os.environ["PERFDOC_WORKERS"] = env_workers
    assert "Traceback" not in r.stderr, r.stderr
    assert r.returncode in (0, 128 + signal.SIGTERM, -signal.SIGTERM), (r.returncode, r.stderr)
    assert _leftovers(tmp_path) == []
    if r.returncode != 0:  # nothing of the batch, or all of it (the signal came after the last move)
        files = sorted(p.name for p in out.iterdir()) if out.exists() else []
        assert files == [] or (len(files) == 401 and "整改台账.xlsx" in files), files[:5]
