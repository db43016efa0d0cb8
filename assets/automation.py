"""The job, the daily schedule and the new-files sensor."""

import hashlib
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

from assets.resources import RedlineConfig
from pipeline.raw_folder import scan_folder

redline_job = define_asset_job(
    "redline_job", selection=AssetSelection.all(), description="Raw files to claims, speakers, clusters, marts and the dashboard."
)


@schedule(job=redline_job, cron_schedule="0 6 * * *", default_status=DefaultScheduleStatus.STOPPED)
def daily_refresh(context):
    """Every morning: pick up anything the sensor missed and refresh the marts and
    dashboard (relative dates and 'latest' views depend on the day)."""
    return RunRequest(run_key=None, tags={"redline/trigger": "schedule"})


def folder_fingerprint(raw_dir: str) -> str:
    """A digest of every file's path, size and mtime: it changes when a file lands or changes."""
    scan = scan_folder(Path(raw_dir))
    digest = hashlib.sha256()
    for path, size, mtime in scan.itertuples(index=False):
        digest.update(f"{path}\0{size}\0{mtime}\n".encode())
    return digest.hexdigest()


@sensor(job=redline_job, minimum_interval_seconds=60, default_status=DefaultSensorStatus.STOPPED)
def new_files_sensor(context: SensorEvaluationContext, redline: RedlineConfig):
    """Starts a run when files land in or change in the raw folder; the cursor holds
    the folder's fingerprint, so each change triggers one run."""
    raw_dir = redline.raw_dir
    fingerprint = folder_fingerprint(raw_dir)
    if fingerprint == context.cursor:
        return SkipReason(f"no new or changed files in {raw_dir}")
    context.update_cursor(fingerprint)
    return RunRequest(run_key=fingerprint, tags={"redline/trigger": "new_files"})
