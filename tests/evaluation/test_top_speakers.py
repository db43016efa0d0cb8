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
