"""Cutting a stream into lists of bounded size: how every stage bounds its memory."""
from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import TypeVar

T = TypeVar("T")


def chunked(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Consecutive lists of at most ``size`` items, pulled lazily from ``items``."""
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk


def chunked_within(items: Iterable[T], size: int, budget: int, weight: Callable[[T], int]) -> Iterator[list[T]]:
    """Consecutive lists of at most ``size`` items whose ``weight`` adds up to at most
    ``budget``; an item heavier than the budget alone is a list of its own."""
    chunk: list[T] = []
    total = 0
    for item in items:
        w = weight(item)
        if chunk and (len(chunk) == size or total + w > budget):
            yield chunk
            chunk, total = [], 0
        chunk.append(item)
        total += w
    if chunk:
        yield chunk
