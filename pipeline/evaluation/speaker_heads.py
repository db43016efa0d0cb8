"""Learn which common nouns head a speaker, from PolNeAR train's annotated sources.

The extraction asks whether the subject of a speech verb can speak at all ("the
senator", "a poll", "the campaign") or is a thing the writer narrates ("a
Rochester rally", "pains", "the comments"): an inanimate subject gives the
statement to the speaker of the clause above it (pipeline/extract/animacy.py).
Which nouns can speak is learned here rather than listed by hand: the head of
every annotated Source of PolNeAR train (a common noun with no entity), counted,
kept from ``MIN_COUNT`` on. Only train is read; dev and test stay for scoring.

    python -m pipeline.evaluation.speaker_heads [--polnear DIR] [--out pipeline/data/speaker_heads.yaml]
"""
from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

import yaml

from pipeline.evaluation.paths import eval_data
from pipeline.evaluation.polnear import load_split
from pipeline.extract.model import load_nlp
from pipeline.settings import settings_from_env

MIN_COUNT = 3  # a head seen once or twice may be an annotator's slip or a one-off metaphor ("a rally")


def source_heads(polnear: Path, model: str) -> Counter:
    """Head nouns (no entity) of PolNeAR train's Sources, by count."""
    sources = [g.speaker_name for a in load_split(polnear, "train") for g in a.gold if g.speaker_name]
    counts: Counter = Counter()
    for doc in load_nlp(model).pipe(sources, batch_size=256):
        root = doc[:].root
        if root.pos_ == "NOUN" and not root.ent_type_:
            counts[root.lower_] += 1
    return counts


def write_heads(counts: Counter, out: Path) -> int:
    kept = {word: n for word, n in sorted(counts.items()) if n >= MIN_COUNT}
    header = ("# Common nouns that head a speaker: heads of PolNeAR train's annotated Sources seen at\n"
              f"# least {MIN_COUNT} times, with their counts. Built by python -m pipeline.evaluation.speaker_heads;\n"
              "# words may be added by hand (a count of 0 marks them).\n")
    out.write_text(header + yaml.safe_dump({"speaker_heads": kept}, allow_unicode=True, sort_keys=True), "utf-8")
    return len(kept)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--polnear", type=Path, default=None)
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[1] / "data" / "speaker_heads.yaml")
    args = parser.parse_args(argv)
    counts = source_heads(args.polnear or eval_data().polnear, settings_from_env().spacy_model)
    print(f"{write_heads(counts, args.out)} speaker heads of {len(counts)} written to {args.out}")


if __name__ == "__main__":
    main()
