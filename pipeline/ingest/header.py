"""The metadata header some plain-text captures start with.

Two shapes are understood:
- one line ``date 2025-03-28 <title>`` (as the sample corpus is saved; web
  captures also write ``date 2019-02``, a month, which dates nothing); web
  captures put the date before the first paragraph the same way, so a rest of
  the line that reads as prose stays in the body and is no title;
- ``key: value`` lines (``title:``, ``source:``/``url:``, ``date:``,
  ``author:``/``byline:``, ``outlet:``/``site:``) at the top of the file,
  ended by a blank line or the first line that is not such a key.
"""
from __future__ import annotations

import re

from pipeline.ingest.published import parse_any_date

# The capture's date: a day, or only a month ("date 2019-02 FILE PHOTO: ..."), which
# dates nothing but is the header all the same.
DATE_TITLE = re.compile(r"^\s*date\s+(\d{4}-\d{2}(?:-\d{2})?)\s+(.+?)\s*$", re.IGNORECASE)
URL = re.compile(r"^(https?://|www\.)", re.IGNORECASE)
KEY_VALUE = re.compile(r"^\s*([A-Za-z_]+)\s*:\s*(.*?)\s*$")
KEYS = {
    "title": "title", "headline": "title",
    "source": "url", "url": "url", "link": "url",
    "date": "published_date", "published": "published_date", "date_publish": "published_date",
    "published_date": "published_date", "publish_date": "published_date", "date_published": "published_date",
    "publication_date": "published_date", "pubdate": "published_date", "published_at": "published_date",
    "author": "byline", "authors": "byline", "byline": "byline",
    "outlet": "outlet", "site": "outlet", "sitename": "outlet", "publication": "outlet",
}


def parse_header(text: str) -> tuple[dict, str]:
    """(metadata, body): the header's fields and the text after it.

    Metadata keys are SourceRecord field names; the body keeps every line
    that is not part of the header.
    """
    lines = text.split("\n")
    first = next((i for i, line in enumerate(lines) if line.strip()), None)
    if first is None:
        return {}, text
    if m := DATE_TITLE.match(lines[first]):
        meta = {"published_date": parse_any_date(m.group(1)) if len(m.group(1)) == 10 else None}
        if reads_as_prose(m.group(2)):  # the article's first paragraph: its statements must reach extraction
            return meta, "\n".join([m.group(2), *lines[first + 1 :]])
        return meta | {"title": m.group(2)}, "\n".join(lines[first + 1 :])
    return key_value_header(lines, first)


def reads_as_prose(line: str) -> bool:
    """A sentence, not a headline: long, or a dozen words ending as a sentence ends.

    Headlines run to about 15 words and seldom end with a full stop; a first
    paragraph is a sentence or two."""
    words = len(line.split())
    return words > 25 or (words >= 12 and line.rstrip().endswith((".", '."', ".”", ".’")))


def key_value_header(lines: list[str], first: int) -> tuple[dict, str]:
    meta: dict = {}
    end = first
    for end in range(first, len(lines)):
        m = KEY_VALUE.match(lines[end])
        if not m or m.group(1).lower() not in KEYS or not m.group(2):
            break
        field = KEYS[m.group(1).lower()]
        if field == "url" and not URL.match(m.group(2)):
            field = "outlet"  # "source: Reuters" names the outlet, not a link
        meta[field] = parse_any_date(m.group(2)) if field == "published_date" else m.group(2)
    else:
        end = len(lines)
    # A lone "Title: ..." could be body text; a header needs two keys.
    if len(meta) < 2:
        return {}, "\n".join(lines)
    return meta, "\n".join(lines[end:])


