"""Poll respondents: "A Bloomberg poll showed that 72 percent of voters said ...",
"In a Post-ABC poll, 75 percent of Republicans said ...". A share of respondents
speaks through the poll that counted them: the poll, named in the same sentence,
is the source, as a reader (and PolNeAR) takes it; the share is what it found.
With no poll in the sentence the share stays the speaker ("Sixty percent said")."""
from __future__ import annotations

from functools import lru_cache

from spacy.tokens import Token

from pipeline.datafiles import load_data
from pipeline.extract.lexicon import load_lexicon

CLIMB_DEPS = ("ccomp", "conj", "xcomp", "advcl")  # from the statement's verb up to the poll's verb


@lru_cache(maxsize=1)
def share_heads() -> frozenset[str]:
    return frozenset(load_data("kinds.yaml")["share_heads"])


def is_share(subject: Token) -> bool:
    return subject.lower_ in share_heads() or subject.ent_type_ == "PERCENT" and subject.pos_ in ("NOUN", "NUM")


def is_poll(noun: Token) -> bool:
    """A particular poll or survey: "a Bloomberg poll", "the survey" (not "polls show")."""
    return noun.lower_ in load_lexicon().non_speakers and any(c.dep_ in ("det", "poss", "compound") for c in noun.children)


def poll_of(subject: Token, verb: Token) -> Token | None:
    """The poll a share of respondents (``subject`` of ``verb``) speaks through, if the
    sentence names it: the subject of a verb the statement hangs under ("A poll showed
    that ..."), or the object of "in" on the verb or the clauses above it ("In a poll, ...")."""
    if not is_share(subject):
        return None
    token = verb
    for _ in range(4):
        for child in token.children:
            if child.dep_ in ("nsubj", "nsubjpass") and child != subject and is_poll(child):
                return child
            if child.dep_ == "prep" and child.lower_ == "in":
                polls = [o for o in child.children if o.dep_ == "pobj" and is_poll(o)]
                if polls:
                    return polls[0]
        if token.dep_ not in CLIMB_DEPS or token.head == token:
            return None
        token = token.head
    return None
