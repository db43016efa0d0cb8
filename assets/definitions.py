"""The redline code location: `dagster dev` from the project root loads this."""

from dagster import Definitions

from assets.automation import daily_refresh, new_files_sensor, redline_job
from assets.checks import CHECKS
from assets.claims import claims
from assets.entities import claim_clusters, speakers
from assets.ingest import documents, raw_documents
from assets.marts import dashboard, marts
from assets.resources import config_from_env, warehouse_from_env

defs = Definitions(
    assets=[raw_documents, documents, claims, speakers, claim_clusters, marts, dashboard],
    asset_checks=CHECKS,
    jobs=[redline_job],
    schedules=[daily_refresh],
    sensors=[new_files_sensor],
    resources={"redline": config_from_env(), "warehouse": warehouse_from_env()},
)
