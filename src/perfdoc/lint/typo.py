"""TYPO: near-misses of the field's fixed phrases (corpora/phrases.txt).

A span is flagged when it differs from a lexicon phrase in one character (two for phrases of six
characters or more) and every differing character sounds the same (pypinyin), or — for phrases
of six characters or more — in one character of any sound; but not when the span is itself a
listed phrase, or a differing character forms an ordinary word with its neighbour (jieba's
dictionary): "绩效目标申请表" is a real phrase, "提质增笑" is not.

Candidates come from an index of phrase segments (halves or thirds): a phrase one or two
characters off shares at least one segment exactly, so each text position costs a few lookups.
"""
from __future__ import annotations

import re
from functools import lru_cache

from perfdoc.lint.registry import Hit
from perfdoc.resources import corpus

CODE = "TYPO"
MIN_LEN = 4
LONG = 6  # from this length two differences, or one of any sound, are allowed
COMMON_WORD = 1000  # jieba frequency above which a homophone pair is taken as an intended word

_HAN_RUN = re.compile(r"[\u4e00-\u9fff]+")
_SPLIT = re.compile(r"[、，,；;：:\s]+")


def _segments(length: int) -> list[tuple[int, int]]:
    if length < LONG:
        h = length // 2
        return [(0, h), (h, length)]
    a, b = length // 3, 2 * length // 3
    return [(0, a), (a, b), (b, length)]


@lru_cache(maxsize=1)
def lexicon():
    """(phrases to match, every listed phrase and its substrings, segment index)."""
    phrases: set[str] = set()
    known: set[str] = set()
    for line in corpus("phrases.txt").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        for part in _SPLIT.split(line):
            if not part:
                continue
            for i in range(len(part)):
                for j in range(i + 2, len(part) + 1):
                    known.add(part[i:j])
            if len(part) >= MIN_LEN and _HAN_RUN.fullmatch(part):
                phrases.add(part)
    index: dict[str, list[tuple[str, int]]] = {}
    for p in sorted(phrases):
        for a, b in _segments(len(p)):
            index.setdefault(p[a:b], []).append((p, a))
    seg_lengths = sorted({len(k) for k in index})
    return phrases, known, index, seg_lengths


@lru_cache(maxsize=4096)
def _readings(ch: str) -> frozenset:
    from pypinyin import Style, pinyin

    return frozenset(pinyin(ch, style=Style.NORMAL, heteronym=True, errors="ignore")[0] or ())


def same_sound(a: str, b: str) -> bool:
    return bool(_readings(a) & _readings(b))


@lru_cache(maxsize=1)
def _words() -> dict[str, int]:
    """Two-character words of jieba's dictionary with their frequencies (read once, lazily)."""
    import os

    import jieba

    path = os.path.join(os.path.dirname(jieba.__file__), "dict.txt")
    out: dict[str, int] = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            word, _, rest = line.partition(" ")
            if len(word) == 2:
                out[word] = int(rest.split(" ", 1)[0])
    return out


def _forms_word(run: str, start: int, phrase: str, k: int, min_freq: int) -> bool:
    """Whether the differing character k makes an ordinary word with a neighbour in the text
    (inside the span or just outside it), so that the span is probably meant as written."""
    words = _words()
    pos = start + k
    for a in (pos - 1, pos):
        if a < 0 or a + 2 > len(run):
            continue
        pair = run[a:a + 2]
        inside = start <= a and a + 2 <= start + len(phrase)
        if inside and pair == phrase[a - start:a - start + 2]:
            continue
        # a word running across the span's edge means the span cuts through real text
        if words.get(pair, 0) >= (min_freq if inside else 2) or (not inside and pair in lexicon()[1]):
            return True
    return False


def check(paragraphs) -> list[Hit]:
    phrases, known, index, seg_lengths = lexicon()
    hits: list[Hit] = []
    for para in paragraphs:
        cands = []
        for run in _HAN_RUN.finditer(para.text):
            s, base = run.group(), run.start()
            seen: set[tuple[int, str]] = set()
            for i in range(len(s)):
                for n in seg_lengths:
                    if i + n > len(s):
                        break
                    for phrase, offset in index.get(s[i:i + n], ()):
                        start = i - offset
                        end = start + len(phrase)
                        if start < 0 or end > len(s) or (start, phrase) in seen:
                            continue
                        seen.add((start, phrase))
                        window = s[start:end]
                        if window == phrase:
                            continue
                        diffs = [k for k in range(len(phrase)) if window[k] != phrase[k]]
                        verdict = _judge(s, start, phrase, diffs, known)
                        if verdict:
                            cands.append((base + start, base + end, phrase, window, verdict))
        taken: list[tuple[int, int]] = []
        for start, end, phrase, window, verdict in sorted(cands, key=lambda c: (-(c[1] - c[0]), c[0])):
            if any(start < b and a < end for a, b in taken):
                continue
            taken.append((start, end))
            how = "同音字" if verdict == "sound" else "字形或输入错误"
            hits.append(Hit(CODE, "warning", f"疑似错别字（{how}）：“{window}”应为固定表述“{phrase}”",
                            para, start, end, suggestion=phrase))
    hits.sort(key=lambda h: (h.paragraph.index, h.start))
    return hits


def _judge(run: str, start: int, phrase: str, diffs: list[int], known: set[str]) -> str | None:
    window = run[start:start + len(phrase)]
    allowed = 2 if len(phrase) >= LONG else 1
    if not 1 <= len(diffs) <= allowed or window in known:
        return None
    if all(same_sound(window[k], phrase[k]) for k in diffs):
        if any(_forms_word(run, start, phrase, k, COMMON_WORD) for k in diffs):
            return None
        return "sound"
    if len(diffs) == 1 and len(phrase) >= LONG:
        k = diffs[0]
        # a different first/last character followed by more text is usually another word that
        # merely starts where the phrase ends ("预算绩效管理业务"), not a slip
        if (k == 0 and start > 0) or (k == len(phrase) - 1 and start + len(phrase) < len(run)):
            return None
        if _forms_word(run, start, phrase, k, 2):
            return None
        return "edit"
    return None
