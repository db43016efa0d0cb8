"""Resolving a speaker mention to the person the article names, with the role
and affiliation the text gives them. Works within one document only."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from pipeline.datafiles import load_data
from pipeline.extract.doccache import ents_of, text_of
from pipeline.extract.lexicon import Lexicon, load_lexicon, words_that
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
    subjects: list[tuple[int, str]] = field(default_factory=list)  # persons in subject position
    gender: dict[str, str] = field(default_factory=dict)  # full name -> "male" or "female"


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
    return fits[0] if len(fits) == 1 else people.by_part.get(words[0], text)


def title_words(ent: Span) -> frozenset[str]:
    """The lower-cased words of the title before a name: {"secretary"} of "Secretary Clinton"."""
    return frozenset(t.lower_ for t in title_tokens(ent.root, ent))


def person_ents(doc: Doc) -> list[Span]:
    return [e for e in ents_of(doc) if e.label_ == "PERSON" and any(t.is_alpha for t in e)]


def index_names(ents: list[Span], people: People) -> None:
    """Full names (a name that is part of a longer one is that one: "Hillary Clinton" of
    "Hillary Rodham Clinton") and the parts that stand for them: a part two people
    share ("Clinton" of Bill and Hillary) stands for the one the article names most."""
    cleaned = [clean_name(e.text) for e in ents]
    multi = sorted({n for n in cleaned if len(n.split()) > 1}, key=lambda n: (-len(n.split()), -len(n), n))
    alone = Counter(w for n in cleaned for w in n.split())  # "Suu Kyi" alone: part of "Aung San Suu Kyi"
    multi = [n for n in multi if not headline_extension(n, multi, alone)]
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
        if ent.root.dep_ in ("nsubj", "nsubjpass"):
            people.subjects.append((ent.start, name))
        role, affiliation = describe(ent.root, ent, apposition_of(ent.root), lex)
        if clean_name(ent.text) in people.shared:
            continue  # "Secretary Clinton" may be either Clinton: its title says nothing of who is who
        if (role or affiliation) and name not in people.roles:
            people.roles[name] = (role, affiliation)
    return people


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
    for k, _tok in enumerate(tokens):
        for role in lex.role_words:
            parts = role.split()
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


def _gender_fits(pronoun: str, people: People):
    """A test that a name can be what ``pronoun`` refers to: not of the other gender."""
    wanted = gender_words()["pronouns"].get(pronoun, "")
    return lambda name: not wanted or people.gender.get(name, wanted) in (wanted, "")


EMBEDDING_DEPS = ("ccomp", "relcl", "acl", "advcl", "pcomp")


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


def salient(earlier: list[tuple[int, str]], doc: Doc) -> str | None:
    """The antecedent of a pronoun: the last candidate, unless it is embedded in a
    clause and its sentence has a main-clause subject candidate too (centering: the
    main subject is what the next sentence's "he" continues)."""
    if not earlier:
        return None
    last_i, last = earlier[-1]
    if not embedded(doc, last_i):
        return last
    sent = doc[last_i].sent
    main = [n for i, n in earlier if sent.start <= i < sent.end and not embedded(doc, i)]
    return main[-1] if main else last


def plural_antecedent(mention: Span) -> tuple[int, str] | None:
    """"Twenty-seven states ... are challenging the rules. They argue that ...": the
    nearest plural subject (number agreement) before "they", in its sentence or the one
    before (the distance limit), as written."""
    doc = mention.doc
    sent = mention.root.sent
    start = doc[sent.start - 1].sent.start if sent.start > 0 else sent.start
    for tok in reversed(doc[start : mention.start]):
        if tok.dep_ not in ("nsubj", "nsubjpass") or tok.pos_ == "PRON":
            continue
        if tok.tag_ in ("NNS", "NNPS") or any(c.dep_ == "conj" for c in tok.children):
            phrase = mention_span(tok)
            return (tok.i, phrase.text) if phrase is not None else None
    return None


def plural(head: Token) -> bool:
    """A plural noun phrase ("others", "Weld and Johnson"), not a name that looks plural
    ("the United States", "the United Nations")."""
    return (head.tag_ in ("NNS", "NNPS") and not head.ent_type_) or any(c.dep_ == "conj" for c in head.children)


def _before(items: list[tuple[int, str]], i: int) -> str | None:
    earlier = [name for start, name in items if start < i]
    return earlier[-1] if earlier else None


def _after(items: list[tuple[int, str]], i: int) -> str | None:
    later = [name for start, name in items if start > i]
    return later[0] if later else None


def named_person(mention: Span | None, people: People) -> str | None:
    """The full name of a person named in the mention, by entity or known surname."""
    if mention is None or coordinated(mention):
        return None  # "McConnell and Ryan": two speakers (number agreement), not one of them
    for ent in person_ents(mention.doc):
        if ent.start < mention.end and ent.end > mention.start and not possessor_only(ent, mention):
            return full_name(ent.text, people, gender_of(ent), title_words(ent))
    if mention.root.pos_ in ("NOUN", "NUM"):
        return None  # "the Clinton campaign", "one of Mr. Obama's advisers": not Clinton, not Obama
    for word in reversed(mention.text.split()):
        word = word.removesuffix("’s").removesuffix("'s").strip(",.;:")
        for form in (word, word.title() if word.isupper() else word):  # a transcript's "TRUMP:"
            if form in people.by_part:
                return people.by_part[form]
    return None


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
    """A singular noun phrase headed by a role word: "the Iranian ambassador"."""
    root = mention.root
    return root.lower_ in lex.role_heads and root.tag_ in ("NN", "NNP")


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
        method = "name" if name == text or name in text else "surname"
    elif pronoun in lex.person_pronouns:
        fits = _gender_fits(pronoun, people)
        earlier = [p for p in sorted(history + people.subjects) if fits(p[1]) and p[0] < mention.start]
        name, method = salient(earlier, mention.doc), "pronoun"
        name = name or _before([p for p in people.names if fits(p[1])], mention.start)
    elif pronoun in lex.institution_pronouns or pronoun in lex.plural_pronouns:
        group = plural_antecedent(mention) if pronoun in lex.plural_pronouns else None
        candidates = sorted(institutions + ([group] if group else []))
        if pronoun in lex.institution_pronouns:  # "it" is one body, never "others" (number agreement)
            candidates = [c for c in candidates if not plural(mention.doc[c[0]])]
        name = _before([c for c in candidates if c[0] >= (group[0] if group else 0)], mention.start)
        return Speaker(text, name or text, None, None, "pronoun" if name else "none")
    elif is_description(mention, lex):
        holders = _role_holders(mention, people)
        # someone the article gives that role, else the last speaker if the article gives
        # them no role at all ("Ale-Sadeq stressed ... the Iranian ambassador added"), never
        # one with another role ("Foreign Minister Araghchi said ... the general said")
        last = _before(history, mention.start)
        fits = last and (not people.roles.get(last, (None, None))[0] or mention.root.lower_ in generic_roles())
        fits = fits and not last_named_in(mention, last)  # "a spokesman for Bernie Sanders" is not Sanders
        name, method = _before(holders, mention.start) or (last if fits else None), "description"
        if indefinite(mention):  # "a Homeland Security Department official said": someone new, never
            name = None  # the last speaker nor an earlier holder of the role; at most one named later
        if name is None:  # "A spokesman for Iran's UN Mission said" ... "Alireza Miryousefi, a spokesman for ..."
            name, method = _after(holders, mention.start), "cataphora"
    else:
        return Speaker(text, text, role, affiliation, "self")
    if name is None:
        return Speaker(text, text, role, affiliation, "none")
    known_role, known_affiliation = people.roles.get(name, (None, None))
    return Speaker(text, name, role or known_role, affiliation or known_affiliation, method)


def indefinite(mention: Span) -> bool:
    """"a spokesman", "an official", "another aide": a description that brings in someone
    new (people.yaml new_entity_determiners), so it refers back to no one."""
    words = frozenset(load_data("people.yaml").get("new_entity_determiners") or [])
    return any(c.dep_ == "det" and c.lower_ in words for c in mention.root.children)


def last_named_in(mention: Span, name: str) -> bool:
    """A word of ``name`` is written in the mention: the description names that person
    as whom it works for, so it cannot be them."""
    return bool(set(name.split()) & {t.text.removesuffix("’s").removesuffix("'s") for t in mention})


def _role_holders(mention: Span, people: People) -> list[tuple[int, str]]:
    """Where the article names a person whose role (title or apposition) shares the
    description's head word: "the ambassador" -> "Ambassador Majid Takht-Ravanchi"."""
    head = mention.root.lower_
    holders = {name for name, (role, _aff) in people.roles.items() if role and head in role_words(role)}
    return [(i, n) for i, n in people.names if n in holders]


@lru_cache(maxsize=1)
def generic_roles() -> frozenset[str]:
    return frozenset(load_data("people.yaml").get("generic_roles") or [])


@lru_cache(maxsize=4096)
def role_words(role: str) -> frozenset[str]:
    """A role's words with abbreviated titles spelt out ("Sen." -> "senator"; people.yaml)."""
    table = load_data("people.yaml").get("abbreviations") or {}
    words = role.lower().split()
    return frozenset(words) | {table[w] for w in words if w in table}
