"""The sample corpus against our own annotations (tests/annotations/sample_claims.yaml).

Claims are matched by text, never by offsets, so the evaluation holds whatever
the cleaner does to the text around them. Articles go through the project's
reader and cleaner, as in a run.
"""
from __future__ import annotations

from pathlib import Path

import yaml

from pipeline.clean import clean_article
from pipeline.evaluation.paths import EvalData, eval_data
from pipeline.evaluation.scoring import WORD, Statement, words_of
from pipeline.ingest import read_source


def cleaned_text(path: Path) -> str:
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


def load_sample(data: EvalData | None = None) -> tuple[list[str], list[list[Statement]]]:
    data = data or eval_data()
    annotated = yaml.safe_load(data.sample_claims.read_text(encoding="utf-8"))
    texts, golds = [], []
    for name, entries in annotated["articles"].items():
        texts.append(cleaned_text(data.raw / name))
        golds.append([gold_statement(e) for e in entries])
    return texts, golds
