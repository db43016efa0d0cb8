"""The `redline` command, run as users run it: the installed console script in a
subprocess, real Dagster runs recorded in a DAGSTER_HOME, the real DuckDB file."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pytest

from assets.progress import Display, duration
from tests.helpers import ROOT, write_articles

REDLINE = shutil.which("redline", path=str(Path(sys.executable).parent)) or shutil.which("redline")
pytestmark = pytest.mark.skipif(REDLINE is None, reason="the redline command is not installed: pip install -e .")
BAD_FILES = {"empty.txt": b"", "broken.json": b'{"title": "cut off", "text": '}


def redline(*args: str, env: dict, cwd: Path, check: bool = True) -> subprocess.CompletedProcess:
    done = subprocess.run([REDLINE, *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=900)
    if check:
        assert done.returncode == 0, done.stdout + done.stderr
    return done


@pytest.fixture(scope="module")
def first_run(tmp_path_factory):
    """Two articles and two files that cannot be read, run once with `redline run`."""
    base = tmp_path_factory.mktemp("cli")
    raw, out, home = base / "raw", base / "out", base / "dagster_home"
    write_articles(raw, [1, 2])
    for name, data in BAD_FILES.items():
        (raw / name).write_bytes(data)
    env = {k: v for k, v in os.environ.items() if not k.startswith(("REDLINE_", "DAGSTER_"))}
    env.update(DAGSTER_HOME=str(home), REDLINE_N_PROCESS="1")
    done = redline("run", "--raw", str(raw), "--out", str(out), env=env, cwd=base)
    return base, raw, out, env, done


def test_run_summarises_what_it_read_and_wrote(first_run):
    _, _, out, _, done = first_run
    summary = done.stdout
    assert summary.startswith("redline: finished in")
    assert "2 read, 2 could not be read (4 new, 0 changed" in summary
    for name in BAD_FILES:
        assert f"{name}: " in summary  # each unreadable file with its reason
    for path in (out / "redline.duckdb", out / "redline_read.duckdb", out / "dashboard.html"):
        assert path.exists() and str(path.resolve()) in summary
    with duckdb.connect(str(out / "redline.duckdb"), read_only=True) as con:
        documents, claims = con.sql("SELECT (SELECT count(*) FROM documents), (SELECT count(*) FROM claims)").fetchone()
        errors = con.sql("SELECT count(*) FROM ingest_errors").fetchone()[0]
    assert documents == 2 and errors == 2 and claims > 0
    assert f"documents  {documents} " in summary and f"claims     {claims} by " in summary


def test_run_is_quiet_and_shows_progress(first_run):
    done = first_run[-1]
    assert "DEBUG" not in done.stderr and "dagster - " not in done.stderr
    assert "Warning" not in done.stderr and "warn" not in done.stderr.lower()
    for asset in ("raw_documents", "documents", "claims", "speakers", "marts", "dashboard", "warehouse_snapshot"):
        assert f"  {asset:<20} done in " in done.stderr


def test_the_run_is_in_the_dagster_instance(first_run, monkeypatch):
    from dagster import AssetKey, DagsterInstance

    _, _, _, env, done = first_run
    monkeypatch.setenv("DAGSTER_HOME", env["DAGSTER_HOME"])
    with DagsterInstance.get() as instance:
        (record,) = instance.get_run_records()
        assert record.dagster_run.job_name == "redline_job" and record.dagster_run.is_success
        assert record.dagster_run.run_id.split("-")[0] in done.stdout
        event = instance.get_latest_materialization_event(AssetKey("claims"))
        assert event is not None and event.run_id == record.dagster_run.run_id


def test_status_says_what_is_pending(first_run):
    base, raw, out, env, _ = first_run
    status = redline("status", "--raw", str(raw), "--out", str(out), env=env, cwd=base).stdout
    assert "pending    nothing" in status
    assert "last run   redline_job success" in status
    assert "2 files unreadable" in status
    write_articles(raw, [3])
    try:
        status = redline("status", "--raw", str(raw), "--out", str(out), env=env, cwd=base).stdout
    finally:
        (raw / "gen_00003.txt").unlink()
    assert "pending    1 new, 0 changed and 0 removed files" in status


@pytest.mark.slow
def test_status_reads_the_snapshot_while_the_warehouse_is_held(first_run):
    base, raw, out, env, _ = first_run
    holder = subprocess.Popen([sys.executable, "-c", "import duckdb, sys, time; c = duckdb.connect(sys.argv[1]);"
                               " print('held', flush=True); time.sleep(120)", str(out / "redline.duckdb")],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "held"
        status = redline("status", "--raw", str(raw), "--out", str(out), env=env, cwd=base).stdout
    finally:
        holder.kill()
        holder.wait()
    assert "the warehouse is in use" in status and "figures from the snapshot" in status
    assert "pending    nothing" in status


def test_export_writes_csv_and_parquet(first_run):
    base, _, out, env, _ = first_run
    target = base / "export"
    listing = redline("export", "--warehouse", str(out), "--view", "claims_timeline", "--out", str(target),
                      env=env, cwd=base).stdout
    assert "redline_read.duckdb" in listing  # read from the snapshot, so it never blocks a run
    with duckdb.connect(str(out / "redline.duckdb"), read_only=True) as con:
        n_claims = con.sql("SELECT count(*) FROM claims_timeline").fetchone()[0]
        csv_rows = con.sql(f"SELECT count(*) FROM read_csv('{target / 'claims_timeline.csv'}')").fetchone()[0]
    assert csv_rows == n_claims
    redline("export", "--warehouse", str(out / "redline.duckdb"), "--format", "parquet", "--table", "claims",
            "--table", "ingest_errors", "--out", str(target), env=env, cwd=base)
    with duckdb.connect() as con:
        kinds = con.sql(f"SELECT error_kind FROM '{target / 'ingest_errors.parquet'}' ORDER BY ALL").fetchall()
        assert len(kinds) == 2
        assert con.sql(f"SELECT count(*) FROM '{target / 'claims.parquet'}'").fetchone()[0] > 0
    wrong = redline("export", "--warehouse", str(out), "--view", "claims", env=env, cwd=base, check=False)
    assert wrong.returncode != 0 and "no view named claims; there are: " in wrong.stderr
    assert "claims_timeline" in wrong.stderr


def test_a_missing_raw_folder_is_a_clear_error(first_run):
    base, _, out, env, _ = first_run
    done = redline("run", "--raw", str(base / "nowhere"), "--out", str(out), env=env, cwd=base, check=False)
    assert done.returncode != 0
    assert "is not a folder" in done.stderr and "Traceback" not in done.stderr


@pytest.mark.slow
def test_a_failed_step_is_named_with_its_error(first_run, tmp_path):
    base, raw, _, env, _ = first_run
    (tmp_path / "redline.duckdb").write_text("not a warehouse\n")  # another program's file where the warehouse goes
    done = redline("run", "--raw", str(raw), "--out", str(tmp_path), env=env, cwd=base, check=False)
    assert done.returncode == 1
    assert done.stdout.startswith("redline: FAILED in ")
    assert "  raw_documents failed: " in done.stdout and "rerun with -v" in done.stdout
    assert (tmp_path / "redline.duckdb").read_text() == "not a warehouse\n"  # left as it was


def test_eval_is_redline_eval(first_run):
    base, _, _, env, _ = first_run
    assert "usage: redline-eval" in redline("eval", "--help", env=env, cwd=base).stdout
    assert "eval" in redline("--help", env=env, cwd=base).stdout


@pytest.mark.slow
def test_reclassify_and_verbose_runs(first_run):
    base, raw, out, env, _ = first_run
    again = redline("reclassify", "--raw", str(raw), "--out", str(out), "-v", env=env, cwd=base)
    assert "redline reclassify: " in again.stderr
    assert "STEP_START" in again.stderr  # -v: Dagster's own logs
    assert "redline: finished" in again.stdout


def test_progress_estimates_the_time_left():
    from io import StringIO

    stream = StringIO()
    display = Display({"claims"}, stream, live=False)
    display.started("claims")
    display.progressed("claims", "claims: 10/100 documents done")
    display.stage.first_seen -= 10  # as if ten seconds had passed since the first message
    display.stage.printed = -1e9
    display.progressed("claims", "claims: 20/100 documents done")
    display.finished("claims", True)
    lines = stream.getvalue().splitlines()
    assert lines[0] == "  claims               [##----------------------] 10/100"
    assert lines[1] == "  claims               [####--------------------] 20/100, about 1 min 20 s left"
    assert lines[2].startswith("  claims               done in ")
    assert duration(3725) == "1 h 2 min" and duration(59.6) == "1 min 0 s"


def test_progress_on_a_terminal_rewrites_one_line():
    from io import StringIO

    stream = StringIO()
    display = Display({"claims"}, stream, live=True)
    display.started("claims")
    display.progressed("claims", "claims: 5/10 documents done")
    display.finished("claims", False, "boom")
    out = stream.getvalue()
    assert out.count("\r\x1b[2K") == 3 and out.endswith("FAILED in 0 s\n")
    assert "[############------------] 5/10" in out and display.failures == [("claims", "boom")]


def test_the_run_plans_follow_the_code_location():
    from assets.definitions import build_definitions
    from assets.launch import RECLASSIFY_JOB, Launch, reclassify_plan, run_plan
    from pipeline.settings import Settings

    assert run_plan(Settings()) == [Launch("redline_job")]
    assert [(p.job, p.partition) for p in run_plan(Settings(shards=2))] == [
        ("redline_ingest_job", None), ("redline_claims_job", "0"), ("redline_claims_job", "1"),
        ("redline_refresh_job", None)]
    settings = Settings(raw_dir=str(ROOT / "data" / "raw"))
    defs, plan, what = reclassify_plan(build_definitions(settings), settings)
    assert plan == [Launch(RECLASSIFY_JOB)] and what.startswith("claim_labels")
    selected = {k.to_user_string() for k in defs.resolve_job_def(RECLASSIFY_JOB).asset_layer.selected_asset_keys}
    # Labels again and refreshes everything after them, without sending a document through spaCy.
    assert "claims" not in selected and {"claim_labels", "speakers", "marts", "dashboard"} <= selected


@pytest.mark.slow
def test_a_sharded_run_goes_shard_by_shard(tmp_path):
    raw, out = tmp_path / "raw", tmp_path / "out"
    write_articles(raw, range(1, 5))
    env = {k: v for k, v in os.environ.items() if not k.startswith(("REDLINE_", "DAGSTER_"))}
    env.update(DAGSTER_HOME=str(tmp_path / "home"), REDLINE_N_PROCESS="1", REDLINE_SHARDS="2")
    done = redline("run", "--raw", str(raw), "--out", str(out), env=env, cwd=tmp_path)
    assert "  claims shard 0 " in done.stderr and "  claims shard 1 " in done.stderr
    runs = done.stdout.split("  runs       ")[1].split(",")[:4]
    assert len(runs) == 4 and "documents  4 " in done.stdout
