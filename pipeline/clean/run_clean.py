"""The clean stage: raw documents not yet cleaned at this version into
``documents``, ``removed_lines`` and near-duplicate signatures."""
from __future__ import annotations

import pandas as pd

from pipeline import PIPELINE_VERSION
from pipeline.chunks import chunked
from pipeline.clean.document_rows import clean_documents
from pipeline.clean.linking import link_duplicates, load_duplicate_index, remove_stale_documents
from pipeline.clean.repetition import repeated_lines
from pipeline.outcome import Log, Outcome, Preview, default_log, timed, utcnow
from pipeline.warehouse import read_frame, write_validated
from pipeline.warehouse.store import Warehouse

CHUNK = 500  # documents cleaned per write
PREVIEW_COLUMNS = ["doc_id", "title", "outlet", "published_date", "language", "clean_chars"]
_TO_CLEAN_SQL = """
    SELECT r.doc_id FROM raw_documents r
    LEFT JOIN documents d USING (doc_id)
    WHERE d.doc_id IS NULL OR d.pipeline_version <> ?
    ORDER BY r.published_date NULLS LAST, r.source_path
"""


def clean_pending(warehouse: Warehouse, run_id: str, log: Log = default_log) -> Outcome:
    """Clean every raw document that has no document at this pipeline version, in
    publication order (so a near-duplicate links to the earlier article)."""
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
            cleaned, docs, removed_lines = clean_documents(raw, now, repeated)
            docs["duplicate_of"], signatures = link_duplicates(index, cleaned)
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
