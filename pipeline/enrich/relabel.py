"""Re-labelling stored claims when the taxonomy or its classifier changes, without parsing.

Each ``document_extractions`` row records the digest of the taxonomy and
classifier its claims were labelled with (``labels_digest``). When the digest
of the current ones (``Labeller.digest``: the taxonomy file's bytes and the
model file's) differs, this step labels those documents' claims again from
what the warehouse keeps: the claim text, its cue and the parse features
(``claims.label_features``) that extraction stored. spaCy is never loaded, so
it takes seconds per thousand claims, and it writes only the label columns.
A label the user corrected is never overwritten: the new label goes to the
claim's ``original_values``, what the claim would say without the correction.
Claims of warehouses older than ``label_features`` are labelled from their
words and the taxonomy's rules alone.
"""
from __future__ import annotations

import json
import time
from itertools import groupby

import pandas as pd

from pipeline.chunks import chunked
from pipeline.enrich.classifier import Labeller, load_labeller
from pipeline.outcome import Log, Outcome, default_log
from pipeline.warehouse.store import Warehouse
from pipeline.warehouse.write import transaction

DOCUMENTS_PER_WRITE = 2000
LABEL_COLUMNS = ["topic", "topic_confidence", "stance", "stance_confidence", "condition"]
_STALE_SQL = "SELECT doc_id FROM document_extractions WHERE labels_digest IS DISTINCT FROM ? ORDER BY doc_id"
# What relabel_rows reads of a claim, in its order (a document's claims by start_char, claim_id).
RELABEL_FIELDS = ("doc_id", "claim_id", "claim_text", "cue", "label_features", "corrected", "original_values",
                  "topic", "stance")
_CLAIMS_SQL = f"""
    SELECT {', '.join(RELABEL_FIELDS)} FROM claims
    WHERE doc_id IN (SELECT unnest(?)) ORDER BY doc_id, start_char, claim_id
"""
_UPDATE_SQL = f"""
    UPDATE claims SET {', '.join(f'{c} = n.{c}' for c in [*LABEL_COLUMNS, "original_values"])}
    FROM relabelled n WHERE claims.claim_id = n.claim_id
"""


def relabel_rows(rows: list[tuple], labeller: Labeller) -> pd.DataFrame:
    """New labels of (doc_id, claim_id, claim_text, cue, label_features[, corrected,
    original_values, topic, stance]) rows, a document's claims together (the
    document's topic counts, as at extraction)."""
    out = []
    for _, group in groupby(rows, key=lambda r: r[0]):
        group = list(group)
        for row, labels in zip(group, labeller.label_document([r[2:5] for r in group]), strict=True):
            new = {"claim_id": row[1], "topic": labels.topic, "topic_confidence": labels.topic_confidence,
                   "stance": labels.stance, "stance_confidence": labels.stance_confidence,
                   "condition": labels.condition, "original_values": row[6] if len(row) > 6 else None}
            out.append(_keeping_corrections(new, row) if len(row) > 5 and row[5] else new)
    frame = pd.DataFrame(out, columns=["claim_id", *LABEL_COLUMNS, "original_values"])
    for column in ("topic_confidence", "stance_confidence"):
        frame[column] = frame[column].astype("float64")
    return frame


def _keeping_corrections(new: dict, row: tuple) -> dict:
    """``new`` labels of a corrected claim: a corrected label keeps the user's value and
    its new label becomes the original one (shown beside the correction, put back if the
    correction is taken out)."""
    original = json.loads(row[6] or "{}")
    current = {"topic": row[7], "stance": row[8]}
    for column in current:
        if column in original:
            original[column] = new[column]
            new[column] = current[column]
    return {**new, "original_values": json.dumps(original, default=str, ensure_ascii=False)}


def _relabel_chunk(warehouse: Warehouse, doc_ids: list[str], labeller: Labeller) -> int:
    with warehouse.connection() as con:
        rows = con.execute(_CLAIMS_SQL, [doc_ids]).fetchall()
        relabelled = relabel_rows(rows, labeller)
        with transaction(con):
            con.register("relabelled", relabelled)
            con.execute(_UPDATE_SQL)
            con.unregister("relabelled")
            con.execute("UPDATE document_extractions SET labels_digest = ? WHERE doc_id IN (SELECT unnest(?))",
                        [labeller.digest, doc_ids])
    return len(rows)


def relabel_stale(warehouse: Warehouse, taxonomy: str | None = None, log: Log = default_log) -> Outcome:
    """Label again the claims of every document labelled with another taxonomy or
    classifier than the current ones (``taxonomy``: settings.taxonomy)."""
    start = time.perf_counter()
    labeller = load_labeller(taxonomy)
    if labeller.stale:
        log(f"the classifier {labeller.model_path} was trained for another version of {labeller.taxonomy_path}: "
            f"labels are limited to its names; retrain it (python -m pipeline.enrich.train --taxonomy ...)")
    with warehouse.connection() as con:
        stale = [r[0] for r in con.execute(_STALE_SQL, [labeller.digest]).fetchall()]
    claims = 0
    for chunk in chunked(stale, DOCUMENTS_PER_WRITE):
        claims += _relabel_chunk(warehouse, chunk, labeller)
        log(f"relabelled {claims} claims of {len(stale)} documents")
    seconds = time.perf_counter() - start
    with warehouse.connection() as con:
        by_topic = dict(con.sql("SELECT coalesce(topic, '(none)'), count(*) FROM claims GROUP BY 1").fetchall())
    return Outcome(stats={
        "documents_relabelled": len(stale),
        "claims_relabelled": claims,
        "labels_digest": labeller.digest,
        "classifier_stale": labeller.stale,
        "claims_per_topic": by_topic,
        "seconds": round(seconds, 3),
        "claims_per_second": round(claims / seconds, 1) if claims else 0.0,
    })
