"""Per-document values that spaCy recomputes on every access.

``doc.text`` rebuilds the string from the tokens and ``doc.sents`` walks the
whole parse each time; extraction reads them many times per document, so
they are computed once and kept in ``doc.user_data``.
"""
from __future__ import annotations

from spacy.tokens import Doc, Span

KEY = "redline.extract"


def _cache(doc: Doc) -> dict:
    cache = doc.user_data.get(KEY)
    if cache is None or cache.get("n") != len(doc):
        cache = doc.user_data[KEY] = {"n": len(doc)}
    return cache


def text_of(doc: Doc) -> str:
    cache = _cache(doc)
    if "text" not in cache:
        cache["text"] = doc.text
    return cache["text"]


def sents_of(doc: Doc) -> list[Span]:
    cache = _cache(doc)
    if "sents" not in cache:
        cache["sents"] = list(doc.sents)
    return cache["sents"]


def ents_of(doc: Doc) -> tuple[Span, ...]:
    cache = _cache(doc)
    if "ents" not in cache:
        cache["ents"] = tuple(doc.ents)
    return cache["ents"]
