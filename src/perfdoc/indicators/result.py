"""The review result for one indicator: the shape `check --json` prints (interface.md).

`parse`/`rules` fill text, name, value, parsed and issues; `classify`/`library` fill level1,
level2, sector, matches and may add CATEGORY_MISMATCH and a better suggestion.
"""
from __future__ import annotations

from dataclasses import dataclass, field

from perfdoc.findings import Finding

# Codes that make an indicator unmeasurable (domain.md §2); CATEGORY_MISMATCH does not.
UNMEASURABLE_CODES = frozenset(
    {"VAGUE_VALUE", "NO_VALUE", "NO_UNIT", "UNIT_MISMATCH", "OUT_OF_RANGE", "TIME_UNBOUNDED",
     "INPUT_AS_OUTPUT"}
)


@dataclass(slots=True)
class Parsed:
    operator: str | None = None  # one of ≥ ≤ = > < or "区间" for a range
    number: float | None = None
    unit: str | None = None
    deadline: str | None = None
    number_max: float | None = None  # upper end of a range such as 90%-95%

    def to_dict(self) -> dict:
        return {"operator": self.operator, "number": self.number, "unit": self.unit,
                "deadline": self.deadline}


@dataclass(slots=True)
class Match:
    id: str
    name: str
    level2: str
    sector: str
    unit: str
    score: float

    def to_dict(self) -> dict:
        return {"id": self.id, "name": self.name, "level2": self.level2, "sector": self.sector,
                "unit": self.unit, "score": round(self.score, 4)}


@dataclass(slots=True)
class IndicatorResult:
    text: str
    name: str
    value: str
    source: dict | None = None  # {"file", "sheet", "row"} or None for command-line text
    project: str | None = None
    declared_level1: str | None = None  # as written by the unit (normalised)
    declared_level2: str | None = None
    declared_options: tuple = ()  # every 二级 the declared cell names (社会、经济、生态效益指标 → three)
    parsed: Parsed = field(default_factory=Parsed)
    issues: list[Finding] = field(default_factory=list)
    level1: str | None = None
    level2: str | None = None
    level2_confidence: float | None = None
    decided_by: str | None = None  # "local": a convention learned by `library learn` chose level2
    sector: str | None = None  # "205 教育"
    sector_confidence: float | None = None
    matches: list[Match] = field(default_factory=list)
    suggestion: str | None = None

    @property
    def measurable(self) -> bool:
        return not any(i.code in UNMEASURABLE_CODES for i in self.issues)

    def to_dict(self) -> dict:
        def r(x: float | None) -> float | None:
            return None if x is None else round(float(x), 4)

        out = {
            "text": self.text, "name": self.name, "value": self.value, "source": self.source,
            "parsed": self.parsed.to_dict(), "measurable": self.measurable,
            "issues": [i.issue_dict() for i in self.issues],
            "level1": self.level1, "level2": self.level2,
            "level2_confidence": r(self.level2_confidence),
            "sector": self.sector, "sector_confidence": r(self.sector_confidence),
            "matches": [m.to_dict() for m in self.matches],
            "suggestion": self.suggestion,
        }
        if self.decided_by:  # only when a local convention decided (interface.md shape otherwise)
            out["decided_by"] = self.decided_by
        return out
