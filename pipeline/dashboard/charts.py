"""The Plotly figures of the dashboard.

Plotly renders a subset of HTML in labels and hover text, so every string from
the articles is HTML-escaped before it goes into a figure (Plotly shows the
entities as the original characters).
"""
from __future__ import annotations

import html
from collections import defaultdict
from functools import lru_cache

import plotly.graph_objects as go
import plotly.io as pio

from pipeline.dashboard.colors import Colors

DAILY_SPAN_DAYS = 92
_FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"


def esc(value) -> str:
    # quote=False: Plotly turns &lt; &gt; &amp; back into characters but shows &quot; as is.
    return html.escape("" if value is None else str(value), quote=False)


def _layout(fig: go.Figure, title: str, height: int, legend_on_top: bool = True) -> go.Figure:
    # The legend sits between the title and the plot, so no tick label (months at an
    # angle, long speaker names) can ever run into it.
    legend = ({"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0, "xanchor": "left"} if legend_on_top
              else {"orientation": "h", "yanchor": "top", "y": -0.01})
    fig.update_layout(
        title={"text": esc(title), "x": 0, "y": 0.98, "yanchor": "top", "font": {"size": 15}},
        height=height,
        margin={"l": 10, "r": 10, "t": 80 if legend_on_top else 40, "b": 10},
        font={"family": _FONT, "size": 12, "color": "#2c3e50"},
        paper_bgcolor="white",
        plot_bgcolor="white",
        legend=legend,
    )
    fig.update_xaxes(gridcolor="#ecf0f1", automargin=True)
    fig.update_yaxes(gridcolor="#ecf0f1", automargin=True)
    return fig


def period_of(daily: list[dict]):
    """Bucket days by day for a short corpus, by month for a long one, so bars stay visible."""
    days = [row["day"] for row in daily]
    if days and (max(days) - min(days)).days > DAILY_SPAN_DAYS:
        return "month", lambda day: day.strftime("%Y-%m")
    return "day", lambda day: day.isoformat()


def timeline_figure(daily: list[dict], by: str, colors: Colors, order: list[str]) -> go.Figure:
    """Stacked claim counts per period, one bar segment per topic or per stance, in
    taxonomy ``order``.

    The x axis lists only periods with claims (a category axis): a corpus with
    years between its articles would otherwise squeeze every bar to a hairline.
    Its categories start with the ISO date, which the page's date filter compares.
    """
    color = colors.stance if by == "stance" else colors.topic
    unit, period = period_of(daily)
    series: dict[str, dict] = defaultdict(lambda: defaultdict(int))
    for row in daily:
        series[row[by]][period(row["day"])] += row["n_claims"]
    periods = sorted({p for counts in series.values() for p in counts})
    fig = go.Figure()
    for name in sorted(series, key=lambda n: (n not in order, order.index(n) if n in order else 0, n)):
        fig.add_bar(x=periods, y=[series[name].get(p, 0) for p in periods], name=esc(name), marker_color=color(name))
    fig.update_layout(barmode="stack", bargap=0.3, meta={"unit": unit})
    fig.update_xaxes(type="category", categoryorder="array", categoryarray=periods)
    fig.update_yaxes(title_text="claims", rangemode="tozero")
    return _layout(fig, f"Claims per {unit} by {by}", 360)


def matrix_figure(matrix: list[dict], colors: Colors) -> go.Figure:
    """Speaker x topic: a marker per pair, coloured by the latest stance.

    Diamonds mark pairs where the speaker changed stance; size grows with the
    number of claims.
    """
    fig = go.Figure()
    speakers = sorted({r["speaker_name"] for r in matrix}, reverse=True)  # A at the top
    for stance in sorted({r["latest_stance"] for r in matrix}):
        rows = [r for r in matrix if r["latest_stance"] == stance]
        fig.add_scatter(
            x=[esc(r["topic"]) for r in rows],
            y=[esc(r["speaker_name"]) for r in rows],
            mode="markers",
            name=esc(stance),
            marker={
                "color": colors.stance(stance),
                "size": [min(12 + 4 * r["n_claims"], 36) for r in rows],
                "symbol": ["diamond" if r["stance_changed"] else "circle" for r in rows],
                "line": {"width": 1, "color": "white"},
            },
            customdata=[_matrix_hover(r) for r in rows],
            hovertemplate="%{customdata}<extra></extra>",
            showlegend=False,
        )
        _legend_entry(fig, esc(stance), colors.stance(stance), "circle")
    if any(r["stance_changed"] for r in matrix):
        _legend_entry(fig, "stance changed", "#7f8c8d", "diamond")
    fig.update_yaxes(categoryorder="array", categoryarray=[esc(s) for s in speakers])
    fig.update_xaxes(categoryorder="category ascending", side="top")
    return _layout(fig, "Latest stance per speaker and topic", 130 + 30 * max(len(speakers), 3), legend_on_top=False)


def _legend_entry(fig: go.Figure, name: str, color: str, symbol: str) -> None:
    # An empty trace, so the legend shows a plain marker whatever the points look like.
    fig.add_scatter(x=[None], y=[None], mode="markers", name=name, hoverinfo="skip",
                    marker={"color": color, "size": 11, "symbol": symbol})


def _matrix_hover(row: dict) -> str:
    first = f"{esc(row['first_stance'])} ({esc(row['first_date'])})"
    latest = f"{esc(row['latest_stance'])} ({esc(row['latest_date'])})"
    moved = f"<br>first: {first}" if row["stance_changed"] else ""
    return (
        f"<b>{esc(row['speaker_name'])}</b> on {esc(row['topic'])}<br>"
        f"latest: {latest}{moved}<br>{row['n_claims']} claim(s)"
    )


def speaker_figure(claims: list[dict], colors: Colors, topic_order: list[str]) -> go.Figure:
    """One speaker's dated statements: a marker per claim at its date and topic, coloured
    by stance; hover shows the statement."""
    fig = go.Figure()
    dated = [c for c in claims if c["claim_date"]]
    for stance in sorted({c["stance"] or "(none)" for c in dated}):
        rows = [c for c in dated if (c["stance"] or "(none)") == stance]
        fig.add_scatter(
            x=[c["claim_date"].isoformat() for c in rows], y=[esc(c["topic"] or "(none)") for c in rows],
            mode="markers", name=esc(stance), marker={"color": colors.stance(stance), "size": 12,
                                                      "line": {"width": 1, "color": "white"}},
            customdata=[f"{esc(c['claim_date'])} · {esc(c['outlet'] or '')}<br>{esc(_short(c['claim_text']))}" for c in rows],
            hovertemplate="%{customdata}<extra></extra>",
        )
    topics = {c["topic"] or "(none)" for c in dated}
    ordered = [t for t in topic_order if t in topics] + sorted(topics - set(topic_order))
    fig.update_yaxes(type="category", categoryorder="array", categoryarray=[esc(t) for t in reversed(ordered)])
    fig.update_xaxes(type="date")
    return _layout(fig, "Statements over time", 150 + 34 * max(len(ordered), 2))


def speaker_figure_json(claims: list[dict], colors: Colors, topic_order: list[str]) -> dict:
    """``speaker_figure(...).to_plotly_json()``, built as plain data: Plotly's validation of
    every property took about 0.1 s a figure, most of the dashboard's time with 150 speaker
    pages; the same dict comes out (tests/dashboard/test_speaker_figure_json.py)."""
    dated = [c for c in claims if c["claim_date"]]
    traces = []
    for stance in sorted({c["stance"] or "(none)" for c in dated}):
        rows = [c for c in dated if (c["stance"] or "(none)") == stance]
        traces.append({
            "customdata": [f"{esc(c['claim_date'])} · {esc(c['outlet'] or '')}<br>{esc(_short(c['claim_text']))}"
                           for c in rows],
            "hovertemplate": "%{customdata}<extra></extra>",
            "marker": {"color": colors.stance(stance), "line": {"color": "white", "width": 1}, "size": 12},
            "mode": "markers", "name": esc(stance),
            "x": [c["claim_date"].isoformat() for c in rows], "y": [esc(c["topic"] or "(none)") for c in rows],
            "type": "scatter",
        })
    topics = {c["topic"] or "(none)" for c in dated}
    ordered = [t for t in topic_order if t in topics] + sorted(topics - set(topic_order))
    layout = {**_layout_json("Statements over time", 150 + 34 * max(len(ordered), 2)), "template": plotly_template()}
    layout["yaxis"] = {"type": "category", "categoryorder": "array",
                       "categoryarray": [esc(t) for t in reversed(ordered)], **layout["yaxis"]}
    layout["xaxis"] = {"type": "date", **layout["xaxis"]}
    return {"data": traces, "layout": layout}


def _layout_json(title: str, height: int) -> dict:
    """What ``_layout`` sets (legend on top), as plain data."""
    return {
        "title": {"font": {"size": 15}, "text": esc(title), "x": 0, "y": 0.98, "yanchor": "top"},
        "height": height, "margin": {"l": 10, "r": 10, "t": 80, "b": 10},
        "font": {"family": _FONT, "size": 12, "color": "#2c3e50"}, "paper_bgcolor": "white", "plot_bgcolor": "white",
        "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.02, "x": 0, "xanchor": "left"},
        "xaxis": {"gridcolor": "#ecf0f1", "automargin": True}, "yaxis": {"gridcolor": "#ecf0f1", "automargin": True},
    }


def plotly_template() -> dict:
    """The default template every new Figure carries (shared, never modified: only serialised)."""
    return _template_named(str(pio.templates.default))


@lru_cache(maxsize=4)
def _template_named(name: str) -> dict:
    return go.Figure().to_plotly_json()["layout"]["template"]


def _short(text: str, limit: int = 160) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "\u2026"


def dashboard_figures(data: dict, colors: Colors, order: dict[str, list[str]]) -> dict[str, go.Figure]:
    """The figures by the id of the element they are drawn in."""
    return {
        "chart-topics": timeline_figure(data["daily"], "topic", colors, order["topic"]),
        "chart-stances": timeline_figure(data["daily"], "stance", colors, order["stance"]),
        "chart-matrix": matrix_figure(data["matrix"], colors),
    }
