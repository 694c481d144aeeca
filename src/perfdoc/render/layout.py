"""Layout rules computed before rendering: title line breaks, 版记 lines, table column widths.

GB/T 9704-2012: a title that needs several lines breaks between words, in a trapezoid (longest
line first) or diamond shape (§7.3.3); the 版记 stands at the foot of the last page and a line
that wraps aligns under the first character after the colon (§7.4). LibreOffice and Word only
break Chinese text by character, so the breaks are decided here and written as soft breaks.
"""
from __future__ import annotations

import logging
import math
import re
from functools import lru_cache
from itertools import combinations

TITLE_CHARS = 19  # 22 pt 小标宋 on the 156 mm line holds 20 (442 pt / 22 pt); one kept spare for digits
COPY_CHARS = 29  # 14 pt 版记 text between its 1-character indents: 414 pt / 14 pt
_WEAK_START = "的和与及、，。）》”"  # a line never starts with these
_WEAK_END = "《（“"  # … and never ends with these


@lru_cache(maxsize=1)
def _tokenizer():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    for word in title_words():
        tok.add_word(word, freq=100_000)
    return tok


@lru_cache(maxsize=1)
def title_words() -> tuple[str, ...]:
    """Terms a line never breaks inside (corpora/layout_words.txt)."""
    from perfdoc.resources import corpus

    text = corpus("layout_words.txt").read_text(encoding="utf-8")
    return tuple(w.strip() for w in text.splitlines() if w.strip() and not w.startswith("#"))


def word_breaks(text: str, keep: tuple[str, ...] = ()) -> list[int]:
    """Positions (0 < k < len) where a line may break: jieba word boundaries, never inside a
    number, a 《》 title, a listed term or one of `keep` (names the caller knows)."""
    bounds, k = set(), 0
    for token in _tokenizer().lcut(text, HMM=False):
        k += len(token)
        bounds.add(k)
    bounds.discard(len(text))
    blocked: set[int] = set()
    for word in tuple(title_words()) + tuple(w for w in keep if w):
        for m in re.finditer(re.escape(word), text):
            blocked.update(range(m.start() + 1, m.end()))
    for m in re.finditer(r"《[^》]*》|\d[\d.,，%]*\d|[A-Za-z]+", text):
        blocked.update(range(m.start() + 1, m.end()))
    # a number stays with what it counts (2024年度, 3个) and a line never starts with a particle
    return sorted(b for b in bounds - blocked
                  if text[b] not in _WEAK_START and text[b - 1] not in _WEAK_END and not text[b - 1].isdigit())


def _shape_cost(lengths: list[float]) -> float:
    spread = max(lengths) - min(lengths)
    if len(lengths) == 3 and lengths[1] >= max(lengths[0], lengths[2]):  # 菱形
        return spread + abs(lengths[0] - lengths[2])
    rising = sum(max(0, b - a) for a, b in zip(lengths, lengths[1:]))  # 梯形: longest line first
    return spread + 3 * rising


@lru_cache(maxsize=512)
def split_title(text: str, width: int = TITLE_CHARS, keep: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The title's lines: one if it fits, else the fewest lines of at most `width` characters
    broken at word boundaries, as balanced as possible with the longest line first."""
    text = text.strip()
    if _text_width(text, 1) <= width:
        return (text,)
    breaks = word_breaks(text, keep)
    em = [0.0]
    for c in text:
        em.append(em[-1] + (1.0 if ord(c) > 0x2E7F else 0.5))
    least = math.ceil(em[-1] / width)
    for n in range(least, least + 3):
        best = None
        for cuts in combinations(breaks, n - 1):
            edges = (0, *cuts, len(text))
            lengths = [em[b] - em[a] for a, b in zip(edges, edges[1:])]
            if max(lengths) > width:
                continue
            cost = _shape_cost(lengths)
            if best is None or cost < best[0]:
                best = (cost, edges)
        if best is not None:
            edges = best[1]
            return tuple(text[a:b] for a, b in zip(edges, edges[1:]))
    # no word boundary fits (a single very long word): fall back to even character chunks
    n = max(least, math.ceil(len(text) / width))
    size = math.ceil(len(text) / n)
    return tuple(text[k:k + size] for k in range(0, len(text), size))


def title_lines(text: str, width: int = TITLE_CHARS, keep: tuple[str, ...] = ()) -> str:
    """The title with a newline (a soft break in Word) between its lines; see split_title()."""
    if "\n" in text:
        return text
    return "\n".join(split_title(text, width, tuple(keep)))


def copy_lines(label: str, items: list[str], width: int = COPY_CHARS, sep: str = "，", end: str = "。") -> list[str]:
    """The 抄送 line of a 版记 as lines that break only between items; continuation lines are
    indented by the label's width (the caller sets the hanging indent)."""
    items = [i for i in (x.strip() for x in items) if i]
    if not items:
        return []
    lines, current = [], label
    indent = len(label)
    for n, item in enumerate(items):
        piece = item + (end if n == len(items) - 1 else sep)
        limit = width if not lines else width - indent
        if current and len(current) + len(piece) > limit and current != label:
            lines.append(current)
            current = ""
        current += piece
    lines.append(current)
    return lines


def split_items(text: str) -> list[str]:
    """A 抄送 field as written in the workbook ('县委办，县人大办、县政府办。') → its items."""
    return [x for x in re.split(r"[，,、；;]\s*", text.strip().rstrip("。.")) if x.strip()]


# ------------------------------------------------------------------ table column widths

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
FIT_MARK = "perfdoc:fit"  # w:tblCaption of a table whose column widths follow its content
CELL_MARGINS = 114  # left + right cell margins of the built-in table style (57 twips each), twips
LABEL_SHARE = 0.5  # a column whose longest text fits in this share of the table is a label column


def _text_width(text: str, size: float) -> float:
    """Width of a line of text in units of `size`: full-width characters one em, others about half."""
    wide = sum(1 for c in text if ord(c) > 0x2E7F)
    return (wide + 0.55 * (len(text) - wide)) * size


def _em(text: str) -> float:
    return _text_width(text, 1.0)


def wrap_positions(text: str, capacity: float) -> list[int]:
    """Where a label wraps in a cell `capacity` ems wide: at word boundaries, a word longer than
    the line broken by characters."""
    if _em(text) <= capacity + 1e-9:
        return []
    breaks = set(word_breaks(text))
    cuts, start = [], 0
    while _em(text[start:]) > capacity + 1e-9:
        end, width = start, 0.0
        while end < len(text) and width + _em(text[end]) <= capacity + 1e-9:
            width += _em(text[end])
            end += 1
        fits = [b for b in breaks if start < b <= end]
        cut = max(fits) if fits else max(end, start + 1)
        cuts.append(cut)
        start = cut
    return cuts


def _capacity(width: float, size: int) -> float:
    """Whole characters per line of a cell `width` twips wide (LibreOffice and Word do not squeeze)."""
    return max(1, math.floor((width - CELL_MARGINS) / size))


def label_columns(columns: list[list[str]], total: int, size_twips: int = 240) -> list[bool]:
    """Which columns hold labels (names, kinds) rather than running text: all but the column with
    the longest text and any column whose text needs more than half the table."""
    longest = [max((_em(t) for t in col), default=0.0) for col in columns]
    widest = max(range(len(columns)), key=lambda k: longest[k]) if columns else -1
    return [k != widest and x * size_twips + CELL_MARGINS <= LABEL_SHARE * total for k, x in enumerate(longest)]


def fit_columns(columns: list[list[str]], total: int, size_twips: int = 240) -> list[int]:
    """Column widths (twips, summing to `total`) from the cells' text (columns[k] = the texts of
    column k). Label columns (short texts) wrap only at word boundaries and never inside a word
    that a wider column would hold; long-text columns wrap by character as running text does.
    Starting from each column's longest word, width goes one character at a time where it saves
    the most table height, then the most wrapped labels; what is left widens the long text."""
    ncols = len(columns)
    cols = [[t for t in col] for col in columns]
    longest = [max((_em(t) for t in col), default=0.0) for col in cols]
    label = label_columns(cols, total, size_twips)
    word = [max((_em(t[a:b]) for t in col for a, b in _pieces(t)), default=0.0) for col in cols]
    lo = [math.ceil(w) * size_twips + CELL_MARGINS for w in word]
    hi = [max(math.ceil(x) * size_twips + CELL_MARGINS, low) for x, low in zip(longest, lo)]
    if sum(lo) >= total:  # even the words do not fit: share the width by the longest words
        widths = [total * x / sum(lo) for x in lo]
        out = [int(w) for w in widths]
        out[-1] += total - sum(out)
        return out
    nrows = max(len(c) for c in cols)

    @lru_cache(maxsize=None)
    def lines(k: int, width: int) -> tuple[int, ...]:
        cap = _capacity(width, size_twips)
        if label[k]:
            return tuple(len(wrap_positions(t, cap)) + 1 for t in cols[k]) + (1,) * (nrows - len(cols[k]))
        return tuple(max(1, math.ceil(_em(t) / cap - 1e-9)) for t in cols[k]) + (1,) * (nrows - len(cols[k]))

    def cost(ws: list[int]) -> tuple[int, int]:
        per = [lines(k, ws[k]) for k in range(ncols)]
        height = sum(max(p[r] for p in per) for r in range(nrows))
        wrapped = sum(1 for k in range(ncols) if label[k] for n in per[k] if n > 1)
        return height, wrapped

    widths = list(lo)
    budget = total - sum(widths)
    base = cost(widths)
    while budget >= size_twips:
        best = None
        for k in range(ncols):
            for chars in range(1, 9):
                extra = chars * size_twips
                if extra > budget or widths[k] + extra > hi[k] + size_twips:
                    break
                trial = widths[:k] + [widths[k] + extra] + widths[k + 1:]
                c = cost(trial)
                gain = (base[0] - c[0]) * 4 + (base[1] - c[1])  # a line of height outweighs a label
                if gain > 0 and (best is None or gain / extra > best[0]):
                    best = (gain / extra, k, extra, c)
        if best is None:
            break
        _, k, extra, base = best
        widths[k] += extra
        budget -= extra
    if budget > 0:  # the rest widens the long-text columns (else every column)
        long_cols = [k for k in range(ncols) if not label[k]] or list(range(ncols))
        share = sum(widths[k] for k in long_cols)
        for k in long_cols:
            widths[k] += budget * widths[k] / share
    out = [int(w) for w in widths]
    out[-1] += total - sum(out)
    return out


def _pieces(text: str) -> list[tuple[int, int]]:
    edges = [0, *word_breaks(text), len(text)] if text else [0, 0]
    return list(zip(edges, edges[1:]))


def _cell_text(tc) -> str:
    return "\n".join("".join(t.text or "" for t in p.iter(W + "t")) for p in tc.iter(W + "p"))


def _break_cell(tc, capacity: float) -> None:
    """Write a label's line breaks into its cell as soft breaks (single-run paragraphs only)."""
    for p in tc.iter(W + "p"):
        runs = p.findall(W + "r")
        texts = [r.findall(W + "t") for r in runs]
        if len(runs) != 1 or len(texts[0]) != 1:
            continue
        t = texts[0][0]
        text = t.text or ""
        cuts = wrap_positions(text, capacity)
        if not cuts:
            continue
        run = runs[0]
        run.remove(t)
        edges = [0, *cuts, len(text)]
        for n, (a, b) in enumerate(zip(edges, edges[1:])):
            if n:
                run.append(run.makeelement(W + "br", {}))
            piece = run.makeelement(W + "t", {"{http://www.w3.org/XML/1998/namespace}space": "preserve"})
            piece.text = text[a:b]
            run.append(piece)


def fit_tables(tree, size_twips: int = 240) -> None:
    """Set the grid and cell widths of every table captioned FIT_MARK from its rendered text, and
    break its labels at word boundaries."""
    for tbl in tree.iter(W + "tbl"):
        caption = tbl.find(f"{W}tblPr/{W}tblCaption")
        if caption is None or caption.get(W + "val") != FIT_MARK:
            continue
        grid = tbl.find(W + "tblGrid")
        cols = grid.findall(W + "gridCol") if grid is not None else []
        rows = [tr.findall(W + "tc") for tr in tbl.findall(W + "tr")]
        rows = [r for r in rows if len(r) == len(cols)]
        if not cols or not rows:
            continue
        texts = [[line for tc in (r[k] for r in rows) for line in _cell_text(tc).split("\n")]
                 for k in range(len(cols))]
        total = sum(int(c.get(W + "w")) for c in cols)
        widths = fit_columns(texts, total, size_twips)
        labels = label_columns(texts, total, size_twips)
        for c, w in zip(cols, widths):
            c.set(W + "w", str(w))
        for r in rows:
            for k, (tc, w) in enumerate(zip(r, widths)):
                tcw = tc.find(f"{W}tcPr/{W}tcW")
                if tcw is not None:
                    tcw.set(W + "w", str(w))
                    tcw.set(W + "type", "dxa")
                if labels[k]:
                    _break_cell(tc, _capacity(w, size_twips))


# ------------------------------------------------------------------ 版记 frames

def place_copy_frames(tree) -> None:
    """Lay out the 版记 frames (styles.COPY_FRAME: w:vSpace="1" 抄送, "2" 印发) once their text is
    known: the 印发 frame sits on the bottom margin, the 抄送 frame right above it (its height
    follows its number of lines), and an empty paragraph of their joint height goes before them,
    so the text above never runs under the 版记 — if it does not fit, the 版记 moves to a new page."""
    from perfdoc.render import styles as S

    text_height = S.PAGE["height"] - S.MARGINS["top"] - S.MARGINS["bottom"]
    frames = [fp for fp in tree.iter(W + "framePr") if fp.get(W + "vSpace") in ("1", "2")]
    if not frames:
        return
    total = S.COPY_LAST_HEIGHT
    for fp in frames:
        if fp.get(W + "vSpace") != "1" or fp.get(W + "yAlign") != "bottom":
            continue
        p = fp.getparent().getparent()
        lines = 1 + sum(1 for _ in p.iter(W + "br"))
        height = lines * S.COPY_LINE + S.COPY_RULE_GAP
        del fp.attrib[W + "yAlign"]
        fp.set(W + "y", str(text_height - S.COPY_LAST_HEIGHT - height))
        total += height
    first = frames[0].getparent().getparent()
    reserve = first.makeelement(W + "p", {})
    ppr = reserve.makeelement(W + "pPr", {})
    spacing = ppr.makeelement(W + "spacing", {W + "before": "0", W + "after": "0",
                                              W + "line": str(total + S.COPY_LINE // 2), W + "lineRule": "exact"})
    ppr.append(spacing)
    reserve.append(ppr)
    first.addprevious(reserve)
