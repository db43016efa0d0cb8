"""Asset checks: thin wrappers over pipeline.quality with WARN/ERROR severities."""

from dagster import AssetCheckExecutionContext, AssetCheckResult, AssetCheckSeverity, asset_check

from assets.correction_assets import corrections
from assets.entity_assets import claim_clusters, speakers
from assets.ingest_assets import documents, raw_documents
from assets.metadata import preview
from assets.resources import RedlineConfig, RedlineWarehouse
from pipeline.ingest.folder import redline_outputs
from pipeline.quality import CheckResult, count_violations, rejected_rows, unaccounted_files

ERROR, WARN = AssetCheckSeverity.ERROR, AssetCheckSeverity.WARN
# By key: the claims asset is built per configuration, partitioned by shard or not (assets/extract_assets.py).
CLAIMS = "claims"


def _result(outcome: CheckResult, severity: AssetCheckSeverity) -> AssetCheckResult:
    return AssetCheckResult(
        passed=outcome.passed,
        severity=severity,
        metadata={"violations": outcome.violations, "examples": preview(outcome.examples, list(outcome.examples.columns))},
    )


def _sql_check(asset, name: str, severity: AssetCheckSeverity, description: str):
    @asset_check(asset=asset, name=name, description=description, blocking=severity == ERROR)
    def check(warehouse: RedlineWarehouse) -> AssetCheckResult:
        with warehouse.get_connection() as con:
            return _result(count_violations(con, name), severity)

    return check


def _rejected_check(asset, table: str):
    @asset_check(asset=asset, name=f"{table}_rows_valid", description=f"No {table} row was rejected by its pandera model in this run (rejected rows are in rejected_rows).")
    def check(context: AssetCheckExecutionContext, warehouse: RedlineWarehouse) -> AssetCheckResult:
        with warehouse.get_connection() as con:
            return _result(rejected_rows(con, table, context.run.run_id), WARN)

    return check


# A file that is not accounted for is that file's problem: the check warns and names it,
# and the other documents go on to claims (issue 14: one file never blocks the corpus).
@asset_check(asset=documents, description="Every file in the raw folder is a document or an ingest_errors row.")
def every_file_accounted_for(redline: RedlineConfig, warehouse: RedlineWarehouse) -> AssetCheckResult:
    settings = redline.settings(warehouse.database)
    with warehouse.get_connection() as con:
        return _result(unaccounted_files(con, settings.raw_path, redline_outputs(settings)), WARN)


CHECKS = [
    every_file_accounted_for,
    _rejected_check(raw_documents, "raw_documents"),
    _rejected_check(documents, "documents"),
    _rejected_check(CLAIMS, "claims"),
    _rejected_check(speakers, "speakers"),
    _rejected_check(claim_clusters, "claim_clusters"),
    _sql_check(CLAIMS, "orphan_claims", ERROR, "Every claim's document exists."),
    _sql_check(CLAIMS, "claim_offsets", ERROR, "Every claim_text equals its document's text at its offsets."),
    _sql_check(CLAIMS, "future_dates", WARN, "No date is in the future or after the article's publication."),
    _sql_check(speakers, "unknown_speakers", ERROR, "Every claims.speaker_id is in speakers."),
    _sql_check(corrections, "corrections_not_applied", WARN,
               "Every correction still applies: its document and quote are there (else its status says why)."),
    _rejected_check(corrections, "corrections"),
]
