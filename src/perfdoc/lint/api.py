"""Proofreading entry points: lint a file or a text, write a fixed copy.

Dependencies point one way: api → fix → registry (rules, findings). Fixing consumes the
findings the rules produce; nothing in fix.py or the rule modules imports this module.
"""
from __future__ import annotations

from pathlib import Path

from perfdoc.config import load_config
from perfdoc.findings import Finding
from perfdoc.lint.reader import Paragraph, read_draft, split_lines
from perfdoc.lint.registry import CODES, FIXABLE, normalise_codes, run_rules

__all__ = ["FIXABLE", "enabled_codes", "fix_file", "apply_fixes", "lint_file", "lint_paragraphs", "lint_text",
           "run_rules"]


def enabled_codes(disable=()) -> set[str]:
    """Codes in force: all, less perfdoc.toml's lint.disable, less `disable`."""
    off = normalise_codes(load_config().lint.disable) | normalise_codes(disable)
    return set(CODES) - off


def lint_paragraphs(paragraphs: list[Paragraph], *, disable=()) -> list[Finding]:
    return [h.finding() for h in run_rules(paragraphs, enabled_codes(disable))]


def lint_text(text: str, *, disable=()) -> list[Finding]:
    """Proofread plain text, one paragraph per non-empty line."""
    return lint_paragraphs(split_lines(text), disable=disable)


def lint_file(path: str | Path, *, disable=()) -> list[Finding]:
    """Proofread a .docx or .txt draft; findings in document order."""
    return lint_paragraphs(read_draft(path).paragraphs, disable=disable)


def apply_fixes(path: str | Path, out: str | Path) -> list:
    """Write a copy of the draft with the mechanical fixes applied; returns the changes made
    (fix.Change: paragraph, code, before, after)."""
    from perfdoc.lint.fix import apply_fixes as _apply

    return _apply(path, out)


def fix_file(path: str | Path, out: str | Path) -> Path:
    """Write a copy of the draft with the mechanical fixes applied; returns `out`."""
    apply_fixes(path, out)
    return Path(out)
