"""The warehouse a run writes to: a DuckDB file opened briefly, with its tables in place."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

import duckdb

from pipeline.warehouse.ddl import create_tables
from pipeline.warehouse.write import connect


@dataclass(frozen=True)
class Warehouse:
    """Where the tables live. Each stage opens short connections (one writer at a
    time, and a reader's connection blocks a writer), retried while the file is locked."""

    path: str
    lock_attempts: int = 8

    @contextmanager
    def connection(self) -> Iterator[duckdb.DuckDBPyConnection]:
        con = connect(self.path, attempts=self.lock_attempts)
        try:
            create_tables(con)
            yield con
        finally:
            con.close()
