"""Topic precision off the domain and the classifier's cost, on PolNeAR campaign articles.

PolNeAR's articles are about the 2016 US campaign: almost nothing in them is
about the taxonomy's issues, so the share of claims that get a topic there is
a measure of false topics (issue 15: at most 5% of claims). On the same
articles, the time the classifier takes (parse features and labels of every
claim) is set against the time of the whole pipeline (spaCy, attribution and
the classifier), as words per second.

    python -m pipeline.evaluation.topics [--limit 40]   # figures and every topic given
"""
from __future__ import annotations

import argparse
import time
from collections import Counter
from pathlib import Path

DEFAULT_ARTICLES = 40


def polnear_topics(root: Path, model: str, limit: int = DEFAULT_ARTICLES, taxonomy: str | None = None,
                   split: str = "dev") -> dict:
    """Topic share and classifier cost on the first ``limit`` articles of a PolNeAR split."""
    from pipeline.enrich.classifier import load_labeller
    from pipeline.enrich.features import join_features, span_parse_features
    from pipeline.evaluation.polnear import load_split
    from pipeline.extract.component import attributed_claims
    from pipeline.extract.model import load_nlp

    articles = load_split(root, split, limit)
    nlp, labeller = load_nlp(model), load_labeller(taxonomy)
    nlp("warm up")
    parse_seconds = label_seconds = 0.0
    words, topics, given = 0, Counter(), []
    for article in articles:
        started = time.perf_counter()
        doc = nlp(article.text)
        claims = attributed_claims(doc)
        labelled = time.perf_counter()
        # Labelled as the pipeline labels them: a document at a time (its prior included).
        features = [join_features(span_parse_features(doc, c.context_start, c.context_end)) for c in claims]
        labels_of = labeller.label_document([(c.claim_text, c.cue, f) for c, f in zip(claims, features, strict=True)])
        for claim, labels in zip(claims, labels_of, strict=True):
            topics[labels.topic] += 1
            if labels.topic:
                given.append(f"{labels.topic} ({labels.topic_confidence}): {claim.claim_text[:120]!r}")
        label_seconds += time.perf_counter() - labelled
        parse_seconds += labelled - started
        words += len(article.text.split())
    n = sum(topics.values())
    with_topic = n - topics[None]
    return {
        f"polnear_{split}_articles": len(articles),
        "claims": n,
        "claims_with_a_topic": f"{with_topic / max(n, 1):.3f} ({with_topic}/{n})",
        "topics_given": dict(sorted((k, v) for k, v in topics.items() if k)),
        "classifier_words_per_second": round(words / max(label_seconds, 1e-9)),
        "pipeline_words_per_second": round(words / max(parse_seconds + label_seconds, 1e-9)),
        "classifier_share_of_pipeline_time": round(label_seconds / max(parse_seconds + label_seconds, 1e-9), 4),
        "topics": given,
    }


def main(argv: list[str] | None = None) -> None:
    from pipeline.evaluation.labels import print_result
    from pipeline.evaluation.paths import eval_data
    from pipeline.settings import settings_from_env

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--polnear", type=Path, help="PolNeAR folder (default: beside the data root)")
    parser.add_argument("--limit", type=int, default=DEFAULT_ARTICLES)
    args = parser.parse_args(argv)
    root = args.polnear or eval_data().polnear
    settings = settings_from_env()
    print_result(polnear_topics(root, settings.spacy_model, args.limit, settings.taxonomy))


if __name__ == "__main__":
    main()
