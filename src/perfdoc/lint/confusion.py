"""Confusion sets for TYPO: which characters a typist puts in place of which.

- same sound: characters with a common pypinyin reading, tones ignored (a pinyin input method
  offers them together);
- near sound: readings that differ only by the pairs people mix up (z/zh, c/ch, s/sh, n/l,
  an/ang, en/eng, in/ing);
- same shape: corpora/lint_lookalikes.txt (typo.lookalikes()).

A correction is always one of the 3,755 characters of GB 2312 level 1 (what an input method offers
first); the character in the text may be any GB 2312 character. The sound tables are computed by
`perfdoc train` (lm.train_lm) and shipped inside the language model, so linting needs no pypinyin.
"""
from __future__ import annotations

import unicodedata

_FUZZY_INITIALS = (("zh", "z"), ("ch", "c"), ("sh", "s"))
_FUZZY_FINALS = (("ang", "an"), ("eng", "en"), ("ing", "in"))


def toneless(reading: str) -> str:
    decomposed = unicodedata.normalize("NFD", reading)
    kept = "".join(c for c in decomposed if not unicodedata.combining(c) or c == "\u0308")
    return unicodedata.normalize("NFC", kept)


def fuzzy(syllable: str) -> str:
    """The syllable with the commonly confused distinctions merged (zh→z, n→l, ang→an, …)."""
    for long, short in _FUZZY_INITIALS:
        if syllable.startswith(long):
            syllable = short + syllable[len(long):]
            break
    if syllable.startswith("n") and syllable != "n":
        syllable = "l" + syllable[1:]
    for long, short in _FUZZY_FINALS:
        if syllable.endswith(long):
            syllable = syllable[: -len(long)] + short
            break
    return syllable


def gb2312_level(ch: str) -> int:
    """1 for the common characters of GB 2312, 2 for the rest of it, 0 outside it."""
    try:
        b = ch.encode("gb2312")
    except UnicodeEncodeError:
        return 0
    if len(b) != 2 or not 0xB0 <= b[0] <= 0xF7:
        return 0
    return 1 if b[0] <= 0xD7 else 2


def sound_tables() -> tuple[dict[str, str], dict[str, str]]:
    """(same sound, near sound): GB 2312 character → level-1 characters, each a sorted string."""
    from pypinyin.pinyin_dict import pinyin_dict

    readings: dict[str, set[str]] = {}
    for cp, text in pinyin_dict.items():
        ch = chr(cp)
        if 0x4E00 <= cp <= 0x9FFF and gb2312_level(ch):
            readings[ch] = {toneless(r) for r in text.split(",")}
    by_sound: dict[str, set[str]] = {}
    by_fuzzy: dict[str, set[str]] = {}
    for ch, sounds in readings.items():
        if gb2312_level(ch) != 1:
            continue
        for s in sounds:
            by_sound.setdefault(s, set()).add(ch)
            by_fuzzy.setdefault(fuzzy(s), set()).add(ch)
    same: dict[str, str] = {}
    near: dict[str, str] = {}
    for ch, sounds in sorted(readings.items()):
        s_set = set().union(*(by_sound.get(s, ()) for s in sounds)) - {ch}
        n_set = set().union(*(by_fuzzy.get(fuzzy(s), ()) for s in sounds)) - s_set - {ch}
        if s_set:
            same[ch] = "".join(sorted(s_set))
        if n_set:
            near[ch] = "".join(sorted(n_set))
    return same, near
