"""The sectoral indicator library (分行业分领域绩效指标库): the shipped one or a user's own.

The shipped library is corpora/indicator_library.csv (edited directly; validated by tests/indicators/test_library_data.py). A
province's own library is read from .xlsx or .csv with Chinese headers (指标名称, 计量单位, 指标解释,
所属行业, 一级指标, 二级指标 …) mapped to the same columns. Every entry is validated; a bad file is an
InputError naming file, sheet, row and column.
"""
from __future__ import annotations

import csv
import hashlib
import io
import re
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from perfdoc.errors import InputError
from perfdoc.indicators.library.framework import LEVEL2_TO_LEVEL1, SECTORS, normalize_levels, parse_sector

COLUMNS = ("id", "sector", "level1", "level2", "name", "definition", "unit", "direction", "operator",
           "typical_value", "aliases", "basis")
DIRECTIONS = ("正向", "反向", "区间")
BASES = ("计划标准", "行业标准", "历史标准")
OPERATORS = ("≥", "≤", "=", ">", "<", "区间", "")
LIBRARY_FILE = "indicator_library.csv"

# Chinese (and English) headers a province's library may use, per column; compared after removing
# spaces and brackets, so "计量单位（单位）" or "指标名称 " still match.
HEADERS: dict[str, tuple[str, ...]] = {
    "id": ("id", "编号", "指标编号", "指标编码", "编码", "指标代码"),
    "sector": ("sector", "所属行业", "行业", "所属领域", "行业领域", "行业分类", "功能分类",
               "支出功能分类", "所属行业领域", "行业类别"),
    "level1": ("level1", "一级指标", "一级指标名称"),
    "level2": ("level2", "二级指标", "二级指标名称"),
    "name": ("name", "指标名称", "三级指标", "三级指标名称", "绩效指标", "指标"),
    "definition": ("definition", "指标解释", "指标说明", "指标定义", "指标含义", "解释", "说明"),
    "unit": ("unit", "计量单位", "单位", "度量单位"),
    "direction": ("direction", "指标方向", "方向", "指标性质", "指标类型"),
    "operator": ("operator", "运算符", "指标值符号", "符号", "比较符"),
    "typical_value": ("typical_value", "指标值", "参考值", "典型值", "目标值", "指标参考值",
                      "指标值参考", "参考指标值", "标准值"),
    "aliases": ("aliases", "别名", "其他名称", "同义词", "常见写法", "别称"),
    "basis": ("basis", "取值依据", "指标值依据", "评价标准", "标准依据", "依据", "指标值来源"),
}
_HEADER_LOOKUP = {h: col for col, names in HEADERS.items() for h in names}
_OPERATOR_WORDS = (("≥", ("≥", ">=", "不低于", "不少于", "至少", "大于等于")),
                   ("≤", ("≤", "<=", "不高于", "不超过", "不多于", "小于等于", "控制在")),
                   (">", (">", "大于", "高于")), ("<", ("<", "小于", "低于")), ("=", ("=", "等于")))


@dataclass(frozen=True, slots=True)
class Entry:
    id: str
    sector: str  # 3-digit code, "205"
    level1: str
    level2: str
    name: str
    definition: str = ""
    unit: str = ""
    direction: str = ""
    operator: str = ""
    typical_value: str = ""
    aliases: tuple[str, ...] = ()
    basis: str = ""

    @property
    def sector_label(self) -> str:
        return f"{self.sector} {SECTORS[self.sector]}"

    def target(self) -> str:
        """The entry as a measurable target: name, operator, typical value and unit (培训考核合格率≥90%)."""
        value = self.typical_value
        if not value:
            return self.name
        op = "" if self.operator in ("", "区间", "=") else self.operator
        unit = self.unit if self.unit and not value.endswith(self.unit) else ""
        if unit == "%" and op in ("≥", "≤") and value.strip() in ("100", "100.0", "0"):
            op = ""  # "≥100%" and "≤0%" can only mean exactly 100% / 0%
        number = value.removesuffix(self.unit).strip() if self.unit else value.strip()
        if self.unit != "定性" and re.fullmatch(r"\d[\d.,]*\s*[万亿]?\s*[%‰]?", number):
            return f"{self.name}{op}{value}{unit}"
        # a qualitative target or a deadline: 项目完成时间：12月31日前, 财务制度健全性：健全
        return f"{self.name}：{value}"

    def to_dict(self) -> dict:
        return {c: (";".join(self.aliases) if c == "aliases" else getattr(self, c)) for c in COLUMNS}


@dataclass(slots=True)
class Library:
    entries: list[Entry]
    source: str
    sha256: str
    by_id: dict[str, Entry] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.by_id = {e.id: e for e in self.entries}

    @property
    def version(self) -> str:
        return f"{len(self.entries)}-{self.sha256[:12]}"

    def __len__(self) -> int:
        return len(self.entries)

    def stats(self) -> dict:
        """Counts per sector and per 二级指标 (sector label → count, level2 → count)."""
        by_sector = Counter(e.sector_label for e in self.entries)
        by_level2 = Counter(e.level2 for e in self.entries)
        cross = Counter((e.sector_label, e.level2) for e in self.entries)
        labels = [f"{c} {n}" for c, n in SECTORS.items()]
        return {
            "entries": len(self.entries),
            "sectors": {lab: by_sector.get(lab, 0) for lab in labels},
            "level2": {l2: by_level2.get(l2, 0) for l2 in LEVEL2_TO_LEVEL1},
            "sector_level2": {lab: {l2: cross.get((lab, l2), 0) for l2 in LEVEL2_TO_LEVEL1} for lab in labels},
        }


def _clean(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return str(value).strip()


def _header_key(text: str) -> str:
    return re.sub(r"[\s（）()【】\[\]*：:]", "", text or "").lower()


def split_aliases(text: str) -> tuple[str, ...]:
    parts = re.split(r"[;；、,，/|\n]+", text or "")
    seen: list[str] = []
    for p in parts:
        p = p.strip()
        if p and p not in seen:
            seen.append(p)
    return tuple(seen)


def split_operator(value: str) -> tuple[str, str]:
    """'≥95%' → ('≥', '95%'); '不低于90' → ('≥', '90'); values without an operator unchanged."""
    v = value.strip()
    for op, words in _OPERATOR_WORDS:
        for w in words:
            if v.startswith(w):
                return op, v[len(w):].strip()
    return "", v


def _row_entry(row: dict[str, str], *, where: dict, auto_id: str) -> Entry:
    """Validate one row (already mapped to our column names) into an Entry."""
    name = row.get("name", "")
    if not name:
        raise InputError("指标名称为空", column=where.get("name_header"), **where["loc"])
    level1, level2 = normalize_levels(row.get("level1"), row.get("level2"))
    if level2 is None:
        raise InputError(f"无法识别的二级指标“{row.get('level2', '')}”", column=where.get("level2_header"),
                         hint="应为数量指标、质量指标、时效指标、经济成本指标、社会效益指标、服务对象满意度指标等",
                         **where["loc"])
    declared_l1 = row.get("level1")
    if declared_l1:
        from perfdoc.indicators.library.framework import normalize_level1

        l1 = normalize_level1(declared_l1)
        # an old-framework pair (产出指标, 成本指标) is fine; a plain contradiction is not
        if l1 is None or (l1 != level1 and not (l1 == "产出指标" and level1 == "成本指标")):
            raise InputError(f"一级指标“{declared_l1}”与二级指标“{level2}”不对应",
                             column=where.get("level1_header"), **where["loc"])
    sector_text = row.get("sector", "")
    if sector_text:
        label = parse_sector(sector_text)
        if label is None:
            raise InputError(f"无法识别的行业“{sector_text}”", column=where.get("sector_header"),
                             hint="填写支出功能分类的类级编码或名称，如 205、205 教育、教育；通用指标填 000",
                             **where["loc"])
        sector = label[:3]
    else:
        sector = "000"
    operator = row.get("operator", "")
    typical = row.get("typical_value", "")
    if typical and not operator:
        operator, typical = split_operator(typical)
    elif operator:
        op2, _ = split_operator(operator)
        operator = op2 or ("区间" if operator == "区间" else operator)
    if operator not in OPERATORS:
        raise InputError(f"无法识别的运算符“{operator}”", column=where.get("operator_header"),
                         **where["loc"])
    unit = row.get("unit", "")
    if typical and not unit:
        m = re.search(r"[\d.]+\s*([^\d.\s]+)$", typical)
        if m:
            unit = m.group(1)
    direction = row.get("direction", "")
    if direction and direction not in DIRECTIONS:
        direction = {"正": "正向", "反": "反向", "区间值": "区间"}.get(direction, direction)
        if direction not in DIRECTIONS:
            raise InputError(f"无法识别的指标方向“{row.get('direction')}”", column=where.get("direction_header"),
                             hint="应为正向、反向或区间", **where["loc"])
    return Entry(
        id=row.get("id") or auto_id, sector=sector, level1=level1, level2=level2, name=name,
        definition=row.get("definition", ""), unit=unit, direction=direction, operator=operator,
        typical_value=typical, aliases=tuple(a for a in split_aliases(row.get("aliases", "")) if a != name),
        basis=row.get("basis", ""),
    )


def _map_header(cells: list[str]) -> dict[int, str]:
    mapping: dict[int, str] = {}
    for i, cell in enumerate(cells):
        col = _HEADER_LOOKUP.get(_header_key(cell))
        if col and col not in mapping.values():
            mapping[i] = col
    return mapping


def _entries_from_rows(rows, path: Path, sheet: str | None) -> list[Entry]:
    """rows: iterator of (row number, list of cell strings). Finds the header, validates each row."""
    header_map: dict[int, str] | None = None
    header_cells: list[str] = []
    entries: list[Entry] = []
    counters: Counter = Counter()
    seen: dict[tuple[str, str], int] = {}
    ids: set[str] = set()
    for rownum, cells in rows:
        if header_map is None:
            m = _map_header(cells)
            if "name" in m.values():
                header_map, header_cells = m, cells
                if "level2" not in m.values():
                    raise InputError("找不到“二级指标”列", file=path, sheet=sheet, row=rownum,
                                     hint="指标库需要列：指标名称、二级指标，可选：一级指标、所属行业、计量单位、指标解释、指标值、别名")
                continue
            if rownum >= 30:
                break
            continue
        if not any(c.strip() for c in cells):
            continue
        row = {col: _clean(cells[i]) if i < len(cells) else "" for i, col in header_map.items()}
        where = {"loc": {"file": path, "sheet": sheet, "row": rownum}}
        for i, col in header_map.items():
            where[f"{col}_header"] = header_cells[i]
        sector_code = parse_sector(row.get("sector")) if row.get("sector") else "000"
        code = (sector_code or "000")[:3]
        counters[code] += 1
        entry = _row_entry(row, where=where, auto_id=f"{code}-{counters[code]:04d}")
        key = (entry.sector, entry.name)
        if key in seen:
            raise InputError(f"指标“{entry.name}”在同一行业中重复（首次出现在第{seen[key]}行）",
                             file=path, sheet=sheet, row=rownum, column=where.get("name_header"))
        seen[key] = rownum
        if entry.id in ids:
            raise InputError(f"指标编号“{entry.id}”重复", file=path, sheet=sheet, row=rownum,
                             column=where.get("id_header"))
        ids.add(entry.id)
        entries.append(entry)
    if header_map is None:
        raise InputError("找不到表头：需要“指标名称”（或“三级指标”）和“二级指标”列", file=path, sheet=sheet,
                         hint="表头应位于前 30 行内")
    if not entries:
        raise InputError("指标库中没有任何指标", file=path, sheet=sheet)
    return entries


def _csv_rows(text: str):
    reader = csv.reader(io.StringIO(text))
    for rownum, cells in enumerate(reader, start=1):
        if cells and cells[0].lstrip().startswith("#"):
            continue  # format comment lines
        yield rownum, cells


def read_library(path: str | Path) -> Library:
    """Read and validate a library file (.csv or .xlsx), the shipped one or a user's own.

    A file validated before is read from the user's cache (perfdoc.cache, keyed by its sha256).
    """
    from perfdoc.fileio import expect_kind

    p = Path(path)
    kind = expect_kind(p, ("text", "xlsx"))
    digest = hashlib.sha256(p.read_bytes()).hexdigest()
    cached = _cached_entries(digest)
    if cached is not None:
        return Library(cached, str(p), digest)
    lib = _read_library(p, kind, digest)
    _cache_entries(digest, lib.entries)
    return lib


def _read_library(p: Path, kind: str, digest: str) -> Library:
    from perfdoc.fileio import open_workbook, read_text

    if kind == "text":
        text = read_text(p)
        _row_limit(text.count("\n"), p, None)
        try:
            entries = _entries_from_rows(_csv_rows(text), p, None)
        except csv.Error as exc:
            raise InputError(f"CSV 格式错误：{exc}", file=p) from None
        return Library(entries, str(p), digest)
    wb = open_workbook(p)  # not read-only: merged ranges are needed
    try:
        last_error: InputError | None = None
        for ws in wb.worksheets:
            rows = _sheet_rows(ws, p)
            try:
                return Library(_entries_from_rows(rows, p, ws.title), str(p), digest)
            except InputError as exc:
                if "找不到表头" not in exc.message or len(wb.worksheets) == 1:
                    raise
                last_error = exc
        raise last_error or InputError("工作簿中没有工作表", file=p)
    finally:
        wb.close()


_ENTRIES_FORMAT = "perfdoc-library-entries/1"


def _entries_key(digest: str) -> str | None:
    """Everything validated entries are derived from: the file's bytes, the code that reads and
    validates them (this module, framework.py) and the row limit in force."""
    from perfdoc import cache
    from perfdoc.config import load_config
    from perfdoc.indicators.library import framework

    try:
        code = [Path(__file__).read_bytes(), Path(framework.__file__).read_bytes()]
    except OSError:
        return None
    return cache.key(_ENTRIES_FORMAT, digest, *code, str(load_config().limits.max_rows))


def _cached_entries(digest: str) -> list[Entry] | None:
    """The entries of a library file validated before (perfdoc.cache), or None."""
    import json
    from dataclasses import fields

    from perfdoc import cache

    k = _entries_key(digest)
    data = cache.read(f"library-{k}.json") if k else None
    if data is None:
        return None
    names = [f.name for f in fields(Entry)]
    a = names.index("aliases")
    try:
        rows = json.loads(data.decode("utf-8"))
        if not rows or any(len(row) != len(names) for row in rows):
            return None
        return [Entry(*row[:a], tuple(row[a]), *row[a + 1:]) for row in rows]
    except (ValueError, TypeError, UnicodeDecodeError):
        return None


def _cache_entries(digest: str, entries: list[Entry]) -> None:
    import json
    from dataclasses import astuple

    from perfdoc import cache

    k = _entries_key(digest)
    if k:
        data = json.dumps([astuple(e) for e in entries], ensure_ascii=False, separators=(",", ":"))
        cache.write(f"library-{k}.json", data.encode("utf-8"), kind="library-*.json", keep=8)


def _row_limit(count: int, path: Path, sheet: str | None) -> None:
    from perfdoc.config import load_config
    from perfdoc.errors import TooLargeError

    limit = load_config().limits.max_rows
    if count > limit:
        raise TooLargeError(f"指标库有 {count} 行，超过上限 {limit} 行", file=path, sheet=sheet,
                            hint="可在配置文件 [limits] max_rows 中调整")


def _sheet_rows(ws, path: Path):
    """(row number, cell strings), a merged range's value repeated in every cell it covers
    (provincial libraries merge 一级/二级指标 and 行业 over their rows)."""
    _row_limit(ws.max_row or 0, path, ws.title)
    grid = [[_clean(c) for c in row] for row in ws.iter_rows(values_only=True)]
    for rng in ws.merged_cells.ranges:
        value = grid[rng.min_row - 1][rng.min_col - 1] if rng.min_row - 1 < len(grid) else ""
        for r in range(rng.min_row - 1, min(rng.max_row, len(grid))):
            row = grid[r]
            for c in range(rng.min_col - 1, rng.max_col):
                if c < len(row):
                    row[c] = value
    return list(enumerate(grid, start=1))


def shipped_library_path() -> Path:
    from perfdoc.resources import corpus

    return corpus(LIBRARY_FILE)


_CACHE: dict[tuple[str, int, int], Library] = {}


def load_library(path: str | Path | None = None) -> Library:
    """The library in force: `path`, else config.review.library, else the shipped one. Cached."""
    if path is None:
        from perfdoc.config import load_config

        path = load_config().review.library
    p = Path(path) if path else shipped_library_path()
    if not path and not p.is_file():
        from perfdoc.errors import ModelError

        raise ModelError("找不到内置指标库 corpora/indicator_library.csv",
                         hint="请检查安装是否完整（corpora/indicator_library.csv）")
    try:
        st = p.stat()
        key = (str(p.resolve()), st.st_mtime_ns, st.st_size)
    except OSError:
        key = None
    if key is not None and key in _CACHE:
        return _CACHE[key]
    lib = read_library(p)
    if key is not None:
        _CACHE[key] = lib
    return lib


def is_rate_unit(unit: str) -> bool:
    """% and the per-mille / per-100,000 forms health statistics use (‰, 1/10万)."""
    u = (unit or "").replace("％", "%")
    return u in ("%", "‰", "‱") or "/" in u


# names ending in 度 that measure a length or a time, not a share
_DIMENSION_DU = ("长度", "宽度", "高度", "深度", "厚度", "年度", "温度", "强度", "密度", "速度", "精度", "坡度")


def is_rate_name(name: str) -> bool:
    """率/比例/度 names whose unit must be a percentage (domain.md §2)."""
    return name.endswith(("率", "比例", "度")) and not name.endswith(_DIMENSION_DU)


def check_entry(entry: Entry) -> list[str]:
    """Soft problems of one entry (used by the merge script and the library tests)."""
    problems = []
    if is_rate_name(entry.name) and not is_rate_unit(entry.unit):
        problems.append(f"名称以“率/比例/度”结尾，计量单位应为 %，实为“{entry.unit}”")
    if entry.direction and entry.direction not in DIRECTIONS:
        problems.append(f"指标方向“{entry.direction}”无效")
    if entry.basis and entry.basis not in BASES:
        problems.append(f"取值依据“{entry.basis}”无效")
    if entry.level1 != LEVEL2_TO_LEVEL1.get(entry.level2):
        problems.append("一级指标与二级指标不对应")
    return problems
