"""Measurability rules: the reason codes of domain.md §2, each with a Chinese message and a rewrite.

`review_indicator` judges one indicator from its name, its parsed value and the declared levels;
`review_project` gives the project-level findings (FEW_INDICATORS, MISSING_*, DUPLICATE).
"""
from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from perfdoc.findings import Finding
from perfdoc.indicators.grammar.lexicon import COUNT_FAMILY, lexicon
from perfdoc.indicators.grammar.parse import ValueFacts, fmt_number
from perfdoc.indicators.result import IndicatorResult

KIND_NAMES = {
    "percent": "百分比（%）", "person": "人数/人次", "household": "户数", "count": "个数/件数",
    "money": "金额（元、万元）", "length": "长度（公里、米）", "area": "面积（亩、平方米）",
    "weight": "重量（吨）", "volume": "体积（立方米）", "time": "时间（天、个月、工作日）",
    "score": "分值（分）", "other": "其他",
}
# Names whose percentages may legitimately exceed 100 (growth against a base).
_GROWTH = re.compile(r"增长|增幅|增速|提高|提升|同比|环比|比上年|较上年|上涨|倍|溢价|超额")
# Strong states settle a value as verifiable even beside a vague word (通过验收，效果良好).
_STRONG_STATE = re.compile(
    r"通过|验收|建成|投入使用|投入运行|交付使用|正常运行|正常运转|全覆盖|尽[保补收助治种检救享纳赔发查改]|"
    r"未发生|不发生|无发生|杜绝|零|无重大|无安全|无事故|无投诉|合格|达标|优良|符合《|达到《|《|标准|规范|"
    r"清零|销号|办结|结案|上线|开通|印发|出台|挂牌|备案|公示|足额|全额|全部|持证")
_RESTATE_MIN = 3
# Money names that state an amount per head or in total, never a share: 补助标准 in % is a mismatch.
_STANDARD_NAME = re.compile(r"(?:标准|金额|额度)$")
# Names that are about a time itself (not an action such as 拨付 that may also be timed).
_TIME_NAME = re.compile(r"时间|时限|期限|周期|工期|进度|及时|时效|完成期")
# A named class or grade is checkable on its own (水质达到Ⅲ类, 二级养护标准, AAA级).
_GRADE = re.compile(r"(?:I{1,3}|IV|V|[一二三四五六1-6])类|[一二三四五1-5甲乙丙丁A-D]级|A{2,5}|\d[A-D](?![A-Za-z])|"
                    r"[一二三]级[甲乙丙]等")


# The ceiling of a share in each unit (‰ goes to 1000); rates per population have none.
_PERCENT_LIMIT = {"%": 100, "％": 100, "‰": 1000}


def _over100(name: str) -> bool:
    """Ratios that exceed 100% by nature (国有资本保值增值率 103%): corpora OVER100_NAME."""
    return any(w in name for w in lexicon().words.get("OVER100_NAME", ()))


def _e(code: str, message: str, suggestion: str | None) -> Finding:
    return Finding(code=code, severity="error", message=message, suggestion=suggestion)


def _num(x: float | None) -> str:
    return "" if x is None else fmt_number(x)


def _clean_name(name: str) -> str:
    return re.sub(r"\s+", "", name or "")


def _is_percent_name(name: str) -> bool:
    rule = lexicon().name_rule(name)
    return rule is not None and rule.kind == "percent"


def _is_reverse(name: str) -> bool:
    return bool(lexicon().reverse_re.search(name))


def _default_op(name: str) -> str:
    return "≤" if _is_reverse(name) else "≥"


def rewrite(name: str, level2: str | None = None) -> str:
    """A measurable form for an indicator whose value says nothing checkable."""
    lex = lexicon()
    if level2 == "时效指标" or (lex.timely_re.search(name) and not _is_percent_name(name)):
        return timely_rewrite(name)
    for key, text in lex.rewrites:
        if key in name:
            return text.format(name=name)
    rule = lex.name_rule(name)
    if rule is not None and rule.kind == "percent":
        return f"{name}≤5%" if _is_reverse(name) else f"{name}≥90%"
    if rule is not None and rule.unit:
        return f"{name}≥X{rule.unit}（X按实际测算）"
    if _is_reverse(name) or lex.negative_re.search(name):
        return f"{name}=0"
    return f"{name}≥X（写明数值和计量单位，如个、项、人次）"


def timely_rewrite(name: str) -> str:
    rule = lexicon().name_rule(name)
    if rule is not None and rule.kind == "time" and rule.unit:
        return f"{name}≤X{rule.unit}；或“X月X日前完成”"
    base = re.sub(r"(及时率|及时性|及时|时效|时间|时限|进度)$", "", name) or name
    return f"{base}及时率100%；或“X月X日前完成{base}”"


def _normal_form(name: str, facts: ValueFacts, value: str) -> str:
    """The indicator written the standard way: 培训人次≥350人次, 覆盖率90%-95%, 名称：通过验收."""
    p = facts.parsed
    if facts.has_number and p.number is not None:
        unit = p.unit or ""
        if p.operator == "区间":
            lead = unit if unit in ("%", "‰") else ""
            formatted = f"{_num(p.number)}{lead}-{_num(p.number_max)}{unit}"
        else:
            formatted = f"{'' if p.operator in (None, '=') else p.operator}{_num(p.number)}{unit}"
        bare = _op_text().sub("", facts.text)
        if p.unit and lexicon().bracket_unit(name) == p.unit:
            name = re.sub(r"[（(][^）)]*[）)]$", "", name)
            bare += p.unit
        if bare.replace(".0", "") in (f"{_num(p.number)}{unit}", f"{_num(p.number)}{unit}-{_num(p.number_max)}{unit}",
                                      f"{_num(p.number)}-{_num(p.number_max)}{unit}"):
            return f"{name}{formatted}"
        return f"{name}{facts.text}"
    return f"{name}：{value.strip()}" if value.strip() else name


@lru_cache(maxsize=1)
def _op_text() -> re.Pattern:
    """Operator words and symbols at either end of a value (stripped to compare with the number)."""
    lex = lexicon()
    pre = sorted((w for k in ("OP_GE", "OP_GT", "OP_LE", "OP_LT", "OP_EQ") for w in lex.words.get(k, ())),
                 key=len, reverse=True)
    post = sorted((w for k in ("POST_GE", "POST_LE", "POST_EQ") for w in lex.words.get(k, ())),
                  key=len, reverse=True)
    return re.compile("^(?:[≥≤<>=]|" + "|".join(map(re.escape, pre)) + ")+|(?:"
                      + "|".join(map(re.escape, post)) + ")$")


def _restates(name: str, text: str) -> bool:
    """The value only repeats the name (群众满意度 / 群众满意度, 满意度指标)."""
    if not text:
        return False
    core = re.sub(r"指标$", "", text)
    if core == name or (len(core) >= _RESTATE_MIN and core in name and len(core) >= 0.6 * len(name)):
        return True
    return name in core and len(core) - len(name) <= 2 and len(name) >= _RESTATE_MIN


def _placeholder(text: str) -> bool:
    t = text.strip().lower()
    if not t:
        return True
    if t in lexicon().words.get("PLACEHOLDER", ()):
        return True
    # operator or unit only, or an unfilled template (≥X%, XX人次, ≥  %)
    stripped = re.sub(r"[≥≤<>=%个人次户项元万亿]|不低于|不少于|不超过|以上|以内", "", t)
    return not stripped or bool(re.fullmatch(r"[x×*？?_＿.。…]+", stripped))


_MONEY_NAME = re.compile(r"资金|经费|投资|预算|金额|费用|费$")


def _input_word(name: str, facts: ValueFacts, level1: str | None = None) -> str | None:
    """The input word that makes this an input stated as a result, or None."""
    lex = lexicon()
    kind = lex.unit_kind(facts.parsed.unit) if facts.has_number else None
    if kind in ("percent", "time"):
        return None  # 投入强度 2.1%, 资金到位率, 拨付用时≤10天: ratios and times, not amounts put in
    if facts.parsed.deadline and kind is None:
        return None  # 项目资金拨付时间 / 12月31日前: a deadline of budget execution (时效), not an input
    if not facts.has_number and (facts.time_words or facts.periodic):
        return None  # 项目资金 / 及时拨付: an open time, TIME_UNBOUNDED says more
    except_text = lex.input_except_re.search(name) or lex.input_except_re.search(facts.text)
    staff = _staff_input(name) if kind == "person" else None
    if staff:
        return staff
    m = lex.input_re.search(name)
    if m and not except_text:
        if m.group(0) == "投入" and kind not in ("money", "person"):
            return None
        return m.group(0)
    if facts.inputs and kind in ("money", "person", "count") and not except_text:
        return facts.inputs[0]
    money_value = kind == "money"
    per_unit = bool(re.search(r"[/每]", facts.parsed.unit or ""))  # 120元/人·年: a standard, not an amount
    ceiling = facts.parsed.operator in ("≤", "<")  # 会议经费≤5万元: a cost ceiling
    # In a declared 效益指标 a sum named only by 资金/金额 is an effect (引资, 减负, 成交), not money put in.
    effect = level1 == "效益指标"
    if money_value and _MONEY_NAME.search(name) and not except_text and not per_unit and not ceiling \
            and not effect:
        return _MONEY_NAME.search(name).group(0)
    return None


@lru_cache(maxsize=4096)
def _staff_input(name: str) -> str | None:
    """配备运维人员 / 15人: staff put in. 培训人员, 就业人员, 受益人数 are results."""
    words = lexicon().words
    core = re.sub(r"(?:数量|人数|总数|数)$", "", name)
    verbs = words.get("STAFF_VERB", ())
    for verb in verbs:  # 运维人员配备: the verb after the staff noun
        if core.endswith(verb) and len(core) > len(verb):
            core = core[:-len(verb)]
            break
    if not core.endswith(words.get("STAFF_NOUN", ())):
        return None
    if any(w in name for w in words.get("STAFF_EXCEPT", ())):
        return None
    return next((w for w in words.get("STAFF_VERB", ()) if w in name), None)


def review_indicator(result: IndicatorResult, facts: ValueFacts) -> None:
    """Add the unmeasurable codes to `result.issues` and set `result.suggestion`."""
    lex = lexicon()
    name = _clean_name(result.name)
    value = result.value or ""
    text = facts.text
    l1, l2 = result.declared_level1, result.declared_level2
    p = facts.parsed
    issues = result.issues
    rule = lex.name_rule(name)
    expected = rule.kind if rule is not None else None
    timely_name = bool(lex.timely_re.search(name)) and expected != "percent"
    timely = l2 == "时效指标" or (timely_name and not facts.has_number)

    # NO_VALUE: blank, a placeholder, or the name again
    negative_ok = text in ("无", "0", "零") and _negative_name(name, l2)
    if (not facts.has_number and not p.deadline and _placeholder(text) and not negative_ok) \
            or (not facts.has_number and not p.deadline and _restates(name, text)):
        shown = f"“{value.strip()}”只是重复了指标名称" if text else "指标值为空"
        issues.append(_e("NO_VALUE", f"{shown}，没有可考核的目标值。请填写具体数值、计量单位或完成时限。",
                         rewrite(name, l2)))
        result.suggestion = issues[-1].suggestion
        return

    # INPUT_AS_OUTPUT: money, staff or materials put in are not results
    word = _input_word(name, facts, l1) if l1 != "成本指标" else None
    if word is not None and expected != "percent":
        money = not facts.has_number or lex.unit_kind(p.unit) == "money"
        amount = f"≤{_num(p.number)}{p.unit or ''}" if facts.has_number else "≤X万元"  # a cost is a ceiling
        sug = (f"改列成本指标“项目总成本{amount}”，产出指标改为实物量，如“完成建设任务数≥X个”" if money else
               "人员、车辆、设备是投入，不作产出：改写为其完成的工作量或服务量，如“服务人次≥X人次”"
               "“运维设施数≥X个”，相关经费列入成本指标“人员经费≤X万元”")
        issues.append(_e(
            "INPUT_AS_OUTPUT",
            f"“{word}”反映的是投入（资金、人员、物资），不是产出或效益。投入金额应列入成本指标；"
            f"产出指标请写资金形成的实物量或服务量（如建成数量、受益人数）。", sug))
        result.suggestion = issues[-1].suggestion
        return

    unit_in_name = lex.bracket_unit(name)
    if unit_in_name and facts.has_number and p.unit is None:
        p.unit = unit_in_name  # 合格率（%） / 95: the column's unit is in the name

    if facts.bad_date:
        issues.append(_e("OUT_OF_RANGE", f"完成时限“{p.deadline}”不存在（{facts.bad_date}），请核对日期。",
                         f"{name}：X月X日前完成"))

    if facts.has_number and p.number is not None and not (facts.quoted and facts.states):
        _numeric_rules(result, facts, name, expected, rule, timely)
    elif p.deadline or facts.periodic:
        if timely and facts.hedge:
            issues.append(_e("VAGUE_VALUE", f"“{value.strip()}”含“{facts.hedge[0]}”等不确定表述，无法考核。",
                             f"{name}：{p.deadline or facts.periodic[0]}完成"))
    else:
        _text_rules(result, facts, name, timely, timely_name)

    if not issues:
        result.suggestion = _normal_form(name, facts, value)
    elif result.suggestion is None:
        result.suggestion = next((i.suggestion for i in issues if i.suggestion), None)


def _numeric_rules(result: IndicatorResult, facts: ValueFacts, name: str, expected: str | None,
                   rule, timely: bool) -> None:
    lex = lexicon()
    p = facts.parsed
    issues = result.issues
    kind = lex.unit_kind(p.unit)
    op = p.operator if p.operator not in (None, "=") else ""
    n, n_max = p.number, p.number_max
    shown = facts.text

    growth = _GROWTH.search(name) or _GROWTH.search(facts.text) or re.search(r"下降|降低|减少|增加|上升", facts.text) \
        or _over100(name)
    limit = _PERCENT_LIMIT.get(p.unit or "")
    if p.unit and p.unit.startswith(":"):
        return  # 配套比例 1:1: a ratio written as such
    if kind == "percent" and expected != "percent" and limit:
        hi = max(x for x in (n, n_max) if x is not None)
        if hi > limit and not growth:
            issues.append(_e("OUT_OF_RANGE", f"百分比超过100%，“{shown}”不可能达到。", f"{name}{op or '≥'}95%"))
            return
    if expected == "percent":
        if kind is None and p.unit is None:
            if n == 0:
                return
            pct = n * 100 if 0 < n <= 1 and not float(n).is_integer() else n
            sug_op = op or _default_op(name)
            if p.operator == "区间":
                sug = f"{name}{_num(n)}%-{_num(n_max)}%"
            else:
                sug = f"{name}{sug_op}{_num(pct)}%"
            issues.append(_e("NO_UNIT", f"“{name}”是比率类指标，指标值“{shown}”缺少百分号（%）。", sug))
            return
        if kind == "percent":
            hi = max(x for x in (n, n_max) if x is not None)
            lo = min(x for x in (n, n_max) if x is not None)
            if not limit:
                return  # 百分点, 15/10万, 0.02人/亿元: no fixed ceiling
            if _wrong_direction(name, facts):
                issues.append(_e("OUT_OF_RANGE", _DIRECTION_MSG.format(name=name, shown=shown),
                                 f"{name}≤{_num(min(max(100 - n, 0), 5) or 5)}%" if p.unit == "%" else f"{name}≤X{p.unit}"))
                return
            if (hi > limit or lo < 0) and not growth:
                sign = "‰" if p.unit == "‰" else "%"
                sug = f"{name}{'≤' if _is_reverse(name) else '≥'}{'5' if _is_reverse(name) else '95'}{sign}" \
                    if hi > limit else f"{name}≥0{sign}"
                issues.append(_e("OUT_OF_RANGE", f"“{name}”是比率，取值应在0%～100%之间，“{shown}”不可能达到。", sug))
            elif n_max is not None and n > n_max:
                issues.append(_e("OUT_OF_RANGE", f"区间“{shown}”下限大于上限。",
                                 f"{name}{_num(n_max)}%-{_num(n)}%"))
            return
        if p.unit == "倍" and re.search(r"杠杆|放大|带动|撬动|增长|增幅|比$|比率|倍", name):
            return  # 科技资金杠杆率 ≥5倍: a ratio written as a multiple
        if kind == "score" and re.search(r"满意|评价|测评|评分|得分|考核", name):
            if n > 100:
                issues.append(_e("OUT_OF_RANGE", f"百分制得分不会超过100分，“{shown}”不可能达到。",
                                 f"{name}≥90分"))
            return
        sug_n = n if 0 < n <= 100 else 90
        issues.append(_e("UNIT_MISMATCH",
                         f"“{name}”是比率类指标，应以%计量，但指标值“{shown}”的单位是“{p.unit}”。",
                         f"{name}{op or _default_op(name)}{_num(sug_n)}%"))
        return

    if n is not None and n < 0:
        issues.append(_e("OUT_OF_RANGE", f"指标值“{shown}”为负数，不可能达到。", f"{name}≥X"))
        return
    if n_max is not None and n is not None and n > n_max:
        issues.append(_e("OUT_OF_RANGE", f"区间“{shown}”下限大于上限。", None))
        return

    if kind is None:
        if p.unit is not None:  # written unit not in the lexicon: accept, the clerk knows best
            return
        if (rule is not None and rule.obvious) or lex.implied_unit(name):
            return  # 培训人次 350, 抽检批次 ≥5: the name says what is counted
        if n == 0 and (_is_reverse(name) or lex.negative_re.search(name)):
            return
        if facts.baseline:
            return
        unit = rule.unit if rule is not None and rule.unit else None
        if timely and not unit:
            unit = "个工作日"
        if unit:
            sug = f"{name}{op or _default_op(name)}{_num(n)}{unit}"
            msg = f"指标值“{shown}”缺少计量单位，应写明单位（如“{unit}”）。"
        else:
            sug = f"{name}{op or '≥'}{_num(n)}个（按实际填写单位，如个、项、人次、公里）"
            msg = f"指标值“{shown}”只有数字，没有计量单位，无法判断考核口径。"
        issues.append(_e("NO_UNIT", msg, sug))
        return

    if kind == "percent" and expected != "percent" and not growth and _goal_without_ratio(name):
        issues.append(_e("VAGUE_VALUE",
                         f"“{name}”是目标或方向，不是比率，“{shown}”无法核验是多少的百分之几。请改写为可计算的比率"
                         f"（写明分子分母，如“……覆盖率”“……达标率”）或可核验的状态。", rewrite(name, result.declared_level2)))
        return
    if kind in COUNT_FAMILY and not p.deadline and _deadline_word(name, facts):
        word = _deadline_word(name, facts)
        issues.append(_e("TIME_UNBOUNDED",
                         f"“{word}”是时效要求，但指标值“{shown}”只给出数量，没有写明时限，无法判断是否“{word}”。",
                         timely_rewrite(name)))
        return
    if kind in COUNT_FAMILY and _wrong_direction(name, facts):
        issues.append(_e("OUT_OF_RANGE", _DIRECTION_MSG.format(name=name, shown=shown), f"{name}=0"))
        return
    if expected is None:
        _head_rules(result, facts, name, kind, op)
        return
    if expected == "any":
        return
    if expected == kind or (expected in COUNT_FAMILY and kind in COUNT_FAMILY
                            and not (expected == "count" and kind == "person")):
        return
    if kind == "percent" and growth:
        return  # 较上年下降10%: a relative change fits any quantity
    if kind in ("other",):
        return
    if expected == "money" and kind == "percent" and not _per_head_standard(name):
        return  # 资金 names with a % (资金使用比例, 农机购置补贴标准 30%) are shares, not amounts
    if expected == "time" and kind == "percent":
        return
    want = KIND_NAMES.get(expected, expected)
    unit = rule.unit if rule is not None and rule.unit else ""
    figure = "X" if kind == "percent" else _num(n)  # 补助标准 90% says nothing about the amount in 元
    issues.append(_e("UNIT_MISMATCH",
                     f"“{name}”应以{want}计量，指标值“{shown}”的单位“{p.unit}”与名称不符。",
                     f"{name}{op or _default_op(name)}{figure}{unit}" if unit else None))


_DIRECTION_MSG = ("“{name}”是越低越好的反向指标，目标应写上限（≤），“{shown}”要求它不低于某个值，方向相反"
                  "（是否把正向指标如“准确率”“办结率”误写成了反向指标？）。")
_DECREASE = re.compile(r"下降|降低|减少|降幅|减幅|压降|控制|减少率|变化")


def _wrong_direction(name: str, facts: ValueFacts) -> bool:
    """差错率 ≥98%, 安全事故发生数 ≥1起: a reverse indicator given a floor above zero."""
    p = facts.parsed
    if p.operator not in ("≥", ">") or not p.number or p.number <= 0:
        return False
    return _is_reverse(name) and not _DECREASE.search(name) and not _DECREASE.search(facts.text)


def _goal_without_ratio(name: str) -> bool:
    """促进社会和谐 / ≥90%: a goal phrase (GOAL_VERB first) naming nothing that can be a share."""
    words = lexicon().words
    verb = next((w for w in words.get("GOAL_VERB", ()) if name.startswith(w)), None)
    if verb is None or name[len(verb):].startswith("性"):  # 保障性住房 is a noun
        return False
    return not any(w in name for w in words.get("RATIO_WORD", ()))


def _deadline_word(name: str, facts: ValueFacts) -> str | None:
    """及时办结 / ≥3个: a word that asks for timeliness (及时, 按时 …) on a value that only counts."""
    words = lexicon().words.get("DEADLINE_WORD", ())
    return next((w for w in words if w in name or w in facts.text), None)


def _negative_name(name: str, level2: str | None) -> bool:
    """Names where 无/零 is the target: harms (事故, 投诉) and declared social or ecological costs."""
    return bool(lexicon().negative_re.search(name)) or level2 in ("社会成本指标", "生态环境成本指标")


def _per_head_standard(name: str) -> bool:
    """困难群众生活补助标准: an amount per person or household in 元, never a share (corpora words)."""
    words = lexicon().words
    return bool(_STANDARD_NAME.search(name)) and any(w in name for w in words.get("PER_HEAD_STANDARD", ())) \
        and not any(w in name for w in words.get("SHARE_STANDARD", ()))


def _graded(name: str, text: str) -> bool:
    """考核等次 / 良好及以上: a grade of a named assessment is verifiable (GRADE_NAME, GRADE_VALUE)."""
    words = lexicon().words
    return name.endswith(words.get("GRADE_NAME", ())) and text.startswith(words.get("GRADE_VALUE", ())) \
        and not re.search(r"基本|力争|争取|较$", text)


# Unit kinds that say what is counted; a %, a score, a grade or an unknown unit says nothing about it.
_PHYSICAL_KINDS = frozenset({"person", "household", "count", "money", "length", "area", "weight", "volume",
                             "time"})


def _head_rules(result: IndicatorResult, facts: ValueFacts, name: str, kind: str | None, op: str) -> None:
    """UNIT_MISMATCH by the head noun: 新增馆藏图书 counts books, so 8000平方米 cannot be its unit."""
    p = facts.parsed
    if kind not in _PHYSICAL_KINDS or re.search(r"[/每]", p.unit or "") or facts.baseline:
        return  # per-head standards (元/人) and changes against a base are not counts of the head
    if kind == "money" and (result.declared_level1 == "成本指标" or p.operator in ("≤", "<")):
        return  # 新建农村公路 / ≤500万元 as a 成本指标: a cost ceiling of building the thing
    if kind == "time" and (p.deadline or p.operator in ("≤", "<")):
        return  # 生活垃圾 / 24小时内: a time limit on handling the thing, not a count of it
    head = lexicon().head_rule(name)
    if head is None or kind in head.kinds:
        return
    if kind == "time" and not name.endswith(head.head):
        return  # 道路改造 / 6个月: an action on the thing may last a time
    if kind == "count" and {"person", "household"} & set(head.kinds):
        return  # 3个 for people is loose wording, not a different quantity
    want = "或".join(KIND_NAMES[k] for k in head.kinds if k in KIND_NAMES)
    result.issues.append(_e(
        "UNIT_MISMATCH",
        f"“{name}”计量的是{head.head}，应以“{head.unit}”等{want}计量，指标值“{facts.text}”的单位“{p.unit}”"
        f"（{KIND_NAMES.get(kind, kind)}）与名称不符。",
        f"{name}{op or '≥'}X{head.unit}（X按实际测算）"))
    spend = next((w for w in lexicon().words.get("SPEND_VERB", ()) if w in name), None)
    if kind == "money" and spend:  # 购置执法车辆 / 180万元: the money spent, stated as the result
        result.issues.append(_e(
            "INPUT_AS_OUTPUT",
            f"“{spend}”的金额反映的是投入，不是产出。金额应列入成本指标，产出指标写{spend}的{head.head}数量。",
            f"改列成本指标“{name}成本≤{_num(p.number)}{p.unit}”，产出指标写“{name}≥X{head.unit}”"))


def _text_rules(result: IndicatorResult, facts: ValueFacts, name: str, timely: bool,
                timely_name: bool) -> None:
    lex = lexicon()
    issues = result.issues
    value = (result.value or "").strip()
    l2 = result.declared_level2
    strong = (bool(_STRONG_STATE.search(facts.text)) and bool(facts.states)) or bool(_GRADE.search(facts.text))
    negative = (facts.text.startswith(("无", "零", "未发生", "未出现", "不发生", "不产生", "不出现", "杜绝",
                                        "没有", "确保无", "确保不发生"))
                and (len(facts.text) >= 2 or _negative_name(name, l2))  # 安全生产事故 / 零
                and not facts.vague)
    if facts.time_words:
        msg = f"“{value}”没有具体时点或期限，无法判断是否按时完成。"
        issues.append(_e("TIME_UNBOUNDED", msg, timely_rewrite(name)))
        if facts.vague:
            issues.append(_e("VAGUE_VALUE", f"“{value}”含“{facts.vague[0]}”等模糊表述。", rewrite(name)))
        return
    if timely and (l2 == "时效指标" or _TIME_NAME.search(name)):
        issues.append(_e("TIME_UNBOUNDED", f"时效指标的指标值“{value}”没有写明完成时限或期限。",
                         timely_rewrite(name)))
        if facts.vague:
            issues.append(_e("VAGUE_VALUE", f"“{value}”含“{max(facts.vague, key=len)}”等模糊表述。",
                             timely_rewrite(name)))
        return
    if facts.hedge and not negative:
        issues.append(_e("VAGUE_VALUE", f"“{value}”含“{facts.hedge[0]}”等不确定表述，无法核验是否完成。",
                         rewrite(name, l2)))
        return
    if strong or negative or _graded(name, facts.text):
        return
    if facts.states and not facts.vague:
        return
    if facts.baseline and not facts.vague:
        return
    if facts.vague:
        word = max(facts.vague, key=len)
        msg = f"“{value}”中的“{word}”是模糊表述，无法核验，应改为可量化的数值或可核验的状态。"
    else:
        msg = f"“{value}”不是可核验的数值或状态，应写明具体数值和计量单位，或可核验的完成状态（如通过验收）。"
    issues.append(_e("VAGUE_VALUE", msg, rewrite(name, l2)))


# ---------------------------------------------------------------- project level

_NON_PUBLIC = re.compile(r"运转|公用经费|人员经费|办公|机关|工资|债务|利息|还本|物业|党建|培训中心运行")


def review_project(project: str, results: list[IndicatorResult], min_indicators: int) -> list[Finding]:
    """Project-level findings, once per project."""
    out: list[Finding] = []
    if len(results) < min_indicators:
        out.append(Finding("FEW_INDICATORS", "warning",
                           f"项目只有{len(results)}个绩效指标，少于{min_indicators}个，难以全面反映绩效目标。",
                           "至少设置产出、效益、满意度指标各1个以上"))
    levels = [r.declared_level1 or r.level1 for r in results]
    known = [x for x in levels if x]
    if known and len(known) >= len(results) / 2:
        if "产出指标" not in known:
            out.append(Finding("MISSING_OUTPUT", "warning", "项目缺少产出指标（数量、质量、时效）。",
                               "补充数量指标，如“完成建设任务数≥X个”"))
        if "效益指标" not in known:
            out.append(Finding("MISSING_EFFECT", "warning", "项目缺少效益指标（经济、社会、生态、可持续影响）。",
                               "补充社会效益指标，如“受益人数≥X人”"))
        has_satisfaction = "满意度指标" in known or any("满意" in (r.name or "") for r in results)
        if not has_satisfaction and not _NON_PUBLIC.search(project or ""):
            out.append(Finding("MISSING_SATISFACTION", "warning",
                               "面向公众或服务对象的项目缺少满意度指标。", "补充“服务对象满意度≥90%”"))
    seen: dict[str, int] = {}
    for r in results:
        key = re.sub(r"[\s（）()：:]", "", lexicon_norm(r.name))
        if not key:
            continue
        seen[key] = seen.get(key, 0) + 1
    for key, count in seen.items():
        if count > 1:
            out.append(Finding("DUPLICATE", "warning", f"指标“{key}”重复设置了{count}次。",
                               "合并重复指标，或改为不同的考核内容"))
    return out


def lexicon_norm(text: str | None) -> str:
    return unicodedata.normalize("NFKC", text or "").strip()
