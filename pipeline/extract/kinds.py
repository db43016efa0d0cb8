"""What kind of speaker a claim has (the outlet that relays it: relays.py).

Kinds (docs/annotation.md): ``person``; ``institution`` (a ministry, government,
company, "the Kremlin"); ``country`` (a country or capital as an actor: "Tehran
insists"); ``document`` ("the statement said"); ``group`` (anonymous or
collective: "Iranian officials", "analysts"); ``outlet`` (a news outlet or agency
in its own name). Read from how the mention was resolved, its entity type, its
head word and number; the words live in ``pipeline/data/cues.yaml``.
"""
from __future__ import annotations

from spacy.tokens import Span, Token

from pipeline.extract.doccache import ents_of
from pipeline.extract.lexicon import Lexicon
from pipeline.extract.mentions import Speaker

PERSON_METHODS = frozenset({"name", "surname", "description", "cataphora", "interview"})


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
    ent = entity_at(span.root)
    return ent is not None and ent.label_ == "ORG" and ent[-1].lower_ in lex.outlet_words


def speaker_kind(mention: Span | None, speaker: Speaker, lex: Lexicon) -> str | None:
    """The kind of the claim's speaker (module docstring); None without a mention."""
    if mention is None or not speaker.mention:
        return None
    if speaker.method in PERSON_METHODS:
        return "person"
    root = mention.root
    word = root.lower_
    if speaker.method == "pronoun" or word in lex.person_pronouns | lex.plural_pronouns | lex.institution_pronouns:
        if word in lex.person_pronouns:
            return "person"
        return "group" if word in lex.plural_pronouns and speaker.name == speaker.mention else "institution"
    return kind_of_phrase(mention, lex)


def kind_of_phrase(mention: Span, lex: Lexicon) -> str:
    """The kind of an unresolved mention, from its head: "the statement", "Tehran", "analysts"."""
    root = mention.root
    label = root.ent_type_
    if label == "PERSON" or root.pos_ == "PROPN" and any(t.lower_ in lex.role_heads for t in mention if t.i < root.i):
        return "person"  # "Ortagus", "State Department spokesperson Morgan Ortagus"
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
        return "person"  # "the spokesman", named nowhere
    return "institution"
