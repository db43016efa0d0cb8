"""The learned speaker heads: what the builder keeps, and what the shipped file says."""
from __future__ import annotations

from collections import Counter

import yaml

from pipeline.datafiles import load_data
from pipeline.evaluation.speaker_heads import MIN_COUNT, write_heads


def test_write_heads_keeps_heads_seen_often_enough(tmp_path):
    out = tmp_path / "heads.yaml"
    kept = write_heads(Counter({"senator": MIN_COUNT + 5, "rally": MIN_COUNT - 1, "poll": MIN_COUNT}), out)
    assert kept == 2
    assert yaml.safe_load(out.read_text("utf-8"))["speaker_heads"] == {"poll": MIN_COUNT, "senator": MIN_COUNT + 5}


def test_the_shipped_heads_hold_people_groups_and_documents_but_no_events():
    heads = load_data("speaker_heads.yaml")["speaker_heads"]
    assert {"officials", "spokesman", "campaign", "poll", "statement"} <= set(heads)
    assert not {"rally", "meeting", "pains"} & set(heads)
    assert min(heads.values()) >= MIN_COUNT
