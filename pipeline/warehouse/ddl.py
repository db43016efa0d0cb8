"""CREATE TABLE and COMMENT ON statements generated from the pandera models."""
from __future__ import annotations

import duckdb

from pipeline.schemas import PRIMARY_KEYS, TABLES

# pandera dtype (as str) -> DuckDB type, for columns whose Field gives no "sql".
_SQL_TYPES = {
    "str": "VARCHAR",
    "int64": "INTEGER",  # offsets and counts; wider columns say sql="BIGINT"
    "float64": "DOUBLE",
    "bool": "BOOLEAN",
    "datetime64[ns]": "TIMESTAMP",
    "date": "DATE",
}


def _quote(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def column_types(table: str) -> dict[str, str]:
    """Column name -> DuckDB type for ``table``, in model order."""
    schema = TABLES[table].to_schema()
    types = {}
    for name, column in schema.columns.items():
        sql = (column.metadata or {}).get("sql") or _SQL_TYPES.get(str(column.dtype))
        if sql is None:
            raise TypeError(f"{table}.{name}: no DuckDB type for pandera dtype {column.dtype}")
        types[name] = sql
    return types


def table_ddl(table: str) -> list[str]:
    """The statements that create ``table`` and document it."""
    schema = TABLES[table].to_schema()
    key = PRIMARY_KEYS.get(table)
    columns = []
    for name, sql in column_types(table).items():
        nullable = schema.columns[name].nullable
        constraint = " PRIMARY KEY" if name == key else ("" if nullable else " NOT NULL")
        columns.append(f"    {name} {sql}{constraint}")
    statements = [f"CREATE TABLE IF NOT EXISTS {table} (\n" + ",\n".join(columns) + "\n)"]
    doc = (TABLES[table].__doc__ or "").strip().splitlines()[0]
    statements.append(f"COMMENT ON TABLE {table} IS {_quote(doc)}")
    for name, column in schema.columns.items():
        if column.description:
            statements.append(f"COMMENT ON COLUMN {table}.{name} IS {_quote(column.description)}")
    return statements


def create_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Create every table that does not exist yet, and set the comments that differ.

    Runs on every connection, so it reads the catalogue once and writes only what
    is missing: re-running every COMMENT ON cost half a second a connection."""
    have = {
        (table, column): comment
        for table, column, comment in con.sql(
            "SELECT table_name, NULL, comment FROM duckdb_tables() WHERE schema_name = 'main' "
            "UNION ALL SELECT table_name, column_name, comment FROM duckdb_columns() WHERE schema_name = 'main'"
        ).fetchall()
    }
    for table in TABLES:
        schema = TABLES[table].to_schema()
        wanted = {(table, None): (TABLES[table].__doc__ or "").strip().splitlines()[0]}
        wanted.update({(table, name): column.description for name, column in schema.columns.items() if column.description})
        if (table, None) in have and all(have.get(key) == text for key, text in wanted.items()):
            continue
        for statement in table_ddl(table):
            con.execute(statement)
