"""Thresholds and precision that local practice varies (domain.md marks them *configurable*).

Read from the file named by $PERFDOC_CONFIG, else ./perfdoc.toml, else defaults. Sections of the
TOML file mirror the fields below, e.g.::

    [grades]            # lower bounds, inclusive
    优 = 90
    良 = 80
    中 = 60
    差 = 0

    [lint]
    disable = ["TYPO"]
"""
from __future__ import annotations

import os
import tomllib
from functools import lru_cache
from pathlib import Path

from pydantic import BaseModel, Field, ValidationError

from perfdoc.errors import InputError


class Precision(BaseModel):
    amount: int = 2  # 17,969.78万元
    rate: int = 2  # 100.00%
    score: int = 2  # 80.00分


class Limits(BaseModel):
    """What one input may hold; docs/web.md and docs/check.md state these figures."""

    max_rows: int = 200_000  # rows read from one sheet before refusing the file
    max_upload_mb: float = 20.0
    zip_max_members: int = 5_000
    zip_max_uncompressed_mb: float = 300.0
    max_indicator_chars: int = 500  # one indicator (name + value); a real one is under 100
    web_jobs: int = 2  # uploads/renders processed at once by `perfdoc serve`
    web_quick_jobs: int = 4  # short pasted checks/lints processed at once
    request_seconds: float = 120.0  # a web request answered 503 after this long


class LintSettings(BaseModel):
    disable: list[str] = Field(default_factory=list)


class ReviewSettings(BaseModel):
    goal_pass_score: float = 75.0  # seed 000: under 75 分 a project may not enter the pool
    category_mismatch_confidence: float = 0.80
    min_indicators: int = 3
    library: str | None = None  # path to a province's own indicator library (.xlsx/.csv)
    conventions: str | None = None  # local layer of `perfdoc library learn` (default: user data folder)


class OpinionSettings(BaseModel):
    """绩效目标审核意见书: who issues it and when a project passes (通过 / 修改后通过 / 不通过)."""
    organ: str = "财政局"  # 发文机关 and 落款, e.g. "某县财政局"
    pass_max_failed: int = 0  # 通过 needs at most this many unmeasurable indicators…
    pass_allows_warnings: bool = False  # …and, unless true, no warning (类别不符, 缺少满意度指标…)
    reject_failed_share: float = 0.5  # 不通过 when more than this share of indicators is unmeasurable
    reject_codes: list[str] = Field(default_factory=lambda: ["MISSING_OUTPUT"])  # project findings → 不通过


class Config(BaseModel):
    grades: dict[str, float] = Field(
        default_factory=lambda: {"优": 90.0, "良": 80.0, "中": 60.0, "差": 0.0}
    )
    weights: dict[str, float] = Field(
        default_factory=lambda: {"产出指标": 50.0, "效益指标": 30.0, "满意度指标": 10.0, "预算执行率": 10.0}
    )
    precision: Precision = Field(default_factory=Precision)
    limits: Limits = Field(default_factory=Limits)
    lint: LintSettings = Field(default_factory=LintSettings)
    review: ReviewSettings = Field(default_factory=ReviewSettings)
    opinion: OpinionSettings = Field(default_factory=OpinionSettings)

    def grade(self, score: float) -> str:
        """Grade for a 100-point score: the highest grade whose lower bound the score reaches."""
        for name, bound in sorted(self.grades.items(), key=lambda kv: kv[1], reverse=True):
            if score >= bound:
                return name
        return min(self.grades.items(), key=lambda kv: kv[1])[0]


def config_path() -> Path | None:
    env = os.environ.get("PERFDOC_CONFIG")
    if env:
        return Path(env)
    local = Path("perfdoc.toml")
    return local if local.is_file() else None


@lru_cache(maxsize=8)
def _load(path: str | None) -> Config:
    if path is None:
        return Config()
    p = Path(path)
    try:
        data = tomllib.loads(p.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise InputError("找不到配置文件", file=p, hint="检查 PERFDOC_CONFIG 指向的路径") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise InputError(f"配置文件格式错误：{exc}", file=p) from None
    try:
        return Config.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(x) for x in first["loc"])
        raise InputError(f"配置项“{where}”取值无效：{first['msg']}", file=p) from None


def load_config(path: str | Path | None = None) -> Config:
    """The settings in force: an explicit path, else $PERFDOC_CONFIG, else ./perfdoc.toml."""
    chosen = Path(path) if path is not None else config_path()
    return _load(str(chosen) if chosen is not None else None)
