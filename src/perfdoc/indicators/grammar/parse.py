"""The value grammar: operator, number, unit and deadline of an indicator value.

Text is NFKC-normalised (full-width forms, ＞＝ → ≥), Chinese numerals become digits (cn2an), and
the value is segmented by `spacy.blank("zh")` with jieba (an isolated jieba tokenizer that knows the
lexicon words, so 不低于/明显提高/通过验收 stay whole tokens). spaCy's PhraseMatcher and Matcher
find the lexical facts (vague phrases, verifiable states, time words); compiled regular expressions
over the normalised text read the numeric grammar. Results are cached per distinct value.
"""
from __future__ import annotations

import logging
import re
import unicodedata
from dataclasses import dataclass, field
import threading
from functools import lru_cache

from perfdoc.indicators.grammar.lexicon import lexicon
from perfdoc.indicators.result import Parsed
from perfdoc.resources import corpus

# ---------------------------------------------------------------- normalisation

_OP_CANON = [
    (re.compile(r">\s*=|=\s*>|≧|⩾|≮"), "≥"),
    (re.compile(r"<\s*=|=\s*<|≦|⩽|≯"), "≤"),
    (re.compile(r"[＞]"), ">"),
    (re.compile(r"[＜]"), "<"),
]
_SPACES = re.compile(r"\s+")
_THOUSANDS = re.compile(r"(?<=\d),(?=\d{3}(?!\d))")
_DASHES = re.compile(r"[－—–‐‑―~〜～]+")
_CN_DIGITS = "零〇一二两三四五六七八九十百千万亿"
_CN_NUM = re.compile(rf"百分之([{_CN_DIGITS}点]+)|([{_CN_DIGITS}点]+)(成[一二三四五六七八九]?)?")
_CN_SINGLE = frozenset("十百千万亿点")


def _cn_to_number(span: str) -> str | None:
    simple = _canonical_numerals().get(span)
    if simple is not None:
        return fmt_number(float(simple))
    import cn2an  # ≈0.2 s to import (it compiles its patterns): only for the other forms

    try:
        value = cn2an.cn2an(span, "smart")
    except Exception:  # cn2an raises ValueError and others on odd spans
        return None
    return fmt_number(float(value))


_CN_ONES = "一二三四五六七八九"


@lru_cache(maxsize=1)
def _canonical_numerals() -> dict[str, int]:
    """1–999 as they are written (九十, 十五, 三百零五, 一百一十): the values cn2an gives for these
    exact spans (tests compare every one), read without importing cn2an."""
    out = {}
    for n in range(1, 1000):
        h, t, u = n // 100, n // 10 % 10, n % 10
        text = f"{_CN_ONES[h - 1]}百" if h else ""
        if t:
            text += ("" if t == 1 and not h else _CN_ONES[t - 1]) + "十"
        elif h and u:
            text += "零"
        out[text + (_CN_ONES[u - 1] if u else "")] = n
    return out


def fmt_number(x: float) -> str:
    """350.0 → '350', 0.5 → '0.5' (how a number is written back into an indicator)."""
    return str(int(x)) if float(x).is_integer() else f"{x:.6g}"


@lru_cache(maxsize=1)
def _cn_context() -> re.Pattern:
    """Where a Chinese numeral is a quantity: followed by a unit, %, 成, or a post operator."""
    lex = lexicon()
    units = sorted((u for u in lex.units if u not in ("级", "星", "倍")), key=len, reverse=True)
    posts = [w for k in ("POST_GE", "POST_LE", "POST_EQ") for w in lex.words.get(k, ())]
    alts = "|".join(re.escape(w) for w in units + posts + ["%", "个", "余"])
    return re.compile(rf"^(?:[万千亿]?(?:{alts}))")


def _replace_cn_numerals(text: str) -> str:
    ctx = _cn_context()

    def repl(m: re.Match) -> str:
        if m.group(1):  # 百分之九十五 → 95%
            n = _cn_to_number(m.group(1))
            return f"{n}%" if n is not None else m.group(0)
        span, cheng = m.group(2), m.group(3)
        if cheng:  # 九成 → 90%, 九成五 → 95%
            n = _cn_to_number(span)
            extra = _cn_to_number(cheng[1:]) if len(cheng) > 1 else "0"
            return f"{fmt_number(float(n) * 10 + float(extra))}%" if n is not None and extra else m.group(0)
        rest = text[m.end():]
        before = text[:m.start()]
        if m.start() == 0 and m.end() == len(text) and span not in ("零", "〇", "点", "万", "亿", "千", "百"):
            n = _cn_to_number(span)  # the whole value is a numeral (九十): a number like "90"
            return n if n is not None else span
        if all(c in _CN_SINGLE for c in span):
            return span
        if ctx.match(rest) or re.search(r"(?:[≥≤<>=]|不低于|不少于|至少|达到|超过|不超过|控制在|"
                                        r"不高于|低于|少于|高于|大于|小于)$", before):
            n = _cn_to_number(span)
            return n if n is not None else span
        return span

    return _CN_NUM.sub(repl, text)


def normalize(text: str | None) -> str:
    """NFKC, no spaces, canonical operators, no thousands separators, digits for Chinese numerals."""
    if not text:
        return ""
    t = unicodedata.normalize("NFKC", str(text))
    t = _SPACES.sub("", t)
    for rx, rep in _OP_CANON:
        t = rx.sub(rep, t)
    t = t.replace("％", "%").replace("，", ",")
    t = _THOUSANDS.sub("", t)
    t = _DASHES.sub("-", t)
    if "百分比" in t:  # ≥100百分比: the unit spelled out
        t = _PERCENT_WORD.sub("%", t)
    if "比例" in t:  # ≥0.97比例: a share written as a fraction or a percent
        t = _SHARE_WORD.sub(lambda m: f"{fmt_number(float(m.group(1)) * 100)}%" if float(m.group(1)) <= 1
                            else f"{m.group(1)}%", t)
    if "分之" in t:
        t = _PER_MILLE.sub(_per_mille, t)
    if any(c in t for c in _CN_DIGITS):
        t = _replace_cn_numerals(t)
    return t


_PERCENT_WORD = re.compile(r"(?<=\d)百分比")
_SHARE_WORD = re.compile(r"(\d+(?:\.\d+)?)比例$")
# 千分之五 → 5‰, 十万分之十五 → 15/10万, 万分之三 → 3/万 (rates per thousand and per population)
_PER_MILLE = re.compile(rf"(十万|万|千)分之([{_CN_DIGITS}点]+|\d+(?:\.\d+)?)")
_PER_BASE = {"千": "‰", "万": "/万", "十万": "/10万"}


def _per_mille(m: re.Match) -> str:
    n = m.group(2) if m.group(2)[0].isdigit() else _cn_to_number(m.group(2))
    if n is None:
        return m.group(0)
    return f"{n}{_PER_BASE[m.group(1)]}"


# ---------------------------------------------------------------- spaCy pipeline

@lru_cache(maxsize=1)
def nlp():
    """spacy.blank("zh") segmented by jieba with a dictionary of the review's own words.

    The lexicon words (operators, vague phrases, states, units) are the only tokens the Matcher
    needs whole; other text falls to jieba's HMM. A private jieba Tokenizer keeps our words out of
    the global one other modules use, and skips loading jieba's 350,000-word dictionary (≈0.5 s of
    a cold start) on this path.
    """
    from perfdoc.thirdparty import import_jieba, import_spacy

    jieba, spacy = import_jieba(), import_spacy()
    jieba.setLogLevel(logging.WARNING)
    pipeline = spacy.blank("zh")  # character segmenter first: no global jieba initialisation
    own = jieba.Tokenizer()
    own.FREQ, own.total, own.initialized = {}, 0, True
    lex = lexicon()
    for label, words in lex.words.items():
        if label in ("PLACEHOLDER", "INPUT_EXCEPT", "NEGATIVE_NAME", "REVERSE", "STAFF_VERB", "STAFF_NOUN",
                     "STAFF_EXCEPT", "SPEND_VERB", "PER_HEAD_STANDARD", "SHARE_STANDARD", "OVER100_NAME", "GRADE_NAME", "GRADE_VALUE", "EVENT_DEADLINE",
                     "GOAL_VERB", "RATIO_WORD", "DEADLINE_WORD"):
            continue
        for w in words:
            if len(w) > 1:
                own.add_word(w, freq=200_000)
    for unit in lex.units:
        if len(unit) > 1 and not unit.isascii():
            own.add_word(unit, freq=50_000)
    for w in _common_words():
        own.add_word(w, freq=20_000)
    tokenizer = pipeline.tokenizer
    tokenizer.segmenter = "jieba"
    tokenizer.jieba_seg = own
    return pipeline


@lru_cache(maxsize=1)
def _common_words() -> tuple[str, ...]:
    """Everyday words of indicator values that should stay whole (corpora/check_segment_words.txt)."""
    text = corpus("check_segment_words.txt").read_text(encoding="utf-8")
    return tuple(w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#"))


@lru_cache(maxsize=1)
def matchers():
    """A PhraseMatcher over the word lists and a Matcher over corpora/check_patterns.jsonl."""
    from spacy.matcher import Matcher, PhraseMatcher

    pipeline = nlp()
    lex = lexicon()
    phrase = PhraseMatcher(pipeline.vocab)
    for label in ("VAGUE", "HEDGE", "TIME_WORD", "PERIODIC", "STATE", "BASELINE", "INPUT"):
        words = lex.words.get(label, ())
        phrase.add(label, [pipeline.make_doc(w) for w in words])
    matcher = Matcher(pipeline.vocab)
    for i, pat in enumerate(lex.patterns):
        matcher.add(pat["label"], [pat["pattern"]])
    return phrase, matcher


# ---------------------------------------------------------------- numeric grammar

_NUM = r"-?\d+(?:\.\d+)?"
# Linear: an opener is never crossed, so a run of unclosed openers costs one step each.
_QUOTED = re.compile(r"《[^《》]*》|〈[^〈〉]*〉|\"[^\"]*\"|“[^“”]*”")
_BRACKETED = re.compile(r"[(（][^()（）]*[)）]")
_MONTH_DAY = re.compile(
    r"(?:(?P<y>(?:19|20)\d\d)年)?(?P<m>\d{1,2})月(?:(?P<d>\d{1,2})(?:日|号)|底|末|份|中旬|上旬|下旬|初|中)?"
    r"(?:前|之前|以前|内|止|底前|完成|截止)?")
_ISO_DATE = re.compile(r"(?P<y>(?:19|20)\d\d)[-./](?P<m>\d{1,2})(?!\d)(?:[-./](?P<d>\d{1,2})(?!\d))?(?:前|之前|以前)?")
_YEAR_PART = re.compile(
    r"(?:(?:19|20)\d\d年(?:度)?)?(?:年底|年末|年初|年中|上半年|下半年|年内|年度内|当年|本年度|本年|全年|"
    r"当年度|次年|年前)(?:前|之前|以前|内|完成)?"
    r"|(?:(?:19|20)\d\d)年(?:度)?(?:内|前|底|末)?")
# A period between two dates: 2024.03-2024.12, 2024年3月至12月, 3月-11月, 2024.1.1-2024.12.31
_DATE_RANGE = re.compile(
    r"(?<![\d.])(?:(?P<y1>(?:19|20)\d\d)(?:年|[./-]))?(?P<m1>\d{1,2})(?:月|(?=[./至到-]))(?:[./]?(?P<d1>\d{1,2})(?:日|号)?)?"
    r"(?:-|至|到)"
    r"(?:(?P<y2>(?:19|20)\d\d)(?:年|[./-]))?(?P<m2>\d{1,2})(?:月|(?![\d%]))(?:[./](?P<d2>\d{1,2})(?:日|号)?)?"
    r"(?:底|末)?(?:前|内|止|期间)?")
_YEAR_RANGE = re.compile(r"(?:19|20)\d\d年?(?:-|至|到)(?:19|20)\d\d年(?:度)?(?:底|末)?(?:前|内)?")
_QUARTER = re.compile(r"(?:(?:19|20)\d\d年)?第?[一二三四1-4]季度(?:末|底|内|前|之前)*")
_PERIOD = re.compile(
    rf"(?P<op>[≤<]|不超过|控制在|不多于|最多)?(?P<n>{_NUM})(?P<u>个工作日|工作日|个自然日|自然日|天|日|小时|"
    r"分钟|个月|周|年)(?P<post>内|以内|之内|完成|办结|办理完毕|到位)?")
# A time of day: 每日22:00前, 次日18时前, 下午5点前. A bare 1:10 (a ratio) needs a day word or 前.
_DAY_WORDS = r"每日|每天|每晚|当日|当天|当晚|次日|隔日|翌日|上午|下午|晚上|早上|中午|凌晨|傍晚"
_CLOCK = re.compile(
    rf"(?P<day>{_DAY_WORDS})?(?P<h>\d{{1,2}})(?::(?P<mi>\d{{2}})|[时点](?:(?P<mi2>\d{{1,2}})分|半)?)"
    r"(?P<post>前|之前|以前|止|完成|办结|清运完毕|完毕)?")
# A deadline inside a recurring period: 每月10日前, 次月5个工作日内, 每季度末前, 每周五前, 每年底前.
_RECURRING = re.compile(
    r"(?:每|次|当|本|逐)个?(?:自然)?(?:月|季度|季|年|半年|学期|学年|旬|周|星期)"
    r"(?:首月|末月|第\d个月)?(?:(?:第?\d{1,2}(?:日|号|个工作日|天|周))|[一二三四五六日天])?(?:末|底|初|中旬|上旬|下旬|结束)?"
    r"(?:前|之前|以前|内|之内|止)")
_T_PLUS = re.compile(r"T\+\d{1,2}(?:个工作日|工作日|日|天)?")  # T+1: the next (working) day
_NOT_UNIT = frozenset("以及之左或至到的和等内前后并且万亿千百")
_OP_SYM = re.compile(r"([≥≤<>=])$")
_RATIO = re.compile(r":(\d+(?:\.\d+)?)(?![\d:])")
_EXTRA_UNIT = re.compile(r"[A-Za-zμ]+(?:/[A-Za-z0-9]+)?(?![A-Za-z])|[万千亿]?[\u4e00-\u9fff]")
_DATE_BAD = "日期不存在"
_GRADE_TOKEN = re.compile(r"(?<![\d.])\d[A-D](?:级)?(?![A-Za-z])|[一二三]级[甲乙丙]等")


@dataclass(slots=True)
class ValueFacts:
    """Everything the rules need to know about one value."""
    text: str  # normalised value
    parsed: Parsed = field(default_factory=Parsed)
    has_number: bool = False
    vague: list[str] = field(default_factory=list)
    hedge: list[str] = field(default_factory=list)
    states: list[str] = field(default_factory=list)
    time_words: list[str] = field(default_factory=list)
    periodic: list[str] = field(default_factory=list)
    baseline: list[str] = field(default_factory=list)
    inputs: list[str] = field(default_factory=list)
    bad_date: str | None = None  # a deadline that cannot exist (2月30日, 13月)
    quoted: bool = False  # names a document or standard in 《》


@lru_cache(maxsize=1)
def _event_re() -> re.Pattern:
    """Deadlines bounded by an event of the year (汛前, 秋季开学前, 次日): corpora EVENT_DEADLINE."""
    words = sorted(lexicon().words.get("EVENT_DEADLINE", ()), key=len, reverse=True)
    alts = "|".join(re.escape(w) for w in words) or "(?!x)x"
    return re.compile(rf"(?:{alts})(?:前|之前|以前|内|之内)?")


def _clock(text: str) -> re.Match | None:
    for m in _CLOCK.finditer(text):
        if m.group("day") or m.group("post"):
            return m
    return None


def _date_range(text: str) -> re.Match | None:
    """A period written as two dates; at least one side carries a year or 月, so 3-5 (a range of
    counts) and 90%-95% stay numbers."""
    for m in _DATE_RANGE.finditer(text):
        if m.group("y1") or m.group("y2") or "月" in m.group(0):
            return m
    return None


def _deadline(text: str) -> tuple[str | None, str | None, str]:
    """(deadline text, bad-date reason, text with the deadline removed)."""
    m = _clock(text) or _RECURRING.search(text) or _T_PLUS.search(text)
    if m:
        bad = None
        if m.re is _CLOCK:
            minute = m.group("mi") or m.group("mi2")
            if int(m.group("h")) > 24 or (minute and int(minute) > 59):
                bad = f"{m.group('h')}时{minute or ''}{'分' if minute else ''}时刻不存在"
        return m.group(0), bad, text[:m.start()] + " " + text[m.end():]
    m = _date_range(text)
    if m:  # 2024.03-2024.12: an implementation period between two dates, not a negative number
        months = [int(x) for x in (m.group("m1"), m.group("m2"))]
        bad = next((f"{x}月{_DATE_BAD}" for x in months if not 1 <= x <= 12), None)
        return m.group(0), bad, text[:m.start()] + " " + text[m.end():]
    m = _YEAR_RANGE.search(text)
    if m:  # 2024-2025年: an implementation period
        return m.group(0), None, text[:m.start()] + " " + text[m.end():]
    for rx in (_MONTH_DAY, _ISO_DATE, _QUARTER):
        m = rx.search(text)
        if m:
            bad = None
            gd = m.groupdict()
            if gd.get("m"):
                month = int(gd["m"])
                day = int(gd["d"]) if gd.get("d") else None
                limits = {2: 29, 4: 30, 6: 30, 9: 30, 11: 30}
                if not 1 <= month <= 12:
                    bad = f"{month}月{_DATE_BAD}"
                elif day is not None and not 1 <= day <= limits.get(month, 31):
                    bad = f"{month}月{day}日{_DATE_BAD}"
            return m.group(0), bad, text[:m.start()] + " " + text[m.end():]
    m = _PERIOD.search(text)
    if m and (m.group("post") or m.group("op")):
        return m.group(0), None, text
    m = _YEAR_PART.search(text) or _event_re().search(text)
    if m:
        return m.group(0), None, text[:m.start()] + " " + text[m.end():]
    return None, None, text


@lru_cache(maxsize=1)
def _op_words() -> tuple[re.Pattern, re.Pattern, dict[str, str]]:
    lex = lexicon()
    table = {"OP_GE": "≥", "OP_GT": ">", "OP_LE": "≤", "OP_LT": "<", "OP_EQ": "=",
             "POST_GE": "≥", "POST_LE": "≤", "POST_EQ": "="}
    meaning: dict[str, str] = {}
    pre, post = [], []
    for label, op in table.items():
        for w in lex.words.get(label, ()):
            meaning[w] = op
            (post if label.startswith("POST") else pre).append(w)
    pre.sort(key=len, reverse=True)
    post.sort(key=len, reverse=True)
    pre_re = re.compile("(?:" + "|".join(re.escape(w) for w in pre) + r")$")
    post_re = re.compile("^(?:" + "|".join(re.escape(w) for w in post) + ")")
    return pre_re, post_re, meaning


@lru_cache(maxsize=1)
def _number_re() -> re.Pattern:
    unit = lexicon().unit_re.pattern
    return re.compile(
        rf"(?P<a>{_NUM})(?:余|多)?(?P<ua>{unit})?(?:(?:-|至|到|~)(?P<b>{_NUM})(?:余|多)?(?P<ub>{unit})?)?"
        r"(?P<den>/(?:\d+)?[十百千万亿](?:人口|人次|人|元|辆|车|户|吨|公里|例|活产)?)?"
        r"(?P<per>(?:/|每)(?:人|户|年|月|次|亩|生|天|日|学期|平方米|吨|人·月|人·年|生·年))?")


def _numeric(text: str, parsed: Parsed) -> bool:
    """Fill operator, number, unit (and range end) from the first quantity in `text`."""
    pre_re, post_re, meaning = _op_words()
    for m in _number_re().finditer(text):
        a = float(m.group("a"))
        unit = m.group("ub") or m.group("ua")
        ratio = _RATIO.match(text, m.end()) if not m.group("ua") and m.group("b") is None else None
        if ratio:  # 配套比例 1:1
            parsed.number, parsed.unit, parsed.operator = a, ":" + ratio.group(1), "="
            return True
        if m.group("den"):
            unit = (unit or "") + m.group("den")  # a rate per population or per amount
        if m.group("per") and unit:
            unit += m.group("per")
        parsed.number = a
        if unit is None and m.group("b") is None:
            # a measure word the lexicon lacks (500顶, 200万尾, 1g/kg): still a unit, of unknown kind
            extra = _EXTRA_UNIT.match(text, m.end())
            if extra and extra.group(0)[-1] not in _NOT_UNIT:
                unit = extra.group(0)
            elif extra and extra.group(0) == "等" and m.end() + 1 == len(text):
                unit = "等"  # 耕地质量等级提升 ≥0.5等: grades of land quality, not "etc."
        parsed.unit = unit
        if m.group("b") is not None:
            b = float(m.group("b"))
            parsed.number_max = b
            parsed.operator = "区间"
            if m.group("ua") is None and m.group("ub"):
                parsed.unit = m.group("ub")
            return True
        before = text[:m.start()]
        after = text[m.end():]
        op = None
        sym = _OP_SYM.search(before)
        if sym:
            op = sym.group(1)
            # ≥达到95% and the like: the symbol wins over a word between it and the number
        else:
            w = pre_re.search(before)
            if w:
                op = meaning[w.group(0)]
        pw = post_re.match(after)
        if pw:
            post = meaning[pw.group(0)]
            if op is None or op == "=" or (op in ("≥", ">") and post == "≥") or (op == "≤" and post == "≤"):
                op = post if post != "=" or op is None else op
            if pw.group(0) == "内" and op is None:
                op = "≤"
        if op is None and a < 0:
            op = "="
        parsed.operator = op or "="
        return True
    return False


def _facts(text: str, doc, phrase, matcher) -> ValueFacts:
    facts = ValueFacts(text=text)
    parsed = facts.parsed
    vocab_strings = doc.vocab.strings
    for match_id, start, end in phrase(doc):
        label = vocab_strings[match_id]
        span = doc[start:end].text
        _bucket(facts, label).append(span)
    for match_id, start, end in matcher(doc):
        label = vocab_strings[match_id]
        _bucket(facts, label).append(doc[start:end].text)
    facts.quoted = "《" in text
    body = _QUOTED.sub(" ", text)
    deadline, bad, rest = _deadline(body)
    if deadline:
        parsed.deadline = deadline
        facts.bad_date = bad
    rest = _BRACKETED.sub(lambda m: m.group(0) if re.search(r"\d", m.group(0)) and not re.search(
        r"[\d.]+[-./][\d.]+", m.group(0)) else " ", rest)
    rest = _GRADE_TOKEN.sub(" ", rest)
    rest = _ORDINAL.sub(" ", rest)  # 第一年按总投资额返本20%: 第1年 is no quantity
    lead = _unit_first().match(rest)
    if lead:  # %≥85, 株=15000, 米=3500: the unit written before the number
        rest = f"{lead.group('op') or ''}{lead.group('n')}{lead.group('u')}"
    facts.has_number = _numeric(rest, parsed)
    if facts.has_number and parsed.unit and lexicon().unit_kind(parsed.unit) == "time" \
            and parsed.operator in ("≤", "<") and not parsed.deadline:
        parsed.deadline = f"{parsed.operator}{fmt_number(parsed.number)}{parsed.unit}"
    return facts


_ORDINAL = re.compile(r"第\d+(?:个)?(?:年|月|季度|批|期|次|天|日|周|阶段)")


@lru_cache(maxsize=1)
def _unit_first() -> re.Pattern:
    return re.compile(rf"^(?P<u>%|‰|{lexicon().unit_re.pattern})(?P<op>[≥≤<>=])?(?P<n>{_NUM})$")


def _bucket(facts: ValueFacts, label: str) -> list[str]:
    return {
        "VAGUE": facts.vague, "HEDGE": facts.hedge, "STATE": facts.states,
        "TIME_WORD": facts.time_words, "PERIODIC": facts.periodic, "BASELINE": facts.baseline,
        "INPUT": facts.inputs,
    }[label]


_CACHE: dict[str, ValueFacts] = {}
_CACHE_MAX = 200_000
_BATCH = 100
_PIPE_LOCK = threading.RLock()


def parse_values(values: list[str]) -> list[ValueFacts]:
    """Parse many values at once (spaCy's nlp.pipe over the distinct ones); order kept."""
    norm = [normalize(v) for v in values]
    found: dict[str, ValueFacts] = {}
    for t in norm:  # a snapshot: another thread may clear the cache meanwhile
        f = _CACHE.get(t)
        if f is not None:
            found[t] = f
    todo = list(dict.fromkeys(t for t in norm if t not in found))
    # One pipeline shared by the web server's threads: built once, and used by one thread at a
    # time (spaCy's StringStore and jieba are not thread-safe), in small batches so a short
    # request is not held up behind a long one.
    for k in range(0, len(todo), _BATCH):
        batch = todo[k:k + _BATCH]
        with _PIPE_LOCK:
            pipeline = nlp()
            phrase, matcher = matchers()
            for text, doc in zip(batch, pipeline.pipe(batch, batch_size=_BATCH)):
                found[text] = _facts(text, doc, phrase, matcher)
    if len(_CACHE) + len(todo) > _CACHE_MAX:
        _CACHE.clear()
    _CACHE.update((t, found[t]) for t in todo)
    return [_copy(found[t]) for t in norm]


def parse_value(value: str) -> ValueFacts:
    return parse_values([value])[0]


def _copy(f: ValueFacts) -> ValueFacts:
    p = f.parsed
    return ValueFacts(
        text=f.text, parsed=Parsed(p.operator, p.number, p.unit, p.deadline, p.number_max),
        has_number=f.has_number, vague=f.vague, hedge=f.hedge, states=f.states,
        time_words=f.time_words, periodic=f.periodic, baseline=f.baseline, inputs=f.inputs,
        bad_date=f.bad_date, quoted=f.quoted)


# ---------------------------------------------------------------- one-line free text

_SPLIT_SEP = re.compile(r"(?<!\d)[:：]|[:：](?!\d)")  # 22:00 is a time of day, not a separator
_ADVERBS = ("明显", "显著", "逐步", "进一步", "有效", "稳步", "持续", "不断", "大幅", "及时", "按时", "按期",
            "基本", "有所", "得到", "较", "全面", "普遍", "尽快", "通过", "建成", "无", "零")


@lru_cache(maxsize=1)
def _split_re() -> re.Pattern:
    lex = lexicon()
    words = [w for k in ("OP_GE", "OP_GT", "OP_LE", "OP_LT") for w in lex.words.get(k, ())]
    words += ["百分之"]
    words.sort(key=len, reverse=True)
    alts = "|".join(re.escape(w) for w in words)
    units = "|".join(re.escape(u) for u in sorted(lex.units, key=len, reverse=True) if not u.isascii())
    # Chinese numerals start a value when they are a real quantity: two or more numeral characters
    # before a unit (五千份), or one numeral and a unit that ends the text (三期); 一站式 stays a name.
    return re.compile(rf"[≥≤<>=]|{alts}|\d|[{_CN_DIGITS}]{{2,}}(?:成|{units}|%)|[{_CN_DIGITS}](?:成|{units}|%)$"
                      rf"|(?<![{_CN_DIGITS}第])[一二三四五六七八九][十百千][{_CN_DIGITS}]*$")


_PERIOD_TAIL = re.compile(rf"(?:{_DAY_WORDS}|(?:每|次|当|本)个?(?:月|季度|季|年|半年|学期|周|星期))$")
_NAME_TAIL = re.compile(r"(于|在|为|是|将|应|须|要|需|达|共|计|合计|累计|总计)$")


def split_text(text: str) -> tuple[str, str]:
    """'培训人次≥350人次' → ('培训人次', '≥350人次'); '资金拨付：及时' → ('资金拨付', '及时').

    The value starts at a colon, else at the first operator, operator word or number that is not
    part of the name (digits glued to a name such as 5G基站 stay in the name).
    """
    t = unicodedata.normalize("NFKC", text or "").strip()
    t = _SPACES.sub("", t)
    for rx, rep in _OP_CANON:
        t = rx.sub(rep, t)
    m = _SPLIT_SEP.search(t)
    if m and 0 < m.start() < len(t) - 1:
        return t[:m.start()], t[m.end():]
    for m in _split_re().finditer(t):
        if m.start() == 0:
            continue
        if m.group(0).isdigit() and re.match(r"\d+[A-Za-z]", t[m.start():]):
            continue  # 5G基站 and the like belong to the name
        name, value = t[:m.start()], t[m.start():]
        period = _PERIOD_TAIL.search(name)
        if period and len(name) - len(period.group(0)) >= 2:  # 报表报送每月10日前: 每月 belongs to the value
            name, value = name[:period.start()], period.group(0) + value
        tail = _NAME_TAIL.search(name)
        if tail and len(name) - len(tail.group(0)) >= 2:  # 项目于2024年底前完工, 发生率为0
            name, value = name[:tail.start()], tail.group(0) + value
        return name, value
    # no operator or number: a trailing vague/time phrase is the value (资金拨付及时). Adverbs
    # (明显, 逐步, 及时 …) mark the start of the value better than nouns (效果明显).
    lex = lexicon()
    found: list[tuple[int, int]] = []
    for label in ("TIME_WORD", "VAGUE", "HEDGE", "STATE"):
        for w in lex.words.get(label, ()):
            i = t.find(w)
            if i >= 2:
                found.append((0 if w.startswith(_ADVERBS) else 1, i))
    if found:
        adverb = [i for rank, i in found if rank == 0]
        return t[:min(adverb or [i for _, i in found])], t[min(adverb or [i for _, i in found]):]
    return t, ""
