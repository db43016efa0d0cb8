"""Who speaks at a cue, for constructions where the nearest subject is not the speaker."""
from __future__ import annotations

import pytest

from tests.extract.fixtures import by_text

# (text, a fragment of the claim, the claim's field, what it holds)
CASES = [
    # object control: the object of "forced", "prompted" speaks
    ("The senator forced the bank's chief to admit that no executive had been punished.",
     "no executive had been punished", "speaker_mention", "the bank's chief"),
    ("The vote prompted Maria Lopez to say that the council had betrayed its voters.",
     "the council had betrayed its voters", "speaker_name", "Maria Lopez"),
    ("The union used the comments to urge members to strike on Friday.",  # a thing controls nothing
     "members to strike", "speaker_mention", "The union"),
    # poll respondents speak through the poll the sentence names
    ("A Gallup poll in March showed that 61 percent of voters said the economy was getting worse.",
     "the economy was getting worse", "speaker_mention", "A Gallup poll in March"),
    ("In a new Reuters survey, 40 percent of farmers said tariffs had cut their income.",
     "tariffs had cut their income", "speaker_mention", "a new Reuters survey"),
    ("Forty percent of the farmers we met said tariffs had cut their income.",
     "tariffs had cut their income", "speaker_mention", "Forty percent of the farmers"),
    # a temporal "as", and an "as" clause of report
    ("As Ruth Adler spoke about school funding, the mayor insisted that the budget was balanced.",
     "the budget was balanced", "speaker_mention", "the mayor"),
    ("Iran, as one of the diplomats pointed out, does not accept limits on its missiles.",
     "does not accept limits", "speaker_mention", "one of the diplomats"),
    # a dateline the parse made the subject
    ("BOSTON -- Governor Ellen Marsh, opening the new bridge on Friday, said it would ease traffic.",
     "it would ease traffic", "speaker_mention", "Governor Ellen Marsh"),
    # what the clause above issues or narrates speaks for its subject; a document alone speaks
    ("On Monday the mayor opened a town meeting blasting the council for the delays.",
     "the council for the delays", "speaker_mention", "the mayor"),
    ("Senator Dana Whitfield released a video that accuses the governor of hiding the deficit.",
     "the governor of hiding the deficit", "speaker_name", "Dana Whitfield"),
    ("The report says that emissions rose by a third last year.",
     "emissions rose", "speaker_mention", "The report"),
    # "according to" a document its author wrote
    ("Farm subsidies will end in 2027, according to a letter the minister sent to growers.",
     "Farm subsidies will end in 2027", "speaker_mention", "the minister"),
]


@pytest.mark.parametrize(("text", "fragment", "field", "expected"), CASES, ids=[c[3] for c in CASES])
def test_speaker_of_the_claim(claims_of, text, fragment, field, expected):
    assert getattr(by_text(claims_of(text), fragment), field) == expected


def test_a_verb_without_object_keeps_its_subject(claims_of):
    claims = claims_of("Ali Rezaei promised to say that the deal was dead.")
    assert all(c.speaker_name == "Ali Rezaei" for c in claims)


def test_that_said_is_no_cue(claims_of):
    claims = claims_of("That said, the minister told reporters that talks would resume in May.")
    assert [c.speaker_mention for c in claims] == ["the minister"]


def test_that_said_inside_a_quote_is_the_quote(claims_of):
    claims = claims_of("“That said, we will not give up,” Omar Haddad said.")
    assert [c.speaker_name for c in claims] == ["Omar Haddad"]


def test_as_of_time_reports_no_more_than_its_topic(claims_of):
    claims = claims_of("As Ruth Adler spoke about school funding, the mayor insisted that the budget was balanced.")
    assert all("budget" not in c.claim_text for c in claims if c.speaker_name == "Ruth Adler")


@pytest.mark.parametrize("text", ["It goes without saying that the new taxes will hurt farmers.",
                                  "Let's say you think the new taxes will hurt farmers."])
def test_what_is_not_said_is_no_claim(claims_of, text):
    assert claims_of(text) == []


def test_a_dateline_is_never_claim_text(claims_of):
    claims = claims_of("Mayors Rally.\n\nCHICAGO ― The new transit levy is a tax on the poor, three mayors said on Friday.")
    assert by_text(claims, "The new transit levy").claim_text.startswith("The new transit levy")
