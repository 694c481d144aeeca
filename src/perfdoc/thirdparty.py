"""Imports of heavy third-party packages without the parts perfdoc never uses (cold start).

- spaCy's `__init__` imports its whole command line (`from .cli.info import info`: weasel, httpx,
  requests, jinja2 and a YAML template read, ≈0.2 s of a cold `perfdoc check`) only to offer
  `spacy.info`. `import_spacy()` lets spaCy import with `spacy.info` as a thin function that
  imports the real one when called; `spacy.cli` itself stays importable the ordinary way.
- jieba's `_compat` imports `pkg_resources` (≈0.09 s) only to open its dictionary file, and falls
  back to a plain `open()` of the same file when it is absent. `import_jieba()` imports jieba with
  `pkg_resources` hidden for that one import.

Both return the same module objects a plain `import` gives; when the package is already imported
they are a dictionary look-up.
"""
from __future__ import annotations

import sys
import threading
import types

_LOCK = threading.Lock()


def _spacy_info(*args, **kwargs):
    """spacy.info, imported when called (`spacy info` prints the installation's details)."""
    from spacy.cli.info import info

    return info(*args, **kwargs)


def import_spacy() -> types.ModuleType:
    module = sys.modules.get("spacy")
    if module is not None:
        return module
    with _LOCK:
        if "spacy" in sys.modules or "spacy.cli" in sys.modules or "spacy.cli.info" in sys.modules:
            import spacy

            return spacy
        stub = types.ModuleType("spacy.cli.info")
        stub.info = _spacy_info
        sys.modules["spacy.cli.info"] = stub
        try:
            import spacy
        except ImportError:
            # a spaCy that needs more of its command line at import: import it the ordinary way
            for name in [n for n in sys.modules if n == "spacy" or n.startswith("spacy.")]:
                del sys.modules[name]
            import spacy
        finally:
            if sys.modules.get("spacy.cli.info") is stub:
                del sys.modules["spacy.cli.info"]
        return spacy


def import_jieba() -> types.ModuleType:
    module = sys.modules.get("jieba")
    if module is not None:
        return module
    with _LOCK:
        if "jieba" in sys.modules or "pkg_resources" in sys.modules:
            import jieba

            return jieba
        sys.modules["pkg_resources"] = None  # type: ignore[assignment]  # import raises ImportError
        try:
            import jieba
        finally:
            if sys.modules.get("pkg_resources", 0) is None:
                del sys.modules["pkg_resources"]
        return jieba
