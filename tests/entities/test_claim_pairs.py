"""The claim-pair classifier, its annotated pairs and their reader: PolNeAR train's
attributions as claims, weighted pairwise figures, and decisions of the shipped model."""
from datetime import date

import pytest
import yaml

from pipeline.enrich.taxonomy import load_taxonomy
from pipeline.entities.clusters import claim_stems, wording_key
from pipeline.entities.pairs import FEATURES, PairSide, load_pair_model, pair_features, quoted_phrases
from pipeline.entities.similarity import load_model
from pipeline.evaluation.clusters import WeightedPairs, load_pairs, pair_weights
from pipeline.evaluation.paths import eval_data
from pipeline.evaluation.polnear_claims import polnear_claims, speaker_key, split_of

ANN = """T1\tSource 0 5\tTrump
T2\tCue 6 10\tsaid
T3\tContent 11 40\t"We will build a great wall"
T4\tAttribution 6 10\tsaid
E1\tAttribution:T4 Content:T3 Cue:T2 Source:T1
T5\tSource 50 52\the
T6\tCue 53 58\tadded
T7\tContent 59 80\tthat Mexico would pay
T8\tAttribution 53 58\tadded
E2\tAttribution:T8 Content:T7 Cue:T6 Source:T5
"""


def test_polnear_attributions_become_claims_one_file_per_article(tmp_path):
    (tmp_path / "nyt_2016-07-01_wall-speech_4e07.ann").write_text(ANN, encoding="utf-8")
    (tmp_path / "nyt_2016-07-01_wall-speech_d473.ann").write_text(ANN, encoding="utf-8")  # a second annotator
    claims = polnear_claims(tmp_path)
    assert claims["claim_id"].tolist() == ["nyt_2016-07-01_wall-speech_4e07:11", "nyt_2016-07-01_wall-speech_4e07:59"]
    assert claims["speaker_id"].tolist() == ["trump", None] and claims["kind"].tolist() == ["direct", "indirect"]
    assert set(claims["outlet"]) == {"nyt"} and set(claims["statement_date"]) == {date(2016, 7, 1)}
    assert split_of(date(2016, 7, 1)) == "held_out" and split_of(date(2016, 5, 31)) == "tune"


@pytest.mark.parametrize("source, key", [("Hillary Clinton", "clinton"), ("Mr. Trump", "trump"),
                                         ("Donald J. Trump", "trump"), ("he", None),
                                         ("the Republican nominee", None), ("A CNN poll", None)])
def test_only_a_bare_name_is_a_speaker(source, key):
    assert speaker_key(source) == key


def test_figures_are_weighted_back_to_each_stratum():
    population = {"tune": {0: 100, 4: 10}}
    pairs = [{"split": "tune", "stratum": 0, "same": False}, {"split": "tune", "stratum": 0, "same": True},
             {"split": "tune", "stratum": 4, "same": True}, {"split": "tune", "stratum": 4, "same": True}]
    weights = pair_weights(population, pairs)
    assert weights == [50.0, 50.0, 5.0, 5.0]
    score = WeightedPairs()
    for pair, weight, predicted in zip(pairs, weights, [True, False, True, True], strict=True):
        score.add(weight, pair["same"], predicted)
    figures = score.figures()
    # unweighted: 2 of 3 predicted right, 2 of 3 same found; weighted, the miss and the slip of
    # stratum 0 stand for 50 pairs each
    assert (figures["precision"], figures["recall"]) == ("0.667", "0.667")
    assert (figures["weighted_precision"], figures["weighted_recall"]) == ("0.167", "0.167")


def test_the_pair_annotation_is_short_keys_split_by_date():
    path = eval_data().annotations / "claim_pairs_polnear.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    population, decided = load_pairs(path)
    assert len(data["pairs"]) >= 600 and sum(p["same"] for p in decided) >= 150
    for pair in data["pairs"]:
        assert len(pair["key_a"].split()) <= 8 and len(pair["key_b"].split()) <= 8
        days = {date.fromisoformat(pair[side].split("_")[1]) for side in ("a", "b")}
        assert {split_of(d) for d in days} == {pair["split"]}
        assert pair["stratum"] in population[pair["split"]]


def _side(text, speaker=None, document=None, day=None, kind=None, rank=0):
    stems = claim_stems(text, load_taxonomy())
    return PairSide.of(text, wording_key(text), stems, load_model(), speaker, document, day, kind, rank)


def test_the_shipped_classifier_joins_a_quote_repeated_not_two_statements_alike():
    model = load_pair_model()
    assert model.features == FEATURES and 0.5 <= model.threshold < 1
    quote = "Russia, if you're listening, I hope you're able to find the 30,000 emails that are missing"
    repeated = pair_features(_side(quote, "donald-trump", "d1", date(2016, 7, 27), "direct"),
                             _side(f"“{quote}.”", None, "d2", date(2016, 9, 30), "direct"))
    assert model.same(repeated)
    # two speakers' different statements on one issue, a day apart, are not one statement
    other = pair_features(_side("Our missile systems are a red line", "ali-shamkhani", "d1", date(2019, 7, 17)),
                          _side("The talk about negotiating missile powers is a betrayal", "yadollah-javani", "d2",
                                date(2019, 7, 18)))
    assert not model.same(other)



def _features(a: PairSide, b: PairSide) -> dict[str, float]:
    return dict(zip(FEATURES, pair_features(a, b), strict=True))


def test_a_phrase_quoted_in_a_report_is_found_in_the_quote_it_renders():
    # quotation marks of any kind; a single mark only at a word's edge, never an apostrophe
    assert quoted_phrases("the country’s missiles were a “red line” and non-negotiable") == {"red line"}
    assert quoted_phrases("the Muscat talks as a 'good beginning,' and ''a neutral guy''") == {"good beginning",
                                                                                                "a neutral guy"}
    assert quoted_phrases("Iran’s plan is “unacceptable” and Trump's too") == frozenset()  # one word: no phrase
    report = _side("the country’s missiles were a “red line” and non-negotiable")
    found = _features(report, _side("Our missile systems are a red line and not up for negotiation"))
    missing = _features(report, _side("Our missile systems are not up for negotiation"))
    assert found["quoted_found"] > missing["quoted_found"] == 0.0


def test_a_blank_speaker_in_one_article_is_a_feature_of_its_own():
    day, quote, report = date(2019, 7, 17), "Iran has exceeded the uranium level", "Tehran increased its enrichment"
    blank = _features(_side(quote, None, "d1", day), _side(report, "kamalvandi", "d1", day))
    known = _features(_side(quote, "kamalvandi", "d1", day), _side(report, "kamalvandi", "d1", day))
    apart = _features(_side(quote, None, "d1", day), _side(report, "kamalvandi", "d2", day))
    assert blank["unknown_speaker_same_document"] == 1.0
    assert known["unknown_speaker_same_document"] == apart["unknown_speaker_same_document"] == 0.0
