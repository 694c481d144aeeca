"""perfdoc.cache: where the user's cache lives, atomic writes, and never an error when it cannot."""
from __future__ import annotations

from pathlib import Path

import pytest

from perfdoc import cache


@pytest.mark.parametrize("setting, expected", [
    ("off", None), ("OFF", None), ("0", None), ("", None), ("/some/where", Path("/some/where")),
])
def test_cache_dir_setting(monkeypatch, setting, expected):
    monkeypatch.setenv("PERFDOC_CACHE_DIR", setting)
    assert cache.cache_dir() == expected


def test_default_cache_dir_follows_xdg(monkeypatch, tmp_path):
    monkeypatch.delenv("PERFDOC_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache.cache_dir() == tmp_path / "perfdoc"


def test_write_read_and_keep_newest(monkeypatch, tmp_path):
    import os

    monkeypatch.setenv("PERFDOC_CACHE_DIR", str(tmp_path / "c"))
    assert cache.read("x-1.bin") is None
    for i in range(6):
        assert cache.write(f"x-{i}.bin", bytes([i]) * 10, kind="x-*.bin", keep=3)
        os.utime(tmp_path / "c" / f"x-{i}.bin", (1000 + i, 1000 + i))
    assert sorted(p.name for p in (tmp_path / "c").iterdir()) == ["x-3.bin", "x-4.bin", "x-5.bin"]
    assert cache.read("x-5.bin") == bytes([5]) * 10
    assert not [p for p in (tmp_path / "c").iterdir() if p.name.endswith(".part")]


@pytest.mark.parametrize("where", ["a file", "off"])
def test_unusable_cache_is_no_error(monkeypatch, tmp_path, where):
    blocker = tmp_path / "blocker"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("PERFDOC_CACHE_DIR", str(blocker / "sub") if where == "a file" else "off")
    assert cache.write("y.bin", b"data") is False
    assert cache.read("y.bin") is None


def test_key_separates_parts():
    assert cache.key("ab", "c") != cache.key("a", "bc")
    assert cache.key("a", b"b") == cache.key(b"a", "b")
