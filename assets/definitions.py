"""The redline code location: `dagster dev` from the project root loads this."""

from dagster import Definitions, in_process_executor

from assets.automation import automation
from assets.checks import CHECKS
from assets.claims import claims_asset
from assets.entities import claim_clusters, speakers
from assets.ingest import documents, raw_documents
from assets.marts import dashboard, marts
from assets.publish import warehouse_snapshot
from assets.resources import config_from_env, shards_from_env, warehouse_from_env


def build_definitions(shards: int | None = None) -> Definitions:
    """The code location: unpartitioned, or with ``shards`` claims partitions (REDLINE_SHARDS)."""
    assets = [raw_documents, documents, claims_asset(shards), speakers, claim_clusters, marts, dashboard,
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
        resources={"redline": config_from_env(shards), "warehouse": warehouse_from_env()},
    )


defs = build_definitions(shards_from_env())
