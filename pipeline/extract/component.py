"""From a parsed document to its attributed, dated and classified claims.

Attribution runs as the spaCy component ``redline_claims`` (so that with
``n_process`` it runs in spaCy's worker processes, beside the parser); the
cheap enrichment that needs the publication date runs afterwards.
"""
from __future__ import annotations

from datetime import date

from spacy.language import Language
from spacy.tokens import Doc

from pipeline.enrich.classifier import Labeller, load_labeller
from pipeline.enrich.features import join_features, span_parse_features
from pipeline.enrich.statement_dates import resolve_statement_date
from pipeline.extract.doccache import text_of
from pipeline.extract.extractor import extract_claims
from pipeline.records import ExtractedClaim
from pipeline.settings import settings_from_env

USER_DATA_KEY = "redline.claims"
# The text extraction built (doccache.text_of), kept for the enrichment that follows:
# spaCy rebuilds Doc.text from every token on each access (2 % of a parse).
TEXT_KEY = "redline.text"


@Language.component("redline_claims")
def attribute_claims(doc: Doc) -> Doc:
    """Store the document's attributed statements in ``doc.user_data``, which
    spaCy carries back from its worker processes with the Doc."""
    claims = [claim.fields() for claim in extract_claims(doc)]
    text = text_of(doc)
    # Extraction caches Spans under "redline.*" keys; they cannot be serialised
    # back from a worker process and are not needed after it.
    for key in [k for k in doc.user_data if isinstance(k, str) and k.startswith("redline.")]:
        del doc.user_data[key]
    doc.user_data[USER_DATA_KEY] = claims
    doc.user_data[TEXT_KEY] = text
    return doc


def attributed_claims(doc: Doc) -> list[ExtractedClaim]:
    """The component's claims, or a fresh extraction if the pipeline lacks it."""
    stored = doc.user_data.get(USER_DATA_KEY)
    if stored is None:
        return extract_claims(doc)
    return [ExtractedClaim(**fields) for fields in stored]


def claims_for_document(
    doc: Doc, published_date: date | None, labeller: Labeller | None = None
) -> list[ExtractedClaim]:
    """Every attributed statement in ``doc`` with its date, topic, stance and condition
    (``labeller``: default, the taxonomy the settings name, as a run labels them)."""
    if labeller is None:
        labeller = load_labeller(settings_from_env().taxonomy)
    claims = attributed_claims(doc)
    text = doc.user_data.get(TEXT_KEY) or doc.text
    for claim in claims:
        context = text[claim.context_start : claim.context_end]
        claim.statement_date, claim.date_basis = resolve_statement_date(context, published_date)
        # The parse features are kept with the claim: re-labelling needs no parse (pipeline/enrich/relabel.py).
        claim.label_features = join_features(span_parse_features(doc, claim.context_start, claim.context_end,
                                                                       text=text))
    labelled = labeller.label_document([(c.claim_text, c.cue, c.label_features) for c in claims])
    for claim, labels in zip(claims, labelled, strict=True):
        claim.topic, claim.stance, claim.condition = labels.topic, labels.stance, labels.condition
        claim.topic_confidence, claim.stance_confidence = labels.topic_confidence, labels.stance_confidence
    return claims
