"""Write the dashboard to disk atomically."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

import duckdb

from pipeline.dashboard.render import render_dashboard


def write_atomic(path: Path, text: str) -> None:
    """Write via a temporary file in the same folder and rename, so a reader
    (or a browser reload) never sees a half-written page."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            f.write(text)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_dashboard(con: duckdb.DuckDBPyConnection, path: str | os.PathLike) -> dict:
    """Render the dashboard to ``path``; returns metadata for the caller to log."""
    path = Path(path).resolve()
    write_atomic(path, render_dashboard(con))
    n_claims = con.execute("SELECT count(*) FROM claims_timeline").fetchone()[0]
    return {"path": str(path), "n_claims": n_claims, "size": path.stat().st_size}
