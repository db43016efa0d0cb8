"""The relay of a statement: the outlet (or the aide) between the speaker and the page.

"X told Reuters", "Tasnim quoted X as saying", "Reuters cited him as saying",
"X said ..., per the Guardian", "X said, according to an Associated Press
article", "X said in a letter carried by ISNA", "in an interview with EFE": the
speaker is X and the relay the outlet. A participle shares its verb's relay as
it shares its subject ("tells the Guardian, noting ..."). "Reuters reported that
X said" is found where the cues are paired (extractor.mark_relays). The words
live in ``pipeline/data/relays.yaml``.
"""
from __future__ import annotations

from functools import lru_cache

from spacy.tokens import Span, Token

from pipeline.datafiles import load_data
from pipeline.extract.content import lemma_of
from pipeline.extract.doccache import ents_of, sents_of, tokens_of
from pipeline.extract.kinds import entity_at, is_outlet, outlet_nouns
from pipeline.extract.lexicon import Lexicon, load_lexicon
from pipeline.extract.outlets import outlet_signs, trailing_report
from pipeline.extract.subjects import is_quoting, quoting_verb

# Links through which a participle or second verb shares the relay of the verb it hangs on.
SHARING_DEPS = ("advcl", "xcomp", "conj")
EARLIER_SENTENCES = 3  # how far back "the report" of "according to the report" is looked for


@lru_cache(maxsize=1)
def relay_words() -> dict[str, frozenset[str]]:
    return {key: frozenset(words) for key, words in load_data("relays.yaml").items()}


def relay_of(verb: Token, lex: Lexicon, speaker: Span | None = None,
             statement: tuple[int, int] = (0, 0)) -> str | None:
    """The relay of the statement (char span) whose cue is ``verb`` and speaker
    ``speaker`` (module docstring), or None."""
    for v in sharing_verbs(verb):
        found = told(v, lex) or quoting_source(v) or quoted_in(v) or vehicle_outlet(v, lex, statement)
        if found and not (speaker is not None and found in speaker.text):  # "According to Reuters": the speaker
            return found.rstrip(" (").removesuffix("’s").removesuffix("'s")  # "the Associated Press (AP)" as
            # NER cut it; "Fox News’s “Hannity”"
    return sentence_source(verb, lex, speaker, statement) or trailing_reporter(verb, lex, speaker)


def sharing_verbs(verb: Token) -> list[Token]:
    """``verb``, the verbs above it whose subject (and relay) it shares (", noting" of
    "tells the Guardian, noting"; "warning" of "quoted X as warning") and its participles."""
    out = [verb]
    tok = verb
    for _ in range(3):
        if tok.head == tok or not (tok.dep_ in SHARING_DEPS or tok.dep_ == "pcomp" and quoting_verb(tok) is not None
                                   or tok.dep_ == "prep" and tok.lower_ == "as"):
            break
        tok = tok.head
        out.append(tok)
    # "Speaking to Al Jazeera, Rouhani said", "Rouhani, speaking in an interview with CNN, said":
    # a participle of the verb with no subject of its own says whom the speaker spoke to.
    out.extend(c for c in verb.children if c.dep_ == "advcl" and c.tag_ == "VBG"
               and not any(g.dep_.startswith("nsubj") for g in c.children))
    # "The minister, speaking to CNN, said", "The minister, quoted by Interfax, said": the
    # parse hung the participle on the subject.
    out.extend(p for s in verb.children if s.dep_ == "nsubj" for p in s.children
               if p.dep_ in ("acl", "advcl") and p.tag_ in ("VBG", "VBN"))
    return out


def told(verb: Token, lex: Lexicon) -> str | None:
    """The outlet a speaker told ("told Reuters", "said to AFP", "told MSNBC's “Morning
    Joe”"); not the goal of an object ("likened RT to the BBC"), nor the object of a verb
    that does not take its addressee as object ("blasted the media")."""
    has_object = any(c.dep_ == "dobj" for c in verb.children)
    for child in verb.children:
        target = child
        if child.dep_ == "prep" and child.lower_ == "to" and not has_object:
            target = next((c for c in child.children if c.dep_ == "pobj"), None)
        elif child.dep_ not in ("dative", "dobj") or lemma_of(verb, lex) not in lex.addressee_verbs:
            continue  # "blasted the American media": an object, not whom they spoke to
        found = outlet_named(target, lex) if target is not None else None
        if found:
            return found
    return None


def quoting_source(verb: Token) -> str | None:
    """Whoever quotes relays, an outlet or an aide: the subject of "Tasnim quoted X as
    saying", the "by" of "X was quoted by Tasnim as saying" (or "as saying by Fars")."""
    if not is_quoting(verb):
        return None  # "judges have cited the election as a reason": no one quoted
    subjects = [c for c in verb.children if c.dep_ == "nsubj"]
    agents = [g for t in verb.subtree if t.lower_ == "by" and t.dep_ in ("agent", "prep")
              for g in t.children if g.dep_ == "pobj"]
    source = (subjects + agents)[:1]
    if source and source[0].pos_ in ("PROPN", "NOUN"):
        return outlet_named(source[0], load_lexicon()) or noun_phrase(source[0]).text  # "the news agency WAM"
    return None


def quoted_in(verb: Token) -> str | None:
    """"..., he said, quoted on his official website": where a participle of quoting
    with no subject of its own says the words were carried ("The minister, quoted by
    Interfax, said": the participle itself)."""
    words = relay_words()
    for part in [verb, *verb.children]:
        if part == verb and verb.dep_ != "acl":
            continue
        if part.tag_ != "VBN" or part.dep_ not in ("advcl", "acl") or part.lower_ not in words["quoting_verbs"] and not (
                part.lower_ in words["carried_participles"] and any(c.lower_ == "as" for c in part.children)):
            continue  # "quoted on his website", "as reported by the Times of Israel"
        if any(c.dep_.startswith("nsubj") for c in part.children):
            continue
        for prep in (c for c in part.children if c.dep_ in ("prep", "agent") and c.lower_ in words["quoted_in"]):
            for obj in (c for c in prep.children if c.dep_ == "pobj"):
                return outlet_named(obj, load_lexicon()) or noun_phrase(obj).text
    return None


def vehicle_outlet(verb: Token, lex: Lexicon, statement: tuple[int, int] = (0, 0)) -> str | None:
    """"said in a letter carried by the country's ISNA news agency", "in an interview
    with EFE": an outlet linked to the vehicle of the words, hung on the verb or, where
    the parse hung it inside the statement, ending the sentence after the verb."""
    words = relay_words()
    preps = [c for c in verb.children if c.dep_ == "prep"] + trailing_phrases(verb, statement)
    for prep in (c for c in preps if c.lower_ in words["appearance_prepositions"] and c.head == verb):
        for obj in (c for c in prep.children if c.dep_ == "pobj"):
            found = outlet_named(obj, lex)
            if found:
                return found  # "said on CNN", "said on CBS's “Face the Nation”"
    for prep in (c for c in preps if c.lower_ in words["vehicle_prepositions"]):
        for tok in prep.subtree:
            if tok.dep_ == "pobj" and tok.head.lower_ in words["vehicle_links"] and tok.head.i > prep.i:
                found = outlet_named(tok, lex) or interviewer_body(tok)
                if found:
                    return found
    return None


def interviewer_body(tok: Token) -> str | None:
    """"in an interview with Le Monde": an organisation one gives an interview to is an
    outlet, though no list names it (a person interviewing is no relay)."""
    ent = entity_at(tok)
    if tok.head.lower_ == "with" and tok.head.head.lower_ in relay_words()["interview_nouns"] \
            and ent is not None and ent.label_ == "ORG":
        return ent.text
    return None


def trailing_reporter(verb: Token, lex: Lexicon, speaker: Span | None) -> str | None:
    """"The minister said the talks would resume, Iran's Tasnim news agency reported."
    where the parse hung the outlet's verb inside the statement: an outlet reporting at
    the end of the cue's sentence, after a comma, relays the cue's speaker."""
    found = trailing_report(verb.sent, relay_words()["trailing_reporting_verbs"])
    if found is None:
        return None
    reporter, subject = found
    if reporter.i <= verb.i or reporter.head != verb:
        return None  # after the cue and hung on it: not a sentence the page ran into the next ("... Ortagus said Talks ...")
    if speaker is not None and speaker.start <= subject.left_edge.i < speaker.end:
        return None
    return outlet_named(subject, lex) or None


def sentence_source(verb: Token, lex: Lexicon, speaker: Span | None, statement: tuple[int, int]) -> str | None:
    """"X said ..., per the Guardian", "according to an Associated Press article", "according
    to Putin foreign policy adviser Yuri Ushakov": the source of the words, hung on the
    cue's verb (or one it shares its subject with); never the cue itself ("according to
    Fars" alone makes Fars the speaker), nor one inside the statement."""
    starts, verbs = relay_words()["source_prepositions"], {v.i for v in sharing_verbs(verb)}
    trailing, sent = {t.i for t in trailing_phrases(verb, statement)}, verb.sent
    for tok in tokens_of(verb.doc)[sent.start : sent.end]:
        if tok.lower_ not in starts or tok.dep_ != "prep" or tok.i == verb.i or tok.head.i not in verbs and tok.i not in trailing:
            continue
        inside = statement[0] <= tok.idx < statement[1] and not (tok.i > verb.i and tok.head.i in verbs)
        outlet_only = inside and tok.i in trailing and tok.i > verb.i  # the statement's span ran over
        # the phrase ending it: an outlet, not a person the statement names
        if inside and not outlet_only or speaker is not None and speaker.start <= tok.right_edge.i and tok.i < speaker.end:
            continue  # part of the statement (not one hung on the cue after it, that the statement's span ran
            # over: "..., the minister said, according to IRNA"), or the cue of its own speaker ("According to Reuters, ...")
        heads = [c for c in tok.children if c.dep_ == "pobj"] or [
            g for c in tok.children if c.lower_ == "to" for g in c.children if g.dep_ == "pobj"]
        for head in heads:
            person = noun_phrase(head).text if head.ent_type_ == "PERSON" and not outlet_only else None
            found = outlet_named(head, lex) or person or earlier_reporter(head, lex)
            if found:
                return found
    return None


def trailing_phrases(verb: Token, statement: tuple[int, int]) -> list[Token]:
    """Prepositions that end the cue's sentence after the verb, the statement and its
    closing quote, whatever the parse hung them on: "telling Biden that “...,”
    according to ... Yuri Ushakov" (hung on a verb of the statement). Only those
    beginning past the statement, or hung from it inside its last words ("... to the
    United States in an interview with EFE")."""
    sent, out = verb.sent, []
    for tok in tokens_of(verb.doc)[verb.i + 1 : sent.end]:  # past the verb only
        if tok.dep_ != "prep" or tok.head.i == verb.i:
            continue
        if not all(t.is_punct or t.is_space for t in sent.doc[tok.right_edge.i + 1 : sent.end]):
            continue
        if tok.idx >= statement[1] > 0 or relay_words()["vehicle_links"] & {c.lower_ for c in tok.subtree}:
            out.append(tok)
    return out


def earlier_reporter(head: Token, lex: Lexicon) -> str | None:
    """"According to the report, Sinwar told ...": the outlet that reported it in the
    sentences just before ("The Wall Street Journal reported that ...")."""
    if head.lower_ not in lex.document_words or not any(c.lower_ == "the" for c in head.children):
        return None
    sents = sents_of(head.doc)
    at = next(i for i, s in enumerate(sents) if s.start <= head.i < s.end)
    for sent in reversed(sents[max(0, at - EARLIER_SENTENCES) : at]):
        for tok in sent:
            if tok.dep_ == "nsubj" and tok.head.lower_ in outlet_signs()["reporting_verbs"]:
                phrase = noun_phrase(tok)
                if is_outlet(phrase, lex):
                    return phrase.text
    return None


def outlet_named(head: Token, lex: Lexicon) -> str | None:
    """The outlet a noun names: itself ("Fars", "the ISNA news agency", "network RT",
    "Fox News Sunday"), or a name before its head ("an Associated Press article",
    "MSNBC's “Morning Joe”", "Fox News host Sean Hannity")."""
    if head.lower_ in lex.outlet_heads and head.pos_ == "NOUN" and head.text.islower():
        # a common noun, not a word of the name ("Iran's Press TV")
        named = [c for c in head.children if c.dep_ == "appos" and c.pos_ == "PROPN"]
        if named:
            return noun_phrase(named[0]).text  # "Russia's propagandistic network RT"
        found = name_after(head) or name_before(head)
        if found is not None and is_outlet(noun_phrase(head), lex):
            return found.text  # "the newspaper Kommersant", "the country's ISNA news agency"
    phrase = noun_phrase(head)
    if is_outlet(phrase, lex):
        return phrase.text
    names = [c for c in head.children if c.dep_ in ("compound", "poss", "nmod") and c.i < head.i]
    kinds = [c for c in head.children if c.dep_ in ("amod", "compound") and c.i < head.i and c.text.islower()
             and c.lower_ in outlet_nouns()]
    if head.pos_ == "PROPN" and kinds:
        return head.doc[kinds[-1].i + 1 : head.i + 1].text  # "the Russian daily Kommersant", "Corriere della Sera"
    if head.pos_ == "PROPN" and any(c.lower_ in lex.outlet_words and c.dep_ != "poss" for c in names):
        start = head.i
        while start > 0 and head.doc[start - 1].pos_ == "PROPN":
            start -= 1
        return head.doc[start : head.i + 1].text  # "Fox News Sunday", "the network RT"
    for name in names:
        before = head.doc[min(t.i for t in name.subtree) : head.i]  # "Associated Press" of "... article"
        inside = [e for e in ents_of(head.doc) if e.label_ == "ORG" and before.start <= e.start and e.end <= head.i]
        for phrase in (before, noun_phrase(name), *inside):  # "ISNA" of "the country's ISNA news agency"
            if is_outlet(phrase, lex):
                return phrase.text.rstrip(" “\"‘'").removesuffix("’s").removesuffix("'s")  # "CBS's “Face the Nation”"
    return None


def name_after(head: Token) -> Span | None:
    """"the Russian news agency Sputnik", "the German newspaper Die Welt": the name
    written right after an outlet noun, an organisation by NER or a proper name the
    parse did not make the subject of what was said ("told the newspaper Putin was ready")."""
    doc = head.doc
    if head.i + 1 >= len(doc):
        return None
    ent = entity_at(doc[head.i + 1])
    if ent is not None and ent.start == head.i + 1 and ent.label_ == "ORG":
        return ent  # "Die Welt", whatever the parse made of "Die"
    if doc[head.i + 1].pos_ != "PROPN":
        return None
    end = head.i + 1
    while end < len(doc) and doc[end].pos_ == "PROPN":
        end += 1
    name = doc[head.i + 1 : end]
    if any(t.dep_ in relay_words()["subject_deps"] for t in name) or ent is not None and ent.label_ != "PERSON":
        return None
    return name


def name_before(head: Token) -> Span | None:
    """"the country's ISNA news agency", "Russia's RBC newspaper": the proper name
    written as part of the outlet noun (not its owner's: "Khamenei's official website")."""
    names = [c for c in head.children if c.dep_ in ("compound", "amod") and c.text[:1].isupper()
             and (c.pos_ == "PROPN" or c.ent_type_ not in ("NORP", "GPE")) and c.i < head.i]
    if not names:
        return None  # "the state news agency", whatever the tagger made of "state"; not "the Russian daily"
    return head.doc[min(t.i for t in names[0].subtree) : names[-1].i + 1]


def noun_phrase(head: Token) -> Span:
    """The name or noun phrase headed by ``head``, less a leading determiner."""
    ent = entity_at(head)
    if ent is not None:
        return ent
    left = min((c.i for c in head.children if c.dep_ in ("compound", "amod", "nmod", "poss")), default=head.i)
    while left > 1 and head.doc[left - 1].text == "-" and not head.doc[left - 2].whitespace_:
        left -= 2  # "state-run television", not "run television"
    return head.doc[left : head.i + 1]
