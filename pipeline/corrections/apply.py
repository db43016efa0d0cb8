"""Applying corrections to claims: pure functions over the rows of one run.

Every run first puts back what the last run changed (the corrected fields from
``original_values``, the removed claims from their correction's ``removed_claims``;
claims the user added are dropped), then applies every correction afresh to the
claims as extracted. So a correction removed from the file is undone, one whose
claim was extracted again (a changed file, a PIPELINE_VERSION bump) is applied to
the new claim, and one whose quote is no longer in its document is reported with
a status, never silently dropped.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field

from pipeline.corrections.entries import Correction
from pipeline.extract.pool import DocumentToExtract, claim_row
from pipeline.records import ExtractedClaim

ADDED_RULE = "correction"  # extraction_rule of a claim the user added
# The claims columns a correction may change, by what the user sets.
FIELDS = {"speaker": ("speaker_name_in_doc", "speaker_name", "speaker_id"), "topic": ("topic",), "stance": ("stance",)}
APPLIED, NO_DOCUMENT, NO_SPAN, NO_CLAIM, NO_SPEAKER = (
    "applied", "document_not_found", "span_not_found", "no_claim_at_span", "no_claims_of_speaker")
_QUOTES = str.maketrans({"’": "'", "‘": "'", "“": '"', "”": '"'})


@dataclass
class Result:
    """What one correction did in this run."""

    status: str
    claim_ids: list[str] = field(default_factory=list)
    removed: list[dict] = field(default_factory=list)


def restored(claims: list[dict], removed: list[dict]) -> list[dict]:
    """The claims as extracted: corrected fields put back, added claims dropped, and the
    claims the last run removed restored where their document still holds them."""
    out = []
    for row in claims:
        if row.get("extraction_rule") == ADDED_RULE:
            continue
        if row.get("corrected"):
            row = {**row, **json.loads(row.get("original_values") or "{}"), "corrected": None, "original_values": None}
        out.append(row)
    present = {r["claim_id"] for r in out}
    return out + [r for r in removed if r["claim_id"] not in present]


def find_span(text: str, quote: str) -> tuple[int, int] | None:
    """Where ``quote`` stands in ``text``: as written, else with quote marks and spacing folded."""
    at = text.find(quote)
    if at >= 0:
        return at, at + len(quote)
    folded = text.translate(_QUOTES)
    pattern = r"\s+".join(re.escape(w) for w in quote.translate(_QUOTES).split())
    match = re.search(pattern, folded)
    return (match.start(), match.end()) if match else None


def _overlap(row: dict, span: tuple[int, int]) -> int:
    return min(row["end_char"], span[1]) - max(row["start_char"], span[0])


def claim_at(claims: list[dict], span: tuple[int, int]) -> dict | None:
    """The claim of a document that overlaps ``span`` most, if any does."""
    best = max(claims, key=lambda r: (_overlap(r, span), -r["start_char"]), default=None)
    return best if best is not None and _overlap(best, span) > 0 else None


def _set(row: dict, correction: Correction) -> dict:
    """``row`` with the correction's values, its first original values kept in original_values."""
    original = json.loads(row.get("original_values") or "{}")
    changed = dict(row)
    for name, columns in FIELDS.items():
        value = getattr(correction, name)
        if value is None:
            continue
        for column in columns:
            original.setdefault(column, row.get(column))
        changed.update({"speaker_name_in_doc": value, "speaker_name": value, "speaker_id": None}
                       if name == "speaker" else {name: value})
    return {**changed, "corrected": True, "original_values": json.dumps(original, default=str, ensure_ascii=False)}


def _added_claim(document: dict, span: tuple[int, int], correction: Correction) -> dict:
    """A claims row for a statement the extraction missed, as the extractor would write it."""
    text = document["text"][span[0] : span[1]]
    kind = "direct" if text[:1] in "\"“'‘" else "indirect"
    claim = ExtractedClaim(kind, text, span[0], span[1], cue=None, speaker_mention=correction.speaker,
                           speaker_name=correction.speaker, topic=correction.topic, stance=correction.stance,
                           statement_date=document["published_date"], confidence=1.0, extraction_rule=ADDED_RULE)
    item = DocumentToExtract(document["doc_id"], document["text"], document["published_date"], document["outlet"])
    row = claim_row(item, claim)
    return {**row, "corrected": True, "original_values": "{}"}


def apply_one(correction: Correction, documents: list[dict], claims: dict[str, dict]) -> Result:
    """Apply ``correction`` to ``claims`` (claim_id -> row, changed in place) of the
    ``documents`` it names (the current document of an input file)."""
    if correction.kind == "merge_speakers":
        return _rename(claims, set(correction.names[1:]), correction.names[0], None)
    if not documents:
        return Result(NO_DOCUMENT)
    if correction.kind == "split_speaker":
        return _rename(claims, {correction.names[0]}, correction.speaker, {d["doc_id"] for d in documents})
    for document in documents:
        span = find_span(document["text"], correction.quote)
        if span is not None:
            return _at_span(correction, document, span, claims)
    return Result(NO_SPAN)


def _at_span(correction: Correction, document: dict, span: tuple[int, int], claims: dict[str, dict]) -> Result:
    in_doc = [r for r in claims.values() if r["doc_id"] == document["doc_id"]]
    row = claim_at(in_doc, span)
    if correction.kind == "add_claim":
        if row is None:
            added = _added_claim(document, span, correction)
            claims[added["claim_id"]] = added
            return Result(APPLIED, [added["claim_id"]])
        # Extracted since: the correction's values still hold for it.
    if row is None:
        return Result(NO_CLAIM)
    if correction.kind == "not_a_claim":
        del claims[row["claim_id"]]
        return Result(APPLIED, [row["claim_id"]], [row])
    claims[row["claim_id"]] = _set(row, correction)
    return Result(APPLIED, [row["claim_id"]])


def _rename(claims: dict[str, dict], names: set[str], name: str, doc_ids: set[str] | None) -> Result:
    """Give the claims whose in-document speaker is one of ``names`` (in ``doc_ids``, if given) ``name``."""
    folded = {n.lower() for n in names}
    hits = [r for r in claims.values() if (r.get("speaker_name_in_doc") or "").lower() in folded
            and (doc_ids is None or r["doc_id"] in doc_ids)]
    for row in hits:
        claims[row["claim_id"]] = _set(row, Correction("set", speaker=name))
    return Result(APPLIED if hits else NO_SPEAKER, sorted(r["claim_id"] for r in hits))
