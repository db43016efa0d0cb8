"""redline-eval: precision, recall, F1 and speaker accuracy of redline and of the
textacy baseline, on PolNeAR and on the annotated sample corpus."""
from __future__ import annotations

import argparse
import time
from pathlib import Path

from pipeline.evaluation.runner import THRESHOLDS, evaluate
from pipeline.evaluation.systems import SYSTEMS

ROOT = Path(__file__).resolve().parents[2]
DEFAULT_POLNEAR = ROOT.parent / "shared" / "benchmarks" / "polnear"


def print_scores(title: str, scores: dict) -> None:
    print(f"\n== {title}")
    for (name, threshold), score in scores.items():
        print(f"  {name:8s} overlap>={threshold:.1f}  {score.row()}")


def run_polnear(root: Path, splits: list[str], limit: int | None) -> None:
    from pipeline.evaluation.polnear import annotator_counts, load_split

    if not root.is_dir():
        print(f"\n== PolNeAR: skipped, no data at {root} (pass --polnear PATH)")
        return
    for split in splits:
        articles = load_split(root, split, limit)
        started = time.perf_counter()
        scores = evaluate([a.text for a in articles], [a.gold for a in articles], SYSTEMS)
        print_scores(f"PolNeAR {split}: {len(articles)} articles, annotators {annotator_counts(articles)} "
                     f"(first annotator code per article), {time.perf_counter() - started:.0f}s", scores)


def run_sample() -> None:
    from pipeline.evaluation.sample import load_sample

    texts, golds = load_sample()
    scores = evaluate(texts, golds, SYSTEMS)
    print_scores(f"sample corpus: {len(texts)} articles, {sum(map(len, golds))} annotated claims", scores)


def run_optional(module: str, function: str, title: str) -> None:
    """Figures other parts of the project evaluate, when their modules exist."""
    try:
        mod = __import__(f"pipeline.evaluation.{module}", fromlist=[function])
        result = getattr(mod, function)()
    except ImportError as exc:
        print(f"\n== {title}: not available ({exc})")
        return
    print(f"\n== {title}")
    for key, value in (result.items() if isinstance(result, dict) else [("result", result)]):
        if not isinstance(value, (list, dict)):
            print(f"  {key}: {value}")


def run_devcorpus() -> None:
    """The real-page development corpus, per split (the blind half as figures only)."""
    from pipeline.evaluation.devcorpus import evaluate_devcorpus
    from pipeline.settings import settings_from_env

    settings = settings_from_env()
    result = evaluate_devcorpus(ROOT / "tests" / "annotations" / "devcorpus", ROOT / "data" / "devcorpus" / "pages",
                                settings.spacy_model, settings.taxonomy)
    print("\n== real-page development corpus (tests/annotations/devcorpus; docs/annotation.md)")
    for key, value in result.items():
        print(f"  {key}: {value}")


def parse_args(argv=None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="redline-eval", description=__doc__)
    parser.add_argument("--polnear", type=Path, default=DEFAULT_POLNEAR, help="PolNeAR folder (train/dev/test)")
    parser.add_argument("--split", action="append", choices=["train", "dev", "test"],
                        help="PolNeAR splits to score (default: dev and test)")
    parser.add_argument("--quick", action="store_true", help="only the first 20 articles of each split")
    parser.add_argument("--no-polnear", action="store_true", help="skip PolNeAR")
    parser.add_argument("--no-sample", action="store_true", help="skip the sample corpus")
    parser.add_argument("--no-devcorpus", action="store_true", help="skip the real-page development corpus")
    return parser.parse_args(argv)


def main(argv=None) -> None:
    args = parse_args(argv)
    print(f"thresholds: content token overlap {THRESHOLDS} (|P∩G| / max(|P|,|G|)); systems: {', '.join(SYSTEMS)}")
    if not args.no_sample:
        run_sample()
    if not args.no_polnear:
        run_polnear(args.polnear, args.split or ["dev", "test"], 20 if args.quick else None)
    run_optional("labels", "evaluate_taxonomy", "topic and stance (taxonomy)")
    run_optional("cleaning", "evaluate_cleaning", "cleaning")
    if not args.no_devcorpus:
        run_devcorpus()


if __name__ == "__main__":
    main()
