"""What a speech verb reports: the content rules, tried in the order of
``CONTENT_RULES``; the first that applies settles the statement. When it finds
none, only ``LAST_RESORT`` is tried. The rule's name is kept with the claim
(claims.extraction_rule), so these names are stable:

colon             X said: <statement>  (after the colon, on its line or the next paragraph; verbatim)
parenthetical     The museum, Mr. Obama said, would make visitors face ...  (the sentence around the cue)
that_clause       X said (that) <clause>  /  <clause>, X said  (the verb's clausal complement)
described_as      X described the talks as a good start
parataxis         Trump said, Tuesday, that progress has been made  (the parse hangs the cue off the statement)
misattached_that  X said in a statement that ...  (the that-clause hangs on a noun after the verb)
object            X called for the impeachment of Y  /  urged voters to unite  (object_content_verbs)
xcomp             He said legalizing it could put thousands to work  (an open complement with a finite verb)
as_clause         Hawaii, as one of his advisers pointed out, does not get ...
topic             X warned of dire consequences  /  spoke about the need for reforms  (topics in cues.yaml)
trailing_cue      <statement>, an adviser has said  (LAST_RESORT: the parse did not link the two)

Rules that find a statement without a content rule:

according_to      According to X, <statement>  (and the other prepositional_cues; cues.py)
speaker_colon     Cruz: Trump would put liberals on the court  /  TAPPER: ...  (layout.py)
verb_first        Said Ellis: “...”  (layout.py)
dash_cue          “He represents our greatest shame.” ― Sonya Herridge  (layout.py)
quote+same_sentence_cue      a quotation and the cue in its sentence  (extractor.py)
quote+next_sentence_cue      “Who do they think they are?” Trump said of Apple.
quote+previous_sentence_cue  He noted that ... “Quote.”  /  “A,” he said. “B.”
quote+continued_block        a quoted paragraph after one attributed as a whole: X wrote: “...” / “...”
quote+cross_paragraph_cue    the cue in the quotation's sentence across a paragraph break
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from spacy.tokens import Span, Token

from pipeline.extract.doccache import text_of
from pipeline.extract.lexicon import Lexicon
from pipeline.extract.outlets import without_dateline
from pipeline.extract.subjects import SUBJECT_DEPS, line_bounds
from pipeline.extract.verbs import discourse_marker, is_complement, is_speech_verb, particles_of

CharSpan = tuple[int, int]
# What a rule returns: the statement's char span; None when the rule does not
# apply (the next one is tried); NOTHING when it applies and finds no statement,
# which ends the search in the parse (a later rule would misread the sentence).
NOTHING: tuple[()] = ()
Found = CharSpan | tuple[()] | None


@dataclass(frozen=True)
class ContentRule:
    name: str
    find: Callable[[Token, Span | None, Lexicon], Found]  # (verb, speaker, lexicon)
    on_cue_line: bool = True  # cut what it finds at the end of the cue's line


def reported_content(verb: Token, speaker: Span | None, lex: Lexicon) -> tuple[CharSpan | None, str | None]:
    """The statement the verb reports and the name of the rule that found it."""
    for rule in CONTENT_RULES:
        span = rule.find(verb, speaker, lex)
        if span is None:
            continue
        span = clip_to_line(span, verb) if rule.on_cue_line else span
        if span:
            return span, rule.name
        break
    span = LAST_RESORT.find(verb, speaker, lex)
    return (span, LAST_RESORT.name) if span else (None, None)


def colon_content(verb: Token, speaker: Span | None, lex: Lexicon) -> Found:
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


def parenthetical_content(verb: Token, speaker: Span | None, lex: Lexicon) -> Found:
    """"The museum, Mr. Obama said, would make visitors face ..." and "Though X, he
    said, Y": a cue set off by commas inside the statement, which is the whole
    sentence around it. Not before a quotation (quote pairing handles "“A,” he
    said, “B”") nor before a participle cue (", he said, adding that ...")."""
    if speaker is None or speaker.end > verb.i or speaker.start < 2:
        return None
    if any(is_complement(c) and c.i > verb.i for c in verb.children):
        return None  # "Spokesperson, Abbas Mousavi said, on Tuesday, that ...": the clause is the statement
    if lemma_of(verb, lex) not in lex.addressee_verbs and any(c.dep_ == "dobj" and c.i > verb.i for c in verb.children):
        return None  # "..., his critics denounced him, rushing to say ...": an object, so no parenthetical cue
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


def that_clause_content(verb: Token, speaker: Span | None, lex: Lexicon) -> Found:
    """The verb's clausal complement, on the verb's own line (a parse that runs
    across a paragraph break can hang two)."""
    particles = particles_of(verb, lex)
    line = line_bounds(verb)
    clauses = [c for h in (verb, *particles) for c in h.children
               if is_complement(c) and c not in particles and line[0] <= c.idx < line[1] and not discourse_marker(c, lex)]
    for child in clauses:
        if unanswered(verb, child, lex):
            return NOTHING  # "did not reveal what they discussed": no words reported
        if inverted_ok(verb, child, lex):
            tokens = content_tokens(child, lex)
            tokens = tokens + coordinated_content(verb, child, lex) if child.i > verb.i else after_lead_in(tokens)
            return char_span_of(tokens) or NOTHING
    return None


def after_lead_in(tokens: list[Token]) -> list[Token]:
    """"X scolded him: “A,” she said": the parse makes the whole sentence the inverted
    clause, but what "she said" reports is the quotation after the writer's colon (only
    a colon right before an opening mark, so a quotation's own colon stays)."""
    tokens = sorted(tokens, key=lambda t: t.i)
    doc = tokens[0].doc if tokens else None
    colons = [k for k, t in enumerate(tokens) if t.text == ":" and t.i + 1 < len(doc) and doc[t.i + 1].is_quote
              and doc[t.i + 1].whitespace_ == ""]
    return tokens[colons[-1] + 1 :] if colons else tokens


def unanswered(verb: Token, clause: Token, lex: Lexicon) -> bool:
    """A negated cue whose complement is an indirect question ("did not say whether
    talks would resume", "would not reveal what they discussed"): what was not said."""
    negated = any(c.dep_ == "neg" for c in verb.children)
    if not negated or clause.i < verb.i or clause.left_edge.lower_ not in lex.question_words:
        return False
    return not any(t.is_quote for t in clause.subtree)  # quoted words in it were said: "apart from “...”"


def described_as_content(verb: Token, speaker: Span | None, lex: Lexicon) -> Found:
    """"described the talks as a good start", wherever the parse hangs "as"; and
    "described as “a grave threat” the missile tests", the object after its "as"."""
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    as_words = [t for t in verb.subtree if t.lower_ == "as" and t.dep_ == "prep" and t.i > verb.i
                and own_word(verb, t, lex)]
    if as_words and leading_as(verb, as_words[0], lex):
        end = objects[0].right_edge.i if objects and objects[0].i > as_words[0].i else as_words[0].right_edge.i
        return char_span_of(without_setting(list(verb.doc[as_words[0].i : end + 1]), lex)) or NOTHING
    if not (objects and as_words):
        return None
    return char_span_of(without_setting(list(verb.doc[objects[0].left_edge.i : as_words[0].right_edge.i + 1]), lex)) \
        or NOTHING


def own_word(verb: Token, tok: Token, lex: Lexicon) -> bool:
    """``tok`` hangs on ``verb`` or its object, not on a clause inside it of a verb that
    reports nothing ("clarified the matter, treating her remark as a compliment": that "as"
    is treating's). A speech verb's clause goes on with the statement ("highlighted the
    importance of X, describing it as an “acid test”")."""
    head = tok.head
    while head.i != verb.i:
        if head.head.i == head.i or head.pos_ in ("VERB", "AUX") and head.lower_ not in lex.speech_forms:
            return False
        head = head.head
    return True


def leading_as(verb: Token, as_word: Token, lex: Lexicon) -> bool:
    """"described as a threat ...": an active object-reporting verb with its "as" phrase
    right after it (not "is described as", nor "quoted as saying")."""
    active = not any(c.dep_ in ("auxpass", "nsubjpass") for c in verb.children)
    return active and as_word.i == verb.i + 1 and as_word.head.i == verb.i \
        and lemma_of(verb, lex) in lex.object_content_verbs and any(c.dep_ == "pobj" for c in as_word.children)


def paratactic_content(verb: Token, speaker: Span | None, lex: Lexicon) -> Found:
    """"Trump said, Tuesday, that progress has been made": the parse hangs the
    cue off the statement, so the statement is the rest of the head's clause."""
    if verb.dep_ != "parataxis":
        return None
    own = {t.i for t in verb.subtree}
    rest = [t for t in verb.head.subtree if t.i not in own]
    if verb.i < verb.head.i:
        rest = [t for t in rest if t.i > verb.right_edge.i]
        lead = [k for k, t in enumerate(rest[:5]) if t.lower_ == "that"]
        rest = rest[lead[0] + 1 :] if lead else rest
    return (char_span_of(rest) if len(rest) >= 3 else None) or NOTHING


def misattached_that_clause(verb: Token, speaker: Span | None, lex: Lexicon) -> Found:
    """"telling customers at a breakfast spot that “I need you”", "said in a statement
    that ...": the parse hung the that-clause on a noun of the object or of the
    channel. "that" is its mark, not a relative pronoun."""
    line = line_bounds(verb)
    for child in verb.children:
        if child.dep_ not in ("dobj", "dative", "prep", "npadvmod") or child.i < verb.i:
            continue
        for tok in child.subtree:
            marks = [c for c in tok.children if c.dep_ == "mark" and c.lower_ == "that" and c.i < tok.i]
            if tok.dep_ in ("relcl", "acl") and marks and line[0] <= tok.idx < line[1]:
                return char_span_of([t for t in tok.subtree if t.i > marks[0].i])
    return None


OBJECT_DEPS = ("dobj", "xcomp", "oprd", "dative")
ADDRESSEE_DEPS = ("dobj", "dative")


def lemma_of(verb: Token, lex: Lexicon) -> str:
    return lex.speech_forms.get(verb.lower_, "")


def object_content(verb: Token, speaker: Span | None, lex: Lexicon) -> Found:
    """"called for the impeachment of X", "urged voters to unite", "pledged to work
    together": for the object_content_verbs the object (and its complement) is what was said."""
    if lex.speech_forms.get(verb.lower_) not in lex.object_content_verbs:
        return None
    if any(c.dep_ == "neg" for c in verb.children):
        return NOTHING  # "has not claimed responsibility", "did not criticise the plan": nothing said
    if lemma_of(verb, lex) in lex.joint_verbs and speaker is not None and any(t.dep_ == "conj" for t in speaker):
        return NOTHING  # "Iran and the US agreed to free prisoners": a deal the parties made, not words
    parts = [c for c in verb.children if c.dep_ in OBJECT_DEPS and c.i > verb.i]
    addressed = [p for p in parts if p.dep_ in ADDRESSEE_DEPS] if lemma_of(verb, lex) in lex.addressee_verbs else []
    parts = [p for p in parts if p not in addressed]  # "told reporters", "thanked Putin": to whom, not what
    asked = (c for c in verb.children if c.dep_ in ("prep", "prt") and c.lower_ in ("for", "on", "upon"))
    for prep in asked if not addressed else ():  # "called for X"; "thanked Putin for X" is addressee_complement's
        objects = [c for c in prep.children if c.dep_ in ("pobj", "pcomp")]
        if not parts and prep.dep_ == "prep":
            parts = objects
        elif prep.lower_ != "for" and prep.i == verb.i + 1 and objects and [p.dep_ for p in parts] == ["xcomp"] \
                and objects[0].i < parts[0].i:
            parts = objects + parts  # "called on X to revoke ...": whom it was asked of, and what
    tokens = [t for part in parts for t in part.subtree if not described_after_comma(t, part)]
    if tokens:
        tokens += object_complement(verb, max(t.i for t in tokens), lex) or clausal_prep(verb, max(t.i for t in tokens), lex)
    elif addressed:
        tokens = addressee_complement(verb, addressed, lex)
    if not parts and not addressed and lemma_of(verb, lex) in lex.topic_preps_of:
        return None  # no object at all: the topic rule reads it ("warned of dire consequences")
    if sum(not t.is_punct for t in tokens) < 2:
        return NOTHING  # "calling for “restraint”": a word, quoted or not, is no statement
    statement = without_setting(list(verb.doc[min(t.i for t in tokens) : max(t.i for t in tokens) + 1]), lex)
    return char_span_of(with_continuation(verb, statement, lex)) or NOTHING


def without_setting(tokens: list[Token], lex: Lexicon) -> list[Token]:
    """``tokens`` (in order) less the cue's setting at their end, which the parse hangs on
    the object: "blasted Clinton as a “disgrace” Wednesday on The Laura Ingraham Show",
    "criticized the act as a “crazy system” during a campaign stop in Flint, for his wife".
    A date goes only with such a phrase: alone it is often what was said ("halting attacks
    in the early 1900s")."""
    dated = False
    while tokens:
        words = [t for t in tokens if not t.is_punct]
        last = words[-1].i if words else tokens[-1].i
        cuts = [t.left_edge.i for t in words if t.head.right_edge.i >= last and t.left_edge.i > tokens[0].i
                and cue_setting(t, lex, dated)]  # with what its noun holds after it ("..., for his wife")
        kept = [t for t in tokens if t.i < min(cuts)] if cuts else []
        if sum(not t.is_punct for t in kept) < lex.limits["min_indirect_words"]:
            return tokens  # "her presence on Twitter": too short to be a statement without it
        tokens, dated = kept, True
    return tokens


def cue_setting(tok: Token, lex: Lexicon, dated: bool) -> bool:
    """``tok`` heads a phrase hung on a noun that says where the cue was spoken: a setting
    preposition before a channel or an event ("during a campaign stop", "on social media"),
    or, ``dated`` (right before one), a bare date ("Wednesday"). On a verb it is what was
    said ("accused him of lying during the debate")."""
    if tok.head.pos_ not in ("NOUN", "PROPN") or tok.head == tok:
        return False
    if tok.dep_ == "npadvmod":
        return dated and tok.ent_type_ in ("DATE", "TIME")
    objects = [c for c in tok.children if c.dep_ == "pobj"]
    return tok.dep_ == "prep" and tok.lower_ in lex.setting_preps and any(o.lower_ in lex.setting_nouns for o in objects)


def clausal_prep(verb: Token, after: int, lex: Lexicon) -> list[Token]:
    """"welcomed the leadership of Turkey in advancing the trade agenda": a phrase
    right after the object whose preposition opens a clause goes on with what was
    said; not the cue's channel ("in a speech announcing ...")."""
    preps = [c for c in verb.children if c.dep_ == "prep" and c.i == after + 1]
    if not preps or any(t.lower_ in lex.channel_nouns for t in preps[0].subtree):
        return []
    opens_clause = any(c.dep_ == "pcomp" and c.tag_ == "VBG" for c in preps[0].children)
    return list(preps[0].subtree) if opens_clause else []


def addressee_complement(verb: Token, addressed: list[Token], lex: Lexicon) -> list[Token]:
    """"thanked Putin for the invitation": what follows whom they addressed, wherever
    the parse hung the preposition (on the verb or on the object)."""
    for part in addressed:
        preps = [c for c in part.children if c.dep_ == "prep" and c.i > part.i and c.lower_ in lex.object_preps]
        if preps:
            return list(preps[0].subtree)
    return object_complement(verb, max(t.i for part in addressed for t in part.subtree), lex)


def described_after_comma(tok: Token, part: Token) -> bool:
    """``tok`` is in a relative clause set off by a comma after the object ("praised the
    proposals, which include ...", "endorses Trump, who says he is honored"): the
    writer describing the object, not what was said of it."""
    for head in (a for a in (tok, *tok.ancestors) if a.dep_ == "relcl"):
        if head.left_edge.i > 0 and head.doc[head.left_edge.i - 1].text == ",":
            return part in head.ancestors
        if head is part:
            break
    return False


def clausal_xcomp(verb: Token, speaker: Span | None, lex: Lexicon) -> Found:
    """"He said legalizing it could put thousands to work": the parse makes the
    statement an open complement; it is one if it holds a finite verb."""
    for child in verb.children:
        if child.dep_ == "xcomp" and child.i == verb.i + 1:
            tokens = content_tokens(child, lex)
            if any(t.tag_ in ("VBD", "VBZ", "VBP", "MD") for t in tokens):
                return char_span_of(tokens)
    return None


def as_clause_content(verb: Token, speaker: Span | None, lex: Lexicon) -> Found:
    """"Hawaii, as one of his advisers pointed out, does not get back-to-back
    hurricanes": a cue in an "as" clause reports the rest of its sentence (the
    parse hangs the clause on the statement, or the statement on the cue)."""
    marks = [c for c in verb.children if c.lower_ == "as" and c.dep_ in ("mark", "prep") and c.i < verb.i]
    particles = particles_of(verb, lex)  # "as the mayor put it": "it" is the cue's, no object
    if not marks or any(c.dep_ in ("dobj", "ccomp") and c not in particles for c in verb.children):
        return None
    if topic_content(verb, speaker, lex):  # "As Clinton talked about unity, Trump ...": "as" of time
        return None
    last = max([verb.i] + [p.i for p in particles])
    sent = verb.sent
    rest = [t for t in sent if not marks[0].i <= t.i <= last]
    return char_span_of(rest) if sum(not t.is_punct for t in rest) >= 4 else None


def topic_content(verb: Token, speaker: Span | None, lex: Lexicon) -> Found:
    """"warned of dire consequences", "spoke about the need for reforms", "pointed to
    his record": what a verb of speaking is about, when it reports nothing else."""
    preps = lex.topic_preps_of.get(lex.speech_forms.get(verb.lower_, ""))
    if not preps:
        return None
    for prep in (c for c in verb.children if c.dep_ == "prep" and c.i > verb.i and c.lower_ in preps):
        objects = [c for c in prep.children if c.dep_ in ("pobj", "pcomp")]
        if objects:
            return char_span_of(with_continuation(verb, list(objects[0].subtree), lex))
    return None


def with_continuation(verb: Token, tokens: list[Token], lex: Lexicon) -> list[Token]:
    """``tokens`` (in order) and a phrase right after them, set off by a comma, that goes on
    with them though the parse hangs it on the cue or the cue's head: "railed against the
    influence of super PACs, including the one supporting Bush", "avoids condemning the
    invasion, including the annexation" (continuing_prepositions)."""
    doc = verb.doc
    at = tokens[-1].i + 1 if tokens else len(doc)
    at += 1 if at < len(doc) and doc[at].text == "," else 0
    if at >= len(doc) or doc[at].dep_ != "prep" or doc[at].lower_ not in lex.continuing_preps \
            or doc[at].head not in (verb, verb.head):
        return tokens
    return tokens + list(doc[tokens[-1].i + 1 : doc[at].right_edge.i + 1])


def trailing_cue_content(verb: Token, speaker: Span | None, lex: Lexicon) -> Found:
    """"<statement>, an adviser has said" when the parse did not link the two:
    the statement is what precedes the comma before the speaker and cue."""
    doc, text = verb.doc, text_of(verb.doc)
    anchor = min(verb.idx, speaker.start_char) if speaker is not None else verb.idx
    seg_start = max(verb.sent.start_char, line_bounds(verb)[0])
    before = text[seg_start:anchor].rstrip()
    after = text[verb.idx + len(verb):].lstrip()[:1]
    if not before.endswith(",") or after not in (".", ",", "") or len(before.split()) < 4:
        return None
    tokens = [t for t in doc[verb.sent.start : verb.i] if seg_start <= t.idx < seg_start + len(before) - 1]
    return char_span_of(tokens + resumed_after_cue(verb, lex))


def resumed_after_cue(verb: Token, lex: Lexicon) -> list[Token]:
    """"Lenox was a juggernaut, Mr. Clarke said, until it went bankrupt in 1999": a
    clause of its own (a subject and a subordinator, not the framing "as") set off
    after the cue and running to the sentence's end goes on with the statement, as in a
    parenthetical cue; the cue between is the attribution inside it (inner_cue.py)."""
    comma = comma_after_cue(verb)
    if comma is None:
        return []
    for clause in (c for c in verb.children if c.dep_ == "advcl" and c.left_edge.i == comma.i + 1):
        marks = {c.lower_ for c in clause.children if c.dep_ == "mark"}
        subject = any(c.dep_ in SUBJECT_DEPS for c in clause.children)
        rest = [t for t in verb.doc[clause.right_edge.i + 1 : verb.sent.end] if not (t.is_punct or t.is_space)]
        if marks and not marks & lex.framing_marks and subject and not rest:
            return list(clause.subtree)
    return []


CONTENT_RULES: tuple[ContentRule, ...] = (
    ContentRule("colon", colon_content, on_cue_line=False),
    ContentRule("parenthetical", parenthetical_content),
    ContentRule("that_clause", that_clause_content),
    ContentRule("described_as", described_as_content),
    ContentRule("parataxis", paratactic_content),
    ContentRule("misattached_that", misattached_that_clause),
    ContentRule("object", object_content),
    ContentRule("xcomp", clausal_xcomp),
    ContentRule("as_clause", as_clause_content),
    ContentRule("topic", topic_content),
)
LAST_RESORT = ContentRule("trailing_cue", trailing_cue_content, on_cue_line=False)


def is_framing(tok: Token, lex: Lexicon) -> bool:
    """The reporter's words hung on the statement: "amid ...", ", raising hopes ...",
    ", even as ..." (after a comma, so "said as he left" is not touched)."""
    if tok.dep_ == "prep" and tok.lower_ in lex.framing_preps:
        return True
    if tok.dep_ != "advcl" or tok.left_edge.i == 0 or tok.doc[tok.left_edge.i - 1].text != ",":
        return False
    marks = {c.lower_ for c in tok.children if c.dep_ == "mark"}
    return tok.tag_ == "VBG" and not marks and not sets_time(tok) or bool(marks & lex.framing_marks)


def sets_time(participle: Token) -> bool:
    """"would get rid of these incentives, beginning in January 2017": a participle
    with no object or clause of its own, only a date, says when the statement holds;
    the writer's framing does something ("raising hopes of ...", "drawing a reply")."""
    if any(c.dep_ in ("dobj", "ccomp", "xcomp", "attr", "oprd") for c in participle.children):
        return False
    return any(t.ent_type_ in ("DATE", "TIME") for t in participle.subtree)


def content_tokens(clause: Token, lex: Lexicon) -> list[Token]:
    """The clause's words, less what ``CLAUSE_CUTS`` finds in it: each part a test
    picks is cut with its subtree and the words joining it to its head."""
    drop: set[int] = set()
    for tok in clause.subtree:
        cut = next((c for c in CLAUSE_CUTS if tok != clause and c.test(tok, clause, lex)), None)
        if cut is not None:
            drop.update(t.i for t in tok.subtree)
            drop.update(c.i for c in tok.head.children if cut.joins(c, tok, clause))
    return [t for t in clause.subtree if t.i not in drop]


def second_cue(tok: Token, clause: Token, lex: Lexicon) -> bool:
    """A speech verb in the clause that is a cue of its own (", and added", ", adding",
    ", though she noted"), not the clause going on."""
    return (tok.dep_ == "conj" and (reports(tok) or takes_cue_form(tok, clause)) or participle_cue(tok)
            or conceded_cue(tok, lex)) and is_speech_verb(tok, lex)


def writers_words(tok: Token, clause: Token, lex: Lexicon) -> bool:
    """The reporter's framing or narration after the clause's verb."""
    return (is_framing(tok, lex) or is_narration(tok)) and tok.i > clause.i


def conjunction_before(c: Token, tok: Token, clause: Token) -> bool:
    return c.dep_ == "cc" and c.i < tok.i


def joiner_before(c: Token, tok: Token, clause: Token) -> bool:
    return c.dep_ in ("cc", "punct") and clause.i < c.i < tok.i and c.i >= tok.left_edge.i - 2


@dataclass(frozen=True)
class ClauseCut:
    test: Callable[[Token, Token, Lexicon], bool]  # (part, clause, lexicon): cut this part
    joins: Callable[[Token, Token, Token], bool]  # (child of the part's head, part, clause): cut it too


# What is not the reported clause though the parse hangs it there, the first that applies.
CLAUSE_CUTS: tuple[ClauseCut, ...] = (
    ClauseCut(second_cue, conjunction_before),
    ClauseCut(writers_words, joiner_before),
)


def takes_cue_form(conj: Token, clause: Token) -> bool:
    """"said he would order a review of the defenses and warned against hackers": a conjunct
    of the reported clause's verb with no subject of its own, in the cue's form and not the
    clause's, is the speaker's next act (the cue's verb again), not the clause going on."""
    cue = clause.head
    if conj.head != clause or any(c.dep_ in SUBJECT_DEPS for c in conj.children) or conj.tag_ != cue.tag_:
        return False
    return conj.head.tag_ != conj.tag_ or has_modal(conj.head) != has_modal(conj)


def conceded_cue(tok: Token, lex: Lexicon) -> bool:
    """", though she noted clients are beginning to demand ...": a clause opened by "though"
    (second_cue_marks) whose verb reports a clause of its own is a second cue."""
    marks = {c.lower_ for c in tok.children if c.dep_ == "mark"}
    return tok.dep_ == "advcl" and bool(marks & lex.second_cue_marks) and any(is_complement(c) for c in tok.children)


def participle_cue(tok: Token) -> bool:
    """", adding that ...": a participle hung on the statement that is a cue of its own;
    not one a subordinator opens ("while both sides were talking again"), which is
    part of what was said."""
    return tok.dep_ == "advcl" and tok.tag_ == "VBG" and not any(c.dep_ == "mark" for c in tok.children)


def reports(verb: Token) -> bool:
    """A coordinated speech verb that reports something of its own (", and added that B",
    "and added: ..."), so is a second cue; not "told them what to say or not say" nor
    "and dismissed those reports as ...", which go on with the statement."""
    doc = verb.doc
    after = doc[verb.i + 1] if verb.i + 1 < len(doc) else None
    return any(is_complement(c) for c in verb.children) or after is not None and (after.text in ":," or after.is_quote)


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
    """What the parse hangs on the cue after its clause that still belongs to the
    statement: later conjuncts ("said that it is ready if X, returns to Y, and commits
    to Z", "said A, and B"), a second clause ("said he wants four provisions that
    address ..."), "including ..." and an adverbial clause ("..., when it comes to").
    It stops at a second cue (", and added"), the speaker going on (", and he railed"),
    the reporter's framing and the cue's own adverbials ("said A on Tuesday")."""
    extra: list[Token] = []
    line_end = line_bounds(verb)[1]
    for child in (c for c in verb.children if c.i > clause.right_edge.i):
        if child.left_edge.idx >= line_end or child.text in (":", ";"):
            break
        if child.dep_ in ("punct", "cc"):
            continue
        if not continues_statement(child, lex):
            break
        extra.extend(t for t in child.subtree if t.i == child.i or not (t.dep_ == "conj" and is_speech_verb(t, lex)))
    return extra


def continues_statement(child: Token, lex: Lexicon) -> bool:
    """``child`` of the cue, after its clause, goes on with the statement (coordinated_content)."""
    if is_speech_verb(child, lex) and not modal_conjunct(child) or is_framing(child, lex) or is_narration(child):
        return False
    if child.dep_ == "conj":
        subjects = [c for c in child.children if c.dep_ in SUBJECT_DEPS]
        joins = [c.lower_ for c in child.head.children if c.dep_ == "cc" and c.i < child.i]
        if subjects and (subjects[0].pos_ == "PRON" or joins and joins[-1] != "and"):
            return False  # ", and he railed ...", ", but many corporations have found ways": the writer's
        return True
    if child.dep_ == "ccomp":
        return True
    if child.dep_ == "prep":
        return child.lower_ in lex.continuing_preps or child.i > 0 and child.doc[child.i - 1].dep_ == "cc"
    return child.dep_ == "advcl" and child.tag_ != "VBG"


def modal_conjunct(child: Token) -> bool:
    """"says it would depress revenue ..., but would eventually add $84 billion": a
    conjunct of the cue with a modal the cue lacks is the reported clause going on
    (a second cue shares the cue's tense: "said A, and added B"), whatever its verb."""
    return child.dep_ == "conj" and has_modal(child) and not has_modal(child.head)


def has_modal(verb: Token) -> bool:
    return any(c.dep_ == "aux" and c.tag_ == "MD" for c in verb.children)


def inverted_ok(verb: Token, clause: Token, lex: Lexicon) -> bool:
    """A complement before its verb ("..., he said") must not belong to an
    earlier speech verb, as in "While saying the round was good, he threatened"."""
    if clause.i > verb.i:
        return True
    if any(t.text == ";" for t in verb.doc[clause.right_edge.i + 1 : verb.i]):
        return False  # "It is unlikely; Clinton's team says she will go on": another clause
    lead = verb.doc[clause.sent.start : clause.i]
    return not any(is_speech_verb(t, lex) and t.dep_ in ("advcl", "pcomp", "acl") for t in lead)


def char_span_of(tokens: list[Token]) -> tuple[int, int] | None:
    """Char span of ``tokens`` with edge punctuation and a leading "that" trimmed; after
    the outermost clause's "that", a "while" opening a clause inside the statement stays."""
    tokens = without_dateline(sorted(tokens, key=lambda t: t.i))
    held, outer = {t.i for t in tokens}, False
    while tokens and (tokens[0].is_punct or tokens[0].is_space or tokens[0].dep_ == "mark"
                      and not (outer and not outer_mark(tokens[0], held))):
        outer = outer or tokens[0].dep_ == "mark" and outer_mark(tokens[0], held)
        tokens = tokens[1:]
    while tokens and (tokens[-1].is_space or tokens[-1].dep_ == "cc"
                      or (tokens[-1].is_punct and tokens[-1].text not in "”’\"'")):
        tokens = tokens[:-1]
    if not tokens:
        return None
    return tokens[0].idx, word_end(tokens[-1])


APOSTROPHES = "’'"


def word_end(last: Token) -> int:
    """Where the word ``last`` is part of ends: the parse may hang a contraction's
    second half elsewhere ("those who do" + "n’t" as punct on the main verb), and a span
    cut inside the word reverses its sense. An apostrophe between letters is no mark."""
    doc, i = last.doc, last.i
    while not doc[i].whitespace_ and i + 1 < len(doc) and joins_word(doc[i + 1].text):
        i += 1
    return doc[i].idx + len(doc[i])


def joins_word(text: str) -> bool:
    """A token that goes on the word before it: letters, or an apostrophe then letters."""
    return text[:1].isalpha() or len(text) > 1 and text[0] in APOSTROPHES and text[1].isalpha()


def outer_mark(mark: Token, held: set[int]) -> bool:
    """``mark`` subordinates the clause the held tokens are (its head's head is not held)."""
    head = mark.head
    return head.head.i == head.i or head.head.i not in held


def comma_after_cue(verb: Token) -> Token | None:
    """The comma closing a parenthetical cue: right after the verb or after a short
    adverbial ("said Tuesday,", "told reporters,"), with no verb or quote mark between."""
    doc = verb.doc
    objects = [c for c in verb.children if c.i > verb.i and c.dep_ in ("dobj", "dative", "oprd")]
    for tok in doc[verb.i + 1 : min(verb.i + 6, verb.sent.end)]:
        if tok.text == "," and any(o.left_edge.i <= tok.i <= o.right_edge.i for o in objects):
            return None  # inside the object: "criticized Tulsa, Okla., police officer Betty Shelby for ..."
        if tok.text == ",":
            return tok
        if tok.pos_ in ("VERB", "AUX") or tok.is_quote or tok.is_sent_end:
            return None
    return None


def clip_to_line(span: Found, verb: Token) -> CharSpan | None:
    """Reported speech stays on the cue's line; a parse that runs into the next
    line (a headline merged into the sentence) is cut there."""
    if not span:
        return None
    line_start, line_end = line_bounds(verb)
    start, end = max(span[0], line_start), min(span[1], line_end)
    return (start, end) if end - start > 1 else None


def object_complement(verb: Token, after: int, lex: Lexicon) -> list[Token]:
    """"accused the GOP of stoking the issue", "blamed the shootings on bias": the
    preposition after the object that says what the speaker holds against it."""
    preps = [c for c in verb.children if c.dep_ == "prep" and c.i == after + 1 and c.lower_ in lex.object_preps]
    return list(preps[0].subtree) if preps else []
