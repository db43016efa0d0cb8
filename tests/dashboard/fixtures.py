"""A small, realistic warehouse shared by the marts and dashboard tests.

Not a test module itself (it defines no tests); the tests import from it.
Rows follow the sample corpus in data/raw: two documents, one near-duplicate
of the first, and a speaker whose stance on talks changes.
"""
from __future__ import annotations

from datetime import date, datetime

import duckdb
import pandas as pd

from pipeline.warehouse import create_tables
from pipeline.warehouse.marts import create_marts

XSS_SCRIPT = "<script>alert(1)</script>"
XSS_IMG = "<img src=x onerror=\"document.title='pwned'\">"

DOCUMENTS = [
    dict(doc_id="d_alahed", source_path="000_6f1e587edc738ead.txt", title="Envoy: Iran's Ballistic Missile Capabilities Not Negotiable",
         outlet="Al-Ahed News", url=None, published_date=date(2025, 3, 28)),
    dict(doc_id="d_aljaz", source_path="002_0c4851bab53c4404.txt", title="Iran says missile programme non-negotiable as Tehran, Washington eye talks",
         outlet="Al Jazeera", url="https://www.aljazeera.com/news/2026/2/11/iran-missiles", published_date=date(2025, 4, 2)),
    # A syndicated copy of d_alahed: its claims must not be counted again.
    dict(doc_id="d_copy", source_path="005_copy.txt", title="Envoy: Iran's Ballistic Missile Capabilities Not Negotiable",
         outlet="Agencies", url=None, published_date=date(2025, 3, 29), duplicate_of="d_alahed"),
]

CLAIMS = [
    dict(claim_id="c1", doc_id="d_alahed", kind="direct", speaker_id="s_shamkhani", speaker_name="Ali Shamkhani",
         speaker_role="adviser to the Supreme Leader", speaker_affiliation="Iran", statement_date=date(2025, 3, 26),
         date_basis="relative", topic="missiles", stance="non_negotiable", cluster_id="k_redline",
         claim_text="Our missile systems are a red line and not up for negotiation"),
    dict(claim_id="c2", doc_id="d_alahed", kind="indirect", speaker_id="s_rouhani", speaker_name="Hassan Rouhani",
         speaker_role="President", speaker_affiliation="Iran", statement_date=date(2025, 3, 27), date_basis="explicit",
         topic="talks", stance="conditional", condition="if it lifts the sanctions",
         claim_text="Iran is ready to hold negotiations with Washington if it lifts the sanctions"),
    dict(claim_id="c3", doc_id="d_aljaz", kind="direct", speaker_id="s_rouhani", speaker_name="Hassan Rouhani",
         speaker_role="President", speaker_affiliation="Iran", statement_date=date(2025, 4, 2), date_basis="published",
         topic="talks", stance="willing", claim_text="We are ready for talks with all our strength"),
    dict(claim_id="c4", doc_id="d_aljaz", kind="direct", speaker_id="s_shamkhani", speaker_name="Ali Shamkhani",
         speaker_role="adviser to the Supreme Leader", speaker_affiliation="Iran", statement_date=date(2025, 4, 2),
         date_basis="published", topic="missiles", stance="non_negotiable", cluster_id="k_redline",
         claim_text="The Islamic Republic's missile capabilities are non-negotiable"),
    dict(claim_id="c5", doc_id="d_copy", kind="direct", speaker_id="s_shamkhani", speaker_name="Ali Shamkhani",
         speaker_role="adviser to the Supreme Leader", speaker_affiliation="Iran", statement_date=date(2025, 3, 26),
         date_basis="relative", topic="missiles", stance="non_negotiable", cluster_id="k_redline",
         claim_text="Our missile systems are a red line and not up for negotiation"),
]

CLUSTERS = [
    dict(cluster_id="k_redline", label="Our missile systems are a red line and not up for negotiation", topic="missiles",
         stance="non_negotiable", n_claims=3, n_speakers=1, n_outlets=3, first_date=date(2025, 3, 26), last_date=date(2025, 4, 2)),
]

SPEAKERS = [
    dict(speaker_id="s_shamkhani", name="Ali Shamkhani", aliases=["Shamkhani"], roles=["adviser to the Supreme Leader"],
         affiliation="Iran", first_seen=date(2025, 3, 26), last_seen=date(2025, 4, 2), n_claims=2, n_documents=2),
    dict(speaker_id="s_rouhani", name="Hassan Rouhani", aliases=["Rouhani"], roles=["President"],
         affiliation="Iran", first_seen=date(2025, 3, 27), last_seen=date(2025, 4, 2), n_claims=2, n_documents=2),
]


def _document(row: dict) -> dict:
    defaults = dict(source_format="txt", byline=None, language="en", duplicate_of=None, raw_chars=1000, clean_chars=900,
                    text="", ingested_at=datetime(2025, 4, 3), pipeline_version="test")
    return defaults | row


def _claim(row: dict, documents: dict[str, dict]) -> dict:
    doc = documents[row["doc_id"]]
    defaults = dict(cue="said", speaker_mention=row.get("speaker_name"), condition=None, confidence=0.9, cluster_id=None,
                    published_date=doc["published_date"], outlet=doc["outlet"], pipeline_version="test",
                    speaker_name_in_doc=row.get("speaker_name"), start_char=0)
    return defaults | {"end_char": len(row["claim_text"])} | row


def insert(con: duckdb.DuckDBPyConnection, table: str, rows: list[dict]) -> None:
    """Insert dict rows by column name; columns left out are NULL."""
    if not rows:
        return
    frame = pd.DataFrame(rows)  # noqa: F841 (read by DuckDB's replacement scan)
    con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM frame")


def fill_warehouse(con: duckdb.DuckDBPyConnection, documents=DOCUMENTS, claims=CLAIMS) -> None:
    """Create the tables and the marts, and insert the given rows."""
    create_tables(con)
    docs = {d["doc_id"]: _document(d) for d in documents}
    insert(con, "documents", list(docs.values()))
    insert(con, "claims", [_claim(c, docs) for c in claims])
    insert(con, "claim_clusters", CLUSTERS)
    insert(con, "speakers", SPEAKERS)
    create_marts(con)


def hostile_rows() -> tuple[list[dict], list[dict]]:
    """A document and claim whose title, speaker and text carry HTML payloads."""
    doc = dict(doc_id="d_xss", source_path="evil\"><b>.txt", title=f"Breaking {XSS_SCRIPT}", outlet=XSS_IMG,
               url="javascript:alert(1)", published_date=date(2025, 4, 3))
    claim = dict(claim_id="c_xss", doc_id="d_xss", kind="direct", speaker_id="s_xss", speaker_name=f"Mr {XSS_IMG}",
                 speaker_affiliation="</script><!--", statement_date=date(2025, 4, 3), date_basis="explicit",
                 topic="sanctions", stance="threat", claim_text=f"We warn {XSS_SCRIPT} and {XSS_IMG}")
    return [doc], [claim]


def sample_warehouse(hostile: bool = False) -> duckdb.DuckDBPyConnection:
    """An in-memory warehouse with the sample rows (and the hostile ones if asked)."""
    con = duckdb.connect()
    docs, claims = hostile_rows() if hostile else ([], [])
    fill_warehouse(con, DOCUMENTS + docs, CLAIMS + claims)
    return con


def gap_rows() -> tuple[list[dict], list[dict]]:
    """A document with no date and its claim: a claim no time axis can place."""
    doc = dict(doc_id="d_undated", source_path="undated.txt", title="Undated statement", outlet="Press TV", url=None,
               published_date=None)
    claim = dict(claim_id="c_undated", doc_id="d_undated", kind="direct", speaker_id="s_rouhani",
                 speaker_name="Hassan Rouhani", speaker_role="President", speaker_affiliation="Iran",
                 statement_date=None, date_basis="published", topic="talks", stance="willing",
                 claim_text="=HYPERLINK(\"http://evil.example\") we are ready")
    return [doc], [claim]


def add_unreadable_files(con: duckdb.DuckDBPyConnection) -> None:
    """Two input files that could not be read, as ingest records them."""
    seen = datetime(2025, 4, 3, 9, 30)
    files = [dict(source_path=p, content_hash="x", size_bytes=0, mtime_ns=0, status="error", doc_ids=[],
                  first_seen=seen, last_seen=seen) for p in ("empty.txt", f"bad {XSS_SCRIPT}.json")]
    insert(con, "source_files", files)
    insert(con, "ingest_errors", [
        dict(source_path="empty.txt", error_kind="empty", message="the file is empty", seen_at=seen),
        dict(source_path=f"bad {XSS_SCRIPT}.json", error_kind="invalid_json", message=f"cut off {XSS_IMG}",
             seen_at=seen),
    ])


def gaps_warehouse() -> duckdb.DuckDBPyConnection:
    """The sample rows plus an undated claim and two unreadable files."""
    con = duckdb.connect()
    docs, claims = gap_rows()
    fill_warehouse(con, DOCUMENTS + docs, CLAIMS + claims)
    add_unreadable_files(con)
    return con
