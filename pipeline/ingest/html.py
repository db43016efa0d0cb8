"""Saved HTML pages: main text and metadata through trafilatura."""
from __future__ import annotations

from pipeline.ingest.published import parse_any_date

# The page's date from its markup (meta tags, <time>, structured data, the url) only:
# htmldate's extensive search reads dates out of the text too, and took a footer's
# "© 2021" for 2021-01-01. A date the text states is the cleaning's dateline.
DATE_PARAMS = {"extensive_search": False, "original_date": True}


def html_article(html: str) -> dict | None:
    """The article in an HTML page as SourceRecord fields, or None if there is none.

    trafilatura drops scripts, styles, navigation and comments; its text has
    one paragraph per line.
    """
    import trafilatura  # here, not at the top: a run without HTML to read never pays its import (0.2 s)

    doc = trafilatura.bare_extraction(
        html, with_metadata=True, include_comments=False, include_tables=False, deduplicate=False,
        date_extraction_params=DATE_PARAMS,
    )
    if doc is None or not (doc.text or "").strip():
        return None
    return {
        "text": doc.text,
        "title": doc.title or None,
        "byline": doc.author or None,
        "outlet": doc.sitename or None,
        "url": doc.url or None,
        "published_date": parse_any_date(doc.date),
    }


def looks_like_html(text: str) -> bool:
    head = text[:2048].lstrip().lower()
    return head.startswith(("<!doctype html", "<html")) or ("<body" in head and "</" in head)
