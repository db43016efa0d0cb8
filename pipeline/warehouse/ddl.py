"""CREATE TABLE and COMMENT ON statements generated from the pandera models."""
from __future__ import annotations

from functools import cache

import duckdb

from pipeline.schemas import TABLES, primary_key, schema_of

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


# The models do not change while a process runs, and every connection compares the
# catalogue with them (create_tables): each is worked out once (a copy is returned).
def column_types(table: str) -> dict[str, str]:
    """Column name -> DuckDB type for ``table``, in model order."""
    return dict(_column_types(table))


@cache
def _column_types(table: str) -> tuple[tuple[str, str], ...]:
    types = {}
    for name, column in schema_of(table).columns.items():
        sql = (column.metadata or {}).get("sql") or _SQL_TYPES.get(str(column.dtype))
        if sql is None:
            raise TypeError(f"{table}.{name}: no DuckDB type for pandera dtype {column.dtype}")
        types[name] = sql
    return tuple(types.items())


def column_definitions(table: str, keys: bool = True) -> dict[str, str]:
    """Column name -> its definition in CREATE TABLE: type and constraint. ``keys=False``
    for DuckLake, which has no PRIMARY KEY: the key column is NOT NULL there."""
    return dict(_column_definitions(table, keys))


@cache
def _column_definitions(table: str, keys: bool) -> tuple[tuple[str, str], ...]:
    columns, key = schema_of(table).columns, primary_key(table)
    return tuple(
        (name, sql + (" PRIMARY KEY" if name == key and keys else "" if columns[name].nullable else " NOT NULL"))
        for name, sql in _column_types(table)
    )


def comments(table: str) -> dict[str | None, str]:
    """The documentation of ``table``: None -> the table's comment, column -> its comment."""
    return dict(_comments(table))


@cache
def _comments(table: str) -> tuple[tuple[str | None, str], ...]:
    wanted = {None: (TABLES[table].__doc__ or "").strip().splitlines()[0]}
    wanted.update({name: c.description for name, c in schema_of(table).columns.items() if c.description})
    return tuple(wanted.items())


def comment_statements(table: str) -> list[str]:
    return [
        f"COMMENT ON TABLE {table} IS {_quote(text)}" if column is None
        else f"COMMENT ON COLUMN {table}.{column} IS {_quote(text)}"
        for column, text in comments(table).items()
    ]


def create_statement(table: str, keys: bool = True) -> str:
    columns = ",\n".join(f"    {name} {definition}" for name, definition in column_definitions(table, keys).items())
    return f"CREATE TABLE IF NOT EXISTS {table} (\n{columns}\n)"


def table_ddl(table: str) -> list[str]:
    """The statements that create ``table`` and document it."""
    return [create_statement(table), *comment_statements(table)]


def create_tables(con: duckdb.DuckDBPyConnection) -> None:
    """Make ``con``'s database a warehouse of the current models: create the tables
    of a new one, migrate an existing one, refuse any other database.

    Runs on every connection, so when nothing is to be done it only reads the
    catalogue: re-running every COMMENT ON cost half a second a connection."""
    from pipeline.warehouse.migrate import migrate  # it builds on this module's statements

    migrate(con)
