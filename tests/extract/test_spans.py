"""Where a statement starts and ends: what the parse hangs on the cue after its
clause, coordinated speech verbs, parenthetical cues and the attribution inside
an interrupted quotation (pipeline/extract/content.py, extractor.py)."""
from __future__ import annotations

import pytest

from pipeline.extract.extractor import extract_claims


def texts(nlp, text: str) -> list[str]:
    return [c.claim_text for c in extract_claims(nlp(text))]


# (text, the one statement extracted from it, word for word)
WHOLE_STATEMENTS = [
    # a second clause with a subject of its own, hung on the cue: still the statement
    ("A union spokesman said the talks had collapsed because the company withdrew its offer, and the strike "
     "would go ahead on Monday.",
     "the talks had collapsed because the company withdrew its offer, and the strike would go ahead on Monday"),
    # a speech verb inside the statement that reports nothing of its own is not a second cue
    ("Both teachers say the principal has never told them what to say or not say.",
     "the principal has never told them what to say or not say"),
    ("The mayor railed against the new parking rules, including the fees charged to residents on weekends.",
     "the new parking rules, including the fees charged to residents on weekends"),
    # a comma inside the object is no parenthetical cue: the sentence is not the statement
    ("On a radio show on Tuesday, the governor criticized Springfield, Ill., police chief Mark Dolan for the raid.",
     "Springfield, Ill., police chief Mark Dolan for the raid"),
    # a clause before the cue across a semicolon is the writer's, not the inverted statement
    ("The strike is unlikely to end soon; the union says its members will stay out until the spring.",
     "its members will stay out until the spring"),
    # the writer describing the object after a comma is not what was said of it
    ("The auditors praised the council's plans to repair the bridges, which include a new toll on lorries.",
     "the council's plans to repair the bridges"),
    # ", but <someone else> ..." is the writer's contrast
    ("The ministry said the prices would fall, but many shops have already raised them again.",
     "the prices would fall"),
]


@pytest.mark.parametrize(("text", "statement"), WHOLE_STATEMENTS, ids=[w[1][:30] for w in WHOLE_STATEMENTS])
def test_the_statement_ends_where_it_ends(nlp, text, statement):
    assert texts(nlp, text) == [statement]


def test_the_speaker_going_on_and_a_second_cue_are_not_the_statement(nlp):
    assert texts(nlp, "The coach said the team had played well, and he praised the fans for their patience.")[0] \
        == "the team had played well"
    assert texts(nlp, "The minister said the harbour would reopen in May, and added that the ferries would run "
                      "again.") == ["the harbour would reopen in May", "the ferries would run again"]


def attributions(nlp, text: str) -> list[str | None]:
    """The attribution written inside each claim, as text."""
    doc = nlp(text)
    return [doc.text[c.attribution[0] : c.attribution[1]] if c.attribution else None for c in extract_claims(doc)]


INNER_ATTRIBUTIONS = [
    ("“We are ready,” Larijani said on Tuesday. “But we will not give up our missiles.”",
     ",” Larijani said on Tuesday. “"),
    ("The library, the mayor said, would stay open on Sundays until the end of the year.", "the mayor said"),
    ("Rents will keep rising across the city, as the housing officer pointed out, until new homes are built.",
     "as the housing officer pointed out"),
    ("The harbour master said that the new pier would open in the spring.", None),
]


@pytest.mark.parametrize(("text", "inner"), INNER_ATTRIBUTIONS, ids=[str(i[1])[:20] for i in INNER_ATTRIBUTIONS])
def test_the_attribution_inside_a_statement_is_known(nlp, text, inner):
    assert attributions(nlp, text) == [inner]


def test_the_words_said_leave_out_the_attribution(nlp):
    from pipeline.evaluation.systems import words_said

    claim = extract_claims(nlp("“We are ready,” Larijani said on Tuesday. “But we will not give up.”"))[0]
    assert "said" in claim.claim_text and sorted(words_said(claim)) == sorted(
        ["we", "are", "ready", "but", "will", "not", "give", "up"])

