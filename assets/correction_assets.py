"""The user's corrections, applied to the claims on every run (before speakers and clusters)."""
from dagster import AssetExecutionContext, MaterializeResult, MetadataValue, asset

from assets.metadata import column_schema, materialized
from assets.resources import POOL, RedlineConfig, RedlineWarehouse
from pipeline.corrections.run_corrections import apply_corrections


# "claims" by key: that asset is built per configuration, partitioned by shard or not. After
# claim_labels, so that a relabelled claim is corrected again, before speakers and clusters.
@asset(group_name="entities", pool=POOL, deps=["claims", "claim_labels"], compute_kind="python",
       metadata=column_schema("corrections"))
def corrections(context: AssetExecutionContext, redline: RedlineConfig, warehouse: RedlineWarehouse) -> MaterializeResult:
    """The corrections file (REDLINE_CORRECTIONS, default corrections.yaml beside the raw folder) and the
    corrections table applied to the claims: speaker, topic or stance set, non-claims removed, missed claims
    added, speakers merged or split. Each correction's status says whether it still applies (a quote gone
    from its document is reported, never dropped); corrected claims carry corrected and original_values."""
    path = redline.settings(warehouse.database).corrections_path
    return materialized(apply_corrections(warehouse.store(), path, context.run.run_id, redline.taxonomy),
                        corrections_file=MetadataValue.path(str(path)))
