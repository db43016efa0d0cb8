"""Statements the development corpus's tune half missed or cut short, written
anew (issue 16): what the parse-based extraction must find, word for word
(pipeline/extract/content.py, cues.yaml)."""
from __future__ import annotations

import pytest

from pipeline.extract.extractor import extract_claims
from pipeline.extract.model import load_nlp


@pytest.fixture(scope="module")
def nlp():
    return load_nlp()


# (text, the one statement extracted from it)
FOUND = [
    # a clause a subordinator opens inside the statement is kept, "while" and all
    ("The envoy said that while the two sides were talking again there had been no breakthrough.",
     "while the two sides were talking again there had been no breakthrough"),
    ("The analyst explained that while new talks are not ruled out, the terms have changed since 2019.",
     "while new talks are not ruled out, the terms have changed since 2019"),
    # "called on X to do Y": whom it was asked of belongs to what was said
    ("The union called on the city council to reopen the library before the winter.",
     "the city council to reopen the library before the winter"),
    ("The senator called for the resignation of the harbour master.", "the resignation of the harbour master"),
    # "stated its readiness to ...": what was stated is the object
    ("The ministry stated its readiness to resume the talks in March.", "its readiness to resume the talks in March"),
]


@pytest.mark.parametrize(("text", "statement"), FOUND, ids=[f[1][:30] for f in FOUND])
def test_the_statement_is_found_whole(nlp, text, statement):
    assert [c.claim_text for c in extract_claims(nlp(text))] == [statement]


def test_a_line_of_linked_headlines_holds_no_statement(nlp):
    text = ("Also Read Mayor says the bridge will reopen in May Council votes to close the old road\n\n"
            "The mayor said the bridge would reopen in May.")
    assert [c.claim_text for c in extract_claims(nlp(text))] == ["the bridge would reopen in May"]
