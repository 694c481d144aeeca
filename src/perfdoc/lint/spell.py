"""Misspellings of any word, found from language (the pycorrector approach), for TYPO.

For each run of Chinese characters: segment it by jieba's dictionary (lint.lm); a character left
on its own next to another lone one, a lone character that is not an everyday free-standing one,
or a character of a rare word the field corpus does not use either, is a suspect. Each character
that sounds the same, sounds near, or looks alike (lint.confusion, corpora/lint_lookalikes.txt)
and makes a word with its neighbours is tried in its place; the stretch around it is scored again
by the language model (dictionary and field corpus), and a correction is reported only when it
makes the text more likely by MARGIN (natural log) or more — higher for near sounds, which are
rarer slips. "统筹兼故" → "统筹兼顾": two lone characters become one common word. Real words used
rightly ("财政", "检察院", "水准") already are the likely reading and are left alone; a correction
into a proper name, or one that leaves lone characters beside it, is dropped.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

MARGIN = {"sound": 7.0, "shape": 6.0, "near": 16.0}  # chosen on the leave-one-out dev set (scripts/tune_typo.py)
SUSPECT_FREQ = 20  # a token rarer than this (jieba scale) is suspect, like a single character
FREE_STANDING = 60000  # a lone character this frequent in jieba's dictionary is taken as meant
CONTEXT = 4  # characters each side rescored around a tried correction
WORD_LEN = 4  # a correction must make a known word of at most this many characters around it

_HAN = re.compile(r"[\u4e00-\u9fff]+")


@dataclass(frozen=True, slots=True)
class Correction:
    start: int  # in the run
    end: int
    wrong: str
    right: str
    kind: str  # "sound", "near" or "shape"
    gain: float  # how much more likely (nats)


def _confusions(model, ch: str, lookalikes) -> list[tuple[str, str]]:
    out = [(c, "sound") for c in model.same.get(ch, "")]
    seen = set(model.same.get(ch, ""))
    out += [(c, "shape") for c in sorted(lookalikes.get(ch, ())) if c not in seen]
    seen |= set(lookalikes.get(ch, ()))
    out += [(c, "near") for c in model.near.get(ch, "") if c not in seen]
    return out


def _word_makers(model, run: str, i: int, confusions: list[tuple[str, str]]) -> set[str]:
    """The candidate characters that, at position i, form a known word with their neighbours: a
    two-character word (from the model's tables of pairs), or, for same-sound and look-alike
    candidates, a word of three or four characters (set intersections, one pass per window)."""
    chars = {c for c, _ in confusions}
    out: set[str] = set()
    if i > 0:
        out |= chars & model.pair_set("after", run[i - 1])
    if i + 1 < len(run):
        out |= chars & model.pair_set("before", run[i + 1])
    rest = [c for c, kind in confusions if kind != "near" and c not in out]
    words, domain = model.words.keys(), model.domain.keys()
    for a in range(max(0, i - WORD_LEN + 1), i + 1):
        left = run[a:i]
        for b in range(max(i + 1, a + 3), min(len(run), a + WORD_LEN) + 1):
            right = run[i + 1:b]
            tried = {left + c + right: c for c in rest}
            keys = tried.keys()
            out.update(tried[w] for w in keys & words)
            out.update(tried[w] for w in keys & domain)
    return out


def _suspects(run: str, ends: list[int], model) -> list[int]:
    """Positions worth trying corrections at, from the dictionary's segmentation of the run (token
    end positions): a lone character next to another lone one (a misspelt word falls apart:
    兼|故), a lone character that is not one of the everyday free-standing ones (的, 和, 在, …),
    and the characters of a rare word that the field corpus does not use either."""
    starts = [0, *ends[:-1]]
    single = [e - s == 1 for s, e in zip(starts, ends)]
    out: list[int] = []
    for k, (s, e) in enumerate(zip(starts, ends)):
        if single[k]:
            if ((k > 0 and single[k - 1]) or (k + 1 < len(ends) and single[k + 1])
                    or model.words.get(run[s], 0) < FREE_STANDING):
                out.append(s)
        elif model.words.get(run[s:e], 0) < SUSPECT_FREQ and run[s:e] not in model.domain:
            out.extend(range(s, e))  # a rare word that the field's own text does not use either
    return out


def _word_at(model, text: str, i: int) -> tuple[int, int]:
    """The word holding position i: by the dictionary's segmentation, else by the domain model's."""
    for domain in (False, True):
        a = 0
        for e in model.segment(text, domain=domain)[1]:
            if e > i:
                break
            a = e
        if e - a >= 2:
            return a, e
    return a, e


def _leaves_fragments(model, text: str, i: int, cut_left: bool, cut_right: bool) -> bool:
    """Whether, with the correction at i in place, two lone characters still stand side by side just
    before or just after its word ("县委|健|局" for "县卫健局"; everyday free-standing characters
    such as 得, 是, 不 do not count). A misspelling explains the oddity of its stretch; when the
    stretch still falls apart, the oddity is something else (an abbreviation, a name). `text` is a
    window of the run: a token at a cut edge may be a piece of a word and does not count as lone."""
    ends = model.segment(text)[1]
    starts = [0, *ends[:-1]]
    k = next(k for k, e in enumerate(ends) if e > i)
    single = [e - s == 1 and not (cut_left and s == 0) and not (cut_right and e == len(text))
              and model.words.get(text[s], 0) < FREE_STANDING for s, e in zip(starts, ends)]
    after = k + 2 < len(ends) and single[k + 1] and single[k + 2]
    before = k >= 2 and single[k - 1] and single[k - 2]
    return after or before


def corrections(run: str, model, lookalikes, margins=None) -> list[Correction]:
    """Likely misspellings in one run of Chinese characters, in order, not overlapping."""
    n = len(run)
    if n < 2:
        return []
    suspects = _suspects(run, model.segment(run, domain=False)[1], model)
    found: list[Correction] = []
    for i in suspects:
        lo, hi = max(0, i - CONTEXT), min(n, i + CONTEXT + 1)
        base = None
        best: Correction | None = None
        confusions = _confusions(model, run[i], lookalikes)
        makers = _word_makers(model, run, i, confusions)
        for c, kind in confusions:
            if c not in makers:
                continue
            if base is None:
                base = model.score(run[lo:hi])
            variant = run[lo:i] + c + run[i + 1:hi]
            gain = base - model.score(variant)
            if gain < (margins or MARGIN)[kind] or (best is not None and gain <= best.gain):
                continue
            a, b = _word_at(model, variant, i - lo)
            if variant[a:b] in model.names:
                continue  # names are what a writer knows best; "富州" is no slip for "福州"
            if _leaves_fragments(model, variant, i - lo, lo > 0, hi < n):
                continue
            a, b = lo + a, lo + b
            best = Correction(a, b, run[a:b], variant[a - lo:b - lo], kind, gain)
        if best is not None:
            found.append(best)
    found.sort(key=lambda x: -x.gain)
    kept: list[Correction] = []
    for x in found:
        if all(x.end <= k.start or k.end <= x.start for k in kept):
            kept.append(x)
    return sorted(kept, key=lambda x: x.start)


def check_text(text: str, model, lookalikes, margins=None) -> list[tuple[int, int, Correction]]:
    """(start, end, correction) for each likely misspelling of a paragraph (margins: MARGIN)."""
    out = []
    for m in _HAN.finditer(text):
        for x in corrections(m.group(), model, lookalikes, margins):
            out.append((m.start() + x.start, m.start() + x.end, x))
    return out
