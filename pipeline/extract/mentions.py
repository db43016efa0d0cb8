"""Resolving a speaker mention to the person the article names, with the role
and affiliation the text gives them. Works within one document only."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from pipeline.datafiles import load_data
from pipeline.extract.coreference import (
    Chains,
    body_referent,
    build_chains,
    description_speaker,
    document_issuer,
    gender_words,
    group_referent,
    is_person_head,
    opening_cataphora,
    person_referent,
    recent_speaker,
    role_holders,
    role_words,
)
from pipeline.extract.doccache import cached, ents_of, text_of
from pipeline.extract.lexicon import Lexicon, load_lexicon
from pipeline.extract.subjects import apposition_of, mention_span

TITLE_DEPS = ("compound", "amod", "poss", "nmod", "case", "det", "prep", "pobj")


@dataclass
class Speaker:
    mention: str | None
    name: str | None
    role: str | None = None
    affiliation: str | None = None
    method: str = "none"  # name, surname, pronoun, description, cataphora, self, none


@dataclass
class People:
    """The people an article names, in order, with what it says they are."""

    names: list[tuple[int, str]] = field(default_factory=list)  # (token index, full name)
    by_part: dict[str, str] = field(default_factory=dict)  # surname or name -> full name
    full: list[str] = field(default_factory=list)  # the full names, longest first
    shared: dict[str, list[str]] = field(default_factory=dict)  # a part two people have -> both
    roles: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)
    gender: dict[str, str] = field(default_factory=dict)  # full name -> "male" or "female"
    titles: dict[str, set[str]] = field(default_factory=dict)  # full name -> every role word the article gives
    chains: Chains = field(default_factory=Chains)  # the document's entities (coreference.py)


def gender_of(ent: Span) -> str:
    """"male", "female" or "": from an honorific before the name, else its first name."""
    words = gender_words()
    before = ent.doc[ent.start - 1].lower_ if ent.start > 0 else ""
    if before in words["honorifics"]:
        return words["honorifics"][before]
    first = ent[0].lower_
    return words["honorifics"].get(first) or words["names"].get(first, "") if len(ent) > 1 else ""


def clean_name(text: str) -> str:
    """An entity's text as a name: its first line (the parse can run one across a line
    break), without a possessive or the marks the NER took along ("”― Carla Sanchez")."""
    text = text.strip().split("\n")[0].strip().removesuffix("’s").removesuffix("'s")
    for dash in (" - ", " — ", " – "):  # "Weak - Rubio", "S.C. - Sen. Ted Cruz": no name holds a spaced dash
        text = text.rsplit(dash, 1)[-1]
    while text and not text[0].isalnum():
        text = text[1:]
    while text and not (text[-1].isalnum() or text[-1] in ".)"):  # "Donald Trump ''": a quote mark taken along
        text = text[:-1].rstrip()
    return " ".join(after_headline_word(cut_at_verb(text.split())))


def after_headline_word(words: list[str]) -> list[str]:
    """"Black Lawmakers Rip Donald Trump", "Certainly Donald Trump", "Telling Jeb Bush": a
    word before a known first name that is none itself is the sentence's, not the name's."""
    given = gender_words()["names"]
    if len(words) >= 3 and words[0].lower() not in given and words[1].lower() in given:
        return words[1:]
    return words


def cut_at_verb(words: list[str]) -> list[str]:
    """A title-case headline makes the NER take the verb along ("Obama Says"): a name
    ends before a reporting verb."""
    lex = load_lexicon()
    for k, word in enumerate(words[1:], 1):
        if word.lower() in lex.speech_forms or word.lower() in lex.thought_forms:
            return words[:k]
    return words


def full_name(text: str, people: People, gender: str = "", title: frozenset[str] = frozenset()) -> str:
    """The article's full name for ``text``: a longer name holding all its words
    ("Hillary Clinton" -> "Hillary Rodham Clinton", never "Bill Clinton"); for a lone
    part two people share, the one its title's gender fits ("Mrs. Clinton"), else the
    one whose role its title names ("Secretary Clinton"), else the one named most."""
    text = clean_name(text)
    words = text.split()
    if len(words) > 1:
        return next((n for n in people.full if set(words) <= set(n.split())), None) \
            or headline_extension(text, people.full) or text
    if not words:
        return text
    shared = people.shared.get(words[0], [])
    fits = [n for n in shared if gender and people.gender.get(n) == gender]
    fits = fits or [n for n in shared if title & set((people.roles.get(n, (None, None))[0] or "").lower().split())]
    if len(fits) == 1:
        return fits[0]
    if shared:  # "Clinton" where the article names Hillary and Bill: nothing says which; as written
        return text
    name = people.by_part.get(words[0], text)
    # "Mrs. Clinton" is never "Bill Clinton", whatever else the article calls her
    return text if gender and given_name_gender(name) not in ("", gender) else name


def given_name_gender(name: str) -> str:
    """"male" or "female" by the first word of a full name, "" when it says neither."""
    words = name.split()
    return gender_words()["names"].get(words[0].lower(), "") if len(words) > 1 else ""


def title_words(ent: Span) -> frozenset[str]:
    """The lower-cased words of the title before a name: {"secretary"} of "Secretary Clinton"."""
    return frozenset(t.lower_ for t in title_tokens(ent.root, ent))


def person_ents(doc: Doc) -> list[Span]:
    """The document's person names (once per document: every mention resolved reads them)."""
    return cached(doc, "person_ents", lambda: [
        e for e in ents_of(doc) if e.label_ == "PERSON" and any(t.is_alpha for t in e) and not case_name(e)])


def case_name(ent: Span) -> bool:
    """"Trump v. Trump", "Roe v. Wade": a court case the NER took for a person."""
    return any(t.lower_ in case_words() and 0 < t.i - ent.start < len(ent) - 1 for t in ent)


@lru_cache(maxsize=1)
def case_words() -> frozenset[str]:
    return frozenset(load_data("people.yaml").get("case_words") or [])


def index_names(ents: list[Span], people: People) -> None:
    """Full names (a name that is part of a longer one is that one: "Hillary Clinton" of
    "Hillary Rodham Clinton") and the parts that stand for them: a part two people
    share ("Clinton" of Bill and Hillary) is kept with both (``shared``): full_name
    gives it to one only where a title or gender says which."""
    cleaned = [clean_name(e.text) for e in ents]
    multi = sorted({n for n in cleaned if len(n.split()) > 1}, key=lambda n: (-len(n.split()), -len(n), n))
    alone = Counter(w for n in cleaned for w in n.split())  # "Suu Kyi" alone: part of "Aung San Suu Kyi"
    multi = [n for n in multi if not headline_extension(n, multi, alone) and not gerund_led(n, multi)]
    people.full = multi
    people_names = [n for k, n in enumerate(multi) if not any(set(n.split()) <= set(m.split()) for m in multi[:k])]
    mentions = Counter(full_name(n, people) for n in cleaned if n)
    owners: dict[str, list[str]] = {}
    for name in people_names + [n for n in cleaned if n and len(n.split()) == 1]:
        for part in name.split():
            if part[:1].isupper() and len(part) > 1 and name not in owners.setdefault(part, []):  # "Xi"
                owners[part].append(name)
    for part, names in owners.items():
        names = [n for n in names if len(n.split()) > 1] or names
        surnamed = [n for n in names if n.split()[-1] == part]  # "John" of Tom John, not of John Kasich
        names = surnamed if len(surnamed) == 1 and len(names) > 1 else names
        people.by_part[part] = max(names, key=lambda n: mentions[n])  # ties: the longest, listed first
        if len(names) > 1:
            people.shared[part] = names


def gerund_led(name: str, names: list[str]) -> bool:
    """"Injecting Clinton's marital troubles into ...": a sentence's opening gerund, in capitals
    there, that the NER took into a name the article gives in full elsewhere ("Hillary Clinton")."""
    words = name.split()
    return len(words) == 2 and words[0].endswith("ing") and words[0].lower() not in gender_words()["names"] \
        and any(n != name and words[1] in n.split() for n in names)


def headline_extension(name: str, names: list[str], counts: Counter | None = None) -> str | None:
    """The shorter name ``name`` runs on from with a word after its surname: "Ben Carson"
    of "Ben Carson Defends" (a title-case headline's verb the NER took along); never a
    suffix ("Joseph R. Biden Jr."), a middle name ("Hillary Rodham Clinton") or words the
    article names more often than this name ("Suu Kyi" of "Aung San Suu Kyi")."""
    words = name.split()
    for other in names:
        head = other.split()
        rest = words[len(head):]
        if 1 < len(head) < len(words) and words[: len(head)] == head \
                and not {w.lower() for w in rest} <= name_suffixes() \
                and not (counts and any(counts[w] > counts[name.split()[0]] for w in rest)):
            return other
    return None


@lru_cache(maxsize=1)
def name_suffixes() -> frozenset[str]:
    return frozenset(load_data("people.yaml").get("name_suffixes") or [])


def index_people(doc: Doc, lex: Lexicon) -> People:
    people = People()
    ents = person_ents(doc)
    index_names(ents, people)
    for ent in ents:  # full names' genders first: "Mrs. Clinton" then finds her
        if len(clean_name(ent.text).split()) > 1 and (gender := gender_of(ent)):
            people.gender.setdefault(full_name(ent.text, people), gender)
    for ent in ents:
        gender = gender_of(ent)
        name = full_name(ent.text, people, gender, title_words(ent))
        people.names.append((ent.start, name))
        if gender and people.gender.get(name, gender) == gender:
            people.gender[name] = gender
        elif gender:
            people.gender[name] = ""  # conflicting evidence: leave it free
        role, affiliation = describe(ent.root, ent, apposition_of(ent.root), lex)
        if not (role or affiliation):
            role, affiliation = apposed_to(ent, lex)
        if clean_name(ent.text) in people.shared:
            continue  # "Secretary Clinton" may be either Clinton: its title says nothing of who is who
        if (role or affiliation) and name not in people.roles:
            people.roles[name] = (role, affiliation)
        if role:  # "Former Mexico leader Calderon" ... "former Mexican President Felipe Calderon": both
            people.titles.setdefault(name, set()).update(role_words(role))
    named = [(ent, name) for ent, (_i, name) in zip(ents, people.names, strict=True)]
    people.chains = build_chains(doc, named, people.gender, people.roles, people.titles, lex)
    return people


def apposed_to(ent: Span, lex: Lexicon) -> tuple[str | None, str | None]:
    """Role and affiliation of a name written as the apposition of a description: "The
    North Korean negotiator, Kim Miyong Gil," is a negotiator."""
    head = ent.root.head
    if ent.root.dep_ != "appos" or head.pos_ != "NOUN" or head.i >= ent.start:
        return None, None
    span = mention_span(head)
    tokens = [t for t in span if not ent.start <= t.i < ent.end] if span is not None else []
    return role_in(tokens, lex), _gpe(tokens, lex)


def title_tokens(head: Token, name: Span | None) -> list[Token]:
    """The words before a name that belong to its noun phrase: "Iran's Foreign Minister"."""
    out: list[Token] = []
    stack = [c for c in head.children if c.dep_ in TITLE_DEPS and c.i < head.i]
    while stack:
        tok = stack.pop()
        out.append(tok)
        stack.extend(c for c in tok.children if c.dep_ in TITLE_DEPS)
    skip = set(range(name.start, name.end)) if name is not None else set()
    return after_dateline(sorted((t for t in out if t.i not in skip), key=lambda t: t.i))


DATELINE_MARKS = frozenset("—–:(")


def after_dateline(tokens: list[Token]) -> list[Token]:
    """The title words after the last dash, colon, bracket or line break among them: a
    dateline the parse hung on the name ("WASHINGTON — Hillary Clinton") is no affiliation."""
    cut = max((k for k, t in enumerate(tokens) if t.text in DATELINE_MARKS or "\n" in t.text + t.whitespace_
               or t.text == "-" and t.whitespace_), default=-1)  # a spaced dash, not "vice-president"
    return tokens[cut + 1 :]


def role_in(tokens: list[Token], lex: Lexicon) -> str | None:
    """The role phrase in ``tokens``: from the first role word to the end of the title."""
    words = [t.lower_ for t in tokens]
    for k, word in enumerate(words):
        for parts in lex.roles_by_first_word.get(word, ()):
            if words[k : k + len(parts)] == parts:
                rest = tokens[k:]
                while rest and (rest[-1].is_punct or rest[-1].tag_ == "POS"):
                    rest = rest[:-1]
                return _np_text(rest) or None
    return None


def _word(tok: Token) -> str:
    """The whitespace-delimited word holding ``tok``, less a possessive: "Ale-Sadeq"."""
    text = text_of(tok.doc)
    start, end = tok.idx, tok.idx + len(tok)
    while start > 0 and not text[start - 1].isspace():
        start -= 1
    while end < len(text) and not text[end].isspace():
        end += 1
    return text[start:end].strip(",.;:").removesuffix("’s").removesuffix("'s")


def mention_role(mention: Span, apposition: Span | None, people: People,
                 lex: Lexicon) -> tuple[str | None, str | None]:
    """Role and affiliation written in the mention ("Iran's Foreign Minister Abbas
    Araghchi", "the Iranian ambassador") or in its apposition; not the name itself."""
    if len(mention) == 1:
        return None, None
    title = after_dateline([t for t in mention if t.ent_type_ != "PERSON" and _word(t) not in people.by_part])
    appos = [t for t in apposition if t.ent_type_ != "PERSON"] if apposition is not None else []
    role = role_in(title, lex) or (role_in(appos, lex) and _np_text(appos)) or None
    return role, _gpe(title, lex) or _gpe(appos, lex)


def affiliation_in(tokens: list[Token], lex: Lexicon) -> str | None:
    """The first place named ("Iran's", "Iranian", "the United States"), else an organisation."""
    for tok in tokens:
        if tok.lower_ in lex.demonyms and (tok.ent_type_ in ("NORP", "GPE") or tok.pos_ in ("ADJ", "PROPN")):
            return lex.demonyms[tok.lower_]
        if tok.ent_type_ == "GPE":
            ent = next((e for e in ents_of(tok.doc) if e.start <= tok.i < e.end), None)
            return ent.text.removesuffix("’s").removesuffix("'s") if ent is not None else tok.text
    for tok in tokens:
        if tok.ent_type_ == "ORG" and tok.ent_iob_ == "B":
            ent = next(e for e in ents_of(tok.doc) if e.start == tok.i)
            return ent.text.removesuffix("’s").removesuffix("'s")
    return None


def _gpe(tokens: list[Token], lex: Lexicon) -> str | None:
    return affiliation_in(tokens, lex)


def describe(head: Token, name: Span | None, apposition: Span | None, lex: Lexicon) -> tuple[str | None, str | None]:
    """Role and affiliation from the title before a name and from its apposition."""
    title = title_tokens(head, name)
    appos = [t for t in apposition if t.dep_ != "det" or t.i != apposition.start] if apposition is not None else []
    role = role_in(title, lex) or (role_in(appos, lex) and _np_text(appos))
    return role, _gpe(title, lex) or _gpe(appos, lex)


def _np_text(tokens: list[Token]) -> str:
    while tokens and (tokens[0].dep_ == "det" or tokens[0].is_punct):
        tokens = tokens[1:]
    while tokens and tokens[-1].is_punct:
        tokens = tokens[:-1]
    if not tokens:
        return ""
    return text_of(tokens[0].doc)[tokens[0].idx : tokens[-1].idx + len(tokens[-1])]


def named_person(mention: Span | None, people: People) -> str | None:
    """The full name of a person named in the mention, by entity or known surname."""
    if mention is None or coordinated(mention):
        return None  # "McConnell and Ryan": two speakers (number agreement), not one of them
    for ent in person_ents(mention.doc):
        if ent.start < mention.end and ent.end > mention.start and not possessor_only(ent, mention):
            return full_name(ent.text, people, gender_of(ent), title_words(ent))
    if mention.root.pos_ in ("NOUN", "NUM") or len(mention) == 1 and mention.root.lower_ in gender_words()["pronouns"]:
        return None  # "the Clinton campaign", "one of Mr. Obama's advisers": not Clinton, not Obama;
        # "He said" is no surname, even where the article names Liu He
    for word in reversed(mention.text.split()):
        word = word.removesuffix("’s").removesuffix("'s").strip(",.;:")
        for form in (word, word.title() if word.isupper() else word):  # a transcript's "TRUMP:"
            if form in people.by_part:
                return full_name(form, people)
    return None


def last_speaker_sharing(name: str, mention: Span, history: list[tuple[int, str]], people: People) -> str:
    """A part two people share, left as written ("Johnson" where the article names Gary and
    Jeh Johnson), is the one of them who spoke last, a few sentences before the mention
    ("Homeland Security Secretary Jeh Johnson says ... Johnson tells MSNBC"); else as written."""
    shared = people.shared.get(name)
    if not shared:
        return name
    return recent_speaker(mention, [(i, n) for i, n in history if n in shared], people.chains) or name


def state_named(mention: Span, lex: Lexicon) -> str | None:
    """The state an abbreviation names ("the US said"):
    the mention is that name alone, after an optional "the", and no person."""
    words = [t for t in mention if not (t.i == mention.start and t.lower_ == "the")]
    if not words or any(t.ent_type_ == "PERSON" for t in words):
        return None
    return lex.state_names.get(" ".join(t.lower_ for t in words))


def written_name(mention: Span) -> str:
    """The speaker as written: a name the NER missed keeps only itself, not the apposition the
    parse hung on it ("Malkia Cyril, the executive director at the Center of Media Justice")."""
    comma = next((t.i for t in mention if t.text == ","), None)
    if comma is None or comma + 1 >= mention.end or mention.doc[comma + 1].pos_ != "DET":
        return mention.text  # no apposition ("Great Britain, Germany and France" is a list)
    before = mention.doc[mention.start : comma]
    if len(before) >= 2 and all(t.pos_ == "PROPN" and t.text[:1].isupper() for t in before):
        return before.text
    return mention.text


def possessor_only(ent: Span, mention: Span) -> bool:
    """The person only qualifies the mention's head: "Clinton's spokesman", "the
    Clinton campaign", "Trump's campaign manager", "a spokesman for Bernie Sanders",
    "Clinton's attack on Trump", "Several candidates, including Trump"."""
    if ent.start <= mention.root.i < ent.end:
        return False
    return ent.root.dep_ in ("poss", "compound") or mention.root.pos_ in ("NOUN", "NUM", "PRON")


def coordinated(mention: Span) -> bool:
    """"Trump and Sanders": two speakers (number agreement), not the first of them."""
    return any(c.dep_ == "conj" and mention.start <= c.i < mention.end for c in mention.root.children)


def is_description(mention: Span, lex: Lexicon) -> bool:
    """A singular noun phrase headed by a role or kin word: "the Iranian ambassador",
    "Kim Jong Un's younger sister"."""
    return is_person_head(mention.root, lex)


def resolve(mention: Span | None, apposition: Span | None, history: list[tuple[int, str]],
            institutions: list[tuple[int, str]], people: People, lex: Lexicon) -> Speaker:
    """Who ``mention`` is. ``history`` holds earlier resolved person speakers (token index,
    name), ``institutions`` earlier speakers that are not persons ("Tehran"; the index of
    their head word)."""
    if mention is None:
        return Speaker(None, None)
    text = mention.text
    name = named_person(mention, people) or named_person(apposition, people)
    role, affiliation = mention_role(mention, apposition, people, lex)
    pronoun = mention[0].lower_ if len(mention) == 1 else ""
    if name is not None:
        name = last_speaker_sharing(name, mention, history, people)
        method = "name" if name == text or name in text else "surname"
    elif pronoun in lex.person_pronouns:
        name, method = person_referent(mention, history, people.names, people.chains), "pronoun"
    elif pronoun in lex.institution_pronouns or pronoun in lex.plural_pronouns:
        # "it" is one body, never "others"; "they" a group (number agreement)
        name = body_referent(mention, institutions, people.chains) if pronoun in lex.institution_pronouns \
            else group_referent(mention, institutions)
        return Speaker(text, name or text, None, None, "pronoun" if name else "none")
    elif is_description(mention, lex):
        holders = role_holders(mention.root.lower_, people.roles, people.titles, people.names, people.gender)
        name, method = description_speaker(mention, history, holders, people.roles, affiliation, people.names)
        if name is None and (name := opening_cataphora(mention, people.names, people.chains)):
            method = "cataphora"
    elif (issuer := document_issuer(mention, lex)) is not None:
        return Speaker(text, named_person(issuer, people) or issuer.text, role, affiliation, "self")
    else:
        return Speaker(text, state_named(mention, lex) or written_name(mention), role, affiliation, "self")
    if name is None:
        return Speaker(text, written_name(mention), role, affiliation, "none")
    known_role, known_affiliation = people.roles.get(name, (None, None))
    return Speaker(text, name, role or known_role, affiliation or known_affiliation, method)
