"""ARITHMETIC, the claims of 决算 and 评价 texts: each stated relation parsed with its scope.

A claim is a small grammar over the figures of one scope (the clause, the sentence, the 其中
list it belongs to), not a phrase to match:

    change    A …(较|比|与)(上年|2022年度决算数|上年累计支出B)(相比)… (增加|减少|增支|减支|增收|减收) M
              [，(增长|下降|降低) P%]          M = |A − B|; P = M ÷ B, B = A ∓ M when not stated
    budget    预算(为)B … 决算(为)A …，完成(年初)?预算(B)?的P%          P = A ÷ B
    whereof   W。其中 a …，占p%；b …，占q%                            p = a ÷ W (the list's own whole)
    plus      A，加(上年结转…)B[，减…C]，(收入)?总计T                 T = A + B − C
    parallel  (收、支)总计各是A1,A2 …各减少M1,M2，各下降P1、P2         one change claim per pair

The subject A of a change is the last figure of the same kind before the comparison, in the
same sentence, or in the sentence before when the comparison opens its own sentence
("8.02万元，为…的资金。较2022年度决算数增加0.78万元，增长10.8%"). Every check is made on the
figures as stated, within half a unit of the stated precision (or truncated to it).
"""
from __future__ import annotations

import re

from perfdoc.lint.arithmetic import (
    MONEY, NUM, UNIT, _QTY, agrees, decimals, fmt, grouped, half_unit, percent_fix, scale, unit_class, value,
)
from perfdoc.lint.registry import Hit

CODE = "ARITHMETIC"

_SENT_END = "。；;！？!?"
_UP = ("增加", "增长", "上升", "增支", "增收", "多支", "提高", "增")
_DOWN = ("减少", "下降", "降低", "减支", "减收", "少支", "节约", "压减", "减")
_VERB = "增加|减少|下降|降低|增长|上升|增支|减支|增收|减收|多支|少支|节约|提高"
_PCT_VERB = "增长|下降|降低|减少|上升|提高|增幅|降幅|减幅"
# (较|比|与) + what is compared with (上年, 2022年度决算数, 2024年的2190万元, 上年累计支出433万元) + the change
_CHANGE = re.compile(
    rf"(?P<cmp>较|比|与|同比)\s*(?P<ref>(?:[^，。；,;%\d]|\d{{4}}\s*年){{0,24}}?)"
    rf"(?:(?P<b>{NUM})\s*(?P<ub>{UNIT}))?\s*(?:相比|相较|比较)?[，,]?\s*"
    rf"(?P<verb>{_VERB})了?\s*(?P<m>{NUM})\s*(?P<um>{UNIT})"
    rf"(?:[，,、]?\s*(?:同比)?(?P<verb2>{_PCT_VERB})(?:了|为)?\s*(?P<p>{NUM})\s*[%％])?"
)
_BUDGET = re.compile(
    rf"完成(?:了)?(?:年初|全年|调整后?)?预算(?:数)?(?:(?P<b>{NUM})\s*(?P<ub>亿元|万元|千元|元))?的?\s*(?P<p>{NUM})\s*[%％]")
_BUDGET_BASE = re.compile(rf"预算(?:数|金额)?(?:为|是|共)?\s*(?P<b>{NUM})\s*(?P<ub>亿元|万元|千元|元)")
_SPENT_WORDS = re.compile(r"(?:决算|支出|执行|实际支出|使用|完成)(?:数|金额)?(?:为|是|共|达)?\s*$")
_WHEREOF = re.compile(r"其中[：:，,]?")
_SHARE = re.compile(rf"(?<![\d.,])(?P<n>{NUM})\s*(?P<unit>{UNIT})[^，。；、%\d]{{0,8}}?[，,]?\s*占(?P<of>[^，。；%\d]{{0,10}}?)"
                    rf"(?P<pct>{NUM})\s*[%％]")
_PLUS = re.compile(rf"[，,]\s*(?P<op>加|减)(?:上|去)?(?P<what>[^，。；,;\d]{{0,16}}?)(?P<x>{NUM})\s*(?P<u>亿元|万元|千元|元)")
_GRAND = re.compile(rf"[，,]\s*(?:[^，。；,;\d]{{0,8}}?)(?:总计|合计|共计)(?:为|是)?\s*(?P<t>{NUM})\s*(?P<u>亿元|万元|千元|元)")
_N = f"(?:{NUM})"
_PARALLEL = re.compile(rf"各(?:是|为)?\s*(?P<a>{_N}(?:[,，、]\s*{_N})+)\s*(?P<u>{UNIT})")
_PARALLEL_CHANGE = re.compile(
    rf"各(?P<verb>{_VERB})\s*(?P<m>{_N}(?:[,，、]\s*{_N})+)\s*(?P<u>{UNIT})[，,]\s*各(?P<verb2>{_PCT_VERB})\s*"
    rf"(?P<p>{_N}\s*[%％](?:[,，、]\s*{_N}\s*[%％]?)+)")


def check(paragraphs) -> list[Hit]:
    hits: list[Hit] = []
    for para in paragraphs:
        if para.in_table:
            continue
        text = para.text
        if not any(c.isdigit() for c in text):
            continue
        _changes(para, hits)
        _parallel(para, hits)
        _budget(para, hits)
        _whereof_shares(para, hits)
        _plus(para, hits)
    return hits


def _hit(para, start, end, message, suggestion) -> Hit:
    return Hit(CODE, "error", message, para, start, end, suggestion=suggestion)


def _sentence_start(text: str, pos: int) -> int:
    return max(text.rfind(c, 0, pos) for c in _SENT_END + "。") + 1


def _subject(text: str, cmp_at: int, cls: str, floor: int) -> re.Match | None:
    """The figure a comparison is about: the last one of the same kind before it, in its sentence,
    or in the sentence before when the comparison opens its own sentence."""
    s = _sentence_start(text, cmp_at)
    lo = s
    if not text[s:cmp_at].strip(" 　，,"):  # "…的资金。较2022年度决算数增加…": the subject is the sentence before
        lo = _sentence_start(text, max(0, s - 1))
    lo = max(lo, floor)
    cands = [q for q in _QTY.finditer(text, lo, cmp_at)
             if unit_class(q.group(2)) == cls and text[q.end():q.end() + 1] not in "%％"]
    return cands[-1] if cands else None


def _changes(para, hits: list[Hit]) -> None:
    text = para.text
    floor = 0
    for m in _CHANGE.finditer(text):
        um = m.group("um")
        if um == "%" or m.group("cmp") == "比" and text[m.start() - 1:m.start()] in "对占":
            continue
        cls = unit_class(um)
        if m.group("ub") and unit_class(m.group("ub")) != cls:
            continue
        a = _subject(text, m.start(), cls, floor)
        floor = m.end()
        if a is None:
            continue
        m_raw = m.group("m")
        mv = value(m_raw) * scale(um)
        av = value(a.group(1)) * scale(a.group(2))
        up = m.group("verb") in _UP
        if m.group("b"):
            bv = value(m.group("b")) * scale(m.group("ub"))
            if bv <= 0:
                continue
            if (av > bv) != up and av != bv:
                want = "增加" if av > bv else "减少"
                hits.append(_hit(para, m.start("verb"), m.end("verb"),
                                 f"增减方向与数字不符：{a.group(0)}与{m.group('b')}{m.group('ub')}相比应为{want}", want))
                continue
            slack = (half_unit(a.group(1)) * scale(a.group(2)) + half_unit(m.group("b")) * scale(m.group("ub")))
            diff = abs(av - bv)
            if not agrees(diff / scale(um), m_raw, slack / scale(um)):
                want = fmt(diff / scale(um), decimals(m_raw), grouped(m_raw)) + um
                hits.append(_hit(para, m.start("m"), m.end("um"),
                                 f"增减额计算有误：{a.group(0)}与{m.group('b')}{m.group('ub')}相差{want}，文中为{m_raw}{um}",
                                 want))
                continue
            base = bv
        else:
            base = av - mv if up else av + mv
        p_raw = m.group("p")
        if not p_raw or base <= 0 or mv == 0:
            continue
        if m.group("verb2") in _UP and not up or m.group("verb2") in _DOWN and up:
            continue  # "减少…增长": wording we do not read
        pv = mv / base * 100
        want = percent_fix(pv, p_raw)
        if want is None:
            continue
        shown_base = fmt(base / scale(um), max(decimals(m_raw), decimals(a.group(1))), grouped(a.group(1))) + um
        hits.append(_hit(para, m.start("p"), m.end(),
                         f"增减幅度计算有误：{m.group('verb')}{m_raw}{um}÷上期{shown_base}＝{want}，文中为{p_raw}%", want))


def _split(raw: str) -> list[str]:
    return [x.strip().rstrip("%％").strip() for x in re.split(r"[,，、](?!\d{3}(?!\d))", raw)]


def _parallel(para, hits: list[Hit]) -> None:
    """"收、支总计各是4125.49,4143.91万元。与2021年相比…各减少1267.86,2570.97万元，各下降23.51%、38.28%"."""
    text = para.text
    for c in _PARALLEL_CHANGE.finditer(text):
        subj = [s for s in _PARALLEL.finditer(text, 0, c.start())]
        if not subj:
            continue
        s = subj[-1]
        a_list, m_list, p_list = _split(s.group("a")), _split(c.group("m")), _split(c.group("p"))
        if not (len(a_list) == len(m_list) == len(p_list)) or unit_class(s.group("u")) != unit_class(c.group("u")):
            continue
        up = c.group("verb") in _UP
        for k, (a_raw, m_raw, p_raw) in enumerate(zip(a_list, m_list, p_list)):
            av, mv = value(a_raw) * scale(s.group("u")), value(m_raw) * scale(c.group("u"))
            base = av - mv if up else av + mv
            if base <= 0 or mv == 0:
                continue
            pv = mv / base * 100
            want = percent_fix(pv, p_raw)
            if want is None:
                continue
            where = c.start("p") + c.group("p").find(p_raw)
            hits.append(_hit(para, where, where + len(p_raw) + 1,
                             f"增减幅度计算有误：第{k + 1}项{c.group('verb')}{m_raw}{c.group('u')}÷上期"
                             f"{fmt(base / scale(c.group('u')), decimals(a_raw))}{c.group('u')}＝{want}，文中为{p_raw}%",
                             want))


def _budget(para, hits: list[Hit]) -> None:
    """"预算为30.8万元，支出决算为25.7万元，完成预算的83.44%"."""
    text = para.text
    for m in _BUDGET.finditer(text):
        lo = max(_sentence_start(text, m.start()), text.rfind("；", 0, m.start()) + 1, text.rfind(";", 0, m.start()) + 1)
        if m.group("b"):
            b_raw, ub = m.group("b"), m.group("ub")
        else:
            bases = list(_BUDGET_BASE.finditer(text, lo, m.start()))
            if len(bases) != 1:
                continue
            b_raw, ub = bases[0].group("b"), bases[0].group("ub")
        spent = [q for q in _QTY.finditer(text, lo, m.start()) if q.group(2) in MONEY and q.group(1) != b_raw
                 and _SPENT_WORDS.search(text[max(lo, q.start() - 8):q.start()])]
        if len(spent) != 1:
            continue
        a = spent[0]
        bv = value(b_raw) * scale(ub)
        av = value(a.group(1)) * scale(a.group(2))
        if bv <= 0 or av == 0:
            continue
        pv = av / bv * 100
        p_raw = m.group("p")
        want = percent_fix(pv, p_raw)
        if want is None:
            continue
        hits.append(_hit(para, m.start("p"), m.end(),
                         f"预算完成率计算有误：{a.group(0)}÷{b_raw}{ub}＝{want}，文中为{p_raw}%", want))


_SCOPE = re.compile(r"全市|全县|全区|全省|全国|全年|当年|本级|整体|预算|以上|以下")


def _whereof_shares(para, hits: list[Hit]) -> None:
    """Shares in a 其中 list against the list's own whole: the figure right before 其中 (in the same
    sentence, or ending the sentence before when 其中 opens a sentence)."""
    text = para.text
    for w in _WHEREOF.finditer(text):
        s = _sentence_start(text, w.start())
        lo = s if text[s:w.start()].strip(" 　，,") else _sentence_start(text, max(0, s - 1))
        end = min([i for i in (text.find(c, w.end()) for c in "。！？!?") if i != -1] + [len(text)])
        nested = text.find("其中", w.end(), end)
        end = nested if nested != -1 else end
        claims = [c for c in _SHARE.finditer(text, w.end(), end) if not _SCOPE.search(c.group("of"))]
        if not claims:
            continue
        cls = unit_class(claims[0].group("unit"))
        if any(unit_class(c.group("unit")) != cls for c in claims):
            continue
        heads = [q for q in _QTY.finditer(text, lo, w.start())
                 if unit_class(q.group(2)) == cls and text[q.end():q.end() + 1] not in "%％"]
        if not heads:
            continue
        head = heads[-1]
        if not text[head.end():w.start()].strip(" 　，,。；;") == "" and len(heads) > 1:
            continue  # the whole must stand right before 其中 or be the sentence's only figure
        whole = value(head.group(1)) * scale(head.group(2))
        if whole <= 0:
            continue
        parts = [(c, value(c.group("n")) * scale(c.group("unit"))) for c in claims]
        wrong = [(c, n) for c, n in parts if not agrees(n / whole * 100, c.group("pct"))]
        if not wrong:
            continue
        nonzero = [(c, n) for c, n in parts if n > 0]
        if len(wrong) == len(nonzero) >= 2:
            # every share disagrees with the whole, but they agree with one another: the whole is off
            implied = [n / value(c.group("pct")) * 100 for c, n in nonzero if value(c.group("pct")) > 0]
            if implied and max(implied) - min(implied) <= 0.01 * max(implied):
                total = sum(n for _, n in parts)
                want = fmt(total / scale(head.group(2)), decimals(head.group(1)), grouped(head.group(1))) + head.group(2)
                hits.append(_hit(para, head.start(), head.end(),
                                 f"总数与其中各项的占比不符：各项按所列占比合计{want}，文中为{head.group(0)}", want))
                continue
        for c, n in wrong:
            pv = n / whole * 100
            want = f"{pv:.{decimals(c.group('pct'))}f}%"
            hits.append(_hit(para, c.start("pct"), c.end(),
                             f"占比计算有误：{c.group('n')}{c.group('unit')}÷{head.group(0)}＝{want}，文中为{c.group('pct')}%",
                             want))


def _plus(para, hits: list[Hit]) -> None:
    """"本年收入合计A万元，加上年结转和结余B万元，收入总计T万元": T = A + B (− …)."""
    text = para.text
    for g in _GRAND.finditer(text):
        lo = _sentence_start(text, g.start())
        ops = [p for p in _PLUS.finditer(text, lo, g.start())]
        if not ops:
            continue
        first = [q for q in _QTY.finditer(text, lo, ops[0].start()) if q.group(2) in MONEY]
        if not first:
            continue
        a = first[-1]
        total = value(a.group(1)) * scale(a.group(2))
        places = decimals(a.group(1))
        for p in ops:
            v = value(p.group("x")) * scale(p.group("u"))
            total += v if p.group("op") == "加" else -v
            places = max(places, decimals(p.group("x")))
        t_raw, tu = g.group("t"), g.group("u")
        slack = (len(ops) + 1) * 0.5 * 10 ** -places * scale(tu)
        if abs(total - value(t_raw) * scale(tu)) <= slack + 1e-9:
            continue
        want = fmt(total / scale(tu), max(places, decimals(t_raw)), grouped(t_raw)) + tu
        hits.append(_hit(para, g.start("t"), g.end(),
                         f"加减后的总计有误：{a.group(0)}" + "".join(f"{p.group('op')}{p.group('x')}{p.group('u')}" for p in ops)
                         + f"＝{want}，文中为{t_raw}{tu}", want))
