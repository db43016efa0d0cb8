"""The people of one surname an article names, read from its text (no parse).

The speakers step sees only claims; an article may name a second person of a
surname outside any claim ("Jeb Bush ... his brother, George W. Bush", "Bill
Clinton ... Hillary Clinton"), and then a lone "Bush" of a claim is either. Here
a full name is a given name of names.yaml, then at most two middle names or
initials, then the surname, all capitalised words of one run (no punctuation
between them but an initial's dot): "George W. Bush", "Hillary Rodham Clinton",
"Former President Bill Clinton" (Bill Clinton). Two full names are two people
when their given names do not fit (speakers._given_compatible: "George W." and
"George" fit, "Jeb" and "George W." do not).
"""
from __future__ import annotations

import re
from collections.abc import Iterable

_TOKEN = re.compile(r"[^\W\d_][\w’'-]*\.?|[^\s\w]")
_POSSESSIVE = re.compile(r"[’']s?$")
_MIDDLE = 2  # middle names or initials between a given name and the surname: "George H. W. Bush"


def _is_name_word(token: str) -> bool:
    return token[:1].isupper()


def _is_initial(token: str) -> bool:
    return len(token) == 2 and token[1] == "." and token[0].isupper()


def _given_before(tokens: list[str], end: int, given_names: frozenset[str], fold) -> tuple[str, ...] | None:
    """The folded given and middle names right before ``tokens[end]`` (a surname), or None when
    no given name of the list starts the run there."""
    found = None
    for start in range(end - 1, max(end - _MIDDLE - 2, -1), -1):
        token = tokens[start]
        if not _is_name_word(token) or token.endswith(".") and not _is_initial(token):
            break  # "Mr.", "Sen.", a sentence's last word: no middle name
        if fold(token) in given_names:
            found = start
    if found is None:
        return None
    return tuple(fold(t) for t in tokens[found:end])


def name_tokens(text: str) -> list[str]:
    """The words and punctuation of ``text`` that people_of_surname reads: cut once per
    document, however many of its surnames are looked up."""
    return _TOKEN.findall(text)


def people_of_surname(tokens: list[str], surname: str, given_names: frozenset[str], fold) -> list[tuple[str, ...]]:
    """Given names (folded) of each full name in ``tokens`` (name_tokens of a text) ending in
    the folded ``surname``, in order of appearance, repeats included. ``fold`` is the speakers
    step's folding."""
    found = []
    for k, token in enumerate(tokens):
        if _is_name_word(token) and fold(_POSSESSIVE.sub("", token)) == surname:
            given = _given_before(tokens, k, given_names, fold)
            if given:
                found.append(given)
    return found


def distinct_people(given_lists: Iterable[tuple[str, ...]], compatible) -> list[tuple[str, ...]]:
    """One given-name list per person: a list joins the first earlier one it fits
    (``compatible``, speakers._given_compatible), else it is someone new."""
    people: list[tuple[str, ...]] = []
    for given in given_lists:
        if not any(compatible(given, other) for other in people):
            people.append(given)
    return people
