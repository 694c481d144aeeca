"""`perfdoc eval check`: how well the measurability rules agree with labelled indicators.

Reads corpora/labelled/check_<split>.jsonl ({name, value, level1, level2, sector, measurable, code})
and reports measurable-flag accuracy, per-code precision/recall and a confusion table.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from perfdoc.errors import DataError
from perfdoc.fileio import read_text
from perfdoc.indicators.result import UNMEASURABLE_CODES
from perfdoc.resources import corpus

CODES = ("VAGUE_VALUE", "NO_VALUE", "NO_UNIT", "UNIT_MISMATCH", "OUT_OF_RANGE", "TIME_UNBOUNDED",
         "INPUT_AS_OUTPUT")
OK = "可衡量"


@dataclass
class Evaluation:
    total: int
    flag_accuracy: float
    code_recall: float  # gold code among the predicted codes, over unmeasurable gold items
    per_code: dict[str, dict[str, float]]
    confusion: dict[str, dict[str, int]]  # gold → predicted primary code (or 可衡量)
    errors: list[dict] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {"total": self.total, "flag_accuracy": round(self.flag_accuracy, 4),
                "code_recall": round(self.code_recall, 4), "per_code": self.per_code,
                "confusion": self.confusion, "errors": self.errors}


def load_labelled(path: str | Path) -> list[dict]:
    rows = []
    for n, line in enumerate(read_text(path).splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            raise DataError(f"不是有效的 JSON（{exc.msg}）", file=path, row=n) from None
        rows.append(row)
    return rows


def evaluate(path: str | Path | None = None, split: str = "test") -> Evaluation:
    """Run the rules (without the classifier) on a labelled file and score them."""
    from perfdoc.indicators.review import check

    p = Path(path) if path is not None else corpus(f"labelled/check_{split}.jsonl")
    rows = load_labelled(p)
    results = check([{k: r.get(k) for k in ("name", "value", "level1", "level2")} for r in rows],
                    classify=False)
    right = 0
    hit = gold_bad = 0
    tp = {c: 0 for c in CODES}
    fp = {c: 0 for c in CODES}
    fn = {c: 0 for c in CODES}
    confusion: dict[str, dict[str, int]] = {}
    errors = []
    for row, res in zip(rows, results):
        predicted = [i.code for i in res.issues if i.code in UNMEASURABLE_CODES]
        gold = row.get("code")
        if bool(row.get("measurable")) == res.measurable:
            right += 1
        if gold:
            gold_bad += 1
            hit += gold in predicted
        for c in CODES:
            if c in predicted and c == gold:
                tp[c] += 1
            elif c in predicted:
                fp[c] += 1
            elif c == gold:
                fn[c] += 1
        g = gold or OK
        primary = predicted[0] if predicted else OK
        if gold in predicted:
            primary = gold
        confusion.setdefault(g, {}).setdefault(primary, 0)
        confusion[g][primary] += 1
        if primary != g:
            errors.append({"name": row.get("name"), "value": row.get("value"), "gold": g,
                           "predicted": predicted or [OK]})
    per_code = {}
    for c in CODES:
        prec = tp[c] / (tp[c] + fp[c]) if tp[c] + fp[c] else 0.0
        rec = tp[c] / (tp[c] + fn[c]) if tp[c] + fn[c] else 0.0
        per_code[c] = {"precision": round(prec, 4), "recall": round(rec, 4), "support": tp[c] + fn[c]}
    n = len(rows)
    return Evaluation(total=n, flag_accuracy=right / n if n else 0.0,
                      code_recall=hit / gold_bad if gold_bad else 0.0, per_code=per_code,
                      confusion=confusion, errors=errors)
