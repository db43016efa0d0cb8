"""Who a mention is within one document: agreement, coordination, appositions and
relative pronouns; what cannot be resolved stays as written, never another person."""
from __future__ import annotations

import pytest

from pipeline.extract.mentions import clean_name
from tests.extract.fixtures import by_text

# text, a fragment of the claim, its speaker mention, its speaker name
CASES = [
    # an acronym in capitals is a body "it" can stand for; the dateline's place is not
    ("WASHINGTON (Reuters) - NATO launched drills on Monday. It said allies were ready.",
     "allies were ready", "It", "NATO"),
    # a relative described by her tie to a named person is not that person, even sharing part of
    # the name; the lede description is the person named next, and so is "She" (the parse took
    # "Kim Jong Un" for the subject and the possessive for a stray word)
    ("Kim Jong Un’s younger sister, an influential figure in North Korea, asserts that the U.S. must recognize "
     "her nation’s status. She stated that any dialogue would be seen as a mockery. Kim Yo Jong emphasized "
     "that the landscape has changed.",
     "the U.S. must recognize", "younger sister", "Kim Yo Jong"),
    ("Kim Jong Un’s younger sister, an influential figure in North Korea, asserts that the U.S. must recognize "
     "her nation’s status. She stated that any dialogue would be seen as a mockery. Kim Yo Jong emphasized "
     "that the landscape has changed.",
     "any dialogue would be", "She", "Kim Yo Jong"),
    # two people coordinated are both the speaker (number agreement), not the second of them
    ("Mitch McConnell and Paul Ryan met. Later McConnell and Ryan said they think the law should be changed.",
     "they think the law", "McConnell and Ryan", "McConnell and Ryan"),
    # "it" is one body: never a plural speaker before it
    ("The council met on Friday. Others called the test a provocation. It said the test was a clear threat to peace.",
     "the test was a clear threat", "It", "It"),
    # a relative clause on "one of the X" is about the one
    ("One of the doctors, who called the show a fraud, wrote to the network.",
     "the show a fraud", "who", "One of the doctors"),
    # a participle under "aside from" takes the subject of the clause it hangs on
    ("Governor Terry McAuliffe said many people are interested, but he refuses to discuss names, "
     "aside from saying he wants a diverse delegation.",
     "he wants a diverse delegation", "he", "Terry McAuliffe"),
    # a name the parse made an apposition of another name: the one beside the verb speaks
    ("The chief justice spoke at the opening. To understand the real Dred Scott, Chief Justice Roberts said, "
     "one should visit this museum.",
     "one should visit this museum", "Chief Justice Roberts", "Roberts"),
    # a surname two people of the article share, with nothing to say which: as written
    ("Hillary Clinton spoke in Iowa on Monday. Bill Clinton spoke in Ohio. Clinton said the plan would "
     "create millions of jobs.", "create millions of jobs", "Clinton", "Clinton"),
    ("Donald Trump spoke in Iowa. His son Eric Trump was in Ohio. Trump said the wall would be built.",
     "the wall would be built", "Trump", "Trump"),
    # a court case is no person: "Trump" is the one Trump the article names
    ("Donald Trump has long fought his critics. The language surfaced in a 1992 court case, Trump v. Trump, "
     "in which the couple tussled over their agreement. Trump said the critics were wrong.",
     "the critics were wrong", "Trump", "Donald Trump"),
    # a gendered title is never the full name of someone of the other gender
    ("Bill Clinton was at the rally on Monday. Mrs. Clinton said the plan would create millions of jobs.",
     "create millions of jobs", "Mrs. Clinton", "Clinton"),
]


def test_a_name_does_not_keep_a_quote_mark_the_entity_took_along(claims_of):
    claims = claims_of("''We will win,'' said Donald Trump ''. Mr. Trump said he would release his returns.")
    assert all("'" not in (c.speaker_name or "") for c in claims)


# text, a fragment of the claim, the speaker's name
NAME_CASES = [
    # a headline's verb the NER took along is not part of the name
    ("Ben Carson Defends His Record\n\nBen Carson spoke on Sunday. Carson said the report was a political hit job.",
     "political hit job", "Ben Carson"),
    # a suffix is
    ("Joseph R. Biden Jr. spoke in Ohio. Mr. Biden said the plan would help workers.",
     "the plan would help", "Joseph R. Biden Jr."),
    # and so are words the article uses on their own
    ("Aung San Suu Kyi met the president. Her father, Aung San, led the country. "
     "Suu Kyi said the sanctions should end. Suu Kyi thanked him.",
     "the sanctions should end", "Aung San Suu Kyi"),
    # an indefinite description brings in someone new: never the last speaker
    ("Donald Trump says voter fraud is a big problem. But a Homeland Security Department "
     "official said Friday that hackers have targeted the voter systems of 20 states.",
     "hackers have targeted", "a Homeland Security Department official"),
    # a definite one refers back
    ("Mohammad Kazem Ale-Sadeq stressed that Iran is ready. The ambassador added that the talks must go on.",
     "the talks must go on", "Mohammad Kazem Ale-Sadeq"),
]


@pytest.mark.parametrize("text, fragment, name", NAME_CASES)
def test_the_speaker_is_named_as_the_article_names_them(claims_of, text, fragment, name):
    assert by_text(claims_of(text), fragment).speaker_name == name


@pytest.mark.parametrize("entity, name", [
    ("Rip Donald Trump", "Donald Trump"),  # "Black Lawmakers Rip Donald Trump": a headline's verb
    ("Certainly Donald Trump", "Donald Trump"),
    ("Telling Jeb Bush", "Jeb Bush"),
    ("Hillary Rodham Clinton", "Hillary Rodham Clinton"),
    ("Mohammad Javad Zarif", "Mohammad Javad Zarif"),
    ("Weak - Rubio", "Rubio"),  # a spaced dash: a dateline or a headline's label before the name
    ("S.C. - Sen. Ted Cruz", "Ted Cruz"),
])
def test_a_word_before_the_given_name_that_is_none_is_not_part_of_the_name(entity, name):
    assert clean_name(entity) == name


@pytest.mark.parametrize("text, mention", [
    ("Dec 29 (Reuters) - U.S. Democratic presidential candidate Hillary Clinton said she would raise taxes on the rich.",
     "U.S. Democratic presidential candidate Hillary Clinton"),
    ("WASHINGTON — Senator Tim Kaine said the deal was a good one.", "Senator Tim Kaine"),
])
def test_a_dateline_is_no_part_of_the_speaker(claims_of, text, mention):
    assert [c.speaker_mention for c in claims_of(text)] == [mention]


# text, a fragment of the claim, its speaker mention, its speaker name: the coreference step
CHAIN_CASES = [
    # a description no cue resolved is still an antecedent: "he" is the Director-General, not the minister
    ("The Director-General joined Kenya's Minister of Foreign Affairs, Amina Mohamed, at the review. "
     "The Director-General highlighted the importance of outcomes on development. "
     "\"This conference will be our first opportunity to deliver,\" he declared.",
     "our first opportunity to deliver", "he", "The Director-General"),
    # a name apposed to a description holds its role: the description before it is that person
    ("North Korea's chief negotiator said today that the talks have broken down. "
     "The North Korean negotiator, Kim Miyong Gil, said the talks had not fulfilled expectations.",
     "the talks have broken down", "North Korea's chief negotiator", "Kim Miyong Gil"),
    # a definite description opening the article is the person named as a subject right after it
    ("The commander-in-chief of Iran's army has threatened to turn Tel Aviv into dust. "
     "Major General Abdolrahim Mousavi made the remarks on Friday.",
     "Tel Aviv into dust", "The commander-in-chief of Iran's army", "Abdolrahim Mousavi"),
    # "He" opening a sentence is a pronoun, even where the article names Liu He
    ("Lighthizer was referring to Vice Premier Liu He, who has represented Beijing. "
     "He said that there had not been any breakthrough.",
     "there had not been any breakthrough", "He", "Lighthizer"),
    # a generic role with an affiliation: the last person of that affiliation
    ("Russia handed over its proposals, Russian President Vladimir Putin said at a press conference. "
     "\"We have said it already: the issues of strategic stability matter,\" the Russian leader said.",
     "the issues of strategic stability matter", "the Russian leader", "Vladimir Putin"),
    # "it" is the nearest body subject before it, not an earlier speaker
    ("Tehran said the attack was in retaliation. The coalition closed off land, sea, and air access to Yemen "
     "after the missile targeted Riyadh. It said the closings would take into account the work of aid groups.",
     "the closings would take into account", "It", "The coalition"),
    # every title the article gives a person counts: "leader" in the headline, "President" below
    ("Former Mexico leader Calderon calls the wall stupid.\n\nCount former Mexican President Felipe Calderon among "
     "the critics. Trump has made several statements on the matter. But the former Mexican president did not stop "
     "there. \"The first loser of such a policy would be the United States,\" he continued.",
     "The first loser of such a policy", "he", "Felipe Calderon"),
    # a holder named only in passing is not the one a description means while another has spoken
    ("\"We agreed to continue consultations,\" Economy Minister Toshimitsu Motegi told journalists. The talks come "
     "before a meeting between Japanese Prime Minister Shinzo Abe and Donald Trump, according to the Japanese minister.",
     "before a meeting between", "the Japanese minister", "Toshimitsu Motegi"),
    # a definite description is an epithet of the person just named, not of a holder named long before
    ("Sen. John McCain spoke in Arizona. " + " ".join(f"The river rose by {k} feet." for k in range(8))
     + " Democratic presidential candidate Bernie Sanders is choosing not to respond. Instead, the Vermont senator "
     "is sticking to his message. \"We have come a long way in nine months,\" he told cheering supporters.",
     "We have come a long way", "he", "Bernie Sanders"),
    # a document speaks for whoever the text says issued it
    ("Motegi and Lighthizer met on Friday. A statement issued by the Office of the USTR said that the two "
     "agreed to continue the consultations.", "agreed to continue the consultations", "A statement",
     "the Office of the USTR"),
    ("A statement released by Senator John Smith said the bill was a disgrace.", "the bill was a disgrace",
     "A statement", "John Smith"),
    # a surname two people share is the one of them who spoke just before
    ("Libertarian candidate Gary Johnson was in Ohio.\n\nHomeland Security Secretary Jeh Johnson says hackers "
     "attacked election offices.\n\nJohnson said local officials should be vigilant.",
     "local officials should be vigilant", "Johnson", "Jeh Johnson"),
    # a description with an owner is the owner's spokesman, and so is the same description after it
    ("Donald Trump said he would not get on with David Cameron. Cameron's spokesman said the prime minister "
     "stood by his comments. \"He disagrees with them,\" the spokesman said.",
     "He disagrees with them", "the spokesman", "Cameron's spokesman"),
    # an object quoted "as telling" speaks; the one quoting relays
    ("Ayatollah Ali Khamenei spoke on Sunday.\n\n\"The Islamic Republic can negotiate only when it is strong,\" "
     "Khamenei's official website quoted him as telling people gathered at his office.",
     "can negotiate only when", "him", "Ali Khamenei"),
]


@pytest.mark.parametrize("text, fragment, mention, name", CASES + CHAIN_CASES)
def test_mentions_resolve_to_who_the_text_says(claims_of, text, fragment, mention, name):
    claim = by_text(claims_of(text), fragment)
    assert (claim.speaker_mention, claim.speaker_name) == (mention, name)


# text, a fragment of the claim, its speaker mention: what cannot be resolved stays as written
UNRESOLVED_CASES = [
    # a relative is no description that takes the last speaker
    ("Donald Trump said the deal was bad. His wife said the family would stay in New York.",
     "the family would stay", "His wife"),
    # nor is she a woman named later
    ("Mrs. Hillary Clinton spoke in Ohio. Her husband said the campaign was going well. "
     "Hillary Clinton, a former first lady, thanked the crowd.", "the campaign was going well", "Her husband"),
    # a pronoun too far from anyone who could be it stays as written, never a guess
    ("Senator John Smith spoke in 1990. " + " ".join(f"The river rose by {k} feet." for k in range(14))
     + " He said the dam would hold.", "the dam would hold", "He"),
    # nor the last speaker: a description with an owner is the owner's spokesman, a person of their own
    ("Donald Trump said he would not get on with David Cameron. Cameron's spokesman said the prime minister "
     "stood by his comments.", "stood by his comments", "Cameron's spokesman"),
    # nor a surname two people share when the one of them who spoke did so long before
    ("Former President Bill Clinton said the vote had shifted. Hillary Clinton campaigned in Iowa. "
     + " ".join(f"The river rose by {k} feet." for k in range(8))
     + " Clinton said the endorsements mattered.", "the endorsements mattered", "Clinton"),
]


@pytest.mark.parametrize("text, fragment, mention", UNRESOLVED_CASES)
def test_what_cannot_be_resolved_stays_as_written(claims_of, text, fragment, mention):
    claim = by_text(claims_of(text), fragment)
    assert (claim.speaker_mention, claim.speaker_name) == (mention, mention)


def test_the_quoted_one_speaks_through_a_website_and_it_relays(claims_of):
    claim = by_text(claims_of(CHAIN_CASES[-1][0]), "can negotiate only when")
    assert claim.relay and "website" in claim.relay
