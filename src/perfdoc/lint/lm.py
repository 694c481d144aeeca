"""The language model behind TYPO: word frequencies of jieba's dictionary plus the field's own text.

A sentence is scored as its best segmentation into words (jieba's own method: a unigram word model,
so a run of single characters costs much more than the dictionary word it should have been). Word
probabilities mix two sources:

- jieba's dictionary (dict.txt: word and frequency; words of at most MAX_WORD characters and
  frequency ≥ JIEBA_MIN_FREQ);
- the n-grams (1…MAX_N characters, seen at least MIN_COUNT times) of the field corpus,
  corpora/lint_corpus/*.txt (real statements, 通报, 办法, 通知, each file with its source URL),
  weighted so that the corpus counts DOMAIN_WEIGHT of the mass: "绩效目标", "运行监控", "绩效自评"
  are not in jieba's dictionary, yet are ordinary words of budget performance work. A lone
  character costs its jieba frequency alone. At run time lint.typo adds the entries of
  corpora/phrases.txt as field text too (Model.add_phrases), so the phrase list needs no retraining.

`perfdoc train` builds models/typo_lm.txt.gz (plus the same-sound and near-sound tables of
lint.confusion) and the sidecar models/typo_lm.json holding the sha256 of each corpus file.
Deterministic: sorted inputs, a gzip stream without timestamp. Loading is lazy (first TYPO
check) and refuses a model whose corpus changed since it was built, with the retrain hint.
"""
from __future__ import annotations

import gzip
import hashlib
import io
import json
import math
import re
from collections import Counter
from functools import cached_property, lru_cache
from pathlib import Path

FORMAT = "perfdoc-typo-lm/1"
BUILD_VERSION = 3  # bump when the way the model is built changes
ARTEFACT = "typo_lm.txt.gz"
SIDECAR = "typo_lm.json"
CORPUS_DIR = "lint_corpus"
MAX_WORD = 5
JIEBA_MIN_FREQ = 3
MAX_N = 6
MIN_COUNT = 2
DOMAIN_WEIGHT = 0.2
UNKNOWN_FREQ = 0.5  # a single character that neither source knows
RETRAIN = "请运行 perfdoc train 重新生成校对用语言模型"

_HAN = re.compile(r"[\u4e00-\u9fff]+")


def corpus_files(corpora: Path | None = None) -> list[Path]:
    """The field corpus, in a fixed order (each file's sha256 goes into the sidecar)."""
    from perfdoc.resources import data_dir

    root = (corpora or data_dir("corpora")) / CORPUS_DIR
    return sorted(root.glob("*.txt"))


def file_sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def corpus_sha256(files: list[Path]) -> str:
    h = hashlib.sha256()
    for f in files:
        h.update(f.name.encode("utf-8") + b"\0" + file_sha256(f).encode("ascii"))
    h.update(f"build={BUILD_VERSION}".encode())
    return h.hexdigest()


def corpus_text(path: Path) -> str:
    """A corpus file's text without its comment lines (the `# source:` line)."""
    lines = path.read_text(encoding="utf-8").splitlines()
    return "\n".join(ln for ln in lines if not ln.startswith("#"))


def domain_counts(texts) -> Counter:
    """Character n-grams (1…MAX_N) of runs of Chinese characters; longer ones kept from MIN_COUNT."""
    counts: Counter = Counter()
    for text in texts:
        for run in _HAN.findall(text):
            for n in range(1, MAX_N + 1):
                counts.update(run[i:i + n] for i in range(len(run) - n + 1))
    return Counter({g: c for g, c in counts.items() if len(g) == 1 or c >= MIN_COUNT})


NAME_TAGS = {"nr", "nrt", "nrfg", "ns", "nz"}  # jieba's tags of names of people, places and other proper names


def jieba_dictionary() -> tuple[dict[str, int], set[str]]:
    """jieba's dict.txt: Chinese words of at most MAX_WORD characters used JIEBA_MIN_FREQ times or more
    (word → frequency), and those of them tagged as proper names."""
    import importlib.util
    import os

    spec = importlib.util.find_spec("jieba")
    path = os.path.join(spec.submodule_search_locations[0], "dict.txt")
    out: dict[str, int] = {}
    names: set[str] = set()
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            word, freq, tag = line.split()[:3]
            f = int(freq)
            if f >= JIEBA_MIN_FREQ and len(word) <= MAX_WORD and _HAN.fullmatch(word):
                out[word] = f
                if tag in NAME_TAGS:
                    names.add(word)
    return out, names


def _grouped(section: str, table: dict[str, int]) -> list[str]:
    by_value: dict[int, list[str]] = {}
    for word, value in table.items():
        by_value.setdefault(value, []).append(word)
    return [f"[{section}]"] + [f"{v}\t{' '.join(sorted(ws))}" for v, ws in sorted(by_value.items())]


def build_text(files: list[Path]) -> str:
    from perfdoc.lint.confusion import sound_tables

    words, names = jieba_dictionary()
    domain = domain_counts(corpus_text(f) for f in files)
    same, near = sound_tables()
    lines = [f"# {FORMAT}: word frequencies (jieba), n-gram counts (lint_corpus), sound confusion sets.",
             "# Sections: [words]/[domain] lines are 'count<TAB>space-separated strings';",
             "# [names]: jieba words tagged as names; [after]/[before]/[same]/[near] lines are",
             "# 'character<TAB>characters'. Built by `perfdoc train`; do not edit."]
    lines += _grouped("words", words)
    lines += _grouped("domain", dict(domain))
    after: dict[str, set[str]] = {}
    before: dict[str, set[str]] = {}
    for pair in [*words, *domain]:
        if len(pair) == 2:
            after.setdefault(pair[0], set()).add(pair[1])
            before.setdefault(pair[1], set()).add(pair[0])
    lines += ["[after]"] + [f"{c}\t{''.join(sorted(g))}" for c, g in sorted(after.items())]
    lines += ["[before]"] + [f"{c}\t{''.join(sorted(g))}" for c, g in sorted(before.items())]
    lines += ["[names]", " ".join(sorted(names))]
    lines += ["[same]"] + [f"{c}\t{g}" for c, g in sorted(same.items())]
    lines += ["[near]"] + [f"{c}\t{g}" for c, g in sorted(near.items())]
    return "\n".join(lines) + "\n"


def _gzip(text: str) -> bytes:
    buf = io.BytesIO()
    with gzip.GzipFile(filename="", mode="wb", fileobj=buf, mtime=0, compresslevel=9) as gz:
        gz.write(text.encode("utf-8"))
    return buf.getvalue()


def train_lm(out: str | Path | None = None, *, corpora: str | Path | None = None) -> dict:
    """Build the TYPO language model into `out` (default models/); returns the sidecar written."""
    import jieba
    import pypinyin

    from perfdoc.errors import DataError
    from perfdoc.fileio import atomic_directory
    from perfdoc.resources import models_dir

    files = corpus_files(Path(corpora) if corpora else None)
    if not files:
        raise DataError(f"找不到校对语料 corpora/{CORPUS_DIR}/*.txt", hint="请检查安装是否完整")
    data = _gzip(build_text(files))
    target = Path(out) if out else models_dir()
    with atomic_directory(target) as tmp:
        (tmp / ARTEFACT).write_bytes(data)
        sidecar = {
            "format": FORMAT,
            "build_version": BUILD_VERSION,
            "corpus_sha256": corpus_sha256(files),
            "corpus_files": {f.name: file_sha256(f) for f in files},
            "corpus_chars": sum(len(run) for f in files for run in _HAN.findall(corpus_text(f))),
            "files": {ARTEFACT: hashlib.sha256(data).hexdigest()},
            "jieba_version": jieba.__version__,
            "pypinyin_version": pypinyin.__version__,
            "params": {"max_word": MAX_WORD, "jieba_min_freq": JIEBA_MIN_FREQ, "max_n": MAX_N,
                       "min_count": MIN_COUNT, "domain_weight": DOMAIN_WEIGHT},
        }
        (tmp / SIDECAR).write_text(json.dumps(sidecar, ensure_ascii=False, indent=2, sort_keys=True) + "\n",
                                   encoding="utf-8")
    return sidecar


class Model:
    """Word costs (−log probability), two-character words by their first and by their last
    character, and sound confusion sets, read from the built artefact."""

    def __init__(self, words: dict[str, int], domain: dict[str, int], after: dict[str, str],
                 before: dict[str, str], same: dict[str, str], near: dict[str, str],
                 names: str = ""):
        self.words = words
        self._names_text = names  # space-separated; made a set only when a correction is weighed
        self.domain = domain
        self.after = after  # character → the characters that follow it in a two-character word
        self.before = before
        self.same = same
        self.near = near
        jieba_total = sum(words.values())
        domain_chars = sum(c for g, c in domain.items() if len(g) == 1) or 1
        self.beta = DOMAIN_WEIGHT * jieba_total / domain_chars
        self.log_total = math.log(jieba_total * (1 + DOMAIN_WEIGHT))
        self.unknown = self.log_total - math.log(UNKNOWN_FREQ)
        self._costs: dict[str, float] = {}
        self._dictionary_costs: dict[str, float] = {}
        self._pairs: dict[tuple[str, str], frozenset[str]] = {}

    @cached_property
    def names(self) -> frozenset[str]:
        """Proper names (people, places, …): never offered as a correction."""
        return frozenset(self._names_text.split())

    def pair_set(self, side: str, ch: str) -> frozenset[str]:
        """The characters that make a two-character word with `ch`, on `side` ("after" or "before")."""
        key = (side, ch)
        got = self._pairs.get(key)
        if got is None:
            got = self._pairs[key] = frozenset((self.after if side == "after" else self.before).get(ch, ""))
        return got

    def add_phrases(self, phrases) -> None:
        """Count fixed phrases (and whatever strings are given) as seen MIN_COUNT times in the corpus,
        unless seen more often; idempotent."""
        for p in phrases:
            if len(p) >= 2 and self.domain.get(p, 0) < MIN_COUNT:
                self.domain[p] = MIN_COUNT
                self._costs.pop(p, None)

    def freq(self, word: str) -> float:
        """jieba's frequency plus the weighted corpus count. A single character counts from jieba
        alone: the corpus counts every use of it, most of them inside words ("效" of "绩效"), and
        would make a character left on its own look as likely as a word."""
        if len(word) == 1:
            return self.words.get(word, 0)
        return self.words.get(word, 0) + self.beta * self.domain.get(word, 0)

    def cost(self, word: str) -> float:
        """−log P(word); a single unknown character costs `unknown`, an unknown longer string is not a word."""
        c = self._costs.get(word)
        if c is None:
            f = self.freq(word)
            c = self.log_total - math.log(f) if f > 0 else (self.unknown if len(word) == 1 else math.inf)
            self._costs[word] = c
        return c

    def dictionary_cost(self, word: str) -> float:
        """−log P(word) from jieba's dictionary alone."""
        c = self._dictionary_costs.get(word)
        if c is None:
            f = self.words.get(word, 0)
            c = self.log_total - math.log(f) if f > 0 else (self.unknown if len(word) == 1 else math.inf)
            self._dictionary_costs[word] = c
        return c

    def segment(self, run: str, *, domain: bool = True) -> tuple[float, list[int]]:
        """The cheapest segmentation of a run of Chinese characters: (cost, token end positions).
        With domain=False only jieba's dictionary counts (how a general reader would split it)."""
        n = len(run)
        best = [0.0] + [math.inf] * n
        back = [0] * (n + 1)
        words = self.words
        known = self.domain if domain else {}
        costs = self._costs if domain else self._dictionary_costs
        cost = self.cost if domain else self.dictionary_cost
        for j in range(1, n + 1):
            for k in range(1, min(MAX_N, j) + 1):
                w = run[j - k:j]
                if k > 1 and w not in words and w not in known:
                    continue
                c = costs.get(w)
                if c is None:
                    c = cost(w)
                c += best[j - k]
                if c < best[j]:
                    best[j], back[j] = c, j - k
        ends, j = [], n
        while j > 0:
            ends.append(j)
            j = back[j]
        return best[n], ends[::-1]

    def score(self, run: str) -> float:
        return self.segment(run)[0]


def parse(text: str) -> Model:
    sections: dict[str, list[str]] = {}
    current: list[str] = []
    for line in text.split("\n"):
        if not line or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = sections.setdefault(line[1:-1], [])
        else:
            current.append(line)

    def counts(name: str) -> dict[str, int]:
        keys: list[str] = []
        values: list[int] = []
        for line in sections.get(name, ()):
            value, _, items = line.partition("\t")
            group = items.split(" ")
            keys += group
            values += [int(value)] * len(group)
        return dict(zip(keys, values))  # one insertion per word: the bulk of the load time

    def table(name: str) -> dict[str, str]:
        return dict(line.split("\t", 1) for line in sections.get(name, ()))

    names = " ".join(sections.get("names", ()))
    return Model(counts("words"), counts("domain"), table("after"), table("before"), table("same"),
                 table("near"), names)


@lru_cache(maxsize=2)
def load(folder: str | None = None, corpora: str | None = None) -> Model:
    """The built model (cached); a missing, altered or stale one is a ModelError with the retrain hint."""
    from perfdoc.errors import ModelError
    from perfdoc.resources import models_dir

    root = Path(folder) if folder else models_dir()
    sidecar_path, path = root / SIDECAR, root / ARTEFACT
    try:
        sidecar = json.loads(sidecar_path.read_text(encoding="utf-8"))
        data = path.read_bytes()
    except (OSError, ValueError):
        raise ModelError("找不到校对用语言模型或其说明文件", file=path, hint=RETRAIN) from None
    if sidecar.get("format") != FORMAT or hashlib.sha256(data).hexdigest() != (sidecar.get("files") or {}).get(
            ARTEFACT):
        raise ModelError("校对用语言模型已损坏或被替换（校验值不符）", file=path, hint=RETRAIN)
    files = corpus_files(Path(corpora) if corpora else None)
    if sidecar.get("corpus_sha256") != corpus_sha256(files):
        known = sidecar.get("corpus_files") or {}
        changed = [f.name for f in files if known.get(f.name) != file_sha256(f)]
        changed += [name for name in known if name not in {f.name for f in files}]
        what = f"（已变化：{'、'.join(changed)}）" if changed else ""
        raise ModelError(f"校对用语言模型已过期：生成后 corpora/{CORPUS_DIR} 有变化{what}", hint=RETRAIN)
    return parse(gzip.decompress(data).decode("utf-8"))
