"""Speech verbs and cue phrases: which words report speech ("said", "made clear",
"according to") and how much of the text is the cue ("wrote in a post on X")."""
from __future__ import annotations

from spacy.tokens import Token

from pipeline.extract.doccache import text_of
from pipeline.extract.lexicon import Lexicon


def is_speech_verb(token: Token, lex: Lexicon) -> bool:
    lemma = lex.speech_forms.get(token.lower_)
    if lemma is None or not (token.tag_.startswith("VB") or tagged_as_noun(token)):
        return False
    particles = lex.needs_particle.get(lemma)
    return particles is None or any(c.lower_ in particles or c.dep_ in particles for c in token.children)


def discourse_marker(verb: Token, lex: Lexicon) -> bool:
    """"That said, Millennials say ...": a demonstrative and the verb opening the
    sentence, a comma after them, is a discourse marker ("even so"), not a cue."""
    doc, start = verb.doc, verb.sent.start
    return verb.i == start + 1 and doc[start].lower_ in lex.discourse_subjects and verb.lower_ in lex.speech_forms \
        and verb.i + 1 < len(doc) and doc[verb.i + 1].text == ","


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


def is_complement(child: Token) -> bool:
    """A clausal complement, or a that-clause the parse made an adverbial, noun or
    subject clause ("tweeted in the early hours that Machado was ...", "charges that
    ...", "made clear that ...": the clause the subject of "clear")."""
    if child.dep_ == "ccomp":
        return True
    return child.dep_ in ("advcl", "acl", "csubj") and any(c.dep_ == "mark" and c.lower_ == "that" for c in child.children)


def particles_of(verb: Token, lex: Lexicon) -> list[Token]:
    """The words that make the verb a cue: "made clear", "pointed out", "called for"."""
    wanted = lex.needs_particle.get(lex.speech_forms.get(verb.lower_, ""), frozenset())
    return [c for c in verb.children if c.lower_ in wanted and c.i > verb.i]


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


def cue_phrases_at(token: Token, lex: Lexicon) -> list[tuple[str, ...]]:
    """The prepositional cues ("according to", "in the words of") that start at ``token``."""
    doc, i = token.doc, token.i
    return [tuple(words) for words in lex.cue_phrases_by_first_word.get(token.lower_, ())
            if doc[i : i + len(words)].text.lower().split() == words]
