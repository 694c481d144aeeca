"""`perfdoc train`: fit the 二级指标 and sector classifiers from the library and labelled indicators.

Deterministic: inputs are read in sorted order, the models use fixed random_state and an unshuffled
stratified split, and both artefacts are written as zip files with fixed member names and
timestamps, so two runs give byte-identical files. Outputs (in the models folder):

- level2.skops, sector.skops: the sklearn pipelines (TfidfVectorizer → CalibratedClassifierCV
  over LinearSVC), saved with skops, the reference form of the models;
- classify.npz: the same fitted numbers (vocabulary, idf, coefficients, sigmoid calibrators) as
  plain numpy arrays, which the review loads without importing sklearn (cold start);
- classify.json: the sidecar (labels, library version and entry count, corpus sha256 over the
  files trained from, per-file sha256, sklearn version).
"""
from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
from pathlib import Path

import numpy as np

from perfdoc.errors import DataError
from perfdoc.indicators.classification import features
from perfdoc.indicators.classification.published import DERIVED_LIBRARY
from perfdoc.indicators.library.framework import normalize_levels, parse_sector, strip_enumerator

FORMAT = "perfdoc-classify/1"
FEATURES_VERSION = 4  # bump when features.py changes how text becomes tokens
SIDECAR = "classify.json"
LEXICON = "sector_lexicon.txt"
LEXICON_WEIGHT = 0.5
LIBRARY_WEIGHT = 0.3  # library names and aliases against …
PUBLISHED_WEIGHT = 3.0  # … rows of real published tables (corpora/labelled/classify_train_published.jsonl)
LIBRARY_ROWS_WEIGHT = 1.0  # … rows of indicator libraries from public repositories (origin "library") …
LIBRARY_SOURCE_CAP = 60  # … each source weighing at most as much as this many rows
LIBRARY_ROWS = DERIVED_LIBRARY  # rows of indicator libraries from public repositories (origin "library")
RUNTIME = "classify.npz"
READINGS = "classify_readings.csv"  # the kind of indicator is a feature
GRAMMAR_FILES = ("check_units.csv", "check_words.csv", "check_patterns.jsonl", "check_segment_words.txt")
SKOPS_FILES = {"level2": "level2.skops", "sector": "sector.skops"}
MAX_FEATURES = 30000
C = {"level2": 0.5, "sector": 1.0}  # chosen on the dev set and leave-one-alias-out, not on held-out
ZIP_DATE = (1980, 1, 1, 0, 0, 0)


def corpus_files(corpora: Path | None = None) -> list[Path]:
    """The files the models are trained from, in a fixed order (their hash goes in the sidecar)."""
    from perfdoc.resources import data_dir

    root = corpora or data_dir("corpora")
    files = [root / "indicator_library.csv", root / "indicator_synonyms.txt", root / LEXICON, root / READINGS]
    files += sorted((root / "labelled").glob("classify_train*.jsonl"))
    files.append(root / LIBRARY_ROWS)  # rows of indicator libraries from public repositories (origin library)
    files += [root / name for name in GRAMMAR_FILES]  # the value features read the parse
    return [f for f in files if f.is_file()]


def corpus_sha256(files: list[Path]) -> str:
    h = hashlib.sha256()
    for f in files:
        h.update(f.name.encode("utf-8") + b"\0")
        h.update(hashlib.sha256(f.read_bytes()).hexdigest().encode("ascii"))
    h.update(f"features={FEATURES_VERSION}".encode())
    return h.hexdigest()


def iter_labelled(path: Path):
    """Rows of a labelled-indicator .jsonl as (line number, object, normalised 二级指标, sector label).

    Blank and `#` lines are skipped; a line that is not JSON is a DataError naming file and row.
    """
    from perfdoc.fileio import read_text

    for n, line in enumerate(read_text(path).splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise DataError(f"JSON 格式错误：{exc.msg}", file=path, row=n) from None
        _, l2 = normalize_levels(obj.get("level1"), obj.get("level2"))
        yield n, obj, l2, parse_sector(obj.get("sector"))


def read_labelled(path: Path) -> list[dict]:
    """Labelled training indicators: {name, value, level2, sector, optional project, level1, weight}.

    Rows of a published table weigh PUBLISHED_WEIGHT; rows of an indicator library from a public
    repository (origin "library") weigh LIBRARY_ROWS_WEIGHT, shared out so that one source counts
    at most as much as LIBRARY_SOURCE_CAP rows (a big library must not drown the tables)."""
    items = []
    for n, obj, l2, sector in iter_labelled(path):
        if l2 is None or not obj.get("name"):
            raise DataError("缺少有效的 name 或 level2", file=path, row=n)
        origin = obj.get("origin")
        weight = LIBRARY_ROWS_WEIGHT if origin == "library" else PUBLISHED_WEIGHT if obj.get("source") else 1.0
        items.append({"name": strip_enumerator(obj["name"]), "value": obj.get("value") or "", "level2": l2,
                      "sector": sector[:3] if sector else None, "project": obj.get("project"),
                      "source": obj.get("source"), "weight": weight, **({"origin": origin} if origin else {})})
    per_source: dict = {}
    for it in items:
        if it.get("origin") == "library":
            per_source[it["source"]] = per_source.get(it["source"], 0) + 1
    for it in items:
        if it.get("origin") == "library" and per_source[it["source"]] > LIBRARY_SOURCE_CAP:
            it["weight"] *= LIBRARY_SOURCE_CAP / per_source[it["source"]]
    return items


def read_lexicon(path: Path) -> list[tuple[str, str]]:
    """(term, sector code) pairs from corpora/sector_lexicon.txt."""
    from perfdoc.indicators.library.framework import SECTORS

    pairs = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        code, _, terms = line.partition(":")
        if code.strip() not in SECTORS:
            raise DataError(f"无效的行业代码“{code}”", file=path, row=n)
        pairs.extend((t, code.strip()) for t in terms.split())
    return pairs


def parse_all(values: list[str | None]) -> list:
    """The grammar's Parsed for each value (the review passes its own; training parses here)."""
    from perfdoc.indicators.grammar.parse import parse_values

    return [f.parsed for f in parse_values([v or "" for v in values])]


def level2_documents(rows: list[tuple[str, str | None]]) -> list[str]:
    """(name, value) pairs → documents of the 二级指标 model, values parsed by the grammar."""
    parsed = parse_all([v for _, v in rows])
    return [features.level2_document(n, v, p) for (n, v), p in zip(rows, parsed)]


def training_rows(library, labelled: list[dict], lexicon: list[tuple[str, str]] = ()
                  ) -> dict[str, tuple[list[str], list[str], list[float]]]:
    """(documents, labels, weights) for each model, in a deterministic order."""
    l2_rows, l2_y, l2_w = [], [], []
    s_docs, s_y, s_w = [], [], []
    for e in library.entries:
        value = f"{'' if e.operator in ('区间', '=') else e.operator}{e.typical_value}{e.unit}"
        forms = [e.name] + [a for a in e.aliases if a != e.name]
        for i, form in enumerate(forms):
            l2_rows.append((form, value))
            l2_y.append(e.level2)
            l2_w.append(LIBRARY_WEIGHT)
            s_docs.append(features.sector_document(form))
            s_y.append(e.sector)
            s_w.append(1.0 if i == 0 else 0.7)
        l2_rows.append((e.name, None))
        l2_y.append(e.level2)
        l2_w.append(0.3 * LIBRARY_WEIGHT)
        if e.definition:
            l2_rows.append((e.definition, None))
            l2_y.append(e.level2)
            l2_w.append(0.2 * LIBRARY_WEIGHT)
            s_docs.append(features.sector_document(e.definition))
            s_y.append(e.sector)
            s_w.append(0.5)
    for item in labelled:
        l2_rows.append((item["name"], item["value"]))
        l2_y.append(item["level2"])
        l2_w.append(item.get("weight", 1.0))
        if item["sector"]:
            s_docs.append(features.sector_document(item["name"], item.get("project")))
            s_y.append(item["sector"])
            s_w.append(1.0)
            if item.get("project"):  # the review also sees indicators without a project name
                s_docs.append(features.sector_document(item["name"]))
                s_y.append(item["sector"])
                s_w.append(0.5)
    for term, code in lexicon:
        s_docs.append(features.sector_document(term))
        s_y.append(code)
        s_w.append(LEXICON_WEIGHT)
    return {"level2": (level2_documents(l2_rows), l2_y, l2_w), "sector": (s_docs, s_y, s_w)}


def fit_pipeline(docs: list[str], labels: list[str], weights: list[float], c: float):
    from sklearn.calibration import CalibratedClassifierCV
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.model_selection import StratifiedKFold
    from sklearn.pipeline import Pipeline
    from sklearn.svm import LinearSVC

    counts = {y: labels.count(y) for y in set(labels)}
    folds = max(2, min(3, min(counts.values())))
    if len(counts) < 2:
        raise DataError("训练数据只有一个类别，无法训练分类模型")
    pipe = Pipeline([
        ("tfidf", TfidfVectorizer(token_pattern=r"\S+", lowercase=False, sublinear_tf=True,
                                  max_features=MAX_FEATURES, dtype=np.float32)),
        ("clf", CalibratedClassifierCV(LinearSVC(C=c, random_state=0, max_iter=5000), method="sigmoid",
                                       cv=StratifiedKFold(n_splits=folds), ensemble=False)),
    ])
    from threadpoolctl import threadpool_limits

    # BLAS threads split the sums of the sigmoid calibration's optimiser differently (the last
    # bits of cal_a/cal_b changed with OMP_NUM_THREADS): one thread, the same bytes everywhere
    with threadpool_limits(limits=1):
        pipe.fit(docs, labels, clf__sample_weight=np.asarray(weights))
    return pipe


def export_arrays(pipe, prefix: str) -> dict[str, np.ndarray]:
    """The fitted numbers the runtime needs (see classify.LinearModel)."""
    tfidf = pipe.named_steps["tfidf"]
    cal = pipe.named_steps["clf"].calibrated_classifiers_[0]
    svc = cal.estimator
    terms = sorted(tfidf.vocabulary_, key=tfidf.vocabulary_.get)
    classes = list(cal.classes)
    if list(svc.classes_) != classes:
        raise DataError("模型类别顺序不一致")
    return {
        f"{prefix}_terms": np.array(terms, dtype=str),
        f"{prefix}_idf": tfidf.idf_.astype(np.float64),
        f"{prefix}_coef": svc.coef_.astype(np.float64),
        f"{prefix}_intercept": svc.intercept_.astype(np.float64),
        f"{prefix}_cal_a": np.array([c.a_ for c in cal.calibrators], dtype=np.float64),
        f"{prefix}_cal_b": np.array([c.b_ for c in cal.calibrators], dtype=np.float64),
        f"{prefix}_labels": np.array(classes, dtype=str),
    }


def _write_zip(path: Path, members: list[tuple[str, bytes]]) -> None:
    with zipfile.ZipFile(path, "w") as zf:
        for name, data in members:
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, data, compresslevel=6)


def write_npz(path: Path, arrays: dict[str, np.ndarray]) -> None:
    """np.savez without the wall-clock timestamps zipfile would put in."""
    members = []
    for key in sorted(arrays):
        buf = io.BytesIO()
        np.lib.format.write_array(buf, np.ascontiguousarray(arrays[key]), allow_pickle=False)
        members.append((key + ".npy", buf.getvalue()))
    _write_zip(path, members)


def write_skops(path: Path, obj) -> None:
    """skops.io.dumps, repacked: its array members are named by id() and stamped with the time."""
    import skops.io as sio

    tfidf = obj.named_steps["tfidf"]
    # numpy ints would each become a separate .npy member; plain ints stay in the JSON schema
    tfidf.vocabulary_ = {str(k): int(v) for k, v in tfidf.vocabulary_.items()}
    if hasattr(tfidf, "_stop_words_id"):
        tfidf._stop_words_id = 0  # id() of the stop-word list at fit time; we use none
    raw = sio.dumps(obj)
    with zipfile.ZipFile(io.BytesIO(raw)) as zf:
        contents = {n: zf.read(n) for n in zf.namelist()}
    schema = contents.pop("schema.json").decode("utf-8")
    renames: dict[str, str] = {}
    for m in re.finditer(r'"file": "([^"]+)"', schema):
        old = m.group(1)
        if old not in renames:
            renames[old] = f"{len(renames):04d}{Path(old).suffix}"
    schema = re.sub(r'"file": "([^"]+)"', lambda m: f'"file": "{renames[m.group(1)]}"', schema)
    ids: dict[str, int] = {}  # "__id__" is id(obj) at save time; renumber in order of appearance
    schema = re.sub(r'"__id__": (\d+)', lambda m: f'"__id__": {ids.setdefault(m.group(1), len(ids) + 1)}',
                    schema)
    missing = set(contents) - set(renames)
    if missing:
        raise DataError(f"skops 模型文件中有未引用的部件：{sorted(missing)}")
    members = [("schema.json", schema.encode("utf-8"))]
    members += sorted((renames[old], data) for old, data in contents.items())
    _write_zip(path, members)


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def train(out: str | Path | None = None, *, corpora: str | Path | None = None) -> dict:
    """Train both models from the shipped corpus (or `corpora`) into `out` (default models/).

    Returns the sidecar written.
    """
    import sklearn

    from perfdoc.fileio import atomic_directory
    from perfdoc.indicators.library.library import read_library
    from perfdoc.resources import models_dir

    root = Path(corpora) if corpora else None
    files = corpus_files(root)
    lib_path = files[0] if files and files[0].name == "indicator_library.csv" else None
    if lib_path is None:
        raise DataError("找不到指标库 corpora/indicator_library.csv", hint="请检查安装是否完整")
    library = read_library(lib_path)
    labelled: list[dict] = []
    for f in files:
        if f.name.startswith("classify_train") or f.name == Path(LIBRARY_ROWS).name:
            labelled.extend(read_labelled(f))
    from perfdoc.indicators.classification import readings

    for cache in (features.synonyms, features.words, features.name_tokens, readings.kinds, readings._match):
        cache.cache_clear()  # pick up an edited synonym list or readings list in a long-lived process
    lexicon = [p for f in files if f.name == LEXICON for p in read_lexicon(f)]
    rows = training_rows(library, labelled, lexicon)
    arrays: dict[str, np.ndarray] = {}
    pipes = {}
    for key in ("level2", "sector"):
        docs, labels, weights = rows[key]
        pipes[key] = fit_pipeline(docs, labels, weights, C[key])
        arrays.update(export_arrays(pipes[key], key))
    target = Path(out) if out else models_dir()
    with atomic_directory(target) as tmp:
        for key, name in SKOPS_FILES.items():
            write_skops(tmp / name, pipes[key])
        write_npz(tmp / RUNTIME, arrays)
        sidecar = {
            "format": FORMAT,
            "features_version": FEATURES_VERSION,
            "labels": {"level2": [str(x) for x in arrays["level2_labels"]],
                       "sector": [str(x) for x in arrays["sector_labels"]]},
            "library": {"version": library.version, "entries": len(library),
                        "sha256": library.sha256},
            "corpus_sha256": corpus_sha256(files),
            "corpus_files": {f.name: file_sha256(f) for f in files},
            "training_rows": {k: len(v[0]) for k, v in rows.items()},
            "labelled_indicators": len(labelled),
            "files": {name: file_sha256(tmp / name) for name in [*SKOPS_FILES.values(), RUNTIME]},
            "sklearn_version": sklearn.__version__,
            "params": {"max_features": MAX_FEATURES, "C": C, "calibration": "sigmoid"},
        }
        (tmp / SIDECAR).write_text(json.dumps(sidecar, ensure_ascii=False, indent=2, sort_keys=True) + "\n",
                                   encoding="utf-8")
    return sidecar

