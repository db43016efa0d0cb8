"""The attribute ruler's matches found by look-up: the same matches, a fraction of the CPU.

spaCy's ``attribute_ruler`` (tag map and exceptions: POS, MORPH and some lemmas from the
tagger's TAG) runs every one of its patterns through the ``Matcher`` at every token, about a
tenth of a parse. In ``en_core_web_sm`` 165 of its 179 patterns are one token whose TAG, LOWER
and DEP (or some of them) equal a value or lie in a set, which a dictionary finds at once;
only the others (``IS_SPACE``, ``NOT_IN``, regular expressions, two tokens) still go through a
Matcher. The matches are sorted as spaCy sorts them and applied in that order, each to its
token (``set_token_attrs``, as spaCy does, without making a Span per match), so the tokens
get the same values.
"""
from __future__ import annotations

from collections import defaultdict
from itertools import product

from spacy.attrs import DEP, LOWER, TAG
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs

_LOOKED_UP = ("TAG", "LOWER", "DEP")  # the token attributes a look-up rule is indexed by, in to_array's order
_ATTRS = [TAG, LOWER, DEP]


def _values(value) -> list[str] | None:
    """The values a pattern's predicate accepts: one string, or an ``IN`` list."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict) and value.keys() == {"IN"}:
        return list(value["IN"])
    return None


def _lookup_keys(patterns: list[list[dict]]) -> list[tuple[str | None, ...]] | None:
    """Every (TAG, LOWER, DEP) a token must have to match a rule whose patterns are each
    one token tested for those by equality or ``IN`` (None: not tested), or None when
    the rule needs the Matcher. A token has one of each, so it matches one key at most."""
    keys = []
    for pattern in patterns:
        if len(pattern) != 1 or not pattern[0] or not pattern[0].keys() <= set(_LOOKED_UP):
            return None
        values = [_values(pattern[0][k]) if k in pattern[0] else [None] for k in _LOOKED_UP]
        if any(v is None for v in values):
            return None
        keys.extend(product(*values))
    return keys if len(set(keys)) == len(keys) else None


class LookupMatch:
    """A drop-in for ``AttributeRuler.match``: the ruler's sorted (rule, key, start, end) matches."""

    def __init__(self, ruler: AttributeRuler):
        strings = ruler.vocab.strings
        self.ruler, self.by_key = ruler, defaultdict(list)
        self.rest = Matcher(ruler.vocab, validate=False)
        for i, rule in enumerate(ruler.patterns):
            keys, match_id = _lookup_keys(rule["patterns"]), strings[str(i)]
            if keys is None:
                self.rest.add(match_id, rule["patterns"])
            for key in keys or ():
                self.by_key[tuple(None if v is None else strings.add(v) for v in key)].append((i, match_id))
        # the combinations of a token's (TAG, LOWER, DEP) that some rule tests, and of each
        # attribute the values some rule tests: a token's other values are as good as None
        self.shapes = sorted({tuple(v is not None for v in key) for key in self.by_key})
        self.tested = [{key[k] for key in self.by_key} - {None} for k in range(len(_LOOKED_UP))]
        self.known: dict[tuple, list[tuple[int, int]]] = {}  # (TAG, LOWER, DEP), untested values None -> rules

    def _rules(self, values: tuple) -> list[tuple[int, int]]:
        """(rule, match key) of every look-up rule a token with these (TAG, LOWER, DEP) matches."""
        rules = self.known.get(values)
        if rules is None:
            keys = [tuple(v if t else None for v, t in zip(values, shape, strict=True)) for shape in self.shapes
                    if all(v is not None for v, t in zip(values, shape, strict=True) if t)]
            rules = self.known[values] = [rule for key in keys for rule in self.by_key.get(key, ())]
        return rules

    def __call__(self, doc: Doc) -> list[tuple[int, int, int, int]]:
        if not (doc.has_annotation("TAG") and doc.has_annotation("DEP")):
            return AttributeRuler.match(self.ruler, doc)  # what a missing annotation means stays spaCy's
        strings = self.ruler.vocab.strings
        matches = [(int(strings[m_id]), m_id, s, e) for m_id, s, e in self.rest(doc, allow_missing=True)]
        tags, lowers, deps = self.tested
        for j, (tag, lower, dep) in enumerate(doc.to_array(_ATTRS).tolist()):
            values = (tag if tag in tags else None, lower if lower in lowers else None, dep if dep in deps else None)
            matches.extend((i, match_id, j, j + 1) for i, match_id in self._rules(values))
        matches.sort()
        return matches


def set_annotations(ruler: AttributeRuler, doc: Doc, matches: list[tuple[int, int, int, int]]) -> None:
    """``AttributeRuler.set_annotations``: each match's attributes set on its rule's token, in order."""
    attrs, indices = ruler.attrs, ruler.indices
    for attr_id, _match_id, start, end in matches:
        index = indices[attr_id]
        if not -(end - start) <= index < end - start:
            return AttributeRuler.set_annotations(ruler, doc, matches)  # spaCy's own loop, to raise its error
        set_token_attrs(doc[start + index if index >= 0 else end + index], attrs[attr_id])


def look_up_attribute_rules(nlp) -> None:
    """Let the pipeline's attribute ruler (if any) find its matches by look-up and set them
    without a Span each (the ruler's ``__call__`` runs these two)."""
    if "attribute_ruler" in nlp.pipe_names:
        ruler = nlp.get_pipe("attribute_ruler")
        ruler.match = LookupMatch(ruler)
        ruler.set_annotations = lambda doc, matches: set_annotations(ruler, doc, matches)
