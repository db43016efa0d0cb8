"""Finding attribution cues in a parsed document: the reporting verb or phrase,
its speaker mention and, where the parse gives it, the reported content.

The parts live beside this module: verbs.py (which words are cues), subjects.py
(who speaks), content.py (what was said, and the named rules that find it) and
layout.py (cues the page layout gives rather than the parse)."""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from pipeline.extract.animacy import author_in_relative
from pipeline.extract.content import char_span_of, reported_content
from pipeline.extract.doccache import tokens_of
from pipeline.extract.lexicon import Lexicon
from pipeline.extract.subjects import (
    apposition_of,
    is_document_source,
    mention_span,
    share_participle_speakers,
    verb_speaker,
)
from pipeline.extract.verbs import cue_phrases_at, cue_text, discourse_marker, is_speech_verb


@dataclass
class Cue:
    anchor: Token  # the verb, or the first word of "according to"
    text: str  # "said", "wrote in a post", "according to"
    start: int  # char span of the cue text
    end: int
    speaker: Span | None  # the mention as written
    apposition: Span | None  # "spokesperson for the Iranian mission" beside the mention
    content: tuple[int, int] | None  # char span of the reported statement, from the parse
    colon: bool = False  # "X said:" and the statement after the colon: verbatim, so direct
    relative: Token | None = None  # "Kamin, who said": the pronoun written at the cue; speaker is "Kamin"
    rule: str | None = None  # the rule that found the content (names in content.py's docstring)
    relay: str | None = None  # the outlet it is relayed through: "Reuters" of "Reuters reported that X said"


def find_cues(doc: Doc, lex: Lexicon) -> list[Cue]:
    """The cues the parse gives: speech verbs and prepositional cues, less unnamed
    documents as sources, with participles given the speaker before them."""
    cues: list[Cue] = []
    # Most words are neither: one look-up of the lower form skips both tests' calls.
    speech_forms, phrase_starts = lex.speech_forms, lex.cue_phrases_by_first_word
    for token in tokens_of(doc):
        lower = token.lower_
        if lower not in speech_forms and lower not in phrase_starts:
            continue
        if is_speech_verb(token, lex):
            cues.append(verb_cue(token, lex))
            continue
        phrases = cue_phrases_at(token, lex)
        cues.extend(c for c in (prepositional_cue(doc, token.i, p) for p in phrases) if c is not None)
    cues = [c for c in cues if not is_document_source(c, lex) and not unsaid(c.anchor, lex)
            and not discourse_marker(c.anchor, lex)]
    share_participle_speakers(cues)
    share_clause_speakers(cues)
    return cues


def share_clause_speakers(cues: list[Cue]) -> None:
    """"said that Russia would help and, when asked ..., replied that ...": a speech
    verb with no subject of its own that the parse hung on another cue's verb (as a
    clause or a conjunct) shares that cue's speaker."""
    by_anchor = {c.anchor.i: c for c in cues if c.speaker is not None}
    for cue in cues:
        verb = cue.anchor
        if cue.speaker is not None or verb.dep_ not in ("ccomp", "conj") or verb.head.i not in by_anchor:
            continue
        if not any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in verb.children):
            outer = by_anchor[verb.head.i]
            cue.speaker, cue.apposition = outer.speaker, outer.apposition


def unsaid(verb: Token, lex: Lexicon) -> bool:
    """A speech verb never carried out ("has yet to explain", "declined to say", "left
    without saying"), or one opening a supposition ("Let's say ..."): the speaker did
    not say it, so it is no statement of theirs. (A negated one, "did not say that
    ...", PolNeAR counts as an attribution: kept.)"""
    head = verb.head
    if verb.dep_ == "pcomp" and head.lower_ in lex.unsaid_prepositions:
        return True  # "left without saying a word"
    if verb.dep_ in ("ccomp", "xcomp") and head.lower_ in lex.supposing_heads and head.i < verb.i:
        return True  # "Let's say you think ...": a supposition
    if verb.dep_ != "xcomp":
        return False
    return head.lower_ in lex.unsaid_heads or any(c.dep_ == "advmod" and c.lower_ in lex.unsaid_heads for c in head.children)


def verb_cue(verb: Token, lex: Lexicon) -> Cue:
    speaker, apposition, relative = verb_speaker(verb)
    text, start, end = cue_text(verb, lex)
    content, rule = reported_content(verb, speaker, lex)
    return Cue(anchor=verb, text=text, start=start, end=end, speaker=speaker, apposition=apposition,
               content=content, colon=rule == "colon", relative=relative, rule=rule)


def prepositional_cue(doc: Doc, i: int, phrase: tuple[str, ...]) -> Cue | None:
    """"according to X, <statement>": X is the object, the rest of the sentence the statement."""
    last = doc[i + len(phrase) - 1]
    objects = [c for c in last.children if c.dep_ == "pobj"]
    if not objects:
        return None
    phrase_tokens = {t.i for t in doc[i].subtree} | set(range(i, i + len(phrase))) | {t.i for t in objects[0].subtree}
    sent = doc[i].sent
    rest = [t for t in sent if t.i not in phrase_tokens]
    content = char_span_of(rest)
    source = author_in_relative(objects[0]) or objects[0]  # "according to a speech X delivered": X
    return Cue(
        anchor=doc[i],
        text=doc[i : i + len(phrase)].text,
        start=doc[i].idx,
        end=last.idx + len(last),
        speaker=mention_span(source),
        apposition=apposition_of(source),
        content=content,
        rule="according_to" if content else None,
    )
