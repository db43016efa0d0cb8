"""Case-insensitive patterns matched as case-sensitive ones over the lower-cased text.

``re.IGNORECASE`` compares each character in both cases at every position; over an
alternation of many words (the taxonomy's wording, the cleaning's cues) that is most of
what a match costs. A pattern whose letters are all lower case finds, in the lower-cased
text, exactly what it finds with ``IGNORECASE`` in the text, at the same offsets, when
lower-casing is the same as ``re``'s case folding on that text: always for ASCII, and for
a non-ASCII character without case (curly quotes, dashes). A text with another non-ASCII
letter ("É", "ſ", "ı", Greek) and a pattern with an upper-case letter are matched with
``IGNORECASE`` as before. The match's ``group()`` is lower-cased: use its offsets.
"""
from __future__ import annotations

import re
import sys
from collections.abc import Iterator
from functools import lru_cache

# Escapes that name a character by its code could name an upper-case letter.
_CODE_ESCAPE = re.compile(r"\\[xuUN0-7]")
_ESCAPE = re.compile(r"\\.")
_GROUP_SYNTAX = re.compile(r"\(\?P[<=][^>)]*[>)]|\(\?[aiLmsux-]+[:)]")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


def lower_case_only(pattern: str) -> bool:
    """Whether the pattern's letters (outside escapes and group syntax) are all lower case."""
    if _CODE_ESCAPE.search(pattern):
        return False
    bare = _GROUP_SYNTAX.sub("", _ESCAPE.sub("", pattern))
    return bare == bare.lower()


@lru_cache(maxsize=4096)
def _caseless(char: str) -> bool:
    return char.lower() == char.upper()


def folds_as_lower(text: str) -> bool:
    """Whether ``text.lower()`` is ``re``'s case folding of the text (see the module)."""
    return text.isascii() or all(map(_caseless, set(_NON_ASCII.findall(text))))


@lru_cache(maxsize=1024)
def _lowered(text: str) -> str | None:
    """The text lower-cased where that is ``re``'s folding, else None; once per text, since
    one text meets many patterns (each of the taxonomy's topics and stances)."""
    return text.lower() if folds_as_lower(text) else None


class Caseless:
    """``re.compile(pattern, re.IGNORECASE)``, matched over the lower-cased text where that is the same."""

    __slots__ = ("pattern", "_ignorecase", "_plain")

    def __init__(self, pattern: str):
        self.pattern = pattern
        self._ignorecase = re.compile(pattern, re.IGNORECASE)
        self._plain = re.compile(pattern) if lower_case_only(pattern) else None

    def _choose(self, text: str) -> tuple[re.Pattern[str], str]:
        if self._plain is not None and (lowered := _lowered(text)) is not None:
            return self._plain, lowered
        return self._ignorecase, text

    def search(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        pattern, text = self._choose(text)
        return pattern.search(text, pos, endpos)

    def match(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> re.Match[str] | None:
        pattern, text = self._choose(text)
        return pattern.match(text, pos, endpos)

    def finditer(self, text: str, pos: int = 0, endpos: int = sys.maxsize) -> Iterator[re.Match[str]]:
        pattern, text = self._choose(text)
        return pattern.finditer(text, pos, endpos)

    def __repr__(self) -> str:
        return f"Caseless({self.pattern!r})"
