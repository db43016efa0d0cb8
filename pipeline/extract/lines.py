"""Lines that hold no statement: headlines, related-article lists, boilerplate."""
from __future__ import annotations

import re

from pipeline.extract.lexicon import Lexicon

TERMINAL = ".?!:;…"
QUOTE_MARKS = "“”‘’\"'«»"


def is_headline(line: str, max_tokens: int) -> bool:
    """A short line that does not end a sentence: a headline or a crosshead."""
    core = line.strip().strip(QUOTE_MARKS).strip()
    return bool(core) and core[-1] not in TERMINAL and len(core.split()) <= max_tokens


def skipped_ranges(text: str, lex: Lexicon, headlines: bool = True) -> list[tuple[int, int]]:
    """Char ranges of lines that must not yield claims: boilerplate, and headlines
    unless ``headlines`` is False (a "Speaker: statement" headline is attributed)."""
    limit = lex.limits["headline_max_tokens"]
    ranges = []
    for m in re.finditer(r"[^\n]+", text):
        line = m.group()
        if (headlines and is_headline(line, limit)) or any(p.search(line) for p in lex.boilerplate):
            ranges.append((m.start(), m.end()))
    return ranges


def in_ranges(pos: int, ranges: list[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in ranges)
