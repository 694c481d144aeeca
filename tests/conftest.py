"""Shared fixtures. Test data is built in the tests (tests/data holds only small fixed samples)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT.parent / "shared" / "seeds"


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
