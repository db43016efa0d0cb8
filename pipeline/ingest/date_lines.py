"""The line of a page that states its date: "Published on 3 March 2016 by teleSUR.",
"Publish date19 Sep 2023 - 12:10", "publié le 05/01/2016", "Politics | March 5, 2019",
"Posted by admin on March 5, 2019". Cue and byline words, per language, are in
``pipeline/data/dates.yaml``; dates are read as published.parse_any_date reads them
(no relative dates, no day-and-month guess, no timestamps).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from pipeline.datafiles import load_data
from pipeline.ingest.published import TEXT_PARSERS, in_range, parse_any_date


@dataclass(frozen=True)
class Cues:
    pattern: re.Pattern  # a cue word or phrase, in group "cue"
    meaning: dict[str, tuple[tuple[str, ...], str]]  # casefolded cue -> (its languages, "published"/"updated")


@lru_cache(maxsize=1)
def _cues() -> Cues:
    meaning: dict[str, tuple[tuple[str, ...], str]] = {}
    for language, kinds in load_data("dates.yaml")["publication_cues"].items():
        for kind, words in kinds.items():
            for word in words:
                languages, _ = meaning.get(word.casefold(), ((), kind))
                meaning[word.casefold()] = ((*languages, language), kind)  # "publicado": es and pt
    # Longest first: "published on" before "published", "date de publication" before "date".
    alternation = "|".join(re.escape(w) for w in sorted(meaning, key=len, reverse=True))
    return Cues(re.compile(rf"(?:^|(?<=[\s|•·,;]))(?P<cue>{alternation})(?=[\s:\d]|$)\s*:?\s*",
                           re.IGNORECASE), meaning)


EDGE_PUNCTUATION = " \t-–—•·|"
# What divides a date line into parts ("Politics | March 5, 2019", "By Jane Doe · 5 March
# 2019", "Home / World / 5 March 2019"); "/" only between spaces, not inside 05/01/2016.
# Dashes are left alone: "12 July 2015 – Talks end in Vienna" is a timeline's entry.
SEPARATOR = re.compile(r"\s+/\s+|\s*[|•·]\s*")
# Every part is a label, a name or a short date ("Politics", "By Jane Doe", "10:32 AM",
# "March 5, 2019"), not words of the article, or it opens with a cue ("Updated 3 years
# ago"). A long date beside navigation is the site's date of the day the page was
# captured, not the article's ("Thursday, March 28, 2024 | Back issues" over a 2016 story).
LABEL_WORDS = 3


def stated_date(line: str, max_words: int | None = None) -> date | None:
    """The date a short line states for its page, or None.

    Either the line is nothing but a date ("July 18, 2019 at 2:51 am", read in
    English), or it opens with a cue of ``dates.yaml`` (publication_cues), in
    whose languages the date after it is read; words after that date ("by
    teleSUR.", "| Updated ...") are left out. A line opening with an update cue
    that names the publication further on gives the publication date. Failing
    that, a line of parts (between separators) that are labels, names or cued,
    one of them such a date; or a line that ends with a publication cue and a
    date ("This is an archive article published on November 7, 2010"); or a
    byline or cued line that ends with a date ("Posted by admin on March 5, 2019").

    A line of more than ``max_words`` words may hold prose after its date ("UPDATED
    June 15, 2024 -- As COVID drove ..."): only its parts are read, each at most
    ``max_words`` long ("Published: May. 20, 2021 at 6:52 AM EDT|Updated: 50 minutes ago").
    """
    short = max_words is None or len(line.split()) <= max_words
    if short and (day := cued_or_bare_date(line) or closing_cued_date(line) or closing_date(line)):
        return day
    parts = [part.strip(EDGE_PUNCTUATION) for part in SEPARATOR.split(line)]
    parts = [part for part in parts if part]
    if len(parts) < 2 or not all(is_label_or_cued(part, max_words) for part in parts):
        return None
    return next((day for part in parts if (day := cued_or_bare_date(part))), None)


def is_label_or_cued(part: str, max_words: int | None) -> bool:
    words = len(part.split())
    return words <= LABEL_WORDS or (_cues().pattern.match(part) is not None and (max_words is None or words <= max_words))


def cued_or_bare_date(line: str) -> date | None:
    cues, text = _cues(), line.strip(EDGE_PUNCTUATION)
    if cues.pattern.match(text) is None:
        return in_range(parse_any_date(text, ("en",), TEXT_PARSERS))
    found = [(cues.meaning[m.group("cue").casefold()], m.end()) for m in cues.pattern.finditer(text)]
    found.sort(key=lambda item: item[0][1] != "published")  # stable: the first publication cue first
    for (languages, _), start in found:
        if day := leading_date(text[start:], languages):
            return day
    return None


def closing_cued_date(line: str) -> date | None:
    """A publication cue of two words or more inside the line, and nothing but a date after it."""
    cues = _cues()
    for m in cues.pattern.finditer(line):
        languages, kind = cues.meaning[m.group("cue").casefold()]
        if m.start() > 0 and kind == "published" and " " in m.group("cue").strip():
            if day := in_range(parse_any_date(line[m.end():].strip(EDGE_PUNCTUATION), languages, TEXT_PARSERS)):
                return day
    return None


@lru_cache(maxsize=1)
def _byline_openers() -> tuple[re.Pattern, dict[str, tuple[str, ...]]]:
    languages: dict[str, tuple[str, ...]] = {}
    for language, words in load_data("dates.yaml")["byline_openers"].items():
        for word in words:
            languages[word.casefold()] = (*languages.get(word.casefold(), ()), language)
    alternation = "|".join(re.escape(w) for w in sorted(languages, key=len, reverse=True))
    return re.compile(rf"(?P<opener>{alternation})\b", re.IGNORECASE), languages


def closing_date(line: str) -> date | None:
    """The date that closes a line opening with a byline word or a publication cue: its
    last words, at most 8, that parse as one ("By Jane Doe, 5 March 2019 10:32")."""
    text = line.strip(EDGE_PUNCTUATION)
    pattern, openers = _byline_openers()
    if m := pattern.match(text):
        languages = openers[m.group("opener").casefold()]
    elif m := _cues().pattern.match(text):
        languages = _cues().meaning[m.group("cue").casefold()][0]
    else:
        return None
    words = text[m.end():].split()
    for start in range(max(1, len(words) - 8), len(words)):  # longest first; never the whole rest
        if day := in_range(parse_any_date(" ".join(words[start:]), languages, TEXT_PARSERS)):
            return day
    return None


def leading_date(text: str, languages: tuple[str, ...]) -> date | None:
    """The date at the start of ``text``: its longest run of words that parses as one."""
    words = text.split()
    for end in range(min(len(words), 8), 0, -1):
        if day := in_range(parse_any_date(" ".join(words[:end]).rstrip(",;|"), languages, TEXT_PARSERS)):
            return day
    return None
