"""Grouped cross-validation of the 二级指标 on the published rows (issue 11).

Every published table (source) is tested once by a model trained without it: folds are whole tables
(`by="source"`, k folds by a fixed hash) or whole provinces (`by="province"`, leave one province out).
Rows that do not come from a published table (indicator-library rows, `origin` "library") are
never tested; they only train. Per fold the family is fitted on the library, the
in-repo labelled rows and the published rows of the other folds, then the whole prediction path
(library match, value prior) runs unchanged on the test tables.

Figures: strict agreement with the published label; agreement with an acceptable label (the published
one or a defensible reading of what the indicator measures, corpora/classify_readings.csv); the
confusion table; expected calibration error; and the CATEGORY_MISMATCH claims the review would make
against the published 二级, each judged right when the published class is no defensible reading of
the indicator by that list (unlisted kinds count as wrong).
"""
from __future__ import annotations

import hashlib
from collections import Counter
from dataclasses import replace
from pathlib import Path


def is_published(row: dict) -> bool:
    """A row of a published table (origin absent, "table" or "published"), not of a library."""
    return row.get("origin") != "library"


def _province(row: dict, sources: dict) -> str:
    src = str(row.get("source") or "")
    prov = (sources.get(src) or {}).get("province")
    return prov or src.split("-")[0].rstrip("0123456789")


def folds(rows: list[dict], *, k: int = 5, by: str = "source", seed: int = 0,
          sources: dict | None = None) -> list[list[int]]:
    """Test indices of each fold: published rows only, whole groups on one side."""
    groups: dict[str, list[int]] = {}
    for i, r in enumerate(rows):
        if not is_published(r):
            continue
        g = _province(r, sources or {}) if by == "province" else str(r.get("source"))
        groups.setdefault(g, []).append(i)
    if by == "province":
        return [groups[g] for g in sorted(groups)]
    out: list[list[int]] = [[] for _ in range(k)]
    for g in sorted(groups):
        h = int(hashlib.sha1(f"{seed}:{g}".encode()).hexdigest()[:8], 16)
        out[h % k].extend(groups[g])
    return [f for f in out if f]


def cross_validate(families=("linear",), *, k: int = 5, by: str = "source", seed: int = 0,
                   path: str | Path | None = None, library=None, with_library_rows: bool = True) -> dict:
    """Grouped CV figures for each model family (see the module docstring)."""
    from perfdoc.config import load_config
    from perfdoc.indicators.classification import readings
    from perfdoc.indicators.classification.classify import load_models, mismatch, predict
    from perfdoc.indicators.classification.families import (calibration_error, fit_family, in_repo_rows,
                                                             library_rows, published_rows)
    from perfdoc.indicators.classification.published import SOURCES, read_sources
    from perfdoc.indicators.classification.train import parse_all, training_rows
    from perfdoc.indicators.library.conventions import Conventions
    from perfdoc.indicators.library.library import load_library
    from perfdoc.resources import corpus

    lib = library if library is not None and not isinstance(library, (str, Path)) else load_library(library)
    rows = published_rows(path)
    others = in_repo_rows() + (library_rows() if with_library_rows else [])  # library rows: training-only
    test_folds = folds(rows, k=k, by=by, seed=seed, sources=read_sources(corpus(SOURCES)))
    shipped = load_models()
    th = load_config().review.category_mismatch_confidence
    parsed_all = parse_all([r["value"] for r in rows])
    out = {"by": by, "folds": len(test_folds), "rows": sum(map(len, test_folds)),
           "tables": len({rows[i]["source"] for f in test_folds for i in f}), "families": {}}
    for family in families:
        records = []
        for test in test_folds:
            tset = set(test)
            labelled = others + [r for i, r in enumerate(rows) if i not in tset]
            docs, labels, weights = training_rows(lib, labelled)["level2"]
            model = fit_family(family, docs, labels, weights)
            items = [(rows[i]["name"], rows[i]["value"], rows[i].get("project")) for i in test]
            preds = predict(items, library=lib, models=replace(shipped, level2=model), conventions=Conventions(),
                            parsed=[parsed_all[i] for i in test])
            for i, p in zip(test, preds):
                r, pa = rows[i], parsed_all[i]
                gold = r["level2"]
                claim = mismatch((gold,), p, th, r["name"], r["value"], pa)
                probs = p.level2_probs or {}
                model_claim = (p.level2 != gold and p.level2_confidence >= th and probs.get(gold, 0.0) < 0.10)
                records.append({
                    "source": r["source"], "name": r["name"], "value": r["value"], "gold": gold,
                    "level2": p.level2, "confidence": p.level2_confidence, "gold_probability": probs.get(gold, 0.0),
                    "readings": readings.readings(r["name"], r["value"], pa),
                    "acceptable": readings.acceptable(p.level2, gold, r["name"], r["value"], pa),
                    "claim": claim, "model_claim": model_claim,
                    "claim_right": readings.claim_right(gold, r["name"], r["value"], pa),
                })
        out["families"][family] = summarise(records, calibration_error)
    return out


def summarise(records: list[dict], calibration_error) -> dict:
    n = len(records)
    strict = sum(r["level2"] == r["gold"] for r in records)
    acceptable = sum(r["acceptable"] for r in records)
    claims = [r for r in records if r["claim"]]
    model_claims = [r for r in records if r["model_claim"]]
    confusion = Counter((r["gold"], r["level2"]) for r in records)
    return {
        "n": n,
        "strict": strict / n if n else None,
        "acceptable": acceptable / n if n else None,
        "calibration_error": calibration_error([r["confidence"] for r in records],
                                               [r["level2"] == r["gold"] for r in records]),
        "calibration_error_acceptable": calibration_error([r["confidence"] for r in records],
                                                          [r["acceptable"] for r in records]),
        "claims": len(claims),
        "claims_right": sum(r["claim_right"] is True for r in claims),
        "claims_unjudged": sum(r["claim_right"] is None for r in claims),
        "claim_precision": (sum(r["claim_right"] is True for r in claims) / len(claims)) if claims else None,
        "model_claims": len(model_claims),
        "model_claim_precision": (sum(r["claim_right"] is True for r in model_claims) / len(model_claims)
                                  if model_claims else None),
        "declared_not_defensible": sum(r["claim_right"] is True for r in records),
        "confusion": [[g, p, c] for (g, p), c in sorted(confusion.items())],
        "records": records,
    }
