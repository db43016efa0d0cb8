"""What kind of speaker a claim has (the outlet that relays it: relays.py).

Kinds (docs/annotation.md): ``person``; ``institution`` (a ministry, government,
company, "the Kremlin"); ``country`` (a country or capital as an actor: "Tehran
insists"); ``document`` ("the statement said"); ``group`` (anonymous or
collective: "Iranian officials", "analysts"); ``outlet`` (a news outlet or agency
in its own name). Read from how the mention was resolved, its entity type, its
head word and number, and what the page says elsewhere of the same name (a
surname written after a first name or a role, an outlet shown by outlets.py);
the words live in ``pipeline/data/cues.yaml`` and ``kinds.yaml``.
"""
from __future__ import annotations

from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from pipeline.datafiles import load_data
from pipeline.extract.doccache import ents_of, tokens_of
from pipeline.extract.lexicon import Lexicon
from pipeline.extract.mentions import Speaker, gender_words
from pipeline.extract.outlets import name_key, news_agency, page_outlets

PERSON_METHODS = frozenset({"name", "surname", "description", "cataphora", "interview"})
SURNAMES_KEY = "redline.person_surnames"


@lru_cache(maxsize=1)
def person_nouns() -> frozenset[str]:
    return frozenset(load_data("kinds.yaml")["person_nouns"])


@lru_cache(maxsize=1)
def outlet_nouns() -> frozenset[str]:
    return frozenset(load_data("kinds.yaml")["outlet_nouns"])


@lru_cache(maxsize=1)
def outlet_shapes() -> dict[str, frozenset[str]]:
    data = load_data("kinds.yaml")
    return {key: frozenset(data[key]) for key in ("ambiguous_outlet_words", "leading_outlet_words")}


def names_outlet_by_shape(tokens: list[Token], lex: Lexicon) -> bool:
    """The words of an organisation's name make it an outlet: an outlet word last ("Fox
    News", "The Washington Post"), or one that opens names ("Channel 12", "Times of
    Israel"); "Agency" only after a news word ("Saudi Press Agency", not the
    "International Atomic Energy Agency")."""
    shapes = outlet_shapes()
    words = [t.lower_ for t in tokens if not t.is_punct and t.lower_ not in ("’s", "'s")]
    for k, word in enumerate(words):
        if k > 0 and news_agency(word, words[k - 1]):
            return True
        if word not in shapes["ambiguous_outlet_words"] and word in lex.outlet_words and (
                k == len(words) - 1 or word in shapes["leading_outlet_words"]):
            return True
    return False


def entity_at(tok: Token) -> Span | None:
    return next((e for e in ents_of(tok.doc) if e.start <= tok.i < e.end), None)


def is_outlet(span: Span | None, lex: Lexicon) -> bool:
    """A news outlet or agency: a known one ("Reuters", "IRNA"), or an organisation
    named by an outlet word ("Fox News", "The Washington Post")."""
    if span is None:
        return False
    words = [t.lower_ for t in span if not t.is_punct and t.dep_ != "det" and t.lower_ not in ("the", "’s", "'s")]
    if " ".join(words) in lex.outlets or any(w in lex.outlets for w in words[-1:]):
        return True
    if name_key(span) in page_outlets(span.doc) and not (len(words) == 1 and words[0] in person_surnames(span.doc, lex)):
        return True  # "LIBERTY, Maine (Village Soup) - ...": the page shows it is one (not a person's surname)
    root = span.root
    if root.pos_ == "NOUN" and root.lower_ in outlet_nouns():
        return True  # "state television", "state media", "the broadcaster"
    if root.i > span.start and news_agency(root.lower_, root.doc[root.i - 1].lower_):
        return True  # "the Kyodo news agency", whatever NER made of "Kyodo"
    ent = entity_at(root)
    return ent is not None and ent.label_ == "ORG" and names_outlet_by_shape(list(ent), lex)


def speaker_kind(mention: Span | None, speaker: Speaker, lex: Lexicon) -> str | None:
    """The kind of the claim's speaker (module docstring); None without a mention."""
    if mention is None or not speaker.mention:
        return None
    root = mention.root
    if (root.ent_type_ != "PERSON" or outlet_not_person(mention, lex)) and is_outlet(mention, lex):
        return "outlet"  # "according to Politico", whatever the name resolved to
    if speaker.method in PERSON_METHODS:
        return "group" if several_people(mention, lex) else "person"
    word = root.lower_
    if speaker.method == "pronoun" or word in lex.person_pronouns | lex.plural_pronouns | lex.institution_pronouns:
        if word in lex.person_pronouns:
            return "person"
        if word in lex.plural_pronouns and speaker.name == speaker.mention:
            return "group"
        return antecedent_kind(speaker.name, mention.doc, lex) if speaker.name != speaker.mention else "institution"
    return kind_of_phrase(mention, lex)


def outlet_not_person(mention: Span, lex: Lexicon) -> bool:
    """"Ynet", one word NER took for a person, where the page shows it is an outlet
    ("..., Ynet reported.") and writes it nowhere as a person's surname ("Donald Trump")."""
    return len(mention) == 1 and name_key(mention) in page_outlets(mention.doc) \
        and mention.root.lower_ not in person_surnames(mention.doc, lex)


def several_people(mention: Span, lex: Lexicon) -> bool:
    """"US envoy John Kerry and ... Frans Timmermans", "G-20 Ministers": more than one person."""
    root = mention.root
    plural_role = root.lower_ not in lex.role_heads and root.lower_.removesuffix("s") in lex.role_heads
    names = [e for e in ents_of(mention.doc) if e.label_ == "PERSON" and mention.start <= e.start and e.end <= mention.end]
    return plural_role or len(names) > 1 and any(t.dep_ == "cc" for t in mention.doc[names[0].end : names[-1].start])


def antecedent_kind(name: str | None, doc: Doc, lex: Lexicon) -> str:
    """The kind of what "it" stands for: an outlet ("It added" after "Swedish news agency
    TT said"), a country ("it said" after "Israel"), else an institution."""
    if name and names_outlet(name, doc, lex):
        return "outlet"
    labels = {e.label_ for e in ents_of(doc) if e.text == name}
    return "country" if labels == {"GPE"} else "institution"


def kind_of_phrase(mention: Span, lex: Lexicon) -> str:
    """The kind of an unresolved mention, from its head: "the statement", "Tehran", "analysts"."""
    root = mention.root
    label = root.ent_type_
    if label == "PERSON" or root.pos_ == "PROPN" and any(t.lower_ in lex.role_heads for t in mention if t.i < root.i):
        return "person"  # "Ortagus", "State Department spokesperson Morgan Ortagus"
    if root.text[:1].isupper() and root.lower_ in person_surnames(mention.doc, lex) and not is_outlet(mention, lex):
        return "person"  # "Ortagus said" that NER took for an organisation, after "spokesperson Morgan Ortagus"
    if root.lower_ in person_nouns():
        return "person"  # "Kim Jong Un's younger sister"
    if is_outlet(mention, lex) or any(t.lower_ in lex.outlet_words and t.pos_ == "NOUN" for t in mention):
        return "outlet"  # "Swedish news agency TT"
    if root.lower_ in lex.document_words or root.lower_ in lex.channel_nouns:
        return "document"
    if label == "GPE":
        return "country"
    if label == "ORG":
        return "institution"  # "the Israel Defense Forces" is one body, not a group
    if root.tag_ in ("NNS", "NNPS") or label == "NORP":
        return "group"
    if root.pos_ == "NOUN" and root.lower_ in lex.role_heads:
        # "the spokesman", named nowhere; "an NRPS spokesperson", "a lawyer close to the case": anonymous
        return "group" if any(c.dep_ == "det" and c.lower_ in ("a", "an") for c in root.children) else "person"
    return "institution"


def names_outlet(name: str, doc: Doc, lex: Lexicon) -> bool:
    """The name a pronoun stands for is an outlet's ("Swedish news agency TT")."""
    words = name.lower().replace("’s", "").replace("'s", "").split()
    return (" ".join(words) in lex.outlets or any(w in lex.outlet_names for w in words)
            or " ".join(w for w in words if w != "the") in page_outlets(doc))


def person_surnames(doc: Doc, lex: Lexicon) -> frozenset[str]:
    """Lower-cased last words of the page's person names: of a PERSON entity of two words or
    more, or of a proper name written after a known first name or a role ("Dennis
    Muilenburg", "spokesperson Morgan Ortagus"), whatever NER made of it there."""
    cached = doc.user_data.get(SURNAMES_KEY)
    if cached is not None and cached[0] == len(doc):
        return cached[1]
    first_names = gender_words()["names"]
    found = {e[-1].lower_ for e in ents_of(doc) if e.label_ == "PERSON" and len(e) > 1}
    for tok in tokens_of(doc):
        if tok.pos_ != "PROPN" or tok.i == 0 or tok.i + 1 < len(doc) and doc[tok.i + 1].pos_ == "PROPN":
            continue  # only the last word of a name
        before = doc[tok.i - 1]
        if before.lower_ in first_names or tok.i > 1 and before.pos_ == "PROPN" and doc[tok.i - 2].lower_ in lex.role_heads:
            found.add(tok.lower_)
    doc.user_data[SURNAMES_KEY] = (len(doc), frozenset(found))
    return doc.user_data[SURNAMES_KEY][1]
