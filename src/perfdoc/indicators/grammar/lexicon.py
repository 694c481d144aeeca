"""The review's word lists and unit lexicons, read once from corpora/ and cached.

Files (each with a format comment on top): check_units.csv, check_name_units.csv, check_head_units.csv,
check_words.csv, check_rewrites.csv, check_patterns.jsonl.
"""
from __future__ import annotations

import csv
import json
import re
from dataclasses import dataclass, field
from functools import lru_cache

from perfdoc.resources import corpus

# Multiplier prefixes a unit may carry (万人次, 万亩, 亿元 are written as one unit).
UNIT_PREFIXES = ("万", "千", "亿", "百")
# Kinds that all count things: a 人次 target written in 人 is not worth a finding.
COUNT_FAMILY = frozenset({"person", "household", "count"})
# A rate per population or per amount (人/10万, /万, 人/亿元) belongs with % and ‰.
_RATE_DENOMINATOR = re.compile(r"/\d*[十百千万亿]")
# Generic tails that do not change what a name counts (淘汰燃煤锅炉数量 counts 锅炉).
HEAD_TAILS = ("总数量", "数量", "总规模", "规模", "总量", "总数", "个数", "数目", "存量", "数")
# Verbs written after the thing they act on (设备购置, 路灯安装): the head is the noun before them.
HEAD_VERB_TAILS = ("购置", "采购", "购买", "配备", "配置", "安装", "更新", "更换", "新建", "建设", "改造", "收购",
                   "收储", "安排")


def _rows(name: str) -> list[list[str]]:
    """CSV rows of a corpus file, without the leading # comment lines and the header row."""
    text = corpus(name).read_text(encoding="utf-8")
    lines = [ln for ln in text.splitlines() if ln.strip() and not ln.startswith("#")]
    rows = list(csv.reader(lines))
    return rows[1:]


@dataclass(frozen=True)
class NameRule:
    suffix: str
    kind: str
    unit: str
    obvious: bool


@dataclass(frozen=True)
class HeadRule:
    """What a name's head noun counts: the unit kinds compatible with it (图书 → count, 册)."""
    head: str
    kinds: tuple  # in the lexicon's order, the usual kind first
    unit: str


@dataclass
class Lexicon:
    units: dict[str, str]  # unit → kind
    name_rules: list[NameRule]  # longest suffix first
    words: dict[str, tuple[str, ...]]  # label → words
    rewrites: list[tuple[str, str]]
    patterns: list[dict]
    heads: dict[str, HeadRule] = field(default_factory=dict)
    unit_re: re.Pattern = field(init=False)
    input_re: re.Pattern = field(init=False)
    input_except_re: re.Pattern = field(init=False)
    reverse_re: re.Pattern = field(init=False)
    timely_re: re.Pattern = field(init=False)
    negative_re: re.Pattern = field(init=False)
    vague_re: re.Pattern = field(init=False)

    def __post_init__(self) -> None:
        alts = sorted(self.units, key=len, reverse=True)
        # A unit is the longest lexicon entry, optionally with a multiplier prefix; ASCII units
        # must not run on into letters (m vs mg).
        body = "|".join(re.escape(u) for u in alts)
        self.unit_re = re.compile(rf"(?:[{''.join(UNIT_PREFIXES)}])?(?:{body})(?![A-Za-z])")
        self.input_re = _alternation(self.words.get("INPUT", ()))
        self.input_except_re = _alternation(self.words.get("INPUT_EXCEPT", ()))
        self.reverse_re = _alternation(self.words.get("REVERSE", ()))
        self.timely_re = _alternation(self.words.get("TIMELY_NAME", ()))
        self.negative_re = _alternation(self.words.get("NEGATIVE_NAME", ()))
        self.vague_re = _alternation(self.words.get("VAGUE", ()))
        self._by_suffix = {}
        for rule in self.name_rules:  # longest first; the first rule for a suffix wins
            self._by_suffix.setdefault(rule.suffix, rule)
        self._suffix_lengths = sorted({len(r.suffix) for r in self.name_rules}, reverse=True)
        self._rule_cache: dict[str, NameRule | None] = {}
        self._head_max = max((len(h) for h in self.heads), default=0)

    def unit_kind(self, unit: str | None) -> str | None:
        """The kind of a written unit (万人次 → person); None when not in the lexicon."""
        if not unit:
            return None
        if unit in self.units:
            return self.units[unit]
        if _RATE_DENOMINATOR.search(unit):
            return "percent"  # 15人/10万, 0.02人/亿元: a rate, of the percent family
        if unit[0] in UNIT_PREFIXES and unit[1:] in self.units:
            return self.units[unit[1:]]
        base = re.split(r"[/每]", unit, maxsplit=1)[0]
        if base and base != unit:
            return self.unit_kind(base)
        return None

    def name_rule(self, name: str) -> NameRule | None:
        """The expectation a 三级指标 name sets for its unit (率 → %), by longest suffix."""
        hit = self._rule_cache.get(name, _MISSING)
        if hit is _MISSING:
            core = re.sub(r"[（(][^）)]*[）)]$", "", name).strip()
            for tail in ("指标值", "指标"):
                core = core.removesuffix(tail)
            core = core or name
            hit = self._suffix_rule(name) or self._suffix_rule(core)
            if len(self._rule_cache) > 100_000:
                self._rule_cache.clear()
            self._rule_cache[name] = hit
        return hit

    def head_rule(self, name: str) -> HeadRule | None:
        """The head noun a name ends with (after 数量/规模 …) and the unit kinds it allows."""
        core = re.sub(r"[（(][^）)]*[）)]$", "", name).strip()
        for tails in (HEAD_TAILS, HEAD_VERB_TAILS):
            for tail in tails:
                if core.endswith(tail) and len(core) > len(tail):
                    core = core[:-len(tail)]
                    break
        for n in range(min(len(core), self._head_max), 1, -1):
            hit = self.heads.get(core[-n:])
            if hit is not None:
                return hit
        return None

    def bracket_unit(self, name: str) -> str | None:
        """A unit written in the name: 受益户数（户）, 合格率(%), a template's 覆盖率(≥**%)."""
        m = re.search(r"[（(]([^）)]{1,12})[）)]$", name)
        if not m:
            return None
        unit = _BRACKET_FILLER.sub("", m.group(1))  # operators and placeholders of a template
        if unit and self.unit_kind(unit) is not None:
            return unit
        return None

    def implied_unit(self, name: str) -> str | None:
        """A count unit the name ends with (抽检批次, 服务人次): a bare number counts those."""
        core = re.sub(r"[（(][^）)]*[）)]$", "", name).strip()
        for n in (3, 2):
            tail = core[-n:]
            if len(core) > n and self.units.get(tail) in COUNT_FAMILY:
                return tail
        head = self.head_rule(core)  # 开设课程数量 220, 召开全体会议 2, 药品抽验品种 ≥3
        if head is not None and set(head.kinds) <= COUNT_FAMILY:
            return head.unit
        stem = core
        for tails in (HEAD_TAILS, HEAD_VERB_TAILS):  # 重点建设工程安排数量 → 重点建设工程
            for tail in tails:
                if stem.endswith(tail) and len(stem) > len(tail):
                    stem = stem[:-len(tail)]
                    break
        word = next((w for w in self.words.get("COUNT_HEAD", ()) if stem.endswith(w)), None)
        return "个" if word else None

    def _suffix_rule(self, name: str) -> NameRule | None:
        for n in self._suffix_lengths:
            rule = self._by_suffix.get(name[-n:])
            if rule is not None and len(name) >= n:
                return rule
        return None


_MISSING = object()
_BRACKET_FILLER = re.compile(r"[\s≥≤<>=＞＜≧≦*＊xX×？?_＿.…·\d]|不低于|不少于|不超过|不高于|以上|以内|单位[:：]?")


def _alternation(words) -> re.Pattern:
    words = sorted({w for w in words if w}, key=len, reverse=True)
    if not words:
        return re.compile(r"(?!x)x")
    return re.compile("|".join(re.escape(w) for w in words))


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    units = {u.strip(): k.strip() for u, k, *_ in _rows("check_units.csv")}
    rules = [NameRule(s.strip(), k.strip(), u.strip(), o.strip() == "1")
             for s, k, u, o, *_ in _rows("check_name_units.csv")]
    rules.sort(key=lambda r: len(r.suffix), reverse=True)
    words: dict[str, list[str]] = {}
    for label, word, *_ in _rows("check_words.csv"):
        words.setdefault(label.strip(), []).append(word.strip())
    rewrites = [(k.strip(), v.strip()) for k, v, *_ in _rows("check_rewrites.csv")]
    patterns = []
    for line in corpus("check_patterns.jsonl").read_text(encoding="utf-8").splitlines():
        if line.strip():
            obj = json.loads(line)
            if "_format" not in obj:
                patterns.append(obj)
    heads = {h.strip(): HeadRule(h.strip(), tuple(k.strip() for k in kinds.split("|")), u.strip())
             for h, kinds, u, *_ in _rows("check_head_units.csv")}
    return Lexicon(units=units, name_rules=rules,
                   words={k: tuple(v) for k, v in words.items()},
                   rewrites=rewrites, patterns=patterns, heads=heads)
