"""Proofreading entry points: lint a file or a text, write a fixed copy."""
from __future__ import annotations

from pathlib import Path

from perfdoc.config import load_config
from perfdoc.findings import Finding
from perfdoc.lint.reader import Paragraph, read_draft, split_lines
from perfdoc.lint.registry import BY_CODE, CODES, Hit, families, normalise_codes


def enabled_codes(disable=()) -> set[str]:
    """Codes in force: all, less perfdoc.toml's lint.disable, less `disable`."""
    off = normalise_codes(load_config().lint.disable) | normalise_codes(disable)
    return set(CODES) - off


def run_rules(paragraphs: list[Paragraph], enabled: set[str]) -> list[Hit]:
    hits: list[Hit] = []
    for family in families(enabled):
        hits.extend(h for h in family.check(paragraphs) if h.code in enabled)
    order = {c: i for i, c in enumerate(CODES)}
    hits.sort(key=lambda h: (h.paragraph.index, h.start, order[h.code]))
    return hits


def lint_paragraphs(paragraphs: list[Paragraph], *, disable=()) -> list[Finding]:
    return [h.finding() for h in run_rules(paragraphs, enabled_codes(disable))]


def lint_text(text: str, *, disable=()) -> list[Finding]:
    """Proofread plain text, one paragraph per non-empty line."""
    return lint_paragraphs(split_lines(text), disable=disable)


def lint_file(path: str | Path, *, disable=()) -> list[Finding]:
    """Proofread a .docx or .txt draft; findings in document order."""
    return lint_paragraphs(read_draft(path).paragraphs, disable=disable)


def fix_file(path: str | Path, out: str | Path) -> Path:
    """Write a copy of the draft with the mechanical fixes applied; returns `out`."""
    from perfdoc.lint.fix import fix_file as _fix

    return _fix(path, out)


FIXABLE = tuple(c for c in CODES if BY_CODE[c].fixable)
