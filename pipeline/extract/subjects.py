"""Who speaks at a cue: the subject of the speech verb, the speaker span as
written (without appositions or relative clauses) and, where the parse lost the
subject, the noun phrase or person named just before the verb."""
from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from spacy.tokens import Span, Token

from pipeline.datafiles import load_data
from pipeline.extract.animacy import can_speak, is_narrated, speaker_above
from pipeline.extract.doccache import ents_of, text_of
from pipeline.extract.lexicon import Lexicon, load_lexicon, names_one
from pipeline.extract.outlets import is_dateline_dash
from pipeline.extract.respondents import poll_of
from pipeline.extract.verbs import tagged_as_noun

if TYPE_CHECKING:  # cues.py builds Cues from this module: only the annotation needs it
    from pipeline.extract.cues import Cue

SUBJECT_DEPS = ("nsubj", "nsubjpass")
RELATIVE_PRONOUNS = ("who", "that", "which", "whom")
# Links through which a participle or coordinated verb shares its head's
# subject: "..., adding that", "was quoted ... as saying", "said ... and warned".
SHARED_SUBJECT_DEPS = ("xcomp", "advcl", "conj", "pcomp", "prep", "pobj", "acl")
MENTION_CUT_DEPS = ("appos", "relcl", "acl", "punct", "advcl", "cc", "prep")


def subject_of(verb: Token) -> tuple[Token | None, Token | None]:
    """The verb's subject (the nearest, if the parse gives several), or the one it
    shares with the verb it hangs from; and the relative pronoun standing for it, if any."""
    token = verb
    for _ in range(4):
        if token.dep_ == "advmod" and token.head != token:
            token = token.head  # "aside from saying": a two-word preposition, one link (shares_subject)
        quoted = [c for c in token.children if c.dep_ == "dobj"] if is_quoting(token) else []
        if quoted:
            return quoted[0], None  # "Tasnim quoted X as saying": X speaks, Tasnim relays
        subjects = [c for c in token.children if c.dep_ in SUBJECT_DEPS
                    or c.dep_ == "compound" and c.i == token.i - 1 and tagged_as_noun(token)]
        if subjects:
            subject = min(subjects, key=lambda c: abs(c.i - token.i))
            named = [c for c in subjects if c.ent_type_ == "PERSON" and c.i < subject.i]
            if named and subject.ent_type_ != "PERSON" and subject.pos_ == "NOUN":
                subject = named[-1]  # "Ban Ki-moon, the secretary general ..., vowed": the parse made the
                # apposition a second subject; the name is the speaker
            if subject.lower_ in RELATIVE_PRONOUNS and token.dep_ == "relcl":
                return antecedent(token.head), subject  # "Derek Penwell, who said ...": the noun the clause hangs on
            return subject, None
        controller = object_controller(token)
        if controller is not None:
            return controller, None
        lost = subject_taken_as_object(token) if token is verb else None
        if lost is not None:
            return lost, None
        if not shares_subject(token) or token.head == token:
            return None, None
        issuer = issuing_verb(token)
        if issuer is not None:
            token = issuer  # "Trump unleashed a series of tweets criticizing X": Trump speaks
            continue
        if token.dep_ == "conj" and token.head.dep_ == "ccomp":
            token = token.head  # "reaffirmed that X remains ... and said": the parse put the
            # second cue inside the first one's content; its speaker is the first cue's
        token = token.head
    return None, None


def object_controller(verb: Token) -> Token | None:
    """"forced Stumpf to admit that ...", "prompted Anderson Cooper to accuse ...": the
    subject of an infinitive under a verb with an object that can speak is that object
    (object control), not the outer verb's subject ("used the comments to urge": not)."""
    if verb.dep_ != "xcomp" or verb.tag_ != "VB":
        return None
    objects = [c for c in verb.head.children if c.dep_ == "dobj" and c.i < verb.i and can_speak(c)]
    return objects[-1] if objects else None


def subject_taken_as_object(verb: Token) -> Token | None:
    """"... is heating up after the World Trade Organization (WTO) ruled that ...": the
    parse made the clause's subject the object of "after" and hung the verb on the main
    clause, whose subject it would share; the noun phrase that ends just before the verb
    is its subject."""
    if verb.dep_ != "advcl" or verb.tag_ not in ("VBD", "VBZ", "VBP"):
        return None  # a finite verb: a participle shares the main clause's subject ("went after Bush, calling him")
    before = verb.i - 1
    while before >= 0 and verb.doc[before].is_punct:
        before -= 1
    for prep in verb.head.children:
        if prep.dep_ != "prep" or prep.i > verb.i or prep.lower_ not in load_lexicon().clause_prepositions:
            continue
        objects = [o for o in prep.children if o.dep_ == "pobj" and o.pos_ in ("PROPN", "NOUN")]
        if objects and before <= objects[0].right_edge.i < verb.i:
            return objects[0]
    return None


def shares_subject(token: Token) -> bool:
    """``token`` takes the subject of the word it hangs on: a participle or second verb,
    or an adverb heading a preposition ("refuses to discuss it, aside from saying")."""
    return token.dep_ in SHARED_SUBJECT_DEPS or token.dep_ == "advmod" and any(c.dep_ == "prep" for c in token.children)


def antecedent(noun: Token) -> Token:
    """What a relative clause on ``noun`` is about: "One of the docs, who called": "One"."""
    if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.pos_ in ("NUM", "PRON", "DET"):
        return noun.head.head
    return noun


def issuing_verb(verb: Token) -> Token | None:
    """"issued a statement calling ...", "unleashed a series of tweets criticizing ...":
    a participle on a document or channel the verb's object names; the verb's subject
    (the issuer) speaks through it, not the document."""
    if verb.dep_ != "acl" or verb.head.pos_ != "NOUN":
        return None
    noun = verb.head
    if noun.dep_ == "pobj" and noun.head.lower_ == "of" and noun.head.head.pos_ == "NOUN":
        noun = noun.head.head  # "a series of tweets"
    if not names_one(verb.head.lower_, load_lexicon().vehicle_nouns):
        return None
    return noun.head if noun.dep_ == "dobj" and noun.head.pos_ == "VERB" else None


@lru_cache(maxsize=1)
def quoting_words() -> dict[str, frozenset[str]]:
    data = load_data("relays.yaml")
    return {key: frozenset(data[key]) for key in ("quoting_verbs", "quoting_participles")}


def is_quoting(verb: Token) -> bool:
    """"Tasnim quoted X as saying", "Khamenei's official website quoted him as warning":
    a quoting verb with a participle after its "as", whichever the participle (the one
    quoted speaks, the one quoting relays: relays.py), or with a participle of speaking
    anywhere under it, where the parse hung "as saying" elsewhere ("was quoted by Fars
    as saying"). Not "judges have cited the election as a reason"."""
    words = quoting_words()
    if verb.lower_ not in words["quoting_verbs"]:
        return False
    return any(g.tag_ == "VBG" for c in verb.children if c.lower_ == "as" for g in c.children) \
        or any(t.lower_ in words["quoting_participles"] for t in verb.subtree)


def quoting_verb(anchor: Token) -> Token | None:
    """The quoting verb (is_quoting) of "quoted X as stressing", at the verb or at its participle."""
    verb = anchor
    if anchor.lower_ not in quoting_words()["quoting_verbs"] and anchor.tag_ == "VBG" and anchor.dep_ == "pcomp" \
            and anchor.head.lower_ == "as":
        verb = anchor.head.head
    return verb if is_quoting(verb) else None


def participle_subject(verb: Token) -> Token | None:
    """", telling the crowd, “...”" where the parse hung the participle on a verb
    after it: the subject of the sentence's main verb, when that comes first."""
    root = verb.sent.root
    if verb.tag_ != "VBG" or verb.i == 0 or verb.doc[verb.i - 1].text != "," or root.i >= verb.i:
        return None
    subjects = [c for c in root.children if c.dep_ in SUBJECT_DEPS and c.i < verb.i]
    return subjects[0] if subjects else None


def verb_speaker(verb: Token) -> tuple[Span | None, Span | None, Token | None]:
    """The speaker of a speech verb as written, its apposition, and the relative
    pronoun written at the cue ("Kamin, who said": "who"); where the parse's subject
    cannot speak or is a document the clause above issues, that clause's speaker."""
    speaker, apposition, relative = written_speaker(verb)
    if speaker is not None and speaks_through(speaker.root, verb):
        above = speaker_above(verb)
        if above is not None:
            return mention_span(above), apposition_of(above), None
    return speaker, apposition, relative


def speaks_through(subject: Token, verb: Token) -> bool:
    """The verb describes the object of the clause above, a document or a thing the
    writer narrates: "released a video that accuses Cruz", "fired back a response
    saying", "opened a rally blasting Clinton": the clause's subject speaks through it."""
    if verb.dep_ not in ("relcl", "acl") or verb.head != subject or subject.dep_ != "dobj":
        return False
    lex = load_lexicon()
    return is_narrated(subject) or names_one(subject.lower_, lex.vehicle_nouns) or names_one(subject.lower_, lex.report_heads)


def written_speaker(verb: Token) -> tuple[Span | None, Span | None, Token | None]:
    """The speaker as the parse gives it: subject, apposition and relative pronoun."""
    aside = as_phrase_subject(verb)
    if aside is not None:  # "Hawaii, as one of his advisers pointed out, ...": the adviser speaks
        return mention_span(aside), apposition_of(aside), None
    subject, relative = subject_of(verb)
    inherited = relative is not None and relative.head != verb  # ", saying" took a relative clause's subject
    if subject is None or subject.i > verb.i or inherited and participle_subject(verb) is not None:
        subject, relative = participle_subject(verb) or subject, None
    if subject is None or line_bounds(subject) != line_bounds(verb):
        return adjacent_subject(verb) or person_before(verb), None, None
    subject = apposition_after_dateline(subject)
    poll = poll_of(subject, verb)
    if poll is not None:  # "A Bloomberg poll showed that 72 percent of voters said": the poll
        return mention_span(poll), None, None
    apposition = apposition_of(subject)
    if second_name(subject, apposition, verb):  # "To understand the real Dred Scott, Chief Justice Roberts said"
        return apposition, None, relative
    return mention_span(subject), apposition, relative


def as_phrase_subject(verb: Token) -> Token | None:
    """"Hawaii, as one of Mr. Obama's advisers pointed out, normally ...": the parse can take
    the "as" clause's subject for the object of a preposition "as". Set off by a comma and
    running up to the verb, that object is the verb's subject ("Trump, as president, said"
    has a comma before the verb: a role, not a speaker)."""
    for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ == "as" and 0 < c.i < verb.i):
        objects = [c for c in prep.children if c.dep_ == "pobj"]
        if objects and verb.doc[prep.i - 1].text == "," and max(t.i for t in prep.subtree) == verb.i - 1 \
                and not any(c.dep_ in SUBJECT_DEPS and prep.i < c.i < verb.i for c in verb.children):
            return objects[0]
    return None


def second_name(subject: Token, apposition: Span | None, verb: Token) -> bool:
    """The parse made the person right before the verb an apposition of another
    person's name: a name is no apposition of another name, the one beside the verb speaks."""
    if apposition is None or subject.ent_type_ != "PERSON" or apposition.root.ent_type_ != "PERSON":
        return False
    between = verb.doc[apposition.end : verb.i]
    named = {t.text for t in apposition if t.ent_type_ == "PERSON"}
    return all(t.is_punct for t in between) and not named & {t.text for t in subject.subtree if t.i < apposition.start}


def _collect(token: Token, keep: list[Token]) -> None:
    keep.append(token)
    for child in token.children:
        if child.dep_ in MENTION_CUT_DEPS and not (child.dep_ == "prep" and token.pos_ in ("NOUN", "NUM")) \
                and not inside_name(token, child):
            continue
        _collect(child, keep)


def inside_name(token: Token, child: Token) -> bool:
    """"the Federal Bureau of Prisons": a preposition inside the entity the head
    belongs to is part of the name, not a phrase to cut."""
    return child.dep_ == "prep" and bool(token.ent_type_) and child.ent_iob_ == "I" and child.ent_type_ == token.ent_type_


def line_bounds(token: Token) -> tuple[int, int]:
    """Char span of the line holding ``token``: a speaker never crosses a line break."""
    text = text_of(token.doc)
    start = text.rfind("\n", 0, token.idx) + 1
    end = text.find("\n", token.idx)
    return start, len(text) if end < 0 else end


def _joined(ch: str) -> bool:
    return ch.isalnum() or ch == "-"


def word_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """Widen a char span over hyphenated words, so "Ale-Sadeq" is not cut at the
    hyphen (but "he’d" stays "he")."""
    while start > 1 and text[start - 1] == "-" and _joined(text[start - 2]):
        start -= 2
        while start > 0 and _joined(text[start - 1]):
            start -= 1
    while end + 1 < len(text) and text[end] == "-" and _joined(text[end + 1]):
        end += 2
        while end < len(text) and _joined(text[end]):
            end += 1
    return start, end


def mention_span(head: Token) -> Span | None:
    """The speaker as written: the subject without appositions or relative clauses."""
    keep: list[Token] = []
    _collect(head, keep)
    line_start, line_end = line_bounds(head)
    keep = sorted((t for t in keep if line_start <= t.idx < line_end and not t.is_space), key=lambda t: t.i)
    keep = after_dateline_dash(keep, head)
    while keep and keep[0].is_punct:
        keep = keep[1:]
    if not any(ch.isalpha() for t in keep for ch in t.text):
        return None  # "'s", a list marker: no one
    start, end = word_bounds(text_of(head.doc), keep[0].idx, keep[-1].idx + len(keep[-1]))
    end = min(end, line_end)
    while end > start and text_of(head.doc)[end - 1] in ",;:.":
        end -= 1
    return head.doc.char_span(start, end, alignment_mode="expand")


def after_dateline_dash(tokens: list[Token], head: Token) -> list[Token]:
    """The words after a dash before the head: a dateline the parse hung on the speaker
    ("Dec 29 (Reuters) - U.S. Democratic presidential candidate Hillary Clinton",
    "WASHINGTON — Hillary Clinton") is no part of who speaks."""
    if not tokens:
        return tokens
    between = head.doc[tokens[0].i : head.i]  # the mention is one slice: marks its parse cut out count
    dashes = [t.i for t in between if is_dateline_dash(t)]
    return [t for t in tokens if t.i > dashes[-1]] if dashes else tokens


def apposition_after_dateline(subject: Token) -> Token:
    """"WASHINGTON -- President Obama, ..., said": the parse made the dateline the
    subject and the speaker its apposition; the apposition after the dash speaks."""
    doc = subject.doc
    if not subject.text.isupper() or subject.i + 1 >= len(doc) or line_bounds(subject)[0] != subject.left_edge.idx:
        return subject
    dash = next((t for t in doc[subject.i + 1 : subject.i + 4] if is_dateline_dash(t)), None)
    appositions = [c for c in subject.children if c.dep_ == "appos" and dash is not None and c.i > dash.i]
    return appositions[0] if appositions else subject


def apposition_of(head: Token) -> Span | None:
    """The first apposition in the subject: "Alireza Miryousefi, spokesperson for ..." or
    "the head of the political bureau of the IRGC, Yadollah Javani"; or the description
    the parse made a second subject of the verb ("Ban Ki-moon, the secretary general
    of the United Nations, vowed")."""
    for tok in head.subtree:
        if tok.dep_ == "appos" and tok.i > head.i:
            return head.doc[tok.left_edge.i : tok.right_edge.i + 1]
    second = [c for c in head.head.children if c.dep_ == head.dep_ and c.i > head.i and c.pos_ == "NOUN"]
    if head.dep_ in SUBJECT_DEPS and second and head.doc[head.i + 1].text == ",":
        return mention_span(second[0])
    return None


CHAIN_POS = ("PROPN", "NOUN", "ADJ", "DET", "NUM", "PRON")
CHAIN_LINKS = ("of", "to", "for", "at", "’s", "'s", "-")


def adjacent_subject(verb: Token) -> Span | None:
    """The noun phrase just before the verb on its line, for when the parse has
    merged a headline into the sentence and lost the verb's subject."""
    doc = verb.doc
    line_start, _ = line_bounds(verb)
    i = verb.i - 1
    while i >= 0 and doc[i].idx >= line_start and doc[i].dep_ in ("aux", "auxpass", "neg", "advmod"):
        i -= 1
    end = i
    if end < 0 or doc[end].idx < line_start or doc[end].pos_ not in ("PROPN", "NOUN", "PRON"):
        return None
    while i >= 0 and doc[i].idx >= line_start and (doc[i].pos_ in CHAIN_POS or doc[i].lower_ in CHAIN_LINKS):
        i -= 1
    start = i + 1
    while start < end and doc[start].lower_ in CHAIN_LINKS:
        start += 1
    return doc[start : end + 1]


def person_before(verb: Token) -> Span | None:
    """"her senior policy adviser, Jake Sullivan, said:" or "Rep. Paul Ryan (R-WI) said",
    where the parse lost the subject: the nearest person named before the verb, in
    its sentence and line, with no other verb between them."""
    if verb.tag_ not in ("VBD", "VBZ", "VBP") or verb.i == 0 or verb.doc[verb.i - 1].text not in (",", ")"):
        return None
    sent = verb.sent
    persons = [e for e in ents_of(verb.doc) if e.label_ == "PERSON" and sent.start <= e.start and e.end <= verb.i]
    if not persons or persons[-1][0].idx < line_bounds(verb)[0]:
        return None
    nearest = persons[-1]
    return None if any(t.pos_ in ("VERB", "AUX") for t in verb.doc[nearest.end : verb.i]) else nearest


def is_document_source(cue: Cue, lex: Lexicon) -> bool:
    """"Reports suggest", "data show": unnamed documents or figures, not a speaker.
    A particular document speaks for its authors: "the report says", "the IMF
    report stated", "a 2014 study found"."""
    if cue.speaker is None or cue.speaker.root.lower_ not in lex.non_speakers:
        return False
    return not any(c.dep_ in ("det", "poss") for c in cue.speaker.root.children)


def share_participle_speakers(cues: list[Cue]) -> None:
    """", adding that ..." with no subject the parse can reach: the speaker of the
    cue before it in the same sentence."""
    for before, cue in zip(cues, cues[1:], strict=False):
        if cue.anchor.tag_ != "VBG" or before.speaker is None or before.anchor.sent != cue.anchor.sent:
            continue
        if cue.speaker is None or speaker_in_statement(cue, before):
            cue.speaker, cue.apposition = before.speaker, before.apposition


def speaker_in_statement(cue: Cue, before: Cue) -> bool:
    """", adding" hung inside the statement before it, so that the parse gave it the
    statement's subject ("told Newsmax that Romney “...,” adding"), not the speaker."""
    if cue.speaker is None or before.content is None:
        return False
    start, end = before.content
    return start <= cue.speaker.start_char < end <= cue.anchor.idx


def inverted_name(verb: Token) -> Span | None:
    """The capitalised name between an opening verb and the colon or comma before a
    quotation: "Said Ellis: “...”"."""
    doc = verb.doc
    stop = next((t.i for t in doc[verb.i + 1 : verb.i + 7] if t.text in (":", ",")), None)
    if stop is None or stop == verb.i + 1 or stop + 1 >= len(doc) or not doc[stop + 1].is_quote:
        return None
    name = doc[verb.i + 1 : stop]
    return name if all(t.text[:1].isupper() or t.text == "." for t in name) else None
