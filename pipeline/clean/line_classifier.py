"""The learned line classifier: gradient-boosted trees over ``line_shape`` features.

The trees live in ``pipeline/data/line_classifier.json``, written by
``python -m pipeline.clean.train_lines`` (scikit-learn's
HistGradientBoostingClassifier, trained on the training pages, the tuning
half of the development corpus, the sample and PolNeAR train). Here they are
only applied, in numpy, all trees at once: a line walks every tree one level
per step, so scoring a line costs a few array operations whatever the number
of trees (about 20 µs), and the clean stage needs no scikit-learn.

A line whose log-odds reach the threshold is removed; a line that recurs
across documents of the same site is removed too unless it reads as prose,
and recurring prose gets ``repeat_bonus`` added to its log-odds (furniture
repeats, articles do not). The reason given in the audit is the feature that
pushed the line hardest towards furniture along its paths through the trees
(each split is credited with the change of the expected value it makes).
"""
from __future__ import annotations

import json
import math
from dataclasses import dataclass
from functools import lru_cache
from operator import itemgetter

import numpy as np

from pipeline.datafiles import data_file

MODEL_FILE = "line_classifier.json"


@dataclass(frozen=True)
class LineClassifier:
    features: tuple[str, ...]
    baseline: float
    roots: np.ndarray  # per tree, the index of its root in the node arrays
    feature: np.ndarray  # per node, the feature it splits on (leaves: 0)
    split: np.ndarray  # per node, go left when the value is <= this (leaves: +inf)
    left: np.ndarray  # per node, its children (a leaf points to itself)
    right: np.ndarray
    value: np.ndarray  # per node: a leaf's share of the log-odds; a split's, the mean of its leaves
    depth: int  # the deepest leaf: that many steps reach every leaf
    threshold: float  # log-odds at or above which a line is furniture
    repeat_bonus: float

    def vector(self, row: dict[str, float]) -> np.ndarray:
        return np.array([row[f] for f in self.features], dtype=float)

    def paths(self, x: np.ndarray) -> list[np.ndarray]:
        """The node each tree is at, level by level, for one line's feature vector."""
        at, out = self.roots, [self.roots]
        for _ in range(self.depth):
            at = np.where(x[self.feature[at]] <= self.split[at], self.left[at], self.right[at])
            out.append(at)
        return out

    def log_odds(self, row: dict[str, float]) -> float:
        return float(self.log_odds_all([row])[0])

    def log_odds_all(self, rows: list[dict[str, float]]) -> np.ndarray:
        """``log_odds`` of many lines at once (a capture's): every line walks every tree
        together, so a capture costs the array operations one line did."""
        get = itemgetter(*self.features)  # one array of every line's values, not one array a line
        x = np.array([get(row) for row in rows], dtype=float).reshape(len(rows), len(self.features))
        at, lines = np.broadcast_to(self.roots, (len(rows), len(self.roots))), np.arange(len(rows))[:, None]
        for _ in range(self.depth):
            at = np.where(x[lines, self.feature[at]] <= self.split[at], self.left[at], self.right[at])
        return self.baseline + self.value[at].sum(axis=1)

    def strongest(self, row: dict[str, float]) -> str:
        """The feature that pushes hardest towards furniture: the reason given in the audit."""
        steps = self.paths(self.vector(row))
        credit = np.zeros(len(self.features))
        for here, there in zip(steps, steps[1:], strict=False):
            moved = here != there  # a leaf stays put
            np.add.at(credit, self.feature[here[moved]], self.value[there[moved]] - self.value[here[moved]])
        return self.features[int(np.argmax(credit))]


def probability(log_odds: float) -> float:
    return 1 / (1 + math.exp(-max(min(log_odds, 50.0), -50.0)))


def from_dict(data: dict) -> LineClassifier:
    trees = data["trees"]
    split = np.array([math.inf if s is None else s for s in trees["split"]], dtype=float)
    return LineClassifier(
        features=tuple(data["features"]), baseline=data["baseline"], roots=np.array(trees["roots"], dtype=int),
        feature=np.array(trees["feature"], dtype=int), split=split, left=np.array(trees["left"], dtype=int),
        right=np.array(trees["right"], dtype=int), value=np.array(trees["value"], dtype=float),
        depth=trees["depth"], threshold=data["threshold"], repeat_bonus=data["repeat_bonus"],
    )


@lru_cache(maxsize=1)
def load_line_classifier() -> LineClassifier:
    return from_dict(json.loads(data_file(MODEL_FILE).read_text(encoding="utf-8")))
