"""Defensible 二级 readings by what an indicator measures (corpora/classify_readings.csv).

Each row of the corpus names a kind of indicator (a pattern on the name and a kind of value) and the
二级指标 that are defensible readings of it, from the national framework and guidance (a 完成率 of a
task may be 数量, 质量 or 时效; money to be spent is 经济成本; a deadline value is 时效 …). The first
matching row decides. Three users:

- CATEGORY_MISMATCH claims a declared 二级 is wrong only when the indicator is of a known kind and
  the declared class is not one of its readings (classify.mismatch);
- evaluation counts a prediction as acceptable when it is the published label or one of the
  readings, and a mismatch claim as right when the declared label is not one of them;
- the classifier sees the kind as a feature ("k:<kind>") and learns what it means from the data.
"""
from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache

from perfdoc.errors import DataError
from perfdoc.indicators.classification import features

READINGS_FILE = "classify_readings.csv"
VALUE_KINDS = frozenset({"money", "money_ceiling", "ceiling", "amount", "percent", "deadline", "zero", "words",
                         "duration", "none"})
_AMOUNT_UNITS = frozenset({"person", "household", "count", "length", "area", "weight", "volume"})
_PLACEHOLDER = re.compile(r"[（(][^）)]*(\*|[≥≤<>]|[（(]?[人个元亩%])[^）)]*[）)]")
_CEILING = re.compile(r"^(≤|<=|<|不超过|不高于|控制在|低于)")
_MONEY = re.compile(r"(元|万元|亿元|万)(/.*)?$")


@dataclass(frozen=True, slots=True)
class Kind:
    kind: str
    name: re.Pattern | None
    value_any: frozenset[str]
    value_not: frozenset[str]
    value_re: re.Pattern | None
    readings: tuple[str, ...]
    basis: str


@lru_cache(maxsize=1)
def kinds() -> tuple[Kind, ...]:
    """The rows of corpora/classify_readings.csv, in file order."""
    from perfdoc.indicators.library.framework import LEVEL2_TO_LEVEL1
    from perfdoc.resources import corpus

    path = corpus(READINGS_FILE)
    lines = [ln for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip() and not ln.startswith("#")]
    out = []
    for n, row in enumerate(csv.DictReader(lines), start=2):
        try:
            name = re.compile(row["name"]) if row["name"] else None
            toks = (row["value"] or "").split()
            value_re = [t[1:] for t in toks if t.startswith("~")]
            any_ = frozenset(t for t in toks if t[0] not in "~!")
            not_ = frozenset(t[1:] for t in toks if t.startswith("!"))
            readings = tuple(row["readings"].split())
        except (re.error, KeyError, AttributeError, IndexError) as exc:
            raise DataError(f"合理读法表格式错误：{exc}", file=path, row=n) from None
        bad = [r for r in readings if r not in LEVEL2_TO_LEVEL1] + [v for v in any_ | not_ if v not in VALUE_KINDS]
        if bad or not readings:
            raise DataError(f"合理读法表中有无效的二级指标或值类别：{'、'.join(bad) or '（空）'}", file=path, row=n)
        out.append(Kind(row["kind"], name, any_, not_, re.compile("|".join(value_re)) if value_re else None,
                        readings, row.get("basis") or ""))
    return tuple(out)


def clean_name(name: str) -> str:
    """The name as the patterns read it: normalised, enumerator and template placeholders removed."""
    from perfdoc.indicators.library.framework import strip_enumerator

    return _PLACEHOLDER.sub("", features.normalize(strip_enumerator(name or "")))


def value_kinds(value: str | None, parsed=None) -> frozenset[str]:
    """What kind of value this is, from the grammar's parse (money, amount, percent, deadline …)."""
    v = features.normalize(value)
    if not v:
        return frozenset({"none"})
    toks = set(features.value_tokens(value, parsed))
    out = set()
    unit = getattr(parsed, "unit", None) or ""
    op = getattr(parsed, "operator", None)
    number = getattr(parsed, "number", None)
    money = "v:kmoney" in toks or "v:money" in toks or bool(unit and _MONEY.search(unit))
    if money:
        out.add("money")
        if op in ("≤", "<") or _CEILING.search(v):
            out.add("money_ceiling")
    if op in ("≤", "<") or _CEILING.search(v):
        out.add("ceiling")
    if toks & {f"v:k{k}" for k in _AMOUNT_UNITS} or "v:count" in toks:
        out.add("amount")
    if "v:pct" in toks or "v:kpercent" in toks:
        out.add("percent")
    if "v:ktime" in toks:
        out.add("duration")
    if "v:deadline" in toks or ("v:date" in toks and "percent" not in out and "duration" not in out):
        out.add("deadline")
    if number == 0 or re.match(r"^[=≤<]?0(\.0+)?(\D|$)", v):
        out.add("zero")
    if not re.search(r"\d", v) and "deadline" not in out:
        out.add("words")
    return frozenset(out)


def match(name: str, value: str | None, parsed=None) -> Kind | None:
    """The first kind whose name pattern and value condition fit, or None."""
    if parsed is None:
        return _match(name or "", value or "", None)
    key = (getattr(parsed, "operator", None), getattr(parsed, "number", None), getattr(parsed, "unit", None),
           getattr(parsed, "deadline", None))
    return _match(name or "", value or "", key)


@lru_cache(maxsize=65536)
def _match(name: str, value: str, key: tuple | None) -> Kind | None:
    from perfdoc.indicators.result import Parsed

    parsed = Parsed(operator=key[0], number=key[1], unit=key[2], deadline=key[3]) if key else None
    n = clean_name(name)
    vk = value_kinds(value, parsed)
    v = features.normalize(value)
    for k in kinds():
        if k.name is not None and not k.name.search(n):
            continue
        if k.value_any and not (k.value_any & vk):
            continue
        if k.value_not & vk:
            continue
        if k.value_re is not None and not k.value_re.search(v):
            continue
        return k
    return None


def readings(name: str, value: str | None, parsed=None) -> tuple[str, ...] | None:
    """The defensible 二级指标 of this indicator, or None when it is of no listed kind."""
    k = match(name, value, parsed)
    return k.readings if k else None


def acceptable(predicted: str, published: str, name: str, value: str | None, parsed=None) -> bool:
    """The published label, or a defensible reading of what the indicator measures."""
    if predicted == published:
        return True
    r = readings(name, value, parsed)
    return bool(r) and predicted in r


def claim_right(declared: str, name: str, value: str | None, parsed=None) -> bool | None:
    """Whether a CATEGORY_MISMATCH against `declared` is right: True when the declared class is no
    defensible reading, False when it is one, None when the indicator is of no listed kind."""
    r = readings(name, value, parsed)
    if r is None:
        return None
    return declared not in r
