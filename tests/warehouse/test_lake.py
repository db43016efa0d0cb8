"""The DuckLake warehouse (REDLINE_WAREHOUSE=ducklake:...) on a real PostgreSQL catalog:
the same tables, columns, comments, validation and quarantine as the DuckDB file, one
transaction per write, conflicting commits retried, and a whole Dagster run whose tables
equal the file mode's row for row, read by readers through the published snapshot."""
from __future__ import annotations

import json
import shutil
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from pipeline.schemas import TABLES
from pipeline.warehouse import lake as ducklake
from pipeline.warehouse.migrate import read_catalogue
from pipeline.warehouse.store import Warehouse
from pipeline.warehouse.write import WAITS, connect, write_validated
from tests.helpers import COMPARED, tables
from tests.warehouse.test_writes import _claim

# --------------------------------------------------------------------------- settings and extensions


def test_specs_name_the_catalog_and_where_the_parquet_goes(tmp_path):
    pg = ducklake.parse("ducklake:postgres:dbname=r host=db", "s3://bucket/redline")
    assert (pg.kind, pg.location, pg.data_path) == ("postgres", "dbname=r host=db", "s3://bucket/redline/")
    assert ducklake.attach_statement(pg) == "ATTACH 'ducklake:postgres:dbname=r host=db' AS lake (DATA_PATH 's3://bucket/redline/')"
    assert ducklake.attach_statement(pg, snapshot=7).endswith("(SNAPSHOT_VERSION 7, READ_ONLY)")
    assert ducklake.parse("ducklake:postgres:dbname=r").data_path is None  # an existing catalog knows its own
    sqlite = ducklake.parse(f"ducklake:sqlite:{tmp_path}/c.sqlite")
    assert sqlite.kind == "sqlite" and sqlite.data_path == f"{tmp_path}/c.sqlite.files/"
    assert ducklake.parse(f"ducklake:{tmp_path}/c.ducklake").kind == "duckdb"
    with pytest.raises(ducklake.LakeError, match="names no catalog"):
        ducklake.parse("ducklake:postgres:")
    with pytest.raises(ducklake.LakeError, match="unknown catalog 'postgress'"):
        ducklake.parse("ducklake:postgress:dbname=r")
    assert ducklake.is_lake("ducklake:sqlite:x") and not ducklake.is_lake("warehouse/redline.duckdb")


def test_every_extension_package_has_a_build_for_this_duckdb():
    # pyproject.toml pins duckdb and the duckdb-extension-* packages together: a DuckDB
    # upgrade without them would fail here rather than at a user's first DuckLake run.
    con = duckdb.connect()
    for kind in ("postgres", "sqlite", "duckdb"):
        ducklake.load_extensions(con, kind)
    loaded = {r[0] for r in con.sql("SELECT extension_name FROM duckdb_extensions() WHERE loaded").fetchall()}
    assert {"ducklake", "postgres_scanner", "sqlite_scanner"} <= loaded
    con.close()


def test_a_missing_catalog_says_what_to_set(postgres):
    with pytest.raises(ducklake.LakeError, match="REDLINE_DATA_PATH"):
        connect(f"ducklake:postgres:{postgres.dsn('no_such_database')}")


# --------------------------------------------------------------------------- the same contract as the file


def test_lake_has_the_file_modes_tables_columns_and_comments(lake, tmp_path):
    spec, data = lake
    with Warehouse(str(tmp_path / "w.duckdb")).connection() as con:
        file_catalogue = read_catalogue(con)
    with Warehouse(spec, data_path=data).connection() as con:
        lake_catalogue = read_catalogue(con)
    assert set(lake_catalogue.definitions) == set(file_catalogue.definitions) == set(TABLES)
    for table, columns in file_catalogue.definitions.items():
        # DuckLake has no PRIMARY KEY: the key column is NOT NULL, everything else is identical
        assert lake_catalogue.definitions[table] == {
            name: d.replace(" PRIMARY KEY", " NOT NULL") for name, d in columns.items()}, table
    assert lake_catalogue.comments == file_catalogue.comments
    assert lake_catalogue.recorded == file_catalogue.recorded
    assert not lake_catalogue.keys and file_catalogue.keys
    with Warehouse(spec, data_path=data).connection() as con:  # a second connection migrates nothing
        assert con.sql("SELECT count(*) FROM redline_schema").fetchone()[0] == 1


def test_lake_quarantines_invalid_rows_and_a_failed_write_leaves_nothing(lake):
    spec, data = lake
    with Warehouse(spec, data_path=data).connection() as con:
        frame = pd.DataFrame([_claim("good"), _claim("bad-kind", kind="rumour")])
        stats = write_validated(con, [("claims", "doc_id", ["d1"], frame)], run_id="r1")
        assert stats["claims"] == {"written": 1, "rejected": 1}
        (row_json,) = con.sql("SELECT row_json FROM rejected_rows").fetchone()
        assert json.loads(row_json)["claim_id"] == "bad-kind"

        def explode(_con):
            raise RuntimeError("crash mid-write")

        with pytest.raises(RuntimeError):
            write_validated(con, [("claims", "doc_id", ["d1"], pd.DataFrame([_claim("second")]))], "r2", then=explode)
        assert con.sql("SELECT claim_id FROM claims").fetchall() == [("good",)]
        assert con.sql("SELECT count(*) FROM rejected_rows").fetchone()[0] == 1


def test_a_commit_that_conflicts_with_another_writer_is_retried(lake):
    """DuckLake refuses to commit an insert into a table another transaction deleted from
    since this one began; the write runs again on the newer snapshot and keeps every row."""
    spec, data = lake
    store = Warehouse(spec, data_path=data)
    with store.connection() as con:
        write_validated(con, [("claims", "doc_id", ["d1"], pd.DataFrame([_claim("a")]))], run_id="r")
    other_shard = [("claims", "doc_id", ["d2"], pd.DataFrame([_claim("b", doc_id="d2")]))]
    attempts = []

    def meanwhile(_con):  # inside this write's transaction, another writer replaces d1's rows
        attempts.append(1)
        if len(attempts) == 1:
            with store.connection() as rival:
                write_validated(rival, [("claims", "doc_id", ["d1"], pd.DataFrame([_claim("a2")]))], run_id="r")

    before = WAITS.conflicts
    with store.connection() as con:
        write_validated(con, other_shard, run_id="r", then=meanwhile)
        assert len(attempts) == 2 and WAITS.conflicts == before + 1
        assert con.sql("SELECT claim_id FROM claims ORDER BY 1").fetchall() == [("a2",), ("b",)]


@pytest.mark.parametrize("kind", ["sqlite", "duckdb"])
def test_one_machine_catalogs_hold_the_same_warehouse(kind, tmp_path):
    """SQLite and DuckDB-file catalogs (one machine; a DuckDB one takes one process at a
    time): the same catalogue and writes, the Parquet beside the catalog by default."""
    spec = f"ducklake:{kind}:{tmp_path}/catalog.{kind}"
    with Warehouse(spec).connection() as con:
        catalogue = read_catalogue(con)
        write_validated(con, [("claims", "doc_id", ["d1"], pd.DataFrame([_claim("a"), _claim("bad", kind="x")]))], "r")
        assert con.sql("SELECT claim_id FROM claims").fetchall() == [("a",)]
        assert con.sql("SELECT count(*) FROM rejected_rows").fetchone()[0] == 1
    assert set(catalogue.definitions) == set(TABLES) and not catalogue.keys
    with Warehouse(str(tmp_path / "w.duckdb")).connection() as con:
        assert catalogue.comments == read_catalogue(con).comments
    assert (tmp_path / f"catalog.{kind}.files").is_dir()


# --------------------------------------------------------------------------- a whole run


def lake_tables(spec: str, snapshot: int | None = None) -> dict[str, list[tuple]]:
    """``tests.helpers.tables`` of a lake (at ``snapshot``, if given)."""
    con = ducklake.connect_lake(spec, snapshot=snapshot, read_only=True)
    try:
        return {t: con.sql(f"SELECT {cols} FROM {t} ORDER BY ALL").fetchall() for t, cols in COMPARED.items()}
    finally:
        con.close()


def lake_resources(raw: Path, spec: str, data: str, dashboard: Path) -> dict:
    from assets.resources import RedlineConfig, RedlineWarehouse
    from pipeline.settings import DEFAULT_MODEL

    return {"redline": RedlineConfig(raw_dir=str(raw), spacy_model=DEFAULT_MODEL, n_process=1, dashboard=str(dashboard)),
            "warehouse": RedlineWarehouse(database=spec, data_path=data)}


@pytest.mark.slow
def test_a_run_into_the_lake_equals_the_file_run_and_readers_see_the_published_snapshot(sample_run, lake, tmp_path):
    from dagster import materialize

    from assets.definitions import defs

    raw, warehouse, _ = sample_run
    spec, data = lake
    shutil.copytree(raw, tmp_path / "raw")
    result = materialize(list(defs.assets) + list(defs.asset_checks),
                         resources=lake_resources(tmp_path / "raw", spec, data, tmp_path / "d.html"))
    assert result.success
    assert all(e.passed for e in result.get_asset_check_evaluations())
    assert lake_tables(spec) == tables(warehouse)
    assert any(Path(data).rglob("*.parquet")), "the rows are Parquet files under the data path"
    (snapshot_event,) = result.asset_materializations_for_node("warehouse_snapshot")
    version = snapshot_event.metadata["snapshot_version"].value
    assert f"SNAPSHOT_VERSION {version}" in snapshot_event.metadata["reader_attach"].value
    with ducklake.open_snapshot(spec) as reader:
        views = dict(reader.sql("SELECT view_name, comment FROM duckdb_views() WHERE NOT internal").fetchall())
        assert {"claims_timeline", "speaker_stances", "topic_stance_daily", "stance_changes"} <= set(views)
        assert all(views.values())
        assert reader.sql("SELECT count(*) FROM claims_timeline").fetchone()[0] > 0
        published = reader.sql("SELECT count(*) FROM claims").fetchone()[0]
    # a later write is in the lake, not in what readers see until the next snapshot
    with Warehouse(spec, data_path=data).connection() as con:
        write_validated(con, [("claims", "doc_id", ["later"], pd.DataFrame([_claim("later", doc_id="later")]))], "r")
    with ducklake.open_snapshot(spec) as reader:
        assert reader.sql("SELECT count(*) FROM claims").fetchone()[0] == published
    assert lake_tables(spec, version) == tables(warehouse)
