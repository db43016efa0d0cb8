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
- a lone word ("Shamkhani", "Tehran") joins the full name with that surname
  only when that is one person: the one the same document names, else the only
  one in the corpus (a gendered title narrows it: "Mrs. Clinton" is not Bill);
  otherwise it is a speaker of its own (institutions and countries speak too),
  never a guess between two people; nor where the article's text names two
  people of that surname, even outside any claim ("Jeb Bush" and "George W.
  Bush": namesakes.py), unless its title or pronoun leaves one of them;
- aliases are the other names a speaker appears under, never descriptions or
  other people ("a Carrier executive", "Trump and Sanders" are not Donald Trump);
- the user's corrections (overrides.py: merge, split, alias, nobody) come first;
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
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import lru_cache
from itertools import combinations

import pandas as pd
from rapidfuzz import fuzz

from pipeline.datafiles import load_data
from pipeline.entities.namesakes import distinct_people, name_tokens, people_of_surname
from pipeline.entities.overrides import SpeakerOverrides
from pipeline.schemas import frame_of

MAPPING_COLUMNS = ["claim_id", "speaker_id", "speaker_name"]

Texts = Callable[[set[str]], Mapping[str, str]]  # document ids -> {id: text} (of those it has)

_POSSESSIVE = re.compile(r"[’']s?$")
_LEADING_DETERMINER = re.compile(r"^(the|a|an)\s+", re.IGNORECASE)


@dataclass(frozen=True)
class _Words:
    titles: frozenset[str]
    particles: frozenset[str]
    pronouns: frozenset[str]
    transliteration: tuple[tuple[str, str], ...]
    surname_threshold: float
    gendered_titles: dict[str, str]  # "mrs" -> "female"
    name_breakers: frozenset[str]  # "for", "of": a name right after one is not the speaker
    coordinators: frozenset[str]  # "and", "including": several speakers
    pronoun_genders: dict[str, str]  # "she" -> "female"
    suffixes: frozenset[str]  # "jr.", "iii": words after a surname


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
        gendered_titles={t.lower().rstrip("."): g for t, tells in people["titles"].items()
                         for g in ("male", "female") if g in tells},
        name_breakers=frozenset(str(w).lower() for w in data["name_breakers"]),
        coordinators=frozenset(str(w).lower() for w in data["coordinators"]),
        pronoun_genders={str(p).lower(): g for p, tells in people["pronouns"].items()
                         for g in ("male", "female") if g in (tells or ())},
        suffixes=frozenset(str(w).lower() for w in people.get("name_suffixes") or []),
    )


@lru_cache(maxsize=1)
def _given_names() -> frozenset[str]:
    """Folded first names (names.yaml), male or female."""
    names = load_data("names.yaml")
    return frozenset(_fold(n) for n in list(names["male"]) + list(names["female"]))


@lru_cache(maxsize=1)
def _given_gender() -> dict[str, str]:
    """Folded first name -> "male" / "female" (names.yaml; a name in both lists: none)."""
    names = load_data("names.yaml")
    male, female = {_fold(n) for n in names["male"]}, {_fold(n) for n in names["female"]}
    return {**{n: "male" for n in male - female}, **{n: "female" for n in female - male}}


# --- names -------------------------------------------------------------------


def _is_name_token(token: str, words: _Words) -> bool:
    bare = token.strip(".,;:()—–-\"“”‘’")  # "-President": a dash the entity took along is no name
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
    tokens = _LEADING_DETERMINER.sub("", text).split()  # "The State Department" is "State Department"
    run: list[str] = []
    for k in range(len(tokens) - 1, -1, -1):
        token = tokens[k]
        if _POSSESSIVE.search(token) and run:  # "Al Jazeera’s Ali Hashem"
            break
        if not _is_name_token(token, words) or token.lower() in words.coordinators:  # "The Media And Marco Rubio"
            if run and someone_else(tokens[: k + 1], words):
                return _LEADING_DETERMINER.sub("", text)  # a description or several people
            break
        run.insert(0, token)
    while run and run[0].lower() in words.particles:  # "bin" cannot start a name
        run.pop(0)
    if run:
        return " ".join(t.strip(",;:()—–-\"“”‘’") for t in run)
    # No name proper: an institution or a description ("White House",
    # "Iran's Foreign Ministry", "the Iranian ambassador").
    return _LEADING_DETERMINER.sub("", text) or None


def someone_else(before: list[str], words: _Words) -> bool:
    """The words before a name make the speaker someone else or several: "a spokesman
    for (Sen.) Bernie Sanders", "a spokesman for committee Democrats", "an adviser to
    former president Bill Clinton", "Friends of Mr. Clinton", "Weld and Johnson",
    "Clinton and Sen. Bernie Sanders"; not "Secretary of State John Kerry"."""
    bare = [t.strip(".,;:()—–-\"“”‘’").lower() for t in before]
    if any(t in words.coordinators for t in bare):
        return True
    k = len(bare) - 1
    while k > 0 and (bare[k] in words.titles or before[k].endswith(".")
                     or before[k].islower() and bare[k] not in words.name_breakers):
        k -= 1  # "Mr.", "Sen.", "President", "committee", "former" between the word and the name
    if bare[k] not in words.name_breakers:
        return False
    title = before[k - 1][:1].isupper() and (k > 1 or bare[k - 1] in words.titles) if k else False
    return not title  # "an adviser to", "Friends of", not "Secretary of (State)"


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
    is_name: bool = True  # every word a name word: not a description ("Trump's statement")
    suffix: str = ""  # "jr", "iii": after the surname, and two suffixes are two people

    @property
    def is_full(self) -> bool:
        return bool(self.given) and self.is_name


def _parse(display: str) -> _Parsed:
    key = _fold(display)
    words = display.split()
    suffix = words.pop().lower().rstrip(".") if len(words) > 2 and words[-1].lower() in _words().suffixes else ""
    parts = _fold(" ".join(words)).split() if suffix else key.split()  # "Joseph R. Biden Jr.": surname Biden
    particles = _folded_particles()
    given = tuple(p for p in parts[:-1] if p not in particles)
    is_name = all(_is_name_token(t, _words()) for t in display.split())
    key = f"{' '.join(parts)} {suffix}" if suffix else key  # folding makes "II" and "III" one "i"
    return _Parsed(display, key, given, parts[-1] if parts else key, is_name, suffix)


@lru_cache(maxsize=1)
def _given_forms() -> dict[str, str]:
    """Folded short form of a given name -> its folded full form ("joe" -> "joseph"; speakers.yaml)."""
    return {_fold(str(a)): _fold(str(b)) for a, b in (load_data("speakers.yaml").get("given_name_forms") or {}).items()}


@lru_cache(maxsize=1)
def _folded_particles() -> frozenset[str]:
    return frozenset(_fold(p) for p in _words().particles)


def _given_compatible(a: tuple[str, ...], b: tuple[str, ...]) -> bool:
    """Do two given-name lists name the same person? ("Javad" / "Mohammad Javad", "A." / "Ali");
    not when both give a middle name or initial and they differ (George H. W. / George W. Bush).
    A short form is its full form ("Joe" / "Joseph"), never another short form of it ("Ted" / "Ed")."""
    forms = _given_forms()
    a, b = (tuple(forms[n] if forms.get(n) in other else n for n in names) for names, other in ((a, b), (b, a)))
    if set(a) <= set(b) or set(b) <= set(a):
        return True
    first_a, first_b = a[0], b[0]
    if a[1:] and b[1:] and a[1][0] != b[1][0]:
        return False
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
    """Union-find over folded names; names the user split apart are never joined."""

    def __init__(self, apart: tuple[frozenset[str], ...] = ()) -> None:
        self.parent: dict[str, str] = {}
        self.members: dict[str, set[str]] = {}
        self.apart = apart

    def find(self, x: str) -> str:
        if x not in self.parent:
            self.parent[x], self.members[x] = x, {x}
        while self.parent[x] != x:
            self.parent[x] = self.parent[self.parent[x]]
            x = self.parent[x]
        return x

    def union(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra == rb or not self.may_join(ra, rb):
            return
        low, high = min(ra, rb), max(ra, rb)
        self.parent[high] = low
        self.members[low] |= self.members.pop(high)

    def may_join(self, ra: str, rb: str) -> bool:
        for group in self.apart:
            left, right = self.members[ra] & group, self.members[rb] & group
            if left and right and left != right:
                return False
        return True


def _compatible_pairs(by_surname: dict[str, list[_Parsed]]) -> list[tuple[_Parsed, _Parsed]]:
    """Pairs of full names whose given names agree, with the same or a near-spelled
    surname (compared only within a first-letter block)."""
    threshold = _words().surname_threshold
    blocks: dict[str, list[str]] = defaultdict(list)
    for surname in by_surname:
        blocks[surname[:1]].append(surname)
    pairs = []
    for surnames in blocks.values():
        for i, s in enumerate(surnames):
            for t in surnames[i:]:
                if s != t and fuzz.ratio(s, t) < threshold:
                    continue
                group_t = by_surname[t]
                for k, a in enumerate(by_surname[s]):
                    pairs += [(a, b) for b in (group_t[k + 1 :] if s == t else group_t)
                              if _given_compatible(a.given, b.given) and not _two_suffixes(a, b)]
    return pairs


def _conflict(x: _Parsed, y: _Parsed) -> bool:
    """Two people with one first name ("George H. W." and "George W." Bush); names whose
    first words differ fit one name through a stray word the entity took along
    ("Certainly Donald Trump"), not as two people. Two suffixes are father and son
    ("Joseph R. Biden Jr." and "Joseph R. Biden III")."""
    return x.given[0] == y.given[0] and not _given_compatible(x.given, y.given) or _two_suffixes(x, y)


def _two_suffixes(x: _Parsed, y: _Parsed) -> bool:
    """Father and son: two suffixes ("Jr.", "III"), or one on the same given name ("Donald
    Trump" / "Donald Trump Jr."). A suffix on the formal form of the other's short given name
    is one person written in full ("Joseph R. Biden Jr." / "Joe Biden")."""
    if x.suffix == y.suffix:
        return False
    return bool(x.suffix and y.suffix) or x.given[:1] == y.given[:1]


def _merge_full_names(full: dict[str, _Parsed], apart: tuple[frozenset[str], ...] = ()) -> _UnionFind:
    """Union full names (by folded key) that name the same person, never two ``apart``.
    A name that fits two people who do not fit each other ("George Bush" of George H. W.
    and George W. Bush) joins neither: a chain through it would merge them."""
    uf = _UnionFind(apart)
    by_surname: dict[str, list[_Parsed]] = defaultdict(list)
    for parsed in full.values():
        uf.find(parsed.key)
        by_surname[parsed.surname].append(parsed)
    pairs = _compatible_pairs(by_surname)
    neighbours: dict[str, list[_Parsed]] = defaultdict(list)
    for a, b in pairs:
        neighbours[a.key].append(b)
        neighbours[b.key].append(a)
    ambiguous = {key for key, near in neighbours.items() if any(_conflict(x, y) for x, y in combinations(near, 2))}
    for a, b in pairs:
        if a.key not in ambiguous and b.key not in ambiguous:
            uf.union(a.key, b.key)
    return uf


def _surname_index(full: dict[str, _Parsed], uf: _UnionFind) -> dict[str, set[str]]:
    index: dict[str, set[str]] = defaultdict(set)
    for parsed in full.values():
        index[parsed.surname].add(uf.find(parsed.key))
    return index


def _match_surname(word: str, index: dict[str, set[str]], blocks: dict[str, list[str]]) -> set[str]:
    if len(word) < 2:  # a letter is no surname: "A" and "Q" of a transcript, an initial
        return set()
    if word in index:
        return index[word]
    threshold = _words().surname_threshold
    found: set[str] = set()
    for surname in blocks.get(word[:1], ()):
        if fuzz.ratio(word, surname) >= threshold:
            found |= index[surname]
    return found


def family_name(word: str, index: dict[str, set[str]]) -> bool:
    """"Clintons", "Obamas": the plural of a known surname names the family."""
    return word not in index and word.endswith("s") and word[:-1] in index


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


def _written_names(rows: pd.DataFrame, overrides: SpeakerOverrides) -> list[str | None]:
    """Each claim's name proper, after the user's corrections (nobody, alias, merge)."""
    cleaned = {raw: clean_name(raw) for raw in set(rows["speaker_name"].dropna())}
    names: list[str | None] = []
    for raw, mention in zip(rows["speaker_name"], rows["speaker_mention"], strict=True):
        raw = raw if isinstance(raw, str) else None
        mention = mention if isinstance(mention, str) else None
        if overrides.is_nobody(raw, mention):
            names.append(None)
            continue
        name = overrides.person_of(raw, mention)
        name = clean_name(name) if name else cleaned.get(raw)
        names.append(overrides.person_of(name) or name)
    return names


def _gender_hint(raw) -> str:
    """"female" for "Mrs. Clinton", "male" for "Mr. Clinton", else ""."""
    first = str(raw or "").split()[:1]
    return _words().gendered_titles.get(first[0].lower().rstrip("."), "") if first else ""


def _claim_gender(raw, mention) -> tuple[str, str]:
    """What one claim says of its speaker's gender: (by a title, "Mrs. Clinton"; by a
    pronoun mention, "she"), each "male", "female" or ""."""
    pronoun = str(mention or "").strip().lower()
    return _gender_hint(raw) or _gender_hint(mention), _words().pronoun_genders.get(pronoun, "")


def _lone_name_genders(doc_ids, names: list[str | None], claim_genders: list[tuple[str, str]],
                       parsed_by_display: dict[str, _Parsed]) -> dict[tuple[str, str], tuple[str, str]]:
    """(document, lone name) -> (title gender, pronoun gender) of all the claims a document
    gives one unresolved surname (``claim_genders``: each claim's ``_claim_gender``), both
    "mixed" when they disagree: "Clinton" written with "he" and with "she" is two people the
    extractor could not tell apart."""
    seen: dict[tuple[str, str], tuple[set[str], set[str]]] = defaultdict(lambda: (set(), set()))
    for doc_id, name, (titled, pronoun) in zip(doc_ids, names, claim_genders, strict=True):
        if name and not parsed_by_display[name].is_full:
            by_title, by_pronoun = seen[(doc_id, parsed_by_display[name].key)]
            by_title.update({titled} - {""})
            by_pronoun.update({pronoun} - {""})
    genders = {}
    for key, (by_title, by_pronoun) in seen.items():
        if len(by_title | by_pronoun) > 1:
            genders[key] = ("mixed", "mixed")
        elif by_title or by_pronoun:
            genders[key] = (next(iter(by_title), ""), next(iter(by_pronoun), ""))
    return genders


def _cluster_gender(cluster: str, given_of: dict[str, tuple[str, ...]]) -> str:
    given = given_of.get(cluster, ())
    return _given_gender().get(given[0], "") if given else ""


def _lone_name_cluster(parsed: _Parsed, gender: tuple[str, str], own: str, in_doc: set[str], candidates: set[str],
                       given_of: dict[str, tuple[str, ...]], doc_id: str) -> str:
    """The one person a lone surname stands for: the one its document names, else the
    only one in the corpus; among several (Bill and Hillary Clinton, Donald and Eric
    Trump), a speaker of its own within its article, never a guess: two articles'
    unresolved "Trump" may be two people. ``gender`` is what its claims in the article
    say, by title and by pronoun (_lone_name_genders). A title picks the person of its
    gender, even against the document's one ("Mrs. Schlafly" beside John Schlafly is
    Phyllis). A pronoun, the extractor's guess, only rules out: "Clinton ... she" beside
    Bill Clinton is no one named; claims of both genders are no one person (``own``, the
    gender the claim itself gives, keeps its "he" apart from its "she")."""
    titled, pronoun = gender
    if titled == "mixed":  # "he" and "she": keep the two apart, whoever they are
        return f"={parsed.key}@{doc_id}" + (f"/{own}" if own else "")
    pool = (candidates & in_doc) or candidates
    if titled:
        fits = {c for c in candidates if _cluster_gender(c, given_of) in (titled, "")}
        pool = (fits & in_doc) or fits
    elif pronoun and any(_cluster_gender(c, given_of) not in (pronoun, "") for c in pool):
        return f"={parsed.key}@{doc_id}"
    return next(iter(pool)) if len(pool) == 1 else f"={parsed.key}@{doc_id}"


def _own_cluster(parsed: _Parsed, doc_id: str) -> str:
    """The cluster of a speaker no full name stands for: a name ("Tehran", "White House")
    is one speaker across articles; a description ("statement", "the department",
    "some") or a lone first name ("Bob") is one only within its article, as two
    articles' statements (or Bobs) are two."""
    given_only = " " not in parsed.key and parsed.key in _given_names()  # "Bob": two articles' Bobs are two people
    return "=" + parsed.key if parsed.is_name and not given_only else f"={parsed.key}@{doc_id}"


def _lone_candidates(doc_id: str, parsed: _Parsed, index: dict[str, set[str]], blocks: dict[str, list[str]],
                     doc_clusters: dict[str, set[str]]) -> set[str]:
    """The person clusters a lone word may stand for: those of its surname (or a near spelling
    of it, "Berman" / "Berkman", only where the article names them in full); none for a
    description, several words, or a family ("the Clintons")."""
    if " " in parsed.key or not parsed.is_name or family_name(parsed.key, index):
        return set()
    candidates = _match_surname(parsed.key, index, blocks)
    if parsed.key not in index:
        candidates &= doc_clusters.get(doc_id, set())
    return candidates


def _namesakes(lone: set[tuple[str, str]], texts: Texts | None) -> dict[tuple[str, str], list[tuple[str, ...]]]:
    """(document, folded surname) -> the given names of each person of that surname the
    document's text names, for the lone surnames of ``lone`` whose text names two or more."""
    if texts is None or not lone:
        return {}
    text_of = texts({d for d, _s in lone})
    tokens_of = {doc_id: name_tokens(text) for doc_id, text in text_of.items() if text}
    found = {}
    for doc_id, surname in lone:
        if doc_id not in tokens_of:
            continue
        people = distinct_people(people_of_surname(tokens_of[doc_id], surname, _given_names(), _fold),
                                 _given_compatible)
        if len(people) > 1:
            found[(doc_id, surname)] = people
    return found


def _namesake_candidates(people: list[tuple[str, ...]], gender: str, candidates: set[str],
                         given_of: dict[str, tuple[str, ...]]) -> set[str]:
    """Of the clusters a lone surname may stand for, those of the one person among the
    article's namesakes (``people``) its claims' title or pronoun (``gender``) leaves:
    "Mrs. Clinton" beside Bill and Hillary Clinton may be Hillary; a bare "Clinton", or a
    "Bush ... he" beside Jeb and George W. Bush, is none of them. It only keeps a lone
    surname out of a person it was resolved to, never resolves one: a pronoun, the
    extractor's guess, only rules out."""
    fits = [p for p in people if gender and _given_gender().get(p[0], "") in (gender, "")]
    if len(fits) != 1:
        return set()
    return {c for c in candidates if c in given_of and _given_compatible(given_of[c], fits[0])}


def build_speakers(claims: pd.DataFrame, overrides: SpeakerOverrides | None = None,
                   texts: Texts | None = None) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The ``speakers`` table and a claim_id -> (speaker_id, speaker_name) mapping.

    ``claims`` has claim_id, doc_id, speaker_name, speaker_mention,
    speaker_role, speaker_affiliation, statement_date, published_date.
    Claims without a speaker name map to a null speaker_id. ``overrides`` are
    the user's corrections (overrides.py). ``texts`` gives the text of some
    documents (their ids -> {id: text}): a lone surname of a document naming
    two people of it is neither of them (namesakes.py); without it, not checked.
    """
    overrides = overrides or SpeakerOverrides()
    rows = claims.reset_index(drop=True)
    names = _written_names(rows, overrides)
    parsed_by_display = {d: _parse(d) for d in set(n for n in names if n)}
    full = {p.key: p for p in parsed_by_display.values() if p.is_full}
    uf = _merge_full_names(full, tuple(frozenset(_fold(n) for n in g) for g in overrides.split))
    index = _surname_index(full, uf)
    blocks: dict[str, list[str]] = defaultdict(list)
    for surname in index:
        blocks[surname[:1]].append(surname)
    given_of = {uf.find(p.key): p.given for p in full.values()}
    claim_genders = [_claim_gender(raw, mention) for raw, mention in zip(rows["speaker_name"], rows["speaker_mention"],
                                                                         strict=True)]
    genders = _lone_name_genders(rows["doc_id"], names, claim_genders, parsed_by_display)

    # Which person clusters each document names, to settle a lone surname.
    doc_clusters: dict[str, set[str]] = defaultdict(set)
    for doc_id, name in zip(rows["doc_id"], names, strict=True):
        if name and parsed_by_display[name].is_full:
            doc_clusters[doc_id].add(uf.find(parsed_by_display[name].key))

    lone = {(d, n): _lone_candidates(d, parsed_by_display[n], index, blocks, doc_clusters)
            for d, n in zip(rows["doc_id"], names, strict=True) if n and not parsed_by_display[n].is_full}
    namesakes = _namesakes({(d, parsed_by_display[n].key) for (d, n), found in lone.items() if found}, texts)

    cluster_of: list[str | None] = []
    for doc_id, name, claim_gender in zip(rows["doc_id"], names, claim_genders, strict=True):
        if not name:
            cluster_of.append(None)
            continue
        parsed = parsed_by_display[name]
        if parsed.is_full:
            cluster_of.append(uf.find(parsed.key))
            continue
        candidates = lone[(doc_id, name)]
        if not candidates:
            cluster_of.append(_own_cluster(parsed, doc_id))  # a speaker of its own: "Tehran", "White House"
            continue
        gender = genders.get((doc_id, parsed.key), ("", ""))
        own = next((g for g in claim_gender if g), "")
        cluster = _lone_name_cluster(parsed, gender, own, doc_clusters.get(doc_id, set()), candidates, given_of, doc_id)
        people = namesakes.get((doc_id, parsed.key))
        if people and not cluster.startswith("=") \
                and cluster not in _namesake_candidates(people, own or gender[0] or gender[1], candidates, given_of):
            cluster = f"={parsed.key}@{doc_id}"  # the article names two people of the surname: neither, as written
        cluster_of.append(cluster)

    rows = rows.assign(_cluster=cluster_of, _name=names)
    return _speaker_table(rows, parsed_by_display)


def is_alias(written: str, canonical: str) -> bool:
    """``written`` names the speaker ``canonical``: its name proper is all name words and
    fits the canonical name (the same full name, or its surname, or a given name, with
    a title of the same gender: "Mr. Araghchi", "the Kremlin"). Descriptions ("a Carrier
    executive"), lists ("Trump and Sanders"), relatives ("Eric Trump") and names two words
    or more before the given name ("Carly Fiorina Endorses Ted Cruz") are not; one may be a
    first name the speaker seldom uses ("Mohammad Javad Zarif")."""
    name = clean_name(written)
    words = _words()
    if not name or not all(_is_name_token(t, words) for t in name.split()):
        return False
    alias, person = _parse(name), _parse(canonical)
    hint = _gender_hint(written)
    if hint and person.given and _given_gender().get(person.given[0], hint) != hint:
        return False  # "Mr. Khan" is not Ghazala Khan
    if not alias.is_full:
        return alias.key in (person.surname, *person.given) or alias.key == person.key
    if person.given and person.given[0] in alias.given[2:]:
        return False  # "Carly Fiorina Endorses Ted Cruz": a headline's words, another person, before the name
    return alias.surname == person.surname and (not person.given or _given_compatible(alias.given, person.given))


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
                "aliases": [a for a in _most_frequent_first(tally.aliases) if a != name and is_alias(a, name)],
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
