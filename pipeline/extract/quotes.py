"""Finding quotations in raw text: which marks open, which close, where they end.

Works on characters, not tokens, because quote marks are typographic: a
straight quote's role depends on the characters around it and an apostrophe
(Iran’s, it’s) looks like a closing single quote.
"""
from __future__ import annotations

import re
from dataclasses import dataclass

DOUBLE_OPEN, DOUBLE_CLOSE = "“„«", "”»"
SINGLE_OPEN, SINGLE_CLOSE = "‘‹", "’›"
OPENING_CONTEXT = " \t\n\u00a0([{—–-/:"  # what may stand before an opening mark (\u00a0: a no-break space)


@dataclass(frozen=True)
class Quote:
    start: int  # the opening mark
    end: int  # just after the closing mark, or the paragraph end if unclosed
    inner_start: int  # the quoted words, without marks and edge spaces
    inner_end: int
    balanced: bool


def mark_role(text: str, i: int) -> tuple[str, str] | None:
    """("open" | "close", "double" | "single") for the mark at ``i``, or None."""
    ch = text[i]
    prev = text[i - 1] if i > 0 else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    if ch == "'" and (nxt == "'" or prev == "'"):  # '' is a double mark (NYT archive style)
        if prev == "'":
            return None  # the second half of the pair
        before = text[i - 1] if i > 0 else " "
        return ("open" if before in OPENING_CONTEXT else "close"), "double"
    if ch in DOUBLE_OPEN:
        return "open", "double"
    if ch in DOUBLE_CLOSE:  # a closing mark opening a line is a typo for the opening one
        return ("open" if (i == 0 or prev == "\n") and nxt.isalnum() else "close"), "double"
    if ch == '"':
        return ("open" if prev in OPENING_CONTEXT or prev in SINGLE_OPEN else "close"), "double"
    if ch in SINGLE_OPEN or ch in SINGLE_CLOSE or ch == "'":
        if prev.isalnum() and nxt.isalnum():
            return None  # apostrophe inside a word: Iran’s, it's
        if (prev in OPENING_CONTEXT or prev in DOUBLE_OPEN) and not nxt.isspace():
            return ("open", "single") if ch != "’" or nxt.isalpha() and prev in " \n\u00a0" else None
        if not prev.isspace() and not nxt.isalnum():
            return "close", "single"
    return None


def mark_at(text: str, i: int) -> str:
    """The quote mark at ``i``: one character, or the two of ''."""
    return text[i : i + 2] if text[i : i + 2] == "''" else text[i : i + 1]


def _trimmed(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1] in " \t\n,":
        end -= 1
    return start, end


def _make(text: str, start: int, end: int, close_at: int | None) -> Quote:
    inner_end = close_at if close_at is not None else end
    width = len(mark_at(text, start))
    inner_start, inner_end = _trimmed(text, start + width, inner_end)
    if close_at is not None:
        end = close_at + len(mark_at(text, close_at))
    return Quote(start, end, inner_start, inner_end, close_at is not None)


def _continues(text: str, newline: int, family: str, stops: tuple[re.Pattern, ...] = ()) -> int | None:
    """Offset of the mark reopening the same quote in the next paragraph, if any.

    News style leaves a quote open at a paragraph end and reopens it at the
    start of the next paragraph when one speaker goes on; a transcript quoted
    whole reopens every paragraph, so a paragraph a stop pattern matches (the
    next "NAME:" turn, a stage direction) opens a new quote instead.
    """
    j = newline
    while j < len(text) and text[j].isspace():
        j += 1
    if j < len(text) and mark_role(text, j) == ("open", family):
        end = text.find("\n", j)
        line = text[j + len(mark_at(text, j)) : len(text) if end < 0 else end]
        return None if any(p.search(line) for p in stops) else j
    return None


def find_quotes(text: str, max_chars: int = 2500, stops: tuple[re.Pattern, ...] = ()) -> list[Quote]:
    """Every top-level quotation in ``text``; nested ones belong to their parent. A
    quote does not carry on into a reopened paragraph that one of ``stops`` matches."""
    quotes: list[Quote] = []
    open_at: int | None = None
    family = ""
    i = 0
    while i < len(text):
        ch = text[i]
        if open_at is not None and i - open_at > max_chars:
            open_at, i = None, open_at + 1  # runaway: the opening mark was stray
            continue
        if open_at is not None and ch == "\n":
            reopen = _continues(text, i, family, stops)
            if reopen is not None and _closes_later(text, reopen, family, max_chars):
                i = reopen + 1
                continue
            if family == "double":  # unclosed: the quote ends with its paragraph
                quotes.append(_make(text, open_at, i, None))
            open_at = None
            i += 1
            continue
        role = mark_role(text, i) if ch in "“”„«»‘’‹›\"'" else None
        if role is None:
            i += 1
            continue
        kind, fam = role
        if open_at is None:
            if kind == "open":
                open_at, family = i, fam
        elif fam == family and kind == "close":
            quotes.append(_make(text, open_at, i + 1, i))
            open_at = None
        elif fam == family and kind == "open" and fam == "double" and ch != '"':
            quotes.append(_make(text, open_at, i, None))  # missing close before a new quote
            open_at = i
        i += 1
    if open_at is not None and family == "double":
        end = text.find("\n", open_at)
        quotes.append(_make(text, open_at, len(text) if end < 0 else end, None))
    return [q for q in quotes if q.inner_end > q.inner_start]


def _closes_later(text: str, reopen: int, family: str, max_chars: int) -> bool:
    """A reopened paragraph continues the quote only if something closes it later."""
    window = text[reopen + 1 : reopen + max_chars]
    closers = DOUBLE_CLOSE + '"' if family == "double" else SINGLE_CLOSE + "'"
    return any(c in window for c in closers) or family == "double" and "''" in window
