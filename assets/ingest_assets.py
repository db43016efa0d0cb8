"""Reading the raw folder, and cleaning what changed."""
from dagster import AssetExecutionContext, AssetKey, MaterializeResult, asset

from assets.metadata import column_schema, materialized
from assets.resources import POOL, RedlineConfig, RedlineWarehouse
from pipeline.clean.run_clean import clean_pending
from pipeline.extract.run_extract import ParseAhead
from pipeline.ingest.folder import redline_outputs
from pipeline.ingest.run_ingest import ingest_raw_folder


@asset(group_name="ingest", pool=POOL, compute_kind="python", metadata=column_schema("raw_documents"))
def raw_documents(context: AssetExecutionContext, redline: RedlineConfig, warehouse: RedlineWarehouse) -> MaterializeResult:
    """Articles read from new or changed files in the raw folder (decoded, not yet
    cleaned), the files that could not be read (`ingest_errors`), and the
    `source_files` bookkeeping. Unchanged files cost one stat each."""
    settings = redline.settings(warehouse.database)
    return materialized(ingest_raw_folder(warehouse.store(), settings.raw_path, context.run.run_id,
                                          context.log.info, skip=redline_outputs(settings)))


@asset(group_name="ingest", pool=POOL, deps=[raw_documents], compute_kind="python", metadata=column_schema("documents"))
def documents(context: AssetExecutionContext, redline: RedlineConfig, warehouse: RedlineWarehouse) -> MaterializeResult:
    """Cleaned article text with title, date, outlet, byline and language; every
    removed line is kept in `removed_lines`; near-duplicates are linked through
    `duplicate_of`. Only raw documents not yet cleaned at this version are read."""
    ahead = ParseAhead(redline.settings(warehouse.database)) if _claims_follow(context) else None
    outcome = clean_pending(warehouse.store(), context.run.run_id, context.log.info, ahead)
    if ahead:
        outcome.stats["documents_parsed_ahead"] = ahead.taken
    return materialized(outcome)


def _claims_follow(context: AssetExecutionContext) -> bool:
    """This run goes on to the unpartitioned claims step, in this process (the in-process
    executor), so its workers may start on the cleaned documents while cleaning goes on.
    Sharded, each claims shard is a run of its own."""
    claims = AssetKey("claims")
    layer = context.job_def.asset_layer
    return claims in layer.selected_asset_keys and layer.asset_graph.get(claims).partitions_def is None
