"""Assets that look across all claims: speakers merged across articles, and
clusters of the same claim made again."""
from dagster import AssetExecutionContext, MaterializeResult, asset

from assets.metadata import column_schema, materialized
from assets.resources import POOL, RedlineConfig, RedlineWarehouse
from pipeline.entities.run_entities import refresh_clusters, refresh_speakers


# "claims" by key: that asset is built per configuration, partitioned by shard or not
# (assets/extract_assets.py); either way speakers depends on all of it, and on its
# labels being current (assets/label_assets.py).
@asset(group_name="entities", pool=POOL, deps=["claims", "claim_labels", "corrections"], compute_kind="python", metadata=column_schema("speakers"))
def speakers(context: AssetExecutionContext, warehouse: RedlineWarehouse) -> MaterializeResult:
    """One row per person or institution that makes claims, with one id across
    articles, all aliases and roles; sets claims.speaker_id and the canonical name."""
    return materialized(refresh_speakers(warehouse.store(), context.run.run_id))


@asset(group_name="entities", pool=POOL, deps=[speakers], compute_kind="python", metadata=column_schema("claim_clusters"))
def claim_clusters(context: AssetExecutionContext, redline: RedlineConfig, warehouse: RedlineWarehouse) -> MaterializeResult:
    """The same claim made again by other speakers or outlets, grouped; sets claims.cluster_id."""
    return materialized(refresh_clusters(warehouse.store(), context.run.run_id, redline.taxonomy))
