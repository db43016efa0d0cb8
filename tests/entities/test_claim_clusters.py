"""The same claim made again, grouped across speakers and outlets."""
import random
from datetime import date

import pandas as pd

from pipeline.enrich.taxonomy import classify_claim, load_taxonomy
from pipeline.entities.clusters import cluster_claims, normalise
from pipeline.warehouse import validate_rows

# "Missiles are non-negotiable", from six officials over seven years (sample corpus).
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
OTHERS = [
    ("his country is ready to hold negotiations with Washington if it lifts the sanctions",
     "hassan-rouhani", "Middle East Monitor", date(2019, 7, 14)),
    ("Iran would deliver a strong, decisive, and appropriate response to any aggression",
     "ali-shamkhani", "Al Mayadeen", None),
    ("uranium enrichment on Iranian soil is a legal right and a non-negotiable principle", "tehran", "Al Mayadeen", None),
    ("Zarif’s answer was wrongly interpreted", "alireza-miryousefi", "Middle East Monitor", date(2019, 7, 18)),
]


def frame(statements):
    taxonomy = load_taxonomy()
    rows = []
    for i, (text, speaker, outlet, when) in enumerate(statements):
        topic, stance, _ = classify_claim(text, "", taxonomy)
        rows.append({"claim_id": f"c{i:03d}", "claim_text": text, "topic": topic, "stance": stance,
                     "speaker_id": speaker, "outlet": outlet, "statement_date": when,
                     "published_date": when})
    return pd.DataFrame(rows)


def test_missiles_non_negotiable_is_one_cluster_across_speakers_and_years():
    claims = frame(MISSILES + OTHERS)
    table, mapping = cluster_claims(claims)
    clusters = dict(zip(mapping["claim_id"], mapping["cluster_id"], strict=True))
    missile_ids = {clusters[f"c{i:03d}"] for i in range(len(MISSILES))}
    assert len(missile_ids) == 1 and None not in missile_ids
    row = table.set_index("cluster_id").loc[missile_ids.pop()]
    assert (row["topic"], row["stance"]) == ("missiles", "non_negotiable")
    assert row["n_claims"] == 7 and row["n_speakers"] == 6 and row["n_outlets"] == 5
    assert row["first_date"] == date(2019, 7, 17) and row["last_date"] == date(2025, 3, 27)
    assert row["label"] in [m[0] for m in MISSILES]
    # claims said once stay unclustered
    for i in range(len(MISSILES), len(MISSILES) + len(OTHERS)):
        assert clusters[f"c{i:03d}"] is None
    assert len(table) == 1
    assert validate_rows("claim_clusters", table).rejected.empty


def test_different_content_in_one_block_stays_apart():
    claims = pd.DataFrame([
        {"claim_id": "a1", "claim_text": "Washington must lift the oil embargo on Venezuela", "topic": "sanctions",
         "stance": "demand"},
        {"claim_id": "a2", "claim_text": "Washington must lift the oil embargo on Venezuela now", "topic": "sanctions",
         "stance": "demand"},
        {"claim_id": "b1", "claim_text": "European banks should freeze Russian central bank reserves immediately",
         "topic": "sanctions", "stance": "demand"},
        {"claim_id": "b2", "claim_text": "European banks should freeze the Russian central bank reserves",
         "topic": "sanctions", "stance": "demand"},
    ]).assign(speaker_id=None, outlet=None, statement_date=None, published_date=None)
    table, mapping = cluster_claims(claims)
    got = dict(zip(mapping["claim_id"], mapping["cluster_id"], strict=True))
    assert got["a1"] == got["a2"] and got["b1"] == got["b2"] and got["a1"] != got["b1"]
    assert len(table) == 2


def test_ids_stable_across_runs_and_row_order():
    claims = frame(MISSILES + OTHERS)
    first = dict(zip(*cluster_claims(claims)[1].T.values, strict=True))
    second = dict(zip(*cluster_claims(claims.sample(frac=1, random_state=3))[1].T.values, strict=True))
    assert first == second


def test_no_topic_or_stance_no_cluster():
    claims = frame(OTHERS[-1:] * 3).assign(claim_id=["x1", "x2", "x3"])
    table, mapping = cluster_claims(claims)
    assert table.empty and mapping["cluster_id"].isna().all()


def test_normalise_maps_taxonomy_wording_to_names():
    taxonomy = load_taxonomy()
    assert normalise("Our missile systems are a red line", taxonomy) == "missiles non_negotiable systems"


def test_many_claims_cluster_within_blocks():
    # Blocking keeps this linear; the time it takes is the benchmark's business, not a test's.
    rng = random.Random(5)
    vocab = [f"w{i}" for i in range(3000)]
    topics = ["missiles", "nuclear", "enrichment", "sanctions", "talks", "military_action", "regional_allies"]
    stances = ["non_negotiable", "willing", "conditional", "threat", "demand"]
    templates = [" ".join(rng.choices(vocab, k=8)) for _ in range(3000)]
    rows = []
    for i in range(5_000):
        words = rng.choice(templates).split()
        rng.shuffle(words)
        rows.append((f"c{i}", " ".join(words[:7]), rng.choice(topics), rng.choice(stances), f"s{i % 500}",
                     f"o{i % 40}", date(2020, 1, 1 + i % 28), None))
    claims = pd.DataFrame(rows, columns=["claim_id", "claim_text", "topic", "stance", "speaker_id", "outlet",
                                         "statement_date", "published_date"])
    table, mapping = cluster_claims(claims)
    assert len(mapping) == 5_000 and len(table) > 100
