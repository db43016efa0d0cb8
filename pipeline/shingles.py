"""Word shingles: the runs of ``size`` consecutive words of a text, shared by the
near-duplicate index (pipeline/clean) and claim clusters (pipeline/entities).
A module of its own, free of datasketch, so clusters can use it in the Dagster process."""
from __future__ import annotations


def word_shingles(words: list[str], size: int) -> set[str]:
    """Runs of ``size`` words, joined by spaces; the whole text when it is shorter."""
    if len(words) <= size:
        return {" ".join(words)} if words else set()
    return {" ".join(run) for run in zip(*(words[k:] for k in range(size)), strict=False)}  # runs end with the text
