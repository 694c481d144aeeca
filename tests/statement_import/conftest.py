"""Helpers: build .docx sources at test time, read an imported workbook back."""
from __future__ import annotations

from pathlib import Path

import pytest


def make_docx(path: Path, lines: list[str], tables: dict[int, list[list[str]]] | None = None) -> Path:
    """One paragraph per line; tables[i] is inserted after line i (0-based)."""
    import docx

    d = docx.Document()
    for i, line in enumerate(lines):
        d.add_paragraph(line)
        for rows in ([tables[i]] if tables and i in tables else []):
            t = d.add_table(rows=len(rows), cols=len(rows[0]))
            for r, row in enumerate(rows):
                for c, v in enumerate(row):
                    t.cell(r, c).text = v
    d.save(path)
    return path


def seed_lines(path: Path) -> list[str]:
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def sheet_rows(xlsx: Path, sheet: str) -> list[tuple]:
    import openpyxl

    wb = openpyxl.load_workbook(xlsx)
    return [tuple("" if v is None else v for v in row) for row in wb[sheet].iter_rows(values_only=True)]


def expanded(xlsx: Path, changes: dict[str, str] | None = None, year_delta: int = 0) -> list[str]:
    """The paragraphs an imported workbook stands for: placeholders filled with facts as written.

    `changes` sets new 数值 for named facts; `year_delta` moves 基本信息.年度.
    """
    from perfdoc.statement_import.figures import Fact, expand
    from perfdoc.lint.numbering import marker_text

    info = {k: v for k, v in sheet_rows(xlsx, "基本信息")[1:]}
    year = int(info["年度"]) + year_delta if info.get("年度") else None
    facts = {}
    for name, value, unit, _formula, note, written in sheet_rows(xlsx, "数据")[1:]:
        facts[name] = Fact(name, (changes or {}).get(name, value), unit, written, note)
    out = [expand(info["标题"], facts, year)]
    counters = [0] * 6
    for level, title, content, table in sheet_rows(xlsx, "提纲")[1:]:
        if table:
            out.extend(" ".join(r for r in row if r) for row in sheet_rows(xlsx, table))
            continue
        head = ""
        if level:
            L = int(level)
            counters[L] += 1
            for k in range(L + 1, 6):
                counters[k] = 0
            head = marker_text(L, counters[L]) + expand(title, facts, year)
        body = expand(content, facts, year)
        out.append(head + ("。" if head and body else "") + body)
    return out


@pytest.fixture
def seed_docx(tmp_path, seeds_dir):
    def build(stem: str) -> Path:
        src = next(seeds_dir.glob(f"{stem}_*.txt"))
        return make_docx(tmp_path / f"{stem}.docx", seed_lines(src))
    return build
