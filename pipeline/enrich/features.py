"""What the topic and stance classifier reads about a statement.

Two kinds of features, both plain strings so that a linear model can weigh them:

- from the words (``text_features``): lower-cased words, crude stems and word
  pairs of the claim text and its cue, computed again whenever the claim is
  classified;
- from the parse (``parse_features``): which words a negation governs
  ("neg:negoti" for "will not negotiate"), which verbs a modal governs
  ("mod:must", "modv:halt"), the marker and verbs of conditional clauses and
  of the clause they condition ("cond:if", "condv:lift", "main:strik"), the
  voice and person of the statement, and which side speaks: the person of
  the subject a negation, a modal or a conditional's main clause governs
  ("negsubj:first_negoti" for "we will not negotiate", "modsubj:other_must"
  for "they must", "mainv:first_retaliat" for "if they strike, we will
  retaliate": the speaker's side carries the harm; "modsubj:self_would" for
  "Beijing said it would fight back", the speaker's side in the third person of
  a reported clause), and imperatives ("impv:releas" for "Release the
  prisoners, then we can talk": a demand without "must"). They need spaCy's parse,
  so they are computed once, at extraction, and kept in
  ``claims.label_features``: re-classifying a stored claim needs no parsing;
- from both, at classification time (``class_features``): the same features
  with their words replaced by the word classes of
  ``pipeline/data/label_cues.yaml`` ("negc:negotiate" for "will not bargain",
  "mainvc:first_harm"), so that phrasings not seen in training weigh like those
  that were. Stored claims get them too, without parsing.

The pipeline runs without spaCy's lemmatizer (pipeline/extract/model.py), so
words are reduced by a small suffix stripper instead of lemmas: enough for a
linear model to see "negotiate", "negotiating" and "negotiations" as one.
"""
from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from functools import lru_cache
from itertools import product

from pipeline.datafiles import data_file, load_data

CUES_FILE = "label_cues.yaml"  # word classes of the parse features
_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
_SUFFIXES = ("ations", "ation", "ings", "ing", "ions", "ion", "ed", "es", "s", "e")
# The label_cues.yaml lists the parse features read words and dependencies through.
PARSE_WORD_KEYS = ("condition_markers", "first_person", "reported_self", "imperative_openers")


@lru_cache(maxsize=1 << 16)  # a claim's words are mostly words seen before: half of labelling was this
def stem(word: str) -> str:
    """``word`` without one common inflectional suffix (never shorter than 4 letters);
    the words label_cues.yaml lists as ``unstemmed`` stay whole ("willing" is not "will")."""
    if word in _unstemmed():
        return word
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 4:
            return word[: -len(suffix)]
    return word


def words(text: str) -> list[str]:
    return _WORD.findall((text or "").lower().replace("’", "'").replace("‘", "'"))


def text_features(claim_text: str, cue: str | None = None) -> list[str]:
    """Word, stem and word-pair features of the claim, and the cue's words."""
    tokens = words(claim_text)
    stems = [stem(w) for w in tokens]
    features = [f"w:{w}" for w in tokens] + [f"s:{s}" for s in stems]
    features += [f"b:{a}_{b}" for a, b in zip(stems, stems[1:], strict=False)]
    features += [f"cue:{stem(w)}" for w in words(cue or "")]
    return features


def _is_negation(token) -> bool:
    return token.dep_ == "neg" or token.lower_ in ("never", "no", "nor")


def _side(verb) -> str | None:
    """``first`` when the verb's subject is the speaker's side (we, I), ``self`` for
    he, she or it in a reported clause (in "Beijing said it would fight back" the
    speaker's side speaks of itself in the third person), ``other`` for another
    subject, None when the verb has no subject."""
    for child in verb.children:
        if child.dep_ in ("nsubj", "nsubjpass", "expl"):
            if child.lower_ in _parse_words()["first_person"]:
                return "first"
            if child.lower_ in _parse_words()["reported_self"] and _is_reported(verb):
                return "self"
            return "other"
    return None


def _is_reported(verb) -> bool:
    """Whether the verb stands in a clause reported by another (``ccomp``): "said it would"."""
    return verb.dep_ == "ccomp" or any(a.dep_ == "ccomp" for a in verb.ancestors)


def _is_imperative(token) -> bool:
    """A bare verb with no subject, auxiliary or marker that opens its clause: "Either
    fix it or cancel it", "Stop the shelling now". A demand without "must" or "urge"."""
    if token.tag_ != "VB" or token.dep_ not in ("ROOT", "ccomp", "advcl", "parataxis"):
        return False
    if any(c.dep_ in ("nsubj", "nsubjpass", "aux", "auxpass", "mark", "expl") for c in token.children):
        return False
    return all(c.dep_ in _parse_words()["imperative_openers"] for c in token.lefts)


def _side_features(token, dep: str, tag: str, lower: str, negation: bool) -> list[str]:
    """Who a negation, a modal or a conditional's main clause is about (``dep``, ``tag``,
    ``lower`` and ``negation``: the token's, read once by _clause_features)."""
    out = []
    head = token.head
    if negation or tag == "MD":
        side = _side(head)
        if side:
            word = stem(head.lower_) if negation else lower
            out.append(f"{'negsubj' if negation else 'modsubj'}:{side}_{word}")
    if dep == "mark" and lower in _parse_words()["condition_markers"] and head.dep_ == "advcl":
        side = _side(head.head)
        if side:
            out.append(f"mainv:{side}_{stem(head.head.lower_)}")
        condition_side = _side(head)
        if side and condition_side:
            out.append(f"condsides:{condition_side}_{side}")
    if dep == "pobj" and head.dep_ == "prep" and head.head.pos_ in ("ADJ", "VERB", "NOUN"):
        out.append(f"pobj:{stem(head.head.lower_)}_{stem(lower)}")
    return out


def _clause_features(token) -> list[str]:
    """Features of one token's place in the parse."""
    # Each attribute of a Token is looked up in the StringStore again: read them once.
    dep, tag, lower = token.dep_, token.tag_, token.lower_
    negation = dep == "neg" or lower in ("never", "no", "nor")  # _is_negation
    out = []
    if negation:
        out.append(f"neg:{stem(token.head.lower_)}")
    if tag == "MD":
        out += [f"mod:{lower}", f"modv:{lower}_{stem(token.head.lower_)}"]
    if dep == "mark" and lower in _parse_words()["condition_markers"] and token.head.dep_ == "advcl":
        clause = token.head
        out += [f"cond:{lower}", f"condv:{stem(clause.lower_)}", f"main:{stem(clause.head.lower_)}"]
        if any(_is_negation(c) for c in clause.head.children):
            out.append("main:negated")
        if any(c.tag_ == "MD" for c in clause.head.children):
            out.append("main:modal")
    if dep == "ROOT" and token.pos_ in ("VERB", "AUX"):
        out.append(f"root:{stem(lower)}")
    if dep in ("xcomp", "ccomp") and token.pos_ == "VERB":
        out.append(f"comp:{stem(token.head.lower_)}_{stem(lower)}")
    if dep == "nsubjpass":
        out.append("passive")
    if _is_imperative(token):
        out += ["imperative", f"impv:{stem(lower)}"]
    if dep in ("nsubj", "nsubjpass") and lower in _parse_words()["first_person"]:
        out.append("subj:first_person")
    if dep == "dobj" and token.head.pos_ == "VERB":
        out.append(f"obj:{stem(token.head.lower_)}_{stem(lower)}")
    return out + _side_features(token, dep, tag, lower, negation)


def parse_features(tokens: Iterable) -> list[str]:
    """Parse features of the statement's tokens (a spaCy Span or Doc), in order,
    each once."""
    seen: dict[str, None] = {}
    question = False
    # One pass: iterating a Span makes a new Token object per token each time.
    for token in tokens:
        for feature in _clause_features(token):
            seen.setdefault(feature, None)
        question = question or token.text == "?"
    if question:
        seen.setdefault("question", None)
    return list(seen)


@lru_cache(maxsize=1)
def _parse_words() -> dict[str, frozenset[str]]:
    """The words (and dependencies) the parse features test (label_cues.yaml, PARSE_WORD_KEYS)."""
    raw = load_data(CUES_FILE)
    return {key: frozenset(raw[key]) for key in PARSE_WORD_KEYS}


@lru_cache(maxsize=1)
def _unstemmed() -> frozenset[str]:
    """Words the suffix stripper leaves whole (label_cues.yaml ``unstemmed``)."""
    return frozenset(w.lower() for w in load_data(CUES_FILE).get("unstemmed") or [])


@lru_cache(maxsize=1)
def _cues() -> tuple[dict[str, tuple[str, ...]], dict[str, str]]:
    """Word stem -> its classes, and feature prefix -> class-feature prefix
    (pipeline/data/label_cues.yaml)."""
    raw = load_data(CUES_FILE)
    classes: dict[str, list[str]] = {}
    for name, members in raw["classes"].items():
        for word in members:
            # An unstemmed word's inflections would be stripped to another word ("willings": "will").
            for form in {word.lower()} if word.lower() in _unstemmed() else _forms(word.lower()):
                if name not in classes.setdefault(stem(form), []):
                    classes[stem(form)].append(name)
    return {k: tuple(v) for k, v in classes.items()}, dict(raw["prefixes"])


def _forms(word: str) -> set[str]:
    """A word and its inflections, so that every form's stem finds the class
    ("negotiate", "negotiating" -> negotiat; "negotiations" -> negoti)."""
    base = word[:-1] if word.endswith("e") else word
    return {word, word + "s", word + "es", word + "d", word + "ed", base + "ed", base + "ing",
            base + "ion", base + "ions", base + "ation", base + "ations"}


def class_features(features: Iterable[str]) -> list[str]:
    """For each feature whose prefix label_cues.yaml lists, the features with its words
    (the parts between "_") replaced by their classes, every combination with at least
    one class, each once."""
    seen: dict[str, None] = {}
    for feature in features:
        seen.update(dict.fromkeys(_class_variants(feature)))
    return list(seen)


@lru_cache(maxsize=1 << 16)  # the same features recur across claims (a third of labelling was this)
def _class_variants(feature: str) -> tuple[str, ...]:
    """The class features of one feature (``class_features``), in order."""
    classes, prefixes = _cues()
    prefix, _, value = feature.partition(":")
    target = prefixes.get(prefix)
    if target is None or not value:
        return ()
    parts = value.split("_")
    options = [(part,) + classes.get(part, ()) for part in parts]
    return tuple(f"{target}:{'_'.join(combo)}" for combo in product(*options)
                 if any(c != part for c, part in zip(combo, parts, strict=True)))


def cues_digest() -> str:
    """Digest of the word classes file (a change re-labels stored claims)."""
    return hashlib.sha256(data_file(CUES_FILE).read_bytes()).hexdigest()[:16]


def join_features(features: list[str]) -> str:
    """The stored form of parse features (``claims.label_features``)."""
    return " ".join(features)


def split_features(stored: str | None) -> list[str]:
    return stored.split() if stored else []


# The sentence before a claim says what its words point at: "the agreement" after a
# sentence on the nuclear deal, "Europe will have two months" after one on a deadline.
CONTEXT_PREFIX = "p:"
NO_CONTEXT = "p:none"  # the claim opens its text (and every statement we wrote alone)
CONTEXT_TOKENS = 80  # how far back the sentence before is looked for
_SENTENCE_BREAK = re.compile(r"(?<=[.!?…])\s+|(?<=[.!?…][\"'”’)])\s+|\n+")


def preceding_sentence(before: str) -> str:
    """The last sentence of ``before`` (the text up to a claim), "" when there is none."""
    parts = [p for p in _SENTENCE_BREAK.split(before) if p.strip()]
    return parts[-1].strip() if parts else ""


def context_features(before: str) -> list[str]:
    """Stems of the words of 4+ letters of the sentence before the claim ("p:agreement"),
    each once; ``NO_CONTEXT`` when there is no sentence before."""
    stems = dict.fromkeys(f"{CONTEXT_PREFIX}{stem(w)}" for w in words(preceding_sentence(before)) if len(w) >= 4)
    return list(stems) or [NO_CONTEXT]


def span_parse_features(doc, start_char: int, end_char: int, before: str = "", text: str | None = None) -> list[str]:
    """Parse features of the tokens of ``doc`` (a spaCy Doc) from ``start_char`` to
    ``end_char`` (a claim's whole attribution: the statement and its cue), and the
    context features of the sentence before it (``before``: text of the document
    before ``doc``, for a passage parsed alone). ``text``: ``doc.text``, if the caller
    has it (spaCy rebuilds it from every token)."""
    span = doc.char_span(start_char, end_char, alignment_mode="expand")
    if span is None:
        return parse_features(doc) + context_features(before)
    own = _text_before(doc, span.start, text)
    return parse_features(span) + context_features(f"{before}\n{own}" if before and own else before or own)


def _text_before(doc, end: int, text: str | None) -> str:
    """The text of the ``CONTEXT_TOKENS`` tokens before token ``end``, as ``Span.text``
    gives it (without the last token's trailing space), sliced from ``text`` when given:
    a Span's text makes a Token object for each of its tokens."""
    start = max(0, end - CONTEXT_TOKENS)
    if text is None or start == end:
        return doc[start:end].text
    last = doc[end - 1]
    return text[doc[start].idx : last.idx + len(last)]
