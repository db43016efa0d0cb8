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


def test_the_real_pipeline_scores_tuning_and_held_out_documents_apart(tmp_path):
    from pipeline.evaluation.clusters import evaluate_clusters
    from pipeline.settings import DEFAULT_MODEL

    data = eval_data()
    annotation = tmp_path / "clusters.yaml"
    annotation.write_text("""
documents:
  sample: [003_78bcf00cac5075d9.txt, 001_4621c625cc4c6eff.txt]
  devcorpus: [a-page-not-rebuilt]
held_out:
  sample: [001_4621c625cc4c6eff.txt]
groups:
  - in: [003_78bcf00cac5075d9.txt]
    keys: ["Iran’s missiles… are absolutely", "Iran’s missile powers… are absolutely"]
  - in: [003_78bcf00cac5075d9.txt]
    keys: ["Zarif’s statements “were misinterpreted", "Zarif’s answer was wrongly interpreted"]
  - in: [001_4621c625cc4c6eff.txt]
    held_out: true
    keys: ["the country’s missiles were a “red line”", "Our missile systems are a red line"]
  - in: [001_4621c625cc4c6eff.txt]
    held_out: true
    keys: ["Baghdad opposed the use of force", "we oppose any use of force against Iran"]
  - in: [a-page-not-rebuilt]
    held_out: true
    keys: ["a statement on a page that is absent", "and its quote"]
""", encoding="utf-8")
    figures = evaluate_clusters(annotation, data.raw, data.devcorpus, tmp_path / "no-pages", DEFAULT_MODEL)
    assert (figures["documents"], figures["pages_absent"], figures["groups_left_out"]) == (2, 1, 1)
    # two renderings of one quote found, nothing else joined; the Zarif report and quote share too
    # little for the pair classifier and are missed, as is one of the two held-out report-and-quote pairs
    assert (figures["tune_pairs_gold"], figures["tune_pairs_right"], figures["tune_precision"]) == (2, 1, "1.000")
    assert figures["held_out_pairs_gold"] == 2 and figures["held_out_pairs_right"] >= 1
    assert float(figures["held_out_precision"]) >= 0.95 and figures["held_out_documents_present"] == 1


def test_polnear_pairs_are_scored_by_clustering_each_side(tmp_path):
    from pipeline.evaluation.clusters import evaluate_polnear_pairs

    quote = "I hope you are able to find the thirty thousand emails that are missing"
    ann = (f"T1\tSource 0 5\tTrump\nT2\tCue 6 10\tsaid\nT3\tContent 11 90\t“{quote}”\n"
           "E1\tContent:T3 Cue:T2 Source:T1\n"
           "T4\tSource 100 105\tPence\nT5\tCue 106 110\tsaid\nT6\tContent 111 160\tthe campaign would visit Ohio next week\n"
           "E2\tContent:T6 Cue:T5 Source:T4\n")
    attributions = tmp_path / "train" / "attributions"
    attributions.mkdir(parents=True)
    for name in ("nyt_2016-07-27_russia_aaaa", "wash-post_2016-07-28_emails_bbbb"):
        (attributions / f"{name}.ann").write_text(ann, encoding="utf-8")
    annotation = tmp_path / "pairs.yaml"
    annotation.write_text("""
population: {held_out: {4: 10, 0: 100}}
pairs:
  - {a: "nyt_2016-07-27_russia_aaaa:11", b: "wash-post_2016-07-28_emails_bbbb:11", same: true, split: held_out, stratum: 4}
  - {a: "nyt_2016-07-27_russia_aaaa:111", b: "wash-post_2016-07-28_emails_bbbb:11", same: false, split: held_out, stratum: 0}
  - {a: "nyt_2016-07-27_russia_aaaa:11", b: "nyt_2016-07-27_russia_aaaa:111", same: null, split: held_out, stratum: 0}
""", encoding="utf-8")
    figures = evaluate_polnear_pairs(annotation, tmp_path)
    # the quote in two outlets is one cluster; the campaign's plan is no part of it; the undecided pair is left out
    assert (figures["held_out_pairs_annotated"], figures["held_out_pairs_right"]) == (2, 1)
    assert (figures["held_out_precision"], figures["held_out_recall"]) == ("1.000", "1.000")
    assert figures["tune_pairs_annotated"] == 0
