"""Keeping documents in step with raw_documents: stale documents out, near-duplicates linked."""
from __future__ import annotations

from typing import TYPE_CHECKING

import duckdb
import pandas as pd

from pipeline.records import CleanedDocument
from pipeline.schemas import frame_of
from pipeline.warehouse.write import transaction

if TYPE_CHECKING:
    from pipeline.clean.near_duplicates import DuplicateIndex

# Tables keyed by doc_id that hang off a document.
_DOCUMENT_TABLES = ("claims", "removed_lines", "document_extractions", "document_signatures", "documents")


def remove_stale_documents(con: duckdb.DuckDBPyConnection) -> int:
    """Documents whose raw version was replaced (the file changed) go, with
    everything derived from them, in one transaction."""
    stale = con.sql(
        "SELECT doc_id FROM documents WHERE doc_id NOT IN (SELECT doc_id FROM raw_documents)"
    ).df()["doc_id"].tolist()
    if stale:
        with transaction(con):
            for table in _DOCUMENT_TABLES:
                con.execute(f"DELETE FROM {table} WHERE doc_id IN (SELECT unnest(?))", [stale])
    return len(stale)


def load_duplicate_index(con: duckdb.DuckDBPyConnection, excluding: list[str]) -> DuplicateIndex:
    """The near-duplicate index of every stored document but ``excluding`` (those
    about to be cleaned again), from stored signatures: no text is re-read."""
    # datasketch imports scipy (a second): only runs that clean documents import it.
    from pipeline.clean.near_duplicates import DuplicateIndex

    index = DuplicateIndex()
    stored = con.execute(
        "SELECT doc_id, signature FROM document_signatures WHERE doc_id NOT IN (SELECT unnest(?))", [excluding]
    ).fetchall()
    for doc_id, signature in stored:
        index.add(doc_id, signature)
    return index


def link_duplicates(index: DuplicateIndex, cleaned: list[CleanedDocument]) -> tuple[list[str | None], pd.DataFrame]:
    """For each newly cleaned document, the doc_id of an earlier near-identical
    one (or None), and the signatures to store; ``index`` learns each document.
    ``cleaned`` comes in publication order, so the earlier article is the one linked to."""
    from pipeline.clean.near_duplicates import text_signature  # see load_duplicate_index

    duplicate_of, signatures = [], []
    for doc in cleaned:
        signature = text_signature(doc.text)
        duplicate_of.append(index.find(signature))
        index.add(doc.doc_id, signature)
        signatures.append({"doc_id": doc.doc_id, "signature": list(signature)})
    return duplicate_of, frame_of("document_signatures", signatures)
