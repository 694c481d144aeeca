"""`perfdoc import statement`: last year's 情况说明 (.docx/.txt) → a yearly workbook (提纲 + 数据).

reader (source) → structure (outline: title, region, year, headings) → figures (facts, years)
→ writer. Depends on workbook/ for how figures are written; never on render/.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from perfdoc.errors import InputError


@dataclass
class ImportResult:
    """What an import wrote and what it changed on the way."""

    path: Path
    title: str
    region: str
    year: int | None
    headings: int
    paragraphs: int
    tables: int
    facts: int
    fixes: list[str] = field(default_factory=list)  # Chinese, one per correction or guess

    def to_dict(self) -> dict:
        return {"path": str(self.path), "title": self.title, "region": self.region, "year": self.year,
                "headings": self.headings, "paragraphs": self.paragraphs, "tables": self.tables,
                "facts": self.facts, "fixes": list(self.fixes)}


def import_statement(source: str | Path, out: str | Path) -> ImportResult:
    """Read last year's statement and write a workbook whose 提纲/数据 reproduce it."""
    from perfdoc.fileio import refuse_same_path
    from perfdoc.statement_import.build import build
    from perfdoc.statement_import.source import read_source
    from perfdoc.statement_import.writer import write_workbook

    refuse_same_path(source, out)
    if Path(out).suffix.lower() != ".xlsx":
        from perfdoc.errors import UsageError

        raise UsageError("输出文件应为 .xlsx 工作簿", file=out, hint="例如：-o 数据.xlsx")
    blocks = read_source(source)
    built = build(blocks)
    if not built.outline:
        raise InputError("文件中除标题外没有正文段落，无法导入", file=source)
    path = write_workbook(out, built.info, built.outline, built.fact_rows, built.tables)
    return ImportResult(path, built.basics.title, built.basics.region, built.basics.year,
                        built.n_headings, built.n_paragraphs, len(built.tables), len(built.fact_rows),
                        built.fixes)
