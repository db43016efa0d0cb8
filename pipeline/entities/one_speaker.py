"""Whether two speaker ids of one article can be one speaker.

The speakers step merges names; what it cannot merge is a name and a description
("Mohammad Kazem Ale-Sadeq" and "the Iranian ambassador to Baghdad", when the
article never puts them side by side), a person and a thing named after them
("Khamenei's official website" and "Ali Khamenei"), or an institution and its
spokesperson ("the State Department" and a State Department spokesperson). For
claim clusters such ids may still be one speaker, in one article only, and only
on evidence of the article itself:

- a description: one side unnamed (its name holds its role's head noun, or no
  capital), the two share a role head noun ("ambassador") and an affiliation;
- a surname inside: one side's last name word is a word of the other's name, and
  the two are not both full names (those the speakers step kept apart on purpose:
  "Ali Larijani", "Ali Shamkhani");
- an institution and its spokesperson: one side's name is the other's affiliation and the
  other's role a spokesperson's (a country and its minister are not one speaker: a country
  speaks through many people).

Pure functions over ``SpeakerProfile`` (what an article says of one speaker id);
the words that end a role's head ("ambassador *to* Baghdad") and the spokespersons' role
heads live in clusters.yaml.
"""
from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

_WORD = re.compile(r"[^\W\d_][\w'’.-]*")
_POSSESSIVE = re.compile(r"['’]s?$")


@dataclass(frozen=True)
class SpeakerProfile:
    """One speaker id in one article: its name's words, its roles' head nouns, its affiliations."""

    name: str
    words: tuple[str, ...]  # the name's words, possessives cut ("Khamenei's" -> "Khamenei")
    heads: frozenset[str]  # lowercased head nouns of its roles ("ambassador to Baghdad" -> "ambassador")
    affiliations: frozenset[str]  # casefolded

    @property
    def full_name(self) -> bool:  # "Ali Larijani": two capitalised words or more, nothing else
        return len(self.words) >= 2 and all(w[:1].isupper() for w in self.words)

    @property
    def unnamed(self) -> bool:  # "Iranian ambassador to Baghdad", "the official"
        return not any(w[:1].isupper() for w in self.words) or bool(self.heads & {w.lower() for w in self.words})


def role_head(role: str, breakers: frozenset[str]) -> str | None:
    """The head noun of a role: its last lowercase-able word before a preposition or a name
    ("senior adviser to Supreme Leader" -> "adviser"; "spokesperson Morgan Ortagus" -> "spokesperson")."""
    head = None
    for i, word in enumerate(_WORD.findall(role)):
        if word.lower() in breakers or (i and head and word[:1].isupper() and head[:1].islower()):
            break
        head = word
    return head.lower() if head else None


def profile(name: str, roles, affiliations, breakers: frozenset[str]) -> SpeakerProfile:
    words = tuple(_POSSESSIVE.sub("", w) for w in _WORD.findall(name))
    heads = frozenset(h for r in roles if r and (h := role_head(r, breakers)))
    return SpeakerProfile(name, tuple(w for w in words if w), heads, frozenset(a.casefold() for a in affiliations if a))


def may_be_one(a: SpeakerProfile, b: SpeakerProfile, spokespersons: frozenset[str] = frozenset()) -> bool:
    """Whether the two profiles (of one article) can be one speaker (see the module doc)."""
    if a.name == b.name:
        return True
    if (a.unnamed or b.unnamed) and a.heads & b.heads and a.affiliations & b.affiliations:
        return True
    if not (a.full_name and b.full_name):
        for x, y in ((a, b), (b, a)):
            if x.words and x.words[-1][:1].isupper() and x.words[-1] in y.words:
                return True
    return any(x.name.casefold() in y.affiliations and y.heads & spokespersons for x, y in ((a, b), (b, a)))


def article_profiles(speakers, names, roles, affiliations, docs, breakers: frozenset[str]) -> dict:
    """(doc, speaker id) -> SpeakerProfile from the claims' columns (position-aligned lists)."""
    seen: dict[tuple, tuple[str, set, set]] = defaultdict(lambda: ("", set(), set()))
    for speaker, name, role, affiliation, doc in zip(speakers, names, roles, affiliations, docs, strict=True):
        if speaker and doc:
            old_name, old_roles, old_affiliations = seen[(doc, speaker)]
            old_roles.add(role)
            old_affiliations.add(affiliation)
            seen[(doc, speaker)] = (old_name or name or speaker, old_roles, old_affiliations)
    return {key: profile(name, r, a, breakers) for key, (name, r, a) in seen.items()}
