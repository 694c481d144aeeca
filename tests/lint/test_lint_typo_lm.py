"""TYPO from language: misspellings of ordinary words (not in corpora/phrases.txt), real words left
alone, the language model built deterministically and refused when stale, a planted regression set."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from perfdoc import lint_text
from perfdoc.errors import ModelError
from perfdoc.lint import confusion, lm

DATA = Path(__file__).resolve().parents[1] / "data"


def typos(text: str) -> list[tuple[str, str]]:
    return [(f.excerpt, f.suggestion) for f in lint_text(text) if f.code == "TYPO"]


@pytest.mark.parametrize(("text", "wrong", "right"), [
    ("各单位要高度重视，认真组只实施。", "组只", "组织"),
    ("加强部门间沟通协条，形成工作合力。", "协条", "协调"),
    ("认真做好年度决算编致工作。", "编致工作", "编制工作"),
    ("财政局要会同有关部门罐于印发的办法抓好落实。", "罐于", "关于"),
])
def test_ordinary_word_misspelt(text, wrong, right):
    found = [f for f in lint_text(text) if f.code == "TYPO"]
    assert len(found) == 1, [f.lint_dict() for f in found]
    f = found[0]
    assert "固定表述" not in f.message  # found from language, not from corpora/phrases.txt
    assert text[f.start:f.end] == wrong and f.suggestion == right
    assert f"“{wrong}”应为“{right}”" in f.message


@pytest.mark.parametrize("text", [
    "市财政局会同市检察院开展专项检查，提升管理水准。",
    "县财政局对62个部门的绩效目标进行了审核，审核通过率为100%。",
    "严格执行预算，不得随意调整支出结构和标准。",
    "按照轻重缓急的原则安排资金，坚持问题导向。",
    "本通知自印发之日起施行，请遵照执行。",
    "乡村振兴富州、绿色生态美州，是本州的发展定位。",  # coined names are not misspelt place names
])
def test_real_words_left_alone(text):
    assert typos(text) == []


def test_phrase_list_still_wins_with_its_fixed_phrase():
    # the boost names the fixed phrase; the language model does not report the same span again
    found = [f for f in lint_text("严格落实“花钱必问笑、无效必问责”要求。") if f.code == "TYPO"]
    assert [(f.suggestion, "固定表述" in f.message) for f in found] == [("花钱必问效", True)]


@pytest.mark.parametrize(("char", "same", "not_same"), [
    ("故", "顾固", "做"),
    ("则", "责择", "测"),
    ("册", "策测侧", "删"),
])
def test_same_sound_tables(char, same, not_same):
    table = lm.load().same
    assert set(same) <= set(table[char]) and not set(not_same) & set(table[char])


@pytest.mark.parametrize(("syllable", "merged"), [("zhang", "zan"), ("ning", "lin"), ("shen", "sen"),
                                                   ("an", "an"), ("n", "n")])
def test_fuzzy_sounds(syllable, merged):
    assert confusion.fuzzy(syllable) == merged


@pytest.mark.parametrize(("char", "level"), [("的", 1), ("绩", 1), ("蠡", 2), ("䶮", 0), ("A", 0)])
def test_gb2312_levels(char, level):
    assert confusion.gb2312_level(char) == level


def test_shipped_model_matches_corpus():
    lm.load.cache_clear()
    model = lm.load()  # raises ModelError when models/ is stale against corpora/lint_corpus
    assert model.freq("绩效") > model.freq("绩笑") == 0
    assert "福州" in model.names and "绩效" not in model.names


@pytest.fixture(scope="module")
def small_build(tmp_path_factory):
    """A model built twice from a one-file corpus (reads jieba's dictionary: about a second each)."""
    root = tmp_path_factory.mktemp("lm")
    corp = root / "corpora" / lm.CORPUS_DIR
    corp.mkdir(parents=True)
    src = lm.corpus_files()[0]
    shutil.copy(src, corp / src.name)
    lm.train_lm(root / "m1", corpora=root / "corpora")
    lm.train_lm(root / "m2", corpora=root / "corpora")
    return root


def test_build_is_deterministic(small_build):
    for name in (lm.ARTEFACT, lm.SIDECAR):
        assert (small_build / "m1" / name).read_bytes() == (small_build / "m2" / name).read_bytes()
    sidecar = json.loads((small_build / "m1" / lm.SIDECAR).read_text(encoding="utf-8"))
    assert list(sidecar["corpus_files"]) == [lm.corpus_files()[0].name] and sidecar["corpus_chars"] > 500


def _copy(small_build, tmp_path) -> tuple[Path, Path]:
    shutil.copytree(small_build / "corpora", tmp_path / "corpora")
    shutil.copytree(small_build / "m1", tmp_path / "models")
    return tmp_path / "corpora", tmp_path / "models"


def test_stale_model_refused(small_build, tmp_path):
    corp, models = _copy(small_build, tmp_path)
    f = next((corp / lm.CORPUS_DIR).glob("*.txt"))
    f.write_text(f.read_text(encoding="utf-8") + "\n新增一段语料。\n", encoding="utf-8")
    with pytest.raises(ModelError) as exc:
        lm.load(str(models), str(corp))
    assert "过期" in str(exc.value) and f.name in str(exc.value) and "perfdoc train" in str(exc.value.hint)


@pytest.mark.parametrize("damage", ["artefact", "sidecar", "missing"])
def test_damaged_model_refused(small_build, tmp_path, damage):
    corp, models = _copy(small_build, tmp_path)
    if damage == "artefact":
        data = (models / lm.ARTEFACT).read_bytes()
        (models / lm.ARTEFACT).write_bytes(data[:-10] + b"0123456789")
    elif damage == "sidecar":
        (models / lm.SIDECAR).write_text("{not json", encoding="utf-8")
    else:
        (models / lm.ARTEFACT).unlink()
    with pytest.raises(ModelError) as exc:
        lm.load(str(models), str(corp))
    assert "perfdoc train" in str(exc.value.hint)


def _planted() -> list[dict]:
    path = DATA / "lint_typo_planted.jsonl"
    return [json.loads(ln) for ln in path.read_text(encoding="utf-8").splitlines() if ln.strip()]


def test_planted_regression_set():
    """Misspellings planted by scripts/plant_typos.py (seed 7, one per 150 characters) into the corpus
    texts: a regression floor, not the measurement (that is bench/lint_typo.py on held-out texts)."""
    rows = _planted()
    assert len(rows) >= 40 and {r["kind"] for r in rows} == {"sound", "shape"}
    found = 0
    for r in rows:
        assert r["text"][r["start"]:r["end"]] == r["wrong"] and r["wrong"] != r["right"]
        hits = [f for f in lint_text(r["text"]) if f.code == "TYPO" and f.start < r["end"] and r["start"] < f.end]
        found += bool(hits)
    assert found / len(rows) >= 0.8, found


def test_planting_script_is_deterministic_and_plants_non_words(tmp_path):
    import sys

    sys.path.insert(0, str(Path(__file__).resolve().parents[2] / "scripts"))
    from plant_typos import MIN_FREQ, plant

    src = lm.corpus_files()[0]
    shutil.copy(src, tmp_path / src.name)
    rows = plant(tmp_path, seed=3)
    assert rows and rows == plant(tmp_path, seed=3) and rows != plant(tmp_path, seed=4)
    lines = src.read_text(encoding="utf-8").splitlines()
    words = lm.jieba_dictionary()[0]
    for r in rows:
        original = lines[r["line"] - 1]
        assert r["text"][:r["start"]] == original[:r["start"]] and r["text"][r["end"]:] == original[r["end"]:]
        assert original[r["start"]:r["end"]] == r["right"] and words.get(r["right"], 0) >= MIN_FREQ
        assert sum(a != b for a, b in zip(r["wrong"], r["right"])) == 1 and r["wrong"] not in words
