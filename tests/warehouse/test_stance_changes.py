"""The stance_changes view: changes a journalist would print (different articles,
a gap in days, confident stances), with its rule's settings."""
from __future__ import annotations

from datetime import date

import duckdb

from pipeline.settings import Settings, settings_from_env
from pipeline.warehouse.marts import create_marts, mart_parameters
from tests.dashboard.fixtures import DOCUMENTS, fill_warehouse

DOCS = DOCUMENTS + [
    dict(doc_id="d_later", source_path="006_later.txt", title="Later", outlet="Tasnim", url=None,
         published_date=date(2025, 4, 2)),
]


def claim(claim_id, doc_id, when, stance, confidence=0.9, speaker="Masoud Pezeshkian"):
    return dict(claim_id=claim_id, doc_id=doc_id, kind="direct", speaker_id=speaker.lower().replace(" ", "-"),
                speaker_name=speaker, speaker_affiliation=None, statement_date=when, date_basis="explicit",
                topic="nuclear", stance=stance, claim_text=f"statement {claim_id}", confidence=confidence)


def changes(claims, settings: Settings | None = None) -> list[tuple]:
    con = duckdb.connect()
    fill_warehouse(con, DOCS, claims)
    create_marts(con, settings=settings)
    return con.sql("SELECT previous_claim_id, claim_id, days_apart, previous_doc_id, doc_id FROM stance_changes "
                   "WHERE change_kind = 'speaker' AND topic = 'nuclear' ORDER BY claim_id").fetchall()


def test_a_change_between_two_articles_days_apart_links_both():
    got = changes([claim("p1", "d_alahed", date(2025, 3, 28), "willing"),
                   claim("p2", "d_later", date(2025, 4, 2), "non_negotiable")])
    assert got == [("p1", "p2", 5, "d_alahed", "d_later")]


def test_one_article_or_one_day_is_no_change():
    same_article = [claim("p1", "d_alahed", date(2025, 3, 27), "willing"),
                    claim("p2", "d_alahed", date(2025, 3, 29), "non_negotiable")]
    same_day = [claim("p1", "d_aljaz", date(2025, 4, 2), "willing"),
                claim("p2", "d_later", date(2025, 4, 2), "non_negotiable")]
    assert changes(same_article) == [] and changes(same_day) == []


def test_the_previous_statement_is_the_latest_one_the_gap_before():
    # p2 (same day as p3) is too close to count; p3 compares with p1 and agrees: no change.
    got = changes([claim("p1", "d_alahed", date(2025, 3, 28), "non_negotiable"),
                   claim("p2", "d_aljaz", date(2025, 4, 2), "willing"),
                   claim("p3", "d_later", date(2025, 4, 2), "non_negotiable")])
    assert got == [("p1", "p2", 5, "d_alahed", "d_aljaz")]


def test_an_unsure_stance_is_no_change_and_the_threshold_is_a_setting():
    claims = [claim("p1", "d_alahed", date(2025, 3, 28), "willing", confidence=0.4),
              claim("p2", "d_later", date(2025, 4, 2), "non_negotiable")]
    assert changes(claims) == []
    assert len(changes(claims, Settings(stance_confidence=0.3))) == 1


def test_the_gap_is_a_setting():
    claims = [claim("p1", "d_alahed", date(2025, 3, 28), "willing"),
              claim("p2", "d_later", date(2025, 4, 2), "non_negotiable")]
    assert changes(claims, Settings(stance_change_days=6)) == []
    assert len(changes(claims, Settings(stance_change_days=5))) == 1


def test_settings_come_from_the_environment_and_the_view_comment_states_the_rule():
    settings = settings_from_env({"REDLINE_STANCE_CHANGE_DAYS": "3", "REDLINE_STANCE_CONFIDENCE": "0.7"})
    assert (settings.stance_change_days, settings.stance_confidence) == (3, 0.7)
    con = duckdb.connect()
    fill_warehouse(con, DOCS, [])
    create_marts(con, settings=settings)
    (comment,) = con.sql("SELECT comment FROM duckdb_views() WHERE view_name = 'stance_changes'").fetchone()
    column = mart_parameters(con)["stance_confidence"]
    assert "at least 3 day(s) apart" in comment and "confidence >= 0.7" in comment and column in comment


def test_a_real_run_keeps_to_the_rule(sample_con):
    rows = sample_con.sql("SELECT days_apart, previous_doc_id, doc_id, previous_source_link, source_link, "
                          "previous_stance_confidence, stance_confidence FROM stance_changes").fetchall()
    for days, previous_doc, doc, previous_link, link, previous_conf, conf in rows:
        assert days >= 1 and previous_doc != doc and previous_link and link
        assert previous_conf >= 0.5 and conf >= 0.5
