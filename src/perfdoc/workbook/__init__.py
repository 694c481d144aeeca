"""The yearly data: schema (pydantic), readers for .xlsx/.yaml/.json, derived figures, blank workbook."""
from __future__ import annotations

from pathlib import Path

from perfdoc.errors import UnsupportedFileError


def load(path: str | Path, *, require: tuple[str, ...] = ()):
    """Read one yearly workbook (.xlsx) or its YAML/JSON twin into a YearData."""
    from perfdoc.fileio import require_file, sniff

    p = require_file(path)
    kind = sniff(p)
    suffix = p.suffix.lower()
    if kind == "xlsx":
        from perfdoc.workbook.excel import read_xlsx

        return read_xlsx(p, require=require)
    if kind == "text" and suffix in (".yaml", ".yml", ".json"):
        from perfdoc.workbook.yamlio import read_yaml

        return read_yaml(p, require=require)
    if kind == "zip" or (kind == "text" and suffix == ".xlsx"):
        from perfdoc.fileio import open_workbook

        open_workbook(p)  # raises the precise "damaged workbook" error
    raise UnsupportedFileError("数据文件应为 Excel 工作簿（.xlsx）或 YAML/JSON 文件", file=p,
                               hint="可用 perfdoc init-data 生成空白工作簿")
