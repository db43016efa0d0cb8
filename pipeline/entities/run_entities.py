"""The entities stage: tables rebuilt from all claims (speakers, claim clusters),
each writing its mapping back to ``claims`` in the same transaction."""
from __future__ import annotations

from collections.abc import Callable
from functools import partial

import pandas as pd

from pipeline import PIPELINE_VERSION
from pipeline.enrich.taxonomy import load_taxonomy
from pipeline.entities.clusters import Previous, cluster_claims
from pipeline.entities.overrides import load_overrides, overrides_path
from pipeline.entities.speakers import build_speakers
from pipeline.outcome import Outcome, Preview, timed
from pipeline.warehouse import read_frame, write_validated
from pipeline.warehouse.fingerprints import inputs_fingerprint, is_current, last_build, record
from pipeline.warehouse.store import Warehouse

Builder = Callable[[pd.DataFrame], tuple[pd.DataFrame, pd.DataFrame]]

# speaker_name_in_doc: the name as resolved in its article, before merging
SPEAKER_INPUTS = ["claim_id", "doc_id", "speaker_name_in_doc", "speaker_mention", "speaker_role",
                  "speaker_affiliation", "statement_date", "published_date"]
CLUSTER_INPUTS = ["claim_id", "doc_id", "kind", "start_char", "claim_text", "topic", "stance", "speaker_id", "speaker_name",
                  "speaker_role", "speaker_affiliation", "outlet", "statement_date", "published_date"]


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
    warehouse: Warehouse, table: str, inputs: list[str], build: Builder, claim_columns: list[str],
    shown: list[str], run_id: str, extra: str = "", prepare: Callable | None = None,
    after: Callable | None = None, also: dict[str, list[str]] | None = None,
) -> Outcome:
    """Rebuild ``table`` from the ``inputs`` columns of all claims with ``build`` and
    write its claim mapping back to ``claims``, all in one transaction. Skipped when
    those columns, and the ones it writes back, are as they were at the last build
    (so claims extracted again, whose written-back columns are empty, are rebuilt).
    ``extra`` stands for inputs outside the warehouse (the speaker overrides file).
    ``prepare(con, build)``, when given, returns the builder to use (one that reuses the last build);
    ``after(con)`` runs in the write's transaction, once the claims are updated; ``also``
    names other tables' columns ``build`` reads (through ``prepare``), fingerprinted too."""
    out = Outcome()
    read = {"claims": inputs + claim_columns, **(also or {})}
    with timed(out.stats, "seconds"), warehouse.connection() as con:
        fingerprint = inputs_fingerprint(con, read, extra)
        if is_current(con, table, fingerprint):
            count = con.sql(f"SELECT count(*) FROM {table}").fetchone()[0]
            out.stats.update(skipped="no input changed since the last build", rows=count)
            return out
        # A stable input order, whatever the write history, keeps the output stable.
        rows = read_frame(con, f"SELECT {', '.join(inputs)} FROM claims ORDER BY claim_id")
        if prepare is not None:
            build = prepare(con, build)
        built, mapping = build(rows.rename(columns={"speaker_name_in_doc": "speaker_name"}))
        update = _update_claims(mapping[["claim_id", *claim_columns]])

        def then(con) -> None:
            update(con)
            record(con, table, inputs_fingerprint(con, read, extra))
            if after is not None:
                after(con)

        out.add_writes(write_validated(con, [(table, None, [], built)], run_id, then=then))
    ranked = built.sort_values("n_claims", ascending=False) if len(built) else built
    out.stats["rows"] = len(built)
    out.previews["preview"] = Preview(ranked, shown)
    return out


def refresh_speakers(warehouse: Warehouse, run_id: str, overrides: str | None = None) -> Outcome:
    """One row per person or institution that makes claims; sets claims.speaker_id and the
    canonical name, with the user's corrections in ``overrides`` (default: overrides.py)."""
    corrections = load_overrides(overrides or overrides_path(warehouse.path))
    return rebuild_from_claims(warehouse, "speakers", SPEAKER_INPUTS, partial(build_speakers, overrides=corrections),
                               ["speaker_id", "speaker_name"], ["name", "roles", "affiliation", "n_claims", "n_documents"],
                               run_id, extra=corrections.digest, prepare=_with_texts,
                               also={"documents": ["doc_id", "text"]})


def _with_texts(con, build: Builder) -> Builder:
    """``build`` reading the texts of the documents it asks for (a lone surname of an article
    that names two people of it is neither: namesakes.py), only those."""
    def texts(doc_ids: set[str]) -> dict[str, str]:
        if not doc_ids:
            return {}
        con.register("_wanted_documents", pd.DataFrame({"doc_id": sorted(doc_ids)}))
        try:
            return dict(con.execute("SELECT d.doc_id, d.text FROM documents d "
                                    "JOIN _wanted_documents w ON d.doc_id = w.doc_id").fetchall())
        finally:
            con.unregister("_wanted_documents")

    return partial(build, texts=texts)


STATE = "claim_clusters:claims"  # the asset_inputs row of the claims the clusters were last built from


def cluster_state(con, where: str = "") -> str:
    """Digest of what clustering reads of the claims ``where`` holds for, and their cluster_id.
    Speakers count as a partition (each speaker as its first claim_id): a later speakers build
    that renames an id ("florida-senator" -> "florida-senator-b44b8a") changes no pair, and
    names are only shown, read afresh at every build."""
    condition = f"WHERE {where}" if where else ""
    read = [c for c in CLUSTER_INPUTS if c not in ("speaker_id", "speaker_name")] + ["cluster_id"]
    speaker = "CASE WHEN speaker_id IS NOT NULL THEN min(claim_id) OVER (PARTITION BY speaker_id) END"
    count, digest = con.sql(f"SELECT count(*), coalesce(bit_xor(hash({', '.join(read)}, speaker_key)), 0) "
                            f"FROM (SELECT *, {speaker} AS speaker_key FROM claims {condition})").fetchone()
    return f"{PIPELINE_VERSION}:{count}:{digest}"


def previous_clusters(con) -> Previous | None:
    """The last build's clusters, when every claim it was built from is still there
    unchanged (the claims of documents extracted before it read as they did then);
    None when there was none, or a claim changed or went (then all is rebuilt)."""
    last = last_build(con, STATE)
    if last is None:
        return None
    state, built_at = last
    old = ("doc_id IN (SELECT doc_id FROM document_extractions "
           f"WHERE processed_at < TIMESTAMP '{built_at.isoformat(sep=' ')}')")
    if cluster_state(con, old) != state:
        return None
    return Previous(
        cluster_of=dict(con.execute("SELECT claim_id, cluster_id FROM claims WHERE cluster_id IS NOT NULL").fetchall()),
        grouped_by=dict(con.execute("SELECT cluster_id, grouped_by FROM claim_clusters").fetchall()),
        new_ids=frozenset(r[0] for r in con.execute(f"SELECT claim_id FROM claims WHERE NOT ({old})").fetchall()),
    )


def _reuse_previous(con, build: Builder) -> Builder:
    previous = previous_clusters(con)
    return build if previous is None else partial(build, previous=previous)


def refresh_clusters(warehouse: Warehouse, run_id: str, taxonomy: str | None = None) -> Outcome:
    """The same statement made again (same wording, or one actor's paraphrase), grouped; sets claims.cluster_id.
    Claims added since the last build are compared with all others; the old clusters are kept as they were."""
    build = partial(cluster_claims, taxonomy=load_taxonomy(taxonomy))
    return rebuild_from_claims(warehouse, "claim_clusters", CLUSTER_INPUTS, build, ["cluster_id"],
                               ["label", "topic", "stance", "n_claims", "n_speakers"], run_id, prepare=_reuse_previous,
                               after=lambda con: record(con, STATE, cluster_state(con)))
