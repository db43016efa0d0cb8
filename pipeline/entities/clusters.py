"""The same claim made again, by other speakers or outlets, grouped.

Claims are blocked by (topic, stance): only claims that agree on both can be
the same claim, and claims without a topic or a stance are not clustered.
Within a block a claim's text is normalised to its content words, with the
taxonomy's wording replaced by the topic or stance name ("our missile systems
are a red line" -> "missiles systems non_negotiable"), so that the many ways of
saying one position compare as alike, while claims that add content of their
own stay apart.

Clustering is a single pass in date order (leader clustering): each claim
joins the clusters whose representatives it matches, by rapidfuzz
``token_set_ratio`` at or above the threshold (merging them if several), or
starts a new one.  A claim is compared only with clusters of its own block
that share a word with it, through a bounded inverted index, and only with
a few representatives of each, so 100k claims take seconds, not an all-pairs
comparison.

A consequence to know: token_set_ratio scores 100 when one text's words are
a subset of the other's, so a claim that says nothing beyond its topic and
stance ("the missiles are a red line": "missiles non_negotiable") links every
claim of its block that states the position, however many words of its own
they add.  That is what groups "missiles are non-negotiable" from many
officials over years; claims whose own content differs and that no such
plain statement links stay apart.  Finer clusters come from a finer
taxonomy (more topics), not from the threshold.

Choices (settings in ``pipeline/data/clusters.yaml``):
- a cluster needs ``min_claims`` claims (2): a claim made once is not "made
  again", so singletons keep a null cluster_id and get no row;
- cluster_id is a hash of topic, stance and the cluster's earliest claim_id,
  so it is stable across runs while that claim stays the earliest;
- label is the cluster's most central claim (most like the others),
  shorter ones first on ties.
"""
from __future__ import annotations

import hashlib
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

import pandas as pd
from rapidfuzz import fuzz, process

from pipeline.datafiles import load_data
from pipeline.enrich.taxonomy import Taxonomy, load_taxonomy, pattern_body, word_bounded
from pipeline.entities.speakers import as_date
from pipeline.schemas import frame_of

MAPPING_COLUMNS = ["claim_id", "cluster_id"]

_WORD = re.compile(r"[^\W\d_](?:[\w'’-]*\w)?")
_POSSESSIVE = re.compile(r"['’]s$")


@dataclass(frozen=True)
class _Settings:
    threshold: float
    representatives: int
    postings_per_word: int
    candidates_per_claim: int
    min_claims: int
    stopwords: frozenset[str]


@lru_cache(maxsize=1)
def _settings() -> _Settings:
    data = load_data("clusters.yaml")
    bad = [w for w in data["stopwords"] if not isinstance(w, str)]
    if bad:
        raise ValueError(f"clusters.yaml stopwords must be strings; quote these: {bad!r}")
    return _Settings(
        threshold=float(data["similarity_threshold"]),
        representatives=int(data["representatives_per_cluster"]),
        postings_per_word=int(data["postings_per_word"]),
        candidates_per_claim=int(data["candidates_per_claim"]),
        min_claims=int(data["min_claims"]),
        stopwords=frozenset(w.lower() for w in data["stopwords"]),
    )


def _vocabulary(
    taxonomy: Taxonomy, topic: str | None = None, stance: str | None = None
) -> tuple[re.Pattern[str], dict[str, str]]:
    """One regex over the taxonomy wording (of one topic and stance, if given);
    group name -> the token it becomes.

    Word boundaries are checked once, outside the alternation, and a block
    only needs its own topic and stance wording: both for speed, since this
    runs on every claim."""
    parts, token_of = [], {}
    for i, t in enumerate(taxonomy.topics):
        if topic is None or t.name == topic:
            parts.append(f"(?P<t{i}>{pattern_body(t.pattern)})")
            token_of[f"t{i}"] = t.name
    for i, s in enumerate(taxonomy.stances):
        if s.pattern is not None and (stance is None or s.name == stance or s.name == _base_stance(taxonomy, stance)):
            parts.append(f"(?P<s{i}>{pattern_body(s.pattern)})")
            token_of[f"s{i}"] = s.name
    if not parts:
        return re.compile(r"(?!)"), token_of
    return re.compile(word_bounded("|".join(parts)), re.IGNORECASE), token_of


def _base_stance(taxonomy: Taxonomy, stance: str | None) -> str | None:
    """The stance whose wording a derived stance is found by (conditional: willing)."""
    return taxonomy.conditional_applies_to if stance == taxonomy.conditional else None


def normalise(text: str, taxonomy: Taxonomy, vocabulary=None) -> str:
    """Content words of a claim, taxonomy wording replaced by its name, sorted and distinct."""
    pattern, token_of = vocabulary or _vocabulary(taxonomy)
    stopwords = _settings().stopwords
    tokens: set[str] = set()
    last = 0
    for m in pattern.finditer(text):
        tokens.update(_content_words(text[last : m.start()], stopwords))
        tokens.add(token_of[m.lastgroup])
        last = m.end()
    tokens.update(_content_words(text[last:], stopwords))
    return " ".join(sorted(tokens))


def _content_words(text: str, stopwords: frozenset[str]) -> list[str]:
    words = (_POSSESSIVE.sub("", w.lower()) for w in _WORD.findall(text))
    return [w for w in words if len(w) > 1 and w not in stopwords]


@dataclass
class _Cluster:
    members: list[int] = field(default_factory=list)  # row positions
    representatives: list[str] = field(default_factory=list)


def _cluster_block(positions: list[int], texts: list[str], settings: _Settings) -> list[list[int]]:
    """Leader clustering of one block's claims (given in date order).

    Claims with the same normalised text are one unit.  A unit is compared
    only with clusters that share a word with it, through an inverted index
    whose lists keep the ``postings_per_word`` most recently joined clusters,
    so the cost per claim is bounded however large the block.
    """
    units: dict[str, list[int]] = {}
    for pos in positions:
        units.setdefault(texts[pos], []).append(pos)
    clusters: list[_Cluster | None] = []  # None once merged into another
    parent: list[int] = []
    postings: dict[str, list[int]] = defaultdict(list)
    biggest: int | None = None

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for text, members in units.items():
        words = text.split()
        shared = Counter()
        for w in words:
            posting = postings.get(w)
            if posting:
                shared.update({find(ci) for ci in posting})
        # The clusters sharing most words are the ones worth scoring, and the
        # block's biggest cluster (its plainest, most repeated position); a
        # bounded number of them keeps the cost per claim flat.
        candidates = [c for c, _ in shared.most_common(settings.candidates_per_claim)]
        if biggest is not None and find(biggest) not in candidates:
            candidates.append(find(biggest))
        matched: list[int] = []
        if candidates:
            reps = [(ci, rep) for ci in sorted(candidates) for rep in clusters[ci].representatives]
            hits = process.extract(
                text, [rep for _, rep in reps], scorer=fuzz.token_set_ratio,
                score_cutoff=settings.threshold, limit=None,
            )
            matched = sorted({reps[index][0] for _, _, index in hits})
        if matched:
            # A claim like two clusters links them (single linkage): merge
            # into the oldest, so the order of arrival does not split a position.
            target = matched[0]
            for other in matched[1:]:
                clusters[target].members.extend(clusters[other].members)
                clusters[target].representatives.extend(clusters[other].representatives)
                clusters[other] = None
                parent[other] = target
        else:
            target = len(clusters)
            clusters.append(_Cluster())
            parent.append(target)
        cluster = clusters[target]
        cluster.members.extend(members)
        if biggest is None or len(cluster.members) > len(clusters[find(biggest)].members):
            biggest = target
        if text:
            # The shortest texts represent a cluster: they are its plainest
            # statement of the position, which restatements with more words of
            # their own still match.
            reps = sorted(set(cluster.representatives) | {text}, key=lambda t: (len(t.split()), t))
            cluster.representatives = reps[: settings.representatives]
        for w in words:
            posting = postings[w]
            posting.append(target)
            if len(posting) > settings.postings_per_word:
                del posting[0]
    return [sorted(c.members) for c in clusters if c is not None]


def _label(members: list[int], texts: list[str], claim_texts: list[str]) -> str:
    """The most central claim of a cluster: the one most like the others."""
    sample = members[:50]
    if len(sample) <= 2:
        return min((claim_texts[p] for p in sample), key=lambda t: (len(t), t))
    norm = [texts[p] for p in sample]
    scores = process.cdist(norm, norm, scorer=fuzz.token_set_ratio).sum(axis=1)
    best = max(range(len(sample)), key=lambda i: (scores[i], -len(claim_texts[sample[i]]), -i))
    return claim_texts[sample[best]]


def _distinct(values) -> int:
    return len({v for v in values if v is not None and not (isinstance(v, float) and pd.isna(v))})


def cluster_claims(
    claims: pd.DataFrame, taxonomy: Taxonomy | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The ``claim_clusters`` table and a claim_id -> cluster_id mapping.

    ``claims`` has claim_id, claim_text, topic, stance, speaker_id, outlet,
    statement_date, published_date.  Every claim appears in the mapping;
    unclustered ones with a null cluster_id.
    """
    settings = _settings()
    taxonomy = taxonomy or load_taxonomy()
    rows = claims.reset_index(drop=True)
    claim_ids = [str(c) for c in rows["claim_id"]]
    claim_texts = ["" if not isinstance(t, str) else t for t in rows["claim_text"]]
    topics, stances = list(rows["topic"]), list(rows["stance"])
    speakers, outlets = list(rows["speaker_id"]), list(rows["outlet"])
    dates = [as_date(s) or as_date(p) for s, p in zip(rows["statement_date"], rows["published_date"], strict=True)]

    blocks: dict[tuple[str, str], list[int]] = {}
    for pos, (topic, stance) in enumerate(zip(topics, stances, strict=True)):
        if isinstance(topic, str) and isinstance(stance, str):
            blocks.setdefault((topic, stance), []).append(pos)
    texts = [""] * len(rows)
    for (topic, stance), positions in blocks.items():
        vocabulary = _vocabulary(taxonomy, topic, stance)
        normalised: dict[str, str] = {}  # repeated claim texts are normalised once
        for pos in positions:
            text = claim_texts[pos]
            if text not in normalised:
                normalised[text] = normalise(text, taxonomy, vocabulary)
            texts[pos] = normalised[text]

    def order(pos: int) -> tuple:  # date order, undated last, claim_id to break ties
        return (dates[pos] is None, dates[pos] or date.min, claim_ids[pos])

    cluster_of: list[str | None] = [None] * len(rows)
    records = []
    for (topic, stance), positions in sorted(blocks.items()):
        for members in _cluster_block(sorted(positions, key=order), texts, settings):
            if len(members) < settings.min_claims:
                continue
            earliest = min(members, key=order)
            key = f"{topic}|{stance}|{claim_ids[earliest]}"
            cluster_id = "cl_" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]
            for pos in members:
                cluster_of[pos] = cluster_id
            member_dates = [dates[p] for p in members if dates[p] is not None]
            records.append(
                {
                    "cluster_id": cluster_id,
                    "label": _label(members, texts, claim_texts),
                    "topic": topic,
                    "stance": stance,
                    "n_claims": len(members),
                    "n_speakers": _distinct(speakers[p] for p in members),
                    "n_outlets": _distinct(outlets[p] for p in members),
                    "first_date": min(member_dates) if member_dates else None,
                    "last_date": max(member_dates) if member_dates else None,
                }
            )
    table = frame_of("claim_clusters", records)
    table = table.astype({"n_claims": "int64", "n_speakers": "int64", "n_outlets": "int64"})
    mapping = pd.DataFrame({"claim_id": rows["claim_id"], "cluster_id": cluster_of}, columns=MAPPING_COLUMNS)
    return table, mapping
