"""Who speaks at a cue, for constructions where the nearest subject is not the speaker."""
from __future__ import annotations

from tests.extract.fixtures import by_text


def test_object_control_gives_the_object(claims_of):
    claims = claims_of("The senator forced the bank's chief to admit that no executive had been punished.")
    assert by_text(claims, "no executive had been punished").speaker_mention == "the bank's chief"


def test_object_control_with_an_inanimate_subject(claims_of):
    claims = claims_of("The vote prompted Maria Lopez to say that the council had betrayed its voters.")
    assert by_text(claims, "the council had betrayed its voters").speaker_name == "Maria Lopez"


def test_a_verb_without_object_keeps_its_subject(claims_of):
    claims = claims_of("Ali Rezaei promised to say that the deal was dead.")
    assert all(c.speaker_name == "Ali Rezaei" for c in claims)


def test_poll_respondents_speak_through_the_poll(claims_of):
    claims = claims_of("A Gallup poll in March showed that 61 percent of voters said the economy was getting worse.")
    assert by_text(claims, "the economy was getting worse").speaker_mention.startswith("A Gallup poll")


def test_poll_named_in_an_opening_phrase(claims_of):
    claims = claims_of("In a new Reuters survey, 40 percent of farmers said tariffs had cut their income.")
    assert by_text(claims, "tariffs had cut their income").speaker_mention == "a new Reuters survey"


def test_a_share_with_no_poll_stays_the_speaker(claims_of):
    claims = claims_of("Forty percent of the farmers we met said tariffs had cut their income.")
    assert by_text(claims, "tariffs had cut their income").speaker_mention.startswith("Forty percent")


def test_that_said_is_no_cue(claims_of):
    claims = claims_of("That said, the minister told reporters that talks would resume in May.")
    assert [c.speaker_mention for c in claims] == ["the minister"]


def test_that_said_inside_a_quote_is_the_quote(claims_of):
    claims = claims_of("“That said, we will not give up,” Omar Haddad said.")
    assert [c.speaker_name for c in claims] == ["Omar Haddad"]


def test_as_of_time_is_no_report_of_the_sentence(claims_of):
    claims = claims_of("As Ruth Adler spoke about school funding, the mayor insisted that the budget was balanced.")
    assert by_text(claims, "the budget was balanced").speaker_mention == "the mayor"
    assert all("budget" not in c.claim_text for c in claims if c.speaker_name == "Ruth Adler")


def test_as_clause_of_report_still_reports_the_sentence(claims_of):
    claims = claims_of("Iran, as one of the diplomats pointed out, does not accept limits on its missiles.")
    assert by_text(claims, "does not accept limits").speaker_mention == "one of the diplomats"


def test_a_dateline_the_parse_made_the_subject_is_not_the_speaker(claims_of):
    claims = claims_of("BOSTON -- Governor Ellen Marsh, opening the new bridge on Friday, said it would ease traffic.")
    claim = by_text(claims, "it would ease traffic")
    assert claim.speaker_mention == "Governor Ellen Marsh"
