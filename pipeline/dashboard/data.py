"""What the dashboard shows, read from the mart views with the queries in ``queries/``."""
from __future__ import annotations

from pathlib import Path

import duckdb

QUERIES_DIR = Path(__file__).with_name("queries")
LATEST_CLAIMS_LIMIT = 1000  # the table is filtered in the browser; keep the page light
MATRIX_SPEAKERS = 40


def query(con: duckdb.DuckDBPyConnection, name: str, **params) -> list[dict]:
    """Run ``queries/<name>.sql`` and return its rows as dicts."""
    sql = (QUERIES_DIR / f"{name}.sql").read_text(encoding="utf-8")
    cur = con.execute(sql, params or None)
    columns = [d[0] for d in cur.description]
    return [dict(zip(columns, row, strict=True)) for row in cur.fetchall()]


def dashboard_data(con: duckdb.DuckDBPyConnection, limit: int = LATEST_CLAIMS_LIMIT) -> dict:
    """Everything the page needs, as plain Python values."""
    return {
        "summary": query(con, "summary")[0],
        "daily": query(con, "daily_counts"),
        "matrix": query(con, "speaker_matrix", max_speakers=MATRIX_SPEAKERS),
        "claims": query(con, "latest_claims", limit=limit),
        "clusters": query(con, "repeated_claims"),
        "changes": query(con, "stance_changes"),
    }
