"""The extraction tests' fixture: claims of a small text, checked against the offset contract."""
from __future__ import annotations

import pytest

from pipeline.extract.extractor import extract_claims
from pipeline.extract.model import load_nlp


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


@pytest.fixture(scope="module")
def claims_of():
    nlp = load_nlp()

    def run(text: str):
        doc = nlp(text)
        claims = extract_claims(doc)
        for c in claims:  # the offset contract holds for every claim
            assert doc.text[c.start_char : c.end_char] == c.claim_text
            assert c.context_start <= c.start_char < c.end_char <= c.context_end
            assert 0.0 <= c.confidence <= 1.0
            if c.speaker_mention:  # the mention is kept where it is written
                assert doc.text[c.speaker_start : c.speaker_start + len(c.speaker_mention)] == c.speaker_mention
        return claims

    return run
