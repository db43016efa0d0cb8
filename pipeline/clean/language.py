"""Language identification of cleaned text (py3langid, ISO 639-1 codes).

py3langid walks its byte n-gram automaton one byte at a time in Python, a
quarter of the cleaning step's CPU. The automaton forgets: after any
``WINDOW_BYTES`` bytes it is in the same state whatever state it started in
(checked over every state and byte, tests/clean/test_cleaning_speed.py), so the
state at each byte is that of the last ``WINDOW_BYTES`` bytes read from the
start state, and numpy walks every byte's window at once. The features counted,
their order and so the scores are py3langid's own.
"""
from __future__ import annotations

from functools import lru_cache

import numpy as np
from py3langid import langid

UNDETERMINED = "und"  # ISO 639-2 code for "no text to tell from"
SAMPLE_CHARS = 5000  # the start of an article says enough; keeps long texts fast
WINDOW_BYTES = 6


class WindowedIdentifier(langid.LanguageIdentifier):
    """py3langid's identifier with the automaton walked by windows (``visits``)."""

    def _raw_score(self, text: bytes):
        visits = self.visits(text)
        return self._sparse_score(visits, self.nb_ptc) if visits else super()._raw_score(text)

    def visits(self, text: bytes) -> dict[int, int] | None:
        """feature -> count, in order of first occurrence: ``langid.visit_counts``'s Counter."""
        nextmove, rowbase, output = self._arrays()
        data = np.frombuffer(text, dtype=np.uint8).astype(np.int64)
        state = np.zeros(len(data), dtype=np.int64)
        for step in range(WINDOW_BYTES):  # byte i's window starts WINDOW_BYTES - 1 bytes back (or at the start)
            lag = WINDOW_BYTES - 1 - step
            if lag < len(data):
                state[lag:] = nextmove[rowbase[state[lag:]] + data[: len(data) - lag]]
        features = output[state]
        features = features[features >= 0]
        if not len(features):
            return None
        found, first, counts = np.unique(features, return_index=True, return_counts=True)
        order = np.argsort(first)
        return dict(zip(found[order].tolist(), counts[order].tolist(), strict=True))

    def _arrays(self) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        if not hasattr(self, "_windowed"):
            self._windowed = (np.frombuffer(self.tk_nextmove, dtype=np.dtype(self.tk_nextmove.typecode)),
                              np.asarray(self._rowbase, dtype=np.int64), np.asarray(self.tk_output, dtype=np.int64))
        return self._windowed


@lru_cache(maxsize=1)
def identifier() -> WindowedIdentifier:
    return WindowedIdentifier.from_model_file(langid.MODEL_FILE)


def detect_language(text: str) -> str:
    sample = text[:SAMPLE_CHARS]
    if not any(ch.isalpha() for ch in sample):
        return UNDETERMINED
    language, _score = identifier().classify(sample)
    return language
