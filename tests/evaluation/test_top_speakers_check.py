"""The hand check of the top speakers (tests/annotations/top_speakers_train.yaml) and the
comparison of a run with it (top_speakers --check)."""
from pathlib import Path

import yaml

from pipeline.evaluation.top_speakers import changes, verdict_counts

CHECK = Path(__file__).resolve().parents[1] / "annotations" / "top_speakers_train.yaml"
VERDICTS = {"ok", "wrong_merge", "missed_merge", "not_a_speaker"}


def test_the_hand_check_gives_each_of_the_50_a_verdict_and_a_reason():
    checked = yaml.safe_load(CHECK.read_text(encoding="utf-8"))
    speakers = checked["speakers"]
    assert len(speakers) == 50 and len({s["id"] for s in speakers}) == 50
    assert all(s["verdict"] in VERDICTS and s["reason"] for s in speakers)
    assert sum(verdict_counts(checked).values()) == 50


def test_a_run_is_compared_with_the_hand_check():
    checked = {"speakers": [{"id": "a", "name": "A", "claims": 3, "documents": 2, "verdict": "ok"},
                            {"id": "b", "name": "B", "claims": 2, "documents": 1, "verdict": "wrong_merge"},
                            {"id": "c", "name": "C", "claims": 1, "documents": 1, "verdict": "ok"}]}
    run = [{"id": "a", "name": "A", "claims": 3, "documents": 2}, {"id": "b", "name": "B", "claims": 1, "documents": 1},
           {"id": "d", "name": "D", "claims": 1, "documents": 1}]
    assert changes(run, checked) == [
        "changed: B [b] claims 2 -> 1, documents 1 -> 1 (was wrong_merge)",
        "gone from the top: C [c] (ok)",
        "new, not checked: D [d] claims 1",
    ]
