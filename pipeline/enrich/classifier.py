"""Topic and stance of a claim: a linear model over words, the parse and the
taxonomy's own rules, that leaves a label empty when it is not sure.

The model (``<taxonomy>.model.json`` beside the taxonomy file; the packaged one
is ``pipeline/data/taxonomy.model.json``) is trained by ``python -m
pipeline.enrich.train`` on the labelled statements of pipeline/data/training/
and the taxonomy's own ``examples``. It has two heads, topic and stance, each a
multinomial logistic regression whose classes are the taxonomy's names and
``none``. Its inputs are ``pipeline.enrich.features`` plus what the taxonomy's
patterns say (``classify_claim``: "rt:missiles", "rs:threat"), so the rules a
user edits still count, weighed by how often they were right in training.

Precision first: a label is given only when its probability reaches the
taxonomy's threshold (``classifier.topic_threshold``/``stance_threshold``);
below it the label is NULL. The probability is kept as the label's confidence.

Inference is plain Python over a dict of weights (no scikit-learn, numpy or
spaCy at run time), loaded once per process.
"""
from __future__ import annotations

import hashlib
import json
import math
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache
from pathlib import Path

import numpy as np
import yaml

from pipeline.enrich.features import CONTEXT_PREFIX, class_features, cues_digest, split_features, text_features
from pipeline.enrich.taxonomy import Taxonomy, classify_claim, load_taxonomy, taxonomy_file

NONE = "none"  # the class of "no topic" / "no stance"
HEADS = ("topic", "stance")
DEFAULT_THRESHOLD = 0.5
# The topic head over a claim's own features (no context): what the other claims of its
# document are about is read from it ("d:talks_2"), an input of the two heads.
CLAIM_TOPIC = "claim_topic"
DOCUMENT_PREFIX = "d:"
DOCUMENT_ABSENT = "d:absent"  # a claim alone (a statement we wrote, Labeller.label)
DOCUMENT_NONE = "d:none"  # the other claims are on no topic
CONTEXT_PREFIXES = (CONTEXT_PREFIX, DOCUMENT_PREFIX)


@dataclass(frozen=True)
class Labels:
    topic: str | None
    topic_confidence: float | None
    stance: str | None
    stance_confidence: float | None
    condition: str | None


def feature_value(n_features: int, power: float = 0.5) -> float:
    """The value of each present feature: ``n ** -power``. At 0.5 rows have unit length,
    so that a long claim (many features) is not more certain than a short one for its
    length alone; a smaller power dilutes a long claim's one telling phrase less."""
    return max(n_features, 1) ** -power


def feature_values(features: list[str] | set[str], power: float = 0.5,
                   context_scale: dict[str, float] | None = None) -> dict[str, float]:
    """The value of each present feature: a claim's own ``feature_value`` (its own
    features counted); a context feature (``CONTEXT_PREFIXES``: the sentence before, the
    document) that value times its prefix's scale in ``context_scale``, so that the
    context nudges a claim's label and a long context does not dilute the claim. A head
    without a scale for a prefix (every model of before the context) does not read it."""
    present = set(features)
    context = {f for f in present if f.startswith(CONTEXT_PREFIXES)}
    value = feature_value(len(present) - len(context), power)
    out = dict.fromkeys(present - context, value)
    for prefix, scale in (context_scale or {}).items():
        if scale:
            out.update((f, value * scale) for f in context if f.startswith(prefix))
    return out


@dataclass(frozen=True)
class Head:
    classes: tuple[str, ...]
    bias: tuple[float, ...]
    weights: dict[str, list[float]]
    norm_power: float = 0.5  # feature_value's power, as trained
    context_scale: dict[str, float] | None = None  # feature_values' scales, as trained

    @cached_property
    def _rows(self) -> tuple[dict[str, int], np.ndarray]:
        """The weights as one matrix (row 0 the bias) and each feature's row: a claim's
        scores are one gather and one sum, not a Python loop over features and classes."""
        index = {feature: k for k, feature in enumerate(self.weights, 1)}
        return index, np.array([self.bias, *self.weights.values()], dtype=float).reshape(len(index) + 1, len(self.classes))

    def probabilities(self, features: list[str], allowed: set[str]) -> dict[str, float]:
        """Softmax over the classes in ``allowed`` (and ``none``)."""
        index, matrix = self._rows
        rows, values = [0], [1.0]
        for feature, value in feature_values(features, self.norm_power, self.context_scale).items():
            row = index.get(feature)
            if row is not None:
                rows.append(row)
                values.append(value)
        scores = (np.array(values) @ matrix[rows]).tolist()
        kept = [(c, s) for c, s in zip(self.classes, scores, strict=True) if c == NONE or c in allowed]
        top = max(s for _, s in kept)
        exp = [(c, math.exp(s - top)) for c, s in kept]
        total = sum(e for _, e in exp)
        return {c: e / total for c, e in exp}


def model_path_for(taxonomy_path: str | Path | None) -> Path:
    """Where the classifier of a taxonomy file lives: beside it, ``<stem>.model.json``."""
    path = taxonomy_file(taxonomy_path)
    return path.with_name(path.stem + ".model.json")


def taxonomy_digest(path: str | Path | None) -> str:
    """Digest of a taxonomy file's bytes."""
    return hashlib.sha256(taxonomy_file(path).read_bytes()).hexdigest()[:16]


@dataclass(frozen=True)
class RuleLabels:
    """What the taxonomy's patterns say about a claim (``classify_claim``)."""

    topic: str | None
    stance: str | None
    condition: str | None

    def features(self) -> list[str]:
        out = [f"rt:{self.topic or NONE}", f"rs:{self.stance or NONE}"]
        if self.topic and self.stance:
            out.append(f"rts:{self.topic}_{self.stance}")
        return out


def claim_features(claim_text: str, cue: str | None, parsed: str | list[str] | None,
                   taxonomy: Taxonomy) -> tuple[list[str], RuleLabels]:
    """Every feature of a claim (words, stored parse features, rules) and the rules' labels."""
    rules = RuleLabels(*classify_claim(claim_text, cue or "", taxonomy))
    parse = split_features(parsed) if isinstance(parsed, str) or parsed is None else list(parsed)
    features = text_features(claim_text, cue) + parse
    return features + class_features(features) + rules.features(), rules


def own_features(features: list[str]) -> list[str]:
    """A claim's features without those of its context (the sentence before it)."""
    return [f for f in features if not f.startswith(CONTEXT_PREFIX)]


def document_features(probabilities: list[dict[str, float]], levels: tuple[float, ...],
                      skip: frozenset[str] = frozenset()) -> list[list[str]]:
    """For each claim of a document, what the others are about: ``d:<topic>_<i>`` for each
    level i (1-based) the mean of their claim-topic probabilities of the topic reaches,
    ``DOCUMENT_NONE`` when none does, ``DOCUMENT_ABSENT`` for a claim alone. The others
    only, so that a claim is never its own evidence. Topics in ``skip`` (the generic one:
    a page on talks on the nuclear programme is a page on the programme) are not read."""
    n = len(probabilities)
    if n < 2:
        return [[DOCUMENT_ABSENT] for _ in probabilities]
    total: dict[str, float] = {}
    for claim in probabilities:
        for topic, p in claim.items():
            total[topic] = total.get(topic, 0.0) + p
    out = []
    for claim in probabilities:
        features = [f"{DOCUMENT_PREFIX}{topic}_{i}" for topic, t in sorted(total.items())
                    if topic != NONE and topic not in skip
                    for i, level in enumerate(levels, 1) if (t - claim.get(topic, 0.0)) / (n - 1) >= level]
        out.append(features or [DOCUMENT_NONE])
    return out


class Labeller:
    """A taxonomy with its trained classifier and thresholds: labels claims."""

    def __init__(self, taxonomy_path: str | Path | None = None):
        self.taxonomy_path = taxonomy_file(taxonomy_path)
        self.taxonomy = load_taxonomy(self.taxonomy_path)
        raw = yaml.safe_load(self.taxonomy_path.read_text("utf-8")) or {}
        settings = raw.get("classifier") or {}
        self.thresholds = {h: float(settings.get(f"{h}_threshold", DEFAULT_THRESHOLD)) for h in HEADS}
        self.rule_thresholds = {h: float(settings.get(f"{h}_rule_threshold", 1.0)) for h in HEADS}
        # Precision off the domain: a topic only for a claim that names it (one of its terms).
        self.require_term = bool(settings.get("topic_requires_term", False))
        document = settings.get("document_topic") or {}
        self.document_topic = DocumentTopic(float(document.get("min_claims", 0)), float(document.get("min_share", 1.0)),
                                            float(document.get("min_probability", 1.0)))
        prior = settings.get("document_prior") or {}
        self.document_prior = DocumentPrior(int(prior.get("min_claims", 0)), float(prior.get("min_mean", 1.0)),
                                            float(prior.get("weight", 0.0)), float(prior.get("min_probability", 1.0)))
        self.model_path = model_path_for(self.taxonomy_path)
        if not self.model_path.exists():
            raise FileNotFoundError(
                f"no classifier for taxonomy {self.taxonomy_path}: train one with "
                f"`python -m pipeline.enrich.train --taxonomy {self.taxonomy_path}` (writes {self.model_path})")
        model = json.loads(self.model_path.read_text("utf-8"))
        self.heads = {h: Head(tuple(model[h]["classes"]), tuple(model[h]["bias"]), model[h]["weights"],
                              float(model[h].get("norm_power", 0.5)), model[h].get("context_scale"))
                      for h in (*HEADS, CLAIM_TOPIC) if h in model}
        # A model of before the document features has no claim-topic head: its claims go without them.
        self.document_levels = tuple(model.get("document_levels") or ()) if CLAIM_TOPIC in self.heads else ()
        # A model trained for another version of the taxonomy still runs (its labels
        # limited to the taxonomy's names) but says it should be retrained.
        self.stale = model.get("taxonomy_digest") != taxonomy_digest(self.taxonomy_path)
        self.allowed = {"topic": {t.name for t in self.taxonomy.topics}, "stance": set(self.taxonomy.stance_names)}
        self.digest = hashlib.sha256(
            (taxonomy_digest(self.taxonomy_path) + self.model_path.read_text("utf-8") + cues_digest()).encode()
        ).hexdigest()[:16]

    def predict(self, head: str, features: list[str], rule: str | None,
                probabilities: dict[str, float] | None = None) -> tuple[str | None, float | None]:
        """The head's label and its probability, or (None, None) when unsure. The
        classifier's label counts from its threshold; below it, the taxonomy's rule
        label counts when the classifier gives it at least ``<head>_rule_threshold``
        (the rules are precise on the issues they name, the classifier weighs them).
        ``probabilities``: the head's, when the caller has them already."""
        if probabilities is None:
            probabilities = self.heads[head].probabilities(features, self.allowed[head])
        label, p = max(probabilities.items(), key=lambda kv: kv[1])
        if label != NONE and p >= self.thresholds[head]:
            return label, round(p, 4)
        if rule is not None and probabilities.get(rule, 0.0) >= self.rule_thresholds[head]:
            return rule, round(probabilities[rule], 4)
        return None, None

    def _mentions(self, topic: str, text: str) -> bool:
        """Whether ``text`` holds one of the topic's own terms (or a generic topic's,
        which any specific topic may be reached through)."""
        return any(t.pattern.search(text) for t in self.taxonomy.topics if t.name == topic or t.generic)

    def label(self, claim_text: str, cue: str | None, parsed: str | list[str] | None) -> Labels:
        """Labels of a claim alone (no document: its document features say so)."""
        features, rules = claim_features(claim_text, cue, parsed, self.taxonomy)
        return self._label(claim_text, features + ([DOCUMENT_ABSENT] if self.document_levels else []), rules)

    def with_document(self, featured: list[tuple[list[str], RuleLabels]]) -> list[tuple[list[str], RuleLabels]]:
        """Each claim's features with its document's (``document_features``)."""
        if not self.document_levels:
            return featured
        head = self.heads[CLAIM_TOPIC]
        own = [head.probabilities(own_features(f), self.allowed["topic"]) for f, _ in featured]
        document = document_features(own, self.document_levels, self.taxonomy.generic_topics)
        return [(f + d, r) for (f, r), d in zip(featured, document, strict=True)]

    def _label(self, claim_text: str, features: list[str], rules: RuleLabels,
               topics: dict[str, float] | None = None) -> Labels:
        stance, stance_p = self.predict("stance", features, rules.stance)
        # A rule topic alone is a keyword ("attacks on his character"): it counts only
        # for a statement that takes a position.
        topic, topic_p = self.predict("topic", features, rules.topic if stance else None, topics)
        if topic and self.require_term and not self._mentions(topic, claim_text):
            topic, topic_p = None, None
        condition = rules.condition if stance == self.taxonomy.conditional else None
        return Labels(topic, topic_p, stance, stance_p, condition)

    def label_document(self, claims: list[tuple[str, str | None, str | None]]) -> list[Labels]:
        """Labels of a document's claims, each (claim_text, cue, label_features): each
        claim's own, then the document's topic for claims left without one and the
        document as a prior on every claim's topic (below). Features are computed once."""
        featured = self.with_document([claim_features(*claim, self.taxonomy) for claim in claims])
        topics = [self.heads["topic"].probabilities(f, self.allowed["topic"]) for f, _ in featured]
        labels = [self._label(claim[0], *f, t) for claim, f, t in zip(claims, featured, topics, strict=True)]
        return self.document_prior.apply(topics, self.document_topic.apply(topics, labels))


@dataclass(frozen=True)
class DocumentTopic:
    """Statements of one article are mostly about its issue: "Hamas will not give up its
    guns" in a page on ceasefire talks. A document's claims on a topic are counted as
    the sum of their probabilities of it (the expected number of claims on it); when
    that reaches ``min_claims`` (and ``min_share`` of the claims), a claim left without
    a topic gets it if the classifier gives that topic at least ``min_probability``
    for it. Campaign articles, whose claims rarely get a topic, are left as they are.

    The sum, not the number of claims labelled: a count of labels flips a whole page
    when one claim's probability crosses the topic threshold (0.50 against 0.49 gave
    or took five topics of a WTO page after a retraining that changed three of 5,500
    training rows); the sum moves as little as the probabilities do."""

    min_claims: float
    min_share: float
    min_probability: float

    def apply(self, probabilities: list[dict[str, float]], labels: list[Labels]) -> list[Labels]:
        """``labels`` with the document's topic where it applies; ``probabilities`` are
        each claim's topic probabilities."""
        if not labels or self.min_claims <= 0:
            return labels
        expected: dict[str, float] = {}
        for claim_probabilities in probabilities:
            for topic, p in claim_probabilities.items():
                if topic != NONE:
                    expected[topic] = expected.get(topic, 0.0) + p
        if not expected:
            return labels
        topic, n = max(expected.items(), key=lambda kv: kv[1])
        if n < self.min_claims or n / len(labels) < self.min_share:
            return labels
        out = []
        for claim_probabilities, lab in zip(probabilities, labels, strict=True):
            if lab.topic is None:
                p = claim_probabilities.get(topic, 0.0)
                if p >= self.min_probability:
                    lab = Labels(topic, round(p, 4), lab.stance, lab.stance_confidence, lab.condition)
            out.append(lab)
        return out


@dataclass(frozen=True)
class DocumentPrior:
    """The article as a prior on its claims' topics: a page on ceasefire talks makes
    "we have agreed on the main issues" a statement on talks, and one that names the
    nuclear programme inside it still most likely one on the talks. For each claim
    of a document of at least ``min_claims``, the prior is the mean of the other
    claims' topic probabilities; when its leading topic (not ``none``) reaches
    ``min_mean``, the claim's probabilities are multiplied by the prior raised to
    ``weight`` and normalised, and if the leading topic then is the claim's best
    (with at least ``min_probability``) the claim gets it, that probability its
    confidence.
    Off the domain (campaign articles) the mean stays on ``none``: nothing moves."""

    min_claims: int
    min_mean: float
    weight: float
    min_probability: float

    def apply(self, probabilities: list[dict[str, float]], labels: list[Labels]) -> list[Labels]:
        """``labels`` moved by the prior; ``probabilities`` are each claim's topic probabilities."""
        if self.weight <= 0 or len(labels) < max(self.min_claims, 2):
            return labels
        total = {k: sum(p[k] for p in probabilities) for k in probabilities[0]}
        return [self._moved(p, lab, {k: (total[k] - p[k]) / (len(labels) - 1) for k in p})
                for p, lab in zip(probabilities, labels, strict=True)]

    def _moved(self, p: dict[str, float], lab: Labels, mean: dict[str, float]) -> Labels:
        """``lab`` with the document's topic when the prior (the other claims' mean, so
        that a claim is never its own evidence) makes it the claim's best."""
        topic = max((k for k in mean if k != NONE), key=mean.get, default=None)
        if topic is None or lab.topic == topic or mean[topic] < self.min_mean:
            return lab
        scores = {k: math.log(v + 1e-9) + self.weight * math.log(mean[k] + 1e-3) for k, v in p.items()}
        top = max(scores.values())
        q = math.exp(scores[topic] - top) / sum(math.exp(v - top) for v in scores.values())
        if scores[topic] == top and q >= self.min_probability:
            return replace(lab, topic=topic, topic_confidence=round(q, 4))
        return lab


@lru_cache(maxsize=4)
def _labeller(path: Path, _mtimes: tuple[int, int]) -> Labeller:
    return Labeller(path)


def load_labeller(taxonomy_path: str | Path | None = None) -> Labeller:
    """The Labeller of a taxonomy (settings.taxonomy; None: the packaged one), loaded
    once per process and again when the taxonomy or its model file changes."""
    path = taxonomy_file(taxonomy_path)
    model = model_path_for(path)
    mtimes = (path.stat().st_mtime_ns, model.stat().st_mtime_ns if model.exists() else 0)
    return _labeller(path, mtimes)
