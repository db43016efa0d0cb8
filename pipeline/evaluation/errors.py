"""Error analysis: every prediction and every gold statement put in one error kind,
so that the next change is chosen from counts rather than from a hunch.

At one overlap threshold (scoring.py):

- a prediction is ``right`` (it matches a gold statement and its speaker is the
  gold source), ``wrong_speaker`` (it matches, the speaker is someone else),
  ``partial_span`` (it matches nothing, but shares at least ``PARTIAL`` of the
  shorter side's words with a gold statement: too long or too short), or
  ``spurious`` (nothing like it in the gold);
- a gold statement meant for recall is ``found``, ``partial_span`` (only a
  prediction of the wrong extent comes near it) or ``missed``.

Wrong speakers are told apart by what the prediction said: a pronoun left as
written, a pronoun resolved to someone else, a name, a description, no speaker;
and by whether the pronoun-resolving reading of the gold accepts it.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

from pipeline.evaluation.scoring import Statement, best_match, overlap, speaker_correct, speaker_correct_resolved
from pipeline.extract.lexicon import load_lexicon

PARTIAL = 0.5  # share of the shorter side's words that makes a near miss a partial span
PRED_KINDS = ("right", "wrong_speaker", "partial_span", "spurious")
GOLD_KINDS = ("found", "partial_span", "missed")


def containment(a: Counter, b: Counter) -> float:
    """Shared words over the shorter side: 1.0 when one holds the other."""
    if not a or not b:
        return 0.0
    return sum((a & b).values()) / min(sum(a.values()), sum(b.values()))


def nearest(pred: Statement, golds: list[Statement]) -> Statement | None:
    """The gold statement sharing the most of the shorter side's words with ``pred``, if enough."""
    scored = [(containment(pred.words, g.words), k) for k, g in enumerate(golds)]
    best = max(scored, default=(0.0, -1))
    return golds[best[1]] if best[0] >= PARTIAL else None


def mention_kind(pred: Statement) -> str:
    """What the prediction's speaker is as written: none, pronoun, name or description."""
    lex = load_lexicon()
    words = [w for w in (pred.speaker_name or "").split() if w]
    mention = " ".join(sorted(pred.speaker_words))
    if not words and not mention:
        return "no_speaker"
    pronouns = lex.person_pronouns | lex.plural_pronouns | lex.institution_pronouns | {"who", "whom", "which", "that"}
    if mention in pronouns:
        resolved = (pred.speaker_name or "").lower() not in pronouns
        return "pronoun_resolved" if resolved else "pronoun_as_written"
    if any(w[:1].isupper() for w in words):
        return "name"
    return "description"


@dataclass
class Example:
    doc: str
    kind: str
    detail: str
    pred: str
    gold: str
    pred_speaker: str
    gold_speaker: str

    def line(self) -> str:
        return (f"[{self.doc}] {self.kind}/{self.detail}\n      pred ({self.pred_speaker}): {self.pred[:160]!r}"
                f"\n      gold ({self.gold_speaker}): {self.gold[:160]!r}")


@dataclass
class Errors:
    """Counts per error kind (and detail), with the examples behind them."""

    pred: Counter = field(default_factory=Counter)
    gold: Counter = field(default_factory=Counter)
    detail: Counter = field(default_factory=Counter)
    examples: list[Example] = field(default_factory=list)

    def add(self, preds: list[Statement], golds: list[Statement], threshold: float, doc: str = "") -> None:
        for pred in preds:
            self._add_pred(pred, golds, threshold, doc)
        for gold in golds:
            if gold.counts_for_recall:
                self._add_gold(gold, preds, threshold, doc)

    def _note(self, side: Counter, kind: str, detail: str, doc: str, pred: Statement | None,
              gold: Statement | None) -> None:
        side[kind] += 1
        if detail:
            self.detail[f"{kind}/{detail}"] += 1
        if kind not in ("right", "found"):
            self.examples.append(Example(doc, kind, detail, pred.label if pred else "", gold.label if gold else "",
                                         (pred.speaker_name or "") if pred else "",
                                         (gold.speaker_name or "") if gold else ""))

    def _add_pred(self, pred: Statement, golds: list[Statement], threshold: float, doc: str) -> None:
        gold = best_match(pred, golds, threshold)
        if gold is not None:
            has_source = bool(gold.speaker_words or gold.speaker_span)
            if not has_source or speaker_correct(pred, gold):
                self._note(self.pred, "right", "", doc, pred, gold)
            else:
                why = mention_kind(pred) + ("+resolved_ok" if speaker_correct_resolved(pred, gold) else "")
                self._note(self.pred, "wrong_speaker", why, doc, pred, gold)
            return
        near = nearest(pred, golds)
        if near is None:
            self._note(self.pred, "spurious", "", doc, pred, None)
        else:
            longer = sum(pred.words.values()) > sum(near.words.values())
            self._note(self.pred, "partial_span", "too_long" if longer else "too_short", doc, pred, near)

    def _add_gold(self, gold: Statement, preds: list[Statement], threshold: float, doc: str) -> None:
        if any(overlap(p.words, gold.words) >= threshold for p in preds):
            self.gold["found"] += 1
            return
        near = nearest(gold, preds)
        self._note(self.gold, "partial_span" if near else "missed", "", doc, near, gold)

    def report(self, examples: int = 0) -> list[str]:
        """Lines to print: the counts, then up to ``examples`` examples per kind."""
        n_pred, n_gold = sum(self.pred.values()), sum(self.gold.values())
        lines = ["predictions: " + ", ".join(f"{k} {self.pred[k]} ({self.pred[k] / max(1, n_pred):.1%})" for k in PRED_KINDS),
                 "gold (recall): " + ", ".join(f"{k} {self.gold[k]} ({self.gold[k] / max(1, n_gold):.1%})" for k in GOLD_KINDS)]
        lines += [f"  {key}: {n}" for key, n in sorted(self.detail.items(), key=lambda kv: (kv[0].split('/')[0], -kv[1]))]
        for kind in ("wrong_speaker", "partial_span", "spurious", "missed"):
            shown = [e for e in self.examples if e.kind == kind][:examples]
            lines += [f"  e.g. {e.line()}" for e in shown]
        return lines
