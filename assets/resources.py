"""Dagster resources: where the raw files and the warehouse are, and how to run spaCy.

Values come from the environment variables in DESIGN.md, read when the code
location loads, so the Dagster UI shows the settings a run used.
"""

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import duckdb
from dagster import ConfigurableResource
from dagster_duckdb import DuckDBResource
from pydantic import Field

from pipeline.extraction import DEFAULT_BATCH_SIZE
from pipeline.nlp import model_name
from pipeline.warehouse import connect, create_tables

DEFAULT_RAW_DIR = "data/raw"
DEFAULT_WAREHOUSE = "warehouse/redline.duckdb"


class RedlineConfig(ConfigurableResource):
    """Where articles come from and how the NLP stage runs."""

    raw_dir: str = Field(description="Folder of input files, read recursively, never modified.")
    spacy_model: str = Field(description="spaCy pipeline name or path.")
    n_process: int = Field(default=2, description="spaCy worker processes for large batches.")
    batch_size: int = Field(default=DEFAULT_BATCH_SIZE, description="Documents per spaCy batch (memory grows with it).")
    min_docs_per_process: int = Field(
        default=200, description="Below this many documents a run stays in one process (workers cost a model load each)."
    )

    @property
    def raw_path(self) -> Path:
        return Path(self.raw_dir)

    def processes_for(self, n_docs: int) -> int:
        if n_docs < self.min_docs_per_process:
            return 1
        return max(1, min(self.n_process, n_docs // self.min_docs_per_process))


class RedlineWarehouse(DuckDBResource):
    """The DuckDB warehouse file. Connections are short, retried with backoff while
    another process holds the lock, and fail with a message naming the holder."""

    lock_attempts: int = Field(default=8, description="Connection attempts while the file is locked.")

    @contextmanager
    def get_connection(self) -> Iterator[duckdb.DuckDBPyConnection]:
        con = connect(self.database, attempts=self.lock_attempts)
        try:
            create_tables(con)
            yield con
        finally:
            con.close()


def _env(name: str, default: str) -> str:
    return os.environ.get(name) or default


def shards_from_env() -> int | None:
    """REDLINE_SHARDS: the number of claims partitions, or None (unset, empty or 0) for one unpartitioned asset."""
    value = os.environ.get("REDLINE_SHARDS", "").strip()
    if not value or value == "0":
        return None
    if not value.isdigit():
        raise ValueError(f"REDLINE_SHARDS must be a whole number of shards, not {value!r}")
    return int(value)


def config_from_env(shards: int | None = None) -> RedlineConfig:
    # Sharded, the shards themselves use the cores: one spaCy process each unless told otherwise.
    return RedlineConfig(
        raw_dir=_env("REDLINE_RAW_DIR", DEFAULT_RAW_DIR),
        spacy_model=model_name(),
        n_process=int(_env("REDLINE_N_PROCESS", "1" if shards else "2")),
        batch_size=int(_env("REDLINE_BATCH_SIZE", str(DEFAULT_BATCH_SIZE))),
    )


def warehouse_from_env() -> RedlineWarehouse:
    return RedlineWarehouse(database=_env("REDLINE_WAREHOUSE", DEFAULT_WAREHOUSE))
