"""Reading the raw folder, and cleaning what changed."""
from dagster import AssetExecutionContext, MaterializeResult, asset

from assets.metadata import column_schema, materialized
from assets.resources import POOL, RedlineConfig, RedlineWarehouse
from pipeline.clean.run_clean import clean_pending
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
def documents(context: AssetExecutionContext, warehouse: RedlineWarehouse) -> MaterializeResult:
    """Cleaned article text with title, date, outlet, byline and language; every
    removed line is kept in `removed_lines`; near-duplicates are linked through
    `duplicate_of`. Only raw documents not yet cleaned at this version are read."""
    return materialized(clean_pending(warehouse.store(), context.run.run_id, context.log.info))
