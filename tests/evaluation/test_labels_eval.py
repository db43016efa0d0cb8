"""The tune half's confusion tables (python -m pipeline.evaluation.labels --devcorpus)."""
from types import SimpleNamespace

from pipeline.evaluation.labels import confusions


def _row(gold_topic, gold_stance, topic, stance):
    claim = SimpleNamespace(topic=topic, stance=stance, topic_confidence=0.9 if topic else None,
                            stance_confidence=0.8 if stance else None, claim_text="we will not negotiate")
    return {"page": "iran-01", "gold": {"topic": gold_topic, "stance": gold_stance}, "claim": claim}


def test_misses_are_told_apart_by_kind():
    rows = [_row("talks", "willing", "talks", "willing"), _row("talks", None, None, None),
            _row(None, None, "trade", "demand"), _row("nuclear", "threat", "talks", "demand")]
    out = confusions(rows)
    assert out["topic_right"] == "1/4" and out["stance_right"] == "2/4"
    assert out["topic_misses"] == {"label_for_none": 1, "none_for_label": 1, "label_for_label": 1}
    assert out["stance_misses"] == {"label_for_none": 1, "none_for_label": 0, "label_for_label": 1}
    assert "gold nuclear -> talks: 1" in out["topic_confusions"]
    assert len(out["misses"]) == 3 and "got talks(0.9)/demand(0.8)" in out["misses"][-1]
