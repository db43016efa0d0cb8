"""Claim clusters: the same statement made again (same wording, or one actor's
paraphrase close in time), and positions (topic and stance) kept apart from them."""
import random
from datetime import date

import pandas as pd

from pipeline.enrich.taxonomy import classify_claim, load_taxonomy
from pipeline.entities.clusters import claim_stems, cluster_claims, normalise, same_wording, wording_key
from pipeline.entities.pairs import PairSide, load_pair_model, pair_features
from pipeline.entities.similarity import load_model
from pipeline.warehouse import validate_rows

# "Missiles are non-negotiable", from six officials over seven years (sample corpus):
# one position, seven different statements.
MISSILES = [
    ("Our defence system is a red line, and we have repeatedly said that we will not negotiate on it.",
     "mahmoud-vaezi", "Middle East Monitor", date(2019, 7, 17)),
    ("Iran’s missiles… are absolutely and under no condition non-negotiable with anyone or any country.",
     "alireza-miryousefi", "Middle East Monitor", date(2019, 7, 18)),
    ("The talk about negotiating missile powers to solve people’s living problems are a betrayal",
     "yadollah-javani", "Middle East Monitor", date(2019, 7, 18)),
    ("We will not negotiate on the subject of ballistic missiles. Only the nuclear issue would be discussed.",
     "mohammad-kazem-ale-sadeq", "Al-Ahed", date(2025, 3, 27)),
    ("Our missile systems are a red line and not up for negotiation", "ali-shamkhani", "Al Mayadeen", None),
    ("The Islamic Republic’s missile capabilities are non-negotiable", "ali-shamkhani", "Al Jazeera", None),
    ("Iran’s ballistic missile capabilities were 'never negotiable' during the latest round of contacts",
     "abbas-araghchi", "Iran News", None),
]
RUSSIA = "Russia, if you’re listening, I hope you’re able to find the 30,000 emails that are missing"


def frame(statements, docs=None):
    taxonomy = load_taxonomy()
    rows = []
    for i, (text, speaker, outlet, when) in enumerate(statements):
        topic, stance, _ = classify_claim(text, "", taxonomy)
        rows.append({"claim_id": f"c{i:03d}", "doc_id": docs[i] if docs else f"d{i}", "claim_text": text,
                     "topic": topic, "stance": stance, "speaker_id": speaker, "speaker_name": speaker,
                     "speaker_affiliation": None, "outlet": outlet, "statement_date": when, "published_date": when})
    return pd.DataFrame(rows)


def clusters_of(claims):
    table, mapping = cluster_claims(claims)
    return table, dict(zip(mapping["claim_id"], mapping["cluster_id"], strict=True))


def test_one_position_of_different_statements_is_no_cluster():
    table, got = clusters_of(frame(MISSILES))
    assert table.empty and all(c is None for c in got.values())


def test_the_same_words_in_two_outlets_are_one_cluster_without_any_stance():
    claims = frame([(RUSSIA, "donald-trump", "CNN", date(2016, 7, 27)),
                    (f"“{RUSSIA.upper()}.”", "donald-trump", "Fox News", date(2016, 7, 28)),
                    (RUSSIA.replace("’", "'") + " - I think", None, "Politico", date(2016, 7, 30))])
    assert claims["stance"].isna().all()
    table, got = clusters_of(claims)
    assert len(table) == 1 and len(set(got.values())) == 1
    row = table.iloc[0]
    assert (row["n_claims"], row["n_outlets"], row["n_documents"]) == (3, 3, 3)
    assert row["outlets"] == ["CNN", "Fox News", "Politico"] and row["speakers"] == ["donald-trump"]
    assert (row["first_date"], row["last_date"]) == (date(2016, 7, 27), date(2016, 7, 30))
    assert row["grouped_by"] == "wording" and row["label"] in claims["claim_text"].tolist()
    assert validate_rows("claim_clusters", table).rejected.empty


def test_a_quote_and_its_longer_version_are_one_statement():
    short = "we will never give up our right to enrich uranium on our own soil"
    assert same_wording(wording_key(short), wording_key(f"As I said, {short.capitalize()}, whatever they offer."))
    assert not same_wording(wording_key("we will never give up"), wording_key("we will never give up on peace"))


def test_a_report_and_its_quote_in_one_article_are_one_statement_whatever_the_stance():
    claims = frame([("the country’s missiles were a “red line” and non-negotiable", "ali-shamkhani", None, None),
                    ("Our missile systems are a red line and not up for negotiation", "ali-shamkhani", None, None),
                    ("For us the missile programme is a red line", "abbas-araghchi", None, None)],
                   docs=["d1", "d1", "d1"])
    claims.loc[1, "stance"] = "threat"  # a classifier's mistake must not split the statement
    table, got = clusters_of(claims)
    assert got["c000"] == got["c001"] is not None and got["c002"] is None
    assert table.iloc[0]["grouped_by"] == "paraphrase"


def test_one_speakers_paraphrase_joins_only_close_in_time():
    text_a = "Tehran will never hand over its ballistic missile arsenal to foreign inspectors"
    text_b = "Iran would never hand its ballistic missile arsenal to the foreign inspectors"
    near = frame([(text_a, "s1", "A", date(2025, 1, 1)), (text_b, "s1", "B", date(2025, 1, 2))])
    far = frame([(text_a, "s1", "A", date(2025, 1, 1)), (text_b, "s1", "B", date(2025, 3, 2))])
    others = frame([(text_a, "s1", "A", date(2025, 1, 1)), (text_b, "s2", "B", date(2025, 1, 2))])
    assert len(clusters_of(near)[0]) == 1
    assert clusters_of(far)[0].empty and clusters_of(others)[0].empty


def test_ids_stable_across_runs_and_row_order():
    claims = frame(MISSILES + [(RUSSIA, "a", "X", date(2016, 7, 27)), (RUSSIA, "b", "Y", date(2016, 7, 28))])
    first = clusters_of(claims)[1]
    second = clusters_of(claims.sample(frac=1, random_state=3))[1]
    assert first == second and len({c for c in first.values() if c}) == 1


def test_normalise_maps_taxonomy_wording_to_names():
    taxonomy = load_taxonomy()
    assert normalise("Our missile systems are a red line", taxonomy) == "missiles non_negotiable systems"


def test_many_claims_cluster_in_bounded_time():
    # Shingle postings are capped, so a stock phrase every claim shares costs nothing.
    rng = random.Random(5)
    vocab = [f"w{i}" for i in range(3000)]
    templates = [" ".join(rng.choices(vocab, k=9)) for _ in range(2000)]
    rows = [(f"c{i}", f"d{i}", f"they said {rng.choice(templates)}", "talks", "willing", f"s{i % 500}", None, None,
             f"o{i % 40}", date(2020, 1, 1 + i % 28), None) for i in range(5_000)]
    claims = pd.DataFrame(rows, columns=["claim_id", "doc_id", "claim_text", "topic", "stance", "speaker_id",
                                         "speaker_name", "speaker_affiliation", "outlet", "statement_date",
                                         "published_date"])
    table, mapping = cluster_claims(claims)
    assert len(mapping) == 5_000 and len(table) > 100  # repeated templates
    assert table["n_claims"].sum() <= 5_000


def test_sample_run_keeps_the_missiles_position_findable(sample_con):
    row = sample_con.sql("SELECT n_speakers, first_date, last_date, speakers FROM claim_positions "
                         "WHERE position_id = 'missiles:non_negotiable'").fetchone()
    n_speakers, first, last, speakers = row
    assert n_speakers >= 6 and first.year == 2019 and last.year == 2025
    assert {"Ali Shamkhani", "Mahmoud Vaezi", "Mohammad Kazem Ale-Sadeq", "Alireza Miryousefi"} <= set(speakers)
    # ... while no cluster of the same statement holds two of them (one quote given to two
    # speakers in one article may be joined: "Shamkhani" and "Larijani" for one statement)
    officials = {"Ali Shamkhani", "Mahmoud Vaezi", "Mohammad Kazem Ale-Sadeq", "Alireza Miryousefi",
                 "Yadollah Javani", "Abbas Araghchi"}
    for (names,) in sample_con.sql("SELECT speakers FROM claim_clusters").fetchall():
        assert len(officials.intersection(names or [])) <= 1, names
    (n,) = sample_con.sql("SELECT count(*) FROM claims WHERE cluster_id IS NOT NULL AND "
                          "claim_text LIKE '%absolutely and under no condition%'").fetchone()
    assert n == 2


def _in_one_article(statements, kinds, starts):
    claims = frame(statements, docs=["d1"] * len(statements))
    claims["kind"], claims["start_char"] = kinds, starts
    return clusters_of(claims)[1]


def test_a_report_next_to_the_quote_it_renders_needs_less_in_common():
    # Fuad Hussein (sample): the report renders one sentence of a three-sentence quote
    pair = [("Baghdad opposed the use of force against Iran", "fuad-hussein", None, None),
            ("We are following the entire process. We support dialogue and negotiation. "
             "And of course we oppose any use of force against Iran", "fuad-hussein", None, None)]
    filler = [(f"The weather in city number {i} was mild", "fuad-hussein", None, None) for i in range(4)]
    adjacent = _in_one_article(pair, ["indirect", "direct"], [0, 100])
    assert adjacent["c000"] == adjacent["c001"] is not None
    # the same report and quote five claims apart are not the cue: the classifier is less sure
    apart = _in_one_article(pair[:1] + filler + pair[1:], ["indirect"] + ["direct"] * 5, [0, 10, 20, 30, 40, 50])
    assert apart["c000"] is None
    model = load_pair_model()
    near, far = (pair_features(_pair_side(pair[0][0], "indirect", 0), _pair_side(pair[1][0], "direct", rank))
                 for rank in (1, 5))
    assert model.probability(near) > model.probability(far)


def _pair_side(text, kind, rank):
    words = claim_stems(text, load_taxonomy())
    return PairSide.of(text, wording_key(text), words, load_model(), "fuad-hussein", "d1", None, kind, rank)


def test_a_rare_word_shared_weighs_more_than_a_common_one():
    model = load_model()
    assert model.weight("centrif") > model.weight("people") > 0
    assert model.overlap(frozenset({"centrif", "people"}), frozenset({"centrif", "said"})) > \
        model.overlap(frozenset({"centrif", "people"}), frozenset({"people", "said"}))
