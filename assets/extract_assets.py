"""The NLP asset: attributed claims from documents not yet processed at this version."""
from dagster import AssetExecutionContext, AssetsDefinition, MaterializeResult, StaticPartitionsDefinition, asset

from assets.ingest_assets import documents
from assets.metadata import column_schema, materialized
from assets.resources import POOL, RedlineConfig, RedlineWarehouse
from pipeline.extract.run_extract import extract_pending
from pipeline.shards import Shard, shard_keys


def claims_asset(shards: int | None = None) -> AssetsDefinition:
    """The claims asset: one step over every document, or with ``shards`` one
    partition per shard of the documents (pipeline.shards), each extracting only
    its own documents so that shards run side by side (docs/scaling.md)."""
    partitions = StaticPartitionsDefinition(shard_keys(shards)) if shards else None

    # Sharded, the steps stay out of the warehouse pool: a pool limit of 1 would run
    # whole shards (hours of spaCy) one after another for the sake of writes that
    # take a fraction of a second; DuckDB's lock, retried with backoff, serializes those.
    @asset(name="claims", group_name="extract", pool=None if shards else POOL, deps=[documents],
           partitions_def=partitions, compute_kind="spacy", metadata=column_schema("claims"))
    def claims(context: AssetExecutionContext, redline: RedlineConfig, warehouse: RedlineWarehouse) -> MaterializeResult:
        """Attributed statements (direct quotes and reported speech) with speaker, cue,
        date, topic, stance and condition. Only documents not yet processed at this
        pipeline_version go through spaCy; each batch of documents is written with its
        claims in one transaction, so a killed run resumes where it stopped."""
        shard = Shard.from_key(context.partition_key, shards) if shards else None
        return materialized(extract_pending(warehouse.store(), redline.settings(), context.run.run_id, shard,
                                            context.log.info))

    return claims
