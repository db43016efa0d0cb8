"""The extract stage: claims from the documents not yet processed at this version.

Only those documents go through spaCy; each batch is written with its claims
and its ``document_extractions`` markers in one transaction, so a killed run
resumes where it stopped.
"""
from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import datetime

import pandas as pd

from pipeline import PIPELINE_VERSION
from pipeline.chunks import chunked
from pipeline.clean.article import extraction_skip_reason
from pipeline.enrich.classifier import load_labeller
from pipeline.extract.pool import DocumentToExtract, extract_stream, parse_ahead
from pipeline.outcome import Log, Outcome, Preview, default_log, utcnow
from pipeline.records import CleanedDocument
from pipeline.schemas import frame_of
from pipeline.settings import Settings
from pipeline.shards import Shard, shard_condition
from pipeline.warehouse import write_validated
from pipeline.warehouse.store import Warehouse

WRITE_EVERY = 200  # documents per warehouse write: bounds memory and the work a crash loses
# Seconds between progress messages between writes, so a long run's estimate (the
# `redline` command's progress display) comes early and keeps up.
PROGRESS_EVERY = 10.0
PREVIEW_COLUMNS = ["kind", "speaker_name", "topic", "stance", "claim_text"]
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


class ParseAhead:
    """The cleaning step's ``ahead``: the documents this step will parse, handed to its
    workers as they come out of cleaning, so that they load the model and parse on the
    core cleaning leaves idle (the claims step then takes their claims as they are, when
    it finds the same text, date and outlet). Only for runs that will use several workers."""

    def __init__(self, settings: Settings):
        self.settings, self.taken = settings, 0

    def __call__(self, cleaned: list[CleanedDocument], duplicate_of: list[str | None], total: int) -> None:
        n_process = self.settings.processes_for(total)
        if n_process < 2:
            return
        items = [DocumentToExtract(doc.doc_id, doc.text, _day(doc.published_date), doc.outlet)
                 for doc, duplicate in zip(cleaned, duplicate_of, strict=True)
                 if skip_reason(doc.text, doc.language, duplicate) is None]
        s = self.settings
        self.taken += parse_ahead(items, s.spacy_model, n_process, s.batch_size, s.taxonomy, s.batch_chars)


def _day(value):
    """A date as the warehouse gives it back (a DATE column): a timestamp's day."""
    return value.date() if isinstance(value, datetime) else value


class Pending:
    """Results waiting for the next write, and the run's totals."""

    def __init__(self, total: int, labels_digest: str | None = None):
        self.total, self.done, self.words, self.start = total, 0, 0, time.perf_counter()
        self.logged = self.start
        self.labels_digest = labels_digest  # of the taxonomy and classifier the claims are labelled with
        self.ids: list[str] = []
        self.rows: list[dict] = []
        self.counts: dict[str, int] = {}
        self.skipped: dict[str, str] = {}
        self.skipped_total = self.written = self.rejected = 0

    def markers(self) -> pd.DataFrame:
        now = utcnow()
        return frame_of("document_extractions", [
            {"doc_id": i, "pipeline_version": PIPELINE_VERSION, "n_claims": self.counts.get(i, 0),
             "skipped_reason": self.skipped.get(i), "processed_at": now, "labels_digest": self.labels_digest}
            for i in self.ids + list(self.skipped)
        ])

    @property
    def size(self) -> int:
        return len(self.ids) + len(self.skipped)

    @property
    def rate(self) -> float:
        return self.done / max(time.perf_counter() - self.start, 1e-9)

    def progress(self) -> str:
        self.logged = time.perf_counter()
        return f"claims: {self.done}/{self.total} documents done ({self.rate:.1f} docs/s)"


def _documents(warehouse: Warehouse, ids: list[str], pending: Pending) -> Iterator[DocumentToExtract]:
    """Documents to parse, fetched a chunk at a time with a short connection;
    the ones extraction skips are noted in ``pending`` instead."""
    for chunk in chunked(ids, WRITE_EVERY):
        with warehouse.connection() as con:
            rows = con.execute(_CHUNK_SQL, [chunk]).fetchall()
        for doc_id, text, published, outlet, language, duplicate_of in sorted(rows):
            reason = skip_reason(text, language, duplicate_of)
            if reason:
                pending.skipped[doc_id] = reason
            else:
                yield DocumentToExtract(doc_id, text, published, outlet)


def _flush(warehouse: Warehouse, pending: Pending, run_id: str, log: Log) -> None:
    """Write the pending claims and the processed markers in one transaction."""
    frame = frame_of("claims", pending.rows)
    markers = pending.markers()
    with warehouse.connection() as con:
        stats = write_validated(con, [
            ("claims", "doc_id", list(markers["doc_id"]), frame),
            ("document_extractions", "doc_id", list(markers["doc_id"]), markers),
        ], run_id)
    pending.written += stats["claims"]["written"]
    pending.rejected += stats["claims"]["rejected"]
    pending.skipped_total += len(pending.skipped)
    pending.ids, pending.rows, pending.skipped = [], [], {}
    log(pending.progress())


def extract_pending(
    warehouse: Warehouse, settings: Settings, run_id: str, shard: Shard | None = None, log: Log = default_log
) -> Outcome:
    """Claims of the documents (of ``shard``, if given) not yet processed at this pipeline_version."""
    todo = _TODO_SQL.format(shard=shard_condition(shard, "d.doc_id"))
    with warehouse.connection() as con:
        ids = [row[0] for row in con.execute(todo, [PIPELINE_VERSION]).fetchall()]
    # The labeller's digest goes into the markers; with nothing to extract it is not loaded (a second).
    pending = Pending(len(ids), load_labeller(settings.taxonomy).digest if ids else None)
    n_process = settings.processes_for(len(ids))
    log(f"extracting claims from up to {len(ids)} documents with {n_process} process(es)")
    # The model is loaded only when a document needs parsing: a no-op run never loads it.
    stream = extract_stream(_documents(warehouse, ids, pending), settings.spacy_model, n_process,
                            settings.batch_size, settings.taxonomy, settings.batch_chars)
    for item, rows in stream:
        pending.ids.append(item.doc_id)
        pending.rows.extend(rows)
        pending.counts[item.doc_id] = len(rows)
        pending.words += len(item.text.split())
        pending.done += 1
        if pending.size >= WRITE_EVERY:
            _flush(warehouse, pending, run_id, log)
        elif time.perf_counter() - pending.logged >= PROGRESS_EVERY:
            log(pending.progress())
    if pending.size:
        _flush(warehouse, pending, run_id, log)
    return _outcome(warehouse, pending, n_process)


def _outcome(warehouse: Warehouse, pending: Pending, n_process: int) -> Outcome:
    seconds = time.perf_counter() - pending.start
    with warehouse.connection() as con:
        by_topic = dict(con.sql("SELECT coalesce(topic, '(none)'), count(*) FROM claims GROUP BY 1").fetchall())
        recent = con.sql(f"SELECT {', '.join(PREVIEW_COLUMNS)} FROM claims LIMIT 10").df()
        total = con.sql("SELECT count(*) FROM claims").fetchone()[0]
    return Outcome(
        stats={
            "documents_processed": pending.done,
            "documents_skipped": pending.skipped_total,
            "claims_written": pending.written,
            "claims_rejected": pending.rejected,
            "claims_total": total,
            "claims_per_topic": by_topic,
            "nlp_seconds": round(seconds, 3),
            "words_per_second": round(pending.words / seconds, 1) if pending.words else 0.0,
            "n_process": n_process,
        },
        previews={"preview": Preview(recent, PREVIEW_COLUMNS)},
    )
