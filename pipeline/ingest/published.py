"""Publication dates: from metadata values (ISO strings, "July 18, 2019", ...), from
a line that states the page's date ("Published on 3 March 2016 by teleSUR."), and
from a page's address (/2019/08/31/).

No date is better than a wrong one: relative dates ("2 hours ago", "Yesterday")
have no anchor in a capture and give none, nor do numeric dates whose day and
month could be either way round in English ("05/01/2016").
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

from pipeline.datafiles import load_data
from pipeline.schemas import EARLIEST_DATE, LATEST_DATE

ISO_PREFIX = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")
# dateparser's parsers without "relative-time": "2 hours ago" is a date only
# against the time the page was captured, which a capture does not record.
METADATA_PARSERS = ["timestamp", "custom-formats", "absolute-time"]
# In a page's text a bare number is never a timestamp ("Story Code : 1607414").
TEXT_PARSERS = ["custom-formats", "absolute-time"]
# Day and month both under 13 ("05/01/2016"): May or January depends on the site;
# with dots ("09.12.2023") the day comes first wherever the shape is written.
NUMERIC_DATE = re.compile(r"(?<!\d)(\d{1,2})([./-])(\d{1,2})\2(\d{2}|\d{4})(?!\d)")
DAY_FIRST_LANGUAGES_UNSURE = {"en"}  # English sites write both orders


def parse_date(value, languages: tuple[str, ...] | None = None) -> date | None:
    """A date from a metadata value, or None when it holds none the warehouse can
    store (a dateline's "9999" is a typo, not a date). ``languages``: the dateparser
    languages to try (default all of them)."""
    found = parse_any_date(value, languages)
    return in_range(found)


def in_range(found: date | None) -> date | None:
    return found if found is None or EARLIEST_DATE <= found <= LATEST_DATE else None


def parse_any_date(value, languages: tuple[str, ...] | None = None,
                   parsers: list[str] = METADATA_PARSERS) -> date | None:
    """A date from a metadata value, whatever its year, or None when it does not hold one.
    The readers of raw files use it to report dates out of range (reader.in_range_date)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if not isinstance(value, str) or not value.strip():
        return None
    if m := ISO_PREFIX.match(value):
        try:
            return date(*map(int, m.groups()))
        except ValueError:
            return None
    settings = {"STRICT_PARSING": True, "PREFER_DAY_OF_MONTH": "first", "PARSERS": parsers}
    if (order := numeric_order(value, languages)) == "ambiguous":
        return None
    if order:
        settings["DATE_ORDER"] = order
    import dateparser  # here, not at the top: a run with nothing to read or clean never pays its import

    parsed = dateparser.parse(value, languages=list(languages) if languages else None, settings=settings)
    return parsed.date() if parsed else None


def numeric_order(value: str, languages: tuple[str, ...] | None) -> str | None:
    """For a numeric date: "DMY" when dotted, "ambiguous" when read in English (or in no
    known language) with a day and month that could swap ("05/01/2016"), else None."""
    m = NUMERIC_DATE.search(value)
    if m is None:
        return None
    if m.group(2) == ".":
        return "DMY"
    if languages and not DAY_FIRST_LANGUAGES_UNSURE.intersection(languages):
        return None
    first, second = int(m.group(1)), int(m.group(3))
    return "ambiguous" if first != second and first <= 12 and second <= 12 else None


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


# Shapes of a date in a page's address. Segments: /2019/8/31/, /2019/may/07/.
# Eight digits (/20180814/, /20150212-deal), or eight and a time of day
# (/201510131810.html): more digits after them make an article number that
# merely starts like a date. Day, month abbreviation, two-digit year: aid_01jul15_e.
URL_DIGITS = re.compile(r"(?<![\d])((?:19|20)\d\d)([01]\d)([0-3]\d)(?:[0-2]\d[0-5]\d(?:[0-5]\d)?)?(?!\d)")
URL_HYPHENS = re.compile(r"(?<![\d])((?:19|20)\d\d)-([01]\d)-([0-3]\d)(?!\d)")


@dataclass(frozen=True)
class UrlShapes:
    segments: re.Pattern  # year, month (number or name), day
    short: re.Pattern  # day, month abbreviation, two-digit year
    months: dict[str, int]  # casefolded month name or abbreviation -> number


@lru_cache(maxsize=1)
def _url_shapes() -> UrlShapes:
    months = {name.casefold(): int(number) for number, names in load_data("dates.yaml")["months"].items()
              for name in names}
    months |= {name[:3]: number for name, number in months.items()}
    names = "|".join(sorted(months, key=len, reverse=True))
    return UrlShapes(
        re.compile(rf"/((?:19|20)\d\d)/([01]?\d|{names})/([0-3]?\d)(?=/|$|[-_.])", re.IGNORECASE),
        re.compile(rf"(?<![a-z0-9])([0-3]\d)({names})(\d\d)(?![a-z0-9])", re.IGNORECASE),
        months,
    )


def url_date(url: str | None) -> date | None:
    """The publication date a page's address gives, or None (/2024/01/ names no day).
    Only the path is read: a host or query holds numbers that are not dates."""
    if not url:
        return None
    from urllib.parse import urlparse

    path, shapes = urlparse(url).path, _url_shapes()
    for m in shapes.segments.finditer(path):
        year, month, day = m.groups()
        if found := in_range(valid_date(int(year), shapes.months.get(month.casefold()) or int(month), int(day))):
            return found
    for shape in (URL_HYPHENS, URL_DIGITS):
        for m in shape.finditer(path):
            if found := in_range(valid_date(*map(int, m.groups()))):
                return found
    if m := shapes.short.search(path):
        return in_range(valid_date(2000 + int(m.group(3)), shapes.months[m.group(2).casefold()], int(m.group(1))))
    return None


def valid_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None
