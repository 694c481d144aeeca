"""Plant misspellings of ordinary words into real texts, for measuring TYPO (bench/lint_typo.py).

Run: .venv/bin/python scripts/plant_typos.py DIR [--out planted.jsonl] [--seed 12] [--every 40]

DIR holds real texts (*.txt, UTF-8; lines starting with "#" are comments, e.g. "# source: URL").
Each text is segmented with jieba (dictionary words only); an ordinary word is a word of jieba's
dictionary of two to four Chinese characters used at least MIN_FREQ times that does not overlap an
entry of corpora/phrases.txt. About one word every EVERY characters is chosen at random (fixed seed)
and one of its characters replaced, at random, by a character of GB 2312 level 1 that sounds the
same (pypinyin, tones ignored; 7 times in 10) or looks alike (corpora/lint_lookalikes.txt), such
that the misspelt word is no longer a dictionary word ("统筹兼顾" → "统筹兼故"). Nothing is chosen
by hand or by what the checker finds. Each planted error is one JSON line:
{"file", "line", "text" (the line with the error), "start", "end" (the misspelt word), "wrong",
"right", "kind"}; one error per line copy, so each is found or missed on its own.
"""
from __future__ import annotations

import argparse
import json
import random
import re
import sys
from pathlib import Path

MIN_FREQ = 100
EVERY = 40
SEED = 12
SOUND_SHARE = 0.7
_HAN = re.compile(r"[\u4e00-\u9fff]+")


def _tables():
    from perfdoc.lint.confusion import sound_tables
    from perfdoc.lint.typo import lookalikes

    same, _ = sound_tables()
    return same, lookalikes()


def _phrase_spans(line: str, phrases: list[str]) -> list[tuple[int, int]]:
    spans = []
    for p in phrases:
        start = line.find(p)
        while start >= 0:
            spans.append((start, start + len(p)))
            start = line.find(p, start + 1)
    return spans


def _phrases() -> list[str]:
    from perfdoc.resources import corpus

    out = []
    for line in corpus("phrases.txt").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            out += [p for p in re.split(r"[、，,；;：:\s]+", line.strip()) if len(p) >= 2]
    return out


def plant(folder: Path, *, seed: int = SEED, every: int = EVERY) -> list[dict]:
    import logging

    import jieba

    from perfdoc.lint.confusion import gb2312_level

    jieba.setLogLevel(logging.WARNING)
    jieba.dt.initialize()
    freq = jieba.dt.FREQ
    same, shapes = _tables()
    phrases = _phrases()
    rng = random.Random(seed)
    planted: list[dict] = []
    for path in sorted(folder.glob("*.txt")):
        lines = path.read_text(encoding="utf-8").splitlines()
        for no, line in enumerate(lines, 1):
            if line.startswith("#") or not line.strip():
                continue
            taken = _phrase_spans(line, phrases)
            words, pos = [], 0
            for w in jieba.dt.cut(line, HMM=False):
                if (2 <= len(w) <= 4 and _HAN.fullmatch(w) and freq.get(w, 0) >= MIN_FREQ
                        and not any(pos < b and a < pos + len(w) for a, b in taken)):
                    words.append((pos, w))
                pos += len(w)
            han = sum(map(len, _HAN.findall(line)))
            want = min(len(words), max(0, round(han / every + rng.random() - 0.5)))
            for start, word in sorted(rng.sample(words, want)):
                for _ in range(10):  # a few tries for a replacement that makes a non-word
                    k = rng.randrange(len(word))
                    sound = rng.random() < SOUND_SHARE
                    pool = sorted(same.get(word[k], "") if sound else shapes.get(word[k], ()))
                    pool = [c for c in pool if gb2312_level(c) == 1]
                    if not pool:
                        continue
                    wrong = word[:k] + rng.choice(pool) + word[k + 1:]
                    if freq.get(wrong, 0) > 0:
                        continue
                    planted.append({"file": path.name, "line": no,
                                    "text": line[:start] + wrong + line[start + len(word):],
                                    "start": start, "end": start + len(word), "wrong": wrong, "right": word,
                                    "kind": "sound" if sound else "shape"})
                    break
    return planted


def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--out", type=Path)
    ap.add_argument("--seed", type=int, default=SEED)
    ap.add_argument("--every", type=int, default=EVERY)
    args = ap.parse_args(argv)
    rows = plant(args.folder, seed=args.seed, every=args.every)
    text = "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    if args.out:
        args.out.write_text(text, encoding="utf-8")
        print(f"planted {len(rows)} misspellings into {args.out}", file=sys.stderr)
    else:
        sys.stdout.write(text)


if __name__ == "__main__":
    main()
