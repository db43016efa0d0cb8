"""Small helpers that turn stage results into Dagster materialisation metadata."""

import time
from contextlib import contextmanager

import pandas as pd
from dagster import MetadataValue


def preview(frame: pd.DataFrame, columns: list[str], rows: int = 10) -> MetadataValue:
    shown = frame[[c for c in columns if c in frame.columns]].head(rows).copy()
    for column in shown.columns:
        shown[column] = shown[column].astype(str).str.slice(0, 120)
    return MetadataValue.md(shown.to_markdown(index=False) if len(shown) else "_no rows_")


def write_stats(stats: dict[str, dict[str, int]]) -> dict:
    metadata = {}
    for table, counts in stats.items():
        metadata[f"{table}_written"] = counts["written"]
        metadata[f"{table}_rejected"] = counts["rejected"]
    return metadata


@contextmanager
def timed(metadata: dict, key: str):
    start = time.perf_counter()
    yield
    metadata[key] = round(time.perf_counter() - start, 3)


def column_schema(table: str) -> dict:
    """Definition metadata that shows ``table``'s pandera model (columns, types,
    descriptions, constraints) in the Dagster UI, through dagster-pandera."""
    import warnings

    from dagster_pandera import pandera_schema_to_dagster_type

    from pipeline.schemas import TABLES

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the function is marked beta
        dagster_type = pandera_schema_to_dagster_type(TABLES[table])
    return {"dagster/column_schema": dagster_type.metadata["schema"].schema, "dagster/table_name": table}
