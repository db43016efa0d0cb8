"""The two systems under evaluation, each turning a parsed doc into Statements:
redline's claims and textacy's direct_quotations baseline."""
from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from spacy.tokens import Doc

from pipeline.evaluation.scoring import WORD, Statement, words_of
from pipeline.extract.component import claims_for_document
from pipeline.records import ExtractedClaim


def locate(text: str, mention: str | None, lo: int, hi: int, claim: tuple[int, int],
           cue: str = "") -> tuple[int, int] | None:
    """Char span of ``mention`` as a whole word inside ``text[lo:hi]`` and outside the
    claim, closest to the claim (claims carry the mention as written, not its offsets).
    A parenthetical cue ("The museum, Mr. Obama said, would ...") sits inside its claim:
    there, the mention right before the cue."""
    if not mention:
        return None
    pattern = re.compile(r"(?<!\w)" + re.escape(mention) + r"(?!\w)")
    spans = [m.span() for m in pattern.finditer(text, lo, hi) if m.end() <= claim[0] or m.start() >= claim[1]]
    if spans:
        return min(spans, key=lambda s: min(abs(s[0] - claim[1]), abs(claim[0] - s[1])))
    inner = re.compile(r"(?<!\w)" + re.escape(mention) + r"\W{1,3}" + re.escape(cue)) if cue else None
    found = inner.search(text, claim[0], claim[1]) if inner else None
    return (found.start(), found.start() + len(mention)) if found else None


def mention_span(text: str, c) -> tuple[int, int] | None:
    """Where the claim's speaker mention is written: the offset extraction kept, else
    (claims read back from a warehouse carry none) the nearest match of its text."""
    if c.speaker_mention and c.speaker_start is not None:
        return c.speaker_start, c.speaker_start + len(c.speaker_mention)
    return locate(text, c.speaker_mention, c.context_start, c.context_end, (c.start_char, c.end_char), c.cue)


def redline_statements(doc: Doc) -> list[Statement]:
    """The claims the warehouse would hold for ``doc``: the production path (the
    pipeline's ``redline_claims`` component, then dating and classification)."""
    out = []
    for c in claims_for_document(doc, None):
        span = mention_span(doc.text, c)
        out.append(Statement(
            words=words_said(c),
            speaker_words={w.lower() for w in WORD.findall(c.speaker_mention or "")},
            speaker_name=c.speaker_name,
            speaker_span=span,
            label=c.claim_text,
        ))
    return out


def words_said(c: ExtractedClaim) -> Counter:
    """The claim's words less the attribution written inside it ("“A,” he said. “B.”"):
    PolNeAR's statements leave it out (a Content span in fragments), and so do readers."""
    if not c.attribution:
        return words_of(c.claim_text)
    a, b = (x - c.start_char for x in c.attribution)
    return words_of(c.claim_text[:a] + " " + c.claim_text[b:])


@lru_cache(maxsize=1)
def _lemmatizer():
    """textacy reads lemmas; redline's pipeline runs without the lemmatizer, so the
    baseline gets one applied to the same parse (no second parse)."""
    import spacy

    from pipeline.settings import settings_from_env

    return spacy.load(settings_from_env().spacy_model).get_pipe("lemmatizer")


def textacy_statements(doc: Doc) -> list[Statement]:
    from textacy.extract.triples import direct_quotations

    doc = _lemmatizer()(doc)
    try:
        triples = list(direct_quotations(doc))
    except ValueError:  # textacy gives up on a document with an odd number of quote marks
        triples = []
    out = []
    for triple in triples:
        speaker = " ".join(t.text for t in triple.speaker)
        first, last = (triple.speaker[0], triple.speaker[-1]) if triple.speaker else (None, None)
        out.append(Statement(
            words=words_of(triple.content.text),
            speaker_words={w.lower() for w in WORD.findall(speaker)},
            speaker_name=speaker,  # textacy does not resolve: the mention is its name
            speaker_span=(first.idx, last.idx + len(last)) if first is not None else None,
            label=triple.content.text,
        ))
    return out


SYSTEMS = {"redline": redline_statements, "textacy": textacy_statements}
