"""PolNeAR train's attributions as claims, for annotating and scoring claim-pair decisions.

PolNeAR train ships its attribution spans (Source, Cue, Content) without the
article texts, so the pipeline cannot read it; its Content spans are claims as
good as the pipeline's, and many of its 919 articles (seven outlets, the 2016
US campaign) report one statement of a candidate again. Each claim gets what
the clusterer sees in a warehouse claim:

- doc_id, outlet and date from the file name (``outlet_YYYY-MM-DD_slug_hash``);
- speaker_id from the Source span when it is a bare name (one to four title-case
  words, a title like "Sen." allowed): its last word, lowercased ("Hillary
  Clinton", "Mr. Trump" -> "clinton", "trump"); None for a pronoun or a
  description ("he", "the Republican nominee", "A CNN poll"), which a run's
  speaker step would resolve and this reader cannot (no text, no coreference);
- kind: direct when the content holds a quotation mark, else indirect;
- start_char: the Content span's first offset.

A few articles were annotated twice (the file name's last part names the
annotator): only the first file of an article is read.
"""
from __future__ import annotations

import re
from datetime import date
from pathlib import Path

import pandas as pd

_SPAN = re.compile(r"^(T\d+)\t(Source|Cue|Content) (\d+) [\d; ]+\t(.*)$", re.MULTILINE)
_EVENT = re.compile(r"^E\d+\t(.*)$", re.MULTILINE)
_BARE_NAME = re.compile(r"^(?:[A-Z][a-z]{0,3}\. )?(?:(?:[A-Z][a-z]+(?:-[A-Z][a-z]+)?|[A-Z]\.) ?){1,4}$")
_QUOTE = re.compile(r"[\"“”]")
_PRONOUNS = frozenset({"He", "She", "They", "We", "It", "I", "You", "This", "That", "Who", "Which"})
_FILE = re.compile(r"^(?P<outlet>[a-z-]+)_(?P<date>\d{4}-\d{2}-\d{2})_")
_ANNOTATOR = re.compile(r"_[0-9a-f]+$")


def speaker_key(source: str) -> str | None:
    """The last word of a Source span that is a bare name, lowercased; else None."""
    source = source.strip()
    if source in _PRONOUNS or not _BARE_NAME.match(source):
        return None
    return source.split()[-1].strip(".").lower()


def read_article(path: Path) -> list[dict]:
    """One row per attribution with a Content span of the .ann file."""
    text = path.read_text(encoding="utf-8")
    spans = {tid: (kind, int(start), body) for tid, kind, start, body in _SPAN.findall(text)}
    name = _FILE.match(path.name)
    outlet, when = (name["outlet"], date.fromisoformat(name["date"])) if name else (None, None)
    rows = []
    for event in _EVENT.findall(text):
        roles = dict(part.split(":", 1) for part in event.split() if ":" in part)
        content = spans.get(roles.get("Content", ""))
        if content is None:
            continue
        source = spans.get(roles.get("Source", ""), (None, None, ""))[2]
        rows.append({"doc_id": path.stem, "start_char": content[1], "claim_text": content[2],
                     "source": source, "speaker_id": speaker_key(source), "outlet": outlet,
                     "statement_date": when, "published_date": when,
                     "kind": "direct" if _QUOTE.search(content[2]) else "indirect"})
    return rows


def polnear_claims(folder: Path) -> pd.DataFrame:
    """Every Content span of the .ann files in ``folder`` (claim_id = doc_id:start_char)."""
    first: dict[str, Path] = {}
    for path in sorted(folder.glob("*.ann")):
        first.setdefault(_ANNOTATOR.sub("", path.stem), path)
    rows = [row for path in first.values() for row in read_article(path)]
    frame = pd.DataFrame(rows).drop_duplicates(["doc_id", "start_char"]).reset_index(drop=True)
    frame.insert(0, "claim_id", frame["doc_id"] + ":" + frame["start_char"].astype(str))
    frame["speaker_name"] = frame["speaker_id"]
    frame["speaker_affiliation"] = None
    frame["topic"] = None
    frame["stance"] = None
    return frame


# --------------------------------------------------------------------------- candidate pairs

HELD_OUT_FROM = date(2016, 6, 1)  # articles from this day on are the held-out side
STRATA = ((0.0, 0.5), (0.5, 0.6), (0.6, 0.7), (0.7, 0.9), (0.9, 1.01))  # by IDF overlap


def split_of(when: date | None) -> str:
    return "held_out" if when is not None and when >= HELD_OUT_FROM else "tune"


def candidate_pairs(claims: pd.DataFrame, min_words: int = 5, max_words: int = 80) -> list[dict]:
    """Pairs of claims (5-80 words) that could be one statement: sharing at least two
    rare stems (IDF >= 5, in at most 300 claims) and alike by IDF overlap (>= 0.35) or
    one nearly inside the other (partial_ratio >= 80). Both on one side of the split.
    The population the annotated sample was drawn from, stratum by stratum."""
    from collections import Counter, defaultdict
    from itertools import combinations

    from rapidfuzz import fuzz

    from pipeline.enrich.taxonomy import load_taxonomy
    from pipeline.entities.clusters import _vocabulary, claim_stems, wording_key
    from pipeline.entities.similarity import load_model

    words = claims["claim_text"].str.split().str.len()
    kept = claims[(words >= min_words) & (words <= max_words)].reset_index(drop=True)
    taxonomy, model = load_taxonomy(), load_model()
    vocabulary = _vocabulary(taxonomy)
    stems = [claim_stems(t, taxonomy, vocabulary) for t in kept["claim_text"]]
    postings: dict[str, list[int]] = defaultdict(list)
    for i, s in enumerate(stems):
        for w in s:
            if model.weight(w) >= 5.0:
                postings[w].append(i)
    shared: Counter = Counter()
    for members in postings.values():
        if len(members) <= 300:
            shared.update(combinations(members, 2))
    out = []
    for (a, b), n in sorted(shared.items()):
        side = split_of(kept["statement_date"][a])
        if n < 2 or side != split_of(kept["statement_date"][b]):
            continue
        overlap = model.overlap(stems[a], stems[b])
        partial = fuzz.partial_ratio(wording_key(kept["claim_text"][a]), wording_key(kept["claim_text"][b]))
        if overlap >= 0.35 or partial >= 80:
            out.append({"a": kept["claim_id"][a], "b": kept["claim_id"][b], "split": side,
                        "overlap": overlap, "stratum": stratum_of(overlap)})
    return out


def stratum_of(overlap: float) -> int:
    return next(i for i, (lo, hi) in enumerate(STRATA) if lo <= overlap < hi)
