"""redline-eval: precision, recall, F1 and speaker accuracy of redline and of the
textacy baseline, on PolNeAR and on the annotated sample corpus."""
from __future__ import annotations

import argparse
import os
import time
from pathlib import Path

from pipeline.evaluation.errors import Errors
from pipeline.evaluation.paths import ENV, EvalData, EvalDataMissing, eval_data
from pipeline.evaluation.runner import THRESHOLDS, evaluate
from pipeline.evaluation.systems import SYSTEMS


def print_scores(title: str, scores: dict) -> None:
    print(f"\n== {title}")
    for (name, threshold), score in scores.items():
        print(f"  {name:8s} overlap>={threshold:.1f}  {score.row()}")


def error_tallies() -> dict[tuple[str, float], Errors]:
    """redline's error analysis at every threshold."""
    return {("redline", t): Errors() for t in THRESHOLDS}


def print_errors(errors: dict[tuple[str, float], Errors], examples: int) -> None:
    for (name, threshold), tally in errors.items():
        print(f"  {name} errors, overlap {threshold:.1f}:")
        for line in tally.report(examples):
            print(f"    {line}")


def run_polnear(root: Path | None, splits: list[str], limit: int | None, examples: int = 0) -> None:
    from pipeline.evaluation.polnear import annotator_counts, load_split

    if root is None or not root.is_dir():
        print(f"\n== PolNeAR: skipped, no data at {root or 'the default place (beside a checkout)'} "
              "(pass --polnear PATH)")
        return
    for split in splits:
        articles = load_split(root, split, limit)
        started = time.perf_counter()
        errors = error_tallies()
        scores = evaluate([a.text for a in articles], [a.gold for a in articles], SYSTEMS, errors,
                          [a.name for a in articles])
        print_scores(f"PolNeAR {split}: {len(articles)} articles, annotators {annotator_counts(articles)} "
                     f"(first annotator code per article), {time.perf_counter() - started:.0f}s", scores)
        print_errors(errors, examples if split != "test" else 0)  # test is scored, never studied
        print_polnear_cleaning(root, split, limit)
    if "dev" in splits:
        run_topic_share(root)


def print_polnear_cleaning(root: Path, split: str, limit: int | None) -> None:
    """Cleaning over PolNeAR's clean texts: every line it drops is an article line lost."""
    from pipeline.evaluation.cleaning import polnear_lines_dropped

    result = polnear_lines_dropped(root, split, limit)
    print(f"  cleaning: {result['lines_dropped']} of {result['lines']} lines dropped in {result['articles']} "
          f"articles {result['dropped_by_reason']}")


def run_topic_share(root: Path) -> None:
    """False topics off the domain and the classifier's cost (pipeline/evaluation/topics.py)."""
    from pipeline.evaluation.topics import DEFAULT_ARTICLES, polnear_topics
    from pipeline.settings import settings_from_env

    settings = settings_from_env()
    print_figures(f"topics on {DEFAULT_ARTICLES} PolNeAR dev campaign articles (at most 5% of claims should get one) "
                  "and the classifier's cost", polnear_topics(root, settings.spacy_model, taxonomy=settings.taxonomy))


def run_sample(data: EvalData | None = None, examples: int = 0) -> None:
    from pipeline.evaluation.sample import load_sample

    texts, golds = load_sample(data)
    errors = error_tallies()
    scores = evaluate(texts, golds, SYSTEMS, errors)
    print_scores(f"sample corpus: {len(texts)} articles, {sum(map(len, golds))} annotated claims", scores)
    print_errors(errors, examples)


def print_figures(title: str, result: dict) -> None:
    """The single figures of ``result`` (the lists of misses are for the modules' own mains)."""
    print(f"\n== {title}")
    for key, value in result.items():
        if not isinstance(value, (list, dict)):
            print(f"  {key}: {value}")


def run_labels_and_cleaning(data: EvalData) -> None:
    from pipeline.evaluation.cleaning import evaluate_cleaning
    from pipeline.evaluation.labels import evaluate_taxonomy

    print_figures("topic and stance (taxonomy)", evaluate_taxonomy(data))
    print_figures("cleaning", evaluate_cleaning(data))


def run_devcorpus(data: EvalData, examples: int = 0, splits: tuple[str, ...] | None = None) -> None:
    """The real-page development corpus, per split (the blind half as figures only; ``splits``:
    which, default both)."""
    from pipeline.evaluation.devcorpus import SPLITS, evaluate_devcorpus
    from pipeline.settings import settings_from_env

    settings = settings_from_env()
    result = evaluate_devcorpus(data.devcorpus, data.devcorpus_pages, settings.spacy_model, settings.taxonomy,
                                splits or SPLITS)
    print("\n== real-page development corpus (tests/annotations/devcorpus; docs/annotation.md)")
    shown = result.pop("tune_error_examples", [])
    for key, value in result.items():
        print(f"  {key}: {value}")
    kinds = sorted({line.split(":", 1)[0] for line in shown})
    for kind in kinds:  # the tune half only: blind errors are never shown
        for line in [e for e in shown if e.startswith(kind + ":")][:examples]:
            print(f"    e.g. {line[:300]}")


def run_clusters(data: EvalData, polnear: Path | None = None) -> None:
    """Claim clusters against annotated same-statement groups (the sample and the tune half of the
    development corpus) and annotated pairs of PolNeAR train claims, as pairwise precision and recall."""
    from pipeline.evaluation.clusters import evaluate_clusters, evaluate_polnear_pairs
    from pipeline.settings import settings_from_env

    result = evaluate_clusters(data.annotations / "claim_clusters.yaml", data.raw, data.devcorpus,
                               data.devcorpus_pages, settings_from_env().spacy_model)
    print_figures("claim clusters: pairs of claims that make one statement (tests/annotations/claim_clusters.yaml)",
                  result)
    if polnear is not None and (polnear / "train" / "attributions").is_dir():
        print_figures("claim clusters on PolNeAR train claims: annotated pairs, weighted figures stand for all "
                      "candidate pairs (tests/annotations/claim_pairs_polnear.yaml)",
                      evaluate_polnear_pairs(data.annotations / "claim_pairs_polnear.yaml", polnear))


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="redline-eval", description=__doc__)
    parser.add_argument("--data-root", type=Path, help="folder holding tests/annotations and data/raw "
                        f"(default: ${ENV}, else the checkout redline runs from, else the current folder)")
    parser.add_argument("--polnear", type=Path, help="PolNeAR folder (train/dev/test; default: "
                        "../shared/benchmarks/polnear beside the data root)")
    parser.add_argument("--split", action="append", choices=["train", "dev", "test"],
                        help="PolNeAR splits to score (default: dev and test)")
    parser.add_argument("--quick", action="store_true", help="only the first 20 articles of each split")
    parser.add_argument("--no-polnear", action="store_true", help="skip PolNeAR")
    parser.add_argument("--no-sample", action="store_true", help="skip the sample corpus")
    parser.add_argument("--no-devcorpus", action="store_true", help="skip the real-page development corpus")
    parser.add_argument("--tune-only", action="store_true",
                        help="score only the development corpus's tune half (the blind half is not even parsed)")
    parser.add_argument("--errors", type=int, default=0, metavar="N",
                        help="print N examples of each error kind (never for PolNeAR test or the blind half)")
    return parser.parse_args(argv)


def find_data(data_root: Path | None) -> EvalData | None:
    """The annotated data, or None after saying what is missing (an installed redline
    outside a checkout has none: the parts that need it are skipped, not crashed).
    A root the user named that does not hold it ends the run."""
    try:
        return eval_data(data_root)
    except EvalDataMissing as exc:
        if data_root or os.environ.get(ENV):
            raise SystemExit(f"redline-eval: {exc}") from None
        print(f"\n== sample corpus, taxonomy, cleaning and real-page figures: skipped, {exc}")
        return None


def main(argv=None) -> None:
    args = parse_args(argv)
    print(f"thresholds: content token overlap {THRESHOLDS} (|P∩G| / max(|P|,|G|)); systems: {', '.join(SYSTEMS)}")
    data = find_data(args.data_root)
    if data is not None and not args.no_sample:
        run_sample(data, args.errors)
    if not args.no_polnear:
        polnear = args.polnear or (data.polnear if data is not None else None)
        run_polnear(polnear, args.split or ["dev", "test"], 20 if args.quick else None, args.errors)
    if data is not None:
        run_labels_and_cleaning(data)
        if not args.no_devcorpus:
            run_devcorpus(data, args.errors, ("tune",) if args.tune_only else None)
        run_clusters(data, args.polnear or data.polnear)


if __name__ == "__main__":
    main()
