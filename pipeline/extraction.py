"""Running spaCy over documents as a stream and turning claims into rows.

Texts are pulled lazily and claims are handed back one document at a time,
so memory stays flat however many documents a run processes.
"""
from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import asdict, dataclass
from datetime import date

from spacy.language import Language

from pipeline import PIPELINE_VERSION
from pipeline.claims import claims_for_document
from pipeline.enrich.taxonomy import load_taxonomy
from pipeline.records import ExtractedClaim

CLAIM_COLUMNS = [
    "claim_id", "doc_id", "kind", "claim_text", "start_char", "end_char", "cue",
    "speaker_mention", "speaker_id", "speaker_name", "speaker_role", "speaker_affiliation",
    "statement_date", "date_basis", "topic", "stance", "condition", "confidence",
    "cluster_id", "published_date", "outlet", "pipeline_version", "speaker_name_in_doc",
]


@dataclass
class DocumentToExtract:
    doc_id: str
    text: str
    published_date: date | None
    outlet: str | None


def claim_id(doc_id: str, claim: ExtractedClaim) -> str:
    key = f"{doc_id}:{claim.start_char}:{claim.end_char}:{claim.kind}"
    return hashlib.sha256(key.encode()).hexdigest()[:20]


def claim_row(item: DocumentToExtract, claim: ExtractedClaim) -> dict:
    values = asdict(claim)
    row = {name: values.get(name) for name in CLAIM_COLUMNS}
    row.update(
        claim_id=claim_id(item.doc_id, claim),
        doc_id=item.doc_id,
        published_date=item.published_date,
        outlet=item.outlet,
        pipeline_version=PIPELINE_VERSION,
        speaker_name_in_doc=claim.speaker_name,
        speaker_id=None,
        cluster_id=None,
    )
    return row


def extract_stream(
    nlp: Language,
    items: Iterable[DocumentToExtract],
    n_process: int = 1,
    batch_size: int = 64,
) -> Iterator[tuple[DocumentToExtract, list[dict]]]:
    """Yield each document with its claim rows, parsing with ``nlp.pipe``."""
    taxonomy = load_taxonomy()
    limit = nlp.max_length
    # Texts past spaCy's max_length are cut at it: offsets into the prefix stay valid.
    pairs = ((item.text[:limit], item) for item in items)
    for doc, item in nlp.pipe(pairs, as_tuples=True, n_process=n_process, batch_size=batch_size):
        claims = claims_for_document(doc, item.published_date, taxonomy)
        yield item, [claim_row(item, claim) for claim in claims]
