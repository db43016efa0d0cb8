"""Relays across cues and claims: "Reuters reported that X said ..." and what follows it.

relays.py reads the relay of one statement from its own sentence; this module
reads what the page says across cues and statements:
- "Reuters reported that X said ...": the inner cue keeps X, with the outlet as
  its relay, and the outer one states nothing of its own (mark_relays);
- "The Wall Street Journal reported that Sinwar has rejected the proposal, vowing
  that ...": the participle is Sinwar's, relayed by the outlet, not the outlet's
  (relayed_participles);
- "... He further stated that ...": the next statement of the same speaker in
  the same paragraph keeps the relay, where its pronoun continues the account
  (carry_relays).
"""
from __future__ import annotations

from itertools import pairwise

from spacy.tokens import Token

from pipeline.extract.cues import Cue
from pipeline.extract.kinds import is_outlet
from pipeline.extract.lexicon import Lexicon
from pipeline.extract.outlets import outlet_signs
from pipeline.extract.quotes import Quote
from pipeline.extract.relays import noun_phrase
from pipeline.extract.subjects import quoting_verb
from pipeline.records import ExtractedClaim

# Inner cues that report words (a clause, a quotation): "Reuters reported that X said
# (that) ...", not "The Times reported that Trump had claimed a loss" (an object).
RELAYED_RULES = frozenset({"that_clause", "colon", "xcomp", "parataxis", "misattached_that", None})


def mark_relays(cues: list[Cue], lex: Lexicon, quotes: list[Quote]) -> None:
    """"Reuters reported that X said ...": the outlet relays X's statement (module
    docstring). An inner cue with no content of its own counts only beside a quotation
    it may take ("A man charged with stabbing ... refused to appear, according to Village Soup")."""
    relayed_participles(cues, lex)
    quoted_as(cues, lex)
    cited_by(cues, lex)
    for outer in cues:
        relayer = relaying(outer, lex)
        if outer.content is None or relayer is None:
            continue
        start, end = outer.content
        quoted = any(start <= q.start < end for q in quotes)
        inner = [c for c in cues if c is not outer and c.speaker is not None and not is_outlet(c.speaker, lex)
                 and start <= c.start < end and c.rule in RELAYED_RULES and (c.content is not None or quoted)]
        for cue in inner:
            cue.relay = relayer
        if inner:
            outer.content = None


def relaying(cue: Cue, lex: Lexicon) -> str | None:
    """The outlet by which the cue's speaker may relay another's words: an outlet, an
    organisation named by an outlet word that reports ("..., the agency reported": the
    agency of the page, whichever it is), an outlet's report ("according to a report by
    the Jerusalem Post, X said": the Jerusalem Post)."""
    if cue.speaker is None:
        return None
    if is_outlet(cue.speaker, lex):
        return cue.speaker.text
    root = cue.speaker.root
    if cue.anchor.lower_ in outlet_signs()["reporting_verbs"] and root.lower_ in lex.outlet_heads:
        return cue.speaker.text
    if root.lower_ in lex.report_heads:
        for tok in root.children:  # "a report by/in the Jerusalem Post", "a Jerusalem Post report"
            heads = [g for g in tok.children if g.dep_ == "pobj"] if tok.dep_ == "prep" else [tok]
            for head in heads:
                if tok.dep_ in ("prep", "compound", "poss") and is_outlet(noun_phrase(head), lex):
                    return noun_phrase(head).text
    return None


def quoted_as(cues: list[Cue], lex: Lexicon) -> None:
    """"Tasnim quoted Araghchi as stressing that ...", "Khamenei's website quoted him as
    warning": whatever the speech participle, the one quoted speaks and the one quoting relays."""
    for cue in cues:
        verb = quoting_verb(cue.anchor)
        if verb is None or cue.speaker is None:
            continue
        quoted = [c for c in verb.children if c.dep_ == "dobj"]
        subjects = [c for c in verb.children if c.dep_ == "nsubj"]
        if quoted and subjects and cue.speaker.start <= subjects[0].i < cue.speaker.end:
            cue.speaker, cue.apposition, cue.relay = noun_phrase(quoted[0]), None, cue.speaker.text


def cited_by(cues: list[Cue], lex: Lexicon) -> None:
    """"Citing the minister, the Tasnim news agency reported that ...": the one cited
    speaks (a person or a role, not "a report"), the outlet relays."""
    for cue in cues:
        if cue.anchor.lower_ != "citing" or cue.anchor.dep_ != "advcl" or cue.speaker is None:
            continue
        cited = [c for c in cue.anchor.children if c.dep_ == "dobj" and (
            c.ent_type_ == "PERSON" or c.lower_ in lex.role_heads or c.lower_.removesuffix("s") in lex.role_heads)]
        outer = next((c for c in cues if c.anchor == cue.anchor.head and c.content is not None), None)
        if not cited or outer is None or outer.speaker is None or not is_outlet(outer.speaker, lex):
            continue
        outer.relay, outer.speaker, outer.apposition = outer.speaker.text, noun_phrase(cited[0]), None
        cue.content = None


def relayed_participles(cues: list[Cue], lex: Lexicon) -> None:
    """"X reported that Sinwar has rejected the proposal, vowing that ...": a participle
    hung inside the outlet's reported clause, given the outlet as its speaker, speaks
    for the clause's subject, and the outlet relays it."""
    for outer in cues:
        if outer.speaker is None or not is_outlet(outer.speaker, lex):
            continue
        for cue in cues:
            if cue is outer or cue.speaker is None or cue.speaker.start != outer.speaker.start:
                continue
            subject = reported_subject(cue.anchor, outer.anchor)
            if subject is not None:
                cue.speaker, cue.apposition, cue.relay = noun_phrase(subject), None, outer.speaker.text


def reported_subject(participle: Token, verb: Token) -> Token | None:
    """The subject of the clause of ``verb`` ("reported that Sinwar has rejected ...")
    that ``participle`` hangs on, when it names a person."""
    tok = participle
    while tok.dep_ in ("advcl", "xcomp", "conj") and tok.head != tok:
        tok = tok.head
        if tok.dep_ == "ccomp" and tok.head.i == verb.i:
            subjects = [c for c in tok.children if c.dep_ == "nsubj" and c.ent_type_ == "PERSON"]
            return subjects[0] if subjects else None
    return None


def carry_relays(claims: list[ExtractedClaim], text: str, lex: Lexicon) -> None:
    """"According to the report, Sinwar told mediators, “...” He further stated that ...":
    the next statement of the same speaker, in the same paragraph, through a pronoun,
    keeps the relay of the one before."""
    ordered = sorted(claims, key=lambda c: c.start_char)
    for before, after in pairwise(ordered):
        if not before.relay or after.relay or after.speaker_name != before.speaker_name:
            continue
        if (after.speaker_mention or "").lower() not in lex.person_pronouns | lex.institution_pronouns:
            continue
        if "\n" not in text[before.end_char : after.start_char]:
            after.relay = before.relay
