"""Attribution extraction on the sample corpus: the statements it must find."""
from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.extract.extractor import extract_claims
from pipeline.extract.model import load_nlp

RAW = Path(__file__).resolve().parents[2] / "data" / "raw"


@pytest.fixture(scope="module")
def sample_claims():
    nlp = load_nlp()
    out = {}
    for path in sorted(RAW.glob("*.txt")):
        doc = nlp(path.read_text(encoding="utf-8"))
        out[path.name[:3]] = extract_claims(doc)
        for c in out[path.name[:3]]:
            assert doc.text[c.start_char : c.end_char] == c.claim_text
    return out


def find(claims, fragment):
    hits = [c for c in claims if fragment in c.claim_text]
    assert hits, f"missing {fragment!r}"
    return hits[0]


def test_shamkhani_red_line(sample_claims):
    claim = find(sample_claims["001"], "Our missile systems are a red line and not up for negotiation")
    assert claim.kind == "direct" and claim.speaker_name == "Ali Shamkhani"
    assert claim.speaker_mention == "Shamkhani"


def test_araghchi_statements(sample_claims):
    araghchi = [c for doc in sample_claims.values() for c in doc if c.speaker_name == "Abbas Araghchi"]
    texts = " | ".join(c.claim_text for c in araghchi)
    assert "appropriately sent through Oman" in texts
    assert "Iran’s nuclear file can only be resolved through negotiations" in texts
    assert "never negotiable" in texts
    assert any(c.speaker_role == "Foreign Minister" and c.speaker_affiliation == "Iran" for c in araghchi)


def test_trump_very_tough(sample_claims):
    claim = find(sample_claims["002"], "Either we will make a deal, or we will have to do something very tough like last time")
    assert claim.kind == "direct" and claim.speaker_name == "Donald Trump"


def test_ambassador_pronoun_and_description(sample_claims):
    he = find(sample_claims["000"], "We will not negotiate on the subject of ballistic missiles")
    added = find(sample_claims["000"], "Other matters are related to the Iraqi side")
    assert he.speaker_mention == "he" and added.speaker_mention == "the Iranian ambassador"
    assert he.speaker_name == added.speaker_name == "Mohammad Kazem Ale-Sadeq"


def test_miryousefi(sample_claims):
    claim = find(sample_claims["003"], "Zarif’s answer was wrongly interpreted")
    assert claim.kind == "direct" and claim.speaker_name == "Alireza Miryousefi"


def test_no_claims_from_related_headlines(sample_claims):
    for claim in sample_claims["002"]:
        assert "list 2 of 3" not in claim.claim_text and "Netanyahu says he’ll present" not in claim.claim_text
        assert "Epstein" not in claim.claim_text


def test_no_claim_swallows_an_article(sample_claims):
    for claims in sample_claims.values():
        assert all(len(c.claim_text) < 600 for c in claims)
