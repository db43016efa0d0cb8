"""A corpus of N distinct, realistic articles for the benchmark.

Source texts are the PolNeAR article texts (read at run time from
``../shared/benchmarks/polnear/{train,dev,test}/text``, never copied into the
repository) and the sample corpus ``data/raw/*.txt``. Article ``i`` joins the
first half (by paragraphs) of source ``a`` with the second half of source
``b != a``; the pair ``(a, b)`` is chosen deterministically so that no pair
repeats. Two generated articles share at most one half, so their word 5-gram
Jaccard similarity stays around 1/3, well under the 0.8 of ``pipeline.clean.near_duplicates``.
"""
from __future__ import annotations

import os
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = REPO.parent / "shared" / "benchmarks" / "polnear"
SAMPLE_DIR = REPO / "data" / "raw"
_PARAGRAPH = re.compile(r"\n\s*\n")
_SENTENCE_END = re.compile(r"(?<=[.!?\u201d\"])\s+(?=[A-Z\u201c\"])")
MIN_WORDS = 60  # sources shorter than this make thin articles: left out


@dataclass(frozen=True)
class Source:
    name: str
    paragraphs: tuple[str, ...]

    @property
    def split(self) -> int:
        """Index of the first paragraph of the second half: the paragraph boundary
        nearest to half the words."""
        counts = [len(p.split()) for p in self.paragraphs]
        half, running, best, best_gap = sum(counts) / 2, 0, 1, None
        for k in range(1, len(counts)):
            running += counts[k - 1]
            gap = abs(running - half)
            if best_gap is None or gap < best_gap:
                best, best_gap = k, gap
        return best

    def first_half(self) -> list[str]:
        return list(self.paragraphs[: self.split])

    def second_half(self) -> list[str]:
        return list(self.paragraphs[self.split :])


def _paragraphs(text: str) -> tuple[str, ...]:
    """Paragraphs; when no paragraph boundary splits the words 35/65 or better,
    the longest paragraph is broken at its sentence boundaries."""
    paragraphs = [p.strip() for p in _PARAGRAPH.split(text.replace("\r\n", "\n")) if p.strip()]
    for _ in range(3):
        source = Source("", tuple(paragraphs))
        total = sum(len(p.split()) for p in paragraphs) or 1
        share = sum(len(p.split()) for p in source.first_half()) / total
        if len(paragraphs) >= 2 and 0.35 <= share <= 0.65:
            break
        longest = max(range(len(paragraphs)), key=lambda k: len(paragraphs[k]))
        pieces = [s.strip() for s in _SENTENCE_END.split(paragraphs[longest]) if s.strip()]
        if len(pieces) < 2:
            break
        paragraphs[longest : longest + 1] = pieces
    return tuple(paragraphs)


def source_files(source: Path = DEFAULT_SOURCE, sample_dir: Path = SAMPLE_DIR) -> list[Path]:
    """PolNeAR texts of every split (or every .txt under ``source``) and the sample corpus, sorted."""
    split_dirs = [source / split / "text" for split in ("train", "dev", "test")]
    if any(d.is_dir() for d in split_dirs):
        files = [f for d in split_dirs if d.is_dir() for f in sorted(d.glob("*.txt"))]
    else:
        files = sorted(source.rglob("*.txt"))
    if sample_dir.is_dir():
        files += sorted(sample_dir.glob("*.txt"))
    return files


def load_sources(source: Path = DEFAULT_SOURCE, sample_dir: Path = SAMPLE_DIR) -> list[Source]:
    """Distinct source articles with at least two paragraphs and ``MIN_WORDS`` words;
    a source that ``pipeline.clean.near_duplicates`` finds near-identical to an earlier one is left out."""
    from pipeline.clean.near_duplicates import DuplicateIndex, text_signature

    sources, seen, index = [], set(), DuplicateIndex()
    for path in source_files(source, sample_dir):
        text = path.read_text(encoding="utf-8", errors="replace")
        key = " ".join(text.split())
        if key in seen:  # PolNeAR articles with two annotators appear once
            continue
        seen.add(key)
        paragraphs = _paragraphs(text)
        if len(paragraphs) < 2 or len(key.split()) < MIN_WORDS:
            continue
        signature = text_signature(key)
        if index.find(signature) is not None:
            continue
        index.add(str(len(sources)), signature)
        sources.append(Source(path.stem, paragraphs))
    if len(sources) < 3:
        raise SystemExit(f"need at least three source articles, found {len(sources)} under {source}")
    return ring_order(sources)


def ring_order(sources: list[Source]) -> list[Source]:
    """Sources on a ring where neighbours have similar lengths: ascending word
    counts at even ranks, then descending at odd ranks (0, 2, 4, ..., 5, 3, 1)."""
    ranked = sorted(sources, key=lambda s: (sum(len(p.split()) for p in s.paragraphs), s.name))
    return ranked[0::2] + ranked[1::2][::-1]


def pair(i: int, m: int) -> tuple[int, int]:
    """Ring positions ``(a, b)``, ``a != b``, of article ``i`` among ``m`` sources.

    Round ``r = i // m`` pairs each source ``a`` with its ring neighbour at
    offset +1, -1, +2, -2, ... (round 0, 1, 2, 3, ...): offsets are distinct and
    non-zero modulo ``m``, so no pair repeats, and near neighbours have similar
    lengths, so two articles that share a half differ in the other, similar-sized
    half (word 5-gram Jaccard around 1/3).
    """
    r, a = divmod(i, m)
    k = (r // 2 + 1) * (1 if r % 2 == 0 else -1)
    if 2 * (r // 2 + 1) >= m:
        raise ValueError(f"article {i}: too many articles for {m} sources")
    return a, (a + k) % m


def article(i: int, sources: list[Source]) -> str:
    a, b = pair(i, len(sources))
    return "\n\n".join(sources[a].first_half() + sources[b].second_half()) + "\n"


def article_name(i: int) -> str:
    return f"bench_{i:06d}.txt"


def iter_articles(start: int, stop: int, sources: list[Source]) -> Iterator[tuple[str, str]]:
    for i in range(start, stop):
        yield article_name(i), article(i, sources)


def write_corpus(raw_dir: Path, n: int, sources: list[Source], start: int = 0) -> int:
    """Write articles ``start .. start + n - 1`` into ``raw_dir``; the number of words written."""
    raw_dir.mkdir(parents=True, exist_ok=True)
    words = 0
    for name, text in iter_articles(start, start + n, sources):
        (raw_dir / name).write_text(text, encoding="utf-8")
        words += len(text.split())
    return words


def duplicate_report(texts: Iterator[tuple[str, str]]) -> list[tuple[str, str]]:
    """(name, earlier name) of every text that ``pipeline.clean.near_duplicates`` links to an earlier one."""
    from pipeline.clean.near_duplicates import DuplicateIndex, text_signature

    index, found = DuplicateIndex(), []
    for name, text in texts:
        signature = text_signature(text)
        earlier = index.find(signature)
        if earlier is not None:
            found.append((name, earlier))
        index.add(name, signature)
    return found


if __name__ == "__main__":  # quick look: python -m benchmarks.corpus [N]
    import sys

    n = int(sys.argv[1]) if len(sys.argv) > 1 else 10
    srcs = load_sources(Path(os.environ.get("REDLINE_BENCH_SOURCE", DEFAULT_SOURCE)))
    print(f"{len(srcs)} sources")
    print(duplicate_report(iter_articles(0, n, srcs)))
