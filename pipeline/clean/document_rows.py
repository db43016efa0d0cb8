"""Cleaning raw documents into ``documents`` and ``removed_lines`` rows."""
from __future__ import annotations

from datetime import datetime

import pandas as pd

from pipeline import PIPELINE_VERSION
from pipeline.clean import clean_article
from pipeline.clean.repetition import site_of
from pipeline.records import CleanedDocument, SourceRecord
from pipeline.schemas import frame_of, pick

_RECORD_FIELDS = list(SourceRecord.__dataclass_fields__)


def _record(row: dict) -> SourceRecord:
    values = {name: row.get(name) for name in _RECORD_FIELDS}
    if pd.isna(values["published_date"]):
        values["published_date"] = None
    values["truncated"] = bool(values["truncated"])
    return SourceRecord(**values)


def _document_row(doc: CleanedDocument, now: datetime) -> dict:
    """The documents row of ``doc``; duplicate_of is filled later (clean.linking)."""
    return {**pick("documents", vars(doc)), "ingested_at": now, "pipeline_version": PIPELINE_VERSION}


def clean_documents(raw: pd.DataFrame, now: datetime, repeated: dict[str, frozenset[str]] | None = None,
                    ) -> tuple[list[CleanedDocument], pd.DataFrame, pd.DataFrame]:
    """Clean every raw row: the cleaned documents, their rows and the removed-lines audit.
    ``repeated``: site -> keys of the lines that recur on it (``repetition.repeated_lines``)."""
    cleaned, rows, removed, repeated = [], [], [], repeated or {}
    for row in raw.to_dict("records"):
        record = _record(row)
        doc = clean_article(record, repeated=repeated.get(site_of(record.url, record.outlet), frozenset()))
        cleaned.append(doc)
        rows.append(_document_row(doc, now))
        removed.extend(
            {"doc_id": doc.doc_id, "line_no": line.line_no, "text": line.text, "reason": line.reason}
            for line in doc.removed_lines
        )
    return cleaned, frame_of("documents", rows), frame_of("removed_lines", removed)
