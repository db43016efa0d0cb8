"""The corrections step: after claims, before speakers, on every run.

Reads the corrections file and the ``corrections`` table, puts back what the last
run changed, applies every correction to the claims as extracted, and writes the
claims it touched and the corrections (with what each did) in one transaction.
"""
from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from pipeline.corrections.apply import APPLIED, Result, apply_one, restored
from pipeline.corrections.entries import Correction, load_corrections
from pipeline.enrich.classifier import load_labeller
from pipeline.enrich.relabel import LABEL_COLUMNS, RELABEL_FIELDS, relabel_rows
from pipeline.outcome import Outcome, Preview, timed, utcnow
from pipeline.schemas import columns, frame_of
from pipeline.warehouse import read_frame, write_validated
from pipeline.warehouse.store import Warehouse

_ENTRY_FIELDS = ("kind", "document", "quote", "speaker", "topic", "stance", "corrected_by", "corrected_at", "reason",
                 "origin")


def _records(frame: pd.DataFrame) -> list[dict]:
    return [{k: (None if _missing(v) else v) for k, v in row.items()} for row in frame.to_dict("records")]


def _missing(value) -> bool:
    return value is None or (not isinstance(value, (list, tuple)) and pd.isna(value))


def _from_row(row: dict) -> Correction:
    """A correction the user added to the table with SQL."""
    return Correction(**{k: row.get(k) for k in _ENTRY_FIELDS}, names=tuple(row.get("names") or ()))


_LABELS_DIGEST = "labels_digest"  # kept with a removed claim: the labels it had were of this digest


def _read(con) -> tuple[list[dict], list[dict], list[Correction], dict[str, str]]:
    """Claims that the last run touched, claims it removed (those whose document is still
    there and was not extracted again since), the corrections added with SQL, and each
    document's labels digest."""
    touched = _records(read_frame(con, "SELECT * FROM claims WHERE corrected"))
    previous = _records(read_frame(con, "SELECT * FROM corrections"))
    rows = con.execute("SELECT doc_id, processed_at, labels_digest FROM document_extractions").fetchall()
    extracted = {doc_id: at for doc_id, at, _ in rows}
    removed = [r for p in previous for r in json.loads(p.get("removed_claims") or "[]")
               if r["doc_id"] in extracted and extracted[r["doc_id"]] <= p["applied_at"]]
    by_sql = [_from_row(p) for p in previous if p["origin"] != "file"]
    return touched, removed, by_sql, {doc_id: digest for doc_id, _, digest in rows}


def _labelled_again(removed: list[dict], claims: dict[str, dict], digests: dict[str, str], taxonomy: str | None) -> None:
    """Label again, in ``claims``, each claim put back from ``removed`` whose labels are of another
    digest than its document's: the taxonomy or classifier changed while a correction kept it out
    of the claims, so claim_labels never saw it. Labelled with its document's claims, as
    claim_labels does."""
    stale = {r["claim_id"] for r in removed if claims.get(r["claim_id"]) is r
             and r.get(_LABELS_DIGEST, "") != digests.get(r["doc_id"])}
    if not stale:
        return
    docs = {claims[c]["doc_id"] for c in stale}
    rows = sorted((r for r in claims.values() if r["doc_id"] in docs),
                  key=lambda r: (r["doc_id"], r.get("start_char") or 0, r["claim_id"]))
    labels = relabel_rows([tuple(r.get(f) for f in RELABEL_FIELDS) for r in rows], load_labeller(taxonomy))
    for new in labels[labels["claim_id"].isin(stale)].to_dict("records"):
        claims[new["claim_id"]].update({c: None if _missing(new[c]) else new[c] for c in LABEL_COLUMNS})


def _documents_of(con, corrections: list[Correction]) -> dict[str, list[dict]]:
    """Each named document (input path or doc_id) -> its current document rows."""
    names = sorted({c.document for c in corrections if c.document})
    if not names:
        return {}
    rows = _records(read_frame(con, "SELECT doc_id, source_path, text, published_date, outlet FROM documents "
                                    "WHERE source_path IN (SELECT unnest(?)) OR doc_id IN (SELECT unnest(?))",
                               [names, names]))
    return {n: [r for r in rows if n in (r["source_path"], r["doc_id"])] for n in names}


def _claims_for(con, doc_ids: list[str], speakers: list[str], restored_rows: list[dict]) -> dict[str, dict]:
    """claim_id -> row: the claims of the named documents or speakers, and every restored one."""
    rows = _records(read_frame(con, "SELECT * FROM claims WHERE doc_id IN (SELECT unnest(?)) "
                                    "OR lower(speaker_name_in_doc) IN (SELECT unnest(?))", [doc_ids, speakers]))
    by_id = {r["claim_id"]: r for r in rows}
    by_id.update({r["claim_id"]: r for r in restored_rows})
    return by_id


def _correction_row(correction: Correction, result: Result, now) -> dict:
    return {"correction_id": correction.correction_id, "origin": correction.origin, "kind": correction.kind,
            "document": correction.document, "quote": correction.quote, "speaker": correction.speaker,
            "topic": correction.topic, "stance": correction.stance, "names": list(correction.names) or None,
            "corrected_by": correction.corrected_by, "corrected_at": correction.corrected_at,
            "reason": correction.reason, "status": result.status, "claim_ids": result.claim_ids or None,
            "removed_claims": json.dumps(result.removed, default=str, ensure_ascii=False) if result.removed else None,
            "applied_at": now}


def _distinct(corrections: list[Correction]) -> list[Correction]:
    """One of each correction (the file's first), in the file's order, then the SQL ones."""
    seen: dict[str, Correction] = {}
    for c in corrections:
        seen.setdefault(c.correction_id, c)
    return list(seen.values())


def apply_corrections(warehouse: Warehouse, path: Path, run_id: str, taxonomy: str | None = None) -> Outcome:
    """Apply the corrections in ``path`` (and the table's own) to the claims; report each one's status.
    ``taxonomy`` (settings.taxonomy) labels a claim put back after a taxonomy change."""
    out = Outcome()
    with timed(out.stats, "seconds"), warehouse.connection() as con:
        touched, removed, by_sql, digests = _read(con)
        corrections = _distinct(load_corrections(path) + by_sql)
        documents = _documents_of(con, corrections)
        back = restored(touched, removed)
        doc_ids = sorted({d["doc_id"] for rows in documents.values() for d in rows} | {r["doc_id"] for r in back})
        speakers = sorted({n.lower() for c in corrections if c.kind == "merge_speakers" for n in c.names})
        claims = _claims_for(con, doc_ids, speakers, back)
        _labelled_again(removed, claims, digests, taxonomy)
        before = set(claims) | {r["claim_id"] for r in touched}
        now = utcnow()
        results = [(c, apply_one(c, documents.get(c.document, []), claims)) for c in corrections]
        for _, result in results:
            for row in result.removed:
                row[_LABELS_DIGEST] = digests.get(row["doc_id"])
        rows = frame_of("corrections", [_correction_row(c, r, now) for c, r in results])
        changed = frame_of("claims", [{k: r.get(k) for k in columns("claims")} for r in claims.values()])
        replaced = sorted(before | set(claims))
        out.add_writes(write_validated(con, [("corrections", None, [], rows),
                                             ("claims", "claim_id", replaced, changed)], run_id))
    statuses = rows["status"].value_counts().to_dict() if len(rows) else {}
    out.stats.update(corrections=len(rows), applied=statuses.get(APPLIED, 0),
                     not_applied=len(rows) - statuses.get(APPLIED, 0), file=str(path))
    out.previews["not_applied"] = Preview(rows[rows["status"] != APPLIED], ["kind", "document", "quote", "status"])
    return out
