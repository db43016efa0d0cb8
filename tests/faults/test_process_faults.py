"""Process-level faults (issue 14): a run killed with two spaCy workers, a snapshot
temp file left by a kill, the advice of the lock error. Real processes, real
DuckDB files, real Dagster runs."""
from __future__ import annotations

import os
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest

from tests.assets.test_operations import CliRun, Holder
from tests.helpers import PYTHON, meta, run, tables, write_articles


def children_of(pid: int) -> list[int]:
    """Every live descendant of ``pid``, from /proc (its children's children too)."""
    parents = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parents[int(entry.name)] = int(stat.rsplit(")", 1)[1].split()[1])
    found, frontier = [], [pid]
    while frontier:
        kids = [child for child, parent in parents.items() if parent in frontier]
        found += kids
        frontier = kids
    return found


def alive(pid: int) -> bool:
    """Running, not a zombie waiting to be reaped."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def command_line(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


def wait_until(condition, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, what
        time.sleep(0.1)


# --------------------------------------------------------------------------- spaCy workers

@pytest.mark.slow
def test_kill_9_of_a_run_with_two_spacy_workers_leaves_no_orphans(tmp_path):
    raw = tmp_path / "raw"
    write_articles(raw, range(3000, 3400), sentences=(2, 4))  # minutes of NLP: the kill lands in it
    cli = CliRun(raw, tmp_path / "w.duckdb", tmp_path / "home")
    try:
        def workers() -> list[int]:
            return [pid for pid in children_of(cli.proc.pid) if "spawn_main" in command_line(pid)]

        wait_until(lambda: len(workers()) == 2, 120, "two spaCy workers never started")
        cli.wait_for(r"extracting claims from up to")
        time.sleep(3)  # the workers load the model and parse
        family = children_of(cli.proc.pid)
        assert any("resource_tracker" in command_line(pid) for pid in family), [command_line(p) for p in family]
        os.kill(cli.proc.pid, signal.SIGKILL)  # the run's process only, as a crash or the OOM killer would
        assert cli.proc.wait(timeout=30) == -signal.SIGKILL
        wait_until(lambda: not any(alive(pid) for pid in family), 10,
                   f"orphans left: {[command_line(pid) for pid in family if alive(pid)]}")
    finally:
        try:
            os.killpg(cli.proc.pid, signal.SIGKILL)  # whatever survived, so a failure leaks nothing
        except ProcessLookupError:
            pass


# --------------------------------------------------------------------------- snapshot temp files

def test_a_snapshot_temp_file_left_by_a_killed_run_is_removed_by_the_next(copied):
    from pipeline.warehouse.snapshot import snapshot_path, temp_path

    raw, warehouse = copied
    target = snapshot_path(warehouse.resolve())
    gone = subprocess.Popen([PYTHON, "-c", "pass"])
    gone.wait()  # a run killed during its copy: its pid is free, its warehouse-sized copy stays
    stale = temp_path(target, gone.pid)
    shutil.copyfile(warehouse, stale)
    with subprocess.Popen([PYTHON, "-c", "import time; time.sleep(60)"]) as writing:
        in_progress = temp_path(target, writing.pid)  # a copy whose writer is still at work
        in_progress.write_bytes(b"partial")
        try:
            result = run(raw, warehouse)
        finally:
            writing.kill()
        assert not stale.exists()
        assert in_progress.exists()
        assert meta(result, "warehouse_snapshot")["stale_temp_files_removed"] == 1
    assert tables(target) == tables(warehouse)


# --------------------------------------------------------------------------- the lock error's advice

def test_the_lock_error_advises_what_does_not_block_the_run(copied):
    from pipeline.warehouse import WarehouseBusyError, connect
    from pipeline.warehouse.snapshot import refresh_snapshot, snapshot_path
    from pipeline.warehouse.store import Warehouse

    _, warehouse = copied
    refresh_snapshot(Warehouse(str(warehouse)))
    with Holder(warehouse, "rw"), pytest.raises(WarehouseBusyError) as caught:
        connect(warehouse, attempts=2, first_delay=0.05)
    message = str(caught.value)
    # the advice a reader used to get (open it read-only) blocks a run on Linux, so it is not given
    with Holder(warehouse, "ro"), pytest.raises(WarehouseBusyError):
        connect(warehouse, attempts=1)
    assert "open the file read-only" not in message and "read_only=True" not in message
    assert "wait for it to finish" in message
    # the advice given: read the snapshot it names, which a run never waits for
    named = snapshot_path(warehouse)
    assert str(named) in message
    with Holder(named, "ro") as reader:
        assert reader.first == 5
        connect(warehouse, attempts=1).close()
