"""Cutting a stream into lists of bounded size: how every stage bounds its memory."""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice
from typing import TypeVar

T = TypeVar("T")


def chunked(items: Iterable[T], size: int) -> Iterator[list[T]]:
    """Consecutive lists of at most ``size`` items, pulled lazily from ``items``."""
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk
