"""Word-class and side features (pipeline/enrich/features.py, pipeline/data/label_cues.yaml),
the training statements' files, and phrasings the training statements never hold."""
import json
import re
from importlib import resources

import pytest

from pipeline.enrich.classifier import load_labeller
from pipeline.enrich.features import class_features, parse_features
from pipeline.enrich.page_statements import PAGES
from pipeline.extract.model import load_nlp
from pipeline.settings import DEFAULT_MODEL

LABELS = {
    "topic": {"nuclear", "enrichment", "missiles", "sanctions", "trade", "territory", "military_action",
              "regional_allies", "talks", None},
    "stance": {"non_negotiable", "willing", "conditional", "threat", "demand", None},
}


@pytest.fixture(scope="module")
def nlp():
    return load_nlp(DEFAULT_MODEL)


def test_a_word_and_its_inflections_share_a_class():
    # "bargaining" was never a listed form: its stem finds the class of "bargain"
    assert "negc:negotiate" in class_features(["neg:bargain"])
    assert "negc:negotiate" in class_features(["neg:negotiat"])  # "will not negotiate"
    assert "negc:negotiate" in class_features(["neg:negoti"])  # "no negotiations"
    assert "modc:demand_halt" in class_features(["modv:must_freez"])
    assert class_features(["neg:banana", "cue:say"]) == []  # no class, or a prefix not listed


def test_the_side_that_carries_a_conditional_harm(nlp):
    threat = parse_features(nlp("If they attack our ships, we will retaliate."))
    offer = parse_features(nlp("If we are attacked, they will pay a price."))
    assert "mainv:first_retaliat" in threat and "mainvc:first_harm" in class_features(threat)
    assert "condsides:other_first" in threat
    assert any(f.startswith("mainv:other_") for f in offer)


def test_who_a_negation_and_a_modal_are_about(nlp):
    refusal = parse_features(nlp("We will not bargain over our missiles."))
    demand = parse_features(nlp("Tehran must halt enrichment now."))
    assert "negsubj:first_bargain" in refusal
    assert "negsubjc:first_negotiate" in class_features(refusal)
    assert "modsubj:other_must" in demand


def test_readiness_and_openness_reach_their_object(nlp):
    features = parse_features(nlp("We are open to talks with our neighbours."))
    assert "pobj:open_talk" in features
    assert "pobjc:ready_negotiate" in class_features(features)


def test_the_speakers_side_in_the_third_person_of_a_reported_clause(nlp):
    reported = parse_features(nlp("Beijing said it would fight back with duties of its own."))
    other = parse_features(nlp("Beijing said Washington would regret the duties."))
    assert "modsubj:self_would" in reported
    assert "modsubj:other_would" in other and not any(":self_" in f for f in other)
    assert "modsubj:other_would" in parse_features(nlp("It would be a long winter."))  # not reported


def test_a_bare_verb_opening_its_clause_is_an_imperative(nlp):
    assert "impv:stop" in parse_features(nlp("Stop the shelling and free the prisoners, the minister said."))
    assert "imperative" in parse_features(nlp('"Either fix it or cancel it," the prime minister said.'))
    assert "imperative" not in parse_features(nlp("We will stop the shelling."))
    assert "imperative" not in parse_features(nlp("The army said it wanted to stop the shelling."))


def test_willing_is_not_will_and_readiness_is_ready():
    from pipeline.enrich.features import stem

    assert stem("willing") == "willing" and stem("will") == "will"
    assert "sc:ready" in class_features(["s:willing", "s:readines"])
    assert "modc:ready_negotiate" not in class_features(["modv:will_talk"])  # the modal is no class


def _rows():
    folder = resources.files("pipeline.data.training")
    for name in sorted(f.name for f in folder.iterdir() if f.name.endswith(".jsonl")):
        for line in folder.joinpath(name).read_text("utf-8").splitlines():
            yield name, json.loads(line)


def test_training_statements_are_labelled_by_the_taxonomy_and_unique():
    rows = list(_rows())
    assert all(r["topic"] in LABELS["topic"] and r["stance"] in LABELS["stance"] and r["domain"] for _, r in rows)
    texts = [r["text"] for _, r in rows]
    assert len(set(texts)) == len(texts)
    assert not any(r["topic"] == "talks" and r["stance"] == "threat" for _, r in rows)


def test_the_readme_counts_each_file():
    readme = resources.files("pipeline.data.training").joinpath("README.md").read_text("utf-8")
    counts: dict[str, int] = {}
    for name, _ in _rows():
        counts[name] = counts.get(name, 0) + 1
    for name, n in counts.items():
        assert re.search(rf"\| `{name}` \| {n} \|", readme), name


def test_the_long_statements_are_as_long_as_news_claims():
    new = [r for name, r in _rows() if int(name[11:13]) >= 12]
    assert len(new) >= 2000
    assert sum(len(r["text"].split()) for r in new) / len(new) >= 20
    assert sum(r["topic"] is None for r in new) >= 500  # off the domain


@pytest.fixture(scope="module")
def labeller():
    return load_labeller()


# Phrasings held out of the training statements (none of them is a row there).
@pytest.mark.parametrize("text, cue, topic, stance", [
    ("Our ballistic arsenal will never be bargained away at any table, the general said", "said", "missiles", "non_negotiable"),
    ("the talks in Vienna had been fruitful and both delegations would meet again soon", "said", "talks", "willing"),
    pytest.param("if their warships come near our coast again, we will sink them", "warned", None, "threat",
                 marks=pytest.mark.xfail(strict=True, reason="known limit since the model of 2026-12-07: a threat "
                                         "led by its condition is 0.47 threat against 0.47 none, below the 0.55 "
                                         "threshold (the harm first, 'we will sink their warships if ...', is 0.91)")),
])
def test_held_out_phrasings_on_the_issues(labeller, text, cue, topic, stance):
    labels = labeller.label(text, cue, None)
    assert labels.stance == stance
    if topic:
        assert labels.topic == topic


@pytest.mark.parametrize("text", [
    # a known limit until the model of 2026-12-07 (the metaphor's stance gave 'nuclear' its topic)
    "The senator said the majority had gone nuclear on the judges and would regret it",
    "We had a long talk about our grandchildren and the old farm",
    pytest.param("The striker said the club's talks with him over a new deal were going well",
                 marks=pytest.mark.xfail(strict=True, reason="known limit: 'going well' (a willing rule) gives "
                                         "everyday talks a stance, and with it the rule topic")),
    "The candidate said she would fight for every job in the valley",
])
def test_held_out_phrasings_off_the_domain_get_no_topic(labeller, text):
    assert labeller.label(text, "said", None).topic is None


def test_training_statements_are_not_held_out_phrasings():
    texts = {r["text"].lower() for _, r in _rows()}
    for held in ("bargained away at any table", "talks in vienna had been fruitful", "we will sink them",
                 "gone nuclear on the judges", "our grandchildren and the old farm"):
        assert not any(held in t for t in texts)


@pytest.mark.slow
@pytest.mark.skipif(not PAGES.is_dir(), reason="the real pages' texts (data/realstatements/pages) are not rebuilt")
def test_the_trainer_reproduces_the_shipped_model():
    """python -m pipeline.enrich.train on the packaged files and the real pages gives the packaged
    model, byte for byte in content (a fixed solver, sorted features: no randomness)."""
    from pipeline.enrich.classifier import model_path_for
    from pipeline.enrich.train import train

    shipped = json.loads(model_path_for(None).read_text("utf-8"))
    assert json.loads(json.dumps(train(None, DEFAULT_MODEL))) == shipped
