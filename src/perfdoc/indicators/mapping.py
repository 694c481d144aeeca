"""Map indicators to library entries: TF-IDF cosine over words and character n-grams, then rapidfuzz.

Every entry is indexed under its name and each alias (synonyms are folded into one word form by
features.words). A batch of queries is one sparse matrix product against the index; the best
candidates per query are re-ranked with rapidfuzz similarity to the entry's name and aliases and,
when the classifier's probabilities are given, a small bonus for the predicted sector and 二级指标.
"""
from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from perfdoc.indicators import features
from perfdoc.indicators.library import Entry, Library

CANDIDATES = 8  # entries re-ranked per query
CHUNK = 256  # queries per dense block (CHUNK × entries floats)
W_COSINE, W_FUZZ = 0.55, 0.45
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
        vocab: dict[str, int] = {}
        rows, cols = [], []
        doc_entry: list[int] = []
        self.strings: list[tuple[str, ...]] = []
        for ei, e in enumerate(self.entries):
            forms = [features.normalize(e.name)] + [features.normalize(a) for a in e.aliases]
            forms = list(dict.fromkeys(f for f in forms if f))
            self.strings.append(tuple(forms))
            for f in forms:
                d = len(doc_entry)
                doc_entry.append(ei)
                for tok in set(features.mapping_tokens(f)):
                    j = vocab.setdefault(tok, len(vocab))
                    rows.append(d)
                    cols.append(j)
        n_docs = len(doc_entry)
        self.vocab = vocab
        binary = sparse.csr_matrix((np.ones(len(rows), dtype=np.float32), (rows, cols)),
                                   shape=(n_docs, len(vocab)))
        df = np.asarray((binary > 0).sum(axis=0)).ravel()
        self.idf = (np.log((1 + n_docs) / (1 + df)) + 1).astype(np.float32)
        self.unknown_idf = float(math.log(1 + n_docs) + 1)
        weighted = binary.multiply(self.idf[np.newaxis, :]).tocsr()
        norms = np.sqrt(np.asarray(weighted.multiply(weighted).sum(axis=1)).ravel())
        norms[norms == 0] = 1
        self.docs_t = sparse.csr_matrix(sparse.diags(1 / norms) @ weighted).T.tocsr().astype(np.float32)
        self.doc_entry = np.asarray(doc_entry, dtype=np.int64)
        # docs of one entry are contiguous: reduceat over these starts gives the entry maximum
        self.entry_starts = np.flatnonzero(np.r_[True, self.doc_entry[1:] != self.doc_entry[:-1]])
        self.sector_codes = np.array([e.sector for e in self.entries])
        self.level2s = np.array([e.level2 for e in self.entries])
        self.exact: dict[str, int] = {}
        for ei, forms in enumerate(self.strings):
            for f in forms:
                self.exact.setdefault(f, ei)

    def _query_matrix(self, texts: list[str]):
        from scipy import sparse

        data, indices, indptr = [], [], [0]
        for t in texts:
            toks = features.mapping_tokens(t)
            known: dict[int, float] = {}
            unknown = 0
            for tok in set(toks):
                j = self.vocab.get(tok)
                if j is None:
                    unknown += 1
                else:
                    known[j] = float(self.idf[j])
            norm = math.sqrt(sum(v * v for v in known.values()) + unknown * self.unknown_idf ** 2) or 1.0
            for j, v in known.items():
                indices.append(j)
                data.append(v / norm)
            indptr.append(len(indices))
        return sparse.csr_matrix((np.asarray(data, dtype=np.float32), indices, indptr),
                                 shape=(len(texts), len(self.vocab)))

    def search(self, texts: list[str], k: int = 3, *, sector_probs: list[dict[str, float]] | None = None,
               level2_probs: list[dict[str, float]] | None = None) -> list[list[Hit]]:
        """Top-k entries for each text, best first; probabilities (per text) add small bonuses."""
        from rapidfuzz import fuzz

        out: list[list[Hit]] = []
        if not self.entries:
            return [[] for _ in texts]
        normed = [features.normalize(t) for t in texts]
        n_cand = min(max(CANDIDATES, k), len(self.entries))
        for start in range(0, len(texts), CHUNK):
            block = normed[start:start + CHUNK]
            sims = (self._query_matrix(block) @ self.docs_t).toarray()
            entry_sims = np.maximum.reduceat(sims, self.entry_starts, axis=1)
            if n_cand < entry_sims.shape[1]:
                cand = np.argpartition(-entry_sims, n_cand - 1, axis=1)[:, :n_cand]
            else:
                cand = np.tile(np.arange(entry_sims.shape[1]), (len(block), 1))
            for r, q in enumerate(block):
                i = start + r
                sp = sector_probs[i] if sector_probs else None
                lp = level2_probs[i] if level2_probs else None
                idx = list(cand[r])
                ex = self.exact.get(q)
                if ex is not None and ex not in idx:
                    idx.append(ex)
                scored = []
                for ei in idx:
                    cos = float(entry_sims[r, ei])
                    fz = max(fuzz.ratio(q, s) for s in self.strings[ei]) / 100.0 if q else 0.0
                    score = W_COSINE * cos + W_FUZZ * fz
                    if sp is not None:
                        code = self.entries[ei].sector
                        p = sp.get(code, 0.0)
                        if code == "000":
                            p = max(p, GENERIC_SECTOR_PRIOR)
                        score += SECTOR_BONUS * p
                    if lp is not None:
                        score += LEVEL2_BONUS * lp.get(self.entries[ei].level2, 0.0)
                    scored.append((score, -ei, ei))
                scored.sort(reverse=True)
                out.append([Hit(self.entries[ei], min(1.0, max(0.0, s))) for s, _, ei in scored[:k]])
        return out


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
    from perfdoc.indicators.library import load_library

    lib = library or load_library()
    return mapper_for(lib).search([query], k=n)[0]
