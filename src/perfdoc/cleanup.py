"""Temporary files and folders that must not outlive the process, even on SIGTERM.

`perfdoc.fileio.atomic_output`/`atomic_directory` and the web upload workspaces register what
they create here. `install_sigterm()` (called by the CLI and by `perfdoc serve`) turns SIGTERM into
SystemExit, so every `finally` runs and removes its own temporary files; whatever is still
registered at exit is removed as well.
"""
from __future__ import annotations

import atexit
import os
import shutil
import signal
import threading
from pathlib import Path

_lock = threading.Lock()
_paths: set[Path] = set()


def register(path: str | Path) -> None:
    with _lock:
        _paths.add(Path(path))


def unregister(path: str | Path) -> None:
    with _lock:
        _paths.discard(Path(path))


def remove(path: str | Path) -> None:
    """Delete a file or a folder tree; missing is fine."""
    p = Path(path)
    if p.is_dir() and not p.is_symlink():
        shutil.rmtree(p, ignore_errors=True)
    else:
        try:
            p.unlink(missing_ok=True)
        except OSError:
            pass


def remove_all() -> None:
    with _lock:
        paths = list(_paths)
        _paths.clear()
    for p in paths:
        remove(p)


atexit.register(remove_all)


def _on_sigterm(signum, frame):  # pragma: no cover - exercised through a subprocess
    raise SystemExit(128 + signum)


def install_sigterm() -> None:
    """SIGTERM ends the process like Ctrl+C would: `finally` blocks run, temporaries go."""
    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, _on_sigterm)


def pid_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
