"""The baseline: raw ``nlp.pipe`` over texts streamed from a JSON Lines file.

Run as its own process by ``benchmarks/run.py`` (so its peak RSS is its own):

    python -m benchmarks.raw_spacy TEXTS.jsonl --model NAME --n-process 2 --batch-size 8

Each line of TEXTS.jsonl is a JSON string. The model is loaded with
``spacy.load(model)`` and nothing disabled. Prints one JSON object: the model's
components, load and pipe seconds, documents, words (whitespace tokens) and tokens.
"""
from __future__ import annotations

import argparse
import json
import time


def iter_texts(path: str):
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            yield json.loads(line)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("texts")
    parser.add_argument("--model", required=True)
    parser.add_argument("--n-process", type=int, default=1)
    parser.add_argument("--batch-size", type=int, default=8)
    parser.add_argument("--disable", default="", help="comma-separated components to disable (default: none)")
    args = parser.parse_args()

    import spacy

    start = time.perf_counter()
    disable = [c for c in args.disable.split(",") if c]
    nlp = spacy.load(args.model, disable=disable)
    load_seconds = time.perf_counter() - start

    docs = words = tokens = 0
    start = time.perf_counter()
    for doc in nlp.pipe(iter_texts(args.texts), n_process=args.n_process, batch_size=args.batch_size):
        docs += 1
        tokens += len(doc)
        words += len(doc.text.split())
    pipe_seconds = time.perf_counter() - start
    print(json.dumps({
        "components": nlp.pipe_names,
        "load_seconds": load_seconds,
        "pipe_seconds": pipe_seconds,
        "documents": docs,
        "words": words,
        "tokens": tokens,
        "n_process": args.n_process,
        "batch_size": args.batch_size,
    }))


if __name__ == "__main__":
    main()
