"""A JSON or JSON Lines file to SourceRecords, one per article record.

A single object keeps the file's path as source_path; every record of a
file holding a list or lines is named ``file#<index>`` (0-based position in
the list, or among the non-blank lines), so names do not depend on how many
records turned out readable.
"""
from __future__ import annotations

from pipeline.ingest.decode import normalise_text
from pipeline.ingest.files import content_id
from pipeline.ingest.jsonrecords import (
    parse_json_document,
    parse_json_lines,
    record_bytes,
    record_fields,
)
from pipeline.records import IngestError, SourceRecord

Result = tuple[list[SourceRecord], list[IngestError]]


def read_json(rel: str, fmt: str, text: str, truncated: bool) -> Result:
    if fmt == "json":
        records, problem = parse_json_document(text)
        if problem is None:
            single = len(records) == 1 and text.lstrip().startswith("{")
            return json_records(rel, "json", list(enumerate(records)), single)
        if "Extra data" not in problem.message:
            kind = "too_large" if truncated else problem.kind
            return [], [IngestError(rel, kind, problem.message)]
        # "Extra data": a .json file written as JSON Lines.
    return read_json_lines(rel, fmt, text, truncated)


def read_json_lines(rel: str, fmt: str, text: str, truncated: bool) -> Result:
    """One record per line; a bad line is an error row of its own, naming its line."""
    if truncated:
        text = text[: text.rfind("\n") + 1]  # the last line was cut mid-record
    parsed = parse_json_lines(text)
    lines = {index: number for index, number, _, _ in parsed}
    line_errors = [IngestError(f"{rel}#{i}", p.kind, f"line {lines[i]}: {p.message}", record_index=i)
                   for i, _, _, p in parsed if p]
    good = [(i, record) for i, _, record, p in parsed if not p]
    records, errors = json_records(rel, fmt, good, single=False, lines=lines)
    if not parsed:
        errors.append(IngestError(rel, "empty", "no records"))
    return records, line_errors + errors


def json_records(rel: str, fmt: str, items: list[tuple[int, object]], single: bool,
                 lines: dict[int, int] | None = None) -> Result:
    """A SourceRecord per article record; an error row (naming the record, and its
    line in a JSON Lines file) per record that is not one."""
    records, errors = [], []
    for index, record in items:
        name, key = (rel, None) if single else (f"{rel}#{index}", index)
        where = f"line {lines[index]}: " if lines else ""
        raw, why = record_bytes(record)
        fields, why = record_fields(record) if raw else (None, why)
        if fields is None:
            errors.append(IngestError(name, "invalid_text" if raw is None else "no_text", where + why, key))
            continue
        fields["text"] = normalise_text(fields["text"]).strip("\n")
        records.append(SourceRecord(
            doc_id=content_id(raw), source_path=name, source_format=fmt,
            raw_chars=len(raw.decode("utf-8")), record_index=key, **fields,
        ))
    if single is False and not items and fmt == "json":
        errors.append(IngestError(rel, "empty", "an empty list of records"))
    return records, errors
