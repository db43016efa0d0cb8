"""Shared fixtures: the sample corpus run through the real Dagster pipeline once per session."""
from __future__ import annotations

import os
import shutil
from pathlib import Path

import duckdb
import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLE_DIR = ROOT / "data" / "raw"
# The tests run the default, unsharded code location (assets.definitions reads this on import);
# tests/test_shards.py builds the sharded one explicitly.
os.environ.pop("REDLINE_SHARDS", None)


def run_pipeline(raw_dir: Path, warehouse: Path, dashboard: Path | None = None):
    """Materialise every asset (and check) with resources pointed at ``raw_dir`` and ``warehouse``."""
    import os

    from dagster import materialize

    from assets.definitions import defs
    from assets.resources import RedlineConfig, RedlineWarehouse
    from pipeline.nlp import model_name

    os.environ["REDLINE_DASHBOARD"] = str(dashboard or warehouse.with_suffix(".html"))
    assets = list(defs.assets)
    result = materialize(
        assets + list(defs.asset_checks),
        resources={
            "redline": RedlineConfig(raw_dir=str(raw_dir), spacy_model=model_name(), n_process=1),
            "warehouse": RedlineWarehouse(database=str(warehouse)),
        },
    )
    assert result.success
    return result


@pytest.fixture(scope="session")
def sample_run(tmp_path_factory):
    """The sample corpus copied to a temporary raw folder and run once into a fresh warehouse."""
    base = tmp_path_factory.mktemp("sample")
    raw = base / "raw"
    shutil.copytree(SAMPLE_DIR, raw)
    warehouse = base / "redline.duckdb"
    result = run_pipeline(raw, warehouse)
    return raw, warehouse, result


@pytest.fixture
def sample_con(sample_run):
    _, warehouse, _ = sample_run
    con = duckdb.connect(str(warehouse), read_only=True)
    yield con
    con.close()
