#!/usr/bin/env python3
"""Merge the per-sector library parts into corpora/indicator_library.csv, and the held-out parts.

    .venv/bin/python scripts/merge_library.py [--strict]

Reads corpora/library/<code>.csv (a `#` format comment, then the header
sector,level1,level2,name,definition,unit,direction,operator,typical_value,aliases,basis) in code
order and writes corpora/indicator_library.csv with stable ids <code>-<NNNN> (order of appearance).
Merges corpora/labelled/classify_heldout_<code>.jsonl into corpora/labelled/classify_heldout.jsonl,
resolving each `gold` name (in the item's sector file, else in 000) to `gold_id`.

Rows with a fatal problem (unknown sector or 二级指标, empty or duplicate name) are dropped, soft
problems (unit vs name, direction, basis) reported; the script prints every problem and a count
table. Deterministic and idempotent: the same parts give byte-identical outputs. Exit 1 with
--strict when anything was reported. When no parts exist (they were merged and removed) it leaves
the merged files as they are.
"""
from __future__ import annotations

import argparse
import csv
import io
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

from perfdoc.indicators.framework import LEVEL2_TO_LEVEL1, SECTORS, normalize_levels, parse_sector  # noqa: E402
from perfdoc.indicators.library import (  # noqa: E402
    BASES, COLUMNS, DIRECTIONS, OPERATORS, Entry, check_entry, split_aliases,
)

PART_COLUMNS = COLUMNS[1:]
HEADER_COMMENT = (
    "# perfdoc 分行业分领域绩效指标库（由 scripts/merge_library.py 从 corpora/library/*.csv 合并生成，请勿手改）："
    "id=行业代码-序号, sector=支出功能分类类级代码(000=通用), level1/level2=国家指标框架一级/二级指标, "
    "name=三级指标, definition=指标解释, unit=计量单位, direction=正向/反向/区间, operator=≥/≤/=/区间, "
    "typical_value=参考值, aliases=其他常见写法(;分隔), basis=计划标准/行业标准/历史标准"
)


def read_part(path: Path, problems: list[str]) -> list[Entry]:
    code = path.stem
    if code not in SECTORS:
        problems.append(f"{path.name}: 文件名不是有效的行业代码，已跳过")
        return []
    lines = [ln for ln in path.read_text(encoding="utf-8-sig").splitlines() if not ln.lstrip().startswith("#")]
    reader = csv.DictReader(io.StringIO("\n".join(lines)))
    missing = [c for c in PART_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        problems.append(f"{path.name}: 缺少列 {','.join(missing)}，已跳过")
        return []
    entries: list[Entry] = []
    names: set[str] = set()
    for n, row in enumerate(reader, start=1):
        where = f"{path.name} 第{n}条"
        row = {k: (v or "").strip() for k, v in row.items() if k}
        if None in row or len(row) > len(PART_COLUMNS):
            problems.append(f"{where}: 列数多于表头（逗号未加引号？），已丢弃")
            continue
        label = parse_sector(row["sector"])
        if label is None or label[:3] != code:
            problems.append(f"{where}: sector“{row['sector']}”与文件 {code} 不符，已丢弃")
            continue
        level1, level2 = normalize_levels(row["level1"], row["level2"])
        if level2 is None:
            problems.append(f"{where}: 二级指标“{row['level2']}”无效，已丢弃")
            continue
        if row["level1"] and normalize_levels(row["level1"], None)[0] != LEVEL2_TO_LEVEL1[level2]:
            problems.append(f"{where}: 一级指标“{row['level1']}”与二级指标“{level2}”不对应（按二级指标纠正）")
        name = row["name"]
        if not name:
            problems.append(f"{where}: 名称为空，已丢弃")
            continue
        if name in names:
            problems.append(f"{where}: 名称“{name}”在本行业重复，已丢弃")
            continue
        names.add(name)
        if row["operator"] not in OPERATORS:
            problems.append(f"{where}: 运算符“{row['operator']}”无效")
        if row["direction"] not in DIRECTIONS:
            problems.append(f"{where}: 指标方向“{row['direction']}”无效")
        if row["basis"] not in BASES:
            problems.append(f"{where}: 取值依据“{row['basis']}”无效")
        entry = Entry(
            id=f"{code}-{len(entries) + 1:04d}", sector=code, level1=level1, level2=level2, name=name,
            definition=row["definition"], unit=row["unit"], direction=row["direction"],
            operator=row["operator"], typical_value=row["typical_value"],
            aliases=tuple(a for a in split_aliases(row["aliases"]) if a != name), basis=row["basis"],
        )
        for p in check_entry(entry):
            if "取值依据" not in p and "指标方向" not in p and "一级指标" not in p:
                problems.append(f"{where}“{name}”: {p}")
        entries.append(entry)
    return entries


def write_library(entries: list[Entry], target: Path) -> None:
    buf = io.StringIO()
    buf.write(HEADER_COMMENT + "\n")
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(COLUMNS)
    for e in entries:
        d = e.to_dict()
        writer.writerow([d[c] for c in COLUMNS])
    data = buf.getvalue().encode("utf-8")
    if not target.exists() or target.read_bytes() != data:
        target.write_bytes(data)


def merge_heldout(parts: list[Path], entries: list[Entry], problems: list[str]) -> list[dict]:
    index: dict[tuple[str, str], str] = {}
    for e in entries:
        index.setdefault((e.sector, e.name), e.id)
    alias_index: dict[tuple[str, str], str] = {}
    for e in entries:
        for a in e.aliases:
            alias_index.setdefault((e.sector, a), e.id)
    out: list[dict] = []
    for path in parts:
        for n, line in enumerate(path.read_text(encoding="utf-8-sig").splitlines(), start=1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            where = f"{path.name} 第{n}行"
            try:
                item = json.loads(line)
            except json.JSONDecodeError as exc:
                problems.append(f"{where}: JSON 无效（{exc.msg}），已丢弃")
                continue
            label = parse_sector(item.get("sector"))
            l1, l2 = normalize_levels(item.get("level1"), item.get("level2"))
            if label is None or l2 is None or not item.get("name") or not item.get("gold"):
                problems.append(f"{where}: sector/level2/name/gold 缺失或无效，已丢弃")
                continue
            code, gold = label[:3], item["gold"].strip()
            gold_id = (index.get((code, gold)) or index.get(("000", gold))
                       or alias_index.get((code, gold)) or alias_index.get(("000", gold)))
            if gold_id is None:
                problems.append(f"{where}: gold“{gold}”在 {code} 与 000 指标库中都找不到，已丢弃")
                continue
            if (code, gold) not in index and ("000", gold) not in index:
                problems.append(f"{where}: gold“{gold}”只是别名，按所属条目处理")
            entry = next(e for e in entries if e.id == gold_id)
            if entry.level2 != l2:
                problems.append(f"{where}: 标注二级指标“{l2}”与 gold 条目“{entry.name}”的“{entry.level2}”不一致")
            merged = {"name": item["name"], "value": item.get("value", ""), "level1": l1, "level2": l2,
                      "sector": label, "gold": gold, "gold_id": gold_id}
            if item.get("project"):
                merged["project"] = item["project"]
            out.append(merged)
    return out


def _pad(text: str, width: int) -> str:
    """Left-justify counting CJK characters as two columns."""
    import unicodedata

    w = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * max(0, width - w)


def print_table(entries: list[Entry], heldout: list[dict]) -> None:
    level2s = list(LEVEL2_TO_LEVEL1)
    short = [l2.removesuffix("指标").replace("服务对象", "") for l2 in level2s]
    counts = Counter((e.sector, e.level2) for e in entries)
    held = Counter(h["sector"][:3] for h in heldout)
    print(_pad("行业", 24) + "".join(_pad(s[:4], 9) for s in short) + _pad("合计", 7) + "留出")
    for code, name in SECTORS.items():
        row = [counts.get((code, l2), 0) for l2 in level2s]
        print(_pad(f"{code} {name}"[:11], 24) + "".join(_pad(str(x), 9) for x in row)
              + _pad(str(sum(row)), 7) + str(held.get(code, 0)))
    tot = [sum(counts.get((c, l2), 0) for c in SECTORS) for l2 in level2s]
    print(_pad("合计", 24) + "".join(_pad(str(x), 9) for x in tot) + _pad(str(sum(tot)), 7)
          + str(len(heldout)))


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--root", type=Path, default=ROOT, help="repository root (tests use a copy)")
    ap.add_argument("--strict", action="store_true", help="exit 1 when any problem was reported")
    args = ap.parse_args(argv)
    corpora = args.root / "corpora"
    parts = sorted((corpora / "library").glob("*.csv")) if (corpora / "library").is_dir() else []
    problems: list[str] = []
    if not parts:
        print("没有 corpora/library/*.csv 分册：保留现有的 indicator_library.csv 不变")
        return 0
    entries: list[Entry] = []
    for path in parts:
        entries.extend(read_part(path, problems))
    write_library(entries, corpora / "indicator_library.csv")
    held_parts = sorted((corpora / "labelled").glob("classify_heldout_*.jsonl"))
    heldout = merge_heldout(held_parts, entries, problems)
    if held_parts:
        data = "".join(json.dumps(h, ensure_ascii=False) + "\n" for h in heldout).encode("utf-8")
        target = corpora / "labelled" / "classify_heldout.jsonl"
        if not target.exists() or target.read_bytes() != data:
            target.write_bytes(data)
    for p in problems:
        print("问题：" + p)
    print(f"指标库：{len(entries)} 条（{len(parts)} 个分册）→ corpora/indicator_library.csv；"
          f"留出评测：{len(heldout)} 条 → corpora/labelled/classify_heldout.jsonl；问题 {len(problems)} 处")
    print_table(entries, heldout)
    warn_stale_models(args.root, corpora / "indicator_library.csv")
    return 1 if (args.strict and problems) else 0


def warn_stale_models(root: Path, library: Path) -> None:
    """The shipped models are refused once the library changes: say so right away."""
    import hashlib

    sidecar = root / "models" / "classify.json"
    if not sidecar.is_file():
        return
    trained = json.loads(sidecar.read_text(encoding="utf-8")).get("corpus_files", {}).get(library.name)
    if trained != hashlib.sha256(library.read_bytes()).hexdigest():
        print("注意：指标库与 models/ 中模型训练时所用的不同，请运行 perfdoc train 重新训练并提交 models/")


if __name__ == "__main__":
    raise SystemExit(main())
