"""What the dashboard shows, read from the mart views with the queries in ``queries/``."""
from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import duckdb

QUERIES_DIR = Path(__file__).with_name("queries")
LATEST_CLAIMS_LIMIT = 1000  # the table is filtered in the browser; keep the page light
MATRIX_SPEAKERS = 40
SPEAKER_PAGES = 150  # the most quoted speakers get a page each
SPEAKER_CLAIMS = 300  # the newest claims of each shown on their page
ERRORS_LISTED = 100


def query(con: duckdb.DuckDBPyConnection, name: str, **params) -> list[dict]:
    """Run ``queries/<name>.sql`` and return its rows as dicts."""
    sql = (QUERIES_DIR / f"{name}.sql").read_text(encoding="utf-8")
    cur = con.execute(sql, params or None)
    columns = [d[0] for d in cur.description]
    return [dict(zip(columns, row, strict=True)) for row in cur.fetchall()]


def _sources(claims: list[dict]) -> list[dict]:
    """The articles a speaker is quoted in, newest first, with how many claims each."""
    by_doc: dict[str, dict] = {}
    for c in claims:
        doc = by_doc.setdefault(c["doc_id"], {key: c[key] for key in ("outlet", "title", "url", "source_path")}
                                | {"date": c["claim_date"], "n_claims": 0})
        doc["n_claims"] += 1
        if c["claim_date"] and (doc["date"] is None or c["claim_date"] > doc["date"]):
            doc["date"] = c["claim_date"]
    return sorted(by_doc.values(), key=lambda d: (d["date"] is None, -(d["date"].toordinal() if d["date"] else 0)))


def speaker_pages(claims: list[dict], topics: list[dict]) -> list[dict]:
    """One page per speaker (most quoted first): who, their (newest) claims, their stance per topic, their sources."""
    by_speaker: dict[str, list[dict]] = defaultdict(list)
    for c in claims:
        by_speaker[c["speaker_key"]].append(c)
    stances: dict[str, list[dict]] = defaultdict(list)
    for row in topics:
        stances[row["speaker_key"]].append(row)
    pages = []
    for key, rows in by_speaker.items():
        dates = [c["claim_date"] for c in rows if c["claim_date"]]
        latest = rows[-1]
        pages.append({
            "key": key, "name": latest["speaker_name"], "role": latest["speaker_role"],
            "affiliation": latest["speaker_affiliation"], "claims": rows, "n_claims": latest["n_total"],
            "n_undated": len(rows) - len(dates), "first_date": min(dates, default=None),
            "last_date": max(dates, default=None), "topics": stances.get(key, []), "sources": _sources(rows),
        })
    return sorted(pages, key=lambda p: (-p["n_claims"], p["name"]))


def dashboard_data(con: duckdb.DuckDBPyConnection, limit: int = LATEST_CLAIMS_LIMIT) -> dict:
    """Everything the page needs, as plain Python values."""
    return {
        "summary": query(con, "summary")[0],
        "daily": query(con, "daily_counts"),
        "matrix": query(con, "speaker_matrix", max_speakers=MATRIX_SPEAKERS),
        "claims": query(con, "latest_claims", limit=limit),
        "clusters": query(con, "repeated_claims"),
        "changes": query(con, "stance_changes"),
        "errors": query(con, "ingest_errors", limit=ERRORS_LISTED),
        "speakers": speaker_pages(query(con, "speaker_claims", max_speakers=SPEAKER_PAGES, per_speaker=SPEAKER_CLAIMS),
                                  query(con, "speaker_topics")),
    }
