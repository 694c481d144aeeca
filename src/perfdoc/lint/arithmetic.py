"""ARITHMETIC: figures the text itself lets you verify, checked within the stated precision.

Checked claims: a count or amount "占X%" against a total stated before it in the same paragraph
(a distribution header "24个…中", "共/合计…N个", or the one count of the same measure word
earlier in the sentence); a rate of counts ("审核通过791个，通过率91.76%") against that count;
"共…N条，其中：a条…、b条…" (parts may be changes: "由A调减至B，调减C" adds C); parts listed
before "合计/总计/共计/共 N" or after "共N个："; "由A调整为B，减少C"; "申报A万元…安排B万元，调减C
万元"; an execution rate against the two amounts stated with it; the rows of a 预算数/执行数/执行率
table, in Word or typed with tabs or spaces. "1，286.50" (a full-width thousands comma, reported by
NUMBER_FORMAT) is read as 1286.50. When the text offers another figure that would make a claim
consistent, when the whole or a part is ambiguous, or when no total is stated, the rule stays
silent: a false alarm costs more than a missed slip.
"""
from __future__ import annotations

import math
import re

from perfdoc.lint.registry import Hit

CODE = "ARITHMETIC"

# a full-width comma between a 1–3 digit group and exactly three digits is a (misused) thousands
# separator: NUMBER_FORMAT reports the comma, the arithmetic reads "1，286.50" as 1286.50
NUM = r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d{1,3}(?:，\d{3})+(?!\d)(?:\.\d+)?|\d+(?:\.\d+)?"
MONEY = {"亿元": 1e8, "万元": 1e4, "千元": 1e3, "元": 1.0}
COUNT_UNITS = "个 份 项 条 家 所 户 件 篇 批 场 期 笔 张 本 台 套 辆 处 座 类 种 部".split()
PERSON_UNITS = "人次 人 名".split()
UNITS = sorted(list(MONEY) + COUNT_UNITS + PERSON_UNITS + ["次"], key=len, reverse=True)
UNIT = "|".join(UNITS)

_QTY = re.compile(rf"(?<![\d.,])({NUM})\s*({UNIT})")
_SHARE = re.compile(
    rf"(?<![\d.,])(?P<n>{NUM})\s*(?P<unit>{UNIT})[^，。；、%\d]{{0,8}}?[，,]?\s*"
    rf"占(?P<of>[^，。；%\d]{{0,16}}?)(?P<pct>{NUM})\s*%"
)
_HEADER = re.compile(rf"(?<![\d.,])(?P<m>{NUM})\s*(?P<unit>{UNIT})[^，。；：:、\d]{{0,14}}?中[，,：:]")
_TOTAL = re.compile(
    rf"(?:共|共计|合计|总计|总共|累计|总数|总额|总量|总规模)(?:[为是有达]|达到)?"
    rf"[^，。；、\d]{{0,8}}?(?P<m>{NUM})\s*(?P<unit>{UNIT})"
)
_WHEREOF = re.compile(r"其中[：:，,]?")
_TOTAL_WORD = re.compile(r"共|共计|合计|总计|总共|累计|总数|总额|总量|总规模|全年|全市|全县|全区")
_CHANGE = re.compile(
    rf"由\s*(?P<a>{NUM})\s*(?P<ua>{UNIT}|%)?\s*(?:调整|增加|减少|提高|降低|下降|上升|增长|调减|调增|压减|核减)?"
    rf"(?:为|到|至)\s*(?P<b>{NUM})\s*(?P<ub>{UNIT}|%)[，,]?\s*"
    rf"(?P<verb>减少|增加|调减|调增|核减|压减|下降|降低|提高|上升|增长|节约|增|减)了?\s*"
    rf"(?P<c>{NUM})\s*(?P<uc>{UNIT}|个百分点|%)"
)
_APPROVAL = re.compile(
    rf"(?:申报|申请|送审|报送|原预算|原|年初预算|预算申请)[^。；\d]{{0,12}}?(?P<a>{NUM})\s*(?P<ua>亿元|万元|千元|元)"
    rf"[^。；]{{0,40}}?(?:安排|审定|核定|确定|批复|下达)[^。；\d]{{0,8}}?(?P<b>{NUM})\s*(?P<ub>亿元|万元|千元|元)"
    rf"[^。；\d]{{0,10}}?(?P<verb>调减|核减|审减|压减|减少|节约|调增|核增|增加)[^。；\d]{{0,6}}?"
    rf"(?P<c>{NUM})\s*(?P<uc>亿元|万元|千元|元)"
)
_RATE = re.compile(rf"(?P<kind>执行率|支出率|支付率|使用率|完成率|拨付率)(?:为|达|达到|是|：|:)?\s*(?P<x>{NUM})\s*%")
_BASE_WORDS = ("预算数", "预算", "批复", "下达", "安排", "到位", "调整后预算", "全年预算", "可用", "计划")
_SPENT_WORDS = ("执行数", "执行", "实际支出", "支出", "已支出", "支付", "使用", "拨付", "完成")
DECREASE = ("减少", "调减", "核减", "压减", "下降", "降低", "节约", "减", "审减", "缩减", "削减")


def value(s: str) -> float:
    return float(s.replace(",", "").replace("，", ""))


def grouped(s: str) -> bool:
    return "," in s or "，" in s


def decimals(s: str) -> int:
    return len(s.split(".")[1]) if "." in s else 0


def half_unit(s: str) -> float:
    return 0.5 * 10 ** -decimals(s)


def unit_class(u: str) -> str:
    if u in MONEY:
        return "money"
    if u in PERSON_UNITS:
        return "person"
    if u == "次":
        return "times"
    return "count"


def scale(u: str) -> float:
    return MONEY.get(u, 1.0)


def fmt(x: float, d: int, grouped: bool = False) -> str:
    return f"{x:,.{d}f}" if grouped or abs(x) >= 10000 else f"{x:.{d}f}"


def agrees(expected: float, stated: str, slack: float = 0.0) -> bool:
    """Stated figure equals the computed one rounded (or truncated) to the stated precision."""
    x, d = value(stated), decimals(stated)
    if abs(expected - x) <= half_unit(stated) + slack + 1e-9:
        return True
    factor = 10 ** d
    return abs(math.floor(expected * factor + 1e-9) / factor - x) < 1e-9  # truncation, not rounding


def percent_fix(expected: float, stated: str) -> str | None:
    """The percent to write instead of `stated` (at its precision), or None when it agrees."""
    return None if agrees(expected, stated) else f"{expected:.{decimals(stated)}f}%"


def check(paragraphs) -> list[Hit]:
    hits: list[Hit] = []
    for para in paragraphs:
        if not para.in_table:
            _shares(para, hits)
            _sums(para, hits)
            _listed_totals(para, hits)
            _count_rates(para, hits)
            _changes(para, hits)
            _rates(para, hits)
    _tables(paragraphs, hits)
    from perfdoc.lint import claims

    for h in claims.check(paragraphs):  # the claim grammar; a span already reported is not reported twice
        if not any(o.paragraph is h.paragraph and o.start < h.end and h.start < o.end for o in hits):
            hits.append(h)
    hits.sort(key=lambda h: (h.paragraph.index, h.start))
    return hits


def _hit(para, start, end, message, suggestion) -> Hit:
    return Hit(CODE, "error", message, para, start, end, suggestion=suggestion)


# --- shares ----------------------------------------------------------------------------------

_JOINED = re.compile(rf"(?:{NUM})\s*(?:{UNIT})[^，。；\d]{{0,10}}(?:和|及|与|、|以及)\s*$")


def _totals(text: str) -> list[tuple[int, float, str, str]]:
    """(position, value in base units, class, raw) of totals stated in a paragraph."""
    out = []
    for rx in (_HEADER, _TOTAL):
        for m in rx.finditer(text):
            if _JOINED.search(text[max(0, m.start("m") - 16):m.start("m")]):
                continue  # "1个部门整体和4个项目中": the whole is not the last figure alone
            u = m.group("unit")
            out.append((m.start("m"), value(m.group("m")) * scale(u), unit_class(u), m.group("m") + u))
    return sorted(out)


def _shares(para, hits: list[Hit]) -> None:
    text = para.text
    claims = list(_SHARE.finditer(text))
    if not claims:
        return
    totals = _totals(text)
    quantities = [(m.start(), value(m.group(1)) * scale(m.group(2)), unit_class(m.group(2)))
                  for m in _QTY.finditer(text)]
    unanchored = []
    parts_at = {m.start("n") for m in claims}
    for m in claims:
        cls = unit_class(m.group("unit"))
        n = value(m.group("n")) * scale(m.group("unit"))
        pct = m.group("pct")
        before = [t for t in totals if t[0] < m.start() and t[2] == cls and t[1] >= n]
        if not before:
            plain = None if _SCOPE.search(m.group("of")) else _plain_total(text, m.start(), m.group("unit"), n,
                                                                           parts_at)
            if plain is None:
                unanchored.append(m)  # no whole stated before it: maybe the parts make the whole
                continue
            before = [(plain.start(), value(plain.group(1)), cls, plain.group(0))]
        primary = before[-1]
        if primary[1] <= 0:
            continue
        expected = n / primary[1] * 100
        if agrees(expected, pct):
            continue
        # any other stated figure that explains the share means we cannot be sure which whole is meant
        others = [q[1] for q in quantities if q[2] == cls and q[1] >= n and q[0] != m.start("n")] + [t[1] for t in totals if t[2] == cls]
        if any(o > 0 and agrees(n / o * 100, pct) for o in others):
            continue
        want = f"{expected:.{decimals(pct)}f}%"
        hits.append(_hit(para, m.start("pct"), m.end(),
                         f"占比计算有误：{m.group('n')}{m.group('unit')}÷{primary[3]}＝{want}，文中为{pct}%",
                         want))
    _implied_whole(para, unanchored, hits)
    _distribution(para, claims, totals, hits)


# words naming a whole wider than the figures of the sentence ("占全市项目的…", "占预算的…")
_SCOPE = re.compile(r"全市|全县|全区|全省|全国|全年|当年|本级|整体|预算|资金|金额|以上|以下")
PLAIN_TOTAL_UNITS = ("个", "项", "份", "家")


def _plain_total(text: str, pos: int, unit: str, n: float, skip: set[int],
                 paragraph: bool = False) -> re.Match | None:
    """The whole of a count stated at `pos`, when its sentence states exactly one other count of
    the same measure word before it, large enough ("对862个项目…审核，审核通过791个"); shares and
    other parts (`skip`) do not count. None when there is no such count or more than one. With
    `paragraph`, a sentence without any such count lets the paragraph before it supply one."""
    if unit not in PLAIN_TOTAL_UNITS:
        return None

    def candidates(lo: int) -> list[re.Match]:
        return [q for q in _QTY.finditer(text, lo, pos)
                if q.group(2) == unit and q.start() not in skip and text[q.end():q.end() + 1] not in ("%", "％")]

    cands = candidates(_sentence_bounds(text, pos)[0])
    if not cands and paragraph:
        cands = candidates(0)
    if len(cands) != 1 or value(cands[0].group(1)) < n:
        return None  # "1个部门整体和4个项目中": two candidate wholes, no check
    if _OTHER_TIME.search(text, max(0, cands[0].start() - 8), pos):
        return None  # "上年评价50个，今年完成45个": counts of different years
    part = next((q for q in _QTY.finditer(text, pos) if q.start() == pos), None)
    a, b = _noun(text, cands[0]), _noun(text, part) if part else None
    if a and b and a != b:
        return None  # "发现问题32个，涉及项目20个": counts of different things
    return cands[0]


_OTHER_TIME = re.compile(r"上年|去年|上一年|前一年|以前年度|同期|同比|较上|比上")
_NOUNS = ("项目 部门 单位 问题 指标 报告 政策 文件 意见 建议 任务 企业 学校 事项 措施 自评表 评价表 申报表 "
          "表 份 乡镇 村").split()
_NOUN_AFTER = re.compile(rf"(?:的)?({'|'.join(_NOUNS)})")
_NOUN_BEFORE = re.compile(rf"({'|'.join(_NOUNS)})(?:数|共|有|为|计)?\s*$")


def _noun(text: str, q: re.Match) -> str | None:
    """What a count counts, when the text says so right next to it ("862个项目", "项目20个")."""
    m = _NOUN_AFTER.match(text, q.end())
    if m:
        return m.group(1)
    m = _NOUN_BEFORE.search(text[max(0, q.start() - 6):q.start()])
    return m.group(1) if m else None


RATE_STEMS = ("审核通过 验收合格 整改完成 通过 完成 合格 达标 优良 优秀 达成 办结 验收 整改 提交 报送 公开 "
              "录入 回复 上报 填报 反馈 备案 审核 审批 自评 评价 监控 覆盖").split()
_COUNT_RATE = re.compile(rf"(?P<stem>{'|'.join(RATE_STEMS)})率(?:为|达|达到|是|：|:)?\s*(?P<x>{NUM})\s*%")


def _count_rates(para, hits: list[Hit]) -> None:
    """"对862个项目…审核，审核通过791个，通过率91.76%": the count right before a rate, over the
    one whole of the same measure word stated before it in the sentence."""
    text = para.text
    for r in _COUNT_RATE.finditer(text):
        a, _ = _sentence_bounds(text, r.start())
        counts = [q for q in _QTY.finditer(text, a, r.start())
                  if q.group(2) in PLAIN_TOTAL_UNITS and text[q.end():q.end() + 1] not in ("%", "％")]
        if not counts:
            continue
        q = counts[-1]
        between = text[q.end():r.start()]
        if len(between) > 16 or re.search(r"[\d；;。]", between) or len(re.findall(r"[，,]", between)) > 1:
            continue  # the count is not the one the rate is about
        clause_lo = max([a] + [text.rfind(c, a, q.start()) + 1 for c in "，,；;：:、"])
        clause_hi = min([i for i in (text.find(c, q.end(), r.start() + 1) for c in "，,；;") if i != -1] + [r.start()])
        stem = r.group("stem")
        if re.search(r"(?:资金|金额|经费|预算|支出|人数|人次)$", text[a:r.start()]):
            continue  # "资金通过率": a rate of money, not of the counted items
        if stem not in text[clause_lo:clause_hi] and stem[-2:] not in text[clause_lo:clause_hi]:
            continue  # "通过率" must follow a count of what passed ("审核通过791个")
        n = value(q.group(1))
        whole = _plain_total(text, q.start(), q.group(2), n, set(), paragraph=True)
        if whole is None or value(whole.group(1)) <= 0:
            continue
        expected = n / value(whole.group(1)) * 100
        stated = r.group("x")
        want = percent_fix(expected, stated)
        if want is None:
            continue
        hits.append(_hit(para, r.start("x"), r.end(),
                         f"{stem}率计算有误：{q.group(0)}÷{whole.group(0)}＝{want}，文中为{stated}%", want))


def _implied_whole(para, claims, hits: list[Hit]) -> None:
    """Shares listed without their whole ("23个，占37.70%；25个，占40.98%；13个，占21.31%"): when
    the counts' sum explains every share but one, that one is wrong."""
    by_class: dict[str, list] = {}
    for m in claims:
        by_class.setdefault(unit_class(m.group("unit")), []).append(m)
    for group in by_class.values():
        if len(group) < 3:
            continue
        whole = sum(value(m.group("n")) * scale(m.group("unit")) for m in group)
        if whole <= 0:
            continue
        wrong = [m for m in group
                 if not agrees(value(m.group("n")) * scale(m.group("unit")) / whole * 100, m.group("pct"))]
        if len(wrong) != 1:
            continue  # all fine, or the listed items are not the whole (several disagree)
        m = wrong[0]
        pct = m.group("pct")
        expected = value(m.group("n")) * scale(m.group("unit")) / whole * 100
        want = f"{expected:.{decimals(pct)}f}%"
        shown = fmt(whole / scale(m.group("unit")), 0 if whole == int(whole) else 2)
        hits.append(_hit(para, m.start("pct"), m.end(),
                         f"占比计算有误：并列各项合计{shown}{m.group('unit')}，其余各项占比均与此相符，"
                         f"{m.group('n')}{m.group('unit')}应占{want}，文中为{pct}%", want))


def _distribution(para, claims, totals, hits: list[Hit]) -> None:
    """Shares listed under one header ("24个…中") whose counts make up the whole sum to 100%.

    Each share may be off by up to one unit of its last place (rounded or truncated), so the sum
    is allowed that much per share."""
    for t in totals:
        group = [m for m in claims if m.start() > t[0] and unit_class(m.group("unit")) == t[2]]
        if len(group) < 2:
            continue
        counts = sum(value(m.group("n")) * scale(m.group("unit")) for m in group)
        if abs(counts - t[1]) > 1e-6:
            continue
        total_pct = sum(value(m.group("pct")) for m in group)
        slack = sum(2 * half_unit(m.group("pct")) for m in group)
        if abs(total_pct - 100) <= slack + 1e-9:
            continue
        if any(h.paragraph is para and h.start >= group[0].start() for h in hits):
            continue  # a wrong share is already reported; its sum follows from it
        d = max(decimals(m.group("pct")) for m in group)
        hits.append(_hit(para, group[0].start(), group[-1].end(),
                         f"各项占比合计为{total_pct:.{d}f}%，应为100%（各项数量合计等于总数{t[3]}）",
                         "100%"))
        break


# --- 其中 parts -------------------------------------------------------------------------------

def _sentence_bounds(text: str, pos: int) -> tuple[int, int]:
    a = max(text.rfind(c, 0, pos) for c in "。；;!！?？") + 1
    ends = [i for i in (text.find(c, pos) for c in "。；;!！?？") if i != -1]
    return a, (min(ends) if ends else len(text))


def _depth0(text: str, a: int, b: int) -> list[bool]:
    """For each position in text[a:b], whether it is outside any bracket."""
    depth, out = 0, []
    for ch in text[a:b]:
        if ch in "（(【〔《":
            depth += 1
        out.append(depth == 0)
        if ch in "）)】〕》" and depth:
            depth -= 1
    return out


_CHANGE_WORD = "调减|调增|核减|核增|审减|压减|缩减|削减|减少|增加|追加|节约|下降|降低|提高|增长"
_FROM_TO = re.compile(
    rf"(?:由|从)\s*(?P<a>{NUM})\s*(?P<ua>{UNIT})?[^，。；、：\d]{{0,6}}?(?:为|至|到)\s*(?P<b>{NUM})\s*(?P<ub>{UNIT})")
_THEN_CHANGE = re.compile(
    rf"\s*[，,]?\s*(?P<verb>{_CHANGE_WORD})了?\s*(?:预算资金|资金|金额|预算)?\s*(?P<c>{NUM})\s*(?P<uc>{UNIT})")
_CHANGE_BEFORE = re.compile(rf"(?P<verb>{_CHANGE_WORD})了?\s*(?:预算资金|资金|金额|预算)?\s*$")
_CHANGE_IN_HEAD = re.compile(rf"(?:{_CHANGE_WORD})(?!后)")  # "压减后预算共计…": the whole is what is left
# a clause after "；" that is about another figure, not one more part of the list
_NOT_A_PART = re.compile(r"支出|执行|使用|拨付|结余|结转|累计|全年|共|合计|总|另|此外|同时|完成|实际|上述|以上")
# an item before "，合计…" that is not one of the parts
_NOT_AN_ITEM = re.compile(r"累计|全年|共|合计|总|另|此外|同时|上述|以上|其中")


# "30万元用于基建工程项目审计": an amount and what it is for is one part of the list
_PURPOSE = re.compile(r"(?:主要)?用于[^\d]*$")


class _Part:
    """One part of a list: where its figure stands and the value it contributes to the whole;
    `change` is "-" or "+" for a decrease or increase ("调减250.00万元"), "" for a plain amount."""

    __slots__ = ("start", "end", "amount", "num", "change")

    def __init__(self, start: int, end: int, amount: float, num: str, change: str) -> None:
        self.start, self.end, self.amount, self.num, self.change = start, end, amount, num, change


def _contributions(text: str, lo: int, hi: int, cls: str) -> list[_Part] | None:
    """What each figure of class `cls` in text[lo:hi] adds to the list's whole, in order.

    In "由1,200.00万元调减至950.00万元，调减250.00万元" the part is the change (250.00), not
    the amounts before and after it. None when a part's contribution is ambiguous: a "由A至B"
    with no change stated, or a list mixing changes with plain amounts ("原预算500万元，调减100万元")."""
    outside = _depth0(text, lo, hi)
    parts: list[_Part] = []
    consumed: list[tuple[int, int]] = []
    for f in _FROM_TO.finditer(text, lo, hi):
        if unit_class(f.group("ub")) != cls or not outside[f.start() - lo]:
            continue
        c = _THEN_CHANGE.match(text, f.end(), hi)
        if c is None or unit_class(c.group("uc")) != cls:
            return None  # from A to B, but is the part B or B−A? cannot tell
        a_, b_ = value(f.group("a")) * scale(f.group("ua") or f.group("ub")), value(f.group("b")) * scale(f.group("ub"))
        slack = half_unit(f.group("a")) * scale(f.group("ua") or f.group("ub")) + half_unit(f.group("b")) * scale(
            f.group("ub"))
        if not agrees(abs(a_ - b_) / scale(c.group("uc")), c.group("c"), slack / scale(c.group("uc"))):
            return None  # the change itself is wrong: reported as such, the sum follows from it
        consumed.append((f.start(), c.end()))
        parts.append(_Part(c.start("c"), c.end(), value(c.group("c")) * scale(c.group("uc")), c.group("c"),
                           _direction(c.group("verb"))))
    plain = []
    for m in _QTY.finditer(text, lo, hi):
        if (unit_class(m.group(2)) != cls or not outside[m.start() - lo]
                or text[m.end():m.end() + 1] in ("%", "％") or any(a <= m.start() < b for a, b in consumed)):
            continue
        v = _CHANGE_BEFORE.search(text[max(lo, m.start() - 10):m.start()])
        change = _direction(v.group("verb")) if v else ""
        plain.append(_Part(m.start(), m.end(), value(m.group(1)) * scale(m.group(2)), m.group(1), change))
    parts = sorted(parts + plain, key=lambda p: p.start)
    if any(p.change for p in parts) and not all(p.change for p in parts):
        return None  # some parts are changes, some amounts: which figure is the part?
    if len({p.change for p in parts}) > 1:
        return None  # decreases and increases together: is the whole the net or the gross change?
    return parts


def _direction(verb: str) -> str:
    return "-" if verb in DECREASE else "+"


def _list_parts(text: str, lo: int, clause_end: int, sentence_end: int, cls: str) -> list[_Part] | None:
    """The parts after 其中: the figures up to the first "；" when there are several, or one figure
    per "；" clause ("其中A项目…调减250.00万元；B项目调减180.50万元；…")."""
    first = _contributions(text, lo, clause_end, cls)
    if first is None or len(first) != 1 or clause_end >= sentence_end or text[clause_end] not in "；;":
        return first
    parts = list(first)
    s = clause_end + 1
    while s < sentence_end:
        e = min([i for i in (text.find(c, s, sentence_end) for c in "；;") if i != -1] + [sentence_end])
        more = _contributions(text, s, e, cls)
        if more is None:
            return None
        if len(more) == 1 and more[0].change and first[0].change and more[0].change != first[0].change:
            return None  # decreases and increases together: net or gross?
        if len(more) != 1 or more[0].change != first[0].change:
            break  # the list ended: the clause is about something else
        if not more[0].change:
            label = text[s:more[0].start]
            rest = text[more[0].end:e].strip(" ，,。")
            if _NOT_A_PART.search(label) or len(label) > 20 or rest and not _PURPOSE.match(rest):
                break
        parts += more
        s = e + 1
    return parts


def _sentence_end(text: str, pos: int) -> int:
    ends = [i for i in (text.find(c, pos) for c in "。!！?？") if i != -1]
    return min(ends) if ends else len(text)


def _compared():
    from perfdoc.lint.claims import _CHANGE as compared

    return compared


def _sums(para, hits: list[Hit]) -> None:
    text = para.text
    for w in _WHEREOF.finditer(text):
        a, b = _sentence_bounds(text, w.start())
        if a > 0 and not text[a:w.start()].strip(" 　，,"):
            a = _sentence_bounds(text, a - 1)[0]  # "…共申请预算资金90万元。其中：…": the whole ends the sentence before
        head = text[a:w.start()]
        end = _sentence_end(text, w.start())
        nested = text.find("其中", w.end(), end)
        if nested != -1:  # nested breakdowns: only the first level
            b, end = min(b, nested), nested
        classes = {unit_class(m.group(2)) for m in _QTY.finditer(text, w.end(), b)}
        # "支出856.30万元，较上年增支56.30万元，增长7.55%，其中：…": the change compared with last
        # year is not the whole of the list; the figure it is said about is
        compared = [(c.start(), c.end()) for c in _compared().finditer(head)]
        for cls in sorted(classes):
            totals = [t for t in _QTY.finditer(head) if unit_class(t.group(2)) == cls
                      and not any(s <= t.start() < e for s, e in compared)]
            if not totals:
                continue
            t = totals[-1]  # the whole is the last figure of the same kind before 其中
            rest = head[t.end():]
            for s, e in sorted(compared, reverse=True):
                if s >= t.end():
                    rest = rest[:s - t.end()] + rest[e - t.end():]
            if not _TOTAL_WORD.search(head[:t.start()]) and rest.strip(" ，,、") != "":
                continue  # the total must be announced (共…) or stand right before 其中
            parts = _list_parts(text, w.end(), b, end, cls)
            if not parts or len(parts) < 2:
                continue
            if parts[0].change and not _CHANGE_IN_HEAD.search(head):
                continue  # changes listed under a whole that is not itself a change
            _check_parts(para, text, a + t.start(), t.group(1), t.group(2), parts, cls, hits,
                         "其中各项合计")


def _check_parts(para, text, t_start, t_raw, tu, parts: list[_Part], cls, hits: list[Hit], what: str,
                 after_total: bool = False) -> None:
    span_end = parts[-1].end
    if "等" in text[span_end:span_end + 3]:
        return  # "…等" lists are partial by their own words
    total = value(t_raw) * scale(tu)
    d = max([decimals(t_raw)] + [decimals(p.num) for p in parts])
    # counts add up exactly; rounded amounts may be off by half a unit per part
    slack = len(parts) * 0.5 * 10 ** -d * scale(tu) if cls == "money" else 0.0
    got = sum(p.amount for p in parts)
    if abs(got - total) <= slack + 1e-9:
        return
    if got < total and (total - got) > 0.25 * total:
        return  # far short of the total: a list of the main items only, not a slip
    run = 0.0
    for p in parts[:-1]:  # a shorter list that adds up: the later figures are not parts
        run += p.amount
        if p is not parts[0] and abs(run - total) <= slack + 1e-9:
            return
    shown = fmt(got / scale(tu), d, grouped(t_raw))
    lo, hi = (t_start, span_end) if not after_total else (parts[0].start, t_start + len(t_raw) + len(tu))
    hits.append(_hit(para, lo, hi, f"分项之和与总数不符：{what}{shown}{tu}，文中总数为{t_raw}{tu}",
                     f"{shown}{tu}"))


# "优512个、良286个、中58个、差16个，合计862个": the parts come first, the total after them
_TOTAL_AFTER = re.compile(
    rf"[，,、；;]\s*(?:以上|上述)?(?:合计|总计|共计|共)(?:为|有|达)?\s*(?P<m>{NUM})\s*(?P<unit>{UNIT})(?![\d%％])")
# "共862个：优512个、良286个…": the total first, then a colon
_TOTAL_BEFORE = re.compile(
    rf"(?:合计|总计|共计|共)[^，。；：:、\d]{{0,8}}?(?P<m>{NUM})\s*(?P<unit>{UNIT})[^，。；：:\d]{{0,10}}?(?:[：:]|[，,]分别为)")
_PART_SEP = re.compile(r"[、；;]|(?<!\d)[，,]|[，,](?!\d{3}(?!\d))")  # not a thousands separator


_BRACKETED = re.compile(r"（[^（）]*）|\([^()]*\)")


def _chunk_part(text: str, lo: int, hi: int, cls: str) -> _Part | None | bool:
    """The one figure a list item text[lo:hi] contributes; False when it holds none (the list
    starts or ends here), None when it is not a plain item (several figures, a change)."""
    c = _contributions(text, lo, hi, cls)
    if c is None or len(c) > 1 or (c and c[0].change):
        return None
    if not c:
        return False
    label = text[lo:c[0].start]
    rest = _BRACKETED.sub("", text[c[0].end:hi])  # "优512个（占59.40%）": a remark, not another figure
    if len(label) > 12 or _NOT_AN_ITEM.search(label) or rest.strip():
        return None
    return c[0]


def _listed_totals(para, hits: list[Hit]) -> None:
    text = para.text
    covered = [_sentence_bounds(text, w.start()) for w in _WHEREOF.finditer(text)]
    for m in _TOTAL_AFTER.finditer(text):
        if any(a <= m.start() <= b for a, b in covered):
            continue  # a 其中 breakdown in the same sentence is checked as such
        cls = unit_class(m.group("unit"))
        a = max(_sentence_bounds(text, m.start())[0], text.rfind("：", 0, m.start()) + 1,
                text.rfind(":", 0, m.start()) + 1)
        cuts = [a] + [s.start() for s in _PART_SEP.finditer(text, a, m.start())] + [m.start()]
        parts: list[_Part] = []
        for lo, hi in reversed(list(zip(cuts, cuts[1:]))):
            lo = lo if lo == a else lo + 1
            p = _chunk_part(text, lo, hi, cls)
            if p is None:
                parts = []
                break  # an item we cannot read: no check
            if p is False:
                break
            parts.insert(0, p)
        if len(parts) >= 2:
            _check_parts(para, text, m.start("m"), m.group("m"), m.group("unit"), parts, cls, hits,
                         "所列各项合计", after_total=True)
    for m in _TOTAL_BEFORE.finditer(text):
        if any(a <= m.start() <= b for a, b in covered):
            continue
        cls = unit_class(m.group("unit"))
        end = _sentence_end(text, m.end())
        cuts = [m.end() - 1] + [s.start() for s in _PART_SEP.finditer(text, m.end(), end)] + [end]
        parts = []
        for lo, hi in zip(cuts, cuts[1:]):
            p = _chunk_part(text, lo + 1, hi, cls)
            if p is None:
                parts = []
                break
            if p is False:
                break
            parts.append(p)
        if len(parts) >= 2:
            _check_parts(para, text, m.start("m"), m.group("m"), m.group("unit"), parts, cls, hits,
                         "所列各项合计")


# --- changes ---------------------------------------------------------------------------------

def _changes(para, hits: list[Hit]) -> None:
    text = para.text
    for m in _CHANGE.finditer(text):
        ua, ub, uc = m.group("ua") or m.group("ub"), m.group("ub"), m.group("uc")
        a_raw, b_raw, c_raw = m.group("a"), m.group("b"), m.group("c")
        a, b, c = value(a_raw), value(b_raw), value(c_raw)
        down = m.group("verb") in DECREASE
        if (b < a) != down and a != b:
            want_verb = "减少" if b < a else "增加"
            hits.append(_hit(para, m.start("verb"), m.end("verb"),
                             f"增减方向与数字不符：由{a_raw}{ua or ''}到{b_raw}{ub}应为{want_verb}", want_verb))
            continue
        if ua == "%" and ub == "%":
            candidates = [abs(b - a)] + ([abs(b - a) / a * 100] if uc == "%" and a else [])
            d = decimals(c_raw)
            if any(agrees(x, c_raw, half_unit(a_raw) + half_unit(b_raw)) for x in candidates):
                continue
            want = f"{abs(b - a):.{d}f}{uc}"
        elif uc == "%":
            if a == 0 or unit_class(ua) != unit_class(ub):
                continue
            x = abs(b * scale(ub) - a * scale(ua)) / (a * scale(ua)) * 100
            want = percent_fix(x, c_raw)
            if want is None:
                continue
        else:
            if uc in ("个百分点",) or unit_class(ua) != unit_class(ub) or unit_class(ub) != unit_class(uc):
                continue
            x = abs(b * scale(ub) - a * scale(ua)) / scale(uc)
            slack = (half_unit(a_raw) * scale(ua) + half_unit(b_raw) * scale(ub)) / scale(uc)
            if agrees(x, c_raw, slack):
                continue
            want = f"{fmt(x, decimals(c_raw), ',' in c_raw + a_raw)}{uc}"
        hits.append(_hit(para, m.start("c"), m.end("uc"),
                         f"增减数计算有误：由{a_raw}{ua or ''}调整为{b_raw}{ub}，应{m.group('verb')}{want}，"
                         f"文中为{c_raw}{uc}", want))
    for m in _APPROVAL.finditer(text):
        a = value(m.group("a")) * scale(m.group("ua"))
        b = value(m.group("b")) * scale(m.group("ub"))
        c_raw, uc = m.group("c"), m.group("uc")
        down = m.group("verb") in DECREASE
        if (b <= a) != down:
            continue  # wording we do not understand well enough to judge
        x = abs(a - b) / scale(uc)
        slack = (half_unit(m.group("a")) * scale(m.group("ua")) + half_unit(m.group("b")) * scale(m.group("ub"))) \
            / scale(uc)
        if agrees(x, c_raw, slack):
            continue
        want = f"{fmt(x, decimals(c_raw), ',' in c_raw + m.group('a'))}{uc}"
        hits.append(_hit(para, m.start("c"), m.end("uc"),
                         f"调整金额计算有误：{m.group('a')}{m.group('ua')}与{m.group('b')}{m.group('ub')}相差{want}，"
                         f"文中为{c_raw}{uc}", want))


# --- execution rates -------------------------------------------------------------------------

def _role(text: str, start: int, floor: int) -> str | None:
    """'base' or 'spent' from the keyword nearest before an amount (within its clause)."""
    window_start = max(floor, start - 14)
    window = text[window_start:start]
    cut = max(window.rfind(c) for c in "，,；;：:、（(") + 1
    window = window[cut:]
    best, role = -1, None
    for words, name in ((_BASE_WORDS, "base"), (_SPENT_WORDS, "spent")):
        for w in words:
            i = window.rfind(w)
            if i != -1 and i + len(w) > best:
                best, role = i + len(w), name
    return role


def _rates(para, hits: list[Hit]) -> None:
    text = para.text
    floor = 0
    for m in _RATE.finditer(text):
        sentence_start, _ = _sentence_bounds(text, m.start())
        lo = max(floor, sentence_start)
        amounts = [q for q in _QTY.finditer(text, lo, m.start()) if q.group(2) in MONEY]
        floor = m.end()
        roles: dict[str, list] = {"base": [], "spent": []}
        for q in amounts:
            r = _role(text, q.start(), lo)
            if r:
                roles[r].append(q)
        if len(roles["base"]) != 1 or len(roles["spent"]) != 1:
            continue
        base, spent = roles["base"][0], roles["spent"][0]
        bv = value(base.group(1)) * scale(base.group(2))
        sv = value(spent.group(1)) * scale(spent.group(2))
        if bv <= 0:
            continue
        x = sv / bv * 100
        stated = m.group("x")
        want = percent_fix(x, stated)
        if want is None:
            continue
        hits.append(_hit(para, m.start("x"), m.end(),
                         f"{m.group('kind')}计算有误：{spent.group(0)}÷{base.group(0)}＝{want}，文中为{stated}%",
                         want))


# --- tables: 预算数 / 执行数 / 执行率 columns, 合计 rows -----------------------------------------

_CELL_NUMBER = re.compile(rf"\s*(?P<x>{NUM})\s*(?P<u>%|％|万元|元)?\s*")
_SPENT_HEAD = re.compile(r"执行数|支出数|实际支出|已支出|支付数|执行金额|累计支出|拨付数|执行额|支出金额")
_BASE_HEAD = re.compile(r"预算|批复|下达|安排|到位|计划")
_RATE_HEAD = re.compile(r"率|进度")
_TOTAL_ROW = re.compile(r"^\s*(合\s*计|总\s*计)\s*$")


def _column_role(head: str) -> str | None:
    if _RATE_HEAD.search(head):
        return "rate"
    if _SPENT_HEAD.search(head):
        return "spent"
    if _BASE_HEAD.search(head):
        return "base"
    return None


_TEXT_CELL_SEP = re.compile(r"\t+|[ \u3000]{2,}")


def _text_cells(text: str) -> list[tuple[int, str]]:
    """(offset, text) of the cells of a line typed as a table row (tabs or runs of spaces)."""
    out, pos = [], 0
    for m in list(_TEXT_CELL_SEP.finditer(text)) + [None]:
        end = m.start() if m else len(text)
        cell = text[pos:end]
        if cell.strip():
            lead = len(cell) - len(cell.lstrip())
            out.append((pos + lead, cell.strip()))
        pos = m.end() if m else len(text)
    return out


def _text_grids(paragraphs) -> list[dict]:
    """Tables typed as text (.txt, or tab-separated lines in a .docx): consecutive lines of three
    or more cells. Rows shorter than the first (header) line are aligned on the right, where
    the figures stand ("合计" rows often leave the 序号 column out)."""
    grids, rows = [], []
    for para in list(paragraphs) + [None]:
        cells = _text_cells(para.text) if para is not None and not para.in_table else []
        if len(cells) >= 3:
            rows.append((para, cells))
            continue
        if len(rows) >= 2:
            width = len(rows[0][1])
            grid: dict = {}
            for r, (row_para, row_cells) in enumerate(rows):
                shift = width - len(row_cells)
                for i, (offset, cell) in enumerate(row_cells):
                    grid[(r, i + shift)] = (cell, row_para, offset)
            grids.append(grid)
        rows = []
    return grids


def _tables(paragraphs, hits: list[Hit]) -> None:
    grids: dict[int, dict[tuple[int, int], list]] = {}
    for para in paragraphs:
        if para.cell is not None:
            t, r, c = para.cell
            grids.setdefault(t, {}).setdefault((r, c), []).append(para)
    for grid in grids.values():
        _table({key: ("".join(p.text for p in paras), paras[0], 0) for key, paras in grid.items()}, hits)
    for grid in _text_grids(paragraphs):
        _table(grid, hits)


def _table(grid: dict, hits: list[Hit]) -> None:
    """grid: (row, column) → (cell text, paragraph holding it, offset of the text in it)."""
    rows = sorted({r for r, _ in grid})
    text = {key: cell[0] for key, cell in grid.items()}
    for header in rows[:3]:
        roles: dict[str, list[int]] = {}
        for (r, c), head in text.items():
            if r == header:
                role = _column_role(head)
                if role:
                    roles.setdefault(role, []).append(c)
        if all(len(roles.get(k, ())) == 1 for k in ("base", "spent", "rate")):
            break
    else:
        return  # no single 预算数/执行数/执行率 triple: nothing we can check safely
    bc, sc, rc = roles["base"][0], roles["spent"][0], roles["rate"][0]
    data_rows, sums = [], {"base": 0.0, "spent": 0.0}
    places = {"base": 0, "spent": 0}
    top_total, mixed = None, False
    for r in rows:
        if r <= header:
            continue
        cells = {k: _CELL_NUMBER.fullmatch(text.get((r, c), "")) for k, c in (("base", bc), ("spent", sc),
                                                                             ("rate", rc))}
        first = min((c for rr, c in text if rr == r and text[(rr, c)].strip()), default=None)
        label = text.get((r, first), "") if first is not None else ""
        wrong_total = False
        if _SUB_ROW.match(label):
            mixed = True  # subtotals or 其中 rows: the plain column sum is not the total
            continue
        if _TOTAL_ROW.match(label):
            if not data_rows:
                top_total = (r, cells)  # a 合计 row placed first: checked against the rows below
                continue
            elif not mixed:
                wrong_total = _check_total(grid, r, cells, sums, places, len(data_rows), bc, sc, hits)
            data_rows, sums = [], {"base": 0.0, "spent": 0.0}
            if wrong_total:
                continue  # the row's rate follows from a total already reported
        _check_rate(grid, r, rc, cells, hits)
        if _TOTAL_ROW.match(label):
            continue
        if cells["base"] and cells["spent"]:
            data_rows.append(r)
            for k in ("base", "spent"):
                sums[k] += value(cells[k]["x"])
                places[k] = max(places[k], decimals(cells[k]["x"]))
    if top_total is not None and data_rows and not mixed:
        r, cells = top_total
        if not _check_total(grid, r, cells, sums, places, len(data_rows), bc, sc, hits):
            _check_rate(grid, r, rc, cells, hits)


_SUB_ROW = re.compile(r"^\s*(小\s*计|其中)")


def _check_total(grid, r, cells, sums, places, n_rows, bc, sc, hits: list[Hit]) -> bool:
    """Compare a 合计 row's 预算数 and 执行数 with the sums of the rows; True when one is off."""
    wrong = False
    for k, c in (("base", bc), ("spent", sc)):
        m = cells[k]
        if m is None:
            continue
        d = max(places[k], decimals(m["x"]))
        slack = n_rows * 0.5 * 10 ** -d
        if abs(sums[k] - value(m["x"])) > slack + 1e-9:
            want = fmt(sums[k], d, "," in m["x"])
            wrong = True
            _, para, offset = grid[(r, c)]
            hits.append(_hit(para, offset + m.start("x"), offset + m.end("x"),
                             f"合计数与各行之和不符：各行合计{want}，表中为{m['x']}", want))
    return wrong


def _check_rate(grid, r, rc, cells, hits: list[Hit]) -> None:
    if not (cells["base"] and cells["spent"] and cells["rate"]):
        return
    base, spent = value(cells["base"]["x"]), value(cells["spent"]["x"])
    stated = cells["rate"]["x"]
    if base > 0 and not agrees(spent / base * 100, stated):
        want = f"{spent / base * 100:.{decimals(stated)}f}" + ("%" if cells["rate"]["u"] else "")
        m = cells["rate"]
        _, para, offset = grid[(r, rc)]
        hits.append(_hit(para, offset + m.start("x"), offset + m.end(), f"执行率计算有误：{cells['spent']['x']}÷"
                         f"{cells['base']['x']}＝{want.rstrip('%')}%，表中为{stated}%", want))
