"""The sample corpus against our own annotations (tests/annotations/sample_claims.yaml).

Claims are matched by text, never by offsets, so the evaluation holds whatever
the cleaner does to the text around them. Articles go through the project's
cleaner when it is there; without it, the raw text is used as is (the
extractor ignores headline-like lines and related-article lists anyway).
"""
from __future__ import annotations

from pathlib import Path

import yaml

from pipeline.evaluation.scoring import WORD, Statement, words_of

ROOT = Path(__file__).resolve().parents[2]
ANNOTATIONS = ROOT / "tests" / "annotations" / "sample_claims.yaml"
RAW = ROOT / "data" / "raw"


def cleaned_text(path: Path) -> str:
    try:
        from pipeline.clean import clean_article
        from pipeline.ingest import read_source
    except ImportError:
        return path.read_text(encoding="utf-8")
    records, _errors = read_source(path, path.parent)
    return clean_article(records[0]).text if records else path.read_text(encoding="utf-8")


def gold_statement(entry: dict) -> Statement:
    speaker = entry.get("speaker") or ""
    mention = entry.get("mention") or ""
    return Statement(
        words=words_of(entry["text"]),
        speaker_words={w.lower() for w in WORD.findall(f"{speaker} {mention}") if w[:1].isupper()},
        speaker_name=speaker,
        label=entry["text"],
    )


def load_sample(annotations: Path | None = None, raw: Path | None = None) -> tuple[list[str], list[list[Statement]]]:
    data = yaml.safe_load(Path(annotations or ANNOTATIONS).read_text(encoding="utf-8"))
    texts, golds = [], []
    for name, entries in data["articles"].items():
        texts.append(cleaned_text(Path(raw or RAW) / name))
        golds.append([gold_statement(e) for e in entries])
    return texts, golds
