"""Assets that read the raw folder and clean what changed."""

from datetime import datetime, timezone

import pandas as pd
from dagster import AssetExecutionContext, MaterializeResult, MetadataValue, asset

from assets.metadata import column_schema, preview, timed, write_stats
from assets.resources import RedlineConfig, RedlineWarehouse
from pipeline import PIPELINE_VERSION
from pipeline.chunks import chunked
from pipeline.documents import clean_documents
from pipeline.ingestion import read_files
from pipeline.raw_folder import plan_changes, scan_folder
from pipeline.warehouse import read_frame, write_validated
from pipeline.warehouse.sync import (
    FILE_OF_PATH,
    drop_known_copies,
    link_duplicates,
    load_duplicate_index,
    mark_deleted_files,
    remove_stale_documents,
)

POOL = "redline_warehouse"  # one writer at a time: every writing asset runs in this pool


def utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


CHUNK = 500  # files read, or documents cleaned, per write: memory stays flat on a large drop


def _add(totals: dict, stats: dict) -> None:
    for key, value in write_stats(stats).items():
        totals[key] = totals.get(key, 0) + value


@asset(group_name="ingest", pool=POOL, compute_kind="python", metadata=column_schema("raw_documents"))
def raw_documents(
    context: AssetExecutionContext, redline: RedlineConfig, warehouse: RedlineWarehouse
) -> MaterializeResult:
    """Articles read from new or changed files in the raw folder (decoded, not yet
    cleaned), the files that could not be read (`ingest_errors`), and the
    `source_files` bookkeeping. Unchanged files cost one stat each."""
    metadata: dict = {"read_seconds": 0.0}
    totals: dict = {}
    now = utcnow()
    with warehouse.get_connection() as con:
        known = con.sql("SELECT source_path, size_bytes, mtime_ns, status FROM source_files").df()
    changes = plan_changes(scan_folder(redline.raw_path), known)
    context.log.info(
        f"raw folder {redline.raw_path}: {len(changes.new)} new, {len(changes.changed)} changed, "
        f"{len(changes.unchanged)} unchanged, {len(changes.deleted)} deleted files"
    )
    errors = []
    for paths in chunked(changes.to_read, CHUNK):
        timing: dict = {}
        with timed(timing, "seconds"):
            batch = read_files(redline.raw_path, paths, now)
        metadata["read_seconds"] += timing["seconds"]
        with warehouse.get_connection() as con:
            raw = drop_known_copies(con, batch.raw_documents, paths)
            _add(totals, write_validated(
                con,
                [
                    ("source_files", "source_path", paths, batch.source_files),
                    ("raw_documents", FILE_OF_PATH, paths, raw),
                    ("ingest_errors", FILE_OF_PATH, paths, batch.ingest_errors),
                ],
                context.run.run_id,
            ))
        errors.append(batch.ingest_errors)
        context.log.info(f"raw_documents: {totals.get('source_files_written', 0)}/{len(changes.to_read)} files read")
    with warehouse.get_connection() as con:
        mark_deleted_files(con, changes.deleted, now)
    errors = pd.concat(errors, ignore_index=True) if errors else pd.DataFrame(columns=["source_path", "error_kind", "message"])
    return MaterializeResult(
        metadata={
            **metadata,
            **totals,
            "files_new": len(changes.new),
            "files_changed": len(changes.changed),
            "files_unchanged": len(changes.unchanged),
            "files_deleted": len(changes.deleted),
            "ingest_errors": len(errors),
            "errors_preview": preview(errors, ["source_path", "error_kind", "message"]),
        }
    )


_TO_CLEAN_SQL = """
    SELECT r.doc_id FROM raw_documents r
    LEFT JOIN documents d USING (doc_id)
    WHERE d.doc_id IS NULL OR d.pipeline_version <> ?
    ORDER BY r.published_date NULLS LAST, r.source_path
"""


@asset(group_name="ingest", pool=POOL, deps=[raw_documents], compute_kind="python", metadata=column_schema("documents"))
def documents(context: AssetExecutionContext, warehouse: RedlineWarehouse) -> MaterializeResult:
    """Cleaned article text with title, date, outlet, byline and language; every
    removed line is kept in `removed_lines`; near-duplicates are linked through
    `duplicate_of`. Only raw documents not yet cleaned at this version are read."""
    metadata: dict = {"clean_seconds": 0.0}
    totals: dict = {}
    now = utcnow()
    with warehouse.get_connection() as con:
        removed = remove_stale_documents(con)
        todo = [row[0] for row in con.execute(_TO_CLEAN_SQL, [PIPELINE_VERSION]).fetchall()]
        index = load_duplicate_index(con, todo) if todo else None
    context.log.info(f"cleaning {len(todo)} documents")
    duplicates, languages, shown = 0, {}, None
    for ids in chunked(todo, CHUNK):
        timing: dict = {}
        with warehouse.get_connection() as con, timed(timing, "seconds"):
            raw = read_frame(con, "SELECT * FROM raw_documents WHERE doc_id IN (SELECT unnest(?))", [ids])
            raw = raw.set_index("doc_id").loc[ids].reset_index()  # keep publication order
            cleaned, docs, removed_lines = clean_documents(raw, now)
            docs["duplicate_of"], signatures = link_duplicates(index, cleaned)
            _add(totals, write_validated(
                con,
                [
                    ("documents", "doc_id", ids, docs),
                    ("removed_lines", "doc_id", ids, removed_lines),
                    ("document_signatures", "doc_id", ids, signatures),
                ],
                context.run.run_id,
            ))
        metadata["clean_seconds"] += timing["seconds"]
        duplicates += int(docs["duplicate_of"].notna().sum())
        for language, count in docs["language"].value_counts().items():
            languages[language] = languages.get(language, 0) + int(count)
        shown = docs if shown is None else shown
        context.log.info(f"documents: {totals.get('documents_written', 0)}/{len(todo)} cleaned")
    with warehouse.get_connection() as con:
        total = con.sql("SELECT count(*) FROM documents").fetchone()[0]
    columns = ["doc_id", "title", "outlet", "published_date", "language", "clean_chars"]
    return MaterializeResult(
        metadata={
            **metadata,
            **totals,
            "documents_cleaned": len(todo),
            "documents_total": total,
            "stale_documents_removed": removed,
            "duplicates_found": duplicates,
            "languages": MetadataValue.json(languages),
            "preview": preview(shown if shown is not None else pd.DataFrame(columns=columns), columns),
        }
    )
