"""Tables and views of the warehouse written out as CSV or Parquet files, with DuckDB's COPY."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb

FORMATS = {"csv": "(FORMAT csv, HEADER true)", "parquet": "(FORMAT parquet)"}
# What an export holds when no name is given: what users query, not the bookkeeping
# that makes runs incremental (still exportable by name).
BOOKKEEPING = {"source_files", "raw_documents", "document_extractions", "document_signatures", "asset_inputs",
               "redline_schema"}
_CATALOG_SQL = """
    SELECT table_name, 'table' AS kind FROM duckdb_tables() WHERE database_name = current_database() AND NOT internal
    UNION ALL
    SELECT view_name, 'view' FROM duckdb_views() WHERE database_name = current_database() AND NOT internal
    ORDER BY 2, 1
"""


class ExportError(ValueError):
    """A name or format the warehouse cannot export; the message says what it can."""


@dataclass(frozen=True)
class Exported:
    name: str
    kind: str  # table or view
    path: Path
    rows: int


def catalog(con: duckdb.DuckDBPyConnection) -> dict[str, str]:
    """Every table and view of the warehouse: name -> 'table' or 'view'."""
    return dict(con.sql(_CATALOG_SQL).fetchall())


def _chosen(available: dict[str, str], names: list[str], kind: str | None) -> list[str]:
    if not names:
        return [n for n, k in available.items() if n not in BOOKKEEPING and kind in (None, k)]
    wrong = [n for n in names if available.get(n) is None or kind not in (None, available[n])]
    if wrong:
        offered = ", ".join(n for n, k in available.items() if kind in (None, k))
        raise ExportError(f"no {kind or 'table or view'} named {', '.join(wrong)}; there are: {offered}")
    return names


def export(con: duckdb.DuckDBPyConnection, out_dir: Path, fmt: str = "csv", names: list[str] | None = None,
           kind: str | None = None) -> list[Exported]:
    """Write each of ``names`` (every table and view but the bookkeeping when empty;
    only tables or only views with ``kind``) to ``out_dir/<name>.<fmt>``."""
    if fmt not in FORMATS:
        raise ExportError(f"format {fmt!r} is not one of {', '.join(FORMATS)}")
    available = catalog(con)
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for name in _chosen(available, names or [], kind):
        path = out_dir / f"{name}.{fmt}"
        # Names come from the catalog only, quoted, so a name cannot carry SQL.
        quoted = '"' + name.replace('"', '""') + '"'
        target = "'" + str(path).replace("'", "''") + "'"
        con.execute(f"COPY (SELECT * FROM {quoted}) TO {target} {FORMATS[fmt]}")
        rows = con.execute(f"SELECT count(*) FROM {quoted}").fetchone()[0]
        written.append(Exported(name, available[name], path, rows))
    return written
