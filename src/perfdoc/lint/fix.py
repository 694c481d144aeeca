"""--fix: a corrected copy of a draft with the mechanical fixes applied (never in place).

A consumer of findings: the rules (registry.run_rules) report Hits, and a Hit that carries a
literal replacement (`fix`) is applied here; this module never decides what is wrong.

Mechanical means a finding carries a literal replacement for its span: numbering markers,
bracket widths and mixed pairs, half-width marks in Chinese text, 文号 brackets. A .docx keeps
its formatting: replacements are written into the existing w:t runs of word/document.xml and
every other part of the package is copied unchanged. A few passes run, since fixing one
marker can settle the next.
"""
from __future__ import annotations

import zipfile
from dataclasses import dataclass
from pathlib import Path

from perfdoc.fileio import atomic_output, expect_kind, read_text, refuse_same_path
from perfdoc.lint.reader import docx_paragraphs, docx_parts, parse_document_xml, split_lines
from perfdoc.lint.registry import FIXABLE, run_rules

PASSES = 3
XML_SPACE = "{http://www.w3.org/XML/1998/namespace}space"


@dataclass(frozen=True, slots=True)
class Change:
    """One replacement --fix made: in paragraph `paragraph` (1-based), `before` became `after`."""

    paragraph: int
    code: str
    before: str
    after: str


def _edits(paragraphs) -> dict[int, list]:
    """Non-overlapping (start, end, replacement, code) per paragraph index, first come first kept."""
    out: dict[int, list] = {}
    for h in run_rules(paragraphs, set(FIXABLE)):
        if h.fix is None or h.fix == h.paragraph.text[h.start:h.end]:
            continue
        chosen = out.setdefault(h.paragraph.index, [])
        if any(h.start < e and s < h.end for s, e, *_ in chosen):
            continue
        chosen.append((h.start, h.end, h.fix, h.code))
    return out


def apply_text(text: str, edits: list) -> str:
    for s, e, rep, *_ in sorted(edits, reverse=True):
        text = text[:s] + rep + text[e:]
    return text


def apply_fixes(path: str | Path, out: str | Path) -> list[Change]:
    """Write the fixed copy to `out`; the changes made, in the order they were applied."""
    src, dst = Path(path), Path(out)
    kind = expect_kind(src, ("docx", "text"))
    refuse_same_path(src, dst)
    changes: list[Change] = []
    if kind == "docx":
        _fix_docx(src, dst, changes)
    else:
        _fix_txt(src, dst, changes)
    return changes


def fix_file(path: str | Path, out: str | Path) -> Path:
    apply_fixes(path, out)
    return Path(out)


def _record(changes: list[Change], index: int, text: str, edits: list) -> None:
    for s, e, rep, code in sorted(edits):
        changes.append(Change(index, code, text[s:e], rep))


def _fix_txt(src: Path, dst: Path, changes: list[Change]) -> None:
    raw = read_text(src)
    for _ in range(PASSES):
        edits = _edits(split_lines(raw))
        if not edits:
            break
        lines = raw.splitlines(keepends=True)
        index = 0
        for i, line in enumerate(lines):
            if not line.strip():
                continue
            index += 1
            if index in edits:
                body = line.rstrip("\r\n")
                _record(changes, index, body, edits[index])
                lines[i] = apply_text(body, edits[index]) + line[len(body):]
        raw = "".join(lines)
    with atomic_output(dst) as tmp:
        tmp.write_text(raw, encoding="utf-8")


def _replace_in_pieces(pieces: list, start: int, end: int, rep: str) -> bool:
    """Replace pieces' text [start, end) by `rep`, writing into the w:t elements in place."""
    pos, spans = 0, []
    for k, (el, text) in enumerate(pieces):
        a, b = pos, pos + len(text)
        if a < end and start < b or (start == end and a <= start < b):
            spans.append((k, a, b))
        pos = b
    if not spans or any(pieces[k][0] is None for k, _, _ in spans):
        return False  # crosses a tab or a break: leave it to the author
    first = True
    for k, a, b in spans:
        el, text = pieces[k]
        lo, hi = max(start, a) - a, min(end, b) - a
        new = text[:lo] + (rep if first else "") + text[hi:]
        first = False
        el.text = new
        if new != new.strip():
            el.set(XML_SPACE, "preserve")
        pieces[k] = (el, new)
    return True


def _fix_docx(src: Path, dst: Path, changes: list[Change]) -> None:
    doc, numbering_xml, styles_xml = docx_parts(src)
    root = parse_document_xml(doc, src)
    changed = False
    for _ in range(PASSES):
        paragraphs = docx_paragraphs(root, numbering_xml, styles_xml, src)
        edits = _edits(paragraphs)
        done = False
        for para in paragraphs:
            for s, e, rep, code in sorted(edits.get(para.index, ()), reverse=True):
                if s < para.label_len:
                    continue
                if _replace_in_pieces(para.pieces, s - para.label_len, e - para.label_len, rep):
                    done = True
                    changes.append(Change(para.index, code, para.text[s:e], rep))
        changed |= done
        if not done:
            break
    from lxml import etree

    new_doc = etree.tostring(root, xml_declaration=True, encoding="UTF-8", standalone=True) if changed else doc
    with atomic_output(dst) as tmp:
        with zipfile.ZipFile(src) as zin, zipfile.ZipFile(tmp, "w") as zout:
            for info in zin.infolist():
                data = new_doc if info.filename == "word/document.xml" else zin.read(info.filename)
                zout.writestr(info, data)
