"""The dashboard page without a browser: escaping, embedding and the file write."""
from __future__ import annotations

import json
import re

import duckdb
import pytest

from pipeline.dashboard import render_dashboard, write_dashboard
from pipeline.dashboard.embed import safe_href, script_json
from tests.dashboard.fixtures import XSS_IMG, XSS_SCRIPT, fill_warehouse, gaps_warehouse, sample_warehouse


@pytest.fixture(scope="module")
def page() -> str:
    con = sample_warehouse(hostile=True)
    yield render_dashboard(con)
    con.close()


def test_page_is_self_contained(page):
    assert "Plotly" in page
    assert not re.search(r"<(script|link)[^>]+(src|href)=", page)  # nothing loaded from elsewhere
    assert "Content-Security-Policy" in page


def test_quotes_names_and_titles_are_escaped(page):
    for payload in (XSS_SCRIPT, XSS_IMG, "</script><!--"):
        assert payload not in page
    assert "We warn &lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Mr &lt;img src=x onerror=" in page
    assert "Breaking &lt;script&gt;alert(1)&lt;/script&gt;" in page
    # Only our own script elements open and close: four JSON blocks (Plotly's template, the
    # figures, the speaker figures, the claims), Plotly and the page's own.
    assert page.count("<script") == 6 and page.count("</script>") == 6


def test_embedded_json_cannot_break_out(page):
    blob = re.search(r'<script type="application/json" id="dashboard-figures">(.*?)</script>', page, re.S).group(1)
    assert "<" not in blob and ">" not in blob
    figures = json.loads(blob)
    assert set(figures) == {"chart-topics", "chart-stances", "chart-matrix"}
    assert any("&lt;img" in str(y) for trace in figures["chart-matrix"]["data"] for y in trace["y"])


def test_only_web_links_are_links(page):
    assert 'href="javascript:' not in page
    assert 'href="https://www.aljazeera.com/news/2026/2/11/iran-missiles"' in page
    assert safe_href("javascript:alert(1)") is None and safe_href("data:text/html,x") is None
    assert safe_href(" https://example.org/a ") == "https://example.org/a"


def test_script_json_escapes_markup():
    value = {"a": "</script><!-- & \u2028"}
    text = script_json(value)
    assert not set("<>&\u2028") & set(text)
    assert json.loads(text) == value


def test_sections_show_the_sample_claims(page):
    for text in ("Our missile systems are a red line and not up for negotiation", "Stance changes",
                 "Repeated claims", "000_6f1e587edc738ead.txt", "Hassan Rouhani"):
        assert text in page
    assert page.count('<tr data-i=') == 5  # 4 sample claims (duplicate left out) + the hostile one


def test_empty_warehouse_renders():
    con = duckdb.connect()
    fill_warehouse(con, documents=[], claims=[])
    assert "No claims in the warehouse yet" in render_dashboard(con)


def test_write_dashboard_is_atomic_and_reports(tmp_path):
    con = sample_warehouse()
    target = tmp_path / "out" / "dashboard.html"
    meta = write_dashboard(con, target)
    assert meta == {"path": str(target.resolve()), "n_claims": 4, "size": target.stat().st_size}
    assert [p.name for p in target.parent.iterdir()] == ["dashboard.html"]  # no temp file left
    write_dashboard(con, target)  # overwriting works


def test_long_spans_are_counted_per_month():
    from datetime import date

    from pipeline.dashboard.charts import period_of, timeline_figure
    from pipeline.dashboard.colors import page_colors

    short = [{"day": date(2025, 3, 1), "topic": "talks", "stance": "willing", "n_claims": 1},
             {"day": date(2025, 3, 28), "topic": "talks", "stance": "willing", "n_claims": 2}]
    assert period_of(short)[0] == "day"
    long = short + [{"day": date(2019, 7, 18), "topic": "missiles", "stance": "non_negotiable", "n_claims": 4}]
    colors = page_colors(["talks", "missiles"], [], ["talks", "missiles"], [])
    figure = timeline_figure(long, "topic", colors, ["talks", "missiles"])
    assert {tuple(bar.x) for bar in figure.data} == {("2019-07", "2025-03")}
    # Traces in taxonomy order (talks first), each in its own colour.
    assert [bar.name for bar in figure.data] == ["talks", "missiles"]
    assert [list(bar.y) for bar in figure.data] == [[0, 3], [4, 0]]
    assert [bar.marker.color for bar in figure.data] == [colors.topic("talks"), colors.topic("missiles")]


@pytest.fixture(scope="module")
def gaps_page() -> str:
    con = gaps_warehouse()
    yield render_dashboard(con)
    con.close()


def test_left_out_claims_and_files_are_counted_where_they_are_missing(gaps_page):
    assert "1 of 5 claims have no date" in gaps_page  # above the charts that leave it out
    assert '<b>2</b>files unreadable' in gaps_page
    assert "2 input file(s) could not be read" in gaps_page
    assert "the file is empty" in gaps_page and "bad &lt;script&gt;alert(1)&lt;/script&gt;.json" in gaps_page
    assert "cut off &lt;img src=x" in gaps_page
    assert "1 undated, not on the chart" in gaps_page  # Rouhani's page


def test_every_speaker_has_a_page_with_topics_and_sources(gaps_page):
    for name in ("Ali Shamkhani", "Hassan Rouhani"):
        assert f"<h3>{name}</h3>" in gaps_page
    rouhani = gaps_page[gaps_page.index("<h3>Hassan Rouhani</h3>"):]
    rouhani = rouhani[:rouhani.index("</article>")]
    assert "Stance per topic" in rouhani and "changed" in rouhani  # conditional, then willing, on talks
    assert "https://www.aljazeera.com/news/2026/2/11/iran-missiles" in rouhani and "Press TV" in rouhani
    figures = json.loads(re.search(r'id="speaker-figures">(.*?)</script>', gaps_page, re.S).group(1))
    assert set(figures) == {"speaker-chart-0", "speaker-chart-1"}


def test_the_csv_export_has_every_row_of_the_table(gaps_page):
    blob = json.loads(re.search(r'id="claims-data">(.*?)</script>', gaps_page, re.S).group(1))
    assert blob["columns"][:3] == ["claim_id", "claim_date", "speaker_name"]
    assert len(blob["rows"]) == gaps_page.count("<tr data-i=") == 5
    assert {row[0] for row in blob["rows"]} == {"c1", "c2", "c3", "c4", "c_undated"}


def test_colours_follow_the_taxonomy_and_never_repeat():
    from pipeline.dashboard.colors import NONE_COLOR, PALETTE, assign, page_colors

    colors = assign(["enrichment", "missiles", "talks"], ["talks", "emails", "(none)"])
    assert [colors[t] for t in ("enrichment", "missiles", "talks")] == list(PALETTE[:3])
    assert colors["(none)"] == NONE_COLOR and colors["emails"] == PALETTE[3]  # not in the taxonomy: after it
    many = assign([f"topic{i}" for i in range(60)], [])
    assert len(set(many.values())) == len(many)  # past the palette, still one colour each
    page = page_colors([], ["threat", "willing", "warning"], [], ["warning"])
    assert page.stance("threat") == "#8e44ad" and page.stance("warning") not in {"#8e44ad", "#27ae60", NONE_COLOR}


def test_a_prolific_speaker_shows_their_newest_claims(monkeypatch):
    from pipeline.dashboard import data

    monkeypatch.setattr(data, "SPEAKER_CLAIMS", 1)
    con = gaps_warehouse()
    pages = {p["name"]: p for p in data.dashboard_data(con)["speakers"]}
    page = render_dashboard(con)
    con.close()
    rouhani = pages["Hassan Rouhani"]
    assert rouhani["n_claims"] == 3 and [c["claim_id"] for c in rouhani["claims"]] == ["c3"]  # the newest dated
    assert "The newest 1 of 3 statements" in page
