"""Write the dashboard to disk atomically."""
from __future__ import annotations

import os
import tempfile
from pathlib import Path

import duckdb

from pipeline.dashboard.render import label_order, render_dashboard
from pipeline.outcome import Outcome
from pipeline.warehouse.fingerprints import inputs_fingerprint, is_current, record
from pipeline.warehouse.store import Warehouse

# What the page shows comes from these tables (the mart views read them).
DASHBOARD_INPUTS = {
    "claims": None, "claim_clusters": None, "speakers": None,
    "documents": ["doc_id", "title", "url", "source_path", "outlet", "duplicate_of"],
    "ingest_errors": None, "source_files": ["source_path", "status"],
}


def _umask() -> int:
    current = os.umask(0)
    os.umask(current)
    return current


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
        # mkstemp makes the file private (0600); a page is for others to open too.
        os.chmod(tmp, 0o666 & ~_umask())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def write_dashboard(con: duckdb.DuckDBPyConnection, path: str | os.PathLike, taxonomy: str | None = None) -> dict:
    """Render the dashboard to ``path`` (labels in the order of ``taxonomy``, default the
    packaged one); returns metadata for the caller to log."""
    path = Path(path).resolve()
    write_atomic(path, render_dashboard(con, taxonomy=taxonomy))
    n_claims = con.execute("SELECT count(*) FROM claims_timeline").fetchone()[0]
    return {"path": str(path), "n_claims": n_claims, "size": path.stat().st_size}


def publish_dashboard(warehouse: Warehouse, path: str | os.PathLike, taxonomy: str | None = None) -> Outcome:
    """Write the dashboard page to ``path`` unless nothing it shows has changed."""
    path = Path(path).resolve()
    out = Outcome(paths={"path": str(path)})
    with warehouse.connection() as con:
        # The taxonomy's label order sets the colours, so it is an input too.
        extra = f"{path}\n{label_order(taxonomy)}"
        fingerprint = inputs_fingerprint(con, DASHBOARD_INPUTS, extra=extra)
        if path.exists() and is_current(con, "dashboard", fingerprint):
            out.stats["skipped"] = "no input changed since the last build"
            return out
        info = write_dashboard(con, path, taxonomy)
        record(con, "dashboard", fingerprint)
    out.stats.update(n_claims=info["n_claims"], size=info["size"])
    return out
