"""Per-document values that spaCy recomputes on every access.

``doc.text`` rebuilds the string from the tokens and ``doc.sents`` walks the
whole parse each time; extraction reads them many times per document, so
they are computed once and kept in ``doc.user_data``. Iterating a Doc makes a
new Token object per token (half a millisecond an article), so the scans over
every token share one list, and the scans for one punctuation mark read the
token texts as an array.
"""
from __future__ import annotations

from spacy.attrs import ORTH
from spacy.tokens import Doc, Span, Token

KEY = "redline.extract"


def _cache(doc: Doc) -> dict:
    cache = doc.user_data.get(KEY)
    if cache is None or cache.get("n") != len(doc):
        cache = doc.user_data[KEY] = {"n": len(doc)}
    return cache


def cached(doc: Doc, key: str, make):
    """``make()`` for ``doc``, computed once per document (what two stages both read)."""
    cache = _cache(doc)
    if key not in cache:
        cache[key] = make()
    return cache[key]


def text_of(doc: Doc) -> str:
    cache = _cache(doc)
    if "text" not in cache:
        # Doc.text makes a Token object per token again: join the shared list's texts.
        cache["text"] = "".join(t.text_with_ws for t in tokens_of(doc))
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


def tokens_of(doc: Doc) -> list[Token]:
    cache = _cache(doc)
    if "tokens" not in cache:
        cache["tokens"] = list(doc)
    return cache["tokens"]


def positions_of(doc: Doc, text: str) -> list[int]:
    """The indices of the tokens whose text is ``text``."""
    cache = _cache(doc)
    if "orth" not in cache:
        cache["orth"] = doc.to_array(ORTH)
    return (cache["orth"] == doc.vocab.strings.add(text)).nonzero()[0].tolist()
