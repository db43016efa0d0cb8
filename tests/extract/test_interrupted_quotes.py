"""A quotation interrupted by its own attribution is one statement, also where the
attribution reports something of its own between the parts (extractor.join_interrupted)."""
from __future__ import annotations

from tests.extract.fixtures import by_text


def test_quote_resumes_after_an_attribution_that_adds_a_clause(claims_of):
    claims = claims_of(
        "Iranian President Masoud Pezeshkian spoke in Tehran. “We are ready for talks,” Pezeshkian said, "
        "adding that the sanctions had hurt ordinary families. “But we will never give up our missiles.”"
    )
    joined = by_text(claims, "We are ready for talks")
    assert joined.claim_text.endswith("But we will never give up our missiles.")
    assert joined.cue == "said" and joined.speaker_name == "Masoud Pezeshkian"
    assert joined.attribution is not None  # the attribution between the parts is marked, not said
    added = [c for c in claims if c is not joined]  # what the attribution adds stays a claim of its own
    assert [(c.kind, c.claim_text, c.speaker_name) for c in added] == [
        ("indirect", "the sanctions had hurt ordinary families", "Masoud Pezeshkian")]


def test_quote_resumes_after_an_attribution_holding_another_speakers_clause(claims_of):
    claims = claims_of(
        "“Our progress is on the ballot,” President Barack Obama said at the dinner in Washington, where "
        "Hillary Clinton also spoke. “Tolerance is on the ballot.”"
    )
    assert [(c.kind, c.speaker_name) for c in claims] == [("direct", "Barack Obama")]
    assert claims[0].claim_text.endswith("Tolerance is on the ballot.")
