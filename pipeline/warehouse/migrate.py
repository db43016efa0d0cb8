"""Schema evolution: bringing an existing warehouse up to the table models.

``create_tables`` runs ``migrate`` on every connection. It reads the catalogue
(``duckdb_columns()``, the primary keys and the ``redline_schema`` rows) and
compares it with the models in pipeline/schemas.py:

* nothing differs: nothing is written (the common case: one catalogue read);
* tables missing (a new database, or a table added to the models), NULL-able
  columns missing, comments that differ: the tables are created, the columns added
  (``ALTER TABLE ADD COLUMN``, NULL in the rows already there), the comments set and
  the schema version recorded in ``redline_schema``, in one transaction;
* anything else stops with ``SchemaMismatchError`` before anything is written,
  saying what differs and what to do: a column whose type, nullability or key
  changed, a column the models no longer have (dropped or renamed), a new NOT NULL
  column (the rows already there have no value for it), a newer schema version;
* a database that has tables but none of redline's is refused with
  ``NotAWarehouseError`` and left as it was.

Schema versions. ``SCHEMA_VERSION`` numbers the structure of the models: their
tables, columns, types, nullability and primary keys (not the descriptions).
``SCHEMA_DIGEST`` is the digest of that structure (``models_digest()``);
tests/warehouse/test_migrate.py checks it, so a model changed without a bump fails.

* Every structural change bumps SCHEMA_VERSION by one, sets SCHEMA_DIGEST to the
  new ``models_digest()`` and adds a line to the history below.
* A new table or a new NULL-able column needs nothing more: it is migrated. Put a
  new column last in its model: ALTER TABLE appends it, and a new warehouse and a
  migrated one should have their columns in the same order.
* Any other change (a type, a rename, a drop, a new NOT NULL column) also makes
  warehouses of the earlier versions refuse to open until they are rebuilt, or
  until a step here converts them: write one if their data cannot simply be rebuilt.
* A changed description is not structural: no bump, the next connection refreshes
  the comments.

History:
  1  pipeline 0.3.0 and before: no redline_schema table (redline's tables
     without one are version 1)
  2  claims.extraction_rule; the redline_schema table
  3  claim_clusters.speakers, outlets, n_documents, grouped_by (clusters of the same statement);
     claims.topic_confidence, stance_confidence, label_features and
     document_extractions.labels_digest (topic and stance classifier, re-labelling);
     claims.speaker_kind, relay (who said it: the kind of speaker, the outlet relaying them);
     raw_documents and ingest_errors .source_file, .record_index (rows keyed by
     the file they were read from, not by a name parsed out of source_path);
     claims.corrected, original_values and the corrections table (user corrections)
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from functools import cache

import duckdb

from pipeline import PIPELINE_VERSION
from pipeline.outcome import utcnow
from pipeline.schemas import TABLES, schema_of
from pipeline.warehouse.ddl import column_definitions, column_types, comment_statements, comments, create_statement
from pipeline.warehouse.lake import is_lake_connection
from pipeline.warehouse.write import NotAWarehouseError, transaction

SCHEMA_VERSION = 3
SCHEMA_DIGEST = "cbf68a9b9bafac7f"
UNVERSIONED = 1  # redline's tables without a redline_schema table: pipeline 0.3.0 and before
VERSION_TABLE = "redline_schema"

_COLUMNS_SQL = """
    SELECT c.table_name, c.column_name, c.data_type, c.is_nullable, c.comment, t.comment,
           list_contains(coalesce(k.constraint_column_names, []), c.column_name)
    FROM duckdb_columns() c
    JOIN duckdb_tables() t USING (database_name, schema_name, table_name)
    LEFT JOIN (SELECT * FROM duckdb_constraints() WHERE constraint_type = 'PRIMARY KEY') k
        USING (database_name, schema_name, table_name)
    WHERE c.database_name = current_database() AND c.schema_name = 'main'
    ORDER BY c.table_name, c.column_index
"""
_OBJECTS_SQL = """
    SELECT schema_name || '.' || table_name FROM duckdb_tables() WHERE database_name = current_database()
    UNION ALL SELECT schema_name || '.' || view_name FROM duckdb_views()
    WHERE database_name = current_database() AND NOT internal
    ORDER BY 1
"""
_REBUILD = (
    "To go on: open it with the redline version that wrote it; or rebuild it (move the file aside and run "
    "the pipeline again: every table is rebuilt from the raw folder, all but the rejected_rows history); "
    "or write the step that converts it in pipeline/warehouse/migrate.py."
)


class SchemaMismatchError(RuntimeError):
    """The warehouse's tables differ from the models in a way that is not migrated automatically."""


@dataclass
class Catalogue:
    """What the database holds: column definitions (as ``column_definitions``
    writes them) and comments per table, and the schema version it records."""

    definitions: dict[str, dict[str, str]] = field(default_factory=dict)
    comments: dict[str, dict[str | None, str | None]] = field(default_factory=dict)
    recorded: tuple[int, str] | None = None  # the latest (version, digest) in redline_schema
    keys: bool = True  # the database has PRIMARY KEYs (a DuckLake catalog has none)


@dataclass
class Plan:
    create: list[str] = field(default_factory=list)  # tables
    add: list[tuple[str, str]] = field(default_factory=list)  # (table, column)
    comment: list[str] = field(default_factory=list)  # tables whose comments differ
    problems: list[str] = field(default_factory=list)  # differences not migrated
    record: bool = False
    keys: bool = True  # create PRIMARY KEYs (not in a DuckLake catalog)

    @property
    def empty(self) -> bool:
        return not (self.create or self.add or self.comment or self.record)


@cache  # the models do not change while a process runs; every connection compares with it
def models_digest() -> str:
    """Digest of the models' structure: every table's column definitions, in order."""
    lines = [f"{t}.{name} {d}" for t in TABLES for name, d in column_definitions(t).items()]
    return hashlib.sha256("\n".join(lines).encode()).hexdigest()[:16]


def read_catalogue(con: duckdb.DuckDBPyConnection) -> Catalogue:
    catalogue = Catalogue(keys=not is_lake_connection(con))
    for table, column, sql, nullable, comment, table_comment, in_key in con.sql(_COLUMNS_SQL).fetchall():
        constraint = " PRIMARY KEY" if in_key else "" if nullable else " NOT NULL"
        catalogue.definitions.setdefault(table, {})[column] = sql + constraint
        catalogue.comments.setdefault(table, {None: table_comment})[column] = comment
    if VERSION_TABLE in catalogue.definitions:
        catalogue.recorded = con.sql(
            f"SELECT version, digest FROM {VERSION_TABLE} ORDER BY recorded_at DESC, version DESC LIMIT 1"
        ).fetchone()
    return catalogue


def _compare_table(table: str, have: dict[str, str], plan: Plan) -> None:
    """Add to ``plan`` what differs between ``table``'s model and its ``have`` columns."""
    want, model = column_definitions(table, plan.keys), schema_of(table).columns
    for name, definition in want.items():
        if name not in have and model[name].nullable:
            plan.add.append((table, name))
        elif name not in have:
            plan.problems.append(f"{table}.{name} is new and {definition}: the rows already there have no value for it")
        elif have[name] != definition:
            plan.problems.append(f"{table}.{name} is {have[name]} in the warehouse but {definition} in the model")
    for name in have.keys() - want.keys():
        plan.problems.append(f"{table}.{name} is in the warehouse but not in the model (dropped or renamed?)")


def plan_migration(catalogue: Catalogue) -> Plan:
    """What brings ``catalogue`` to the models, and what cannot be brought."""
    plan = Plan(keys=catalogue.keys)
    version = catalogue.recorded[0] if catalogue.recorded else UNVERSIONED
    if version > SCHEMA_VERSION:
        plan.problems.append(f"its schema version is {version}, newer than this redline's {SCHEMA_VERSION}: "
                             "it was written by a later redline, use that one")
    for table in TABLES:
        if table not in catalogue.definitions:
            plan.create.append(table)
            plan.comment.append(table)
            continue
        _compare_table(table, catalogue.definitions[table], plan)
        if any(catalogue.comments[table].get(key) != text for key, text in comments(table).items()):
            plan.comment.append(table)
    plan.record = catalogue.recorded != (SCHEMA_VERSION, models_digest())
    return plan


def _database_path(con: duckdb.DuckDBPyConnection) -> str:
    row = con.sql("SELECT path FROM duckdb_databases() WHERE database_name = current_database()").fetchone()
    return (row and row[0]) or ":memory:"


def _refuse_foreign(con: duckdb.DuckDBPyConnection, catalogue: Catalogue) -> None:
    """A database with tables or views of its own and none of redline's is another program's."""
    if set(catalogue.definitions) & set(TABLES):
        return
    objects = [row[0] for row in con.sql(_OBJECTS_SQL).fetchall()]
    if objects:
        shown = ", ".join(objects[:5]) + (", ..." if len(objects) > 5 else "")
        raise NotAWarehouseError(
            f"{_database_path(con)} is not a redline warehouse: it holds {shown} but none of redline's tables "
            "and no redline_schema table. Nothing was changed. Point REDLINE_WAREHOUSE at a redline "
            "warehouse or at a new file."
        )


def _refuse_mismatch(con: duckdb.DuckDBPyConnection, catalogue: Catalogue, plan: Plan) -> None:
    if plan.problems:
        version = catalogue.recorded[0] if catalogue.recorded else UNVERSIONED
        raise SchemaMismatchError(
            f"The warehouse {_database_path(con)} (schema version {version}) differs from the models of this "
            f"redline (schema version {SCHEMA_VERSION}) in ways that are not migrated automatically; "
            "nothing was changed:\n" + "".join(f"  - {p}\n" for p in plan.problems) + _REBUILD
        )


def _apply(con: duckdb.DuckDBPyConnection, plan: Plan) -> None:
    with transaction(con):
        for table in plan.create:
            con.execute(create_statement(table, plan.keys))
        for table, column in plan.add:
            con.execute(f"ALTER TABLE {table} ADD COLUMN {column} {column_types(table)[column]}")
        for table in plan.comment:  # tables created or given a column are among them: their comments differ
            for statement in comment_statements(table):
                con.execute(statement)
        if plan.record:
            row = {"version": SCHEMA_VERSION, "digest": models_digest(), "pipeline_version": PIPELINE_VERSION,
                   "recorded_at": utcnow()}
            con.execute(f"INSERT INTO {VERSION_TABLE} ({', '.join(row)}) VALUES ({', '.join('?' * len(row))})",
                        list(row.values()))


def migrate(con: duckdb.DuckDBPyConnection) -> Plan:
    """Bring ``con``'s database to the models (see the module docstring); returns what was done."""
    catalogue = read_catalogue(con)
    _refuse_foreign(con, catalogue)
    plan = plan_migration(catalogue)
    _refuse_mismatch(con, catalogue, plan)
    if not plan.empty:
        _apply(con, plan)
    return plan
