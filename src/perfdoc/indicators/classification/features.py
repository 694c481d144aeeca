"""Text features shared by the classifier and the library mapping (numpy/scipy only, no sklearn).

An indicator becomes one whitespace-joined token string: jieba words ("w:"), character n-grams
("c:") and a few value-shape tokens ("v:"). The classifiers are sklearn pipelines over these
strings (TfidfVectorizer with token_pattern \\S+), so the same function feeds training and the
light runtime in classify.py, and no Python callable has to be persisted in a model file.
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from perfdoc.resources import corpus

_SPACE = re.compile(r"\s+")
_PUNCT = re.compile(r"^[\W_]+$")
_DATE = re.compile(r"(\d{1,2}月|月底|年底|年末|季度|上半年|下半年|\d{1,2}日|工作日|天内|日内|个月内|月内|前完成|之前|期限)")
_MONEY = re.compile(r"(元|万元|亿元)")
_PCT = re.compile(r"(%|％|百分之|成$|\d成)")
_COUNT = re.compile(
    r"(人次|人|户|个|所|项|次|场|册|件|台|套|吨|公里|千米|米|亩|公顷|平方米|万平方米|立方米|株|头|只|辆|座|间|家|批|期|份|篇|条|处|名|班|床|张|本|块|宗|起|支|座)$"
)
_NUMBER = re.compile(r"\d")


def normalize(text: str | None) -> str:
    """NFKC, no whitespace, lower case: the form every comparison uses."""
    return _SPACE.sub("", unicodedata.normalize("NFKC", text or "")).lower()


@lru_cache(maxsize=1)
def synonyms() -> dict[str, str]:
    """Word → canonical word, from corpora/indicator_synonyms.txt (one group per line)."""
    table: dict[str, str] = {}
    path = corpus("indicator_synonyms.txt")
    if not path.is_file():
        return table
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        group = [normalize(w) for w in re.split(r"[\s,，;；]+", line) if w.strip()]
        for word in group[1:]:
            table.setdefault(word, group[0])
    return table


@lru_cache(maxsize=1)
def _jieba():
    """jieba over its default dictionary, loaded lazily per character (perfdoc.lazyjieba)."""
    from perfdoc.lazyjieba import tokenizer

    return tokenizer()


@lru_cache(maxsize=65536)
def words(text: str) -> tuple[str, ...]:
    """jieba words of a normalised text, punctuation dropped, synonyms mapped to one form."""
    if not text:
        return ()
    syn = synonyms()
    out = []
    for w in _jieba().lcut(text, HMM=False):
        if _PUNCT.match(w):
            continue
        out.append(syn.get(w, w))
    return tuple(out)


def char_ngrams(text: str, lo: int, hi: int) -> list[str]:
    n = len(text)
    return [text[i:i + k] for k in range(lo, hi + 1) for i in range(0, n - k + 1)]


_BRACKET_TAIL = re.compile(r"[（(][^）)]*[）)]$")


@lru_cache(maxsize=1)
def _value_words() -> tuple[re.Pattern, re.Pattern, object]:
    """Verifiable states and vague phrases of the value grammar's lexicon, and its unit kinds."""
    from perfdoc.indicators.grammar.lexicon import lexicon

    lex = lexicon()

    def alt(label: str) -> re.Pattern:
        words = sorted({normalize(w) for w in lex.words.get(label, ()) if w}, key=len, reverse=True)
        return re.compile("|".join(re.escape(w) for w in words) or "(?!x)x")

    return alt("STATE"), alt("VAGUE"), lex.unit_kind


def parsed_tokens(v: str, parsed) -> list[str]:
    """What the parsed value measures: operator, unit kind, deadline, zero, size of a percent,
    a state or a vague phrase (the grammar's reading, not the name's keywords)."""
    state, vague, unit_kind = _value_words()
    out = []
    op = getattr(parsed, "operator", None)
    number = getattr(parsed, "number", None)
    unit = getattr(parsed, "unit", None)
    kind = unit_kind(unit) if unit else None
    if op:
        out.append("v:op" + op)
    if kind:
        out.append("v:k" + kind)
        if unit and "/" in unit:
            out.append("v:per")
    elif number is not None:
        out.append("v:bare")
    if getattr(parsed, "deadline", None):
        out.append("v:deadline")
    if number == 0:
        out.append("v:zero")
    if kind == "percent" and number is not None:
        out.append("v:p100" if number >= 100 else "v:phi" if number >= 80 else "v:plo")
    if kind == "money" and op in ("≤", "<"):
        out.append("v:ceiling")
    if number is None and not getattr(parsed, "deadline", None):
        out.append("v:words")
        if state.search(v):
            out.append("v:state")
        if vague.search(v):
            out.append("v:vague")
    if "满意" in v:
        out.append("v:sat")
    return out


def value_tokens(value: str | None, parsed=None) -> list[str]:
    """Shape of a target value: percent, money, deadline, count unit, number, text; with the
    grammar's parse (result.parsed) when given."""
    v = normalize(value)
    if not v:
        return ["v:none"]
    out = []
    if _PCT.search(v):
        out.append("v:pct")
    if _MONEY.search(v):
        out.append("v:money")
    if _DATE.search(v):
        out.append("v:date")
    m = _COUNT.search(v)
    if m and not out:
        out.append("v:count")
        out.append("v:u" + m.group(1))
    if not out:
        out.append("v:num" if _NUMBER.search(v) else "v:text")
    if parsed is not None:
        out.extend(parsed_tokens(v, parsed))
    return out


@lru_cache(maxsize=65536)
def head_tokens(name: str) -> tuple[str, ...]:
    """The name's head noun (last word, last two words, last characters) and its first word
    (the verb or modifier): 培训覆盖率 → h:覆盖率, s2:盖率, m:培训."""
    t = _BRACKET_TAIL.sub("", normalize(name)) or normalize(name)
    if not t:
        return ()
    ws = words(t)
    out = ["s1:" + t[-1], "s2:" + t[-2:]]
    if ws:
        out.append("h:" + ws[-1])
        out.append("m:" + ws[0])
        if len(ws) > 1:
            out.append("h2:" + ws[-2] + ws[-1])
    return tuple(out)


@lru_cache(maxsize=65536)
def name_tokens(name: str) -> tuple[str, ...]:
    """Words and character 1–3-grams of an indicator name (or any short text)."""
    t = normalize(name)
    if not t:
        return ()
    return tuple(["w:" + w for w in words(t)] + ["c:" + g for g in char_ngrams(t, 1, 3)])


def level2_tokens(name: str, value: str | None = None, parsed=None) -> list[str]:
    """The classifier input for the 二级指标 model: the name, its head noun, what the parsed
    value measures and the kind of indicator (corpora/classify_readings.csv: "k:coverage" …)."""
    from perfdoc.indicators.classification.readings import match

    kind = match(name, value, parsed)
    return [*name_tokens(name), *head_tokens(name), *value_tokens(value, parsed), "k:" + (kind.kind if kind else "none")]


def sector_tokens(name: str, project: str | None = None) -> list[str]:
    """The classifier input for the sector model: the name, plus the project name when known."""
    if project:
        return [*name_tokens(name), *name_tokens(project)]
    return list(name_tokens(name))


def level2_document(name: str, value: str | None = None, parsed=None) -> str:
    """level2_tokens as the whitespace-joined string the sklearn pipeline reads."""
    return " ".join(level2_tokens(name, value, parsed))


def sector_document(name: str, project: str | None = None) -> str:
    return " ".join(sector_tokens(name, project))


def mapping_tokens(text: str) -> list[str]:
    """Tokens for library look-up: words (synonym-mapped) and character 2–3-grams."""
    t = normalize(text)
    if not t:
        return []
    if len(t) == 1:
        return ["w:" + t, "c:" + t]
    return ["w:" + w for w in words(t)] + ["c:" + g for g in char_ngrams(t, 2, 3)]
