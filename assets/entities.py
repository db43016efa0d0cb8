"""Assets that look across all claims: speakers merged across articles, and
clusters of the same claim made again."""
from collections.abc import Callable

import pandas as pd
from dagster import AssetExecutionContext, MaterializeResult, asset

from assets.ingest import POOL
from assets.metadata import column_schema, preview, timed, write_stats
from assets.resources import RedlineWarehouse
from pipeline.clusters import cluster_claims
from pipeline.speakers import build_speakers
from pipeline.warehouse import read_frame, write_validated
from pipeline.warehouse.fingerprints import inputs_fingerprint, is_current, record

Builder = Callable[[pd.DataFrame], tuple[pd.DataFrame, pd.DataFrame]]


def _update_claims(mapping: pd.DataFrame):
    """An UPDATE of ``claims`` from ``mapping`` (claim_id + columns), to run in the write's transaction."""
    columns = [c for c in mapping.columns if c != "claim_id"]

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


def rebuild_from_claims(
    context: AssetExecutionContext, warehouse: RedlineWarehouse, table: str, inputs: list[str],
    build: Builder, claim_columns: list[str], shown: list[str],
) -> MaterializeResult:
    """Rebuild ``table`` from the ``inputs`` columns of all claims with ``build`` and
    write its claim mapping back to ``claims``, all in one transaction; skipped
    when those columns are as they were at the last build."""
    timing: dict = {}
    with timed(timing, "seconds"), warehouse.get_connection() as con:
        fingerprint = inputs_fingerprint(con, {"claims": inputs})
        if is_current(con, table, fingerprint):
            count = con.sql(f"SELECT count(*) FROM {table}").fetchone()[0]
            return MaterializeResult(metadata={"skipped": "no input changed since the last build", "rows": count})
        # A stable input order, whatever the write history, keeps the output stable.
        rows = read_frame(con, f"SELECT {', '.join(inputs)} FROM claims ORDER BY claim_id")
        built, mapping = build(rows.rename(columns={"speaker_name_in_doc": "speaker_name"}))
        update = _update_claims(mapping[["claim_id", *claim_columns]])

        def then(con) -> None:
            update(con)
            record(con, table, fingerprint)

        stats = write_validated(con, [(table, None, [], built)], context.run.run_id, then=then)
    ranked = built.sort_values("n_claims", ascending=False) if len(built) else built
    return MaterializeResult(metadata={**write_stats(stats), **timing, "rows": len(built), "preview": preview(ranked, shown)})


# "claims" by key: that asset is built per configuration, partitioned by shard or not (assets/claims.py);
# either way speakers depends on all of it.
@asset(group_name="entities", pool=POOL, deps=["claims"], compute_kind="python", metadata=column_schema("speakers"))
def speakers(context: AssetExecutionContext, warehouse: RedlineWarehouse) -> MaterializeResult:
    """One row per person or institution that makes claims, with one id across
    articles, all aliases and roles; sets claims.speaker_id and the canonical name."""
    # speaker_name_in_doc: the name as resolved in its article, before merging
    inputs = ["claim_id", "doc_id", "speaker_name_in_doc", "speaker_mention", "speaker_role",
              "speaker_affiliation", "statement_date", "published_date"]
    return rebuild_from_claims(
        context, warehouse, "speakers", inputs, build_speakers, ["speaker_id", "speaker_name"],
        ["name", "roles", "affiliation", "n_claims", "n_documents"],
    )


@asset(group_name="entities", pool=POOL, deps=[speakers], compute_kind="python", metadata=column_schema("claim_clusters"))
def claim_clusters(context: AssetExecutionContext, warehouse: RedlineWarehouse) -> MaterializeResult:
    """The same claim made again by other speakers or outlets, grouped; sets claims.cluster_id."""
    inputs = ["claim_id", "claim_text", "topic", "stance", "speaker_id", "outlet", "statement_date", "published_date"]
    return rebuild_from_claims(
        context, warehouse, "claim_clusters", inputs, cluster_claims, ["cluster_id"],
        ["label", "topic", "stance", "n_claims", "n_speakers"],
    )
