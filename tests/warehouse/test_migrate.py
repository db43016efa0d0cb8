"""Schema evolution: a warehouse written by pipeline 0.3.0 (tests/fixtures/warehouse_0_3_0,
exported from a real run of commit eb88960 on the sample corpus) opens with the
current code and is migrated; changes that cannot be migrated, and databases that
are not redline's, are refused and left as they were."""
from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

import duckdb
import pytest

from pipeline.schemas import TABLES, schema_of
from pipeline.warehouse import NotAWarehouseError, SchemaMismatchError, connect, create_tables
from pipeline.warehouse.migrate import (
    SCHEMA_DIGEST,
    SCHEMA_VERSION,
    VERSION_TABLE,
    models_digest,
    plan_migration,
    read_catalogue,
)
from pipeline.warehouse.store import Warehouse
from tests.helpers import PYTHON, ROOT, SAMPLE_DIR, query, run_stages, write_articles

FIXTURE = Path(__file__).resolve().parents[1] / "fixtures" / "warehouse_0_3_0"
OLD_TABLES = ["source_files", "raw_documents", "ingest_errors", "documents", "removed_lines", "document_signatures",
              "document_extractions", "claims", "speakers", "claim_clusters", "rejected_rows", "asset_inputs"]


def old_warehouse(path: Path) -> Path:
    """A fresh DuckDB file holding the 0.3.0 warehouse: its tables, comments, views and rows."""
    con = duckdb.connect(str(path))
    try:
        con.execute(f"IMPORT DATABASE '{FIXTURE}'")
    finally:
        con.close()
    return path


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# Columns of schema versions 2 and 3, NULL in a migrated 0.3.0 warehouse.
ADDED_SINCE_0_3_0 = {"claim_clusters": "speakers, outlets, n_documents, grouped_by",
                     "claims": "extraction_rule, topic_confidence, stance_confidence, label_features, speaker_kind, relay, corrected, original_values",
                     "document_extractions": "labels_digest",
                     "raw_documents": "source_file, record_index", "ingest_errors": "source_file, record_index"}


def rows(path: Path, table: str, exclude: str = "") -> list[tuple]:
    columns = f"* EXCLUDE ({exclude})" if exclude else "*"
    return query(path, f"SELECT {columns} FROM {table} ORDER BY ALL")


@pytest.fixture
def old(tmp_path) -> Path:
    return old_warehouse(tmp_path / "old.duckdb")


def test_the_digest_matches_the_schema_version():
    assert models_digest() == SCHEMA_DIGEST, (
        "the table models changed: bump SCHEMA_VERSION and set SCHEMA_DIGEST in pipeline/warehouse/migrate.py "
        f"(to {models_digest()!r}), following the rules in its docstring"
    )


def test_an_old_warehouse_is_upgraded_and_keeps_its_rows(old):
    before = {table: rows(old, table) for table in OLD_TABLES}
    assert "extraction_rule" not in [c for (c,) in query(old, "SELECT column_name FROM duckdb_columns() "
                                                               "WHERE table_name = 'claims'")]
    with Warehouse(str(old)).connection():
        pass
    assert query(old, f"SELECT version, digest FROM {VERSION_TABLE}") == [(SCHEMA_VERSION, SCHEMA_DIGEST)]
    described = schema_of("claims").columns["extraction_rule"].description
    assert query(old, "SELECT data_type, comment FROM duckdb_columns() "
                      "WHERE table_name = 'claims' AND column_name = 'extraction_rule'") == [("VARCHAR", described)]
    undocumented = query(old, "SELECT table_name, column_name FROM duckdb_columns() c JOIN duckdb_tables() "
                              "USING (table_name) WHERE c.comment IS NULL")
    assert undocumented == []
    assert query(old, "SELECT count(*) FROM claims WHERE extraction_rule IS NOT NULL") == [(0,)]
    for table in OLD_TABLES:
        assert rows(old, table, ADDED_SINCE_0_3_0.get(table, "")) == before[table], table


def test_an_upgraded_warehouse_is_left_alone_on_the_next_connection(old):
    with Warehouse(str(old)).connection():
        pass
    con = connect(old)
    try:
        plan = plan_migration(read_catalogue(con))
    finally:
        con.close()
    assert plan.empty and not plan.problems


def test_the_pipeline_runs_on_an_upgraded_warehouse(old, tmp_path):
    raw = tmp_path / "raw"
    shutil.copytree(SAMPLE_DIR, raw)
    write_articles(raw, [7])  # a new article: extraction writes claims into the migrated table
    old_ids = [claim_id for (claim_id,) in query(old, "SELECT claim_id FROM claims")]
    run_stages(raw, old)
    [(kept, new)] = query(old, "SELECT count(*) FILTER (claim_id IN (SELECT unnest(?))), "
                               "count(*) FILTER (claim_id NOT IN (SELECT unnest(?))) FROM claims", [old_ids, old_ids])
    assert kept == len(old_ids) and new > 0
    assert query(old, "SELECT count(*) FROM speakers")[0][0] > 0


def test_a_type_change_is_refused_and_the_file_left_unchanged(tmp_path):
    path = tmp_path / "w.duckdb"
    con = connect(path)
    create_tables(con)
    con.execute("ALTER TABLE removed_lines ALTER line_no TYPE VARCHAR")  # as if the model had changed
    con.close()
    before = digest(path)
    with pytest.raises(SchemaMismatchError) as error:
        with Warehouse(str(path)).connection():
            pass
    message = str(error.value)
    assert "removed_lines.line_no is VARCHAR NOT NULL in the warehouse but INTEGER NOT NULL in the model" in message
    assert "nothing was changed" in message and "rebuild" in message and str(path) in message
    assert digest(path) == before


@pytest.fixture
def catalogue():
    con = duckdb.connect(":memory:")
    create_tables(con)
    yield read_catalogue(con)
    con.close()


def test_a_dropped_or_renamed_column_is_not_migrated(catalogue):
    claims = catalogue.definitions["claims"]
    claims["quote_text"] = claims.pop("claim_text")
    problems = plan_migration(catalogue).problems
    assert "claims.quote_text is in the warehouse but not in the model (dropped or renamed?)" in problems
    assert any(p.startswith("claims.claim_text is new and VARCHAR NOT NULL") for p in problems)


def test_a_new_nullable_column_is_added_and_a_new_table_created(catalogue):
    del catalogue.definitions["claims"]["extraction_rule"], catalogue.definitions["asset_inputs"]
    plan = plan_migration(catalogue)
    assert plan.add == [("claims", "extraction_rule")] and plan.create == ["asset_inputs"] and not plan.problems


def test_a_newer_schema_version_is_refused(catalogue):
    catalogue.recorded = (SCHEMA_VERSION + 1, "later")
    assert any("newer than this redline's" in p for p in plan_migration(catalogue).problems)


def test_a_changed_description_is_refreshed_without_a_new_version(tmp_path):
    path = tmp_path / "w.duckdb"
    con = connect(path)
    create_tables(con)
    con.execute("COMMENT ON COLUMN claims.cue IS 'stale'")
    create_tables(con)
    assert con.sql("SELECT comment FROM duckdb_columns() WHERE table_name = 'claims' AND column_name = 'cue'"
                   ).fetchone()[0] != "stale"
    assert con.sql(f"SELECT count(*) FROM {VERSION_TABLE}").fetchone()[0] == 1
    con.close()


def test_another_programs_duckdb_file_is_refused_and_left_unchanged(tmp_path):
    path = tmp_path / "other.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE foo (a INTEGER)")
    con.execute("INSERT INTO foo VALUES (1)")
    con.close()
    before = digest(path)
    with pytest.raises(NotAWarehouseError, match=r"is not a redline warehouse: it holds main\.foo"):
        with Warehouse(str(path)).connection():
            pass
    assert digest(path) == before
    assert query(path, "SELECT table_name FROM duckdb_tables()") == [("foo",)]


def test_a_sqlite_file_is_refused_with_a_clear_message(tmp_path):
    path = tmp_path / "other.db"
    con = sqlite3.connect(path)
    con.execute("CREATE TABLE foo (a INTEGER)")
    con.commit()
    con.close()
    before = digest(path)
    with pytest.raises(NotAWarehouseError, match="is a SQLite database, not a redline warehouse"):
        with Warehouse(str(path)).connection():
            pass
    assert digest(path) == before


def test_a_file_that_is_no_database_is_refused(tmp_path):
    path = tmp_path / "notes.duckdb"
    path.write_text("not a database at all, just some notes\n", encoding="utf-8")
    with pytest.raises(NotAWarehouseError, match="is not a DuckDB database"):
        connect(path)
    assert path.read_text(encoding="utf-8").startswith("not a database")


def test_a_new_warehouse_records_its_schema_version(tmp_path):
    path = tmp_path / "new.duckdb"
    with Warehouse(str(path)).connection():
        pass
    assert query(path, f"SELECT version, digest FROM {VERSION_TABLE}") == [(SCHEMA_VERSION, SCHEMA_DIGEST)]
    assert {t for (t,) in query(path, "SELECT table_name FROM duckdb_tables()")} == set(TABLES)


# --------------------------------------------------------------------------- a warehouse of the previous version

PREVIOUS_COMMIT = "452e4c3"  # the last commit of schema version 2
BUILD_PREVIOUS = """
import sys
from pathlib import Path
import pipeline
assert pipeline.__file__.startswith(sys.argv[1]), pipeline.__file__  # the old code, not this checkout's
from tests.helpers import run_stages
run_stages(Path(sys.argv[2]), Path(sys.argv[3]))
"""


@pytest.fixture(scope="module")
def previous(tmp_path_factory) -> tuple[Path, Path]:
    """The sample corpus and a warehouse the pipeline of schema version 2 wrote from it,
    run from that commit's own code (git archive) in a fresh interpreter."""
    base = tmp_path_factory.mktemp("previous")
    source, raw, warehouse = base / "src", base / "raw", base / "v2.duckdb"
    source.mkdir()
    archive = subprocess.run(["git", "archive", PREVIOUS_COMMIT, "pipeline", "tests/__init__.py", "tests/helpers.py"],
                             cwd=ROOT, capture_output=True, check=True).stdout
    subprocess.run(["tar", "-x", "-C", str(source)], input=archive, check=True)
    shutil.copytree(SAMPLE_DIR, raw)
    env = {**os.environ, "PYTHONPATH": str(source)}
    subprocess.run([PYTHON, "-c", BUILD_PREVIOUS, str(source), str(raw), str(warehouse)],
                   cwd=source, env=env, check=True, capture_output=True)
    return raw, warehouse


def columns_of(path: Path) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for table, column in query(path, "SELECT table_name, column_name FROM duckdb_columns() JOIN duckdb_tables() "
                                     "USING (database_name, schema_name, table_name) "
                                     "WHERE schema_name = 'main' ORDER BY table_name, column_index"):
        found.setdefault(table, []).append(column)
    return found


@pytest.mark.slow
def test_a_warehouse_of_the_previous_schema_version_gets_the_new_columns(previous, tmp_path):
    raw, built = previous
    old = tmp_path / "v2.duckdb"
    shutil.copyfile(built, old)
    assert query(old, f"SELECT version FROM {VERSION_TABLE}") == [(2,)]
    before_columns = columns_of(old)
    before = {table: rows(old, table) for table in before_columns if table != VERSION_TABLE}
    added = {table: [c for c in schema_of(table).columns if c not in before_columns.get(table, [])]
             for table in before}
    assert any(added.values()), "the models have columns a version 2 warehouse lacks"
    with Warehouse(str(old)).connection():
        pass
    assert query(old, f"SELECT version, digest FROM {VERSION_TABLE} ORDER BY version DESC LIMIT 1") \
        == [(SCHEMA_VERSION, SCHEMA_DIGEST)]
    after_columns = columns_of(old)
    for table, new in added.items():
        assert after_columns[table] == before_columns[table] + new, table  # appended, in the models' order
        kept = ", ".join(f'"{c}"' for c in before_columns[table])
        assert query(old, f"SELECT {kept} FROM {table} ORDER BY ALL") == before[table], table
        for column in new:
            assert query(old, f'SELECT count(*) FROM {table} WHERE "{column}" IS NOT NULL') == [(0,)], column
    # and the current pipeline runs on it, filling the new columns of what it writes
    write_articles(raw, [8])
    stats = run_stages(raw, old)
    assert stats["claims"]["documents_processed"] >= 1
    assert query(old, "SELECT count(*) FROM claims WHERE topic_confidence IS NOT NULL OR "
                      "stance_confidence IS NOT NULL")[0][0] > 0
