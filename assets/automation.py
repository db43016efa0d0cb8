"""The jobs, the daily schedule and the new-files sensor: unsharded, and sharded (REDLINE_SHARDS)."""

import os
from pathlib import Path

from dagster import (
    AssetSelection,
    DefaultScheduleStatus,
    DefaultSensorStatus,
    RunRequest,
    SensorEvaluationContext,
    SkipReason,
    define_asset_job,
    schedule,
    sensor,
)

# Not in Dagster's public API, but the only way in 1.13 for a sensor to start an asset
# backfill (RunRequest.for_asset_graph_subset) and to see whether one is running.
from dagster._core.definitions.assets.graph.asset_graph_subset import AssetGraphSubset
from dagster._core.execution.backfill import BulkActionStatus

from assets.resources import RedlineConfig
from pipeline.ingest.folder import folder_fingerprint, redline_outputs

redline_job = define_asset_job(
    "redline_job", selection=AssetSelection.all(), description="Raw files to claims, speakers, clusters, marts and the dashboard."
)


@schedule(job=redline_job, cron_schedule="0 6 * * *", default_status=DefaultScheduleStatus.STOPPED)
def daily_refresh(context):
    """Every morning: pick up anything the sensor missed and refresh the marts and
    dashboard (relative dates and 'latest' views depend on the day)."""
    return RunRequest(run_key=None, tags={"redline/trigger": "schedule"})


def _folder_change(context: SensorEvaluationContext, redline: RedlineConfig) -> str | SkipReason:
    """The folder's new fingerprint (now the cursor) if it changed since the last tick. The
    files redline writes do not count: a warehouse kept in the raw folder would trigger itself."""
    raw_dir = redline.raw_dir
    settings = redline.settings(os.environ.get("REDLINE_WAREHOUSE") or None)  # as assets/definitions.py reads it
    fingerprint = folder_fingerprint(Path(raw_dir), redline_outputs(settings))
    if fingerprint == context.cursor:
        return SkipReason(f"no new or changed files in {raw_dir}")
    context.update_cursor(fingerprint)
    return fingerprint


@sensor(job=redline_job, minimum_interval_seconds=60, default_status=DefaultSensorStatus.STOPPED)
def new_files_sensor(context: SensorEvaluationContext, redline: RedlineConfig):
    """Starts a run when files land in or change in the raw folder; the cursor holds
    the folder's fingerprint, so each change triggers one run."""
    change = _folder_change(context, redline)
    if isinstance(change, SkipReason):
        return change
    return RunRequest(run_key=change, tags={"redline/trigger": "new_files"})


# --------------------------------------------------------------------------- sharded (REDLINE_SHARDS=N)

ingest_job = define_asset_job(
    "redline_ingest_job", selection=AssetSelection.assets("raw_documents", "documents"),
    description="Read and clean new or changed files (one run, not partitioned).",
)
claims_job = define_asset_job(
    "redline_claims_job", selection=AssetSelection.assets("claims"),
    description="Claims of one shard of the documents: one run per partition, side by side.",
)
refresh_job = define_asset_job(
    "redline_refresh_job", selection=AssetSelection.assets("claim_labels").downstream(),
    description="Claim labels (when the taxonomy changed), speakers, clusters, marts, dashboard and snapshot from the claims of every shard.",
)


@sensor(name="new_files_sensor", asset_selection=AssetSelection.all(), minimum_interval_seconds=60,
        default_status=DefaultSensorStatus.STOPPED)
def sharded_new_files_sensor(context: SensorEvaluationContext, redline: RedlineConfig):
    """Starts a backfill of every asset and every shard when files land in or change in
    the raw folder. The backfill daemon runs it in dependency order: reading and
    cleaning, then one run per shard side by side (as many as the run queue allows),
    then speakers, clusters, marts, dashboard and snapshot once every shard is done.
    While a backfill is still running it waits (the cursor stays, so the change is
    picked up next): a second one would clean documents under the running shards."""
    if context.instance.get_backfills(status=BulkActionStatus.REQUESTED, limit=1):
        return SkipReason("a backfill is still running; new files wait for it")
    change = _folder_change(context, redline)
    if isinstance(change, SkipReason):
        return change
    everything = AssetGraphSubset.all(context.repository_def.asset_graph)
    return RunRequest.for_asset_graph_subset(everything, tags={"redline/trigger": "new_files"})


@schedule(name="daily_refresh", job=refresh_job, cron_schedule="0 6 * * *", default_status=DefaultScheduleStatus.STOPPED)
def sharded_daily_refresh(context):
    """Every morning: refresh the marts and dashboard, whose relative dates and 'latest'
    views depend on the day (new files are the sensor's: a schedule cannot start a backfill)."""
    return RunRequest(run_key=None, tags={"redline/trigger": "schedule"})


def automation(shards: int | None) -> dict:
    """The jobs, schedules and sensors of the code location, sharded or not."""
    if shards:
        return {"jobs": [ingest_job, claims_job, refresh_job], "schedules": [sharded_daily_refresh],
                "sensors": [sharded_new_files_sensor]}
    return {"jobs": [redline_job], "schedules": [daily_refresh], "sensors": [new_files_sensor]}
