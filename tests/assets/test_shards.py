"""Sharded claims (REDLINE_SHARDS=N), on real Dagster, DuckDB and spaCy: each
partition extracts only its shard's documents, shards run side by side in two
`dagster asset materialize` processes on one warehouse, and the tables equal
those of an unpartitioned run."""
from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import duckdb
import pytest
from dagster import AssetKey, DagsterInstance, Definitions, build_sensor_context, materialize
from dagster._core.execution.backfill import BulkActionStatus, PartitionBackfill

from pipeline.shards import Shard, shard_expression, shard_keys, shard_of
from tests.helpers import PYTHON, ROOT, SAMPLE_DIR, meta, query, resources, run, tables, write_articles

# --------------------------------------------------------------------------- the shard function

def test_python_and_sql_agree_on_every_shard():
    ids = [f"{i:064x}" for i in range(0, 10**6, 997)] + ["not-a-hash", "doc.jsonl#3"]
    con = duckdb.connect()
    con.execute("CREATE TABLE ids AS SELECT unnest(?) AS doc_id", [ids])
    for count in (1, 2, 3, 16):
        in_sql = dict(con.sql(f"SELECT doc_id, {shard_expression('doc_id', count)} FROM ids").fetchall())
        assert in_sql == {doc_id: shard_of(doc_id, count) for doc_id in ids}
        sizes = [sum(Shard(k, count).contains(d) for d in ids) for k in range(count)]
        assert sum(sizes) == len(ids) and min(sizes) > len(ids) / count / 2  # each id once, shards even
    con.close()


def test_shard_keys_sort_in_numeric_order():
    assert shard_keys(3) == ["0", "1", "2"]
    assert shard_keys(12)[:3] == ["00", "01", "02"] and sorted(shard_keys(12)) == shard_keys(12)
    assert Shard.from_key("07", 12) == Shard(7, 12)
    with pytest.raises(ValueError):
        Shard(3, 3)
    with pytest.raises(ValueError):
        shard_keys(0)


# --------------------------------------------------------------------------- the sharded code location

def test_sharded_definitions_load(monkeypatch):
    from assets.automation import claims_job, refresh_job
    from assets.definitions import build_definitions
    from pipeline.settings import Settings, settings_from_env

    monkeypatch.setenv("REDLINE_SHARDS", "4")
    monkeypatch.delenv("REDLINE_N_PROCESS", raising=False)
    monkeypatch.setenv("REDLINE_RAW_DIR", str(SAMPLE_DIR))
    settings = settings_from_env()
    assert settings.shards == 4 and settings.n_process == 1  # the shards use the cores
    defs = build_definitions(settings)
    Definitions.validate_loadable(defs)
    repo = defs.get_repository_def()
    graph = repo.asset_graph
    assert graph.get(AssetKey("claims")).partitions_def.get_partition_keys() == ["0", "1", "2", "3"]
    claims = next(a for a in defs.assets if a.key == AssetKey("claims"))
    assert claims.op.pool is None  # shards are not serialized by the warehouse pool
    for key in ("raw_documents", "documents", "speakers", "claim_clusters", "marts", "warehouse_snapshot"):
        assert graph.get(AssetKey(key)).partitions_def is None, key
    assert {j.name for j in repo.get_all_jobs()} >= {"redline_ingest_job", "redline_claims_job", "redline_refresh_job"}
    assert repo.get_job(claims_job.name).partitions_def is not None
    refreshed = {k.to_user_string() for k in repo.get_job(refresh_job.name).asset_layer.executable_asset_keys}
    assert refreshed == {"claim_labels", "corrections", "speakers", "claim_clusters", "marts", "dashboard",
                         "warehouse_snapshot"}
    assert repo.get_schedule_def("daily_refresh").job_name == refresh_job.name
    # unset, the code location is the unpartitioned one of the quick start
    monkeypatch.delenv("REDLINE_SHARDS")
    assert settings_from_env().shards is None
    assert build_definitions(Settings(raw_dir=str(SAMPLE_DIR))).get_repository_def().asset_graph.get(AssetKey("claims")).partitions_def is None


def test_sharded_sensor_starts_one_backfill_of_everything_at_a_time(monkeypatch, tmp_path):
    from assets.definitions import build_definitions
    from assets.resources import resources_for
    from pipeline.settings import Settings

    raw = tmp_path / "raw"
    shutil.copytree(SAMPLE_DIR, raw)
    settings = Settings(raw_dir=str(raw), shards=4, n_process=1)
    defs = build_definitions(settings)
    graph = defs.get_repository_def().asset_graph
    sensor = defs.get_repository_def().get_sensor_def("new_files_sensor")
    with DagsterInstance.ephemeral() as instance:
        def tick(cursor):
            context = build_sensor_context(instance=instance, definitions=defs, cursor=cursor,
                                           resources={"redline": resources_for(settings, {})["redline"]})
            return sensor.evaluate_tick(context), context.cursor

        first, cursor = tick(None)
        (request,) = first.run_requests
        # a backfill, which the daemon runs in dependency order: ingest, the shards, the rest
        assert request.requires_backfill_daemon()
        subset = request.asset_graph_subset
        assert subset.asset_keys == set(graph.materializable_asset_keys)
        assert sorted(subset.get_partitions_subset(AssetKey("claims")).get_partition_keys()) == shard_keys(4)
        # while it runs, a change in the folder waits for it (the cursor stays), then starts the next one
        backfill = PartitionBackfill.from_asset_graph_subset(
            backfill_id="first", backfill_timestamp=time.time(), tags=dict(request.tags),
            dynamic_partitions_store=instance, asset_graph_subset=subset, title=None, description=None,
            run_config=None)
        instance.add_backfill(backfill)
        write_articles(raw, [3100])
        waiting, same = tick(cursor)
        assert not waiting.run_requests and "still running" in waiting.skip_message and same == cursor
        instance.update_backfill(backfill.with_status(BulkActionStatus.COMPLETED_SUCCESS))
        after, newer = tick(cursor)
        assert len(after.run_requests) == 1 and newer != cursor


# --------------------------------------------------------------------------- sharded runs equal an unpartitioned one

@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """The sample corpus plus generated articles, and the tables of an unpartitioned run on it."""
    base = tmp_path_factory.mktemp("shards")
    raw = base / "raw"
    shutil.copytree(SAMPLE_DIR, raw)
    write_articles(raw / "generated", range(3000, 3015), sentences=(2, 4))
    reference = base / "reference.duckdb"
    run(raw, reference)
    return raw, tables(reference)


def sharded(raw: Path, warehouse: Path, shards: int, selection: list[str], partition_key: str | None = None):
    """Materialise ``selection`` (and its checks) of the sharded code location, in this process."""
    from assets.definitions import build_definitions
    from pipeline.settings import Settings

    defs = build_definitions(Settings(raw_dir=str(raw), warehouse=str(warehouse), shards=shards, n_process=1))
    result = materialize(
        list(defs.assets) + list(defs.asset_checks), selection=selection, partition_key=partition_key,
        resources=resources(raw, warehouse),
    )
    assert result.success
    return result


DOWNSTREAM = ["speakers", "claim_clusters", "marts", "dashboard", "warehouse_snapshot"]


@pytest.mark.slow
def test_each_partition_extracts_only_its_shard(corpus, tmp_path):
    raw, expected = corpus
    warehouse = tmp_path / "w.duckdb"
    sharded(raw, warehouse, 3, ["raw_documents", "documents"])
    docs = [row[0] for row in query(warehouse, "SELECT doc_id FROM documents")]
    done: set[str] = set()
    for key in shard_keys(3):
        result = sharded(raw, warehouse, 3, ["claims"], partition_key=key)
        mine = {d for d in docs if Shard.from_key(key, 3).contains(d)}
        assert mine, "every shard has documents in this corpus"
        extraction = meta(result, "claims")
        assert extraction["documents_processed"] + extraction["documents_skipped"] == len(mine)
        done |= mine
        assert {row[0] for row in query(warehouse, "SELECT doc_id FROM document_extractions")} == done
        assert {row[0] for row in query(warehouse, "SELECT DISTINCT doc_id FROM claims")} <= done
        checks = {e.check_name: e.passed for e in result.get_asset_check_evaluations()}
        assert checks["orphan_claims"] and checks["claim_offsets"], checks
    again = sharded(raw, warehouse, 3, ["claims"], partition_key="1")  # a rerun of a shard has nothing to do
    assert meta(again, "claims")["documents_processed"] == 0
    sharded(raw, warehouse, 3, DOWNSTREAM)
    assert tables(warehouse) == expected


@pytest.mark.slow
def test_two_shards_in_two_concurrent_processes_equal_an_unpartitioned_run(corpus, tmp_path):
    raw, expected = corpus
    warehouse, home = tmp_path / "w.duckdb", tmp_path / "home"
    home.mkdir()
    sharded(raw, warehouse, 2, ["raw_documents", "documents"])
    # Dagster's SQLite storage must exist before two processes share it (created by both at once, its
    # schema version is stamped twice); a deployment's DAGSTER_HOME has it from its first run.
    DagsterInstance.from_config(str(home)).dispose()
    env = {**os.environ, "REDLINE_SHARDS": "2", "REDLINE_RAW_DIR": str(raw), "REDLINE_WAREHOUSE": str(warehouse),
           "DAGSTER_HOME": str(home), "PYTHONPATH": str(ROOT)}
    env.pop("REDLINE_N_PROCESS", None)
    dagster = Path(PYTHON).with_name("dagster")
    shards = [subprocess.Popen([str(dagster), "asset", "materialize", "-m", "assets.definitions",
                                "--select", "claims", "--partition", key],
                               cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
              for key in shard_keys(2)]
    for proc in shards:
        _, err = proc.communicate(timeout=600)
        assert proc.returncode == 0, err[-3000:]
    with DagsterInstance.from_config(str(home)) as instance:
        partitions = {r.tags.get("dagster/partition") for r in instance.get_runs() if r.is_success}
    assert partitions == {"0", "1"}
    sharded(raw, warehouse, 2, DOWNSTREAM)
    assert tables(warehouse) == expected
