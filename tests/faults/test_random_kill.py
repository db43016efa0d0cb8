"""Fault injection (issue 14): real runs of the sample corpus killed with SIGKILL at a
random moment, then run again to completion, must leave every table equal, row for
row, to a run that was never interrupted (columns that say when or by which run a row
was written aside)."""
from __future__ import annotations

import random
import shutil
import time
from pathlib import Path

import duckdb
import pytest

from tests.assets.test_operations import CliRun, consistent
from tests.helpers import SAMPLE_DIR, write_articles

SEEDS = [1, 2, 3]  # each a kill and a full run: about a minute on two cores
# The fingerprints of the dashboard and the snapshot include their paths, which differ
# from one warehouse to the next; what they are built from is compared table by table.
SAME_ROWS = {"asset_inputs": "WHERE asset_name NOT IN ('dashboard', 'warehouse_snapshot')"}


def comparable(warehouse: Path) -> dict[str, list[tuple]]:
    """Every table's rows, without its timestamps and run ids."""
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        columns: dict[str, list[str]] = {}
        for table, column in con.sql(
                "SELECT table_name, column_name FROM duckdb_columns() JOIN duckdb_tables() "
                "USING (database_name, schema_name, table_name) WHERE schema_name = 'main' "
                "AND data_type NOT LIKE 'TIMESTAMP%' AND column_name NOT LIKE '%run_id' "
                "ORDER BY table_name, column_index").fetchall():
            columns.setdefault(table, []).append(f'"{column}"')
        return {table: con.sql(f"SELECT {', '.join(cols)} FROM \"{table}\" {SAME_ROWS.get(table, '')} "
                               "ORDER BY ALL").fetchall()
                for table, cols in columns.items()}
    finally:
        con.close()


@pytest.fixture(scope="module")
def corpus(tmp_path_factory) -> tuple[Path, dict, float]:
    """The sample corpus and 150 generated articles, the tables of an uninterrupted run of
    it (the same command the killed runs use) and how long that run took."""
    base = tmp_path_factory.mktemp("random_kill")
    raw = base / "raw"
    shutil.copytree(SAMPLE_DIR, raw)
    write_articles(raw, range(4000, 4150), sentences=(1, 3))
    start = time.monotonic()
    CliRun(raw, base / "clean.duckdb", base / "home").finish()
    return raw, comparable(base / "clean.duckdb"), time.monotonic() - start


def killed_run(raw: Path, base: Path, delay: float) -> tuple[Path, Path, float]:
    """A run killed ``delay`` seconds after its start; returns its warehouse, its Dagster
    home and the delay. A run that finished first (the machine was less busy than when the
    clean run was timed) is done again into a new warehouse with half the delay."""
    for attempt in range(4):
        warehouse, home = base / f"w{attempt}.duckdb", base / f"home{attempt}"
        run = CliRun(raw, warehouse, home)
        time.sleep(delay)
        if run.proc.poll() is None:
            run.kill()
            return warehouse, home, delay
        run.finish()
        delay /= 2
    raise AssertionError("every run finished before it could be killed")


@pytest.mark.slow
@pytest.mark.parametrize("seed", SEEDS)
def test_a_run_killed_at_a_random_moment_then_rerun_equals_a_clean_run(corpus, tmp_path, seed):
    raw, expected, duration = corpus
    assert expected["claims"] and expected["documents"]
    delay = random.Random(seed).uniform(0.1, 0.8) * duration  # anywhere from start-up to the marts
    warehouse, home, delay = killed_run(raw, tmp_path, delay)
    if warehouse.exists():
        consistent(warehouse)
    assert "RUN_SUCCESS" in CliRun(raw, warehouse, home).finish()
    after = comparable(warehouse)
    assert after.keys() == expected.keys()
    differ = {table: sorted(set(after[table]) ^ set(rows))[:4] for table, rows in expected.items()
              if after[table] != rows}
    assert not differ, (seed, round(delay, 1), differ)
