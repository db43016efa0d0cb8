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

from spacy.tokens import Doc, Span

from pipeline.datafiles import load_data
from pipeline.extract.doccache import ents_of, positions_of

CACHE_KEY = "redline.outlets"
MAX_DATELINE_TOKENS = 8  # "WASHINGTON, D.C. (Reuters) -": the place name before it


@lru_cache(maxsize=1)
def outlet_signs() -> dict[str, frozenset[str]]:
    data = load_data("kinds.yaml")
    return {key: frozenset(data[key]) for key in ("reporting_verbs", "report_nouns", "dateline_dashes")}


def page_outlets(doc: Doc) -> frozenset[str]:
    """The lower-cased names of organisations the page shows as outlets (module docstring)."""
    cached = doc.user_data.get(CACHE_KEY)
    if cached is None or cached[0] != len(doc):
        names = {name_key(e) for e in ents_of(doc) if e.label_ == "ORG" and (reports_clause(e) or names_report(e))}
        names.update(name_key(agency) for agency in dateline_agencies(doc))
        cached = doc.user_data[CACHE_KEY] = (len(doc), frozenset(names))
    return cached[1]


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
