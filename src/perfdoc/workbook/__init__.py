"""The yearly data: schema (pydantic), readers for .xlsx/.yaml/.json, derived figures, blank workbook."""
from __future__ import annotations

from pathlib import Path

from perfdoc.errors import UnsupportedFileError


_CACHE: dict[tuple, object] = {}
_CACHE_SIZE = 8


def load(path: str | Path, *, require: tuple[str, ...] = ()):
    """Read one yearly workbook (.xlsx) or its YAML/JSON twin into a YearData.

    The same content read again (e.g. statement, circular and notices from one upload) comes
    from a small in-process cache keyed by file name and content hash; treat it as read-only.
    """
    import hashlib

    from perfdoc.fileio import require_file

    p = require_file(path)  # callers treat the returned YearData as read-only
    raw = p.read_bytes()
    key = (p.name, hashlib.sha256(raw).hexdigest(), tuple(require))
    hit = _CACHE.get(key)
    if hit is not None:
        return hit
    data = _read(p, require)
    if len(_CACHE) >= _CACHE_SIZE:
        _CACHE.pop(next(iter(_CACHE)))
    _CACHE[key] = data
    return data


def clear_cache() -> None:
    _CACHE.clear()


def _read(p: Path, require: tuple[str, ...]):
    from perfdoc.fileio import sniff

    kind = sniff(p)
    suffix = p.suffix.lower()
    if kind == "xlsx":
        from perfdoc.workbook.excel import read_xlsx

        return read_xlsx(p, require=require)
    if kind == "text" and suffix in (".yaml", ".yml", ".json"):
        from perfdoc.workbook.yamlio import read_yaml

        return read_yaml(p, require=require)
    if kind in ("zip", "damaged") or (kind == "text" and suffix == ".xlsx"):
        from perfdoc.fileio import open_workbook

        open_workbook(p)  # raises the precise "damaged workbook" error
    raise UnsupportedFileError("数据文件应为 Excel 工作簿（.xlsx）或 YAML/JSON 文件", file=p,
                               hint="可用 perfdoc init-data 生成空白工作簿")
