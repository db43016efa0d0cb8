"""What one line of a plain-text capture is: page furniture, metadata or body.

Each function looks at a single stripped line and answers with a removal
reason (and, for metadata lines, the value they carry) or None.
"""
from __future__ import annotations

import re
from datetime import date

from pipeline.clean.rules import Rules
from pipeline.ingest.date_lines import stated_date

# A sentence ends with one of these, possibly followed by closing quotes or brackets.
SENTENCE_END = re.compile(r"[.!:;,…]['\"’”)\]]*$")
HAS_DIGIT = re.compile(r"\d")


def word_count(line: str) -> int:
    return len(line.split())


def is_headline_like(line: str, max_words: int) -> bool:
    """Short and not ending like a sentence: a title, heading or link text.

    Used only where context already says headlines are expected (the top of
    a capture, after a "Related" heading), never to drop body lines alone.
    """
    return word_count(line) <= max_words and not SENTENCE_END.search(line)


def furniture_reason(line: str, rules: Rules) -> str | None:
    """The reason a line is page furniture wherever it stands, or None."""
    return next((reason for reason, p in rules.line_rules if p.fullmatch(line)), None)


def is_related_heading(line: str, rules: Rules) -> bool:
    return any(p.fullmatch(line) for p in rules.related_sections)


def byline_of(line: str, rules: Rules) -> str | None:
    if word_count(line) > rules.byline_max_words:
        return None
    m = next((m for p in rules.bylines if (m := p.fullmatch(line))), None)
    return m.group("byline").strip() if m else None


def dateline_of(line: str, rules: Rules) -> date | None:
    """The date of a short line that states the page's date ("July 18, 2019 at 2:51 am",
    "Published on 3 March 2016 by teleSUR."; date_lines.stated_date), or of a longer
    one made of such parts ("Published: May. 20, 2021 at 6:52 AM EDT|Updated: ...")."""
    if not HAS_DIGIT.search(line):
        return None
    return stated_date(line, rules.dateline_max_words)


def tagline_outlet(line: str, rules: Rules) -> str | None:
    """For a site tagline, the outlet it names ("" when unknown); None otherwise."""
    if (outlet := rules.taglines.get(line.casefold())) is not None:
        return outlet
    return "" if any(p.fullmatch(line) for p in rules.tagline_patterns) else None
