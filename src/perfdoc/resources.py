"""Finds templates/, corpora/ and models/ both in an installed wheel and in a source checkout.

The wheel carries them as perfdoc/_data/<name> (see pyproject force-include); an editable
install or a checkout reads them from the repository root.
"""
from __future__ import annotations

from functools import lru_cache
from importlib import resources
from pathlib import Path

from perfdoc.errors import PerfdocError


@lru_cache(maxsize=4)
def data_dir(name: str) -> Path:
    """The folder for one kind of shipped data: 'templates', 'corpora' or 'models'."""
    packaged = Path(str(resources.files("perfdoc"))) / "_data" / name
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parents[2] / name
    if checkout.is_dir():
        return checkout
    raise PerfdocError(f"安装不完整：找不到数据目录 {name}", hint="请重新安装 perfdoc")


def template(name: str) -> Path:
    return data_dir("templates") / name


def corpus(name: str) -> Path:
    return data_dir("corpora") / name


def models_dir() -> Path:
    return data_dir("models")
