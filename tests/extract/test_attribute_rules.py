"""The attribute ruler's look-up matches set what spaCy's own ruler sets."""
import pickle

import numpy as np
import pytest
import spacy
from spacy.attrs import DEP, ENT_IOB, ENT_TYPE, HEAD, LEMMA, MORPH, NORM, POS, TAG

from pipeline.extract.attribute_rules import LookupMatch, look_up_attribute_rules
from pipeline.settings import DEFAULT_MODEL

# the exceptions of en_core_web_sm's ruler: contractions, "gonna", "y'all", "c'mon",
# "let's", "ain't", "nothin'", existential "there is", auxiliaries, spaces, subordinators
TEXTS = [
    "I'm gonna go, y'all. C'mon, let's go! It ain't nothin' but we gotta. There is a cat; there're dogs.",
    "He gets what he got.  \n\n But I told you it is, and it's not. Whether he'd do it, I don't know.",
    "That is what they did. Do they have it? They have. You saw it and it saw you. If you will, tho.",
]
ATTRS = [TAG, POS, MORPH, LEMMA, DEP, HEAD, ENT_IOB, ENT_TYPE, NORM]


@pytest.fixture(scope="module")
def pipelines():
    spacys, looked_up = spacy.load(DEFAULT_MODEL), spacy.load(DEFAULT_MODEL)
    look_up_attribute_rules(looked_up)
    return spacys, looked_up


def test_same_matches_and_annotations(pipelines):
    spacys, looked_up = pipelines
    ruler = spacys.get_pipe("attribute_ruler")
    lookup = LookupMatch(ruler)
    for text in TEXTS:
        with spacys.select_pipes(disable=["attribute_ruler", "lemmatizer", "ner"]):
            parsed = spacys(text)
        assert lookup(parsed) == ruler.match(parsed)
        a, b = spacys(text), looked_up(text)
        assert np.array_equal(a.to_array(ATTRS), b.to_array(ATTRS))
        assert [str(t.morph) for t in a] == [str(t.morph) for t in b]


def test_most_rules_need_no_matcher(pipelines):
    """The rules of two tokens, NOT_IN and IS_SPACE tests are checked at the tokens their
    first token's TAG, LOWER or DEP points to; TEXTS open every such rule of the model's
    (but a non-space token tagged _SP) and every rule left to the Matcher."""
    spacys = pipelines[0]
    ruler = spacys.get_pipe("attribute_ruler")
    lookup = LookupMatch(ruler)
    assert len(lookup.rest) < 10 < len({i for rules in lookup.by_key.values() for i, *_ in rules})
    tested = {i for rules in lookup.by_key.values() for i, _key, tests in rules if tests is not None}
    left = {i for i in range(len(ruler.attrs)) if all(i != r[0] for rules in lookup.by_key.values() for r in rules)}
    with spacys.select_pipes(disable=["attribute_ruler", "lemmatizer", "ner"]):
        matched = {m[0] for text in TEXTS for m in ruler.match(spacys(text))}
    assert len(tested) > 5 and len(left - matched) == 0 and len(tested - matched) <= 1


def test_pipeline_pickles(pipelines):
    """spaCy's nlp.pipe(n_process=...) pickles the pipeline for its spawned workers."""
    looked_up = pickle.loads(pickle.dumps(pipelines[1]))
    assert isinstance(looked_up.get_pipe("attribute_ruler").match, LookupMatch)
    assert np.array_equal(looked_up(TEXTS[0]).to_array(ATTRS), pipelines[0](TEXTS[0]).to_array(ATTRS))


def test_same_annotations_on_the_sample_articles(pipelines):
    """Whole news articles (the bundled sample corpus), not only the ruler's exceptions."""
    from pathlib import Path

    spacys, looked_up = pipelines
    texts = [p.read_text("utf-8") for p in sorted((Path(__file__).parents[2] / "data" / "raw").glob("*.txt"))]
    assert texts
    for a, b in zip(spacys.pipe(texts), looked_up.pipe(texts), strict=True):
        assert np.array_equal(a.to_array(ATTRS), b.to_array(ATTRS))
        assert [str(t.morph) for t in a] == [str(t.morph) for t in b]
