"""The redline code location: `dagster dev` from the project root loads this."""

from dagster import Definitions, in_process_executor

from assets.automation import automation
from assets.checks import CHECKS
from assets.correction_assets import corrections
from assets.entity_assets import claim_clusters, speakers
from assets.extract_assets import claims_asset
from assets.ingest_assets import documents, raw_documents
from assets.label_assets import claim_labels
from assets.mart_assets import dashboard, marts, warehouse_snapshot
from assets.resources import resources_for
from pipeline.settings import Settings, check, settings_from_env


def build_definitions(settings: Settings | None = None) -> Definitions:
    """The code location of ``settings`` (default: the environment's, checked):
    unpartitioned, or with ``settings.shards`` claims partitions."""
    settings = settings or check(settings_from_env())
    shards = settings.shards
    assets = [raw_documents, documents, claims_asset(shards), corrections, claim_labels, speakers, claim_clusters, marts, dashboard,
              warehouse_snapshot]
    return Definitions(
        assets=assets,
        asset_checks=CHECKS,
        **automation(shards),
        # One process for the run: every writing asset shares one pool (one writer at a time), and a
        # subprocess per step re-imported spaCy and Dagster each time (~15 s a step, 4 min for 5 files).
        # spaCy itself uses REDLINE_N_PROCESS workers. Sharded, each shard is a run of its own, in its
        # own process (the run launcher's), so the in-process executor still fits. See docs/scaling.md.
        executor=in_process_executor,
        resources=resources_for(settings),
    )


defs = build_definitions()
