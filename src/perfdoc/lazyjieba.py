"""jieba's default dictionary, loaded one first character at a time (cold start).

jieba's own start-up unmarshals its whole prefix dictionary (≈580,000 words and prefixes) from
tempfile.gettempdir()/jieba.cache: ≈0.6 s before the first word is cut, even for one short
indicator name. Segmenting a sentence only ever looks up substrings that start at one of its
characters, so `tokenizer()` returns a jieba Tokenizer whose prefix dictionary starts empty and
takes in, before each sentence is cut, the entries of the characters it has not seen yet, from a
cache file that groups the same dictionary by first character (perfdoc.cache; built once from
jieba's own dictionary, keyed by jieba's version and the dictionary file). Same words, same
frequencies, same total: the cuts are identical to `jieba.lcut`'s.
"""
from __future__ import annotations

import marshal
import os
import sys
import threading
from functools import lru_cache

FORMAT = b"perfdoc-jieba-chunks/1\n"
_LOCK = threading.Lock()


def _jieba():
    from perfdoc.thirdparty import import_jieba

    jieba = import_jieba()
    jieba.setLogLevel(60)
    return jieba


def dictionary_key() -> str:
    """What jieba's default prefix dictionary is derived from: its version and dictionary file."""
    from perfdoc import cache

    jieba = _jieba()
    path = os.path.realpath(os.path.join(os.path.dirname(jieba.__file__), jieba.DEFAULT_DICT_NAME))
    st = os.stat(path)
    return cache.key(FORMAT, jieba.__version__, path, str(st.st_size), str(st.st_mtime_ns),
                     sys.version.split()[0])


def _chunks_from(freq: dict, total: int) -> bytes:
    groups: dict[str, dict] = {}
    for word, n in freq.items():
        groups.setdefault(word[0], {})[word] = n
    blobs, index, offset = [], {}, 0
    for ch in sorted(groups):
        blob = marshal.dumps(groups[ch])
        index[ch] = (offset, len(blob))
        blobs.append(blob)
        offset += len(blob)
    header = marshal.dumps({"total": total, "index": index})
    return FORMAT + len(header).to_bytes(8, "little") + header + b"".join(blobs)


class _Chunks:
    """The cache file's index and bytes; `entries(ch)` unmarshals one first character's words."""

    def __init__(self, data: bytes) -> None:
        if not data.startswith(FORMAT):
            raise ValueError("not a perfdoc jieba chunk file")
        start = len(FORMAT) + 8
        size = int.from_bytes(data[len(FORMAT):start], "little")
        header = marshal.loads(data[start:start + size])
        self.total = header["total"]
        self.index = header["index"]
        self.base = start + size
        self.data = data
        if self.base + sum(n for _, n in self.index.values()) != len(data):
            raise ValueError("truncated perfdoc jieba chunk file")

    def entries(self, ch: str) -> dict | None:
        where = self.index.get(ch)
        if where is None:
            return None
        off, n = where
        return marshal.loads(self.data[self.base + off:self.base + off + n])


def _load_chunks() -> tuple[_Chunks | None, dict | None, int]:
    """(chunks, None, total) from the cache, else (None, full prefix dict, total) built now."""
    from perfdoc import cache

    name = f"jieba-{dictionary_key()}.chunks"
    data = cache.read(name)
    if data is not None:
        try:
            chunks = _Chunks(data)
            return chunks, None, chunks.total
        except (ValueError, EOFError, TypeError, KeyError):
            pass  # damaged: rebuild below
    jieba = _jieba()
    full = jieba.Tokenizer()
    full.initialize()  # jieba's own cache in the temp folder, or dict.txt
    if cache.path_for(name) is not None:
        cache.write(name, _chunks_from(full.FREQ, full.total), kind="jieba-*.chunks")
    return None, full.FREQ, full.total


@lru_cache(maxsize=1)
def tokenizer():
    """The process's lazily loaded jieba Tokenizer over the default dictionary (thread-safe)."""
    return new_tokenizer()


def new_tokenizer():
    """A fresh one (tests; `tokenizer()` is the shared one)."""
    with _LOCK:
        return _tokenizer_class()(*_load_chunks())


@lru_cache(maxsize=1)
def _tokenizer_class():
    jieba = _jieba()

    class LazyTokenizer(jieba.Tokenizer):
        """jieba.Tokenizer whose prefix dictionary fills in per first character (see module doc)."""

        def __init__(self, chunks: _Chunks | None, freq: dict | None, total: int) -> None:
            super().__init__()
            self.FREQ = freq if freq is not None else {}
            self.total = total
            self.initialized = True
            self._chunks = chunks
            self._seen: set[str] = set()

        def _take_in(self, sentence: str) -> None:
            new = set(sentence) - self._seen
            if not new:
                return
            for ch in new:
                part = self._chunks.entries(ch)
                if part:
                    self.FREQ.update(part)  # one C call: readers never see half a chunk
                self._seen.add(ch)

        def get_DAG(self, sentence):
            if self._chunks is not None:
                self._take_in(sentence)
            return super().get_DAG(sentence)

        def add_word(self, word, freq=None, tag=None):
            if self._chunks is not None:
                self._take_in(word)  # a later chunk must not overwrite the added word
            return super().add_word(word, freq, tag)

        def initialize(self, dictionary=None):
            if dictionary:  # another dictionary: jieba's own (eager) start-up
                self._chunks = None
                super().initialize(dictionary)

    return LazyTokenizer
