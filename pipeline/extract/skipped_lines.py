"""Lines that hold no statement: headlines, related-article lists, boilerplate."""
from __future__ import annotations

import re

from pipeline.extract.doccache import cached, text_of
from pipeline.extract.lexicon import Lexicon
from pipeline.extract.quotes import Quote, find_quotes

TERMINAL = ".?!:;…"
QUOTE_MARKS = "“”‘’\"'«»"
SIGNATURE_WORDS = 6  # "— Esther Tapia, 34, Texas"


def without_byline(line: str, dashes: str) -> str:
    """The line less a closing "” ― Sonya Herridge": the quotation decides whether
    it ends a sentence, not the name that signs it. A signature is a few words;
    a dash before a longer rest ("” — a metaphor for ...") is punctuation."""
    for k in range(len(line) - 1, 0, -1):
        if line[k] in dashes and line[:k].rstrip().endswith(("”", '"', "’")):
            return line[:k] if len(line[k + 1 :].split()) <= SIGNATURE_WORDS else line
    return line


def is_headline(line: str, max_tokens: int, dashes: str = "") -> bool:
    """A short line that does not end a sentence: a headline or a crosshead."""
    core = without_byline(line, dashes).strip().strip(QUOTE_MARKS).strip()
    return bool(core) and core[-1] not in TERMINAL and len(core.split()) <= max_tokens


def skipped_ranges(text: str, lex: Lexicon, headlines: bool = True) -> list[tuple[int, int]]:
    """Char ranges of lines that must not yield claims: boilerplate, and headlines
    unless ``headlines`` is False (a "Speaker: statement" headline is attributed)."""
    limit = lex.limits["headline_max_tokens"]
    ranges = []
    for m in re.finditer(r"[^\n]+", text):
        line = m.group()
        if (headlines and is_headline(line, limit, lex.attribution_dashes)) or any(p.search(line) for p in lex.boilerplate):
            ranges.append((m.start(), m.end()))
    return ranges


def in_ranges(pos: int, ranges: list[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in ranges)


def kept_quotes(text: str, lex: Lexicon, skipped: list[tuple[int, int]] | None = None) -> list[Quote]:
    """The quotations outside the lines that hold no statement: what the extractor pairs
    with cues, and what coreference takes for the quoted speaker's words."""
    skipped = skipped_ranges(text, lex) if skipped is None else skipped
    return [q for q in find_quotes(text, lex.limits["max_quote_chars"], lex.quote_stops + lex.boilerplate) if not in_ranges(q.start, skipped)]


def document_quotes(doc, lex: Lexicon) -> tuple[list[tuple[int, int]], list[Quote]]:
    """The document's skipped ranges and its kept quotations, found once: the extractor
    pairs the quotations with cues and coreference reads them as the quoted speakers' words."""
    def make():
        skipped = skipped_ranges(text_of(doc), lex)
        return skipped, kept_quotes(text_of(doc), lex, skipped)

    return cached(doc, "quotes", make)
