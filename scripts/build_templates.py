"""Build templates/statement.docx, circular.docx and notice.docx from code (python-docx).

Run: .venv/bin/python scripts/build_templates.py
Rebuilding gives byte-identical files: fixed document properties and zip timestamps. The
templates stay editable in Word/WPS: real paragraph styles (perfdoc.render.styles), tags as
plain text in their own runs, table loops with {%tr %} rows of their own.
"""
from __future__ import annotations

import datetime as dt
import io
import sys
import zipfile
from pathlib import Path

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.shared import Twips

from perfdoc.render import styles as S
from perfdoc.render.layout import FIT_MARK

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "templates"
FIXED = dt.datetime(2024, 1, 1, 0, 0, 0)


def new_document():
    doc = Document()
    doc.part._styles_part._element = parse_xml(S.styles_xml().encode("utf-8"))
    for rid, rel in list(doc.part.rels.items()):
        if rel.reltype.endswith("/stylesWithEffects") or "customXml" in rel.reltype:
            doc.part.rels.pop(rid)
    pkg_rels = doc.part.package.rels
    for rid, rel in list(pkg_rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            pkg_rels.pop(rid)
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    sec = doc.sections[0]
    sec.page_width, sec.page_height = Twips(S.PAGE["width"]), Twips(S.PAGE["height"])
    sec.top_margin, sec.bottom_margin = Twips(S.MARGINS["top"]), Twips(S.MARGINS["bottom"])
    sec.left_margin, sec.right_margin = Twips(S.MARGINS["left"]), Twips(S.MARGINS["right"])
    sec.header_distance, sec.footer_distance = Twips(851), Twips(1134)
    footer = sec.footer.paragraphs[0]
    footer.style = doc.styles["footer"]
    _page_field(footer)
    cp = doc.core_properties
    cp.author = cp.last_modified_by = "perfdoc"
    cp.created = cp.modified = FIXED
    cp.revision = 1
    cp.title = ""
    cp.comments = "由 perfdoc 的 scripts/build_templates.py 生成"
    return doc


def _page_field(paragraph) -> None:
    """Footer '— N —' with a PAGE field (4号 宋体 from the footer style)."""
    def run(xml: str):
        paragraph._p.append(parse_xml(
            f'<w:r xmlns:w="{S.W_NS}"><w:rPr><w:rFonts w:ascii="{S.FONT_PAGE}" w:hAnsi="{S.FONT_PAGE}" '
            f'w:eastAsia="{S.FONT_PAGE}"/><w:sz w:val="28"/></w:rPr>{xml}</w:r>'))

    run('<w:t xml:space="preserve">— </w:t>')
    run('<w:fldChar w:fldCharType="begin"/>')
    run('<w:instrText xml:space="preserve"> PAGE </w:instrText>')
    run('<w:fldChar w:fldCharType="separate"/>')
    run("<w:t>1</w:t>")
    run('<w:fldChar w:fldCharType="end"/>')
    run('<w:t xml:space="preserve"> —</w:t>')


def P(doc, text: str, style: str = "公文正文"):
    return doc.add_paragraph(text, style=doc.styles[style])


def ctrl(doc, tag: str):
    """A paragraph holding only a {%p … %} tag; docxtpl removes it when rendering."""
    return P(doc, "{%p " + tag + " %}")


def loop(doc, var: str, seq: str, line: str, style: str = "公文正文") -> None:
    ctrl(doc, f"for {var} in {seq}")
    P(doc, line, style)
    ctrl(doc, "endfor")


def keep(paragraph, *, with_next: bool = True):
    """Keep a paragraph whole and on the page of the next one (the signature block never splits)."""
    paragraph.paragraph_format.keep_together = True
    paragraph.paragraph_format.keep_with_next = with_next
    return paragraph


def signature(doc, *, last_body: str | None = None) -> None:
    """The last body paragraph (optional), a blank line, 发文机关 and 成文日期 kept on one page."""
    if last_body is not None:
        keep(P(doc, last_body))
    keep(P(doc, "", "Normal"))
    keep(P(doc, "{{ organ }}", "落款"))
    keep(P(doc, "{{ date }}", "落款"), with_next=False)


def copy_block(doc, cc: str | None) -> None:
    """版记 at the foot of the last page: optional 抄送 lines, then 印发机关 and 印发日期.

    Each paragraph is a frame aligned to the bottom margin (styles.COPY_FRAME); the empty paragraph
    after them is their anchor, so they stand on the page where the document ends."""
    def frame(paragraph, k: int):
        xml = S.COPY_FRAME.format(width=S.TEXT_WIDTH, k=k)
        ppr = paragraph._p.get_or_add_pPr()
        ppr.insert(1, parse_xml(xml.replace("<w:framePr ", f'<w:framePr xmlns:w="{S.W_NS}" ', 1)))

    if cc:
        ctrl(doc, f"if {cc}")
        frame(P(doc, "{{ " + cc + " }}", "版记"), 1)
        ctrl(doc, "endif")
    frame(P(doc, "{{ organ }}\t{{ issued }}", "版记末行"), 2)
    anchor = P(doc, "", "Normal")
    anchor.paragraph_format.line_spacing = Twips(20)
    anchor.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY


def page_break(doc) -> None:
    doc.add_paragraph(style=doc.styles["Normal"]).add_run().add_break(WD_BREAK.PAGE)


def _middle(table) -> None:
    """Centre every cell's content vertically (w:vAlign)."""
    for row in table.rows:
        for cell in row.cells:
            cell._tc.get_or_add_tcPr().append(parse_xml(f'<w:vAlign xmlns:w="{S.W_NS}" w:val="center"/>'))


def table(doc, headers: list[str], cells: list[str], widths_mm: list[float], loop_expr: str,
          *, cellbg: str | None = None, total: list[str] | None = None, left: tuple[int, ...] = (),
          fit: bool = False):
    """A table: header row, {%tr for %} row, data row, {%tr endfor %} row, optional total row.

    fit: column widths follow the rendered content (render.layout.fit_tables; the widths given
    here are the starting grid and fix the total width)."""
    rows = 4 + (1 if total else 0)
    t = doc.add_table(rows=rows, cols=len(headers))
    t.style = doc.styles["Table Grid"]
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.autofit = False
    widths = [Twips(round(w * S.MM)) for w in widths_mm]
    for k, w in enumerate(widths):
        t.columns[k].width = w  # w:gridCol: LibreOffice reads widths from the grid
        for row in t.rows:
            row.cells[k].width = w

    def fill(row, texts, style):
        for cell, text in zip(row.cells, texts):
            p = cell.paragraphs[0]
            p.style = doc.styles[style]
            if text:
                p.add_run(text)

    fill(t.rows[0], headers, "表格标题行")
    t.rows[1].cells[0].paragraphs[0].add_run("{%tr for " + loop_expr + " %}")
    t.rows[1].cells[0].paragraphs[0].style = doc.styles["表格文字"]
    data = [(f"{{% cellbg {cellbg} %}}" if cellbg else "") + c for c in cells]
    fill(t.rows[2], data, "表格文字")
    for k in left:  # long text reads better left-aligned
        t.rows[2].cells[k].paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.LEFT
    t.rows[3].cells[0].paragraphs[0].add_run("{%tr endfor %}")
    t.rows[3].cells[0].paragraphs[0].style = doc.styles["表格文字"]
    if total:
        fill(t.rows[4], total, "表格标题行")
    _middle(t)
    if fit:
        t._tbl.tblPr.append(parse_xml(f'<w:tblCaption xmlns:w="{S.W_NS}" w:val="{FIT_MARK}"/>'))
    # header row repeats on every page
    trpr = t.rows[0]._tr.get_or_add_trPr()
    trpr.append(parse_xml(f'<w:tblHeader xmlns:w="{S.W_NS}"/>'))
    return t


def outline_table(doc) -> None:
    """The table of one outline row: header row and body rows, columns looped with {%tc %}."""
    t = doc.add_table(rows=4, cols=3)
    t.style = doc.styles["Table Grid"]
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    texts = [("{%tc for c in b.header %}", "{{ c }}", "{%tc endfor %}"),
             ("{%tr for r in b.rows %}", "", ""),
             ("{%tc for c in r %}", "{{ c }}", "{%tc endfor %}"),
             ("{%tr endfor %}", "", "")]
    for k, (row, cells) in enumerate(zip(t.rows, texts)):
        for cell, text in zip(row.cells, cells):
            p = cell.paragraphs[0]
            p.style = doc.styles["表格标题行" if k == 0 else "表格文字"]
            if text:
                p.add_run(text)
    _middle(t)
    t.rows[0]._tr.get_or_add_trPr().append(parse_xml(f'<w:tblHeader xmlns:w="{S.W_NS}"/>'))


def statement() -> Document:
    """The 情况说明: the title, then every block of the user's outline in order, then the signature.

    A block is a heading (levels 1–4, paragraph styles heading 1–4), a body paragraph, a run-in
    heading (one 公文正文 paragraph whose first run carries the level's character style) or a table.
    """
    doc = new_document()
    P(doc, "{{ title }}", "公文标题")
    ctrl(doc, "for b in blocks")
    first = True
    for level in range(1, 5):
        ctrl(doc, f"{'if' if first else 'elif'} b.kind == 'heading' and b.level == {level}")
        first = False
        P(doc, "{{ b.head }}", f"Heading {level}")
    for level in range(1, 5):
        ctrl(doc, f"elif b.kind == 'runin' and b.level == {level}")
        p = P(doc, "", "公文正文")
        p.add_run("{{ b.head }}", style=doc.styles[S.CHARACTER_STYLES[f"RunIn{level}"]])
        p.add_run("{{ b.text }}")
    ctrl(doc, "elif b.kind == 'para'")
    P(doc, "{{ b.text }}")
    ctrl(doc, "elif b.kind == 'table'")
    outline_table(doc)
    ctrl(doc, "endif")
    ctrl(doc, "endfor")
    P(doc, "", "Normal")
    P(doc, "{{ organ }}", "落款")
    P(doc, "{{ date }}", "落款")
    return doc


def circular() -> Document:
    doc = new_document()
    P(doc, "{{ organ }}", "发文机关标志")
    P(doc, "{{ number }}", "发文字号")
    P(doc, "{{ title }}", "公文标题")
    P(doc, "{{ recipients }}：", "主送机关")
    P(doc, "{{ intro }}")
    P(doc, "{{ h.basic }}基本情况", "Heading 1")
    loop(doc, "t", "basic", "{{ t }}")
    ctrl(doc, "if show.results")
    P(doc, "{{ h.results }}各部门（单位）预算执行情况", "Heading 1")
    loop(doc, "t", "results", "{{ t }}")
    unit = P(doc, "{{ table_unit }}", "落款")
    unit.paragraph_format.right_indent = Twips(0)
    unit.paragraph_format.keep_with_next = True
    table(doc, ["序号", "部门（单位）", "项目数", "预算数", "执行数", "执行率"],
          ["{{ u.rank }}", "{{ u.unit }}", "{{ u.projects }}", "{{ u.budget }}", "{{ u.spent }}",
           "{{r u.rate }}"], [12, 57, 17, 24, 24, 22], "u in units", cellbg="u.bg",
          total=["", "合计", "{{ totals.projects }}", "{{ totals.budget }}", "{{ totals.spent }}",
                 "{{ totals.rate }}"])
    ctrl(doc, "endif")
    ctrl(doc, "if show.problems")
    P(doc, "{{ h.problems }}发现的主要问题", "Heading 1")
    ctrl(doc, "for g in groups")
    P(doc, "{{ g.num }}{{ g.kind }}", "Heading 2")
    P(doc, "{{ g.summary }}")
    loop(doc, "t", "g.details", "{{ t }}")
    ctrl(doc, "endfor")
    ctrl(doc, "endif")
    P(doc, "{{ h.requirements }}整改要求", "Heading 1")
    loop(doc, "t", "requirements[:-1]", "{{ t }}")
    keep(P(doc, "{{ requirements[-1] }}"))
    ctrl(doc, "if has_annex")
    keep(P(doc, "", "Normal"))
    keep(P(doc, "{{ annex }}", "附件说明"))
    ctrl(doc, "endif")
    signature(doc)
    ctrl(doc, "if has_annex")
    page_break(doc)
    P(doc, "附件", "附件标识")
    P(doc, "{{ annex_title }}", "公文标题")
    table(doc, ["序号", "部门（单位）", "问题类型", "项目名称", "问题描述"],
          ["{{ r.seq }}", "{{ r.unit }}", "{{ r.kind }}", "{{ r.project }}", "{{ r.description }}"],
          [14, 30, 24, 32, 56], "r in problem_rows", left=(3, 4), fit=True)
    ctrl(doc, "endif")
    copy_block(doc, "cc_text")
    return doc


def notice() -> Document:
    doc = new_document()
    P(doc, "{{ organ }}", "发文机关标志")
    P(doc, "{{ title }}", "公文标题")
    P(doc, "{{ number }}", "发文字号")
    P(doc, "{{ unit }}：", "主送机关")
    P(doc, "{{ intro }}")
    P(doc, "{{ h.problems }}存在的问题", "Heading 1")
    ctrl(doc, "for p in problems")
    P(doc, "{{ p.num }}{{ p.text }}")
    ctrl(doc, "endfor")
    P(doc, "{{ h.measures }}整改要求", "Heading 1")
    loop(doc, "m", "measures", "{{ m.num }}{{ m.text }}")
    P(doc, "{{ general_measure }}")
    P(doc, "{{ h.deadline }}整改期限", "Heading 1")
    P(doc, "{{ deadline_text }}")
    P(doc, "{{ h.report }}整改情况报送", "Heading 1")
    signature(doc, last_body="{{ report }}")
    P(doc, "- - - - - - - - - - - - - - - 沿此线剪下 - - - - - - - - - - - - - - -", "裁剪线")
    P(doc, "回  执", "公文标题")
    t = doc.add_table(rows=4, cols=2)
    t.style = doc.styles["Table Grid"]
    t.alignment = WD_TABLE_ALIGNMENT.CENTER
    t.autofit = False
    widths = [Twips(round(40 * S.MM)), Twips(round(110 * S.MM))]
    for k, w in enumerate(widths):
        t.columns[k].width = w
        for row in t.rows:
            row.cells[k].width = w
    rows = [("通知编号", "{{ number }}"), ("签收单位", "{{ unit }}"), ("签收人", ""),
            ("签收日期", "　　　　年　　月　　日")]
    for row, (label, value) in zip(t.rows, rows):
        row.height = Twips(680)
        for cell, text, style in ((row.cells[0], label, "表格标题行"), (row.cells[1], value, "表格文字")):
            cell.paragraphs[0].style = doc.styles[style]
            if text:
                cell.paragraphs[0].add_run(text)
    _middle(t)
    P(doc, "请签收后将本回执交回{{ organ }}。", "裁剪线")
    return doc


def normalised_bytes(doc) -> bytes:
    """Saved .docx with fixed zip timestamps, so a rebuild gives the same bytes."""
    raw = io.BytesIO()
    doc.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as zin, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            zi = zipfile.ZipInfo(info.filename, date_time=(1980, 1, 1, 0, 0, 0))
            zi.compress_type = zipfile.ZIP_DEFLATED
            zout.writestr(zi, zin.read(info.filename))
    return out.getvalue()


def opinion() -> Document:
    """绩效目标审核意见书 (perfdoc.opinion builds the context). The closing requirements are template
    text, so a bureau words them its own way by editing a copy of this template."""
    doc = new_document()
    P(doc, "{{ organ }}", "发文机关标志")
    P(doc, "{{ title }}", "公文标题")
    P(doc, "{{ unit }}：", "主送机关")
    P(doc, "{{ intro }}")
    P(doc, "{{ h.conclusion }}审核结论", "Heading 1")
    P(doc, "{{ conclusion }}")
    P(doc, "{{ h.projects }}各项目审核意见", "Heading 1")
    ctrl(doc, "for p in projects")
    P(doc, "{{ p.num }}{{ p.name }}", "Heading 2")
    P(doc, "{{ p.lead }}")
    loop(doc, "t", "p.findings", "{{ t }}")
    ctrl(doc, "endfor")
    P(doc, "{{ h.requirements }}有关要求", "Heading 1")
    ctrl(doc, "if not all_passed")
    P(doc, "请你单位按照上述意见逐条修改完善绩效目标，"
           "{% if deadline %}于{{ deadline }}前{% endif %}将修改后的绩效目标申报表重新报送{{ organ }}。")
    ctrl(doc, "endif")
    ctrl(doc, "if any_rejected")
    P(doc, "审核结论为“不通过”的项目，应重新编制绩效目标，经审核通过后方可纳入预算项目库。")
    ctrl(doc, "endif")
    signature(doc, last_body="请你单位按照审核确定的绩效目标组织项目实施，做好绩效运行监控，确保绩效目标如期实现。")
    copy_block(doc, None)
    return doc


BUILDERS = {"statement.docx": statement, "circular.docx": circular, "notice.docx": notice,
            "opinion.docx": opinion}


def main(argv: list[str]) -> int:
    target = Path(argv[1]) if len(argv) > 1 else OUT
    target.mkdir(parents=True, exist_ok=True)
    for name, build in BUILDERS.items():
        data = normalised_bytes(build())
        (target / name).write_bytes(data)
        print(f"{target / name}  {len(data):,} 字节")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
