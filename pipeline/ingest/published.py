"""Publication dates: from metadata values (ISO strings, "July 18, 2019", ...) and from
a page's address (/2019/08/31/); a line of the page that states its date is read by
``date_lines``.

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
    """``found`` if the warehouse can store it and the day has come (a page is not
    published after the day it is read: "3 March 2030" is a typo or an event to come)."""
    return found if found is None or EARLIEST_DATE <= found <= min(LATEST_DATE, date.today()) else None


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
