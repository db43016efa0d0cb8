"""Reading changed raw files into ``raw_documents`` rows, ``ingest_errors`` rows
and the ``source_files`` bookkeeping that makes the next run incremental."""
from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime
from pathlib import Path

import pandas as pd

from pipeline.ingest.files import file_state
from pipeline.ingest.reader import FileResult, read_file
from pipeline.records import IngestError
from pipeline.schemas import frame_of


@dataclass
class IngestBatch:
    source_files: pd.DataFrame
    raw_documents: pd.DataFrame
    ingest_errors: pd.DataFrame


def _file_row(name: str, path: Path, result: FileResult, now: datetime) -> dict | None:
    """The ``source_files`` row of a file, from the very version of it that was read;
    a file that could not be read is recorded as it stands (its error row says why),
    so that it is read again only once it changes, unless the error may pass without
    a change (``FileResult.retry``): then it is left out, and read again next run."""
    if result.read is not None:
        size, mtime, content_hash = result.read.size, result.read.mtime_ns, result.read.content_hash
    elif result.retry:
        return None
    else:
        try:
            state = file_state(path)
        except OSError:
            return None  # vanished: its error row says so, and the next scan will not list it
        size, mtime, content_hash = state.st_size, state.st_mtime_ns, ""  # "": never read
    return {
        "source_path": name,
        "content_hash": content_hash,
        "size_bytes": size,
        "mtime_ns": mtime,
        "status": "document" if result.records else "error",
        "doc_ids": [r.doc_id for r in result.records],
        "first_seen": now,
        "last_seen": now,
    }


def read_files(raw_dir: Path, files: dict[str, Path], now: datetime) -> IngestBatch:
    """Read each of ``files`` (stored name -> path on disk); never raises for bad input.
    Every row is keyed by the file it was read from (``source_file``), never by a name."""
    rows, raws, errors = [], [], []
    for name, path in files.items():
        result = read_file(path, raw_dir)
        if (row := _file_row(name, path, result, now)) is not None:
            rows.append(row)
        raws.extend({**asdict(r), "source_file": name, "read_at": now} for r in result.records)
        errors.extend({**asdict(e), "source_file": name, "seen_at": now} for e in result.errors)
    return IngestBatch(
        frame_of("source_files", rows),
        frame_of("raw_documents", raws),
        frame_of("ingest_errors", errors),
    )


def error_rows(errors: list[IngestError], now: datetime) -> pd.DataFrame:
    """``ingest_errors`` rows of problems that are not one file's (a folder's, a quarantined row's)."""
    return frame_of("ingest_errors", [{**asdict(e), "source_file": e.source_file or e.source_path,
                                       "seen_at": now} for e in errors])
