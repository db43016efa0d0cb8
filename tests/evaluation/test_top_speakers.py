"""The top-speakers listing used to check speaker identity by hand (issue 16)."""
import pandas as pd

from pipeline.evaluation.top_speakers import top_speakers


def test_lists_each_speaker_with_the_names_its_claims_came_under():
    claims = pd.DataFrame({
        "claim_id": ["a#0", "a#1", "b#0"], "doc_id": ["a", "a", "b"],
        "speaker_name": ["Donald Trump", "Donald Trump", "Trump"], "speaker_mention": ["Trump", "he", "Mr. Trump"],
        "speaker_role": [None] * 3, "speaker_affiliation": [None] * 3,
        "statement_date": [None] * 3, "published_date": [None] * 3,
    })
    lines = top_speakers(claims, top=5)
    assert lines[0].startswith(" 1. Donald Trump [donald-trump] claims 3")
    assert "('Donald Trump', 2)" in lines[2] and "('Trump', 1)" in lines[2]


def test_a_kept_extraction_is_read_again_only_under_its_own_key(tmp_path):
    from pipeline.evaluation.top_speakers import cached_claims

    path, made = tmp_path / "claims.parquet", []

    def extract():
        made.append(1)
        return pd.DataFrame({"claim_id": [f"a#{len(made)}"], "speaker_name": ["Ann Lee"]})

    first = cached_claims(path, extract, key="k1")
    assert cached_claims(path, extract, key="k1").equals(first) and len(made) == 1  # kept: read, not made
    again = cached_claims(path, extract, key="k2")  # another extraction: stale, made again and kept
    assert len(made) == 2 and again["claim_id"].tolist() == ["a#2"]
    assert cached_claims(path, extract, key="k2")["claim_id"].tolist() == ["a#2"] and len(made) == 2


def test_the_extraction_key_follows_the_split_and_the_limit():
    from pipeline.evaluation.top_speakers import extraction_key

    assert extraction_key("train", None) == extraction_key("train", None)
    assert len({extraction_key("train", None), extraction_key("dev", None), extraction_key("train", 5)}) == 3
