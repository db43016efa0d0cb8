"""Launching the code location's asset jobs in this process, for the `redline` command.

The runs are the UI's runs: the same assets, checks and resources, recorded in
the Dagster instance of ``DAGSTER_HOME`` (when it is set) so that `dagster dev`
shows them, their logs and their materialisations. Dagster's own console logs
are off unless asked for; a progress display (assets/progress.py) takes their place.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from dagster import AssetKey, AssetSelection, DagsterInstance, Definitions, colored_console_logger, define_asset_job

from assets.progress import Display, progress_logger
from pipeline.settings import Settings
from pipeline.shards import shard_keys

RECLASSIFY_JOB = "redline_reclassify_job"
# Labels stored claims again from their text when the taxonomy or classifier changed (assets/label_assets.py).
RECLASSIFY_ASSET = "claim_labels"


@dataclass(frozen=True)
class Launch:
    """One run: a job of the code location, optionally one partition of it."""

    job: str
    partition: str | None = None


def instance() -> tuple[DagsterInstance, bool]:
    """The instance of DAGSTER_HOME (created if the folder is missing), else a throwaway
    one; the flag says whether runs persist."""
    home = os.environ.get("DAGSTER_HOME")
    if not home:
        return DagsterInstance.ephemeral(), False
    Path(home).mkdir(parents=True, exist_ok=True)
    # An empty dagster.yaml is Dagster's own advice for a home with default storage;
    # without it every command prints a notice saying so.
    (Path(home) / "dagster.yaml").touch(exist_ok=True)
    return DagsterInstance.get(), True


def run_plan(settings: Settings) -> list[Launch]:
    """The runs of a whole pipeline run: one job, or (sharded) reading and cleaning,
    each shard's claims one after another, then everything after claims."""
    if not settings.shards:
        return [Launch("redline_job")]
    shards = [Launch("redline_claims_job", key) for key in shard_keys(settings.shards)]
    return [Launch("redline_ingest_job"), *shards, Launch("redline_refresh_job")]


def reclassify_target(defs: Definitions) -> AssetKey | None:
    """The code location's reclassification asset, if it has one."""
    key = AssetKey(RECLASSIFY_ASSET)
    return key if key in defs.resolve_asset_graph().get_all_asset_keys() else None


def reclassify_plan(defs: Definitions, settings: Settings) -> tuple[Definitions, list[Launch], str]:
    """The runs that label the claims again: the reclassification asset and what depends
    on it, or without one, claims onward. Returns the definitions with that job added."""
    target = reclassify_target(defs)
    if target is None and settings.shards:
        return defs, [Launch("redline_claims_job", k) for k in shard_keys(settings.shards)] + [
            Launch("redline_refresh_job")], "claims and everything after it (no reclassification asset)"
    # Everything after claims (the relabelling asset among it), or claims too when it must do the labelling.
    after_claims = AssetSelection.assets("claims").downstream()
    selection = after_claims - AssetSelection.assets("claims") if target else after_claims
    job = define_asset_job(RECLASSIFY_JOB, selection=selection,
                           description="Label the claims again and refresh what depends on the labels.")
    what = f"{target.to_user_string()} and everything after claims" if target else \
        "claims and everything after it (no reclassification asset)"
    return Definitions.merge(defs, Definitions(jobs=[job])), [Launch(RECLASSIFY_JOB)], what


def with_loggers(defs: Definitions, display: Display) -> Definitions:
    """``defs`` with the progress logger (and Dagster's console logger, for -v) on every job."""
    return Definitions.merge(defs, Definitions(loggers={
        "console": colored_console_logger, "redline_progress": progress_logger(display)}))


def run_config(verbose: bool) -> dict:
    # Only the loggers named in the run config are started: Dagster's console output is off by default.
    loggers = {"redline_progress": {}}
    if verbose:
        loggers["console"] = {"config": {"log_level": "DEBUG"}}
    return {"loggers": loggers}


def execute(defs: Definitions, plan: list[Launch], dagster: DagsterInstance, verbose: bool, tags: dict,
            display: Display | None = None):
    """Run ``plan`` in order, stopping at the first failed run; returns the results."""
    results = []
    for launch in plan:
        if display is not None:
            display.partition = launch.partition and f"shard {launch.partition}"
        job = defs.resolve_job_def(launch.job)
        result = job.execute_in_process(run_config=run_config(verbose), instance=dagster,
                                        partition_key=launch.partition, raise_on_error=False, tags=tags)
        results.append(result)
        if not result.success:
            break
    return results
