"""Train the line classifier: ``python -m pipeline.clean.train_lines``.

Labelled lines, each with the features the clean stage computes for it
(``furniture.shape_lines``; lines the rules already decide are left out):

- the development corpus's TUNING half only (``devcorpus.split_of``): a line
  holding one of its page's annotated boilerplate phrases is furniture, one
  holding a body phrase is article (lines holding both, or neither, are
  skipped); lines the furniture patterns remove are furniture examples too;
- the sample corpus, by the phrases of ``tests/annotations/cleaning.yaml``;
- PolNeAR train articles, every line article (their texts are clean), with
  a small weight each so that many long paragraphs do not drown the rest.

A logistic regression (L2, Newton's method in numpy: deterministic, no
random state) is fitted on standardised features. The threshold comes from
cross-validation grouped by outlet: the lowest log-odds at which the
out-of-fold article lines kept stay at or above ``BODY_KEPT`` (and
PolNeAR's at or above ``POLNEAR_KEPT``). The weights,
the threshold and the training figures go to ``pipeline/data/line_classifier.yaml``.
"""
from __future__ import annotations

import argparse
import hashlib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import yaml

from pipeline.clean.furniture import shape_lines
from pipeline.clean.rules import load_rules
from pipeline.evaluation.devcorpus import _norm, body_phrase, load_pages
from pipeline.evaluation.paths import eval_data
from pipeline.ingest import read_source

OUTPUT = Path(__file__).resolve().parents[1] / "data" / "line_classifier.yaml"
L2 = 1.0
FOLDS = 5
BODY_KEPT = 0.995  # out-of-fold share of annotated article lines the threshold must keep
POLNEAR_KEPT = 0.997  # and of PolNeAR's lines
POLNEAR_ARTICLES = 300  # the first, by name, of PolNeAR train
POLNEAR_WEIGHT = 0.05
REPEAT_BONUS = 2.5  # log-odds added to a line that recurs on its site (not learnable here: few pages per site)


# Lines the rules remove are furniture examples too (what furniture looks like
# does not depend on whether a pattern names it), except metadata lines.
RULED = {"title": None, "byline": None, "dateline": None, "tagline": None}


@dataclass
class Examples:
    rows: list[dict[str, float]] = field(default_factory=list)
    labels: list[int] = field(default_factory=list)  # 1 furniture, 0 article
    groups: list[str] = field(default_factory=list)  # outlet or file: folds never split one
    weights: list[float] = field(default_factory=list)

    def add(self, row: dict, label: int, group: str, weight: float = 1.0) -> None:
        self.rows.append(row)
        self.labels.append(label)
        self.groups.append(group)
        self.weights.append(weight)


def label_of(line: str, boilerplate: list[str], body: list[str]) -> int | None:
    text = _norm(line)
    bad, good = any(p in text for p in boilerplate), any(p in text for p in body)
    return None if bad == good else int(bad)


def add_annotated(examples: Examples, path: Path, root: Path, entry: dict, group: str) -> None:
    """The candidate lines of one annotated file that its phrases label."""
    boilerplate = [_norm(p) for p in entry.get("boilerplate") or []]
    body = [body_phrase(p) for p in entry.get("body") or []]
    rules = load_rules()
    for record in read_source(path, root)[0]:
        shaped = shape_lines(record.text, record.title, rules, record.source_format == "txt")
        for (_, line), reason, row in zip(shaped.lines, shaped.reasons, shaped.features, strict=True):
            label = label_of(line, boilerplate, body) if reason is None else RULED.get(reason, 1)
            if label is not None:
                examples.add(row, label, group)


def collect(polnear: Path | None) -> Examples:
    data, examples = eval_data(), Examples()
    pages, _problems = load_pages(data.devcorpus, data.devcorpus_pages)
    for page in pages:
        if page.split == "tune":  # never the blind half
            path = data.devcorpus_pages / f"{page.annotation['id']}.txt"
            add_annotated(examples, path, data.devcorpus_pages, page.annotation, page.annotation["outlet"])
    for entry in yaml.safe_load(data.cleaning.read_text("utf-8"))["files"]:
        add_annotated(examples, data.root / entry["path"], data.root / "data" / "raw", entry, entry["path"])
    rules = load_rules()
    folder = (polnear or data.polnear) / "train" / "text"
    for path in sorted(folder.glob("*.txt"))[:POLNEAR_ARTICLES]:
        shaped = shape_lines(path.read_text("utf-8"), None, rules)
        for reason, row in zip(shaped.reasons, shaped.features, strict=True):
            if reason is None:
                examples.add(row, 0, f"polnear:{path.stem}", POLNEAR_WEIGHT)
            elif RULED.get(reason, 1):
                examples.add(row, 1, f"polnear:{path.stem}")
    return examples


def fit(x: np.ndarray, y: np.ndarray, w: np.ndarray, l2: float = L2) -> tuple[np.ndarray, float]:
    """Weighted L2 logistic regression by Newton's method (the bias is not penalised)."""
    xb = np.hstack([x, np.ones((len(x), 1))])
    beta = np.zeros(xb.shape[1])
    penalty = np.full(xb.shape[1], l2)
    penalty[-1] = 0.0
    for _ in range(50):
        p = 1 / (1 + np.exp(-np.clip(xb @ beta, -50, 50)))
        grad = xb.T @ (w * (p - y)) + penalty * beta
        hess = (xb * (w * p * (1 - p))[:, None]).T @ xb + np.diag(penalty + 1e-9)
        step = np.linalg.solve(hess, grad)
        beta -= step
        if np.abs(step).max() < 1e-8:
            break
    return beta[:-1], float(beta[-1])


def fold_of(group: str) -> int:
    return int(hashlib.sha256(group.encode()).hexdigest(), 16) % FOLDS


def out_of_fold(x: np.ndarray, y: np.ndarray, w: np.ndarray, groups: list[str]) -> np.ndarray:
    folds = np.array([fold_of(g) for g in groups])
    scores = np.zeros(len(y))
    for k in range(FOLDS):
        held = folds == k
        coef, bias = fit(x[~held], y[~held], w[~held])
        scores[held] = x[held] @ coef + bias
    return scores


def lowest_keeping(scores: np.ndarray, share: float) -> float:
    """The lowest threshold at which at least ``share`` of these (article) lines score below it."""
    ranked = np.sort(scores)[::-1]
    may_go = int(np.floor((1 - share) * len(ranked)))  # the top may_go lines may be removed
    return float(ranked[may_go] + 1e-6) if may_go < len(ranked) else float("-inf")


def pick_threshold(scores: np.ndarray, y: np.ndarray, groups: list[str]) -> float:
    """The lowest threshold (most furniture removed) that keeps BODY_KEPT of the annotated
    article lines and POLNEAR_KEPT of PolNeAR's, out of fold."""
    polnear = np.array([g.startswith("polnear:") for g in groups])
    return max(lowest_keeping(scores[(y == 0) & ~polnear], BODY_KEPT),
               lowest_keeping(scores[(y == 0) & polnear], POLNEAR_KEPT))


def figures(scores: np.ndarray, y: np.ndarray, threshold: float, groups: list[str]) -> dict:
    polnear = np.array([g.startswith("polnear:") for g in groups])
    removed = scores >= threshold
    share = lambda mask: round(float(mask.mean()), 4) if mask.size else None  # noqa: E731
    return {
        "furniture_lines": int((y == 1).sum()),
        "article_lines": int(((y == 0) & ~polnear).sum()),
        "polnear_lines": int(((y == 0) & polnear).sum()),
        "furniture_removed": share(removed[y == 1]),
        "article_kept": share(~removed[(y == 0) & ~polnear]),
        "polnear_kept": share(~removed[(y == 0) & polnear]),
    }


def train(polnear: Path | None = None) -> dict:
    examples = collect(polnear)
    names = sorted(examples.rows[0])
    x = np.array([[row[n] for n in names] for row in examples.rows])
    y, w = np.array(examples.labels, dtype=float), np.array(examples.weights)
    mean, scale = x.mean(axis=0), x.std(axis=0)
    scale[scale == 0] = 1.0
    z = (x - mean) / scale
    oof = out_of_fold(z, y, w, examples.groups)
    threshold = pick_threshold(oof, y, examples.groups)
    coef, bias = fit(z, y, w)
    return {
        "features": names, "mean": mean.round(6).tolist(), "scale": scale.round(6).tolist(),
        "weights": coef.round(6).tolist(), "bias": round(bias, 6), "threshold": round(threshold, 6),
        "repeat_bonus": REPEAT_BONUS,
        "trained_on": "development corpus tune half (annotated lines), sample (cleaning.yaml), "
                      f"PolNeAR train (first {POLNEAR_ARTICLES} articles, every line article, weight {POLNEAR_WEIGHT})",
        "cross_validated": figures(oof, y, threshold, examples.groups),
        "training_fit": figures(z @ coef + bias, y, threshold, examples.groups),
    }


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(prog="python -m pipeline.clean.train_lines", description=__doc__.split("\n")[0])
    parser.add_argument("--polnear", type=Path, help="PolNeAR folder (default: beside the data root)")
    parser.add_argument("--output", type=Path, default=OUTPUT)
    args = parser.parse_args(argv)
    model = train(args.polnear)
    header = "# Written by `python -m pipeline.clean.train_lines`; do not edit by hand.\n"
    args.output.write_text(header + yaml.safe_dump(model, sort_keys=False, width=120), encoding="utf-8")
    print(f"wrote {args.output}: threshold {model['threshold']:.3f}")
    print("cross-validated (grouped by outlet):", model["cross_validated"])
    print("training fit:", model["training_fit"])


if __name__ == "__main__":
    main()
