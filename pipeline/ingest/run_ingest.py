"""The ingest stage: new and changed raw files into ``raw_documents``,
``ingest_errors`` and the ``source_files`` bookkeeping."""
from __future__ import annotations

from pathlib import Path

import pandas as pd

from pipeline.chunks import chunked
from pipeline.ingest.batch import read_files
from pipeline.ingest.bookkeeping import FILE_OF_PATH, drop_known_copies, mark_deleted_files
from pipeline.ingest.folder import plan_changes, scan_folder
from pipeline.outcome import Log, Outcome, Preview, default_log, timed, utcnow
from pipeline.warehouse import write_validated
from pipeline.warehouse.store import Warehouse

CHUNK = 500  # files read per write: memory stays flat on a large drop
ERROR_COLUMNS = ["source_path", "error_kind", "message"]


def ingest_raw_folder(warehouse: Warehouse, raw_dir: Path, run_id: str, log: Log = default_log) -> Outcome:
    """Read what changed in ``raw_dir`` since the last run; unchanged files cost one stat each."""
    out = Outcome(stats={"read_seconds": 0.0})
    now = utcnow()
    with warehouse.connection() as con:
        known = con.sql("SELECT source_path, size_bytes, mtime_ns, status FROM source_files").df()
    changes = plan_changes(scan_folder(raw_dir), known)
    log(f"raw folder {raw_dir}: {len(changes.new)} new, {len(changes.changed)} changed, "
        f"{len(changes.unchanged)} unchanged, {len(changes.deleted)} deleted files")
    errors, done, failed = [], 0, 0
    for paths in chunked(changes.to_read, CHUNK):
        with timed(out.stats, "read_seconds"):
            batch = read_files(raw_dir, paths, now)
        with warehouse.connection() as con:
            raw = drop_known_copies(con, batch.raw_documents, paths)
            out.add_writes(write_validated(con, [
                ("source_files", "source_path", paths, batch.source_files),
                ("raw_documents", FILE_OF_PATH, paths, raw),
                ("ingest_errors", FILE_OF_PATH, paths, batch.ingest_errors),
            ], run_id))
        errors.append(batch.ingest_errors)
        failed += int((batch.source_files["status"] == "error").sum()) + len(paths) - len(batch.source_files)
        done += len(paths)
        # "<stage>: <done>/<total>" is the progress the `redline` command shows (assets/progress.py).
        log(f"raw_documents: {done}/{len(changes.to_read)} files done, {done - failed} read, "
            f"{failed} could not be read (see ingest_errors)")
    with warehouse.connection() as con:
        mark_deleted_files(con, changes.deleted, now)
    errors = pd.concat(errors, ignore_index=True) if errors else pd.DataFrame(columns=ERROR_COLUMNS)
    out.stats.update(files_new=len(changes.new), files_changed=len(changes.changed),
                     files_unchanged=len(changes.unchanged), files_deleted=len(changes.deleted),
                     ingest_errors=len(errors), files_read=done - failed, files_unreadable=failed)
    out.previews["errors_preview"] = Preview(errors, ERROR_COLUMNS)
    return out
