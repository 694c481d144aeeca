"""One result shape for every checker: a stable code, severity, message, location, suggestion."""
from __future__ import annotations

from dataclasses import asdict, dataclass

SEVERITIES = ("error", "warning", "info")


@dataclass(slots=True)
class Finding:
    code: str
    severity: str  # error | warning | info
    message: str  # Chinese, for the user
    suggestion: str | None = None
    # location in a draft (lint); None for indicator review issues
    paragraph: int | None = None  # 1-based over non-empty paragraphs
    start: int | None = None
    end: int | None = None
    excerpt: str | None = None

    def issue_dict(self) -> dict:
        """The form used inside `check --json` results."""
        return {"code": self.code, "severity": self.severity, "message": self.message,
                "suggestion": self.suggestion}

    def lint_dict(self) -> dict:
        """The form used by `lint --json` (interface.md)."""
        d = asdict(self)
        return {k: d[k] for k in ("code", "severity", "paragraph", "start", "end", "excerpt",
                                  "message", "suggestion")}
