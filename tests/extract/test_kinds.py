"""Speaker kinds read from the mention and from what the page says elsewhere of the same name."""
from __future__ import annotations

import pytest

from tests.extract.fixtures import by_text


@pytest.mark.parametrize("text, fragment, kind", [
    # A surname NER took for an organisation, written after a role or a first name elsewhere in the page.
    ("State Department spokesperson Morgan Ortagus spoke on Saturday. "
     "Ortagus said the delegation had previewed a number of new initiatives.", "previewed a number", "person"),
    ("“This measured response is proportionate,” Cecilia Malmström said in a statement.", "measured response",
     "person"),
    # A tie to another person names a person.
    ("Kim Jong Un's younger sister said the U.S. must recognize her nation's status.", "must recognize", "person"),
    # Two people, or a plural of a role: a group.
    ("US envoy John Kerry and European Commission vice-president Frans Timmermans agreed that it was worth "
     "making the change.", "worth making the change", "group"),
    # One named nowhere, introduced as anyone of a kind: anonymous.
    ("“The victim was stabbed,” an NRPS spokesperson said in an email.", "victim was stabbed", "group"),
    ("“The ruling was expected,” the spokesman said.", "ruling was expected", "person"),
    # A pronoun takes the kind of what it stands for.
    ("Talks were held on an island, Swedish news agency TT said. It added that the delegates arrived on Friday.",
     "delegates arrived", "outlet"),
    # An outlet in its own name, whatever the name resolved to.
    ("The voters in the area seem enamored with the governor, according to Politico.", "enamored", "outlet"),
    ("LIBERTY, Maine (Village Soup) - A man refused to appear in court.\n\n"
     "According to Village Soup, the owner of the vehicle then chased him.", "chased him", "outlet"),
    # An outlet by the shape of its name, not a list: a news word before "agency", an outlet
    # word opening the name; a body whose name ends in "Agency" is no outlet.
    ("The Kyodo news agency said the summit would be delayed.", "summit would be delayed", "outlet"),
    ("Israel's Channel 12 reported that the cabinet would meet on Sunday.", "cabinet would meet", "outlet"),
    ("The International Atomic Energy Agency said Iran had enriched more uranium.", "enriched more uranium",
     "institution"),
    ("The speech was long, the minister said, Ynet reported. Ynet said the vote was close.", "the vote was close",
     "outlet"),
])
def test_speaker_kinds_from_the_page(claims_of, text, fragment, kind):
    assert by_text(claims_of(text), fragment).speaker_kind == kind
