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
import types
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

from pipeline import PIPELINE_VERSION
from pipeline.chunks import chunked, chunked_within
from pipeline.enrich.classifier import load_labeller
from pipeline.extract.model import load_nlp
from pipeline.records import ExtractedClaim
from pipeline.settings import DEFAULT_BATCH_CHARS, DEFAULT_BATCH_SIZE, DEFAULT_MODEL

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
        **pick("claims", claim.fields()),
        "claim_id": claim_id(item.doc_id, claim),
        "doc_id": item.doc_id,
        "published_date": item.published_date,
        "outlet": item.outlet,
        "pipeline_version": PIPELINE_VERSION,
        "speaker_name_in_doc": claim.speaker_name,
    }


@dataclass(frozen=True)
class Loading:
    """What an extractor loads and how it batches: one value for a worker's start, the
    in-process extractor and the key of the shared workers."""

    model: str
    batch_size: int
    taxonomy: str | None  # None: the packaged taxonomy
    batch_chars: int = DEFAULT_BATCH_CHARS  # a spaCy batch is cut before it passes this many characters


class ClaimExtractor:
    """A loaded pipeline and labeller (taxonomy and classifier) that turn a chunk of documents into claims."""

    def __init__(self, loading: Loading):
        from pipeline.extract.component import (
            claims_for_document,  # imports spaCy: with the model, not before (load_nlp)
        )

        self.nlp, self.labeller = load_nlp(loading.model), load_labeller(loading.taxonomy)
        self.batch_size, self.batch_chars = loading.batch_size, loading.batch_chars
        self.claims_for_document = claims_for_document

    def extract(self, chunk: list[DocumentToExtract]) -> list[list[ExtractedClaim]]:
        limit = self.nlp.max_length
        # Texts past spaCy's max_length are cut at it: offsets into the prefix stay valid.
        texts = (item.text[:limit] for item in chunk)
        # The memory zone frees the strings these documents added to the vocabulary:
        # without it the StringStore grows with every new word of a long run.
        with self.nlp.memory_zone():
            docs = (doc for batch in chunked_within(texts, self.batch_size, self.batch_chars, len)
                    for doc in self.nlp.pipe(batch, batch_size=len(batch)))
            return [self.claims_for_document(doc, item.published_date, self.labeller) for doc, item in zip(docs, chunk, strict=True)]


_worker: ClaimExtractor | None = None


# What a spawned worker is told about this process's main module: nothing. multiprocessing's
# spawn runs the parent's main script again in every child (as __mp_main__); under the
# `dagster` command that is Dagster's CLI, which cost each worker 1,850 modules, about 1.4 CPU s
# and ~100 MiB before it loaded spaCy. The workers need nothing of it: what they run
# (_start_worker, _extract_in_worker, the chunks) pickles by reference to this module.
_BARE_MAIN = types.ModuleType("__main__")


@lru_cache(maxsize=1)
def _bare_main_popen():
    """spawn's Popen for a child that does not import the parent's main module, or None
    where spawn is not POSIX's (Windows: plain spawn is used there)."""
    if sys.platform == "win32":
        return None
    from multiprocessing import popen_spawn_posix

    class BareMainPopen(popen_spawn_posix.Popen):
        def _launch(self, process_obj):
            # The preparation data the child gets is read from sys.modules["__main__"] while
            # launching: a module without __file__ or __spec__ leaves the child's main alone.
            main, sys.modules["__main__"] = sys.modules["__main__"], _BARE_MAIN
            try:
                super()._launch(process_obj)
            finally:
                sys.modules["__main__"] = main

    return BareMainPopen


class _BareMainProcess(multiprocessing.context.SpawnProcess):
    @staticmethod
    def _Popen(process_obj):
        return _bare_main_popen()(process_obj)


class _BareMainContext(multiprocessing.context.SpawnContext):
    Process = _BareMainProcess


def worker_context() -> multiprocessing.context.BaseContext:
    """The start method of extraction workers: spawn, not fork (a forked worker would inherit
    the main process's Dagster, DuckDB and pandas state and its threads, neither safe nor
    small), with children that import this package but not the parent's main module."""
    if _bare_main_popen() is None:
        return multiprocessing.get_context("spawn")
    return _BareMainContext()


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


def _start_worker(loading: Loading) -> None:
    global _worker
    _die_with_parent()
    _worker = ClaimExtractor(loading)


def _extract_in_worker(chunk: list[DocumentToExtract]) -> list[list[ExtractedClaim]]:
    return _worker.extract(chunk)


def _in_process(chunks, loading: Loading) -> Iterator[tuple[list, list]]:
    extractor = None
    for chunk in chunks:
        extractor = extractor or ClaimExtractor(loading)  # loaded only if there is work
        yield chunk, extractor.extract(chunk)


class Workers:
    """``n_process`` extraction workers and the chunks handed to them ahead of the claims
    step (``parse_ahead``): one pool per process, shared by the steps of a run, so the
    workers load the model and parse while the main process is still cleaning."""

    def __init__(self, loading: Loading, n_process: int):
        self.loading, self.n_process = loading, n_process
        self.pool = ProcessPoolExecutor(n_process, worker_context(), initializer=_start_worker, initargs=(loading,))
        self.ahead: dict[str, tuple[DocumentToExtract, _Chunk]] = {}  # doc_id -> its item and chunk
        self.ahead_chunks: list[_Chunk] = []
        self.parsed_ahead = 0

    def submit(self, chunk: list[DocumentToExtract]) -> _Chunk:
        return _Chunk(chunk, self.pool.submit(_extract_in_worker, chunk))

    def parse_ahead(self, items: list[DocumentToExtract]) -> int:
        """Hand ``items`` to the workers while fewer than a full queue of earlier ones
        wait (the rest wait for the claims step); how many were handed over."""
        self.ahead_chunks = [c for c in self.ahead_chunks if not c.future.done()]
        room = self.n_process * CHUNKS_IN_FLIGHT - len(self.ahead_chunks)
        size = self.loading.batch_size * BATCHES_PER_CHUNK
        limit = max(0, min(room * size, MAX_AHEAD - len(self.ahead)))
        taken = [item for item in items if item.doc_id not in self.ahead][:limit]
        for chunk in chunked(taken, size):
            submitted = self.submit(chunk)
            self.ahead_chunks.append(submitted)
            self.ahead.update((item.doc_id, (item, submitted)) for item in chunk)
        return len(taken)

    def take(self, item: DocumentToExtract) -> tuple[_Chunk, int] | None:
        """The chunk parsing ``item`` ahead, and its place there; None unless it was handed
        over with exactly this text, date and outlet."""
        found = self.ahead.pop(item.doc_id, None)
        if found is None or found[0] != item:
            return None
        self.parsed_ahead += 1
        return found[1], found[1].items.index(found[0])

    def close(self) -> None:
        for chunk in self.ahead_chunks:
            chunk.future.cancel()
        self.pool.shutdown(wait=True, cancel_futures=True)


@dataclass
class _Chunk:
    items: list[DocumentToExtract]
    future: Future


MAX_AHEAD = 2000  # documents parsed ahead at most: their claims wait in memory for the claims step
_shared: Workers | None = None


def shared_workers(loading: Loading, n_process: int) -> Workers:
    """This process's workers for these settings: the running ones if they match, else new ones."""
    global _shared
    if _shared is not None and (_shared.loading, _shared.n_process) != (loading, n_process):
        close_workers()
    if _shared is None:
        _shared = Workers(loading, n_process)
    return _shared


def close_workers() -> None:
    """Stop this process's workers (and drop what they parsed ahead): they hold a model each."""
    global _shared
    if _shared is not None:
        workers, _shared = _shared, None
        workers.close()


def parse_ahead(items: list[DocumentToExtract], model: str, n_process: int, batch_size: int,
                taxonomy: str | None, batch_chars: int = DEFAULT_BATCH_CHARS) -> int:
    """Start parsing ``items`` in this process's workers before the claims step asks for
    them (the cleaning step calls this as documents come out); how many were taken."""
    try:
        return shared_workers(Loading(model, batch_size, taxonomy, batch_chars), n_process).parse_ahead(items)
    except BrokenProcessPool:  # a worker died: the claims step starts afresh and says so if it happens again
        close_workers()
        return 0


def _in_workers(items, loading: Loading, n_process: int) -> Iterator[tuple[DocumentToExtract, list]]:
    """Each item with its claims, in input order, parsed by ``n_process`` workers (or
    taken from what they parsed ahead), with a bounded number of chunks in flight so
    texts are never all in memory. The workers stop at the end."""
    workers = shared_workers(loading, n_process)
    size = loading.batch_size * BATCHES_PER_CHUNK
    order: deque[tuple[DocumentToExtract, list]] = deque()  # item, [chunk, place] (chunk None: not sent yet)
    waiting: list[tuple[DocumentToExtract, list]] = []  # not parsed ahead, not yet sent
    in_flight: deque[_Chunk] = deque()

    def send() -> None:
        chunk = workers.submit([item for item, _ in waiting])
        for place, (_, slot) in enumerate(waiting):
            slot[:] = [chunk, place]
        in_flight.append(chunk)
        waiting.clear()

    def pop() -> tuple[DocumentToExtract, list]:
        item, (chunk, place) = order.popleft()
        if in_flight and in_flight[0] is chunk and place == len(chunk.items) - 1:
            in_flight.popleft()
        return item, chunk.future.result()[place]

    try:
        for item in items:
            hit = workers.take(item)
            entry = (item, list(hit) if hit else [None, None])
            order.append(entry)
            if not hit:
                waiting.append(entry)
                if len(waiting) >= size:
                    send()
            while len(in_flight) >= n_process * CHUNKS_IN_FLIGHT or (order and order[0][1][0] is not None
                                                                     and order[0][1][0].future.done()):
                yield pop()
        if waiting:
            send()
        while order:
            yield pop()
    except BrokenProcessPool as exc:
        raise RuntimeError(
            "a spaCy worker process died (killed, or out of memory?): lower REDLINE_N_PROCESS "
            "or REDLINE_BATCH_SIZE; documents already written are kept and the next run resumes"
        ) from exc
    finally:
        close_workers()


def extract_stream(
    items: Iterable[DocumentToExtract],
    model: str = DEFAULT_MODEL,
    n_process: int = 1,
    batch_size: int = DEFAULT_BATCH_SIZE,
    taxonomy: str | None = None,
    batch_chars: int = DEFAULT_BATCH_CHARS,
) -> Iterator[tuple[DocumentToExtract, list[dict]]]:
    """Yield each document with its claim rows, in input order. The spaCy
    pipeline ``model`` and the ``taxonomy`` (a path, None for the packaged one) are
    loaded only once a document arrives, in this process or in each of ``n_process`` workers;
    a spaCy batch holds ``batch_size`` documents and at most ``batch_chars`` characters."""
    loading = Loading(model, batch_size, taxonomy, batch_chars)
    if n_process > 1:
        results = _in_workers(items, loading, n_process)
    else:
        results = ((item, claims) for chunk, found in _in_process(chunked(items, batch_size * BATCHES_PER_CHUNK), loading)
                   for item, claims in zip(chunk, found, strict=True))
    for item, claims in results:
        yield item, [claim_row(item, claim) for claim in claims]
