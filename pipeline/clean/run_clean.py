"""The clean stage: raw documents not yet cleaned at this version into
``documents``, ``removed_lines`` and near-duplicate signatures."""
from __future__ import annotations

from collections.abc import Callable

import pandas as pd

from pipeline import PIPELINE_VERSION
from pipeline.chunks import chunked
from pipeline.clean.document_rows import clean_documents
from pipeline.clean.linking import link_duplicates, load_duplicate_index, remove_stale_documents
from pipeline.clean.repetition import repeated_lines
from pipeline.outcome import Log, Outcome, Preview, default_log, timed, utcnow
from pipeline.records import CleanedDocument
from pipeline.warehouse import read_frame, write_validated
from pipeline.warehouse.store import Warehouse

CHUNK = 500  # documents cleaned per write
# Documents cleaned (and linked) at a time within a write: each such batch is handed to
# ``ahead`` at once, so parsing can start a fraction of a second into cleaning.
AHEAD_BATCH = 50
PREVIEW_COLUMNS = ["doc_id", "title", "outlet", "published_date", "language", "clean_chars"]
_TO_CLEAN_SQL = """
    SELECT r.doc_id FROM raw_documents r
    LEFT JOIN documents d USING (doc_id)
    WHERE d.doc_id IS NULL OR d.pipeline_version <> ?
    ORDER BY r.published_date NULLS LAST, r.source_path
"""


# Called with each batch of cleaned documents, their duplicate_of and the run's number of
# documents to clean (run_extract.parse_ahead hands them to the extraction workers).
Ahead = Callable[[list[CleanedDocument], list[str | None], int], None]


def clean_pending(warehouse: Warehouse, run_id: str, log: Log = default_log, ahead: Ahead | None = None) -> Outcome:
    """Clean every raw document that has no document at this pipeline version, in
    publication order (so a near-duplicate links to the earlier article); each batch
    of cleaned documents goes to ``ahead`` (if given) before it is written."""
    out = Outcome(stats={"clean_seconds": 0.0, "repetition_seconds": 0.0, "duplicates_found": 0})
    languages: dict[str, int] = {}
    shown = pd.DataFrame(columns=PREVIEW_COLUMNS)
    now = utcnow()
    with warehouse.connection() as con:
        out.stats["stale_documents_removed"] = remove_stale_documents(con)
        todo = [row[0] for row in con.execute(_TO_CLEAN_SQL, [PIPELINE_VERSION]).fetchall()]
        index = load_duplicate_index(con, todo) if todo else None
        with timed(out.stats, "repetition_seconds"):  # once per run: one aggregation over the stored texts
            repeated = repeated_lines(con, todo) if todo else {}
    log(f"cleaning {len(todo)} documents")
    for ids in chunked(todo, CHUNK):
        with warehouse.connection() as con, timed(out.stats, "clean_seconds"):
            raw = read_frame(con, "SELECT * FROM raw_documents WHERE doc_id IN (SELECT unnest(?))", [ids])
            raw = raw.set_index("doc_id").loc[ids].reset_index()  # keep publication order
            docs, removed_lines, signatures = _clean_chunk(raw, now, repeated, index, ahead, len(todo))
            out.add_writes(write_validated(con, [
                ("documents", "doc_id", ids, docs),
                ("removed_lines", "doc_id", ids, removed_lines),
                ("document_signatures", "doc_id", ids, signatures),
            ], run_id))
        out.stats["duplicates_found"] += int(docs["duplicate_of"].notna().sum())
        for language, count in docs["language"].value_counts().items():
            languages[language] = languages.get(language, 0) + int(count)
        shown = docs if shown.empty else shown
        log(f"documents: {out.stats.get('documents_written', 0)}/{len(todo)} cleaned")
    with warehouse.connection() as con:
        out.stats["documents_total"] = con.sql("SELECT count(*) FROM documents").fetchone()[0]
    out.stats.update(documents_cleaned=len(todo), languages=languages)
    out.previews["preview"] = Preview(shown, PREVIEW_COLUMNS)
    return out


def _clean_chunk(raw: pd.DataFrame, now, repeated, index, ahead: Ahead | None, total: int):
    """The documents, removed_lines and document_signatures rows of ``raw``, cleaned and
    linked ``AHEAD_BATCH`` documents at a time when ``ahead`` wants them early."""
    parts, step = [], AHEAD_BATCH if ahead else max(len(raw), 1)
    for start in range(0, len(raw), step):
        cleaned, docs, removed_lines = clean_documents(raw.iloc[start : start + step], now, repeated)
        docs["duplicate_of"], signatures = link_duplicates(index, cleaned)
        if ahead:
            ahead(cleaned, list(docs["duplicate_of"]), total)
        parts.append((docs, removed_lines, signatures))
    if len(parts) == 1:
        return parts[0]
    return tuple(pd.concat(frames, ignore_index=True) for frames in zip(*parts, strict=True))
