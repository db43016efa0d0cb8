"""The dashboard page without a browser: escaping, embedding and the file write."""
from __future__ import annotations

import json
import re

import duckdb
import pytest

from pipeline.dashboard import render_dashboard, write_dashboard
from pipeline.dashboard.embed import safe_href, script_json
from tests.dashboard.fixtures import XSS_IMG, XSS_SCRIPT, fill_warehouse, sample_warehouse


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
    # Only our own three script elements open and close.
    assert page.count("<script") == 3 and page.count("</script>") == 3


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
    assert page.count('<tr data-topic=') == 5  # 4 sample claims (duplicate left out) + the hostile one


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

    short = [{"day": date(2025, 3, 1), "topic": "talks", "stance": "willing", "n_claims": 1},
             {"day": date(2025, 3, 28), "topic": "talks", "stance": "willing", "n_claims": 2}]
    assert period_of(short)[0] == "day"
    long = short + [{"day": date(2019, 7, 18), "topic": "missiles", "stance": "non_negotiable", "n_claims": 4}]
    figure = timeline_figure(long, "topic")
    assert {tuple(bar.x) for bar in figure.data} == {("2019-07", "2025-03")}
    assert [list(bar.y) for bar in figure.data] == [[4, 0], [0, 3]]
