"""Render the dashboard page from the mart views."""
from __future__ import annotations

import secrets
from datetime import UTC, datetime
from pathlib import Path

import duckdb
import jinja2
from plotly.offline import get_plotlyjs

from pipeline.dashboard.charts import dashboard_figures, plotly_template, speaker_figure_json
from pipeline.dashboard.colors import Colors, page_colors
from pipeline.dashboard.data import dashboard_data
from pipeline.dashboard.embed import safe_href, script_json

HERE = Path(__file__).parent
# What the CSV export of the claims table holds, column by column.
CSV_COLUMNS = ["claim_id", "claim_date", "speaker_name", "speaker_role", "speaker_affiliation", "topic", "stance",
               "kind", "claim_text", "outlet", "title", "url", "source_path"]


def label_order(taxonomy: str | Path | None = None) -> dict[str, list[str]]:
    """Topic and stance names in the order the taxonomy lists them."""
    from pipeline.enrich.taxonomy import load_taxonomy

    loaded = load_taxonomy(taxonomy)
    return {"topic": [t.name for t in loaded.topics], "stance": loaded.stance_names}


def _environment(colors: Colors) -> jinja2.Environment:
    # autoescape=True everywhere: every article string in the page is escaped.
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE), autoescape=True, undefined=jinja2.StrictUndefined
    )
    env.globals.update(stance_color=colors.stance, topic_color=colors.topic, safe_href=safe_href)
    return env


def _asset(name: str) -> str:
    return (HERE / name).read_text(encoding="utf-8")


def _choices(rows: list[dict], key: str, order: list[str] | None = None) -> list[str]:
    found = {r[key] for r in rows if r[key]}
    order = order or []
    return [v for v in order if v in found] + sorted(found - set(order))


def _colors(data: dict, order: dict[str, list[str]]) -> Colors:
    topics = {r["topic"] for r in data["daily"]} | {r["topic"] for r in data["claims"]}
    stances = {r["stance"] for r in data["daily"]} | {r["stance"] for r in data["claims"]}
    return page_colors(order["topic"], order["stance"], topics - {None}, stances - {None})


def _without_template(figure: dict) -> dict:
    """The figure without Plotly's default template: the page carries it once and every
    chart draws with it (it was 7 KB a speaker page)."""
    return {**figure, "layout": {k: v for k, v in figure["layout"].items() if k != "template"}}


def render_page(data: dict, generated_at: datetime, order: dict[str, list[str]] | None = None) -> str:
    """The HTML page for ``data`` as returned by ``dashboard_data``, labels in taxonomy ``order``."""
    order = order or label_order()
    colors = _colors(data, order)
    figures = {key: _without_template(fig.to_plotly_json())
               for key, fig in dashboard_figures(data, colors, order).items()}
    speakers = {f"speaker-chart-{i}": _without_template(speaker_figure_json(page["claims"], colors, order["topic"]))
                for i, page in enumerate(data["speakers"])}
    template = _environment(colors).get_template("template.html")
    return template.render(
        data=data,
        filters={k: _choices(data["claims"], k, order.get(k)) for k in ("topic", "stance", "speaker_name")},
        # A name in the claims table links to that speaker's page (the first, if two share a name).
        speaker_page={name: i for i, name in reversed(list(enumerate(p["name"] for p in data["speakers"])))},
        generated_at=generated_at.strftime("%Y-%m-%d %H:%M UTC"),
        # A fresh nonce lets the CSP allow our scripts and nothing injected.
        nonce=secrets.token_urlsafe(16),
        css=_asset("style.css"),
        app_js=_asset("app.js"),
        plotly_js=get_plotlyjs(),
        template_json=script_json(plotly_template()),
        figures_json=script_json(figures),
        speaker_figures_json=script_json(speakers),
        claims_json=script_json({"columns": CSV_COLUMNS, "rows": [[c[k] for k in CSV_COLUMNS] for c in data["claims"]]}),
    )


def render_dashboard(con: duckdb.DuckDBPyConnection, generated_at: datetime | None = None,
                     taxonomy: str | Path | None = None) -> str:
    """A self-contained HTML dashboard of the warehouse (no network needed to view it)."""
    return render_page(dashboard_data(con), generated_at or datetime.now(UTC), label_order(taxonomy))
