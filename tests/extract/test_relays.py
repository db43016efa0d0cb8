"""The relay of a statement: the speaker keeps the words, the outlet that passed them on is the relay."""
from __future__ import annotations

import pytest

from pipeline.extract.extractor import extract_claims
from pipeline.extract.model import load_nlp

# text, a fragment of the claim, its speaker mention, its relay
RELAY_CASES = [
    ('"We will not give up our rights," the minister told Reuters.',
     "We will not give up", "the minister", "Reuters"),
    ('"The sanctions will be lifted next week," Reuters cited him as saying.',
     "The sanctions will be lifted", "him", "Reuters"),
    ("Any talks with them would be pointless, he was quoted as saying by Fars.",
     "Any talks with them would be pointless", "he", "Fars"),
    ('"This is a turning point for the region," the senator said in Madrid, according to an Associated Press article.',
     "This is a turning point", "the senator", "Associated Press"),
    ('"The deal is a real breakthrough," Anna Berg, a former trade negotiator, tells the Guardian, '
     'noting "for the first time both sides have a common timetable."',
     "for the first time both sides", "Anna Berg", "Guardian"),
    ('"Pressure of this kind is completely unacceptable," the embassy said in a letter carried by the ISNA news agency.',
     "Pressure of this kind", "the embassy", "ISNA"),
    ("The minister did not say how the country would pay for the plan beyond \"new taxes on fuel,\" per the Guardian.",
     "how the country would pay", "The minister", "Guardian"),
]


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


@pytest.mark.parametrize("text, fragment, mention, relay", RELAY_CASES)
def test_the_speaker_keeps_the_words_and_the_outlet_relays(nlp, text, fragment, mention, relay):
    claims = [c for c in extract_claims(nlp(text)) if fragment in c.claim_text]
    assert claims, f"no claim holds {fragment!r}"
    assert (claims[0].speaker_mention, claims[0].relay) == (mention, relay)


def test_according_to_an_outlet_alone_makes_it_the_speaker_not_a_relay(nlp):
    claims = extract_claims(nlp("According to Reuters, the talks will resume in March."))
    assert [(c.speaker_mention, c.relay) for c in claims] == [("Reuters", None)]
