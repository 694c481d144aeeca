"""Fixtures for rendering tests: the three documents rendered once, and their text."""
from __future__ import annotations

from pathlib import Path

import pytest

EXAMPLE_XLSX = Path(__file__).resolve().parents[2] / "examples" / "chengjiang-2023.xlsx"


@pytest.fixture(scope="session")
def rendered(tmp_path_factory) -> dict[str, Path]:
    """The three documents rendered once from the bundled example."""
    from perfdoc import render

    out = tmp_path_factory.mktemp("rendered")
    return {
        "statement": render("statement", EXAMPLE_XLSX, out / "statement.docx"),
        "circular": render("circular", EXAMPLE_XLSX, out / "circular.docx"),
        "notices": render("notices", EXAMPLE_XLSX, out / "notices"),
    }


def doc_text(path: Path) -> str:
    import docx

    d = docx.Document(str(path))
    parts = [p.text for p in d.paragraphs]
    for t in d.tables:
        for row in t.rows:
            parts.extend(c.text for c in row.cells)
    return "\n".join(parts)


@pytest.fixture
def text_of():
    return doc_text
