"""Safe reading and atomic writing of users' files.

Every reader sniffs content (not the file name), guards zip containers against bombs, and opens
workbooks with openpyxl (which uses defusedxml when it is installed). Every writer goes through
`atomic_output`, so an error leaves no half-written file. Users' input files are never modified.
"""
from __future__ import annotations

import contextlib
import os
import tempfile
import zipfile
from collections.abc import Iterator
from pathlib import Path

from perfdoc.config import load_config
from perfdoc.errors import InputError, TooLargeError, UnsupportedFileError, UsageError

KIND_NAMES = {
    "xlsx": "Excel 工作簿（.xlsx）",
    "docx": "Word 文档（.docx）",
    "xls": "旧版 Excel 文件（.xls）",
    "doc": "旧版 Word 文件（.doc）",
    "zip": "压缩包",
    "text": "文本文件",
    "binary": "二进制文件",
    "empty": "空文件",
    "damaged": "已损坏的文件",
}


def sniff(path: str | Path) -> str:
    """What a file really is, from its bytes: xlsx, docx, zip, xls/doc, damaged, text, binary or empty."""
    p = Path(path)
    with p.open("rb") as fh:
        head = fh.read(8192)
    if not head:
        return "empty"
    if head.startswith(b"PK\x03\x04"):
        try:
            with zipfile.ZipFile(p) as zf:
                names = set(zf.namelist())
        except (zipfile.BadZipFile, OSError):
            return "damaged"  # a zip signature but no readable directory: truncated or corrupted
        if "xl/workbook.xml" in names:
            return "xlsx"
        if "word/document.xml" in names:
            return "docx"
        return "zip"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        # OLE2: legacy .xls/.doc; the name tells which one the user meant
        return "doc" if p.suffix.lower() == ".doc" else "xls"
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "binary"
    return "text"


def require_file(path: str | Path) -> Path:
    p = Path(path)
    if not p.exists():
        raise InputError("文件不存在", file=p, hint="检查路径是否正确")
    if not p.is_file():
        raise InputError("不是一个文件", file=p)
    if p.stat().st_size == 0:
        raise InputError("文件是空的", file=p)
    return p


def guard_zip(path: str | Path) -> None:
    """Refuse a zip container with too many members or too large an uncompressed size."""
    limits = load_config().limits
    p = Path(path)
    try:
        with zipfile.ZipFile(p) as zf:
            infos = zf.infolist()
    except (zipfile.BadZipFile, OSError):
        raise InputError("文件已损坏，无法作为 Office 文档打开", file=p, hint="请用 Excel/Word 另存后重试") from None
    if len(infos) > limits.zip_max_members:
        raise TooLargeError(
            f"文件内部包含 {len(infos)} 个部件，超过上限 {limits.zip_max_members}", file=p,
            hint="疑似异常文件，请检查来源",
        )
    total = sum(i.file_size for i in infos)
    if total > limits.zip_max_uncompressed_mb * 1024 * 1024:
        raise TooLargeError(
            f"文件解压后约 {total / 1024 / 1024:.0f} MB，超过上限 {limits.zip_max_uncompressed_mb:.0f} MB",
            file=p, hint="疑似压缩炸弹或异常文件",
        )


def expect_kind(path: str | Path, allowed: tuple[str, ...]) -> str:
    """Sniff the file and refuse it unless it is one of `allowed` kinds; zip kinds are guarded."""
    p = require_file(path)
    kind = sniff(p)
    if kind == "damaged":
        raise UnsupportedFileError("文件已损坏，无法打开（可能没有完整下载或复制）", file=p,
                                   hint="请用 Excel/Word 打开后另存再试")
    if kind not in allowed:
        wanted = "、".join(KIND_NAMES.get(k, k) for k in allowed)
        got = KIND_NAMES.get(kind, kind)
        hint = "请在 Excel/Word 中另存为新格式" if kind in ("xls", "doc") else None
        raise UnsupportedFileError(f"文件内容是{got}，这里需要{wanted}", file=p, hint=hint)
    if kind in ("xlsx", "docx", "zip"):
        guard_zip(p)
    return kind


def open_workbook(path: str | Path, *, read_only: bool = False, data_only: bool = True):
    """Open a .xlsx safely; any failure becomes an InputError naming the file."""
    import openpyxl  # heavy-ish; only when a workbook is actually read

    p = Path(path)
    expect_kind(p, ("xlsx",))
    try:
        return openpyxl.load_workbook(p, read_only=read_only, data_only=data_only)
    except Exception as exc:  # openpyxl raises many kinds on damaged parts
        raise InputError(f"工作簿已损坏或格式不受支持（{type(exc).__name__}）", file=p,
                         hint="请用 Excel 打开后另存为 .xlsx 再试") from None


def read_text(path: str | Path) -> str:
    """Decode a text file (UTF-8, UTF-8 with BOM, UTF-16 or GB18030); refuse binary content."""
    p = require_file(path)
    kind = sniff(p)
    if kind != "text":
        raise UnsupportedFileError(f"文件内容是{KIND_NAMES.get(kind, kind)}，不是文本文件", file=p)
    raw = p.read_bytes()
    for enc in ("utf-8-sig", "utf-16", "gb18030"):
        if enc == "utf-16" and not raw.startswith((b"\xff\xfe", b"\xfe\xff")):
            continue
        try:
            return raw.decode(enc)
        except UnicodeDecodeError:
            continue
    raise InputError("无法识别文件的文字编码", file=p, hint="请另存为 UTF-8 编码")


def refuse_same_path(source: str | Path, target: str | Path) -> None:
    """Never write over the user's input."""
    s, t = Path(source).resolve(), Path(target).resolve()
    if s == t or (t.exists() and s.exists() and os.path.samefile(s, t)):
        raise UsageError("输出文件不能与输入文件相同", file=t, hint="请指定另一个输出路径（-o）")


# --- cells ----------------------------------------------------------------------------------

# OWASP CSV/formula injection: a cell whose text starts with one of these may be taken for a
# formula (or a DDE call) by Excel, WPS or LibreOffice.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def cell_text(value):
    """The value as perfdoc writes it into a spreadsheet cell: text that cannot become a formula.

    Strings starting with = + - @, tab or CR get a leading apostrophe (the OWASP rule); other
    values (numbers, dates, None) are returned unchanged. Messages show the original text.
    """
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def set_cell(ws, row: int, column: int, value):
    """Write `value` into ws[row, column] through `cell_text`; strings always stay data_type "s"."""
    cell = ws.cell(row=row, column=column)
    safe = cell_text(value)
    cell.value = safe
    if isinstance(safe, str):
        cell.data_type = "s"
    return cell


def append_row(ws, values) -> None:
    """ws.append(values) with every string passed through `cell_text` (never a formula)."""
    ws.append([cell_text(v) for v in values])


# --- atomic writes -------------------------------------------------------------------------

def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def normal_mode(path: str | Path, *, directory: bool = False) -> None:
    """Give `path` the mode a plain open()/mkdir() would have given it under the user's umask.

    mkstemp/mkdtemp create 0600/0700 entries, and the rename keeps that mode.
    """
    os.chmod(path, (0o777 if directory else 0o666) & ~_umask())


@contextlib.contextmanager
def atomic_output(target: str | Path) -> Iterator[Path]:
    """Yield a temporary path beside `target`; rename it into place only if the block succeeds.

    The file gets the mode a normal write would get under the umask. The temporary file is
    registered with `perfdoc.cleanup`, so SIGTERM removes it too.
    """
    from perfdoc import cleanup

    t = Path(target)
    t.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{t.stem}.", suffix=t.suffix + ".part", dir=t.parent)
    os.close(fd)
    tmp_path = Path(tmp)
    cleanup.register(tmp_path)
    try:
        yield tmp_path
        if tmp_path.exists():
            normal_mode(tmp_path)
        os.replace(tmp_path, t)
    except BaseException:
        tmp_path.unlink(missing_ok=True)
        raise
    finally:
        cleanup.unregister(tmp_path)


@contextlib.contextmanager
def atomic_directory(target: str | Path) -> Iterator[Path]:
    """Yield a temporary folder beside `target`; its files move into `target` only on success.

    Files already in `target` that the batch does not write are left alone.
    """
    from perfdoc import cleanup

    t = Path(target)
    t.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".perfdoc-", dir=t))
    cleanup.register(tmp)
    try:
        yield tmp
        for item in sorted(tmp.iterdir()):
            if item.is_file():
                normal_mode(item)
            os.replace(item, t / item.name)
    finally:
        cleanup.remove(tmp)
        cleanup.unregister(tmp)
