"""The claim's context as the classifier's input (pipeline/enrich/features.py, classifier.py):
the sentence before it and what the other claims of its document are about, absent as a value."""
import json

import pytest

from pipeline.enrich.classifier import (
    DOCUMENT_ABSENT,
    DOCUMENT_NONE,
    Head,
    Labeller,
    document_features,
    feature_values,
    own_features,
)
from pipeline.enrich.features import NO_CONTEXT, context_features, preceding_sentence, span_parse_features
from pipeline.extract.model import load_nlp
from pipeline.settings import DEFAULT_MODEL


def test_the_sentence_before_is_the_last_one_of_the_text_before():
    before = "Talks on the nuclear deal resumed in Vienna. The envoy said:\n\n"
    assert preceding_sentence(before) == "The envoy said:"
    assert preceding_sentence("He arrived on Monday.” Then ") == "Then"
    assert preceding_sentence("") == "" and preceding_sentence("\n\n  ") == ""


def test_context_features_are_the_stems_of_the_sentence_before_or_absent():
    features = context_features("Iran and Europe met. The agreement on the programme was signed in Vienna.")
    assert "p:agreement" in features and "p:programm" in features
    assert "p:the" not in features and "p:iran" not in features  # words of 4+ letters only, that sentence only
    assert len(features) == len(set(features))
    assert context_features("") == [NO_CONTEXT]


@pytest.fixture(scope="module")
def nlp():
    return load_nlp(DEFAULT_MODEL)


def test_a_claim_reads_the_sentence_before_it_in_its_document(nlp):
    doc = nlp("The nuclear agreement is in danger. Rouhani said Europe would have two months.")
    start = doc.text.index("Rouhani")
    assert "p:agreement" in span_parse_features(doc, start, len(doc.text))
    assert NO_CONTEXT in span_parse_features(doc, 0, start - 1)
    # a passage parsed alone (a real page's statement in training) reads its page's text before it
    alone = nlp("Rouhani said Europe would have two months.")
    features = span_parse_features(alone, 0, len(alone.text), before="Text.\n\nThe nuclear agreement is in danger. ")
    assert "p:agreement" in features and "p:text" not in features


def test_document_features_say_what_the_other_claims_are_about():
    claims = [{"talks": 0.8, "none": 0.2}, {"talks": 0.65, "none": 0.35}, {"talks": 0.0, "none": 1.0}]
    features = document_features(claims, (0.15, 0.3, 0.5))
    assert features[2] == ["d:talks_1", "d:talks_2", "d:talks_3"]  # mean 0.725 of the others
    assert features[0] == ["d:talks_1", "d:talks_2"]  # 0.325: never its own evidence
    assert document_features([{"talks": 0.1, "none": 0.9}] * 2, (0.15,)) == [[DOCUMENT_NONE]] * 2
    assert document_features([{"talks": 1.0}], (0.15,)) == [[DOCUMENT_ABSENT]]
    assert document_features([], (0.15,)) == []


def test_context_features_weigh_a_share_of_a_claims_own():
    values = feature_values(["w:a", "w:b", "w:c", "w:d", "p:x", "d:talks_1"], 0.5, {"p:": 0.5, "d:": 0})
    assert values == {"w:a": 0.5, "w:b": 0.5, "w:c": 0.5, "w:d": 0.5, "p:x": 0.25}  # own four counted; d: left out
    # a head without scales (a model of before the context) reads a claim as it did before
    assert feature_values(["w:a", "w:b", "p:x", "d:none"], 0.5) == {"w:a": 2 ** -0.5, "w:b": 2 ** -0.5}
    assert own_features(["w:a", "p:x", "d:talks_1"]) == ["w:a", "d:talks_1"]


def test_a_head_with_context_scales_reads_them():
    head = Head(("none", "talks"), (0.0, 0.0), {"p:agreement": [0.0, 2.0]}, 0.5, {"p:": 0.5})
    p = head.probabilities(["w:it", "p:agreement"], {"talks"})
    assert p["talks"] == pytest.approx(1 / (1 + 2.718281828459045 ** -1.0))


def test_a_model_of_before_the_context_still_labels(tmp_path):
    """A model file without the claim-topic head labels documents without document features."""
    from pipeline.enrich.classifier import model_path_for
    from pipeline.enrich.taxonomy import taxonomy_file

    taxonomy = tmp_path / "taxonomy.yaml"
    taxonomy.write_text(taxonomy_file(None).read_text("utf-8"), "utf-8")
    model = json.loads(model_path_for(None).read_text("utf-8"))
    for key in ("claim_topic", "document_levels"):
        model.pop(key, None)
    (tmp_path / "taxonomy.model.json").write_text(json.dumps(model), "utf-8")
    labeller = Labeller(taxonomy)
    assert labeller.document_levels == ()
    labels = labeller.label_document([("We will never give up our missiles", "said", None)] * 2)
    assert [lab.topic for lab in labels] == ["missiles", "missiles"]
