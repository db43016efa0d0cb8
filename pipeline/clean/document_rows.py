"""Cleaning raw documents into ``documents`` and ``removed_lines`` rows."""
from __future__ import annotations

from datetime import datetime

import pandas as pd

from pipeline import PIPELINE_VERSION
from pipeline.clean import clean_article
from pipeline.records import CleanedDocument, SourceRecord

DOCUMENT_COLUMNS = [
    "doc_id", "source_path", "source_format", "title", "outlet", "byline", "url",
    "published_date", "language", "text", "raw_chars", "clean_chars", "duplicate_of",
    "ingested_at", "pipeline_version",
]
_RECORD_FIELDS = list(SourceRecord.__dataclass_fields__)


def _record(row: dict) -> SourceRecord:
    values = {name: row.get(name) for name in _RECORD_FIELDS}
    if pd.isna(values["published_date"]):
        values["published_date"] = None
    values["truncated"] = bool(values["truncated"])
    return SourceRecord(**values)


def _document_row(doc: CleanedDocument, now: datetime) -> dict:
    row = {name: getattr(doc, name, None) for name in DOCUMENT_COLUMNS}
    row.update(duplicate_of=None, ingested_at=now, pipeline_version=PIPELINE_VERSION)
    return row


def clean_documents(raw: pd.DataFrame, now: datetime) -> tuple[list[CleanedDocument], pd.DataFrame, pd.DataFrame]:
    """Clean every raw row: the cleaned documents, their rows and the removed-lines audit."""
    cleaned, rows, removed = [], [], []
    for row in raw.to_dict("records"):
        doc = clean_article(_record(row))
        cleaned.append(doc)
        rows.append(_document_row(doc, now))
        removed.extend(
            {"doc_id": doc.doc_id, "line_no": line.line_no, "text": line.text, "reason": line.reason}
            for line in doc.removed_lines
        )
    documents = pd.DataFrame(rows, columns=DOCUMENT_COLUMNS)
    removed_lines = pd.DataFrame(removed, columns=["doc_id", "line_no", "text", "reason"])
    return cleaned, documents, removed_lines
