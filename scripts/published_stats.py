"""Figures for corpora/published/README.md: counts and the label noise of the published rows.

Usage:  python scripts/published_stats.py [DIR]      (DIR defaults to corpora/published)

Prints counts per province / year / kind / level2 cell, the ways 二级 cells are written, and the
label noise: for indicator names (normalised: enumerators such as "1." "指标3:" "★" and spaces
stripped) that occur in several sources, how often their published 二级 disagree.
Then the rows from public repositories (library_rows.jsonl): rows per source, per kind, per 二级
cell and canonical 二级, and how many of their names also occur in the published tables.
Reads only the files; no perfdoc import, so the figures do not depend on the classifier.
"""
from __future__ import annotations

import csv
import json
import re
import sys
from collections import Counter, defaultdict
from pathlib import Path

ENUM = re.compile(r"^(?:★|☆|\*|指标\s*\d+\s*[:：.、．]?|\d+\s*[.、．:：)）]|[（(]\s*\d+\s*[)）]|[一二三四五六七八九十]+\s*[、.．])+")
SPACE = re.compile(r"\s+")

# canonical 二级 of a published cell, by what the cell says (not by the indicator)
CANON = [
    ("满意度", ("满意",)),
    ("经济成本", ("经济成本",)),
    ("社会成本", ("社会成本",)),
    ("生态环境成本", ("生态环境成本", "生态成本", "环境成本")),
    ("成本", ("成本", "预算", "投资规模")),
    ("数量", ("数量", "建筑规模")),
    ("质量", ("质量",)),
    ("时效", ("时效", "进度", "工期")),
    ("经济效益", ("经济效益",)),
    ("社会效益", ("社会效益",)),
    ("生态效益", ("生态效益", "环境效益", "生态")),
    ("可持续影响", ("可持续",)),
]


TAILS = ("覆盖率", "合格率", "完成率", "及时率", "达标率", "到位率", "发放率", "执行率", "知晓率", "满意度",
         "人数", "面积", "次数", "数量", "标准", "成本", "时间", "周期")


def norm_name(name: str) -> str:
    s = SPACE.sub("", name)
    return ENUM.sub("", s)


def canon_level2(cell: str) -> str:
    s = SPACE.sub("", cell)
    if not s:
        return "(空)"
    hits = [c for c, keys in CANON if any(k in s for k in keys)]
    if "经济效益" in hits and "社会效益" in hits or ("、" in s and "效益" in s):
        return "(混合效益)"
    return hits[0] if hits else "(其他)"


def cell_shape(cell: str) -> str:
    s = SPACE.sub("", cell)
    if not s:
        return "empty"
    if re.search(r"[（(].*[)）]", s):
        return "with bracket note"
    if s.endswith("等"):
        return "trailing 等"
    if s.endswith("指标"):
        return "…指标"
    return "without 指标"


def load(d: Path):
    rows = [json.loads(l) for l in (d / "indicators.jsonl").read_text(encoding="utf-8").splitlines() if l.strip()]
    lines = [l for l in (d / "sources.csv").read_text(encoding="utf-8").splitlines() if not l.startswith("#")]
    cited = {r["source"] for r in rows}
    sources = [s for s in csv.DictReader(lines) if s["source"] in cited]  # library sources: see library()
    return rows, sources


def library(d: Path, table_rows: list[dict]) -> None:
    """Figures of the rows from public repositories (training-only)."""
    path = d / "library_rows.jsonl"
    if not path.is_file():
        return
    rows = [json.loads(l) for l in path.read_text(encoding="utf-8").splitlines() if l.strip() and not l.startswith("#")]
    lines = [l for l in (d / "sources.csv").read_text(encoding="utf-8").splitlines() if not l.startswith("#")]
    urls = {s["source"]: s["url"] for s in csv.DictReader(lines)}
    print(f"\n# rows of indicator libraries and repository tables (library_rows.jsonl): {len(rows)} rows, "
          f"{len({r['source'] for r in rows})} sources")
    table("rows per source", Counter(f"{r['source']} {r['kind']} {urls.get(r['source'], '?')}" for r in rows))
    table("rows per kind", Counter(r["kind"] for r in rows))
    table("rows per canonical 二级 (as the cell says)", Counter(canon_level2(r["level2"]) for r in rows))
    table("二级 cells as written", Counter(r["level2"] for r in rows))
    table("一级 cells as written", Counter(r["level1"] for r in rows))
    print(f"\nrows with a value: {sum(bool(r['value']) for r in rows)}; with a sector: "
          f"{sum(bool(r['sector']) for r in rows)}; with a project: {sum(bool(r['project']) for r in rows)}")
    keys = [(norm_name(r["name"]), SPACE.sub("", r["level1"]), SPACE.sub("", r["level2"])) for r in rows]
    print(f"duplicate (name, 一级, 二级) inside the file: {len(keys) - len(set(keys))}")
    names = {norm_name(r["name"]) for r in table_rows}
    print(f"names also in the published tables: {sum(norm_name(r['name']) in names for r in rows)}")


def table(title: str, counter: Counter, top: int | None = None) -> None:
    print(f"\n## {title}")
    for k, v in counter.most_common(top):
        print(f"{v:6d}  {k}")


def main(argv: list[str]) -> int:
    d = Path(argv[1]) if len(argv) > 1 else Path(__file__).resolve().parents[1] / "corpora" / "published"
    rows, sources = load(d)
    print(f"rows {len(rows)}  sources {len(sources)}  provinces {len({s['province'] for s in sources})}  "
          f"years {min(r['year'] for r in rows)}-{max(r['year'] for r in rows)}")
    table("rows per province", Counter(r["province"] for r in rows))
    table("sources per province", Counter(s["province"] for s in sources))
    table("rows per year", Counter(str(r["year"]) for r in rows))
    table("rows per kind", Counter(r["kind"] for r in rows))
    table("rows per canonical 二级 (as the cell says)", Counter(canon_level2(r["level2"]) for r in rows))
    table("二级 cells as written (top 60)", Counter(r["level2"] for r in rows), 60)
    table("一级 cells as written", Counter(r["level1"] for r in rows))
    table("shape of 二级 cells", Counter(cell_shape(r["level2"]) for r in rows))
    under = Counter()
    for r in rows:
        c2 = canon_level2(r["level2"])
        l1 = SPACE.sub("", r["level1"])
        if c2 in ("成本", "经济成本", "社会成本", "生态环境成本"):
            under["成本 二级 under 产出 (old framework)" if "产出" in l1 else
                  "成本 二级 under 成本 一级" if "成本" in l1 else f"成本 二级 under '{l1}'"] += 1
        if c2 == "满意度" and "效益" in l1:
            under["满意度 二级 under 效益 一级 (old framework)"] += 1
        if re.search(r"\d+分", l1):
            under["一级 cell carries its weight, e.g. 产出指标(50分)"] += 1
    table("framework variants", under)
    enum = sum(1 for r in rows if norm_name(r["name"]) != SPACE.sub("", r["name"]))
    print(f"\nnames with an enumerator or marker (指标1: / 1. / ★ …): {enum} of {len(rows)}")

    # label noise: names in several sources
    by_name: dict[str, dict[str, str]] = defaultdict(dict)
    for r in rows:
        c2 = canon_level2(r["level2"])
        if c2.startswith("("):
            continue
        by_name[norm_name(r["name"])].setdefault(r["source"], c2)
    multi = {n: s for n, s in by_name.items() if len(s) >= 2}
    disagree = {n: s for n, s in multi.items() if len(set(s.values())) > 1}
    pairs = same = 0
    minority = total = 0
    for n, s in multi.items():
        labels = list(s.values())
        c = Counter(labels)
        total += len(labels)
        minority += len(labels) - c.most_common(1)[0][1]
        for i in range(len(labels)):
            for j in range(i + 1, len(labels)):
                pairs += 1
                same += labels[i] == labels[j]
    print(f"\n## label noise (canonical 二级 per source; names in >=2 sources)")
    print(f"names in >=2 sources: {len(multi)}; with disagreeing 二级: {len(disagree)}"
          f" ({100 * len(disagree) / max(1, len(multi)):.1f}%)")
    print(f"source-pairs agreeing: {same}/{pairs} ({100 * same / max(1, pairs):.1f}%); "
          f"(name, source) labels off the name's majority: {minority}/{total} ({100 * minority / max(1, total):.1f}%)")
    for n, s in sorted(disagree.items(), key=lambda kv: -len(kv[1]))[:40]:
        print(f"  {n}: " + ", ".join(f"{k}×{v}" for k, v in Counter(s.values()).most_common()))

    # the same kind of indicator (by the name's tail) under different published 二级
    print("\n## 二级 by name tail (rows; canonical 二级 as the cell says)")
    for tail in TAILS:
        c = Counter(canon_level2(r["level2"]) for r in rows if norm_name(r["name"]).endswith(tail))
        n = sum(c.values())
        if n:
            top = c.most_common(1)[0][1]
            print(f"  …{tail}: {n} rows, {100 * (n - top) / n:.0f}% off the majority — "
                  + ", ".join(f"{k}×{v}" for k, v in c.most_common()))
    library(d, rows)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
