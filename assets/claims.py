"""The NLP asset: attributed claims from documents not yet processed at this version."""
import time
from collections.abc import Iterator

import pandas as pd
from dagster import AssetExecutionContext, AssetsDefinition, MaterializeResult, MetadataValue, StaticPartitionsDefinition, asset

from assets.ingest import POOL, documents, utcnow
from assets.metadata import column_schema, preview
from assets.resources import RedlineConfig, RedlineWarehouse
from pipeline import PIPELINE_VERSION
from pipeline.chunks import chunked
from pipeline.clean import extraction_skip_reason
from pipeline.extraction import CLAIM_COLUMNS, DocumentToExtract, extract_stream
from pipeline.shards import Shard, shard_condition, shard_keys
from pipeline.warehouse import write_validated

WRITE_EVERY = 200  # documents per warehouse write: bounds memory and the work a crash loses
_TODO_SQL = """
    SELECT d.doc_id FROM documents d
    LEFT JOIN document_extractions e USING (doc_id)
    WHERE (e.doc_id IS NULL OR e.pipeline_version <> ?) AND {shard}
    ORDER BY d.doc_id
"""
_CHUNK_SQL = """
    SELECT doc_id, text, published_date, outlet, language, duplicate_of
    FROM documents WHERE doc_id IN (SELECT unnest(?))
"""


def skip_reason(text: str, language: str, duplicate_of: str | None) -> str | None:
    """Why extraction leaves a document alone, or None to extract it."""
    if duplicate_of:
        return f"near-duplicate of {duplicate_of}: its claims are counted once, there"
    return extraction_skip_reason(text, language)


class ExtractionProgress:
    """Pending results between writes, and the run's totals."""

    def __init__(self, total: int):
        self.total, self.done, self.words, self.start = total, 0, 0, time.perf_counter()
        self.ids: list[str] = []
        self.rows: list[dict] = []
        self.counts: dict[str, int] = {}
        self.skipped: dict[str, str] = {}
        self.written = self.rejected = 0

    def markers(self) -> pd.DataFrame:
        ids = self.ids + list(self.skipped)
        return pd.DataFrame({
            "doc_id": ids,
            "pipeline_version": PIPELINE_VERSION,
            "n_claims": [self.counts.get(i, 0) for i in ids],
            "skipped_reason": [self.skipped.get(i) for i in ids],
            "processed_at": utcnow(),
        })

    @property
    def rate(self) -> float:
        return self.done / max(time.perf_counter() - self.start, 1e-9)


def _documents(warehouse: RedlineWarehouse, ids: list[str], progress: ExtractionProgress) -> Iterator[DocumentToExtract]:
    """Documents to parse, fetched a chunk at a time with a short connection;
    the ones extraction skips are noted in ``progress`` instead."""
    for chunk in chunked(ids, WRITE_EVERY):
        with warehouse.get_connection() as con:
            rows = con.execute(_CHUNK_SQL, [chunk]).fetchall()
        for doc_id, text, published, outlet, language, duplicate_of in sorted(rows):
            reason = skip_reason(text, language, duplicate_of)
            if reason:
                progress.skipped[doc_id] = reason
            else:
                yield DocumentToExtract(doc_id, text, published, outlet)


def _flush(context, warehouse: RedlineWarehouse, progress: ExtractionProgress) -> None:
    """Write the pending claims and the processed markers in one transaction."""
    frame = pd.DataFrame(progress.rows, columns=CLAIM_COLUMNS)
    markers = progress.markers()
    with warehouse.get_connection() as con:
        stats = write_validated(
            con,
            [("claims", "doc_id", list(markers["doc_id"]), frame),
             ("document_extractions", "doc_id", list(markers["doc_id"]), markers)],
            context.run.run_id,
        )
    progress.written += stats["claims"]["written"]
    progress.rejected += stats["claims"]["rejected"]
    progress.ids, progress.rows = [], []
    progress.skipped = {}
    context.log.info(f"claims: {progress.done}/{progress.total} documents done ({progress.rate:.1f} docs/s)")


def claims_asset(shards: int | None = None) -> AssetsDefinition:
    """The claims asset: one step over every document, or with ``shards`` one
    partition per shard of the documents (pipeline.shards), each extracting only
    its own documents so that shards run side by side (docs/scaling.md)."""
    partitions = StaticPartitionsDefinition(shard_keys(shards)) if shards else None

    # Sharded, the steps stay out of the warehouse pool: a pool limit of 1 would run
    # whole shards (hours of spaCy) one after another for the sake of writes that
    # take a fraction of a second; DuckDB's lock, retried with backoff, serializes those.
    @asset(name="claims", group_name="extract", pool=None if shards else POOL, deps=[documents],
           partitions_def=partitions, compute_kind="spacy", metadata=column_schema("claims"))
    def claims(context: AssetExecutionContext, redline: RedlineConfig, warehouse: RedlineWarehouse) -> MaterializeResult:
        """Attributed statements (direct quotes and reported speech) with speaker, cue,
        date, topic, stance and condition. Only documents not yet processed at this
        pipeline_version go through spaCy; each batch of documents is written with its
        claims in one transaction, so a killed run resumes where it stopped."""
        shard = Shard.from_key(context.partition_key, shards) if shards else None
        return extract_claims(context, redline, warehouse, shard)

    return claims


def extract_claims(
    context: AssetExecutionContext, redline: RedlineConfig, warehouse: RedlineWarehouse, shard: Shard | None
) -> MaterializeResult:
    """Claims of the documents (of ``shard``, if given) not yet processed at this pipeline_version."""
    todo = _TODO_SQL.format(shard=shard_condition(shard, "d.doc_id"))
    with warehouse.get_connection() as con:
        ids = [row[0] for row in con.execute(todo, [PIPELINE_VERSION]).fetchall()]
    progress = ExtractionProgress(len(ids))
    n_process = redline.processes_for(len(ids))
    context.log.info(f"extracting claims from up to {len(ids)} documents with {n_process} process(es)")
    skipped_total = 0
    # The model is loaded only when a document needs parsing: a no-op run never loads it.
    stream = extract_stream(_documents(warehouse, ids, progress), redline.spacy_model, n_process, redline.batch_size)
    for item, rows in stream:
        progress.ids.append(item.doc_id)
        progress.rows.extend(rows)
        progress.counts[item.doc_id] = len(rows)
        progress.words += len(item.text.split())
        progress.done += 1
        if len(progress.ids) + len(progress.skipped) >= WRITE_EVERY:
            skipped_total += len(progress.skipped)
            _flush(context, warehouse, progress)
    skipped_total += len(progress.skipped)
    if progress.ids or progress.skipped:
        _flush(context, warehouse, progress)
    return _claims_result(warehouse, progress, skipped_total, n_process)


def _claims_result(warehouse, progress: ExtractionProgress, skipped: int, n_process: int) -> MaterializeResult:
    seconds = time.perf_counter() - progress.start
    with warehouse.get_connection() as con:
        by_topic = dict(con.sql("SELECT coalesce(topic, '(none)'), count(*) FROM claims GROUP BY 1").fetchall())
        recent = con.sql("SELECT kind, speaker_name, topic, stance, claim_text FROM claims LIMIT 10").df()
        total = con.sql("SELECT count(*) FROM claims").fetchone()[0]
    return MaterializeResult(
        metadata={
            "documents_processed": progress.done,
            "documents_skipped": skipped,
            "claims_written": progress.written,
            "claims_rejected": progress.rejected,
            "claims_total": total,
            "claims_per_topic": MetadataValue.json(by_topic),
            "nlp_seconds": round(seconds, 3),
            "words_per_second": round(progress.words / seconds, 1) if progress.words else 0.0,
            "n_process": n_process,
            "preview": preview(recent, list(recent.columns)),
        }
    )
