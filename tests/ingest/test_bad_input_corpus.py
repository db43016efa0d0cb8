"""The sample corpus, every kind of bad input (tests/fixtures/bad_inputs) and the
reader's 33 kinds of awkward input (tests/fixtures/inputs: encodings, binaries, empty
pages, broken JSON, ...) in one raw folder, through real Dagster runs, with the warehouse, its snapshot and the
dashboard kept in that folder too: every file is accounted for, the sample's claims
are all there, and a second run changes nothing."""
from __future__ import annotations

import shutil

import pytest

from tests.helpers import ROOT, SAMPLE_DIR, meta, query, run, tables
from tests.ingest.bad_inputs import make_bad_inputs

CLAIM_KEY = "doc_id, kind, claim_text, start_char, end_char"
READER_INPUTS = ROOT / "tests" / "fixtures" / "inputs"


@pytest.fixture(scope="module")
def corpus_run(tmp_path_factory):
    raw = tmp_path_factory.mktemp("bad_corpus") / "raw"
    shutil.copytree(SAMPLE_DIR, raw)
    expected = make_bad_inputs(raw)
    shutil.copytree(READER_INPUTS, raw / "inputs")
    warehouse = raw / "redline.duckdb"  # the warehouse, its snapshot and dashboard inside the raw folder
    first = run(raw, warehouse, raise_on_error=False)
    return raw, warehouse, expected, first


def test_the_run_completes_with_every_file_accounted_for(corpus_run):
    _, warehouse, expected, first = corpus_run
    assert first.success
    checks = {e.check_name: e.passed for e in first.get_asset_check_evaluations()}
    assert checks["every_file_accounted_for"] is True
    statuses = dict(query(warehouse, "SELECT source_path, status FROM source_files"))
    sample = {p.name for p in SAMPLE_DIR.iterdir()}
    awkward = {f"inputs/{p.name}" for p in READER_INPUTS.iterdir()}
    assert set(statuses) == sample | awkward | {e.name for e in expected}  # nothing redline wrote became an input
    for name in awkward:  # each a document or an error row that says why not
        assert statuses[name] in {"document", "error"}, (name, statuses[name])
    for item in expected:
        kinds = sorted(k for (k,) in query(warehouse, "SELECT error_kind FROM ingest_errors WHERE source_file = ?",
                                           [item.name]))
        docs = query(warehouse, "SELECT count(*) FROM documents d JOIN (SELECT unnest(doc_ids) AS doc_id "
                                "FROM source_files WHERE source_path = ?) USING (doc_id)", [item.name])[0][0]
        assert (docs > 0, kinds) == (item.document, sorted(item.errors)), item.name


def test_the_samples_claims_are_all_there(corpus_run, sample_run):
    _, warehouse, _, _ = corpus_run
    _, sample_warehouse, _ = sample_run
    sample_claims = set(query(sample_warehouse, f"SELECT {CLAIM_KEY} FROM claims"))
    assert sample_claims and sample_claims <= set(query(warehouse, f"SELECT {CLAIM_KEY} FROM claims"))


def test_a_second_run_is_a_no_op(corpus_run):
    raw, warehouse, _, _ = corpus_run
    before, rejected = tables(warehouse), query(warehouse, "SELECT count(*) FROM rejected_rows")
    second = run(raw, warehouse)
    ingest = meta(second, "raw_documents")
    assert (ingest["files_new"], ingest["files_changed"], ingest["files_deleted"]) == (0, 0, 0)
    assert meta(second, "documents")["documents_cleaned"] == 0
    assert tables(warehouse) == before
    assert query(warehouse, "SELECT count(*) FROM rejected_rows") == rejected


@pytest.mark.parametrize("config", [{"raw_dir": "missing"}, {"raw_dir": "a file"}, {"batch_size": 0}])
def test_a_misconfigured_run_fails_before_anything_is_touched(copied, config):
    raw, warehouse = copied
    before = tables(warehouse)
    if config.get("raw_dir") == "missing":
        raw = raw.parent / "raw_mistyped"
    elif config.get("raw_dir") == "a file":
        raw = next(raw.iterdir())
    result = run(raw, warehouse, raise_on_error=False, **{k: v for k, v in config.items() if k != "raw_dir"})
    assert not result.success
    assert tables(warehouse) == before
