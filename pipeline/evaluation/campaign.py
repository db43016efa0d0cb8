"""The campaign check of issue 16: 20 random claims of the first 40 PolNeAR dev
articles, each judged by hand against docs/annotation.md (statement, speaker,
kind and span). The verdicts are kept in tests/annotations/campaign_check_*.yaml.

``draw SEED`` prints a new draw as a judge reads it: each claim with its speaker
fields and its context (random.Random(SEED).sample over the claims of the 40
articles, extracted article by article in article order, as every draw since
2026-12-04 was made).

``gold FILE...`` reads judged draws and asks of each judged claim whether
PolNeAR's own annotation counts it as an attribution (a gold statement met at
word overlap 0.3, the evaluation's loose match). The two yardsticks differ on
what a statement is: our guidelines leave out headlines, poll figures and
actions; PolNeAR annotates them. The table says how much of each verdict the
benchmark would score as found.

    python -m pipeline.evaluation.campaign draw 20261213 [--polnear DIR]
    python -m pipeline.evaluation.campaign gold tests/annotations/campaign_check_2026_12_*.yaml
"""
from __future__ import annotations

import argparse
import random
import re
from collections import Counter, defaultdict
from pathlib import Path

import yaml

ARTICLES = 40  # the first 40 PolNeAR dev articles, in name order
DRAWN = 20
KEY_CHARS = 40  # a judged claim is found again by the first characters of its key


def campaign_texts(polnear: Path) -> list[tuple[str, str]]:
    """(article, text) of the campaign check's articles."""
    paths = sorted((polnear / "dev" / "text").glob("*.txt"))[:ARTICLES]
    return [(p.stem, p.read_text()) for p in paths]


def campaign_claims(polnear: Path) -> dict[str, list]:
    """article -> its claims, as the draws extract them (extract_claims, one parse each)."""
    from pipeline.extract.extractor import extract_claims
    from pipeline.extract.model import load_nlp

    nlp = load_nlp()
    texts = campaign_texts(polnear)
    docs = nlp.pipe([t for _, t in texts], batch_size=8)
    return {name: extract_claims(doc) for (name, _), doc in zip(texts, docs, strict=True)}


def draw(claims: dict[str, list], seed: int) -> list[tuple[str, int]]:
    """(article, claim_no) of the drawn claims, in draw order."""
    every = [(name, k) for name, cs in claims.items() for k in range(len(cs))]
    return [every[n] for n in random.Random(seed).sample(range(len(every)), DRAWN)]


def normalised(text: str) -> str:
    return re.sub(r"\W+", " ", text).strip().lower()


def find_judged(claims: list, key: str):
    """The claim a verdict was given to: the first whose text holds the key's start."""
    wanted = normalised(key)[:KEY_CHARS]
    return next((c for c in claims if wanted in normalised(c.claim_text)), None)


def verdict_of(entry: dict) -> str:
    return "right" if entry["fully_right"] else entry.get("error", "unknown")


def against_gold(entries: list[dict], claims: dict[str, list], gold: dict[str, list]) -> dict[str, Counter]:
    """verdict -> how many of its claims PolNeAR counts ('gold'), does not ('no gold'),
    or are no longer extracted ('gone')."""
    from pipeline.evaluation.scoring import Statement, best_match
    from pipeline.evaluation.systems import words_said

    table: dict[str, Counter] = defaultdict(Counter)
    for entry in entries:
        claim = find_judged(claims.get(entry["article"], []), entry["key"])
        if claim is None:
            table[verdict_of(entry)]["gone"] += 1
            continue
        met = best_match(Statement(words=words_said(claim)), gold[entry["article"]], 0.3)
        table[verdict_of(entry)]["gold" if met else "no gold"] += 1
    return dict(table)


def print_draw(claims: dict[str, list], texts: dict[str, str], seed: int) -> None:
    print(f"seed {seed}, N = {sum(map(len, claims.values()))} claims")
    for name, k in draw(claims, seed):
        c, text = claims[name][k], texts[name]
        print(f"\n### {name} claim_no {k}\nkind: {c.kind}  mention: {c.speaker_mention!r}  "
              f"speaker_name: {c.speaker_name!r}  speaker_kind: {c.speaker_kind!r}  relay: {c.relay!r}  "
              f"cue: {c.cue!r}\nclaim [{c.start_char}:{c.end_char}]: {c.claim_text!r}\n"
              f"context: {text[max(0, c.context_start - 300):c.context_end + 200]!r}")


def print_gold(files: list[Path], polnear: Path) -> None:
    from pipeline.evaluation.polnear import load_split

    entries = [e for f in files for e in yaml.safe_load(f.read_text())["drawn"]]
    gold = {a.name: a.gold for a in load_split(polnear, "dev")}
    table = against_gold(entries, campaign_claims(polnear), gold)
    print(f"{len(entries)} judged claims in {len(files)} draws; PolNeAR gold met at overlap 0.3:")
    for verdict, counts in sorted(table.items(), key=lambda kv: -sum(kv[1].values())):
        print(f"  {verdict:16} {sum(counts.values()):4}  " + "  ".join(f"{k} {v}" for k, v in sorted(counts.items())))


def main(argv: list[str] | None = None) -> None:
    from pipeline.evaluation.paths import eval_data

    parser = argparse.ArgumentParser(prog="python -m pipeline.evaluation.campaign", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--polnear", type=Path, default=None, help="PolNeAR folder (default: beside the checkout)")
    sub = parser.add_subparsers(dest="command", required=True)
    sub.add_parser("draw").add_argument("seed", type=int)
    sub.add_parser("gold").add_argument("files", type=Path, nargs="+")
    args = parser.parse_args(argv)
    polnear = args.polnear or eval_data().polnear
    if args.command == "draw":
        print_draw(campaign_claims(polnear), dict(campaign_texts(polnear)), args.seed)
    else:
        print_gold(args.files, polnear)


if __name__ == "__main__":
    main()
