"""Figures in the text become named facts (`{名称}`), years of the statement become {年度}±1.

What stays text, by design: anything inside 《》 (a policy or document title is a fixed name — its
year does not roll), 文号 such as 澄财绩〔2023〕1号 (a document's number names that document),
months and days, years other than the statement year and its neighbours (自2018年以来), ordinals
(第3名), Chinese-numeral words (一是, 五个方面), and numbers without a unit.
"""
from __future__ import annotations

import re
from decimal import Decimal
from dataclasses import dataclass, field

from perfdoc.statement_import.naming import name_for, words
from perfdoc.statement_import.written import roundtrip, value_text

BUILTINS = ("年度", "年度-1", "年度+1")

_PROTECT = re.compile(
    r"《[^《》]*(?:《[^《》]*》[^《》]*)*》"  # titles, one level of nesting
    r"|[\u4e00-\u9fa5A-Za-z]{1,12}\s*[〔\[【(（]\s*(?:19|20)\d{2}\s*[〕\]】)）]\s*第?\s*\d+\s*号"  # 文号
    r"|[〔\[【]\s*(?:19|20)\d{2}\s*[〕\]】]"  # a bare 〔2023〕
)
_YEAR = re.compile(r"(?<![\d.])((?:19|20)\d{2})(?=\s*(?:年|[—–\-－~～至到]\s*(?:19|20)\d{2}\s*年))")
_DATE_PART = re.compile(r"(?<![\d.])\d{1,2}(?=\s*(?:[—–\-－~～至到]\s*\d{1,2}\s*)?(?:月|日|号|时|点|季度|周岁|周|年(?!度)))")
_NUMBER = r"(?:\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)"


@dataclass(slots=True)
class Fact:
    name: str
    value: str
    unit: str
    written: str
    note: str
    uses: int = 0


@dataclass
class FactBook:
    year: int | None
    facts: dict[str, Fact] = field(default_factory=dict)
    _by_key: dict[tuple[str, str], str] = field(default_factory=dict)

    def add(self, base: str, written: str, value: str, unit: str, note: str) -> str:
        key = (base, written)
        if key in self._by_key:  # the same figure under the same name: one fact
            name = self._by_key[key]
            self.facts[name].uses += 1
            return name
        name, k = base, 1
        while name in self.facts or name in BUILTINS:
            k += 1
            name = f"{base}{k}"
        self.facts[name] = Fact(name, value, unit, written, note, 1)
        self._by_key[key] = name
        return name


def _quantity_re():
    units = words().units
    alts = sorted({u for us in units.values() for u in us}, key=len, reverse=True)
    unit_rx = "|".join(re.escape(u) for u in alts)
    return re.compile(
        rf"(?<![\d.,A-Za-z第])(?P<pre>约|近|超过|超|逾)?(?P<num>{_NUMBER})(?P<more>余|多)?\s?(?P<unit>{unit_rx})"
    )


_QTY = None


def unit_kind(unit: str) -> str:
    for kind, us in words().units.items():
        if unit in us:
            return kind
    return "count"


def escape(text: str) -> str:
    return text.replace("{", "{{").replace("}", "}}")


def template(text: str, book: FactBook, where: str, *, figures: bool = True) -> str:
    """`text` with its figures as {名称} (unless `figures` is false: table cells) and its
    statement-year mentions as {年度}/{年度±1}."""
    global _QTY
    if _QTY is None:
        _QTY = _quantity_re()
    out: list[str] = []
    pos = 0
    protected = [(m.start(), m.end()) for m in _PROTECT.finditer(text)]

    def free(a: int, b: int) -> bool:
        return all(b <= s or a >= e for s, e in protected)

    events: list[tuple[int, int, str]] = []  # (start, end, replacement)
    taken: list[tuple[int, int]] = []
    for m in _YEAR.finditer(text):
        if not free(m.start(), m.end()) or book.year is None:
            continue
        taken.append((m.start(), m.end()))
        delta = int(m.group(1)) - book.year
        if delta in (-1, 0, 1):
            events.append((m.start(), m.end(), "{年度" + ("" if delta == 0 else f"{delta:+d}") + "}"))
    for m in _DATE_PART.finditer(text):
        taken.append((m.start(), m.end()))
    previous: str | None = None
    last_sentence_end = -1
    for m in (_QTY.finditer(text) if figures else ()):
        a, b = m.start(), m.end()
        if not free(a, b) or any(not (b <= s or a >= e) for s, e in taken):
            continue
        if "。" in text[last_sentence_end + 1:a] or "；" in text[last_sentence_end + 1:a]:
            previous = None
            last_sentence_end = max(text.rfind("。", 0, a), text.rfind("；", 0, a))
        written = m.group(0).replace(" ", "") if " " not in m.group(0) else None
        if written is None:
            continue
        rt = roundtrip(written)
        if rt is None and m["pre"]:  # the parser may not take 约/近 as part of the figure
            a = m.start("num")
            written = text[a:b]
            rt = roundtrip(written)
        if rt is None:
            continue
        value, unit = rt
        kind = unit_kind(m["unit"])
        base = name_for(text, a, b, kind, previous, m["unit"])
        lo, hi = max(0, a - 24), min(len(text), b + 8)
        while lo > 0 and text[lo - 1].isdigit():  # never cut a number (or a year) in two
            lo -= 1
        while hi < len(text) and text[hi - 1].isdigit() and text[hi].isdigit():
            hi += 1
        excerpt = text[lo:hi].replace("\n", " ")
        name = book.add(base, written, value_text(value), unit or m["unit"], f"{where}：…{excerpt}…")
        events.append((a, b, "{" + name + "}"))
        previous = name
    events.sort()
    for a, b, rep in events:
        out.append(escape(text[pos:a]))
        out.append(rep)
        pos = b
    out.append(escape(text[pos:]))
    return "".join(out)


def expand(template_text: str, facts: dict[str, Fact], year: int | None) -> str:
    """The text a template stands for, as the renderer writes it (used to verify an import)."""
    from perfdoc.workbook.facts import fill, format_written, parse_written, year_value

    def resolve(name: str) -> str:
        y = year_value(name, year)
        if y is not None:
            return str(y)
        f = facts[name]
        return format_written(Decimal(f.value), parse_written(f.written), f.unit)

    return fill(template_text, resolve)
