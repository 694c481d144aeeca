"""`perfdoc eval classify`: accuracy of 二级指标, sector and library mapping on held-out indicators.

The same figures are computed in the same run for two baselines: keyword rules
(corpora/classify_keywords.csv: name keyword → 二级指标, sector keywords; mapping by shared words)
and rapidfuzz-only nearest library name.
"""
from __future__ import annotations

import csv
import io
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from perfdoc.errors import DataError
from perfdoc.indicators.classification import features, readings

HELDOUT = "labelled/classify_heldout.jsonl"


@dataclass(slots=True)
class Item:
    name: str
    value: str
    level2: str
    sector: str  # "205 教育"
    gold_id: str
    project: str | None = None
    gold: str = ""  # the gold entry's name, resolved to gold_id against the library when no id is given


@dataclass(slots=True)
class Scores:
    method: str
    n: int = 0
    n_mapped: int = 0  # items with a gold library entry
    level2: int = 0
    sector: int = 0
    top1: int = 0
    top3: int = 0
    acceptable: int = 0  # the gold 二级 or a defensible reading of it (corpora/classify_readings.csv)
    errors: list = field(default_factory=list)

    def add(self, item: Item, level2: str, sector: str, ids: list[str]) -> None:
        self.n += 1
        self.level2 += level2 == item.level2
        self.acceptable += readings.acceptable(level2, item.level2, item.name, item.value)
        self.sector += sector == item.sector
        if item.gold_id:
            self.n_mapped += 1
            self.top1 += bool(ids) and ids[0] == item.gold_id
            self.top3 += item.gold_id in ids[:3]
        if level2 != item.level2 or sector != item.sector or (item.gold_id and item.gold_id not in ids[:3]):
            self.errors.append((item, level2, sector, ids[:3]))

    def rates(self) -> dict:
        d, m = max(self.n, 1), self.n_mapped
        return {"method": self.method, "n": self.n, "n_mapped": m, "level2_accuracy": self.level2 / d,
                "level2_acceptable": self.acceptable / d,
                "sector_accuracy": self.sector / d, "top1": self.top1 / m if m else None,
                "top3": self.top3 / m if m else None}


def read_items(path: str | Path | None = None) -> list[Item]:
    from perfdoc.indicators.classification.train import iter_labelled
    from perfdoc.resources import corpus

    p = Path(path) if path else corpus(HELDOUT)
    items = []
    for n, obj, l2, sector in iter_labelled(p):
        if l2 is None or sector is None or not obj.get("name"):
            raise DataError("缺少 name、level2 或 sector", file=p, row=n)
        items.append(Item(obj["name"], obj.get("value") or "", l2, sector, obj.get("gold_id") or "",
                          obj.get("project"), (obj.get("gold") or "").strip()))
    if not items:
        raise DataError("评测集为空", file=p)
    return items


@lru_cache(maxsize=1)
def keyword_rules() -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(keyword, 二级指标) in priority order, (keyword, sector code)."""
    from perfdoc.resources import corpus

    text = corpus("classify_keywords.csv").read_text(encoding="utf-8")
    level2, sector = [], []
    rows = csv.reader(io.StringIO("\n".join(ln for ln in text.splitlines() if not ln.startswith("#"))))
    next(rows)
    for kind, keyword, label in rows:
        (level2 if kind == "level2" else sector).append((keyword, label))
    return level2, sector


def keyword_baseline(items: list[Item], library) -> Scores:
    from perfdoc.indicators.library.framework import sector_label

    l2_rules, s_rules = keyword_rules()
    entry_words = [set(features.words(features.normalize(e.name))) for e in library.entries]
    scores = Scores("关键词规则（基线）")
    for it in items:
        name = features.normalize(it.name)
        l2 = next((lab for kw, lab in l2_rules if kw in name), "数量指标")
        hits = Counter(code for kw, code in s_rules if kw in name)
        sec = sector_label(max(hits, key=lambda c: (hits[c], c)) if hits else "000")
        qw = set(features.words(name))
        ranked = sorted(range(len(entry_words)), key=lambda i: (-len(qw & entry_words[i]), i))[:3]
        scores.add(it, l2, sec, [library.entries[i].id for i in ranked])
    return scores


def fuzzy_baseline(items: list[Item], library) -> Scores:
    from rapidfuzz import fuzz, process

    names = [features.normalize(e.name) for e in library.entries]
    scores = Scores("rapidfuzz 最近名称（基线）")
    for it in items:
        best = process.extract(features.normalize(it.name), names, scorer=fuzz.WRatio, limit=3)
        ids = [library.entries[i].id for _, _, i in best]
        top = library.entries[best[0][2]]
        scores.add(it, top.level2, top.sector_label, ids)
    return scores


def system_scores(items: list[Item], library) -> tuple[Scores, list]:
    from perfdoc.indicators.classification.classify import predict

    from perfdoc.indicators.library.conventions import Conventions

    preds = predict([(it.name, it.value, it.project) for it in items], library=library, conventions=Conventions())
    scores = Scores("perfdoc（分类模型 + 指标库匹配）")
    for it, p in zip(items, preds):
        scores.add(it, p.level2, p.sector, [h.entry.id for h in p.hits])
    return scores, preds


def mismatch_rates(items: list[Item], preds: list) -> dict:
    """CATEGORY_MISMATCH at the configured threshold: false alarms when the declared 二级指标 is the
    gold one; detections when a unit declared the wrong one (the next 二级指标 of the framework)."""
    from perfdoc.config import load_config
    from perfdoc.indicators.library.framework import LEVEL2_ALL

    from perfdoc.indicators.classification.classify import mismatch

    th = load_config().review.category_mismatch_confidence
    false_alarm = detected = 0
    for it, p in zip(items, preds):
        false_alarm += mismatch((it.level2,), p, th, it.name, it.value)
        wrong = LEVEL2_ALL[(LEVEL2_ALL.index(it.level2) + 1) % len(LEVEL2_ALL)]
        detected += mismatch((wrong,), p, th, it.name, it.value)
    n = max(len(items), 1)
    return {"threshold": th, "false_alarm": false_alarm / n, "detection": detected / n}


def skops_agreement(items: list[Item]) -> float:
    """Largest probability difference between the runtime export and the skops pipelines."""
    import numpy as np

    from perfdoc.indicators.classification.classify import load_models, load_skops

    runtime, ref = load_models(), load_skops()
    worst = 0.0
    from perfdoc.indicators.classification.train import level2_documents

    for key, docs in (("level2", level2_documents([(i.name, i.value) for i in items])),
                      ("sector", [features.sector_document(i.name, i.project) for i in items])):
        a = getattr(runtime, key).predict_proba(docs)
        b = ref[key].predict_proba(docs)
        worst = max(worst, float(np.abs(a - b).max()))
    return worst


def resolve_gold_names(items: list[Item], library) -> None:
    """Items that name their gold entry ("gold") instead of giving its id: look the name up in the
    item's sector, then in 000 通用, then anywhere (names first, then aliases)."""
    by_name: dict[tuple[str, str], str] = {}
    by_alias: dict[tuple[str, str], str] = {}
    for e in library.entries:
        by_name.setdefault((e.sector, e.name), e.id)
        by_name.setdefault(("*", e.name), e.id)
        for a in e.aliases:
            by_alias.setdefault((e.sector, a), e.id)
            by_alias.setdefault(("*", a), e.id)
    for it in items:
        if it.gold_id or not it.gold:
            continue
        keys = [(it.sector[:3], it.gold), ("000", it.gold), ("*", it.gold)]
        it.gold_id = next((t[k] for t in (by_name, by_alias) for k in keys if k in t), "")
        if not it.gold_id:
            raise DataError(f"评测集中的 gold“{it.gold}”在指标库中找不到（指标“{it.name}”）")


def evaluate(path: str | Path | None = None, *, library=None, check_skops: bool = True,
             families: tuple[str, ...] = ("linear",), cv: bool = False) -> dict:
    """All figures for the system and both baselines, plus the system's errors; without `path`
    also the grouped held-out split of the published tables for each model family, and with `cv`
    grouped cross-validation over them (by table, and leaving one province out)."""
    from perfdoc.indicators.library.library import load_library

    items = read_items(path)
    lib = library if library is not None and not isinstance(library, (str, Path)) else load_library(library)
    resolve_gold_names(items, lib)
    missing = [it.gold_id for it in items if it.gold_id and it.gold_id not in lib.by_id]
    if missing:
        raise DataError(f"评测集中有 {len(missing)} 条的 gold_id 不在指标库中（如 {missing[0]}）",
                        hint="请核对评测集的 gold_id 与 corpora/indicator_library.csv 的编号")
    system, preds = system_scores(items, lib)
    result = {
        "items": len(items),
        "items_with_gold_entry": sum(1 for it in items if it.gold_id),
        "mismatch": mismatch_rates(items, preds),
        "library_entries": len(lib),
        "results": [system.rates(), keyword_baseline(items, lib).rates(), fuzzy_baseline(items, lib).rates()],
        "errors": [{"name": it.name, "value": it.value, "gold_level2": it.level2, "level2": l2,
                    "gold_sector": it.sector, "sector": s, "gold_id": it.gold_id, "matches": ids}
                   for it, l2, s, ids in system.errors],
    }
    if check_skops:
        result["skops_max_difference"] = skops_agreement(items)
    if path is None and families and corpus_has_published():
        from perfdoc.indicators.classification.families import published_holdout

        result["published"] = published_holdout(families, library=lib)
        if cv:
            from perfdoc.indicators.classification.crossval import cross_validate

            result["published_cv"] = [cross_validate(families, by=by, library=lib) for by in ("source", "province")]
            for block in result["published_cv"]:
                for fam in block["families"].values():
                    fam.pop("records", None)
    return result


def corpus_has_published() -> bool:
    from perfdoc.indicators.classification.published import DERIVED
    from perfdoc.resources import corpus

    return corpus(DERIVED).is_file()
