"""The warehouse a run writes to: a DuckDB file (or a DuckLake catalog) opened briefly,
with its tables in place."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import duckdb

from pipeline.warehouse.ddl import create_tables
from pipeline.warehouse.lake import is_lake
from pipeline.warehouse.write import connect


@dataclass(frozen=True)
class Warehouse:
    """Where the tables live. Each stage opens short connections (one writer at a
    time, and a reader's connection blocks a writer), retried while the file is locked."""

    path: str  # a DuckDB file, or ducklake:<catalog> (pipeline/warehouse/lake.py)
    lock_attempts: int = 8
    data_path: str | None = None  # DuckLake only: where its Parquet files go

    @property
    def is_lake(self) -> bool:
        return is_lake(self.path)

    @contextmanager
    def connection(self) -> Iterator[duckdb.DuckDBPyConnection]:
        con = connect(self.path, attempts=self.lock_attempts, data_path=self.data_path)
        try:
            create_tables(con)
            yield con
        finally:
            con.close()
