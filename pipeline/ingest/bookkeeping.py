"""Bookkeeping of the raw folder in the warehouse: which file holds which
document, copies that are stored once, and files gone from the folder.

Rows are keyed by the file they were read from (``source_file``), never by a
name parsed out of ``source_path``: a text file may well be named ``x#1``.
A raw document is kept while any file lists it (``source_files.doc_ids``), so
that changing one of two identical files keeps the other's document.
"""
from __future__ import annotations

from datetime import datetime

import duckdb
import pandas as pd

# Rows written before schema version 3 have no source_file: a raw document's is
# the file that lists it; an error's is its source_path when that names a file,
# else the file whose JSON record it was ("file#3").
_BACKFILL_SQL = [
    """UPDATE raw_documents r SET source_file = f.source_path FROM (
           SELECT doc_id, min(source_path) AS source_path
           FROM (SELECT source_path, unnest(doc_ids) AS doc_id FROM source_files) GROUP BY doc_id) f
       WHERE r.source_file IS NULL AND r.doc_id = f.doc_id""",
    r"""UPDATE ingest_errors e SET source_file = CASE
           WHEN e.source_path IN (SELECT source_path FROM source_files) THEN e.source_path
           ELSE regexp_replace(e.source_path, '#\d+$', '') END
       WHERE e.source_file IS NULL""",
]
# Raw documents of the files just read that no file lists any more (their file changed).
_UNLISTED_SQL = """
    DELETE FROM raw_documents r
    WHERE r.source_file IN (SELECT unnest(?))
      AND NOT EXISTS (SELECT 1 FROM (SELECT unnest(doc_ids) AS doc_id FROM source_files) s WHERE s.doc_id = r.doc_id)
"""
# Raw documents whose own file no longer lists them but a copy does: they are the copy's now.
_NEW_OWNER_SQL = """
    SELECT r.doc_id, min(s.source_path) AS owner, any_value(r.record_index) AS record_index
    FROM raw_documents r
    JOIN (SELECT source_path, unnest(doc_ids) AS doc_id FROM source_files) s ON s.doc_id = r.doc_id
    WHERE r.source_file IN (SELECT unnest(?))
      AND NOT EXISTS (SELECT 1 FROM source_files o WHERE o.source_path = r.source_file
                      AND list_contains(o.doc_ids, r.doc_id))
    GROUP BY r.doc_id
"""


def backfill_record_keys(con: duckdb.DuckDBPyConnection) -> None:
    """Give rows of warehouses older than schema version 3 their ``source_file`` (once)."""
    for sql in _BACKFILL_SQL:
        con.execute(sql)


def drop_known_copies(con: duckdb.DuckDBPyConnection, raw: pd.DataFrame, files: list[str]) -> pd.DataFrame:
    """Raw rows whose content is already stored under another file (an exact copy
    saved under a second name) or twice in this batch are not stored again:
    ``source_files.doc_ids`` records that the copy maps to the same document."""
    raw = raw.drop_duplicates("doc_id")
    if raw.empty:
        return raw
    known = con.execute(
        "SELECT doc_id FROM raw_documents WHERE doc_id IN (SELECT unnest(?)) "
        "AND NOT coalesce(source_file IN (SELECT unnest(?)), false)",
        [list(raw["doc_id"]), list(files)],
    ).df()
    return raw[~raw["doc_id"].isin(known["doc_id"])]


def settle_documents(con: duckdb.DuckDBPyConnection, files: list[str]) -> None:
    """After ``files`` were read again: the raw documents no file lists go (cleaning then
    removes their documents and claims); those a copy still lists move to the copy."""
    con.execute(_UNLISTED_SQL, [files])
    for doc_id, owner, index in con.execute(_NEW_OWNER_SQL, [files]).fetchall():
        name = owner if index is None else f"{owner}#{index}"
        con.execute("UPDATE raw_documents SET source_file = ?, source_path = ? WHERE doc_id = ?", [owner, name, doc_id])
        con.execute("UPDATE documents SET source_path = ? WHERE doc_id = ?", [name, doc_id])


def mark_deleted_files(con: duckdb.DuckDBPyConnection, paths: list[str], now: datetime) -> None:
    """Files gone from the raw folder keep their documents and claims (nothing is
    lost silently); ``source_files.status`` says they are deleted."""
    if paths:
        con.execute(
            "UPDATE source_files SET status = 'deleted', last_seen = ? WHERE source_path IN (SELECT unnest(?))",
            [now, paths],
        )
