"""The labels asset: topic and stance of stored claims, again when the taxonomy or its classifier changed."""
from dagster import AssetExecutionContext, MaterializeResult, asset

from assets.metadata import materialized
from assets.resources import POOL, RedlineConfig, RedlineWarehouse
from pipeline.enrich.relabel import relabel_stale


# "claims" by key: that asset is built per configuration, partitioned by shard or not.
@asset(group_name="extract", pool=POOL, deps=["claims"], compute_kind="python")
def claim_labels(context: AssetExecutionContext, redline: RedlineConfig, warehouse: RedlineWarehouse) -> MaterializeResult:
    """Topic, stance, their confidences and condition of every claim labelled with
    another taxonomy or classifier than the current ones (document_extractions.labels_digest),
    from the stored claim text, cue and parse features: no spaCy, seconds per thousand claims.
    Extraction labels new claims itself, so on an unchanged taxonomy this does nothing."""
    return materialized(relabel_stale(warehouse.store(), redline.taxonomy, context.log.info))
