"""Language identification of cleaned text (py3langid, ISO 639-1 codes)."""
from __future__ import annotations

import py3langid

UNDETERMINED = "und"  # ISO 639-2 code for "no text to tell from"
SAMPLE_CHARS = 5000  # the start of an article says enough; keeps long texts fast


def detect_language(text: str) -> str:
    sample = text[:SAMPLE_CHARS]
    if not any(ch.isalpha() for ch in sample):
        return UNDETERMINED
    language, _score = py3langid.classify(sample)
    return language
