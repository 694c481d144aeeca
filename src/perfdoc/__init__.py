"""perfdoc: budget performance documents (情况说明, 通报, 整改通知单), goal review and proofreading.

The public API. Importing this module loads no spaCy, scikit-learn or docxtpl: each function
imports its job's modules when first called.
"""
from __future__ import annotations

__version__ = "0.1.0"

__all__ = ["__version__", "PerfdocError", "load_config"]

from perfdoc.config import load_config  # noqa: E402  (light: pydantic only)
from perfdoc.errors import PerfdocError  # noqa: E402
