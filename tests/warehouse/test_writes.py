"""Warehouse I/O on a real DuckDB file: generated DDL, quarantine of invalid rows, atomic writes."""
from __future__ import annotations

import json
from datetime import date

import pandas as pd
import pytest

from pipeline.schemas import columns
from pipeline.warehouse import connect, create_tables, table_ddl, write_validated


def _claim(claim_id: str, **overrides) -> dict:
    row = dict.fromkeys(columns("claims"))
    row.update(
        claim_id=claim_id, doc_id="d1", kind="direct", claim_text="We will not negotiate.",
        start_char=0, end_char=22, date_basis="published", confidence=0.9,
        published_date=date(2025, 3, 28), pipeline_version="test",
    )
    row.update(overrides)
    return row


@pytest.fixture
def con(tmp_path):
    con = connect(tmp_path / "w.duckdb")
    create_tables(con)
    yield con
    con.close()


def test_ddl_comes_from_the_models():
    create, *comments = table_ddl("claims")
    assert "claim_id VARCHAR PRIMARY KEY" in create and "statement_date DATE" in create
    assert any("COMMENT ON COLUMN claims.cue" in c for c in comments)


def test_invalid_rows_are_quarantined_and_the_rest_written(con):
    frame = pd.DataFrame([
        _claim("good"),
        _claim("bad-kind", kind="rumour"),
        _claim("bad-confidence", confidence=1.7),
        _claim("bad-offsets", end_char=5),
    ])
    stats = write_validated(con, [("claims", "doc_id", ["d1"], frame)], run_id="run-1")
    assert stats["claims"] == {"written": 1, "rejected": 3}
    assert con.sql("SELECT claim_id FROM claims").fetchall() == [("good",)]
    rejected = con.sql("SELECT row_json, check_name, failure, run_id FROM rejected_rows ORDER BY check_name").fetchall()
    ids = {json.loads(r[0])["claim_id"] for r in rejected}
    assert ids == {"bad-kind", "bad-confidence", "bad-offsets"}
    checks = " ".join(r[1] for r in rejected)
    assert "isin" in checks and "less_than_or_equal_to" in checks and "offsets_match_text" in checks
    assert {r[3] for r in rejected} == {"run-1"}


def test_a_failing_write_leaves_the_previous_rows(con):
    write_validated(con, [("claims", "doc_id", ["d1"], pd.DataFrame([_claim("first")]))], run_id="r1")

    def explode(_con):
        raise RuntimeError("crash mid-write")

    with pytest.raises(RuntimeError):
        write_validated(con, [("claims", "doc_id", ["d1"], pd.DataFrame([_claim("second")]))], run_id="r2", then=explode)
    assert con.sql("SELECT claim_id FROM claims").fetchall() == [("first",)]


def test_rewriting_the_same_rows_is_idempotent(con):
    frame = pd.DataFrame([_claim("a"), _claim("b", start_char=23, end_char=45)])
    for _ in range(2):
        write_validated(con, [("claims", "doc_id", ["d1"], frame)], run_id="r")
    assert con.sql("SELECT count(*) FROM claims").fetchone()[0] == 2
