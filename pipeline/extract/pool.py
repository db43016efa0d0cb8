"""Running spaCy over documents as a stream and turning claims into rows.

Texts are pulled lazily, a chunk at a time, and claims are handed back one
document at a time, so memory stays flat however many documents a run
processes. With several processes, each worker loads its own pipeline, parses
and extracts, and sends back only the claims: the main process never holds a
model or a parsed ``Doc`` (shipping Docs back, as ``nlp.pipe(n_process=...)``
does, cost the main process a core and a gigabyte).
"""
from __future__ import annotations

import ctypes
import hashlib
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import asdict, dataclass
from datetime import date

from pipeline import PIPELINE_VERSION
from pipeline.chunks import chunked
from pipeline.enrich.classifier import load_labeller
from pipeline.extract.model import load_nlp
from pipeline.records import ExtractedClaim
from pipeline.settings import DEFAULT_BATCH_SIZE, DEFAULT_MODEL

BATCHES_PER_CHUNK = 2  # spaCy batches per task sent to a worker
CHUNKS_IN_FLIGHT = 2  # per worker: one being parsed, one queued, so no worker waits


@dataclass
class DocumentToExtract:
    doc_id: str
    text: str
    published_date: date | None
    outlet: str | None


def claim_id(doc_id: str, claim: ExtractedClaim) -> str:
    key = f"{doc_id}:{claim.start_char}:{claim.end_char}:{claim.kind}"
    return hashlib.sha256(key.encode()).hexdigest()[:20]


def claim_row(item: DocumentToExtract, claim: ExtractedClaim) -> dict:
    """The claims row of ``claim``: its fields that are claims columns, and the
    document's; speaker_id and cluster_id are filled later (pipeline/entities)."""
    # Imported here, not at the top: rows are built in the main process, and a worker
    # that imported this module's top would load pandera and pandas (~100 MiB each) for nothing.
    from pipeline.schemas import pick

    return {
        **pick("claims", asdict(claim)),
        "claim_id": claim_id(item.doc_id, claim),
        "doc_id": item.doc_id,
        "published_date": item.published_date,
        "outlet": item.outlet,
        "pipeline_version": PIPELINE_VERSION,
        "speaker_name_in_doc": claim.speaker_name,
    }


class ClaimExtractor:
    """A loaded pipeline and labeller (taxonomy and classifier) that turn a chunk of documents into claims."""

    def __init__(self, model: str, batch_size: int, taxonomy: str | None):
        from pipeline.extract.component import (
            claims_for_document,  # imports spaCy: with the model, not before (load_nlp)
        )

        self.nlp, self.labeller, self.batch_size = load_nlp(model), load_labeller(taxonomy), batch_size
        self.claims_for_document = claims_for_document

    def extract(self, chunk: list[DocumentToExtract]) -> list[list[ExtractedClaim]]:
        limit = self.nlp.max_length
        # Texts past spaCy's max_length are cut at it: offsets into the prefix stay valid.
        texts = (item.text[:limit] for item in chunk)
        # The memory zone frees the strings these documents added to the vocabulary:
        # without it the StringStore grows with every new word of a long run.
        with self.nlp.memory_zone():
            docs = self.nlp.pipe(texts, batch_size=self.batch_size)
            return [self.claims_for_document(doc, item.published_date, self.labeller) for doc, item in zip(docs, chunk, strict=True)]


_worker: ClaimExtractor | None = None


PR_SET_PDEATHSIG = 1  # prctl(2): the signal this process gets when its parent dies


def _die_with_parent() -> None:
    """End this worker when the process that started it ends, even by kill -9: an
    orphaned worker would hold a model's memory (and, through its inherited pipe, the
    resource tracker) for good. Linux delivers SIGKILL at once (prctl; strictly when the
    parent's spawning thread ends: the thread that submits, which outlives the pool);
    elsewhere a thread notices the parent is gone within a second."""
    parent = multiprocessing.parent_process().pid
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None, use_errno=True).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    else:
        threading.Thread(target=_exit_when_orphaned, args=(parent,), daemon=True).start()
    if os.getppid() != parent:  # the parent died before the line above took effect
        os._exit(1)


def _exit_when_orphaned(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(1)


def _start_worker(model: str, batch_size: int, taxonomy: str | None) -> None:
    global _worker
    _die_with_parent()
    _worker = ClaimExtractor(model, batch_size, taxonomy)


def _extract_in_worker(chunk: list[DocumentToExtract]) -> list[list[ExtractedClaim]]:
    return _worker.extract(chunk)


def _in_process(chunks, model, batch_size, taxonomy) -> Iterator[tuple[list, list]]:
    extractor = None
    for chunk in chunks:
        extractor = extractor or ClaimExtractor(model, batch_size, taxonomy)  # loaded only if there is work
        yield chunk, extractor.extract(chunk)


def _in_workers(chunks, model, batch_size, taxonomy, n_process) -> Iterator[tuple[list, list]]:
    """Chunks parsed by ``n_process`` workers, results in input order, with a
    bounded number of chunks in flight so texts are never all in memory."""
    # spawn, not fork: a forked worker would inherit the main process's Dagster,
    # DuckDB and pandas state (and its threads), which is neither safe nor small.
    context = multiprocessing.get_context("spawn")
    pending: deque[tuple[list, Future]] = deque()
    with ProcessPoolExecutor(n_process, context, initializer=_start_worker, initargs=(model, batch_size, taxonomy)) as pool:
        try:
            for chunk in chunks:
                pending.append((chunk, pool.submit(_extract_in_worker, chunk)))
                if len(pending) >= n_process * CHUNKS_IN_FLIGHT:
                    chunk, future = pending.popleft()
                    yield chunk, future.result()
            while pending:
                chunk, future = pending.popleft()
                yield chunk, future.result()
        except BrokenProcessPool as exc:
            raise RuntimeError(
                "a spaCy worker process died (killed, or out of memory?): lower REDLINE_N_PROCESS "
                "or REDLINE_BATCH_SIZE; documents already written are kept and the next run resumes"
            ) from exc
        finally:
            for _, future in pending:
                future.cancel()


def extract_stream(
    items: Iterable[DocumentToExtract],
    model: str = DEFAULT_MODEL,
    n_process: int = 1,
    batch_size: int = DEFAULT_BATCH_SIZE,
    taxonomy: str | None = None,
) -> Iterator[tuple[DocumentToExtract, list[dict]]]:
    """Yield each document with its claim rows, in input order. The spaCy
    pipeline ``model`` and the ``taxonomy`` (a path, None for the packaged one) are
    loaded only once a document arrives, in this process or in each of ``n_process`` workers."""
    chunks = chunked(items, batch_size * BATCHES_PER_CHUNK)
    if n_process > 1:
        results = _in_workers(chunks, model, batch_size, taxonomy, n_process)
    else:
        results = _in_process(chunks, model, batch_size, taxonomy)
    for chunk, claims in results:
        for item, doc_claims in zip(chunk, claims, strict=True):
            yield item, [claim_row(item, claim) for claim in doc_claims]
