"""Finding attribution cues in a parsed document: the reporting verb or phrase,
its speaker mention and, where the parse gives it, the reported content."""
from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from pipeline.extract.doccache import ents_of, text_of
from pipeline.extract.lexicon import Lexicon
from pipeline.extract.quotes import Quote

SUBJECT_DEPS = ("nsubj", "nsubjpass")
RELATIVE_PRONOUNS = ("who", "that", "which", "whom")
# Links through which a participle or coordinated verb shares its head's
# subject: "..., adding that", "was quoted ... as saying", "said ... and warned".
SHARED_SUBJECT_DEPS = ("xcomp", "advcl", "conj", "pcomp", "prep", "pobj", "acl")
MENTION_CUT_DEPS = ("appos", "relcl", "acl", "punct", "advcl", "cc", "prep")


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


def is_speech_verb(token: Token, lex: Lexicon) -> bool:
    lemma = lex.speech_forms.get(token.lower_)
    if lemma is None or not (token.tag_.startswith("VB") or tagged_as_noun(token)):
        return False
    particles = lex.needs_particle.get(lemma)
    return particles is None or any(c.lower_ in particles or c.dep_ in particles for c in token.children)


def tagged_as_noun(token: Token) -> bool:
    """"Trump charges that ...", "Trump claims that he should be the exception": a
    verb in -s the tagger took for a plural noun. It heads its sentence, has a
    name before it and a clause after it."""
    if token.tag_ != "NNS" or token.dep_ not in ("ROOT", "conj") or not token.lower_.endswith("s"):
        return False
    before = [c for c in token.children if c.i < token.i and c.dep_ in ("nsubj", "compound")]
    after = [c for c in token.children if c.i > token.i and is_complement(c)]
    return bool(before) and bool(after) and before[-1].i == token.i - 1 and before[-1].text[:1].isupper() \
        or bool(after) and any(c.dep_ == "nsubj" for c in token.children)


def subject_of(verb: Token) -> tuple[Token | None, Token | None]:
    """The verb's subject (the nearest, if the parse gives several), or the one it
    shares with the verb it hangs from; and the relative pronoun standing for it, if any."""
    token = verb
    for _ in range(4):
        subjects = [c for c in token.children if c.dep_ in SUBJECT_DEPS
                    or c.dep_ == "compound" and c.i == token.i - 1 and tagged_as_noun(token)]
        if subjects:
            subject = min(subjects, key=lambda c: abs(c.i - token.i))
            if subject.lower_ in RELATIVE_PRONOUNS and token.dep_ == "relcl":
                return token.head, subject  # "Derek Penwell, who said ...": the noun the clause hangs on
            return subject, None
        if token.dep_ not in SHARED_SUBJECT_DEPS or token.head is token:
            return None, None
        if token.dep_ == "conj" and token.head.dep_ == "ccomp":
            token = token.head  # "reaffirmed that X remains ... and said": the parse put the
            # second cue inside the first one's content; its speaker is the first cue's
        token = token.head
    return None, None


def _collect(token: Token, keep: list[Token]) -> None:
    keep.append(token)
    for child in token.children:
        if child.dep_ in MENTION_CUT_DEPS and not (child.dep_ == "prep" and token.pos_ in ("NOUN", "NUM")):
            continue
        _collect(child, keep)


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
    keep = [t for t in keep if line_start <= t.idx < line_end and not t.is_space]
    while keep and keep[0].is_punct:
        keep = keep[1:]
    if not keep:
        return None
    keep.sort(key=lambda t: t.i)
    start, end = word_bounds(text_of(head.doc), keep[0].idx, keep[-1].idx + len(keep[-1]))
    end = min(end, line_end)
    while end > start and text_of(head.doc)[end - 1] in ",;:.":
        end -= 1
    return head.doc.char_span(start, end, alignment_mode="expand")


def apposition_of(head: Token) -> Span | None:
    """The first apposition in the subject: "Alireza Miryousefi, spokesperson for ..." or
    "the head of the political bureau of the IRGC, Yadollah Javani"."""
    for tok in head.subtree:
        if tok.dep_ == "appos" and tok.i > head.i:
            return head.doc[tok.left_edge.i : tok.right_edge.i + 1]
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


def inverted_content(verb: Token, speaker: Span | None) -> tuple[int, int] | None:
    """"<statement>, an adviser has said" when the parse did not link the two:
    the statement is what precedes the comma before the speaker and cue."""
    doc, text = verb.doc, text_of(verb.doc)
    anchor = min(verb.idx, speaker.start_char) if speaker is not None else verb.idx
    seg_start = max(verb.sent.start_char, line_bounds(verb)[0])
    before = text[seg_start:anchor].rstrip()
    after = text[verb.idx + len(verb):].lstrip()[:1]
    if not before.endswith(",") or after not in (".", ",", "") or len(before.split()) < 4:
        return None
    return char_span_of([t for t in doc[verb.sent.start : verb.i] if seg_start <= t.idx < seg_start + len(before) - 1])


def char_span_of(tokens: list[Token]) -> tuple[int, int] | None:
    """Char span of ``tokens`` with edge punctuation and a leading "that" trimmed."""
    tokens = sorted(tokens, key=lambda t: t.i)
    while tokens and (tokens[0].is_punct or tokens[0].is_space or tokens[0].dep_ == "mark"):
        tokens = tokens[1:]
    while tokens and (tokens[-1].is_space or tokens[-1].dep_ == "cc"
                      or (tokens[-1].is_punct and tokens[-1].text not in "”’\"'")):
        tokens = tokens[:-1]
    if not tokens:
        return None
    return tokens[0].idx, tokens[-1].idx + len(tokens[-1])


def _subtree(token: Token) -> list[Token]:
    return list(token.subtree)


def is_framing(tok: Token, lex: Lexicon) -> bool:
    """The reporter's words hung on the statement: "amid ...", ", raising hopes ...",
    ", even as ..." (after a comma, so "said as he left" is not touched)."""
    if tok.dep_ == "prep" and tok.lower_ in lex.framing_preps:
        return True
    if tok.dep_ != "advcl" or tok.left_edge.i == 0 or tok.doc[tok.left_edge.i - 1].text != ",":
        return False
    marks = {c.lower_ for c in tok.children if c.dep_ == "mark"}
    return tok.tag_ == "VBG" and not marks or bool(marks & lex.framing_marks)


def content_tokens(clause: Token, lex: Lexicon) -> list[Token]:
    """The clause's words, less a coordinated speech verb (", and added", ", adding")
    that reports something else, and less the reporter's framing."""
    drop: set[int] = set()
    for tok in clause.subtree:
        if tok is clause:
            continue
        if (tok.dep_ == "conj" or tok.dep_ == "advcl" and tok.tag_ == "VBG") and is_speech_verb(tok, lex):
            drop.update(t.i for t in tok.subtree)
            drop.update(c.i for c in tok.head.children if c.dep_ == "cc" and c.i < tok.i)
        elif (is_framing(tok, lex) or is_narration(tok)) and tok.i > clause.i:
            drop.update(t.i for t in tok.subtree)
            drop.update(c.i for c in tok.head.children if c.dep_ in ("cc", "punct") and clause.i < c.i < tok.i
                        and c.i >= tok.left_edge.i - 2)
    return [t for t in clause.subtree if t.i not in drop]


def is_narration(tok: Token) -> bool:
    """", and he railed against ...": a clause joined to the statement after a comma
    whose subject is "he" or "she", the reporter going on about the speaker."""
    if tok.dep_ != "conj" or tok.head.dep_ != "ccomp" or tok.left_edge.i < 2:
        return False
    doc = tok.doc
    joined = doc[tok.left_edge.i - 1].dep_ == "cc" and doc[tok.left_edge.i - 2].text == ","
    subjects = [c for c in tok.children if c.dep_ in SUBJECT_DEPS]
    return joined and bool(subjects) and subjects[0].lower_ in ("he", "she") and subjects[0].i == tok.left_edge.i


def coordinated_content(verb: Token, clause: Token, lex: Lexicon) -> list[Token]:
    """"said that it is ready if X, returns to Y, and commits to Z": the parse hangs
    the later conjuncts on the cue; without a subject of their own they continue
    the statement."""
    extra: list[Token] = []
    for conj in (c for c in verb.children if c.dep_ == "conj" and c.i > clause.right_edge.i):
        if is_speech_verb(conj, lex) or any(c.dep_ in SUBJECT_DEPS for c in conj.children):
            break
        extra.extend(t for t in conj.subtree if not (t.dep_ == "conj" and is_speech_verb(t, lex)))
    return extra


def inverted_ok(verb: Token, clause: Token, lex: Lexicon) -> bool:
    """A complement before its verb ("..., he said") must not belong to an
    earlier speech verb, as in "While saying the round was good, he threatened"."""
    if clause.i > verb.i:
        return True
    lead = verb.doc[clause.sent.start : clause.i]
    return not any(is_speech_verb(t, lex) and t.dep_ in ("advcl", "pcomp", "acl") for t in lead)


def particles_of(verb: Token, lex: Lexicon) -> list[Token]:
    """The words that make the verb a cue: "made clear", "pointed out", "called for"."""
    wanted = lex.needs_particle.get(lex.speech_forms.get(verb.lower_, ""), frozenset())
    return [c for c in verb.children if c.lower_ in wanted and c.i > verb.i]


def parsed_content(verb: Token, lex: Lexicon) -> tuple[int, int] | None:
    """What the verb reports: its clausal complement (on the verb's own line: a parse
    that runs across a paragraph break can hang two), or "X as Y" after describe."""
    particles = particles_of(verb, lex)
    line = line_bounds(verb)
    clauses = [c for h in (verb, *particles) for c in h.children
               if is_complement(c) and c not in particles and line[0] <= c.idx < line[1]]
    for child in clauses:
        if inverted_ok(verb, child, lex):
            tokens = content_tokens(child, lex)
            tokens += coordinated_content(verb, child, lex) if child.i > verb.i else []
            return char_span_of(tokens)
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    as_words = [t for t in verb.subtree if t.lower_ == "as" and t.dep_ == "prep" and t.i > verb.i]
    if objects and as_words:  # "described the talks as a good start", wherever "as" hangs
        return char_span_of(list(verb.doc[objects[0].left_edge.i : as_words[0].right_edge.i + 1]))
    if verb.dep_ == "parataxis":
        return paratactic_content(verb)
    misplaced = misattached_that_clause(verb, line)
    if misplaced is not None:
        return misplaced
    if lex.speech_forms.get(verb.lower_) in lex.object_content_verbs:
        return object_content(verb, lex)
    return clausal_xcomp(verb, lex) or as_clause_content(verb, lex) or topic_content(verb, lex)


def is_complement(child: Token) -> bool:
    """A clausal complement, or a that-clause the parse made an adverbial or noun
    clause ("tweeted in the early hours that Machado was ...", "charges that ...")."""
    if child.dep_ == "ccomp":
        return True
    return child.dep_ in ("advcl", "acl") and any(c.dep_ == "mark" and c.lower_ == "that" for c in child.children)


def as_clause_content(verb: Token, lex: Lexicon) -> tuple[int, int] | None:
    """"Hawaii, as one of his advisers pointed out, does not get back-to-back
    hurricanes": a cue in an "as" clause reports the rest of its sentence (the
    parse hangs the clause on the statement, or the statement on the cue)."""
    marks = [c for c in verb.children if c.lower_ == "as" and c.dep_ in ("mark", "prep") and c.i < verb.i]
    if not marks or any(c.dep_ in ("dobj", "ccomp") for c in verb.children):
        return None
    last = max([verb.i] + [p.i for p in particles_of(verb, lex)])
    sent = verb.sent
    rest = [t for t in sent if not marks[0].i <= t.i <= last]
    return char_span_of(rest) if sum(not t.is_punct for t in rest) >= 4 else None


def topic_content(verb: Token, lex: Lexicon) -> tuple[int, int] | None:
    """"warned of dire consequences", "spoke about the need for reforms": what a
    verb of speaking is about, when it reports nothing else."""
    if lex.speech_forms.get(verb.lower_) not in lex.topic_verbs:
        return None
    for prep in (c for c in verb.children if c.dep_ == "prep" and c.i > verb.i and c.lower_ in lex.topic_preps):
        objects = [c for c in prep.children if c.dep_ in ("pobj", "pcomp")]
        if objects:
            return char_span_of(list(objects[0].subtree))
    return None


def misattached_that_clause(verb: Token, line: tuple[int, int]) -> tuple[int, int] | None:
    """"telling customers at a breakfast spot that “I need you”", "said in a statement
    that ...": the parse hung the that-clause on a noun of the object or of the
    channel. "that" is its mark, not a relative pronoun."""
    for child in verb.children:
        if child.dep_ not in ("dobj", "dative", "prep", "npadvmod") or child.i < verb.i:
            continue
        for tok in child.subtree:
            marks = [c for c in tok.children if c.dep_ == "mark" and c.lower_ == "that" and c.i < tok.i]
            if tok.dep_ in ("relcl", "acl") and marks and line[0] <= tok.idx < line[1]:
                return char_span_of([t for t in tok.subtree if t.i > marks[0].i])
    return None


def clausal_xcomp(verb: Token, lex: Lexicon) -> tuple[int, int] | None:
    """"He said legalizing it could put thousands to work": the parse makes the
    statement an open complement; it is one if it holds a finite verb."""
    for child in verb.children:
        if child.dep_ == "xcomp" and child.i == verb.i + 1:
            tokens = content_tokens(child, lex)
            if any(t.tag_ in ("VBD", "VBZ", "VBP", "MD") for t in tokens):
                return char_span_of(tokens)
    return None


OBJECT_DEPS = ("dobj", "xcomp", "oprd", "dative")


def object_content(verb: Token, lex: Lexicon) -> tuple[int, int] | None:
    """"called for the impeachment of X", "urged voters to unite", "pledged to work
    together": the object (and its complement) is what was said."""
    parts = [c for c in verb.children if c.dep_ in OBJECT_DEPS and c.i > verb.i]
    for prep in (c for c in verb.children if c.dep_ == "prep" and c.lower_ in ("for", "on") and not parts):
        parts = [c for c in prep.children if c.dep_ in ("pobj", "pcomp")]
    tokens = [t for part in parts for t in part.subtree]
    if len(tokens) < 2:
        return None
    tokens += object_complement(verb, max(t.i for t in tokens), lex)
    return char_span_of(list(verb.doc[min(t.i for t in tokens) : max(t.i for t in tokens) + 1]))


def object_complement(verb: Token, after: int, lex: Lexicon) -> list[Token]:
    """"accused the GOP of stoking the issue", "blamed the shootings on bias": the
    preposition after the object that says what the speaker holds against it."""
    preps = [c for c in verb.children if c.dep_ == "prep" and c.i == after + 1 and c.lower_ in lex.object_preps]
    return list(preps[0].subtree) if preps else []


def paratactic_content(verb: Token) -> tuple[int, int] | None:
    """"Trump said, Tuesday, that progress has been made": the parse hangs the
    cue off the statement, so the statement is the rest of the head's clause."""
    own = {t.i for t in verb.subtree}
    rest = [t for t in verb.head.subtree if t.i not in own]
    if verb.i < verb.head.i:
        rest = [t for t in rest if t.i > verb.right_edge.i]
        lead = [k for k, t in enumerate(rest[:5]) if t.lower_ == "that"]
        rest = rest[lead[0] + 1 :] if lead else rest
    return char_span_of(rest) if len(rest) >= 3 else None


def colon_content(verb: Token) -> tuple[int, int] | None:
    """"X said:" followed by the statement, on the same line or the next paragraph."""
    doc = verb.doc
    end = verb.i + 1
    while end < len(doc) and end - verb.i < 12 and doc[end].text != ":" and not doc[end].is_sent_start:
        if doc[end].dep_ == "mark" or doc[end].pos_ in ("VERB", "AUX") and doc[end].dep_ not in ("acl", "amod"):
            return None  # the colon ends another clause: "noted that ..., and added:"
        end += 1
    if end >= len(doc) or doc[end].text != ":":
        return None
    text = text_of(doc)
    start = doc[end].idx + 1
    while start < len(text) and text[start].isspace():
        start += 1
    stop = text.find("\n", start)
    stop = len(text) if stop < 0 else stop
    while stop > start and text[stop - 1].isspace():
        stop -= 1
    return (start, stop) if stop > start else None


def cue_text(verb: Token, lex: Lexicon) -> tuple[str, int, int]:
    """The verb, extended over "in a post on Truth Social" or "quoted ... as saying"."""
    doc = verb.doc
    start, end = verb.idx, verb.idx + len(verb)
    if verb.lower_ == "saying" and verb.head.lower_ == "quoted":
        start = verb.head.idx
    if verb.lower_ == "saying" and verb.head.head.lower_ == "quoted":
        start = verb.head.head.idx
    for particle in particles_of(verb, lex):
        if particle.lower_ not in ("for", "on"):
            end = max(end, particle.idx + len(particle))
    if verb.lower_ == "quoted":
        saying = [t for t in verb.subtree if t.lower_ == "saying"]
        end = max(end, saying[0].idx + len(saying[0])) if saying else end
    for child in verb.children:
        words = phrase_words(child) if child.dep_ == "prep" else []
        if any(t.lower_ in lex.channel_nouns for t in words):
            end = max(end, words[-1].idx + len(words[-1]))
    return text_of(doc)[start:end], start, end


def phrase_words(prep: Token) -> list[Token]:
    """The words of "in a statement on Monday", short of a clause the parse hung on
    it ("in a statement that the talks would resume", "at the time that ...")."""
    clauses = [t for t in prep.subtree if t.dep_ in ("acl", "relcl", "ccomp")]
    words = [t for t in prep.subtree if not any(c.left_edge.i <= t.i <= c.right_edge.i for c in clauses)]
    while len(words) > 1 and (words[-1].is_punct or words[-1].dep_ == "mark"):
        words = words[:-1]
    return words


def participle_subject(verb: Token) -> Token | None:
    """", telling the crowd, “...”" where the parse hung the participle on a verb
    after it: the subject of the sentence's main verb, when that comes first."""
    root = verb.sent.root
    if verb.tag_ != "VBG" or verb.i == 0 or verb.doc[verb.i - 1].text != "," or root.i >= verb.i:
        return None
    subjects = [c for c in root.children if c.dep_ in SUBJECT_DEPS and c.i < verb.i]
    return subjects[0] if subjects else None


def verb_cue(verb: Token, lex: Lexicon) -> Cue:
    subject, relative = subject_of(verb)
    if subject is None or subject.i > verb.i:
        subject, relative = participle_subject(verb) or subject, None
    text, start, end = cue_text(verb, lex)
    same_line = subject is not None and line_bounds(subject) == line_bounds(verb)
    speaker = mention_span(subject) if same_line else adjacent_subject(verb) or person_before(verb)
    colon = colon_content(verb)
    content = None if colon else clip_to_line(
        parenthetical_content(verb, speaker, lex) or parsed_content(verb, lex), verb)
    return Cue(
        anchor=verb,
        text=text,
        start=start,
        end=end,
        speaker=speaker,
        apposition=apposition_of(subject) if same_line else None,
        content=colon or content or inverted_content(verb, speaker),
        colon=colon is not None,
        relative=relative if same_line else None,
    )


def comma_after_cue(verb: Token) -> Token | None:
    """The comma closing a parenthetical cue: right after the verb or after a short
    adverbial ("said Tuesday,", "told reporters,"), with no verb or quote mark between."""
    doc = verb.doc
    for tok in doc[verb.i + 1 : min(verb.i + 6, verb.sent.end)]:
        if tok.text == ",":
            return tok
        if tok.pos_ in ("VERB", "AUX") or tok.is_quote or tok.is_sent_end:
            return None
    return None


def parenthetical_content(verb: Token, speaker: Span | None, lex: Lexicon) -> tuple[int, int] | None:
    """"The museum, Mr. Obama said, would make visitors face ..." and "Though X, he
    said, Y": a cue set off by commas inside the statement, which is the whole
    sentence around it. Not before a quotation (quote pairing handles "“A,” he
    said, “B”") nor before a participle cue (", he said, adding that ...")."""
    if speaker is None or speaker.end > verb.i or speaker.start < 2:
        return None
    if any(is_complement(c) and c.i > verb.i for c in verb.children):
        return None  # "Spokesperson, Abbas Mousavi said, on Tuesday, that ...": the clause is the statement
    doc, sent = verb.doc, verb.sent
    comma = comma_after_cue(verb)
    opener = doc[speaker.start - 1]
    if opener.is_quote and doc[speaker.start - 2].text == ",":  # 'agreement," Jordan said, and'
        opener = doc[speaker.start - 2]
    if opener.text != "," or comma is None or comma.i + 1 >= sent.end:
        return None
    after = doc[comma.i + 1 : min(comma.i + 3, sent.end)]
    if after[0].is_quote or sent[0].is_quote or any(is_speech_verb(t, lex) for t in after):
        return None  # "“A,” he said, while insisting that B": the quotation is the statement
    before = [t for t in doc[sent.start : opener.i] if not t.is_punct]
    rest = [t for t in doc[comma.i + 1 : sent.end] if not t.is_punct]
    if len(before) < 2 or len(rest) < 3 or line_bounds(sent[0]) != line_bounds(verb):
        return None
    return char_span_of(list(doc[sent.start : sent.end]))


def clip_to_line(span: tuple[int, int] | None, verb: Token) -> tuple[int, int] | None:
    """Reported speech stays on the cue's line; a parse that runs into the next
    line (a headline merged into the sentence) is cut there."""
    if span is None:
        return None
    line_start, line_end = line_bounds(verb)
    start, end = max(span[0], line_start), min(span[1], line_end)
    return (start, end) if end - start > 1 else None


def prepositional_cue(doc: Doc, i: int, phrase: tuple[str, ...]) -> Cue | None:
    """"according to X, <statement>": X is the object, the rest of the sentence the statement."""
    last = doc[i + len(phrase) - 1]
    objects = [c for c in last.children if c.dep_ == "pobj"]
    if not objects:
        return None
    phrase_tokens = {t.i for t in doc[i].subtree} | set(range(i, i + len(phrase))) | {t.i for t in objects[0].subtree}
    sent = doc[i].sent
    rest = [t for t in sent if t.i not in phrase_tokens]
    return Cue(
        anchor=doc[i],
        text=doc[i : i + len(phrase)].text,
        start=doc[i].idx,
        end=last.idx + len(last),
        speaker=mention_span(objects[0]),
        apposition=apposition_of(objects[0]),
        content=char_span_of(rest),
    )


def is_document_source(cue: Cue, lex: Lexicon) -> bool:
    """"Reports suggest", "data show": unnamed documents or figures, not a speaker.
    A particular document speaks for its authors: "the report says", "the IMF
    report stated", "a 2014 study found"."""
    if cue.speaker is None or cue.speaker.root.lower_ not in lex.non_speakers:
        return False
    return not any(c.dep_ in ("det", "poss") for c in cue.speaker.root.children)


def find_cues(doc: Doc, lex: Lexicon) -> list[Cue]:
    cues = [c for c in _all_cues(doc, lex) if not is_document_source(c, lex)]
    share_participle_speakers(cues)
    return cues + speaker_colon_cues(doc, lex) + inverted_cues(doc, lex)


def share_participle_speakers(cues: list[Cue]) -> None:
    """", adding that ..." with no subject the parse can reach: the speaker of the
    cue before it in the same sentence."""
    for before, cue in zip(cues, cues[1:]):
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


def byline_name(doc: Doc, start: int, end: int) -> Span | None:
    """The name in "― Carla Sanchez, 34, Texas": up to the first comma, a few
    capitalised words."""
    text = text_of(doc)
    comma = text.find(",", start, end)
    end = end if comma < 0 else comma
    while end > start and text[end - 1] in " \t\u00a0.":
        end -= 1
    span = doc.char_span(start, end, alignment_mode="expand") if end > start else None
    if span is None or not 1 <= len(span) <= 5:
        return None
    return span if all(t.text[:1].isupper() or t.text == "." for t in span) else None


def dash_cues(doc: Doc, quotes: list[Quote], lex: Lexicon) -> list[Cue]:
    """"“He represents our greatest shame.” ― Sonya Herridge": a quotation whose line
    ends with a dash and a name is that person's statement, verbatim."""
    text, cues = text_of(doc), []
    for q in (q for q in quotes if q.balanced):
        line_end = text.find("\n", q.end)
        line_end = len(text) if line_end < 0 else line_end
        dash = q.end + len(text[q.end:line_end]) - len(text[q.end:line_end].lstrip(" \t\u00a0"))
        if dash >= line_end or text[dash] not in lex.attribution_dashes:
            continue
        name = byline_name(doc, dash + 1 + len(text[dash + 1:line_end]) - len(text[dash + 1:line_end].lstrip()), line_end)
        anchor = doc.char_span(dash, dash + 1, alignment_mode="expand")
        if name is None or anchor is None:
            continue
        cues.append(Cue(anchor=anchor[0], text=text[dash], start=dash, end=dash + 1, speaker=name,
                        apposition=None, content=(q.inner_start, q.inner_end), colon=True))
    return cues


QUOTE_MARKS = "“”‘’\"'«»"
SPEAKER_LABEL_POS = ("PROPN", "NOUN", "PUNCT", "ADJ", "DET")


LABEL_ENTITIES = ("PERSON", "ORG", "GPE", "NORP")


def is_speaker_label(label: list[Token], lex: Lexicon) -> bool:
    """A short name before a line's colon: one word ("Cruz: ..."), a named entity, a
    transcript's capitals ("TAPPER") or a role ("Spokesman"); not a headline's
    title-case phrase ("Stealth Over Health: ...") nor a label word ("Update: ...")."""
    if len(label) > 5 or not (label[-1].pos_ == "PROPN" or label[-1].text[:1].isupper()):
        return False
    if any(t.lower_ in lex.not_speaker_labels for t in label):
        return False
    if any(t.pos_ not in SPEAKER_LABEL_POS or t.pos_ == "PUNCT" and t.text != "." for t in label):
        return False
    words = [t for t in label if t.is_alpha]
    return len(words) <= 1 or any(t.ent_type_ in LABEL_ENTITIES for t in label) \
        or all(t.is_upper for t in words) or label[-1].lower_ in lex.role_heads


def inverted_name(verb: Token) -> Span | None:
    """The capitalised name between an opening verb and the colon or comma before a
    quotation: "Said Ellis: “...”"."""
    doc = verb.doc
    stop = next((t.i for t in doc[verb.i + 1 : verb.i + 7] if t.text in (":", ",")), None)
    if stop is None or stop == verb.i + 1 or stop + 1 >= len(doc) or not doc[stop + 1].is_quote:
        return None
    name = doc[verb.i + 1 : stop]
    return name if all(t.text[:1].isupper() or t.text == "." for t in name) else None


def inverted_cues(doc: Doc, lex: Lexicon) -> list[Cue]:
    """"Said Ellis: “I don’t get the sense ...”", "Added Smith, “...”": a sentence that
    opens with the verb in the past, then the name and the quotation (the parse
    rarely sees a verb there)."""
    cues = []
    for tok in doc:
        if not (tok.is_sent_start and tok.text[:1].isupper() and tok.lower_.endswith("d")
                and tok.lower_ in lex.speech_forms):
            continue
        name = inverted_name(tok)
        if name is not None:
            quote = doc[name.end + 1]
            cues.append(Cue(anchor=tok, text=tok.text, start=tok.idx, end=tok.idx + len(tok), speaker=name,
                            apposition=None, content=(quote.idx, line_bounds(tok)[1]), colon=True))
    return cues


def speaker_colon_cues(doc: Doc, lex: Lexicon) -> list[Cue]:
    """"Cruz: Trump would put liberals on the court" and transcript lines
    ("TAPPER: ..."): a name at the start of a line, a colon, the statement."""
    text, cues = text_of(doc), []
    for tok in doc:
        if tok.text != ":" or tok.i == 0:
            continue
        line_start, line_end = line_bounds(tok)
        label = [t for t in doc[max(0, tok.i - 6) : tok.i] if t.idx >= line_start and not t.is_space]
        while label and label[0].is_quote:  # a transcript line opened with a quote mark
            label = label[1:]
        if not label or text[line_start : label[0].idx].strip(QUOTE_MARKS + " ") or not is_speaker_label(label, lex):
            continue
        start = tok.idx + 1
        while start < line_end and text[start].isspace():
            start += 1
        if len(text[start:line_end].split()) < 3:
            continue
        span = doc[label[0].i : label[-1].i + 1]
        cues.append(Cue(anchor=tok, text=":", start=tok.idx, end=tok.idx + 1, speaker=span,
                        apposition=None, content=(start, line_end), colon=text[start] in "“\"‘'"))
    return cues


def _all_cues(doc: Doc, lex: Lexicon) -> list[Cue]:
    cues: list[Cue] = []
    for token in doc:
        if is_speech_verb(token, lex):
            cues.append(verb_cue(token, lex))
            continue
        for phrase in lex.prepositional_cues:
            if token.lower_ == phrase[0] and doc[token.i : token.i + len(phrase)].text.lower().split() == list(phrase):
                cue = prepositional_cue(doc, token.i, phrase)
                if cue is not None:
                    cues.append(cue)
    return cues
