"""Statements the development corpus's tune half missed or cut short, written
anew (issue 16): what the parse-based extraction must find, word for word
(pipeline/extract/content.py, cues.yaml)."""
from __future__ import annotations

import pytest

from pipeline.extract.extractor import extract_claims

# (text, the one statement extracted from it)
FOUND = [
    # a clause a subordinator opens inside the statement is kept, "while" and all
    ("The envoy said that while the two sides were talking again there had been no breakthrough.",
     "while the two sides were talking again there had been no breakthrough"),
    ("The analyst explained that while new talks are not ruled out, the terms have changed since 2019.",
     "while new talks are not ruled out, the terms have changed since 2019"),
    # "called on X to do Y": whom it was asked of belongs to what was said
    ("The union called on the city council to reopen the library before the winter.",
     "the city council to reopen the library before the winter"),
    ("The senator called for the resignation of the harbour master.", "the resignation of the harbour master"),
    # "stated its readiness to ...": what was stated is the object
    ("The ministry stated its readiness to resume the talks in March.", "its readiness to resume the talks in March"),
    # welcoming, expressing, thanking, congratulating report their object (object_content_verbs)
    ("The minister welcomed the support of the donor countries for a new fund.",
     "the support of the donor countries for a new fund"),
    ("The union expressed its opposition to the new parking rules.", "its opposition to the new parking rules"),
    ("The mayor expressed his hope that the strike would end soon.", "the strike would end soon"),
    # whom they addressed is not what they said; what follows is (addressee_verbs)
    ("The coach thanked the fans for their patience and for their loyalty.", "for their patience and for their loyalty"),
    ("The premier congratulated the athletes on a record number of medals.", "on a record number of medals"),
    # a one-word object with what is held against it ("on" is a word, not YAML's true)
    ("The company accused Boeing of breaking the contract.", "Boeing of breaking the contract"),
    ("The company blamed the delays on the weather.", "the delays on the weather"),
    # a negated cue over an indirect question with quoted words: the words were said
    ("The officials did not say how the deal would be paid for apart from \u201cnew taxes on luxury goods.\u201d",
     "how the deal would be paid for apart from \u201cnew taxes on luxury goods.\u201d"),
    ("The harbour, as the mayor put it, is the town's front door.", "The harbour, as the mayor put it, is the town's front door"),
    # "made clear that ...": the parse makes the clause the subject of "clear"
    ("The minister made clear that the new rules would not apply to small farms.",
     "the new rules would not apply to small farms"),
    # "described as X the Y": the object after its "as"
    ("The minister agreed that the talks had been useful.", "the talks had been useful"),
    # a clause a preposition opens after the object goes on with it; the cue's channel does not
    ("The director welcomed the leadership of the host country in advancing the regional trade agenda.",
     "the leadership of the host country in advancing the regional trade agenda"),
    ("The envoy praised the work of the mediators in a speech announcing the new round of talks.",
     "the work of the mediators"),
    # a statement opening with a quotation that closes inside it keeps its opening mark
    ("The spokesman cautioned that \u201cthreats do not scare us\u201d and \u201cpressure\u201d would not work.",
     "\u201cthreats do not scare us\u201d and \u201cpressure\u201d would not work"),
    ("The ambassador described as \u201ca grave threat to the region\u201d the missile tests of the past year.",
     "as \u201ca grave threat to the region\u201d the missile tests of the past year"),
    # frames PolNeAR train annotates as attributions at least half the time (cues.yaml):
    # a verb's own preposition ("pointed to" 32/47, "commented on" 15/26) ...
    ("The governor pointed to the new bridge over the river as proof of progress.",
     "the new bridge over the river"),
    ("The coach commented on the poor state of the training pitch.", "the poor state of the training pitch"),
    ("The minister hinted at a change of course on fuel taxes.", "a change of course on fuel taxes"),
    # ... and the object of a verb that reports it ("recalled" 23/30, "repeated" 13/21)
    ("The veteran recalled the long winter of the siege in his speech.", "the long winter of the siege"),
    ("The mayor repeated her promise of free buses for pensioners.", "her promise of free buses for pensioners"),
    # a cue with an object of its own is no parenthetical cue: the later cue's clause is the statement
    ("When the mayor opened the new bridge, his critics denounced him, rushing to the radio to say that "
     "the bridge was far too expensive for the town.", "the bridge was far too expensive for the town"),
    # a statement reported inside another's does not replace it (dedupe keeps the outer one)
    ("The mayor says residents are right to be angry about the buses, but also hungry for what she calls "
     "\u201creal answers from the council.\u201d",
     "residents are right to be angry about the buses, but also hungry for what she calls "
     "\u201creal answers from the council.\u201d"),
]
# texts that report no words: an addressee alone, a negated cue over a bare question
NOTHING_SAID = [
    "He told reporters at the airport.",
    "The officials did not reveal what they had discussed.",
    "The interpreter put the names of the winners on the board.",
    "The envoy spoke for an hour, calling for \u201ccalm\u201d.",  # one quoted word is no statement
    "The festival is described as a celebration of the harvest.",  # the writer describing
    "Israel has not claimed responsibility for the attack on the port.",  # a negated object: not said
    "Iran and the United States agreed to exchange prisoners next month.",  # a deal made (joint_verbs)
]


@pytest.mark.parametrize(("text", "statement"), FOUND, ids=[f[1][:30] for f in FOUND])
def test_the_statement_is_found_whole(nlp, text, statement):
    assert [c.claim_text for c in extract_claims(nlp(text))] == [statement]


def test_a_line_of_linked_headlines_holds_no_statement(nlp):
    text = ("Also Read Mayor says the bridge will reopen in May Council votes to close the old road\n\n"
            "The mayor said the bridge would reopen in May.")
    assert [c.claim_text for c in extract_claims(nlp(text))] == ["the bridge would reopen in May"]


@pytest.mark.parametrize("text", NOTHING_SAID, ids=[t[:30] for t in NOTHING_SAID])
def test_no_words_reported_no_statement(nlp, text):
    assert extract_claims(nlp(text)) == []


def test_a_cue_without_its_own_subject_under_another_shares_its_speaker(nlp):
    """"said that ... and, when asked ..., replied that ...": the parse hangs "replied" as
    the first cue's clause, with no subject; its speaker is the first cue's."""
    doc = nlp("President Ilves said on Monday that the port would reopen and, when asked if the two ministers "
              "would meet, replied that the two leaders would discuss all issues.")
    said = {c.claim_text: c.speaker_mention for c in extract_claims(doc)}
    assert said.get("the two leaders would discuss all issues") == "President Ilves"


def test_a_quoted_paragraph_after_a_quotation_and_its_participle_takes_their_speaker(nlp):
    """"“A,” it said, adding that B." then a quoted paragraph: the last cue of the sentence
    before is the participle, which shares the quotation's speaker; the quotation goes on."""
    text = ("\u201cWe do not want a trade war,\u201d the ministry said, adding that it would hit back hard.\n\n"
            "\u201cWe will match the tariffs in scale and intensity.\u201d")
    said = {c.claim_text: c.speaker_mention for c in extract_claims(nlp(text))}
    assert said.get("We will match the tariffs in scale and intensity.") == "the ministry"
