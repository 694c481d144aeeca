"""Readers for the indicators a review takes: 申报表 workbooks, .csv, .jsonl and plain text lines.

A 申报表 has title rows above its header, project names (and 一级/二级指标) as merged cells
spanning their indicator rows, and often separate 指标值符号 / 计量单位 columns; several sheets may
hold several projects. Columns are found by header name.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from perfdoc.config import load_config
from perfdoc.errors import DataError, InputError, TooLargeError, UnsupportedFileError
from perfdoc.fileio import expect_kind, open_workbook, read_text, require_file, sniff

# Header names each field is recognised by (after NFKC, without spaces and bracketed notes).
HEADERS: dict[str, tuple[str, ...]] = {
    "project": ("项目名称", "项目", "项目名", "预算项目名称", "二级项目名称", "项目(政策)名称",
                "政策名称", "专项名称"),
    "level1": ("一级指标", "一级指标名称"),
    "level2": ("二级指标", "二级指标名称"),
    "name": ("三级指标", "三级指标名称", "指标名称", "绩效指标名称", "绩效指标", "指标内容", "具体指标",
             "指标", "三级指标内容"),
    "value": ("指标值", "目标值", "年度指标值", "年度目标值", "全年指标值", "预期指标值", "绩效指标值",
              "指标目标值", "预期目标值", "期望值", "年度绩效指标值", "绩效目标值", "计划指标值",
              "全年目标值", "指标值内容"),
    "operator": ("指标值符号", "指标符号", "符号", "运算符", "比较符", "度量符号", "指标值运算符"),
    "unit": ("计量单位", "度量单位", "单位", "指标值单位"),
    "text": ("绩效目标", "指标及指标值", "指标及目标值", "绩效指标及指标值", "指标文本"),
    "sector": ("行业", "所属行业", "功能分类", "支出功能分类", "支出功能分类科目"),
}
_BRACKET = re.compile(r"[（(][^）)]*[）)]")
_OPERATOR_WORDS = {"大于等于": "≥", "小于等于": "≤", "大于": ">", "小于": "<", "等于": "=",
                   ">=": "≥", "<=": "≤", "＞＝": "≥", "＜＝": "≤", "定性": "", "定量": ""}
HEADER_SCAN_ROWS = 30


@dataclass
class Table:
    """Where a sheet's indicators sit: header row, column of each field, data rows."""
    sheet: str | None
    header_row: int
    columns: dict[str, int]  # field → 1-based column
    width: int  # last used column
    rows: list[int] = field(default_factory=list)


@dataclass
class Source:
    """What a reader found: the items and, for annotation, where they came from."""
    path: Path
    kind: str  # xlsx | csv | jsonl | text
    items: list[dict]
    tables: list[Table] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)


def clean_header(value) -> str:
    t = unicodedata.normalize("NFKC", str(value or ""))
    t = re.sub(r"\s+", "", t)
    return _BRACKET.sub("", t).strip("*:：")


_LOOKUP = {h: f for f, names in HEADERS.items() for h in names}


def _match_header(cells: list) -> dict[str, int]:
    found: dict[str, int] = {}
    for i, cell in enumerate(cells, start=1):
        h = clean_header(cell)
        if not h or len(h) > 16:
            continue
        f = _LOOKUP.get(h)
        if f is None:
            raw = re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(cell)))
            f = _LOOKUP.get(raw)
        if f is not None and f not in found:
            found[f] = i
    return found


def _usable(cols: dict[str, int]) -> bool:
    return "text" in cols or ("name" in cols and "value" in cols)


def looked_for() -> str:
    return "、".join(HEADERS["name"][:3] + HEADERS["value"][:3] + ("指标值符号", "计量单位", "项目名称"))


def find_header(rows: list[list]) -> tuple[int, dict[str, int]] | None:
    """(0-based header row, columns) among the first rows.

    A header split over two rows (绩效指标 over 一级/二级/三级, 指标值 merged vertically) is read
    from the lower row, with fields only the upper row names taken from there.
    """
    best: tuple[int, dict[str, int]] | None = None
    for r, cells in enumerate(rows[:HEADER_SCAN_ROWS]):
        cols = _match_header(cells)
        if not cols:
            continue
        if r > 0:
            upper = _match_header(rows[r - 1])
            if len(upper) >= 2:  # only a real upper header row, not "项目名称 | ××" above the table
                used = set(cols.values())
                for f, c in upper.items():
                    if f not in cols and c not in used:
                        cols[f] = c
        if _usable(cols) and (best is None or len(cols) > len(best[1])):
            best = (r, cols)
    return best


def _cell_text(value, number_format: str | None = None) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, dt.datetime | dt.date):
        return f"{value.year}年{value.month}月{value.day}日"
    if isinstance(value, int | float):
        if number_format and "%" in number_format:
            return f"{_num(value * 100)}%"
        return _num(value)
    return str(value).strip()


def _num(x: float) -> str:
    x = float(x)
    return str(int(x)) if x.is_integer() else f"{round(x, 6):g}"


def compose_value(value: str, operator: str, unit: str) -> str:
    """指标值 with its own 符号 and 计量单位 columns joined: ('95', '≥', '%') → '≥95%'."""
    op = _OPERATOR_WORDS.get(operator.strip(), operator.strip())
    v = value.strip()
    u = unit.strip()
    if u in ("/", "-", "无", "—"):
        u = ""
    if v and u and not v.endswith(u) and re.search(r"\d$", v):
        v = f"{v}{u}"
    if v and op and not v.startswith(op) and not re.match(r"[≥≤<>=]|不低于|不少于|不超过|不高于|达到|至少", v):
        if re.match(r"[\d.]", v):
            v = f"{op}{v}"
    return v


def rows_to_items(rows: list[list], header: tuple[int, dict[str, int]], *, file: Path, sheet: str | None,
                  row_offset: int = 1, default_project: str | None = None) -> tuple[list[dict], list[int]]:
    """Items from the rows under the header; project/一级/二级 carried down over merged cells."""
    start, cols = header
    items: list[dict] = []
    rows_used: list[int] = []
    carry: dict[str, str] = {}
    header_names = {h for names in HEADERS.values() for h in names}

    def get(cells: list, f: str) -> str:
        c = cols.get(f)
        if c is None or c > len(cells):
            return ""
        v = cells[c - 1]
        if isinstance(v, tuple):
            return _cell_text(*v)
        return _cell_text(v)

    for idx in range(start + 1, len(rows)):
        cells = rows[idx]
        values = {f: get(cells, f) for f in cols}
        if all(not v for v in values.values()):
            continue
        if clean_header(values.get("name", "")) in header_names and clean_header(values.get("value", "")) \
                in header_names | {""}:
            continue  # a repeated header row
        for f in ("project", "level1", "level2"):
            if f in cols:
                if values.get(f):
                    carry[f] = values[f]
                else:
                    values[f] = carry.get(f, "")
        name, value, text = values.get("name", ""), values.get("value", ""), values.get("text", "")
        if not name and not value and not text:
            continue
        if re.match(r"^(填报人|填表人|审核人|负责人|联系电话|注[:：]|说明[:：]|备注[:：])", name or text):
            continue
        item: dict = {"source": {"file": file.name, "sheet": sheet, "row": idx + row_offset}}
        if name or value:
            item["name"] = name
            item["value"] = compose_value(value, values.get("operator", ""), values.get("unit", ""))
        else:
            item["text"] = text
        for f in ("project", "level1", "level2", "sector"):
            if values.get(f):
                item[f] = values[f]
        if "project" not in item and default_project:
            item["project"] = default_project
        items.append(item)
        rows_used.append(idx + row_offset)
    return items, rows_used


_TITLE_PROJECT = re.compile(r"项目名称[:：]\s*(\S.+)")


def _title_project(rows: list[list], header_row: int) -> str | None:
    for cells in rows[:header_row]:
        for i, c in enumerate(cells):
            t = str(c or "").strip()
            m = _TITLE_PROJECT.match(t)
            if m:
                return m.group(1).strip()
            if clean_header(t) == "项目名称":
                rest = [str(x).strip() for x in cells[i + 1:] if x not in (None, "")]
                if rest:
                    return rest[0]
    return None


_ROW_TAG = re.compile(rb"<(?:\w+:)?row[\s>/]")
_SHEET_TAG = re.compile(rb"<(?:\w+:)?sheet\s[^>]*>")
_REL_TAG = re.compile(rb"<(?:\w+:)?Relationship\s[^>]*>")
_ATTR = re.compile(rb"([\w:]+)=\"([^\"]*)\"")


def _attrs(tag: bytes) -> dict[bytes, bytes]:
    return {k.split(b":")[-1] if k != b"Id" else k: v for k, v in _ATTR.findall(tag)}


def guard_rows(path: Path, limit: int) -> None:
    """Refuse a sheet with more than `limit` rows by counting <row> tags in the compressed stream.

    Neither openpyxl nor the sheet's <dimension> (often absent or "A1" from streaming writers)
    is trusted; counting stops as soon as the limit is passed, so a 1,000,000-row sheet is refused
    after reading only its first rows.
    """
    import zipfile
    from html import unescape

    with zipfile.ZipFile(path) as zf:
        names = set(zf.namelist())
        sheets: dict[str, str] = {}
        try:
            rels = {}
            for tag in _REL_TAG.findall(zf.read("xl/_rels/workbook.xml.rels")):
                a = _attrs(tag)
                rels[a.get(b"Id", b"")] = a.get(b"Target", b"")
            for tag in _SHEET_TAG.findall(zf.read("xl/workbook.xml")):
                a = _attrs(tag)
                name, rid = a.get(b"name", b""), a.get(b"id", b"")
                target = rels.get(rid, b"").decode("utf-8", "replace").lstrip("/")
                part = target if target.startswith("xl/") else f"xl/{target}"
                sheets[part] = unescape(name.decode("utf-8", "replace"))
        except (KeyError, zipfile.BadZipFile):
            pass
        for part in sorted(n for n in names if n.startswith("xl/worksheets/") and n.endswith(".xml")):
            count, tail = 0, b""
            with zf.open(part) as fh:
                while True:
                    chunk = fh.read(1 << 20)
                    if not chunk:
                        break
                    data = tail + chunk
                    count += len(_ROW_TAG.findall(data))
                    # a tag cut at the chunk edge is counted in the next round, never twice
                    tail = data[-8:]
                    count -= len(_ROW_TAG.findall(tail))
                    if count > limit:
                        raise TooLargeError(f"工作表超过 {limit} 行的上限", file=path, sheet=sheets.get(part),
                                            hint="请拆分后分批审核，或在配置文件 limits.max_rows 中调整上限")


def read_workbook(path: Path) -> Source:
    """Every sheet with a recognisable header; a sheet over the row limit is refused early."""
    limit = load_config().limits.max_rows
    expect_kind(path, ("xlsx",))
    try:
        guard_rows(path, limit)
    except (OSError, ValueError) as exc:
        raise InputError(f"工作簿已损坏（{type(exc).__name__}）", file=path,
                         hint="请用 Excel 打开后另存为 .xlsx 再试") from None
    wb = open_workbook(path, read_only=True, data_only=True)
    source = Source(path=path, kind="xlsx", items=[])
    try:
        skipped = []
        for ws in wb.worksheets:
            declared = ws.max_row
            if declared is not None and declared > limit:
                raise TooLargeError(f"工作表有 {declared} 行，超过上限 {limit} 行", file=path, sheet=ws.title,
                                    hint="请拆分后分批审核，或在配置文件 limits.max_rows 中调整上限")
            rows: list[list] = []
            for n, row in enumerate(ws.iter_rows(), start=1):
                if n > limit:
                    raise TooLargeError(f"工作表超过 {limit} 行的上限", file=path, sheet=ws.title,
                                        hint="请拆分后分批审核，或在配置文件 limits.max_rows 中调整上限")
                rows.append([(c.value, getattr(c, "number_format", None)) if isinstance(c.value, int | float)
                             else c.value for c in row])
            plain = [[v[0] if isinstance(v, tuple) else v for v in r] for r in rows]
            header = find_header(plain)
            if header is None:
                skipped.append(ws.title)
                continue
            project = _title_project(plain, header[0])
            if project is None and "project" not in header[1] and len(wb.worksheets) > 1:
                project = None
            items, used = rows_to_items(rows, header, file=path, sheet=ws.title, default_project=project)
            width = max((len(r) for r in plain), default=0)
            source.tables.append(Table(ws.title, header[0] + 1, header[1], width, used))
            source.items.extend(items)
            _note_missing(source, header[1], ws.title)
    finally:
        wb.close()
    if not source.tables:
        raise InputError(f"没有找到可识别的表头，已查找的列名：{looked_for()}", file=path,
                         hint="请确认申报表含“三级指标”（或“指标名称”）和“指标值”列")
    if not source.items:
        raise InputError("找到了表头，但表头下没有任何指标行", file=path, sheet=source.tables[0].sheet,
                         row=source.tables[0].header_row, hint="请在“三级指标”“指标值”列填写指标")
    if skipped:
        source.notes.append(f"以下工作表没有可识别的表头，已跳过：{'、'.join(skipped)}")
    return source


def _note_missing(source: Source, cols: dict[str, int], sheet: str | None) -> None:
    missing = [label for f, label in (("project", "项目名称"), ("level1", "一级指标"), ("level2", "二级指标"))
               if f not in cols]
    if missing:
        where = f"工作表“{sheet}”" if sheet else "文件"
        source.notes.append(f"{where}未找到列：{'、'.join(missing)}（按列名查找），相应检查从略")


def read_csv(path: Path) -> Source:
    text = read_text(path)
    try:
        dialect = csv.Sniffer().sniff(text[:4096], delimiters=",\t;")
    except csv.Error:
        dialect = csv.excel
    try:
        rows = list(csv.reader(io.StringIO(text), dialect))
    except csv.Error as exc:  # e.g. one field over the csv module's 128 KB limit
        big = "field larger" in str(exc)
        raise (TooLargeError if big else DataError)(
            "有单元格内容过长（超过 128 KB），不是绩效指标" if big else f"CSV 格式错误（{exc}）",
            file=path) from None
    limit = load_config().limits.max_rows
    if len(rows) > limit:
        raise TooLargeError(f"文件有 {len(rows)} 行，超过上限 {limit} 行", file=path)
    header = find_header(rows)
    if header is None:
        raise InputError(f"没有找到可识别的表头，已查找的列名：{looked_for()}", file=path,
                         hint="第一行应为列名，如“指标名称,指标值”")
    items, used = rows_to_items(rows, header, file=path, sheet=None)
    if not items:
        raise InputError("找到了表头，但表头下没有任何指标行", file=path, row=header[0] + 1)
    src = Source(path=path, kind="csv", items=items,
                 tables=[Table(None, header[0] + 1, header[1], max(len(r) for r in rows), used)])
    _note_missing(src, header[1], None)
    return src


_JSON_KEYS = {"指标名称": "name", "三级指标": "name", "指标值": "value", "项目名称": "project",
              "一级指标": "level1", "二级指标": "level2", "指标": "text"}


def read_jsonl(path: Path) -> Source:
    text = read_text(path)
    limit = load_config().limits.max_rows
    items = []
    for n, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        if len(items) >= limit:
            raise TooLargeError(f"文件超过 {limit} 行的上限", file=path)
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            raise DataError(f"不是有效的 JSON（{exc.msg}）", file=path, row=n) from None
        except RecursionError:
            raise DataError("JSON 嵌套层数过多", file=path, row=n) from None
        except ValueError:  # an integer of thousands of digits
            raise DataError("JSON 中有位数过多的数值", file=path, row=n) from None
        if isinstance(obj, str):
            obj = {"text": obj}
        if not isinstance(obj, dict):
            raise DataError("每行应为一个 JSON 对象，如 {\"name\": …, \"value\": …}", file=path, row=n)
        obj = {_JSON_KEYS.get(k, k): v for k, v in obj.items()}
        if not any(k in obj for k in ("name", "value", "text")):
            raise DataError("缺少 name/value 或 text 字段", file=path, row=n)
        item = {k: ("" if obj.get(k) is None else str(obj[k])) for k in
                ("name", "value", "text", "project", "level1", "level2", "sector") if k in obj}
        item["source"] = {"file": path.name, "sheet": None, "row": n}
        items.append(item)
    if not items:
        raise InputError("文件中没有指标", file=path)
    return Source(path=path, kind="jsonl", items=items)


def read_lines(path: Path) -> Source:
    text = read_text(path)
    items = [{"text": line.strip(), "source": {"file": path.name, "sheet": None, "row": n}}
             for n, line in enumerate(text.splitlines(), start=1) if line.strip()]
    if not items:
        raise InputError("文件中没有指标", file=path)
    return Source(path=path, kind="text", items=items)


def read_source(path: str | Path) -> Source:
    """Read any accepted input by its content and suffix."""
    p = require_file(path)
    suffix = p.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        expect_kind(p, ("xlsx",))
        return read_workbook(p)
    kind = sniff(p)
    if kind == "xlsx":
        return read_workbook(p)
    if suffix == ".csv":
        return read_csv(p)
    if suffix in (".jsonl", ".ndjson", ".json"):
        return read_jsonl(p)
    if suffix == ".txt":
        return read_lines(p)
    raise UnsupportedFileError(f"不支持的文件类型“{suffix or '无扩展名'}”", file=p,
                               hint="请提供 .xlsx 申报表、.csv 或 .jsonl 文件")
