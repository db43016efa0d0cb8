"""From a SourceRecord to a CleanedDocument: body, audit trail and metadata."""
from __future__ import annotations

from urllib.parse import urlparse

from pipeline.clean.furniture import sort_lines
from pipeline.clean.language import detect_language
from pipeline.clean.rules import Rules, load_rules
from pipeline.ingest.published import url_date
from pipeline.records import CleanedDocument, SourceRecord

# Paragraphs of the cleaned text are separated by a blank line: extraction
# relies on paragraph breaks, and no quote spans one.
PARAGRAPH_BREAK = "\n\n"
EXTRACTABLE_LANGUAGES = {"en"}


def clean_article(record: SourceRecord, rules: Rules | None = None,
                  repeated: frozenset[str] = frozenset()) -> CleanedDocument:
    """Remove page furniture, keeping every line of the article word for word.

    Each removed line is listed with its reason; title, byline, dateline and
    tagline lines become metadata, and the record's own metadata (file
    header, HTML meta, JSON fields) wins over what the text says; a date in
    the url comes last (annotators take it only where the page states none).
    ``repeated`` holds the keys of lines that recur on the record's site
    (``repetition.repeated_lines``).
    """
    rules = rules or load_rules()
    found = sort_lines(record.text, record.title, rules, record.source_format == "txt", repeated)
    text = PARAGRAPH_BREAK.join(found.body)
    return CleanedDocument(
        doc_id=record.doc_id,
        source_path=record.source_path,
        source_format=record.source_format,
        text=text,
        raw_chars=record.raw_chars,
        clean_chars=len(text),
        language=detect_language(text or record.title or found.title or ""),
        title=record.title or found.title,
        outlet=record.outlet or found.outlet or domain_of(record.url),
        byline=record.byline or found.byline,
        url=record.url,
        published_date=record.published_date or found.published_date or url_date(record.url),
        removed_lines=found.removed,
    )


def domain_of(url: str | None) -> str | None:
    """"www.aljazeera.com" -> "aljazeera.com": the outlet when nothing else names it."""
    host = urlparse(url).hostname if url else None
    return host.removeprefix("www.") if host else None


def extraction_skip_reason(text: str, language: str | None) -> str | None:
    """Why claim extraction should not run on a cleaned text, or None if it should."""
    if not text.strip():
        return "no article text left after cleaning"
    if language not in EXTRACTABLE_LANGUAGES:
        return f"language is {language!r}; extraction handles English only"
    return None

