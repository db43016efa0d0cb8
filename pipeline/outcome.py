"""What a stage's run function reports: plain figures, previews and paths.

The Dagster layer turns an outcome into materialisation metadata; tests and
the command line read it as it is.
"""
from __future__ import annotations

import logging
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime

import pandas as pd

Log = Callable[[str], None]
default_log: Log = logging.getLogger("redline").info


@dataclass
class Preview:
    frame: pd.DataFrame
    columns: list[str]


@dataclass
class Outcome:
    """``stats``: numbers, strings and small dicts; ``previews``: tables to show;
    ``paths``: files the stage wrote."""

    stats: dict = field(default_factory=dict)
    previews: dict[str, Preview] = field(default_factory=dict)
    paths: dict[str, str] = field(default_factory=dict)

    def add_writes(self, written: dict[str, dict[str, int]]) -> None:
        """Add ``write_validated``'s per-table counts as ``<table>_written`` / ``_rejected``."""
        for table, counts in written.items():
            for kind in ("written", "rejected"):
                key = f"{table}_{kind}"
                self.stats[key] = self.stats.get(key, 0) + counts[kind]


@contextmanager
def timed(stats: dict, key: str) -> Iterator[None]:
    """Add the seconds the block took to ``stats[key]``."""
    start = time.perf_counter()
    try:
        yield
    finally:
        stats[key] = round(stats.get(key, 0.0) + time.perf_counter() - start, 3)


def utcnow() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)
