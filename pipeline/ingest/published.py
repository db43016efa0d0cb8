"""Publication dates from metadata values (ISO strings, "July 18, 2019", ...)."""
from __future__ import annotations

import re
from datetime import date, datetime

from pipeline.schemas import EARLIEST_DATE, LATEST_DATE

ISO_PREFIX = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")


def parse_date(value, languages: tuple[str, ...] | None = None) -> date | None:
    """A date from a metadata value, or None when it holds none the warehouse can
    store (a dateline's "9999" is a typo, not a date). ``languages``: the dateparser
    languages to try (default all of them)."""
    found = parse_any_date(value, languages)
    return found if found is None or EARLIEST_DATE <= found <= LATEST_DATE else None


def parse_any_date(value, languages: tuple[str, ...] | None = None) -> date | None:
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
    import dateparser  # here, not at the top: a run with nothing to read or clean never pays its import

    parsed = dateparser.parse(value, languages=list(languages) if languages else None,
                              settings={"STRICT_PARSING": True, "PREFER_DAY_OF_MONTH": "first"})
    return parsed.date() if parsed else None
