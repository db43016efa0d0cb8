"""The ingest stage: new and changed raw files into ``raw_documents``,
``ingest_errors`` and the ``source_files`` bookkeeping."""
from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from pipeline.chunks import chunked
from pipeline.ingest.batch import IngestBatch, error_rows, read_files
from pipeline.ingest.bookkeeping import backfill_record_keys, drop_known_copies, mark_deleted_files, settle_documents
from pipeline.ingest.folder import Scan, check_raw_folder, plan_changes, scan_folder
from pipeline.outcome import Log, Outcome, Preview, default_log, timed, utcnow
from pipeline.records import IngestError
from pipeline.warehouse import write_validated
from pipeline.warehouse.store import Warehouse
from pipeline.warehouse.validate import validate_rows

CHUNK = 500  # files read per write: memory stays flat on a large drop
ERROR_COLUMNS = ["source_path", "error_kind", "message"]
FOLDER_ERROR = "unreadable_folder"


def ingest_raw_folder(warehouse: Warehouse, raw_dir: Path, run_id: str, log: Log = default_log,
                      skip: Iterable[Path] = ()) -> Outcome:
    """Read what changed in ``raw_dir`` since the last run; unchanged files cost one stat each.
    ``skip``: files redline writes itself (the warehouse, its snapshot, the dashboard),
    never inputs even when they lie in the raw folder."""
    out = Outcome(stats={"read_seconds": 0.0})
    now = utcnow()
    scan = scan_folder(raw_dir, skip)
    with warehouse.connection() as con:
        known = con.sql("SELECT source_path, size_bytes, mtime_ns, status FROM source_files").df()
        check_raw_folder(raw_dir, scan, known)
        backfill_record_keys(con)
    changes = plan_changes(scan, known)
    log(f"raw folder {raw_dir}: {len(changes.new)} new, {len(changes.changed)} changed, "
        f"{len(changes.unchanged)} unchanged, {len(changes.deleted)} deleted files"
        + (f", {len(scan.unreadable_folders)} folders unreadable" if scan.unreadable_folders else ""))
    errors = [_record_folders(warehouse, scan, now, run_id)]
    done = failed = 0
    for names in chunked(changes.to_read, CHUNK):
        with timed(out.stats, "read_seconds"):
            batch = read_files(raw_dir, {n: scan.paths[n] for n in names}, now)
        with warehouse.connection() as con:
            raw = drop_known_copies(con, batch.raw_documents, names)
            batch = quarantine_rejected(batch, raw, now)
            out.add_writes(write_validated(con, [
                ("source_files", "source_path", names, batch.source_files),
                ("raw_documents", "doc_id", list(raw["doc_id"]), raw),
                ("ingest_errors", "source_file", names, batch.ingest_errors),
            ], run_id, then=lambda con, names=names: settle_documents(con, names)))
        errors.append(batch.ingest_errors)
        failed += int((batch.source_files["status"] == "error").sum()) + len(names) - len(batch.source_files)
        done += len(names)
        # "<stage>: <done>/<total>" is the progress the `redline` command shows (assets/progress.py).
        log(f"raw_documents: {done}/{len(changes.to_read)} files done, {done - failed} read, "
            f"{failed} could not be read (see ingest_errors)")
    with warehouse.connection() as con:
        mark_deleted_files(con, changes.deleted, now)
    errors = concat(errors)
    out.stats.update(files_new=len(changes.new), files_changed=len(changes.changed),
                     files_unchanged=len(changes.unchanged), files_deleted=len(changes.deleted),
                     files_in_unreadable_folders=len(changes.unlisted), ingest_errors=len(errors),
                     files_read=done - failed, files_unreadable=failed)
    out.previews["errors_preview"] = Preview(errors, ERROR_COLUMNS)
    return out


def _record_folders(warehouse: Warehouse, scan: Scan, now, run_id: str) -> pd.DataFrame:
    """The folders that could not be listed, as they stand now: one error row each
    (the rows of earlier runs are replaced, so a folder readable again has none)."""
    rows = error_rows([IngestError(name, FOLDER_ERROR, f"the folder could not be read ({why}): its files were "
                                   "not seen, so they are not marked deleted either")
                       for name, why in scan.unreadable_folders.items()], now)
    with warehouse.connection() as con:
        write_validated(con, [("ingest_errors", "error_kind", [FOLDER_ERROR], rows)], run_id)
    return rows


def quarantine_rejected(batch: IngestBatch, raw: pd.DataFrame, now) -> IngestBatch:
    """Raw rows (``raw``: those to be written) that their model rejects are quarantined
    (rejected_rows) by the write; here their file says so: an error row each, and they leave
    the file's ``doc_ids``, so that the file is accounted for and not read again until it changes."""
    rejected = validate_rows("raw_documents", raw).rejected
    if rejected.empty:
        return batch
    problems = error_rows([IngestError(
        row.source_path, "rejected", "its row failed the raw_documents model: see rejected_rows for the check",
        record_index=None if pd.isna(row.record_index) else int(row.record_index), source_file=row.source_file)
        for row in rejected.itertuples()], now)
    files = batch.source_files.copy()
    bad = set(rejected["doc_id"])
    files["doc_ids"] = [[d for d in ids if d not in bad] for ids in files["doc_ids"]]
    files.loc[files["doc_ids"].map(len) == 0, "status"] = "error"
    return IngestBatch(files, batch.raw_documents, concat([batch.ingest_errors, problems]))


def concat(frames: list[pd.DataFrame]) -> pd.DataFrame:
    """Frames of one table, one after the other (empty ones left out: pandas warns on them)."""
    kept = [f for f in frames if not f.empty]
    return pd.concat(kept, ignore_index=True) if kept else frames[0]
