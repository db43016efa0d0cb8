"""Scoring claim clusters against same-statement groups."""
from pipeline.evaluation.clusters import Group, load_annotation, score_pairs
from pipeline.evaluation.paths import eval_data


def test_pairwise_precision_and_recall():
    claims = [("we will never negotiate on missiles", "k1"), ("We will never negotiate on missiles.", "k1"),
              ("the missiles are not negotiable", None), ("talks could resume next week", "k1"),
              ("sanctions must go", None)]
    groups = [Group(["never negotiate on missiles", "missiles are not negotiable"]), Group(["a statement never made"])]
    score = score_pairs(claims, groups)
    # gold: 3 claims in one group -> 3 pairs; predicted: k1 x3 -> 3 pairs, one of them gold
    assert (score.gold, score.predicted, score.both) == (3, 3, 1)
    assert score.missing_keys == ["a statement never made"]
    figures = score.figures()
    assert (figures["precision"], figures["recall"]) == ("0.333", "0.333")


def test_the_annotation_is_short_key_phrases_of_read_documents():
    documents, groups = load_annotation(eval_data().annotations / "claim_clusters.yaml")
    assert documents["sample"] and documents["devcorpus"]
    assert all(len(g.keys) >= 2 for g in groups)
    assert all(len(k.split()) <= 12 for g in groups for k in g.keys)
