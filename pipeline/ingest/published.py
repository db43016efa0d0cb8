"""Publication dates from metadata values (ISO strings, "July 18, 2019", ...)."""
from __future__ import annotations

import re
from datetime import date, datetime

import dateparser

ISO_PREFIX = re.compile(r"^\s*(\d{4})-(\d{2})-(\d{2})")


def parse_date(value) -> date | None:
    """A date from a metadata value, or None when it does not hold one."""
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
    parsed = dateparser.parse(value, settings={"STRICT_PARSING": True, "PREFER_DAY_OF_MONTH": "first"})
    return parsed.date() if parsed else None
