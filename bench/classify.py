"""Added cost per indicator of classification and library mapping, and the cost of a bigger library.

    .venv/bin/python bench/classify.py [--n 10000] [--entries 10000] [--families [--seeds 3]]
    .venv/bin/python bench/classify.py --published DIR [--show]
    .venv/bin/python bench/classify.py --cv [--by source|province] [--cv-families linear,boosting]

Prints, in one run over N distinct realistic indicators (held-out names with varied prefixes):
- the floor: plain jieba.lcut over the same names;
- classification only (both models), mapping only, and `enrich` in total, with the shipped library
  and with a synthetic library of --entries entries (the shipped one perturbed), each as µs per
  indicator, plus the index build time of each library;
- the whole review (`perfdoc.check` with and without enrich) in indicators per second, when the
  review module is present (target ≥ 3,000/s with the shipped library);
- with --families: the linear model (shipped) against gradient boosting on the same tokens, 二级
  accuracy on grouped held-out splits of the published tables (issue 11);
- with --cv: grouped cross-validation over the published tables (every table tested once by a model
  trained without it; `--by province` leaves one province out): strict and acceptable 二级 accuracy,
  calibration error, the CATEGORY_MISMATCH claims against the published 二级 with their precision
  (judged by corpora/classify_readings.csv), and the confusion table (then exit).
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


def families(seeds: int) -> None:
    """Linear (shipped) vs gradient boosting on the same tokens: 二级 accuracy against the published
    labels on grouped held-out splits of the published tables (whole tables held out), fit time."""
    import statistics

    from perfdoc.indicators.classification.families import published_holdout

    scores: dict[str, list[float]] = {}
    fit: dict[str, float] = {}
    for seed in range(seeds):
        for family in ("linear", "boosting"):
            t0 = time.perf_counter()
            r = published_holdout((family,), seed=seed)
            fit[family] = fit.get(family, 0.0) + time.perf_counter() - t0
            scores.setdefault(family, []).append(r["families"][family]["level2_accuracy"])
            print(f"  seed {seed} {family:<9} {r['test_tables']} 张表 {r['test_rows']} 条：{scores[family][-1]:.3f}",
                  flush=True)
    print(f"\n模型族（公开申报表，按表分组留出，{seeds} 个种子）：")
    for family, accs in scores.items():
        print(f"  {family:<9} 二级指标准确率 平均 {statistics.mean(accs):.3f}（{' / '.join(f'{a:.3f}' for a in accs)}）；"
              f"训练+评测 {fit[family] / seeds:.1f} 秒/次")
    print()


def cross_validation(families_: list[str], by: str) -> None:
    """Grouped CV over the published tables (crossval.cross_validate), printed as a table."""
    from perfdoc.indicators.classification.crossval import cross_validate
    from perfdoc.indicators.library.framework import LEVEL2_ALL

    t0 = time.perf_counter()
    r = cross_validate(tuple(families_), by=by)
    print(f"公开申报表交叉验证（{'按表分组 5 折' if by == 'source' else '留一省'}）：{r['folds']} 折，{r['tables']} 张表 "
          f"{r['rows']} 条；用时 {time.perf_counter() - t0:.0f} 秒")
    print(f"{'模型':<10}{'严格':>7}{'可接受':>8}{'ECE':>7}{'ECE(可接受)':>12}{'提示数':>7}{'成立':>7}{'无类别':>7}"
          f"{'仅模型提示':>10}{'成立':>7}{'申报不合理':>10}")
    for family, s in r["families"].items():
        f = (lambda x: "—" if x is None else f"{x:.3f}")
        print(f"{family:<10}{f(s['strict']):>7}{f(s['acceptable']):>8}{f(s['calibration_error']):>7}"
              f"{f(s['calibration_error_acceptable']):>12}{s['claims']:>7}{f(s['claim_precision']):>7}"
              f"{s['claims_unjudged']:>7}{s['model_claims']:>10}{f(s['model_claim_precision']):>7}"
              f"{s['declared_not_defensible']:>10}")
    short = [x.removesuffix("指标").replace("服务对象满意度", "满意度") for x in LEVEL2_ALL]
    for family, s in r["families"].items():
        conf = {(g, p): c for g, p, c in s["confusion"]}
        print(f"\n混淆表（{family}；行 = 公布标签，列 = 预测）")
        print(" " * 10 + "".join(f"{x[:4]:>7}" for x in short))
        for g, gs in zip(LEVEL2_ALL, short):
            print(f"{gs[:6]:<10}" + "".join(f"{conf.get((g, p), 0) or '·':>7}" for p in LEVEL2_ALL))
    print()


def published(folder: Path, show: bool) -> None:
    """Measure the shipped review on a folder of published tables in corpora/published's format
    (indicators.jsonl, optional measurability_sample.jsonl): 二级 agreement with the published
    label (strict), CATEGORY_MISMATCH claims, measurability false alarms and vague values caught.
    Overlap with the training tables is removed by url (sources.csv)."""
    from perfdoc.indicators.classification.published import normalise, read_rows, read_sources
    from perfdoc.indicators.review import check

    train_urls = {r["url"] for r in read_sources(ROOT / "corpora/published/sources.csv").values()}
    sources = read_sources(folder / "sources.csv")
    overlap = {s for s, r in sources.items() if r.get("url") in train_urls}
    rows = [r for r in read_rows(folder / "indicators.jsonl") if r.get("source") not in overlap]
    results = check([{k: r.get(k) for k in ("name", "value", "project", "level1", "level2")} for r in rows])
    labelled = [(r, normalise(r), res) for r, res in zip(rows, results)]
    labelled = [(r, n, res) for r, n, res in labelled if n is not None]
    right = sum(n["level2"] == res.level2 for _, n, res in labelled)
    claims = [(r, res) for r, res in zip(rows, results) if any(i.code == "CATEGORY_MISMATCH" for i in res.issues)]
    print(f"公开申报表 {folder}：{len({r['source'] for r in rows})} 张表 {len(rows)} 条（与训练表重复的 {len(overlap)} 张已去掉）")
    print(f"  二级指标与公布标签一致（严格）：{right}/{len(labelled)} = {right / max(len(labelled), 1):.3f}")
    print(f"  CATEGORY_MISMATCH 提示 {len(claims)} 条（占有申报二级指标的 {len(claims) / max(len(labelled), 1):.1%}）")
    if show:
        for r, n, res in labelled:
            if n["level2"] != res.level2:
                print(f"    ≠ {r['source']} | {r['name']} | {r['value']} | 公布 {r.get('level2')} | 预测 {res.level2} "
                      f"{res.level2_confidence:.2f}")
        for r, res in claims:
            print(f"    MM {r['source']} | {r['name']} | {r['value']} | 公布 {r.get('level2')} | 建议 {res.level2}")
    sample = folder / "measurability_sample.jsonl"
    if sample.is_file():
        judged = [x for x in read_rows(sample) if x.get("source") not in overlap]
        res = check([{"name": x["name"], "value": x["value"]} for x in judged], classify=False)
        ok = [r for x, r in zip(judged, res) if x["measurable"]]
        vague = [r for x, r in zip(judged, res) if x.get("reason") == "VAGUE_VALUE"]
        bad = [r for x, r in zip(judged, res) if not x["measurable"]]
        fa = sum(not r.measurable for r in ok)
        print(f"  可衡量（人工判断 {len(judged)} 条）：误报 {fa}/{len(ok)} = {fa / max(len(ok), 1):.1%}；"
              f"模糊表述检出 {sum(not r.measurable for r in vague)}/{len(vague)} = "
              f"{sum(not r.measurable for r in vague) / max(len(vague), 1):.1%}；"
              f"全部不可衡量检出 {sum(not r.measurable for r in bad)}/{len(bad)}")
        if show:
            for x, r in zip(judged, res):
                if x["measurable"] != r.measurable:
                    print(f"    {'误报' if x['measurable'] else '漏检'} {x['source']} | {x['name']} | {x['value']} | "
                          f"人工 {x.get('reason') or '可衡量'} | 输出 {[i.code for i in r.issues]}")
    print()


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--n", type=int, default=10_000)
    ap.add_argument("--entries", type=int, default=10_000)
    ap.add_argument("--families", action="store_true",
                    help="also compare the model families on the grouped held-out split of published tables")
    ap.add_argument("--seeds", type=int, default=3, help="grouped splits (seeds) for --families")
    ap.add_argument("--published", type=Path, help="a folder of published tables to measure on (then exit)")
    ap.add_argument("--show", action="store_true", help="with --published: list every disagreement")
    ap.add_argument("--cv", action="store_true", help="grouped cross-validation over the published tables (then exit)")
    ap.add_argument("--by", choices=("source", "province"), default="source", help="with --cv: group by table or province")
    ap.add_argument("--cv-families", default="linear,boosting", help="with --cv: model families, comma-separated")
    args = ap.parse_args()
    if args.cv:
        cross_validation(args.cv_families.split(","), args.by)
        return
    if args.published:
        published(args.published, args.show)
        return
    if args.families:
        families(args.seeds)

    from perfdoc.indicators.classification import features
    from perfdoc.indicators.classification.classify import load_models, predict
    from perfdoc.indicators.library.library import load_library
    from perfdoc.indicators.library.mapping import Mapper

    from perfdoc.indicators.classification.train import parse_all

    items = indicators(args.n)
    names = [it["name"] for it in items]
    parsed = parse_all([it["value"] for it in items])  # the review has parsed them before it classifies
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
        t_cls, _ = timed(lambda: (models.level2.predict_proba([features.level2_document(i["name"], i["value"], pa)
                                                               for i, pa in zip(items, parsed)]),
                                  models.sector.predict_proba([features.sector_document(i["name"], None)
                                                               for i in items])))
        clear_caches()
        t_map, _ = timed(mapper.search, names, 3)
        clear_caches()
        t_all, _ = timed(predict, [(i["name"], i["value"], None) for i in items], library=lib, parsed=parsed)
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
