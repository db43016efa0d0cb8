"""A taxonomy change re-labels stored claims by itself, without parsing again."""
import shutil
from pathlib import Path

import yaml

from pipeline.enrich.classifier import load_labeller, model_path_for
from pipeline.enrich.relabel import relabel_rows
from pipeline.enrich.taxonomy import default_taxonomy_path
from tests.helpers import meta, query, run


def test_stored_features_give_the_labels_extraction_gave(sample_con):
    order = "ORDER BY doc_id, start_char, claim_id"
    rows = sample_con.sql(f"SELECT doc_id, claim_id, claim_text, cue, label_features FROM claims {order}").fetchall()
    stored = sample_con.sql(f"SELECT claim_id, topic, stance, condition FROM claims {order}").fetchall()
    again = relabel_rows(rows, load_labeller())
    assert [tuple(r) for r in again[["claim_id", "topic", "stance", "condition"]].itertuples(index=False)] == [
        tuple(None if v != v else v for v in r) for r in stored]  # NaN-free comparison
    assert sample_con.sql("SELECT count(*) FROM claims WHERE label_features IS NULL").fetchone() == (0,)
    assert sample_con.sql("SELECT count(*) FROM claims WHERE (topic IS NULL) <> (topic_confidence IS NULL)"
                          ).fetchone() == (0,)


def _without_topic(tmp_path: Path, topic: str) -> Path:
    """A copy of the packaged taxonomy (and its model) with ``topic`` removed."""
    data = yaml.safe_load(default_taxonomy_path().read_text("utf-8"))
    data["topics"] = [t for t in data["topics"] if t["name"] != topic]
    path = tmp_path / "edited.yaml"
    path.write_text(yaml.safe_dump(data, sort_keys=False), "utf-8")
    shutil.copyfile(model_path_for(default_taxonomy_path()), model_path_for(path))
    return path


def test_a_taxonomy_change_relabels_claims_without_parsing(copied, tmp_path):
    raw, warehouse = copied
    before = query(warehouse, "SELECT claim_id, topic FROM claims ORDER BY claim_id")
    parsed_at = query(warehouse, "SELECT doc_id, processed_at FROM document_extractions ORDER BY doc_id")
    assert any(topic == "missiles" for _, topic in before)

    result = run(raw, warehouse, taxonomy=str(_without_topic(tmp_path, "missiles")))

    assert meta(result, "claims")["documents_processed"] == 0  # no document parsed again
    assert query(warehouse, "SELECT doc_id, processed_at FROM document_extractions ORDER BY doc_id") == parsed_at
    labels = meta(result, "claim_labels")
    assert labels["claims_relabelled"] == len(before) and labels["classifier_stale"] is True
    after = query(warehouse, "SELECT claim_id, topic FROM claims ORDER BY claim_id")
    assert [c for c, _ in after] == [c for c, _ in before]
    assert not any(topic == "missiles" for _, topic in after)
    assert query(warehouse, "SELECT count(DISTINCT labels_digest) FROM document_extractions") == [(1,)]

    # Unchanged since: nothing to re-label.
    again = run(raw, warehouse, taxonomy=str(tmp_path / "edited.yaml"))
    assert meta(again, "claim_labels")["claims_relabelled"] == 0
