"""Whether the subject of a speech verb can speak at all.

"The Vermont senator opened a rally blasting Clinton", "companies are taking pains
to say", "Trump fired back a response saying": the parse gives the speech verb a
subject the writer narrates (a rally, pains, a response), and the speaker is the
subject of the clause above it. A subject can speak when it is a person, group,
institution or place by its entity, a pronoun of people, a proper noun, or a
common noun that heads speakers: a title or role (people.yaml), a kin word
(kinds.yaml), or a head learned from annotated sources (speaker_heads.yaml,
pipeline/evaluation/speaker_heads.py). Documents ("the report", "a poll") are
among the learned heads: a document still speaks for itself when no one above
it does.
"""
from __future__ import annotations

from functools import lru_cache

from spacy.tokens import Token

from pipeline.datafiles import load_data
from pipeline.extract.lexicon import load_lexicon, names_one
from pipeline.extract.respondents import is_share

SPEAKING_ENTITIES = frozenset({"PERSON", "ORG", "GPE", "NORP"})  # people, bodies, places, nations
CLIMB = 4  # clauses above the verb looked at: a speaker further up is another statement's


@lru_cache(maxsize=1)
def speaking_nouns() -> frozenset[str]:
    people = load_data("people.yaml")
    learned = load_data("speaker_heads.yaml")["speaker_heads"]
    return frozenset(learned) | frozenset(load_data("kinds.yaml")["person_nouns"]) \
        | frozenset(people["titles"]) | frozenset(people["generic_roles"]) | load_lexicon().role_heads


def can_speak(token: Token) -> bool:
    if token.ent_type_ in SPEAKING_ENTITIES or token.pos_ in ("PROPN", "PRON") or is_share(token):
        return True
    return names_one(token.lower_, speaking_nouns())


def is_narrated(token: Token) -> bool:
    """A common noun no speaker is headed by: "a rally", "the comments", "pains"."""
    return token.pos_ == "NOUN" and not can_speak(token)


def speaker_above(verb: Token) -> Token | None:
    """The subject of a clause above ``verb`` that can speak, nearest first."""
    token = verb
    for _ in range(CLIMB):
        if token.head == token:
            return None
        token = token.head
        if token.pos_ not in ("VERB", "AUX"):
            continue
        subjects = [c for c in token.children if c.dep_ in ("nsubj", "nsubjpass") and can_speak(c)]
        if subjects:
            return subjects[0]
    return None


def author_in_relative(noun: Token) -> Token | None:
    """"according to a speech Mrs. Clinton delivered", "a letter the minister wrote":
    the subject of a relative clause on a document, when it can speak."""
    for clause in (c for c in noun.children if c.dep_ == "relcl"):
        subjects = [c for c in clause.children if c.dep_ == "nsubj" and c.i < clause.i and can_speak(c)]
        if subjects and subjects[0].tag_ not in ("WDT", "WP"):  # "a letter that said": no author
            return subjects[0]
    return None
