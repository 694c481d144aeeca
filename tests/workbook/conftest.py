"""Fixtures for workbook tests: the example as a dict and a writer for modified copies."""
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
def _example() -> dict:
    return yaml.safe_load(EXAMPLE_YAML.read_text(encoding="utf-8"))


@pytest.fixture
def mapping(_example) -> dict:
    return copy.deepcopy(_example)


@pytest.fixture
def example_xlsx() -> Path:
    return EXAMPLE_XLSX


@pytest.fixture
def write_xlsx(tmp_path):
    from perfdoc.workbook.blank import write_workbook

    def write(content: dict, name: str = "data.xlsx") -> Path:
        return write_workbook(tmp_path / name, content)

    return write


@pytest.fixture
def cli():
    def run(*args: str) -> subprocess.CompletedProcess:
        return subprocess.run([sys.executable, "-m", "perfdoc", *args], capture_output=True, text=True,
                              timeout=120)

    return run
