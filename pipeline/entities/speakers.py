"""One speaker per person (or institution) across articles.

The extractor resolves speakers within a document ("he" -> "Ali Shamkhani");
here the names of all documents are merged:

- a name is reduced to the name proper: titles and descriptions before it
  go ("Iranian Foreign Minister Abbas Araghchi" -> "Abbas Araghchi");
- full names (two words or more) merge when their surnames are the same or
  near-spellings (transliterations: Araghchi / Araqchi, Rouhani / Rohani) and
  their given names agree ("Javad Zarif" / "Mohammad Javad Zarif"), so "Ali
  Larijani" and "Ali Shamkhani" stay apart, as do "Ali Khamenei" and
  "Mojtaba Khamenei";
- a lone word ("Shamkhani", "Tehran") joins the full name with that surname,
  preferring one the same document names; otherwise it is a speaker of its own
  (institutions and countries speak too);
- speaker_id is a slug of the canonical name, so it is stable across runs.

Word lists and thresholds live in ``pipeline/data/speakers.yaml`` (titles and
pronouns in ``people.yaml``).  Only
distinct names are compared, blocked by the first letter of the surname, so
this stays fast on hundreds of thousands of claims.
"""
from __future__ import annotations

import hashlib
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache

import pandas as pd
from rapidfuzz import fuzz

from pipeline.datafiles import load_data
from pipeline.schemas import frame_of

MAPPING_COLUMNS = ["claim_id", "speaker_id", "speaker_name"]

_POSSESSIVE = re.compile(r"[’']s?$")
_LEADING_DETERMINER = re.compile(r"^(the|a|an)\s+", re.IGNORECASE)


@dataclass(frozen=True)
class _Words:
    titles: frozenset[str]
    particles: frozenset[str]
    pronouns: frozenset[str]
    transliteration: tuple[tuple[str, str], ...]
    surname_threshold: float


@lru_cache(maxsize=1)
def _words() -> _Words:
    data, people = load_data("speakers.yaml"), load_data("people.yaml")
    return _Words(
        # One-word titles: a name is read token by token, each without its dots ("Sen." is "sen").
        titles=frozenset(t.lower().rstrip(".") for t, tells in people["titles"].items()
                         if " " not in t and "kept" not in tells),
        particles=frozenset(str(w).lower() for w in data["name_particles"]),
        pronouns=frozenset(str(w).lower() for w in people["pronouns"]),
        transliteration=tuple((str(a), str(b)) for a, b in data["transliteration"]),
        surname_threshold=float(data["surname_threshold"]),
    )


# --- names -------------------------------------------------------------------


def _is_name_token(token: str, words: _Words) -> bool:
    bare = token.strip(".,;:()\"“”‘’")
    if not bare or bare.lower().replace(".", "") in words.titles or bare.lower() in words.titles:
        return False
    if bare.lower() in words.particles:
        return True
    # "al-Assad": some hyphen part must be capitalised
    return any(part[:1].isupper() for part in bare.split("-"))


def clean_name(raw: str | None) -> str | None:
    """The name proper in a speaker string, or the string itself when it holds no name.

    "Iran’s Foreign Minister Abbas Araghchi" -> "Abbas Araghchi";
    "the Kremlin" -> "Kremlin"; "he" -> None.
    """
    if raw is None or (isinstance(raw, float) and pd.isna(raw)):
        return None
    words = _words()
    text = " ".join(str(raw).replace("\u00a0", " ").split()).strip(" ,;:\"“”‘’")
    text = _POSSESSIVE.sub("", text) if text.endswith(("’s", "'s", "s’", "s'")) else text
    if not text or text.lower() in words.pronouns:
        return None
    tokens = text.split()
    run: list[str] = []
    for token in reversed(tokens):
        if _POSSESSIVE.search(token) and run:  # "Al Jazeera’s Ali Hashem"
            break
        if not _is_name_token(token, words):
            break
        run.insert(0, token)
    while run and run[0].lower() in words.particles:  # "bin" cannot start a name
        run.pop(0)
    if run:
        return " ".join(t.strip(",;:()\"“”‘’") for t in run)
    # No name proper: an institution or a description ("White House",
    # "Iran's Foreign Ministry", "the Iranian ambassador").
    return _LEADING_DETERMINER.sub("", text) or None


def _fold(text: str) -> str:
    """Lower case, accents and punctuation gone, transliteration variants unified."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c)).lower()
    text = re.sub(r"[-’'`.]", "", text)
    text = re.sub(r"[^\w\s]", " ", text)
    for a, b in _words().transliteration:
        text = text.replace(a, b)
    text = re.sub(r"(\w)\1+", r"\1", text)  # doubled letters: Mohammad / Mohamad
    return " ".join(text.split())


@dataclass(frozen=True)
class _Parsed:
    display: str
    key: str  # folded whole name
    given: tuple[str, ...]  # folded given names (particles dropped)
    surname: str  # folded last word

    @property
    def is_full(self) -> bool:
        return bool(self.given)


def _parse(display: str) -> _Parsed:
    key = _fold(display)
    parts = key.split()
    particles = _folded_particles()
    given = tuple(p for p in parts[:-1] if p not in particles)
    return _Parsed(display, key, given, parts[-1] if parts else key)


@lru_cache(maxsize=1)
def _folded_particles() -> frozenset[str]:
    return frozenset(_fold(p) for p in _words().particles)


def _given_compatible(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Do two given-name lists name the same person? ("Javad" / "Mohammad Javad", "A." / "Ali")."""
    if set(a) <= set(b) or set(b) <= set(a):
        return True
    first_a, first_b = a[0], b[0]
    if len(first_a) == 1 or len(first_b) == 1:  # an initial
        return first_a[0] == first_b[0]
    return fuzz.ratio(first_a, first_b) >= _words().surname_threshold


def slug(name: str) -> str:
    """A readable, stable id for a canonical name ("Abbas Araghchi" -> "abbas-araghchi")."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    text = re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")
    if not text:  # a name in another script: a hash of it
        text = hashlib.sha1(name.encode("utf-8")).hexdigest()[:12]
    return text


# --- merging -------------------------------------------------------------------


class _UnionFind:
    def __init__(self) -> None:
        self.parent: dict[str, str] = {}

    def find(self, x: str) -> str:
        self.parent.setdefault(x, x)
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _merge_full_names(full: dict[str, _Parsed]) -> _UnionFind:
    """Union full names (by folded key) that name the same person."""
    words = _words()
    uf = _UnionFind()
    by_surname: dict[str, list[_Parsed]] = defaultdict(list)
    for parsed in full.values():
        uf.find(parsed.key)
        by_surname[parsed.surname].append(parsed)
    # Same surname: merge when the given names agree.
    for group in by_surname.values():
        for i, a in enumerate(group):
            for b in group[i + 1 :]:
                if _given_compatible(a.given, b.given):
                    uf.union(a.key, b.key)
    # Near-spelled surnames, compared only within a first-letter block.
    blocks: dict[str, list[str]] = defaultdict(list)
    for surname in by_surname:
        blocks[surname[:1]].append(surname)
    for surnames in blocks.values():
        for i, s in enumerate(surnames):
            for t in surnames[i + 1 :]:
                if fuzz.ratio(s, t) < words.surname_threshold:
                    continue
                for a in by_surname[s]:
                    for b in by_surname[t]:
                        if _given_compatible(a.given, b.given):
                            uf.union(a.key, b.key)
    return uf


def _surname_index(full: dict[str, _Parsed], uf: _UnionFind) -> dict[str, set[str]]:
    index: dict[str, set[str]] = defaultdict(set)
    for parsed in full.values():
        index[parsed.surname].add(uf.find(parsed.key))
    return index


def _match_surname(word: str, index: dict[str, set[str]], blocks: dict[str, list[str]]) -> set[str]:
    if word in index:
        return index[word]
    threshold = _words().surname_threshold
    found: set[str] = set()
    for surname in blocks.get(word[:1], ()):
        if fuzz.ratio(word, surname) >= threshold:
            found |= index[surname]
    return found


def as_date(value) -> date | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    try:
        if pd.isna(value):
            return None
    except (TypeError, ValueError):
        pass
    stamp = pd.Timestamp(value)
    return None if pd.isna(stamp) else stamp.date()


def _clean_str(value) -> str | None:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return None
    text = " ".join(str(value).split())
    return text or None


def build_speakers(claims: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The ``speakers`` table and a claim_id -> (speaker_id, speaker_name) mapping.

    ``claims`` has claim_id, doc_id, speaker_name, speaker_mention,
    speaker_role, speaker_affiliation, statement_date, published_date.
    Claims without a speaker name map to a null speaker_id.
    """
    rows = claims.reset_index(drop=True)
    cleaned = {raw: clean_name(raw) for raw in set(rows["speaker_name"].dropna())}
    names = [cleaned.get(raw) if isinstance(raw, str) else None for raw in rows["speaker_name"]]
    parsed_by_display = {d: _parse(d) for d in set(n for n in names if n)}
    full = {p.key: p for p in parsed_by_display.values() if p.is_full}
    uf = _merge_full_names(full)
    index = _surname_index(full, uf)
    blocks: dict[str, list[str]] = defaultdict(list)
    for surname in index:
        blocks[surname[:1]].append(surname)

    # Which person clusters each document names, to settle a lone surname.
    doc_clusters: dict[str, set[str]] = defaultdict(set)
    for doc_id, name in zip(rows["doc_id"], names, strict=True):
        if name and parsed_by_display[name].is_full:
            doc_clusters[doc_id].add(uf.find(parsed_by_display[name].key))
    cluster_size = Counter(
        uf.find(parsed_by_display[n].key) for n in names if n and parsed_by_display[n].is_full
    )

    cluster_of: list[str | None] = []
    for doc_id, name in zip(rows["doc_id"], names, strict=True):
        if not name:
            cluster_of.append(None)
            continue
        parsed = parsed_by_display[name]
        if parsed.is_full:
            cluster_of.append(uf.find(parsed.key))
            continue
        candidates = _match_surname(parsed.key, index, blocks) if " " not in parsed.key else set()
        if not candidates:
            cluster_of.append("=" + parsed.key)  # a speaker of its own: "Tehran", "White House"
            continue
        in_doc = candidates & doc_clusters.get(doc_id, set())
        pool = in_doc or candidates
        cluster_of.append(min(pool, key=lambda c: (-cluster_size[c], c)))

    rows = rows.assign(_cluster=cluster_of, _name=names)
    return _speaker_table(rows, parsed_by_display)


def _canonical(counts: Counter, parsed_by_display: dict[str, _Parsed]) -> str:
    """The most used full form of a speaker's name (longer first on ties)."""
    full = [n for n in counts if parsed_by_display[n].is_full] or list(counts)
    return min(full, key=lambda n: (-counts[n], -len(n.split()), -len(n), n))


def _most_frequent_first(counts: Counter) -> list[str]:
    return [v for v, _ in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))]


@dataclass
class _Tally:
    """What the claims of one speaker say about them."""

    names: Counter
    aliases: Counter
    roles: Counter
    affiliations: Counter
    docs: set
    dates: list
    n_claims: int = 0


def _speaker_table(rows: pd.DataFrame, parsed_by_display: dict[str, _Parsed]) -> tuple[pd.DataFrame, pd.DataFrame]:
    pronouns = _words().pronouns
    tallies: dict[str, _Tally] = {}
    # Plain loops over columns: a pandas groupby per speaker is far slower.
    for cluster, name, raw, mention, role, affiliation, doc_id, stated, published in zip(
        rows["_cluster"], rows["_name"], rows["speaker_name"], rows["speaker_mention"], rows["speaker_role"],
        rows["speaker_affiliation"], rows["doc_id"], rows["statement_date"], rows["published_date"], strict=True,
    ):
        if cluster is None:
            continue
        tally = tallies.get(cluster)
        if tally is None:
            tally = tallies[cluster] = _Tally(Counter(), Counter(), Counter(), Counter(), set(), [])
        tally.n_claims += 1
        tally.names[name] += 1
        for alias in (_clean_str(raw), _clean_str(mention)):
            if alias and alias.lower() not in pronouns:
                tally.aliases[alias] += 1
        if (role := _clean_str(role)) is not None:
            tally.roles[role] += 1
        if (affiliation := _clean_str(affiliation)) is not None:
            tally.affiliations[affiliation] += 1
        tally.docs.add(doc_id)
        when = as_date(stated) or as_date(published)
        if when is not None:
            tally.dates.append(when)

    records = []
    id_of: dict[str, str] = {}
    canonical_of: dict[str, str] = {}
    used_ids: set[str] = set()
    # Sorted so that any id collision is settled the same way on every run.
    for cluster in sorted(tallies):
        tally = tallies[cluster]
        name = _canonical(tally.names, parsed_by_display)
        speaker_id = slug(name)
        if speaker_id in used_ids:
            speaker_id = f"{speaker_id}-{hashlib.sha1(cluster.encode()).hexdigest()[:6]}"
        used_ids.add(speaker_id)
        id_of[cluster], canonical_of[cluster] = speaker_id, name
        affiliations = _most_frequent_first(tally.affiliations)
        records.append(
            {
                "speaker_id": speaker_id,
                "name": name,
                "aliases": [a for a in _most_frequent_first(tally.aliases) if a != name],
                "roles": _most_frequent_first(tally.roles),
                "affiliation": affiliations[0] if affiliations else None,
                "first_seen": min(tally.dates) if tally.dates else None,
                "last_seen": max(tally.dates) if tally.dates else None,
                "n_claims": tally.n_claims,
                "n_documents": len(tally.docs),
            }
        )
    table = frame_of("speakers", records)
    table = table.astype({"n_claims": "int64", "n_documents": "int64"})
    mapping = pd.DataFrame(
        {
            "claim_id": rows["claim_id"],
            "speaker_id": [id_of.get(c) if c else None for c in rows["_cluster"]],
            "speaker_name": [canonical_of.get(c) if c else None for c in rows["_cluster"]],
        },
        columns=MAPPING_COLUMNS,
    )
    return table, mapping
