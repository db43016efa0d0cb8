"""The development corpus of real pages (tests/annotations/devcorpus, docs/annotation.md).

Page texts belong to their publishers and are never committed: they live in
``data/devcorpus/pages/<id>.txt`` (ignored by git), each checked against the
sha256 its annotation records. Pages are split once, by a hash of the outlet,
into a ``tune`` half and a ``blind`` half; the blind half is reported as
summary figures only, never as errors.

Scored per split, on what the real pipeline does with each page (reading,
cleaning with the lines its site repeats across the pages, as the pipeline
cleans a corpus; spaCy, attribution, dating, classification):
- cleaning: annotated boilerplate lines gone from the cleaned text, body lines kept;
- statements: an annotated statement is found when a claim's text holds its
  key phrase; its speaker is right when the claim's speaker name (or mention)
  shares a word with the annotated speaker; topic, stance, speaker kind and
  relay (where annotated) are compared on found statements;
- published date, where the page states one (or, where it states none, its url):
  right, wrong and missing apart, and dates given for pages with none; pages are
  read with their url, as a crawl's list of sources gives it;
- error kinds (errors.py): a statement is ``right``, ``wrong_speaker``,
  ``partial_span`` (half its key's words are in a claim that does not hold the
  key) or ``missed``; a claim holding no statement's key, nor half of one, is
  ``spurious`` (pages annotate every statement). Examples only for the tune half.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from pipeline.evaluation.errors import PARTIAL, containment
from pipeline.evaluation.scoring import words_of

SPLITS = ("tune", "blind")
REBUILD = (
    "The page texts are not in the repository (they belong to their publishers). Rebuild them into {pages}: "
    "for each annotation file in {annotations}, look its url and title up in the stored web captures "
    "(the search tool's `pages` corpus, as the annotators did) and save the capture's text, unchanged, as "
    "<id>.txt; a page counts only when its sha256 equals the annotation's."
)


def split_of(outlet: str) -> str:
    """``tune`` or ``blind``: a stable hash of the outlet, so one outlet's pages stay on one side."""
    return SPLITS[int(hashlib.sha256(outlet.strip().lower().encode()).hexdigest(), 16) % 2]


@dataclass
class Page:
    annotation: dict
    text: str

    @property
    def split(self) -> str:
        return split_of(self.annotation["outlet"])


def load_pages(annotations: Path, pages: Path) -> tuple[list[Page], list[str]]:
    """Pages whose text is present and matches its digest, and the ids that are missing or differ."""
    found, problems = [], []
    for path in sorted(annotations.glob("*.yaml")):
        entry = yaml.safe_load(path.read_text("utf-8"))
        text_path = pages / f"{entry['id']}.txt"
        if not text_path.exists():
            problems.append(f"{entry['id']}: missing")
            continue
        text = text_path.read_text("utf-8")
        if hashlib.sha256(text.encode()).hexdigest() != entry.get("sha256"):
            problems.append(f"{entry['id']}: text differs from the annotated one")
            continue
        found.append(Page(entry, text))
    return found, problems


def _name_words(text: str | None) -> set[str]:
    """Words of a name that can identify it ("al", "bin" cannot), or all of them when each
    is that short (the agency "TT" is its name)."""
    words = words_of(text or "")
    return {w for w in words if len(w) > 2} or set(words)


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("’", "'").replace("‘", "'").replace("“", '"').replace("”", '"')).strip()


# The capture header "date 2023-09-13 " (or "date 2019-02 ") that opens some pages' first line: the
# reader takes it as metadata (pipeline/ingest/header.py), so a body key phrase
# that starts with it is looked for without it.
CAPTURE_HEADER = re.compile(r"^date \d{4}-\d{2}(?:-\d{2})? ")


def body_phrase(phrase: str) -> str:
    return CAPTURE_HEADER.sub("", _norm(phrase))


class Shares:
    """Hits per outcome, reported as shares (``found/total``)."""

    def __init__(self):
        self.counts: dict[str, int] = {}

    def add(self, key: str, hit: bool) -> None:
        self.counts[f"{key}_n"] = self.counts.get(f"{key}_n", 0) + 1
        self.counts[f"{key}_ok"] = self.counts.get(f"{key}_ok", 0) + int(hit)

    def shares(self) -> dict[str, str]:
        keys = sorted({k.rsplit("_", 1)[0] for k in self.counts})
        return {k: f"{self.counts[k + '_ok'] / self.counts[k + '_n']:.3f} ({self.counts[k + '_ok']}/{self.counts[k + '_n']})"
                for k in keys}


@dataclass
class PageErrors:
    """Error kinds of one split's statements and claims, and (tune only) what they were."""

    counts: dict[str, int]
    examples: list[str]

    def note(self, kind: str, example: str | None) -> None:
        self.counts[kind] = self.counts.get(kind, 0) + 1
        if example is not None:
            self.examples.append(f"{kind}: {example}")


def classify_page(page: Page, claims, errors: PageErrors, keep_examples: bool) -> None:
    """Each annotated statement and each claim of ``page`` in its error kind (module docstring)."""
    ann, held = page.annotation, set()
    for gold in ann.get("statements") or []:
        key = _norm(gold["key"])
        match = next((c for c in claims if key in _norm(c.claim_text)), None)
        near = match or max(claims, key=lambda c: containment(words_of(key), words_of(c.claim_text)), default=None)
        close = near is not None and (match is not None or containment(words_of(key), words_of(near.claim_text)) >= PARTIAL)
        if close:
            held.add(id(near))
        if match is not None:
            said = _name_words(match.speaker_name) | _name_words(match.speaker_mention)
            kind = "right" if _name_words(gold.get("speaker")) & said else "wrong_speaker"
        else:
            kind = "partial_span" if close else "missed"
        shown = f"[{ann['id']}] {gold.get('speaker')!r} <- {(near.speaker_name if near else None)!r}: {gold['key']!r}"
        errors.note(kind, shown if keep_examples and kind != "right" else None)
    for claim in claims:
        if id(claim) not in held:
            shown = f"[{ann['id']}] {claim.speaker_name!r}: {claim.claim_text[:140]!r}"
            errors.note("spurious", shown if keep_examples else None)


def score_page(page: Page, doc_text: str, title: str | None, published, claims, tally: Shares) -> None:
    """Add one page's cleaning, statement and date outcomes to ``tally``. The
    headline is kept when it is the document's title (cleaning moves it there)."""
    ann, clean, kept = page.annotation, _norm(doc_text), _norm(f"{title or ''}\n{doc_text}")
    for phrase in ann.get("boilerplate") or []:
        tally.add("boilerplate_removed", _norm(phrase) not in clean)
    for phrase in ann.get("body") or []:
        tally.add("body_kept", body_phrase(phrase) in kept)
    for gold in ann.get("statements") or []:
        key = _norm(gold["key"])
        match = next((c for c in claims if key in _norm(c.claim_text)), None)
        tally.add("statement_found", match is not None)
        if match is None:
            continue
        said = _name_words(match.speaker_name) | _name_words(match.speaker_mention)
        tally.add("speaker_right", bool(_name_words(gold.get("speaker")) & said))
        if gold.get("speaker_kind"):
            tally.add("speaker_kind_right", match.speaker_kind == gold["speaker_kind"])
        if gold.get("relay"):
            tally.add("relay_right", bool(_name_words(gold["relay"]) & _name_words(match.relay)))
        tally.add("topic_right", match.topic == gold.get("topic"))
        tally.add("stance_right", match.stance == gold.get("stance"))
    # No date is better than a wrong one: wrong and missing dates are counted apart,
    # and so is a date given for a page that states none (and has none in its url).
    if ann.get("published_date"):
        tally.add("published_date_right", str(published) == str(ann["published_date"]))
        tally.add("published_date_wrong", published is not None and str(published) != str(ann["published_date"]))
        tally.add("published_date_missing", published is None)
    else:
        tally.add("published_date_given_unstated", published is not None)


def evaluate_devcorpus(annotations: Path, pages: Path, model: str, taxonomy: str | None = None,
                       splits: tuple[str, ...] = SPLITS) -> dict:
    """Figures per split (``splits``: ("tune",) leaves the blind half unparsed and unseen, for work
    in progress); a message with how to rebuild the pages when they are absent."""
    from pipeline.clean import clean_article
    from pipeline.clean.repetition import repeated_in, site_of
    from pipeline.enrich.classifier import load_labeller
    from pipeline.extract.component import claims_for_document
    from pipeline.extract.model import load_nlp
    from pipeline.ingest.reader import read_source

    found, problems = load_pages(annotations, pages)
    found = [page for page in found if page.split in splits]
    if not found:
        return {"skipped": REBUILD.format(pages=pages, annotations=annotations)}
    nlp, labeller = load_nlp(model), load_labeller(taxonomy)
    site = {id(page): site_of(page.annotation.get("url"), page.annotation["outlet"]) for page in found}
    repeated = repeated_in((site[id(page)], page.text) for page in found)  # what each site repeats, as the pipeline counts it
    tallies = {split: Shares() for split in splits}
    errors = {split: PageErrors({}, []) for split in splits}
    for page in found:
        records, _ = read_source(pages / f"{page.annotation['id']}.txt", pages)
        for record in records:  # the capture's address, as a crawl's list of sources gives it
            record.url = record.url or page.annotation.get("url")
        docs = [clean_article(r, repeated=repeated.get(site[id(page)], frozenset())) for r in records]
        text = "\n\n".join(d.text for d in docs)
        published, title = (docs[0].published_date, docs[0].title) if docs else (None, None)
        claims = claims_for_document(nlp(text), published, labeller) if text else []
        score_page(page, text, title, published, claims, tallies[page.split])
        classify_page(page, claims, errors[page.split], keep_examples=page.split == "tune")
    result = {f"{split}_pages": sum(p.split == split for p in found) for split in splits}
    result["pages_missing_or_changed"] = len(problems)
    for split, tally in tallies.items():
        result.update({f"{split}_{k}": v for k, v in tally.shares().items()})
        result[f"{split}_error_kinds"] = dict(sorted(errors[split].counts.items()))
    result["tune_error_examples"] = errors["tune"].examples if "tune" in errors else []
    return result
