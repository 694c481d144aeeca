"""Rows of real published indicator tables (corpora/published) as classification data.

corpora/published/indicators.jsonl keeps every row as the government published it. For training,
`derive` writes corpora/labelled/classify_train_published.jsonl: the same rows with only the label
*spelling* normalised (数量指标（必填） → 数量指标, 环境效益 → 生态效益指标, 成本指标 under 产出 →
经济成本指标) and the enumerator in front of the name removed; rows whose 二级 cell names no single
class (empty, 社会、经济、生态效益指标, 制度指标) are left out and counted. Labels are never corrected:
the same 覆盖率 stays 数量 in one table and 质量 in another, and `label_noise` measures how often.

The derived file is a snapshot owned by the classifier, so rows 11a adds later do not make the
shipped model stale; rerun `python scripts/derive_published.py` and `perfdoc train` to take them in.

corpora/published/library_rows.jsonl holds rows of indicator libraries and filled-in tables kept in
public repositories (origin "library"): they are normalised the same way and written to their own
snapshot, labelled/published_library_train.jsonl, every row marked `"origin": "library"`. They are
training-only: `group_split` never puts a library row in a test fold, so evaluation on published
tables stays an evaluation on tables. `perfdoc train` takes their snapshot in (train.corpus_files), so
after adding library rows rerun the derivation and `perfdoc train`.
"""
from __future__ import annotations

import csv
import hashlib
import json
import re
from collections import Counter, defaultdict
from pathlib import Path

from perfdoc.errors import DataError
from perfdoc.indicators.library.framework import (LEVEL2_TO_LEVEL1, level2_options, normalize_level1,
                                                  parse_sector, strip_enumerator)

PUBLISHED = "published/indicators.jsonl"
SOURCES = "published/sources.csv"
DERIVED = "labelled/classify_train_published.jsonl"
LIBRARY = "published/library_rows.jsonl"
DERIVED_LIBRARY = "labelled/published_library_train.jsonl"
ORIGINS = ("table", "library")
HEADER = ("# 分类训练用：已公开的绩效目标表/自评表中的指标行（由 corpora/published/indicators.jsonl 派生，"
          "scripts/derive_published.py 生成，勿手改）。level2 为按现行框架规范写法后的公布标签（只统一写法，不改判），"
          "published_level2 为原文；source 对应 corpora/published/sources.csv，url 为出处。")
LIBRARY_HEADER = ("# 分类训练用（只作训练、不进测试折）：公开代码仓库中的指标库与已填报表的指标行（由 "
                  "corpora/published/library_rows.jsonl 派生，scripts/derive_published.py 生成，勿手改）。"
                  "origin 为 library；level2 为按现行框架规范写法后的原标签（只统一写法，不改判），published_level2 为原文；"
                  "source 对应 corpora/published/sources.csv，url 为仓库路径。")
_MARKER = re.compile(r"^[【\[][^】\]]{1,6}[】\]]")  # 【新增】 in front of a name: a marker, not the name


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


def normalise(row: dict, origin: str = "table") -> dict | None:
    """A published row with its label spelling normalised, or None when the 二级 cell names no
    single class of the framework. Library rows (origin "library") are marked so, keep their
    `sector` text where it names a 支出功能分类 类, and lose a marker such as 【新增】 in front."""
    options = level2_options(row.get("level2"))
    name = strip_enumerator(str(row.get("name") or "").strip().lstrip("★☆*"))
    if origin == "library":
        name = _MARKER.sub("", name).strip()
    if len(options) != 1 or not name:
        return None
    l2 = options[0]
    out = {"source": row.get("source"), "project": row.get("project") or None, "name": name,
           "value": str(row.get("value") or ""), "level1": LEVEL2_TO_LEVEL1[l2], "level2": l2,
           "published_level2": row.get("level2")}
    l1 = normalize_level1(row.get("level1"))
    if l1 and l1 != LEVEL2_TO_LEVEL1[l2]:
        out["published_level1"] = row.get("level1")
    sector = parse_sector(str(row.get("function_code") or row.get("sector") or ""))
    if sector:
        out["sector"] = sector
    if origin == "library":
        out["origin"] = "library"
        out["kind"] = row.get("kind")
    return out


def _normalised(rows: list[dict], urls: dict[str, dict], origin: str) -> tuple[list[dict], Counter]:
    kept, dropped = [], Counter()
    for row in rows:
        norm = normalise(row, origin)
        if norm is None:
            dropped["二级指标无法归入单一类别" if row.get("name") else "无指标名称"] += 1
            continue
        url = (urls.get(row.get("source")) or {}).get("url")
        if url:
            norm["url"] = url
        kept.append(norm)
    return kept, dropped


def _write(path: Path, header: str, rows: list[dict]) -> None:
    from perfdoc.fileio import atomic_output

    text = header + "\n" + "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in rows)
    with atomic_output(path) as tmp:
        Path(tmp).write_text(text, encoding="utf-8")


def derive(src: str | Path | None = None, out: str | Path | None = None,
           sources: str | Path | None = None, library: str | Path | None = None,
           library_out: str | Path | None = None) -> dict:
    """Write the training snapshots; returns counts (kept, left out by reason, per origin).

    Table rows (published/indicators.jsonl) go to `out`; library rows (published/library_rows.jsonl
    beside `src`, when present) go to `library_out` (default: labelled/published_library_train.jsonl
    beside `out`), each marked origin "library". Output is sorted as read and deterministic."""
    from perfdoc.resources import corpus

    src_p = Path(src) if src else corpus(PUBLISHED)
    out_p = Path(out) if out else corpus(DERIVED)
    lib_p = Path(library) if library else src_p.with_name(Path(LIBRARY).name)
    lib_out = Path(library_out) if library_out else out_p.with_name(Path(DERIVED_LIBRARY).name)
    urls = read_sources(sources or src_p.with_name("sources.csv"))
    kept, dropped = _normalised(read_rows(src_p), urls, "table")
    _write(out_p, HEADER, kept)
    stats = {"kept": len(kept), "dropped": dict(dropped), "tables": len({r["source"] for r in kept})}
    if lib_p.is_file():
        lib_kept, lib_dropped = _normalised(read_rows(lib_p), urls, "library")
        _write(lib_out, LIBRARY_HEADER, lib_kept)
        stats["library"] = {"kept": len(lib_kept), "dropped": dict(lib_dropped),
                            "sources": len({r["source"] for r in lib_kept})}
    return stats


def with_origin(rows: list[dict], origin: str) -> list[dict]:
    """The rows marked with their origin ("table" or "library") where they do not say it."""
    return [r if r.get("origin") else {**r, "origin": origin} for r in rows]


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
    Rows of origin "library" are training-only: they never go to test, and adding them never
    moves a table from one side to the other.
    """
    def bucket(source: str) -> float:
        h = hashlib.sha1(f"{seed}:{source}".encode()).hexdigest()
        return int(h[:8], 16) / 0xFFFFFFFF

    test = [i for i, r in enumerate(rows)
            if r.get("origin") != "library" and bucket(str(r.get("source"))) < test_size]
    tset = set(test)
    return [i for i in range(len(rows)) if i not in tset], test
