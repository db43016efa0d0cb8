"""Shared fixtures: the sample corpus run through the real Dagster pipeline once per session."""
from __future__ import annotations

import os
import shutil

import duckdb
import pytest

from tests.helpers import SAMPLE_DIR, run

# The tests run the default, unsharded code location (assets.definitions reads this on import);
# tests/assets/test_shards.py builds the sharded one explicitly.
os.environ.pop("REDLINE_SHARDS", None)


@pytest.fixture(scope="session")
def sample_run(tmp_path_factory):
    """The sample corpus copied to a temporary raw folder and run once into a fresh warehouse."""
    base = tmp_path_factory.mktemp("sample")
    raw = base / "raw"
    shutil.copytree(SAMPLE_DIR, raw)
    warehouse = base / "redline.duckdb"
    result = run(raw, warehouse)
    assert result.success
    return raw, warehouse, result


@pytest.fixture
def sample_con(sample_run):
    _, warehouse, _ = sample_run
    con = duckdb.connect(str(warehouse), read_only=True)
    yield con
    con.close()


@pytest.fixture
def copied(sample_run, tmp_path):
    """A copy of the sample run: its raw folder (mtimes kept) and its warehouse."""
    raw, warehouse, _ = sample_run
    shutil.copytree(raw, tmp_path / "raw")
    shutil.copyfile(warehouse, tmp_path / "w.duckdb")
    return tmp_path / "raw", tmp_path / "w.duckdb"
