"""A statement runs to the end of what the speaker said: the reported clause's own
conjuncts and adjuncts stay with it (pipeline/extract/content.py; campaign check
2026-12-09, PolNeAR dev partial spans too short)."""
from __future__ import annotations

import pytest

# (text, the claim texts extracted, in order): each row a case of where a statement ends.
EXTENTS = {
    # the parse hangs "would eventually add" on "says"; "add" is a speech verb, but not a second cue here
    "a_modal_conjunct_of_the_cue_goes_on": (
        "The Tax Policy Center says it would depress revenue in the early years as investors "
        "delayed sales, but would eventually add $84 billion over 10 years.\n",
        ["it would depress revenue in the early years as investors delayed sales, "
         "but would eventually add $84 billion over 10 years"]),
    "a_participle_that_only_sets_a_date_stays": (
        "Wells Fargo just this month announced it would get rid of these incentives, beginning in January 2017.\n",
        ["it would get rid of these incentives, beginning in January 2017"]),
    "the_writers_participle_is_cut_off": (
        "US President Donald Trump said another round of negotiations could take place next week, "
        "raising cautious hopes of reviving diplomacy.\n",
        ["another round of negotiations could take place next week"]),
    # the parse hangs "Wednesday on ..." and "during ..." on the object's noun: where the cue was spoken
    "the_cues_setting_hung_on_the_object_is_cut_off": (
        "The governor blasted the senator as a “disgrace” Wednesday on a morning radio show.\n\n"
        "The mayor criticized the health law as a “broken system” during a campaign stop in Ohio "
        "for his party's nominee.\n",
        ["the senator as a “disgrace”", "the health law as a “broken system”"]),
    # on a verb inside the statement, the phrase is part of what was said
    "what_was_said_of_an_event_stays": (
        "The senator accused the governor of lying about the budget during the debate.\n",
        ["the governor of lying about the budget during the debate"]),
    "reported_speech_goes_on_in_a_backshifted_sentence_opened_by_but": (
        "The new bridge, the mayor said, would cost more than planned. But it would also "
        "last twice as long as the old one.\n",
        ["The new bridge, the mayor said, would cost more than planned. But it would also last twice as long "
         "as the old one"]),
    # present perfect, not backshifted: the writer's own sentence
    "the_writers_next_sentence_stays_out": (
        "The governor said the program would help small towns. But the program has been marred by delays.\n",
        ["the program would help small towns"]),
    # the parse hangs ", including ..." on the cue (or its head), not on the object
    "including_hung_on_the_cue_goes_on_with_an_object_statement": (
        "And she railed against the corrupting influence of big donors, including the ones funding her rival.\n",
        ["the corrupting influence of big donors, including the ones funding her rival"]),
    "a_conjunct_in_the_clauses_form_goes_on_with_it": (
        "The mayor said the city would repair the bridge and would warn drivers of delays.\n",
        ["the city would repair the bridge and would warn drivers of delays"]),
}


@pytest.mark.parametrize(("text", "expected"), EXTENTS.values(), ids=EXTENTS.keys())
def test_the_statement_ends_where_what_was_said_ends(claims_of, text, expected):
    assert [c.claim_text for c in claims_of(text)] == expected


def test_a_second_cue_is_still_cut_off(claims_of):
    claims = claims_of("The senator said the bill would pass, and added that the vote would come soon.\n")
    assert "the bill would pass" in [c.claim_text for c in claims]


def test_a_clause_resumed_after_a_trailing_cue_goes_on_with_the_statement(claims_of):
    # the parse ties the sentence to the quotation before it, so only the last-resort rule finds the cue
    claims = claims_of("“He showed again and again an ability to put together deals that other people couldn't.”"
                       "\n\nLenox was a juggernaut, Mr. Clarke said, until it went bankrupt in 1999.\n")
    resumed = [c for c in claims if c.claim_text.startswith("Lenox")]
    assert [(c.extraction_rule, c.claim_text) for c in resumed] == [
        ("trailing_cue", "Lenox was a juggernaut, Mr. Clarke said, until it went bankrupt in 1999")]
    assert resumed[0].attribution is not None  # the cue inside is marked, not said


def test_a_framing_clause_after_a_trailing_cue_is_not_the_statement(claims_of):
    claims = claims_of("“He showed again and again an ability to put together deals that other people couldn't.”"
                       "\n\nLenox was a juggernaut, Mr. Clarke said, as he walked to his car.\n")
    assert "Lenox was a juggernaut" in [c.claim_text for c in claims]


def test_a_conjunct_in_the_cues_form_is_the_speakers_next_act(claims_of):
    # "warned" shares the cue's past tense, not the clause's "would": Trump warned, it is not what he said
    claims = claims_of("Trump said he would order a thorough review of the nation's power grid and warned "
                       "against hackers from abroad.\n")
    assert "he would order a thorough review of the nation's power grid" in [c.claim_text for c in claims]


def test_a_cue_opened_by_though_inside_the_statement_is_a_second_cue(claims_of):
    claims = claims_of("The minister said the new rules would help small firms, though she noted that larger "
                       "firms were already asking for changes.\n")
    assert sorted(c.claim_text for c in claims) == [
        "larger firms were already asking for changes", "the new rules would help small firms"]
