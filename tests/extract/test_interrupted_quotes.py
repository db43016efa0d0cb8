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


def test_a_quotation_resumes_reported_speech_before_its_cue(claims_of):
    # "A, X said. “B.”" with A reported (a mixed quote): one statement, as with a quoted A
    claims = claims_of(
        "The visit was planned for months. Both political parties \"saw Burma as a country that was really "
        "reeling under pressure from China,\" said Victor Cha, a former adviser. \"In that sense, it was like "
        "pushing on an open door.\"\n"
    )
    said = [c for c in claims if c.speaker_name == "Victor Cha"]
    assert len(said) == 1 and said[0].claim_text.startswith("Both political parties")
    assert said[0].claim_text.endswith("pushing on an open door.")
    assert said[0].attribution is not None  # the cue between the parts is marked, not said


def test_the_cues_own_quotation_is_not_joined_to_the_writers_framing(claims_of):
    claims = claims_of(
        "Talking about the bloc's plans if they are able to form a government, Gandhi said, \"We will "
        "throw the scheme in the dustbin and help small businessmen.\"\n"
    )
    assert "We will throw the scheme in the dustbin and help small businessmen." in [c.claim_text for c in claims]


def test_the_writers_lead_in_before_a_colon_is_not_the_statement(claims_of):
    # the parse makes "X scolded him: “A,”" the inverted clause of "she said"; A is what she said
    claims = claims_of(
        "The hearing was tense.\n\nDemocratic Sen. Claire McCaskill (D-Mo.) scolded him: “The scientific community "
        "is almost monolithic against you in terms of the efficacy of the three products you called ‘miracles,’” "
        "she said. “When you call a product a miracle, I don’t understand why you need to go there.”\n"
    )
    assert [(c.kind, c.speaker_name) for c in claims] == [("direct", "Claire McCaskill")]
    assert claims[0].claim_text.startswith("The scientific community")
    assert claims[0].claim_text.endswith("why you need to go there.")


def test_interrupted_quote_keeps_speaker(claims_of):
    claims = claims_of(
        "Iranian President Masoud Pezeshkian addressed parliament. “We are ready for talks,” he said. "
        "“But we will never give up our missiles.”"
    )
    assert [(c.kind, c.claim_text, c.speaker_name) for c in claims] == [
        ("direct", "We are ready for talks,” he said. “But we will never give up our missiles.", "Masoud Pezeshkian")]


def test_interrupted_quote_is_one_claim_only_within_its_paragraph_and_speaker(claims_of):
    claims = claims_of(
        "“We are ready for talks,” Pezeshkian said.\n\n“But we will never give up our missiles,” he added.\n\n"
        "“The sanctions must go,” said Araghchi. “They must go now,” Larijani said on Monday, “and not in a year.”"
    )
    assert [c.claim_text for c in claims] == [
        "We are ready for talks", "But we will never give up our missiles", "The sanctions must go",
        "They must go now,” Larijani said on Monday, “and not in a year."]
