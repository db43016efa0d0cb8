"""Language identification of cleaned text (py3langid, ISO 639-1 codes).

py3langid walks its byte n-gram automaton one byte at a time in Python, a
quarter of the cleaning step's CPU. The automaton forgets: after any
``WINDOW_BYTES`` bytes it is in the same state whatever state it started in
(checked over every state and byte, tests/clean/test_cleaning_speed.py), so the
state at each byte is that of the last ``WINDOW_BYTES`` bytes read from the
start state, and numpy walks every byte's window at once. The features counted,
their order and so the scores are py3langid's own.

Only py3langid's public model (``tk_nextmove``, ``tk_row``, ``tk_output``,
``nb_ptc``, ``nb_pc``, ``nb_classes``) and its ``classify`` are used: the text's
encoding and the naive Bayes score are written here as py3langid 0.4.0 writes
them (the version pyproject.toml pins), and a text without features (a lone letter)
goes to py3langid's own ``classify`` (same answer).
"""
from __future__ import annotations

import unicodedata
from functools import lru_cache

import numpy as np
from py3langid import langid

UNDETERMINED = "und"  # ISO 639-2 code for "no text to tell from"
SAMPLE_CHARS = 5000  # the start of an article says enough; keeps long texts fast
WINDOW_BYTES = 6


def encode(text: str) -> bytes:
    """The bytes py3langid scores a text by: all-capitals lower-cased, NFC, UTF-8."""
    if text.isupper():
        text = text.lower()
    return unicodedata.normalize("NFC", text).encode("utf8", errors="surrogatepass")


class WindowedIdentifier:
    """py3langid's identifier with the automaton walked by windows (``visits``)."""

    def __init__(self, base: langid.LanguageIdentifier):
        self.base = base
        self.nextmove = np.frombuffer(base.tk_nextmove, dtype=np.dtype(base.tk_nextmove.typecode))
        self.rowbase = np.asarray([row << 8 for row in base.tk_row], dtype=np.int64)  # py3langid's pre-shifted rows
        self.output = np.asarray(base.tk_output, dtype=np.int64)
        self.table, self.prior, self.classes = base.nb_ptc, base.nb_pc, list(base.nb_classes)
        self.aliases = _alias_pairs(self.classes)

    def classify(self, text: str) -> tuple[str, float]:
        """(language, score): py3langid's ``classify`` (no probabilities, no confidence floor)."""
        visits = self.visits(encode(text))
        if not visits:
            return self.base.classify(text)
        idx = np.fromiter(visits.keys(), dtype=np.intp, count=len(visits))
        counts = np.fromiter(visits.values(), dtype=np.float32, count=len(visits))
        scores = np.log1p(counts) @ self.table[idx] + self.prior
        for first, dupe in self.aliases:  # a label listed twice (srl -> sr) keeps its better score once
            scores[first] = max(scores[first], scores[dupe])
            scores[dupe] = langid.RAW_FLOOR
        best = int(scores.argmax())
        return self.classes[best], float(scores[best])

    def visits(self, text: bytes) -> dict[int, int] | None:
        """feature -> count, in order of first occurrence: ``langid.visit_counts``'s Counter."""
        data = np.frombuffer(text, dtype=np.uint8).astype(np.int64)
        state = np.zeros(len(data), dtype=np.int64)
        for step in range(WINDOW_BYTES):  # byte i's window starts WINDOW_BYTES - 1 bytes back (or at the start)
            lag = WINDOW_BYTES - 1 - step
            if lag < len(data):
                state[lag:] = self.nextmove[self.rowbase[state[lag:]] + data[: len(data) - lag]]
        features = self.output[state]
        features = features[features >= 0]
        if not len(features):
            return None
        found, first, counts = np.unique(features, return_index=True, return_counts=True)
        order = np.argsort(first)
        return dict(zip(found[order].tolist(), counts[order].tolist(), strict=True))


def _alias_pairs(classes: list[str]) -> list[tuple[int, int]]:
    """(first, dupe) columns of a label listed more than once, as py3langid folds them."""
    first, pairs = {}, []
    for i, label in enumerate(classes):
        if label in first:
            pairs.append((first[label], i))
        else:
            first[label] = i
    return pairs


@lru_cache(maxsize=1)
def identifier() -> WindowedIdentifier:
    return WindowedIdentifier(langid.LanguageIdentifier.from_model_file(langid.MODEL_FILE))


def detect_language(text: str) -> str:
    sample = text[:SAMPLE_CHARS]
    if not any(ch.isalpha() for ch in sample):
        return UNDETERMINED
    language, _score = identifier().classify(sample)
    return language
