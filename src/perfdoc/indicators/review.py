"""The review: parse every value, apply the measurability rules, then let the classifier place it.

`check(items)` reviews text lines or dicts; `check_file(path)` reads a 申报表/.csv/.jsonl and adds
the project-level findings.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from perfdoc.config import load_config
from perfdoc.errors import DataError, TooLargeError
from perfdoc.findings import Finding
from perfdoc.indicators.classification import classify as classifier
from perfdoc.indicators.library.framework import level2_options, normalize_levels, strip_enumerator
from perfdoc.indicators.result import IndicatorResult

NO_PROJECT = "（未填写项目名称）"
_RULE_REWRITE_CODES = frozenset({"INPUT_AS_OUTPUT", "TIME_UNBOUNDED"})


@dataclass
class Review:
    """A reviewed file: one result per indicator and the findings per project."""
    indicators: list[IndicatorResult]
    projects: list[dict] = field(default_factory=list)  # {"project": str, "issues": [Finding]}
    notes: list[str] = field(default_factory=list)  # what the reader could not find, in Chinese
    source: object = None  # readers.Source, for annotation

    def to_dict(self) -> dict:
        return {
            "indicators": [r.to_dict() for r in self.indicators],
            "projects": [{"project": p["project"], "issues": [i.issue_dict() for i in p["issues"]]}
                         for p in self.projects],
        }

    @property
    def flagged(self) -> bool:
        return any(r.issues for r in self.indicators) or any(p["issues"] for p in self.projects)


def _result(item: str | dict, index: int) -> IndicatorResult:
    from perfdoc.indicators.grammar.parse import split_text

    if isinstance(item, str):
        item = {"text": item}
    if not isinstance(item, dict):
        raise DataError(f"第{index + 1}项不是文本或对象")
    _refuse_long(item, index)
    name = item.get("name")
    value = item.get("value")
    text = item.get("text")
    if name is None and value is None:
        text = str(text or "")
        name, value = split_text(text)
    else:
        name, value = str(name or "").strip(), str(value or "").strip()
        text = text or f"{name}{value}"
        if not value and name:
            # the whole indicator written in the name column: 培训合格率≥95%
            split_name, split_value = split_text(name)
            if split_value and re.search(r"\d|[≥≤<>=]", split_value):
                name, value = split_name, split_value
    l1, l2 = normalize_levels(item.get("level1"), item.get("level2"))
    options = level2_options(item.get("level2")) if l2 is None else (l2,)
    return IndicatorResult(
        text=str(text).strip(), name=strip_enumerator(re.sub(r"\s+", "", str(name))), value=str(value).strip(),
        source=item.get("source"), project=(item.get("project") or None),
        declared_level1=l1, declared_level2=l2, declared_options=options,
    )


def _refuse_long(item: dict, index: int) -> None:
    """An indicator is a phrase and a value, not a page: refuse one over limits.max_indicator_chars."""
    cap = load_config().limits.max_indicator_chars
    size = sum(len(str(item.get(k) or "")) for k in ("text", "name", "value"))
    if size <= cap:
        return
    src = item.get("source") if isinstance(item.get("source"), dict) else {}
    raise TooLargeError(f"第{index + 1}条指标长 {size} 字，超过上限 {cap} 字", file=src.get("file"), sheet=src.get("sheet"),
                        row=src.get("row"), hint="一条绩效指标只写名称和指标值；上限可在配置 limits.max_indicator_chars 中调整")


def run_rules(results: list[IndicatorResult]) -> None:
    """Parse all values in one batch and apply the measurability rules to each result."""
    from perfdoc.indicators.grammar.parse import parse_values
    from perfdoc.indicators.grammar.rules import review_indicator

    facts = parse_values([r.value for r in results])
    for r, f in zip(results, facts):
        r.parsed = f.parsed
        review_indicator(r, f)


def enrich(results: list[IndicatorResult], *, library=None) -> None:
    """Let the classifier place the reviewed results (二级指标, sector, library match, mismatch)."""
    # An input or an open-ended time is fixed by restating it (成本指标, 及时率/日期), not by
    # a neighbouring library entry: keep the rule's rewrite for those.
    kept = {id(r): r.suggestion for r in results
            if any(i.code in _RULE_REWRITE_CODES for i in r.issues)}
    classifier.enrich(results, library=library)
    for r in results:
        if id(r) in kept:
            r.suggestion = kept[id(r)]


def check(items: list[str | dict], *, classify: bool = True, library=None) -> list[IndicatorResult]:
    """One result per item, in order: text lines or {name, value} / {text} dicts."""
    results = [_result(item, i) for i, item in enumerate(items)]
    if results:
        run_rules(results)
        if classify:
            enrich(results, library=library)
    return results


def review_projects(results: list[IndicatorResult]) -> list[dict]:
    from perfdoc.indicators.grammar.rules import review_project

    groups: dict[str, list[IndicatorResult]] = {}
    for r in results:
        groups.setdefault(r.project or NO_PROJECT, []).append(r)
    minimum = load_config().review.min_indicators
    out = []
    for project, members in groups.items():
        issues: list[Finding] = review_project(project, members, minimum)
        out.append({"project": project, "issues": issues})
    return out


def check_file(path: str | Path, *, classify: bool = True, library=None) -> Review:
    """Review a 申报表 (.xlsx), .csv, .jsonl or .txt: a Review with .indicators and .projects."""
    from perfdoc.indicators.forms.readers import read_source

    source = read_source(path)
    results = check(source.items, classify=classify, library=library)
    return Review(indicators=results, projects=review_projects(results), notes=source.notes,
                  source=source)
