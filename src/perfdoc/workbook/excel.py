"""Read the yearly workbook (.xlsx): sheets by name, columns by Chinese header, any order."""
from __future__ import annotations

from pathlib import Path

from perfdoc.errors import InputError, PerfdocError, TooLargeError
from perfdoc.fileio import open_workbook
from perfdoc.workbook.schema import KEY_HEADER, SHEETS, Loc, YearData
from perfdoc.workbook.tables import (
    RawCell, RawRow, RawSheet, build, norm_header, table_cell, table_names, table_rows,
)

_HEADER_SCAN_ROWS = 6  # a title or note line may sit above the header row


def _known_headers() -> dict[str, set[str]]:
    out = {}
    for s in SHEETS:
        names = {norm_header(c.header) for c in s.columns} | {norm_header(a) for c in s.columns for a in c.aliases}
        if s.keyvalue:
            names = {norm_header(KEY_HEADER)}
        out[norm_header(s.name)] = names
    return out


def _read_sheet(ws, file: str, known: set[str], max_rows: int) -> RawSheet:
    rows = ws.iter_rows(values_only=True)
    buffered = []
    header_index = None
    for i, values in enumerate(rows, start=1):
        buffered.append(values)
        normed = {norm_header(v) for v in values if v is not None}
        if known & normed:
            header_index = i
            break
        if i >= _HEADER_SCAN_ROWS:
            break
    if header_index is None:  # no recognisable header: take the first non-empty row
        header_index = next((i for i, v in enumerate(buffered, 1) if any(x is not None for x in v)), 1)
    header_values = buffered[header_index - 1] if buffered else ()
    headers: dict[str, str] = {}
    positions: dict[int, str] = {}
    from openpyxl.utils import get_column_letter

    for j, v in enumerate(header_values):
        h = norm_header(v)
        if h and h not in headers:
            headers[h] = str(v).strip()
            positions[j] = h
    raw_rows: list[RawRow] = []
    remaining = buffered[header_index:]
    labels = {j: f"{headers[h]}（{get_column_letter(j + 1)}列）" for j, h in positions.items()}
    title = ws.title

    def consume(r_index: int, values) -> None:
        n = len(values)
        cells = {h: RawCell(values[j] if j < n else None, Loc(file, title, r_index, labels[j]))
                 for j, h in positions.items()}
        raw_rows.append(RawRow(cells, Loc(file, title, r_index)))

    r = header_index
    for values in remaining:
        r += 1
        consume(r, values)
    for values in rows:
        r += 1
        if r > max_rows:
            raise TooLargeError(f"工作表行数超过上限 {max_rows}", file=file, sheet=ws.title)
        if all(v is None for v in values):
            continue
        consume(r, values)
    return RawSheet(ws.title, headers, raw_rows, Loc(file, ws.title, header_index))


def read_xlsx(path: str | Path, *, require: tuple[str, ...] = ()) -> YearData:
    from perfdoc.config import load_config

    p = Path(path)
    wb = open_workbook(p, read_only=True, data_only=True)
    try:
        known = _known_headers()
        max_rows = load_config().limits.max_rows
        raws = []
        for ws in wb.worksheets:
            key = norm_header(ws.title)
            if key not in known:
                continue
            try:
                raws.append(_read_sheet(ws, p.name, known[key], max_rows))
            except PerfdocError:
                raise
            except Exception as exc:  # read-only mode parses sheet XML lazily, here
                raise InputError(f"工作表内容已损坏，无法读取（{type(exc).__name__}）", file=p, sheet=ws.title,
                                 hint="请用 Excel 打开后另存为 .xlsx 再试") from None
        tables = {}
        for name in table_names(raws):
            if name not in wb.sheetnames:
                continue  # build() names the 提纲 row
            rows = []
            for r, cells in enumerate(wb[name].iter_rows(), start=1):
                if r > max_rows:
                    raise TooLargeError(f"工作表行数超过上限 {max_rows}", file=p.name, sheet=name)
                rows.append([table_cell(c.value, getattr(c, "number_format", None)) for c in cells])
            tables[name] = table_rows(rows)
    finally:
        wb.close()
    return build(raws, p.name, require=require, tables=tables)
