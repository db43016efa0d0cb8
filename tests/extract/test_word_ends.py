"""A statement never ends inside a word: an apostrophe between letters is no quote
mark, and the parse may hang a contraction's second half elsewhere
(pipeline/extract/content.py word_end; campaign check 2026-12-09)."""
from __future__ import annotations


def test_a_statement_never_ends_inside_a_contraction(claims_of):
    # the parse hangs "n’t" on the main verb as punctuation; cut before it, "those who do" reverses the sense
    claims = claims_of("The senator is drawing criticism after he appeared to suggest that farmers who "
                       "grow corn might not be as rich as those who don’t.\n\nHe spoke on Monday.")
    assert [c.claim_text for c in claims] == ["farmers who grow corn might not be as rich as those who don’t"]
