"""Assets that read the raw folder and clean what changed."""

from datetime import datetime, timezone

from dagster import AssetExecutionContext, MaterializeResult, MetadataValue, asset

from assets.metadata import column_schema, preview, timed, write_stats
from assets.resources import RedlineConfig, RedlineWarehouse
from pipeline import PIPELINE_VERSION
from pipeline.documents import clean_documents
from pipeline.ingestion import read_files
from pipeline.raw_folder import plan_changes, scan_folder
from pipeline.warehouse import read_frame, write_validated
from pipeline.warehouse.sync import (
    drop_known_copies,
    find_duplicates,
    mark_deleted_files,
    remove_stale_documents,
)

# Rows of a JSON Lines file are "file.jsonl#3": this maps them back to their file.
FILE_OF_PATH = r"regexp_replace(source_path, '#\d+$', '')"
POOL = "redline_warehouse"  # one writer at a time: every writing asset runs in this pool


def utcnow() -> datetime:
    return datetime.now(timezone.utc).replace(tzinfo=None)


@asset(group_name="ingest", pool=POOL, compute_kind="python", metadata=column_schema("raw_documents"))
def raw_documents(
    context: AssetExecutionContext, redline: RedlineConfig, warehouse: RedlineWarehouse
) -> MaterializeResult:
    """Articles read from new or changed files in the raw folder (decoded, not yet
    cleaned), the files that could not be read (`ingest_errors`), and the
    `source_files` bookkeeping. Unchanged files cost one stat each."""
    metadata: dict = {}
    now = utcnow()
    with warehouse.get_connection() as con:
        known = con.sql("SELECT source_path, size_bytes, mtime_ns, status FROM source_files").df()
    changes = plan_changes(scan_folder(redline.raw_path), known)
    context.log.info(
        f"raw folder {redline.raw_path}: {len(changes.new)} new, {len(changes.changed)} changed, "
        f"{len(changes.unchanged)} unchanged, {len(changes.deleted)} deleted files"
    )
    with timed(metadata, "read_seconds"):
        batch = read_files(redline.raw_path, changes.to_read, now)
    with warehouse.get_connection() as con:
        raw = drop_known_copies(con, batch.raw_documents, changes.to_read)
        stats = write_validated(
            con,
            [
                ("source_files", "source_path", changes.to_read, batch.source_files),
                ("raw_documents", FILE_OF_PATH, changes.to_read, raw),
                ("ingest_errors", FILE_OF_PATH, changes.to_read, batch.ingest_errors),
            ],
            context.run.run_id,
        )
        mark_deleted_files(con, changes.deleted, now)
    metadata.update(write_stats(stats))
    return MaterializeResult(
        metadata={
            **metadata,
            "files_new": len(changes.new),
            "files_changed": len(changes.changed),
            "files_unchanged": len(changes.unchanged),
            "files_deleted": len(changes.deleted),
            "ingest_errors": len(batch.ingest_errors),
            "errors_preview": preview(batch.ingest_errors, ["source_path", "error_kind", "message"]),
        }
    )


@asset(group_name="ingest", pool=POOL, deps=[raw_documents], compute_kind="python", metadata=column_schema("documents"))
def documents(context: AssetExecutionContext, warehouse: RedlineWarehouse) -> MaterializeResult:
    """Cleaned article text with title, date, outlet, byline and language; every
    removed line is kept in `removed_lines`; near-duplicates are linked through
    `duplicate_of`. Only raw documents not yet cleaned at this version are read."""
    metadata: dict = {}
    now = utcnow()
    with warehouse.get_connection() as con:
        removed = remove_stale_documents(con)
        raw = read_frame(
            con,
            """SELECT r.* FROM raw_documents r
               LEFT JOIN documents d USING (doc_id)
               WHERE d.doc_id IS NULL OR d.pipeline_version <> ?
               ORDER BY r.published_date NULLS LAST, r.source_path""",
            [PIPELINE_VERSION],
        )
    context.log.info(f"cleaning {len(raw)} documents")
    with timed(metadata, "clean_seconds"):
        cleaned, docs, removed_lines = clean_documents(raw, now)
    with warehouse.get_connection() as con:
        with timed(metadata, "dedup_seconds"):
            docs["duplicate_of"], signatures = find_duplicates(con, cleaned)
        ids = list(docs["doc_id"])
        stats = write_validated(
            con,
            [
                ("documents", "doc_id", ids, docs),
                ("removed_lines", "doc_id", ids, removed_lines),
                ("document_signatures", "doc_id", ids, signatures),
            ],
            context.run.run_id,
        )
        total = con.sql("SELECT count(*) FROM documents").fetchone()[0]
    metadata.update(write_stats(stats))
    return MaterializeResult(
        metadata={
            **metadata,
            "documents_cleaned": len(docs),
            "documents_total": total,
            "stale_documents_removed": removed,
            "duplicates_found": int(docs["duplicate_of"].notna().sum()) if len(docs) else 0,
            "languages": MetadataValue.json(docs["language"].value_counts().to_dict()) if len(docs) else {},
            "preview": preview(docs, ["doc_id", "title", "outlet", "published_date", "language", "clean_chars"]),
        }
    )

