"""Cutting a stream into bounded lists (pipeline/chunks.py)."""
from pipeline.chunks import chunked, chunked_within


def test_chunked_cuts_by_count():
    assert list(chunked(range(5), 2)) == [[0, 1], [2, 3], [4]]


def test_chunked_within_cuts_by_count_and_by_weight():
    texts = ["a" * 10, "b" * 10, "c" * 30, "d" * 5, "e" * 5, "f" * 5]
    batches = list(chunked_within(texts, 3, 25, len))
    assert [[t[0] for t in b] for b in batches] == [["a", "b"], ["c"], ["d", "e", "f"]]


def test_an_item_heavier_than_the_budget_stands_alone_and_nothing_is_lost():
    items = [40, 1, 1, 40]
    batches = list(chunked_within(items, 8, 10, lambda n: n))
    assert batches == [[40], [1, 1], [40]]
    assert [n for b in batches for n in b] == items
