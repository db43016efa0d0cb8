"""How alike two claims are in meaning, from word statistics learned on a corpus.

A claim becomes a set of content-word stems (pipeline/entities/clusters.py
``claim_stems``). Their similarity is the **weighted overlap**: the cosine of the
two stem sets, each stem weighted by its inverse document frequency in a
training corpus (``pipeline/data/claim_similarity.npz``, written by
``python -m pipeline.entities.train_similarity``), so sharing "centrif" counts for
much more than sharing "people"; a stem the corpus never saw gets the largest
weight (a rare word is a telling one).

Latent word vectors (LSA of a PPMI co-occurrence matrix, 64 dimensions, trained
on the same corpus) were tried as a second measure and left out: on the
annotated sample their cosines ran 0.77-0.97 for same-statement and different
pairs alike (a 37,000-sentence corpus of US politics is too small to place
"negotiate" near "compromise"), separating nothing the overlap did not.

The model knows nothing of Dagster or the warehouse; numpy only.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import cache

import numpy as np

from pipeline.datafiles import data_file

MODEL_FILE = "claim_similarity.npz"


@dataclass(frozen=True)
class SimilarityModel:
    index: dict[str, int]
    idf: np.ndarray  # one weight per stem
    unseen_idf: float
    # stem -> float(idf[index[stem]]), read once: clustering asks for a weight per claim stem
    # (hundreds of thousands of times), and a numpy scalar read each time cost more than the rest
    weights: dict[str, float] = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        object.__setattr__(self, "weights", dict(zip(self.index, self.idf[list(self.index.values())].tolist(),
                                                      strict=True)))

    def weight(self, stem: str) -> float:
        return self.weights.get(stem, self.unseen_idf)

    def overlap(self, a: frozenset[str], b: frozenset[str]) -> float:
        """IDF-weighted cosine of two stem sets (0 when either is empty)."""
        if not a or not b:
            return 0.0
        shared = sum(self.weight(w) ** 2 for w in a & b)
        norm = (sum(self.weight(w) ** 2 for w in a) * sum(self.weight(w) ** 2 for w in b)) ** 0.5
        return shared / norm


@cache
def load_model() -> SimilarityModel:
    with data_file(MODEL_FILE).open("rb") as handle, np.load(handle, allow_pickle=False) as data:
        stems = [str(s) for s in data["stems"]]
        return SimilarityModel(
            index={s: i for i, s in enumerate(stems)},
            idf=data["idf"].astype(np.float32),
            unseen_idf=float(data["unseen_idf"]),
        )
