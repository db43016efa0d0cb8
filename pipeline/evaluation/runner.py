"""Running every system over a set of texts with one parse per text."""
from __future__ import annotations

from collections.abc import Callable, Iterable

from pipeline.evaluation.errors import Errors
from pipeline.evaluation.scoring import Score, Statement, Tally
from pipeline.extract.model import load_nlp
from pipeline.settings import settings_from_env

THRESHOLDS = (0.3, 0.8)


def evaluate(texts: Iterable[str], golds: list[list[Statement]], systems: dict[str, Callable],
             errors: dict[tuple[str, float], Errors] | None = None,
             names: list[str] | None = None) -> dict[tuple[str, float], Score]:
    """(system, threshold) -> Score, summed over all texts. ``errors`` (keys as the
    result's) are filled with the error analysis of those systems and thresholds,
    each example named by ``names`` (one per text)."""
    tallies = {(name, t): Tally() for name in systems for t in THRESHOLDS}
    errors = errors if errors is not None else {}
    nlp = load_nlp(settings_from_env().spacy_model)
    for k, (doc, gold) in enumerate(zip(nlp.pipe(texts, batch_size=16), golds, strict=True)):
        for name, system in systems.items():
            preds = system(doc)
            for t in THRESHOLDS:
                tallies[(name, t)].add(preds, gold, t)
                if (name, t) in errors:
                    errors[(name, t)].add(preds, gold, t, names[k] if names else str(k))
    return {key: tally.score() for key, tally in tallies.items()}
