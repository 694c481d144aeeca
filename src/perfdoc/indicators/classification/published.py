"""Rows of real published indicator tables (corpora/published) as classification data.

corpora/published/indicators.jsonl keeps every row as the government published it. For training,
`derive` writes corpora/labelled/classify_train_published.jsonl: the same rows with only the label
*spelling* normalised (数量指标（必填） → 数量指标, 环境效益 → 生态效益指标, 成本指标 under 产出 →
经济成本指标) and the enumerator in front of the name removed; rows whose 二级 cell names no single
class (empty, 社会、经济、生态效益指标, 制度指标) are left out and counted. Labels are never corrected:
the same 覆盖率 stays 数量 in one table and 质量 in another, and `label_noise` measures how often.

The derived file is a snapshot owned by the classifier, so rows 11a adds later do not make the
shipped model stale; rerun `python scripts/derive_published.py` and `perfdoc train` to take them in.
"""
from __future__ import annotations

import csv
import hashlib
import json
from collections import Counter, defaultdict
from pathlib import Path

from perfdoc.errors import DataError
from perfdoc.indicators.library.framework import (LEVEL2_TO_LEVEL1, level2_options, normalize_level1,
                                                  parse_sector, strip_enumerator)

PUBLISHED = "published/indicators.jsonl"
SOURCES = "published/sources.csv"
DERIVED = "labelled/classify_train_published.jsonl"
HEADER = ("# 分类训练用：已公开的绩效目标表/自评表中的指标行（由 corpora/published/indicators.jsonl 派生，"
          "scripts/derive_published.py 生成，勿手改）。level2 为按现行框架规范写法后的公布标签（只统一写法，不改判），"
          "published_level2 为原文；source 对应 corpora/published/sources.csv，url 为出处。")


def read_rows(path: str | Path) -> list[dict]:
    from perfdoc.fileio import read_text

    rows = []
    for n, line in enumerate(read_text(path).splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError as exc:
            raise DataError(f"JSON 格式错误：{exc.msg}", file=path, row=n) from None
    return rows


def read_sources(path: str | Path) -> dict[str, dict]:
    p = Path(path)
    if not p.is_file():
        return {}
    lines = [ln for ln in p.read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("#")]
    return {r["source"]: r for r in csv.DictReader(lines)}


def normalise(row: dict) -> dict | None:
    """A published row with its label spelling normalised, or None when the 二级 cell names no
    single class of the framework."""
    options = level2_options(row.get("level2"))
    name = strip_enumerator(str(row.get("name") or "").strip().lstrip("★☆*"))
    if len(options) != 1 or not name:
        return None
    l2 = options[0]
    out = {"source": row.get("source"), "project": row.get("project") or None, "name": name,
           "value": str(row.get("value") or ""), "level1": LEVEL2_TO_LEVEL1[l2], "level2": l2,
           "published_level2": row.get("level2")}
    l1 = normalize_level1(row.get("level1"))
    if l1 and l1 != LEVEL2_TO_LEVEL1[l2]:
        out["published_level1"] = row.get("level1")
    sector = parse_sector(str(row.get("function_code") or ""))
    if sector:
        out["sector"] = sector
    return out


def derive(src: str | Path | None = None, out: str | Path | None = None,
           sources: str | Path | None = None) -> dict:
    """Write the training snapshot; returns counts (kept, left out by reason)."""
    from perfdoc.fileio import atomic_output
    from perfdoc.resources import corpus

    src_p = Path(src) if src else corpus(PUBLISHED)
    out_p = Path(out) if out else corpus(DERIVED)
    urls = read_sources(sources or src_p.with_name("sources.csv"))
    kept, dropped = [], Counter()
    for row in read_rows(src_p):
        norm = normalise(row)
        if norm is None:
            dropped["二级指标无法归入单一类别" if row.get("name") else "无指标名称"] += 1
            continue
        url = (urls.get(row.get("source")) or {}).get("url")
        if url:
            norm["url"] = url
        kept.append(norm)
    text = HEADER + "\n" + "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in kept)
    with atomic_output(out_p) as tmp:
        Path(tmp).write_text(text, encoding="utf-8")
    return {"kept": len(kept), "dropped": dict(dropped), "tables": len({r["source"] for r in kept})}


def label_noise(rows: list[dict]) -> dict:
    """How often the same indicator name carries different 二级 labels across tables: share of rows
    whose name appears in 2+ tables with disagreeing labels, and the majority-label agreement."""
    by_name: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for r in rows:
        by_name[r["name"]].append((r["source"], r["level2"]))
    shared = {n: v for n, v in by_name.items() if len({s for s, _ in v}) > 1}
    n_rows = sum(len(v) for v in shared.values())
    agree = sum(Counter(l2 for _, l2 in v).most_common(1)[0][1] for v in shared.values())
    disagreeing = sum(len(v) for v in shared.values() if len({l2 for _, l2 in v}) > 1)
    return {"names_in_several_tables": len(shared), "rows": n_rows,
            "majority_agreement": agree / n_rows if n_rows else None,
            "rows_with_disagreeing_labels": disagreeing}


def group_split(rows: list[dict], test_size: float = 0.25, seed: int = 0) -> tuple[list[int], list[int]]:
    """Indices of train and test rows, whole tables on one side (grouped by source, fixed seed).

    A table goes to test when sha1(seed:source) falls in the lowest `test_size` of the hash range:
    the same split as GroupShuffleSplit would give in spirit, but stable as tables are added.
    """
    def bucket(source: str) -> float:
        h = hashlib.sha1(f"{seed}:{source}".encode()).hexdigest()
        return int(h[:8], 16) / 0xFFFFFFFF

    test = [i for i, r in enumerate(rows) if bucket(str(r.get("source"))) < test_size]
    tset = set(test)
    return [i for i in range(len(rows)) if i not in tset], test
