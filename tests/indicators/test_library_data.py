"""Validation of the shipped library corpora/indicator_library.csv and the held-out set."""
from __future__ import annotations

import csv
import json
import re
from collections import Counter
from pathlib import Path

import pytest

from perfdoc.indicators.library.framework import LEVEL2_TO_LEVEL1, SECTORS
from perfdoc.indicators.library.library import BASES, COLUMNS, DIRECTIONS, is_rate_name, is_rate_unit, read_library

ROOT = Path(__file__).resolve().parents[2]
LIBRARY = ROOT / "corpora" / "indicator_library.csv"
HELDOUT = ROOT / "corpora" / "labelled" / "classify_heldout.jsonl"

needs_library = pytest.mark.skipif(not LIBRARY.is_file(),
                                   reason="corpora/indicator_library.csv 尚未生成")


def _rows() -> list[dict]:
    lines = [ln for ln in LIBRARY.read_text(encoding="utf-8").splitlines() if not ln.startswith("#")]
    return list(csv.DictReader(lines))


@needs_library
def test_library_file_format():
    first = LIBRARY.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("#")
    rows = _rows()
    assert list(rows[0].keys()) == list(COLUMNS)


@needs_library
def test_library_reads_and_sizes():
    lib = read_library(LIBRARY)
    counts = Counter(e.sector for e in lib.entries)
    assert len(lib) >= 1500
    for code in SECTORS:
        assert counts[code] >= (80 if code == "000" else 40), f"{code} 只有 {counts[code]} 条"
    assert set(e.level2 for e in lib.entries) == set(LEVEL2_TO_LEVEL1)


@needs_library
def test_library_no_duplicate_names_within_sector():
    dup = [k for k, n in Counter((r["sector"], r["name"]) for r in _rows()).items() if n > 1]
    assert dup == []


@needs_library
def test_library_ids_stable_and_unique():
    rows = _rows()
    ids = [r["id"] for r in rows]
    assert len(set(ids)) == len(ids)
    per_sector: Counter = Counter()
    for r in rows:
        per_sector[r["sector"]] += 1
        assert r["id"] == f"{r['sector']}-{per_sector[r['sector']]:04d}"


@needs_library
def test_library_codes_and_levels_valid():
    for r in _rows():
        assert r["sector"] in SECTORS, r
        assert r["level2"] in LEVEL2_TO_LEVEL1, r
        assert LEVEL2_TO_LEVEL1[r["level2"]] == r["level1"], r
        assert r["direction"] in DIRECTIONS, r
        assert r["basis"] in BASES, r
        assert r["name"] and r["definition"], r


@needs_library
def test_library_units_consistent_with_names():
    bad = [(r["id"], r["name"], r["unit"]) for r in _rows() if is_rate_name(r["name"]) and not is_rate_unit(r["unit"])]
    assert bad == []


@needs_library
def test_library_satisfaction_entries_are_percentages():
    bad = [(r["id"], r["name"]) for r in _rows()
           if r["level2"] == "服务对象满意度指标" and r["unit"] not in ("%",)]
    assert bad == []


@needs_library
def test_library_cost_entries_are_money_or_rates():
    bad = [(r["id"], r["name"], r["unit"]) for r in _rows() if r["level2"] == "经济成本指标"
           and not (re.search("元", r["unit"]) or is_rate_unit(r["unit"]))]
    assert bad == []


@pytest.mark.skipif(not HELDOUT.is_file(), reason="留出评测集尚未合并")
def test_heldout_resolves_and_is_balanced():
    lib = read_library(LIBRARY)
    items = [json.loads(ln) for ln in HELDOUT.read_text(encoding="utf-8").splitlines() if ln.strip()]
    assert len(items) >= 400
    assert all(it["gold_id"] in lib.by_id for it in items)
    sectors = Counter(it["sector"][:3] for it in items)
    assert set(sectors) == set(SECTORS)
    assert set(it["level2"] for it in items) == set(LEVEL2_TO_LEVEL1)
    # held-out names are not copies of library names (that would only test string equality)
    names = {e.name for e in lib.entries}
    copies = sum(it["name"] in names for it in items)
    assert copies / len(items) < 0.2
