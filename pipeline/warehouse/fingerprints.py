"""Input fingerprints: a whole-table rebuild is skipped when its inputs are
exactly what they were at the last build, so a run over an unchanged corpus
costs almost nothing."""
from __future__ import annotations

import hashlib

import duckdb

from pipeline import PIPELINE_VERSION
from pipeline.outcome import utcnow


def table_fingerprint(con: duckdb.DuckDBPyConnection, table: str, columns: list[str] | None = None) -> str:
    """Order-independent digest of ``table`` (or of some of its columns): the row
    count and the XOR of every row's hash. One scan, no sort."""
    hashed = f"hash({', '.join(columns)})" if columns else f"hash({table})"
    count, digest = con.sql(f"SELECT count(*), coalesce(bit_xor({hashed}), 0) FROM {table}").fetchone()
    return f"{table}:{count}:{digest}"


def inputs_fingerprint(con: duckdb.DuckDBPyConnection, inputs: dict[str, list[str] | None], extra: str = "") -> str:
    parts = [PIPELINE_VERSION, extra] + [table_fingerprint(con, t, c) for t, c in sorted(inputs.items())]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def last_build(con: duckdb.DuckDBPyConnection, asset: str) -> tuple[str, object] | None:
    """(fingerprint, built_at) of the asset's last recorded build, or None."""
    return con.execute("SELECT fingerprint, built_at FROM asset_inputs WHERE asset_name = ?", [asset]).fetchone()


def is_current(con: duckdb.DuckDBPyConnection, asset: str, fingerprint: str) -> bool:
    last = last_build(con, asset)
    return last is not None and last[0] == fingerprint


def record(con: duckdb.DuckDBPyConnection, asset: str, fingerprint: str) -> None:
    """Remember the inputs ``asset`` was built from (call inside its write's transaction)."""
    now = utcnow()
    con.execute("DELETE FROM asset_inputs WHERE asset_name = ?", [asset])
    con.execute("INSERT INTO asset_inputs VALUES (?, ?, ?)", [asset, fingerprint, now])
