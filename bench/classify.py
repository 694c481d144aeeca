"""Added cost per indicator of classification and library mapping, and the cost of a bigger library.

    .venv/bin/python bench/classify.py [--n 10000] [--entries 10000]

Prints, in one run over N distinct realistic indicators (held-out names with varied prefixes):
- the floor: plain jieba.lcut over the same names;
- classification only (both models), mapping only, and `enrich` in total, with the shipped library
  and with a synthetic library of --entries entries (the shipped one perturbed), each as µs per
  indicator, plus the index build time of each library;
- the whole review (`perfdoc.check` with and without enrich) in indicators per second, when the
  review module is present (target ≥ 3,000/s with the shipped library).
"""
from __future__ import annotations

import argparse
import json
import random
import sys
import time
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))

PREFIXES = ["", "2024年", "全县", "全市", "乡镇", "项目区", "年度", "城区", "农村", "重点", "新增", "累计"]
SUFFIXES = ["", "（户）", "（人次）", "数", "情况", "完成值", "（全年）", "指标"]


def indicators(n: int) -> list[dict]:
    rng = random.Random(7)
    base = [json.loads(x) for x in (ROOT / "corpora/labelled/classify_heldout.jsonl").read_text(
        encoding="utf-8").splitlines() if x.strip()]
    out, seen = [], set()
    while len(out) < n:
        it = rng.choice(base)
        name = rng.choice(PREFIXES) + it["name"] + rng.choice(SUFFIXES)
        if name in seen and len(seen) < len(base) * len(PREFIXES) * len(SUFFIXES) // 2:
            continue
        seen.add(name)
        out.append({"name": name, "value": it["value"]})
    return out


def synthetic_library(library, size: int):
    """The shipped library grown to `size` entries by perturbing names (prefixes, dropped chars)."""
    from perfdoc.indicators.library.library import Library

    rng = random.Random(11)
    entries = list(library.entries)
    names = {(e.sector, e.name) for e in entries}
    counters: dict[str, int] = {}
    for e in entries:
        counters[e.sector] = max(counters.get(e.sector, 0), int(e.id.split("-")[1]))
    words = ["城乡", "县级", "乡镇", "社区", "农村", "重点", "专项", "示范", "年度", "区域", "基层", "公共"]
    while len(entries) < size:
        e = rng.choice(library.entries)
        name = e.name
        if len(name) > 4 and rng.random() < 0.5:
            i = rng.randrange(1, len(name) - 1)
            name = name[:i] + name[i + 1:]
        name = rng.choice(words) + name
        if (e.sector, name) in names:
            continue
        names.add((e.sector, name))
        counters[e.sector] += 1
        entries.append(replace(e, id=f"{e.sector}-{counters[e.sector]:04d}", name=name,
                               aliases=tuple(rng.choice(words) + a for a in e.aliases[:2])))
    return Library(entries, library.source + f"#synthetic{size}", library.sha256 + f"-{size}")


def clear_caches() -> None:
    """Each measurement starts without the word caches another one filled."""
    from perfdoc.indicators.classification import features

    features.words.cache_clear()
    features.name_tokens.cache_clear()


def timed(fn, *args, repeat: int = 2, **kw):
    """Best of `repeat` runs, each from cold word caches (the machine is shared: take the quietest)."""
    best, out = float("inf"), None
    for _ in range(repeat):
        clear_caches()
        t = time.perf_counter()
        out = fn(*args, **kw)
        best = min(best, time.perf_counter() - t)
    return best, out


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--entries", type=int, default=10_000)
    args = ap.parse_args()

    from perfdoc.indicators.classification import features
    from perfdoc.indicators.classification.classify import load_models, predict
    from perfdoc.indicators.library.library import load_library
    from perfdoc.indicators.library.mapping import Mapper

    items = indicators(args.n)
    names = [it["name"] for it in items]
    jb = features._jieba()
    jb.lcut("预热")
    t_floor, _ = timed(lambda: [jb.lcut(x) for x in names])
    clear_caches()

    t_models, models = timed(load_models, repeat=1)
    shipped = load_library()
    big = synthetic_library(shipped, args.entries)
    print(f"指标 {len(items)} 条（互不相同的名称 {len(set(names))} 个）；模型加载 {t_models * 1000:.0f} ms")
    print(f"地板：jieba.lcut 同样的名称 {t_floor / len(items) * 1e6:.1f} µs/条\n")
    print(f"{'指标库':<16}{'条目':>7}{'建索引ms':>10}{'分类µs/条':>12}{'匹配µs/条':>12}{'合计µs/条':>12}{'相对地板':>10}")
    rows = {}
    for label, lib in (("内置指标库", shipped), (f"合成 {args.entries} 条", big)):
        clear_caches()
        t_build, mapper = timed(Mapper, lib, repeat=1)
        from perfdoc.indicators.library import mapping

        mapping._MAPPERS[(lib.source, lib.sha256)] = mapper
        predict([(i["name"], i["value"], None) for i in items[:300]], library=lib)  # warm-up
        clear_caches()
        t_cls, _ = timed(lambda: (models.level2.predict_proba([features.level2_document(i["name"], i["value"])
                                                               for i in items]),
                                  models.sector.predict_proba([features.sector_document(i["name"], None)
                                                               for i in items])))
        clear_caches()
        t_map, _ = timed(mapper.search, names, 3)
        clear_caches()
        t_all, _ = timed(predict, [(i["name"], i["value"], None) for i in items], library=lib)
        per = t_all / len(items) * 1e6
        rows[label] = per
        print(f"{label:<14}{len(lib):>9}{t_build * 1000:>10.0f}{t_cls / len(items) * 1e6:>12.1f}"
              f"{t_map / len(items) * 1e6:>12.1f}{per:>12.1f}{per / (t_floor / len(items) * 1e6):>9.1f}×")
    labels = list(rows)
    print(f"\n指标库从 {len(shipped)} 条增至 {len(big)} 条：每条指标的分类+匹配开销 ×{rows[labels[1]] / rows[labels[0]]:.2f}")

    try:
        from perfdoc.indicators.review import check
    except ImportError:
        print("（审核模块不存在，跳过整体吞吐量）")
        return
    clear_caches()
    check(items[:50])  # warm: spaCy, lexicons, models, index
    t_plain, _ = timed(check, items, classify=False)
    clear_caches()
    t_full, _ = timed(check, items)
    print(f"整体审核（perfdoc.check，{len(items)} 条）：不含分类 {len(items) / t_plain:,.0f} 条/秒；"
          f"含分类与匹配 {len(items) / t_full:,.0f} 条/秒（目标 ≥ 3,000 条/秒）")


if __name__ == "__main__":
    main()
