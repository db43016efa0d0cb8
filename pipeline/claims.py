"""From a parsed document to its attributed, dated and classified claims."""
from __future__ import annotations

from datetime import date

from spacy.tokens import Doc

from pipeline.enrich.dates import resolve_statement_date
from pipeline.enrich.taxonomy import Taxonomy, classify_claim, load_taxonomy
from pipeline.extract import extract_claims
from pipeline.records import ExtractedClaim


def claims_for_document(
    doc: Doc, published_date: date | None, taxonomy: Taxonomy | None = None
) -> list[ExtractedClaim]:
    """Every attributed statement in ``doc`` with its date, topic, stance and condition."""
    taxonomy = taxonomy or load_taxonomy()
    claims = extract_claims(doc)
    for claim in claims:
        context = doc.text[claim.context_start : claim.context_end]
        claim.statement_date, claim.date_basis = resolve_statement_date(context, published_date)
        claim.topic, claim.stance, claim.condition = classify_claim(claim.claim_text, context, taxonomy)
    return claims
