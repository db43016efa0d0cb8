"""The most quoted speakers of a PolNeAR split, for checking speaker identity by hand
(issue 16: no wrong merge among the 50 most quoted speakers of PolNeAR train).

Each article's claims are extracted as the pipeline extracts them, then the
``speakers`` step (pipeline/entities/speakers.py, no overrides, as in a new
warehouse) merges them across articles. For each speaker the listing gives its
aliases and the in-document names its claims came under, which is where a wrong
merge shows ("Berman" under Michael Berkman, "The State Department" and "the
Justice Department" under one "Department").

    python -m pipeline.evaluation.top_speakers [--split train] [--top 50] [--limit N]
"""
from __future__ import annotations

import argparse
from collections import Counter
from pathlib import Path

import pandas as pd


def split_claims(root: Path, split: str, limit: int | None = None) -> pd.DataFrame:
    """One row per claim of the split's articles, with the columns build_speakers reads."""
    from pipeline.evaluation.polnear import load_split
    from pipeline.extract.component import attributed_claims
    from pipeline.extract.model import load_nlp

    articles = load_split(root, split, limit)
    nlp = load_nlp()
    rows = []
    for article, doc in zip(articles, nlp.pipe([a.text for a in articles], batch_size=16), strict=True):
        for k, c in enumerate(attributed_claims(doc)):
            rows.append({"claim_id": f"{article.name}#{k}", "doc_id": article.name, "speaker_name": c.speaker_name,
                         "speaker_mention": c.speaker_mention, "speaker_role": c.speaker_role,
                         "speaker_affiliation": c.speaker_affiliation, "statement_date": None,
                         "published_date": None})
    return pd.DataFrame(rows)


def top_speakers(claims: pd.DataFrame, top: int = 50) -> list[str]:
    """Lines listing the ``top`` speakers with most claims, their aliases and in-document names."""
    from pipeline.entities.speakers import build_speakers

    table, mapping = build_speakers(claims)
    merged = claims.merge(mapping, on="claim_id", suffixes=("_in_doc", ""))
    lines = []
    ranked = table.sort_values(["n_claims", "name"], ascending=[False, True]).head(top)
    for rank, row in enumerate(ranked.itertuples(), 1):
        names = Counter(merged.loc[merged["speaker_id"] == row.speaker_id, "speaker_name_in_doc"])
        lines.append(f"{rank:2d}. {row.name} [{row.speaker_id}] claims {row.n_claims}, documents {row.n_documents}")
        lines.append(f"    aliases: {list(row.aliases)[:12]}")
        lines.append(f"    in-document names: {names.most_common(12)}")
    return lines


def main(argv: list[str] | None = None) -> None:
    from pipeline.evaluation.paths import eval_data

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--polnear", type=Path, default=None, help="PolNeAR folder (train/dev/test)")
    parser.add_argument("--split", default="train", choices=("train", "dev", "test"))
    parser.add_argument("--top", type=int, default=50)
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    args = parser.parse_args(argv)
    root = args.polnear or eval_data().polnear
    print("\n".join(top_speakers(split_claims(root, args.split, args.limit), args.top)))


if __name__ == "__main__":
    main()
