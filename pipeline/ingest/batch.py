"""Reading changed raw files into ``raw_documents`` rows, ``ingest_errors`` rows
and the ``source_files`` bookkeeping that makes the next run incremental."""
from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

import pandas as pd

from pipeline.ingest import read_source
from pipeline.records import IngestError, SourceRecord
from pipeline.schemas import frame_of


@dataclass
class IngestBatch:
    source_files: pd.DataFrame
    raw_documents: pd.DataFrame
    ingest_errors: pd.DataFrame


def file_hash(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:  # streamed: large files cost no memory
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _file_row(raw_dir: Path, rel: str, records: list[SourceRecord], errors, now) -> dict | None:
    path = raw_dir / rel
    try:
        stat, content_hash = path.stat(), file_hash(path)
    except OSError:
        return None  # vanished after reading: its error row (if any) says so
    return {
        "source_path": rel,
        "content_hash": content_hash,
        "size_bytes": stat.st_size,
        "mtime_ns": stat.st_mtime_ns,
        "status": "document" if records else "error",
        "doc_ids": [r.doc_id for r in records],
        "first_seen": now,
        "last_seen": now,
    }


def read_files(raw_dir: Path, paths: list[str], now: datetime) -> IngestBatch:
    """Read each of ``paths`` (relative to ``raw_dir``); never raises for bad input."""
    files, raws, errors = [], [], []
    for rel in paths:
        records, file_errors = read_source(raw_dir / rel, raw_dir)
        row = _file_row(raw_dir, rel, records, file_errors, now)
        if row is None and not file_errors:
            file_errors = [IngestError(rel, "unreadable", "the file disappeared while it was read")]
        if row is not None:
            files.append(row)
        raws.extend({**asdict(r), "read_at": now} for r in records)
        errors.extend({**asdict(e), "seen_at": now} for e in file_errors)
    return IngestBatch(
        frame_of("source_files", files),
        frame_of("raw_documents", raws),
        frame_of("ingest_errors", errors),
    )

