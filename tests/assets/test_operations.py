"""Operations (issue 6), on real DuckDB files, real Dagster runs and real spaCy:
incremental runs keyed by content, a warehouse held by other processes, a
read-only snapshot for readers, runs killed with SIGKILL, observability and
spaCy on two processes."""
from __future__ import annotations

import multiprocessing
import os
import re
import shutil
import signal
import subprocess
import threading
import time
from pathlib import Path

import duckdb
import pytest
from dagster import AssetSelection

from pipeline.extract.run_extract import WRITE_EVERY
from tests.helpers import PYTHON, ROOT, meta, query, run, tables, write_articles

# --------------------------------------------------------------------------- incremental

def test_unchanged_corpus_is_a_no_op(copied):
    raw, warehouse = copied
    before = tables(warehouse)
    result = run(raw, warehouse)
    ingest = meta(result, "raw_documents")
    assert (ingest["files_unchanged"], ingest["files_new"], ingest["files_changed"]) == (5, 0, 0)
    assert meta(result, "documents")["documents_cleaned"] == 0
    extraction = meta(result, "claims")
    assert extraction["documents_processed"] == 0
    assert extraction["documents_skipped"] == 0
    assert extraction["claims_written"] == 0
    assert tables(warehouse) == before
    # the whole-table rebuilds see the same inputs as last time and do nothing
    # (the first run above wrote this copy's own dashboard and snapshot)
    again = run(raw, warehouse)
    for asset in ["speakers", "claim_clusters", "dashboard", "warehouse_snapshot"]:
        assert "skipped" in meta(again, asset), asset
    assert tables(warehouse) == before


# --------------------------------------------------------------------------- concurrency

HOLD = """
import sys, time, duckdb
con = duckdb.connect(sys.argv[1], read_only=sys.argv[2] == "ro")
print(con.sql("SELECT count(*) FROM documents").fetchone()[0], flush=True)
sys.stdin.readline()  # hold the file until the test says so, then read again
print(con.sql("SELECT count(*) FROM documents").fetchone()[0], flush=True)
"""


class Holder:
    """Another process with the warehouse open (read-write or read-only) until released."""

    def __init__(self, path: Path, mode: str):
        self.proc = subprocess.Popen([PYTHON, "-c", HOLD, str(path), mode], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        self.first = int(self.proc.stdout.readline() or -1)
        assert self.first >= 0, self.proc.stderr.read()

    def release(self) -> int:
        out, err = self.proc.communicate("\n", timeout=30)
        assert self.proc.returncode == 0, err
        return int(out.strip())

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()


def test_writer_held_open_elsewhere_retries_then_names_the_holder(copied):
    from pipeline.warehouse import WarehouseBusyError, connect

    _, warehouse = copied
    with Holder(warehouse, "rw") as holder:
        start = time.perf_counter()
        with pytest.raises(WarehouseBusyError) as caught:
            connect(warehouse, attempts=3, first_delay=0.1)
        waited = time.perf_counter() - start
        # DuckDB on Linux: even a read-only connection is refused while a writer holds the file
        with pytest.raises(WarehouseBusyError):
            connect(warehouse, read_only=True, attempts=1)
    message = str(caught.value)
    assert f"PID {holder.proc.pid}" in message
    assert "gave up after 3 attempts" in message and "_read.duckdb" in message
    assert waited >= 0.1 + 0.2  # backoff: 0.1 s, then 0.2 s


def test_a_run_against_a_held_warehouse_fails_with_the_holders_pid(copied):
    raw, warehouse = copied
    with Holder(warehouse, "rw") as holder:
        result = run(raw, warehouse, raise_on_error=False, lock_attempts=2)
    assert not result.success
    failures = [e.step_failure_data.error for e in result.all_events if e.is_step_failure]
    assert failures
    text = failures[0].to_string()
    assert "WarehouseBusyError" in text and f"PID {holder.proc.pid}" in text, text


def test_connect_waits_for_a_holder_that_lets_go(copied):
    from pipeline.warehouse import connect

    _, warehouse = copied
    with Holder(warehouse, "rw") as holder:
        letting_go = threading.Timer(0.5, holder.release)
        letting_go.start()
        start = time.perf_counter()
        con = connect(warehouse, attempts=6, first_delay=0.1)  # 0.1 + 0.2 + 0.4 + 0.8 s of backoff at most
        waited = time.perf_counter() - start
        letting_go.join()
    assert con.sql("SELECT count(*) FROM documents").fetchone()[0] == 5
    con.close()
    assert waited >= 0.3


def test_read_only_readers_share_the_file_but_block_writers(copied):
    from pipeline.warehouse import WarehouseBusyError, connect

    _, warehouse = copied
    with Holder(warehouse, "ro") as first, Holder(warehouse, "ro") as second:
        assert first.first == second.first == 5  # two readers at once, no writer: fine
        with pytest.raises(WarehouseBusyError) as caught:  # but a writer cannot get in
            connect(warehouse, attempts=2, first_delay=0.05)
        assert f"PID {first.proc.pid}" in str(caught.value) or f"PID {second.proc.pid}" in str(caught.value)
        assert first.release() == 5 and second.release() == 5


def test_snapshot_gives_readers_a_consistent_view_without_blocking_runs(copied):
    from pipeline.warehouse.snapshot import snapshot_path

    raw, warehouse = copied
    result = run(raw, warehouse)
    snapshot = snapshot_path(warehouse)
    assert snapshot == warehouse.with_name("w_read.duckdb")
    assert meta(result, "warehouse_snapshot")["row_counts"]["documents"] == 5
    assert tables(snapshot) == tables(warehouse)
    with Holder(snapshot, "ro") as reader:  # a dashboard holds the snapshot open
        assert reader.first == 5
        write_articles(raw, [11])
        result = run(raw, warehouse)  # the run is not blocked by it
        assert result.success
        assert reader.release() == 5  # and the reader's view did not change under it
    assert query(snapshot, "SELECT count(*) FROM documents")[0][0] == 6  # reconnecting shows the new run
    assert tables(snapshot) == tables(warehouse)
    assert query(snapshot, "SELECT count(*) FROM claims_timeline")[0][0] > 0  # the mart views come along
    assert not list(snapshot.parent.glob(".*.tmp"))


# --------------------------------------------------------------------------- observability

def test_metadata_reports_work_rejections_and_time_per_stage(sample_run):
    _, _, result = sample_run
    ingest, docs, extraction = meta(result, "raw_documents"), meta(result, "documents"), meta(result, "claims")
    assert ingest["files_new"] == 5 and ingest["raw_documents_rejected"] == 0 and "read_seconds" in ingest
    assert docs["documents_cleaned"] == 5 and docs["documents_rejected"] == 0
    assert {"clean_seconds", "documents_written", "documents_rejected"} <= set(docs)  # cleaning includes dedup
    assert extraction["documents_processed"] + extraction["documents_skipped"] == 5
    assert extraction["claims_rejected"] == 0 and extraction["nlp_seconds"] > 0
    per_topic = extraction["claims_per_topic"]
    assert sum(per_topic.values()) == extraction["claims_total"] > 0 and per_topic.get("missiles", 0) > 0
    for asset in ("speakers", "claim_clusters"):
        assert f"{asset}_rejected" in meta(result, asset)
    for asset in ("raw_documents", "documents", "claims", "speakers", "claim_clusters", "marts"):
        assert any(key.endswith("seconds") for key in meta(result, asset)), asset


def test_checks_have_severities_and_catch_bad_rows(copied):
    from dagster import AssetCheckSeverity

    raw, warehouse = copied
    con = duckdb.connect(str(warehouse))
    con.execute("INSERT INTO claims SELECT * REPLACE ('orphan' AS claim_id, 'no-such-doc' AS doc_id) FROM claims LIMIT 1")
    con.execute("UPDATE claims SET claim_text = claim_text || ' (edited)', statement_date = DATE '2999-01-01' "
                "WHERE claim_id = (SELECT min(claim_id) FROM claims WHERE doc_id <> 'no-such-doc')")
    con.close()
    (raw / "stray.txt").write_text("")  # a file in the folder that no run has seen
    checks = AssetSelection.all_asset_checks()
    result = run(raw, warehouse, raise_on_error=False, selection=checks)
    found = {e.check_name: (e.passed, e.severity) for e in result.get_asset_check_evaluations()}
    ERROR, WARN = AssetCheckSeverity.ERROR, AssetCheckSeverity.WARN
    assert found["orphan_claims"] == (False, ERROR)
    assert found["claim_offsets"] == (False, ERROR)
    assert found["future_dates"] == (False, WARN)
    assert found["every_file_accounted_for"] == (False, WARN)  # the file warns, the corpus goes on
    assert found["claims_rows_valid"][1] == WARN


# --------------------------------------------------------------------------- parallelism

@pytest.mark.slow
def test_two_spacy_processes_give_the_same_claims_as_one(tmp_path):
    from pipeline.extract.model import load_nlp
    from pipeline.extract.pool import DocumentToExtract, extract_stream
    from pipeline.settings import DEFAULT_MODEL

    raw, warehouse = tmp_path / "raw", tmp_path / "w.duckdb"
    write_articles(raw, range(1000, 1250), sentences=(1, 2))
    result = run(raw, warehouse, n_process=2, min_docs_per_process=100, batch_size=16)
    extraction = meta(result, "claims")
    assert extraction["n_process"] == 2
    assert extraction["documents_processed"] == 250
    assert meta(result, "documents")["documents_parsed_ahead"] > 0, "the workers started while cleaning went on"
    rows = query(warehouse, "SELECT doc_id, text, published_date, outlet FROM documents ORDER BY doc_id")
    items = [DocumentToExtract(*row) for row in rows]
    loads_before = load_nlp.cache_info()
    workers = []
    two = []
    for _item, claims in extract_stream(items, DEFAULT_MODEL, n_process=2, batch_size=16):
        workers = workers or multiprocessing.active_children()
        two.extend((c["claim_id"], c["claim_text"], c["topic"], c["stance"]) for c in claims)
    assert len(workers) == 2, "two worker processes really parsed"
    assert load_nlp.cache_info() == loads_before, "the main process never loads the model itself"
    one = [(c["claim_id"], c["claim_text"], c["topic"], c["stance"])
           for _, claims in extract_stream(items, DEFAULT_MODEL, n_process=1, batch_size=16) for c in claims]
    assert two == one and one, "same claims, in the same order"
    stored = query(warehouse, "SELECT claim_id, claim_text, topic, stance FROM claims")
    assert sorted(stored) == sorted(one)


# --------------------------------------------------------------------------- crash safety

class CliRun:
    """``dagster asset materialize --select '*'`` in its own process group, its log watched line by line."""

    def __init__(self, raw: Path, warehouse: Path, home: Path):
        home.mkdir(exist_ok=True)
        env = {**os.environ, "REDLINE_RAW_DIR": str(raw), "REDLINE_WAREHOUSE": str(warehouse),
               "REDLINE_DASHBOARD": str(warehouse.with_suffix(".html")), "DAGSTER_HOME": str(home),
               "REDLINE_N_PROCESS": "2"}
        dagster = Path(PYTHON).with_name("dagster")
        self.proc = subprocess.Popen([str(dagster), "asset", "materialize", "-m", "assets.definitions", "--select", "*"],
                                     cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                                     start_new_session=True)
        self.lines: list[str] = []
        self.reader = threading.Thread(target=lambda: self.lines.extend(self.proc.stderr), daemon=True)
        self.reader.start()

    def wait_for(self, pattern: str, timeout: float = 90) -> None:
        deadline = time.monotonic() + timeout
        while not any(re.search(pattern, line) for line in list(self.lines)):
            assert self.proc.poll() is None, f"ended before {pattern!r}:\n" + "".join(self.lines[-30:])
            assert time.monotonic() < deadline, f"no {pattern!r} in time"
            time.sleep(0.05)

    def kill(self) -> None:
        os.killpg(self.proc.pid, signal.SIGKILL)
        assert self.proc.wait(timeout=30) == -signal.SIGKILL, "the run ended before it was killed"
        self.reader.join(timeout=10)

    def finish(self) -> str:
        assert self.proc.wait(timeout=300) == 0, "".join(self.lines[-40:])
        self.reader.join(timeout=10)
        return "".join(self.lines)


WRITE_MANY = """
import sys
import pandas as pd
from pipeline.warehouse import connect, write_validated
source = connect(sys.argv[2], read_only=True)
claims = source.sql("SELECT * FROM claims").df()
source.close()
con = connect(sys.argv[1])
ids = list(con.sql("SELECT doc_id FROM documents").df()["doc_id"])
copies = pd.concat([claims.assign(claim_id=claims["claim_id"] + f"-{i}") for i in range(1500)], ignore_index=True)
print(len(copies), flush=True)
write_validated(con, [("claims", "doc_id", ids, copies)], "kill-test")  # one transaction: delete every claim, insert the copies
print("committed", flush=True)
"""


def consistent(warehouse: Path) -> None:
    """The invariants a killed run must not break. A run killed before its first
    connection committed the schema (one transaction) leaves a database with no tables."""
    if query(warehouse, "SELECT count(*) FROM duckdb_tables()") == [(0,)]:
        return
    assert query(warehouse, "SELECT count(*) FROM claims WHERE doc_id NOT IN (SELECT doc_id FROM documents)") == [(0,)]
    assert query(warehouse, "SELECT count(*) FROM claims WHERE doc_id NOT IN "
                            "(SELECT doc_id FROM document_extractions)") == [(0,)]
    assert query(warehouse, "SELECT count(*) FROM document_extractions e JOIN "
                            "(SELECT doc_id, count(*) AS n FROM claims GROUP BY 1) c USING (doc_id) "
                            "WHERE e.n_claims <> c.n") == [(0,)]
    assert query(warehouse, "SELECT count(*) FROM documents WHERE doc_id NOT IN (SELECT doc_id FROM raw_documents)") \
        == [(0,)]


@pytest.mark.slow
def test_kill_9_at_any_stage_then_rerun_equals_an_uninterrupted_run(tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(ROOT / "data" / "raw", raw)
    write_articles(raw, range(2000, 2250), sentences=(1, 3))  # more than one write batch of claims
    n_docs = 255
    reference = tmp_path / "reference.duckdb"
    run(raw, reference)
    expected = tables(reference)
    assert len(expected["documents"]) == n_docs and expected["claims"]

    warehouse, home = tmp_path / "killed.duckdb", tmp_path / "home"
    # 1. killed as soon as cleaning starts: while documents are cleaned and written
    first = CliRun(raw, warehouse, home)
    first.wait_for(r"cleaning \d+ documents")
    first.kill()
    if warehouse.exists():
        consistent(warehouse)
        assert query(warehouse, "SELECT count(*) FROM documents")[0][0] in (0, n_docs)  # all or nothing
    # 2. killed in the middle of NLP, after the first batch of claims was written
    second = CliRun(raw, warehouse, home)
    second.wait_for(rf"claims: {WRITE_EVERY}/{n_docs} documents done")
    second.kill()
    consistent(warehouse)
    assert query(warehouse, "SELECT count(*) FROM documents")[0][0] == n_docs
    assert query(warehouse, "SELECT count(*) FROM document_extractions")[0][0] == WRITE_EVERY
    # 3. killed inside a large write transaction (every document's claims replaced by a million rows):
    #    none of it shows
    before = query(warehouse, "SELECT count(*) FROM claims")
    writer = subprocess.Popen([PYTHON, "-c", WRITE_MANY, str(warehouse), str(reference)], cwd=ROOT, stdout=subprocess.PIPE, text=True,
                              start_new_session=True)
    assert int(writer.stdout.readline()) > 100_000
    time.sleep(0.3)
    os.killpg(writer.pid, signal.SIGKILL)
    assert writer.wait() == -signal.SIGKILL
    assert writer.stdout.read() == "", "the write finished before the kill"
    assert query(warehouse, "SELECT count(*) FROM claims") == before
    consistent(warehouse)
    # 4. the next run completes the work: the same tables as the uninterrupted run
    log = CliRun(raw, warehouse, home).finish()
    assert "RUN_SUCCESS" in log
    assert f"extracting claims from up to {n_docs - WRITE_EVERY} documents" in log  # it resumed
    after = tables(warehouse)
    for table, rows in expected.items():
        assert after[table] == rows, (table, sorted(set(after[table]) ^ set(rows))[:4])
