"""Topic, stance and condition against hand annotations of the sample corpus.

Runs the real pipeline pieces (cleaning, spaCy via ``load_nlp``, the
extractor and the enrichment in ``claims_for_document``) on the sample
articles and scores each annotated statement (``tests/annotations/
sample_topics.yaml``) by the claim that holds it, matched by words, never
by offsets.  A statement the extractor missed is classified directly from its
text, so the classifier is scored on every annotation; the
figures say how many were matched.

Two views are reported:
- ``pipeline``: what lands in the ``claims`` table (extractor boundaries and
  attribution context included);
- ``classifier``: the topic and stance classifier on the annotated text
  itself (its words and the taxonomy's rules, no parse features).
The second annotator's labels (``sample_claims.yaml``, made independently for
the extraction evaluation) are scored the same way, as a check against
fitting one annotator.

    python -m pipeline.evaluation.labels              # figures and every miss
    python -m pipeline.evaluation.labels --devcorpus  # tune half of the real pages: confusions

``--devcorpus`` prints, for the tune half of the development corpus only (the
blind half's pages are never read), the gold-versus-predicted tables of topic
and stance over the found statements, how many misses are a label given for
none, none given for a label, or one label for another, and every miss with
the claim's confidences.
"""
from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import yaml

from pipeline.clean import clean_article
from pipeline.enrich.classifier import Labeller, load_labeller
from pipeline.evaluation.paths import EvalData, eval_data
from pipeline.ingest import read_source
from pipeline.settings import settings_from_env

_WORD = re.compile(r"\w+")
MIN_MATCH = 0.6  # share of the annotation's words a claim must hold to be its claim


@dataclass
class Prediction:
    topic: str | None
    stance: str | None
    condition: str | None


@dataclass
class Article:
    text: str
    claims: list  # ExtractedClaim, or empty when no spaCy pipeline is installed


def _words(text: str) -> set[str]:
    return {w.lower() for w in _WORD.findall(text or "")}


def _covers(gold: str, claim_text: str) -> float:
    g = _words(gold)
    return len(g & _words(claim_text)) / len(g) if g else 0.0


def _read(path: Path):
    """The cleaned document for a raw file (the project's reader and cleaner)."""
    records, _errors = read_source(path, path.parent)
    return clean_article(records[0])


def _load_articles(names: list[str], raw: Path, labeller: Labeller) -> tuple[dict[str, Article], str]:
    """Cleaned text and extracted claims of each article; the mode says what ran."""
    # Imported here: the classifier-only checks need no spaCy.
    from pipeline.extract.component import claims_for_document
    from pipeline.extract.model import load_nlp

    docs = {name: _read(raw / name) for name in names}
    try:
        nlp = load_nlp(settings_from_env().spacy_model)
    except RuntimeError as exc:  # no spaCy model installed
        return {n: Article(d.text, []) for n, d in docs.items()}, f"classifier only ({exc})"
    articles = {}
    for name, doc in docs.items():
        parsed = nlp(doc.text)
        articles[name] = Article(doc.text, claims_for_document(parsed, doc.published_date, labeller))
    return articles, "pipeline"


def _pipeline_prediction(entry: dict, article: Article, labeller: Labeller) -> tuple[Prediction, bool]:
    best, best_cover = None, 0.0
    for claim in article.claims:
        cover = _covers(entry["text"], claim.claim_text)
        if cover > best_cover or (cover == best_cover and best and len(claim.claim_text) < len(best.claim_text)):
            best, best_cover = claim, cover
    if best is not None and best_cover >= MIN_MATCH:
        return Prediction(best.topic, best.stance, best.condition), True
    return _classifier_prediction(entry, article, labeller), False


def _classifier_prediction(entry: dict, article: Article, labeller: Labeller) -> Prediction:
    """The classifier on the annotated words alone (no cue, no parse features)."""
    labels = labeller.label(entry["text"], None, None)
    return Prediction(labels.topic, labels.stance, labels.condition)


def _score(entries: list[tuple[dict, Prediction]]) -> dict:
    out: dict = {}
    for field in ("topic", "stance"):
        scored = [(e[field], getattr(p, field)) for e, p in entries if e.get(field)]
        right = sum(g == p for g, p in scored)
        out[f"{field}_accuracy"] = round(right / len(scored), 3) if scored else None
        out[f"{field}_n"] = len(scored)
    conditions = [(e["condition"], p.condition) for e, p in entries if e.get("condition")]
    right = sum(bool(p) and _covers(g, p) >= 0.5 for g, p in conditions)
    out["condition_accuracy"] = round(right / len(conditions), 3) if conditions else None
    out["condition_n"] = len(conditions)
    return out


def _errors(entries: list[tuple[str, dict, Prediction]]) -> list[str]:
    lines = []
    for name, e, p in entries:
        wrong = [f for f in ("topic", "stance") if e.get(f) and e[f] != getattr(p, f)]
        if wrong:
            lines.append(
                f"{name[:3]} {e['text'][:70]!r}: gold {e.get('topic')}/{e.get('stance')}, got {p.topic}/{p.stance}"
            )
    return lines


def _evaluate_file(
    path: Path, articles: dict[str, Article], predict: Callable[[dict, Article], Prediction]
) -> tuple[dict, list[str]]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    rows = []
    for name, entries in data["articles"].items():
        for entry in entries:
            if entry.get("topic") or entry.get("stance"):
                rows.append((name, entry, predict(entry, articles[name])))
    return _score([(e, p) for _, e, p in rows]), _errors(rows)


def evaluate_taxonomy(data: EvalData | None = None) -> dict:
    """Topic, stance and condition accuracy on the annotated sample statements."""
    data = data or eval_data()
    annotations = data.sample_topics
    labeller = load_labeller(settings_from_env().taxonomy)
    names = list(yaml.safe_load(annotations.read_text(encoding="utf-8"))["articles"])
    # The second annotator's file is the extraction evaluation's (sample_claims.yaml).
    second_path = data.sample_claims if data.sample_claims.exists() else None
    if second_path:
        names += [n for n in yaml.safe_load(second_path.read_text(encoding="utf-8"))["articles"] if n not in names]
    articles, mode = _load_articles(names, data.raw, labeller)

    matched: list[bool] = []

    def pipeline(entry: dict, article: Article) -> Prediction:
        prediction, found = _pipeline_prediction(entry, article, labeller)
        matched.append(found)
        return prediction

    def classifier(entry: dict, article: Article) -> Prediction:
        return _classifier_prediction(entry, article, labeller)

    result: dict = {"mode": mode}
    scores, errors = _evaluate_file(annotations, articles, pipeline)
    result.update({f"pipeline_{k}": v for k, v in scores.items()})
    result["pipeline_statements_matched"] = f"{sum(matched)}/{len(matched)}"
    result["pipeline_errors"] = errors
    scores, errors = _evaluate_file(annotations, articles, classifier)
    result.update({f"classifier_{k}": v for k, v in scores.items()})
    result["classifier_errors"] = errors
    if second_path:
        scores, errors = _evaluate_file(second_path, articles, pipeline)
        result.update({f"second_annotator_{k}": v for k, v in scores.items() if not k.startswith("condition")})
        result["second_annotator_errors"] = errors
    # Headline figures under the names the issue asks for.
    result["topic_accuracy"] = result["pipeline_topic_accuracy"]
    result["stance_accuracy"] = result["pipeline_stance_accuracy"]
    return result


def print_result(result: dict) -> None:
    """Every figure of ``result``, and its lists (misses, examples) one item a line."""
    for key, value in result.items():
        if isinstance(value, list):
            print(f"{key}:")
            for line in value:
                print(f"  {line}")
        else:
            print(f"{key}: {value}")


def tune_label_rows(data: EvalData | None = None) -> list[dict]:
    """Gold and predicted labels of every found statement of the development corpus's
    tune half (the blind half's pages are not opened)."""
    from pipeline.evaluation.devcorpus import _norm, split_of
    from pipeline.extract.component import claims_for_document
    from pipeline.extract.model import load_nlp
    from pipeline.ingest.reader import read_source

    data = data or eval_data()
    settings = settings_from_env()
    nlp, labeller, rows = load_nlp(settings.spacy_model), load_labeller(settings.taxonomy), []
    for path in sorted(data.devcorpus.glob("*.yaml")):
        ann = yaml.safe_load(path.read_text("utf-8"))
        page = data.devcorpus_pages / f"{ann['id']}.txt"
        if split_of(ann["outlet"]) != "tune" or not page.exists():
            continue
        records, _ = read_source(page, data.devcorpus_pages)
        docs = [clean_article(r) for r in records]
        text = "\n\n".join(d.text for d in docs)
        claims = claims_for_document(nlp(text), docs[0].published_date, labeller) if text else []
        for gold in ann.get("statements") or []:
            match = next((c for c in claims if _norm(gold["key"]) in _norm(c.claim_text)), None)
            if match is not None:
                rows.append({"page": ann["id"], "gold": gold, "claim": match})
    return rows


def confusions(rows: list[dict]) -> dict:
    """Per head, the (gold, predicted) counts and the misses by kind."""
    out: dict = {}
    for head in ("topic", "stance"):
        pairs = [(r["gold"].get(head), getattr(r["claim"], head)) for r in rows]
        table: dict[tuple, int] = {}
        for pair in pairs:
            table[pair] = table.get(pair, 0) + 1
        out[f"{head}_right"] = f"{sum(g == p for g, p in pairs)}/{len(pairs)}"
        out[f"{head}_misses"] = {
            "label_for_none": sum(g is None and p is not None for g, p in pairs),
            "none_for_label": sum(g is not None and p is None for g, p in pairs),
            "label_for_label": sum(None not in (g, p) and g != p for g, p in pairs)}
        out[f"{head}_confusions"] = [f"gold {g} -> {p}: {n}" for (g, p), n in
                                     sorted(table.items(), key=lambda kv: -kv[1]) if g != p]
    out["misses"] = [
        f"[{r['page'][:28]}] gold {r['gold'].get('topic')}/{r['gold'].get('stance')} got "
        f"{c.topic}({c.topic_confidence})/{c.stance}({c.stance_confidence}): {c.claim_text[:160]!r}"
        for r in rows for c in [r["claim"]]
        if (r["gold"].get("topic"), r["gold"].get("stance")) != (c.topic, c.stance)]
    return out


def main(argv: list[str] | None = None) -> None:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--devcorpus", action="store_true",
                        help="confusions on the tune half of the development corpus (never the blind half)")
    args = parser.parse_args(argv)
    print_result(confusions(tune_label_rows()) if args.devcorpus else evaluate_taxonomy())


if __name__ == "__main__":
    main()
