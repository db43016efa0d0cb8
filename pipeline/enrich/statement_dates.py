"""When a statement was made: explicit dates, weekdays and relative words.

News reports date statements loosely ("said on Thursday", "Wednesday
evening", "last Sunday"); these resolve against the publication date to the
most recent such day on or before it, as news usage means.  Only the
attribution part of the context counts: dates inside quoted text belong to
what was said, not to when it was said.

The word lists live in ``pipeline/data/dates.yaml``.  One compiled regular
expression finds every candidate phrase, so a context without a date costs a
single regex scan (tens of thousands of calls per second).  The phrases the
regex accepts are fully structured (day, month, optional year; or a weekday),
so they are resolved by arithmetic rather than handed to dateparser, which is
slow and over-eager ("may", "now", "March" in names).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from functools import lru_cache

from pipeline.datafiles import load_data

EXPLICIT = "explicit"
RELATIVE = "relative"
PUBLISHED = "published"

# Quoted spans in every common quote style.  Single quotes only count when the
# opening mark starts a word and the closing one ends it, so apostrophes
# ("Iran's", "it’s") are left alone.
_QUOTED = re.compile(
    r"“[^”]*”"
    r'|"[^"\n]*"'
    r"|«[^»]*»"
    r"|(?<![\w’'])‘[^’]*’(?![\w])"
    r"|(?<![\w’'])'[^'\n]*'(?!\w)"
)


@dataclass(frozen=True)
class _Lexicon:
    pattern: re.Pattern[str]
    weekdays: dict[str, int]  # lower-case name -> weekday number (Monday 0)
    months: dict[str, int]  # lower-case name or abbreviation -> month number
    relative_days: dict[str, int]
    weekday_blockers: frozenset[str]
    future_markers: frozenset[str]
    max_explicit_age: timedelta
    max_yearless_age: timedelta


def _alternation(words: list[str]) -> str:
    # Longest first so "Thursday" wins over "Thu" and "last night" over "last".
    return "|".join(re.escape(w) for w in sorted(set(words), key=len, reverse=True))


def _capitalised(words: list[str]) -> list[str]:
    # Weekdays and months are capitalised in news prose; matching only the
    # capitalised forms keeps "may", "march" and "sun" as verbs and nouns out.
    return [w[:1].upper() + w[1:] for w in words] + [w.upper() for w in words if len(w) > 3]


@lru_cache(maxsize=1)
def _lexicon() -> _Lexicon:
    data = load_data("dates.yaml")
    weekdays: dict[str, int] = {}
    for number, (_, names) in enumerate(data["weekdays"].items()):
        for name in names:
            weekdays[name.lower()] = number
    months = {name.lower(): int(number) for number, names in data["months"].items() for name in names}
    relative = {k.lower(): int(v) for k, v in data["relative_days"].items()}
    # Weekdays alone are matched by full name only: abbreviations ("Sun",
    # "Sat", "Wed") are too often other words.
    full_weekdays = [names[0] for names in data["weekdays"].values()]
    month_names = _alternation(_capitalised(list(months)))
    day = r"(?P<{}>[0-3]?\d)(?:st|nd|rd|th)?"
    year = r"(?:,?\s+(?P<{}>(?:19|20)\d\d))?"
    pattern = re.compile(
        "|".join(
            [
                r"\b(?P<iso_y>(?:19|20)\d\d)-(?P<iso_m>[01]\d)-(?P<iso_d>[0-3]\d)\b",
                r"\b" + day.format("dm_d") + r"\s+(?:of\s+)?(?P<dm_m>" + month_names + r")\b\.?"
                + year.format("dm_y") + r"(?!\d)",
                r"\b(?P<md_m>" + month_names + r")\b\.?\s+" + day.format("md_d") + r"\b"
                + year.format("md_y") + r"(?!\d)",
                r"\b(?P<wd>" + _alternation(_capitalised(full_weekdays)) + r")\b",
                r"\b(?P<rel>" + _alternation(list(relative)) + r")\b",
            ]
        ),
    )
    return _Lexicon(
        pattern=pattern,
        weekdays=weekdays,
        months=months,
        relative_days=relative,
        weekday_blockers=frozenset(w.lower() for w in data["weekday_blockers"]),
        future_markers=frozenset(w.lower() for w in data["future_markers"]),
        max_explicit_age=timedelta(days=int(data["max_explicit_age_days"])),
        max_yearless_age=timedelta(days=int(data["max_yearless_age_days"])),
    )


def mask_quotes(text: str) -> str:
    """``text`` with every quoted span blanked out (same length, so offsets hold)."""
    return _QUOTED.sub(lambda m: " " * len(m.group(0)), text)


def _previous_word(text: str, start: int) -> str:
    match = re.search(r"(\S+)\s*$", text[max(0, start - 30) : start])
    if not match:
        return ""
    word = match.group(1).lower()
    if word.endswith(("'s", "’s")):
        return "'s"
    return word.strip(",;:()")


def _most_recent_weekday(weekday: int, published: date) -> date:
    return published - timedelta(days=(published.weekday() - weekday) % 7)


def _explicit(day: int, month: int, year: int | None, published: date | None, lex: _Lexicon) -> date | None:
    try:
        if year is None:
            if published is None:
                return None
            found = date(published.year, month, day)
            if found > published:  # "February 6" in a March article, or last year's December
                found = date(published.year - 1, month, day)
            if published - found > lex.max_yearless_age:
                return None
        else:
            found = date(year, month, day)
    except ValueError:  # "31 February"
        return None
    if published is not None and (found > published or published - found > lex.max_explicit_age):
        return None
    return found


def _resolve(match: re.Match[str], text: str, published: date | None, lex: _Lexicon) -> tuple[date | None, str] | None:
    """The date a candidate phrase stands for, or None when it is not a statement date."""
    g = match.groupdict()
    before = _previous_word(text, match.start())
    if before in lex.future_markers:
        return None
    if g["iso_y"]:
        found = _explicit(int(g["iso_d"]), int(g["iso_m"]), int(g["iso_y"]), published, lex)
        return (found, EXPLICIT) if found else None
    for prefix in ("dm", "md"):
        if g[f"{prefix}_m"]:
            year = g[f"{prefix}_y"]
            found = _explicit(
                int(g[f"{prefix}_d"]), lex.months[g[f"{prefix}_m"].lower()], int(year) if year else None, published, lex
            )
            return (found, EXPLICIT) if found else None
    if published is None:  # a weekday or "yesterday" needs the publication date
        return None
    if g["wd"]:
        if before in lex.weekday_blockers:
            return None
        return _most_recent_weekday(lex.weekdays[g["wd"].lower()], published), RELATIVE
    return published + timedelta(days=lex.relative_days[g["rel"].lower()]), RELATIVE


def resolve_statement_date(context: str, published_date: date | None) -> tuple[date | None, str]:
    """(date, basis) of the statement whose attribution is ``context``.

    basis is ``explicit`` (a full date in the attribution), ``relative`` (a
    weekday or "yesterday" resolved against ``published_date``) or
    ``published`` (no usable date: the publication date itself, maybe None).
    Never returns a date after ``published_date``.
    """
    lex = _lexicon()
    if context:
        text = mask_quotes(context)
        for match in lex.pattern.finditer(text):
            resolved = _resolve(match, text, published_date, lex)
            if resolved is not None:
                return resolved
    return published_date, PUBLISHED
