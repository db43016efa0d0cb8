"""pipeline/data/people.yaml: one list of pronouns and one of titles, each word once."""
from __future__ import annotations

import yaml

from pipeline.datafiles import data_file
from pipeline.entities.speakers import clean_name
from pipeline.extract.lexicon import load_lexicon
from pipeline.extract.mentions import gender_words

TELLS = {"pronouns": {"male", "female", "person", "institution", "plural", "writer", "reader"},
         "titles": {"male", "female", "role", "kept"}}


class _NoDuplicateKeys(yaml.SafeLoader):
    """PyYAML keeps the last of two equal keys silently: here a repeated word is an error."""

    def construct_mapping(self, node, deep=False):
        keys = [self.construct_object(k, deep=deep) for k, _ in node.value]
        assert len(keys) == len(set(keys)), sorted({k for k in keys if keys.count(k) > 1})
        return super().construct_mapping(node, deep=deep)


def test_each_word_once_and_only_known_tells():
    data = yaml.load(data_file("people.yaml").read_text("utf-8"), Loader=_NoDuplicateKeys)
    for table, known in TELLS.items():
        for word, tells in data[table].items():
            assert word == word.lower() and set(tells) <= known, (table, word, tells)


def test_every_reader_takes_its_words_from_it():
    lex, genders = load_lexicon(), gender_words()
    assert {"he", "she", "we"} <= lex.person_pronouns and lex.institution_pronouns == {"it"}
    assert lex.role_words[0].count(" ") >= 1 and "ambassador" in lex.role_heads
    assert genders["pronouns"]["herself"] == "female" and genders["honorifics"]["mr."] == "male"
    assert clean_name("Iranian Foreign Minister Abbas Araghchi") == "Abbas Araghchi"
    assert clean_name("he") is None
    assert clean_name("Fellow Republicans") == "Fellow Republicans"  # kept


def test_a_name_as_written_drops_the_apposition_the_parse_hung_on_it(nlp):
    """A name the NER missed keeps only itself (campaign check 2026-12-06); a list is no apposition."""
    from pipeline.extract.mentions import written_name

    doc = nlp("Malkia Cyril, the executive director at the Center of Media Justice, told reporters.")
    assert written_name(doc[0:13]) == "Malkia Cyril"
    doc = nlp("Great Britain, Germany and France urged the other participants to stay.")
    assert written_name(doc[0:6]) == "Great Britain, Germany and France"
