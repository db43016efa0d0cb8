"""Asset checks: thin wrappers over pipeline.quality with WARN/ERROR severities.

The checks of one asset run together, in one step (a ``multi_asset_check`` per asset):
each step costs a run a dozen Dagster events (about 0.1 CPU s), which a no-op re-run
paid for twelve checks. Each check is still its own check in the UI and in a run's
results, selectable and executable on its own; an ERROR check blocks the assets
downstream of its asset, as before.
"""
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from dagster import (
    AssetCheckExecutionContext,
    AssetCheckKey,
    AssetCheckResult,
    AssetCheckSeverity,
    AssetCheckSpec,
    AssetKey,
    AssetsDefinition,
    multi_asset_check,
)

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


@dataclass(frozen=True)
class Check:
    """One check: its name, severity and what it asks of the warehouse
    (``run(con, context, redline, warehouse)`` -> CheckResult)."""

    name: str
    severity: AssetCheckSeverity
    description: str
    run: Callable


def _sql(name: str, severity: AssetCheckSeverity, description: str) -> Check:
    return Check(name, severity, description, lambda con, context, redline, warehouse: count_violations(con, name))


def _rejected(table: str) -> Check:
    return Check(f"{table}_rows_valid", WARN,
                 f"No {table} row was rejected by its pandera model in this run (rejected rows are in rejected_rows).",
                 lambda con, context, redline, warehouse: rejected_rows(con, table, context.run.run_id))


def _unaccounted(con, context, redline: RedlineConfig, warehouse: RedlineWarehouse) -> CheckResult:
    settings = redline.settings(warehouse.database)
    return unaccounted_files(con, settings.raw_path, redline_outputs(settings))


# A file that is not accounted for is that file's problem: the check warns and names it,
# and the other documents go on to claims (issue 14: one file never blocks the corpus).
CHECKS_BY_ASSET: dict[str, list[Check]] = {
    "raw_documents": [_rejected("raw_documents")],
    "documents": [
        Check("every_file_accounted_for", WARN, "Every file in the raw folder is a document or an ingest_errors row.",
              _unaccounted),
        _rejected("documents"),
    ],
    CLAIMS: [
        _rejected("claims"),
        _sql("orphan_claims", ERROR, "Every claim's document exists."),
        _sql("claim_offsets", ERROR, "Every claim_text equals its document's text at its offsets."),
        _sql("future_dates", WARN, "No date is in the future or after the article's publication."),
    ],
    "speakers": [_rejected("speakers"), _sql("unknown_speakers", ERROR, "Every claims.speaker_id is in speakers.")],
    "claim_clusters": [_rejected("claim_clusters")],
    "corrections": [
        _sql("corrections_not_applied", WARN,
             "Every correction still applies: its document and quote are there (else its status says why)."),
        _rejected("corrections"),
    ],
}


def _result(check: Check, outcome: CheckResult, asset: str) -> AssetCheckResult:
    return AssetCheckResult(
        asset_key=AssetKey(asset),
        check_name=check.name,
        passed=outcome.passed,
        severity=check.severity,
        metadata={"violations": outcome.violations, "examples": preview(outcome.examples, list(outcome.examples.columns))},
    )


def checks_of(asset: AssetsDefinition | str):
    """The checks of ``asset`` as one multi-asset check: one step runs those selected."""
    name = asset if isinstance(asset, str) else asset.key.to_user_string()
    checks = CHECKS_BY_ASSET[name]
    specs = [AssetCheckSpec(c.name, asset=name, description=c.description, blocking=c.severity == ERROR) for c in checks]

    @multi_asset_check(name=f"{name}_checks", specs=specs, can_subset=True)
    def run_checks(context: AssetCheckExecutionContext, redline: RedlineConfig,
                   warehouse: RedlineWarehouse) -> Iterator[AssetCheckResult]:
        selected = context.selected_asset_check_keys
        with warehouse.get_connection() as con:
            for check in checks:
                if AssetCheckKey(AssetKey(name), check.name) in selected:
                    yield _result(check, check.run(con, context, redline, warehouse), name)

    return run_checks


CHECKS = [checks_of(asset) for asset in (raw_documents, documents, CLAIMS, speakers, claim_clusters, corrections)]
