"""The SQL views dashboards read, and the dashboard page itself."""

import os
from pathlib import Path

from dagster import AssetExecutionContext, MaterializeResult, MetadataValue, asset

from assets.entities import claim_clusters, speakers
from assets.ingest import POOL
from assets.metadata import timed
from assets.resources import RedlineWarehouse
from pipeline.dashboard import write_dashboard
from pipeline.marts import create_marts
from pipeline.warehouse.fingerprints import inputs_fingerprint, is_current, record

DEFAULT_DASHBOARD = "warehouse/dashboard.html"
# What the page shows comes from these tables (the mart views read them).
DASHBOARD_INPUTS = {"claims": None, "claim_clusters": None, "speakers": None, "documents": ["doc_id", "title", "url", "source_path", "outlet", "duplicate_of"]}


@asset(group_name="marts", pool=POOL, deps=[speakers, claim_clusters], compute_kind="duckdb")
def marts(context: AssetExecutionContext, warehouse: RedlineWarehouse) -> MaterializeResult:
    """The mart views in warehouse/marts/*.sql (claims_timeline, speaker_stances,
    topic_stance_daily, stance_changes), each documented with COMMENT ON."""
    timing: dict = {}
    with timed(timing, "seconds"), warehouse.get_connection() as con:
        views = create_marts(con)
        counts = {view: con.sql(f"SELECT count(*) FROM {view}").fetchone()[0] for view in views}
    return MaterializeResult(metadata={"views": MetadataValue.json(counts), **timing})


@asset(group_name="marts", pool=POOL, deps=[marts], compute_kind="plotly")
def dashboard(context: AssetExecutionContext, warehouse: RedlineWarehouse) -> MaterializeResult:
    """A self-contained HTML dashboard (works offline) refreshed on every run:
    claims over time, speaker x topic stances, searchable latest claims, clusters
    and stance changes. Its path is REDLINE_DASHBOARD (default warehouse/dashboard.html)."""
    path = Path(os.environ.get("REDLINE_DASHBOARD") or DEFAULT_DASHBOARD).resolve()
    links = {"metadata": {"dashboard": MetadataValue.url(path.as_uri()), "path": MetadataValue.path(str(path))}}
    with warehouse.get_connection() as con:
        fingerprint = inputs_fingerprint(con, DASHBOARD_INPUTS, extra=str(path))
        if path.exists() and is_current(con, "dashboard", fingerprint):
            return MaterializeResult(metadata={**links["metadata"], "skipped": "no input changed since the last build"})
        info = write_dashboard(con, path)
        record(con, "dashboard", fingerprint)
    return MaterializeResult(metadata={**{k: v for k, v in info.items() if k != "path"}, **links["metadata"]})
