"""Bookkeeping of the raw folder in the warehouse: which file holds which
document, copies that are stored once, and files gone from the folder."""
from __future__ import annotations

from datetime import datetime

import duckdb
import pandas as pd

# Records of a JSON Lines file are "file.jsonl#3": this SQL maps them back to their file.
FILE_OF_PATH = r"regexp_replace(source_path, '#\d+$', '')"


def drop_known_copies(con: duckdb.DuckDBPyConnection, raw: pd.DataFrame, paths: list[str]) -> pd.DataFrame:
    """Raw rows whose content is already stored under another file (an exact copy
    saved under a second name) or twice in this batch are not stored again:
    ``source_files.doc_ids`` records that the copy maps to the same document."""
    raw = raw.drop_duplicates("doc_id")
    if raw.empty:
        return raw
    known = con.execute(
        "SELECT doc_id FROM raw_documents WHERE doc_id IN (SELECT unnest(?)) "
        f"AND {FILE_OF_PATH} NOT IN (SELECT unnest(?))",
        [list(raw["doc_id"]), list(paths)],
    ).df()
    return raw[~raw["doc_id"].isin(known["doc_id"])]


def mark_deleted_files(con: duckdb.DuckDBPyConnection, paths: list[str], now: datetime) -> None:
    """Files gone from the raw folder keep their documents and claims (nothing is
    lost silently); ``source_files.status`` says they are deleted."""
    if paths:
        con.execute(
            "UPDATE source_files SET status = 'deleted', last_seen = ? WHERE source_path IN (SELECT unnest(?))",
            [now, paths],
        )
