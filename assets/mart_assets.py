"""What readers open: the SQL views, the dashboard page and the read-only snapshot."""
from dagster import AssetExecutionContext, MaterializeResult, MetadataValue, asset

from assets.entity_assets import claim_clusters, speakers
from assets.metadata import materialized
from assets.resources import POOL, RedlineConfig, RedlineWarehouse
from pipeline.dashboard.write import publish_dashboard
from pipeline.warehouse.marts import refresh_marts
from pipeline.warehouse.snapshot import refresh_snapshot


@asset(group_name="marts", pool=POOL, deps=[speakers, claim_clusters], compute_kind="duckdb")
def marts(redline: RedlineConfig, warehouse: RedlineWarehouse) -> MaterializeResult:
    """The mart views in warehouse/marts/*.sql (claims_timeline, speaker_stances,
    topic_stance_daily, stance_changes), each documented with COMMENT ON."""
    return materialized(refresh_marts(warehouse.store(), redline.settings(warehouse.database)))


@asset(group_name="marts", pool=POOL, deps=[marts], compute_kind="plotly")
def dashboard(redline: RedlineConfig, warehouse: RedlineWarehouse) -> MaterializeResult:
    """A self-contained HTML dashboard (works offline) refreshed on every run:
    claims over time, speaker x topic stances, searchable latest claims, clusters
    and stance changes. Its path is REDLINE_DASHBOARD (default: dashboard.html beside the warehouse)."""
    path = redline.settings(warehouse.database).dashboard_path.resolve()
    return materialized(publish_dashboard(warehouse.store(), path, redline.taxonomy),
                        dashboard=MetadataValue.url(path.as_uri()))


@asset(group_name="marts", pool=POOL, deps=[marts], compute_kind="duckdb")
def warehouse_snapshot(context: AssetExecutionContext, warehouse: RedlineWarehouse) -> MaterializeResult:
    """A consistent read-only copy of the warehouse, refreshed at the end of every run,
    for dashboards and BI tools to open (`duckdb -readonly warehouse/redline_read.duckdb`)
    without ever blocking a run."""
    return materialized(refresh_snapshot(warehouse.store()))
