"""Row-level validation: split a frame into rows to write and rows to quarantine."""
from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
import pandera.pandas as pa

from pipeline.schemas import TABLES


@dataclass
class ValidationResult:
    valid: pd.DataFrame
    rejected: pd.DataFrame  # the failing rows, as given
    failures: pd.DataFrame  # one row per (row index, failing check): index, column, check, failure_case


def _empty_failures() -> pd.DataFrame:
    return pd.DataFrame(columns=["index", "column", "check", "failure_case"])


def validate_rows(table: str, frame: pd.DataFrame) -> ValidationResult:
    """Validate ``frame`` against ``table``'s model with lazy checks.

    Rows named in the failure cases are kept out of ``valid``; a failure that
    names no row (a missing column, a wrong frame) is a bug in our code, not
    bad data, so it raises.
    """
    model = TABLES[table]
    frame = frame.reset_index(drop=True)
    try:
        return ValidationResult(model.validate(frame, lazy=True), frame.iloc[0:0], _empty_failures())
    except pa.errors.SchemaErrors as exc:
        cases = exc.failure_cases
    row_cases = cases[cases["index"].notna()]
    if len(row_cases) < len(cases):
        raise ValueError(f"{table}: schema-level validation failure:\n{cases[cases['index'].isna()]}")
    bad = sorted({int(i) for i in row_cases["index"]})
    good = frame.drop(index=bad)
    valid = model.validate(good, lazy=True) if len(good) else model.validate(frame.iloc[0:0], lazy=True)
    failures = row_cases[["index", "column", "check", "failure_case"]].astype({"index": int})
    return ValidationResult(valid, frame.loc[bad], failures)
