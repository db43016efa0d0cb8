"""The extraction worker pool stays light: what a spawned worker imports."""
from tests.helpers import modules_loaded_by


def test_extraction_workers_load_no_dataframe_stack():
    """A spawned extraction worker imports pipeline.extract.pool: it must not pull in
    pandas or pandera (rows are built in the main process), nor DuckDB or Dagster."""
    assert modules_loaded_by("pipeline.extract.pool", ["pandas", "pandera", "duckdb", "dagster"]) == []
