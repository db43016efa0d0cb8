"""The extraction word lists, loaded once from ``pipeline/data/cues.yaml`` (and the
pronouns and role words of ``people.yaml``, the outlet and report nouns of ``kinds.yaml``)."""
from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cached_property, lru_cache

from pipeline.datafiles import load_data


@dataclass(frozen=True)
class Lexicon:
    speech_forms: dict[str, str]  # inflected form -> lemma
    thought_forms: dict[str, str]
    needs_particle: dict[str, frozenset[str]]
    object_content_verbs: frozenset[str]
    joint_verbs: frozenset[str]  # "Iran and the US agreed to ...": what parties do together
    addressee_verbs: frozenset[str]  # "told reporters": their object is whom they spoke to
    question_words: frozenset[str]  # "did not say whether ...": an indirect question
    object_preps: frozenset[str]
    framing_preps: frozenset[str]
    not_speaker_labels: frozenset[str]
    interviewer_labels: frozenset[str]  # "Q" of a transcript
    interviewee_labels: frozenset[str]  # "A"
    outlets: frozenset[str]  # news outlets and agencies (speaker kinds, relays)
    outlet_words: frozenset[str]  # the last word of an outlet's name: "Fox News"
    document_words: frozenset[str]  # "the statement said"
    outlet_heads: frozenset[str]  # outlet_words and kinds.yaml outlet_nouns: what heads "the Kyodo news agency", "state TV"
    report_heads: frozenset[str]  # kinds.yaml report_nouns and document_words: "a report by the Jerusalem Post"
    outlet_names: frozenset[str]  # outlets and outlet_words: a word of a name that makes it an outlet's
    framing_marks: frozenset[str]
    continuing_preps: frozenset[str]  # "said A, including B": B is still the statement
    prepositional_cues: tuple[tuple[str, ...], ...]
    channel_nouns: frozenset[str]
    setting_nouns: frozenset[str]  # "during a campaign stop": where the cue was spoken (with channel_nouns)
    setting_preps: frozenset[str]
    report_openers: frozenset[str]  # "... would make X. But it would also ...": the report going on
    backshift_auxiliaries: frozenset[str]
    second_cue_marks: frozenset[str]  # ", though she noted that ...": a second cue inside the statement
    topic_preps_of: dict[str, frozenset[str]]  # speech verb -> the prepositions whose object is what it was about
    attribution_dashes: str
    person_pronouns: frozenset[str]
    plural_pronouns: frozenset[str]
    institution_pronouns: frozenset[str]
    writer_pronouns: frozenset[str]  # "I" outside quotes: the writer, named nowhere
    reader_pronouns: frozenset[str]  # "you" outside quotes: the reader, no speaker
    non_speakers: frozenset[str]
    clause_prepositions: frozenset[str]  # "after the WTO ruled": the parse's object is the verb's subject
    unsaid_heads: frozenset[str]  # "declined to say", "has yet to explain": not said
    discourse_subjects: frozenset[str]  # "That said, ...": a discourse marker, no cue
    unsaid_prepositions: frozenset[str]  # "without saying": not said
    supposing_heads: frozenset[str]  # "Let's say ...": a supposition, no cue
    role_words: tuple[str, ...]  # longest first, so "foreign minister" beats "minister"
    role_heads: frozenset[str]  # last word of each role: what a description's head can be
    demonyms: dict[str, str]
    state_names: dict[str, str]  # "us" -> "United States": an abbreviated state as a speaker
    boilerplate: tuple[re.Pattern, ...]
    quote_stops: tuple[re.Pattern, ...]  # paragraphs a reopened quote does not carry on into
    limits: dict[str, int]

    @cached_property
    def roles_by_first_word(self) -> dict[str, list[list[str]]]:
        """Each role's words under its first word, in role_words' order (longest first)."""
        return by_first_word(role.split() for role in self.role_words)

    @cached_property
    def vehicle_nouns(self) -> frozenset[str]:
        """Documents and channels a speaker speaks through: "issued a statement calling ..."."""
        return self.document_words | self.channel_nouns

    @cached_property
    def cue_phrases_by_first_word(self) -> dict[str, list[list[str]]]:
        """The prepositional cues' words under their first word: most tokens open none."""
        return by_first_word(self.prepositional_cues)


def names_one(token_lower: str, words: frozenset[str]) -> bool:
    """The word, or its singular by a dropped "s", is one of ``words``: "tweets", "officials"."""
    return token_lower in words or token_lower.removesuffix("s") in words


def by_first_word(phrases: Iterable[Iterable[str]]) -> dict[str, list[list[str]]]:
    """Phrases (their words) grouped by their first word, each group in the phrases' order."""
    out: dict[str, list[list[str]]] = {}
    for phrase in phrases:
        words = list(phrase)
        out.setdefault(words[0], []).append(words)
    return out


def inflections(lemma: str) -> set[str]:
    """Regular English verb forms: stress -> stresses, stressed, stressing."""
    if lemma.endswith("e"):
        return {lemma, lemma + "s", lemma + "d", lemma[:-1] + "ing"}
    if lemma.endswith(("s", "sh", "ch", "x", "z")):
        return {lemma, lemma + "es", lemma + "ed", lemma + "ing"}
    if lemma.endswith("y") and lemma[-2:-1] not in "aeiou":
        return {lemma, lemma[:-1] + "ies", lemma[:-1] + "ied", lemma + "ing"}
    return {lemma, lemma + "s", lemma + "ed", lemma + "ing"}


def _form_table(lemmas: list[str], irregular: dict[str, list[str]]) -> dict[str, str]:
    table: dict[str, str] = {}
    for lemma in lemmas:
        forms = {lemma, *irregular[lemma]} if lemma in irregular else inflections(lemma)
        for form in forms:
            table.setdefault(form, lemma)
    return table


def topic_frames(topics: dict) -> dict[str, frozenset[str]]:
    """Verb -> the prepositions whose object is what it reports: the shared
    prepositions for every topic verb, and a verb's own ("commented on")."""
    frames = {verb: set(topics["prepositions"]) for verb in topics["verbs"]}
    for verb, preps in (topics.get("frames") or {}).items():
        frames.setdefault(verb, set()).update(preps)
    return {verb: frozenset(preps) for verb, preps in frames.items()}


def words_that(tell: str, words: dict[str, list[str]]) -> frozenset[str]:
    """The words of a people.yaml table (word -> what it tells) that tell ``tell``."""
    return frozenset(w.lower() for w, tells in words.items() if tell in tells)


@lru_cache(maxsize=1)
def load_lexicon(path: str | None = None) -> Lexicon:
    data = load_data("cues.yaml", path)
    irregular = data.get("irregular_forms") or {}
    people = load_data("people.yaml")
    roles = sorted(words_that("role", people["titles"]), key=lambda r: (-len(r), r))
    pronouns = people["pronouns"]
    kinds = load_data("kinds.yaml")
    return Lexicon(
        speech_forms=_form_table(data["speech_verbs"], irregular),
        thought_forms=_form_table(data["thought_verbs"], irregular),
        needs_particle={k: frozenset(v) for k, v in (data.get("needs_particle") or {}).items()},
        object_content_verbs=frozenset(data["object_content_verbs"]),
        addressee_verbs=frozenset(data["addressee_verbs"]),
        joint_verbs=frozenset(data["joint_verbs"]),
        question_words=frozenset(data["question_words"]),
        object_preps=frozenset(data["object_prepositions"]),
        not_speaker_labels=frozenset(data["not_speaker_labels"]),
        interviewer_labels=frozenset(data["transcript_labels"]["interviewer"]),
        interviewee_labels=frozenset(data["transcript_labels"]["interviewee"]),
        outlets=frozenset(data["outlets"]),
        outlet_words=frozenset(data["outlet_words"]),
        document_words=frozenset(data["document_words"]),
        outlet_heads=frozenset(data["outlet_words"]) | frozenset(kinds["outlet_nouns"]),
        report_heads=frozenset(kinds["report_nouns"]) | frozenset(data["document_words"]),
        outlet_names=frozenset(data["outlets"]) | frozenset(data["outlet_words"]),
        framing_preps=frozenset(data["framing"]["prepositions"]),
        framing_marks=frozenset(data["framing"]["comma_clause_marks"]),
        continuing_preps=frozenset(data["continuing_prepositions"]),
        prepositional_cues=tuple(tuple(p) for p in data["prepositional_cues"]),
        channel_nouns=frozenset(data["channel_nouns"]),
        setting_nouns=frozenset(data["setting_nouns"]) | frozenset(data["channel_nouns"]),
        setting_preps=frozenset(data["setting_prepositions"]),
        report_openers=frozenset(data["continued_report"]["openers"]),
        backshift_auxiliaries=frozenset(data["continued_report"]["backshift_auxiliaries"]),
        second_cue_marks=frozenset(data["second_cue_marks"]),
        topic_preps_of=topic_frames(data["topics"]),
        attribution_dashes="".join(data["attribution_dashes"]),
        person_pronouns=words_that("person", pronouns),
        plural_pronouns=words_that("plural", pronouns),
        institution_pronouns=words_that("institution", pronouns),
        writer_pronouns=words_that("writer", pronouns),
        reader_pronouns=words_that("reader", pronouns),
        non_speakers=frozenset(data["non_speakers"]),
        clause_prepositions=frozenset(data["clause_prepositions"]),
        unsaid_heads=frozenset(data["unsaid_heads"]),
        discourse_subjects=frozenset(data["discourse_subjects"]),
        unsaid_prepositions=frozenset(data["unsaid_prepositions"]),
        supposing_heads=frozenset(data["supposing_heads"]),
        role_words=tuple(roles),
        role_heads=frozenset(r.split()[-1] for r in roles),
        demonyms={k.lower(): v for k, v in data["demonyms"].items()},
        state_names={k.lower(): v for k, v in data["state_names"].items()},
        boilerplate=tuple(re.compile(p, re.I) for p in data["boilerplate_patterns"]),
        quote_stops=tuple(re.compile(p) for p in data["quote_stops"]),
        limits=dict(data["limits"]),
    )
