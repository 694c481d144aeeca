"""From raw sheets (header → cell value, with locations) to a validated YearData.

Both readers (xlsx and yaml/json) hand over the same raw shape, so the cleaning rules — full-width
digits, numbers stored as text, thousands separators, stray whitespace — live here once.
"""
from __future__ import annotations

import datetime as dt
import difflib
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from pydantic import ValidationError

from perfdoc.errors import DataError, InputError
from perfdoc.workbook.schema import (
    INSTRUCTIONS_SHEET, KEY_HEADER, SHEET_BY_NAME, SHEETS, VALUE_HEADER, Col, Loc, Sheet, YearData,
)

# Control characters break WordprocessingML and docxtpl reads \a \f \t as layout commands.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_UNIT_SUFFIX = re.compile(r"[（(](万元|元|分|%|％|个|人|条|份|次)[）)]$")
_DATE_PATTERNS = (
    re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$"),
)
_TRUE = {"是", "y", "yes", "true", "1", "√", "有"}
_FALSE = {"否", "n", "no", "false", "0", "×", "无", ""}


@dataclass
class RawCell:
    value: Any
    loc: Loc


@dataclass
class RawRow:
    cells: dict[str, RawCell]  # normalised header → cell
    loc: Loc  # row location (column None)


@dataclass
class RawSheet:
    name: str
    headers: dict[str, str]  # normalised header → header as written
    rows: list[RawRow]
    loc: Loc


def norm_header(text: Any) -> str:
    """Header as compared: NFKC (full-width → half-width), no whitespace, no unit suffix."""
    s = unicodedata.normalize("NFKC", str(text or ""))
    s = re.sub(r"\s+", "", s)
    return _UNIT_SUFFIX.sub("", s)


def clean_text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    s = _CONTROL.sub("", str(value)).replace("\r\n", "\n").replace("\r", "\n").strip()
    return s or None


def _number_text(value: Any) -> str:
    s = unicodedata.normalize("NFKC", str(value)).strip()
    s = re.sub(r"\s+", "", s)
    for suffix in ("万元", "元", "分", "%", "个", "人次", "人", "条", "份", "次", "项"):
        if s.endswith(suffix):
            s = s[: -len(suffix)]
            break
    if re.fullmatch(r"[+-]?\d{1,3}(,\d{3})+(\.\d+)?", s):
        s = s.replace(",", "")
    return s


def parse_cell(value: Any, col: Col, loc: Loc) -> Any:
    """Typed value of one cell; None for blank; DataError naming the cell otherwise."""
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    kind = col.kind

    def bad(what: str) -> DataError:
        return DataError(f"“{value}”不是有效的{what}", file=loc.file, sheet=loc.sheet,
                         row=loc.row, column=loc.column)

    if kind in ("text", "grade"):
        text = clean_text(value)
        if text is not None and kind == "grade":
            text = unicodedata.normalize("NFKC", text).strip("“”\"")
            if text not in ("优", "良", "中", "差"):
                raise bad("等级（应为 优/良/中/差）")
        if text is not None and col.choices and kind == "text" and text not in col.choices:
            raise DataError(f"“{text}”不是可选值之一（{'、'.join(col.choices)}）", file=loc.file,
                            sheet=loc.sheet, row=loc.row, column=loc.column)
        return text
    if kind == "bool":
        if isinstance(value, bool):
            return value
        s = unicodedata.normalize("NFKC", str(value)).strip().lower()
        if s in _TRUE:
            return True
        if s in _FALSE:
            return False
        raise bad("是/否值")
    if kind == "date":
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        s = unicodedata.normalize("NFKC", str(value)).strip()
        for pat in _DATE_PATTERNS:
            m = pat.match(s)
            if m:
                try:
                    return dt.date(int(m[1]), int(m[2]), int(m[3]))
                except ValueError:
                    break
        raise bad("日期（如 2023-12-31 或 2023年12月31日）")
    # numbers
    if isinstance(value, bool):
        raise bad("数字")
    if isinstance(value, int):
        number = Decimal(value)
    elif isinstance(value, float):
        number = Decimal(repr(value))
    else:
        try:
            number = Decimal(_number_text(value))
        except InvalidOperation:
            raise bad("数字") from None
        if not number.is_finite():
            raise bad("数字")
    if kind == "int":
        if number != number.to_integral_value():
            raise bad("整数")
        if number < 0:
            raise bad("数量（不能为负数）")
        return int(number)
    if kind in ("amount", "score", "rate") and number < 0:
        raise bad("数值（不能为负数）")
    if kind == "score" and number > 100:
        raise bad("百分制得分（应在 0–100 之间）")
    return number


def _closest(name: str, options: list[str]) -> str | None:
    found = difflib.get_close_matches(name, options, n=1, cutoff=0.6)
    return found[0] if found else None


def _keyvalue(sheet: Sheet, raw: RawSheet) -> tuple[dict, dict]:
    by_key = {norm_header(c.header): c for c in sheet.columns}
    for c in sheet.columns:
        for a in c.aliases:
            by_key[norm_header(a)] = c
    key_h, val_h = norm_header(KEY_HEADER), norm_header(VALUE_HEADER)
    for needed in (key_h, val_h):
        if needed not in raw.headers:
            raise InputError(f"缺少“{KEY_HEADER if needed == key_h else VALUE_HEADER}”列",
                             file=raw.loc.file, sheet=raw.name, hint="该表应有“项目”“内容”两列")
    values: dict[str, Any] = {}
    locs: dict[str, Loc] = {}
    for row in raw.rows:
        key_cell = row.cells.get(key_h)
        key = norm_header(key_cell.value) if key_cell and key_cell.value is not None else ""
        if not key:
            continue
        col = by_key.get(key)
        if col is None:
            near = _closest(key, [norm_header(c.header) for c in sheet.columns])
            raise DataError(f"无法识别的项目“{key_cell.value}”", file=key_cell.loc.file, sheet=raw.name,
                            row=key_cell.loc.row, column=KEY_HEADER,
                            hint=f"是否应为“{near}”" if near else "请对照填表说明")
        cell = row.cells.get(val_h)
        loc = Loc(raw.loc.file, raw.name, row.loc.row, f"{VALUE_HEADER}（{col.header}）")
        value = parse_cell(cell.value if cell else None, col, loc)
        if col.attr in values and values[col.attr] is not None and value is not None:
            raise DataError(f"项目“{col.header}”重复填写", file=loc.file, sheet=raw.name, row=row.loc.row,
                            column=KEY_HEADER)
        if value is not None or col.attr not in values:
            values[col.attr] = value
            locs[col.attr] = loc
    for col in sheet.columns:
        if col.required and values.get(col.attr) is None:
            raise DataError(f"必填项目“{col.header}”未填写", file=raw.loc.file, sheet=raw.name,
                            column=VALUE_HEADER)
    return {k: v for k, v in values.items() if v is not None}, locs


def _rows(sheet: Sheet, raw: RawSheet) -> tuple[list[dict], dict]:
    lookup: dict[str, Col] = {}
    for c in sheet.columns:
        lookup[norm_header(c.header)] = c
        for a in c.aliases:
            lookup[norm_header(a)] = c
    present = {lookup[h].attr for h in raw.headers if h in lookup}
    for c in sheet.columns:
        if c.required and c.attr not in present:
            raise InputError(f"缺少“{c.header}”列", file=raw.loc.file, sheet=raw.name,
                             row=raw.loc.row, hint="列名须与填表说明一致，列的顺序不限")
    items: list[dict] = []
    locs: dict[str, Loc] = {}
    for row in raw.rows:
        item: dict[str, Any] = {}
        row_locs: dict[str, Loc] = {}
        for h, cell in row.cells.items():
            col = lookup.get(h)
            if col is None:
                continue
            value = parse_cell(cell.value, col, cell.loc)
            row_locs[col.attr] = cell.loc
            if value is not None:
                item[col.attr] = value
        if not item:
            continue  # blank row
        for c in sheet.columns:
            if c.required and item.get(c.attr) is None:
                raise DataError(f"“{c.header}”不能为空", file=row.loc.file, sheet=raw.name,
                                row=row.loc.row, column=raw.headers.get(norm_header(c.header), c.header))
        index = len(items)
        for attr, loc in row_locs.items():
            locs[f"{sheet.attr}.{index}.{attr}"] = loc
        locs[f"{sheet.attr}.{index}"] = row.loc
        items.append(item)
    return items, locs


def table_cell(value: Any, number_format: str | None = None) -> str:
    """One cell of a sheet shown as a table in the statement: its text as the workbook shows it."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return f"{value.year}年{value.month}月{value.day}日"
    if isinstance(value, (int, float, Decimal)):
        fmt = number_format or ""
        m = re.search(r"0\.(0+)", fmt)
        places = len(m.group(1)) if m else None
        grouping = "#,##" in fmt
        if places is None:
            if isinstance(value, float) and value.is_integer():
                value = int(value)
            text = str(value) if not isinstance(value, float) else repr(value)
            if grouping:
                text = f"{Decimal(text):,}"
            return text
        number = Decimal(repr(value) if isinstance(value, float) else str(value))
        return f"{number:,.{places}f}" if grouping else f"{number:.{places}f}"
    return clean_text(value) or ""


def table_rows(rows) -> list[list[str]]:
    """Rows of cell texts without blank rows and without trailing blank columns."""
    out = [list(r) for r in rows if any(c for c in r)]
    width = max((max((k + 1 for k, c in enumerate(r) if c), default=0) for r in out), default=0)
    return [(r + [""] * width)[:width] for r in out]


def table_names(raws: list[RawSheet]) -> list[str]:
    """Sheet names the 提纲 sheet's 表格 column refers to (other than the schema's own sheets, which
    are shown from their typed rows), in order of first mention."""
    names: list[str] = []
    for raw in raws:
        if norm_header(raw.name) != norm_header("提纲"):
            continue
        for row in raw.rows:
            cell = row.cells.get(norm_header("表格"))
            name = clean_text(cell.value) if cell is not None else None
            if name and name not in names and name not in SHEET_BY_NAME:  # known sheets: typed rows
                names.append(name)
    return names


def build(raws: list[RawSheet], file: str, *, require: tuple[str, ...] = (),
          tables: dict[str, list[list[str]]] | None = None) -> YearData:
    """Validate raw sheets into a YearData; `require` names sheets that must be present;
    `tables` are the sheets 提纲 shows as tables (name → rows of cell texts)."""
    by_name = {}
    for raw in raws:
        key = norm_header(raw.name)
        if key == norm_header(INSTRUCTIONS_SHEET):
            continue
        by_name[key] = raw
    for name in require:
        if norm_header(name) not in by_name:
            raise InputError(f"缺少工作表“{name}”", file=file,
                             hint="可用 perfdoc init-data 生成空白工作簿对照")
    data: dict[str, Any] = {}
    locs: dict[str, Loc] = {}
    present: set[str] = set()
    for sheet in SHEETS:
        raw = by_name.get(norm_header(sheet.name))
        if raw is None:
            continue
        present.add(sheet.attr)
        if sheet.keyvalue:
            values, kv_locs = _keyvalue(sheet, raw)
            data[sheet.attr] = values
            locs.update({f"{sheet.attr}.{k}": v for k, v in kv_locs.items()})
        else:
            items, row_locs = _rows(sheet, raw)
            data[sheet.attr] = items
            locs.update(row_locs)
    if "issuer" not in data:
        raise InputError("缺少工作表“基本信息”", file=file)
    tables = tables or {}
    for n, row in enumerate(data.get("outline", [])):
        name = row.get("table")
        if name and name not in tables and not (name in SHEET_BY_NAME and SHEET_BY_NAME[name].attr in present):
            loc = locs.get(f"outline.{n}.table", Loc(file, "提纲"))
            raise DataError(f"表格“{name}”不存在：工作簿中没有这个名称的工作表", file=file, sheet=loc.sheet,
                            row=loc.row, column=loc.column, hint="“表格”列填写另一张工作表的名称")
    data["tables"] = tables
    try:
        model = YearData.model_validate(data)
    except ValidationError as exc:  # the readers already typed every cell; this is a safety net
        first = exc.errors()[0]
        path = ".".join(str(p) for p in first["loc"])
        loc = locs.get(path, Loc(file))
        raise DataError(f"数据无效：{first['msg']}", file=file, sheet=loc.sheet, row=loc.row,
                        column=loc.column) from None
    model._source = file
    model._locs = locs
    model._present = present
    return model


def sheet_for(name: str) -> Sheet | None:
    return SHEET_BY_NAME.get(name)
