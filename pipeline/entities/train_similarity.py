"""Train the claim similarity model (similarity.py) and the claim-pair classifier (pairs.py).

    python -m pipeline.entities.train_similarity     # writes pipeline/data/claim_similarity.npz and .json

Corpus: the PolNeAR article texts (``--polnear``, default
``../shared/benchmarks/polnear`` beside the checkout: dev and test texts, and the
statement spans of train's attributions), the labelled statements of
``pipeline/data/training/`` and the sample corpus ``data/raw``. Every sentence
becomes the set of stems a claim becomes at run time (the packaged taxonomy's
wording replaced by its names). From them:

IDF of each stem over sentences, smoothed: log((1 + n) / (1 + df)) + 1.

Only stems seen in at least ``--min-count`` sentences are kept; the rest take the
largest weight at run time.

The pair classifier (``claim_similarity.json``): a logistic regression (C = 0.3,
standardised features) on the ``tune`` pairs of tests/annotations/
claim_pairs_polnear.yaml (PolNeAR train claims) and on every candidate pair of
the tuning documents of tests/annotations/claim_clusters.yaml (the sample and the
development corpus's pages, run through the stages; same when both claims fall in
one annotated group; ``--no-corpus`` leaves them out). Held-out pairs and
documents are never read here. Features are computed as a run computes them
(clusters.py). The threshold is the lowest of 0.50, 0.55, ... 0.95 at which
5-fold cross-validation on those pairs (ten shuffles) keeps precision at least
``--precision`` (0.95, the target). Deterministic. Needs scikit-learn (a dependency);
running the pipeline needs numpy only. No page text is written: only stems,
weights and coefficients.
"""
from __future__ import annotations

import argparse
import json
import re
from collections.abc import Iterator
from pathlib import Path

import numpy as np

from pipeline.enrich.taxonomy import load_taxonomy
from pipeline.enrich.train import training_statements
from pipeline.entities.clusters import (
    _LazyStems,
    _Rows,
    _settings,
    _side,
    _vocabulary,
    candidate_pairs,
    claim_stems,
    one_speaker_pairs,
    wording_key,
)
from pipeline.entities.pairs import FEATURES, PairModel, pair_features
from pipeline.evaluation.paths import EvalData

REPO = Path(__file__).resolve().parents[2]
DEFAULT_POLNEAR = EvalData.at(REPO).polnear
PAIRS = EvalData.at(REPO).annotations / "claim_pairs_polnear.yaml"
OUTPUT = REPO / "pipeline" / "data" / "claim_similarity.npz"
PAIR_OUTPUT = OUTPUT.with_suffix(".json")
THRESHOLDS = [round(0.5 + 0.05 * i, 2) for i in range(10)]
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


def _features(rows, pairs: list[tuple[int, int]]) -> np.ndarray:
    """Pair features of positions of ``rows``, computed as a run computes them."""
    keys = {pos: wording_key(rows.texts[pos]) for pair in pairs for pos in pair}
    words, settings = _LazyStems(rows.texts, load_taxonomy()), _settings()
    one = one_speaker_pairs(rows, settings)
    return np.array([pair_features(_side(a, rows, keys, words), _side(b, rows, keys, words), settings.adjacent_claims,
                                   one(a, b)) for a, b in pairs]).reshape(len(pairs), len(FEATURES))


def polnear_training_data(polnear: Path, annotation: Path) -> tuple[np.ndarray, np.ndarray]:
    """Features and labels of the decided tune pairs of the PolNeAR annotation."""
    from pipeline.evaluation.clusters import load_pairs
    from pipeline.evaluation.polnear_claims import polnear_claims

    pairs = [p for p in load_pairs(annotation)[1] if p["split"] == "tune"]
    rows = _Rows.of(polnear_claims(polnear / "train" / "attributions"))
    position = {claim_id: pos for pos, claim_id in enumerate(rows.ids)}
    x = _features(rows, [(position[p["a"]], position[p["b"]]) for p in pairs])
    return x, np.array([bool(p["same"]) for p in pairs])


def corpus_training_data(data: EvalData, model: str) -> tuple[np.ndarray, np.ndarray]:
    """Features and labels of every candidate pair of the tuning side of claim_clusters.yaml
    (the sample and the development corpus's pages present, run through the stages): same
    when both claims fall in one annotated group."""
    from pipeline.evaluation.clusters import tune_claims

    frame, group_of = tune_claims(data.annotations / "claim_clusters.yaml", data.raw, data.devcorpus,
                                  data.devcorpus_pages, model)
    rows = _Rows.of(frame)
    keys = [wording_key(t) for t in rows.texts]
    pairs = candidate_pairs(rows, keys, _LazyStems(rows.texts, load_taxonomy()), _settings())
    same = [group_of[a] is not None and group_of[a] == group_of[b] for a, b in pairs]
    return _features(rows, pairs), np.array(same, dtype=bool)


# Shuffles of the 5-fold split averaged for the threshold: with three, the estimate's own noise
# (a reordering of the same pairs) moved the threshold from 0.80 to 0.85 (CV precision 0.9499 at 0.80).
CV_SHUFFLES = 10


def train_pairs(x: np.ndarray, y: np.ndarray, precision: float) -> PairModel:
    from sklearn.linear_model import LogisticRegression
    from sklearn.model_selection import StratifiedKFold, cross_val_predict
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import StandardScaler

    make = lambda: make_pipeline(StandardScaler(), LogisticRegression(C=0.3, max_iter=5000))  # noqa: E731
    folds = [cross_val_predict(make(), x, y, cv=StratifiedKFold(5, shuffle=True, random_state=seed),
                               method="predict_proba")[:, 1] for seed in range(CV_SHUFFLES)]

    def cv_precision(threshold: float) -> float:
        return float(np.mean([(y & (p >= threshold)).sum() / max((p >= threshold).sum(), 1) for p in folds]))

    threshold = next((t for t in THRESHOLDS if cv_precision(t) >= precision), THRESHOLDS[-1])
    fitted = make().fit(x, y)
    scaler, regression = fitted[0], fitted[-1]
    return PairModel(FEATURES, scaler.mean_, scaler.scale_, regression.coef_[0], float(regression.intercept_[0]),
                     threshold)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--polnear", type=Path, default=DEFAULT_POLNEAR)
    parser.add_argument("--min-count", type=int, default=3)
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument("--pairs", type=Path, default=PAIRS, help="annotated claim pairs")
    parser.add_argument("--pair-output", type=Path, default=PAIR_OUTPUT)
    parser.add_argument("--precision", type=float, default=0.95, help="cross-validated precision to keep")
    parser.add_argument("--pairs-only", action="store_true", help="train the pair classifier only")
    parser.add_argument("--no-corpus", action="store_true",
                        help="leave out the pairs of tests/annotations/claim_clusters.yaml (no spaCy run)")
    args = parser.parse_args(argv)
    if not args.pairs_only:
        sentences = sentence_stems(corpus_texts(args.polnear))
        model = train(sentences, args.min_count)
        np.savez_compressed(args.output, **model)
        print(f"{len(sentences)} sentences, {len(model['stems'])} stems -> {args.output}")
    x, y = polnear_training_data(args.polnear, args.pairs)
    if not args.no_corpus:
        from pipeline.settings import settings_from_env

        cx, cy = corpus_training_data(EvalData.at(REPO), settings_from_env().spacy_model)
        print(f"{len(cy)} candidate pairs of the annotated documents ({int(cy.sum())} same)")
        x, y = np.vstack([x, cx]), np.concatenate([y, cy])
    pair_model = train_pairs(x, y, args.precision)
    args.pair_output.write_text(json.dumps(pair_model.to_json(), indent=1) + "\n", encoding="utf-8")
    print(f"{len(y)} pairs ({int(y.sum())} same), threshold {pair_model.threshold} -> {args.pair_output}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
