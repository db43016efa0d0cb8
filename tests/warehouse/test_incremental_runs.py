"""Incremental runs against a real DuckDB file, through the stages' run functions
(no Dagster): a new, changed or deleted file, and a version bump, touch only
what they must."""
from __future__ import annotations

import shutil
import sys

import pytest

from tests.helpers import query, run_stages, tables, write_articles

CHANGED = "000_6f1e587edc738ead.txt"
GONE = "004_857600040f3aad57.txt"


@pytest.fixture(scope="module")
def staged(tmp_path_factory):
    """The sample corpus run once through every stage into a warehouse."""
    from tests.helpers import SAMPLE_DIR

    base = tmp_path_factory.mktemp("staged")
    shutil.copytree(SAMPLE_DIR, base / "raw")
    run_stages(base / "raw", base / "w.duckdb")
    return base


@pytest.fixture
def corpus(staged, tmp_path):
    """A private copy of the staged raw folder (mtimes kept) and warehouse."""
    shutil.copytree(staged / "raw", tmp_path / "raw")
    shutil.copyfile(staged / "w.duckdb", tmp_path / "w.duckdb")
    return tmp_path / "raw", tmp_path / "w.duckdb"


def test_unchanged_corpus_is_a_no_op(corpus):
    raw, warehouse = corpus
    before = tables(warehouse)
    stats = run_stages(raw, warehouse)
    ingest = stats["raw_documents"]
    assert (ingest["files_unchanged"], ingest["files_new"], ingest["files_changed"]) == (5, 0, 0)
    assert stats["documents"]["documents_cleaned"] == 0
    assert (stats["claims"]["documents_processed"], stats["claims"]["claims_written"]) == (0, 0)
    assert "skipped" in stats["speakers"] and "skipped" in stats["claim_clusters"]
    assert tables(warehouse) == before


def test_one_new_file_is_processed_alone(corpus):
    raw, warehouse = corpus
    before = tables(warehouse)
    marked = dict(query(warehouse, "SELECT doc_id, processed_at FROM document_extractions"))
    write_articles(raw / "later", [7])
    stats = run_stages(raw, warehouse)
    assert (stats["raw_documents"]["files_new"], stats["raw_documents"]["files_unchanged"]) == (1, 5)
    assert stats["documents"]["documents_cleaned"] == 1
    assert stats["claims"]["documents_processed"] == 1
    (new_id,) = query(warehouse, "SELECT doc_id FROM documents WHERE source_path = 'later/gen_00007.txt'")[0]
    assert query(warehouse, "SELECT count(*) FROM claims WHERE doc_id = ?", [new_id])[0][0] > 0
    # the five earlier documents were not touched: same claims, same extraction markers
    old_claims = [row for row in tables(warehouse)["claims"] if row[1] != new_id]
    assert {r[0] for r in old_claims} == {r[0] for r in before["claims"]}
    assert {k: v for k, v in query(warehouse, "SELECT doc_id, processed_at FROM document_extractions")
            if k != new_id} == marked


def test_changed_file_replaces_its_document_and_claims(corpus):
    raw, warehouse = corpus
    path = raw / CHANGED
    (old_id,) = query(warehouse, "SELECT doc_id FROM documents WHERE source_path = ?", [CHANGED])[0]
    path.write_text(path.read_text() + "\n\u201cThe talks will resume in Muscat next week,\u201d "
                    "Esmaeil Baghaei told reporters on Friday.\n")
    stats = run_stages(raw, warehouse)
    assert (stats["raw_documents"]["files_changed"], stats["raw_documents"]["files_unchanged"]) == (1, 4)
    assert stats["documents"]["stale_documents_removed"] == 1
    assert stats["claims"]["documents_processed"] == 1
    for table in ("raw_documents", "documents", "claims", "removed_lines", "document_extractions",
                  "document_signatures"):
        assert query(warehouse, f"SELECT count(*) FROM {table} WHERE doc_id = ?", [old_id])[0][0] == 0, table
    (new_id,) = query(warehouse, "SELECT doc_id FROM documents WHERE source_path = ?", [CHANGED])[0]
    texts = [r[0] for r in query(warehouse, "SELECT claim_text FROM claims WHERE doc_id = ?", [new_id])]
    assert any("talks will resume in Muscat" in t for t in texts), texts
    assert query(warehouse, "SELECT doc_ids FROM source_files WHERE source_path = ?", [CHANGED])[0][0] == [new_id]
    # the speakers step saw the new claims: every claim has its speaker id again
    assert query(warehouse, "SELECT count(*) FROM claims WHERE speaker_name IS NOT NULL AND speaker_id IS NULL") == [(0,)]


def test_pipeline_version_bump_reprocesses_everything(corpus, monkeypatch):
    raw, warehouse = corpus
    import pipeline

    old = pipeline.PIPELINE_VERSION
    before = tables(warehouse)
    patched = [name for name, module in list(sys.modules.items())
               if name.split(".")[0] == "pipeline" and getattr(module, "PIPELINE_VERSION", None) == old]
    assert {"pipeline", "pipeline.clean.run_clean", "pipeline.extract.run_extract"} <= set(patched)
    for name in patched:
        monkeypatch.setattr(sys.modules[name], "PIPELINE_VERSION", "99.0.0-test")
    stats = run_stages(raw, warehouse)
    assert stats["raw_documents"]["files_unchanged"] == 5
    assert stats["documents"]["documents_cleaned"] == 5
    assert stats["claims"]["documents_processed"] + stats["claims"]["documents_skipped"] == 5
    for table in ("claims", "documents", "document_extractions"):
        assert query(warehouse, f"SELECT DISTINCT pipeline_version FROM {table}") == [("99.0.0-test",)], table
    # same code, so the same claims: only the version column differs
    strip = lambda rows: sorted(tuple(v for v in r if v not in (old, "99.0.0-test")) for r in rows)  # noqa: E731
    assert strip(tables(warehouse)["claims"]) == strip(before["claims"])


def test_deleted_file_keeps_its_rows_and_comes_back_without_nlp(corpus):
    raw, warehouse = corpus
    (doc_id,) = query(warehouse, "SELECT doc_id FROM documents WHERE source_path = ?", [GONE])[0]
    n_claims = query(warehouse, "SELECT count(*) FROM claims WHERE doc_id = ?", [doc_id])[0][0]
    content = (raw / GONE).read_bytes()
    (raw / GONE).unlink()
    stats = run_stages(raw, warehouse)
    assert (stats["raw_documents"]["files_deleted"], stats["raw_documents"]["files_unchanged"]) == (1, 4)
    assert stats["claims"]["documents_processed"] == 0
    assert query(warehouse, "SELECT status FROM source_files WHERE source_path = ?", [GONE]) == [("deleted",)]
    assert query(warehouse, "SELECT count(*) FROM claims WHERE doc_id = ?", [doc_id])[0][0] == n_claims
    (raw / GONE).write_bytes(content)
    stats = run_stages(raw, warehouse)
    assert stats["raw_documents"]["files_new"] == 1 and stats["claims"]["documents_processed"] == 0
    assert query(warehouse, "SELECT status FROM source_files WHERE source_path = ?", [GONE]) == [("document",)]
    assert query(warehouse, "SELECT count(*) FROM claims WHERE doc_id = ?", [doc_id])[0][0] == n_claims


def test_cleared_extractions_get_their_speaker_ids_back(corpus):
    """Clearing document_extractions re-extracts every claim with no speaker_id:
    the speakers step must rebuild, not skip on an unchanged fingerprint."""
    raw, warehouse = corpus
    import duckdb

    con = duckdb.connect(str(warehouse))
    con.execute("DELETE FROM document_extractions")
    con.close()
    run_stages(raw, warehouse)
    assert query(warehouse, "SELECT count(*) FROM claims WHERE speaker_name IS NOT NULL AND speaker_id IS NULL") == [(0,)]
    assert query(warehouse, "SELECT count(*) FROM claims WHERE speaker_id IS NOT NULL")[0][0] > 0
