"""One raw file in, its articles (SourceRecords) and problems (IngestErrors) out."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.ingest.decode import NotText, decode_bytes, normalise_text
from pipeline.ingest.files import (
    MAX_BYTES,
    MAX_CHARS,
    ChangedWhileRead,
    FileRead,
    NotARegularFile,
    content_id,
    read_consistent,
    stored_name,
)
from pipeline.ingest.header import parse_header
from pipeline.ingest.html import html_article, looks_like_html
from pipeline.ingest.jsonfile import read_json
from pipeline.records import IngestError, SourceRecord
from pipeline.schemas import EARLIEST_DATE, LATEST_DATE

Result = tuple[list[SourceRecord], list[IngestError]]
SUFFIX_FORMATS = {
    ".html": "html", ".htm": "html", ".xhtml": "html", ".shtml": "html",
    ".json": "json", ".jsonl": "jsonl", ".ndjson": "jsonl", ".jl": "jsonl",
}


@dataclass
class FileResult:
    """What reading one file gave: its articles, its problems, and the version of
    the file they were read from (None when nothing could be read)."""

    records: list[SourceRecord] = field(default_factory=list)
    errors: list[IngestError] = field(default_factory=list)
    read: FileRead | None = None
    # The error may pass without the file changing (it was being rewritten, its permissions
    # are fixed later: chmod leaves size and mtime alone), so it is read again next run.
    retry: bool = False


def read_source(path: Path, raw_dir: Path, limit: int = MAX_BYTES) -> Result:
    """Read one raw file of any supported kind; never raises for bad input.

    Every article found becomes a SourceRecord; every file or record that
    cannot become one becomes an IngestError. A file larger than ``limit``
    bytes is read up to the limit: its document is flagged ``truncated`` and
    an error row of kind ``truncated`` says what was left out.
    """
    result = read_file(Path(path), Path(raw_dir), limit)
    return result.records, result.errors


def read_file(path: Path, raw_dir: Path, limit: int = MAX_BYTES) -> FileResult:
    """``read_source`` with the state of the file that was read (see ``files.read_consistent``)."""
    rel = relative_name(path, raw_dir)
    try:
        read = read_consistent(path, limit)
    except OSError as err:
        return FileResult(errors=[IngestError(rel, *unreadable(path, err))],
                          retry=isinstance(err, ChangedWhileRead | PermissionError))
    records, errors = read_bytes(rel, path, read.data, read.size)
    for record in records:
        record.published_date = in_range_date(record, errors)
        cap_text(record, errors)
    return FileResult(records, errors, read)


def read_bytes(rel: str, path: Path, data: bytes, size: int) -> Result:
    truncated = size > len(data)
    try:
        text, encoding = decode_bytes(data, truncated)
    except NotText as err:
        return [], [IngestError(rel, err.kind, str(err))]
    text = normalise_text(text)
    if not text.strip():
        return [], [IngestError(rel, "empty", f"no text in {size} bytes")]
    try:
        records, errors = read_text(rel, path, text, data, truncated)
    except Exception as err:  # noqa: BLE001 - a parser bug on one odd file must not stop the run
        return [], [IngestError(rel, "parse_error", f"{type(err).__name__}: {err}")]
    if truncated:
        errors.append(IngestError(rel, "truncated", truncation_message(len(data), size)))
    for record in records:
        record.truncated = truncated
    return records, errors


def cap_text(record: SourceRecord, errors: list[IngestError], limit: int = MAX_CHARS) -> None:
    """Cut an article text longer than ``limit`` characters at the last paragraph break
    before it (or at the limit), flag the record truncated and say so in an error row:
    extraction's memory grows with a document's length (a 1,000,000-character text took
    3.7 GB), and spaCy would cut it anyway, silently."""
    if len(record.text) <= limit:
        return
    cut = record.text.rfind("\n", 0, limit)
    kept = record.text[: cut if cut > limit // 2 else limit]
    errors.append(IngestError(record.source_path, "truncated", (
        f"the article text is {len(record.text):,} characters; only the first {len(kept):,} are kept (the text "
        f"limit, pipeline/ingest/files.py MAX_CHARS: longer texts are dumps, not articles)"),
        record_index=record.record_index))
    record.text, record.truncated = kept, True


def in_range_date(record: SourceRecord, errors: list[IngestError]):
    """The record's date if the warehouse can hold it; else None, and an error row says so."""
    found = record.published_date
    if found is None or EARLIEST_DATE <= found <= LATEST_DATE:
        return found
    errors.append(IngestError(record.source_path, "date_out_of_range", (
        f"published date {found.isoformat()} is outside {EARLIEST_DATE} to {LATEST_DATE}, the dates the "
        "warehouse can hold: the document is stored without a date"), record_index=record.record_index))
    return None


def read_text(rel: str, path: Path, text: str, data: bytes, truncated: bool) -> Result:
    fmt = detect_format(path, text)
    if fmt == "html":
        return read_html(rel, text, data)
    if fmt in ("json", "jsonl"):
        records, errors = read_json(rel, fmt, text, truncated)
        if records or path.suffix.lower() in SUFFIX_FORMATS:
            return records, errors
        # A text file that merely starts with "{" or "[" is read as text.
    return read_plain(rel, text, data)


def relative_name(path: Path, raw_dir: Path) -> str:
    try:
        return stored_name(path, raw_dir)
    except ValueError:
        return path.as_posix()


def unreadable(path: Path, err: OSError) -> tuple[str, str]:
    """(error kind, message) for a file that could not be read."""
    if isinstance(err, NotARegularFile):
        return "not_a_file", str(err)
    if isinstance(err, ChangedWhileRead):
        return "changing", f"{err}, twice: left to the next run"
    if isinstance(err, FileNotFoundError) and os.path.islink(path):
        return "dangling_link", f"a symbolic link to {os.readlink(path)!r}, which does not exist"
    if isinstance(err, FileNotFoundError):
        return "unreadable", "the file disappeared before it could be read"
    if isinstance(err, IsADirectoryError):
        return "unreadable", "a directory, not a file"
    if isinstance(err, PermissionError):
        return "unreadable", "permission denied"
    return "unreadable", f"{type(err).__name__}: {err.strerror or err}"


def truncation_message(read: int, size: int) -> str:
    return (
        f"file is {size:,} bytes; only the first {read:,} were read (the read limit), "
        f"the last {size - read:,} bytes are not in the document"
    )


def detect_format(path: Path, text: str) -> str:
    """By file extension, else by content (a .txt holding HTML is HTML)."""
    if fmt := SUFFIX_FORMATS.get(path.suffix.lower()):
        return fmt
    if looks_like_html(text):
        return "html"
    head = text.lstrip()[:1]
    if head in ("{", "["):
        return "json"
    return "txt"


def read_plain(rel: str, text: str, data: bytes) -> Result:
    meta, body = parse_header(text)
    if not body.strip():
        return [], [IngestError(rel, "empty", "only a metadata header, no article text")]
    record = SourceRecord(
        doc_id=content_id(data), source_path=rel, source_format="txt",
        text=body.strip("\n"), raw_chars=len(text), **meta,
    )
    return [record], []


def read_html(rel: str, text: str, data: bytes) -> Result:
    fields = html_article(text)
    if fields is None:
        return [], [IngestError(rel, "no_text", "HTML page without article text")]
    fields["text"] = normalise_text(fields["text"]).strip("\n")
    record = SourceRecord(
        doc_id=content_id(data), source_path=rel, source_format="html", raw_chars=len(text), **fields
    )
    return [record], []

