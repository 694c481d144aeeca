"""Facts of the 数据 sheet: how a number is written, formulas over facts, and {名称} placeholders.

A fact is typed (数值 + 单位), computed (公式 over other facts by name) or both (then the typed
value is checked against the formula). A fact remembers how it is written (写法, e.g.
"3500余万元"): `parse_written` reads such a sample into a `Written` and `format_written` writes
any other value in the same style, so "3500余万元" with a new value 4210 gives "4200余万元".

Round trip: for every text t with w = parse_written(t), format_written(w.value, w) == t.
"""
from __future__ import annotations

import math
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal, InvalidOperation

from perfdoc.errors import DataError
from perfdoc.workbook.schema import Loc

FACTS_SHEET = "数据"
OUTLINE_SHEET = "提纲"
FACT_HEADERS = ("名称", "数值", "单位", "公式", "说明", "写法")

# --- how a number is written ----------------------------------------------------------------------

# Words before a number. Each maps to how a new value is rounded to the sample's granularity:
# "floor" (the shown number is at most the value: 超3000 / 逾 / 3000余), "ceil" (近 / 不足),
# "round" (约), None (exact: 达, 共, 累计 — the number is written exactly).
PREFIXES: dict[str, str | None] = {
    "约": "round", "大约": "round", "近": "ceil", "将近": "ceil", "接近": "ceil", "不足": "ceil",
    "不到": "ceil", "超": "floor", "超过": "floor", "逾": "floor", "达": None, "达到": None,
    "高达": None, "多达": None, "共": None, "共计": None, "累计": None,
}
SUFFIXES: dict[str, str] = {"余": "floor", "多": "floor"}
_FULL = str.maketrans("０１２３４５６７８９．，％", "0123456789.,%")
_HALF_TO_FULL = {v: k for k, v in zip("０１２３４５６７８９．，％", "0123456789.,%")}

_PREFIX_RE = "|".join(sorted((re.escape(p) for p in PREFIXES), key=len, reverse=True))
_WRITTEN = re.compile(
    rf"^(?P<prefix>{_PREFIX_RE})?"
    r"(?P<sign>-)?"
    r"(?P<number>[0-9０-９]{1,3}(?:[,，][0-9０-９]{3})+(?:[.．][0-9０-９]+)?|[0-9０-９]+(?:[.．][0-9０-９]+)?)"
    r"(?P<suffix>余|多)?"
    r"(?P<unit>[^\s0-9０-９,，.．;；:：、。！？!?()（）\[\]【】《》“”\"'{}]{0,8})$"
)


@dataclass(frozen=True)
class Written:
    """A number as written in prose: 约 + 3,500 + 余 + 万元, with its style."""

    value: Decimal
    unit: str = ""  # 万元, %, 个, 个百分点, 人次 … (may be empty)
    prefix: str = ""  # 约 / 近 / 超 / 逾 / 达 …
    suffix: str = ""  # 余 / 多
    decimals: int = 0  # digits after the point as written
    grouping: bool = False  # thousands separators
    fullwidth: bool = False  # digits written with full-width characters (１００％)
    comma: str = ","  # the separator used when grouping ("," or "，")

    @property
    def approx(self) -> str | None:
        """How a new value is rounded to this sample's granularity (None: exactly)."""
        return SUFFIXES.get(self.suffix) or PREFIXES.get(self.prefix)

    @property
    def granularity(self) -> Decimal:
        """The step an approximate form rounds to: 3500余 → 100, 近3000 → 1000, 约1.2 → 0.1."""
        if self.decimals:
            return Decimal(1).scaleb(-self.decimals)
        digits = str(abs(int(self.value)))
        zeros = len(digits) - len(digits.rstrip("0")) if digits.strip("0") else 0
        return Decimal(10) ** zeros


def parse_written(text: str) -> Written | None:
    """'3500余万元' → Written(3500, '万元', suffix='余'); None when `text` is not one written number.

    Accepted: an optional prefix (约/近/超/逾/达…), ASCII or full-width digits (not mixed),
    thousands separators in groups of three, a decimal point, 余/多, then a unit of up to 8
    characters without digits or punctuation (万元, %, ％, 个百分点, 人次…). Chinese numerals
    (二十余个) are not numbers here.
    """
    if not isinstance(text, str):
        return None
    m = _WRITTEN.match(text)
    if m is None:
        return None
    number = m.group("number")
    full = [c for c in number if c in _HALF_TO_FULL.values() or c in "０１２３４５６７８９．，"]
    ascii_ = [c for c in number if c in "0123456789.,"]
    if full and ascii_:
        return None  # mixed widths cannot be reproduced reliably
    fullwidth = bool(full)
    comma = "，" if "，" in number else ","
    plain = number.translate(_FULL)
    grouping = "," in plain
    plain = plain.replace(",", "")
    if grouping and len(plain.split(".")[0]) <= 3:
        return None
    decimals = len(plain.split(".")[1]) if "." in plain else 0
    try:
        value = Decimal(plain)
    except InvalidOperation:
        return None
    if m.group("sign"):
        value = -value
    unit = m.group("unit") or ""
    if fullwidth and unit.startswith("%"):
        return None  # １００% mixes widths
    w = Written(value, unit, m.group("prefix") or "", m.group("suffix") or "", decimals, grouping,
                fullwidth, comma)
    if format_written(w.value, w) != text:  # e.g. leading zeros "007": not a form we reproduce
        return None
    return w


# Units that are the same quantity at another scale (万元 = 10⁴ 元).
_SCALE = {"万": Decimal(10) ** 4, "亿": Decimal(10) ** 8, "千": Decimal(10) ** 3, "百": Decimal(100)}


def _base(unit: str) -> tuple[str, Decimal]:
    if len(unit) > 1 and unit[0] in _SCALE:
        return unit[1:], _SCALE[unit[0]]
    return unit, Decimal(1)


def convert(value: Decimal, unit: str, to: str) -> Decimal | None:
    """`value` in `unit` expressed in `to` (万元 → 亿元 …); None if they are different quantities."""
    unit, to = unit.replace("％", "%"), to.replace("％", "%")
    if unit == to:
        return value
    (b1, f1), (b2, f2) = _base(unit), _base(to)
    if b1 != b2 or not b1:
        return None
    return value * f1 / f2


def _digits(value: Decimal, decimals: int, grouping: bool, comma: str) -> str:
    q = value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP) if decimals else \
        value.quantize(Decimal(1), rounding=ROUND_HALF_UP)
    text = f"{abs(q):,.{decimals}f}" if grouping else f"{abs(q):.{decimals}f}"
    if grouping and comma != ",":
        text = text.replace(",", comma)
    return ("-" if q < 0 else "") + text


def format_written(value, like: Written | None, unit: str | None = None) -> str:
    """`value` written in the style of `like` (prefix, 余/多, grouping, decimals, width, unit).

    `unit` is the fact's own unit; when it is the same quantity as like.unit at another scale
    (万元 vs 亿元) the value is converted, when it differs otherwise it replaces like.unit.
    Approximate forms round to the sample's granularity: 余/多/超/逾 down, 近/不足 up, 约 to
    nearest. Without `like`: the value as it is, no grouping, and the unit.
    """
    v = Decimal(str(value)) if not isinstance(value, Decimal) else value
    if like is None:
        text = _plain(v)
        return text + (unit or "")
    shown_unit = like.unit
    if unit is not None and unit.replace("％", "%") != like.unit.replace("％", "%"):
        converted = convert(v, unit, like.unit)
        if converted is None:
            shown_unit = unit
        else:
            v = converted
    mode = like.approx
    if mode is not None:
        step = like.granularity
        rounding = {"floor": ROUND_FLOOR, "ceil": ROUND_CEILING, "round": ROUND_HALF_UP}[mode]
        v = (v / step).quantize(Decimal(1), rounding=rounding) * step
    text = _digits(v, like.decimals, like.grouping, like.comma)
    if like.fullwidth:
        text = "".join(_HALF_TO_FULL.get(c, c) for c in text)
        if shown_unit.startswith("%"):
            shown_unit = "％" + shown_unit[1:]
    return f"{like.prefix}{text}{like.suffix}{shown_unit}"


def _plain(v: Decimal) -> str:
    """A Decimal as typed: 3500 → '3500', 17969.780 → '17969.78', 1E+3 → '1000'."""
    if v == v.to_integral_value():
        return str(v.quantize(Decimal(1)))
    text = format(v.normalize(), "f")
    return text


# --- the fact table -------------------------------------------------------------------------------

@dataclass
class Fact:
    """One row of 数据 (or a fact derived from another sheet)."""

    name: str
    value: Decimal | str | None = None  # typed 数值 (text for a named text fact)
    unit: str = ""
    formula: str | None = None
    note: str = ""
    written: Written | None = None
    loc: Loc = field(default_factory=Loc)
    result: Decimal | str | None = None  # the value used: formula result, else typed value
    missing: str | None = None  # why a formula cannot be computed yet (a figure it uses is not filled)

    def text(self, cfg=None) -> str:
        """How the fact appears in a sentence."""
        return write_value(self.result, self.unit, self.written, cfg, typed=self.formula is None)


def write_value(value, unit: str, written: Written | None, cfg=None, *, typed: bool = True) -> str:
    """The text of a value: in its 写法 style if any, else by its unit (precision from config)."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if written is not None:
        return format_written(value, written, unit or None)
    if typed:
        return format_written(value, None, unit)
    from perfdoc.config import load_config

    p = (cfg or load_config()).precision
    if unit == "%":
        return _digits(value, p.rate, False, ",") + "%"
    base, _ = _base(unit)
    if base == "元":
        return _digits(value, p.amount, True, ",") + unit
    if value == value.to_integral_value():
        return _digits(value, 0, False, ",") + unit
    return _digits(value, p.amount, False, ",") + unit


# --- formulas -------------------------------------------------------------------------------------

_TOKEN = re.compile(r"\s*(?:(?P<num>\d+(?:\.\d+)?(?![^\s+\-*/(),]))|(?P<op>[-+*/(),])|"
                    r"(?P<name>[^\s+\-*/(),]+))")
FUNCTIONS = ("SUM", "MIN", "MAX", "ROUND", "等级")
_NORM = str.maketrans({"（": "(", "）": ")", "，": ",", "＋": "+", "－": "-", "×": "*", "＊": "*",
                       "÷": "/", "／": "/"})


class FormulaError(ValueError):
    """A malformed formula (message in Chinese)."""


class _Missing(Exception):
    """A formula uses a figure that is known but not filled."""


def tokenize(formula: str) -> list[tuple[str, str]]:
    text = formula.translate(_NORM).translate(_FULL)
    if text.startswith("="):
        text = text[1:]
    out, pos = [], 0
    while pos < len(text):
        if text[pos:].strip() == "":
            break
        m = _TOKEN.match(text, pos)
        if m is None or m.end() == pos:
            raise FormulaError(f"无法识别“{text[pos:]}”")
        kind = m.lastgroup
        out.append((kind, m.group(kind)))
        pos = m.end()
    return out


def parse_formula(formula: str):
    """The formula as a small tree: ('num', Decimal) | ('name', str) | ('op', op, a, b) |
    ('neg', a) | ('call', FUNC, [args])."""
    tokens = tokenize(formula)
    if not tokens:
        raise FormulaError("公式为空")
    pos = 0

    def peek():
        return tokens[pos] if pos < len(tokens) else (None, None)

    def take(value=None):
        nonlocal pos
        tok = peek()
        if tok[0] is None or (value is not None and tok[1] != value):
            want = f"“{value}”" if value else "运算对象"
            got = f"“{tok[1]}”" if tok[0] else "公式结尾"
            raise FormulaError(f"此处应为{want}，实为{got}")
        pos += 1
        return tok

    def expr():
        node = term()
        while peek()[1] in ("+", "-"):
            op = take()[1]
            node = ("op", op, node, term())
        return node

    def term():
        node = unary()
        while peek()[1] in ("*", "/"):
            op = take()[1]
            node = ("op", op, node, unary())
        return node

    def unary():
        if peek()[1] == "-":
            take()
            return ("neg", unary())
        if peek()[1] == "+":
            take()
            return unary()
        return atom()

    def atom():
        kind, value = peek()
        if kind == "num":
            take()
            return ("num", Decimal(value))
        if value == "(":
            take()
            node = expr()
            take(")")
            return node
        if kind == "name":
            take()
            func = value.upper() if value.upper() in FUNCTIONS else value
            if peek()[1] == "(":
                if func not in FUNCTIONS:
                    raise FormulaError(f"未知的函数“{value}”，可用：{'、'.join(FUNCTIONS)}")
                take("(")
                args = []
                if peek()[1] != ")":
                    args.append(expr())
                    while peek()[1] == ",":
                        take()
                        args.append(expr())
                take(")")
                return ("call", func, args)
            return ("name", value)
        take()  # raises with a message naming what was found
        raise FormulaError("公式不完整")

    tree = expr()
    if pos != len(tokens):
        raise FormulaError(f"多余的“{tokens[pos][1]}”")
    return tree


def names_in(tree) -> list[str]:
    kind = tree[0]
    if kind == "name":
        return [tree[1]]
    if kind == "op":
        return names_in(tree[2]) + names_in(tree[3])
    if kind == "neg":
        return names_in(tree[1])
    if kind == "call":
        return [n for a in tree[2] for n in names_in(a)]
    return []


def evaluate(tree, lookup: Callable[[str], Decimal | str], grade: Callable[[float], str] | None = None):
    kind = tree[0]
    if kind == "num":
        return tree[1]
    if kind == "name":
        return lookup(tree[1])
    if kind == "neg":
        return -_number(evaluate(tree[1], lookup, grade), "取负", tree[1])
    if kind == "op":
        a = _number(evaluate(tree[2], lookup, grade), tree[1], tree[2])
        b = _number(evaluate(tree[3], lookup, grade), tree[1], tree[3])
        if tree[1] == "+":
            return a + b
        if tree[1] == "-":
            return a - b
        if tree[1] == "*":
            return a * b
        if b == 0:
            raise FormulaError("除数为 0")
        return a / b
    func, args = tree[1], [evaluate(a, lookup, grade) for a in tree[2]]
    if func == "等级":
        if len(args) != 1:
            raise FormulaError("等级() 只接受一个得分")
        if grade is None:
            raise FormulaError("未配置等级分数线")
        return grade(float(_number(args[0], func, tree[2][0])))
    nums = [_number(a, func, t) for a, t in zip(args, tree[2])]
    if func == "ROUND":
        if len(nums) not in (1, 2):
            raise FormulaError("ROUND(数, 位数) 需要一或两个参数")
        places = int(nums[1]) if len(nums) == 2 else 0
        return nums[0].quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    if not nums:
        raise FormulaError(f"{func}() 至少需要一个参数")
    if func == "SUM":
        return sum(nums[1:], nums[0])
    return min(nums) if func == "MIN" else max(nums)


def _number(v, what: str, node=None) -> Decimal:
    if isinstance(v, str):
        label = node[1] if node is not None and node[0] == "name" else v
        raise FormulaError(f"“{label}”是文字，不能用于{what}运算")
    return v


# --- the table ------------------------------------------------------------------------------------

@dataclass
class Mismatch:
    """A fact whose typed 数值 disagrees with its 公式 (rendered as an Inconsistency by the caller)."""

    fact: Fact
    expected: str
    given: str

    @property
    def message(self) -> str:
        return (f"“{self.fact.name}”填写为 {self.given}，按公式“{self.fact.formula}”计算为 {self.expected}")


class FactTable:
    """Facts by name, with every formula evaluated once (in dependency order)."""

    def __init__(self, facts: Iterable[Fact], *, file: str | None = None, grade=None, cfg=None,
                 absent: dict[str, str] | None = None) -> None:
        """`absent`: names that are known but not filled (e.g. a 情况说明 key left blank) → why;
        a formula using one is not an error until a sentence uses that formula's fact."""
        self.file = file
        self.absent = absent or {}
        self.cfg = cfg
        self.facts: dict[str, Fact] = {}
        self.mismatches: list[Mismatch] = []
        self.used: set[str] = set()
        for f in facts:
            if f.name in self.facts:
                prev = self.facts[f.name]
                raise DataError(f"名称“{f.name}”重复（另见第{prev.loc.row}行）", file=f.loc.file or file,
                                sheet=f.loc.sheet or FACTS_SHEET, row=f.loc.row, column="名称")
            self.facts[f.name] = f
        self._grade = grade
        self._evaluate()

    def __contains__(self, name: str) -> bool:
        return name in self.facts

    def __getitem__(self, name: str) -> Fact:
        return self.facts[name]

    def names(self) -> list[str]:
        return list(self.facts)

    def _error(self, fact: Fact, message: str, column: str = "公式") -> DataError:
        return DataError(message, file=fact.loc.file or self.file, sheet=fact.loc.sheet or FACTS_SHEET,
                         row=fact.loc.row, column=column)

    def _evaluate(self) -> None:
        trees = {}
        for f in self.facts.values():
            if f.formula:
                try:
                    trees[f.name] = parse_formula(f.formula)
                except FormulaError as exc:
                    raise self._error(f, f"“{f.name}”的公式“{f.formula}”有误：{exc}") from None
                for n in names_in(trees[f.name]):
                    if n in self.facts:
                        continue
                    if n in self.absent:
                        f.missing = f.missing or f"公式中的“{n}”没有数据（{self.absent[n]}）"
                        continue
                    raise self._error(f, f"“{f.name}”的公式引用了不存在的名称“{n}”"
                                      + _suggest(n, list(self.facts) + list(self.absent)))
            else:
                f.result = f.value
        state: dict[str, int] = {}  # 1 visiting, 2 done

        def visit(name: str, chain: list[str]) -> Decimal | str | None:
            fact = self.facts[name]
            if name not in trees or state.get(name) == 2:
                if fact.result is None and name not in trees:
                    return None
                return fact.result
            if state.get(name) == 1:
                loop = chain[chain.index(name):] + [name]
                first = self.facts[loop[0]]
                raise self._error(first, "公式循环引用：" + " → ".join(loop))
            state[name] = 1
            if fact.missing:
                state[name] = 2
                return None

            def lookup(n: str):
                v = visit(n, chain + [name])
                if v is None:
                    dep = self.facts[n]
                    if dep.missing:
                        raise _Missing(f"“{n}”{dep.missing}" if not dep.missing.startswith("“") else dep.missing)
                    raise FormulaError(f"“{n}”（第{dep.loc.row}行）没有数值")
                return v

            try:
                result = evaluate(trees[name], lookup, self._grade)
            except _Missing as exc:
                fact.missing = str(exc)
                state[name] = 2
                return None
            except FormulaError as exc:
                raise self._error(fact, f"“{name}”的公式“{fact.formula}”无法计算：{exc}") from None
            if isinstance(result, Decimal) and fact.unit == "%":
                result = result * 100  # a ratio shown as a percent
            fact.result = result
            state[name] = 2
            return result

        for name in trees:
            visit(name, [])
        for name in trees:
            fact = self.facts[name]
            if fact.value is None or fact.missing:
                continue
            expected = fact.text(self.cfg)
            given = write_value(fact.value, fact.unit, fact.written, self.cfg, typed=fact.written is None)
            if fact.written is None and isinstance(fact.value, Decimal) and isinstance(fact.result, Decimal):
                # compare at the precision the typed value shows
                places = max(0, -fact.value.as_tuple().exponent)
                expected = _digits(fact.result, places, False, ",") + fact.unit
                given = _digits(fact.value, places, False, ",") + fact.unit
            if expected != given:
                self.mismatches.append(Mismatch(fact, expected, given))
                fact.result = fact.value  # the typed value is what the user wrote; --force keeps it

    def text(self, name: str) -> str:
        self.used.add(name)
        return self.facts[name].text(self.cfg)


def _suggest(name: str, choices: Iterable[str], limit: int = 3) -> str:
    near = closest(name, choices, limit)
    return f"；最接近的名称：{'、'.join(near)}" if near else ""


def closest(name: str, choices: Iterable[str], limit: int = 3) -> list[str]:
    """The fact names most like `name` (rapidfuzz), best first."""
    from rapidfuzz import fuzz, process

    found = process.extract(name, list(choices), scorer=fuzz.WRatio, limit=limit, score_cutoff=40)
    return [m[0] for m in found]


# --- placeholders ---------------------------------------------------------------------------------

_PLACEHOLDER = re.compile(r"\{\{|\}\}|\{([^{}]*)\}")
_YEAR = re.compile(r"^\s*年度\s*(?:([+\-－＋])\s*(\d+))?\s*$")


def placeholders(text: str) -> list[str]:
    """The names inside {…} in `text` ({{ and }} are literal braces)."""
    return [m.group(1) for m in _PLACEHOLDER.finditer(text or "") if m.group(1) is not None]


def fill(text: str, resolve: Callable[[str], str]) -> str:
    """Replace each {名称} by resolve(名称); {{ and }} become { and }."""
    def sub(m: re.Match) -> str:
        if m.group(0) == "{{":
            return "{"
        if m.group(0) == "}}":
            return "}"
        return resolve(m.group(1))

    return _PLACEHOLDER.sub(sub, text)


def year_value(name: str, year: int | None) -> int | None:
    """{年度}, {年度-1}, {年度+2} → the year; None if `name` is not a year placeholder."""
    m = _YEAR.match(name)
    if m is None or year is None:
        return None
    if m.group(1) is None:
        return year
    n = int(m.group(2))
    return year - n if m.group(1) in "-－" else year + n


def read_facts(rows: Iterable[tuple[dict, Loc]], *, file: str | None = None) -> list[Fact]:
    """Rows of the 数据 sheet as (header → raw cell value, row location) → facts; blank rows skipped."""
    out = []
    for cells, row_loc in rows:
        if all(v in (None, "") for v in cells.values()):
            continue
        row = row_loc.row
        sheet = row_loc.sheet or FACTS_SHEET
        name = _text(cells.get("名称"))
        if not name:
            raise DataError("“名称”不能为空", file=file, sheet=sheet, row=row, column="名称")
        if re.search(r"[{}\s+\-*/()（），,]", name) or name.upper() in FUNCTIONS or _YEAR.match(name):
            raise DataError(f"名称“{name}”不可用：名称中不能有空格、括号、逗号、花括号或 + - * /，"
                            "也不能是函数名或“年度”", file=file, sheet=sheet, row=row, column="名称")
        unit = _text(cells.get("单位"))
        w = None
        wtext = _text(cells.get("写法"))
        if wtext:
            w = parse_written(wtext)
            if w is None:
                raise DataError(f"写法“{wtext}”不是一个带单位的数字（如 3500余万元、17,969.78万元、100%）",
                                file=file, sheet=sheet, row=row, column="写法")
        raw = cells.get("数值")
        if w is None and isinstance(raw, str) and _typed(raw, "") is not None and \
                not isinstance(_typed(raw, ""), str):
            sample = parse_written(raw.strip())
            if sample is not None and (sample.prefix or sample.suffix or sample.unit not in ("", "%", "％")):
                w = sample  # 数值 typed as written ("3500余万元"): it is also the 写法
        if not unit and w is not None:
            unit = w.unit
        if not unit and isinstance(raw, str) and raw.strip().endswith(("%", "％")) and \
                isinstance(_typed(raw, ""), Decimal):
            unit = "%"
        typed = _typed(raw, unit)
        formula = _text(cells.get("公式")) or None
        if typed is None and formula is None and w is not None:
            typed = convert(w.value, w.unit, unit) if unit else w.value
        if typed is None and formula is None:
            raise DataError(f"“{name}”既没有数值也没有公式", file=file, sheet=sheet, row=row, column="数值")
        out.append(Fact(name, typed, unit, formula, _text(cells.get("说明")), w, Loc(file, sheet, row, None)))
    return out


def _text(v) -> str:
    if v is None:
        return ""
    if isinstance(v, float) and v.is_integer():
        v = int(v)
    return str(v).strip()


def _typed(value, unit: str) -> Decimal | str | None:
    """数值 cell → Decimal (numbers, '1,234.5', '95%', full-width digits) or the text itself."""
    if value is None or value == "":
        return None
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (int, Decimal)):
        return Decimal(value)
    if isinstance(value, float):
        if math.isnan(value) or math.isinf(value):
            return None
        return Decimal(repr(value))
    text = str(value).strip().translate(_FULL).replace(",", "")
    if text.endswith("%"):
        text = text[:-1]
    try:
        return Decimal(text)
    except InvalidOperation:
        w = parse_written(str(value).strip())
        if w is not None:
            converted = convert(w.value, w.unit, unit) if unit else None
            return converted if converted is not None else w.value
        return str(value).strip()  # a text fact (a name, a list of documents …)
