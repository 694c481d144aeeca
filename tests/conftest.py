"""Shared fixtures. Test data is built in the tests (tests/data holds only small fixed samples)."""
from __future__ import annotations

import copy
import os
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"
EXAMPLE_XLSX = ROOT / "examples" / "chengjiang-2023.xlsx"
EXAMPLE_YAML = ROOT / "examples" / "chengjiang-2023.yaml"


@pytest.fixture(autouse=True)
def _no_user_config(monkeypatch):
    """Tests run with default settings whatever perfdoc.toml the developer has around."""
    monkeypatch.delenv("PERFDOC_CONFIG", raising=False)
    from perfdoc.config import _load

    _load.cache_clear()
    yield
    _load.cache_clear()


@pytest.fixture
def seeds_dir() -> Path:
    if not SEEDS.is_dir():
        pytest.skip("shared/seeds is not beside the repository")
    return SEEDS


def cli_env() -> dict:
    env = dict(os.environ)
    env.pop("PERFDOC_CONFIG", None)
    return env


# --- the yearly-workbook example, shared by the workbook and render tests -------------------------

@pytest.fixture(scope="session")
def example_mapping() -> dict:
    """The bundled example (chengjiang-2023) as sheet name → rows."""
    return yaml.safe_load(EXAMPLE_YAML.read_text(encoding="utf-8"))


@pytest.fixture
def mapping(example_mapping) -> dict:
    """A fresh copy of the example to modify in one test."""
    return copy.deepcopy(example_mapping)


@pytest.fixture
def example_xlsx() -> Path:
    return EXAMPLE_XLSX


@pytest.fixture
def write_xlsx(tmp_path):
    """Write a sheet-name → rows mapping as a yearly workbook in the test's folder."""
    from perfdoc.workbook.blank import write_workbook

    def write(content: dict, name: str = "data.xlsx") -> Path:
        return write_workbook(tmp_path / name, content)

    return write


def run_cli(*args: str, cwd: Path | None = None) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "perfdoc", *args], capture_output=True, text=True,
                          cwd=cwd, timeout=120)


@pytest.fixture
def cli():
    """Run `perfdoc ARGS…` in a subprocess."""
    return run_cli
