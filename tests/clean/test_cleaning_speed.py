"""How fast cleaning runs, without changing what it decides: the line classifier
scores a capture's lines in one pass, and datelines without a cue are read in English only."""
from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from pipeline.clean.furniture import shape_lines
from pipeline.clean.line_classifier import load_line_classifier
from pipeline.clean.line_shape import char_counts
from pipeline.clean.lines import dateline_of
from pipeline.clean.rules import load_rules
from pipeline.ingest.published import parse_date

SAMPLE = sorted((Path(__file__).resolve().parents[2] / "data" / "raw").glob("*.txt"))


@pytest.mark.skipif(not SAMPLE, reason="no sample corpus in data/raw")
def test_all_lines_at_once_score_as_one_by_one():
    model, rules = load_line_classifier(), load_rules()
    for path in SAMPLE:
        rows = shape_lines(path.read_text(encoding="utf-8"), None, rules).features
        assert model.log_odds_all(rows).tolist() == [model.log_odds(row) for row in rows], path.name


def test_no_lines_no_scores():
    assert load_line_classifier().log_odds_all([]).shape == (0,)


def test_datelines_without_a_cue_read_in_english():
    rules = load_rules()
    assert dateline_of("Published on July 18, 2019 at 2:51 am", rules) == date(2019, 7, 18)
    assert dateline_of("Clinton: 547.", rules) is None
    assert parse_date("July 18, 2019", ("en",)) == date(2019, 7, 18)


@pytest.mark.parametrize("line", [
    "", "Plain ASCII line with 12 digits 345 and CAPS.", "Ünïcödé Ǆǅǆ letters, ²³ superscripts, ١٢٣ Arabic digits",
    "Пресс-служба Кремля сообщила", "東京 2020 オリンピック", "ﬁne ligature ǅ titlecase Ⅻ roman", "\u00a0\t mixed ŉ ß ẞ",
])
def test_character_counts_equal_a_loop_over_characters(line):
    letters = [ch for ch in line if ch.isalpha()]
    expected = (len(letters), sum(ch.isdigit() for ch in line), sum(ch.isupper() for ch in letters),
                sum(ord(ch) > 0x24F for ch in letters))
    assert char_counts(line) == expected
