"""Builders for the lint tests: drafts written as .txt or as .docx (python-docx) in tmp_path."""
from __future__ import annotations

from pathlib import Path

import pytest

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
LIST_ID = 90

_ABSTRACT = f"""<w:abstractNum xmlns:w="{W_NS}" w:abstractNumId="{LIST_ID}">
  <w:multiLevelType w:val="multilevel"/>
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="%1、"/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="chineseCounting"/><w:lvlText w:val="（%2）"/></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%3."/></w:lvl>
  <w:lvl w:ilvl="3"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="（%4）"/></w:lvl>
</w:abstractNum>"""


def _add_list(doc) -> None:
    from docx.oxml import parse_xml

    numbering = doc.part.numbering_part.element
    abstract = parse_xml(_ABSTRACT)
    existing = numbering.findall(f"{{{W_NS}}}abstractNum")
    if existing:
        existing[-1].addnext(abstract)
    else:
        numbering.insert(0, abstract)
    numbering.append(parse_xml(
        f'<w:num xmlns:w="{W_NS}" w:numId="{LIST_ID}"><w:abstractNumId w:val="{LIST_ID}"/></w:num>'))


def build_docx(path: Path, items, table=None) -> Path:
    """items: str (plain paragraph), ("auto", level, text) for an automatically numbered
    heading, or list[tuple[str, bool]] for runs with bold flags. table: rows of cell texts,
    placed after the first paragraph."""
    import docx

    doc = docx.Document()
    added_list = False
    for i, item in enumerate(items):
        if isinstance(item, tuple) and item[0] == "auto":
            if not added_list:
                _add_list(doc)
                added_list = True
            p = doc.add_paragraph(item[2])
            numpr = p._p.get_or_add_pPr().get_or_add_numPr()
            numpr.get_or_add_ilvl().val = item[1]
            numpr.get_or_add_numId().val = LIST_ID
        elif isinstance(item, list):
            p = doc.add_paragraph()
            for text, bold in item:
                p.add_run(text).bold = bold
        else:
            doc.add_paragraph(item)
        if i == 0 and table:
            t = doc.add_table(rows=len(table), cols=len(table[0]))
            for r, row in enumerate(table):
                for c, text in enumerate(row):
                    t.cell(r, c).text = text
    doc.save(path)
    return path


@pytest.fixture
def make_draft(tmp_path):
    """make_draft(lines, kind) → path of a .txt or .docx holding those paragraphs."""
    def make(lines, kind: str = "txt", name: str = "draft"):
        if kind == "txt":
            p = tmp_path / f"{name}.txt"
            p.write_text("\n".join(lines) + "\n", encoding="utf-8")
            return p
        return build_docx(tmp_path / f"{name}.docx", lines)
    return make


@pytest.fixture
def docx_builder():
    """The build_docx function, for tests that need tables or formatted runs."""
    return build_docx
