"""Operations (issue 6), on real DuckDB files, real Dagster runs and real spaCy:
incremental runs keyed by content, a warehouse held by other processes, a
read-only snapshot for readers, runs killed with SIGKILL, observability and
spaCy on two processes."""
from __future__ import annotations

import multiprocessing
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb
import pytest
from dagster import AssetSelection, DagsterInstance, materialize

from tests.conftest import ROOT

PYTHON = sys.executable


# --------------------------------------------------------------------------- helpers

def run(raw: Path, warehouse: Path, instance=None, raise_on_error: bool = True, lock_attempts: int = 8,
        selection=None, **config):
    """Materialise every asset and check of the code location into ``warehouse``."""
    from assets.definitions import defs
    from assets.resources import RedlineConfig, RedlineWarehouse
    from pipeline.nlp import model_name

    os.environ["REDLINE_DASHBOARD"] = str(warehouse.with_suffix(".html"))
    config = {"n_process": 1, **config}
    return materialize(
        list(defs.assets) + list(defs.asset_checks),
        selection=selection,
        instance=instance,
        raise_on_error=raise_on_error,
        resources={
            "redline": RedlineConfig(raw_dir=str(raw), spacy_model=model_name(), **config),
            "warehouse": RedlineWarehouse(database=str(warehouse), lock_attempts=lock_attempts),
        },
    )


def meta(result, asset: str) -> dict:
    """The materialisation metadata of ``asset`` in ``result``, as plain values."""
    (event,) = result.asset_materializations_for_node(asset)
    return {key: value.value for key, value in event.metadata.items()}


def query(warehouse: Path, sql: str, params=None) -> list[tuple]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return con.execute(sql, params or []).fetchall()
    finally:
        con.close()


# Tables compared across runs, minus the columns that record when a row was written.
COMPARED = {
    "documents": "doc_id, source_path, source_format, title, outlet, byline, url, published_date, language, "
                 "text, raw_chars, clean_chars, duplicate_of, pipeline_version",
    "claims": "*",
    "speakers": "*",
    "claim_clusters": "*",
    "removed_lines": "*",
    "document_extractions": "doc_id, pipeline_version, n_claims, skipped_reason",
    "source_files": "source_path, content_hash, size_bytes, status, doc_ids",
}


def tables(warehouse: Path) -> dict[str, list[tuple]]:
    con = duckdb.connect(str(warehouse), read_only=True)
    try:
        return {t: con.sql(f"SELECT {cols} FROM {t} ORDER BY ALL").fetchall() for t, cols in COMPARED.items()}
    finally:
        con.close()


FIRST = ["Abbas", "Mohammad", "Ali", "Hassan", "Javad", "Kazem", "Laura", "Marco", "Steven", "Nadia", "Omar", "Reza"]
LAST = ["Araghchi", "Shamkhani", "Baghaei", "Rostami", "Karimi", "Witkoff", "Rossi", "Nasser", "Haddad", "Moradi"]
ROLES = ["foreign minister", "spokesman", "ambassador", "envoy", "defence minister", "senator", "adviser"]
PLACES = ["Tehran", "Muscat", "Baghdad", "Geneva", "Vienna", "Doha", "Ankara", "Cairo", "Beirut", "Riyadh"]
THINGS = ["the missile programme", "uranium enrichment", "the sanctions regime", "the nuclear talks",
          "regional allies", "the ballistic arsenal", "the inspection regime", "oil exports", "the frozen assets"]
VERBS = ["would never be negotiated", "was a red line", "could be discussed if sanctions were lifted",
         "must be halted within weeks", "was ready for talks", "would face a firm response", "was not on the agenda"]
NOUNS = ["meeting", "session", "briefing", "interview", "conference", "visit", "call", "summit", "round"]


def article(i: int, sentences: tuple[int, int] = (4, 7)) -> str:
    """A distinct short news article (seeded by ``i``) with quotes and reported speech,
    varied enough that no two are near-duplicates."""
    rng = random.Random(i)
    lines = [f"date 2025-{1 + (i // 28) % 12:02d}-{1 + i % 28:02d} {rng.choice(PLACES)} {rng.choice(NOUNS)} "
             f"on {rng.choice(THINGS)}, report {i}", ""]
    for _ in range(rng.randint(*sentences)):
        who = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
        if rng.random() < 0.5:
            text = (f"\u201c{rng.choice(THINGS).capitalize()} {rng.choice(VERBS)}, and {rng.choice(THINGS)} "
                    f"{rng.choice(VERBS)},\u201d {who}, the {rng.choice(ROLES)}, told reporters in "
                    f"{rng.choice(PLACES)} after {rng.randint(2, 90)} minutes.")
        else:
            text = (f"{who}, the {rng.choice(PLACES)} {rng.choice(ROLES)}, said on Tuesday that "
                    f"{rng.choice(THINGS)} {rng.choice(VERBS)} after a {rng.choice(NOUNS)} in {rng.choice(PLACES)}, "
                    f"item {rng.randint(1, 10**6)}.")
        lines += [text, ""]
    return "\n".join(lines)


def write_articles(folder: Path, ids, **kwargs) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i in ids:
        (folder / f"gen_{i:05d}.txt").write_text(article(i, **kwargs), encoding="utf-8")


@pytest.fixture
def copied(sample_run, tmp_path):
    """A copy of the sample run: its raw folder (mtimes kept) and its warehouse."""
    raw, warehouse, _ = sample_run
    shutil.copytree(raw, tmp_path / "raw")
    shutil.copyfile(warehouse, tmp_path / "w.duckdb")
    return tmp_path / "raw", tmp_path / "w.duckdb"


# --------------------------------------------------------------------------- incremental

def test_unchanged_corpus_is_a_no_op(copied):
    raw, warehouse = copied
    before = tables(warehouse)
    result = run(raw, warehouse)
    ingest = meta(result, "raw_documents")
    assert (ingest["files_unchanged"], ingest["files_new"], ingest["files_changed"]) == (5, 0, 0)
    assert meta(result, "documents")["documents_cleaned"] == 0
    extraction = meta(result, "claims")
    assert extraction["documents_processed"] == 0
    assert extraction["documents_skipped"] == 0
    assert extraction["claims_written"] == 0
    assert tables(warehouse) == before


def test_one_new_file_is_processed_alone(copied):
    raw, warehouse = copied
    before = tables(warehouse)
    marked = dict(query(warehouse, "SELECT doc_id, processed_at FROM document_extractions"))
    write_articles(raw / "later", [7])
    with DagsterInstance.ephemeral() as instance:
        result = run(raw, warehouse, instance=instance)
        logs = [entry.user_message for entry in instance.all_logs(result.run_id)]
    ingest = meta(result, "raw_documents")
    assert (ingest["files_new"], ingest["files_unchanged"]) == (1, 5)
    assert meta(result, "documents")["documents_cleaned"] == 1
    assert meta(result, "claims")["documents_processed"] == 1
    (new_id,) = query(warehouse, "SELECT doc_id FROM documents WHERE source_path = 'later/gen_00007.txt'")[0]
    assert query(warehouse, "SELECT count(*) FROM claims WHERE doc_id = ?", [new_id])[0][0] > 0
    # the five earlier documents were not touched: same claims, same extraction markers
    after = tables(warehouse)
    old_claims = [row for row in after["claims"] if row[1] != new_id]
    assert len(old_claims) == len(before["claims"])
    assert {r[0] for r in old_claims} == {r[0] for r in before["claims"]}
    assert {k: v for k, v in query(warehouse, "SELECT doc_id, processed_at FROM document_extractions")
            if k != new_id} == marked
    # progress shows in the run's log
    assert any(re.fullmatch(r"claims: 1/1 documents done \([\d.]+ docs/s\)", m or "") for m in logs), logs


def test_changed_file_replaces_its_document_and_claims(copied):
    raw, warehouse = copied
    path = raw / "000_6f1e587edc738ead.txt"
    (old_id,) = query(warehouse, "SELECT doc_id FROM documents WHERE source_path = ?", [path.name])[0]
    old_claims = query(warehouse, "SELECT count(*) FROM claims WHERE doc_id = ?", [old_id])[0][0]
    assert old_claims > 0
    path.write_text(path.read_text() + "\n\u201cThe talks will resume in Muscat next week,\u201d "
                    "Esmaeil Baghaei told reporters on Friday.\n")
    result = run(raw, warehouse)
    assert (meta(result, "raw_documents")["files_changed"], meta(result, "raw_documents")["files_unchanged"]) == (1, 4)
    assert meta(result, "documents")["stale_documents_removed"] == 1
    assert meta(result, "claims")["documents_processed"] == 1
    for table in ("raw_documents", "documents", "claims", "removed_lines", "document_extractions",
                  "document_signatures"):
        assert query(warehouse, f"SELECT count(*) FROM {table} WHERE doc_id = ?", [old_id])[0][0] == 0, table
    (new_id,) = query(warehouse, "SELECT doc_id FROM documents WHERE source_path = ?", [path.name])[0]
    assert new_id != old_id
    texts = [r[0] for r in query(warehouse, "SELECT claim_text FROM claims WHERE doc_id = ?", [new_id])]
    assert any("talks will resume in Muscat" in t for t in texts), texts
    assert query(warehouse, "SELECT count(*) FROM documents")[0][0] == 5
    assert query(warehouse, "SELECT doc_ids FROM source_files WHERE source_path = ?", [path.name])[0][0] == [new_id]


def test_pipeline_version_bump_reprocesses_everything(copied, monkeypatch):
    raw, warehouse = copied
    import pipeline

    old = pipeline.PIPELINE_VERSION
    before = tables(warehouse)
    patched = [name for name, module in list(sys.modules.items())
               if name.split(".")[0] in ("pipeline", "assets") and getattr(module, "PIPELINE_VERSION", None) == old]
    assert {"pipeline", "assets.claims", "assets.ingest"} <= set(patched)
    for name in patched:
        monkeypatch.setattr(sys.modules[name], "PIPELINE_VERSION", "99.0.0-test")
    result = run(raw, warehouse)
    assert meta(result, "raw_documents")["files_unchanged"] == 5
    assert meta(result, "documents")["documents_cleaned"] == 5
    extraction = meta(result, "claims")
    assert extraction["documents_processed"] + extraction["documents_skipped"] == 5
    assert extraction["documents_processed"] > 0
    assert query(warehouse, "SELECT DISTINCT pipeline_version FROM claims") == [("99.0.0-test",)]
    assert query(warehouse, "SELECT DISTINCT pipeline_version FROM documents") == [("99.0.0-test",)]
    assert query(warehouse, "SELECT DISTINCT pipeline_version FROM document_extractions") == [("99.0.0-test",)]
    # same code, so the same claims: only the version column differs
    strip = lambda rows: sorted(tuple(v for v in r if v not in (old, "99.0.0-test")) for r in rows)  # noqa: E731
    assert strip(tables(warehouse)["claims"]) == strip(before["claims"])


def test_deleted_file_keeps_its_rows_and_is_marked(copied):
    raw, warehouse = copied
    gone = "004_857600040f3aad57.txt"
    (doc_id,) = query(warehouse, "SELECT doc_id FROM documents WHERE source_path = ?", [gone])[0]
    n_claims = query(warehouse, "SELECT count(*) FROM claims WHERE doc_id = ?", [doc_id])[0][0]
    content = (raw / gone).read_bytes()
    (raw / gone).unlink()
    result = run(raw, warehouse)
    assert (meta(result, "raw_documents")["files_deleted"], meta(result, "raw_documents")["files_unchanged"]) == (1, 4)
    assert meta(result, "claims")["documents_processed"] == 0
    assert query(warehouse, "SELECT status FROM source_files WHERE source_path = ?", [gone]) == [("deleted",)]
    assert query(warehouse, "SELECT count(*) FROM documents WHERE doc_id = ?", [doc_id])[0][0] == 1
    assert query(warehouse, "SELECT count(*) FROM claims WHERE doc_id = ?", [doc_id])[0][0] == n_claims
    checks = {e.check_name: e.passed for e in result.get_asset_check_evaluations()}
    assert checks["every_file_accounted_for"]
    # the file comes back: it is read again, its document is the same, no NLP
    (raw / gone).write_bytes(content)
    result = run(raw, warehouse)
    assert meta(result, "raw_documents")["files_new"] == 1
    assert meta(result, "claims")["documents_processed"] == 0
    assert query(warehouse, "SELECT status FROM source_files WHERE source_path = ?", [gone]) == [("document",)]
    assert query(warehouse, "SELECT count(*) FROM claims WHERE doc_id = ?", [doc_id])[0][0] == n_claims
