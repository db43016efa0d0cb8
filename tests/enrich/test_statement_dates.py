"""Statement dates: explicit, relative to the publication date, or the publication date."""
from datetime import date

import pytest

from pipeline.enrich.statement_dates import mask_quotes, resolve_statement_date

FRIDAY = date(2025, 3, 28)
THURSDAY_2019 = date(2019, 7, 18)


@pytest.mark.parametrize(
    "context, published, expected",
    [
        # 000: "on Thursday evening" in an article published on a Friday
        ("“We have just learned about the content of the letter,” Mohammad Kazem Ale-Sadeq told "
         "Iraq’s al-Sharqiya TV on Thursday evening.", FRIDAY, (date(2025, 3, 27), "relative")),
        # the weekday of publication itself is the publication day
        ("Shamkhani said on Friday the missiles were a “red line”.", FRIDAY, (FRIDAY, "relative")),
        ("Pezeshkian said Wednesday that his country is ready", FRIDAY, (date(2025, 3, 26), "relative")),
        ("Mousavi said, on Tuesday evening, that Zarif’s response", THURSDAY_2019, (date(2019, 7, 16), "relative")),
        ("Rouhani said last Sunday that his country is ready", THURSDAY_2019, (date(2019, 7, 14), "relative")),
        ("in an interview with NBC News, earlier on Tuesday.", THURSDAY_2019, (date(2019, 7, 16), "relative")),
        ("the minister said yesterday", FRIDAY, (date(2025, 3, 27), "relative")),
        ("Iran reiterated, Wednesday, its rejection", THURSDAY_2019, (date(2019, 7, 17), "relative")),
        # explicit dates, with and without a year
        ("The negotiations began on February 6 in Oman", FRIDAY, (date(2025, 2, 6), "explicit")),
        ("he said on 6 March 2025 that", FRIDAY, (date(2025, 3, 6), "explicit")),
        ("he said on Dec. 30 that", FRIDAY, (date(2024, 12, 30), "explicit")),  # the most recent 30 December
        ("he said on 2025-03-01", FRIDAY, (date(2025, 3, 1), "explicit")),
        # no date: the publication date
        ("Ale-Sadeq stressed that military capabilities are in no way subject to negotiations.", FRIDAY,
         (FRIDAY, "published")),
        ("“Zarif’s answer was wrongly interpreted,” Miryousefi added.", None, (None, "published")),
        # a relative date cannot be resolved without a publication date
        ("he said on Thursday", None, (None, "published")),
    ],
)
def test_resolve(context, published, expected):
    assert resolve_statement_date(context, published) == expected


def test_first_date_of_the_attribution_wins():
    context = ("Iran's Foreign Minister Abbas Araghchi said Thursday that an official response to "
               "Trump's letter was “appropriately sent through Oman” on Wednesday.")
    assert resolve_statement_date(context, FRIDAY) == (date(2025, 3, 27), "relative")


def test_dates_inside_quotes_are_what_was_said_not_when():
    context = "“The talks on Monday were good,” he said."
    assert resolve_statement_date(context, FRIDAY) == (FRIDAY, "published")
    context = "'The talks on Monday were good,' he said on Thursday."
    assert resolve_statement_date(context, FRIDAY) == (date(2025, 3, 27), "relative")


def test_event_dates_long_before_publication_are_not_statement_dates():
    # 003: the 2015 agreement is inside the reported content of a 2019 statement
    context = ("Vaezi that if the sanctions were lifted, there would be an appropriate opportunity to "
               "negotiate within the framework of the 1+ 5 group, that concluded the nuclear agreement "
               "on 14 July 2015.")
    assert resolve_statement_date(context, THURSDAY_2019) == (THURSDAY_2019, "published")


@pytest.mark.parametrize(
    "context",
    [
        "reports suggest that Netanyahu had in a Wednesday meeting with Trump",  # adjective, not a date
        "another round of negotiations could take place next Tuesday",  # future
        "He may march on to the capital",  # "may" and "march" as words
        "the talks will continue until Friday",
        "a decision is expected on 4 April",  # after publication
        "last June’s 12-day war with Israel",  # a month alone is not a date
    ],
)
def test_not_a_statement_date(context):
    assert resolve_statement_date(context, FRIDAY) == (FRIDAY, "published")


def test_never_after_publication():
    assert resolve_statement_date("said on 30 March 2025", FRIDAY) == (FRIDAY, "published")
    assert resolve_statement_date("said on March 30", FRIDAY) == (FRIDAY, "published")


def test_mask_quotes_keeps_offsets_and_apostrophes():
    text = "Iran’s envoy said “on Monday” and 'on Tuesday' but not Iran's"
    masked = mask_quotes(text)
    assert len(masked) == len(text)
    assert "Monday" not in masked and "Tuesday" not in masked
    assert "Iran’s envoy" in masked and "Iran's" in masked


