"""Hostile and damaged Office files, built at test time from real ones (nothing big is committed)."""
from __future__ import annotations

import io
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
GOALS = ROOT / "examples" / "goals-example.xlsx"
YEARLY = ROOT / "examples" / "chengjiang-2023.xlsx"

LAUGHS = (b'<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lollollollollollollollollollol">'
          + b"".join(b'<!ENTITY lol%d "%s">' % (k, (b"&lol%d;" % (k - 1) if k > 1 else b"&lol;") * 10)
                     for k in range(1, 10))
          + b"]>\n")
XXE = b'<?xml version="1.0"?>\n<!DOCTYPE x [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n'


def members(path: Path) -> list[tuple[zipfile.ZipInfo, bytes]]:
    with zipfile.ZipFile(path) as zf:
        return [(i, zf.read(i.filename)) for i in zf.infolist()]


def rezip(src: Path, dst: Path, changes: dict[str, bytes | None] | None = None, *,
          extra: list[tuple[str, bytes]] | None = None, level: int = 6) -> Path:
    """Copy the zip `src` to `dst`, replacing (or with None dropping) the named members."""
    changes = changes or {}
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED, compresslevel=level) as zout:
        for info, data in members(src):
            new = changes.get(info.filename, data)
            if new is not None:
                zout.writestr(info.filename, new)
        for name, data in extra or []:
            zout.writestr(name, data)
    return dst


def with_doctype(xml: bytes, doctype: bytes, entity: bytes) -> bytes:
    """The part with a DOCTYPE and the entity referenced inside its root element."""
    body = xml.split(b"?>", 1)[1] if xml.startswith(b"<?xml") else xml
    close = body.rfind(b"</")
    return doctype + body[:close] + entity + body[close:]


def sample_docx(path: Path, paragraphs: int = 5) -> Path:
    import docx

    d = docx.Document()
    d.add_paragraph("一、基本情况", style="List Number")
    for k in range(paragraphs):
        d.add_paragraph(f"全市共纳入指标{k + 10}条，其中部门整体指标{k + 3}条。")
    t = d.add_table(rows=2, cols=2)
    t.cell(0, 0).text = "项目"
    t.cell(0, 1).text = "金额"
    d.save(str(path))
    return path


def xlsx_inflating(path: Path, megabytes: int = 290) -> Path:
    """A real 申报表 whose first sheet is replaced by `megabytes` of cells (~15 bytes each)."""
    head = (b'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/'
            b'spreadsheetml/2006/main"><sheetData>')
    row = b'<row r="1">' + b'<c r="A1" t="n"><v>1</v></c>' * 1000 + b"</row>"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zout:
        for info, data in members(GOALS):
            if info.filename == "xl/worksheets/sheet1.xml":
                with zout.open(info.filename, "w", force_zip64=True) as fh:
                    fh.write(head)
                    for _ in range(megabytes * 1024 * 1024 // len(row)):
                        fh.write(row)
                    fh.write(b"</sheetData></worksheet>")
            else:
                zout.writestr(info.filename, data)
    return path


def docx_paragraphs(path: Path, count: int = 2_800_000) -> Path:
    src = sample_docx(path.with_name("base.docx"))
    doc = dict((i.filename, d) for i, d in members(src))["word/document.xml"]
    cut = doc.rfind(b"<w:sectPr")
    return rezip(src, path, {"word/document.xml": doc[:cut] + b"<w:p/>" * count + doc[cut:]}, level=9)


def docx_long_text(path: Path, count: int = 19_000) -> Path:
    """A draft of `count` real-looking paragraphs of 480 characters (10 million in all)."""
    src = sample_docx(path.with_name("base.docx"))
    doc = dict((i.filename, d) for i, d in members(src))["word/document.xml"]
    cut = doc.rfind(b"<w:sectPr")
    para = ("全市共纳入绩效指标2496条，其中部门整体绩效指标538条，项目支出绩效指标1958条。" * 12).encode()
    body = (b"<w:p><w:r><w:t>" + para + b"</w:t></w:r></w:p>") * count
    return rezip(src, path, {"word/document.xml": doc[:cut] + body + doc[cut:]}, level=9)


def many_members(src: Path, path: Path, count: int = 100_000) -> Path:
    return rezip(src, path, extra=[(f"customXml/bomb{k}.xml", b"") for k in range(count)], level=1)


def bad_crc(src: Path, path: Path, member: str) -> Path:
    """Flip one byte of a stored member's data: the CRC check fails on read."""
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zout:
        for info, data in members(src):
            zout.writestr(info.filename, data,
                          compress_type=zipfile.ZIP_STORED if info.filename == member else zipfile.ZIP_DEFLATED)
    raw = bytearray(buf.getvalue())
    with zipfile.ZipFile(io.BytesIO(bytes(raw))) as zf:
        info = zf.getinfo(member)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    mid = start + info.compress_size // 2
    raw[mid] = (raw[mid] + 1) % 256
    path.write_bytes(bytes(raw))
    return path
