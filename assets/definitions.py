"""The redline code location: `dagster dev` from the project root loads this."""

from dagster import Definitions, in_process_executor

from assets.automation import daily_refresh, new_files_sensor, redline_job
from assets.checks import CHECKS
from assets.claims import claims
from assets.entities import claim_clusters, speakers
from assets.ingest import documents, raw_documents
from assets.marts import dashboard, marts
from assets.publish import warehouse_snapshot
from assets.resources import config_from_env, warehouse_from_env

defs = Definitions(
    assets=[raw_documents, documents, claims, speakers, claim_clusters, marts, dashboard, warehouse_snapshot],
    asset_checks=CHECKS,
    jobs=[redline_job],
    schedules=[daily_refresh],
    sensors=[new_files_sensor],
    # One process for the run: every writing asset shares one pool (one writer at a time), and a
    # subprocess per step re-imported spaCy and Dagster each time (~15 s a step, 4 min for 5 files).
    # spaCy itself uses REDLINE_N_PROCESS workers. See docs/scaling.md.
    executor=in_process_executor,
    resources={"redline": config_from_env(), "warehouse": warehouse_from_env()},
)
