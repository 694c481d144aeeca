"""Writes the imported statement as a workbook: 基本信息, 提纲, 数据 and one sheet per table.

The .xlsx is written directly as SpreadsheetML with inline strings: every cell is text by
construction (a source line starting with = + - @ can never become a formula), and no
spreadsheet library is loaded for it (openpyxl's import alone costs more than the whole import of
a 20-page statement). The file appears atomically (fileio.atomic_output).
"""
from __future__ import annotations

import re
import zipfile
from pathlib import Path
from xml.sax.saxutils import escape

from perfdoc.fileio import atomic_output

OUTLINE_HEADER = ("级别", "标题", "内容", "表格")
FACTS_HEADER = ("名称", "数值", "单位", "公式", "说明", "写法")
INFO_HEADER = ("项目", "内容")

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PKG_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_CT = "application/vnd.openxmlformats-officedocument.spreadsheetml"
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_PLAIN, _BOLD, _WRAP = 0, 1, 2
_STYLES = (
    f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="{_MAIN}">'
    '<fonts count="2"><font><sz val="11"/><name val="宋体"/></font>'
    '<font><b/><sz val="11"/><name val="宋体"/></font></fonts>'
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>'
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>'
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>'
    '<cellXfs count="3"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'
    '<xf numFmtId="0" fontId="1" fillId="0" borderId="0" xfId="0" applyFont="1"/>'
    '<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0" applyAlignment="1">'
    '<alignment vertical="top" wrapText="1"/></xf></cellXfs>'
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>'
)


def _col(n: int) -> str:
    name = ""
    while n:
        n, r = divmod(n - 1, 26)
        name = chr(65 + r) + name
    return name


def _sheet_xml(rows: list[list[str]], widths: tuple[int, ...] = (), header: bool = True,
               wrap: tuple[int, ...] = ()) -> str:
    out = [f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="{_MAIN}">']
    if header:
        out.append('<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" '
                   'activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>')
    if widths:
        out.append("<cols>" + "".join(f'<col min="{i}" max="{i}" width="{w}" customWidth="1"/>'
                                      for i, w in enumerate(widths, 1)) + "</cols>")
    out.append("<sheetData>")
    for r, row in enumerate(rows, 1):
        cells = []
        for c, value in enumerate(row, 1):
            if value == "" or value is None:
                continue
            style = _BOLD if header and r == 1 else (_WRAP if c in wrap else _PLAIN)
            text = escape(_NOT_XML.sub("", str(value)))
            cells.append(f'<c r="{_col(c)}{r}" t="inlineStr"{f" s={chr(34)}{style}{chr(34)}" if style else ""}>'
                         f'<is><t xml:space="preserve">{text}</t></is></c>')
        out.append(f'<row r="{r}">' + "".join(cells) + "</row>")
    out.append("</sheetData></worksheet>")
    return "".join(out)


def write_workbook(out: str | Path, info: list[tuple[str, str]], outline: list[tuple[str, str, str, str]],
                   facts: list[tuple[str, str, str, str, str, str]], tables: dict[str, list[list[str]]]) -> Path:
    sheets = [
        ("基本信息", _sheet_xml([list(INFO_HEADER)] + [list(r) for r in info], (12, 60))),
        ("提纲", _sheet_xml([list(OUTLINE_HEADER)] + [list(r) for r in outline], (6, 28, 100, 10), wrap=(2, 3))),
        ("数据", _sheet_xml([list(FACTS_HEADER)] + [list(r) for r in facts], (24, 14, 8, 16, 60, 18))),
    ] + [(name, _sheet_xml(rows, header=False)) for name, rows in tables.items()]
    sheet_list = "".join(f'<sheet name="{escape(name)}" sheetId="{i}" r:id="rId{i}"/>'
                         for i, (name, _) in enumerate(sheets, 1))
    rels = "".join(f'<Relationship Id="rId{i}" Type="{_REL}/worksheet" Target="worksheets/sheet{i}.xml"/>'
                   for i in range(1, len(sheets) + 1))
    rels += f'<Relationship Id="rId{len(sheets) + 1}" Type="{_REL}/styles" Target="styles.xml"/>'
    overrides = "".join(f'<Override PartName="/xl/worksheets/sheet{i}.xml" ContentType="{_CT}.worksheet+xml"/>'
                        for i in range(1, len(sheets) + 1))
    head = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    parts = {
        "[Content_Types].xml": (
            f'{head}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/xl/workbook.xml" ContentType="{_CT}.sheet.main+xml"/>'
            f'<Override PartName="/xl/styles.xml" ContentType="{_CT}.styles+xml"/>{overrides}</Types>'),
        "_rels/.rels": (
            f'{head}<Relationships xmlns="{_PKG_REL}"><Relationship Id="rId1" '
            f'Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'),
        "xl/workbook.xml": (
            f'{head}<workbook xmlns="{_MAIN}" xmlns:r="{_REL}"><sheets>{sheet_list}</sheets></workbook>'),
        "xl/_rels/workbook.xml.rels": f'{head}<Relationships xmlns="{_PKG_REL}">{rels}</Relationships>',
        "xl/styles.xml": _STYLES,
    }
    for i, (_, xml) in enumerate(sheets, 1):
        parts[f"xl/worksheets/sheet{i}.xml"] = xml
    target = Path(out)
    with atomic_output(target) as tmp:
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as zf:
            for name, xml in parts.items():  # fixed timestamps: the same statement gives the same bytes
                info = zipfile.ZipInfo(name, date_time=(1980, 1, 1, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                zf.writestr(info, xml.encode("utf-8"))
    return target
