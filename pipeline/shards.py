"""Shards: a stable split of the documents into N groups by a hash of their id,
so that N workers can extract claims side by side, each from its own group.

A document's shard depends only on its id and N: not on when it arrived, on
which other documents exist or on the order anything runs in. So a document
stays in its shard across runs and machines, and Python and SQL agree on it
(DuckDB filters with the same expression, so a worker never reads another
shard's rows). The hash is MD5 because both hashlib and DuckDB have it and it
never changes between versions, unlike DuckDB's ``hash()``; the doc_id is
itself a content hash already, but hashing it again keeps the split even for
any id format.
"""
from __future__ import annotations

import hashlib
from dataclasses import dataclass


def shard_expression(column: str, count: int) -> str:
    """DuckDB SQL for the shard of ``column`` among ``count``: the first 32 bits of its MD5, modulo ``count``."""
    return f"('0x' || left(md5({column}), 8))::UBIGINT % {int(count)}"


def shard_of(doc_id: str, count: int) -> int:
    """The shard of ``doc_id`` among ``count``, as ``shard_expression`` computes it in SQL."""
    return int(hashlib.md5(doc_id.encode("utf-8")).hexdigest()[:8], 16) % count


def shard_keys(count: int) -> list[str]:
    """Partition keys of ``count`` shards, zero-padded so that they sort in numeric order."""
    if count < 1:
        raise ValueError(f"the number of shards must be at least 1, not {count}")
    width = len(str(count - 1))
    return [str(index).zfill(width) for index in range(count)]


@dataclass(frozen=True)
class Shard:
    """Shard ``index`` of ``count``."""

    index: int
    count: int

    def __post_init__(self) -> None:
        if not 0 <= self.index < self.count:
            raise ValueError(f"shard {self.index} is not one of {self.count} shards")

    @classmethod
    def from_key(cls, key: str, count: int) -> Shard:
        return cls(int(key), count)

    def where(self, column: str) -> str:
        """A SQL condition that holds for the rows of this shard."""
        return f"{shard_expression(column, self.count)} = {self.index}"

    def contains(self, doc_id: str) -> bool:
        return shard_of(doc_id, self.count) == self.index


def shard_condition(shard: Shard | None, column: str) -> str:
    """The SQL condition for ``shard``'s rows; every row when there are no shards."""
    return "TRUE" if shard is None else shard.where(column)
