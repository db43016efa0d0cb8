"""A sentence broken over lines, and a list the article introduces, are kept whole."""
from __future__ import annotations

from pipeline.clean import clean_article
from pipeline.clean.furniture import in_list, list_state, sentences_kept
from pipeline.records import SourceRecord

PROSE = [
    "The central bank said on Tuesday that it would keep interest rates unchanged for a third month in a row.",
    "Analysts had expected the decision, which the governor said reflected a slowing but still resilient economy.",
]


def record(text: str) -> SourceRecord:
    return SourceRecord(doc_id="x", source_path="x.txt", source_format="txt", text=text, raw_chars=len(text))


def test_fragments_above_a_kept_end_of_sentence_are_kept():
    lines = [(1, "Editor's note: the minister regularly"), (2, "ignores"), (3, "the committee's questions."), (5, "Home")]
    assert sentences_kept(lines, [3.0, 3.0, -1.0, 3.0], 1.0) == [True, True, True, False]


def test_fragments_are_not_kept_when_every_one_is_furniture_or_the_sentence_never_ends():
    lines = [(1, "Editor's note: the minister regularly"), (2, "ignores"), (3, "the committee's questions.")]
    assert sentences_kept(lines, [3.0, 3.0, 3.0], 1.0) == [False] * 3
    menu = [(1, "home"), (2, "news"), (3, "sport")]
    assert sentences_kept(menu, [-1.0, 3.0, 3.0], 1.0) == [False] * 3
    apart = [(1, "Editor's note: the minister regularly"), (3, "ignores the committee.")]  # a blank line between
    assert sentences_kept(apart, [3.0, -1.0], 1.0) == [False, False]


def test_a_list_introduced_by_a_sentence_ending_in_a_colon_runs_until_a_sentence_ends():
    intro = "The minister, on the other hand, apparently has to do the following:"
    listing = list_state(11, intro, None, None)
    assert listing == (11, True) and in_list(13, listing)  # the first item may follow a blank line
    listing = list_state(13, "Stop lying", None, listing)
    assert in_list(14, listing) and not in_list(16, listing)
    listing = list_state(14, "Fill in the gaps.", None, listing)
    assert listing is None


def test_a_short_label_with_a_colon_introduces_no_list():
    assert list_state(3, "Latest stories:", None, None) is None
    assert list_state(3, "The minister, on the other hand, apparently has to do the following:", "shape:x", None) is None


def test_list_items_after_an_introducing_paragraph_stay_in_the_body():
    intro = "The minister, on the other hand, apparently has to accomplish the following:"
    text = "\n\n".join([PROSE[0], intro, "Stop lying\nShow humility\nFill in the gaps in his proposals.", PROSE[1]])
    body = clean_article(record(text)).text.split("\n\n")
    assert body[2:5] == ["Stop lying", "Show humility", "Fill in the gaps in his proposals."]
