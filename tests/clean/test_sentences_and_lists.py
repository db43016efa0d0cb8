"""A sentence broken over lines, and a list the article introduces, are kept whole."""
from __future__ import annotations

from pipeline.clean import clean_article
from pipeline.clean.furniture import in_list, list_state, sentences_kept
from pipeline.clean.rules import load_rules
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
    menu = [(1, "Home"), (2, "News"), (3, "Sport")]
    assert sentences_kept(menu, [-1.0, 3.0, 3.0], 1.0) == [False] * 3
    apart = [(1, "Editor's note: the minister regularly"), (3, "ignores the committee.")]  # a blank line between
    assert sentences_kept(apart, [3.0, -1.0], 1.0) == [False, False]


def test_fragments_below_a_kept_one_carry_on_its_sentence_until_a_ruled_one():
    lines = [(1, "Editor's note: the minister regularly"), (2, "ignores"), (3, "the committee and")]
    assert sentences_kept(lines, [-1.0, 3.0, 3.0], 1.0) == [False, True, True]  # the sentence never ends
    assert sentences_kept(lines, [-1.0, 3.0, 3.0], 1.0, [False, True, False]) == [False, False, False]
    assert sentences_kept(lines, [3.0, -1.0, 3.0], 1.0) == [False, False, True]  # nothing above a kept one


def test_a_list_introduced_by_a_sentence_ending_in_a_colon_runs_until_a_sentence_ends():
    rules = load_rules()
    intro = "The minister, on the other hand, apparently has to do the following:"
    listing = list_state(11, intro, None, None, rules)
    assert listing == (11, True, rules.list_max_items) and in_list(13, listing)  # the first item may follow a blank line
    listing = list_state(13, "Stop lying", None, listing, rules)
    assert in_list(14, listing) and not in_list(16, listing)
    listing = list_state(14, "Fill in the gaps.", None, listing, rules)
    assert listing is None


def test_a_list_is_kept_for_so_many_items_at_most():
    rules = load_rules()
    listing = list_state(1, "The minister, on the other hand, apparently has to do the following:", None, None, rules)
    for number in range(2, 2 + rules.list_max_items):
        assert in_list(number, listing)
        listing = list_state(number, "Home", None, listing, rules)
    assert not in_list(2 + rules.list_max_items, listing)


def test_a_short_label_with_a_colon_introduces_no_list():
    rules = load_rules()
    assert list_state(3, "Latest stories:", None, None, rules) is None
    intro = "The minister, on the other hand, apparently has to do the following:"
    assert list_state(3, intro, "shape:x", None, rules) is None


def test_list_items_after_an_introducing_paragraph_stay_in_the_body():
    intro = "The minister, on the other hand, apparently has to accomplish the following:"
    text = "\n\n".join([PROSE[0], intro, "Stop lying\nShow humility\nFill in the gaps in his proposals.", PROSE[1]])
    body = clean_article(record(text)).text.split("\n\n")
    assert body[2:5] == ["Stop lying", "Show humility", "Fill in the gaps in his proposals."]
