"""The learned line classifier: a logistic regression over ``line_shape`` features.

Its weights live in ``pipeline/data/line_classifier.yaml``, written by
``python -m pipeline.clean.train_lines`` (trained on lines of the development
corpus's tuning half, the sample and PolNeAR train); scoring is a dot product,
so the clean stage needs neither scikit-learn nor numpy. A line whose
log-odds reach the threshold is removed; a line that recurs across documents
of the same site is removed too unless it reads as prose, and recurring prose
gets ``repeat_bonus`` added to its log-odds (furniture repeats, articles do not).
"""
from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

from pipeline.datafiles import load_data

MODEL_FILE = "line_classifier.yaml"


@dataclass(frozen=True)
class LineClassifier:
    features: tuple[str, ...]
    mean: tuple[float, ...]
    scale: tuple[float, ...]
    weights: tuple[float, ...]
    bias: float
    threshold: float  # log-odds at or above which a line is furniture
    repeat_bonus: float

    def contributions(self, row: dict[str, float]) -> list[float]:
        """Each feature's share of the log-odds (standardised value times weight)."""
        return [w * (row[f] - m) / s for f, m, s, w in zip(self.features, self.mean, self.scale, self.weights, strict=True)]

    def log_odds(self, row: dict[str, float]) -> float:
        return self.bias + sum(self.contributions(row))

    def strongest(self, row: dict[str, float]) -> str:
        """The feature that pushes hardest towards furniture: the reason given in the audit."""
        parts = self.contributions(row)
        return self.features[max(range(len(parts)), key=parts.__getitem__)]


def probability(log_odds: float) -> float:
    return 1 / (1 + math.exp(-max(min(log_odds, 50.0), -50.0)))


def from_dict(data: dict) -> LineClassifier:
    return LineClassifier(
        features=tuple(data["features"]), mean=tuple(data["mean"]), scale=tuple(data["scale"]),
        weights=tuple(data["weights"]), bias=data["bias"], threshold=data["threshold"],
        repeat_bonus=data["repeat_bonus"],
    )


@lru_cache(maxsize=1)
def load_line_classifier() -> LineClassifier:
    return from_dict(load_data(MODEL_FILE))
