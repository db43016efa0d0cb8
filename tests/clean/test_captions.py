"""Captions and credits: a credit closing a line, a present-tense description beside one, a copyright notice."""
from __future__ import annotations

from pipeline.clean.furniture import sort_lines
from pipeline.clean.line_shape import line_features
from pipeline.clean.rules import load_rules

PROSE = [
    "The minister said on Friday that his government had asked Washington to exempt its car makers from the tariffs.",
    "He told reporters that the two sides would meet again next month to discuss the remaining differences on trade.",
]


def test_a_credit_closing_the_line_marks_it_and_the_present_description_it_closes():
    caption = "Minister Toshimitsu Motegi speaks to the press after a meeting in Washington, on Aug. 10, 2018. (Kyodo)"
    rows = line_features([caption, "Leaders at the negotiating table / REUTERS", *PROSE])
    assert rows[0]["credit"] == 1.0 and rows[0]["caption_like"] == 1.0
    assert rows[1]["credit"] == 1.0
    assert all(r["credit"] == 0.0 and r["caption_like"] == 0.0 for r in rows[2:])


def test_a_present_tense_line_without_a_credit_or_in_the_past_is_no_caption():
    lines = ["Motegi speaks to the press after a meeting in Washington", PROSE[0], "Motegi spoke to the press. (Kyodo)",
             PROSE[1], "Trump says he will meet Kim next month (Reuters)"]
    rows = line_features(lines)
    assert rows[2]["credit"] == rows[4]["credit"] == 1.0  # credits, but the one in the past, the other reports speech
    assert [r["caption_like"] for r in rows] == [0.0] * 5


def test_a_copyright_notice_inside_a_line_goes_and_prose_about_a_year_stays():
    notice = "This material may not be republished. ©2025 Example Network, LLC. All rights reserved."
    prose = "The law, passed in 2019, protects the copyright of authors for seventy years after their death."
    text = "\n\n".join(["Tariffs loom", PROSE[0], prose, PROSE[1], notice])
    out = sort_lines(text, None, load_rules())
    assert notice not in out.body and prose in out.body
    assert [r.reason for r in out.removed if r.text == notice] == ["newsletter"]
