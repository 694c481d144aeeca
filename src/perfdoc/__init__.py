"""perfdoc: budget performance documents (情况说明, 通报, 整改通知单), goal review and proofreading.

The public API. Importing this module loads no spaCy, scikit-learn or docxtpl: each function
imports its job's modules when first called. The CLI and the web app call only these.
"""
from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from perfdoc.config import load_config
from perfdoc.errors import PerfdocError

if TYPE_CHECKING:  # pragma: no cover
    from perfdoc.findings import Finding
    from perfdoc.indicators.result import IndicatorResult

__version__ = "0.1.0"

__all__ = [
    "__version__", "PerfdocError", "load_config",
    "render", "render_opinion", "init_data", "import_statement", "check", "check_file", "annotate", "lint_file",
    "lint_text", "fix_file",
]

DOCUMENT_KINDS = ("statement", "circular", "notices")


def render(kind: str, data: str | Path, out: str | Path, *, template: str | Path | None = None,
           force: bool = False, progress: Any = None) -> Path:
    """Render one document kind (statement | circular | notices) from a yearly workbook/YAML/JSON.

    Returns the written .docx (or, for notices, the output folder).
    """
    from perfdoc.render.api import render as _render

    return _render(kind, data, out, template=template, force=force, progress=progress)


def render_opinion(review: str | Path, out: str | Path, *, unit: str | None = None, organ: str | None = None,
                   date: Any = None, deadline: Any = None, template: str | Path | None = None,
                   progress: Any = None) -> Path:
    """Write one 绩效目标审核意见书 per unit and 审核意见汇总.xlsx into the folder `out`, from a
    申报表 (reviewed now) or perfdoc's own annotated 审核结果.xlsx. Returns the folder."""
    from perfdoc.opinion import render_opinions

    return render_opinions(review, out, unit=unit, organ=organ, date=date, deadline=deadline,
                           template=template, progress=progress)


def init_data(directory: str | Path) -> list[Path]:
    """Write the blank yearly workbook and the filled example into `directory`."""
    from perfdoc.workbook.blank import init_data as _init

    return _init(directory)


def import_statement(source: str | Path, out: str | Path):
    """Read last year's 情况说明 (.docx/.txt) and write a workbook (基本信息, 提纲, 数据) that
    renders back to it; returns an ImportResult with the corrections made (Chinese)."""
    from perfdoc.statement_import import import_statement as _import

    return _import(source, out)


def check(items: list[str | dict]) -> list[IndicatorResult]:
    """Review indicators given as text lines or dicts ({name, value} or {text}, optional project,
    level1, level2); one result per item, in order."""
    from perfdoc.indicators.review import check as _check

    return _check(items)


def check_file(path: str | Path):
    """Review a 申报表 (.xlsx), .csv or .jsonl: a Review with .indicators and .projects."""
    from perfdoc.indicators.review import check_file as _check_file

    return _check_file(path)


def annotate(path: str | Path, out: str | Path) -> Path:
    """Write an annotated copy of a 申报表 (.xlsx out) or one result per line (.jsonl out)."""
    from perfdoc.indicators.forms.annotate import annotate as _annotate

    return _annotate(path, out)


def lint_file(path: str | Path, *, disable: tuple[str, ...] = ()) -> list[Finding]:
    """Proofread a .docx or .txt draft; findings in document order."""
    from perfdoc.lint.api import lint_file as _lint_file

    return _lint_file(path, disable=disable)


def lint_text(text: str, *, disable: tuple[str, ...] = ()) -> list[Finding]:
    """Proofread plain text (one paragraph per line)."""
    from perfdoc.lint.api import lint_text as _lint_text

    return _lint_text(text, disable=disable)


def fix_file(path: str | Path, out: str | Path) -> Path:
    """Write a copy of a draft with the mechanical fixes applied (never in place)."""
    from perfdoc.lint.api import fix_file as _fix_file

    return _fix_file(path, out)
