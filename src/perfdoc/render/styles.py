"""GB/T 9704 page and paragraph styles, shared by the template builder and the tests.

Styles carry explicit w:eastAsia fonts and no theme attributes (a theme attribute beside an
explicit font wins in Word). Sizes are half-points, spacing and indents twips.
"""
from __future__ import annotations

from xml.sax.saxutils import quoteattr

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"

# A4 and GB/T 9704 margins (mm) → twips
MM = 1440 / 25.4
PAGE = {"width": 11906, "height": 16838}
MARGINS_MM = {"top": 37, "bottom": 35, "left": 28, "right": 26}
MARGINS = {k: round(v * MM) for k, v in MARGINS_MM.items()}
TEXT_WIDTH = PAGE["width"] - MARGINS["left"] - MARGINS["right"]  # ≈ 156 mm

FONT_TITLE = "方正小标宋简体"
FONT_BODY = "仿宋_GB2312"
FONT_H1 = "黑体"
FONT_H2 = "楷体_GB2312"
FONT_PAGE = "宋体"
FONT_LATIN = "Times New Roman"

LINE = 560  # 28 pt fixed line spacing
FIRST_LINE = 640  # two characters of 16 pt
CHAR_SPACING = -5  # −0.25 pt: 28 characters per line in both Word and LibreOffice

# 版记: 4号 (14 pt) text, one character indented on each side, exact 24 pt lines
COPY_CHAR = 280
COPY_INDENT = 280
COPY_LINE = 480
COPY_RULE_GAP = 80 + 20 + 80  # a rule 4 pt from the text, 1 pt thick, and 4 pt of air
# the 印发 frame: one line between two rules, as LibreOffice 7.4 lays it out (measured 40.7 pt)
COPY_LAST_HEIGHT = 820
# Frames at the foot of the text area, one per 版记 paragraph (paragraphs with the same framePr
# would share a frame, which LibreOffice then fails to position). Word and LibreOffice both honour
# yAlign="bottom"; the empty paragraph after them anchors them to the last page.
COPY_FRAME = ('<w:framePr w:w="{width}" w:vSpace="{k}" w:wrap="around" w:vAnchor="margin" w:hAnchor="margin" '
              'w:xAlign="center" w:yAlign="bottom"/>')


def _rpr(east: str, size: int, *, bold: bool = False, color: str | None = None, latin: str = FONT_LATIN,
         spacing: int | None = CHAR_SPACING) -> str:
    parts = [f'<w:rFonts w:ascii="{latin}" w:hAnsi="{latin}" w:eastAsia="{east}" w:cs="{latin}"/>']
    if bold:
        parts.append("<w:b/><w:bCs/>")
    if color:
        parts.append(f'<w:color w:val="{color}"/>')
    if spacing:
        parts.append(f'<w:spacing w:val="{spacing}"/>')
    parts.append(f'<w:sz w:val="{size}"/><w:szCs w:val="{size}"/>')
    return "<w:rPr>" + "".join(parts) + "</w:rPr>"


def _ppr(*, jc: str = "both", line: int | None = LINE, first: int | None = None, left: int = 0,
         right: int = 0, before: int = 0, after: int = 0, outline: int | None = None,
         keep_next: bool = False, border: str = "", extra: str = "", tabs: str = "",
         hanging: int | None = None) -> str:
    parts = []
    if keep_next:
        parts.append("<w:keepNext/>")
    if border:
        parts.append(border)
    if tabs:
        parts.append(tabs)
    rule = f' w:line="{line}" w:lineRule="exact"' if line else ' w:line="240" w:lineRule="auto"'
    parts.append(f'<w:spacing w:before="{before}" w:after="{after}"{rule}/>')
    ind = f'<w:ind w:left="{left}" w:right="{right}"'
    if first:
        ind += f' w:firstLine="{first}" w:firstLineChars="200"' if first == FIRST_LINE else f' w:firstLine="{first}"'
    if hanging:
        ind += f' w:hanging="{hanging}"'
    parts.append(ind + "/>")
    parts.append(f'<w:jc w:val="{jc}"/>')
    if outline is not None:
        parts.append(f'<w:outlineLvl w:val="{outline}"/>')
    parts.append(extra)
    return "<w:pPr>" + "".join(parts) + "</w:pPr>"


def _pstyle(style_id: str, name: str, ppr: str, rpr: str, *, based: str | None = "Normal",
            default: bool = False, next_: str | None = None, ui: int | None = None) -> str:
    attrs = f' w:type="paragraph" w:styleId="{style_id}"' + (' w:default="1"' if default else "")
    inner = f"<w:name w:val={quoteattr(name)}/>"
    if based:
        inner += f'<w:basedOn w:val="{based}"/>'
    if next_:
        inner += f'<w:next w:val="{next_}"/>'
    if ui is not None:
        inner += f'<w:uiPriority w:val="{ui}"/>'
    inner += "<w:qFormat/>"
    return f"<w:style{attrs}>{inner}{ppr}{rpr}</w:style>"


# (style id, display name) of every paragraph style the templates use.
PARAGRAPH_STYLES = {
    "Normal": "Normal",
    "DocBody": "公文正文",
    "DocTitle": "公文标题",
    "Heading1": "heading 1",
    "Heading2": "heading 2",
    "Heading3": "heading 3",
    "Heading4": "heading 4",
    "DocOrgan": "发文机关标志",
    "DocNumber": "发文字号",
    "DocMain": "主送机关",
    "DocSign": "落款",
    "DocAnnex": "附件说明",
    "AnnexLabel": "附件标识",
    "TableText": "表格文字",
    "TableHead": "表格标题行",
    "CopyTo": "版记",
    "CopyToLast": "版记末行",
    "CutLine": "裁剪线",
    "Footer": "footer",
}


# Character styles of a run-in heading ("（一）扩大管理范围。" at the start of a body paragraph):
# the heading font of its level (黑体, 楷体_GB2312, 仿宋 bold, 仿宋).
RUNIN_STYLES = (
    ("段首标题 1", _rpr(FONT_H1, 32)),
    ("段首标题 2", _rpr(FONT_H2, 32)),
    ("段首标题 3", _rpr(FONT_BODY, 32, bold=True)),
    ("段首标题 4", _rpr(FONT_BODY, 32)),
)
CHARACTER_STYLES = {f"RunIn{n}": name for n, (name, _) in enumerate(RUNIN_STYLES, start=1)}


def _cstyle(style_id: str, name: str, rpr: str) -> str:
    return (f'<w:style w:type="character" w:styleId="{style_id}"><w:name w:val={quoteattr(name)}/>'
            f'<w:basedOn w:val="DefaultParagraphFont"/><w:qFormat/>{rpr}</w:style>')


def styles_xml() -> str:
    """The complete word/styles.xml of the built-in templates."""
    body_rpr = _rpr(FONT_BODY, 32)
    styles = [
        _pstyle("Normal", "Normal", _ppr(), body_rpr, based=None, default=True),
        _pstyle("DocBody", "公文正文", _ppr(first=FIRST_LINE), body_rpr, ui=1),
        _pstyle("DocTitle", "公文标题", _ppr(jc="center", line=None, before=0, after=560),
                _rpr(FONT_TITLE, 44, spacing=None), next_="DocBody", ui=2),
        _pstyle("Heading1", "heading 1", _ppr(first=FIRST_LINE, outline=0, keep_next=True),
                _rpr(FONT_H1, 32), next_="DocBody", ui=3),
        _pstyle("Heading2", "heading 2", _ppr(first=FIRST_LINE, outline=1, keep_next=True),
                _rpr(FONT_H2, 32), next_="DocBody", ui=4),
        _pstyle("Heading3", "heading 3", _ppr(first=FIRST_LINE, outline=2, keep_next=True),
                _rpr(FONT_BODY, 32, bold=True), next_="DocBody", ui=4),
        _pstyle("Heading4", "heading 4", _ppr(first=FIRST_LINE, outline=3, keep_next=True),
                _rpr(FONT_BODY, 32), next_="DocBody", ui=4),
        _pstyle("DocOrgan", "发文机关标志", _ppr(jc="center", line=None, after=240),
                _rpr(FONT_TITLE, 60, color="E60000", spacing=None), ui=5),
        _pstyle("DocNumber", "发文字号",
                _ppr(jc="center", after=120, border=(
                    '<w:pBdr><w:bottom w:val="single" w:sz="12" w:space="6" w:color="E60000"/></w:pBdr>')),
                body_rpr, ui=6),
        _pstyle("DocMain", "主送机关", _ppr(), body_rpr, next_="DocBody", ui=7),
        _pstyle("DocSign", "落款", _ppr(jc="right", right=1280), body_rpr, ui=8),
        _pstyle("DocAnnex", "附件说明", _ppr(first=FIRST_LINE), body_rpr, ui=9),
        _pstyle("AnnexLabel", "附件标识", _ppr(jc="left"), _rpr(FONT_H1, 32), ui=10),
        _pstyle("TableText", "表格文字", _ppr(jc="center", line=None, before=20, after=20),
                _rpr(FONT_BODY, 24, spacing=None), ui=11),
        _pstyle("TableHead", "表格标题行", _ppr(jc="center", line=None, before=20, after=20),
                _rpr(FONT_H1, 24, spacing=None), ui=12),
        # 版记 (GB/T 9704 §7.4): two frames at the foot of the last page (see COPY_FRAME). 抄送 lines
        # hang under the first character after "抄送：" and sit right above the 印发 frame;
        # thick rules above and below, a thin one between; 印发日期 on a right tab stop.
        _pstyle("CopyTo", "版记",
                _ppr(left=COPY_INDENT + 3 * COPY_CHAR, right=COPY_INDENT, line=COPY_LINE,
                     hanging=3 * COPY_CHAR,
                     border=('<w:pBdr><w:top w:val="single" w:sz="8" w:space="4" w:color="000000"/></w:pBdr>'),
                     extra=""),
                _rpr(FONT_BODY, 28, spacing=None), ui=13),
        _pstyle("CopyToLast", "版记末行",
                _ppr(left=COPY_INDENT, right=COPY_INDENT, line=COPY_LINE, border=(
                    '<w:pBdr><w:top w:val="single" w:sz="4" w:space="4" w:color="000000"/>'
                    '<w:bottom w:val="single" w:sz="8" w:space="4" w:color="000000"/></w:pBdr>'),
                    tabs=f'<w:tabs><w:tab w:val="right" w:pos="{TEXT_WIDTH - COPY_INDENT}"/></w:tabs>'),
                _rpr(FONT_BODY, 28, spacing=None), ui=13),
        _pstyle("CutLine", "裁剪线", _ppr(jc="center", line=None, before=240, after=240),
                _rpr(FONT_BODY, 24, spacing=None), ui=14),
        _pstyle("Footer", "footer", _ppr(jc="center", line=None),
                _rpr(FONT_PAGE, 28, latin=FONT_PAGE, spacing=None), ui=99),
    ]
    table = (
        '<w:style w:type="table" w:default="1" w:styleId="TableNormal"><w:name w:val="Normal Table"/>'
        '<w:uiPriority w:val="99"/><w:semiHidden/><w:tblPr><w:tblInd w:w="0" w:type="dxa"/>'
        '<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="57" w:type="dxa"/>'
        '<w:bottom w:w="0" w:type="dxa"/><w:right w:w="57" w:type="dxa"/></w:tblCellMar></w:tblPr></w:style>'
        '<w:style w:type="table" w:styleId="TableGrid"><w:name w:val="Table Grid"/><w:basedOn w:val="TableNormal"/>'
        '<w:uiPriority w:val="59"/><w:tblPr><w:tblBorders>'
        + "".join(f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
                  for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
        + '</w:tblBorders></w:tblPr></w:style>'
        '<w:style w:type="character" w:default="1" w:styleId="DefaultParagraphFont">'
        '<w:name w:val="Default Paragraph Font"/><w:uiPriority w:val="1"/><w:semiHidden/></w:style>'
        + "".join(_cstyle(f"RunIn{n}", name, rpr) for n, (name, rpr) in enumerate(RUNIN_STYLES, start=1))
    )
    defaults = (
        "<w:docDefaults><w:rPrDefault><w:rPr>"
        f'<w:rFonts w:ascii="{FONT_LATIN}" w:hAnsi="{FONT_LATIN}" w:eastAsia="{FONT_BODY}" w:cs="{FONT_LATIN}"/>'
        '<w:kern w:val="2"/><w:sz w:val="32"/><w:szCs w:val="32"/>'
        '<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/>'
        "</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:widowControl/>"  # no widow/orphan lines
        f'<w:spacing w:line="{LINE}" w:lineRule="exact"/><w:jc w:val="both"/>'
        "</w:pPr></w:pPrDefault></w:docDefaults>"
    )
    return (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        f'<w:styles xmlns:w="{W_NS}">' + defaults + "".join(styles) + table + "</w:styles>"
    )
