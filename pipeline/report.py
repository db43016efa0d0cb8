"""What the `redline` command tells a user about a warehouse: its totals, the
files that could not be read, and the work a run would still do.

Read from the warehouse's own tables (the bookkeeping that makes runs
incremental), so the figures are the same whoever ran the pipeline.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import duckdb

from pipeline import PIPELINE_VERSION
from pipeline.clean.run_clean import _TO_CLEAN_SQL
from pipeline.extract.run_extract import _TODO_SQL
from pipeline.ingest.folder import plan_changes, scan_folder
from pipeline.shards import shard_condition

# Figure -> query; each counts what the warehouse holds now.
_TOTALS = {
    "files": "SELECT count(*) FROM source_files WHERE status <> 'deleted'",
    "files_unreadable": "SELECT count(*) FROM source_files WHERE status = 'error'",
    "documents": "SELECT count(*) FROM documents",
    "duplicates": "SELECT count(*) FROM documents WHERE duplicate_of IS NOT NULL",
    "claims": "SELECT count(*) FROM claims",
    "speakers": "SELECT count(*) FROM speakers",
    "claim_clusters": "SELECT count(*) FROM claim_clusters",
}
# The errors of the files that still fail: a file read again successfully has no error row left.
_ERRORS_SQL = """
    SELECT e.source_path, e.error_kind, e.message, e.seen_at
    FROM ingest_errors e
    WHERE e.seen_at >= ?
    ORDER BY e.seen_at DESC, e.source_path
    LIMIT ?
"""


def totals(con: duckdb.DuckDBPyConnection) -> dict[str, int]:
    """How many files, documents, claims, speakers and clusters the warehouse holds."""
    return {name: con.execute(sql).fetchone()[0] for name, sql in _TOTALS.items()}


@dataclass(frozen=True)
class FileError:
    source_path: str
    error_kind: str
    message: str
    seen_at: datetime


def errors_since(con: duckdb.DuckDBPyConnection, since: datetime = datetime.min, limit: int = 20) -> list[FileError]:
    """Files that could not become a document, recorded at or after ``since`` (UTC), newest first."""
    return [FileError(*row) for row in con.execute(_ERRORS_SQL, [since, limit]).fetchall()]


@dataclass
class Pending:
    """The work the next run would do."""

    files_new: int = 0
    files_changed: int = 0
    files_deleted: int = 0
    documents_to_clean: int = 0
    documents_to_extract: int = 0
    raw_dir_missing: bool = False

    @property
    def nothing(self) -> bool:
        return not (self.files_new or self.files_changed or self.files_deleted or self.documents_to_clean
                    or self.documents_to_extract)


def _count(con: duckdb.DuckDBPyConnection, sql: str) -> int:
    return con.execute(f"SELECT count(*) FROM ({sql})", [PIPELINE_VERSION]).fetchone()[0]


def pending_work(con: duckdb.DuckDBPyConnection, raw_dir: Path) -> Pending:
    """New, changed and removed files in ``raw_dir``, and the documents not yet cleaned
    or extracted at this pipeline version (the same queries the stages run)."""
    pending = Pending(
        documents_to_clean=_count(con, _TO_CLEAN_SQL),
        documents_to_extract=_count(con, _TODO_SQL.format(shard=shard_condition(None, "d.doc_id"))),
    )
    if not raw_dir.is_dir():
        pending.raw_dir_missing = True
        return pending
    known = con.sql("SELECT source_path, size_bytes, mtime_ns, status FROM source_files").df()
    changes = plan_changes(scan_folder(raw_dir), known)
    pending.files_new, pending.files_changed = len(changes.new), len(changes.changed)
    pending.files_deleted = len(changes.deleted)
    return pending


def last_builds(con: duckdb.DuckDBPyConnection) -> dict[str, datetime]:
    """When each whole-table rebuild (speakers, clusters, marts, dashboard, snapshot) last ran."""
    # A name with a colon is a step's own state (claim_clusters:claims), not a build of its own.
    return dict(con.sql("SELECT asset_name, built_at FROM asset_inputs WHERE asset_name NOT LIKE '%:%' "
                        "ORDER BY asset_name").fetchall())
