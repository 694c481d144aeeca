"""Two model families for the 二级指标 on the same tokens, and their grouped held-out evaluation.

- linear: TF-IDF over the tokens of features.level2_tokens (name words and character n-grams, the
  head noun and modifiers, what the parsed value measures) → LinearSVC with sigmoid calibration.
  This is the shipped model (train.py exports it to numpy for the cold path).
- boosting: sklearn HistGradientBoostingClassifier on the same tokens, as binary columns of the
  most frequent tokens (trees need dense input). Compared in `perfdoc eval classify` and
  bench/classify.py; not shipped (a tree runtime without sklearn would break the cold start).

`published_holdout` trains each family on everything except the published tables of a grouped
test split (whole tables on one side, fixed seed) and scores them on that split, with the rest
of the pipeline (library match, value prior) unchanged.
"""
from __future__ import annotations

from pathlib import Path

import numpy as np

BOOST_FEATURES = 1000
BOOST_ITER = 60


class BoostingModel:
    """predict_proba over token lists, like classify.LinearModel."""

    def __init__(self, docs: list[str], labels: list[str], weights: list[float]) -> None:
        from sklearn.ensemble import HistGradientBoostingClassifier
        from sklearn.feature_extraction.text import CountVectorizer

        self.vec = CountVectorizer(token_pattern=r"\S+", lowercase=False, binary=True,
                                   max_features=BOOST_FEATURES, dtype=np.float32)
        x = self.vec.fit_transform(docs)
        self.clf = HistGradientBoostingClassifier(max_iter=BOOST_ITER, learning_rate=0.1, max_leaf_nodes=31,
                                                  early_stopping=False, random_state=0)
        from threadpoolctl import threadpool_limits

        with threadpool_limits(1):  # OpenMP threads only spin on a shared 2-core machine
            self.clf.fit(x.toarray(), labels, sample_weight=np.asarray(weights))
        self.labels = [str(c) for c in self.clf.classes_]

    def predict_proba(self, docs) -> np.ndarray:
        texts = [d if isinstance(d, str) else " ".join(d) for d in docs]
        from threadpoolctl import threadpool_limits

        with threadpool_limits(1):
            return self.clf.predict_proba(self.vec.transform(texts).toarray())


class SklearnLinear:
    """The linear pipeline as fitted by train.fit_pipeline, with the LinearModel interface."""

    def __init__(self, pipe) -> None:
        self.pipe = pipe
        self.labels = [str(c) for c in pipe.classes_]

    def predict_proba(self, docs) -> np.ndarray:
        return self.pipe.predict_proba([d if isinstance(d, str) else " ".join(d) for d in docs])


def fit_family(family: str, docs: list[str], labels: list[str], weights: list[float]):
    from perfdoc.indicators.classification.train import C, fit_pipeline

    if family == "linear":
        return SklearnLinear(fit_pipeline(docs, labels, weights, C["level2"]))
    if family == "boosting":
        return BoostingModel(docs, labels, weights)
    raise ValueError(family)


def published_rows(path: str | Path | None = None) -> list[dict]:
    """The published training rows (label spelling normalised), as train.read_labelled gives them,
    marked origin "table"."""
    from perfdoc.indicators.classification.published import DERIVED, with_origin
    from perfdoc.indicators.classification.train import read_labelled
    from perfdoc.resources import corpus

    return with_origin(read_labelled(Path(path) if path else corpus(DERIVED)), "table")


def library_rows(path: str | Path | None = None) -> list[dict]:
    """Rows of indicator libraries and tables from public repositories (training-only), marked
    origin "library"; empty when their snapshot is absent."""
    from perfdoc.indicators.classification.published import DERIVED_LIBRARY
    from perfdoc.indicators.classification.train import read_labelled
    from perfdoc.resources import corpus

    p = Path(path) if path else corpus(DERIVED_LIBRARY)
    return [{**r, "origin": "library"} for r in read_labelled(p)] if p.is_file() else []


def in_repo_rows() -> list[dict]:
    """The project's own labelled training rows (corpora/labelled/classify_train*.jsonl) without the
    published-table snapshot, which the grouped evaluations split themselves."""
    from perfdoc.indicators.classification.published import DERIVED
    from perfdoc.indicators.classification.train import corpus_files, read_labelled

    return [it for f in corpus_files() if f.name.startswith("classify_train") and f.name != Path(DERIVED).name
            for it in read_labelled(f)]


def published_holdout(families=("linear", "boosting"), *, test_size: float = 0.25, seed: int = 0,
                      path: str | Path | None = None, library=None, with_library_rows: bool = True,
                      library_rows_path: str | Path | None = None) -> dict:
    """Train each family without the test tables, score 二级 on them (strict: the published label).

    Rows from public repositories' libraries (origin "library") join the training side only
    (`with_library_rows`); the test tables are the same with or without them."""
    from dataclasses import replace

    from perfdoc.config import load_config
    from perfdoc.indicators.classification import readings
    from perfdoc.indicators.classification.classify import load_models, mismatch, predict
    from perfdoc.indicators.classification.published import group_split
    from perfdoc.indicators.classification.train import training_rows
    from perfdoc.indicators.library.conventions import Conventions
    from perfdoc.indicators.library.library import load_library

    lib = library if library is not None and not isinstance(library, (str, Path)) else load_library(library)
    published = published_rows(path)
    extra = library_rows(library_rows_path) if with_library_rows else []
    train_idx, test_idx = group_split(published + extra, test_size=test_size, seed=seed)
    published = published + extra
    test = [published[i] for i in test_idx]
    labelled = in_repo_rows() + [published[i] for i in train_idx]
    docs, labels, weights = training_rows(lib, labelled)["level2"]
    shipped = load_models()
    tables = [r for r in published if r["origin"] == "table"]
    out = {"rows": len(tables), "tables": len({r["source"] for r in tables}),
           "test_rows": len(test), "test_tables": len({r["source"] for r in test}),
           "train_tables": len({published[i]["source"] for i in train_idx if published[i]["origin"] == "table"}),
           "library_rows": len(extra), "seed": seed, "families": {}}
    items = [(r["name"], r["value"], r.get("project")) for r in test]
    gold = [r["level2"] for r in test]
    for family in families:
        model = fit_family(family, docs, labels, weights)
        preds = predict(items, library=lib, models=replace(shipped, level2=model), conventions=Conventions())
        right = sum(p.level2 == g for p, g in zip(preds, gold))
        th = load_config().review.category_mismatch_confidence
        claims = [{"name": r["name"], "value": r["value"], "source": r["source"], "declared": r["level2"],
                   "suggested": p.level2, "confidence": p.level2_confidence,
                   "right": readings.claim_right(r["level2"], r["name"], r["value"])}
                  for r, p in zip(test, preds) if mismatch((r["level2"],), p, th, r["name"], r["value"])]
        ok = sum(readings.acceptable(p.level2, g, r["name"], r["value"]) for r, p, g in zip(test, preds, gold))
        out["families"][family] = {
            "level2_accuracy": right / len(test) if test else None,
            "level2_acceptable": ok / len(test) if test else None,
            "mismatch_precision": (sum(c["right"] is True for c in claims) / len(claims)) if claims else None,
            "calibration_error": calibration_error([p.level2_confidence for p in preds],
                                                   [p.level2 == g for p, g in zip(preds, gold)]),
            "mismatch_claims": claims,
            "predictions": [{"name": r["name"], "value": r["value"], "source": r["source"],
                             "gold": r["level2"], "level2": p.level2, "confidence": p.level2_confidence}
                            for r, p in zip(test, preds)],
        }
    return out


def calibration_error(confidences: list[float], correct: list[bool], bins: int = 5) -> float | None:
    """Expected calibration error: the gap between stated confidence and accuracy, over equal-width
    confidence bins weighted by their size (0 = perfectly calibrated)."""
    if not confidences:
        return None
    total = 0.0
    for b in range(bins):
        lo, hi = b / bins, (b + 1) / bins
        idx = [i for i, c in enumerate(confidences) if lo <= c < hi or (b == bins - 1 and c == 1.0)]
        if idx:
            conf = sum(confidences[i] for i in idx) / len(idx)
            acc = sum(correct[i] for i in idx) / len(idx)
            total += len(idx) / len(confidences) * abs(conf - acc)
    return total
