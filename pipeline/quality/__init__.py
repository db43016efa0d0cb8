"""Data-quality checks over the warehouse: pure functions, one SQL file each.

Each check counts the rows that break a rule and returns up to a few of them
as examples; the Dagster layer turns that into asset checks with severities.
"""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import duckdb
import pandas as pd

from pipeline.ingest.folder import scan_folder

_SQL = Path(__file__).with_name("sql")


@dataclass
class CheckResult:
    passed: bool
    violations: int
    examples: pd.DataFrame


@cache
def _query(name: str) -> str:
    return (_SQL / f"{name}.sql").read_text()


def count_violations(con: duckdb.DuckDBPyConnection, name: str, examples: int = 5) -> CheckResult:
    """Run ``sql/<name>.sql``, which selects the offending rows."""
    rows = con.sql(_query(name)).df()
    return CheckResult(rows.empty, len(rows), rows.head(examples))


def unaccounted_files(con: duckdb.DuckDBPyConnection, raw_dir: Path, skip: Iterable[Path] = ()) -> CheckResult:
    """Files in the raw folder (but ``skip``, as the ingest skips them) that are neither
    a document nor an ingest error."""
    scan = scan_folder(raw_dir, skip).files
    con.register("_scanned_files", scan)
    try:
        return count_violations(con, "unaccounted_files")
    finally:
        con.unregister("_scanned_files")


def rejected_rows(con: duckdb.DuckDBPyConnection, table: str, run_id: str) -> CheckResult:
    rows = con.execute(
        "SELECT check_name, failure, row_json FROM rejected_rows WHERE table_name = ? AND run_id = ?",
        [table, run_id],
    ).df()
    return CheckResult(rows.empty, len(rows), rows.head(5))
