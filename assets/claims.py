"""The NLP asset: attributed claims from documents not yet processed at this version."""

import time
from collections.abc import Iterator

import pandas as pd
from dagster import AssetExecutionContext, MaterializeResult, MetadataValue, asset

from assets.ingest import POOL, documents, utcnow
from assets.metadata import preview
from assets.resources import RedlineConfig, RedlineWarehouse
from pipeline import PIPELINE_VERSION
from pipeline.extraction import CLAIM_COLUMNS, DocumentToExtract, extract_stream
from pipeline.nlp import load_nlp
from pipeline.warehouse import write_validated

WRITE_EVERY = 200  # documents per warehouse write: bounds memory and lost work on a crash
_TODO_SQL = """
    SELECT d.doc_id, d.language, d.duplicate_of FROM documents d
    LEFT JOIN document_extractions e USING (doc_id)
    WHERE e.doc_id IS NULL OR e.pipeline_version <> ?
    ORDER BY d.doc_id
"""


def skip_reason(language: str | None, duplicate_of: str | None) -> str | None:
    if duplicate_of:
        return f"near-duplicate of {duplicate_of}"
    if not (language or "").startswith("en"):
        return f"language {language!r} is not supported by the English pipeline"
    return None


def _texts(warehouse: RedlineWarehouse, ids: list[str]) -> Iterator[DocumentToExtract]:
    """Texts fetched a chunk at a time, each with a short connection."""
    for start in range(0, len(ids), WRITE_EVERY):
        chunk = ids[start : start + WRITE_EVERY]
        with warehouse.get_connection() as con:
            rows = con.execute(
                "SELECT doc_id, text, published_date, outlet FROM documents WHERE doc_id IN (SELECT unnest(?))",
                [chunk],
            ).fetchall()
        by_id = {row[0]: DocumentToExtract(*row) for row in rows}
        yield from (by_id[i] for i in chunk if i in by_id)


def _markers(ids: list[str], counts: dict[str, int], reasons: dict[str, str | None]) -> pd.DataFrame:
    now = utcnow()
    return pd.DataFrame(
        {
            "doc_id": ids,
            "pipeline_version": PIPELINE_VERSION,
            "n_claims": [counts.get(i, 0) for i in ids],
            "skipped_reason": [reasons.get(i) for i in ids],
            "processed_at": now,
        }
    )


def _write(warehouse, run_id, ids, rows, counts, reasons) -> dict:
    frame = pd.DataFrame(rows, columns=CLAIM_COLUMNS)
    with warehouse.get_connection() as con:
        return write_validated(
            con,
            [("claims", "doc_id", ids, frame), ("document_extractions", "doc_id", ids, _markers(ids, counts, reasons))],
            run_id,
        )


@asset(group_name="extract", pool=POOL, deps=[documents], compute_kind="spacy")
def claims(context: AssetExecutionContext, redline: RedlineConfig, warehouse: RedlineWarehouse) -> MaterializeResult:
    """Attributed statements (direct quotes and reported speech) with speaker, cue,
    date, topic, stance and condition. Only documents not yet processed at this
    pipeline_version go through spaCy; each batch of documents is written with its
    claims in one transaction, so a killed run resumes where it stopped."""
    with warehouse.get_connection() as con:
        todo = con.execute(_TODO_SQL, [PIPELINE_VERSION]).df()
    reasons = {r.doc_id: skip_reason(r.language, r.duplicate_of) for r in todo.itertuples()}
    skipped = [i for i, why in reasons.items() if why]
    ids = [i for i, why in reasons.items() if not why]
    stats = {"claims": {"written": 0, "rejected": 0}}
    if skipped:
        _write(warehouse, context.run.run_id, skipped, [], {}, reasons)
    n_process = redline.processes_for(len(ids))
    context.log.info(f"extracting claims from {len(ids)} documents ({len(skipped)} skipped), {n_process} process(es)")
    start, done, words = time.perf_counter(), 0, 0
    pending_ids, pending_rows, counts = [], [], {}

    def flush() -> None:
        written = _write(warehouse, context.run.run_id, pending_ids, pending_rows, counts, reasons)
        for key in ("written", "rejected"):
            stats["claims"][key] += written["claims"][key]
        pending_ids.clear()
        pending_rows.clear()
        rate = done / max(time.perf_counter() - start, 1e-9)
        context.log.info(f"claims: {done}/{len(ids)} documents done ({rate:.1f} docs/s)")

    nlp = load_nlp(redline.spacy_model)
    for item, rows in extract_stream(nlp, _texts(warehouse, ids), n_process, redline.batch_size):
        pending_ids.append(item.doc_id)
        pending_rows.extend(rows)
        counts[item.doc_id] = len(rows)
        words += len(item.text.split())
        done += 1
        if len(pending_ids) >= WRITE_EVERY:
            flush()
    if pending_ids:
        flush()
    seconds = time.perf_counter() - start
    with warehouse.get_connection() as con:
        by_topic = dict(con.sql("SELECT coalesce(topic, '(none)'), count(*) FROM claims GROUP BY 1").fetchall())
        recent = con.sql("SELECT kind, speaker_name, topic, stance, claim_text FROM claims LIMIT 10").df()
        total = con.sql("SELECT count(*) FROM claims").fetchone()[0]
    return MaterializeResult(
        metadata={
            "documents_processed": len(ids),
            "documents_skipped": len(skipped),
            "claims_written": stats["claims"]["written"],
            "claims_rejected": stats["claims"]["rejected"],
            "claims_total": total,
            "claims_per_topic": MetadataValue.json(by_topic),
            "nlp_seconds": round(seconds, 3),
            "words_per_second": round(words / seconds, 1) if seconds and words else 0.0,
            "n_process": n_process,
            "preview": preview(recent, list(recent.columns)),
        }
    )
