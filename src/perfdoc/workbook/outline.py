"""The statement as the user's outline: 提纲 rows + 数据 facts → numbered blocks of finished text.

One path for every statement. Each 提纲 row is a heading (级别 1–4, numbered 一、/（一）/1./（1）,
restarting under each parent, levels may skip), a body paragraph, a run-in heading (标题 and 内容
on one row → one paragraph "（一）标题。内容") or a table (表格 names another sheet). `{名称}`
places a fact: a row of 数据, a filled key of 情况说明/基本信息, or a figure of the other sheets
(see FIGURE_NAMES); `{年度}`, `{年度-1}`, `{年度+1}` the year. Nothing else is added.
"""
from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from perfdoc.errors import DataError, InputError
from perfdoc.workbook.facts import (
    FACTS_SHEET, OUTLINE_SHEET, Fact, FactTable, Written, closest, fill, read_facts, write_value, year_value,
)
from perfdoc.workbook.schema import DOCUMENTS, FACTS, ISSUER, SHEET_BY_NAME, Loc, YearData

# Punctuation that may end a run-in heading's 标题; without one, "。" is added before the 内容.
RUNIN_END = "。：:！!？?；;，,、"
MAX_LEVEL = 4

# Figures of the other sheets, available as {名称} (documented in docs/workbook.md).
DOC_SECTIONS = DOCUMENTS.columns[0].choices
FIGURE_NAMES: dict[str, str] = {
    **{f"{s}文件": f"“制度文件”表中板块为“{s}”的文件，写作《名称》（文号）" for s in DOC_SECTIONS},
    "事前评估项目": "“事前评估”表的项目名称，以顿号分隔",
    "事前评估项目数": "“事前评估”表的行数",
    "重点监控项目": "“重点监控”表的项目名称，以顿号分隔",
    "重点监控项目数": "“重点监控”表的行数",
    "重点监控通报文号": "“重点监控”表的通报文号，以顿号分隔",
    "重点评价部门数": "“重点评价”表中类型为“部门整体”的行数",
    "重点评价项目数": "“重点评价”表中类型为“项目”的行数",
    "重点评价对象": "“重点评价”表的评价对象，以顿号分隔",
    "重点评价范围": "“重点评价”表按预算类型列出的评价对象，如 政府性基金预算（……）",
}
ISSUER_NAMES = ("地区", "发文机关")
SUMMED = "由分项相加"  # note of a 情况说明 total the user left blank (not reported as unused)


def heading_number(n: int, level: int) -> str:
    from perfdoc.workbook.derive import cn_numeral

    if level == 1:
        return f"{cn_numeral(n)}、"
    if level == 2:
        return f"（{cn_numeral(n)}）"
    if level == 3:
        return f"{n}."
    return f"（{n}）"


@dataclass
class Block:
    """One piece of the finished statement."""

    kind: str  # heading | para | runin | table
    level: int = 0  # heading level (heading, runin)
    head: str = ""  # number + title (+ 。 for a run-in heading)
    text: str = ""  # paragraph text
    header: list[str] | None = None  # table header row
    rows: list[list[str]] | None = None  # table body rows
    row: int | None = None  # the 提纲 row it comes from

    def as_dict(self) -> dict[str, Any]:
        return {"kind": self.kind, "level": self.level, "head": self.head, "text": self.text,
                "header": self.header or [], "rows": self.rows or []}


def _books(docs) -> str:
    # GB/T 15834: no 顿号 between adjacent 《》 titles, but one when a （文号） stands between them
    sep = "、" if any(d.number for d in docs) else ""
    return sep.join(f"《{d.title}》" + (f"（{d.number}）" if d.number else "") for d in docs)


def sheet_facts(data: YearData, figures: dict, cfg) -> tuple[list[Fact], dict[str, str]]:
    """Facts from 基本信息, 情况说明 and the list sheets; and names known but empty → why."""
    file = data._source
    facts: list[Fact] = []
    absent: dict[str, str] = {}
    p = cfg.precision
    amount_like = Written(Decimal(0), "万元", decimals=p.amount, grouping=True)

    def add(name: str, value, unit: str = "", written: Written | None = None, sheet: str = "", key: str = "",
            note: str = ""):
        loc = data.loc(key) if key else Loc(file, sheet)
        facts.append(Fact(name, value, unit, None, note, written, Loc(loc.file or file, loc.sheet or sheet, loc.row,
                                                                      loc.column), value))

    for attr, header in (("region", "地区"), ("organ", "发文机关")):
        value = getattr(data.issuer, attr)
        if value:
            add(header, value, sheet=ISSUER.name, key=f"issuer.{attr}")
    totals = {"indicator_total": "indicator_total", "exante_total": "exante_total",
              "key_monitor_total": "key_monitor_total", "check_forms_total": "check_forms_total",
              "key_eval_total": "key_eval_total"}
    f = data.facts
    for col in FACTS.columns:
        value = getattr(f, col.attr)
        note = ""
        if col.attr in totals and figures.get(totals[col.attr]) is not None:
            note = SUMMED if value is None else ""
            value = figures[totals[col.attr]]  # stated, or summed from its parts
        if value is None:
            absent[col.header] = f"工作表“{FACTS.name}”中“{col.header}”未填写"
            continue
        written = None
        if col.kind == "amount":
            written = amount_like
        elif col.kind == "rate":
            written = Written(Decimal(0), "%", decimals=p.rate)
        elif col.attr == "trainees" and f.trainees_approx:
            written = Written(Decimal(value), col.unit, suffix="余")
        if col.kind == "date":
            from perfdoc.workbook.derive import chinese_date

            value = chinese_date(value)
        elif col.kind == "bool":
            value = "是" if value else "否"
        elif col.kind in ("int", "amount", "score", "rate"):
            value = Decimal(value)
        add(col.header, value, col.unit, written, FACTS.name, f"facts.{col.attr}", note)

    if data.has_sheet("documents"):
        for section in DOC_SECTIONS:
            docs = [d for d in data.documents if d.section == section]
            if docs:
                add(f"{section}文件", _books(docs), sheet=DOCUMENTS.name)
            else:
                absent[f"{section}文件"] = f"工作表“{DOCUMENTS.name}”中没有板块为“{section}”的文件"
    lists = {
        "exante": ("事前评估", lambda r: r.project, "事前评估项目"),
        "key_monitoring": ("重点监控", lambda r: r.project, "重点监控项目"),
        "key_evaluations": ("重点评价", lambda r: r.name, "重点评价对象"),
    }
    for attr, (sheet, label, name) in lists.items():
        rows = getattr(data, attr)
        if not data.has_sheet(attr) or not rows:
            for n in FIGURE_NAMES:
                if n.startswith(sheet):
                    absent[n] = f"工作表“{sheet}”{'没有数据' if data.has_sheet(attr) else '不存在'}"
            continue
        add(name, "、".join(label(r) for r in rows), sheet=sheet)
        if attr == "exante":
            add("事前评估项目数", Decimal(len(rows)), "个", sheet=sheet)
        if attr == "key_monitoring":
            add("重点监控项目数", Decimal(len(rows)), "个", sheet=sheet)
            numbers = [k.circular_number for k in rows if k.circular_number]
            if numbers:
                add("重点监控通报文号", "、".join(numbers), sheet=sheet)
            else:
                absent["重点监控通报文号"] = "工作表“重点监控”中没有填写通报文号"
        if attr == "key_evaluations":
            add("重点评价部门数", Decimal(sum(1 for r in rows if r.kind == "部门整体")), "个", sheet=sheet)
            add("重点评价项目数", Decimal(sum(1 for r in rows if r.kind == "项目")), "个", sheet=sheet)
            scope = figures.get("eval_budget_types") or []
            if scope:
                add("重点评价范围", "、".join(f"{b['budget_type']}（{'、'.join(b['objects'])}）" for b in scope),
                    sheet=sheet)
            else:
                absent["重点评价范围"] = "工作表“重点评价”中没有填写预算类型"
    return facts, absent


def fact_table(data: YearData, figures: dict, cfg) -> tuple[FactTable, dict[str, str]]:
    """The facts of one workbook: 数据 rows (which take precedence) over the other sheets' figures."""
    from perfdoc.workbook.schema import DATA

    file = data._source
    rows = []
    for i, row in enumerate(data.data):
        cells = {c.header: getattr(row, c.attr) for c in DATA.columns}
        loc = data.loc(f"data.{i}")
        rows.append((cells, Loc(loc.file or file, loc.sheet or DATA.name, loc.row)))
    own = read_facts(rows, file=file)
    derived, absent = sheet_facts(data, figures, cfg)
    names = {f.name for f in own}
    facts = own + [f for f in derived if f.name not in names]
    for n in names:
        absent.pop(n, None)
    return FactTable(facts, file=file, grade=cfg.grade, cfg=cfg, absent=absent), absent


def _resolver(table: FactTable, absent: dict[str, str], year: int, where: Loc):
    def resolve(name: str) -> str:
        y = year_value(name, year)
        if y is not None:
            return str(y)
        key = name.strip()
        if key in table:
            fact = table[key]
            if fact.result is None:
                why = f"：{fact.missing}" if fact.missing else ""
                raise DataError(f"“{{{key}}}”无法计算{why}" if fact.missing else f"“{key}”没有数值",
                                file=where.file, sheet=where.sheet, row=where.row, column=where.column,
                                hint=f"“{key}”见工作表“{fact.loc.sheet}”第{fact.loc.row}行" if fact.loc.row else None)
            return table.text(key)
        if key in absent:
            raise DataError(f"“{{{key}}}”没有数据：{absent[key]}", file=where.file, sheet=where.sheet,
                            row=where.row, column=where.column, hint="填写后重试，或从提纲中删去这一处")
        near = closest(key, list(table.names()) + list(absent))
        hint = f"最接近的名称：{'、'.join(near)}" if near else "在“数据”表中增加这个名称"
        if not key:
            raise DataError("花括号中没有名称（要写花括号本身，请写 {{ 或 }}）", file=where.file,
                            sheet=where.sheet, row=where.row, column=where.column)
        raise DataError(f"未知的名称“{{{key}}}”", file=where.file, sheet=where.sheet, row=where.row,
                        column=where.column, hint=hint)

    return resolve


def _table_rows(data: YearData, name: str, figures: dict, cfg) -> list[list[str]]:
    """A sheet as a table: a known list sheet through its typed, derived rows; another sheet as written."""
    sheet = SHEET_BY_NAME.get(name)
    if sheet is None or sheet.keyvalue:
        return [list(r) for r in data.tables.get(name, [])]
    derived = figures.get(sheet.attr)
    if not isinstance(derived, list):
        derived = getattr(data, sheet.attr)
    p = cfg.precision
    items = [r if isinstance(r, dict) else r.model_dump() for r in derived]
    if not items:
        return []
    cols = [c for c in sheet.columns if any(it.get(c.attr) not in (None, "") for it in items)]

    def text(value, kind: str) -> str:
        if value is None:
            return ""
        if kind == "amount":
            return write_value(Decimal(value), "", Written(Decimal(0), "", decimals=p.amount, grouping=True))
        if kind == "score":
            return write_value(Decimal(value), "", Written(Decimal(0), "", decimals=p.score))
        if kind == "rate":
            return write_value(Decimal(value), "", Written(Decimal(0), "%", decimals=p.rate))
        if kind == "date":
            from perfdoc.workbook.derive import chinese_date

            return chinese_date(value)
        if kind == "bool":
            return "是" if value else "否"
        return str(value)

    header = [c.header + ("（万元）" if c.kind == "amount" else "") for c in cols]
    return [header] + [[text(it.get(c.attr), c.kind) for c in cols] for it in items]


def build_outline(data: YearData, figures: dict, cfg) -> tuple[list[Block], FactTable]:
    """The statement's blocks, every placeholder filled; errors name sheet 提纲, row and column."""
    file = data._source
    if not data.has_sheet("outline"):
        raise InputError("缺少工作表“提纲”：情况说明按“提纲”逐行生成", file=file,
                         hint="用 perfdoc init-data 生成的工作簿带有预置提纲（及“数据”表），可复制到本工作簿后修改")
    if not data.outline:
        raise DataError("“提纲”工作表是空的：没有任何标题或段落", file=file, sheet=OUTLINE_SHEET,
                        hint="每行填写一个标题（级别 1–4 + 标题）或一个段落（内容）；"
                             "perfdoc init-data 生成的工作簿带有预置提纲")
    table, absent = fact_table(data, figures, cfg)
    year = data.issuer.year
    counters = [0] * (MAX_LEVEL + 1)
    blocks: list[Block] = []
    for i, row in enumerate(data.outline):
        loc = data.loc(f"outline.{i}")
        rloc = Loc(loc.file or file, loc.sheet or OUTLINE_SHEET, loc.row)

        def cell(attr: str, header: str) -> str:
            value = getattr(row, attr)
            if not value:
                return ""
            where = data.loc(f"outline.{i}.{attr}")
            return fill(value, _resolver(table, absent, year, Loc(rloc.file, rloc.sheet, rloc.row,
                                                                  where.column or header)))

        title, text = cell("title", "标题"), cell("text", "内容")
        level = row.level
        if level is not None:
            if not 1 <= level <= MAX_LEVEL:
                raise DataError(f"级别应为 1–{MAX_LEVEL}（或空，表示正文段落），实为 {level}", file=rloc.file,
                                sheet=rloc.sheet, row=rloc.row, column="级别")
            if not title:
                raise DataError("有级别的行须填写“标题”", file=rloc.file, sheet=rloc.sheet, row=rloc.row,
                                column="标题")
            counters[level] += 1
            for k in range(level + 1, MAX_LEVEL + 1):
                counters[k] = 0
            head = heading_number(counters[level], level) + title
            if text:
                head += "" if title[-1] in RUNIN_END else "。"
                blocks.append(Block("runin", level, head, text, row=rloc.row))
            else:
                blocks.append(Block("heading", level, head, row=rloc.row))
        elif title:
            raise DataError("有“标题”的行须填写“级别”（1–4）；正文段落请填在“内容”列", file=rloc.file,
                            sheet=rloc.sheet, row=rloc.row, column="级别")
        elif text:
            blocks.append(Block("para", text=text, row=rloc.row))
        if row.table:
            rows = _table_rows(data, row.table, figures, cfg)
            if not rows:
                raise DataError(f"表格“{row.table}”没有内容", file=rloc.file, sheet=rloc.sheet, row=rloc.row,
                                column="表格")
            where = Loc(rloc.file, rloc.sheet, rloc.row, "表格")
            resolve = _resolver(table, absent, year, where)
            rows = [[fill(c, resolve) if "{" in c or "}" in c else c for c in r] for r in rows]
            blocks.append(Block("table", header=rows[0], rows=rows[1:], row=rloc.row))
    return blocks, table


def statement_title(data: YearData) -> str:
    """基本信息.标题 (placeholders allowed), else （年度）年度（地区）预算绩效管理工作开展情况说明."""
    i = data.issuer
    if i.title:
        def resolve(name: str) -> str:
            y = year_value(name, i.year)
            if y is not None:
                return str(y)
            if name == "地区":
                return i.region
            loc = data.loc("issuer.title")
            raise DataError(f"标题中只能使用 {{年度}}、{{年度±N}} 和 {{地区}}，不能使用“{{{name}}}”",
                            file=loc.file or data._source, sheet=ISSUER.name, row=loc.row, column=loc.column)

        return fill(i.title, resolve)
    return f"{i.year}年度{i.region}预算绩效管理工作开展情况说明"


def unused_facts(table: FactTable, data: YearData) -> list[Fact]:
    """Facts the user typed (数据 rows, 情况说明 keys, 制度文件 lists) that no sentence and no formula uses."""
    from perfdoc.workbook.facts import names_in, parse_formula

    in_formulas: set[str] = set()
    for f in table.facts.values():
        if f.formula:
            in_formulas.update(names_in(parse_formula(f.formula)))
    skip = {"参训人数为约数"}  # a style switch of 参训人数, not a figure
    return [f for f in table.facts.values()
            if f.name not in table.used and f.name not in in_formulas and f.name not in skip and f.note != SUMMED
            and f.loc.sheet in (FACTS_SHEET, FACTS.name, DOCUMENTS.name)]
