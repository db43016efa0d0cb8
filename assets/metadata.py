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
