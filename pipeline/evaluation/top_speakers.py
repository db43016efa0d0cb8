"""The most quoted speakers of a PolNeAR split, for checking speaker identity by hand
(issue 16: no wrong merge among the 50 most quoted speakers of PolNeAR train).

Each article's claims are extracted as the pipeline extracts them, then the
``speakers`` step (pipeline/entities/speakers.py, no overrides, as in a new
warehouse) merges them across articles. For each speaker the listing gives its
aliases, the in-document names its claims came under, and its roles and
affiliations, which is where a wrong merge shows ("Berman" under Michael
Berkman, "The State Department" and "the Justice Department" under one
"Department"). It reads the articles' texts as the speakers asset reads the
documents' (a lone surname of an article naming two people of it stays apart).

The hand check is kept in tests/annotations/top_speakers_train.yaml (one verdict
per speaker); ``--check`` compares a run with it and prints what changed (a
speaker new to the top, one gone, a count that moved), which is what to look at
again. ``--claims`` keeps the extracted claims in a file, so that a change to
the speakers step alone is re-run in seconds; the file carries the key of the
extraction that wrote it, and one written by another extraction is made again.

    python -m pipeline.evaluation.top_speakers [--split train] [--top 50] [--limit N]
        [--claims claims.parquet] [--check tests/annotations/top_speakers_train.yaml]
"""
from __future__ import annotations

import argparse
import hashlib
from collections import Counter
from pathlib import Path

import pandas as pd
import yaml

CACHE_KEY = b"redline_extraction"  # parquet metadata: the extraction_key a kept file was made under


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


def extraction_key(split: str, limit: int | None) -> str:
    """What a kept extraction was made by: the extract package's code and the data files it
    reads, the spaCy pipeline's name and version, the split and the limit. A kept file whose
    key differs is stale: the extraction changed since it was written."""
    import spacy

    from pipeline.settings import DEFAULT_MODEL

    package = Path(__file__).resolve().parents[1]
    files = sorted((package / "extract").glob("*.py")) + sorted((package / "data").glob("*.yaml"))
    digest = hashlib.sha256(f"{DEFAULT_MODEL} {spacy.__version__} {split} {limit}".encode())
    for path in files:
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:20]


def cached_claims(path: Path | None, extract, key: str = "") -> pd.DataFrame:
    """The claims kept in ``path`` when it exists and was written under ``key`` (extraction_key),
    else ``extract()``, kept there with the key when a path is given."""
    import pyarrow as pa
    import pyarrow.parquet as pq

    if path is not None and path.exists():
        kept = (pq.read_schema(path).metadata or {}).get(CACHE_KEY, b"").decode()
        if kept == key:
            return pd.read_parquet(path)
        print(f"{path}: kept from another extraction (key {kept or 'none'}, now {key}); extracting again")
    claims = extract()
    if path is not None:
        table = pa.Table.from_pandas(claims, preserve_index=False)
        pq.write_table(table.replace_schema_metadata({**(table.schema.metadata or {}), CACHE_KEY: key.encode()}),
                       path)
    return claims


def split_texts(root: Path, split: str, limit: int | None = None) -> dict[str, str]:
    """Article name -> text: what the speakers step reads of documents (namesakes.py)."""
    from pipeline.evaluation.polnear import load_split

    return {a.name: a.text for a in load_split(root, split, limit)}


def ranked_speakers(claims: pd.DataFrame, top: int = 50, texts: dict[str, str] | None = None) -> list[dict]:
    """The ``top`` speakers with most claims: id, name, counts, aliases, in-document names, roles.
    ``texts`` (article name -> text) are the documents' texts, as the speakers asset reads them."""
    from pipeline.entities.speakers import build_speakers

    given = texts or {}
    table, mapping = build_speakers(claims, texts=lambda ids: {i: given[i] for i in ids if i in given})
    merged = claims.merge(mapping, on="claim_id", suffixes=("_in_doc", ""))
    ranked = table.sort_values(["n_claims", "name"], ascending=[False, True]).head(top)
    speakers = []
    for row in ranked.itertuples():
        mine = merged[merged["speaker_id"] == row.speaker_id]
        speakers.append({
            "id": row.speaker_id, "name": row.name, "claims": int(row.n_claims), "documents": int(row.n_documents),
            "aliases": list(row.aliases), "names": Counter(mine["speaker_name_in_doc"]).most_common(12),
            "roles": Counter(mine["speaker_role"].dropna()).most_common(8),
            "affiliations": Counter(mine["speaker_affiliation"].dropna()).most_common(8),
        })
    return speakers


def top_speakers(claims: pd.DataFrame, top: int = 50, texts: dict[str, str] | None = None) -> list[str]:
    """Lines listing the ``top`` speakers with most claims, their aliases, in-document names and roles."""
    lines = []
    for rank, s in enumerate(ranked_speakers(claims, top, texts), 1):
        lines.append(f"{rank:2d}. {s['name']} [{s['id']}] claims {s['claims']}, documents {s['documents']}")
        lines.append(f"    aliases: {s['aliases'][:12]}")
        lines.append(f"    in-document names: {s['names']}")
        lines.append(f"    roles: {s['roles']}; affiliations: {s['affiliations']}")
    return lines


def changes(speakers: list[dict], checked: dict) -> list[str]:
    """What differs between a run and a hand check (the annotations file's ``speakers``):
    speakers new to the top (no verdict yet), speakers gone from it, counts that moved."""
    before = {s["id"]: s for s in checked.get("speakers", [])}
    now = {s["id"]: s for s in speakers}
    lines = [f"new, not checked: {s['name']} [{i}] claims {s['claims']}" for i, s in now.items() if i not in before]
    lines += [f"gone from the top: {s['name']} [{i}] ({s.get('verdict')})" for i, s in before.items() if i not in now]
    for i in now.keys() & before.keys():
        old, new = before[i], now[i]
        if (old.get("claims"), old.get("documents")) != (new["claims"], new["documents"]):
            lines.append(f"changed: {new['name']} [{i}] claims {old.get('claims')} -> {new['claims']}, "
                         f"documents {old.get('documents')} -> {new['documents']} (was {old.get('verdict')})")
    return sorted(lines)


def verdict_counts(checked: dict) -> Counter:
    return Counter(s.get("verdict") for s in checked.get("speakers", []))


def main(argv: list[str] | None = None) -> None:
    from pipeline.evaluation.paths import eval_data

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--polnear", type=Path, default=None, help="PolNeAR folder (train/dev/test)")
    parser.add_argument("--split", default="train", choices=("train", "dev", "test"))
    parser.add_argument("--top", type=int, default=50)
    parser.add_argument("--limit", type=int, default=None, help="only the first N articles")
    parser.add_argument("--claims", type=Path, default=None,
                        help="parquet file of the extracted claims: read when it was written by this extraction, else written")
    parser.add_argument("--check", type=Path, default=None,
                        help="a hand check (tests/annotations/top_speakers_train.yaml): print what changed since")
    args = parser.parse_args(argv)
    if args.split == "test":
        parser.error("PolNeAR test is scored once, never listed")
    root = args.polnear or eval_data().polnear
    claims = cached_claims(args.claims, lambda: split_claims(root, args.split, args.limit),
                           extraction_key(args.split, args.limit))
    texts = split_texts(root, args.split, args.limit)
    if args.check is None:
        print("\n".join(top_speakers(claims, args.top, texts)))
        return
    checked = yaml.safe_load(args.check.read_text(encoding="utf-8")) or {}
    print(f"checked on {checked.get('commit')}: {dict(verdict_counts(checked))}")
    print("\n".join(changes(ranked_speakers(claims, args.top, texts), checked)) or "no change")


if __name__ == "__main__":
    main()
