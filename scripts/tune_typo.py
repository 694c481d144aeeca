"""Choose TYPO's margins on a development set: leave-one-out over the field corpus.

Run: .venv/bin/python scripts/tune_typo.py

For each file of corpora/lint_corpus: build the language model without it (lm.train_lm into a
temporary folder), plant misspellings into it (scripts/plant_typos.py, fixed seed), and record the
gain of the best correction found over each planted error and over each stretch of its clean text,
with every margin at zero. Prints recall and false alarms per 10,000 characters for a range of
margins, per kind of confusion, so spell.MARGIN can be set from texts the model did not see. The
held-out texts used for the final figures (bench/lint_typo.py) are never read here.
"""
from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
ZERO = {"sound": 0.0, "shape": 0.0, "near": 0.0}


def best_gains(text: str, model, lookalikes) -> list:
    from perfdoc.lint import spell

    return spell.check_text(text, model, lookalikes, ZERO)


def main() -> None:
    from plant_typos import plant

    from perfdoc.lint import lm, typo

    lookalikes = typo.lookalikes()
    files = lm.corpus_files()
    planted = plant(ROOT / "corpora" / lm.CORPUS_DIR)
    found: list[tuple[str, float | None]] = []
    alarms: list[tuple[str, float]] = []
    chars = 0
    for held in files:
        with tempfile.TemporaryDirectory() as tmp:
            corp = Path(tmp) / "corpora"
            (corp / lm.CORPUS_DIR).mkdir(parents=True)
            for f in files:
                if f != held:
                    shutil.copy(f, corp / lm.CORPUS_DIR / f.name)
            lm.train_lm(Path(tmp) / "models", corpora=corp)
            model = lm.load(str(Path(tmp) / "models"), str(corp))
            model.add_phrases(typo.lexicon()[1])
        for row in (r for r in planted if r["file"] == held.name):
            gains = [x.gain for a, b, x in best_gains(row["text"], model, lookalikes)
                     if a < row["end"] and row["start"] < b]
            found.append((row["kind"], max(gains) if gains else None))
        for line in lm.corpus_text(held).splitlines():
            chars += len(line)
            alarms += [(x.kind, x.gain) for _, _, x in best_gains(line, model, lookalikes)]
        lm.load.cache_clear()
    print(f"development set: {len(found)} planted misspellings, {chars} characters of clean text")
    for kind in ("sound", "shape", "near"):
        rows = [g for k, g in found if k == kind]
        for margin in (5, 6, 7, 8, 9, 10, 12, 14, 16):
            hit = sum(1 for g in rows if g is not None and g >= margin)
            fa = sum(1 for k, g in alarms if k == kind and g >= margin)
            rec = f"recall {hit / len(rows):.3f}" if rows else "(none planted)"
            print(f"{kind:5} margin {margin:>2}: {rec}, false alarms {fa} = {fa / chars * 1e4:.1f} per 10,000 chars")


if __name__ == "__main__":
    main()
