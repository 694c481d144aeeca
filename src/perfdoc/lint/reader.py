"""Reads a draft into paragraphs in document order, each with its 1-based index.

.txt: one paragraph per non-empty line. .docx: body paragraphs and table-cell paragraphs in
order; a paragraph numbered by Word's automatic list numbering gets its rendered label
("一、", "（二）", "3.") in front of its text, so the numbering rules see what a reader sees.
The raw XML is read with lxml directly (faster than building python-docx objects); fix.py
walks the same elements in the same order, so indexes agree.
"""
from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from perfdoc.errors import InputError, TooLargeError
from perfdoc.fileio import expect_kind, read_text

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_CN_DIGITS = "零一二三四五六七八九"


@dataclass(slots=True)
class Paragraph:
    """One non-empty paragraph (or .txt line) of a draft."""

    index: int  # 1-based over non-empty paragraphs
    text: str  # rendered list label (if any) + the paragraph's own text
    label_len: int = 0  # characters of an automatic numbering label at the front (not editable)
    in_table: bool = False
    cell: tuple[int, int, int] | None = None  # (table number, row, column) for table paragraphs
    # docx only: (w:t element or None, text) pieces making up text[label_len:], for in-place fixes
    pieces: list = field(default_factory=list, repr=False)


@dataclass(slots=True)
class Draft:
    kind: str  # "docx" | "txt"
    paragraphs: list[Paragraph]
    path: Path | None = None


# --- numbers as Word renders them -------------------------------------------------------------

def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 12 → 十二, 20 → 二十, 105 → 一百零五 (Word's chineseCounting)."""
    if n <= 0:
        return _CN_DIGITS[0] if n == 0 else str(n)
    if n < 10:
        return _CN_DIGITS[n]
    if n < 20:
        return "十" + (_CN_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _CN_DIGITS[n // 10] + "十" + (_CN_DIGITS[n % 10] if n % 10 else "")
    if n < 1000:
        rest = n % 100
        head = _CN_DIGITS[n // 100] + "百"
        if rest == 0:
            return head
        if rest < 10:
            return head + "零" + _CN_DIGITS[rest]
        if rest < 20:
            return head + "一十" + (_CN_DIGITS[rest % 10] if rest % 10 else "")
        return head + chinese_number(rest)
    return str(n)


def format_number(n: int, fmt: str) -> str:
    if fmt in ("chineseCounting", "chineseCountingThousand", "chineseLegalSimplified",
               "taiwaneseCounting", "taiwaneseCountingThousand", "ideographTraditional"):
        return chinese_number(n)
    if fmt == "ideographDigital":
        return "".join("〇一二三四五六七八九"[int(c)] for c in str(n))
    if fmt == "decimalFullWidth" or fmt == "decimalFullWidth2":
        return "".join(chr(0xFF10 + int(c)) for c in str(n))
    if fmt == "decimalEnclosedCircle" or fmt == "decimalEnclosedCircleChinese":
        return chr(0x2460 + n - 1) if 1 <= n <= 20 else str(n)
    if fmt == "lowerLetter":
        return chr(ord("a") + (n - 1) % 26)
    if fmt == "upperLetter":
        return chr(ord("A") + (n - 1) % 26)
    if fmt == "lowerRoman" or fmt == "upperRoman":
        vals = [(1000, "m"), (900, "cm"), (500, "d"), (400, "cd"), (100, "c"), (90, "xc"),
                (50, "l"), (40, "xl"), (10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")]
        out, k = "", n
        for v, s in vals:
            while k >= v:
                out, k = out + s, k - v
        return out.upper() if fmt == "upperRoman" else out
    return str(n)  # decimal, decimalZero-less fallbacks


class _Numbering:
    """Word's list numbering: numId → abstract levels, counters kept per abstract list."""

    def __init__(self, numbering_xml: bytes | None, styles_xml: bytes | None) -> None:
        from lxml import etree

        self.levels: dict[str, dict[int, tuple[str, str, int]]] = {}  # abstractId → ilvl → (fmt, lvlText, start)
        self.num_to_abstract: dict[str, str] = {}
        self.start_override: dict[tuple[str, int], int] = {}
        self.counters: dict[str, dict[int, int]] = {}
        self.seen_num: set[str] = set()
        if numbering_xml:
            root = etree.fromstring(numbering_xml)
            for ab in root.iter(W + "abstractNum"):
                aid = ab.get(W + "abstractNumId")
                lv: dict[int, tuple[str, str, int]] = {}
                for lvl in ab.iter(W + "lvl"):
                    ilvl = int(lvl.get(W + "ilvl", "0"))
                    fmt_el = lvl.find(W + "numFmt")
                    txt_el = lvl.find(W + "lvlText")
                    start_el = lvl.find(W + "start")
                    lv[ilvl] = (
                        fmt_el.get(W + "val", "decimal") if fmt_el is not None else "decimal",
                        txt_el.get(W + "val", "") if txt_el is not None else "",
                        int(start_el.get(W + "val", "1")) if start_el is not None else 1,
                    )
                self.levels[aid] = lv
            for num in root.iter(W + "num"):
                nid = num.get(W + "numId")
                ab = num.find(W + "abstractNumId")
                if ab is not None:
                    self.num_to_abstract[nid] = ab.get(W + "val")
                for ov in num.iter(W + "lvlOverride"):
                    so = ov.find(W + "startOverride")
                    if so is not None:
                        self.start_override[(nid, int(ov.get(W + "ilvl", "0")))] = int(so.get(W + "val", "1"))
        self.style_level: dict[str, int] = {}  # style linked to a list level (w:lvl/w:pStyle)
        if numbering_xml:
            for ab in etree.fromstring(numbering_xml).iter(W + "abstractNum"):
                for lvl in ab.iter(W + "lvl"):
                    ps = lvl.find(W + "pStyle")
                    if ps is not None:
                        self.style_level[ps.get(W + "val")] = int(lvl.get(W + "ilvl", "0"))
        self.based_on: dict[str, str] = {}
        self.style_numpr: dict[str, tuple[str | None, int | None]] = {}
        if styles_xml:
            root = etree.fromstring(styles_xml)
            for st in root.iter(W + "style"):
                sid = st.get(W + "styleId")
                base = st.find(W + "basedOn")
                if base is not None:
                    self.based_on[sid] = base.get(W + "val")
                numpr = st.find(f"{W}pPr/{W}numPr")
                if numpr is not None:
                    nid = numpr.find(W + "numId")
                    il = numpr.find(W + "ilvl")
                    self.style_numpr[sid] = (nid.get(W + "val") if nid is not None else None,
                                             int(il.get(W + "val", "0")) if il is not None else None)

    def style_numbering(self, style: str) -> tuple[str | None, int | None]:
        """numId and level a paragraph style (or the style it is based on) gives."""
        seen = set()
        sid: str | None = style
        while sid is not None and sid not in seen:
            seen.add(sid)
            if sid in self.style_numpr:
                nid, ilvl = self.style_numpr[sid]
                if ilvl is None:
                    ilvl = self.style_level.get(style, self.style_level.get(sid, 0))
                return nid, ilvl
            sid = self.based_on.get(sid)
        return None, None

    def label(self, p) -> str:
        """The rendered number of paragraph element `p`, advancing the counters; '' if none."""
        ppr = p.find(W + "pPr")
        if ppr is None:
            return ""
        nid, ilvl = None, None
        numpr = ppr.find(W + "numPr")
        if numpr is not None:
            n_el, l_el = numpr.find(W + "numId"), numpr.find(W + "ilvl")
            nid = n_el.get(W + "val") if n_el is not None else None
            ilvl = int(l_el.get(W + "val", "0")) if l_el is not None else None
        if nid is None or ilvl is None:
            ps = ppr.find(W + "pStyle")
            if ps is not None:
                snid, silvl = self.style_numbering(ps.get(W + "val"))
                nid = nid if nid is not None else snid
                ilvl = ilvl if ilvl is not None else silvl
        ilvl = ilvl or 0
        if nid is None or nid == "0" or nid not in self.num_to_abstract:
            return ""
        aid = self.num_to_abstract[nid]
        levels = self.levels.get(aid, {})
        if ilvl not in levels:
            return ""
        counters = self.counters.setdefault(aid, {})
        if nid not in self.seen_num:
            self.seen_num.add(nid)
            for (onid, olvl), start in self.start_override.items():
                if onid == nid:
                    counters[olvl] = start - 1
        fmt, text, start = levels[ilvl]
        counters[ilvl] = counters.get(ilvl, start - 1) + 1
        for deeper in [k for k in counters if k > ilvl]:
            del counters[deeper]
        if fmt in ("bullet", "none"):
            return ""

        def sub(m: re.Match) -> str:
            k = int(m.group(1)) - 1
            kfmt, _, kstart = levels.get(k, ("decimal", "", 1))
            value = counters.get(k, kstart)
            return format_number(value, "decimal" if k != ilvl and kfmt == "decimal" else kfmt)

        return re.sub(r"%(\d)", sub, text)


# --- docx ------------------------------------------------------------------------------------

def docx_parts(path: Path) -> tuple[bytes, bytes | None, bytes | None]:
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            doc = zf.read("word/document.xml")
            numbering = zf.read("word/numbering.xml") if "word/numbering.xml" in names else None
            styles = zf.read("word/styles.xml") if "word/styles.xml" in names else None
    except (zipfile.BadZipFile, KeyError, OSError, RuntimeError, zipfile.LargeZipFile) as exc:
        raise InputError(f"Word 文档已损坏，无法读取（{type(exc).__name__}）", file=path,
                         hint="请用 Word 打开后另存为 .docx 再试") from None
    except Exception as exc:  # zlib errors on damaged members, etc.
        raise InputError(f"Word 文档已损坏，无法读取（{type(exc).__name__}）", file=path,
                         hint="请用 Word 打开后另存为 .docx 再试") from None
    return doc, numbering, styles


def parse_document_xml(doc: bytes, path: Path | None):
    from lxml import etree

    try:
        parser = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=False)
        return etree.fromstring(doc, parser)
    except etree.XMLSyntaxError as exc:
        raise InputError(f"Word 文档内容已损坏，无法解析（{exc.msg}）", file=path,
                         hint="请用 Word 打开后另存为 .docx 再试") from None


def iter_block_paragraphs(body, _tables: list | None = None):
    """Paragraph elements in reading order, each with its cell (table number, row, column) or None."""
    tables = _tables if _tables is not None else [0]
    for child in body:
        tag = child.tag
        if tag == W + "p":
            yield child, None
        elif tag == W + "tbl":
            yield from _table_paragraphs(child, tables)
        elif tag == W + "sdt":  # content controls wrap ordinary blocks
            content = child.find(W + "sdtContent")
            if content is not None:
                yield from iter_block_paragraphs(content, tables)


def _table_paragraphs(tbl, tables: list):
    number = tables[0]
    tables[0] += 1
    for r, tr in enumerate(tbl.iter(W + "tr")):
        if tr.getparent() is not tbl and tr.getparent().getparent() is not tbl:
            continue  # rows of nested tables come with their own table
        col = 0
        for tc in tr.iter(W + "tc"):
            if tc.getparent() is not tr and tc.getparent().getparent() is not tr:
                continue
            for child in tc:
                if child.tag == W + "p":
                    yield child, (number, r, col)
                elif child.tag == W + "tbl":
                    yield from _table_paragraphs(child, tables)
            span = tc.find(f"{W}tcPr/{W}gridSpan")
            col += int(span.get(W + "val", "1")) if span is not None else 1


def paragraph_pieces(p) -> list:
    """(w:t element or None, text) in order; tabs and breaks are not editable pieces."""
    pieces = []
    has_box = p.find(f".//{W}txbxContent") is not None
    for el in p.iter(W + "t", W + "tab", W + "br", W + "cr"):
        if has_box:  # text boxes belong to their own paragraphs, not to the anchor's text
            anc = el.getparent()
            skip = False
            while anc is not None and anc is not p:
                if anc.tag == W + "txbxContent":
                    skip = True
                    break
                anc = anc.getparent()
            if skip:
                continue
        if el.tag == W + "t":
            if el.text:
                pieces.append((el, el.text))
        elif el.tag == W + "tab":
            if el.getparent().tag == W + "r":  # not a tab stop definition in pPr
                pieces.append((None, "\t"))
        else:
            pieces.append((None, "\n"))
    return pieces


def docx_paragraphs(root, numbering_xml: bytes | None, styles_xml: bytes | None,
                    path: Path | None = None) -> list[Paragraph]:
    """Non-empty paragraphs of a parsed document.xml, numbered 1.. in reading order."""
    body = root.find(W + "body")
    if body is None:
        raise InputError("Word 文档缺少正文部分，无法读取", file=path)
    try:
        numbering = _Numbering(numbering_xml, styles_xml)
    except Exception:  # a damaged numbering part should not stop proofreading the text
        numbering = _Numbering(None, None)
    paragraphs: list[Paragraph] = []
    for p, cell in iter_block_paragraphs(body):
        pieces = paragraph_pieces(p)
        label = numbering.label(p)
        text = label + "".join(t for _, t in pieces)
        if not text.strip():
            continue
        paragraphs.append(Paragraph(len(paragraphs) + 1, text, len(label), cell is not None, cell=cell, pieces=pieces))
    return paragraphs


def read_docx(path: Path) -> Draft:
    doc, numbering_xml, styles_xml = docx_parts(path)
    root = parse_document_xml(doc, path)
    return Draft("docx", cap_paragraphs(docx_paragraphs(root, numbering_xml, styles_xml, path), path), path)


def cap_paragraphs(paragraphs: list[Paragraph], path: Path | None = None) -> list[Paragraph]:
    """Refuse a paragraph over limits.max_paragraph_chars (a draft's paragraph is a few hundred
    characters, and the rules' cost grows faster than its length) and a draft over
    limits.max_draft_chars (proofreading costs about 10 µs a character)."""
    from perfdoc.config import load_config
    from perfdoc.errors import TooLargeError

    limits = load_config().limits
    cap = limits.max_paragraph_chars
    total = 0
    for p in paragraphs:
        if len(p.text) > cap:
            raise TooLargeError(f"第{p.index}段长 {len(p.text):,} 字，超过一段 {cap:,} 字的上限", file=path,
                                hint="请检查是否缺少分段（换行）；上限可在配置 limits.max_paragraph_chars 中调整")
        total += len(p.text)
    if total > limits.max_draft_chars:
        raise TooLargeError(f"文稿共 {total:,} 字，超过上限 {limits.max_draft_chars:,} 字", file=path,
                            hint="一份情况说明约 1 万字；请拆分后分别校对，上限可在配置 limits.max_draft_chars 中调整")
    return paragraphs


# --- txt -------------------------------------------------------------------------------------

def split_lines(text: str) -> list[Paragraph]:
    out: list[Paragraph] = []
    for line in text.splitlines():
        if line.strip():
            out.append(Paragraph(len(out) + 1, line))
    return cap_paragraphs(out)


def read_draft(path: str | Path) -> Draft:
    """Read a .docx or .txt draft (by content, not by name)."""
    p = Path(path)
    kind = expect_kind(p, ("docx", "text"))
    if kind == "docx":
        return read_docx(p)
    try:
        return Draft("txt", split_lines(read_text(p)), p)
    except TooLargeError as exc:
        exc.file = p.name
        raise
