"""Cold-start machinery of the review: what it loads lazily or from the user's cache must give the
same results as loading everything eagerly (jieba's prefix dictionary, the library look-up index,
spaCy and jieba imports, Chinese numerals)."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _library_texts() -> list[str]:
    from perfdoc.indicators.library.library import load_library

    lib = load_library()
    texts = [t for e in lib.entries for t in (e.name, *e.aliases, e.definition) if t]
    for line in (ROOT / "corpora" / "labelled" / "check_test.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        texts.append(row["name"] + row["value"])
    return texts


@pytest.fixture
def cache_dir(tmp_path, monkeypatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv("PERFDOC_CACHE_DIR", str(folder))
    return folder


def test_lazy_jieba_cuts_as_jieba_does(cache_dir):
    import jieba

    from perfdoc.lazyjieba import new_tokenizer

    texts = _library_texts()
    built = new_tokenizer()  # no cache yet: the full dictionary, and the chunk file is written
    assert built._chunks is None
    assert len([f for f in cache_dir.iterdir() if f.name.startswith("jieba-")]) == 1
    lazy = new_tokenizer()  # from the chunk file: starts empty
    assert lazy._chunks is not None and not lazy.FREQ
    expected = [jieba.lcut(t, HMM=False) for t in texts]
    assert [lazy.lcut(t, HMM=False) for t in texts] == expected
    assert [built.lcut(t, HMM=False) for t in texts] == expected
    sample = texts[::7]
    assert [lazy.lcut(t) for t in sample] == [jieba.lcut(t) for t in sample]  # with the HMM too
    assert lazy.total == jieba.dt.total
    assert len(lazy.FREQ) < len(jieba.dt.FREQ)  # only the characters met were loaded
    for word, freq in list(lazy.FREQ.items())[:: max(1, len(lazy.FREQ) // 5000)]:
        assert jieba.dt.FREQ[word] == freq


@pytest.mark.parametrize("damage", ["truncate", "garbage", "off"])
def test_lazy_jieba_without_a_usable_cache(cache_dir, monkeypatch, damage):
    import jieba

    from perfdoc.lazyjieba import new_tokenizer

    new_tokenizer()
    (path,) = [f for f in cache_dir.iterdir() if f.name.startswith("jieba-")]
    if damage == "truncate":
        path.write_bytes(path.read_bytes()[:100_000])
    elif damage == "garbage":
        path.write_bytes(b"not a chunk file")
    else:
        monkeypatch.setenv("PERFDOC_CACHE_DIR", "off")
    tok = new_tokenizer()
    assert tok._chunks is None  # rebuilt from jieba's dictionary
    text = "农村义务教育学生营养改善计划覆盖率"
    assert tok.lcut(text, HMM=False) == jieba.lcut(text, HMM=False)
    if damage != "off":
        assert new_tokenizer()._chunks is not None  # and the cache file was rewritten


def test_mapping_index_from_cache_is_the_built_one(cache_dir):
    import numpy as np

    from perfdoc.indicators.library import mapping
    from perfdoc.indicators.library.library import load_library

    lib = load_library()
    first = mapping.Mapper(lib)  # builds and writes the index
    files = sorted(f.name for f in cache_dir.iterdir() if f.name.startswith("mapping-"))
    assert len(files) == 1
    second = mapping.Mapper(lib)  # reads it
    built = mapping.build_index(second.strings)  # what a build without the cache gives
    assert list(second.vocab) == built["terms"].tolist() == list(first.vocab)
    assert np.array_equal(second.idf, built["idf"]) and second.idf.dtype == built["idf"].dtype
    for name in ("data", "indices", "indptr"):
        assert np.array_equal(getattr(second.docs_t, name), built[name])
    assert np.array_equal(second.doc_entry, built["doc_entry"])
    queries = ["培训人次", "群众满意度", "农村公路养护里程", "残疾儿童家长满意度", "预算执行率", "x"]
    a = [[(h.entry.id, h.score) for h in hits] for hits in first.search(queries, k=5)]
    b = [[(h.entry.id, h.score) for h in hits] for hits in second.search(queries, k=5)]
    assert a == b


def test_mapping_index_key_follows_its_inputs():
    from perfdoc.indicators.library.mapping import _index_key

    forms = [("培训人次", "培训人数"), ("满意度",)]
    assert _index_key(forms) == _index_key([tuple(f) for f in forms])
    assert _index_key(forms) != _index_key(forms[:1])
    assert _index_key(forms) != _index_key([("培训人次",), ("满意度",)])


def test_damaged_mapping_index_is_rebuilt(cache_dir):
    from perfdoc.indicators.library import mapping
    from perfdoc.indicators.library.library import load_library

    lib = load_library()
    good = mapping.Mapper(lib)
    (path,) = [f for f in cache_dir.iterdir() if f.name.startswith("mapping-")]
    path.write_bytes(b"PK\x03\x04 broken")
    again = mapping.Mapper(lib)
    assert again.vocab == good.vocab and (again.docs_t != good.docs_t).nnz == 0


def test_canonical_numerals_agree_with_cn2an():
    import cn2an

    from perfdoc.indicators.grammar.parse import _canonical_numerals

    table = _canonical_numerals()
    assert len(table) == 999 and table["九十"] == 90 and table["一百零五"] == 105 and table["十五"] == 15
    assert {span: cn2an.cn2an(span, "smart") for span in table} == table


_IMPORTS = r"""
import sys
from perfdoc.thirdparty import import_jieba, import_spacy
spacy, jieba = import_spacy(), import_jieba()
out = {"cli_loaded": "spacy.cli" in sys.modules, "pkg_resources": "pkg_resources" in sys.modules}
out["tokens"] = [t.text for t in spacy.blank("zh")("培训人次不低于350人次")]
out["jieba"] = jieba.lcut("培训人次不低于350人次")
import pkg_resources, spacy.cli.info  # both still import the ordinary way afterwards
out["info_real"] = sys.modules["spacy.cli.info"].info.__module__
out["info_lazy"] = spacy.info.__module__
print(__import__("json").dumps(out, ensure_ascii=False))
"""


def test_import_shims_load_less_and_change_nothing():
    env = dict(os.environ, PYTHONPATH=str(ROOT / "src"))
    proc = subprocess.run([sys.executable, "-c", _IMPORTS], capture_output=True, text=True, env=env, timeout=120)
    assert proc.returncode == 0, proc.stderr
    out = json.loads(proc.stdout)
    assert out["cli_loaded"] is False and out["pkg_resources"] is False
    import jieba
    import spacy

    assert out["tokens"] == [t.text for t in spacy.blank("zh")("培训人次不低于350人次")]
    assert out["jieba"] == jieba.lcut("培训人次不低于350人次")
    assert out["info_real"] == "spacy.cli.info" and out["info_lazy"] == "perfdoc.thirdparty"


def test_library_entries_from_cache_are_the_validated_ones(cache_dir, tmp_path, monkeypatch):
    import hashlib

    from perfdoc.config import _load
    from perfdoc.errors import TooLargeError
    from perfdoc.indicators.library.library import _read_library, read_library, shipped_library_path

    path = shipped_library_path()
    parsed = _read_library(path, "text", hashlib.sha256(path.read_bytes()).hexdigest()).entries
    first = read_library(path)  # validates and writes the cache
    (cached,) = [f for f in cache_dir.iterdir() if f.name.startswith("library-")]
    second = read_library(path)
    assert first.entries == second.entries == parsed
    assert [type(e.aliases) for e in second.entries[:3]] == [tuple] * 3
    cached.write_bytes(b"[[1, 2]]")  # damaged: read and validated again
    assert read_library(path).entries == parsed
    settings = tmp_path / "perfdoc.toml"  # a lower row limit is not skipped by the cache
    settings.write_text("[limits]\nmax_rows = 100\n", encoding="utf-8")
    monkeypatch.setenv("PERFDOC_CONFIG", str(settings))
    _load.cache_clear()
    with pytest.raises(TooLargeError):
        read_library(path)
    _load.cache_clear()
