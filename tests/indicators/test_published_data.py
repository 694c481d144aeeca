"""corpora/published: the rows parse, carry every field, and cite a listed source."""
from __future__ import annotations

import csv
import hashlib
import json
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PUB = ROOT / "corpora" / "published"
FIELDS = {"source", "project", "level1", "level2", "name", "value", "province", "year", "kind"}
KINDS = {"目标表", "自评表", "部门整体"}


def _sources() -> dict[str, dict]:
    text = (PUB / "sources.csv").read_text(encoding="utf-8")
    assert text.startswith("#")
    rows = list(csv.DictReader(l for l in text.splitlines() if not l.startswith("#")))
    return {r["source"]: r for r in rows}


LIBRARY_FIELDS = {"source", "level1", "level2", "name", "value", "sector", "project", "kind"}


def _rows(name: str) -> list[dict]:
    lines = (PUB / name).read_text(encoding="utf-8").splitlines()
    return [json.loads(l) for l in lines if l.strip() and not l.startswith("#")]


def test_every_row_cites_a_listed_source_and_counts_match():
    sources = _sources()
    rows = _rows("indicators.jsonl")
    assert rows
    per = Counter(r["source"] for r in rows)
    library = Counter(r["source"] for r in _rows("library_rows.jsonl"))
    assert not set(per) & set(library)  # a source is a published table or a repository file
    assert set(per) | set(library) == set(sources)
    for sid, src in sources.items():
        assert int(src["rows"]) == (per[sid] or library[sid]), sid
        assert src["url"].startswith(("http://", "https://", "github:")), sid
        if sid in library:
            assert src["kind"] in ("指标库", "表"), sid
            # a repository file (gh-…) or a stored web page (lib-<sha1(url#k)[:8]>, k the table's place)
            if sid.startswith("lib-"):
                assert src["url"].startswith(("http://", "https://")), sid
                assert any(sid == "lib-" + hashlib.sha1(f"{src['url']}#{k}".encode()).hexdigest()[:8]
                           for k in range(20)), sid
            else:
                assert sid.startswith("gh-") and src["url"].startswith("github:"), sid


def test_library_rows_format_labels_and_no_copies():
    text = (PUB / "library_rows.jsonl").read_text(encoding="utf-8")
    assert text.startswith("# format")
    sources = _sources()
    rows = _rows("library_rows.jsonl")
    assert rows
    keys = set()
    for r in rows:
        assert set(r) == LIBRARY_FIELDS, r
        assert r["kind"] in ("指标库", "表") and sources[r["source"]]["kind"] == r["kind"]
        assert r["name"].strip() == r["name"] and r["name"] and r["level2"]
        key = tuple(r[k].replace("（", "(").replace("）", ")") for k in ("name", "level1", "level2"))
        assert key not in keys, key  # copies across sources are kept once (bracket width aside)
        keys.add(key)


@pytest.mark.parametrize("field", sorted(FIELDS))
def test_rows_have_every_field(field):
    sources = _sources()
    for r in _rows("indicators.jsonl"):
        assert field in r
        assert set(r) <= FIELDS | {"function_code"}
        assert r["kind"] in KINDS
        assert isinstance(r["year"], int) and 2015 <= r["year"] <= 2026
        assert r["name"].strip() == r["name"] and r["name"]
        assert sources[r["source"]]["province"] == r["province"]


def test_measurability_sample_refers_to_committed_rows():
    path = PUB / "measurability_sample.jsonl"
    if not path.is_file():
        pytest.skip("no measurability sample yet")
    rows = {(r["source"], r["name"], r["value"]) for r in _rows("indicators.jsonl")}
    codes = {"", "VAGUE_VALUE", "NO_VALUE", "NO_UNIT", "UNIT_MISMATCH", "OUT_OF_RANGE",
             "TIME_UNBOUNDED", "INPUT_AS_OUTPUT"}
    sample = _rows("measurability_sample.jsonl")
    assert sample
    for s in sample:
        assert (s["source"], s["name"], s["value"]) in rows
        assert s["reason"] in codes
        assert s["measurable"] is (s["reason"] == "")
