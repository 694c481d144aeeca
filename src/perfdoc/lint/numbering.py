"""NUMBERING: headings read as a tree, the way a person reads an outline.

GB/T 9704 numbers four levels 一、 → （一） → 1. → （1）. Each heading marker has a style; a
marker of a style already open in the outline is a sibling of that heading (numbers follow on
from it), a marker of a new style opens a child list under the innermost open heading. The
level a heading stands at comes from its parent, not from its style alone, so:

- a "1、2、3、" list directly under 一、 is a third-level list with the （一） level skipped
  (warning; the GB/T marker is "1."), never a misnumbered first-level list;
- a "（1）" list directly under 一、/二、/三、 skips two levels (error, suggesting （一）);
- a marker written in the wrong style where the outline shows which level it belongs to is an
  error with that level's marker: "4、" between 三、 and its own （一） is 四、, "（2）" right
  after （一） with no （1） list open is （二）;
- a jump in a list ("1. 2. 5. 4.") is reported once, against the marker's siblings only: a
  marker is accepted when it follows either the previous sibling as written or the slot that
  sibling was meant to hold, so one wrong marker does not make every later sibling an error;
- double numbering ("1.（一）") is reported;
- a paragraph starting "附件" closes the outline: a list under it ("1、…办法") is a list of
  attachments, and an attachment may start its own outline with 一、.

Fixes (`Hit.fix`) are only given where applying them keeps the tree: a marker restyled in
place, a lone wrong number among its siblings. A parent is never renumbered because of its
children, and a run of siblings that all follow a jump is left to the author.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from perfdoc.lint.reader import chinese_number
from perfdoc.lint.registry import Hit

CODE = "NUMBERING"

CN_COMMA, CN_PAREN, AR_DOT, AR_PAREN, AR_COMMA = "cn_comma", "cn_paren", "ar_dot", "ar_paren", "ar_comma"
LEVEL_OF = {CN_COMMA: 1, CN_PAREN: 2, AR_DOT: 3, AR_COMMA: 3, AR_PAREN: 4}
FAMILY = {CN_COMMA: "cn", CN_PAREN: "cnp", AR_DOT: "ar", AR_COMMA: "ar", AR_PAREN: "arp"}
LEVEL_NAMES = {1: "一级", 2: "二级", 3: "三级", 4: "四级"}

_CN = "一二三四五六七八九十百零〇"
# conversion artefacts such as "[bookmark: _GoBack]" and leading blanks come before a marker
_PREFIX = re.compile(r"(?:\s|\u3000|\[bookmark:[^\]]*\])*")
# "1、2月" / "1、2、3" are enumerations, not headings; "1、2023年…" is a heading
_AR_COMMA_NOT = r"(?!\d{1,2}(?:[、，,月日号季]|[-－—~～至到]\d)|\d{1,2}$)"
_MARKERS = (
    (CN_COMMA, re.compile(rf"([{_CN}]{{1,3}})\s*([、.．])(?![{_CN}][、.．）)])")),
    (CN_PAREN, re.compile(rf"[（(]\s*([{_CN}]{{1,3}})\s*[）)]")),
    (AR_PAREN, re.compile(r"[（(]\s*(\d{1,2})\s*[）)]")),
    (AR_DOT, re.compile(r"(\d{1,2})\s*([.．])(?![\d.．])")),
    (AR_COMMA, re.compile(rf"(\d{{1,2}})\s*(、){_AR_COMMA_NOT}")),
)
_ATTACHMENTS = re.compile(r"^\s*附\s*件\s*\d*\s*[：:]?")
_CN_VALUES = {c: i for i, c in enumerate("零一二三四五六七八九")}


def parse_cn(s: str) -> int | None:
    s = s.replace("〇", "零")
    if "百" in s:
        return None
    if s == "十":
        return 10
    if "十" in s:
        tens, _, ones = s.partition("十")
        t = _CN_VALUES.get(tens, None) if tens else 1
        o = _CN_VALUES.get(ones, None) if ones else 0
        return None if t is None or o is None else t * 10 + o
    return _CN_VALUES.get(s) if len(s) == 1 else None


def marker_text(level: int, n: int, dot: str = ".") -> str:
    """The standard marker for slot n at a level."""
    if level == 1:
        return chinese_number(n) + "、"
    if level == 2:
        return f"（{chinese_number(n)}）"
    if level == 3:
        return f"{n}{dot}"
    return f"（{n}）"


def _match_at(text: str, pos: int):
    for style, rx in _MARKERS:
        m = rx.match(text, pos)
        if not m:
            continue
        raw = m.group(1)
        n = int(raw) if raw.isdigit() else parse_cn(raw)
        if not n:
            continue
        punct = m.group(2) if m.lastindex and m.lastindex >= 2 else ""
        return style, n, m.start(), m.end(), punct
    return None


def find_marker(text: str):
    """(style, number, start, end, punct) of a heading marker at the paragraph's start, or None."""
    return _match_at(text, _PREFIX.match(text).end())


@dataclass(slots=True)
class Marker:
    para: object
    style: str
    n: int
    start: int
    end: int
    punct: str
    double: tuple | None = None  # a second marker right after this one ("1.（一）")

    @property
    def family(self) -> str:
        return FAMILY[self.style]

    @property
    def written(self) -> str:
        return self.para.text[self.start:self.end]


@dataclass(slots=True)
class Node:
    """An open heading: its family, the number written and the slot it was meant to hold."""

    family: str
    level: int  # where it stands in the tree (1 = top)
    written: int
    slot: int
    restyled: bool = False  # reported as a misstyled marker: its children are judged as its own


def _collect(paragraphs) -> list:
    """Markers in document order; None stands for an 附件 paragraph that closes the outline."""
    out: list = []
    for para in paragraphs:
        if para.in_table:  # tables number their rows their own way
            continue
        if _ATTACHMENTS.match(para.text) and not find_marker(para.text):
            out.append(None)
            continue
        found = find_marker(para.text)
        if not found:
            continue
        m = Marker(para, *found)
        rest = para.text[found[3]:]
        after = _match_at(para.text, found[3] + len(rest) - len(rest.lstrip()))
        if after and FAMILY[after[0]] != m.family:
            if LEVEL_OF[after[0]] < LEVEL_OF[m.style]:  # "1.（一）": the outline goes by the higher level
                m = Marker(para, *after, double=found)
            else:
                m.double = after
        out.append(m)
    return out


def check(paragraphs) -> list[Hit]:
    markers = _collect(paragraphs)
    hits: list[Hit] = []

    def hit(m: Marker, severity: str, message: str, want: str | None, fixable: bool = True,
            span: tuple[int, int] | None = None):
        start, end = span or (m.start, m.end)
        editable = start >= m.para.label_len
        if not editable:
            message += "（该序号为 Word 自动编号，请在 Word 中调整列表格式）"
        hits.append(Hit(CODE, severity, message, m.para, start, end, suggestion=want,
                        fix=want if editable and fixable and want is not None else None))

    stack: list[Node] = []
    in_attachments = False
    last_top = 0  # slot of the last first-level heading
    for i, m in enumerate(markers):
        if m is None:
            stack, in_attachments, last_top = [], True, 0
            continue
        if in_attachments and m.style != CN_COMMA:
            continue  # "附件：" then "1、…办法" is a list of attachments, not the outline
        in_attachments = False
        nxt = next((x for x in markers[i + 1:i + 2] if x is not None), None)
        if m.double:
            s2, e2 = m.double[2], m.double[3]
            a, b = min(m.start, s2), max(m.end, e2)
            hit(m, "error", f"标题重复编号：“{m.para.text[a:b]}”中的两个序号只能保留一个，按层级应为“{m.written}”",
                m.written, fixable=False, span=(a, b))
        if _misstyled_top(m, stack, last_top, nxt):
            want = marker_text(1, m.n)
            hit(m, "error", f"一级标题应使用“一、二、……”式序号，此处“{m.written}”应为“{want}”", want)
            stack = [Node("cn", 1, m.n, m.n, restyled=True)]
            last_top = m.n
            continue
        if _misstyled_second(m, stack):
            parent_i = max(k for k, node in enumerate(stack) if node.family == "cnp")
            slot = stack[parent_i].slot + 1
            want = marker_text(2, slot)
            hit(m, "error", f"二级标题应使用“（一）（二）……”式序号，此处“{m.written}”应为“{want}”", want)
            level = stack[parent_i].level
            del stack[parent_i:]
            stack.append(Node("cnp", level, slot, slot, restyled=True))
            continue
        # deeper styles close when a shallower one comes ("1. 2." end when "（二）" comes)
        while stack and LEVEL_OF_FAMILY[stack[-1].family] > LEVEL_OF[m.style] and stack[-1].family != m.family:
            stack.pop()
        sib = next((k for k in range(len(stack) - 1, -1, -1) if stack[k].family == m.family), None)
        if sib is not None:
            prev = stack[sib]
            del stack[sib + 1:]
            _sibling(m, prev, stack, sib, hit, markers, i)
            if m.family == "cn":
                last_top = stack[sib].slot
            continue
        parent = stack[-1] if stack else None
        level = parent.level + 1 if parent else 1
        slot = _first_child(m, parent, level, hit)
        stack.append(Node(m.family, level, m.n, slot))
        if m.family == "cn":
            last_top = slot
    return hits


LEVEL_OF_FAMILY = {"cn": 1, "cnp": 2, "ar": 3, "arp": 4}


def _misstyled_top(m: Marker, stack: list[Node], last_top: int, nxt) -> bool:
    """"1、"/"4、" that continues the first-level series and opens a （一） list of its own: a
    first-level heading written in the third-level style (seen in real statements)."""
    if m.style not in (AR_COMMA, AR_DOT) or m.n != last_top + 1:
        return False
    if any(node.family == "ar" for node in stack):
        return False  # a "1. 2." list is open: the next number is its sibling
    return nxt is not None and nxt.style == CN_PAREN and nxt.n == 1


def _misstyled_second(m: Marker, stack: list[Node]) -> bool:
    """"（2）" after （一） with no （1） list open: the next second-level heading, misstyled."""
    if m.style != AR_PAREN or m.n < 2 or any(node.family == "arp" for node in stack):
        return False
    k = next((k for k in range(len(stack) - 1, -1, -1) if stack[k].family == "cnp"), None)
    if k is None:
        return False
    if any(node.family == "ar" for node in stack[k + 1:]):
        return False  # "（2）" under an open "1." list: a fourth-level item out of order
    return m.n == stack[k].slot + 1 or (k == len(stack) - 1)


def _sibling(m: Marker, prev: Node, stack: list[Node], k: int, hit, markers, i: int) -> None:
    """A marker following `prev` in its list: number and style."""
    level = prev.level
    dot = m.punct if m.style == AR_DOT else "."
    ok = m.n in (prev.written + 1, prev.slot + 1)
    if ok or m.n == 1:  # a 1 after a finished list starts a new one (parts of a section)
        slot = m.n if ok else 1
        _style(m, level, slot, hit)
        stack[k] = Node(m.family, level, m.n, slot)
        return
    slot = prev.slot + 1
    want = _marker_for(m, slot, dot)
    later = [x for x in markers[i + 1:i + 3] if x is not None and x.family == m.family]
    run = bool(later) and later[0].n == m.n + 1  # the next sibling follows the jump: renumber them all
    before = _marker_for(m, prev.slot, dot)
    detail = "，其后的同级标题也应依次调整" if run else ""
    hit(m, "error", f"{LEVEL_NAMES.get(level, '')}标题序号不连续：“{m.written}”应为“{want}”，"
                    f"前一个同级标题为“{before}”{detail}", want, fixable=not run)
    stack[k] = Node(m.family, level, m.n, slot)


def _marker_for(m: Marker, slot: int, dot: str) -> str:
    """The marker for `slot` in the style the list uses (kept as written, only the number changes)."""
    if m.style == CN_COMMA:
        return chinese_number(slot) + "、"
    if m.style == CN_PAREN:
        return f"（{chinese_number(slot)}）"
    if m.style == AR_PAREN:
        return f"（{slot}）"
    return f"{slot}{m.punct if m.style == AR_COMMA else dot}"


def _style(m: Marker, level: int, slot: int, hit) -> None:
    """Style warnings for a marker whose number is right."""
    if m.style == AR_COMMA:
        want = f"{slot}."
        hit(m, "warning", f"三级标题序号规范写法为“{want}”（阿拉伯数字加下脚点），不用“{m.written}”", want)
    elif m.style == CN_COMMA and m.punct != "、":
        want = marker_text(1, slot)
        hit(m, "warning", f"一级标题序号应为“{want}”（汉字数字加顿号）", want)


def _first_child(m: Marker, parent: Node | None, level: int, hit) -> int:
    """The first marker of a new list under `parent`; returns the slot it holds."""
    ideal = LEVEL_OF[m.style]
    parent_level = LEVEL_OF_FAMILY[parent.family] if parent else 0
    skipped = ideal - parent_level - 1 if parent else 0
    if m.style == AR_PAREN and parent is not None and skipped >= 2:
        want = marker_text(2, 1)  # the first heading under a 一、 is （一）
        hit(m, "error", f"“{m.written}”直接位于一级标题之下，跳过了“（一）”“1.”两级；"
                        f"此处应为二级标题“{want}”", want)
        return m.n
    if m.n != 1:
        want = _marker_for(m, 1, m.punct or ".")
        # an excerpt may start mid-outline: only a list under a heading must start at 1
        hit(m, "error" if parent else "warning",
            f"{LEVEL_NAMES.get(ideal, '')}标题序号应从“{want}”开始，此处为“{m.written}”", want, fixable=False)
        return m.n
    if m.family == "ar" and parent is not None and skipped >= 1:
        want = "1." if m.style == AR_COMMA else None
        style = f"，三级标题规范写法为“1.”（不用“{m.written}”）" if want else ""
        hit(m, "warning", f"“{m.written}”系列直接位于一级标题之下，跳过了“（一）”一级{style}", want)
        return 1
    _style(m, ideal, 1, hit)
    return 1
