"""Assets that look across all claims: speakers merged across articles, and
clusters of the same claim made again."""

import pandas as pd
from dagster import AssetExecutionContext, MaterializeResult, asset

from assets.claims import claims
from assets.ingest import POOL
from assets.metadata import preview, write_stats
from assets.resources import RedlineWarehouse
from pipeline.clusters import cluster_claims
from pipeline.speakers import build_speakers
from pipeline.warehouse import read_frame, write_validated


def _update_claims(mapping: pd.DataFrame, columns: list[str]):
    """An UPDATE of ``claims`` from ``mapping`` (claim_id + columns), to run in the write's transaction."""

    def run(con) -> None:
        con.register("_claim_mapping", mapping)
        try:
            sets = ", ".join(f"{c} = m.{c}" for c in columns)
            nulls = ", ".join(f"{c} = NULL" for c in columns)
            con.execute(f"UPDATE claims SET {nulls} WHERE claim_id NOT IN (SELECT claim_id FROM _claim_mapping)")
            con.execute(f"UPDATE claims SET {sets} FROM _claim_mapping m WHERE claims.claim_id = m.claim_id")
        finally:
            con.unregister("_claim_mapping")

    return run


@asset(group_name="entities", pool=POOL, deps=[claims], compute_kind="python")
def speakers(context: AssetExecutionContext, warehouse: RedlineWarehouse) -> MaterializeResult:
    """One row per person or institution that makes claims, with one id across
    articles, all aliases and roles; sets claims.speaker_id and the canonical name."""
    with warehouse.get_connection() as con:
        rows = read_frame(
            con,
            """SELECT claim_id, doc_id, coalesce(speaker_name_in_doc, speaker_name) AS speaker_name,
                      speaker_mention, speaker_role, speaker_affiliation, statement_date, published_date
               FROM claims""",
        )
        table, mapping = build_speakers(rows)
        stats = write_validated(
            con,
            [("speakers", None, [], table)],
            context.run.run_id,
            then=_update_claims(mapping[["claim_id", "speaker_id", "speaker_name"]], ["speaker_id", "speaker_name"]),
        )
    return MaterializeResult(
        metadata={**write_stats(stats), "speakers": len(table), "preview": preview(
            table.sort_values("n_claims", ascending=False), ["name", "roles", "affiliation", "n_claims", "n_documents"]
        )}
    )


@asset(group_name="entities", pool=POOL, deps=[speakers], compute_kind="python")
def claim_clusters(context: AssetExecutionContext, warehouse: RedlineWarehouse) -> MaterializeResult:
    """The same claim made again by other speakers or outlets, grouped; sets claims.cluster_id."""
    with warehouse.get_connection() as con:
        rows = read_frame(
            con,
            """SELECT claim_id, claim_text, topic, stance, speaker_id, outlet, statement_date, published_date
               FROM claims""",
        )
        table, mapping = cluster_claims(rows)
        stats = write_validated(
            con,
            [("claim_clusters", None, [], table)],
            context.run.run_id,
            then=_update_claims(mapping[["claim_id", "cluster_id"]], ["cluster_id"]),
        )
    return MaterializeResult(
        metadata={**write_stats(stats), "clusters": len(table), "preview": preview(
            table.sort_values("n_claims", ascending=False), ["label", "topic", "stance", "n_claims", "n_speakers"]
        )}
    )
