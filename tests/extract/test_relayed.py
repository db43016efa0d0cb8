"""Relays across cues and claims: the outlet's report, its participles and what follows in the paragraph."""
from __future__ import annotations

from tests.extract.fixtures import by_text

REPORT = ("Earlier on Thursday, The Wall Street Journal reported that Hamas leader Yahya Sinwar has rejected the "
          "ceasefire proposal, vowing that the organization will keep its weapons.\n\n"
          "According to the report, Sinwar told Arab mediators, “Hamas will not surrender its guns.” "
          "He further stated that the only ceasefire Hamas would accept is a permanent one.\n\n"
          "Later, he said that the talks would go on.")


def test_a_participle_in_the_reported_clause_is_the_subjects_relayed_by_the_outlet(claims_of):
    vowing = by_text(claims_of(REPORT), "will keep its weapons")
    assert (vowing.speaker_name, vowing.relay) == ("Yahya Sinwar", "The Wall Street Journal")


def test_the_report_is_the_outlet_that_reported_just_before(claims_of):
    told = by_text(claims_of(REPORT), "will not surrender its guns")
    assert (told.speaker_name, told.relay) == ("Yahya Sinwar", "The Wall Street Journal")


def test_the_relay_carries_to_the_next_statement_of_the_paragraph_only(claims_of):
    claims = claims_of(REPORT)
    assert by_text(claims, "only ceasefire Hamas would accept").relay == "The Wall Street Journal"
    assert by_text(claims, "the talks would go on").relay is None


def test_an_inner_cue_without_content_leaves_the_outlets_statement(claims_of):
    claims = claims_of("LIBERTY, Maine (Village Soup) - A man charged with stabbing another man refused to appear "
                       "in court, according to Village Soup.")
    assert [(c.speaker_mention, c.speaker_kind, c.relay) for c in claims] == [("Village Soup", "outlet", None)]


def test_reuters_reported_that_x_said_keeps_x(claims_of):
    claims = claims_of("Reuters reported that Foreign Minister Abbas Araghchi said the talks would resume in Oman.")
    claim = by_text(claims, "the talks would resume")
    assert (claim.speaker_name, claim.relay) == ("Abbas Araghchi", "Reuters")


def test_a_name_reporting_that_x_said_keeps_x_whatever_ner_made_of_it(claims_of):
    claim = by_text(claims_of("Haaretz reported that the minister said the country would respond."),
                    "the country would respond")
    assert (claim.speaker_mention, claim.relay) == ("the minister", "Haaretz")
