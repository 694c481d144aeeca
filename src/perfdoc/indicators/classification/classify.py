"""Place indicators in the framework: 二级指标 and sector predictions, library matches, `enrich`.

The models are trained by train.py. At run time this module reads the numpy export
(classify.npz) rather than the skops files, so a cold `perfdoc check` does not pay for importing
scikit-learn; tests prove both give the same probabilities. Loading checks the sidecar: a missing,
corrupted, foreign or stale model (trained from another corpus) is a ModelError telling the user
to run `perfdoc train`.
"""
from __future__ import annotations

import json
import math
import re
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np

from perfdoc.errors import ModelError
from perfdoc.indicators.classification import features
from perfdoc.indicators.library.framework import LEVEL2_TO_LEVEL1, SECTORS, normalize_level2, sector_label

RETRAIN = "请运行 perfdoc train 重新训练模型"
# A match this close settles the 二级指标 together with the classifier (see `predict`).
MATCH_TRUST = 0.80
MATCH_WEIGHT = 0.3
PROJECT_WEIGHT = 0.5  # share of the project-name-only sector prediction when a project is known
# A best match in 000 通用 at least this close, on a name without sector words, makes the
# indicator generic (domain.md §3): the project's sector must not override it.
GENERIC_TRUST = 0.80
GENERIC = "000"
# The kind of indicator (corpora/classify_readings.csv) speaks for its defensible readings
# (log-odds boost): chosen by grouped cross-validation over the published tables (bench/classify.py --cv).
READINGS_PRIOR = 1.5
# A declared 二级指标 keeping at least this probability is a defensible reading: no CATEGORY_MISMATCH.
DEFENSIBLE = 0.10
SAME_LEVEL1_CONFIDENCE = 0.80  # 数量 vs 质量 …: the readings list already keeps defensible ones out
REWRITE_MIN_SCORE = 0.55  # best match at least this good before it is offered as a rewrite
REWRITE_SAME_LEVEL2_SCORE = 0.40  # lower bar for a match of the predicted 二级指标
# codes whose rule rewrite restates the unit's own indicator (a number, 及时率/日期, a cost ceiling)
_KEEP_RULE_SUGGESTION = frozenset({"NO_UNIT", "UNIT_MISMATCH", "OUT_OF_RANGE", "TIME_UNBOUNDED",
                                   "INPUT_AS_OUTPUT"})


_WORD = re.compile(r"[^\W_]")


class LinearModel:
    """TF-IDF (sublinear tf, l2) → linear scores → per-class sigmoid calibration, in numpy."""

    def __init__(self, arrays, prefix: str) -> None:
        terms = arrays[f"{prefix}_terms"]
        self.vocab = {str(t): i for i, t in enumerate(terms.tolist())}
        self.idf = arrays[f"{prefix}_idf"]
        self.coef_t = np.ascontiguousarray(arrays[f"{prefix}_coef"].T)
        self.intercept = arrays[f"{prefix}_intercept"]
        self.cal_a = arrays[f"{prefix}_cal_a"]
        self.cal_b = arrays[f"{prefix}_cal_b"]
        self.labels = [str(x) for x in arrays[f"{prefix}_labels"].tolist()]
        n = len(self.labels)
        n_scores = 1 if n == 2 else n  # binary: one score and one calibrator, for labels[1]
        if (self.coef_t.shape != (len(self.vocab), n_scores) or self.idf.shape != (len(self.vocab),)
                or self.intercept.shape != (n_scores,) or self.cal_a.shape != (n_scores,)):
            raise ModelError("分类模型文件内容不完整", hint=RETRAIN)

    def features(self, docs: list[str] | list[list[str]]):
        """Rows of sublinear tf × idf, l2-normalised, as TfidfVectorizer(sublinear_tf=True) gives."""
        from scipy import sparse

        get = self.vocab.get
        ids: list[int] = []
        rows: list[int] = []
        for r, doc in enumerate(docs):
            toks = doc.split() if isinstance(doc, str) else doc
            found = [j for j in map(get, toks) if j is not None]
            ids.extend(found)
            rows.extend([r] * len(found))
        counts = sparse.csr_matrix((np.ones(len(ids), dtype=np.float64), (rows, ids)),
                                   shape=(len(docs), len(self.vocab)))
        counts.sum_duplicates()
        counts.data = (1.0 + np.log(counts.data)) * self.idf[counts.indices]
        row_norm = np.sqrt(np.asarray(counts.multiply(counts).sum(axis=1)).ravel())
        row_norm[row_norm == 0] = 1.0
        counts.data /= np.repeat(row_norm, np.diff(counts.indptr))
        return counts

    def predict_proba(self, docs: list[str] | list[list[str]]) -> np.ndarray:
        scores = self.features(docs) @ self.coef_t + self.intercept
        proba = 1.0 / (1.0 + np.exp(self.cal_a * scores + self.cal_b))
        if len(self.labels) == 2:  # sklearn's binary case: one calibrator for the positive class
            return np.hstack([1.0 - proba, proba])
        total = proba.sum(axis=1, keepdims=True)
        uniform = np.full_like(proba, 1.0 / len(self.labels))
        return np.divide(proba, total, out=uniform, where=total != 0)


@dataclass(slots=True)
class Models:
    level2: LinearModel
    sector: LinearModel
    sidecar: dict
    folder: Path


def _read_sidecar(folder: Path) -> dict:
    from perfdoc.indicators.classification.train import FEATURES_VERSION, FORMAT, SIDECAR

    path = folder / SIDECAR
    if not path.is_file():
        raise ModelError(f"找不到分类模型（{path.name}）", file=path, hint=RETRAIN)
    try:
        sidecar = json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise ModelError("分类模型说明文件已损坏", file=path, hint=RETRAIN) from None
    if not isinstance(sidecar, dict) or sidecar.get("format") != FORMAT:
        raise ModelError("不是 perfdoc 的分类模型（格式不符）", file=path, hint=RETRAIN)
    if sidecar.get("features_version") != FEATURES_VERSION:
        raise ModelError("分类模型由旧版本的 perfdoc 训练，与当前版本不兼容", file=path, hint=RETRAIN)
    return sidecar


def _check_file(folder: Path, name: str, sidecar: dict) -> Path:
    from perfdoc.indicators.classification.train import file_sha256

    path = folder / name
    expected = (sidecar.get("files") or {}).get(name)
    if not path.is_file():
        raise ModelError("找不到分类模型文件", file=path, hint=RETRAIN)
    if expected is None or file_sha256(path) != expected:
        raise ModelError("分类模型文件已损坏或被替换（校验值不符）", file=path, hint=RETRAIN)
    return path


def check_fresh(sidecar: dict, corpora: Path | None = None) -> None:
    """Refuse a model trained from another corpus than the one shipped now."""
    from perfdoc.indicators.classification.train import corpus_files, corpus_sha256

    files = corpus_files(corpora)
    if sidecar.get("corpus_sha256") != corpus_sha256(files):
        changed = [f.name for f in files if (sidecar.get("corpus_files") or {}).get(f.name) is None
                   or _sha(f) != sidecar["corpus_files"][f.name]]
        what = f"（已变化：{'、'.join(changed)}）" if changed else ""
        raise ModelError(f"分类模型已过期：训练后指标库或标注数据有变化{what}", hint=RETRAIN)


def _sha(path: Path) -> str:
    from perfdoc.indicators.classification.train import file_sha256

    return file_sha256(path)


def load_models(folder: str | Path | None = None, *, corpora: str | Path | None = None) -> Models:
    """Load and verify the runtime models (cached per folder)."""
    from perfdoc.resources import models_dir

    return _load_models(str(Path(folder) if folder else models_dir()), str(corpora) if corpora else None)


@lru_cache(maxsize=4)
def _load_models(folder: str, corpora: str | None) -> Models:
    from perfdoc.indicators.classification.train import RUNTIME

    f = Path(folder)
    sidecar = _read_sidecar(f)
    check_fresh(sidecar, Path(corpora) if corpora else None)
    path = _check_file(f, RUNTIME, sidecar)
    try:
        with np.load(path, allow_pickle=False) as npz:
            arrays = {k: npz[k] for k in npz.files}
        models = Models(LinearModel(arrays, "level2"), LinearModel(arrays, "sector"), sidecar, f)
    except ModelError:
        raise
    except (OSError, ValueError, KeyError, zipfile.BadZipFile):
        raise ModelError("分类模型文件无法读取", file=path, hint=RETRAIN) from None
    labels = sidecar.get("labels") or {}
    if models.level2.labels != labels.get("level2") or models.sector.labels != labels.get("sector"):
        raise ModelError("分类模型与说明文件的类别不一致", file=path, hint=RETRAIN)
    if not set(models.level2.labels) <= set(LEVEL2_TO_LEVEL1) or not set(models.sector.labels) <= set(SECTORS):
        raise ModelError("分类模型的类别不是指标框架中的二级指标或行业", file=path, hint=RETRAIN)
    return models


def load_skops(folder: str | Path | None = None) -> dict:
    """The reference sklearn pipelines (needs sklearn and skops; used by eval and tests)."""
    import skops.io as sio

    from perfdoc.indicators.classification.train import SKOPS_FILES
    from perfdoc.resources import models_dir

    f = Path(folder) if folder else models_dir()
    sidecar = _read_sidecar(f)
    out = {}
    for key, name in SKOPS_FILES.items():
        path = _check_file(f, name, sidecar)
        try:
            untrusted = sio.get_untrusted_types(file=path)
        except Exception:  # skops raises several kinds on a damaged archive
            raise ModelError("分类模型文件无法读取", file=path, hint=RETRAIN) from None
        foreign = [t for t in untrusted if not t.startswith(("sklearn.", "numpy.", "scipy.", "builtins."))]
        if foreign:
            raise ModelError(f"分类模型文件包含不受信任的类型：{', '.join(foreign[:3])}", file=path, hint=RETRAIN)
        try:
            out[key] = sio.load(path, trusted=untrusted)
        except Exception:
            raise ModelError("分类模型文件无法读取", file=path, hint=RETRAIN) from None
    return out


@dataclass(slots=True)
class Prediction:
    level2: str
    level2_confidence: float
    sector: str  # "205 教育"
    sector_confidence: float
    hits: list  # mapping.Hit, best first
    level2_probs: dict | None = None  # every 二级指标's probability after the match and value evidence
    decided_by: str | None = None  # "local" when a convention learned from the user's 申报表 decided


def predict(items: list[tuple[str, str | None, str | None]], *, library=None, k: int = 3,
            models: Models | None = None, parsed: list | None = None, conventions=None) -> list[Prediction]:
    """(name, value, project) → 二级指标, sector, top-k library matches, for a batch.

    `conventions`: the local layer (library.conventions); None loads the one in force, and an
    empty Conventions() turns it off (evaluation of the shipped model).
    """
    from perfdoc.indicators.library.conventions import load as load_conventions
    from perfdoc.indicators.library.library import load_library
    from perfdoc.indicators.library.mapping import mapper_for

    if not items:
        return []
    unique = list(dict.fromkeys(items))
    if len(unique) < len(items):
        # 申报表 repeat the same indicators (满意度, 预算执行率 …) across projects: compute once
        first: dict = {}
        for it, p in zip(items, parsed or ()):
            first.setdefault(it, p)
        done = dict(zip(unique, predict(unique, library=library, k=k, models=models,
                                        parsed=[first[u] for u in unique] if parsed else None,
                                        conventions=conventions)))
        return [done[it] for it in items]
    m = models or load_models()
    lib = library if library is not None and not isinstance(library, (str, Path)) else load_library(library)
    if parsed is None:
        from perfdoc.indicators.classification.train import parse_all

        parsed = parse_all([v for _, v, _ in items])
    l2p = m.level2.predict_proba([features.level2_tokens(n, v, pa) for (n, v, _), pa in zip(items, parsed)])
    sp = m.sector.predict_proba([features.sector_tokens(n, p) for n, _, p in items])
    name_only = sp.copy()
    with_project = [i for i, (_, _, p) in enumerate(items) if p]
    if with_project and PROJECT_WEIGHT:
        # a unit's indicator names are short; the project name says more about the sector
        proj = m.sector.predict_proba([features.sector_tokens(items[i][2]) for i in with_project])
        sp[with_project] = (1 - PROJECT_WEIGHT) * sp[with_project] + PROJECT_WEIGHT * proj
    l2_dicts = [dict(zip(m.level2.labels, row.tolist())) for row in l2p]
    s_dicts = [dict(zip(m.sector.labels, row.tolist())) for row in sp]
    hits = mapper_for(lib).search([n for n, _, _ in items], k=k, sector_probs=s_dicts, level2_probs=l2_dicts)
    conv = load_conventions() if conventions is None else conventions
    out = []
    for i, (l2d, sd, h) in enumerate(zip(l2_dicts, s_dicts, hits)):
        if is_generic(items[i][0], h, lib):
            sd = dict(zip(m.sector.labels, name_only[i].tolist()))
            sd[GENERIC] = max(sd.get(GENERIC, 0.0), h[0].score)
        if h and h[0].score >= MATCH_TRUST:
            # a near-identical library entry is strong evidence of what the indicator measures
            best = h[0].entry
            l2d = {k2: (1 - MATCH_WEIGHT) * v + (MATCH_WEIGHT if k2 == best.level2 else 0.0)
                   for k2, v in l2d.items()}
            if best.level2 not in l2d:
                l2d[best.level2] = MATCH_WEIGHT
        name, value = items[i][0], items[i][1]
        l2d = apply_value_prior(l2d, value_evidence(name, value, parsed[i] if parsed else None))
        l2d = apply_readings_prior(l2d, name, value, parsed[i] if parsed else None)
        decided_by = None
        local = conv.lookup(name) if conv else None
        if local is not None:  # the bureau's own approved 申报表 settle what its units write
            l2d, decided_by = local[0], "local"
        l2 = max(l2d, key=l2d.get)
        sec = max(sd, key=sd.get)
        out.append(Prediction(l2, float(l2d[l2]), sector_label(sec), float(sd[sec]), h, l2d, decided_by))
    return out


VALUE_EVIDENCE_FILE = "classify_value_evidence.csv"
_EVIDENCE_PATTERNS = ("DEADLINE", "CEILING", "MONEY_UNIT", "COUNT_UNIT", "NOT_COUNTING_NAME", "EFFECT_WORDS", "ZERO",
                      "SATISFACTION_NAME", "SPEND_NAME", "TIMELY_VALUE", "IMPROVEMENT_VALUE", "HARM_NAME")


@dataclass(frozen=True, slots=True)
class ValueEvidence:
    """corpora/classify_value_evidence.csv: the log-odds boost of each kind of evidence, and the
    patterns that find it in the name and the value."""
    prior: dict[str, tuple[str, float]]
    patterns: dict[str, re.Pattern]


@lru_cache(maxsize=1)
def value_evidence_rules() -> ValueEvidence:
    import csv

    from perfdoc.errors import DataError
    from perfdoc.resources import corpus

    path = corpus(VALUE_EVIDENCE_FILE)
    numbered = [(n, ln) for n, ln in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
                if ln.strip() and not ln.startswith("#")]
    reader = csv.DictReader(ln for _, ln in numbered)
    prior, patterns = {}, {}
    for (n, _), row in zip(numbered[1:], reader):  # n: the line in the file, comments counted
        try:
            kind, key, text = row.get("kind"), row.get("key"), (row.get("text") or "").strip()
            if kind == "prior":
                parts = text.split()
                if len(parts) != 2 or not re.fullmatch(r"-?\d+(\.\d+)?", parts[1]):
                    raise ValueError(f"“{text}”应为“二级指标 权重”（权重为数字）")
                if parts[0] not in LEVEL2_TO_LEVEL1:
                    raise ValueError(f"无效的二级指标 {parts[0]}")
                prior[key] = (parts[0], float(parts[1]))
            elif kind == "pattern":
                patterns[key] = re.compile(text)
            else:
                raise ValueError(f"未知的 kind “{kind}”（应为 prior 或 pattern）")
        except re.error as exc:
            raise DataError(f"指标值证据表格式错误：模式 {key} 不是有效的正则（{exc}）", file=path, row=n) from None
        except ValueError as exc:
            raise DataError(f"指标值证据表格式错误：{exc}", file=path, row=n) from None
    missing = [k for k in _EVIDENCE_PATTERNS if k not in patterns]
    if missing:
        raise DataError(f"指标值证据表缺少模式：{'、'.join(missing)}", file=path)
    return ValueEvidence(prior, patterns)


def value_evidence(name: str, value: str | None, parsed=None) -> tuple[str, ...]:
    """Which value shapes speak for a 二级指标: a deadline, a money ceiling, a count of things,
    a satisfaction percentage. `parsed` (result.parsed, filled by the review) wins when given."""
    p = value_evidence_rules().patterns
    v = features.normalize(value)
    n = features.normalize(name)
    out = []
    deadline = getattr(parsed, "deadline", None)
    if deadline or (v and p["DEADLINE"].search(v) and "%" not in v):
        out.append("deadline")
    unit = getattr(parsed, "unit", None) or ""
    op = getattr(parsed, "operator", None)
    if ((op in ("≤", "<") and p["MONEY_UNIT"].search(unit))
            or (v and p["CEILING"].search(v) and p["MONEY_UNIT"].search(v))):
        out.append("money_ceiling")
    elif (v and "%" not in v and p["COUNT_UNIT"].search(v) and not p["NOT_COUNTING_NAME"].search(n)
          and not p["EFFECT_WORDS"].search(n) and not p["CEILING"].search(v) and not p["ZERO"].match(v)):
        # a ceiling or a zero on a count (≤5份材料, 0吨违规处置) limits a cost or harm: no output
        out.append("count")
    if p["SATISFACTION_NAME"].search(n) and ("%" in v or unit == "%"):
        out.append("satisfaction")
    if ("money_ceiling" not in out and (p["MONEY_UNIT"].search(unit) or (v and p["MONEY_UNIT"].search(v)))
            and "/" not in unit and p["SPEND_NAME"].search(n) and not p["EFFECT_WORDS"].search(n)):
        out.append("money_spent")
    if v and p["TIMELY_VALUE"].search(v) and not re.search(r"\d", v):
        out.append("timely_words")
    if v and p["IMPROVEMENT_VALUE"].search(v) and not re.search(r"\d", v) and not p["HARM_NAME"].search(n):
        out.append("improvement")
    return tuple(out)


def apply_readings_prior(l2d: dict[str, float], name: str, value: str | None, parsed=None) -> dict[str, float]:
    """Boost the defensible readings of the indicator's kind (corpora/classify_readings.csv) by
    READINGS_PRIOR in log-odds, then renormalise: a 覆盖率 leans to 数量/质量, money to be spent to
    经济成本, whatever keyword the name carries."""
    from perfdoc.indicators.classification.readings import readings

    if not READINGS_PRIOR:
        return l2d
    ok = readings(name, value, parsed)
    if not ok:
        return l2d
    boost = math.exp(READINGS_PRIOR)
    out = {k: v * boost if k in ok else v for k, v in l2d.items()}
    total = sum(out.values()) or 1.0
    return {k: v / total for k, v in out.items()}


def apply_value_prior(l2d: dict[str, float], evidence: tuple[str, ...]) -> dict[str, float]:
    if not evidence:
        return l2d
    boosted = dict(l2d)
    prior = value_evidence_rules().prior
    for key in evidence:
        level2, weight = prior[key]
        if level2 in boosted and weight:
            boosted[level2] *= math.exp(weight)
    total = sum(boosted.values()) or 1.0
    return {k: v / total for k, v in boosted.items()}


def is_generic(name: str, hits, library) -> bool:
    """Best match is a strong 000 通用 entry and the name carries no sector-specific word."""
    if not hits or hits[0].entry.sector != GENERIC or hits[0].score < GENERIC_TRUST:
        return False
    text = features.normalize(name)
    return not any(t in text for t in sector_words(library))


_SECTOR_WORDS: dict[int, tuple] = {}


def sector_words(library) -> tuple[str, ...]:
    """Lexicon terms of the 17 sectors that are not 000 通用 terms nor part of a 000 entry's
    name or alias (执行 is a court's word but also in 预算执行率)."""
    key = id(library)
    cached = _SECTOR_WORDS.get(key)
    if cached is not None and cached[0] is library:
        return cached[1]
    from perfdoc.indicators.classification.train import LEXICON, read_lexicon
    from perfdoc.resources import corpus

    pairs = read_lexicon(Path(corpus(LEXICON)))
    generic_text = "\n".join(features.normalize(n) for e in library.entries if e.sector == GENERIC
                              for n in (e.name, *e.aliases))
    common = {t for t, c in pairs if c == GENERIC}
    words = tuple(sorted({features.normalize(t) for t, c in pairs if c != GENERIC and t not in common
                          and features.normalize(t) not in generic_text}))
    _SECTOR_WORDS.clear()
    _SECTOR_WORDS[key] = (library, words)
    return words


def _mismatch_finding(declared: str, predicted: str, confidence: float):
    from perfdoc.findings import Finding

    return Finding(
        code="CATEGORY_MISMATCH", severity="warning",
        message=(f"申报的二级指标为“{declared}”，但该指标衡量的内容更接近“{predicted}”"
                 f"（置信度 {confidence:.0%}），请核对指标归类"),
        suggestion=predicted,
    )


def enrich(results: list, *, library=None) -> None:
    """Fill the classification fields of review results in place (the review calls this last).

    level1/level2 (+confidence), sector (+confidence), the top-3 library matches; a
    CATEGORY_MISMATCH warning when the declared 二级指标 differs from a confident prediction; a
    rewrite from the best library entry for unmeasurable indicators.
    """
    from perfdoc.config import load_config
    from perfdoc.indicators.result import Match

    if not results:
        return
    threshold = load_config().review.category_mismatch_confidence
    # nothing to classify in an empty or punctuation-only name: leave its fields empty
    todo = [r for r in results if _WORD.search(r.name or r.text or "")]
    items = [(r.name or r.text, r.value, r.project) for r in todo]
    preds = predict(items, library=library, parsed=[r.parsed for r in todo])
    for r, p in zip(todo, preds):
        r.level2 = p.level2
        r.level1 = LEVEL2_TO_LEVEL1[p.level2]
        r.level2_confidence = p.level2_confidence
        r.decided_by = p.decided_by
        r.sector = p.sector
        r.sector_confidence = p.sector_confidence
        r.matches = [Match(id=h.entry.id, name=h.entry.name, level2=h.entry.level2,
                           sector=h.entry.sector_label, unit=h.entry.unit, score=h.score) for h in p.hits]
        declared = _declared(r)
        if (mismatch(declared, p, threshold, r.name or r.text, r.value, r.parsed)
                and not any(i.code == "CATEGORY_MISMATCH" for i in r.issues)):
            r.issues.append(_mismatch_finding(declared[0] if len(declared) == 1 else "、".join(declared),
                                              p.level2, p.level2_confidence))
        if not r.measurable:
            entry = _rewrite_entry(p)
            codes = {i.code for i in r.issues}
            if entry is not None and not (r.suggestion and codes & _KEEP_RULE_SUGGESTION):
                r.suggestion = entry.target()


def _declared(r) -> tuple[str, ...]:
    """The 二级指标 a unit declared (several for a cell such as 社会、经济、生态效益指标)."""
    options = tuple(getattr(r, "declared_options", ()) or ())
    if options:
        return options
    declared = normalize_level2(r.declared_level2) if r.declared_level2 else None
    return (declared,) if declared else ()


def mismatch(declared: tuple[str, ...], p: Prediction, threshold: float, name: str = "",
             value: str | None = None, parsed=None) -> bool:
    """Claim the declared 二级指标 is wrong only when sure.

    The prediction must be confident (≥ threshold; ≥ SAME_LEVEL1_CONFIDENCE when both classes
    share the 一级, where units' readings differ most) and differ from every declared class; no
    declared class may keep DEFENSIBLE of the probability; and the indicator must be of a kind
    listed in corpora/classify_readings.csv (what it measures: a 覆盖率 may be 数量 or 质量, money to
    be spent is 经济成本, a deadline is 时效 …) whose readings include the prediction and none of the
    declared classes. A convention learned from the user's own 申报表 decides alone.
    """
    from perfdoc.indicators.classification.readings import readings

    if not declared or p.level2 in declared or p.level2_confidence < threshold:
        return False
    probs = p.level2_probs or {}
    if max(probs.get(d, 0.0) for d in declared) >= DEFENSIBLE:
        return False
    if p.decided_by == "local":
        return True
    if any(LEVEL2_TO_LEVEL1[d] == LEVEL2_TO_LEVEL1[p.level2] for d in declared) \
            and p.level2_confidence < SAME_LEVEL1_CONFIDENCE:
        return False
    if parsed is None and value:
        from perfdoc.indicators.classification.train import parse_all

        parsed = parse_all([value])[0]
    ok = readings(name, value, parsed)
    return ok is not None and p.level2 in ok and not any(d in ok for d in declared)


def _rewrite_entry(p: Prediction):
    """The library entry to offer as a measurable rewrite, or None when no match is close enough."""
    for h in p.hits:
        if h.entry.level2 == p.level2 and h.score >= REWRITE_SAME_LEVEL2_SCORE and h.entry.typical_value:
            return h.entry
    if p.hits and p.hits[0].score >= REWRITE_MIN_SCORE and p.hits[0].entry.typical_value:
        return p.hits[0].entry
    return None
