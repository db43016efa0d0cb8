"""The described_as rule ("described the talks as a good start") reads only an "as" of the
cue's own, not one inside a clause of a verb that reports nothing (content.own_word)."""
from __future__ import annotations

import pytest

# text, the claims expected: (rule, claim text)
CASES = [
    # "as" is treating's: the writer on what he did, nothing reported
    ("Mr. Trump hardly clarified the matter, treating Mrs. Clinton's remark first as a compliment.", []),
    ("Rubio maintains an overwhelming lead in congressional endorsements, reflecting his status as the "
     "establishment favorite.", []),
    ("The state had added the additional week, known as the Golden Week because the days overlapped with "
     "registration, after voters faced long lines.", []),
    # "as" in the second of two statements: each its own
    ("The senator accused the Saudi government of attempting to intimidate the families and asserted that they "
     "are tired of waiting for what they perceive as justice.",
     [("object", "the Saudi government of attempting to intimidate the families"),
      ("that_clause", "they are tired of waiting for what they perceive as justice")]),
    # a speech verb's clause goes on with the statement: one claim, as the annotators read it
    ("The Director-General highlighted the importance of securing outcomes on development issues in Nairobi, "
     "describing it as an “acid test of our success”.",
     [("described_as", "the importance of securing outcomes on development issues in Nairobi, describing it as an "
                       "“acid test of our success”")]),
]


@pytest.mark.parametrize("text, expected", CASES)
def test_as_of_another_clause_is_not_the_cues(claims_of, text, expected):
    assert [(c.extraction_rule, c.claim_text) for c in claims_of(text)] == expected
