"""TYPO: misspellings. Two sources, in this order:

1. near-misses of the field's fixed phrases (corpora/phrases.txt), reported as such — a boost;
2. any word the language model reads as misspelt (lint.spell over lint.lm), for spans the phrase
   list did not already report.

Phrase near-misses: a span is flagged when it differs from a lexicon phrase in one character (two for phrases of six
characters or more) and every differing character sounds the same (pypinyin) or looks alike
(corpora/lint_lookalikes.txt), or — for phrases of eight characters or more — in one character
of any sound. Three-character phrases ("全覆盖") are matched on their own only for a look-alike
("全履盖"). Not flagged: a span that is itself a listed phrase or a dictionary word, a span
whose ends cut through a word of the sentence (jieba's dictionary: "管理各环|节"), or a differing character
that forms an ordinary word with its neighbours: "绩效目标申请表" is a real phrase, "提质增笑" is not.

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
LONG = 6  # from this length two same-sound differences are allowed
LONG_EDIT = 8  # from this length one difference of any sound is allowed
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


@lru_cache(maxsize=1)
def slogans() -> tuple[dict[str, list[tuple[tuple[str, ...], int]]], tuple[int, ...]]:
    """Entries made of parts ("全方位、全过程、全覆盖"): part → [(parts, its position)], part lengths.

    Short parts (three characters) are too common to match alone; next to an exact sibling
    part they are matched too ("全方位、全过程、全复盖")."""
    by_part: dict[str, list[tuple[tuple[str, ...], int]]] = {}
    for line in corpus("phrases.txt").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        parts = tuple(p for p in _SPLIT.split(line) if p)
        if len(parts) < 2 or not all(_HAN_RUN.fullmatch(p) and len(p) >= 3 for p in parts):
            continue
        for i, part in enumerate(parts):
            by_part.setdefault(part, []).append((parts, i))
    return by_part, tuple(sorted({len(p) for p in by_part}))


_SEPARATOR = re.compile(r"[、，,；;]")


def _check_slogans(para, known: set[str]) -> list[tuple[int, int, str, str, str]]:
    """Candidates (start, end, phrase, span, 'sound') for a part next to its exact sibling."""
    by_part, lengths = slogans()
    text = para.text
    runs = list(_HAN_RUN.finditer(text))
    out = []
    for a, b in zip(runs, runs[1:]):
        if not _SEPARATOR.fullmatch(text[a.end():b.start()]):
            continue
        left, right = a.group(), b.group()
        for n in lengths:
            for parts, i in by_part.get(left[-n:], ()) if len(left) >= n else ():
                if i + 1 < len(parts):  # the part after an exact part
                    q = parts[i + 1]
                    out += _sibling(text, b.start(), right[:len(q)], q, known)
            for parts, i in by_part.get(right[:n], ()) if len(right) >= n else ():
                if i > 0:  # the part before an exact part
                    q = parts[i - 1]
                    out += _sibling(text, a.end() - len(q), left[-len(q):], q, known)
    return out


def _sibling(text: str, start: int, span: str, phrase: str, known: set[str]) -> list:
    if len(span) != len(phrase) or span == phrase or span in known:
        return []
    diffs = [k for k in range(len(phrase)) if span[k] != phrase[k]]
    if len(diffs) != 1 or not same_sound(span[diffs[0]], phrase[diffs[0]]):
        return []
    run = _HAN_RUN.search(text, start)
    if run is None or _forms_word(run.group(), start - run.start(), phrase, diffs[0], COMMON_WORD):
        return []
    return [(start, start + len(phrase), phrase, span, "sound")]


HOMOPHONES = "lint_homophones.txt"


@lru_cache(maxsize=1)
def homophones() -> dict[str, str]:
    """Lexicon character → the characters that can sound the same (tones ignored).

    Shipped as corpora/lint_homophones.txt, generated from pypinyin by build_homophones(), so
    linting needs no pinyin conversion at run time."""
    out: dict[str, str] = {}
    for line in corpus(HOMOPHONES).read_text(encoding="utf-8").splitlines():
        if line and not line.startswith("#"):
            ch, _, group = line.partition("\t")
            out[ch] = group
    return out


def same_sound(text_char: str, phrase_char: str) -> bool:
    return text_char in homophones().get(phrase_char, "")


LOOKALIKES = "lint_lookalikes.txt"


@lru_cache(maxsize=1)
def lookalikes() -> dict[str, frozenset[str]]:
    """Character → the characters that look like it (corpora/lint_lookalikes.txt, one group a line)."""
    out: dict[str, set[str]] = {}
    for line in corpus(LOOKALIKES).read_text(encoding="utf-8").splitlines():
        if line.startswith("#"):
            continue
        group = _HAN_RUN.findall(line)
        chars = set("".join(group))
        for c in chars:
            out.setdefault(c, set()).update(chars - {c})
    return {c: frozenset(v) for c, v in out.items()}


def look_alike(text_char: str, phrase_char: str) -> bool:
    return text_char in lookalikes().get(phrase_char, ())


SHORT = 3  # three-character phrases: matched alone only when the one difference is a look-alike


@lru_cache(maxsize=1)
def short_index() -> dict[str, list[tuple[str, int]]]:
    """Three-character lexicon phrases and parts, keyed by the phrase with one character masked."""
    index: dict[str, list[tuple[str, int]]] = {}
    for line in corpus("phrases.txt").read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        for part in _SPLIT.split(line):
            if len(part) == SHORT and _HAN_RUN.fullmatch(part):
                for k in range(SHORT):
                    key = part[:k] + "?" + part[k + 1:]
                    if (part, k) not in index.get(key, ()):
                        index.setdefault(key, []).append((part, k))
    return index


def _check_short(run: str, base: int, known: set[str]) -> list[tuple[int, int, str, str, str]]:
    """Candidates for three-character phrases one look-alike character away ("全履盖")."""
    index = short_index()
    out = []
    for i in range(len(run) - SHORT + 1):
        window = run[i:i + SHORT]
        if window in known:
            continue
        for k in range(SHORT):
            for phrase, _ in index.get(window[:k] + "?" + window[k + 1:], ()):
                if look_alike(window[k], phrase[k]) and not _forms_word(run, i, phrase, k, 10):
                    out.append((base + i, base + i + SHORT, phrase, window, "shape"))
    return out


def _toneless(reading: str) -> str:
    import unicodedata

    decomposed = unicodedata.normalize("NFD", reading)
    kept = "".join(c for c in decomposed if not unicodedata.combining(c) or c == "\u0308")
    return unicodedata.normalize("NFC", kept)


def _common(ch: str) -> bool:
    """In GB 2312: the characters an input method offers first, hence the ones typed by mistake."""
    try:
        ch.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


def build_homophones() -> str:
    """The text of corpora/lint_homophones.txt for the current lexicon (pypinyin readings)."""
    from pypinyin.pinyin_dict import pinyin_dict

    by_sound: dict[str, set[str]] = {}
    sounds_of: dict[str, set[str]] = {}
    for cp, readings in pinyin_dict.items():
        if not 0x4E00 <= cp <= 0x9FFF or not _common(chr(cp)):
            continue
        sounds = {_toneless(r) for r in readings.split(",")}
        sounds_of[chr(cp)] = sounds
        for snd in sounds:
            by_sound.setdefault(snd, set()).add(chr(cp))
    chars = sorted({c for p in list(lexicon()[0]) + list(slogans()[0]) for c in p})
    lines = [
        "# perfdoc lint: characters that sound like each character of corpora/phrases.txt (tones ignored).",
        "# Format: UTF-8, one line per lexicon character: the character, a tab, its homophones.",
        "# Generated from pypinyin readings by: python -m perfdoc.lint.typo (rerun after editing phrases.txt).",
    ]
    for c in chars:
        group: set[str] = set()
        for snd in sounds_of.get(c, ()):
            group |= by_sound[snd]
        group.discard(c)
        lines.append(f"{c}\t{''.join(sorted(group))}")
    return "\n".join(lines) + "\n"


def _words() -> dict[str, int]:
    """jieba's dictionary words and their frequencies, as shipped in the TYPO language model."""
    from perfdoc.lint import lm

    return lm.load().words


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
        if words.get(pair, 0) >= (min_freq if inside else 10) or (not inside and pair in lexicon()[1]):
            return True
    return False


@lru_cache(maxsize=1)
def language_model():
    """lint.lm's model with the phrase list taken as field text: "提质" of "提质增效" is a word of the
    field, whether or not the corpus happens to use it twice."""
    from perfdoc.lint import lm

    model = lm.load()
    model.add_phrases(lexicon()[1])
    return model


_HOW = {"sound": "同音字", "near": "近音字", "shape": "形近字", "edit": "字形或输入错误"}


def check(paragraphs) -> list[Hit]:
    """Misspellings: near-misses of the listed fixed phrases first, then any word the language
    model reads as misspelt (lint.spell)."""
    from perfdoc.lint import spell

    model = language_model()
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
            cands += _check_short(s, base, known)
        cands += _check_slogans(para, known)
        if cands:  # only now is segmenting the sentence worth its cost
            cands = [c for c in cands if _fits_words(para.text, c[0], c[1], c[2])]
        taken: list[tuple[int, int]] = []
        for start, end, phrase, window, verdict in sorted(cands, key=lambda c: (-(c[1] - c[0]), c[0])):
            if any(start < b and a < end for a, b in taken):
                continue
            taken.append((start, end))
            hits.append(Hit(CODE, "warning", f"疑似错别字（{_HOW[verdict]}）：“{window}”应为固定表述“{phrase}”",
                            para, start, end, suggestion=phrase))
        for start, end, x in spell.check_text(para.text, model, lookalikes()):
            if any(start < b and a < end for a, b in taken):
                continue  # the phrase list said it first, naming the fixed phrase
            hits.append(Hit(CODE, "warning", f"疑似错别字（{_HOW[x.kind]}）：“{x.wrong}”应为“{x.right}”",
                            para, start, end, suggestion=x.right))
    hits.sort(key=lambda h: (h.paragraph.index, h.start))
    return hits


WORD_FREQ = 10  # jieba frequency from which a string counts as a dictionary word


@lru_cache(maxsize=256)
def _cuts(run: str) -> frozenset[int]:
    """Word boundaries of a run of Chinese characters, by the dictionary alone (jieba's words and
    frequencies, no guessing of new words, which would glue a typo to its neighbours)."""
    from perfdoc.lint import lm

    return frozenset([0, *lm.load().segment(run, domain=False)[1]])


def _fits_words(text: str, start: int, end: int, phrase: str) -> bool:
    """Whether text[start:end] stands as words of its sentence, not as a slice of longer words
    ("预算绩效管理各环" in "…管理各环节…"), is not itself a dictionary word, and no differing
    character makes a dictionary word of three or four characters with its neighbours."""
    run_m = next((m for m in _HAN_RUN.finditer(text) if m.start() <= start and end <= m.end()), None)
    if run_m is None:
        return True
    run, a, b = run_m.group(), start - run_m.start(), end - run_m.start()
    cuts = _cuts(run)
    if a not in cuts or b not in cuts:
        return False
    freq = _words()
    if freq.get(run[a:b], 0) >= WORD_FREQ:
        return False
    for k in (k for k in range(len(phrase)) if run[a + k] != phrase[k]):
        p = a + k
        for n in (3, 4):
            for i in range(max(0, p - n + 1), min(p, len(run) - n) + 1):
                if (i, i + n) != (a, b) and freq.get(run[i:i + n], 0) >= WORD_FREQ:
                    return False  # "各环节": the character belongs to a word of its own
    return True


def _judge(run: str, start: int, phrase: str, diffs: list[int], known: set[str]) -> str | None:
    window = run[start:start + len(phrase)]
    allowed = 2 if len(phrase) >= LONG else 1
    if not 1 <= len(diffs) <= allowed or window in known:
        return None
    if all(same_sound(window[k], phrase[k]) or look_alike(window[k], phrase[k]) for k in diffs):
        if any(_forms_word(run, start, phrase, k, COMMON_WORD) for k in diffs):
            return None
        return "sound" if all(same_sound(window[k], phrase[k]) for k in diffs) else "shape"
    if len(diffs) == 1 and len(phrase) >= LONG_EDIT:
        k = diffs[0]
        # a different first/last character followed by more text is usually another word that
        # merely starts where the phrase ends ("预算绩效管理业务"), not a slip
        if (k == 0 and start > 0) or (k == len(phrase) - 1 and start + len(phrase) < len(run)):
            return None
        if _forms_word(run, start, phrase, k, 10):
            return None
        return "edit"
    return None


if __name__ == "__main__":  # regenerate the shipped homophone table
    target = corpus(HOMOPHONES)
    target.write_text(build_homophones(), encoding="utf-8")
    print(f"wrote {target}")
