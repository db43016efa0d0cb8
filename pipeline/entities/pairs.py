"""Whether two claims are one statement made again: pair features and a learned classifier.

A pair of claims becomes a short vector of features that say how alike their
wording and meaning are and how close their circumstances (``FEATURES``); a
logistic regression trained on annotated pairs (tests/annotations/
claim_pairs_polnear.yaml, ``python -m pipeline.entities.train_similarity``)
turns it into a probability, and pairs at or above the shipped threshold (chosen
on the tuning pairs for precision) are one statement. The weights live in
``pipeline/data/claim_similarity.json``; running needs numpy and rapidfuzz only.

The features, all cheap (no parse, no vectors: en_core_web_sm has no word vectors,
latent vectors learned on our corpus separated nothing, see similarity.py, and the
cosine of MiniLM sentence vectors (pipeline/meaning) added nothing cross-validated:
among candidates on one subject it ranks two speakers' alike positions as high as
one statement repeated; docs/evaluation.md, 2026-12-03):
- wording: rapidfuzz ratio, partial_ratio (the shorter inside the longer) and
  token_set_ratio of the normalised texts (the first two also times the log of the
  shorter's length), the longest run of words in common
  (as a share of the shorter, and its length), Jaccard of character 4-grams;
- meaning: IDF-weighted cosine of content-word stems and the IDF-weighted share
  of the lighter claim's stems found in the other (similarity.py);
- facts: numbers and capitalised names shared, numbers that disagree;
- quoted words: the longest phrase one claim puts in quotation marks that the other
  says (a report quotes a few words of what it renders: "a "red line"" and "Our
  missile systems are a red line"; the marks in clusters.yaml);
- circumstances: same known speaker, two different known speakers, one article,
  one article with a side whose speaker is unknown (one article says less then: an
  unknown speaker may be anyone the article quotes), days apart (alone and times how
  unlike the wording is), a report next to the quote it renders, both direct quotes,
  length.
"""
from __future__ import annotations

import json
import math
import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import cache

import numpy as np
from rapidfuzz import fuzz

from pipeline.datafiles import data_file, load_data
from pipeline.entities.similarity import SimilarityModel

PAIR_MODEL_FILE = "claim_similarity.json"
_NUMBER = re.compile(r"\d[\d,.]*")
_NAME = re.compile(r"(?<![.!?\"“‘'] )(?<!^)\b[A-Z][a-z]+\b")
_NOT_WORD = re.compile(r"[^\w]+")

FEATURES = (
    "ratio", "partial_ratio", "token_set_ratio", "common_run_share", "common_run_words", "char4_jaccard",
    "stem_overlap", "stem_containment", "shared_numbers", "numbers_disagree", "shared_names",
    "same_speaker", "other_speakers", "same_document", "log_days", "log_days_unlike", "undated", "report_and_quote",
    "both_direct", "log_min_words", "length_ratio", "contained_length", "ratio_length",
    "quoted_found", "unknown_speaker_same_document",
)


def wording_key(text: str) -> str:
    """The text as words only: case, quote marks, dashes, punctuation and spacing ignored."""
    text = unicodedata.normalize("NFKC", text).lower().replace("’", "'").replace("'", "")
    return _NOT_WORD.sub(" ", text).strip()


@cache
def _quoted_patterns() -> tuple[tuple[re.Pattern[str], ...], int]:
    data = load_data("clusters.yaml")["paraphrase"]
    return tuple(re.compile(p) for p in data["quoted_phrases"]), int(data["min_quoted_words"])


def quoted_phrases(text: str) -> frozenset[str]:
    """Wording keys of the phrases a claim puts in quotation marks, at least min_quoted_words long."""
    patterns, least = _quoted_patterns()
    keys = (wording_key(m.group(1)) for pattern in patterns for m in pattern.finditer(text))
    return frozenset(k for k in keys if len(k.split()) >= least)


@dataclass(frozen=True)
class PairSide:
    """What the pair features read of one claim (computed once per claim, not per pair)."""

    key: str  # the wording key: lowercased words, punctuation dropped (wording_key)
    words: tuple[str, ...]
    grams: frozenset[str]  # character 4-grams of the key
    stems: frozenset[str]
    weights: dict  # stem -> squared IDF weight
    norm: float  # sum of the squared weights
    numbers: frozenset[str]
    names: frozenset[str]
    quoted: frozenset[str]  # wording keys of its phrases in quotation marks (quoted_phrases)
    speaker: str | None
    document: str | None
    day: date | None
    kind: str | None
    rank: int

    @classmethod
    def of(cls, text: str, key: str, stems: frozenset[str], model: SimilarityModel,
           speaker, document, day, kind, rank: int) -> PairSide:
        weighed = StemWeights.of(stems, model)
        return cls(key, tuple(key.split()), frozenset({key[i : i + 4] for i in range(max(len(key) - 3, 1))}),
                   stems, weighed.weights, weighed.norm, frozenset(n.strip(",.") for n in _NUMBER.findall(text)),
                   frozenset(_NAME.findall(text)), quoted_phrases(text), speaker, document, day, kind, rank)


@dataclass(frozen=True)
class StemWeights:
    """The part of a PairSide that ``stem_overlap`` reads: clustering asks it of every candidate
    pair first and builds the whole side only for the few pairs with enough in common."""

    stems: frozenset[str]
    weights: dict  # stem -> squared IDF weight
    norm: float  # sum of the squared weights

    @classmethod
    def of(cls, stems: frozenset[str], model: SimilarityModel) -> StemWeights:
        weights = {s: model.weight(s) ** 2 for s in stems}
        return cls(stems, weights, sum(weights.values()))


def _common_run(a: tuple[str, ...], b: tuple[str, ...]) -> int:
    """Length of the longest run of words the two share, walking only the matching places."""
    where: dict[str, list[int]] = {}
    for j, word in enumerate(b):
        where.setdefault(word, []).append(j)
    best, previous = 0, {}
    for word in a:
        current = {j: previous.get(j - 1, 0) + 1 for j in where.get(word, ())}
        if current:
            best = max(best, *current.values())
        previous = current
    return best


def _quoted_found(a: PairSide, b: PairSide) -> int:
    """Words in the longest phrase one claim quotes that the other says, word for word."""
    found = [len(q.split()) for x, y in ((a, b), (b, a)) for q in x.quoted if f" {q} " in f" {y.key} "]
    return max(found, default=0)


def stem_overlap(a: PairSide | StemWeights, b: PairSide | StemWeights) -> float:
    """IDF-weighted cosine of the two claims' stems (similarity.py's overlap, from the cached weights)."""
    shared = sum(a.weights[s] for s in a.stems & b.stems)
    return shared / (a.norm * b.norm) ** 0.5 if a.norm and b.norm else 0.0


def pair_features(a: PairSide, b: PairSide, adjacent_claims: int = 2, one_speaker: bool = False) -> list[float]:
    """The FEATURES of a pair, in order; ``one_speaker``: two speaker ids the article shows may be one
    person (clusters.one_speaker_pairs), read as the same speaker."""
    shorter = max(min(len(a.words), len(b.words)), 1)
    run = _common_run(a.words, b.words)
    grams = len(a.grams | b.grams)
    char4 = len(a.grams & b.grams) / grams if grams else 0.0
    shared = sum(a.weights[s] for s in a.stems & b.stems)
    same_doc = a.document is not None and a.document == b.document
    days = abs((a.day - b.day).days) if a.day and b.day else None
    log_days = 0.0 if same_doc or days is None else math.log1p(days)
    ratio, partial = fuzz.ratio(a.key, b.key) / 100, fuzz.partial_ratio(a.key, b.key) / 100
    return [
        ratio,
        partial,
        fuzz.token_set_ratio(a.key, b.key) / 100,
        run / shorter,
        math.log1p(run),
        char4,
        shared / (a.norm * b.norm) ** 0.5 if a.norm and b.norm else 0.0,  # similarity.py's overlap
        shared / min(a.norm, b.norm) if a.norm and b.norm else 0.0,  # the lighter claim's share found
        math.log1p(len(a.numbers & b.numbers)),
        float(bool(a.numbers and b.numbers and not a.numbers & b.numbers)),
        math.log1p(len(a.names & b.names)),
        float(one_speaker or (a.speaker is not None and a.speaker == b.speaker)),
        float(not one_speaker and a.speaker is not None and b.speaker is not None and a.speaker != b.speaker),
        float(same_doc),
        log_days,
        log_days * (1 - char4),  # time apart tells most when the words differ: a quote repeated stays one
        float(days is None and not same_doc),
        float(same_doc and {a.kind, b.kind} == {"direct", "indirect"} and abs(a.rank - b.rank) <= adjacent_claims),
        float(a.kind == b.kind == "direct"),
        math.log(shorter),
        shorter / max(len(a.words), len(b.words), 1),
        # the same words tell more the longer they run: "the rest of the world" twice is no statement
        partial * math.log(shorter),
        ratio * math.log(shorter),
        math.log1p(_quoted_found(a, b)),
        float(same_doc and not one_speaker and (a.speaker is None or b.speaker is None)),
    ]


@dataclass(frozen=True)
class PairModel:
    """A logistic regression over standardised FEATURES, and the threshold it is used at."""

    features: tuple[str, ...]
    mean: np.ndarray
    scale: np.ndarray
    coef: np.ndarray
    intercept: float
    threshold: float

    def probability(self, features: list[float]) -> float:
        z = float(((np.asarray(features) - self.mean) / self.scale) @ self.coef) + self.intercept
        return 1.0 / (1.0 + math.exp(-z))

    def same(self, features: list[float]) -> bool:
        return self.probability(features) >= self.threshold

    def to_json(self) -> dict:
        return {"features": list(self.features), "mean": self.mean.tolist(), "scale": self.scale.tolist(),
                "coef": self.coef.tolist(), "intercept": self.intercept, "threshold": self.threshold}

    @classmethod
    def from_json(cls, data: dict) -> PairModel:
        if tuple(data["features"]) != FEATURES:
            raise ValueError(f"{PAIR_MODEL_FILE} was trained on other features; retrain: "
                             "python -m pipeline.entities.train_similarity")
        return cls(tuple(data["features"]), np.array(data["mean"]), np.array(data["scale"]),
                   np.array(data["coef"]), float(data["intercept"]), float(data["threshold"]))


@cache
def load_pair_model() -> PairModel:
    return PairModel.from_json(json.loads(data_file(PAIR_MODEL_FILE).read_text(encoding="utf-8")))
