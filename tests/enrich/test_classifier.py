"""The topic and stance classifier: labels, abstention, confidences, training."""
from dataclasses import replace
from pathlib import Path

import pytest
import yaml

from pipeline.enrich.classifier import Labeller, load_labeller, model_path_for
from pipeline.enrich.taxonomy import default_taxonomy_path
from pipeline.enrich.train import Statement, train, training_statements, write_model
from pipeline.settings import DEFAULT_MODEL


@pytest.fixture(scope="module")
def labeller() -> Labeller:
    return load_labeller()


@pytest.mark.parametrize("text, cue, topic, stance", [
    ("Our missile programme will never be negotiated with anyone", "said", "missiles", "non_negotiable"),
    ("North Korea must abandon its nuclear weapons programme", "said", "nuclear", "demand"),
    ("Beijing is ready to resume trade negotiations with Washington", "said", None, "willing"),
    ("any attack on our territory would be met with a crushing response", "warned", "military_action", "threat"),
])
def test_statements_across_countries(labeller, text, cue, topic, stance):
    labels = labeller.label(text, cue, None)
    assert labels.stance == stance
    if topic:
        assert labels.topic == topic
    else:  # trade talks: `talks` or `trade`, both defined as right for talks on trade
        assert labels.topic in ("talks", "trade")
    assert 0 < labels.topic_confidence <= 1 and 0 < labels.stance_confidence <= 1


@pytest.mark.parametrize("text", [
    "The senator said his opponent's attacks on his character were a disgrace",
    "The coach said the team had played with real passion in the second half",
    "The candidate said she would win the state by a comfortable margin in November",
])
def test_off_domain_statements_get_no_topic(labeller, text):
    labels = labeller.label(text, "said", None)
    assert labels.topic is None and labels.topic_confidence is None


def test_a_condition_is_kept_only_for_a_conditional_stance(labeller):
    labels = labeller.label("we are ready to negotiate if they lift the sanctions", "said", None)
    assert labels.stance == "conditional" and labels.condition.startswith("if they lift")
    assert labeller.label("we will retaliate if they strike", "warned", None).condition is None


TALKS_PAGE = [  # one article's claims on ceasefire talks
    ("we are ready to resume the negotiations with Washington next week", "said", None),
    ("the talks on the ceasefire had been constructive and would continue on Monday", "said", None),
    ("the mediators had put forward a new proposal for a ceasefire", "said", None),
]
ON_SANCTIONS = ("the negotiations on sanctions relief had stalled again", "said", None)


def test_the_article_is_a_prior_on_its_claims_topics(labeller):
    """Talks that name an issue, in a page on the talks, are about the talks."""
    assert labeller.label(*ON_SANCTIONS).topic == "sanctions"  # alone: the issue it names
    labels = labeller.label_document(TALKS_PAGE + [ON_SANCTIONS])
    assert labels[-1].topic == "talks"
    assert labeller.document_prior.min_probability <= labels[-1].topic_confidence <= 1
    without = Labeller()
    without.document_prior = replace(without.document_prior, weight=0.0)
    assert without.label_document(TALKS_PAGE + [ON_SANCTIONS])[-1].topic == "sanctions"  # the prior moved it


def test_the_article_topic_counts_claims_by_their_probabilities():
    """Probabilities summed, not labels counted: one claim crossing the topic threshold
    does not give or take the topic of the whole page."""
    from pipeline.enrich.classifier import DocumentTopic, Labels

    empty = Labels(None, None, None, None, None)
    cut = DocumentTopic(min_claims=2, min_share=0.25, min_probability=0.05)
    near = [{"talks": 0.49, "none": 0.51}, {"talks": 0.68, "none": 0.32}] + [{"talks": 0.3, "none": 0.7}] * 4
    labels = [empty, replace(empty, topic="talks", topic_confidence=0.68)] + [empty] * 4
    assert [lab.topic for lab in cut.apply(near, labels)] == ["talks"] * 6  # 2.37 expected claims on talks
    spread = [{"talks": 0.05, "none": 0.95}] * 30 + [{"talks": 0.9, "none": 0.1}]
    assert [lab.topic for lab in cut.apply(spread, [empty] * 31)] == [None] * 31  # a share of 0.08


def test_the_stance_head_dilutes_a_long_claim_less_than_the_topic_head(labeller):
    assert labeller.heads["stance"].norm_power < labeller.heads["topic"].norm_power == 0.5


def test_the_prior_moves_nothing_in_an_article_off_the_domain(labeller):
    campaign = [
        ("the senator said his rival's attacks on his record were a sign of desperation", "said", None),
        ("she would win the state by a comfortable margin in November", "said", None),
        ("the debate had been a turning point and the momentum was on their side", "said", None),
        ("we have managed to agree on the main issues of the convention schedule", "said", None),
    ]
    assert all(lab.topic is None for lab in labeller.label_document(campaign))


def test_the_packaged_model_belongs_to_the_packaged_taxonomy(labeller):
    assert labeller.model_path == model_path_for(default_taxonomy_path())
    assert not labeller.stale, "retrain: python -m pipeline.enrich.train"


def _user_taxonomy(tmp_path: Path) -> Path:
    """The packaged taxonomy with a new topic, `water`, defined by examples only."""
    data = yaml.safe_load(default_taxonomy_path().read_text("utf-8"))
    data["topics"].insert(0, {"name": "water", "terms": ["dam", "river"]})
    data["examples"] += [
        {"text": f"The minister said the {thing} would not be shared with the upstream neighbour.",
         "topic": "water", "stance": "non_negotiable"} for thing in ("river water", "dam's reservoir", "water flow")
    ] + [{"text": f"We are ready to negotiate a deal on the {thing} with our neighbours.", "topic": "water",
          "stance": "willing"} for thing in ("river", "dam", "water quotas")]
    path = tmp_path / "water.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), "utf-8")
    return path


def test_training_is_reproducible_and_learns_a_users_topic(tmp_path):
    taxonomy = _user_taxonomy(tmp_path)
    some = [s for i, s in enumerate(training_statements()) if i % 10 == 0]  # a tenth: a fast test
    first = train(taxonomy, DEFAULT_MODEL, some)
    assert first == train(taxonomy, DEFAULT_MODEL, some)
    assert "water" in first["topic"]["classes"]
    write_model(first, model_path_for(taxonomy))
    labeller = Labeller(taxonomy)
    assert not labeller.stale
    assert labeller.label("the river water would never be shared with the upstream neighbour", "said", None
                          ).topic == "water"


def test_a_taxonomy_without_its_model_says_how_to_train_one(tmp_path):
    path = tmp_path / "mine.yaml"
    path.write_text(default_taxonomy_path().read_text("utf-8"), "utf-8")
    with pytest.raises(FileNotFoundError, match="python -m pipeline.enrich.train --taxonomy"):
        Labeller(path)


def test_training_statements_use_the_annotation_labels():
    rows = training_statements()
    assert len(rows) >= 3000
    assert {r.topic for r in rows} >= {"trade", "territory", "talks", None}
    assert all(isinstance(r, Statement) for r in rows)


def test_the_settings_check_names_the_train_command_for_a_taxonomy_without_a_model(tmp_path):
    from pipeline.settings import Settings, SettingsError, check

    path = tmp_path / "mine.yaml"
    path.write_text(default_taxonomy_path().read_text("utf-8"), "utf-8")
    with pytest.raises(SettingsError, match="pipeline.enrich.train"):
        check(Settings(raw_dir=str(tmp_path), taxonomy=str(path)))
