"""Connections and bulk writes to the DuckDB warehouse.

Writes go through registered DataFrames (Arrow under the hood), never row by
row, and each logical write runs inside one transaction so that a failure
part-way leaves the previous table contents in place.
"""
from __future__ import annotations

import json
import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from pipeline.outcome import utcnow
from pipeline.schemas import frame_of
from pipeline.warehouse.ddl import column_types
from pipeline.warehouse.lake import connect_lake, is_conflict, is_lake
from pipeline.warehouse.validate import ValidationResult, validate_rows

_LOCK_HOLDER = re.compile(r"Conflicting lock is held in (.+?) \(PID (\d+)\)")
_DUCKDB_MAGIC = (8, b"DUCK")  # offset and bytes of a DuckDB file's magic number
_SQLITE_MAGIC = b"SQLite format 3\x00"


@dataclass
class Waits:
    """Seconds this process spent opening the warehouse (lock waits and catalog attach
    included) and in write transactions, and the DuckLake conflicts retried: what the
    shard benchmark reports as time not spent on NLP."""

    connect_seconds: float = 0.0
    write_seconds: float = 0.0
    conflicts: int = 0


WAITS = Waits()
CONFLICT_ATTEMPTS = 8  # a conflicting DuckLake commit is rolled back and the write runs again


class WarehouseBusyError(RuntimeError):
    """Another process holds the warehouse file's lock."""


class NotAWarehouseError(RuntimeError):
    """The file is not a redline warehouse: another program's database or not a database at all."""


def _check_file(path: str) -> None:
    """Refuse a file that is not a DuckDB database before DuckDB opens it: for a
    SQLite file DuckDB would try to download its SQLite extension instead."""
    try:
        with open(path, "rb") as handle:
            header = handle.read(16)
    except (FileNotFoundError, IsADirectoryError):
        return  # DuckDB creates the one and explains the other
    offset, magic = _DUCKDB_MAGIC
    if not header or header[offset:offset + len(magic)] == magic:
        return
    kind = "a SQLite database" if header.startswith(_SQLITE_MAGIC) else "not a DuckDB database"
    raise NotAWarehouseError(
        f"{path} is {kind}, not a redline warehouse (a DuckDB file); nothing was changed. "
        "Point REDLINE_WAREHOUSE at a redline warehouse or at a new file."
    )


def describe_lock_error(path: str, exc: Exception, attempts: int) -> str:
    # Not "open it read-only": on Linux a read-only connection locks the file too, so that
    # advice is what blocks the next run. What works is waiting, or reading the snapshot.
    from pipeline.warehouse.snapshot import snapshot_path  # snapshot imports this module

    match = _LOCK_HOLDER.search(str(exc))
    holder = f"{match.group(1)} (PID {match.group(2)})" if match else "another process"
    return (
        f"The warehouse {path} is locked by {holder}; gave up after {attempts} attempts. "
        "DuckDB lets one process at a time open the file, and any connection to it, even a "
        "read-only one, blocks a run. If that is another redline run, wait for it to finish and "
        "run again; if it is a duckdb shell, a notebook or a dashboard, close its connection. "
        f"To read the warehouse while runs go on, open its snapshot {snapshot_path(path)} instead "
        "(written at the end of every run; a reader of it never blocks one)."
    )


def connect(
    path: str | Path, read_only: bool = False, attempts: int = 8, first_delay: float = 0.25,
    data_path: str | None = None,
) -> duckdb.DuckDBPyConnection:
    """Open the warehouse, retrying with exponential backoff while another process holds it.

    A ``ducklake:`` path opens the DuckLake catalog it names instead (pipeline/warehouse/lake.py),
    its Parquet under ``data_path``; lake writers do not lock each other out."""
    path = str(path)
    start = time.perf_counter()
    try:
        if is_lake(path):
            return connect_lake(path, data_path, read_only=read_only)
        return _connect_file(path, read_only, attempts, first_delay)
    finally:
        WAITS.connect_seconds += time.perf_counter() - start


def _connect_file(path: str, read_only: bool, attempts: int, first_delay: float) -> duckdb.DuckDBPyConnection:
    if path != ":memory:":
        _check_file(path)
    if path != ":memory:" and not read_only:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    delay = first_delay
    for attempt in range(1, attempts + 1):
        try:
            return duckdb.connect(path, read_only=read_only)
        except duckdb.IOException as exc:
            if "lock" not in str(exc).lower():
                raise
            if attempt == attempts:
                raise WarehouseBusyError(describe_lock_error(path, exc, attempts)) from exc
            time.sleep(delay)
            delay = min(delay * 2, 8.0)
    raise AssertionError("unreachable")


@contextmanager
def transaction(con: duckdb.DuckDBPyConnection) -> Iterator[duckdb.DuckDBPyConnection]:
    con.execute("BEGIN TRANSACTION")
    try:
        yield con
    except BaseException:
        con.execute("ROLLBACK")
        raise
    con.execute("COMMIT")


def _insert(con: duckdb.DuckDBPyConnection, table: str, frame: pd.DataFrame) -> int:
    if frame.empty:
        return 0
    types = column_types(table)
    view = f"_incoming_{table}"
    con.register(view, frame)
    try:
        columns = ", ".join(types)
        select = ", ".join(f"CAST({name} AS {sql})" for name, sql in types.items())
        con.execute(f"INSERT INTO {table} ({columns}) SELECT {select} FROM {view}")
    finally:
        con.unregister(view)
    return len(frame)


def _delete(con: duckdb.DuckDBPyConnection, table: str, key: str | None, keys: list) -> None:
    """Delete the rows under ``keys``, or every row when ``key`` is None."""
    if key is None:
        con.execute(f"DELETE FROM {table}")
    elif len(keys):
        con.execute(f"DELETE FROM {table} WHERE {key} IN (SELECT unnest(?))", [list(keys)])


def rejected_rows_frame(table: str, result: ValidationResult, run_id: str) -> pd.DataFrame:
    """The ``rejected_rows`` entries for a validation result: one per failing check."""
    now = utcnow()
    records = []
    for index, row in result.rejected.iterrows():
        row_json = json.dumps(row.to_dict(), default=str, ensure_ascii=False)
        for case in result.failures[result.failures["index"] == index].itertuples():
            records.append(
                {
                    "table_name": table,
                    "row_json": row_json,
                    "check_name": str(case.check),
                    "failure": f"{case.column}: {case.failure_case!r}",
                    "run_id": run_id,
                    "rejected_at": now,
                }
            )
    return frame_of("rejected_rows", records)


def write_validated(
    con: duckdb.DuckDBPyConnection,
    writes: list[tuple[str, str | None, list, pd.DataFrame]],
    run_id: str,
    then=None,
) -> dict[str, dict[str, int]]:
    """Validate each frame against its table's model, then in one transaction
    replace the rows under ``keys`` (all rows when key is None) with the valid
    rows and quarantine the others in ``rejected_rows``.

    ``then(con)``, if given, runs inside the same transaction after the writes.
    Returns, per table, the number of rows written and rejected.
    """
    stats, plan, rejected = {}, [], []
    for table, key, keys, frame in writes:
        result = validate_rows(table, frame)
        plan.append((table, key, keys, result.valid))
        rejected.append(rejected_rows_frame(table, result, run_id))
        stats[table] = {"written": len(result.valid), "rejected": len(result.rejected)}
    _retry_conflicts(lambda: _apply(con, plan, pd.concat(rejected, ignore_index=True), then))
    return stats


def _apply(con: duckdb.DuckDBPyConnection, plan: list, rejected: pd.DataFrame, then) -> None:
    with transaction(con):
        for table, key, keys, frame in plan:
            _delete(con, table, key, keys)
            _insert(con, table, frame)
        _insert(con, "rejected_rows", rejected)
        if then is not None:
            then(con)


def _retry_conflicts(write, attempts: int = CONFLICT_ATTEMPTS, first_delay: float = 0.1) -> None:
    """Run ``write`` (one transaction); when DuckLake refuses its commit because a concurrent
    transaction deleted from a table it inserts into, run it again on the newer snapshot.
    Shards write disjoint documents, so the second attempt keeps the same rows."""
    delay, start = first_delay, time.perf_counter()
    try:
        for attempt in range(1, attempts + 1):
            try:
                return write()
            except duckdb.TransactionException as exc:
                if not is_conflict(exc) or attempt == attempts:
                    raise
                WAITS.conflicts += 1
                time.sleep(delay)
                delay = min(delay * 2, 4.0)
    finally:
        WAITS.write_seconds += time.perf_counter() - start


def read_frame(con: duckdb.DuckDBPyConnection, sql: str, params: list | None = None) -> pd.DataFrame:
    """A query's rows as a DataFrame whose DATE columns hold ``datetime.date`` or
    None (not Timestamps and NaT), as the domain code expects."""
    return con.execute(sql, params or []).to_arrow_table().to_pandas(date_as_object=True)
