"""Scoring predicted statements against gold ones by token overlap.

A prediction matches a gold statement when the words they share are at least
``threshold`` of the longer of the two (|P ∩ G| / max(|P|, |G|)): a prediction
that swallows a paragraph does not match the one sentence it holds, and one
that catches a fragment does not match the whole statement. This is the
stricter reading of the Gender Gap Tracker's overlap criterion; 0.3 and 0.8
are its two thresholds.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

WORD = re.compile(r"\w+", re.UNICODE)


@dataclass
class Statement:
    """One statement, gold or predicted, with its words and its speaker."""

    words: Counter  # lower-cased words (a multiset, so texts compare without offsets)
    speaker_words: set[str] = field(default_factory=set)  # words of the speaker mention / source
    speaker_name: str | None = None  # resolved name (predictions) or source text (gold)
    speaker_span: tuple[int, int] | None = None  # char span of the mention, where offsets exist
    counts_for_recall: bool = True  # gold only: a statement redline is meant to find
    label: str = ""
    # gold only: what a pronoun source ("who", "he") stands for, by the rule in polnear.py
    antecedent_words: set[str] = field(default_factory=set)  # as written (case kept)
    antecedent_span: tuple[int, int] | None = None


def words_of(text: str) -> Counter:
    return Counter(w.lower() for w in WORD.findall(text))


def overlap(a: Counter, b: Counter) -> float:
    if not a or not b:
        return 0.0
    shared = sum((a & b).values())
    return shared / max(sum(a.values()), sum(b.values()))


def _spans_meet(a: tuple[int, int] | None, b: tuple[int, int] | None) -> bool:
    return bool(a and b) and min(a[1], b[1]) > max(a[0], b[0])


def _name_words(pred: Statement) -> set[str]:
    return {w.lower() for w in WORD.findall(pred.speaker_name or "") if w[:1].isupper()}


def speaker_correct(pred: Statement, gold: Statement) -> bool:
    """The predicted speaker is the gold source: the mentions overlap in the text,
    or the resolved name and the source share a name word ("Trump" in "Donald Trump")."""
    return _spans_meet(pred.speaker_span, gold.speaker_span) or bool(_name_words(pred) & gold.speaker_words)


def speaker_correct_resolved(pred: Statement, gold: Statement) -> bool:
    """As ``speaker_correct``, or, where the gold source is a pronoun, the predicted
    speaker is what the pronoun stands for: "Trump" for the "who" of "Trump, who said"."""
    if speaker_correct(pred, gold):
        return True
    words = {w.lower() for w in gold.antecedent_words}
    names = {w.lower() for w in gold.antecedent_words if w[:1].isupper()}
    pred_names = _name_words(pred)
    # whole names, not one shared word: "Lamont Scott" is not "Rakeyia Scott"
    if pred_names and (pred_names <= words or bool(names) and names <= pred_names):
        return True
    mention = {w.lower() for w in pred.speaker_words}
    return len(mention) >= 2 and mention <= words  # "a tech staffer at the State Department, who"


@dataclass
class Score:
    precision: float
    recall: float
    f1: float
    speaker_accuracy: float
    speaker_resolved: float  # with pronoun sources resolved (polnear.py); strict above
    n_pred: int
    n_gold: int
    n_matched_pairs: int

    def row(self) -> str:
        return (f"P {self.precision:.3f}  R {self.recall:.3f}  F1 {self.f1:.3f}  "
                f"speaker {self.speaker_accuracy:.3f} (resolved {self.speaker_resolved:.3f})  (pred {self.n_pred}, gold {self.n_gold})")


def best_match(pred: Statement, golds: list[Statement], threshold: float) -> Statement | None:
    scored = [(overlap(pred.words, g.words), k) for k, g in enumerate(golds)]
    scored = [(s, k) for s, k in scored if s >= threshold]
    return golds[max(scored)[1]] if scored else None


@dataclass
class Tally:
    """Counts summed over documents, so that every statement weighs the same."""

    tp_pred: int = 0
    n_pred: int = 0
    found_gold: int = 0
    n_gold: int = 0
    speaker_ok: int = 0
    speaker_resolved_ok: int = 0
    speaker_n: int = 0

    def add(self, preds: list[Statement], golds: list[Statement], threshold: float) -> None:
        recall_golds = [g for g in golds if g.counts_for_recall]
        self.n_pred += len(preds)
        self.n_gold += len(recall_golds)
        for pred in preds:
            gold = best_match(pred, golds, threshold)
            if gold is None:
                continue
            self.tp_pred += 1
            if gold.speaker_words or gold.speaker_span:
                self.speaker_n += 1
                self.speaker_ok += speaker_correct(pred, gold)
                self.speaker_resolved_ok += speaker_correct_resolved(pred, gold)
        for gold in recall_golds:
            if any(overlap(p.words, gold.words) >= threshold for p in preds):
                self.found_gold += 1

    def score(self) -> Score:
        p = self.tp_pred / self.n_pred if self.n_pred else 0.0
        r = self.found_gold / self.n_gold if self.n_gold else 0.0
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        acc = self.speaker_ok / self.speaker_n if self.speaker_n else 0.0
        resolved = self.speaker_resolved_ok / self.speaker_n if self.speaker_n else 0.0
        return Score(p, r, f1, acc, resolved, self.n_pred, self.n_gold, self.speaker_n)
