"""Turning a stage's Outcome into Dagster materialisation metadata."""

import pandas as pd
from dagster import MaterializeResult, MetadataValue

from pipeline.outcome import Outcome


def preview(frame: pd.DataFrame, columns: list[str], rows: int = 10) -> MetadataValue:
    shown = frame[[c for c in columns if c in frame.columns]].head(rows).copy()
    for column in shown.columns:
        shown[column] = shown[column].astype(str).str.slice(0, 120)
    return MetadataValue.md(shown.to_markdown(index=False) if len(shown) else "_no rows_")


def _value(value):
    return MetadataValue.json(value) if isinstance(value, (dict, list)) else value


def materialized(outcome: Outcome, **extra) -> MaterializeResult:
    """Figures as they are (dicts as JSON), previews as tables, paths as links."""
    metadata = {key: _value(value) for key, value in outcome.stats.items()} | extra
    metadata.update({key: preview(p.frame, p.columns) for key, p in outcome.previews.items()})
    for key, path in outcome.paths.items():
        metadata[key] = MetadataValue.path(path)
    return MaterializeResult(metadata=metadata)


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
