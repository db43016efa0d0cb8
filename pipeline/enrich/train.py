"""Train the topic and stance classifier of a taxonomy (pipeline/enrich/classifier.py).

    python -m pipeline.enrich.train                       # the packaged taxonomy
    python -m pipeline.enrich.train --taxonomy my.yaml    # writes my.model.json beside it
    python -m pipeline.enrich.train --cv                  # held-out figures by domain, writes nothing

Training data: the labelled statements of ``pipeline/data/training/`` (labels
the taxonomy does not name become ``none``), the labelled statements of real
pages (``tests/annotations/realstatements``, read from the rebuilt page texts:
pipeline/enrich/page_statements.py; ``--no-pages`` leaves them out) and the
taxonomy's own ``examples`` (weighted more: they define what a user means). Each statement
goes through the same spaCy pipeline and extractor as an article, so the
classifier sees what it will see at run time: the extracted claim text, its
cue and the parse features of its attribution (a statement the extractor
finds no attribution in is taken whole). Training is deterministic: the same
files give the same model file.

Needs scikit-learn (a test extra); running the pipeline does not.
"""
from __future__ import annotations

import argparse
import json
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

from pipeline.enrich.classifier import (
    CLAIM_TOPIC,
    DOCUMENT_ABSENT,
    DOCUMENT_PREFIX,
    HEADS,
    NONE,
    Head,
    claim_features,
    document_features,
    feature_values,
    model_path_for,
    own_features,
    taxonomy_digest,
)
from pipeline.enrich.features import span_parse_features
from pipeline.enrich.taxonomy import Taxonomy, load_taxonomy, taxonomy_file

EXAMPLE_WEIGHT = 10.0
# A statement of a real page, against 1 for one we wrote. With them: tune half of the development
# corpus topic 0.741 -> 0.750, stance 0.715 -> 0.724; sample topic 0.942 -> 0.923, stance 0.915 ->
# 0.957. Tried on the tune half and the sample: 3 (no better), per head (stance 2: 0.706; topic 0 or
# 0.5: within a statement): docs/evaluation.md, 2026-12-06.
PAGE_WEIGHT = 1.0
MIN_COUNT = 2  # a feature seen in fewer statements is left out
C = 5.0  # inverse regularisation strength (20 fitted the short statements of 01-11; with the long ones of 12-20, 5 keeps the sample at 0.94 / 0.92)
PRUNE = 0.02  # weights smaller than this are not written (a smaller file, same labels)
# Feature values are n ** -power (classifier.feature_value). A stance is mostly one
# phrase ("would fight back", "its readiness to begin negotiations"): at 0.5 a long
# claim's other words dilute it until the bias says `none`, so the stance head
# dilutes less. A topic is the sum of what the claim names: 0.5 keeps long campaign
# quotes from adding up to one.
NORM_POWER = {"topic": 0.5, "stance": 0.35, CLAIM_TOPIC: 0.5}
# A context feature's value against a claim's own (classifier.feature_values): by prefix,
# the sentence before (p:) and the document (d:); 0 leaves them out of a head.
# Empty: the shipped model reads no context. Tried 2026-12-07 on the tune half: topic p 0.3 / d 0.5
# and stance p 0.3 / d 0.3 gave topic 174 -> 177 of 228 but stance 168 -> 168 (no scale tried
# gave more than 168), sample 0.904 / 0.957 -> 0.923 / 0.979, campaign topics 18 -> 24 of 718.
CONTEXT_SCALE: dict[str, dict[str, float]] = {"topic": {}, "stance": {}}
# Document features (classifier.document_features): the levels of the other claims' mean
# probability of a topic, and the folds of pages the claim-topic head is fitted out of, so
# that a training page's own statements are judged by a head that has not seen them (as at run time).
DOCUMENT_LEVELS = (0.15, 0.3, 0.5)
DOCUMENT_FOLDS = 5


@dataclass
class Statement:
    text: str
    topic: str | None
    stance: str | None
    domain: str = ""
    weight: float = 1.0
    document: str = ""  # the page a real page's statement is from ("": a statement alone)
    before: str = ""  # the text of the page before it (its context)


def training_statements() -> list[Statement]:
    from importlib import resources

    folder = resources.files("pipeline.data.training")
    rows = []
    for name in sorted(f.name for f in folder.iterdir() if f.name.endswith(".jsonl")):
        for line in folder.joinpath(name).read_text("utf-8").splitlines():
            if line.strip():
                r = json.loads(line)
                rows.append(Statement(r["text"], r.get("topic"), r.get("stance"), r.get("domain", "")))
    return rows


class PagesMissing(FileNotFoundError):
    """Some real pages' texts are not rebuilt: a model trained without them is another model."""


def real_page_statements() -> list[Statement]:
    from pipeline.enrich.page_statements import ANNOTATIONS, PAGES, page_statements

    found, absent = page_statements()
    if absent:
        raise PagesMissing(f"{len(absent)} real pages of {ANNOTATIONS} are not in {PAGES} (first: {absent[0]}): "
                           "rebuild them as docs/annotation.md says, or train with --no-pages")
    return [Statement(s.text, s.topic, s.stance, f"page:{s.area}", PAGE_WEIGHT, s.page, s.before) for s in found]


def taxonomy_examples(path: Path) -> list[Statement]:
    raw = yaml.safe_load(path.read_text("utf-8")) or {}
    return [Statement(e["text"], e.get("topic"), e.get("stance"), "taxonomy", EXAMPLE_WEIGHT)
            for e in raw.get("examples") or []]


def statement_features(texts: list[str], taxonomy: Taxonomy, model: str,
                       befores: list[str] | None = None) -> list[list[str]]:
    """Features of each statement as the pipeline would compute them on an article
    (``befores``: the text of its page before it, for the sentence before the claim)."""
    from pipeline.extract.component import attributed_claims
    from pipeline.extract.model import load_nlp

    nlp = load_nlp(model)
    out = []
    for doc, before in zip(nlp.pipe(texts, batch_size=64), befores or [""] * len(texts), strict=True):
        claims = attributed_claims(doc)
        claim = max(claims, key=lambda c: len(c.claim_text), default=None)
        if claim is None:
            parsed = span_parse_features(doc, 0, len(doc.text), before)
            out.append(claim_features(doc.text, None, parsed, taxonomy)[0])
        else:
            parsed = span_parse_features(doc, claim.context_start, claim.context_end, before)
            out.append(claim_features(claim.claim_text, claim.cue, parsed, taxonomy)[0])
    return out


def with_document_features(features: list[list[str]], data: list[Statement], labels: list[str],
                           allowed: set[str], skip: frozenset[str] = frozenset()) -> list[list[str]]:
    """Each statement's features with its document's (classifier.document_features): the
    claim-topic probabilities of a page's statements come from a head fitted without that
    page (DOCUMENT_FOLDS folds of pages); a statement alone has ``DOCUMENT_ABSENT``."""
    from sklearn.model_selection import GroupKFold

    own = [own_features(f) for f in features]
    paged = [i for i, s in enumerate(data) if s.document]
    probabilities: dict[int, dict[str, float]] = {}
    if len({data[i].document for i in paged}) >= DOCUMENT_FOLDS:
        for _, held in GroupKFold(DOCUMENT_FOLDS).split(paged, groups=[data[i].document for i in paged]):
            held_out = {paged[j] for j in held}
            kept = [i for i in range(len(data)) if i not in held_out]
            head = _head(*_fit([own[i] for i in kept], [labels[i] for i in kept], [data[i].weight for i in kept],
                               NORM_POWER[CLAIM_TOPIC]), NORM_POWER[CLAIM_TOPIC])
            probabilities.update({i: head.probabilities(own[i], allowed) for i in held_out})
    documents: dict[str, list[int]] = {}
    for i in probabilities:
        documents.setdefault(data[i].document, []).append(i)
    extra = {}
    for members in documents.values():
        members.sort()
        extra.update(zip(members, document_features([probabilities[i] for i in members], DOCUMENT_LEVELS, skip),
                         strict=True))
    return [f + extra.get(i, [DOCUMENT_ABSENT]) for i, f in enumerate(features)]


def _reads_documents() -> bool:
    """Whether a head reads the document features (a scale for them in CONTEXT_SCALE)."""
    return any(CONTEXT_SCALE[head].get(DOCUMENT_PREFIX) for head in HEADS)


def _head(vocab: dict[str, int], fitted, power: float, context_scale: dict[str, float] | None = None) -> Head:
    exported = _export(vocab, fitted, power, context_scale)
    return Head(tuple(exported["classes"]), tuple(exported["bias"]), exported["weights"], power, context_scale)


def _label(value: str | None, allowed: set[str]) -> str:
    return value if value in allowed else NONE


def _fit(features: list[list[str]], labels: list[str], weights: list[float], power: float = 0.5,
         context_scale: dict[str, float] | None = None):
    """A multinomial logistic regression over binary features seen at least MIN_COUNT times,
    each row's values ``feature_values(row, power, context_scale)``."""
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    valued = [feature_values(row, power, context_scale) for row in features]
    counts = Counter(f for row in valued for f in row)
    vocab = {f: i for i, f in enumerate(sorted(f for f, n in counts.items() if n >= MIN_COUNT))}
    rows, cols, values = [], [], []
    for r, row in enumerate(valued):
        for f in sorted(f for f in row if f in vocab):
            rows.append(r)
            cols.append(vocab[f])
            values.append(row[f])
    matrix = csr_matrix((values, (rows, cols)), shape=(len(features), len(vocab)))
    model = LogisticRegression(C=C, max_iter=3000, class_weight=None)
    model.fit(matrix, labels, sample_weight=weights)
    return vocab, model


def _export(vocab: dict[str, int], model, power: float = 0.5, context_scale: dict[str, float] | None = None) -> dict:
    classes = [str(c) for c in model.classes_]
    coef = model.coef_
    if len(classes) == 2:  # sklearn keeps one row for two classes: spell out both
        coef = [-coef[0] / 2, coef[0] / 2]
        bias = [-model.intercept_[0] / 2, model.intercept_[0] / 2]
    else:
        bias = list(model.intercept_)
    weights = {}
    for feature, i in vocab.items():
        row = [round(float(c[i]), 3) for c in coef]
        if max(abs(w) for w in row) >= PRUNE:
            weights[feature] = row
    out = {"classes": classes, "bias": [round(float(b), 4) for b in bias], "weights": weights}
    if power != 0.5:  # the default is not written: a model of before reads the same
        out["norm_power"] = power
    if context_scale:
        out["context_scale"] = dict(context_scale)
    return out


def default_statements(pages: bool = True) -> list[Statement]:
    """What the packaged model is trained on: the statements we wrote and (``pages``) those of real pages."""
    return training_statements() + (real_page_statements() if pages else [])


def train(taxonomy_path: str | Path | None, model: str, statements: Iterable[Statement] | None = None) -> dict:
    """The model file's content for the taxonomy at ``taxonomy_path``."""
    path = taxonomy_file(taxonomy_path)
    taxonomy = load_taxonomy(path)
    data = list(statements if statements is not None else default_statements()) + taxonomy_examples(path)
    features = statement_features([s.text for s in data], taxonomy, model, [s.before for s in data])
    allowed = {"topic": {t.name for t in taxonomy.topics}, "stance": set(taxonomy.stance_names)}
    out: dict = {"taxonomy_digest": taxonomy_digest(path), "statements": len(data)}
    if _reads_documents():
        topics = [_label(s.topic, allowed["topic"]) for s in data]
        vocab, fitted = _fit([own_features(f) for f in features], topics, [s.weight for s in data],
                             NORM_POWER[CLAIM_TOPIC])
        out[CLAIM_TOPIC] = _export(vocab, fitted, NORM_POWER[CLAIM_TOPIC])
        out["document_levels"] = list(DOCUMENT_LEVELS)
        features = with_document_features(features, data, topics, allowed["topic"], taxonomy.generic_topics)
    for head in HEADS:
        labels = [_label(getattr(s, head), allowed[head]) for s in data]
        vocab, fitted = _fit(features, labels, [s.weight for s in data], NORM_POWER[head], CONTEXT_SCALE[head])
        out[head] = _export(vocab, fitted, NORM_POWER[head], CONTEXT_SCALE[head])
        out[f"{head}_counts"] = dict(sorted(Counter(labels).items()))
    return out


def cross_validate(taxonomy_path: str | Path | None, model: str, folds: int = 5, pages: bool = True) -> dict:
    """Accuracy on statements of held-out domains (grouped folds), per head."""
    from sklearn.model_selection import GroupKFold

    path = taxonomy_file(taxonomy_path)
    taxonomy = load_taxonomy(path)
    data = default_statements(pages)
    features = statement_features([s.text for s in data], taxonomy, model, [s.before for s in data])
    allowed = {"topic": {t.name for t in taxonomy.topics}, "stance": set(taxonomy.stance_names)}
    if _reads_documents():
        features = with_document_features(features, data, [_label(s.topic, allowed["topic"]) for s in data],
                                          allowed["topic"], taxonomy.generic_topics)
    result = {}
    for head in HEADS:
        labels = [_label(getattr(s, head), allowed[head]) for s in data]
        right = 0
        for train_idx, test_idx in GroupKFold(folds).split(features, labels, [s.domain for s in data]):
            h = _head(*_fit([features[i] for i in train_idx], [labels[i] for i in train_idx],
                            [data[i].weight for i in train_idx], NORM_POWER[head], CONTEXT_SCALE[head]),
                      NORM_POWER[head], CONTEXT_SCALE[head])
            for i in test_idx:
                p = h.probabilities(features[i], allowed[head])
                right += max(p, key=p.get) == labels[i]
        result[f"{head}_accuracy"] = round(right / len(data), 3)
    return result


def write_model(content: dict, path: Path) -> None:
    path.write_text(json.dumps(content, sort_keys=True, separators=(",", ":")) + "\n", "utf-8")


def main(argv: list[str] | None = None) -> None:
    from pipeline.settings import DEFAULT_MODEL

    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--taxonomy", help="taxonomy file (default: the packaged pipeline/data/taxonomy.yaml)")
    parser.add_argument("--model", default=DEFAULT_MODEL, help="spaCy pipeline to parse the statements with")
    parser.add_argument("--out", help="model file to write (default: <taxonomy>.model.json beside it)")
    parser.add_argument("--cv", action="store_true", help="print held-out accuracy by domain; write nothing")
    parser.add_argument("--no-pages", action="store_true", help="leave out the statements of real pages")
    args = parser.parse_args(argv)
    if args.cv:
        print(cross_validate(args.taxonomy, args.model, pages=not args.no_pages))
        return
    content = train(args.taxonomy, args.model, default_statements(pages=not args.no_pages))
    out = Path(args.out) if args.out else model_path_for(args.taxonomy)
    write_model(content, out)
    sizes = {h: len(content[h]["weights"]) for h in HEADS}
    print(f"wrote {out} ({out.stat().st_size // 1024} KiB; features kept {sizes}; {content['statements']} statements)")


if __name__ == "__main__":
    main()
