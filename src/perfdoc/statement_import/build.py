"""From source blocks to the workbook's rows: 基本信息, 提纲, 数据 and table sheets."""
from __future__ import annotations

from dataclasses import dataclass, field

from perfdoc.statement_import.figures import FactBook, template
from perfdoc.statement_import.outline import (
    KIND_LEVEL, Basics, assign_levels, computed_labels, detect_basics, find_headings, fix_message,
    split_run_in,
)
from perfdoc.statement_import.source import Block


@dataclass
class Built:
    basics: Basics
    info: list[tuple[str, str]] = field(default_factory=list)
    outline: list[tuple[str, str, str, str]] = field(default_factory=list)
    fact_rows: list[tuple[str, str, str, str, str, str]] = field(default_factory=list)
    tables: dict[str, list[list[str]]] = field(default_factory=dict)
    fixes: list[str] = field(default_factory=list)
    n_headings: int = 0
    n_paragraphs: int = 0
    book: FactBook | None = None


def build(blocks: list[Block]) -> Built:
    basics = detect_basics(blocks)
    built = Built(basics)
    book = FactBook(basics.year)
    built.book = book
    skip = set(basics.title_blocks) | set(basics.signature_blocks)
    markers = find_headings(blocks, skip)
    ordered = [markers[i] for i in sorted(markers)]
    levels = assign_levels(ordered)
    labels = computed_labels(levels)
    placed = {m.block: (lvl, lab) for m, lvl, lab in zip(ordered, levels, labels)}

    if not basics.title:
        built.fixes.append("未识别出标题（开头几行都不像标题），基本信息“标题”留空，请补填")
    elif len(basics.title_blocks) > 1:
        built.fixes.append(f"标题分在{len(basics.title_blocks)}段，已合并为“{basics.title}”")
    if basics.year is None:
        built.fixes.append("未识别出年度，年份均保留原文，请在基本信息中填写“年度”")
    if not basics.region:
        built.fixes.append("未识别出地区，请在基本信息中填写“地区”")

    for b in blocks:
        if b.index in skip:
            continue
        where = f"第{b.index}段"
        if b.is_table:
            name = f"表{len(built.tables) + 1}"
            # cells keep their figures as text; their years follow 年度 like the prose
            built.tables[name] = [[template(cell, book, where, figures=False) for cell in row] for row in b.rows]
            built.outline.append(("", "", "", name))
            continue
        if b.index in placed:
            m = markers[b.index]
            level, label = placed[b.index]
            source_label = b.text[m.start:m.end].strip()
            title, content = split_run_in(b.text[m.end:].strip())
            if source_label != label:
                built.fixes.append(fix_message(b.index, source_label, label, level, KIND_LEVEL[m.kind], title))
            built.outline.append((str(level), template(title, book, where), template(content, book, where), ""))
            built.n_headings += 1
            continue
        built.outline.append(("", "", template(b.text, book, where), ""))
        built.n_paragraphs += 1

    title_template = template(basics.title, FactBook(basics.year), "标题") if basics.title else ""
    built.info = [("地区", basics.region), ("年度", str(basics.year) if basics.year else ""), ("标题", title_template)]
    built.info.extend(_issuer_guesses(basics, built.fixes))
    built.fact_rows = [(f.name, f.value, f.unit, "", f.note, f.written) for f in book.facts.values()]
    return built


def _issuer_guesses(basics: Basics, fixes: list[str]) -> list[tuple[str, str]]:
    """发文机关, 发文代字, 成文日期: what the statement itself shows, else a stated guess to check."""
    rows = []
    organ = basics.organ or (f"{basics.region}财政局" if basics.region else "")
    if organ and not basics.organ:
        fixes.append(f"原文没有落款机关，基本信息“发文机关”暂填“{organ}”，请核对")
    rows.append(("发文机关", organ))
    code = basics.code or (f"{basics.region[0]}财" if basics.region else "")
    if code and not basics.code:
        fixes.append(f"原文没有本机关文号，基本信息“发文代字”暂填“{code}”，请核对")
    rows.append(("发文代字", code))
    date = basics.date
    if not date and basics.year:
        date = f"{basics.year}-12-31"
        fixes.append(f"原文没有成文日期，基本信息“成文日期”暂填“{date}”，请核对")
    rows.append(("成文日期", date))
    return rows
