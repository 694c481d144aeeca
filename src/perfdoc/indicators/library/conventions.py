"""The user's own conventions: a local layer learned from a bureau's approved 申报表.

`perfdoc library learn FILE.xlsx …` reads approved 申报表 (any format `check --input` reads) and
takes their declared 二级指标 as truth. It keeps two tables of declared labels:

- by name: the indicator name (enumerators and spaces removed) → counts of declared 二级指标;
- by head noun: the name's last word (覆盖率, 人次, 满意度 …) → counts, used for names the bureau
  has not written yet, only when the head was declared the same way at least HEAD_MIN_ROWS times
  in at least HEAD_MIN_SHARE of its rows.

At review time a convention decides the 二级指标 (the result says `decided_by: "local"`) when the
name, else its head, has a label with at least MIN_SHARE of the rows. The layer is a JSON file
beside the user's settings (not in the shipped models/): `review.conventions` in perfdoc.toml,
else $PERFDOC_CONVENTIONS, else the user data folder (~/.local/share/perfdoc/conventions.json, or
%APPDATA%\\perfdoc on Windows). `perfdoc library learn --reset` removes it; `library stats` shows it.
"""
from __future__ import annotations

import hashlib
import json
import os
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from perfdoc.errors import DataError, UsageError

FORMAT = "perfdoc-conventions/1"
FILE_NAME = "conventions.json"
MIN_SHARE = 0.8  # a label decides when it holds this share of the declared rows
HEAD_MIN_ROWS = 2  # a head noun generalises to unseen names only with this many rows …
HEAD_MIN_SHARE = 0.8  # … declared this consistently
HEAD_MIN_CHARS = 2  # 率 alone says too little


def store_path() -> Path:
    """Where the local layer lives (see the module docstring)."""
    from perfdoc.config import load_config

    configured = getattr(load_config().review, "conventions", None)
    if configured:
        return Path(configured)
    env = os.environ.get("PERFDOC_CONVENTIONS")
    if env:
        return Path(env)
    if os.name == "nt" and os.environ.get("APPDATA"):
        return Path(os.environ["APPDATA"]) / "perfdoc" / FILE_NAME
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "perfdoc" / FILE_NAME


def name_key(name: str) -> str:
    from perfdoc.indicators.classification import features
    from perfdoc.indicators.library.framework import strip_enumerator

    return features.normalize(strip_enumerator(name or ""))


def head_key(name: str) -> str | None:
    """The head noun a convention generalises by: the last word of the name."""
    from perfdoc.indicators.classification import features

    heads = [t[2:] for t in features.head_tokens(name_key(name)) if t.startswith("h:")]
    return heads[0] if heads and len(heads[0]) >= HEAD_MIN_CHARS else None


@dataclass
class Conventions:
    names: dict[str, Counter] = field(default_factory=dict)
    heads: dict[str, Counter] = field(default_factory=dict)
    files: list[dict] = field(default_factory=list)
    path: Path | None = None

    def __bool__(self) -> bool:
        return bool(self.names or self.heads)

    def add(self, name: str, level2: str) -> None:
        key = name_key(name)
        if not key:
            return
        self.names.setdefault(key, Counter())[level2] += 1
        head = head_key(name)
        if head:
            self.heads.setdefault(head, Counter())[level2] += 1

    def lookup(self, name: str) -> tuple[dict[str, float], str] | None:
        """(label shares, "name" or "head") when a convention decides this name, else None."""
        counts = self.names.get(name_key(name))
        how = "name"
        if counts is None:
            head = head_key(name)
            counts = self.heads.get(head) if head else None
            how = "head"
            if counts is None or sum(counts.values()) < HEAD_MIN_ROWS:
                return None
        total = sum(counts.values())
        label, top = counts.most_common(1)[0]
        if top / total < (MIN_SHARE if how == "name" else HEAD_MIN_SHARE):
            return None
        return {k: v / total for k, v in counts.items()}, how

    def stats(self) -> dict:
        decided_heads = {h: c.most_common(1)[0][0] for h, c in self.heads.items()
                         if sum(c.values()) >= HEAD_MIN_ROWS and c.most_common(1)[0][1] / sum(c.values())
                         >= HEAD_MIN_SHARE}
        return {"path": str(self.path) if self.path else None, "files": self.files,
                "rows": sum(f.get("rows", 0) for f in self.files), "names": len(self.names),
                "heads": len(decided_heads), "head_labels": dict(sorted(decided_heads.items()))}

    def to_json(self) -> str:
        return json.dumps({"format": FORMAT, "files": self.files,
                           "names": {k: dict(sorted(v.items())) for k, v in sorted(self.names.items())},
                           "heads": {k: dict(sorted(v.items())) for k, v in sorted(self.heads.items())}},
                          ensure_ascii=False, indent=1, sort_keys=True) + "\n"


_CACHE: dict[str, tuple[float, Conventions]] = {}


def load(path: str | Path | None = None) -> Conventions:
    """The local layer in force (empty when none was learned); cached until the file changes."""
    p = Path(path) if path else store_path()
    try:
        mtime = p.stat().st_mtime
    except OSError:
        return Conventions(path=p)
    hit = _CACHE.get(str(p))
    if hit and hit[0] == mtime:
        return hit[1]
    try:
        data = json.loads(p.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError):
        raise DataError("本地惯例文件已损坏", file=p, hint="请运行 perfdoc library learn --reset 后重新学习") from None
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise DataError("不是 perfdoc 的本地惯例文件", file=p, hint="请运行 perfdoc library learn --reset 后重新学习")
    conv = Conventions(names={k: Counter(v) for k, v in data.get("names", {}).items()},
                       heads={k: Counter(v) for k, v in data.get("heads", {}).items()},
                       files=list(data.get("files", [])), path=p)
    _CACHE[str(p)] = (mtime, conv)
    return conv


def learn(files: list[str | Path], *, path: str | Path | None = None) -> dict:
    """Add the declared 二级指标 of approved 申报表 to the local layer; returns its stats and
    how many rows each file gave."""
    from perfdoc.fileio import atomic_output
    from perfdoc.indicators.forms.readers import read_source
    from perfdoc.indicators.library.framework import normalize_levels

    if not files:
        raise UsageError("请指定至少一个已审定的申报表文件", hint="例如：perfdoc library learn 2024年申报表.xlsx")
    target = Path(path) if path else store_path()
    conv = load(target) if target.is_file() else Conventions(path=target)
    conv = Conventions(names={k: Counter(v) for k, v in conv.names.items()},
                       heads={k: Counter(v) for k, v in conv.heads.items()}, files=list(conv.files), path=target)
    for f in files:
        source = read_source(f)
        rows = 0
        for item in source.items:
            _, l2 = normalize_levels(item.get("level1"), item.get("level2"))
            name = item.get("name")
            if l2 is None or not name:
                continue
            conv.add(str(name), l2)
            rows += 1
        if rows == 0:
            raise DataError("文件中没有同时填写了三级指标名称和可识别的二级指标的行，无法学习本地惯例", file=f)
        digest = hashlib.sha256(Path(f).read_bytes()).hexdigest()
        conv.files.append({"name": Path(f).name, "sha256": digest, "rows": rows})
    with atomic_output(target) as tmp:
        tmp.write_text(conv.to_json(), encoding="utf-8")
    _CACHE.pop(str(target), None)
    return conv.stats()


def reset(path: str | Path | None = None) -> bool:
    """Remove the local layer; True when there was one."""
    p = Path(path) if path else store_path()
    _CACHE.pop(str(p), None)
    if p.is_file():
        p.unlink()
        return True
    return False
