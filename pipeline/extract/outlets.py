"""The names a page itself shows to be news outlets, by the parse and NER.

A list of agencies (``outlets`` in cues.yaml) is one sign; the page gives
others: a dateline's parenthesis ("LIBERTY, Maine (Village Soup) - ..."), an
organisation that reports a clause ("The Wall Street Journal reported that
..."), or one named before a report ("according to a Village Soup article").
Each sign is read from one mention; the name it gives counts for every mention
of that name in the page. The words live in ``pipeline/data/kinds.yaml``.
"""
from __future__ import annotations

from functools import lru_cache

from spacy.tokens import Doc, Span, Token

from pipeline.datafiles import load_data
from pipeline.extract.doccache import ents_of, positions_of, sents_of, tokens_of
from pipeline.extract.lexicon import load_lexicon

CACHE_KEY = "redline.outlets"
MAX_DATELINE_TOKENS = 8  # "WASHINGTON, D.C. (Reuters) -": the place name before it


@lru_cache(maxsize=1)
def outlet_signs() -> dict[str, frozenset[str]]:
    data = load_data("kinds.yaml")
    return {key: frozenset(data[key]) for key in ("reporting_verbs", "report_nouns", "dateline_dashes", "outlet_nouns",
                                                  "ambiguous_outlet_words", "news_words")}


def news_agency(word: str, before: str) -> bool:
    """An outlet word that ends the names of bodies as often as of outlets ("agency":
    the International Atomic Energy Agency) names an outlet only after a news word
    ("the Kyodo news agency", "the Saudi Press Agency"); ``before`` is the word before it."""
    signs = outlet_signs()
    return word in signs["ambiguous_outlet_words"] and before in signs["news_words"]


def page_outlets(doc: Doc) -> frozenset[str]:
    """The lower-cased names of organisations the page shows as outlets (module docstring)."""
    cached = doc.user_data.get(CACHE_KEY)
    if cached is None or cached[0] != len(doc):
        names = {name_key(e) for e in ents_of(doc) if e.label_ == "ORG" and (reports_clause(e) or names_report(e))}
        names.update(name_key(agency) for agency in dateline_agencies(doc))
        names.update(name_key(name) for name in named_by_outlet_noun(doc) + trailing_reporters(doc) + clause_reporters(doc))
        cached = doc.user_data[CACHE_KEY] = (len(doc), frozenset(names))
    return cached[1]


def named_by_outlet_noun(doc: Doc) -> list[Span]:
    """"the Haaretz daily" (tagged an adverb there), "the newspaper Kommersant", "the Kyodo news agency": a proper
    name written as an outlet noun's compound or right after it, whatever NER made of it
    (it takes "Haaretz" for a person: "told Haaretz" is then read as an outlet's); not the
    noun inside another's name ("a Sanders television ad": the ad's topic)."""
    signs, out, tokens = outlet_signs(), [], tokens_of(doc)
    for tok in tokens:
        word = tok.lower_
        if tok.pos_ in ("PROPN", "VERB", "AUX") or tok.dep_ == "compound" and tok.head.pos_ == "NOUN" \
                or word not in signs["outlet_nouns"] and not (tok.i > 0 and news_agency(word, tokens[tok.i - 1].lower_)):
            continue
        names = [c for c in tok.children if c.dep_ == "compound" and c.pos_ == "PROPN"]
        if names:
            out.append(doc[min(t.i for t in names[0].subtree) : names[-1].i + 1])
        end = tok.i + 1
        while end < len(doc) and doc[end].pos_ == "PROPN" and doc[end].dep_ not in ("nsubj", "nsubjpass"):
            end += 1
        if end > tok.i + 1 and (end == len(doc) or doc[end].pos_ != "PROPN"):
            out.append(doc[tok.i + 1 : end])  # "the newspaper Kommersant", not "the newspaper Putin said"
    return out


def trailing_reporters(doc: Doc) -> list[Span]:
    """"The minister said ..., Haaretz reported.": a proper name reporting another's words
    at the end of a sentence, after a comma (not "..., the European Commission reports",
    a body's own figures)."""
    out, speech = [], load_lexicon().speech_forms
    for sent in sents_of(doc):
        found = trailing_report(sent, outlet_signs()["reporting_verbs"])
        if found is None:
            continue
        verb, subject = found
        relays_speech = verb.head.lower_ in speech and verb.head != verb or any(
            c.dep_ in ("ccomp", "parataxis") and c.lower_ in speech for c in verb.children)
        if subject.i == verb.i - 1 and subject.pos_ == "PROPN" and relays_speech:
            out.append(doc[subject.left_edge.i : verb.i])
    return out


def trailing_report(sent: Span, verbs: frozenset[str]) -> tuple[Token, Token] | None:
    """", Haaretz reported.", ", the Kyodo news agency reported.": the verb (one of ``verbs``)
    that ends the sentence but for its punctuation, and its subject, written after a comma
    of the sentence; None where the sentence does not end so. Who reports, and whose
    words, each caller reads (trailing_reporters, relays.trailing_reporter)."""
    doc, end = sent.doc, sent.end - 1
    while end > sent.start and doc[end].is_punct:
        end -= 1
    verb = doc[end]
    if verb.lower_ not in verbs:
        return None
    subject = next((c for c in verb.children if c.dep_ == "nsubj" and c.i < verb.i), None)
    if subject is None or subject.left_edge.i <= sent.start or doc[subject.left_edge.i - 1].text != ",":
        return None
    return verb, subject


def name_key(span: Span) -> str:
    return " ".join(t.lower_ for t in span if t.dep_ != "det" and not t.is_punct and t.lower_ not in ("’s", "'s"))


def dateline_agencies(doc: Doc) -> list[Span]:
    """"LIBERTY, Maine (Village Soup) - A Liberty man ...": the proper name in a dateline's
    parenthesis, within the first words of its line (NER often misses it there)."""
    dashes, out = outlet_signs()["dateline_dashes"], []
    for tok in (doc[i] for i in positions_of(doc, "(")):
        if line_position(doc, tok.i) > MAX_DATELINE_TOKENS:
            continue
        close = next((t.i for t in doc[tok.i + 1 : tok.i + 6] if t.text == ")"), None)
        if close is None or close + 1 >= len(doc) or doc[close + 1].text not in dashes:
            continue
        inside = doc[tok.i + 1 : close]
        if len(inside) and all(t.pos_ == "PROPN" or t.is_punct for t in inside):
            out.append(inside)
    return out


def line_position(doc: Doc, i: int) -> int:
    """How many tokens before ``doc[i]`` its line starts (at most one past the dateline's reach)."""
    for back in range(MAX_DATELINE_TOKENS + 1):
        j = i - back
        if j == 0 or "\n" in doc[j - 1].whitespace_ or "\n" in doc[j - 1].text:
            return back
    return MAX_DATELINE_TOKENS + 1


def clause_reporters(doc: Doc) -> list[Span]:
    """"Haaretz reported that ...": a proper name reporting a that-clause, whatever NER
    made of it (reports_clause reads the organisations)."""
    out = []
    for tok in tokens_of(doc):
        if tok.pos_ != "PROPN" or tok.dep_ != "nsubj" or tok.head.i < tok.i or tok.ent_type_ == "ORG":
            continue
        verb = tok.head
        if verb.lower_ in outlet_signs()["reporting_verbs"] and any(
                c.dep_ == "ccomp" and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children) for c in verb.children):
            out.append(doc[min(t.i for t in tok.subtree if t.pos_ == "PROPN") : tok.i + 1])
    return out


def reports_clause(ent: Span) -> bool:
    """"The Wall Street Journal reported that ...": the subject of a reporting verb before the
    "that" of its clause (not "..., the European Commission reports", a body's own words)."""
    root = ent.root
    verb = root.head
    return (root.dep_ == "nsubj" and root.i < verb.i and verb.lower_ in outlet_signs()["reporting_verbs"]
            and any(c.dep_ == "ccomp" and any(m.dep_ == "mark" and m.lower_ == "that" for m in c.children)
                    for c in verb.children))


def names_report(ent: Span) -> bool:
    """"according to a Village Soup article", "The Times' reporting": the name before a report noun."""
    root = ent.root
    return root.dep_ in ("compound", "poss") and root.head.lower_ in outlet_signs()["report_nouns"] \
        and root.head.i >= ent.end


def dateline_word(tok: Token) -> bool:
    """A place in capitals opening its line before the dateline's comma, parenthesis or dash
    ("WASHINGTON (Reuters) -", "NEW YORK, Dec. 3 --"), as outlets.py reads datelines; not an
    acronym that acts ("NATO said", "the IAEA reported")."""
    doc = tok.doc
    if not (tok.is_upper and tok.is_alpha) or line_position(doc, tok.i) > MAX_DATELINE_TOKENS:
        return False
    j = tok.i + 1
    while j < len(doc) and doc[j].is_upper and doc[j].is_alpha:
        j += 1
    return j < len(doc) and (doc[j].text in (",", "(", ".") or doc[j].text in outlet_signs()["dateline_dashes"])


def is_dateline_dash(token: Token) -> bool:
    """A dash of a dateline (kinds.yaml), a hyphen only when spaced ("vice-president" is none)."""
    return token.text in outlet_signs()["dateline_dashes"] and (token.text != "-" or bool(token.whitespace_))


def without_dateline(tokens: list[Token]) -> list[Token]:
    """``tokens`` less a dateline opening them ("WASHINGTON ― Donald Trump's obsession ...,
    lawmakers said"): a dateline is never claim text."""
    if not tokens or not dateline_word(tokens[0]):
        return tokens
    for k, tok in enumerate(tokens[: MAX_DATELINE_TOKENS + 6]):
        if is_dateline_dash(tok):
            return tokens[k + 1 :]
    return tokens
