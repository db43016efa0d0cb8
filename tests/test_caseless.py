"""pipeline/caseless.py: the same matches and offsets as re.IGNORECASE, faster."""
import re

import pytest

from pipeline.caseless import Caseless, folds_as_lower, lower_case_only

PATTERN = r"(?<![\w-])(?:(?P<t0>red\s+lines?|non-negotiable)|(?P<s1>will\s+not\s+talk))(?![\w-])"
TEXTS = [
    "Iran's RED LINES are Non-Negotiable, he said.",
    "“We Will Not Talk,” the minister said — again…",
    "L'ÉTAT: red line, Red-Lines, redlines",  # an accented capital: matched as before
    "ſtill no match; ı and K are letters with special folding",
    "",
]


@pytest.mark.parametrize("text", TEXTS)
def test_matches_and_offsets_are_those_of_ignorecase(text):
    fast, slow = Caseless(PATTERN), re.compile(PATTERN, re.IGNORECASE)
    assert [(m.span(), m.lastgroup) for m in fast.finditer(text)] == [
        (m.span(), m.lastgroup) for m in slow.finditer(text)]
    assert bool(fast.search(text, 3)) == bool(slow.search(text, 3))
    assert bool(fast.match(text)) == bool(slow.match(text))


def test_special_folding_letters_take_the_ignorecase_path():
    # re.IGNORECASE matches "s" to the long s and "k" to the Kelvin sign; lower() does not.
    assert Caseless("still").search("ſtill") and Caseless("kelvin").search("\u212aelvin")
    assert not folds_as_lower("ſtill") and folds_as_lower("“quoted” — text…")


def test_a_pattern_with_an_upper_case_letter_is_matched_with_ignorecase():
    assert lower_case_only(r"(?P<t0>\bnato\s\S+)") and not lower_case_only("NATO")
    assert not lower_case_only(r"\x41")  # a character named by its code may be upper case
    assert Caseless("NATO").search("nato members") and Caseless(r"\x41").search("a")
