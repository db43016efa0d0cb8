"""The relay of a statement: the speaker keeps the words, the outlet that passed them on is the relay."""
from __future__ import annotations

import pytest

from pipeline.extract.extractor import extract_claims

# text, a fragment of the claim, its speaker mention, its relay
RELAY_CASES = [
    ('"We will not give up our rights," the minister told Reuters.',
     "We will not give up", "the minister", "Reuters"),
    ('"The sanctions will be lifted next week," Reuters cited him as saying.',
     "The sanctions will be lifted", "him", "Reuters"),
    ("Any talks with them would be pointless, he was quoted as saying by Fars.",
     "Any talks with them would be pointless", "he", "Fars"),
    ('"This is a turning point for the region," the senator said in Madrid, according to an Associated Press article.',
     "This is a turning point", "the senator", "Associated Press"),
    ('"The deal is a real breakthrough," Anna Berg, a former trade negotiator, tells the Guardian, '
     'noting "for the first time both sides have a common timetable."',
     "for the first time both sides", "Anna Berg", "Guardian"),
    ('"Pressure of this kind is completely unacceptable," the embassy said in a letter carried by the ISNA news agency.',
     "Pressure of this kind", "the embassy", "ISNA"),
    ("The minister did not say how the country would pay for the plan beyond \"new taxes on fuel,\" per the Guardian.",
     "how the country would pay", "The minister", "Guardian"),
    # A phrase ending the sentence, whatever the parse hung it on (a verb of the statement).
    ('The president had his own take, telling Biden that "our troops are on our own territory, and they do not '
     'threaten anyone," according to Putin foreign policy adviser Yuri Ushakov.',
     "our troops are on our own territory", "The president", "Yuri Ushakov"),
    ('The president responded to the outcry, admitting that Venezuela "does not pose a threat" to the United States '
     "in an interview with EFE.", "does not pose a threat", "The president", "EFE"),
    # A participle of quoting with no subject: where the words were carried.
    ('"There will be no negotiations with the US at any level," he said, quoted on his official website.',
     "no negotiations with the US", "he", "his official website"),
    # The outlet by its name around the object of "told" or the vehicle.
    ('Heading into the debate, Sanders told MSNBC\'s "Morning Joe" that nobody would question her knowledge.',
     "nobody would question", "Sanders", "MSNBC"),
    ('"That election is going to be rigged," Trump told Fox News host Sean Hannity earlier this month.',
     "going to be rigged", "Trump", "Fox News"),
    ("A few days ago in an interview with Russia's propagandistic network RT he blasted the American media "
     'for being "unbelievably dishonest."', "the American media", "he", "RT"),
    ('"We have a strategy," Clinton said in an interview with "Fox News Sunday."', "We have a strategy", "Clinton",
     "Fox News Sunday"),
    # A participle of the cue says whom the speaker spoke to; an outlet named by a common noun.
    ("Speaking to Al Jazeera, the minister said the talks would resume next week.", "the talks would resume",
     "the minister", "Al Jazeera"),
    ("The minister told state television that the talks would resume next week.", "the talks would resume",
     "The minister", "state television"),
    ('"The talks will resume next week," the minister said in remarks broadcast on state TV.', "The talks will resume",
     "the minister", "state TV"),
    # Outlets the list does not name, known by their shape: an outlet noun before the name, an
    # organisation named with an outlet word, an organisation one gives an interview to.
    ("Araghchi told the Russian news agency Sputnik that there would be no talks.", "there would be no talks",
     "Araghchi", "Sputnik"),
    ('"We will respond," Lavrov told the newspaper Kommersant.', "We will respond", "Lavrov", "Kommersant"),
    ("The foreign minister told the German newspaper Die Welt on Sunday that the talks had failed.",
     "the talks had failed", "The foreign minister", "Die Welt"),
    ("The minister told Israel's Channel 12 that the operation would continue.", "the operation would continue",
     "The minister", "Channel 12"),
    ("The president said in an interview with Le Monde that there would be no talks.", "there would be no talks",
     "The president", "Le Monde"),
    ('"We will respond," the minister said in comments published by the Nournews website.', "We will respond",
     "the minister", "Nournews"),
    # An outlet reporting at the end of the sentence: the speaker keeps the words.
    ("Araghchi said there would be no talks, the Kyodo news agency reported.", "there would be no talks",
     "Araghchi", "the Kyodo news agency"),
    ("The minister said the talks would resume in March, the agency reported.", "the talks would resume",
     "The minister", "the agency"),
    ("The minister said the talks would resume in March, Iran's semi-official Tasnim news agency reported.",
     "the talks would resume", "The minister", "Tasnim"),
    ('"We will respond," the spokesman said, the Saudi Press Agency reported.', "We will respond", "the spokesman",
     "the Saudi Press Agency"),
    # Already read: the quoting and vehicle phrasings a page varies.
    ("Anadolu quoted the minister as telling reporters that the border would stay closed.", "the border would stay",
     "the minister", "Anadolu"),
    ('"Any attack will be answered," the general said, as quoted by the Mehr news agency.', "Any attack",
     "the general", "Mehr"),
    ("According to the Xinhua news agency, Premier Li Keqiang said the economy was stable.", "the economy was stable",
     "Premier Li Keqiang", "the Xinhua news agency"),
    ('"We will respond," the minister told reporters, according to the state news agency Petra.', "We will respond",
     "the minister", "Petra"),
    ("The minister said in remarks quoted by the Yonhap news agency that the talks would resume.",
     "the talks would resume", "The minister", "Yonhap"),
    ('"There will be no talks," the minister was quoted as saying by the official news agency WAM.',
     "There will be no talks", "the minister", "WAM"),
    ("The talks will resume in March, the minister said, according to the official IRNA news agency.",
     "The talks will resume", "the minister", "IRNA"),
    # Quoted as saying anything; citing someone; an outlet's report.
    ("Tasnim quoted Araghchi as stressing that there would be no talks.", "there would be no talks", "Araghchi",
     "Tasnim"),
    # whatever the participle, as "as saying" and "as telling" (subjects.is_quoting, one rule for the speaker and the relay)
    ("Khamenei's official website quoted him as warning that the enemy would regret any attack.",
     "the enemy would regret", "him", "Khamenei's official website"),
    ("The Fars news agency quoted the minister as warning that there would be no talks.", "there would be no talks",
     "the minister", "Fars"),
    ("The Fars news agency quoted the minister as telling reporters that there would be no talks.",
     "there would be no talks", "the minister", "Fars"),
    ("Citing the minister, the Tasnim news agency reported that there would be no talks.", "there would be no talks",
     "minister", "the Tasnim news agency"),
    ("According to a report by the Jerusalem Post, Netanyahu said there would be no talks.",
     "there would be no talks", "Netanyahu", "the Jerusalem Post"),
    ("Netanyahu said there would be no talks, according to a report in the Jerusalem Post.",
     "there would be no talks", "Netanyahu", "the Jerusalem Post"),
    ("Netanyahu said there would be no talks, Israeli media reported.", "there would be no talks", "Netanyahu",
     "Israeli media"),
    # A participle on the subject; an op-ed's outlet; a name that holds an outlet word.
    ("The minister, speaking to CNN, said the country would respond.", "the country would respond",
     "The minister", "CNN"),
    ("The minister, quoted by Interfax, said the country would respond.", "the country would respond",
     "The minister", "Interfax"),
    ("The minister wrote in an op-ed for The Washington Post that the country would respond.",
     "the country would respond", "The minister", "The Washington Post"),
    ('"We will respond," the minister told Iran\'s Press TV.', "We will respond", "the minister", "Press TV"),
    ('"We will respond," he told a news conference in Riyadh, the kingdom\'s official news agency reported.',
     "We will respond", "he", "the kingdom's official news agency"),
    ('"We will respond," the minister said, as reported by the Times of Israel.', "We will respond",
     "the minister", "the Times of Israel"),
    ('"We will respond," the minister said in a statement released through the state news agency.',
     "We will respond", "the minister", "state news agency"),
    ('"We will respond," the minister told state-run television.', "We will respond", "the minister",
     "state-run television"),
    ('"We will respond," the minister told the Russian daily Kommersant.', "We will respond", "the minister",
     "Kommersant"),
    ('"We will respond," the minister told Russia\'s Kommersant daily.', "We will respond", "the minister",
     "Kommersant"),
    ('"We will respond," the minister told the Italian daily Corriere della Sera.', "We will respond",
     "the minister", "Corriere della Sera"),
    ('"We will respond," the minister told the pan-Arab daily Asharq Al-Awsat.', "We will respond",
     "the minister", "Asharq Al-Awsat"),
    ('"We will respond," the minister said on CBS\'s "Face the Nation."', "We will respond", "the minister", "CBS"),
    # A name NER took for a person that the page shows is an outlet.
    ('"There will be no talks," the minister told Haaretz. The Haaretz daily said the vote was close.',
     "There will be no talks", "the minister", "Haaretz"),
]


@pytest.mark.parametrize("text, fragment, mention, relay", RELAY_CASES)
def test_the_speaker_keeps_the_words_and_the_outlet_relays(nlp, text, fragment, mention, relay):
    claims = [c for c in extract_claims(nlp(text)) if fragment in c.claim_text]
    assert claims, f"no claim holds {fragment!r}"
    assert (claims[0].speaker_mention, claims[0].relay) == (mention, relay)


def test_the_goal_of_an_object_is_no_addressee(nlp):
    claims = extract_claims(nlp("A passionate defender of RT America, Mr. Schultz likened RT to the BBC, which receives some government funding, "
                                "in an interview with The Washington Post last week."))
    assert [c.relay for c in claims] == ["The Washington Post"]


def test_according_to_an_outlet_alone_makes_it_the_speaker_not_a_relay(nlp):
    claims = extract_claims(nlp("According to Reuters, the talks will resume in March."))
    assert [(c.speaker_mention, c.relay) for c in claims] == [("Reuters", None)]


@pytest.mark.parametrize("text", [
    '"There will be no talks," the president told parliament on Sunday.',
    "The president told the UN Security Council that there would be no talks.",
    '"There will be no talks," the president told a news conference.',
    "The minister told the Senate Foreign Relations Committee that the sanctions would stay.",
])
def test_a_body_one_speaks_to_is_no_relay(nlp, text):
    assert [c.relay for c in extract_claims(nlp(text))] == [None]
