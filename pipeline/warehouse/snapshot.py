"""A read-only snapshot of the warehouse for dashboards, notebooks and BI tools.

DuckDB takes an exclusive file lock on Linux: any connection to the warehouse
from another process, even a read-only one, keeps a run from opening it (the run
retries, then fails naming the holder). So readers do not open the warehouse:
at the end of every run this asset copies it, checkpointed, to
``<warehouse stem>_read.duckdb`` next to it (``warehouse/redline_read.duckdb``
by default) through a temporary file and an atomic ``os.replace``. A reader that
has the snapshot open keeps its consistent view of the previous run (its file
handle still points at the old file) and sees the new one when it reconnects;
the next run never waits for it.

With a DuckLake warehouse (``REDLINE_WAREHOUSE=ducklake:...``) nothing is copied: the
asset labels a DuckLake snapshot as published, and readers attach that version.
"""
from __future__ import annotations

import glob
import os
import shutil
import time
from pathlib import Path

import duckdb

from pipeline.outcome import Outcome
from pipeline.schemas import TABLES
from pipeline.warehouse import lake
from pipeline.warehouse.fingerprints import inputs_fingerprint, is_current, record
from pipeline.warehouse.store import Warehouse
from pipeline.warehouse.write import transaction

SNAPSHOT_SUFFIX = "_read"


def snapshot_path(database: str | Path) -> Path:
    """``warehouse/redline.duckdb`` -> ``warehouse/redline_read.duckdb``."""
    path = Path(database)
    return path.with_name(f"{path.stem}{SNAPSHOT_SUFFIX}{path.suffix}")


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def temp_path(target: Path, pid: int) -> Path:
    """Where process ``pid`` copies the snapshot before the rename: beside it, so
    ``os.replace`` is atomic, and named by its writer, so a stale one is known."""
    return target.with_name(f".{target.name}.{pid}.tmp")


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True  # someone else's process
    return True


def remove_stale_temps(target: Path) -> list[Path]:
    """Delete the temp copies whose writer is gone: a run killed during the copy leaves
    a file as large as the warehouse that nothing else would ever remove."""
    removed = []
    for tmp in target.parent.glob(f".{glob.escape(target.name)}.*.tmp"):
        pid = tmp.name[len(target.name) + 2:-len(".tmp")]
        if pid.isdigit() and int(pid) != os.getpid() and not _running(int(pid)):
            tmp.unlink(missing_ok=True)
            removed.append(tmp)
    return removed


def publish_snapshot(con: duckdb.DuckDBPyConnection, database: Path, target: Path) -> dict[str, int]:
    """Copy the warehouse (``con`` is open on it, so no other process writes meanwhile)
    to ``target`` atomically; returns the snapshot's row counts per table."""
    con.execute("CHECKPOINT")  # everything committed is in the main file, the WAL is empty
    tmp = temp_path(target, os.getpid())
    try:
        shutil.copyfile(database, tmp)
        _fsync(tmp)
        check = duckdb.connect(str(tmp), read_only=True)  # it opens and reads before anyone sees it
        try:
            tables = [row[0] for row in check.sql("SELECT table_name FROM duckdb_tables() ORDER BY 1").fetchall()]
            counts = {t: check.sql(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
        finally:
            check.close()
        os.replace(tmp, target)
        _fsync(target.parent)
    finally:
        tmp.unlink(missing_ok=True)
    return counts


def _warehouse_fingerprint(con: duckdb.DuckDBPyConnection, target: Path) -> str:
    """Every table's rows and every view's SQL: what a reader of the snapshot sees."""
    views = con.sql("SELECT string_agg(sql, '\n' ORDER BY view_name) FROM duckdb_views() WHERE NOT internal").fetchone()[0]
    tables = {table: None for table in TABLES if table != "asset_inputs"}
    return inputs_fingerprint(con, tables, extra=f"{target}\n{views or ''}")


def publish_lake_snapshot(warehouse: Warehouse) -> Outcome:
    """DuckLake: no copy. The fingerprint's write is committed as the snapshot labelled
    published (lake.mark_published); readers attach the lake at that version
    (lake.open_snapshot), so they never see a run half-done and never block a writer."""
    out = Outcome()
    with warehouse.connection() as con:
        fingerprint = _warehouse_fingerprint(con, Path(warehouse.path))
        if lake.published_snapshot(con) is not None and is_current(con, "warehouse_snapshot", fingerprint):
            out.stats["skipped"] = "nothing changed since the last snapshot"
            return out
        with transaction(con):
            lake.mark_published(con)
            record(con, "warehouse_snapshot", fingerprint)
        snapshot = lake.published_snapshot(con)
        counts = {t: con.sql(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in TABLES}
    spec = lake.parse(warehouse.path, warehouse.data_path)
    out.stats.update(snapshot_version=snapshot, row_counts=counts,
                     reader_attach=lake.attach_statement(spec, snapshot))
    return out


def refresh_snapshot(warehouse: Warehouse) -> Outcome:
    """Publish the snapshot beside the warehouse, unless nothing a reader sees has changed."""
    if warehouse.path == ":memory:":
        return Outcome(stats={"skipped": "in-memory warehouse"})
    if warehouse.is_lake:
        return publish_lake_snapshot(warehouse)
    database = Path(warehouse.path).resolve()
    target = snapshot_path(database)
    out = Outcome(paths={"path": str(target)})
    start = time.perf_counter()
    with warehouse.connection() as con:
        # Under the warehouse's lock: no other run is writing a temp copy of its own now.
        if removed := remove_stale_temps(target):
            out.stats["stale_temp_files_removed"] = len(removed)
        fingerprint = _warehouse_fingerprint(con, target)
        if target.exists() and is_current(con, "warehouse_snapshot", fingerprint):
            out.stats["skipped"] = "nothing changed since the last snapshot"
            return out
        counts = publish_snapshot(con, database, target)
        record(con, "warehouse_snapshot", fingerprint)
    out.stats.update(size_bytes=target.stat().st_size, row_counts=counts,
                     publish_seconds=round(time.perf_counter() - start, 3))
    return out
