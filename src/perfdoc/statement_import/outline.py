"""The statement's structure: title, locality and year, and the outline's headings with levels.

Headings are recognised by their marker (一、 / （一） / 1. or 1、 / （1）, any bracket width) and
levelled by the marker's kind *and* its place: a marker whose number continues an open level's
series better than its own kind's (seed-style "1、" where "一、" is due, "（2）" inside a （一）（二）
series) takes that level; the computed numbers then replace the source's, and every change is
reported in Chinese.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from perfdoc.lint.numbering import AR_COMMA, AR_DOT, AR_PAREN, CN_COMMA, CN_PAREN, marker_text, parse_cn
from perfdoc.statement_import.source import Block

KIND_LEVEL = {CN_COMMA: 1, CN_PAREN: 2, AR_DOT: 3, AR_COMMA: 3, AR_PAREN: 4}
LEVEL_NAMES = {1: "一级", 2: "二级", 3: "三级", 4: "四级"}
RUN_IN_MAX = 50  # a run-in heading is the part before the first 。 when it is at most this long
TITLE_MAX = 48
_TITLE_END = re.compile(r"(说明|总结|报告|汇报|情况|通报|自评|要点)$")
_SENTENCE_END = re.compile(r"[。；！？!?;：:，,]$")
_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})(?=\s*年)")
_PLACE_UNIT = r"(?:特别行政区|自治区|自治州|自治县|省|市|州|盟|县|区|旗)"
_PLACE = re.compile(rf"^[\u4e00-\u9fa5]{{1,7}}?{_PLACE_UNIT}")
_NOT_PLACE = ("预算", "绩效", "财政", "工作", "管理", "全面", "关于", "实施", "开展", "全市", "全县", "全区", "我市", "我区", "我县")
_ORGAN = re.compile(rf"([\u4e00-\u9fa5]{{1,10}}?{_PLACE_UNIT}财政局)")


_CN = "一二三四五六七八九十百零〇"
_PREFIX = re.compile(r"(?:\s|\u3000|\[bookmark:[^\]]*\])*")
# as the proofreader's markers, except that a heading may start with a digit ("一、2023年工作…")
_MARKERS = (
    (CN_COMMA, re.compile(rf"([{_CN}]{{1,3}})\s*([、.．])(?![{_CN}])")),
    (CN_PAREN, re.compile(rf"[（(]\s*([{_CN}]{{1,3}})\s*[）)]")),
    (AR_PAREN, re.compile(r"[（(]\s*(\d{1,2})\s*[）)]")),
    (AR_DOT, re.compile(r"(\d{1,2})\s*([.．])(?![\d.．])")),
    (AR_COMMA, re.compile(r"(\d{1,2})\s*、(?!\d)")),
)


def find_marker(text: str):
    """(kind, number, start, end) of a heading marker at the paragraph's start, or None."""
    pos = _PREFIX.match(text).end()
    for kind, rx in _MARKERS:
        m = rx.match(text, pos)
        if not m:
            continue
        raw = m.group(1)
        n = int(raw) if raw.isdigit() else parse_cn(raw)
        if n:
            return kind, n, m.start(), m.end()
    return None


@dataclass(slots=True)
class Heading:
    block: int  # index of the source block
    level: int
    source_label: str  # the marker as written
    label: str  # the marker the renderer will write
    title: str
    content: str


@dataclass(slots=True)
class Basics:
    title: str = ""
    title_blocks: list[int] = field(default_factory=list)
    region: str = ""
    year: int | None = None
    organ: str = ""
    date: str = ""  # ISO date of a closing date line
    code: str = ""  # 发文代字 seen in the text's own document numbers
    signature_blocks: list[int] = field(default_factory=list)


def detect_basics(blocks: list[Block]) -> Basics:
    """Title (joined over up to three lines), locality and reporting year, asking nothing."""
    basics = Basics()
    lines: list[Block] = []
    for b in blocks[:3]:
        t = b.text
        if b.is_table or not t or find_marker(t) or len(t) > TITLE_MAX or _SENTENCE_END.search(t):
            break
        lines.append(b)
        if _TITLE_END.search(t) or len(lines) == 3:
            break
    if lines:
        # join only when the first line does not finish the title by itself
        take = [lines[0]]
        if not _TITLE_END.search(lines[0].text):
            for b in lines[1:]:
                take.append(b)
                if _TITLE_END.search(b.text):
                    break
            if not _TITLE_END.search(take[-1].text):
                take = [lines[0]]
        basics.title = "".join(b.text for b in take)
        basics.title_blocks = [b.index for b in take]
    body_text = "\n".join(b.text for b in blocks if not b.is_table)
    m = _YEAR.search(basics.title)
    if m:
        basics.year = int(m.group(1))
    else:
        basics.year = _most_common_year(body_text)
    basics.region = _region_from_title(basics.title) or _region_from_text(body_text)
    organs = _ORGAN.findall(body_text)
    if organs:
        best = max(set(organs), key=lambda o: (o.startswith(basics.region) if basics.region else False, organs.count(o)))
        basics.organ = best
    basics.code = detect_code(body_text)
    detect_signature(blocks, basics)
    return basics


_DATE_LINE = re.compile(r"^[（(]?\s*((?:19|20)\d{2})\s*年\s*(\d{1,2})\s*月\s*(\d{1,2})\s*日\s*[）)]?$")
_ORGAN_LINE = re.compile(rf"^[\u4e00-\u9fa5（）()]{{2,30}}(?:局|厅|委员会|政府|办公室|中心|部门)$")
_CODE = re.compile(r"([\u4e00-\u9fa5]{1,6}财[\u4e00-\u9fa5]{0,3})\s*[〔\[【]\s*(?:19|20)\d{2}\s*[〕\]】]\s*\d+\s*号")


def detect_signature(blocks: list[Block], basics: Basics) -> None:
    """A closing 落款 (organ line, date line) becomes 发文机关/成文日期 instead of body text."""
    tail = [b for b in blocks if not b.is_table][-2:]
    if not tail:
        return
    last = tail[-1]
    m = _DATE_LINE.match(last.text)
    if not m:
        return
    y, mo, d = (int(x) for x in m.groups())
    if not (1 <= mo <= 12 and 1 <= d <= 31):
        return
    basics.date = f"{y:04d}-{mo:02d}-{d:02d}"
    basics.signature_blocks = [last.index]
    if len(tail) == 2 and _ORGAN_LINE.match(tail[0].text) and tail[0].index not in basics.title_blocks:
        basics.organ = tail[0].text
        basics.signature_blocks.insert(0, tail[0].index)


def detect_code(text: str) -> str:
    codes = _CODE.findall(text)
    return max(set(codes), key=codes.count) if codes else ""


def _most_common_year(text: str) -> int | None:
    text = re.sub(r"《[^》]*》|〔\d{4}〕|\[\d{4}\]", "", text)
    years = [int(y) for y in _YEAR.findall(text)]
    if not years:
        return None
    return max(set(years), key=lambda y: (years.count(y), y))


def _region_from_title(title: str) -> str:
    t = re.sub(r"^关于", "", title)
    t = re.sub(r"^(?:(?:19|20)\d{2}\s*(?:年度|年)?)", "", t)
    t = re.sub(r"^关于", "", t)
    region = ""
    for _ in range(2):  # 省+市, 市+区 …
        m = _PLACE.match(t)
        if not m or any(w in m.group(0) for w in _NOT_PLACE):
            break
        region += m.group(0)
        t = t[m.end():]
    return region


def _region_from_text(text: str) -> str:
    organs = _ORGAN.findall(text)
    if organs:
        best = max(set(organs), key=organs.count)
        return best[: -len("财政局")]
    return ""


# --- headings ------------------------------------------------------------------------------------

@dataclass(slots=True)
class _Marker:
    block: int
    kind: str
    number: int
    start: int
    end: int


def find_headings(blocks: list[Block], skip: set[int]) -> dict[int, _Marker]:
    out: dict[int, _Marker] = {}
    for b in blocks:
        if b.is_table or b.index in skip:
            continue
        found = find_marker(b.text)
        if not found:
            continue
        kind, n, start, end = found
        if not b.text[end:].strip():
            continue  # a bare number is not a heading
        out[b.index] = _Marker(b.index, kind, n, start, end)
    return out


def assign_levels(markers: list[_Marker]) -> list[int]:
    """A level for each marker, from its kind, its number and the series around it."""
    levels: list[int] = []
    last = [0] * 6  # computed count per level 1..4 under the current parents

    def next_of_kind_level(i: int, level: int) -> int | None:
        """Number of the next marker whose kind is `level`, before a marker of a higher kind."""
        for m in markers[i + 1:]:
            k = KIND_LEVEL[m.kind]
            if k < level:
                return None
            if k == level:
                return m.number
        return None

    for i, m in enumerate(markers):
        k = KIND_LEVEL[m.kind]
        exp = {L: last[L] + 1 for L in range(1, 5)}
        following = markers[i + 1] if i + 1 < len(markers) else None

        def confirmed(L: int) -> bool:
            nxt = next_of_kind_level(i, L)
            if nxt is not None and nxt == exp[L] + 1:
                return True
            # its children follow directly: a （一） right after it opens the level below L
            return (following is not None and KIND_LEVEL[following.kind] == L + 1 and following.number == 1
                    and L + 1 <= k)

        chosen = k
        if exp[k] == m.number:
            for L in range(1, k):
                if exp[L] == m.number and confirmed(L):
                    chosen = L
                    break
        else:
            fits = [L for L in range(1, k) if exp[L] == m.number]
            sure = [L for L in fits if confirmed(L)]
            if sure:
                chosen = sure[0]
            elif fits:
                chosen = fits[-1]
            else:
                backs = [L for L in range(1, k) if confirmed(L)]
                if backs and not confirmed(k):
                    chosen = backs[0]
        levels.append(chosen)
        last[chosen] += 1
        for deeper in range(chosen + 1, 6):
            last[deeper] = 0
    return levels


def computed_labels(levels: list[int]) -> list[str]:
    last = [0] * 6
    out = []
    for L in levels:
        last[L] += 1
        for deeper in range(L + 1, 6):
            last[deeper] = 0
        out.append(marker_text(L, last[L]))
    return out


def split_run_in(text: str) -> tuple[str, str]:
    """(标题, 内容): a run-in heading splits at its first 。; a heading alone has no 内容."""
    cut = text.find("。")
    if 0 < cut <= RUN_IN_MAX and cut + 1 < len(text):
        return text[:cut], text[cut + 1:]
    return text, ""


def fix_message(block: int, source_label: str, label: str, level: int, kind_level: int, title: str) -> str:
    where = f"第{block}段“{source_label}{title[:12]}{'…' if len(title) > 12 else ''}”"
    if level != kind_level:
        return f"{where}：按上下文应为{LEVEL_NAMES[level]}标题，序号“{source_label}”改为“{label}”"
    src_digits = re.sub(r"[^\d一二三四五六七八九十]", "", source_label)
    new_digits = re.sub(r"[^\d一二三四五六七八九十]", "", label)
    if src_digits != new_digits:
        return f"{where}：序号不连续，“{source_label}”改为“{label}”"
    return f"{where}：序号写法统一为“{label}”"
