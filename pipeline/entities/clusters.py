"""The same statement made again, grouped: claim clusters.

Two claims are one statement when a **pair classifier** learned on annotated
pairs (pipeline/entities/pairs.py: a logistic regression over wording, meaning
and circumstance features, threshold chosen for precision) says so. It decides
the candidate pairs only, found three ways, so that a run never compares all pairs:
- a shared run of 3 words (an inverted index of word shingles; a shingle of more
  than ``max_postings`` claims is a stock phrase and left out), as Quotebank
  finds a quote's renderings;
- the same actor close in time: one speaker, one affiliation or one article,
  in one article or dated at most ``max_days`` apart (a report and the quote it
  renders may share no run of words);
- two rare content stems in common (IDF at least ``min_rare_idf``).
Two claims with no content stem in common are never one statement. Two different
resolved speakers join only when the texts are the same **wording** (normalised
texts nearly equal by rapidfuzz ``ratio``, or the shorter inside the longer by
``partial_ratio``, at least a few words long): one quote given to two people is
one statement, two officials saying alike are two; except two ids that the
article shows may be one speaker (one_speaker.py: a description and the name it
describes, "Khamenei's official website" and Ali Khamenei, an institution and its
spokesperson), which the classifier then reads as one speaker. ``grouped_by`` says which
links made a cluster: ``wording`` (the same words) or ``paraphrase``.

Topic and stance play no part (both are a classifier's guess): "the programme
is a red line" quoted by one outlet and reported by another as "the programme
is not up for negotiation" is one statement, whatever labels each got. Clusters are the
connected pairs (single linkage). What the issue calls a *position*, every
claim of one topic and stance across speakers and years ("missiles are
non-negotiable"), is a different grouping: the ``claim_positions`` mart view
(warehouse/marts/claim_positions.sql).

A run with new claims reuses the stored clusters when the claims they were
built from are unchanged (``Previous``, run_entities.previous_clusters): only
pairs with a new claim are compared.

Choices (settings in ``pipeline/data/clusters.yaml``):
- a cluster needs ``min_claims`` claims (2); singletons keep a null cluster_id;
- cluster_id is a hash of the cluster's earliest claim_id, stable across runs
  while that claim stays the earliest;
- label is the cluster's most central claim (most like the others by
  wording), shorter first on ties; topic and stance are its claims' most
  common ones.
"""
from __future__ import annotations

import hashlib
import re
from bisect import bisect_right
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from itertools import accumulate
from typing import NamedTuple

import pandas as pd
from rapidfuzz import fuzz, process

from pipeline.caseless import Caseless
from pipeline.datafiles import load_data
from pipeline.enrich.taxonomy import Taxonomy, load_taxonomy, pattern_body, word_bounded
from pipeline.entities.one_speaker import article_profiles, may_be_one
from pipeline.entities.pairs import PairSide, StemWeights, load_pair_model, pair_features, stem_overlap, wording_key
from pipeline.entities.similarity import load_model
from pipeline.entities.speakers import as_date
from pipeline.schemas import frame_of
from pipeline.shingles import word_shingles

MAPPING_COLUMNS = ["claim_id", "cluster_id"]

_WORD = re.compile(r"[^\W\d_](?:[\w'’-]*\w)?")
_POSSESSIVE = re.compile(r"['’]s$")
WORDING, PARAPHRASE = "wording", "paraphrase"


@dataclass(frozen=True)
class _Settings:
    shingle_words: int
    max_postings: int
    min_ratio: float
    min_partial_ratio: float
    min_contained_words: int
    max_days: int
    adjacent_claims: int
    min_rare_idf: float
    min_rare_shared: int
    min_overlap: float
    stem_letters: int
    min_claims: int
    stopwords: frozenset[str]
    role_breakers: frozenset[str]
    spokespersons: frozenset[str]


@lru_cache(maxsize=1)
def _settings() -> _Settings:
    data = load_data("clusters.yaml")
    bad = [w for w in data["stopwords"] if not isinstance(w, str)]
    if bad:
        raise ValueError(f"clusters.yaml stopwords must be strings; quote these: {bad!r}")
    wording, paraphrase = data["wording"], data["paraphrase"]
    return _Settings(
        shingle_words=int(wording["shingle_words"]),
        max_postings=int(wording["max_postings"]),
        min_ratio=float(wording["min_ratio"]),
        min_partial_ratio=float(wording["min_partial_ratio"]),
        min_contained_words=int(wording["min_contained_words"]),
        max_days=int(paraphrase["max_days"]),
        adjacent_claims=int(paraphrase["adjacent_claims"]),
        min_rare_idf=float(paraphrase["min_rare_idf"]),
        min_rare_shared=int(paraphrase["min_rare_shared"]),
        min_overlap=float(paraphrase["min_overlap"]),
        stem_letters=int(paraphrase["stem_letters"]),
        min_claims=int(data["min_claims"]),
        stopwords=frozenset(w.lower() for w in data["stopwords"]),
        role_breakers=frozenset(str(w).lower() for w in data["one_speaker"]["role_breakers"]),
        spokespersons=frozenset(str(w).lower() for w in data["one_speaker"]["spokespersons"]),
    )


# --------------------------------------------------------------------------- wording


def same_wording(a: str, b: str, settings: _Settings | None = None) -> bool:
    """Two wording keys render one quote: nearly equal, or the shorter inside the longer."""
    settings = settings or _settings()
    if a == b:
        return bool(a)
    # score_cutoff lets rapidfuzz stop as soon as a pair cannot reach the threshold (same answers, far fewer steps)
    if fuzz.ratio(a, b, score_cutoff=settings.min_ratio):
        return True
    shorter = min(a, b, key=len)
    return (len(shorter.split()) >= settings.min_contained_words
            and fuzz.partial_ratio(a, b, score_cutoff=settings.min_partial_ratio) >= settings.min_partial_ratio)


def _wording_pairs(keys: list[str], settings: _Settings, new: set[int] | None = None) -> Iterator[tuple[int, int]]:
    """Candidate pairs of positions whose keys share a shingle (a run of ``shingle_words``
    words); with ``new``, only pairs with at least one position in it."""
    postings: dict[str, list[int]] = defaultdict(list)
    if new is None:
        grams_of, wanted = [word_shingles(k.split(), settings.shingle_words) for k in keys], None
    else:  # incrementally, only the new claims' shingles need their postings
        grams_of, wanted = _grams_sharing(keys, new, settings.shingle_words)
    for pos, grams in enumerate(grams_of):
        for g in grams if wanted is None else grams & wanted:
            postings[g].append(pos)
    for pos in sorted(new) if new is not None else range(len(keys)):
        grams = grams_of[pos]
        candidates = {other for g in grams if len(postings[g]) <= settings.max_postings for other in postings[g]}
        # each pair once: after pos, or (incrementally) an old claim before it
        later = (c for c in candidates if c > pos or (new is not None and c < pos and c not in new))
        for other in sorted(later):
            yield min(pos, other), max(pos, other)


def _grams_sharing(keys: list[str], new: set[int], size: int) -> tuple[list[set[str]], set[str]]:
    """Each position's shingles where they may hold one of the new positions' (the wanted ones),
    else none, and the wanted shingles. A key holds a shingle only if it holds the shingle's
    longest word: the keys without any such word (most of them, for a few new claims) are
    passed over with one set test instead of joining every run of their words."""
    grams_of: list[set[str] | frozenset[str]] = [frozenset()] * len(keys)  # one shared empty, never written
    for pos in new:
        grams_of[pos] = word_shingles(keys[pos].split(), size)
    wanted = set().union(*(grams_of[p] for p in new))
    cues = {max(g.split(), key=len) for g in wanted}
    for pos, key in enumerate(keys):
        if pos not in new and not cues.isdisjoint(words := key.split()):
            grams_of[pos] = word_shingles(words, size)
    return grams_of, wanted


# --------------------------------------------------------------------------- paraphrase


class _Vocabulary(NamedTuple):
    """The taxonomy's wording as one regex; group name -> the token it becomes."""

    pattern: Caseless
    token_of: dict[str, str]


def _vocabulary(taxonomy: Taxonomy) -> _Vocabulary:
    """One regex over the taxonomy's wording; group name -> the token it becomes."""
    parts, token_of = [], {}
    for i, t in enumerate(taxonomy.topics):
        parts.append(f"(?P<t{i}>{pattern_body(t.pattern)})")
        token_of[f"t{i}"] = t.name
    for i, s in enumerate(taxonomy.stances):
        if s.pattern is not None:
            parts.append(f"(?P<s{i}>{pattern_body(s.pattern)})")
            token_of[f"s{i}"] = s.name
    if not parts:
        return _Vocabulary(re.compile(r"(?!)"), token_of)
    return _Vocabulary(Caseless(word_bounded("|".join(parts))), token_of)


def normalise(text: str, taxonomy: Taxonomy, vocabulary=None) -> str:
    """Content words of a claim, taxonomy wording replaced by its name, sorted and distinct."""
    vocabulary = vocabulary or _vocabulary(taxonomy)
    stopwords = _settings().stopwords
    tokens: set[str] = set()
    last = 0
    for m in vocabulary.pattern.finditer(text):
        tokens.update(_content_words(text[last : m.start()], stopwords))
        tokens.add(vocabulary.token_of[m.lastgroup])
        last = m.end()
    tokens.update(_content_words(text[last:], stopwords))
    return " ".join(sorted(tokens))


def _content_words(text: str, stopwords: frozenset[str]) -> list[str]:
    words = map(_bare, _WORD.findall(text))
    return [w for w in words if len(w) > 1 and w not in stopwords]


@lru_cache(maxsize=1 << 16)
def _bare(word: str) -> str:
    """A word lower-cased, without a possessive: one regex call per distinct word, not per word."""
    return _POSSESSIVE.sub("", word.lower())


_ENDINGS = "ies|es|s|ed|ing|e"  # inflections a stem drops
_INFLECTION = re.compile(rf"(?<=[a-z]{{3}})(?:{_ENDINGS})$")


def stems(words: str, length: int) -> set[str]:
    """Words without an inflectional ending, cut to their first ``length`` letters: a
    crude stemmer that needs no model ("negotiations", "negotiating" -> "negoti"; "bans"
    -> "ban"), enough to compare paraphrases. Names (with "_") are kept whole but cut."""
    return {(w if "_" in w else _INFLECTION.sub("", w))[:length] for w in words.split()}


def claim_stems(text: str, taxonomy: Taxonomy, vocabulary=None) -> frozenset[str]:
    """The stems a claim is compared by: its content words, taxonomy wording as its names."""
    return frozenset(stems(normalise(text, taxonomy, vocabulary), _settings().stem_letters))


def _actor_groups(rows: _Rows) -> dict[tuple, list[int]]:
    """(kind, key) -> positions: one group per speaker, per affiliation and per document (any topic)."""
    groups: dict[tuple, list[int]] = defaultdict(list)
    for pos in range(len(rows.ids)):
        if rows.speakers[pos]:
            groups[("speaker", rows.speakers[pos])].append(pos)
        if rows.affiliations[pos]:
            groups[("affiliation", rows.affiliations[pos])].append(pos)
        if rows.docs[pos]:
            groups[("document", rows.docs[pos])].append(pos)
    return groups


def _close_pairs(positions: list[int], rows: _Rows, max_days: int) -> Iterator[tuple[int, int]]:
    """Pairs close in time: in one document (whatever their dates), or dated at most ``max_days`` apart."""
    by_doc: dict[str | None, list[int]] = defaultdict(list)
    for pos in positions:
        by_doc[rows.docs[pos]].append(pos)
    for doc, members in by_doc.items():
        if doc is not None:
            yield from ((a, b) for i, a in enumerate(members) for b in members[i + 1 :])
    dated = sorted((p for p in positions if rows.dates[p] is not None), key=lambda p: (rows.dates[p], rows.ids[p]))
    for i, pos in enumerate(dated):
        for other in dated[i + 1 :]:
            if (rows.dates[other] - rows.dates[pos]).days > max_days:
                break
            if rows.docs[pos] is None or rows.docs[pos] != rows.docs[other]:
                yield pos, other


def _actor_pairs(rows: _Rows, settings: _Settings, new: set[int] | None = None) -> Iterator[tuple[int, int]]:
    """Candidate pairs of one actor's claims (one speaker, one affiliation, one article), close in
    time, whatever their topic and stance (both are a classifier's guess); with ``new``, only
    pairs touching it. A paraphrase may share no run of words with what it renders."""
    for _, positions in _actor_groups(rows).items():
        if new is not None and not new.intersection(positions):
            continue
        for pos, other in _close_pairs(positions, rows, settings.max_days):
            if new is None or pos in new or other in new:
                yield min(pos, other), max(pos, other)


def _rare_stem_pairs(words: _LazyStems, n: int, settings: _Settings,
                     new: set[int] | None = None) -> Iterator[tuple[int, int]]:
    """Candidate pairs sharing at least ``min_rare_shared`` rare stems (IDF at least
    ``min_rare_idf``, in at most ``max_postings`` claims): two outlets' renderings of one
    statement share its telling words, if not a run of them."""
    model = load_model()

    def rare_of(pos: int) -> set[str]:
        return {s for s in words[pos] if model.weight(s) >= settings.min_rare_idf}

    if new is None:
        rare = {pos: rare_of(pos) for pos in range(n)}
    else:  # only the new claims' rare stems are looked up: a claim that cannot hold one adds no posting
        rare = {pos: rare_of(pos) for pos in new}
        wanted = frozenset().union(*rare.values())
        others = [pos for pos in range(n) if pos not in rare] if wanted else []
        held = words.holders(others, wanted)
        rare.update((pos, rare_of(pos) & wanted) for pos in others if pos in held)
        rare = dict(sorted(rare.items()))
    postings: dict[str, list[int]] = defaultdict(list)
    for pos, stems in rare.items():
        for stem in stems:
            postings[stem].append(pos)
    for pos in sorted(new) if new is not None else range(n):
        shared = Counter(other for stem in rare[pos] if len(postings[stem]) <= settings.max_postings
                         for other in postings[stem] if other != pos)
        for other, count in sorted(shared.items()):
            if count >= settings.min_rare_shared and (other > pos or (new is not None and other not in new)):
                yield min(pos, other), max(pos, other)


def _side(pos: int, rows: _Rows, keys, words) -> PairSide:
    return PairSide.of(rows.texts[pos], keys[pos], words[pos], load_model(), rows.speakers[pos], rows.docs[pos],
                       rows.dates[pos], rows.kinds[pos], rows.rank[pos])


def one_speaker_pairs(rows: _Rows, settings: _Settings):
    """(a, b) -> whether the claims' two different speaker ids, in one article, may be one
    speaker (one_speaker.py): a function of the pair, each article's profiles built once, when
    first asked for (an incremental build asks of the new file's article only)."""
    members: dict[str, list[int]] = defaultdict(list)
    for pos, doc in enumerate(rows.docs):
        members[doc].append(pos)
    profiles: dict[tuple, object] = {}
    built: set[str] = set()

    def profiles_of(doc: str) -> dict:
        if doc not in built:
            at = members[doc]
            profiles.update(article_profiles(*([column[p] for p in at] for column in (
                rows.speakers, rows.names, rows.roles, rows.affiliations, rows.docs)), settings.role_breakers))
            built.add(doc)
        return profiles

    def one(a: int, b: int) -> bool:
        doc, x, y = rows.docs[a], rows.speakers[a], rows.speakers[b]
        if not (x and y and x != y and doc and doc == rows.docs[b]):
            return False
        found = profiles_of(doc)
        return may_be_one(found[(doc, x)], found[(doc, y)], settings.spokespersons)
    return one


def candidate_pairs(rows: _Rows, keys: list[str], words, settings: _Settings,
                    new: set[int] | None = None) -> list[tuple[int, int]]:
    """The pairs the classifier decides: a shared run of words, one actor close in time, or
    shared rare words; never a pair with no content stem in common."""
    candidates = set(_wording_pairs(keys, settings, new))
    candidates.update(_actor_pairs(rows, settings, new))
    candidates.update(_rare_stem_pairs(words, len(keys), settings, new))
    return [(a, b) for a, b in sorted(candidates) if keys[a] and keys[b] and not words[a].isdisjoint(words[b])]


def _same_statement_pairs(rows: _Rows, keys: list[str], words, settings: _Settings,
                          new: set[int] | None = None) -> Iterator[tuple[int, int, str]]:
    """(a, b, how) for every candidate pair the pair classifier (pairs.py) takes for one
    statement; how is WORDING when the texts are the same words (same_wording), else
    PARAPHRASE. Two different resolved speakers join only on the same words: the same quote
    given to two people (an attribution slip) is one statement, two officials saying alike
    are two."""
    model, one_speaker, similarity = load_pair_model(), one_speaker_pairs(rows, settings), load_model()
    # Most candidates fail the stem overlap: it is read from the stems' weights alone, and the
    # whole side (n-grams, numbers, names, quotes) is built only for a pair that passes it.
    weighed: dict[int, StemWeights] = {}
    sides: dict[int, PairSide] = {}
    for a, b in candidate_pairs(rows, keys, words, settings, new):
        for pos in (a, b):
            if pos not in weighed:
                weighed[pos] = StemWeights.of(words[pos], similarity)
        if stem_overlap(weighed[a], weighed[b]) < settings.min_overlap:  # too little in common to ask the model
            continue
        one, wording = one_speaker(a, b), None
        if rows.speakers[a] and rows.speakers[b] and rows.speakers[a] != rows.speakers[b] and not one:
            if not (wording := same_wording(keys[a], keys[b], settings)):
                continue
        for pos in (a, b):
            if pos not in sides:
                sides[pos] = _side(pos, rows, keys, words)
        if model.same(pair_features(sides[a], sides[b], settings.adjacent_claims, one)):
            wording = same_wording(keys[a], keys[b], settings) if wording is None else wording
            yield a, b, WORDING if wording else PARAPHRASE


# --------------------------------------------------------------------------- clusters


@dataclass
class _Rows:
    ids: list[str]
    texts: list[str]
    topics: list
    stances: list
    speakers: list
    names: list
    roles: list
    affiliations: list
    outlets: list
    docs: list
    dates: list[date | None]
    kinds: list
    rank: list[int]  # the claim's place among its document's claims, by offset

    @classmethod
    def of(cls, frame: pd.DataFrame) -> _Rows:
        def column(name):
            values = frame[name] if name in frame.columns else [None] * len(frame)
            return [v if isinstance(v, str) and v else None for v in values]

        dates = [as_date(s) or as_date(p) for s, p in zip(frame["statement_date"], frame["published_date"], strict=True)]
        return cls(
            ids=[str(c) for c in frame["claim_id"]],
            texts=["" if not isinstance(t, str) else t for t in frame["claim_text"]],
            topics=column("topic"), stances=column("stance"), speakers=column("speaker_id"),
            names=column("speaker_name"), roles=column("speaker_role"), affiliations=column("speaker_affiliation"), outlets=column("outlet"),
            docs=column("doc_id"), dates=dates, kinds=column("kind"), rank=_ranks(frame),
        )

    def order(self, pos: int) -> tuple:  # date order, undated last, claim_id to break ties
        return (self.dates[pos] is None, self.dates[pos] or date.min, self.ids[pos])


def _ranks(frame: pd.DataFrame) -> list[int]:
    """Each claim's place in its document by start offset (row order when offsets are absent)."""
    starts = frame["start_char"] if "start_char" in frame.columns else pd.Series(range(len(frame)))
    docs = frame["doc_id"] if "doc_id" in frame.columns else pd.Series([None] * len(frame))
    order = pd.DataFrame({"doc": docs.fillna("").to_numpy(), "start": starts.to_numpy()})
    return [int(r) for r in order.groupby("doc")["start"].rank(method="first").fillna(0)]


class _Links:
    """Union-find over row positions, remembering which kinds of link joined them."""

    def __init__(self, n: int):
        self.parent = list(range(n))
        self.kinds: dict[int, set[str]] = defaultdict(set)

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, a: int, b: int, kind: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb:  # already one cluster: this link joined nothing
            return
        self.parent[max(ra, rb)] = min(ra, rb)
        self.kinds[min(ra, rb)] |= self.kinds.pop(max(ra, rb), set())
        self.kinds[min(ra, rb)].add(kind)

    def groups(self) -> list[tuple[list[int], set[str]]]:
        members: dict[int, list[int]] = defaultdict(list)
        for i in range(len(self.parent)):
            members[self.find(i)].append(i)
        return [(m, self.kinds.get(root, set())) for root, m in sorted(members.items())]


def _label(members: list[int], keys: list[str], claim_texts: list[str]) -> str:
    """The most central claim of a cluster: the one most like the others."""
    sample = members[:50]
    if len(sample) <= 2:
        return min((claim_texts[p] for p in sample), key=lambda t: (len(t), t))
    norm = [keys[p] for p in sample]
    scores = process.cdist(norm, norm, scorer=fuzz.partial_ratio).sum(axis=1)
    best = max(range(len(sample)), key=lambda i: (scores[i], -len(claim_texts[sample[i]]), -i))
    return claim_texts[sample[best]]


def _most_common(values) -> str | None:
    counts = Counter(v for v in values if v)
    return min(counts, key=lambda v: (-counts[v], v)) if counts else None


def _distinct(values) -> list[str]:
    return sorted({v for v in values if v})


def _record(members: list[int], kinds: set[str], rows: _Rows, keys: list[str]) -> dict:
    earliest = min(members, key=rows.order)
    dates = [rows.dates[p] for p in members if rows.dates[p] is not None]
    speakers = _distinct(rows.speakers[p] for p in members)
    return {
        "cluster_id": "cl_" + hashlib.sha1(rows.ids[earliest].encode("utf-8")).hexdigest()[:16],
        "label": _label(sorted(members, key=rows.order), keys, rows.texts),
        "topic": _most_common(rows.topics[p] for p in members),
        "stance": _most_common(rows.stances[p] for p in members),
        "n_claims": len(members),
        "n_speakers": len(speakers),
        "n_outlets": len(_distinct(rows.outlets[p] for p in members)),
        "first_date": min(dates) if dates else None,
        "last_date": max(dates) if dates else None,
        "speakers": _distinct(rows.names[p] or rows.speakers[p] for p in members) or None,
        "outlets": _distinct(rows.outlets[p] for p in members) or None,
        "n_documents": len(_distinct(rows.docs[p] for p in members)),
        "grouped_by": ", ".join(k for k in (WORDING, PARAPHRASE) if k in kinds),
    }


@dataclass(frozen=True)
class Previous:
    """The clusters of the last build, when every claim it saw is still there, unchanged:
    then only the claims added since (``new_ids``) need comparing, against all others."""

    cluster_of: dict[str, str]  # claim_id -> cluster_id of the old clustered claims
    grouped_by: dict[str, str]  # cluster_id -> its grouped_by
    new_ids: frozenset[str]


def _seed(links: _Links, rows: _Rows, previous: Previous) -> set[int]:
    """Join the old clusters' members as they were; the positions of the new claims."""
    first: dict[str, int] = {}
    for pos, claim_id in enumerate(rows.ids):
        cluster = previous.cluster_of.get(claim_id)
        if cluster is None:
            continue
        if cluster in first:
            links.join(first[cluster], pos, "")
        else:
            first[cluster] = pos
    for cluster, pos in first.items():
        root = links.find(pos)
        links.kinds[root] = {k.strip() for k in (previous.grouped_by.get(cluster) or "").split(",") if k.strip()}
    return {pos for pos, claim_id in enumerate(rows.ids) if claim_id in previous.new_ids}


class _LazyStems(dict):
    """claim_stems of a position, computed the first time it is asked for: an incremental
    build needs them only for the new claims and the claims that may share their words.
    A dict, so a position asked for again (once per candidate pair) costs a plain lookup."""

    def __init__(self, texts: list[str], taxonomy: Taxonomy):
        super().__init__()
        self.texts, self.taxonomy, self.vocabulary = texts, taxonomy, _vocabulary(taxonomy)

    def __missing__(self, pos: int) -> frozenset[str]:
        stems = self[pos] = claim_stems(self.texts[pos], self.taxonomy, self.vocabulary)
        return stems

    def may_hold(self, pos: int, wanted: frozenset[str]) -> bool:
        """Whether position ``pos``'s stems may include one of ``wanted`` (``holders``)."""
        return pos in self.holders([pos], wanted)

    def holders(self, positions: list[int], wanted: frozenset[str]) -> set[int]:
        """The positions whose stems may include one of ``wanted``, without working them out when
        they cannot: a stem of a word is the start of the lower-cased word, so it is in the
        lower-cased text; a stem of a taxonomy name needs that name's own pattern to match."""
        found, plain = set(), []
        for pos in positions:
            if pos in self:
                if not wanted.isdisjoint(self[pos]):
                    found.add(pos)
                continue
            text = self.texts[pos]
            low = text.lower()
            # lower() maps each character to one, whatever its neighbours, but for a capital sigma
            # (final or not) and the few characters it lengthens (İ): there the stems are worked out
            if len(low) != len(text) or "Σ" in text:
                found.add(pos)
            else:
                plain.append((pos, low))
        starts, named = self._finders(wanted)
        found.update(_searched(starts, plain))
        found.update(pos for pos, _ in plain if pos not in found and any(p.search(self.texts[pos]) for p in named))
        return found

    def _finders(self, wanted: frozenset[str]) -> tuple[re.Pattern[str], list[re.Pattern[str]]]:
        """A pattern of the ``wanted`` stems where a word may start (a word never starts right
        after a letter: it would go on), and the patterns of the taxonomy names that give one.
        A stem shorter than ``stem_letters`` is a whole word but for an inflection and a possessive."""
        if getattr(self, "_wanted", None) != wanted:
            named, letters = self.named_stems(), _settings().stem_letters
            cut = "|".join(re.escape(s) for s in sorted(wanted) if len(s) >= letters) or "(?!)"
            whole = "|".join(re.escape(s) for s in sorted(wanted) if len(s) < letters) or "(?!)"
            starts = re.compile(rf"(?<![^\W\d_])(?:{cut}|(?:{whole})(?:{_ENDINGS})?(?:['’]s)?(?!\w))")
            self._wanted, self._found = wanted, (starts, list({p: None for s in sorted(wanted) for p in named.get(s, ())}))
        return self._found

    def named_stems(self) -> dict[str, list[re.Pattern[str]]]:
        """Stem -> the patterns of the taxonomy names that give it, each alone as in the
        vocabulary (a name's token is there only where its pattern matches)."""
        if not hasattr(self, "_named_stems"):
            self._named_stems: dict[str, list[re.Pattern[str]]] = defaultdict(list)
            for name, pattern in _name_patterns(self.taxonomy).items():
                for stem in stems(name, _settings().stem_letters):
                    self._named_stems[stem].append(pattern)
        return self._named_stems


def _searched(pattern: re.Pattern[str], texts: list[tuple[int, str]]) -> set[int]:
    """The positions of the (position, text) pairs whose text ``pattern`` finds, searched over the
    texts joined by line breaks (one search per text found, not per text): for the word-start
    pattern of stems a line break reads as a text's start or end, and no stem holds one, so no
    match spans two texts."""
    starts = list(accumulate((len(text) + 1 for _, text in texts), initial=0))
    joined, found, at = "\n".join(text for _, text in texts), set(), 0
    while (match := pattern.search(joined, at)) is not None:
        i = bisect_right(starts, match.start()) - 1
        found.add(texts[i][0])
        at = starts[i + 1]
    return found


def _name_patterns(taxonomy: Taxonomy) -> dict[str, re.Pattern[str]]:
    """Token name -> a pattern of its vocabulary wording alone, bounded as in ``_vocabulary``:
    ``(?<![\\w-])(?:body)(?![\\w-])``. A plain ``re`` pattern, since ``_searched`` runs it over
    many texts joined (a ``Caseless`` would lower-case the whole join at each search)."""
    patterns: dict[str, list[re.Pattern[str]]] = defaultdict(list)
    for t in taxonomy.topics:
        patterns[t.name].append(t.pattern)
    for st in taxonomy.stances:
        if st.pattern is not None:
            patterns[st.name].append(st.pattern)
    return {name: re.compile(word_bounded("|".join(pattern_body(q) for q in found)), re.IGNORECASE)
            for name, found in patterns.items()}


def cluster_claims(
    claims: pd.DataFrame, taxonomy: Taxonomy | None = None, previous: Previous | None = None
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The ``claim_clusters`` table and a claim_id -> cluster_id mapping.

    ``claims`` has claim_id, claim_text, topic, stance, speaker_id, outlet,
    statement_date, published_date, and optionally doc_id, kind, start_char,
    speaker_name and speaker_affiliation. Every claim appears in the mapping;
    unclustered ones with a null cluster_id. With ``previous``, the old clusters
    are kept as they were and only pairs with a new claim are compared (the same
    clusters as a whole rebuild, except that a shingle grown past max_postings
    since does not undo a link it made).
    """
    settings = _settings()
    taxonomy = taxonomy or load_taxonomy()
    frame = claims.reset_index(drop=True)
    rows = _Rows.of(frame)
    keys = [wording_key(t) for t in rows.texts]
    links = _Links(len(frame))
    new = _seed(links, rows, previous) if previous is not None else None
    for a, b, how in _same_statement_pairs(rows, keys, _LazyStems(rows.texts, taxonomy), settings, new):
        links.join(a, b, how)
    return _tables(frame, rows, links, keys, settings)


def _tables(frame: pd.DataFrame, rows: _Rows, links: _Links, keys: list[str], settings: _Settings):
    cluster_of: list[str | None] = [None] * len(frame)
    records = []
    for members, kinds in links.groups():
        if len(members) < settings.min_claims:
            continue
        record = _record(members, kinds, rows, keys)
        records.append(record)
        for pos in members:
            cluster_of[pos] = record["cluster_id"]
    records.sort(key=lambda r: r["cluster_id"])
    table = frame_of("claim_clusters", records)
    table = table.astype({"n_claims": "int64", "n_speakers": "int64", "n_outlets": "int64", "n_documents": "int64"})
    mapping = pd.DataFrame({"claim_id": frame["claim_id"], "cluster_id": cluster_of}, columns=MAPPING_COLUMNS)
    return table, mapping
