"""How alike two claims are in meaning, from word statistics learned on a corpus.

A claim becomes a set of content-word stems (pipeline/entities/clusters.py
``content_stems``). Two measures, both read from ``pipeline/data/claim_similarity.npz``
(written by ``python -m pipeline.entities.train_similarity``):

- **weighted overlap**: the cosine of the two stem sets, each stem weighted by
  its inverse document frequency in the training corpus, so sharing "centrif"
  counts for much more than sharing "people"; a stem the corpus never saw gets
  the largest weight (a rare word is a telling one);
- **latent similarity**: the cosine of the claims' vectors in a latent space
  (LSA: truncated SVD of a positive-PMI word co-occurrence matrix), the sum of
  their stems' vectors weighted by IDF, so "negotiate" and "compromise", or
  "ban" and "prohibit", come out close without sharing a letter.

The model knows nothing of Dagster or the warehouse; numpy only.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import numpy as np

from pipeline.datafiles import data_file

MODEL_FILE = "claim_similarity.npz"


@dataclass(frozen=True)
class SimilarityModel:
    index: dict[str, int]
    idf: np.ndarray  # one weight per stem
    vectors: np.ndarray  # unit rows, one per stem
    unseen_idf: float

    def weight(self, stem: str) -> float:
        i = self.index.get(stem)
        return self.unseen_idf if i is None else float(self.idf[i])

    def overlap(self, a: frozenset[str], b: frozenset[str]) -> float:
        """IDF-weighted cosine of two stem sets (0 when either is empty)."""
        if not a or not b:
            return 0.0
        shared = sum(self.weight(w) ** 2 for w in a & b)
        norm = (sum(self.weight(w) ** 2 for w in a) * sum(self.weight(w) ** 2 for w in b)) ** 0.5
        return shared / norm

    def embed(self, stems: frozenset[str]) -> np.ndarray:
        """IDF-weighted sum of the stems' latent vectors, unit length (zeros when none is known)."""
        known = [self.index[w] for w in stems if w in self.index]
        if not known:
            return np.zeros(self.vectors.shape[1], dtype=np.float32)
        vector = (self.vectors[known] * self.idf[known, None]).sum(axis=0)
        norm = float(np.linalg.norm(vector))
        return vector / norm if norm else vector


def latent(a: np.ndarray, b: np.ndarray) -> float:
    """Cosine of two embeddings from ``SimilarityModel.embed``."""
    return float(a @ b)


@cache
def load_model() -> SimilarityModel:
    with data_file(MODEL_FILE).open("rb") as handle, np.load(handle, allow_pickle=False) as data:
        stems = [str(s) for s in data["stems"]]
        return SimilarityModel(
            index={s: i for i, s in enumerate(stems)},
            idf=data["idf"].astype(np.float32),
            vectors=data["vectors"].astype(np.float32),
            unseen_idf=float(data["unseen_idf"]),
        )
