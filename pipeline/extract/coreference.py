"""In-document coreference (issue 16): the mentions of one document grouped into
entities, so that a speaker written as a pronoun or a description is the one the
text means, and one it cannot tell stays as written, never another person.

Mentions: the people the article names (PERSON entities, indexed by mentions.py
with their titles), descriptions of one person headed by a role or kin word ("the
Director-General", "a spokesman for Iran's UN Mission", "Kim Jong Un's younger
sister"), bodies in subject position (organisations, places, "the coalition") and
pronouns. Links, strongest first: an apposition or a title joins a description to
the name beside it; a definite description refers back to the nearest holder of
its role, or forward to a later one (cataphora); "he" and "she" take the nearest
antecedent of their gender and number, subjects first, within a sentence limit;
"it" the nearest body. Word lists and limits: pipeline/data/coreference.yaml.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from pipeline.datafiles import load_data
from pipeline.extract.doccache import sents_of, tokens_of
from pipeline.extract.lexicon import Lexicon, load_lexicon, words_that
from pipeline.extract.outlets import dateline_word
from pipeline.extract.skipped_lines import document_quotes
from pipeline.extract.subjects import SUBJECT_DEPS, mention_span

BODY_LABELS = ("ORG", "GPE", "NORP")
EMBEDDING_DEPS = ("ccomp", "relcl", "acl", "advcl", "pcomp")


@lru_cache(maxsize=1)
def settings() -> dict:
    return load_data("coreference.yaml")


def limit(name: str) -> int:
    return int(settings()["limits"][name])


@lru_cache(maxsize=1)
def gender_words() -> dict[str, dict[str, str]]:
    """word -> gender, for first names (pipeline/data/names.yaml), titles and pronouns (people.yaml)."""
    data, people = load_data("names.yaml"), load_data("people.yaml")
    table: dict[str, dict[str, str]] = {"names": {}, "honorifics": {}, "pronouns": {}}
    for gender in ("male", "female"):
        for name in data[gender]:
            table["names"][name] = "" if name in table["names"] else gender
        table["honorifics"].update(dict.fromkeys(words_that(gender, people["titles"]), gender))
        table["pronouns"].update(dict.fromkeys(words_that(gender, people["pronouns"]), gender))
    return table


@dataclass(frozen=True)
class Mention:
    """A mention of a person or a body: where it is and which entity it is."""

    start: int  # its first token
    head: int
    referent: str  # the entity: the article's full name, or an unnamed one as first written
    kind: str  # name, description or body


@dataclass
class Chains:
    """The document's entities: the person mentions in subject position (names and
    descriptions), the bodies in subject position, and each entity's gender."""

    persons: list[Mention] = field(default_factory=list)
    bodies: list[Mention] = field(default_factory=list)
    gender: dict[str, str] = field(default_factory=dict)  # referent -> "male", "female" or ""
    sentence: dict[int, int] = field(default_factory=dict)  # token index of a sentence's start -> its number


def sentence_number(doc: Doc, i: int, chains: Chains) -> int:
    return chains.sentence.get(doc[i].sent.start, 0)


def description_gender(head: Token | str) -> str:
    """The gender a description's head word gives ("spokeswoman", "sister"), else ""."""
    word = head if isinstance(head, str) else head.lower_
    return settings()["person_heads"].get(word) or settings()["gendered_roles"].get(word) or ""


def is_person_head(tok: Token, lex: Lexicon) -> bool:
    """A singular common noun naming one person: a role ("the ambassador") or kin ("younger sister")."""
    return tok.tag_ in ("NN", "NNP") and not tok.ent_type_ == "PERSON" \
        and (tok.lower_ in lex.role_heads or tok.lower_ in settings()["person_heads"])


def is_body(tok: Token, lex: Lexicon) -> bool:
    """A singular body that speaks as one: an organisation, place or nationality named, or a body noun."""
    if tok.pos_ == "PRON" or tok.tag_ in ("NNS", "NNPS") and not tok.ent_type_ or dateline_word(tok):
        return False  # "WASHINGTON --": a dateline, not a body that speaks (but "NATO said" is one)
    return tok.ent_type_ in BODY_LABELS or tok.lower_ in settings()["body_nouns"] or tok.lower_ in lex.document_words


def titled_name(tok: Token) -> bool:
    """A title inside a name's noun phrase ("Minister Mohamed"): the name is the mention."""
    return tok.dep_ in ("compound", "amod", "appos") and tok.head.ent_type_ == "PERSON" and tok.head.i > tok.i


def apposed_name(head: Token, names: dict[int, str]) -> str | None:
    """The name a description stands in apposition with, either way round: "The North
    Korean negotiator, Kim Miyong Gil," or "Alireza Miryousefi, a spokesman for ..."."""
    for child in head.children:
        if child.dep_ == "appos" and child.i in names:
            return names[child.i]
    if head.dep_ == "appos" and head.head.i in names:
        return names[head.head.i]
    return None


def build_chains(doc: Doc, named: list[tuple[Span, str]], genders: dict[str, str],
                 roles: dict[str, tuple[str | None, str | None]], titles: dict[str, set[str]],
                 lex: Lexicon) -> Chains:
    """The document's entities. ``named``: each PERSON entity with the article's full name
    for it; ``genders``: full name -> gender; ``roles``: full name -> (role, affiliation);
    ``titles``: full name -> every role word the article gives them."""
    chains = Chains(gender=dict(genders))
    chains.sentence = {s.start: k for k, s in enumerate(sents_of(doc))}
    names = {t.i: name for ent, name in named for t in ent}
    starts = [(ent.start, name) for ent, name in named]
    for ent, name in named:
        if ent.root.dep_ in SUBJECT_DEPS and not possessive(doc, ent):
            chains.persons.append(Mention(ent.start, ent.root.i, name, "name"))
    quoted = [(q.start, q.end) for q in document_quotes(doc, lex)[1]]  # the extractor's quotations
    for tok in tokens_of(doc):
        if tok.dep_ not in SUBJECT_DEPS or tok.i in names or any(a <= tok.idx < b for a, b in quoted):
            continue  # a subject inside a quotation is the quoted speaker's, not the text's
        if is_person_head(tok, lex) and not titled_name(tok):
            span = mention_span(tok)
            if span is None:
                continue
            referent = description_referent(span, names, role_holders(tok.lower_, roles, titles, starts, genders), chains)
            if referent is not None:
                chains.gender.setdefault(referent, description_gender(tok))
                chains.persons.append(Mention(span.start, tok.i, referent, "description"))
        elif is_body(tok, lex):
            span = mention_span(tok)
            if span is not None:
                chains.bodies.append(Mention(span.start, tok.i, span.text, "body"))
    chains.persons.sort(key=lambda m: m.start)
    chains.persons = [named_later(m, doc, starts, chains) for m in chains.persons]
    return chains


def named_later(mention: Mention, doc: Doc, names: list[tuple[int, str]], chains: Chains) -> Mention:
    """An unnamed description of the lede is the person named just after it (opening_cataphora)."""
    span = mention_span(doc[mention.head]) if mention.kind == "description" else None
    if span is None or mention.referent != span.text:
        return mention
    found = opening_cataphora(span, names, chains)
    return Mention(mention.start, mention.head, found, mention.kind) if found else mention


def description_referent(span: Span, names: dict[int, str], holders: list[tuple[int, str]],
                         chains: Chains) -> str | None:
    """Who a description is when no cue resolved it: the name in apposition with it; else,
    if definite, who the same words described before ("The Director-General ... The
    Director-General"), else the last holder of its role if near, else the nearer of that
    holder and the last person named as a subject just before it (an epithet: "Bernie
    Sanders ... the Vermont senator", with Sen. John McCain named far before); else the description as written, a person of its own (always after a
    possessive pronoun: "her husband" is not her, "my father" not me). An unnamed
    indefinite description ("a reporter") is none: no pronoun is taken to mean it."""
    linked = apposed_name(span.root, names)
    if linked is not None:
        return linked
    if indefinite(span):
        return None
    if possessed(span):
        return None if span.root.lower_ in settings()["body_part_roles"] else span.text
    same = [m.referent for m in chains.persons if m.kind == "description" and m.start < span.start
            and span.doc[m.start : m.head + 1].text.lower() == span.doc[span.start : span.root.i + 1].text.lower()]
    if same:
        return same[-1]
    earlier = [(i, n) for i, n in holders if i < span.start and not last_named_in(span, n)]
    here = sentence_number(span.doc, span.start, chains)
    if earlier and here - sentence_number(span.doc, earlier[-1][0], chains) <= limit("holder_sentences"):
        return earlier[-1][1]  # "former Mexican President Felipe Calderon ... the former Mexican president"
    candidates = [c for c in earlier[-1:] + [epithet_of(span, chains)] if c is not None]
    return max(candidates)[1] if candidates else span.text


def possessed(span: Span) -> bool:
    """"her husband", "my father", "his spokesman": a description of someone by their
    relation to a person a pronoun names."""
    return any(c.dep_ == "poss" and c.pos_ == "PRON" for c in span.root.children)


def owned(span: Span) -> bool:
    """"Cameron's spokesman", "the prime minister's spokesman", "his wife": a description of
    someone by their relation to an owner it names, so neither the owner nor anyone else the
    article spoke of before: the owner's spokesman, a person of their own."""
    return possessor_start(span) < span.start or any(c.dep_ == "poss" for c in span.root.children)


def owned_description_before(mention: Span) -> tuple[int, str] | None:
    """The last description with an owner and the mention's head word that spoke before it,
    as the subject of a speech verb (token index, as written): "the spokesman" after "the
    prime minister's spokesman said" is that spokesman, whoever spoke in between; not
    after "his home state votes"."""
    head, doc = mention.root, mention.doc
    speech = load_lexicon().speech_forms
    for tok in reversed(doc[: mention.start]):
        if tok.lower_ == head.lower_ and tok.dep_ in SUBJECT_DEPS and tok.head.lower_ in speech \
                and owned(doc[tok.left_edge.i : tok.i + 1]):
            return tok.i, doc[tok.left_edge.i : tok.i + 1].text
    return None


def epithet_of(span: Span, chains: Chains) -> tuple[int, str] | None:
    """The last person named as a subject shortly before a definite description that the
    description can be: of its gender, not named in it."""
    doc = span.doc
    here = sentence_number(doc, span.start, chains)
    wanted = description_gender(span.root)
    for m in reversed([m for m in chains.persons if m.kind == "name" and m.start < span.start]):
        if here - sentence_number(doc, m.start, chains) > limit("epithet_sentences"):
            return None
        if last_named_in(span, m.referent) or not agrees(wanted, chains.gender, m.referent):
            continue
        return m.start, m.referent
    return None


def document_issuer(mention: Span, lex: Lexicon) -> Span | None:
    """Who speaks through a document the text names as issued by them: "A statement
    issued by the Office of the USTR said" (coreference.yaml issuing_participles)."""
    head = mention.root
    if head.lower_ not in lex.document_words:
        return None
    for verb in head.children:
        if verb.dep_ != "acl" or verb.lower_ not in settings()["issuing_participles"]:
            continue
        agents = [o for a in verb.children if a.dep_ == "agent" for o in a.children if o.dep_ == "pobj"]
        if agents:
            return mention_span(agents[0])
    return None


def gender_fits(pronoun: str, genders: dict[str, str]):
    """A test that a referent can be what ``pronoun`` refers to: not of the other gender."""
    wanted = gender_words()["pronouns"].get(pronoun, "")
    return lambda name: agrees(wanted, genders, name)


def embedded(doc: Doc, i: int) -> bool:
    """The mention at token ``i`` is the subject of a clause inside another ("Josh Earnest
    said that President Obama has called for ..."): less salient than the main subject."""
    tok = doc[i]
    while tok.dep_ in ("compound", "flat", "amod", "det") and tok.head.i != tok.i:
        tok = tok.head
    tok = tok.head
    while tok.head.i != tok.i:
        if tok.dep_ in EMBEDDING_DEPS:
            return True
        tok = tok.head
    return False


def salient(earlier: list[tuple[int, str]], doc: Doc) -> tuple[int, str] | None:
    """The antecedent of a pronoun: the last candidate, unless it is embedded in a
    clause and its sentence has a main-clause subject candidate too (centering: the
    main subject is what the next sentence's "he" continues)."""
    if not earlier:
        return None
    last = earlier[-1]
    if not embedded(doc, last[0]):
        return last
    sent = doc[last[0]].sent
    main = [(i, n) for i, n in earlier if sent.start <= i < sent.end and not embedded(doc, i)]
    return main[-1] if main else last


def recent_speaker(mention: Span, speakers: list[tuple[int, str]], chains: Chains) -> str | None:
    """The last of ``speakers`` (token index, name) before the mention, if at most
    ``shared_name_sentences`` back: further, the name may be the other person's again."""
    earlier = [(i, n) for i, n in speakers if i < mention.start]
    if not earlier:
        return None
    here = sentence_number(mention.doc, mention.start, chains)
    i, name = earlier[-1]
    return name if here - sentence_number(mention.doc, i, chains) <= limit("shared_name_sentences") else None


def person_referent(mention: Span, history: list[tuple[int, str]], names: list[tuple[int, str]],
                    chains: Chains) -> str | None:
    """Who "he" or "she" is: the most salient earlier subject of its gender (an earlier
    speaker, a named person or a description, named or not), else the last person of
    its gender named anywhere; none beyond the sentence limit."""
    doc = mention.doc
    fits = gender_fits(mention[0].lower_, chains.gender)
    by_start = {m.start: m.referent for m in chains.persons}
    by_start.update(dict(history))  # a speaker is who its cue resolved it to
    earlier = sorted((i, n) for i, n in by_start.items() if i < mention.start and fits(n))
    found = salient(earlier, doc) or _last_before([(i, n) for i, n in names if fits(n)], mention.start)
    if found is None:
        return None
    here = sentence_number(doc, mention.start, chains)
    return found[1] if here - sentence_number(doc, found[0], chains) <= limit("pronoun_sentences") else None


def body_referent(mention: Span, institutions: list[tuple[int, str]], chains: Chains) -> str | None:
    """What "it" is: the nearest earlier body, one that spoke before (any distance) or a
    singular body subject within the sentence limit; never a plural ("others": number agreement)."""
    doc = mention.doc
    here = sentence_number(doc, mention.start, chains)
    near = [(m.head, m.referent) for m in chains.bodies
            if here - sentence_number(doc, m.head, chains) <= limit("body_pronoun_sentences")]
    by_head = dict(near) | dict(institutions)  # a body that spoke: the name its cue resolved it to ("The US": United States)
    candidates = [c for c in sorted(by_head.items()) if not plural(doc[c[0]])]
    found = _last_before(candidates, mention.start)
    return found[1] if found else None


def plural_antecedent(mention: Span) -> tuple[int, str] | None:
    """"Twenty-seven states ... are challenging the rules. They argue that ...": the
    nearest plural subject (number agreement) before "they", in its sentence or the one
    before (the distance limit), as written."""
    doc = mention.doc
    sent = mention.root.sent
    start = doc[sent.start - 1].sent.start if sent.start > 0 else sent.start
    for tok in reversed(doc[start : mention.start]):
        if tok.dep_ not in SUBJECT_DEPS or tok.pos_ == "PRON":
            continue
        if tok.tag_ in ("NNS", "NNPS") or any(c.dep_ == "conj" for c in tok.children):
            phrase = mention_span(tok)
            return (tok.i, phrase.text) if phrase is not None else None
    return None


def group_referent(mention: Span, institutions: list[tuple[int, str]]) -> str | None:
    """Who "they" is: the nearest plural subject before it, or a body that spoke after that."""
    group = plural_antecedent(mention)
    candidates = sorted(institutions + ([group] if group else []))
    found = _last_before([c for c in candidates if c[0] >= (group[0] if group else 0)], mention.start)
    return found[1] if found else None


def plural(head: Token) -> bool:
    """A plural noun phrase ("others", "Weld and Johnson"), not a name that looks plural
    ("the United States", "the United Nations")."""
    return (head.tag_ in ("NNS", "NNPS") and not head.ent_type_) or any(c.dep_ == "conj" for c in head.children)


def _last_before(items: list[tuple[int, str]], i: int) -> tuple[int, str] | None:
    earlier = [item for item in items if item[0] < i]
    return earlier[-1] if earlier else None


def _first_after(items: list[tuple[int, str]], i: int) -> tuple[int, str] | None:
    later = [item for item in items if item[0] > i]
    return later[0] if later else None


def agrees(wanted: str, genders: dict[str, str], name: str) -> bool:
    """No gender is wanted, or ``name``'s is that one or unknown (gender agreement)."""
    return not wanted or genders.get(name, wanted) in (wanted, "")


def indefinite(mention: Span) -> bool:
    """"a spokesman", "an official", "another aide": a description that brings in someone
    new (people.yaml new_entity_determiners), so it refers back to no one."""
    return any(c.dep_ == "det" and c.lower_ in new_entity_determiners() for c in mention.root.children)


@lru_cache(maxsize=1)
def new_entity_determiners() -> frozenset[str]:
    return frozenset(load_data("people.yaml").get("new_entity_determiners") or [])


def possessor_start(mention: Span) -> int:
    """Where the name owning the mention starts ("Kim Jong Un's younger sister": Kim),
    even where the parse made that name a subject and the possessive a stray word."""
    doc, i = mention.doc, mention.start
    if i == 0 or doc[i - 1].tag_ != "POS":
        return i
    i -= 1
    while i > 0 and doc[i - 1].pos_ == "PROPN":
        i -= 1
    return i


def possessive(doc: Doc, ent: Span) -> bool:
    """The name is a possessor ("Kim Jong Un's sister"), whatever the parse made of it."""
    return ent.end < len(doc) and doc[ent.end].tag_ == "POS"


def last_named_in(mention: Span, name: str) -> bool:
    """The mention names that person ("a spokesman for Bernie Sanders", "Sanders's
    aide"), as whom it works for, so it cannot be them: the names written in it hold
    ``name``'s words or are all in ``name``. A relative who shares only part of the name
    is someone else ("Kim Jong Un's younger sister" is Kim Yo Jong)."""
    words = set(name.split())
    doc = mention.doc  # the possessor too, which the mention as written leaves out ("Kim Jong Un's")
    written = {t.text.removesuffix("’s").removesuffix("'s")
               for t in doc[min(mention.root.left_edge.i, possessor_start(mention)) : mention.end] if t.pos_ == "PROPN"}
    return bool(words & written) and (words <= written or written <= words)


@lru_cache(maxsize=1)
def generic_roles() -> frozenset[str]:
    return frozenset(load_data("people.yaml").get("generic_roles") or [])


@lru_cache(maxsize=4096)
def role_words(role: str) -> frozenset[str]:
    """A role's words with abbreviated titles spelt out ("Sen." -> "senator"; people.yaml)."""
    table = load_data("people.yaml").get("abbreviations") or {}
    words = role.lower().split()
    return frozenset(words) | {table[w] for w in words if w in table}


def role_holders(head: str, roles: dict[str, tuple[str | None, str | None]], titles: dict[str, set[str]],
                 names: list[tuple[int, str]], genders: dict[str, str]) -> list[tuple[int, str]]:
    """Where the article names a person whose role (any title or apposition it gives them,
    or the role they spoke in) has the word ``head``, of the gender the word gives: "the
    ambassador" -> "Ambassador Majid Takht-Ravanchi"; "her husband" is no woman."""
    holding = {name for name, (role, _aff) in roles.items() if role and head in role_words(role)}
    holding |= {name for name, words in titles.items() if head in words}
    wanted = description_gender(head)
    holding = {n for n in holding if agrees(wanted, genders, n)}
    return [(i, n) for i, n in names if n in holding]


def description_speaker(mention: Span, history: list[tuple[int, str]], holders: list[tuple[int, str]],
                        roles: dict[str, tuple[str | None, str | None]], affiliation: str | None,
                        names: list[tuple[int, str]]) -> tuple[str | None, str]:
    """Who a description speaking at a cue is, and how: someone the article gives that
    role before it, unless named only in passing while another has spoken ("the Japanese
    minister" is the minister quoted, not the prime minister of "a meeting between Prime
    Minister Shinzo Abe and ..."); else the last speaker if the
    article gives them no role at all ("Ale-Sadeq stressed ... the Iranian ambassador
    added"), never one with another role ("Foreign Minister Araghchi said ... the general
    said") nor a relative ("his wife"); else, for a generic role, the last person of its
    affiliation ("Russian President Vladimir Putin" ... "the Russian leader"). An
    indefinite one ("a Homeland Security Department official said") is someone new, and
    one with an owner ("Cameron's spokesman", "his chief aide") never the last speaker;
    a later "the spokesman" is the last owned one that spoke (owned_description_before),
    not whoever spoke since. Failing those, a holder named later ("cataphora": "A spokesman for Iran's UN Mission
    said" ... "Alireza Miryousefi, a spokesman for ...")."""
    spoken = {n for _i, n in history}
    last = _last_before(history, mention.start)
    last = last[1] if last else None
    generic = mention.root.lower_ in generic_roles()
    fits = last and mention.root.lower_ not in settings()["person_heads"] \
        and (not roles.get(last, (None, None))[0] or generic)
    fits = fits and not last_named_in(mention, last)  # "a spokesman for Bernie Sanders" is not Sanders
    fits = fits and not owned(mention)  # "Cameron's spokesman" after Trump spoke is not Trump
    before = [h for h in holders if h[0] < mention.start]
    before = [h for h in before if h[1] in spoken or not in_passing(mention.doc, h[0])] or before
    name = before[-1][1] if before else (last if fits else None)
    described = None if owned(mention) else owned_description_before(mention)
    if described is not None and (not before or described[0] > before[-1][0]):
        name = described[1]  # "Cameron's spokesman said ... the spokesman said": not the last speaker
    if name is None and generic and affiliation:
        same = [(i, n) for i, n in names if i < mention.start and roles.get(n, (None, None))[1] == affiliation
                and not last_named_in(mention, n)]
        name = same[-1][1] if same else None
    if indefinite(mention):
        name = None  # someone new: never the last speaker nor an earlier holder of the role
    if name is not None:
        return name, "description"
    after = _first_after(holders, mention.start)
    return (after[1], "cataphora") if after else (None, "description")


def in_passing(doc: Doc, i: int) -> bool:
    """The name starting at token ``i`` only qualifies a noun ("a meeting between Prime
    Minister Shinzo Abe and Donald Trump"): the object of a noun's preposition."""
    tok = doc[i]
    while tok.dep_ in ("compound", "flat") and tok.head.i != tok.i:
        tok = tok.head
    while tok.dep_ == "conj" and tok.head.i != tok.i:
        tok = tok.head
    return tok.dep_ == "pobj" and tok.head.head.pos_ == "NOUN"


def opening_cataphora(mention: Span, names: list[tuple[int, str]], chains: Chains) -> str | None:
    """A definite description before any person is named (but those it names: "Kim Jong
    Un's younger sister"), and a person named as a subject soon after: the article's lede
    ("The commander-in-chief of Iran's army has threatened ..." then "Major General
    Abdolrahim Mousavi made the remarks")."""
    head = mention.root
    inside = {t.i for t in head.subtree} | set(range(possessor_start(mention), mention.start))
    if indefinite(mention) or possessed(mention) or any(i < mention.end and i not in inside for i, _n in names):
        return None
    doc = mention.doc
    here = sentence_number(doc, mention.start, chains)
    later = [m for m in chains.persons if m.start >= mention.end and m.start not in inside and m.kind == "name"
             and not embedded(doc, m.head) and not last_named_in(mention, m.referent)]
    if not later or sentence_number(doc, later[0].start, chains) - here > limit("cataphora_sentences"):
        return None
    wanted = description_gender(head)
    found = later[0].referent
    return found if agrees(wanted, chains.gender, found) else None
