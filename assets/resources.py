"""Dagster resources: the settings of a run and the warehouse it writes to.

Values come from the environment (pipeline/settings.py), read and checked once
when the code location loads, so a mistyped folder or taxonomy stops the load
with a message instead of a run, and the Dagster UI shows what a run used.
"""
from collections.abc import Iterator
from contextlib import contextmanager

import duckdb
from dagster import ConfigurableResource, EnvVar
from dagster_duckdb import DuckDBResource
from pydantic import Field

from pipeline.settings import DEFAULT_BATCH_CHARS, DEFAULT_BATCH_SIZE, Settings
from pipeline.warehouse.store import Warehouse

POOL = "redline_warehouse"  # one writer at a time: every writing asset runs in this pool
# The Settings fields the `redline` resource carries (the warehouse path is the other resource's).
CONFIG_FIELDS = ("raw_dir", "spacy_model", "n_process", "batch_size", "batch_chars", "taxonomy", "dashboard", "min_docs_per_process",
                 "stance_change_days", "stance_confidence", "corrections")


class RedlineConfig(ConfigurableResource):
    """Where articles come from and how the NLP stage runs."""

    raw_dir: str = Field(description="Folder of input files, read recursively, never modified.")
    spacy_model: str = Field(description="spaCy pipeline name or path.")
    n_process: int = Field(default=2, description="spaCy worker processes for large batches.")
    batch_size: int = Field(default=DEFAULT_BATCH_SIZE, description="Documents per spaCy batch (memory grows with it).")
    batch_chars: int = Field(default=DEFAULT_BATCH_CHARS, description=(
        "Characters per spaCy batch at most: a batch of long documents is cut (a worker's peak memory grows with it)."))
    taxonomy: str | None = Field(default=None, description="Taxonomy file; unset: the packaged default.")
    dashboard: str | None = Field(default=None, description="Dashboard page; unset: dashboard.html beside the warehouse.")
    min_docs_per_process: int = Field(
        default=200, description="Below this many documents a run stays in one process (workers cost a model load each)."
    )

    stance_change_days: int = Field(
        default=1, description="A stance change is between statements at least this many days apart.")
    stance_confidence: float = Field(
        default=0.5, description="Confidence each stance of a stance change needs (0 to 1).")
    corrections: str | None = Field(
        default=None, description="The user's corrections file; unset: corrections.yaml beside the raw folder.")

    def settings(self, warehouse: str | None = None) -> Settings:
        fields = {k: getattr(self, k) for k in CONFIG_FIELDS}
        return Settings(**fields, **({"warehouse": warehouse} if warehouse else {}))


class RedlineWarehouse(DuckDBResource):
    """The DuckDB warehouse file. Connections are short, retried with backoff while
    another process holds the lock, and fail with a message naming the holder.
    ``database`` may instead name a DuckLake catalog (``ducklake:postgres:...``)."""

    lock_attempts: int = Field(default=8, description="Connection attempts while the file is locked.")
    data_path: str | None = Field(
        default=None, description="DuckLake only: the folder or object-store prefix of its Parquet files.")

    def store(self) -> Warehouse:
        return Warehouse(self.database, self.lock_attempts, self.data_path)

    @contextmanager
    def get_connection(self) -> Iterator[duckdb.DuckDBPyConnection]:
        with self.store().connection() as con:
            yield con


# Resource field -> environment variable: shown as such in the UI when set.
_ENV = {"raw_dir": "REDLINE_RAW_DIR", "spacy_model": "REDLINE_SPACY_MODEL", "taxonomy": "REDLINE_TAXONOMY",
        "dashboard": "REDLINE_DASHBOARD", "corrections": "REDLINE_CORRECTIONS"}


def resources_for(settings: Settings, environ=None) -> dict:
    """The ``redline`` and ``warehouse`` resources of ``settings``; a string setting
    that came from the environment is passed as a Dagster ``EnvVar``."""
    import os

    environ = os.environ if environ is None else environ
    config = {k: getattr(settings, k) for k in CONFIG_FIELDS}
    config.update({field: EnvVar(var) for field, var in _ENV.items() if environ.get(var)})
    database = EnvVar("REDLINE_WAREHOUSE") if environ.get("REDLINE_WAREHOUSE") else settings.warehouse
    lake = {"data_path": EnvVar("REDLINE_DATA_PATH")} if environ.get("REDLINE_DATA_PATH") else {}
    return {"redline": RedlineConfig(**config), "warehouse": RedlineWarehouse(database=database, **lake)}
