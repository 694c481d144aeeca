"""The user's cache folder: data perfdoc derives from installed files to start faster.

Everything here can be deleted at any time and is rebuilt on the next run. A cache file is named
by a key (a hash of everything it was derived from), so a changed input never meets a stale
file. $PERFDOC_CACHE_DIR, else %LOCALAPPDATA%\\perfdoc\\cache on Windows, else
$XDG_CACHE_HOME/perfdoc (~/.cache/perfdoc). PERFDOC_CACHE_DIR=off (or an unwritable folder)
turns the cache off: the same data is then built in memory at each start.
"""
from __future__ import annotations

import hashlib
import os
from pathlib import Path

OFF = ("off", "0", "none", "false")


def cache_dir() -> Path | None:
    """The cache folder (not created here), or None when caching is turned off."""
    env = os.environ.get("PERFDOC_CACHE_DIR")
    if env is not None:
        return None if env.strip().lower() in OFF or not env.strip() else Path(env)
    if os.name == "nt" and os.environ.get("LOCALAPPDATA"):
        return Path(os.environ["LOCALAPPDATA"]) / "perfdoc" / "cache"
    base = os.environ.get("XDG_CACHE_HOME")
    if not base:
        try:
            base = str(Path.home() / ".cache")
        except (RuntimeError, KeyError):  # no home folder to be found: no cache
            return None
    return Path(base) / "perfdoc"


def key(*parts: str | bytes) -> str:
    """A short hash naming a cache file after everything it was derived from."""
    h = hashlib.sha256()
    for p in parts:
        data = p.encode("utf-8") if isinstance(p, str) else p
        h.update(len(data).to_bytes(8, "little"))
        h.update(data)
    return h.hexdigest()[:24]


def path_for(name: str) -> Path | None:
    folder = cache_dir()
    return folder / name if folder is not None else None


def read(name: str) -> bytes | None:
    """The bytes of a cache file, or None (missing, unreadable or caching off)."""
    p = path_for(name)
    if p is None:
        return None
    try:
        return p.read_bytes()
    except OSError:
        return None


def write(name: str, data: bytes, *, kind: str | None = None, keep: int = 4) -> bool:
    """Write a cache file atomically; False (and nothing raised) when the folder is not writable.

    `kind`: a glob matching the files of the same kind under other keys (other versions,
    other worktrees sharing the folder); only the `keep` most recently written are kept.
    """
    from perfdoc.fileio import atomic_output

    p = path_for(name)
    if p is None:
        return False
    try:
        with atomic_output(p) as tmp:
            tmp.write_bytes(data)
    except OSError:
        return False
    if kind:
        try:
            olds = sorted((f for f in p.parent.glob(kind) if f.name != p.name),
                          key=lambda f: f.stat().st_mtime, reverse=True)
            for old in olds[keep - 1:]:
                old.unlink()
        except OSError:
            pass
    return True
