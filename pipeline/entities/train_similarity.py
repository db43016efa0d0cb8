"""Train the claim similarity model (pipeline/entities/similarity.py).

    python -m pipeline.entities.train_similarity     # writes pipeline/data/claim_similarity.npz

Corpus: the PolNeAR article texts (``--polnear``, default
``../shared/benchmarks/polnear`` beside the checkout: dev and test texts, and the
statement spans of train's attributions), the labelled statements of
``pipeline/data/training/`` and the sample corpus ``data/raw``. Every sentence
becomes the set of stems a claim becomes at run time (the packaged taxonomy's
wording replaced by its names). From them:

IDF of each stem over sentences, smoothed: log((1 + n) / (1 + df)) + 1.

Only stems seen in at least ``--min-count`` sentences are kept; the rest take the
largest weight at run time. Deterministic (fixed SVD seed). Needs scikit-learn
(a dependency) and scipy; running the pipeline needs numpy only. No page text is
written: only stems, weights and vectors.
"""
from __future__ import annotations

import argparse
import re
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from pipeline.enrich.taxonomy import load_taxonomy
from pipeline.enrich.train import training_statements
from pipeline.entities.clusters import _vocabulary, claim_stems
from pipeline.evaluation.paths import EvalData

REPO = Path(__file__).resolve().parents[2]
DEFAULT_POLNEAR = EvalData.at(REPO).polnear
OUTPUT = REPO / "pipeline" / "data" / "claim_similarity.npz"
_SENTENCE = re.compile(r"(?<=[.!?\u201d\"])\s+|\n+")
_CONTENT = re.compile(r"^T\d+\tContent \d+ \d+(?:;\d+ \d+)*\t(.+)$", re.MULTILINE)


def corpus_texts(polnear: Path) -> Iterator[str]:
    for split in ("dev", "test"):
        for path in sorted((polnear / split / "text").glob("*")):
            yield path.read_text(encoding="utf-8")
    for path in sorted((polnear / "train" / "attributions").glob("*.ann")):
        yield "\n".join(_CONTENT.findall(path.read_text(encoding="utf-8")))
    yield from (statement.text for statement in training_statements())
    for path in sorted((REPO / "data" / "raw").glob("*.txt")):
        yield path.read_text(encoding="utf-8")


def sentence_stems(texts: Iterator[str]) -> list[frozenset[str]]:
    taxonomy = load_taxonomy()
    vocabulary = _vocabulary(taxonomy)
    out = []
    for text in texts:
        for sentence in _SENTENCE.split(text):
            stems = claim_stems(sentence, taxonomy, vocabulary)
            if len(stems) >= 2:
                out.append(stems)
    return out


def train(sentences: list[frozenset[str]], min_count: int) -> dict[str, np.ndarray]:
    counts: dict[str, int] = {}
    for sentence in sentences:
        for stem in sentence:
            counts[stem] = counts.get(stem, 0) + 1
    stems = sorted(w for w, c in counts.items() if c >= min_count)
    df = np.array([counts[w] for w in stems], dtype=np.float64)
    n = len(sentences)
    return {"stems": np.array(stems), "idf": (np.log((1 + n) / (1 + df)) + 1).astype(np.float32),
            "unseen_idf": np.array(np.log(1 + n) + 1)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--polnear", type=Path, default=DEFAULT_POLNEAR)
    parser.add_argument("--min-count", type=int, default=3)
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    sentences = sentence_stems(corpus_texts(args.polnear))
    model = train(sentences, args.min_count)
    np.savez_compressed(args.output, **model)
    print(f"{len(sentences)} sentences, {len(model['stems'])} stems -> {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
