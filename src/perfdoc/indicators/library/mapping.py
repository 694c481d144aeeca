"""Map indicators to library entries: TF-IDF cosine over words and character n-grams, then rapidfuzz.

Every entry is indexed under its name and each alias (synonyms are folded into one word form by
features.words). A batch of queries is one sparse matrix product against the index; the best
candidates per query are re-ranked with rapidfuzz similarity to the entry's name and aliases and,
when the classifier's probabilities are given, a small bonus for the predicted sector and 二级指标.
The index arrays are kept in the user's cache (perfdoc.cache) under a key of everything they are
built from, so a cold start reads them instead of tokenising the whole library again.
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from perfdoc.indicators.classification import features
from perfdoc.indicators.library.library import Entry, Library

CANDIDATES = 15  # entries re-ranked per query
CHUNK = 512  # queries per sparse product
W_COSINE, W_FUZZ = 0.25, 0.75  # chosen on leave-one-alias-out over the library, not on the held-out set
SCORER = "ratio"  # rapidfuzz.fuzz scorer used for re-ranking
SECTOR_BONUS, LEVEL2_BONUS = 0.08, 0.06
GENERIC_SECTOR_PRIOR = 0.3  # 000 通用 entries fit any project


@dataclass(slots=True)
class Hit:
    entry: Entry
    score: float


class Mapper:
    """A search index over one library; build once per library (see `mapper_for`)."""

    def __init__(self, library: Library) -> None:
        from scipy import sparse

        self.library = library
        self.entries = library.entries
        self.strings: list[tuple[str, ...]] = []
        for e in self.entries:
            forms = [features.normalize(e.name)] + [features.normalize(a) for a in e.aliases]
            self.strings.append(tuple(dict.fromkeys(f for f in forms if f)))
        arrays = _index_arrays(self.strings)
        self.vocab = {t: j for j, t in enumerate(arrays["terms"].tolist())}
        self.idf = arrays["idf"]
        self.doc_entry = arrays["doc_entry"]
        self.unknown_idf = float(math.log(1 + len(self.doc_entry)) + 1)
        self.docs_t = sparse.csr_matrix((arrays["data"], arrays["indices"], arrays["indptr"]),
                                        shape=(len(self.vocab), len(self.doc_entry)))
        self.sector_codes = [e.sector for e in self.entries]
        self.level2s = [e.level2 for e in self.entries]
        self.exact: dict[str, int] = {}
        for ei, forms in enumerate(self.strings):
            for f in forms:
                self.exact.setdefault(f, ei)

    def _query_matrix(self, texts: list[str]):
        """Rows of idf weights (binary tf), l2-normalised counting unknown tokens at the largest idf."""
        from scipy import sparse

        get = self.vocab.get
        ids: list[int] = []
        rows: list[int] = []
        unknown = np.zeros(len(texts))
        for r, t in enumerate(texts):
            toks = set(features.mapping_tokens(t))
            found = [j for j in map(get, toks) if j is not None]
            unknown[r] = len(toks) - len(found)
            ids.extend(found)
            rows.extend([r] * len(found))
        q = sparse.csr_matrix((self.idf[ids] if ids else np.zeros(0, dtype=np.float32), (rows, ids)),
                              shape=(len(texts), len(self.vocab)), dtype=np.float32)
        sq = np.asarray(q.multiply(q).sum(axis=1)).ravel() + unknown * self.unknown_idf ** 2
        norm = np.sqrt(sq)
        norm[norm == 0] = 1.0
        q.data /= np.repeat(norm, np.diff(q.indptr)).astype(np.float32)
        return q

    def _candidates(self, sims, r: int, n_cand: int) -> list[tuple[int, float]]:
        """The n_cand entries with the best cosine in row r (entry cosine = its best doc)."""
        lo, hi = sims.indptr[r], sims.indptr[r + 1]
        data, docs = sims.data[lo:hi], sims.indices[lo:hi]
        m = min(len(data), n_cand * 4)
        if m == 0:
            return []
        top = np.argpartition(-data, m - 1)[:m] if m < len(data) else np.arange(len(data))
        top = top[np.lexsort((docs[top], -data[top]))]
        out: list[tuple[int, float]] = []
        seen: set[int] = set()
        for i in top:
            ei = int(self.doc_entry[docs[i]])
            if ei not in seen:
                seen.add(ei)
                out.append((ei, float(data[i])))
                if len(out) == n_cand:
                    break
        return out

    def search(self, texts: list[str], k: int = 3, *, sector_probs: list[dict[str, float]] | None = None,
               level2_probs: list[dict[str, float]] | None = None) -> list[list[Hit]]:
        """Top-k entries for each text, best first; probabilities (per text) add small bonuses."""
        from rapidfuzz import fuzz

        ratio = getattr(fuzz, SCORER)
        out: list[list[Hit]] = []
        if not self.entries:
            return [[] for _ in texts]
        normed = [features.normalize(t) for t in texts]
        n_cand = min(max(CANDIDATES, k), len(self.entries))
        for start in range(0, len(texts), CHUNK):
            block = normed[start:start + CHUNK]
            sims = (self._query_matrix(block) @ self.docs_t).tocsr()
            for r, q in enumerate(block):
                i = start + r
                sp = sector_probs[i] if sector_probs else None
                lp = level2_probs[i] if level2_probs else None
                cands = self._candidates(sims, r, n_cand)
                ex = self.exact.get(q)
                if ex is not None and all(ei != ex for ei, _ in cands):
                    cands.append((ex, 1.0))
                scored = []
                for ei, cos in cands:
                    fz = max([ratio(q, s) for s in self.strings[ei]]) / 100.0 if q else 0.0
                    score = W_COSINE * cos + W_FUZZ * fz
                    if sp is not None:
                        code = self.sector_codes[ei]
                        p = sp.get(code, 0.0)
                        if code == "000":
                            p = max(p, GENERIC_SECTOR_PRIOR)
                        score += SECTOR_BONUS * p
                    if lp is not None:
                        score += LEVEL2_BONUS * lp.get(self.level2s[ei], 0.0)
                    scored.append((score, -ei, ei))
                scored.sort(reverse=True)
                out.append([Hit(self.entries[ei], min(1.0, max(0.0, s))) for s, _, ei in scored[:k]])
        return out


def build_index(strings: list[tuple[str, ...]]) -> dict[str, np.ndarray]:
    """The look-up index of the entries' name forms: vocabulary (sorted), idf, the l2-normalised
    idf-weighted binary document vectors (transposed, CSR), and each document's entry."""
    from scipy import sparse

    rows, cols = [], []
    doc_entry: list[int] = []
    docs = []
    for ei, forms in enumerate(strings):
        for f in forms:
            doc_entry.append(ei)
            docs.append(sorted(set(features.mapping_tokens(f))))
    terms = sorted({tok for toks in docs for tok in toks})
    vocab = {t: j for j, t in enumerate(terms)}
    for d, toks in enumerate(docs):
        for tok in toks:
            rows.append(d)
            cols.append(vocab[tok])
    n_docs = len(doc_entry)
    binary = sparse.csr_matrix((np.ones(len(rows), dtype=np.float32), (rows, cols)),
                               shape=(n_docs, len(vocab)))
    df = np.asarray((binary > 0).sum(axis=0)).ravel()
    idf = (np.log((1 + n_docs) / (1 + df)) + 1).astype(np.float32)
    weighted = binary.multiply(idf[np.newaxis, :]).tocsr()
    norms = np.sqrt(np.asarray(weighted.multiply(weighted).sum(axis=1)).ravel())
    norms[norms == 0] = 1
    docs_t = sparse.csr_matrix(sparse.diags(1 / norms) @ weighted).T.tocsr().astype(np.float32)
    return {"terms": np.array(terms, dtype=str), "idf": idf, "data": docs_t.data,
            "indices": docs_t.indices, "indptr": docs_t.indptr,
            "doc_entry": np.asarray(doc_entry, dtype=np.int64)}


INDEX_FORMAT = "perfdoc-mapping-index/1"


def _index_key(strings: list[tuple[str, ...]]) -> str | None:
    """Everything the index is derived from: the name forms, the code that turns them into
    tokens (this module and features.py), the synonym list, jieba's dictionary, Unicode tables."""
    import unicodedata

    from perfdoc import cache
    from perfdoc.lazyjieba import dictionary_key
    from perfdoc.resources import corpus

    try:
        code = [Path(features.__file__).read_bytes(), Path(__file__).read_bytes()]
        synonyms = corpus("indicator_synonyms.txt")
        syn = synonyms.read_bytes() if synonyms.is_file() else b""
    except OSError:
        return None
    forms = "\n".join("\t".join(f) for f in strings)
    return cache.key(INDEX_FORMAT, forms, *code, syn, dictionary_key(), unicodedata.unidata_version,
                     np.__version__)


def _index_arrays(strings: list[tuple[str, ...]]) -> dict[str, np.ndarray]:
    """The index from the user's cache folder (perfdoc.cache), else built and cached: building
    tokenises every name and alias of the library with jieba (≈0.4 s for the shipped one)."""
    import io
    import zipfile

    from perfdoc import cache

    k = _index_key(strings)
    name = f"mapping-{k}.npz"
    data = cache.read(name) if k else None
    if data is not None:
        try:
            with np.load(io.BytesIO(data), allow_pickle=False) as npz:
                arrays = {key: npz[key] for key in npz.files}
            if set(arrays) == _INDEX_KEYS and len(arrays["indptr"]) == len(arrays["terms"]) + 1:
                return arrays
        except (OSError, ValueError, KeyError, EOFError, zipfile.BadZipFile):
            pass  # damaged: rebuild
    arrays = build_index(strings)
    if k:
        buf = io.BytesIO()
        np.savez(buf, **arrays)
        cache.write(name, buf.getvalue(), kind="mapping-*.npz")
    return arrays


_INDEX_KEYS = {"terms", "idf", "data", "indices", "indptr", "doc_entry"}
_MAPPERS: dict[tuple[str, str], Mapper] = {}


def mapper_for(library: Library) -> Mapper:
    """The index of a library, built once per library version."""
    key = (library.source, library.sha256)
    m = _MAPPERS.get(key)
    if m is None:
        m = _MAPPERS[key] = Mapper(library)
    return m


def search(query: str, n: int = 10, *, library: Library | None = None) -> list[Hit]:
    """Look one text up in the library (the `library search` command)."""
    from perfdoc.indicators.library.library import load_library

    lib = library or load_library()
    return mapper_for(lib).search([query], k=n)[0]
