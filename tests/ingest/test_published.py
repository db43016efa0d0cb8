"""Publication dates: in metadata, in a page's url, stated on a page through cleaning; none rather than a wrong one."""
from __future__ import annotations

from datetime import date

import pytest

from pipeline.clean import clean_article
from pipeline.ingest.published import parse_any_date, url_date
from pipeline.records import SourceRecord


def test_metadata_values_never_read_relative_dates():
    assert parse_any_date("2 hours ago") is None
    assert parse_any_date("yesterday") is None
    assert parse_any_date("2019-08-31T10:00:00Z") == date(2019, 8, 31)
    assert parse_any_date("July 18, 2019") == date(2019, 7, 18)


@pytest.mark.parametrize("url, expected", [
    ("https://newarab.com/english/news/2019/8/31/hezbollah-chief-says", date(2019, 8, 31)),
    ("https://www.upi.com/Top_News/World-News/2016/11/14/Maduro-asks-Obama", date(2016, 11, 14)),
    ("https://mainichi.jp/english/articles/20180814/p2g/00m/0in/004000c", date(2018, 8, 14)),
    ("https://www.france24.com/en/20150212-deal-ceasefire-agreed", date(2015, 2, 12)),
    ("http://allafrica.com/stories/201510131810.html", date(2015, 10, 13)),  # date and time of day
    ("https://example.org/news/2019-08-31-talks-resume", date(2019, 8, 31)),
    ("https://www.wto.org/english/news_e/news15_e/aid_01jul15_e.htm", date(2015, 7, 1)),
    ("https://www.theguardian.com/business/2019/may/07/china-liu-us-trade-talks", date(2019, 5, 7)),
    ("https://politicaldog101.com/2024/01/hamasisrael-conflict-day-85", None),  # a month, no day
    ("https://sputniknews.com/middleeast/201812061070431326-israel", None),  # an article number
    ("https://tass.com/politics/1611255", None),
    ("https://www.washingtonexaminer.com/?p=20190612", None),  # the query is not read
    ("https://www.20190612.example.com/story", None),  # nor the host
    ("https://example.org/2019/13/31/story", None),  # no such month
    ("https://example.org/2099/01/31/story", None),  # after today
    (None, None),
])
def test_dates_in_a_pages_address(url, expected):
    assert url_date(url) == expected


def capture(text: str, url: str | None = None) -> SourceRecord:
    return SourceRecord(doc_id="x", source_path="x.txt", source_format="txt", text=text,
                        raw_chars=len(text), url=url)


BODY = ("The minister said on Tuesday that the talks would resume next week in Geneva, "
        "after two rounds that ended without an agreement on the main points.")


def test_the_page_stated_date_wins_over_the_url_and_its_line_leaves_the_body():
    doc = clean_article(capture(f"Published on 3 March 2016 by teleSUR.\n\n{BODY}",
                                "https://example.org/2016/03/02/talks"))
    assert doc.published_date == date(2016, 3, 3)
    assert "teleSUR" not in doc.text and BODY in doc.text
    assert [r.reason for r in doc.removed_lines] == ["dateline"]


def test_the_url_dates_a_page_that_states_none():
    assert clean_article(capture(BODY, "https://example.org/2016/03/02/talks")).published_date == date(2016, 3, 2)
    assert clean_article(capture(BODY)).published_date is None
    assert clean_article(capture(f"Updated 2 hours ago\n\n{BODY}")).published_date is None


def test_a_byline_with_a_date_dates_the_page():
    doc = clean_article(capture(f"By Jane Doe | March 5, 2019\n\n{BODY}"))
    assert doc.published_date == date(2019, 3, 5) and doc.byline and doc.byline.startswith("Jane Doe")


HTML_BODY = "<p>" + "The minister said the talks that began on 5 March 2019 in Geneva would resume. " * 3 + "</p>"
HTML = (f"<html><head><title>Talks</title></head><body><article><h1>Talks resume</h1>{HTML_BODY}</article>"
        "<footer>© 2021 Example News</footer></body></html>")


@pytest.mark.parametrize("html, expected", [
    (HTML, None),  # a date in the text or a copyright year is no date of the markup
    (HTML.replace("<head>", '<head><meta property="article:published_time" content="2019-03-07T10:00:00Z">'),
     date(2019, 3, 7)),
    (HTML.replace("<head>", '<head><link rel="canonical" href="https://example.org/news/2019/03/06/talks">'),
     date(2019, 3, 6)),
])
def test_an_html_page_is_dated_by_its_markup_only(html, expected):
    from pipeline.ingest.html import html_article

    assert html_article(html)["published_date"] == expected


@pytest.mark.parametrize("header, expected", [
    ("publish_date: 2019-07-16", date(2019, 7, 16)),
    ("published_at: July 16, 2019 10:00", date(2019, 7, 16)),
    ("date: 2 hours ago", None),  # relative: no anchor
    ("date: 05/01/2016", None),  # May or January
])
def test_a_header_date(header, expected):
    from pipeline.ingest.header import parse_header

    meta, body = parse_header(f"title: Talks resume\n{header}\n\n{BODY}")
    assert meta["title"] == "Talks resume" and meta.get("published_date") == expected and body.strip() == BODY


def test_a_long_date_line_of_parts_and_a_first_paragraph_opening_with_a_date():
    doc = clean_article(capture(f"Published: May. 20, 2021 at 6:52 AM EDT|Updated: 50 minutes ago\n\n{BODY}"))
    assert doc.published_date == date(2021, 5, 20) and [r.reason for r in doc.removed_lines] == ["dateline"]
    lead = "UPDATED June 15, 2024 -- As COVID drove everyone online, tech companies hired like crazy."
    doc = clean_article(capture(f"{lead}\n\n{BODY}"))
    assert doc.published_date is None and lead in doc.text  # prose after the date: a paragraph, kept


def test_a_capture_header_of_a_month_dates_nothing_and_leaves_the_body():
    from pipeline.ingest.header import parse_header

    first = "FILE PHOTO: The trade representative listens as the vice premier talks before the talks in Beijing."
    meta, body = parse_header(f" date 2019-02 {first}\n\n{BODY}")
    assert meta == {"published_date": None} and body.startswith(first)
    meta, _ = parse_header(f"date 2019-05-07 Talks resume\n\n{BODY}")
    assert meta == {"published_date": date(2019, 5, 7), "title": "Talks resume"}
