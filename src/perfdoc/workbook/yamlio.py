"""The same content as the workbook in YAML or JSON: top-level keys are the sheet names.

Key/value sheets (基本信息, 情况说明) are mappings; the other sheets are lists of mappings whose
keys are the column headers. Locations in messages are the sheet, the item number and the key.
"""
from __future__ import annotations

import json
from pathlib import Path

from perfdoc.errors import DataError, InputError
from perfdoc.fileio import read_text
from perfdoc.workbook.schema import KEY_HEADER, SHEET_BY_NAME, VALUE_HEADER, Loc, YearData
from perfdoc.workbook.tables import (
    RawCell, RawRow, RawSheet, build, norm_header, table_cell, table_names, table_rows,
)


def _safe_loader():
    """yaml.SafeLoader without aliases: `*name` can expand an 11 KB file into gigabytes."""
    import yaml

    class NoAliasLoader(yaml.SafeLoader):
        def compose_node(self, parent, index):
            if self.check_event(yaml.AliasEvent):
                event = self.peek_event()
                raise yaml.composer.ComposerError(
                    None, None, "不支持 YAML 别名（*引用），请把内容直接写出", event.start_mark)
            return super().compose_node(parent, index)

    return NoAliasLoader


def _load(path: Path) -> dict:
    text = read_text(path)
    try:
        if path.suffix.lower() == ".json":
            data = json.loads(text)
        else:
            import yaml

            data = yaml.load(text, Loader=_safe_loader())  # noqa: S506 - a SafeLoader subclass
    except RecursionError:
        raise InputError("内容嵌套层数过多，无法读取", file=path, hint="数据工作簿的 YAML/JSON 只有两层") from None
    except json.JSONDecodeError as exc:
        raise InputError(f"JSON 格式错误：{exc.msg}", file=path, row=exc.lineno) from None
    except ValueError:  # e.g. an integer of thousands of digits
        raise InputError("JSON 中有无法读取的数值（位数过多）", file=path) from None
    except Exception as exc:  # yaml.YAMLError and its subclasses
        mark = getattr(exc, "problem_mark", None)
        row = mark.line + 1 if mark is not None else None
        raise InputError(f"YAML 格式错误：{getattr(exc, 'problem', exc)}", file=path, row=row) from None
    if not isinstance(data, dict):
        raise InputError("顶层应为以工作表名称为键的映射", file=path)
    return data


def read_mapping(data: dict, file: str, *, require: tuple[str, ...] = ()) -> YearData:
    """Validate an in-memory mapping shaped like the YAML format."""
    raws = []
    for name, content in data.items():
        sheet = SHEET_BY_NAME.get(str(name).strip())
        if sheet is None:
            continue
        base = Loc(file, sheet.name)
        if sheet.keyvalue:
            if not isinstance(content, dict):
                raise DataError("应为“项目: 内容”形式的映射", file=file, sheet=sheet.name)
            rows = []
            for i, (k, v) in enumerate(content.items(), start=1):
                rows.append(RawRow({
                    norm_header(KEY_HEADER): RawCell(k, Loc(file, sheet.name, i, KEY_HEADER)),
                    norm_header(VALUE_HEADER): RawCell(v, Loc(file, sheet.name, i, str(k))),
                }, Loc(file, sheet.name, i)))
            headers = {norm_header(KEY_HEADER): KEY_HEADER, norm_header(VALUE_HEADER): VALUE_HEADER}
            raws.append(RawSheet(sheet.name, headers, rows, base))
            continue
        if content is None:
            content = []
        if not isinstance(content, list):
            raise DataError("应为列表（每项一行）", file=file, sheet=sheet.name)
        headers: dict[str, str] = {}
        rows = []
        for i, item in enumerate(content, start=1):
            if not isinstance(item, dict):
                raise DataError("每项应为“列名: 值”形式的映射", file=file, sheet=sheet.name, row=i)
            cells = {}
            for k, v in item.items():
                h = norm_header(k)
                headers.setdefault(h, str(k))
                cells[h] = RawCell(v, Loc(file, sheet.name, i, str(k)))
            rows.append(RawRow(cells, Loc(file, sheet.name, i)))
        if not content:  # an empty list still declares its columns as present
            headers = {norm_header(c.header): c.header for c in sheet.columns}
        raws.append(RawSheet(sheet.name, headers, rows, base))
    tables = {}
    for name in table_names(raws):
        content = data.get(name)
        if not isinstance(content, list):
            continue  # build() names the 提纲 row
        rows = []
        if content and all(isinstance(item, dict) for item in content):
            header = list(dict.fromkeys(k for item in content for k in item))
            rows.append([str(h) for h in header])
            rows.extend([table_cell(item.get(h)) for h in header] for item in content)
        else:
            for i, item in enumerate(content, start=1):
                if not isinstance(item, list):
                    raise DataError("表格应为列表的列表（每项一行）或映射的列表", file=file, sheet=name, row=i)
                rows.append([table_cell(v) for v in item])
        tables[name] = table_rows(rows)
    return build(raws, file, require=require, tables=tables)


def read_yaml(path: str | Path, *, require: tuple[str, ...] = ()) -> YearData:
    p = Path(path)
    return read_mapping(_load(p), p.name, require=require)


def to_mapping(data: YearData) -> dict:
    """The YAML/JSON shape of a YearData (Chinese keys, plain values)."""
    import datetime as dt
    from decimal import Decimal

    def plain(v):
        if isinstance(v, Decimal):
            return int(v) if v == v.to_integral_value() and "." not in str(v) else float(v)
        if isinstance(v, dt.date):
            return v.isoformat()
        return v

    out: dict = {}
    from perfdoc.workbook.schema import SHEETS

    for sheet in SHEETS:
        value = getattr(data, sheet.attr)
        if sheet.keyvalue:
            out[sheet.name] = {c.header: plain(getattr(value, c.attr)) for c in sheet.columns
                               if getattr(value, c.attr) is not None}
        elif value:
            out[sheet.name] = [{c.header: plain(getattr(item, c.attr)) for c in sheet.columns
                                if getattr(item, c.attr) is not None} for item in value]
    for name, rows in data.tables.items():
        out.setdefault(name, [list(r) for r in rows])
    return out
