"""Sentence vectors from a static embedding: ``embed(texts) -> (n, dims) float32``, unit length.

The model (``pipeline/data/meaning.npz``) is a model2vec distillation of
all-MiniLM-L6-v2 (``python -m pipeline.meaning.distill``, the ``train`` extra):
one vector per word piece of MiniLM's uncased WordPiece vocabulary, the
transformer's output for that piece alone, reduced by PCA and weighted by
piece frequency (SIF), stored as float16. A text's vector is the mean of its
pieces' vectors, scaled to unit length, so the dot product of two is their
cosine. Paraphrases with few words in common ("not up for negotiation" / "a red
line") come out close, which word overlap cannot see, and en_core_web_sm ships
no word vectors.

Running needs numpy only: the tokenizer is BERT's (lowercase, accents dropped,
punctuation split off, greedy longest-match word pieces) written out here, so
neither torch nor tokenizers is imported; the distill command checks that it
cuts texts as MiniLM's own tokenizer does. A text with no known piece gets the
zero vector (cosine 0 with everything). Knows nothing of Dagster.
"""
from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache

import numpy as np

from pipeline.datafiles import data_file

MODEL_FILE = "meaning.npz"
CONTINUATION = "##"
MAX_WORD_CHARS = 100  # longer words are unknown, as in BERT


def _is_punctuation(char: str) -> bool:
    """BERT's rule: every non-letter, non-digit ASCII symbol, and Unicode's P* categories."""
    code = ord(char)
    if 33 <= code <= 47 or 58 <= code <= 64 or 91 <= code <= 96 or 123 <= code <= 126:
        return True
    return unicodedata.category(char).startswith("P")


def _is_cjk(code: int) -> bool:
    return (0x4E00 <= code <= 0x9FFF or 0x3400 <= code <= 0x4DBF or 0x20000 <= code <= 0x2A6DF
            or 0x2A700 <= code <= 0x2B73F or 0x2B740 <= code <= 0x2B81F or 0x2B820 <= code <= 0x2CEAF
            or 0xF900 <= code <= 0xFAFF or 0x2F800 <= code <= 0x2FA1F)


def basic_words(text: str) -> list[str]:
    """BERT's normaliser and pre-tokeniser: control characters dropped, lowercased, accents
    stripped, CJK characters and punctuation each a word of their own, split on spaces."""
    out = []
    for char in unicodedata.normalize("NFD", text.lower()):
        code = ord(char)
        category = unicodedata.category(char)
        if code == 0 or code == 0xFFFD or category == "Mn" or (category in ("Cc", "Cf") and char not in "\t\n\r"):
            continue
        if char in " \t\n\r" or category == "Zs":
            out.append(" ")
        elif _is_punctuation(char) or _is_cjk(code):
            out.append(f" {char} ")
        else:
            out.append(char)
    return "".join(out).split()


@dataclass
class StaticEmbedding:
    """Word-piece vectors and the greedy WordPiece cut that finds them."""

    index: dict[str, int]
    vectors: np.ndarray  # (pieces, dims) float32
    _pieces: dict[str, tuple[int, ...]] = field(default_factory=dict, repr=False)  # word -> piece ids, cached

    @property
    def dims(self) -> int:
        return self.vectors.shape[1]

    def pieces(self, word: str) -> tuple[int, ...]:
        """The word's piece ids, longest match first; none when a part matches nothing (BERT's [UNK],
        which carries no meaning and is dropped)."""
        cached = self._pieces.get(word)
        if cached is not None:
            return cached
        ids: list[int] = []
        start = 0
        while start < len(word) and len(word) <= MAX_WORD_CHARS:
            end = len(word)
            while end > start:
                piece = word[start:end] if start == 0 else CONTINUATION + word[start:end]
                if piece in self.index:
                    ids.append(self.index[piece])
                    break
                end -= 1
            if end == start:
                ids = []
                break
            start = end
        found = tuple(ids) if start == len(word) else ()
        self._pieces[word] = found
        return found

    def token_ids(self, text: str) -> list[int]:
        return [i for word in basic_words(text) for i in self.pieces(word)]

    def embed(self, texts: Iterable[str]) -> np.ndarray:
        """Unit-length mean piece vector of each text, (n, dims) float32; zeros for a text with no piece."""
        texts = list(texts)
        out = np.zeros((len(texts), self.dims), dtype=np.float32)
        for row, text in enumerate(texts):
            ids = self.token_ids(text)
            if ids:
                out[row] = self.vectors[ids].mean(axis=0)
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return np.divide(out, norms, out=out, where=norms > 0)


@cache
def load_embedding() -> StaticEmbedding:
    with data_file(MODEL_FILE).open("rb") as handle, np.load(handle, allow_pickle=False) as data:
        pieces = [str(t) for t in data["pieces"]]
        return StaticEmbedding({p: i for i, p in enumerate(pieces)}, data["vectors"].astype(np.float32))


def embed(texts: Iterable[str]) -> np.ndarray:
    """Unit-length sentence vectors of ``texts`` from the shipped model (see the module's doc)."""
    return load_embedding().embed(texts)
