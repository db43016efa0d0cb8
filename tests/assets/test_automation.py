"""The new-files sensor and the daily schedule, evaluated with Dagster's testing helpers
against a real raw folder: each change of the folder triggers one run, nothing else does."""
from __future__ import annotations

import os
import shutil
from datetime import UTC, datetime

import pytest
from dagster import DagsterInstance, RunRequest, SkipReason, build_schedule_context, build_sensor_context

from assets.automation import daily_refresh, folder_fingerprint, new_files_sensor, redline_job
from assets.resources import resources_for
from pipeline.settings import settings_from_env
from tests.helpers import SAMPLE_DIR


@pytest.fixture
def raw(tmp_path, monkeypatch):
    folder = tmp_path / "raw"
    shutil.copytree(SAMPLE_DIR, folder)
    monkeypatch.setenv("REDLINE_RAW_DIR", str(folder))
    return folder


@pytest.fixture
def instance():
    with DagsterInstance.ephemeral() as inst:
        yield inst


def evaluate(instance, cursor):
    """One tick: the sensor's result and the cursor it leaves for the next tick."""
    context = build_sensor_context(instance=instance, cursor=cursor, resources={"redline": resources_for(settings_from_env(), {})["redline"]})
    result = new_files_sensor(context)
    return result, context.cursor


def test_first_tick_requests_a_run_and_sets_the_cursor(raw, instance):
    result, cursor = evaluate(instance, None)
    assert isinstance(result, RunRequest)
    assert cursor == folder_fingerprint(str(raw))
    assert result.run_key == cursor
    assert result.tags["redline/trigger"] == "new_files"
    assert new_files_sensor.job_name == redline_job.name


def test_unchanged_folder_skips(raw, instance):
    _, cursor = evaluate(instance, None)
    for _ in range(3):
        result, after = evaluate(instance, cursor)
        assert isinstance(result, SkipReason)
        assert "no new or changed files" in result.skip_message
        assert after == cursor


def test_each_change_triggers_exactly_one_run(raw, instance):
    _, cursor = evaluate(instance, None)
    run_keys = []

    def tick_after(change):
        nonlocal cursor
        change()
        result, new_cursor = evaluate(instance, cursor)
        assert isinstance(result, RunRequest), change.__name__
        assert new_cursor != cursor, "the cursor advances"
        run_keys.append(result.run_key)
        cursor = new_cursor
        repeat, same = evaluate(instance, cursor)
        assert isinstance(repeat, SkipReason), f"{change.__name__} triggered twice"
        assert same == cursor

    def new_file():
        (raw / "nested").mkdir()
        (raw / "nested" / "new.txt").write_text("Tehran, May 3 (Reuters) - The minister said talks would resume.\n")

    def changed_file():
        path = raw / "000_6f1e587edc738ead.txt"
        path.write_text(path.read_text() + "\nA line added later.\n")

    def touched_file():  # same bytes, new mtime: the sensor cannot tell; ingestion re-reads it cheaply
        path = raw / "001_4621c625cc4c6eff.txt"
        stat = path.stat()
        os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))

    def deleted_file():
        (raw / "002_0c4851bab53c4404.txt").unlink()

    for change in (new_file, changed_file, touched_file, deleted_file):
        tick_after(change)
    assert len(set(run_keys)) == len(run_keys), "every run request is distinct"


def test_schedule_requests_a_run_of_the_whole_job():
    context = build_schedule_context(scheduled_execution_time=datetime(2026, 3, 1, 6, tzinfo=UTC))
    result = daily_refresh(context)
    assert isinstance(result, RunRequest)
    assert result.tags["redline/trigger"] == "schedule"
    assert daily_refresh.job_name == redline_job.name
    assert daily_refresh.cron_schedule == "0 6 * * *"


def test_sensor_and_schedule_are_registered():
    from assets.definitions import defs

    repo = defs.get_repository_def()
    assert repo.get_sensor_def("new_files_sensor").job_name == "redline_job"
    assert repo.get_schedule_def("daily_refresh").job_name == "redline_job"
    job_assets = {key.to_user_string() for key in repo.get_job("redline_job").asset_layer.executable_asset_keys}
    assert {"raw_documents", "documents", "claims", "speakers", "claim_clusters", "marts"} <= job_assets
