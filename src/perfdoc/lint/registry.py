"""The rules: stable codes, default severity, a Chinese title, the family module that checks them.

Every rule family module exposes `check(paragraphs) -> list[Hit]`. A Hit becomes a public
Finding; its `fix` (when set) is the literal replacement for text[start:end] that --fix applies.
"""
from __future__ import annotations

import importlib
from dataclasses import dataclass

from perfdoc.errors import UsageError
from perfdoc.findings import Finding

EXCERPT_CONTEXT = 20  # characters of context each side of the span in an excerpt


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    severity: str  # default severity; a family may report a milder one for a milder case
    title: str
    module: str
    fixable: bool = False


RULES: tuple[Rule, ...] = (
    Rule("NUMBERING", "error", "标题序号层级与连续性", "numbering", fixable=True),
    Rule("PUNCT_PAIR", "error", "成对标点配对与嵌套", "punct"),
    Rule("PUNCT_WIDTH", "error", "中文语境中的半角标点、全半角混用的括号", "punct", fixable=True),
    Rule("DOC_NUMBER", "error", "发文字号格式、引用文件名称", "docnumber", fixable=True),
    Rule("NUMBER_FORMAT", "error", "数字格式（全角数字、千分位、小数位数）", "formats"),
    Rule("DATE_FORMAT", "error", "日期格式", "formats"),
    Rule("ARITHMETIC", "error", "可核对的数字计算（占比、合计、增减、执行率）", "arithmetic"),
    Rule("TYPO", "warning", "固定表述中的错别字", "typo"),
)
CODES = tuple(r.code for r in RULES)
BY_CODE = {r.code: r for r in RULES}


@dataclass(slots=True)
class Hit:
    """A finding before it is tied to the public shape; `fix` is a mechanical replacement."""

    code: str
    severity: str
    message: str
    paragraph: object  # reader.Paragraph
    start: int
    end: int
    suggestion: str | None = None
    fix: str | None = None

    def finding(self) -> Finding:
        return Finding(self.code, self.severity, self.message, self.suggestion,
                       self.paragraph.index, self.start, self.end,
                       excerpt(self.paragraph.text, self.start, self.end))


def excerpt_start(start: int) -> int:
    return max(0, start - EXCERPT_CONTEXT)


def excerpt(text: str, start: int, end: int) -> str:
    """The paragraph around the span: up to EXCERPT_CONTEXT characters each side, '…' where cut."""
    a = excerpt_start(start)
    b = min(len(text), end + EXCERPT_CONTEXT)
    return ("…" if a > 0 else "") + text[a:b] + ("…" if b < len(text) else "")


def span_in_excerpt(f: Finding) -> tuple[int, int]:
    """Where the finding's span lies inside its excerpt (for the caret line)."""
    a = excerpt_start(f.start or 0)
    offset = (f.start or 0) - a + (1 if a > 0 else 0)
    return offset, offset + max(1, (f.end or 0) - (f.start or 0))


def normalise_codes(codes) -> set[str]:
    """Validate rule codes given by a user (case-insensitive, comma lists allowed)."""
    out: set[str] = set()
    for item in codes or ():
        for code in str(item).replace("，", ",").split(","):
            code = code.strip().upper()
            if not code:
                continue
            if code not in BY_CODE:
                raise UsageError(f"未知的规则代码“{code}”", hint="可用代码：" + "、".join(CODES))
            out.add(code)
    return out


def run_rules(paragraphs: list, enabled: set[str]) -> list[Hit]:
    """Every enabled rule over the paragraphs, in document order (the findings --fix consumes)."""
    hits: list[Hit] = []
    for family in families(enabled):
        hits.extend(h for h in family.check(paragraphs) if h.code in enabled)
    order = {c: i for i, c in enumerate(CODES)}
    hits.sort(key=lambda h: (h.paragraph.index, h.start, order[h.code]))
    return hits


FIXABLE = tuple(r.code for r in RULES if r.fixable)


def families(enabled: set[str]) -> list:
    """The family modules that check at least one enabled code, in registry order."""
    seen: list[str] = []
    for rule in RULES:
        if rule.code in enabled and rule.module not in seen:
            seen.append(rule.module)
    return [importlib.import_module(f"perfdoc.lint.{m}") for m in seen]
