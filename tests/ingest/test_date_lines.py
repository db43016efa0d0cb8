"""A line that states its page's date (pipeline/ingest/date_lines.py); none rather than a guess."""
from __future__ import annotations

from datetime import date

import pytest

from pipeline.ingest.date_lines import stated_date


@pytest.mark.parametrize("line, expected", [
    ("July 18, 2019 at 2:51 am", date(2019, 7, 18)),  # nothing but a date
    ("Monday 14 November 2016 08:30 GMT", date(2016, 11, 14)),
    ("Published on 3 March 2016 by teleSUR.", date(2016, 3, 3)),  # words after the date
    ("Publish date19 Sep 2023 - 12:10", date(2023, 9, 19)),  # cue glued to the date
    ("Date: 2019-07-16", date(2019, 7, 16)),
    ("Updated: 12 May 2020, Published: 10 May 2020", date(2020, 5, 10)),  # publication over update
    ("Last updated on 4 June 2021", date(2021, 6, 4)),  # only the update: the page's date still
    ("publié le 05/01/2016", date(2016, 1, 5)),  # the cue's language orders day and month
    ("Veröffentlicht am 12.03.2021", date(2021, 3, 12)),
    ("Publicado el 5 de marzo de 2020", date(2020, 3, 5)),
    ("13/01/2016", date(2016, 1, 13)),  # no month 13: one reading only
    ("09.12.2023, 07:17", date(2023, 12, 9)),  # dotted: day first wherever it is written
    ("This is an archive article published on November 7, 2010", date(2010, 11, 7)),  # a cue, then only a date
    ("Posted by admin on March 5, 2019", date(2019, 3, 5)),  # a byline closing with the date
    ("By Jane Doe, 5 March 2019 10:32", date(2019, 3, 5)),
    ("par Jean Dupont le 12 mars 2019", date(2019, 3, 12)),  # the byline word's language
])
def test_a_line_that_states_the_page_date(line, expected):
    assert stated_date(line) == expected


@pytest.mark.parametrize("line", [
    "Updated 2 hours ago",  # relative: a capture records no time to count back from
    "Yesterday",
    "Today 10:32",
    "05/01/2016",  # English sites write both orders: May or January
    "Published",
    "Posted in Politics",
    "Story Code : 1607414",  # a number, not a timestamp
    "1563456000",
    "Clinton: 547.",
    "March 2016",  # no day
    "Published on 3 March 9999",  # out of the warehouse's range
    "Published on 3 March 2999",  # after today
    "05-01-2016",
    "The report published on November 7, 2010 found",  # words after the date: a sentence
    "Release date: March 5, 2019",  # one cue word inside a line: not the page's date
    "By the end of 2019",
])
def test_no_date_rather_than_a_guess(line):
    assert stated_date(line) is None


@pytest.mark.parametrize("line, expected", [
    ("Politics | March 5, 2019", date(2019, 3, 5)),  # a part of the line between separators
    ("March 5, 2019 / 10:32 AM / Updated 3 years ago", date(2019, 3, 5)),
    ("Home / World / 5 March 2019", date(2019, 3, 5)),
    ("12 July 2015 | Talks end without a deal in Vienna", None),  # a timeline entry
    ("Published 10 May 2020 | Updated 12 May 2020", date(2020, 5, 10)),
    ("5 hours ago | Politics", None),
    ("Thursday, March 28, 2024 | Back issues", None),  # the site's date of the capture day, over an old story
    ("Iran - US talks 2019", None),
])
def test_a_date_between_separators(line, expected):
    assert stated_date(line) == expected
