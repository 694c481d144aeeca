"""Fixtures for rendering tests: the example data as a dict, writers, rendered documents."""
from __future__ import annotations

import copy
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE_XLSX = ROOT / "examples" / "chengjiang-2023.xlsx"
EXAMPLE_YAML = ROOT / "examples" / "chengjiang-2023.yaml"


@pytest.fixture(scope="session")
def example_mapping() -> dict:
    return yaml.safe_load(EXAMPLE_YAML.read_text(encoding="utf-8"))


@pytest.fixture
def mapping(example_mapping) -> dict:
    """A fresh copy of the example to modify in one test."""
    return copy.deepcopy(example_mapping)


@pytest.fixture
def write_xlsx(tmp_path):
    from perfdoc.workbook.blank import write_workbook

    def write(content: dict, name: str = "data.xlsx") -> Path:
        return write_workbook(tmp_path / name, content)

    return write


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


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "perfdoc", *args], capture_output=True, text=True,
                          cwd=cwd, timeout=120)


@pytest.fixture
def cli():
    return run_cli


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
