"""The names a page shows to be outlets, by the parse: a dateline's agency, a report's author."""
from __future__ import annotations

import pytest

from pipeline.extract.outlets import news_agency, page_outlets, trailing_report


def test_the_agency_of_a_dateline_is_an_outlet(nlp):
    doc = nlp("LIBERTY, Maine (Village Soup) - A Liberty man refused to appear in court.\n\n"
              "The hearing was moved to Friday.")
    assert "village soup" in page_outlets(doc)


def test_a_parenthesis_inside_a_sentence_is_no_dateline(nlp):
    doc = nlp("The hearing was moved to Friday after the man, who lives in Liberty (Waldo County) - a small town - "
              "refused to appear.")
    assert page_outlets(doc) == frozenset()


def test_who_reports_that_is_an_outlet_but_not_a_body_reporting_its_own_figures(nlp):
    doc = nlp("The Daily Courier reported that the mayor would resign. "
              "The EU has approved the eighth package of sanctions, the European Commission reports.")
    assert page_outlets(doc) == frozenset({"daily courier"})


def test_a_name_written_as_an_outlet_nouns_is_an_outlet_whatever_ner_made_of_it(nlp):
    doc = nlp("The Haaretz daily said the vote was close. The minister spoke to the newspaper Kommersant. "
              "Lavrov told the newspaper Putin was ready for talks.")
    assert page_outlets(doc) == frozenset({"haaretz", "kommersant"})


def test_a_name_reporting_at_the_end_of_a_sentence_is_an_outlet(nlp):
    doc = nlp("The minister said the talks would resume, Ynet reported. Smith said the vote was close.")
    assert page_outlets(doc) == frozenset({"ynet"})


def test_a_dateline_with_a_double_hyphen(nlp):
    doc = nlp("TEHRAN (Kyodo) -- Iran said on Monday it would resume talks.")
    assert "kyodo" in page_outlets(doc)


def test_agency_names_an_outlet_only_after_a_news_word():
    assert news_agency("agency", "news") and news_agency("agency", "press")
    assert not news_agency("agency", "energy")  # the International Atomic Energy Agency
    assert not news_agency("times", "news")  # not an ambiguous outlet word: the shape rules read it


@pytest.mark.parametrize("text, reporter", [
    ("The minister said the talks would resume, Haaretz reported.", "Haaretz"),
    ("The minister said the talks would resume, the Kyodo news agency reported.", "agency"),
    ("Haaretz reported the talks.", None),  # no comma before it: the sentence is the outlet's own
    ("The talks would resume, the minister said, adding nothing.", None),  # not the sentence's last verb
])
def test_a_reporting_verb_ending_the_sentence_after_a_comma(nlp, text, reporter):
    found = trailing_report(next(nlp(text).sents), frozenset({"reported", "said"}))
    assert (found[1].text if found else None) == reporter
