"""Readable, unique fact names from the words around a figure ("部门整体绩效指标数", "评估金额").

The clause before the figure gives the name ("评估金额17,969.78万元" → 评估金额); for a count whose
noun follows it ("61个预算部门") the noun does ("预算部门数"); a share right after another figure
("…61个，占部门总数的100.00%") is named after that figure ("…占比"). Words come from a private jieba
tokenizer holding only the business and function words of corpora/import_words.csv (other text
falls apart into characters, which is all the cutting needs; jieba's 350,000-word dictionary is not
loaded, so a cold import stays well under a second).
"""
from __future__ import annotations

import csv
import logging
import re
from dataclasses import dataclass
from functools import lru_cache

from perfdoc.resources import corpus

NAME_MAX = 14
_DELIMS = "，。；：、,;:！？!?（）()《》【】〔〕 \u3000\n\t"
_UNIT_COUNT_SUFFIX = ("次", "份", "人", "篇", "件", "户", "家", "场", "批")
_KEEP = re.compile(r"[^\u4e00-\u9fa5A-Za-z]")


@dataclass(frozen=True)
class Words:
    units: dict[str, tuple[str, ...]]  # unit kind → units, longest first
    trim: frozenset[str]
    stop: frozenset[str]
    suffix_money: tuple[str, ...]
    suffix_count: tuple[str, ...]
    segment: tuple[str, ...]


@lru_cache(maxsize=1)
def words() -> Words:
    rows: dict[str, list[str]] = {}
    with corpus("import_words.csv").open(encoding="utf-8") as fh:
        reader = csv.DictReader(line for line in fh if not line.startswith("#"))
        for row in reader:
            rows.setdefault(row["kind"], []).append(row["word"])
    units = {k[len("unit_"):]: tuple(sorted(v, key=len, reverse=True)) for k, v in rows.items() if k.startswith("unit_")}
    return Words(units, frozenset(rows.get("trim", ())), frozenset(rows.get("stop", ())),
                 tuple(rows.get("suffix_money", ())), tuple(rows.get("suffix_count", ())),
                 tuple(rows.get("segment", ())))


@lru_cache(maxsize=1)
def _tokenizer():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    own = jieba.Tokenizer()
    freq: dict[str, int] = {}
    total = 0
    with corpus("import_common_words.txt").open(encoding="utf-8") as fh:
        for line in fh:
            if line.startswith("#"):
                continue
            word, _, f = line.rstrip("\n").partition(" ")
            freq[word] = int(f)
            total += int(f)
            for i in range(1, len(word)):  # jieba's DAG needs every prefix present
                freq.setdefault(word[:i], 0)
    own.FREQ, own.total, own.initialized = freq, total, True  # not jieba's 350,000-word dictionary
    for w in words().segment:
        own.add_word(w, freq=1_000_000)
    for w in words().trim | words().stop:
        own.add_word(w, freq=50_000)
    return own


def tokens(text: str) -> list[str]:
    return [t for t in _tokenizer().lcut(text, HMM=False) if t.strip()]


def _clause_left(text: str, start: int) -> str:
    i = start
    while i > 0 and text[i - 1] not in _DELIMS:
        i -= 1
    return text[i:start]


def _clause_right(text: str, end: int) -> str:
    j = end
    while j < len(text) and text[j] not in _DELIMS:
        j += 1
    return text[end:j]


def _clean(tok: list[str]) -> list[str]:
    tok = [_KEEP.sub("", t) for t in tok]
    return [t for t in tok if t]


def _left_name(left: str) -> str:
    # only what follows the last figure or placeholder belongs to this one ("8个项目985万元")
    parts = re.split(r"\{[^{}]*\}|\d", left)
    left = parts[-1]
    if len(parts) > 1:  # right after another figure: drop that figure's unit ("8个项目" → 项目)
        for unit in sorted((u for us in words().units.values() for u in us), key=len, reverse=True):
            if left.startswith(unit):
                left = left[len(unit):]
                break
    toks = _clean(tokens(left))
    trim = words().trim
    while toks and toks[-1] in trim:
        toks.pop()
    out: list[str] = []
    for t in reversed(toks):
        if t == "的" or (t in trim and not out):
            continue  # 开展绩效目标管理的部门数 → 绩效目标管理部门数
        if t in trim:
            if len("".join(out)) >= 2:
                break
        if len("".join(out)) + len(t) > NAME_MAX - 2:
            break
        out.insert(0, t)
        if len("".join(out)) >= 8:
            break
    while out and out[0] in trim:
        out.pop(0)
    return "".join(out)


def _right_noun(right: str) -> str:
    right = re.split(r"\{[^{}]*\}|\d", right)[0]
    toks = _clean(tokens(right))
    out: list[str] = []
    for t in toks:
        if t in words().stop or t in words().trim:
            break
        out.append(t)
        if len("".join(out)) >= 6:
            break
    return "".join(out)[:NAME_MAX - 1]


def name_for(text: str, start: int, end: int, unit_kind: str, previous: str | None, unit: str = "") -> str:
    """A name for the figure text[start:end] (before the uniqueness suffix)."""
    left = _clause_left(text, start)
    right = _clause_right(text, end)
    w = words()
    if unit_kind == "percent":
        base = _left_name(left)
        if (left.lstrip().startswith("占") or not base) and previous:
            return _fit(previous + "占比")
        if base.endswith(("率", "比", "比例", "占比")):
            return _fit(base)
        return _fit((base or "比例") + ("占比" if base else ""))
    if unit_kind == "point":
        base = _left_name(left)
        return _fit((base or "变动") + ("百分点" if base else ""))
    if unit_kind == "score":
        base = _left_name(left)
        return _fit(base if base.endswith(("分", "得分", "分数线", "分值")) else (base or "") + "得分")
    if unit_kind == "money":
        base = _left_name(left)
        if not base:
            base = _right_noun(right)
        if not base:
            return "金额"
        return _fit(base if base.endswith(w.suffix_money) else base + "金额")
    # counts
    noun = _right_noun(right)
    if noun:
        return _fit(noun if noun.endswith(w.suffix_count) else noun + "数")
    base = _left_name(left)
    if not base:
        return "数量"
    if base.endswith(w.suffix_count):
        return _fit(base)
    # "培训2次" → 培训次数, "优的17份" → …份数; a 个 count is just 数
    return _fit(base + (unit + "数" if unit in _UNIT_COUNT_SUFFIX else "数"))


def _fit(name: str) -> str:
    name = _KEEP.sub("", name)
    return name[-NAME_MAX:] if len(name) > NAME_MAX else name
