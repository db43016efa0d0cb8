"""The mart views on a handful of realistic rows."""
from __future__ import annotations

from datetime import date

import pytest

from pipeline.warehouse.marts import create_marts, mart_order, mart_sql_files
from tests.dashboard.fixtures import sample_warehouse

VIEWS = {"claims_timeline", "speaker_stances", "topic_stance_daily", "stance_changes", "claim_positions"}


@pytest.fixture
def con():
    con = sample_warehouse()
    yield con
    con.close()


def rows(con, sql: str) -> list[dict]:
    cur = con.execute(sql)
    names = [d[0] for d in cur.description]
    return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]


def test_one_file_per_view_and_timeline_first():
    files = mart_sql_files()
    assert {f.stem for f in files} == VIEWS
    assert mart_order(files)[0].stem == "claims_timeline"


def test_create_marts_is_idempotent(con):
    assert set(create_marts(con)) == VIEWS


def test_every_view_and_column_is_documented(con):
    views = rows(con, "SELECT view_name, comment FROM duckdb_views() WHERE NOT internal")
    assert {v["view_name"] for v in views if v["comment"]} >= VIEWS
    undocumented = rows(con, f"""
        SELECT table_name, column_name FROM duckdb_columns()
        WHERE table_name IN {tuple(VIEWS)} AND comment IS NULL""")
    assert undocumented == []


def test_timeline_excludes_duplicate_documents_and_links_source(con):
    timeline = rows(con, "SELECT * FROM claims_timeline")
    assert [r["claim_id"] for r in timeline] == ["c1", "c2", "c3", "c4"]  # by date, then claim_id
    by_id = {r["claim_id"]: r for r in timeline}
    assert by_id["c1"]["source_link"] == "000_6f1e587edc738ead.txt"
    assert by_id["c3"]["source_link"].startswith("https://www.aljazeera.com/")
    assert by_id["c1"]["outlet"] == "Al-Ahed News"


def test_speaker_stances_first_and_latest(con):
    stances = {(r["speaker_name"], r["topic"]): r for r in rows(con, "SELECT * FROM speaker_stances")}
    rouhani = stances[("Hassan Rouhani", "talks")]
    assert (rouhani["first_stance"], rouhani["latest_stance"]) == ("conditional", "willing")
    assert (rouhani["first_date"], rouhani["latest_date"]) == (date(2025, 3, 27), date(2025, 4, 2))
    assert rouhani["stance_changed"] and rouhani["n_claims"] == 2
    shamkhani = stances[("Ali Shamkhani", "missiles")]
    assert shamkhani["n_claims"] == 2  # the duplicate's copy is not counted
    assert not shamkhani["stance_changed"]


def test_stance_changes_has_both_statements(con):
    changes = rows(con, "SELECT * FROM stance_changes WHERE change_kind = 'speaker'")
    assert len(changes) == 1
    change = changes[0]
    assert (change["actor"], change["topic"]) == ("Hassan Rouhani", "talks")
    assert (change["previous_stance"], change["stance"]) == ("conditional", "willing")
    assert change["previous_claim_text"].endswith("if it lifts the sanctions")
    assert change["claim_text"] == "We are ready for talks with all our strength"
    assert change["previous_date"] < change["date"]


def test_stance_changes_by_affiliation(con):
    changes = rows(con, "SELECT * FROM stance_changes WHERE change_kind = 'affiliation'")
    assert [(c["actor"], c["topic"], c["previous_claim_id"], c["claim_id"]) for c in changes] == [
        ("Iran", "talks", "c2", "c3")
    ]


def test_topic_stance_daily_counts(con):
    daily = rows(con, "SELECT day, topic, stance, n_claims FROM topic_stance_daily")
    assert sum(r["n_claims"] for r in daily) == 4
    assert {"day": date(2025, 3, 26), "topic": "missiles", "stance": "non_negotiable", "n_claims": 1} in daily
    assert {"day": date(2025, 4, 2), "topic": "talks", "stance": "willing", "n_claims": 1} in daily
