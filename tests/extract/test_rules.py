"""claims.extraction_rule: each claim names the rule that found it, and the
rule names are unique and documented in pipeline/extract/content.py."""
from __future__ import annotations

import pytest

from pipeline.extract import content
from pipeline.extract.extractor import extract_claims

# One hand-written sentence per rule: (text, rule of its one claim, a fragment of the claim).
CASES = [
    ("The harbour master said that the new pier would open in the spring.", "that_clause", "the new pier"),
    ("The new pier would open in the spring, the harbour master said.", "that_clause", "The new pier"),
    ("The library, the mayor said, would stay open on Sundays until the end of the year.", "parenthetical",
     "would stay open"),
    ("The coach described the season as a disappointing step backwards.", "described_as", "the season as"),
    ("The senator called for an independent review of the contract.", "object", "an independent review"),
    ("The farmers spoke about the need for new wells in every village of the valley.", "topic", "the need for"),
    # a verb that also reports an object, with none: the topic rule still reads it
    ("The minister warned of dire consequences for the whole region.", "topic", "dire consequences"),
    ("The mayor said in a statement that the roads would be cleared by noon.", "misattached_that",
     "the roads would be cleared"),
    ("Rents will keep rising across the city, as the housing officer pointed out at the meeting.", "as_clause",
     "Rents will keep rising"),
    ("The minister said: We will build two thousand new homes by next year.", "colon", "We will build"),
    ("According to the fire chief, the blaze started in a kitchen on the third floor.", "according_to",
     "the blaze started"),
    ("Osei: The orchestra will tour six cities next autumn.", "speaker_colon", "The orchestra will tour"),
    ("Added Lindqvist, “We are not going to close the school this winter.”", "verb_first", "close the school"),
    ("“Nobody expected the river to rise so fast.” ― Maria Okafor", "dash_cue", "Nobody expected"),
    ("“We have never seen water this high.” The ranger said it quietly before leaving.",
     "quote+next_sentence_cue", "never seen water"),
]


def documented_rules() -> set[str]:
    """The first word of each line of content.py's docstring that names a rule."""
    return {line.split()[0] for line in content.__doc__.splitlines() if line[:1].isalpha() and "  " in line}


@pytest.mark.parametrize(("text", "rule", "fragment"), CASES, ids=[c[1] for c in CASES])
def test_claim_names_the_rule_that_found_it(nlp, text, rule, fragment):
    claims = extract_claims(nlp(text))
    assert [(c.extraction_rule, fragment in c.claim_text) for c in claims] == [(rule, True)]
    assert rule in documented_rules()


def test_quote_after_a_reported_statement_takes_its_speaker(nlp):
    claims = extract_claims(nlp("The wardens told reporters that the trail was closed. "
                                "“Nobody should walk up there until the snow melts.”"))
    assert [c.extraction_rule for c in claims] == ["that_clause", "quote+previous_sentence_cue"]


def test_content_rules_are_unique_and_documented():
    names = [rule.name for rule in (*content.CONTENT_RULES, content.LAST_RESORT)]
    assert len(names) == len(set(names))
    assert set(names) <= documented_rules()
