"""Near-duplicate articles: MinHash signatures and an LSH index (datasketch).

A signature is a plain list of ``NUM_PERM`` ints, each below 2**32, so the
warehouse can store it (a ``UBIGINT[]`` column) and a later run rebuilds the
index from stored signatures without re-reading any text. Shingles are word 5-grams of the lower-cased cleaned text, so
punctuation, quote styles and line breaks do not matter, and a different
headline or page furniture (not in the cleaned text) does not either.
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from functools import lru_cache
from hashlib import sha1

import numpy as np
from datasketch import LeanMinHash, MinHash, MinHashLSH

from pipeline.shingles import word_shingles

NUM_PERM = 128
SEED = 20250328  # fixed: signatures must be comparable across runs
SCHEME = "affine32"  # datasketch 2.x hashing scheme: 32-bit values
SHINGLE_WORDS = 5
THRESHOLD = 0.8  # estimated Jaccard similarity above which two texts are one article
WORD = re.compile(r"\w+")


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[str]:
    return word_shingles(WORD.findall(text.lower()), size)


def text_signature(text: str) -> list[int]:
    """The MinHash signature of ``text``; an empty list for a text without words."""
    grams = shingles(text)
    if not grams:
        return []
    # The values datasketch's default hash (sha1_hash32) gives, worked out here in one pass and
    # passed through as ints; the permutations drawn once (drawing them cost a millisecond a text).
    minhash = MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME, hashfunc=int, permutations=_permutations())
    minhash.update_batch(sha1_hash32_all(grams))
    return [int(v) for v in minhash.hashvalues]


def sha1_hash32_all(grams) -> list[int]:
    """datasketch.hashfunc.sha1_hash32 of each gram's UTF-8 bytes: the first 4 bytes of its SHA1, little-endian."""
    return np.frombuffer(b"".join([sha1(g.encode("utf-8")).digest()[:4] for g in grams]), dtype="<u4").tolist()


@lru_cache(maxsize=1)
def _permutations():
    return MinHash(num_perm=NUM_PERM, seed=SEED, scheme=SCHEME).permutations


def as_minhash(signature: Sequence[int]) -> LeanMinHash:
    return LeanMinHash(seed=SEED, hashvalues=np.asarray(list(signature), dtype=np.uint32), scheme=SCHEME)


class DuplicateIndex:
    """Documents seen so far, to look up an earlier near-identical one.

    LSH banding finds candidates in time independent of the index size, so
    adding 100k documents one by one stays fast; candidates are confirmed by
    their estimated Jaccard similarity.
    """

    def __init__(self, threshold: float = THRESHOLD):
        self.threshold = threshold
        self._lsh = MinHashLSH(threshold=threshold, num_perm=NUM_PERM)
        self._order: dict[str, int] = {}  # doc_id -> position added, "earlier" wins
        self._hashes: dict[str, LeanMinHash] = {}

    def __len__(self) -> int:
        return len(self._order)

    def add(self, doc_id: str, signature: Sequence[int]) -> None:
        """Index a document; texts without words and repeated ids are ignored."""
        if len(signature) != NUM_PERM or doc_id in self._order:
            return
        minhash = as_minhash(signature)
        self._lsh.insert(doc_id, minhash)
        self._order[doc_id] = len(self._order)
        self._hashes[doc_id] = minhash

    def find(self, signature: Sequence[int]) -> str | None:
        """The doc_id of the earliest indexed near-identical document, or None."""
        if len(signature) != NUM_PERM:
            return None
        minhash = as_minhash(signature)
        matches = [
            doc_id for doc_id in self._lsh.query(minhash)
            if self._hashes[doc_id].jaccard(minhash) >= self.threshold
        ]
        return min(matches, key=self._order.__getitem__, default=None)
