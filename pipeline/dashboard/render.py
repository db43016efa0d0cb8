"""Render the dashboard page from the mart views."""
from __future__ import annotations

import secrets
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import jinja2
from plotly.offline import get_plotlyjs

from pipeline.dashboard.charts import dashboard_figures
from pipeline.dashboard.colors import stance_color, topic_color
from pipeline.dashboard.data import dashboard_data
from pipeline.dashboard.embed import safe_href, script_json

HERE = Path(__file__).parent


def _environment() -> jinja2.Environment:
    # autoescape=True everywhere: every article string in the page is escaped.
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE), autoescape=True, undefined=jinja2.StrictUndefined
    )
    env.globals.update(stance_color=stance_color, topic_color=topic_color, safe_href=safe_href)
    return env


def _asset(name: str) -> str:
    return (HERE / name).read_text(encoding="utf-8")


def _choices(rows: list[dict], key: str) -> list[str]:
    return sorted({r[key] for r in rows if r[key]})


def render_page(data: dict, generated_at: datetime) -> str:
    """The HTML page for ``data`` as returned by ``dashboard_data``."""
    figures = {key: fig.to_plotly_json() for key, fig in dashboard_figures(data).items()}
    template = _environment().get_template("template.html")
    return template.render(
        data=data,
        filters={k: _choices(data["claims"], k) for k in ("topic", "stance", "speaker_name")},
        generated_at=generated_at.strftime("%Y-%m-%d %H:%M UTC"),
        # A fresh nonce lets the CSP allow our scripts and nothing injected.
        nonce=secrets.token_urlsafe(16),
        css=_asset("style.css"),
        app_js=_asset("app.js"),
        plotly_js=get_plotlyjs(),
        figures_json=script_json(figures),
    )


def render_dashboard(con: duckdb.DuckDBPyConnection, generated_at: datetime | None = None) -> str:
    """A self-contained HTML dashboard of the warehouse (no network needed to view it)."""
    return render_page(dashboard_data(con), generated_at or datetime.now(UTC))
