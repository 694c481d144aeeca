"""Reads last year's statement into blocks in document order: paragraphs and tables.

.docx is read with the proofreader's reader (perfdoc.lint.reader: Word automatic numbering labels
are put in front of the text, table cells carry their position); .txt is one paragraph per line;
.doc/.wps are converted with LibreOffice first when it is installed.
"""
from __future__ import annotations

import shutil
import subprocess
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from perfdoc.errors import InputError, UnsupportedFileError
from perfdoc.fileio import require_file, sniff

_LEGACY_SUFFIXES = (".doc", ".wps")


@dataclass(slots=True)
class Block:
    """One paragraph (`rows` empty) or one table (`rows`: cell texts, first row = header)."""

    index: int  # 1-based position among the source's blocks, for messages
    text: str = ""
    rows: list[list[str]] = field(default_factory=list)

    @property
    def is_table(self) -> bool:
        return bool(self.rows)


def read_source(path: str | Path) -> list[Block]:
    """Blocks of a .docx/.txt (or .doc/.wps via LibreOffice); bad input raises InputError."""
    p = require_file(path)
    kind = sniff(p)
    if kind == "empty":
        raise InputError("文件是空的，没有可导入的内容", file=p)
    if p.suffix.lower() in _LEGACY_SUFFIXES and kind in ("doc", "xls", "binary", "docx", "zip"):
        return _read_legacy(p)  # old Word / WPS files (OLE2), or a .wps that is really a .docx
    if kind == "docx":
        blocks = _read_docx(p)
    elif kind == "text":
        blocks = _read_txt(p)
    elif kind == "damaged":
        raise InputError("Word 文档已损坏，无法读取（可能没有完整下载或复制）", file=p,
                         hint="请用 Word 打开后另存为 .docx 再试")
    else:
        raise UnsupportedFileError("文件内容不是 Word 文档（.docx）或文本文件（.txt）", file=p,
                                   hint="请把去年的情况说明另存为 .docx 或 UTF-8 编码的 .txt")
    if not any(b.text.strip() or b.rows for b in blocks):
        raise InputError("文件中没有任何段落，无法导入", file=p)
    return blocks


def _read_txt(p: Path) -> list[Block]:
    raw = p.read_bytes()
    for enc in ("utf-8-sig",) + (("utf-16",) if raw.startswith((b"\xff\xfe", b"\xfe\xff")) else ()):
        try:
            text = raw.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise InputError("文本文件不是 UTF-8 编码，无法读取", file=p, hint="请用记事本另存为“UTF-8”编码后再导入")
    blocks: list[Block] = []
    for line in text.splitlines():
        if line.strip():
            blocks.append(Block(len(blocks) + 1, line.strip()))
    return blocks


def _read_docx(p: Path) -> list[Block]:
    from perfdoc.fileio import guard_zip
    from perfdoc.lint.reader import docx_paragraphs, docx_parts, parse_document_xml

    guard_zip(p)
    doc, numbering, styles = docx_parts(p)
    root = parse_document_xml(doc, p)
    blocks: list[Block] = []
    table_no: int | None = None
    cells: dict[tuple[int, int], list[str]] = {}
    for para in docx_paragraphs(root, numbering, styles, p):
        if para.cell is None:
            if table_no is not None:
                blocks.append(_table_block(len(blocks) + 1, cells))
                table_no, cells = None, {}
            blocks.append(Block(len(blocks) + 1, para.text.strip()))
            continue
        number, r, c = para.cell
        if table_no is not None and number != table_no:
            blocks.append(_table_block(len(blocks) + 1, cells))
            cells = {}
        table_no = number
        cells.setdefault((r, c), []).append(para.text.strip())
    if table_no is not None:
        blocks.append(_table_block(len(blocks) + 1, cells))
    return blocks


def _table_block(index: int, cells: dict[tuple[int, int], list[str]]) -> Block:
    """Cell texts on a grid; merged or empty cells stay empty strings."""
    n_rows = max(r for r, _ in cells) + 1
    n_cols = max(c for _, c in cells) + 1
    rows = [["" for _ in range(n_cols)] for _ in range(n_rows)]
    for (r, c), texts in cells.items():
        rows[r][c] = "\n".join(t for t in texts if t)
    rows = [row for row in rows if any(cell for cell in row)]
    return Block(index, rows=rows)


def _read_legacy(p: Path) -> list[Block]:
    """A .doc/.wps converted to .docx by LibreOffice (own profile, temporary folder)."""
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    if soffice is None:
        raise UnsupportedFileError("这是旧版 Word/WPS 文件，本机未安装 LibreOffice，无法转换", file=p,
                                   hint="请在 Word 或 WPS 中另存为 .docx 后再导入")
    with tempfile.TemporaryDirectory(prefix="perfdoc-import-") as tmp:
        tmp_dir = Path(tmp)
        src = tmp_dir / ("source" + (p.suffix.lower() or ".doc"))
        shutil.copyfile(p, src)  # the user's file is never opened by LibreOffice in place
        profile = (tmp_dir / "profile").as_uri()
        try:
            subprocess.run(
                [soffice, f"-env:UserInstallation={profile}", "--headless", "--convert-to", "docx",
                 "--outdir", str(tmp_dir), str(src)],
                check=False, capture_output=True, timeout=120,
            )
        except (OSError, subprocess.TimeoutExpired):
            raise InputError("用 LibreOffice 转换旧版文件失败", file=p,
                             hint="请在 Word 或 WPS 中另存为 .docx 后再导入") from None
        out = tmp_dir / "source.docx"
        if not out.exists() or sniff(out) != "docx":
            raise InputError("用 LibreOffice 转换旧版文件失败，文件可能已损坏", file=p,
                             hint="请在 Word 或 WPS 中另存为 .docx 后再导入")
        blocks = _read_docx(out)
    if not any(b.text.strip() or b.rows for b in blocks):
        raise InputError("文件中没有任何段落，无法导入", file=p)
    return blocks
