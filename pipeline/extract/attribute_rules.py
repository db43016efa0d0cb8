"""The attribute ruler's matches found by look-up: the same matches, a fraction of the CPU.

spaCy's ``attribute_ruler`` (tag map and exceptions: POS, MORPH and some lemmas from the
tagger's TAG) runs every one of its patterns through the ``Matcher`` at every token, about a
tenth of a parse. In ``en_core_web_sm`` 165 of its 179 patterns are one token whose TAG, LOWER
and DEP (or some of them) equal a value or lie in a set, which a dictionary finds at once. Ten
more open with such a token; the rest of their pattern (a second token, ``NOT_IN``,
``IS_SPACE``, a regular expression) is tested only where the dictionary points. The four left
(a first token tested by a regular expression or ``IS_SPACE`` alone) still go through a
Matcher. The matches are sorted as spaCy sorts them and applied in that order, each to its
token (``set_token_attrs``, as spaCy does, without making a Span per match), so the tokens
get the same values.
"""
from __future__ import annotations

import re
from collections import defaultdict
from itertools import product

from spacy.attrs import DEP, IS_SPACE, LOWER, TAG
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler
from spacy.strings import get_string_id
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs

_LOOKED_UP = ("TAG", "LOWER", "DEP")  # the token attributes a rule is indexed by, in to_array's order
_CHECKED = (*_LOOKED_UP, "IS_SPACE")  # the ones a token of a rule's pattern may test
_ATTRS = [TAG, LOWER, DEP, IS_SPACE]


def _values(value) -> list[str] | None:
    """The values a pattern's predicate accepts: one string, or an ``IN`` list."""
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict) and value.keys() == {"IN"}:
        return list(value["IN"])
    return None


def _test(column: int, value) -> tuple[int, str, object] | None:
    """One predicate as the Matcher reads it (matcher.pyx: _get_attr_values and the
    _SetPredicate and _RegexPredicate), or None for one this module does not read."""
    if isinstance(value, bool):
        return column, "==", int(value)
    if isinstance(value, str):
        return column, "==", get_string_id(value)
    if isinstance(value, dict) and len(value) == 1:
        (op, values), = value.items()
        if op in ("IN", "NOT_IN") and isinstance(values, list) and all(isinstance(v, str) for v in values):
            return column, op, {get_string_id(v) for v in values}
        if op == "REGEX" and isinstance(values, str):
            return column, op, re.compile(values)
    return None


def _tests(pattern: list[dict]) -> list[list[tuple[int, str, object]]] | None:
    """A pattern's predicates token by token, or None when the Matcher must read it
    (operators, other attributes or predicates)."""
    tests = [[_test(_CHECKED.index(k), v) if k in _CHECKED else None for k, v in spec.items()] for spec in pattern]
    return None if any(None in t for t in tests) else tests


def _lookup_keys(patterns: list[list[dict]]) -> list[tuple[list[dict], tuple[str | None, ...]]] | None:
    """Each pattern of a rule with every (TAG, LOWER, DEP) its first token must have to match, its
    values that rules test by equality or ``IN`` (None: not tested), or None when the
    rule needs the Matcher (a pattern whose first token tests none of them). A token has
    one value of each, so it matches one key of a pattern at most."""
    keys = []
    for pattern in patterns:
        if not pattern or not pattern[0] or _tests(pattern) is None:
            return None
        values = [_values(pattern[0].get(k)) or [None] for k in _LOOKED_UP]
        if values == [[None]] * len(_LOOKED_UP):
            return None
        keys.extend((pattern, key) for key in product(*values))
    return keys if len({key for _p, key in keys}) == len(keys) else None


def _matches_at(tests: list[list[tuple[int, str, object]]], rows: list[list[int]], j: int, strings) -> bool:
    """Whether the pattern of ``tests`` matches the tokens from ``j`` (``rows``: their _ATTRS)."""
    if j + len(tests) > len(rows):
        return False
    for token_tests, row in zip(tests, rows[j : j + len(tests)], strict=True):
        for column, op, value in token_tests:
            got = row[column]
            if not (got == value if op == "==" else got in value if op == "IN" else got not in value
                    if op == "NOT_IN" else value.search(strings[got])):
                return False
    return True


Rule = tuple[int, int, list | None]  # a rule's number, its match key and its tests (None: none needed)


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
            for pattern, key in keys or ():
                # a one-token pattern that its key says all of needs no test at the token
                tests = None if len(pattern) == 1 and all(_values(v) for v in pattern[0].values()) else _tests(pattern)
                self.by_key[tuple(None if v is None else strings.add(v) for v in key)].append((i, match_id, tests))
        # the combinations of a token's (TAG, LOWER, DEP) that some rule tests, and of each
        # attribute the values some rule tests: a token's other values are as good as None
        self.shapes = sorted({tuple(v is not None for v in key) for key in self.by_key})
        self.tested = [{key[k] for key in self.by_key} - {None} for k in range(len(_LOOKED_UP))]
        self.known: dict[tuple, list[Rule]] = {}  # (TAG, LOWER, DEP), untested values None -> rules

    def _rules(self, values: tuple) -> list[Rule]:
        """(rule, match key, tests or None) of every look-up rule whose pattern a token with
        these (TAG, LOWER, DEP) may open; with None it matches that token alone."""
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
        rows = doc.to_array(_ATTRS).tolist()
        for j, (tag, lower, dep, _space) in enumerate(rows):
            values = (tag if tag in tags else None, lower if lower in lowers else None, dep if dep in deps else None)
            for i, match_id, tests in self._rules(values):
                if tests is None:
                    matches.append((i, match_id, j, j + 1))
                elif _matches_at(tests, rows, j, strings):
                    matches.append((i, match_id, j, j + len(tests)))
        matches.sort()
        return matches


class SetAnnotations:
    """A drop-in for ``AttributeRuler.set_annotations``: each match's attributes set on its
    rule's token, in order, without a Span each."""

    def __init__(self, ruler: AttributeRuler):
        self.ruler = ruler

    def __call__(self, doc: Doc, matches: list[tuple[int, int, int, int]]) -> None:
        attrs, indices = self.ruler.attrs, self.ruler.indices
        for attr_id, _match_id, start, end in matches:
            index = indices[attr_id]
            if not -(end - start) <= index < end - start:
                return AttributeRuler.set_annotations(self.ruler, doc, matches)  # spaCy's own loop, to raise its error
            set_token_attrs(doc[start + index if index >= 0 else end + index], attrs[attr_id])


def look_up_attribute_rules(nlp) -> None:
    """Let the pipeline's attribute ruler (if any) find its matches by look-up and set them
    without a Span each (the ruler's ``__call__`` runs these two; both pickle with it)."""
    if "attribute_ruler" in nlp.pipe_names:
        ruler = nlp.get_pipe("attribute_ruler")
        ruler.match, ruler.set_annotations = LookupMatch(ruler), SetAnnotations(ruler)
