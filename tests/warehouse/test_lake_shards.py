"""Shards as concurrent processes into one DuckLake catalog on a real PostgreSQL (slow):
three `dagster asset materialize --partition` processes write at once while two readers
query, and the tables equal a single-file run row for row; a shard killed with kill -9
in the middle of its write leaves the catalog consistent and its rerun completes it."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import threading
import time
from pathlib import Path

import pytest
from dagster import DagsterInstance, materialize

from pipeline.shards import Shard, shard_keys
from pipeline.warehouse import lake as ducklake
from tests.helpers import PYTHON, ROOT, run, tables, write_articles
from tests.warehouse.test_lake import lake_resources, lake_tables

pytestmark = pytest.mark.slow
SHARDS = 3
DOWNSTREAM = ["speakers", "claim_clusters", "marts", "dashboard", "warehouse_snapshot"]


def sharded(raw: Path, spec: str, data: str, selection: list[str], tmp: Path) -> None:
    """Materialise ``selection`` (and its checks) of the 3-shard code location, in this process."""
    from assets.definitions import build_definitions
    from pipeline.settings import Settings

    defs = build_definitions(Settings(raw_dir=str(raw), warehouse=spec, shards=SHARDS, n_process=1))
    result = materialize(list(defs.assets) + list(defs.asset_checks), selection=selection,
                         resources=lake_resources(raw, spec, data, tmp / "dashboard.html"))
    assert result.success


def start_shard(key: str, raw: Path, spec: str, data: str, home: Path) -> subprocess.Popen:
    """One shard as its own process (and process group), as a run launcher would start it."""
    env = {**os.environ, "REDLINE_SHARDS": str(SHARDS), "REDLINE_RAW_DIR": str(raw), "REDLINE_WAREHOUSE": spec,
           "REDLINE_DATA_PATH": data, "DAGSTER_HOME": str(home), "PYTHONPATH": str(ROOT)}
    env.pop("REDLINE_N_PROCESS", None)
    dagster = Path(PYTHON).with_name("dagster")
    return subprocess.Popen([str(dagster), "asset", "materialize", "-m", "assets.definitions", "--select", "claims",
                             "--partition", key], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True, start_new_session=True)


def finish(procs: list[subprocess.Popen]) -> None:
    for proc in procs:
        _, err = proc.communicate(timeout=900)
        assert proc.returncode == 0, err[-3000:]


def dagster_home(tmp: Path) -> Path:
    # Dagster's SQLite storage must exist before processes share it (see tests/assets/test_shards.py).
    home = tmp / "home"
    home.mkdir()
    DagsterInstance.from_config(str(home)).dispose()
    return home


class Reader(threading.Thread):
    """Queries the lake over and over while shards write: every read is one snapshot in
    which each document's claims come with its extraction marker (a batch is one commit),
    and what is done never shrinks."""

    def __init__(self, spec: str, stop: threading.Event):
        super().__init__(daemon=True)
        self.spec, self.stop, self.reads, self.markers, self.errors = spec, stop, 0, [], []

    def run(self) -> None:
        while not self.stop.is_set():
            try:
                with ducklake.connect_lake(self.spec, read_only=True) as con:
                    orphans, markers = con.sql("""
                        SELECT (SELECT count(*) FROM claims c WHERE c.doc_id NOT IN
                                    (SELECT doc_id FROM document_extractions)),
                               (SELECT count(*) FROM document_extractions)""").fetchone()
                assert orphans == 0, f"{orphans} claims without their document's marker"
                self.markers.append(markers)
                self.reads += 1
            except Exception as exc:  # reported by the test, not lost in the thread
                self.errors.append(repr(exc))
                return
            time.sleep(0.2)


def test_three_shard_processes_into_one_lake_equal_a_single_file_run(sample_run, lake, tmp_path):
    raw, warehouse, _ = sample_run
    spec, data = lake
    shutil.copytree(raw, tmp_path / "raw")
    raw = tmp_path / "raw"
    home = dagster_home(tmp_path)
    sharded(raw, spec, data, ["raw_documents", "documents"], tmp_path)
    stop = threading.Event()
    readers = [Reader(spec, stop) for _ in range(2)]
    for reader in readers:
        reader.start()
    finish([start_shard(key, raw, spec, data, home) for key in shard_keys(SHARDS)])
    stop.set()
    for reader in readers:
        reader.join(timeout=60)
        assert not reader.errors, reader.errors
        assert reader.reads > 0 and reader.markers == sorted(reader.markers)
    with DagsterInstance.from_config(str(home)) as instance:
        assert {r.tags.get("dagster/partition") for r in instance.get_runs() if r.is_success} == set(shard_keys(SHARDS))
    sharded(raw, spec, data, DOWNSTREAM, tmp_path)
    assert lake_tables(spec) == tables(warehouse)


def _files(data: str) -> set[Path]:
    return set(Path(data).rglob("*.parquet"))


def kill_when_it_writes(proc: subprocess.Popen, data: str, timeout: float = 600) -> set[Path]:
    """kill -9 the shard's process group as soon as it has written a Parquet file (its
    claims, before the commit that would make them part of the lake); returns the files."""
    before, deadline = _files(data), time.monotonic() + timeout
    while time.monotonic() < deadline:
        new = _files(data) - before
        if new:
            os.killpg(proc.pid, signal.SIGKILL)
            assert proc.wait(timeout=30) == -signal.SIGKILL
            return new
        assert proc.poll() is None, "the shard ended before it wrote: " + proc.stderr.read()[-2000:]
        time.sleep(0.002)
    raise AssertionError("the shard wrote nothing in time")


def test_a_shard_killed_mid_write_leaves_the_lake_consistent_and_its_rerun_completes_it(lake, tmp_path):
    spec, data = lake
    raw = tmp_path / "raw"
    write_articles(raw, range(5000, 5240), sentences=(2, 4))  # 80 documents a shard: one write each
    reference = tmp_path / "reference.duckdb"
    assert run(raw, reference).success
    home = dagster_home(tmp_path)
    sharded(raw, spec, data, ["raw_documents", "documents"], tmp_path)
    victim = start_shard("0", raw, spec, data, home)
    written = kill_when_it_writes(victim, data)
    with ducklake.connect_lake(spec, read_only=True) as con:
        markers = [r[0] for r in con.sql("SELECT doc_id FROM document_extractions").fetchall()]
        claimed = {r[0] for r in con.sql("SELECT DISTINCT doc_id FROM claims").fetchall()}
        files = {Path(r[0]) for r in con.sql("SELECT data_file FROM ducklake_list_files('lake', 'claims')").fetchall()}
        shard_docs = {r[0] for r in con.sql("SELECT doc_id FROM documents").fetchall() if Shard(0, SHARDS).contains(r[0])}
    # the batch was one transaction: none of it (killed before the commit) or all of it
    assert claimed <= set(markers) and len(markers) in (0, len(shard_docs)), (len(markers), len(shard_docs))
    print(f"killed {'before' if not markers else 'after'} its commit; {len(written)} Parquet file(s) written")
    if not markers:  # killed mid-write: the files it had written are in no snapshot of the lake
        assert not files & written
    finish([start_shard(key, raw, spec, data, home) for key in shard_keys(SHARDS)])  # the rerun, beside the others
    sharded(raw, spec, data, DOWNSTREAM, tmp_path)
    assert lake_tables(spec) == tables(reference)
